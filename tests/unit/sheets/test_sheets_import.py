"""Spreadsheet import on a real vault: encodings, XLSX, mapping saved by name, a preview that
writes nothing, all or nothing, warnings accepted and audited, rows linked to existing
entities, hostile files refused in one sentence."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from sirat.errors import SiratError
from sirat.services.audit import log as audit
from sirat.services.entities.records import create_entity, get_entity
from sirat.services.entities.types import EntityDraft, NameForm
from sirat.services.reports import records as reports
from sirat.services.sheets import mapping as m
from sirat.services.sheets.importer import SheetRefused, import_sheet
from sirat.services.sheets.preview import preview_sheet
from sirat.services.sheets.reader import SheetError, read_table
from sirat.vault import Vault
from tests.unit.services.service_helpers import draft, dump

PEOPLE = ("Name;Alias;Born;Nationality\n"
          "Ђорђе Јовановић;Djordje Jovanovic;14.03.1980;RS\n"
          "Γιώργος Παπαδόπουλος;Giorgos Papadopoulos;about 1975;GR\n"
          "Şükrü Yılmaz;;1969;TR\n")
def _last_import(vault: Vault) -> audit.AuditEntry:
    from tests.conftest import open_as

    admin = open_as(vault.info.path, "admin")
    try:
        return [e for e in audit.list_records(admin) if e.action == "sheet.import"][-1]
    finally:
        admin.lock()


MAP = {0: "name", 1: "alias", 2: "field:date_of_birth", 3: "field:nationality"}


@pytest.mark.parametrize(("text", "encoding"), [
    ("Name\nПетров Иван\nАндрей Сидоров\n", "cp1251"),
    ("Name\nΓιώργος Παπαδόπουλος\nΚώστας\n", "cp1253"),
    ("Name\nĐorđe Šćekić\nŁódź Wrocław\n", "cp1250"),
    ("Name\nЂорђе\nΓιώργος\n", "utf-16"),
    ("Name\nЂорђе\nΓιώργος\n", "utf-8"),
])
def test_encodings_are_detected(text: str, encoding: str) -> None:
    table = read_table(text.encode(encoding))
    assert table.encoding == encoding
    assert table.rows[0][0] == text.splitlines()[1]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_detected(codec: str) -> None:
    """Phone-extraction tools write UTF-16 without a byte-order mark."""
    text = "Name;Phone\nЂорђе Јовановић;+381641234567\nΓιώργος Παπαδόπουλος;+302101234567\n"
    table = read_table(text.encode(codec))
    assert table.encoding == "utf-16"
    assert table.headers == ("Name", "Phone")
    assert table.rows[1] == ("Γιώργος Παπαδόπουλος", "+302101234567")
    assert read_table(text.encode(codec), "utf-16").rows == table.rows  # chosen, too


def test_a_chosen_encoding_wins_and_a_wrong_one_is_one_sentence() -> None:
    data = "Name\nΚώστας\n".encode("cp1253")
    assert read_table(data, "cp1253").rows == (("Κώστας",),)
    with pytest.raises(SheetError, match="not UTF-8 text"):
        read_table(data, "utf-8")


def test_xlsx_is_read_with_dates_as_iso() -> None:
    import datetime as dt

    wb = Workbook()
    ws = wb.active
    ws.append(["Name", "Born", "Year"])
    ws.append(["Ђорђе Јовановић", dt.datetime(1980, 3, 14), 1999])
    buf = io.BytesIO()
    wb.save(buf)
    table = read_table(buf.getvalue())
    assert table.file_kind == "xlsx"
    assert table.rows == (("Ђорђе Јовановић", "1980-03-14", "1999"),)


def test_an_xlsx_bomb_is_refused_before_openpyxl_reads_it() -> None:
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    with pytest.raises(SheetError, match="zip bomb"):
        read_table(raw.getvalue())


@pytest.mark.parametrize("data", [b"", b"\n\n", b"\x00\x01\x02garbage", b"PK\x03\x04junk"])
def test_garbage_is_one_sentence(data: bytes) -> None:
    with pytest.raises(SheetError, match="cannot be read"):
        read_table(data)


def test_preview_writes_nothing_and_names_every_problem_and_warning(
        analyst_vault: Vault) -> None:
    rid = reports.create_report(analyst_vault, draft()).id
    text = PEOPLE + "Nobody Known;;31.02.1990;XX\n"
    table = read_table(text.encode())
    before = dump(analyst_vault)
    result = preview_sheet(analyst_vault, table, "person", MAP)
    assert dump(analyst_vault) == before
    assert result.refused == 1
    bad = result.rows[3]
    assert bad.line == 5
    assert any("date_of_birth" in p for p in bad.problems)
    assert any("nationality" in p for p in bad.problems)
    with pytest.raises(SheetRefused, match="line 5"):
        import_sheet(analyst_vault, table, "person", MAP, rid, "mentioned")
    assert dump(analyst_vault) == before  # all or nothing


def test_import_links_every_row_keeps_scripts_and_is_audited(analyst_vault: Vault) -> None:
    rid = reports.create_report(analyst_vault, draft()).id
    table = read_table(PEOPLE.encode("utf-8"))
    done = import_sheet(analyst_vault, table, "person", MAP, rid, "suspect")
    assert (done.rows, done.created, done.linked_existing) == (3, 3, 0)
    view = reports.get_report(analyst_vault, rid)
    labels = sorted(link.label for link in view.links)
    assert labels == sorted(["Ђорђе Јовановић", "Γιώργος Παπαδόπουλος", "Şükrü Yılmaz"])
    person = get_entity(analyst_vault, view.links[0].entity_id)
    assert person.names[0].script in ("Cyrl", "Grek", "Latn")
    rec = _last_import(analyst_vault)
    assert len(rec.details["created"]) == 3
    # Found again by search and by resolution: indexed like typed entities.
    from sirat.services.search.fulltext import search_entities

    assert search_entities(analyst_vault, "Djordje Jovanovic")


def test_identifier_warnings_are_shown_then_accepted_and_audited(analyst_vault: Vault) -> None:
    rid = reports.create_report(analyst_vault, draft()).id
    table = read_table(b"VIN,Plate,Country,Make\nWVWZZZ1JZXW000002,BG 1234 AB,BG,VW\n")
    cols = {0: "id:vin", 1: "id:plate", 2: "country:plate", 3: "field:make"}
    result = preview_sheet(analyst_vault, table, "vehicle", cols)
    assert result.refused == 0
    assert result.warned == 1  # the VIN's check digit
    import_sheet(analyst_vault, table, "vehicle", cols, rid, "vehicle_used")
    rec = _last_import(analyst_vault)
    assert rec.details["overridden"]


def test_a_row_linked_to_an_existing_entity_creates_nothing(analyst_vault: Vault) -> None:
    rid = reports.create_report(analyst_vault, draft()).id
    known = create_entity(analyst_vault, EntityDraft("person", (NameForm("Şükrü Yılmaz"),)))
    table = read_table(PEOPLE.encode())
    result = preview_sheet(analyst_vault, table, "person", MAP)
    assert known.id in [c.entity_id for c in result.rows[2].candidates]
    done = import_sheet(analyst_vault, table, "person", MAP, rid, "suspect", {2: known.id})
    assert (done.created, done.linked_existing) == (2, 1)
    assert known.id in [link.entity_id for link in reports.get_report(analyst_vault, rid).links]


def test_only_the_author_imports_into_a_draft(analyst_vault: Vault, vault_path: object) -> None:
    from tests.conftest import open_as

    rid = reports.create_report(analyst_vault, draft()).id
    other = open_as(vault_path, "bora")  # type: ignore[arg-type]
    try:
        with pytest.raises(SiratError, match="author"):
            import_sheet(other, read_table(PEOPLE.encode()), "person", MAP, rid, "suspect")
    finally:
        other.lock()


def test_a_mapping_is_saved_by_name_and_applied_by_header(analyst_vault: Vault) -> None:
    table = read_table(PEOPLE.encode())
    m.save_mapping(analyst_vault, "Border police persons", "person", table.headers, MAP)
    saved = m.load_mapping(analyst_vault, "Border police persons")
    reordered = read_table(b"nationality;NAME\nRS;Petar Petrovic\n")
    assert m.for_headers(saved, reordered.headers) == {0: "field:nationality", 1: "name"}
    assert [s.name for s in m.list_mappings(analyst_vault)] == ["Border police persons"]
    from tests.conftest import open_as

    admin = open_as(analyst_vault.info.path, "admin")
    try:
        saves = [e for e in audit.list_records(admin) if e.action == "sheet.mapping_save"]
    finally:
        admin.lock()
    assert len(saves) == 1
    assert saves[0].details == {"kind": "person", "columns": len(MAP)}
    assert "Border police" not in str(saves[0])  # the name is user text: not in the log


def test_a_mapping_to_a_field_the_kind_lacks_is_refused(analyst_vault: Vault) -> None:
    table = read_table(PEOPLE.encode())
    with pytest.raises(SiratError, match="has no field"):
        preview_sheet(analyst_vault, table, "vessel", {0: "field:date_of_birth"})
    with pytest.raises(SiratError, match="No column is mapped"):
        preview_sheet(analyst_vault, table, "person", {0: ""})


PASSENGERS = ("Name;Alias;Born;Passport\n"
              "Ђорђе Јовановић;;14.03.1980;012345678\n"
              "Γιώργος Παπαδόπουλος;;about 1975;AB1234567\n"
              "Djordje Jovanovic;Đorđe J.;15.03.1980;012345678\n"  # same passport
              "Γιώργος Παπαδόπουλος;;about 1975;AB1234567\n")  # the very same row
PASS_MAP = {0: "name", 1: "alias", 2: "field:date_of_birth", 3: "id:document_number"}


def test_two_rows_for_one_person_make_one_entity(analyst_vault: Vault) -> None:
    rid = reports.create_report(analyst_vault, draft()).id
    table = read_table(PASSENGERS.encode("utf-8"))
    result = preview_sheet(analyst_vault, table, "person", PASS_MAP)
    assert result.refused == 0
    assert [r.same_as for r in result.rows] == [None, None, 0, 1]
    assert result.repeated == 2
    note = result.rows[2].warnings[0]
    assert note.startswith("Same entity as line 2")
    assert "date_of_birth kept" in note  # 15.03 differs: the first row's is kept, said so
    done = import_sheet(analyst_vault, table, "person", PASS_MAP, rid, "suspect")
    assert (done.rows, done.created, done.repeated) == (4, 2, 2)
    view = reports.get_report(analyst_vault, rid)
    assert len(view.links) == 2
    djordje = next(get_entity(analyst_vault, link.entity_id) for link in view.links
                   if link.label == "Ђорђе Јовановић")
    assert {n.text for n in djordje.names} == {"Ђорђе Јовановић", "Djordje Jovanovic",
                                                "Đorđe J."}
    assert djordje.fields["date_of_birth"] == "14.03.1980"
    assert len(djordje.identifiers) == 1


def test_one_audit_record_per_entity_created(analyst_vault: Vault) -> None:
    from tests.conftest import open_as

    rid = reports.create_report(analyst_vault, draft()).id
    done = import_sheet(analyst_vault, read_table(PASSENGERS.encode()), "person", PASS_MAP,
                        rid, "suspect")
    summary = _last_import(analyst_vault)
    admin = open_as(analyst_vault.info.path, "admin")
    try:
        records = audit.list_records(admin)
        from sirat.services import integrity

        assert integrity.verify(admin).ok  # the bulk records chain like any other
    finally:
        admin.lock()
    created = [e for e in records if e.action == "entity.create"
               and e.details.get("sheet", {}).get("report") == rid]
    assert sorted(int(e.object_id) for e in created) == sorted(summary.details["created"])
    assert len(created) == done.created == 2
    assert sorted(e.details["sheet"]["line"] for e in created) == [2, 3]
    assert all(e.actor_id == analyst_vault.info.user_id for e in created)


@pytest.mark.slow
def test_kill_9_inside_the_import_leaves_nothing_and_the_sheet_imports_again(
        analyst_vault: Vault, tmp_path: Path) -> None:
    """The importing process dies after every row was written, before the commit: no
    entity, link, search row or audit record survives, and the same sheet then imports
    whole."""
    import os
    import signal
    import subprocess
    import sys

    from tests.conftest import ANALYST
    from tests.unit.sheets.sheet_import_proc import MAP as CHILD_MAP

    rid = reports.create_report(analyst_vault, draft()).id
    rows = "".join(f"Petar Petrović {i};Pera {i};1970;RS\n" for i in range(500))
    sheet = tmp_path / "passengers.csv"
    sheet.write_bytes(("Name;Alias;Born;Nationality\n" + rows).encode("utf-8"))
    before = dump(analyst_vault)
    here = Path(__file__).parent
    env = {**os.environ, "SIRAT_PASSPHRASE": ANALYST[1], "PYTHONPATH": str(here.parents[2])}
    proc = subprocess.run(
        [sys.executable, str(here / "sheet_import_proc.py"), str(analyst_vault.info.path),
         ANALYST[0], str(rid), str(sheet)],
        env=env, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert proc.stdout.split() == ["written"]
    after = dump(analyst_vault)
    new_records = after.pop("audit_log")[len(before["audit_log"]):]
    before.pop("audit_log")
    assert after == before  # not one entity, name, link or search row
    assert not {r[3] for r in new_records} & {"entity.create", "sheet.import"}
    done = import_sheet(analyst_vault, read_table(sheet.read_bytes()), "person", CHILD_MAP,
                        rid, "suspect")
    assert (done.rows, done.created) == (500, 500)
