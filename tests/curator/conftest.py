"""Fixtures for the curators' tools: copies of the bundled pack a test may edit, and the JSON Schemas.

tests/content/content_packs.py (the minimal pack and its broken variants) is put on sys.path here,
as pytest only adds a test folder to the path when a test in it is collected.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

CONTENT_TESTS = Path(__file__).resolve().parent.parent / "content"
if str(CONTENT_TESTS) not in sys.path:
    sys.path.insert(0, str(CONTENT_TESTS))


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    """A fresh copy of the bundled content pack (content/), which a test may edit."""
    from kiosk.locations import bundled_content_dir

    return Path(shutil.copytree(bundled_content_dir(), tmp_path / "pack"))


@pytest.fixture(scope="session")
def shipped_schemas() -> dict[str, Any]:
    """The schema files as shipped in schemas/, parsed: {"exhibit": ..., "screen": ...}."""
    from kiosk.content.jsonschema import EXHIBIT_SCHEMA, SCREEN_SCHEMA, schema_dir

    return {name: json.loads((schema_dir() / file).read_text(encoding="utf-8"))
            for name, file in (("exhibit", EXHIBIT_SCHEMA), ("screen", SCREEN_SCHEMA))}
