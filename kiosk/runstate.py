"""What the exhibit is doing, kept by the GUI thread for monitoring to read. No Qt.

It lives apart from `kiosk.metrics` so that a kiosk without the metrics endpoint never imports
`prometheus_client` (10 MB and 30 ms of start-up).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field


@dataclass
class ExhibitState:
    """What the GUI thread knows, for the scrape threads to read (each field is replaced whole)."""

    started_at: float = field(default_factory=time.time)  # wall clock, seconds since 1970
    content_version: str = ""  # the pack's version id (its manifest), or "local" for a pack without one
    exhibit_version: str = ""  # exhibit.yaml's version
    content_changed_at: float = field(default_factory=time.time)
    content_refused: int = 0  # content versions refused since start
    source_waiting: bool = False  # the content source holds a version that has not fully arrived
    open: bool = True  # within opening hours (or woken by a technician)
    attract: bool = False
    restart_reason: str = "first-start"
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def update(self, **values: object) -> None:
        with self.lock:
            for name, value in values.items():
                setattr(self, name, value)
