"""The last good copy of the content pack, and which pack to show at start-up.

Each time the live pack validates, a copy of it is kept in `<data dir>/last-good/`, so a pack
that a curator breaks later (or that a power cut leaves half-written) still has a good twin to
show. The copy is made beside the old one and swapped in only when it is complete, fsynced and
itself valid; a crash at any moment leaves either the old copy or the new one whole.

No Qt here: this runs before the window exists, and in tests without a display.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.content.loader import load_pack
from kiosk.content.model import Exhibit
from kiosk.content.problems import Problem

log = logging.getLogger("kiosk.content")

LAST_GOOD = "last-good"
PREVIOUS = "last-good.previous"  # the old copy, only while a new one is being swapped in
STAGING_PREFIX = ".last-good-new-"
MARKER = ".kiosk-last-good"  # written last into a copy: the copy is complete; holds the source's fingerprint
MAX_COPY_BYTES = 2_000_000_000  # a pack bigger than this is not copied (a mistake, not an exhibit)
HASHED_BYTES = 2_000_000  # files up to this size are fingerprinted by content, larger ones by size and time

# Files editors and sync tools write next to the real ones while saving. They are not part of
# the pack: they are never copied, and a change to them is not a change of the content.
SCRATCH_SUFFIXES = (".swp", ".swx", ".swo", ".tmp", ".temp", ".part", ".bak", ".orig", "~")
SCRATCH_PREFIXES = (".", "~$", ".~")
SCRATCH_NAMES = {"4913"}  # vim probes whether it may write a directory with this file


def belongs_to_pack(name: str) -> bool:
    """False for editor and sync scratch files (`.x.swp`, `x~`, `.#x`, `x.tmp`, `.syncthing.x.tmp`,
    `.~tmp~`) and other hidden files; True for everything a curator means to be in the pack."""
    return not (name.startswith(SCRATCH_PREFIXES) or name.endswith(SCRATCH_SUFFIXES) or name in SCRATCH_NAMES
                or (name.startswith("#") and name.endswith("#")))


def pack_files(pack: Path) -> list[Path]:
    """Every file of the pack (relative paths, sorted), scratch files and links leading out left out.

    Links that stay inside the pack are followed once; a link to a folder is not entered, so a
    link loop cannot make this walk forever (the loader does not read through folder links either:
    every reference is resolved and must stay inside the pack)."""
    root = pack.resolve()
    found: list[Path] = []
    for folder, folders, files in os.walk(pack, followlinks=False):
        folders[:] = sorted(name for name in folders if belongs_to_pack(name))
        for name in sorted(files):
            path = Path(folder, name)
            if belongs_to_pack(name) and _regular_file_inside(path, root):
                found.append(path.relative_to(pack))
    return found


def _regular_file_inside(path: Path, root: Path) -> bool:
    try:
        resolved = path.resolve(strict=True)
        return resolved.is_relative_to(root) and stat.S_ISREG(resolved.stat().st_mode)
    except (OSError, RuntimeError):  # dangling link, link loop, vanished while we looked
        return False


def pack_fingerprint(pack: Path) -> str:
    """A digest of the pack's files: names, sizes, and the bytes of every file that is not huge
    (the time stamps of huge ones). Two packs with the same fingerprint show the same exhibit."""
    digest = hashlib.sha256()
    for relative in pack_files(pack):
        path = pack / relative
        try:
            info = path.stat()
            digest.update(f"{relative.as_posix()}\0{info.st_size}\0".encode())
            digest.update(path.read_bytes() if info.st_size <= HASHED_BYTES else str(info.st_mtime_ns).encode())
        except OSError:
            digest.update(f"{relative.as_posix()}\0unreadable\0".encode())
    return digest.hexdigest()


# --- the copy ------------------------------------------------------------------------------------------------

def last_good_pack(data_dir: Path) -> Path | None:
    """The last good copy, or None when there has never been one.

    A crash between the two renames of a swap leaves only the previous copy: it is used then."""
    for name in (LAST_GOOD, PREVIOUS):
        candidate = data_dir / name
        if (candidate / MARKER).is_file():
            return candidate
    return None


def remember_good_pack(pack: Path, data_dir: Path) -> Path | None:
    """Keep a copy of the (validated) `pack` as the last good one; its path, or None when it could
    not be kept (full disk, read-only data directory, ...): that is logged as a warning, never raised."""
    try:
        return _remember(pack, data_dir)
    except OSError as exc:
        reason = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        log.warning("could not keep a copy of the good content pack %s in %s: %s (the previous copy, if any, "
                    "stays)", pack, data_dir / LAST_GOOD, reason)
    except _NotCopied as exc:
        log.warning("could not keep a copy of the good content pack %s: %s", pack, exc)
    return None


class _NotCopied(Exception):
    pass


def _remember(pack: Path, data_dir: Path) -> Path:
    target = data_dir / LAST_GOOD
    if pack.resolve() == target.resolve():
        return target  # showing the copy itself
    fingerprint = pack_fingerprint(pack)
    if last_good_pack(data_dir) == target and _marker_of(target) == fingerprint:
        return target  # already kept: nothing to write
    data_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(data_dir)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=data_dir))
    try:
        _copy_pack(pack, staging)
        copy = load_pack(staging)
        if not copy.ok:  # the pack changed between its validation and the copy
            errors = [str(problem) for problem in copy.problems if problem.is_error]
            raise _NotCopied("it changed while being copied and is no longer valid: " + "; ".join(errors[:3]))
        _write_synced(staging / MARKER, fingerprint.encode())
        _fsync_dir(staging)
        _swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    log.info("kept a copy of the good content pack %s in %s", pack, target)
    return target


def _marker_of(copy: Path) -> str | None:
    try:
        return (copy / MARKER).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None


def _remove_stale_staging(data_dir: Path) -> None:
    """Half-made copies left by a crash (never the copies in use)."""
    for stale in data_dir.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(stale, ignore_errors=True)


def _copy_pack(pack: Path, dest: Path) -> None:
    files = pack_files(pack)
    total = sum((pack / relative).stat().st_size for relative in files)
    if total > MAX_COPY_BYTES:
        raise _NotCopied(f"it holds {total // 1_000_000} MB; at most {MAX_COPY_BYTES // 1_000_000} MB are copied")
    free = shutil.disk_usage(dest).free
    if total > free:
        raise OSError(errno.ENOSPC, f"{total // 1_000_000} MB needed, {free // 1_000_000} MB free")
    folders: set[Path] = set()
    for relative in files:
        target = dest / relative
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        _write_synced(target, (pack / relative).read_bytes())
    for folder in sorted(folders, key=lambda path: len(path.parts), reverse=True):
        _fsync_dir(folder)


def _write_synced(path: Path, data: bytes) -> None:
    """Write a file and push it to the disk (links are read through; the copy holds plain files)."""
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    """Make the names in a folder durable (a no-op where folders cannot be opened, as on Windows)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _swap_in(staging: Path, target: Path) -> None:
    """Put the complete copy in place. The old copy moves aside first and is deleted last, so
    `last_good_pack` finds a whole copy at every moment (see there)."""
    previous = target.parent / PREVIOUS
    if target.exists():
        if previous.exists():
            shutil.rmtree(previous)
        os.replace(target, previous)
    os.replace(staging, target)
    _fsync_dir(target.parent)
    shutil.rmtree(previous, ignore_errors=True)


