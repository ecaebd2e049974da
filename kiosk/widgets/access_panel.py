"""The accessibility button's panel: three large switches (large text, high contrast, reduced
motion) in the visitor's language, and a close button.

The panel only reports what the visitor asked for (`setting_toggled`); the stage changes the
settings and tells every screen. Each switch is one large target (96 px or more at 1920x1080)
that a tap, or Enter or Space from the keyboard, flips.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.accessibility import SETTING_NAMES, VisitorSettings
from kiosk.i18n import tr
from kiosk.style import Style
from kiosk.widgets.controls import RoundButton, Tappable

TARGET_PX = 112  # design pixels: each switch's height at least


class SettingSwitch(Tappable):
    """One setting: its name, a line saying what it does, and an on/off switch on the right."""

    def __init__(self, setting: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setting = setting
        self.setObjectName(f"setting-{setting}")
        self.checked = False
        self.label = ""
        self.help = ""
        self.style_: Style | None = None
        self.label_font = QFont()
        self.help_font = QFont()

    def set_texts(self, label: str, help_text: str, state: str) -> None:
        self.label, self.help = label, help_text
        self.set_accessible(state, help_text)
        self.update()

    def set_checked(self, checked: bool) -> None:
        self.checked = checked
        self.update()

    def apply_style(self, style: Style) -> None:
        self.style_ = style
        self.label_font = style.font(style.theme.body_px * 1.05, QFont.Weight.DemiBold)
        self.help_font = style.caption_font()
        self.set_focus_style(style)

    # --- geometry ------------------------------------------------------------------
    def _pad(self) -> int:
        return self.style_.px(24) if self.style_ else 24

    def _switch_size(self) -> QSize:
        return QSize(self.style_.px(84), self.style_.px(46)) if self.style_ else QSize(84, 46)

    def text_width(self, width: int) -> int:
        return width - 3 * self._pad() - self._switch_size().width()

    def _text_heights(self, width: int) -> tuple[int, int]:
        flags = Qt.TextFlag.TextWordWrap.value
        box = QRect(0, 0, max(self.text_width(width), 1), 10_000)
        label = QFontMetrics(self.label_font).boundingRect(box, flags, self.label).height()
        help_height = QFontMetrics(self.help_font).boundingRect(box, flags, self.help).height()
        return label, help_height

    def needed_height(self, width: int) -> int:
        label, help_height = self._text_heights(width)
        minimum = self.style_.px(TARGET_PX) if self.style_ else TARGET_PX
        return max(minimum, 2 * self._pad() + label + self._pad() // 3 + help_height)

    def text_fits(self) -> bool:
        return self.needed_height(self.width()) <= self.height()

    # --- drawing -------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        style = self.style_
        if style is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        radius = style.px(20)
        fill = style.color("surface")
        painter.setBrush(fill.lighter(125) if self.pressed else fill)
        painter.setPen(QPen(style.color("accent") if self.checked else style.outline(), max(1.5, style.px(2))))
        painter.drawRoundedRect(rect, radius, radius)
        pad = self._pad()
        label_height, help_height = self._text_heights(self.width())
        top = rect.top() + (rect.height() - label_height - pad // 3 - help_height) / 2
        text_width = self.text_width(self.width())
        flags = Qt.AlignmentFlag.AlignLeft.value | Qt.TextFlag.TextWordWrap.value
        painter.setFont(self.label_font)
        painter.setPen(style.color("text"))
        painter.drawText(QRectF(rect.left() + pad, top, text_width, label_height), flags, self.label)
        painter.setFont(self.help_font)
        painter.setPen(style.color("muted"))
        painter.drawText(QRectF(rect.left() + pad, top + label_height + pad // 3, text_width, help_height), flags,
                         self.help)
        self._paint_switch(painter, style, rect)
        self.draw_focus(painter, rect, radius)

    def _paint_switch(self, painter: QPainter, style: Style, rect: QRectF) -> None:
        size = self._switch_size()
        track = QRectF(rect.right() - self._pad() - size.width(), rect.center().y() - size.height() / 2,
                       size.width(), size.height())
        on = self.checked
        painter.setPen(QPen(style.color("accent") if on else style.color("muted"), max(1.5, style.px(2.5))))
        painter.setBrush(style.color("accent") if on else style.color("background"))
        painter.drawRoundedRect(track, track.height() / 2, track.height() / 2)
        knob_radius = track.height() / 2 - style.px(6)
        x = track.right() - track.height() / 2 if on else track.left() + track.height() / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.color("background") if on else style.color("muted"))
        painter.drawEllipse(QPointF(x, track.center().y()), knob_radius, knob_radius)


class AccessPanel(QWidget):
    """A card under the accessibility button: a heading, the three switches, a close button."""

    setting_toggled = Signal(str)  # the setting's name, e.g. "large_text"
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("access-panel")
        self.style_: Style | None = None
        self.heading = ""
        self.switches = {name: SettingSwitch(name, self) for name in SETTING_NAMES}
        for name, switch in self.switches.items():
            switch.tapped.connect(lambda setting=name: self.setting_toggled.emit(setting))
        self.close_button = RoundButton("close", self)
        self.close_button.setObjectName("access-close")
        self.close_button.tapped.connect(self.close_requested)
        self.language = "en"
        self.settings = VisitorSettings()
        self.hide()

    def controls(self) -> list[Tappable]:
        """Its controls in reading order: the close button (top right) comes after the switches."""
        return [*self.switches.values(), self.close_button]

    def set_settings(self, settings: VisitorSettings) -> None:
        self.settings = settings
        for name, switch in self.switches.items():
            switch.set_checked(getattr(settings, name))
        self.retranslate()

    def set_language(self, language: str) -> None:
        self.language = language
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.language
        self.heading = tr("access", lang)
        self.setAccessibleName(self.heading)
        self.setAccessibleDescription(tr("access_help", lang))
        for name, switch in self.switches.items():
            state = tr("on" if getattr(self.settings, name) else "off", lang)
            label = tr(name, lang)
            switch.set_texts(label, tr(f"{name}_help", lang), tr("setting_state", lang, name=label, state=state))
        self.close_button.set_accessible(tr("close", lang), tr("close_panel_help", lang))
        self.relayout()
        self.update()

    def apply_style(self, style: Style) -> None:
        self.style_ = style
        for switch in self.switches.values():
            switch.apply_style(style)
        self.close_button.fill = style.color("background")
        self.close_button.ink = style.color("text")
        self.close_button.ring = style.outline()
        self.close_button.set_focus_style(style)
        self.relayout()

    # --- geometry ------------------------------------------------------------------
    def _heading_font(self) -> QFont:
        assert self.style_ is not None
        return self.style_.font(self.style_.theme.body_px * 1.2, QFont.Weight.Bold, display=True)

    def _header_height(self) -> int:
        assert self.style_ is not None
        return max(self.style_.px(96), QFontMetrics(self._heading_font()).height())

    def needed_height(self, width: int) -> int:
        if self.style_ is None:
            return 0
        pad, gap = self.style_.px(24), self.style_.px(14)
        inner = width - 2 * pad
        rows = sum(switch.needed_height(inner) for switch in self.switches.values())
        return pad + self._header_height() + gap + rows + gap * (len(self.switches) - 1) + pad

    def relayout(self) -> None:
        if self.style_ is None:
            return
        pad, gap = self.style_.px(24), self.style_.px(14)
        close = self.style_.px(96)
        self.close_button.setGeometry(self.width() - pad - close, pad, close, close)
        y = pad + self._header_height() + gap
        inner = self.width() - 2 * pad
        for switch in self.switches.values():
            height = switch.needed_height(inner)
            switch.setGeometry(pad, y, inner, height)
            y += height + gap

    def resizeEvent(self, event: object) -> None:
        self.relayout()

    def heading_fits(self) -> bool:
        if self.style_ is None:
            return True
        pad = self.style_.px(24)
        room = self.width() - 3 * pad - self.close_button.width()
        return QFontMetrics(self._heading_font()).horizontalAdvance(self.heading) <= room

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        style = self.style_
        if style is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        radius = style.px(28)
        shadow = QColor(0, 0, 0, 90)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(shadow)
        painter.drawRoundedRect(rect.adjusted(0, style.px(4), 0, 0), radius, radius)
        painter.setBrush(style.color("background"))
        painter.setPen(QPen(style.color("accent", 0.8), max(1.5, style.px(2))))
        painter.drawRoundedRect(rect.adjusted(0, 0, 0, -style.px(4)), radius, radius)
        pad = style.px(24)
        painter.setFont(self._heading_font())
        painter.setPen(style.color("text"))
        painter.drawText(QRectF(pad + style.px(8), pad, self.width() - 3 * pad - self.close_button.width(),
                                self._header_height()),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self.heading)


class PanelScrim(QWidget):
    """Under the open panel: dims the screen a little and closes the panel on a tap elsewhere."""

    dismissed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("access-scrim")
        self.color = QColor(0, 0, 0, 90)
        self.hide()

    def mousePressEvent(self, event: object) -> None:
        self.dismissed.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), self.color)


class AccessControls(QObject):
    """The round accessibility button beside the language switch, its panel and the scrim
    behind the panel. The stage places the button (`place`) and applies what the visitor asks
    for (`settings_requested`)."""

    settings_requested = Signal(object)  # the VisitorSettings the visitor asked for

    def __init__(self, stage: QWidget) -> None:
        super().__init__(stage)
        self.stage = stage
        self.button = RoundButton("access", stage)
        self.button.setObjectName("access")
        self.scrim = PanelScrim(stage)
        self.panel = AccessPanel(stage)
        self.button.tapped.connect(self.toggle)
        self.panel.setting_toggled.connect(self._toggle_setting)
        self.panel.close_requested.connect(self.close)
        self.scrim.dismissed.connect(self.close)

    @property
    def is_open(self) -> bool:
        return self.panel.isVisibleTo(self.stage)

    def toggle(self) -> None:
        self.close() if self.is_open else self.open()

    def open(self) -> None:
        self.scrim.setGeometry(self.stage.rect())
        self.scrim.show()
        self.panel.show()
        self.raise_()
        self.button.set_active(True)
        if self.button.hasFocus():  # opened from the keyboard: the keyboard goes into the panel
            self.panel.switches[SETTING_NAMES[0]].setFocus(Qt.FocusReason.OtherFocusReason)

    def close(self) -> None:
        if not self.is_open:
            return
        had_focus = self.panel.isAncestorOf(QApplication.focusWidget())
        self.panel.hide()
        self.scrim.hide()
        self.button.set_active(False)
        if had_focus and self.button.isVisible():
            self.button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _toggle_setting(self, name: str) -> None:
        self.settings_requested.emit(self.panel.settings.toggled(name))

    def set_settings(self, settings: VisitorSettings) -> None:
        self.panel.set_settings(settings)

    def set_language(self, language: str) -> None:
        self.button.set_accessible(tr("access", language), tr("access_help", language))
        self.panel.set_language(language)

    def raise_(self) -> None:
        self.scrim.raise_()
        self.button.raise_()  # above the scrim: a second tap on it closes the panel
        self.panel.raise_()

    def place(self, style: Style, right: int, top: int, target: int, panel_right: int) -> None:
        """The button ends at `right` (a `target`-pixel square); the panel opens under it,
        its right edge at `panel_right`."""
        self.button.fill = style.color("surface", style.panel_alpha(0.85))
        self.button.fill_active = style.color("accent")
        self.button.ink = style.color("text")
        self.button.ink_active = style.color("background")
        self.button.ring = style.outline()
        self.button.visual_fraction = 0.75
        self.button.set_focus_style(style)
        self.button.setGeometry(right - target, top, target, target)
        self.panel.apply_style(style)
        margin = style.px(24)
        width = min(style.px(680), self.stage.width() - 2 * margin)
        panel_top = top + target + style.px(8)
        height = min(self.panel.needed_height(width), self.stage.height() - panel_top - margin)
        self.panel.setGeometry(min(panel_right, self.stage.width() - margin) - width, panel_top, width, height)
        self.scrim.setGeometry(self.stage.rect())
        self.scrim.color = style.color("background", 0.55)
