"""Signing keys kept for a sign-in session: only its owner's session, forgotten at lock, never
under another certificate's name; a wrong passphrase is still refused."""

from __future__ import annotations

import threading

import pytest

from sirat.errors import NotFound, PermissionDenied
from sirat.export.errors import CertificateError
from sirat.export.sign import LoadedSigner
from sirat.export.verify import verify_pdf
from sirat.services.dissemination import certificates, unlocked
from sirat.services.dissemination import exporting as dissemination
from sirat.services.dissemination.certificates import SealedCertificate
from tests.conftest import open_as
from tests.unit.services.dissemination.dissem_data import Team
from tests.unit.services.dissemination.test_export_from_vault import _report_id

PASS = "certificate passphrase ΩЖ"


def _opened(team: Team) -> tuple[SealedCertificate, LoadedSigner]:
    made = certificates.create_test_certificate(team["admin"], PASS, owner="ana")
    sealed = certificates.sealed_certificate(team["ana"], made.id)
    signer = certificates.unlock_certificate(sealed, PASS)
    unlocked.keep(team["ana"], sealed, signer)
    return sealed, signer


def test_a_kept_key_signs_the_next_export_without_its_passphrase(team: Team) -> None:
    sealed, signer = _opened(team)

    again = certificates.sealed_certificate(team["ana"], sealed.id)  # read anew, as the app does
    kept = unlocked.kept(team["ana"], again)

    assert kept is signer
    assert unlocked.is_kept(team["ana"], int(sealed.id))
    result = dissemination.export_report(team["ana"], _report_id(team), "BG", sign_with=kept)
    assert result.entry.signed
    assert result.entry.certificate_id == sealed.id
    assert verify_pdf(result.pdf_bytes, certificates.trust_anchors(team["ana"])).intact


def test_the_lock_forgets_every_kept_key(team: Team) -> None:
    sealed, _ = _opened(team)
    ana = team["ana"]

    ana.lock()

    assert unlocked.kept(ana, sealed) is None
    assert not unlocked.is_kept(ana, int(sealed.id))


def test_the_same_user_signed_in_again_is_asked_again(team: Team) -> None:
    sealed, _ = _opened(team)
    team["ana"].lock()

    again = open_as(team.path, "ana")
    try:
        fresh = certificates.sealed_certificate(again, sealed.id)
        assert unlocked.kept(again, fresh) is None
    finally:
        again.lock()


def test_another_user_never_gets_the_kept_key(team: Team) -> None:
    sealed, _ = _opened(team)

    # Another user of the same vault, signed in in the same process: neither through the
    # stored certificate (owner only) nor by presenting ana's sealed copy.
    with pytest.raises(PermissionDenied):
        certificates.sealed_certificate(team["sup"], sealed.id)
    assert unlocked.kept(team["sup"], sealed) is None
    assert not unlocked.is_kept(team["sup"], int(sealed.id))
    # A second session of ana herself (another window, another process's worth) neither.
    other = open_as(team.path, "ana")
    try:
        assert unlocked.kept(other, sealed) is None
    finally:
        other.lock()


def test_a_removed_or_replaced_certificate_is_not_signed_with(team: Team) -> None:
    sealed, _ = _opened(team)
    certificates.remove_certificate(team["ana"], sealed.id)

    with pytest.raises(NotFound):
        certificates.sealed_certificate(team["ana"], sealed.id)  # the app's way in
    # Same id, another certificate (what a re-import into a rebuilt vault would look like).
    impostor = SealedCertificate(sealed.id, "00" * 32, sealed.pkcs12)
    assert unlocked.kept(team["ana"], impostor) is None


def test_a_key_is_never_kept_under_another_certificates_name(team: Team) -> None:
    sealed, signer = _opened(team)
    other = certificates.create_test_certificate(team["admin"], PASS, owner="ana")
    other_sealed = certificates.sealed_certificate(team["ana"], other.id)

    unlocked.keep(team["ana"], other_sealed, signer)  # the signer of the first certificate

    assert unlocked.kept(team["ana"], other_sealed) is None
    assert unlocked.kept(team["ana"], sealed) is signer


def test_a_wrong_passphrase_is_still_refused_while_a_key_is_kept(team: Team) -> None:
    sealed, _ = _opened(team)

    with pytest.raises(CertificateError, match="passphrase is wrong"):
        certificates.unlock_certificate(sealed, "not the passphrase")
    with pytest.raises(CertificateError, match="passphrase is wrong"):
        certificates.load_signer(team["ana"], sealed.id, "not the passphrase")


def test_a_key_kept_while_the_lock_runs_is_forgotten_at_once(team: Team) -> None:
    made = certificates.create_test_certificate(team["admin"], PASS, owner="ana")
    ana = team["ana"]
    sealed = certificates.sealed_certificate(ana, made.id)
    signer = certificates.unlock_certificate(sealed, PASS)
    # The export's CPU worker finishes after the user locked (idle lock mid-export).
    ana.lock()

    unlocked.keep(ana, sealed, signer)

    assert unlocked.kept(ana, sealed) is None


def test_keeping_and_locking_from_two_threads_never_leaves_a_key(team: Team) -> None:
    made = certificates.create_test_certificate(team["admin"], PASS, owner="ana")
    ana = team["ana"]
    sealed = certificates.sealed_certificate(ana, made.id)
    signer = certificates.unlock_certificate(sealed, PASS)
    start = threading.Barrier(2)

    def keep_many() -> None:
        start.wait()
        for _ in range(200):
            unlocked.keep(ana, sealed, signer)

    worker = threading.Thread(target=keep_many)
    worker.start()
    start.wait()
    ana.lock()
    worker.join()

    assert unlocked.kept(ana, sealed) is None


def test_the_lock_drops_the_sessions_entry_itself(team: Team) -> None:
    made = certificates.create_test_certificate(team["admin"], PASS, owner="ana")
    vault = open_as(team.path, "ana")
    sealed = certificates.sealed_certificate(vault, made.id)
    unlocked.keep(vault, sealed, certificates.unlock_certificate(sealed, PASS))
    assert vault in unlocked._kept

    vault.lock()

    assert vault not in unlocked._kept  # no empty shell keyed by a locked session either
