#!/usr/bin/env bash
# Registry-source mounts against the real Debian docker-registry (plain HTTP, free loopback
# port): a pushed, signed model mounted by tag and by digest, a random partial read whose
# downloaded bytes (the client's counter, -o stats=FILE) stay within the chunks it touched, a
# tampered registry blob giving EIO with nothing cached, `mount -t attestfs` through a temporary
# /sbin/mount.attestfs, refusals (wrong key, no trust material, unknown tag) with their exit
# codes, evidence from the store when there are no referrers (and refused for other content),
# policy allow/deny, mount -f, and a remount from the verified cache once the registry is stopped.
source "$(dirname "$0")/lib.sh"
if [ "$(id -u)" -ne 0 ] || [ ! -e /dev/fuse ]; then echo "SKIP: needs root and /dev/fuse"; exit 0; fi
if [ ! -x /usr/bin/docker-registry ]; then
  [ "${ATTESTFS_REQUIRE_INTEROP:-}" = 1 ] && { echo "FAIL: docker-registry missing"; exit 1; }
  echo "SKIP: docker-registry not installed"; exit 0
fi
A=$ATTESTFS
CHUNK=$((4 << 20))  # attestation::kDefaultChunkSize
mkdir -p "$T/mnt" "$T/mnt2"
# Cleanup runs in order: mounts first, then the registry (by PID), then the helper symlink.
CLEANUP+=("umount -l $T/mnt" "umount -l $T/mnt2")
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PIDS=$(sh "$ATTESTFS_SOURCE_DIR/tests/integration/registry/run-registry.sh" plain "$T/reg" "$PORT")
CLEANUP+=("kill $PIDS")
R=127.0.0.1:$PORT

# The daemon rewrites the stats file every 100 ms while fetches happen: let it catch up first.
stat_bytes() { sleep 0.3; /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytes_downloaded"])' "$1"; }
# pread_at FILE OFFSET LENGTH: one read with kernel read-ahead off (POSIX_FADV_RANDOM); prints
# the sha256 of the bytes, exits 5 on EIO.
pread_at() {
  /usr/bin/python3 - "$@" <<'PY'
import errno, hashlib, os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_RANDOM)
try:
    b = os.pread(fd, int(sys.argv[3]), int(sys.argv[2]))
except OSError as e:
    sys.exit(5 if e.errno == errno.EIO else 6)
print(hashlib.sha256(b).hexdigest())
PY
}
src_sha() { /usr/bin/python3 -c 'import hashlib,sys; f=open(sys.argv[1],"rb"); f.seek(int(sys.argv[2])); print(hashlib.sha256(f.read(int(sys.argv[3]))).hexdigest())' "$@"; }

make_model "$T/m" --weights-mib 24 --small-files 3
W=$T/m/model.safetensors
WSIZE=$(stat -c %s "$W")
"$A" keygen --out "$T/k" >/dev/null
"$A" keygen --out "$T/k2" >/dev/null
expect_rc 0 "push with signed evidence" -- "$A" push "dir:$T/m" "$R/models/tiny:v1" -o bundle --key "$T/k.key" --store "$T/s" --plain-http
DIGEST=$(echo "$OUT" | tail -1)
C=$T/cache

# --- mount by tag; random partial read within the chunks it touches; whole tree ---
expect_rc 0 "mount a registry artifact by tag" -- timeout 60 "$A" mount "$R/models/tiny:v1" "$T/mnt" -o "key=$T/k.pub,plain_http,cache=$C,stats=$T/stats.json"
grep -q "^registry:$R/models/tiny:v1@$DIGEST $T/mnt fuse.attestfs ro" /proc/mounts && ok "/proc/mounts names the pinned reference" || bad "/proc/mounts: $(grep "$T/mnt" /proc/mounts)"
before=$(stat_bytes "$T/stats.json")
[ "$before" -eq 0 ] && ok "nothing downloaded by the daemon before the first read" || bad "downloaded $before bytes before any read"
OFF=$(/usr/bin/python3 -c "import random; print(random.randrange($CHUNK, $WSIZE - 100000))")
LEN=65536
got=$(pread_at "$T/mnt/model.safetensors" "$OFF" "$LEN")
[ "$got" = "$(src_sha "$W" "$OFF" "$LEN")" ] && ok "random partial read ($LEN bytes at $OFF) returns the source bytes" || bad "partial read content"
after=$(stat_bytes "$T/stats.json")
touched=$(( (OFF + LEN - 1) / CHUNK - OFF / CHUNK + 1 ))
limit=$(( touched * CHUNK ))
if [ $((after - before)) -gt 0 ] && [ $((after - before)) -le "$limit" ]; then
  ok "downloaded $((after - before)) bytes for the read: within the $touched chunk(s) touched ($limit bytes)"
else
  bad "downloaded $((after - before)) bytes for a read touching $touched chunk(s) (limit $limit)"
