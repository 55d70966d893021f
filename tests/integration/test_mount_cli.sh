#!/usr/bin/env bash
# Real mounts through the CLI and through mount(8): `attestfs mount`, `mount -t attestfs` with
# the helper installed temporarily as /sbin/mount.attestfs (removed afterwards), an fstab-style
# line read with `mount -T FILE`, a tampered backing file giving EIO, a FIFO backing file giving
# EIO without hanging the mount, and a refused mount.
source "$(dirname "$0")/lib.sh"
if [ "$(id -u)" -ne 0 ] || [ ! -e /dev/fuse ]; then echo "SKIP: needs root and /dev/fuse"; exit 0; fi
A=$ATTESTFS
S=$T/store
make_model "$T/m" --weights-mib 9 --small-files 2
"$A" keygen --out "$T/k" >/dev/null
"$A" bom "dir:$T/m" -o attest --key "$T/k.key" --store "$S" >/dev/null
mkdir -p "$T/mnt" "$T/mnt2" "$T/mnt3"
CLEANUP+=("umount -l $T/mnt" "umount -l $T/mnt2" "umount -l $T/mnt3")

expect_rc 0 "attestfs mount returns once the mount is live" -- timeout 60 "$A" mount "dir:$T/m" "$T/mnt" -o "key=$T/k.pub,store=$S"
# Tamper before the first read (pages already read stay in the kernel page cache, verified).
flip_byte "$T/m/model.safetensors" 6000000
if cat "$T/mnt/model.safetensors" >/dev/null 2>&1; then bad "tampered chunk was served"; else ok "tampered chunk gives an I/O error"; fi
flip_byte "$T/m/model.safetensors" 6000000
if diff -r "$T/m" "$T/mnt" >/dev/null; then ok "mounted tree equals the source byte for byte (nothing bad was cached)"; else bad "tree differs"; fi
touch "$T/mnt/new" 2>/dev/null && bad "write allowed" || ok "writes refused"
umount "$T/mnt" && ok "umount unmounts" || bad "umount"

# A FIFO in place of a backing file (issue 9 item 7): reading it gives EIO at once and the
# mount keeps serving the other files (the daemon used to block in open(2) for good).
mv "$T/m/tokenizer.json" "$T/tokenizer.json.saved" && mkfifo "$T/m/tokenizer.json"
expect_rc 0 "mount for the FIFO check" -- timeout 60 "$A" mount "dir:$T/m" "$T/mnt" -o "key=$T/k.pub,store=$S"
expect_rc 1 "reading a FIFO backing file fails at once" -- timeout 20 cat "$T/mnt/tokenizer.json"
expect_out 'Input/output error' "the FIFO read gives EIO"
exec 3<>"$T/m/tokenizer.json"; exec 3>&-  # releases a daemon stuck in open(2), if any
expect_rc 0 "other files still read after the FIFO" -- timeout 20 cmp "$T/m/config.json" "$T/mnt/config.json"
umount "$T/mnt" || umount -l "$T/mnt"
rm "$T/m/tokenizer.json" && mv "$T/tokenizer.json.saved" "$T/m/tokenizer.json"

expect_rc 1 "mount with the wrong key is refused" -- timeout 60 "$A" mount "dir:$T/m" "$T/mnt" -o "key=$T/m/config.json,store=$S"
"$A" keygen --out "$T/k2" >/dev/null
expect_rc 1 "mount with another key is refused" -- timeout 60 "$A" mount "dir:$T/m" "$T/mnt" -o "key=$T/k2.pub,store=$S"
mountpoint -q "$T/mnt" && bad "something was mounted" || ok "nothing mounted after a refusal"
expect_rc 2 "mount without trust material" -- timeout 60 "$A" mount "dir:$T/m" "$T/mnt" -o "store=$S"

if [ -e /sbin/mount.attestfs ]; then
  echo "note: /sbin/mount.attestfs already installed; using it as is"
else
  ln -s "$(readlink -f "$A")" /sbin/mount.attestfs
  CLEANUP+=("rm -f /sbin/mount.attestfs")
