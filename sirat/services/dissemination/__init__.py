"""Dissemination: a (signed) PDF copy of an approved report for one recipient, what the export
may offer, certificates and the register of copies."""
