// Interop with real peers: envelopes checked by securesystemslib (tests/interop/dsse_verify.py
// under /usr/bin/python3) and bundles checked by @sigstore/verify (tests/interop/verify-bundle.js).
// A missing peer skips with a reason, unless ATTESTFS_REQUIRE_INTEROP=1 makes it a failure.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "attestation/dsse_envelope.h"
#include "attestation/sigstore_bundle.h"
#include "attestation/statement.h"
#include "digest/base64.h"
#include "keys/certificate_chain.h"
#include "keys/private_key.h"
#include "keys/signer.h"
#include "keys/trust_policy.h"
#include "unit/keys/test_pki.h"

namespace attestfs::attestation {
namespace {

namespace fs = std::filesystem;
using keys::KeyType;

const std::string kInteropDir = std::string(ATTESTFS_SOURCE_DIR) + "/tests/interop";

struct RunResult {
  int exit_code = -1;
  std::string output;  // stdout + stderr
};

// fork/exec without a shell; the child's stdout and stderr go to one pipe.
RunResult RunPeer(const std::vector<std::string>& argv) {
  RunResult r;
  int fds[2];
  if (pipe(fds) != 0) return r;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(fds[1]);
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof(buf))) > 0) r.output.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status);
  }
  return r;
}

bool RequireInterop() {
  const char* v = std::getenv("ATTESTFS_REQUIRE_INTEROP");
  return v != nullptr && std::string(v) == "1";
}

// Empty when the peer is usable, else why not.
std::string PythonPeerMissing() {
  if (!fs::exists("/usr/bin/python3")) return "/usr/bin/python3 not found";
  RunResult r = RunPeer({"/usr/bin/python3", "-c", "import securesystemslib.signer, cryptography"});
  if (r.exit_code != 0) {
    return "securesystemslib not importable under /usr/bin/python3 (apt-get install "
           "python3-securesystemslib): " +
           r.output;
  }
  return "";
}

std::string NodePeerMissing() {
  if (!fs::exists(kInteropDir + "/node_modules/@sigstore/verify")) {
    return kInteropDir + "/node_modules is missing (run npm ci in tests/interop)";
  }
  if (RunPeer({"node", "--version"}).exit_code != 0) return "node not found in PATH";
  return "";
}

#define AFS_REQUIRE_PEER(missing_expr)                                               \
  do {                                                                               \
    std::string afs_missing = (missing_expr);                                        \
    if (!afs_missing.empty()) {                                                      \
      if (RequireInterop()) FAIL() << "ATTESTFS_REQUIRE_INTEROP=1: " << afs_missing; \
      GTEST_SKIP() << afs_missing;                                                   \
    }                                                                                \
  } while (0)

