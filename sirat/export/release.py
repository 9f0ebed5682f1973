"""The release view: exactly what one recipient may see, decided before any rendering.

The PDF renderer only ever receives a :class:`ReleaseView`, so nothing withheld can leak
from under a black box, a font subset or the metadata: it is simply not there.

What each recipient kind may see is decided by :mod:`sirat.domain.disclosure` (the one
policy); this module applies it. Member states and operational partners see everything,
link and relation notes included. For an observer:

* every field of the report is handled as the policy decides (``REPORT_FIELDS``): codes
  and reference data as stored, free text through the redactor, staff by function and
  organisation, and a field the policy does not know is withheld;
* entities of a personal kind and private addresses are left out of the annex; persons
  appear as ``[PERSON n]`` (numbered in entity-list order) in every text;
* any other entity connected to personal data -- by a relation of this report, by this
  report naming a person, or (``connected``, computed by the services from the whole
  vault) by a relation or a report anywhere else -- keeps only its public fields and a
  generic label ("Vehicle: Volvo, FH, white"); its identifying values are taught to the
  redactor, so they disappear from the text too;
* names in every form and script, identifiers in any spacing, street addresses in either
  order and dates of birth in every common form become placeholders wherever they appear:
  report fields, entity labels and fields, roles, link and relation notes; the chart is
  rebuilt by the services from this view and its labels go through :meth:`ReleaseView.clean`.

The rules at export time (status, classification, handling codes) live in
:mod:`sirat.export.policy`; :func:`check_release` is re-exported here.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field

from sirat.domain.disclosure import (
    Decision,
    placeholder,
    public_field,
    public_field_anywhere,
    report_field_decision,
    staff_line,
    withheld_whole,
)
from sirat.domain.vocab import KIND_SPECS
from sirat.export.policy import check_release
from sirat.export.redact import FoldFn, Redactor
from sirat.export.types import (
    KIND_NAMES,
    EntityField,
    EntityInput,
    HandlingCode,
    RecipientInput,
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

#: Field keys whose values are codes identifying one thing (plates, IMO, IBAN ...).
_IDENTIFIER_KEYS = frozenset(
    key for spec in KIND_SPECS.values() for key in spec.identifying
) - {"name", "street", "full", "holder", "date_of_birth", "place_of_birth", "expiry",
     "plate_country", "postcode"}  # fmt: skip
#: Legal forms of companies in the region's languages, dropped to find the bare name.
_LEGAL_FORMS = re.compile(
    r"(?i)(?<!\w)(?:ltd|llc|inc|corp|co|plc|gmbh|ag|sa|s\.a|srl|s\.r\.l|d\.o\.o|doo|"
    r"dooel|a\.d|ad|ead|eood|ood|ae|a\.e|ike|epe|oe|kft|zrt|bt|a\.ş|aş|a\.s|ltd\.? ?şti|"
    r"sh\.p\.k|shpk|sh\.a|ооо|оод|еоод|ад|еад|доо|дооел|ае|ικε|επε|οε)\.?(?!\w)"
)
_MIN_BARE_NAME = 4
#: A person's own identifiers, by the placeholder of the kind they would have on their own.
_OWN_PLACEHOLDERS = {"national_id": "[DOCUMENT NO.]", "document_number": "[DOCUMENT NO.]",
                     "email": "[ONLINE ACCOUNT]"}
#: Kinds whose label is a name (a vessel's, a company's).
_NAMED_KINDS = frozenset(kind.value for kind, spec in KIND_SPECS.items() if spec.named)
#: Field keys whose values are dates (of birth, of expiry): redacted in every form.
_DATE_KEYS = frozenset({"date_of_birth", "expiry"})
#: Field keys holding a street address.
_STREET_KEYS = frozenset({"street", "full"})
#: Field keys holding a name rather than a code.
_NAME_KEYS = frozenset({"name", "holder", "place_of_birth"})


@dataclass(frozen=True, slots=True)
class ReleasedRelation:
    """A relation as printed: display labels of both ends (placeholders for observers)."""

    source: str
    relation: str
    target: str
    note: str = ""
    #: The ends' entity ids (ids only: the timeline figure puts the relation in their lanes).
    source_id: str = ""
    target_id: str = ""


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
    #: The observer's redactor, for text built later from this view (chart labels).
    redactor: Redactor | None = field(default=None, compare=False, repr=False)

    @property
    def personal_data_withheld(self) -> bool:
        """True for an observer copy."""
        return not self.recipient.may_receive_personal_data

    def clean(self, text: str) -> str:
        """``text`` as this recipient may read it (observers: through the redactor)."""
        return text if self.redactor is None else self.redactor.redact(text)[0]

    def all_text(self) -> Iterator[str]:
        """Every string in the view (the chart excepted): for audits and tests."""
        bare = dataclasses.replace(self, report=dataclasses.replace(self.report, chart=None))
        yield from _strings(dataclasses.replace(bare, redactor=None))


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
    """A code that points at one thing (plate, IMO, IBAN ...), or anything with digits."""
    alnum = [ch for ch in item.value if ch.isalnum()]
    digits = sum(ch.isdigit() for ch in alnum)
    return item.key in _IDENTIFIER_KEYS or (len(alnum) >= 5 and digits >= 2) or (
        len(alnum) >= 3 and digits >= 1 and not public_field_anywhere(item.key)
    )


def _identifier_variants(kind: str, key: str, value: str) -> list[str]:
    """The value as written, plus the forms people also write it in."""
    variants = [value]
    compact = "".join(ch for ch in value if ch.isalnum())
    if kind == "phone" or (key in {"number", "phone"} and value.lstrip().startswith("+")):
        variants += _phone_variants(value)
    if key == "iban" and len(compact) > 8:
        variants.append(compact[4:])  # without country and check digits
    if "@" in value:
        local = value.split("@", 1)[0]
        variants.append(local)
    stripped = value.lstrip("@")
    if stripped != value:
        variants.append(stripped)
    prefix = compact.rstrip("0123456789")
    digits = compact[len(prefix) :]
    if prefix.isalpha() and len(prefix) <= 4 and len(digits) >= 5:
        variants.append(digits)  # "IMO 9074729" also written "9074729"
    return variants


def _phone_variants(number: str) -> list[str]:
    """The national significant number (0881... vs +359 88...)."""
    import phonenumbers  # lazy: only observer copies with phones need it

    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return []
    national = phonenumbers.national_significant_number(parsed)
    return [national] if len(national) >= 6 else []


def _forget(redactor: Redactor, entity: EntityInput, fields: Sequence[EntityField],
            *, names: bool = True) -> None:
    """Teach the redactor the names and the identifying field values of ``entity``."""
    mark = placeholder(entity.kind)
    if names:
        for form in (entity.label, *entity.name_forms):
            redactor.add_name(form, mark)
            bare = _LEGAL_FORMS.sub(" ", form).strip(" ,.")
            if bare != form.strip() and len(bare) >= _MIN_BARE_NAME:
                redactor.add_name(bare, mark)  # "Delta Shipping" of "Delta Shipping Ltd"
            if entity.kind == "address":
                redactor.add_address(form, mark)
    for item in fields:
        if not item.value.strip():
            continue
        if item.key in _DATE_KEYS:
            date_mark = "[DATE OF BIRTH]" if item.key == "date_of_birth" else mark
            redactor.add_date(item.value, date_mark)
            redactor.add_name(item.value, date_mark)  # as stored, whatever its form
        elif item.key in _STREET_KEYS:
            redactor.add_address(item.value, mark)
            redactor.add_name(item.value, mark)
        elif _is_identifier(item):
            own = _OWN_PLACEHOLDERS.get(item.key, mark) if entity.kind == "person" else mark
            for variant in _identifier_variants(entity.kind, item.key, item.value):
                redactor.add_identifier(variant, own)
        elif item.key in _NAME_KEYS:
            redactor.add_name(item.value, mark)


def _generic_label(entity: EntityInput, kept: Sequence[EntityField]) -> str:
    details = ", ".join(item.value for item in kept if item.value)
    title = KIND_NAMES[entity.kind][0].capitalize()
    return f"{title}: {details}" if details else f"{title} (identifying details withheld)"


def _connected(entities: Sequence[EntityInput], relations: Sequence[RelationInput],
               withheld: set[str]) -> set[str]:
    """Entities tied to withheld ones by this report: by a relation, or by the report
    itself when it names a person (a shared report is a connection)."""
    linked = {r.source_id for r in relations if r.target_id in withheld}
    linked |= {r.target_id for r in relations if r.source_id in withheld}
    if any(e.kind == "person" for e in entities):
        linked |= {e.id for e in entities}
    return linked - withheld


@dataclass
class _Observer:
    """What the observer's rules produced: entities kept, labels by id, losses."""

    released: list[EntityInput]
    labels: dict[str, str]
    losses: list[str]


