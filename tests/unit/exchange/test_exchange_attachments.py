"""Evidence files travel in exchange packages: the round trip between two vaults on this
machine (the bytes compared), and every way a hostile or broken attachment part is refused
with nothing written -- no row, and no file left in the vault folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sirat.models import ReportEntity
from sirat.services.attachments import store as attachments
from sirat.services.audit import log as audit
from sirat.services.exchange import identity
from sirat.services.exchange.packages import export_package, import_package, inspect_package
from sirat.services.reports import records as reports
from sirat.vault import Vault, blobs
from tests.unit.exchange.conftest import Station
from tests.unit.exchange.test_exchange_packages import _export, _inner, _refused, _seal
from tests.unit.services.service_helpers import dump, populate

sys.path.insert(0, str(Path(__file__).parents[1] / "attachments"))
from attach_helpers import CANARY, DRAFT, bomb, photo


def _folder(st: Station) -> set[str]:
    """Everything in the vault's attachments folder, temporary files included."""
    path = st.path / blobs.DIR_NAME
    return set(os.listdir(path)) if path.is_dir() else set()


def _with_photos(st: Station) -> tuple[Vault, list[int], bytes, bytes]:
    """Ana's two reports (persons, a vehicle ...) with a photo on the first report and
    another on the vehicle linked to it."""
    sender = st.as_user("ana")
    ids = populate(sender)
    first, second = photo(), photo(800, 600, canary="Other")
    attachments.add_attachment(sender, first, f"{CANARY}.jpg", report_id=ids[0])
    with sender.session() as s:
        entity = s.scalars(select(ReportEntity.entity_id).where(
            ReportEntity.report_id == ids[0]).order_by(ReportEntity.entity_id)).first()
    assert entity is not None
    attachments.add_attachment(sender, second, "lorry.jpg", entity_id=entity)
    return sender, ids, first, second


def _refused_clean(st: Station, data: bytes, words: str) -> str:
    before = _folder(st)
    message = _refused(st, data, words)
    assert _folder(st) == before  # no file, not even a temporary one
    return message


def _manifest(entries: dict[str, bytes]) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(entries["manifest.json"])
    return loaded


# --- the round trip -----------------------------------------------------------------------

def test_attachments_travel_and_arrive_byte_for_byte(
        stations: tuple[Station, Station, Station]) -> None:
    a, b, _ = stations
    sender, ids, first, second = _with_photos(a)
    out: list[bytes] = []
    sent = export_package(sender, ids, ["Bravo"], out.append)
    assert (sent.attachments, sent.attachments_withheld) == (2, 0)
    inner = _inner(b, out[0])
    parts = {p["path"]: p for p in _manifest(inner)["parts"]}
    for data in (first, second):
        digest = hashlib.sha256(data).hexdigest()
        assert parts[f"attachments/{digest}"]["role"] == "attachment"
        assert parts[f"attachments/{digest}"]["sha256"] == digest  # signed with the manifest
        assert inner[f"attachments/{digest}"] == data
    info = inspect_package(b.as_user("bora"), out[0])
    assert info.problem == ""
    assert sum(1 for p in info.parts if p[1] == "attachment") == 2

    receiver = b.as_user("bora")
    done = import_package(receiver, out[0])
    assert done.attachments == 2
    got = {v.sha256: v for v in attachments.list_attachments(receiver)}
    assert set(got) == {hashlib.sha256(d).hexdigest() for d in (first, second)}
    for data in (first, second):
        view = got[hashlib.sha256(data).hexdigest()]
        assert attachments.content_of(receiver, view.id)[1] == data  # the very bytes
        assert view.has_thumbnail
        assert (view.width, view.height) == ((640, 480) if data is first else (800, 600))
    report_view = next(v for v in got.values() if v.report_id is not None)
    entity_view = next(v for v in got.values() if v.entity_id is not None)
    assert report_view.report_id in done.report_ids
    assert report_view.name == f"{CANARY}.jpg"
    assert entity_view.name == "lorry.jpg"
    provenance = reports.get_report(receiver, report_view.report_id).provenance
    assert "pinned partner Alpha" in provenance
    assert receiver.check() == []
    # The files are new random names in B's folder, not A's.
    assert not (_folder(b) & _folder(a))
    records = [e for e in audit.list_records(b.admin) if e.action == "attachment.add"]
    assert len(records) == 2
    assert all(e.details["package"] == done.package_id for e in records)
    sent_record = [e for e in audit.list_records(a.admin) if e.action == "package.export"][-1]
    assert len(sent_record.details["attachments"]) == 2
    # A second import is still a no-op: no second copy of any file.
    before, files = dump(b.admin), _folder(b)
    assert import_package(receiver, out[0]).already_imported
    assert dump(b.admin) == before
    assert _folder(b) == files


