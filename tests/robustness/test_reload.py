"""Live content reload with real file writes in tmp_path and Qt's real file-system watcher: a broken
save is refused and the content on show stays, a fix comes in without a restart, a burst of saves
is validated once, and new content waits for a moment when no visitor is using the exhibit."""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from content_packs import MEMBERS, PARTS, png_bytes
from sessions import close_session, open_session

from kiosk.clock import ManualClock
from kiosk.content.lastgood import LAST_GOOD
from kiosk.content.loader import load_pack
from kiosk.content.model import Exhibit
from kiosk.reload import ContentWatcher, LiveReload
from kiosk.session import ExhibitSession

LOCATED = re.compile(r"^.+?:\d+:\d+: .+$")
WAIT_MS = 5000  # for the file system to report a change


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def title(exhibit: Exhibit, index: int = 0) -> str:
    return exhibit.screens[index].title.get("en")


@pytest.fixture
def watcher(qtbot, minimal_pack: Path) -> Iterator[ContentWatcher]:
    watcher = ContentWatcher(minimal_pack, debounce_ms=50)
    watcher.start()
    yield watcher
    watcher.stop()


def test_a_broken_save_is_refused_and_the_fix_is_ready(qtbot, watcher: ContentWatcher, minimal_pack: Path) -> None:
    with qtbot.waitSignal(watcher.content_refused, timeout=WAIT_MS) as refused:
        edit(minimal_pack / PARTS, "  en: Inside the machine", "  en: Inside: the machine")
    problems = refused.args[0]
    assert [(p.path, p.line) for p in problems] == [(minimal_pack / PARTS, 3)], [str(p) for p in problems]
    with qtbot.waitSignal(watcher.content_ready, timeout=WAIT_MS) as ready:
        edit(minimal_pack / PARTS, "  en: Inside: the machine", "  en: Inside the tokamak")
    assert title(ready.args[0]) == "Inside the tokamak"
    assert watcher.validations == 2


def test_five_quick_saves_are_validated_once(qtbot, minimal_pack: Path) -> None:
    watcher = ContentWatcher(minimal_pack)  # the real 400 ms debounce
    watcher.start()
    try:
        with qtbot.waitSignal(watcher.content_ready, timeout=WAIT_MS) as ready:
            for number in range(1, 6):
                edit(minimal_pack / PARTS, "  en: Inside the machine" if number == 1 else f"  en: Draft {number - 1}",
                     f"  en: Draft {number}")
        qtbot.waitUntil(lambda: not watcher._debounce.isActive(), timeout=WAIT_MS)
        watcher.flush()  # anything the file system reported late changes nothing
        print(f"\n5 saves -> {watcher.validations} validation(s)")
        assert watcher.validations == 1, f"5 quick saves gave {watcher.validations} validations"
        assert title(ready.args[0]) == "Draft 5"
    finally:
        watcher.stop()


def test_an_editor_that_saves_by_renaming_is_followed(qtbot, watcher: ContentWatcher, minimal_pack: Path) -> None:
    """vim and many editors write a new file and rename it over the old one: the old watch ends,
    and the new file must be watched from then on."""
    target = minimal_pack / PARTS
    scratch = minimal_pack / "screens" / "parts.yaml.tmp"
    with qtbot.waitSignal(watcher.content_ready, timeout=WAIT_MS) as ready:
        scratch.write_text(target.read_text(encoding="utf-8").replace("Inside the machine", "Renamed"),
                           encoding="utf-8")
        os.replace(scratch, target)
    assert title(ready.args[0]) == "Renamed"
    qtbot.waitUntil(lambda: str(target) in watcher.watched_paths(), timeout=WAIT_MS)
    with qtbot.waitSignal(watcher.content_ready, timeout=WAIT_MS) as ready:
        edit(target, "Renamed", "Edited in place")
    assert title(ready.args[0]) == "Edited in place"


def test_scratch_files_alone_are_not_a_change(qtbot, watcher: ContentWatcher, minimal_pack: Path) -> None:
    for name in (".parts.yaml.swp", "parts.yaml~", ".#parts.yaml", "4913", ".syncthing.parts.yaml.tmp"):
        with qtbot.waitSignal(watcher.change_seen, timeout=WAIT_MS):
            (minimal_pack / "screens" / name).write_text("scratch")
    watcher.flush()
    assert watcher.validations == 0
    assert not any(".swp" in path or path.endswith("~") for path in watcher.watched_paths())


def test_a_new_folder_and_image_are_watched(qtbot, watcher: ContentWatcher, minimal_pack: Path) -> None:
    picture = minimal_pack / "images" / "cutaway.png"
    with qtbot.waitSignal(watcher.content_ready, timeout=WAIT_MS) as ready:
        picture.parent.mkdir()
        picture.write_bytes(png_bytes(64, 64))
        edit(minimal_pack / PARTS, "src: assets:art/tokamak-cutaway.svg", "src: images/cutaway.png")
    assert ready.args[0].screens[0].image.path == picture
    qtbot.waitUntil(lambda: str(picture) in watcher.watched_paths(), timeout=WAIT_MS)
    with qtbot.waitSignal(watcher.content_refused, timeout=WAIT_MS) as refused:
        picture.write_bytes(png_bytes(64, 64)[:60])  # a copy cut short
    assert any("truncated PNG" in p.message for p in refused.args[0])


