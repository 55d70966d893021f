// Test helpers shared by the registry tests: a client stack (curl -> auth -> registry client)
// for a backend, shared docker-registry processes (started once per kind, stopped at exit by
// a gtest Environment), and a temp directory.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "fakes/oci/registry_backend.h"
#include "oci/http/curl_http_client.h"
#include "oci/reference.h"
#include "oci/registry_client.h"

namespace attestfs::oci::testing {

class BackendPool : public ::testing::Environment {
 public:
  static BackendPool& Get() {
    static BackendPool* pool = [] {
      auto* p = new BackendPool();
      ::testing::AddGlobalTestEnvironment(p);  // gtest owns it; TearDown stops the processes
      return p;
    }();
    return *pool;
  }
  // Fake kinds: a fresh instance each call. Docker kinds: shared, started on first use.
  RegistryBackend* Acquire(BackendKind kind, std::string* skip) {
    bool fake = kind == BackendKind::kFake || kind == BackendKind::kFakeReferrersApi ||
                kind == BackendKind::kFakeBasic || kind == BackendKind::kFakeBearer;
    if (fake) {
      fresh_ = MakeBackend(kind, ATTESTFS_SOURCE_DIR, skip);
      return fresh_.get();
    }
    auto it = shared_.find(kind);
    if (it != shared_.end()) {
      if (!it->second) *skip = reasons_[kind];
      return it->second.get();
    }
    auto b = MakeBackend(kind, ATTESTFS_SOURCE_DIR, skip);
    reasons_[kind] = *skip;
    return (shared_[kind] = std::move(b)).get();
  }
  void TearDown() override {
    shared_.clear();
    fresh_.reset();
  }

 private:
  std::map<BackendKind, std::unique_ptr<RegistryBackend>> shared_;
  std::map<BackendKind, std::string> reasons_;
  std::unique_ptr<RegistryBackend> fresh_;
};

// A client stack for one backend.
struct ClientStack {
  explicit ClientStack(RegistryBackend& b, http::HttpClientOptions http_options = FastHttp(),
                       RegistryOptions reg_options = {})
      : http(WithCa(http_options, b.ca_file())),
        creds(b.credential()),
        registry(http, &creds, WithPlain(reg_options, b.plain_http())) {}

  static http::HttpClientOptions FastHttp() {
    http::HttpClientOptions o;
    o.initial_backoff = std::chrono::milliseconds(1);
    o.max_backoff = std::chrono::milliseconds(5);
    o.stall_timeout = std::chrono::seconds(2);
    o.max_attempts = 3;
    return o;
  }
  static http::HttpClientOptions WithCa(http::HttpClientOptions o, const std::string& ca) {
    o.ca_file = ca;
    return o;
  }
  static RegistryOptions WithPlain(RegistryOptions o, bool plain) {
    o.plain_http = plain;
    return o;
  }

  http::CurlHttpClient http;
  auth::StaticCredentialStore creds;
  RegistryClient registry;
};

inline Reference RepoRef(RegistryBackend& b, const std::string& repo, const std::string& tag = "") {
  auto r = Reference::Parse(b.host() + "/" + repo + (tag.empty() ? "" : ":" + tag));
  EXPECT_TRUE(r.ok()) << r.error().message();
  return *r;
}

// Lowercase repository name derived from the running test (unique per test and parameter).
inline std::string TestRepo(const std::string& prefix) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = prefix + "/" + info->name();
  std::string out;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (c == '/') {
      out.push_back('/');
    } else if (!out.empty() && out.back() != '-' && out.back() != '/') {
      out.push_back('-');
    }
  }
  while (!out.empty() && (out.back() == '-' || out.back() == '/')) out.pop_back();
  return out;
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/afs-oci-test-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Acquires a backend or skips (missing peers) / fails (peers present but broken, or
// ATTESTFS_REQUIRE_INTEROP=1).
#define AFS_ACQUIRE_BACKEND(var, kind)                                                   \
  std::string afs_skip_reason;                                                           \
  RegistryBackend* var = BackendPool::Get().Acquire(kind, &afs_skip_reason);             \
  if (!var) {                                                                            \
    if (InteropRequired() || afs_skip_reason.find("not installed") == std::string::npos) \
      FAIL() << afs_skip_reason;                                                         \
    GTEST_SKIP() << afs_skip_reason;                                                     \
  }

}  // namespace attestfs::oci::testing
