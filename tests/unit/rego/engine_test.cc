// Engine tests: data merging, EvalRef, RuleNames, recompilation, error codes, and the three
// release-team policies (license allowlist over a CycloneDX ML-BOM, signer identity, required
// evidence with a maximum age) in v1 and v0 syntax.
#include "rego/engine.h"

#include <gtest/gtest.h>

#include "rego_test_util.h"

namespace attestfs::rego {
namespace {

Value J(const char* s) { return *Value::ParseJson(s); }

TEST(RegoEngineTest, DataAtPathsAndEvalRef) {
  Engine e;
  ASSERT_TRUE(e.AddData(J(R"({"x": 1})"), "cfg.a").ok());
  ASSERT_TRUE(e.AddData(J(R"({"y": 2})"), "cfg").ok());
  ASSERT_TRUE(e.AddModule("p.rego", "package cfg\nsum := data.cfg.a.x + data.cfg.y\n").ok());
  ASSERT_TRUE(e.Compile().ok());
  auto v = e.EvalRef("data.cfg.sum");
  ASSERT_TRUE(v.ok()) << v.error().message();
  ASSERT_TRUE(v->has_value());
  EXPECT_EQ((*v)->ToJson(), "3");
  auto u = e.EvalRef("data.cfg.nope");
  ASSERT_TRUE(u.ok());
  EXPECT_FALSE(u->has_value());
  EXPECT_FALSE(e.AddData(J("[1]")).ok());
}

TEST(RegoEngineTest, RuleNamesAreSortedAndUnique) {
  Engine e;
  ASSERT_TRUE(
      e.AddModule("t.rego", "package pkg\ntest_a if true\ntest_a if false\nb := 1\nc.d := 2\n")
          .ok());
  EXPECT_EQ(e.RuleNames(),
            (std::vector<std::string>{"data.pkg.b", "data.pkg.c.d", "data.pkg.test_a"}));
}

TEST(RegoEngineTest, AddModuleAfterCompileRecompiles) {
  Engine e;
  ASSERT_TRUE(e.AddModule("a.rego", "package a\np := 1\n").ok());
  ASSERT_TRUE(e.Compile().ok());
  ASSERT_TRUE(e.Compile().ok());
  ASSERT_TRUE(e.AddModule("b.rego", "package b\nq := data.a.p + 1\n").ok());
  auto v = e.EvalRef("data.b.q");
  ASSERT_TRUE(v.ok()) << v.error().message();
  EXPECT_EQ((*v)->ToJson(), "2");
}

TEST(RegoEngineTest, ErrorsCarryCodesAndErrc) {
  Engine e;
  auto st = e.AddModule("bad.rego", "package a\np if {\n");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(RegoErrorCode(st.error()), "rego_parse_error");
  EXPECT_EQ(st.error().code(), Errc::kInvalidArgument);
  Engine e2;
  ASSERT_TRUE(e2.AddModule("c.rego", "package a\np := 1\np := 2\n").ok());
  auto r = e2.Query("x := data.a.p");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(RegoErrorCode(r.error()), "eval_conflict_error");
  EXPECT_EQ(r.error().code(), Errc::kMalformed);
  EXPECT_EQ(RegoErrorCode(Error(Errc::kInternal, "plain")), "");
}

TEST(RegoEngineTest, VersionPerModule) {
  Engine e;
  ASSERT_TRUE(e.AddModule("v0.rego", "package a\np[x] { x := 1 }\n", RegoVersion::kV0).ok());
  ASSERT_TRUE(e.AddModule("v1.rego", "package b\nq contains x if { x := 2 }\n").ok());
  auto r = e.Query("x := data.a.p; y := data.b.q");
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(regotest::Rows(*r), "x=[1] y=[2]");
  EngineOptions o;
  o.default_version = RegoVersion::kV0;
  Engine e3(o);
  EXPECT_TRUE(e3.AddModule("v0.rego", "package a\np { true }\n").ok());
  EXPECT_FALSE(e3.AddModule("v1.rego", "package a\np { true }\n", RegoVersion::kV1).ok());
}

const char* kLicenseV1 = R"(package release.license
import rego.v1

default allow := false

allowed := {"MIT", "Apache-2.0", "BSD-3-Clause"}

violations contains sprintf("%s uses %s", [c.name, id]) if {
  some c in input.evidence.predicate.bom.components
  some l in c.licenses
  id := l.license.id
  not id in allowed
}

allow if count(violations) == 0
)";

const char* kLicenseV0 = R"(package release.license
import future.keywords.in

default allow = false

allowed = {"MIT", "Apache-2.0", "BSD-3-Clause"}

violations[msg] {
  c := input.evidence.predicate.bom.components[_]
  id := c.licenses[_].license.id
  not allowed[id]
  msg := sprintf("%s uses %s", [c.name, id])
}

allow { count(violations) == 0 }
)";

const char* kBom = R"({"evidence": {"predicate": {"bom": {"components": [
  {"name": "model", "licenses": [{"license": {"id": "Apache-2.0"}}]},
  {"name": "tok", "licenses": [{"license": {"id": "GPL-3.0"}}]}]}}}})";

TEST(RegoPolicyTest, LicenseAllowlistBothDialects) {
  for (auto [src, v] :
       {std::pair{kLicenseV1, RegoVersion::kV1}, std::pair{kLicenseV0, RegoVersion::kV0}}) {
    EXPECT_EQ(
        regotest::RunRego(
            src, "a := data.release.license.allow; v := data.release.license.violations", v, kBom),
        "a=false v=[\"tok uses GPL-3.0\"]");
  }
}

