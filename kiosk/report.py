"""`python main.py report`: the visitor statistics as CSV or JSON, and a picture of them.

Reads the database without changing it (SQLite read-only mode), so it can run while the
exhibit is writing. CSV and JSON need no Qt; only `--plot` imports it (kiosk.statistics_plot).
Times are shown in this computer's local time: the museum's, when run on the kiosk.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sqlite3
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from kiosk.statistics import SCHEMA_VERSION, default_statistics_path, describe_error

CSV_COLUMNS = ("record", "visit", "start", "end", "seconds", "screen", "kind", "item", "language")


class ReportError(Exception):
    """A problem the user can fix; the message names the file."""


# --- records -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Visit:
    id: int
    started: float
    ended: float | None  # None: still open (the exhibit is running) or cut off by a crash not yet repaired

    @property
    def seconds(self) -> float | None:
        return None if self.ended is None else self.ended - self.started


@dataclass(frozen=True)
class ScreenView:
    visit_id: int | None  # None: shown by the attract loop
    screen: str
    started: float
    seconds: float

    @property
    def by_attract(self) -> bool:
        return self.visit_id is None


@dataclass(frozen=True)
class Tap:
    visit_id: int | None
    screen: str
    kind: str
    item: str
    at: float


@dataclass(frozen=True)
class LanguageSwitch:
    visit_id: int | None
    language: str
    at: float


@dataclass(frozen=True)
class AttractPeriod:
    started: float
    ended: float | None


@dataclass(frozen=True)
class Records:
    visits: list[Visit]
    screen_views: list[ScreenView]
    taps: list[Tap]
    language_switches: list[LanguageSwitch]
    attract_periods: list[AttractPeriod]

    @property
    def visitor_views(self) -> list[ScreenView]:
        return [view for view in self.screen_views if not view.by_attract]

    @property
    def attract_views(self) -> list[ScreenView]:
        return [view for view in self.screen_views if view.by_attract]


# --- reading -----------------------------------------------------------------------------
def open_for_reading(path: Path, origin: str = "") -> sqlite3.Connection:
    """A read-only connection; `origin` says how the path was chosen, for the message when it is missing."""
    if not path.is_file():
        chosen = f" (from {origin})" if origin else ""
        raise ReportError(f"{path}{chosen}: no statistics database here (the exhibit creates it when it first "
                          "runs; choose another with --data-dir, --database or --config)")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
        version = connection.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error as error:
        raise ReportError(f"{path}: cannot read it as a statistics database: {describe_error(error)}") from error
    if version == 0:
        connection.close()
        raise ReportError(f"{path}: not a visitor-statistics database (no statistics schema in it)")
    if version > SCHEMA_VERSION:
        connection.close()
        raise ReportError(f"{path}: written by a newer kiosk (schema {version}; this one reads up to "
                          f"{SCHEMA_VERSION}); update the kiosk to read it")
    return connection


def load_records(path: Path, since: float | None = None, origin: str = "") -> Records:
    """Every record that started at or after `since` (UTC seconds), oldest first."""
    connection = open_for_reading(path, origin)
    bound = -1.0e18 if since is None else since
    try:
        def rows(sql: str) -> list[tuple[Any, ...]]:
            return connection.execute(sql, (bound,)).fetchall()

        return Records(
            visits=[Visit(*row) for row in rows(
                "SELECT id, started, ended FROM visits WHERE started >= ? ORDER BY started, id")],
            screen_views=[ScreenView(*row) for row in rows(
                "SELECT visit_id, screen, started, seconds FROM screen_views WHERE started >= ? ORDER BY started, id")],
            taps=[Tap(*row) for row in rows(
                "SELECT visit_id, screen, kind, item, at FROM taps WHERE at >= ? ORDER BY at, id")],
            language_switches=[LanguageSwitch(*row) for row in rows(
                "SELECT visit_id, language, at FROM language_switches WHERE at >= ? ORDER BY at, id")],
            attract_periods=[AttractPeriod(*row) for row in rows(
                "SELECT started, ended FROM attract_periods WHERE started >= ? ORDER BY started, id")],
        )
    except sqlite3.Error as error:
        raise ReportError(f"{path}: cannot read it: {describe_error(error)}") from error
    finally:
        connection.close()


# --- summary -----------------------------------------------------------------------------
def local_time(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds).astimezone()


def by_key(counter: Counter[str] | dict[str, float], digits: int | None = None) -> dict[str, Any]:
    """Largest first, then by name; rounded when `digits` is given."""
    ordered = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    return {key: (round(value, digits) if digits is not None else value) for key, value in ordered}


def summarize(records: Records) -> dict[str, Any]:
    finished = [visit.seconds for visit in records.visits if visit.seconds is not None]
    views_per_screen: Counter[str] = Counter(view.screen for view in records.visitor_views)
    seconds_per_screen: dict[str, float] = {}
    for view in records.visitor_views:
        seconds_per_screen[view.screen] = seconds_per_screen.get(view.screen, 0.0) + view.seconds
    taps: Counter[tuple[str, str, str]] = Counter((tap.screen, tap.kind, tap.item) for tap in records.taps)
    hours = [0] * 24
    for visit in records.visits:
        hours[time.localtime(visit.started).tm_hour] += 1
    return {
        "visits": len(records.visits),
        "unfinished_visits": len(records.visits) - len(finished),
        "median_visit_seconds": round(statistics.median(finished), 1) if finished else None,
        "visits_per_hour": hours,
        "views_per_screen": by_key(views_per_screen),
        "seconds_per_screen": by_key(seconds_per_screen, 1),
        "taps_per_item": [{"screen": screen, "kind": kind, "item": item, "taps": count}
                          for (screen, kind, item), count in sorted(taps.items(), key=lambda i: (-i[1], i[0]))],
        "language_switches": by_key(Counter(switch.language for switch in records.language_switches)),
        "attract_periods": len(records.attract_periods),
        "attract_seconds": round(sum(p.ended - p.started for p in records.attract_periods if p.ended), 1),
        "attract_views_per_screen": by_key(Counter(view.screen for view in records.attract_views)),
    }


# --- CSV ---------------------------------------------------------------------------------
def spreadsheet_time(seconds: float | None) -> str:
    """Local time as spreadsheets read it without help: 2026-11-01 14:03:22."""
    # time.localtime, not datetime: five times faster, and a year's export has two million of these
    return "" if seconds is None else time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(seconds))


def number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def csv_rows(records: Records) -> list[tuple[str, ...]]:
    """One row per record in CSV_COLUMNS order, oldest first; a visit before the views that begin with it."""
    keyed: list[tuple[float, int, tuple[str, ...]]] = []

    def add(start: float, order: int, record: str, visit: int | None = None, end: float | None = None,
            seconds: float | None = None, screen: str = "", kind: str = "", item: str = "", language: str = "") -> None:
        row = (record, "" if visit is None else str(visit), spreadsheet_time(start), spreadsheet_time(end),
               number(seconds), screen, kind, item, language)
        keyed.append((start, order, row))

    for v in records.visits:
        add(v.started, 0, "visit", v.id, v.ended, v.seconds)
    for p in records.attract_periods:
        add(p.started, 0, "attract", None, p.ended, None if p.ended is None else p.ended - p.started)
    for s in records.screen_views:
        add(s.started, 1, "attract_view" if s.by_attract else "screen_view", s.visit_id, s.started + s.seconds,
            s.seconds, screen=s.screen)
    for t in records.taps:
        add(t.at, 2, "tap", t.visit_id, screen=t.screen, kind=t.kind, item=t.item)
    for switch in records.language_switches:
        add(switch.at, 2, "language", switch.visit_id, language=switch.language)
    keyed.sort(key=lambda entry: (entry[0], entry[1]))
    return [row for _, _, row in keyed]


def write_csv(records: Records, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(records))


# --- JSON --------------------------------------------------------------------------------
def iso(seconds: float | None) -> str | None:
    return None if seconds is None else local_time(seconds).isoformat(timespec="seconds")


def report_json(records: Records, database: Path, since: float | None) -> dict[str, Any]:
    return {
        "database": str(database),
        "since": iso(since),
        "summary": summarize(records),
        "visits": [{"id": v.id, "start": iso(v.started), "end": iso(v.ended),
                    "seconds": None if v.seconds is None else round(v.seconds, 1)} for v in records.visits],
        "screen_views": [{"visit": s.visit_id, "screen": s.screen, "start": iso(s.started),
                          "seconds": round(s.seconds, 1)} for s in records.visitor_views],
        "attract_views": [{"screen": s.screen, "start": iso(s.started), "seconds": round(s.seconds, 1)}
                          for s in records.attract_views],
        "taps": [{"visit": t.visit_id, "screen": t.screen, "kind": t.kind, "item": t.item, "at": iso(t.at)}
                 for t in records.taps],
        "language_switches": [{"visit": s.visit_id, "language": s.language, "at": iso(s.at)}
                              for s in records.language_switches],
        "attract_periods": [{"start": iso(p.started), "end": iso(p.ended)} for p in records.attract_periods],
    }


# --- command -----------------------------------------------------------------------------
def parse_since(text: str) -> float:
    """A date (local midnight) or an ISO date and time (local unless it carries an offset)."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM, e.g. 2026-11-01 or 2026-11-01T14:00"
        ) from None
    return moment.timestamp()


