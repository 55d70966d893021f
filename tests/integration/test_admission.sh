#!/usr/bin/env bash
# The admission webhook end to end: `attestfs admission serve` over HTTPS against the real
# docker-registry, with AdmissionReviews as the API server sends them (tests/data/admission/):
# signed image and model allowed and pinned by /mutate; unsigned, wrong signer, failing policy,
# tampered blob, unknown registry denied with the reason; registry down denied unless the rule's
# failure-policy says allow; bad input (malformed JSON, wrong apiVersion, 10 MB body, missing
# fields, 1,000 containers, a slow client); metrics; certificate rotation without a restart;
# `admission review` exit codes; the example manifests parse with the right kinds.
source "$(dirname "$0")/lib.sh"
require_bins /usr/bin/docker-registry /usr/bin/skopeo /usr/bin/curl
A=$ATTESTFS
D=$ATTESTFS_SOURCE_DIR/tests/data/admission
start_registry plain "$T/reg"
R=$REG
P=--plain-http
"$A" keygen --out "$T/k" >/dev/null
"$A" keygen --out "$T/k2" >/dev/null

# Images: signed (web), unsigned, signed by another key, signed then tampered in storage.
push_image() {  # push_image SEED REPO:TAG -> prints the layer digest
  rm -rf "$T/lay"
  local out
  out=$(/usr/bin/python3 "$ATTESTFS_SOURCE_DIR/tests/integration/oci_image.py" "$T/lay" t "$1")
  skopeo copy -q --dest-tls-verify=false "oci:$T/lay:t" "docker://$R/$2" >/dev/null 2>&1 || { bad "skopeo copy $2"; return; }
  echo "$out" | cut -d' ' -f2
}
push_image web apps/web:v1 >/dev/null
push_image unsigned apps/unsigned:v1 >/dev/null
push_image other apps/other-signer:v1 >/dev/null
TAMPER_LAYER=$(push_image tamper apps/tampered:v1)
push_image warn warn/unsigned:v1 >/dev/null
expect_rc 0 "sign the web image (SBOM attached as a referrer)" -- "$A" bom "registry:$R/apps/web:v1" -o attest --key "$T/k.key" --store "$T/s" $P
expect_rc 0 "sign another image with the wrong key" -- "$A" bom "registry:$R/apps/other-signer:v1" -o attest --key "$T/k2.key" --store "$T/s" $P
expect_rc 0 "sign the image that will be tampered with" -- "$A" bom "registry:$R/apps/tampered:v1" -o attest --key "$T/k.key" --store "$T/s" $P
blob=$(find "$T/reg" -path "*blobs/sha256/${TAMPER_LAYER:7:2}/${TAMPER_LAYER:7}/data" | head -1)
if [ -n "$blob" ]; then flip_byte "$blob" 20; ok "flipped a byte of the tampered image's layer in registry storage"; else bad "layer blob of apps/tampered not found"; fi

# Models: signed MIT model, another signed one with the wrong key.
make_model "$T/m" --license mit --weights-mib 1 --small-files 2
make_model "$T/m2" --license mit --weights-mib 1
expect_rc 0 "push a signed model" -- "$A" push "dir:$T/m" "$R/models/m:v1" -o bundle --key "$T/k.key" --store "$T/s" $P
expect_rc 0 "push a model signed with the wrong key" -- "$A" push "dir:$T/m2" "$R/models/m2:v1" -o bundle --key "$T/k2.key" --store "$T/s" $P
WEB_DIGEST=$("$A" verify "$R/apps/web:v1" --key "$T/k.pub" $P --format json 2>/dev/null | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["manifestDigest"])')
MODEL_DIGEST=$("$A" verify "$R/models/m:v1" --key "$T/k.pub" $P --format json 2>/dev/null | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["manifestDigest"])')
[[ "$WEB_DIGEST" =~ ^sha256: && "$MODEL_DIGEST" =~ ^sha256: ]] && ok "digests of the signed image and model" || bad "digests: $WEB_DIGEST $MODEL_DIGEST"

