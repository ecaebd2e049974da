"""The statistics store on real SQLite files: what it writes, crash repair, and how it survives
a read-only directory, a full disk, a damaged file and being killed mid-write."""

from __future__ import annotations

import ctypes
import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.statistics import SCHEMA_VERSION, StatisticsStore, default_statistics_path

ROOT = Path(__file__).resolve().parent.parent
START = datetime(2026, 11, 3, 14, 0).timestamp()


class WallClock:
    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def rows(path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def warnings_from(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "kiosk.statistics" and r.levelno >= logging.WARNING]


def test_default_path_is_in_the_data_directory(tmp_path: Path) -> None:
    assert default_statistics_path(tmp_path) == tmp_path / "statistics.sqlite3"


def test_events_are_written_with_wall_clock_times_in_wal_mode(tmp_path: Path) -> None:
    path, clock = tmp_path / "data" / "statistics.sqlite3", WallClock()
    store = StatisticsStore(path, clock)
    assert store.ok and store.problem is None
    store.start_attract()
    clock.now += 12
    store.record_screen_view("power", 12)  # no visit: the attract loop's view
    store.end_attract()
    store.start_visit()
    clock.now += 20
    store.record_screen_view("home", 20)
    store.record_tap("home", "hotspot", "magnet")
    store.record_language("fr")
    clock.now += 5
    store.end_visit()
    store.close()
    assert rows(path, "PRAGMA journal_mode") == [("wal",)]
    assert rows(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(path, "SELECT id, started, ended FROM visits") == [(1, START + 12, START + 37)]
    assert rows(path, "SELECT visit_id, screen, started, seconds FROM screen_views ORDER BY id") == [
        (None, "power", START, 12.0), (1, "home", START + 12, 20.0)]
    assert rows(path, "SELECT visit_id, screen, kind, item, at FROM taps") == [(1, "home", "hotspot", "magnet",
                                                                                   START + 32)]
    assert rows(path, "SELECT visit_id, language, at FROM language_switches") == [(1, "fr", START + 32)]
    assert rows(path, "SELECT started, ended FROM attract_periods") == [(START, START + 12)]


def test_closing_ends_the_open_visit_and_attract_period(tmp_path: Path) -> None:
    path, clock = tmp_path / "statistics.sqlite3", WallClock()
    store = StatisticsStore(path, clock)
    store.start_visit()
    clock.now += 30
    store.close()
    store.record_tap("home", "hotspot", "late")  # after close: nothing, and no error
    assert rows(path, "SELECT started, ended FROM visits") == [(START, START + 30)]
    assert rows(path, "SELECT COUNT(*) FROM taps") == [(0,)]


def test_a_visit_left_open_by_a_crash_ends_at_its_last_event(tmp_path: Path) -> None:
    path = tmp_path / "statistics.sqlite3"
    StatisticsStore(path, WallClock()).close()
    # what a kiosk that died mid-visit leaves behind: open rows and their events
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("INSERT INTO visits (id, started) VALUES (1, ?)", (START,))
        connection.execute("INSERT INTO screen_views (visit_id, screen, started, seconds) VALUES (1, 'home', ?, 40)",
                           (START,))
        connection.execute("INSERT INTO taps (visit_id, screen, kind, item, at) VALUES (1, 'home', 'hotspot', 'x', ?)",
                           (START + 55,))
        connection.execute("INSERT INTO language_switches (visit_id, language, at) VALUES (1, 'fr', ?)", (START + 50,))
        connection.execute("INSERT INTO visits (id, started) VALUES (2, ?)", (START + 100,))  # no events at all
        connection.execute("INSERT INTO attract_periods (started) VALUES (?)", (START + 200,))
        connection.execute("INSERT INTO screen_views (screen, started, seconds) VALUES ('power', ?, 12)",
                           (START + 200,))
    connection.close()
    store = StatisticsStore(path, WallClock(START + 3600))
    assert store.ok and not store.visit_open and not store.attract_open
    store.close()
    assert rows(path, "SELECT id, ended FROM visits ORDER BY id") == [(1, START + 55), (2, START + 100)]
    assert rows(path, "SELECT ended FROM attract_periods") == [(START + 212,)]


def test_visits_today_counts_from_local_midnight(tmp_path: Path) -> None:
    morning = datetime(2026, 11, 3, 9, 0).timestamp()
    clock = WallClock(morning - timedelta(hours=12).total_seconds())  # 21:00 the evening before
    store = StatisticsStore(tmp_path / "statistics.sqlite3", clock)
    store.start_visit()
    store.end_visit()
    clock.now = morning
    for _ in range(3):
        store.start_visit()  # a new visit ends the open one
    store.end_visit()
    assert store.visits_today() == 3
    store.close()


def test_a_newer_schema_is_left_untouched(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "statistics.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    before = path.read_bytes()
    store = StatisticsStore(path, WallClock())
    store.start_visit()
    assert not store.ok and "newer" in (store.problem or "")
    assert len(warnings_from(caplog)) == 1
    assert path.read_bytes() == before


# --- faults -------------------------------------------------------------------------------
def test_a_full_disk_turns_statistics_off_with_one_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "statistics.sqlite3"
    store = StatisticsStore(path, WallClock())
    # SQLite's own page limit makes it answer exactly as on a full disk (SQLITE_FULL), even for root
    connection = store._connection
    assert connection is not None
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages}")
    store.start_visit()
    written = 0
    for index in range(5000):
        store.record_tap("home", "hotspot", f"item-{index:04d}-" + "x" * 200)
        if not store.ok:
            break
        written += 1
    assert not store.ok, "the page limit was never reached"
    assert written > 0
    for _ in range(100):  # every later call is a quiet no-op
        store.record_screen_view("home", 3)
        store.end_visit()
        store.start_attract()
    assert store.visits_today() == 0
    store.close()
    warnings = warnings_from(caplog)
    assert len(warnings) == 1, warnings
    assert str(path) in warnings[0] and "full" in warnings[0]
    assert "full" in (store.problem or "")
    assert rows(path, "SELECT COUNT(*) FROM taps") == [(written,)], "what was committed before stays"
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]


def drop_file_permission_override() -> None:
    """In the child, before exec: root loses the capabilities that ignore file permissions, so a
    read-only directory is read-only for it too (tests run as root in CI)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


READ_ONLY_CHILD = textwrap.dedent("""
    import json, logging, sys
    from pathlib import Path
    warnings = []
    class Keep(logging.Handler):
        def emit(self, record):
            warnings.append(record.getMessage())
    logging.getLogger("kiosk.statistics").addHandler(Keep(logging.WARNING))
    from kiosk.statistics import StatisticsStore
    store = StatisticsStore(Path(sys.argv[1]))
    for _ in range(20):
        store.start_visit()
        store.record_screen_view("home", 3.0)
        store.record_tap("home", "hotspot", "magnet")
        store.record_language("fr")
        store.end_visit()
    today = store.visits_today()
    store.close()
    print(json.dumps({"ok": store.ok, "warnings": warnings, "today": today}))
""")


def run_as_unprivileged(path: Path) -> dict:
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    result = subprocess.run([sys.executable, "-c", READ_ONLY_CHILD, str(path)], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, preexec_fn=drop_file_permission_override if as_root else None)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)


WINDOWS_FOLDERS = pytest.mark.skipif(sys.platform == "win32", reason="Windows ignores a folder's read-only flag")


@pytest.mark.parametrize("case", [pytest.param("new file in a read-only folder", marks=WINDOWS_FOLDERS),
                                  pytest.param("existing file in a read-only folder", marks=WINDOWS_FOLDERS),
                                  "read-only file"])
def test_a_read_only_place_turns_statistics_off_with_one_warning(tmp_path: Path, case: str) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "statistics.sqlite3"
    if case != "new file in a read-only folder":
        store = StatisticsStore(path, WallClock())
        store.start_visit()
        store.close()
    before = path.read_bytes() if path.exists() else None
    if case == "read-only file":
        path.chmod(0o400)
    else:
        folder.chmod(0o500)
    try:
        report = run_as_unprivileged(path)
    finally:
        folder.chmod(0o700)
        if path.exists():
            path.chmod(0o600)
    assert report["ok"] is False
    assert len(report["warnings"]) == 1, report["warnings"]
    assert str(path) in report["warnings"][0]
    assert report["today"] == 0
    assert (path.read_bytes() if path.exists() else None) == before, "the file is left as it was"


def damage_pages(path: Path) -> None:
    """Keep SQLite's header but scribble over the pages behind it."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for offset in range(page_size, len(data), 7):
        data[offset] = (offset * 131) % 251
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["not a database", "damaged pages"])
def test_a_damaged_file_is_moved_aside_and_a_new_one_started(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                                             damage: str) -> None:
    path = tmp_path / "statistics.sqlite3"
    if damage == "not a database":
        path.write_bytes(b"visitors: lots\n" * 500)
    else:
        store = StatisticsStore(path, WallClock())
        store.start_visit()
        for index in range(400):
            store.record_tap("home", "hotspot", f"item-{index}")
        store.close()
        damage_pages(path)
    damaged = path.read_bytes()
    store = StatisticsStore(path, WallClock())
    assert store.ok, store.problem
    store.start_visit()
    store.close()
    aside = list(tmp_path.glob("statistics.sqlite3.corrupt-*"))
    assert [p.name for p in aside] == ["statistics.sqlite3.corrupt-20261103-140000"]
    assert aside[0].read_bytes() == damaged, "the damaged file is kept for a technician, byte for byte"
    warnings = warnings_from(caplog)
    assert len(warnings) == 1 and str(path) in warnings[0] and aside[0].name in warnings[0]
    assert rows(path, "SELECT COUNT(*) FROM visits") == [(1,)], "the new database works"


