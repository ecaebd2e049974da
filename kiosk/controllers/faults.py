"""The last line of defence: an exception anywhere in the exhibit is logged with its traceback,
and the visitor is brought back to the home screen instead of being left on a broken one.

PySide6 hands an exception raised in a slot, an event handler or a paint method to
`sys.excepthook` and carries on; Python code outside Qt's loop would end the program. The guard
owns that hook. It blames the screen whose code raised (found in the traceback; an error outside
every screen is no screen's fault), and a screen that fails `MAX_FAULTS` times while the same
content is shown is taken out of the rotation until the content changes: a broken screen costs
one visitor a jump home, not every visitor.

Recovery runs from a zero-delay timer, after the failing event has unwound: moving the stage
from inside a paint event would paint recursively. Faults that arrive before it runs (a paint
method fails on every repaint) are one incident.

Installing the guard also wraps the kiosk's Qt handlers (kiosk/controllers/containment.py): with
PySide6 6.11 an exception held across a Qt call can crash the process before it reaches the hook.
So install it before the window is built, and `attach` the session once it exists.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections import Counter
from collections.abc import Callable
from types import TracebackType
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.controllers.containment import ContainOnImport, Patched, contain_handler_errors, release_handler_errors
from kiosk.layouts.base import ScreenView
from kiosk.stage import Stage

log = logging.getLogger("kiosk.faults")

MAX_FAULTS = 3
ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class SessionLike(Protocol):
    stage: Stage | None
    content_replaced: SignalInstance


def screen_in_traceback(trace: TracebackType | None) -> str | None:
    """The id of the innermost screen whose code is in the traceback (a method of a view or of a
    widget inside one), or None: an error elsewhere (statistics, a controller) is no screen's fault."""
    blamed = None
    while trace is not None:
        owner = trace.tb_frame.f_locals.get("self")
        if isinstance(owner, QWidget):
            view = _enclosing_view(owner)
            screen = getattr(view, "screen", None)  # a view that failed in __init__ may not have it yet
            if screen is not None:
                blamed = screen.id
        trace = trace.tb_next
    return blamed


def _enclosing_view(widget: QWidget) -> ScreenView | None:
    try:
        while widget is not None:
            if isinstance(widget, ScreenView):
                return widget
            widget = widget.parentWidget()
    except RuntimeError:  # the C++ object is already gone
        return None
    return None


class FaultGuard(QObject):
    fault_logged = Signal(str)  # the screen blamed ("" when no screen was shown)
    screen_disabled = Signal(str)  # a screen id taken out of the rotation

    def __init__(self, current_stage: Callable[[], Stage | None] = lambda: None, max_faults: int = MAX_FAULTS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._current_stage = current_stage
        self.max_faults = max_faults
        self.faults: Counter[str] = Counter()  # incidents per screen id, for the content on show
        self.total_faults = 0
        self._pending: set[str] = set()  # screens blamed since the last recovery
        self._previous_hook: ExceptHook | None = None
        self._previous_thread_hook: Callable[..., object] | None = None
        self._patched: Patched = []
        self._import_hook = ContainOnImport(self._remember_patched)
        self._recovering = False
        self._recovery = QTimer(self)
        self._recovery.setSingleShot(True)
        self._recovery.setInterval(0)
        self._recovery.timeout.connect(self.recover)

    def attach(self, session: SessionLike) -> None:
        """Guard this session's stage (it is rebuilt when the content changes, and then every
        screen gets a fresh start)."""
        self._current_stage = lambda: session.stage
        session.content_replaced.connect(self.content_changed)

    # --- the hooks ------------------------------------------------------------------
    def install(self) -> None:
        """Own sys.excepthook and threading.excepthook, and contain the kiosk's Qt handlers.
        Call it before the exhibit's widgets are made (see the module's docstring)."""
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._thread_fault
        self.contain()
        self._import_hook.install()

    def contain(self) -> None:
        """Wrap the Qt handlers of the kiosk's classes (again: classes made or changed since are
        wrapped too; objects made before keep what they had)."""
        self._patched += contain_handler_errors()

    def _remember_patched(self, patched: Patched) -> None:
        self._patched += patched

    def uninstall(self) -> None:
        self._import_hook.uninstall()
        release_handler_errors(self._patched)
        self._patched = []
        if sys.excepthook == self.handle and self._previous_hook is not None:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self._thread_fault and self._previous_thread_hook is not None:
            threading.excepthook = self._previous_thread_hook
        self._recovery.stop()

    def handle(self, kind: type[BaseException], value: BaseException, trace: TracebackType | None) -> None:
        """sys.excepthook: log the exception with its traceback and schedule the way home."""
        if issubclass(kind, KeyboardInterrupt):  # Ctrl+C in the terminal ends the exhibit
            log.info("interrupted (Ctrl+C); the exhibit ends")
            app = QApplication.instance()
            if app is not None:
                app.quit()
            return
        try:
            screen_id = screen_in_traceback(trace)
            log.error("unexpected error %s; back to the home screen",
                      f"on screen {screen_id}" if screen_id else "outside the screens", exc_info=(kind, value, trace))
            self.total_faults += 1
            self._pending.add(screen_id or "")
            self.fault_logged.emit(screen_id or "")
            if not self._recovering:
                self._recovery.start()
        except Exception:  # the guard itself must never raise from the hook
            log.exception("the fault guard failed while handling an error")

    def _thread_fault(self, args: threading.ExceptHookArgs) -> None:
        log.error("unexpected error in thread %s", args.thread.name if args.thread else "?",
                  exc_info=(args.exc_type, args.exc_value, args.exc_traceback))  # type: ignore[arg-type]

    # --- recovery -------------------------------------------------------------------
    def recover(self) -> None:
        """Count the incident against each blamed screen, take out the ones that failed too often,
        and cut to the home screen. Runs from the event loop (tests may call it)."""
        blamed, self._pending = self._pending, set()
        stage = self._current_stage()
        if stage is None:
            return
        self._recovering = True
        try:
            ids = [screen.id for screen in stage.exhibit.screens]
            for screen_id in blamed & set(ids):
                self.faults[screen_id] += 1
                if self.faults[screen_id] >= self.max_faults and stage.screen_enabled(ids.index(screen_id)):
                    self._take_out(stage, ids.index(screen_id), screen_id)
            stage.finish_transition()
            self._go_home(stage)
        except Exception:  # going home failed too: log it and stay; the next fault tries again
            log.exception("could not bring the exhibit back to the home screen")
        finally:
            self._recovering = False

    @staticmethod
    def _go_home(stage: Stage) -> None:
        home = stage.home_index()
        if stage.index != home:
            stage.go_to(home, duration_ms=0)
            return
        view = stage.current_view()  # the fault was on the home screen: start it afresh
        view.left()
        view.reset()
        view.entered()

    def _take_out(self, stage: Stage, index: int, screen_id: str) -> None:
        stage.set_screen_enabled(index, False)
        if stage.screen_enabled(index):
            return  # it was the last screen in the rotation
        log.error("screen %s failed %d times; it is out of the rotation until the content changes", screen_id,
                  self.faults[screen_id])
        self.screen_disabled.emit(screen_id)

    def content_changed(self, *_: object) -> None:
        """New content: every screen gets a fresh start (the new stage has them all enabled)."""
        self.faults.clear()
        self._pending.clear()
