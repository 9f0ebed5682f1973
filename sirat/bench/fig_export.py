"""Dissemination PDF: render + sign per report, each part, and verification, beside the
floors of :mod:`sirat.bench.floors` (bare reportlab, bare pyHanko with a loaded key).

The report is synthetic and short (names in Latin, Cyrillic and Greek, a 360-word narrative,
six linked entities): the smallest realistic report. ``export.first`` is the first export of a
session, each sample a fresh process (see :data:`FIRST_EXPORT`). Its page count is in the figure's
``pages``; the bare reportlab floor is filled with text to the same number of pages.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from sirat.bench import floors, probes
from sirat.bench.context import Context
from sirat.bench.core import Measurement, Spec, time_calls

if TYPE_CHECKING:
    from sirat.export.sign import LoadedSigner
    from sirat.export.types import EntityInput, RecipientInput, RelationInput, ReportInput

# The export modules are imported where a figure needs them, not probed: they are part of
# SIRAT, and importing them (reportlab, pyHanko) is left to the figures that are run.

PDF_SIGN = Spec("export.pdf_sign", "PDF export + signature, short report", "ms", 40.0,
                "median", "bare reportlab + bare pyHanko")
FIRST = Spec("export.first", "first export of a session: open the certificate + render + sign",
             "ms", 300.0, "median", "the same without the dialog's warm-up")
RENDER = Spec("export.render", "PDF render (release view -> bytes)", "ms", None, "none",
              "bare reportlab")
SIGN = Spec("export.sign", "PDF signature (PAdES, loaded key)", "ms", None, "none",
            "bare pyHanko, loaded key")
OBSERVER = Spec("export.observer_view", "release view for an observer (redaction)", "ms")
VERIFY = Spec("export.verify", "signature verification", "ms", None, "none",
              "bare pyHanko validation")

_PAGE = re.compile(rb"/Type\s*/Page(?!s)")
PARAGRAPHS = 6  # a narrative of about 360 words
WORDS = 60


def pages(pdf: bytes) -> int:
    return len(_PAGE.findall(pdf))


def _inputs() -> tuple[ReportInput, list[EntityInput], list[RelationInput], RecipientInput,
                       RecipientInput]:
    from sirat.export import types

    text = floors.two_page_text(PARAGRAPHS, WORDS)
    people = ("Иван Петров", "Γιώργος Παπαδόπουλος", "Đorđe Jovanović")
    narrative = "\n\n".join(
        f"{people[i % 3]} {paragraph}" for i, paragraph in enumerate(text)
    )
    report = types.ReportInput(
        reference="SIRAT-2026-000042", version=1, title="Cigarette route via Kulata",
        crime_area="Anti-fraud and anti-smuggling", report_date=date(2026, 11, 20),
        information_date="about 2026-10", places=("Kulata (BG)", "Promachonas (GR)"),
        reporting_country="BG", agency="Border Police", operation="Task force TOBACCO",
        source_reliability="B", source_reliability_wording="Mostly reliable",
        information_accuracy="2", information_accuracy_wording="Known to the source",
        handling_codes=(types.HandlingCode("H0", "Crime prevention only"),),
        classification="RESTRICTED", summary=text[0], narrative=narrative,
        analyst_comment=text[-1][:300], keywords=("cigarettes",), author="Analyst A",
        approver="Supervisor B", status="approved", originator="Operational Center",
    )
    field = types.EntityField
    entities = [
        types.EntityInput(f"p{i}", "person", name, name_forms=(name,), role="suspect",
                          fields=(field("nationality", "Nationality", "BG"),))
        for i, name in enumerate(people)
    ]
    entities += [
        types.EntityInput("v1", "vehicle", "CA 1234 AB", role="vehicle used",
                          fields=(field("plate", "Plate", "CA 1234 AB"),)),
        types.EntityInput("ph1", "phone", "+359 88 123 4567",
                          fields=(field("number", "Number", "+359 88 123 4567"),)),
        types.EntityInput("o1", "organization", "Kulata Trans Ltd", role="facilitator"),
    ]
    relations = [types.RelationInput("p0", "v1", "driver of")]
    member = types.RecipientInput("BG", "Bulgaria", "member-state",
                                  frozenset({"RESTRICTED"}), frozenset({"H0"}))
    observer = types.RecipientInput("OBS", "Observer", "observer",
                                    frozenset({"RESTRICTED"}), frozenset({"H0"}))
    return report, entities, relations, member, observer


def _floor_text(goal: int) -> list[str]:
    """Paragraphs that fill as many pages of a bare document as SIRAT's PDF has."""
    count = PARAGRAPHS
    text = floors.two_page_text(count, WORDS)
    while pages(floors.bare_reportlab_pdf(text)) < goal and count < 200:
        count += 2
        text = floors.two_page_text(count, WORDS)
    return text


