"""`export`: every screen rendered off-screen to PNG, plus a contact-sheet PDF for review."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPixmap

from kiosk.clock import ManualClock
from kiosk.content.loader import load_pack

log = logging.getLogger(__name__)


def export_exhibit(outdir: Path, pack: Path, size: tuple[int, int], language: str | None,
                   large_text: bool = False, high_contrast: bool = False) -> int:
    """Every screen to OUTDIR/NN-<id>.png and a contact sheet, as a visitor with these settings
    would see it (charts in their final state, as with reduced motion)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    result = load_pack(pack)
    for problem in result.problems:
        print(problem)
    if not result.ok or result.exhibit is None:
        print(f"{pack}: cannot export: the content pack has errors (see above)")
        return 1
    from kiosk.app import make_application, make_context
    from kiosk.stage import Stage

    app = make_application()
    exhibit = result.exhibit
    if language and language not in exhibit.languages:
        print(f"language '{language}' is not in this exhibit ({', '.join(exhibit.languages)})")
        return 1
    context = make_context(exhibit, ManualClock(), language, reduced_motion=True)
    context.large_text, context.high_contrast = large_text, high_contrast
    stage = Stage(exhibit, context)
    stage.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    stage.resize(*size)
    stage.show()
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"{outdir}: cannot create the folder: {exc.strerror or exc}")
        return 1
    pictures: list[tuple[str, QPixmap]] = []
    for index, screen in enumerate(exhibit.screens):
        stage.go_to(index, duration_ms=0)
        app.processEvents()
        stage.current_view().entered()
        app.processEvents()
        pixmap = stage.grab()
        path = outdir / f"{index + 1:02d}-{screen.id}.png"
        if not pixmap.save(str(path)):
            print(f"{path}: cannot write the image")
            return 1
        pictures.append((screen.id, pixmap))
        print(path)
    stage.current_view().left()
    sheet = outdir / "contact-sheet.pdf"
    write_contact_sheet(sheet, exhibit.title.get(context.language), pictures, size)
    print(sheet)
    stage.close()
    return 0


def write_contact_sheet(path: Path, title: str, pictures: list[tuple[str, QPixmap]], size: tuple[int, int]) -> None:
    """A4 landscape pages, six screens a page, each with its number and id."""
    writer = QPdfWriter(str(path))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                     QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter))
    writer.setResolution(150)
    writer.setTitle(title)
    painter = QPainter(writer)
    page = QRectF(painter.viewport())
    columns, rows = (3, 2) if size[0] >= size[1] else (4, 1)
    header = page.height() * 0.08
    cell = QSizeF(page.width() / columns, (page.height() - header) / rows)
    title_font = QFont("Inter")
    title_font.setPixelSize(int(header * 0.45))
    label_font = QFont("Inter")
    label_font.setPixelSize(int(cell.height() * 0.06))
    for start in range(0, len(pictures), columns * rows):
        if start:
            writer.newPage()
        painter.setFont(title_font)
        painter.setPen(QColor("#0b1420"))
        painter.drawText(QRectF(0, 0, page.width(), header), Qt.AlignmentFlag.AlignVCenter, title)
        for offset, (screen_id, pixmap) in enumerate(pictures[start:start + columns * rows]):
            col, row = offset % columns, offset // columns
            box = QRectF(col * cell.width(), header + row * cell.height(), cell.width(), cell.height())
            inner = box.adjusted(12, 12, -12, -cell.height() * 0.12)
            scaled = QSizeF(pixmap.size()).scaled(inner.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(inner.left(), inner.top(), scaled.width(), scaled.height())
            painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
            painter.setFont(label_font)
            caption = QRectF(inner.left(), target.bottom() + 8, inner.width(), cell.height() * 0.1)
            painter.drawText(caption, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                             f"{start + offset + 1:02d}  {screen_id}")
    painter.end()
