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
#  4. mmap as inference servers load safetensors (numpy memmap, MMAP_COUNT=1024 random 4 KiB-1 MiB
#     regions, bench/mmap_faults.py): through a fresh mount (cold), again (warm), and after one
#     full read (the verified copy complete: passthrough) vs the backing file mapped twice.
# Every round's figures are printed, then per-round ratios and medians. Each mount gets a fresh
# private directory (cache=), so no verified copy carries over between rounds.
# usage: bench/mount_bench.sh [GIB=1] [WORKDIR]
#        env: ROUNDS=3 ATTESTFS=path/to/attestfs REGISTRY=1 PASSTHROUGH=auto|on|off MMAP_COUNT=1024
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] && [ -e /dev/fuse ] || { echo "needs root and /dev/fuse"; exit 1; }
GIB=${1:-1}
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
PT=${PASSTHROUGH:-auto}
MOPTS="key=$W/k.pub,store=$W/s,passthrough=$PT"
# mmap case: numpy memmap + MMAP_COUNT random 4 KiB-1 MiB regions (bench/mmap_faults.py).
MMAP_COUNT=${MMAP_COUNT:-1024}
mm() { /usr/bin/python3 bench/mmap_faults.py "$1" "$MMAP_COUNT" | cut -d' ' -f1; }
declare -a OSSL CAT COLD WARM1 WARM RSS START COUNTERS MMC MMW MMP MMF PMC PMW WAIT PT1 PTB
for r in $(seq 1 "$ROUNDS"); do
  OSSL+=("$(t openssl dgst -sha256 "$F")")
  CAT+=("$(min "$(t cat "$F")" "$(t cat "$F")" "$(t cat "$F")")")
  # A fresh private directory per round: no verified copy survives from an earlier round.
  rm -rf "$W/cache"
  "$A" mount "dir:$W/big" "$W/mnt" -o "$MOPTS,cache=$W/cache,log=$W/mount.log"
  pid=$(pgrep -n -f "attestfs mount dir:$W/big" || true)
  COLD+=("$(t cat "$M")")
  w1=$(t cat "$M")
  WARM1+=("$w1")
  WARM+=("$(min "$w1" "$(t cat "$M")" "$(t cat "$M")")")
  # Passthrough: the daemon builds the verified copy in the background (nice 19) once the file
  # verified; wait for it (up to 30 s), then re-read: those opens read the private copy.
  ws=$(date +%s.%N) copied=no
  for _ in $(seq 300); do grep -q "verified copy of model.safetensors complete" "$W/mount.log" 2>/dev/null && { copied=yes; break; }; sleep 0.1; done
  WAIT+=("$(echo "$(date +%s.%N) - $ws" | bc -l)")
  p1=$(t cat "$M")
  PT1+=("$p1")
  PTB+=("$(min "$p1" "$(t cat "$M")" "$(t cat "$M")")")
  rss="?"
  [ -n "$pid" ] && rss=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  RSS+=("$rss")
  umount "$W/mnt"
  for _ in 1 2 3 4 5 6 7 8 9 10; do grep -q "unmounted" "$W/mount.log" 2>/dev/null && break; sleep 0.1; done
  COUNTERS+=("$(grep -o 'unmounted.*' "$W/mount.log" 2>/dev/null | tail -1 | sed 's/^unmounted [^ ]* //')")
  rm -f "$W/mount.log"
  # mmap: the peer maps the backing file (in the page cache) in a new process, twice; ours maps
  # the file through a fresh mount (cold: nothing verified yet), again (warm: the mount's page
  # cache), then after one full read (the verified copy is complete: passthrough when on).
  PMC+=("$(mm "$F")")
  PMW+=("$(mm "$F")")
  rm -rf "$W/cache"
  "$A" mount "dir:$W/big" "$W/mnt" -o "$MOPTS,cache=$W/cache,log=$W/mount2.log"
  MMC+=("$(mm "$M")")
  MMW+=("$(mm "$M")")
  cat "$M" >/dev/null
  for _ in $(seq 300); do grep -q "verified copy of model.safetensors complete" "$W/mount2.log" 2>/dev/null && break; [ "$PT" = off ] && break; sleep 0.1; done
  rm -f "$W/mount2.log"
  MMF+=("$(mm "$M")")
  umount "$W/mnt"
  START+=("$(t "$A" mount "dir:$W/many" "$W/mnt" -o "key=$W/k.pub,store=$W/s")")
  ls -R "$W/mnt" >/dev/null
  umount "$W/mnt"
  echo "round $r: cold ${COLD[-1]} s, openssl ${OSSL[-1]} s, warm ${WARM[-1]} s (first ${w1}), cat ${CAT[-1]} s, mmap cold ${MMC[-1]}/${PMC[-1]} s, warm ${MMW[-1]}/${PMW[-1]} s, after a full read ${MMF[-1]} s, copy ready after ${WAIT[-1]} s ($copied), passthrough re-read ${PT1[-1]} s (best ${PTB[-1]}), rss ${rss} MiB, start-up ${START[-1]} s, load $(cut -d' ' -f1 /proc/loadavg)" >&2
  echo "  daemon, cold + 3 warm re-reads: ${COUNTERS[-1]:-?}" >&2
