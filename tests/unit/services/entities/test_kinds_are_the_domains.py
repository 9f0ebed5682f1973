"""The entity services' table of kinds is the domain's, not a second list."""

from __future__ import annotations

from sirat.domain.vocab import ENTITY_KINDS, KIND_SPECS, PERSONAL_KINDS, EntityKind
from sirat.services.entities.types import KINDS


def test_every_kind_once_in_the_domains_order() -> None:
    assert tuple(KINDS) == ENTITY_KINDS


def test_each_kind_is_the_domain_spec() -> None:
    for kind, spec in KINDS.items():
        assert spec is KIND_SPECS[EntityKind(kind)]
        assert spec.personal == (kind in PERSONAL_KINDS)
        assert spec.identifiers or kind == "address"  # an address is matched on its fields
