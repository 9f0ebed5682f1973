"""A realistic, entirely fictitious 50-node network for demos, screenshots and tests.

Names are in their original scripts (Cyrillic, Greek, Latin with diacritics)
and identifiers look real (plates, an IMO number with a valid check digit,
IBANs) but belong to nobody. :func:`provider_from` turns any graph into a
neighbour provider, standing in for the services until they are wired.
"""

from __future__ import annotations

from typing import Final

from sirat.chart.graph import ChartGraph, Edge, EdgeKind, NeighbourProvider, Node, NodeKind
from sirat.domain.vocab import PERSONAL_KINDS

_DRUGS: Final = "drug trafficking"
_THB: Final = "trafficking in human beings and migrant smuggling"
_VEH: Final = "stolen vehicles"


# id, kind, label, sublabel, crime area, date
_NODES: Final[tuple[tuple[str, NodeKind, str, str, str | None, str | None], ...]] = (
    ("report:1", "report", "Cocaine shipment via Bar", "SIRAT-2026-000123", _DRUGS, "2026-03-14"),
    ("report:2", "report", "Stolen SUVs to Albania", "SIRAT-2026-000157", _VEH, "2026-05"),
    ("report:3", "report", "Smuggling route Evros", "SIRAT-2026-000201", _THB, "2026-07-02"),
    ("person:1", "person", "Петар Петровић", "1979-04-12", None, None),
    ("person:2", "person", "Ђорђе Јовановић", "1985-11-02", None, None),
    ("person:3", "person", "Γιώργος Παπαδόπουλος", "1981-06-23", None, None),
    ("person:4", "person", "Şükrü Yılmaz", "1976-01-30", None, None),
    ("person:5", "person", "Ion Popescu", "1990-08-17", None, None),
    ("person:6", "person", "Arben Krasniqi", "1983-02-05", None, None),
    ("person:7", "person", "Димитър Георгиев", "1972-12-09", None, None),
    ("person:8", "person", "Ivana Horvat", "1992-03-21", None, None),
    ("person:9", "person", "Νίκος Οικονόμου", "1968-10-14", None, None),
    ("person:10", "person", "Mehmet Öztürk", "1987-07-07", None, None),
    ("person:11", "person", "Драган Николић", "1980-09-28", None, None),
    ("person:12", "person", "Elena Dumitrescu", "1994-05-11", None, None),
    ("person:13", "person", "Marko Đukić", "1989-01-19", None, None),
    ("person:14", "person", "Besnik Hoxha", "1977-04-03", None, None),
    ("vehicle:1", "vehicle", "Audi Q7, black", "BG 1234-AB", None, None),
    ("vehicle:2", "vehicle", "VW Touareg, grey", "CA 4821 KP", None, None),
    ("vehicle:3", "vehicle", "BMW X5, white", "B 123 XYZ", None, None),
    ("vehicle:4", "vehicle", "Mercedes Sprinter", "34 ABC 123", None, None),
    ("vehicle:5", "vehicle", "Range Rover Sport", "TR 0456 AA", None, None),
    ("vehicle:6", "vehicle", "Iveco Stralis, truck", "SK 7788-BC", None, None),
    ("vehicle:7", "vehicle", "Toyota Land Cruiser", "ZG 5512-KL", None, None),
    ("vessel:1", "vessel", "MV Aegean Star", "IMO 9074729", None, None),
    ("vessel:2", "vessel", "Kapetan Luka", "MMSI 262000517", None, None),
    ("org:1", "organization", "Balkan Freight d.o.o.", "", None, None),
    ("org:2", "organization", "Ege Lojistik A.Ş.", "", None, None),
    ("org:3", "organization", "Θαλάσσιες Μεταφορές Α.Ε.", "", None, None),
    ("address:1", "address", "Port of Bar, Terminal 2", "ME", None, None),
    ("address:2", "address", "Ул. Цара Душана 14, Београд", "RS", None, None),
    ("address:3", "address", "Λεωφόρος Συγγρού 80, Αθήνα", "GR", None, None),
    ("address:4", "address", "Strada Lipscani 5, București", "RO", None, None),
    ("address:5", "address", "Port of Durrës, Quay 7", "AL", None, None),
    ("phone:1", "phone", "+381 64 123 4567", "", None, None),
    ("phone:2", "phone", "+30 69 1234 5678", "", None, None),
    ("phone:3", "phone", "+90 532 765 4321", "", None, None),
    ("phone:4", "phone", "+40 721 555 019", "", None, None),
    ("phone:5", "phone", "+355 69 204 8812", "", None, None),
    ("phone:6", "phone", "+359 88 765 1122", "", None, None),
    ("doc:1", "identity_document", "Passport RS", "012345678", None, None),
    ("doc:2", "identity_document", "ID card GR", "AK 123456", None, None),
    ("doc:3", "identity_document", "Passport TR", "U 12345678", None, None),
    ("bank:1", "bank_account", "Komercijalna banka", "RS35 2600 0560 1001 6113 79", None, None),
    ("bank:2", "bank_account", "Πειραιώς", "GR16 0110 1250 0000 0001 2300 695", None, None),
    ("bank:3", "bank_account", "Banca Transilvania", "RO49 AAAA 1B31 0075 9384 0000", None, None),
    ("online:1", "online_account", "Telegram @balkan_cargo", "", None, None),
    ("online:2", "online_account", "Signal +90 532 765 4321", "", None, None),
    ("address:6", "address", "Warehouse, Ruse industrial zone", "BG", None, None),
    ("vehicle:8", "vehicle", "Scania R450, truck", "PB 9090 MK", None, None),
)

