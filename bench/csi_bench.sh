#!/bin/sh
# Two pods on one node reading the same 1% of a 512 MiB model through attestfs CSI volumes
# (`attestfs csi serve`, driven over its socket by tests/csi_client as the kubelet would),
# against what an init container that downloads the model does (`skopeo copy` of the same
# artifact, once per pod). Bytes are counted by a proxy in front of the real docker-registry.
# Prints bytes fetched per pod, the ratio to the range read, and the times. Root (FUSE).
#   bench/csi_bench.sh [SIZE_MB] [ATTESTFS]
set -eu
SIZE_MB=${1:-512}
SRC=$(cd "$(dirname "$0")/.." && pwd)
A=${2:-${ATTESTFS:-$SRC/build/attestfs}}
CLIENT=$(dirname "$A")/tests/csi_client
[ -x "$A" ] && [ -x "$CLIENT" ] || { echo "build attestfs and csi_client first (scripts/build.sh)"; exit 1; }
[ "$(id -u)" = 0 ] || { echo "run as root (FUSE mounts)"; exit 1; }
WORK=$(mktemp -d /tmp/afs-csi-bench-XXXXXX)
PIDS=""
cleanup() {
  for t in "$WORK"/pods/*; do [ -d "$t" ] && "$CLIENT" "$WORK/csi.sock" unpublish vol "$t" >/dev/null 2>&1 || true; done
  for p in $PIDS; do kill "$p" 2>/dev/null || true; done
  sleep 0.2; rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
RP=$(free_port); PP=$(free_port)
PIDS="$PIDS $("$SRC/tests/integration/registry/run-registry.sh" plain "$WORK/reg" "$RP")"
/usr/bin/python3 "$SRC/tests/integration/count_proxy.py" "$PP" "$RP" "$WORK/bytes" &
PIDS="$PIDS $!"
sleep 0.5
bytes() { cat "$WORK/bytes"; }
/usr/bin/python3 "$SRC/examples/make-model.py" "$WORK/model" --weights-mib "$SIZE_MB" >/dev/null
"$A" keygen --out "$WORK/k" >/dev/null
"$A" push "dir:$WORK/model" "127.0.0.1:$RP/models/bench:v1" -o bundle --key "$WORK/k.key" --store "$WORK/s" --plain-http >/dev/null
mkdir -p "$WORK/secrets" "$WORK/pods"
cp "$WORK/k.pub" "$WORK/secrets/release.pub"
"$A" csi serve --endpoint "unix://$WORK/csi.sock" --node-id bench --state-dir "$WORK/state" \
  --secrets-dir "$WORK/secrets" --cache-dir "$WORK/cache" 2>"$WORK/plugin.log" &
PIDS="$PIDS $!"
for _ in $(seq 1 100); do "$CLIENT" "$WORK/csi.sock" probe >/dev/null 2>&1 && break; sleep 0.1; done
W=$(cd "$WORK/model" && ls -S | head -1)
SIZE=$(stat -c %s "$WORK/model/$W")
LEN=$((SIZE / 100)); OFF=$((SIZE / 2))
now() { date +%s.%N; }
pod() {  # pod NAME -> "bytes seconds"
  b0=$(bytes); t0=$(now)
  "$CLIENT" "$WORK/csi.sock" publish vol "$WORK/pods/$1" --readonly source=127.0.0.1:$PP/models/bench:v1 key=release.pub plain_http=true >/dev/null
  /usr/bin/python3 -c 'import sys; f=open(sys.argv[1],"rb"); f.seek(int(sys.argv[2])); d=f.read(int(sys.argv[3])); assert len(d)==int(sys.argv[3])' "$WORK/pods/$1/$W" $OFF $LEN
  sleep 0.3
  echo "$(( $(bytes) - b0 )) $(echo "$(now) - $t0 - 0.3" | bc)"
}
set -- $(pod a); A_BYTES=$1; A_T=$2
set -- $(pod b); B_BYTES=$1; B_T=$2
b0=$(bytes); t0=$(now)
skopeo copy -q --src-tls-verify=false "docker://127.0.0.1:$PP/models/bench:v1" "oci:$WORK/initc:v1" >/dev/null
S_T=$(echo "$(now) - $t0" | bc); S_BYTES=$(( $(bytes) - b0 ))
echo "model: $W, $SIZE bytes; each pod reads $LEN bytes (1%) at offset $OFF"
printf "attestfs CSI pod 1 (cold node):   %12d bytes fetched  %6.2f s  (%.3f x the range read)\n" $A_BYTES $A_T $(echo "$A_BYTES / $LEN" | bc -l)
printf "attestfs CSI pod 2 (same node):   %12d bytes fetched  %6.2f s\n" $B_BYTES $B_T
printf "init container (skopeo copy):     %12d bytes fetched  %6.2f s  per pod\n" $S_BYTES $S_T
printf "ratio, two pods: attestfs %d bytes vs init containers %d bytes = %.4f\n" $((A_BYTES + B_BYTES)) $((2 * S_BYTES)) $(echo "($A_BYTES + $B_BYTES) / (2 * $S_BYTES)" | bc -l)
