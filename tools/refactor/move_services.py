"""Move modules and tests to the layout of issue 22, and rewrite every reference to them.

Re-runnable: run it from the repository root after merging a branch written against the old
layout, and it moves what is still at an old path and rewrites the imports of the new files::

    .venv/bin/python tools/refactor/move_services.py          # move + rewrite + sort imports
    .venv/bin/python tools/refactor/move_services.py --check  # what would change (exit 1)

A second run on a tree already converted changes nothing.

What it does, in order:

1. ``git mv`` every file of ``MODULES`` (and ``TESTS``) still at its old path to its new path,
   creating the new packages' ``__init__.py`` (with the docstring in ``PACKAGES``).
2. Rewrites every ``.py``, ``.toml``, ``.md``, ``.ini`` and ``.cfg`` file of the tree (git's
   tracked and untracked files, ``.venv`` excluded):

   - ``from sirat.services import reports`` -> ``from sirat.services.reports import records as
     reports`` (the local name stays, so the code below it reads as before);
   - ``from sirat.services.reports import create`` -> ``from sirat.services.reports.records import
     create``; names listed in ``SYMBOLS`` move to their own module, and ``alias.name`` of such
     a name through a module alias (``audit.verify(...)``) becomes ``leaf.name``
     (``integrity.verify(...)``) with its import added;
   - any other dotted name (strings for ``mock.patch`` and ``lazy.module``, code run in a child
     process, docs, comments) and any path (``sirat/services/reports.py``,
     ``services/reports.py``, test paths); in docs also import lines of code blocks and old
     file names in code spans (```entity_links.link_entity``` -> ```reports.links.link_entity```).

   A dotted name that already starts with a new module is left alone: that is what makes the
   second run a no-op although most old modules (``sirat.services.reports``) became packages of
   the same name. In ``.toml``/``.ini``/``.cfg`` a bare package name (``"sirat.services.search"``
   in an import-linter contract) is left alone too; in ``.py`` and ``.md`` a bare old name is
   read as the old module.
3. Sorts the imports of the rewritten Python files (``ruff check --fix --select I``).

What it cannot do, and says on stderr: an import it adds under ``if TYPE_CHECKING:`` needs its
run-time twin (``x = lazy.module("...")``) by hand. New files a branch added in an old test
folder (``tests/unit/domain/``) keep their place (their imports are rewritten): move them to the
mirror folder by hand. Modules written by hand in the new layout are found on disk (a package
that took an old module's name); ``WRITTEN`` names the few outside such a package.
"""

from __future__ import annotations