# --- killed mid-write -----------------------------------------------------------------------
WRITER_CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from kiosk.statistics import StatisticsStore
    store = StatisticsStore(Path(sys.argv[1]))
    assert store.ok, store.problem
    store.start_visit()
    round_ = sys.argv[2]
    count = 0
    while True:
        store.record_tap("home", "hotspot", f"{round_}-{count}")  # committed when this returns
        count += 1
        print(count, flush=True)
""")


def write_until_killed(path: Path, round_: int, at_least: int) -> int:
    """Start a writer, SIGKILL it once it reported `at_least` commits; the last count it reported."""
    child = subprocess.Popen([sys.executable, "-c", WRITER_CHILD, str(path), str(round_)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    reported = 0
    try:
        for line in child.stdout:
            reported = int(line)
            if reported >= at_least:
                child.kill()  # SIGKILL: no handler, no clean-up, wherever it is in SQLite
                break
        rest = child.stdout.read()  # lines printed before the kill landed
    finally:
        child.kill()
        child.wait(timeout=30)
    killed = -signal.SIGKILL if hasattr(signal, "SIGKILL") else 1  # Windows: TerminateProcess's status 1
    assert child.returncode == killed, child.stderr.read() if child.stderr else ""
    counts = [int(line) for line in rest.splitlines() if line.strip().isdigit()]
    return max([reported, *counts])


def test_killing_the_writer_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "statistics.sqlite3"
    for round_ in range(3):
        reported = write_until_killed(path, round_, at_least=300)
        assert rows(path, "PRAGMA integrity_check") == [("ok",)]
        items = {item for (item,) in rows(path, f"SELECT item FROM taps WHERE item LIKE '{round_}-%'")}
        missing = [n for n in range(reported) if f"{round_}-{n}" not in items]
        assert not missing, f"round {round_}: committed taps lost: {missing[:5]}"
        assert len(items) in (reported, reported + 1), "at most the commit it had no time to report"
        # the next start closes the visit the killed writer left open, at its last tap
        store = StatisticsStore(path)
        assert store.ok
        store.close()
        last_tap = rows(path, "SELECT MAX(at) FROM taps WHERE visit_id = (SELECT MAX(id) FROM visits)")[0][0]
        assert rows(path, "SELECT ended FROM visits ORDER BY id DESC LIMIT 1") == [(last_tap,)]
    assert rows(path, "SELECT COUNT(*) FROM visits WHERE ended IS NULL") == [(0,)]
