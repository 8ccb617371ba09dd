"""Where AWS may be reached from: the use cases never see botocore, boto3 or a client."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

LAYER = Path(__file__).resolve().parents[2] / "layers" / "shared" / "digitization"
SERVICES = sorted((LAYER / "service").glob("*.py"))


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


@pytest.mark.parametrize("path", SERVICES, ids=lambda p: p.name)
def test_a_use_case_imports_no_aws_library_nor_the_client_factory(path: Path) -> None:
    names = imported(path)
    assert not {n for n in names if n.split(".")[0] in {"boto3", "botocore", "pynamodb"}}
    assert not {n for n in names if n.startswith("digitization.aws")}, "clients are the edge's"
