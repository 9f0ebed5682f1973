"""Two writers: the second gets a clear "in use" message, never a raw lock error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from sirat.errors import VaultInUse, VaultLocked, WrongPassphrase
from sirat.models.core import AuditRecord
from sirat.services import integrity
from sirat.services.access import users
from sirat.services.access.session import sign_in
from sirat.services.audit import log as audit
from sirat.vault import Vault, journal
from sirat.vault import engine as eng
from sirat.vault.backup import SLOTS_NAME
from sirat.vault.crypto import KDF_FLOOR
from sirat.vault.signin import FILE_NAME as FAILED_FILE
from tests.conftest import ADMIN, USERS, open_as
from tests.unit.vault.vault_helpers import Proc


@pytest.fixture(autouse=True)
def _short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(eng, "BUSY_TIMEOUT_S", 0.2)


@pytest.fixture
def holder(vault_path: Path) -> Iterator[Proc]:
    """Another process holding the vault's write transaction open until told to commit."""
    proc = Proc("hold", str(vault_path), "sup", env={"SIRAT_PASSPHRASE": USERS["sup"]})
    try:
        assert proc.next_line() == "ready"
        assert proc.next_line() == "held"
        yield proc
    finally:
        proc.close()


def _assert_in_use(err: pytest.ExceptionInfo[VaultInUse]) -> None:
    assert err.value.message == "The vault is in use by another SIRAT window or command."
    assert "retry" in err.value.hint
    assert "locked" not in str(err.value).lower()


def test_second_writer_in_another_process(
    admin_vault: Vault, vault_path: Path, holder: Proc
) -> None:
    slots = (vault_path / SLOTS_NAME).read_bytes()
    with pytest.raises(VaultInUse) as err, admin_vault.session(write=True) as s:
        audit.record(s, actor_id=admin_vault.info.user_id, action="test.second")
    _assert_in_use(err)
    with pytest.raises(VaultInUse) as err:
        users.add_user(admin_vault, "carol", "carol passphrase", kdf=KDF_FLOOR)
    _assert_in_use(err)
    with pytest.raises(VaultInUse):
        users.change_passphrase(admin_vault, ADMIN[1], "changed while busy", kdf=KDF_FLOOR)
    with pytest.raises(VaultInUse):
        users.remove_user(admin_vault, "bora")
    # Nothing was half-done: the key file is untouched and reading still works.
    assert (vault_path / SLOTS_NAME).read_bytes() == slots
    assert len(users.list_users(admin_vault)) == 4
    # Once the other process commits, the same write goes through.
    assert holder.popen.stdin is not None
    holder.popen.stdin.write("\n")
    holder.popen.stdin.flush()
    assert holder.next_line() == "released"
    users.add_user(admin_vault, "carol", "carol passphrase", kdf=KDF_FLOOR)


def test_second_writer_in_the_same_process(admin_vault: Vault, vault_path: Path) -> None:
    other = open_as(vault_path, "ana")
    try:
        with admin_vault.session(write=True) as s:
            audit.record(s, actor_id=admin_vault.info.user_id, action="test.first")
            with pytest.raises(VaultInUse) as err, other.session(write=True) as s2:
                audit.record(s2, actor_id=other.info.user_id, action="test.second")
            _assert_in_use(err)
        # A read session whose snapshot went stale (someone else committed) and then
        # tries to write is refused the same way.
        with pytest.raises(VaultInUse) as err:
            _write_on_a_stale_snapshot(other, admin_vault)
        _assert_in_use(err)
    finally:
        other.lock()


def _write_on_a_stale_snapshot(reader: Vault, writer: Vault) -> None:
    with reader.session() as s2:
        s2.execute(select(AuditRecord.id).limit(1)).all()
        with writer.session(write=True) as s:
            audit.record(s, actor_id=writer.info.user_id, action="test.third")
        audit.record(s2, actor_id=reader.info.user_id, action="test.fourth")


