"""The encrypted vault: the only package that knows SQLCipher.

A vault is a folder holding ``vault.db`` (one SQLCipher 4 database, keyed with a random
256-bit data key given as a raw key) and ``keyslots.json`` (per-user key slots).
"""

from sirat.vault.core import Vault, VaultInfo
from sirat.vault.crypto import KdfParams

__all__ = ["KdfParams", "Vault", "VaultInfo"]
