"""The demo vault: ``sirat demo`` and the deterministic synthetic-data generator behind it."""
