"""Measurements that need Qt or a whole process run in a child Python process.

``sirat.bench`` never imports Qt itself (only ``sirat.ui`` does): each probe below is a small
script run with ``python -c`` and ``QT_QPA_PLATFORM=offscreen``. It imports and calls the
UI's own code (imported, never probed: the modules are SIRAT's, and PySide6 is a required
dependency) and prints one JSON line: its figures, or ``{"error": ExceptionType}`` (types
only: no messages, no data).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sirat.bench import environment

TIMEOUT_S = 600.0
# The hook the app needs for "start to sign-in window as a whole process": when this is set,
# the app quits with exit code 0 as soon as the sign-in window has been shown.
START_HOOK_ENV = "SIRAT_EXIT_AFTER_FIRST_WINDOW"

PRELUDE = """
import json, os, resource, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
def _emit(obj):
    sys.stdout.write("\\nBENCH-JSON " + json.dumps(obj) + "\\n")
    sys.stdout.flush()
def _rss_mb():
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the forked parent image.
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
try:
    __BODY__
except SystemExit:
    raise
except BaseException as exc:
    _emit({"error": type(exc).__name__})
"""


class ProbeError(Exception):
    """The child process failed; the message is an exception type name or an exit code."""


def _indent(body: str) -> str:
    lines = body.strip("\n").splitlines()
    return "\n    ".join(lines)


def script(body: str) -> str:
    return PRELUDE.replace("__BODY__", _indent(body))


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = environment.strip(dict(os.environ))  # SIRAT_KDF_PROFILE and co. never reach a child
    env["QT_QPA_PLATFORM"] = "offscreen"
    if extra:
        env.update(extra)
    return env


def run(python: str, body: str, env: Mapping[str, str] | None = None,
        cwd: Path | None = None) -> dict[str, Any]:
    """Run a probe; return its JSON, or raise ProbeError."""
    proc = subprocess.run(  # noqa: S603 -- our own interpreter and script
        [python, "-c", script(body)],
        env=child_env(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    found: dict[str, Any] | None = None
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH-JSON "):
            found = json.loads(line[len("BENCH-JSON "):])
    if found is None:
        raise ProbeError(f"exit {proc.returncode}")
    if "error" in found:
        raise ProbeError(str(found["error"]))
    return found


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wall_time(argv: list[str], env: Mapping[str, str] | None = None,
              cwd: Path | None = None, cpu: list[float] | None = None) -> float:
    """Seconds from starting a process to its exit (it must exit 0); ``cpu`` receives the
    child's CPU seconds (user + system)."""
    cpu_start = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(  # noqa: S603 -- our own interpreter
        argv, env=child_env(env), cwd=cwd, capture_output=True, timeout=TIMEOUT_S, check=False
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise ProbeError(f"exit {proc.returncode}")
    if cpu is not None:
        cpu.append(_children_cpu() - cpu_start)
    return elapsed
