#!/usr/bin/env bash
# Smoke test of the desktop bundle, run as an analyst's workstation would run it: from a
# folder outside the repository, with no virtual environment or Python on PATH and a clean
# environment. Usage: packaging/dist_check.sh dist/sirat
set -euo pipefail
bundle="$(cd "${1:?usage: dist_check.sh BUNDLE_DIR}" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/sirat-dist-check.XXXXXX")"
trap '[ "${KEEP:-}" ] || rm -rf "$work"' EXIT
cd "$work"

run() {  # a clean environment: no PYTHONPATH, no venv, PATH without any Python
  env -i HOME="$work" PATH=/usr/bin:/bin LANG=C.UTF-8 SIRAT_HOME="$work/home" \
    QT_QPA_PLATFORM=offscreen SIRAT_PASSPHRASE="dist check passphrase" \
    SIRAT_CERT_PASSPHRASE="dist check certificate" "$@"
}
step() { printf '%-58s' "$1"; }
ok() { echo "ok${1:+ ($1)}"; }

step "--version"
version="$(run "$bundle/sirat" --version)"; ok "$version"

step "--help (start time, whole process)"
start=$(date +%s%N); run "$bundle/sirat" --help >/dev/null; end=$(date +%s%N)
ok "$(( (end - start) / 1000000 )) ms"

step "vault init"
run "$bundle/sirat" vault init --vault "$work/vault" --user admin >/dev/null; ok

step "demo --reports 5"
run "$bundle/sirat" demo --reports 5 --vault "$work/demo" >/dev/null; ok

step "an approved demo report"
ref="$(run "$bundle/sirat" report list --vault "$work/demo" --user root --status approved \
       --json | sed -n 's/.*"reference": "\(SIRAT-[0-9-]*\)".*/\1/p' | head -1)"
[ -n "$ref" ] || { echo "FAILED: no approved report"; exit 1; }
ok "$ref"

step "cert create-test (for analyst1)"
run "$bundle/sirat" cert create-test --vault "$work/demo" --user root --owner analyst1 >/dev/null
ok

step "pdf export --sign"
err="$work/export.err"
run "$bundle/sirat" pdf export "$ref" --recipient BG --out "$work/signed.pdf" --sign \
  --vault "$work/demo" --user analyst1 >/dev/null 2>"$err"
[ ! -s "$err" ] || { echo "FAILED: stderr not empty:"; cat "$err"; exit 1; }
ok "$(stat -c %s "$work/signed.pdf") bytes"

step "pdf verify"
# No trust anchor given: intact, the signer not verified, and the TEST certificate named.
verdict=$(run "$bundle/sirat" pdf verify "$work/signed.pdf" | head -1)
case "$verdict" in
  INTACT*TEST*) ;;
  *) echo "FAILED: $verdict"; exit 1 ;;
esac
ok "${verdict%%—*}"

step "attach an image (the decoder child runs from the bundle)"
# A 1x1 PNG: its thumbnail is made by the bundle started again as the image child.
echo "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==" \
  | base64 -d >"$work/pixel.png"
run "$bundle/sirat" attach add --entity 1 --vault "$work/demo" --user analyst1 \
  "$work/pixel.png" >/dev/null 2>"$work/attach.err" \
  || { echo "FAILED:"; cat "$work/attach.err"; exit 1; }
ok

step "GUI offscreen to its first window"
start=$(date +%s%N)
run env SIRAT_EXIT_AFTER_FIRST_WINDOW=1 "$bundle/sirat" --vault "$work/demo" 2>"$work/gui.err"
end=$(date +%s%N)
ok "$(( (end - start) / 1000000 )) ms"

echo "bundle: $bundle ($(du -sh "$bundle" | cut -f1))"
