"""The append-only audit log: writing records, reading and verifying the chain, signed
checkpoints of its head, names for the ids it holds."""
