"""Verifying the whole vault for ``sirat audit verify``: the hash chain of the audit log, each
signed checkpoint against it, and every approval, status and register row.

Above the log (:mod:`sirat.services.audit.log`), the checkpoints and the approvals, which all
write or read records: this module only reads them, so nothing below needs to import it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select

from sirat.models.trust import ReportApproval
from sirat.services.audit import checkpoint as cp
from sirat.services.audit.checkpoint import Checkpoint, CheckpointCheck
from sirat.services.audit.log import Break, require_administrator, walk_chain
from sirat.services.workflow import approvals
from sirat.services.workflow.approvals import Problem
from sirat.vault import Vault


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    head_id: int
    head_hash: str
    first_break: Break | None = None
    checkpoints: tuple[CheckpointCheck, ...] = field(default=())
    #: Approvals, statuses and register rows that do not verify (``approvals.verify``).
    problems: tuple[Problem, ...] = field(default=())
    approvals_checked: int = 0

    @property
    def ok(self) -> bool:
        return (self.first_break is None and all(c.ok for c in self.checkpoints)
                and not self.problems)

    def summary(self) -> str:
        """One line: what holds or the first problem (ids and references only)."""
        if self.first_break is not None:
            return self.first_break.message
        bad = [c for c in self.checkpoints if not c.ok]
        if bad:
            return f"Checkpoint {bad[0].label}: {bad[0].message}"
        if self.problems:
            more = len(self.problems) - 1
            return self.problems[0].message + (f" ({more} more problem(s).)" if more else "")
        against = f", consistent with {len(self.checkpoints)} checkpoint(s)" \
            if self.checkpoints else ""
        return (f"The audit log is intact: {self.checked} record(s) chained{against}; "
                f"{self.approvals_checked} approval(s) and every register row verify.")


def verify(
    vault: Vault,
    checkpoints: Sequence[bytes | Checkpoint] = (),
    *,
    trusted: Sequence[str] = (),
) -> VerifyResult:
    """Check the whole chain, then each checkpoint against it; administrators only.

    ``checkpoints`` are files written by :func:`sirat.services.audit.checkpoint.checkpoint` (their
    bytes, or parsed). ``trusted`` lists key fingerprints recorded out of band; when given,
    a checkpoint signed by any other key fails.
    """
    require_administrator(vault)
    parsed = [c if isinstance(c, cp.Checkpoint) else cp.parse(c) for c in checkpoints]
    wanted = {i for c in parsed for i in c.ids()}
    with vault.session() as s:
        chain = walk_chain(s, wanted)
        checks = [cp.check(s, vault.info.vault_id, c, chain.stored, chain.head_id, trusted)
                  for c in parsed]
        problems = approvals.verify(s, vault.info.vault_id)
        count = s.execute(select(func.count()).select_from(ReportApproval)).scalar_one()
    breaks = [b for b in [chain.first_break, *(c.first_break for c in checks)] if b]
    first = min(breaks, key=lambda b: b.record_id) if breaks else None
    return VerifyResult(chain.checked, chain.head_id, chain.head_hash, first, tuple(checks),
                        tuple(problems), int(count))
