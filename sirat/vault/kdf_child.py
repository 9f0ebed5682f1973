"""Argon2id in a short-lived child process, so its working memory never joins the app's.

Argon2id's 256 MiB (``STRONG_KDF``) are allocated on top of whatever the process already
holds: signing in after Qt and the sign-in window are loaded peaked at 422 MiB (FACTS.md,
docs/bench.md). Derived in a child, the memory is the child's and is returned to the system
when it exits; the app's own peak stays near what it needs for its windows and the vault.
The parameters are unchanged -- the derivation is exactly :func:`crypto.argon2id`.

How the secret travels: the passphrase (already NFC-encoded bytes) and the salt go to the
child through its **stdin pipe**, never through its command line or environment (both are
readable by other processes of the same user, and by crash reporters); the child writes the
32-byte key to its stdout pipe and exits. The child is ``python -I -c SOURCE``: isolated
(no ``PYTHON*`` variables, no user site, not the current folder on ``sys.path``), and the
source imports ``argon2`` only -- not SIRAT, not the vault, nothing that could read a file
of the user's. It also reports its own peak memory (``VmHWM``, Linux) for the bench.

Where no child can be started (a frozen build without a Python interpreter; an OS that
refuses the process), the derivation runs in this process, as before: same result, more
memory. A child that starts but fails raises :class:`KdfChildFailed` (never a key of
another derivation, never a partial one).
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from dataclasses import dataclass
from typing import Final

from sirat.errors import SiratError

log = logging.getLogger(__name__)

#: Derivations asking for at least this much memory run in a child (the floor, 64 MiB,
#: used by tests and the bench's extra users, stays in-process: a child costs ~30-60 ms).
CHILD_MIN_KIB: Final = 128 * 1024
_TIMEOUT_S: Final = 300.0

#: The whole child. Reads one JSON line (salt and parameters) then the secret to EOF.
SOURCE: Final = r"""
import json, sys
from argon2.low_level import Type, hash_secret_raw
head = json.loads(sys.stdin.buffer.readline())
secret = sys.stdin.buffer.read()
key = hash_secret_raw(secret, bytes.fromhex(head["salt"]), time_cost=head["t"],
                      memory_cost=head["m"], parallelism=head["p"], hash_len=head["n"],
                      type=Type.ID)
peak = None
try:
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1])
except OSError:
    pass
sys.stdout.buffer.write(key + json.dumps({"peak_kib": peak}).encode())
sys.stdout.buffer.flush()
"""


class KdfChildFailed(SiratError):
    """The key-derivation child process ended without a key."""


@dataclass(frozen=True, slots=True)
class ChildResult:
    key: bytes
    #: The child's peak resident memory in KiB (None where the OS does not say).
    peak_kib: int | None


#: The peak of the last child derivation in this process (the bench reports it).
last_child_peak_kib: int | None = None


def can_spawn() -> bool:
    """A real interpreter to run the child (a frozen build has none)."""
    return not getattr(sys, "frozen", False) and bool(sys.executable)


def derive(secret: bytes, salt: bytes, *, time_cost: int, memory_kib: int,
           parallelism: int, length: int) -> ChildResult:
    """Argon2id(secret, salt) in a child process. Raises OSError when no child can be
    started (the caller derives in-process then), KdfChildFailed when it fails."""
    global last_child_peak_kib  # noqa: PLW0603 -- a figure for the bench, nothing else
    head = json.dumps({"salt": salt.hex(), "t": time_cost, "m": memory_kib,
                       "p": parallelism, "n": length}).encode() + b"\n"
    proc = subprocess.Popen(  # noqa: S603 -- our interpreter, our source, no user input
        [sys.executable, "-I", "-c", SOURCE], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, close_fds=True)
    try:
        out, _ = proc.communicate(head + secret, timeout=_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise KdfChildFailed("Deriving the key took too long.",
                             "Close other programs and try again.") from None
    if proc.returncode != 0 or len(out) < length:
        log.error("key derivation child failed (exit %s)", proc.returncode)
        raise KdfChildFailed("The key could not be derived (out of memory?).",
                             "Close other programs and try again.")
    key, tail = out[:length], out[length:]
    try:
        peak = json.loads(tail or b"{}").get("peak_kib")
    except ValueError:
        peak = None
    last_child_peak_kib = int(peak) if isinstance(peak, int) else None
    return ChildResult(key, last_child_peak_kib)
