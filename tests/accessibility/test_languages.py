"""English and French: switching to French on any screen leaves no English on it (labels,
buttons, chart chrome, callouts, what is painted), `export --lang fr` draws French, a missing
French text fails `validate` with its file and line, and a third language needs no code."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from accessibility_support import LANDSCAPE, PORTRAIT, every_screen, open_every_detail
from PySide6.QtGui import QImage, QPainter, QTextDocumentFragment
from PySide6.QtWidgets import QApplication, QLabel

from kiosk.charts.view import CATALOGUE as CHART_CATALOGUE
from kiosk.content.loader import load_pack
from kiosk.i18n import CATALOGUE
from kiosk.locations import bundled_content_dir, program_root
from kiosk.stage import Stage

# Written the same in both languages on purpose: names, language names, units.
SAME_IN_BOTH = {"English", "Français", "Plasma", "Divertor", "Cryostat", "Marseille", "Aix-en-Provence",
                "ITER, Cadarache", "ITER", "JET", "MW", "GJ", "MJ"}
NUMBERS_AND_UNITS = re.compile(r"[\d\s\W]*(?:MW|GJ|MJ|ha|km|m|s|min|°C|Q|ITER|JET)?[\d\s\W]*")
ENGLISH_PHRASES = sorted({t["en"] for t in CATALOGUE.values()} | set(CHART_CATALOGUE["en"].values())
                         - {t["fr"] for t in CATALOGUE.values()} - set(CHART_CATALOGUE["fr"].values()))


def plain(text: str) -> str:
    if "<" in text:
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    return " ".join(text.replace("\u2028", " ").split())


class PaintedText:
    """Every string our widgets paint with QPainter.drawText while the stage is drawn (the
    Python-drawn ones: buttons, readouts, the JET card, chart ticks), recorded as they are drawn."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.texts: list[str] = []
        original = QPainter.drawText

        def draw_text(painter: QPainter, *args: object) -> object:
            self.texts += [arg for arg in args if isinstance(arg, str)]
            return original(painter, *args)

        monkeypatch.setattr(QPainter, "drawText", draw_text)

    def of(self, stage: Stage) -> list[str]:
        self.texts = []
        stage.grab()
        return list(self.texts)


def visible_texts(stage: Stage, painted: PaintedText) -> set[str]:
    """Every text a visitor can see on the stage now."""
    texts = [label.text() for label in stage.findChildren(QLabel) if label.isVisible() and label.text()]
    texts += painted.of(stage)
    view = stage.current_view()
    chart = getattr(view, "chart", None)
    if chart is not None:
        texts += [chart.clock_label.textItem.toPlainText(), chart.plot.getPlotItem().getAxis("bottom").label
                  .toPlainText()]
        if chart.jet_label.isVisible():
            texts.append(chart.jet_label.textItem.toPlainText())
    canvas = getattr(view, "canvas", None)
    if canvas is not None:
        texts += canvas.marker_labels
    return {plain(text) for text in texts if plain(text)}


def language_neutral(text: str) -> bool:
    """Numbers, units, and the names above (also as "4 Divertor", a numbered entry)."""
    return NUMBERS_AND_UNITS.fullmatch(text) is not None or re.sub(r"^\d+\s+", "", text) in SAME_IN_BOTH


def english_left(french: set[str], english: set[str]) -> list[str]:
    """French texts that are the English ones, or that hold an English phrase of the program's."""
    left = [t for t in french & english if not language_neutral(t)]
    left += [f"{t!r} holds {p!r}" for t in french for p in ENGLISH_PHRASES if len(p) > 4 and p in t]
    return left