# source, target, label, kind, date
_EDGES: Final[tuple[tuple[str, str, str, EdgeKind, str | None], ...]] = (
    ("report:1", "person:1", "suspect", "role", "2026-03-14"),
    ("report:1", "person:2", "suspect", "role", "2026-03-14"),
    ("report:1", "person:3", "facilitator", "role", "2026-03-14"),
    ("report:1", "vessel:1", "vessel used", "role", "2026-03-14"),
    ("report:1", "address:1", "place", "role", "2026-03-14"),
    ("report:1", "org:1", "company involved", "role", "2026-03-14"),
    ("report:2", "person:6", "suspect", "role", "2026-05"),
    ("report:2", "person:14", "suspect", "role", "2026-05"),
    ("report:2", "vehicle:1", "vehicle used", "role", "2026-05"),
    ("report:2", "vehicle:3", "vehicle used", "role", "2026-05"),
    ("report:2", "vehicle:7", "vehicle used", "role", "2026-05"),
    ("report:2", "address:5", "place", "role", "2026-05"),
    ("report:3", "person:4", "suspect", "role", "2026-07-02"),
    ("report:3", "person:10", "driver", "role", "2026-07-02"),
    ("report:3", "person:9", "witness", "role", "2026-07-02"),
    ("report:3", "vehicle:4", "vehicle used", "role", "2026-07-02"),
    ("person:1", "person:2", "associate", "relation", "2025"),
    ("person:1", "person:11", "family", "relation", None),
    ("person:1", "person:7", "associate", "relation", "2026-01"),
    ("person:2", "person:13", "associate", "relation", None),
    ("person:3", "person:9", "family", "relation", None),
    ("person:3", "person:4", "associate", "relation", "2026-02"),
    ("person:4", "person:10", "employee", "relation", None),
    ("person:5", "person:12", "family", "relation", None),
    ("person:5", "person:7", "associate", "relation", "2026-04"),
    ("person:6", "person:14", "associate", "relation", None),
    ("person:8", "person:13", "associate", "relation", None),
    ("person:1", "vehicle:1", "owner of", "relation", None),
    ("person:2", "vehicle:2", "driver of", "relation", None),
    ("person:5", "vehicle:3", "owner of", "relation", None),
    ("person:10", "vehicle:4", "driver of", "relation", None),
    ("person:4", "vehicle:5", "owner of", "relation", None),
    ("person:7", "vehicle:6", "driver of", "relation", None),
    ("person:14", "vehicle:7", "owner of", "relation", None),
    ("person:11", "vehicle:8", "driver of", "relation", None),
    ("person:3", "vessel:1", "crew of", "relation", None),
    ("person:9", "vessel:2", "owner of", "relation", None),
    ("org:3", "vessel:1", "owner of", "relation", None),
    ("org:1", "vehicle:6", "owner of", "relation", None),
    ("org:2", "vehicle:4", "owner of", "relation", None),
    ("person:1", "org:1", "director of", "relation", None),
    ("person:4", "org:2", "director of", "relation", None),
    ("person:9", "org:3", "director of", "relation", None),
    ("org:1", "address:2", "registered at", "relation", None),
    ("org:3", "address:3", "registered at", "relation", None),
    ("person:12", "address:4", "lives at", "relation", None),
    ("person:7", "address:6", "uses", "relation", None),
    ("person:1", "phone:1", "uses", "relation", None),
    ("person:3", "phone:2", "uses", "relation", None),
    ("person:4", "phone:3", "uses", "relation", None),
    ("person:5", "phone:4", "uses", "relation", None),
    ("person:6", "phone:5", "uses", "relation", None),
    ("person:7", "phone:6", "uses", "relation", None),
    ("phone:1", "phone:2", "called", "relation", "2026-03-10"),
    ("phone:1", "phone:6", "called", "relation", "2026-02-27"),
    ("phone:3", "phone:2", "called", "relation", "2026-06-30"),
    ("phone:5", "phone:4", "called", "relation", "2026-04-18"),
    ("person:2", "doc:1", "holder of", "relation", None),
    ("person:9", "doc:2", "holder of", "relation", None),
    ("person:10", "doc:3", "holder of", "relation", None),
    ("person:1", "bank:1", "holder of", "relation", None),
    ("person:3", "bank:2", "holder of", "relation", None),
    ("person:12", "bank:3", "holder of", "relation", None),
    ("bank:1", "bank:2", "transfer to", "relation", "2026-03-01"),
    ("bank:3", "bank:1", "transfer to", "relation", "2026-04-22"),
    ("person:2", "online:1", "holder of", "relation", None),
    ("person:4", "online:2", "holder of", "relation", None),
    ("person:8", "address:2", "lives at", "relation", None),
)


