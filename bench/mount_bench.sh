#!/usr/bin/env bash
# Issue 4 benchmark (local-directory mount; run as root). In one run:
#  1. cold sequential read of a >= 2 GiB file through a fresh mount (backing file in the page
#     cache) vs `openssl dgst -sha256` of the backing file; warm re-read vs `cat` of the file;
#  3. mount start-up (attestation verified, tree built) for a 1,000-file model, and the daemon's
#     peak RSS while reading the 2 GiB file.
# Registry-mount figures (bytes fetched for a 1% range) need registry mounts from the CLI: not yet.
# usage: bench/mount_bench.sh [GIB=2] [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] && [ -e /dev/fuse ] || { echo "needs root and /dev/fuse"; exit 1; }
GIB=${1:-2}
W=${2:-$(mktemp -d /tmp/attestfs-mbench.XXXXXX)}
A=$PWD/build/attestfs
[ -x "$A" ] || scripts/build.sh attestfs >/dev/null
mkdir -p "$W/big" "$W/mnt"
if [ ! -f "$W/big/model.safetensors" ]; then
  /usr/bin/python3 examples/make-model.py "$W/big" --weights-mib $((GIB * 1024)) >/dev/null
fi
/usr/bin/python3 examples/make-model.py "$W/many" --weights-mib 4 --small-files 995 >/dev/null
"$A" keygen --out "$W/k" --force >/dev/null
"$A" bom "dir:$W/big" -o attest --key "$W/k.key" --store "$W/s" >/dev/null
"$A" bom "dir:$W/many" -o attest --key "$W/k.key" --store "$W/s" >/dev/null
F=$W/big/model.safetensors
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
cat "$F" >/dev/null
ossl=$(t openssl dgst -sha256 "$F")
catt=$(t cat "$F")
"$A" mount "dir:$W/big" "$W/mnt" -o "key=$W/k.pub,store=$W/s"
pid=$(pgrep -n -f "attestfs mount dir:$W/big" || true)
cold=$(t cat "$W/mnt/model.safetensors")
warm=$(t cat "$W/mnt/model.safetensors")
rss="?"
[ -n "$pid" ] && rss=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
umount "$W/mnt"
start=$(t "$A" mount "dir:$W/many" "$W/mnt" -o "key=$W/k.pub,store=$W/s")
ls -R "$W/mnt" >/dev/null
umount "$W/mnt"
printf '%-44s %7.3f s\n' "cold read through attestfs (fresh mount)" "$cold" "openssl dgst -sha256 of the backing file" "$ossl" \
  "warm re-read through attestfs" "$warm" "cat of the backing file" "$catt" \
  "mount start-up, 1,000-file model" "$start"
printf 'ratio cold/openssl  %.2f  (target <= 1.5)\n' "$(echo "$cold / $ossl" | bc -l)"
printf 'ratio warm/cat      %.2f  (target <= 1.2)\n' "$(echo "$warm / $catt" | bc -l)"
printf 'mount start-up      %.0f ms (target < 200 ms)\n' "$(echo "$start * 1000" | bc -l)"
printf 'daemon peak RSS while reading %s GiB: %s MiB\n' "$GIB" "$rss"
[ -n "${2:-}" ] || rm -rf "$W"
