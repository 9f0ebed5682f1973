"""The demo generator: deterministic, complete, and every value passes the same checks an
analyst's input would."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from followthemoney import model
from sqlalchemy import select

from sirat.models import Entity, EntityIdentifier, EntityName, Report
from sirat.services.demo.generate import generate
from sirat.services.entities.checks import check_entity, identifier_warnings
from sirat.services.entities.records import entity_view
from sirat.services.interchange import document as interchange
from sirat.services.reports.records import draft_of, get_report
from sirat.services.reports.reference import load_reference
from sirat.services.reports.validation import check_report
from sirat.vault import Vault
from tests.conftest import open_as
from tests.unit.services.service_helpers import dump

N = 120


@pytest.fixture(scope="module")
def demo_vault(template_vault: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("demo") / "vault"
    shutil.copytree(template_vault, dest)
    vault = open_as(dest, "admin")
    try:
        generate(vault, reports=N, seed=42, batch_size=50)
    finally:
        vault.lock()
    return dest


@pytest.fixture
def demo(demo_vault: Path) -> Iterator[Vault]:
    vault = open_as(demo_vault, "ana")
    yield vault
    vault.lock()


def test_same_seed_same_content(template_vault: Path, tmp_path: Path) -> None:
    contents = []
    for name in ("a", "b"):
        shutil.copytree(template_vault, tmp_path / name)
        vault = open_as(tmp_path / name, "admin")
        try:
            generate(vault, reports=30, seed=7, batch_size=20)
            tables = dump(vault)
        finally:
            vault.lock()
        tables.pop("audit_log")
        contents.append(tables)
    assert contents[0] == contents[1]
    assert len(contents[0]["reports"]) == 30


def test_covers_every_area_state_and_kind(demo: Vault) -> None:
    with demo.session() as s:
        reports = list(s.scalars(select(Report)))
        kinds = Counter(s.scalars(select(Entity.kind)))
        scripts = set(s.scalars(select(EntityName.script)))
        names = list(s.scalars(select(EntityName.name)))
        refs = [r.reference for r in sorted(reports, key=lambda r: r.id)]
    assert len(reports) == N
    assert {r.crime_area for r in reports} == {a.code for a in load_reference_of(demo)}
    assert {r.status for r in reports} == {"draft", "submitted", "approved", "disseminated"}
    assert any(r.status == "draft" and r.returned_at for r in reports)
    assert set(kinds) == {"person", "vehicle", "vessel", "organization", "address", "phone",
                          "identity_document", "bank_account", "online_account"}
    assert {"Latn", "Cyrl", "Grek"} <= scripts
    text = " ".join(names)
    for letter in "șțğıëçđő":
        assert letter in text.lower(), letter
    assert len(set(refs)) == N
    assert all(r.approved_by != r.author_id for r in reports if r.approved_by)


def load_reference_of(vault: Vault) -> tuple[object, ...]:
    with vault.session() as s:
        return load_reference(s).crime_areas


def test_every_report_and_entity_passes_validation(demo: Vault) -> None:
    with demo.session() as s:
        ref = load_reference(s)
        for report in s.scalars(select(Report)):
            assert check_report(draft_of(report), ref).items == [], report.id
        for entity in s.scalars(select(Entity)):
            draft = entity_view(s, entity, full=False).to_draft()
            assert check_entity(draft).items == [], entity.id
            assert identifier_warnings(draft.identifiers) == [], entity.id


def test_identifiers_of_every_type_are_present(demo: Vault) -> None:
    with demo.session() as s:
        types = set(s.scalars(select(EntityIdentifier.type)))
    assert {"vin", "plate", "imo", "mmsi", "call_sign", "phone", "iban", "national_id",
            "document_number", "mrz", "handle", "registration_number"} <= types


def test_demo_reports_open_and_export_cleanly(demo: Vault) -> None:
    view = get_report(demo, 1)
    assert view.links
    doc = json.loads(interchange.export_json(demo, range(1, 31)))
    for item in doc["entities"] + doc["relations"]:
        proxy = model.get_proxy(item, cleaned=False)
        proxy.schema.validate(item)
        for prop, values in item["properties"].items():
            assert len(proxy.get(prop)) == len(values), (item["schema"], prop)
