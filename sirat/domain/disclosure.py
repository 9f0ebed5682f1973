"""THE disclosure policy: what each kind of recipient may see. Nothing else decides.

Member states and operational partners may receive personal data; observers may not, and
an observer copy carries none anywhere (PRODUCT.md). For an observer copy:

* every field of the release view has a :class:`Decision` here. ``SHOW`` is printed as
  stored and is reserved for codes and reference data (classification, grading, crime
  area, the reference); ``REDACT`` passes through the redactor (names, identifiers,
  addresses, dates of birth replaced by placeholders); ``STAFF`` is a staff member's name,
  printed as function and organisation; ``WITHHOLD`` is never printed. A field nobody
  decided about is withheld (:func:`report_field_decision`), and a test fails while a
  field of the release view has no entry in :data:`REPORT_FIELDS`;
* an entity of an always-personal kind (person, phone, identity document, bank or online
  account) and a private address are withheld whole (:func:`withheld_whole`);
* any other entity connected to personal data anywhere in the vault -- by a relation or
  by a report that also names a person, whichever report asserts it -- keeps only its
  public fields (:func:`public_field`) and a generic label: its identifying fields (a
  plate, an IMO number, a company's registration number, a street and number, its name)
  are withheld. The connection is computed from the whole vault by the services;
* an entity connected to nothing personal keeps its fields, each through the redactor;
* link notes, relation notes, roles, chart labels and file names go through the redactor
  too; the file name carries only the reference, the recipient code and the copy number.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from sirat.domain.vocab import KIND_SPECS, PERSONAL_KINDS, EntityKind, RecipientKind


class Decision(StrEnum):
    SHOW = "show"  # non-personal by construction: codes and reference data
    REDACT = "redact"  # free text: through the redactor
    STAFF = "staff"  # a staff name: function and organisation for observers
    WITHHOLD = "withhold"  # never printed for observers


#: Every field of the report as released (``sirat.export.types.ReportInput``).
REPORT_FIELDS: Final[dict[str, Decision]] = {
    "reference": Decision.SHOW,
    "version": Decision.SHOW,
    "title": Decision.REDACT,
    "crime_area": Decision.SHOW,
    "report_date": Decision.SHOW,
    "information_date": Decision.REDACT,
    "places": Decision.REDACT,
    "reporting_country": Decision.SHOW,
    "agency": Decision.REDACT,
    "operation": Decision.REDACT,
    "source_reliability": Decision.SHOW,
    "source_reliability_wording": Decision.SHOW,
    "information_accuracy": Decision.SHOW,
    "information_accuracy_wording": Decision.SHOW,
    "handling_codes": Decision.REDACT,  # code and wording are reference data; H3 text is free
    "classification": Decision.SHOW,
    "summary": Decision.REDACT,
    "narrative": Decision.REDACT,
    "analyst_comment": Decision.REDACT,
    "keywords": Decision.REDACT,
    "author": Decision.STAFF,
    "approver": Decision.STAFF,
    "author_function": Decision.SHOW,
    "approver_function": Decision.SHOW,
    "status": Decision.SHOW,
    "originator": Decision.REDACT,
    "grading_key": Decision.SHOW,
    "date_format": Decision.SHOW,
    "provenance": Decision.REDACT,
    "chart": Decision.REDACT,  # rebuilt from the release view, labels through the redactor
    # An analytical product's figures: dropped by the release view, rebuilt by the services
    # per recipient with small-cell suppression for observers (sirat.domain.suppression).
    "statistics": Decision.REDACT,
    # Attached images: no redactor reaches into pixels (faces, plates, documents), so an
    # observer receives none -- from a person, an entity linked to one, or anything else.
    "annex_images": Decision.WITHHOLD,
    # The bounds of the date of information: dates of the report, not of a person (the
    # observer's copy prints the date of information too); drawn in the timeline figure.
    "information_span": Decision.SHOW,
}
#: Fields of entities, links and relations as released (``EntityInput``, ``RelationInput``).
ENTITY_PARTS: Final[dict[str, Decision]] = {
    "id": Decision.SHOW,  # internal, never printed
    "kind": Decision.SHOW,
    "label": Decision.REDACT,
    "fields": Decision.REDACT,  # and identifying keys withheld when connected to a person
    "name_forms": Decision.REDACT,
    "is_private": Decision.SHOW,
    "role": Decision.REDACT,
    "note": Decision.REDACT,
}
RELATION_PARTS: Final[dict[str, Decision]] = {
    "source_id": Decision.SHOW,
    "target_id": Decision.SHOW,
    "label": Decision.REDACT,
    "note": Decision.REDACT,
}

#: What an observer copy says instead of a staff member's name.
STAFF_FALLBACK: Final = "Officer"


def may_receive_personal_data(kind: str) -> bool:
    """Member states and operational partners may; observers (and unknown kinds) may not."""
    return kind in (RecipientKind.MEMBER_STATE, RecipientKind.OPERATIONAL_PARTNER)


def report_field_decision(name: str) -> Decision:
    """The decision for a report field; a field nobody decided about is withheld."""
    return REPORT_FIELDS.get(name, Decision.WITHHOLD)


def withheld_whole(kind: str, is_private: bool) -> bool:
    """Left out of an observer copy entirely: personal kinds, private addresses, unknowns."""
    if kind in PERSONAL_KINDS or kind not in KIND_SPECS:
        return True
    return is_private


def public_field(kind: str, key: str) -> bool:
    """An entity field anyone may read (make, colour, flag, city ...); unknown keys: no."""
    try:
        spec = KIND_SPECS[EntityKind(kind)]
    except ValueError:
        return False
    return key in spec.public


def public_field_anywhere(key: str) -> bool:
    """``key`` is a public field of some kind (a colour, a country, a year)."""
    return any(key in spec.public for spec in KIND_SPECS.values())


def public_fields(kind: str) -> tuple[str, ...]:
    """The public field keys of ``kind``, in label order."""
    try:
        return KIND_SPECS[EntityKind(kind)].public
    except ValueError:
        return ()


def placeholder(kind: str) -> str:
    """The placeholder of ``kind``'s identifying values in released text."""
    try:
        return KIND_SPECS[EntityKind(kind)].placeholder
    except ValueError:
        return "[WITHHELD]"


def staff_line(function: str, organisation: str) -> str:
    """A staff member on an observer copy: function and organisation, no name."""
    return ", ".join(part for part in (function or STAFF_FALLBACK, organisation) if part)


def may_receive_attachments(kind: str) -> bool:
    """Attached images go to member states and partners only (``annex_images`` is withheld
    from every observer copy, whoever the image shows)."""
    return may_receive_personal_data(kind)
