"""Property: for generated reports with withheld persons, nothing of theirs reaches an
observer copy -- not the page text, not any decompressed stream of any revision, not the
metadata, annotations or file name, not the chart figure -- and not the observer's chart
export (``redact_for_observer``) either.

Names are written in Latin, Cyrillic or Greek, upper-cased or by surname; dates of birth
in numeric and written forms with month names in English, Greek, Russian, Serbian,
Croatian, Turkish, Hungarian and Romanian; addresses as street + number in either order,
with or without street words; phones with brackets, dashes and trunk prefixes. The month
names and formats here are written independently of the redactor's own tables.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sirat.chart import ChartGraph, Edge, Node, redact_for_observer
from sirat.export.chart_figure import ChartFigure, draw_chart
from sirat.export.pdf import render_pdf_bytes
from sirat.export.release import build_release_view
from sirat.export.types import EntityField, EntityInput, RecipientInput, ReportInput
from tests.unit.services.dissemination.pdf_probe import annotations_other_than_signature, leaks

PERSONS = (
    ("Ivan Petrov", "Иван Петров"), ("Giorgos Papadopoulos", "Γιώργος Παπαδόπουλος"),
    ("Đorđe Jovanović", "Ђорђе Јовановић"), ("Marko Nikolić", "Марко Николић"),
    ("Nikos Georgiou", "Νίκος Γεωργίου"), ("Elena Popescu", "Елена Попеску"),
    ("Arben Hoxha", "Арбен Хоџа"), ("Zoltán Kovács", "Золтан Ковач"),
)  # fmt: skip
STREETS = (("Ermou", "Ερμού"), ("Vitosha", "Витоша"), ("Knez Mihailova", "Кнез Михаилова"),
           ("Stefan cel Mare", "Штефан чел Маре"), ("Rruga e Durrësit", "Руга е Дуръсит"))
PHONES = ("+30 694 123 4567", "+359 88 765 4321", "+381 64 123 4567", "+90 532 765 43 21")
MONTHS = {
    "en": "January February March April May June July August September October November "
          "December",
    "el": "Ιανουαρίου Φεβρουαρίου Μαρτίου Απριλίου Μαΐου Ιουνίου Ιουλίου Αυγούστου "
          "Σεπτεμβρίου Οκτωβρίου Νοεμβρίου Δεκεμβρίου",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "sr": "јануара фебруара марта априла маја јуна јула августа септембра октобра новембра "
          "децембра",
    "hr": "siječnja veljače ožujka travnja svibnja lipnja srpnja kolovoza rujna listopada "
          "studenoga prosinca",
    "tr": "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık",
    "hu": "január február március április május június július augusztus szeptember október "
          "november december",
    "ro": "ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie "
          "noiembrie decembrie",
}  # fmt: skip


def _dob_forms(born: date) -> list[str]:
    d, m, y = born.day, born.month, born.year
    forms = [f"{d}.{m}.{y}", f"{d:02d}/{m:02d}/{y}", born.isoformat(), f"{d:02d}.{m:02d}.{y}.",
             f"{m:02d}/{d:02d}/{y}", f"{d}-{m}-{y}"]  # fmt: skip
    for lang, names in MONTHS.items():
        month = names.split()[m - 1]
        forms.append(f"{month} {d}, {y}" if lang == "en" else f"{d} {month} {y}")
    hungarian, croatian = MONTHS["hu"].split()[m - 1], MONTHS["hr"].split()[m - 1]
    forms += [f"{y}. {hungarian} {d}.", f"{d}. {croatian} {y}."]
    return forms


def _address_forms(street: tuple[str, str], number: int) -> list[str]:
    latin, native = street
    return [f"{latin} {number}", f"{number} {latin} Street", f"ul. {native} {number}",
            f"{native} {number}", f"{latin} No. {number}", f"bul. {latin} {number}"]


def _phone_forms(phone: str) -> list[str]:
    code, rest = phone[1:].split(" ", 1)
    compact = rest.replace(" ", "")
    return [phone, f"(+{code}) {rest}", f"00{code} {compact}", f"+{code}-{rest.replace(' ', '-')}",
            f"0{compact}" if code != "30" else compact]


@st.composite
def reports(draw: st.DrawFn) -> tuple[ReportInput, list[EntityInput], list[str]]:
    n = draw(st.integers(1, 3))
    chosen = draw(st.lists(st.sampled_from(PERSONS), min_size=n, max_size=n, unique=True))
    entities: list[EntityInput] = []
    mentions: list[str] = []
    secrets: list[str] = []
    for k, (latin, native) in enumerate(chosen):
        born = draw(st.dates(date(1950, 1, 1), date(1999, 12, 28)))
        entities.append(EntityInput(f"p{k}", "person", native, name_forms=(latin,),
                                    fields=(EntityField("date_of_birth", "Date of birth",
                                                        born.isoformat()),), role="suspect"))
        name = draw(st.sampled_from([latin, native, latin.upper(), native.split()[-1]]))
        dob = draw(st.sampled_from(_dob_forms(born)))
        mentions.append(f"{name} (born {dob})")
        secrets += [name, dob, latin, native]
    street = draw(st.sampled_from(STREETS))
    number = draw(st.integers(2, 199))
    entities.append(EntityInput("a", "address", f"{street[0]} {number}, Town",
                                fields=(EntityField("full", "Full address",
                                                    f"{street[0]} {number}, Town"),
                                        EntityField("city", "City", "Town")),
                                is_private=draw(st.booleans()), role="location"))
    address = draw(st.sampled_from(_address_forms(street, number)))
    phone = draw(st.sampled_from(PHONES))
    entities.append(EntityInput("t", "phone", phone,
                                fields=(EntityField("number", "Number", phone),)))
    phone_text = draw(st.sampled_from(_phone_forms(phone)))
    secrets += [address, phone_text, phone]
    where = draw(st.sampled_from(["narrative", "agency", "summary", "title", "comment"]))
    text = f"{'; '.join(mentions)} met at {address}, tel. {phone_text}."
    fields = {"narrative": "", "agency": "Police", "summary": "", "title": "Report",
              "analyst_comment": ""}
    fields["analyst_comment" if where == "comment" else where] = text
    report = ReportInput(
        reference="SIRAT-2026-000042", version=1, crime_area="Drugs",
        report_date=date(2026, 11, 20), information_date="2026-10", places=(address,),
        reporting_country="GR", operation="", source_reliability="B",
        source_reliability_wording="", information_accuracy="2",
        information_accuracy_wording="", handling_codes=(), classification="UNCLASSIFIED",
        keywords=(chosen[0][0].split()[-1],), author="Ana Analyst", approver="Sam Supervisor",
        status="approved", originator="Centre", **fields,
    )  # fmt: skip
    return report, entities, secrets


OBSERVER = RecipientInput("OBS", "Observer", "observer")


def _chart(entities: list[EntityInput]) -> ChartGraph:
    nodes = [Node("r", "report", "SIRAT-2026-000042")]
    nodes += [Node(e.id, e.kind, e.label, e.fields[0].value if e.fields else "")  # type: ignore[arg-type]
              for e in entities]
    graph = ChartGraph(nodes)
    for e in entities:
        graph.add_edge(Edge("r", e.id, e.role or "mentioned", "role"))
    return graph


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_no_withheld_data_reaches_an_observer_pdf(
    case: tuple[ReportInput, list[EntityInput], list[str]],
) -> None:
    report, entities, secrets = case
    view = build_release_view(report, entities, [], OBSERVER)
    shown = "\n".join(view.all_text()).casefold()
    assert [s for s in secrets if s.casefold() in shown] == []
    assert "ana analyst" not in shown
    assert "[person 1]" in shown  # the text was there, and was redacted
    assert "[phone]" in shown
    figure = ChartFigure(_chart(list(view.entities)), {})
    view = dataclasses.replace(view, report=dataclasses.replace(view.report, chart=figure))
    pdf = render_pdf_bytes(view, copy_number=1)
    assert leaks(pdf, tuple(secrets)) == []
    assert annotations_other_than_signature(pdf) == []


@settings(max_examples=40, deadline=None)
@given(reports())
def test_no_withheld_data_reaches_an_observer_chart_export(
    case: tuple[ReportInput, list[EntityInput], list[str]],
) -> None:
    _, entities, secrets = case
    names = [f for e in entities if e.kind == "person" for f in (e.label, *e.name_forms)]
    safe = redact_for_observer(_chart(entities), person_names=names)
    labels = [t for n in safe.nodes() for t in (n.label, n.sublabel, *(v for _, v in n.facts))]
    drawing = draw_chart(safe, {}, 470.0, 350.0)
    labels += [getattr(s, "text", "") for s in drawing.contents]
    joined = "\n".join(labels).casefold()
    assert [s for s in secrets if s.casefold() in joined] == []
