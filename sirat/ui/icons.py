"""Icons from the Lucide set (ISC licence): toolbar commands and entity kinds.

The SVG files are committed under ``resources/icons/lucide/`` with Lucide's LICENSE (taken
from the ``lucide`` package on PyPI, which ships the raw SVGs; see docs/app.md). They are
drawn with QtSvg; Lucide strokes in ``currentColor``, which we replace by a colour: the
chart's colour of the kind for entity kinds (so a person looks the same in the list and on
the chart), a dark grey for commands.

A name with no file gives an empty icon (the text is always shown beside it), never an
error; ``tests/ui/workspace/test_icons.py`` checks that every name used here has its file.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from sirat.chart.style import KIND_COLOURS

log = logging.getLogger(__name__)
_KIND_COLOURS: dict[str, str] = {str(k): v for k, v in KIND_COLOURS.items()}

ICON_DIR = Path(__file__).resolve().parents[2] / "resources" / "icons" / "lucide"
COMMAND_COLOUR = "#33393f"
SIZES = (16, 18, 20, 24, 32, 48)
TOOLBAR_SIZE = 18

#: entity kind (and "report") -> Lucide icon
KIND_ICONS: dict[str, str] = {
    "person": "user",
    "vehicle": "car",
    "vessel": "ship",
    "organization": "building-2",
    "address": "map-pin",
    "phone": "phone",
    "identity_document": "id-card",
    "bank_account": "landmark",
    "online_account": "at-sign",
    "report": "file-text",
}

#: main-window action id or chart action name -> Lucide icon
ACTION_ICONS: dict[str, str] = {
    # main window (the action registry)
    "report.new": "file-plus",
    "report.edit": "file-pen",
    "report.find": "list-filter",
    "report.export_pdf": "file-output",
    "search.global": "text-search",
    "chart.report": "waypoints",
    "review.queue": "inbox",
    "file.lock": "lock",
    "view.refresh": "refresh-cw",
    "tools.users": "user-cog",
    # report editor
    "editor.save": "save",
    "editor.submit": "send",
    "editor.link": "link",
    # chart window (ChartWindow.actions_by_name)
    "save": "save",
    "undo": "undo-2",
    "redo": "redo-2",
    "expand": "expand",
    "collapse": "shrink",
    "remove": "eye-off",
    "pin": "pin",
    "path": "route",
    "fit": "scan",
    "filters": "funnel",
    "force": "orbit",
}


@cache
def _svg(name: str) -> bytes:
    try:
        return (ICON_DIR / f"{name}.svg").read_bytes()
    except OSError:
        log.warning("icon %s not found", name)  # an icon name, never user data
        return b""


@cache
def icon(name: str, colour: str = COMMAND_COLOUR) -> QIcon:
    """The Lucide icon ``name`` stroked in ``colour``, as pixmaps of the usual sizes."""
    data = _svg(name)
    if not data:
        return QIcon()
    renderer = QSvgRenderer(QByteArray(data.replace(b"currentColor", colour.encode())))
    if not renderer.isValid():
        return QIcon()
    result = QIcon()
    for size in SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(pixmap)
    return result


def kind_icon(kind: str) -> QIcon:
    """The icon of an entity kind (or "report"), in the kind's chart colour."""
    name = KIND_ICONS.get(kind)
    if name is None:
        return QIcon()
    return icon(name, _KIND_COLOURS.get(kind, COMMAND_COLOUR))


def action_icon(action_id: str) -> QIcon:
    name = ACTION_ICONS.get(action_id)
    return icon(name) if name else QIcon()
