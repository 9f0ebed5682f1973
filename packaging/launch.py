"""The bundle's entry point: the same as ``python -m sirat`` (no command starts the app)."""

from sirat.cli import main

raise SystemExit(main())
