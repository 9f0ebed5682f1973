"""What FollowTheMoney's own model does to an exported entity: every value it rewrites or drops.

followthemoney is a test-only dependency (it needs PyICU); SIRAT computes FtM's forms itself
(``sirat.services.interchange.ftm_forms``) and these checks hold it to FtM's real cleaning.
"""

from __future__ import annotations

from typing import Any

from followthemoney import model


def rewritten(item: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    """``(property, value as exported, what FtM made of it)`` for each value FtM's cleaning
    changes or drops; empty when FtM keeps every value exactly as written.

    Two of FtM's entry points are used: ``proxy.add(prop, value, cleaned=False)`` value by
    value, and ``model.get_proxy(data, cleaned=False)`` on the whole entity (what a consumer
    reading the file as untrusted data does).
    """
    out: list[tuple[str, str, list[str]]] = []
    proxy = model.make_entity(item["schema"])
    proxy.id = item["id"]
    for prop, values in item["properties"].items():
        for value in values:
            alone = model.make_entity(item["schema"])
            alone.id = item["id"]
            alone.add(prop, value, cleaned=False)
            if alone.get(prop) != [value]:
                out.append((prop, value, alone.get(prop)))
            proxy.add(prop, value, cleaned=False)
    whole = model.get_proxy(item, cleaned=False)
    for prop, values in item["properties"].items():
        for got in (proxy.get(prop), whole.get(prop)):
            if got != values:
                out.append((prop, repr(values), got))
    return out