def test_an_observer_package_carries_no_attachment(
        stations: tuple[Station, Station, Station]) -> None:
    a, _, c = stations
    sender = a.as_user("ana")
    rid = reports.create_report(sender, DRAFT).id  # no personal data: it may go
    attachments.add_attachment(sender, photo(), "lorry.jpg", report_id=rid)
    out: list[bytes] = []
    sent = export_package(sender, [rid], ["Charlie"], out.append)
    assert (sent.attachments, sent.attachments_withheld) == (0, 1)
    inner = _inner(c, out[0])
    assert not [name for name in inner if name.startswith("attachments/")]
    assert "documents" not in json.loads(inner["interchange.json"])
    assert CANARY.encode() not in b"".join(inner.values())


def test_an_observer_package_with_an_attachment_is_refused_on_arrival(
        stations: tuple[Station, Station, Station]) -> None:
    a, b, _ = stations
    sender = a.as_user("ana")
    rid = reports.create_report(sender, DRAFT).id
    attachments.add_attachment(sender, photo(), "lorry.jpg", report_id=rid)
    entries = _inner(b, _export(sender, [rid], ["Bravo"]))
    entries["manifest.json"] = entries["manifest.json"].replace(b'"member-state"',
                                                                b'"observer"')
    _refused_clean(b, _seal(a, b, entries), "released for observers but carries attachments")


# --- refusals -----------------------------------------------------------------------------

def _one_photo_package(a: Station, b: Station) -> tuple[dict[str, bytes], str]:
    sender = a.as_user("ana")
    rid = reports.create_report(sender, DRAFT).id
    view = attachments.add_attachment(sender, photo(), "lorry.jpg", report_id=rid)
    return _inner(b, _export(sender, [rid], ["Bravo"])), f"attachments/{view.sha256}"


