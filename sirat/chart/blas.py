"""One BLAS thread while a chart is laid out.

numpy's OpenBLAS starts a thread per core and its idle threads spin; on a busy two-core
workstation the 2,000-node layout took 1.3-1.5 s of CPU with the default threads and 0.56 s
with one (FACTS.md, docs/bench.md). The layout's matrices are small (pivot MDS on 2 x 50
columns): one thread loses nothing. ``threadpoolctl`` does this for every BLAS it knows;
SIRAT needs it for numpy's own bundled OpenBLAS only, so this is the ~20 lines of it that
apply: find the library numpy loaded, call its ``set_num_threads``, restore afterwards.
Where the library or the symbol is not found (another BLAS), nothing changes.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

#: numpy >= 2 wheels (scipy-openblas, 64-bit ints), then older and system builds.
_PREFIXES = ("scipy_openblas", "openblas")
_SUFFIXES = ("64_", "_64_", "")

_lock = threading.Lock()
_users = 0
_saved = 0


@cache
def _library() -> tuple[Any, Any] | None:
    """(set_num_threads, get_num_threads) of numpy's bundled OpenBLAS, or None."""
    root = Path(np.__file__).resolve().parent
    for folder in (root.parent / "numpy.libs", root / ".libs", root.parent / "numpy" / ".libs"):
        for path in sorted(folder.glob("*openblas*")) if folder.is_dir() else ():
            try:
                lib = ctypes.CDLL(str(path))  # already loaded by numpy: the same handle
            except OSError:
                continue
            for prefix in _PREFIXES:
                for suffix in _SUFFIXES:
                    setter = getattr(lib, f"{prefix}_set_num_threads{suffix}", None)
                    getter = getattr(lib, f"{prefix}_get_num_threads{suffix}", None)
                    if setter is not None and getter is not None:
                        getter.restype = ctypes.c_int
                        return setter, getter
    return None


def available() -> bool:
    """Whether the thread count of numpy's BLAS can be set here."""
    return _library() is not None


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """numpy's BLAS on one thread inside the block (nested and concurrent blocks share it;
    the count in force before the first is restored after the last)."""
    global _users, _saved  # noqa: PLW0603 -- one process-wide setting, counted under a lock
    lib = _library()
    if lib is None:
        yield
        return
    setter, getter = lib
    with _lock:
        if _users == 0:
            _saved = int(getter())
            setter(1)
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                setter(_saved)
