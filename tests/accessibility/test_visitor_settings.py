"""The visitor settings: the accessibility button and its panel, changes applied at once to every
screen in place, reduced motion, and the reset to the exhibit's defaults when attract mode starts."""

from __future__ import annotations

from pathlib import Path

import pytest
from accessibility_support import LANDSCAPE
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.accessibility import VisitorSettings, high_contrast_theme
from kiosk.app import make_context
from kiosk.clock import ManualClock
from kiosk.content.contrast import contrast_ratio
from kiosk.content.loader import load_pack
from kiosk.layouts.base import ROLE_STYLES
from kiosk.locations import bundled_content_dir
from kiosk.stage import Stage


def widgets_of(stage: Stage) -> set[int]:
    return {id(w) for w in stage.findChildren(QWidget)}


def test_the_accessibility_button_opens_three_switches_that_apply_at_once(qtbot, make_stage, exhibit) -> None:
    stage = make_stage(exhibit, LANDSCAPE, "fr")
    stage.go_to(2, duration_ms=0)
    visited = stage.current_view()
    stage.go_to(4, duration_ms=0)
    view = stage.current_view()
    body_before = view.body.font().pixelSize()
    built = widgets_of(stage)
    changes = []
    stage.settings_changed.connect(changes.append)
    button = stage.access.button
    assert button.x() + button.width() <= stage.language_buttons["en"].x(), "beside the language switch"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    panel = stage.access.panel
    assert stage.access.is_open and panel.isVisible()
    assert [s.label for s in panel.switches.values()] == ["Grands caractères", "Contraste élevé",
                                                          "Réduire les animations"]
    qtbot.mouseClick(panel.switches["large_text"], Qt.MouseButton.LeftButton)
    assert stage.settings.large_text and changes == [stage.settings]
    assert view.body.font().pixelSize() > body_before * 1.1, "the screen on show changed at once"
    assert visited.title.font().pixelSize() > 84, "and the screens already built too"
    qtbot.mouseClick(panel.switches["high_contrast"], Qt.MouseButton.LeftButton)
    hc = high_contrast_theme(exhibit.theme)
    assert view.body.palette().color(QPalette.ColorRole.WindowText).name() == getattr(hc, ROLE_STYLES["body"][3])
    assert stage.index == 4 and stage.language == "fr", "the visitor stays where they were"
    assert widgets_of(stage) == built, "restyled in place: nothing rebuilt (no reload flash)"
    assert panel.switches["large_text"].accessibleName() == "Grands caractères\u00a0: activé"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not stage.access.is_open
    new_view = stage.view(5)
    assert new_view.title.font().pixelSize() >= view.title.font().pixelSize() * 0.9, "new screens follow too"


def test_a_tap_outside_the_panel_closes_it(qtbot, make_stage, exhibit) -> None:
    stage = make_stage(exhibit, LANDSCAPE, "en")
    stage.access.open()
    qtbot.mouseClick(stage.access.scrim, Qt.MouseButton.LeftButton, pos=stage.rect().center())
    assert not stage.access.is_open and stage.settings == VisitorSettings(reduced_motion=True)
    stage.access.open()
    stage.next()
    assert not stage.access.is_open, "changing screen closes it"


def test_reduced_motion_cuts_screens_and_shows_charts_complete(qtbot, exhibit) -> None:
    clock = ManualClock()
    stage = Stage(exhibit, make_context(exhibit, clock, "en"))
    qtbot.addWidget(stage)
    stage.resize(*LANDSCAPE)
    stage.show()
    qtbot.waitExposed(stage)
    power = next(i for i, s in enumerate(exhibit.screens) if s.chart is not None)
    stage.go_to(power, duration_ms=0)
    chart = stage.current_view().chart
    stage.current_view().entered()
    assert chart.animating and chart.energy_gj < 1, "with motion, the pulse plays from the start"
    stage.apply_settings(VisitorSettings(reduced_motion=True))
    assert not chart.animating and chart.energy_gj == pytest.approx(200, rel=0.01), "the final state at once"
    stage.next()
    assert not stage.transitioning and stage.index == power + 1, "a plain cut"
    stage.apply_settings(VisitorSettings())
    stage.previous()
    assert stage.transitioning, "motion back on: screens slide again"
    stage.finish_transition()
    stage.current_view().left()


def test_reset_returns_to_the_exhibits_defaults(make_stage, exhibit) -> None:
    stage = make_stage(exhibit, LANDSCAPE, "en")
    defaults = stage.default_settings
    stage.apply_settings(VisitorSettings(large_text=True, high_contrast=True, reduced_motion=True))
    stage.set_language("fr")
    stage.access.open()
    stage.reset()
    assert stage.settings == defaults and stage.language == "en" and not stage.access.is_open
    assert not stage.style_.high_contrast and not stage.style_.large_text


