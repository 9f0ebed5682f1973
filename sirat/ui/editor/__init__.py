"""The report editor: every field, linked entities, save and submit."""
