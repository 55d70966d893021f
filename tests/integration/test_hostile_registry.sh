#!/usr/bin/env bash
# A registry that lies (issue 9): the real docker-registry holds two signed models, then
#  - inject.py re-publishes a tag with an extra executable layer and re-points the signed
#    referrers at it (push access only, no key);
#  - hostile.py (stdlib Python, loopback) serves the same models bent one way per scenario:
#    extra layers, a tar layer with an unlisted member, Content-Length past int64, 1 byte/s
#    bodies, thousands of referrers, 40 x 24 MiB referrers, a missing referrer, traversal.
# pull --key, verify REF, copy --key and the registry mount must refuse what no signature
# covers, name the layer or file, exit cleanly (never 134) and leave nothing half-written.
source "$(dirname "$0")/lib.sh"
require_bins /usr/bin/docker-registry
HOSTILE_DIR="$ATTESTFS_SOURCE_DIR/../shared/tools/hostile-registry"
if [ ! -f "$HOSTILE_DIR/hostile.py" ]; then
  echo "SKIP: $HOSTILE_DIR/hostile.py not present (the shared hostile-registry kit)"
  exit 0
fi
A=$ATTESTFS
P=--plain-http
start_registry plain "$T/reg"
R=$REG
"$A" keygen --out "$T/k" >/dev/null

# Upstream for hostile.py: models/small:v1 and :v2 with model-signing evidence (its statement
# names no manifest digest, so the layer and file coverage checks are what refuse).
make_model "$T/small" --license mit --weights-mib 1 --small-files 2
make_model "$T/small2" --license mit --weights-mib 1 --small-files 3
"$A" push "dir:$T/small" "$R/models/small:v1" --key "$T/k.key" -o attest --predicate model-signing --store "$T/s" $P >/dev/null
"$A" push "dir:$T/small2" "$R/models/small:v2" --key "$T/k.key" -o attest --predicate model-signing --store "$T/s" $P >/dev/null

# --- inject.py against the real registry ------------------------------------------------
for pred in cyclonedx model-signing; do
  repo="models/inj-$pred"
  "$A" push "dir:$T/small" "$R/$repo:v1" --key "$T/k.key" -o attest --predicate $pred --store "$T/s" $P >/dev/null
  expect_rc 0 "$pred: the signed model verifies before the attack" -- "$A" verify "$R/$repo:v1" --key "$T/k.pub" $P
  /usr/bin/python3 "$HOSTILE_DIR/inject.py" "$R" "$repo" v1 >/dev/null || bad "inject.py failed"
  expect_rc 1 "$pred: pull --key refuses the injected layer" -- "$A" pull "$R/$repo:v1" "$T/inj-$pred" --key "$T/k.pub" $P
  expect_out 'evil.sh|not covered|is about artifact' "$pred: pull names the uncovered layer or the manifest binding"
  [ -e "$T/inj-$pred" ] && bad "$pred: pull wrote the destination" || ok "$pred: nothing written"
  [ -n "$(ls -A "$T" | grep attestfs-pull)" ] && bad "$pred: temp dir left" || ok "$pred: no temporary directory left"
  expect_rc 1 "$pred: verify REF refuses the injected artifact" -- "$A" verify "$R/$repo:v1" --key "$T/k.pub" $P
  expect_out '^FAILED' "$pred: verdict FAILED"
  expect_rc 1 "$pred: copy --key refuses it" -- "$A" copy "$R/$repo:v1" "oci-layout:$T/inj-layout-$pred:v1" --key "$T/k.pub" $P
  [ -e "$T/inj-layout-$pred" ] && bad "$pred: copy wrote the layout" || ok "$pred: copy wrote nothing"
done

# --- hostile.py -------------------------------------------------------------------------
HP=$(free_port)
SP=$(free_port)
HOSTILE_LOG="$T/hostile.log" /usr/bin/python3 "$HOSTILE_DIR/hostile.py" "$HP" "$R" "$SP" >"$T/hostile.out" 2>&1 &
CLEANUP+=("kill $!")
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$HP/v2/" >/dev/null && break; sleep 0.1; done
H=127.0.0.1:$HP/h
no_temp() { [ -n "$(ls -A "$T" | grep attestfs-pull)" ] && bad "$1: temporary directory left" || ok "$1: no temporary directory left"; }

expect_rc 0 "ok scenario verifies (control)" -- "$A" verify "$H/ok/m:v1" --key "$T/k.pub" $P

# Critical: content no signature covers.
for s in tar-extra extralayer extralayer2; do
  expect_rc 1 "$s: pull --key refuses" -- "$A" pull "$H/$s/m:v1" "$T/p-$s" --key "$T/k.pub" $P
  expect_out 'not covered by the evidence' "$s: pull says what is not covered"
  [ -e "$T/p-$s" ] && bad "$s: destination written" || ok "$s: destination not written"
  no_temp "$s"
  expect_rc 1 "$s: verify REF refuses" -- "$A" verify "$H/$s/m:v1" --key "$T/k.pub" $P
  expect_out '^FAILED: .*layer sha256:' "$s: verify names the layer"
  expect_rc 1 "$s: copy --key refuses" -- "$A" copy "$H/$s/m:v1" "oci-layout:$T/c-$s:v1" --key "$T/k.pub" $P
  [ -e "$T/c-$s" ] && bad "$s: copy wrote the layout" || ok "$s: copy wrote nothing"
