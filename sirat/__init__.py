"""SIRAT: structured intelligence reporting for a regional law-enforcement operational center."""

import warnings

__version__ = "0.1.0"

# pyHanko 0.38 reads ``DSAPrivateKey`` from cryptography at import time, and cryptography >= 51
# deprecates DSA with a warning a user would see on stderr at every signature. SIRAT never
# signs or verifies with DSA; this silences exactly that message from exactly that module
# (the same filter is in pyproject.toml for the test suite, which turns warnings into errors).
warnings.filterwarnings(
    "ignore",
    message=r"DSA is deprecated",
    category=UserWarning,
    module=r"pyhanko\.sign\.signers\.pdf_cms",
)
