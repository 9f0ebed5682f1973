"""The bench's own seeded generator, used until ``sirat.services.demo.generate`` lands.

Per report it writes three report-entity links and one entity-entity relation, and three
entities of every kind overall (persons 40%, vehicles, phones, organisations, addresses,
identity documents, bank and online accounts, vessels), names in their own scripts with a
Latin alias for a third of the Cyrillic and Greek ones. Rows go in with SQLAlchemy Core
``insert()`` in batches of 5,000, one transaction per batch. Same seed, same rows (apart from
the users' key material, which is random by design).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Engine, insert, text

from sirat.bench import synth_words as w
from sirat.bench.tables import batches

KINDS = (  # (kind, share of entities)
    ("person", 0.40), ("vehicle", 0.12), ("phone", 0.12), ("organization", 0.09),
    ("address", 0.09), ("identity_document", 0.07), ("bank_account", 0.05),
    ("online_account", 0.04), ("vessel", 0.02),
)
STATUSES = (("draft", 0.2), ("submitted", 0.1), ("approved", 0.4), ("disseminated", 0.3))
START = date(2019, 1, 1)
DAYS = 8 * 365
STAFF = (("bench-analyst-1", "analyst"), ("bench-analyst-2", "analyst"),
         ("bench-analyst-3", "analyst"), ("bench-supervisor", "supervisor"))


@cache
def _key(value: str) -> str:
    from sirat.services.entity_check import name_key

    return name_key(value)


@cache
def _latin(value: str) -> str:
    from sirat.names.translit import transliterate

    return transliterate(value)


def _script(value: str) -> str:
    from sirat.services.entity_check import script_of

    return script_of(value)


def _norm(kind: str, value: str, country: str = "") -> str:
    from sirat.services.identifiers import normalize

    return normalize(kind, value, country)


def _imo(rng: random.Random) -> str:
    digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(5)]
    check = sum(d * (7 - i) for i, d in enumerate(digits)) % 10
    return "IMO " + "".join(map(str, digits)) + str(check)


def _iban(rng: random.Random, country: str) -> str:
    bban = f"{rng.choice(('BNBG', 'RZBB', 'UNCR', 'ETHN'))}{rng.randint(10**13, 10**14 - 1)}"
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(digits) % 97
    raw = f"{country}{check:02d}{bban}"
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


Ident = tuple[str, str, str]  # type, value, country


@dataclass
class Made:
    """One generated entity before it becomes rows."""

    label: str
    names: list[tuple[str, bool]] = field(default_factory=list)  # (name, is_alias)
    attrs: dict[str, str] = field(default_factory=dict)
    idents: list[Ident] = field(default_factory=list)
    private: bool = False


def _letters(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


class _Gen:
    def __init__(self, rng: random.Random, users: Sequence[int], now: str) -> None:
        self.rng = rng
        self.users = users
        self.now = now

    def uid(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def person(self) -> Made:
        rng = self.rng
        _lang, country, given, surnames = rng.choice(w.PEOPLE)
        name = f"{rng.choice(given)} {rng.choice(surnames)}"
        made = Made(name, [(name, False)])
        if _script(name) != "Latn" and rng.random() < 0.33:
            made.names.append((_latin(name), True))
        birth = START - timedelta(days=rng.randint(20 * 365, 65 * 365))
        made.attrs = {"date_of_birth": birth.isoformat(), "nationality": country,
                      "gender": rng.choice(("male", "female", ""))}
        if rng.random() < 0.3:
            number = f"{rng.choice('ABKPX')}{rng.randint(10**6, 10**7 - 1)}"
            made.idents.append(("document_number", number, country))
        return made

    def entity(self, kind: str) -> Made:
        rng = self.rng
        city, country = rng.choice(w.CITIES)
        if kind == "person":
            return self.person()
        if kind == "vehicle":
            make, wmi = rng.choice(w.MAKES)
            plate = (f"{rng.choice(('CA', 'PB', 'BG', 'SK', 'B', 'TH'))} "
                     f"{rng.randint(1000, 9999)} {_letters(rng, 'ABEKMHPTX', 2)}")
            vin = wmi + _letters(rng, "0123456789ABCDEFGHJKLMNPRSTUVWXYZ", 14)
            attrs = {"make": make, "colour": rng.choice(w.COLOURS),
                     "year": str(rng.randint(2000, 2025))}
            return Made(f"{make} {plate}", [], attrs, [("plate", plate, country),
                                                       ("vin", vin, "")])
        if kind == "vessel":
            name = f"{rng.choice(w.VESSEL_WORDS)} {rng.choice(w.VESSEL_WORDS)}"
            mmsi = f"{rng.choice((207, 237, 239, 240, 264, 271))}{rng.randint(100000, 999999)}"
            return Made(name, [(name, False)], {"flag": country},
                        [("imo", _imo(rng), ""), ("mmsi", mmsi, "")])
        if kind == "organization":
            name = (f"{rng.choice(w.COMPANY_WORDS)} {rng.choice(w.COMPANY_WORDS)} "
                    f"{rng.choice(w.COMPANY_FORMS)}")
            reg = str(rng.randint(10**8, 10**9 - 1))
            return Made(name, [(name, False)], {"country": country},
                        [("registration_number", reg, country)])
        if kind == "address":
            full = f"{rng.choice(w.STREETS)} {rng.randint(1, 200)}, {city}, {country}"
            return Made(full, [], {"full": full, "city": city, "country": country}, [],
                        rng.random() < 0.5)
        if kind == "phone":
            number = f"+359 8{rng.randint(7, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
            return Made(number, [], {"country": "BG"}, [("phone", number, "BG")])
        if kind == "identity_document":
            number = f"{_letters(rng, 'ABKPX', 2)}{rng.randint(10**6, 10**7 - 1)}"
            return Made(f"Passport {number}", [],
                        {"doc_type": "passport", "issuing_country": country},
                        [("document_number", number, country)])
        if kind == "bank_account":
            iban = _iban(rng, rng.choice(("BG", "RO", "GR", "HU")))
            return Made(iban, [], {"bank": "bank"}, [("iban", iban, "")])
        handle = f"@{_latin(self.person().label).lower().replace(' ', '.')}{rng.randint(1, 99)}"
        service = rng.choice(w.SERVICES)
        return Made(f"{service}: {handle}", [], {"service": service}, [("handle", handle, "")])


def _kind_plan(rng: random.Random, n: int) -> list[str]:
    plan = [k for k, share in KINDS for _ in range(round(share * n))]
    plan = (plan + ["person"] * n)[:n]
    rng.shuffle(plan)
    return plan


def _entity_rows(gen: _Gen, n: int, first_id: int) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {"entities": [], "entity_names": [],
                                            "entity_identifiers": []}
    for offset, kind in enumerate(_kind_plan(gen.rng, n)):
        eid = first_id + offset
        made = gen.entity(kind)
        user = gen.rng.choice(gen.users)
        out["entities"].append({
            "id": eid, "uid": gen.uid(), "kind": kind, "label": made.label,
            "label_key": _key(made.label),
            "attributes": json.dumps(made.attrs, ensure_ascii=False), "is_private": made.private,
            "created_at": gen.now, "created_by": user, "updated_at": gen.now,
            "updated_by": user})
        for pos, (name, alias) in enumerate(made.names):
            out["entity_names"].append({
                "entity_id": eid, "name": name, "script": _script(name), "is_alias": alias,
                "position": pos, "name_key": _key(name)})
        for pos, (itype, value, country) in enumerate(made.idents):
            out["entity_identifiers"].append({
                "entity_id": eid, "type": itype, "value": value,
                "normalized": _norm(itype, value, country), "country": country,
                "position": pos})
    return out


def _sentences(rng: random.Random, labels: Sequence[str], count: int) -> str:
    out = []
    for i in range(count):
        subject = labels[i % len(labels)] if labels and rng.random() < 0.35 else \
            rng.choice(w.SUBJECTS)
        out.append(f"{subject} {rng.choice(w.VERBS)} {rng.choice(w.OBJECTS)} "
                   f"{rng.choice(w.CIRCUMSTANCES)}.")
    return " ".join(out)


def _pick_status(rng: random.Random) -> str:
    roll, acc = rng.random(), 0.0
    for status, share in STATUSES:
        acc += share
        if roll < acc:
            return status
    return STATUSES[-1][0]


def _report_rows(gen: _Gen, ref: dict[str, list[str]], ids: range, n_entities: int,
                 labels: dict[int, str], counters: dict[int, int],
                 supervisor: int) -> Iterator[tuple[str, dict[str, Any]]]:
    rng, total = gen.rng, len(ids)
    for i, rid in enumerate(ids):
        day = START + timedelta(days=DAYS * i // max(1, total))
        year = day.year
        counters[year] = counters.get(year, 0) + 1
        linked = sorted({1 + int(n_entities * rng.random() ** 1.4) for _ in range(3)})
        names = [labels[e] for e in linked]
        status = _pick_status(rng)
        at = f"{day.isoformat()}T{rng.randint(7, 19):02d}:{rng.randint(0, 59):02d}:00+00:00"
        city, country = rng.choice(w.CITIES)
        row = {
            "id": rid, "uid": gen.uid(), "reference": f"SIRAT-{year}-{counters[year]:06d}",
            "ref_year": year, "ref_seq": counters[year],
            "title": f"{rng.choice(w.TITLES)} {city}", "crime_area": rng.choice(ref["crime"]),
            "report_date": day.isoformat(), "info_date_text": day.isoformat()[:7],
            "info_date_earliest": day.replace(day=1).isoformat(),
            "info_date_latest": day.isoformat(), "places": json.dumps([city]),
            "reporting_country": country, "agency": "Border Police",
            "operation": f"Task force {rng.choice(w.OBJECTS).upper()}",
            "grading_scheme": ref["scheme"][0], "source_reliability": rng.choice("ABCX"),
            "information_accuracy": rng.choice("1234"),
            "handling_codes": rng.choice(("H0", "H0,H1", "H0,H2", "")), "h3_text": "",
            "classification": rng.choice(ref["class"]),
            "summary": _sentences(rng, names, 2), "narrative": _sentences(rng, names,
                                                                          rng.randint(8, 16)),
            "analyst_comment": _sentences(rng, (), 1),
            "keywords": json.dumps(rng.sample(w.KEYWORDS, 3)), "status": status,
            "author_id": rng.choice(gen.users), "created_at": at,
            "updated_at": at, "version": 1,
            "approved_at": at if status in ("approved", "disseminated") else None,
            "approved_by": supervisor if status in ("approved", "disseminated") else None,
        }
        yield "reports", row
        yield "report_versions", {"report_id": rid, "version": 1, "saved_by": row["author_id"],
                                  "saved_at": at, "snapshot": json.dumps(
                                      {k: row[k] for k in ("title", "summary", "narrative")},
                                      ensure_ascii=False)}
        roles = rng.sample(ref["roles"], min(3, len(ref["roles"])))
        for eid, role in zip(linked, roles, strict=False):
            yield "report_entities", {"report_id": rid, "entity_id": eid, "role": role,
                                      "note": "", "created_at": at,
                                      "created_by": row["author_id"]}
        pair = linked if len(linked) > 1 else [linked[0], 1 + (linked[0] % n_entities)]
        yield "entity_relations", {"uid": gen.uid(), "source_id": pair[0],
                                   "target_id": pair[1],
                                   "relation_type": rng.choice(ref["relations"]),
                                   "report_id": rid, "note": "", "created_at": at,
                                   "created_by": row["author_id"]}


def _insert(engine: Engine, table: str, rows: list[dict[str, Any]]) -> None:
    from sirat.models import Base

    model = Base.metadata.tables[table]
    bind = engine.execution_options(sirat_write=True)
    for batch in batches(rows):
        with bind.begin() as conn:
            conn.execute(insert(model), list(batch))


def add_staff(vault: Any) -> None:
    """Analysts and a supervisor besides the bench's administrator (KDF at the floor: their
    slots are never unlocked by the bench)."""
    from sirat.services.users import add_user
    from sirat.vault.crypto import KDF_FLOOR

    for name, role in STAFF:
        add_user(vault, name, f"{name} passphrase (synthetic)", role, kdf=KDF_FLOOR)


def _staff(engine: Engine) -> tuple[list[int], int]:
    with engine.connect() as conn:
        rows = [(int(r[0]), str(r[1])) for r in conn.execute(
            text("SELECT id, role FROM users WHERE active = 1 ORDER BY id"))]
    analysts = [i for i, role in rows if role == "analyst"] or [rows[0][0]]
    supervisors = [i for i, role in rows if role == "supervisor"] or [rows[0][0]]
    return analysts, supervisors[0]


def generate(vault: Any, *, reports: int, seed: int) -> dict[str, int]:
    """Fill ``vault`` with ``reports`` reports and 3x as many entities and links."""
    rng = random.Random(seed)
    engine = vault.engine
    users, supervisor = _staff(engine)
    with engine.connect() as conn:
        def codes(sql: str) -> list[str]:
            return [str(r[0]) for r in conn.execute(text(sql))]
        ref = {"crime": codes("SELECT code FROM ref_crime_areas ORDER BY code"),
               "class": codes("SELECT code FROM ref_classifications ORDER BY rank")[:3],
               "roles": codes("SELECT code FROM ref_link_roles ORDER BY code"),
               "relations": codes("SELECT code FROM ref_relation_types ORDER BY code"),
               "scheme": codes("SELECT code FROM ref_grading_schemes ORDER BY is_default DESC")}
        first_entity = int(conn.execute(text("SELECT coalesce(max(id), 0) FROM entities"))
                           .scalar_one()) + 1
        first_report = int(conn.execute(text("SELECT coalesce(max(id), 0) FROM reports"))
                           .scalar_one()) + 1
    gen = _Gen(rng, users, "2026-11-28T00:00:00+00:00")
    n_entities = 3 * reports
    rows = _entity_rows(gen, n_entities, first_entity)
    labels = {r["id"] - first_entity + 1: r["label"] for r in rows["entities"]}
    for table in ("entities", "entity_names", "entity_identifiers"):
        _insert(engine, table, rows[table])
    counts = {k: len(v) for k, v in rows.items()}
    del rows
    counters: dict[int, int] = {}
    chunk = 5_000
    for start in range(0, reports, chunk):
        ids = range(first_report + start, first_report + min(reports, start + chunk))
        part: dict[str, list[dict[str, Any]]] = {}
        for table, row in _report_rows(gen, ref, ids, n_entities, labels, counters,
                                       supervisor):
            part.setdefault(table, []).append(dict(row, **_shift(row, first_entity)))
        for table in ("reports", "report_versions", "report_entities", "entity_relations"):
            _insert(engine, table, part.get(table, []))
            counts[table] = counts.get(table, 0) + len(part.get(table, []))
    _insert(engine, "report_counters", [{"year": y, "last": n} for y, n in counters.items()])
    return counts


def _shift(row: dict[str, Any], first_entity: int) -> dict[str, Any]:
    """Entity numbers are 1-based in the plan; ids start after what the vault held."""
    out: dict[str, Any] = {}
    for key in ("entity_id", "source_id", "target_id"):
        if key in row:
            out[key] = row[key] + first_entity - 1
    return out
