"""One workspace: the views open inside the main window, as tabbed docks that detach.

The default (View ▸ Views inside the main window, Ctrl+Alt+W, switches per user to separate
windows and back): the editor, chart, search, entity, review, queue, audit, register,
duplicates, timeline and map views each become a ``QDockWidget`` of the main window, tabbed
with the others on the right, detachable with the dock's float button (or a double click
on its title) and put back the same way. The view itself is unchanged: Esc / Ctrl+W close
it (and its dock's tab), the lock clears and closes it as before.

What is remembered, per user id (never a name) under ``workspace/<user id>/...``: whether
views dock; for each kind whether it was detached and on which side; and the layout of
the docks -- sizes, sides, tab order -- as ``QMainWindow.saveState`` (object names and
sizes only, nothing from the vault). A dock whose view closes is hidden and kept for the
next view of its kind, so that view comes back where the last one was; docks made in
another session find their place through ``restoreDockWidget``.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
    QSplitter,
    QTabBar,
    QWidget,
)

from sirat.ui.context import Context
from sirat.ui.screen_fit import fit_to_screen, keep_on_screen

#: objectName of a view -> the kind remembered for it
DOCKABLE = {"chartWindow": "chart", "searchWindow": "search", "entityWindow": "entity",
            "reviewWindow": "review", "reportEditor": "editor", "reviewQueue": "queue",
            "auditWindow": "audit", "registerWindow": "register", "timelineWindow": "timeline",
            "mapWindow": "map", "duplicatesWindow": "duplicates"}
TITLES = {"chart": "Link chart", "search": "Search", "entity": "Entity", "review": "Review",
          "editor": "Report", "queue": "To review", "audit": "Audit trail",
          "register": "Register", "timeline": "Timeline", "map": "Map",
          "duplicates": "Duplicates"}
#: Views that need room (a form beside its links, a chart, a report beside its thread): the
#: first of them takes what the list alone leaves, not what list and detail leave.
WIDE = frozenset({"chart", "editor", "review", "queue", "audit", "register", "timeline", "map",
                  "duplicates"})
_AREAS = {a.value for a in (Qt.DockWidgetArea.RightDockWidgetArea,
                            Qt.DockWidgetArea.LeftDockWidgetArea,
                            Qt.DockWidgetArea.BottomDockWidgetArea,
                            Qt.DockWidgetArea.TopDockWidgetArea)}


def _key(context: Context, rest: str) -> str:
    return f"workspace/{int(context.info.user_id)}/{rest}"


def docking_on(context: Context) -> bool:
    """Views dock unless this user chose separate windows."""
    value = context.settings.value(_key(context, "docked"), True)
    return value is True or str(value).lower() == "true"


def set_docking(context: Context, on: bool) -> None:
    context.settings.setValue(_key(context, "docked"), bool(on))


def wants_dock(context: Context, view: QWidget) -> bool:
    return docking_on(context) and view.objectName() in DOCKABLE


def save_layout(main: QMainWindow, context: Context) -> None:
    """Keep the docks' sides, sizes and tab order for this user."""
    context.settings.setValue(_key(context, "layout"), main.saveState())


def restore_layout(main: QMainWindow, context: Context) -> None:
    """Bring back this user's dock layout; docks created later find their place in it."""
    saved = context.settings.value(_key(context, "layout"))
    if isinstance(saved, QByteArray | bytes) and saved:
        main.restoreState(QByteArray(saved))


def focus_inside(view: QWidget) -> None:
    """Give the focus to ``view``'s first field, as a window's activation would: docked,
    its own keys act only while the focus is inside it."""
    target = view.focusWidget()
    if target is None:
        candidate = view.nextInFocusChain()
        while candidate is not None and candidate is not view:
            if view.isAncestorOf(candidate) and candidate.isEnabled() \
                    and candidate.isVisibleTo(view) \
                    and candidate.focusPolicy() & Qt.FocusPolicy.TabFocus:
                target = candidate
                break
            candidate = candidate.nextInFocusChain()
    (target or view).setFocus(Qt.FocusReason.OtherFocusReason)


