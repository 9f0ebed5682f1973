"""Vector icons for chart node kinds, drawn with QPainterPath (no image files).

Each path fits a 24x24 box centred on (0, 0); holes use the odd-even fill
rule. Paths are built once and cached.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QPainterPath, QPolygonF, Qt

from sirat.ui.style import load_fonts


def _poly(*points: tuple[float, float]) -> QPolygonF:
    return QPolygonF([QPointF(x, y) for x, y in points])


def _person() -> QPainterPath:
    p = QPainterPath()
    p.addEllipse(QPointF(0, -5), 4.6, 4.6)
    body = QPainterPath()
    body.moveTo(-9, 10)
    body.cubicTo(-9, 1, 9, 1, 9, 10)
    body.closeSubpath()
    return p.united(body)


def _vehicle() -> QPainterPath:
    p = QPainterPath()
    p.addRoundedRect(QRectF(-11, -2, 22, 8), 2, 2)
    p.addPolygon(_poly((-6, -2), (-4, -8), (5, -8), (8, -2)))
    p = p.simplified()
    for x in (-6.0, 6.0):
        wheel = QPainterPath()
        wheel.addEllipse(QPointF(x, 6), 2.8, 2.8)
        p = p.united(wheel)
    p.addRect(QRectF(-3, -6.5, 2.5, 3.5))
    p.addRect(QRectF(1, -6.5, 3, 3.5))
    return p


def _vessel() -> QPainterPath:
    p = QPainterPath()
    p.addPolygon(_poly((-12, 2), (12, 2), (8, 9), (-8, 9)))
    p.addRect(QRectF(-5, -4, 9, 6))
    p.addRect(QRectF(-1, -11, 2, 7))
    p = p.simplified()
    p.addRect(QRectF(-3, -2.5, 2, 2))
    p.addRect(QRectF(0.5, -2.5, 2, 2))
    return p


def _organization() -> QPainterPath:
    p = QPainterPath()
    p.addRect(QRectF(-8, -11, 16, 22))
    for row in range(4):
        for col in (-5.0, 1.0):
            p.addRect(QRectF(col, -8 + row * 4.5, 3.5, 2.5))
    return p


def _address() -> QPainterPath:
    p = QPainterPath()
    p.moveTo(0, 11)
    p.cubicTo(-3, 5, -8, 0, -8, -4)
    p.arcTo(QRectF(-8, -12, 16, 16), 180, -180)
    p.cubicTo(8, 0, 3, 5, 0, 11)
    p.closeSubpath()
    p.addEllipse(QPointF(0, -4), 3, 3)
    return p


def _phone() -> QPainterPath:
    p = QPainterPath()
    p.addRoundedRect(QRectF(-6, -11, 12, 22), 2.5, 2.5)
    p.addRect(QRectF(-4, -8, 8, 13))
    p.addEllipse(QPointF(0, 8), 1.3, 1.3)
    return p


def _identity_document() -> QPainterPath:
    p = QPainterPath()
    p.addRoundedRect(QRectF(-12, -8, 24, 16), 2, 2)
    p.addRect(QRectF(-9.5, -5, 7, 9))
    for y in (-4.0, -0.5, 3.0):
        p.addRect(QRectF(0, y, 9, 1.6))
    return p


def _bank_account() -> QPainterPath:
    p = QPainterPath()
    p.addPolygon(_poly((-12, -4), (0, -11), (12, -4)))
    p.addRect(QRectF(-12, 7, 24, 3))
    for x in (-9.5, -4.0, 1.5, 7.0):
        p.addRect(QRectF(x, -3, 2.5, 9.5))
    return p.simplified()


def _online_account() -> QPainterPath:
    load_fonts()  # the same DejaVu file on every machine (its metrics size the boxes)
    font = QFont("DejaVu Sans")
    font.setPixelSize(24)
    font.setBold(True)
    p = QPainterPath()
    p.addText(QPointF(0, 0), font, "@")
    box = p.boundingRect()
    return p.translated(-box.center())


def _report() -> QPainterPath:
    p = QPainterPath()
    p.addPolygon(_poly((-8, -11), (4, -11), (9, -6), (9, 11), (-8, 11), (-8, -11)))
    for y in (-5.0, -1.0, 3.0, 7.0):
        p.addRect(QRectF(-5, y, 11, 1.6))
    return p


_BUILDERS = {
    "person": _person,
    "vehicle": _vehicle,
    "vessel": _vessel,
    "organization": _organization,
    "address": _address,
    "phone": _phone,
    "identity_document": _identity_document,
    "bank_account": _bank_account,
    "online_account": _online_account,
    "report": _report,
}


@cache
def kind_icon(kind: str) -> QPainterPath:
    """The icon path for ``kind`` (odd-even fill), 24x24 around the origin."""
    path = _BUILDERS[kind]()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    return path
