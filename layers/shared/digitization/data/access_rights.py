"""Access-rights policies in the configuration table, partition ``ACCESS_RIGHTS``.

- ``POLICY#<id>``: the policy (versioned); all of them are one query.
- ``NAME#<name key>``: reserves a name, written in the same transaction as the policy, so
  two policies can never share a name (case and spacing ignored).
- ``USAGE#<id>``: how many representations use the policy (an atomic counter raised in
  the representation's own create transaction); a delete requires it to be zero.
"""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from digitization.aws import connection
from digitization.data import history
from digitization.data.conditions import refused
from digitization.data.models import ConfigRecord, CounterRecord, PlainRecord
from digitization.domain.access.policies import Policy, name_key
from digitization.domain.history import ConfigChange, ConfigKind
from digitization.errors import Conflict, NotFound, VersionConflict

ACCESS_PK = "ACCESS_RIGHTS"


def policy_sk(policy_id: str) -> str:
    return f"POLICY#{policy_id}"


def usage_sk(policy_id: str) -> str:
    return f"USAGE#{policy_id}"


def _name_sk(name: str) -> str:
    return f"NAME#{name_key(name)}"


def _record(policy: Policy) -> ConfigRecord:
    record = ConfigRecord(
        pk=ACCESS_PK, sk=policy_sk(policy.id), doc=policy.model_dump(mode="json", exclude={"version"})
    )
    if policy.version:
        record.version = policy.version
    return record


def _name_record(policy: Policy) -> PlainRecord:
    return PlainRecord(
        pk=ACCESS_PK, sk=_name_sk(policy.name), doc={"policy_id": policy.id, "name": policy.name}
    )


def _history_pk(policy: Policy) -> str:
    return history.history_pk(ConfigKind.ACCESS_RIGHTS, policy.id)


def _policy(record: ConfigRecord) -> Policy:
    return Policy.model_validate({**record.doc.as_dict(), "version": record.version or 0})


class PolicyInUse(Exception):
    """A delete found representations still using the policy."""


class AccessRightsRepository:
    def all(self) -> list[Policy]:
        """Every policy (one query)."""
        return [
            _policy(record)
            for record in ConfigRecord.query(
                ACCESS_PK, ConfigRecord.sk.startswith("POLICY#"), consistent_read=True
            )
        ]

    def find(self, policy_id: str) -> Policy | None:
        try:
            return _policy(ConfigRecord.get(ACCESS_PK, policy_sk(policy_id), consistent_read=True))
        except DoesNotExist:
            return None

    def get(self, policy_id: str) -> Policy:
        policy = self.find(policy_id)
        if policy is None:
            raise NotFound(f"no access-rights policy {policy_id}", field="id")
        return policy

    def create(self, policy: Policy, line: ConfigChange | None) -> Policy:
        """The policy, its name reservation and its history line together; Conflict when the name is taken."""
        record = _record(policy)
        try:
            with TransactWrite(connection=connection()) as transaction:
                transaction.save(record, condition=ConfigRecord.sk.does_not_exist())
                transaction.save(_name_record(policy), condition=PlainRecord.sk.does_not_exist())
                history.write(transaction, _history_pk(policy), line)
        except TransactWriteError as exc:
            if refused(exc):
                self._name_taken(policy)
                raise VersionConflict(f"access-rights policy {policy.id}", field="version") from exc
            raise
        return policy.model_copy(update={"version": record.version})

    def replace(self, current: Policy, changed: Policy, line: ConfigChange | None) -> Policy:
        """Write ``changed`` over ``current`` (on its version) with its history line, moving the name
        reservation if renamed."""
        record = _record(changed.model_copy(update={"version": current.version}))
        renamed = name_key(current.name) != name_key(changed.name)
        try:
            with TransactWrite(connection=connection()) as transaction:
                transaction.save(record)
                history.write(transaction, _history_pk(changed), line)
                if renamed:
                    transaction.delete(PlainRecord(pk=ACCESS_PK, sk=_name_sk(current.name)))
                    transaction.save(_name_record(changed), condition=PlainRecord.sk.does_not_exist())
        except TransactWriteError as exc:
            if refused(exc):
                if renamed:
                    self._name_taken(changed)
                raise VersionConflict(f"access-rights policy {changed.id}", field="version") from exc
            raise
        return changed.model_copy(update={"version": record.version})

    def delete(self, policy: Policy, line: ConfigChange | None) -> None:
        """Remove the policy and its name, only while no representation uses it (PolicyInUse)."""
        try:
            with TransactWrite(connection=connection()) as transaction:
                transaction.condition_check(
                    CounterRecord,
                    ACCESS_PK,
                    usage_sk(policy.id),
                    condition=CounterRecord.value.does_not_exist() | (CounterRecord.value <= 0),
                )
                transaction.delete(_record(policy))
                transaction.delete(PlainRecord(pk=ACCESS_PK, sk=_name_sk(policy.name)))
                history.write(transaction, _history_pk(policy), line)
        except TransactWriteError as exc:
            if refused(exc):
                if self.usage(policy.id) > 0:
                    raise PolicyInUse(policy.id) from exc
                raise VersionConflict(f"access-rights policy {policy.id}", field="version") from exc
            raise
        CounterRecord(pk=ACCESS_PK, sk=usage_sk(policy.id)).delete()

    def usage(self, policy_id: str) -> int:
        try:
            return int(CounterRecord.get(ACCESS_PK, usage_sk(policy_id), consistent_read=True).value or 0)
        except DoesNotExist:
            return 0

    def _name_taken(self, policy: Policy) -> None:
        try:
            holder = PlainRecord.get(ACCESS_PK, _name_sk(policy.name), consistent_read=True)
        except DoesNotExist:
            return
        if (holder.doc.as_dict() if holder.doc else {}).get("policy_id") != policy.id:
            raise Conflict(f"an access-rights policy named {policy.name!r} already exists", field="name")