# TLS for the webhook: a test CA and a serving certificate for 127.0.0.1.
tls() {  # tls DIR CN
  mkdir -p "$1"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$1/ca.key" -out "$1/ca.crt" \
    -days 2 -subj "/CN=$2 CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$1/tls.key" -out "$1/tls.csr" -subj "/CN=$2" 2>/dev/null
  printf 'subjectAltName=DNS:attestfs-admission.attestfs-system.svc,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > "$1/san.ext"
  openssl x509 -req -in "$1/tls.csr" -CA "$1/ca.crt" -CAkey "$1/ca.key" -CAcreateserial -out "$1/tls.crt" -days 2 -extfile "$1/san.ext" 2>/dev/null
}
tls "$T/tls1" webhook-one
tls "$T/tls2" webhook-two
mkdir -p "$T/srv"
cp "$T/tls1/tls.crt" "$T/tls1/tls.key" "$T/srv/"

cat > "$T/strict.yaml" <<Y
policies:
  - name: strict
    rules:
      - name: apache-only
        uses: license-allowlist
        with: { allow: [Apache-2.0] }
Y
PORT=$(free_port)
cat > "$T/admission.yaml" <<Y
listen: 127.0.0.1:$PORT
tls: { cert: srv/tls.crt, key: srv/tls.key }
limits: { review-timeout: 8s, registry-timeout: 3s, read-timeout: 2s, worker-threads: 16 }
cache: { ttl: 10m, failure-ttl: 30s }
registry:
  plain-http: ["$R", "127.0.0.1:1"]
trust: { keys: [k.pub] }
rules:
  - name: cluster-system
    images: ["registry.k8s.io/**"]
    mode: skip
  - name: strict-models
    namespaces: [strict]
    images: ["$R/models/**"]
    policy: strict.yaml
  - name: apps
    images: ["$R/apps/**"]
  - name: models
    images: ["$R/models/**"]
  - name: warn-only
    images: ["$R/warn/**"]
    mode: warn
  - name: down-lenient
    namespaces: [dev]
    images: ["127.0.0.1:1/**"]
    failure-policy: allow
  - name: down
    images: ["127.0.0.1:1/**"]
unmatched: deny
Y
cp "$T/k.pub" "$T/k.pub.bak"
( cd "$T" && exec "$A" admission serve --config "$T/admission.yaml" ) 2>"$T/server.log" &
SRV=$!
CLEANUP+=("kill $SRV")
URL=https://127.0.0.1:$PORT
C=(curl -sS --max-time 20 --cacert "$T/tls1/ca.crt")
for _ in $(seq 1 100); do "${C[@]}" -o /dev/null "$URL/healthz" 2>/dev/null && break; sleep 0.1; done
expect_rc 0 "GET /healthz" -- "${C[@]}" "$URL/healthz"
expect_out '^ok' "healthz says ok"
expect_rc 0 "GET /readyz" -- "${C[@]}" -w '%{http_code}' "$URL/readyz"
expect_out '^200$' "readyz 200"

review() {  # review TEMPLATE NS IMAGE [MODELS] [INIT] [VOLUME] [EPHEMERAL] -> $T/req.json
  sed -e "s|@NS@|$2|g" -e "s|@IMAGE@|$3|g" -e "s|@MODELS@|${4:-}|g" -e "s|@INIT@|${5:-$3}|g" \
      -e "s|@VOLUME@|${6:-$3}|g" -e "s|@EPHEMERAL@|${7:-$3}|g" "$D/$1.json" > "$T/req.json"
}
post() {  # post validate|mutate -> $OUT = body, $CODE = status
  OUT=$("${C[@]}" -H 'Content-Type: application/json' --data-binary @"$T/req.json" -w '\n%{http_code}' "$URL/$1" 2>&1)
  CODE=$(echo "$OUT" | tail -1)
  OUT=$(echo "$OUT" | sed '$d')
}
field() { echo "$OUT" | /usr/bin/python3 -c "import json,sys; r=json.load(sys.stdin)['response']; print($1)"; }
allowed() { [ "$CODE" = 200 ] && [ "$(field "r['allowed']")" = True ]; }

