"""`main.py check`: the technician's self-test, with real content packs, a real SQLite file and real Qt
rendering. Each failure a check exists for is provoked for real: a broken pack, a word too long for
its box, an unusable data folder, a bad config value, a chart counter that ends on the wrong figure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.check import Outcome, check_command, check_qt, guarded
from kiosk.locations import bundled_content_dir

ROOT = Path(__file__).resolve().parent.parent
BROKEN = Path(__file__).resolve().parent / "fixtures" / "broken"
PROBLEM_LINE = re.compile(r"^ {7}\S+:\d+:\d+: ")


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A config file keeping the statistics and the log inside the test's folder."""
    path = tmp_path / "config.yaml"
    path.write_text(f"data_dir: {tmp_path / 'data'}\nlog_dir: {tmp_path / 'log'}\n", encoding="utf-8")
    return path


def run_check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    status = check_command(list(argv))
    return status, capsys.readouterr().out.splitlines()


def line_for(lines: list[str], name: str) -> str:
    found = [line for line in lines if line[7:].startswith(name + ":")]
    assert found, f"no line for '{name}' in:\n" + "\n".join(lines)
    return found[0]


def test_every_check_passes_on_the_bundled_exhibit(qapp, capsys, config: Path, tmp_path: Path) -> None:
    status, lines = run_check(capsys, "--config", str(config))
    assert status == 0, "\n".join(lines)
    assert lines[-1] == "OK"
    results = lines[1:-1]
    assert results and all(line.startswith("[ OK ] ") for line in results), "\n".join(lines)
    assert line_for(lines, "content pack").endswith(f"{bundled_content_dir()}: 6 screens, 2 languages")
    assert sum(line[7:].startswith("screen ") for line in results) == 6
    assert "en, fr at 1920x1080" in line_for(lines, "screen meaning")
    assert "q10 200 GJ, long 900 GJ" in line_for(lines, "chart power")
    database = tmp_path / "data" / "statistics.sqlite3"
    assert str(database) in line_for(lines, "statistics") and database.exists()
    assert (tmp_path / "log").is_dir()


def test_the_size_comes_from_the_flag(qapp, capsys, config: Path) -> None:
    status, lines = run_check(capsys, "--config", str(config), "--size", "1080x1920")
    assert status == 0, "\n".join(lines)
    assert "at 1080x1920" in line_for(lines, "screen parties")


def test_a_broken_pack_fails_with_its_problems_and_renders_nothing(qapp, capsys, config: Path) -> None:
    pack = BROKEN / "missing_required"
    status, lines = run_check(capsys, "--config", str(config), "--content", str(pack))
    assert status == 1
    failure = line_for(lines, "content pack")
    assert failure.startswith("[FAIL]") and "1 errors" in failure
    details = lines[lines.index(failure) + 1]
    assert PROBLEM_LINE.match(details) and "parts.yaml:24:5:" in details and "'label'" in details
    assert line_for(lines, "screens").startswith("[SKIP]")
    assert lines[-1] == "FAILED: 1 checks: content pack"


def test_text_too_long_for_its_box_fails_that_screen(qapp, capsys, config: Path, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), pack)
    screen = pack / "screens" / "meaning.yaml"
    text = screen.read_text(encoding="utf-8")
    screen.write_text(text.replace('en: "ITER: the way to fusion energy"', 'en: "' + "Tokamak" * 40 + '"'),
                      encoding="utf-8")
    status, lines = run_check(capsys, "--config", str(config), "--content", str(pack))
    assert status == 1
    failure = line_for(lines, "screen meaning")
    assert failure.startswith("[FAIL]")
    assert "en: text does not fit its box: 'TokamakTokamak" in lines[lines.index(failure) + 1]
    assert line_for(lines, "screen power").startswith("[ OK ]")
    assert lines[-1] == "FAILED: 1 checks: screen meaning"


def test_unusable_data_and_log_folders_fail(qapp, capsys, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text(f"data_dir: {blocker / 'data'}\nlog_dir: {blocker / 'log'}\n", encoding="utf-8")
    status, lines = run_check(capsys, "--config", str(config))
    assert status == 1
    assert line_for(lines, "statistics").startswith("[FAIL]")
    assert "does not open" in line_for(lines, "statistics")
    assert line_for(lines, "log folder").startswith("[FAIL]")
    assert lines[-1] == "FAILED: 2 checks: statistics, log folder"


def test_statistics_switched_off_are_not_opened(qapp, capsys, config: Path, tmp_path: Path) -> None:
    config.write_text(config.read_text(encoding="utf-8") + "statistics: false\n", encoding="utf-8")
    status, lines = run_check(capsys, "--config", str(config))
    assert status == 0, "\n".join(lines)
    assert "off in the config file" in line_for(lines, "statistics")
    assert not (tmp_path / "data" / "statistics.sqlite3").exists()


def test_a_bad_config_value_fails_with_its_place(qapp, capsys, config: Path) -> None:
    config.write_text(config.read_text(encoding="utf-8") + "attract_after: soon\n", encoding="utf-8")
    status, lines = run_check(capsys, "--config", str(config))
    assert status == 1
    failure = line_for(lines, "config file")
    assert failure.startswith("[FAIL]") and "1 errors" in failure
    assert lines[lines.index(failure) + 1].startswith(f"       {config}:3:")


def test_a_counter_that_ends_wrong_fails_the_chart(qapp, capsys, config: Path, monkeypatch) -> None:
    from kiosk.charts.pulse import Pulse

    real = Pulse.full_power_energy
    monkeypatch.setattr(Pulse, "full_power_energy", lambda self, t: real(self, t) / 2)
    status, lines = run_check(capsys, "--config", str(config))
    assert status == 1
    failure = line_for(lines, "chart power")
    assert failure.startswith("[FAIL]")
    assert "q10: the counter ends on 100 GJ, not 200 GJ" in lines[lines.index(failure) + 1]


def test_pyside_6_12_0_on_python_3_11_fails(qapp, monkeypatch) -> None:
    import PySide6

    monkeypatch.setattr(PySide6, "__version__", "6.12.0")
    outcome = check_qt()
    assert outcome.status == ("FAIL" if sys.version_info[:2] == (3, 11) else "OK")
    assert "PySide6 6.12.0" in outcome.summary


def test_an_exception_in_a_check_becomes_a_failure_line() -> None:
    def broken() -> Outcome:
        return {}["missing"]

    outcome = guarded("broken", broken)
    assert outcome.status == "FAIL"
    assert outcome.summary.startswith("KeyError: 'missing' (at ")
    assert f"{Path(__file__).name}:" in outcome.summary
    assert list(outcome.lines()) == [f"[FAIL] broken: {outcome.summary}"]


def test_over_ssh_without_a_display_it_renders_off_screen(tmp_path: Path, config: Path) -> None:
    env = {name: value for name, value in os.environ.items()
           if name not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run([sys.executable, "main.py", "check", "--config", str(config)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "platform offscreen" in line_for(result.stdout.splitlines(), "qt")
    assert result.stdout.splitlines()[-1] == "OK"
    assert "Traceback" not in result.stderr
