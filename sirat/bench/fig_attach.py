"""Attachments: attaching a 20 MB photo and opening its thumbnail (issue 20's targets).

``attach.photo_20mb`` is the whole use case -- type by content, thumbnail made in the child
process with limits, SHA-256, age encryption to a temporary file, fsync, rename and the
audited commit -- for a ~20 MB JPEG of camera-like noise (made once per run, seeded).
``attach.thumbnail`` is what the editor does to show it: read the stored JPEG thumbnail from
the database and decode it into a QImage. Both run on a small vault of their own (the cost
does not depend on how many reports the bench vault holds).
"""

from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Any

from sirat.bench.context import Context
from sirat.bench.core import Measurement, Spec, time_calls
from sirat.domain.vocab import AttachmentId, ReportId

ATTACH = Spec("attach.photo_20mb", "attach a 20 MB photo (thumbnail, encrypt, commit)", "ms",
              1000.0, "median")
THUMB = Spec("attach.thumbnail", "open its thumbnail (read + decode)", "ms", 50.0, "median")

_USER, _PASS = "bench-analyst", "bench analyst passphrase"


def _photo(seed: int) -> bytes:
    from PIL import Image

    rng = random.Random(seed)
    width, height = 4000, 3000
    noise = bytes(rng.getrandbits(8) for _ in range(width * height // 16 * 3))
    small = Image.frombytes("RGB", (width // 4, height // 4), noise)
    img = small.resize((width, height), Image.Resampling.NEAREST)
    for quality in (98, 95, 92, 90, 85, 80):
        out = io.BytesIO()
        img.save(out, "JPEG", quality=quality, subsampling=0)
        if out.tell() <= 20 * 2**20:
            break
    data = out.getvalue()
    return data + bytes(max(0, 20 * 2**20 - len(data)))  # pad to 20 MiB after the EOI


def _setup(ctx: Context) -> tuple[Any, int, bytes]:
    if "attach" in ctx.shared:
        return ctx.shared["attach"]  # type: ignore[no-any-return]
    from sirat.services.access import users
    from sirat.services.access.session import create_vault, sign_in
    from sirat.services.reports import records as reports
    from sirat.services.reports.types import ReportDraft
    from sirat.vault.crypto import KDF_FLOOR

    path: Path = ctx.subdir("attach") / "vault"
    admin = create_vault(path, "bench-admin", _PASS, kdf=KDF_FLOOR)
    users.add_user(admin, _USER, _PASS, "analyst", kdf=KDF_FLOOR)
    admin.lock()
    vault = sign_in(path, _USER, _PASS, throttle=False)
    ctx.on_close(vault.lock)
    report = reports.create_report(vault, ReportDraft(
        title="Bench attachments", crime_area="stolen_vehicles", report_date="2026-11-20",
        reporting_country="BG", source_reliability="B", information_accuracy="2",
        classification="RESTRICTED"))
    ctx.shared["attach"] = (vault, report.id, _photo(ctx.seed))
    return ctx.shared["attach"]  # type: ignore[no-any-return]


def attach(ctx: Context) -> Measurement:
    from sirat.services.attachments import store as attachments

    vault, report_id, photo = _setup(ctx)
    ids: list[int] = []
    cpu: list[float] = []

    def once() -> None:
        ids.append(attachments.add_attachment(vault, photo, "IMG_0001.jpg",
                                              report_id=ReportId(report_id)).id)

    samples = time_calls(once, ctx.runs, warmup=1, cpu=cpu)
    for extra_id in ids[1:]:  # keep one for the thumbnail figure
        attachments.delete_attachment(vault, AttachmentId(extra_id))
    ctx.shared["attach_id"] = ids[0]
    return Measurement(samples, note="child-process thumbnail included", cpu=cpu,
                       extra={"photo_mib": round(len(photo) / 2**20, 1)})


_THUMB_PROBE = """
from pathlib import Path
from PySide6.QtGui import QGuiApplication, QImage
from sirat.services.attachments import store as attachments
from sirat.services.access.session import sign_in
app = QGuiApplication([])
vault = sign_in(Path(os.environ["BENCH_VAULT"]), os.environ["BENCH_USER"],
                os.environ["BENCH_PASS"], throttle=False)
aid = int(os.environ["BENCH_ATTACHMENT"])
samples = []
for i in range(int(os.environ["BENCH_N"]) + 2):
    start = time.perf_counter()
    data = attachments.thumbnail(vault, aid)
    img = QImage()
    img.loadFromData(data or b"")
    assert not img.isNull()
    if i >= 2:
        samples.append((time.perf_counter() - start) * 1000)
vault.lock()
_emit({"samples": samples})
"""


def thumbnail(ctx: Context) -> Measurement:
    """In a child process (the bench never imports Qt): the service read plus the QImage
    decode, as the panel does it."""
    from sirat.bench import probes

    vault, _report_id, _photo_bytes = _setup(ctx)
    if "attach_id" not in ctx.shared:
        attach(ctx)
    found = probes.run(ctx.python, _THUMB_PROBE, env={
        "BENCH_VAULT": str(vault.path), "BENCH_USER": _USER, "BENCH_PASS": _PASS,
        "BENCH_ATTACHMENT": str(ctx.shared["attach_id"]), "BENCH_N": str(ctx.samples)})
    return Measurement([float(x) for x in found["samples"]],
                       note="child process: service read + QImage decode")


FIGURES = [(ATTACH, attach), (THUMB, thumbnail)]
