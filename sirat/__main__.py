"""``python -m sirat`` -> the command line; no subcommand starts the desktop app."""

from sirat.cli import main

raise SystemExit(main())
