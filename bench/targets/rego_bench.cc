// rego_bench: times one policy rule over one signed CycloneDX BOM, the way `verify --policy`
// runs it (policy::Evaluate over an EvaluationInput), for two policy files side by side —
// typically the built-in license-allowlist rule and the same check written in Rego — and the
// compile time of a Rego module. Prints median and best times, the ratio and peak RSS.
// Built by CMake (target rego_bench); driven by bench/rego_bench.sh.
// Usage: rego_bench BOM.json BUILTIN.yaml REGO.yaml MODULE.rego [rounds=15]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "attestation/statement.h"
#include "base/clock.h"
#include "base/file_io.h"
#include "policy/evaluator.h"
#include "policy/policy_file.h"
#include "policy/rego_program.h"

namespace {

using namespace attestfs;
using Steady = std::chrono::steady_clock;

double Ms(Steady::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Times {
  double median = 0, best = 0;
  bool passed = false;
};

Times Run(const policy::PolicyFile& policy, const policy::EvaluationInput& input, int rounds) {
  SystemClock clock;
  std::vector<double> t;
  Times out;
  for (int i = 0; i < rounds; ++i) {
    auto start = Steady::now();
    auto d = policy::Evaluate(policy, input, clock);
    t.push_back(Ms(Steady::now() - start));
    out.passed = d.ok;
  }
  std::sort(t.begin(), t.end());
  out.median = t[t.size() / 2];
  out.best = t.front();
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s BOM.json BUILTIN.yaml REGO.yaml MODULE.rego [rounds]\n",
                 argv[0]);
    return 2;
  }
  const int rounds = argc > 5 ? std::atoi(argv[5]) : 15;
  auto bom = ReadFileLimited(argv[1], 512ull << 20);
  if (!bom.ok()) {
    std::fprintf(stderr, "%s\n", bom.error().message().c_str());
    return 1;
  }
  policy::EvaluationInput input;
  input.subject_name = "bench-model";
  input.subject_digest = "sha256:" + std::string(64, 'a');
  policy::EvidenceItem item;
  item.statement.subjects.push_back({"bench-model", "", {{"sha256", std::string(64, 'a')}}, {}});
  item.statement.predicate_type = std::string(attestation::kCycloneDxPredicate);
  item.statement.predicate_json = *bom;
  item.digest = "sha256:" + std::string(64, 'b');
  item.signature_verified = true;
  item.signer.key_id = "bench";
  item.signer.description = "key bench";
  input.evidence.push_back(std::move(item));

  auto builtin = policy::PolicyFile::Load(argv[2]);
  auto rego = policy::PolicyFile::Load(argv[3]);
  if (!builtin.ok() || !rego.ok()) {
    std::fprintf(stderr, "%s\n",
                 (!builtin.ok() ? builtin.error() : rego.error()).message().c_str());
    return 1;
  }
  Times b = Run(*builtin, input, rounds);
  Times r = Run(*rego, input, rounds);
  std::printf("built-in license-allowlist: median %.2f ms, best %.2f ms (%s)\n", b.median, b.best,
              b.passed ? "passed" : "failed");
  std::printf("rego license allowlist:     median %.2f ms, best %.2f ms (%s)\n", r.median, r.best,
              r.passed ? "passed" : "failed");
  std::printf("ratio rego / built-in:      %.2f (median), %.2f (best)\n", r.median / b.median,
              r.best / b.best);

  auto module = ReadFileLimited(argv[4], 1 << 20);
  if (!module.ok()) return 1;
  std::vector<double> compile;
  for (int i = 0; i < rounds; ++i) {
    auto start = Steady::now();
    auto program = policy::RegoProgram::FromSources({{argv[4], *module, std::nullopt}},
                                                    rego::RegoVersion::kV1);
    auto engine = program.Instantiate({});
    compile.push_back(Ms(Steady::now() - start));
    if (!engine.ok()) {
      std::fprintf(stderr, "%s\n", engine.error().message().c_str());
      return 1;
    }
  }
  std::sort(compile.begin(), compile.end());
  size_t lines = std::count(module->begin(), module->end(), '\n');
  std::printf("compile a %zu-line module: median %.2f ms, best %.2f ms\n", lines,
              compile[compile.size() / 2], compile.front());
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("peak RSS: %.1f MB\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
  return (b.passed == r.passed) ? 0 : 3;
}
