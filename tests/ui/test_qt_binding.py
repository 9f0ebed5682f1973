"""The Qt binding must not leak references to None (PySide6 6.12.0 did, aborting the app)."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF


def test_void_qt_calls_keep_the_reference_count_of_none() -> None:
    before = sys.getrefcount(None)
    point = QPointF(1.0, 2.0)
    for _ in range(200):
        point.setX(3.0)
    # Other threads may take or drop a few references meanwhile; a leak would show -200.
    assert sys.getrefcount(None) - before > -50
