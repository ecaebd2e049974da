"""Live content reload: curators save into the running exhibit's content folder and see the change
without a restart, and a half-edited or broken file never reaches the visitors.

- `ContentWatcher` watches the pack folder (every folder and file in it, and the folder holding
  it, so a pack swapped in whole is seen too). Changes are debounced: a burst of saves becomes
  one validation, `debounce_ms` after the last of them. A change to editor or sync scratch files
  alone (`.x.swp`, `x~`, `.syncthing.x.tmp`) does not count: what is compared is a fingerprint of
  the pack's real files. It emits `content_ready(Exhibit)` or `content_refused(list[Problem])`.
- `ReloadPolicy` holds a ready exhibit until the moment is right: at once in attract mode (nobody
  is looking), otherwise once nobody has touched the exhibit for `idle_seconds`.
- `LiveReload` wires both to an `ExhibitSession`: new content goes in through
  `session.replace_exhibit`, refused content is logged line by line as `path:line:column: message`
  and kept in `session.last_content_problems` for the admin panel; visitors never see it.
"""

from __future__ import annotations

import logging
import math
import os
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal, SignalInstance

from kiosk.clock import Clock, clock_speed
from kiosk.content.lastgood import belongs_to_pack, pack_files, pack_fingerprint, remember_good_pack
from kiosk.content.loader import load_pack
from kiosk.content.model import Exhibit
from kiosk.content.problems import Problem

log = logging.getLogger("kiosk.reload")

DEBOUNCE_MS = 400
IDLE_SECONDS = 30.0  # a visitor who has not touched the exhibit this long is reading, or gone
MAX_WATCHED_FILES = 2000  # beyond this only folders are watched (creations, deletions, renames)


class ContentWatcher(QObject):
    content_ready = Signal(object)  # Exhibit: the folder changed and its content is valid
    content_refused = Signal(list)  # list[Problem]: the folder changed and its content is not valid
    change_seen = Signal(str)  # the file system reported a change at this path (before the debounce)

    def __init__(self, pack: Path, debounce_ms: int = DEBOUNCE_MS, data_dir: Path | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pack = Path(pack)
        self.data_dir = data_dir  # when set, each valid content is kept there as the last good copy
        self.validations = 0
        self._pending = False
        self._identities: dict[str, tuple[int, int]] = {}  # watched path: (device, inode) when it was added
        self._fingerprint = self._current_fingerprint()  # what is on show was loaded from this
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._changed)
        self._watcher.fileChanged.connect(self._changed)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self.flush)

    # --- watching -------------------------------------------------------------------
    def start(self) -> None:
        self._watch()
        log.info("watching %s for content changes", self.pack)

    def stop(self) -> None:
        self._debounce.stop()
        self._pending = False
        self._identities = {}
        paths = self._watcher.files() + self._watcher.directories()
        if paths:
            self._watcher.removePaths(paths)

    def watched_paths(self) -> list[str]:
        return sorted(self._watcher.files() + self._watcher.directories())

    def _wanted_paths(self) -> set[str]:
        wanted = {str(self.pack.parent)}
        if not self.pack.is_dir():
            return wanted
        for folder, folders, _files in os.walk(self.pack, followlinks=False):
            folders[:] = [name for name in folders if belongs_to_pack(name)]
            wanted.add(folder)
        files = pack_files(self.pack)[:MAX_WATCHED_FILES]
        wanted.update(str(self.pack / relative) for relative in files)
        return wanted

    def _watch(self) -> None:
        """Watch what is there now. A watch follows a file or folder, not its name: when an editor
        renames a new file over the old one, or a new pack folder is renamed into place, the name
        now means something else and is watched afresh."""
        identities = {path: _identity(path) for path in self._wanted_paths()}
        wanted = {path for path, identity in identities.items() if identity is not None}
        current = set(self._watcher.files() + self._watcher.directories())
        stale = [path for path in current if path not in wanted or self._identities.get(path) != identities[path]]
        if stale:
            self._watcher.removePaths(stale)
        new = sorted(wanted - (current - set(stale)))
        if new:
            self._watcher.addPaths(new)
        self._identities = {path: identity for path, identity in identities.items() if identity is not None}

    def _changed(self, path: str) -> None:
        log.debug("changed: %s", path)
        self._watch()
        self.poke()
        self.change_seen.emit(path)

    # --- validating -----------------------------------------------------------------
    def poke(self) -> None:
        """Something in the folder changed: validate `debounce_ms` after the last such call."""
        self._pending = True
        self._debounce.start()

    def flush(self) -> None:
        """Validate now if a change is waiting (the debounce timer calls this; tests may too)."""
        self._debounce.stop()
        if not self._pending:
            return
        self._pending = False
        fingerprint = self._current_fingerprint()
        if fingerprint == self._fingerprint:
            log.debug("%s: only scratch files or time stamps changed; nothing to reload", self.pack)
            return
        self._fingerprint = fingerprint
        self.validate()

    def validate(self) -> None:
        self.validations += 1
        result = load_pack(self.pack)
        if result.ok and result.exhibit is not None:
            log.info("content in %s changed and is valid (version %s)", self.pack, result.exhibit.version)
            if self.data_dir is not None:
                remember_good_pack(self.pack, self.data_dir)
            self.content_ready.emit(result.exhibit)
        else:
            self.content_refused.emit([problem for problem in result.problems if problem.is_error])

    def _current_fingerprint(self) -> str:
        return pack_fingerprint(self.pack) if self.pack.is_dir() else "(no folder)"


