"""The attachments panel of a report (editor) or an entity (entity window).

Thumbnails come from the database (made by the child process when the file was attached);
files arrive through "Attach files…" or by dropping them on the panel; an image opens in the
viewer (a copy re-encoded by the child); anything else leaves the vault only through "Export
a decrypted copy…", which the service records in the audit log. Every vault access runs on
the vault worker; nothing here writes a file except the export the user asked for.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QImage,
    QPixmap,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListView,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from sirat.domain.vocab import AttachmentId, EntityId, ReportId
from sirat.errors import SiratError
from sirat.files import atomic_write_bytes
from sirat.services.attachments import store as attachments
from sirat.services.attachments.store import AttachmentView
from sirat.ui.attachments.viewer import ImageViewer
from sirat.ui.banner import Banner
from sirat.ui.context import Context
from sirat.ui.forms import named, plain_label, tooltip
from sirat.ui.roles import IdRole
from sirat.ui.signals import emit
from sirat.vault import Vault

IsImageRole = IdRole + 40


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MiB" if n >= 1048576 else f"{max(1, n // 1024)} KiB"


class AttachFiles:
    """Which files to attach (a dialog; tests replace :meth:`ask`)."""

    @classmethod
    def ask(cls, parent: QWidget) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(parent, "Attach files")
        return [Path(n) for n in names]


class ExportTarget:
    """Where a decrypted copy goes (a dialog; tests replace :meth:`ask`)."""

    @classmethod
    def ask(cls, parent: QWidget, name: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(
            parent, "Export a decrypted copy (recorded in the audit log)", name)
        return Path(path) if path else None


class ConfirmDelete:
    @classmethod
    def ask(cls, parent: QWidget) -> bool:
        answer = QMessageBox.question(
            parent, "Delete attachment",
            "Delete this attachment and its encrypted file? This is recorded in the audit log.")
        return answer == QMessageBox.StandardButton.Yes


class AttachmentsPanel(QWidget):
    """Thumbnails and actions for one owner; ``set_owner`` loads, ``clear_all`` forgets."""

    changed = Signal()

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentsPanel")
        self.context = context
        self.report_id: ReportId | None = None
        self.entity_id: EntityId | None = None
        self.editable = False
        self.views: dict[int, AttachmentView] = {}
        self.viewer: ImageViewer | None = None
        self.banner = Banner(self)
        self.model = QStandardItemModel(self)
        self.list = named(QListView(self), "attachmentList")
        self.list.setModel(self.model)
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(96, 96))
        self.list.setGridSize(QSize(132, 140))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(True)
        self.list.activated.connect(lambda _i: self.open_selected())
        self.list.setAcceptDrops(False)  # the panel takes the drop
        self.setAcceptDrops(True)
        self.hint = named(plain_label("", self), "attachmentsHint")
        self.attach_button = named(QPushButton("Attach files…", self), "attachFiles")
        self.attach_button.setToolTip("Attach files (Ctrl+Shift+I), or drop them here")
        self.attach_button.setShortcut("Ctrl+Shift+I")
        self.attach_button.clicked.connect(self.attach_dialog)
        self.view_button = named(QPushButton("View", self), "viewAttachment")
        self.view_button.clicked.connect(self.open_selected)
        self.export_button = named(QPushButton("Export a decrypted copy…", self),
                                   "exportAttachment")
        self.export_button.setToolTip("Writes the file UNENCRYPTED where you choose; "
                                      "recorded in the audit log")
        self.export_button.clicked.connect(self.export_selected)
        self.delete_button = named(QPushButton("Delete", self), "deleteAttachment")
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        for b in (self.attach_button, self.view_button, self.export_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(plain_label("Evidence files (kept encrypted in the vault):", self))
        layout.addWidget(self.banner)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        self.list.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self._update()

    # ---- owner and loading ------------------------------------------------------------------
    def set_owner(self, *, report_id: ReportId | None = None,
                  entity_id: EntityId | None = None, editable: bool = False) -> None:
        self.report_id, self.entity_id, self.editable = report_id, entity_id, editable
        self._update()
        self.reload()

    def reload(self) -> None:
        rid, eid = self.report_id, self.entity_id
        if rid is None and eid is None:
            self._fill([])
            return

        def work(v: Vault) -> list[tuple[AttachmentView, bytes | None]]:
            found = attachments.list_attachments(v, report_id=rid, entity_id=eid)
            return [(a, attachments.thumbnail(v, a.id) if a.has_thumbnail else None)
                    for a in found]

        self.context.run(work, on_success=self._fill, on_failure=self.banner.show_error,
                         owner=self, name="list_attachments")

    def _fill(self, rows: list[tuple[AttachmentView, bytes | None]]) -> None:
        self.model.clear()
        self.views = {}
        file_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        for view, thumb in rows:
            icon = file_icon
            if thumb:
                image = QImage()
                if image.loadFromData(thumb, "JPEG"):
                    icon = QIcon(QPixmap.fromImage(image))
            item = QStandardItem(icon, f"{view.name}\n{view.type_label}, {_size(view.size)}")
            item.setEditable(False)
            item.setData(view.id, IdRole)
            item.setData(view.is_image, IsImageRole)
            item.setToolTip(tooltip(f"{view.name} — {view.type_label}, {_size(view.size)}"
                                    + (f", {view.width}×{view.height} px" if view.width else "")
                                    + f"; SHA-256 {view.sha256[:16]}…"))
            self.model.appendRow(item)
            self.views[view.id] = view
        self._update()

    def _update(self) -> None:
        owner = self.report_id is not None or self.entity_id is not None
        selected = self.selected()
        view = self.views.get(selected) if selected is not None else None
        self.attach_button.setEnabled(owner and self.editable)
        self.view_button.setEnabled(view is not None and view.is_image)
        self.export_button.setEnabled(view is not None)
        self.delete_button.setEnabled(view is not None and self.editable)
        if not owner:
            self.hint.setText("Save the report first to attach files.")
        elif not self.views:
            self.hint.setText("No files yet." + (" Drop files here or use Attach files…"
                                                 if self.editable else ""))
        else:
            self.hint.setText(f"{len(self.views)} file(s). Enter opens an image.")

    def selected(self) -> int | None:
        indexes = self.list.selectionModel().selectedIndexes()
        return int(indexes[0].data(IdRole)) if indexes else None

    # ---- attaching ----------------------------------------------------------------------------
    def attach_dialog(self) -> None:
        paths = AttachFiles.ask(self)
        if paths:
            self.attach_paths(paths)

    def attach_paths(self, paths: list[Path]) -> None:
        if not self.editable or (self.report_id is None and self.entity_id is None):
            return
        rid, eid = self.report_id, self.entity_id
        self.banner.show_info(f"Attaching {len(paths)} file(s)…", timeout_ms=0)

        def work(v: Vault) -> list[AttachmentView]:
            done = []
            for path in paths:
                done.append(attachments.add_file(v, path, report_id=rid, entity_id=eid))
            return done

        def ok(done: list[AttachmentView]) -> None:
            self.banner.show_info(f"{len(done)} file(s) attached.")
            self.reload()
            emit(self.changed)

        def failed(error: SiratError) -> None:
            self.banner.show_error(error)
            self.reload()  # the files before the refused one are attached

        self.context.run(work, on_success=ok, on_failure=failed, owner=self,
                         name="add_attachments")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.editable and event.mimeData().hasUrls() and all(
                u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.attach_paths(paths)

    # ---- viewing, exporting, deleting ---------------------------------------------------------
    def open_selected(self) -> None:
        aid = self.selected()
        view = self.views.get(aid) if aid is not None else None
        if view is None:
            return
        if not view.is_image:
            self.banner.show_message(
                "Only images are shown inside SIRAT.",
                "Use \"Export a decrypted copy…\" to open this file with another program.",
                "info")
            return
        caption = f"{view.name} — {view.width}×{view.height} px"
        self.context.run(lambda v: attachments.view_image(v, view.id),
                         on_success=lambda jpeg: self._show_image(jpeg, caption),
                         on_failure=self.banner.show_error, owner=self, name="view_image")

    def _show_image(self, jpeg: bytes, caption: str) -> None:
        if self.viewer is not None:
            self.viewer.clear()
        self.viewer = ImageViewer(jpeg, caption, self.window())
        self.viewer.show()

    def export_selected(self) -> None:
        aid = self.selected()
        view = self.views.get(aid) if aid is not None else None
        if view is None:
            return
        target = ExportTarget.ask(self, view.name)
        if target is None:
            return

        def work(v: Vault) -> str:
            return attachments.export_copy(
                v, view.id, lambda data: atomic_write_bytes(target, data, "decrypted copy"))

        self.context.run(work, on_success=lambda _d: self.banner.show_info(
            "A decrypted copy was written; the export is recorded in the audit log."),
            on_failure=self.banner.show_error, owner=self, name="export_attachment")

    def delete_selected(self) -> None:
        aid = self.selected()
        if aid is None or not self.editable or not ConfirmDelete.ask(self):
            return

        def ok(_: object) -> None:
            self.reload()
            emit(self.changed)

        self.context.run(
            lambda v: attachments.delete_attachment(v, AttachmentId(aid)),
            on_success=ok,
            on_failure=self.banner.show_error,
            owner=self,
            name="delete_attachment",
        )

    def clear_all(self) -> None:
        if self.viewer is not None:
            self.viewer.clear()
            self.viewer = None
        self.report_id = self.entity_id = None
        self.model.clear()
        self.views = {}
        self.banner.dismiss()
        self._update()
