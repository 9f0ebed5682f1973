"""Reference tables edited by an administrator (handling codes' wording, relation types,
recipients): through the service only, audited, refused for anyone else, and bad input
refused with one clear message and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from sirat.errors import NotFound, PermissionDenied, ValidationError
from sirat.services import integrity
from sirat.services.audit import log as audit
from sirat.services.reports import reference, reference_admin
from tests.conftest import open_as


def test_an_administrator_rewords_adds_and_retires(vault_path: Path) -> None:
    admin = open_as(vault_path, "admin")
    try:
        h1 = reference_admin.set_handling_wording(admin, "H1", "  Не пред судом.  ")
        assert h1.wording == "Не пред судом."
        assert next(h for h in reference.reference_data(admin).handling_codes
                    if h.code == "H1").wording == "Не пред судом."
        rel = reference_admin.save_relation_type(admin, "partner_of", "partner of",
                                                 "partner of", "Associate")
        assert reference.reference_data(admin).relation_type("partner_of") == rel
        renamed = reference_admin.save_relation_type(admin, "partner_of", "σύντροφος του",
                                                     "σύντροφος του", "Associate")
        assert renamed.name == "σύντροφος του"
        xk = reference_admin.save_recipient(admin, "XK", "Kosovo police", "observer",
                                            "RESTRICTED", ["H2", "H0", "H0"])
        assert xk.handling_codes == ("H0", "H2")  # in the table's order, once each
        assert not xk.may_receive_personal_data
        promoted = reference_admin.save_recipient(admin, "XK", "Kosovo police",
                                                  "operational-partner", "CONFIDENTIAL", ["H0"])
        assert promoted.may_receive_personal_data
        reference_admin.save_recipient(admin, "XK", "Kosovo police", "operational-partner",
                                       "CONFIDENTIAL", ["H0"], active=False)
        assert "XK" not in {r.code for r in reference.list_recipients(admin)}
        assert "XK" in {r.code for r in reference.list_recipients(admin, include_inactive=True)}
        records = [r for r in audit.list_records(admin) if r.action.startswith("reference.")]
        assert [r.action for r in records].count("reference.recipient") == 3
        assert integrity.verify(admin).ok
    finally:
        admin.lock()


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda v: reference_admin.set_handling_wording(v, "H9", "x"), NotFound, "no handling"),
    (lambda v: reference_admin.set_handling_wording(v, "H1", "  "), ValidationError,
     "wording"),
    (lambda v: reference_admin.set_handling_wording(v, "H1", "a\x00b"), ValidationError,
     "control"),
    (lambda v: reference_admin.save_relation_type(v, "bad code!", "x", "y"),
     ValidationError, "short code"),
    (lambda v: reference_admin.save_relation_type(v, "ok", "x", "y", "Person"),
     ValidationError, "FollowTheMoney"),
    (lambda v: reference_admin.save_recipient(v, "XK", "K", "friend", "RESTRICTED", ()),
     ValidationError, "kind"),
    (lambda v: reference_admin.save_recipient(v, "XK", "K", "observer", "TOP", ()),
     ValidationError, "classification"),
    (lambda v: reference_admin.save_recipient(v, "XK", "K", "observer", "RESTRICTED",
                                              ("H7",)), ValidationError, "handling code"),
])
def test_bad_input_changes_nothing(vault_path: Path, call: object, error: type,
                                   words: str) -> None:
    admin = open_as(vault_path, "admin")
    try:
        before = (reference.reference_data(admin),
                  reference.list_recipients(admin, include_inactive=True))
        with pytest.raises(error) as raised:
            call(admin)  # type: ignore[operator]
        assert words in str(raised.value)
        assert before == (reference.reference_data(admin),
                          reference.list_recipients(admin, include_inactive=True))
    finally:
        admin.lock()


@pytest.mark.parametrize("who", ["ana", "sup"])
def test_only_an_administrator_edits_reference_data(vault_path: Path, who: str) -> None:
    vault = open_as(vault_path, who)
    try:
        for call in (lambda: reference_admin.set_handling_wording(vault, "H1", "x"),
                     lambda: reference_admin.save_relation_type(vault, "a", "b", "c"),
                     lambda: reference_admin.save_recipient(vault, "BG", "x", "observer",
                                                            "RESTRICTED", ())):
            with pytest.raises(PermissionDenied, match="Only an administrator"):
                call()
        bg = [r for r in reference.list_recipients(vault, include_inactive=True) if r.code == "BG"]
        assert [r.kind for r in bg] == ["member-state"]
    finally:
        vault.lock()
