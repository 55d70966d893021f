// Rekor body parsing and comparison, one function per kind.
#include "sigstore/rekor_body.h"

#include <nlohmann/json.hpp>

#include "base/json_depth.h"
#include "digest/base64.h"
#include "digest/digest.h"
#include "digest/sha256_hasher.h"

namespace attestfs::sigstore {
namespace {

using nlohmann::json;

struct Ctx {
  std::string where;
  Error Mismatch(const std::string& what) const {
    return Error(Errc::kVerificationFailed, where + ": " + what);
  }
  Error Bad(const std::string& what) const { return Error(Errc::kMalformed, where + ": " + what); }
};

// The object at a path of keys, or nullptr.
const json* At(const json& j, std::initializer_list<const char*> path) {
  const json* cur = &j;
  for (const char* k : path) {
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(k);
    if (it == cur->end()) return nullptr;
    cur = &*it;
  }
  return cur;
}

Result<std::string> StrAt(const Ctx& c, const json& j, std::initializer_list<const char*> path) {
  const json* v = At(j, path);
  if (v == nullptr || !v->is_string()) {
    std::string p;
    for (const char* k : path) p += (p.empty() ? "" : ".") + std::string(k);
    return c.Bad("missing " + p);
  }
  return v->get<std::string>();
}

Result<std::string> B64At(const Ctx& c, const json& j, std::initializer_list<const char*> path) {
  AFS_ASSIGN_OR_RETURN(std::string s, StrAt(c, j, path));
  auto raw = digest::Base64Decode(s);
  if (!raw.ok()) return c.Bad("bad base64: " + raw.error().message());
  return std::move(raw).value();
}

std::string Sha256(std::string_view data) {
  digest::Sha256Hasher h;
  h.Update(data);
  return std::string(h.Finish().Raw());
}

Result<std::string> HexToRaw(const Ctx& c, const std::string& hex) {
  auto d = digest::Digest::FromHex(hex);
  if (!d.ok()) return c.Bad("bad SHA-256 hex '" + hex + "'");
  return std::string(d->Raw());
}

// PEM (certificate or public key) -> DER of its first block.
Result<std::string> PemToDer(const Ctx& c, const std::string& pem) {
  size_t begin = pem.find("-----BEGIN ");
  if (begin == std::string::npos) return c.Bad("verifier is not PEM");
  size_t body = pem.find('\n', begin);
  size_t end = pem.find("-----END ", begin);
  if (body == std::string::npos || end == std::string::npos || end < body) {
    return c.Bad("verifier is not PEM");
  }
  std::string b64;
  for (size_t i = body; i < end; ++i) {
    if (pem[i] != '\n' && pem[i] != '\r' && pem[i] != ' ') b64 += pem[i];
  }
  auto der = digest::Base64Decode(b64);
  if (!der.ok()) return c.Bad("verifier PEM is not base64");
  return std::move(der).value();
}

Status CompareVerifierPem(const Ctx& c, const std::string& pem_b64, const SignedContent& s) {
  auto pem = digest::Base64Decode(pem_b64);
  if (!pem.ok()) return c.Bad("verifier is not base64");
  AFS_ASSIGN_OR_RETURN(std::string der, PemToDer(c, *pem));
  if (der != s.verifier_der) {
    return c.Mismatch(s.verifier_is_certificate
                          ? "the logged certificate is not the bundle's certificate"
                          : "the logged public key is not the verification key");
  }
  return OkStatus();
}

Status CompareSignature(const Ctx& c, const std::string& logged, const SignedContent& s) {
  if (logged != s.signature)
    return c.Mismatch("the logged signature is not the bundle's signature");
  return OkStatus();
}

// v2 verifier: {publicKey: {rawBytes}} or {x509Certificate: {rawBytes}}.
Status CompareVerifierV2(const Ctx& c, const json& verifier, const SignedContent& s) {
  if (const json* cert = At(verifier, {"x509Certificate", "rawBytes"}); cert != nullptr) {
    AFS_ASSIGN_OR_RETURN(std::string der, B64At(c, verifier, {"x509Certificate", "rawBytes"}));
    if (!s.verifier_is_certificate || der != s.verifier_der) {
      return c.Mismatch("the logged certificate is not the bundle's certificate");
    }
    return OkStatus();
  }
  AFS_ASSIGN_OR_RETURN(std::string der, B64At(c, verifier, {"publicKey", "rawBytes"}));
  if (s.verifier_is_certificate || der != s.verifier_der) {
    return c.Mismatch("the logged public key is not the verification key");
  }
  return OkStatus();
}

// The digest a hashedrekord entry must carry: the artefact's, or for DSSE the PAE's (Rekor v2).
std::string ExpectedDigest(const SignedContent& s) {
  if (s.dsse != nullptr) {
    return Sha256(attestation::PreAuthEncode(s.dsse->payload_type, s.dsse->payload));
  }
  return s.artifact_digest;
}

Status HashedRekordV1(const Ctx& c, const json& spec, const SignedContent& s) {
  if (s.dsse != nullptr)
    return c.Mismatch("a hashedrekord v0.0.1 entry cannot log a DSSE envelope");
  AFS_ASSIGN_OR_RETURN(std::string sig, B64At(c, spec, {"signature", "content"}));
  AFS_TRY(CompareSignature(c, sig, s));
  AFS_ASSIGN_OR_RETURN(std::string pem, StrAt(c, spec, {"signature", "publicKey", "content"}));
  AFS_TRY(CompareVerifierPem(c, pem, s));
  AFS_ASSIGN_OR_RETURN(std::string alg, StrAt(c, spec, {"data", "hash", "algorithm"}));
  if (alg != "sha256") return c.Mismatch("hash algorithm " + alg + " is not sha256");
  AFS_ASSIGN_OR_RETURN(std::string hex, StrAt(c, spec, {"data", "hash", "value"}));
  AFS_ASSIGN_OR_RETURN(std::string logged, HexToRaw(c, hex));
  if (logged != ExpectedDigest(s))
    return c.Mismatch("the logged digest is not the artifact's digest");
  return OkStatus();
}

Status HashedRekordV2(const Ctx& c, const json& spec, const SignedContent& s) {
  const json* h = At(spec, {"hashedRekordV002"});
  if (h == nullptr) return c.Bad("missing spec.hashedRekordV002");
  AFS_ASSIGN_OR_RETURN(std::string sig, B64At(c, *h, {"signature", "content"}));
  AFS_TRY(CompareSignature(c, sig, s));
  const json* verifier = At(*h, {"signature", "verifier"});
  if (verifier == nullptr) return c.Bad("missing signature.verifier");
  AFS_TRY(CompareVerifierV2(c, *verifier, s));
  AFS_ASSIGN_OR_RETURN(std::string alg, StrAt(c, *h, {"data", "algorithm"}));
  if (alg != "SHA2_256") return c.Mismatch("digest algorithm " + alg + " is not SHA2_256");
  AFS_ASSIGN_OR_RETURN(std::string logged, B64At(c, *h, {"data", "digest"}));
  if (logged != ExpectedDigest(s)) {
    return c.Mismatch(s.dsse != nullptr ? "the logged digest is not the DSSE envelope's PAE digest"
                                        : "the logged digest is not the artifact's digest");
  }
  return OkStatus();
}

Status NeedDsse(const Ctx& c, const SignedContent& s) {
  if (s.dsse == nullptr) return c.Mismatch("a DSSE entry for a message-signature bundle");
  return OkStatus();
}

Status PayloadHash(const Ctx& c, const std::string& logged_raw, const SignedContent& s) {
  if (logged_raw != Sha256(s.dsse->payload)) {
    return c.Mismatch("the logged payload hash is not the envelope payload's");
  }
  return OkStatus();
}

Status DsseV1(const Ctx& c, const json& spec, const SignedContent& s) {
  AFS_TRY(NeedDsse(c, s));
  const json* sigs = At(spec, {"signatures"});
  if (sigs == nullptr || !sigs->is_array() || sigs->size() != 1) {
    return c.Mismatch("the entry must log exactly one signature");
  }
  AFS_ASSIGN_OR_RETURN(std::string sig, B64At(c, (*sigs)[0], {"signature"}));
  AFS_TRY(CompareSignature(c, sig, s));
  AFS_ASSIGN_OR_RETURN(std::string pem, StrAt(c, (*sigs)[0], {"verifier"}));
  AFS_TRY(CompareVerifierPem(c, pem, s));
  AFS_ASSIGN_OR_RETURN(std::string hex, StrAt(c, spec, {"payloadHash", "value"}));
  AFS_ASSIGN_OR_RETURN(std::string logged, HexToRaw(c, hex));
  return PayloadHash(c, logged, s);
}

Status DsseV2(const Ctx& c, const json& spec, const SignedContent& s) {
  AFS_TRY(NeedDsse(c, s));
  const json* d = At(spec, {"dsseV002"});
  if (d == nullptr) return c.Bad("missing spec.dsseV002");
  const json* sigs = At(*d, {"signatures"});
  if (sigs == nullptr || !sigs->is_array() || sigs->size() != 1) {
    return c.Mismatch("the entry must log exactly one signature");
  }
  AFS_ASSIGN_OR_RETURN(std::string sig, B64At(c, (*sigs)[0], {"content"}));
  AFS_TRY(CompareSignature(c, sig, s));
  const json* verifier = At((*sigs)[0], {"verifier"});
  if (verifier == nullptr) return c.Bad("missing signatures[0].verifier");
  AFS_TRY(CompareVerifierV2(c, *verifier, s));
  AFS_ASSIGN_OR_RETURN(std::string logged, B64At(c, *d, {"payloadHash", "digest"}));
  return PayloadHash(c, logged, s);
}

Status IntotoV2(const Ctx& c, const json& spec, const SignedContent& s) {
  AFS_TRY(NeedDsse(c, s));
  const json* sigs = At(spec, {"content", "envelope", "signatures"});
  if (sigs == nullptr || !sigs->is_array() || sigs->size() != 1) {
    return c.Mismatch("the entry must log exactly one signature");
  }
  // intoto 0.0.2 base64-encodes the (already base64) signature a second time.
  AFS_ASSIGN_OR_RETURN(std::string sig_b64, B64At(c, (*sigs)[0], {"sig"}));
  auto sig = digest::Base64Decode(sig_b64);
  if (!sig.ok()) return c.Bad("signature is not double base64");
  AFS_TRY(CompareSignature(c, *sig, s));
  AFS_ASSIGN_OR_RETURN(std::string pem, StrAt(c, (*sigs)[0], {"publicKey"}));
  AFS_TRY(CompareVerifierPem(c, pem, s));
  AFS_ASSIGN_OR_RETURN(std::string hex, StrAt(c, spec, {"content", "payloadHash", "value"}));
  AFS_ASSIGN_OR_RETURN(std::string logged, HexToRaw(c, hex));
  return PayloadHash(c, logged, s);
}

}  // namespace

Status CheckRekorBody(const TlogEntry& entry, const SignedContent& content) {
  Ctx c{"tlog entry (" + entry.kind + " " + entry.version + ")"};
  if (Status d = CheckJsonDepth(entry.body); !d.ok()) return c.Bad(d.error().message());
  json body = json::parse(entry.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return c.Bad("body is not a JSON object");
  AFS_ASSIGN_OR_RETURN(std::string kind, StrAt(c, body, {"kind"}));
  AFS_ASSIGN_OR_RETURN(std::string version, StrAt(c, body, {"apiVersion"}));
  if (kind != entry.kind || version != entry.version) {
    return c.Mismatch("the body is " + kind + " " + version + ", not the kindVersion of the entry");
  }
  const json* spec = At(body, {"spec"});
  if (spec == nullptr || !spec->is_object()) return c.Bad("missing spec");
  if (kind == "hashedrekord" && version == "0.0.1") return HashedRekordV1(c, *spec, content);
  if (kind == "hashedrekord" && version == "0.0.2") return HashedRekordV2(c, *spec, content);
  if (kind == "dsse" && version == "0.0.1") return DsseV1(c, *spec, content);
  if (kind == "dsse" && version == "0.0.2") return DsseV2(c, *spec, content);
  if (kind == "intoto" && version == "0.0.2") return IntotoV2(c, *spec, content);
  return Error(Errc::kUnsupported, c.where + ": unsupported entry kind");
}

}  // namespace attestfs::sigstore
