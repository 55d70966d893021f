// SignKeyless: Fulcio -> sign -> Rekor -> TSA -> bundle -> VerifyBundle.
#include "app/keyless_signing.h"

#include <cstdlib>
#include <random>

#include "app/trust_config.h"
#include "attestation/dsse_envelope.h"
#include "base/file_io.h"
#include "digest/sha256_hasher.h"
#include "keys/private_key.h"
#include "sigstore/bundle.h"
#include "sigstore/bundle_verifier.h"
#include "sigstore/bundle_writer.h"
#include "sigstore/certificate_identity.h"
#include "sigstore/fulcio_certificate.h"
#include "sigstore/keyless_protocol.h"
#include "sigstore/signing_config.h"
#include "sigstore/trusted_root.h"

namespace attestfs::app {
namespace {

std::string TrimSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// POSTs `body`; a non-2xx answer is an error naming the service and status.
Result<std::string> Post(oci::http::HttpClient& http, const std::string& service,
                         const std::string& url, const std::string& body,
                         const std::string& content_type, const std::string& accept = "") {
  oci::http::HttpRequest req;
  req.method = "POST";
  req.url = url;
  req.body = body;
  req.headers.Add("Content-Type", content_type);
  if (!accept.empty()) req.headers.Add("Accept", accept);
  req.retry_on_server_error = false;  // a retried POST could log the entry twice
  auto resp = http.Send(req);
  if (!resp.ok()) return resp.error().Context(service + " " + url);
  if (resp->status < 200 || resp->status > 299) {
    std::string snippet = resp->body.substr(0, 200);
    Errc code = resp->status == 401 || resp->status == 403 ? Errc::kUnauthorized : Errc::kNetwork;
    return Error(code, service + " " + url + ": HTTP " + std::to_string(resp->status) +
                           (snippet.empty() ? "" : ": " + snippet));
  }
  return std::move(resp->body);
}

std::string Sha256(std::string_view data) {
  digest::Sha256Hasher h;
  h.Update(data);
  return std::string(h.Finish().Raw());
}

}  // namespace

Result<std::string> IdentityToken(const std::string& flag, const std::string& token_file) {
  std::string token = flag;
  if (token.empty() && !token_file.empty()) {
    auto t = ReadFileLimited(token_file, 64 * 1024);
    if (!t.ok()) return Error(Errc::kUsage, t.error().Context("read identity token").message());
    token = *t;
  }
  if (token.empty()) {
    if (const char* env = std::getenv("SIGSTORE_ID_TOKEN"); env != nullptr) token = env;
  }
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) {
    token.pop_back();
  }
  if (token.empty()) {
    return Error(Errc::kUsage,
                 "keyless signing needs an identity token: --identity-token, "
                 "--identity-token-file or SIGSTORE_ID_TOKEN");
  }
  return token;
}

