"""Hold moto to guarantees the real services give, where the emulator falls short.

- DynamoDB: moto checks a ConditionExpression and then writes the item as two
  Python steps, so two threads can both pass the check. Real DynamoDB applies a
  conditional write atomically per item, so moto's write operations are serialised
  (reads stay concurrent).
- DynamoDB transactions: moto backs a transaction up by deep-copying every table it names, items
  and all, so each transaction costs time in proportion to the tables' size (the local API slowed
  down as its tables filled). Writes being serialised, the backup is made of the items the
  transaction names, and those are put back if it is cancelled: the same outcome.
- S3: moto evaluates bucket-policy statements without their conditions, so the
  template's "deny when aws:SecureTransport is false" would deny every request. The
  emulator is a trusted loopback endpoint standing in for S3 over TLS, so those
  statements are left out of moto's evaluation (the stored policy is unchanged).
- DynamoDB and IAM: when moto enforces IAM it checks every DynamoDB call against the
  resource "*", so a policy scoped to a table's ARN (all of SAM's policy templates) allows
  nothing, and it checks a transaction as one "TransactWriteItems" action. Real DynamoDB
  checks each call against its table (and index), and a transaction item by item
  (PutItem, UpdateItem, DeleteItem, ConditionCheckItem on each item's table): so does the
  patch.
- S3 and IAM: a presigned GET or an upload by presigned POST carries its credential in the
  query string or the form, not in an Authorization header, which moto's check expects (it
  answers 500). S3 checks such a request against the signer's permissions, for the object's
  key: so does the patch (the signature itself moto never checked for presigned requests).
- CORS preflights and IAM: a browser never signs a preflight (``OPTIONS`` with
  ``Access-Control-Request-Method``); S3 answers it from the bucket's CORS rules and Cognito
  for any origin. moto, enforcing IAM, refuses it as an unsigned S3 call, and on the emulator's
  one host that includes the preflight of the web app's Cognito sign-in; the patch lets
  preflights through, and moto's S3 still applies the bucket's CORS rules to them.
"""

from __future__ import annotations

import copy
import functools
import json
import threading
from collections.abc import Callable
from typing import Any

from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import Table
from moto.s3.models import FakeBucket

WRITES = ("put_item", "update_item", "delete_item", "transact_write_items", "batch_write_item")
_lock = threading.RLock()
_MARK = "__digitization_fidelity__"
_BACKUP_MARK = "__digitization_backup_by_item__"


def apply() -> None:
    """Idempotent: every patch, for the local stack and the integration tests alike."""
    back_up_transactions_by_item()
    make_dynamodb_writes_atomic()
    evaluate_bucket_policies_as_tls()
    authorize_dynamodb_per_table()
    authorize_presigned_s3_requests()


def make_dynamodb_writes_atomic() -> None:
    """Wrap each write method of moto's DynamoDB backend in one lock."""
    for name in WRITES:
        original: Callable[..., Any] = getattr(DynamoDBBackend, name)
        if getattr(original, _MARK, False):
            continue

        def locked(*args: Any, __original: Callable[..., Any] = original, **kwargs: Any) -> Any:
            with _lock:
                return __original(*args, **kwargs)

        functools.update_wrapper(locked, original)
        setattr(locked, _MARK, True)
        setattr(DynamoDBBackend, name, locked)


_transaction = threading.local()


def _table_deepcopy(self: Table, memo: dict[int, Any]) -> Table:
    """Inside a transaction (whose backup is by item), the table itself; otherwise a deep copy as usual."""
    if getattr(_transaction, "active", False):
        return self
    clone: Any = object.__new__(type(self))
    memo[id(self)] = clone
    clone.__dict__.update(copy.deepcopy(self.__dict__, memo))
    copied: Table = clone
    return copied


def _named_items(
    backend: DynamoDBBackend, transact_items: list[dict[str, Any]]
) -> list[tuple[Table, DynamoType, DynamoType | None]]:
    """(table, hash key, range key) of every item a transaction names that a table holds a place for."""
    named = []
    for entry in transact_items:
        for op_type, op in entry.items():
            table = backend.tables.get(str(op.get("TableName"))) if isinstance(op, dict) else None
            key = (op.get("Item") if op_type == "Put" else op.get("Key")) if table is not None else None
            if table is None or not isinstance(key, dict) or table.hash_key_attr not in key:
                continue
            range_attr = table.range_key_attr
            if range_attr is not None and range_attr not in key:
                continue
            hash_value = DynamoType(key[table.hash_key_attr])
            named.append((table, hash_value, DynamoType(key[range_attr]) if range_attr else None))
    return named