WEB=$R/apps/web:v1
MODEL=$R/models/m:v1
review pod prod "$WEB" "$MODEL" "$WEB" "$WEB" "$WEB"
post validate
allowed && ok "pod with signed image (container, init container, image volume) and signed model: allowed" || bad "signed pod: $CODE $OUT"
[ "$(field "r['uid']")" = 705ab4f5-6393-11e8-b7cc-42010a800002 ] && ok "response carries the request uid" || bad "uid: $OUT"
field "r['auditAnnotations']['verified']" | grep -q "$WEB_DIGEST" && ok "audit annotation names the verified digest" || bad "audit: $OUT"
echo "$OUT" | grep -q '"apiVersion":"admission.k8s.io/v1"' && ok "answer is an admission.k8s.io/v1 AdmissionReview" || bad "envelope: $OUT"
post mutate
allowed && ok "/mutate allows the signed pod" || bad "mutate: $CODE $OUT"
PATCH=$(field "__import__('base64').b64decode(r['patch']).decode()")
[ "$(field "r['patchType']")" = JSONPatch ] && ok "patchType JSONPatch" || bad "patchType: $OUT"
echo "$PATCH" | /usr/bin/python3 -c '
import json, sys
p = {op["path"]: op["value"] for op in json.load(sys.stdin)}
web, model, wd, md = sys.argv[1:5]
want = {"/spec/containers/0/image": web + "@" + wd, "/spec/initContainers/0/image": web + "@" + wd,
        "/spec/volumes/0/image/reference": web + "@" + wd, "/metadata/annotations/attestfs.dev~1models": model + "@" + md}
assert p == want, (p, want)' "$WEB" "$MODEL" "$WEB_DIGEST" "$MODEL_DIGEST" \
  && ok "patch pins container, init container, image volume and the model annotation to their digests" || bad "patch: $PATCH"

review pod prod "$WEB@$WEB_DIGEST"
sed -i 's|"attestfs.dev/models": ""|"other": ""|' "$T/req.json"
post mutate
allowed && [ "$(field "r.get('patch', 'none')")" = none ] && ok "already pinned references: allowed, no patch" || bad "pinned: $OUT"

review deployment prod "$WEB" "$MODEL"
post mutate
allowed && ok "Deployment with signed image and model allowed" || bad "deployment: $OUT"
field "__import__('base64').b64decode(r['patch']).decode()" | grep -q '/spec/template/spec/containers/0/image' && ok "Deployment patch points into the pod template" || bad "deployment patch: $OUT"
review cronjob prod "$WEB"
post validate
allowed && ok "CronJob with a signed image allowed" || bad "cronjob: $OUT"
review cronjob prod "$R/apps/unsigned:v1"
post validate
! allowed && ok "CronJob with an unsigned image denied" || bad "cronjob unsigned: $OUT"

deny_case() {  # deny_case DESCRIPTION REGEX
  if [ "$CODE" = 200 ] && [ "$(field "r['allowed']")" = False ]; then
    msg=$(field "r['status']['message']")
    code=$(field "r['status']['code']")
    if echo "$msg" | grep -Eq -- "$2" && [ "$code" = 403 ]; then ok "$1: denied (403), reason /$2/"; else bad "$1: message lacks /$2/: $msg"; fi
  else
    bad "$1: not denied: $CODE $OUT"
  fi
}
review pod prod "$R/apps/unsigned:v1" "" "$WEB" "$WEB"
post validate; deny_case "unsigned image" "container server \($R/apps/unsigned:v1\).*(no evidence|no signed evidence)"
review pod prod "$R/apps/other-signer:v1" "" "$WEB" "$WEB"
post validate; deny_case "image signed by another key" "other-signer.*(did not verify|no signed evidence|signature)"
review pod prod "$WEB" "$R/models/m2:v1" "$WEB" "$WEB"
post validate; deny_case "model signed by another key" "model \($R/models/m2:v1\)"
review pod strict "$WEB" "$MODEL" "$WEB" "$WEB"
post validate; deny_case "model failing the namespace's policy" "strict-models.*apache-only"
review pod prod "$R/apps/tampered:v1" "" "$WEB" "$WEB"
post validate; deny_case "image whose layer was tampered with in the registry" "tampered.*(digest|mismatch|does not match)"
review pod prod "docker.io/library/nginx:1.27" "" "$WEB" "$WEB"
post validate; deny_case "image from a registry no rule covers" "no rule .*matches docker.io/library/nginx:1.27"
review pod prod "$WEB" "" "$WEB" "$R/apps/unsigned:v1"
post validate; deny_case "unsigned image volume" "image volume weights"
review ephemeral prod "$WEB" "" "" "" "$R/apps/unsigned:v1"
post validate; deny_case "unsigned ephemeral debug container" "ephemeral container debugger-x7k2p"
review pod prod "127.0.0.1:1/apps/web:v1" "" "$WEB" "$WEB"
post validate; deny_case "registry down: denied (fail closed)" "registry unreachable|127.0.0.1:1"
review pod dev "127.0.0.1:1/apps/web:v1" "" "$WEB" "$WEB"
post validate
allowed && field "r['warnings']" | grep -q "failure-policy: allow" && ok "registry down under failure-policy: allow: admitted with a warning" || bad "fail-open: $OUT"
review pod prod "$R/warn/unsigned:v1" "" "$WEB" "$WEB"
post validate
allowed && field "r['warnings']" | grep -q "mode: warn" && ok "mode: warn admits an unsigned image with a warning" || bad "warn mode: $OUT"
review pod prod "registry.k8s.io/pause:3.9" "" "registry.k8s.io/pause:3.9" "registry.k8s.io/pause:3.9"
post validate
allowed && ok "mode: skip admits the cluster's own images unverified" || bad "skip: $OUT"
review configmap prod x
post validate
allowed && ok "a kind without pods is allowed untouched" || bad "configmap: $OUT"

