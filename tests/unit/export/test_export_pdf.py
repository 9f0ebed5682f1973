"""The dissemination PDF, read back with pypdf: canary, escaping, markings, metadata."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from sirat.export.pdf import render_pdf, render_pdf_bytes
from sirat.export.release import build_release_view
from sirat.export.types import (
    EntityField,
    EntityInput,
    RecipientInput,
    RelationInput,
    ReportInput,
)
from sirat.names.fold import search_key

MakeReport = Callable[..., ReportInput]
MakeRecipient = Callable[..., RecipientInput]
PageTexts = Callable[[bytes], list[str]]
DecodedObjects = Callable[[bytes], list[bytes]]


def _encodings(secret: str) -> list[bytes]:
    """The ways a string can sit in a PDF file: plain, UTF-16 both ways, hex of those."""
    forms = [secret.encode("utf-8"), secret.encode("utf-16-be"), secret.encode("utf-16-le")]
    with contextlib.suppress(UnicodeEncodeError):
        forms.append(secret.encode("latin-1"))
    hexed = [f.hex().encode("ascii") for f in forms]
    return forms + hexed + [h.upper() for h in hexed]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_observer_pdf_contains_no_personal_data_in_any_form(
    report: ReportInput,
    entities: list[EntityInput],
    relations: list[RelationInput],
    make_recipient: MakeRecipient,
    canary_secrets: tuple[str, ...],
    page_texts: PageTexts,
    decoded_objects: DecodedObjects,
) -> None:
    view = build_release_view(report, entities, relations, make_recipient("observer"))
    data = render_pdf_bytes(view, copy_number=4)

    in_view = [s for s in canary_secrets for t in view.all_text() if s.casefold() in t.casefold()]
    assert in_view == []
    text = _squash(" ".join(page_texts(data)))
    assert [s for s in canary_secrets if s.casefold() in text.casefold()] == []
    folded_text = search_key(text)
    folded_names = {w for s in canary_secrets for w in search_key(s).split() if len(w) >= 4}
    assert sorted(w for w in folded_names if re.search(rf"\b{w}", folded_text)) == []
    objects = [*decoded_objects(data), data]
    hits = [s for s in canary_secrets for form in _encodings(s) for o in objects if form in o]
    assert hits == []
    reader = PdfReader(BytesIO(data))
    metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
    assert [s for s in canary_secrets if s.casefold() in metadata.casefold()] == []
    assert all("/Annots" not in page for page in reader.pages)
    assert reader.outline == []
    assert "[PERSON 1]" in text
    assert "OBSERVER COPY" in text


def test_partner_pdf_contains_the_personal_data(
    report: ReportInput,
    entities: list[EntityInput],
    relations: list[RelationInput],
    make_recipient: MakeRecipient,
    page_texts: PageTexts,
) -> None:
    view = build_release_view(report, entities, relations, make_recipient("operational-partner"))
    text = _squash(" ".join(page_texts(render_pdf_bytes(view, copy_number=1))))

    for expected in (
        "Иван Петров",
        "Γιώργος Παπαδόπουλος",
        "Đorđe Jovanović",
        "Ђорђе Јовановић",
        "+359 88 123 4567",
        "AB1234567",
        "BG80 BNBG 9661 1020 3456 78",
        "CA1234AB",
        "petrov.ivan@example.bg",
    ):
        assert expected in text
    assert "OBSERVER COPY" not in text


def test_markup_in_user_text_prints_literally_and_loads_nothing(
    make_report: MakeReport,
    make_recipient: MakeRecipient,
    page_texts: PageTexts,
    decoded_objects: DecodedObjects,
) -> None:
    hostile = (
        'Suspect <Ivan> & co <b>not bold</b> <img src="/etc/passwd"/> '
        '<a href="javascript:alert(1)">click</a> &amp; &lt; <font size=40>big</font>'
    )
    report = make_report(narrative=hostile, title="<i>Title</i> & more", summary="a\nb <br/> c")
    view = build_release_view(report, [], [], make_recipient("member-state"))
    data = render_pdf_bytes(view, copy_number=1)

    text = _squash(" ".join(page_texts(data)))
    assert _squash(hostile) in text
    assert "<i>Title</i> & more" in text
    assert "<br/>" in text
    everything = b"".join(decoded_objects(data))
    for forbidden in (b"/URI", b"/JavaScript", b"/Link", b"/Annot", b"/XObject", b"root:x:0"):
        assert forbidden not in everything
    assert b"'/Subtype': '/Image'" not in everything


def test_line_breaks_of_the_narrative_are_kept(
    make_report: MakeReport, make_recipient: MakeRecipient, page_texts: PageTexts
) -> None:
    report = make_report(narrative="first line\nsecond line\n\nnew paragraph")
    view = build_release_view(report, [], [], make_recipient("member-state"))
    text = page_texts(render_pdf_bytes(view, copy_number=1))[0]

    assert "first line\nsecond line\nnew paragraph" in text


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(narrative=st.text(max_size=400), label=st.text(min_size=1, max_size=60))
def test_any_unicode_text_renders(
    narrative: str,
    label: str,
    make_report: MakeReport,
    make_recipient: MakeRecipient,
    page_texts: PageTexts,
) -> None:
    report = make_report(narrative=narrative, title=label, analyst_comment=narrative)
    entity = EntityInput("e", "organization", label, (EntityField("name", label, narrative),))
    view = build_release_view(report, [entity], [], make_recipient("member-state"))
    data = render_pdf_bytes(view, copy_number=1)

    texts = page_texts(data)
    assert "RESTRICTED" in texts[0]
    assert f"Page 1 of {len(texts)}" in texts[0]


def test_long_narrative_and_200_entities_paginate_with_markings_on_every_page(
    make_report: MakeReport, make_recipient: MakeRecipient, page_texts: PageTexts
) -> None:
    words = [f"w{i:05d}" for i in range(1, 10_001)]
    narrative = "\n\n".join(" ".join(words[i : i + 150]) for i in range(0, 10_000, 150))
    kinds = ("vehicle", "vessel", "organization", "address")
    entities = [
        EntityInput(
            f"e{i}",
            kinds[i % 4],  # type: ignore[arg-type]
            f"Entity {i:03d}",
            (EntityField("make", "Make", f"M{i}"),),
            role="mentioned",
        )
        for i in range(200)
    ]
    view = build_release_view(
        make_report(narrative=narrative), entities, [], make_recipient("member-state")
    )
    texts = page_texts(render_pdf_bytes(view, copy_number=7))

    assert len(texts) > 20
    for number, text in enumerate(texts, start=1):
        assert text.count("RESTRICTED") >= 2, number
        assert f"Page {number} of {len(texts)}" in text
        assert "SIRAT-2026-000042" in text
        assert "Copy No. 7" in text
    joined = " ".join(texts)
    assert all(w in joined for w in [*words[::97], words[-1]])
    assert all(f"Entity {i:03d}" in joined for i in range(200))
    assert "Signature" in texts[-1]


def test_metadata_is_set_deliberately(
    report: ReportInput, make_recipient: MakeRecipient, tmp_path_factory: pytest.TempPathFactory
) -> None:
    view = build_release_view(report, [], [], make_recipient("member-state"))
    out = BytesIO()
    render_pdf(view, copy_number=1, out=out)
    reader = PdfReader(BytesIO(out.getvalue()))
    meta = reader.metadata
    assert meta is not None
    assert reader.xmp_metadata is None  # no XMP packet either

    assert str(meta["/Title"]) == "SIRAT-2026-000042 — RESTRICTED"
    assert str(meta["/Author"]) == "SELEC Operational Center"
    assert str(meta["/Creator"]) == "SIRAT"
    assert str(meta["/Producer"]) == "SIRAT"
    assert str(meta["/CreationDate"]).endswith("+00'00'")
    values = " ".join(str(v) for v in meta.values())
    for leak in ("Mira", "Stoyanova", "Andreou", "anonymous", "ReportLab", "/tmp", "/home"):
        assert leak not in values
    assert str(tmp_path_factory.getbasetemp()) not in out.getvalue().decode("latin-1")


@pytest.mark.parametrize("classification", ["UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "OTHER"])
def test_every_classification_is_printed_on_every_page(
    classification: str,
    make_report: MakeReport,
    make_recipient: MakeRecipient,
    page_texts: PageTexts,
) -> None:
    report = make_report(classification=classification)
    view = build_release_view(report, [], [], make_recipient("member-state"))

    for text in page_texts(render_pdf_bytes(view, copy_number=1)):
        assert text.count(classification) >= 2


def test_copy_numbers_start_at_one(report: ReportInput, make_recipient: MakeRecipient) -> None:
    view = build_release_view(report, [], [], make_recipient("member-state"))
    with pytest.raises(ValueError, match="start at 1"):
        render_pdf_bytes(view, copy_number=0)


def test_oversized_cells_and_unbroken_words_split_instead_of_failing(
    make_report: MakeReport, make_recipient: MakeRecipient, page_texts: PageTexts
) -> None:
    note = " ".join(["note"] * 6000) + " END-OF-NOTE"
    entity = EntityInput(
        "x", "organization", "Org" + "X" * 3000, (EntityField("notes", "Notes", note),)
    )
    report = make_report(title="T" * 2000, operation=note, places=(note,))
    view = build_release_view(report, [entity], [], make_recipient("member-state"))
    texts = page_texts(render_pdf_bytes(view, copy_number=1))

    assert len(texts) > 3
    assert " ".join(texts).count("END-OF-NOTE") == 3
