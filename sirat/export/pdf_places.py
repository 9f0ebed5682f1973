"""The report's places on the map, in the dissemination PDF (after the link chart).

Built from the *release view* only: its places (for an observer already through the
redactor) and the address entities it kept (an observer's view has no private address), so
the map can show nothing the recipient's copy does not already say in words -- no place from a
withheld address. Each text is geocoded with the shipped gazetteer as in the app (one
candidate, or the report's country narrowing to one; never guessed); texts not placed are
listed. The printed names are the gazetteer's; the GeoNames attribution goes with the figure.
Without a place that can be placed there is no map; a damaged basemap or gazetteer leaves a
line instead of the figure, never a failed export.
"""

from __future__ import annotations

from typing import Final

from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from sirat.errors import SiratError
from sirat.export.markup import inline
from sirat.export.pdf_style import FRAME_WIDTH, Styles
from sirat.export.release import ReleaseView
from sirat.geo.geocode import geocode
from sirat.geo.points import MapData, MapPoint, Unplaced

CREDITS: Final = "Basemap: Natural Earth (public domain) · Places: GeoNames (geonames.org), " \
                 "CC BY 4.0"


def release_map(view: ReleaseView) -> MapData:
    """The points of this release: its places and its kept addresses' cities."""
    from sirat.geo.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    country = view.report.reporting_country
    found: dict[int, MapPoint] = {}
    unplaced: list[Unplaced] = []
    texts = [(text, country) for text in view.report.places]
    for entity in view.entities:
        # The view kept it; an observer's never keeps a private address (checked again).
        if entity.kind == "address" and not (entity.is_private and view.personal_data_withheld):
            fields = {f.key: f.value for f in entity.fields}
            if fields.get("city", "").strip():
                texts.append((fields["city"], fields.get("country", "") or country))
    for text, hint in texts:
        hit = geocode(gazetteer, text, [hint, country])
        if hit.place is None:
            if hit.reason != "empty":
                unplaced.append(Unplaced(text, hit.reason, 0))
            continue
        p = hit.place
        found.setdefault(p.id, MapPoint(p.id, p.name, p.country, p.lon, p.lat, (1,)))
    return MapData(tuple(found.values()), tuple(unplaced), {country: 1} if country else {}, 1,
                   for_observer=view.personal_data_withheld)


def places_annex(view: ReleaseView, st: Styles) -> list[Flowable]:
    """"Places on the map": the figure, the texts not placed, the attribution."""
    if not view.report.places and not any(e.kind == "address" for e in view.entities):
        return []
    try:
        from sirat.export.map_figure import crop_around, draw_map
        from sirat.geo.basemap import load_basemap

        data = release_map(view)
        if not data.points:
            return []
        figure: Flowable = draw_map(load_basemap(), data, FRAME_WIDTH, FRAME_WIDTH * 0.62,
                                    CREDITS, box=crop_around(data))
    except SiratError:
        return [Paragraph("The map of places cannot be drawn by this installation.", st.body)]
    story: list[Flowable] = [CondPageBreak(330), Paragraph("Places on the map", st.h1), figure,
                             Paragraph("Shaded: the reporting country.", st.small)]
    if data.unplaced:
        listed = "; ".join(f"{u.text} ({u.reason})" for u in data.unplaced)
        story.append(Paragraph(inline(f"Not placed (never guessed): {listed}."), st.small))
    return story
