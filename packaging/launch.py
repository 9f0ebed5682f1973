"""The bundle's entry point: the same as ``python -m sirat`` (no command starts the app).

A frozen build has no Python to run ``-m``: the image decoder's child process
(``sirat.attachments.imaging``) starts the bundle itself with ``--sirat-image-child``.
"""

import sys

if len(sys.argv) > 1 and sys.argv[1] == "--sirat-image-child":
    from sirat.attachments._child import main as child_main

    raise SystemExit(child_main(sys.argv[2:]))

from sirat.cli import main  # after the child's early exit, which needs none of it

raise SystemExit(main())
