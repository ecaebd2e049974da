"""kiosk/lastexit.py: why the last run ended, from the exhibit's own run record and the line the
unit's ExecStopPost writes from systemd's $SERVICE_RESULT."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.lastexit import SERVICE_EXIT_VARIABLE, RunRecord


def record(tmp_path: Path) -> RunRecord:
    return RunRecord(tmp_path / "data", {SERVICE_EXIT_VARIABLE: str(tmp_path / "service-exit")})


def test_first_start_then_clean_stop_then_unclean(tmp_path: Path) -> None:
    assert record(tmp_path).start() == "first-start"
    first = record(tmp_path)
    assert first.start() == "unclean"  # the run before never said it stopped: a power cut
    first.stopped_cleanly()
    assert (tmp_path / "data" / "run-state").read_text().startswith("stopped ")
    assert record(tmp_path).start() == "stopped"


@pytest.mark.parametrize(("service_line", "reason"), [
    ("watchdog killed 6", "watchdog"), ("oom-kill killed 9", "memory-limit"), ("exit-code exited 1", "crash"),
    ("signal killed 11", "crash"), ("core-dump dumped 6", "crash"), ("timeout killed 15", "timeout"),
])
def test_systemd_s_record_names_what_killed_it_and_is_read_once(tmp_path: Path, service_line: str,
                                                                reason: str) -> None:
    record(tmp_path).start()  # running...
    (tmp_path / "service-exit").write_text(service_line + "\n")  # ...and systemd saw it end
    after = record(tmp_path)
    assert after.start() == reason and after.detail == f"systemd: {service_line}"
    assert not (tmp_path / "service-exit").exists()  # an old record never explains a later stop
    after.stopped_cleanly()
    assert record(tmp_path).start() == "stopped"


def test_a_clean_stop_under_systemd_is_a_stop(tmp_path: Path) -> None:
    first = record(tmp_path)
    first.start()
    first.stopped_cleanly()
    (tmp_path / "service-exit").write_text("success exited 0\n")
    assert record(tmp_path).start() == "stopped"


def test_an_unwritable_data_folder_is_only_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    assert record(tmp_path).start() == "first-start"
    assert any("cannot write" in line.getMessage() for line in caplog.records)
