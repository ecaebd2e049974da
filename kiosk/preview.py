"""`preview`: a window that follows a content pack while a curator edits it.

The exhibit's stage is drawn at a kiosk's real size (1920×1080, 3840×2160 or portrait 1080×1920)
inside a QGraphicsView that scales it to fit the window, so the layout is exactly the kiosk's and
text stays crisp at any window size. It is a plain window: no lockdown, no attract loop, no visitor
statistics.

kiosk.reload.ContentWatcher watches the pack and validates it after each burst of saves. A valid
pack rebuilds the stage and shows the screen whose file was saved (or stays on the current one);
an invalid pack shows its errors, `file:line:column: message`, in an overlay above the last good
rendering, which stays; the next valid save clears the overlay.

Keys: L language, S size, ←/→ previous/next screen, R reload now, Ctrl+Q (or closing it) quits.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QPainter, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsProxyWidget,
    QGraphicsScene,
    QGraphicsView,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.clock import Clock, SystemClock
from kiosk.content.loader import SCREENS_DIR, load_pack
from kiosk.content.model import Exhibit
from kiosk.content.problems import Problem
from kiosk.reload import ContentWatcher
from kiosk.stage import Stage

log = logging.getLogger("kiosk.preview")

SIZES: tuple[tuple[int, int], ...] = ((1920, 1080), (3840, 2160), (1080, 1920))
# Shorter than the kiosk's reload debounce: a curator waits for this after every save. Editors write a
# file in one burst of a few milliseconds, so a quarter of a second still makes one validation of it.
PREVIEW_DEBOUNCE_MS = 250
OVERLAY_MAX_SHARE = 0.7  # the error list covers at most this much of the rendering; longer lists scroll
WINDOW_SIZE = (1280, 800)
BACKGROUND = "#05090f"
KEYS_HINT = "L language · S size · ←/→ screens · R reload"


def relative_problem(problem: Problem, pack: Path) -> str:
    """`screens/power.yaml:12:5: message`: the path as the curator sees it in the pack."""
    try:
        path = problem.path.resolve().relative_to(pack.resolve())
    except (ValueError, OSError):
        path = problem.path
    label = "" if problem.is_error else "warning: "
    return f"{path.as_posix()}:{problem.line}:{problem.column}: {label}{problem.message}"


class ErrorOverlay(QFrame):
    """The pack's errors over the last good rendering: large type, scrollable when the list is long."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("preview-errors")
        self.lines: list[str] = []
        self.setStyleSheet("#preview-errors { background: rgba(5, 9, 15, 215); border-top: 4px solid #e5484d; }"
                           "QLabel { color: #f3f6fa; background: transparent; }"
                           "QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; border: none; }")
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setFont(_font(26, QFont.Weight.DemiBold))
        self.list = QLabel()
        self.list.setObjectName("preview-error-list")
        self.list.setWordWrap(True)
        self.list.setFont(_font(22))
        self.list.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.list.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 28, 40, 28)
        layout.setSpacing(18)
        layout.addWidget(self.heading)
        layout.addWidget(self.scroll, 1)
        self.hide()

    def show_problems(self, lines: list[str], kept: bool) -> None:
        self.lines = list(lines)
        count = f"{len(lines)} error" + ("s" if len(lines) != 1 else "")
        behind = "the last good version is shown behind" if kept else "nothing valid to show yet"
        self.heading.setText(f"The pack has {count}; {behind}. Fix and save: the preview follows.")
        self.list.setText("\n".join(lines))
        self.scroll.verticalScrollBar().setValue(0)
        self.show()
        self.raise_()

    def clear(self) -> None:
        self.lines = []
        self.hide()

    def wanted_height(self, width: int) -> int:
        """The height that shows the heading and every line without scrolling."""
        margins = self.layout().contentsMargins()
        inner = width - margins.left() - margins.right()
        return (margins.top() + margins.bottom() + self.layout().spacing() + self.heading.heightForWidth(inner)
                + self.list.heightForWidth(inner - self.scroll.verticalScrollBar().sizeHint().width()) + 8)


