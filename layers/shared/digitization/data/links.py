"""Download links in their own table: one conditional update per download, expiry by GSI."""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from digitization.aws import dynamodb as _client
from digitization.config import settings
from digitization.data.conditions import refused
from digitization.domain.links import Link, Outcome, refusal

CLEANUP = "LINK"  # the by_cleanup partition: links whose object still has to go
_serialize = TypeSerializer().serialize
_deserialize = TypeDeserializer().deserialize


def _item(values: dict[str, Any]) -> dict[str, Any]:
    return {name: _serialize(value) for name, value in values.items() if value is not None}


def _link(item: dict[str, Any] | None) -> Link | None:
    if not item:
        return None
    return Link.model_validate({name: _deserialize(value) for name, value in item.items()})


class LinkRepository:
    def create(self, link: Link, ttl: int) -> bool:
        """Store a new link (False when it exists already: issuing is idempotent per token).

        The object is removed by the cleanup job at ``expires_at``.
        """
        try:
            _client().put_item(
                TableName=settings().links_table,
                Item=_item(
                    {**link.model_dump(), "cleanup": CLEANUP, "cleanup_at": link.expires_at, "ttl": ttl}
                ),
                ConditionExpression="attribute_not_exists(#token)",
                ExpressionAttributeNames={"#token": "token"},
            )
        except ClientError as exc:
            if not refused(exc):
                raise
            return False
        return True

    def get_many(self, tokens: list[str]) -> dict[str, Link]:
        """Links by token (one BatchGetItem per 100 tokens); unknown tokens are left out."""
        found: dict[str, Link] = {}
        table = settings().links_table
        for start in range(0, len(tokens), 100):
            keys = [{"token": {"S": token}} for token in dict.fromkeys(tokens[start : start + 100])]
            request: dict[str, Any] = {table: {"Keys": keys, "ConsistentRead": True}}
            while request:
                answer = _client().batch_get_item(RequestItems=request)
                for item in answer.get("Responses", {}).get(table, []):
                    if (link := _link(item)) is not None:
                        found[link.token] = link
                request = answer.get("UnprocessedKeys") or {}
        return found

    def get(self, token: str) -> Link | None:
        """One link as it stands (a consistent read: counts nothing)."""
        answer = _client().get_item(
            TableName=settings().links_table, Key={"token": {"S": token}}, ConsistentRead=True
        )
        return _link(answer.get("Item"))

    def view(self, token: str, caller: str, now: int) -> tuple[Outcome, Link | None]:
        """Count a view, in ONE conditional update, or say why not.

        Counted only for the requester, before the expiry, below the maximum, and when no
        window of an earlier view is still open; a view opens a window of the link's
        ``reuse_seconds`` (the setting when the link was made).
        """
        try:
            answer = _client().update_item(
                TableName=settings().links_table,
                Key={"token": {"S": token}},
                UpdateExpression="SET #views = #views + :one, #window = #reuse + :now",
                ConditionExpression="#requester = :me AND #expires > :now AND #views < #max AND #window <= :now",
                ExpressionAttributeNames={
                    "#views": "views",
                    "#window": "window_until",
                    "#requester": "requester",
                    "#expires": "expires_at",
                    "#max": "max_views",
                    "#reuse": "reuse_seconds",
                },
                ExpressionAttributeValues={
                    ":one": {"N": "1"},
                    ":me": {"S": caller},
                    ":now": {"N": str(now)},
                },
                ReturnValues="ALL_NEW",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except ClientError as exc:
            if not refused(exc):
                raise
            item = exc.response.get("Item")
            before = _link(item if isinstance(item, dict) else None)
            return refusal(before, caller, now), before
        return Outcome.COUNTED, _link(answer["Attributes"])

    def clean_up_at(self, token: str, when: int) -> None:
        """Move the link's cleanup time (after its last view: when that view's window closes)."""
        _client().update_item(
            TableName=settings().links_table,
            Key={"token": {"S": token}},
            UpdateExpression="SET cleanup_at = :when",
            ConditionExpression="attribute_exists(cleanup)",
            ExpressionAttributeValues={":when": {"N": str(when)}},
        )

    def revoke(self, token: str, now: int) -> bool:
        """The request ended without approval: the link stops working and its object goes at the next cleanup.

        False when there is nothing to revoke (never issued, or already cleaned up).
        """
        try:
            _client().update_item(
                TableName=settings().links_table,
                Key={"token": {"S": token}},
                UpdateExpression="SET expires_at = :now, cleanup_at = :now",
                ConditionExpression="attribute_exists(cleanup)",
                ExpressionAttributeValues={":now": {"N": str(now)}},
            )
        except ClientError as exc:
            if not refused(exc):
                raise
            return False
        return True

    def due_for_cleanup(self, now: int) -> list[Link]:
        """Links whose object is due to go (a key query on the sparse cleanup index, all pages)."""
        found: list[Link] = []
        paginator = _client().get_paginator("query")
        for page in paginator.paginate(
            TableName=settings().links_table,
            IndexName="by_cleanup",
            KeyConditionExpression="cleanup = :link AND cleanup_at <= :now",
            ExpressionAttributeValues={":link": {"S": CLEANUP}, ":now": {"N": str(now)}},
        ):
            found += [link for item in page.get("Items", []) if (link := _link(item)) is not None]
        return found

    def cleaned(self, token: str) -> None:
        """The object is gone: take the link off the cleanup index (idempotent)."""
        _client().update_item(
            TableName=settings().links_table,
            Key={"token": {"S": token}},
            UpdateExpression="REMOVE cleanup, cleanup_at SET removed = :yes",
            ExpressionAttributeValues={":yes": {"BOOL": True}},
        )
