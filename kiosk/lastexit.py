"""Why the exhibit last stopped, told at the next start (the `kiosk_last_restart_info` metric). No Qt.

Two records, each a one-line text file:

- `data_dir/run-state`, written by the exhibit: `running PID TIME` at start, `stopped TIME` at a
  clean exit (the admin panel's Exit, Ctrl+C, SIGTERM from `systemctl stop`, an update's restart).
- the file named by `$ITER_KIOSK_SERVICE_EXIT`, written by systemd after each stop: the unit's
  `ExecStopPost=` prints `$SERVICE_RESULT $EXIT_CODE $EXIT_STATUS`, which only systemd knows
  (a watchdog kill, the memory limit). It is read once and removed, so an old record never
  explains a later stop.

The reason, from the most specific record:
  first-start   no record at all (a new install, or a new data_dir)
  stopped       the last run ended cleanly
  watchdog      systemd killed it: the GUI thread stopped answering (`WatchdogSec=`)
  memory-limit  killed for going over `MemoryMax=` (systemd's `oom-kill`)
  crash         it died on an error or a signal (systemd's exit-code, signal, core-dump)
  timeout       systemd gave up waiting for it to start or stop
  unclean       it was running and left no clean exit, and systemd said nothing: a power cut,
                a hard reset, or a kill outside systemd
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping
from pathlib import Path

log = logging.getLogger("kiosk")

RUN_STATE = "run-state"
SERVICE_EXIT_VARIABLE = "ITER_KIOSK_SERVICE_EXIT"
SERVICE_RESULTS = {"watchdog": "watchdog", "oom-kill": "memory-limit", "exit-code": "crash", "signal": "crash",
                   "core-dump": "crash", "timeout": "timeout"}
REASONS = ("first-start", "stopped", "watchdog", "memory-limit", "crash", "timeout", "unclean")


class RunRecord:
    """`start()` once the exhibit runs (returns why the last run ended), `stopped_cleanly()` at a clean exit."""

    def __init__(self, data_dir: Path, environment: Mapping[str, str] | None = None) -> None:
        self.path = Path(data_dir) / RUN_STATE
        values = os.environ if environment is None else environment
        service_exit = values.get(SERVICE_EXIT_VARIABLE, "")
        self.service_exit = Path(service_exit) if service_exit else None
        self.reason = "first-start"
        self.detail = ""

    def start(self) -> str:
        self.reason, self.detail = self._last_exit()
        self._write(f"running {os.getpid()} {_timestamp()}")
        (log.info if self.reason in ("first-start", "stopped") else log.warning)(
            "last exit: %s%s", self.reason, f" ({self.detail})" if self.detail else "")
        return self.reason

    def stopped_cleanly(self) -> None:
        self._write(f"stopped {_timestamp()}")

    def _last_exit(self) -> tuple[str, str]:
        own = _read_line(self.path)
        service = _read_line(self.service_exit) if self.service_exit else ""
        if self.service_exit is not None and service:
            try:
                self.service_exit.unlink()
            except OSError as error:
                log.debug("cannot remove %s: %s", self.service_exit, error)
        fields = service.split()
        if fields and fields[0] in SERVICE_RESULTS:
            return SERVICE_RESULTS[fields[0]], "systemd: " + service
        if own.startswith("stopped"):
            return "stopped", ""
        if own.startswith("running"):
            return "unclean", "no clean exit was recorded" + (f"; systemd: {service}" if service else "")
        return "first-start", ""

    def _write(self, line: str) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(self.path.name + ".new")
            temporary.write_text(line + "\n", encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError as error:
            log.warning("cannot write %s (%s); the next start cannot tell why this run ended", self.path, error)


def _read_line(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[0]
    except (OSError, IndexError):
        return ""


def _timestamp() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")
