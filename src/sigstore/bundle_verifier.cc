// VerifyBundle: the steps, each error prefixed with its name.
#include "sigstore/bundle_verifier.h"

#include <nlohmann/json.hpp>

#include "attestation/dsse_envelope.h"
#include "base/clock.h"
#include "base/json_depth.h"
#include "digest/digest.h"
#include "digest/sha256_hasher.h"
#include "sigstore/fulcio_certificate.h"
#include "sigstore/rekor_body.h"
#include "sigstore/sct.h"
#include "sigstore/signature_check.h"
#include "sigstore/timestamp.h"
#include "sigstore/tlog_verifier.h"

namespace attestfs::sigstore {
namespace {

Error Fail(const std::string& what) { return Error(Errc::kVerificationFailed, what); }

std::string Sha256(std::string_view data) {
  digest::Sha256Hasher h;
  h.Update(data);
  return std::string(h.Finish().Raw());
}

// The artefact must be a subject of the in-toto statement in the envelope.
Status CheckDsseSubject(const attestation::DsseEnvelope& env, const std::string& sha256) {
  if (!CheckJsonDepth(env.payload).ok()) return Fail("artifact: the DSSE payload is too deep");
  auto j = nlohmann::json::parse(env.payload, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Fail("artifact: the DSSE payload is not JSON");
  auto subjects = j.find("subject");
  if (subjects == j.end() || !subjects->is_array()) {
    return Fail("artifact: the DSSE payload has no subjects");
  }
  std::string hex = digest::HexEncode(sha256);
  for (const auto& s : *subjects) {
    if (!s.is_object()) continue;
    auto d = s.find("digest");
    if (d == s.end() || !d->is_object()) continue;
    auto h = d->find("sha256");
    if (h != d->end() && h->is_string() && h->get<std::string>() == hex) return OkStatus();
  }
  return Fail("artifact: sha256:" + hex + " is not a subject of the DSSE statement");
}

Status CheckSignature(const Bundle& b, const Artifact& a, const std::string& key,
                      std::string& artifact_digest) {
  if (a.bytes) artifact_digest = Sha256(*a.bytes);
  if (a.sha256) {
    if (!artifact_digest.empty() && artifact_digest != *a.sha256) {
      return Fail("artifact: the bytes do not have the given digest");
    }
    artifact_digest = *a.sha256;
  }
  if (b.dsse) {
    Status st = VerifySpkiSignature(
        key, attestation::PreAuthEncode(b.dsse->payload_type, b.dsse->payload), b.Signature());
    if (!st.ok())
      return Fail("signature: the DSSE signature does not verify: " + st.error().message());
    if (!artifact_digest.empty()) AFS_TRY(CheckDsseSubject(*b.dsse, artifact_digest));
    return OkStatus();
  }
  if (artifact_digest.empty()) return Fail("signature: a message signature needs the artifact");
  const MessageSignature& m = *b.message_signature;
  if (!m.digest.empty() && m.digest != artifact_digest) {
    return Fail("artifact: sha256:" + digest::HexEncode(artifact_digest) +
                " is not the bundle's message digest sha256:" + digest::HexEncode(m.digest));
  }
  Status st = a.bytes ? VerifySpkiSignature(key, *a.bytes, m.signature)
                      : VerifySpkiPrehashed(key, artifact_digest, m.signature);
  if (!st.ok())
    return Fail("signature: the message signature does not verify: " + st.error().message());
  return OkStatus();
}

}  // namespace

Result<VerifiedBundle> VerifyBundle(const Bundle& b, const Artifact& artifact,
                                    const VerifyOptions& o) {
  if (o.root == nullptr) return Error(Errc::kUsage, "keyless verification needs a trusted root");
  VerifiedBundle out;
  std::optional<FulcioCertificate> leaf;
  if (b.public_key) {
    if (!o.public_key_der) {
      return Error(Errc::kUsage, "the bundle names a public key (hint '" + b.public_key_hint +
                                     "'): verify it with --key");
    }
    out.key_der = *o.public_key_der;
  } else {
    if (o.public_key_der) {
      return Fail("verification material: the bundle carries a certificate, not the given key");
    }
    if (o.identity == nullptr) {
      return Error(Errc::kUsage,
                   "keyless verification needs --certificate-identity[-regexp] and "
                   "--certificate-oidc-issuer[-regexp]");
    }
    auto c = FulcioCertificate::FromDer(b.certificates[0]);
    if (!c.ok()) return Fail("certificate: " + c.error().message());
    if (c->IsCa()) return Fail("certificate: the signing certificate is a CA certificate");
    for (size_t i = 1; i < b.certificates.size(); ++i) {
      auto ci = FulcioCertificate::FromDer(b.certificates[i]);
      if (!ci.ok()) return Fail("certificate chain: " + ci.error().message());
    }
    out.key_der = c->PublicKeyDer();
    leaf = std::move(c).value();
  }

  std::string artifact_digest;
  AFS_TRY(CheckSignature(b, artifact, out.key_der, artifact_digest));

  // Transparency log.
  if (b.tlog_entries.empty()) return Fail("tlog: the bundle has no transparency-log entry");
  SignedContent content;
  content.signature = b.Signature();
  content.artifact_digest = artifact_digest;
  content.dsse = b.dsse ? &*b.dsse : nullptr;
  content.verifier_is_certificate = leaf.has_value();
  content.verifier_der = leaf ? leaf->Der() : out.key_der;
  for (const auto& e : b.tlog_entries) {
    if (content.artifact_digest.empty() && !content.dsse) {
      return Fail("tlog: a message signature needs the artifact");
    }
    AFS_TRY(CheckRekorBody(e, content));
    AFS_ASSIGN_OR_RETURN(TlogEvidence ev, VerifyTlogEntry(e, *o.root, o.now));
    if (ev.integrated_time) out.verified_times.push_back(*ev.integrated_time);
  }

  // RFC 3161 timestamps over the signature.
  for (const auto& ts : b.rfc3161_timestamps) {
    auto t = VerifyRfc3161Timestamp(ts, b.Signature(), o.root->timestamp_authorities);
    if (!t.ok()) return t.error();
    out.verified_times.push_back(*t);
  }
  if (out.verified_times.empty()) {
    return Fail(
        "time: no verified signing time (no inclusion promise and no RFC 3161 timestamp; Rekor "
        "v2 entries need a timestamp)");
  }
  if (!leaf) return out;

  // The certificate at every verified time.
  for (int64_t t : out.verified_times) {
    if (t < leaf->NotBefore() || t > leaf->NotAfter()) {
      return Fail("certificate: verified time " + FormatRfc3339(t) +
                  " is outside the certificate's validity " + FormatRfc3339(leaf->NotBefore()) +
                  " to " + FormatRfc3339(leaf->NotAfter()));
    }
  }
  std::string issuer_der;
  std::string chain_errors;
  for (const auto& ca : o.root->certificate_authorities) {
    std::string issuer;
    Status all = OkStatus();
    for (int64_t t : out.verified_times) {
      auto r = leaf->VerifyChain(ca, t);
      if (!r.ok()) {
        all = r.error();
        break;
      }
      issuer = *r;
    }
    if (all.ok()) {
      issuer_der = issuer;
      break;
    }
    chain_errors += "; " + all.error().message();
  }
  if (issuer_der.empty()) {
    return Fail(
        "certificate chain: no trusted Fulcio CA issued the certificate at the signing "
        "time" +
        (chain_errors.empty() ? std::string() : " (" + chain_errors.substr(2) + ")"));
  }
  AFS_TRY(VerifyEmbeddedScts(leaf->Der(), issuer_der, o.root->ctlogs));
  out.sans = leaf->Sans();
  out.issuer = leaf->OidcIssuer();
  out.subject = leaf->Subject();
  AFS_TRY(o.identity->Match(out.sans, out.issuer));
  return out;
}

}  // namespace attestfs::sigstore
