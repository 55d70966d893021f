#!/bin/sh
# Starts a loopback docker-registry for manual runs and benchmarks:
#   run-registry.sh MODE WORKDIR PORT     MODE = plain | tls | token (token server on PORT+1)
# Prints the PIDs to stop (kill PID ...). The unit tests start their own via the C++ fixture.
set -eu
MODE=$1 WORK=$2 PORT=$3
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$WORK"
[ -f "$WORK/tls/ca.crt" ] || "$HERE/make-certs.sh" "$WORK"
REALM="http://127.0.0.1:$((PORT + 1))/token"
sed -e "s|@ROOT@|$WORK|g" -e "s|@ADDR@|127.0.0.1:$PORT|g" -e "s|@REALM@|$REALM|g" \
  "$HERE/$MODE.yml.in" > "$WORK/$MODE.yml"
PIDS=""
if [ "$MODE" = token ]; then
  DIR=$WORK PORT=$((PORT + 1)) node "$HERE/token-server.js" > "$WORK/token.log" 2>&1 &
  PIDS="$!"
fi
/usr/bin/docker-registry serve "$WORK/$MODE.yml" > "$WORK/registry.log" 2>&1 &
PIDS="$PIDS $!"
SCHEME=http; [ "$MODE" = tls ] && SCHEME=https
for i in $(seq 100); do
  curl -s -o /dev/null --cacert "$WORK/tls/ca.crt" "$SCHEME://127.0.0.1:$PORT/v2/" && break
  sleep 0.1
done
echo "$PIDS"