def configured_data_dir(config: Path | None) -> tuple[Path, str]:
    """The data folder the exhibit uses (the config file's `data_dir`, else the platform's user
    data folder) and where that came from."""
    from kiosk.settings import default_config_path, load_settings

    path = Path(config) if config is not None else default_config_path()
    if not path.is_file():
        if config is not None:
            raise ReportError(f"{path}: no such config file")
        # load_settings would write a first-run config file here; a report changes nothing
        from kiosk.locations import user_data_dir

        return user_data_dir(), "the platform's user data folder"
    settings = load_settings(config_path=path)
    for problem in settings.problems:  # as the exhibit would log them; the report goes on with what is usable
        print(problem, file=sys.stderr)
    return Path(settings.data_dir), f"data_dir: {settings.source('data_dir')}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py report",
        description="Export the offline visitor statistics: CSV (default) or JSON to standard output, "
                    "and with --plot a PNG of visits per hour and time spent per screen.")
    parser.add_argument("--since", type=parse_since, default=None, metavar="DATE",
                        help="only what started on or after DATE (YYYY-MM-DD or YYYY-MM-DDTHH:MM, local time)")
    parser.add_argument("--format", choices=("csv", "json"), default=None,
                        help="what to print (default: csv, or nothing when only --plot is given)")
    parser.add_argument("--plot", type=Path, default=None, metavar="FILE.png",
                        help="also draw a 1600x1000 picture of visits per hour and time per screen")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--data-dir", type=Path, default=None, metavar="DIR",
                       help="the kiosk's data folder (default: data_dir from the config file, else the platform's "
                            "user data folder)")
    where.add_argument("--database", type=Path, default=None, metavar="FILE", help="a statistics.sqlite3 file")
    where.add_argument("--config", type=Path, default=None, metavar="FILE",
                       help="the kiosk's config file, for its data_dir (default: the one the exhibit reads)")
    return parser


