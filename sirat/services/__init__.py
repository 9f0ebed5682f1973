"""Use cases over an unlocked vault: each owns its transaction and returns frozen dataclasses."""
