"""File ▸ Import an interchange file… (Ctrl+Alt+O): reports and their attachments from a
``sirat report export`` file and folder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sirat.ui.actions import FILE, ActionRegistry, ActionSpec

if TYPE_CHECKING:
    from sirat.ui.host import HostWindow


def open_import(host: HostWindow) -> None:
    from sirat.ui.interchange.dialog import InterchangeImportDialog

    InterchangeImportDialog.open_for(host)


def register(registry: ActionRegistry) -> None:
    registry.add(ActionSpec("file.import_interchange", "Import an &interchange file…", FILE,
                            open_import, "Ctrl+Alt+O",
                            tip="Reports, entities and their attachments written by `sirat "
                            "report export` (another SIRAT), all or nothing",
                            roles=("analyst", "supervisor"), order=65))
