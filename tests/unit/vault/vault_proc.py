"""A helper process for the vault tests (killed with SIGKILL, or holding a lock).

Usage: ``python vault_proc.py MODE VAULT USER``; the passphrase comes from SIRAT_PASSPHRASE.
Each mode prints one line per *committed* step, flushed, so the test knows what must survive.

``python vault_proc.py zygote`` imports everything once, then for each stdin line
``spawn<TAB>MODE<TAB>VAULT<TAB>USER<TAB>PASSPHRASE`` forks a worker (which prints
``pid N`` first) and for ``reap<TAB>N`` waits for that worker and prints ``reaped N``. Tests
that kill a worker many times so pay the interpreter start and the imports once.

- ``write``: append audit records and now and then add a user, forever.
- ``rotate``: rotate the data key, forever.
- ``hold``: open a write transaction, print ``held``, wait for a line on stdin, then commit.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sirat.services.access import users
from sirat.services.audit import log as audit
from sirat.vault import Vault
from sirat.vault.crypto import KDF_FLOOR
from sirat.vault.slots import SlotFile


def main() -> int:
    if sys.argv[1] == "zygote":
        return zygote()
    run(sys.argv[1], Path(sys.argv[2]), sys.argv[3], os.environ["SIRAT_PASSPHRASE"])
    return 0


def zygote() -> int:
    print("zygote", flush=True)
    for line in sys.stdin:
        command, *args = line.rstrip("\n").split("\t")
        if command == "spawn":
            mode, path, user, secret = args
            if os.fork() == 0:  # the worker: never returns into this loop
                try:
                    print(f"pid {os.getpid()}", flush=True)
                    run(mode, Path(path), user, secret)
                finally:
                    os._exit(1)
        elif command == "reap":
            os.waitpid(int(args[0]), 0)
            print(f"reaped {args[0]}", flush=True)
    return 0


def run(mode: str, path: Path, user: str, secret: str) -> None:
    vault = Vault.unlock(path, user, secret, throttle=False)
    print("ready", flush=True)
    if mode == "write":
        i = 0
        while True:
            i += 1
            if i % 5 == 0:
                name = f"w{os.getpid()}x{i}"
                users.add_user(vault, name, f"{name} passphrase", kdf=KDF_FLOOR)
                print(f"user {name}", flush=True)
            else:
                with vault.session(write=True) as s:
                    rec = audit.record(s, actor_id=vault.info.user_id, action="test.write",
                                       details={"i": i, "pad": "x" * (i % 700)})
                    rid = rec.id
                print(f"audit {rid}", flush=True)
    elif mode == "rotate":
        # Announce every key-file write, so the test can aim its kill at each phase of the
        # rotation protocol (pending written -> rekey -> promoted).
        save = SlotFile.save

        def announced_save(self: SlotFile, path: Path) -> None:
            save(self, path)
            print("saved pending" if self.pending else "saved", flush=True)

        SlotFile.save = announced_save  # type: ignore[method-assign]
        while True:
            gen = users.rotate_key(vault)
            print(f"gen {gen}", flush=True)
    elif mode == "hold":
        with vault.session(write=True) as s:
            audit.record(s, actor_id=vault.info.user_id, action="test.hold")
            print("held", flush=True)
            sys.stdin.readline()
        print("released", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
