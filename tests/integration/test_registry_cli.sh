#!/usr/bin/env bash
# push/pull through the CLI against the real Debian docker-registry on 127.0.0.1 (plain HTTP):
# push with signed evidence attached as a referrer (tag-schema fallback: 2.8.2 has no referrers
# API), pull with verification, a wrong key refused with nothing written, tampered blob refused.
# A model that is one large file (72 MiB, over the 64 MiB range threshold): pushed while it is
# hashed, pulled as parallel Range requests; through range_fault_proxy.py a registry that
# ignores Range still gives a verified pull, one that lies about a range gives a clear error and
# writes nothing. Progress: --progress=always draws on stderr, auto on a pipe and --quiet do not.
source "$(dirname "$0")/lib.sh"
require_bins /usr/bin/docker-registry
A=$ATTESTFS
start_registry plain "$T/reg"
R=$REG
make_model "$T/m" --weights-mib 9 --small-files 3
"$A" keygen --out "$T/k" >/dev/null
"$A" keygen --out "$T/k2" >/dev/null
expect_rc 0 "push with signed evidence" -- "$A" push "dir:$T/m" "$R/models/tiny:v1" -o bundle --key "$T/k.key" --store "$T/s" --plain-http
DIGEST=$(echo "$OUT" | tail -1)
[[ "$DIGEST" =~ ^sha256:[0-9a-f]{64}$ ]] && ok "stdout ends with the manifest digest" || bad "push stdout: $DIGEST"
expect_rc 0 "skopeo sees the artifact" -- skopeo inspect --raw --tls-verify=false "docker://$R/models/tiny:v1"
expect_out 'application/vnd.cncf.model.manifest.v1\+json' "ModelPack artifactType"
expect_rc 0 "referrers fallback tag exists" -- skopeo inspect --raw --tls-verify=false "docker://$R/models/tiny:sha256-${DIGEST#sha256:}"
expect_rc 0 "discover lists the referrer" -- "$A" discover "$R/models/tiny:v1" --plain-http
expect_out 'application/vnd.dev.sigstore.bundle.v0.3\+json +tag-schema' "bundle referrer via the tag schema"
expect_rc 0 "verify-ref with the right key" -- "$A" verify-ref "$R/models/tiny:v1" --key "$T/k.pub" --plain-http
expect_out '^VERIFIED' "verdict"
expect_rc 1 "verify-ref with another key" -- "$A" verify-ref "$R/models/tiny:v1" --key "$T/k2.pub" --plain-http
expect_rc 0 "pull with verification" -- "$A" pull "$R/models/tiny:v1" "$T/out" --key "$T/k.pub" --plain-http
diff -r "$T/m" "$T/out" >/dev/null && ok "pulled tree equals the source" || bad "pulled tree differs"
expect_rc 1 "pull with the wrong key refused" -- "$A" pull "$R/models/tiny:v1" "$T/out2" --key "$T/k2.pub" --plain-http
[ -e "$T/out2" ] && [ -n "$(ls -A "$T/out2" 2>/dev/null)" ] && bad "partial pull left behind" || ok "nothing written after a refused pull"
expect_rc 0 "pull without trust material verifies digests only" -- "$A" pull "$R/models/tiny:v1" "$T/out3" --plain-http
expect_out 'only the manifest' "says so"
# Tamper with a layer blob inside the registry's storage: the pull must refuse it.
blob=$(find "$T/reg" -path '*blobs/sha256/*/data' -size +8M | head -1)
if [ -n "$blob" ]; then
  flip_byte "$blob" 1000
  expect_rc 1 "tampered registry blob refused" -- "$A" pull "$R/models/tiny:v1" "$T/out4" --key "$T/k.pub" --plain-http
  [ -n "$(ls -A "$T/out4" 2>/dev/null)" ] && bad "tampered pull wrote files" || ok "nothing written after a tampered blob"
