"""The printed table and the JSON file of a bench run."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sirat.bench.core import Figure
from sirat.files import atomic_write_bytes

HEADERS = ("figure", "measured", "baseline", "ratio", "target", "met?")
JSON_FORMAT = 1


def _num(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "-"
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def _measured(fig: Figure) -> str:
    if fig.status != "ok":
        return fig.note or fig.status
    text = f"{_num(fig.median)} {fig.spec.unit}"
    if fig.p95 is not None:
        text += f" (p95 {_num(fig.p95)})"
    if fig.cpu_median is not None:
        text += f" [cpu {_num(fig.cpu_median)}"
        text += f", p95 {_num(fig.cpu_p95)}]" if fig.cpu_p95 is not None else "]"
    return text


def _baseline(fig: Figure) -> str:
    if fig.baseline is None:
        return "-"
    text = f"{_num(fig.baseline)} {fig.spec.unit}"
    if fig.baseline_p95 is not None:
        text += f" (p95 {_num(fig.baseline_p95)})"
    if fig.cpu_baseline is not None:
        text += f" [cpu {_num(fig.cpu_baseline)}]"
    if fig.spec.baseline_label:
        text += f" [{fig.spec.baseline_label}]"
    return text


def _target(fig: Figure) -> str:
    spec = fig.spec
    if spec.target is None:
        return "-"
    if spec.target_on == "ratio":
        return f"<= {_num(spec.target)}x"
    which = "p95 " if spec.target_on == "p95" else ""
    cpu = "cpu " if fig.cpu_median is not None else ""
    return f"{cpu}{which}<= {_num(spec.target)} {spec.unit}"


def _met(fig: Figure) -> str:
    met = fig.met
    if met is None:
        return "-"
    return "yes" if met else "NO"


def rows(figures: Sequence[Figure]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for fig in figures:
        ratio = fig.ratio
        out.append((
            fig.spec.label,
            _measured(fig),
            _baseline(fig),
            f"{ratio:.2f}x" if ratio is not None else "-",
            _target(fig),
            _met(fig),
        ))
    return out


def format_table(figures: Sequence[Figure]) -> str:
    body = rows(figures)
    widths = [max(len(r[i]) for r in [HEADERS, *body]) for i in range(len(HEADERS))]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(HEADERS), sep, *(line(r) for r in body)])


def format_notes(figures: Sequence[Figure]) -> str:
    """Parameters and context worth printing under the table (KDF parameters, counts...)."""
    lines = []
    for fig in figures:
        shown = {k: v for k, v in fig.extra.items() if not isinstance(v, list | dict)}
        parts = [fig.note] if fig.status == "ok" and fig.note else []
        if shown:
            parts.append(", ".join(f"{k}={v}" for k, v in shown.items()))
        if parts:
            lines.append(f"  {fig.spec.name}: {'; '.join(parts)}")
    return "\n".join(lines)


def _clean(value: Any) -> Any:
    """JSON has no NaN or infinity: write them as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def write_json(path: Path, document: dict[str, Any]) -> None:
    data = json.dumps(_clean(document), indent=2, ensure_ascii=False, allow_nan=False)
    atomic_write_bytes(path, (data + "\n").encode("utf-8"), "benchmark results")
