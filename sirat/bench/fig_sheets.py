"""Spreadsheet import at the issue's scale: ``python -m sirat.bench.fig_sheets [--rows N]
[--json FILE]``.

Figures (wall and CPU seconds; targets from issue 21): reading a 10,000-row CSV; the preview
of every row (problems and identifier warnings; target <= 2 s); the candidates of one row
(p50 over 20 rows, asked when the analyst selects it); the all-or-nothing import of every
row into a report (target <= 10 s). A new vault with the KDF at its floor, synthetic rows
with names in four scripts and a passport number column. CPU seconds are printed beside wall
seconds because the shared bench machine's load moves wall time several-fold. In
``make bench`` as ``sheet.preview_10k`` and ``sheet.import_10k`` (one sample each: the import
fills a vault; ``--quick`` uses 500 rows so the smoke test stays short); stand-alone it prints
the figures and writes JSON. No asserts.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sirat.bench.context import Context
from sirat.bench.core import Measurement, Spec
from sirat.services.access import users
from sirat.services.access.session import create_vault, sign_in
from sirat.services.reports import records as reports
from sirat.services.reports.types import ReportDraft
from sirat.services.sheets.importer import import_sheet
from sirat.services.sheets.preview import preview_sheet, row_candidates
from sirat.services.sheets.reader import read_table
from sirat.vault.crypto import KDF_FLOOR

FIRST = ("Иван", "Petar", "Γιώργος", "Đorđe", "Mehmet", "Ana", "Elena", "Nikola", "Marko",
         "Dimitris", "Ayşe", "Андрей", "Κώστας", "Ion", "Arben", "Milica")
LAST = ("Петров", "Jovanović", "Παπαδόπουλος", "Yılmaz", "Popescu", "Hoxha", "Kovač",
        "Ivanov", "Георгиев", "Nikolaidis", "Demir", "Stoica", "Krasniqi", "Marković")
PASS = secrets.token_urlsafe(16)  # a throw-away vault


def _timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def sheet_bytes(rows: int, seed: int = 21) -> bytes:
    rnd = random.Random(seed)
    lines = ["Name;Alias;Date of birth;Nationality;Gender;Passport"]
    for i in range(rows):
        name = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}-{rnd.choice(LAST)} {i}"
        lines.append(f"{name};{rnd.choice(LAST)};{1950 + i % 50}-{1 + i % 12:02d}-"
                     f"{1 + i % 28:02d};{rnd.choice(['RS', 'BG', 'GR', 'TR', 'AL'])};"
                     f"{rnd.choice(['male', 'female'])};P{rnd.randrange(10**7):07d}")
    return "\n".join(lines).encode("utf-8")


MAPPING = {0: "name", 1: "alias", 2: "field:date_of_birth", 3: "field:nationality",
           4: "field:gender", 5: "id:document_number"}


def run(rows: int) -> dict[str, float]:
    tmp = Path(tempfile.mkdtemp(prefix="sirat-bench-sheets-"))
    figures: dict[str, float] = {}
    try:
        admin = create_vault(tmp / "v", "admin", PASS, kdf=KDF_FLOOR)
        users.add_user(admin, "ana", PASS, "analyst", "Ana", kdf=KDF_FLOOR)
        admin.lock()
        vault = sign_in(tmp / "v", "ana", PASS, throttle=False)
        rid = reports.create_report(vault, ReportDraft(
            title="Passenger list", crime_area="drugs", report_date="2026-03-14",
            reporting_country="BG", source_reliability="B", information_accuracy="2",
            classification="RESTRICTED")).id
        data = sheet_bytes(rows)
        table, figures["sheet.read_s"], figures["sheet.read_cpu_s"] = _timed(
            lambda: read_table(data))
        _, figures["sheet.preview_s"], figures["sheet.preview_cpu_s"] = _timed(
            lambda: preview_sheet(vault, table, "person", MAPPING, candidates=0))
        done, figures["sheet.import_s"], figures["sheet.import_cpu_s"] = _timed(
            lambda: import_sheet(vault, table, "person", MAPPING, rid, "mentioned"))
        figures["sheet.rows"] = float(done.rows)
        # Candidates of one row, now that every row is in the vault (the hardest case).
        samples = []
        for i in range(0, rows, max(rows // 20, 1)):
            start = time.perf_counter()
            row_candidates(vault, table, "person", MAPPING, i)
            samples.append(time.perf_counter() - start)
        figures["sheet.row_candidates_p50_s"] = statistics.median(samples)
        vault.lock()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return figures


ROWS = 10_000
PREVIEW = Spec("sheet.preview_10k", "preview of 10,000 spreadsheet rows (problems, warnings)",
               "s", 2.0, "median")
IMPORT = Spec("sheet.import_10k", "import of 10,000 rows, all or nothing, into a report", "s",
              10.0, "median")


def _figures(ctx: Context) -> dict[str, float]:
    if "sheets" not in ctx.shared:
        ctx.shared["sheets"] = run(500 if ctx.quick else ROWS)
    figures: dict[str, float] = ctx.shared["sheets"]
    return figures


def preview(ctx: Context) -> Measurement:
    f = _figures(ctx)
    return Measurement([f["sheet.preview_s"]], cpu=[f["sheet.preview_cpu_s"]],
                       note=f"{int(f['sheet.rows'])} rows, one sample, without candidates",
                       extra={"read_s": round(f["sheet.read_s"], 3)})


def import_all(ctx: Context) -> Measurement:
    f = _figures(ctx)
    return Measurement([f["sheet.import_s"]], cpu=[f["sheet.import_cpu_s"]],
                       note=f"{int(f['sheet.rows'])} rows, one sample; candidates of one row "
                       f"p50 {f['sheet.row_candidates_p50_s'] * 1000:.0f} ms")


FIGURES = [(PREVIEW, preview), (IMPORT, import_all)]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m sirat.bench.fig_sheets")
    p.add_argument("--rows", type=int, default=10_000)
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    figures = run(args.rows)
    for key, value in figures.items():
        print(f"{key:32} {value:10.3f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
