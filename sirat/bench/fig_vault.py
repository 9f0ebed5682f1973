"""Unlocking: the key derivation (a deliberate cost), a whole sign-in, and opening the
database once the key is known (beside a plain SQLite open of the same schema)."""

from __future__ import annotations

import os
import sqlite3
import time

from sirat.bench import dataset, tables
from sirat.bench.context import Context
from sirat.bench.core import Measurement, Spec, time_calls
from sirat.vault import engine as eng
from sirat.vault.crypto import KDF_FLOOR, SALT_BYTES, derive_kek
from sirat.vault.folder import CHECK_ON_OPEN_BYTES

KDF = Spec("unlock.kdf", "key derivation (Argon2id, deliberate cost)", "ms")
SIGN_IN = Spec("unlock.sign_in", "sign-in (KDF + key slot + open + audit)", "ms")
OPEN = Spec(
    "unlock.open",
    "open after key derivation",
    "ms",
    5.0,
    "median",
    "plain SQLite open",
)


def kdf(ctx: Context) -> Measurement:
    salt = os.urandom(SALT_BYTES)
    samples = time_calls(
        lambda: derive_kek(dataset.BENCH_PASSPHRASE, salt, dataset.BENCH_KDF),
        ctx.runs,
        warmup=0,
    )
    params = {f"kdf_{k}": v for k, v in dataset.BENCH_KDF.as_dict().items()}
    floor = {f"floor_{k}": v for k, v in KDF_FLOOR.as_dict().items() if k != "algorithm"}
    return Measurement(samples, extra={**params, **floor})


def sign_in(ctx: Context) -> Measurement:
    from sirat.services.access.session import sign_in as do_sign_in

    bench = ctx.bench()

    def once() -> None:
        do_sign_in(bench.path, dataset.BENCH_USER, dataset.BENCH_PASSPHRASE, throttle=False).lock()

    samples = time_calls(once, ctx.runs, warmup=0)
    size = bench.db_path.stat().st_size
    extra: dict[str, object] = {"vault_mb": round(size / 2**20, 1)}
    slot = dataset.slot_kdf(bench)  # prepare() refuses a vault whose slot is not BENCH_KDF
    extra["slot_kdf_memory_kib"] = slot.memory_kib if slot is not None else None
    # Below this size the vault checks every page on unlock.
    extra["integrity_check_on_open"] = size <= CHECK_ON_OPEN_BYTES
    return Measurement(samples, extra=extra)


SIGN_IN_AFTER_KDF = Spec("unlock.sign_in_after_kdf",
                         "sign-in after the KDF (slot, open, checks, user, audit commit)",
                         "ms", 20.0, "median")


def sign_in_after_kdf(ctx: Context) -> Measurement:
    """The whole sign-in with the key derivation answered from a cache (derived once, for
    real, first): what is left is SIRAT's own work, and one fsync (the audit record)."""
    from sirat.services.access.session import sign_in as do_sign_in
    from sirat.vault import crypto

    bench = ctx.bench()
    real = crypto.derive_kek
    known: dict[tuple[str, bytes, object], bytes] = {}

    def cached(passphrase: str, salt: bytes, params: crypto.KdfParams) -> bytes:
        key = (passphrase, salt, params)
        if key not in known:
            known[key] = real(passphrase, salt, params)
        return known[key]

    wall: list[float] = []
    cpu: list[float] = []
    crypto.derive_kek = cached  # the bench's own process only
    try:
        do_sign_in(bench.path, dataset.BENCH_USER, dataset.BENCH_PASSPHRASE,
                   throttle=False).lock()  # derives once, for real
        for _ in range(ctx.samples):
            c0, w0 = time.process_time(), time.perf_counter()
            vault = do_sign_in(bench.path, dataset.BENCH_USER, dataset.BENCH_PASSPHRASE,
                               throttle=False)
            wall.append((time.perf_counter() - w0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            vault.lock()
    finally:
        crypto.derive_kek = real
    return Measurement(wall, cpu=cpu, note="KDF answered from a cache; the wall time holds "
                       "the audit record's fsync")


def _plain_copy(ctx: Context) -> str:
    """A plain SQLite file with the vault's schema, made once per run."""
    path = ctx.subdir("open") / "plain.db"
    if not path.exists():
        conn = tables.open_plain(path)
        try:
            tables.apply_schema(conn, lenient=True)
        finally:
            conn.close()
    return str(path)


def open_after_kdf(ctx: Context) -> Measurement:
    bench = ctx.bench()
    key = ctx.key()  # the bench measures the raw-key open itself

    def encrypted() -> None:
        eng.connect(bench.db_path, key).close()

    plain_path = _plain_copy(ctx)

    def plain() -> None:
        conn = sqlite3.connect(plain_path, isolation_level=None)
        tables.pragmas(conn)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.close()

    n = ctx.samples
    return Measurement(
        time_calls(encrypted, n, warmup=3),
        baseline=time_calls(plain, n, warmup=3),
        note="raw key: PRAGMA key + pragmas + first decrypted read",
    )


FIGURES = [(KDF, kdf), (SIGN_IN, sign_in), (SIGN_IN_AFTER_KDF, sign_in_after_kdf),
           (OPEN, open_after_kdf)]
