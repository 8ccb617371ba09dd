"""PynamoDB models: how requests and configuration records sit in DynamoDB.

Table names come from the environment: ``aws.bind_models`` sets them (``table_names``) before first
use, with the one connection every model shares.
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from digitization.config import Settings


class _RequestIndex(GlobalSecondaryIndex[Any]):
    """Base of the request GSIs: a partition attribute and ``created_at`` as range key."""

    class Meta:
        projection = AllProjection()

    created_at = UnicodeAttribute(range_key=True)


class ByCreated(_RequestIndex):
    class Meta(_RequestIndex.Meta):
        index_name = "by_created"

    entity = UnicodeAttribute(hash_key=True)


class ByStatus(_RequestIndex):
    class Meta(_RequestIndex.Meta):
        index_name = "by_status"

    status = UnicodeAttribute(hash_key=True)


class ByDepartment(_RequestIndex):
    class Meta(_RequestIndex.Meta):
        index_name = "by_department"

    department = UnicodeAttribute(hash_key=True)


class ByRequester(_RequestIndex):
    class Meta(_RequestIndex.Meta):
        index_name = "by_requester"

    requester_id = UnicodeAttribute(hash_key=True)


class ByIsbn(_RequestIndex):
    class Meta(_RequestIndex.Meta):
        index_name = "by_isbn"

    isbn = UnicodeAttribute(hash_key=True)


class ByIssn(_RequestIndex):
    class Meta(_RequestIndex.Meta):
        index_name = "by_issn"

    issn = UnicodeAttribute(hash_key=True)


class ByMmsId(_RequestIndex):
    class Meta(_RequestIndex.Meta):
        index_name = "by_mms_id"

    mms_id = UnicodeAttribute(hash_key=True)


class ByBarcode(_RequestIndex):
    class Meta(_RequestIndex.Meta):
        index_name = "by_barcode"

    barcode = UnicodeAttribute(hash_key=True)


class ByApproval(_RequestIndex):
    class Meta(_RequestIndex.Meta):
        index_name = "by_approval"

    approval_state = UnicodeAttribute(hash_key=True)


class ByExpiry(GlobalSecondaryIndex[Any]):
    class Meta:
        index_name = "by_expiry"
        projection = KeysOnlyProjection()

    expiring = UnicodeAttribute(hash_key=True)
    expiration_date = UnicodeAttribute(range_key=True)


class ByPending(GlobalSecondaryIndex[Any]):
    class Meta:
        index_name = "by_pending"
        projection = KeysOnlyProjection()

    pending = UnicodeAttribute(hash_key=True)
    pending_since = UnicodeAttribute(range_key=True)


class RequestRecord(Model):
    """One digitization request: key attributes for the GSIs plus the whole request document."""

    class Meta:
        table_name = "RequestsTable"

    id = UnicodeAttribute(hash_key=True)
    entity = UnicodeAttribute(default="REQUEST")
    created_at = UnicodeAttribute()
    status = UnicodeAttribute()
    department = UnicodeAttribute(null=True)
    requester_id = UnicodeAttribute()
    isbn = UnicodeAttribute(null=True)
    issn = UnicodeAttribute(null=True)
    volume = UnicodeAttribute(null=True)
    issue = UnicodeAttribute(null=True)
    mms_id = UnicodeAttribute()
    barcode = UnicodeAttribute(null=True)
    approval_state = UnicodeAttribute(null=True)
    search_text = UnicodeAttribute(null=True)
    expiring = UnicodeAttribute(null=True)
    expiration_date = UnicodeAttribute(null=True)
    pending = UnicodeAttribute(null=True)
    pending_since = UnicodeAttribute(null=True)
    doc: MapAttribute[str, Any] = MapAttribute()
    version = VersionAttribute()

    by_created = ByCreated()
    by_status = ByStatus()
    by_department = ByDepartment()
    by_requester = ByRequester()
    by_isbn = ByIsbn()
    by_issn = ByIssn()
    by_mms_id = ByMmsId()
    by_barcode = ByBarcode()
    by_approval = ByApproval()
    by_expiry = ByExpiry()
    by_pending = ByPending()


class ConfigRecord(Model):
    """Configuration and reference data: rules, inventory, code tables, settings (pk/sk)."""

    class Meta:
        table_name = "ConfigTable"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    doc: MapAttribute[str, Any] = MapAttribute()
    expires_at = NumberAttribute(null=True)
    version = VersionAttribute()


class CounterRecord(Model):
    """An atomic counter in the configuration table (no version: increments never conflict)."""

    class Meta:
        table_name = "ConfigTable"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    value = NumberAttribute(default=0)


class PlainRecord(Model):
    """An unversioned configuration item (indexes, name reservations, sessions, history lines).

    Each write states its own condition; ``expires_at`` (epoch seconds) is the table's TTL.
    """

    class Meta:
        table_name = "ConfigTable"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    doc: MapAttribute[str, Any] = MapAttribute(null=True)
    expires_at = NumberAttribute(null=True)


class TallyRecord(Model):
    """One request's item in a compliance report row (``data/aggregates.py``): what it brings there."""

    class Meta:
        table_name = "ComplianceTable"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    row = UnicodeAttribute()
    request_id = UnicodeAttribute()
    created_at = UnicodeAttribute()
    title = UnicodeAttribute(null=True)
    total_pages = NumberAttribute(null=True)
    part: MapAttribute[str, Any] = MapAttribute(null=True)


MODELS: tuple[type[Model], ...] = (RequestRecord, ConfigRecord, CounterRecord, PlainRecord, TallyRecord)


def table_names(settings: Settings) -> dict[type[Model], str]:
    """Each model's table in this environment."""
    return {
        RequestRecord: settings.requests_table,
        ConfigRecord: settings.config_table,
        CounterRecord: settings.config_table,
        PlainRecord: settings.config_table,
        TallyRecord: settings.compliance_table,
    }
