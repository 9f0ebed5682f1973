"""Administrators edit the reference tables besides crime areas: handling codes' wording,
relation types and recipients (``reference.save_crime_area`` does the crime areas).

Each change is one transaction with its audit record (ids and codes only). What may change:

- **Handling codes** H0-H3 are the Europol codes the export policy acts on (H2 needs the
  provider's permission, H3 carries its text): only their *wording* changes (a translation,
  the center's own words); no code is added or removed here.
- **Relation types**: added or renamed (name, reverse name, the FollowTheMoney schema it
  travels as). The code never changes: relations store it. A new type fits every pair of
  kinds (``relation_fit``).
- **Recipients**: added, renamed, re-kinded, their highest classification and handling
  codes set, retired or offered again. The kind decides what a recipient may see
  (``sirat.domain.disclosure``); changing it is recorded with the old and the new kind.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import func, select

from sirat.domain.vocab import RECIPIENT_KINDS
from sirat.errors import NotFound, ValidationError
from sirat.models import Classification, HandlingCodeRef, Recipient, RelationType
from sirat.services.audit import log as audit
from sirat.services.reports.reference import HandlingCodeView, RecipientView, RelationTypeView
from sirat.services.roles import require_role
from sirat.vault import Vault

#: The FollowTheMoney schemas a relation type may travel as (``interchange_ftm``).
FTM_RELATION_SCHEMAS = ("Associate", "Family", "Ownership", "Employment", "UnknownLink")
MAX_TEXT = 200


def _text(field: str, value: str, what: str) -> str:
    value = value.strip()
    if not value or len(value) > MAX_TEXT or any(
            unicodedata.category(ch).startswith("C") for ch in value):
        raise ValidationError.single(field, f"{what} must be 1 to {MAX_TEXT} characters, "
                                     "without control characters.", "Type it on one line.")
    return value


def _code(field: str, value: str, what: str) -> str:
    value = value.strip()
    if not value or len(value) > 40 or not value.replace("_", "").replace("-", "").isalnum() \
            or not value.isascii():
        raise ValidationError.single(field, f"{what} needs a short code: letters, digits, "
                                     "_ or -.", "For example: associate_of or XK.")
    return value


def list_handling_codes(vault: Vault) -> list[HandlingCodeView]:
    with vault.session() as s:
        rows = s.scalars(select(HandlingCodeRef).order_by(HandlingCodeRef.position))
        return [HandlingCodeView(h.code, h.wording, h.needs_text) for h in rows]


def set_handling_wording(vault: Vault, code: str, wording: str) -> HandlingCodeView:
    """Reword handling code ``code`` (H0-H3); administrators only."""
    require_role(vault, "administrator")
    wording = _text("wording", wording, "The wording")
    with vault.session(write=True) as s:
        row = s.get(HandlingCodeRef, code)
        if row is None:
            raise NotFound("There is no handling code with this code.",
                           "Handling codes are H0 to H3; only their wording can change.")
        row.wording = wording
        audit.record(s, actor_id=vault.info.user_id, action="reference.handling_code",
                     object_type="handling_code", object_id=code)
        return HandlingCodeView(row.code, row.wording, row.needs_text)


def save_relation_type(vault: Vault, code: str, name: str, reverse_name: str,
                       ftm_schema: str = "UnknownLink") -> RelationTypeView:
    """Add a relation type or rename one (its code never changes); administrators only."""
    require_role(vault, "administrator")
    code = _code("code", code, "A relation type")
    name = _text("name", name, "The name")
    reverse_name = _text("reverse_name", reverse_name, "The reverse name")
    if ftm_schema not in FTM_RELATION_SCHEMAS:
        raise ValidationError.single("ftm_schema", "Unknown FollowTheMoney schema.",
                                     "Choose one of: " + ", ".join(FTM_RELATION_SCHEMAS) + ".")
    with vault.session(write=True) as s:
        row = s.get(RelationType, code)
        added = row is None
        if row is None:
            position = int(s.scalar(select(func.count()).select_from(RelationType)) or 0)
            row = RelationType(code=code, position=position)
            s.add(row)
        row.name, row.reverse_name, row.ftm_schema = name, reverse_name, ftm_schema
        s.flush()
        audit.record(s, actor_id=vault.info.user_id, action="reference.relation_type",
                     object_type="relation_type", object_id=code,
                     details={"added": added, "ftm_schema": ftm_schema})
        return RelationTypeView(row.code, row.name, row.reverse_name, row.ftm_schema)


def save_recipient(vault: Vault, code: str, name: str, kind: str,
                   highest_classification: str, handling_codes: tuple[str, ...] | list[str],
                   *, active: bool = True) -> RecipientView:
    """Add or change a recipient, or retire it (``active=False``); administrators only."""
    require_role(vault, "administrator")
    code = _code("code", code, "A recipient")
    name = _text("name", name, "The name")
    if kind not in RECIPIENT_KINDS:
        raise ValidationError.single("kind", "Unknown kind of recipient.",
                                     "Choose one of: " + ", ".join(RECIPIENT_KINDS) + ".")
    with vault.session(write=True) as s:
        if s.get(Classification, highest_classification) is None:
            raise ValidationError.single("highest_classification", "Unknown classification.",
                                         "Choose one of the vault's classifications.")
        known = list(s.scalars(select(HandlingCodeRef.code)
                               .order_by(HandlingCodeRef.position)))
        unknown = sorted(set(handling_codes) - set(known))
        if unknown:
            raise ValidationError.single("handling_codes", "Unknown handling code.",
                                         "Choose among: " + ", ".join(known) + ".")
        row = s.get(Recipient, code)
        before = None if row is None else row.kind
        if row is None:
            position = int(s.scalar(select(func.count()).select_from(Recipient)) or 0)
            row = Recipient(code=code, position=position)
            s.add(row)
        row.name, row.kind, row.highest_classification = name, kind, highest_classification
        row.handling_codes = ",".join(c for c in known if c in set(handling_codes))
        row.active = active
        s.flush()
        audit.record(s, actor_id=vault.info.user_id, action="reference.recipient",
                     object_type="recipient", object_id=code,
                     details={"kind_from": before, "kind_to": kind, "active": active})
        codes = tuple(c for c in row.handling_codes.split(",") if c)
        return RecipientView(row.code, row.name, row.kind, row.highest_classification, codes,
                             row.active)
