#!/usr/bin/env bash
# Issue 2 benchmark: in one run (warm page cache) time `attestfs bom dir:M -o attest` and
# `attestfs verify` against `openssl dgst -sha256` (one core, SHA-NI: the single-thread floor) and
# coreutils `sha256sum` over the same files, and print the times, ratios and attestfs peak RSS.
# usage: bench/bom_bench.sh [GIB=2] [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
GIB=${1:-2}
W=${2:-$(mktemp -d /tmp/attestfs-bench.XXXXXX)}
A=$PWD/build/attestfs
[ -x "$A" ] || scripts/build.sh attestfs >/dev/null
M=$W/model
if [ ! -d "$M" ]; then
  echo "generating a ${GIB} GiB model in $M (4 large shards + 2000 small files)"
  /usr/bin/python3 examples/make-model.py "$M" --weights-mib $((GIB * 1024)) --shards 4 --small-files 2000
fi
"$A" keygen --out "$W/k" --force >/dev/null
files=$(cd "$M" && find . -type f | sort)
# Warm the page cache.
(cd "$M" && cat $files > /dev/null)

t() {  # t CMD... -> seconds (wall) on stdout, command output discarded
  local s e
  s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
  echo "$e - $s" | bc -l
}
rss() {  # peak RSS in MiB of CMD
  /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.1f", $1/1024}'
}
bytes=$(du -sb "$M" | cut -f1)
rm -rf "$W/store"
bom=$(t "$A" bom "dir:$M" -o attest --key "$W/k.key" --store "$W/store")
ver=$(t "$A" verify "dir:$M" --key "$W/k.pub" --store "$W/store")
ossl=$(t bash -c "cd '$M' && openssl dgst -sha256 $(echo $files | tr '\n' ' ')")
sums=$(t bash -c "cd '$M' && sha256sum $(echo $files | tr '\n' ' ')")
bom_rss=$(rss "$A" bom "dir:$M" -o attest --key "$W/k.key" --store "$W/store2")
ver_rss=$(rss "$A" verify "dir:$M" --key "$W/k.pub" --store "$W/store")
printf 'tree: %s bytes, %s files, %s cores\n' "$bytes" "$(echo "$files" | wc -l)" "$(nproc)"
printf '%-34s %8.2f s\n' "attestfs bom -o attest" "$bom" "attestfs verify" "$ver" \
  "openssl dgst -sha256 (1 core)" "$ossl" "sha256sum (coreutils)" "$sums"
printf 'ratio bom/openssl     %.2f  (target <= 0.70)\n' "$(echo "$bom / $ossl" | bc -l)"
printf 'ratio verify/openssl  %.2f  (target <= 0.70)\n' "$(echo "$ver / $ossl" | bc -l)"
printf 'ratio bom/sha256sum   %.2f\n' "$(echo "$bom / $sums" | bc -l)"
printf 'peak RSS: bom %s MiB, verify %s MiB (target < 64 MiB)\n' "$bom_rss" "$ver_rss"
[ -n "${2:-}" ] || rm -rf "$W"
