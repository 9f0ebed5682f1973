"""Names and identifiers across the region's scripts: transliteration, search keys, matching.

Pure functions (no Qt, no database), safe to call from any layer:

* :mod:`.translit` - Cyrillic and Greek to Latin (Serbian, Macedonian, Bulgarian 2009,
  Greek ELOT 743 tables of our own; anyascii for the rest);
* :mod:`.fold` - ``search_key``/``search_keys`` (one ASCII key per spelling),
  ``tokens``, ``phonetic_key`` and ``blocking_keys`` for candidate search;
* :mod:`.variants` - ``variant_keys`` (the other romanization systems), ``skeleton``
  (the coarse search key) and ``spelling_key`` (what "only the spelling differs" means);
* :mod:`.match` - ``score_names`` and ``score_person`` with readable reasons;
* :mod:`.identifiers` - plates, VINs, documents, IBANs, phones, IMO and MMSI numbers
  normalised for exact matching.

See docs/names.md.
"""

from sirat.names.fold import (
    blocking_keys,
    phonetic_key,
    search_key,
    search_keys,
    sound_key,
    tokens,
)
from sirat.names.identifiers import (
    fold_lookalikes,
    normalize_doc_number,
    normalize_iban,
    normalize_imo,
    normalize_mmsi,
    normalize_phone,
    normalize_plate,
    normalize_vin,
    vin_notes,
)
from sirat.names.match import (
    GENDER_FORM_SIMILARITY,
    MATCH_THRESHOLD,
    NAME_MATCH_THRESHOLD,
    POSSIBLE_THRESHOLD,
    MatchResult,
    NameScore,
    PersonFacts,
    compare_dates_of_birth,
    score_names,
    score_person,
)
from sirat.names.translit import detect_script, romanizations, transliterate
from sirat.names.variants import skeleton, spelling_key, variant_keys

__all__ = [
    "GENDER_FORM_SIMILARITY",
    "MATCH_THRESHOLD",
    "NAME_MATCH_THRESHOLD",
    "POSSIBLE_THRESHOLD",
    "MatchResult",
    "NameScore",
    "PersonFacts",
    "blocking_keys",
    "compare_dates_of_birth",
    "detect_script",
    "fold_lookalikes",
    "normalize_doc_number",
    "normalize_iban",
    "normalize_imo",
    "normalize_mmsi",
    "normalize_phone",
    "normalize_plate",
    "normalize_vin",
    "phonetic_key",
    "romanizations",
    "score_names",
    "score_person",
    "search_key",
    "search_keys",
    "skeleton",
    "sound_key",
    "spelling_key",
    "tokens",
    "transliterate",
    "variant_keys",
    "vin_notes",
]
