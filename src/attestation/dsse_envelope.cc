// DSSE envelope v1: PAE, JSON codec (nlohmann/json stays in this file), sign and verify.
// Spec: secure-systems-lab/dsse envelope.md and protocol.md.
#include "attestation/dsse_envelope.h"

#include <nlohmann/json.hpp>

#include "attestation/statement.h"
#include "base/json_depth.h"
#include "digest/base64.h"

namespace attestfs::attestation {
namespace {

using nlohmann::json;

// DSSE allows t-of-n signing; more signatures than this on one envelope is not a real use.
constexpr size_t kMaxDsseSignatures = 32;

Result<std::string> RequiredString(const json& obj, const char* field, const std::string& where) {
  auto it = obj.find(field);
  if (it == obj.end()) return Error(Errc::kMalformed, where + ": missing field '" + field + "'");
  if (!it->is_string())
    return Error(Errc::kMalformed, where + ": field '" + field + "' is not a string");
  return it->get<std::string>();
}

Result<std::string> RequiredBase64(const json& obj, const char* field, const std::string& where) {
  AFS_ASSIGN_OR_RETURN(std::string text, RequiredString(obj, field, where));
  auto raw = digest::Base64Decode(text);
  if (!raw.ok()) {
    return Error(Errc::kMalformed, where + ": field '" + field + "': " + raw.error().message());
  }
  return std::move(raw).value();
}

}  // namespace

// PAE(type, body) = "DSSEv1" + SP + LEN(type) + SP + type + SP + LEN(body) + SP + body,
// LEN = ASCII decimal byte length without leading zeros (DSSE protocol.md).
std::string PreAuthHeader(std::string_view tag, std::string_view payload_type,
                          size_t payload_size) {
  std::string out(tag);
  out += ' ';
  out += std::to_string(payload_type.size());
  out += ' ';
  out += payload_type;
  out += ' ';
  out += std::to_string(payload_size);
  out += ' ';
  return out;
}

std::string PreAuthEncode(std::string_view payload_type, std::string_view payload) {
  std::string out = PreAuthHeader("DSSEv1", payload_type, payload.size());
  out.reserve(out.size() + payload.size());
  out += payload;
  return out;
}

std::string DsseEnvelope::Serialize() const {
  json sigs = json::array();
  for (const auto& s : signatures) {
    sigs.push_back({{"keyid", s.keyid}, {"sig", digest::Base64Encode(s.sig)}});
  }
  json j = {{"payload", digest::Base64Encode(payload)},
            {"payloadType", payload_type},
            {"signatures", std::move(sigs)}};
  // Replace (never throw on) invalid UTF-8 in caller-supplied strings.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<DsseEnvelope> DsseEnvelope::Parse(std::string_view text) {
  if (text.size() > kMaxDocumentBytes) {
    return Error(Errc::kTooLarge, "DSSE envelope of " + std::to_string(text.size()) +
                                      " bytes exceeds the limit of " +
                                      std::to_string(kMaxDocumentBytes));
  }
  if (Status d = CheckJsonDepth(text); !d.ok()) return d.error().Context("DSSE envelope");
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Error(Errc::kMalformed, "DSSE envelope is not valid JSON");
  if (!j.is_object()) return Error(Errc::kMalformed, "DSSE envelope is not a JSON object");
  const std::string where = "DSSE envelope";
  DsseEnvelope env;
  AFS_ASSIGN_OR_RETURN(env.payload, RequiredBase64(j, "payload", where));
  AFS_ASSIGN_OR_RETURN(env.payload_type, RequiredString(j, "payloadType", where));
  auto sigs = j.find("signatures");
  if (sigs == j.end()) return Error(Errc::kMalformed, where + ": missing field 'signatures'");
  if (!sigs->is_array())
    return Error(Errc::kMalformed, where + ": field 'signatures' is not an array");
  if (sigs->size() > kMaxDsseSignatures) {
    return Error(Errc::kTooLarge,
                 where + ": more than " + std::to_string(kMaxDsseSignatures) + " signatures");
  }
  for (size_t i = 0; i < sigs->size(); ++i) {
    const json& s = (*sigs)[i];
    std::string sw = where + ": signatures[" + std::to_string(i) + "]";
    if (!s.is_object()) return Error(Errc::kMalformed, sw + " is not an object");
    DsseSignature sig;
    AFS_ASSIGN_OR_RETURN(sig.sig, RequiredBase64(s, "sig", sw));
    // keyid is optional (DSSE spec); model_signing v1.0.x writes null, treated as absent.
    if (auto k = s.find("keyid"); k != s.end() && !k->is_null()) {
      if (!k->is_string()) return Error(Errc::kMalformed, sw + ": field 'keyid' is not a string");
      sig.keyid = k->get<std::string>();
    }
    env.signatures.push_back(std::move(sig));
  }
  return env;
}

Result<DsseEnvelope> DsseEnvelope::Sign(std::string_view payload_type, std::string_view payload,
                                        const keys::Signer& signer) {
  // Every reader refuses documents over kMaxDocumentBytes; the payload's base64 alone must fit,
  // so nothing that could never verify is signed (the caller checks the serialized size).
  const uint64_t encoded = (static_cast<uint64_t>(payload.size()) + 2) / 3 * 4;
  if (encoded > kMaxDocumentBytes) {
    return Error(Errc::kTooLarge, "statement of " + std::to_string(payload.size()) +
                                      " bytes: its envelope would exceed the limit of " +
                                      std::to_string(kMaxDocumentBytes) +
                                      " bytes (kMaxDocumentBytes) that verify accepts");
  }
  auto sig = signer.Sign(PreAuthEncode(payload_type, payload));
  if (!sig.ok()) return sig.error().Context("sign DSSE envelope");
  DsseEnvelope env;
  env.payload_type = std::string(payload_type);
  env.payload = std::string(payload);
  env.signatures.push_back(DsseSignature{signer.KeyId(), std::move(sig).value()});
  return env;
}

Result<keys::SignerIdentity> DsseEnvelope::Verify(
    const keys::TrustPolicy& trust, const keys::VerificationMaterial& material) const {
  // Verify over the exact decoded payload bytes; keyid is unauthenticated and never consulted.
  return VerifyOver(PreAuthEncode(payload_type, payload), trust, material);
}

Result<keys::SignerIdentity> DsseEnvelope::VerifyOver(
    std::string_view pae, const keys::TrustPolicy& trust,
    const keys::VerificationMaterial& material) const {
  if (signatures.empty())
    return Error(Errc::kVerificationFailed, "DSSE envelope has no signatures");
  std::string last_reason;
  for (const auto& s : signatures) {
    auto id = trust.VerifySignature(pae, s.sig, material);
    if (id.ok()) return id;
    last_reason = id.error().message();
  }
  return Error(Errc::kVerificationFailed,
               "no signature verified with the given key(s): " + last_reason);
}

}  // namespace attestfs::attestation
