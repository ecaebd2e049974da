"""Hostile content: the extra broken packs of hostile_packs.py are refused quickly with a located
error, by the loader and by `main.py validate` (one line per problem, exit status 1, no traceback);
SVG pictures must be self-contained; and a visitor never sees content text interpreted as markup."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hostile_packs import EXPECTED, FIXTURES, HOSTILE, TEST_TIME_DEFECTS, all_cases, hostile_pack_files, materialize

from kiosk.content.loader import load_pack
from kiosk.content.svgrefs import svg_text_outside_reference
from kiosk.locations import program_root

LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")


def test_there_are_more_than_fifty_broken_packs_and_each_has_an_expectation() -> None:
    assert set(EXPECTED) == set(HOSTILE)
    on_disk = sorted(folder.name for folder in FIXTURES.iterdir() if folder.is_dir())
    assert on_disk == all_cases(), "a fixture folder is missing or left over; regenerate it (see hostile_packs.py)"
    assert len(on_disk) >= 50, on_disk


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_pack_is_refused_quickly_with_a_located_error(case: str, tmp_path: Path) -> None:
    pack = materialize(case, tmp_path)
    started = time.perf_counter()
    result = load_pack(pack)
    seconds = time.perf_counter() - started
    expected = EXPECTED[case]
    errors = [problem for problem in result.problems if problem.is_error]
    assert not result.ok and result.exhibit is None
    assert any(problem.path == pack / expected.file and problem.line == expected.line
               and expected.message in problem.message for problem in errors), [str(p) for p in errors]
    assert all("\n" not in problem.message for problem in result.problems), "one problem, one line"
    assert seconds < 2.0, f"{case} took {seconds:.2f} s to refuse"


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_fixture_folder_is_the_minimal_pack_with_one_defect(case: str) -> None:
    folder = FIXTURES / case
    on_disk = {path.relative_to(folder).as_posix(): path.read_bytes()
               for path in folder.rglob("*") if path.is_file() and not path.is_symlink()}
    expected = hostile_pack_files(case)
    assert on_disk == expected, f"{folder} is out of date: run .venv/bin/python tests/robustness/hostile_packs.py" \
        + (f" ({TEST_TIME_DEFECTS[case]} at test time)" if case in TEST_TIME_DEFECTS else "")


def test_validate_prints_one_located_line_per_problem_for_every_hostile_pack(tmp_path: Path) -> None:
    """All the packs at once (the commands run side by side: each is a Python start-up)."""
    packs = {case: materialize(case, tmp_path / case) for case in sorted(HOSTILE)}
    runs = {case: subprocess.Popen([sys.executable, "main.py", "validate", str(pack)], cwd=program_root(),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
            for case, pack in packs.items()}
    for case, run in runs.items():
        out, err = run.communicate(timeout=120)
        assert run.returncode == 1, f"{case}: {out}{err}"
        assert "Traceback" not in out + err, f"{case}: {out}{err}"
        lines = out.splitlines()
        assert lines and all(LOCATED.match(line) for line in lines), f"{case}: not path:line:column: message\n{out}"
        expected = EXPECTED[case]
        assert any(f"{packs[case] / expected.file}:{expected.line}:" in line and expected.message in line
                   for line in lines), f"{case}:\n{out}"


def test_the_python_tag_runs_nothing(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    marker = tmp_path / "pwned"
    (pack / "exhibit.yaml").write_text(f'title: !!python/object/apply:os.system ["touch {marker}"]\n'
                                       f'version: !!python/object/apply:os.system ["touch {marker}"]\n')
    result = load_pack(pack)
    assert not result.ok
    assert not marker.exists(), "a YAML tag ran a command"


@pytest.mark.parametrize(("svg", "refused"), [
    ('<svg><rect fill="url(#grad)"/><use href="#part"/></svg>', None),
    ('<svg><image href="data:image/png;base64,iVBORw0KGgo="/></svg>', None),
    ('<svg>\n<image xlink:href="photo.png"/></svg>', "line 2 refers to 'photo.png'"),
    ("<svg><use href='other.svg#part'/></svg>", "refers to 'other.svg#part'"),
    ('<svg><rect style="fill: url(http://example.com/x)"/></svg>', "refers to 'http://example.com/x'"),
    ('<svg><style>@import "x.css";</style></svg>', "external style sheet"),
    ('<?xml-stylesheet href="x.css"?><svg/>', "external style sheet"),
    ('<!DOCTYPE svg [<!ENTITY x PUBLIC "-//x" "http://x/y">]><svg/>', "external XML entity"),
    ('<!DOCTYPE svg [<!ENTITY ns_svg "http://www.w3.org/2000/svg">]><svg xmlns="&ns_svg;"/>', None),
])
def test_an_svg_must_be_self_contained(svg: str, refused: str | None) -> None:
    problem = svg_text_outside_reference("x.svg", svg)
    if refused is None:
        assert problem is None
    else:
        assert problem is not None and refused in problem


# --- texts are plain text -------------------------------------------------------------------------------

MARKUP = '<img src="file:///etc/hostname"><b>bold</b><a href="http://example.invalid">link</a> '


def _with_markup(value: Any) -> Any:
    """The same model value with MARKUP in front of every visitor-visible text."""
    from kiosk.content.model import Text

    if isinstance(value, Text):
        return Text({language: MARKUP + text for language, text in value.values.items()}, value.raw)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {spec.name: _with_markup(getattr(value, spec.name)) for spec in dataclasses.fields(value)
                   if spec.init}
        return dataclasses.replace(value, **changes)
    if isinstance(value, (tuple, list)):
        return type(value)(_with_markup(item) for item in value)
    if isinstance(value, dict):
        return {key: _with_markup(item) for key, item in value.items()}
    return value


def test_content_text_is_never_shown_as_rich_text(qtbot, exhibit) -> None:
    """Every screen of the bundled exhibit, with HTML in every text: no label lets it through as
    markup (plain-text labels show it literally; the chart's rich caption escapes it)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from kiosk.app import make_context
    from kiosk.clock import ManualClock
    from kiosk.stage import Stage

    hostile = _with_markup(exhibit)
    stage = Stage(hostile, make_context(hostile, ManualClock(), None))
    qtbot.addWidget(stage)
    stage.resize(1280, 720)
    checked = 0
    for index in range(len(hostile.screens)):
        view = stage.view(index)
        for label in view.findChildren(QLabel):
            text = label.text()
            if "<img" not in text and "&lt;img" not in text:
                continue
            checked += 1
            plain = label.textFormat() == Qt.TextFormat.PlainText
            assert plain or "<img" not in text, f"{view.objectName()}: {label.objectName()} shows markup: {text!r}"
    assert checked >= len(hostile.screens), f"only {checked} labels carried the injected text"


def _png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims a huge picture (a "decompression bomb")."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = zlib.compress((b"\x00" + b"\x80" * width) * 20, 9)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


@pytest.mark.parametrize(("name", "data"), [
    ("bomb.png", _png_claiming(50_000, 50_000)),  # 10 GB of pixels if decoded
    ("cut.png", None),  # a PNG cut short after validation (a copy still running)
    ("garbage.jpg", b"\xff\xd8\xff" + b"\x00" * 64 + b"\xff\xd9"),
])
def test_a_picture_that_cannot_be_drawn_shows_its_alt_text_at_no_cost(qtbot, tmp_path: Path, name: str,
                                                                     data: bytes | None) -> None:
    """What validation cannot promise (the file changed, or its header lies) is handled where it is
    drawn: the alt text in a calm placeholder, quickly, without the memory the header asks for."""
    from content_packs import png_bytes

    from kiosk.procinfo import resident_bytes
    from kiosk.widgets.picture import Picture

    path = tmp_path / name
    path.write_bytes(data if data is not None else png_bytes(64, 64)[:70])
    before = resident_bytes() or 0
    started = time.perf_counter()
    picture = Picture(path, "A cut-away drawing of the machine")
    qtbot.addWidget(picture)
    picture.resize(800, 600)
    image = picture.grab().toImage()
    seconds = time.perf_counter() - started
    grown_mb = ((resident_bytes() or 0) - before) / 2**20
    assert picture.failed, f"{name} was drawn"
    assert image.pixelColor(400, 300) != image.pixelColor(0, 0), "no placeholder drawn"
    assert seconds < 2 and grown_mb < 50, f"{name}: {seconds:.2f} s, {grown_mb:.0f} MB"
