"""Helpers shared by the vault tests: raw-byte snapshots, the data key, subprocess control."""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from sirat.vault import crypto
from sirat.vault.backup import DB_NAME, SLOTS_NAME
from sirat.vault.slots import SlotFile, auth_secret_of, open_data_key, unwrap_private

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
PROC = HERE / "vault_proc.py"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative path -> bytes)."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def db_and_slots(folder: Path) -> tuple[bytes, bytes]:
    return (folder / DB_NAME).read_bytes(), (folder / SLOTS_NAME).read_bytes()


def data_key_of(folder: Path, user: str, passphrase: str) -> bytes:
    """Unwrap the current data key from keyslots.json by hand, without opening the database."""
    slots = SlotFile.load(folder / SLOTS_NAME)
    lookup = crypto.lookup_id(slots.vault_id, user)
    slot = slots.find(lookup)
    assert slot is not None
    private = unwrap_private(slots, slot, passphrase)
    auth_secret, _ = auth_secret_of(slots, slot, private)
    return open_data_key(slots, lookup, slot.data_key, slots.generation, private, auth_secret)


def flip_byte(path: Path, offset: int) -> None:
    with open(path, "r+b") as fh:
        fh.seek(offset)
        old = fh.read(1)
        fh.seek(offset)
        fh.write(bytes([old[0] ^ 0x01]))


class Proc:
    """A helper process whose output lines are read by a thread, so reads never block."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        full_env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1", **(env or {})}
        self.popen = subprocess.Popen(
            [sys.executable, str(PROC), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=full_env,
            cwd=REPO,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            self.lines.put(line.strip())
        self.lines.put(None)

    def next_line(self, timeout: float = 30.0) -> str:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError("no output from the helper process before the deadline") from None
        if line is None:
            err = self.popen.stderr.read() if self.popen.stderr else ""
            raise AssertionError(f"helper process ended early: {err[-2000:]}")
        return line

    def kill(self) -> list[str]:
        """SIGKILL the process; return every line it printed that was not read yet."""
        self.close()
        rest = []
        while not self.lines.empty():
            line = self.lines.get_nowait()
            if line is not None:
                rest.append(line)
        return rest

    def close(self) -> None:
        """SIGKILL (if still running), reap, let the reader reach end of file, close pipes."""
        if self.popen.poll() is None:
            self.popen.kill()
        self.popen.wait(timeout=30)
        self._reader.join(timeout=30)
        for stream in (self.popen.stdin, self.popen.stdout, self.popen.stderr):
            if stream is not None:
                stream.close()


class Zygote:
    """Forks killable workers from one helper process that has imported everything."""

    def __init__(self) -> None:
        self.proc = Proc("zygote")
        self.workers: set[int] = set()
        assert self.proc.next_line() == "zygote"

    def spawn(self, mode: str, vault: Path, user: str, passphrase: str) -> int:
        self._send("spawn", mode, str(vault), user, passphrase)
        first = self.proc.next_line()
        assert first.startswith("pid "), first
        pid = int(first.split()[1])
        self.workers.add(pid)
        return pid

    def next_line(self, timeout: float = 30.0) -> str:
        return self.proc.next_line(timeout)

    def kill(self, pid: int) -> list[str]:
        """SIGKILL the worker; return the lines it printed that were not read yet."""
        os.kill(pid, signal.SIGKILL)
        self.workers.discard(pid)
        self._send("reap", str(pid))
        rest = []
        while (line := self.proc.next_line()) != f"reaped {pid}":
            rest.append(line)
        return rest

    def _send(self, *fields: str) -> None:
        assert self.proc.popen.stdin is not None
        self.proc.popen.stdin.write("\t".join(fields) + "\n")
        self.proc.popen.stdin.flush()

    def close(self) -> None:
        """Kill any worker a failed test left running, then the zygote."""
        for pid in self.workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.proc.close()


def wait_until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    """Poll ``predicate`` until it holds; fail past the deadline."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met before the deadline")
        time.sleep(0.01)
