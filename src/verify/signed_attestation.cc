// Verification of DSSE envelopes and Sigstore bundles into statements.
#include "verify/signed_attestation.h"

#include "attestation/dsse_envelope.h"
#include "attestation/media_types.h"
#include "attestation/predicate_types.h"
#include "attestation/sigstore_bundle.h"
#include "digest/sha256_hasher.h"

namespace attestfs::verify {

namespace {
bool LooksLikeBundle(std::string_view bytes) {
  return bytes.find("\"dsseEnvelope\"") != std::string_view::npos ||
         bytes.find("\"verificationMaterial\"") != std::string_view::npos ||
         bytes.find("\"messageSignature\"") != std::string_view::npos;
}

Status CheckPayloadType(std::string_view type) {
  if (type == attestation::kInTotoPayloadType) return OkStatus();
  if (type.rfind("application/vnd.in-toto.", 0) == 0 && type.size() > 5 &&
      type.substr(type.size() - 5) == "+json") {
    return OkStatus();
  }
  return Error(Errc::kVerificationFailed, "payloadType '" + std::string(type.substr(0, 100)) +
                                              "' is not an in-toto statement");
}
}  // namespace

Result<std::string> DetectMediaType(std::string_view bytes) {
  if (bytes.size() > attestation::kMaxDocumentBytes) {
    return Error(Errc::kTooLarge, "attestation exceeds the limit of " +
                                      std::to_string(attestation::kMaxDocumentBytes) + " bytes");
  }
  return std::string(LooksLikeBundle(bytes) ? attestation::kBundleMediaTypeV03
                                            : attestation::kDsseEnvelopeMediaType);
}

Result<VerifiedAttestation> VerifySignedAttestation(std::string_view bytes,
                                                    const keys::TrustPolicy& trust) {
  VerifiedAttestation out;
  AFS_ASSIGN_OR_RETURN(out.media_type, DetectMediaType(bytes));
  out.digest = digest::Sha256(bytes).ToString();
  std::string payload;
  if (out.media_type == attestation::kBundleMediaTypeV03) {
    auto bundle = attestation::SigstoreBundle::Parse(bytes);
    if (!bundle.ok()) return bundle.error().Context("sigstore bundle");
    AFS_TRY(CheckPayloadType(bundle->envelope.payload_type));
    auto who = bundle->Verify(trust);
    bool legacy = false;
    if (!who.ok()) {
      // model_signing v0.2.0 signed a mis-encoded PAE; accepted only for its own predicate.
      auto old = bundle->VerifyModelSigningV020(trust);
      if (!old.ok()) return who.error().Context("sigstore bundle signature");
      auto st = attestation::Statement::Parse(bundle->envelope.payload);
      if (!st.ok() || st->predicate_type != attestation::kModelSigningDigestsV01Predicate)
        return who.error().Context("sigstore bundle signature");
      legacy = true;
      who = std::move(old);
    }
    out.signer = std::move(*who);
    if (legacy) out.signer.description += " (model_signing v0.2.0 encoding)";
    out.cert_chain_der = std::move(bundle->material.cert_chain_der);
    out.container_json = std::move(bundle->material.container_json);
    payload = std::move(bundle->envelope.payload);
  } else {
    auto env = attestation::DsseEnvelope::Parse(bytes);
    if (!env.ok()) return env.error().Context("DSSE envelope");
    AFS_TRY(CheckPayloadType(env->payload_type));
    keys::VerificationMaterial material;
    material.container_json = std::string(bytes);
    auto who = env->Verify(trust, material);
    if (!who.ok()) return who.error().Context("DSSE envelope signature");
    out.signer = std::move(*who);
    payload = std::move(env->payload);
  }
  auto st = attestation::Statement::Parse(payload);
  if (!st.ok()) return st.error().Context("signed statement");
  out.statement = std::move(*st);
  return out;
}

Result<attestation::Statement> UnverifiedStatementForIndex(std::string_view bytes) {
  AFS_ASSIGN_OR_RETURN(std::string mt, DetectMediaType(bytes));
  std::string payload;
  if (mt == attestation::kBundleMediaTypeV03) {
    AFS_ASSIGN_OR_RETURN(auto b, attestation::SigstoreBundle::Parse(bytes));
    payload = std::move(b.envelope.payload);
  } else {
    AFS_ASSIGN_OR_RETURN(auto e, attestation::DsseEnvelope::Parse(bytes));
    payload = std::move(e.payload);
  }
  return attestation::Statement::Parse(payload);
}

}  // namespace attestfs::verify
