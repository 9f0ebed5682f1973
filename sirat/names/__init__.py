"""Names and identifiers across the region's scripts: transliteration, search keys, matching.

Pure functions (no Qt, no database), safe to call from any layer:

* :mod:`.translit` - Cyrillic and Greek to Latin (Serbian, Macedonian, Bulgarian 2009,
  Greek ELOT 743 tables of our own; anyascii for the rest);
* :mod:`.fold` - ``search_key``/``search_keys`` (one ASCII key per spelling),
  ``tokens``, ``phonetic_key`` and ``blocking_keys`` for candidate search;
* :mod:`.match` - ``score_names`` and ``score_person`` with readable reasons;
* :mod:`.identifiers` - plates, VINs, documents, IBANs, phones, IMO and MMSI numbers
  normalised for exact matching.

See docs/names.md.
"""
