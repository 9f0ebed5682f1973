"""Small-cell suppression: no hidden count can be read off a line, no printed sum is small."""

from __future__ import annotations

from collections.abc import Hashable

from hypothesis import given, settings
from hypothesis import strategies as st

from sirat.domain.suppression import Line, observer_may_cross, one_way, suppress


def test_one_small_cell_takes_a_second_cell_with_it() -> None:
    hidden, total_hidden = one_way(["a", "b", "c"], [3, 40, 12], 55)
    assert hidden == {0, 2}
    assert not total_hidden


def test_zero_is_printed_and_a_small_total_is_hidden() -> None:
    hidden, total_hidden = one_way(["a", "b"], [0, 3], 3)
    assert hidden == {1}
    assert total_hidden


def test_two_small_cells_whose_sum_is_small_take_a_third() -> None:
    hidden, _ = one_way(["a", "b", "c"], [1, 1, 30], 32)
    assert hidden == {0, 1, 2}


def _cross(values: dict[tuple[int, int], int]) -> tuple[dict[Hashable, int], list[Line]]:
    rows = sorted({r for r, _c in values})
    cols = sorted({c for _r, c in values})
    pos: dict[Hashable, int] = {("c", r, c): n for (r, c), n in values.items()}
    for r in rows:
        pos[("r", r)] = sum(values[r, c] for c in cols)
    for c in cols:
        pos[("k", c)] = sum(values[r, c] for r in rows)
    pos[("g",)] = sum(values.values())
    lines = [Line(tuple(("c", r, c) for c in cols), ("r", r)) for r in rows]
    lines += [Line(tuple(("c", r, c) for r in rows), ("k", c)) for c in cols]
    lines += [Line(tuple(("r", r) for r in rows), ("g",)),
              Line(tuple(("k", c) for c in cols), ("g",))]
    return pos, lines


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 4), st.integers(1, 5), st.data())
def test_cross_tables_never_leak_a_small_count(n_rows: int, n_cols: int,
                                               data: st.DataObject) -> None:
    values = {(r, c): data.draw(st.integers(0, 12)) for r in range(n_rows)
              for c in range(n_cols)}
    pos, lines = _cross(values)
    hidden = suppress(pos, lines, 5)
    for p, n in pos.items():
        assert p in hidden or not 0 < n < 5  # primary
    for line in lines:
        unknown = [p for p in (*line.cells, line.total) if p in hidden]
        # one unknown in an equation would be computable from the printed ones
        assert len(unknown) != 1
        if line.total not in hidden and unknown:
            assert sum(pos[p] for p in unknown) >= 5


def test_persons_by_nationality_over_a_short_period_never_go_to_observers() -> None:
    assert not observer_may_cross(["nationality", "period"], "month")
    assert not observer_may_cross(["period", "nationality"], "quarter")
    assert observer_may_cross(["nationality", "period"], "half")
    assert observer_may_cross(["crime_area", "period"], "month")


def test_a_total_hidden_by_another_table_is_not_given_away_by_the_cells() -> None:
    # The same total printed by two tables of a product is hidden in both once one must
    # hide it; the printed cells of this one would add up to it, so one goes too.
    cells, total_hidden = one_way(["a", "b", "c"], [7, 9, 12], 28, 5, hide_total=True)
    assert total_hidden
    assert cells == {0}
    assert one_way(["a", "b"], [7, 9], 16, 5) == (frozenset(), False)
    assert suppress({"x": 6, "t": 6}, [Line(("x",), "t")], 5, forced=["t"]) == {"x", "t"}