def _observer_entities(
    entities: Sequence[EntityInput],
    relations: Sequence[RelationInput],
    redactor: Redactor,
    connected: Collection[str],
    also_withheld: Sequence[EntityInput],
) -> _Observer:
    withheld = {e.id for e in entities if withheld_whole(e.kind, e.is_private)}
    linked = _connected(entities, relations, withheld) | (set(connected) - withheld)
    labels: dict[str, str] = {}
    dropped: Counter[str] = Counter()
    stripped: dict[str, tuple[int, set[str]]] = {}
    persons = [e for e in entities if e.kind == "person"]
    for number, person in enumerate(persons, start=1):
        labels[person.id] = f"[PERSON {number}]"
        redactor.add_person((person.label, *person.name_forms), labels[person.id])
        _forget(redactor, person, person.fields, names=False)
    for other in also_withheld:
        if other.kind == "person":
            redactor.add_person((other.label, *other.name_forms), "[PERSON]")
            _forget(redactor, other, other.fields, names=False)
        else:
            _forget(redactor, other, other.fields)
    released: list[EntityInput] = []
    for entity in entities:
        if entity.id in withheld:
            dropped[entity.kind] += 1
            if entity.kind != "person":
                _forget(redactor, entity, entity.fields)
        elif entity.id in linked:
            kept = [f for f in entity.fields if public_field(entity.kind, f.key)]
            removed = [f for f in entity.fields if not public_field(entity.kind, f.key)]
            _forget(redactor, entity, removed)
            label = _generic_label(entity, kept)
            named = entity.kind in _NAMED_KINDS and bool(entity.label or entity.name_forms)
            if removed or named:
                count, names = stripped.get(entity.kind, (0, set()))
                lost = {f.label for f in removed} | ({"Name"} if named else set())
                stripped[entity.kind] = (count + 1, names | lost)
            released.append(dataclasses.replace(entity, label=label, fields=tuple(kept),
                                                name_forms=()))
        else:
            released.append(entity)
    losses: list[str] = []
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
        what = ", ".join(sorted(names))
        losses.append(
            f"Identifying details ({what}) removed from {_count(n, KIND_NAMES[kind][0])} "
            "linked to personal data"
        )
    return _Observer(released, labels, losses)


