"""Access rights for digital objects (SPEC §6): rule parameters and policies."""

from enum import StrEnum


class Access(StrEnum):
    """What an access-rights rule (or the setting for objects without a policy) gives: allow or deny."""

    ALLOW = "allow"
    DENY = "deny"
