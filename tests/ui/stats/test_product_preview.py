"""The export preview of an analytical product shows its figures -- key figures, charts,
tables, method -- and an observer's preview shows them suppressed, as the PDF prints them."""

from __future__ import annotations

import base64
import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from pytestqt.qtbot import QtBot

from sirat.export.stats_types import HIDDEN_MARK
from sirat.services.reports.reference import list_recipients
from sirat.services.stats import product
from sirat.services.workflow import review as workflow
from sirat.ui.controller import AppController
from sirat.ui.dissemination.export_dialog import ExportDialog
from tests.conftest import open_as
from tests.ui.conftest import LONG, show_active, sign_in
from tests.unit.stats.stats_data import counted_reports


def _approved_product(path: Path) -> tuple[int, str]:
    ana, sup = open_as(path, "ana"), open_as(path, "sup")
    try:
        counted_reports(ana, sup)
        rid = product.create_product(ana, "thb-ms-half-year", "2026-H1", ("thb_ms", "drugs"),
                                     classification="UNCLASSIFIED").id
        workflow.submit(ana, rid)
        workflow.approve(sup, rid)
        observer = list_recipients(sup, "observer")[0].code
    finally:
        ana.lock()
        sup.lock()
    return rid, observer


def _preview(qtbot: QtBot, dialog: ExportDialog, code: str) -> str:
    dialog.preview.clear()
    dialog.recipient.setCurrentIndex(dialog.recipient.findData(code))
    qtbot.waitUntil(lambda: "Key figures" in dialog.preview.toPlainText(), timeout=LONG)
    return dialog.preview.toHtml()


def test_the_preview_shows_the_products_figures_and_suppresses_them_for_observers(
        qtbot: QtBot, controller: AppController, vault_path: Path, tmp_path: Path) -> None:
    rid, observer = _approved_product(vault_path)
    controller.start(vault_path)
    main = sign_in(qtbot, controller, "sup")
    dialog = ExportDialog(main.context, rid)
    main.open_window(dialog)
    show_active(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.recipient.count() > 1, timeout=LONG)

    html = _preview(qtbot, dialog, "BG")
    text = dialog.preview.toPlainText()
    for heading in ("1. Scope", "2. Key figures", "3. Trends", "4. Assessment", "5. Tables",
                    "6. Method and reproducibility", "Reports by crime area and month",
                    "Persons by nationality", "SHA-256 of the data used"):
        assert heading in text, heading
    info = product.product_info(main.context.vault, rid)
    assert info is not None
    assert info.data_digest in text
    # The header as the PDF's: the period and crime areas, not the report form's fields.
    facts = text[:text.index("1. Scope")]
    assert "Period" + "".join(info.period_label.split()) in "".join(facts.split())
    assert "Crime areas" in facts
    assert "Date of information" not in facts
    # The charts are images inside the document: decodable PNGs, nothing read from disk.
    sources = re.findall(r'src="(data:image/png;base64,[^"]+)"', html)
    assert len(sources) >= 2
    image = QImage.fromData(base64.b64decode(sources[0].split(",", 1)[1]))
    assert not image.isNull()
    assert image.width() > 300
    loaded = dialog.preview.document().resource(
        QTextDocument.ResourceType.ImageResource, QUrl(sources[0]))
    assert loaded is not None
    assert "not shown" not in text
    assert re.search(r"\b[1-4]\b", text)  # a partner reads the small counts
    dialog.grab().save(str(tmp_path / "preview_member.png"))
    cursor = dialog.preview.document().find("3. Trends")
    dialog.preview.setTextCursor(cursor)
    dialog.preview.ensureCursorVisible()
    dialog.grab().save(str(tmp_path / "preview_member_charts.png"))

    _preview(qtbot, dialog, observer)
    text = dialog.preview.toPlainText()
    assert "Observer copy: counts below 5 are not shown" in text
    assert "Петър" not in text  # no person's name
    assert "Γιώργος" not in text
    tables = text.split("5. Tables", 1)[1].split("6. Method", 1)[0]
    assert HIDDEN_MARK in tables.split()  # the hidden counts, marked
    assert not [n for n in re.findall(r"(?<![\d-])\d+(?![\d-])", tables) if 0 < int(n) < 5]
    dialog.grab().save(str(tmp_path / "preview_observer.png"))


def test_the_preview_says_what_a_chart_hides_as_the_pdf_does(qapp: object) -> None:
    from sirat.export.stats_types import FigureSeries, StatisticsRelease, hidden_note
    from sirat.ui.stats.preview import product_html

    for values in ((None, None, 0), (7, None, 0), (7, 0, 5)):
        series = FigureSeries("Reports per month", "line", ("2025-04", "2025-05", "2025-06"),
                              (("Drugs", values),))
        note, _centred = hidden_note(series)
        html = product_html(StatisticsRelease("T", "2025-H1", (), (), (series,), (), "", "",
                                              "d", "{}"), "", "")
        assert (note in html) if note else ("hidden in this copy" not in html)
