"""A statistics table as CSV or XLSX bytes (the caller writes the file atomically).

Labels are user text (places, operations): a cell that a spreadsheet would read as a
formula (``=``, ``+``, ``-``, ``@``, tab, carriage return at the start) is written with a
leading apostrophe, so opening the file never runs anything (CSV injection). XLSX is
written by openpyxl, with labels as strings and counts as numbers.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from sirat.errors import SiratError
from sirat.services.stats.types import Cell, StatsTable

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _counts(cell: Cell) -> list[Any]:
    return [cell.reports, cell.mentions, "" if cell.entities is None else cell.entities,
            cell.uncertain]


def rows(table: StatsTable) -> list[list[Any]]:
    """Header, one row per cell, the total (distinct counts: not the sum of the rows)."""
    n = len(table.query.dimensions)
    out: list[list[Any]] = [list(table.headers)]
    out += [[*(safe_text(k) for k in c.key), *_counts(c)] for c in table.cells]
    out.append(["Total", *([""] * (n - 1)), *_counts(table.total)])
    return out


def observer_rows(table: StatsTable, threshold: int) -> list[list[Any]]:
    """The observer's copy: small counts and what reveals them as ``c``, no uncertain."""
    from sirat.export.stats_types import HIDDEN_MARK
    from sirat.services.stats.release import observer_table

    n = len(table.query.dimensions)
    out: list[list[Any]] = [list(table.headers[: n + 3])]
    counts_entities = table.total.entities is not None
    for key, counts in observer_table(table, threshold):
        labels = [safe_text(k) for k in key] + [""] * (n - len(key))
        values: list[Any] = [HIDDEN_MARK if v is None else v for v in counts]
        if not counts_entities:
            values[2] = ""
        out.append([*labels, *values])
    out.append([observer_note(table, threshold)])
    return out


def observer_note(table: StatsTable, threshold: int) -> str:
    from sirat.export.stats_types import HIDDEN_MARK
    from sirat.services.stats.types import Dimension

    note = (f"Observer copy: counts below {threshold}, and counts that would reveal one, "
            f"are shown as {HIDDEN_MARK}.")
    if table.query.multiplier in (Dimension.PLACE, Dimension.ROUTE):
        note += (" Places the gazetteer does not know (free text that may be an address) "
                 "are left out.")
    return note


def to_csv(table: StatsTable, threshold: int | None = None) -> bytes:
    """CSV; with ``threshold`` the observer's copy (:func:`observer_rows`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows(table) if threshold is None else observer_rows(table, threshold))
    return buffer.getvalue().encode("utf-8-sig")  # a BOM: spreadsheets read UTF-8 then


def to_xlsx(table: StatsTable, title: str = "Statistics", threshold: int | None = None
            ) -> bytes:
    """XLSX; with ``threshold`` the observer's copy (:func:`observer_rows`)."""
    from openpyxl import Workbook  # imported when exporting
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = title[:31]
    body = rows(table) if threshold is None else observer_rows(table, threshold)[:-1]
    for row in body:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        letter = column[0].column_letter
        sheet.column_dimensions[letter].width = min(60, max(10, width + 2))
    sheet.append([])
    if threshold is not None:
        sheet.append([observer_note(table, threshold)])
    sheet.append([f"Mentions: {table.mention_words}. Only approved and disseminated reports; "
                  "a report counts in the period of the earliest bound of its date of "
                  "information (docs/statistics.md)."])
    out = io.BytesIO()
    book.properties.creator = "SIRAT"
    book.properties.lastModifiedBy = "SIRAT"
    book.save(out)
    return out.getvalue()


def check_suffix(file_name: str) -> str:
    """``csv`` or ``xlsx`` from the file name, or a one-line refusal."""
    suffix = file_name.lower().rsplit(".", 1)[-1]
    if suffix not in ("csv", "xlsx"):
        raise SiratError("Statistics tables are written as .csv or .xlsx.",
                         "End the file name with .csv or .xlsx.")
    return suffix


def export_bytes(table: StatsTable, file_name: str, threshold: int | None = None) -> bytes:
    """CSV or XLSX by the file name's suffix; ``threshold``: the observer's copy."""
    if check_suffix(file_name) == "xlsx":
        return to_xlsx(table, threshold=threshold)
    return to_csv(table, threshold)
