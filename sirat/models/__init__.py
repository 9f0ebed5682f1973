"""SQLAlchemy 2.x typed ORM models. Nothing here knows SQLCipher or Qt."""

from sirat.models.base import Base
from sirat.models.core import AuditRecord, User, VaultMeta

__all__ = ["AuditRecord", "Base", "User", "VaultMeta"]
