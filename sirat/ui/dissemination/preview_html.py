"""The release view as read-only rich text: what the chosen recipient will read.

PySide6-Essentials has no QtPdf, so the dialog previews the *release view* -- exactly what
the renderer will receive -- rather than page images. Every string is escaped here; the
only markup is ours.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from sirat.chart import ChartGraph
from sirat.export.release import ReleaseView
from sirat.export.stats_types import StatisticsRelease
from sirat.export.types import KIND_NAMES
from sirat.services.dissemination.closure import Withholding


def _esc(text: object) -> str:
    return escape(str(text), quote=True).replace("\n", "<br>")


def _row(label: str, value: str) -> str:
    return (f'<tr><td style="color:#555; padding-right:10px; white-space:nowrap;">'
            f"{escape(label)}</td><td>{_esc(value)}</td></tr>") if value else ""


def _section(title: str, body: str) -> str:
    return f'<h3 style="margin:12px 0 4px 0;">{escape(title)}</h3>{body}' if body else ""


def _entities(view: ReleaseView) -> str:
    rows = []
    for e in view.entities:
        details = "; ".join(f"{f.label}: {f.value}" for f in e.fields if f.value)
        note = f"<br/><i>Note: {_esc(e.note)}</i>" if e.note else ""
        rows.append(f"<tr><td>{_esc(KIND_NAMES[e.kind][0])}</td><td><b>{_esc(e.label)}</b></td>"
                    f"<td>{_esc(e.role)}{note}</td><td>{_esc(details)}</td></tr>")
    for p in view.withheld_persons:
        rows.append(f"<tr><td>person</td><td><b>{_esc(p.placeholder)}</b></td>"
                    f"<td>{_esc(p.role)}</td><td><i>withheld</i></td></tr>")
    if not rows:
        return ""
    head = "<tr><th>Kind</th><th>Entity</th><th>Role</th><th>Details</th></tr>"
    return (f'<table cellspacing="0" cellpadding="3" border="1" '
            f'style="border-color:#ccc;">{head}{"".join(rows)}</table>')


def _relations(view: ReleaseView) -> str:
    items = "".join(f"<li>{_esc(r.source)} — <b>{_esc(r.relation)}</b> — {_esc(r.target)}"
                    + (f" <i>({_esc(r.note)})</i>" if r.note else "") + "</li>"
                    for r in view.relations)
    return f"<ul style='margin-left:-20px;'>{items}</ul>" if items else ""


def _chart(chart: ChartGraph | None) -> str:
    if chart is None:
        return "<p>No link chart.</p>"
    labels = ", ".join(_esc(n.label) for n in chart.nodes())
    return f"<p>{len(chart)} nodes, {chart.edge_count} links: {labels}</p>"


def withholding_lines(withholdings: Sequence[Withholding], labels: Mapping[str, str]) -> list[str]:
    """Why each entity is withheld, for the person exporting (who may see the labels)."""
    return [f"{labels[str(w.entity_id)]}: {w.because()}" if labels.get(str(w.entity_id))
            else w.sentence() for w in withholdings]


def release_view_html(view: ReleaseView, chart: ChartGraph | None, copy_number: int) -> str:
    """The document text as the recipient will read it (escaped)."""
    r = view.report
    stats = r.statistics if isinstance(r.statistics, StatisticsRelease) else None
    handling = "; ".join(f"{h.code} {h.wording}" + (f" ({h.free_text})" if h.free_text else "")
                         for h in r.handling_codes)
    facts = "".join((
        _row("Reference", f"{r.reference} · version {r.version} · copy {copy_number}"),
        _row("Classification", r.classification), _row("Handling", handling),
        _row("Recipient", f"{view.recipient.name} ({view.recipient.code}), "
                          f"{view.recipient.kind.replace('-', ' ')}"),
        _row("Reporting agency", f"{r.agency} ({r.reporting_country})" if r.agency
             else r.reporting_country),
        _row("Author", r.author), _row("Approved by", r.approver),
        # A product: its period and crime areas, as its PDF's header prints them.
        _row("Crime area", r.crime_area) if stats is None
        else _row("Crime areas", "; ".join(stats.crime_areas) or "all"),
        _row("Date of report", r.report_date.strftime(r.date_format)),
        _row("Date of information", r.information_date) if stats is None
        else _row("Period", stats.period_label),
        _row("Places", "; ".join(r.places)), _row("Operation", r.operation),
        _row("Grading", f"{r.source_reliability}{r.information_accuracy}"),
        _row("Keywords", ", ".join(r.keywords)),
    ))
    notice = ""
    if view.personal_data_withheld:
        notice = ('<p style="color:#a00; font-weight:bold;">OBSERVER COPY — personal data '
                  "withheld.</p>")
    if stats is not None:  # an analytical product: as its PDF
        from sirat.ui.stats.preview import product_html

        return "".join((f"<h2 style='margin:0;'>{_esc(r.title)}</h2>", notice,
                        f"<table cellspacing='0' cellpadding='1'>{facts}</table>",
                        product_html(stats, r.summary, r.narrative)))
    return "".join((
        f"<h2 style='margin:0;'>{_esc(r.title)}</h2>", notice,
        f"<table cellspacing='0' cellpadding='1'>{facts}</table>",
        _section("Summary", f"<p>{_esc(r.summary)}</p>" if r.summary else ""),
        _section("Reported information", f"<p>{_esc(r.narrative)}</p>" if r.narrative else ""),
        _section("Analyst comment",
                 f"<p><i>{_esc(r.analyst_comment)}</i></p>" if r.analyst_comment else ""),
        _section("Annex A — Entities", _entities(view)),
        _section("Relations", _relations(view)),
        _section("Annex B — Link chart", _chart(chart)),
    ))
