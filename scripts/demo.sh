#!/usr/bin/env bash
# The main job on an embedded default: installs deps if missing, builds attestfs, generates an
# example Hugging Face-style model, creates a key, signs the model into a local store, verifies
# it, flips one byte in the weights and shows verification failing with the file named.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh >/dev/null
scripts/build.sh attestfs >/dev/null
A=$PWD/build/attestfs
W=${ATTESTFS_DEMO_DIR:-$(mktemp -d /tmp/attestfs-demo.XXXXXX)}
mkdir -p "$W"
STORE=$W/store
echo "== working in $W"
rm -rf "$W/model" "$W/release.key" "$W/release.pub"
/usr/bin/python3 examples/make-model.py "$W/model" --license apache-2.0 --weights-mib 24
echo "== attestfs keygen"
"$A" keygen --out "$W/release"
echo "== attestfs bom dir:model -o attest (CycloneDX ML-BOM, signed, stored)"
"$A" bom "dir:$W/model" -o attest --key "$W/release.key" --store "$STORE"
echo "== attestfs store list"
"$A" store list --store "$STORE"
echo "== attestfs verify (expect VERIFIED)"
"$A" verify "dir:$W/model" --key "$W/release.pub" --store "$STORE"
echo "== flipping one byte in the middle of model.safetensors"
/usr/bin/python3 - "$W/model/model.safetensors" <<'PY'
import os, sys
p = sys.argv[1]; off = os.path.getsize(p) // 2
with open(p, "r+b") as f:
    f.seek(off); b = f.read(1); f.seek(off); f.write(bytes([b[0] ^ 0xFF]))
PY
echo "== attestfs verify (expect FAILED, exit 1)"
set +e
"$A" verify "dir:$W/model" --key "$W/release.pub" --store "$STORE"
rc=$?
set -e
echo "== verify exited $rc"
[ "$rc" -eq 1 ] || { echo "demo: expected exit 1 after tampering" >&2; exit 1; }
echo "== demo ok"
