"""Where the log goes: standard error, a rotating kiosk.log, and the last errors for the admin panel.

No Qt is imported here: the start-up line reads Qt's version only when Qt is already loaded.
Logging must never be the thing that stops an exhibit, so a log folder that cannot be written
(read-only, full disk) leaves the kiosk logging to standard error, with one warning saying so.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import platform
import sys
import time
from collections import deque
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import __version__

if TYPE_CHECKING:
    from kiosk.settings import Settings

log = logging.getLogger("kiosk")

LOG_FILE_NAME = "kiosk.log"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUPS = 5
RECENT_LIMIT = 20
# The handlers installed here carry these names, so a second setup replaces them instead of
# adding copies, and leaves other handlers (pytest's, a test's) alone.
STDERR_HANDLER, FILE_HANDLER, RECENT_HANDLER = "kiosk-stderr", "kiosk-file", "kiosk-recent-errors"


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


class RecentErrors(logging.Handler):
    """The last warnings and errors, one line each, for the admin panel's diagnostics."""

    def __init__(self, limit: int = RECENT_LIMIT) -> None:
        super().__init__(logging.WARNING)
        self.set_name(RECENT_HANDLER)
        self._lines: deque[str] = deque(maxlen=limit)
        self.count = 0  # records at ERROR or worse since the start

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = _first_line(record.getMessage())
            if record.exc_info and record.exc_info[1] is not None:
                error = record.exc_info[1]
                message += f" ({type(error).__name__}: {_first_line(str(error))})"
            stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(record.created))
            self._lines.append(f"{stamp} {record.levelname} {message}")
            if record.levelno >= logging.ERROR:
                self.count += 1
        except Exception:  # a message whose arguments do not fit its format must not end the kiosk
            self.handleError(record)

    def recent(self) -> list[str]:
        """Oldest first."""
        with self.lock:
            return list(self._lines)


class LogFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file that says once on standard error when it cannot write (a full disk)
    instead of printing a traceback for every record, and keeps trying."""

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
        self.set_name(FILE_HANDLER)
        self.failing = False
        self._failed_now = False

    def emit(self, record: logging.LogRecord) -> None:
        self._failed_now = False
        super().emit(record)  # calls handleError when writing fails
        if self.failing and not self._failed_now:
            self.failing = False
            sys.stderr.write(f"kiosk: the log file {self.baseFilename} is written again\n")

    def handleError(self, record: logging.LogRecord) -> None:
        self._failed_now = True
        if not self.failing:
            self.failing = True
            sys.stderr.write(f"kiosk: cannot write the log file {self.baseFilename} ({sys.exc_info()[1]}); "
                             "logging to standard error only until it works again\n")

    def close(self) -> None:
        with contextlib.suppress(OSError):  # the last lines cannot reach a full disk; the file is closed anyway
            super().close()


def _own_handlers(root: logging.Logger) -> dict[str, logging.Handler]:
    return {handler.name: handler for handler in root.handlers
            if handler.name in (STDERR_HANDLER, FILE_HANDLER, RECENT_HANDLER)}


def setup_logging(log_dir: Path, level: str, max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> RecentErrors:
    """Log to standard error and to `log_dir/kiosk.log` (rotated at `max_bytes`, `backups` old
    copies kept). Returns the collector of recent errors, the same one on every call."""
    root = logging.getLogger()
    root.setLevel(level.upper())
    formatter = logging.Formatter(LOG_FORMAT)
    installed = _own_handlers(root)
    for name in (STDERR_HANDLER, FILE_HANDLER):
        if name in installed:
            root.removeHandler(installed[name])
            installed[name].close()
    recent = installed.get(RECENT_HANDLER)
    if not isinstance(recent, RecentErrors):
        recent = RecentErrors()
        root.addHandler(recent)
    stderr = logging.StreamHandler(sys.stderr)
    stderr.set_name(STDERR_HANDLER)
    stderr.setFormatter(formatter)
    root.addHandler(stderr)
    path = Path(log_dir) / LOG_FILE_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        file_handler = LogFileHandler(path, max_bytes, backups)
    except OSError as error:
        log.warning("cannot write the log file %s (%s); logging to standard error only", path,
                    error.strerror or error)
    else:
        file_handler.setFormatter(formatter)
        root.addHandler(file_handler)
    return recent


def log_file_path() -> Path | None:
    """The log file in use, if any (for the admin panel and messages)."""
    handler = _own_handlers(logging.getLogger()).get(FILE_HANDLER)
    return Path(handler.baseFilename) if isinstance(handler, LogFileHandler) else None


def _package_version(*names: str) -> str:
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "not installed"


def versions(exhibit_version: str | None) -> str:
    """'kiosk 0.1.0, Python 3.11.9, PySide6 6.11.3 (Qt 6.11.3), pyqtgraph 0.13.7, content 2026.11.1'."""
    pyside = _package_version("PySide6-Essentials", "PySide6")
    qt_core = sys.modules.get("PySide6.QtCore")  # not imported here: this module stays free of Qt
    if qt_core is not None:
        pyside += f" (Qt {qt_core.qVersion()})"
    return (f"kiosk {__version__}, Python {platform.python_version()}, PySide6 {pyside}, "
            f"pyqtgraph {_package_version('pyqtgraph')}, content {exhibit_version or 'not loaded'}")


def log_startup(settings: Settings, exhibit_version: str | None) -> None:
    """One line with every version and every setting with its source."""
    shown = ", ".join(f"{name}={settings.shown(name)} [{source}]" for name, _, source in settings.items())
    log.info("starting: %s; log file %s; settings: %s", versions(exhibit_version),
             log_file_path() or "none (standard error only)", shown)
