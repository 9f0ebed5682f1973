"""Exports of the timeline and the map replace a file atomically (the old file or the new one,
never a mix, no temp file left), and a folder that cannot be written, a link or a folder as
the target is a message in the view's status line -- never a silent success recorded in the
audit trail. Real windows on a real vault; the failure is injected at the rename."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import errno
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import sirat.files
from sirat.ui.main_window import MainWindow
from sirat.ui.map.window import MapWindow
from sirat.ui.timeline.window import TimelineWindow
from tests.ui.conftest import wait_idle
from tests.ui.timeline.test_map_view import open_map
from tests.ui.timeline.test_timeline_view import open_timeline

FORMATS = ("png", "svg", "pdf")


def _views(qtbot: QtBot, main: MainWindow) -> list[TimelineWindow | MapWindow]:
    return [open_timeline(qtbot, main), open_map(qtbot, main)]


def _recorded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The exports the views record in the audit trail (the record follows the file)."""
    seen: list[str] = []
    for module in ("sirat.ui.timeline.window", "sirat.ui.map.window"):
        monkeypatch.setattr(f"{module}.record_export",
                            lambda _vault, view, **kw: seen.append(f"{view}.{kw['fmt']}"))
    return seen


def test_a_failure_mid_write_leaves_the_old_file_whole(
        qtbot: QtBot, main: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    views = _views(qtbot, main)
    recorded = _recorded(monkeypatch)

    def crash(*_args: object) -> None:
        raise OSError(errno.EIO, "I/O error")  # the machine dies before the rename

    monkeypatch.setattr(sirat.files.os, "replace", crash)
    out = tmp_path / "out"
    out.mkdir()
    for view in views:
        for fmt in FORMATS:
            target = out / f"{type(view).__name__}.{fmt}"
            target.write_bytes(b"the figure sent last week")
            with pytest.raises(OSError, match="I/O error"):
                view.export(target, fmt, observer=True)
            assert target.read_bytes() == b"the figure sent last week"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{type(v).__name__}.{f}" for v in views for f in FORMATS)  # no temp file left
    wait_idle(qtbot, main.context.tasks)
    assert recorded == []


def test_a_folder_that_cannot_be_written_is_said_not_recorded(
        qtbot: QtBot, main: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder went away after the file dialog (a USB stick pulled): each format says so
    (Qt's SVG generator used to fail silently, and the export was recorded)."""
    views = _views(qtbot, main)
    recorded = _recorded(monkeypatch)
    gone = tmp_path / "stick"
    for view in views:
        for fmt in FORMATS:
            name = str(gone / f"figure.{fmt}")
            monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                                lambda *_a, n=name, **_k: (n, ""))
            view.status.setText("")
            assert view.export_dialog(fmt, observer=False) is None
            assert "could not be written" in view.status.text()
    assert not gone.exists()
    wait_idle(qtbot, main.context.tasks)
    assert recorded == []


def test_a_link_or_a_folder_is_never_written_through(
        qtbot: QtBot, main: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    views = _views(qtbot, main)
    recorded = _recorded(monkeypatch)
    elsewhere = tmp_path / "elsewhere.svg"
    elsewhere.write_text("someone else's file")
    link = tmp_path / "figure.svg"
    link.symlink_to(elsewhere)
    folder = tmp_path / "figure.png"
    folder.mkdir()
    for view in views:
        for target, fmt in ((link, "svg"), (folder, "png")):
            monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                                lambda *_a, n=str(target), **_k: (n, ""))
            assert view.export_dialog(fmt, observer=False) is None
            assert "folder or a link" in view.status.text()
    assert link.is_symlink()
    assert elsewhere.read_text() == "someone else's file"
    assert list(folder.iterdir()) == []
    wait_idle(qtbot, main.context.tasks)
    assert recorded == []


def test_the_ending_is_added_not_swapped_and_never_replaces_unasked(
        qtbot: QtBot, main: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The save dialog asked about the name typed: "week.12" is written as "week.12.svg"
    (it used to become "week.svg", replacing that file unasked), and a name whose added
    ending hits an existing file is refused."""
    views = _views(qtbot, main)
    recorded = _recorded(monkeypatch)
    for view in views:
        kind = type(view).__name__
        other = tmp_path / f"{kind}-week.svg"
        other.write_text("last week's figure")
        monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                            lambda *_a, n=str(tmp_path / f"{kind}-week.12"), **_k: (n, ""))
        written = view.export_dialog("svg", observer=False)
        assert written == tmp_path / f"{kind}-week.12.svg"
        assert written.read_bytes().lstrip().startswith(b"<?xml")
        assert other.read_text() == "last week's figure"
        taken = tmp_path / f"{kind}.png"
        taken.write_bytes(b"keep")
        monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                            lambda *_a, n=str(tmp_path / kind), **_k: (n, ""))
        assert view.export_dialog("png", observer=False) is None
        assert "already exists" in view.status.text()
        assert taken.read_bytes() == b"keep"
    wait_idle(qtbot, main.context.tasks)
    assert recorded == ["timeline.svg", "map.svg"]