def _identity(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


class AttractLike(Protocol):
    active: bool
    attract_started: SignalInstance

    @property
    def idle_seconds(self) -> float: ...


class SessionLike(Protocol):
    """What the reload needs of an ExhibitSession."""

    attract: AttractLike | None
    last_content_problems: list[str]

    def replace_exhibit(self, exhibit: Exhibit) -> None: ...


class ReloadPolicy(QObject):
    """Swap new content in at a moment no visitor is disturbed by it."""

    applied = Signal(object)  # the Exhibit now showing

    def __init__(self, session: SessionLike, clock: Clock, idle_seconds: float = IDLE_SECONDS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.clock = clock
        self.idle_seconds = idle_seconds
        self.pending: Exhibit | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check)
        self._watched: AttractLike | None = None  # the attract controller whose start we listen for

    def offer(self, exhibit: Exhibit) -> None:
        """Valid new content: shown now if the moment is right, else held (a newer offer replaces it)."""
        self.pending = exhibit
        self.check()
        attract = self.session.attract
        if self.pending is not None and attract is not None and hasattr(attract, "attract_started"):
            # attract mode may come sooner than the idle time: nobody is looking then either
            attract.attract_started.connect(self._attract_started, Qt.ConnectionType.UniqueConnection)
        if self.pending is not None:
            log.info("new content %s waits until nobody has touched the exhibit for %.0f s", exhibit.version,
                     self.idle_seconds)

    def _attract_started(self) -> None:
        # after the attract controller has finished entering: swapping the stage from inside its
        # signal would leave it working on a stage that is gone
        QTimer.singleShot(0, self.check)

    def quiet_for(self) -> float:
        """Seconds since a visitor last touched the exhibit (infinite in attract mode)."""
        attract = self.session.attract
        if attract is None or attract.active:
            return math.inf
        return attract.idle_seconds

    def check(self) -> None:
        """Apply the held content if nobody is using the exhibit; else wait (the timer calls this
        again; tests call it after advancing a ManualClock)."""
        if self.pending is None:
            return
        quiet = self.quiet_for()
        if quiet < self.idle_seconds:
            real_ms = (self.idle_seconds - quiet) / clock_speed(self.clock) * 1000
            self._timer.start(max(1, min(int(real_ms) + 1, 2**31 - 1)))
            self._watch_attract()
            return
        exhibit, self.pending = self.pending, None
        self._timer.stop()
        self.session.replace_exhibit(exhibit)
        self.applied.emit(exhibit)

    def _watch_attract(self) -> None:
        """Attract mode starting is the moment too. The swap waits for the event loop: the attract
        controller is still entering (and is itself replaced by the swap)."""
        attract = self.session.attract
        if attract is not None and attract is not self._watched:
            attract.attract_started.connect(self._attract_started)
            self._watched = attract

    def _attract_started(self) -> None:
        if self.pending is not None:
            self._timer.start(0)

    def stop(self) -> None:
        self._timer.stop()


class LiveReload(QObject):
    """A watcher and a policy wired to a session. `start()` begins watching."""

    def __init__(self, session: SessionLike, pack: Path, clock: Clock, data_dir: Path | None = None,
                 idle_seconds: float = IDLE_SECONDS, debounce_ms: int = DEBOUNCE_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.watcher = ContentWatcher(pack, debounce_ms, data_dir, self)
        self.policy = ReloadPolicy(session, clock, idle_seconds, self)
        self.watcher.content_ready.connect(self._ready)
        self.watcher.content_refused.connect(self._refused)

    def start(self) -> None:
        self.watcher.start()

    def stop(self) -> None:
        self.watcher.stop()
        self.policy.stop()

    def _ready(self, exhibit: Exhibit) -> None:
        self.session.last_content_problems = []
        self.policy.offer(exhibit)

    def _refused(self, problems: list[Problem]) -> None:
        lines = [str(problem) for problem in sorted(problems, key=lambda p: (str(p.path), p.line, p.column))]
        for line in lines:
            log.error("%s", line)
        log.error("content in %s is not valid (%d errors); the last good content stays on screen",
                  self.watcher.pack, len(lines))
        self.session.last_content_problems = lines
