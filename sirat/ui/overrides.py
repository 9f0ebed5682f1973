"""The mark of an identifier kept as typed although its check failed, in every view.

After saving, an overridden identifier must not look checked: the link table, the detail
pane, the entity window and the chart all add :data:`KEPT_MARK` to the entity and say in a
tooltip which value was kept, by whom and when.
"""

from __future__ import annotations

from collections.abc import Iterable

from sirat.services.reports.types import OverrideNote
from sirat.ui.dates import show_time
from sirat.ui.entity_words import identifier_label

KEPT_MARK = "⚠"
KEPT_WORDS = "kept as typed"


def kept_lines(notes: Iterable[OverrideNote]) -> list[str]:
    return [f"{identifier_label(n.identifier_type)} {n.value}: {KEPT_WORDS} although its "
            f"check failed — by {n.by_name or 'an unknown user'}, {show_time(n.at)}"
            for n in notes]


def kept_suffix(notes: tuple[OverrideNote, ...]) -> str:
    """What to add after an entity's name: '' when every identifier passed its checks."""
    return f"  {KEPT_MARK} {KEPT_WORDS}" if notes else ""
