"""Saving one report through the services, beside the same rows written raw.

``save.report`` is ``create_report`` (one transaction: the report, its first version, an
audit record). ``save.report_links`` is what an analyst's first save of a report with three
linked entities costs through the services today (``create_report`` then ``link_entity``
three times: four transactions). Each baseline replays the rows the services wrote, read back
from the vault, through raw ``executemany`` on the encrypted connection in ONE transaction
(the audit rows extend the chain, as the append-only trigger demands).
"""

from __future__ import annotations

import random
import uuid
from typing import Any

from sirat.bench import dataset
from sirat.bench.context import Context
from sirat.bench.core import Measurement, Spec, time_calls
from sirat.domain.vocab import EntityId
from sirat.vault import engine as eng

SAVE = Spec("save.report", "save one report (create_report)", "ms", None, "none",
            "same rows raw, 1 transaction")
SAVE_LINKS = Spec("save.report_links", "save one report + 3 links (services)", "ms", None,
                  "none", "same rows raw, 1 transaction")

_AUDIT_COLS = ("at", "actor_id", "action", "object_type", "object_id", "details", "hash")


def _draft(ref: Any, i: int) -> Any:
    from sirat.services.reports.types import ReportDraft

    scheme = ref.scheme(ref.default_scheme)
    return ReportDraft(
        title=f"Bench report {i}: container seized at the port",
        crime_area=ref.crime_areas[i % len(ref.crime_areas)].code,
        report_date="2026-11-20",
        reporting_country="BG",
        source_reliability=scheme.source_reliability[1].code,
        information_accuracy=scheme.information_accuracy[1].code,
        classification=ref.classifications[0].code,
        information_date="about 2026-10",
        summary="Cigarettes declared as furniture; the lorry crossed at Kulata.",
        narrative=" ".join(["The driver was stopped at the border crossing."] * 12),
        keywords=("cigarettes", "container"),
    )


def _rows(conn: Any, table: str, where: str, args: tuple[Any, ...]) -> list[dict[str, Any]]:
    cur = conn.execute(f'SELECT * FROM "{table}" WHERE {where} ORDER BY rowid', args)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur]


class _Replay:
    """Writes copies of one saved report's rows with fresh ids and unique keys."""

    def __init__(self, conn: Any, rows: dict[str, list[dict[str, Any]]]) -> None:
        self.conn = conn
        self.rows = rows
        self.n = int(conn.execute(
            "SELECT coalesce(max(ref_seq), 0) FROM reports WHERE ref_year = 9999").fetchone()[0])

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        cols = [c for c in row if c != "id"]
        sql = (f'INSERT INTO "{table}" ({", ".join(cols)}) '
               f'VALUES ({", ".join("?" for _ in cols)})')
        return int(self.conn.execute(sql, [row[c] for c in cols]).lastrowid)

    def __call__(self) -> None:
        self.n += 1
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        report = dict(self.rows["reports"][0])
        report.update(uid=uuid.uuid4().hex, ref_year=9999, ref_seq=self.n,
                      reference=f"SIRAT-9999-{self.n:06d}")
        rid = self._insert("reports", report)
        for row in self.rows["report_versions"]:
            self._insert("report_versions", dict(row, report_id=rid))
        links = [dict(r, report_id=rid) for r in self.rows["report_entities"]]
        if links:
            cols = [c for c in links[0] if c != "id"]
            conn.executemany(
                f'INSERT INTO report_entities ({", ".join(cols)}) '
                f'VALUES ({", ".join("?" for _ in cols)})',
                [[r[c] for c in cols] for r in links],
            )
        for row in self.rows["audit_log"]:
            conn.execute(
                f"INSERT INTO audit_log (id, prev_hash, {', '.join(_AUDIT_COLS)}) VALUES ("
                "(SELECT COALESCE(MAX(id), 0) + 1 FROM audit_log), "
                "(SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), "
                f"{', '.join('?' for _ in _AUDIT_COLS)})",
                [row[c] for c in _AUDIT_COLS],
            )
        conn.execute("COMMIT")


def _measure(ctx: Context, links: int) -> Measurement:
    from sirat.services.reports.links import link_entity
    from sirat.services.reports.records import create_report
    from sirat.services.reports.reference import reference_data

    bench = ctx.bench()
    vault = dataset.unlock_analyst(bench)  # reports are written by analysts
    ctx.on_close(vault.lock)
    ref = reference_data(vault)
    conn = eng.connect(bench.db_path, ctx.key())  # the baseline writes on a raw connection
    try:
        rng = random.Random(ctx.seed)
        n_entities = int(conn.execute("SELECT max(id) FROM entities").fetchone()[0] or 0)
        roles = [r.code for r in ref.link_roles]
        counter = iter(range(10**9))
        last: dict[str, int] = {}

        def save() -> None:
            i = next(counter)
            last["audit"] = int(conn.execute("SELECT max(id) FROM audit_log").fetchone()[0])
            view = create_report(vault, _draft(ref, i))
            for k in range(links):
                entity = EntityId(rng.randint(1, n_entities))
                link_entity(vault, view.id, entity, roles[k % len(roles)])
            last["report"] = int(view.id)

        cpu: list[float] = []
        samples = time_calls(save, ctx.samples, warmup=1, cpu=cpu)
        rid = last["report"]
        rows = {
            "reports": _rows(conn, "reports", "id = ?", (rid,)),
            "report_versions": _rows(conn, "report_versions", "report_id = ?", (rid,)),
            "report_entities": _rows(conn, "report_entities", "report_id = ?", (rid,)),
            "audit_log": _rows(conn, "audit_log", "id > ?", (last["audit"],)),
        }
        baseline = time_calls(_Replay(conn, rows), ctx.samples, warmup=1)
    finally:
        conn.close()
    return Measurement(samples, baseline=baseline, cpu=cpu,
                       extra={"rows_per_save": sum(len(v) for v in rows.values()),
                              "transactions": 1 + links})


def save_report(ctx: Context) -> Measurement:
    return _measure(ctx, 0)


def save_report_links(ctx: Context) -> Measurement:
    return _measure(ctx, 3)


FIGURES = [(SAVE, save_report), (SAVE_LINKS, save_report_links)]
