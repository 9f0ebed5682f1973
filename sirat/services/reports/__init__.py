"""Reports: create, update, show, delete; the editor's Save with links and relations in one
transaction (``saving``); links and relations; who may edit (``records.edit_refusal``); the
report list, version history, drafts kept at lock, field checks and reference tables."""
