"""Where the program's own files are (also inside a PyInstaller bundle). No Qt."""

from __future__ import annotations

import sys
from pathlib import Path


def program_root() -> Path:
    """The folder holding `assets/`, `content/` and `seeds/`."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def assets_dir() -> Path:
    return program_root() / "assets"


def seeds_dir() -> Path:
    return program_root() / "seeds"


def bundled_content_dir() -> Path:
    return program_root() / "content"
