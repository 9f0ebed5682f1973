"""The report's timeline in the dissemination PDF (after the link chart).

Built from the *release view* only, as the map of places is: the report's date of
information (its stored bounds: "about 2026-10" is a faded bar over three months), one lane
per entity the view kept, and the relations the view lists as events between two kept
entities, dated by the report. The date of report is a dashed line. So for an observer the
figure can show nothing the copy does not already say in words: a withheld entity is not in
the view, hence has no lane; a relation with a withheld end (a person's placeholder) is not
an event; every label is the view's own (public labels for observers) and goes through the
view's redactor once more. Then :func:`sirat.timeline.redact_for_observer` runs over the
result (defence in depth, the chart annex does the same); the items it keeps keep the view's
words (a role, "A owner of B"), which the copy prints in its annex anyway.

A report without a date of information, or without a kept entity, gets no figure (nothing
to place, or a single bar that tells nothing the front page does not).
"""

from __future__ import annotations

from dataclasses import replace

from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from sirat.export.pdf_style import FRAME_WIDTH, Styles
from sirat.export.release import ReleaseView
from sirat.timeline.model import EntityRef, Item, TimelineData, lanes_of
from sirat.timeline.redact import redact_for_observer

#: Height of a row of bars, and of the axis, the mark and the legend (points).
ROW_H = 13.0
FRAME_H = 50.0


def release_timeline(view: ReleaseView) -> TimelineData | None:
    """The timeline of this release (see the module docstring); None: nothing to draw."""
    report = view.report
    span = report.information_span
    if span is None or not view.entities:
        return None
    start, end = span[0].toordinal(), span[1].toordinal()
    refs = {e.id: EntityRef(n, e.kind, view.clean(e.label), view.clean(e.label), e.is_private)
            for n, e in enumerate(view.entities, start=1)}
    by_label: dict[str, EntityRef] = {}
    for e in view.entities:
        by_label.setdefault(e.label, refs[e.id])
    fuzzy = end > start
    items = [Item(f"l{ref.id}", "link", start, end,
                  view.clean(e.role) or "named in the report", 0, report.reference,
                  entities=(ref,), approximate=fuzzy)
             for e in view.entities for ref in (refs[e.id],)]
    for n, rel in enumerate(view.relations, start=1):
        # By id: two kept entities may share a label (an observer's "Vessel (identifying
        # details withheld)"); by label only for a view built without ids.
        ends = ((refs.get(rel.source_id), refs.get(rel.target_id)) if rel.source_id
                else (by_label.get(rel.source), by_label.get(rel.target)))
        if ends[0] is None or ends[1] is None:
            continue  # an end the view does not keep (an observer's placeholder)
        label = f"{ends[0].label} {view.clean(rel.relation)} {ends[1].label}"
        items.append(Item(f"e{n}", "relation", start, end, label, 0, report.reference,
                          entities=(ends[0], ends[1]), approximate=fuzzy))
    labels = {ref.lane: ref.label for ref in refs.values()}
    data = TimelineData(tuple(items), "information", labels)
    if not view.personal_data_withheld:
        return data
    # The observer's redactor drops anything withheld; the labels it writes ("Link: ...")
    # say less than the view's own words, which the copy prints anyway: keep those.
    said = {item.id: item.label for item in items}
    safe = redact_for_observer(data)
    return replace(safe, items=tuple(replace(i, label=said[i.id]) for i in safe.items))


def timeline_annex(view: ReleaseView, st: Styles) -> list[Flowable]:
    """"Timeline": the figure with the date of report marked, and how to read it."""
    data = release_timeline(view)
    if data is None or not data.items:
        return []
    from sirat.export.timeline_figure import draw_timeline  # reportlab graphics: on demand

    lanes = lanes_of(data, "entity")
    # Tall enough for every stacked row; past that draw_timeline leaves lanes out and says so.
    height = min(FRAME_WIDTH * 1.1,
                 FRAME_H + sum(ROW_H * lane.row_count + 3 for lane in lanes))
    reported = view.report.report_date
    figure = draw_timeline(data, "entity", FRAME_WIDTH, height,
                           marks=((reported.toordinal(), "Date of report"),), row_h=ROW_H,
                           bar_labels=True)
    return [CondPageBreak(height + 60), Paragraph("Timeline", st.h1), figure,
            Paragraph("One lane per entity of this copy. Bars span the date of information "
                      "of this report: blue, the entity's role in it; orange, a relation the "
                      "report asserts (in the lanes of both ends). Faded: the date is known "
                      "only as a range. Dashed: the date of report.", st.small)]
