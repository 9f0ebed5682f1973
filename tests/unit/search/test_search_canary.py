"""No plaintext index: a canary written into a name and a narrative, then searched for,
never reaches the disk in clear -- not as typed, not folded (the form the index holds)."""

from __future__ import annotations

import os
import secrets
import tempfile
import time
from pathlib import Path

from sirat.names import search_key, search_keys
from sirat.services import reports
from sirat.services.entity_links import link_entity
from sirat.services.resolution import candidates_for_entity
from sirat.services.search import rebuild_index, search
from sirat.services.search_text import fold_text
from sirat.vault import Vault
from tests.unit.search.search_helpers import add, person, report

MAX_SCAN = 64 * 1024 * 1024


def _files_since(folder: Path, since: float) -> list[Path]:
    out = []
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            try:
                st = path.stat()
            except OSError:
                continue
            if st.st_mtime >= since and st.st_size <= MAX_SCAN and path.is_file():
                out.append(path)
    return out


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
    for phase in ("open", "closed"):
        if phase == "closed":
            analyst_vault.lock()
        files = _files_since(analyst_vault.path, start)
        files += _files_since(Path(tempfile.gettempdir()), start)
        assert any(p.name == "vault.db" for p in files)
        if phase == "open":
            assert any(p.name.endswith("-wal") for p in files)
        for path in files:
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                continue  # a file another process removed since the listing
            for form in forms:
                for encoded in (form.encode(), form.lower().encode(), form.upper().encode()):
                    assert encoded not in data, (phase, path.name)
