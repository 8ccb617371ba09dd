"""The size DynamoDB counts for an item, from its attribute values as DynamoDB JSON.

DynamoDB's rules (developer guide, "Item sizes"): an attribute costs the UTF-8 bytes of its
name plus its value; a string its UTF-8 bytes, a binary its bytes, a number about one byte per
two significant digits plus one, a boolean or null one byte; a list or map 3 bytes plus, for each
element, its value and one byte (and, in a map, the key's bytes). Numbers are rounded up here, so
the figure is never below DynamoDB's.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any


def item_bytes(item: Mapping[str, Any]) -> int:
    """The size of an item given as ``{name: {"S": ...} | {"N": ...} | ...}``."""
    return sum(len(name.encode()) + value_bytes(value) for name, value in item.items())


def value_bytes(value: Mapping[str, Any]) -> int:
    """The size of one attribute value, ``{"S": ...}``, ``{"M": {...}}`` and so on."""
    ((kind, data),) = value.items()
    if kind == "S":
        return len(str(data).encode())
    if kind == "N":
        return _number_bytes(str(data))
    if kind == "B":
        return len(data if isinstance(data, bytes) else base64.b64decode(data))
    if kind in {"BOOL", "NULL"}:
        return 1
    if kind == "L":
        return 3 + sum(1 + value_bytes(element) for element in data)
    if kind == "M":
        return 3 + sum(1 + len(key.encode()) + value_bytes(element) for key, element in data.items())
    if kind == "SS":
        return sum(len(str(element).encode()) for element in data)
    if kind == "NS":
        return sum(_number_bytes(str(element)) for element in data)
    if kind == "BS":
        return sum(value_bytes({"B": element}) for element in data)
    raise ValueError(f"not a DynamoDB attribute value: {kind}")


def _number_bytes(text: str) -> int:
    mantissa = text.lstrip("+-").lower().split("e", 1)[0].replace(".", "")
    digits = mantissa.strip("0") or "0"
    return (len(digits) + 1) // 2 + 1
