"""What analysts type, parsed and checked: partial dates and identifiers (MRZ, MMSI, VIN, IBAN,
national numbers) with their check digits."""
