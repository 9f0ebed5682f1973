"""Figures, their targets, timing statistics, and the guard that keeps one failure local.

A :class:`Spec` says what a figure is and what it should be (its target is an upper bound
on the median, the p95 or the ratio to its baseline). A figure function returns a
:class:`Measurement`; :func:`run_figure` turns it, an :class:`NotBuilt`, or any other
exception into a :class:`Figure` row. Errors keep their type only: a message or a traceback
could carry data from the vault.
"""

from __future__ import annotations

import gc
import math
import os
import statistics
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

TargetOn = Literal["median", "p95", "ratio", "none"]
Status = Literal["ok", "n/a", "error"]


DEBUG_ENV = "SIRAT_BENCH_DEBUG"


class NotBuilt(Exception):
    """The piece of SIRAT this figure measures has not landed yet (message: which piece)."""


@dataclass(frozen=True)
class Spec:
    """What a figure is: its name (``group.figure``), label, unit and target."""

    name: str
    label: str
    unit: str
    target: float | None = None
    target_on: TargetOn = "none"
    baseline_label: str = ""

    @property
    def group(self) -> str:
        return self.name.split(".", 1)[0]


@dataclass
class Measurement:
    """What a figure function measured. ``samples`` are in the figure's unit."""

    samples: list[float]
    baseline: list[float] | None = None
    latency: bool = True
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    #: Process CPU time of each sample, same unit: on a busy machine the wall clock waits
    #: for other processes, the CPU time of single-threaded work does not.
    cpu: list[float] | None = None
    #: CPU time of the baseline's samples: with both, the ratio is of CPU times.
    baseline_cpu: list[float] | None = None


@dataclass
class Figure:
    """One row of the output: the measurement summarised against its spec."""

    spec: Spec
    status: Status
    median: float | None = None
    p95: float | None = None
    baseline: float | None = None
    baseline_p95: float | None = None
    n: int = 0
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    cpu_median: float | None = None
    cpu_p95: float | None = None
    cpu_baseline: float | None = None

    @property
    def ratio(self) -> float | None:
        """measured / baseline -- of CPU times where both were measured (a shared machine)."""
        if self.cpu_median is not None and self.cpu_baseline:
            return self.cpu_median / self.cpu_baseline
        if self.median is None or not self.baseline:
            return None
        return self.median / self.baseline

    @property
    def compared(self) -> float | None:
        """The number the target applies to. Where the CPU time of the same calls was
        measured, the target is judged on it: the machine is shared, and the wall clock
        also counts waiting for other processes (docs/bench.md, "judged on CPU")."""
        on = self.spec.target_on
        if on == "median":
            return self.cpu_median if self.cpu_median is not None else self.median
        if on == "p95":
            return self.cpu_p95 if self.cpu_p95 is not None else self.p95
        if on == "ratio":
            return self.ratio
        return None

    @property
    def met(self) -> bool | None:
        value = self.compared
        if self.spec.target is None or value is None or not math.isfinite(value):
            return None
        return value <= self.spec.target

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.spec.name,
            "label": self.spec.label,
            "unit": self.spec.unit,
            "status": self.status,
            "median": self.median,
            "p95": self.p95,
            "n": self.n,
            "baseline": self.baseline,
            "baseline_p95": self.baseline_p95,
            "baseline_label": self.spec.baseline_label,
            "ratio": self.ratio,
            "target": self.spec.target,
            "target_on": self.spec.target_on,
            "met": self.met,
            "cpu_median": self.cpu_median,
            "cpu_p95": self.cpu_p95,
            "cpu_baseline": self.cpu_baseline,
            "judged_on": "cpu" if self.cpu_median is not None and (
                self.spec.target_on in ("median", "p95")
                or (self.spec.target_on == "ratio" and self.cpu_baseline)) else "wall",
            "note": self.note,
            "extra": self.extra,
        }


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (``q`` in 0..100) of a non-empty list."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q / 100.0
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summarise(spec: Spec, m: Measurement) -> Figure:
    if not m.samples:
        return Figure(spec, "n/a", note=m.note or "no samples", extra=m.extra)
    fig = Figure(
        spec,
        "ok",
        median=statistics.median(m.samples),
        p95=percentile(m.samples, 95) if m.latency else None,
        n=len(m.samples),
        note=m.note,
        extra=m.extra,
    )
    if m.cpu:
        fig.cpu_median = statistics.median(m.cpu)
        fig.cpu_p95 = percentile(m.cpu, 95) if m.latency else None
    if m.baseline_cpu:
        fig.cpu_baseline = statistics.median(m.baseline_cpu)
    if m.baseline:
        fig.baseline = statistics.median(m.baseline)
        fig.baseline_p95 = percentile(m.baseline, 95) if m.latency else None
    return fig


def run_figure(spec: Spec, func: Callable[[], Measurement]) -> Figure:
    """Run one figure function; a missing piece or any error stays in its own row."""
    try:
        return summarise(spec, func())
    except NotBuilt as exc:
        return Figure(spec, "n/a", note=f"n/a (not built yet: {exc})")
    except Exception as exc:  # the bench must go on; keep the type only (no data)
        if os.environ.get(DEBUG_ENV):
            # Developers only: the bench's data is synthetic, but a traceback is never
            # part of the figures or the JSON.
            traceback.print_exc(file=sys.stderr)
        return Figure(spec, "error", note=f"error: {type(exc).__name__}")


def time_calls(
    func: Callable[[], object], n: int, *, warmup: int = 1, scale: float = 1000.0,
    cpu: list[float] | None = None,
) -> list[float]:
    """Wall-clock times of ``n`` calls of ``func`` (after ``warmup`` untimed calls).

    Returned in milliseconds by default (``scale=1`` for seconds); ``cpu``, when given,
    receives each call's process CPU time. The garbage collector is paused around each
    call so a collection triggered by earlier work does not land in one sample.
    """
    for _ in range(warmup):
        func()
    out: list[float] = []
    for _ in range(n):
        gc.collect(1)  # the young generations: a full collection of a big heap costs 100+ ms
        gc.disable()
        try:
            cpu_start = time.process_time()
            start = time.perf_counter()
            func()
            out.append((time.perf_counter() - start) * scale)
            if cpu is not None:
                cpu.append((time.process_time() - cpu_start) * scale)
        finally:
            gc.enable()
    return out


