"""The chart tests' network plus reports dated (and placed) in several ways, in Cyrillic,
Greek and Latin: the timeline's and the map's test data."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sirat.services.reports import records as reports
from sirat.vault import Vault
from tests.unit.services.charts.charts_net import BASE, Net, build_network


@dataclass(frozen=True)
class Dated:
    net: Net
    about: int  # "about 2025-06", places in Cyrillic
    year: int  # "2024", Greek place
    day: int  # 2026-01-15, Latin place
    undated: int  # no date of information


def build_dated(vault: Vault) -> Dated:
    net = build_network(vault)
    about = int(reports.create_report(vault, replace(
        BASE, title="Heroin via Солун", information_date="about 2025-06",
        report_date="2025-07-02", places=("Солун", "Скопје"), reporting_country="MK",
        operation="OP BALKAN")).id)
    year = int(reports.create_report(vault, replace(
        BASE, title="Cigarettes", crime_area="anti_fraud", information_date="2024",
        report_date="2025-01-10", places=("Θεσσαλονίκη",), reporting_country="GR",
        operation="")).id)
    day = int(reports.create_report(vault, replace(
        BASE, title="Fuel fraud", crime_area="anti_fraud", information_date="2026-01-15",
        report_date="2026-01-20", places=("Thessaloniki", "Atlantis"),
        reporting_country="BG")).id)
    undated = int(reports.create_report(vault, replace(
        BASE, title="No date", information_date="", report_date="2026-02-01",
        places=())).id)
    return Dated(net, about, year, day, undated)


