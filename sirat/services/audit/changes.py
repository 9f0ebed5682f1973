"""What a change recorded in the audit log changed, in the words views refresh by.

Every service that changes data writes its audit record inside the transaction of the
change (``log.record``), naming the object (``object_type``/``object_id``) and, in the
details, the ids it touched. :func:`of_record` reads the same facts as a
:class:`~sirat.domain.changes.Changes`, and ``record`` notes it on the transaction
(``sirat.vault.changes``), so the caller -- the app's operation -- learns what changed from
the service itself, and a new use case that writes its audit record cannot forget to say so.
A service may add what the record does not name with ``sirat.vault.changes.note``.

Consultations (``log.consult``) and records folded in from the journal change nothing; the
few records of reading or copying written with ``record`` are listed in :data:`READS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from sirat.domain.changes import NOTHING, Changes
from sirat.domain.vocab import (
    CertificateId,
    ChartId,
    EntityId,
    ExportId,
    LinkId,
    RelationId,
    ReportId,
    UserId,
)

#: Audit actions that record reading or copying data, not changing it.
READS: Final = frozenset({
    "audit.list", "audit.checkpoint", "report.compare", "report.export", "package.export",
    "attachment.export", "vault.backup", "search.rebuild",
})
#: Actions that change key slots or the data key.
KEY_ACTIONS: Final = frozenset({"user.add", "user.remove", "vault.rotate_key"})
#: Objects whose record names, in its details, the reports and entities it touched; a chart
#: or a certificate names its report or owner only as context (nothing of theirs changed).
_DETAILS_COUNT: Final = frozenset({"report", "entity", "attachment", "package"})
#: Detail keys whose value is the id of a report (or a list of report ids) a record
#: concerns; the audit log's filters (``log.list_records``) read the same keys.
REPORT_KEYS: Final = ("report", "report_id")
REPORT_LIST_KEYS: Final = ("reports", "report_ids")
#: Detail keys whose value is the id of an entity (or a list of entity ids).
ENTITY_KEYS: Final = ("entity", "entity_id", "source", "target", "into", "merged_into")
ENTITY_LIST_KEYS: Final = ("entities", "entity_ids", "merged")


def of_record(action: str, object_type: str, object_id: str | int,
              details: Mapping[str, object] | None) -> Changes:
    """What the change recorded by this audit record changed (ids and flags only)."""
    if action in READS:
        return NOTHING
    details = details or {}
    oid = _id(object_id)
    own: set[int] = {oid} if oid is not None else set()
    reports: set[int] = own if object_type == "report" else set()
    entities: set[int] = own if object_type == "entity" else set()
    links: set[int] = set()
    relations: set[int] = set()
    exports: set[int] = set()
    if object_type in _DETAILS_COUNT:
        reports |= _ids(details, REPORT_KEYS, REPORT_LIST_KEYS)
        entities |= _ids(details, ENTITY_KEYS, ENTITY_LIST_KEYS)
        links |= _ids(details, ("link",), ())
        relations |= _ids(details, ("relation",), ())
        exports |= _ids(details, ("export",), ())
    return Changes(
        reports=frozenset(ReportId(i) for i in reports),
        entities=frozenset(EntityId(i) for i in entities),
        links=frozenset(LinkId(i) for i in links),
        relations=frozenset(RelationId(i) for i in relations),
        users=frozenset(UserId(i) for i in own) if object_type == "user" else frozenset(),
        exports=frozenset(ExportId(i) for i in exports),
        certificates=(frozenset(CertificateId(i) for i in own)
                      if object_type == "certificate" else frozenset()),
        charts=frozenset(ChartId(i) for i in own) if object_type == "chart" else frozenset(),
        reference=action.startswith("reference."),
        settings=action == "settings.change",
        keys=action in KEY_ACTIONS,
    )


def _id(value: object) -> int | None:
    """An id as the record holds it (an int, or digits as the object id's text)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _ids(details: Mapping[str, object], keys: tuple[str, ...],
         list_keys: tuple[str, ...]) -> set[int]:
    out = {i for k in keys if (i := _id(details.get(k))) is not None}
    for k in list_keys:
        values = details.get(k)
        if isinstance(values, list | tuple):
            out |= {i for v in values if (i := _id(v)) is not None}
    return out
