"""Rules in the configuration table under ``RULES``."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist, PutError

from digitization.data.models import ConfigRecord
from digitization.domain.rules import DEFAULT_RULE_ID, Rule, builtin_default_rule

RULES_PK = "RULES"


class RuleRepository:
    def default_rule(self) -> Rule:
        """The stored default rule; the built-in one is stored on first use."""
        try:
            record = ConfigRecord.get(RULES_PK, DEFAULT_RULE_ID, consistent_read=True)
        except DoesNotExist:
            rule = builtin_default_rule()
            try:
                ConfigRecord(pk=RULES_PK, sk=rule.id, doc=rule.model_dump(mode="json")).save(
                    condition=ConfigRecord.sk.does_not_exist()
                )
            except PutError as exc:
                if exc.cause_response_code != "ConditionalCheckFailedException":
                    raise
                return self.default_rule()
            return rule
        return Rule.model_validate(record.doc.as_dict())
