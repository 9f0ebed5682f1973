"""Greek given names: the formal form on identity documents and its everyday forms.

A Greek passport says Georgios where a report says Giorgos; spelling similarity
alone cannot see that Konstantinos and Kostas are one name.  Each group is written
as search keys (lower-case ASCII, as :func:`sirat.names.fold.search_key` gives them),
the first being the formal form.  Kept deliberately small: only forms that are not
also another common name.
"""

from __future__ import annotations

from typing import Final

_GROUPS: Final = (
    "georgios giorgos giorgis yiorgos yorgos",
    "ioannis giannis yannis gianis",
    "konstantinos kostas kostis",
    "dimitrios dimitris mitsos",
    "nikolaos nikos",
    "vasileios vasilios vasilis",
    "panagiotis panos",
    "athanasios thanasis",
    "anastasios tasos",
    "evangelos vangelis",
    "emmanouil manolis",
    "charalampos charalambos babis bambis mpampis",
    "michail michalis",
    "stylianos stelios",
    "spyridon spyros",
    "theodoros thodoris",
    "eleftherios lefteris",
    "apostolos tolis",
    "aikaterini katerina",
    "alexandros alekos",
)

#: Search key of a given name → its formal form, for every name in a group.
FORMAL: Final[dict[str, str]] = {
    name: group.split()[0] for group in _GROUPS for name in group.split()
}