def states(stage: Stage) -> Iterator[str]:
    for index in every_screen(stage):
        for state in open_every_detail(stage):
            yield f"{stage.exhibit.screens[index].id} ({state})"


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["1920x1080", "1080x1920"])
def test_switching_to_french_leaves_no_english_on_any_screen(make_stage, exhibit, monkeypatch, size) -> None:
    painted = PaintedText(monkeypatch)
    switched = make_stage(exhibit, size, "en")  # switched at run time, on each screen in each state
    english = make_stage(exhibit, size, "en")
    french = make_stage(exhibit, size, "fr")  # built in French: what the switch must give
    problems, compared = [], 0
    for where, _, _ in zip(states(switched), states(english), states(french), strict=True):
        index = switched.index
        switched.set_language("fr")
        QApplication.processEvents()
        assert switched.index == index, "switching language keeps the visitor on their screen"
        texts_fr = visible_texts(switched, painted)
        texts_en = visible_texts(english, painted)
        expected = visible_texts(french, painted)
        compared += len(texts_fr)
        problems += [f"{where}: English left: {text}" for text in english_left(texts_fr, texts_en)]
        problems += [f"{where}: not updated by the switch: {text!r}" for text in sorted(texts_fr - expected)
                     if not NUMBERS_AND_UNITS.fullmatch(text)]  # (tick labels may thin out differently)
        switched.set_language("en")
    assert compared > 400
    assert not problems, "\n".join(problems)


def test_the_attract_call_to_action_and_the_back_soon_screen_speak_french(qtbot, make_stage, exhibit,
                                                                          monkeypatch) -> None:
    from kiosk.backsoon import BackSoonWindow
    from kiosk.clock import ManualClock
    from kiosk.controllers.attract import AttractController, AttractPlan

    french_exhibit = dataclasses.replace(exhibit, default_language="fr")  # attract resets to the default
    stage = make_stage(french_exhibit, LANDSCAPE, "en")
    attract = AttractController(stage, ManualClock(), AttractPlan(call_to_action=exhibit.attract.call_to_action))
    attract.enter()
    assert stage.language == "fr"
    assert attract.overlay.text == exhibit.attract.call_to_action.get("fr") == "Touchez pour explorer"
    attract.leave()
    attract.uninstall()
    painted = PaintedText(monkeypatch)
    window = BackSoonWindow(windowed=True)
    qtbot.addWidget(window)
    window.resize(960, 540)
    painted.texts = []
    window.grab()
    assert CATALOGUE["back_soon"]["fr"] in painted.texts and CATALOGUE["back_soon"]["en"] in painted.texts


def render(exhibit, size: tuple[int, int], language: str, index: int) -> QImage:
    """A screen drawn as `export` draws it."""
    from PySide6.QtCore import Qt

    from kiosk.app import make_context
    from kiosk.clock import ManualClock

    stage = Stage(exhibit, make_context(exhibit, ManualClock(), language, reduced_motion=True))
    stage.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    stage.resize(*size)
    stage.show()
    stage.go_to(index, duration_ms=0)
    QApplication.processEvents()
    stage.current_view().entered()
    QApplication.processEvents()
    image = stage.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    stage.current_view().left()
    stage.close()
    stage.deleteLater()
    return image


def difference(a: QImage, b: QImage) -> float:
    """Mean absolute difference per channel, 0..255 (sampled every 4th pixel)."""
    assert a.size() == b.size()
    total, count = 0, 0
    for y in range(0, a.height(), 4):
        for x in range(0, a.width(), 4):
            pa, pb = a.pixel(x, y), b.pixel(x, y)
            total += sum(abs(((pa >> s) & 255) - ((pb >> s) & 255)) for s in (0, 8, 16))
            count += 3
    return total / count


def test_export_lang_fr_draws_french_pictures(qapp, exhibit, tmp_path: Path) -> None:
    size = (960, 540)
    run = subprocess.run([sys.executable, "main.py", "export", str(tmp_path), "--lang", "fr", "--size", "960x540"],
                         capture_output=True, text=True, timeout=300, cwd=program_root())
    assert run.returncode == 0, run.stdout + run.stderr
    pictures = sorted(tmp_path.glob("*.png"))
    assert [p.name for p in pictures] == [f"{i + 1:02d}-{s.id}.png" for i, s in enumerate(exhibit.screens)]
    for index in (0, 2):  # the hero and the cut-away
        exported = QImage(str(pictures[index])).convertToFormat(QImage.Format.Format_RGB32)
        french, english = render(exhibit, size, "fr", index), render(exhibit, size, "en", index)
        assert difference(exported, french) < 0.5, "the export is the French screen"
        assert difference(exported, english) > 3 * max(difference(exported, french), 0.2)


