"""The process's own memory and CPU, for diagnostics and health metrics (no Qt, no psutil)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _status_kib(field: str, path: str = "/proc/self/status") -> int | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def resident_bytes() -> int | None:
    """Resident set size now (Linux), or the peak where only that is known (macOS, BSD)."""
    kib = _status_kib("VmRSS")
    if kib is not None:
        return kib * 1024
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    except (ImportError, OSError):
        return None
    return peak if sys.platform == "darwin" else peak * 1024


def proportional_bytes(pid: int | None = None) -> int | None:
    """Proportional set size (shared pages divided among their users), Linux only."""
    kib = _status_kib("Pss", f"/proc/{pid or os.getpid()}/smaps_rollup")
    return None if kib is None else kib * 1024


def cpu_seconds() -> float:
    """User plus system CPU time of this process so far."""
    times = os.times()
    return times.user + times.system
