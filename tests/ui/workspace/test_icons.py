"""Icons (Lucide, ISC, committed under resources/icons/lucide with its LICENSE): toolbars
show icon and text; entity kinds carry an icon in the link table, the entity window and
search results, in the kind's chart colour."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QToolBar, QToolButton
from pytestqt.qtbot import QtBot

from sirat.chart.demo import demo_network
from sirat.chart.style import KIND_COLOURS
from sirat.domain.vocab import KIND_SPECS, EntityKind
from sirat.services.reports import records as reports
from sirat.services.search.fulltext import search
from sirat.ui import icons
from sirat.ui.chart import icons as chart_icons
from sirat.ui.chart.window import ChartWindow
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.editor.links import COL_KIND, LinkRow, LinksModel
from sirat.ui.editor.window import ReportEditor
from sirat.ui.entities.view import EntityWindow
from sirat.ui.entity_words import kind_label
from sirat.ui.main_window import MainWindow
from sirat.ui.registry import build_registry
from sirat.ui.search.results import HitsModel
from sirat.ui.tasks import Tasks
from sirat.vault import Vault
from tests.ui.conftest import LONG, show_active
from tests.ui.sample_data import fill


def _inked(icon: QIcon, size: int = 24) -> QImage:
    assert not icon.isNull()
    image = icon.pixmap(size, size).toImage()
    opaque = sum(1 for x in range(image.width()) for y in range(image.height())
                 if image.pixelColor(x, y).alpha() > 128)
    assert opaque > 10  # something is drawn, not an empty square
    return image


def _main_colour(image: QImage) -> str:
    counts: dict[str, int] = {}
    for x in range(image.width()):
        for y in range(image.height()):
            c = image.pixelColor(x, y)
            if c.alpha() == 255:
                counts[c.name()] = counts.get(c.name(), 0) + 1
    return max(counts, key=lambda k: counts[k])


def test_every_icon_named_has_its_file_and_the_licence_ships() -> None:
    assert (icons.ICON_DIR / "LICENSE").read_text(encoding="utf-8").count("Lucide") >= 2
    for name in {*icons.KIND_ICONS.values(), *icons.ACTION_ICONS.values()}:
        assert (icons.ICON_DIR / f"{name}.svg").is_file(), name
    assert set(icons.KIND_ICONS) == set(KIND_COLOURS)  # every kind the chart knows


def test_every_entity_kind_has_its_words_icon_and_chart_shape(qtbot: QtBot) -> None:
    """Kinds are listed once (sirat.domain.vocab); the app's per-kind resources follow it."""
    for kind in EntityKind:
        spec = KIND_SPECS[kind]
        assert kind_label(kind) == spec.title != ""
        assert spec.default_role
        assert kind in icons.KIND_ICONS
        assert not chart_icons.kind_icon(kind).isEmpty()
    assert kind_label("drone") == "Drone"  # a kind from a newer version, in words


def test_kind_icons_are_drawn_in_the_kinds_colour(qtbot: QtBot) -> None:
    for kind, colour in KIND_COLOURS.items():
        image = _inked(icons.kind_icon(kind), 48)
        assert _main_colour(image) == colour, kind
    assert icons.kind_icon("no_such_kind").isNull()  # unknown: no icon, no error
    assert icons.icon("no-such-icon").isNull()


def test_toolbars_show_icon_and_text(qtbot: QtBot, analyst_vault: Vault, tasks: Tasks,
                                     settings: QSettings) -> None:
    context = Context(vault=analyst_vault, tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=build_registry())
    main = MainWindow(context)
    qtbot.addWidget(main)
    show_active(qtbot, main)
    chart = ChartWindow(demo_network())
    qtbot.addWidget(chart)
    editor = ReportEditor(context)
    qtbot.addWidget(editor)
    editor_bar = editor.findChild(QToolBar, "editorToolbar")
    for toolbar in (main.toolbar, chart.toolbar(), editor_bar):
        assert isinstance(toolbar, QToolBar)
        assert toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        shown = [a for a in toolbar.actions() if not a.isSeparator() and a.text()]
        assert len(shown) >= (3 if toolbar is editor_bar else 5)
        for action in shown:
            _inked(action.icon())
            button = toolbar.widgetForAction(action)
            assert isinstance(button, QToolButton)
            assert button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon


def test_entity_kinds_carry_their_icon_in_links_entity_window_and_search(
        qtbot: QtBot, analyst_vault: Vault, tasks: Tasks, settings: QSettings) -> None:
    context = Context(vault=analyst_vault, tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=build_registry())
    ids = fill(analyst_vault, 1)
    view = reports.get_report(analyst_vault, ids[0], record_view=False)
    links = LinksModel()
    links.set_links([LinkRow.of(link) for link in view.links])
    kinds = {links.index(r, COL_KIND).data(): links.index(r, COL_KIND).data(
        Qt.ItemDataRole.DecorationRole) for r in range(links.rowCount())}
    assert {"Person", "Vehicle"} <= set(kinds)
    for icon in kinds.values():
        _inked(icon)
    # The entity window: the kind's icon beside the heading.
    person = next(link for link in view.links if link.kind == "person")
    window = EntityWindow(context, int(person.entity_id))
    qtbot.addWidget(window)
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: window.view is not None, timeout=LONG)
    pixmap = window.kind_icon.pixmap()
    assert not pixmap.isNull()
    assert _main_colour(pixmap.toImage()) == KIND_COLOURS["person"]
    assert window.kind_icon.toolTip() == "Person"
    window.clear_for_lock()
    assert window.kind_icon.pixmap().isNull()  # nothing left after a lock
    # Search results: reports and entities each with their kind's icon.
    result = search(analyst_vault, "Petrovic")
    hits = HitsModel()
    hits.set_rows(list(result.entities))
    assert hits.rowCount() >= 1
    for row in range(hits.rowCount()):
        _inked(hits.index(row).data(Qt.ItemDataRole.DecorationRole))
    hits.set_rows(list(result.reports))
    if hits.rowCount():
        image = _inked(hits.index(0).data(Qt.ItemDataRole.DecorationRole))
        assert _main_colour(image) == KIND_COLOURS["report"]
