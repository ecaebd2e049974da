"""Starting the exhibit and the bare window as measured subprocesses, and reading their cost
from /proc (no Qt, Linux only).

Each process gets its own `$NOTIFY_SOCKET`, a datagram socket this side binds, and reports
its first painted frame with systemd's `READY=1` there; the time from just before `Popen` to
that datagram is its first-frame time.
"""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.xserver import HarnessError, stop_process

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BARE_WINDOW = PROJECT_ROOT / "benchmarks" / "bare_window.py"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Measured:
    """A running program: its process, when it was started and when its first frame was painted."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path
    started: float
    first_frame: float | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def first_frame_seconds(self) -> float:
        if self.first_frame is None:
            raise HarnessError(f"{self.name}: no first frame yet")
        return self.first_frame - self.started

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


def program_environment(display: str, notify_socket: str, home: Path) -> dict[str, str]:
    """The environment of a measured program: the X server, its notify socket and a private
    config/data/log home (the benchmark never touches the user's own)."""
    # PYTHONDONTWRITEBYTECODE (set in some sandboxes) would make every start compile every module
    # again; an installed kiosk keeps its compiled modules, so the programs here may too.
    dropped = ("QT_QPA_PLATFORM", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "PYTHONDONTWRITEBYTECODE")
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", NOTIFY_SOCKET=notify_socket, PYTHONUNBUFFERED="1",
               XDG_RUNTIME_DIR=env.get("XDG_RUNTIME_DIR", tempfile.gettempdir()))
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[variable] = str(home / variable.lower())
    return env


class NotifyListener:
    """The systemd side of the notify protocol: a datagram socket in a private folder."""

    def __init__(self, folder: Path) -> None:
        self.path = str(folder / "notify.sock")
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.socket.bind(self.path)

    def drain(self) -> None:
        while select.select([self.socket], [], [], 0)[0]:
            self.socket.recv(4096)

    def wait_for(self, message: str, process: subprocess.Popen[bytes], timeout: float) -> float:
        """The monotonic time at which `message` arrived; fails when the process exits first."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise HarnessError(f"no {message} within {timeout:.0f} s")
            if select.select([self.socket], [], [], min(remaining, 0.05))[0]:
                arrived = time.monotonic()
                if message in self.socket.recv(4096).decode(errors="replace").splitlines():
                    return arrived
            elif process.poll() is not None:
                raise HarnessError(f"the program exited with status {process.returncode} before {message}")

    def close(self) -> None:
        self.socket.close()


@contextmanager
def running(name: str, command: Sequence[str], display: str, workdir: Path, home: Path | None = None,
            ready_timeout: float = 60.0) -> Iterator[Measured]:
    """Start `command` with its own notify socket, and its own config/data/log home unless `home`
    is given (runs that share one find what earlier runs left, as a kiosk does at each boot);
    yield once it has painted its first frame; stop it at the end."""
    folder = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=workdir))
    listener = NotifyListener(folder)
    log = folder / "output.log"
    env = program_environment(display, listener.path, home or folder / "home")
    with log.open("wb") as out:
        started = time.monotonic()
        process = subprocess.Popen(list(command), cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL,
                                   stdout=out, stderr=subprocess.STDOUT)
    measured = Measured(name, process, log, started)
    try:
        try:
            measured.first_frame = listener.wait_for("READY=1", process, ready_timeout)
        except HarnessError as error:
            raise HarnessError(f"{name}: {error}; its output:\n{measured.output()}") from error
        yield measured
        if process.poll() is not None:
            raise HarnessError(f"{name} exited with status {process.returncode} while measured; its output:\n"
                               f"{measured.output()}")
    finally:
        stop_process(process)
        listener.close()


def exhibit_command(*args: str) -> list[str]:
    return [sys.executable, "main.py", *args]


def bare_command() -> list[str]:
    return [sys.executable, str(BARE_WINDOW)]


# --- /proc ---------------------------------------------------------------------------------
def memory_bytes(pid: int) -> dict[str, int]:
    """PSS (private pages plus each shared page divided by its sharers) and USS (private pages
    only) of a process, from /proc/PID/smaps_rollup. PSS is what the budget judges; it moves when
    other processes that share Qt's pages start or stop, which USS does not, so USS tells a
    leak from a neighbour leaving."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError as error:
        raise HarnessError(f"cannot read the memory of process {pid}: {error}") from error
    kib = {name: int(rest.split()[0]) for name, _, rest in (line.partition(":") for line in lines[1:]) if rest}
    if "Pss" not in kib:
        raise HarnessError(f"/proc/{pid}/smaps_rollup has no Pss line")
    return {"pss": kib["Pss"] * 1024, "uss": (kib.get("Private_Clean", 0) + kib.get("Private_Dirty", 0)) * 1024}


def pss_bytes(pid: int) -> int:
    return memory_bytes(pid)["pss"]


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of every thread of the process so far (/proc/PID/stat)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError as error:
        raise HarnessError(f"cannot read the CPU time of process {pid}: {error}") from error
    fields = stat[stat.rindex(")") + 2:].split()  # after the command name, which may hold spaces
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / CLOCK_TICKS


def cpu_percent(program: Measured, seconds: float) -> float:
    """The program's CPU use over the next `seconds`, in percent of one core."""
    before, started = cpu_seconds(program.pid), time.monotonic()
    time.sleep(seconds)
    if program.process.poll() is not None:
        raise HarnessError(f"{program.name} exited while its CPU was measured; its output:\n{program.output()}")
    return 100 * (cpu_seconds(program.pid) - before) / (time.monotonic() - started)
