#!/usr/bin/env bash
# Issue 4 benchmark, part 1 (local-directory mount; run as root). In one run:
#  1. cold sequential read of a >= 2 GiB file through a fresh mount (backing file in the page
#     cache) vs `openssl dgst -sha256` of the backing file; warm re-read vs `cat` of the file;
#  3. mount start-up (attestation verified, tree built) for a 1,000-file model, and the daemon's
#     peak RSS (VmHWM) while reading the 2 GiB file.
# Method (kept fair to both sides):
#  * Both readers are `cat` (128 KiB reads); the peer figures are taken in the same round as ours.
#  * ROUNDS rounds (default 3), each with a fresh mount; the MEDIAN of each figure is reported,
#    with the load average before and after (the machine may be shared: prefer a quiet one).
#  * Warm: the backing file's pages were read several times before its `cat` is timed (written,
#    warmed, hashed by openssl), so the kernel has already moved them to its active LRU list.
#    The first re-read through the mount pays that one-time promotion for 2 GiB of fresh pages
#    (it dominates a warm re-read here), so the warm figure is the best of three re-reads (new
#    open each) against the best of three `cat`s; the first re-read is printed too.
#  * Each round prints the daemon's counters (logged at unmount): the bytes served equal one
#    file size, i.e. the warm re-reads never reached the daemon (keep_cache).
#  * Cold: every page read through the mount is a new page-cache page (the mount keeps them:
#    keep_cache). On VMs whose free memory is handed back to the host (virtio-balloon free page
#    reporting) touching those pages costs extra; the first round may show it.
#  2. the registry mount (header + one 1% range vs a full pull) runs at the end, in the same run,
#     from bench/mount_registry_bench.sh (REGISTRY=0 skips it).
# usage: bench/mount_bench.sh [GIB=2] [WORKDIR]      env: ROUNDS=3 ATTESTFS=path/to/attestfs REGISTRY=1
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] && [ -e /dev/fuse ] || { echo "needs root and /dev/fuse"; exit 1; }
GIB=${1:-2}
W=${2:-$(mktemp -d /tmp/attestfs-mbench.XXXXXX)}
ROUNDS=${ROUNDS:-3}
A=${ATTESTFS:-$PWD/build/attestfs}
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
M=$W/mnt/model.safetensors
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
min() { printf '%s\n' "$@" | sort -g | head -1; }
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
cat "$F" >/dev/null
declare -a OSSL CAT COLD WARM1 WARM RSS START
for r in $(seq 1 "$ROUNDS"); do
  OSSL+=("$(t openssl dgst -sha256 "$F")")
  CAT+=("$(min "$(t cat "$F")" "$(t cat "$F")" "$(t cat "$F")")")
  "$A" mount "dir:$W/big" "$W/mnt" -o "key=$W/k.pub,store=$W/s,log=$W/mount.log"
  pid=$(pgrep -n -f "attestfs mount dir:$W/big" || true)
  COLD+=("$(t cat "$M")")
  w1=$(t cat "$M")
  WARM1+=("$w1")
  WARM+=("$(min "$w1" "$(t cat "$M")" "$(t cat "$M")")")
  rss="?"
  [ -n "$pid" ] && rss=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  RSS+=("$rss")
  umount "$W/mnt"
  for _ in 1 2 3 4 5 6 7 8 9 10; do grep -q "unmounted" "$W/mount.log" 2>/dev/null && break; sleep 0.1; done
  counters=$(grep -o 'unmounted.*' "$W/mount.log" 2>/dev/null | tail -1 | sed 's/^unmounted [^ ]* //')
  rm -f "$W/mount.log"
  START+=("$(t "$A" mount "dir:$W/many" "$W/mnt" -o "key=$W/k.pub,store=$W/s")")
  ls -R "$W/mnt" >/dev/null
  umount "$W/mnt"
  echo "round $r: cold ${COLD[-1]} s, openssl ${OSSL[-1]} s, warm ${WARM[-1]} s (first ${w1}), cat ${CAT[-1]} s, rss ${rss} MiB, start-up ${START[-1]} s, load $(cut -d' ' -f1 /proc/loadavg)" >&2
  echo "  daemon, cold + 3 warm re-reads: ${counters:-?}" >&2
done
cold=$(median "${COLD[@]}") ossl=$(median "${OSSL[@]}") warm=$(median "${WARM[@]}")
warm1=$(median "${WARM1[@]}") catt=$(median "${CAT[@]}") start=$(median "${START[@]}")
printf 'medians of %s rounds, %s GiB file; load average %s before, %s after\n' "$ROUNDS" "$GIB" \
  "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-48s %7.3f s\n' "cold read through attestfs (fresh mount)" "$cold" \
  "openssl dgst -sha256 of the backing file" "$ossl" \
  "warm re-read through attestfs (best of 3)" "$warm" \
  "warm re-read through attestfs (first)" "$warm1" \
  "cat of the backing file (best of 3)" "$catt" \
  "mount start-up, 1,000-file model" "$start"
printf 'ratio cold/openssl  %.2f  (target <= 1.5)\n' "$(echo "$cold / $ossl" | bc -l)"
printf 'ratio warm/cat      %.2f  (target <= 1.2; first re-read %.2f)\n' \
  "$(echo "$warm / $catt" | bc -l)" "$(echo "$warm1 / $catt" | bc -l)"
printf 'mount start-up      %.0f ms (target < 200 ms)\n' "$(echo "$start * 1000" | bc -l)"
printf 'daemon peak RSS while reading %s GiB: %s MiB (rounds: %s)\n' "$GIB" \
  "$(median "${RSS[@]}")" "${RSS[*]}"
[ -n "${2:-}" ] || rm -rf "$W"
if [ "${REGISTRY:-1}" != 0 ]; then
  echo
  echo "== part 2: registry mount"
  MIB=$((GIB * 1024)) ATTESTFS=$A bench/mount_registry_bench.sh
fi
