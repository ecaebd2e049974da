"""The offline visitor-statistics record: one SQLite file in the data directory. No Qt.

What is kept (see docs/statistics.md): visits, screen views with their dwell time, taps on
hotspots, regions, markers and timeline events, language switches and attract-mode periods.
Nothing that identifies a person, and nothing leaves the machine.

Times are wall-clock UTC seconds since 1970 stored as REAL: they sort and subtract directly,
and the report turns them into the museum's local time.

The exhibit must never stop because of its statistics. When the file cannot be written (a
read-only directory, a full disk, a damaged file) the store logs one warning naming the file
and the reason, `ok` turns False, and every later call returns at once without touching the
disk. A file that is not a database, or fails SQLite's quick check, is moved aside and a new
one is started.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)  # "kiosk.statistics"

FILE_NAME = "statistics.sqlite3"
SCHEMA_VERSION = 1
OPEN_TIMEOUT_SECONDS = 5.0  # wait this long for a lock held by another reader or writer (the report)

# MIGRATIONS[n] takes a database from schema version n to n + 1 (PRAGMA user_version).
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE visits (id INTEGER PRIMARY KEY, started REAL NOT NULL, ended REAL);
    CREATE TABLE screen_views (id INTEGER PRIMARY KEY, visit_id INTEGER REFERENCES visits(id),
                               screen TEXT NOT NULL, started REAL NOT NULL, seconds REAL NOT NULL);
    CREATE TABLE taps (id INTEGER PRIMARY KEY, visit_id INTEGER REFERENCES visits(id),
                       screen TEXT NOT NULL, kind TEXT NOT NULL, item TEXT NOT NULL, at REAL NOT NULL);
    CREATE TABLE language_switches (id INTEGER PRIMARY KEY, visit_id INTEGER REFERENCES visits(id),
                                    language TEXT NOT NULL, at REAL NOT NULL);
    CREATE TABLE attract_periods (id INTEGER PRIMARY KEY, started REAL NOT NULL, ended REAL);
    CREATE INDEX visits_started ON visits(started);
    CREATE INDEX screen_views_visit ON screen_views(visit_id);
    CREATE INDEX screen_views_started ON screen_views(started);
    CREATE INDEX taps_visit ON taps(visit_id);
    CREATE INDEX taps_at ON taps(at);
    CREATE INDEX language_switches_visit ON language_switches(visit_id);
    CREATE INDEX language_switches_at ON language_switches(at);
    CREATE INDEX attract_periods_started ON attract_periods(started);
    """,
)

# A visit or attract period still open when the program died ends at its last recorded event.
CLOSE_UNFINISHED = ("""
UPDATE visits SET ended = MAX(started,
    COALESCE((SELECT MAX(v.started + v.seconds) FROM screen_views v WHERE v.visit_id = visits.id), 0),
    COALESCE((SELECT MAX(t.at) FROM taps t WHERE t.visit_id = visits.id), 0),
    COALESCE((SELECT MAX(s.at) FROM language_switches s WHERE s.visit_id = visits.id), 0))
WHERE ended IS NULL""", """
UPDATE attract_periods SET ended = MAX(started,
    COALESCE((SELECT MAX(v.started + v.seconds) FROM screen_views v
              WHERE v.visit_id IS NULL AND v.started >= attract_periods.started), 0))
WHERE ended IS NULL""")

# SQLite's primary result codes that mean the file itself is damaged, not merely unwritable.
DAMAGED_FILE_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


class DamagedDatabaseError(Exception):
    """The file is not a usable SQLite database (wrong header, failed quick check)."""


def default_statistics_path(data_dir: Path) -> Path:
    return Path(data_dir) / FILE_NAME


def is_damaged_file_error(error: BaseException) -> bool:
    if isinstance(error, DamagedDatabaseError):
        return True
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(error, sqlite3.DatabaseError) and code is not None and code & 0xFF in DAMAGED_FILE_CODES


def describe_error(error: BaseException) -> str:
    name = getattr(error, "sqlite_errorname", None)
    return f"{error} ({name})" if name else str(error)


