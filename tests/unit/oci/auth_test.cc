// Tests for challenge parsing, config.json / auth.json lookup and the credential-helper protocol.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "digest/base64.h"
#include "oci/auth/challenge.h"
#include "oci/auth/config_file_credential_store.h"

namespace attestfs::oci::auth {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/afs-oci-auth-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }
  std::string Write(const std::string& name, const std::string& text, unsigned mode = 0644) {
    std::string p = path_ + "/" + name;
    fs::create_directories(fs::path(p).parent_path());
    std::ofstream(p) << text;
    ::chmod(p.c_str(), mode);
    return p;
  }

 private:
  std::string path_;
};

TEST(ChallengeTest, ParsesBearerWithQuotedCommas) {
  auto c = ParseWwwAuthenticate(
      R"(Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:team/app:pull,push",error="insufficient_scope")");
  ASSERT_TRUE(c.ok()) << c.error().message();
  ASSERT_EQ(c->size(), 1u);
  EXPECT_EQ((*c)[0].scheme, "bearer");
  EXPECT_EQ((*c)[0].Param("realm"), "https://auth.example.com/token");
  EXPECT_EQ((*c)[0].Param("scope"), "repository:team/app:pull,push");
  EXPECT_EQ((*c)[0].Param("error"), "insufficient_scope");
}

TEST(ChallengeTest, ParsesSeveralChallengesAndEscapes) {
  auto c = ParseWwwAuthenticate(R"(Basic realm="a \"q\" b", Bearer realm=tok,service=s)");
  ASSERT_TRUE(c.ok()) << c.error().message();
  ASSERT_EQ(c->size(), 2u);
  EXPECT_EQ((*c)[0].scheme, "basic");
  EXPECT_EQ((*c)[0].Param("realm"), "a \"q\" b");
  EXPECT_EQ((*c)[1].Param("service"), "s");
}

TEST(ChallengeTest, RejectsMalformedHeaders) {
  EXPECT_FALSE(ParseWwwAuthenticate("").ok());
  EXPECT_FALSE(ParseWwwAuthenticate(R"(Bearer realm="unterminated)").ok());
  EXPECT_EQ(ParseWwwAuthenticate(std::string(kMaxChallengeHeaderBytes + 1, 'a')).error().code(),
            Errc::kTooLarge);
}

TEST(ConfigFileCredentialStoreTest, ReadsAuthsFromDockerConfigWithUrlKeys) {
  TempDir d;
  std::string cfg = d.Write("config.json", R"({"auths":{"https://reg.example:5000/v1/":{"auth":")" +
                                               digest::Base64Encode("alice:s3:cret") +
                                               R"("},"https://index.docker.io/v1/":{"auth":")" +
                                               digest::Base64Encode("hub:pw") + R"("}}})");
  ConfigFileCredentialStore store({cfg}, "");
  auto c = store.Lookup("reg.example:5000");
  ASSERT_TRUE(c.ok()) << c.error().message();
  EXPECT_EQ(c->username, "alice");
  EXPECT_EQ(c->password, "s3:cret");  // split on the first ':'
  EXPECT_EQ(store.Lookup("docker.io")->username, "hub");
  EXPECT_TRUE(store.Lookup("other.example")->empty());
}

TEST(ConfigFileCredentialStoreTest, FirstFileWithCredentialsWins) {
  TempDir d;
  std::string a = d.Write("containers/auth.json", R"({"auths":{"r.io":{"auth":")" +
                                                      digest::Base64Encode("podman:1") + R"("}}})");
  std::string b = d.Write("docker/config.json", R"({"auths":{"r.io":{"auth":")" +
                                                    digest::Base64Encode("docker:2") + R"("}}})");
  ConfigFileCredentialStore store({d.path() + "/missing.json", a, b}, "");
  EXPECT_EQ(store.Lookup("r.io")->username, "podman");
  AuthFileEnvironment env{"/home/u", "", "/run/user/1", "", ""};
  auto files = DefaultAuthFiles(env);
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0], "/run/user/1/containers/auth.json");
  EXPECT_EQ(files[1], "/home/u/.config/containers/auth.json");
  EXPECT_EQ(files[2], "/home/u/.docker/config.json");
}

TEST(ConfigFileCredentialStoreTest, RejectsMalformedAuthEntries) {
  TempDir d;
  std::string cfg = d.Write("config.json", R"({"auths":{"r.io":{"auth":"bm9jb2xvbg=="}}})");
  ConfigFileCredentialStore store({cfg}, "");
  EXPECT_EQ(store.Lookup("r.io").error().code(), Errc::kMalformed);  // "nocolon"
  std::string bad = d.Write("bad.json", "[1,2");
  ConfigFileCredentialStore store2({bad}, "");
  EXPECT_EQ(store2.Lookup("r.io").error().code(), Errc::kMalformed);
}

TEST(ConfigFileCredentialStoreTest, RunsCredentialHelpersWithTheHelperProtocol) {
  TempDir d;
  // The helper echoes the server address it read from stdin back as the username.
  d.Write("bin/docker-credential-fake",
          "#!/bin/sh\n[ \"$1\" = get ] || exit 3\nread server\n"
          "if [ \"$server\" = missing.io ]; then echo 'credentials not found in native keychain'; "
          "exit 1; fi\n"
          "if [ \"$server\" = token.io ]; then echo "
          "'{\"ServerURL\":\"token.io\",\"Username\":\"<token>\","
          "\"Secret\":\"refresh-1\"}'; exit 0; fi\n"
          "printf '{\"ServerURL\":\"%s\",\"Username\":\"%s\",\"Secret\":\"pw\"}' \"$server\" "
          "\"$server\"\n",
          0755);
  std::string cfg = d.Write(
      "config.json", R"({"credHelpers":{"helped.io":"fake","token.io":"fake"},"credsStore":"fake",)"
                     R"("auths":{"missing.io":{"auth":")" +
                         digest::Base64Encode("fallback:pw") + R"("}}})");
  ConfigFileCredentialStore store({cfg}, d.path() + "/bin");
  auto helped = store.Lookup("helped.io");
  ASSERT_TRUE(helped.ok()) << helped.error().message();
  EXPECT_EQ(helped->username, "helped.io");
  EXPECT_EQ(helped->password, "pw");
  EXPECT_EQ(store.Lookup("docker.io")->username, "https://index.docker.io/v1/");  // credsStore
  EXPECT_EQ(store.Lookup("token.io")->identity_token, "refresh-1");
  EXPECT_EQ(store.Lookup("missing.io")->username, "fallback");  // helper: not found -> auths
  EXPECT_EQ(RunCredentialHelper("absent", "x", d.path() + "/bin").error().code(),
            Errc::kUnauthorized);
  EXPECT_EQ(RunCredentialHelper("../fake", "x", d.path()).error().code(), Errc::kInvalidArgument);
}

}  // namespace
}  // namespace attestfs::oci::auth
