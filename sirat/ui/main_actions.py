"""The built-in commands of the main window (every one with a menu entry and a shortcut)."""

from __future__ import annotations

from collections.abc import Callable

from sirat.domain.vocab import EntityId, ReportId
from sirat.ui.actions import (
    ENTITY,
    FILE,
    HELP,
    REPORT,
    TOOLS,
    VIEW,
    ActionRegistry,
    ActionSpec,
)
from sirat.ui.host import HostWindow
from sirat.ui.signals import emit


def _has_report(host: HostWindow) -> bool:
    return host.current_report_id() is not None


WRITERS = ("analyst", "supervisor")
NO_REPORTS_FOR_ADMINS = ("Administrators manage users, keys and certificates and cannot "
                         "write reports: sign in as an analyst to write one.")


NO_SHEETS_FOR_ADMINS = ("Administrators cannot import entities into reports: sign in as an "
                        "analyst to import a spreadsheet.")


def _may_write(host: HostWindow) -> bool:
    return bool(host.context.info.role in WRITERS)


def _new_report(host: HostWindow) -> None:
    if _may_write(host):
        host.open_editor(None)


def _edit_report(host: HostWindow) -> None:
    report_id = host.current_report_id()
    if report_id is not None:
        host.open_editor(ReportId(report_id))


def _handover(host: HostWindow) -> None:
    from sirat.ui.handover_dialog import HandoverDialog

    HandoverDialog.open_for(host)


def _exchange(host: HostWindow) -> None:
    from sirat.ui.exchange_dialog import ExchangeDialog

    ExchangeDialog.open_for(host)


def _import_sheet(host: HostWindow) -> None:
    from sirat.ui.sheet_dialog import SheetImportDialog

    SheetImportDialog.open_for(host)


def _find(host: HostWindow) -> None:
    host.filters.focus_text()


def _clear_filters(host: HostWindow) -> None:
    host.filters.reset()


def _copy_reference(host: HostWindow) -> None:
    reference = host.model.reference_of(host.current_report_id())
    if reference:
        host.context.clipboard.copy(reference)
        host.banner.show_info("Reference copied; the clipboard is cleared in 30 seconds.")


def _new_entity(host: HostWindow) -> None:
    from sirat.ui.entities.dialog import EntityDialog

    entity_id = EntityDialog.ask(host.context, host)
    if entity_id is not None:
        host.open_entity(EntityId(entity_id))


def _focus_list(host: HostWindow) -> None:
    host.table.setFocus()


def _focus_detail(host: HostWindow) -> None:
    host.detail.setFocus()


def _idle_settings(host: HostWindow) -> None:
    from sirat.ui.settings_dialog import IdleLockDialog

    IdleLockDialog.edit(host.context, host)


def _date_format(host: HostWindow) -> None:
    from sirat.ui.date_format_dialog import DateFormatDialog

    DateFormatDialog.edit(host)


def _toggle_docking(host: HostWindow) -> None:
    from sirat.ui import workspace_docks

    on = not workspace_docks.docking_on(host.context)
    workspace_docks.set_docking(host.context, on)
    workspace_docks.apply_docking(host, host.context, host.windows.windows())
    host.banner.show_info(
        "Views now open inside this window, and the open ones moved in (detach one with its "
        "float button)." if on else
        "Views now open as separate windows, and the open ones moved out.")


def _reference_table(name: str) -> Callable[[HostWindow], None]:
    def open_it(host: HostWindow) -> None:
        from sirat.ui import reference_tables

        getattr(reference_tables, name).open_for(host)
    return open_it


def _crime_areas(host: HostWindow) -> None:
    from sirat.ui.reference_dialog import CrimeAreasDialog

    CrimeAreasDialog.open_for(host)


def _users(host: HostWindow) -> None:
    from sirat.ui.users_dialog import UsersDialog

    UsersDialog.open_for(host)


def _shortcuts(host: HostWindow) -> None:
    from sirat.ui.help_dialogs import ShortcutsDialog

    ShortcutsDialog.show_for(host)


def _about(host: HostWindow) -> None:
    from sirat.ui.help_dialogs import show_about

    show_about(host)