def test_settings_the_config_file_makes_defaults_survive_the_reset(qtbot, exhibit) -> None:
    context = make_context(exhibit, ManualClock(), "en", reduced_motion=True)
    context.large_text = True  # what the lead's settings put in the context (large_text: true in the config)
    stage = Stage(exhibit, context)
    qtbot.addWidget(stage)
    stage.resize(*LANDSCAPE)
    stage.show()
    assert stage.style_.large_text
    stage.apply_settings(VisitorSettings(large_text=False, high_contrast=True, reduced_motion=True))
    stage.reset()
    assert stage.settings == VisitorSettings(large_text=True, high_contrast=False, reduced_motion=True)


def test_attract_mode_resets_the_visitor_settings(qtbot, make_stage, exhibit) -> None:
    from kiosk.controllers.attract import AttractController, AttractPlan

    clock = ManualClock()
    stage = make_stage(exhibit, LANDSCAPE, "en")
    attract = AttractController(stage, clock, AttractPlan(after_seconds=60))
    attract.install()
    stage.apply_settings(VisitorSettings(large_text=True, high_contrast=True, reduced_motion=True))
    clock.advance(61)
    attract.check()
    assert attract.active and stage.settings == stage.default_settings
    attract.leave()
    attract.uninstall()
    QApplication.processEvents()


def test_visitor_settings_are_values() -> None:
    settings = VisitorSettings()
    assert settings.toggled("large_text") == VisitorSettings(large_text=True)
    assert settings.toggled("large_text").changed(settings) == ["large_text"]
    assert VisitorSettings(large_text=True).text_scale == 1.4 and settings.text_scale == 1.0
    with pytest.raises(ValueError):
        settings.toggled("sparkles")


# --- the optional theme: high_contrast: block in a content pack ---------------------------------
def pack_with_theme(tmp_path: Path, block: str) -> Path:
    import shutil

    pack = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), pack)
    path = pack / "exhibit.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  caption_px: 24\n", "  caption_px: 24\n" + block),
                    encoding="utf-8")
    return pack


def test_a_pack_may_set_its_high_contrast_colours(tmp_path: Path) -> None:
    pack = pack_with_theme(tmp_path, '  high_contrast:\n    background: "#000000"\n    accent: "#FFD400"\n')
    result = load_pack(pack)
    assert result.ok, [str(p) for p in result.problems]
    theme = high_contrast_theme(result.exhibit.theme)
    assert (theme.background, theme.accent) == ("#000000", "#ffd400")


def test_high_contrast_colours_below_7_to_1_are_reported_where_they_are_written(tmp_path: Path) -> None:
    pack = pack_with_theme(tmp_path, '  high_contrast:\n    background: "#000000"\n    muted: "#5a5a5a"\n')
    result = load_pack(pack)
    assert not result.ok
    errors = [str(p) for p in result.problems if p.is_error]
    lines = (pack / "exhibit.yaml").read_text(encoding="utf-8").splitlines()
    muted_line = next(i for i, line in enumerate(lines, start=1) if "#5a5a5a" in line)
    expected = contrast_ratio("#5a5a5a", "#000000")
    assert errors[0] == (f"{pack / 'exhibit.yaml'}:{muted_line}:12: high-contrast colour 'muted' on 'background' "
                         f"has a contrast of {expected:.1f}:1; the high-contrast theme needs at least 7:1")
    assert len(errors) == 2 and errors[1].startswith(f"{pack / 'exhibit.yaml'}:{muted_line}:12: high-contrast "
                                                     "colour 'muted' on 'surface'")


def test_a_misspelt_high_contrast_colour_is_reported(tmp_path: Path) -> None:
    pack = pack_with_theme(tmp_path, '  high_contrast:\n    backgrond: "#000000"\n')
    errors = [p.message for p in load_pack(pack).problems if p.is_error]
    assert errors == ["unknown key 'backgrond' in high_contrast (did you mean 'background'?)"]


def test_export_draws_what_a_visitor_with_these_settings_sees(qapp, exhibit, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    from kiosk.export import export_exhibit

    assert export_exhibit(tmp_path / "plain", bundled_content_dir(), (960, 540), "fr") == 0
    assert export_exhibit(tmp_path / "large", bundled_content_dir(), (960, 540), "fr", large_text=True,
                          high_contrast=True) == 0
    plain = QImage(str(tmp_path / "plain" / "01-meaning.png"))
    large = QImage(str(tmp_path / "large" / "01-meaning.png"))
    assert plain.size() == large.size() and plain != large
    corner = (5, 5)  # the backdrop: darker in the high-contrast theme
    assert large.pixelColor(*corner).lightness() < plain.pixelColor(*corner).lightness()
