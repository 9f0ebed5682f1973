"""Child for the kill -9 test of a package import.

``python package_import_proc.py VAULT USER FILE`` (passphrase from SIRAT_PASSPHRASE): imports
the package FILE and kills itself with SIGKILL right after its second attachment got its
final name in the vault folder -- inside the package's write transaction, after the package
id, the reports and the first file are written, before the commit: the worst moment.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from sirat.services.access.session import sign_in
from sirat.services.attachments import staged
from sirat.services.exchange.packages import import_package


def main() -> None:
    vault = sign_in(Path(sys.argv[1]), sys.argv[2], os.environ["SIRAT_PASSPHRASE"],
                    throttle=False)
    real = staged.Staging.attach
    count = 0

    def attach(self: staged.Staging, *args: Any, **kwargs: Any) -> int:
        nonlocal count
        row = real(self, *args, **kwargs)
        count += 1
        if count == 2:
            print("installed", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
        return row

    staged.Staging.attach = attach  # type: ignore[method-assign]
    import_package(vault, Path(sys.argv[3]).read_bytes())
    print("committed", flush=True)  # never reached


if __name__ == "__main__":
    main()
