"""Hostile-file handling for attachments: type by content, images decoded only in a child.

Pure helpers (no vault, no database, no Qt): :mod:`sniff` names a file's type from its first
bytes; :mod:`imaging` runs every decode of an image -- thumbnail, viewer copy, annex copy
without metadata -- in a short-lived child process with memory, CPU, file-size and time
limits (:mod:`_child`). See docs/attachments.md.
"""
