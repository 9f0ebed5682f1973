"""Signing keys unlocked in this sign-in session: asked once, forgotten at lock.

Opening a stored certificate costs its passphrase and ~0.2 s of CPU (PBKDF2, 300,000
rounds; :mod:`sirat.services.dissemination.certificates`). Once its owner has opened it, the
parsed key stays in this process's memory -- never on disk, never in another user's session
-- until the vault is locked (by hand, when idle, or at exit), so the next export in the
same session signs without asking again.

Rules (tests in ``tests/unit/services/dissemination/test_unlocked.py``):

* a key is kept per unlocked :class:`~sirat.vault.Vault` object, that is per sign-in: another
  user, or the same user after a lock, starts with none;
* it is found only through :func:`sealed_certificate` (owner, still active): a certificate
  removed or re-imported since is asked for again;
* :meth:`Vault.lock <sirat.vault.Vault.lock>` forgets every key of that vault (its lock hook),
  also when the key is being stored while the lock runs;
* a passphrase typed anyway is checked as before (a wrong one is refused, the kept key stays
  the one its owner opened).
"""

from __future__ import annotations

import threading
import weakref

from sirat.domain.vocab import CertificateId
from sirat.export.sign import LoadedSigner
from sirat.services.dissemination.certificates import SealedCertificate
from sirat.vault import Vault

_lock = threading.Lock()
# Per vault object: (certificate id, fingerprint) -> the unlocked signer. Weak, so a vault
# object dropped without a lock does not keep its keys alive either.
_kept: weakref.WeakKeyDictionary[Vault, dict[tuple[int, str], LoadedSigner]] = (
    weakref.WeakKeyDictionary()
)


def _key(sealed: SealedCertificate) -> tuple[int, str]:
    return int(sealed.id), sealed.fingerprint


def keep(vault: Vault, sealed: SealedCertificate, signer: LoadedSigner) -> None:
    """Keep ``signer`` (opened from ``sealed`` by its owner) until ``vault`` is locked."""
    if signer.info.fingerprint_sha256 != sealed.fingerprint:
        return  # not the certificate it claims to be: never keep it under that name
    with _lock:
        first = vault not in _kept
        _kept.setdefault(vault, {})[_key(sealed)] = signer
    if first:
        # After storing: a lock already under way calls this at once (Vault.on_lock).
        vault.on_lock(lambda: forget(vault))


def kept(vault: Vault, sealed: SealedCertificate) -> LoadedSigner | None:
    """The signer kept for ``sealed`` in this sign-in session, if any."""
    with _lock:
        return _kept.get(vault, {}).get(_key(sealed))


def is_kept(vault: Vault, certificate_id: CertificateId) -> bool:
    """Whether a key of certificate ``certificate_id`` is kept (the dialog's hint only:
    signing still goes through :func:`sealed_certificate` and :func:`kept`)."""
    with _lock:
        return any(cid == certificate_id for cid, _ in _kept.get(vault, {}))


def forget(vault: Vault) -> None:
    """Drop every key kept for ``vault`` (its lock calls this)."""
    with _lock:
        _kept.pop(vault, None)