import argparse
import ast
import bisect
import io
import re
import shutil
import subprocess
import sys
import textwrap
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Old module -> new module (services).
_S = "sirat.services"
MODULES: dict[str, str] = {
    # who may open the vault, and what the administrator sets for everyone
    f"{_S}.session": f"{_S}.access.session",
    f"{_S}.users": f"{_S}.access.users",
    f"{_S}.preferences": f"{_S}.access.preferences",
    # the audit log and the checkpoints of its head
    f"{_S}.audit": f"{_S}.audit.log",
    f"{_S}.audit_names": f"{_S}.audit.names",
    f"{_S}.checkpoint": f"{_S}.audit.checkpoint",
    # reports
    f"{_S}.reports": f"{_S}.reports.records",
    f"{_S}.report_types": f"{_S}.reports.types",
    f"{_S}.report_query": f"{_S}.reports.query",
    f"{_S}.history": f"{_S}.reports.history",
    f"{_S}.drafts": f"{_S}.reports.drafts",
    f"{_S}.validation": f"{_S}.reports.validation",
    f"{_S}.provenance": f"{_S}.reports.provenance",
    f"{_S}.reference": f"{_S}.reports.reference",
    # entities, their links and relations
    f"{_S}.entities": f"{_S}.entities.records",
    f"{_S}.entity_types": f"{_S}.entities.types",
    f"{_S}.entity_check": f"{_S}.entities.checks",
    f"{_S}.entity_facts": f"{_S}.entities.facts",
    f"{_S}.entity_links": f"{_S}.reports.links",
    f"{_S}.entities.links": f"{_S}.reports.links",  # a report's links: saved with the report
    f"{_S}.entity_query": f"{_S}.entities.query",
    f"{_S}.relation_fit": f"{_S}.entities.relation_fit",
    f"{_S}.overrides": f"{_S}.reports.overrides",
    f"{_S}.entities.overrides": f"{_S}.reports.overrides",  # a report view's notes
    # what analysts type: dates and identifiers with their check digits
    f"{_S}.dates": f"{_S}.formats.dates",
    f"{_S}.identifiers": f"{_S}.formats.identifiers",
    f"{_S}.mmsi": f"{_S}.formats.mmsi",
    f"{_S}.mrz": f"{_S}.formats.mrz",
    # full-text search
    f"{_S}.search": f"{_S}.search.fulltext",
    f"{_S}.search_hits": f"{_S}.search.hits",
    f"{_S}.search_index": f"{_S}.search.index",
    f"{_S}.search_query": f"{_S}.search.query",
    f"{_S}.search_rank": f"{_S}.search.rank",
    f"{_S}.search_text": f"{_S}.search.text",
    # entity resolution and merging
    f"{_S}.resolution": f"{_S}.resolution.candidates",
    f"{_S}.resolution_facts": f"{_S}.resolution.facts",
    f"{_S}.resolution_pairs": f"{_S}.resolution.pairs",
    f"{_S}.merge": f"{_S}.resolution.merge",
    f"{_S}.merge_undo": f"{_S}.resolution.merge_undo",
    # the interchange format (FollowTheMoney)
    f"{_S}.interchange": f"{_S}.interchange.document",
    f"{_S}.interchange_ftm": f"{_S}.interchange.ftm",
    f"{_S}.interchange_import": f"{_S}.interchange.importing",
    f"{_S}.ftm_forms": f"{_S}.interchange.ftm_forms",
    # dissemination: PDF copies for recipients, certificates, the register
    f"{_S}.dissemination": f"{_S}.dissemination.exporting",
    f"{_S}.export_choices": f"{_S}.dissemination.choices",
    f"{_S}.export_closure": f"{_S}.dissemination.closure",
    f"{_S}.export_gate": f"{_S}.dissemination.gate",
    f"{_S}.export_mapping": f"{_S}.dissemination.mapping",
    f"{_S}.register": f"{_S}.dissemination.register",
    f"{_S}.certificates": f"{_S}.dissemination.certificates",
    # the review life cycle
    f"{_S}.workflow": f"{_S}.workflow.review",
    f"{_S}.approvals": f"{_S}.workflow.approvals",
    f"{_S}.handover": f"{_S}.workflow.handover",
    # link charts over the vault
    f"{_S}.charts": f"{_S}.charts.network",
    f"{_S}.export_chart": f"{_S}.charts.annex",
    # the demo vault and its synthetic data
    f"{_S}.demo": f"{_S}.demo.vault",
    f"{_S}.demo_gen": f"{_S}.demo.generate",
    f"{_S}.demo_entities": f"{_S}.demo.entities",
    f"{_S}.demo_ids": f"{_S}.demo.identifiers",
    f"{_S}.demo_pools": f"{_S}.demo.pools",
    # the pure chart's benchmark belongs with the benchmarks
    "sirat.chart.bench": "sirat.bench.chart_pure",
    # verifying the whole vault reads the log, the checkpoints and the approvals: above all three
    f"{_S}.audit.integrity": f"{_S}.integrity",
    # the atomic file writer is for every file SIRAT writes, not only the vault's
    "sirat.vault.atomic": "sirat.files",
    # issues 16, 18, 20 and 15, written beside the old layout and moved at their merge
    f"{_S}.attachments": f"{_S}.attachments.store",
    f"{_S}.interchange_files": f"{_S}.interchange.files",
    f"{_S}.bulk": f"{_S}.demo.bulk",
    f"{_S}.timeline": f"{_S}.charts.timeline",
    f"{_S}.map_data": f"{_S}.charts.map",
    f"{_S}.reference_admin": f"{_S}.reports.reference_admin",
    f"{_S}.search_facets": f"{_S}.search.facets",
}

