"""Visitor statistics: observes the stage and the attract controller and writes what visitors
did to a `StatisticsStore`. Nothing here changes what is on screen.

- A visit starts at the first touch when none is open, or when a touch ends attract mode (the
  attract controller swallows that touch, so it arrives as `attract_ended`, not as a touch).
  It ends when attract mode starts, or when the program stops.
- A screen view lasts from the screen being shown until the next screen change, the start or
  end of attract mode, a visit starting, or `flush()`; its dwell time comes from the injected
  monotonic clock. Views inside a visit are the visitor's; views while attract mode plays are
  recorded without a visit (the report lists them as `attract_view`). The screen left showing
  between the program's start and its first visitor or attract loop is nobody's and is not
  recorded. Views shorter than MIN_VIEW_SECONDS are dropped: nobody read them (the attract
  screen under the waking touch, a double flush).
- Taps and language switches are recorded inside visits only: the language reset that attract
  mode performs is not a visitor's choice.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from kiosk.clock import Clock
from kiosk.statistics import StatisticsStore

MIN_VIEW_SECONDS = 0.5


class StatisticsRecorder(QObject):
    def __init__(self, store: StatisticsStore, stage: QObject, attract: QObject, clock: Clock,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.screen_id: str = stage.exhibit.screens[stage.index].id  # type: ignore[attr-defined]
        self._shown_at = clock.now()
        # A recorder is rebuilt with the stage when content is reloaded; the store (and its open
        # visit) lives on, so a visit is not cut in two by a reload.
        self.attracting = bool(getattr(attract, "active", False))
        if store.attract_open and not self.attracting:
            store.end_attract()
        self.visiting = store.visit_open and not self.attracting
        stage.screen_changed.connect(self._on_screen_changed)  # type: ignore[attr-defined]
        stage.language_changed.connect(self._on_language_changed)  # type: ignore[attr-defined]
        stage.visitor_touched.connect(self._on_visitor_touched)  # type: ignore[attr-defined]
        stage.item_opened.connect(self._on_item_opened)  # type: ignore[attr-defined]
        attract.attract_started.connect(self._on_attract_started)  # type: ignore[attr-defined]
        attract.attract_ended.connect(self._on_attract_ended)  # type: ignore[attr-defined]

    def flush(self) -> None:
        """Write the view on screen so far (call before shutdown or when the stage is replaced)."""
        self._finish_view()

    # --- screen views --------------------------------------------------------------
    def _finish_view(self) -> None:
        now = self.clock.now()
        seconds = now - self._shown_at
        self._shown_at = now
        if (self.visiting or self.attracting) and seconds >= MIN_VIEW_SECONDS:
            self.store.record_screen_view(self.screen_id, seconds)

    def _on_screen_changed(self, index: int, screen_id: str) -> None:
        self._finish_view()
        self.screen_id = screen_id

    # --- visits and attract mode -----------------------------------------------------
    def _begin_visit(self) -> None:
        if self.visiting:
            return
        self._finish_view()
        self.visiting = True
        self.store.start_visit()

    def _end_attract(self) -> None:
        self._finish_view()
        self.attracting = False
        self.store.end_attract()

    def _on_visitor_touched(self) -> None:
        if self.attracting:  # a touch the attract controller did not swallow: it is over all the same
            self._end_attract()
        self._begin_visit()

    def _on_attract_started(self) -> None:
        if self.attracting:
            return
        self._finish_view()
        if self.visiting:
            self.visiting = False
            self.store.end_visit()
        self.attracting = True
        self.store.start_attract()

    def _on_attract_ended(self) -> None:
        if self.attracting:
            self._end_attract()
        self._begin_visit()

    # --- what the visitor did ----------------------------------------------------------
    def _on_language_changed(self, language: str) -> None:
        if self.attracting:
            return
        self._begin_visit()
        self.store.record_language(language)

    def _on_item_opened(self, screen_id: str, kind: str, item_id: str) -> None:
        if self.attracting:
            return
        self._begin_visit()
        self.store.record_tap(screen_id, kind, item_id)
