"""``sirat demo``: a new vault with a supervisor, two analysts and realistic synthetic data,
so a newcomer sees a populated app in one step. The content comes from
:func:`sirat.services.demo.generate.generate` (also used by the benchmark at 100,000 reports)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from sirat.models import Report
from sirat.services.access import users
from sirat.services.access.session import create_vault, sign_in
from sirat.services.audit import log as audit
from sirat.services.demo.generate import GenerateResult, generate
from sirat.services.workflow import approvals
from sirat.vault.crypto import DEFAULT_KDF, KdfParams

DEFAULT_REPORTS = 300
DEFAULT_SEED = 20261128
DEMO_USERS = (("supervisor", "supervisor", "Elena Vasileva"),
              ("analyst1", "analyst", "Mihai Ionescu"),
              ("analyst2", "analyst", "Aylin Demir"))

__all__ = ["DEFAULT_REPORTS", "DEFAULT_SEED", "DemoResult", "GenerateResult", "create_demo",
           "generate"]


@dataclass(frozen=True, slots=True)
class DemoResult:
    path: Path
    admin: str
    users: tuple[tuple[str, str], ...]  # (name, role) of the users added
    generated: GenerateResult


def create_demo(
    path: Path, admin: str, passphrase: str, *, other_passphrase: str | None = None,
    reports: int = DEFAULT_REPORTS, seed: int = DEFAULT_SEED, kdf: KdfParams = DEFAULT_KDF,
    progress: Callable[[int, int], None] | None = None,
) -> DemoResult:
    """Create the vault at ``path`` (``admin`` its administrator), add the demo users (their
    passphrase is ``other_passphrase``, else the administrator's) and fill it."""
    vault = create_vault(path, admin, passphrase, display_name=admin, kdf=kdf)
    try:
        added = []
        taken = {admin.strip().casefold()}
        for wanted, role, display in DEMO_USERS:
            name = f"{wanted}-demo" if wanted in taken else wanted
            users.add_user(vault, name, other_passphrase or passphrase, role, display, kdf=kdf)
            added.append((name, role))
        result = generate(vault, reports=reports, seed=seed, progress=progress)
        admin_name = vault.info.user_name
    finally:
        vault.lock()
    supervisor = next(name for name, role in added if role == "supervisor")
    _sign_generated_approvals(path, supervisor, other_passphrase or passphrase)
    return DemoResult(path, admin_name, tuple(added), result)


def _sign_generated_approvals(path: Path, supervisor: str, passphrase: str) -> None:
    """The demo supervisor signs the approvals the generator wrote in their name.

    Approvals are signatures (``sirat.services.workflow.approvals``): without this the demo's
    approved reports could not be exported and ``audit verify`` would name each of them.
    Each gets its ``report.approve`` record, as an approval in the app would, and a
    disseminated one its ``report.disseminate`` record (marked ``demo``: no file was sent).
    """
    vault = sign_in(path, supervisor, passphrase, throttle=False)
    try:
        with vault.session(write=True) as s:
            rows = s.scalars(select(Report).where(
                Report.status.in_(("approved", "disseminated")),
                Report.approved_by == vault.info.user_id).order_by(Report.id))
            for report in rows:
                signed = approvals.sign_approval(s, vault, report, report.approved_at or "")
                audit.record(s, actor_id=vault.info.user_id, action="report.approve",
                             object_type="report", object_id=report.id,
                             details={"from": "submitted", "to": "approved",
                                      "version": report.version, "approval": signed.id,
                                      "signature": approvals.signature_digest(signed),
                                      "demo": True})
                if report.status == "disseminated":
                    audit.record(s, actor_id=vault.info.user_id, action="report.disseminate",
                                 object_type="report", object_id=report.id,
                                 details={"from": "approved", "to": "disseminated",
                                          "version": report.version, "demo": True})
    finally:
        vault.lock()