TEST(RegoPolicyTest, SignerIdentity) {
  const char* v1 = R"(package release.signer
default allow := false
trusted_keys := {"key-1"}
allow if input.signer.key_id in trusted_keys
allow if {
  input.signer.issuer == "https://token.actions.githubusercontent.com"
  some san in input.signer.sans
  startswith(san, "https://github.com/acme/")
}
)";
  const char* v0 = R"(package release.signer
default allow = false
trusted_keys = {"key-1"}
allow { trusted_keys[input.signer.key_id] }
allow {
  input.signer.issuer == "https://token.actions.githubusercontent.com"
  san := input.signer.sans[_]
  startswith(san, "https://github.com/acme/")
}
)";
  const char* keyless =
      R"({"signer": {"issuer": "https://token.actions.githubusercontent.com", "sans": ["https://github.com/acme/m/.github/workflows/r.yml@refs/heads/main"]}})";
  const char* other = R"({"signer": {"key_id": "key-2"}})";
  for (auto [src, v] : {std::pair{v1, RegoVersion::kV1}, std::pair{v0, RegoVersion::kV0}}) {
    EXPECT_EQ(regotest::RunRego(src, "a := data.release.signer.allow", v, keyless), "a=true");
    EXPECT_EQ(regotest::RunRego(src, "a := data.release.signer.allow", v, other), "a=false");
    EXPECT_EQ(regotest::RunRego(src, "a := data.release.signer.allow", v,
                                R"({"signer": {"key_id": "key-1"}})"),
              "a=true");
  }
}

TEST(RegoPolicyTest, RequiredEvidenceWithMaxAge) {
  const char* v1 = R"(package release.evidence
required := {"https://cyclonedx.org/bom", "https://slsa.dev/provenance/v1"}
max_age_ns := 7 * 24 * 3600 * 1000000000
present contains a.predicateType if {
  some a in input.attestations
  input.now_ns - a.created_ns <= max_age_ns
}
missing := required - present
allow if count(missing) == 0
)";
  const char* v0 = R"(package release.evidence
required = {"https://cyclonedx.org/bom", "https://slsa.dev/provenance/v1"}
max_age_ns = 7 * 24 * 3600 * 1000000000
present[t] {
  a := input.attestations[_]
  input.now_ns - a.created_ns <= max_age_ns
  t := a.predicateType
}
missing = required - present
allow { count(missing) == 0 }
)";
  const char* in = R"({"now_ns": 1000000000000000000, "attestations": [
    {"predicateType": "https://cyclonedx.org/bom", "created_ns": 999999000000000000},
    {"predicateType": "https://slsa.dev/provenance/v1", "created_ns": 1}]})";
  for (auto [src, v] : {std::pair{v1, RegoVersion::kV1}, std::pair{v0, RegoVersion::kV0}}) {
    EXPECT_EQ(regotest::RunRego(src, "m := data.release.evidence.missing; a := count(m)", v, in),
              "a=1 m=[\"https://slsa.dev/provenance/v1\"]");
  }
}

}  // namespace
}  // namespace attestfs::rego

namespace attestfs::rego {
namespace {

// The shape of a valint-style v0 policy (not a copy of any catalog file): a helper package
// imported under an alias, a set of violation objects, and a `verify` result object.
TEST(RegoPolicyTest, ValintStyleV0PolicyWithHelperPackage) {
  const char* helper = R"(package scribe
import future.keywords.in
get_asset_data(i) = d {
  d := i.evidence.predicate.bom
}
)";
  const char* policy = R"(package verify
import future.keywords.in
import data.scribe as scribe

default allow = false

banned := input.config.args.banned

violation[{"component": c.name, "license": id}] {
  bom := scribe.get_asset_data(input)
  some c in bom.components
  some l in c.licenses
  id := l.license.id
  id in banned
}

allow {
  count(violation) == 0
}

verify = v {
  v := {
    "allow": allow,
    "violation": {"type": "Banned licenses", "details": violation},
    "summary": [{"allow": allow, "reason": sprintf("%d banned", [count(violation)])}],
  }
}
)";
  Engine e(EngineOptions{.default_version = RegoVersion::kV0});
  ASSERT_TRUE(e.AddModule("scribe.rego", helper).ok());
  ASSERT_TRUE(e.AddModule("policy.rego", policy).ok());
  e.SetInput(J(R"({"config": {"args": {"banned": ["GPL-3.0"]}},
                   "evidence": {"predicate": {"bom": {"components": [
                     {"name": "a", "licenses": [{"license": {"id": "MIT"}}]},
                     {"name": "b", "licenses": [{"license": {"id": "GPL-3.0"}}]}]}}}})"));
  auto v = e.EvalRef("data.verify.verify");
  ASSERT_TRUE(v.ok()) << v.error().message();
  ASSERT_TRUE(v->has_value());
  EXPECT_EQ(
      (*v)->ToJson(),
      R"({"allow":false,"summary":[{"allow":false,"reason":"1 banned"}],)"
      R"("violation":{"details":[{"component":"b","license":"GPL-3.0"}],"type":"Banned licenses"}})");
}

}  // namespace
}  // namespace attestfs::rego
