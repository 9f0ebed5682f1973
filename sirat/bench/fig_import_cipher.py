"""What encryption costs an import, under each SQLCipher setting that could lower it (issue 16).

The issue asks for an encrypted import within 1.2x of SQLCipher's own SQLite unkeyed, "or
the measured reason it cannot be, with the SQLCipher settings tried". This figure writes the
import workload of :mod:`sirat.bench.fig_import` (every row of the bench vault, at most a
25,000-report vault) into empty databases with the vault's schema and pragmas, raw
``executemany``, 5,000 rows per transaction, under:

- ``vault``: the vault's format (SQLCipher 4: AES-256-CBC, 4 KB pages, HMAC-SHA512 per page);
- ``hmac_sha256``: the same with HMAC-SHA256 page authentication;
- ``page_16k``: 16 KB pages (a quarter as many page encryptions and HMACs);
- ``page_16k_sha256``: both;
- ``no_hmac``: AES alone, no page authentication -- **not acceptable** for the vault (an
  edited page would be read without complaint); measured as the bound: what AES itself costs.

Each is compared with SQLCipher's SQLite unkeyed at the *same page size* (4 KB or 16 KB),
CPU times of the same runs, rotated. Every database is checked to carry the setting it was
made with. The figure's value is the best setting that keeps page authentication; every
setting's CPU ratio is in its extras. Changing the vault's format is a decision for the vault
owner (every connection must set it before its first read; existing vaults move with
``sqlcipher_export``), so the vault keeps its format here.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from statistics import median
from typing import Any

import sqlcipher3

from sirat.bench import fig_import, tables
from sirat.bench.context import Context
from sirat.bench.core import Measurement, Spec
from sirat.vault import engine as eng

CIPHER = Spec("import.cipher_settings", "import, encrypted: best SQLCipher setting tried", "s",
              1.2, "ratio", "sqlcipher3 unkeyed, same page size")

#: name -> (pragmas after the key and the compatibility, page size)
SETTINGS: dict[str, tuple[tuple[str, ...], int]] = {
    "vault": ((), 4096),
    "hmac_sha256": (("PRAGMA cipher_hmac_algorithm = HMAC_SHA256",), 4096),
    "page_16k": (("PRAGMA cipher_page_size = 16384",), 16384),
    "page_16k_sha256": (("PRAGMA cipher_page_size = 16384",
                         "PRAGMA cipher_hmac_algorithm = HMAC_SHA256"), 16384),
    "no_hmac": (("PRAGMA cipher_use_hmac = OFF",), 4096),
}
UNAUTHENTICATED = frozenset({"no_hmac"})


def _encrypted(path: Path, key: bytes, settings: Sequence[str]) -> Any:
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")  # hex of the run's key, never user text
    conn.execute(f"PRAGMA cipher_compatibility = {eng.CIPHER_COMPATIBILITY}")
    conn.execute("PRAGMA cipher_log_level = NONE")
    for pragma in settings:
        conn.execute(pragma)
    tables.pragmas(conn)
    conn.execute("PRAGMA journal_mode = WAL")
    tables.apply_schema(conn)
    return conn


def _unkeyed(path: Path, page_size: int) -> Any:
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA page_size = {int(page_size)}")  # before the first write
    tables.pragmas(conn)
    conn.execute("PRAGMA journal_mode = WAL")
    tables.apply_schema(conn)
    return conn


def _made_with(conn: Any) -> tuple[str, int, int]:
    """(HMAC algorithm, page size, HMAC on) as the database says."""
    def one(pragma: str) -> str:
        return str(conn.execute(f"PRAGMA {pragma}").fetchone()[0])
    return one("cipher_hmac_algorithm"), int(one("cipher_page_size")), int(one("cipher_use_hmac"))


def _timed(conn: Any, work: Sequence[tables.TableRows]) -> tuple[float, float]:
    """(wall, CPU) seconds: SQLite runs in this thread, so the process CPU time is its."""
    cpu, wall = time.process_time(), time.perf_counter()
    tables.insert_raw(conn, work)
    conn.close()  # the final checkpoint is part of writing the import
    return time.perf_counter() - wall, time.process_time() - cpu


def cipher_settings(ctx: Context) -> Measurement:
    bench, key = fig_import._source(ctx)  # the same workload as the import.* figures
    root = Path(tempfile.mkdtemp(prefix="cipher-", dir=ctx.subdir("import-cipher")))
    try:
        source = eng.connect(bench.db_path, key, readonly=True)
        probe = _encrypted(root / "probe.db", key, ())
        try:
            work = tables.read_workload(source, probe)
        finally:
            probe.close()
            source.close()
        steps = [(name, False) for name in SETTINGS] + [("same_4k", True), ("same_16k", True)]
        cpu: dict[str, list[float]] = {name: [] for name, _ in steps}
        wall: dict[str, list[float]] = {name: [] for name, _ in steps}
        made: dict[str, list[object]] = {}
        runs = 1 if ctx.quick else ctx.runs
        for run in range(runs):
            for name, plain in steps[run % len(steps):] + steps[:run % len(steps)]:
                folder = Path(tempfile.mkdtemp(dir=root))
                if plain:
                    conn = _unkeyed(folder / "plain.db", 16384 if name == "same_16k" else 4096)
                else:
                    conn = _encrypted(folder / "vault.db", key, SETTINGS[name][0])
                    made[name] = list(_made_with(conn))
                elapsed, used = _timed(conn, work)
                wall[name].append(elapsed)
                cpu[name].append(used)
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    ratios = {}
    for name, (_, page) in SETTINGS.items():
        base = cpu["same_16k" if page == 16384 else "same_4k"]
        ratios[name] = round(median(cpu[name]) / median(base), 3)
    best = min((n for n in SETTINGS if n not in UNAUTHENTICATED), key=ratios.__getitem__)
    base_name = "same_16k" if SETTINGS[best][1] == 16384 else "same_4k"
    return Measurement(
        wall[best], baseline=wall[base_name], cpu=cpu[best], baseline_cpu=cpu[base_name],
        latency=False,
        note=f"best authenticated setting: {best}; CPU ratio of each in the extras "
             "(no_hmac = AES without page authentication, the bound, not acceptable)",
        extra={"cpu_ratio_by_setting": ratios, "best": best, "made_with": made,
               "cpu_s_by_setting": {n: round(median(v), 3) for n, v in cpu.items()},
               "rows": sum(len(t.rows) for t in work), "runs": runs,
               "reports": sum(len(t.rows) for t in work if t.name == "reports")})


FIGURES = [(CIPHER, cipher_settings)]
