"""Whole-vault import at the bench's scale (no cap), search-index pages included (issue 16).

Every row of the bench vault -- the tables the import writes *and* the search index's own
tables (the FTS5 shadow tables ``*_data``, ``*_idx``, ``*_docsize``: the index's pages as the
vault stores them) -- is written again into an empty database with the vault's schema, raw
``executemany``, 5,000 rows per transaction, two ways:

1. the encrypted vault database (:func:`sirat.vault.engine.connect`: key, pragmas, WAL);
2. SQLCipher's own SQLite without a key, same schema, same pragmas -- the fair baseline.

Rows are streamed from the source in batches (a 1.0 vault holds ~3 million rows: the
five-path figures of :mod:`sirat.bench.fig_import` keep every row in memory three times,
which is why they stop at 25,000 reports); only the inserts and commits are timed, in CPU
(this thread runs SQLite) and wall. Tokenising the text is not part of this figure: it is
the same work on both sides, and ``search.index_build`` times the whole rebuild.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from sirat.bench import tables
from sirat.bench.context import Context
from sirat.bench.core import Measurement, Spec
from sirat.vault import engine as eng

WHOLE = Spec("import.whole_vault", "whole-vault import, search-index pages included, encrypted",
             "s", 1.2, "ratio", "sqlcipher3 unkeyed, same schema")
INDEX_TABLES = ("_data", "_idx", "_docsize")


def _index_tables(conn: Any) -> list[str]:
    virtual = [str(r[0]) for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%' "
        "ORDER BY name")]
    return [v + s for v in virtual for s in INDEX_TABLES]


def _plan(source: Any, empty: Any) -> list[tuple[str, str, str, int]]:
    """(table, select, insert, rows): ordinary tables in foreign-key order, then the index."""
    plan = []
    for table in tables.table_order(source):
        if tables.row_count(empty, table) or not tables.row_count(source, table):
            continue  # reference data the migrations write; empty tables
        plan.append((table, "INSERT"))
    plan += [(t, "INSERT OR REPLACE") for t in _index_tables(source)]  # ids 1 and 10 exist
    out = []
    for table, verb in plan:
        rows = tables.row_count(source, table)
        if not rows:
            continue
        columns = [str(r[1]) for r in source.execute(f'PRAGMA table_info("{table}")')]
        cols = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        out.append((table, f'SELECT {cols} FROM "{table}"',
                    f'{verb} INTO "{table}" ({cols}) VALUES ({marks})', rows))
    return out


def _copy(source: Any, target: Any, plan: list[tuple[str, str, str, int]]) -> tuple[float, float]:
    """Stream every planned table into ``target``; (CPU, wall) seconds of the writes only."""
    cpu = wall = 0.0
    for _, select, insert, _ in plan:
        cursor = source.execute(select)
        while batch := cursor.fetchmany(tables.BATCH):
            c, w = time.process_time(), time.perf_counter()
            target.execute("BEGIN")
            target.executemany(insert, batch)
            target.execute("COMMIT")
            cpu += time.process_time() - c
            wall += time.perf_counter() - w
    c, w = time.process_time(), time.perf_counter()
    target.close()  # its checkpoint is part of writing the import
    return cpu + time.process_time() - c, wall + time.perf_counter() - w


def whole_vault(ctx: Context) -> Measurement:
    bench, key = ctx.bench(), ctx.key()
    root = Path(tempfile.mkdtemp(prefix="whole-", dir=ctx.subdir("import-whole")))
    source = eng.connect(bench.db_path, key, readonly=True)
    try:
        empty = tables.create_encrypted(root / "probe", key)
        probe = eng.connect(empty, key)
        try:
            plan = _plan(source, probe)
        finally:
            probe.close()
        runs = 1 if ctx.quick or bench.scale >= 0.5 else ctx.runs
        samples: list[float] = []
        cpu: list[float] = []
        baseline: list[float] = []
        baseline_cpu: list[float] = []
        for run in range(runs):
            for kind in (("enc", "same") if run % 2 == 0 else ("same", "enc")):
                folder = Path(tempfile.mkdtemp(dir=root))
                if kind == "enc":
                    target = eng.connect(tables.create_encrypted(folder, key), key)
                else:
                    target = tables.open_plain(folder / "plain.db", same_engine=True)
                    tables.apply_schema(target)
                used, elapsed = _copy(source, target, plan)
                (cpu if kind == "enc" else baseline_cpu).append(used)
                (samples if kind == "enc" else baseline).append(elapsed)
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        source.close()
        shutil.rmtree(root, ignore_errors=True)
    index_rows = sum(rows for table, _, _, rows in plan
                     if table.endswith(INDEX_TABLES))
    return Measurement(
        samples, baseline=baseline, cpu=cpu, baseline_cpu=baseline_cpu, latency=False,
        note="streamed, 5,000 rows per transaction; writes and the final checkpoint timed",
        extra={"rows": sum(rows for *_, rows in plan), "index_rows": index_rows,
               "tables": len(plan), "reports": bench.counts.get("reports", 0), "runs": runs,
               "vault_mb": round(bench.db_path.stat().st_size / 2**20, 1)})


FIGURES = [(WHOLE, whole_vault)]
