#!/usr/bin/env bash
# The CSI node plugin end to end, as root with real FUSE mounts and the real docker-registry:
# tests/csi_client drives `attestfs csi serve` over its unix socket the way the kubelet does.
# Identity and node calls; the checks a CSI sanity suite makes of a node plugin (missing volume
# id / target / capability, block volumes, writer modes -> INVALID_ARGUMENT); publish of a
# signed registry model (files read back exactly), a tampered blob (EIO), wrong key
# (PERMISSION_DENIED), failing policy (FAILED_PRECONDITION), unreachable registry (UNAVAILABLE),
# unknown tag (NOT_FOUND), bad attributes (paths outside the secrets directory, symlinks out of
# it, a bad digest, unknown attributes) with nothing mounted; idempotent publish and unpublish;
# two pods sharing one artefact (one download, counted by a proxy in front of the registry);
# the plugin killed with SIGKILL (mounts keep working, the restarted plugin takes them back and
# unpublishes them); concurrent publishes of one volume; the cache bound.
source "$(dirname "$0")/lib.sh"
require_bins /usr/bin/docker-registry
[ "$(id -u)" -eq 0 ] && [ -e /dev/fuse ] || { echo "SKIP: needs root and /dev/fuse"; exit 0; }
A=$ATTESTFS
CLIENT=${ATTESTFS_BINARY_DIR:-$(dirname "$A")}/tests/csi_client
[ -x "$CLIENT" ] || { echo "FAIL: $CLIENT missing (scripts/build.sh csi_client)"; exit 1; }
start_registry plain "$T/reg"
RP=${REG#127.0.0.1:}
PP=$(free_port)
/usr/bin/python3 "$ATTESTFS_SOURCE_DIR/tests/integration/count_proxy.py" "$PP" "$RP" "$T/bytes" &
CLEANUP+=("kill $!")
R=127.0.0.1:$PP   # what the volumes name: every byte they fetch is counted
for _ in $(seq 1 50); do [ -f "$T/bytes" ] && break; sleep 0.1; done
bytes() { cat "$T/bytes"; }

"$A" keygen --out "$T/k" >/dev/null
"$A" keygen --out "$T/k2" >/dev/null
make_model "$T/m" --license mit --weights-mib 16 --small-files 3
make_model "$T/t" --license mit --weights-mib 4
make_model "$T/sh" --license mit --weights-mib 48
expect_rc 0 "push a signed model" -- "$A" push "dir:$T/m" "127.0.0.1:$RP/models/m:v1" -o bundle --key "$T/k.key" --store "$T/s" --plain-http
expect_rc 0 "push a signed model to tamper with" -- "$A" push "dir:$T/t" "127.0.0.1:$RP/models/t:v1" -o bundle --key "$T/k.key" --store "$T/s" --plain-http
expect_rc 0 "push a signed 48 MiB model two pods will share" -- "$A" push "dir:$T/sh" "127.0.0.1:$RP/models/shared:v1" -o bundle --key "$T/k.key" --store "$T/s" --plain-http
W=$(ls "$T/t" | grep safetensors | head -1)
WD=$(sha256sum "$T/t/$W" | cut -d' ' -f1)
blob=$(find "$T/reg" -path "*blobs/sha256/${WD:0:2}/$WD/data" | head -1)
[ -n "$blob" ] && flip_byte "$blob" 1000 && ok "flipped a byte of $W in registry storage" || bad "blob of $W not found"

# Secrets and ConfigMaps as the plugin pod sees them (the kubelet's ..data symlinks included).
mkdir -p "$T/secrets/trust/..2026_12_06" "$T/secrets/policies" "$T/outside"
cp "$T/k.pub" "$T/secrets/trust/..2026_12_06/release.pub"
ln -s ..2026_12_06 "$T/secrets/trust/..data"
ln -s ..data/release.pub "$T/secrets/trust/release.pub"
cp "$T/k2.pub" "$T/secrets/trust/other.pub"
cp "$T/k.pub" "$T/outside/k.pub"
ln -s "$T/outside/k.pub" "$T/secrets/trust/escape.pub"
cat > "$T/secrets/policies/apache-only.yaml" <<'Y'
policies:
  - name: deploy
    rules:
      - name: apache-only
        uses: license-allowlist
        with: { allow: [Apache-2.0] }
Y
SOCK=$T/csi.sock
start_plugin() {
  "$A" csi serve --endpoint "unix://$SOCK" --node-id node-1 --state-dir "$T/state" \
    --secrets-dir "$T/secrets" --cache-dir "$T/cache" "$@" 2>>"$T/plugin.log" &
  PLUGIN=$!
  CLEANUP+=("kill $PLUGIN")
  for _ in $(seq 1 100); do "$CLIENT" "$SOCK" probe >/dev/null 2>&1 && return; sleep 0.1; done
  bad "plugin did not start: $(tail -3 "$T/plugin.log")"
}
start_plugin
C() { "$CLIENT" "$SOCK" "$@"; }
POD=$T/pods
mkdir -p "$POD"
CLEANUP+=("for m in \$(grep -o \"$POD/[^ ]*\" /proc/self/mountinfo); do umount -l \$m; done")

expect_rc 0 "GetPluginInfo" -- C info
expect_out '^OK name=attestfs.csi.dev version=' "name attestfs.csi.dev and a version"
expect_rc 0 "Probe" -- C probe
expect_out 'ready=true' "ready"
expect_rc 0 "GetPluginCapabilities" -- C plugin-caps
expect_rc 0 "NodeGetCapabilities" -- C node-caps
expect_rc 0 "NodeGetInfo" -- C node-info
expect_out 'node_id=node-1' "node id"

ATTRS=(source=$R/models/m:v1 key=trust/release.pub plain_http=true)
# CSI sanity: required fields.
expect_rc 1 "publish without a volume id" -- C publish "" "$POD/a" "${ATTRS[@]}"
expect_out '^INVALID_ARGUMENT: volume_id' "INVALID_ARGUMENT naming volume_id"
expect_rc 1 "publish without a target path" -- C publish vol-a "" "${ATTRS[@]}"
expect_out '^INVALID_ARGUMENT: target_path' "INVALID_ARGUMENT naming target_path"
expect_rc 1 "publish without a volume capability" -- C publish vol-a "$POD/a" --no-cap "${ATTRS[@]}"
expect_out '^INVALID_ARGUMENT: volume_capability' "INVALID_ARGUMENT naming volume_capability"
expect_rc 1 "publish a block volume" -- C publish vol-a "$POD/a" --block "${ATTRS[@]}"
expect_out '^INVALID_ARGUMENT: block' "INVALID_ARGUMENT: block volumes"
expect_rc 1 "publish read-write (MULTI_NODE_MULTI_WRITER)" -- C publish vol-a "$POD/a" --mode 5 "${ATTRS[@]}"
expect_out '^INVALID_ARGUMENT: .*read-only' "INVALID_ARGUMENT: read-only"
expect_rc 1 "unpublish without a volume id" -- C unpublish "" "$POD/a"
expect_out '^INVALID_ARGUMENT' "INVALID_ARGUMENT"
expect_rc 1 "unpublish without a target path" -- C unpublish vol-a ""
expect_out '^INVALID_ARGUMENT' "INVALID_ARGUMENT"

# Bad attributes and failed verification: a clear status and nothing mounted.
nothing_at() { [ ! -e "$1" ] && ! grep -q " $1 " /proc/self/mountinfo; }
bad_attr() {  # bad_attr DESCRIPTION REGEX ATTR...
  local what=$1 want=$2; shift 2
  expect_rc 1 "$what" -- C publish vol-bad "$POD/bad" "$@"
  expect_out "$want" "$what: status and cause"
  nothing_at "$POD/bad" && ok "$what: nothing mounted or left at the target" || bad "$what: target left behind"
}
bad_attr "key outside the secrets directory (..)" '^INVALID_ARGUMENT: .*relative path inside' source=$R/models/m:v1 key=../outside/k.pub plain_http=true
bad_attr "key as an absolute host path" '^INVALID_ARGUMENT: .*relative path inside' source=$R/models/m:v1 key=/etc/hostname plain_http=true
bad_attr "key through a symlink leading out" '^INVALID_ARGUMENT: .*resolves outside' source=$R/models/m:v1 key=trust/escape.pub plain_http=true
bad_attr "a secret file that does not exist" '^INVALID_ARGUMENT: .*no such file' source=$R/models/m:v1 key=trust/missing.pub plain_http=true
bad_attr "a key that is a directory" '^INVALID_ARGUMENT' source=$R/models/m:v1 key=trust plain_http=true
bad_attr "a reference with a bad digest" '^INVALID_ARGUMENT: volume attribute source' "source=$R/models/m@sha256:1234" key=trust/release.pub plain_http=true
bad_attr "an unknown attribute" "^INVALID_ARGUMENT: unknown volume attribute 'trace'" source=$R/models/m:v1 key=trust/release.pub trace=/tmp/x
bad_attr "a comma smuggling another option" '^INVALID_ARGUMENT: .*commas' source=$R/models/m:v1 key=trust/release.pub "name=x,trace=/tmp/x"
bad_attr "no source" "^INVALID_ARGUMENT: volume attribute 'source'" key=trust/release.pub
bad_attr "a host directory as source" '^INVALID_ARGUMENT: volume attribute source=dir:/etc: must be a registry reference' source=dir:/etc key=trust/release.pub
bad_attr "no trust material" '^INVALID_ARGUMENT' source=$R/models/m:v1 plain_http=true
bad_attr "wrong key" '^PERMISSION_DENIED: ' source=$R/models/m:v1 key=trust/other.pub plain_http=true
bad_attr "failing policy" '^FAILED_PRECONDITION: .*apache-only' source=$R/models/m:v1 key=trust/release.pub policy=policies/apache-only.yaml plain_http=true
bad_attr "unreachable registry" '^UNAVAILABLE: ' source=127.0.0.1:1/models/m:v1 key=trust/release.pub plain_http=true fetch_timeout=5
bad_attr "unknown tag" '^NOT_FOUND: ' source=$R/models/m:v404 key=trust/release.pub plain_http=true

# Publish, read back, idempotency.
expect_rc 0 "publish the signed model for pod A" -- C publish vol-m "$POD/a" --readonly "${ATTRS[@]}" "csi.storage.k8s.io/pod.name=a" "csi.storage.k8s.io/ephemeral=true"
grep -q " $POD/a .* fuse.attestfs " /proc/self/mountinfo && ok "pod A's target is an attestfs FUSE mount" || bad "no mount at $POD/a"
same=1
for f in $(cd "$T/m" && find . -type f | sed 's|^\./||'); do cmp -s "$T/m/$f" "$POD/a/$f" || { same=0; bad "pod A reads $f differently"; }; done
[ $same = 1 ] && ok "every file reads back exactly through pod A's volume"
expect_rc 0 "publishing the same volume again: OK (idempotent)" -- C publish vol-m "$POD/a" --readonly "${ATTRS[@]}" "csi.storage.k8s.io/pod.name=a" "csi.storage.k8s.io/ephemeral=true"
[ "$(grep -c " $POD/a " /proc/self/mountinfo)" = 1 ] && ok "still one mount at the target" || bad "mounts stacked at $POD/a"
expect_rc 1 "the same target with other attributes" -- C publish vol-m "$POD/a" --readonly source=$R/models/t:v1 key=trust/release.pub plain_http=true
expect_out '^ALREADY_EXISTS' "ALREADY_EXISTS"
expect_rc 0 "unpublish pod A" -- C unpublish vol-m "$POD/a"
nothing_at "$POD/a" && ok "unmounted and the target removed" || bad "target left: $(ls -ld "$POD/a" 2>&1)"
expect_rc 0 "unpublish again: OK" -- C unpublish vol-m "$POD/a"
expect_rc 0 "unpublish a target that was never published: OK" -- C unpublish vol-x "$POD/never"

# Tampered blob: the mount appears (the evidence verifies) but the bad bytes never do.
expect_rc 0 "publish the model with a tampered blob" -- C publish vol-t "$POD/t" --readonly source=$R/models/t:v1 key=trust/release.pub plain_http=true
if cat "$POD/t/$W" >/dev/null 2>"$T/eio"; then bad "tampered file read without error"; else grep -q "Input/output error" "$T/eio" && ok "reading the tampered file: EIO" || bad "tampered read: $(cat "$T/eio")"; fi
cmp -s "$T/t/config.json" "$POD/t/config.json" && ok "an untampered file of the same volume still reads" || bad "config.json of the tampered model"
expect_rc 0 "unpublish the tampered volume" -- C unpublish vol-t "$POD/t"

# Two pods, one artefact (not read before): the second reads from the node's verified cache.
SH=(source=$R/models/shared:v1 key=trust/release.pub plain_http=true)
MW=$(cd "$T/sh" && ls -S | head -1)
OFF=$((20 * 1024 * 1024)); LEN=$((4 * 1024 * 1024))
range() { /usr/bin/python3 -c 'import sys; f=open(sys.argv[1],"rb"); f.seek(int(sys.argv[2])); sys.stdout.buffer.write(f.read(int(sys.argv[3])))' "$@"; }
B0=$(bytes)
expect_rc 0 "publish the shared artefact for pod B" -- C publish vol-sh "$POD/b" --readonly "${SH[@]}"
B1=$(bytes)
range "$POD/b/$MW" $OFF $LEN > "$T/rb"; range "$T/sh/$MW" $OFF $LEN > "$T/rs"
cmp -s "$T/rb" "$T/rs" && ok "pod B reads a 4 MiB range of $MW exactly" || bad "pod B range differs"
sleep 0.3; B2=$(bytes)
expect_rc 0 "publish the same artefact for pod C" -- C publish vol-sh "$POD/c" --readonly "${SH[@]}"
B3=$(bytes)
range "$POD/c/$MW" $OFF $LEN > "$T/rc"
cmp -s "$T/rc" "$T/rs" && ok "pod C reads the same range exactly" || bad "pod C range differs"
sleep 0.3; B4=$(bytes)
echo "      registry bytes: publish B $((B1 - B0)), B's range read $((B2 - B1)), publish C $((B3 - B2)), C's range read $((B4 - B3))"
[ $((B2 - B1)) -ge $LEN ] && ok "pod B's read downloaded its chunks ($((B2 - B1)) bytes)" || bad "pod B's read fetched only $((B2 - B1)) bytes"
[ $((B4 - B3)) -lt 65536 ] && ok "pod C's read of the same range downloaded no chunk ($((B4 - B3)) bytes): one download per node" || bad "pod C downloaded $((B4 - B3)) bytes again"

# SIGKILL of the plugin: the volumes keep working; the restarted plugin takes them back.
kill -9 "$PLUGIN"; wait "$PLUGIN" 2>/dev/null
cmp -s "$T/sh/config.json" "$POD/b/config.json" && ok "after kill -9 of the plugin, pod B's volume still reads" || bad "pod B's volume died with the plugin"
start_plugin
grep -q "volume vol-sh at $POD/b: mounted, kept" "$T/plugin.log" && ok "the restarted plugin found pod B's mount" || bad "recovery log: $(tail -5 "$T/plugin.log")"
expect_rc 0 "publishing pod B again after the restart: OK" -- C publish vol-sh "$POD/b" --readonly "${SH[@]}"
expect_rc 0 "the restarted plugin unpublishes pod B" -- C unpublish vol-sh "$POD/b"
nothing_at "$POD/b" && ok "pod B unmounted and removed" || bad "pod B left behind"
expect_rc 0 "and pod C" -- C unpublish vol-sh "$POD/c"
nothing_at "$POD/c" && ok "pod C unmounted and removed" || bad "pod C left behind"

# Concurrent publishes of one volume are serialised: both succeed, one mount.
C publish vol-m "$POD/d" --readonly "${ATTRS[@]}" > "$T/p1" 2>&1 &
P1=$!
C publish vol-m "$POD/d" --readonly "${ATTRS[@]}" > "$T/p2" 2>&1 &
P2=$!
wait $P1 $P2
grep -q '^OK' "$T/p1" && grep -q '^OK' "$T/p2" && ok "two concurrent publishes of one volume both succeed" || bad "concurrent: $(cat "$T/p1" "$T/p2")"
[ "$(grep -c " $POD/d " /proc/self/mountinfo)" = 1 ] && ok "exactly one mount at the target" || bad "$(grep -c " $POD/d " /proc/self/mountinfo) mounts at $POD/d"
expect_rc 0 "unpublish it" -- C unpublish vol-m "$POD/d"

# The cache bound: a plugin with a 1 MiB bound trims the node cache's chunks.
kill "$PLUGIN"; wait "$PLUGIN" 2>/dev/null
before=$(du -sb "$T/cache/chunks" | cut -f1)
start_plugin --cache-max-bytes 1048576 --trim-interval 1
sleep 2
after=$(du -sb "$T/cache/chunks" | cut -f1)
[ "$before" -gt 1048576 ] && [ "$after" -le $((1048576 + 262144)) ] && ok "cache trimmed from $before to $after bytes (bound 1 MiB of chunks)" || bad "cache: before $before after $after"
kill -TERM "$PLUGIN"; wait "$PLUGIN"; rc=$?
[ $rc = 0 ] && ok "SIGTERM stops the plugin (exit 0)" || bad "plugin exit $rc"
finish
