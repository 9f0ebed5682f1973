"""What the idle lock leaves for the next sign-in of the same user, inside the vault.

When the lock comes, each open editor is saved through the reports service and a note to
reopen it is kept here. A draft the service refuses (a required field still empty, say) must
not be lost either, so its fields are kept instead -- in the encrypted vault, never on disk
in the clear -- and handed back at the next sign-in, then deleted.

TODO(services): this belongs in ``sirat.services`` (a small "unsaved editor state" store);
it lives here until one exists. It runs only on the vault worker.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from sirat.models.core import VaultMeta
from sirat.services.report_types import ReportDraft
from sirat.vault import Vault

log = logging.getLogger(__name__)

PREFIX = "ui.recovery."


@dataclass(frozen=True)
class Recovered:
    report_id: int | None
    draft: ReportDraft | None  # None: just reopen the saved report
    links: tuple[tuple[int, str, str, str], ...]  # (entity id, kind, label, role), unsaved


def draft_from_dict(data: dict[str, Any]) -> ReportDraft:
    values = dict(data)
    for key in ("places", "keywords"):
        values[key] = tuple(values.get(key, ()))
    values["handling_codes"] = frozenset(values.get("handling_codes", ()))
    known = set(ReportDraft.__dataclass_fields__)
    return ReportDraft(**{k: v for k, v in values.items() if k in known})


def keep(vault: Vault, report_id: int | None, draft: ReportDraft | None,
         links: list[tuple[int, str, str, str]]) -> None:
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
        data = json.loads(value)
        links = tuple(tuple(link) for link in data.get("links", ()))
        draft = data.get("draft")
        out.append(Recovered(data.get("report_id"),
                             draft_from_dict(draft) if draft is not None else None,
                             links))
    return out
