// crypto.x509.parse_certificates over a self-signed P-256 certificate (generated with
// `openssl req -x509`: CN builtins.example, SANs DNS/IP/URI/email, codeSigning, serial 4660).
#include "builtins_test_util.h"

namespace attestfs::rego::testing {
namespace {

constexpr const char* kPem =
    "-----BEGIN CERTIFICATE-----\n"
    "MIICPTCCAeOgAwIBAgICEjQwCgYIKoZIzj0EAwIwQDELMAkGA1UEBhMCU0UxFjAU\n"
    "BgNVBAoMDWF0dGVzdGZzIHRlc3QxGTAXBgNVBAMMEGJ1aWx0aW5zLmV4YW1wbGUw\n"
    "HhcNMjYxMjA2MDYyMDAxWhcNMzYxMjAzMDYyMDAxWjBAMQswCQYDVQQGEwJTRTEW\n"
    "MBQGA1UECgwNYXR0ZXN0ZnMgdGVzdDEZMBcGA1UEAwwQYnVpbHRpbnMuZXhhbXBs\n"
    "ZTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABPD+4+k8qe7RqElULRfSP8XkYNhd\n"
    "SDgrcIHfvLS1Fa1OGirBBbhuFVrMgNmfJBib+NsaDtlLisFH7jIslMmSp1ujgcww\n"
    "gckwHQYDVR0OBBYEFC3uPCLIB9PehJrpEL0A2NIPw6q9MB8GA1UdIwQYMBaAFC3u\n"
    "PCLIB9PehJrpEL0A2NIPw6q9MA8GA1UdEwEB/wQFMAMBAf8wUQYDVR0RBEowSIIJ\n"
    "YS5leGFtcGxlggliLmV4YW1wbGWHBAoAAAGGGXNwaWZmZTovL2V4YW1wbGUub3Jn\n"
    "L25zL3iBD29wc0BleGFtcGxlLm9yZzATBgNVHSUEDDAKBggrBgEFBQcDAzAOBgNV\n"
    "HQ8BAf8EBAMCB4AwCgYIKoZIzj0EAwIDSAAwRQIhAMIHb1ZY5Zqd3c3W2s8FrEP5\n"
    "uozvqXwcHN5zrZfaXMklAiB1WncmSxpJVSJQKmAMJOpndBFVUxo4fLi0QdOnLsnQ\n"
    "wg==\n"
    "-----END CERTIFICATE-----\n";

class X509Test : public BuiltinsTest {};

TEST_F(X509Test, ParsesPemIntoGoShape) {
  BuiltinResult r = Call("crypto.x509.parse_certificates", {S(kPem)});
  ASSERT_TRUE(r.has_value()) << r.message();
  ASSERT_EQ(r.value().array().size(), 1u);
  const Value& c = r.value().array()[0];
  auto get = [&](const std::string& k) {
    return c.Get(S(k)) ? c.Get(S(k))->ToJson() : "<missing>";
  };
  EXPECT_EQ(get("SerialNumber"), "4660");
  EXPECT_EQ(get("Version"), "3");
  EXPECT_EQ(get("SignatureAlgorithm"), "10");  // ECDSAWithSHA256
  EXPECT_EQ(get("PublicKeyAlgorithm"), "3");   // ECDSA
  EXPECT_EQ(get("DNSNames"), R"(["a.example","b.example"])");
  EXPECT_EQ(get("IPAddresses"), R"(["10.0.0.1"])");
  EXPECT_EQ(get("EmailAddresses"), R"(["ops@example.org"])");
  EXPECT_EQ(get("ExtKeyUsage"), "[3]");
  EXPECT_EQ(get("KeyUsage"), "1");
  EXPECT_EQ(get("NotBefore"), R"("2026-12-06T06:20:01Z")");
  const Value* subject = c.Get(S("Subject"));
  ASSERT_NE(subject, nullptr);
  EXPECT_EQ(subject->Get(S("CommonName"))->ToJson(), R"("builtins.example")");
  EXPECT_EQ(subject->Get(S("Organization"))->ToJson(), R"(["attestfs test"])");
  EXPECT_EQ(subject->Get(S("Names"))->array().size(), 3u);
  const Value* uris = c.Get(S("URIs"));
  ASSERT_NE(uris, nullptr);
  EXPECT_EQ(uris->array()[0].Get(S("Scheme"))->ToJson(), R"("spiffe")");
  EXPECT_EQ(uris->array()[0].Get(S("Host"))->ToJson(), R"("example.org")");
  EXPECT_EQ(uris->array()[0].Get(S("Path"))->ToJson(), R"("/ns/x")");
}

TEST_F(X509Test, AcceptsBase64DerAndBase64PemAndRejectsGarbage) {
  BuiltinResult pem = Call("crypto.x509.parse_certificates", {S(kPem)});
  ASSERT_TRUE(pem.has_value());
  const Value* raw = pem.value().array()[0].Get(S("Raw"));
  ASSERT_NE(raw, nullptr);
  BuiltinResult der = Call("crypto.x509.parse_certificates", {*raw});
  ASSERT_TRUE(der.has_value()) << der.message();
  EXPECT_EQ(der.value(), pem.value());
  BuiltinResult b64pem =
      Call("crypto.x509.parse_certificates", {Call("base64.encode", {S(kPem)}).value()});
  ASSERT_TRUE(b64pem.has_value()) << b64pem.message();
  EXPECT_EQ(b64pem.value(), pem.value());
  EXPECT_EQ(
      Eval("crypto.x509.parse_certificates", {S("bm90IGEgY2VydA==")}),
      "error: eval_builtin_error: crypto.x509.parse_certificates: x509: malformed certificate");
}

}  // namespace
}  // namespace attestfs::rego::testing
