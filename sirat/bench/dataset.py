"""The bench vault: built once per run in a temporary folder, or reused from a cache.

At ``--scale 1.0`` the vault holds 100,000 reports and what the domain's seeded generator
(``sirat.services.demo.generate``, Core bulk inserts) writes with them: about 290,000
entities of every kind and 615,000 links and relations, names in Latin, Cyrillic and Greek.
A cached vault lives under ``~/.cache/sirat-bench/<key>``, where the key names the scale,
the seed, the schema version and a digest of the generator's source, so a change to either
builds a new one. Every run works on a copy: figures that write (a save, a sign-in's audit
record, an index rebuild) never touch the cache.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

from sirat.vault import Vault
from sirat.vault.crypto import STRONG_KDF, KdfParams, lookup_id
from sirat.vault.slots import SlotFile

BENCH_USER = "bench"
# Synthetic data only; the passphrase protects nothing and is not a secret.
BENCH_PASSPHRASE = "sirat bench passphrase (synthetic data)"  # noqa: S105
FULL_SCALE = {"reports": 100_000, "entities": 300_000, "links": 400_000}
DEMO_MODULE = "sirat.services.demo.generate"
FORMAT = 2  # bump when what the bench adds to the vault changes
#: The key derivation of the bench user's slot: what a new vault gets, stated here rather
#: than read from ``DEFAULT_KDF``, which ``SIRAT_KDF_PROFILE=floor`` lowers (see environment).
BENCH_KDF: KdfParams = STRONG_KDF
COUNTED = {
    "reports": "reports",
    "entities": "entities",
    "entity_names": "entity_names",
    "entity_identifiers": "entity_identifiers",
    "report_entities": "report_entities",
    "entity_relations": "entity_relations",
    "users": "users",
}


@dataclass(frozen=True)
class BenchVault:
    path: Path
    scale: float
    seed: int
    counts: dict[str, int]
    build_s: float | None  # None when it came from the cache
    cached: bool
    generator: str

    @property
    def db_path(self) -> Path:
        return self.path / "vault.db"

    @property
    def links(self) -> int:
        return self.counts.get("report_entities", 0) + self.counts.get("entity_relations", 0)


def target_reports(scale: float) -> int:
    return max(10, round(FULL_SCALE["reports"] * scale))


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sirat-bench"


def _generator() -> tuple[Any, str]:
    """The domain's seeded generator (``generate(vault, *, reports, seed)``)."""
    from sirat.services.demo.generate import generate

    return generate, DEMO_MODULE


STAFF = (("bench-analyst-1", "analyst"), ("bench-analyst-2", "analyst"),
         ("bench-analyst-3", "analyst"), ("bench-supervisor", "supervisor"))


def add_staff(vault: Vault) -> None:
    """Analysts and a supervisor besides the bench's administrator, so reports have several
    authors and approvers (KDF at the floor: the bench never opens their slots)."""
    from sirat.services.access.users import add_user
    from sirat.vault.crypto import KDF_FLOOR

    for name, role in STAFF:
        add_user(vault, name, f"{name} passphrase (synthetic)", role, kdf=KDF_FLOOR)