# --- start-up ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StartupChoice:
    """What to show when the exhibit starts: the live pack, its last good copy, or nothing
    (then the calm "back soon" screen)."""

    exhibit: Exhibit | None
    pack: Path | None  # the folder shown
    source: str  # "live", "last good copy" or "none"
    problems: list[Problem] = field(default_factory=list)  # the live pack's problems, warnings included
    reason: str = ""  # one line for the log

    def log_to(self, logger: logging.Logger) -> None:
        """Every problem as `path:line:column: message`, then the reason."""
        for problem in self.problems:
            (logger.error if problem.is_error else logger.warning)("%s", problem)
        (logger.info if self.source == "live" else logger.error)("%s", self.reason)


def choose_pack_at_startup(pack: Path, data_dir: Path, remember: bool = True) -> StartupChoice:
    """The live pack when it is valid (and it is kept as the last good copy, unless `remember` is
    False: the exhibit keeps it after its first frame, so copying stays off the start-up path);
    else the last good copy; else None (show "back soon"). Never raises for bad content or an
    unusable data dir."""
    live = load_pack(pack)
    if live.ok and live.exhibit is not None:
        if remember:
            remember_good_pack(pack, data_dir)
        return StartupChoice(live.exhibit, pack, "live", live.problems, f"content pack {pack} is valid "
                             f"(version {live.exhibit.version}, {len(live.exhibit.screens)} screens)")
    errors = sum(problem.is_error for problem in live.problems)
    copy = last_good_pack(data_dir)
    if copy is None:
        return StartupChoice(None, None, "none", live.problems, f"content pack {pack} has {errors} errors and "
                             "there is no last good copy; showing the 'back soon' screen")
    kept = load_pack(copy)
    if not kept.ok or kept.exhibit is None:
        kept_errors = [str(problem) for problem in kept.problems if problem.is_error]
        return StartupChoice(None, None, "none", live.problems, f"content pack {pack} has {errors} errors and its "
                             f"last good copy {copy} does not load either ({'; '.join(kept_errors[:3])}); showing "
                             "the 'back soon' screen")
    return StartupChoice(kept.exhibit, copy, "last good copy", live.problems, f"content pack {pack} has {errors} "
                         f"errors; showing its last good copy {copy} (version {kept.exhibit.version}) until it is "
                         "fixed")
