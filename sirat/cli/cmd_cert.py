"""``sirat cert import|create-test|list|export|remove``: signing certificates in the vault.

The certificate passphrase comes from ``SIRAT_CERT_PASSPHRASE`` or a prompt, never from the
command line. It is not stored: signing asks for it again (see ``docs/dissemination.md``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sirat import config
from sirat.cli.common import (
    add_json_arg,
    add_vault_arg,
    group,
    open_vault,
    passphrase,
    print_json,
    print_table,
)
from sirat.errors import SiratError

TEST_LABEL = "TEST CERTIFICATE - NOT FOR OPERATIONAL USE"


def register(sub: Any) -> None:
    g = group(sub, "cert", "signing certificates kept in the vault")

    p = g.add_parser("import", help="import your PKCS#12 certificate (.p12 / .pfx)")
    add_vault_arg(p)
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--owner", metavar="NAME",
                   help="the user it belongs to (administrators only; default: you)")
    add_json_arg(p)
    p.set_defaults(handler=_import)

    p = g.add_parser("create-test", help="make a workstation TEST certificate "
                                         "(administrators; not for operational use)")
    add_vault_arg(p)
    p.add_argument("--owner", metavar="NAME", help="the user it is for (default: you)")
    p.add_argument("--days", type=int, default=365, help="validity in days (default 365)")
    add_json_arg(p)
    p.set_defaults(handler=_create_test)

    p = g.add_parser("list", help="list the certificates in the vault")
    add_vault_arg(p)
    p.add_argument("--mine", action="store_true", help="only your own")
    p.add_argument("--all", action="store_true", help="include removed certificates")
    add_json_arg(p)
    p.set_defaults(handler=_list)

    p = g.add_parser("export", help="write a certificate's public part (PEM) for recipients "
                                    "to verify with (`sirat pdf verify --trust`)")
    add_vault_arg(p)
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--out", required=True, type=Path, metavar="FILE")
    p.set_defaults(handler=_export)

    p = g.add_parser("remove", help="retire a certificate (its owner or an administrator)")
    add_vault_arg(p)
    p.add_argument("id", type=int, metavar="ID")
    p.set_defaults(handler=_remove)


def _describe(c: Any) -> str:
    label = f" [{TEST_LABEL}]" if c.test_certificate else ""
    return (f"certificate #{c.id} of {c.owner_name}: {c.common_name}, {c.organisation}, "
            f"valid until {c.not_after[:10]}{label}")


def _import(args: argparse.Namespace) -> int:
    from sirat.services.dissemination.certificates import MAX_FILE_BYTES, import_certificate

    try:
        if args.file.stat().st_size > MAX_FILE_BYTES:
            raise SiratError("The file is too large to be a PKCS#12 certificate.",
                             "Choose the .p12 or .pfx file of your certificate.")
        data = args.file.read_bytes()
    except OSError:
        raise SiratError("The certificate file cannot be read.",
                         "Check the path and the permissions.") from None
    with open_vault(args) as vault:
        secret = passphrase(config.CERT_PASSPHRASE_ENV, "Certificate passphrase: ")
        view = import_certificate(vault, data, secret, owner=args.owner)
    if args.json:
        print_json(view)
    else:
        print(f"Imported {_describe(view)}.")
        print("Its passphrase is not stored: you type it at every signature.")
    return 0


def _create_test(args: argparse.Namespace) -> int:
    from sirat.services.dissemination.certificates import create_test_certificate

    with open_vault(args) as vault:
        secret = passphrase(config.CERT_PASSPHRASE_ENV,
                            "Passphrase for the new test certificate: ", confirm=True)
        view = create_test_certificate(vault, secret, owner=args.owner, days=args.days)
    if args.json:
        print_json(view)
    else:
        print(f"Created {_describe(view)}.")
        print(f"Every signature made with it says: {TEST_LABEL}.")
        print("Give its passphrase to its owner; it is asked for at every signature.")
    return 0


def _list(args: argparse.Namespace) -> int:
    from sirat.services.dissemination.certificates import list_certificates

    with open_vault(args) as vault:
        rows = list_certificates(vault, include_removed=args.all, mine=args.mine)
    if args.json:
        print_json([{**_plain(c), "state": c.state()} for c in rows])
        return 0
    print_table(["id", "owner", "subject", "organisation", "valid until", "state", "test",
                 "SHA-256 fingerprint"],
                [(c.id, c.owner_name, c.common_name, c.organisation, c.not_after[:10],
                  c.state(), "TEST" if c.test_certificate else "", c.fingerprint[:16] + "…")
                 for c in rows])
    return 0


def _plain(c: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(c)


def _export(args: argparse.Namespace) -> int:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import Encoding

    from sirat.files import atomic_write_bytes
    from sirat.services.dissemination.certificates import certificate_der

    with open_vault(args) as vault:
        der = certificate_der(vault, args.id)
    cert = x509.load_der_x509_certificate(der)
    atomic_write_bytes(args.out, cert.public_bytes(Encoding.PEM), "certificate file")
    print(f"Wrote the public certificate #{args.id} (PEM).")
    # What a partner's administrator types when pinning it (`sirat workstation pin-cert`).
    print(f"SHA-256 {cert.fingerprint(hashes.SHA256()).hex()}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    from sirat.services.dissemination.certificates import remove_certificate

    with open_vault(args) as vault:
        remove_certificate(vault, args.id)
    print(f"Certificate #{args.id} removed; exports signed with it stay in the register.")
    return 0
