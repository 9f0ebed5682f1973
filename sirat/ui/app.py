"""Start the desktop app: ``python -m sirat`` with no subcommand calls :func:`run_app`."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

log = logging.getLogger(__name__)

#: Set (to anything) to quit as soon as the first window is shown: start-up benchmarks and
#: smoke tests of ``python -m sirat`` use it.
EXIT_AFTER_FIRST_WINDOW = "SIRAT_EXIT_AFTER_FIRST_WINDOW"


def run_app(vault: Path | str | None = None) -> int:
    """Show the sign-in (or first-run) window for ``vault`` (default: the user data folder)
    and run until the main window closes."""
    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QApplication

    from sirat import config
    from sirat.ui.controller import AppController
    from sirat.ui.crash_dialog import CrashReporter
    from sirat.ui.settings import open_settings
    from sirat.ui.style import apply_style

    QCoreApplication.setOrganizationName(config.APP_NAME)
    QCoreApplication.setApplicationName(config.APP_NAME)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)  # noqa: S101 -- we created it as one
    app.setApplicationDisplayName("SIRAT")
    apply_style(app)
    reporter = CrashReporter(app)
    reporter.install()
    controller = AppController(open_settings())
    reporter.quit_requested.connect(app.quit)
    controller.finished.connect(app.quit)
    controller.start(Path(vault).expanduser() if vault else None)
    if os.environ.get(EXIT_AFTER_FIRST_WINDOW):
        QTimer.singleShot(0, app.quit)
    try:
        return int(app.exec())
    finally:
        controller.shutdown()
