"""The stage: which screen is shown, the animated transition between screens, and the
chrome every screen shares (arrows, page dots, language switch, accessibility button).

The visitor's settings (large text, high contrast, reduced motion) live in the render
context; `apply_settings` restyles every screen in place, and `reset` returns to the
exhibit's defaults. Tab moves through the controls in reading order (`focus_chain`).

Transitions never re-lay out widgets per frame: both screens are rendered once into
pixmaps and the pixmaps slide (or cross-fade). A layer on top swallows input while a
transition runs, so a tap can neither fire twice nor land on the screen underneath.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPixmap, QRegion, QResizeEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.accessibility import VisitorSettings
from kiosk.content.model import Exhibit
from kiosk.frames import Tween, ease_in_out_cubic, ease_out_cubic
from kiosk.gestures import GestureFilter
from kiosk.i18n import tr
from kiosk.layouts import create_view
from kiosk.layouts.base import RenderContext, ScreenView, can_take_focus
from kiosk.style import Style
from kiosk.widgets.access_panel import AccessControls
from kiosk.widgets.backdrop import glow_backdrop
from kiosk.widgets.controls import PageDots, PillButton, RoundButton

log = logging.getLogger(__name__)

LANGUAGE_NAMES = {"en": "English", "fr": "Français", "de": "Deutsch", "es": "Español", "it": "Italiano",
                  "nl": "Nederlands", "zh": "中文", "ja": "日本語", "ko": "한국어", "ru": "Русский", "hi": "हिन्दी"}


FADE_STEPS = 256  # QPainter blends at whole 256ths of opacity: it truncates opacity x 256
LIFT_EVENT = QEvent.Type(QEvent.registerEventType())  # see TransitionLayer.finish
# Below Qt's requests to repaint (Qt::LowEventPriority): handled after the frame they paint.
LIFT_PRIORITY = Qt.EventPriority.LowEventPriority.value - 1


class TransitionLayer(QWidget):
    """Draws the outgoing and incoming screens as pixmaps; eats input while shown.

    A frame that would paint the same pixels as the one before (the slide has not moved a whole
    pixel, the fade has not reached QPainter's next step of opacity: the first and last frames
    of an eased transition) asks for no repaint at all, and the chrome above the layer is drawn
    from pictures (see ChromeSprites).

    When the transition ends the layer stays over the new screen until its last frame has been
    painted, and only then makes way (`finish`): Qt's first paint of the live screen (backdrop,
    widgets and chrome: 15 ms at 1920x1080, 30 to 40 at 3840x2160) follows the last frame on
    the next turn of the event loop instead of making it late, and shows the same pixels.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.outgoing: QPixmap | None = None
        self.incoming: QPixmap | None = None
        self.direction = 1
        self.mode = "slide"
        self.progress = 0.0
        self._shown: int | None = None  # the step (see `step`) last asked to be painted
        self._lifting = False  # finished: makes way once its last frame is painted
        self.chrome = ChromeSprites(self)
        # Both pixmaps are opaque and cover the layer, so Qt need not paint the window, backdrop
        # and views beneath it on every frame (a third of a frame's time at 3840x2160).
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.hide()

    def begin(self, outgoing: QPixmap, incoming: QPixmap, direction: int, mode: str,
              chrome: list[QWidget] | None = None) -> None:
        """A new transition from `outgoing` to `incoming` (pixmaps of the layer's size), under
        `chrome` (widgets above the layer, drawn from pictures while it runs)."""
        self.lift()
        self.outgoing, self.incoming = outgoing, incoming
        self.direction, self.mode = direction, mode
        self.progress = 0.0
        self._shown = None
        self.chrome.capture(chrome or [])
        self.update()

    def set_progress(self, progress: float) -> None:
        self.progress = progress
        step = self.step(progress)
        if step != self._shown:
            self._shown = step
            self.update()

    def step(self, progress: float) -> int:
        """What a frame at `progress` shows: the slide's offset in pixels, or the fade's opacity in
        QPainter's steps. Two frames with the same step paint the same pixels."""
        if self.mode == "fade":
            return min(FADE_STEPS, int(progress * FADE_STEPS))
        return round(progress * self.width()) * self.direction

    def finish(self) -> None:
        """The transition is over, its last frame asked for: make way for the live screen (which
        the caller shows beneath) once Qt has painted that frame, when the event loop has
        handled everything else posted. The repaint that making way causes waits for the next
        turn of the event loop. Input goes to the new screen from now on."""
        self._lifting = True
        self.outgoing = None  # out of sight in the last frame: freed before the heap trimmer runs
        if not self.isVisible():
            self.lift()
            return
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        QCoreApplication.postEvent(self, QEvent(LIFT_EVENT), LIFT_PRIORITY)

    @property
    def lifting(self) -> bool:
        return self._lifting

    def lift(self) -> None:
        """Make way for the live screen now, if finished and still covering it."""
        if not self._lifting:
            return
        self._lifting = False
        self.chrome.release()
        self.hide()
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, False)
        self.outgoing = self.incoming = None

    def event(self, event: QEvent) -> bool:
        if event.type() != LIFT_EVENT:
            return super().event(event)
        if self._lifting:
            held = [self.incoming]
            self.lift()
            # The incoming screen's pixmap (8 MB at 1920x1080, 33 at 3840x2160) goes on the next
            # turn of the event loop, with the live screen's repaint rather than in the last
            # frame; the heap trimmer gives it back to the system (kiosk.controllers.memory).
            QTimer.singleShot(0, self, held.clear)
        return True

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.incoming is None:
            return
        painter = QPainter(self)
        if self.outgoing is None:  # finished: the last frame is the incoming screen alone
            painter.drawPixmap(0, 0, self.incoming)
        elif self.mode == "fade":
            painter.drawPixmap(0, 0, self.outgoing)
            painter.setOpacity(self.progress)
            painter.drawPixmap(0, 0, self.incoming)
        else:
            shift = self.step(self.progress)
            painter.drawPixmap(-shift, 0, self.outgoing)
            painter.drawPixmap(self.direction * self.width() - shift, 0, self.incoming)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()


