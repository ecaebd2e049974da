"""The content versions a kiosk keeps: `data_dir/content-versions/<version>/`, one folder per
applied version, and `state.json` saying which one is shown and in what order they came. No Qt.

A version is copied from the content source file by file, each file's SHA-256 checked against
the manifest as it is copied, into a staging folder beside the others; it is validated there
and only then renamed to its version id. A crash leaves a staging folder (removed next time)
or a complete version, never a half one. `state.json` is replaced whole in one rename.

Rollback (`python main.py rollback`, or the admin panel) makes the version before the current
one current again and holds the rolled-back one back: the follower does not apply it again
even though the source still holds it; a newer version in the source is applied as usual.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from kiosk.content.loader import load_pack
from kiosk.content.model import Exhibit
from kiosk.fleet.manifest import (
    CHUNK,
    MANIFEST_NAME,
    Manifest,
    ManifestError,
    read_manifest,
    verify_pack,
    version_id_problem,
)

log = logging.getLogger("kiosk.fleet")

VERSIONS = "content-versions"
STATE = "state.json"
STAGING_PREFIX = ".incoming-"
HELD_BACK_LIMIT = 20
UNSHOWN_GRACE_SECONDS = 600


@dataclass
class VersionState:
    current: str | None = None
    history: list[str] = field(default_factory=list)  # applied versions, oldest first; the last is current
    held_back: list[str] = field(default_factory=list)  # rolled back: not applied again from the source


def versions_dir(data_dir: Path) -> Path:
    return Path(data_dir) / VERSIONS


def read_state(data_dir: Path) -> VersionState:
    """The state on disk; an empty state when there is none (or it cannot be read: logged)."""
    path = versions_dir(data_dir) / STATE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        state = VersionState(data.get("current"), list(data.get("history", [])), list(data.get("held_back", [])))
    except FileNotFoundError:
        return VersionState()
    except (OSError, ValueError, AttributeError, TypeError) as error:
        log.warning("%s cannot be read (%s); starting the version history afresh", path, error)
        return VersionState()
    names = [state.current, *state.history, *state.held_back]
    if any(name is not None and (not isinstance(name, str) or version_id_problem(name)) for name in names):
        log.warning("%s names a version that is not a version id; starting the version history afresh", path)
        return VersionState()
    return state


def write_state(data_dir: Path, state: VersionState) -> None:
    folder = versions_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"current": state.current, "history": state.history, "held_back": state.held_back}, indent=1)
    handle, temporary = tempfile.mkstemp(prefix=".state.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text + "\n")
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, folder / STATE)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def current_pack(data_dir: Path) -> Path | None:
    """The folder of the current version, or None when no version has been applied."""
    state = read_state(data_dir)
    if state.current is None:
        return None
    folder = versions_dir(data_dir) / state.current
    return folder if (folder / MANIFEST_NAME).is_file() else None


def version_of(pack: Path) -> str | None:
    """The version id of a pack folder: from its manifest, None when it has none."""
    try:
        return read_manifest(pack).version
    except ManifestError:
        return None


# --- taking a version in from the source ---------------------------------------------------------------------

@dataclass(frozen=True)
class Arrival:
    """What the source holds, as far as this kiosk is concerned.

    kind: 'ready' (a valid version copied in: `pack`, `exhibit`), 'current' (already shown),
    'held-back' (rolled back here), 'incomplete' (still arriving, or no manifest: `details`),
    'refused' (complete but not valid: `details` are path:line:column problems in the source)."""

    kind: str
    version: str | None = None
    details: list[str] = field(default_factory=list)
    pack: Path | None = None
    exhibit: Exhibit | None = None


def take_in(source: Path, data_dir: Path, showing: str | None) -> Arrival:
    """Check the source against its manifest and, when it is a new complete version, copy it into
    the versions folder and validate the copy. Safe to run off the GUI thread (no Qt)."""
    checked = verify_pack(source)
    manifest = checked.manifest
    if manifest is None or not checked.complete:
        return Arrival("incomplete", manifest.version if manifest else None, checked.differences)
    if manifest.version == showing:
        return Arrival("current", manifest.version)
    if manifest.version in read_state(data_dir).held_back:
        return Arrival("held-back", manifest.version)
    target = versions_dir(data_dir) / manifest.version
    if not (target / MANIFEST_NAME).is_file():
        differences, problems = _copy_version(source, manifest, target)
        if differences:
            return Arrival("incomplete", manifest.version, differences)
        if problems:
            return Arrival("refused", manifest.version, problems)
    result = load_pack(target)
    if not result.ok or result.exhibit is None:  # a kept copy that no longer loads (disk trouble): fetch again
        shutil.rmtree(target, ignore_errors=True)
        return Arrival("refused", manifest.version, [str(p) for p in result.problems if p.is_error])
    return Arrival("ready", manifest.version, pack=target, exhibit=result.exhibit)


def _copy_version(source: Path, manifest: Manifest, target: Path) -> tuple[list[str], list[str]]:
    """Copy and validate into a staging folder, then rename it to `target`. Returns the files that
    changed while being copied, and the validation errors (with the source's paths)."""
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
    try:
        differences = [name + ": changed while being copied" for name, entry in manifest.files.items()
                       if _copy_checked(source / name, staging / name) != entry.sha256]
        if differences:
            return differences, []
        shutil.copyfile(source / MANIFEST_NAME, staging / MANIFEST_NAME)
        result = load_pack(staging)
        if not result.ok:
            problems = [_in_source(problem, staging, source) for problem in result.problems if problem.is_error]
            return [], problems or ["the pack does not load"]
        _fsync_tree(staging)
        os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    log.info("content version %s copied into %s", manifest.version, target)
    return [], []


def _copy_checked(source: Path, dest: Path) -> str:
    """Copy one file, returning the SHA-256 of exactly the bytes written ('' when it vanished)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    try:
        with source.open("rb") as reader, dest.open("wb") as writer:
            while chunk := reader.read(CHUNK):
                digest.update(chunk)
                writer.write(chunk)
    except FileNotFoundError:
        return ""
    return digest.hexdigest()


def _in_source(problem: object, staging: Path, source: Path) -> str:
    """A validation problem found in the staging copy, told as the file in the source it came from."""
    path = getattr(problem, "path", None)
    if isinstance(path, Path) and path.is_relative_to(staging):
        problem = replace(problem, path=source / path.relative_to(staging))  # type: ignore[type-var]
    return str(problem)


def _fsync_tree(folder: Path) -> None:
    for root, _folders, files in os.walk(folder):
        for name in files:
            with open(os.path.join(root, name), "rb") as handle:
                os.fsync(handle.fileno())
        descriptor = os.open(root, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


# --- applying, pruning and going back ------------------------------------------------------------------------

def record_applied(data_dir: Path, version: str, keep: int) -> list[str]:
    """`version` is now shown: make it current, last in the history, and delete versions beyond
    the newest `keep`. Returns the versions deleted."""
    state = read_state(data_dir)
    history = [name for name in state.history if name != version] + [version]
    kept, dropped = history[-keep:], history[:-keep]
    write_state(data_dir, VersionState(version, kept, state.held_back))
    folder = versions_dir(data_dir)
    removed = []
    for name in dropped:
        shutil.rmtree(folder / name, ignore_errors=True)
        removed.append(name)
    for extra in folder.iterdir():  # versions copied in but never shown (replaced by a newer one first),
        # left alone for a while: one may have just been copied in by the follower's worker thread
        if extra.is_dir() and not extra.name.startswith(".") and extra.name not in kept \
                and time.time() - extra.stat().st_mtime > UNSHOWN_GRACE_SECONDS:
            shutil.rmtree(extra, ignore_errors=True)
            removed.append(extra.name)
    return removed


class RollbackError(Exception):
    """There is nothing to go back to; the message says why."""


def roll_back(data_dir: Path) -> tuple[str, str]:
    """Go back one version: (from, to). The version left is held back from the source."""
    state = read_state(data_dir)
    if state.current is None or len(state.history) < 2:
        kept = ", ".join(state.history) or "none"
        raise RollbackError(f"no earlier content version in {versions_dir(data_dir)} (kept: {kept})")
    left, back_to = state.history[-1], state.history[-2]
    if not (versions_dir(data_dir) / back_to / MANIFEST_NAME).is_file():
        raise RollbackError(f"the earlier version {back_to} is missing from {versions_dir(data_dir)}")
    held_back = [name for name in state.held_back if name != left] + [left]
    write_state(data_dir, VersionState(back_to, state.history[:-1], held_back[-HELD_BACK_LIMIT:]))
    return left, back_to


def pack_to_show(content: Path, content_source: Path | None, data_dir: Path) -> Path:
    """The pack a kiosk starts with: the current version when it follows a content source and has
    applied one, else its `content` setting (until the first version arrives)."""
    if content_source is None:
        return content
    return current_pack(data_dir) or content
