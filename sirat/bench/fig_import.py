"""Bulk import: the rows of the bench vault written again into empty databases four ways.

1. plain SQLite through the stdlib ``sqlite3`` (``executemany``) -- the floor;
2. plain SQLite of SQLCipher's own SQLite version (sqlcipher3, no key) -- the same engine
   without encryption, which separates encryption from the SQLite version difference;
3. the encrypted vault database through raw ``executemany`` -- the cost of encryption is
   3 / 1 (target <= 1.15x);
4. the encrypted database through SQLAlchemy as the services write in bulk (a Session per
   batch running ``sirat.services.demo.bulk.insert_rows``, as ``sirat.services.demo.generate`` does:
   tuples through the driver since issue 16) -- the cost of the services layer is 4 / 3
   (target <= 1.15x);
5. the same with the ORM bulk path ``session.execute(insert(Model), rows)``, which tells
   what choosing the table over the mapped class saves.

Every path writes the same rows, in the same foreign-key order, in batches of 5,000 rows with
one transaction per batch, with the pragmas of :func:`sirat.vault.engine.connect`, and the
same triggers fire. Runs are interleaved so drift in the machine hits every path alike.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, Table, insert
from sqlalchemy.orm import Session

from sirat.bench import dataset, tables
from sirat.bench.context import Context
from sirat.bench.core import Measurement, Spec
from sirat.vault import engine as eng

ENCRYPTION = Spec(
    "import.encrypted",
    "bulk import, encrypted (raw executemany)",
    "s",
    1.15,
    "ratio",
    "stdlib sqlite3",
)
SAME_ENGINE = Spec(
    "import.encrypted_same_sqlite",
    "bulk import, encrypted vs same SQLite unkeyed",
    "s",
    1.2,  # the target for encryption against the same engine (issue 16)
    "ratio",
    "sqlcipher3 unkeyed",
)
SERVICES = Spec(
    "import.services",
    "bulk import through SQLAlchemy (services path)",
    "s",
    1.15,
    "ratio",
    "raw executemany, encrypted",
)
ORM = Spec(
    "import.orm",
    "bulk import, ORM insert(Model) instead",
    "s",
    None,
    "none",
    "raw executemany, encrypted",
)
#: Beyond this scale the five-path workload stays at this size (25,000 reports, ~700,000
#: rows: a database bigger than the 64 MB page cache, so index upkeep reads encrypted pages).
#: The five paths hold every row in memory three times (tuples, dicts, ORM dicts): at 1.0
#: that is ~3 million rows, several GB, on a shared 2-core machine. The whole vault at the
#: bench's scale, search-index pages included, is :mod:`sirat.bench.fig_import_whole`.
IMPORT_SCALE = 0.25

RATE = Spec("import.rows_per_s", "bulk import rate, services path", "rows/s")


def _models() -> dict[str, Any]:
    """Table name -> what the services insert into it (mapped class, else the Table)."""
    from sirat.models import Base

    out: dict[str, Any] = dict(Base.metadata.tables)
    for mapper in Base.registry.mappers:
        out[str(getattr(mapper.local_table, "name", ""))] = mapper.class_
    return out


def _orm_rows(target: Any, table: tables.TableRows) -> list[dict[str, Any]]:
    """Rows keyed by attribute name (the ORM bulk insert wants attribute names)."""
    mapper = getattr(target, "__mapper__", None)
    if mapper is None:
        return table.dicts()
    keys = [mapper.get_property_by_column(mapper.local_table.c[c]).key for c in table.columns]
    return [dict(zip(keys, row, strict=True)) for row in table.rows]


def insert_services(engine: Engine, work: Sequence[tuple[Any, list[dict[str, Any]]]]) -> None:
    """As the services write in bulk (``demo_gen``): a Session per batch,
    :func:`sirat.services.demo.bulk.insert_rows` (tuples through the driver) in it."""
    from sirat.services.demo import bulk

    bind = engine.execution_options(sirat_write=True)
    for target, rows in work:
        table = getattr(target, "__table__", target)
        for batch in tables.batches(rows):
            with Session(bind) as session, session.begin():
                bulk.insert_rows(session, table, batch)


def insert_orm(engine: Engine, work: Sequence[tuple[Any, list[dict[str, Any]]]]) -> None:
    """The ORM bulk path, ``session.execute(insert(Model), rows)``, for comparison."""
    bind = engine.execution_options(sirat_write=True)
    for target, rows in work:
        for batch in tables.batches(rows):
            with Session(bind) as session, session.begin():
                session.execute(insert(target), batch)


class _Paths:
    """Fresh empty databases for each run, removed after it."""

    def __init__(self, root: Path, key: bytes) -> None:
        self.root = root
        self.key = key
        self.skipped: list[str] = []

    def fresh(self, kind: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=f"{kind}-", dir=self.root))

    def plain(self, same_engine: bool) -> Any:
        path = self.fresh("same" if same_engine else "plain") / "plain.db"
        conn = tables.open_plain(path, same_engine=same_engine)
        self.skipped = tables.apply_schema(conn, lenient=not same_engine)
        return conn

    def encrypted(self) -> Path:
        return tables.create_encrypted(self.fresh("enc"), self.key)


def _timed_raw(conn: Any, work: Sequence[tables.TableRows]) -> tuple[float, float]:
    """(wall, CPU) seconds: SQLite runs in this thread, so the process CPU time is its."""
    cpu, start = time.process_time(), time.perf_counter()
    tables.insert_raw(conn, work)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    conn.close()
    return elapsed, cpu


def _source(ctx: Context) -> tuple[dataset.BenchVault, bytes]:
    """The vault whose rows are imported: the bench vault up to IMPORT_SCALE, beyond it a
    vault of that scale (same generator and seed, cached alike)."""
    if ctx.scale <= IMPORT_SCALE:
        return ctx.bench(), ctx.key()
    bench = dataset.prepare(IMPORT_SCALE, ctx.seed, ctx.workdir, ctx.cache_dir,
                            name="import-source")
    vault = dataset.unlock(bench)
    try:
        return bench, vault._require_key()  # the raw connections need the raw key
    finally:
        vault.lock()


def _timed_engine(db: Path, key: bytes, insert_fn: Callable[..., None],
                  work: Sequence[tuple[Any, list[dict[str, Any]]]]) -> tuple[float, float]:
    engine = eng.make_engine(db, key)
    try:
        cpu, start = time.process_time(), time.perf_counter()
        insert_fn(engine, work)
        return time.perf_counter() - start, time.process_time() - cpu
    finally:
        engine.dispose()


def _measure(ctx: Context) -> dict[str, Any]:
    bench, key = _source(ctx)
    root = ctx.subdir("import")
    paths = _Paths(root, key)
    source = eng.connect(bench.db_path, key, readonly=True)
    empty = paths.encrypted()
    probe = eng.connect(empty, key)
    try:
        work = tables.read_workload(source, probe)
    finally:
        probe.close()
        source.close()
    models = _models()
    reflected = sorted(t.name for t in work if t.name not in models)
    if reflected:
        probe_engine = eng.make_engine(empty, key)
        meta = MetaData()
        for name in reflected:
            models[name] = Table(name, meta, autoload_with=probe_engine)
        probe_engine.dispose()
    orm_work = [(models[t.name], _orm_rows(models[t.name], t)) for t in work]
    rows = sum(len(t.rows) for t in work)
    runs = ctx.runs if bench.scale <= 0.1 else min(ctx.runs, 3)
    shutil.rmtree(empty.parent, ignore_errors=True)
    core_work = [(models[t.name], t.dicts()) for t in work]
    out: dict[str, list[float]] = {"plain": [], "same": [], "raw": [], "services": [],
                                   "orm": []}
    cpu: dict[str, list[float]] = {name: [] for name in out}

    def services() -> tuple[float, float]:
        return _timed_engine(paths.encrypted(), key, insert_services, core_work)

    def orm() -> tuple[float, float]:
        return _timed_engine(paths.encrypted(), key, insert_orm, orm_work)

    steps: list[tuple[str, Callable[[], tuple[float, float]]]] = [
        ("plain", lambda: _timed_raw(paths.plain(same_engine=False), work)),
        ("same", lambda: _timed_raw(paths.plain(same_engine=True), work)),
        ("raw", lambda: _timed_raw(eng.connect(paths.encrypted(), key), work)),
        ("services", services),
        ("orm", orm),
    ]
    for run in range(runs):
        # Each run starts with another path, so no path always goes first (cold) or last.
        for name, step in steps[run % len(steps):] + steps[:run % len(steps)]:
            wall, used = step()
            out[name].append(wall)
            cpu[name].append(used)
        for child in list(root.iterdir()):
            shutil.rmtree(child, ignore_errors=True)
    tables_rows = {t.name: len(t.rows) for t in work}
    return {"times": out, "cpu": cpu, "rows": rows, "runs": runs, "tables": tables_rows,
            "source_reports": tables_rows.get("reports", 0),
            "reflected": reflected, "skipped": paths.skipped}


def _shared(ctx: Context) -> dict[str, Any]:
    """One measurement feeds every import figure; a failure fails them all (once)."""
    if "import" not in ctx.shared:
        try:
            ctx.shared["import"] = _measure(ctx)
        except Exception as exc:
            ctx.shared["import"] = exc
    result = ctx.shared["import"]
    if isinstance(result, Exception):
        raise result
    return dict(result)


def encrypted(ctx: Context) -> Measurement:
    r = _shared(ctx)
    note = ""
    if r["skipped"]:
        note = ("the stdlib's SQLite cannot create " + ", ".join(r["skipped"])
                + " (the import does not write them)")
    return Measurement(r["times"]["raw"], baseline=r["times"]["plain"], latency=False,
                       cpu=r["cpu"]["raw"], baseline_cpu=r["cpu"]["plain"], note=note,
                       extra={"rows": r["rows"], "reports": r["source_reports"],
                              "runs": r["runs"], "cpus": os.cpu_count()})


def same_engine(ctx: Context) -> Measurement:
    r = _shared(ctx)
    return Measurement(r["times"]["raw"], baseline=r["times"]["same"], latency=False,
                       cpu=r["cpu"]["raw"], baseline_cpu=r["cpu"]["same"])


def services(ctx: Context) -> Measurement:
    r = _shared(ctx)
    note = "Core insert (no model) for: " + ", ".join(r["reflected"]) if r["reflected"] else ""
    return Measurement(r["times"]["services"], baseline=r["times"]["raw"], latency=False,
                       cpu=r["cpu"]["services"], baseline_cpu=r["cpu"]["raw"], note=note,
                       extra={"tables": r["tables"]})


def orm(ctx: Context) -> Measurement:
    r = _shared(ctx)
    return Measurement(r["times"]["orm"], baseline=r["times"]["raw"], latency=False,
                       cpu=r["cpu"]["orm"], baseline_cpu=r["cpu"]["raw"])


def rate(ctx: Context) -> Measurement:
    r = _shared(ctx)
    return Measurement([r["rows"] / t for t in r["times"]["services"]], latency=False,
                       extra={"rows": r["rows"]})


FIGURES = [(ENCRYPTION, encrypted), (SAME_ENGINE, same_engine), (SERVICES, services),
           (ORM, orm), (RATE, rate)]
