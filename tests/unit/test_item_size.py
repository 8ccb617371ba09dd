"""DynamoDB's count of an item's size, as the repository checks it before a write."""

from __future__ import annotations

import pytest

from digitization.data.item_size import item_bytes, value_bytes


@pytest.mark.parametrize(
    ("value", "size"),
    [
        ({"S": "abc"}, 3),
        ({"S": "\U0001f4da"}, 4),
        ({"N": "7"}, 2),
        ({"N": "123456"}, 4),
        ({"N": "-0.00120"}, 2),
        ({"BOOL": True}, 1),
        ({"NULL": True}, 1),
        ({"B": b"\x00\x01"}, 2),
        ({"L": []}, 3),
        ({"L": [{"S": "ab"}, {"N": "1"}]}, 3 + (1 + 2) + (1 + 2)),
        ({"M": {"key": {"S": "value"}}}, 3 + 1 + 3 + 5),
        ({"SS": ["a", "bc"]}, 3),
    ],
)
def test_values(value: dict[str, object], size: int) -> None:
    assert value_bytes(value) == size


def test_an_item_counts_its_attribute_names() -> None:
    assert item_bytes({"id": {"S": "r1"}, "doc": {"M": {}}}) == (2 + 2) + (3 + 3)
