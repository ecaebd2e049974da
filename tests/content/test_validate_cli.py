"""`python main.py validate PACK`: one `path:line:column: message` line per problem, exit status 1
on errors, and never a traceback. Run as a real subprocess."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from content_packs import materialize

from kiosk.locations import bundled_content_dir, program_root

LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")


def validate(pack: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(program_root() / "main.py"), "validate", str(pack), *options],
                          capture_output=True, text=True, encoding="utf-8", timeout=120, cwd=program_root())


@pytest.mark.parametrize(("case", "file", "line"), [
    ("yaml_syntax", "screens/parts.yaml", 3),
    ("unknown_key", "screens/parts.yaml", 2),
    ("non_utf8", "screens/members.yaml", 10),
    ("duplicate_screen_in_order", "exhibit.yaml", 6),
    ("alias_bomb", "screens/parts.yaml", None),
    ("truncated_png", "screens/parts.yaml", 9),
])
def test_validate_a_broken_pack(case: str, file: str, line: int | None, tmp_path: Path) -> None:
    pack = materialize(case, tmp_path)

    run = validate(pack)

    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    located = [LOCATED.match(text) for text in run.stdout.splitlines()]
    assert located and all(located), f"every line of stdout must be path:line:column: message:\n{run.stdout}"
    assert any(Path(m["path"]) == pack / file and (line is None or int(m["line"]) == line) for m in located), \
        run.stdout
    assert "errors" in run.stderr  # the summary goes to stderr


def test_validate_quiet_prints_errors_only(tmp_path: Path) -> None:
    pack = materialize("unknown_screen", tmp_path)  # an error, and a warning about the unlisted file
    loud, quiet = validate(pack), validate(pack, "--quiet")
    assert loud.returncode == quiet.returncode == 1
    assert "warning:" in loud.stdout
    assert "warning:" not in quiet.stdout
    assert quiet.stdout.strip() and quiet.stderr == ""
    assert all(LOCATED.match(text) for text in quiet.stdout.splitlines())


def test_validate_the_bundled_pack() -> None:
    run = validate(bundled_content_dir())
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert re.fullmatch(rf"{re.escape(str(bundled_content_dir()))}: OK: 6 screens, 2 languages, \d+ facts",
                        run.stdout.strip()), run.stdout


def test_validate_without_an_argument_checks_the_bundled_pack() -> None:
    run = subprocess.run([sys.executable, "main.py", "validate"], capture_output=True, text=True, timeout=120,
                         cwd=program_root())
    assert run.returncode == 0, run.stdout + run.stderr
    assert ": OK: 6 screens" in run.stdout


def test_validate_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    run = validate(tmp_path / "nowhere")
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    assert run.stdout.strip() == f"{tmp_path / 'nowhere'}:0:0: content folder not found"