class TempDir {
 public:
  TempDir() {
    std::string tmpl = fs::temp_directory_path().string() + "/afs-interop-XXXXXX";
    char* p = mkdtemp(tmpl.data());
    path_ = p != nullptr ? p : "";
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  std::string Write(const std::string& name, const std::string& data) const {
    std::string p = path_ + "/" + name;
    std::ofstream(p, std::ios::binary) << data;
    return p;
  }

 private:
  std::string path_;
};

std::string SampleStatement() {
  Statement st;
  ResourceDescriptor rd;
  rd.name = "model.safetensors";
  rd.digest["sha256"] = std::string(64, 'e');
  st.subjects.push_back(rd);
  st.predicate_type = std::string(kModelSigningPredicate);
  return st.Serialize();
}

std::string KeyName(const ::testing::TestParamInfo<KeyType>& info) {
  std::string n(keys::KeyTypeName(info.param));
  for (char& c : n) c = (c == '-') ? '_' : c;
  return n;
}

class DsseInteropTest : public ::testing::TestWithParam<KeyType> {};

TEST_P(DsseInteropTest, SecuresystemslibVerifiesOurEnvelopeAndRejectsTampering) {
  AFS_REQUIRE_PEER(PythonPeerMissing());
  auto key = keys::PrivateKey::Generate(GetParam());
  ASSERT_TRUE(key.ok());
  std::string pub_pem = key->Public().ToPem();
  keys::KeySigner signer(std::move(key).value());
  auto env = DsseEnvelope::Sign(kInTotoPayloadType, SampleStatement(), signer);
  ASSERT_TRUE(env.ok());
  TempDir dir;
  std::string pub = dir.Write("key.pub", pub_pem);
  std::string script = kInteropDir + "/dsse_verify.py";
  std::string type(kInTotoPayloadType);

  RunResult good =
      RunPeer({"/usr/bin/python3", script, dir.Write("good.json", env->Serialize()), pub, type});
  EXPECT_EQ(good.exit_code, 0) << good.output;
  EXPECT_EQ(good.output, "OK\n");

  DsseEnvelope tampered = *env;
  tampered.payload[tampered.payload.size() / 2] ^= 0x01;
  RunResult bad =
      RunPeer({"/usr/bin/python3", script, dir.Write("bad.json", tampered.Serialize()), pub, type});
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_EQ(bad.output, "FAIL\n");

  RunResult wrong_type =
      RunPeer({"/usr/bin/python3", script, dir.Write("good2.json", env->Serialize()), pub,
               "application/vnd.in-toto.other+json"});
  EXPECT_EQ(wrong_type.exit_code, 1) << wrong_type.output;
}

INSTANTIATE_TEST_SUITE_P(AllKeyTypes, DsseInteropTest,
                         ::testing::Values(KeyType::kEcdsaP256, KeyType::kEcdsaP384,
                                           KeyType::kEd25519, KeyType::kRsa3072),
                         KeyName);

class BundleInteropTest : public ::testing::TestWithParam<KeyType> {};

TEST_P(BundleInteropTest, SigstoreVerifyAcceptsOurBundleAndRejectsTampering) {
  AFS_REQUIRE_PEER(NodePeerMissing());
  auto key = keys::PrivateKey::Generate(GetParam());
  ASSERT_TRUE(key.ok());
  std::string pub_pem = key->Public().ToPem();
  keys::KeySigner signer(std::move(key).value());
  auto bundle = SigstoreBundle::Sign(kInTotoPayloadType, SampleStatement(), signer);
  ASSERT_TRUE(bundle.ok());
  TempDir dir;
  std::string pub = dir.Write("key.pub", pub_pem);
  std::string script = kInteropDir + "/verify-bundle.js";

  RunResult good =
      RunPeer({"node", script, dir.Write("good.sigstore.json", bundle->Serialize()), pub});
  EXPECT_EQ(good.exit_code, 0) << good.output;
  EXPECT_EQ(good.output.rfind("OK ", 0), 0u) << good.output;

  SigstoreBundle tampered = *bundle;
  tampered.envelope.payload[tampered.envelope.payload.size() / 2] ^= 0x01;
  RunResult bad =
      RunPeer({"node", script, dir.Write("bad.sigstore.json", tampered.Serialize()), pub});
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_NE(bad.output.find("FAIL"), std::string::npos) << bad.output;

  auto other = keys::PrivateKey::Generate(GetParam());
  ASSERT_TRUE(other.ok());
  std::string other_pub = dir.Write("other.pub", other->Public().ToPem());
  RunResult wrong =
      RunPeer({"node", script, dir.Write("good2.sigstore.json", bundle->Serialize()), other_pub});
  EXPECT_EQ(wrong.exit_code, 1) << wrong.output;
}

INSTANTIATE_TEST_SUITE_P(PublicKeyBundles, BundleInteropTest,
                         ::testing::Values(KeyType::kEcdsaP256, KeyType::kEd25519), KeyName);

// Certificate bundles: @sigstore/bundle must accept our shapes (leaf + intermediate as a
// v0.2 x509CertificateChain, a lone leaf as v0.3 "certificate") and, as a control, reject a
// v0.3 bundle that carries a chain.
TEST(BundleShapeInteropTest, SigstoreBundleAcceptsOurCertificateBundles) {
  AFS_REQUIRE_PEER(NodePeerMissing());
  auto key = keys::PrivateKey::Generate(KeyType::kEcdsaP256);
  ASSERT_TRUE(key.ok());
  auto pki = testing::MakeTestPki(*key->ToPem(std::nullopt), "release-bot", "release@example.com");
  auto key_pem = key->ToPem(std::nullopt);
  ASSERT_TRUE(key_pem.ok());
  auto chain = keys::CertificateChain::FromPem(pki.chain_pem);
  auto leaf = keys::CertificateChain::FromPem(pki.leaf_pem);
  ASSERT_TRUE(chain.ok() && leaf.ok());
  auto chain_signer = keys::KeySigner::Create(std::move(key).value(), std::move(chain).value());
  ASSERT_TRUE(chain_signer.ok());
  auto leaf_signer = keys::KeySigner::Create(
      keys::PrivateKey::FromPem(*key_pem, std::nullopt).value(), std::move(leaf).value());
  ASSERT_TRUE(leaf_signer.ok());
  auto chain_bundle = SigstoreBundle::Sign(kInTotoPayloadType, SampleStatement(), *chain_signer);
  auto leaf_bundle = SigstoreBundle::Sign(kInTotoPayloadType, SampleStatement(), *leaf_signer);
  ASSERT_TRUE(chain_bundle.ok() && leaf_bundle.ok());
  TempDir dir;
  std::string script = kInteropDir + "/verify-bundle.js";

  RunResult c = RunPeer(
      {"node", script, "--check-shape", dir.Write("chain.json", chain_bundle->Serialize())});
  EXPECT_EQ(c.exit_code, 0) << c.output;
  EXPECT_EQ(c.output, "OK x509CertificateChain\n");
  RunResult l =
      RunPeer({"node", script, "--check-shape", dir.Write("leaf.json", leaf_bundle->Serialize())});
  EXPECT_EQ(l.exit_code, 0) << l.output;
  EXPECT_EQ(l.output, "OK certificate\n");

  SigstoreBundle forced = *chain_bundle;
  forced.media_type = std::string(kBundleMediaTypeV03);
  RunResult f =
      RunPeer({"node", script, "--check-shape", dir.Write("forced.json", forced.Serialize())});
  EXPECT_EQ(f.exit_code, 1) << f.output;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Reverse direction: securesystemslib generates the key and signs; we parse and verify.
class DsseFromPeerTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DsseFromPeerTest, WeVerifySecuresystemslibEnvelope) {
  AFS_REQUIRE_PEER(PythonPeerMissing());
  TempDir dir;
  std::string payload = dir.Write("statement.json", SampleStatement());
  std::string env_path = dir.Write("env.json", ""), pub_path = dir.Write("key.pub", "");
  RunResult r = RunPeer({"/usr/bin/python3", kInteropDir + "/dsse_sign.py", GetParam(), payload,
                         std::string(kInTotoPayloadType), env_path, pub_path});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto pub = keys::PublicKey::FromPem(ReadAll(pub_path));
  ASSERT_TRUE(pub.ok()) << pub.error().message();
  auto env = DsseEnvelope::Parse(ReadAll(env_path));
  ASSERT_TRUE(env.ok()) << env.error().message();
  EXPECT_EQ(env->payload, SampleStatement());
  keys::KeyTrustPolicy trust({*pub});
  auto id = env->Verify(trust, {});
  EXPECT_TRUE(id.ok()) << id.error().message();
  DsseEnvelope tampered = *env;
  tampered.payload += " ";
  EXPECT_FALSE(tampered.Verify(trust, {}).ok());
}

INSTANTIATE_TEST_SUITE_P(SslibKeys, DsseFromPeerTest, ::testing::Values("ecdsa", "ed25519"));

// Reverse direction: Node's crypto signs a sigstore-js shaped bundle; we parse and verify.
class BundleFromPeerTest : public ::testing::TestWithParam<KeyType> {};

TEST_P(BundleFromPeerTest, WeVerifyNodeMadeBundle) {
  AFS_REQUIRE_PEER(NodePeerMissing());
  auto key = keys::PrivateKey::Generate(GetParam());
  ASSERT_TRUE(key.ok());
  auto pem = key->ToPem(std::nullopt);
  ASSERT_TRUE(pem.ok());
  TempDir dir;
  std::string out = dir.Write("bundle.json", "");
  RunResult r = RunPeer({"node", kInteropDir + "/make-bundle.js", dir.Write("key.pem", *pem),
                         dir.Write("statement.json", SampleStatement()),
                         std::string(kInTotoPayloadType), out});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto bundle = SigstoreBundle::Parse(ReadAll(out));
  ASSERT_TRUE(bundle.ok()) << bundle.error().message();
  EXPECT_EQ(bundle->material.key_hint, key->Public().KeyId());  // same RFC 6962 key id
  keys::KeyTrustPolicy trust({key->Public()});
  auto id = bundle->Verify(trust);
  EXPECT_TRUE(id.ok()) << id.error().message();
  SigstoreBundle tampered = *bundle;
  tampered.envelope.payload_type = "application/vnd.in-toto.x+json";
  EXPECT_FALSE(tampered.Verify(trust).ok());
}

INSTANTIATE_TEST_SUITE_P(PublicKeyBundles, BundleFromPeerTest,
                         ::testing::Values(KeyType::kEcdsaP256, KeyType::kEd25519), KeyName);

}  // namespace
}  // namespace attestfs::attestation