# Docstrings of the new packages (written only when the package has no __init__.py yet).
PACKAGES: dict[str, str] = {
    f"{_S}.attachments": "Evidence files of reports and entities: encrypted content in the "
    "vault folder, thumbnails from a child process, export of a decrypted copy.",
    f"{_S}.access": "Opening a vault and who may: sign-in, vault creation, users and roles, "
    "the administrator's settings, backups.",
    f"{_S}.audit": "The append-only audit log: writing records, reading and verifying the chain, "
    "signed checkpoints of its head, names for the ids it holds.",
    f"{_S}.reports": "Reports: create, update, show, delete, the report list, version history, "
    "drafts kept at lock, field checks and the reference tables they use.",
    f"{_S}.entities": "Entities: create and update, links to reports, relations between "
    "entities, checks, the candidates offered while typing.",
    f"{_S}.formats": "What analysts type, parsed and checked: partial dates and identifiers "
    "(MRZ, MMSI, VIN, IBAN, national numbers) with their check digits.",
    f"{_S}.search": "Full-text search over reports and entities in any script: the query "
    "language, the index kept in step with writes, ranking and highlights.",
    f"{_S}.resolution": "Entity resolution: candidates for an entity, possible duplicates, "
    "merging two entities and undoing a merge.",
    f"{_S}.interchange": "The interchange format: reports with their entities as "
    "FollowTheMoney entities, exported and imported all or nothing.",
    f"{_S}.dissemination": "Dissemination: a (signed) PDF copy of an approved report for one "
    "recipient, what the export may offer, certificates and the register of copies.",
    f"{_S}.workflow": "The review life cycle: submit, approve (signed approvals), return, "
    "comments, the supervisors' queue, hand-over of stranded drafts.",
    f"{_S}.charts": "Link charts over the vault: the neighbour provider, a report's chart, "
    "saved charts, the chart printed in the PDF.",
    f"{_S}.demo": "The demo vault: ``sirat demo`` and the deterministic synthetic-data "
    "generator behind it.",
}

# Single names that move out of a module that stays: (old module, name) -> new module.
SYMBOLS: dict[tuple[str, str], str] = {
    # the role check sits at the bottom of the services: audit and users both ask it
    (f"{_S}.users", "require_role"): f"{_S}.roles",
    (f"{_S}.access.users", "require_role"): f"{_S}.roles",
    # a report's link to an entity is a report's value
    (f"{_S}.entity_types", "LinkView"): f"{_S}.reports.types",
    (f"{_S}.entities.types", "LinkView"): f"{_S}.reports.types",
    # one clock (sirat/clock.py): the same stored form everywhere
    ("sirat.vault.core", "utcnow"): "sirat.clock",
    (f"{_S}.reports", "utcnow"): "sirat.clock",
    (f"{_S}.reports.records", "utcnow"): "sirat.clock",
    (f"{_S}.audit", "timestamp"): "sirat.clock",
    (f"{_S}.audit.log", "timestamp"): "sirat.clock",
    # the candidates offered while typing are entity resolution's
    (f"{_S}.entity_query", "find_candidates"): f"{_S}.resolution.suggestions",
    (f"{_S}.entities.query", "find_candidates"): f"{_S}.resolution.suggestions",
    # verifying the whole vault (chain, checkpoints, approvals) sits above the audit log
    (f"{_S}.audit", "verify"): f"{_S}.integrity",
    (f"{_S}.audit.log", "verify"): f"{_S}.integrity",
    (f"{_S}.audit", "VerifyResult"): f"{_S}.integrity",
    (f"{_S}.audit.log", "VerifyResult"): f"{_S}.integrity",
    # the vault folder's owner-only modes stay with the vault
    ("sirat.vault.atomic", "enforce_private_modes"): "sirat.vault.modes",
}