def bring_forward(view: QWidget) -> None:
    """Raise ``view``: its dock's tab if it is docked, its window otherwise."""
    holder = view.parentWidget()
    while holder is not None and not isinstance(holder, ViewDock):
        holder = holder.parentWidget()
    if holder is not None:
        holder.show()
        holder.raise_()
        if holder.isFloating():
            holder.activateWindow()
        focus_inside(view)
        return
    view.raise_()
    view.activateWindow()


class _CloseWatcher(QObject):
    """Closing the view (Esc, Ctrl+W, the lock) releases its dock -- once the close went
    through: a view may refuse it (the view is then not hidden)."""

    def __init__(self, dock: ViewDock, view: QWidget) -> None:
        super().__init__(dock)
        self._dock, self._view = dock, view
        self._had_focus = False
        view.destroyed.connect(lambda *_: QTimer.singleShot(0, self._release_if_closed))

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            self._had_focus = self._holds_focus()
            QTimer.singleShot(0, self._release_if_closed)
        elif event.type() == QEvent.Type.Hide and self._view.isHidden() \
                and self._holds_focus():
            # Closed with the focus inside: hand it to the next tab now, before Qt gives it
            # to the dock's tab bar -- a key pressed before the release below (a second
            # Ctrl+W typed or sent quickly) then reaches that tab, not the tab bar.
            self._dock.focus_neighbour()
        return False

    def _holds_focus(self) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and (focus is self._view or self._view.isAncestorOf(focus))

    def _release_if_closed(self) -> None:
        if not shiboken6.isValid(self._dock) or self._dock.holds_other_than(self._view):
            return
        # isHidden: closed explicitly (a view in a background tab is not "hidden"); a view
        # that deleted itself on close is gone altogether.
        if not shiboken6.isValid(self._view) or self._view.isHidden():
            self._dock.release(focus_next=self._had_focus)


def _title(kind: str, view: QWidget) -> str:
    """The tab's title: the view's window title without the app's name (a reference at
    most -- window titles never carry names or text from a report)."""
    text = view.windowTitle().removeprefix("SIRAT — ").strip()
    return text[:1].upper() + text[1:] if text and text != "SIRAT" else TITLES[kind]


class ViewDock(QDockWidget):
    """A dock for one view at a time; kept (hidden) when its view closes, for the next."""

    def __init__(self, main: QMainWindow, kind: str, name: str, settings: QSettings,
                 key: str, layout_key: str) -> None:
        super().__init__(TITLES[kind], main)
        self.setObjectName(name)
        self.kind = kind
        self._view: QWidget | None = None
        self._settings, self._key, self._layout_key = settings, key, layout_key
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.topLevelChanged.connect(self._remember)
        self.dockLocationChanged.connect(lambda _area: self._remember())

    @property
    def view(self) -> QWidget | None:
        view = self._view
        return view if view is not None and shiboken6.isValid(view) else None

    def holds_other_than(self, view: QWidget) -> bool:
        return self._view is not None and self._view is not view

    @property
    def empty(self) -> bool:
        view = self.view
        return view is None or view.isHidden()

    def hold(self, view: QWidget) -> None:
        old = self.view
        view.setWindowFlags(Qt.WindowType.Widget)
        self.setWidget(view)
        self._view = view
        if old is not None and old is not view:
            old.deleteLater()  # closed already; its rows and texts go with it
        view.installEventFilter(_CloseWatcher(self, view))
        self.setWindowTitle(_title(self.kind, view))
        view.windowTitleChanged.connect(lambda _title_text: self._follow_title(view))

    def let_go(self) -> QWidget | None:
        """Hand the open view back as a window of its own; the dock hides, kept for its
        kind. None when no view is open here."""
        view = self.view
        if view is None or view.isHidden():
            return None
        for watcher in self.findChildren(_CloseWatcher):
            view.removeEventFilter(watcher)
            watcher.deleteLater()
        self._view = None
        view.setParent(None, Qt.WindowType.Window)
        self.hide()
        return view

    def _follow_title(self, view: QWidget) -> None:
        if self.view is view:
            self.setWindowTitle(_title(self.kind, view))

    def _neighbour(self) -> QWidget | None:
        """The view of the tab beside this one (the last of the open ones), if any."""
        main = self.parentWidget()
        if not isinstance(main, QMainWindow):
            return None
        neighbours = [d for d in main.tabifiedDockWidgets(self)
                      if isinstance(d, ViewDock) and not d.empty and d.isVisible()]
        return neighbours[-1].view if neighbours else None

    def focus_neighbour(self) -> None:
        view = self._neighbour()
        if view is not None:
            bring_forward(view)

    def release(self, *, focus_next: bool = False) -> None:
        """The view closed: keep the layout as it is now, then hide the dock, which keeps
        its place for the next view of its kind."""
        main = self.parentWidget()
        if not isinstance(main, QMainWindow):
            self.hide()
            return
        view = self._neighbour() if focus_next else None
        if not self.isHidden():
            self._settings.setValue(self._layout_key, main.saveState())
        self.hide()
        if view is not None:  # closing a tab from the keyboard hands it to the next tab
            bring_forward(view)

    def _remember(self, *_args: object) -> None:
        main = self.parentWidget()
        self._settings.setValue(f"{self._key}/floating", self.isFloating())
        if isinstance(main, QMainWindow) and not self.isFloating():
            area = main.dockWidgetArea(self).value
            if area in _AREAS:
                self._settings.setValue(f"{self._key}/area", int(area))

    def closeEvent(self, event: QCloseEvent) -> None:
        # The dock's own close button closes the view (which may ask about changes).
        view = self.view
        if view is not None and not view.isHidden() and not view.close():
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


