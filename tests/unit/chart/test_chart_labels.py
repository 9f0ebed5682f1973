"""Edge labels slide along their edge to a free spot; deterministic; the midpoint when free."""

from __future__ import annotations

from sirat.chart.labels import LabelSpot, label_rect, place_edge_labels


def _meets(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_a_free_midpoint_is_kept() -> None:
    spot = LabelSpot("e", (0.0, 0.0), (200.0, 0.0), (40.0, 12.0))
    assert place_edge_labels([spot], []) == {"e": (0.5, 0)}


def test_a_label_moves_off_a_node_name_at_the_midpoint() -> None:
    spot = LabelSpot("e", (0.0, 0.0), (300.0, 0.0), (40.0, 12.0))
    name = (130.0, -10.0, 170.0, 10.0)  # another node's label right on the middle
    placed = place_edge_labels([spot], [name])
    t, side = placed["e"]
    assert not _meets(label_rect(spot, t, side), name)
    assert side == 0  # still on its line


def test_labels_avoid_each_other_and_go_beside_the_line_when_they_must() -> None:
    # two edges along the same line: their labels cannot share the middle
    a = LabelSpot("a", (0.0, 0.0), (100.0, 0.0), (60.0, 12.0))
    b = LabelSpot("b", (0.0, 0.0), (100.0, 0.0), (60.0, 12.0))
    blocked = [(0.0, -6.0, 100.0, 6.0)]  # the whole line is taken by a name
    placed = place_edge_labels([a, b], blocked)
    ra, rb = label_rect(a, *placed["a"]), label_rect(b, *placed["b"])
    assert not _meets(ra, rb)
    assert not _meets(ra, blocked[0])
    assert not _meets(rb, blocked[0])
    assert {placed["a"][1], placed["b"][1]} == {-1, 1}  # one above, one below
    assert place_edge_labels([b, a], blocked) == placed  # order of input does not matter
