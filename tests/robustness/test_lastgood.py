"""The last good copy of the content pack, and the start-up choice between the live pack, that copy
and the "back soon" screen. Real files in tmp_path; failures of the disk are simulated by making
one system call fail (tests run as root in CI, where permissions would not stop a write)."""

from __future__ import annotations

import errno
import logging
import os
from pathlib import Path

import pytest
from content_packs import PARTS, materialize

from kiosk.content import lastgood
from kiosk.content.lastgood import (
    LAST_GOOD,
    MARKER,
    PREVIOUS,
    STAGING_PREFIX,
    belongs_to_pack,
    choose_pack_at_startup,
    last_good_pack,
    pack_fingerprint,
    remember_good_pack,
)
from kiosk.content.loader import load_pack


def retitle(pack: Path, title: str) -> None:
    path = pack / PARTS
    path.write_text(path.read_text(encoding="utf-8").replace("Inside the machine", title), encoding="utf-8")


def title_of(pack: Path) -> str:
    result = load_pack(pack)
    assert result.ok and result.exhibit is not None, [str(p) for p in result.problems]
    return result.exhibit.screens[0].title.get("en")


def leftovers(data_dir: Path) -> list[str]:
    return sorted(path.name for path in data_dir.iterdir() if path.name != LAST_GOOD)


# --- keeping a copy --------------------------------------------------------------------------------------

def test_a_valid_pack_is_kept_whole_and_the_copy_loads(minimal_pack: Path, data_dir: Path) -> None:
    copy = remember_good_pack(minimal_pack, data_dir)
    assert copy == data_dir / LAST_GOOD == last_good_pack(data_dir)
    assert (copy / MARKER).read_text() == pack_fingerprint(minimal_pack)
    assert title_of(copy) == "Inside the machine"
    assert sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file()) == \
        sorted([MARKER, "exhibit.yaml", "screens/members.yaml", "screens/parts.yaml"])
    assert leftovers(data_dir) == []


def test_an_unchanged_pack_is_not_copied_again(minimal_pack: Path, data_dir: Path) -> None:
    copy = remember_good_pack(minimal_pack, data_dir)
    assert copy is not None
    first = (copy / MARKER).stat().st_ino
    assert remember_good_pack(minimal_pack, data_dir) == copy
    assert (copy / MARKER).stat().st_ino == first, "the copy was rewritten"
    retitle(minimal_pack, "Inside the tokamak")
    remember_good_pack(minimal_pack, data_dir)
    assert title_of(copy) == "Inside the tokamak"
    assert leftovers(data_dir) == [], "the old copy or the staging folder was left behind"