def database_path(args: argparse.Namespace) -> tuple[Path, str]:
    """The database to read, and how it was chosen (for the message when it is missing)."""
    if args.database is not None:
        return Path(args.database), "--database"
    if args.data_dir is not None:
        return default_statistics_path(args.data_dir), "--data-dir"
    data_dir, origin = configured_data_dir(args.config)
    return default_statistics_path(data_dir), origin


def print_report(records: Records, database: Path, since: float | None, form: str, out: TextIO) -> None:
    if form == "json":
        json.dump(report_json(records, database, since), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        write_csv(records, out)


def report_command(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    try:
        database, origin = database_path(args)
        records = load_records(database, args.since, origin)
    except ReportError as error:
        print(f"main.py report: {error}", file=sys.stderr)
        return 1
    form = args.format or ("csv" if args.plot is None else None)
    if form is not None:
        try:
            print_report(records, database, args.since, form, sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:  # `report | head`: the reader has all it wants; the plot may still be due
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush stays quiet
    if args.plot is not None:
        from kiosk.statistics_plot import PlotError, draw_statistics

        try:
            draw_statistics(records, summarize(records), args.plot, args.since)
        except PlotError as error:
            print(f"main.py report: {error}", file=sys.stderr)
            return 1
        print(f"{args.plot}: visits per hour and time per screen, 1600x1000", file=sys.stderr)
    return 0

