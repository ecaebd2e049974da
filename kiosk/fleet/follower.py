"""Following a content source folder that a sync tool (rsync, Syncthing) keeps current.

The source is watched with `kiosk.reload.ContentWatcher` (debounced; scratch files such as
rsync's `.name.XXXXXX` and Syncthing's `.syncthing.name.tmp` do not count). When it settles,
a worker thread compares every file with the pack's manifest and, for a new complete version,
copies it into `data_dir/content-versions/<version>/` and validates the copy
(`kiosk.fleet.versions.take_in`); hashing and copying a large pack never stalls the GUI thread
(nor the systemd watchdog it feeds). A valid version is handed to `kiosk.reload.ReloadPolicy`,
which swaps it in when nobody is using the exhibit; an invalid one is refused, logged as
`path:line:column: message` and the old content stays. A half-arrived version is simply not
there yet: it is logged once and shown in the metrics as waiting.

`state.json` in the versions folder is watched too, so `python main.py rollback`, run while the
exhibit runs, brings the earlier version on screen within seconds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.clock import Clock
from kiosk.content.loader import load_pack
from kiosk.content.model import Exhibit
from kiosk.fleet.versions import (
    Arrival,
    RollbackError,
    read_state,
    record_applied,
    roll_back,
    take_in,
    version_of,
    versions_dir,
)
from kiosk.reload import DEBOUNCE_MS, IDLE_SECONDS, ContentWatcher, ReloadPolicy, SessionLike

log = logging.getLogger("kiosk.fleet")

STATE_SETTLE_MS = 200


class SourceWatcher(ContentWatcher):
    """A ContentWatcher whose settled changes are handed on (`on_settled`) instead of validated in place:
    the source is validated only as a complete copy, by the follower."""

    def __init__(self, source: Path, on_settled: Callable[[], None], debounce_ms: int = DEBOUNCE_MS,
                 parent: QObject | None = None) -> None:
        self._on_settled = on_settled
        super().__init__(source, debounce_ms, None, parent)

    def validate(self) -> None:
        self.validations += 1
        self._on_settled()


class ContentFollower(QObject):
    arrived = Signal(object)  # Arrival, emitted by the worker thread and delivered on the GUI thread
    version_applied = Signal(str)  # a new version (or the one rolled back to) is showing
    version_refused = Signal(str, list)  # version id, its problems as path:line:column: message
    waiting_changed = Signal(bool)  # True while the source holds a version that has not fully arrived

    def __init__(self, session: SessionLike, source: Path, data_dir: Path, clock: Clock, keep: int = 3,
                 idle_seconds: float = IDLE_SECONDS, debounce_ms: int = DEBOUNCE_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.source = Path(source)
        self.data_dir = Path(data_dir)
        self.keep = keep
        exhibit: Exhibit | None = getattr(session, "exhibit", None)
        self.showing: str | None = version_of(exhibit.root) if exhibit is not None else None
        self.waiting = False
        self.refused_version: str | None = None
        self.refused_problems: list[str] = []
        self.refused_total = 0
        self._told: tuple[str, str | None, str] | None = None  # the last waiting/held-back message, told once
        self._offered: dict[int, tuple[str, bool]] = {}  # id(exhibit): (version, record it as newly applied)
        self._busy = False
        self._again = False
        self._stopped = False
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="content-follower")
        self.policy = ReloadPolicy(session, clock, idle_seconds, self)
        self.policy.applied.connect(self._applied)
        self.watcher = SourceWatcher(self.source, self.check_now, debounce_ms, self)
        self.arrived.connect(self._on_arrival)
        self._state_watcher = QFileSystemWatcher(self)
        self._state_watcher.directoryChanged.connect(self._state_touched)
        self._state_settle = QTimer(self)
        self._state_settle.setSingleShot(True)
        self._state_settle.setInterval(STATE_SETTLE_MS)
        self._state_settle.timeout.connect(self.follow_state)

    # --- running -------------------------------------------------------------------
    def start(self) -> None:
        self.watcher.start()
        folder = versions_dir(self.data_dir)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._state_watcher.addPath(str(folder))
        except OSError as error:
            log.warning("cannot watch %s (%s); a rollback is seen at the next start only", folder, error)
        log.info("following content source %s (showing version %s)", self.source, self.showing or "local")
        self.check_now()

    def stop(self) -> None:
        self._stopped = True
        self.watcher.stop()
        self.policy.stop()
        self._state_settle.stop()
        self._executor.shutdown(wait=True, cancel_futures=True)
        self.arrived.disconnect(self._on_arrival)

    def check_now(self) -> None:
        """Look at the source now (in the worker thread; the result comes back as `arrived`)."""
        if self._stopped:
            return
        if self._busy:
            self._again = True
            return
        self._busy = True
        self._executor.submit(self._look)

    def _look(self) -> None:  # in the worker thread: no Qt but the queued signal
        try:
            arrival = take_in(self.source, self.data_dir, self.showing)
        except Exception as error:  # the source or data dir vanished mid-way, a full disk...
            arrival = Arrival("incomplete", None, [f"{self.source}: cannot take the content in: {error}"])
        self.arrived.emit(arrival)

    # --- what the source holds -----------------------------------------------------
    def _on_arrival(self, arrival: Arrival) -> None:
        self._busy = False
        if self._stopped:
            return  # looked before the exhibit closed; nothing is applied any more
        self._set_waiting(arrival.kind == "incomplete")
        handle = {"incomplete": self._incomplete, "refused": self._refused, "ready": self._ready,
                  "held-back": self._held_back, "current": self._settled}[arrival.kind]
        handle(arrival)
        if self._again:
            self._again = False
            self.check_now()

    def _set_waiting(self, waiting: bool) -> None:
        if waiting != self.waiting:
            self.waiting = waiting
            self.waiting_changed.emit(waiting)

    def _tell_once(self, kind: str, version: str | None, text: str, level: int = logging.INFO) -> None:
        if self._told != (kind, version, text):
            self._told = (kind, version, text)
            log.log(level, "%s", text)

    def _incomplete(self, arrival: Arrival) -> None:
        if arrival.version is None:
            reason = arrival.details[0] if arrival.details else "no manifest"
            self._tell_once("no manifest", None, f"content source: {reason}; the current content stays",
                            logging.WARNING)
            return
        count = len(arrival.details)
        self._tell_once("incomplete", arrival.version, f"content source {self.source}: version {arrival.version} has "
                        f"not fully arrived ({count} files do not match its manifest yet, e.g. {arrival.details[0]}); "
                        "the current content stays")

    def _refused(self, arrival: Arrival) -> None:
        self._told = None
        if arrival.version == self.refused_version:
            return  # told already
        self.refused_version = arrival.version
        self.refused_problems = arrival.details
        self.refused_total += 1
        for line in arrival.details:
            log.error("%s", line)
        log.error("content version %s in %s is not valid (%d errors); it is refused and version %s stays on screen",
                  arrival.version, self.source, len(arrival.details), self.showing or "local")
        self.session.last_content_problems = list(arrival.details)
        self.version_refused.emit(arrival.version or "", list(arrival.details))

    def _settled(self, arrival: Arrival) -> None:
        """The source holds what is shown (or was rolled back): nothing is wrong with it."""
        self._told = None
        if self.refused_version is not None:
            self.refused_version, self.refused_problems = None, []
            self.session.last_content_problems = []

    def _held_back(self, arrival: Arrival) -> None:
        self._settled(arrival)
        self._tell_once("held-back", arrival.version, f"content source {self.source} holds version {arrival.version},"
                        " which was rolled back here; waiting for a newer version")

    def _ready(self, arrival: Arrival) -> None:
        self._settled(arrival)
        assert arrival.exhibit is not None and arrival.version is not None
        log.info("content version %s has arrived and is valid", arrival.version)
        self._offer(arrival.exhibit, arrival.version, record=True)

    def _offer(self, exhibit: Exhibit, version: str, record: bool) -> None:
        self._offered = {id(exhibit): (version, record)}  # a newer offer replaces the held one
        self.policy.offer(exhibit)

    def _applied(self, exhibit: Exhibit) -> None:
        offered = self._offered.pop(id(exhibit), None)
        if offered is None:
            return
        version, record = offered
        self.showing = version
        if record:
            try:
                removed = record_applied(self.data_dir, version, self.keep)
            except OSError as error:
                log.warning("could not record content version %s in %s: %s", version, self.data_dir, error)
                removed = []
            if removed:
                log.info("removed old content versions: %s", ", ".join(removed))
        log.info("content version %s is now showing", version)
        self.version_applied.emit(version)

    # --- rollback ------------------------------------------------------------------
    def _state_touched(self, _path: str) -> None:
        self._state_settle.start()

    def follow_state(self) -> None:
        """Show the version state.json calls current, when another one is showing (after a rollback)."""
        current = read_state(self.data_dir).current
        if current is None or current == self.showing:
            return
        if any(version == current for version, _ in self._offered.values()):
            return
        pack = versions_dir(self.data_dir) / current
        result = load_pack(pack)
        if not result.ok or result.exhibit is None:
            log.error("content version %s in %s does not load; version %s stays", current, pack, self.showing)
            return
        log.info("content version %s is current again (rollback)", current)
        self._offer(result.exhibit, current, record=False)

    def rollback(self) -> str:
        """Go back one version (the admin panel's action); a line saying what happened."""
        try:
            left, back_to = roll_back(self.data_dir)
        except (RollbackError, OSError) as error:
            log.warning("rollback: %s", error)
            return f"No rollback: {error}"
        log.info("rollback from content version %s to %s", left, back_to)
        self.follow_state()
        return f"Content version {left} -> {back_to}"