def _restore(table: Table, hash_value: DynamoType, range_value: DynamoType | None, item: Item | None) -> None:
    if item is None:
        table.delete_item(hash_value, range_value)
    elif range_value is not None:
        table.items[hash_value][range_value] = item
    else:
        table.items[hash_value] = item  # type: ignore[assignment]


def back_up_transactions_by_item() -> None:
    """Back a transaction up by the items it names (writes are serialised: nothing else moves meanwhile)."""
    original: Callable[..., Any] = DynamoDBBackend.transact_write_items
    if getattr(original, _BACKUP_MARK, False) or getattr(original, _MARK, False):
        return  # done already (the write lock goes around this, so it is applied after)

    def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> Any:
        backups = [
            (table, hash_value, range_value, copy.deepcopy(table.get_item(hash_value, range_value)))
            for table, hash_value, range_value in _named_items(self, transact_items)
        ]
        _transaction.active = True
        try:
            return original(self, transact_items)
        except BaseException:
            for table, hash_value, range_value, item in reversed(backups):
                _restore(table, hash_value, range_value, item)
            raise
        finally:
            _transaction.active = False

    functools.update_wrapper(transact_write_items, original)
    setattr(transact_write_items, _BACKUP_MARK, True)
    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]
    Table.__deepcopy__ = _table_deepcopy  # type: ignore[attr-defined]


def _insecure_transport_only(statement: dict[str, Any]) -> bool:
    condition = statement.get("Condition") or {}
    flags = condition.get("Bool", {}) if isinstance(condition, dict) else {}
    return str(flags.get("aws:SecureTransport", "")).lower() == "false"


def evaluate_bucket_policies_as_tls() -> None:
    """Evaluate bucket policies as for a request over TLS: statements for insecure transport do not apply."""
    original: Callable[..., Any] = FakeBucket.get_permission
    if getattr(original, _MARK, False):
        return

    def get_permission(self: FakeBucket, action: str, resource: str) -> Any:
        from moto.iam.access_control import IAMPolicy, PermissionResult

        if self.policy is None:
            return original(self, action, resource)
        document = json.loads(self.policy.decode())
        statements = document.get("Statement", [])
        listed = statements if isinstance(statements, list) else [statements]
        kept = [s for s in listed if not _insecure_transport_only(s)]
        if not kept:
            return PermissionResult.NEUTRAL
        return IAMPolicy(json.dumps({**document, "Statement": kept})).is_action_permitted(action, resource)

    functools.update_wrapper(get_permission, original)
    setattr(get_permission, _MARK, True)
    FakeBucket.get_permission = get_permission  # type: ignore[method-assign]


#: Operations of a transaction or batch item, as IAM names them.
_ITEM_ACTIONS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
}


def _dynamodb_checks(action: str, body: dict[str, Any], region: str, account: str) -> list[tuple[str, str]]:
    """(IAM action, resource ARN) pairs one DynamoDB call needs, as DynamoDB itself checks them."""

    def table(name: str, index: str | None = None) -> str:
        arn = f"arn:aws:dynamodb:{region}:{account}:table/{name}"
        return f"{arn}/index/{index}" if index else arn

    if action == "TransactWriteItems":
        return [
            (_ITEM_ACTIONS[kind], table(detail["TableName"]))
            for item in body.get("TransactItems", [])
            for kind, detail in item.items()
        ]
    if action == "TransactGetItems":
        return [("GetItem", table(item["Get"]["TableName"])) for item in body.get("TransactItems", [])]
    if action in ("BatchWriteItem", "BatchGetItem"):
        return [(action, table(name)) for name in body.get("RequestItems", {})]
    if "TableName" in body:
        return [(action, table(body["TableName"], body.get("IndexName")))]
    return [(action, "*")]


