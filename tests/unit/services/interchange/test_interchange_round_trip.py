"""Interchange: round trip into a fresh vault, FollowTheMoney acceptance, idempotent import,
and every kind of bad input refused with the vault left exactly as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from followthemoney import model
from sqlalchemy import select

from sirat.models import AuditRecord
from sirat.services.interchange import document as interchange
from sirat.services.interchange.document import InterchangeError
from sirat.services.interchange.importing import import_document
from sirat.services.reports.records import find_report_id
from sirat.vault import Vault
from tests.conftest import open_as
from tests.unit.services.service_helpers import dump, populate


def _fresh(tmp_path: Path) -> Vault:
    """Another vault (a copy of the session template) to import into."""
    dest = tmp_path / "other"
    shutil.copytree(TEMPLATE[0], dest)
    return open_as(dest, "bora")  # an analyst: administrators cannot import reports


TEMPLATE: list[Path] = []


@pytest.fixture(autouse=True)
def _template(template_vault: Path) -> None:
    TEMPLATE[:] = [template_vault]


@pytest.fixture(scope="session")
def exported(template_vault: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The export of ``populate``'s two reports, made once per session."""
    dest = tmp_path_factory.mktemp("exported") / "vault"
    shutil.copytree(template_vault, dest)
    vault = open_as(dest, "ana")
    try:
        return interchange.export_json(vault, populate(vault))
    finally:
        vault.lock()


def _comparable(doc: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in doc.items() if k not in ("exported_at", "source_vault")}
    for key in ("reports", "entities", "relations"):
        out[key] = sorted(out[key], key=lambda r: r["id"])
    for report in out["reports"]:
        report["links"] = sorted(report["links"], key=lambda x: (x["entity"], x["role"]))
    return out


def test_round_trip_into_a_new_vault(analyst_vault: Vault, tmp_path: Path) -> None:
    ids = populate(analyst_vault)
    first = json.loads(interchange.export_json(analyst_vault, ids))
    assert len(first["entities"]) == 10
    assert len(first["relations"]) == 7
    other = _fresh(tmp_path)
    try:
        result = import_document(other, interchange.export_json(analyst_vault, ids))
        assert (result.reports_added, result.entities_added, result.relations_added) == (
            2, 10, 7)
        new_ids = [find_report_id(other, r["reference"]) for r in first["reports"]]
        second = json.loads(interchange.export_json(other, new_ids))
    finally:
        other.lock()
    assert _comparable(second) == _comparable(first)


def test_every_exported_entity_is_accepted_by_followthemoney(exported: bytes) -> None:
    doc = json.loads(exported)
    schemas = set()
    for item in doc["entities"] + doc["relations"]:
        proxy = model.get_proxy(item, cleaned=False)
        proxy.schema.validate(item)
        schemas.add(proxy.schema.name)
        for prop, values in item["properties"].items():
            assert prop in proxy.schema.properties, (proxy.schema.name, prop)
            assert len(proxy.get(prop)) == len(values), (proxy.schema.name, prop)
        for prop in proxy.schema.required:
            if proxy.schema.name not in ("Passport", "Identification"):
                assert item["properties"].get(prop), (proxy.schema.name, prop)
        assert proxy.to_dict()["id"] == item["id"]
    assert {"Person", "Vehicle", "Vessel", "Organization", "Address", "Passport",
            "BankAccount", "UserAccount", "Ownership", "Associate", "Employment",
            "UnknownLink"} <= schemas


def test_fields_ftm_lacks_travel_in_extra(exported: bytes) -> None:
    doc = json.loads(exported)
    car = next(e for e in doc["entities"] if e["schema"] == "Vehicle")
    assert car["extra"]["fields"]["stolen"] == "yes"
    assert {"type": "vin", "value": "WVWZZZ1JZXW000001", "country": ""} in car[
        "extra"]["identifiers"]
    person = next(e for e in doc["entities"] if e["extra"]["names"][0]["script"] == "Cyrl")
    assert person["properties"]["birthDate"] == ["1980-03-14"]
    assert person["extra"]["fields"]["date_of_birth"] == "14.03.1980"
    assert person["properties"]["nationality"] == ["rs"]


