"""The one file-name sanitiser: what a name may become in an S3 key or a download's file name."""

from __future__ import annotations

import re


def safe_name(file_name: str, *, spaces: bool = False, default: str = "file") -> str:
    """``file_name`` without a path, with every run of other characters than ASCII letters, digits, ``.``,
    ``_``, ``-`` (and spaces, with ``spaces``) made one ``_``, and no leading or trailing dot or
    underscore; ``default`` when nothing is left.

    Without spaces for an S3 key; with spaces for ``Content-Disposition: attachment; filename="…"``
    (nothing is left that could end the quoted string or break the header).
    """
    base = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    allowed = r"[^A-Za-z0-9._ -]+" if spaces else r"[^A-Za-z0-9._-]+"
    return re.sub(allowed, "_", base).strip("._") or default
