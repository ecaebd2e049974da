"""systemd's notify protocol against a real datagram socket, as systemd would listen."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.sdnotify import SystemdNotifier


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[tuple[str, socket.socket]]:
    """A datagram socket bound in tmp_path, like systemd's /run/systemd/notify."""
    path = str(tmp_path / "notify")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(path)
    server.settimeout(5)
    yield path, server
    server.close()


def received(server: socket.socket) -> str:
    return server.recv(4096).decode()


def test_no_notify_socket_means_no_notifier() -> None:
    assert SystemdNotifier.from_environment({}) is None
    assert SystemdNotifier.from_environment({"NOTIFY_SOCKET": ""}) is None


def test_ready_watchdog_and_status_arrive_as_datagrams(listener) -> None:
    path, server = listener
    notifier = SystemdNotifier.from_environment({"NOTIFY_SOCKET": path})
    assert notifier is not None
    assert notifier.ready()
    assert received(server) == "READY=1"
    assert notifier.watchdog()
    assert received(server) == "WATCHDOG=1"
    assert notifier.status("screen  the-signing\n(attract)")
    assert received(server) == "STATUS=screen the-signing (attract)"
    assert notifier.stopping()
    assert received(server) == "STOPPING=1"
    notifier.close()


def test_abstract_namespace_socket() -> None:
    name = f"kiosk-test-{uuid.uuid4().hex}"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(b"\0" + name.encode())
    server.settimeout(5)
    try:
        notifier = SystemdNotifier("@" + name)
        assert notifier.ready()
        assert received(server) == "READY=1"
    finally:
        server.close()


def test_a_missing_socket_never_raises_and_logs_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    notifier = SystemdNotifier(str(tmp_path / "gone"))
    with caplog.at_level(logging.DEBUG, logger="kiosk.sdnotify"):
        assert notifier.ready() is False
        assert notifier.watchdog() is False
    failures = [r for r in caplog.records if "failed" in r.getMessage()]
    assert len(failures) == 1 and str(tmp_path / "gone") in failures[0].getMessage()


def test_the_socket_coming_back_is_used_again(listener) -> None:
    path, server = listener
    notifier = SystemdNotifier(path)
    server.close()
    os.unlink(path)
    assert notifier.watchdog() is False
    again = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    again.bind(path)
    again.settimeout(5)
    try:
        assert notifier.watchdog()
        assert received(again) == "WATCHDOG=1"
    finally:
        again.close()


@pytest.mark.parametrize(("environment", "expected"), [
    ({"WATCHDOG_USEC": "30000000"}, 30.0),
    ({"WATCHDOG_USEC": "500000", "WATCHDOG_PID": str(os.getpid())}, 0.5),
    ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid() + 1)}, None),  # another process's
    ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "x"}, None),
    ({"WATCHDOG_USEC": "0"}, None),
    ({"WATCHDOG_USEC": "soon"}, None),
    ({}, None),
])
def test_watchdog_interval(environment: dict[str, str], expected: float | None) -> None:
    notifier = SystemdNotifier("/run/systemd/notify", environment)
    assert notifier.watchdog_interval() == expected


def test_empty_path_is_refused() -> None:
    with pytest.raises(ValueError):
        SystemdNotifier("")
