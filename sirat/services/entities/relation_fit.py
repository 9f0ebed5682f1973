"""Which relation types fit which two kinds of entity ("driver of" a person and a vehicle,
never "associate of" a person and a vehicle).

Relation types are reference data an administrator can extend; a type not named here fits
any two kinds (the administrator who added it knows what it is for), so the rule never
hides a type it does not know.
"""

from __future__ import annotations

from sirat.domain.vocab import EntityKind
from sirat.services.reports.reference import RelationTypeView

#: Who can act (own, use, hold); every other kind is a thing they act on.
PARTIES: tuple[str, ...] = (EntityKind.PERSON.value, EntityKind.ORGANIZATION.value)
THINGS: tuple[str, ...] = tuple(k.value for k in EntityKind if k.value not in PARTIES)

#: code -> (kinds the source may be, kinds the target may be)
FITS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "associate": (PARTIES, PARTIES),
    "family": (("person",), ("person",)),
    "employee_of": (("person",), ("organization",)),
    "owner_of": (PARTIES, ("vehicle", "vessel", "organization", "address")),
    "driver_of": (("person",), ("vehicle",)),
    "crew_of": (("person",), ("vessel",)),
    "member_of": (PARTIES, ("organization",)),
    "uses": (PARTIES, THINGS),
    "holder_of": (PARTIES, ("identity_document", "bank_account", "online_account",
                            "phone")),
    "resides_at": (("person",), ("address",)),
    "located_at": (("organization", "vehicle", "vessel", "phone"), ("address",)),
}


def fits(code: str, source_kind: str, target_kind: str) -> bool:
    rule = FITS.get(code)
    return rule is None or (source_kind in rule[0] and target_kind in rule[1])


def fitting(types: tuple[RelationTypeView, ...] | list[RelationTypeView], source_kind: str,
            target_kind: str) -> list[RelationTypeView]:
    return [t for t in types if fits(t.code, source_kind, target_kind)]
