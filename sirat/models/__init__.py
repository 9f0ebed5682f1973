"""SQLAlchemy 2.x typed ORM models. Nothing here knows SQLCipher or Qt."""

from sirat.domain.vocab import (
    ENTITY_KINDS,
    RECIPIENT_KINDS,
    STATUSES,
    EntityId,
    LinkId,
    RelationId,
    ReportId,
    UserId,
)
from sirat.models.analysis import AnalysisProduct as AnalysisProduct
from sirat.models.attachment import Attachment as Attachment
from sirat.models.base import Base
from sirat.models.chart import Chart as Chart
from sirat.models.core import AuditRecord, User, VaultMeta
from sirat.models.dissemination import DisseminationRecord as DisseminationRecord
from sirat.models.entity import (
    Entity,
    EntityIdentifier,
    EntityName,
    EntityRelation,
    IdentifierOverride,
    ReportEntity,
)
from sirat.models.exchange import (
    ExchangePartner as ExchangePartner,
)
from sirat.models.exchange import ExchangePartnerCertificate as ExchangePartnerCertificate
from sirat.models.exchange import (
    ExchangeReceived as ExchangeReceived,
)
from sirat.models.exchange import (
    ExchangeReceivedReport as ExchangeReceivedReport,
)
from sirat.models.exchange import ExchangeSent as ExchangeSent
from sirat.models.exchange import SheetMapping as SheetMapping
from sirat.models.exchange import WorkstationKeys as WorkstationKeys
from sirat.models.reference import (
    Classification,
    CrimeArea,
    Grade,
    GradingScheme,
    HandlingCodeRef,
    LinkRole,
    Recipient,
    RelationType,
)
from sirat.models.report import Report, ReportCounter, ReportVersion
from sirat.models.search import EntityMerge as EntityMerge
from sirat.models.trust import ApprovalKey as ApprovalKey
from sirat.models.trust import ReportApproval as ReportApproval
from sirat.models.trust import ReportProvenance as ReportProvenance
from sirat.models.workflow import AuditSigningKey as AuditSigningKey
from sirat.models.workflow import ReportComment as ReportComment

__all__ = [
    "ENTITY_KINDS",
    "RECIPIENT_KINDS",
    "STATUSES",
    "AuditRecord",
    "Base",
    "Classification",
    "CrimeArea",
    "Entity",
    "EntityId",
    "EntityIdentifier",
    "EntityName",
    "EntityRelation",
    "Grade",
    "GradingScheme",
    "HandlingCodeRef",
    "IdentifierOverride",
    "LinkId",
    "LinkRole",
    "Recipient",
    "RelationId",
    "RelationType",
    "Report",
    "ReportCounter",
    "ReportEntity",
    "ReportId",
    "ReportVersion",
    "User",
    "UserId",
    "VaultMeta",
]
