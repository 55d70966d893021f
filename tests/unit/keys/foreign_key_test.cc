// Keys and signatures made directly with OpenSSL (as other tools would): RSA-PSS of other
// sizes verifies, legacy PEM formats load, and weak or unsupported keys are refused.
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "keys/private_key.h"
#include "keys/public_key.h"

namespace attestfs::keys {
namespace {

std::string PubPem(EVP_PKEY* k) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, k);
  char* d = nullptr;
  long n = BIO_get_mem_data(bio, &d);
  std::string s(d, static_cast<size_t>(n));
  BIO_free(bio);
  return s;
}

std::string SignPss(EVP_PKEY* k, std::string_view msg) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = nullptr;
  EVP_DigestSignInit(ctx, &pctx, EVP_sha256(), nullptr, k);
  EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
  EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32);
  size_t len = 0;
  EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(msg.data()),
                 msg.size());
  std::string sig(len, '\0');
  EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                 reinterpret_cast<const unsigned char*>(msg.data()), msg.size());
  EVP_MD_CTX_free(ctx);
  sig.resize(len);
  return sig;
}

TEST(ForeignKeyTest, VerifiesRsa2048PssSignatureMadeByOpenSsl) {
  EVP_PKEY* k = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048});
  ASSERT_NE(k, nullptr);
  auto pub = PublicKey::FromPem(PubPem(k));
  ASSERT_TRUE(pub.ok()) << pub.error().message();
  EXPECT_EQ(pub->type(), KeyType::kRsa3072);
  std::string sig = SignPss(k, "payload");
  EXPECT_TRUE(pub->Verify("payload", sig).ok());
  EXPECT_FALSE(pub->Verify("payloaD", sig).ok());
  EVP_PKEY_free(k);
}

TEST(ForeignKeyTest, RefusesRsa1024) {
  EVP_PKEY* k = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{1024});
  ASSERT_NE(k, nullptr);
  auto pub = PublicKey::FromPem(PubPem(k));
  ASSERT_FALSE(pub.ok());
  EXPECT_EQ(pub.error().code(), Errc::kUnsupported);
  EVP_PKEY_free(k);
}

TEST(ForeignKeyTest, RefusesUnsupportedCurve) {
  EVP_PKEY* k = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "secp256k1");
  ASSERT_NE(k, nullptr);
  auto pub = PublicKey::FromPem(PubPem(k));
  ASSERT_FALSE(pub.ok());
  EXPECT_EQ(pub.error().code(), Errc::kUnsupported);
  EVP_PKEY_free(k);
}

TEST(ForeignKeyTest, LoadsSec1EcPrivateKeyPem) {
  EVP_PKEY* k = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
  ASSERT_NE(k, nullptr);
  BIO* bio = BIO_new(BIO_s_mem());
  // "BEGIN EC PRIVATE KEY" (type-specific, traditional) output via the encoder API.
  ASSERT_EQ(PEM_write_bio_PrivateKey_traditional(bio, k, nullptr, nullptr, 0, nullptr, nullptr), 1);
  char* d = nullptr;
  long n = BIO_get_mem_data(bio, &d);
  std::string pem(d, static_cast<size_t>(n));
  BIO_free(bio);
  ASSERT_NE(pem.find("BEGIN EC PRIVATE KEY"), std::string::npos);
  auto key = PrivateKey::FromPem(pem, std::nullopt);
  ASSERT_TRUE(key.ok()) << key.error().message();
  EXPECT_EQ(key->type(), KeyType::kEcdsaP384);
  EXPECT_EQ(key->Public().ToPem(), PubPem(k));
  EVP_PKEY_free(k);
}

TEST(ForeignKeyTest, RejectsRawRsEcdsaSignature) {
  auto key = PrivateKey::Generate(KeyType::kEcdsaP256);
  ASSERT_TRUE(key.ok());
  auto der = key->Sign("m");
  ASSERT_TRUE(der.ok());
  // Convert DER to IEEE P1363 r||s: verifiers in the sigstore ecosystem require DER.
  const auto* p = reinterpret_cast<const unsigned char*>(der->data());
  ECDSA_SIG* s = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der->size()));
  ASSERT_NE(s, nullptr);
  unsigned char raw[64] = {0};
  BN_bn2binpad(ECDSA_SIG_get0_r(s), raw, 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(s), raw + 32, 32);
  ECDSA_SIG_free(s);
  EXPECT_FALSE(key->Public().Verify("m", std::string(reinterpret_cast<char*>(raw), 64)).ok());
}

}  // namespace
}  // namespace attestfs::keys