# Events that leave a widget's looks as they were: raised or lowered (the stage raises its
# chrome when a transition ends), moved (the picture is in the widget's own coordinates),
# hidden (an arrow at the first or last screen).
UNCHANGING_EVENTS = frozenset({QEvent.Type.ZOrderChange, QEvent.Type.Move, QEvent.Type.Hide})


class ChromeSprites(QObject):
    """Pictures of the chrome that draws no text (the arrows, the accessibility button, the page
    dots), drawn over a transition's frames in place of the widgets' own painting.

    The chrome sits above the transition layer, so Qt repaints it over every frame, and its
    antialiased circles and rings cost about as much as the frame itself: Qt splits each large
    fill over its thread pool and waits for it (2.5 ms a frame at 1920x1080 and 4 ms at
    3840x2160 on two busy cores, against 2 and 6 ms for the slide). Each widget is drawn once,
    into a transparent picture, when the transition starts; drawn over a frame, the picture
    gives the same pixels as the widget. Text is left to the widgets (the language buttons):
    Qt blends it with gamma correction onto the window but cannot onto a transparent picture,
    where it would look thinner.

    Anything reaching a chrome widget during the transition that may change its looks (a touch,
    focus, a resize, a style change: all but UNCHANGING_EVENTS) drops the pictures, and the
    chrome draws itself for the rest of the transition.
    """

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._sprites: dict[QObject, QPixmap] = {}
        self._watched: list[QWidget] = []

    @property
    def active(self) -> bool:
        return bool(self._sprites)

    def capture(self, chrome: list[QWidget]) -> None:
        """Draw the pictures of `chrome` (and of the widgets in it) and watch it."""
        self.release()
        pending = [widget for widget in chrome if widget.isVisible()]
        while pending:
            widget = pending.pop()
            pending.extend(child for child in widget.children() if isinstance(child, QWidget) and child.isVisible())
            widget.installEventFilter(self)  # all of the chrome: a tap on one may change the others
            self._watched.append(widget)
            if not draws_text(widget) and not widget.size().isEmpty():
                self._sprites[widget] = sprite_of(widget)

    def release(self) -> None:
        for widget in self._watched:
            widget.removeEventFilter(self)
        self._watched.clear()
        self._sprites.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint:
            if event.type() not in UNCHANGING_EVENTS:
                self._sprites.clear()
            return False
        sprite = self._sprites.get(watched)
        if sprite is None:
            return False
        QPainter(cast(QWidget, watched)).drawPixmap(0, 0, sprite)
        return True


def draws_text(widget: QWidget) -> bool:
    """Whether the widget draws text (the language buttons; a round button with a label)."""
    if isinstance(widget, RoundButton):
        return widget.symbol not in RoundButton.SYMBOLS
    return isinstance(widget, PillButton)


