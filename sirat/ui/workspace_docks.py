"""One workspace: the chart, search, entity and review views open inside the main window.

View ▸ Views inside the main window (Ctrl+Alt+W) switches, per user, between separate
windows (the default so far) and docks of the main window: each view becomes a
``QDockWidget`` tabbed with the others on the right, detachable with the dock's float
button (or double-clicking its title) and put back the same way. Whether views dock, and
for each kind of view whether it was detached and on which side it sat, are remembered
under ``workspace/<user id>/...`` (an id, never a name). The view itself is unchanged:
Esc / Ctrl+W close it (and its dock), the lock clears and closes it as before.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QShortcut
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from sirat.ui.context import Context

#: objectName of a view -> the kind remembered for it
DOCKABLE = {"chartWindow": "chart", "searchWindow": "search", "entityWindow": "entity",
            "reviewWindow": "review", "timelineWindow": "timeline", "mapWindow": "map"}
TITLES = {"chart": "Link chart", "search": "Search", "entity": "Entity", "review": "Review",
          "timeline": "Timeline", "map": "Map"}
_AREAS = {a.value for a in (Qt.DockWidgetArea.RightDockWidgetArea,
                            Qt.DockWidgetArea.LeftDockWidgetArea,
                            Qt.DockWidgetArea.BottomDockWidgetArea,
                            Qt.DockWidgetArea.TopDockWidgetArea)}


def _key(context: Context, rest: str) -> str:
    return f"workspace/{int(context.info.user_id)}/{rest}"


def docking_on(context: Context) -> bool:
    value = context.settings.value(_key(context, "docked"), False)
    return value is True or str(value).lower() == "true"


def set_docking(context: Context, on: bool) -> None:
    context.settings.setValue(_key(context, "docked"), bool(on))


def wants_dock(context: Context, view: QWidget) -> bool:
    return docking_on(context) and view.objectName() in DOCKABLE


class _CloseWatcher(QObject):
    """Closing the view (Esc, Ctrl+W, the lock) closes and drops its dock too -- once the
    close went through: a view may refuse it (the view is then not hidden)."""

    def __init__(self, dock: QDockWidget, view: QWidget) -> None:
        super().__init__(dock)
        self._dock, self._view = dock, view

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            QTimer.singleShot(0, self._drop_if_closed)
        return False

    def _drop_if_closed(self) -> None:
        # isHidden: closed explicitly (a view in a background tab is not "hidden").
        if shiboken6.isValid(self._view) and self._view.isHidden() \
                and shiboken6.isValid(self._dock):
            self._dock.hide()
            self._dock.deleteLater()


class ViewDock(QDockWidget):
    def __init__(self, main: QMainWindow, view: QWidget, kind: str,
                 settings: QSettings, key: str) -> None:
        super().__init__(TITLES[kind], main)
        self.setObjectName(f"dock_{kind}")
        self.kind, self.view = kind, view
        self._settings, self._key = settings, key
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        view.setWindowFlags(Qt.WindowType.Widget)
        self.setWidget(view)
        view.installEventFilter(_CloseWatcher(self, view))
        self.topLevelChanged.connect(self._remember)
        self.dockLocationChanged.connect(lambda _area: self._remember())

    def _remember(self, *_args: object) -> None:
        main = self.parentWidget()
        self._settings.setValue(f"{self._key}/floating", self.isFloating())
        if isinstance(main, QMainWindow) and not self.isFloating():
            area = main.dockWidgetArea(self).value
            if area in _AREAS:
                self._settings.setValue(f"{self._key}/area", int(area))

    def closeEvent(self, event: QCloseEvent) -> None:
        # The dock's own close button closes the view (which may ask about changes).
        if self.view.isVisible() and not self.view.close():
            event.ignore()
            return
        super().closeEvent(event)


def _keep_keys_inside(view: QWidget) -> None:
    """A docked view's keys act only while the focus is inside it.

    In a window of its own, its window-wide shortcuts (E, Delete, Esc, Ctrl+W...) were
    its own; docked, the main window is their window, so Delete in the report list would
    remove chart nodes and two docked views' Ctrl+W would cancel each other out. Ctrl+L
    (an application shortcut) is left alone.
    """
    window = Qt.ShortcutContext.WindowShortcut
    inside = Qt.ShortcutContext.WidgetWithChildrenShortcut
    for action in view.findChildren(QAction):
        if action.shortcutContext() == window and action.shortcuts():
            view.addAction(action)  # the view itself holds it, so focus anywhere inside counts
            action.setShortcutContext(inside)
    for shortcut in view.findChildren(QShortcut):
        if shortcut.context() == window:
            shortcut.setContext(inside)


def _main_steps_aside(main: QMainWindow, view: QWidget) -> None:
    """The main window's commands that share a key with the docked view (Ctrl+F, Ctrl+1,
    Ctrl+H...) act only while the focus is in the list, filters or detail pane: otherwise
    Qt sees the key twice in one window and does neither ("ambiguous")."""
    taken = {seq.toString() for action in view.actions() for seq in action.shortcuts()}
    taken |= {shortcut.key().toString() for shortcut in view.findChildren(QShortcut)}
    central = main.centralWidget()
    if central is None:
        return
    for action in list(main.actions()):
        if action.shortcutContext() == Qt.ShortcutContext.WindowShortcut and any(
                seq.toString() in taken for seq in action.shortcuts()):
            main.removeAction(action)  # it stays in the menus and the toolbar
            central.addAction(action)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)


def dock(main: QMainWindow, context: Context, view: QWidget) -> ViewDock:
    """Put ``view`` in a dock of ``main``, tabbed with the docks of the same side."""
    kind = DOCKABLE[view.objectName()]
    key = _key(context, kind)
    settings: QSettings = context.settings
    area = Qt.DockWidgetArea.RightDockWidgetArea
    stored = str(settings.value(f"{key}/area", ""))
    if stored.isdigit() and int(stored) in _AREAS:  # anything else in the file: the default
        area = Qt.DockWidgetArea(int(stored))
    floating = settings.value(f"{key}/floating", False)  # read before adding rewrites it
    holder = ViewDock(main, view, kind, settings, key)
    _keep_keys_inside(view)
    _main_steps_aside(main, view)
    siblings = [d for d in main.findChildren(ViewDock)
                if d is not holder and not d.isFloating() and main.dockWidgetArea(d) == area]
    main.addDockWidget(area, holder)
    if siblings:
        main.tabifyDockWidget(siblings[-1], holder)
    elif area in (Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.LeftDockWidgetArea):
        # The first view takes what the list (its filters need ~600 px) and a readable
        # detail pane (~330 px) leave; at least 400 px.
        main.resizeDocks([holder], [max(400, main.width() - 950)], Qt.Orientation.Horizontal)
        splitter = getattr(main, "splitter", None)
        if splitter is not None:  # after the docks took their room (Qt defers it)
            QTimer.singleShot(0, lambda: shiboken6.isValid(splitter) and splitter.setSizes(
                [splitter.width() * 3 // 5, splitter.width() * 2 // 5]))
    holder.setFloating(floating is True or str(floating).lower() == "true")
    holder.show()
    view.show()
    holder.raise_()
    return holder
