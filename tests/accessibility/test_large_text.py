"""Large text: every text grows (1.4 times, headlines less) and still fits its box, in English
and French, at 1920x1080 and 1080x1920, with every callout, member, place and event opened."""

from __future__ import annotations

import pytest
from accessibility_support import LANDSCAPE, LARGE, PORTRAIT, describe, every_screen, open_every_detail
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.accessibility import large_text_px
from kiosk.content.model import Theme
from kiosk.stage import Stage
from kiosk.widgets.controls import Tappable
from kiosk.widgets.text import label_overflows


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, widget.rect().topLeft()), widget.size())


def shown(widget: QWidget, stage: Stage) -> bool:
    return widget.isVisibleTo(stage) and widget.isVisible()


def text_problems(stage: Stage) -> list[str]:
    """Texts that do not fit, that leave the screen, or that run into a control."""
    view = stage.current_view()
    problems = []
    labels = [label for label in view.text_labels() if shown(label, stage)]
    for label in labels:
        text = repr(label.text()[:40])
        if label_overflows(label):
            problems.append(f"{text} does not fit its {label.width()}x{label.height()} box")
        if not stage.rect().contains(rect_in(label, stage)):
            problems.append(f"{text} leaves the screen")
    controls = [w for w in stage.findChildren(QWidget) if isinstance(w, (Tappable, QAbstractButton))
                and shown(w, stage) and w.width() > 0]
    for control in controls:
        fits = getattr(control, "text_fits", None)
        if fits is not None and not fits():
            problems.append(f"{describe(control)} {getattr(control, 'text', lambda: '')()!r} does not fit")
    for label in labels:
        for control in controls:
            if control.isAncestorOf(label) or not isinstance(control, Tappable | QAbstractButton):
                continue
            if rect_in(label, stage).intersects(rect_in(control, stage)):
                problems.append(f"{label.text()[:30]!r} runs into {describe(control)}")
    problems += [f"{describe(r)}: {line}" for r in view.findChildren(QWidget) if hasattr(r, "fit_problems")
                 for line in r.fit_problems() if shown(r, stage)]
    return problems


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["1920x1080", "1080x1920"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_large_text_fits_on_every_screen(make_stage, exhibit, size, language) -> None:
    stage = make_stage(exhibit, size, language, LARGE)
    problems = []
    for index in every_screen(stage):
        screen = exhibit.screens[index]
        for state in open_every_detail(stage):
            problems += [f"{screen.id} ({state}): {p}" for p in text_problems(stage)]
    stage.access.open()
    switches = stage.access.panel.switches.values()
    problems += [f"access panel: {s.label!r} does not fit" for s in switches if not s.text_fits()]
    if not stage.access.panel.heading_fits():
        problems.append("access panel: the heading does not fit")
    assert not problems, "\n".join(problems)


READING_ROLES = ("body", "caption", "subtitle", "heading", "strong", "kicker", "date", "figure")


def test_large_text_makes_the_reading_text_larger(make_stage, exhibit) -> None:
    """On every screen and size, every label of reading text is drawn larger: 1.4 times its
    normal size where there is room, never less than 1.12 times (1.4 x 0.8, the fit routine's
    last step on a crowded screen); and the share at 1.3 times or more is most of them.
    Headlines and big figures may give way (they are 84 px or more already)."""
    problems, compared, ratios = [], 0, []
    for size in (LANDSCAPE, PORTRAIT):
        normal = make_stage(exhibit, size, "fr")
        large = make_stage(exhibit, size, "fr", LARGE)
        for index in every_screen(normal):
            large.go_to(index, duration_ms=0)
            before = {key_of(label): label.font().pixelSize() for label in normal.current_view().text_labels()}
            for label in large.current_view().text_labels():
                normal_size = before.get(key_of(label))
                if normal_size is None:
                    continue
                now = label.font().pixelSize()
                compared += 1
                role = getattr(label, "role", "")
                if role in READING_ROLES:
                    ratios.append(now / normal_size)
                    if now < normal_size * 1.12 - 1:
                        problems.append(f"{exhibit.screens[index].id} {size}: {role} {label.text()[:30]!r} "
                                        f"{normal_size} -> {now} px")
    assert compared > 80
    assert not problems, "\n".join(problems)
    assert sum(r >= 1.3 for r in ratios) / len(ratios) > 0.6, sorted(ratios)


def key_of(label: QLabel) -> tuple[str, str]:
    return (getattr(label, "role", ""), label.text())


def test_large_text_sizes() -> None:
    theme = Theme()
    assert large_text_px(theme.body_px, theme.heading_px) == pytest.approx(32 * 1.4)
    assert large_text_px(theme.caption_px, theme.heading_px) == pytest.approx(24 * 1.4)
    assert large_text_px(theme.heading_px, theme.heading_px) == pytest.approx(84 * 1.25)
    assert large_text_px(theme.heading_px * 1.45, theme.heading_px) == pytest.approx(84 * 1.45)


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["1920x1080", "1080x1920"])
def test_large_text_fits_every_layout_of_the_curators_guide(make_stage, tmp_path, size) -> None:
    """The guide's example pack has one screen of each of the six layouts (the bundled exhibit
    has no image_text screen)."""
    import sys

    from kiosk.content.loader import load_pack
    from kiosk.locations import program_root

    sys.path.insert(0, str(program_root() / "docs" / "images"))
    import make_images

    guide = (program_root() / "docs" / "curators.md").read_text(encoding="utf-8")
    result = load_pack(make_images.write_example_pack(make_images.guide_examples(guide), tmp_path / "pack"))
    assert result.ok, [str(p) for p in result.problems]
    exhibit = result.exhibit
    assert {s.layout for s in exhibit.screens} == {"hero", "image_text", "timeline", "hotspots", "map", "chart"}
    problems = []
    for language in exhibit.languages:
        stage = make_stage(exhibit, size, language, LARGE)
        for index in every_screen(stage):
            for state in open_every_detail(stage):
                problems += [f"{exhibit.screens[index].id} {language} ({state}): {p}" for p in text_problems(stage)]
    assert not problems, "\n".join(problems)
