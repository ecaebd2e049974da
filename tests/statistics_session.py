"""For the statistics tests: stand-ins with the stage's and the attract controller's signals,
a recorder wired to a real store on a ManualClock, and one scripted visitor session with the
numbers it must produce."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import QObject, Signal

from kiosk.clock import ManualClock
from kiosk.controllers.statistics import StatisticsRecorder
from kiosk.statistics import StatisticsStore

SCREENS = ("home", "power", "site")
AFTERNOON = datetime(2026, 11, 3, 14, 0).timestamp()  # local time: the session's visits fall in hour 14


class StandInStage(QObject):
    screen_changed = Signal(int, str)
    language_changed = Signal(str)
    visitor_touched = Signal()
    item_opened = Signal(str, str, str)

    def __init__(self, screen_ids: tuple[str, ...] = SCREENS) -> None:
        super().__init__()
        self.exhibit = SimpleNamespace(screens=[SimpleNamespace(id=screen_id) for screen_id in screen_ids])
        self.index = 0

    def show_screen(self, screen_id: str) -> None:
        self.index = [screen.id for screen in self.exhibit.screens].index(screen_id)
        self.screen_changed.emit(self.index, screen_id)


class StandInAttract(QObject):
    attract_started = Signal()
    attract_ended = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.active = False

    def start(self) -> None:
        self.active = True
        self.attract_started.emit()

    def end(self) -> None:
        self.active = False
        self.attract_ended.emit()


@dataclass
class Rig:
    clock: ManualClock
    store: StatisticsStore
    stage: StandInStage
    attract: StandInAttract
    recorder: StatisticsRecorder
    wall_offset: float  # wall clock minus ManualClock

    def close(self) -> None:
        """As the app shuts down: the recorder writes the view on screen, the store ends the visit."""
        self.recorder.flush()
        self.store.close()


def make_rig(path: Path, start: float = AFTERNOON) -> Rig:
    """The store's wall clock runs with the ManualClock from `start` (UTC seconds)."""
    clock = ManualClock()
    offset = start - clock.now()
    store = StatisticsStore(path, wall_clock=lambda: clock.now() + offset)
    stage, attract = StandInStage(), StandInAttract()
    return Rig(clock, store, stage, attract, StatisticsRecorder(store, stage, attract, clock), offset)


@dataclass(frozen=True)
class Expected:
    visit_seconds: tuple[float, ...]
    visit_starts: tuple[float, ...]  # UTC seconds
    visitor_views: tuple[tuple[int, str, float], ...]  # (visit number from 1, screen, seconds)
    attract_views: tuple[tuple[str, float], ...]
    attract_seconds: float


def play_session(rig: Rig) -> Expected:
    """Two visits around one attract loop, driven the way the real stage and attract controller emit."""
    clock, stage, attract = rig.clock, rig.stage, rig.attract
    start = clock.now()
    clock.advance(30)  # "home" is on show, nobody there yet: not recorded
    stage.visitor_touched.emit()  # visit 1
    clock.advance(10)
    stage.show_screen("power")
    clock.advance(5)
    stage.item_opened.emit("power", "hotspot", "tokamak")
    stage.visitor_touched.emit()  # more touches inside a visit change nothing
    clock.advance(20)
    stage.language_changed.emit("fr")
    clock.advance(15)
    stage.show_screen("site")
    clock.advance(90)  # the visitor walked away; attract mode after the idle timeout
    attract.start()
    stage.language_changed.emit("en")  # attract mode's reset: not the visitor's choice
    clock.advance(1.2)  # the slow fade to the first attract screen
    stage.show_screen("home")
    clock.advance(12)
    stage.show_screen("power")
    clock.advance(5)
    stage.show_screen("home")  # a touch: the controller shows home, then says attract ended
    attract.end()  # visit 2
    clock.advance(25)
    stage.show_screen("site")
    clock.advance(8)
    rig.close()
    first = start + 30 + rig.wall_offset
    second = first + 140 + 18.2
    return Expected(
        visit_seconds=(140.0, 33.0),
        visit_starts=(first, second),
        visitor_views=((1, "home", 10.0), (1, "power", 40.0), (1, "site", 90.0), (2, "home", 25.0), (2, "site", 8.0)),
        attract_views=(("site", 1.2), ("home", 12.0), ("power", 5.0)),
        attract_seconds=18.2,
    )
