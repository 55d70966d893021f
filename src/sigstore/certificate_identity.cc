// CertificateIdentity over RE2 (FullMatch = anchored at both ends).
#include "sigstore/certificate_identity.h"

#include <re2/re2.h>

namespace attestfs::sigstore {

struct CertificateIdentity::Impl {
  IdentitySpec spec;
  std::unique_ptr<RE2> san_re;
  std::unique_ptr<RE2> issuer_re;
};

CertificateIdentity::CertificateIdentity(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CertificateIdentity::~CertificateIdentity() = default;
CertificateIdentity::CertificateIdentity(CertificateIdentity&&) noexcept = default;
CertificateIdentity& CertificateIdentity::operator=(CertificateIdentity&&) noexcept = default;

Result<CertificateIdentity> CertificateIdentity::Create(const IdentitySpec& spec) {
  if (spec.san.empty() == spec.san_regexp.empty()) {
    return Error(Errc::kUsage,
                 "keyless verification needs exactly one of --certificate-identity and "
                 "--certificate-identity-regexp");
  }
  if (spec.issuer.empty() == spec.issuer_regexp.empty()) {
    return Error(Errc::kUsage,
                 "keyless verification needs exactly one of --certificate-oidc-issuer and "
                 "--certificate-oidc-issuer-regexp");
  }
  auto impl = std::make_unique<Impl>();
  impl->spec = spec;
  RE2::Options opts;
  opts.set_log_errors(false);
  if (!spec.san_regexp.empty()) {
    impl->san_re = std::make_unique<RE2>(spec.san_regexp, opts);
    if (!impl->san_re->ok()) {
      return Error(Errc::kUsage, "--certificate-identity-regexp: " + impl->san_re->error());
    }
  }
  if (!spec.issuer_regexp.empty()) {
    impl->issuer_re = std::make_unique<RE2>(spec.issuer_regexp, opts);
    if (!impl->issuer_re->ok()) {
      return Error(Errc::kUsage, "--certificate-oidc-issuer-regexp: " + impl->issuer_re->error());
    }
  }
  return CertificateIdentity(std::move(impl));
}

Status CertificateIdentity::Match(const std::vector<std::string>& sans,
                                  const std::string& issuer) const {
  const IdentitySpec& s = impl_->spec;
  bool issuer_ok =
      impl_->issuer_re ? RE2::FullMatch(issuer, *impl_->issuer_re) : issuer == s.issuer;
  if (!issuer_ok) {
    return Error(Errc::kVerificationFailed, "certificate OIDC issuer \"" + issuer +
                                                "\" does not match \"" +
                                                (impl_->issuer_re ? s.issuer_regexp : s.issuer) +
                                                "\"" + (impl_->issuer_re ? " (regexp)" : ""));
  }
  for (const auto& san : sans) {
    if (impl_->san_re ? RE2::FullMatch(san, *impl_->san_re) : san == s.san) return OkStatus();
  }
  std::string got;
  for (const auto& san : sans) got += (got.empty() ? "" : ", ") + san;
  return Error(Errc::kVerificationFailed,
               "certificate identity \"" + (got.empty() ? std::string("(no SAN)") : got) +
                   "\" does not match \"" + (impl_->san_re ? s.san_regexp : s.san) + "\"" +
                   (impl_->san_re ? " (regexp)" : ""));
}

const IdentitySpec& CertificateIdentity::spec() const { return impl_->spec; }

}  // namespace attestfs::sigstore
