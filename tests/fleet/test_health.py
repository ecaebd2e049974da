"""kiosk/health.py against a real datagram socket as `$NOTIFY_SOCKET`: READY=1 after the first
painted frame, WATCHDOG=1 from the GUI thread's event loop (and none while it is blocked), and
STATUS= with the screen or mode."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fleet_sessions import NotifyListener, close_session, open_session, settings_from, show_session
from PySide6.QtCore import QTimer

from kiosk.clock import SystemClock
from kiosk.health import HEARTBEAT_SECONDS, Heartbeat, heartbeat_seconds
from kiosk.sdnotify import SystemdNotifier
from kiosk.unattended import attach_unattended

WATCHDOG_USEC = 200_000  # systemd's WatchdogSec=0.2: a ping every 0.1 s


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[NotifyListener]:
    listening = NotifyListener(tmp_path / "n")
    yield listening
    listening.close()


def notifier_for(listener: NotifyListener, watchdog_usec: int | None = WATCHDOG_USEC) -> SystemdNotifier:
    environment = {"NOTIFY_SOCKET": listener.path}
    if watchdog_usec is not None:
        environment["WATCHDOG_USEC"] = str(watchdog_usec)
    notifier = SystemdNotifier.from_environment(environment)
    assert notifier is not None
    return notifier


def test_ready_is_sent_only_after_the_first_frame_is_painted(qtbot, exhibit, listener) -> None:
    session = open_session(qtbot, exhibit, SystemClock(), show=False)
    heartbeat = Heartbeat(session.window, session.frame_counter, notifier_for(listener), parent=session)
    frames_when_ready: list[int] = []
    session.frame_counter.first_frame.connect(lambda: frames_when_ready.append(session.frame_counter.frames))
    heartbeat.start()
    # The loop runs (pings arrive) but nothing has been painted: no READY yet.
    qtbot.waitUntil(lambda: listener.count("WATCHDOG=1") >= 3, timeout=5000)
    assert "READY=1" not in listener.received and session.frame_counter.frames == 0
    show_session(qtbot, session)
    qtbot.waitUntil(lambda: listener.count("READY=1") == 1, timeout=5000)
    assert frames_when_ready and frames_when_ready[0] >= 1
    assert heartbeat.ready_sent
    heartbeat.stop()
    assert listener.take()[-1] == "STOPPING=1"
    close_session(session)


def busy_for(seconds: float) -> int:
    """A long computation on the calling (GUI) thread: hashing, not sleeping."""
    deadline = time.monotonic() + seconds
    digest, rounds = b"kiosk", 0
    while time.monotonic() < deadline:
        digest = hashlib.sha256(digest).digest()
        rounds += 1
    return rounds


def test_watchdog_pings_come_from_the_event_loop_and_stop_while_it_is_blocked(qtbot, exhibit, listener) -> None:
    session = open_session(qtbot, exhibit, SystemClock())
    heartbeat = Heartbeat(session.window, session.frame_counter, notifier_for(listener), parent=session)
    assert heartbeat.interval == pytest.approx(0.1)
    heartbeat.start()
    qtbot.waitUntil(lambda: listener.count("WATCHDOG=1") >= 5, timeout=5000)

    during_block: list[int] = []

    def blocking_slot() -> None:
        listener.take()  # what arrived before the block
        before = len(listener.received)
        busy_for(1.0)  # ten watchdog intervals
        during_block.append(len(listener.take()))
        assert len(listener.received) == before + during_block[0]

    QTimer.singleShot(0, blocking_slot)
    qtbot.waitUntil(lambda: bool(during_block), timeout=5000)
    assert during_block == [0], "a ping arrived while the GUI thread was blocked"
    pings_after = listener.count("WATCHDOG=1")
    qtbot.waitUntil(lambda: listener.count("WATCHDOG=1") >= pings_after + 3, timeout=5000)  # and they come back
    heartbeat.stop()
    close_session(session)


def test_the_heartbeat_repaints_a_still_screen_so_the_frame_age_stays_small(qtbot, exhibit, listener) -> None:
    session = open_session(qtbot, exhibit, SystemClock())
    heartbeat = Heartbeat(session.window, session.frame_counter, notifier_for(listener), parent=session)
    heartbeat.start()
    qtbot.waitUntil(lambda: listener.take() is not None and heartbeat.beats >= 2, timeout=5000)
    painted = session.frame_counter.frames
    qtbot.waitUntil(lambda: listener.take() is not None and heartbeat.beats >= 6
                    and session.frame_counter.frames >= painted + 2, timeout=5000)
    heartbeat.repaint = False  # closed hours: the pings go on, the repaints stop
    beats = heartbeat.beats
    qtbot.waitUntil(lambda: listener.take() is not None and heartbeat.beats >= beats + 3, timeout=5000)
    frames_then = session.frame_counter.frames
    qtbot.waitUntil(lambda: listener.take() is not None and heartbeat.beats >= beats + 6, timeout=5000)
    assert session.frame_counter.frames == frames_then
    heartbeat.stop()
    close_session(session)


def test_status_follows_the_screen_and_the_attract_loop(qtbot, exhibit, listener, tmp_path: Path) -> None:
    session = open_session(qtbot, exhibit, SystemClock())
    settings = settings_from(tmp_path, "statistics: false\n")
    unattended = attach_unattended(session, settings, SystemClock(), {"NOTIFY_SOCKET": listener.path})
    qtbot.waitUntil(lambda: "READY=1" in (listener.take() and listener.received), timeout=5000)
    statuses = [line for line in listener.received if line.startswith("STATUS=")]
    assert statuses[-1] == "STATUS=visitor on 'meaning'; content local"
    session.stage.go_to(exhibit.index_of("site"), duration_ms=0)
    assert listener.take()[-1] == "STATUS=visitor on 'site'; content local"
    session.attract.enter()
    qtbot.waitUntil(lambda: any(line.startswith("STATUS=attract loop on") for line in listener.take()), timeout=5000)
    unattended.close()
    close_session(session)


def test_without_notify_socket_or_metrics_there_is_no_timer(qtbot, exhibit, tmp_path: Path) -> None:
    assert heartbeat_seconds(None, metrics=False) is None
    assert heartbeat_seconds(None, metrics=True) == HEARTBEAT_SECONDS
    session = open_session(qtbot, exhibit, SystemClock())
    unattended = attach_unattended(session, settings_from(tmp_path, ""), SystemClock(), environment={})
    assert not unattended.heartbeat.running
    assert unattended.metrics is None and unattended.follower is None and unattended.schedule is None
    unattended.close()
    close_session(session)


def test_a_full_notify_queue_drops_pings_instead_of_freezing(listener) -> None:
    """Nobody reads the socket (a stopped systemd): sending must never block the GUI thread."""
    notifier = notifier_for(listener)
    started = time.monotonic()
    results = [notifier.watchdog() for _ in range(5000)]
    assert time.monotonic() - started < 5
    assert results[0] and not all(results), "the queue never filled: the test proves nothing"
    notifier.close()


def test_a_window_without_a_session_says_ready_too(qtbot, listener) -> None:
    """The "back soon" screen (content that cannot be shown) must not be killed for never being ready."""
    from PySide6.QtWidgets import QLabel

    from kiosk.health import watch_window

    window = QLabel("Back soon")
    qtbot.addWidget(window)
    assert watch_window(window, {}) is None  # outside systemd: nothing
    heartbeat = watch_window(window, {"NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": str(WATCHDOG_USEC)})
    assert heartbeat is not None
    window.show()
    qtbot.waitUntil(lambda: listener.count("READY=1") == 1 and listener.count("WATCHDOG=1") >= 2, timeout=5000)
    heartbeat.stop()
