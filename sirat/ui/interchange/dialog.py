"""The app's interchange import: a file written by ``sirat report export`` and, when it
lists attachments, the folder of files written beside it (``--attachments DIR``).

Everything is decided by ``services.interchange.files.import_with_files`` -- the same call as
``sirat report import FILE --attachments DIR``: reports, entities and files in one
transaction, all or nothing. The dialog only chooses the paths (through
:meth:`InterchangeImportDialog.choose_file` / :meth:`choose_folder`, which tests replace)
and shows the outcome in its banner.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sirat.errors import SiratError
from sirat.ui.banner import Banner
from sirat.ui.closing import close_keys
from sirat.ui.context import Context
from sirat.ui.forms import named, plain_label
from sirat.vault import Vault

if TYPE_CHECKING:
    from sirat.services.interchange.document import ImportResult
    from sirat.services.interchange.files import FilesResult
    from sirat.ui.host import HostWindow

#: The largest interchange file read (as the command line's ``report import``).
MAX_FILE = 1024 ** 3


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_FILE:
            raise SiratError("The file is larger than 1 GB; nothing was imported.",
                             "Split the export into several files.")
        return path.read_bytes()
    except OSError as exc:
        raise SiratError(f"The file cannot be read ({exc.strerror}).",
                         "Check the path and the permissions.") from None


class InterchangeImportDialog(QDialog):
    def __init__(self, context: Context, parent: QWidget | None = None,
                 on_done: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SIRAT — import an interchange file")
        self.setObjectName("interchangeImportDialog")
        self._context = context
        self._on_done = on_done
        self.banner = Banner(self)
        self.file = named(QLineEdit(self), "interchangeFile")
        self.file.setPlaceholderText("the .json file written by `sirat report export`")
        self.folder = named(QLineEdit(self), "attachmentsFolder")
        self.folder.setPlaceholderText("only if the file lists attachments")
        self.file_button = named(QPushButton("&Choose…", self), "chooseInterchangeFile")
        self.file_button.clicked.connect(self._choose_file)
        self.folder_button = named(QPushButton("C&hoose…", self), "chooseAttachmentsFolder")
        self.folder_button.clicked.connect(self._choose_folder)
        self.import_button = named(QPushButton("&Import", self), "importInterchange")
        self.import_button.clicked.connect(self.import_)
        note = plain_label(
            "Reports arrive as your received drafts (with their provenance), entities are "
            "matched by their ids, and each attachment is checked (size, type, digest) and "
            "stored encrypted. All of it, or nothing.", self)
        note.setWordWrap(True)
        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(self.file_button)
        form.addRow(self._buddy("&File:", self.file), row)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.folder_button)
        form.addRow(self._buddy("&Attachments folder:", self.folder), row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        close_keys(self)
        self.resize(640, 260)

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(widget)  # Alt+letter goes to the field (and the & is not shown)
        return label

    @classmethod
    def open_for(cls, host: HostWindow) -> InterchangeImportDialog:
        dialog = cls(host.context, host, on_done=host.refresh)
        host.open_window(dialog)
        return dialog

    @staticmethod
    def choose_file(parent: QWidget) -> Path | None:
        """The interchange file (tests replace this)."""
        name, _ = QFileDialog.getOpenFileName(parent, "Interchange file", "",
                                              "Interchange files (*.json);;All files (*)")
        return Path(name) if name else None

    @staticmethod
    def choose_folder(parent: QWidget) -> Path | None:
        """The folder of attachment files (tests replace this)."""
        name = QFileDialog.getExistingDirectory(parent, "Attachments folder")
        return Path(name) if name else None

    def _choose_file(self) -> None:
        path = self.choose_file(self)
        if path is not None:
            self.file.setText(str(path))

    def _choose_folder(self) -> None:
        path = self.choose_folder(self)
        if path is not None:
            self.folder.setText(str(path))

    def import_(self) -> None:
        from sirat.services.interchange import files

        if not self.file.text().strip():
            self.banner.show_message("Choose the interchange file first.", "", "error")
            return
        path = Path(self.file.text().strip())
        folder = Path(self.folder.text().strip()) if self.folder.text().strip() else None
        if folder is not None and not folder.is_dir():
            self.banner.show_message(f"The attachments folder {folder} does not exist.",
                                     "Choose the folder written with the file.", "error")
            return

        def work(vault: Vault) -> tuple[ImportResult, FilesResult]:
            return files.import_with_files(vault, _read(path), folder)

        self.import_button.setEnabled(False)
        # The host's refresh (on_done) reloads the list: the new report ids are not known
        # here, and a refresh is what an import of many reports needs anyway.
        self._context.run(work, on_success=self._imported, on_failure=self._failed,
                          owner=self, name="import_interchange")

    def _failed(self, error: SiratError) -> None:
        self.import_button.setEnabled(True)
        self.banner.show_error(error)

    def _imported(self, done: tuple[ImportResult, FilesResult]) -> None:
        result, attached = done
        self.import_button.setEnabled(True)
        self.banner.show_message(
            f"Imported {result.reports_added} report(s), {result.entities_added} "
            f"entity(ies), {attached.attached} attachment(s); {result.reports_unchanged} "
            f"report(s) and {attached.already} attachment(s) were already here.",
            "The reports are your received drafts; recorded in the audit log.", "success")
        if self._on_done is not None:
            self._on_done()

    def clear_for_lock(self) -> None:
        self.file.clear()
        self.folder.clear()
