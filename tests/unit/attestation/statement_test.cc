// In-toto Statement codec: round trip, v0.1 input, CreatedAt, and malformed statements.
#include "attestation/statement.h"

#include <gtest/gtest.h>

namespace attestfs::attestation {
namespace {

Statement Sample() {
  Statement st;
  ResourceDescriptor rd;
  rd.name = "model.safetensors";
  rd.digest["sha256"] = std::string(64, 'a');
  rd.annotations[std::string(kCreatedAnnotation)] = "2026-01-02T03:04:05Z";
  st.subjects.push_back(rd);
  st.predicate_type = std::string(kModelSigningPredicate);
  st.predicate_json = R"({"k":[1,2]})";
  return st;
}

TEST(StatementTest, RoundTripKeepsSubjectsAndPredicate) {
  Statement st = Sample();
  auto parsed = Statement::Parse(st.Serialize());
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  EXPECT_EQ(parsed->type, kStatementV1);
  ASSERT_EQ(parsed->subjects.size(), 1u);
  EXPECT_EQ(parsed->subjects[0].name, "model.safetensors");
  EXPECT_EQ(parsed->subjects[0].digest.at("sha256"), std::string(64, 'a'));
  EXPECT_EQ(parsed->predicate_type, kModelSigningPredicate);
  EXPECT_EQ(parsed->predicate_json, R"({"k":[1,2]})");
  EXPECT_EQ(parsed->Serialize(), st.Serialize());
}

TEST(StatementTest, CreatedAtReadsAnnotation) {
  auto t = Sample().CreatedAt();
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(*t, 1767323045);
  Statement none = Sample();
  none.subjects[0].annotations.clear();
  EXPECT_FALSE(none.CreatedAt().has_value());
}

TEST(StatementTest, AcceptsV01) {
  auto r = Statement::Parse(
      R"({"_type":"https://in-toto.io/Statement/v0.1","subject":[{"name":"a","digest":{"sha256":"00"}}],"predicateType":"p"})");
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->type, kStatementV01);
}

TEST(StatementTest, RejectsMalformedStatements) {
  const char* cases[] = {
      "",
      "[]",
      R"({"subject":[{"digest":{"sha256":"00"}}],"predicateType":"p"})",
      R"({"_type":"https://in-toto.io/Statement/v2","subject":[{"digest":{"sha256":"00"}}],"predicateType":"p"})",
      R"({"_type":"https://in-toto.io/Statement/v1","subject":[],"predicateType":"p"})",
      R"({"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"a"}],"predicateType":"p"})",
      R"({"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{}}],"predicateType":"p"})",
      R"({"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{"sha256":1}}],"predicateType":"p"})",
      R"({"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{"sha256":"00"}}]})",
      R"({"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{"sha256":"00"}}],"predicateType":""})",
      R"({"_type":"https://in-toto.io/Statement/v1","subject":["x"],"predicateType":"p"})",
  };
  for (const char* c : cases) {
    auto r = Statement::Parse(c);
    ASSERT_FALSE(r.ok()) << c;
    EXPECT_EQ(r.error().code(), Errc::kMalformed) << c;
  }
}

TEST(StatementTest, RejectsHugeInput) {
  std::string huge(kMaxDocumentBytes + 1, ' ');
  EXPECT_EQ(Statement::Parse(huge).error().code(), Errc::kTooLarge);
}

TEST(StatementTest, RefusesDeepNestingNamingTheLimit) {
  const std::string deep = R"({"_type":"https://in-toto.io/Statement/v1","predicate":)" +
                           std::string(200, '{') + std::string(200, '}') + "}";
  auto r = Statement::Parse(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kMalformed);
  EXPECT_NE(r.error().message().find("nested deeper than 128 levels"), std::string::npos)
      << r.error().message();
}

}  // namespace
}  // namespace attestfs::attestation
