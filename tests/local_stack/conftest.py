"""Fixtures for the local_stack tests: the real template, a tiny one, and a running local stack."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from local_stack.runner import LocalStack, Options
from local_stack.template import Template, load_template

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def real_template() -> Template:
    """The project's template.yaml, transformed."""
    return load_template(ROOT / "template.yaml", region="us-east-1")


@pytest.fixture(scope="session")
def tiny_template() -> Template:
    """The tests' own small template."""
    return load_template(FIXTURES / "template.yaml", region="us-east-1")


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    """The tiny template running in-process: moto, gateway, workers, a schedule every half second."""
    saved = dict(os.environ)
    options = Options(
        template=FIXTURES / "template.yaml",
        port=0,
        aws_port=0,
        state_dir=tmp_path_factory.mktemp("state"),
        workers=2,
        schedule_seconds=0.5,
        demo=False,
        quiet=True,
        iam=False,  # the tiny template's functions carry no policies; least privilege is tested in tests/e2e
    )
    running = LocalStack(options)
    try:
        running.start()
        yield running
    finally:
        running.stop()
        os.environ.clear()
        os.environ.update(saved)