else
  bad "could not find the weights blob in the registry storage"
fi

# --- one large file -----------------------------------------------------------------------
mkdir -p "$T/big" && head -c $((72 * 1048576)) /dev/urandom > "$T/big/model.safetensors"
expect_rc 0 "push of a one-file model (early upload while hashing)" -- "$A" push "dir:$T/big" "$R/models/big:v1" -o attest --key "$T/k.key" --store "$T/s" --plain-http --progress=always
expect_out $'\e\\[2K' "--progress=always draws progress lines on stderr"
expect_out 'model.safetensors .*(MiB|done)' "the progress names the file and its bytes"
expect_rc 0 "pull of the one-file model (parallel ranges)" -- "$A" pull "$R/models/big:v1" "$T/big-out" --key "$T/k.pub" --plain-http --progress=always
cmp -s "$T/big/model.safetensors" "$T/big-out/model.safetensors" && ok "the pulled file equals the source" || bad "pulled file differs"
expect_out 'model.safetensors .*72.0 MiB / 72.0 MiB +100%.*done' "the pull's progress ends at 100%"
OUT=$("$A" pull "$R/models/big:v1" "$T/big-auto" --key "$T/k.pub" --plain-http 2>&1 | cat)
echo "$OUT" | grep -q $'\e' && bad "auto progress on a pipe drew escape codes" || ok "auto progress on a pipe prints no progress"
OUT=$("$A" pull "$R/models/big:v1" "$T/big-quiet" --key "$T/k.pub" --plain-http --progress=always --quiet 2>&1)
echo "$OUT" | grep -q $'\e' && bad "--quiet drew progress" || ok "--quiet wins over --progress=always"
expect_rc 2 "--progress takes auto|always|never only" -- "$A" pull "$R/models/big:v1" "$T/x" --progress=sometimes --plain-http

PP=$(free_port)
echo pass > "$T/proxy-mode"
: > "$T/proxy-log"
/usr/bin/python3 "$ATTESTFS_SOURCE_DIR/tests/integration/range_fault_proxy.py" "$PP" "${R##*:}" "$T/proxy-mode" "$T/proxy-log" 2>"$T/proxy.err" &
CLEANUP+=("kill $!")
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PP/v2/" >/dev/null && break; sleep 0.1; done
X=127.0.0.1:$PP
expect_rc 0 "pull through the proxy" -- "$A" pull "$X/models/big:v1" "$T/px-pass" --key "$T/k.pub" --plain-http
n=$(grep -c '^pass bytes=' "$T/proxy-log")
[ "$n" -ge 4 ] && ok "the large layer came as $n parallel Range requests" || bad "$n Range requests"
echo ignore-range > "$T/proxy-mode"
expect_rc 0 "a registry that ignores Range still gives a verified pull" -- "$A" pull "$X/models/big:v1" "$T/px-ignore" --key "$T/k.pub" --plain-http
cmp -s "$T/big/model.safetensors" "$T/px-ignore/model.safetensors" && ok "the file (one plain GET after the ignored Range) is right" || bad "ignore-range content"
for mode in wrong-content-range short-range; do
  echo $mode > "$T/proxy-mode"
  expect_rc 1 "$mode: the pull fails" -- "$A" pull "$X/models/big:v1" "$T/px-$mode" --key "$T/k.pub" --plain-http
  case $mode in
    wrong-content-range) expect_out "answered with Content-Range 'bytes [0-9]+-" "$mode: the error names the Content-Range" ;;
    short-range) expect_out 'the registry sent [0-9]+ of the [0-9]+ bytes of bytes=' "$mode: the error says the range was short" ;;
  esac
  [ -e "$T/px-$mode" ] && bad "$mode: destination written" || ok "$mode: nothing written"
  [ -n "$(ls -A "$T" | grep "px-$mode.attestfs-pull")" ] && bad "$mode: temporary tree left" || ok "$mode: no temporary tree left"
done
finish
