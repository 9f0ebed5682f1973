"""Synthetic timelines and maps for ``make bench`` (seeded; no vault, no Qt)."""

from __future__ import annotations

import random
from datetime import date

from sirat.timeline.model import EntityRef, Item, TimelineData

AREAS = ("drugs", "thb", "anti_fraud", "stolen_vehicles", "cyber", "container_security",
         "environment", "counter_terrorism")
COUNTRIES = ("AL", "BA", "BG", "GR", "HU", "MD", "ME", "MK", "RO", "RS", "TR")


def synthetic_timeline(n: int = 10_000, *, seed: int = 1, years: int = 3) -> TimelineData:
    """``n`` report items over ``years`` years: a third known to the day, a third to the
    month, a sixth approximate, the rest to the year; a few entities each."""
    rng = random.Random(seed)  # noqa: S311 -- synthetic data, seeded on purpose
    first = date(2026 - years, 1, 1).toordinal()
    span = 365 * years
    entities = [EntityRef(k, "vehicle" if k % 3 else "organization", f"Entity {k}",
                          f"Entity {k}") for k in range(1, 301)]
    items: list[Item] = []
    for k in range(1, n + 1):
        start = first + rng.randrange(span)
        shape = k % 6
        end = start if shape < 2 else start + (30 if shape < 4 else 60 if shape == 4 else 364)
        items.append(Item(
            f"report:{k}", "report", start, end, f"Report {k} Петров Παπαδόπουλος", k,
            f"SIRAT-2026-{k:06d}", rng.choice(AREAS), rng.choice(COUNTRIES),
            f"OP {rng.randrange(20)}", tuple(rng.sample(entities, 2)), approximate=shape == 4))
    return TimelineData(tuple(items))
