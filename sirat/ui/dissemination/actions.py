"""Menu entries of dissemination, found by the action registry (``sirat.ui.actions``).

Report ▸ Export PDF for a recipient (Ctrl+P), Tools ▸ Verify a signed PDF (Ctrl+Alt+V),
Tools ▸ Signing certificates (Ctrl+Alt+C), View ▸ Dissemination register (Ctrl+Alt+D).
What an export changes reaches the list and the register as ``Changes``.
"""

from __future__ import annotations

from sirat.domain.vocab import ReportId
from sirat.ui.actions import REPORT, TOOLS, VIEW, ActionRegistry, ActionSpec
from sirat.ui.export_gate import export_allowed, export_reason
from sirat.ui.host import HostWindow


def open_export(host: HostWindow) -> None:
    from sirat.ui.dissemination.export_dialog import ExportDialog

    report_id = host.current_report_id()
    if report_id is not None:
        host.open_window(ExportDialog(host.context, ReportId(report_id), host))


def open_verify(host: HostWindow) -> None:
    from sirat.ui.dissemination.verify_dialog import VerifyDialog

    dialog = VerifyDialog(host.context, host)
    host.open_window(dialog)
    dialog.choose_file()


def open_register(host: HostWindow) -> None:
    from sirat.ui.dissemination.register_window import RegisterWindow

    host.open_window(RegisterWindow(host.context, host.current_report_id()))


def open_certificates(host: HostWindow) -> None:
    from sirat.ui.dissemination.certificates_dialog import CertificatesDialog

    host.open_window(CertificatesDialog(host.context, host))


def register(registry: ActionRegistry) -> None:
    add = registry.add
    add(ActionSpec("report.export_pdf", "E&xport PDF for a recipient…", REPORT, open_export,
                   "Ctrl+P", tip="Export the selected approved report as a signed PDF for "
                   "one recipient", toolbar=True, order=60, separator_before=True,
                   roles=("analyst", "supervisor"),
                   # offered only where allowed; the reason otherwise (services decide)
                   enabled=export_allowed, disabled_reason=export_reason))
    add(ActionSpec("tools.verify_pdf", "&Verify a signed PDF…", TOOLS, open_verify,
                   "Ctrl+Alt+V", tip="Check that a PDF is intact and who signed it", order=40,
                   separator_before=True))
    add(ActionSpec("tools.certificates", "Signing &certificates…", TOOLS, open_certificates,
                   "Ctrl+Alt+C", tip="Import your certificate or create a test certificate",
                   order=50))
    add(ActionSpec("view.dissemination_register", "Dissemination &register", VIEW,
                   open_register, "Ctrl+Alt+D", tip="Every exported PDF: report version, "
                   "recipient, SHA-256, signer, time", order=60))
