"""Start-up, as whole processes beside their floors measured in the same run.

``sirat --help`` beside ``python -c pass``; a CLI command up to the moment it starts the key
derivation (its own overhead: interpreter, imports, parsing, the vault's files) beside
``python -c pass``; ``sirat`` (the app) to its sign-in window beside a bare PySide6 process
showing one empty window. Samples and baselines alternate, so a change of load on a shared
machine falls on both. Nothing here needs the bench vault: a small vault is made for the
command and the sign-in window (neither reads its rows before the key is derived).
"""

from __future__ import annotations

import sys
from pathlib import Path

from sirat.bench import probes
from sirat.bench.context import Context
from sirat.bench.core import Measurement, Spec

HELP = Spec("start.help", "`sirat --help` (whole process)", "s", 0.15, "median",
            "python -c pass")
COMMAND = Spec("start.command", "CLI command up to its key derivation (whole process)", "s",
               0.3, "median", "python -c pass")
SIGNIN = Spec("start.signin", "app start to sign-in window (whole process)", "s", 0.5,
              "median", "bare Qt window process")

EMPTY = "pass"  # the body of `python -c pass`
BARE_QT = (
    "from PySide6.QtWidgets import QApplication, QWidget\n"
    "app = QApplication([])\nw = QWidget()\nw.show()\napp.processEvents()\n"
)
USER = "bench"
PASSPHRASE = "sirat start-up bench passphrase"  # noqa: S105 -- a throwaway vault

# The command runs as `sirat` would run it; when the vault's crypto module is loaded, its
# key derivation is replaced by an immediate exit, so the process ends where the KDF (a
# deliberate cost, measured by `unlock.kdf`) would begin. A meta-path hook rather than an
# import in advance: importing the module first would take its cost out of the figure.
UNTIL_KDF = """
import importlib.abc, importlib.util, os, sys
class _StopAtKdf(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "sirat.vault.crypto":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            def stop(*args, **kwargs):
                sys.stdout.flush()
                os._exit(0)
            module.derive_kek = stop
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, _StopAtKdf())
from sirat.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _samples(ctx: Context) -> int:
    return 3 if ctx.quick else max(20, ctx.samples // 2)  # issue 16: >= 20 per start figure


def _sirat(ctx: Context) -> list[str]:
    """The installed ``sirat`` script beside the interpreter, else ``python -m sirat``."""
    script = Path(ctx.python).parent / ("sirat.exe" if sys.platform == "win32" else "sirat")
    return [str(script)] if script.exists() else [ctx.python, "-m", "sirat"]


def _home(ctx: Context) -> Path:
    """A SIRAT_HOME whose default vault is a small real vault (made once per run)."""
    home = ctx.subdir("start-home")
    vault = home / "vault"
    if not vault.exists():
        from sirat.services.access.session import create_vault
        from sirat.vault.crypto import KDF_FLOOR

        create_vault(vault, USER, PASSPHRASE, kdf=KDF_FLOOR).lock()
    return home


def _alternate(ctx: Context, argv: list[str], base: list[str],
               env: dict[str, str] | None = None) -> Measurement:
    samples: list[float] = []
    baseline: list[float] = []
    cpu: list[float] = []
    # An installed SIRAT runs from compiled bytecode (pip and PyInstaller compile it): let the
    # first run write it even where PYTHONDONTWRITEBYTECODE is set (an empty value unsets it).
    env = {**(env or {}), "PYTHONDONTWRITEBYTECODE": ""}
    probes.wall_time(argv, env)  # compile once and warm the file cache: a warm start
    for _ in range(_samples(ctx)):
        baseline.append(probes.wall_time(base, env))
        samples.append(probes.wall_time(argv, env, cpu=cpu))
    return Measurement(samples, baseline=baseline, latency=False, cpu=cpu)


def cli_help(ctx: Context) -> Measurement:
    m = _alternate(ctx, [*_sirat(ctx), "--help"], [ctx.python, "-c", EMPTY],
                   {"SIRAT_HOME": str(ctx.subdir("start-help-home"))})
    m.note = "the installed sirat script, whole process"
    return m


def command(ctx: Context) -> Measurement:
    home = _home(ctx)
    env = {"SIRAT_HOME": str(home), "SIRAT_PASSPHRASE": PASSPHRASE}
    argv = [ctx.python, "-c", UNTIL_KDF, "report", "list", "--user", USER]
    m = _alternate(ctx, argv, [ctx.python, "-c", EMPTY], env)
    m.note = "`sirat report list`, the process ending where the KDF would start"
    return m


def signin(ctx: Context) -> Measurement:
    env = {probes.START_HOOK_ENV: "1", "SIRAT_HOME": str(_home(ctx))}
    m = _alternate(ctx, _sirat(ctx), [ctx.python, "-c", BARE_QT], env)
    m.note = f"sirat with {probes.START_HOOK_ENV}=1 (quits once the window is shown)"
    return m


FIGURES = [(HELP, cli_help), (COMMAND, command), (SIGNIN, signin)]
