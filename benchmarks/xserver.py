"""A private X server (Xvfb), its messages kept in a log file, and stopping a child process.

Shared by the benchmark and the tests' real-window helpers (tests/xvfb_support.py). The server's
output goes to a file instead of a pipe nobody reads (a long run must not fill a pipe and stall
the server), and its tail is shown when a program cannot reach it. No Qt.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class HarnessError(RuntimeError):
    """The harness itself could not run: no X server, a program that never showed up."""


def stop_process(process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """SIGTERM, then SIGKILL if it has not ended within `timeout` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def missing_tools() -> list[str]:
    return [tool for tool in ("Xvfb", "xdpyinfo") if shutil.which(tool) is None]


def _display_taken(number: int) -> bool:
    return Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists()


def _answers(display: str) -> bool:
    result = subprocess.run(["xdpyinfo", "-display", display], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            timeout=20, check=False, env=dict(os.environ, DISPLAY=display))
    return result.returncode == 0


@contextmanager
def xvfb(width: int, height: int, log: Path, first: int = 160, timeout: float = 30.0) -> Iterator[str]:
    """`Xvfb :N` on the first free number from `first`, `width`x`height`x24; yields ':N'."""
    for number in range(first, first + 100):
        if _display_taken(number):
            continue
        display = f":{number}"
        with log.open("ab") as out:
            server = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
                                      stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while server.poll() is None and not _answers(display):
            if time.monotonic() > deadline:
                server.kill()
                server.wait()
                raise HarnessError(f"Xvfb {display} did not answer within {timeout:.0f} s")
            time.sleep(0.05)
        if server.poll() is not None:  # another X server took the number first
            if _display_taken(number):
                continue
            raise HarnessError(f"Xvfb {display} exited with status {server.returncode}: {tail(log)}")
        try:
            yield display
        finally:
            stop_process(server)
        return
    raise HarnessError(f"no free X display number between :{first} and :{first + 99}")


def tail(log: Path, characters: int = 1500) -> str:
    try:
        return log.read_text(errors="replace")[-characters:].strip()
    except OSError:
        return "(no log)"
