"""The shipped gazetteer: GeoNames places of the region, found through cross-script keys.

Every name of a place (its GeoNames name and its Latin, Cyrillic and Greek alternate names) is
indexed under the keys SIRAT matches person names with (:func:`sirat.names.search_keys`), so
"Солун", "Thessaloniki" and "Θεσσαλονίκη" find one place; a name that finds nothing is tried
again under its other transliterations (:func:`sirat.names.variants.variant_keys`: "Дуръс"
as "durus"). Only the query's variants are computed: indexing every place name's variants too
doubled the load time (0.9 s -> 2.9 s for 45,000 names) for little gain, GeoNames already
listing the usual Latin spellings. Data: GeoNames (CC BY 4.0), built by ``tools/build_basemap.py``.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from sirat.errors import SiratError
from sirat.geo.basemap import GEO_DIR
from sirat.names.fold import search_keys
from sirat.names.variants import variant_keys

GAZETTEER: Final = GEO_DIR / "gazetteer.json.gz"
ATTRIBUTION: Final = "Places: GeoNames (geonames.org), CC BY 4.0"


@dataclass(frozen=True, slots=True)
class Place:
    id: int
    name: str
    country: str
    lat: float
    lon: float
    population: int
    names: tuple[str, ...] = ()


def place_keys(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(exact keys, variant keys) of a place name as typed."""
    exact = frozenset(search_keys(text))
    return exact, frozenset(variant_keys(text)) - exact


class Gazetteer:
    """Places by key; ``candidates(text)`` never picks among several (the caller decides)."""

    def __init__(self, places: Iterable[Place], source: str = "", attribution: str = "") -> None:
        self.places: dict[int, Place] = {}
        self._exact: dict[str, set[int]] = {}
        self.source, self.attribution = source, attribution or ATTRIBUTION
        for place in places:
            self.places[place.id] = place
            for name in (place.name, *place.names):
                for key in search_keys(name):
                    self._exact.setdefault(key, set()).add(place.id)

    def __len__(self) -> int:
        return len(self.places)

    def candidates(self, text: str) -> list[Place]:
        """Places whose names share an exact key with ``text``; failing that, a variant key
        (another transliteration). Largest first."""
        exact, variant = place_keys(text.strip())
        found: set[int] = set()
        for key in exact:
            found |= self._exact.get(key, set())
        if not found:
            for key in variant:
                found |= self._exact.get(key, set())
        return sorted((self.places[i] for i in found), key=lambda p: (-p.population, p.id))


def _damaged() -> SiratError:
    return SiratError("The map's gazetteer (resources/geo/gazetteer.json.gz) is missing or "
                      "damaged.", "Reinstall SIRAT; the gazetteer ships with it.")


def parse_gazetteer(raw: bytes) -> Gazetteer:
    try:
        data = json.loads(gzip.decompress(raw))
        if data.get("format") != "sirat-gazetteer" or data.get("version") != 1:
            raise _damaged()
        places = (Place(int(i), str(n), str(c), float(la), float(lo), int(p),
                        tuple(str(a) for a in alt))
                  for i, n, c, la, lo, p, alt in data["places"])
        return Gazetteer(places, str(data.get("source", "")), str(data.get("attribution", "")))
    except (OSError, EOFError, ValueError, KeyError, TypeError) as exc:
        raise _damaged() from exc


@lru_cache(maxsize=1)
def load_gazetteer(path: Path = GAZETTEER) -> Gazetteer:
    try:
        return parse_gazetteer(path.read_bytes())
    except OSError as exc:
        raise _damaged() from exc
