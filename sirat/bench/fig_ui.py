"""The app as an analyst meets it, measured in child processes (offscreen Qt): the report
list's first screen and scroll, and the peak memory of the app with the bench vault open and
the list shown. (Start to the sign-in window is in :mod:`sirat.bench.fig_start`.)"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from sirat.bench import dataset, probes
from sirat.bench.context import Context
from sirat.bench.core import Measurement, NotBuilt, Spec

LIST_FIRST = Spec("list.first_screen", "report list first screen (offscreen Qt)", "ms", 100.0,
                  "median")
LIST_SCROLL = Spec("list.fetch_more", "report list scroll: one fetchMore chunk", "ms")
MEMORY = Spec("memory.peak_rss", "peak memory: app, vault open, list shown", "MB", 250.0,
              "median")

MEMORY_NOW = Spec("memory.rss_list_shown", "memory with the list shown (after sign-in)", "MB")


def _home(ctx: Context) -> Path:
    """A SIRAT_HOME whose default vault is the bench vault (when it exists)."""
    home = ctx.subdir("home")
    link = home / "vault"
    if not link.exists():
        with contextlib.suppress(NotBuilt):
            link.symlink_to(ctx.bench().path, target_is_directory=True)
    return home


SESSION = """
from pathlib import Path
def _rss_now():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return None
rss_start = _rss_mb()
from sirat.services.access.session import sign_in
vault = sign_in(Path(os.environ["BENCH_VAULT"]), os.environ["BENCH_USER"],
                os.environ["BENCH_PASS"], throttle=False)
rss_vault = _rss_mb()
from PySide6.QtCore import QEventLoop, QModelIndex, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QTableView
app = QApplication([])
from sirat.ui.context import Context
from sirat.ui.report_model import ReportListModel
from sirat.ui.registry import build_registry
from sirat.ui.clipboard import SecureClipboard
from sirat.ui.filter_bar import ListFilters
from sirat.ui.tasks import Tasks
tasks = Tasks()
settings = QSettings(os.environ["BENCH_INI"], QSettings.Format.IniFormat)
context = Context(vault=vault, tasks=tasks, settings=settings, clipboard=SecureClipboard(),
                  registry=build_registry())
def wait(signal):
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(60000, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)
n = int(os.environ["BENCH_N"])
"""

LIST_PROBE = SESSION + """
view = QTableView()
view.resize(1200, 800)
view.show()
app.processEvents()
# CPU: the process's (the GUI thread and the vault worker that runs the SQL).
first, first_cpu = [], []
for i in range(n + 1):
    model = ReportListModel(context)
    view.setModel(model)
    t, c = time.perf_counter(), time.process_time()
    model.set_filters(ListFilters())
    wait(model.loaded)
    view.viewport().repaint()
    first.append((time.perf_counter() - t) * 1000)
    first_cpu.append((time.process_time() - c) * 1000)
scroll, scroll_cpu = [], []
rows = model.rowCount()
for i in range(n):
    if not model.canFetchMore(QModelIndex()):
        break
    t, c = time.perf_counter(), time.process_time()
    model.fetchMore(QModelIndex())
    wait(model.rowsInserted)
    view.viewport().repaint()
    scroll.append((time.perf_counter() - t) * 1000)
    scroll_cpu.append((time.process_time() - c) * 1000)
_emit({"cold_ms": first[0], "cold_cpu_ms": first_cpu[0], "first_ms": first[1:],
       "first_cpu_ms": first_cpu[1:], "scroll_ms": scroll, "scroll_cpu_ms": scroll_cpu,
       "page": rows, "total": model.total})
tasks.shutdown()
"""

# The app's own order: Qt and the sign-in window first, then the key derivation (in its
# child process since issue 16), then the main window and 20 pages of the list.
APP_SESSION = """
from pathlib import Path
def _rss_now():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return None
from PySide6.QtCore import QEventLoop, QModelIndex, QSettings, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from sirat.ui.tasks import Tasks
tasks = Tasks()
settings = QSettings(os.environ["BENCH_INI"], QSettings.Format.IniFormat)
from sirat.ui.signin_window import SignInWindow
signin = SignInWindow(tasks, settings, Path(os.environ["BENCH_VAULT"]))
signin.show()
app.processEvents()
rss_start = _rss_mb()
from sirat.services.access.session import sign_in
vault = sign_in(Path(os.environ["BENCH_VAULT"]), os.environ["BENCH_USER"],
                os.environ["BENCH_PASS"], throttle=False)