# Bad input: each gets a clear answer, and the server keeps serving.
printf '{"kind": "AdmissionReview", "apiVersion": "admission.k8s.io/v1", "request": ' > "$T/req.json"
post validate
[ "$CODE" = 400 ] && echo "$OUT" | grep -q "not JSON" && ok "malformed JSON: 400 naming it" || bad "malformed: $CODE $OUT"
review pod prod "$WEB"; sed -i 's|admission.k8s.io/v1"|admission.k8s.io/v1beta1"|' "$T/req.json"
post validate
[ "$CODE" = 400 ] && echo "$OUT" | grep -q "v1beta1" && ok "wrong apiVersion: 400 naming it" || bad "apiVersion: $CODE $OUT"
review pod prod "$WEB"; sed -i 's|"uid": "705ab4f5-6393-11e8-b7cc-42010a800002",||' "$T/req.json"
post validate
[ "$CODE" = 400 ] && echo "$OUT" | grep -q "uid" && ok "missing uid: 400 naming it" || bad "uid missing: $CODE $OUT"
review pod prod "$WEB"; sed -i 's|"containers": \[|"containers": 7, "x": [|' "$T/req.json"
post validate
[ "$CODE" = 400 ] && echo "$OUT" | grep -q "containers is not a list" && ok "containers of the wrong type: 400" || bad "wrong type: $CODE $OUT"
/usr/bin/python3 - "$T/req.json" <<'PY'
import sys
body = '{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"big","pad":"' + "x" * (10 << 20) + '"}}'
open(sys.argv[1], "w").write(body)
PY
post validate
[ "$CODE" = 413 ] && ok "10 MB body refused with 413" || bad "big body: $CODE"
/usr/bin/python3 - "$D/pod.json" "$T/req.json" "$WEB" "$R" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
web, reg = sys.argv[3], sys.argv[4]
o = r["request"]["object"]
o["metadata"]["annotations"] = {}
o["spec"]["initContainers"] = []
o["spec"]["volumes"] = []
o["spec"]["containers"] = [{"name": "c%d" % i, "image": web if i % 2 else web + "@" + "sha256:" + "0" * 64} for i in range(1000)]
r["request"]["namespace"] = "prod"
json.dump(r, open(sys.argv[2], "w"))
PY
post validate
if [ "$CODE" = 200 ] && [ "$(field "r['allowed']")" = False ] && field "r['status']['message']" | grep -q "denied 500 of 1000"; then
  ok "1,000 containers: answered, the 500 naming an absent digest denied"
