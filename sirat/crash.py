"""One hook for bugs, on both ``sys.excepthook`` and ``threading.excepthook``.

A crash record keeps exception *types* and frames (file, line, function) only: never the
message or the locals, which may hold personal data.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import traceback
import uuid
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from sirat import clock, config

log = logging.getLogger(__name__)

Listener = Callable[[Path | None], None]
_listeners: list[Listener] = []


def describe(exc: BaseException) -> list[dict[str, object]]:
    chain: list[dict[str, object]] = []
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        frames = [
            {"file": Path(f.filename).name, "line": f.lineno, "function": f.name}
            for f in traceback.extract_tb(cur.__traceback__)
        ]
        chain.append({"type": f"{type(cur).__module__}.{type(cur).__qualname__}",
                      "frames": frames})
        cur = cur.__cause__ or cur.__context__
    return chain


def write_record(exc: BaseException) -> Path | None:
    record = {
        "at": clock.now().isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "exceptions": describe(exc),
    }
    folder = config.crash_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = folder / f"crash-{uuid.uuid4().hex[:12]}.json"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(record, fh, indent=1)
    except OSError:
        return None
    return path


def handle(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if exc.__traceback__ is None and tb is not None:
        exc = exc.with_traceback(tb)
    path = write_record(exc)
    log.error("unexpected error %s; crash record written", exc_type.__name__)
    for listener in list(_listeners):
        listener(path)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        handle(args.exc_type, args.exc_value, args.exc_traceback)


def install(listener: Listener | None = None) -> None:
    sys.excepthook = handle
    threading.excepthook = _thread_hook
    if listener is not None:
        _listeners.append(listener)
