#!/usr/bin/env bash
# Passthrough (-o passthrough=on|auto|off) on real mounts, as root: the bytes read (read(2) and
# numpy-free mmap) are identical in every mode; a file's later opens become passthrough opens once
# its verified copy is complete (the daemon's counters at unmount say so); a byte tampered at the
# source before verification is still refused (EIO) with passthrough on, and one tampered after
# verification never shows (the copy holds the verified bytes); the private directory is 0700 and
# owned by root, and a directory open to others turns passthrough off (auto) or fails the mount
# (on). No timings.
source "$(dirname "$0")/lib.sh"
if [ "$(id -u)" -ne 0 ] || [ ! -e /dev/fuse ]; then echo "SKIP: needs root and /dev/fuse"; exit 0; fi
A=$ATTESTFS
S=$T/store
make_model "$T/m" --weights-mib 9 --small-files 2
cp -a "$T/m" "$T/orig"
"$A" keygen --out "$T/k" >/dev/null
"$A" bom "dir:$T/m" -o attest --key "$T/k.key" --store "$S" >/dev/null
mkdir -p "$T/mnt"
CLEANUP+=("umount -l $T/mnt")
W=model.safetensors

# mount_with MODE CACHE: mounts with passthrough=MODE, the private directory under CACHE.
mount_with() {
  rm -f "$T/log"
  timeout 60 "$A" mount "dir:$T/m" "$T/mnt" -o "key=$T/k.pub,store=$S,passthrough=$1,cache=$2,log=$T/log"
}
unmount_log() {  # unmounts and prints the daemon's unmount line
  umount "$T/mnt"
  for _ in $(seq 50); do grep -q unmounted "$T/log" 2>/dev/null && break; sleep 0.1; done
  grep unmounted "$T/log" | tail -1
}
# wait_copy PATH: the daemon logs when a file's verified copy is complete (built in the background).
wait_copy() {
  for _ in $(seq 300); do grep -q "verified copy of $1 complete" "$T/log" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}
# mmap_sha FILE: sha256 of the file read through a shared read-only mapping.
mmap_sha() {
  /usr/bin/python3 -c 'import hashlib, mmap, sys
with open(sys.argv[1], "rb") as f, mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ) as m:
    print(hashlib.sha256(m).hexdigest())' "$1"
}
want_sha=$(sha256sum "$T/orig/$W" | cut -d' ' -f1)

for mode in on auto off; do
  C=$T/cache-$mode
  expect_rc 0 "mount with passthrough=$mode" -- mount_with "$mode" "$C"
  cmp "$T/orig/$W" "$T/mnt/$W" && ok "$mode: first read (verifying path) equals the source" || bad "$mode: first read differs"
  [ "$mode" = off ] || { wait_copy "$W" && ok "$mode: the verified copy completes" || bad "$mode: no verified copy logged"; }
  cmp "$T/orig/$W" "$T/mnt/$W" && ok "$mode: second open equals the source" || bad "$mode: second open differs"
  [ "$(mmap_sha "$T/mnt/$W")" = "$want_sha" ] && ok "$mode: mmap of the file equals the source" || bad "$mode: mmap differs"
  diff -r "$T/orig" "$T/mnt" >/dev/null && ok "$mode: whole tree equals the source" || bad "$mode: tree differs"
  line=$(unmount_log)
  case $mode in
    on|auto)
      echo "$line" | grep -Eq 'passthrough: on, [1-9][0-9]* passthrough opens' && ok "$mode: later opens were passthrough opens" || bad "$mode: no passthrough opens: $line"
      echo "$line" | grep -Eq '[1-9][0-9]* verified copies' && ok "$mode: verified copies were made" || bad "$mode: no verified copies: $line"
      [ "$(stat -c '%a %u' "$C/passthrough")" = "700 0" ] && ok "$mode: private directory is 0700 root" || bad "$mode: private directory is $(stat -c '%a %u' "$C/passthrough")"
      [ -z "$(ls -A "$C/passthrough")" ] && ok "$mode: copies have no names (directory empty)" || bad "$mode: named files in the private directory"
      ;;
    off)
      echo "$line" | grep -q 'passthrough: off' && ok "off: no passthrough" || bad "off: $line"
      [ ! -e "$C/passthrough" ] && ok "off: no private directory made" || bad "off: private directory made"
      ;;
  esac
done

# Tampered source: before verification it is refused even with passthrough on; after the
# copy is complete, later opens keep serving the verified bytes.
expect_rc 0 "mount for the tamper checks" -- mount_with on "$T/cache-t"
flip_byte "$T/m/$W" 6000000
if cat "$T/mnt/$W" >/dev/null 2>&1; then bad "tampered chunk served with passthrough on"; else ok "tampered chunk gives an I/O error with passthrough on"; fi
flip_byte "$T/m/$W" 6000000
cmp -s "$T/orig/$W" "$T/mnt/$W" && ok "the restored weights verify" || bad "weights after restoring"
wait_copy "$W" && ok "their verified copy completes" || bad "no verified copy"
flip_byte "$T/m/$W" 7000000
cmp -s "$T/orig/$W" "$T/mnt/$W" && ok "a source changed after verification is not what is served" || bad "changed source served"
flip_byte "$T/m/$W" 7000000
line=$(unmount_log)
echo "$line" | grep -Eq 'passthrough: on, [1-9]' && ok "the re-open was a passthrough open" || bad "no passthrough open: $line"

# A private directory open to others: auto falls back to ordinary reads, on fails the mount.
mkdir -p -m 0700 "$T/cache-open" && mkdir -m 0755 "$T/cache-open/passthrough"
expect_rc 0 "auto with an unsafe private directory still mounts" -- mount_with auto "$T/cache-open"
cmp "$T/orig/$W" "$T/mnt/$W" && cmp "$T/orig/$W" "$T/mnt/$W" && ok "auto fallback serves the same bytes" || bad "auto fallback content"
line=$(unmount_log)
echo "$line" | grep -q 'passthrough: off' && ok "auto fell back to ordinary reads" || bad "auto fallback: $line"
grep -q 'passthrough off: passthrough directory' "$T/log" && ok "the log says why" || bad "no reason logged"
expect_rc 3 "on with an unsafe private directory fails the mount (permission)" -- mount_with on "$T/cache-open"
mountpoint -q "$T/mnt" && bad "mounted anyway" || ok "nothing mounted"
expect_rc 2 "passthrough=maybe is a usage error" -- mount_with maybe "$T/cache-x"
finish
