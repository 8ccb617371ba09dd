"""Every size bound on what the service stores, and the arithmetic that keeps each item under 400 KB.

DynamoDB refuses an item over 400 KB (409,600 bytes of attribute names and values, UTF-8). The
API bounds every text and list it accepts, in characters (a character is at most 4 bytes in
UTF-8). Where many bounded parts combine or an item grows over time, the whole is capped too:

* a digitization rule at :data:`RULE_BYTES` and an access-rights policy at :data:`POLICY_BYTES`,
  refused on save (422): the per-field bounds alone would allow far more (a rule of 50 clauses
  with 50 values of 200 characters each is 500,000 characters).

Sizes are measured as the JSON of what is stored, in UTF-8 (:func:`json_bytes`). That is never
less than DynamoDB's own count of the same data: a string costs its UTF-8 bytes in both, and JSON
spends quotes, a colon and a comma per element where DynamoDB spends one byte (decision 31).
"""

from __future__ import annotations

import json
from typing import Any

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


def json_bytes(value: Any) -> int:
    """The size of ``value`` as compact JSON in UTF-8: what it takes to store, or a little more."""
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).encode())
