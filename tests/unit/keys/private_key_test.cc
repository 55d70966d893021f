// PrivateKey/PublicKey: generation, sign/verify per key type, PEM round trips, encrypted keys,
// key ids and rejection of wrong keys, tampered messages and garbage input.
#include "keys/private_key.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "digest/base64.h"
#include "digest/sha256_hasher.h"
#include "keys/public_key.h"

namespace attestfs::keys {
namespace {

class KeyTypeTest : public ::testing::TestWithParam<KeyType> {};

TEST_P(KeyTypeTest, SignVerifyRoundTrip) {
  auto key = PrivateKey::Generate(GetParam());
  ASSERT_TRUE(key.ok()) << key.error().message();
  EXPECT_EQ(key->type(), GetParam());
  auto sig = key->Sign("hello world");
  ASSERT_TRUE(sig.ok()) << sig.error().message();
  PublicKey pub = key->Public();
  EXPECT_EQ(pub.type(), GetParam());
  EXPECT_TRUE(pub.Verify("hello world", *sig).ok());
}

TEST_P(KeyTypeTest, RejectsTamperedMessageAndSignature) {
  auto key = PrivateKey::Generate(GetParam());
  ASSERT_TRUE(key.ok());
  auto sig = key->Sign("hello world");
  ASSERT_TRUE(sig.ok());
  PublicKey pub = key->Public();
  auto st = pub.Verify("hello worle", *sig);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), Errc::kVerificationFailed);
  std::string bad = *sig;
  bad[bad.size() / 2] ^= 0x01;
  EXPECT_EQ(pub.Verify("hello world", bad).error().code(), Errc::kVerificationFailed);
  EXPECT_FALSE(pub.Verify("hello world", "").ok());
  EXPECT_FALSE(pub.Verify("hello world", *sig + "x").ok());
}

TEST_P(KeyTypeTest, RejectsSignatureFromAnotherKeyOfSameType) {
  auto a = PrivateKey::Generate(GetParam());
  auto b = PrivateKey::Generate(GetParam());
  ASSERT_TRUE(a.ok() && b.ok());
  auto sig = a->Sign("message");
  ASSERT_TRUE(sig.ok());
  EXPECT_EQ(b->Public().Verify("message", *sig).error().code(), Errc::kVerificationFailed);
}

TEST_P(KeyTypeTest, PemRoundTripKeepsKeyAndKeyId) {
  auto key = PrivateKey::Generate(GetParam());
  ASSERT_TRUE(key.ok());
  auto pem = key->ToPem(std::nullopt);
  ASSERT_TRUE(pem.ok());
  EXPECT_NE(pem->find("-----BEGIN PRIVATE KEY-----"), std::string::npos);
  auto again = PrivateKey::FromPem(*pem, std::nullopt);
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_EQ(again->type(), GetParam());
  EXPECT_EQ(again->Public().KeyId(), key->Public().KeyId());
  auto sig = again->Sign("m");
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(key->Public().Verify("m", *sig).ok());

  std::string pub_pem = key->Public().ToPem();
  EXPECT_NE(pub_pem.find("-----BEGIN PUBLIC KEY-----"), std::string::npos);
  auto pub = PublicKey::FromPem(pub_pem);
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(pub->KeyId(), key->Public().KeyId());
  auto from_der = PublicKey::FromDer(pub->ToDer());
  ASSERT_TRUE(from_der.ok());
  EXPECT_TRUE(from_der->Verify("m", *sig).ok());
}

