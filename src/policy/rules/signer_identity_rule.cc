// signer-identity: some evidence for the subject was signed, and verified, by one of the
// rule's keys, by a certificate from its CA roots whose subject / SAN / issuer match, or
// keylessly (Sigstore) under its trusted root with the given certificate identity and issuer.
// Unverified evidence is never considered, whatever `evidence.signed` says.
#include "base/file_io.h"
#include "keys/certificate_chain.h"
#include "policy/rules/builtin_rules.h"
#include "policy/signer_constraint.h"
#include "sigstore/certificate_identity.h"
#include "sigstore/trusted_root.h"

namespace attestfs::policy {

namespace {

class SignerIdentityRule final : public Rule {
 public:
  explicit SignerIdentityRule(SignerConstraint c) : constraint_(std::move(c)) {}

  RuleVerdict Check(const std::vector<const EvidenceItem*>& evidence,
                    const RuleEnv& env) const override {
    RuleVerdict v;
    std::string first_why;
    for (const EvidenceItem* item : evidence) {
      if (!item->signature_verified) continue;
      std::string why;
      if (constraint_.Accepts(item->signer, item->cert_chain_der, &why, item->container_json)) {
        v.passed = true;
        v.evidence_digest = item->digest;
        v.reason = "signed by " + item->signer.description;
        return v;
      }
      if (first_why.empty()) {
        first_why = why;
        v.evidence_digest = item->digest;
      }
    }
    v.reason = first_why.empty() ? NoEvidenceReason(env)
                                 : first_why + "; expected " + constraint_.Describe();
    return v;
  }

  const SignerConstraint* signer_constraint() const override { return &constraint_; }

 private:
  SignerConstraint constraint_;
};

}  // namespace

// Keyless: trusted-root + exactly one of san / san-regexp + exactly one of issuer / issuer-regexp
// (exact values, or RE2 anchored at both ends, as cosign's flags).
Result<std::shared_ptr<const sigstore::KeylessTrustPolicy>> KeylessConstraint(
    const PolicyNode& with, const std::string& root_path) {
  if (with.Has("ca-roots") || with.Has("subject")) {
    return with.ErrorAt(with.Has("ca-roots") ? "ca-roots" : "subject",
                        "does not combine with 'trusted-root' (keyless)");
  }
  sigstore::IdentitySpec spec;
  auto one = [&](const char* key, std::string* out) -> Status {
    AFS_ASSIGN_OR_RETURN(auto values, with.StringList(key, false));
    if (values.size() > 1) return with.ErrorAt(key, "keyless takes one value");
    if (!values.empty()) *out = values[0];
    return OkStatus();
  };
  AFS_TRY(one("san", &spec.san));
  AFS_TRY(one("san-regexp", &spec.san_regexp));
  AFS_TRY(one("issuer", &spec.issuer));
  AFS_TRY(one("issuer-regexp", &spec.issuer_regexp));
  auto identity = sigstore::CertificateIdentity::Create(spec);
  if (!identity.ok()) {
    return with.ErrorAt("trusted-root",
                        "needs one of 'san'/'san-regexp' and one of 'issuer'/'issuer-regexp': " +
                            identity.error().message());
  }
  auto root = sigstore::TrustedRoot::LoadFile(with.ResolvePath(root_path));
  if (!root.ok()) return with.ErrorAt("trusted-root", root.error().message());
  return std::shared_ptr<const sigstore::KeylessTrustPolicy>(
      std::make_shared<sigstore::KeylessTrustPolicy>(std::move(root).value(),
                                                     std::move(identity).value()));
}

Result<std::unique_ptr<Rule>> MakeSignerIdentityRule(const PolicyNode& with) {
  AFS_TRY(with.CheckKnownKeys({"keys", "ca-roots", "subject", "san", "issuer", "trusted-root",
                               "san-regexp", "issuer-regexp"}));
  SignerConstraint c;
  AFS_ASSIGN_OR_RETURN(auto trusted_root, with.String("trusted-root"));
  if (trusted_root) {
    AFS_ASSIGN_OR_RETURN(c.keyless, KeylessConstraint(with, *trusted_root));
    AFS_ASSIGN_OR_RETURN(auto key_paths, with.StringList("keys", false));
    for (const auto& p : key_paths) {
      auto key = keys::PublicKey::LoadFile(with.ResolvePath(p));
      if (!key.ok())
        return with.ErrorAt("keys", "cannot load public key '" + p + "': " + key.error().message());
      c.keys.push_back(std::move(*key));
    }
    return std::unique_ptr<Rule>(new SignerIdentityRule(std::move(c)));
  }
  if (with.Has("san-regexp") || with.Has("issuer-regexp")) {
    return with.ErrorAt(with.Has("san-regexp") ? "san-regexp" : "issuer-regexp",
                        "regexps are for keyless rules (with 'trusted-root')");
  }
  AFS_ASSIGN_OR_RETURN(auto key_paths, with.StringList("keys", false));
  for (const auto& p : key_paths) {
    auto key = keys::PublicKey::LoadFile(with.ResolvePath(p));
    if (!key.ok())
      return with.ErrorAt("keys", "cannot load public key '" + p + "': " + key.error().message());
    c.keys.push_back(std::move(*key));
  }
  AFS_ASSIGN_OR_RETURN(auto roots, with.String("ca-roots"));
  AFS_ASSIGN_OR_RETURN(c.subject_globs, with.StringList("subject", false));
  AFS_ASSIGN_OR_RETURN(c.san_globs, with.StringList("san", false));
  AFS_ASSIGN_OR_RETURN(c.issuer_globs, with.StringList("issuer", false));
  if (roots) {
    auto pem = ReadFileLimited(with.ResolvePath(*roots), keys::kMaxPemBundleBytes);
    if (!pem.ok())
      return with.ErrorAt("ca-roots", "cannot read '" + *roots + "': " + pem.error().message());
    if (auto parsed = keys::CertificateChain::FromPem(*pem); !parsed.ok()) {
      return with.ErrorAt("ca-roots",
                          "'" + *roots + "' holds no PEM certificate: " + parsed.error().message());
    }
    c.roots_pem = std::move(*pem);
    if (c.subject_globs.empty() && c.san_globs.empty()) {
      return with.ErrorAt("ca-roots",
                          "needs 'subject' or 'san': any certificate from the CA would match");
    }
  } else if (!c.subject_globs.empty() || !c.san_globs.empty() || !c.issuer_globs.empty()) {
    return with.ErrorAt(with.Has("subject") ? "subject"
                        : with.Has("san")   ? "san"
                                            : "issuer",
                        "identity patterns need 'ca-roots'");
  }
  if (c.keys.empty() && c.roots_pem.empty())
    return with.ErrorAt("keys", "required: 'keys' or 'ca-roots'");
  return std::unique_ptr<Rule>(new SignerIdentityRule(std::move(c)));
}

}  // namespace attestfs::policy