fi
diff -r "$T/m" "$T/mnt" >/dev/null && ok "mounted tree equals the pushed source byte for byte" || bad "tree differs"
total=$(stat_bytes "$T/stats.json")
[ "$total" -le $((WSIZE + 1048576)) ] && ok "whole tree read with $total bytes downloaded (each chunk once)" || bad "downloaded $total bytes for a $WSIZE-byte model"
touch "$T/mnt/new" 2>/dev/null && bad "write allowed" || ok "writes refused"
umount "$T/mnt" && ok "umount unmounts" || bad "umount"

# --- the verified cache: root-only, manifest + evidence + tag, chunks ---
[ "$(stat -c %a "$C")" = 700 ] && ok "cache dir is mode 0700" || bad "cache dir mode $(stat -c %a "$C")"
[ -f "$C/manifests/sha256/${DIGEST#sha256:}" ] && [ -f "$C/evidence/sha256/${DIGEST#sha256:}.json" ] && ok "verified manifest and evidence cached" || bad "manifest/evidence not cached"
grep -lq "$DIGEST" "$C"/tags/*.json && ok "tag -> digest cached" || bad "tag record missing"
[ "$(find "$C/chunks" -type f | wc -l)" -ge 6 ] && ok "verified chunks cached" || bad "chunk cache: $(find "$C/chunks" -type f | wc -l) entries"
[ -z "$(find "$C" -perm /077 -type f)" ] && ok "cached files are private" || bad "cache files readable by others"

# --- by digest, tampered blob: EIO, nothing cached, failures not remembered ---
blob=$(find "$T/reg" -path '*blobs/sha256/*/data' -size +20M | head -1)
TOFF=$((CHUNK + 12345))
flip_byte "$blob" "$TOFF"
C2=$T/cache2
expect_rc 0 "mount by digest (fresh cache)" -- timeout 60 "$A" mount "registry:$R/models/tiny@$DIGEST" "$T/mnt" -o "key=$T/k.pub,plain_http,cache=$C2"
pread_at "$T/mnt/model.safetensors" "$TOFF" 4096 >/dev/null
[ $? -eq 5 ] && ok "tampered registry blob gives EIO" || bad "tampered chunk was served"
CH1=$(src_sha "$W" "$CHUNK" "$CHUNK")
[ ! -e "$C2/chunks/sha256/${CH1:0:2}/$CH1" ] && ok "tampered chunk not in the chunk cache" || bad "tampered chunk cached"
pread_at "$T/mnt/model.safetensors" 0 4096 >/dev/null && ok "untampered chunks still read" || bad "chunk 0 unreadable"
flip_byte "$blob" "$TOFF"
got=$(pread_at "$T/mnt/model.safetensors" "$TOFF" 4096)
[ "$got" = "$(src_sha "$W" "$TOFF" 4096)" ] && ok "after the blob is restored the same read succeeds (failure not cached)" || bad "restored read"
umount "$T/mnt"

# --- refusals: nothing mounted, stderr says why ---
expect_rc 1 "mount with another key is refused" -- timeout 60 "$A" mount "$R/models/tiny:v1" "$T/mnt" -o "key=$T/k2.pub,plain_http,cache=$C2"
expect_out 'verif' "stderr says why"
mountpoint -q "$T/mnt" && bad "something was mounted" || ok "nothing mounted after a refusal"
expect_rc 2 "mount without trust material" -- timeout 60 "$A" mount "$R/models/tiny:v1" "$T/mnt" -o "plain_http,cache=$C2"
expect_rc 3 "unknown tag" -- timeout 60 "$A" mount "$R/models/tiny:nope" "$T/mnt" -o "key=$T/k.pub,plain_http,cache=$C2"
expect_rc 2 "invalid reference" -- timeout 60 "$A" mount "registry:$R/Models/UPPER:v1" "$T/mnt" -o "key=$T/k.pub,plain_http,cache=$C2"
printf 'policies:\n  - name: p\n    rules:\n      - name: lic\n        uses: license-allowlist\n        with: { allow: [GPL-2.0-only] }\n      - name: who\n        uses: signer-identity\n        with: { keys: [k.pub] }\n' > "$T/deny.yaml"
expect_rc 1 "policy refuses the registry mount" -- timeout 60 "$A" mount "$R/models/tiny:v1" "$T/mnt" -o "policy=$T/deny.yaml,plain_http,cache=$C2"
expect_out 'denied' "stderr names the policy denial"

