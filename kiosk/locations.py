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


# The kiosk's own files per user, where the platform keeps them (platformdirs). `appauthor=False`
# keeps Windows paths one level deep (%LOCALAPPDATA%\iter-kiosk), as `report` expects.
APP_NAME = "iter-kiosk"


def user_config_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