def test_sign_in_and_reading_while_another_process_writes(
    vault_path: Path, holder: Proc
) -> None:
    """A long import holds the write lock: `user list` still works, and its sign-in record
    -- with the failed attempts before it -- is kept in the journal, then folded in."""
    with pytest.raises(WrongPassphrase):
        sign_in(vault_path, "ana", "not ana's passphrase", throttle=False)
    ana = open_as(vault_path, "ana")
    try:
        assert len(users.list_users(ana)) == 4
        assert journal.names(vault_path)
        assert not (vault_path / FAILED_FILE).exists()  # they are in the journal now
    finally:
        ana.lock()
    assert holder.popen.stdin is not None
    holder.popen.stdin.write("\n")
    holder.popen.stdin.flush()
    assert holder.next_line() == "released"
    with open_as(vault_path, "admin") as admin, admin.session() as s:
        actions = [a for (a,) in s.execute(
            select(AuditRecord.action).where(AuditRecord.action.like("signin%"))
            .order_by(AuditRecord.id))]
        assert actions[-3:] == ["signin.failed", "signin", "signin"]
        assert integrity.verify(admin).ok
    assert journal.names(vault_path) == []


def test_a_vault_rekeyed_elsewhere_asks_to_sign_in_again(vault_path: Path) -> None:
    admin = open_as(vault_path, "admin")
    ana = open_as(vault_path, "ana")
    try:
        assert users.list_users(ana)
        users.rotate_key(admin)
        with pytest.raises(VaultLocked) as err:
            users.list_users(ana)
        assert "sign in again" in str(err.value).lower()
    finally:
        admin.lock()
        ana.lock()
    open_as(vault_path, "ana").lock()


def test_add_user_waits_for_no_rotation(admin_vault: Vault, vault_path: Path) -> None:
    """A user added while a rotation is half-way would lose access when it completes."""
    from sirat.vault.slots import Pending, SlotFile

    slots = SlotFile.load(vault_path / SLOTS_NAME)
    pending = Pending(slots.generation + 1, "0" * 64, {})
    type(slots).save(slots.__class__(**{**slots.__dict__, "pending": pending}),
                     vault_path / SLOTS_NAME)
    with pytest.raises(VaultInUse) as err:
        users.add_user(admin_vault, "carol", "carol passphrase", kdf=KDF_FLOOR)
    assert "rotation" in err.value.message


def test_reading_a_report_searching_and_charting_while_another_process_writes(
    vault_path: Path,
) -> None:
    """During a long import elsewhere, an analyst still opens a report, an entity, a search
    and a chart; each consultation record waits in the journal and reaches the audit log,
    in order, at the next write -- none is refused, none is lost."""
    from sirat.services.charts import network as charts
    from sirat.services.entities import records as entities
    from sirat.services.entities.types import EntityDraft, NameForm
    from sirat.services.reports import records as reports
    from sirat.services.search import fulltext as search
    from tests.unit.services.workflow.workflow_helpers import draft

    ana = open_as(vault_path, "ana")
    try:
        rid = reports.create_report(ana, draft(title="Convoy near Vidin")).id
        eid = entities.create_entity(
            ana, EntityDraft(kind="person", names=(NameForm("Ђорђе Петровић"),))).id
    finally:
        ana.lock()
    proc = Proc("hold", str(vault_path), "sup", env={"SIRAT_PASSPHRASE": USERS["sup"]})
    try:
        assert proc.next_line() == "ready"
        assert proc.next_line() == "held"
        ana = open_as(vault_path, "ana")
        try:
            assert reports.get_report(ana, rid).title == "Convoy near Vidin"
            assert entities.get_entity(ana, eid).id == eid
            assert search.search(ana, "Vidin").reports
            assert len(charts.open_chart(ana, entity_ids=[eid])) >= 1
            with pytest.raises(VaultInUse):  # a change still needs the lock
                reports.create_report(ana, draft())
        finally:
            ana.lock()
        assert proc.popen.stdin is not None
        proc.popen.stdin.write("\n")
        proc.popen.stdin.flush()
        assert proc.next_line() == "released"
    finally:
        proc.close()
    with open_as(vault_path, "admin") as admin, admin.session() as s:
        actions = [a for (a,) in s.execute(
            select(AuditRecord.action).where(AuditRecord.actor_id.is_not(None))
            .order_by(AuditRecord.id))]
        assert actions[-6:] == ["signin", "report.view", "entity.view", "search",
                                "chart.view", "signin"]
        assert integrity.verify(admin).ok
    assert journal.names(vault_path) == []