def _setup(ctx: Context) -> dict[str, Any]:
    if "export" in ctx.shared:
        return dict(ctx.shared["export"])
    from sirat.export.pdf import render_pdf_bytes
    from sirat.export.release import build_release_view
    from sirat.export.types import SignerInfo

    report, entities, relations, member, observer = _inputs()
    view = build_release_view(report, entities, relations, member)
    signer_info = SignerInfo("Analyst A", "Operational Center", test_certificate=True)
    state: dict[str, Any] = {
        "render": lambda: render_pdf_bytes(view, copy_number=1, signer=signer_info),
        "observer": lambda: build_release_view(report, entities, relations, observer),
    }
    state["text"] = _floor_text(pages(state["render"]()))
    key, cert = floors.self_signed("rsa")  # the test certificate is RSA-2048 too
    state["floor_signer"] = floors.loaded_key_signer(key, cert)
    state["floor_cert"] = cert
    ctx.shared["export"] = state
    return dict(state)


def _signer(state: dict[str, Any]) -> LoadedSigner:
    from sirat.export.sign import create_test_certificate, load_pkcs12

    if "signer" not in state:
        data, passphrase = create_test_certificate("Bench Analyst", "Operational Center")
        state["signer"] = load_pkcs12(data, passphrase)
        state["p12"] = (data, passphrase)
    signer: LoadedSigner = state["signer"]
    return signer


def _floor_pdf(state: dict[str, Any]) -> bytes:
    return floors.bare_reportlab_pdf(state["text"])


