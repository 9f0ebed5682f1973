"""CSV and XLSX into a table of texts, read defensively. No database.

CSV: the encoding is the one chosen, else a byte-order mark's, else UTF-8 if the bytes are
valid UTF-8, else the best of Windows-1250/1251/1253 and UTF-16 by ``charset-normalizer``
(limited to those: a guess among a hundred code pages is usually a wrong one). The
delimiter is sniffed among ``, ; TAB |``. XLSX: ``openpyxl`` in read-only mode, first sheet,
formulas' cached values; before openpyxl sees it, the zip's declared sizes are capped (an
XLSX is a zip: a bomb would otherwise inflate inside openpyxl).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any, Final

from sirat.errors import SiratError

ENCODINGS: Final[dict[str, str]] = {
    "utf-8": "UTF-8", "utf-16": "UTF-16", "cp1250": "Windows-1250 (Central European)",
    "cp1251": "Windows-1251 (Cyrillic)", "cp1253": "Windows-1253 (Greek)",
}  # fmt: skip
MAX_BYTES: Final = 64 * 1024 * 1024
MAX_XLSX_INFLATED: Final = 256 * 1024 * 1024
MAX_ROWS: Final = 100_000
MAX_COLUMNS: Final = 200
MAX_CELL: Final = 10_000


class SheetError(SiratError):
    """The file cannot be read as a table; nothing was imported."""


@dataclass(frozen=True, slots=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    encoding: str  # "xlsx" for a workbook
    file_kind: str  # "csv" or "xlsx"


def _fail(what: str, hint: str = "Save the sheet again as CSV (UTF-8) or XLSX.") -> SheetError:
    return SheetError(f"The spreadsheet cannot be read: {what}. Nothing was imported.", hint)


def read_table(data: bytes, encoding: str | None = None) -> Table:
    """The first row as headers and every other row, all as stripped texts."""
    if len(data) > MAX_BYTES:
        raise _fail("it is larger than 64 MB", "Split it into several files.")
    if data[:4] == b"PK\x03\x04":
        return _xlsx(data)
    return _csv(data, encoding)


def detect_encoding(data: bytes) -> str:
    if data[:3] == b"\xef\xbb\xbf":
        return "utf-8"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or _utf16_order(data):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    sample = data[:1_000_000]
    scores = {enc: _plausible(sample.decode(enc, errors="replace"))
              for enc in ("cp1250", "cp1251", "cp1253")}
    best = max(scores.values())
    tied = [enc for enc, score in scores.items() if score == best]
    if len(tied) == 1:
        return tied[0]
    from charset_normalizer import from_bytes

    guess = from_bytes(sample, cp_isolation=tied).best()
    if guess is None:
        raise _fail("its text encoding is none of UTF-8, UTF-16, Windows-1250, 1251 or 1253",
                    "Choose the encoding, or save the file as CSV (UTF-8).")
    return str(guess.encoding)


def _utf16_order(data: bytes) -> str:
    """"le" or "be" for UTF-16 text written without a BOM (phone-extraction tools do), else
    "". The NUL bytes of its ASCII characters (delimiters, digits, line ends) all fall on one
    parity; UTF-8 and the Windows code pages have none."""
    sample = data[:8192]
    pairs = len(sample) // 2
    if pairs < 4:
        return ""
    even = sample[0:pairs * 2:2].count(0) / pairs
    odd = sample[1:pairs * 2:2].count(0) / pairs
    order = ("le" if odd >= 0.1 and even < 0.01 else
             "be" if even >= 0.1 and odd < 0.01 else "")
    if not order:
        return ""
    # ... and it reads as text: no control characters but tab and line ends (binary junk
    # with a NUL here and there does not).
    text = sample[:pairs * 2].decode(f"utf-16-{order}", errors="replace")
    if "\ufffd" in text[:-1] or any(ord(c) < 32 and c not in "\t\r\n" for c in text):
        return ""
    return order


def _codec(data: bytes, enc: str) -> str:
    if enc == "utf-8":
        return "utf-8-sig"
    if enc == "utf-16" and data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16-be" if _utf16_order(data) == "be" else "utf-16-le"
    return enc


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else ""


_VOWELS: Final = frozenset("aeiouyаеиоуыэюяёіїєαεηιουω")


def _vowel_ratio(word: str) -> float:
    # Accents off (ώ -> ω), but not for Cyrillic: й is a consonant, not an и.
    bases = [c.lower() if _script(c) == "CYRILLIC" else unicodedata.normalize("NFD", c)[0]
             .lower() for c in word]
    return sum(b in _VOWELS for b in bases) / len(bases)


def _plausible(text: str) -> int:
    """How many words read as real words: one script each, a natural share of vowels, and
    Latin words mostly ASCII (the wrong Windows code page turns Greek or Cyrillic into runs
    of accented Latin letters or vowel-less Cyrillic, which charset-normalizer alone
    misjudges on short files)."""
    score = 0
    for word in re.findall(r"[^\W\d_]{2,}", text):
        if word.isascii():
            continue
        scripts = {_script(c) for c in word}
        natural = 0.2 <= _vowel_ratio(word) <= 0.75
        if len(scripts) != 1 or not natural:
            score -= 1
        elif scripts == {"LATIN"}:
            score += 1 if sum(not c.isascii() for c in word) * 2 < len(word) else -1
        else:
            score += 1
    return score


def _csv(data: bytes, encoding: str | None) -> Table:
    if encoding is not None and encoding not in ENCODINGS:
        raise _fail(f"unknown encoding {encoding!r}", "Choose one of: " + ", ".join(ENCODINGS))
    enc = encoding or detect_encoding(data)
    try:
        text = data.decode(_codec(data, enc))
    except UnicodeDecodeError as exc:
        raise _fail(f"it is not {ENCODINGS.get(enc, enc)} text (byte {exc.start})",
                    "Choose another encoding.") from None
    if "\x00" in text:
        raise _fail("it contains NUL characters (a binary file, or the wrong encoding)",
                    "Choose another encoding.")
    sample = text[:64_000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(MAX_CELL + 1)
    try:
        raw = csv.reader(io.StringIO(text, newline=""), dialect)
        rows: list[list[str]] = []
        for row in raw:
            if len(rows) > MAX_ROWS:
                raise _fail(f"it has more than {MAX_ROWS:,} rows", "Split it into several files.")
            rows.append(row)
    except csv.Error as exc:
        raise _fail(f"line {raw.line_num} is not valid CSV ({exc})") from None
    return _table(rows, enc, "csv")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx(data: bytes) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if sum(i.file_size for i in zf.infolist()) > MAX_XLSX_INFLATED:
                raise _fail("it would inflate to more than 256 MB (a zip bomb?)")
    except zipfile.BadZipFile:
        raise _fail("it is not a valid XLSX workbook") from None
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises anything from KeyError to XML errors
        raise _fail(f"it is not a valid XLSX workbook ({type(exc).__name__})") from None
    try:
        ws = wb.worksheets[0]
        rows: list[list[str]] = []
        for values in ws.iter_rows(values_only=True):
            if len(rows) > MAX_ROWS:
                raise _fail(f"it has more than {MAX_ROWS:,} rows", "Split it into several files.")
            rows.append([_cell(v) for v in values[:MAX_COLUMNS + 1]])
    finally:
        wb.close()
    return _table(rows, "xlsx", "xlsx")


def _table(rows: list[list[str]], enc: str, kind: str) -> Table:
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise _fail("it is empty")
    width = max(len(r) for r in rows)
    if width > MAX_COLUMNS:
        raise _fail(f"it has more than {MAX_COLUMNS} columns")
    if any(len(c) > MAX_CELL for r in rows for c in r):
        raise _fail(f"a cell holds more than {MAX_CELL:,} characters")
    padded = [tuple(c.strip() for c in r) + ("",) * (width - len(r)) for r in rows]
    headers = tuple(h or f"Column {i + 1}" for i, h in enumerate(padded[0]))
    return Table(headers, tuple(padded[1:]), enc, kind)
