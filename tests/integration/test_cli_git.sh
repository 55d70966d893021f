#!/usr/bin/env bash
# git: targets end to end: tracked files only, commit recorded in the BOM, uncommitted changes
# reported, verification of a clone, and git:URL cloning first.
source "$(dirname "$0")/lib.sh"
A=$ATTESTFS
S=$T/store
"$A" keygen --out "$T/k" >/dev/null
make_model "$T/repo" --weights-mib 5
git -C "$T/repo" init -q && git -C "$T/repo" add -A && \
  git -C "$T/repo" -c user.email=t@e -c user.name=t commit -qm init
git -C "$T/repo" remote add origin https://huggingface.co/example/tiny-bert
COMMIT=$(git -C "$T/repo" rev-parse HEAD)
echo untracked > "$T/repo/untracked.txt"
expect_rc 0 "bom git: records the commit" -- "$A" bom "git:$T/repo"
expect_out "$COMMIT" "commit in the BOM"
expect_no_out 'untracked.txt' "untracked files are not signed"
expect_rc 0 "sign git target" -- "$A" bom "git:$T/repo" -o attest --key "$T/k.key" --store "$S"
expect_rc 0 "verify git target" -- "$A" verify "git:$T/repo" --key "$T/k.pub" --store "$S"
echo change >> "$T/repo/config.json"
expect_rc 1 "modified tracked file detected" -- "$A" verify "git:$T/repo" --key "$T/k.pub" --store "$S"
expect_out '^changed config.json' "names the modified file"
expect_out 'uncommitted change: config.json' "reports the uncommitted change"
git -C "$T/repo" checkout -q config.json
expect_rc 0 "clone from a file:// URL verifies by name" -- "$A" verify "git:file://$T/repo" --name "https://huggingface.co/example/tiny-bert" --key "$T/k.pub" --store "$S"
ls /tmp | grep -q "^attestfs-clone-" && bad "temporary clone left behind" || ok "temporary clone removed"
# A git:URL clone is removed by every verb that scans one (trace sign and push used to leak it).
mkdir -p "$T/tmp"
: >"$T/empty-trace.jsonl"
TMPDIR=$T/tmp expect_rc 0 "trace sign of a git:URL target" -- "$A" trace sign "$T/empty-trace.jsonl" --target "git:file://$T/repo" --key "$T/k.key" --store "$S"
[ -z "$(ls -A "$T/tmp")" ] && ok "trace sign removed its clone" || bad "trace sign left $(ls "$T/tmp")"
if command -v docker-registry >/dev/null; then
  start_registry plain "$T/reg"
  TMPDIR=$T/tmp expect_rc 0 "push of a git:URL target" -- "$A" push "git:file://$T/repo" "$REG/git/model:v1" -o attest --key "$T/k.key" --store "$S" --plain-http
  [ -z "$(ls -A "$T/tmp")" ] && ok "push removed its clone" || bad "push left $(ls "$T/tmp")"
else
  bad "docker-registry is not installed (scripts/install-deps.sh)"
fi
finish