# Old test module -> new test module: tests mirror the package they test, named by behaviour.
_U = "tests.unit"
_T = f"{_U}.services"
TESTS: dict[str, str] = {
    # issue 16's tests, written beside the old layout
    f"{_U}.domain.test_bulk_insert": f"{_T}.demo.test_bulk_insert",
    f"{_U}.domain.test_report_list_paging": f"{_T}.reports.test_report_list_paging",
    # the team fixture serves the workflow, audit and access tests alike
    f"{_U}.workflow.conftest": f"{_T}.conftest",
    f"{_U}.workflow.workflow_helpers": f"{_T}.workflow.workflow_helpers",
    f"{_U}.workflow.test_workflow_lifecycle": f"{_T}.workflow.test_life_cycle",
    f"{_U}.workflow.test_workflow_roles": f"{_T}.workflow.test_role_rules",
    f"{_U}.workflow.test_handover": f"{_T}.workflow.test_handover_of_stranded_drafts",
    f"{_U}.workflow.test_export_gate": f"{_T}.dissemination.test_export_offered_or_refused",
    f"{_U}.workflow.test_workflow_history": f"{_T}.reports.test_version_history",
    f"{_U}.workflow.test_change_role": f"{_T}.access.test_change_role",
    f"{_U}.workflow.test_audit_chain": f"{_T}.audit.test_tampering_caught",
    f"{_U}.workflow.test_audit_checkpoint": f"{_T}.audit.test_signed_checkpoints",
    f"{_U}.workflow.test_audit_coverage": f"{_T}.audit.test_every_action_audited",
    f"{_U}.workflow.test_audit_list": f"{_T}.audit.test_audit_listing",
    f"{_U}.workflow.test_audit_signin": f"{_T}.audit.test_failed_signins_recorded",
    # what used to be "domain" tests: the services of reports, entities, formats, interchange
    f"{_U}.domain.domain_helpers": f"{_T}.service_helpers",
    f"{_U}.domain.test_domain_canary": f"{_T}.test_canary_never_on_disk",
    f"{_U}.domain.test_domain_text_property": f"{_T}.reports.test_any_text_round_trips",
    f"{_U}.domain.test_domain_reports": f"{_T}.reports.test_reports_on_vault",
    f"{_U}.domain.test_qa_filters": f"{_T}.reports.test_list_filters_checked",
    f"{_U}.domain.test_qa_preferences_drafts": f"{_T}.reports.test_idle_lock_and_drafts",
    f"{_U}.domain.test_domain_schema": f"{_U}.vault.test_models_match_migrations",
    f"{_U}.domain.test_domain_entities": f"{_T}.entities.test_entities_on_vault",
    f"{_U}.domain.test_domain_dates": f"{_T}.formats.test_partial_dates",
    f"{_U}.domain.test_domain_identifiers": f"{_T}.formats.test_identifier_checks",
    f"{_U}.domain.test_domain_demo": f"{_T}.demo.test_demo_generator",
    f"{_U}.domain.test_domain_interchange": f"{_T}.interchange.test_interchange_round_trip",
    f"{_U}.domain.test_qa_interchange": f"{_T}.interchange.test_hostile_interchange_files",
    f"{_U}.domain.test_domain_ftm_forms": f"{_T}.interchange.test_ftm_value_forms",
    f"{_U}.domain.test_trust_import": f"{_T}.interchange.test_import_is_provenance",
    # search and resolution
    f"{_U}.search.search_helpers": f"{_T}.search.search_helpers",
    f"{_U}.search.test_search_canary": f"{_T}.search.test_no_plaintext_index",
    f"{_U}.search.test_search_labelled": f"{_T}.search.test_search_recall_labelled",
    f"{_U}.search.test_search_query": f"{_T}.search.test_query_language",
    f"{_U}.search.test_search_scripts": f"{_T}.search.test_search_across_scripts",
    f"{_U}.search.test_merge_undo": f"{_T}.resolution.test_merge_and_undo",
    f"{_U}.search.test_resolution_duplicates": f"{_T}.resolution.test_possible_duplicates",
    f"{_U}.search.test_resolution_table": f"{_T}.resolution.test_region_name_table",
    # dissemination (its own team fixture, closer to its tests, overrides the one above)
    f"{_U}.dissemination.conftest": f"{_T}.dissemination.conftest",
    f"{_U}.dissemination.dissem_data": f"{_T}.dissemination.dissem_data",
    f"{_U}.dissemination.hostile_data": f"{_T}.dissemination.hostile_data",
    f"{_U}.dissemination.pdf_probe": f"{_T}.dissemination.pdf_probe",
    f"{_U}.dissemination.test_dissem_approvals": f"{_T}.dissemination.test_approvals_signed",
    f"{_U}.dissemination.test_dissem_certificates": f"{_T}.dissemination.test_certificates",
    f"{_U}.dissemination.test_dissem_export": f"{_T}.dissemination.test_export_from_vault",
    f"{_U}.dissemination.test_dissem_hostile": f"{_T}.dissemination.test_hostile_report_observer",
    f"{_U}.dissemination.test_dissem_rules": f"{_T}.dissemination.test_rules_at_export",
    # charts over the vault
    f"{_U}.charts_service.conftest": f"{_T}.charts.conftest",
    f"{_U}.charts_service.charts_net": f"{_T}.charts.charts_net",
    f"{_U}.charts_service.test_charts_observer_pdf": f"{_T}.charts.test_observer_chart_in_pdf",
    f"{_U}.charts_service.test_charts_provider": f"{_T}.charts.test_neighbour_provider",
    f"{_U}.charts_service.test_charts_saved": f"{_T}.charts.test_saved_charts",
    # "qa" tests named by what they prove
    "tests.e2e.test_qa_cli_report": "tests.e2e.test_cli_report_bad_input",
    "tests.ui.test_qa_main_window": "tests.ui.test_main_window_badges",
}