def test_importing_twice_adds_nothing(exported: bytes, tmp_path: Path) -> None:
    data = exported
    other = _fresh(tmp_path)
    try:
        import_document(other, data)
        before = {k: v for k, v in dump(other).items() if k != "audit_log"}
        again = import_document(other, data)
        assert (again.reports_added, again.entities_added, again.relations_added,
                again.links_added) == (0, 0, 0, 0)
        assert (again.reports_unchanged, again.entities_unchanged,
                again.relations_unchanged) == (2, 10, 7)
        assert {k: v for k, v in dump(other).items() if k != "audit_log"} == before
    finally:
        other.lock()


def test_foreign_ftm_entity_without_extra_is_read(analyst_vault: Vault, exported: bytes) -> None:
    base = json.loads(exported)
    doc = {**base, "reports": [], "relations": [], "entities": [
        {"id": "ext-person-1", "schema": "Person",
         "properties": {"name": ["Ion Popescu"], "alias": ["Ион Попеску"],
                        "nationality": ["md"], "birthDate": ["1970-05"]}},
        {"id": "ext-ship-1", "schema": "Vessel",
         "properties": {"name": ["Kapitan Ivanov"], "imoNumber": ["9074729"], "flag": ["md"]}},
    ]}
    result = import_document(analyst_vault, json.dumps(doc).encode())
    assert result.entities_added == 2


def _actions(vault: Vault) -> list[str]:
    with vault.session() as s:
        return list(s.scalars(select(AuditRecord.action)))


BAD_CASES = {
    "unknown crime area": (("reports", 0, "crime_area"), "piracy", "crime_area"),
    "evaluation Z": (("reports", 0, "source_reliability"), "Z", "source_reliability"),
    "date 2026-13-40": (("reports", 1, "report_date"), "2026-13-40", "report_date"),
    "ten megabyte narrative": (("reports", 0, "narrative"), "x" * 10_000_000, "narrative"),
    "control character": (("reports", 1, "title"), "bell\x07", "title"),
    "unknown role": (("reports", 0, "links", 0, "role"), "hero", "links[0]"),
    "unknown status": (("reports", 0, "status"), "archived", "status"),
    "relation to missing entity": (("relations", 0, "properties", "owner"), ["nobody"],
                                   "properties.owner"),
    "relation without report": (("relations", 1, "extra", "report"), "nowhere",
                                "extra.report"),
    "link to missing entity": (("reports", 1, "links", 0, "entity"), "ghost", "links[0].entity"),
    "control character in a name": (("entities", 0, "extra", "names", 0, "text"), "A\x00B",
                                    "names[0]"),
    "unknown entity kind": (("entities", 2, "extra", "kind"), "spaceship", "extra.kind"),
    "title not text": (("reports", 0, "title"), 42, "title"),
}


def _set(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_record_names_record_and_field_and_changes_nothing(
    exported: bytes, tmp_path: Path, case: str
) -> None:
    doc = json.loads(exported)
    path, value, field = BAD_CASES[case]
    _set(doc, path, value)
    other = _fresh(tmp_path)
    try:
        before = dump(other)
        with pytest.raises(InterchangeError) as err:
            import_document(other, json.dumps(doc).encode())
        message = str(err.value)
        assert f"Record {path[0]}[{path[1]}]" in message
        assert f"field {field}" in message
        assert "Nothing was imported" in message
        assert "\n" not in message
        assert dump(other) == before
    finally:
        other.lock()


@pytest.mark.parametrize(("mangle", "expected"), [
    (lambda b: b[: len(b) // 2], "ends too early"),
    (lambda b: b.replace(b'"reports"', b"'reports'", 1), "not valid JSON"),
    (lambda b: b"\xff\xfe" + b, "not UTF-8"),
    (lambda b: b"[]", "not a SIRAT interchange file"),
    (lambda b: b.replace(b'"format_version": 1', b'"format_version": 99'), "version 99"),
])
def test_broken_files_are_refused_whole(
    exported: bytes, tmp_path: Path, mangle: Any, expected: str
) -> None:
    data = exported
    other = _fresh(tmp_path)
    try:
        before = dump(other)
        with pytest.raises(InterchangeError, match=expected):
            import_document(other, mangle(data))
        assert dump(other) == before
    finally:
        other.lock()


def test_export_and_import_are_audited(analyst_vault: Vault, tmp_path: Path) -> None:
    ids = populate(analyst_vault)
    data = interchange.export_json(analyst_vault, ids)
    other = _fresh(tmp_path)
    try:
        import_document(other, data)
        actions = _actions(other)
    finally:
        other.lock()
    exported = _actions(analyst_vault)
    assert exported.count("report.export") == 2
    assert actions.count("report.import") == 2
