"""The UI's one operation helper, Op[T]: outcomes reach the GUI thread typed, stale ones are
dropped (a lock, a newer op of the same kind), and what an op changed -- what the
transactions it committed said they changed, never declared by the UI -- is announced once."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from sirat.domain.changes import Changes
from sirat.errors import Conflict
from sirat.ui.tasks import CPU, Tasks
from sirat.vault import changes as committed
from tests.ui.conftest import wait_idle


def _commits(changes: Changes, result: int) -> int:
    """A service call whose transaction committed ``changes`` (as ``Vault.session`` does)."""
    committed.committed(changes)
    return result


def _heard(tasks: Tasks) -> list[Changes]:
    heard: list[Changes] = []
    tasks.changed.connect(heard.append)
    return heard


def test_a_result_and_what_it_changed_reach_the_gui_thread(qtbot: QtBot, tasks: Tasks) -> None:
    heard = _heard(tasks)
    got: list[int] = []
    with qtbot.waitSignal(tasks.changed, timeout=10_000):
        tasks.run(lambda: _commits(Changes.of_reports(42), 41 + 1), on_success=got.append,
                  worker=CPU)
    assert got == [42]
    assert heard == [Changes.of_reports(42)]
    assert heard[0].only_report() == 42
    assert heard[0].touches_report(42)


def test_a_failed_op_changes_nothing_and_says_why(qtbot: QtBot, tasks: Tasks) -> None:
    heard = _heard(tasks)
    errors: list[str] = []

    def refuse() -> int:
        raise Conflict("Someone saved this report meanwhile.", "Reload it.")

    tasks.run(refuse, on_failure=lambda e: errors.append(e.message))
    wait_idle(qtbot, tasks)
    assert errors == ["Someone saved this report meanwhile."]
    assert heard == []


def test_a_lock_drops_the_outcome_and_the_announcement(qtbot: QtBot, tasks: Tasks) -> None:
    heard = _heard(tasks)
    got: list[int] = []
    tasks.run(lambda: _commits(Changes.of_reports(1), 1), on_success=got.append)
    tasks.cancel_callbacks()  # what the lock does before it forgets the keys
    wait_idle(qtbot, tasks)
    assert got == []
    assert heard == []


def test_a_newer_op_of_the_same_kind_supersedes_an_older_one(qtbot: QtBot,
                                                             tasks: Tasks) -> None:
    owner, other = QObject(), QObject()
    got: list[str] = []
    tasks.run(lambda: "old", on_success=got.append, owner=owner, latest="query")
    tasks.run(lambda: "other owner", on_success=got.append, owner=other, latest="query")
    tasks.run(lambda: "new", on_success=got.append, owner=owner, latest="query")
    wait_idle(qtbot, tasks)
    assert got == ["other owner", "new"]


def test_a_superseded_op_that_changed_data_still_says_so(qtbot: QtBot, tasks: Tasks) -> None:
    heard = _heard(tasks)
    owner = QObject()
    tasks.run(lambda: _commits(Changes.of_reports(1), 1), owner=owner, latest="save")
    tasks.run(lambda: _commits(Changes.of_reports(2), 2), owner=owner, latest="save")
    wait_idle(qtbot, tasks)
    assert heard == [Changes.of_reports(1), Changes.of_reports(2)]


def test_a_change_is_announced_even_when_its_window_is_gone(qtbot: QtBot,
                                                            tasks: Tasks) -> None:
    heard = _heard(tasks)
    got: list[int] = []
    owner = QObject()
    tasks.run(lambda: _commits(Changes.of_entities(7), 7), on_success=got.append, owner=owner)
    shiboken6.delete(owner)  # closed before the vault answered
    wait_idle(qtbot, tasks)
    assert got == []  # nobody left to show it to
    assert heard == [Changes.of_entities(7)]  # but the list elsewhere must still refresh


def test_an_op_that_committed_nothing_announces_nothing(qtbot: QtBot, tasks: Tasks) -> None:
    heard = _heard(tasks)
    got: list[int] = []
    tasks.run(lambda: 3, on_success=got.append)
    wait_idle(qtbot, tasks)
    assert got == [3]
    assert heard == []


def test_what_one_op_committed_is_not_told_to_the_next(qtbot: QtBot, tasks: Tasks) -> None:
    heard = _heard(tasks)
    tasks.run(lambda: _commits(Changes.of_reports(5), 5))
    tasks.run(lambda: 6)
    wait_idle(qtbot, tasks)
    assert heard == [Changes.of_reports(5)]


def test_changes_merge_and_know_when_they_are_empty() -> None:
    merged = Changes.of_reports(1) | Changes(reference=True) | Changes.of_reports(2)
    assert merged.reports == {1, 2}
    assert merged.reference
    assert merged.only_report() is None
    assert Changes().empty
    assert not merged.empty
