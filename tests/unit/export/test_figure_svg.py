"""The command line's SVG figures: well-formed XML whatever the labels hold (text is character
data, never markup), a white page, readable font names, and the observer's timeline redacted
before it is drawn (a person's lane and name absent from the file's bytes)."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree

from sirat.export.figure_svg import map_svg, timeline_svg
from sirat.geo.basemap import load_basemap
from sirat.geo.points import MapData, MapPoint
from sirat.timeline.model import EntityRef, Item, TimelineData

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<a href="x">Σ&</a>'  # short: a lane label is cut to its column
PERSON = EntityRef(7, "person", "Петар Петровић", "Person (withheld)")
LORRY = EntityRef(8, "vehicle", HOSTILE, "Vehicle, white")


def _data() -> TimelineData:
    day = date(2026, 3, 1).toordinal()
    items = (
        Item("r1", "report", day, day + 30, "SIRAT-2026-000001", 1, "SIRAT-2026-000001",
             entities=(PERSON, LORRY)),
        Item("e1", "relation", day, day, f"{PERSON.label} driver of {LORRY.label}", 1,
             "SIRAT-2026-000001", entities=(PERSON, LORRY)),
    )
    return TimelineData(items, "information", {PERSON.lane: PERSON.label,
                                               LORRY.lane: LORRY.label})


def _texts(svg: bytes) -> list[str]:
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own file
    assert root.tag == f"{SVG}svg"
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_a_label_with_markup_is_text_in_a_well_formed_file() -> None:
    svg = timeline_svg(_data(), "entity", observer=False, title="Timeline")
    texts = _texts(svg)
    assert any(HOSTILE in t for t in texts)  # read back as written, not interpreted
    assert b'<a href="x">' not in svg
    assert "Петар Петровић" in texts
    assert b"SiratSans" not in svg  # reportlab's face names mean nothing to a viewer
    assert b"DejaVu Sans" in svg
    first = ElementTree.fromstring(svg).find(f".//{SVG}rect[@style]")  # noqa: S314
    assert first is not None
    assert "fill: rgb(100%,100%,100%)" in first.attrib["style"]  # the white page


def test_the_observer_timeline_has_no_person() -> None:
    svg = timeline_svg(_data(), "entity", observer=True, title="Timeline")
    texts = " ".join(_texts(svg))
    assert "Copy for an observer" in texts
    assert "Vehicle, white" in texts
    for secret in ("Петар", "Петровић", "Person (withheld)", 'href="x"'):
        assert secret.encode() not in svg


def test_the_map_svg_carries_the_attribution_and_the_places() -> None:
    point = MapPoint(1, "Thessaloníki", "GR", 22.94, 40.64, (1,))
    data = MapData((point,), (), {"GR": 1}, 1, for_observer=True)
    texts = " ".join(_texts(map_svg(load_basemap(), data, title="Map",
                                    credits="Places: GeoNames (geonames.org), CC BY 4.0")))
    assert "Thessaloníki" in texts
    assert "CC BY 4.0" in texts
    assert "Copy for an observer" in texts