def sprite_of(widget: QWidget) -> QPixmap:
    """The widget's own painting (not its children's) on a transparent picture."""
    ratio = widget.devicePixelRatioF()
    sprite = QPixmap(widget.size() * ratio)
    sprite.setDevicePixelRatio(ratio)
    sprite.fill(Qt.GlobalColor.transparent)
    widget.render(sprite, QPoint(), QRegion(), QWidget.RenderFlag(0))
    return sprite


class Backdrop(QWidget):
    """The background every screen sits on: the theme colour with a soft glow, cached."""

    def __init__(self, parent: QWidget, style: Style) -> None:
        super().__init__(parent)
        self.style_ = style
        self._cache: QPixmap | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._cache = None
        super().resizeEvent(event)

    def set_style(self, style: Style) -> None:
        if style.theme != self.style_.theme:
            self._cache = None
            self.update()
        self.style_ = style

    def pixmap(self) -> QPixmap:
        if self._cache is None or self._cache.size() != self.size():
            self._cache = backdrop_pixmap(self.width(), self.height(), self.style_)
        return self._cache

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).drawPixmap(0, 0, self.pixmap())


def backdrop_pixmap(width: int, height: int, style: Style) -> QPixmap:
    """A soft glow from the top right into the background colour, dithered so the large,
    slow gradient shows no bands on 8-bit panels (Qt only: numpy stays out of start-up)."""
    return glow_backdrop(width, height, style.color("background"), style.color("surface"))


