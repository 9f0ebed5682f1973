"""Audit records in words: what happened as a short sentence, details without JSON.

The raw action code stays in the tooltip (and the filter field takes codes), so nothing is
hidden; the table reads like a log a person can scan.
"""

from __future__ import annotations

from collections.abc import Mapping

from sirat.services.audit.names import AuditNames

ACTIONS = {
    "audit.checkpoint": "took an audit checkpoint", "audit.list": "read the audit log",
    "certificate.import": "imported a signing certificate",
    "certificate.remove": "removed a signing certificate",
    "chart.delete": "deleted a link chart", "chart.save": "saved a link chart",
    "chart.view": "opened a link chart", "demo.generate": "generated demo data",
    "entity.create": "created an entity", "entity.update": "changed an entity",
    "entity.link": "linked an entity to a report",
    "entity.unlink": "unlinked an entity from a report",
    "entity.merge": "merged two entities", "entity.unmerge": "undid a merge",
    "entity.not_same": "marked two entities as different",
    "entity.not_same_undo": "undid a 'not the same'",
    "entity.relate": "related two entities", "entity.unrelate": "removed a relation",
    "entity.view": "opened an entity",
    "reference.crime_area": "changed the crime areas",
    "analysis.generate": "counted an analytical product's figures",
    "reference.handling_code": "reworded a handling code",
    "reference.relation_type": "changed the relation types",
    "reference.recipient": "changed a recipient",
    "report.comment": "commented on a report", "report.compare": "compared versions",
    "report.create": "created a report", "report.delete": "deleted a report",
    "report.export": "exported a report", "report.handover": "handed a draft over",
    "report.import": "imported a report", "report.update": "saved a report",
    "report.view": "read a report", "report.submit": "submitted a report",
    "report.approve": "approved a report", "report.return": "returned a report",
    "report.reopen": "reopened a report", "report.disseminate": "disseminated a report",
    "report.h2_permission": "recorded the provider's permission (H2)",
    "search": "searched", "search.rebuild": "rebuilt the search index",
    "settings.change": "changed a setting", "signin": "signed in",
    "signin.failed": "failed to sign in", "user.add": "added a user",
    "user.passwd": "changed a passphrase", "user.remove": "removed a user",
    "user.role": "changed a user's role",
    "vault.create": "created the vault", "vault.rotate_key": "rotated the vault key",
    "vault.backup": "backed up the vault",
    "timeline.view": "opened the timeline", "timeline.export": "exported the timeline",
    "map.view": "opened the map", "map.export": "exported the map",
}


def action_words(action: str) -> str:
    return ACTIONS.get(action, action.replace(".", ": ").replace("_", " "))


def _value(key: str, value: object, names: AuditNames) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    digits = str(value)
    if key.endswith("user_id") and digits.isdigit():
        return names.users.get(int(digits), f"user #{value}")
    if key == "report_id" and digits.isdigit():
        return names.reports.get(int(digits), f"report #{value}")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def details_words(details: Mapping[str, object], names: AuditNames) -> str:
    """``{"to_user_id": 3, "version": 2}`` -> ``to user: Ana Analyst (ana) · version: 2``."""
    parts = []
    for key in sorted(details):
        label = key.removesuffix("_id").replace("_", " ")
        parts.append(f"{label}: {_value(key, details[key], names)}")
    return " · ".join(parts)
