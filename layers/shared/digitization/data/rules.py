"""Rules in the configuration table: partition ``RULES``, one item per rule, read with one query.

Every write carries its history line (``HISTORY#rule#<id>``) in the same transaction."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactWrite

from digitization.aws import connection
from digitization.data import history
from digitization.data.conditions import on_refusal
from digitization.data.models import ConfigRecord, CounterRecord
from digitization.domain.history import ConfigChange, ConfigKind
from digitization.domain.rules import DEFAULT_RULE_ID, Rule, builtin_default_rule
from digitization.errors import NotFound, VersionConflict

RULES_PK = "RULES"
SEQUENCE_PK = "RULES#SEQUENCE"


def _record(rule: Rule) -> ConfigRecord:
    record = ConfigRecord(pk=RULES_PK, sk=rule.id, doc=rule.model_dump(mode="json", exclude={"version"}))
    if rule.version:
        record.version = rule.version
    return record


def _rule(record: ConfigRecord) -> Rule:
    return Rule.model_validate({**record.doc.as_dict(), "version": record.version or 0})


class RuleRepository:
    def all(self) -> list[Rule]:
        """Every rule in order, the default last (one query).

        Until an administrator edits it, the default rule is the built-in one (reads never write).
        """
        rules = [_rule(record) for record in ConfigRecord.query(RULES_PK, consistent_read=True)]
        if not any(rule.is_default for rule in rules):
            rules.append(builtin_default_rule())
        return sorted(rules, key=lambda r: (r.is_default, r.position))

    def get(self, rule_id: str) -> Rule:
        try:
            return _rule(ConfigRecord.get(RULES_PK, rule_id, consistent_read=True))
        except DoesNotExist:
            if rule_id == DEFAULT_RULE_ID:
                return builtin_default_rule()
            raise NotFound(f"no rule {rule_id}", field="id") from None

    def next_position(self) -> int:
        """A new, never reused position (an atomic counter), so racing creates never share one."""
        counter = CounterRecord(pk=SEQUENCE_PK, sk="position")
        counter.update(actions=[CounterRecord.value.add(1)])
        return int(counter.value) * 10

    def save(self, rule: Rule, line: ConfigChange | None) -> Rule:
        """Create or replace on the version read (VersionConflict if someone wrote in between), with
        its history line."""
        record = _record(rule)
        lost = lambda: VersionConflict(f"rule {rule.id}", field="version")  # noqa: E731
        with on_refusal(lost), TransactWrite(connection=connection()) as transaction:
            transaction.save(record, condition=None if rule.version else ConfigRecord.sk.does_not_exist())
            history.write(transaction, history.history_pk(ConfigKind.RULE, rule.id), line)
        return rule.model_copy(update={"version": record.version})

    def delete(self, rule: Rule, line: ConfigChange | None) -> None:
        lost = lambda: VersionConflict(f"rule {rule.id}", field="version")  # noqa: E731
        with on_refusal(lost), TransactWrite(connection=connection()) as transaction:
            transaction.delete(_record(rule))
            history.write(transaction, history.history_pk(ConfigKind.RULE, rule.id), line)

    def save_together(self, *changes: tuple[Rule, ConfigChange | None]) -> None:
        """Write several rules in one transaction, each on its version and with its history line
        (a reorder is never half done)."""
        lost = lambda: VersionConflict("rules " + ", ".join(r.id for r, _ in changes), field="version")  # noqa: E731
        with on_refusal(lost), TransactWrite(connection=connection()) as transaction:
            for rule, line in changes:
                transaction.save(_record(rule))
                history.write(transaction, history.history_pk(ConfigKind.RULE, rule.id), line)