class StatisticsStore:
    """Writes visitor statistics; every write is its own committed transaction."""

    def __init__(self, path: Path, wall_clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self._wall_clock = wall_clock
        self._connection: sqlite3.Connection | None = None
        self._problem: str | None = None
        self._visit_id: int | None = None
        self._attract_id: int | None = None
        try:
            self._connection = self._open_or_replace_damaged()
        except (sqlite3.Error, OSError, DamagedDatabaseError) as error:
            self._fail("cannot open", error)

    # --- state -----------------------------------------------------------------------
    @property
    def ok(self) -> bool:
        """False once the file could not be opened or written; the store then does nothing."""
        return self._problem is None

    @property
    def problem(self) -> str | None:
        """Why statistics are off (for the admin panel), or None."""
        return self._problem

    @property
    def visit_open(self) -> bool:
        return self._visit_id is not None

    @property
    def attract_open(self) -> bool:
        return self._attract_id is not None

    # --- events ----------------------------------------------------------------------
    def start_visit(self) -> None:
        if self._visit_id is not None:
            self.end_visit()
        self._visit_id = self._write("INSERT INTO visits (started) VALUES (?)", (self._now(),))

    def end_visit(self) -> None:
        if self._visit_id is not None:
            self._write("UPDATE visits SET ended = ? WHERE id = ?", (self._now(), self._visit_id))
            self._visit_id = None

    def record_screen_view(self, screen_id: str, seconds: float) -> None:
        """One finished view of a screen that lasted `seconds` until now (inside the open visit, if any)."""
        seconds = max(0.0, float(seconds))
        self._write("INSERT INTO screen_views (visit_id, screen, started, seconds) VALUES (?, ?, ?, ?)",
                    (self._visit_id, screen_id, self._now() - seconds, seconds))

    def record_tap(self, screen_id: str, kind: str, item_id: str) -> None:
        self._write("INSERT INTO taps (visit_id, screen, kind, item, at) VALUES (?, ?, ?, ?, ?)",
                    (self._visit_id, screen_id, kind, item_id, self._now()))

    def record_language(self, language: str) -> None:
        self._write("INSERT INTO language_switches (visit_id, language, at) VALUES (?, ?, ?)",
                    (self._visit_id, language, self._now()))

    def start_attract(self) -> None:
        if self._attract_id is not None:
            self.end_attract()
        self._attract_id = self._write("INSERT INTO attract_periods (started) VALUES (?)", (self._now(),))

    def end_attract(self) -> None:
        if self._attract_id is not None:
            self._write("UPDATE attract_periods SET ended = ? WHERE id = ?", (self._now(), self._attract_id))
            self._attract_id = None

    # --- questions -------------------------------------------------------------------
    def visits_today(self) -> int:
        """Visits started since local midnight (0 when statistics are off)."""
        if self._connection is None:
            return 0
        midnight = datetime.fromtimestamp(self._now()).replace(hour=0, minute=0, second=0, microsecond=0)
        try:
            row = self._connection.execute("SELECT COUNT(*) FROM visits WHERE started >= ?",
                                           (midnight.timestamp(),)).fetchone()
        except sqlite3.Error as error:
            self._fail("cannot read", error)
            return 0
        return int(row[0])

    def close(self) -> None:
        """End the open visit and attract period (a visit cannot outlive the program) and close the file."""
        self.end_visit()
        self.end_attract()
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    # --- inside ----------------------------------------------------------------------
    def _now(self) -> float:
        return float(self._wall_clock())

    def _write(self, sql: str, parameters: Sequence[Any]) -> int | None:
        """Run one statement in its own transaction; the new row's id, or None when statistics are off."""
        if self._connection is None:
            return None
        try:
            with self._connection:
                cursor = self._connection.execute(sql, parameters)
        except sqlite3.Error as error:
            self._fail("cannot write", error)
            return None
        return cursor.lastrowid

    def _fail(self, doing: str, error: BaseException) -> None:
        self._problem = f"{doing} {self.path}: {describe_error(error)}"
        log.warning("visitor statistics are off until the next start: %s", self._problem)
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):  # already failing; the warning above says why
                self._connection.close()
            self._connection = None
        self._visit_id = self._attract_id = None

    def _open_or_replace_damaged(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return open_database(self.path)
        except (sqlite3.DatabaseError, DamagedDatabaseError) as error:
            if not is_damaged_file_error(error):
                raise
            moved = move_damaged_aside(self.path, self._now())
            log.warning("statistics file %s is damaged (%s); moved it to %s and started a new one",
                        self.path, describe_error(error), moved)
            return open_database(self.path)


def open_database(path: Path) -> sqlite3.Connection:
    """Open (or create) the statistics file, bring its schema up to date and close unfinished visits."""
    connection = sqlite3.connect(path, timeout=OPEN_TIMEOUT_SECONDS)
    try:
        connection.execute(f"PRAGMA busy_timeout = {int(OPEN_TIMEOUT_SECONDS * 1000)}")
        check_database(connection)
        version = schema_version(connection)  # before anything writes: a newer program's file stays as it is
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise sqlite3.OperationalError(f"could not switch to WAL mode (journal mode is {mode})")
        # WAL with synchronous=NORMAL: a commit is safe once it is in the WAL file, so killing the
        # process loses nothing committed and the file can never be left corrupt. Only a power cut
        # may lose the last few commits since the last checkpoint. FULL would add an fsync per tap on
        # the GUI thread (tens of milliseconds on a busy SD card or SSD) and wear the card for little gain.
        connection.execute("PRAGMA synchronous = NORMAL")
        migrate(connection, version)
        with connection:
            repaired = connection.execute("SELECT COUNT(*) FROM visits WHERE ended IS NULL").fetchone()[0]
            for statement in CLOSE_UNFINISHED:
                connection.execute(statement)
        if repaired:
            log.info("closed %d visit(s) left open when the exhibit last stopped (at their last event)", repaired)
    except BaseException:
        connection.close()
        raise
    return connection


def check_database(connection: sqlite3.Connection) -> None:
    """Raise DamagedDatabaseError unless SQLite's quick check passes (milliseconds for a year of visits)."""
    result = [row[0] for row in connection.execute("PRAGMA quick_check")]
    if result != ["ok"]:
        raise DamagedDatabaseError("quick check failed: " + "; ".join(map(str, result[:3])))


def schema_version(connection: sqlite3.Connection) -> int:
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise sqlite3.OperationalError(f"schema version {version} is newer than this program's {SCHEMA_VERSION}; "
                                       "left untouched")
    return version


def migrate(connection: sqlite3.Connection, version: int) -> None:
    for step in range(version, SCHEMA_VERSION):
        # executescript commits first and runs outside `with`, so the version is set inside the script.
        connection.executescript(f"BEGIN; {MIGRATIONS[step]} PRAGMA user_version = {step + 1}; COMMIT;")


def move_damaged_aside(path: Path, now: float) -> Path:
    """Rename the file (and its -wal/-shm companions, so they still open together) to *.corrupt-<time>."""
    stamp = datetime.fromtimestamp(now).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.replace(target.with_name(target.name + suffix))
    path.replace(target)
    return target