def _count(n: int, singular: str) -> str:
    plural = next((p for s, p in KIND_NAMES.values() if s == singular), singular + "es")
    return f"{n} {singular if n == 1 else plural}"


def _redact_value(value: object, clean: Callable[[str], str]) -> object:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, HandlingCode):  # code and wording are reference data
        free = None if value.free_text is None else clean(value.free_text)
        return HandlingCode(value.code, value.wording, free)
    if isinstance(value, tuple):
        return tuple(_redact_value(item, clean) for item in value)
    return None  # a value the redactor cannot read is not released


def _withheld_value(value: object) -> object:
    if isinstance(value, str):
        return ""
    if isinstance(value, tuple):
        return ()
    return None


def _redact_report(report: ReportInput, redactor: Redactor) -> tuple[ReportInput, int]:
    """Every field of the report as the policy decides; unknown fields withheld."""
    total = 0

    def clean(text: str) -> str:
        nonlocal total
        redacted, n = redactor.redact(text)
        total += n
        return redacted

    originator = clean(report.originator)
    changes: dict[str, object] = {}
    for f in dataclasses.fields(report):
        value = getattr(report, f.name)
        decision = report_field_decision(f.name)
        if f.name in ("chart", "statistics"):
            changes[f.name] = None  # the services rebuild them for this recipient
        elif decision is Decision.SHOW:
            continue
        elif decision is Decision.REDACT:
            changes[f.name] = originator if f.name == "originator" else _redact_value(value, clean)
        elif decision is Decision.STAFF:
            function = getattr(report, f"{f.name}_function", "")
            changes[f.name] = staff_line(function, originator) if value else ""
        else:
            changes[f.name] = _withheld_value(value)
    return dataclasses.replace(report, **changes), total  # type: ignore[arg-type]


