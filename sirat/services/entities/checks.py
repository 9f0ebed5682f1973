"""Entity checks: field validation (refusals) and identifier checks (warnings), labels,
name keys and scripts."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from sirat.names.fold import search_key
from sirat.services.entities.types import (
    CHOICE_FIELDS,
    COUNTRY_FIELDS,
    DATE_FIELDS,
    KINDS,
    EntityDraft,
    IdentifierValue,
)
from sirat.services.formats.dates import DateProblem, parse_partial_date
from sirat.services.formats.identifiers import IdentifierWarning, check_identifier, normalize
from sirat.services.reports.validation import MAX_LINE, Problems

MAX_NAMES = 50
MAX_IDENTIFIERS = 50


def name_key(text: str) -> str:
    """The folded key of a name for prefix search; the one place that chooses the folder."""
    return search_key(text)


@lru_cache(maxsize=4096)
def _letter_script(ch: str) -> str:
    word = unicodedata.name(ch, "").split(" ", 1)[0]
    return {"LATIN": "Latn", "CYRILLIC": "Cyrl", "GREEK": "Grek"}.get(word, "Zyyy")


def script_of(text: str) -> str:
    """ISO 15924 code of the letters in ``text``: Latn, Cyrl, Grek, or Zyyy when mixed."""
    if text.isascii():
        return "Latn" if any(ch.isalpha() for ch in text) else "Zyyy"
    scripts = {_letter_script(ch) for ch in text if ch.isalpha()}
    return scripts.pop() if len(scripts) == 1 else "Zyyy"


def _identifier(draft: EntityDraft, *types: str) -> IdentifierValue | None:
    return next((i for i in draft.identifiers if i.type in types and i.value.strip()), None)


def label_of(draft: EntityDraft) -> str:
    """The display text of an entity, in its original script."""
    f = draft.fields
    primary = next((n.text for n in draft.names if not n.is_alias), None)
    if primary is None and draft.names:
        primary = draft.names[0].text
    if KINDS[draft.kind].named and primary:
        return primary.strip()
    if draft.kind == "vehicle":
        ident = _identifier(draft, "plate", "vin")
        parts = [f.get("make", ""), f.get("model", ""), ident.value if ident else ""]
        return " ".join(p.strip() for p in parts if p.strip())
    if draft.kind == "address":
        return f.get("full", "").strip() or ", ".join(
            f.get(k, "").strip() for k in ("street", "city", "country") if f.get(k, "").strip()
        )
    if draft.kind == "identity_document":
        ident = _identifier(draft, "document_number", "national_id", "mrz")
        number = ident.value.splitlines()[0] if ident else ""
        return " ".join(p for p in (f.get("doc_type", "").strip(), number.strip()) if p)
    if draft.kind == "online_account":
        ident = _identifier(draft, "handle", "email")
        service = f.get("service", "").strip()
        value = ident.value.strip() if ident else ""
        return f"{service}: {value}" if service and value else service or value
    ident = _identifier(draft, *KINDS[draft.kind].identifiers)
    return (ident.value.strip() if ident else "") or (primary or "").strip()


def check_entity(draft: EntityDraft) -> Problems:
    """Refusals: unknown kind or field, bad text, dates, countries, nothing to identify it."""
    p = Problems()
    spec = KINDS.get(draft.kind)
    if spec is None:
        p.add("kind", "Unknown kind of entity.", "Choose one of: " + ", ".join(KINDS) + ".")
        return p
    if len(draft.names) > MAX_NAMES:
        p.add("names", f"Too many names (at most {MAX_NAMES}).")
    for i, name in enumerate(draft.names[:MAX_NAMES]):
        p.text(f"names[{i}]", "name", name.text, required=True, max_chars=MAX_LINE)
    if spec.named and draft.kind in ("person", "organization") and not draft.names:
        p.add("names", f"A {draft.kind} needs at least one name.", "Type the name as written.")
    if not spec.named and draft.names:
        p.add("names", f"A {draft.kind.replace('_', ' ')} has no names.",
              "Put the text into its fields instead.")
    _check_fields(p, draft)
    _check_identifiers(p, draft, spec.identifiers)
    if not p.items and not label_of(draft):
        p.add("identifiers", "Give at least one name, number or description.",
              "An entity must be recognizable in a list.")
    return p


def _check_fields(p: Problems, draft: EntityDraft) -> None:
    spec = KINDS[draft.kind]
    for key, value in draft.fields.items():
        field = f"fields.{key}"
        if key not in spec.fields:
            p.add(field, f"A {draft.kind.replace('_', ' ')} has no field '{key}'.",
                  "Known fields: " + ", ".join(spec.fields) + ".")
            continue
        p.text(field, key.replace("_", " "), value, max_chars=MAX_LINE,
               multiline=key == "full")
        if not value.strip():
            continue
        if key in DATE_FIELDS:
            try:
                parse_partial_date(value)
            except DateProblem as exc:
                p.add(field, f"{key.replace('_', ' ').capitalize()}: {exc}")
        elif key in COUNTRY_FIELDS:
            p.country(field, key.replace("_", " "), value, required=False)
        elif key in CHOICE_FIELDS and value not in CHOICE_FIELDS[key]:
            p.add(field, f"The {key} must be one of: {', '.join(CHOICE_FIELDS[key][1:])}.")
        elif key == "year" and not (value.isascii() and value.isdigit() and len(value) == 4):
            p.add(field, "The year must have four digits.")


def _check_identifiers(p: Problems, draft: EntityDraft, allowed: tuple[str, ...]) -> None:
    if len(draft.identifiers) > MAX_IDENTIFIERS:
        p.add("identifiers", f"Too many identifiers (at most {MAX_IDENTIFIERS}).")
        return
    for i, ident in enumerate(draft.identifiers):
        field = f"identifiers[{i}]"
        if ident.type not in allowed:
            p.add(field, f"A {draft.kind.replace('_', ' ')} has no identifier of this type.",
                  "Allowed: " + ", ".join(allowed) + ".")
            continue
        p.text(field, ident.type.replace("_", " "), ident.value, required=True,
               max_chars=MAX_LINE, multiline=ident.type == "mrz")
        p.country(f"{field}.country", "country", ident.country, required=False)


def identifier_warnings(identifiers: Iterable[IdentifierValue]) -> list[IdentifierWarning]:
    """Every failed identifier check (warnings, not refusals)."""
    out: list[IdentifierWarning] = []
    for ident in identifiers:
        out.extend(check_identifier(ident.type, ident.value, ident.country))
    return out


def normalized(ident: IdentifierValue) -> str:
    return normalize(ident.type, ident.value, ident.country)
