"""The one question asked before unsaved changes could be lost."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

SAVE = "save"
DISCARD = "discard"
CANCEL = "cancel"


class UnsavedDialog:
    @classmethod
    def ask(cls, parent: QWidget | None) -> str:
        """``SAVE``, ``DISCARD`` or ``CANCEL``. Tests replace this."""
        box = QMessageBox(parent)
        box.setWindowTitle("SIRAT — unsaved changes")
        box.setIcon(QMessageBox.Icon.Question)
        box.setText("This report has changes that are not saved.")
        box.setInformativeText("Save them as a draft before closing?")
        save = box.addButton("Save draft", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Discard changes", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return SAVE
        if clicked is discard:
            return DISCARD
        return CANCEL


class SaveFirstDialog:
    @classmethod
    def ask(cls, parent: QWidget | None) -> bool:
        """Submit asks this when the report has unsaved changes: True saves then submits.
        Tests replace this."""
        box = QMessageBox(parent)
        box.setWindowTitle("SIRAT — save before submitting")
        box.setIcon(QMessageBox.Icon.Question)
        box.setText("This report has changes that are not saved.")
        box.setInformativeText("Save the draft and submit it for approval?")
        submit = box.addButton("Save and submit", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(submit)
        box.exec()
        return box.clickedButton() is submit
