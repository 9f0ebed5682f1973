"""Exchange packages between two workstations (issue 21): export, then import in the other.

Two vaults of their own (KDF at its floor) pin each other; the sender holds 20 draft reports,
one of them with a photo of about 5 MiB. Each sample exports a new package of all 20 to the
partner (interchange document, the photo as a signed part, Ed25519 signature, age
encryption, the sequence number's commit) and imports it on the other side (decrypt, the
container's checks, signature against the pinned key, every digest, the photo's thumbnail
in the image child, encryption into the receiving vault, the one write transaction). The
packages are imported in the order they were made, so every sample is a fresh import, not
an "already imported" no-op. No asserts: figures only.
"""

from __future__ import annotations

import io
import random
import secrets
import time
from pathlib import Path
from typing import Any

from sirat.bench.context import Context
from sirat.bench.core import Measurement, Spec

EXPORT = Spec("package.export_20", "package export: 20 reports + a 5 MiB photo", "ms")
IMPORT = Spec("package.import_20", "package import in the partner's vault (same package)", "ms")

_PASS = secrets.token_urlsafe(16)  # throw-away vaults
REPORTS = 20


def _photo(seed: int) -> bytes:
    from PIL import Image

    rng = random.Random(seed)
    width, height = 2400, 1800
    noise = bytes(rng.getrandbits(8) for _ in range(width * height // 16 * 3))
    small = Image.frombytes("RGB", (width // 4, height // 4), noise)
    out = io.BytesIO()
    small.resize((width, height), Image.Resampling.NEAREST).save(out, "JPEG", quality=95,
                                                                 subsampling=0)
    return out.getvalue()


def _station(ctx: Context, name: str) -> tuple[Any, Any, Path]:
    from sirat.services.access import users
    from sirat.services.access.session import create_vault, sign_in
    from sirat.vault.crypto import KDF_FLOOR

    path: Path = ctx.subdir("exchange") / name
    admin = create_vault(path, "bench-admin", _PASS, kdf=KDF_FLOOR)
    users.add_user(admin, "bench-analyst", _PASS, "analyst", kdf=KDF_FLOOR)
    analyst = sign_in(path, "bench-analyst", _PASS, throttle=False)
    ctx.on_close(admin.lock)
    ctx.on_close(analyst.lock)
    return admin, analyst, path


def _setup(ctx: Context) -> dict[str, Any]:
    if "exchange" in ctx.shared:
        return ctx.shared["exchange"]  # type: ignore[no-any-return]
    from sirat.services.attachments import store as attachments
    from sirat.services.exchange import identity
    from sirat.services.reports import records as reports
    from sirat.services.reports.types import ReportDraft

    a_admin, sender, _ = _station(ctx, "a")
    b_admin, receiver, _ = _station(ctx, "b")
    a_id, b_id = identity.workstation_id(a_admin), identity.workstation_id(b_admin)
    identity.pin_partner(a_admin, b_id.card, "Bravo", "member-state", b_id.words)
    identity.pin_partner(b_admin, a_id.card, "Alpha", "member-state", a_id.words)
    rnd = random.Random(ctx.seed)
    ids = [reports.create_report(sender, ReportDraft(
        title=f"Shipment {i} through Kapitan Andreevo", crime_area="drugs",
        report_date="2026-11-20", reporting_country="BG", source_reliability="B",
        information_accuracy="2", classification="RESTRICTED",
        narrative=" ".join(rnd.choice(("lorry", "cocaine", "driver", "border", "container",
                                       "Petrov", "Jovanović", "port", "invoice"))
                           for _ in range(300)))).id for i in range(REPORTS)]
    attachments.add_attachment(sender, _photo(ctx.seed), "IMG_0001.jpg", report_id=ids[0])
    ctx.shared["exchange"] = {"sender": sender, "receiver": receiver, "ids": ids,
                              "packages": [], "export_cpu": []}
    return ctx.shared["exchange"]  # type: ignore[no-any-return]


def export(ctx: Context) -> Measurement:
    from sirat.services.exchange.packages import export_package

    st = _setup(ctx)
    samples: list[float] = []
    for _ in range(ctx.runs):
        out: list[bytes] = []
        wall, cpu = time.perf_counter(), time.process_time()
        export_package(st["sender"], st["ids"], ["Bravo"], out.append)
        samples.append((time.perf_counter() - wall) * 1000)
        st["export_cpu"].append((time.process_time() - cpu) * 1000)
        st["packages"].append(out[0])
    size = len(st["packages"][0])
    return Measurement(samples, cpu=list(st["export_cpu"]),
                       note=f"{REPORTS} reports, 1 photo; package {size / 2**20:.1f} MiB",
                       extra={"package_mib": round(size / 2**20, 2)})


def import_(ctx: Context) -> Measurement:
    from sirat.services.exchange.packages import import_package

    st = _setup(ctx)
    if not st["packages"]:
        export(ctx)
    samples: list[float] = []
    cpu: list[float] = []
    fresh = 0
    for data in st["packages"]:  # in the order they were made: each is a fresh import
        wall, cpu_start = time.perf_counter(), time.process_time()
        done = import_package(st["receiver"], data)
        samples.append((time.perf_counter() - wall) * 1000)
        cpu.append((time.process_time() - cpu_start) * 1000)
        fresh += not done.already_imported
    st["packages"] = []
    return Measurement(samples, cpu=cpu, note=f"{fresh} of {len(samples)} fresh imports; "
                       "thumbnail made in the image child")


FIGURES = [(EXPORT, export), (IMPORT, import_)]
