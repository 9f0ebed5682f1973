"""Spreadsheet import of entities (docs/exchange.md, "Spreadsheet import").

``reader`` turns CSV or XLSX bytes into a table of texts (encodings detected or chosen, read
defensively); ``mapping`` says which column fills which field of which kind and keeps
mappings by name; ``preview`` checks every row (validation problems, identifier warnings,
resolution candidates) without writing; ``importer`` writes all rows or none, linked to a
report the analyst chose.
"""