def register(registry: ActionRegistry) -> None:
    add = registry.add
    add(ActionSpec("report.new", "&New report", REPORT, _new_report, "Ctrl+N",
                   tip="Write a new report", toolbar=True, order=10, enabled=_may_write,
                   disabled_reason=lambda _host: NO_REPORTS_FOR_ADMINS))
    add(ActionSpec("report.handover", "&Hand over drafts…", REPORT, _handover,
                   "Ctrl+Alt+H", tip="Give drafts nobody can submit to an analyst",
                   order=60, separator_before=True, roles=("administrator",)))
    add(ActionSpec("report.edit", "&Open / edit report", REPORT, _edit_report, "Ctrl+E",
                   tip="Open the selected report in the editor (also Enter)", toolbar=True,
                   order=20, enabled=_has_report))
    add(ActionSpec("report.copy_reference", "&Copy reference", REPORT, _copy_reference,
                   "Ctrl+Shift+C", order=30, enabled=_has_report))
    add(ActionSpec("report.find", "&Find in the list", REPORT, _find, "Ctrl+F",
                   tip="Filter the list by words", toolbar=True, order=40,
                   separator_before=True))
    add(ActionSpec("report.clear_filters", "C&lear filters", REPORT, _clear_filters,
                   "Ctrl+Shift+L", order=50))
    add(ActionSpec("entity.new", "New &entity…", ENTITY, _new_entity, "Ctrl+Shift+N",
                   tip="Add a person, vehicle, vessel or other entity", order=10))
    add(ActionSpec("entity.import_sheet", "&Import from spreadsheet…", ENTITY, _import_sheet,
                   "Ctrl+Alt+I", tip="Persons, vehicles, vessels, organisations, phones or "
                   "accounts from CSV or XLSX into one of your drafts", order=15,
                   enabled=_may_write, disabled_reason=lambda _host: NO_SHEETS_FOR_ADMINS))
    add(ActionSpec("view.refresh", "&Refresh", VIEW, lambda h: h.refresh(), "F5",
                   toolbar=True, order=10, separator_before=True))
    add(ActionSpec("view.focus_list", "Go to the &list", VIEW, _focus_list, "Ctrl+1",
                   order=20))
    add(ActionSpec("view.focus_detail", "Go to the &detail", VIEW, _focus_detail, "Ctrl+2",
                   order=30))
    add(ActionSpec("view.docking", "&Views inside the main window (on / off)", VIEW,
                   _toggle_docking, "Ctrl+Alt+W",
                   tip="Open reports, charts, searches and the other views as tabs of this "
                   "window (detachable), or as separate windows", order=35))
    add(ActionSpec("file.exchange", "E&xchange packages…", FILE, _exchange, "Ctrl+Alt+X",
                   tip="Send reports to pinned partner workstations; inspect and import "
                   "packages", order=70, separator_before=True))
    add(ActionSpec("file.lock", "&Lock", FILE, lambda h: emit(h.lock_requested), "Ctrl+L",
                   tip="Lock SIRAT now (drafts are saved)", toolbar=True, order=80,
                   separator_before=True))
    add(ActionSpec("file.quit", "&Quit", FILE, lambda h: h.close(), "Ctrl+Q", order=90,
                   separator_before=True))
    add(ActionSpec("tools.idle_lock", "&Idle lock…", TOOLS, _idle_settings, "Ctrl+Alt+L",
                   tip="After how many idle minutes SIRAT locks itself",
                   roles=("administrator",), order=10))
    add(ActionSpec("tools.date_format", "&Date format…", TOOLS, _date_format, "Ctrl+Alt+Y",
                   tip="Show dates as ISO 8601 (2026-03-14) or day first (14.03.2026)",
                   order=20))
    add(ActionSpec("tools.users", "&Users…", TOOLS, _users, "Ctrl+Alt+U",
                   tip="Add and remove users, change a role; rotate the vault key after a "
                   "removal", roles=("administrator",), order=5))
    add(ActionSpec("tools.crime_areas", "&Crime areas…", TOOLS, _crime_areas, "Ctrl+Alt+R",
                   tip="Add, rename or retire crime areas", roles=("administrator",),
                   order=6))
    add(ActionSpec("tools.handling_codes", "&Handling codes…", TOOLS,
                   _reference_table("HandlingCodesDialog"), "Ctrl+Alt+K",
                   tip="Reword the handling codes H0-H3", roles=("administrator",), order=7))
    add(ActionSpec("tools.relation_types", "Relation &types…", TOOLS,
                   _reference_table("RelationTypesDialog"), "Ctrl+Alt+J",
                   tip="Add or rename relation types", roles=("administrator",), order=8))
    add(ActionSpec("tools.recipients", "Reci&pients…", TOOLS,
                   _reference_table("RecipientsDialog"), "Ctrl+Alt+E",
                   tip="Add, change or retire the recipients of disseminated reports",
                   roles=("administrator",), order=9))
    add(ActionSpec("help.shortcuts", "&Keyboard shortcuts", HELP, _shortcuts, "F1", order=10))
    add(ActionSpec("help.about", "&About SIRAT", HELP, _about, "Ctrl+F1", order=20))
