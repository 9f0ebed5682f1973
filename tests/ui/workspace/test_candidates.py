"""Candidates that can be told apart: date of birth, nationality, identifiers and report
count beside each match; duplicates grouped by entity; Relate offers only the relation
types that fit the two kinds."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from sirat.models import EntityId
from sirat.services.entities import records as entities
from sirat.services.entities.types import EntityDraft, IdentifierValue, NameForm
from sirat.services.reports import links as entity_links
from sirat.services.reports import records as reports
from sirat.services.reports.reference import reference_data
from sirat.services.resolution.pairs import DuplicatePair
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.context import Context
from sirat.ui.editor.links import LinkRow
from sirat.ui.editor.panel import RelateDialog
from sirat.ui.entities.candidates import CandidateFinder
from sirat.ui.registry import build_registry
from sirat.ui.search.duplicates import group_pairs
from sirat.ui.tasks import Tasks
from sirat.vault import Vault
from tests.ui.conftest import LONG
from tests.ui.sample_data import draft


def _savic(vault: Vault, born: str, nationality: str, passport: str) -> int:
    return int(entities.create_entity(vault, EntityDraft(
        "person", (NameForm("Мирко Савић"),),
        (IdentifierValue("document_number", passport, nationality),) if passport else (),
        {"date_of_birth": born, "nationality": nationality})).id)


def test_three_namesakes_can_be_told_apart(qtbot: QtBot, analyst_vault: Vault, tasks: Tasks,
                                           settings: QSettings) -> None:
    first = _savic(analyst_vault, "1979-05-02", "RS", "012345678")
    _savic(analyst_vault, "1985-11-30", "BA", "")
    _savic(analyst_vault, "1992-01-15", "ME", "")
    rid = int(reports.create_report(analyst_vault, draft(1)).id)
    entity_links.link_entity(analyst_vault, rid, first, "suspect")
    context = Context(vault=analyst_vault, tasks=tasks, settings=settings,
                      clipboard=SecureClipboard(), registry=build_registry())
    finder = CandidateFinder(context)
    finder.set_kind("person")
    with qtbot.waitSignal(finder.searched, timeout=LONG):
        finder.typed("Мирко Савић")
    lines = sorted(finder.model.index(r, 0).data() for r in range(finder.model.rowCount()))
    assert len(lines) == 3
    assert len(set(lines)) == 3  # no two look the same
    rs = next(line for line in lines if "1979-05-02" in line)
    assert "born 1979-05-02 · RS" in rs
    assert "012345678" in rs
    assert "in 1 report" in rs
    assert any("born 1985-11-30 · BA" in line and "in no report" in line for line in lines)


def _pair(a: int, b: int, score: int, la: str = "Kulata Trans Ltd",
          lb: str = "Kulata Trans") -> DuplicatePair:
    return DuplicatePair("organization", EntityId(a), la, EntityId(b), lb, score, "possible",
                         ("same name",), "")


def test_duplicates_are_grouped_by_entity_not_by_pair() -> None:
    hub = [_pair(1, n, 90 - n, lb=f"Kulata {n}") for n in range(2, 9)]  # 7 pair rows
    other = [_pair(20, 21, 95, "Ivan Petrov", "Иван Петров")]
    groups = group_pairs(hub + other)
    assert len(groups) == 2
    assert groups[0].hub_label == "Ivan Petrov"  # strongest first
    company = groups[1]
    assert company.hub_label == "Kulata Trans Ltd"
    assert len(company.others) == 7
    assert company.best.score == 88


def test_relate_offers_only_the_types_that_fit(qtbot: QtBot, analyst_vault: Vault) -> None:
    ref = reference_data(analyst_vault)
    links = [LinkRow(1, "person", "Ђорђе", "suspect", 1),
             LinkRow(2, "vehicle", "Škoda Octavia", "vehicle_used", 2),
             LinkRow(3, "person", "Γιώργος", "witness", 3)]
    dialog = RelateDialog(links, ref)
    qtbot.addWidget(dialog)
    dialog.source.setCurrentIndex(0)
    dialog.target.setCurrentIndex(1)  # a person and a vehicle
    offered = {dialog.type.itemData(i) for i in range(dialog.type.count())}
    assert "associate" not in offered
    assert "family" not in offered
    assert {"driver_of", "owner_of", "uses"} <= offered
    dialog.target.setCurrentIndex(2)  # two persons
    offered = {dialog.type.itemData(i) for i in range(dialog.type.count())}
    assert {"associate", "family"} <= offered
    assert "driver_of" not in offered
    dialog.source.setCurrentIndex(1)  # a vehicle "of" a person: nothing fits but "linked to"
    offered = {dialog.type.itemData(i) for i in range(dialog.type.count())}
    assert offered == {"linked_to"}
