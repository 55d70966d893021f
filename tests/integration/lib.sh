# Shared helpers for the integration scripts: a scratch dir removed on exit, and assertions
# that print what failed. Source it; $ATTESTFS is the binary under test.
set -uo pipefail
: "${ATTESTFS:?ATTESTFS must point at the attestfs binary}"
: "${ATTESTFS_SOURCE_DIR:?}"
T=$(mktemp -d /tmp/attestfs-it.XXXXXX)
CLEANUP=()
cleanup() {
  local c
  for c in "${CLEANUP[@]}"; do eval "$c" >/dev/null 2>&1 || true; done
  rm -rf "$T"
}
trap cleanup EXIT
FAILS=0
PASSES=0
ok() { PASSES=$((PASSES + 1)); echo "ok   - $*"; }
bad() { FAILS=$((FAILS + 1)); echo "FAIL - $*"; }
# expect_rc CODE DESCRIPTION -- command...: runs the command, output in $OUT, checks the exit code.
expect_rc() {
  local want=$1 what=$2
  shift 3
  OUT=$("$@" 2>&1)
  local rc=$?
  if [ "$rc" -eq "$want" ]; then ok "$what (exit $rc)"; else bad "$what: exit $rc, wanted $want"; echo "$OUT" | sed 's/^/      /' | head -30; fi
}
# expect_out REGEX DESCRIPTION: checks the last command's output.
expect_out() {
  if echo "$OUT" | grep -Eq -- "$1"; then ok "$2"; else bad "$2: output lacks /$1/"; echo "$OUT" | sed 's/^/      /' | head -30; fi
}
expect_no_out() {
  if echo "$OUT" | grep -Eq -- "$1"; then bad "$2: output has /$1/"; echo "$OUT" | sed 's/^/      /' | head -30; else ok "$2"; fi
}
finish() {
  echo "$PASSES passed, $FAILS failed"
  [ "$FAILS" -eq 0 ]
}
make_model() { /usr/bin/python3 "$ATTESTFS_SOURCE_DIR/examples/make-model.py" "$@" >/dev/null; }
flip_byte() {  # flip_byte FILE OFFSET
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sys
p, off = sys.argv[1], int(sys.argv[2])
with open(p, "r+b") as f:
    f.seek(off); b = f.read(1); f.seek(off); f.write(bytes([b[0] ^ 0xFF]))
PY
}
# require_bins BIN...: skip the script (exit 0) when a peer binary is missing; under
# ATTESTFS_REQUIRE_INTEROP=1 (CI) that is a failure instead.
require_bins() {
  local b
  for b in "$@"; do
    if [ ! -x "$b" ]; then
      [ "${ATTESTFS_REQUIRE_INTEROP:-}" = 1 ] && { echo "FAIL: $b missing"; exit 1; }
      echo "SKIP: $b not installed"; exit 0
    fi
  done
}
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# start_registry MODE DIR: the real docker-registry (plain | tls | token) on a free loopback
# port, stopped by PID at exit; sets REG to 127.0.0.1:PORT.
start_registry() {
  local port pids
  port=$(free_port)
  pids=$(sh "$ATTESTFS_SOURCE_DIR/tests/integration/registry/run-registry.sh" "$1" "$2" "$port")
  CLEANUP+=("kill $pids")
  REG=127.0.0.1:$port
}
# start_sigstore_standin DIR: the loopback Fulcio + Rekor + TSA stand-in (../shared/tools/sigstore,
# npm @sigstore/mock from tests/interop/sigstore-standin) writing DIR/trusted_root.json and
# DIR/signing_config.json; sets SIGSTORE_URL and SIGSTORE_TOOLS. Skips the script (exit 0) when
# the shared tools are absent; missing npm packages skip too, or fail under
# ATTESTFS_REQUIRE_INTEROP=1 (CI).
start_sigstore_standin() {
  SIGSTORE_TOOLS=${ATTESTFS_SIGSTORE_TOOLS:-$ATTESTFS_SOURCE_DIR/../shared/tools/sigstore}
  local mods=$ATTESTFS_SOURCE_DIR/tests/interop/sigstore-standin/node_modules port
  [ -f "$SIGSTORE_TOOLS/standin.js" ] || { echo "skip: no Sigstore stand-in at $SIGSTORE_TOOLS"; exit 0; }
  if [ ! -d "$mods/@sigstore/mock" ]; then
    [ "${ATTESTFS_REQUIRE_INTEROP:-}" = 1 ] && { echo "FAIL: $mods/@sigstore/mock missing (scripts/install-deps.sh)"; exit 1; }
    echo "SKIP: @sigstore/mock not installed (scripts/install-deps.sh)"; exit 0
  fi
  require_bins /usr/bin/node /usr/bin/curl
  port=$(free_port)
  mkdir -p "$1"
  NODE_PATH=$mods node "$SIGSTORE_TOOLS/standin.js" "$port" "$1" >"$1.log" 2>&1 &
  CLEANUP+=("kill $!")
  for _ in $(seq 1 100); do
    [ -s "$1/trusted_root.json" ] && curl -s -o /dev/null "http://127.0.0.1:$port/" && break
    sleep 0.1
  done
  SIGSTORE_URL=http://127.0.0.1:$port
  [ -s "$1/trusted_root.json" ] && ok "Sigstore stand-in started" || { bad "stand-in did not start: $(cat "$1.log")"; finish; exit 1; }
}
