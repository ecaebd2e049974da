"""For the fleet tests: a real ExhibitSession built as kiosk/app.py builds it (and taken down so its
application-wide event filters do not outlive the test), settings from a config file of the test's
own, a wall clock driven by the ManualClock, and the datagram socket systemd would listen on."""

from __future__ import annotations

import shutil
import socket
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.clock import Clock, ManualClock
from kiosk.content.model import Exhibit
from kiosk.fleet.manifest import build_manifest, write_manifest
from kiosk.locations import bundled_content_dir
from kiosk.session import ExhibitSession, SessionOptions
from kiosk.settings import Settings, load_settings


def open_session(qtbot, exhibit: Exhibit, clock: Clock, show: bool = True, statistics: object | None = None,
                 size: tuple[int, int] = (960, 540)) -> ExhibitSession:
    session = ExhibitSession(exhibit, clock, SessionOptions(windowed=True, cursor="visible"), statistics=statistics)
    qtbot.addWidget(session.window)
    session.window.resize(*size)
    if show:
        show_session(qtbot, session)
    return session


def show_session(qtbot, session: ExhibitSession) -> None:
    session.window.show()
    qtbot.waitExposed(session.window)
    session.start()


def close_session(session: ExhibitSession) -> None:
    app = QApplication.instance()
    if session.attract is not None:
        session.attract.uninstall()
    if session.stage is not None:
        session.stage.finish_transition()
        app.removeEventFilter(session.gestures)
    if session.admin is not None:
        session.admin.uninstall()  # type: ignore[attr-defined]
    session.shutdown()
    session.window.may_close = True
    session.window.close()


def settings_from(tmp_path: Path, text: str) -> Settings:
    """Settings from a config file holding `text`, with data and log folders inside tmp_path."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    config = tmp_path / "config.yaml"
    config.write_text(f"data_dir: {tmp_path / 'data'}\nlog_dir: {tmp_path / 'log'}\n{text}", encoding="utf-8")
    settings = load_settings(None, None, config)
    assert not settings.problems, [str(problem) for problem in settings.problems]
    return settings


class WallClock:
    """Local wall-clock time that moves with a ManualClock: `wall()` is `start` plus the seconds
    the manual clock has advanced since."""

    def __init__(self, start: datetime, clock: ManualClock) -> None:
        self.start = start
        self.clock = clock
        self.origin = clock.now()

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=self.clock.now() - self.origin)

    def set(self, moment: datetime) -> None:
        self.clock.advance((moment - self()).total_seconds())


def active_timers(*owners: object) -> list[QTimer]:
    """Every running QTimer owned (at any depth) by these objects."""
    found: list[QTimer] = []
    for owner in owners:
        found += [timer for timer in owner.findChildren(QTimer) if timer.isActive()]  # type: ignore[attr-defined]
    return list(dict.fromkeys(found))


class NotifyListener:
    """A datagram socket bound like systemd's notify socket; `take()` returns what has arrived."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.socket.bind(self.path)
        self.socket.setblocking(False)
        self.received: list[str] = []

    def take(self) -> list[str]:
        new = []
        while True:
            try:
                new.append(self.socket.recv(4096).decode())
            except BlockingIOError:
                break
        self.received += new
        return new

    def count(self, message: str) -> int:
        self.take()
        return sum(1 for line in self.received if line == message)

    def close(self) -> None:
        self.socket.close()


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def make_pack(folder: Path, version: str, title: str = "") -> Path:
    """The bundled exhibit with its own exhibit.yaml version (and a changed screen title), and a manifest."""
    shutil.copytree(bundled_content_dir(), folder)
    exhibit_yaml = folder / "exhibit.yaml"
    exhibit_yaml.write_text(exhibit_yaml.read_text(encoding="utf-8").replace('version: "2026.11.1"',
                                                                             f'version: "{version}"'), encoding="utf-8")
    if title:
        screen = folder / "screens" / "site.yaml"
        text = screen.read_text(encoding="utf-8")
        screen.write_text(text + f"\n# {title}\n", encoding="utf-8")
    write_manifest(folder, build_manifest(folder, version))
    return folder
