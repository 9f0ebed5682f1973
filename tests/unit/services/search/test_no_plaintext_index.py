"""No plaintext index: a canary written into a name and a narrative, then searched for,
never reaches the disk in clear -- not as typed, not folded (the form the index holds)."""

from __future__ import annotations

import secrets
import time

from sirat.names import search_key, search_keys
from sirat.services.reports import records as reports
from sirat.services.reports.links import link_entity
from sirat.services.resolution.candidates import candidates_for_entity
from sirat.services.search.fulltext import rebuild_index, search
from sirat.services.search.text import fold_text
from sirat.vault import Vault
from tests.canary import assert_never_on_disk
from tests.unit.services.search.search_helpers import add, person, report


def test_search_index_holds_no_plaintext(analyst_vault: Vault) -> None:
    start = time.time() - 1
    token = secrets.token_hex(6)
    latin = f"Canaryđ{token}"
    cyrillic = f"Канарче{token}"
    forms = {latin, cyrillic, *search_keys(latin), *search_keys(cyrillic),
             fold_text(f"x {latin} y").primary, search_key(cyrillic)}
    assert all(len(f) >= 12 for f in forms)
    rid = reports.create_report(analyst_vault, report(
        title=f"Title {cyrillic}", narrative=f"Met {latin} at the border. " * 40)).id
    who = add(analyst_vault, person(f"Ivan {latin}", f"Иван {cyrillic}", dob="1980"))
    add(analyst_vault, person(f"Ivan {latin}", dob="1980"))
    link_entity(analyst_vault, rid, who.id, "suspect")
    for query in (latin, cyrillic, search_key(cyrillic), latin[:8] + "*"):
        found = search(analyst_vault, query)
        assert [int(h.report_id) for h in found.reports] == [rid]
        assert who.id in [int(h.entity_id) for h in found.entities]
    assert candidates_for_entity(analyst_vault, who.id)
    rebuild_index(analyst_vault)  # the bulk path writes the same pages
    assert_never_on_disk(analyst_vault, forms, start)
