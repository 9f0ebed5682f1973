"""Custom item-data roles shared by the models and their delegates."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

_BASE = int(Qt.ItemDataRole.UserRole)

IdRole = _BASE + 1  # the row's id (report, entity, link...) as an int
StatusRole = _BASE + 2  # a report's status code ("draft", ...)
RowRole = _BASE + 3  # the cached frozen dataclass behind the row
KindRole = _BASE + 4  # an entity's kind code
SortRole = _BASE + 5  # a sortable value where the display text is not

#: The invisible root: the default ``parent`` of list and table models' methods.
ROOT = QModelIndex()
