"""Exchange packages between vaults on this machine: the round trip, and every refusal.

Each hostile package is built from outside, as an attacker with the file (or with a partner's
key) would build it, and imported into a real encrypted vault; a refusal must say why in one
sentence and leave the vault exactly as it was.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path
from typing import Any

import pyrage
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sirat.errors import PermissionDenied, SiratError
from sirat.models.exchange import WorkstationKeys
from sirat.services.audit import log as audit
from sirat.services.exchange import container, identity
from sirat.services.exchange.manifest import signed_bytes
from sirat.services.exchange.packages import (
    export_package,
    import_package,
    inspect_package,
)
from sirat.services.interchange import document as interchange
from sirat.services.reports import records as reports
from sirat.services.reports.query import list_reports
from sirat.vault import Vault
from tests.unit.exchange.conftest import Station
from tests.unit.services.service_helpers import dump, populate


def _export(vault: Vault, ids: list[int], to: list[str]) -> bytes:
    out: list[bytes] = []
    export_package(vault, ids, to, out.append)
    return out[0]


def _content(vault: Vault) -> dict[str, Any]:
    """The interchange view of every report, without what differs by construction."""
    ids = [r.id for r in list_reports(vault, None, "reference", False, 0, 1000)]
    doc = json.loads(interchange.export_json(vault, ids))
    for r in doc["reports"]:
        for key in ("reference", "status", "author", "approver", "created_at", "updated_at",
                    "submitted_at", "approved_at", "disseminated_at", "returned_at"):
            r.pop(key, None)
    return {k: doc[k] for k in ("reports", "entities", "relations")}


def _inner(st: Station, data: bytes) -> dict[str, bytes]:
    with st.admin.session() as s:
        keys = s.get(WorkstationKeys, 1)
        assert keys is not None
        inner = pyrage.decrypt(data, [pyrage.x25519.Identity.from_str(keys.age_identity)])
    return container.read_container(bytes(inner))


def _seal(sender: Station, recipient: Station, entries: dict[str, bytes], *,
          resign: bool = True) -> bytes:
    """A package with ``entries`` (re-signed with the sender's real key when asked)."""
    with sender.admin.session() as s:
        keys = s.get(WorkstationKeys, 1)
        assert keys is not None
        key = Ed25519PrivateKey.from_private_bytes(keys.signing_private)
    with recipient.admin.session() as s:
        rkeys = s.get(WorkstationKeys, 1)
        assert rkeys is not None
        to = pyrage.x25519.Recipient.from_str(rkeys.age_recipient)
    if resign:
        entries["manifest.sig"] = key.sign(signed_bytes(entries["manifest.json"]))
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, value in entries.items():
            zf.writestr(name, value)
    return bytes(pyrage.encrypt(raw.getvalue(), [to]))


def _refused(st: Station, data: bytes, words: str) -> str:
    receiver = st.as_user("ana")  # signing in is audited: before the snapshot
    before = dump(st.admin)
    with pytest.raises(SiratError) as err:
        import_package(receiver, data)
    assert words in err.value.message
    assert "Nothing was imported" in err.value.message
    assert dump(st.admin) == before
    return err.value.message


# --- the round trip -----------------------------------------------------------------------

def test_round_trip_between_two_vaults_keeps_content_and_shows_provenance(
        stations: tuple[Station, Station, Station]) -> None:
    a, b, _ = stations
    sender = a.as_user("ana")
    ids = populate(sender)
    data = _export(sender, ids, ["Bravo"])
    receiver = b.as_user("bora")
    done = import_package(receiver, data)
    assert not done.already_imported
    assert done.sender_name == "Alpha"
    assert done.sequence == 1
    assert done.result is not None
    assert done.result.reports_added == len(ids)
    assert _content(receiver) == _content(sender)
    rows = list_reports(receiver, None, "reference", False, 0, 100)
    assert {r.status for r in rows} == {"draft"}  # received drafts, never approved
    view = reports.get_report(receiver, rows[0].id)
    assert "Received on" in view.provenance
    assert f"signed package {done.package_id[:12]}" in view.provenance
    assert "pinned partner Alpha" in view.provenance
    # Both ends audited with the package digest.
    sent = [e for e in audit.list_records(a.admin) if e.action == "package.export"]
    got = [e for e in audit.list_records(b.admin) if e.action == "package.import"]
    assert sent[-1].details["digest"] == got[-1].details["digest"] == done.digest
    # A second import is a no-op, said plainly.
    before = dump(b.admin)
    again = import_package(receiver, data)
    assert again.already_imported
    assert dump(b.admin) == before


def test_inspect_shows_the_manifest_and_the_verdict_without_importing(
        stations: tuple[Station, Station, Station]) -> None:
    a, b, _ = stations
    data = _export(a.as_user("ana"), populate(a.as_user("ana"))[:1], ["Bravo"])
    receiver = b.as_user("ana")
    before = dump(b.admin)
    info = inspect_package(receiver, data)
    assert info.problem == ""
    assert info.sender_name == "Alpha"
    assert info.reports == 1
    assert info.sender_words == a.words
    assert [r.name for r in info.recipients] == ["Bravo"]
    assert dump(b.admin) == before


def test_the_manifest_names_parts_with_their_digests_and_is_signed(
        stations: tuple[Station, Station, Station]) -> None:
    a, b, _ = stations
    data = _export(a.as_user("ana"), populate(a.as_user("ana")), ["Bravo"])
    inner = _inner(b, data)
    manifest = json.loads(inner["manifest.json"])
    assert set(inner) == {"manifest.json", "manifest.sig", "interchange.json"}
    assert manifest["release_kind"] == "member-state"
    assert manifest["recipients"][0]["sequence"] == 1
    assert manifest["sender"]["fingerprint"] != manifest["recipients"][0]["fingerprint"]
    assert len(inner["manifest.sig"]) == 64


# --- refusals -----------------------------------------------------------------------------

def test_a_tampered_part_is_refused(stations: tuple[Station, Station, Station]) -> None:
    a, b, _ = stations
    data = _export(a.as_user("ana"), populate(a.as_user("ana")), ["Bravo"])
    entries = _inner(b, data)
    doc = json.loads(entries["interchange.json"])
    doc["reports"][0]["title"] = "Changed on the way"
    entries["interchange.json"] = json.dumps(doc).encode()
    # Re-encrypting needs only B's public key: anyone can do it. The signature stays A's.
    _refused(b, _seal(a, b, entries, resign=False), "does not match its SHA-256")


def test_a_tampered_manifest_is_refused_by_the_signature(
        stations: tuple[Station, Station, Station]) -> None:
    a, b, _ = stations
    data = _export(a.as_user("ana"), populate(a.as_user("ana")), ["Bravo"])
    entries = _inner(b, data)
    entries["manifest.json"] = entries["manifest.json"].replace(b'"member-state"',
                                                                b'"operational-partner"')
    _refused(b, _seal(a, b, entries, resign=False), "signature does not verify")


def test_a_package_for_another_workstation_is_refused(
        stations: tuple[Station, Station, Station]) -> None:
    a, _b, c = stations
    data = _export(a.as_user("ana"), populate(a.as_user("ana")), ["Bravo"])
    msg = _refused(c, data, "not addressed to this workstation")
    assert "cannot be decrypted" in msg


def test_a_package_encrypted_to_us_but_not_naming_us_is_refused(
        stations: tuple[Station, Station, Station]) -> None:
    a, b, c = stations
    identity.pin_partner(c.admin, a.card, "Alpha", "member-state", a.words)
    data = _export(a.as_user("ana"), populate(a.as_user("ana")), ["Bravo"])
    # A (a pinned partner) re-encrypts B's package to C: signed, decryptable, not for C.
    _refused(c, _seal(a, c, _inner(b, data), resign=False), "not one of its named recipients")


def test_an_unpinned_sender_is_refused_and_named_by_its_words(
        stations: tuple[Station, Station, Station]) -> None:
    a, b, c = stations
    data = _export(a.as_user("ana"), populate(a.as_user("ana")), ["Bravo"])
    identity.unpin_partner(b.admin, "Alpha")
    msg = _refused(b, data, "not pinned here")
    assert a.words in msg
    # C never pinned A: nothing is trusted on first use.
    identity.pin_partner(c.admin, b.card, "Bravo", "member-state", b.words)
    identity.pin_partner(b.admin, c.card, "Charlie", "member-state", c.words)
    data = _export(b.as_user("ana"), populate(b.as_user("ana")), ["Charlie"])
    identity.unpin_partner(c.admin, "Bravo")
    _refused(c, data, "not pinned here")


def test_a_stranger_using_a_partners_name_is_refused(
        stations: tuple[Station, Station, Station]) -> None:
    a, b, c = stations
    identity.pin_partner(c.admin, b.card, "Bravo", "member-state", b.words)
    data = _export(c.as_user("ana"), populate(c.as_user("ana")), ["Bravo"])
    entries = _inner(b, data)
    manifest = json.loads(entries["manifest.json"])
    with a.admin.session() as s:
        keys = s.get(WorkstationKeys, 1)
        assert keys is not None
        manifest["sender"]["fingerprint"] = keys.fingerprint  # claims to be Alpha
    entries["manifest.json"] = json.dumps(manifest).encode()
    _refused(b, _seal(c, b, entries), "signature does not verify")  # signed with C's key


def test_a_replayed_package_changes_nothing_and_a_forged_twin_is_refused(
        stations: tuple[Station, Station, Station]) -> None:
    a, b, _ = stations
    sender = a.as_user("ana")
    data = _export(sender, populate(sender)[:1], ["Bravo"])
    receiver = b.as_user("ana")
    import_package(receiver, data)
    before = dump(b.admin)
    assert import_package(receiver, data).already_imported
    assert dump(b.admin) == before
    entries = _inner(b, data)
    manifest = json.loads(entries["manifest.json"])
    manifest["created_at"] = "2026-01-01T00:00:00+00:00"  # same id, other content
    entries["manifest.json"] = json.dumps(manifest).encode()
    _refused(b, _seal(a, b, entries), "same id was already imported")


def test_out_of_sequence_packages_are_refused_with_the_missing_numbers(
        stations: tuple[Station, Station, Station]) -> None:
    a, b, _ = stations
    sender = a.as_user("ana")
    ids = populate(sender)
    first = _export(sender, ids[:1], ["Bravo"])
    second = _export(sender, ids[1:], ["Bravo"])
    third = _export(sender, ids[:1], ["Bravo"])
    msg = _refused(b, third, "number(s) 1 to 2 are missing")
    assert "number 3 from 'Alpha'" in msg
    import_package(b.as_user("ana"), first)
    _refused(b, third, "number(s) 2 are missing")
    import_package(b.as_user("ana"), second)
    assert import_package(b.as_user("ana"), third).sequence == 3


def test_an_old_sequence_number_under_a_new_id_is_refused(
        stations: tuple[Station, Station, Station]) -> None:
    a, b, _ = stations
    sender = a.as_user("ana")
    data = _export(sender, populate(sender)[:1], ["Bravo"])
    import_package(b.as_user("ana"), data)
    entries = _inner(b, data)
    manifest = json.loads(entries["manifest.json"])
    manifest["package_id"] = "0" * 32
    entries["manifest.json"] = json.dumps(manifest).encode()
    _refused(b, _seal(a, b, entries), "number 1 was already imported")


@pytest.mark.parametrize("name", ["../evil.json", "/etc/passwd", "a/../../b", "c:\\x",
                                  ".hidden", "dir\\file", "a\x01b"])
def test_path_traversal_names_are_refused(stations: tuple[Station, Station, Station],
                                          name: str) -> None:
    a, b, _ = stations
    data = _export(a.as_user("ana"), populate(a.as_user("ana"))[:1], ["Bravo"])
    entries = _inner(b, data)
    entries[name] = b"x"
    _refused(b, _seal(a, b, entries), "unsafe name")


def test_an_unlisted_part_is_refused(stations: tuple[Station, Station, Station]) -> None:
    a, b, _ = stations
    data = _export(a.as_user("ana"), populate(a.as_user("ana"))[:1], ["Bravo"])
    entries = _inner(b, data)
    entries["extra.bin"] = b"x"
    _refused(b, _seal(a, b, entries), "does not list")


def _lying_zip(declared: int, actual: bytes) -> bytes:
    """A zip whose headers declare ``declared`` bytes for a part that inflates to more."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("interchange.json", actual)
    data = bytearray(raw.getvalue())
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, declared)
    struct.pack_into("<I", data, central + 24, declared)
    return bytes(data)


def test_a_zip_bomb_lying_about_its_size_is_refused_without_inflating_it() -> None:
    bomb = _lying_zip(1000, b"\0" * (50 * 1024 * 1024))
    with pytest.raises(container.ContainerError) as err:
        container.read_container(bomb)
    assert "refused" in err.value.message


def test_a_zip_bomb_in_a_package_is_refused(stations: tuple[Station, Station, Station],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, _ = stations
    monkeypatch.setattr(container, "MAX_PART", 1024 * 1024)
    data = _export(a.as_user("ana"), populate(a.as_user("ana"))[:1], ["Bravo"])
    entries = _inner(b, data)
    entries["interchange.json"] = b"\0" * (4 * 1024 * 1024)  # deflates to ~4 KiB
    _refused(b, _seal(a, b, entries), "larger than the package size limit")


def test_too_many_parts_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(container, "MAX_ENTRIES", 5)
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as zf:
        for i in range(6):
            zf.writestr(f"p{i}", b"")
    with pytest.raises(container.ContainerError, match="more than 5 parts"):
        container.read_container(raw.getvalue())


@pytest.mark.parametrize("garbage", [b"", b"not a package", b"age-encryption.org/v1\n" * 3])
def test_garbage_is_refused_in_one_sentence(stations: tuple[Station, Station, Station],
                                            garbage: bytes) -> None:
    _, b, _ = stations
    _refused(b, garbage, "refused")


def test_an_observer_package_carries_no_personal_data(
        stations: tuple[Station, Station, Station]) -> None:
    a, _, _ = stations
    sender = a.as_user("ana")
    ids = populate(sender)  # persons, phones, accounts...
    with pytest.raises(SiratError, match="observer package carries none"):
        export_package(sender, ids, ["Charlie"], lambda data: None)
    clean = reports.create_report(sender, _plain_draft()).id
    out: list[bytes] = []
    done = export_package(sender, [clean], ["Bravo", "Charlie"], out.append)
    assert done.release_kind == "observer"  # one observer makes the whole package one


def _plain_draft() -> Any:
    from tests.unit.services.service_helpers import draft

    return draft(title="Seizure statistics", narrative="Figures only.")


def test_an_observer_package_with_personal_data_is_refused_on_arrival(
        stations: tuple[Station, Station, Station]) -> None:
    a, b, _ = stations
    sender = a.as_user("ana")
    data = _export(sender, populate(sender), ["Bravo"])  # member-state: persons inside
    entries = _inner(b, data)
    entries["manifest.json"] = entries["manifest.json"].replace(b'"member-state"',
                                                                b'"observer"')
    # A sender whose release check failed (or was bypassed) signs it as an observer package.
    _refused(b, _seal(a, b, entries), "released for observers but carries personal data")


def test_only_an_administrator_pins_and_the_words_must_match(
        stations: tuple[Station, Station, Station]) -> None:
    a, b, c = stations
    with pytest.raises(PermissionDenied):
        identity.pin_partner(c.as_user("ana"), a.card, "Alpha", "member-state", a.words)
    with pytest.raises(SiratError, match="do not match"):
        identity.pin_partner(c.admin, a.card, "Alpha", "member-state", b.words)
    # A card whose keys were swapped on its way gives other words than the partner reads.
    card = json.loads(b.card)
    card["vault"] = "whatever"
    swapped = json.loads(a.card)
    swapped["signing_key"] = card["signing_key"]
    with pytest.raises(SiratError, match="do not match"):
        identity.pin_partner(c.admin, json.dumps(swapped).encode(), "Alpha", "member-state",
                             a.words)
    view = identity.pin_partner(c.admin, a.card, "Alpha", "observer", a.words.upper())
    assert view.words == a.words
    pins = [e for e in audit.list_records(c.admin) if e.action == "workstation.pin"]
    assert pins
    assert pins[-1].details["fingerprint"] == view.fingerprint


def test_the_keys_made_and_a_partner_unpinned_are_audited(
        stations: tuple[Station, Station, Station]) -> None:
    a, _, _ = stations
    made = [e for e in audit.list_records(a.admin) if e.action == "workstation.keys_create"]
    assert [e.object_id for e in made] == [identity.workstation_id(a.admin).fingerprint]
    view = identity.unpin_partner(a.admin, "Bravo")
    unpins = [e for e in audit.list_records(a.admin) if e.action == "workstation.unpin"]
    assert [(e.object_id, e.details["fingerprint"]) for e in unpins] == [
        (str(view.id), view.fingerprint)]
    assert "Bravo" not in [p.name for p in identity.list_partners(a.admin)]


def test_the_private_keys_never_leave_the_vault(stations: tuple[Station, Station, Station],
                                                tmp_path: Path) -> None:
    a, _, _ = stations
    with a.admin.session() as s:
        keys = s.get(WorkstationKeys, 1)
        assert keys is not None
        secret = keys.age_identity.encode()
        private = keys.signing_private
    assert secret not in a.card
    assert private not in a.card
    for f in a.path.rglob("*"):
        if f.is_file():
            blob = f.read_bytes()
            assert secret not in blob, f.name
            assert private not in blob, f.name


def test_a_failed_write_uses_no_sequence_number(stations: tuple[Station, Station, Station]
                                                ) -> None:
    a, b, _ = stations
    sender = a.as_user("ana")
    ids = populate(sender)
    before = dump(a.admin)

    def full_disk(data: bytes) -> None:
        raise SiratError("The disk is full.", "Free some space.")

    with pytest.raises(SiratError, match="disk is full"):
        export_package(sender, ids, ["Bravo"], full_disk)
    after = dump(a.admin)
    assert after["exchange_sent"] == before["exchange_sent"] == []
    data = _export(sender, ids, ["Bravo"])
    assert import_package(b.as_user("ana"), data).sequence == 1  # no gap at the receiver


def test_inspect_names_an_unpinned_sender_by_its_words(
        stations: tuple[Station, Station, Station]) -> None:
    a, _, c = stations
    identity.pin_partner(c.admin, a.card, "Alpha", "member-state", a.words)
    plain = reports.create_report(a.as_user("ana"), _plain_draft()).id
    data = _export(a.as_user("ana"), [plain], ["Charlie"])
    identity.unpin_partner(c.admin, "Alpha")
    info = inspect_package(c.as_user("ana"), data)
    assert info.sender_name == ""
    assert "not pinned here" in info.problem
    assert a.words in info.problem


def test_an_administrator_does_not_import_drafts_nobody_could_finish(
        stations: tuple[Station, Station, Station]) -> None:
    a, b, _ = stations
    data = _export(a.as_user("ana"), populate(a.as_user("ana"))[:1], ["Bravo"])
    with pytest.raises(PermissionDenied):
        import_package(b.admin, data)