class Stage(QWidget):
    screen_changed = Signal(int, str)  # index, screen id
    language_changed = Signal(str)
    transition_finished = Signal()
    views_prepared = Signal()  # every screen built and rendered once (see prepare_views)
    visitor_touched = Signal()
    item_opened = Signal(str, str, str)  # screen id, kind (hotspot, region, marker, event), item id
    settings_changed = Signal(object)  # the VisitorSettings now in effect

    def __init__(self, exhibit: Exhibit, context: RenderContext, parent: QWidget | None = None,
                 chrome: bool = True) -> None:
        super().__init__(parent)
        self.exhibit = exhibit
        self.context = context
        self.language = context.language
        self.index = 0
        self.views: dict[int, ScreenView] = {}
        self.disabled: set[int] = set()  # screens taken out of the rotation (they failed): see set_screen_enabled
        self.default_settings = context.settings  # what `reset` returns to: the exhibit's (config) defaults
        self.style_ = context.style(1.0)
        self.setObjectName("stage")
        self.backdrop = Backdrop(self, self.style_)
        self._tween: Tween | None = None
        self._pending: Callable[[], None] | None = None
        self.layer = TransitionLayer(self)
        self.chrome_enabled = chrome
        self._build_chrome()
        self._show_view(0)

    # --- chrome --------------------------------------------------------------------
    def _build_chrome(self) -> None:
        self.access = AccessControls(self)  # first: Qt's own Tab chain starts at the top right
        self.access.settings_requested.connect(self.apply_settings)
        self.access.set_settings(self.context.settings)
        self.previous_button = RoundButton("left", self)
        self.previous_button.setObjectName("previous")
        self.next_button = RoundButton("right", self)
        self.next_button.setObjectName("next")
        self.previous_button.tapped.connect(self.previous)
        self.next_button.tapped.connect(self.next)
        self.dots = PageDots(len(self.exhibit.screens), self)
        self.dots.setObjectName("dots")
        self.dots.dot_tapped.connect(self.go_to)
        self.language_buttons: dict[str, PillButton] = {}
        if len(self.exhibit.languages) > 1:
            for language in self.exhibit.languages:
                button = PillButton(LANGUAGE_NAMES.get(language, language.upper()), self)
                button.setObjectName(f"language-{language}")
                button.tapped.connect(lambda lang=language: self.set_language(lang))
                self.language_buttons[language] = button
        for widget in self._chrome_widgets():
            widget.setVisible(self.chrome_enabled)
        self._retranslate_chrome()

    def _chrome_widgets(self) -> list[QWidget]:
        return [self.previous_button, self.next_button, self.dots, *self.language_buttons.values(),
                self.access.button]

    def _retranslate_chrome(self) -> None:
        """What screen readers say about the chrome, in the visitor's language."""
        lang = self.language
        self.previous_button.set_accessible(tr("previous", lang), tr("previous_help", lang))
        self.next_button.set_accessible(tr("next", lang), tr("next_help", lang))
        count = len(self.exhibit.screens)
        for index, (screen, dot) in enumerate(zip(self.exhibit.screens, self.dots.buttons, strict=True)):
            dot.set_accessible(tr("screen_dot", lang, n=index + 1, count=count, title=screen.title.get(lang)),
                               tr("screen_dot_help", lang))
        for button in self.language_buttons.values():
            button.setAccessibleDescription(tr("language_help", lang))
        self.access.set_language(lang)

    def _layout_chrome(self) -> None:
        style = self.style_
        side = style.px(104)
        margin = style.px(28)
        mid = self.height() // 2 - side // 2
        if style.portrait:
            mid = self.height() - side - margin
        self.previous_button.setGeometry(margin, mid, side, side)
        self.next_button.setGeometry(self.width() - margin - side, mid, side, side)
        self.dots.dot = style.px(14)
        dots_height = style.px(96)
        self.dots.setGeometry(0, self.height() - dots_height - style.px(8), self.width(), dots_height)
        if style.portrait:
            inset = side + 2 * margin
            self.dots.setGeometry(inset, self.height() - side - margin, self.width() - 2 * inset, side)
        self.dots.fit_spacing(style.px(96))  # every dot a 96-pixel target
        right = self.width() - style.px(40)
        x = right
        target, top = style.px(96), style.px(20)  # 96-pixel targets around 72-pixel pills
        for language in reversed(self.exhibit.languages):
            button = self.language_buttons.get(language)
            if button is None:
                continue
            font = style.font(style.theme.caption_px, style.font(1).Weight.DemiBold)
            button.apply_style(style, font, height=96, padding=28, fill_alpha=0.85, pill_height=72)
            hint = button.sizeHint()
            x -= hint.width()
            button.setGeometry(x, top, hint.width(), hint.height())
            x -= style.px(12)
            button.set_checked(language == self.language)
        self.access.place(style, x, top, target, right)
        for button in (self.previous_button, self.next_button):
            button.fill = style.color("surface", style.panel_alpha(0.82))
            button.fill_active = style.color("accent")
            button.ink = style.color("text")
            button.ring = style.outline()
            button.set_focus_style(style)
        self.dots.active_color = style.color("accent")
        self.dots.idle_color = style.color("text", 0.75 if style.high_contrast else 0.45)
        for dot in self.dots.buttons:
            dot.set_focus_style(style)
        self._update_arrows()

    def set_chrome_visible(self, visible: bool) -> None:
        """Arrows, dots and the language switch (hidden while the attract loop plays)."""
        self.chrome_enabled = visible
        if not visible:
            self.access.close()
        for widget in self._chrome_widgets():
            widget.setVisible(visible)
        self._update_arrows()

    def _update_arrows(self) -> None:
        self.previous_button.setVisible(self.chrome_enabled and self._enabled_after(-1) is not None)
        self.next_button.setVisible(self.chrome_enabled and self._enabled_after(1) is not None)
        self.dots.set_current(self.index)

    def _raise_chrome(self) -> None:
        for widget in self._chrome_widgets():
            widget.raise_()
        self.access.raise_()

    # --- views ---------------------------------------------------------------------
    def view(self, index: int) -> ScreenView:
        view = self.views.get(index)
        if view is None:
            screen = self.exhibit.screens[index]
            view = create_view(screen, self.context, self)
            view.item_opened.connect(lambda kind, item, sid=screen.id: self.item_opened.emit(sid, kind, item))
            view.set_language(self.language)
            view.hide()
            view.setGeometry(self.rect())
            self.views[index] = view
        return view

    def current_view(self) -> ScreenView:
        return self.view(self.index)

    def _show_view(self, index: int) -> None:
        for other_index, other in self.views.items():
            if other_index != index and other.isVisible():
                other.hide()
        view = self.view(index)
        view.setGeometry(self.rect())
        view.show()
        view.lower()
        self.backdrop.lower()
        self._raise_chrome()

    def render_view(self, index: int) -> QPixmap:
        """The screen drawn off-screen at the stage's size, backdrop included."""
        view = self.view(index)
        view.setGeometry(self.rect())
        view.ensurePolished()
        if view.layout() is not None:
            view.layout().activate()
        self.backdrop.setGeometry(self.rect())
        pixmap = self.backdrop.pixmap().copy()
        view.render(pixmap, renderFlags=QWidget.RenderFlag.DrawChildren)
        return pixmap

    def prepare_views(self) -> None:
        """Build and render every screen once, one per turn of the event loop, after the first
        frame: a visitor's first tap on a screen then costs a warm render (about 10 ms), not
        building it (up to 200 ms for the chart) and its first render (up to 85 ms for a map)."""
        pending = [index for index in range(len(self.exhibit.screens)) if index not in self.views]
        if not pending:
            self.views_prepared.emit()
            return

        def prepare_next() -> None:
            if self.transitioning:  # a visitor came first: try again when the slide is over
                QTimer.singleShot(100, self, prepare_next)
                return
            self.render_view(pending.pop(0))
            if pending:
                QTimer.singleShot(0, self, prepare_next)
            else:
                self.views_prepared.emit()

        QTimer.singleShot(0, self, prepare_next)

    # --- navigation ----------------------------------------------------------------
    @property
    def transitioning(self) -> bool:
        return self._tween is not None and self._tween.running

    def next(self) -> None:
        index = self._enabled_after(1)
        if index is not None:
            self.go_to(index)

    def previous(self) -> None:
        index = self._enabled_after(-1)
        if index is not None:
            self.go_to(index)

    def home(self) -> None:
        self.go_to(self.home_index())

    def home_index(self) -> int:
        """The first screen in the rotation (the first screen, unless it was taken out)."""
        return next((i for i in range(len(self.exhibit.screens)) if i not in self.disabled), 0)

    def _enabled_after(self, step: int) -> int | None:
        """The nearest screen in the rotation from the current one, forwards (1) or backwards (-1)."""
        index = self.index + step
        while 0 <= index < len(self.exhibit.screens):
            if index not in self.disabled:
                return index
            index += step
        return None

    def screen_enabled(self, index: int) -> bool:
        return index not in self.disabled

    def set_screen_enabled(self, index: int, enabled: bool) -> None:
        """Take a screen out of the rotation (or put it back): arrows, dots, keys, swipes and
        `go_to` skip it. The last screen in the rotation cannot be taken out. A visitor on the
        screen stays there until the caller moves them (see FaultGuard)."""
        if not 0 <= index < len(self.exhibit.screens):
            return
        if enabled:
            self.disabled.discard(index)
        elif len(self.disabled | {index}) < len(self.exhibit.screens):
            self.disabled.add(index)
        else:
            log.warning("screen %s is the last one in the rotation; it stays", self.exhibit.screens[index].id)
        self.dots.set_shown([i for i in range(len(self.exhibit.screens)) if i not in self.disabled])
        self._update_arrows()

    def go_to(self, index: int, mode: str = "slide", duration_ms: int | None = None) -> None:
        if self.transitioning or not 0 <= index < len(self.exhibit.screens) or index == self.index \
                or index in self.disabled:
            return
        self.access.close()
        old_index = self.index
        old_view = self.current_view()
        old_view.left()
        duration = self.exhibit.transition_ms if duration_ms is None else duration_ms
        if self.context.reduced_motion:
            duration = 0
        self.index = index
        self.layer.lift()  # the last transition's final frame, if it still covers the screen
        if duration <= 0 or not self.isVisible():
            self._finish_transition(old_index)
            return
        outgoing, incoming = self.render_view(old_index), self.render_view(index)
        self.layer.setGeometry(self.rect())
        self.layer.show()
        self.layer.raise_()
        self._raise_chrome()
        self.layer.begin(outgoing, incoming, 1 if index > old_index else -1, mode, self._chrome_widgets())
        old_view.hide()

        def frame(progress: float) -> None:
            self.layer.set_progress(progress)

        # A visitor's slide answers the tap at once: it starts one frame in and decelerates
        # (with ease-in-out its first three frames moved less than a pixel, 50 ms that looked
        # like no response). The attract loop's fade eases in and out, for nobody in particular.
        frames = self.context.frames
        answering = mode == "slide"
        self._tween = Tween(frames, duration / 1000, frame, lambda: self._finish_transition(old_index),
                            easing=ease_out_cubic if answering else ease_in_out_cubic, parent=self)
        self._tween.start(lead=frames.interval_ms / 1000 if answering else 0.0)

    def _finish_transition(self, old_index: int) -> None:
        tween, self._tween = self._tween, None
        if tween is not None:
            tween.deleteLater()  # one per transition: kept, they would pile up on the stage for ever
            self.layer.finish()  # stays over the new screen until its last frame is painted
        self._show_view(self.index)
        self._update_arrows()
        view = self.current_view()
        view.entered()
        screen = self.exhibit.screens[self.index]
        log.debug("screen %s (%d) shown, from %d", screen.id, self.index, old_index)
        self.screen_changed.emit(self.index, screen.id)
        self.transition_finished.emit()

    def finish_transition(self) -> None:
        """Jump to the end of a running transition (tests, and a new request while one runs)."""
        if self._tween is not None:
            self._tween.finish_now()

    # --- language ------------------------------------------------------------------
    def set_language(self, language: str) -> None:
        if language not in self.exhibit.languages or language == self.language:
            return
        self.language = language
        self.context.language = language
        log.debug("language %s", language)
        for view in self.views.values():
            view.set_language(language)
        for code, button in self.language_buttons.items():
            button.set_checked(code == language)
        self._retranslate_chrome()
        self._layout_chrome()  # the access panel's texts may need more room
        self.language_changed.emit(language)

    # --- visitor settings ----------------------------------------------------------
    @property
    def settings(self) -> VisitorSettings:
        return self.context.settings

    def apply_settings(self, settings: VisitorSettings) -> None:
        """Large text, high contrast, reduced motion: every screen is restyled in place (no
        rebuild, no reload flash) and the visitor stays where they are."""
        if settings == self.context.settings:
            return
        self.finish_transition()
        changed = settings.changed(self.context.settings)
        self.context.settings = settings
        self._restyle()
        for view in self.views.values():
            view.apply_settings()
        self.access.set_settings(settings)
        log.info("visitor settings: %s", ", ".join(f"{name} {getattr(settings, name)}" for name in changed))
        self.settings_changed.emit(settings)

    def reset(self) -> None:
        """Everything back to how the next visitor should find it (the exhibit's default
        language and settings)."""
        self.finish_transition()
        self.access.close()
        self.apply_settings(self.default_settings)
        for view in self.views.values():
            view.reset()
        self.set_language(self.exhibit.default_language)

    # --- keyboard ------------------------------------------------------------------
    def focus_chain(self) -> list[QWidget]:
        """The controls Tab visits, in reading order: the language switch and the accessibility
        button at the top, the screen's own controls, then the arrows and dots. While the
        accessibility panel is open, only its controls."""
        if self.access.is_open:
            return [w for w in self.access.panel.controls() if can_take_focus(w)]
        top = sorted([self.access.button, *self.language_buttons.values()], key=lambda w: w.x())
        navigation = [self.previous_button, *self.dots.buttons, self.next_button]
        view = self.views.get(self.index)  # never built here: Qt asks while views are being swapped
        chain = [*top, *(view.focus_chain() if view is not None else []), *navigation]
        return [w for w in chain if can_take_focus(w)]

    def focusNextPrevChild(self, next: bool) -> bool:
        chain = self.focus_chain()
        if not chain:
            return False
        focused = QApplication.focusWidget()
        if focused in chain:
            target = chain[(chain.index(focused) + (1 if next else -1)) % len(chain)]
        else:
            target = chain[0] if next else chain[-1]
        target.setFocus(Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.access.is_open:
            self.access.close()  # Esc closes the panel first (and only then, windowed, the window)
            event.accept()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: object) -> None:
        # With no control focused, Tab starts from the stage (and so follows focus_chain).
        if self.window().focusWidget() is None:
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        super().showEvent(event)  # type: ignore[arg-type]

    # --- input ---------------------------------------------------------------------
    def install_gestures(self) -> GestureFilter:
        gestures = GestureFilter(self.window())
        gestures.swiped.connect(lambda step: self.next() if step > 0 else self.previous())
        gestures.key_navigated.connect(self._on_key)
        gestures.touched.connect(self.visitor_touched)
        from PySide6.QtWidgets import QApplication

        QApplication.instance().installEventFilter(gestures)
        return gestures

    def _on_key(self, action: str) -> None:
        {"next": self.next, "previous": self.previous, "home": self.home}[action]()

    # --- geometry ------------------------------------------------------------------
    def _restyle(self) -> None:
        scale = Style.scale_for(self.width(), self.height())
        self.style_ = self.context.style(scale, portrait=self.height() > self.width())
        self.backdrop.set_style(self.style_)
        self._layout_chrome()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.backdrop.setGeometry(self.rect())
        for view in self.views.values():
            view.setGeometry(self.rect())
        self.layer.setGeometry(self.rect())
        self._restyle()
        super().resizeEvent(event)