Result<KeylessSigningResult> SignKeyless(const KeylessSigningRequest& r, const KeylessContent& c,
                                         oci::http::HttpClient& http, const Clock& clock) {
  KeylessSigningRequest q = r;
  if (!q.signing_config.empty()) {
    AFS_ASSIGN_OR_RETURN(
        auto cfg, sigstore::SigningConfig::LoadFile(q.signing_config, clock.NowUnixSeconds()));
    if (q.fulcio_url.empty()) q.fulcio_url = cfg.fulcio_url;
    if (q.rekor_url.empty()) q.rekor_url = cfg.rekor_url;
    if (q.tsa_url.empty()) q.tsa_url = cfg.tsa_url;
  }
  if (q.fulcio_url.empty() || q.rekor_url.empty()) {
    return Error(Errc::kUsage,
                 "keyless signing needs --fulcio-url and --rekor-url (or --signing-config)");
  }
  // Trust for the self-check, loaded before anything is sent.
  TrustConfig tc;
  tc.trusted_root = q.trusted_root;
  AFS_ASSIGN_OR_RETURN(std::string root_path, TrustedRootPath(tc));
  auto root = sigstore::TrustedRoot::LoadFile(root_path);
  if (!root.ok()) return Error(Errc::kUsage, root.error().message());
  AFS_ASSIGN_OR_RETURN(std::string subject, sigstore::TokenSubject(q.identity_token));

  // The ephemeral key: in memory only.
  AFS_ASSIGN_OR_RETURN(keys::PrivateKey key, keys::PrivateKey::Generate(keys::KeyType::kEcdsaP256));
  AFS_ASSIGN_OR_RETURN(std::string proof, key.Sign(subject));
  AFS_ASSIGN_OR_RETURN(std::string fulcio_resp,
                       Post(http, "fulcio", TrimSlash(q.fulcio_url) + "/api/v2/signingCert",
                            sigstore::FulcioRequest(q.identity_token, key.Public().ToPem(), proof),
                            "application/json", "application/json"));
  auto leaf_der = sigstore::FulcioLeafDer(fulcio_resp);
  if (!leaf_der.ok()) return leaf_der.error().Context("fulcio");
  auto leaf = sigstore::FulcioCertificate::FromDer(*leaf_der);
  if (!leaf.ok()) return leaf.error().Context("fulcio certificate");
  if (leaf->PublicKeyDer() != key.Public().ToDer()) {
    return Error(Errc::kVerificationFailed, "fulcio: the certificate is not for the ephemeral key");
  }
  std::string cert_pem = sigstore::DerToPem(*leaf_der, "CERTIFICATE");

  sigstore::Bundle b;
  b.certificates = {*leaf_der};
  std::string rekor_body, kind, version;
  if (c.artifact) {
    AFS_ASSIGN_OR_RETURN(std::string sig, key.Sign(*c.artifact));
    b.message_signature = sigstore::MessageSignature{Sha256(*c.artifact), sig};
    rekor_body = sigstore::HashedRekordRequest(sig, cert_pem, b.message_signature->digest);
    kind = "hashedrekord";
    version = "0.0.1";
  } else {
    attestation::DsseEnvelope env;
    env.payload_type = c.payload_type;
    env.payload = c.payload;
    AFS_ASSIGN_OR_RETURN(std::string sig,
                         key.Sign(attestation::PreAuthEncode(c.payload_type, c.payload)));
    env.signatures.push_back({"", sig});
    rekor_body = sigstore::IntotoRequest(env, cert_pem);
    b.dsse = std::move(env);
    kind = "intoto";
    version = "0.0.2";
  }
  AFS_ASSIGN_OR_RETURN(std::string rekor_resp,
                       Post(http, "rekor", TrimSlash(q.rekor_url) + "/api/v1/log/entries",
                            rekor_body, "application/json", "application/json"));
  auto entry = sigstore::ParseRekorResponse(rekor_resp, kind, version);
  if (!entry.ok()) return entry.error().Context("rekor");
  b.tlog_entries.push_back(std::move(entry).value());
  if (!q.tsa_url.empty()) {
    std::random_device rd;
    uint64_t nonce = ((static_cast<uint64_t>(rd()) << 21) ^ rd()) % ((1ull << 53) - 1) + 1;
    AFS_ASSIGN_OR_RETURN(std::string ts, Post(http, "timestamp authority", q.tsa_url,
                                              sigstore::TimestampRequest(b.Signature(), nonce),
                                              "application/json", "application/timestamp-reply"));
    b.rfc3161_timestamps.push_back(std::move(ts));
  }

  // Nothing leaves unless the whole bundle verifies, for the identity the certificate names.
  KeylessSigningResult out;
  out.bundle_json = sigstore::WriteBundle(b);
  auto parsed = sigstore::Bundle::Parse(out.bundle_json);
  if (!parsed.ok()) return parsed.error().Context("assembled bundle");
  std::vector<std::string> sans = leaf->Sans();
  out.identity = sans.empty() ? "" : sans[0];
  out.issuer = leaf->OidcIssuer();
  auto identity = sigstore::CertificateIdentity::Create({out.identity, "", out.issuer, ""});
  if (!identity.ok()) {
    return Error(Errc::kVerificationFailed, "fulcio: the certificate names no identity or issuer");
  }
  sigstore::VerifyOptions opts;
  opts.root = &*root;
  opts.identity = &*identity;
  opts.now = clock.NowUnixSeconds();
  sigstore::Artifact a;
  a.bytes = c.artifact;
  auto v = sigstore::VerifyBundle(*parsed, a, opts);
  if (!v.ok()) return v.error().Context("the signed bundle does not verify against " + root_path);
  return out;
}

}  // namespace attestfs::app