def pdf_sign(ctx: Context) -> Measurement:
    from sirat.export.sign import sign_pdf as sign

    state = _setup(ctx)
    signer = _signer(state)
    floor_signer = state["floor_signer"]
    n = max(3, ctx.samples // 2)
    cpu: list[float] = []
    base_cpu: list[float] = []
    samples = time_calls(lambda: sign(state["render"](), signer), n, cpu=cpu)
    baseline = time_calls(lambda: floors.bare_sign(_floor_pdf(state), floor_signer), n,
                          cpu=base_cpu)
    pdf = state["render"]()
    return Measurement(samples, baseline=baseline, cpu=cpu, baseline_cpu=base_cpu,
                       extra={"pages": pages(pdf), "floor_pages": pages(_floor_pdf(state)),
                              "pdf_kb": round(len(pdf) / 1024)})


def render(ctx: Context) -> Measurement:
    state = _setup(ctx)
    n = max(3, ctx.samples // 2)
    cpu: list[float] = []
    base_cpu: list[float] = []
    return Measurement(time_calls(state["render"], n, cpu=cpu),
                       baseline=time_calls(lambda: _floor_pdf(state), n, cpu=base_cpu),
                       cpu=cpu, baseline_cpu=base_cpu)


def sign(ctx: Context) -> Measurement:
    from sirat.export.sign import sign_pdf

    state = _setup(ctx)
    signer = _signer(state)
    pdf = state["render"]()
    floor_pdf = _floor_pdf(state)
    n = max(3, ctx.samples // 2)
    cpu: list[float] = []
    base_cpu: list[float] = []
    return Measurement(
        time_calls(lambda: sign_pdf(pdf, signer), n, cpu=cpu),
        baseline=time_calls(lambda: floors.bare_sign(floor_pdf, state["floor_signer"]), n,
                            cpu=base_cpu),
        cpu=cpu, baseline_cpu=base_cpu,
    )


def observer_view(ctx: Context) -> Measurement:
    state = _setup(ctx)
    return Measurement(time_calls(state["observer"], ctx.samples))


def verify(ctx: Context) -> Measurement:
    from sirat.export.sign import sign_pdf
    from sirat.export.verify import verify_pdf

    state = _setup(ctx)
    signer = _signer(state)
    signed = sign_pdf(state["render"](), signer)
    trusted = [signer.certificate_der]
    floor_signed = floors.bare_sign(_floor_pdf(state), state["floor_signer"])
    cert = state["floor_cert"]
    n = max(3, ctx.samples // 2)
    return Measurement(
        time_calls(lambda: verify_pdf(signed, trusted), n),
        baseline=time_calls(lambda: floors.bare_verify(floor_signed, cert), n),
    )


# One fresh process per sample: the app after sign-in (services imported), the export
# dialog's warm-up done or not (WARM), then -- timed -- what pressing Export costs the first
# time: the stored certificate opened with its passphrase (PBKDF2, 300,000 rounds), the
# release view, the render and the signature. The certificate is made before the clock
# starts (a throwaway test certificate, re-wrapped as the vault stores it).
FIRST_EXPORT = """
import time
from cryptography.hazmat.primitives.serialization import pkcs12
from sirat.bench.fig_export import _inputs
from sirat.export.certs import create_test_certificate
from sirat.services.dissemination import certificates, exporting, unlocked
report, entities, relations, member, _ = _inputs()
data, secret = create_test_certificate("Bench Analyst", "Operational Center")
key, cert, chain = pkcs12.load_key_and_certificates(data, secret)
phrase = "bench certificate passphrase"
sealed = certificates.SealedCertificate(1, "", certificates._rewrap(key, cert, chain, phrase))
if WARM:
    from sirat.export.warmup import warm_up
    warm_up(["Bench Analyst"])
cpu, wall = time.process_time(), time.perf_counter()
signer = certificates.unlock_certificate(sealed, phrase)
opened = time.process_time() - cpu
from sirat.export.pdf import render_pdf_bytes
from sirat.export.release import build_release_view
from sirat.export.sign import sign_pdf
view = build_release_view(report, entities, relations, member)
pdf = sign_pdf(render_pdf_bytes(view, copy_number=1, signer=signer.signer_info()), signer)
_emit({"cpu_ms": (time.process_time() - cpu) * 1000,
       "wall_ms": (time.perf_counter() - wall) * 1000, "open_cpu_ms": opened * 1000})
"""


def first_export(ctx: Context) -> Measurement:
    n = 1 if ctx.quick else max(5, ctx.repeat * 2)
    samples: list[float] = []
    cpu: list[float] = []
    baseline: list[float] = []
    baseline_cpu: list[float] = []
    opened: list[float] = []
    for _ in range(n):  # alternate, so both see the same load
        warm = probes.run(ctx.python, "WARM = True\n" + FIRST_EXPORT)
        cold = probes.run(ctx.python, "WARM = False\n" + FIRST_EXPORT)
        samples.append(warm["wall_ms"])
        cpu.append(warm["cpu_ms"])
        opened.append(warm["open_cpu_ms"])
        baseline.append(cold["wall_ms"])
        baseline_cpu.append(cold["cpu_ms"])
    opened.sort()
    return Measurement(
        samples, baseline=baseline, cpu=cpu, baseline_cpu=baseline_cpu, latency=False,
        note="fresh process per sample; the warm-up runs while the user chooses",
        extra={"open_certificate_cpu_ms": round(opened[len(opened) // 2], 1),
               "samples": n})


FIGURES = [(PDF_SIGN, pdf_sign), (FIRST, first_export), (RENDER, render), (SIGN, sign),
           (OBSERVER, observer_view), (VERIFY, verify)]