TEST_P(KeyTypeTest, EncryptedPemNeedsTheRightPassword) {
  auto key = PrivateKey::Generate(GetParam());
  ASSERT_TRUE(key.ok());
  auto pem = key->ToPem(std::string("correct horse"));
  ASSERT_TRUE(pem.ok());
  EXPECT_NE(pem->find("-----BEGIN ENCRYPTED PRIVATE KEY-----"), std::string::npos);
  EXPECT_EQ(pem->find("-----BEGIN PRIVATE KEY-----"), std::string::npos);

  auto ok = PrivateKey::FromPem(*pem, std::string("correct horse"));
  ASSERT_TRUE(ok.ok()) << ok.error().message();
  EXPECT_EQ(ok->Public().KeyId(), key->Public().KeyId());

  auto none = PrivateKey::FromPem(*pem, std::nullopt);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code(), Errc::kInvalidArgument);
  EXPECT_NE(none.error().message().find("password is required"), std::string::npos);

  auto wrong = PrivateKey::FromPem(*pem, std::string("battery staple"));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code(), Errc::kInvalidArgument);
  EXPECT_NE(wrong.error().message().find("wrong password"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(AllKeyTypes, KeyTypeTest,
                         ::testing::Values(KeyType::kEcdsaP256, KeyType::kEcdsaP384,
                                           KeyType::kEd25519, KeyType::kRsa3072),
                         [](const auto& info) {
                           std::string n(KeyTypeName(info.param));
                           for (char& c : n) c = (c == '-') ? '_' : c;
                           return n;
                         });

TEST(KeyTest, KeyIdIsBase64Sha256OfSpki) {
  auto key = PrivateKey::Generate(KeyType::kEcdsaP256);
  ASSERT_TRUE(key.ok());
  PublicKey pub = key->Public();
  EXPECT_EQ(pub.KeyId(), digest::Base64Encode(digest::Sha256(pub.ToDer()).Raw()));
  EXPECT_EQ(pub.KeyId().size(), 44u);
}

TEST(KeyTest, KeyTypeNamesRoundTrip) {
  for (KeyType t :
       {KeyType::kEcdsaP256, KeyType::kEcdsaP384, KeyType::kEd25519, KeyType::kRsa3072}) {
    EXPECT_EQ(ParseKeyType(KeyTypeName(t)), t);
  }
  EXPECT_FALSE(ParseKeyType("dsa").has_value());
}

TEST(KeyTest, RejectsSignatureFromDifferentKeyType) {
  auto ec = PrivateKey::Generate(KeyType::kEcdsaP256);
  auto ed = PrivateKey::Generate(KeyType::kEd25519);
  ASSERT_TRUE(ec.ok() && ed.ok());
  auto sig = ec->Sign("m");
  ASSERT_TRUE(sig.ok());
  EXPECT_FALSE(ed->Public().Verify("m", *sig).ok());
}

TEST(KeyTest, RejectsPemGarbage) {
  for (std::string_view garbage :
       {std::string_view(""), std::string_view("hello"),
        std::string_view("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
        std::string_view("-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n")}) {
    auto priv = PrivateKey::FromPem(garbage, std::nullopt);
    EXPECT_FALSE(priv.ok());
    EXPECT_EQ(priv.error().code(), Errc::kInvalidArgument);
    EXPECT_FALSE(PublicKey::FromPem(garbage).ok());
  }
  EXPECT_FALSE(PublicKey::FromDer("\x30\x03\x02\x01\x01").ok());
}

TEST(KeyTest, PublicKeyPemIsNotAPrivateKey) {
  auto key = PrivateKey::Generate(KeyType::kEd25519);
  ASSERT_TRUE(key.ok());
  EXPECT_FALSE(PrivateKey::FromPem(key->Public().ToPem(), std::nullopt).ok());
}

TEST(KeyTest, RejectsTrailingBytesAfterDerKey) {
  auto key = PrivateKey::Generate(KeyType::kEcdsaP256);
  ASSERT_TRUE(key.ok());
  auto r = PublicKey::FromDer(key->Public().ToDer() + "x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kMalformed);
}

TEST(KeyTest, CopiedPublicKeyStillVerifies) {
  auto key = PrivateKey::Generate(KeyType::kEcdsaP384);
  ASSERT_TRUE(key.ok());
  auto sig = key->Sign("m");
  ASSERT_TRUE(sig.ok());
  PublicKey a = key->Public();
  PublicKey b = a;
  PublicKey c = key->Public();
  c = b;
  EXPECT_TRUE(b.Verify("m", *sig).ok());
  EXPECT_TRUE(c.Verify("m", *sig).ok());
}

TEST(KeyTest, LoadFileReadsWrittenKeys) {
  auto key = PrivateKey::Generate(KeyType::kEcdsaP256);
  ASSERT_TRUE(key.ok());
  std::string dir = ::testing::TempDir() + "/keys_load_" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  std::string priv_path = dir + "/k.pem", pub_path = dir + "/k.pub";
  {
    FILE* f = std::fopen(priv_path.c_str(), "w");
    auto pem = key->ToPem(std::string("pw"));
    ASSERT_TRUE(pem.ok());
    std::fputs(pem->c_str(), f);
    std::fclose(f);
    f = std::fopen(pub_path.c_str(), "w");
    std::fputs(key->Public().ToPem().c_str(), f);
    std::fclose(f);
  }
  auto priv = PrivateKey::LoadFile(priv_path, std::string("pw"));
  ASSERT_TRUE(priv.ok()) << priv.error().message();
  auto pub = PublicKey::LoadFile(pub_path);
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(pub->KeyId(), priv->Public().KeyId());
  auto missing = PublicKey::LoadFile(dir + "/nope.pub");
  EXPECT_FALSE(missing.ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace attestfs::keys
