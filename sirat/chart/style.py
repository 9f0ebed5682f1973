"""How each node kind looks, shared by the Qt view and the PDF figure.

Colours are picked to stay apart for the common colour-vision deficiencies
when paired with the per-kind icon/shape, which always carries the meaning too.
"""

from __future__ import annotations

from typing import Final

from sirat.chart.graph import NodeKind
from sirat.domain.vocab import KIND_SPECS

KIND_COLOURS: Final[dict[NodeKind, str]] = {
    "person": "#1f5fa8",
    "vehicle": "#2e8b3e",
    "vessel": "#0f8a96",
    "organization": "#6f4aa8",
    "address": "#8c5a3c",
    "phone": "#d9731a",
    "identity_document": "#9a8a12",
    "bank_account": "#b8322e",
    "online_account": "#c2468f",
    "report": "#4d5560",
}

#: A node kind in words: the domain's title of each entity kind, and reports.
KIND_NAMES: Final[dict[NodeKind, str]] = {
    **{kind.value: spec.title for kind, spec in KIND_SPECS.items()}, "report": "Report"}

EDGE_COLOUR: Final = "#6b7280"
ROLE_EDGE_COLOUR: Final = "#5b7fb5"
HIGHLIGHT_COLOUR: Final = "#f08c00"
LABEL_COLOUR: Final = "#1b1f24"
SUBLABEL_COLOUR: Final = "#4b5563"
