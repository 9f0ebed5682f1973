"""The sign-in window comes first: ``sirat`` shows it before any vault or domain library is
loaded. Asserted on the modules of a fresh process, never on a time (see ``make bench``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.unit.cli.test_cli_startup import heavy

PROBE = """
import json, os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
shown = []
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Show and isinstance(obj, QWidget) and obj.isWindow():
            shown.append(obj.objectName())
        return False
watch = Watch()
app.installEventFilter(watch)
from sirat.cli import main
code = main(sys.argv[1:])
print("RESULT " + json.dumps({"code": code, "shown": shown, "modules": sorted(sys.modules)}))
"""

# Loaded on demand: at the first sign-in (services, vault, main window and its extensions),
# or when a report is exported (reportlab, pyHanko) or a chart drawn (numpy).
LATER = ("sqlalchemy", "sqlcipher3", "argon2", "cryptography", "numpy", "matplotlib",
         "reportlab", "pyhanko", "rapidfuzz", "phonenumbers", "stdnum", "sirat.models",
         "sirat.services", "sirat.export.pdf", "sirat.export.sign", "sirat.chart", "sirat.names",
         "sirat.vault.core",
         "sirat.vault.engine", "sirat.vault.crypto", "sirat.ui.main_window", "sirat.ui.chart",
         "sirat.ui.editor", "sirat.ui.entities", "sirat.ui.dissemination", "sirat.ui.search",
         "sirat.ui.review", "sirat.cli.cmd_", "PySide6.QtSvg")


def start(tmp_path: Path, *argv: str) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIRAT_")}
    env.update(SIRAT_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen",
               SIRAT_EXIT_AFTER_FIRST_WINDOW="1")
    proc = subprocess.run([sys.executable, "-c", PROBE, *argv], env=env, capture_output=True,
                          text=True, timeout=120, check=False, stdin=subprocess.DEVNULL)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
    assert line is not None, proc.stderr
    result: dict[str, object] = json.loads(line[len("RESULT "):])
    return result


def test_the_sign_in_window_is_shown_before_any_heavy_library_loads(tmp_path: Path) -> None:
    result = start(tmp_path)
    assert result["code"] == 0
    assert result["shown"] == ["signInWindow"]
    modules = set(result["modules"])  # type: ignore[call-overload]
    assert heavy(modules, LATER) == []


def test_the_same_for_a_vault_named_on_the_command_line(
    template_vault: Path, tmp_path: Path
) -> None:
    result = start(tmp_path, "--vault", str(template_vault))
    assert (result["code"], result["shown"]) == (0, ["signInWindow"])
    assert heavy(set(result["modules"]), LATER) == []  # type: ignore[call-overload]
