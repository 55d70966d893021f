// Keyless signing wire formats (Fulcio v2, Rekor v1, Sigstore TSA JSON).
#include "sigstore/keyless_protocol.h"

#include <nlohmann/json.hpp>

#include "base/json_depth.h"
#include "digest/base64.h"
#include "digest/digest.h"
#include "digest/sha256_hasher.h"

namespace attestfs::sigstore {
namespace {

using nlohmann::json;

constexpr size_t kMaxResponseBytes = 1u << 20;

Result<json> ParseObject(std::string_view text, const std::string& what) {
  if (text.size() > kMaxResponseBytes) return Error(Errc::kTooLarge, what + " too large");
  if (Status d = CheckJsonDepth(text); !d.ok()) return d.error().Context(what);
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Error(Errc::kMalformed, what + " is not JSON");
  return j;
}

Result<std::string> HexToRaw(const json& v, const std::string& what) {
  if (!v.is_string()) return Error(Errc::kMalformed, "rekor response: " + what + " missing");
  const std::string& s = v.get_ref<const std::string&>();
  if (s.size() % 2 != 0) return Error(Errc::kMalformed, "rekor response: bad hex in " + what);
  std::string out;
  for (size_t i = 0; i < s.size(); i += 2) {
    auto nib = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    int hi = nib(s[i]), lo = nib(s[i + 1]);
    if (hi < 0 || lo < 0) return Error(Errc::kMalformed, "rekor response: bad hex in " + what);
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

Result<uint64_t> Uint(const json& v, const std::string& what) {
  if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<int64_t>() >= 0)) {
    return Error(Errc::kMalformed, "rekor response: " + what + " is not a non-negative integer");
  }
  return v.get<uint64_t>();
}

}  // namespace

Result<std::string> TokenSubject(std::string_view token) {
  size_t a = token.find('.');
  size_t b = a == std::string_view::npos ? a : token.find('.', a + 1);
  if (b == std::string_view::npos) return Error(Errc::kUsage, "identity token is not a JWT");
  auto payload = digest::Base64Decode(token.substr(a + 1, b - a - 1));
  if (!payload.ok()) return Error(Errc::kUsage, "identity token payload is not base64url");
  auto j = ParseObject(*payload, "identity token payload");
  if (!j.ok()) return Error(Errc::kUsage, j.error().message());
  for (const char* claim : {"email", "sub"}) {
    auto it = j->find(claim);
    if (it != j->end() && it->is_string() && !it->get<std::string>().empty()) {
      return it->get<std::string>();
    }
  }
  return Error(Errc::kUsage, "identity token has no sub or email claim");
}

std::string FulcioRequest(std::string_view token, std::string_view public_key_pem,
                          std::string_view proof) {
  json j = {{"credentials", {{"oidcIdentityToken", token}}},
            {"publicKeyRequest",
             {{"publicKey", {{"algorithm", "ECDSA"}, {"content", public_key_pem}}},
              {"proofOfPossession", digest::Base64Encode(proof)}}}};
  return j.dump();
}

Result<std::string> FulcioLeafDer(std::string_view response_json) {
  AFS_ASSIGN_OR_RETURN(json j, ParseObject(response_json, "fulcio response"));
  for (const char* kind : {"signedCertificateEmbeddedSct", "signedCertificateDetachedSct"}) {
    auto it = j.find(kind);
    if (it == j.end() || !it->is_object()) continue;
    auto chain = it->find("chain");
    if (chain == it->end() || !chain->is_object()) break;
    auto certs = chain->find("certificates");
    if (certs == chain->end() || !certs->is_array() || certs->empty() || !(*certs)[0].is_string()) {
      break;
    }
    return PemBlockToDer((*certs)[0].get<std::string>());
  }
  return Error(Errc::kMalformed, "fulcio response carries no certificate chain");
}

std::string HashedRekordRequest(std::string_view signature, std::string_view certificate_pem,
                                std::string_view sha256_digest) {
  json j = {
      {"apiVersion", "0.0.1"},
      {"kind", "hashedrekord"},
      {"spec",
       {{"signature",
         {{"content", digest::Base64Encode(signature)},
          {"publicKey", {{"content", digest::Base64Encode(certificate_pem)}}}}},
        {"data",
         {{"hash", {{"algorithm", "sha256"}, {"value", digest::HexEncode(sha256_digest)}}}}}}}};
  return j.dump();
}

std::string IntotoRequest(const attestation::DsseEnvelope& env, std::string_view certificate_pem) {
  digest::Sha256Hasher h;
  h.Update(env.payload);
  std::string payload_hash = digest::HexEncode(h.Finish().Raw());
  // intoto 0.0.2 base64-encodes the envelope's (already base64) payload and signatures again.
  json sigs = json::array();
  for (const auto& s : env.signatures) {
    sigs.push_back({{"sig", digest::Base64Encode(digest::Base64Encode(s.sig))},
                    {"publicKey", digest::Base64Encode(certificate_pem)}});
  }
  json j = {{"apiVersion", "0.0.2"},
            {"kind", "intoto"},
            {"spec",
             {{"content",
               {{"envelope",
                 {{"payloadType", env.payload_type},
                  {"payload", digest::Base64Encode(digest::Base64Encode(env.payload))},
                  {"signatures", std::move(sigs)}}},
                {"payloadHash", {{"algorithm", "sha256"}, {"value", payload_hash}}}}}}}};
  return j.dump();
}

Result<TlogEntry> ParseRekorResponse(std::string_view response_json, std::string_view kind,
                                     std::string_view version) {
  AFS_ASSIGN_OR_RETURN(json j, ParseObject(response_json, "rekor response"));
  if (j.size() != 1 || !j.begin().value().is_object()) {
    return Error(Errc::kMalformed, "rekor response: expected one entry");
  }
  const json& v = j.begin().value();
  TlogEntry e;
  e.kind = std::string(kind);
  e.version = std::string(version);
  auto body = v.find("body");
  if (body == v.end() || !body->is_string())
    return Error(Errc::kMalformed, "rekor response: no body");
  auto raw = digest::Base64Decode(body->get<std::string>());
  if (!raw.ok()) return Error(Errc::kMalformed, "rekor response: body is not base64");
  e.body = std::move(raw).value();
  AFS_ASSIGN_OR_RETURN(uint64_t t, Uint(v.value("integratedTime", json()), "integratedTime"));
  e.integrated_time = static_cast<int64_t>(t);
  AFS_ASSIGN_OR_RETURN(e.log_index, Uint(v.value("logIndex", json()), "logIndex"));
  AFS_ASSIGN_OR_RETURN(e.log_id, HexToRaw(v.value("logID", json()), "logID"));
  auto ver = v.find("verification");
  if (ver == v.end() || !ver->is_object()) {
    return Error(Errc::kMalformed, "rekor response: no verification");
  }
  auto set = ver->find("signedEntryTimestamp");
  if (set == ver->end() || !set->is_string()) {
    return Error(Errc::kMalformed, "rekor response: no signedEntryTimestamp");
  }
  auto set_raw = digest::Base64Decode(set->get<std::string>());
  if (!set_raw.ok()) return Error(Errc::kMalformed, "rekor response: SET is not base64");
  e.signed_entry_timestamp = std::move(set_raw).value();
  auto ip = ver->find("inclusionProof");
  if (ip == ver->end() || !ip->is_object()) {
    return Error(Errc::kMalformed, "rekor response: no inclusionProof");
  }
  InclusionProof p;
  AFS_ASSIGN_OR_RETURN(p.log_index, Uint(ip->value("logIndex", json()), "inclusionProof.logIndex"));
  AFS_ASSIGN_OR_RETURN(p.tree_size, Uint(ip->value("treeSize", json()), "inclusionProof.treeSize"));
  AFS_ASSIGN_OR_RETURN(p.root_hash, HexToRaw(ip->value("rootHash", json()), "rootHash"));
  auto hashes = ip->find("hashes");
  if (hashes != ip->end()) {
    if (!hashes->is_array()) return Error(Errc::kMalformed, "rekor response: hashes");
    for (const auto& h : *hashes) {
      AFS_ASSIGN_OR_RETURN(std::string raw_h, HexToRaw(h, "hashes"));
      p.hashes.push_back(std::move(raw_h));
    }
  }
  auto cp = ip->find("checkpoint");
  if (cp != ip->end() && cp->is_string()) p.checkpoint = cp->get<std::string>();
  e.proof = std::move(p);
  return e;
}

std::string TimestampRequest(std::string_view signature, uint64_t nonce) {
  digest::Sha256Hasher h;
  h.Update(signature);
  json j = {{"artifactHash", digest::Base64Encode(h.Finish().Raw())},
            {"hashAlgorithm", "sha256"},
            {"certificates", true},
            {"nonce", nonce}};
  return j.dump();
}

Result<std::string> PemBlockToDer(std::string_view pem) {
  size_t begin = pem.find("-----BEGIN ");
  size_t body = begin == std::string_view::npos ? begin : pem.find('\n', begin);
  size_t end = pem.find("-----END ", begin == std::string_view::npos ? 0 : begin);
  if (begin == std::string_view::npos || body == std::string_view::npos ||
      end == std::string_view::npos || end < body) {
    return Error(Errc::kMalformed, "not PEM");
  }
  std::string b64;
  for (size_t i = body; i < end; ++i) {
    if (pem[i] != '\n' && pem[i] != '\r' && pem[i] != ' ') b64 += pem[i];
  }
  auto der = digest::Base64Decode(b64);
  if (!der.ok() || der->empty()) return Error(Errc::kMalformed, "PEM body is not base64");
  return std::move(der).value();
}

std::string DerToPem(std::string_view der, std::string_view label) {
  std::string b64 = digest::Base64Encode(der);
  std::string out = "-----BEGIN " + std::string(label) + "-----\n";
  for (size_t i = 0; i < b64.size(); i += 64) out += b64.substr(i, 64) + "\n";
  return out + "-----END " + std::string(label) + "-----\n";
}

}  // namespace attestfs::sigstore
