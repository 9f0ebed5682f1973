"""The encrypted vault: the only package that knows SQLCipher.

A vault is a folder holding ``vault.db`` (one SQLCipher 4 database, keyed with a random
256-bit data key given as a raw key) and ``keyslots.json`` (per-user key slots).

``Vault``, ``VaultInfo`` and ``KdfParams`` are loaded on first use (PEP 562): a light
module of this package (:mod:`sirat.vault.folder`, which the sign-in window uses before any
vault is open) must not pull SQLAlchemy, SQLCipher and the KDF into the process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sirat.vault.core import Vault, VaultInfo
    from sirat.vault.crypto import KdfParams
else:

    def __getattr__(name: str) -> Any:
        if name in ("Vault", "VaultInfo"):
            from sirat.vault import core

            return getattr(core, name)
        if name == "KdfParams":
            from sirat.vault.crypto import KdfParams

            return KdfParams
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["KdfParams", "Vault", "VaultInfo"]
