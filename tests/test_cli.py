"""The command line as a museum technician uses it: `python main.py ...` in a subprocess."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import __version__
from kiosk.content.model import Exhibit

ROOT = Path(__file__).resolve().parent.parent
LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")


def main_py(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUNBUFFERED="1")
    return subprocess.run([sys.executable, "main.py", *map(str, args)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL, check=False)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_help_lists_options_and_commands() -> None:
    result = main_py("--help")
    assert result.returncode == 0, result.stderr
    for word in ("--windowed", "--size", "--content", "--lang", "--screen", "validate", "export"):
        assert word in result.stdout
    assert result.stderr == ""


def test_version() -> None:
    result = main_py("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"main.py {__version__}"


def test_validate_bundled_content_is_clean() -> None:
    result = main_py("validate", "content")
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 0, f"the bundled content has errors:\n{result.stdout}{result.stderr}"
    assert "OK:" in result.stdout


def test_validate_broken_pack_lists_problems_with_positions(tmp_path: Path) -> None:
    pack = tmp_path / "broken"
    (pack / "screens").mkdir(parents=True)
    (pack / "exhibit.yaml").write_text(
        'title: {en: Broken}\nversion: "1"\nlanguages: [en]\ndefault_language: en\nscreens: [intro, missing]\n',
        encoding="utf-8")
    (pack / "screens" / "intro.yaml").write_text("layout: hero\ntitle: {en: Intro\n", encoding="utf-8")

    result = main_py("validate", pack)

    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    located = [match for line in result.stdout.splitlines() if (match := LOCATED.match(line))]
    assert len(located) >= 2, output
    for match in located:
        assert Path(match["path"]).is_relative_to(pack)
        assert int(match["line"]) >= 1 and int(match["column"]) >= 1
    by_file = {Path(match["path"]).name: match for match in located}
    assert by_file["exhibit.yaml"]["line"] == "5" and "missing" in by_file["exhibit.yaml"]["message"]
    assert "YAML" in by_file["intro.yaml"]["message"]


def test_validate_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    result = main_py("validate", tmp_path / "nowhere")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "not found" in result.stdout


@pytest.mark.slow
def test_export_writes_a_png_per_screen_and_a_contact_sheet(tmp_path: Path, exhibit: Exhibit) -> None:
    out = tmp_path / "export"
    result = main_py("export", out, "--size", "1280x720", timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    expected = [f"{index:02d}-{screen.id}.png" for index, screen in enumerate(exhibit.screens, start=1)]
    assert sorted(path.name for path in out.glob("*.png")) == sorted(expected)
    for name in expected:
        assert png_size(out / name) == (1280, 720), name
    sheet = out / "contact-sheet.pdf"
    assert sheet.read_bytes()[:5] == b"%PDF-"
    assert sheet.stat().st_size > 10_000  # six screenshots, not an empty page
