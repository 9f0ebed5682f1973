"""``sirat search QUERY``: ranked full-text search over reports and entities, any script.

Query language (see ``sirat search --help``): words, ``prefix*``, ``"a phrase"``, ``AND``,
``OR``, ``NOT`` (or ``-word``), brackets. ``--kind report`` searches reports only; an entity
kind searches entities of that kind only. ``--rebuild-index`` rebuilds the index.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from sirat import lazy
from sirat.cli.common import (
    add_json_arg,
    add_vault_arg,
    open_vault,
    print_json,
    print_table,
    text_argument,
)
from sirat.domain.vocab import EntityKind
from sirat.errors import ValidationError

if TYPE_CHECKING:
    from sirat.services.search import fulltext as searching
    from sirat.services.search.fulltext import Scope, SearchResults
    from sirat.services.search.text import Span
else:
    # Loaded when the search runs, after the key derivation (bench figure start.command).
    searching = lazy.module("sirat.services.search.fulltext")

_EPILOG = """query language:
  petrov             a word, in any script (Петров and ΠΕΤΡΟΦ are found too)
  petr*              a prefix (at least two letters)
  "ivan petrov"      a phrase
  heroin truck       both words (AND is implied)
  heroin OR opium    either word
  heroin NOT truck   heroin without truck (also: heroin -truck)

names are personal data: other local users can read command-line arguments in the process
list, so pipe the query in instead:  sirat search - <<< "ivan petrov"
"""


def register(sub: Any) -> None:
    p = sub.add_parser("search", help="search reports and entities (any script)",
                       epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("query", nargs="?", default=None,
                   help="what to look for (quote it); - reads it from standard input. A query "
                        "often names a person, and command-line arguments are visible to every "
                        "local user in the process list: prefer -")
    p.add_argument("--kind", action="append", default=[],
                   choices=["report", *(k.value for k in EntityKind)],
                   help="only reports, or only this entity kind")
    p.add_argument("--crime-area", action="append", default=[], help="crime area code")
    p.add_argument("--status", action="append", default=[],
                   choices=["draft", "submitted", "approved", "disseminated"])
    p.add_argument("--from", dest="date_from", default=None, help="report date from (ISO)")
    p.add_argument("--to", dest="date_to", default=None, help="report date to (ISO)")
    p.add_argument("--limit", type=int, default=20, help="results of each kind (default 20)")
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--rebuild-index", action="store_true",
                   help="rebuild the search index from scratch (no query needed)")
    p.set_defaults(handler=_search)


def _scope(kinds: list[str]) -> tuple[Scope, frozenset[str]]:
    entity_kinds = frozenset(k for k in kinds if k != "report")
    if not kinds:
        return "all", frozenset()
    if "report" in kinds:
        return ("all" if entity_kinds else "reports"), entity_kinds
    return "entities", entity_kinds


def _marked(text: str, spans: tuple[Span, ...] | list[Span], tty: bool) -> str:
    """Matched words in bold on a terminal; unmarked otherwise (a pipe gets plain text)."""
    if not tty or not spans:
        return " ".join(text.split())
    out, pos = [], 0
    for a, b in spans:
        out += [text[pos:a], "\x1b[1m", text[a:b], "\x1b[0m"]
        pos = b
    out.append(text[pos:])
    return " ".join("".join(out).split())


def _print(result: SearchResults, tty: bool) -> None:
    if result.reports or result.report_total:
        more = "" if result.report_total_exact else "+"
        print(f"Reports: {result.report_total}{more}")
        print_table(["reference", "status", "date", "area", "title"], [
            (h.reference, h.status, h.report_date, h.crime_area, _marked(h.title, h.title_spans,
                                                                         tty))
            for h in result.reports])
        for h in result.reports[:5]:
            print(f"  {h.reference} {h.snippet_field}: "
                  f"{_marked(h.snippet.text, h.snippet.spans, tty)[:200]}")
    if result.entities or result.entity_total:
        print(f"Entities: {result.entity_total}{'' if result.entity_total_exact else '+'}")
        print_table(["id", "kind", "label", "matched"], [
            (h.entity_id, h.kind, _marked(h.label, h.label_spans, tty),
             f"{h.matched_field}: {_marked(h.matched.text, h.matched.spans, tty)}"
             if h.matched else "")
            for h in result.entities])
    if not result.reports and not result.entities:
        print("Nothing found.")


def _search(args: argparse.Namespace) -> int:
    if args.rebuild_index:
        with open_vault(args) as vault:
            done = searching.rebuild_index(vault)
        print(f"Search index rebuilt: {done.reports} reports, {done.entities} entities, "
              f"{done.match_keys} match keys in {done.seconds:.1f} s.")
        return 0
    if args.query is None:
        raise ValidationError.single("query", "Give something to search for.",
                                     'For example: sirat search "ivan petrov"')
    query = text_argument(args.query, "query")
    scope, kinds = _scope(args.kind)
    with open_vault(args) as vault:
        filters = searching.SearchFilters(
            crime_areas=frozenset(args.crime_area), statuses=frozenset(args.status),
            date_from=args.date_from, date_to=args.date_to, kinds=kinds)
        result = searching.search(vault, query, filters=filters, scope=scope,
                                  limit=args.limit, offset=args.offset)
    if args.json:
        print_json(result)
    else:
        _print(result, sys.stdout.isatty())
    return 0
