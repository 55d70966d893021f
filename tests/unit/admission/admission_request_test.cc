// ParseAdmissionRequest: references of every kind and source, patch pointers, and refusals.
#include "admission/admission_request.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace attestfs::admission {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(ATTESTFS_SOURCE_DIR) + "/tests/data/admission/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  auto sub = [&s](const std::string& from, const std::string& to) {
    for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
      s.replace(p, from.size(), to);
  };
  sub("@NS@", "prod");
  sub("@IMAGE@", "reg.example/app:v1");
  sub("@INIT@", "reg.example/init:v1");
  sub("@VOLUME@", "reg.example/weights:v2");
  sub("@EPHEMERAL@", "reg.example/debug:v1");
  sub("@MODELS@", " reg.example/models/a:v1 ,reg.example/models/b@sha256:" + std::string(64, 'a'));
  return s;
}

TEST(AdmissionRequestTest, PodListsEveryReferenceWithItsPointer) {
  auto r = ParseAdmissionRequest(Fixture("pod.json"), "attestfs.dev/models");
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->uid, "705ab4f5-6393-11e8-b7cc-42010a800002");
  EXPECT_EQ(r->kind, "Pod");
  EXPECT_EQ(r->namespace_, "prod");
  EXPECT_EQ(r->operation, "CREATE");
  EXPECT_TRUE(r->understood);
  ASSERT_EQ(r->references.size(), 5u);
  using S = WorkloadReference::Source;
  EXPECT_EQ(r->references[0].source, S::kInitContainer);
  EXPECT_EQ(r->references[0].reference, "reg.example/init:v1");
  EXPECT_EQ(r->references[0].pointer, "/spec/initContainers/0/image");
  EXPECT_EQ(r->references[1].source, S::kContainer);
  EXPECT_EQ(r->references[1].owner, "server");
  EXPECT_EQ(r->references[1].pointer, "/spec/containers/0/image");
  EXPECT_EQ(r->references[2].source, S::kImageVolume);
  EXPECT_EQ(r->references[2].reference, "reg.example/weights:v2");
  EXPECT_EQ(r->references[2].pointer, "/spec/volumes/0/image/reference");
  EXPECT_EQ(r->references[3].source, S::kModel);
  EXPECT_EQ(r->references[3].reference, "reg.example/models/a:v1");
  EXPECT_EQ(r->references[3].pointer, "/metadata/annotations/attestfs.dev~1models");
  EXPECT_EQ(r->references[4].reference, "reg.example/models/b@sha256:" + std::string(64, 'a'));
  EXPECT_EQ(r->pull_secrets, std::vector<std::string>{"regcred"});
}

TEST(AdmissionRequestTest, WorkloadsPointIntoTheirPodTemplate) {
  auto d = ParseAdmissionRequest(Fixture("deployment.json"), "attestfs.dev/models");
  ASSERT_TRUE(d.ok()) << d.error().message();
  ASSERT_EQ(d->references.size(), 3u);
  EXPECT_EQ(d->references[0].pointer, "/spec/template/spec/containers/0/image");
  EXPECT_EQ(d->references[1].pointer, "/spec/template/metadata/annotations/attestfs.dev~1models");
  auto c = ParseAdmissionRequest(Fixture("cronjob.json"), "attestfs.dev/models");
  ASSERT_TRUE(c.ok()) << c.error().message();
  ASSERT_EQ(c->references.size(), 1u);
  EXPECT_EQ(c->references[0].pointer, "/spec/jobTemplate/spec/template/spec/containers/0/image");
}

TEST(AdmissionRequestTest, EphemeralContainersAndOtherKinds) {
  auto e = ParseAdmissionRequest(Fixture("ephemeral.json"), "attestfs.dev/models");
  ASSERT_TRUE(e.ok()) << e.error().message();
  EXPECT_EQ(e->sub_resource, "ephemeralcontainers");
  ASSERT_EQ(e->references.size(), 2u);
  EXPECT_EQ(e->references[1].source, WorkloadReference::Source::kEphemeralContainer);
  EXPECT_EQ(e->references[1].owner, "debugger-x7k2p");
  auto cm = ParseAdmissionRequest(Fixture("configmap.json"), "attestfs.dev/models");
  ASSERT_TRUE(cm.ok());
  EXPECT_FALSE(cm->understood);
  EXPECT_TRUE(cm->references.empty());
}

void ExpectMalformed(const std::string& body, const std::string& words) {
  auto r = ParseAdmissionRequest(body, "attestfs.dev/models");
  ASSERT_FALSE(r.ok()) << body;
  EXPECT_EQ(r.error().code(), Errc::kMalformed);
  EXPECT_NE(r.error().message().find(words), std::string::npos) << r.error().message();
}

TEST(AdmissionRequestTest, RefusalsNameWhatIsWrong) {
  ExpectMalformed("", "empty body");
  ExpectMalformed("{", "not JSON");
  ExpectMalformed("[1]", "not a JSON object");
  ExpectMalformed(std::string(5000, '[') + std::string(5000, ']'), "deep");
  ExpectMalformed(R"({"kind":"Pod","apiVersion":"v1"})", "expected AdmissionReview");
  ExpectMalformed(
      R"({"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1beta1","request":{}})",
      "v1beta1");
  ExpectMalformed(R"({"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1"})", "no request");
  ExpectMalformed(R"({"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{}})",
                  "uid");
  ExpectMalformed(
      R"({"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"u","kind":{"kind":"Pod"},"operation":"CREATE"}})",
      "request.object is missing");
  ExpectMalformed(
      R"({"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"u","kind":{"kind":"Pod"},"operation":"CREATE","object":{"spec":{"containers":[{"image":5}]}}}})",
      "containers[0].image is not a string");
  ExpectMalformed(
      R"({"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"u","kind":{"kind":"Deployment"},"operation":"CREATE","object":{"spec":{"template":[]}}}})",
      "request.object.spec.template is not an object");
}

TEST(AdmissionRequestTest, DeleteHasNothingToVerify) {
  auto r = ParseAdmissionRequest(
      R"({"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"u","kind":{"kind":"Pod"},"operation":"DELETE","object":null}})",
      "attestfs.dev/models");
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_TRUE(r->references.empty());
}

}  // namespace
}  // namespace attestfs::admission
