"""The append-only audit log: writing records (``log.record``, inside every change's own
transaction), listing them, signed checkpoints of its head, names for the ids it holds.
Verifying the whole vault is ``sirat.services.integrity``."""
