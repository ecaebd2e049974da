"""kiosk/metrics.py: the Prometheus endpoint is off by default, listens on 127.0.0.1 unless the
config names another address, and serves what the issue lists, scraped over real HTTP and read
with prometheus_client's own parser."""

from __future__ import annotations

import socket
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fleet_sessions import close_session, free_port, open_session, settings_from
from prometheus_client.parser import text_string_to_metric_families

from kiosk.clock import SystemClock
from kiosk.metrics import counts_today, memory_limit_bytes
from kiosk.settings import Address, SettingValueError, load_settings
from kiosk.statistics import StatisticsStore, default_statistics_path
from kiosk.unattended import Unattended, attach_unattended

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def scrape(host: str, port: int) -> Samples:
    with urllib.request.urlopen(f"http://{host}:{port}/metrics", timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        text = response.read().decode()
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples[(name, tuple(sorted(labels.items())))]


@pytest.fixture
def running(qtbot, exhibit, tmp_path: Path) -> Iterator[tuple[object, Unattended, int]]:
    port = free_port()
    settings = settings_from(tmp_path, f"metrics: {port}\n")
    store = StatisticsStore(default_statistics_path(settings.data_dir))
    session = open_session(qtbot, exhibit, SystemClock(), statistics=store)
    unattended = attach_unattended(session, settings, SystemClock(), environment={})
    yield session, unattended, port
    unattended.close()
    close_session(session)
    store.close()


def test_metrics_are_off_by_default(qtbot, exhibit, tmp_path: Path) -> None:
    settings = load_settings(None, None, tmp_path / "config.yaml")  # first run: every default
    assert settings.metrics is None and settings.source("metrics") == "default"
    session = open_session(qtbot, exhibit, SystemClock())
    unattended = attach_unattended(session, settings_from(tmp_path, ""), SystemClock(), environment={})
    assert unattended.metrics is None
    unattended.close()
    close_session(session)


def test_a_scrape_over_http_shows_the_exhibit_s_health(running, qtbot) -> None:
    session, _unattended, port = running
    store = session.statistics
    store.start_visit()
    store.record_screen_view("meaning", 4.0)
    store.record_screen_view("power", 9.0)
    qtbot.waitUntil(lambda: session.frame_counter.frames > 0, timeout=5000)

    samples = scrape("127.0.0.1", port)
    assert value(samples, "kiosk_frames_painted_total") >= 1
    assert 0 <= value(samples, "kiosk_last_frame_age_seconds") < 30
    assert 0 < value(samples, "kiosk_uptime_seconds") < 60
    assert value(samples, "kiosk_resident_memory_bytes") > 20e6
    assert value(samples, "kiosk_visits_today") == 1
    assert value(samples, "kiosk_screen_views_today", by="visitor") == 2
    assert value(samples, "kiosk_screen_views_today", by="attract") == 0
    assert value(samples, "kiosk_content_info", version="local", exhibit_version=session.exhibit.version) == 1
    assert value(samples, "kiosk_content_errors") == 0
    assert value(samples, "kiosk_content_refused_total") == 0
    assert value(samples, "kiosk_last_restart_info", reason="first-start") == 1
    assert value(samples, "kiosk_open") == 1
    assert value(samples, "kiosk_attract_active") == 0
    started = value(samples, "kiosk_start_time_seconds")
    assert abs(value(samples, "kiosk_content_changed_time_seconds") - started) < 5  # the start counts as a change

    session.attract.enter()
    assert value(scrape("127.0.0.1", port), "kiosk_attract_active") == 1
    session.replace_exhibit(session.exhibit)  # new content: the change time moves
    later = scrape("127.0.0.1", port)
    assert value(later, "kiosk_content_changed_time_seconds") > value(samples, "kiosk_content_changed_time_seconds")
    assert value(later, "kiosk_frames_painted_total") >= value(samples, "kiosk_frames_painted_total")


def test_it_listens_on_127_0_0_1_only_unless_configured(running, qtbot, exhibit, tmp_path: Path) -> None:
    _session, unattended, port = running
    assert unattended.metrics is not None and unattended.metrics.bound_address() == ("127.0.0.1", port)
    # configured elsewhere on the loopback range: it listens there, and not on 127.0.0.1
    other_port = free_port("127.0.0.2")
    elsewhere = settings_from(tmp_path / "other", f"metrics: 127.0.0.2:{other_port}\n")
    session = open_session(qtbot, exhibit, SystemClock())
    other = attach_unattended(session, elsewhere, SystemClock(), environment={})
    assert other.metrics is not None and other.metrics.bound_address() == ("127.0.0.2", other_port)
    assert value(scrape("127.0.0.2", other_port), "kiosk_open") == 1
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", other_port), timeout=5):
        pass
    other.close()
    close_session(session)


def test_a_port_in_use_is_logged_and_the_exhibit_goes_on(qtbot, exhibit, tmp_path: Path, caplog) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        session = open_session(qtbot, exhibit, SystemClock())
        unattended = attach_unattended(session, settings_from(tmp_path, f"metrics: {port}\n"), SystemClock(),
                                       environment={})
        assert unattended.metrics is not None and not unattended.metrics.running
        assert any(f"cannot listen on 127.0.0.1:{port}" in record.getMessage() for record in caplog.records)
        unattended.close()
        close_session(session)


@pytest.mark.parametrize(("given", "expected"), [
    (9108, ("127.0.0.1", 9108)), ("9108", ("127.0.0.1", 9108)), ("0.0.0.0:9200", ("0.0.0.0", 9200)),
    ("kiosk-3.museum.lan:9108", ("kiosk-3.museum.lan", 9108)), ("[::1]:9108", ("::1", 9108)),
])
def test_the_metrics_address_setting(given: object, expected: tuple[str, int]) -> None:
    kind = Address()
    assert kind.from_yaml(given, Path.cwd()) == expected
    assert kind.from_yaml(kind.show(expected), Path.cwd()) == expected  # what --print-config shows reads back


@pytest.mark.parametrize("given", [0, 70000, "9108:", "host", True, "a b:80", [9108]])
def test_a_bad_metrics_address_is_refused(given: object) -> None:
    with pytest.raises(SettingValueError):
        Address().from_yaml(given, Path.cwd())


def test_counts_and_limits_where_there_are_none(tmp_path: Path) -> None:
    assert counts_today(tmp_path / "missing.sqlite3") == (0, 0, 0)
    (tmp_path / "junk.sqlite3").write_bytes(b"not a database at all" * 100)
    assert counts_today(tmp_path / "junk.sqlite3") is None
    cgroup = tmp_path / "cgroup"
    cgroup.write_text("0::/user.slice/iter-kiosk.service\n")
    root = tmp_path / "fs"
    (root / "user.slice" / "iter-kiosk.service").mkdir(parents=True)
    (root / "user.slice" / "iter-kiosk.service" / "memory.max").write_text("1572864000\n")
    assert memory_limit_bytes(cgroup, root) == 1572864000
    (root / "user.slice" / "iter-kiosk.service" / "memory.max").write_text("max\n")
    assert memory_limit_bytes(cgroup, root) is None
