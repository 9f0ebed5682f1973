"""An administrator cannot bring reports or entities into the vault by an import: the
interchange import, the exchange package import and the spreadsheet import refuse before
anything is read or written (the drafts would be stranded: administrators cannot submit,
and nobody else may edit them). The refusal says why and what to do, in one sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from sirat.errors import PermissionDenied
from sirat.services.interchange import document as interchange
from sirat.services.interchange.importing import import_document
from sirat.services.sheets.importer import import_sheet
from sirat.services.sheets.reader import read_table
from sirat.vault import Vault
from tests.conftest import open_as
from tests.ui.sample_data import legacy_admin_draft
from tests.unit.services.service_helpers import dump, populate

PEOPLE = "Name,Born\nЂорђе Јовановић,1970-01-02\nΓιώργος Παπαδόπουλος,1981-05-06\n"


def test_an_administrator_cannot_import_an_interchange_file(
        analyst_vault: Vault, vault_path: Path, template_vault: Path, tmp_path: Path) -> None:
    import shutil

    data = interchange.export_json(analyst_vault, populate(analyst_vault))
    shutil.copytree(template_vault, tmp_path / "other")
    admin = open_as(tmp_path / "other", "admin")
    try:
        before = dump(admin)
        with pytest.raises(PermissionDenied) as refused:
            import_document(admin, data)
        assert refused.value.message == ("Administrators manage users, keys and certificates "
                                         "and cannot import reports.")
        assert "analyst" in refused.value.hint
        assert dump(admin) == before  # nothing written, not even an audit record
    finally:
        admin.lock()
    # The same file by an analyst of that vault goes in.
    bora = open_as(tmp_path / "other", "bora")
    try:
        assert import_document(bora, data).reports_added == 2
    finally:
        bora.lock()


def test_an_administrator_cannot_import_a_sheet_even_into_a_legacy_draft_of_theirs(
        analyst_vault: Vault, vault_path: Path) -> None:
    admin = open_as(vault_path, "admin")
    try:
        report_id = legacy_admin_draft(analyst_vault, int(admin.info.user_id))
        before = dump(admin)
        with pytest.raises(PermissionDenied, match="cannot import entities into reports"):
            import_sheet(admin, read_table(PEOPLE.encode()), "person", {0: "name"},
                         report_id, "suspect")
        assert dump(admin) == before
    finally:
        admin.lock()
