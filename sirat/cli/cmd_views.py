"""``sirat timeline export`` and ``sirat map export|places``: the timeline and the map of the
reports a filter selects, as a one-page PDF figure or an SVG file (by ``--out``'s ending) for a
recipient kind, from the command line.

``--for KIND`` is required: the disclosure policy (``may_receive_personal_data``) decides, and
an observer's figure is redacted before it is drawn, as in the app. Filters are the report
list's (crime area, country, status, dates of information).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sirat.cli.common import (
    add_json_arg,
    add_out_arg,
    add_vault_arg,
    checked_out,
    group,
    open_vault,
    print_json,
    print_table,
)
from sirat.domain.disclosure import may_receive_personal_data
from sirat.domain.vocab import RECIPIENT_KINDS, STATUSES
from sirat.errors import SiratError

#: ``--out``'s ending -> the format written (PNG needs a rasteriser: the app exports it).
FORMATS = {".pdf": "pdf", ".svg": "svg"}


def _filter_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--crime-area", action="append", default=[], help="crime area code")
    p.add_argument("--country", action="append", default=[], help="reporting country (ISO)")
    p.add_argument("--status", action="append", default=[], choices=STATUSES)
    p.add_argument("--info-from", default=None, help="date of information from (ISO)")
    p.add_argument("--info-to", default=None, help="date of information to (ISO)")


def _recipient_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--for", dest="recipient_kind", required=True, choices=RECIPIENT_KINDS,
                   help="who receives the figure: an observer's copy has no personal data")


def register(sub: Any) -> None:
    timeline = group(sub, "timeline", "the reports over time, as a PDF or SVG figure")
    p = timeline.add_parser("export", help="write the timeline as a one-page PDF or an SVG")
    add_vault_arg(p)
    add_out_arg(p, "the .pdf or .svg file")
    _recipient_arg(p)
    _filter_args(p)
    p.add_argument("--axis", choices=("information", "report"), default="information",
                   help="date of information (default) or date of report")
    p.add_argument("--lanes", choices=("none", "crime_area", "country", "operation", "entity"),
                   default="crime_area")
    p.set_defaults(handler=_timeline_export)
    geo = group(sub, "map", "the reports' places on the offline map")
    p = geo.add_parser("export", help="write the map as a one-page PDF or an SVG")
    add_vault_arg(p)
    add_out_arg(p, "the .pdf or .svg file")
    _recipient_arg(p)
    _filter_args(p)
    p.set_defaults(handler=_map_export)
    p = geo.add_parser("places", help="list the places found and the names not placed")
    add_vault_arg(p)
    add_json_arg(p)
    _filter_args(p)
    p.set_defaults(handler=_map_places)


def _filters(vault: Any, args: argparse.Namespace) -> Any:
    from sirat.services.reports.query import checked_filters
    from sirat.services.reports.types import ReportFilters

    return checked_filters(vault, ReportFilters(
        crime_areas=frozenset(args.crime_area), countries=frozenset(args.country),
        statuses=frozenset(args.status), info_from=args.info_from, info_to=args.info_to))


def _format(out: str) -> str:
    """The format ``--out``'s ending asks for; anything else is refused before any work (a
    PDF written under "timeline.png" would be a file no viewer opens)."""
    fmt = FORMATS.get(Path(out).suffix.lower())
    if fmt is None:
        raise SiratError(f"{out} does not end in .pdf or .svg.",
                         "Name the file .pdf or .svg; for a PNG use Export in the app's view.")
    return fmt


def _write(path: Path, data: bytes, fmt: str) -> None:
    from sirat.files import atomic_write_bytes

    atomic_write_bytes(path, data, fmt.upper())


def _timeline_export(args: argparse.Namespace) -> int:
    from sirat.export.figure_svg import timeline_svg
    from sirat.export.timeline_figure import timeline_pdf
    from sirat.services.charts import timeline
    from sirat.services.charts.views_audit import record_export

    fmt = _format(args.out)
    out = checked_out(Path(args.out), force=args.force)
    vault = open_vault(args)
    try:
        filters = _filters(vault, args)
        data = timeline.load(vault, filters, axis=args.axis)
        observer = not may_receive_personal_data(args.recipient_kind)
        render = timeline_pdf if fmt == "pdf" else timeline_svg
        _write(out, render(data, args.lanes, observer=observer, title="Timeline"), fmt)
        record_export(vault, "timeline", fmt=fmt, observer=observer, filters=filters,
                      recipient_kind=args.recipient_kind, axis=args.axis, lanes=args.lanes,
                      items=len(data.items))
    finally:
        vault.lock()
    print(f"Wrote {out} ({len(data.items)} item(s); {data.undated} report(s) without a date "
          f"not placed{'; copy for an observer' if observer else ''}).")
    return 0


def _map(args: argparse.Namespace, vault: Any = None) -> Any:
    from sirat.services.charts import map as map_data

    if vault is not None:
        return map_data.load(vault, _filters(vault, args))
    vault = open_vault(args)
    try:
        return map_data.load(vault, _filters(vault, args))
    finally:
        vault.lock()


def _map_export(args: argparse.Namespace) -> int:
    from sirat.export.figure_svg import map_svg
    from sirat.export.map_figure import map_pdf
    from sirat.geo.basemap import load_basemap
    from sirat.geo.gazetteer import ATTRIBUTION
    from sirat.geo.points import redact_for_observer
    from sirat.services.charts.views_audit import record_export

    fmt = _format(args.out)
    out = checked_out(Path(args.out), force=args.force)
    vault = open_vault(args)
    try:
        data = _map(args, vault)
        observer = not may_receive_personal_data(args.recipient_kind)
        if observer:
            data = redact_for_observer(data)
        credits = f"Basemap: Natural Earth (public domain) · {ATTRIBUTION}"
        render = map_pdf if fmt == "pdf" else map_svg
        _write(out, render(load_basemap(), data, title="Map", credits=credits), fmt)
        record_export(vault, "map", fmt=fmt, observer=observer,
                      filters=_filters(vault, args), recipient_kind=args.recipient_kind,
                      places=len(data.points))
    finally:
        vault.lock()
    note = "; copy for an observer" if observer else ""
    print(f"Wrote {out} ({len(data.points)} place(s){note}).")
    return 0


def _map_places(args: argparse.Namespace) -> int:
    data = _map(args)
    rows = [{"place": p.name, "country": p.country, "lat": p.lat, "lon": p.lon,
             "reports": list(p.report_ids), "status": "placed", "reason": ""}
            for p in data.points]
    rows += [{"place": u.text, "country": "", "lat": None, "lon": None,
              "reports": [u.report_id], "status": "not placed", "reason": u.reason}
             for u in data.unplaced]
    if args.json:
        print_json(rows)
    else:
        print_table(("place", "country", "reports", "status"),
                    [(r["place"], r["country"], len(r["reports"]),
                      r["status"] + (f" ({r['reason']})" if r["reason"] else "")) for r in rows])
    return 0