def _share_list_and_detail(splitter: QSplitter) -> None:
    """What the docks left goes 3:2 to the list and the detail pane -- or all to the list
    when the detail would be too narrow to read (a 1280-px screen with an editor docked:
    the editor shows the report anyway; the splitter's handle brings the detail back)."""
    if not shiboken6.isValid(splitter):
        return
    width = splitter.width()
    splitter.setSizes([width, 0] if width < READABLE else [width * 3 // 5, width * 2 // 5])


#: Below this the detail pane beside the list is too narrow to read (~600 px list + ~330).
READABLE = 600 + 330


class _FoldDetail(QObject):
    """While views are docked, a main window made narrower folds the detail pane away
    instead of squeezing it to a column of letters, and a wider one brings it back -- only
    what this rule folded, never a pane the user closed with the handle."""

    def __init__(self, splitter: QSplitter) -> None:
        super().__init__(splitter)
        self._splitter = splitter
        self._folded = False
        splitter.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self._apply)  # after the splitter laid its children out
        return False

    def _apply(self) -> None:
        splitter = self._splitter
        if not shiboken6.isValid(splitter) or splitter.count() < 2:
            return
        docked = any(not d.isFloating() and d.isVisible()
                     for d in splitter.window().findChildren(ViewDock))
        width, sizes = splitter.width(), splitter.sizes()
        if docked and width < READABLE and sizes[1] > 0:
            splitter.setSizes([width, 0])
            self._folded = True
        elif self._folded and width >= READABLE and sizes[1] == 0:
            splitter.setSizes([width * 3 // 5, width * 2 // 5])
            self._folded = False


def _fold_detail_when_narrow(main: QMainWindow) -> None:
    splitter = getattr(main, "splitter", None)
    if isinstance(splitter, QSplitter) and not splitter.property("siratFoldsDetail"):
        splitter.setProperty("siratFoldsDetail", True)
        _FoldDetail(splitter)


def _resize_later(main: QMainWindow, holder: ViewDock, width: int) -> None:
    if shiboken6.isValid(main) and shiboken6.isValid(holder):
        main.resizeDocks([holder], [width], Qt.Orientation.Horizontal)


def _new_dock(main: QMainWindow, context: Context, kind: str, view: QWidget) -> ViewDock:
    """A dock for ``kind`` where this user left one (``restoreDockWidget``), or else on the
    side last used for it, tabbed with the docks there."""
    key = _key(context, kind)
    settings: QSettings = context.settings
    taken = {d.objectName() for d in main.findChildren(ViewDock)}
    name, n = f"dock_{kind}", 2
    while name in taken:  # a second editor beside the first: its own name, its own place
        name, n = f"dock_{kind}_{n}", n + 1
    holder = ViewDock(main, kind, name, settings, key, _key(context, "layout"))
    holder.hold(view)  # before it is placed: the view's size decides the dock's
    _fold_detail_when_narrow(main)
    if main.restoreDockWidget(holder):
        return holder  # side, size, tab order and detached state as this user left them
    area = Qt.DockWidgetArea.RightDockWidgetArea
    stored = str(settings.value(f"{key}/area", ""))
    if stored.isdigit() and int(stored) in _AREAS:  # anything else in the file: the default
        area = Qt.DockWidgetArea(int(stored))
    floating = settings.value(f"{key}/floating", False)  # read before adding rewrites it
    docks = [d for d in main.findChildren(ViewDock) if d is not holder and not d.empty
             and not d.isFloating() and main.dockWidgetArea(d) == area]
    siblings = [d for d in docks if d.kind == kind] or docks
    main.addDockWidget(area, holder)
    if siblings:
        main.tabifyDockWidget(siblings[-1], holder)
    if area in (Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.LeftDockWidgetArea) \
            and (not siblings or kind in WIDE):  # a wide view widens the tabs it joins
        # The first view takes what the list (its filters need ~600 px) and a readable
        # detail pane (~330 px) leave -- a view that needs room (an editor's form beside its
        # links, a chart) what the list alone leaves; at least 400 px.
        keep = 600 if kind in WIDE else 950
        width = max(400, main.width() - keep, *(d.width() for d in siblings[-1:]))
        main.resizeDocks([holder], [width], Qt.Orientation.Horizontal)
        # Once more after the tabs are laid out (a tab joining others takes their size).
        QTimer.singleShot(0, lambda: _resize_later(main, holder, width))
        splitter = getattr(main, "splitter", None)
        if splitter is not None:  # after the docks took their room (Qt defers it)
            QTimer.singleShot(0, lambda: _share_list_and_detail(splitter))
    holder.setFloating(floating is True or str(floating).lower() == "true")
    return holder


def _whole_tab_titles(main: QMainWindow) -> None:
    """Many views tabbed in a narrow dock area: whole titles and scroll arrows, not "E..."
    and "L..." that tell the tabs apart by nothing."""
    if not shiboken6.isValid(main):
        return
    for bar in main.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
        bar.setElideMode(Qt.TextElideMode.ElideNone)
        bar.setUsesScrollButtons(True)


def dock(main: QMainWindow, context: Context, view: QWidget) -> ViewDock:
    """Put ``view`` in a dock of ``main``: the dock its kind's last view left, or a new one."""
    kind = DOCKABLE[view.objectName()]
    current = view.parentWidget()
    if isinstance(current, ViewDock) and current.view is view and not view.isHidden():
        bring_forward(view)  # open already, perhaps in a background tab
        return current
    holder = next((d for d in main.findChildren(ViewDock)
                   if d.kind == kind and d.empty and d.isHidden()), None)
    if holder is None:
        holder = _new_dock(main, context, kind, view)
    else:
        holder.hold(view)
    _keep_keys_inside(view)
    _main_steps_aside(main, view)
    holder.show()
    QTimer.singleShot(0, lambda: _whole_tab_titles(main))  # once Qt made the tab bar
    view.show()
    holder.raise_()
    focus_inside(view)  # as a window of its own would have it on opening
    if holder.isFloating():  # detached on a larger monitor: brought back onto this one
        keep_on_screen(holder)
    return holder


def undock(holder: ViewDock) -> QWidget | None:
    """Take ``holder``'s open view out into a window of its own (the user chose separate
    windows); the dock is hidden and kept for its kind, as when its view closes."""
    view = holder.let_go()
    if view is None:
        return None
    fit_to_screen(view, 1200, 800)
    view.show()
    keep_on_screen(view)  # again, now that the frame around it is known
    return view


def apply_docking(main: QMainWindow, context: Context, views: list[QWidget]) -> None:
    """The user switched the setting: the views open now follow it at once -- docked ones
    become windows of their own, or windows of their own become tabs -- rather than only
    the next views opened."""
    if docking_on(context):
        for view in views:
            if shiboken6.isValid(view) and view.isWindow() and view.isVisible() \
                    and view.objectName() in DOCKABLE:
                dock(main, context, view)
        return
    save_layout(main, context)
    for holder in main.findChildren(ViewDock):
        undock(holder)
