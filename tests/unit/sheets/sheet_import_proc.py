"""Child for the kill -9 test of a spreadsheet import.

``python sheet_import_proc.py VAULT USER REPORT_ID CSV`` (passphrase from SIRAT_PASSPHRASE):
imports the persons of CSV into the report and kills itself with SIGKILL at the sheet's own
audit record -- every entity, name, identifier, link, search row and ``entity.create``
record written, inside the one transaction, before the commit: the worst moment.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from sirat.services.access.session import sign_in
from sirat.services.audit import log as audit
from sirat.services.sheets.importer import import_sheet
from sirat.services.sheets.reader import read_table

MAP = {0: "name", 1: "alias", 2: "field:date_of_birth", 3: "field:nationality"}


def main() -> None:
    vault = sign_in(Path(sys.argv[1]), sys.argv[2], os.environ["SIRAT_PASSPHRASE"],
                    throttle=False)
    real = audit.record

    def record(s: Any, **kw: Any) -> Any:
        if kw.get("action") == "sheet.import":
            print("written", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
        return real(s, **kw)

    audit.record = record  # type: ignore[assignment]
    table = read_table(Path(sys.argv[4]).read_bytes())
    import_sheet(vault, table, "person", MAP, int(sys.argv[3]), "suspect")
    print("committed", flush=True)  # never reached


if __name__ == "__main__":
    main()
