// Registry error-body parsing (distribution-spec §Error Codes); `detail` is arbitrary JSON.
#include "oci/registry_error.h"

#include <nlohmann/json.hpp>

#include "base/json_depth.h"

namespace attestfs::oci {
namespace {

using Json = nlohmann::json;
// A detail is shown only up to this many characters (it is arbitrary registry-supplied JSON).
constexpr size_t kMaxDetailChars = 200;
// Non-JSON error bodies (e.g. "404 page not found") are quoted up to this many characters.
constexpr size_t kMaxPlainBodyChars = 200;

Json ParseErrors(std::string_view body) {
  if (!CheckJsonDepth(body).ok()) return Json();
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Json();
  auto it = j.find("errors");
  if (it == j.end() || !it->is_array()) return Json();
  return *it;
}

std::string Printable(std::string_view s, size_t max) {
  std::string out;
  for (char c : s.substr(0, max)) out.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
  if (s.size() > max) out += "...";
  return out;
}

}  // namespace

std::string RegistryErrorCode(std::string_view body) {
  Json errs = ParseErrors(body);
  if (!errs.is_array() || errs.empty() || !errs[0].is_object()) return "";
  auto c = errs[0].find("code");
  return (c != errs[0].end() && c->is_string()) ? c->get<std::string>() : "";
}

std::string DescribeRegistryErrorBody(std::string_view body) {
  Json errs = ParseErrors(body);
  if (!errs.is_array()) return "";
  std::string out;
  for (auto& e : errs) {
    if (!e.is_object()) continue;
    std::string code =
        e.contains("code") && e["code"].is_string() ? e["code"].get<std::string>() : "";
    std::string msg =
        e.contains("message") && e["message"].is_string() ? e["message"].get<std::string>() : "";
    std::string part = code.empty() ? msg : (msg.empty() ? code : code + ": " + msg);
    if (auto d = e.find("detail"); d != e.end() && !d->is_null()) {
      part += " (" +
              Printable(d->is_string() ? d->get<std::string>() : d->dump(), kMaxDetailChars) + ")";
    }
    if (!out.empty()) out += "; ";
    out += Printable(part, kMaxDetailChars * 2);
  }
  return out;
}

Error RegistryError(const http::HttpResponse& response, const RegistryErrorContext& ctx) {
  std::string code = RegistryErrorCode(response.body);
  long s = response.status;
  Errc errc = Errc::kInvalidArgument;
  if (s == 401 || code == "UNAUTHORIZED") {
    errc = Errc::kUnauthorized;
  } else if (s == 403 || code == "DENIED") {
    errc = Errc::kPermission;
  } else if (s == 404 || code == "BLOB_UNKNOWN" || code == "MANIFEST_UNKNOWN" ||
             code == "NAME_UNKNOWN" || code == "MANIFEST_BLOB_UNKNOWN" ||
             code == "BLOB_UPLOAD_UNKNOWN") {
    errc = Errc::kNotFound;
  } else if (code == "DIGEST_INVALID" || code == "SIZE_INVALID") {
    errc = Errc::kVerificationFailed;
  } else if (s == 413) {
    errc = Errc::kTooLarge;
  } else if (code == "UNSUPPORTED" || s == 405) {
    errc = Errc::kUnsupported;
  } else if (s == 429 || s >= 500) {
    errc = Errc::kNetwork;
  }
  std::string where = ctx.registry;
  if (!ctx.repository.empty()) where += "/" + ctx.repository;
  if (!ctx.object.empty()) where += (ctx.object.rfind("sha256:", 0) == 0 ? "@" : ":") + ctx.object;
  std::string detail = DescribeRegistryErrorBody(response.body);
  if (detail.empty() && !response.body.empty())
    detail = Printable(response.body, kMaxPlainBodyChars);
  std::string msg =
      (ctx.operation.empty() ? "" : ctx.operation + " ") + where + ": HTTP " + std::to_string(s);
  if (!detail.empty()) msg += ": " + detail;
  return Error(errc, msg);
}

}  // namespace attestfs::oci
