"""Synthetic entities for the demo generator, as plain rows ready for Core inserts."""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from sirat.services.demo import identifiers as ids
from sirat.services.demo import pools
from sirat.services.entities.checks import name_key, script_of
from sirat.services.formats.identifiers import normalize

FEMALE = frozenset({"Јелена", "Марија", "Мария", "Цветелина", "Билјана", "Μαρία", "Ελένη",
                    "Ioana", "Cristina", "Natalia", "Ayşe", "Elona", "Klodiana", "Ildikó",
                    "Amra", "Milica", "Vesna"})


@dataclass
class Made:
    """One entity: its row, name rows and identifier rows (entity ids filled in later)."""

    kind: str
    label: str
    country: str
    attributes: dict[str, str] = field(default_factory=dict)
    names: list[tuple[str, bool]] = field(default_factory=list)
    identifiers: list[tuple[str, str, str]] = field(default_factory=list)  # type, value, cc
    is_private: bool = False
    birth: tuple[int, int, int] | None = None
    surname_given: tuple[str, str] = ("", "")

    def rows(self, entity_id: int, uid: str, user_id: int, at: str) -> tuple[
            dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
        entity = {"id": entity_id, "uid": uid, "kind": self.kind, "label": self.label,
                  "label_key": name_key(self.label), "is_private": self.is_private,
                  "attributes": json.dumps(dict(sorted(self.attributes.items())),
                                           ensure_ascii=False),
                  "created_at": at, "created_by": user_id, "updated_at": at,
                  "updated_by": user_id}
        names = [{"entity_id": entity_id, "name": text, "script": script_of(text),
                  "is_alias": alias, "position": i, "name_key": name_key(text)}
                 for i, (text, alias) in enumerate(self.names)]
        idents = [{"entity_id": entity_id, "type": t, "value": v,
                   "normalized": normalize(t, v, cc), "country": cc, "position": i}
                  for i, (t, v, cc) in enumerate(self.identifiers)]
        return entity, names, idents


def new_uid(rng: random.Random) -> str:
    return uuid.UUID(int=rng.getrandbits(128), version=4).hex


def _split(entry: str) -> tuple[str, str]:
    original, _, latin = entry.partition("|")
    return original, latin or original


def _birth_text(rng: random.Random, y: int, m: int, d: int) -> str:
    form = rng.random()
    if form < 0.45:
        return f"{y:04d}-{m:02d}-{d:02d}"
    if form < 0.75:
        return f"{d:02d}.{m:02d}.{y:04d}"
    if form < 0.9:
        return f"{y:04d}"
    return f"about {y:04d}"


def person(rng: random.Random, country: str) -> Made:
    given_pool, surname_pool = pools.NAMES[country]
    g_orig, g_lat = _split(rng.choice(given_pool))
    s_orig, s_lat = _split(rng.choice(surname_pool))
    primary = f"{g_orig} {s_orig}"
    names = [(primary, False)]
    latin = f"{g_lat} {s_lat}"
    if latin != primary:
        names.append((latin, True))
    if rng.random() < 0.15:
        names.append((rng.choice(pools.NICKNAMES), True))
    y, m, d = rng.randrange(1955, 2004), rng.randrange(1, 13), rng.randrange(1, 29)
    made = Made("person", primary, country, names=names, birth=(y, m, d),
                surname_given=(s_lat, g_lat))
    made.attributes = {"date_of_birth": _birth_text(rng, y, m, d), "nationality": country,
                       "gender": "female" if g_orig in FEMALE else "male"}
    if rng.random() < 0.3:
        made.attributes["place_of_birth"] = rng.choice(pools.CITIES[country])
    if rng.random() < 0.5:
        number = ids.national_id(rng, country, (y, m, d))
        if number:
            made.identifiers.append(("national_id", number, country))
    return made


def vehicle(rng: random.Random, country: str, stolen: bool) -> Made:
    wmi, make, models = rng.choice(pools.VEHICLES)
    model, year = rng.choice(models), rng.randrange(2012, 2025)
    made = Made("vehicle", "", country)
    made.identifiers = [("vin", ids.vin(rng, wmi, year), ""),
                        ("plate", ids.plate(rng, country), country)]
    made.attributes = {"make": make, "model": model, "year": str(year),
                       "colour": rng.choice(pools.COLOURS), "stolen": "yes" if stolen else "no"}
    made.label = f"{make} {model} {made.identifiers[1][1]}"
    return made


def vessel(rng: random.Random) -> Made:
    flag, mid, prefix = rng.choice(pools.FLAGS)
    name = rng.choice(pools.VESSEL_NAMES)
    made = Made("vessel", name, flag, names=[(name, False)])
    made.identifiers = [("imo", f"IMO {ids.imo(rng)}", ""), ("mmsi", ids.mmsi(rng, mid), flag),
                        ("call_sign", ids.call_sign(rng, prefix), flag)]
    made.attributes = {"flag": flag, "vessel_type": rng.choice(pools.VESSEL_TYPES)}
    return made


def organization(rng: random.Random, country: str) -> Made:
    name = rng.choice(pools.COMPANIES[country])
    made = Made("organization", name, country, names=[(name, False)])
    made.attributes = {"country": country, "org_type": rng.choice(pools.ORG_TYPES)}
    made.identifiers = [("registration_number", f"{rng.randrange(10**8, 10**9)}", country)]
    return made


def address(rng: random.Random, country: str) -> Made:
    city = rng.choice(pools.CITIES[country])
    street = f"{rng.choice(pools.STREETS[country])} {rng.randrange(1, 180)}"
    full = f"{street}, {city}"
    made = Made("address", full, country, is_private=rng.random() < 0.6)
    made.attributes = {"full": full, "street": street, "city": city, "country": country}
    return made


def phone(rng: random.Random, country: str) -> Made:
    number = ids.phone(rng, country)
    return Made("phone", number, country, identifiers=[("phone", number, country)],
                attributes={"country": country})


def document(rng: random.Random, holder: Made) -> Made:
    country = holder.country
    passport = rng.random() < 0.7
    number = ids.passport_number(rng, country)
    expiry = (rng.randrange(2025, 2035), rng.randrange(1, 13), rng.randrange(1, 29))
    kind = "passport" if passport else "identity card"
    made = Made("identity_document", f"{kind} {number}", country)
    made.identifiers = [("document_number", number, country)]
    if passport and holder.birth and rng.random() < 0.4:
        surname, given = holder.surname_given
        sex = "F" if holder.attributes.get("gender") == "female" else "M"
        mrz = ids.passport_mrz(number, country, surname, given, sex, holder.birth, expiry)
        made.identifiers.append(("mrz", mrz, country))
    made.attributes = {"doc_type": kind, "issuing_country": country,
                       "expiry": f"{expiry[0]:04d}-{expiry[1]:02d}-{expiry[2]:02d}"}
    return made


def bank_account(rng: random.Random, country: str) -> Made:
    number = ids.iban(rng, country)
    return Made("bank_account", number, country, identifiers=[("iban", number, "")],
                attributes={"bank": pools.BANKS[country]})


def online_account(rng: random.Random, owner: Made | None) -> Made:
    service = rng.choice(pools.SERVICES)
    base = (owner.surname_given[0] if owner else "user").lower()
    handle = f"@{name_key(base).replace(' ', '')}_{rng.randrange(10, 999)}"
    made = Made("online_account", f"{service}: {handle}", owner.country if owner else "")
    made.identifiers = [("handle", handle, "")]
    made.attributes = {"service": service}
    return made
