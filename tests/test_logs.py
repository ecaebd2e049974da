"""kiosk/logs.py: standard error plus a rotating kiosk.log, a fallback when the log cannot be
written, and the last warnings and errors for the admin panel."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk import __version__
from kiosk.logs import (
    FILE_HANDLER,
    RECENT_HANDLER,
    STDERR_HANDLER,
    RecentErrors,
    log_file_path,
    log_startup,
    setup_logging,
)
from kiosk.settings import load_settings

OURS = (STDERR_HANDLER, FILE_HANDLER, RECENT_HANDLER)
LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL) [\w.]+: ")
log = logging.getLogger("kiosk.test")


@pytest.fixture(autouse=True)
def root_logger() -> Iterator[logging.Logger]:
    """Each test gets the root logger back as it found it, without the kiosk's handlers."""
    root = logging.getLogger()
    level = root.level
    yield root
    for handler in [h for h in root.handlers if h.name in OURS]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def ours(root: logging.Logger) -> list[str]:
    return sorted(handler.name for handler in root.handlers if handler.name in OURS)


def flush(root: logging.Logger) -> None:
    for handler in root.handlers:
        handler.flush()


def test_the_log_file_gets_formatted_lines_and_tracebacks(tmp_path: Path, root_logger: logging.Logger) -> None:
    log_dir = tmp_path / "state" / "log"
    setup_logging(log_dir, "info")
    log.debug("not at info level")
    log.info("exhibit started")
    try:
        raise KeyError("missing")
    except KeyError:
        log.exception("unexpected error")
    flush(root_logger)

    assert log_file_path() == log_dir / "kiosk.log"
    text = (log_dir / "kiosk.log").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert LINE.match(lines[0]) and lines[0].endswith("INFO kiosk.test: exhibit started")
    assert "not at info level" not in text
    assert "ERROR kiosk.test: unexpected error" in text
    assert "Traceback (most recent call last):" in text and "KeyError: 'missing'" in text


def test_debug_level_records_debug_lines(tmp_path: Path, root_logger: logging.Logger) -> None:
    setup_logging(tmp_path, "debug")
    log.debug("screen changed to power")
    flush(root_logger)
    assert "DEBUG kiosk.test: screen changed to power" in (tmp_path / "kiosk.log").read_text(encoding="utf-8")


def test_the_log_file_rotates_and_keeps_a_bounded_number_of_copies(tmp_path: Path,
                                                                   root_logger: logging.Logger) -> None:
    setup_logging(tmp_path, "info", max_bytes=2_000, backups=2)
    for index in range(120):
        log.info("line %03d %s", index, "x" * 80)
    flush(root_logger)

    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == ["kiosk.log", "kiosk.log.1", "kiosk.log.2"]
    for name in names:
        assert (tmp_path / name).stat().st_size <= 2_000
    assert "line 119" in (tmp_path / "kiosk.log").read_text(encoding="utf-8")
    assert "line 000" not in "".join((tmp_path / name).read_text(encoding="utf-8") for name in names)


def test_an_unwritable_log_folder_falls_back_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       root_logger: logging.Logger) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")

    recent = setup_logging(blocker / "log", "info")  # must not raise
    log.info("still running")

    assert log_file_path() is None
    assert ours(root_logger) == [RECENT_HANDLER, STDERR_HANDLER]
    err = capsys.readouterr().err
    assert "cannot write the log file" in err and str(blocker / "log" / "kiosk.log") in err
    assert "INFO kiosk.test: still running" in err
    assert any("cannot write the log file" in line for line in recent.recent())


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="a full disk is simulated with Linux's /dev/full")
def test_a_full_disk_is_reported_once_and_does_not_raise(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         root_logger: logging.Logger) -> None:
    (tmp_path / "kiosk.log").symlink_to("/dev/full")  # every write fails with "No space left on device"
    setup_logging(tmp_path, "info")
    for index in range(5):
        log.info("record %d", index)

    err = capsys.readouterr().err
    assert err.count("cannot write the log file") == 1, err
    assert "No space left on device" in err
    assert "Logging error" not in err and "Traceback" not in err
    assert "INFO kiosk.test: record 4" in err  # standard error still gets everything


def test_setting_up_twice_does_not_duplicate_handlers(tmp_path: Path, root_logger: logging.Logger) -> None:
    first = setup_logging(tmp_path, "info")
    log.error("before the reload")
    second = setup_logging(tmp_path, "warning")
    log.warning("after the reload")
    log.info("below the new level")
    flush(root_logger)

    assert second is first, "the admin panel keeps one list of recent errors"
    assert ours(root_logger) == sorted(OURS)
    text = (tmp_path / "kiosk.log").read_text(encoding="utf-8")
    assert text.count("after the reload") == 1 and text.count("before the reload") == 1
    assert "below the new level" not in text
    assert [line.split(" ", 2)[2] for line in second.recent()] == ["ERROR before the reload",
                                                                   "WARNING after the reload"]
    assert second.count == 1


def test_recent_errors_keeps_the_last_20_first_lines() -> None:
    recent = RecentErrors()
    logger = logging.getLogger("kiosk.test.recent")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(recent)
    try:
        logger.info("not kept: below WARNING")
        for index in range(25):
            (logger.error if index % 5 == 0 else logger.warning)("problem %d\nsecond line not kept", index)
        try:
            raise OSError("disk gone\nmore detail")
        except OSError:
            logger.exception("saving statistics failed")
    finally:
        logger.removeHandler(recent)

    lines = recent.recent()
    assert len(lines) == 20
    assert lines[0].endswith("WARNING problem 6") and lines[-2].endswith("WARNING problem 24")
    assert lines[-1].endswith("ERROR saving statistics failed (OSError: disk gone)")
    assert all("second line" not in line and "not kept" not in line for line in lines)
    assert re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ", lines[0])
    assert recent.count == 6  # problems 0, 5, 10, 15, 20 and the exception


def test_log_startup_names_versions_and_settings_with_sources(tmp_path: Path, root_logger: logging.Logger) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("log_level: debug\n", encoding="utf-8")
    settings = load_settings(None, None, config)
    setup_logging(tmp_path / "log", settings.log_level)
    log_startup(settings, "2026.11.1")
    flush(root_logger)

    (line,) = [line for line in (tmp_path / "log" / "kiosk.log").read_text(encoding="utf-8").splitlines()
               if "starting:" in line]
    assert f"kiosk {__version__}, Python 3." in line
    assert re.search(r"PySide6 \d+\.\d+", line) and re.search(r"pyqtgraph \d+\.\d+", line)
    assert "content 2026.11.1" in line
    assert f"log_level=debug [config file {config}:1]" in line and "attract_after=90 [default]" in line
    assert "admin_pin=null [default]" in line
