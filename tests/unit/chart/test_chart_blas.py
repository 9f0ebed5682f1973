"""The layout runs on one BLAS thread and gives the same positions (issue 16)."""

from __future__ import annotations

import threading

import pytest

from sirat.bench.chart_pure import synthetic_graph
from sirat.chart import blas
from sirat.chart.layout import force_directed

pytestmark = pytest.mark.skipif(not blas.available(), reason="numpy's BLAS is not OpenBLAS")


def _threads() -> int:
    lib = blas._library()
    assert lib is not None
    return int(lib[1]())


def test_one_thread_inside_and_the_count_restored_after() -> None:
    before = _threads()
    with blas.one_blas_thread():
        assert _threads() == 1
        with blas.one_blas_thread():
            assert _threads() == 1
        assert _threads() == 1  # the outer block still holds it
    assert _threads() == before


def test_the_layout_is_the_same_with_one_thread_and_restores_the_count(
        monkeypatch: pytest.MonkeyPatch) -> None:
    graph = synthetic_graph(300, 700, seed=2)
    seen: list[int] = []
    real = blas.one_blas_thread

    def spy():  # type: ignore[no-untyped-def]
        ctx = real()

        class Wrapped:
            def __enter__(self) -> None:
                ctx.__enter__()
                seen.append(_threads())

            def __exit__(self, *exc: object) -> None:
                ctx.__exit__(*exc)

        return Wrapped()

    before = _threads()
    with_one = force_directed(graph, seed=5)
    monkeypatch.setattr("sirat.chart.layout.one_blas_thread", spy)
    assert force_directed(graph, seed=5) == with_one
    assert seen == [1]
    assert _threads() == before


def test_concurrent_layouts_restore_the_count() -> None:
    before = _threads()
    graph = synthetic_graph(200, 400, seed=1)
    results: list[object] = []
    workers = [threading.Thread(target=lambda: results.append(force_directed(graph, seed=3)))
               for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert len(results) == 3
    assert results[0] == results[1] == results[2]
    assert _threads() == before