def _font(pixels: int, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    font = QFont("Inter")
    font.setPixelSize(pixels)
    font.setWeight(weight)
    return font


class PreviewWindow(QWidget):
    """The preview: the stage scaled into the window, an error overlay, and the keys."""

    stage_rebuilt = Signal(object)  # Exhibit: a valid pack is now shown
    problems_shown = Signal(list)  # list[str]: the overlay lists these

    def __init__(self, pack: Path, clock: Clock | None = None, size: tuple[int, int] | None = None,
                 language: str | None = None, debounce_ms: int = PREVIEW_DEBOUNCE_MS) -> None:
        super().__init__()
        self.pack = Path(pack)
        self.clock = clock or SystemClock()
        self.sizes = list(SIZES) if size in SIZES or size is None else [size, *SIZES]
        self.size_index = self.sizes.index(size) if size is not None else 0
        self.language = language
        self.stage: Stage | None = None
        self.proxy: QGraphicsProxyWidget | None = None
        self.setObjectName("preview")
        self.setWindowTitle(f"Preview: {self.pack}")
        self.scene = QGraphicsScene(self)
        self.view = QGraphicsView(self.scene)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setBackgroundBrush(QColor(BACKGROUND))
        self.view.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                                 | QPainter.RenderHint.SmoothPixmapTransform)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.status = QLabel()
        self.status.setObjectName("preview-status")
        self.status.setStyleSheet(f"background: {BACKGROUND}; color: #a8b6c8; padding: 6px 12px;")
        self.status.setFont(_font(15))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.overlay = ErrorOverlay(self)
        self._stamps = self._screen_stamps()
        self.watcher = ContentWatcher(self.pack, debounce_ms=debounce_ms, parent=self)
        self.watcher.content_ready.connect(self._content_ready)
        self.watcher.content_refused.connect(self._content_refused)
        self._bind_keys()
        self.watcher.start()
        self.reload()

    # --- keys -------------------------------------------------------------------------
    def _bind_keys(self) -> None:
        for key, action in ((Qt.Key.Key_L, self.cycle_language), (Qt.Key.Key_S, self.cycle_size),
                            (Qt.Key.Key_Right, self.next_screen), (Qt.Key.Key_Left, self.previous_screen),
                            (Qt.Key.Key_R, self.reload)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(action)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Quit), self, self.close)

    def cycle_language(self) -> None:
        if self.stage is None:
            return
        languages = self.stage.exhibit.languages
        self.language = languages[(languages.index(self.stage.language) + 1) % len(languages)]
        self.stage.set_language(self.language)
        self._update_status()

    def cycle_size(self) -> None:
        self.size_index = (self.size_index + 1) % len(self.sizes)
        if self.stage is not None:
            self.stage.resize(*self.stage_size)
        self._fit()
        self._update_status()

    def next_screen(self) -> None:
        if self.stage is not None:
            self.stage.go_to(self.stage.index + 1, duration_ms=0)  # a preview jumps: no slide to wait for
            self._update_status()

    def previous_screen(self) -> None:
        if self.stage is not None:
            self.stage.go_to(self.stage.index - 1, duration_ms=0)
            self._update_status()

    def reload(self) -> None:
        """Load the pack now (R, and at start), whatever changed."""
        result = load_pack(self.pack)
        if result.ok and result.exhibit is not None:
            self._content_ready(result.exhibit)
        else:
            self._content_refused([problem for problem in result.problems if problem.is_error])

    @property
    def stage_size(self) -> tuple[int, int]:
        return self.sizes[self.size_index]

    # --- following the pack ------------------------------------------------------------
    def _screen_stamps(self) -> dict[str, int]:
        """Each screen file's modification time, to tell which one a save touched."""
        stamps = {}
        for path in (self.pack / SCREENS_DIR).glob("*.yaml"):
            try:
                stamps[path.stem] = path.stat().st_mtime_ns
            except OSError:
                continue
        return stamps

    def _saved_screens(self) -> list[str]:
        """Screen ids whose files changed since the last look, the most recent first."""
        stamps = self._screen_stamps()
        changed = [screen_id for screen_id, stamp in stamps.items() if self._stamps.get(screen_id) != stamp]
        self._stamps = stamps
        return sorted(changed, key=lambda screen_id: stamps[screen_id], reverse=True)

    def _content_ready(self, exhibit: Exhibit) -> None:
        ids = [screen.id for screen in exhibit.screens]
        saved = [screen_id for screen_id in self._saved_screens() if screen_id in ids]
        current = self.current_screen_id()
        self.show_exhibit(exhibit, saved[0] if saved else current)
        self.overlay.clear()
        log.info("%s: shown (content %s)", self.pack, exhibit.version)

    def _content_refused(self, problems: list[Problem]) -> None:
        self._saved_screens()  # a save that broke the pack is not news once it is fixed
        ordered = sorted(problems, key=lambda p: (str(p.path), p.line, p.column))
        lines = [relative_problem(problem, self.pack) for problem in ordered] or [f"{self.pack}: cannot be loaded"]
        for line in lines:
            log.error("%s", line)
        self.overlay.show_problems(lines, kept=self.stage is not None)
        self._place_overlay()
        self.problems_shown.emit(lines)

    def current_screen_id(self) -> str | None:
        if self.stage is None:
            return None
        return self.stage.exhibit.screens[self.stage.index].id

    def show_exhibit(self, exhibit: Exhibit, screen_id: str | None = None) -> None:
        """Build a stage for `exhibit` in place of the shown one, on `screen_id` if it still exists."""
        from kiosk.app import make_context

        language = self.language if self.language in exhibit.languages else exhibit.default_language
        context = make_context(exhibit, self.clock, language)
        stage = Stage(exhibit, context)
        context.frames.setParent(stage)  # the frame timer goes with its stage
        stage.resize(*self.stage_size)
        self._drop_stage()
        self.stage = stage
        self.language = language
        self.proxy = self.scene.addWidget(stage)
        ids = [screen.id for screen in exhibit.screens]
        index = ids.index(screen_id) if screen_id in ids else 0
        if index:
            stage.go_to(index, duration_ms=0)
        else:
            stage.current_view().entered()
        self._fit()
        self._update_status()
        self.stage_rebuilt.emit(exhibit)

    def _drop_stage(self) -> None:
        if self.stage is None or self.proxy is None:
            return
        self.stage.finish_transition()
        self.stage.current_view().left()  # stops the screen's animations and timers
        self.scene.removeItem(self.proxy)
        self.proxy.deleteLater()  # takes the stage with it
        self.stage, self.proxy = None, None

    # --- geometry ----------------------------------------------------------------------
    def _fit(self) -> None:
        if self.proxy is None:
            return
        width, height = self.stage_size
        self.scene.setSceneRect(QRectF(0, 0, width, height))
        self.view.fitInView(self.scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def _place_overlay(self) -> None:
        """Across the top of the rendering, as tall as the list needs (scrolling past OVERLAY_MAX_SHARE)."""
        area = self.view.geometry()
        height = min(self.overlay.wanted_height(area.width()), int(area.height() * OVERLAY_MAX_SHARE))
        self.overlay.setGeometry(area.x(), area.y(), area.width(), height)
        self.overlay.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()
        self._place_overlay()

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self._fit()
        self._place_overlay()

    def _update_status(self) -> None:
        width, height = self.stage_size
        parts = [str(self.pack), f"{width}×{height}"]
        if self.stage is not None:
            screens = self.stage.exhibit.screens
            parts += [self.stage.language, f"screen {self.stage.index + 1}/{len(screens)}: "
                                           f"{screens[self.stage.index].id}"]
        self.status.setText("   ·   ".join(parts) + f"      {KEYS_HINT}")

    def closeEvent(self, event: object) -> None:
        self.watcher.stop()
        self._drop_stage()
        super().closeEvent(event)  # type: ignore[arg-type]


def preview_command(argv: Sequence[str]) -> int:
    from kiosk.cli import parse_size
    from kiosk.locations import bundled_content_dir

    parser = argparse.ArgumentParser(prog="main.py preview", description="Open a window that follows a content "
                                     "pack as you edit it: each save shows the edited screen, errors are listed over "
                                     f"the last good version. Keys: {KEYS_HINT}.")
    parser.add_argument("content", nargs="?", type=Path, default=None, help="content pack folder (default: bundled)")
    parser.add_argument("--size", type=parse_size, default=None, metavar="WxH",
                        help="the kiosk size to draw first (default 1920x1080; S cycles 1920x1080, 3840x2160, "
                             "1080x1920)")
    parser.add_argument("--lang", default=None, metavar="CODE", help="start in this language, e.g. en or fr")
    args = parser.parse_args(argv)
    pack = args.content or bundled_content_dir()
    if not (pack / "exhibit.yaml").is_file():
        print(f"{pack}: not a content pack (no exhibit.yaml)", file=sys.stderr)
        return 1
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C in the terminal ends it, even inside Qt's loop
    from kiosk.app import make_application

    app = make_application()
    window = PreviewWindow(pack, SystemClock(), args.size, args.lang)
    if args.lang and window.stage is not None and args.lang not in window.stage.exhibit.languages:
        log.warning("language '%s' is not in this exhibit (%s)", args.lang, ", ".join(window.stage.exhibit.languages))
    window.resize(*WINDOW_SIZE)
    window.show()
    return app.exec()
