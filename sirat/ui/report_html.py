"""A report as read-only rich text for the detail pane. Every user string is escaped.

Only this module builds the markup, from values it escapes itself; links are ours
(``entity:<id>``, ``report:<id>``), never text the analyst typed.
"""

from __future__ import annotations

from html import escape

from sirat.services.reports.reference import ReferenceData
from sirat.services.reports.types import ReportView
from sirat.ui.dates import show_date, show_time
from sirat.ui.entity_words import kind_label
from sirat.ui.overrides import kept_lines, kept_suffix
from sirat.ui.status_badges import badge_html


def esc(text: object) -> str:
    """Escape for Qt rich text, keeping the analyst's line breaks."""
    return escape(str(text), quote=True).replace("\n", "<br>")


def _row(label: str, value: str) -> str:
    if not value:
        return ""
    return (f'<tr><td class="k" style="color:#555; padding-right:12px; white-space:nowrap;">'
            f"{escape(label)}</td><td>{value}</td></tr>")


def _section(title: str, body: str) -> str:
    if not body.strip():
        return ""
    return f'<h3 style="margin-top:14px; margin-bottom:4px;">{escape(title)}</h3><p>{body}</p>'


def wording(ref: ReferenceData | None, scheme: str, axis: str, code: str) -> str:
    if ref is None:
        return ""
    found = ref.scheme(scheme)
    if found is None:
        return ""
    levels = found.source_reliability if axis == "source" else found.information_accuracy
    return next((lvl.wording for lvl in levels if lvl.code == code), "")


def report_html(view: ReportView, ref: ReferenceData | None) -> str:
    d = view.draft
    areas = {a.code: a.name for a in ref.crime_areas} if ref else {}
    classes = {c.code: c.name for c in ref.classifications} if ref else {}
    handling = {h.code: h.wording for h in ref.handling_codes} if ref else {}
    source_words = wording(ref, d.grading_scheme, "source", d.source_reliability)
    info_words = wording(ref, d.grading_scheme, "information", d.information_accuracy)
    codes = "".join(
        f"<b>{esc(code)}</b> — {esc(handling.get(code, ''))}"
        + (f": {esc(d.h3_text)}" if code == "H3" and d.h3_text else "") + "<br>"
        for code in sorted(d.handling_codes)
    )
    meta = "".join([
        _row("Crime area", esc(areas.get(d.crime_area, d.crime_area))),
        _row("Date of report", esc(show_date(d.report_date))),
        _row("Date of information", esc(d.information_date)),
        _row("Places", esc("; ".join(d.places))),
        _row("Reporting country", esc(d.reporting_country)),
        _row("Agency", esc(d.agency)),
        _row("Operation / task force", esc(d.operation)),
        _row("Source", f"<b>{esc(d.source_reliability)}</b> — {esc(source_words)}"),
        _row("Information", f"<b>{esc(d.information_accuracy)}</b> — {esc(info_words)}"),
        _row("Handling", codes),
        _row("Author", esc(view.author_name)),
        _row("Approved by", esc(view.approver_name)),
        _row("Provenance", esc(view.provenance)),
        _row("Version", f"{view.version} · updated {esc(show_time(view.updated_at))}"),
        _row("Keywords", esc(", ".join(d.keywords))),
    ])
    roles = {r.code: r.name for r in ref.link_roles} if ref else {}
    links = "".join(
        f'<tr><td style="color:#555; padding-right:12px;">{esc(kind_label(link.kind))}</td>'
        f'<td><a href="entity:{int(link.entity_id)}">{esc(link.label)}</a>'
        + (f' <span style="color:#8a5a00;" title="{esc(chr(10).join(kept_lines(link.overrides)))}">'
           f"{esc(kept_suffix(link.overrides).strip())}</span>"
           f'<br><span style="color:#8a5a00; font-size:small;">'
           f'{esc(chr(10).join(kept_lines(link.overrides)))}</span>' if link.overrides else "")
        + f'</td><td style="padding-left:12px;">'
        f'{esc(roles.get(link.role, link.role.replace("_", " ")))}</td></tr>'
        for link in view.links
    )
    relations = "".join(
        f'<a href="entity:{int(r.source_id)}">{esc(r.source_label)}</a> '
        f"<i>{esc(r.relation_name or r.relation_type)}</i> "
        f'<a href="entity:{int(r.target_id)}">{esc(r.target_label)}</a><br>'
        for r in view.relations
    )
    returned = (_section("Returned by the supervisor", esc(view.return_comment))
                if view.return_comment else "")
    return (
        f'<p style="color:#8a1c1c; font-weight:600;">'
        f"{esc(classes.get(d.classification, d.classification))}</p>"
        f'<p><span style="font-family:monospace;">{esc(view.reference)}</span> '
        f"&nbsp;{badge_html(view.status)}</p>"
        f'<h2 style="margin-top:4px;">{esc(d.title)}</h2>'
        f"{returned}"
        f'<table cellspacing="2">{meta}</table>'
        + _section("Summary", esc(d.summary))
        + _section("Narrative", esc(d.narrative))
        + (f'<h3 style="margin-top:14px;">Linked entities</h3><table>{links}</table>'
           if links else "")
        + _section("Relations", relations)
        + (f'<h3 style="margin-top:14px;">Analyst comment</h3>'
           f'<p style="background-color:#f4f1e8;">{esc(d.analyst_comment)}</p>'
           if d.analyst_comment else "")
    )