def test_no_data_dir_yet_is_made(minimal_pack: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "deep" / "new" / "data"
    assert remember_good_pack(minimal_pack, data_dir) == data_dir / LAST_GOOD


def test_scratch_files_and_links_out_of_the_pack_are_not_copied(minimal_pack: Path, data_dir: Path,
                                                                tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the kiosk")
    (minimal_pack / "screens" / ".parts.yaml.swp").write_bytes(b"vim swap")
    (minimal_pack / "screens" / "parts.yaml~").write_bytes(b"backup")
    (minimal_pack / ".syncthing.parts.yaml.tmp").write_bytes(b"sync")
    (minimal_pack / "leak.txt").symlink_to(secret)
    (minimal_pack / "notes").mkdir()
    (minimal_pack / "notes" / "about.txt").write_text("curator's notes")
    (minimal_pack / "same-notes.txt").symlink_to(minimal_pack / "notes" / "about.txt")
    copy = remember_good_pack(minimal_pack, data_dir)
    assert copy is not None
    names = sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file())
    assert names == sorted([MARKER, "exhibit.yaml", "notes/about.txt", "same-notes.txt", "screens/members.yaml",
                            "screens/parts.yaml"])
    assert not (copy / "same-notes.txt").is_symlink(), "a link inside the pack is copied as a plain file"
    assert not any(p.is_symlink() for p in copy.rglob("*"))


@pytest.mark.parametrize(("name", "belongs"), [
    ("parts.yaml", True), ("cutaway.png", True), (".parts.yaml.swp", False), ("parts.yaml~", False),
    (".#parts.yaml", False), ("#parts.yaml#", False), ("parts.yaml.tmp", False), (".~tmp~", False),
    (".syncthing.parts.yaml.tmp", False), ("~$notes.docx", False), ("4913", False), (".DS_Store", False),
])
def test_scratch_file_names(name: str, belongs: bool) -> None:
    assert belongs_to_pack(name) is belongs


def test_fingerprint_follows_content_not_scratch_files(minimal_pack: Path) -> None:
    before = pack_fingerprint(minimal_pack)
    (minimal_pack / "screens" / ".parts.yaml.swp").write_bytes(b"swap")
    assert pack_fingerprint(minimal_pack) == before
    retitle(minimal_pack, "Inside")
    assert pack_fingerprint(minimal_pack) != before


# --- when the disk says no -------------------------------------------------------------------------------

def test_a_full_disk_keeps_the_previous_copy_and_only_warns(minimal_pack: Path, data_dir: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    remember_good_pack(minimal_pack, data_dir)
    retitle(minimal_pack, "Inside the tokamak")
    written: list[Path] = []
    real_write = lastgood._write_synced

    def write_until_full(path: Path, data: bytes) -> None:
        if len(written) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        written.append(path)
        real_write(path, data)

    monkeypatch.setattr(lastgood, "_write_synced", write_until_full)
    with caplog.at_level(logging.WARNING, logger="kiosk.content"):
        assert remember_good_pack(minimal_pack, data_dir) is None
    assert len(written) == 2, "the copy stopped at the third file"
    assert "the disk is full" in caplog.text and "the previous copy, if any, stays" in caplog.text
    assert title_of(data_dir / LAST_GOOD) == "Inside the machine"
    assert leftovers(data_dir) == [], "the half-made copy was left behind"


def test_a_read_only_data_dir_only_warns(minimal_pack: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                         caplog: pytest.LogCaptureFixture) -> None:
    def read_only(*args: object, **kwargs: object) -> str:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(lastgood.tempfile, "mkdtemp", read_only)
    with caplog.at_level(logging.WARNING, logger="kiosk.content"):
        assert remember_good_pack(minimal_pack, data_dir) is None
    assert "Read-only file system" in caplog.text
    assert last_good_pack(data_dir) is None


def test_a_data_dir_that_is_a_file_only_warns(minimal_pack: Path, tmp_path: Path,
                                              caplog: pytest.LogCaptureFixture) -> None:
    data_dir = tmp_path / "data"
    data_dir.write_text("a file where the data folder should be")
    with caplog.at_level(logging.WARNING, logger="kiosk.content"):
        assert remember_good_pack(minimal_pack, data_dir) is None
    assert "could not keep a copy" in caplog.text


def test_a_pack_broken_while_being_copied_is_not_kept(minimal_pack: Path, data_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    remember_good_pack(minimal_pack, data_dir)
    retitle(minimal_pack, "Inside the tokamak")
    real_copy = lastgood._copy_pack

    def copy_then_curator_saves_a_typo(pack: Path, dest: Path) -> None:
        real_copy(pack, dest)
        (dest / PARTS).write_text("layout: [\n")

    monkeypatch.setattr(lastgood, "_copy_pack", copy_then_curator_saves_a_typo)
    with caplog.at_level(logging.WARNING, logger="kiosk.content"):
        assert remember_good_pack(minimal_pack, data_dir) is None
    assert "no longer valid" in caplog.text
    assert title_of(data_dir / LAST_GOOD) == "Inside the machine"


def test_a_crash_between_the_two_renames_leaves_the_old_copy_in_use(minimal_pack: Path, data_dir: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    remember_good_pack(minimal_pack, data_dir)
    retitle(minimal_pack, "Inside the tokamak")
    real_replace = os.replace
    calls: list[str] = []

    def power_cut_after_first_rename(source: object, target: object) -> None:
        calls.append(str(target))
        if len(calls) == 2:
            raise OSError(errno.EIO, "power cut")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(lastgood.os, "replace", power_cut_after_first_rename)
    assert remember_good_pack(minimal_pack, data_dir) is None
    monkeypatch.undo()
    assert not (data_dir / LAST_GOOD).exists() and (data_dir / PREVIOUS).is_dir()
    assert last_good_pack(data_dir) == data_dir / PREVIOUS
    assert title_of(data_dir / PREVIOUS) == "Inside the machine"
    # the next good pack puts things right
    assert remember_good_pack(minimal_pack, data_dir) == data_dir / LAST_GOOD
    assert title_of(data_dir / LAST_GOOD) == "Inside the tokamak"
    assert leftovers(data_dir) == []


def test_a_half_made_copy_is_never_used_and_is_cleared(minimal_pack: Path, data_dir: Path) -> None:
    staging = data_dir / f"{STAGING_PREFIX}crashed"
    (staging / "screens").mkdir(parents=True)
    (staging / "exhibit.yaml").write_text("title: half")
    assert last_good_pack(data_dir) is None
    unmarked = data_dir / LAST_GOOD
    unmarked.mkdir()
    (unmarked / "exhibit.yaml").write_text("title: no marker: never finished")
    assert last_good_pack(data_dir) is None, "a copy without its completion marker is not used"
    assert remember_good_pack(minimal_pack, data_dir) == data_dir / LAST_GOOD
    assert not staging.exists()


def test_an_interrupted_copy_leaves_the_old_copy_usable(minimal_pack: Path, data_dir: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    remember_good_pack(minimal_pack, data_dir)
    retitle(minimal_pack, "Inside the tokamak")

    def interrupted(path: Path, data: bytes) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(lastgood, "_write_synced", interrupted)
    with pytest.raises(KeyboardInterrupt):
        remember_good_pack(minimal_pack, data_dir)
    assert title_of(last_good_pack(data_dir)) == "Inside the machine"  # type: ignore[arg-type]
    assert leftovers(data_dir) == []


# --- start-up ----------------------------------------------------------------------------------------------

def test_startup_shows_a_valid_pack_and_keeps_it(minimal_pack: Path, data_dir: Path) -> None:
    choice = choose_pack_at_startup(minimal_pack, data_dir)
    assert choice.source == "live" and choice.pack == minimal_pack and choice.exhibit is not None
    assert choice.exhibit.root == minimal_pack
    assert last_good_pack(data_dir) == data_dir / LAST_GOOD
    assert "is valid" in choice.reason


@pytest.mark.parametrize("case", ["yaml_syntax", "empty_exhibit", "alias_bomb", "symlink_out", "huge_file"])
def test_startup_on_a_broken_pack_shows_the_last_good_copy(case: str, minimal_pack: Path, data_dir: Path,
                                                           tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    choose_pack_at_startup(minimal_pack, data_dir)  # an earlier, good day
    broken = materialize(case, tmp_path / "broken")
    choice = choose_pack_at_startup(broken, data_dir)
    assert choice.source == "last good copy" and choice.pack == data_dir / LAST_GOOD
    assert choice.exhibit is not None and choice.exhibit.root == data_dir / LAST_GOOD
    assert any(problem.is_error for problem in choice.problems)
    with caplog.at_level(logging.INFO, logger="kiosk"):
        choice.log_to(logging.getLogger("kiosk"))
    assert "showing its last good copy" in caplog.text
    assert any(str(problem) in caplog.text for problem in choice.problems if problem.is_error)
    assert title_of(data_dir / LAST_GOOD) == "Inside the machine", "the broken pack did not replace the copy"


def test_startup_with_no_good_copy_shows_back_soon(tmp_path: Path, data_dir: Path) -> None:
    broken = materialize("unknown_layout", tmp_path / "broken")
    choice = choose_pack_at_startup(broken, data_dir)
    assert choice.exhibit is None and choice.pack is None and choice.source == "none"
    assert "back soon" in choice.reason
    assert [p for p in choice.problems if p.is_error]


def test_startup_with_a_spoiled_copy_shows_back_soon(minimal_pack: Path, tmp_path: Path, data_dir: Path) -> None:
    choose_pack_at_startup(minimal_pack, data_dir)
    (data_dir / LAST_GOOD / PARTS).write_text("layout: [\n")  # someone edited the copy by hand
    choice = choose_pack_at_startup(materialize("yaml_syntax", tmp_path / "broken"), data_dir)
    assert choice.exhibit is None and "does not load either" in choice.reason


def test_startup_on_a_good_pack_with_an_unwritable_data_dir_still_shows_it(minimal_pack: Path,
                                                                          tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.write_text("not a folder")
    choice = choose_pack_at_startup(minimal_pack, data_dir)
    assert choice.source == "live" and choice.exhibit is not None


def test_startup_on_the_copy_itself_does_not_copy_it_onto_itself(minimal_pack: Path, data_dir: Path) -> None:
    copy = remember_good_pack(minimal_pack, data_dir)
    assert copy is not None
    choice = choose_pack_at_startup(copy, data_dir)
    assert choice.source == "live" and title_of(copy) == "Inside the machine"
    assert leftovers(data_dir) == []


NO_QT = """
import sys
from pathlib import Path
from kiosk.content.lastgood import choose_pack_at_startup
choice = choose_pack_at_startup(Path(sys.argv[1]), Path(sys.argv[2]))
assert choice.source == "live", choice.reason
print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph')))
"""


def test_the_start_up_choice_runs_without_qt(minimal_pack: Path, data_dir: Path) -> None:
    """It runs before any window exists (and on a machine with none): no Qt is imported."""
    import subprocess
    import sys

    from kiosk.locations import program_root

    run = subprocess.run([sys.executable, "-c", NO_QT, str(minimal_pack), str(data_dir)], capture_output=True,
                         text=True, timeout=120, cwd=program_root())
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
    assert last_good_pack(data_dir) == data_dir / LAST_GOOD
