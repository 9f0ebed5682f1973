"""What every figure function may use: the run's settings, a work folder, the bench vault."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sirat.bench import dataset
from sirat.vault import Vault


@dataclass
class Context:
    scale: float
    seed: int
    repeat: int
    workdir: Path
    cache_dir: Path | None
    quick: bool = False
    python: str = sys.executable
    _bench: dataset.BenchVault | None = None
    _bench_error: BaseException | None = None
    shared: dict[str, Any] = field(default_factory=dict)
    _closers: list[Callable[[], None]] = field(default_factory=list)

    _vault: Vault | None = None

    @property
    def samples(self) -> int:
        """How many samples a latency figure takes (p95 needs more than a handful)."""
        return 3 if self.quick else max(20, 20 * self.repeat)

    @property
    def runs(self) -> int:
        """How many times a long operation (a KDF, a layout, an import) is repeated."""
        return 1 if self.quick else max(3, self.repeat)

    def vault(self) -> Vault:
        """The bench vault, signed in once for every figure that reads or writes rows
        (each unlock costs a key derivation)."""
        if self._vault is None:
            self._vault = dataset.unlock(self.bench())
            self.on_close(self._vault.lock)
        return self._vault

    def key(self) -> bytes:
        """The raw data key, for the baselines that work on a raw SQLCipher connection."""
        return self.vault()._require_key()

    def bench(self) -> dataset.BenchVault:
        """The bench vault, built on first use; a failed build fails every figure needing it."""
        if self._bench is not None:
            return self._bench
        if self._bench_error is not None:
            raise self._bench_error
        try:
            self._bench = dataset.prepare(self.scale, self.seed, self.workdir, self.cache_dir)
        except BaseException as exc:
            self._bench_error = exc
            raise
        return self._bench

    def subdir(self, name: str) -> Path:
        path = self.workdir / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def on_close(self, func: Callable[[], None]) -> None:
        """Run ``func`` when the run ends (close a vault a figure group kept open)."""
        self._closers.append(func)

    def close(self) -> None:
        while self._closers:
            func = self._closers.pop()
            with contextlib.suppress(Exception):  # cleanup must not hide the figures
                func()
