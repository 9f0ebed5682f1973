"""The bench honours its own settings only: ``SIRAT_KDF_PROFILE=floor`` (and SIRAT's other
variables) set in the shell are ignored and said so; interpreter settings that distort every
figure stop the run. Nothing here checks a time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sirat.bench import dataset, environment, probes
from sirat.services.access.session import create_vault
from sirat.vault.crypto import KDF_FLOOR, STRONG_KDF


def _bench(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m sirat.bench`` as ``make bench`` runs it, from a shell with ``env`` set."""
    full = {k: v for k, v in os.environ.items() if not k.startswith(("SIRAT_", "PYTHON"))}
    full.update(env, XDG_CACHE_HOME=str(tmp_path / "cache"))
    return subprocess.run([sys.executable, "-m", "sirat.bench", *args], env=full,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=900, check=False)


@pytest.mark.slow
def test_floor_profile_in_the_shell_is_ignored_and_said_so(tmp_path: Path) -> None:
    out, work = tmp_path / "bench.json", tmp_path / "work"
    run = _bench(tmp_path, "--scale", "0.001", "--quick", "--only", "unlock",
                 "--json", str(out), "--workdir", str(work),
                 SIRAT_KDF_PROFILE="floor", SIRAT_PASSPHRASE="not for the bench")
    assert run.returncode == 0, run.stderr
    assert "SIRAT_KDF_PROFILE=floor is set in this environment; the bench ignores it" in (
        run.stdout)
    assert "not for the bench" not in run.stdout + run.stderr + out.read_text()
    doc = json.loads(out.read_text(encoding="utf-8"))
    ignored = doc["settings"]["environment"]["ignored"]
    assert ignored["SIRAT_KDF_PROFILE"]["value"] == "floor"
    assert ignored["SIRAT_PASSPHRASE"]["value"] == "(set)"
    assert doc["settings"]["kdf"] == STRONG_KDF.as_dict()
    figures = {f["name"]: f for f in doc["figures"]}
    assert figures["unlock.kdf"]["extra"]["kdf_memory_kib"] == STRONG_KDF.memory_kib
    assert figures["unlock.sign_in"]["status"] == "ok"
    assert figures["unlock.sign_in"]["extra"]["slot_kdf_memory_kib"] == STRONG_KDF.memory_kib
    # The vault the sign-in was measured on: the bench user's slot is the strong one.
    bench = dataset.BenchVault(work / "vault", 0.001, 0, {}, None, False, "")
    assert dataset.slot_kdf(bench) == STRONG_KDF != KDF_FLOOR


def test_child_processes_never_see_sirat_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in environment.IGNORED:
        monkeypatch.setenv(name, "floor")
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    env = probes.child_env({"SIRAT_HOME": "/bench/own/home"})
    assert not (set(environment.IGNORED) - {"SIRAT_HOME"}) & set(env)
    assert env["SIRAT_HOME"] == "/bench/own/home"  # what a probe sets itself stays
    assert env["OMP_NUM_THREADS"] == "1"
    described = environment.describe()
    assert described["recorded"]["OMP_NUM_THREADS"] == "1"
    assert described["ignored"]["SIRAT_KDF_PROFILE"]["value"] == "floor"
    assert described["ignored"]["SIRAT_CERT_PASSPHRASE"]["value"] == "(set)"


@pytest.mark.parametrize(("name", "value"), [("PYTHONMALLOC", "malloc"),
                                             ("PYTHONTRACEMALLOC", "1"),
                                             ("PYTHONDEVMODE", "1")])
def test_interpreter_settings_that_distort_every_figure_stop_the_run(
        tmp_path: Path, name: str, value: str) -> None:
    out = tmp_path / "bench.json"
    run = _bench(tmp_path, "--scale", "0.001", "--quick", "--json", str(out), **{name: value})
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert name in lines[0]
    assert "Unset it" in lines[0]
    assert "Traceback" not in run.stderr
    assert not out.exists()
    assert not (tmp_path / "cache").exists()


def test_a_cached_vault_with_another_kdf_is_never_measured(tmp_path: Path) -> None:
    """A cache entry built by an older bench under the floor profile: refused, not measured."""
    cache = tmp_path / "cache"
    entry = cache / dataset.cache_key(0.001, 7)
    (entry / "vault").mkdir(parents=True)
    create_vault(entry / "vault", dataset.BENCH_USER, dataset.BENCH_PASSPHRASE,
                 kdf=KDF_FLOOR).lock()
    (entry / "bench.json").write_text(json.dumps({"counts": {}, "build_s": 1.0}))
    with pytest.raises(dataset.WrongKdf):
        dataset.prepare(0.001, 7, tmp_path / "work", cache)
