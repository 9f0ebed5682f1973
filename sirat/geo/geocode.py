"""Report places to gazetteer places, never guessed.

A place text finds its candidates through the cross-script keys (:mod:`sirat.geo.gazetteer`).
One candidate: found. Several (Bar in Montenegro and in Ukraine): the report's own countries
(reporting country, an address's country) must narrow them to exactly one, else the text is
listed as ambiguous with the candidates, not placed. None: listed as not in the gazetteer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sirat.geo.gazetteer import Gazetteer, Place

NOT_FOUND = "not in the gazetteer"


@dataclass(frozen=True, slots=True)
class Geocoded:
    text: str
    place: Place | None
    reason: str = ""  # why not placed


def geocode(gazetteer: Gazetteer, text: str, countries: Iterable[str] = ()) -> Geocoded:
    text = text.strip()
    if not text:
        return Geocoded(text, None, "empty")
    found = gazetteer.candidates(text)
    if len(found) == 1:
        return Geocoded(text, found[0])
    if not found:
        return Geocoded(text, None, NOT_FOUND)
    hints = {c.upper() for c in countries if c}
    narrowed = [p for p in found if p.country in hints]
    if len(narrowed) == 1:
        return Geocoded(text, narrowed[0])
    listed = ", ".join(f"{p.name} ({p.country})" for p in found[:4])
    more = f" and {len(found) - 4} more" if len(found) > 4 else ""
    return Geocoded(text, None, f"ambiguous: {listed}{more}")
