"""``sirat pdf export|verify|register|preview|permission``: dissemination from the command line.

``export`` refuses, with one line and before anything is written, a report that is not
approved, a recipient that may not receive its classification or handling codes, H2
material without the provider's recorded permission, a wrong certificate passphrase or an
expired certificate. The file is written atomically only after the export is recorded.
``verify`` needs no vault: it exits 0 only for a file that is signed, intact, valid and
unchanged since signing.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sirat import config
from sirat.cli.common import (
    add_json_arg,
    add_vault_arg,
    checked_out,
    group,
    open_vault,
    passphrase,
    print_json,
    print_table,
    text_argument,
)
from sirat.domain.vocab import CertificateId
from sirat.errors import SiratError

if TYPE_CHECKING:
    from sirat.export.sign import LoadedSigner
    from sirat.export.verify import VerifyResult
    from sirat.vault import Vault

EXIT_NOT_VERIFIED = 1
MAX_PDF_BYTES = 512 * 1024 * 1024


def register(sub: Any) -> None:
    g = group(sub, "pdf", "dissemination PDFs: export, verify, the register")

    p = g.add_parser("export", help="export an approved report as a PDF for one recipient")
    add_vault_arg(p)
    p.add_argument("report", metavar="REPORT", help="reference (SIRAT-2026-000001) or id")
    p.add_argument("--recipient", required=True, metavar="CODE",
                   help="recipient code (see `sirat recipient list`)")
    p.add_argument("--out", required=True, type=Path, metavar="FILE",
                   help="file to write, or an existing folder (default file name inside); "
                        "an existing file is kept unless --force")
    p.add_argument("--force", action="store_true",
                   help="replace an existing regular file (never a link or a device)")
    p.add_argument("--sign", action="store_true",
                   help=f"sign with your certificate (passphrase: ${config.CERT_PASSPHRASE_ENV} "
                        "or a prompt)")
    p.add_argument("--certificate", type=int, metavar="ID",
                   help="which of your certificates (when you have several)")
    p.add_argument("--copy", type=int, metavar="N", help="copy number (default: the next)")
    p.add_argument("--attach", type=int, action="append", default=[], metavar="ID",
                   help="an attached image to print in an annex, without its metadata "
                        "(repeatable; member states and partners only)")
    add_json_arg(p)
    p.set_defaults(handler=_export)

    p = g.add_parser("verify", help="check a signed PDF: intact, valid, signer, changes")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--trust", type=Path, action="append", default=[], metavar="CERT",
                   help="a certificate (PEM or DER) to trust; repeatable")
    p.add_argument("--pinned", action="store_true",
                   help="trust this vault's certificates and the partners' pinned ones, and "
                   "name the partner (needs --vault/--user)")
    add_vault_arg(p)
    add_json_arg(p)
    p.set_defaults(handler=_verify)

    p = g.add_parser("register", help="list the dissemination register (every export)")
    add_vault_arg(p)
    p.add_argument("--report", metavar="REPORT", help="only this report")
    p.add_argument("--recipient", metavar="CODE", help="only this recipient")
    p.add_argument("--file", type=Path, metavar="FILE",
                   help="only the entries whose SHA-256 matches this file")
    p.add_argument("--limit", type=int, default=200)
    add_json_arg(p)
    p.set_defaults(handler=_register)

    p = g.add_parser("preview", help="which recipients may receive a report, and what each "
                                     "loses (writes nothing)")
    add_vault_arg(p)
    p.add_argument("report", metavar="REPORT")
    p.add_argument("--recipient", metavar="CODE", help="one recipient: what it will lose")
    add_json_arg(p)
    p.set_defaults(handler=_preview)

    p = g.add_parser("permission", help="record the provider's permission to disseminate "
                                        "H2 material")
    add_vault_arg(p)
    p.add_argument("report", metavar="REPORT")
    p.add_argument("--note", required=True, metavar="TEXT",
                   help="who gave permission, how and when; - reads it from standard input "
                        "(arguments are visible to every local user in the process list)")
    p.set_defaults(handler=_permission)


def _target(out: Path, file_name: str, force: bool) -> Path:
    """``--out`` as a file, or a real folder (not a link to one) to put the default name in."""
    path = out / file_name if out.is_dir() and not out.is_symlink() else out
    return checked_out(path, force=force)


def _signer(vault: Vault, certificate: int | None) -> LoadedSigner:
    from sirat.services.dissemination import certificates

    mine = [c for c in certificates.list_certificates(vault, mine=True) if c.state() == "valid"]
    if certificate is None:
        if not mine:
            raise SiratError("You have no valid signing certificate in this vault.",
                             "Import one with `sirat cert import FILE`.")
        if len(mine) > 1:
            ids = ", ".join(str(c.id) for c in mine)
            raise SiratError("You have several certificates; say which to sign with.",
                             f"Add --certificate ID (one of {ids}).")
        certificate = mine[0].id
    secret = passphrase(config.CERT_PASSPHRASE_ENV, "Certificate passphrase: ")
    return certificates.load_signer(vault, CertificateId(certificate), secret)


def _export(args: argparse.Namespace) -> int:
    from sirat.files import atomic_write_bytes
    from sirat.services.dissemination import exporting as dissemination

    with open_vault(args) as vault:
        plan = dissemination.plan_export(vault, args.report, args.recipient,
                                         copy_number=args.copy,
                                         attachments=tuple(args.attach))
        path = _target(args.out, plan.file_name, args.force)
        signer = _signer(vault, args.certificate) if args.sign else None
        rendered = dissemination.render_export(plan, signer=signer)
        entry = dissemination.record_export(
            vault, rendered,
            deliver=lambda data: atomic_write_bytes(_target(args.out, plan.file_name, args.force),
                                                    data, "PDF"))
    if args.json:
        print_json({"entry": entry, "path": str(path), "losses": list(plan.losses),
                    "why": [w.sentence() for w in plan.withholdings]})
        return 0
    kind = plan.recipient.kind.replace("-", " ")
    signed = "unsigned"
    if signer is not None:
        signed = "signed" + (" with a TEST certificate" if signer.test_certificate else "")
    print(f"Exported {entry.reference} v{entry.report_version}, copy {entry.copy_number}, "
          f"for {entry.recipient_code} ({kind}): {entry.pages} pages, {signed}.")
    for loss in plan.losses:
        print(f"  withheld: {loss}")
    for why in plan.withholdings:
        print(f"  because: {why.sentence()}")
    print(f"SHA-256 {entry.sha256}")
    print(f"Written to {path} and recorded in the dissemination register (#{entry.id}).")
    return 0


def _read(path: Path, what: str) -> bytes:
    try:
        if path.stat().st_size > MAX_PDF_BYTES:
            raise SiratError(f"The {what} is too large.", "Check the file name.")
        return path.read_bytes()
    except OSError:
        raise SiratError(f"The {what} cannot be read.",
                         "Check the path and the permissions.") from None


def _headline(result: VerifyResult) -> str:
    return result.headline()


def _verify(args: argparse.Namespace) -> int:
    from sirat.export.verify import verify_pdf

    data = _read(args.file, "PDF file")
    trusted = [_read(p, "certificate file") for p in args.trust]
    anchored_by = ""
    if args.pinned:
        if trusted:
            raise SiratError("Give either --pinned or --trust, not both.",
                             "--pinned trusts the certificates pinned in the vault.")
        from sirat.services.exchange.partner_certs import verify_signed_pdf

        with open_vault(args) as vault:
            found = verify_signed_pdf(vault, data)
        result = found.result
        anchored_by = (f"partner {found.partner}" if found.partner
                       else "this vault" if found.ours else "")
    else:
        result = verify_pdf(data, trusted)
    if args.json:
        print_json({"ok": result.ok, "signed": result.signed, "intact": result.intact,
                    "valid": result.valid, "trusted": result.trusted,
                    "anchors_given": result.anchors_given, "headline": result.headline(),
                    "modified_after_signing": result.modified_after_signing,
                    "signer": result.signer_common_name,
                    "signed_at": result.signed_at.isoformat() if result.signed_at else None,
                    "coverage": result.coverage, "test_certificate": result.test_certificate,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "anchored_by": anchored_by,
                    "summary": list(result.summary)})
    else:
        print(_headline(result))
        for line in result.summary:
            print(f"  {line}")
        if anchored_by:
            print(f"  Trusted through the certificate pinned for {anchored_by}.")
    if not result.ok:
        print(f"sirat: {_headline(result)}", file=sys.stderr)
    return 0 if result.ok else EXIT_NOT_VERIFIED


def _register(args: argparse.Namespace) -> int:
    from sirat.services.dissemination import register
    from sirat.services.reports.records import find_report_id

    with open_vault(args) as vault:
        if args.file is not None:
            digest = hashlib.sha256(_read(args.file, "PDF file")).hexdigest()
            rows = register.find_by_sha256(vault, digest)
        else:
            report_id = find_report_id(vault, args.report) if args.report else None
            rows = register.list_register(vault, report_id=report_id,
                                          recipient_code=args.recipient, limit=args.limit)
    if args.json:
        print_json(rows)
        return 0
    print_table(["#", "exported (UTC)", "report", "v", "copy", "recipient", "signed by",
                 "SHA-256"],
                [(e.id, e.exported_at[:19].replace("T", " "), e.reference, e.report_version,
                  e.copy_number, e.recipient_code,
                  (e.signer_name + (" (TEST)" if e.test_certificate else "")) or "unsigned",
                  e.sha256[:16] + "…") for e in rows])
    if args.file is not None and not rows:
        print("This file is not in the register (or it was changed after export).",
              file=sys.stderr)
        return 1
    return 0


def _preview(args: argparse.Namespace) -> int:
    from sirat.services.dissemination import exporting as dissemination
    from sirat.services.dissemination.choices import export_choices

    with open_vault(args) as vault:
        if args.recipient is None:
            options = export_choices(vault, args.report).recipients
            if args.json:
                print_json(options)
            else:
                print_table(["code", "kind", "may receive", "why not"],
                            [(o.code, o.kind, "yes" if o.allowed else "no", o.reason)
                             for o in options])
            return 0
        plan = dissemination.plan_export(vault, args.report, args.recipient)
    if args.json:
        print_json({"recipient": plan.recipient.code, "kind": plan.recipient.kind,
                    "copy_number": plan.copy_number, "file_name": plan.file_name,
                    "losses": list(plan.losses),
                    "why": [w.sentence() for w in plan.withholdings]})
        return 0
    print(f"{plan.reference} may go to {plan.recipient.code} as copy {plan.copy_number} "
          f"({plan.file_name}).")
    if not plan.losses:
        print("Nothing is withheld from this recipient.")
    for loss in plan.losses:
        print(f"  withheld: {loss}")
    for why in plan.withholdings:
        print(f"  because: {why.sentence()}")
    return 0


def _permission(args: argparse.Namespace) -> int:
    from sirat.services.dissemination.choices import record_provider_permission

    with open_vault(args) as vault:
        record_provider_permission(vault, args.report, text_argument(args.note, "note"))
    print("The provider's permission to disseminate (H2) is recorded.")
    return 0
