#!/bin/sh
# Load on the admission webhook: 2,000 AdmissionReviews (pods, each naming one of 50 distinct
# signed images by tag) sent by 16 concurrent HTTPS clients (keep-alive) to one
# `attestfs admission serve`, against the real docker-registry on loopback. Prints p50/p99/max
# latency, throughput and failures for the cold pass (the first review of each image verifies
# it: referrers, signature, config and layers re-read) and for the warm run (the verification
# comes from the cache), for the default configuration (a tag's resolution reused for up to
# 5 s) and a strict one (cache.tag-ttl: 0, the registry asked on every review), with each
# server's peak RSS and CPU per review. Target: warm p99 <= 20 ms with no failed review.
# No peer runs here: sigstore's policy-controller and Kyverno are Go services that need a cluster
# and are not installable from Debian or npm.
#   bench/admission_bench.sh [REVIEWS] [ATTESTFS]
set -eu
N=${1:-2000}
CONC=${CONC:-16}
SRC=$(cd "$(dirname "$0")/.." && pwd)
A=${2:-${ATTESTFS:-$SRC/build/attestfs}}
[ -x "$A" ] || { echo "no attestfs binary at $A (scripts/build.sh attestfs)"; exit 1; }
WORK=$(mktemp -d /tmp/afs-admission-bench-XXXXXX)
PIDS=""
cleanup() { for p in $PIDS; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
RP=$(free_port)
REGPIDS=$("$SRC/tests/integration/registry/run-registry.sh" plain "$WORK/reg" "$RP")
PIDS="$PIDS $REGPIDS"
R=127.0.0.1:$RP
"$A" keygen --out "$WORK/k" >/dev/null

echo "admission bench: pushing and signing 50 images..."
i=0
while [ $i -lt 50 ]; do
  rm -rf "$WORK/lay"
  /usr/bin/python3 "$SRC/tests/integration/oci_image.py" "$WORK/lay" t "bench-$i" >/dev/null
  skopeo copy -q --dest-tls-verify=false "oci:$WORK/lay:t" "docker://$R/apps/svc$i:v1" >/dev/null
  "$A" bom "registry:$R/apps/svc$i:v1" -o attest --key "$WORK/k.key" --store "$WORK/s" --plain-http >/dev/null
  i=$((i + 1))
done

cd "$WORK"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout tls.key -out tls.crt \
  -days 1 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
# Two servers on the same registry: the default configuration (a tag's resolution reused for up
# to cache.tag-ttl = 5 s) and a strict one that asks the registry for every tag on every review.
start_server() {  # start_server NAME TAG_TTL -> sets PORT_<NAME>, PID_<NAME>
  port=$(free_port)
  cat > "$1.yaml" <<Y
listen: 127.0.0.1:$port
tls: { cert: tls.crt, key: tls.key }
registry: { plain-http: ["$R"] }
cache: { tag-ttl: $2 }
trust: { keys: [k.pub] }
rules:
  - name: apps
    images: ["$R/apps/**"]
Y
  "$A" admission serve --config "$1.yaml" 2>"$1.log" &
  eval "PID_$1=$!; PORT_$1=$port"
  PIDS="$PIDS $!"
  for _ in $(seq 1 100); do curl -sk -o /dev/null "https://127.0.0.1:$port/healthz" && break; sleep 0.1; done
}
start_server default 5s
start_server strict 0
/usr/bin/python3 - "$R" "$N" "$CONC" "$REGPIDS" "default:$PORT_default:$PID_default" "strict:$PORT_strict:$PID_strict" <<'PY'
import http.client, json, os, ssl, sys, threading, time
reg, n, conc, regpids = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
servers = [a.split(":") for a in sys.argv[5:]]
ctx = ssl.create_default_context(cafile="tls.crt")

def review(i):
    img = "%s/apps/svc%d:v1" % (reg, i % 50)
    return json.dumps({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
        "uid": "bench-%d" % i, "kind": {"group": "", "version": "v1", "kind": "Pod"},
        "resource": {"group": "", "version": "v1", "resource": "pods"}, "namespace": "bench",
        "operation": "CREATE", "object": {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "p%d" % i, "namespace": "bench"},
            "spec": {"containers": [{"name": "app", "image": img}]}}}})

def run(port, indices, threads=16):
    lat, fails, lock = [], [0], threading.Lock()
    chunks = [indices[t::threads] for t in range(threads)]
    def worker(chunk):
        conn = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=30)
        for i in chunk:
            body = review(i)
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/validate", body, {"Content-Type": "application/json"})
                resp = conn.getresponse(); data = resp.read()
                ok = resp.status == 200 and json.loads(data)["response"]["allowed"] is True
            except Exception:
                ok = False
                conn = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=30)
            dt = time.perf_counter() - t0
            with lock:
                lat.append(dt)
                if not ok: fails[0] += 1
    t0 = time.perf_counter()
    ts = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for t in ts: t.start()
    for t in ts: t.join()
    wall = time.perf_counter() - t0
    lat.sort()
    q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000
    return len(lat), q(0.5), q(0.99), lat[-1] * 1000, len(lat) / wall, fails[0]

def cpu_ms(pids):
    total = 0
    for p in pids.split():
        try:
            f = open("/proc/%s/stat" % p).read().rsplit(")", 1)[1].split()
            total += int(f[11]) + int(f[12])
        except OSError:
            pass
    return total * 1000 / os.sysconf("SC_CLK_TCK")

def rss(pid):
    for line in open("/proc/%s/status" % pid):
        if line.startswith("VmHWM"): return line.split()[1] + " kB"

fmt = "%-8s %-5s reviews %5d  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  %5.0f reviews/s  failed %d"
met = True
for name, port, pid in servers:
    port = int(port)
    cold = run(port, list(range(50)), threads=16)
    c0 = (cpu_ms(pid), cpu_ms(regpids), time.process_time() * 1000)
    warm = run(port, list(range(n)), threads=conc)
    c1 = (cpu_ms(pid), cpu_ms(regpids), time.process_time() * 1000)
    print(fmt % ((name, "cold") + cold))
    print(fmt % ((name, "warm") + warm))
    print("%-8s server peak RSS %s; CPU per warm review: webhook %.2f ms, docker-registry %.2f ms, load client %.2f ms" %
          ((name, rss(pid)) + tuple((b - a) / n for a, b in zip(c0, c1))))
    if name == "default":
        met = warm[2] <= 20 and warm[5] == 0 and cold[5] == 0
print("target (default config): warm p99 <= 20 ms with no failed review: %s" % ("met" if met else "NOT met"))
PY
curl -sk "https://127.0.0.1:$PORT_default/metrics" | grep -E '^attestfs_admission_(verification_cache_hits_total|verifications_total)' | sed 's/^/  default: /'