done
expect_rc 1 "mixrefs: v1's evidence re-pointed at v2's manifest is refused" -- "$A" verify "$H/mixrefs/m:v1" --key "$T/k.pub" $P

# Layer titles and tar members that try to leave the destination (held before; kept as tests).
for s in title-dotdot title-abs title-nl tar-dotdot tar-abs tar-symlink tar-hardlink tar-device tar-fifo; do
  expect_rc 1 "$s: pull --key refuses" -- "$A" pull "$H/$s/m:v1" "$T/p-$s" --key "$T/k.pub" $P
  [ -e "$T/p-$s" ] && bad "$s: destination written" || ok "$s: destination not written"
done
[ -e /tmp/attestfs-evil-abs ] || [ -e /tmp/attestfs-evil-tar-abs ] || [ -e /tmp/attestfs-evil-tar-dotdot ] &&
  bad "a hostile path escaped to /tmp" || ok "no hostile path escaped"

# High: a Content-Length past int64 ends nothing with an exception.
for verb in verify pull discover copy; do
  case $verb in
    verify) cmd=("$A" verify "$H/hugelen/m:v1" --key "$T/k.pub" $P) ;;
    pull) cmd=("$A" pull "$H/hugelen/m:v1" "$T/p-hugelen" --key "$T/k.pub" $P) ;;
    discover) cmd=("$A" discover "$H/hugelen/m:v1" $P) ;;
    copy) cmd=("$A" copy "$H/hugelen/m:v1" "oci-layout:$T/c-hugelen:v1" --key "$T/k.pub" $P) ;;
  esac
  OUT=$("${cmd[@]}" 2>&1); rc=$?
  if [ "$rc" -ge 1 ] && [ "$rc" -le 3 ]; then ok "hugelen: $verb exits cleanly ($rc)"; else bad "hugelen: $verb exit $rc"; echo "$OUT" | head -5; fi
  expect_no_out 'terminate called|Aborted' "hugelen: $verb does not abort"
done
no_temp hugelen
OUT=$("$A" verify "$H/hugelenatt/m:v1" --key "$T/k.pub" $P 2>&1); rc=$?
[ "$rc" -ne 134 ] && [ "$rc" -le 3 ] && ok "hugelenatt: verify exits cleanly ($rc)" || bad "hugelenatt: exit $rc"

# Medium: a registry that sends one byte a second is given up on (bounded by --timeout).
expect_rc 3 "slowblob: pull --timeout 3 gives up" -- timeout 120 "$A" pull "$H/slowblob/m:v1" "$T/p-slow" --key "$T/k.pub" $P --timeout 3
expect_out 'timed out|too slow' "slowblob: the error says why"
no_temp slowblob
expect_rc 3 "slowloris: verify --timeout 3 gives up" -- timeout 120 "$A" verify "$H/slowloris/m:v1" --key "$T/k.pub" $P --timeout 3

# Low: Ctrl-C / SIGTERM during pull cancels the transfers and leaves nothing; a tree left by a
# pull killed outright (-9) is swept by the next pull to the same destination.
for sig in INT TERM; do
  "$A" pull "$H/slowblob/m:v1" "$T/p-int" --key "$T/k.pub" $P >"$T/int.out" 2>&1 &
  PID=$!
  sleep 2
  kill -$sig $PID
  for _ in $(seq 100); do kill -0 $PID 2>/dev/null || break; sleep 0.1; done
  kill -0 $PID 2>/dev/null && { bad "SIG$sig: pull still running"; kill -KILL $PID; }
  wait $PID; rc=$?
  [ "$rc" -ge 129 ] && [ "$rc" -le 143 ] && ok "SIG$sig: pull exits $rc" || { bad "SIG$sig: pull exit $rc"; cat "$T/int.out"; }
  grep -q 'interrupted' "$T/int.out" && ok "SIG$sig: says it was interrupted" || bad "SIG$sig: $(cat "$T/int.out")"
  [ -e "$T/p-int" ] && bad "SIG$sig: destination written" || ok "SIG$sig: destination not written"
  no_temp "SIG$sig"
done
mkdir -p "$T/.p-swept.attestfs-pull-dead01/sub" && echo partial > "$T/.p-swept.attestfs-pull-dead01/sub/w"
touch -d '1 hour ago' "$T/.p-swept.attestfs-pull-dead01"
expect_rc 0 "pull after a killed pull" -- "$A" pull "$H/ok/m:v1" "$T/p-swept" --key "$T/k.pub" $P
[ -e "$T/.p-swept.attestfs-pull-dead01" ] && bad "stale temporary tree kept" || ok "stale temporary tree swept"

