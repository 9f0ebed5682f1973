"""The release view: exactly what one recipient may see, decided before any rendering.

The PDF renderer only ever receives a :class:`ReleaseView`, so nothing withheld can leak
from under a black box, a font subset or the metadata: it is simply not there.

Member states and operational partners see everything. For an observer:

* person, phone, identity document, bank account and online account entities and
  private addresses are left out of the annex;
* any other entity related to one of those keeps only non-identifying fields
  (make, model, colour ... — an allow-list: an unknown field is left out), and a
  generic label;
* names of the persons, in every form SIRAT knows and every script or spelling, become
  ``[PERSON n]`` (numbered in entity-list order) in the title, summary, narrative,
  analyst comment, keywords and places; identifiers become ``[PHONE]``, ``[IBAN]`` ...;
* the link chart is left out (it is drawn from unfiltered links).

The rules at export time (status, classification, handling codes) live in
:mod:`sirat.export.policy`; :func:`check_release` is re-exported here.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from sirat.export.policy import check_release
from sirat.export.redact import FoldFn, Redactor
from sirat.export.types import (
    KIND_NAMES,
    EntityField,
    EntityInput,
    EntityKind,
    HandlingCode,
    RecipientInput,
    RecipientKind,
    RelationInput,
    ReportInput,
)

__all__ = [
    "PersonPlaceholder",
    "ReleaseView",
    "ReleasedRelation",
    "build_release_view",
    "check_release",
    "describe_losses",
]

#: Kinds an observer never receives (a private address neither).
WITHHELD_KINDS: frozenset[EntityKind] = frozenset(
    {"person", "phone", "identity_document", "bank_account", "online_account"}
)
#: Fields an observer may see of an entity related to withheld personal data.
NON_IDENTIFYING_FIELDS: dict[EntityKind, frozenset[str]] = {
    "vehicle": frozenset({"make", "model", "colour", "year", "vehicle_type", "stolen"}),
    "vessel": frozenset({"vessel_type", "flag"}),
    "organization": frozenset({"org_type", "country"}),
    "address": frozenset({"city", "region", "country"}),
}
_IDENTIFIER_KEYS = frozenset(
    {"vin", "plate", "registration", "imo", "mmsi", "call_sign", "registration_number",
     "number", "iban", "account_number", "handle", "email", "url", "date_of_birth"}
)  # fmt: skip
_PLACEHOLDERS: dict[EntityKind, str] = {
    "person": "[DATE OF BIRTH]",  # a person's own name gets its numbered placeholder
    "vehicle": "[VEHICLE ID]",
    "vessel": "[VESSEL ID]",
    "organization": "[ORGANISATION]",
    "address": "[ADDRESS]",
    "phone": "[PHONE]",
    "identity_document": "[DOCUMENT NO.]",
    "bank_account": "[BANK ACCOUNT]",
    "online_account": "[ONLINE ACCOUNT]",
}


@dataclass(frozen=True, slots=True)
class ReleasedRelation:
    """A relation as printed: display labels of both ends (placeholders for observers)."""

    source: str
    relation: str
    target: str


@dataclass(frozen=True, slots=True)
class PersonPlaceholder:
    """A person withheld from an observer: the placeholder used in text and the role."""

    placeholder: str
    role: str


@dataclass(frozen=True, slots=True)
class ReleaseView:
    """Everything the renderer may print for one recipient, and nothing else."""

    report: ReportInput
    recipient: RecipientInput
    entities: tuple[EntityInput, ...]
    relations: tuple[ReleasedRelation, ...]
    withheld_persons: tuple[PersonPlaceholder, ...]
    losses: tuple[str, ...]

    @property
    def personal_data_withheld(self) -> bool:
        """True for an observer copy."""
        return not self.recipient.may_receive_personal_data

    def all_text(self) -> Iterator[str]:
        """Every string in the view (the chart excepted): for audits and tests."""
        yield from _strings(dataclasses.replace(self, report=_without_chart(self.report)))


def _without_chart(report: ReportInput) -> ReportInput:
    return dataclasses.replace(report, chart=None)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list | frozenset | set):
        for item in value:
            yield from _strings(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name))


def _is_identifier(item: EntityField) -> bool:
    alnum = [ch for ch in item.value if ch.isalnum()]
    digits = sum(ch.isdigit() for ch in alnum)
    return item.key in _IDENTIFIER_KEYS or (len(alnum) >= 5 and digits >= 2)


def _phone_variants(number: str) -> list[str]:
    """The number as written plus its national significant number (0881... vs +359 88...)."""
    import phonenumbers  # lazy: only observer copies with phones need it

    variants = [number]
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return variants
    national = phonenumbers.national_significant_number(parsed)
    if len(national) >= 6:
        variants.append(national)
    return variants


def _forget(redactor: Redactor, entity: EntityInput, fields: Sequence[EntityField]) -> None:
    """Teach the redactor the label, name forms and identifying field values of ``entity``."""
    placeholder = _PLACEHOLDERS[entity.kind]
    for form in (entity.label, *entity.name_forms):
        redactor.add_name(form, placeholder)
    for item in fields:
        if entity.kind == "phone" and item.key == "number":
            for variant in _phone_variants(item.value):
                redactor.add_identifier(variant, placeholder)
        elif entity.kind == "bank_account" and item.key == "iban":
            redactor.add_identifier(item.value, placeholder)
            redactor.add_identifier(item.value.replace(" ", "")[4:], placeholder)
        elif _is_identifier(item):
            redactor.add_identifier(item.value, placeholder)
        elif item.key in {"name", "street", "full", "holder"}:
            redactor.add_name(item.value, placeholder)


def _generic_label(entity: EntityInput, kept: Sequence[EntityField]) -> str:
    details = ", ".join(item.value for item in kept if item.value)
    title = KIND_NAMES[entity.kind][0].capitalize()
    return f"{title}: {details}" if details else f"{title} (identifying details withheld)"


def _observer_entities(
    entities: Sequence[EntityInput], relations: Sequence[RelationInput], redactor: Redactor
) -> tuple[list[EntityInput], dict[str, str], list[str]]:
    """Entities an observer may see, placeholder per person id, and what was lost."""
    withheld = {e.id for e in entities if e.kind in WITHHELD_KINDS or e.is_private}
    linked = {r.source_id for r in relations if r.target_id in withheld}
    linked |= {r.target_id for r in relations if r.source_id in withheld}
    labels: dict[str, str] = {}
    losses: list[str] = []
    dropped: Counter[EntityKind] = Counter()
    stripped: dict[EntityKind, tuple[int, set[str]]] = {}
    persons = [e for e in entities if e.kind == "person"]
    for number, person in enumerate(persons, start=1):
        labels[person.id] = f"[PERSON {number}]"
        redactor.add_person((person.label, *person.name_forms), labels[person.id])
        _forget(redactor, person, [f for f in person.fields if f.key == "date_of_birth"])
    released: list[EntityInput] = []
    for entity in entities:
        if entity.id in withheld:
            dropped[entity.kind] += 1
            if entity.kind != "person":
                _forget(redactor, entity, entity.fields)
        elif entity.id in linked:
            allowed = NON_IDENTIFYING_FIELDS.get(entity.kind, frozenset())
            kept = [f for f in entity.fields if f.key in allowed]
            removed = [f for f in entity.fields if f.key not in allowed]
            _forget(redactor, entity, removed)
            count, names = stripped.get(entity.kind, (0, set()))
            stripped[entity.kind] = (count + 1, names | {f.label for f in removed})
            label = _generic_label(entity, kept)
            released.append(
                dataclasses.replace(entity, label=label, fields=tuple(kept), name_forms=())
            )
        else:
            released.append(entity)
    if persons:
        losses.append(
            f"{_count(len(persons), 'person')} left out of the entity annex; "
            f"shown as [PERSON 1]–[PERSON {len(persons)}] in the text"
        )
    for kind, n in dropped.items():
        if kind != "person":
            name = "private address" if kind == "address" else KIND_NAMES[kind][0]
            losses.append(f"{_count(n, name)} left out of the entity annex")
    for kind, (n, names) in stripped.items():
        what = ", ".join(sorted(names)) or "label"
        losses.append(
            f"Identifying details ({what}) removed from {_count(n, KIND_NAMES[kind][0])} "
            "linked to personal data"
        )
    return released, labels, losses


def _count(n: int, singular: str) -> str:
    plural = next((p for s, p in KIND_NAMES.values() if s == singular), singular + "es")
    return f"{n} {singular if n == 1 else plural}"


def _redact_report(report: ReportInput, redactor: Redactor) -> tuple[ReportInput, int]:
    total = 0

    def clean(text: str) -> str:
        nonlocal total
        redacted, n = redactor.redact(text)
        total += n
        return redacted

    released = dataclasses.replace(
        report,
        title=clean(report.title),
        summary=clean(report.summary),
        narrative=clean(report.narrative),
        analyst_comment=clean(report.analyst_comment),
        operation=clean(report.operation),
        keywords=tuple(clean(k) for k in report.keywords),
        places=tuple(clean(p) for p in report.places),
        handling_codes=tuple(
            HandlingCode(h.code, h.wording, None if h.free_text is None else clean(h.free_text))
            for h in report.handling_codes
        ),
        provenance=clean(report.provenance),
        chart=None,
    )
    return released, total


def build_release_view(
    report: ReportInput,
    entities: Sequence[EntityInput],
    relations: Sequence[RelationInput],
    recipient: RecipientInput,
    *,
    fold: FoldFn | None = None,
) -> ReleaseView:
    """Build what ``recipient`` may see of ``report``; ``fold`` overrides name folding."""
    if recipient.may_receive_personal_data:
        labels = {e.id: e.label for e in entities}
        return ReleaseView(
            report=report,
            recipient=recipient,
            entities=tuple(entities),
            relations=_relations(relations, labels, lambda text: text),
            withheld_persons=(),
            losses=(),
        )
    redactor = Redactor(fold)
    released, labels, losses = _observer_entities(entities, relations, redactor)
    released_report, replaced = _redact_report(report, redactor)
    released = [_redact_entity(e, redactor) for e in released]
    labels.update({e.id: e.label for e in released})
    if replaced:
        losses.append(
            f"{replaced} mention{'s' if replaced != 1 else ''} of persons or identifiers "
            "replaced by placeholders in the title, summary, narrative, comment, "
            "keywords or places"
        )
    if report.chart is not None:
        losses.append("The link chart is left out (it is drawn from unfiltered links)")
    view_relations = _relations(relations, labels, lambda text: redactor.redact(text)[0])
    if len(view_relations) < len(relations):
        losses.append(
            f"{len(relations) - len(view_relations)} of {len(relations)} relations "
            "left out (they involve withheld entities)"
        )
    persons = [e for e in entities if e.kind == "person"]
    return ReleaseView(
        report=released_report,
        recipient=recipient,
        entities=tuple(released),
        relations=view_relations,
        withheld_persons=tuple(
            PersonPlaceholder(f"[PERSON {n}]", redactor.redact(p.role)[0])
            for n, p in enumerate(persons, start=1)
        ),
        losses=tuple(losses),
    )


def _redact_entity(entity: EntityInput, redactor: Redactor) -> EntityInput:
    """Person names can hide in any kept text (an organisation named after its owner)."""
    return dataclasses.replace(
        entity,
        label=redactor.redact(entity.label)[0],
        role=redactor.redact(entity.role)[0],
        name_forms=tuple(redactor.redact(f)[0] for f in entity.name_forms),
        fields=tuple(
            EntityField(f.key, f.label, redactor.redact(f.value)[0]) for f in entity.fields
        ),
    )


def _relations(
    relations: Sequence[RelationInput], labels: dict[str, str], clean: Callable[[str], str]
) -> tuple[ReleasedRelation, ...]:
    return tuple(
        ReleasedRelation(labels[r.source_id], clean(r.label), labels[r.target_id])
        for r in relations
        if r.source_id in labels and r.target_id in labels
    )


def describe_losses(
    report: ReportInput,
    entities: Sequence[EntityInput],
    relations: Sequence[RelationInput],
    recipient_kind: RecipientKind,
    *,
    fold: FoldFn | None = None,
) -> list[str]:
    """What a recipient of ``recipient_kind`` will not receive (empty: nothing withheld).

    For the pre-export preview; the sentences name counts and field labels, never data.
    """
    recipient = RecipientInput(code="-", name="-", kind=recipient_kind)
    return list(build_release_view(report, entities, relations, recipient, fold=fold).losses)