# Modules written by hand in the new layout (split out of a moved one): they must never be
# read as an attribute of the old module whose name their package took.
WRITTEN: frozenset[str] = frozenset({
    f"{_S}.roles",
    f"{_S}.integrity",
    f"{_S}.resolution.suggestions",
    f"{_S}.reports.saving",
    "sirat.vault.modes",
})

ALL: dict[str, str] = {**MODULES, **TESTS}


def written_on_disk() -> frozenset[str]:
    """Every module already in a package that took an old module's name
    (``sirat/services/audit/changes.py``): a branch merged later writes new modules there
    (not listed in ``WRITTEN``), and ``sirat.services.audit.changes`` must not be read as
    the attribute ``changes`` of the old ``sirat.services.audit`` -- that is what keeps a
    second run a no-op. The package's own ``__init__`` is not one: a bare old name still
    means the old module."""
    found: set[str] = set()
    for old in ALL:
        folder = ROOT / old.replace(".", "/")
        if not folder.is_dir():
            continue
        for path in folder.rglob("*.py"):
            if "__pycache__" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            name = ".".join(parts)
            if name != old:
                found.add(name)
    return frozenset(found)


NEW: frozenset[str] = frozenset(ALL.values()) | WRITTEN | written_on_disk()
SUFFIXES = (".py", ".toml", ".md", ".ini", ".cfg")
CONFIG_SUFFIXES = (".toml", ".ini", ".cfg")


