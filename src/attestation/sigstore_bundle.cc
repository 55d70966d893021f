// Sigstore bundle v0.3 codec for DSSE content (protobuf-specs JSON mapping: lowerCamelCase,
// bytes as base64). Offline only: tlogEntries and timestamps are written empty and ignored
// on input. nlohmann/json stays in this file.
#include "attestation/sigstore_bundle.h"

#include <nlohmann/json.hpp>

#include "attestation/legacy_pae.h"
#include "attestation/statement.h"
#include "base/json_depth.h"
#include "digest/base64.h"

namespace attestfs::attestation {
namespace {

using nlohmann::json;

// A leaf plus intermediates; Fulcio chains have 2-3 certificates.
constexpr size_t kMaxBundleCertificates = 10;

constexpr std::string_view kLegacyMediaTypes[] = {
    kBundleMediaTypeLegacyV01,
    kBundleMediaTypeLegacyV02,
    kBundleMediaTypeLegacyV03,
};

bool IsV03(std::string_view mt) {
  return mt == kBundleMediaTypeV03 || mt == kBundleMediaTypeLegacyV03;
}

bool KnownMediaType(std::string_view mt) {
  if (mt == kBundleMediaTypeV03) return true;
  for (auto legacy : kLegacyMediaTypes) {
    if (mt == legacy) return true;
  }
  return false;
}

Result<std::string> CertRawBytes(const json& cert, const std::string& where) {
  if (!cert.is_object()) return Error(Errc::kMalformed, where + " is not an object");
  auto raw = cert.find("rawBytes");
  if (raw == cert.end() || !raw->is_string()) {
    return Error(Errc::kMalformed, where + ": missing field 'rawBytes'");
  }
  auto der = digest::Base64Decode(raw->get<std::string>());
  if (!der.ok()) return Error(Errc::kMalformed, where + ".rawBytes: " + der.error().message());
  if (der->empty()) return Error(Errc::kMalformed, where + ".rawBytes is empty");
  return std::move(der).value();
}

Result<keys::VerificationMaterial> ParseMaterial(const json& vm) {
  if (!vm.is_object())
    return Error(Errc::kMalformed, "bundle: verificationMaterial is not an object");
  keys::VerificationMaterial m;
  int kinds = 0;
  if (auto pk = vm.find("publicKey"); pk != vm.end()) {
    ++kinds;
    if (!pk->is_object()) return Error(Errc::kMalformed, "bundle: publicKey is not an object");
    if (auto hint = pk->find("hint"); hint != pk->end()) {
      if (!hint->is_string())
        return Error(Errc::kMalformed, "bundle: publicKey.hint is not a string");
      m.key_hint = hint->get<std::string>();
    }
  }
  if (auto chain = vm.find("x509CertificateChain"); chain != vm.end()) {
    ++kinds;
    if (!chain->is_object())
      return Error(Errc::kMalformed, "bundle: x509CertificateChain is not an object");
    auto certs = chain->find("certificates");
    if (certs == chain->end() || !certs->is_array() || certs->empty()) {
      return Error(Errc::kMalformed,
                   "bundle: x509CertificateChain.certificates is missing or empty");
    }
    if (certs->size() > kMaxBundleCertificates) {
      return Error(Errc::kTooLarge,
                   "bundle: more than " + std::to_string(kMaxBundleCertificates) + " certificates");
    }
    for (size_t i = 0; i < certs->size(); ++i) {
      AFS_ASSIGN_OR_RETURN(std::string der,
                           CertRawBytes((*certs)[i], "bundle: x509CertificateChain.certificates[" +
                                                         std::to_string(i) + "]"));
      m.cert_chain_der.push_back(std::move(der));
    }
  }
  if (auto cert = vm.find("certificate"); cert != vm.end()) {
    ++kinds;
    AFS_ASSIGN_OR_RETURN(std::string der, CertRawBytes(*cert, "bundle: certificate"));
    m.cert_chain_der.push_back(std::move(der));
  }
  if (kinds != 1) {
    return Error(
        Errc::kMalformed,
        "bundle: verificationMaterial needs exactly one of publicKey, x509CertificateChain, "
        "certificate");
  }
  if (auto tlog = vm.find("tlogEntries"); tlog != vm.end() && !tlog->is_array()) {
    return Error(Errc::kMalformed, "bundle: tlogEntries is not an array");
  }
  return m;
}

}  // namespace

std::string SigstoreBundle::Serialize() const {
  json vm = json::object();
  if (material.cert_chain_der.size() == 1 && IsV03(media_type)) {
    vm["certificate"] = {{"rawBytes", digest::Base64Encode(material.cert_chain_der[0])}};
  } else if (!material.cert_chain_der.empty()) {
    json certs = json::array();
    for (const auto& der : material.cert_chain_der) {
      certs.push_back({{"rawBytes", digest::Base64Encode(der)}});
    }
    vm["x509CertificateChain"] = {{"certificates", std::move(certs)}};
  } else {
    vm["publicKey"] = {{"hint", material.key_hint}};
  }
  vm["tlogEntries"] = json::array();
  vm["timestampVerificationData"] = {{"rfc3161Timestamps", json::array()}};
  json j = {{"mediaType", media_type},
            {"verificationMaterial", std::move(vm)},
            {"dsseEnvelope", json::parse(envelope.Serialize())}};
  // Replace (never throw on) invalid UTF-8 in caller-supplied strings.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<SigstoreBundle> SigstoreBundle::Parse(std::string_view text) {
  if (text.size() > kMaxDocumentBytes) {
    return Error(Errc::kTooLarge, "Sigstore bundle of " + std::to_string(text.size()) +
                                      " bytes exceeds the limit of " +
                                      std::to_string(kMaxDocumentBytes));
  }
  if (Status d = CheckJsonDepth(text); !d.ok()) return d.error().Context("Sigstore bundle");
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Error(Errc::kMalformed, "Sigstore bundle is not valid JSON");
  if (!j.is_object()) return Error(Errc::kMalformed, "Sigstore bundle is not a JSON object");
  SigstoreBundle b;
  auto mt = j.find("mediaType");
  if (mt == j.end() || !mt->is_string())
    return Error(Errc::kMalformed, "bundle: missing field 'mediaType'");
  b.media_type = mt->get<std::string>();
  if (!KnownMediaType(b.media_type)) {
    return Error(Errc::kUnsupported, "bundle: unsupported mediaType '" + b.media_type + "'");
  }
  auto vm = j.find("verificationMaterial");
  if (vm == j.end()) return Error(Errc::kMalformed, "bundle: missing field 'verificationMaterial'");
  AFS_ASSIGN_OR_RETURN(b.material, ParseMaterial(*vm));
  if (j.contains("messageSignature")) {
    return Error(
        Errc::kUnsupported,
        "bundle: messageSignature bundles are not supported (attestfs needs dsseEnvelope)");
  }
  auto env = j.find("dsseEnvelope");
  if (env == j.end()) return Error(Errc::kMalformed, "bundle: missing field 'dsseEnvelope'");
  auto parsed = DsseEnvelope::Parse(env->dump());
  if (!parsed.ok()) return parsed.error().Context("bundle");
  b.envelope = std::move(parsed).value();
  if (b.envelope.signatures.size() != 1) {
    return Error(Errc::kMalformed, "bundle: dsseEnvelope must carry exactly one signature, found " +
                                       std::to_string(b.envelope.signatures.size()));
  }
  // The whole container travels with the material: transparency-log entries and timestamps
  // are for the verifier (keyless trust), not for this codec.
  b.material.container_json = std::string(text);
  return b;
}

Result<SigstoreBundle> SigstoreBundle::Sign(std::string_view payload_type, std::string_view payload,
                                            const keys::Signer& signer) {
  AFS_ASSIGN_OR_RETURN(DsseEnvelope env, DsseEnvelope::Sign(payload_type, payload, signer));
  SigstoreBundle b;
  b.material = signer.Material();
  // Intermediates need the v0.2 chain form (x509CertificateChain): v0.3 allows only the leaf
  // ("certificate") and @sigstore/bundle rejects a v0.3 bundle with a chain. A lone leaf or a
  // plain key stays v0.3.
  if (b.material.cert_chain_der.size() > 1) b.media_type = std::string(kBundleMediaTypeLegacyV02);
  b.envelope = std::move(env);
  return b;
}

Result<keys::SignerIdentity> SigstoreBundle::Verify(const keys::TrustPolicy& trust) const {
  if (envelope.signatures.size() != 1) {
    return Error(Errc::kVerificationFailed, "bundle must carry exactly one DSSE signature");
  }
  return envelope.Verify(trust, material);
}

Result<keys::SignerIdentity> SigstoreBundle::VerifyModelSigningV020(
    const keys::TrustPolicy& trust) const {
  if (envelope.signatures.size() != 1) {
    return Error(Errc::kVerificationFailed, "bundle must carry exactly one DSSE signature");
  }
  keys::VerificationMaterial legacy = material;
  legacy.ecdsa_sha256 = true;
  return envelope.VerifyOver(ModelSigningV020PreAuthEncode(envelope.payload_type, envelope.payload),
                             trust, legacy);
}

}  // namespace attestfs::attestation
