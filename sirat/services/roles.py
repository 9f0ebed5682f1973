"""Who may do what by role: the one check every service asks (``require_role(vault, ...)``).

At the bottom of the services (it imports no other service), so the audit log, the reference
tables and the user management can all ask it without importing each other.
"""

from __future__ import annotations

from sirat.errors import PermissionDenied
from sirat.vault import Vault


def require_role(vault: Vault, *roles: str) -> None:
    if vault.info.role not in roles:
        wanted = " or ".join(roles)
        raise PermissionDenied(
            f"Only an {wanted} can do this; you are signed in as {vault.info.role}.",
            "Ask a colleague with that role.",
        )


def refuse_administrator(vault: Vault, doing: str) -> None:
    """Administrators keep users, keys and reference data; what they would bring into the
    vault as reports or entities would be stranded (they cannot submit, nobody else may
    edit it). Refused before anything is read or written."""
    if vault.info.role == "administrator":
        raise PermissionDenied(
            f"Administrators manage users, keys and certificates and cannot {doing}.",
            "Sign in as an analyst to do it.",
        )