# --- validate: a French text removed -------------------------------------------------------------
VALUE = r'(?:"(?:[^"\\]|\\.)*"|[^{},"]*)'  # a flow-mapping value: quoted (may hold {fact:...}) or plain
INLINE_FRENCH = re.compile(rf"(\{{en: {VALUE}), fr: ({VALUE})\}}")

def french_lines(path: Path) -> Iterator[tuple[int, int]]:
    """(line of a French text, line where validate reports it missing), 1-based: a block `fr:`
    right under its `en:`, or an inline {en: ..., fr: ...}."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if re.match(r"\s+fr: ", line) and re.match(r"\s+en: ", lines[number - 2]) and \
                len(line) - len(line.lstrip()) == len(lines[number - 2]) - len(lines[number - 2].lstrip()):
            yield number, number - 1
        elif INLINE_FRENCH.search(line):
            yield number, number


def without_french(path: Path, line: int) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if re.match(r"\s+fr: ", lines[line - 1]):
        del lines[line - 1]
    else:
        lines[line - 1] = INLINE_FRENCH.sub(lambda m: m[1] + "}", lines[line - 1], count=1)
    path.write_text("".join(lines), encoding="utf-8")


def screen_files() -> list[Path]:
    return sorted((bundled_content_dir() / "screens").glob("*.yaml"))


@pytest.mark.parametrize("name", [p.name for p in screen_files()])
def test_a_missing_french_text_is_reported_with_its_file_and_line(name: str, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), pack)
    path = pack / "screens" / name
    candidates = list(french_lines(path))
    assert len(candidates) >= 3, name
    for removed, reported in (candidates[0], candidates[len(candidates) // 2], candidates[-1]):
        shutil.copy(bundled_content_dir() / "screens" / name, path)
        without_french(path, removed)
        result = load_pack(pack)
        assert not result.ok
        errors = [p for p in result.problems if p.is_error]
        assert [(p.path, p.line, "is missing the fr text" in p.message) for p in errors] == [(path, reported, True)], \
            [str(p) for p in errors]


def test_validate_fails_on_a_missing_french_text(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), pack)
    path = pack / "screens" / "cutaway.yaml"
    removed, reported = next(french_lines(path))
    without_french(path, removed)
    run = subprocess.run([sys.executable, "main.py", "validate", str(pack)], capture_output=True, text=True,
                         timeout=120, cwd=program_root())
    assert run.returncode == 1
    assert re.search(rf"^{re.escape(str(path))}:{reported}:\d+: '\w+' is missing the fr text$", run.stdout,
                     re.MULTILINE), run.stdout


def test_a_third_language_needs_no_code(make_stage, tmp_path: Path) -> None:
    """German added to a copy of the pack, its texts beside the others: it validates, the switch
    shows it, and the program's own words fall back to English."""
    pack = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), pack)
    exhibit_file = pack / "exhibit.yaml"
    exhibit_file.write_text(exhibit_file.read_text(encoding="utf-8").replace("languages: [en, fr]",
                                                                              "languages: [en, fr, de]"))
    for path in [exhibit_file, *(pack / "screens").glob("*.yaml")]:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^(\s+)fr: (.*)$", lambda m: f"{m[0]}\n{m[1]}de: {german(m[2])}", text, flags=re.MULTILINE)
        text = INLINE_FRENCH.sub(lambda m: f"{m[1]}, fr: {m[2]}, de: {german(m[2])}}}", text)
        path.write_text(text, encoding="utf-8")
    result = load_pack(pack)
    assert result.ok, "\n".join(map(str, result.problems))
    exhibit = result.exhibit
    assert exhibit.languages == ("en", "fr", "de")
    stage = make_stage(exhibit, LANDSCAPE, "en")
    assert [b.text() for b in stage.language_buttons.values()] == ["English", "Français", "Deutsch"]
    stage.go_to(2, duration_ms=0)
    stage.language_buttons["de"].tapped.emit()
    view = stage.current_view()
    assert stage.language == "de" and view.title.text() == "(de) Au cœur de la machine"
    assert view.hint.text() == CATALOGUE["tap_number"]["en"]


def german(french: str) -> str:
    """A stand-in German text: the French one, marked (quotes kept balanced)."""
    if french.startswith('"'):
        return '"(de) ' + french[1:]
    return "(de) " + french
