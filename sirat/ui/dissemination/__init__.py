"""Dissemination in the app: export dialog with the release-view preview, verify dialog,
dissemination register and signing certificates (``actions.py`` wires them in)."""
