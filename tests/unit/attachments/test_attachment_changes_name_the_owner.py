"""Adding or deleting an evidence file says which report or entity changed: the report list
and the entity window refresh from it (the app declares nothing itself)."""

from __future__ import annotations

from attach_helpers import DRAFT, photo

from sirat.services.attachments import store as attachments
from sirat.services.entities.records import create_entity
from sirat.services.entities.types import EntityDraft, NameForm
from sirat.services.reports import records as reports
from sirat.vault import Vault
from sirat.vault.changes import collecting


def test_a_report_file_added_and_deleted_names_the_report(analyst_vault: Vault) -> None:
    report = reports.create_report(analyst_vault, DRAFT)
    with collecting() as added:
        view = attachments.add_attachment(analyst_vault, photo(), "photo.jpg",
                                          report_id=report.id)
    with collecting() as deleted:
        attachments.delete_attachment(analyst_vault, view.id)
    assert added.changes.reports == {report.id}
    assert deleted.changes.reports == {report.id}  # by the file's id, the owner is named
    assert not deleted.changes.entities


def test_an_entity_file_deleted_names_the_entity(analyst_vault: Vault) -> None:
    entity = create_entity(analyst_vault, EntityDraft("person", names=(NameForm("Ana B"),)))
    view = attachments.add_attachment(analyst_vault, photo(), "face.jpg", entity_id=entity.id)
    with collecting() as deleted:
        attachments.delete_attachment(analyst_vault, view.id)
    assert deleted.changes.entities == {entity.id}
    assert not deleted.changes.reports