rss_vault = _rss_mb()
from sirat.vault import kdf_child
child_peak_kib = kdf_child.last_child_peak_kib
signin.close()
from sirat.ui.context import Context
from sirat.ui.registry import build_registry
from sirat.ui.clipboard import SecureClipboard
context = Context(vault=vault, tasks=tasks, settings=settings, clipboard=SecureClipboard(),
                  registry=build_registry())
def wait(signal):
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(60000, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)
n = int(os.environ["BENCH_N"])
"""

MEMORY_PROBE = APP_SESSION + """
from sirat.ui.main_window import MainWindow
t = time.perf_counter()
window = MainWindow(context)
window.show()
wait(window.model.loaded)
window.table.viewport().repaint()
first_ms = (time.perf_counter() - t) * 1000
for i in range(n):
    if not window.model.canFetchMore(QModelIndex()):
        break
    window.model.fetchMore(QModelIndex())
    wait(window.model.rowsInserted)
    window.table.viewport().repaint()
_emit({"peak_rss_mb": _rss_mb(), "rss_after_unlock_mb": rss_vault, "rss_now_mb": _rss_now(),
       "rss_before_unlock_mb": rss_start, "kdf_child_peak_kib": child_peak_kib,
       "window_first_rows_ms": first_ms, "rows_shown": window.model.rowCount()})
tasks.shutdown()
"""


def _session_env(ctx: Context, n: int) -> dict[str, str]:
    bench = ctx.bench()
    return {"BENCH_VAULT": str(bench.path), "BENCH_USER": dataset.BENCH_USER,
            "BENCH_PASS": dataset.BENCH_PASSPHRASE, "BENCH_N": str(n),
            "BENCH_INI": str(ctx.subdir("qt") / "settings.ini"),
            "SIRAT_HOME": str(_home(ctx))}


def list_first(ctx: Context) -> Measurement:
    out = _list(ctx)
    return Measurement(out["first_ms"], cpu=out["first_cpu_ms"],
                       note="new ReportListModel + QTableView, default sort; CPU of the "
                            "process (GUI thread + vault worker)",
                       extra={"cold_ms": round(out["cold_ms"], 1),
                              "cold_cpu_ms": round(out["cold_cpu_ms"], 1),
                              "page_rows": out["page"], "total_rows": out["total"]})


def list_scroll(ctx: Context) -> Measurement:
    out = _list(ctx)
    return Measurement(out["scroll_ms"], cpu=out["scroll_cpu_ms"],
                       extra={"chunk_rows": out["page"]})


def _list(ctx: Context) -> dict[str, Any]:
    if "list" not in ctx.shared:
        n = max(3, ctx.samples // 2)
        ctx.shared["list"] = probes.run(ctx.python, LIST_PROBE, _session_env(ctx, n))
    return dict(ctx.shared["list"])


#: Whole app processes for the memory figure (3 with --quick).
MEMORY_SAMPLES = 20


def _memory(ctx: Context) -> list[dict[str, Any]]:
    if "memory" not in ctx.shared:
        runs = 3 if ctx.quick else MEMORY_SAMPLES
        ctx.shared["memory"] = [probes.run(ctx.python, MEMORY_PROBE, _session_env(ctx, 20))
                                for _ in range(runs)]
    return list(ctx.shared["memory"])


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def memory_now(ctx: Context) -> Measurement:
    outs = _memory(ctx)
    return Measurement([float(o["rss_now_mb"]) for o in outs], latency=False,
                       note="VmRSS once the list is shown")


def memory(ctx: Context) -> Measurement:
    outs = _memory(ctx)
    child = [o["kdf_child_peak_kib"] / 1024 for o in outs if o.get("kdf_child_peak_kib")]
    return Measurement(
        [float(o["peak_rss_mb"]) for o in outs], latency=False,
        note=(f"peak RSS (VmHWM) of the app, {len(outs)} processes, in the app's order: Qt "
              "and the sign-in window, then sign-in (Argon2id in its child), MainWindow, 20 "
              "pages; the KDF child's own peak beside"),
        extra={"samples": len(outs),
               "kdf_child_peak_mb": round(_median(child), 1) if child else None,
               "rss_with_signin_window_mb": round(_median(
                   [o["rss_before_unlock_mb"] for o in outs]), 1),
               "rss_after_unlock_mb": round(_median([o["rss_after_unlock_mb"] for o in outs]), 1),
               "rss_at_end_mb": round(_median([o["rss_now_mb"] or 0.0 for o in outs]), 1),
               "window_first_rows_ms": round(_median(
                   [o["window_first_rows_ms"] for o in outs]), 1),
               "rows_shown": outs[0]["rows_shown"]})


FIGURES = [(LIST_FIRST, list_first), (LIST_SCROLL, list_scroll),
           (MEMORY, memory), (MEMORY_NOW, memory_now)]
