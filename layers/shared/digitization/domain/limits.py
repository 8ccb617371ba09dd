"""Every size bound on what the service stores, and the arithmetic that keeps each item under 400 KB.

DynamoDB refuses an item over 400 KB (409,600 bytes of attribute names and values, UTF-8). The
API bounds every text and list it accepts, in characters (a character is at most 4 bytes in
UTF-8). Where many bounded parts combine or an item grows over time, the whole is capped too:

* a digitization rule at :data:`RULE_BYTES` and an access-rights policy at :data:`POLICY_BYTES`,
  refused on save (422): the per-field bounds alone would allow far more (a rule of 50 clauses
  with 50 values of 200 characters each is 500,000 characters);
* a request, one item holding its notes, attachments, letters and whole history (decision 2):
  what staff add to it (notes, approval attachments, edits) is refused with 409 ``request_full``
  once the request would be over :data:`REQUEST_BUDGET_BYTES`; edits that carry no free text and
  keep the workflow going (CC number and dates, the expiration date, a change of digitization)
  and deletions may go :data:`WORKFLOW_RESERVE_BYTES` further; the steps that must always work
  (scan-in, next step, approve, reject, deliver, publish, cancel, expire, letters) are never
  refused and add at most :data:`TRANSITIONS_BYTES`. All three together fit in
  :data:`DYNAMODB_ITEM_BYTES`.

Sizes are measured as the JSON of what is stored, in UTF-8 (:func:`json_bytes`). That is never
less than DynamoDB's own count of the same data: a string costs its UTF-8 bytes in both, and JSON
spends quotes, a colon and a comma per element where DynamoDB spends one byte (decision 35).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from digitization.errors import RequestFull

if TYPE_CHECKING:
    from digitization.domain.requests import Request

KIB = 1024
#: DynamoDB's item size limit.
DYNAMODB_ITEM_BYTES = 400 * KIB
#: The most bytes one character takes in UTF-8: every bound in characters is 4 x that in bytes.
UTF8_MAX = 4

# -- texts and lists of a request (characters / items) ----------------------------------------------

CODE_CHARS = 64  # ids, codes, user groups, chapters, volumes
TEXT_CHARS = 500  # titles, publishers, article titles
NOTE_CHARS = 4000  # notes; approve, reject and cancel notes; attachment notes
EMAIL_CHARS = 254  # RFC 5321's longest address
URL_CHARS = 2083  # the longest URL browsers take (pydantic's HttpUrl bound)
PAGES_CHARS = 500  # "35-40, 52, 60-75": far more ranges than a request names
CHAPTERS = 200
FILE_NAME_CHARS = 200
USER_NAME_CHARS = 128  # Cognito user names: who did what, in every history line
ATTACHMENTS = 50  # approval attachments of one request
DELIVERY_FILES = 50  # files uploaded for one delivery

# -- digitization rules ----------------------------------------------------------------------------

RULE_NAME_CHARS = 200
RULE_DESCRIPTION_CHARS = 2000
RULE_CLAUSES = 50
CLAUSE_NAME_CHARS = 64
CLAUSE_TEXT_CHARS = 200  # one text value, or one value of an in_list
CLAUSE_LIST_VALUES = 50
CLAUSE_NUMBER_MAX = 1_000_000  # pages, requests, articles: no count the rules read comes near it
CLAUSE_YEARS_MAX = 9999  # {"within_last_years": N}
COLLECTION_CHARS = 200
#: A rule as stored, and so its snapshot on every request it applies to.
RULE_BYTES = 24 * KIB

# -- access-rights policies --------------------------------------------------------------------------

#: A policy as stored (50 rules x 20 parameters x 100 values x 200 characters would be 20 MB).
POLICY_BYTES = 128 * KIB

# -- a request's content budget and what the transitions add -----------------------------------------

#: Notes, attachments and edits may fill a request up to this.
REQUEST_BUDGET_BYTES = 200 * KIB
#: Beyond the budget, room for what keeps a full request workable: the CC number and dates an
#: approval needs, the expiration date, a change of digitization (each a history line of ~1 KiB
#: at worst, no free text), and a deleted note or attachment whose history line outweighs it.
WORKFLOW_RESERVE_BYTES = 8 * KIB
WORKFLOW_BUDGET_BYTES = REQUEST_BUDGET_BYTES + WORKFLOW_RESERVE_BYTES
#: The key and index attributes stored beside the request's document: ids, status, dates and
#: the lower-cased search text (title, requester id and e-mail, ISBNs, ISSN, CC number: at most
#: ~920 characters, 6 bytes each once lower-cased), about 7 KB at worst.
ITEM_OVERHEAD_BYTES = 8 * KIB

#: The applied rule kept at scan-in: the rule and, around it, its id and name once more.
SNAPSHOT_BYTES = RULE_BYTES + 1 * KIB
#: Notes of decisions, each up to NOTE_CHARS: approve (on the task and in the history) then reject
#: (task, history and the letter) is five copies; approve then cancel is four.
DECISION_NOTES_BYTES = 5 * NOTE_CHARS * UTF8_MAX
#: A delivered file, in the delivery record and again in an attachment letter: S3 key (a safe,
#: ASCII name of FILE_NAME_CHARS under its prefix), name, size and content type, twice.
DELIVERED_FILE_BYTES = 1100
DELIVERY_BYTES = DELIVERY_FILES * DELIVERED_FILE_BYTES + 1 * KIB  # + the link's key, name, token, dates
#: History lines of the transitions (the create line is part of the content): scan-in, next step, deliver,
#: two decisions, publish, complete, cancel or expire, a delivery that expired: each at most 1 KiB
#: without its note (counted above), its user name of USER_NAME_CHARS included.
HISTORY_BYTES = 12 * KIB
#: Two tasks and up to four letters (approved, delivered, rejected/cancelled/expired), each with
#: the requester's address, ids, dates and the SES message id; a letter's note and files are above.
TASKS_AND_LETTERS_BYTES = 2 * KIB + 4 * 2 * KIB
#: The most the transitions that must always work add to a request, however full it is.
TRANSITIONS_BYTES = (
    SNAPSHOT_BYTES + DECISION_NOTES_BYTES + DELIVERY_BYTES + HISTORY_BYTES + TASKS_AND_LETTERS_BYTES
)


def json_bytes(value: Any) -> int:
    """The size of ``value`` as compact JSON in UTF-8: what it takes to store, or a little more."""
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).encode())


def request_bytes(request: Request) -> int:
    """A request's size as stored: its document and the attributes beside it."""
    return json_bytes(request.model_dump(mode="json", exclude={"version"})) + ITEM_OVERHEAD_BYTES


def check_budget(before: Request, after: Request, adds: str, budget: int = REQUEST_BUDGET_BYTES) -> None:
    """Refuse a change that leaves the request over ``budget`` and larger than it was (409, naming ``adds``).

    A change that stays within the budget, or makes the request smaller, is fine.
    """
    size = request_bytes(after)
    if size <= budget or size <= request_bytes(before):
        return
    raise RequestFull(
        f"request {after.id} is full: with this change its notes, attachments and history would take "
        f"{size / KIB:.0f} KiB, over the {budget // KIB} KiB a request may hold; delete notes or "
        "attachments to make room (cancel, approve, reject and delivery still work)",
        field=adds,
    )
