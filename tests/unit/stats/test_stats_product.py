"""The periodic analytical product: drafted from the vault, reproducible, approved and
exported like any report; the observer copy read back with pypdf carries no small count."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from sirat.errors import SiratError
from sirat.models import AuditRecord, Report
from sirat.services.dissemination import exporting as dissemination
from sirat.services.stats import product
from sirat.services.stats.export import statistics_for
from sirat.services.workflow import review as workflow
from sirat.vault import Vault
from tests.unit.stats.stats_data import counted_reports


def _product(ana: Vault, sup: Vault) -> int:
    counted_reports(ana, sup)
    return product.create_product(ana, "thb-ms-half-year", "2026-H1", ("anti_fraud", "drugs"),
                                  classification="UNCLASSIFIED").id


def test_regenerating_from_the_same_vault_gives_the_same_figures(
        pair: tuple[Vault, Vault]) -> None:
    ana, sup = pair
    rid = _product(ana, sup)
    first = product.product_info(ana, rid)
    assert first is not None
    again = product.regenerate_figures(ana, rid)
    assert again.figures == first.figures
    assert again.data_digest == first.data_digest
    assert first.figures["tables"]["area_by_month"]["total"][0] == 4
    with ana.session() as s:
        created = json.loads(s.scalars(select(AuditRecord.details).where(
            AuditRecord.action == "report.create", AuditRecord.object_id == str(rid))).one())
        details = [json.loads(r.details) for r in s.scalars(
            select(AuditRecord).where(AuditRecord.action == "analysis.generate"))]
    assert created["analysis"]["data_digest"] == first.data_digest
    assert created["analysis"]["parameters"]["period"] == "2026-H1"
    assert [d["data_digest"] for d in details] == [first.data_digest]
    assert details[-1]["changed"] is False
    # A new approved report changes the data used, and the digest says so.
    from tests.unit.stats.stats_data import report

    report(ana, sup, "approved", information_date="2026-04-02")
    assert product.regenerate_figures(ana, rid).data_digest != first.data_digest


def test_bad_parameters_are_refused_in_one_sentence(analyst_vault: Vault) -> None:
    for template, period, areas in (("nope", "2026-H1", ()), ("thb-ms-half-year", "2026-Q1", ()),
                                    ("thb-ms-half-year", "2026-H3", ()),
                                    ("thb-ms-half-year", "2026-H1", ("bogus",))):
        with pytest.raises(SiratError):
            product.create_product(analyst_vault, template, period, areas)
    with analyst_vault.session() as s:  # nothing half-written
        assert s.scalar(select(func.count()).select_from(Report)) == 0


def _numbers_in_tables(text: str) -> list[int]:
    body = text.split("5. Tables", 1)[1].split("6. Method", 1)[0]
    body = re.sub(r"Page \d+ of \d+|Copy No\. \d+|SIRAT-\d{4}-\d{6}|v\d+|Top 10|\d{4}-\d{2}",
                  " ", body)
    return [int(t) for t in re.findall(r"(?<![\w-])\d+(?![\w-])", body)]


def test_observer_copy_has_no_small_count_and_says_so(pair: tuple[Vault, Vault]) -> None:
    ana, sup = pair
    rid = _product(ana, sup)
    workflow.submit(ana, rid)
    workflow.approve(sup, rid)
    with sup.session() as s:
        observer = statistics_for(s, rid, "observer")
        partner = statistics_for(s, rid, "member-state")
    assert observer is not None
    assert partner is not None
    for t in observer.tables:
        for row in (*t.rows, *((t.total,) if t.total else ())):
            assert all(not isinstance(v, int) or v == 0 or v >= 5
                       for v in row[t.label_columns:]), t.title
    assert any(isinstance(v, int) and 0 < v < 5 for t in partner.tables for r in t.rows
               for v in r[t.label_columns:])
    obs = dissemination.export_report(sup, rid, "OBS-GE")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(obs.pdf_bytes)).pages)
    assert "Analytical Product" in text
    assert "counts below 5 are not shown" in text
    numbers = _numbers_in_tables(text)
    assert numbers
    assert all(n == 0 or n >= 5 for n in numbers)
    # Seen on the PNG pages: a chart whose every count is hidden says so (not an empty
    # frame); a product has no reporting agency, so its country stands alone, not "(RO)".
    assert "Every count of this chart is hidden in this copy" in " ".join(text.split())
    assert "(RO)" not in text
    assert "Петър" not in text
    assert "Παπαδόπουλος" not in text
    member = dissemination.export_report(sup, rid, "BG")
    mtext = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(member.pdf_bytes)).pages)
    assert any(0 < n < 5 for n in _numbers_in_tables(mtext))
    assert "not shown" not in mtext


def test_changing_the_figures_after_approval_blocks_the_export(
        pair: tuple[Vault, Vault]) -> None:
    ana, sup = pair
    rid = _product(ana, sup)
    workflow.submit(ana, rid)
    workflow.approve(sup, rid)
    with sup.session(write=True) as s:  # a hand edit of the stored figures
        from sirat.models.analysis import AnalysisProduct

        row = s.get(AnalysisProduct, rid)
        assert row is not None
        row.figures = row.figures.replace('"cells":[', '"cells":[["x","2026-01",99,0,0,0],', 1)
    with pytest.raises(SiratError):
        dissemination.export_report(sup, rid, "BG")


def test_cyrillic_and_greek_labels_render_in_the_charts_and_tables(vault_path: Path) -> None:
    from sirat.services.reports import reference
    from tests.conftest import open_as

    admin = open_as(vault_path, "admin")
    reference.save_crime_area(admin, "drugs", "Наркотици / Ναρκωτικά")
    admin.lock()
    ana, sup = open_as(vault_path, "ana"), open_as(vault_path, "sup")
    try:
        counted_reports(ana, sup)
        rid = product.create_product(ana, "regional-threat-year", "2026",
                                     classification="UNCLASSIFIED").id
        workflow.submit(ana, rid)
        workflow.approve(sup, rid)
        pdf = dissemination.export_report(sup, rid, "BG").pdf_bytes
    finally:
        ana.lock()
        sup.lock()
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert text.count("Наркотици / Ναρκωτικά") >= 2  # the chart legend and the table
    # The chart drawings start from SIRAT's face, not reportlab's Helvetica default.
    from reportlab.graphics import renderPDF
    from reportlab.pdfgen.canvas import Canvas

    from sirat.export.fonts import register_fonts
    from sirat.export.pdf_stats import chart_drawing
    from sirat.export.stats_types import FigureSeries

    fonts = register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, initialFontName=fonts.regular)
    renderPDF.draw(chart_drawing(FigureSeries("Ναρκωτικά", "line", ("2026-01", "2026-02"),
                                              (("Наркотици", (3, None)), ("B", (1, 2)))),
                                 fonts), canvas, 0, 0)
    canvas.save()
    page = PdfReader(io.BytesIO(out.getvalue())).pages[0]
    used = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert used == {"/AAAAAA+DejaVuSans", "/AAAAAA+DejaVuSans-Bold"}
    assert "Наркотици" in page.extract_text()


def test_the_header_names_the_period_and_an_observer_list_of_routes_says_why_it_is_empty(
        pair: tuple[Vault, Vault]) -> None:
    """Seen on the PNG pages of a 1,500-report demo product: the header block printed the
    report form's empty "Operation" and "Place(s)" and the period's year as the date of
    information; the observer's route list said "No report in this period names one"
    while the member states' copy listed ten."""
    ana, sup = pair
    rid = _product(ana, sup)
    workflow.submit(ana, rid)
    workflow.approve(sup, rid)
    texts = {}
    for recipient in ("BG", "OBS-GE"):
        pdf = dissemination.export_report(sup, rid, recipient).pdf_bytes
        texts[recipient] = " ".join(" ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    for text in texts.values():
        header = text[text.index("ORIGINATOR"):text.index("Handling")]
        assert "PERIOD 2026-H1 (2026-01-01 to 2026-06-30)" in header
        assert "CRIME AREAS" in header
        for gone in (" OPERATION ", "PLACE(S)", "DATE OF INFORMATION"):
            assert gone not in header
    routes = texts["BG"][texts["BG"].index("routes (legs)"):]
    assert "Vidin → Calafat" in routes  # the member states' copy lists the legs
    observer = texts["OBS-GE"][texts["OBS-GE"].index("routes (legs)"):]
    assert "None is named by at least 5 reports as a place the gazetteer knows." in observer
    assert "No report in this period names one" not in observer


def test_a_product_is_signed_registered_and_disseminated_like_any_report(
        pair: tuple[Vault, Vault]) -> None:
    """Release, signature and register as any report; once disseminated the product is
    still never counted (its own figures would count themselves)."""
    from sirat.export.sign import create_test_certificate, load_pkcs12
    from sirat.export.verify import verify_pdf
    from sirat.services.dissemination.register import find_by_sha256, list_register
    from sirat.services.reports import records as reports
    from sirat.services.stats import query
    from sirat.services.stats.types import Dimension, StatsQuery

    ana, sup = pair
    rid = _product(ana, sup)
    before = query.table(ana, StatsQuery((Dimension.CRIME_AREA,)))
    with pytest.raises(SiratError):  # a draft is not released
        dissemination.export_report(sup, rid, "BG")
    workflow.submit(ana, rid)
    workflow.approve(sup, rid)
    signer = load_pkcs12(*create_test_certificate("Σάμ Επόπτης", "Operational Center"))
    sent = {code: dissemination.export_report(sup, rid, code, sign_with=signer)
            for code in ("BG", "OBS-GE")}
    for code, result in sent.items():
        check = verify_pdf(result.pdf_bytes)
        assert check.ok, code
        (entry,) = find_by_sha256(sup, result.sha256)
        assert (entry.report_id, entry.recipient_code, entry.signed) == (rid, code, True)
    assert [e.copy_number for e in list_register(sup, report_id=rid)] == [2, 1]
    assert reports.get_report(ana, rid).status == "disseminated"
    assert query.table(ana, StatsQuery((Dimension.CRIME_AREA,))) == before
    # The signed bytes cannot be edited unnoticed.
    tampered = bytearray(sent["BG"].pdf_bytes)
    at = tampered.index(b"Analytical")
    tampered[at:at + 1] = b"X"
    assert not verify_pdf(bytes(tampered)).ok


@pytest.mark.parametrize(("values", "said", "centred"), [
    ((None, None, None), "Every count of this chart is hidden in this copy", True),
    # Seen on the demo product's observer PNG: every month hidden but one zero -- an empty
    # frame with a single point at 0, and not a word.
    ((None, None, 0), "Every count above zero is hidden in this copy", True),
    ((7, None, 0), "Counts hidden in this copy are left out.", False),
    ((7, 0, 5), "", False),
])
def test_an_observer_chart_says_what_is_hidden(values: tuple[int | None, ...], said: str,
                                                centred: bool) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.pdfgen.canvas import Canvas

    from sirat.export.fonts import register_fonts
    from sirat.export.pdf_stats import chart_drawing
    from sirat.export.stats_types import FigureSeries, hidden_note

    series = FigureSeries("Reports per month", "line", ("2025-04", "2025-05", "2025-06"),
                          (("Drugs", values),))
    note, middle = hidden_note(series)
    assert note.startswith(said)
    assert middle is centred
    fonts = register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, initialFontName=fonts.regular)
    renderPDF.draw(chart_drawing(series, fonts), canvas, 0, 0)
    canvas.save()
    text = " ".join(PdfReader(io.BytesIO(out.getvalue())).pages[0].extract_text().split())
    assert (said in text) if said else ("hidden" not in text)
