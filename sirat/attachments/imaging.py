"""Decode images only in a child process with limits (``_child.py``), and wait for it with a
timeout: a hostile photo (a decompression bomb, a decoder bug) costs a refused attachment,
never the app or a file on disk. The parent never calls Pillow on attachment content.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass

from sirat.errors import SiratError

THUMB_SIZE = 256
VIEW_SIZE = 4096
ANNEX_SIZE = 1600
TIMEOUT_S = 30.0


class ImageRefused(SiratError):
    """An image that could not be decoded safely (too big, broken, too slow)."""


@dataclass(frozen=True)
class Rendered:
    jpeg: bytes  # pixels only, re-encoded: no metadata
    width: int  # of the original
    height: int
    out_width: int
    out_height: int


def _child_env() -> dict[str, str]:
    # Only what Python needs to start; no user data paths, and one thread for the decoder.
    keep = ("PATH", "SYSTEMROOT", "LANG", "LC_ALL")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env["OMP_NUM_THREADS"] = "1"
    return env


#: The bundle's launcher (packaging/launch.py) runs the decoder child when given this first:
#: a frozen build has no interpreter to run ``-m``.
FROZEN_CHILD_FLAG = "--sirat-image-child"


def child_command() -> list[str]:
    """How to start the decoder child: our own interpreter isolated (``-I``: no user site,
    no PYTHON* variables), or the frozen bundle itself with the child's flag."""
    if getattr(sys, "frozen", False):
        return [sys.executable, FROZEN_CHILD_FLAG]
    return [sys.executable, "-I", "-m", "sirat.attachments._child"]


def render(data: bytes, op: str, size: int, *, timeout: float = TIMEOUT_S) -> Rendered:
    """Run ``op`` (``thumb`` or ``clean``) on ``data`` in a child; raises ImageRefused."""
    cmd = [*child_command(), op, str(size)]
    try:
        done = subprocess.run(  # noqa: S603 -- our own interpreter and module, fixed arguments
            cmd, input=data, capture_output=True, timeout=timeout, env=_child_env(),
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ImageRefused("The image took too long to decode and was refused.",
                           "Attach it as a file of another type, or convert it first.") from None
    out = done.stdout
    header: dict[str, object] = {}
    if len(out) >= 4:
        n = int.from_bytes(out[:4], "big")
        try:
            header = json.loads(out[4:4 + n])
        except ValueError:
            header = {}
        payload = out[4 + n:]
    if done.returncode != 0 or not header or "error" in header:
        reason = str(header.get("error") or "the image decoder stopped (limits reached)")
        raise ImageRefused(f"The image was refused: {reason}.",
                           "Check the file; a damaged or oversized image cannot be previewed.")
    return Rendered(payload, int(str(header["width"])), int(str(header["height"])),
                    int(str(header["out_width"])), int(str(header["out_height"])))
