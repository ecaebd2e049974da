"""systemd's notify protocol: one datagram to `$NOTIFY_SOCKET` per message (no Qt, no library).

A service with `Type=notify` tells systemd it is ready (`READY=1`), that it is still alive
(`WATCHDOG=1`, at least once per `WatchdogSec=`) and what it is doing (`STATUS=...`). The socket
path comes from `$NOTIFY_SOCKET`; a leading '@' means Linux's abstract namespace. Outside
systemd the variable is unset, `from_environment()` returns None and nothing costs anything.

Sending never raises: the exhibit must keep running when the supervisor is gone; the first
failure is logged at debug level, later ones are silent.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)


def _address(path: str) -> str | bytes:
    """The sendto() address: '@name' is '\\0name' in the abstract namespace."""
    if path.startswith("@"):
        return b"\0" + path[1:].encode()
    return path


class SystemdNotifier:
    def __init__(self, socket_path: str, environment: Mapping[str, str] | None = None) -> None:
        if not socket_path:
            raise ValueError("the notify socket path is empty")
        self.socket_path = socket_path
        self._environment = dict(os.environ if environment is None else environment)
        self._socket: socket.socket | None = None
        self._failed_before = False

    @classmethod
    def from_environment(cls, environment: Mapping[str, str] | None = None) -> SystemdNotifier | None:
        """A notifier for `$NOTIFY_SOCKET`, or None when the process is not run by systemd."""
        values = os.environ if environment is None else environment
        path = values.get("NOTIFY_SOCKET", "")
        return cls(path, values) if path else None

    def notify(self, message: str) -> bool:
        """Send one message (e.g. 'READY=1'); True when the datagram went out."""
        try:
            if self._socket is None:
                # Non-blocking: when the receiver's queue is full (a busy or stopped systemd) a ping is
                # dropped instead of freezing the GUI thread that sends it.
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC
                                             | socket.SOCK_NONBLOCK)
            self._socket.sendto(message.encode(), _address(self.socket_path))
        except OSError as error:
            if not self._failed_before:
                log.debug("systemd notify to %s failed: %s", self.socket_path, error)
                self._failed_before = True
            return False
        return True

    def ready(self) -> bool:
        return self.notify("READY=1")

    def watchdog(self) -> bool:
        return self.notify("WATCHDOG=1")

    def status(self, text: str) -> bool:
        """A one-line status for `systemctl status` (newlines would start new fields)."""
        return self.notify("STATUS=" + " ".join(text.split()))

    def stopping(self) -> bool:
        return self.notify("STOPPING=1")

    def watchdog_interval(self) -> float | None:
        """Seconds systemd allows between `WATCHDOG=1` pings (send one every half of it), or None
        when no watchdog is set for this process."""
        owner = self._environment.get("WATCHDOG_PID", "")
        if owner:
            try:
                if int(owner) != os.getpid():
                    return None  # the variable was meant for another process (a parent's)
            except ValueError:
                return None
        try:
            microseconds = int(self._environment.get("WATCHDOG_USEC", ""))
        except ValueError:
            return None
        return microseconds / 1_000_000 if microseconds > 0 else None

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None