else bad "1000 containers: $CODE $(echo "$OUT" | head -c 300)"; fi
# A slow client (headers trickling in) does not hold up other reviews, and is dropped.
/usr/bin/python3 - "$PORT" "$T/tls1/ca.crt" > "$T/slow.log" 2>&1 <<'PY' &
import socket, ssl, sys, time
ctx = ssl.create_default_context(cafile=sys.argv[2])
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1]))), server_hostname="127.0.0.1")
s.sendall(b"POST /validate HTTP/1.1\r\nHost: x\r\n")
try:
    for _ in range(30):
        time.sleep(0.5); s.sendall(b"X-Slow: 1\r\n")
    print("not dropped")
except OSError as e:
    print("dropped")
PY
SLOW=$!
sleep 0.5
review pod prod "$WEB" "" "$WEB" "$WEB"
t0=$(date +%s%N); post validate; t1=$(date +%s%N)
allowed && ok "a review is answered while a slow client trickles headers ($(( (t1 - t0) / 1000000 )) ms)" || bad "during slow client: $OUT"
wait $SLOW
grep -q dropped "$T/slow.log" && ok "the slow client was dropped after the read timeout" || bad "slow client: $(cat "$T/slow.log")"
OUT=$("${C[@]}" -w '\n%{http_code}' "$URL/validate"); [ "$(echo "$OUT" | tail -1)" = 405 ] && ok "GET /validate: 405" || bad "GET validate: $OUT"
OUT=$("${C[@]}" -H 'Content-Type: text/plain' --data x -w '\n%{http_code}' "$URL/validate"); [ "$(echo "$OUT" | tail -1)" = 415 ] && ok "wrong content type: 415" || bad "content type: $OUT"
expect_rc 35 "TLS 1.1 is refused" -- curl -sS --cacert "$T/tls1/ca.crt" --tlsv1.1 --tls-max 1.1 "$URL/healthz"

# Metrics.
expect_rc 0 "GET /metrics" -- "${C[@]}" "$URL/metrics"
expect_out '^attestfs_admission_reviews_total\{endpoint="validate",result="denied"\} [1-9]' "denied reviews counted"
expect_out '^attestfs_admission_reviews_total\{endpoint="mutate",result="allowed"\} [1-9]' "allowed mutations counted"
expect_out '^attestfs_admission_reviews_total\{endpoint="validate",result="bad_request"\} [1-9]' "bad requests counted"
expect_out '^attestfs_admission_review_duration_seconds_bucket\{le="\+Inf"\} [1-9]' "latency histogram"
expect_out '^attestfs_admission_verification_cache_hits_total [1-9]' "cache hits counted"
expect_out '^attestfs_admission_registry_errors_total [1-9]' "registry errors counted"
expect_out '^attestfs_admission_refused_requests_total [1-9]' "refused requests counted"

# Certificate rotation: new files in place, new handshakes get them, no restart.
cp "$T/tls2/tls.crt" "$T/srv/tls.crt.new"; cp "$T/tls2/tls.key" "$T/srv/tls.key.new"
mv "$T/srv/tls.key.new" "$T/srv/tls.key"; mv "$T/srv/tls.crt.new" "$T/srv/tls.crt"
sleep 1.5
rotated=0
for _ in $(seq 1 20); do
  curl -sS --max-time 5 --cacert "$T/tls2/ca.crt" -o /dev/null "$URL/healthz" 2>/dev/null && { rotated=1; break; }
  sleep 0.3
done
[ $rotated = 1 ] && ok "after rotation the new certificate is served (same process)" || bad "rotation not picked up"
curl -sS --max-time 5 --cacert "$T/tls1/ca.crt" -o /dev/null "$URL/healthz" 2>/dev/null && bad "old certificate still served" || ok "the old certificate is no longer served"
kill -0 $SRV && ok "server still running (pid $SRV)" || bad "server died"
C=(curl -sS --max-time 20 --cacert "$T/tls2/ca.crt")
review pod prod "$WEB" "$MODEL" "$WEB" "$WEB"
post validate
allowed && ok "reviews continue after the rotation" || bad "after rotation: $OUT"
kill -TERM $SRV; wait $SRV; rc=$?
[ $rc = 0 ] && ok "SIGTERM stops the server cleanly (exit 0)" || bad "server exit $rc: $(tail -5 "$T/server.log")"

