"""``python -m sirat.bench [--scale S] [--json FILE] [--only NAME,...] [--repeat N]``."""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sirat import clock
from sirat.bench import dataset, environment, machine, output
from sirat.bench.context import Context
from sirat.bench.core import Figure, Measurement, Spec, run_figure
from sirat.bench.registry import all_figures

FigureFn = Callable[[Context], Measurement]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m sirat.bench",
        description="Measure SIRAT at operational scale, each figure beside its baseline.",
    )
    p.add_argument("--scale", type=float, default=1.0,
                   help="1.0 = 100,000 reports, 300,000 entities, 400,000 links (default 1.0)")
    p.add_argument("--seed", type=int, default=20261128, help="generator seed")
    p.add_argument("--repeat", type=int, default=3,
                   help="runs per long figure (latencies take 20x as many samples; default 3)")
    p.add_argument("--only", default="",
                   help="comma-separated groups or figure names (e.g. unlock,search.prefix)")
    p.add_argument("--json", type=Path, help="write every figure and the machine to FILE")
    cache = p.add_mutually_exclusive_group()
    cache.add_argument("--cache", action="store_true",
                       help=f"reuse the bench vault from {dataset.default_cache_dir()}")
    cache.add_argument("--cache-dir", type=Path, help="reuse the bench vault from this folder")
    p.add_argument("--workdir", type=Path,
                   help="where to put the run's vault copy (default: a temporary folder)")
    p.add_argument("--quick", action="store_true",
                   help="3 samples per latency, 1 run per long operation (smoke test; the "
                        "figures are rough)")
    p.add_argument("--list", action="store_true", help="list the figures and exit")
    args = p.parse_args(argv)
    if args.scale <= 0 or args.repeat < 1:
        p.error("--scale must be > 0 and --repeat >= 1")
    return args


def select(
    figures: Sequence[tuple[Spec, FigureFn]], only: str
) -> list[tuple[Spec, FigureFn]]:
    wanted = [w.strip() for w in only.split(",") if w.strip()]
    if not wanted:
        return list(figures)
    return [(s, f) for s, f in figures if s.name in wanted or s.group in wanted]


def run(args: argparse.Namespace, log: Callable[[str], None]) -> dict[str, Any]:
    chosen = select(all_figures(), args.only)
    cache_dir = args.cache_dir or (dataset.default_cache_dir() if args.cache else None)
    started = clock.now()
    load_start = machine.load_average()
    t0 = time.perf_counter()
    owned = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="sirat-bench-")) if owned else args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    ctx = Context(args.scale, args.seed, args.repeat, workdir, cache_dir, quick=args.quick)
    figures: list[Figure] = []
    try:
        for spec, func in chosen:
            log(f"  {spec.name} ...")
            start = time.perf_counter()
            fig = run_figure(spec, lambda f=func: f(ctx))  # type: ignore[misc]
            figures.append(fig)
            log(f"  {spec.name}: {fig.status} ({time.perf_counter() - start:.1f} s)")
    finally:
        ctx.close()
        if owned:
            shutil.rmtree(workdir, ignore_errors=True)
    return {
        "format": output.JSON_FORMAT,
        "started_at": started.isoformat(timespec="seconds"),
        "duration_s": round(time.perf_counter() - t0, 2),
        "settings": {
            "scale": args.scale,
            "seed": args.seed,
            "repeat": args.repeat,
            "only": args.only,
            "quick": args.quick,
            "cache": str(cache_dir) if cache_dir else None,
            "target_counts": {k: round(v * args.scale) for k, v in dataset.FULL_SCALE.items()},
            "kdf": dataset.BENCH_KDF.as_dict(),
            "environment": environment.describe(),
        },
        "machine": machine.describe(),
        "load_average_start": load_start,
        "figures": figures,
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list:
        for spec, _ in all_figures():
            print(f"{spec.name:36} {spec.label}")
        return 0
    logging.basicConfig(level=logging.WARNING)

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    try:
        environment.check()
    except environment.RefusedEnvironment as exc:
        print(f"sirat.bench: {exc}", file=sys.stderr)
        return 1
    log(f"sirat.bench: scale {args.scale:g}, seed {args.seed}, repeat {args.repeat}")
    for note in environment.notes():
        log(note)
    result = run(args, log)
    figures: list[Figure] = result["figures"]
    print(output.format_table(figures))
    notes = output.format_notes(figures)
    if notes:
        print("\nparameters and counts:\n" + notes)
    m = result["machine"]
    print(
        f"\nmachine: {m['cpu_model']}, {m['cores']} cores, {m['memory_mb']} MB; "
        f"Python {m['python']}, SQLCipher {m.get('sqlcipher')} "
        f"(SQLite {m.get('sqlcipher_sqlite')}), stdlib SQLite {m['stdlib_sqlite']}; "
        f"run took {result['duration_s']:.0f} s; load average at start "
        f"{result['load_average_start']}, at end {m['load_average']}"
    )
    for note in environment.notes():
        print(note)
    load = result["load_average_start"]
    cores = m["cores"] or 1
    if load and max(load[0], m["load_average"][0] if m["load_average"] else 0) > cores:
        print("note: the machine was busy (load average above its cores): absolute times are "
              "inflated; the ratios (measured side by side) and the [cpu ...] times of "
              "single-threaded work are the steadier figures.")
    if args.json:
        document = dict(result, figures=[f.as_json() for f in figures])
        output.write_json(args.json, document)
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
