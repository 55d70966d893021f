#!/bin/sh
# Push and pull models to/from local docker-registry instances with the attestfs CLI and with
# `skopeo copy` of the same content as an OCI layout, in the same run; prints both figures and the
# ratios for two models:
#   sharded  SIZE_MB (default 2048) in 4 weight shards + 2 small files (targets: push <= 1.0 x
#            skopeo, pull incl. verification <= 0.5 x skopeo)
#   single   SINGLE_MB (default 512) in one file (targets: push <= 0.9, pull <= 0.4): one layer,
#            so pull's parallelism comes from Range requests and push's from uploading while hashing
#   attestfs push dir:M REF -o attest --key K   scan + hash (files and chunk index), sign, upload,
#                                               attach the evidence as a referrer
#   attestfs pull REF DIR --key K.pub           download, every blob digest-checked, referrer
#                                               evidence verified and matched file by file
#   skopeo copy oci:LAYOUT docker://REF / docker://REF oci:DIR   the same artifact
#   bench/registry_bench.sh [SIZE_MB] [ATTESTFS]      (SINGLE_MB=0 or SHARDED=0 skips a case)
# Uses two registries on free loopback ports (one per tool, so neither finds the other's blobs);
# stops them by PID and removes its work directory at the end.
set -eu
SIZE_MB=${1:-2048}
SINGLE_MB=${SINGLE_MB:-512}
SHARDED=${SHARDED:-1}
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

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }
min() { echo "if ($1 < $2) $1 else $2" | bc -l; }
"$A" keygen --out "$WORK/k" >/dev/null

# bench_case NAME MODEL_DIR BIG_FILE: push (once each) and pull (best of two each) of one model.
bench_case() {
  name=$1 M=$2 big=$3
  sync
  T0=$(now); "$A" push "dir:$M" "127.0.0.1:$P1/bench/$name:v1" -o attest --key "$WORK/k.key" --store "$WORK/store" --plain-http --quiet >/dev/null 2>&1; T1=$(now)
  OUR_PUSH=$(secs "$T0" "$T1")
  "$A" copy "127.0.0.1:$P1/bench/$name:v1" "oci-layout:$WORK/layout-$name:v1" --no-referrers --plain-http --quiet >/dev/null 2>&1
  sync
  T0=$(now); skopeo copy -q --dest-tls-verify=false "oci:$WORK/layout-$name:v1" "docker://127.0.0.1:$P2/bench/$name:v1"; T1=$(now)
  SK_PUSH=$(secs "$T0" "$T1")
  OUR_PULL=999999; SK_PULL=999999
  for run in 1 2; do
    rm -rf "$WORK/pulled" "$WORK/skopeo-pulled"; sync
    T0=$(now); "$A" pull "127.0.0.1:$P1/bench/$name:v1" "$WORK/pulled" --key "$WORK/k.pub" --plain-http --quiet >/dev/null 2>&1; T1=$(now)
    OUR_PULL=$(min "$(secs "$T0" "$T1")" "$OUR_PULL")
    sync
    T0=$(now); skopeo copy -q --src-tls-verify=false "docker://127.0.0.1:$P2/bench/$name:v1" "oci:$WORK/skopeo-pulled:v1"; T1=$(now)
    SK_PULL=$(min "$(secs "$T0" "$T1")" "$SK_PULL")
  done
  cmp -s "$M/$big" "$WORK/pulled/$big" || { echo "pulled $name differs"; exit 1; }
  rm -rf "$WORK/pulled" "$WORK/skopeo-pulled" "$WORK/layout-$name"
}

report() {  # report LABEL PUSH_TARGET PULL_TARGET
  printf '%s\n' "$1"
  printf '  push  attestfs %8.2f s   skopeo %8.2f s   ratio %.2f (target <= %s; attestfs also hashes, signs and attaches)\n' "$OUR_PUSH" "$SK_PUSH" "$(echo "$OUR_PUSH / $SK_PUSH" | bc -l)" "$2"
  printf '  pull  attestfs %8.2f s   skopeo %8.2f s   ratio %.2f (target <= %s; attestfs verifies digests + signed evidence)\n' "$OUR_PULL" "$SK_PULL" "$(echo "$OUR_PULL / $SK_PULL" | bc -l)" "$3"
}

printf 'docker-registry 2.8.2 on loopback, load %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$SINGLE_MB" -gt 0 ]; then
  # One weights file + a config: a single large layer.
  S="$WORK/single"; mkdir -p "$S"
  head -c "$((SINGLE_MB * 1048576))" /dev/urandom > "$S/model.safetensors"
  printf '{"arch":"bench"}' > "$S/config.json"
  bench_case single "$S" model.safetensors
  report "single file: $SINGLE_MB MiB in one file" 0.9 0.4
  rm -rf "$S"
fi
if [ "$SHARDED" -ne 0 ]; then
  # 4 weight shards + a few small files, incompressible bytes.
  M="$WORK/model"; mkdir -p "$M"
  SHARD=$((SIZE_MB / 4))
  for i in 1 2 3 4; do head -c "$((SHARD * 1048576))" /dev/urandom > "$M/model-0000$i-of-00004.safetensors"; done
  printf '{"arch":"bench"}' > "$M/config.json"; printf '# bench\n' > "$M/README.md"
  bench_case model "$M" config.json
  report "sharded: $SIZE_MB MiB in 4 shards + 2 small files" 1.0 0.5
fi