def build_release_view(
    report: ReportInput,
    entities: Sequence[EntityInput],
    relations: Sequence[RelationInput],
    recipient: RecipientInput,
    *,
    fold: FoldFn | None = None,
    connected: Collection[str] = (),
    also_withheld: Sequence[EntityInput] = (),
) -> ReleaseView:
    """Build what ``recipient`` may see of ``report``.

    ``connected`` are ids of entities tied to personal data elsewhere in the vault (the
    services compute this closure); ``also_withheld`` are personal entities of other
    reports tied to this report's entities, whose names and identifiers must not appear
    in the text either. ``fold`` overrides name folding.
    """
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
    observer = _observer_entities(entities, relations, redactor, connected, also_withheld)
    released_report, replaced = _redact_report(report, redactor)
    released = [_redact_entity(e, redactor) for e in observer.released]
    labels = observer.labels
    labels.update({e.id: e.label for e in released})
    losses = observer.losses
    if replaced:
        losses.append(
            f"{replaced} mention{'s' if replaced != 1 else ''} of persons or identifiers "
            "replaced by placeholders in the report's text"
        )
    if report.author or report.approver:
        losses.append("Author and approver shown by function and organisation, not by name")
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
        redactor=redactor,
    )


def _redact_entity(entity: EntityInput, redactor: Redactor) -> EntityInput:
    """Person names can hide in any kept text (an organisation named after its owner)."""
    return dataclasses.replace(
        entity,
        label=redactor.redact(entity.label)[0],
        role=redactor.redact(entity.role)[0],
        note=redactor.redact(entity.note)[0],
        name_forms=tuple(redactor.redact(f)[0] for f in entity.name_forms),
        fields=tuple(
            EntityField(f.key, redactor.redact(f.label)[0], redactor.redact(f.value)[0])
            for f in entity.fields
        ),
    )


def _relations(
    relations: Sequence[RelationInput], labels: dict[str, str], clean: Callable[[str], str]
) -> tuple[ReleasedRelation, ...]:
    return tuple(
        ReleasedRelation(labels[r.source_id], clean(r.label), labels[r.target_id], clean(r.note),
                         r.source_id, r.target_id)
        for r in relations
        if r.source_id in labels and r.target_id in labels
    )


def describe_losses(
    report: ReportInput,
    entities: Sequence[EntityInput],
    relations: Sequence[RelationInput],
    recipient_kind: str,
    *,
    fold: FoldFn | None = None,
    connected: Collection[str] = (),
) -> list[str]:
    """What a recipient of ``recipient_kind`` will not receive (empty: nothing withheld).

    For the pre-export preview; the sentences name counts and field labels, never data.
    """
    recipient = RecipientInput(code="-", name="-", kind=recipient_kind)
    view = build_release_view(report, entities, relations, recipient, fold=fold,
                              connected=connected)
    return list(view.losses)
