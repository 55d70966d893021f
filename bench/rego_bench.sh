#!/usr/bin/env bash
# Issue 12 benchmark, in one run: a license allowlist written in Rego (uses: rego) against the
# built-in license-allowlist rule on the same 10,000-component CycloneDX ML-BOM, both through
# policy::Evaluate exactly as `verify --policy` runs them (each Rego check parses, compiles and
# evaluates its module on a fresh engine, and converts the BOM into the Rego input); then the
# compile time of a 300-line module; peak RSS of the run.
# Targets (issue 12): Rego <= 5x the built-in rule; compile <= 20 ms for 300 lines.
# usage: bench/rego_bench.sh [COMPONENTS=10000] [WORKDIR]     env: ROUNDS=15 BUILD_DIR=build
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
W=${2:-$(mktemp -d /tmp/attestfs-rbench.XXXXXX)}
B=${BUILD_DIR:-build}
ROUNDS=${ROUNDS:-15}
mkdir -p "$W"
scripts/build.sh rego_bench >/dev/null
/usr/bin/python3 - "$W" "$N" <<'PY'
import json, sys
w, n = sys.argv[1], int(sys.argv[2])
lic = ["MIT", "Apache-2.0", "BSD-3-Clause"]
comps = []
for i in range(n):
    comps.append({"type": "data" if i % 10 == 0 else "machine-learning-model",
                  "bom-ref": f"c{i}", "name": f"component-{i}",
                  "licenses": [{"license": {"id": lic[i % 3]}}],
                  "properties": [{"name": "attestfs:size", "value": str(i)}]})
bom = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
       "metadata": {"timestamp": "2026-12-01T00:00:00Z",
                    "component": {"type": "machine-learning-model", "name": "bench-model",
                                  "licenses": [{"license": {"id": "Apache-2.0"}}]}},
       "components": comps}
open(f"{w}/bom.json", "w").write(json.dumps(bom))
# A 300-line module: the license gate plus generated helper rules of the kinds policies use.
lines = ["package bench.big", "", "import rego.v1", ""]
i = 0
while len(lines) < 296:
    lines += [f"rule_{i} contains msg if {{",
              f"\tsome c in input.evidence.predicate.bom.components",
              f"\tstartswith(c.name, \"prefix-{i}-\")",
              f"\tmsg := sprintf(\"component %s matched rule {i}\", [c.name])",
              "}", ""]
    i += 1
lines += ["deny contains m if { some m in rule_0 }", "allow if count(rule_1) == 0", ""]
open(f"{w}/big.rego", "w").write("\n".join(lines[:300]) + "\n")
PY
cat > "$W/builtin.yaml" <<'Y'
policies:
  - name: bench
    rules:
      - name: licenses
        uses: license-allowlist
        with: { allow: [MIT, Apache-2.0, BSD-3-Clause] }
Y
cat > "$W/licenses.rego" <<'R'
package bench.licenses

import rego.v1

allowed := {lower(l) | some l in input.config.args.allow}

bom := input.evidence.predicate.bom

deny contains msg if {
	some c in bom.components
	some entry in c.licenses
	not lower(entry.license.id) in allowed
	msg := sprintf("component %s: license %s is not allowed", [c.name, entry.license.id])
}

deny contains msg if {
	some entry in bom.metadata.component.licenses
	not lower(entry.license.id) in allowed
	msg := sprintf("model license %s is not allowed", [entry.license.id])
}
R
cat > "$W/rego.yaml" <<'Y'
policies:
  - name: bench
    rules:
      - name: licenses
        uses: rego
        evidence: { predicate-type: https://cyclonedx.org/bom }
        with:
          module: licenses.rego
          args: { allow: [MIT, Apache-2.0, BSD-3-Clause] }
Y
echo "rego_bench: $N components, $(du -h "$W/bom.json" | cut -f1) BOM, $ROUNDS rounds, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$B/rego_bench" "$W/bom.json" "$W/builtin.yaml" "$W/rego.yaml" "$W/big.rego" "$ROUNDS"
