// ReviewHandler without a registry: unmatched and skipped references, limits, metrics, and the
// shape of the answer (uid, status, audit annotations).
#include "admission/review_handler.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace attestfs::admission {
namespace {

std::string Pod(const std::vector<std::string>& images, const std::string& op = "CREATE") {
  nlohmann::json containers = nlohmann::json::array();
  for (size_t i = 0; i < images.size(); ++i) {
    containers.push_back({{"name", "c" + std::to_string(i)}, {"image", images[i]}});
  }
  nlohmann::json review = {
      {"apiVersion", "admission.k8s.io/v1"},
      {"kind", "AdmissionReview"},
      {"request",
       {{"uid", "uid-1"},
        {"kind", {{"group", ""}, {"version", "v1"}, {"kind", "Pod"}}},
        {"namespace", "prod"},
        {"operation", op},
        {"object", {{"metadata", {{"name", "p"}}}, {"spec", {{"containers", containers}}}}}}}};
  return review.dump();
}

struct Fixture {
  AdmissionConfig config;
  AdmissionMetrics metrics;
  std::unique_ptr<ReferenceChecker> checker;
  std::unique_ptr<ReviewHandler> handler;
  explicit Fixture(bool deny_unmatched = true) {
    AdmissionRule skip;
    skip.name = "system";
    skip.images = {"registry.k8s.io/**"};
    skip.mode = RuleMode::kSkip;
    config.rules = {skip};
    config.deny_unmatched = deny_unmatched;
    config.max_references = 10;
    config.path = "admission.yaml";
    auto c = ReferenceChecker::Create(config, &metrics);
    EXPECT_TRUE(c.ok()) << c.error().message();
    checker = std::move(*c);
    handler = std::make_unique<ReviewHandler>(config, *checker, metrics);
  }
  nlohmann::json Answer(const std::string& body, bool mutate = false) {
    HttpAnswer a = handler->Handle(body, mutate);
    EXPECT_EQ(a.status, 200) << a.body;
    return nlohmann::json::parse(a.body)["response"];
  }
};

TEST(ReviewHandlerTest, SkippedImagesAreAllowed) {
  Fixture f;
  auto r = f.Answer(Pod({"registry.k8s.io/pause:3.9"}));
  EXPECT_EQ(r["uid"], "uid-1");
  EXPECT_TRUE(r["allowed"].get<bool>());
  EXPECT_EQ(r["auditAnnotations"]["decision"], "allowed");
  EXPECT_FALSE(r.contains("patch"));
}

TEST(ReviewHandlerTest, UnmatchedImagesAreDeniedNamingTheContainer) {
  Fixture f;
  auto r = f.Answer(Pod({"registry.k8s.io/pause:3.9", "docker.io/library/nginx:1.27"}));
  EXPECT_FALSE(r["allowed"].get<bool>());
  EXPECT_EQ(r["status"]["code"], 403);
  const std::string msg = r["status"]["message"];
  EXPECT_NE(msg.find("denied 1 of 2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("container c1 (docker.io/library/nginx:1.27)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("no rule"), std::string::npos) << msg;
  EXPECT_EQ(
      f.metrics.reviews(AdmissionMetrics::Endpoint::kValidate, AdmissionMetrics::Result::kDenied),
      1u);
}

TEST(ReviewHandlerTest, UnmatchedAllowWhenConfigured) {
  Fixture f(/*deny_unmatched=*/false);
  EXPECT_TRUE(f.Answer(Pod({"docker.io/library/nginx:1.27"}))["allowed"].get<bool>());
}

TEST(ReviewHandlerTest, BadReferencesAndLimits) {
  Fixture f;
  auto bad = f.Answer(Pod({"UPPER/Case:tag"}));
  EXPECT_FALSE(bad["allowed"].get<bool>());
  EXPECT_NE(bad["status"]["message"].get<std::string>().find("not a valid reference"),
            std::string::npos);
  std::vector<std::string> many(11, "registry.k8s.io/pause:3.9");
  auto over = f.Answer(Pod(many));
  EXPECT_FALSE(over["allowed"].get<bool>());
  EXPECT_NE(over["status"]["message"].get<std::string>().find("over the limit of 10"),
            std::string::npos);
}

TEST(ReviewHandlerTest, DeletesAndMalformedBodies) {
  Fixture f;
  EXPECT_TRUE(f.Answer(Pod({"docker.io/x:1"}, "DELETE"))["allowed"].get<bool>());
  HttpAnswer a = f.handler->Handle("{nope", false);
  EXPECT_EQ(a.status, 400);
  EXPECT_NE(a.body.find("not JSON"), std::string::npos);
  EXPECT_EQ(f.metrics.reviews(AdmissionMetrics::Endpoint::kValidate,
                              AdmissionMetrics::Result::kBadRequest),
            1u);
  const std::string text = f.metrics.Render();
  EXPECT_NE(
      text.find("attestfs_admission_reviews_total{endpoint=\"validate\",result=\"bad_request\"} 1"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("# TYPE attestfs_admission_review_duration_seconds histogram"),
            std::string::npos);
}

}  // namespace
}  // namespace attestfs::admission
