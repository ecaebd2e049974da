"""Fixtures for the content tests: packs written into tmp_path (see content_packs.py). No Qt."""

from __future__ import annotations

from pathlib import Path

import pytest
from content_packs import write_minimal_pack


@pytest.fixture
def minimal_pack(tmp_path: Path) -> Path:
    """A fresh copy of the minimal valid two-screen pack, which a test may edit."""
    return write_minimal_pack(tmp_path / "pack")
