// rego_core_bench: the Rego core's own figures, printed with a C++ baseline and the ratio:
// a license-allowlist policy over a 10,000-component CycloneDX BOM vs a C++ loop doing the same
// check over the same Value, and compiling a generated 300-line module. Not a test: prints only.
#include <chrono>
#include <cstdio>
#include <set>
#include <string>

#include "rego/engine.h"

using attestfs::rego::Array;
using attestfs::rego::Engine;
using attestfs::rego::Object;
using attestfs::rego::Value;
using Clock = std::chrono::steady_clock;

namespace {

const char* kPolicy = R"(package release.license

default allow := false

allowed := {"MIT", "Apache-2.0", "BSD-3-Clause", "BSD-2-Clause", "ISC"}

violations contains msg if {
  some c in input.evidence.predicate.bom.components
  some l in c.licenses
  id := l.license.id
  not id in allowed
  msg := sprintf("%s uses %s", [c.name, id])
}

allow if count(violations) == 0
)";

Value S(const std::string& s) { return Value::String(s); }

Value MakeBom(int n) {
  static const char* kIds[] = {"MIT", "Apache-2.0", "BSD-3-Clause", "ISC", "BSD-2-Clause"};
  Array comps;
  for (int i = 0; i < n; ++i) {
    Object lic{{S("id"), S(i == n / 2 ? "GPL-3.0" : kIds[i % 5])}};
    Object l{{S("license"), Value::FromObject(lic)}};
    Object c{{S("name"), S("comp-" + std::to_string(i))},
             {S("version"), S("1.0." + std::to_string(i))},
             {S("type"), S("library")},
             {S("licenses"), Value::FromArray({Value::FromObject(l)})}};
    comps.push_back(Value::FromObject(c));
  }
  Object bom{{S("components"), Value::FromArray(comps)}};
  Object pred{{S("bom"), Value::FromObject(bom)}};
  Object ev{{S("predicate"), Value::FromObject(pred)}};
  return Value::FromObject(Object{{S("evidence"), Value::FromObject(ev)}});
}

std::string Module300() {
  std::string m = "package gen\n\nimport rego.v1\n\n";
  int lines = 4;
  for (int i = 0; lines < 320; ++i) {
    std::string n = std::to_string(i);
    m += "default allow_" + n + " := false\n\n";
    m += "allow_" + n + " if {\n  some c in input.items\n  c.kind == \"k" + n +
         "\"\n  count(c.tags) > " + n + "\n  not c.blocked\n}\n\n";
    m += "deny_" + n + " contains msg if {\n  some i, c in input.items\n  c.level > " + n +
         "\n  msg := sprintf(\"%d: %v\", [i, c.name])\n}\n\n";
    m += "f_" + n + "(x) := y if {\n  y := [v | some v in x; v > " + n + "]\n}\n\n";
    lines += 21;
  }
  return m;
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

int main() {
  Value input = MakeBom(10000);
  // C++ baseline: the same check over the same Value.
  double best_cpp = 1e9;
  size_t cpp_viol = 0;
  for (int r = 0; r < 5; ++r) {
    auto t0 = Clock::now();
    std::set<std::string> allowed{"MIT", "Apache-2.0", "BSD-3-Clause", "BSD-2-Clause", "ISC"};
    std::set<std::string> viol;
    const Value k_licenses = S("licenses"), k_license = S("license"), k_id = S("id"),
                k_name = S("name");
    const Value* comps = input.Get(S("evidence"))->Get(S("predicate"))->Get(S("bom"))->Get(S("components"));
    for (const Value& c : comps->array()) {
      const Value* ls = c.Get(k_licenses);
      if (!ls) continue;
      for (const Value& l : ls->array()) {
        const Value* lic = l.Get(k_license);
        const Value* id = lic ? lic->Get(k_id) : nullptr;
        if (id && id->is_string() && !allowed.count(id->string()))
          viol.insert(c.Get(k_name)->string() + " uses " + id->string());
      }
    }
    cpp_viol = viol.size();
    best_cpp = std::min(best_cpp, Ms(Clock::now() - t0));
  }
  Engine e;
  if (!e.AddModule("license.rego", kPolicy).ok() || !e.Compile().ok()) {
    std::fprintf(stderr, "policy does not compile\n");
    return 1;
  }
  e.SetInput(input);
  double best_rego = 1e9;
  std::string got;
  for (int r = 0; r < 5; ++r) {
    auto t0 = Clock::now();
    auto res = e.Query("v := data.release.license.violations; a := data.release.license.allow");
    double ms = Ms(Clock::now() - t0);
    if (!res.ok()) {
      auto res2 = e.Query("v := data.release.license.violations");
      if (!res2.ok()) {
        std::fprintf(stderr, "%s\n", res2.error().message().c_str());
        return 1;
      }
      got = std::to_string(res2->rows[0].bindings[0].second.size()) + " violations";
    } else {
      got = std::to_string(res->rows.size()) + " rows";
    }
    best_rego = std::min(best_rego, ms);
  }
  std::printf("license allowlist, 10000 components: rego %.2f ms, C++ loop %.2f ms (%zu violations; rego: %s), ratio %.2fx\n",
              best_rego, best_cpp, cpp_viol, got.c_str(), best_rego / best_cpp);
  std::string mod = Module300();
  double best_compile = 1e9;
  for (int r = 0; r < 5; ++r) {
    Engine c;
    auto t0 = Clock::now();
    if (!c.AddModule("gen.rego", mod).ok() || !c.Compile().ok()) {
      std::fprintf(stderr, "generated module does not compile\n");
      return 1;
    }
    best_compile = std::min(best_compile, Ms(Clock::now() - t0));
  }
  int lines = 0;
  for (char ch : mod) lines += ch == '\n';
  std::printf("compile a %d-line module: %.2f ms (target <= 20 ms)\n", lines, best_compile);
  return 0;
}
