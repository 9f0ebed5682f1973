"""Owner-only modes on the vault folder: 0700 folders, 0600 files, enforced on every unlock."""

from __future__ import annotations

import os
from pathlib import Path


def enforce_private_modes(folder: Path) -> int:
    """Folder (and sub-folders) 0700, every file 0600; returns how many modes were changed.

    A vault restored from a copy, an archive or another user's umask may arrive with 0644
    files; the key file and the encrypted database are nobody else's business on a shared
    workstation. Symbolic links are left alone (never followed). POSIX only: on Windows the
    user profile's ACLs do this job.
    """
    if os.name != "posix":
        return 0
    changed = _chmod(folder, 0o700)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return changed
    for entry in entries:
        if entry.is_symlink():
            continue
        if entry.is_dir(follow_symlinks=False):
            changed += enforce_private_modes(Path(entry.path))
        elif entry.is_file(follow_symlinks=False):
            changed += _chmod(Path(entry.path), 0o600)
    return changed


def _chmod(path: Path, mode: int) -> int:
    try:
        if (os.lstat(path).st_mode & 0o777) == mode:
            return 0
        os.chmod(path, mode)
    except OSError:  # not ours, or gone meanwhile: nothing to tighten here
        return 0
    return 1
