"""Fixtures for the robustness tests: content packs written into tmp_path.

The packs are built with tests/content/content_packs.py (the minimal valid pack and its broken
variants), which lives beside the content tests; its folder is put on sys.path here because
pytest only adds a test folder to the path when a test in it is collected.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

CONTENT_TESTS = Path(__file__).resolve().parent.parent / "content"
if str(CONTENT_TESTS) not in sys.path:
    sys.path.insert(0, str(CONTENT_TESTS))

from content_packs import write_minimal_pack  # noqa: E402


@pytest.fixture
def minimal_pack(tmp_path: Path) -> Path:
    """A fresh copy of the minimal valid two-screen pack, which a test may edit."""
    return write_minimal_pack(tmp_path / "pack")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data directory (where the last good copy is kept)."""
    return tmp_path / "data"