# One review from the command line, as the server would answer it.
review pod prod "$WEB" "$MODEL" "$WEB" "$WEB"
expect_rc 0 "admission review: allowed -> exit 0" -- bash -c "cd '$T' && '$A' admission review --config admission.yaml --mutate req.json"
expect_out '"patchType":"JSONPatch"' "review --mutate prints the patch"
review pod prod "$R/apps/unsigned:v1" "" "$WEB" "$WEB"
expect_rc 1 "admission review: denied -> exit 1" -- "$A" admission review --config "$T/admission.yaml" "$T/req.json"
printf 'nope' > "$T/req.json"
expect_rc 2 "admission review: malformed -> exit 2" -- "$A" admission review --config "$T/admission.yaml" "$T/req.json"
expect_out 'not JSON' "names the problem"
printf 'rules: []\n' > "$T/bad.yaml"
expect_rc 2 "a config without rules is refused" -- "$A" admission serve --config "$T/bad.yaml"
expect_out 'rules' "names the key"
printf 'rules:\n  - name: x\n    images: ["a/**"]\n    mode: sometimes\n' > "$T/bad.yaml"
expect_rc 2 "an unknown mode is refused" -- "$A" admission serve --config "$T/bad.yaml"
expect_out "bad.yaml:4" "with file and line"
printf 'tls: {cert: nope.crt, key: nope.key}\nrules:\n  - name: x\n    images: ["a/**"]\n    trust: {keys: [missing.pub]}\n' > "$T/bad.yaml"
expect_rc 2 "a rule whose key file is missing is refused at start" -- "$A" admission serve --config "$T/bad.yaml"

# Private registry (TLS + htpasswd): credentials from the pod's imagePullSecrets, mounted under
# registry.pull-secrets-dir/<namespace>/<secret>/.dockerconfigjson.
start_registry tls "$T/priv"
PR=$REG
PCA=$T/priv/tls/ca.crt
expect_rc 0 "push a signed model to the private registry" -- sh -c "echo testpass | '$A' push 'dir:$T/m' '$PR/models/m:v1' --ca-file '$PCA' --username testuser --password-stdin -o bundle --key '$T/k.key' --store '$T/s'"
mkdir -p "$T/secrets/team/regcred"
printf '{"auths":{"https://%s":{"auth":"%s"}}}\n' "$PR" "$(printf 'testuser:testpass' | base64)" > "$T/secrets/team/regcred/.dockerconfigjson"
cat > "$T/private.yaml" <<Y
registry: { ca-file: $PCA, pull-secrets-dir: $T/secrets }
trust: { keys: [$T/k.pub] }
rules:
  - name: private
    images: ["$PR/**"]
Y
review pod team "$PR/models/m:v1"
sed -i 's|"attestfs.dev/models": ""|"none": ""|' "$T/req.json"
expect_rc 0 "private model with the pod's pull secret: allowed" -- "$A" admission review --config "$T/private.yaml" "$T/req.json"
review pod team "$PR/models/m:v1"
sed -i -e 's|"attestfs.dev/models": ""|"none": ""|' -e 's|"imagePullSecrets": \[{"name": "regcred"}\],||' "$T/req.json"
expect_rc 1 "the same pod without its pull secret: denied" -- "$A" admission review --config "$T/private.yaml" "$T/req.json"
expect_out '401|UNAUTHORIZED|unauthori' "names the authorization failure"
review pod other "$PR/models/m:v1"
sed -i 's|"attestfs.dev/models": ""|"none": ""|' "$T/req.json"
expect_rc 1 "a pod in another namespace naming the same secret: denied (secrets are per namespace)" -- "$A" admission review --config "$T/private.yaml" "$T/req.json"

# The example manifests: valid YAML with the kinds and fields the cluster needs.
/usr/bin/python3 "$ATTESTFS_SOURCE_DIR/tests/integration/check_k8s_examples.py" "$ATTESTFS_SOURCE_DIR/examples/kubernetes" > "$T/ex.log" 2>&1 \
  && ok "examples/kubernetes parse with the right kinds and fields ($(tail -1 "$T/ex.log"))" || { bad "examples/kubernetes"; cat "$T/ex.log"; }
finish
