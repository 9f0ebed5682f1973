"""Start the desktop app (placeholder until the main window lands)."""

from __future__ import annotations

from pathlib import Path


def run_app(vault: Path | str | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication([])
    QMessageBox.information(None, "SIRAT", f"SIRAT desktop app (vault: {vault or 'default'}).")
    del app
    return 0
