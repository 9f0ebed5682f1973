"""Screenshots of every window, offscreen, with Cyrillic and Greek data, for a person to look at.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.shots /tmp/shots

Writes ``<window>_<width>.png`` at 1280x800 and 1920x1080 into the folder given. Views
open docked in the main window (the default), so a docked view is shot as the main window
holding it (``<view>_docked_<width>.png``); dialogs are shot on their own.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

SIZES = ((1280, 800), (1920, 1080))


def pump(app: QApplication, until: Callable[[], bool] = lambda: False,
         seconds: float = 5.0) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        if until():
            return
        time.sleep(0.01)


def main(out: Path) -> None:
    os.environ["SIRAT_HOME"] = tempfile.mkdtemp(prefix="sirat-shots-")
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    from sirat.services.access import users
    from sirat.services.access.session import create_vault
    from sirat.services.access.session import sign_in as sign_in_vault
    from sirat.services.dissemination import certificates
    from sirat.services.reports.reference import reference_data
    from sirat.services.workflow import review as workflow
    from sirat.ui.chart.window import ChartWindow
    from sirat.ui.controller import AppController
    from sirat.ui.crash_dialog import CrashDialog
    from sirat.ui.dissemination.certificates_dialog import CertificatesDialog
    from sirat.ui.dissemination.export_dialog import ExportDialog
    from sirat.ui.dissemination.register_window import RegisterWindow
    from sirat.ui.dissemination.verify_dialog import VerifyDialog
    from sirat.ui.editor.panel import RelateDialog
    from sirat.ui.editor.window import ReportEditor
    from sirat.ui.entities.view import EntityWindow
    from sirat.ui.handover_dialog import HandoverDialog
    from sirat.ui.help_dialogs import ShortcutsDialog
    from sirat.ui.reference_dialog import CrimeAreasDialog
    from sirat.ui.reference_tables import (
        HandlingCodesDialog,
        RecipientsDialog,
        RelationTypesDialog,
    )
    from sirat.ui.review.approve_dialog import ApproveDialog
    from sirat.ui.review.audit_window import AuditWindow
    from sirat.ui.review.queue import QueueWindow
    from sirat.ui.review.report_window import ReviewWindow
    from sirat.ui.search.duplicates import DuplicatesWindow
    from sirat.ui.search.window import SearchWindow
    from sirat.ui.settings import open_settings
    from sirat.ui.style import apply_style
    from sirat.ui.users_dialog import UsersDialog
    from sirat.vault.crypto import KDF_FLOOR
    from tests.ui.sample_data import bulk_reports, fill, legacy_admin_draft

    def reference_data_of(window: Any) -> Any:
        return reference_data(window.context.vault)

    apply_style(app)
    out.mkdir(parents=True, exist_ok=True)

    def shoot(widget: QWidget, name: str) -> None:
        target = widget.window()  # a docked view: the main window that holds it
        if target is not widget:
            name = f"{name}_docked"
        for width, height in SIZES:
            target.resize(width, height)
            pump(app, seconds=0.3)
            target.grab().save(str(out / f"{name}_{width}.png"))

    home = Path(os.environ["SIRAT_HOME"])
    controller = AppController(open_settings(), kdf=KDF_FLOOR, throttle=False)
    controller.start(None)  # first run: no vault yet
    assert controller.signin is not None
    page = controller.signin.create_page
    page.user.setText("m.novak")
    page.display.setText("Марија Новак")
    page.passphrase.setText("λύκος и мачка")
    page.repeat.setText("λύκος и мачка!")
    page.create_button.click()
    shoot(controller.signin, "first_run")
    controller.signin.close()

    admin = create_vault(home / "demo", "admin", "admin passphrase",
                         display_name="Αδμιν Διαχειριστής", kdf=KDF_FLOOR)
    users.add_user(admin, "ana", "analyst passphrase", "analyst", "Ана Аналитичар",
                   kdf=KDF_FLOOR)
    users.add_user(admin, "sup", "supervisor passphrase", "supervisor", "Σάββας Επόπτης",
                   kdf=KDF_FLOOR)
    certificates.create_test_certificate(admin, "certificate passphrase", owner="ana")
    admin_id = int(admin.info.user_id)
    admin.lock()
    vault = sign_in_vault(home / "demo", "ana", "analyst passphrase", throttle=False)
    legacy_admin_draft(vault, admin_id, 900)  # written before the service refused it
    ids = fill(vault, 40)
    bulk_reports(vault, 2_000)
    workflow.submit(vault, ids[1])
    workflow.submit(vault, ids[2])
    vault.lock()
    sup_vault = sign_in_vault(home / "demo", "sup", "supervisor passphrase", throttle=False)
    workflow.approve(sup_vault, ids[2])  # something to export
    sup_vault.lock()
    controller.start(home / "demo")
    signin = controller.signin
    assert signin is not None
    signin.unlock_page.user.setText("ana")
    signin.unlock_page.passphrase.setText("not it")
    signin.unlock_page.sign_in.click()
    pump(app, lambda: bool(signin.banner.message), 10)
    shoot(signin, "signin_wrong")
    signin.unlock_page.passphrase.setText("analyst passphrase")
    signin.unlock_page.sign_in.click()
    pump(app, lambda: controller.main is not None and controller.main.model.total is not None,
         20)
    main_window = controller.main
    assert main_window is not None
    row = main_window.model.row_of(ids[0])
    main_window.table.selectRow(row if row is not None else 0)
    pump(app, lambda: main_window.detail.view is not None, 5)
    shoot(main_window, "main")
    shoot_timeline_and_map(app, main_window, out)

    editor = main_window.open_editor(ids[0])
    assert isinstance(editor, ReportEditor)
    pump(app, lambda: editor.links.model.rowCount() == 3 and editor.form.crime_area.count() > 1)
    shoot(editor, "editor")
    new = main_window.open_editor(None)
    assert isinstance(new, ReportEditor)
    pump(app, lambda: new.form.crime_area.count() > 1)
    new.form.information_date.setText("someday")
    new.save()
    pump(app, lambda: bool(new.form.problems.shown()), 5)
    shoot(new, "editor_problems")
    new.links.add_entity()
    dialog = new.links.dialog
    assert dialog is not None
    pump(app, lambda: dialog.role.count() > 0)
    name = dialog.form.name
    assert name is not None
    name.setText("Петро")
    dialog.finder.typed("Петро")
    pump(app, lambda: dialog.finder.model.rowCount() > 0, 5)
    shoot(dialog, "entity_dialog")
    dialog.kind.setCurrentIndex(dialog.kind.findData("vessel"))
    imo = dialog.form.identifiers["imo"]
    imo.value.setText("IMO 9074728")
    dialog.form.check_identifiers()
    shoot(dialog, "entity_dialog_warning")
    dialog.reject()
    new.dirty = False
    new.close()

    person = next(link for link in editor.links.model.rows() if link.kind == "person")
    main_window.open_entity(person.entity_id)
    view = next(w for w in main_window.windows.windows() if isinstance(w, EntityWindow))
    pump(app, lambda: view.view is not None)
    shoot(view, "entity_view")
    main_window.open_report_chart(ids[0])
    pump(app, lambda: any(isinstance(w, ChartWindow) for w in main_window.windows.windows()),
         10)
    chart = next(w for w in main_window.windows.windows() if isinstance(w, ChartWindow))
    pump(app, lambda: bool(chart.view.chart_scene.node_items), 10)
    shoot(chart, "chart")
    main_window.actions_by_id["search.global"].trigger()
    search = next(w for w in main_window.windows.windows() if isinstance(w, SearchWindow))
    search.box.setText("Петровић")
    search.box.returnPressed.emit()
    pump(app, lambda: search.reports.rowCount() > 0, 10)
    shoot(search, "search")
    duplicates = DuplicatesWindow(main_window.context)
    main_window.open_window(duplicates)
    pump(app, seconds=2)
    shoot(duplicates, "duplicates")
    register = RegisterWindow(main_window.context)
    main_window.open_window(register)
    pump(app, seconds=1)
    shoot(register, "register")
    for view in (chart, search, duplicates, register, editor):
        view.close()
    pump(app, seconds=0.5)
    shoot(main_window, "main_after_views")  # the docks gone, the list and detail back
    export = ExportDialog(main_window.context, ids[2], main_window)
    main_window.open_window(export)
    pump(app, seconds=3)
    shoot(export, "export_dialog")
    export.close()
    shoot(VerifyDialog(main_window.context, main_window), "verify_dialog")
    certs = CertificatesDialog(main_window.context, main_window)
    pump(app, seconds=1)
    shoot(certs, "certificates_dialog")
    certs.close()
    shoot(CrashDialog(home / "crash" / "crash-0123456789ab.json"), "crash_dialog")
    ShortcutsDialog.show_for(main_window)
    shortcuts = next(w for w in main_window.windows.windows() if isinstance(w, ShortcutsDialog))
    shoot(shortcuts, "shortcuts")
    relate = RelateDialog(editor.links.model.rows(), reference_data_of(main_window))
    shoot(relate, "relate_dialog")
    relate.close()
    controller.lock()
    pump(app, lambda: controller.signin is not None, 5)
    assert controller.signin is not None
    shoot(controller.signin, "locked")
    caps = controller.signin.unlock_page
    caps.passphrase.setFocus()
    caps.caps.show()
    shoot(controller.signin, "locked_caps")

    def enter(user: str, passphrase: str) -> Any:
        controller.lock()
        pump(app, lambda: controller.signin is not None, 5)
        page = controller.signin.unlock_page  # type: ignore[union-attr]
        page.user.setText(user)
        page.passphrase.setText(passphrase)
        page.sign_in.click()
        pump(app, lambda: controller.main is not None and controller.main.model.total
             is not None, 20)
        return controller.main

    sup_main = enter("sup", "supervisor passphrase")
    queue = QueueWindow(sup_main.context)
    sup_main.open_window(queue)
    pump(app, lambda: queue.model.rowCount() > 0, 10)
    shoot(queue, "queue")
    review = ReviewWindow(sup_main.context, ids[1])
    sup_main.open_window(review)
    pump(app, lambda: review.loaded is not None, 10)
    shoot(review, "review")
    assert review.loaded is not None
    approve = ApproveDialog(review.loaded.view, review.loaded.ref)
    shoot(approve, "approve_dialog")
    approve.close()
    admin_main = enter("admin", "admin passphrase")
    shoot(admin_main, "main_admin")
    audit = AuditWindow(admin_main.context)
    admin_main.open_window(audit)
    pump(app, lambda: audit.model.rowCount() > 0, 10)
    shoot(audit, "audit")
    handover = HandoverDialog.open_for(admin_main)
    pump(app, lambda: handover.table.rowCount() > 0, 10)
    shoot(handover, "handover")
    users_view = UsersDialog(admin_main.context, admin_main)
    admin_main.open_window(users_view)
    pump(app, seconds=1)
    shoot(users_view, "users")
    for kind, name in ((CrimeAreasDialog, "crime_areas"), (HandlingCodesDialog, "handling_codes"),
                       (RelationTypesDialog, "relation_types"), (RecipientsDialog, "recipients")):
        dialog = kind.open_for(admin_main)
        pump(app, lambda d=dialog: d.table.rowCount() > 0, 10)
        shoot(dialog, name)
        dialog.close()
    controller.shutdown()


def shoot_timeline_and_map(app: QApplication, main_window: Any, out: Path) -> None:
    """The timeline (lanes by entity: names in Cyrillic and Greek) and the map, fitted at each
    size: docked in the main window (``<view>_docked_<width>``, the default) and as windows
    of their own (``<view>_<width>``)."""
    from sirat.ui import workspace_docks

    docked = workspace_docks.docking_on(main_window.context)
    for dock in (True, False):
        workspace_docks.set_docking(main_window.context, dock)
        _shoot_views(app, main_window, out)
    workspace_docks.set_docking(main_window.context, docked)


def _shoot_views(app: QApplication, main_window: Any, out: Path) -> None:
    from sirat.ui.map.window import MapWindow
    from sirat.ui.timeline.window import TimelineWindow

    for width, height in SIZES:
        main_window.resize(width, height)  # first: a dock takes its room from the window
        pump(app, seconds=0.3)
        timeline = TimelineWindow(main_window)
        main_window.open_window(timeline)
        pump(app, lambda t=timeline: bool(t.canvas.data.items), 20)
        timeline.lanes.setCurrentIndex(timeline.lanes.findData("entity"))
        geo = MapWindow(main_window)
        main_window.open_window(geo)
        pump(app, lambda g=geo: bool(g.scene.data.points), 20)
        for window, view in ((timeline, "timeline"), (geo, "map")):
            target = window.window()  # docked: the main window that holds it
            name = view
            if target is not window:
                name = f"{view}_docked"
                dock = window.parentWidget()  # raised in its dock area, as a user picks its tab
                if dock is not None:
                    dock.raise_()
            target.resize(width, height)
            pump(app, seconds=0.3)
            if window is geo:
                geo.view.fit()
            else:
                timeline.canvas.fit()
            pump(app, seconds=0.2)
            target.grab().save(str(out / f"{name}_{width}.png"))
        timeline.close()
        geo.close()
        pump(app, seconds=0.2)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/sirat-shots"))
