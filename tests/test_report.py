"""`main.py report`: a scripted session recorded through the real recorder and store, then
exported as CSV, JSON and a picture."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from statistics_session import AFTERNOON, make_rig, play_session

from kiosk.report import CSV_COLUMNS, report_command
from kiosk.statistics import StatisticsStore

ROOT = Path(__file__).resolve().parent.parent


def run_report(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = report_command(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def local(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M:%S")


@pytest.fixture
def recorded(qapp, tmp_path: Path):
    """A database holding the scripted session, and what the session must show."""
    path = tmp_path / "statistics.sqlite3"
    return path, play_session(make_rig(path))


def test_csv_lists_the_visits_and_screen_views_with_their_dwell_times(recorded, capsys) -> None:
    path, expected = recorded
    code, out, err = run_report(capsys, "--database", str(path))
    assert code == 0, err
    table = list(csv.DictReader(io.StringIO(out)))
    assert tuple(out.splitlines()[0].split(",")) == CSV_COLUMNS
    visits = [row for row in table if row["record"] == "visit"]
    assert [(row["visit"], row["start"], row["seconds"]) for row in visits] == [
        ("1", local(expected.visit_starts[0]), "140.0"), ("2", local(expected.visit_starts[1]), "33.0")]
    assert visits[0]["end"] == local(expected.visit_starts[0] + 140)
    views = [(int(row["visit"]), row["screen"], float(row["seconds"]))
             for row in table if row["record"] == "screen_view"]
    assert tuple(views) == expected.visitor_views
    attract = [(row["screen"], float(row["seconds"]), row["visit"]) for row in table if row["record"] == "attract_view"]
    assert tuple((screen, seconds) for screen, seconds, _ in attract) == expected.attract_views
    assert all(visit == "" for *_, visit in attract)
    [tap] = [row for row in table if row["record"] == "tap"]
    assert (tap["visit"], tap["screen"], tap["kind"], tap["item"]) == ("1", "power", "hotspot", "tokamak")
    assert [(row["visit"], row["language"]) for row in table if row["record"] == "language"] == [("1", "fr")]
    assert [row["seconds"] for row in table if row["record"] == "attract"] == ["18.2"]
    starts = [row["start"] for row in table]
    assert starts == sorted(starts), "one chronological log"


def test_json_has_the_records_and_a_summary(recorded, capsys) -> None:
    path, expected = recorded
    code, out, err = run_report(capsys, "--database", str(path), "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    summary = report["summary"]
    assert summary["visits"] == 2 and summary["unfinished_visits"] == 0
    assert summary["median_visit_seconds"] == pytest.approx((140 + 33) / 2)
    assert summary["views_per_screen"] == {"home": 2, "site": 2, "power": 1}
    assert summary["seconds_per_screen"] == {"site": 98.0, "power": 40.0, "home": 35.0}
    assert list(summary["seconds_per_screen"]) == ["site", "power", "home"], "largest first"
    assert summary["taps_per_item"] == [{"screen": "power", "kind": "hotspot", "item": "tokamak", "taps": 1}]
    assert summary["language_switches"] == {"fr": 1}
    assert summary["visits_per_hour"][14] == 2 and sum(summary["visits_per_hour"]) == 2
    assert summary["attract_periods"] == 1 and summary["attract_seconds"] == pytest.approx(expected.attract_seconds)
    assert summary["attract_views_per_screen"] == {"home": 1, "power": 1, "site": 1}
    assert [view["seconds"] for view in report["screen_views"]] == [s for _, _, s in expected.visitor_views]
    assert [view["screen"] for view in report["attract_views"]] == [screen for screen, _ in expected.attract_views]
    assert datetime.fromisoformat(report["visits"][0]["start"]).timestamp() == pytest.approx(
        expected.visit_starts[0], abs=1)


def test_since_keeps_what_started_from_that_moment(qapp, tmp_path: Path, capsys) -> None:
    path = tmp_path / "statistics.sqlite3"
    play_session(make_rig(path))  # 3 November
    next_day = AFTERNOON + timedelta(days=1).total_seconds()
    play_session(make_rig(path, start=next_day))  # 4 November
    _, everything, _ = run_report(capsys, "--database", str(path), "--format", "json")
    assert json.loads(everything)["summary"]["visits"] == 4
    code, out, _ = run_report(capsys, "--database", str(path), "--format", "json", "--since", "2026-11-04")
    report = json.loads(out)
    assert code == 0 and report["summary"]["visits"] == 2
    assert all(view["start"].startswith("2026-11-04") for view in report["screen_views"] + report["attract_views"])
    # a date and time: only the second visit of 3 November (it starts at 14:03) and the day after
    code, out, _ = run_report(capsys, "--database", str(path), "--since", "2026-11-03T14:02")
    visits = [row for row in csv.DictReader(io.StringIO(out)) if row["record"] == "visit"]
    assert code == 0 and [row["seconds"] for row in visits] == ["33.0", "140.0", "33.0"]


def run_main(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", "report", *argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env)


def test_a_bad_date_is_a_clear_error_with_status_2(tmp_path: Path) -> None:
    result = run_main("--database", str(tmp_path / "statistics.sqlite3"), "--since", "last tuesday")
    assert result.returncode == 2
    assert "'last tuesday' is not a date" in result.stderr and "YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_database_is_a_clear_error_with_status_1(tmp_path: Path, capsys) -> None:
    code, out, err = run_report(capsys, "--data-dir", str(tmp_path / "nowhere"))
    assert code == 1 and out == ""
    assert str(tmp_path / "nowhere" / "statistics.sqlite3") in err and "no statistics database" in err
    assert not (tmp_path / "nowhere").exists(), "the report creates nothing"


@pytest.mark.parametrize(("content", "message"), [(b"name,visits\nmuseum,3\n" * 200, "cannot read it"),
                                                  (b"", "not a visitor-statistics database")])
def test_a_file_that_is_not_a_statistics_database_is_a_clear_error(tmp_path: Path, capsys, content: bytes,
                                                                    message: str) -> None:
    path = tmp_path / "statistics.sqlite3"
    path.write_bytes(content)
    code, _, err = run_report(capsys, "--database", str(path))
    assert code == 1 and str(path) in err and message in err
    assert path.read_bytes() == content


def test_the_default_database_is_in_the_user_data_folder_and_csv_needs_no_qt(tmp_path: Path) -> None:
    data_home = tmp_path / "xdg-data"
    store = StatisticsStore(data_home / "iter-kiosk" / "statistics.sqlite3", wall_clock=lambda: AFTERNOON)
    store.start_visit()
    store.record_screen_view("home", 12.5)
    store.close()
    probe = ("import sys; from kiosk.cli import main; code = main(['report', *sys.argv[1:]]); "
             "qt = sorted(m for m in sys.modules if m.startswith('PySide6')); "
             "print('QT-LOADED', qt, file=sys.stderr) if qt else None; sys.exit(code)")
    config_home = tmp_path / "xdg-config"
    env = {**os.environ, "XDG_DATA_HOME": str(data_home), "XDG_CONFIG_HOME": str(config_home)}
    for form in ("csv", "json"):
        result = subprocess.run([sys.executable, "-c", probe, "--format", form], cwd=ROOT, capture_output=True,
                                text=True, timeout=120, env=env)
        assert result.returncode == 0, result.stderr
        assert "QT-LOADED" not in result.stderr
        assert "12.5" in result.stdout
    assert not config_home.exists(), "the report writes no first-run config file"


def test_the_config_files_data_dir_is_where_the_report_looks(tmp_path: Path, capsys) -> None:
    data_dir = tmp_path / "kiosk-data"
    store = StatisticsStore(data_dir / "statistics.sqlite3", wall_clock=lambda: AFTERNOON)
    store.start_visit()
    store.close()
    config = tmp_path / "config.yaml"
    config.write_text(f"data_dir: {data_dir}\n", encoding="utf-8")
    code, out, err = run_report(capsys, "--config", str(config))
    assert code == 0, err
    assert [row["record"] for row in csv.DictReader(io.StringIO(out))] == ["visit"]
    config.write_text(f"data_dir: {tmp_path / 'elsewhere'}\n", encoding="utf-8")
    code, _, err = run_report(capsys, "--config", str(config))
    assert code == 1 and str(tmp_path / "elsewhere" / "statistics.sqlite3") in err and f"{config}:1" in err


def colour_census(path: Path) -> tuple[tuple[int, int], int, float, set[str]]:
    """Size, distinct colours, share of pixels that are not the paper, and colours present (sampled)."""
    from PySide6.QtGui import QColor, QImage

    image = QImage(str(path))
    assert not image.isNull()
    paper = image.pixelColor(5, 5).name()
    colours: dict[str, int] = {}
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            name = QColor(image.pixel(x, y)).name()
            colours[name] = colours.get(name, 0) + 1
    total = sum(colours.values())
    return (image.width(), image.height()), len(colours), 1 - colours.get(paper, 0) / total, set(colours)


def test_plot_draws_visits_per_hour_and_time_per_screen(recorded, tmp_path: Path, capsys) -> None:
    from kiosk.statistics_plot import ACCENT, BAR

    path, _ = recorded
    picture = tmp_path / "visitors.png"
    code, out, err = run_report(capsys, "--database", str(path), "--plot", str(picture))
    assert code == 0, err
    assert out == "", "only the picture unless --format asks for a listing"
    size, colours, inked, present = colour_census(picture)
    assert size == (1600, 1000)
    assert colours > 30, "text and bars, antialiased"
    assert 0.05 < inked < 0.5
    assert ACCENT in present and BAR in present, "the busiest hour or screen in the accent, the rest in the bar colour"


def test_plot_of_an_empty_record_says_so(qapp, tmp_path: Path, capsys) -> None:
    database = tmp_path / "statistics.sqlite3"
    StatisticsStore(database, wall_clock=lambda: AFTERNOON).close()
    picture = tmp_path / "empty.png"
    code, _, err = run_report(capsys, "--database", str(database), "--plot", str(picture), "--format", "csv")
    assert code == 0, err
    size, colours, inked, _ = colour_census(picture)
    assert size == (1600, 1000) and colours > 10 and inked > 0.01
    code, _, err = run_report(capsys, "--database", str(database), "--plot", str(tmp_path / "no" / "such" / "x.png"))
    assert code == 1 and "cannot write the picture" in err
