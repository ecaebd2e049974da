"""Keep the display awake while the exhibit runs, where the platform lets a program ask.

- Linux desktops: the freedesktop ScreenSaver D-Bus interface (`Inhibit`), which GNOME, KDE,
  Xfce and most screen savers honour. A bare X server's own blanking (`xset s off -dpms`) and
  console blanking are system settings: the deployment notes set them (packaging/linux).
- Windows: SetThreadExecutionState(ES_CONTINUOUS | ES_DISPLAY_REQUIRED | ES_SYSTEM_REQUIRED).
- macOS: `caffeinate -d -w PID`, which ends by itself when the exhibit does.
Every way is best effort: failing to inhibit is logged once and never stops the exhibit.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from typing import Any

log = logging.getLogger(__name__)

ES_CONTINUOUS = 0x80000000
ES_SYSTEM_REQUIRED = 0x00000001
ES_DISPLAY_REQUIRED = 0x00000002


class DisplayKeeper:
    """`hold()` when the exhibit starts, `release()` when it closes (or for closed hours)."""

    def __init__(self) -> None:
        self.method = ""
        self._cookie: int | None = None
        self._process: subprocess.Popen[bytes] | None = None

    def hold(self, reason: str = "Museum exhibit running") -> str:
        """Ask the platform to keep the display on; returns how ("" when it could not)."""
        if self.method:
            return self.method
        try:
            if sys.platform == "win32":
                self.method = self._hold_windows()
            elif sys.platform == "darwin":
                self.method = self._hold_macos()
            else:
                self.method = self._hold_dbus(reason)
        except Exception as error:
            log.warning("could not keep the display awake: %s", error)
            self.method = ""
        if self.method:
            log.info("keeping the display awake with %s", self.method)
        else:
            log.info("no way to keep the display awake from the program here; see docs/operators.md")
        return self.method

    def release(self) -> None:
        try:
            if self.method == "SetThreadExecutionState":
                import ctypes

                ctypes.windll.kernel32.SetThreadExecutionState(ES_CONTINUOUS)  # type: ignore[attr-defined]
            elif self._process is not None:
                self._process.terminate()
            elif self._cookie is not None:
                self._dbus_call("UnInhibit", self._cookie)
        except Exception as error:
            log.debug("releasing the display: %s", error)
        self.method, self._cookie, self._process = "", None, None

    # --- platforms -----------------------------------------------------------------
    def _hold_windows(self) -> str:
        import ctypes

        flags = ES_CONTINUOUS | ES_DISPLAY_REQUIRED | ES_SYSTEM_REQUIRED
        if ctypes.windll.kernel32.SetThreadExecutionState(flags):  # type: ignore[attr-defined]
            return "SetThreadExecutionState"
        return ""

    def _hold_macos(self) -> str:
        caffeinate = shutil.which("caffeinate")
        if caffeinate is None:
            return ""
        self._process = subprocess.Popen([caffeinate, "-d", "-w", str(os.getpid())])
        return "caffeinate"

    def _hold_dbus(self, reason: str) -> str:
        if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
            return ""
        reply = self._dbus_call("Inhibit", "iter-kiosk", reason)
        if reply is None:
            return ""
        self._cookie = int(reply)
        return "org.freedesktop.ScreenSaver"

    @staticmethod
    def _dbus_call(method: str, *arguments: Any) -> Any:
        from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage

        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            return None
        interface = QDBusInterface("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
                                   "org.freedesktop.ScreenSaver", bus)
        if not interface.isValid():
            return None
        message = interface.call(method, *arguments)
        if message.type() != QDBusMessage.MessageType.ReplyMessage:
            return None
        values = message.arguments()
        return values[0] if values else 0
