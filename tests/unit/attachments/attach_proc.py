"""Child for the kill -9 test: sign in and attach files in a loop, printing each commit.

``python attach_proc.py VAULT USER`` (passphrase from SIRAT_PASSPHRASE); prints
``<id> <sha256>`` after each attachment is committed, then starts the next one.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sirat.services.access.session import sign_in
from sirat.services.attachments import store as attachments
from sirat.services.reports import records as reports

sys.path.insert(0, str(Path(__file__).parent))
from attach_helpers import DRAFT, photo


def main() -> None:
    vault = sign_in(Path(sys.argv[1]), sys.argv[2], os.environ["SIRAT_PASSPHRASE"],
                    throttle=False)
    report = reports.create_report(vault, DRAFT)
    i = 0
    while True:
        i += 1
        data = photo(1200, 900, canary=f"K{i}") if i % 2 else os.urandom(300_000)
        view = attachments.add_attachment(vault, data, f"f{i}", report_id=report.id)
        print(view.id, view.sha256, flush=True)


if __name__ == "__main__":
    main()