def parents(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


PACKAGE_NAMES: frozenset[str] = frozenset(p for m in NEW for p in parents(m))


def module_path(module: str) -> Path:
    return ROOT / (module.replace(".", "/") + ".py")


# --- dotted names ------------------------------------------------------------------------

def starts_with(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def map_dotted(name: str, *, config: bool = False) -> str:
    """The new spelling of a dotted name (module, module.attribute), or the name unchanged."""
    if any(starts_with(name, new) for new in NEW):
        return name
    for (old, symbol), new in SYMBOLS.items():
        if starts_with(name, f"{old}.{symbol}"):
            return new + name[len(old):]
    if config and name in PACKAGE_NAMES:
        return name
    best = max((old for old in ALL if starts_with(name, old)), key=len, default=None)
    if best is None:
        return name
    return ALL[best] + name[len(best):]


DOTTED = re.compile(r"(?<![\w.])((?:sirat|tests)(?:\.[A-Za-z_]\w*)+)")
PATHS = re.compile(r"(?<![\w./-])((?:sirat|tests)(?:/\w+)+)\.py\b")
SHORT_PATHS = re.compile(r"(?<![\w./-])(services/\w+)\.py\b")
COMMENT = re.compile(r"#.*$")
FROM_OR_IMPORT = re.compile(r"(from|import)\s+$")
FROM_IMPORTED = re.compile(r"\s+import\s+\(?\s*(\w+)")


def _import_lines(text: str) -> set[int]:
    """Line numbers of the import statements (rewrite_imports handled them)."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return set()
    return {line for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)
            for line in range(n.lineno, (n.end_lineno or n.lineno) + 1)}


def rewrite_text(text: str, *, python: bool, config: bool) -> str:
    skip = _import_lines(text) if python else set()
    starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]

    def dotted(m: re.Match[str]) -> str:
        if skip and bisect.bisect_right(starts, m.start()) in skip:
            return m.group(0)
        # Code in a string: "from <package> import <submodule>" is the new layout already.
        after = FROM_IMPORTED.match(text, m.end())
        if (after and FROM_OR_IMPORT.search(text, max(0, m.start() - 8), m.start())
                and f"{m.group(1)}.{after.group(1)}" in NEW | PACKAGE_NAMES):
            return m.group(0)
        return map_dotted(m.group(1), config=config)

    def path(m: re.Match[str]) -> str:
        new = map_dotted(m.group(1).replace("/", "."))
        return new.replace(".", "/") + ".py"

    def short(m: re.Match[str]) -> str:
        new = map_dotted("sirat." + m.group(1).replace("/", "."))
        return new.removeprefix("sirat.").replace(".", "/") + ".py"

    text = DOTTED.sub(dotted, text)
    text = PATHS.sub(path, text)
    return SHORT_PATHS.sub(short, text)


# Old service modules named by their file name alone in prose (`entity_links.link_entity`,
# `demo_gen`): only the prefixed families, which cannot be another word.
LEAVES: dict[str, str] = {
    old.rsplit(".", 1)[1]: new.removeprefix(f"{_S}.") for old, new in MODULES.items()
    if old.startswith(f"{_S}.") and old.count(".") == 2 and "_" in old.rsplit(".", 1)[1]
    and old.rsplit(".", 1)[1] != new.rsplit(".", 1)[1]  # a name kept is still right
}
BACKTICKED = re.compile(r"`[^`\n]+`")
LEAF = re.compile(r"(?<![\w./])(" + "|".join(sorted(LEAVES, key=len, reverse=True))
                  + r")\b(\.py\b)?(?=(\.\w)?)")
MD_IMPORT = re.compile(r"^(\s*)(from sirat\.[\w.]+ import [\w ,]+?)(\s*#.*)?$", re.M)


def rewrite_markdown(text: str) -> str:
    """Docs: import lines in code blocks, and old file names in `code spans`."""
    def one_import(m: re.Match[str]) -> str:
        node = ast.parse(m.group(2)).body[0]
        targets = _targets(node) if isinstance(node, ast.ImportFrom) else None
        if targets is None:
            return m.group(0)
        rendered = _render(m.group(1), targets)
        return "\n".join([rendered[0] + (m.group(3) or ""), *rendered[1:]])

    def leaf(m: re.Match[str]) -> str:
        new = LEAVES[m.group(1)]
        if m.group(2):
            return new.replace(".", "/") + ".py"
        return new if m.group(3) else new.replace(".", "/")

    text = MD_IMPORT.sub(one_import, text)
    return BACKTICKED.sub(lambda m: LEAF.sub(leaf, m.group(0)), text)


# --- import statements --------------------------------------------------------------------

def _targets(node: ast.ImportFrom) -> list[tuple[str, str, str | None]] | None:
    """(module, name, alias) for each name of a ``from`` import, or None when nothing moves."""
    module = node.module or ""
    out: list[tuple[str, str, str | None]] = []
    changed = False
    for alias in node.names:
        name, local = alias.name, alias.asname
        full = f"{module}.{name}"
        if full in ALL:  # from sirat.services import reports
            new = ALL[full]
            parent, leaf = new.rsplit(".", 1)
            out.append((parent, leaf, local or (name if name != leaf else None)))
            changed = True
        elif full in NEW or full in PACKAGE_NAMES:  # already the new layout
            out.append((module, name, local))
        elif (module, name) in SYMBOLS:
            out.append((SYMBOLS[(module, name)], name, local))
            changed = True
        else:
            new_module = map_dotted(module)
            changed |= new_module != module
            out.append((new_module, name, local))
    return out if changed else None


def _render(indent: str, targets: list[tuple[str, str, str | None]]) -> list[str]:
    grouped: dict[str, list[str]] = {}
    for module, name, local in targets:
        grouped.setdefault(module, []).append(
            name if local is None or local == name else f"{name} as {local}"
        )
    lines = []
    for module, names in grouped.items():
        one = f"{indent}from {module} import {', '.join(names)}"
        if len(one) <= 100:
            lines.append(one)
        else:
            lines.append(f"{indent}from {module} import (")
            lines.extend(f"{indent}    {n}," for n in names)
            lines.append(f"{indent})")
    return lines


def _is_module(name: str) -> bool:
    return name in NEW or module_path(name).exists() or (ROOT / name.replace(".", "/")).is_dir()


def _moved_attributes(module: str) -> dict[str, str]:
    """Names that left ``module`` (spelled old or new) for a module of their own."""
    return {symbol: dest for (old, symbol), dest in SYMBOLS.items()
            if module in (old, map_dotted(old))}


def rewrite_imports(source: str, where: Path) -> str:
    """Rewrite the import statements; ``alias.name`` of a name that left a module imported
    as ``alias`` becomes ``leaf.name``, with ``from parent import leaf`` added."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        print(f"  skipped (does not parse): {where}", file=sys.stderr)
        return source
    lines = source.splitlines(keepends=True)
    uses = _attribute_uses(source)
    edits: dict[int, tuple[int, list[str]]] = {}
    attributes: dict[str, str] = {}  # "alias.name" -> "leaf.name"
    typing_only = {id(n) for top in ast.walk(tree) if isinstance(top, ast.If)
                   and ast.unparse(top.test).endswith("TYPE_CHECKING") for n in top.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            indent = " " * node.col_offset
            end = node.end_lineno or node.lineno
            targets = _targets(node)
            rendered = _render(indent, targets) if targets is not None else None
            added: list[str] = []
            for module, name, local in targets or [(node.module, a.name, a.asname)
                                                   for a in node.names]:
                bound = f"{module}.{name}"
                if not _is_module(bound):
                    continue
                for symbol, dest in _moved_attributes(bound).items():
                    use = f"{local or name}.{symbol}"
                    if use in uses.values():
                        parent, leaf = dest.rsplit(".", 1)
                        attributes[use] = f"{leaf}.{symbol}"
                        added.append(f"{indent}from {parent} import {leaf}")
            if added and id(node) in typing_only:
                print(f"  {where}:{node.lineno}: an import added under TYPE_CHECKING needs "
                      f"its run-time twin (lazy.module) by hand: {', '.join(added)}",
                      file=sys.stderr)
            if added:
                original = [line.rstrip("\n") for line in lines[node.lineno - 1:end]]
                rendered = [*(rendered or original), *sorted(set(added))]
            if rendered is not None:
                edits[node.lineno] = (end, rendered)
        elif isinstance(node, ast.ImportFrom) and node.level:
            print(f"  relative import left as is: {where}:{node.lineno}", file=sys.stderr)
        elif isinstance(node, ast.Import):
            new_names = []
            changed = False
            for alias in node.names:
                new = map_dotted(alias.name)
                if new != alias.name and alias.asname is None:
                    print(f"  'import {alias.name}' needs a hand: {where}:{node.lineno}",
                          file=sys.stderr)
                changed |= new != alias.name
                new_names.append(new if alias.asname is None else f"{new} as {alias.asname}")
            if changed:
                indent = " " * node.col_offset
                edits[node.lineno] = (node.end_lineno or node.lineno,
                                      [f"{indent}import {', '.join(new_names)}"])
    # Attribute uses never sit on an import line: rewriting them keeps the line numbers.
    for (row, col), use in sorted(uses.items(), reverse=True):
        if use in attributes:
            line = lines[row - 1]
            lines[row - 1] = line[:col] + attributes[use] + line[col + len(use):]
    for start in sorted(edits, reverse=True):
        end, rendered = edits[start]
        # An import holds no strings, so '#' starts a comment: keep the comments ("why").
        notes = [m.group(0) for line in lines[start - 1:end] if (m := COMMENT.search(line))]
        if notes and not rendered[0].endswith(notes[-1]):
            rendered = [rendered[0] + "".join("  " + note for note in notes), *rendered[1:]]
        lines[start - 1:end] = [line + "\n" for line in rendered]
    return "".join(lines)


def _attribute_uses(source: str) -> dict[tuple[int, int], str]:
    """``name.attribute`` in the code (not in strings or comments), by (row, column)."""
    found: dict[tuple[int, int], str] = {}
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)
              if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)]
    for i, (a, dot, b) in enumerate(zip(tokens, tokens[1:], tokens[2:], strict=False)):
        if (a.type == tokenize.NAME and dot.string == "." and b.type == tokenize.NAME
                and a.end == dot.start and dot.end == b.start
                and (i == 0 or tokens[i - 1].string != ".")):  # not the tail of x.a.b
            found[a.start] = f"{a.string}.{b.string}"
    return found


