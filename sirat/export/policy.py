"""Rules checked when a report is about to leave: status, classification, handling codes.

Each refusal is an :class:`~sirat.export.errors.ExportPolicyError` whose message names the
rule and the codes involved (never report content), and whose hint says how to proceed.
"""

from __future__ import annotations

from collections.abc import Collection

from sirat.export.errors import ExportPolicyError
from sirat.export.types import ProviderPermission, RecipientInput, ReportInput

#: Statuses in which a report may leave SIRAT.
RELEASABLE_STATUSES = frozenset({"approved", "disseminated"})
#: Handling codes that need the provider's recorded permission before any dissemination.
PERMISSION_CODES = frozenset({"H2"})


def check_release(
    report: ReportInput,
    recipient: RecipientInput,
    permissions: Collection[ProviderPermission],
) -> None:
    """Raise ``ExportPolicyError`` unless ``report`` may be sent to ``recipient``."""
    if report.status not in RELEASABLE_STATUSES:
        raise ExportPolicyError(
            f"{report.reference} is {report.status}; only approved reports can be exported.",
            "Submit the report and have a supervisor other than the author approve it.",
        )
    if report.classification not in recipient.may_receive_classifications:
        raise ExportPolicyError(
            f"{recipient.name} ({recipient.code}) may not receive {report.classification} "
            f"material; {report.reference} is classified {report.classification}.",
            "Choose another recipient, or have the classification reviewed.",
        )
    for handling in report.handling_codes:
        if handling.code not in recipient.may_receive_handling_codes:
            raise ExportPolicyError(
                f"{recipient.name} ({recipient.code}) may not receive material marked "
                f"{handling.code}; {report.reference} carries {handling.code}.",
                "Choose another recipient, or ask the provider to change the handling code.",
            )
        if handling.code in PERMISSION_CODES and not any(
            p.covers(handling.code, recipient) for p in permissions
        ):
            raise ExportPolicyError(
                f"{report.reference} is marked {handling.code}: it may not be disseminated "
                f"to {recipient.code} without the provider's permission.",
                "Record the provider's permission for this recipient, then export again.",
            )
