"""Signed checkpoints: a cut tail and a consistent rewrite of the whole chain are caught."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import text

from sirat.errors import PermissionDenied, SiratError, WrongPassphrase
from sirat.services import integrity
from sirat.services.access import users
from sirat.services.access.session import create_vault, sign_in
from sirat.services.audit import checkpoint
from sirat.services.audit import log as audit
from sirat.vault import Vault
from sirat.vault.crypto import KDF_FLOOR
from tests.conftest import ADMIN, USERS, open_as
from tests.unit.services.workflow.workflow_helpers import (
    add_records,
    audit_count,
    last_record,
    rechain,
    rows,
    tamper,
)


@pytest.fixture
def vault(admin_vault: Vault) -> Vault:
    add_records(admin_vault, 15)
    return admin_vault


def _take(vault: Vault) -> checkpoint.Checkpoint:
    return checkpoint.parse(checkpoint.checkpoint(vault, USERS[vault.info.user_name]), "cp")


def test_a_checkpoint_records_the_signed_head(vault: Vault) -> None:
    before = audit_count(vault)
    data = checkpoint.checkpoint(vault, ADMIN[1])
    assert audit_count(vault) == before + 1
    head = last_record(vault)
    assert (head.action, head.actor_id, head.object_type) == (
        "audit.checkpoint", vault.info.user_id, "audit")
    cp = checkpoint.parse(data)
    assert cp.signature_valid
    assert (cp.last_id, cp.last_hash, cp.count) == (head.id, head.hash, head.id)
    assert cp.vault_id == vault.info.vault_id
    assert cp.created_at == head.at
    assert cp.signer_user_id == vault.info.user_id
    assert cp.stride == 1
    assert [i for i, _ in cp.marks] == list(range(1, head.id + 1))
    keys = checkpoint.signing_keys(vault)
    assert [k.fingerprint for k in keys] == [cp.fingerprint]
    assert json.loads(head.details) == {"key": keys[0].id, "new_key": True}
    # No personal data: ids, hashes and the public key only.
    assert b"admin" not in data.replace(b"sirat-audit-checkpoint", b"")
    assert integrity.verify(vault, [data]).ok


def test_the_key_is_registered_once_and_survives_passphrase_change_and_rotation(
    vault: Vault,
) -> None:
    first = _take(vault)
    users.change_passphrase(vault, ADMIN[1], "a brand new passphrase", kdf=KDF_FLOOR)
    users.rotate_key(vault)
    second = checkpoint.parse(checkpoint.checkpoint(vault, "a brand new passphrase"))
    assert second.fingerprint == first.fingerprint
    assert len(checkpoint.signing_keys(vault)) == 1
    assert json.loads(last_record(vault).details) == {"key": 1}
    assert integrity.verify(vault, [first, second]).ok


def test_each_administrator_has_their_own_key(vault: Vault) -> None:
    users.add_user(vault, "root2", "second admin passphrase", "administrator", kdf=KDF_FLOOR)
    mine = _take(vault)
    other = sign_in(vault.path, "root2", "second admin passphrase", throttle=False)
    try:
        theirs = checkpoint.parse(checkpoint.checkpoint(other, "second admin passphrase"))
    finally:
        other.lock()
    assert mine.fingerprint != theirs.fingerprint
    assert integrity.verify(vault, [mine, theirs]).ok


def test_signing_needs_the_administrators_own_passphrase(vault: Vault) -> None:
    before = audit_count(vault)
    with pytest.raises(WrongPassphrase):
        checkpoint.checkpoint(vault, USERS["sup"])
    assert audit_count(vault) == before


@pytest.mark.parametrize("name", ["ana", "sup"])
def test_only_administrators_checkpoint_verify_and_list(vault_path: Path, name: str) -> None:
    v = open_as(vault_path, name)
    try:
        for call in (lambda: checkpoint.checkpoint(v, USERS[name]), lambda: integrity.verify(v),
                     lambda: audit.list_records(v), lambda: checkpoint.signing_keys(v)):
            with pytest.raises(PermissionDenied, match="administrator"):
                call()
    finally:
        v.lock()


def test_a_broken_log_is_not_checkpointed(vault: Vault) -> None:
    tamper(vault, "UPDATE audit_log SET action = 'x' WHERE id = 7")
    with pytest.raises(audit.AuditBroken, match="Record 7 is broken"):
        checkpoint.checkpoint(vault, ADMIN[1])


def test_truncating_the_tail_is_caught_against_a_checkpoint(vault: Vault) -> None:
    cp = _take(vault)  # record 21
    add_records(vault, 2)
    tamper(vault, "DELETE FROM audit_log WHERE id > 17")
    assert integrity.verify(vault).ok  # the chain alone cannot tell
    result = integrity.verify(vault, [cp])
    assert not result.ok
    assert result.first_break is not None
    assert (result.first_break.record_id, result.first_break.problem) == (18, "truncated")
    assert "records 18 to 21 were removed" in result.first_break.message
    assert result.checkpoints[0].message == "the log was truncated."


def test_rewriting_the_whole_chain_is_caught_against_a_checkpoint(vault: Vault) -> None:
    cp = _take(vault)
    add_records(vault, 2)
    tamper(vault, "UPDATE audit_log SET object_id = '999' WHERE id = 9")
    rechain(vault, 9)
    assert integrity.verify(vault).ok  # consistent: only a checkpoint can tell
    result = integrity.verify(vault, [cp])
    assert result.first_break is not None
    assert (result.first_break.record_id, result.first_break.problem) == (9, "rewritten")
    assert "rewritten from this record on" in result.first_break.message
    assert "Record 9 is broken" in result.summary()


def test_rewriting_then_cutting_the_tail_names_the_rewrite(vault: Vault) -> None:
    cp = _take(vault)
    tamper(vault, "DELETE FROM audit_log WHERE id > 15",
           "UPDATE audit_log SET details = '{}' WHERE id = 12")
    rechain(vault, 12)
    brk = integrity.verify(vault, [cp]).first_break
    assert brk is not None
    assert (brk.record_id, brk.problem) == (12, "rewritten")


def test_the_earliest_problem_wins_over_checkpoint_findings(vault: Vault) -> None:
    cp = _take(vault)
    tamper(vault, "UPDATE audit_log SET action = 'x' WHERE id = 6",
           "DELETE FROM audit_log WHERE id > 18")
    brk = integrity.verify(vault, [cp]).first_break
    assert brk is not None
    assert (brk.record_id, brk.problem) == (6, "hash")


def test_a_long_log_is_located_between_marks(vault: Vault) -> None:
    add_records(vault, 600)  # 621 records: marks every 4th record
    cp = _take(vault)
    assert cp.stride == 4
    assert len(cp.marks) <= checkpoint.MAX_MARKS
    tamper(vault, "UPDATE audit_log SET object_id = 'x' WHERE id = 301")
    rechain(vault, 301)
    brk = integrity.verify(vault, [cp]).first_break
    assert brk is not None
    assert (brk.record_id, brk.problem) == (304, "rewritten")
    assert "somewhere after record 300" in brk.message


def test_an_altered_checkpoint_file_fails(vault: Vault) -> None:
    doc = json.loads(checkpoint.checkpoint(vault, ADMIN[1]))
    doc["payload"]["last_id"] -= 3
    cp = checkpoint.parse(json.dumps(doc).encode(), "edited")
    assert not cp.signature_valid
    result = integrity.verify(vault, [cp])
    assert not result.ok
    assert result.first_break is None
    assert result.summary() == ("Checkpoint edited: its signature does not verify: the file "
                                "was altered.")


def test_a_checkpoint_of_another_vault_fails(vault: Vault, tmp_path: Path) -> None:
    other = create_vault(tmp_path / "other", "admin", ADMIN[1], kdf=KDF_FLOOR)
    try:
        foreign = checkpoint.checkpoint(other, ADMIN[1])
    finally:
        other.lock()
    check = integrity.verify(vault, [foreign]).checkpoints[0]
    assert not check.ok
    assert check.message == "it belongs to another vault."


def _forge(vault: Vault, cp: checkpoint.Checkpoint) -> bytes:
    """What someone with the data key but not the administrator's passphrase can make:
    a checkpoint of the current (rewritten) head, signed by a key of their own that they
    also register in the vault."""
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(serialization.Encoding.Raw,
                                           serialization.PublicFormat.Raw)
    head = rows(vault)[-1]
    payload = {
        "vault_id": cp.vault_id, "last_id": head["id"], "last_hash": head["hash"],
        "count": head["id"], "created_at": cp.created_at,
        "signer": {"user_id": cp.signer_user_id, "public_key": public.hex(),
                   "fingerprint": checkpoint.fingerprint(public)},
        "marks": {"stride": 1, "hashes": [[r["id"], r["hash"]] for r in rows(vault)]},
    }
    with vault.engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_signing_keys (user_id, public_key, fingerprint, "
                          "created_at) VALUES (:u, :p, :f, '')"),
                     {"u": cp.signer_user_id, "p": public,
                      "f": checkpoint.fingerprint(public)})
    doc = {"format": checkpoint.FORMAT, "format_version": checkpoint.FORMAT_VERSION,
           "payload": payload,
           "signature": key.sign(checkpoint.signed_message(payload)).hex()}
    return json.dumps(doc).encode()


def test_a_forged_checkpoint_fails_against_the_fingerprint_recorded_out_of_band(
    vault: Vault,
) -> None:
    genuine = _take(vault)
    tamper(vault, "UPDATE audit_log SET actor_id = 3 WHERE id = 9")
    rechain(vault, 9)
    forged = _forge(vault, genuine)
    # Trusting whatever the vault's key table says accepts the forgery ...
    assert integrity.verify(vault, [forged]).ok
    # ... the fingerprint recorded out of band does not,
    result = integrity.verify(vault, [forged], trusted=[genuine.fingerprint])
    assert not result.ok
    assert "not among the keys you trust" in result.summary()
    # and the genuine checkpoint still names the rewritten record.
    brk = integrity.verify(vault, [genuine, forged], trusted=[genuine.fingerprint]).first_break
    assert brk is not None
    assert (brk.record_id, brk.problem) == (9, "rewritten")


def test_a_checkpoint_key_unknown_to_the_vault_needs_trust(vault: Vault) -> None:
    cp = _take(vault)
    with vault.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_signing_keys"))
    check = integrity.verify(vault, [cp]).checkpoints[0]
    assert not check.ok
    assert not check.key_registered
    assert "this vault does not know" in check.message
    spaced = checkpoint.format_fingerprint(cp.fingerprint).upper()
    assert integrity.verify(vault, [cp], trusted=[spaced]).ok


@pytest.mark.parametrize("data", [b"", b"{}", b"not json", b'{"format": "other"}',
                                  b'{"format": "sirat-audit-checkpoint", "format_version": 1}'])
def test_a_file_that_is_not_a_checkpoint_is_refused(data: bytes) -> None:
    with pytest.raises(SiratError, match="is not a SIRAT audit checkpoint"):
        checkpoint.parse(data, "x.json")
