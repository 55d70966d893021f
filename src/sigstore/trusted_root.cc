// trusted_root.json parsing (protobuf-JSON: bytes as base64, times as RFC 3339).
#include "sigstore/trusted_root.h"

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/file_io.h"
#include "base/json_depth.h"
#include "digest/base64.h"

namespace attestfs::sigstore {
namespace {

using nlohmann::json;

constexpr std::string_view kMediaTypePrefix = "application/vnd.dev.sigstore.trustedroot";
constexpr size_t kMaxEntries = 64;

Error Bad(const std::string& what) { return Error(Errc::kMalformed, "trusted root: " + what); }

Result<std::string> Bytes(const json& obj, const char* field, const std::string& where) {
  auto it = obj.find(field);
  if (it == obj.end() || !it->is_string()) return Bad(where + ": missing " + field);
  auto raw = digest::Base64Decode(it->get<std::string>());
  if (!raw.ok()) return Bad(where + "." + field + ": " + raw.error().message());
  if (raw->empty()) return Bad(where + "." + field + " is empty");
  return std::move(raw).value();
}

Result<TimeWindow> Window(const json& obj, const std::string& where) {
  auto vf = obj.find("validFor");
  if (vf == obj.end() || !vf->is_object()) return Bad(where + ": missing validFor");
  auto start = vf->find("start");
  if (start == vf->end() || !start->is_string()) return Bad(where + ": missing validFor.start");
  TimeWindow w;
  auto s = ParseRfc3339(start->get<std::string>());
  if (!s) return Bad(where + ": bad validFor.start");
  w.start = *s;
  if (auto end = vf->find("end"); end != vf->end() && !end->is_null()) {  // null: open-ended
    if (!end->is_string()) return Bad(where + ": bad validFor.end");
    auto e = ParseRfc3339(end->get<std::string>());
    if (!e) return Bad(where + ": bad validFor.end");
    w.end = *e;
  }
  return w;
}

std::string Str(const json& obj, const char* field) {
  auto it = obj.find(field);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<std::vector<TransparencyLog>> Logs(const json& j, const char* field) {
  std::vector<TransparencyLog> out;
  auto arr = j.find(field);
  if (arr == j.end()) return out;
  if (!arr->is_array()) return Bad(std::string(field) + " is not an array");
  if (arr->size() > kMaxEntries) return Bad(std::string("too many ") + field);
  for (size_t i = 0; i < arr->size(); ++i) {
    const json& l = (*arr)[i];
    std::string where = std::string(field) + "[" + std::to_string(i) + "]";
    if (!l.is_object()) return Bad(where + " is not an object");
    TransparencyLog log;
    log.base_url = Str(l, "baseUrl");
    auto pk = l.find("publicKey");
    if (pk == l.end() || !pk->is_object()) return Bad(where + ": missing publicKey");
    AFS_ASSIGN_OR_RETURN(log.public_key_der, Bytes(*pk, "rawBytes", where + ".publicKey"));
    log.key_details = Str(*pk, "keyDetails");
    AFS_ASSIGN_OR_RETURN(log.valid_for, Window(*pk, where + ".publicKey"));
    auto id = l.find("logId");
    if (id == l.end() || !id->is_object()) return Bad(where + ": missing logId");
    AFS_ASSIGN_OR_RETURN(log.log_id, Bytes(*id, "keyId", where + ".logId"));
    out.push_back(std::move(log));
  }
  return out;
}

Result<std::vector<CertificateAuthority>> Authorities(const json& j, const char* field) {
  std::vector<CertificateAuthority> out;
  auto arr = j.find(field);
  if (arr == j.end()) return out;
  if (!arr->is_array()) return Bad(std::string(field) + " is not an array");
  if (arr->size() > kMaxEntries) return Bad(std::string("too many ") + field);
  for (size_t i = 0; i < arr->size(); ++i) {
    const json& a = (*arr)[i];
    std::string where = std::string(field) + "[" + std::to_string(i) + "]";
    if (!a.is_object()) return Bad(where + " is not an object");
    CertificateAuthority ca;
    ca.uri = Str(a, "uri");
    if (auto subj = a.find("subject"); subj != a.end() && subj->is_object()) {
      std::string o = Str(*subj, "organization"), cn = Str(*subj, "commonName");
      ca.subject = (o.empty() ? "" : "O=" + o) + (o.empty() || cn.empty() ? "" : ", ") +
                   (cn.empty() ? "" : "CN=" + cn);
    }
    auto chain = a.find("certChain");
    if (chain == a.end() || !chain->is_object()) return Bad(where + ": missing certChain");
    auto certs = chain->find("certificates");
    if (certs == chain->end() || !certs->is_array() || certs->empty() || certs->size() > 10) {
      return Bad(where + ": certChain.certificates must hold 1 to 10 certificates");
    }
    for (size_t k = 0; k < certs->size(); ++k) {
      if (!(*certs)[k].is_object()) return Bad(where + ": certificate is not an object");
      AFS_ASSIGN_OR_RETURN(std::string der,
                           Bytes((*certs)[k], "rawBytes", where + ".certChain.certificates"));
      ca.chain_der.push_back(std::move(der));
    }
    AFS_ASSIGN_OR_RETURN(ca.valid_for, Window(a, where));
    out.push_back(std::move(ca));
  }
  return out;
}

std::string Describe(const TransparencyLog& l) {
  return l.base_url + " (" + l.key_details + ", log id " + digest::Base64Encode(l.log_id) +
         ", valid " + l.valid_for.Describe() + ")";
}

std::string Describe(const CertificateAuthority& a) {
  return (a.uri.empty() ? a.subject : a.uri) + " (" + std::to_string(a.chain_der.size()) +
         " certificate(s), valid " + a.valid_for.Describe() + ")";
}

}  // namespace

Result<TrustedRoot> TrustedRoot::Parse(std::string_view text) {
  if (text.size() > kMaxTrustedRootBytes) return Error(Errc::kTooLarge, "trusted root too large");
  if (Status d = CheckJsonDepth(text); !d.ok()) return d.error().Context("trusted root");
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Bad("not a JSON object");
  std::string mt = Str(j, "mediaType");
  if (mt.rfind(kMediaTypePrefix, 0) != 0) return Bad("unknown mediaType '" + mt + "'");
  TrustedRoot r;
  AFS_ASSIGN_OR_RETURN(r.tlogs, Logs(j, "tlogs"));
  AFS_ASSIGN_OR_RETURN(r.ctlogs, Logs(j, "ctlogs"));
  AFS_ASSIGN_OR_RETURN(r.certificate_authorities, Authorities(j, "certificateAuthorities"));
  AFS_ASSIGN_OR_RETURN(r.timestamp_authorities, Authorities(j, "timestampAuthorities"));
  if (r.tlogs.empty()) return Bad("no transparency logs");
  return r;
}

Result<TrustedRoot> TrustedRoot::LoadFile(const std::string& path) {
  auto text = ReadFileLimited(path, kMaxTrustedRootBytes);
  if (!text.ok()) return text.error().Context("read trusted root " + path);
  auto r = Parse(*text);
  if (!r.ok()) return r.error().Context(path);
  return r;
}

const TransparencyLog* TrustedRoot::FindTlog(std::string_view log_id) const {
  for (const auto& l : tlogs) {
    if (l.log_id == log_id) return &l;
  }
  return nullptr;
}

const TransparencyLog* TrustedRoot::FindCtlog(std::string_view log_id) const {
  for (const auto& l : ctlogs) {
    if (l.log_id == log_id) return &l;
  }
  return nullptr;
}

std::string TrustedRoot::Describe() const {
  std::string out;
  for (const auto& l : tlogs) out += "tlog " + sigstore::Describe(l) + "\n";
  for (const auto& a : certificate_authorities) out += "fulcio " + sigstore::Describe(a) + "\n";
  for (const auto& l : ctlogs) out += "ctlog " + sigstore::Describe(l) + "\n";
  for (const auto& a : timestamp_authorities) out += "tsa " + sigstore::Describe(a) + "\n";
  return out;
}

}  // namespace attestfs::sigstore
