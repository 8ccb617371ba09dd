"""Where the repository is, for unit tests that read its files (never the network)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