# Non-identifying details, from which an observer's label is rebuilt.
_FACTS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "vehicle:1": (("make", "Audi"), ("model", "Q7"), ("colour", "black")),
    "vehicle:2": (("make", "VW"), ("model", "Touareg"), ("colour", "grey")),
    "vehicle:3": (("make", "BMW"), ("model", "X5"), ("colour", "white")),
    "vehicle:4": (("make", "Mercedes"), ("model", "Sprinter")),
    "vehicle:5": (("make", "Range Rover"), ("model", "Sport")),
    "vehicle:6": (("make", "Iveco"), ("model", "Stralis")),
    "vehicle:7": (("make", "Toyota"), ("model", "Land Cruiser")),
    "vehicle:8": (("make", "Scania"), ("model", "R450")),
    "vessel:1": (("vessel_type", "general cargo"), ("flag", "MT")),
    "vessel:2": (("vessel_type", "fishing"), ("flag", "HR")),
    "org:1": (("org_type", "freight forwarder"), ("country", "RS")),
    "org:2": (("org_type", "logistics company"), ("country", "TR")),
    "org:3": (("org_type", "shipping company"), ("country", "GR")),
    "address:1": (("city", "Bar"), ("country", "ME")),
    "address:2": (("city", "Београд"), ("country", "RS")),
    "address:3": (("city", "Αθήνα"), ("country", "GR")),
    "address:4": (("city", "București"), ("country", "RO")),
    "address:5": (("city", "Durrës"), ("country", "AL")),
    "address:6": (("city", "Ruse"), ("country", "BG")),
}


def demo_network() -> ChartGraph:
    """The full 50-node demo network."""
    nodes = [
        Node(
            i,
            kind,
            label,
            sub,
            area,
            date,
            is_personal=kind in PERSONAL_KINDS,
            facts=_FACTS.get(i, ()),
        )
        for i, kind, label, sub, area, date in _NODES
    ]
    edges = [Edge(s, t, label, kind, date) for s, t, label, kind, date in _EDGES]
    return ChartGraph(nodes, edges)


def provider_from(source: ChartGraph) -> NeighbourProvider:
    """A neighbour provider answering from ``source`` (demos and tests).

    Like the vault's, it returns the neighbours of the node and every link from
    them to the node, to each other and to what is already on the chart.
    """

    def neighbours(node_id: str, known: frozenset[str]) -> tuple[list[Node], list[Edge]]:
        if node_id not in source:
            return [], []
        ids = source.neighbours(node_id)
        reach = {*ids, node_id, *(k for k in known if k in source)}
        edges = {
            e.key: e
            for other in (node_id, *ids)
            for e in source.incident_edges(other)
            if e.source in reach and e.target in reach
        }
        return [source.node(i) for i in ids], [edges[k] for k in sorted(edges)]

    return neighbours
