"""The bench honours its own settings only: environment variables that would change what it
measures are ignored (and said so), or stop the run before it starts.

``SIRAT_KDF_PROFILE=floor`` exists for test suites and scripted demos: it lowers the key
derivation of every new key slot to the floor (64 MiB instead of 256 MiB). A bench run from
a shell where it is set would report flattering sign-in and memory figures. So:

- SIRAT's own variables (:data:`IGNORED`) are ignored: the bench passes the values it
  measures with explicitly (``dataset.BENCH_KDF``, its own ``SIRAT_HOME`` per probe),
  removes these variables from the environment of every child process it starts, and lists
  the ones it found in its output and its JSON (``settings.environment.ignored``; the value
  only where it is not a secret).
- Interpreter settings that slow down or bloat every measurement and cannot be undone once
  the interpreter runs (:data:`REFUSED`: tracemalloc, development mode, debug allocators,
  import timing) stop the run with one line saying which and how to fix it.
- Thread-count variables (:data:`RECORDED`) are legitimate tuning (FACTS: limiting BLAS
  threads on a busy 2-core machine); they are kept and written down beside the figures.
"""

from __future__ import annotations

import os
import sys
import tracemalloc
from collections.abc import Mapping
from typing import Any, Final

#: SIRAT's variables (``grep -rn environ sirat/``) and why a bench run must not honour them.
IGNORED: Final = {
    "SIRAT_KDF_PROFILE": "'floor' lowers the key derivation of new key slots (tests, demos): "
                         "sign-in and peak memory would look better than users see them",
    "SIRAT_HOME": "moves the app's data folder; the probes set their own",
    "SIRAT_EXIT_AFTER_FIRST_WINDOW": "makes the app quit at its first window; only the "
                                     "start-up figure sets it, for its own child",
    "SIRAT_USER": "a command-line default; the bench signs in as its own user",
    "SIRAT_PASSPHRASE": "a command-line secret; the bench uses its own synthetic passphrase",
    "SIRAT_NEW_PASSPHRASE": "a command-line secret; not used by the bench",
    "SIRAT_CERT_PASSPHRASE": "a command-line secret; not used by the bench",
}
#: Their values may be shown; the others' values are never printed or written.
SHOWN_VALUES: Final = frozenset({"SIRAT_KDF_PROFILE", "SIRAT_EXIT_AFTER_FIRST_WINDOW"})
#: Interpreter variables that change every figure and cannot be undone in a running process.
REFUSED: Final = {
    "PYTHONTRACEMALLOC": "traces every allocation (slower, more memory)",
    "PYTHONDEVMODE": "development mode adds checks to every allocation and call",
    "PYTHONMALLOC": "a debug or plain-malloc allocator changes speed and memory",
    "PYTHONPROFILEIMPORTTIME": "import timing slows the start-up figures",
    "PYTHONMALLOCSTATS": "allocator statistics on every arena change",
}
#: Kept and written down beside the figures.
RECORDED: Final = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                   "NUMEXPR_NUM_THREADS", "PYTHONHASHSEED", "QT_QPA_PLATFORM")


class RefusedEnvironment(Exception):
    """The interpreter runs with a setting that would distort every figure (message: which,
    and how to run the bench without it)."""


def refused(environ: Mapping[str, str] | None = None) -> list[str]:
    """What in this interpreter would distort every figure (empty when nothing does)."""
    env = os.environ if environ is None else environ
    found = [f"{name} ({why})" for name, why in REFUSED.items() if env.get(name)]
    if environ is None:
        if tracemalloc.is_tracing() and not env.get("PYTHONTRACEMALLOC"):
            found.append(f"-X tracemalloc ({REFUSED['PYTHONTRACEMALLOC']})")
        if sys.flags.dev_mode and not env.get("PYTHONDEVMODE"):
            found.append(f"-X dev ({REFUSED['PYTHONDEVMODE']})")
        if "importtime" in sys._xoptions and not env.get("PYTHONPROFILEIMPORTTIME"):
            found.append(f"-X importtime ({REFUSED['PYTHONPROFILEIMPORTTIME']})")
    return found


def check() -> None:
    """Raise :class:`RefusedEnvironment` if the run cannot give real figures."""
    found = refused()
    if found:
        raise RefusedEnvironment(
            "The bench does not run with " + "; ".join(found) + ": every figure would be "
            "distorted. Unset it (or drop the -X option) and run the bench again.")


def ignored(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The variables of :data:`IGNORED` that are set: name -> value (or ``"(set)"``)."""
    env = os.environ if environ is None else environ
    return {name: (env[name] if name in SHOWN_VALUES else "(set)")
            for name in IGNORED if env.get(name) is not None}


def strip(env: dict[str, str]) -> dict[str, str]:
    """``env`` without the ignored variables (for a child process)."""
    for name in IGNORED:
        env.pop(name, None)
    return env


def describe(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """For the JSON: what was ignored and why, and the recorded tuning variables."""
    env = os.environ if environ is None else environ
    found = ignored(env)
    return {
        "ignored": {name: {"value": value, "why": IGNORED[name]}
                    for name, value in found.items()},
        "recorded": {name: env[name] for name in RECORDED if name in env},
    }


def notes(environ: Mapping[str, str] | None = None) -> list[str]:
    """One printed line per ignored variable."""
    return [f"note: {name + '=' + value if name in SHOWN_VALUES else name} is set in this "
            f"environment; the bench ignores it ({IGNORED[name]}): every figure uses the "
            "bench's own settings."
            for name, value in ignored(environ).items()]
