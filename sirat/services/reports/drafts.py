"""Editor contents kept at the idle lock for the same user's next sign-in, inside the vault.

When the lock comes, each open editor is saved through the reports service and a note to
reopen it is kept here. A draft the service refuses (a required field still empty, say) must
not be lost either, so its fields are kept instead -- in the encrypted vault, never on disk
in the clear -- and handed back at the next sign-in, then deleted.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import delete, select

from sirat.domain.vocab import ReportId
from sirat.models.core import VaultMeta
from sirat.services.reports.types import ReportDraft
from sirat.vault import Vault

log = logging.getLogger(__name__)

PREFIX: Final = "ui.recovery."

#: An unsaved link: (entity id, kind, label, role).
KeptLink = tuple[int, str, str, str]


@dataclass(frozen=True)
class Recovered:
    """One editor to reopen: a saved report, or an unsaved draft with its unsaved links."""

    report_id: ReportId | None
    draft: ReportDraft | None  # None: just reopen the saved report
    links: tuple[KeptLink, ...]


def draft_from_dict(data: dict[str, Any]) -> ReportDraft:
    values = dict(data)
    for key in ("places", "keywords"):
        values[key] = tuple(values.get(key, ()))
    values["handling_codes"] = frozenset(values.get("handling_codes", ()))
    known = set(ReportDraft.__dataclass_fields__)
    return ReportDraft(**{k: v for k, v in values.items() if k in known})


def keep(vault: Vault, report_id: ReportId | None, draft: ReportDraft | None,
         links: list[KeptLink]) -> None:
    """Keep one editor's state for the signed-in user (one transaction)."""
    payload = json.dumps({"report_id": report_id,
                          "draft": draft.as_dict() if draft is not None else None,
                          "links": links}, ensure_ascii=False)
    key = f"{PREFIX}{vault.info.user_id}.{uuid.uuid4().hex}"
    with vault.session(write=True) as s:
        s.add(VaultMeta(key=key, value=payload))
    log.info("kept an unsaved editor state for user_id=%s", vault.info.user_id)


def take(vault: Vault) -> list[Recovered]:
    """The signed-in user's kept editor states (and forget them)."""
    prefix = f"{PREFIX}{vault.info.user_id}."
    with vault.session(write=True) as s:
        rows = s.execute(select(VaultMeta.key, VaultMeta.value)
                         .where(VaultMeta.key >= prefix, VaultMeta.key < prefix + "~")).all()
        if rows:
            s.execute(delete(VaultMeta).where(VaultMeta.key.in_([r[0] for r in rows])))
    out: list[Recovered] = []
    for _key, value in rows:
        try:
            out.append(_recovered(json.loads(value)))
        except (ValueError, TypeError, KeyError, AttributeError):
            # An entry from another version that no longer reads: skip it, open the rest.
            log.warning("skipped an unreadable kept editor state for user_id=%s",
                        vault.info.user_id)
    return out


def _recovered(data: dict[str, Any]) -> Recovered:
    links = tuple((int(e), str(k), str(lbl), str(r)) for e, k, lbl, r in data.get("links", ()))
    draft = data.get("draft")
    report_id = data.get("report_id")
    return Recovered(ReportId(int(report_id)) if report_id is not None else None,
                     draft_from_dict(draft) if draft is not None else None, links)
