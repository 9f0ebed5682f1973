"""Tampering probes: each is caught by ``integrity.verify`` at the right record.

The log under test: 1 vault.create, 2-4 user.add, 5 signin, 6-20 test events. Tampering is
raw SQL through the vault's engine with the append-only triggers dropped, as someone holding
the data key would do it.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from sirat.services import integrity
from sirat.services.audit import log as audit
from sirat.vault import Vault
from tests.unit.services.workflow.workflow_helpers import (
    HASHED,
    add_records,
    attacker,
    forge,
    rows,
    tamper,
)

TARGET = 9


@pytest.fixture
def vault(admin_vault: Vault) -> Vault:
    add_records(admin_vault, 15)
    assert integrity.verify(admin_vault).head_id == 20
    return admin_vault


def _broken(vault: Vault) -> audit.Break:
    result = integrity.verify(vault)
    assert not result.ok
    assert result.first_break is not None
    assert result.summary() == result.first_break.message
    return result.first_break


def test_an_intact_log_verifies(vault: Vault) -> None:
    result = integrity.verify(vault)
    assert result.ok
    assert result.first_break is None
    assert (result.checked, result.head_id) == (20, 20)
    assert result.head_hash == rows(vault)[-1]["hash"]
    assert "20 record(s)" in result.summary()


@pytest.mark.parametrize("sql", [
    "UPDATE audit_log SET action = 'x' WHERE id = 9",
    "DELETE FROM audit_log WHERE id = 20",
    "INSERT INTO audit_log (id, at, action, prev_hash, hash) VALUES (21, '', 'x', '', '')",
    "INSERT INTO audit_log (id, at, action, prev_hash, hash) VALUES (30, '', 'x', '', '')",
], ids=["update", "delete", "bad-prev-hash", "gap"])
def test_the_database_itself_refuses_to_rewrite_the_log(vault: Vault, sql: str) -> None:
    before = rows(vault)
    with pytest.raises(IntegrityError), vault.engine.begin() as conn:
        conn.execute(text(sql))
    assert rows(vault) == before


@pytest.mark.parametrize(("column", "value"), [
    ("at", "2020-01-01T00:00:00.000000+00:00"),
    ("actor_id", 3),
    ("action", "report.view"),
    ("object_type", "entity"),
    ("object_id", "999"),
    ("details", '{"n":99}'),
])
def test_changing_one_field_is_caught_at_that_record(vault: Vault, column: str,
                                                     value: object) -> None:
    tamper(vault, f"UPDATE audit_log SET {column} = :v WHERE id = :i", v=value, i=TARGET)
    brk = _broken(vault)
    assert (brk.record_id, brk.problem) == (TARGET, "hash")
    assert f"Record {TARGET} is broken" in brk.message
    assert "changed" in brk.message


def test_changing_the_stored_hash_is_caught_at_that_record(vault: Vault) -> None:
    tamper(vault, "UPDATE audit_log SET hash = :h WHERE id = :i", h="ab" * 32, i=TARGET)
    # Record 9's own hash no longer matches its content.
    brk = _broken(vault)
    assert (brk.record_id, brk.problem) == (TARGET, "hash")


def test_changing_the_previous_hash_is_caught_at_that_record(vault: Vault) -> None:
    tamper(vault, "UPDATE audit_log SET prev_hash = :h WHERE id = :i", h="ab" * 32, i=TARGET)
    brk = _broken(vault)
    assert (brk.record_id, brk.problem) == (TARGET, "prev-hash")


def test_a_forged_replacement_is_caught_at_the_next_record(vault: Vault) -> None:
    """Record 9 replaced by a self-consistent forgery: record 10 no longer points to it."""
    old = next(r for r in rows(vault) if r["id"] == TARGET)
    fake = forge({**{k: old[k] for k in HASHED}, "action": "report.view"})
    tamper(vault, "UPDATE audit_log SET action = :a, hash = :h WHERE id = :i",
           a=fake["action"], h=fake["hash"], i=TARGET)
    brk = _broken(vault)
    assert (brk.record_id, brk.problem) == (TARGET + 1, "prev-hash")
    assert f"does not point to record {TARGET}" in brk.message


def test_deleting_a_record_is_caught_at_its_id(vault: Vault) -> None:
    tamper(vault, "DELETE FROM audit_log WHERE id = :i", i=TARGET)
    brk = _broken(vault)
    assert (brk.record_id, brk.problem) == (TARGET, "missing")
    assert f"record {TARGET} is missing" in brk.message


def test_deleting_several_records_names_the_first(vault: Vault) -> None:
    tamper(vault, "DELETE FROM audit_log WHERE id BETWEEN 9 AND 12")
    brk = _broken(vault)
    assert (brk.record_id, brk.problem) == (9, "missing")
    assert "records 9 to 12 are missing" in brk.message


def test_deleting_the_first_record_is_caught(vault: Vault) -> None:
    tamper(vault, "DELETE FROM audit_log WHERE id = 1")
    assert (_broken(vault).record_id, _broken(vault).problem) == (1, "missing")


def test_deleting_a_record_and_closing_the_gap_is_caught_there(vault: Vault) -> None:
    tamper(vault, "DELETE FROM audit_log WHERE id = :i",
           "UPDATE audit_log SET id = -(id - 1) WHERE id > :i",
           "UPDATE audit_log SET id = -id WHERE id < 0", i=TARGET)
    brk = _broken(vault)
    assert (brk.record_id, brk.problem) == (TARGET, "prev-hash")


def _insert_at(vault: Vault, fake: dict[str, object]) -> None:
    with attacker(vault) as conn:
        conn.execute(text("UPDATE audit_log SET id = -(id + 1) WHERE id >= :i"), {"i": TARGET})
        conn.execute(text("UPDATE audit_log SET id = -id WHERE id < 0"))
        conn.execute(text(
            "INSERT INTO audit_log (id, at, actor_id, action, object_type, object_id, details,"
            " prev_hash, hash) VALUES (:id, :at, :actor_id, :action, :object_type, :object_id,"
            " :details, :prev_hash, :hash)"), fake)


def _fake_fields(vault: Vault) -> dict[str, object]:
    before = next(r for r in rows(vault) if r["id"] == TARGET - 1)
    return {"id": TARGET, "at": before["at"], "actor_id": 2, "action": "report.view",
            "object_type": "report", "object_id": "1", "details": "{}",
            "prev_hash": before["hash"]}


def test_inserting_a_forged_record_is_caught_at_it(vault: Vault) -> None:
    """A record with a correct hash slipped in before record 9 (the rest renumbered)."""
    _insert_at(vault, forge(_fake_fields(vault)))
    assert len(rows(vault)) == 21
    brk = _broken(vault)
    assert (brk.record_id, brk.problem) == (TARGET, "inserted")
    assert f"Record {TARGET} is broken: it was inserted" in brk.message


def test_inserting_a_careless_record_is_caught_at_it(vault: Vault) -> None:
    _insert_at(vault, {**_fake_fields(vault), "hash": "0" * 64})
    brk = _broken(vault)
    assert (brk.record_id, brk.problem) == (TARGET, "hash")


@pytest.mark.parametrize("other", [TARGET + 1, TARGET + 4])
def test_reordering_two_records_is_caught_at_the_first(vault: Vault, other: int) -> None:
    tamper(vault, "UPDATE audit_log SET id = -1 WHERE id = :a",
           "UPDATE audit_log SET id = :a WHERE id = :b",
           "UPDATE audit_log SET id = :b WHERE id = -1", a=TARGET, b=other)
    brk = _broken(vault)
    assert (brk.record_id, brk.problem) == (TARGET, "prev-hash")


def test_records_appended_through_the_service_keep_the_chain(vault: Vault) -> None:
    add_records(vault, 3)
    assert integrity.verify(vault).ok
    assert integrity.verify(vault).head_id == 23


def test_tampering_with_the_tail_or_rewriting_needs_a_checkpoint(vault: Vault) -> None:
    """Without a checkpoint, a cut tail and a consistent rewrite look like an intact log.
    (Caught against a checkpoint: see test_audit_checkpoint.py.)"""
    tamper(vault, "DELETE FROM audit_log WHERE id > 15")
    assert integrity.verify(vault).ok
