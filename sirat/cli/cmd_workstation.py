"""``sirat workstation id|pin|unpin|partners|pin-cert|unpin-cert|certificates``: this
workstation's exchange identity, the partner workstations an administrator pinned, and the
partners' signing certificates pinned to them (docs/exchange.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sirat.cli.common import (
    add_json_arg,
    add_vault_arg,
    checked_out,
    group,
    open_vault,
    print_json,
    print_table,
)
from sirat.domain.vocab import RECIPIENT_KINDS
from sirat.errors import SiratError
from sirat.files import atomic_write_bytes

MAX_CARD = 64 * 1024


def register(sub: Any) -> None:
    ws = group(sub, "workstation", "this workstation's exchange key and pinned partners")
    p = ws.add_parser("id", help="show this workstation's fingerprint as words to read aloud")
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("--card", metavar="FILE", type=Path,
                   help="also write the public identity card to give to partners")
    p.add_argument("--force", action="store_true", help="replace an existing card file")
    p.set_defaults(handler=_id)

    p = ws.add_parser("pin", help="trust a partner's identity card (administrators)")
    add_vault_arg(p)
    p.add_argument("card", type=Path, help="the partner's identity card file")
    p.add_argument("--name", required=True, help="what this workstation calls the partner")
    p.add_argument("--kind", required=True, choices=list(RECIPIENT_KINDS))
    p.add_argument("--words", required=True,
                   help="the twelve fingerprint words the partner read to you by telephone")
    p.set_defaults(handler=_pin)

    p = ws.add_parser("unpin", help="stop trusting a partner (administrators)")
    add_vault_arg(p)
    p.add_argument("name")
    p.set_defaults(handler=_unpin)

    p = ws.add_parser("partners", help="list pinned partners with their fingerprints")
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("--all", action="store_true", help="include unpinned partners")
    p.set_defaults(handler=_partners)

    p = ws.add_parser("pin-cert", help="trust a pinned partner's signing certificate for "
                      "verifying the PDFs it signs (administrators)")
    add_vault_arg(p)
    p.add_argument("partner", help="the pinned partner's name")
    p.add_argument("file", type=Path, help="the certificate (PEM or DER)")
    p.add_argument("--sha256", required=True,
                   help="its SHA-256 fingerprint as the partner read it to you")
    p.set_defaults(handler=_pin_cert)

    p = ws.add_parser("unpin-cert", help="stop trusting a partner's certificate "
                      "(administrators)")
    add_vault_arg(p)
    p.add_argument("partner")
    p.add_argument("sha256", help="the certificate's SHA-256 (at least 8 digits)")
    p.set_defaults(handler=_unpin_cert)

    p = ws.add_parser("certificates", help="list the partners' pinned certificates")
    add_vault_arg(p)
    add_json_arg(p)
    p.add_argument("--all", action="store_true", help="include unpinned certificates")
    p.set_defaults(handler=_certificates)


def _id(args: argparse.Namespace) -> int:
    from sirat.services.exchange.identity import workstation_id

    card = checked_out(args.card, force=args.force) if args.card else None
    with open_vault(args) as vault:
        view = workstation_id(vault)
    if card is not None:
        atomic_write_bytes(card, view.card, "identity card")
    if args.json:
        print_json({"vault": view.vault_id, "fingerprint": view.fingerprint,
                    "words": view.words})
        return 0
    print(f"Fingerprint: {view.words}")
    print(f"             ({view.fingerprint})")
    if card is not None:
        print(f"Identity card written to {args.card}; give it to the partner, then read them "
              "the words above by telephone.", file=sys.stderr)
    return 0


def _read_card(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_CARD:
            raise SiratError("That file is too large to be an identity card.",
                             "Give the file `sirat workstation id --card` wrote.")
        return path.read_bytes()
    except OSError as exc:
        raise SiratError(f"The card cannot be read ({exc.strerror}).",
                         "Check the path and the permissions.") from None


def _pin(args: argparse.Namespace) -> int:
    from sirat.services.exchange.identity import pin_partner

    data = _read_card(args.card)
    with open_vault(args) as vault:
        view = pin_partner(vault, data, args.name, args.kind, args.words)
    print(f"Pinned {view.name} ({view.kind}), fingerprint {view.words}.")
    return 0


def _unpin(args: argparse.Namespace) -> int:
    from sirat.services.exchange.identity import unpin_partner

    with open_vault(args) as vault:
        view = unpin_partner(vault, args.name)
    print(f"Unpinned {view.name}; packages from it are refused from now on.")
    return 0


def _partners(args: argparse.Namespace) -> int:
    from sirat.services.exchange.identity import list_partners

    with open_vault(args) as vault:
        rows = list_partners(vault, include_removed=args.all)
    if args.json:
        print_json(rows)
        return 0
    print_table(["name", "kind", "pinned", "state", "fingerprint"],
                [(r.name, r.kind, r.pinned_at[:10], "unpinned" if r.removed else "pinned",
                  r.words) for r in rows])
    return 0


def _pin_cert(args: argparse.Namespace) -> int:
    from sirat.services.exchange.partner_certs import MAX_CERT_BYTES, pin_certificate

    try:
        if args.file.stat().st_size > MAX_CERT_BYTES:
            raise SiratError("That file is too large to be a certificate.",
                             "Give the PEM file `sirat cert export` wrote.")
        data = args.file.read_bytes()
    except OSError as exc:
        raise SiratError(f"The certificate cannot be read ({exc.strerror}).",
                         "Check the path and the permissions.") from None
    with open_vault(args) as vault:
        view = pin_certificate(vault, args.partner, data, args.sha256)
    print(f"Pinned the certificate of {view.subject} for {view.partner} "
          f"(SHA-256 {view.sha256}, valid until {view.not_after[:10]}).")
    return 0


def _unpin_cert(args: argparse.Namespace) -> int:
    from sirat.services.exchange.partner_certs import unpin_certificate

    with open_vault(args) as vault:
        view = unpin_certificate(vault, args.partner, args.sha256)
    print(f"Unpinned the certificate {view.sha256[:16]}… of {view.partner}; PDFs it signs "
          "are no longer trusted here.")
    return 0


def _certificates(args: argparse.Namespace) -> int:
    from sirat.services.exchange.partner_certs import list_certificates

    with open_vault(args) as vault:
        rows = list_certificates(vault, include_removed=args.all)
    if args.json:
        print_json(rows)
        return 0
    print_table(["partner", "certificate", "valid until", "pinned", "state", "SHA-256"],
                [(r.partner, r.subject, r.not_after[:10], r.pinned_at[:10],
                  "unpinned" if r.removed_at else "pinned", r.sha256) for r in rows])
    return 0