def authorize_dynamodb_per_table() -> None:
    """Check a DynamoDB call against its tables (and a transaction item by item) when moto enforces IAM."""
    from moto import settings
    from moto.core.authorization import ActionAuthenticatorMixin
    from moto.dynamodb.responses import DynamoHandler
    from moto.iam.access_control import IAMRequest

    original: Callable[..., Any] = DynamoHandler._authenticate_and_authorize_normal_action
    if getattr(original, _MARK, False):
        return

    def authorize(self: Any, resource: str = "*") -> None:
        if ActionAuthenticatorMixin.request_count < settings.INITIAL_NO_AUTH_ACTION_COUNT:
            ActionAuthenticatorMixin.request_count += 1
            return
        action = self._get_action()
        body = json.loads(self.raw_body or b"{}") if isinstance(self.raw_body, bytes | str) else {}
        checks = _dynamodb_checks(action, body, self.region, self.current_account)
        for index, (item_action, arn) in enumerate(checks):
            request = IAMRequest(
                account_id=self.current_account,
                method=self.method,
                path=self.raw_path,
                data=self.data,
                body=self.raw_body,
                headers=self.headers,
                action=item_action,
            )
            if index == 0:
                request.check_signature()
            request.check_action_permitted(arn)

    setattr(authorize, _MARK, True)
    DynamoHandler._authenticate_and_authorize_normal_action = authorize  # type: ignore[method-assign]


def authorize_presigned_s3_requests() -> None:
    """Check a presigned S3 request against its signer's permissions, for the key it names."""
    from moto import settings
    from moto.core.authorization import ActionAuthenticatorMixin
    from moto.iam.access_control import S3IAMRequest
    from moto.s3.exceptions import S3AccessDeniedError
    from moto.s3.responses import S3Response

    original: Callable[..., Any] = S3Response._authenticate_and_authorize_s3_action
    if getattr(original, _MARK, False):
        return

    def authorize(self: Any, bucket_name: str | None = None, key_name: str | None = None) -> None:
        if self.method == "OPTIONS" and "Access-Control-Request-Method" in self.headers:
            return  # a CORS preflight: never signed; the bucket's CORS rules decide (see the docstring)
        enforcing = ActionAuthenticatorMixin.request_count >= settings.INITIAL_NO_AUTH_ACTION_COUNT
        if (
            enforcing
            and key_name is None
            and self.data.get("Action") == "DeleteObject"
            and self.is_delete_keys()
        ):
            # DeleteObjects: S3 checks s3:DeleteObject on each key, not on the bucket (moto would
            # refuse, then quietly delete nothing).
            for key in _deleted_keys(self.body):
                original(self, bucket_name=bucket_name, key_name=key)
            return
        if not enforcing or "Authorization" in self.headers:
            original(self, bucket_name=bucket_name, key_name=key_name)
            return
        query = self.querystring
        credential = (query.get("X-Amz-Credential") or query.get("x-amz-credential") or [None])[0]
        legacy = (query.get("AWSAccessKeyId") or [None])[0]  # signature version 2: the key id alone
        if not credential and legacy:
            credential = f"{legacy}/19700101/{self.region}/s3/aws4_request"
        if not credential:
            raise S3AccessDeniedError()  # anonymous: the bucket is private
        if key_name is None and "key" in query:  # an upload by presigned POST names its key in the form
            key_name = query["key"][0]
        headers = {
            **dict(self.headers),
            "Authorization": f"AWS4-HMAC-SHA256 Credential={credential}, Signature=-",
        }
        request = S3IAMRequest(
            account_id=self.current_account,
            method=self.method,
            path=self.raw_path,
            data=self.data,
            body=self.raw_body,
            headers=headers,
            action=self._get_action(),
        )
        target = f"{bucket_name or '*'}/{key_name}" if key_name else (bucket_name or "*")
        request.check_action_permitted(f"arn:aws:s3:::{target}")

    setattr(authorize, _MARK, True)
    S3Response._authenticate_and_authorize_s3_action = authorize  # type: ignore[method-assign]


def _deleted_keys(body: Any) -> list[str]:
    """The keys of a DeleteObjects request body (``<Delete><Object><Key>``...)."""
    import xml.etree.ElementTree as ElementTree  # the emulator's own loopback traffic, not untrusted input

    text = body.decode() if isinstance(body, bytes) else str(body or "")
    root = ElementTree.fromstring(text)  # noqa: S314
    return [element.text or "" for element in root.iter() if element.tag.rsplit("}", 1)[-1] == "Key"]
