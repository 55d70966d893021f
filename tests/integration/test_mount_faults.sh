#!/usr/bin/env bash
# Mount faults an operator meets (issue 9): a mountpoint whose daemon was killed (ENOTCONN) is
# refused rather than stacked over, names the fix, and mounts again once unmounted; SIGTERM to a
# daemon unmounts and the daemon exits.
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
finish
