"""Reports: create, update, show, delete, the report list, version history, drafts kept at lock,
field checks and the reference tables they use."""
