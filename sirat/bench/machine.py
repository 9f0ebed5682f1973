"""A description of the machine and software a bench run measured (for the JSON output)."""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGES = (
    "sirat",
    "SQLAlchemy",
    "sqlcipher3",
    "PySide6-Essentials",
    "reportlab",
    "pyHanko",
    "pyhanko-certvalidator",
    "cryptography",
    "argon2-cffi",
    "numpy",
    "rapidfuzz",
)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_mb() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _sqlcipher_versions() -> dict[str, str]:
    try:
        import sqlcipher3

        conn = sqlcipher3.connect(":memory:")
        try:
            cipher = str(conn.execute("PRAGMA cipher_version").fetchone()[0])
            lite = str(conn.execute("SELECT sqlite_version()").fetchone()[0])
        finally:
            conn.close()
        return {"sqlcipher": cipher, "sqlcipher_sqlite": lite}
    except Exception as exc:  # describe what is there; never fail the run for this
        return {"sqlcipher": f"unavailable ({type(exc).__name__})"}


def _package_versions() -> dict[str, str]:
    out: dict[str, str] = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def load_average() -> list[float] | None:
    """1, 5 and 15-minute load averages: other work on the machine skews absolute figures."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def describe() -> dict[str, Any]:
    return {
        "cpu_model": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_mb": _memory_mb(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
        "stdlib_sqlite": sqlite3.sqlite_version,
        **_sqlcipher_versions(),
        "packages": _package_versions(),
        "load_average": load_average(),
    }