def test_a_pack_swapped_in_whole_is_seen(qtbot, watcher: ContentWatcher, minimal_pack: Path) -> None:
    staged = minimal_pack.parent / "pack.new"
    shutil.copytree(minimal_pack, staged)
    edit(staged / MEMBERS, "  en: The members", "  en: The seven members")
    with qtbot.waitSignal(watcher.content_ready, timeout=WAIT_MS) as ready:
        minimal_pack.rename(minimal_pack.parent / "pack.old")
        staged.rename(minimal_pack)
    assert title(ready.args[0], 1) == "The seven members"
    with qtbot.waitSignal(watcher.content_ready, timeout=WAIT_MS) as ready:
        edit(minimal_pack / MEMBERS, "The seven members", "The members of ITER")
    assert title(ready.args[0], 1) == "The members of ITER", "the new folder is watched, not the old one"


def test_a_removed_pack_is_refused_and_its_return_is_ready(qtbot, watcher: ContentWatcher,
                                                           minimal_pack: Path) -> None:
    aside = minimal_pack.parent / "aside"
    with qtbot.waitSignal(watcher.content_refused, timeout=WAIT_MS) as refused:
        minimal_pack.rename(aside)
    assert "content folder not found" in refused.args[0][0].message
    with qtbot.waitSignal(watcher.content_ready, timeout=WAIT_MS):
        aside.rename(minimal_pack)


# --- with the exhibit running ----------------------------------------------------------------------------

@pytest.fixture
def running(qtbot, minimal_pack: Path, data_dir: Path) -> Iterator[tuple[ExhibitSession, LiveReload, ManualClock]]:
    clock = ManualClock()
    result = load_pack(minimal_pack)
    assert result.ok and result.exhibit is not None
    session = open_session(qtbot, result.exhibit, clock)
    reload = LiveReload(session, minimal_pack, clock, data_dir=data_dir, idle_seconds=30, debounce_ms=50)
    reload.start()
    yield session, reload, clock
    reload.stop()
    close_session(session)


def test_new_content_waits_for_an_idle_moment_and_keeps_the_visitors_screen(qtbot, running, minimal_pack: Path,
                                                                            data_dir: Path) -> None:
    session, reload, clock = running
    assert session.stage is not None
    session.stage.go_to(1, duration_ms=0)  # a visitor is on the members screen
    session.attract.last_input = clock.now()
    with qtbot.waitSignal(reload.watcher.content_ready, timeout=WAIT_MS):
        edit(minimal_pack / MEMBERS, "  en: The members", "  en: The seven members")
    assert reload.policy.pending is not None
    assert title(session.exhibit, 1) == "The members", "swapped in while a visitor was using it"
    clock.advance(29)
    reload.policy.check()
    assert title(session.exhibit, 1) == "The members"
    clock.advance(2)
    reload.policy.check()
    assert title(session.exhibit, 1) == "The seven members"
    assert session.stage.index == 1 and session.stage.current_view().screen.title.get("en") == "The seven members"
    assert title(load_pack(data_dir / LAST_GOOD).exhibit, 1) == "The seven members", "kept as the last good copy"


def test_in_attract_mode_new_content_is_shown_at_once(qtbot, running, minimal_pack: Path) -> None:
    session, reload, _clock = running
    session.attract.enter()
    with qtbot.waitSignal(reload.policy.applied, timeout=WAIT_MS):
        edit(minimal_pack / PARTS, "  en: Inside the machine", "  en: Inside the tokamak")
    assert title(session.exhibit) == "Inside the tokamak" and reload.policy.pending is None


def test_new_content_held_for_a_visitor_comes_in_when_attract_mode_starts(qtbot, running,
                                                                          minimal_pack: Path) -> None:
    session, reload, clock = running
    session.attract.last_input = clock.now()
    with qtbot.waitSignal(reload.watcher.content_ready, timeout=WAIT_MS):
        edit(minimal_pack / PARTS, "  en: Inside the machine", "  en: Inside the tokamak")
    assert reload.policy.pending is not None
    clock.advance(5)  # far from the policy's 30 s of quiet; but attract mode starts (its own timer would)
    with qtbot.waitSignal(reload.policy.applied, timeout=WAIT_MS):
        session.attract.enter()
    assert title(session.exhibit) == "Inside the tokamak" and reload.policy.pending is None


def test_a_broken_save_keeps_the_content_and_is_shown_to_the_technician(qtbot, running, minimal_pack: Path,
                                                                        caplog: pytest.LogCaptureFixture) -> None:
    session, reload, clock = running
    before = session.exhibit
    with caplog.at_level(logging.ERROR, logger="kiosk.reload"), \
            qtbot.waitSignal(reload.watcher.content_refused, timeout=WAIT_MS):
        (minimal_pack / MEMBERS).write_text("layout: map\ntitle: {en: The members\n", encoding="utf-8")
    assert session.exhibit is before
    lines = session.last_content_problems
    assert lines and all(LOCATED.match(line) for line in lines), lines
    assert all(line in caplog.text for line in lines)
    assert "the last good content stays on screen" in caplog.text
    assert ("Content error", lines[0]) in session.diagnostics()
    clock.advance(60)
    with qtbot.waitSignal(reload.policy.applied, timeout=WAIT_MS):
        (minimal_pack / MEMBERS).write_text(load_pack_text(), encoding="utf-8")
    assert session.last_content_problems == []
    assert session.exhibit is not before


def load_pack_text() -> str:
    from content_packs import MEMBERS_YAML

    return MEMBERS_YAML.replace("  en: The members", "  en: The members, again")
