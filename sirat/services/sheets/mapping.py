"""Which spreadsheet column fills which field: targets per kind, rows into entity drafts,
and mappings saved by name (by header text, so next month's file with the same headers maps
itself).

A target is ``name`` or ``alias`` (kinds with names), ``field:<key>`` (the kind's fields,
``sirat.services.entities.types.KINDS``), ``id:<type>`` (its identifier types) or
``country:<type>`` (the country of a plate, phone or document number). One kind per sheet.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select

from sirat import clock
from sirat.errors import NotFound, ValidationError
from sirat.models.exchange import SheetMapping
from sirat.services.audit import log as audit
from sirat.services.entities.types import KINDS, EntityDraft, IdentifierValue, NameForm
from sirat.vault import Vault

#: The kinds a sheet may hold (the issue's persons, vehicles, vessels, organisations,
#: phones, accounts).
SHEET_KINDS: Final = ("person", "vehicle", "vessel", "organization", "phone", "bank_account",
                      "online_account")
_COUNTRY_OF: Final = ("plate", "phone", "document_number", "national_id")


def targets(kind: str) -> list[tuple[str, str]]:
    """``(target, label)`` for every field a column may fill, "" = ignore the column."""
    spec = KINDS[kind]
    out: list[tuple[str, str]] = [("", "(ignore)")]
    if spec.named:
        out += [("name", "name"), ("alias", "alias (another name)")]
    out += [(f"field:{f}", f.replace("_", " ")) for f in spec.fields]
    out += [(f"id:{t}", t.replace("_", " ")) for t in spec.identifiers]
    out += [(f"country:{t}", f"country of the {t.replace('_', ' ')}")
            for t in spec.identifiers if t in _COUNTRY_OF]
    return out


def check_mapping(kind: str, mapping: Mapping[int, str], width: int) -> None:
    if kind not in SHEET_KINDS:
        raise ValidationError.single("kind", "A spreadsheet can hold persons, vehicles, "
                                     "vessels, organisations, phones or accounts.",
                                     "Choose one of: " + ", ".join(SHEET_KINDS) + ".")
    allowed = {t for t, _ in targets(kind)}
    for col, target in mapping.items():
        if not 0 <= col < width:
            raise ValidationError.single("mapping", f"Column {col + 1} is not in the sheet.")
        if target not in allowed:
            raise ValidationError.single("mapping", f"A {kind} has no field {target!r}.",
                                         "Known: " + ", ".join(sorted(allowed - {""})) + ".")
    if not any(t for t in mapping.values()):
        raise ValidationError.single("mapping", "No column is mapped to a field.",
                                     "Map at least one column.")


def row_draft(kind: str, mapping: Mapping[int, str], row: Sequence[str]) -> EntityDraft:
    names: list[NameForm] = []
    fields: dict[str, str] = {}
    ids: dict[str, str] = {}
    countries: dict[str, str] = {}
    for col, target in mapping.items():
        value = row[col] if col < len(row) else ""
        if not target or not value:
            continue
        what, _, key = target.partition(":")
        if what == "name":
            names.insert(sum(not n.is_alias for n in names), NameForm(value))
        elif what == "alias":
            names.append(NameForm(value, True))
        elif what == "field":
            fields[key] = value
        elif what == "id":
            ids[key] = value
        elif what == "country":
            countries[key] = value.upper()
    if names and all(n.is_alias for n in names):  # an alias alone is the name
        names[0] = NameForm(names[0].text)
    if kind == "phone" and "phone" in ids and "phone" not in countries and "country" in fields:
        countries["phone"] = fields["country"].upper()
    return EntityDraft(kind, tuple(names),
                       tuple(IdentifierValue(t, v, countries.get(t, "")) for t, v in ids.items()),
                       fields)


@dataclass(frozen=True, slots=True)
class SavedMapping:
    name: str
    kind: str
    columns: dict[str, str]  # header text -> target


def for_headers(saved: SavedMapping, headers: Sequence[str]) -> dict[int, str]:
    """A saved mapping applied to a sheet: columns matched by header text."""
    wanted = {h.casefold(): t for h, t in saved.columns.items()}
    return {i: wanted[h.casefold()] for i, h in enumerate(headers) if h.casefold() in wanted}


def save_mapping(vault: Vault, name: str, kind: str, headers: Sequence[str],
                 mapping: Mapping[int, str]) -> SavedMapping:
    name = " ".join(name.split())
    if not name or len(name) > 100:
        raise ValidationError.single("name", "A mapping needs a name of 1 to 100 characters.")
    check_mapping(kind, mapping, len(headers))
    columns = {headers[c]: t for c, t in sorted(mapping.items()) if t}
    with vault.session(write=True) as s:
        row = s.get(SheetMapping, name) or SheetMapping(name=name)
        row.kind, row.columns = kind, json.dumps(columns, ensure_ascii=False)
        row.saved_at, row.saved_by = clock.timestamp(), vault.info.user_id
        s.add(row)
        audit.record(s, actor_id=vault.info.user_id, action="sheet.mapping_save",
                     object_type="sheet_mapping",  # the name is user text: not kept here
                     details={"kind": kind, "columns": len(columns)})
    return SavedMapping(name, kind, columns)


def load_mapping(vault: Vault, name: str) -> SavedMapping:
    with vault.session() as s:
        row = s.get(SheetMapping, name)
        if row is None:
            raise NotFound(f"No mapping is saved as {name!r}.",
                           "See the saved mappings in the import dialog, or `sirat entity "
                           "import-sheet --list-mappings`.")
        return SavedMapping(row.name, row.kind, json.loads(row.columns))


def list_mappings(vault: Vault) -> list[SavedMapping]:
    with vault.session() as s:
        return [SavedMapping(r.name, r.kind, json.loads(r.columns))
                for r in s.scalars(select(SheetMapping).order_by(SheetMapping.name))]
