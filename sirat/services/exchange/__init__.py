"""Exchange packages between SIRAT workstations (docs/exchange.md).

``container`` reads and writes the inner zip defensively (pure, no database);
``manifest`` builds, signs and checks the manifest (pure); ``identity`` keeps this
workstation's key pair and the pinned partners; ``packages`` exports, inspects and imports.
"""
