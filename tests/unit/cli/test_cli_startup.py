"""Start-up: ``sirat --help`` and a command import only what they need.

Asserted on the modules a fresh process has loaded, never on a time (the times are figures
of ``make bench``): a module that is not imported costs nothing on any machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import sirat.cli
from sirat import __version__
from sirat.cli import COMMANDS, build_parser, command_in, main

# What `sirat --help` must never load: the vault stack, the domain, the exporters, Qt.
HEAVY = ("sqlalchemy", "sqlcipher3", "argon2", "cryptography", "numpy", "matplotlib",
         "reportlab", "pyhanko", "PySide6", "rapidfuzz", "phonenumbers", "stdnum",
         "sirat.models", "sirat.services", "sirat.vault", "sirat.export", "sirat.chart",
         "sirat.names", "sirat.ui", "sirat.cli.cmd_", "sirat.cli.common")

PROBE = """
import json, sys
from sirat.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print("MODULES " + json.dumps(sorted(sys.modules)))
"""


def loaded_after(*argv: str, tmp_path: Path) -> tuple[set[str], str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIRAT_")}
    env["SIRAT_HOME"] = str(tmp_path / "home")
    proc = subprocess.run([sys.executable, "-c", PROBE, *argv], env=env, capture_output=True,
                          text=True, timeout=120, check=False, stdin=subprocess.DEVNULL)
    line = next(x for x in proc.stdout.splitlines() if x.startswith("MODULES "))
    return set(json.loads(line[len("MODULES "):])), proc.stdout


def heavy(modules: set[str], names: tuple[str, ...] = HEAVY) -> list[str]:
    return sorted(m for m in modules
                  if any(m == n or m.startswith(n if n.endswith("_") else n + ".")
                         for n in names))


def test_help_lists_every_command_without_importing_any(tmp_path: Path) -> None:
    modules, out = loaded_after("--help", tmp_path=tmp_path)
    assert heavy(modules) == []
    for name, cmd in COMMANDS.items():
        assert f"    {name}" in out
        assert cmd.help in out


def test_a_command_imports_its_own_module_and_no_other(tmp_path: Path) -> None:
    modules, out = loaded_after("report", "list", "--help", tmp_path=tmp_path)
    assert "--json" in out
    assert {"sirat.cli.cmd_report", "sirat.cli.cmd_workflow"} <= modules
    assert heavy(modules, ("sirat.cli.cmd_pdf", "sirat.cli.cmd_audit", "sirat.cli.cmd_demo",
                           "numpy", "matplotlib", "reportlab", "pyhanko", "PySide6",
                           "sirat.ui", "sirat.chart", "sirat.export")) == []


def test_pdf_verify_loads_no_renderer_and_no_qt(tmp_path: Path) -> None:
    modules, _ = loaded_after("pdf", "verify", "--help", tmp_path=tmp_path)
    assert heavy(modules, ("numpy", "matplotlib", "reportlab", "PySide6", "sirat.ui")) == []


def test_every_command_module_is_in_the_table() -> None:
    """A new cmd_*.py that nobody added to COMMANDS would silently never run."""
    folder = Path(sirat.cli.__file__).parent
    on_disk = {f"sirat.cli.{p.stem}" for p in folder.glob("cmd_*.py")}
    build_parser(every=True)
    assert on_disk <= set(sys.modules)


def test_the_table_help_is_what_the_command_registers() -> None:
    parser = build_parser(every=True)
    sub = next(a for a in parser._actions if a.dest == "command")
    registered = {a.dest: a.help for a in sub._choices_actions}  # type: ignore[attr-defined]
    assert registered == {name: cmd.help for name, cmd in COMMANDS.items()}


@pytest.mark.parametrize(("argv", "word"), [
    ([], None),
    (["--help"], None),
    (["--vault", "report", "report", "list"], "report"),
    (["--vault=/x", "pdf", "export"], "pdf"),
    (["-h", "user"], "user"),
    (["--", "vault", "init"], "vault"),
])
def test_the_command_word_is_found_before_parsing(argv: list[str], word: str | None) -> None:
    assert command_in(argv) == word


def test_version_and_an_unknown_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"sirat {__version__}"
    with pytest.raises(SystemExit) as done:
        main(["reprot", "list"])
    assert done.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "invalid choice: 'reprot'" in err[0]


def test_an_abbreviated_top_level_option_is_not_guessed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # `--va report` would otherwise be read by argparse as `--vault report`, while the
    # command word finder sees `report`: abbreviations are refused at the top level.
    with pytest.raises(SystemExit) as done:
        main(["--va", "x", "report", "list"])
    assert done.value.code == 2
    assert "sirat:" in capsys.readouterr().err


# A command stopped where its key derivation would begin: what had it loaded by then?
UNTIL_KDF = """
import json, os, sys
import sirat.vault.crypto as crypto
def stop(*args, **kwargs):
    print("MODULES " + json.dumps(sorted(sys.modules)), flush=True)
    os._exit(0)
crypto.derive_kek = stop
from sirat.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("argv", [("report", "list"), ("report", "show", "SIRAT-2026-000001"),
                                  ("search", "-"), ("user", "list")])
def test_a_command_reaches_its_key_derivation_without_the_database_libraries(
    tmp_path: Path, argv: tuple[str, ...]
) -> None:
    """The passphrase's key derivation starts before SQLAlchemy, SQLCipher or the models are
    loaded: they come after it (bench figure start.command)."""
    from sirat.services.access.session import create_vault
    from sirat.vault.crypto import KDF_FLOOR

    vault = tmp_path / "v"
    create_vault(vault, "admin", "a long enough passphrase", kdf=KDF_FLOOR).lock()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIRAT_")}
    env |= {"SIRAT_HOME": str(tmp_path / "home"), "SIRAT_PASSPHRASE": "a long enough passphrase"}
    proc = subprocess.run(
        [sys.executable, "-c", UNTIL_KDF, *argv, "--vault", str(vault), "--user", "admin"],
        env=env, capture_output=True, text=True, timeout=120, check=False, input="Петров\n")
    line = next((x for x in proc.stdout.splitlines() if x.startswith("MODULES ")), None)
    assert line is not None, proc.stderr  # the command did reach its key derivation
    modules = set(json.loads(line[len("MODULES "):]))
    assert heavy(modules, ("sqlalchemy", "sqlcipher3", "sirat.models", "numpy", "reportlab",
                           "pyhanko", "PySide6")) == []
