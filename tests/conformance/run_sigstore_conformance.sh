#!/usr/bin/env bash
# Runs every case of the Sigstore bundle-verification conformance suite (read from
# ../shared/conformance/sigstore-bundle-verify or $ATTESTFS_CONFORMANCE_DIR; skipped with a
# message when absent) through tests/conformance/sigstore-client, twice per case (artifact path
# and sha256:HEX), and prints "N/M runs right" and each wrong run. Exits 1 when fewer than
# $ATTESTFS_SIGSTORE_MIN (default: all) runs are right.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=${ATTESTFS_SOURCE_DIR:-$here/../..}
C=${ATTESTFS_CONFORMANCE_DIR:-$src/../shared/conformance}/sigstore-bundle-verify
if [ ! -d "$C/cases" ]; then
  echo "skip: no Sigstore conformance cases at $C"
  exit 0
fi
export ATTESTFS=${ATTESTFS:-$src/build/attestfs}
client=$here/sigstore-client
default_id='https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main'
default_iss='https://token.actions.githubusercontent.com'
right=0 total=0 wrong=()
for d in "$C"/cases/*/; do
  n=$(basename "$d")
  [ -f "$d/bundle.sigstore.json" ] || continue
  artifact=$C/cases/a.txt
  [ -f "$d/artifact" ] && artifact=$d/artifact
  root=()
  # Without a case root the harness passes none: attestfs's default, the public-good root it
  # ships (share/attestfs/trusted_root.json), applies.
  [ -f "$d/trusted_root.json" ] && root=(--trusted-root "$d/trusted_root.json")
  if [ -f "$d/key.pub" ]; then
    material=(--key "$d/key.pub")
  elif [[ $n == managed-key-* ]]; then
    material=()
  else
    id=$default_id iss=$default_iss
    [ -f "$d/identity" ] && id=$(cat "$d/identity")
    [ -f "$d/issuer" ] && iss=$(cat "$d/issuer")
    material=(--certificate-identity "$id" --certificate-oidc-issuer "$iss")
  fi
  digest=sha256:$(sha256sum "$artifact" | cut -d' ' -f1)
  for target in "$artifact" "$digest"; do
    total=$((total + 1))
    out=$("$client" verify-bundle --bundle "$d/bundle.sigstore.json" "${material[@]}" "${root[@]}" "$target" 2>&1)
    rc=$?
    if [[ $n == *_fail ]]; then ok=$([ $rc -ne 0 ] && echo 1 || echo 0); else ok=$([ $rc -eq 0 ] && echo 1 || echo 0); fi
    mode=path; [[ $target == sha256:* ]] && mode=digest
    if [ "$ok" = 1 ]; then
      right=$((right + 1))
      [ -n "${VERBOSE:-}" ] && echo "ok   $n ($mode, rc $rc): $out"
    else
      wrong+=("$n ($mode, rc $rc): $out")
    fi
  done
done
for w in "${wrong[@]}"; do echo "WRONG $w"; done
echo "sigstore conformance: $right/$total runs right"
[ "$right" -ge "${ATTESTFS_SIGSTORE_MIN:-$total}" ]
