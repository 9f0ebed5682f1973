"""Entities: create and update, links to reports, relations between entities, checks, the
candidates offered while typing."""