# Medium: referrer floods are bounded in count and memory.
rss() { /usr/bin/time -f '%M' -o "$T/rss" "$@" >"$T/rss.out" 2>&1; RC=$?; OUT=$(cat "$T/rss.out"); RSS=$(tail -1 "$T/rss"); }
rss "$A" verify "$H/bigref/m:v1" --key "$T/k.pub" $P
[ "$RC" -eq 0 ] && ok "bigref: valid evidence still verifies" || { bad "bigref: exit $RC"; echo "$OUT" | head; }
[ "$RSS" -lt 300000 ] && ok "bigref: peak RSS ${RSS} KiB (< 300 MiB)" || bad "bigref: peak RSS ${RSS} KiB"
rss timeout 300 "$A" verify "$H/manyref/m:v1" --key "$T/k.pub" $P
[ "$RC" -eq 1 ] || [ "$RC" -eq 0 ] && ok "manyref: ends with a verdict ($RC)" || bad "manyref: exit $RC"
[ "$RSS" -lt 300000 ] && ok "manyref: peak RSS ${RSS} KiB (< 300 MiB)" || bad "manyref: peak RSS ${RSS} KiB"
[ "$RC" -eq 1 ] && expect_out 'not examined' "manyref: says referrers were left unexamined"
# Low: one listed-but-missing referrer does not hide valid evidence.
expect_rc 0 "manyref404: verifies past the missing referrer" -- "$A" verify "$H/manyref404/m:v1" --key "$T/k.pub" $P

# The registry mount shows only attested content, and refuses what is not covered.
if [ -e /dev/fuse ] && [ "$(id -u)" -eq 0 ]; then
  mkdir -p "$T/mnt"
  CLEANUP+=("umount -l $T/mnt")
  for s in tar-extra extralayer; do
    expect_rc 1 "$s: the registry mount is refused" -- timeout 60 "$A" mount "$H/$s/m:v1" "$T/mnt" -o "key=$T/k.pub,plain_http,cache=$T/cache-$s"
    grep -q " $T/mnt " /proc/mounts && { bad "$s: mounted"; umount "$T/mnt"; } || ok "$s: nothing mounted"
  done
  expect_rc 1 "inject: the registry mount is refused" -- timeout 60 "$A" mount "$R/models/inj-model-signing:v1" "$T/mnt" -o "key=$T/k.pub,plain_http,cache=$T/cache-inj"
  grep -q " $T/mnt " /proc/mounts && { bad "inject: mounted"; umount "$T/mnt"; } || ok "inject: nothing mounted"

  # A weights blob sent at 1 byte/s: the read fails with EIO after fetch_timeout, not never.
  daemon_pids() { grep -l -a -- "$T/mnt" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3; }
  expect_rc 0 "slowblob: mount (evidence and manifest arrive at full speed)" -- timeout 60 "$A" mount "$H/slowblob/m:v1" "$T/mnt" -o "key=$T/k.pub,plain_http,cache=$T/cache-slow,fetch_timeout=3"
  big=$(ls -S "$T/mnt" | head -1)
  OUT=$(timeout 100 cat "$T/mnt/$big" 2>&1 >/dev/null); rc=$?
  [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && echo "$OUT" | grep -q 'Input/output error' && ok "slowblob: the read fails with EIO" || bad "slowblob: read rc $rc: $OUT"
  # SIGTERM to the daemon while a read waits on the slow registry: the fetch is cancelled, the
  # read ends, the mount goes away and the daemon exits.
  umount "$T/mnt"
  expect_rc 0 "slowblob: mount again with a long fetch timeout" -- timeout 60 "$A" mount "$H/slowblob/m:v1" "$T/mnt" -o "key=$T/k.pub,plain_http,cache=$T/cache-slow2,fetch_timeout=600"
  DPIDS=$(daemon_pids)
  timeout 100 cat "$T/mnt/$big" >/dev/null 2>&1 &
  CATPID=$!
  sleep 2
  [ -n "$DPIDS" ] && kill -TERM $DPIDS
  for _ in $(seq 100); do kill -0 "$CATPID" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$CATPID" 2>/dev/null && { bad "SIGTERM: the read still waits"; kill "$CATPID"; } || ok "SIGTERM: the waiting read ended"
  gone=1
  for _ in $(seq 100); do gone=1; for p in $DPIDS; do kill -0 "$p" 2>/dev/null && gone=0; done; [ $gone = 1 ] && break; sleep 0.1; done
  [ $gone = 1 ] && ok "SIGTERM: the daemon exited" || bad "SIGTERM: daemon $DPIDS still running"
  grep -q " $T/mnt " /proc/mounts && { bad "SIGTERM: still mounted"; umount -l "$T/mnt"; } || ok "SIGTERM: unmounted"
else
  echo "SKIP: registry mount checks need root and /dev/fuse"
fi
finish
