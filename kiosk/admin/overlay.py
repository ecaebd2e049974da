"""What the PIN pad and the admin panel share: a layer over the whole window that dims the
exhibit, takes every touch and key while open, and holds one centred card.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.content.model import Theme
from kiosk.style import Style
from kiosk.widgets.controls import PillButton

ERROR_COLOR = "#ff7a6e"  # the theme has no red; this one reads on its dark surfaces (contrast > 6:1)


class Card(QWidget):
    """The rounded panel the overlay's content sits on (the look of the layouts' DetailCard)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.style_: Style | None = None

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.style_ is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self.style_.color("accent", 0.5))
        painter.setBrush(self.style_.color("surface", 0.98))
        radius = self.style_.px(28)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), radius, radius)


class Overlay(QWidget):
    """A child of the exhibit window that fills it, above everything, while shown.

    Subclasses build their widgets on `self.card`, place them in `relayout()` and end their
    constructor hidden (`self.hide()`); they get a fresh `self.style_` whenever the window
    changes size.
    """

    def __init__(self, window: QWidget, theme: Theme) -> None:
        super().__init__(window)
        self.theme = theme
        self.style_ = Style(theme, 1.0)
        self._styled = False  # fonts and colours are set when first presented, for the window's size
        self.card = Card(self)
        # The stage's swipe filter leaves presses on this widget alone (see kiosk/gestures.py).
        self.setProperty("claims_drag", True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_NoMousePropagation)
        window.installEventFilter(self)  # follow the window's size (windowed <-> full screen)

    # --- showing -------------------------------------------------------------------
    def present(self) -> None:
        """Cover the window, come to the front and take the keyboard."""
        self.fit_window()
        self.show()
        self.raise_()
        self.activateWindow()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def fit_window(self) -> None:
        window = self.parentWidget()
        if window is None:
            return
        width, height = window.width(), window.height()
        style = Style(self.theme, Style.scale_for(width, height), portrait=height > width)
        restyle = not self._styled or style != self.style_
        self._styled = True
        self.style_ = style
        self.card.style_ = style
        if self.geometry() != window.rect():
            self.setGeometry(window.rect())
        if restyle:
            self.restyle()
        self.relayout()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self.fit_window()
        return False

    # --- for subclasses ------------------------------------------------------------
    def restyle(self) -> None:
        """Fonts and colours for `self.style_`."""

    def relayout(self) -> None:
        """Place the card and its contents for the current size."""

    def handle_key(self, event: QKeyEvent) -> None:
        """A key pressed anywhere in the window while this overlay is open."""

    def card_rect(self, width: int, height: int) -> QRect:
        """A card of at most width×height, centred, at least a small margin inside the window."""
        margin = self.style_.px(32)
        width = min(width, self.width() - 2 * margin)
        height = min(height, self.height() - 2 * margin)
        return QRect((self.width() - width) // 2, (self.height() - height) // 2, width, height)

    def style_pill(self, button: PillButton, primary: bool = False, height: int = 104) -> None:
        style = self.style_
        button.apply_style(style, style.font(style.theme.body_px, QFont.Weight.DemiBold), height=height,
                           padding=40, fill_alpha=1.0)
        button.fill = style.color("background", 0.7)
        button.set_checked(primary)

    # --- input and painting ----------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.handle_key(event)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # the exhibit underneath gets nothing while the overlay is open

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        dim = QColor(self.style_.color("background"))
        dim.setAlphaF(0.86)
        QPainter(self).fillRect(self.rect(), dim)
