"""The body of the dissemination PDF: header block, markings, text sections.

Every user string goes through :mod:`sirat.export.markup` before it becomes a
``Paragraph``; the only markup in the document is the one written here. The annexes
(entities, chart, grading key) and the signature block are in :mod:`sirat.export.pdf_annex`.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from sirat.domain.vocab import RECIPIENT_KIND_WORDS
from sirat.export.markup import blocks, inline
from sirat.export.pdf_style import (
    COMMENT_FILL,
    COMMENT_RULE,
    FRAME_WIDTH,
    LABEL_FILL,
    NOTICE_FILL,
    NOTICE_RULE,
    RULE,
    Styles,
)
from sirat.export.release import ReleaseView
from sirat.export.stats_types import StatisticsRelease


def boxed(content: list[Any], fill: str, rule: str) -> Table:
    """``content`` in a tinted box with a coloured bar on its left."""
    table = Table([[content]], colWidths=[FRAME_WIDTH], splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), HexColor(fill)),
                ("LINEBEFORE", (0, 0), (0, -1), 2.5, HexColor(rule)),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def grid(rows: list[list[Any]], widths: list[float], *, header: bool = False) -> Table:
    """A readable table: thin rules, label column or header row tinted, rows may split."""
    table = Table(
        rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1, hAlign="LEFT"
    )
    style: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, HexColor(RULE)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), HexColor(LABEL_FILL)))
    else:
        style += [("BACKGROUND", (c, 0), (c, -1), HexColor(LABEL_FILL)) for c in (0, 2)]
    table.setStyle(TableStyle(style))
    return table


def _title_block(view: ReleaseView, st: Styles) -> list[Flowable]:
    report = view.report
    reference = f"{inline(report.reference)} · version {report.version}"
    return [
        Paragraph(inline(report.originator).upper(), st.label),
        Paragraph("Analytical Product" if report.statistics is not None
                  else "Intelligence Report", st.doc_kind),
        Paragraph(reference, st.reference),
        Spacer(1, 8),
        Paragraph(inline(report.title), st.title),
    ]


def _header_table(view: ReleaseView, copy_number: int, st: Styles) -> Table:
    report, recipient = view.report, view.recipient
    pairs = [
        ("Originator", report.originator),
        ("Reporting agency", f"{report.agency} ({report.reporting_country})" if report.agency
         else report.reporting_country),  # a product has no agency: not "(RO)"
        ("Date of report", report.report_date.strftime(report.date_format)),
        ("Date of information", report.information_date),
        ("Crime area", report.crime_area),
        ("Operation", report.operation),
        ("Place(s)", "; ".join(report.places)),
        ("Status", report.status.capitalize()),
        ("Author", report.author),
        ("Approved by", report.approver),
        (
            "Recipient",
            f"{recipient.name} ({recipient.code}), "
            f"{RECIPIENT_KIND_WORDS.get(recipient.kind, recipient.kind)}",
        ),
        ("Copy No.", str(copy_number)),
    ]
    stats = report.statistics
    if isinstance(stats, StatisticsRelease):
        # A product covers a period and its crime areas; it names no operation or place
        # (two empty fields dropped: the grid stays whole).
        labels = [label for label, _ in pairs]
        pairs[labels.index("Date of information")] = ("Period", stats.period_label)
        pairs[labels.index("Crime area")] = ("Crime areas",
                                             "; ".join(stats.crime_areas) or "all")
        pairs = [p for p in pairs if p[0] not in ("Operation", "Place(s)")]
    if report.provenance:
        # After the approver, padded so the two-column grid stays whole.
        at = [label for label, _ in pairs].index("Approved by") + 1
        pairs[at:at] = [("Provenance", report.provenance), ("", "")]
    cells = [
        (Paragraph(inline(label).upper(), st.label), Paragraph(inline(value), st.cell))
        for label, value in pairs
    ]
    rows = [[*cells[i], *cells[i + 1]] for i in range(0, len(cells), 2)]
    w = FRAME_WIDTH
    return grid(rows, [w * 0.16, w * 0.34, w * 0.16, w * 0.34])


def _markings(view: ReleaseView, st: Styles) -> list[Flowable]:
    report = view.report
    story: list[Flowable] = [Paragraph("Handling", st.h1)]
    if report.handling_codes:
        rows = []
        for h in report.handling_codes:
            wording = inline(h.wording)
            if h.free_text:
                wording += f"<br/><i>{inline(h.free_text)}</i>"
            rows.append([Paragraph(inline(h.code), st.cell_bold), Paragraph(wording, st.cell)])
        story.append(grid(rows, [FRAME_WIDTH * 0.1, FRAME_WIDTH * 0.9]))
    else:
        story.append(Paragraph("No handling code.", st.body))
    key_name = inline(report.grading_key.name)
    story += [
        Paragraph(f"Evaluation ({key_name})", st.h1),
        grid(
            [
                [
                    Paragraph("SOURCE RELIABILITY", st.label),
                    Paragraph(inline(report.source_reliability), st.cell_bold),
                    Paragraph(inline(report.source_reliability_wording), st.cell),
                ],
                [
                    Paragraph("INFORMATION ACCURACY", st.label),
                    Paragraph(inline(report.information_accuracy), st.cell_bold),
                    Paragraph(inline(report.information_accuracy_wording), st.cell),
                ],
            ],
            [FRAME_WIDTH * 0.22, FRAME_WIDTH * 0.06, FRAME_WIDTH * 0.72],
        ),
    ]
    return story


def _release_notice(view: ReleaseView, st: Styles) -> list[Flowable]:
    if not view.personal_data_withheld:
        return []
    text = (
        "OBSERVER COPY — personal data withheld. Persons are shown as [PERSON 1], "
        "[PERSON 2] …; identifiers as [PHONE], [DOCUMENT NO.], [BANK ACCOUNT] …"
    )
    return [Spacer(1, 8), boxed([Paragraph(text, st.notice)], NOTICE_FILL, NOTICE_RULE)]


def _text_section(title: str, text: str, st: Styles) -> list[Flowable]:
    paragraphs = blocks(text) or ["—"]
    return [Paragraph(title, st.h1), *(Paragraph(p, st.body) for p in paragraphs)]


def front_matter(view: ReleaseView, copy_number: int, st: Styles) -> list[Flowable]:
    """Title, header block, observer notice, handling and evaluation."""
    return [
        *_title_block(view, st),
        _header_table(view, copy_number, st),
        *_release_notice(view, st),
        *_markings(view, st),
    ]


def text_sections(view: ReleaseView, st: Styles) -> list[Flowable]:
    """Summary, narrative, the analyst comment (kept apart) and keywords."""
    report = view.report
    comment = [
        Paragraph("Analyst comment", st.h1),
        boxed(
            [
                Paragraph(
                    "Assessment by the originator; not part of the reported information.",
                    st.small,
                ),
                *(Paragraph(p, st.comment) for p in blocks(report.analyst_comment) or ["—"]),
            ],
            COMMENT_FILL,
            COMMENT_RULE,
        ),
    ]
    keywords = "; ".join(report.keywords) or "—"
    return [
        *_text_section("1. Summary", report.summary, st),
        *_text_section("2. Reported information", report.narrative, st),
        *comment,
        Spacer(1, 6),
        Paragraph(f"<b>Keywords:</b> {inline(keywords)}", st.small),
    ]