# --- files --------------------------------------------------------------------------------

def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout


def tree_files() -> list[Path]:
    names = git("ls-files", "--cached", "--others", "--exclude-standard").splitlines()
    # The codemods and their tests name the old layout on purpose.
    mine = ("tools/refactor/", "tests/unit/tools/")
    return sorted({ROOT / n for n in names if n.endswith(SUFFIXES) and not n.startswith(".venv")
                   and not n.startswith(mine) and (ROOT / n).is_file()})


def move_files(*, dry: bool) -> list[str]:
    done = []
    for old, new in ALL.items():
        src, dst = module_path(old), module_path(new)
        if not src.exists():
            continue
        if dst.exists():
            print(f"  both exist, left for a hand: {src.relative_to(ROOT)}", file=sys.stderr)
            continue
        done.append(f"move {src.relative_to(ROOT)} -> {dst.relative_to(ROOT)}")
        if dry:
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            git("mv", str(src.relative_to(ROOT)), str(dst.relative_to(ROOT)))
        except subprocess.CalledProcessError:  # a file git does not track yet
            src.rename(dst)
    for old in ALL:  # folders a move emptied (but for Python's caches) go too
        folder = module_path(old).parent
        if folder.is_dir() and all(p.name == "__pycache__" for p in folder.iterdir()):
            done.append(f"remove {folder.relative_to(ROOT)}/")
            if not dry:
                shutil.rmtree(folder)
    for package, doc in PACKAGES.items():
        init = ROOT / package.replace(".", "/") / "__init__.py"
        if init.parent.is_dir() and not init.exists() and package.startswith("sirat."):
            done.append(f"create {init.relative_to(ROOT)}")
            if not dry:
                body = textwrap.fill(f'"""{doc}"""', width=96)
                init.write_text(body + "\n", encoding="utf-8")
                git("add", str(init.relative_to(ROOT)))
    return done