fi
expect_rc 0 "mount -t attestfs through the helper" -- timeout 60 mount -t attestfs "$T/m" "$T/mnt2" -o "key=$T/k.pub,store=$S"
cmp "$T/m/model.safetensors" "$T/mnt2/model.safetensors" && ok "helper mount serves the weights" || bad "helper mount content"
umount "$T/mnt2"
printf '%s %s attestfs ro,key=%s,store=%s 0 0\n' "$T/m" "$T/mnt3" "$T/k.pub" "$S" > "$T/fstab"
expect_rc 0 "fstab-style line via mount -T" -- timeout 60 mount -T "$T/fstab" "$T/mnt3"
cmp "$T/m/config.json" "$T/mnt3/config.json" && ok "fstab mount serves files" || bad "fstab mount content"
umount "$T/mnt3"
# Access trace: open + reads recorded, signed as runtime-trace evidence, summarised.
expect_rc 0 "mount with trace=" -- timeout 60 "$A" mount "dir:$T/m" "$T/mnt" -o "key=$T/k.pub,store=$S,trace=$T/trace.jsonl"
head -c 100 "$T/mnt/config.json" >/dev/null
umount "$T/mnt"
grep -q '"event":"open"' "$T/trace.jsonl" && grep -q 'config.json' "$T/trace.jsonl" && ok "trace records the open" || bad "trace content"
expect_rc 0 "trace summary" -- "$A" trace summary "$T/trace.jsonl" --target "dir:$T/m"
expect_out 'config.json' "summary lists the file read"
expect_out 'tokenizer.json' "summary lists a file never opened"
expect_rc 0 "trace sign" -- "$A" trace sign "$T/trace.jsonl" --target "dir:$T/m" --key "$T/k.key" --store "$S"
expect_rc 0 "store lists the runtime trace" -- "$A" store list --store "$S"
expect_out 'runtime-trace' "runtime-trace evidence stored"
# The trace rule judges the signed trace: `head` read the model; a policy that expects only
# python3 fails and names head, one that allows head passes.
printf 'policies:\n  - name: p\n    rules:\n      - name: readers\n        uses: trace\n        with: { commands: [%s] }\n      - name: who\n        uses: signer-identity\n        with: { keys: [k.pub] }\n' python3 > "$T/trace-py.yaml"
printf 'policies:\n  - name: p\n    rules:\n      - name: readers\n        uses: trace\n        with: { commands: [%s], files: ["*.json"] }\n      - name: who\n        uses: signer-identity\n        with: { keys: [k.pub] }\n' head > "$T/trace-head.yaml"
expect_rc 1 "a trace from an unexpected command fails the trace rule" -- "$A" verify "dir:$T/m" --policy "$T/trace-py.yaml" --store "$S"
expect_out 'head' "the unexpected command is named"
expect_rc 0 "the trace rule passes for the expected command and files" -- "$A" verify "dir:$T/m" --policy "$T/trace-head.yaml" --store "$S"
# Policy at mount time: a pickle-free policy passes, a license allowlist that excludes the
# model's license refuses the mount.
printf 'policies:\n  - name: p\n    rules:\n      - name: lic\n        uses: license-allowlist\n        with: { allow: [GPL-2.0-only] }\n      - name: who\n        uses: signer-identity\n        with: { keys: [k.pub] }\n' > "$T/deny.yaml"
printf 'policies:\n  - name: p\n    rules:\n      - name: files\n        uses: file-types\n      - name: who\n        uses: signer-identity\n        with: { keys: [k.pub] }\n' > "$T/allow.yaml"
expect_rc 1 "policy refuses the mount" -- timeout 60 "$A" mount "dir:$T/m" "$T/mnt" -o "store=$S,policy=$T/deny.yaml"
mountpoint -q "$T/mnt" && bad "mounted despite the policy" || ok "nothing mounted after a policy denial"
expect_rc 0 "policy allows the mount (trust from the policy)" -- timeout 60 "$A" mount "dir:$T/m" "$T/mnt" -o "store=$S,policy=$T/allow.yaml"
umount "$T/mnt"
expect_rc 32 "helper exits 32 when verification fails" -- timeout 60 mount -t attestfs "$T/m" "$T/mnt2" -o "key=$T/k2.pub,store=$S"
finish
