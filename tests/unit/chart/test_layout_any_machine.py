"""The force layout depends on the code only: the same positions, bit for bit, whichever
BLAS kernel and thread count numpy's OpenBLAS picks for the CPU.

Before, FR's all-pairs step used BLAS products: a chart test passed here and failed on a
fresh workstation (18 edge labels on names, limit 17). ``OPENBLAS_CORETYPE`` makes this
machine run the kernels another CPU would.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

PROBE = """
import json
from sirat.bench.chart_pure import synthetic_graph
from sirat.chart.demo import demo_network
from sirat.chart.layout import force_directed
out = [sorted((k, float(x).hex(), float(y).hex()) for k, (x, y) in force_directed(g).items())
       for g in (demo_network(), synthetic_graph(300, 700))]
print(json.dumps(out))
"""


def _layout(**env: str) -> str:
    proc = subprocess.run([sys.executable, "-c", PROBE], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=300, check=True)
    return proc.stdout


@pytest.mark.skipif(platform.machine().lower() not in ("x86_64", "amd64"),
                    reason="OPENBLAS_CORETYPE names x86 kernels")
def test_the_same_positions_with_other_blas_kernels_and_threads() -> None:
    reference = _layout(OPENBLAS_CORETYPE="Haswell", OPENBLAS_NUM_THREADS="1")
    assert _layout(OPENBLAS_CORETYPE="Prescott", OPENBLAS_NUM_THREADS="2") == reference
    assert _layout(OPENBLAS_CORETYPE="Sandybridge", OPENBLAS_NUM_THREADS="1") == reference