def _generator_digest() -> str:
    """A digest of the generator's source, so a changed generator builds a new cache entry."""
    digest = hashlib.sha256(f"bench-format-{FORMAT}".encode())
    # A vault cached with other key-derivation settings (an older bench run under
    # SIRAT_KDF_PROFILE=floor) is never reused.
    digest.update(json.dumps(BENCH_KDF.as_dict(), sort_keys=True).encode())
    _, module_name = _generator()
    # Every module of the generator's package (the word pools, identifiers, entities).
    source = Path(inspect.getfile(importlib.import_module(module_name)))
    for path in sorted(source.parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cache_key(scale: float, seed: int) -> str:
    from sirat.vault.migrations import latest_version

    return f"scale{scale:g}-seed{seed}-schema{latest_version()}-gen{_generator_digest()}"


def count_rows(vault: Vault) -> dict[str, int]:
    counts: dict[str, int] = {}
    with vault.engine.connect() as conn:
        for key, table in COUNTED.items():
            # Table names come from the constant above, never from input.
            counts[key] = int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
    return counts


def _build(dest: Path, scale: float, seed: int) -> tuple[dict[str, int], float, str]:
    from sirat.services.access.session import create_vault

    generate, source = _generator()
    vault = create_vault(dest, BENCH_USER, BENCH_PASSPHRASE, kdf=BENCH_KDF)
    try:
        add_staff(vault)
        start = time.perf_counter()
        generate(vault, reports=target_reports(scale), seed=seed)
        build_s = time.perf_counter() - start
        _ensure_search_index(vault)
        counts = count_rows(vault)
        with vault.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        vault.lock()
    return counts, build_s, source


def _ensure_search_index(vault: Vault) -> None:
    """Leave the vault as the app would find it: a search index that is current, so the
    first measured search does not build it (``search.index_build`` times that)."""
    from sirat.services.search.index import ensure_index

    ensure_index(vault)


def _copy(src: Path, dest: Path) -> None:
    shutil.copytree(src, dest)
    os.chmod(dest, 0o700)


def _prune(cache_dir: Path, keep: Path) -> None:
    """Drop entries for the same scale and seed built by an older schema or generator."""
    prefix = keep.name.split("-schema", 1)[0] + "-schema"
    for other in cache_dir.iterdir():
        if other != keep and other.name.startswith(prefix):
            shutil.rmtree(other, ignore_errors=True)


def prepare(scale: float, seed: int, workdir: Path, cache_dir: Path | None,
            name: str = "vault") -> BenchVault:
    """Build (or fetch from the cache) the bench vault and return a private working copy
    (``workdir/name``)."""
    work = workdir / name
    if cache_dir is None:
        counts, fresh_s, source = _build(work, scale, seed)
        fresh = BenchVault(work, scale, seed, counts, fresh_s, cached=False, generator=source)
        _require_bench_kdf(fresh)
        return fresh
    entry = cache_dir / cache_key(scale, seed)
    meta_file = entry / "bench.json"
    build_s: float | None = None
    if not meta_file.is_file():
        cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        staging = cache_dir / f".{entry.name}.building-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(mode=0o700)
        counts, build_s, source = _build(staging / "vault", scale, seed)
        (staging / "bench.json").write_text(json.dumps({
            "counts": counts, "build_s": build_s, "scale": scale, "seed": seed,
            "generator": source,
        }))
        shutil.rmtree(entry, ignore_errors=True)
        os.replace(staging, entry)
        _prune(cache_dir, entry)
    meta = json.loads(meta_file.read_text())
    _copy(entry / "vault", work)
    bench = BenchVault(work, scale, seed, dict(meta["counts"]), build_s,
                       cached=build_s is None, generator=str(meta.get("generator", "")))
    _require_bench_kdf(bench)
    return bench


def slot_kdf(bench: BenchVault) -> KdfParams | None:
    """The key derivation of the bench user's key slot (what each sign-in pays)."""
    slots = SlotFile.load(bench.path / "keyslots.json")
    slot = slots.find(lookup_id(slots.vault_id, BENCH_USER))
    return slot.kdf if slot is not None else None


class WrongKdf(Exception):
    """The bench user's key slot does not have the settings the bench measures."""


def _require_bench_kdf(bench: BenchVault) -> None:
    """Never measure a sign-in (or its memory) at other settings than ``BENCH_KDF``."""
    found = slot_kdf(bench)
    if found != BENCH_KDF:
        raise WrongKdf(f"the bench user's key slot has {found}, not {BENCH_KDF}")


def unlock(bench: BenchVault) -> Vault:
    return Vault.unlock(bench.path, BENCH_USER, BENCH_PASSPHRASE, throttle=False)


def unlock_analyst(bench: BenchVault) -> Vault:
    """The first bench analyst (the bench user is an administrator, who may not write
    reports); their slot's key derivation is at the floor, so this costs little."""
    name = next(n for n, role in STAFF if role == "analyst")
    return Vault.unlock(bench.path, name, f"{name} passphrase (synthetic)", throttle=False)
