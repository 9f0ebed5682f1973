"""The shipped basemap and gazetteer, Web Mercator, geocoding across scripts, clusters,
the observer's map and the read-only MBTiles layer."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from sirat.errors import SiratError
from sirat.geo.basemap import BASEMAP, load_basemap, parse_basemap
from sirat.geo.countries import MEMBER_STATES
from sirat.geo.gazetteer import GAZETTEER, load_gazetteer, parse_gazetteer
from sirat.geo.geocode import NOT_FOUND, geocode
from sirat.geo.mbtiles import MBTiles
from sirat.geo.mercator import project, tile_range, unproject
from sirat.geo.points import MapData, MapPoint, Unplaced, cluster, redact_for_observer
from tests.unit.geo.mbtiles_file import make_mbtiles


def test_mercator_round_trip_and_tiles() -> None:
    x, y = project(22.94, 40.64)  # Thessaloniki
    lon, lat = unproject(x, y)
    assert abs(lon - 22.94) < 1e-9
    assert abs(lat - 40.64) < 1e-9
    assert project(0, 0) == pytest.approx((0.0, 0.0), abs=1e-6)
    c0, r0, c1, r1 = tile_range(5, *project(19, 40), *project(24, 45))
    assert (c0, c1) == (17, 18)
    assert r0 <= r1


def test_basemap_holds_the_region_with_sirats_names() -> None:
    basemap = load_basemap()
    names = {c.code: c.name for c in basemap.countries}
    assert set(MEMBER_STATES) | {"XK", "HR", "SI", "CY"} <= set(names)
    assert names["MK"] == "North Macedonia"
    assert names["XK"] == "Kosovo*"
    assert names["TR"] == "Türkiye"
    assert "N. Cyprus" not in names.values()  # drawn as part of Cyprus
    assert BASEMAP.stat().st_size < 200_000  # small: it ships with the app
    west, south, east, north = basemap.bbox
    for country in basemap.countries:
        bx = country.bbox()
        assert west - 1e-6 <= bx[0]
        assert bx[2] <= east + 1e-6
        assert south - 1e-6 <= bx[1]
        assert bx[3] <= north + 1e-6


def test_a_damaged_basemap_or_gazetteer_is_a_plain_error(tmp_path: Path) -> None:
    with pytest.raises(SiratError, match="basemap"):
        parse_basemap(b"not gzip")
    with pytest.raises(SiratError, match="gazetteer"):
        parse_gazetteer(gzip.compress(json.dumps({"format": "other"}).encode()))
    with pytest.raises(SiratError, match="Reinstall"):
        load_basemap.__wrapped__(tmp_path / "missing.json.gz")


def test_gazetteer_finds_one_place_across_scripts() -> None:
    gaz = load_gazetteer()
    assert len(gaz) > 3000
    ids = {tuple(p.id for p in gaz.candidates(t)) for t in
           ("Солун", "Thessaloniki", "Θεσσαλονίκη", "THESSALONÍKI", " thessaloniki ")}
    assert len(ids) == 1
    assert gaz.places[next(iter(ids))[0]].country == "GR"
    assert [p.name for p in gaz.candidates("Београд")] == ["Belgrade"]
    assert [p.name for p in gaz.candidates("Скопје")] == ["Skopje"]
    assert [p.name for p in gaz.candidates("Цариград")] == ["Istanbul"]
    assert [p.country for p in gaz.candidates("Chișinău")] == ["MD"]
    assert [p.country for p in gaz.candidates("Дуръс")] == ["AL"]  # another transliteration
    assert gaz.candidates("Atlantis") == []
    assert "CC BY" in gaz.attribution
    assert GAZETTEER.stat().st_size < 600_000


def test_geocoding_never_guesses() -> None:
    gaz = load_gazetteer()
    bar = geocode(gaz, "Bar")
    assert bar.place is None
    assert bar.reason.startswith("ambiguous: Bar (ME), Bar (UA)")
    assert geocode(gaz, "Bar", ["ME"]).place.country == "ME"  # type: ignore[union-attr]
    assert geocode(gaz, "Bar", ["ME", "UA"]).place is None
    assert geocode(gaz, "Atlantis").reason == NOT_FOUND
    assert geocode(gaz, "   ").place is None


def _point(pid: int, lon: float, lat: float, reports: tuple[int, ...],
           withheld: tuple[int, ...] = ()) -> MapPoint:
    return MapPoint(pid, f"P{pid}", "RS", lon, lat, reports, (9,), withheld)


def test_points_cluster_by_zoom() -> None:
    points = [_point(1, 20.46, 44.82, (1,)), _point(2, 20.50, 44.80, (2,)),
              _point(3, 22.94, 40.64, (3,))]
    far = cluster(points, 200_000)  # 200 km cells
    assert sorted(len(c.points) for c in far) == [1, 2]
    near = cluster(points, 1_000)
    assert len(near) == 3
    assert cluster(points, 200_000) == far  # deterministic


def test_the_observer_map_has_no_place_from_a_withheld_address() -> None:
    data = MapData((
        _point(1, 20.46, 44.82, (1,), withheld=(1,)),  # only the private address: gone
        _point(2, 22.94, 40.64, (1, 2), withheld=(1,)),  # report 2 names it itself: stays
        _point(3, 21.43, 42.0, (3,)),
    ), (Unplaced("Ул. Цара Душана", "not in the gazetteer", 1),), {"RS": 3})
    safe = redact_for_observer(data)
    assert [(p.place_id, p.report_ids) for p in safe.points] == [(2, (2,)), (3, (3,))]
    assert all(p.entity_ids == () and p.withheld_for == () for p in safe.points)
    assert safe.unplaced == ()  # free text: not listed for observers
    assert safe.counts == {"RS": 3}
    assert safe.for_observer


def test_mbtiles_are_read_only_and_checked(tmp_path: Path) -> None:
    path = make_mbtiles(tmp_path / "relief.mbtiles")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with MBTiles(path) as tiles:
        assert tiles.info.name == "Test relief"
        assert (tiles.info.min_zoom, tiles.info.max_zoom) == (5, 5)
        found = tiles.tiles(5, 17, 19, 18, 20)
        assert len(found) == 4
        assert found[0][2].startswith(b"\x89PNG")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not (tmp_path / "relief.mbtiles-journal").exists()
    other = tmp_path / "notes.mbtiles"
    other.write_text("hello", encoding="utf-8")
    with pytest.raises(SiratError, match="not an MBTiles"):
        MBTiles(other)
    with pytest.raises(SiratError, match="does not exist"):
        MBTiles(tmp_path / "none.mbtiles")


def test_clipping_keeps_a_polygon_inside_the_box() -> None:
    from sirat.geo.clip import clip_ring, intersects

    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    clipped = clip_ring(square, (5.0, -1.0, 20.0, 5.0))
    assert sorted(clipped) == [(5.0, 0.0), (5.0, 5.0), (10.0, 0.0), (10.0, 5.0)]
    assert clip_ring(square, (20.0, 20.0, 30.0, 30.0)) == []
    assert intersects((0, 0, 1, 1), (1, 1, 2, 2))
    assert not intersects((0, 0, 1, 1), (2, 2, 3, 3))


def test_the_pdf_crop_holds_every_point_and_a_minimum_area() -> None:
    from sirat.export.map_figure import crop_around

    data = MapData((_point(1, 20.46, 44.82, (1,)), _point(2, 22.94, 40.64, (2,))))
    west, south, east, north = crop_around(data) or (0, 0, 0, 0)
    assert west < 20.46
    assert east > 22.94
    assert south < 40.64
    assert north > 44.82
    assert east - west >= 8.0
    assert crop_around(MapData()) is None
