"""Any text a user can type is stored and read back unchanged (hypothesis, real vault)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sirat.services.entities.records import create_entity, get_entity
from sirat.services.entities.types import EntityDraft, NameForm
from sirat.services.reports import records as reports
from sirat.vault import Vault
from tests.unit.services.service_helpers import draft

# What SIRAT accepts: everything but control characters (tab and newline allowed in
# multi-line fields) and lone surrogates, which cannot be UTF-8 anyway.
LINE_CHARS = st.characters(exclude_categories=("Cc", "Cs"))
MULTI_CHARS = st.one_of(LINE_CHARS, st.sampled_from("\t\n"))
line = st.text(LINE_CHARS, min_size=1, max_size=80).filter(lambda t: t.strip() != "")
multi = st.text(MULTI_CHARS, max_size=400)

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(title=line, summary=multi, narrative=multi, comment=multi,
       keywords=st.lists(line, max_size=4), places=st.lists(line, max_size=3),
       agency=st.text(LINE_CHARS, max_size=40))
def test_report_text_round_trips(
    analyst_vault: Vault, title: str, summary: str, narrative: str, comment: str,
    keywords: list[str], places: list[str], agency: str,
) -> None:
    typed = draft(title=title, summary=summary, narrative=narrative, analyst_comment=comment,
                  keywords=tuple(keywords), places=tuple(places), agency=agency,
                  operation=agency, h3_text=comment, handling_codes=frozenset({"H3"})
                  if comment.strip() else frozenset())
    created = reports.create_report(analyst_vault, typed)
    shown = reports.get_report(analyst_vault, created.id).draft
    assert shown == typed
    history = reports.report_history(analyst_vault, created.id)
    assert history[-1].snapshot["narrative"] == narrative


@SETTINGS
@given(names=st.lists(line, min_size=1, max_size=4), place=st.text(LINE_CHARS, max_size=60))
def test_entity_names_round_trip(analyst_vault: Vault, names: list[str], place: str) -> None:
    typed = EntityDraft("person", names=tuple(NameForm(n, i > 0) for i, n in enumerate(names)),
                        fields={"place_of_birth": place})
    view = get_entity(analyst_vault, create_entity(analyst_vault, typed).id)
    assert view.to_draft() == typed
    assert view.label == names[0].strip()
