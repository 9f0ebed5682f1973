"""Typed ids and the vocabularies of SIRAT, each written once.

Entity kinds carry one :class:`KindSpec` each (label, plural, always personal or not, the
fields that identify, the fields anyone may read, the fields and identifier types an entity
of the kind holds). Adding a kind or a field is a change here plus its tests; the release
rules in :mod:`sirat.domain.disclosure` and the entity services read these specs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final, NewType

UserId = NewType("UserId", int)
ReportId = NewType("ReportId", int)
EntityId = NewType("EntityId", int)
LinkId = NewType("LinkId", int)
RelationId = NewType("RelationId", int)
ExportId = NewType("ExportId", int)
CertificateId = NewType("CertificateId", int)
AttachmentId = NewType("AttachmentId", int)
ChartId = NewType("ChartId", int)
MergeId = NewType("MergeId", int)
CommentId = NewType("CommentId", int)


class EntityKind(StrEnum):
    PERSON = "person"
    VEHICLE = "vehicle"
    VESSEL = "vessel"
    ORGANIZATION = "organization"
    ADDRESS = "address"
    PHONE = "phone"
    IDENTITY_DOCUMENT = "identity_document"
    BANK_ACCOUNT = "bank_account"
    ONLINE_ACCOUNT = "online_account"


class RecipientKind(StrEnum):
    MEMBER_STATE = "member-state"
    OPERATIONAL_PARTNER = "operational-partner"
    OBSERVER = "observer"


class ReportStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    DISSEMINATED = "disseminated"


class Role(StrEnum):
    ANALYST = "analyst"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"


@dataclass(frozen=True, slots=True)
class KindSpec:
    """What one entity kind is, for every layer that shows, checks or releases it.

    ``identifying`` are the field keys that point at one thing in the world (a plate, an
    IMO number, a street and number); ``public`` the keys anyone may read (make, colour,
    flag, city). A key in neither list is treated as identifying (deny by default).
    """

    label: str
    plural: str
    personal: bool
    identifying: tuple[str, ...]
    public: tuple[str, ...]
    #: Placeholder for this kind's identifying values in released text.
    placeholder: str
    #: Whether the entity's own name (label, name forms) identifies it.
    named: bool = False
    #: The kind as a heading or list entry in the app ("Address / location").
    title: str = ""
    #: The role a new link of a report to this kind starts with.
    default_role: str = "mentioned"
    #: The free fields an entity of this kind holds, in the order forms show them.
    fields: tuple[str, ...] = ()
    #: The identifier types it may carry (checked, normalised and matched on).
    identifiers: tuple[str, ...] = ()


KIND_SPECS: Final[dict[EntityKind, KindSpec]] = {
    EntityKind.PERSON: KindSpec(
        "person", "persons", True,
        ("date_of_birth", "place_of_birth", "national_id", "document_number", "email"),
        (), "[PERSON]", named=True, title="Person", default_role="suspect",
        fields=("date_of_birth", "place_of_birth", "nationality", "gender"),
        identifiers=("national_id", "document_number", "email")),
    EntityKind.VEHICLE: KindSpec(
        "vehicle", "vehicles", False, ("vin", "plate", "plate_country", "registration"),
        ("make", "model", "colour", "year", "vehicle_type", "stolen"), "[VEHICLE ID]",
        title="Vehicle", default_role="vehicle_used",
        fields=("make", "model", "colour", "year", "vehicle_type", "stolen"),
        identifiers=("vin", "plate")),
    EntityKind.VESSEL: KindSpec(
        "vessel", "vessels", False, ("name", "imo", "mmsi", "call_sign"),
        ("vessel_type", "flag"), "[VESSEL ID]", named=True, title="Vessel",
        default_role="vessel_used", fields=("flag", "vessel_type"),
        identifiers=("imo", "mmsi", "call_sign")),
    EntityKind.ORGANIZATION: KindSpec(
        "organisation", "organisations", False, ("name", "registration_number"),
        ("org_type", "country"), "[ORGANISATION]", named=True, title="Organization",
        fields=("org_type", "country"), identifiers=("registration_number",)),
    EntityKind.ADDRESS: KindSpec(
        "address", "addresses", False, ("street", "full", "postcode"),
        ("city", "region", "country"), "[ADDRESS]", title="Address / location",
        default_role="location",
        fields=("full", "street", "city", "postcode", "region", "country")),
    EntityKind.PHONE: KindSpec(
        "phone number", "phone numbers", True, ("number",), ("country",), "[PHONE]",
        title="Phone", default_role="phone_used", fields=("country",),
        identifiers=("phone",)),
    EntityKind.IDENTITY_DOCUMENT: KindSpec(
        "identity document", "identity documents", True,
        ("number", "mrz", "holder", "expiry"), ("doc_type", "issuing_country"),
        "[DOCUMENT NO.]", title="Identity document", default_role="document_used",
        fields=("doc_type", "issuing_country", "expiry"),
        identifiers=("document_number", "mrz", "national_id")),
    EntityKind.BANK_ACCOUNT: KindSpec(
        "bank account", "bank accounts", True, ("iban", "account_number", "holder"),
        ("bic", "bank", "currency"), "[BANK ACCOUNT]", title="Bank account",
        default_role="account_used", fields=("bank", "currency"),
        identifiers=("iban", "account_number", "bic")),
    EntityKind.ONLINE_ACCOUNT: KindSpec(
        "online account", "online accounts", True, ("handle", "email", "url"),
        ("service",), "[ONLINE ACCOUNT]", title="Online account",
        default_role="account_used", fields=("service", "url"),
        identifiers=("handle", "email")),
}  # fmt: skip

ENTITY_KINDS: Final[tuple[str, ...]] = tuple(k.value for k in EntityKind)
RECIPIENT_KINDS: Final[tuple[str, ...]] = tuple(k.value for k in RecipientKind)
STATUSES: Final[tuple[str, ...]] = tuple(s.value for s in ReportStatus)
ROLES: Final[tuple[str, ...]] = tuple(r.value for r in Role)
#: Kinds that are personal data whatever else is known (PRODUCT.md).
PERSONAL_KINDS: Final[frozenset[str]] = frozenset(
    k.value for k, spec in KIND_SPECS.items() if spec.personal
)
#: Words for recipient kinds and staff functions, as printed.
RECIPIENT_KIND_WORDS: Final[dict[str, str]] = {
    RecipientKind.MEMBER_STATE: "Member State",
    RecipientKind.OPERATIONAL_PARTNER: "Operational Partner",
    RecipientKind.OBSERVER: "Observer",
}
ROLE_WORDS: Final[dict[str, str]] = {
    Role.ANALYST: "Analyst", Role.SUPERVISOR: "Supervisor", Role.ADMINISTRATOR: "Administrator",
}  # fmt: skip


def kind_spec(kind: str) -> KindSpec | None:
    """The spec of ``kind``, or None for a kind this version does not know."""
    try:
        return KIND_SPECS[EntityKind(kind)]
    except ValueError:
        return None
