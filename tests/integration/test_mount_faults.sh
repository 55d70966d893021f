#!/usr/bin/env bash
# Mount faults an operator meets (issue 9): a mountpoint whose daemon was killed (ENOTCONN) is
# refused rather than stacked over, names the fix, and mounts again once unmounted; SIGTERM to a
# daemon unmounts and the daemon exits. A daemon that hangs while preparing its mount (issue 10
# defect: its mountpoint lies inside a mount whose daemon is stopped) is killed after -o timeout=
# and mount.attestfs exits 32 instead of waiting forever.
source "$(dirname "$0")/lib.sh"
if [ "$(id -u)" -ne 0 ] || [ ! -e /dev/fuse ]; then echo "SKIP: needs root and /dev/fuse"; exit 0; fi
A=$ATTESTFS
S=$T/store
make_model "$T/m" --weights-mib 2 --small-files 2
"$A" keygen --out "$T/k" >/dev/null
"$A" bom "dir:$T/m" -o attest --key "$T/k.key" --store "$S" >/dev/null
mkdir -p "$T/mnt"
CLEANUP+=("umount -l $T/mnt")
daemon_pids() { grep -l -a -- "$T/mnt" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3; }

expect_rc 0 "mount" -- timeout 60 "$A" mount "dir:$T/m" "$T/mnt" -o "key=$T/k.pub,store=$S"
DPIDS=$(daemon_pids)
[ -n "$DPIDS" ] && ok "daemon found ($DPIDS)" || bad "no daemon process found"
kill -KILL $DPIDS
sleep 0.5
stat "$T/mnt" >/dev/null 2>&1 && bad "the dead mount still answers" || ok "the dead mount answers ENOTCONN"
expect_rc 3 "mounting over a dead mount is refused" -- timeout 60 "$A" mount "dir:$T/m" "$T/mnt" -o "key=$T/k.pub,store=$S"
expect_out 'not connected.*umount' "the refusal names the dead mount and the fix"
[ "$(grep -c " $T/mnt " /proc/mounts)" -eq 1 ] && ok "no second mount stacked" || bad "mounts stacked: $(grep -c " $T/mnt " /proc/mounts)"
umount "$T/mnt" && ok "umount clears the dead mount" || bad "umount of the dead mount"
expect_rc 0 "mounting again works" -- timeout 60 "$A" mount "dir:$T/m" "$T/mnt" -o "key=$T/k.pub,store=$S"
cmp -s "$T/m/config.json" "$T/mnt/config.json" && ok "serves again" || bad "content after remount"

DPIDS=$(daemon_pids)
kill -TERM $DPIDS
gone=1
for _ in $(seq 100); do gone=1; for p in $DPIDS; do kill -0 "$p" 2>/dev/null && gone=0; done; [ $gone = 1 ] && break; sleep 0.1; done
[ $gone = 1 ] && ok "SIGTERM: the daemon exited" || bad "SIGTERM: daemon still running"
grep -q " $T/mnt " /proc/mounts && bad "SIGTERM: still mounted" || ok "SIGTERM: unmounted"

# The hung preparation: stop the daemon serving $T/mnt, then mount onto $T/mnt/inner. The new
# mount's daemon (a fork of the helper, same command line) blocks in stat(2) of its mountpoint,
# a FUSE lookup nobody answers, and never reports the mount live.
expect_rc 0 "mount for the hung-daemon check" -- timeout 60 "$A" mount "dir:$T/m" "$T/mnt" -o "key=$T/k.pub,store=$S"
DPIDS=$(daemon_pids)
[ -n "$DPIDS" ] && ok "daemon found ($DPIDS)" || bad "no daemon process found"
mkdir -p "$T/bin"
ln -s "$(readlink -f "$A")" "$T/bin/mount.attestfs"
CLEANUP=("kill -CONT $DPIDS" "${CLEANUP[@]}")  # a stopped daemon would hang the cleanup
kill -STOP $DPIDS 2>/dev/null
# Wait until every thread is stopped, so none can pick the lookup up (a request already read by
# the daemon would hold its sender even against SIGKILL).
stopped() { local p s; for p in $DPIDS; do for s in /proc/$p/task/*/stat; do [ -e "$s" ] || continue; [ "$(cut -d' ' -f3 "$s" 2>/dev/null)" = T ] || return 1; done; done; }
for _ in $(seq 100); do stopped && break; sleep 0.05; done
stopped && ok "the daemon is stopped" || bad "the daemon did not stop"
inner_pids() { local p; for p in $(grep -l -a -- "$T/mnt/inner" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3); do kill -0 "$p" 2>/dev/null && echo "$p"; done; }
started=$(date +%s)
expect_rc 32 "mount.attestfs gives up on a daemon that never reports (timeout=3)" -- timeout 60 "$T/bin/mount.attestfs" "$T/m" "$T/mnt/inner" -o "timeout=3,key=$T/k.pub,store=$S"
elapsed=$(($(date +%s) - started))
expect_out 'did not report the mount live within 3 s \(-o timeout=\); it was killed' "the failure names the timeout and the kill"
[ "$elapsed" -ge 3 ] && [ "$elapsed" -lt 30 ] && ok "gave up after the 3 s asked for (${elapsed} s)" || bad "gave up after ${elapsed} s"
LEFT=$(inner_pids)
[ -z "$LEFT" ] && ok "the hung mount daemon was killed and reaped" || bad "mount daemon still there: $LEFT $(cat /proc/$LEFT/stat 2>/dev/null)"
kill -CONT $DPIDS 2>/dev/null
expect_rc 0 "the stopped mount serves again once continued" -- timeout 20 cmp "$T/m/config.json" "$T/mnt/config.json"
grep -q " $T/mnt/inner " /proc/mounts && bad "something was mounted at the inner mountpoint" || ok "nothing mounted inside"
expect_rc 0 "the continued mount unmounts cleanly" -- timeout 20 umount "$T/mnt"
gone=1
for _ in $(seq 100); do gone=1; for p in $DPIDS; do kill -0 "$p" 2>/dev/null && gone=0; done; [ $gone = 1 ] && break; sleep 0.1; done
[ $gone = 1 ] && ok "its daemon exited after umount" || bad "daemon still running after umount"
finish
