"""Representations in the configuration table.

- ``REPRESENTATION#<id>`` / ``REPRESENTATION``: the representation (versioned).
- ``POLICY#<policy id>`` / ``REPRESENTATION#<id>``: a summary under its policy, so "find
  related digital titles" is one key query (the table has no GSI).

A create writes the representation, its summary and the policy's usage counter in one
transaction that also checks the policy exists: a policy can never be deleted while a
representation uses it, and a representation never points at a missing policy.
"""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist, PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from digitization.aws import connection
from digitization.data.access_rights import ACCESS_PK, policy_sk, usage_sk
from digitization.data.conditions import refused
from digitization.data.models import ConfigRecord, CounterRecord, PlainRecord
from digitization.domain.representations import Decisions, Representation, RepresentationSummary
from digitization.errors import Conflict, InvalidInput, NotFound

ITEM_SK = "REPRESENTATION"


def representation_pk(representation_id: str) -> str:
    return f"REPRESENTATION#{representation_id}"


def _by_policy_pk(policy_id: str) -> str:
    return f"POLICY#{policy_id}"


def _summary(representation: Representation) -> RepresentationSummary:
    return RepresentationSummary.model_validate(representation.model_dump(mode="json"))


class RepresentationRepository:
    def create(self, representation: Representation) -> Representation:
        """Store a new representation (Conflict if the id exists; 422 if its policy does not)."""
        record = ConfigRecord(
            pk=representation_pk(representation.id),
            sk=ITEM_SK,
            doc=representation.model_dump(mode="json", exclude={"version"}),
        )
        policy_id = representation.access_rights_policy_id
        try:
            with TransactWrite(connection=connection()) as transaction:
                transaction.save(record, condition=ConfigRecord.sk.does_not_exist())
                if policy_id:
                    transaction.condition_check(
                        ConfigRecord, ACCESS_PK, policy_sk(policy_id), condition=ConfigRecord.sk.exists()
                    )
                    transaction.save(
                        PlainRecord(
                            pk=_by_policy_pk(policy_id),
                            sk=f"REPRESENTATION#{representation.id}",
                            doc=_summary(representation).model_dump(mode="json"),
                        )
                    )
                    transaction.update(
                        CounterRecord(pk=ACCESS_PK, sk=usage_sk(policy_id)),
                        actions=[CounterRecord.value.add(1)],
                    )
        except TransactWriteError as exc:
            if not refused(exc):
                raise
            if policy_id and not _exists(ACCESS_PK, policy_sk(policy_id)):
                raise InvalidInput(
                    f"no access-rights policy {policy_id}", field="access_rights_policy_id"
                ) from None
            raise Conflict(f"representation {representation.id} already exists", field="id") from None
        return representation.model_copy(update={"version": record.version})

    def get(self, representation_id: str) -> Representation:
        try:
            record = ConfigRecord.get(representation_pk(representation_id), ITEM_SK, consistent_read=True)
        except DoesNotExist:
            raise NotFound(f"no representation {representation_id}", field="id") from None
        return Representation.model_validate({**record.doc.as_dict(), "version": record.version or 0})

    def publish(self, representation_id: str, decisions: Decisions | None = None) -> None:
        """Make a representation visible to patrons, keeping the decisions of the request it came from
        (idempotent; re-read and retried on a racing write)."""
        for _ in range(5):
            try:
                record = ConfigRecord.get(representation_pk(representation_id), ITEM_SK, consistent_read=True)
            except DoesNotExist:
                raise NotFound(f"no representation {representation_id}", field="id") from None
            doc = record.doc.as_dict()
            kept = decisions.model_dump(mode="json") if decisions else doc.get("decisions")
            if doc.get("published", True) and doc.get("decisions") == kept:
                return
            record.doc = {**doc, "published": True, **({"decisions": kept} if kept else {})}
            try:
                record.save()
            except PutError as exc:
                if not refused(exc):
                    raise
                continue
            return
        raise Conflict(f"representation {representation_id} kept changing; try again", field="id")

    def delete(self, representation_id: str) -> bool:
        """Remove a representation, its summary and its policy's use, in one transaction (False if gone)."""
        for _ in range(5):
            try:
                representation = self.get(representation_id)
            except NotFound:
                return False
            policy_id = representation.access_rights_policy_id
            record = ConfigRecord(pk=representation_pk(representation_id), sk=ITEM_SK)
            record.version = representation.version
            try:
                with TransactWrite(connection=connection()) as transaction:
                    transaction.delete(record)
                    if policy_id:
                        transaction.delete(
                            PlainRecord(pk=_by_policy_pk(policy_id), sk=f"REPRESENTATION#{representation_id}")
                        )
                        transaction.update(
                            CounterRecord(pk=ACCESS_PK, sk=usage_sk(policy_id)),
                            actions=[CounterRecord.value.add(-1)],
                        )
            except TransactWriteError as exc:
                if not refused(exc):
                    raise
                continue  # changed (or deleted) meanwhile: read again
            return True
        raise Conflict(f"representation {representation_id} kept changing; try again", field="id")

    def by_policy(self, policy_id: str) -> list[RepresentationSummary]:
        """The representations that use a policy (one key query)."""
        return [
            RepresentationSummary.model_validate(record.doc.as_dict())
            for record in PlainRecord.query(
                _by_policy_pk(policy_id), PlainRecord.sk.startswith("REPRESENTATION#"), consistent_read=True
            )
            if record.doc
        ]


def _exists(pk: str, sk: str) -> bool:
    try:
        ConfigRecord.get(pk, sk, consistent_read=True)
    except DoesNotExist:
        return False
    return True
