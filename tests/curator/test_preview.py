"""`preview` (kiosk/preview.py): a real window on a copy of the bundled pack, driven by real file writes.

The watcher polls nothing: the operating system reports each write (QFileSystemWatcher), and the
tests wait for the window to react with qtbot.waitUntil, which polls with a timeout.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.controllers.attract import AttractController
from kiosk.preview import OVERLAY_MAX_SHARE, PreviewWindow, preview_command

WAIT_MS = 5000


@pytest.fixture
def preview(qtbot, bundled_copy: Path, manual_clock) -> PreviewWindow:
    window = PreviewWindow(bundled_copy, manual_clock)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def screen_file(pack: Path, screen_id: str) -> Path:
    return pack / "screens" / f"{screen_id}.yaml"


def save_in_place(path: Path, text: str) -> None:
    """As most editors save: the same file, truncated and written."""
    path.write_text(text, encoding="utf-8")


def save_by_rename(path: Path, text: str) -> None:
    """As editors that write a new file and rename it over the old one save."""
    scratch = path.with_name(f".{path.name}.tmp")
    scratch.write_text(text, encoding="utf-8")
    os.replace(scratch, path)


def title_of(window: PreviewWindow, screen_id: str) -> str:
    assert window.stage is not None
    return window.stage.exhibit.screen(screen_id).title.get("en")


def test_the_preview_shows_the_pack_at_kiosk_size_scaled_into_a_normal_window(preview: PreviewWindow) -> None:
    assert preview.stage is not None and preview.stage.size().toTuple() == (1920, 1080)
    assert not preview.overlay.isVisible()
    assert not preview.isFullScreen()
    assert not preview.windowFlags() & (Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
    assert preview.findChildren(AttractController) == []  # no attract loop (nor lockdown, nor statistics)
    view = preview.view.viewport()
    expected = min(view.width() / 1920, view.height() / 1080)
    assert preview.view.transform().m11() == pytest.approx(expected, rel=0.02)
    assert "1920×1080" in preview.status.text() and "screen 1/6: meaning" in preview.status.text()


def test_a_save_shows_the_edited_screen(qtbot, preview: PreviewWindow, bundled_copy: Path) -> None:
    path = screen_file(bundled_copy, "signing")
    first = preview.stage
    save_in_place(path, path.read_text(encoding="utf-8").replace("en: A long way together", "en: Side by side"))
    qtbot.waitUntil(lambda: preview.current_screen_id() == "signing", timeout=WAIT_MS)
    assert preview.stage is not first
    assert title_of(preview, "signing") == "Side by side"
    assert preview.stage.isVisible() and not preview.overlay.isVisible()


def test_a_save_by_rename_is_followed_too(qtbot, preview: PreviewWindow, bundled_copy: Path) -> None:
    path = screen_file(bundled_copy, "site")
    save_by_rename(path, path.read_text(encoding="utf-8").replace("en: A worksite in Provence", "en: In Provence"))
    qtbot.waitUntil(lambda: preview.current_screen_id() == "site", timeout=WAIT_MS)
    assert title_of(preview, "site") == "In Provence"


def test_a_save_of_exhibit_yaml_rebuilds_and_stays_on_the_current_screen(qtbot, preview: PreviewWindow,
                                                                         bundled_copy: Path) -> None:
    for _ in range(3):
        qtbot.keyClick(preview, Qt.Key.Key_Right)
    assert preview.current_screen_id() == "signing"
    first = preview.stage
    exhibit = bundled_copy / "exhibit.yaml"
    save_in_place(exhibit, exhibit.read_text(encoding="utf-8").replace('accent: "#f2a93b"', 'accent: "#e8a33a"'))
    qtbot.waitUntil(lambda: preview.stage is not first, timeout=WAIT_MS)
    assert preview.stage.exhibit.theme.accent == "#e8a33a"
    assert preview.current_screen_id() == "signing"


def test_a_broken_save_lists_the_errors_within_a_second_over_the_last_good_rendering(
        qtbot, preview: PreviewWindow, bundled_copy: Path) -> None:
    qtbot.keyClick(preview, Qt.Key.Key_Right)
    assert preview.current_screen_id() == "power"
    good_stage = preview.stage
    path = screen_file(bundled_copy, "power")
    original = path.read_text(encoding="utf-8")
    started = time.monotonic()
    save_in_place(path, original.replace("layout: chart\n", "layout: chart\ntitle: [unclosed\n"))
    qtbot.waitUntil(preview.overlay.isVisible, timeout=WAIT_MS)
    elapsed = time.monotonic() - started
    assert elapsed < 1.0, f"the errors took {elapsed:.2f} s to show"
    assert len(preview.overlay.lines) == 1
    assert re.match(r"^screens/power\.yaml:\d+:\d+: YAML syntax error", preview.overlay.lines[0])
    assert preview.overlay.lines[0] in preview.overlay.list.text()
    assert preview.overlay.list.font().pixelSize() >= 20  # readable from a step back
    assert preview.stage is good_stage and good_stage.isVisible()  # the last good rendering stays
    assert preview.current_screen_id() == "power"

    save_in_place(path, original.replace("Getting more out than we put in", "More out than in"))
    qtbot.waitUntil(lambda: not preview.overlay.isVisible(), timeout=WAIT_MS)
    assert preview.stage is not good_stage
    assert preview.current_screen_id() == "power" and title_of(preview, "power") == "More out than in"


def test_a_long_list_of_errors_scrolls_and_leaves_part_of_the_rendering_visible(
        qtbot, preview: PreviewWindow, bundled_copy: Path) -> None:
    path = screen_file(bundled_copy, "cutaway")
    extra = "".join(f"unknown_key_{chr(97 + n)}: x\n" for n in range(26))
    save_in_place(path, path.read_text(encoding="utf-8") + extra)
    qtbot.waitUntil(preview.overlay.isVisible, timeout=WAIT_MS)
    assert len(preview.overlay.lines) == 26
    assert all(re.match(r"^screens/cutaway\.yaml:\d+:1: unknown key 'unknown_key_", line)
               for line in preview.overlay.lines)
    assert preview.overlay.height() <= preview.view.height() * OVERLAY_MAX_SHARE + 1
    assert preview.overlay.scroll.verticalScrollBar().maximum() > 0


def test_keys_switch_language_and_size_navigate_and_reload(qtbot, preview: PreviewWindow) -> None:
    stage = preview.stage
    assert stage is not None and stage.language == "en"
    qtbot.keyClick(preview, Qt.Key.Key_L)
    assert stage.language == "fr" and preview.language == "fr"
    qtbot.keyClick(preview, Qt.Key.Key_L)
    assert stage.language == "en"

    seen = []
    for _ in range(3):
        qtbot.keyClick(preview, Qt.Key.Key_S)
        seen.append(stage.size().toTuple())
        assert preview.scene.sceneRect().size().toTuple() == seen[-1]
    assert seen == [(3840, 2160), (1080, 1920), (1920, 1080)]

    qtbot.keyClick(preview, Qt.Key.Key_Right)
    qtbot.keyClick(preview, Qt.Key.Key_Right)
    qtbot.keyClick(preview, Qt.Key.Key_Left)
    assert preview.current_screen_id() == "power"

    qtbot.keyClick(preview, Qt.Key.Key_L)
    qtbot.keyClick(preview, Qt.Key.Key_R)
    assert preview.stage is not stage  # rebuilt from the files
    assert preview.current_screen_id() == "power" and preview.stage.language == "fr"


def test_a_pack_broken_at_the_start_shows_its_errors_then_follows_the_fix(qtbot, bundled_copy: Path,
                                                                           manual_clock) -> None:
    exhibit = bundled_copy / "exhibit.yaml"
    original = exhibit.read_text(encoding="utf-8")
    exhibit.write_text(original.replace('accent: "#f2a93b"', 'accent: "#f2a93"'), encoding="utf-8")
    window = PreviewWindow(bundled_copy, manual_clock)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.stage is None and window.overlay.isVisible()
    assert "nothing valid to show yet" in window.overlay.heading.text()
    assert window.overlay.lines[0].startswith("exhibit.yaml:") and "#rrggbb" in window.overlay.lines[0]
    exhibit.write_text(original, encoding="utf-8")
    qtbot.waitUntil(lambda: window.stage is not None, timeout=WAIT_MS)
    assert not window.overlay.isVisible() and window.current_screen_id() == "meaning"


def test_the_preview_command_refuses_a_folder_that_is_not_a_pack(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    windows_before = len(QApplication.topLevelWidgets()) if QApplication.instance() else 0
    assert preview_command([str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"{tmp_path}: not a content pack (no exhibit.yaml)\n"
    assert (len(QApplication.topLevelWidgets()) if QApplication.instance() else 0) == windows_before
