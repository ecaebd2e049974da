"""Health metrics for Prometheus: an optional HTTP endpoint served by `prometheus_client`. No Qt.

Off unless the `metrics` setting names a port (then it listens on 127.0.0.1 only) or HOST:PORT.
The server runs in prometheus_client's own threads and never calls into Qt: the GUI thread keeps
`ExhibitState` current (plain values), frame counts are read as plain numbers, and the visitor
counts come from a read-only SQLite connection of the scrape's own. So a frozen GUI thread does
not freeze the endpoint: it shows as a growing `kiosk_last_frame_age_seconds`.

Every metric starts with `kiosk_`; `docs/fleet.md` lists them and packaging/monitoring/ has the
alert rules that read them.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from prometheus_client import CollectorRegistry, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, InfoMetricFamily, Metric
from prometheus_client.registry import Collector

from kiosk import __version__
from kiosk.procinfo import resident_bytes
from kiosk.runstate import ExhibitState

log = logging.getLogger("kiosk.metrics")

FrameReading = Callable[[], tuple[int, float | None]]  # frames painted, seconds since the last one (None: none yet)


class ExhibitCollector(Collector):
    """Builds every kiosk_ metric at scrape time."""

    def __init__(self, state: ExhibitState, frames: FrameReading, statistics_path: Path | None,
                 content_errors: Callable[[], int] = lambda: 0) -> None:
        self.state = state
        self.frames = frames
        self.content_errors = content_errors  # errors of the newest content refused (as the admin panel lists them)
        self.statistics_path = statistics_path
        self._monotonic_start = time.monotonic()

    def collect(self) -> Iterator[Metric]:
        with self.state.lock:
            state = {name: getattr(self.state, name) for name in self.state.__dataclass_fields__ if name != "lock"}
        uptime = time.monotonic() - self._monotonic_start
        yield InfoMetricFamily("kiosk_build", "The kiosk program's version", value={"version": __version__})
        yield _gauge("kiosk_uptime_seconds", "Seconds since the exhibit started", uptime)
        yield _gauge("kiosk_start_time_seconds", "When the exhibit started (seconds since 1970)", state["started_at"])
        yield InfoMetricFamily("kiosk_last_restart", "Why the previous run ended (see docs/fleet.md)",
                               value={"reason": state["restart_reason"]})
        painted, age = self.frames()
        yield CounterMetricFamily("kiosk_frames_painted", "Frames the window has painted", value=painted)
        yield _gauge("kiosk_last_frame_age_seconds", "Seconds since the window last painted (since start when "
                     "never)", uptime if age is None else age)
        yield from self._memory()
        yield from self._visitors()
        yield InfoMetricFamily("kiosk_content", "The content on screen", value={
            "version": state["content_version"], "exhibit_version": state["exhibit_version"]})
        yield _gauge("kiosk_content_changed_time_seconds", "When the content on screen last changed (seconds "
                     "since 1970; the start counts)", state["content_changed_at"])
        yield _gauge("kiosk_content_errors", "Errors in the newest content refused (0: the newest content is "
                     "valid)", self.content_errors())
        yield CounterMetricFamily("kiosk_content_refused", "Content versions refused as invalid since start",
                                  value=state["content_refused"])
        yield _gauge("kiosk_content_source_waiting", "1 while the content source holds a version that has not "
                     "fully arrived", int(state["source_waiting"]))
        yield _gauge("kiosk_open", "1 within opening hours (or woken by a technician), 0 closed", int(state["open"]))
        yield _gauge("kiosk_attract_active", "1 while the attract loop plays", int(state["attract"]))

    def _memory(self) -> Iterator[Metric]:
        resident = resident_bytes()
        if resident is not None:
            yield _gauge("kiosk_resident_memory_bytes", "Resident memory of the exhibit process", resident)
        limit = memory_limit_bytes()
        if limit is not None:
            yield _gauge("kiosk_memory_limit_bytes", "The memory limit of the exhibit's cgroup (MemoryMax=)", limit)

    def _visitors(self) -> Iterator[Metric]:
        counts = counts_today(self.statistics_path) if self.statistics_path is not None else None
        if counts is None:
            return
        visits, visitor_views, attract_views = counts
        yield _gauge("kiosk_visits_today", "Visits started since local midnight", visits)
        views = GaugeMetricFamily("kiosk_screen_views_today", "Screens viewed since local midnight",
                                  labels=["by"])
        views.add_metric(["visitor"], visitor_views)
        views.add_metric(["attract"], attract_views)
        yield views


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


def counts_today(path: Path) -> tuple[int, int, int] | None:
    """(visits, visitor screen views, attract screen views) since local midnight, read through a
    read-only connection of its own (the store's belongs to the GUI thread); None when unreadable."""
    midnight = datetime.now().replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
    if not path.is_file():
        return 0, 0, 0
    try:
        connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=1.0)
        try:
            visits = connection.execute("SELECT COUNT(*) FROM visits WHERE started >= ?", (midnight,)).fetchone()[0]
            views = connection.execute("SELECT COALESCE(SUM(visit_id IS NOT NULL), 0), COALESCE(SUM(visit_id IS "
                                       "NULL), 0) FROM screen_views WHERE started >= ?", (midnight,)).fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        log.debug("visitor counts for the metrics: %s", error)
        return None
    return int(visits), int(views[0]), int(views[1])


def memory_limit_bytes(proc_cgroup: Path = Path("/proc/self/cgroup"),
                       root: Path = Path("/sys/fs/cgroup")) -> int | None:
    """The cgroup v2 memory limit (`memory.max`) of this process, None where there is none or it is unknown."""
    try:
        for line in proc_cgroup.read_text().splitlines():
            if line.startswith("0::"):
                value = (root / line[3:].lstrip("/") / "memory.max").read_text().strip()
                return None if value == "max" else int(value)
    except (OSError, ValueError):
        return None
    return None


class MetricsServer:
    """The HTTP endpoint; `start()` never raises (a port in use is logged and metrics stay off)."""

    def __init__(self, address: tuple[str, int], collector: Collector) -> None:
        self.address = address
        self.registry = CollectorRegistry(auto_describe=False)
        self.registry.register(collector)
        self._server: object | None = None

    def start(self) -> bool:
        host, port = self.address
        try:
            self._server, _thread = start_http_server(port, addr=host, registry=self.registry)
        except (OSError, ValueError) as error:
            log.error("health metrics are off: cannot listen on %s:%d (%s)", host, port, error)
            return False
        log.info("health metrics at http://%s/metrics", self.url_host())
        return True

    def url_host(self) -> str:
        host, port = self.bound_address()
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    def bound_address(self) -> tuple[str, int]:
        """Where the server listens (the port the system chose when the setting said 0)."""
        if self._server is None:
            return self.address
        host, port = self._server.server_address[:2]  # type: ignore[attr-defined]
        return str(host), int(port)

    @property
    def running(self) -> bool:
        return self._server is not None

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()  # type: ignore[attr-defined]
            self._server.server_close()  # type: ignore[attr-defined]
            self._server = None
