"""May this report be exported at all, and if not, why -- for offering (or not) Export.

It asks the same two checks ``dissemination.plan_export`` makes before any recipient is
involved: the workflow rule for "disseminate" (role and status) and a valid signed approval
of the current version. The rules stay where they are; this only runs them and turns a
refusal into its message. What depends on the recipient (handling codes, withheld data) is
still checked by the export itself, which also runs both checks again.
"""

from __future__ import annotations

from sirat.domain.vocab import ReportId
from sirat.errors import SiratError
from sirat.services.reports.records import get_row
from sirat.services.workflow import approvals
from sirat.services.workflow import review as workflow
from sirat.vault import Vault


def export_refusal(vault: Vault, report_id: ReportId) -> str | None:
    """None if the report may be exported now; otherwise why not, in one sentence."""
    info = vault.info
    with vault.session() as s:
        try:
            row = get_row(s, report_id)
            workflow.check("disseminate", role=info.role, user_id=info.user_id,
                           author_id=row.author_id, status=row.status)
            approvals.require_valid_approval(s, info.vault_id, row)
        except SiratError as error:
            return str(error)  # the message and what to do
    return None