def test_a_tampered_attachment_part_is_refused(
        stations: tuple[Station, Station, Station]) -> None:
    a, b, _ = stations
    entries, name = _one_photo_package(a, b)
    data = bytearray(entries[name])
    data[len(data) // 2] ^= 0xFF
    entries[name] = bytes(data)
    _refused_clean(b, _seal(a, b, entries, resign=False), "does not match its SHA-256")


def test_a_missing_attachment_part_is_refused(
        stations: tuple[Station, Station, Station]) -> None:
    a, b, _ = stations
    entries, name = _one_photo_package(a, b)
    del entries[name]
    _refused_clean(b, _seal(a, b, entries), "is missing")
    # ... and a part the document does not list (the manifest re-signed without it).
    entries, name = _one_photo_package(a, b)
    doc = json.loads(entries["interchange.json"])
    doc.pop("documents")
    entries["interchange.json"] = json.dumps(doc).encode()
    manifest = _manifest(entries)
    for part in manifest["parts"]:
        if part["path"] == "interchange.json":
            part["size"] = len(entries["interchange.json"])
            part["sha256"] = hashlib.sha256(entries["interchange.json"]).hexdigest()
    entries["manifest.json"] = json.dumps(manifest).encode()
    _refused_clean(b, _seal(a, b, entries), "differ from the files its interchange document")


@pytest.mark.parametrize("path", ["attachments/../../evil.jpg", "attachments/lorry.jpg",
                                  "/etc/passwd", "attachments/" + "a" * 64])
def test_an_attachment_part_not_named_by_its_digest_is_refused(
        stations: tuple[Station, Station, Station], path: str) -> None:
    a, b, _ = stations
    entries, name = _one_photo_package(a, b)
    manifest = _manifest(entries)
    for part in manifest["parts"]:
        if part["path"] == name:
            part["path"] = path
    entries["manifest.json"] = json.dumps(manifest).encode()
    if "/../" not in path and not path.startswith("/"):
        entries[path] = entries.pop(name)
    message = _refused_clean(b, _seal(a, b, entries), "refused")
    assert "unsafe" in message or "not named by its SHA-256" in message or "missing" in message


def _replace_part(entries: dict[str, bytes], name: str, data: bytes) -> None:
    """An attacker with the sender's key: swap an attachment and fix every digest."""
    old = name.split("/")[1]
    new = hashlib.sha256(data).hexdigest()
    del entries[name]
    entries[f"attachments/{new}"] = data
    entries["interchange.json"] = entries["interchange.json"].replace(old.encode(),
                                                                      new.encode())
    manifest = _manifest(entries)
    for part in manifest["parts"]:
        if part["path"] == name:
            part.update(path=f"attachments/{new}", sha256=new, size=len(data))
        if part["path"] == "interchange.json":
            part["size"] = len(entries["interchange.json"])
            part["sha256"] = hashlib.sha256(entries["interchange.json"]).hexdigest()
    entries["manifest.json"] = json.dumps(manifest).encode()


def test_a_decompression_bomb_image_refuses_the_whole_package(
        stations: tuple[Station, Station, Station]) -> None:
    a, b, _ = stations
    entries, name = _one_photo_package(a, b)
    _replace_part(entries, name, bomb())
    message = _refused_clean(b, _seal(a, b, entries), "an attachment cannot be stored here")
    assert "pixels" in message or "image" in message


def test_an_attachment_over_this_vaults_limit_refuses_the_whole_package(
        stations: tuple[Station, Station, Station]) -> None:
    a, b, _ = stations
    entries, _ = _one_photo_package(a, b)
    attachments.set_max_bytes(b.admin, 4096)  # B accepts smaller files than A sent
    _refused_clean(b, _seal(a, b, entries), "limited to")


def test_a_failure_after_the_files_are_in_place_leaves_neither_rows_nor_files(
        stations: tuple[Station, Station, Station], monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, _ = stations
    sender, ids, _, _ = _with_photos(a)
    data = _export(sender, ids, ["Bravo"])
    receiver = b.as_user("bora")
    before, files = dump(b.admin), _folder(b)
    real = audit.record

    def failing(s: Any, **kw: Any) -> Any:
        if kw.get("action") == "package.import":  # after both files were renamed in place
            assert len(blobs.stored_names(b.path)) == 2
            raise OSError(28, "No space left on device")
        return real(s, **kw)

    monkeypatch.setattr(audit, "record", failing)
    with pytest.raises(OSError, match="No space left"):
        import_package(receiver, data)
    assert dump(b.admin) == before
    assert _folder(b) == files


def test_a_canary_inside_a_travelling_photo_reaches_no_file_in_the_clear(
        stations: tuple[Station, Station, Station], tmp_path: Path) -> None:
    import tempfile

    a, b, _ = stations
    tmp_before = set(Path(tempfile.gettempdir()).iterdir())
    sender, ids, _, _ = _with_photos(a)  # the canary in EXIF, JPEG comment and file name
    package = _export(sender, ids, ["Bravo"])
    (tmp_path / "out.sirpkg").write_bytes(package)
    receiver = b.as_user("bora")
    import_package(receiver, (tmp_path / "out.sirpkg").read_bytes())
    for view in attachments.list_attachments(receiver):
        attachments.thumbnail(receiver, view.id)
    needles = [CANARY.encode(), CANARY.encode("utf-16-le"), CANARY.lower().encode()]

    def hits(path: Path) -> list[Path]:
        return [p for p in path.rglob("*") if p.is_file() and not p.is_symlink()
                and any(n in p.read_bytes() for n in needles)]

    assert hits(a.path) == []
    assert hits(b.path) == []
    assert CANARY.encode() not in package  # the package file: age ciphertext
    for p in set(Path(tempfile.gettempdir()).iterdir()) - tmp_before:
        if p.is_file():
            assert not any(n in p.read_bytes() for n in needles), p
        elif p.is_dir() and not str(p).startswith(str(tmp_path.parent)):
            assert hits(p) == [], p


def test_an_out_of_sequence_package_is_refused_before_its_photos_are_decoded(
        stations: tuple[Station, Station, Station], monkeypatch: pytest.MonkeyPatch) -> None:
    """A package that will be refused anyway sends no hostile image to the decoder."""
    from sirat.services.interchange import files as interchange_files

    a, b, _ = stations
    sender, ids, _, _ = _with_photos(a)
    _export(sender, ids[1:], ["Bravo"])  # number 1, never delivered
    second = _export(sender, ids, ["Bravo"])
    decoded: list[int] = []
    real = interchange_files.stage

    def counting(*args: Any, **kw: Any) -> Any:
        decoded.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(interchange_files, "stage", counting)
    message = _refused_clean(b, second, "number(s) 1 are missing")
    assert "Nothing was imported." in message
    assert decoded == []


@pytest.mark.slow
def test_kill_9_inside_the_import_leaves_nothing_and_the_package_imports_again(
        stations: tuple[Station, Station, Station], tmp_path: Path) -> None:
    """The receiving process dies after both photos got their final names, before the
    commit: no report, no file (after the next sign-in's sweep), and the sequence number is
    not spent -- the same package then imports whole, not refused as a replay."""
    import signal
    import subprocess

    from tests.conftest import USERS

    a, b, _ = stations
    sender, ids, first, second = _with_photos(a)
    package = tmp_path / "to-bravo.sirpkg"
    package.write_bytes(_export(sender, ids, ["Bravo"]))
    before, files = dump(b.admin), _folder(b)
    here = Path(__file__).parent
    env = {**os.environ, "SIRAT_PASSPHRASE": USERS["bora"],
           "PYTHONPATH": str(here.parents[2])}
    proc = subprocess.run(
        [sys.executable, str(here / "package_import_proc.py"), str(b.path), "bora",
         str(package)], env=env, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert proc.stdout.split() == ["installed"]
    assert len(blobs.stored_names(b.path)) == 2  # two files in place, their rows never committed
    receiver = b.as_user("bora")  # the sign-in sweeps them: their writer is gone
    assert _folder(b) == files
    after = dump(b.admin)
    new_records = after.pop("audit_log")[len(before["audit_log"]):]
    before.pop("audit_log")
    assert after == before  # no report, entity, attachment or package row
    assert "package.import" not in {r[3] for r in new_records}, new_records
    assert receiver.check() == []
    done = import_package(receiver, package.read_bytes())
    assert (done.already_imported, done.sequence, done.attachments) == (False, 1, 2)
    got = {v.sha256 for v in attachments.list_attachments(receiver)}
    assert got == {hashlib.sha256(d).hexdigest() for d in (first, second)}


def test_one_observer_among_the_recipients_keeps_every_photo_home(
        stations: tuple[Station, Station, Station]) -> None:
    """Bravo (a member state) and Charlie (an observer) in one package: the observer's rule
    holds for the whole package, so Bravo too receives the report without its photo -- and
    the package says so on both sides."""
    a, b, c = stations
    identity.pin_partner(c.admin, a.card, "Alpha", "member-state", a.words)
    sender = a.as_user("ana")
    rid = reports.create_report(sender, DRAFT).id
    attachments.add_attachment(sender, photo(), f"{CANARY}.jpg", report_id=rid)
    out: list[bytes] = []
    sent = export_package(sender, [rid], ["Bravo", "Charlie"], out.append)
    assert (sent.release_kind, sent.attachments, sent.attachments_withheld) == ("observer", 0, 1)
    for st, user in ((b, "bora"), (c, "ana")):
        inner = _inner(st, out[0])
        assert not [n for n in inner if n.startswith("attachments/")]
        assert CANARY.encode() not in b"".join(inner.values())
        receiver = st.as_user(user)
        done = import_package(receiver, out[0])
        assert (len(done.report_ids), done.attachments) == (1, 0)
        assert attachments.list_attachments(receiver) == []