def rewrite_files(*, dry: bool) -> list[Path]:
    changed = []
    for path in tree_files():
        text = path.read_text(encoding="utf-8")
        python = path.suffix == ".py"
        new = rewrite_imports(text, path) if python else text
        new = rewrite_markdown(new) if path.suffix == ".md" else new
        new = rewrite_text(new, python=python, config=path.suffix in CONFIG_SUFFIXES)
        if new != text:
            changed.append(path)
            if not dry:
                path.write_text(new, encoding="utf-8")
    return changed


def collisions() -> list[str]:
    """Old modules turned packages whose own names collide with a new submodule's name."""
    found = []
    for old, new in MODULES.items():
        src = module_path(old)
        package = new.rsplit(".", 1)[0]
        if not src.exists() or package != old:
            continue
        tree = ast.parse(src.read_text(encoding="utf-8"))
        defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)}
        defined |= {t.id for n in tree.body if isinstance(n, ast.Assign | ast.AnnAssign)
                    for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
                    if isinstance(t, ast.Name)}
        subs = {m.rsplit(".", 1)[1] for m in NEW if m.rsplit(".", 1)[0] == package}
        found += [f"{old}.{name}" for name in sorted(defined & subs)]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if needed")
    args = parser.parse_args()
    clash = collisions()
    if clash:
        print("names that would read as new submodules (rename them first):", *clash,
              sep="\n  ", file=sys.stderr)
        return 2
    moved = move_files(dry=args.check)
    changed = rewrite_files(dry=args.check)
    for line in moved:
        print(line)
    for path in changed:
        print(f"rewrite {path.relative_to(ROOT)}")
    if args.check:
        return 1 if moved or changed else 0
    py = [str(p) for p in changed if p.suffix == ".py" and p.exists()]
    found = [p for p in (ROOT / ".venv" / "bin" / "ruff", Path(sys.executable).parent / "ruff")
             if p.exists()]
    ruff = str(found[0]) if found else shutil.which("ruff")
    if py and ruff:
        subprocess.run([ruff, "check", "--quiet", "--fix", "--select", "I", *py], cwd=ROOT,
                       check=False)
    elif py:
        print("ruff not found: sort the imports of the rewritten files yourself", file=sys.stderr)
    if not moved and not changed:
        print("nothing to do: the tree is in the new layout")
    return 0


if __name__ == "__main__":
    sys.exit(main())
