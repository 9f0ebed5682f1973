"""The raw-bytes scan behind the canary tests: no form of a canary in the vault folder or in
the files that appeared in the temporary folder since the test started."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from sirat.vault import Vault

MAX_SCAN = 64 * 1024 * 1024


def files_since(folder: Path, since: float) -> list[Path]:
    out = []
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            try:
                st = path.stat()
            except OSError:
                continue
            if st.st_mtime >= since and st.st_size <= MAX_SCAN and path.is_file():
                out.append(path)
    return out


def assert_never_on_disk(vault: Vault, forms: Iterable[str], since: float) -> None:
    """Scan while the vault is open (WAL present), then lock it and scan again."""
    encoded = {v for f in forms for v in (f.encode(), f.lower().encode(), f.upper().encode())}
    for phase in ("open", "closed"):
        if phase == "closed":
            vault.lock()
        # Every file of the vault folder (a copied vault.db keeps its old mtime until a
        # checkpoint), and what appeared in the temporary folder since the test started.
        files = files_since(vault.path, 0.0)
        files += files_since(Path(tempfile.gettempdir()), since)
        assert any(p.name == "vault.db" for p in files)
        if phase == "open":
            assert any(p.name.endswith("-wal") for p in files)
        for path in files:
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                # Another test process removed its own file between listing and reading.
                assert not path.is_relative_to(vault.path), path.name
                continue
            for form in encoded:
                assert form not in data, (phase, path.name)