done
cold=$(median "${COLD[@]}") ossl=$(median "${OSSL[@]}") warm=$(median "${WARM[@]}")
warm1=$(median "${WARM1[@]}") catt=$(median "${CAT[@]}") start=$(median "${START[@]}")
# ratios ARRAY_A ARRAY_B -> "a1/b1 a2/b2 ..." per round
ratios() {
  local -n a=$1 b=$2
  local out="" i
  for i in "${!a[@]}"; do out+="$(printf '%.2f ' "$(echo "${a[$i]} / ${b[$i]}" | bc -l)")"; done
  echo "$out"
}
rounds() { local -n a=$1; printf '%.3f ' "${a[@]}"; }
printf '%s rounds, %s GiB file, passthrough=%s; load average %s before, %s after\n' "$ROUNDS" \
  "$GIB" "$PT" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %s s (median %.3f)\n' \
  "cold read through attestfs (fresh mount)" "$(rounds COLD)" "$cold" \
  "openssl dgst -sha256 of the backing file" "$(rounds OSSL)" "$ossl" \
  "warm re-read through attestfs (first)" "$(rounds WARM1)" "$warm1" \
  "warm re-read through attestfs (best of 3)" "$(rounds WARM)" "$warm" \
  "cat of the backing file (best of 3)" "$(rounds CAT)" "$catt" \
  "wait for the verified copy (background)" "$(rounds WAIT)" "$(median "${WAIT[@]}")" \
  "re-read once the copy is ready (first)" "$(rounds PT1)" "$(median "${PT1[@]}")" \
  "re-read once the copy is ready (best of 3)" "$(rounds PTB)" "$(median "${PTB[@]}")" \
  "mmap random faults, mount, cold" "$(rounds MMC)" "$(median "${MMC[@]}")" \
  "mmap random faults, backing file, 1st" "$(rounds PMC)" "$(median "${PMC[@]}")" \
  "mmap random faults, mount, warm" "$(rounds MMW)" "$(median "${MMW[@]}")" \
  "mmap random faults, backing file, 2nd" "$(rounds PMW)" "$(median "${PMW[@]}")" \
  "mmap random faults, mount, after a full read" "$(rounds MMF)" "$(median "${MMF[@]}")" \
  "mount start-up, 1,000-file model" "$(rounds START)" "$start"
printf 'ratio cold/openssl         %s (median %.2f; target every round <= 1.0, median <= 0.7)\n' \
  "$(ratios COLD OSSL)" "$(echo "$cold / $ossl" | bc -l)"
printf 'ratio first warm/cat       %s (median %.2f; target <= 1.0)\n' "$(ratios WARM1 CAT)" \
  "$(echo "$warm1 / $catt" | bc -l)"
printf 'ratio warm best/cat        %s (median %.2f)\n' "$(ratios WARM CAT)" \
  "$(echo "$warm / $catt" | bc -l)"
printf 'ratio copy-ready first/cat %s (passthrough re-read, first open after the copy)\n' "$(ratios PT1 CAT)"
printf 'ratio copy-ready best/cat  %s\n' "$(ratios PTB CAT)"
printf 'ratio mmap cold/peer       %s\n' "$(ratios MMC PMC)"
printf 'ratio mmap warm/peer       %s\n' "$(ratios MMW PMW)"
printf 'ratio mmap after full/peer %s\n' "$(ratios MMF PMW)"
printf 'mount start-up      %.0f ms (target < 200 ms)\n' "$(echo "$start * 1000" | bc -l)"
printf 'daemon peak RSS while reading %s GiB: %s MiB (rounds: %s)\n' "$GIB" \
  "$(median "${RSS[@]}")" "${RSS[*]}"
[ -n "${2:-}" ] || rm -rf "$W"
if [ "${REGISTRY:-1}" != 0 ]; then
  echo
  echo "== part 2: registry mount"
  MIB=$((GIB * 1024)) ATTESTFS=$A bench/mount_registry_bench.sh
fi