printf 'policies:\n  - name: p\n    rules:\n      - name: files\n        uses: file-types\n      - name: who\n        uses: signer-identity\n        with: { keys: [k.pub] }\n' > "$T/allow.yaml"
expect_rc 0 "policy allows the registry mount (trust from the policy)" -- timeout 60 "$A" mount "$R/models/tiny:v1" "$T/mnt" -o "policy=$T/allow.yaml,plain_http,cache=$C2"
umount "$T/mnt"
# No referrers: the evidence comes from the local store (name=), and must still match the layout.
expect_rc 0 "push without evidence" -- "$A" push "dir:$T/m" "$R/models/bare:v1" --plain-http
"$A" bom "dir:$T/m" -o attest --key "$T/k.key" --store "$T/s2" >/dev/null
expect_rc 1 "no referrers and no store: refused" -- timeout 60 "$A" mount "$R/models/bare:v1" "$T/mnt" -o "key=$T/k.pub,plain_http,cache=$C2"
expect_rc 0 "no referrers: evidence from the store by name=" -- timeout 60 "$A" mount "$R/models/bare:v1" "$T/mnt" -o "key=$T/k.pub,plain_http,cache=$C2,store=$T/s2,name=$(readlink -f "$T/m")"
cmp "$T/m/config.json" "$T/mnt/config.json" && ok "store-verified registry mount serves files" || bad "store-verified mount content"
umount "$T/mnt"

make_model "$T/m2" --weights-mib 5
expect_rc 0 "push another model without evidence" -- "$A" push "dir:$T/m2" "$R/models/other2:v1" --plain-http
expect_rc 1 "valid evidence for other content is refused (layout vs attested files)" -- timeout 60 "$A" mount "$R/models/other2:v1" "$T/mnt" -o "key=$T/k.pub,plain_http,cache=$C2,store=$T/s2,name=$(readlink -f "$T/m")"
mountpoint -q "$T/mnt" && bad "mounted other content" || ok "nothing mounted for mismatched content"

# --- mount -t attestfs through the helper ---
HELPER=1
if [ -e /sbin/mount.attestfs ]; then
  if [ "$(readlink -f /sbin/mount.attestfs)" != "$(readlink -f "$A")" ]; then
    echo "note: /sbin/mount.attestfs is another binary (another test running?); helper checks skipped"
    HELPER=0
  fi
else
  ln -s "$(readlink -f "$A")" /sbin/mount.attestfs
  CLEANUP+=("rm -f /sbin/mount.attestfs")
fi
if [ "$HELPER" = 1 ]; then
  expect_rc 0 "mount -t attestfs with a registry source" -- timeout 60 mount -t attestfs "$R/models/tiny:v1" "$T/mnt2" -o "key=$T/k.pub,plain_http,cache=$C"
  cmp "$W" "$T/mnt2/model.safetensors" && ok "helper mount serves the weights" || bad "helper mount content"
  umount "$T/mnt2"
  expect_rc 0 "mount -f (fake) verifies through the helper" -- timeout 60 mount -f -t attestfs "$R/models/tiny:v1" "$T/mnt2" -o "key=$T/k.pub,plain_http,cache=$C"
  mountpoint -q "$T/mnt2" && bad "mount -f mounted" || ok "mount -f mounts nothing"
  expect_rc 32 "mount -f still refuses what does not verify" -- timeout 60 mount -f -t attestfs "$R/models/tiny:v1" "$T/mnt2" -o "key=$T/k2.pub,plain_http,cache=$C"
  expect_rc 32 "helper exits 32 when verification fails" -- timeout 60 mount -t attestfs "$R/models/tiny:v1" "$T/mnt2" -o "key=$T/k2.pub,plain_http,cache=$C"
fi

# --- registry stopped: remount from the verified cache ---
kill $PIDS
for _ in $(seq 50); do curl -s -o /dev/null "http://$R/v2/" || break; sleep 0.1; done
expect_rc 0 "remount by tag with the registry stopped (cache)" -- timeout 120 "$A" mount "$R/models/tiny:v1" "$T/mnt" -o "key=$T/k.pub,plain_http,cache=$C,stats=$T/stats2.json"
expect_out 'unreachable' "stderr says the cached copy is used"
diff -r "$T/m" "$T/mnt" >/dev/null && ok "offline mount serves the whole tree from the chunk cache" || bad "offline tree differs"
[ "$(stat_bytes "$T/stats2.json")" -eq 0 ] && ok "nothing downloaded offline" || bad "offline mount downloaded bytes"
umount "$T/mnt"
expect_rc 1 "offline: cached evidence is re-verified (another key refused)" -- timeout 120 "$A" mount "$R/models/tiny:v1" "$T/mnt" -o "key=$T/k2.pub,plain_http,cache=$C"
expect_rc 3 "offline: a tag never resolved is refused" -- timeout 120 "$A" mount "$R/models/other:v1" "$T/mnt" -o "key=$T/k.pub,plain_http,cache=$C"
expect_out 'no verified copy cached' "stderr says why"
flip_byte "$C/manifests/sha256/${DIGEST#sha256:}" 10
expect_rc 1 "offline: a corrupted cached manifest is refused" -- timeout 120 "$A" mount "$R/models/tiny:v1" "$T/mnt" -o "key=$T/k.pub,plain_http,cache=$C"
mountpoint -q "$T/mnt" && bad "something was mounted" || ok "nothing mounted after the offline refusals"
finish
