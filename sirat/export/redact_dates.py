"""Dates of birth as people write them: numeric in any order and separator, or with the
month's name in the region's languages (Latin, Cyrillic, Greek; nominative, genitive and
abbreviated), with or without the year.

:func:`date_pattern` returns a regular expression over the redactor's *folded stream* of a
text (each letter folded on its own to lower-case ASCII by the same function that folds
these month names, digits and punctuation kept), so "14 Μαΐου 1979", "14 мая 1979",
"14 Mayıs 1979" and "May 14, 1979" are one pattern. The months are folded when the
pattern is built, with the redactor's own fold, so the text and the table always agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_MONTHS: tuple[str, ...] = (
    # 1
    "january jan janvier januar jänner jaenner gennaio ianuarie ian janar janari januara "
    "siječanj siječnja sijecanj sijecnja enero janeiro januari stycznia ledna januára "
    "január ocak јануар јануара јануари януари январь января январ яну янв "
    "ιανουάριος ιανουαρίου ιαν ianouarios ianouariou",
    # 2
    "february feb févr fevrier février februar februarie shkurt shkurti februara "
    "veljača veljače veljaca veljace febrero fevereiro februari lutego února unora "
    "februára február febr şubat subat фебруар фебруара февруари февраль февраля фев "
    "φεβρουάριος φεβρουαρίου φεβ fevrouarios fevrouariou",
    # 3
    "march mar märz maerz mars marzo martie marsi mart marta ožujak ožujka ozujak ozujka "
    "marec marca março marco maart března brezna marca marec március márc marc "
    "март марта мар μάρτιος μαρτίου μαρ martios martiou",
    # 4
    "april apr avril aprile aprilie prill prilli aprila travanj travnja abril kwietnia "
    "dubna apríla április ápr nisan април априла апрель апреля апр "
    "απρίλιος απριλίου απρ aprilios apriliou",
    # 5
    "may mai maggio maj maji maja svibanj svibnja mayo maio mei května kvetna mája "
    "május máj mayıs mayis мај маја май мая μάιος μαΐου μαιου μάη μαη μαΐ maios maiou",
    # 6
    "june jun juin juni giugno iunie iun qershor qershori juna junij lipanj lipnja junio "
    "junho czerwca června cervna júna június jún haziran јун јуна јуни юни июнь июня июн "
    "ιούνιος ιουνίου ιουν iounios iouniou",
    # 7
    "july jul juillet juli luglio iulie iul korrik korriku jula julij srpanj srpnja julio "
    "julho lipca července cervence júla július júl temmuz јул јула јули юли июль июля июл "
    "ιούλιος ιουλίου ιουλ ioulios iouliou",
    # 8
    "august aug août aout agosto gusht gushti avgust avgusta augusta kolovoz kolovoza "
    "augustus sierpnia srpna augusztus ağustos agustos август августа авг "
    "αύγουστος αυγούστου αυγ avgoustos avgoustou",
    # 9
    "september sep sept septembre settembre septembrie shtator shtatori septembar "
    "septembra rujan rujna septiembre setiembre setembro września wrzesnia září zari "
    "szeptember szept eylül eylul септембар септембра септември сентябрь сентября сен сеп "
    "σεπτέμβριος σεπτεμβρίου σεπ septemvrios septemvriou",
    # 10
    "october oct octobre ottobre octombrie tetor tetori oktobar oktobra listopad listopada "
    "oktober octubre outubro października pazdziernika října rijna októbra október okt "
    "ekim октобар октобра октомври октябрь октября окт οκτώβριος οκτωβρίου οκτ "
    "oktovrios oktovriou",
    # 11
    "november nov novembre noiembrie nëntor nentor nëntori nentori novembar novembra "
    "studeni studenoga studenog noviembre novembro listopada listopadu novembra "
    "kasım kasim новембар новембра ноември ноябрь ноября ноем ноя νοέμβριος νοεμβρίου "
    "νοε noemvrios noemvriou",
    # 12
    "december dec décembre decembre dezember dicembre decembrie dhjetor dhjetori "
    "decembar decembra prosinac prosinca diciembre dezembro grudnia prosince decembra "
    "aralık aralik децембар децембра декември декабрь декабря дек δεκέμβριος "
    "δεκεμβρίου δεκ dekemvrios dekemvriou",
)
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
_ORDINAL = r"(?:\.|st|nd|rd|th|er|e|-?go|-?ogo|-?ti|-?ri|-?ta|-?i|-?a|-?is)?"
_SEP = r"(?:\s*[./\-]\s*|\s+)"
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DAY_FIRST = re.compile(r"^(?:(\d{1,2})[./])?(\d{1,2})[./](\d{4})\.?$")


def parse_iso(value: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a stored date: ISO (1979-05-14, 1979-05) or day first
    (14.05.1979, 05.1979), as the vault's date format prints it."""
    text = value.strip().removeprefix("about").strip()
    found = _PARTIAL.match(text)
    if found is not None:
        year, month, day = found.groups()
        return int(year), int(month) if month else None, int(day) if day else None
    found = _DAY_FIRST.match(text)
    if found is not None:
        day, month, year = found.groups()
        return int(year), int(month), int(day) if day else None
    return None


def _months(fold: Callable[[str], str], month: int) -> str:
    names = {fold(word) for word in _MONTHS[month - 1].split()}
    names.discard("")
    return "(?:" + "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True)) + ")"


def date_pattern(value: str, fold: Callable[[str], str]) -> re.Pattern[str] | None:
    """A pattern for the date ``value`` (ISO, full or year-month) in every common form.

    ``fold`` folds a word the way the redactor folds each letter of the text. None when
    the value is not an ISO date or has no month (a bare year is not redacted).
    """
    parsed = parse_iso(value)
    if parsed is None:
        return None
    year, month, day = parsed
    if month is None or not 1 <= month <= 12:
        return None
    y = rf"(?:{year}|'?{year % 100:02d})"
    y4 = str(year)
    m = rf"(?:0?{month}|{_ROMAN[month - 1]})"
    name = rf"(?<![a-z]){_months(fold, month)}(?![a-z])\.?"
    if day is None:
        forms = [rf"{m}{_SEP}{y4}", rf"{y4}{_SEP}0?{month}(?!\s*[./\-]\s*\d)",
                 rf"{name},?\s*(?:of\s+)?{y4}"]  # fmt: skip
    else:
        d = rf"0?{day}"
        forms = [
            rf"{d}{_SEP}{m}{_SEP}{y}",  # 14.5.1979, 14/05/79, 14.V.1979
            rf"{y4}{_SEP}{m}{_SEP}{d}",  # 1979-05-14
            rf"0?{month}\s*/\s*{d}\s*/\s*{y}",  # 05/14/1979
            rf"{d}{_ORDINAL}[\s\-]*(?:of\s+|de\s+)?{name}(?:[\s\-,]*(?:de\s+)?{y})?",
            rf"{name}[\s\-]*{d}(?:st|nd|rd|th)?(?![\d])(?:\s*,?\s*{y4})?",  # May 14, 1979
            rf"{y4}\.?\s*{name}\s*{d}",  # 1979. május 14.
            rf"{name},?\s*(?:of\s+)?{y4}",  # born May 1979
            rf"{m}\s*[./]\s*{y4}",  # 05/1979
        ]
    body = "|".join(forms)
    return re.compile(rf"(?<![\da-z])(?:{body})(?![\d])")
