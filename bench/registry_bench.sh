#!/bin/sh
# Push and pull a model directory (default 2 GiB) to/from local docker-registry instances with
# the attestfs CLI and with `skopeo copy` of the same content as an OCI layout, in the same run;
# prints both figures and the ratios (targets: push <= 1.0 x skopeo, pull incl. verification
# <= 0.5 x skopeo).
#   attestfs push dir:M REF -o attest --key K   scan + hash (files and chunk index), sign, upload,
#                                               attach the evidence as a referrer
#   attestfs pull REF DIR --key K.pub           download, every blob digest-checked, referrer
#                                               evidence verified and matched file by file
#   skopeo copy oci:LAYOUT docker://REF / docker://REF oci:DIR   the same artifact
#   bench/registry_bench.sh [SIZE_MB] [ATTESTFS]
# Uses two registries on free loopback ports (one per tool, so neither finds the other's blobs);
# stops them by PID and removes its work directory at the end.
set -eu
SIZE_MB=${1:-2048}
SRC=$(cd "$(dirname "$0")/.." && pwd)
A=${2:-${ATTESTFS:-$SRC/build/attestfs}}
[ -x "$A" ] || { echo "no attestfs binary at $A (scripts/build.sh attestfs)"; exit 1; }
WORK=$(mktemp -d /tmp/afs-registry-bench-XXXXXX)
PIDS=""
cleanup() { for p in $PIDS; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
P1=$(free_port); P2=$(free_port)
PIDS="$PIDS $("$SRC/tests/integration/registry/run-registry.sh" plain "$WORK/r1" "$P1")"
PIDS="$PIDS $("$SRC/tests/integration/registry/run-registry.sh" plain "$WORK/r2" "$P2")"

# The model: 4 weight shards + a few small files, incompressible bytes.
M="$WORK/model"; mkdir -p "$M"
SHARD=$((SIZE_MB / 4))
for i in 1 2 3 4; do head -c "$((SHARD * 1048576))" /dev/urandom > "$M/model-0000$i-of-00004.safetensors"; done
printf '{"arch":"bench"}' > "$M/config.json"; printf '# bench\n' > "$M/README.md"
sync

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }

"$A" keygen --out "$WORK/k" >/dev/null
T0=$(now); "$A" push "dir:$M" "127.0.0.1:$P1/bench/model:v1" -o attest --key "$WORK/k.key" --store "$WORK/store" --plain-http >/dev/null 2>&1; T1=$(now)
OUR_PUSH=$(secs "$T0" "$T1")
"$A" copy "127.0.0.1:$P1/bench/model:v1" "oci-layout:$WORK/layout:v1" --no-referrers --plain-http >/dev/null 2>&1
sync
T0=$(now); skopeo copy -q --dest-tls-verify=false "oci:$WORK/layout:v1" "docker://127.0.0.1:$P2/bench/model:v1"; T1=$(now)
SK_PUSH=$(secs "$T0" "$T1")
# Pulls: best of two runs each (the machine is shared).
min() { echo "if ($1 < $2) $1 else $2" | bc -l; }
OUR_PULL=999999; SK_PULL=999999
for run in 1 2; do
  rm -rf "$WORK/pulled" "$WORK/skopeo-pulled"; sync
  T0=$(now); "$A" pull "127.0.0.1:$P1/bench/model:v1" "$WORK/pulled" --key "$WORK/k.pub" --plain-http >/dev/null 2>&1; T1=$(now)
  OUR_PULL=$(min "$(secs "$T0" "$T1")" "$OUR_PULL")
  sync
  T0=$(now); skopeo copy -q --src-tls-verify=false "docker://127.0.0.1:$P2/bench/model:v1" "oci:$WORK/skopeo-pulled:v1"; T1=$(now)
  SK_PULL=$(min "$(secs "$T0" "$T1")" "$SK_PULL")
done
cmp -s "$M/config.json" "$WORK/pulled/config.json" || { echo "pulled tree differs"; exit 1; }

printf 'model %d MiB (4 shards + 2 small files), docker-registry 2.8.2 on loopback\n' "$SIZE_MB"
printf 'push  attestfs %8.2f s   skopeo %8.2f s   ratio %.2f (target <= 1.0; attestfs also hashes, signs and attaches)\n' "$OUR_PUSH" "$SK_PUSH" "$(echo "$OUR_PUSH / $SK_PUSH" | bc -l)"
printf 'pull  attestfs %8.2f s   skopeo %8.2f s   ratio %.2f (target <= 0.5; attestfs verifies digests + signed evidence)\n' "$OUR_PULL" "$SK_PULL" "$(echo "$OUR_PULL / $SK_PULL" | bc -l)"
