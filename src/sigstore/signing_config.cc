// signing_config.json v0.2 parsing: the services valid now.
#include "sigstore/signing_config.h"

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/file_io.h"
#include "base/json_depth.h"

namespace attestfs::sigstore {
namespace {

using nlohmann::json;

// The url of the first service valid at `now` with the wanted API version (0: any).
std::string Pick(const json& j, const char* field, int64_t now, int api_version) {
  auto arr = j.find(field);
  if (arr == j.end() || !arr->is_array()) return {};
  for (const auto& s : *arr) {
    if (!s.is_object()) continue;
    auto url = s.find("url");
    if (url == s.end() || !url->is_string()) continue;
    if (api_version != 0) {
      auto v = s.find("majorApiVersion");
      if (v != s.end() && (!v->is_number_integer() || v->get<int>() != api_version)) continue;
    }
    auto vf = s.find("validFor");
    if (vf != s.end() && vf->is_object()) {
      auto start = vf->find("start");
      auto end = vf->find("end");
      if (start != vf->end() && start->is_string()) {
        auto t = ParseRfc3339(start->get<std::string>());
        if (!t || *t > now) continue;
      }
      if (end != vf->end() && end->is_string()) {
        auto t = ParseRfc3339(end->get<std::string>());
        if (!t || *t < now) continue;
      }
    }
    return url->get<std::string>();
  }
  return {};
}

}  // namespace

Result<SigningConfig> SigningConfig::Parse(std::string_view text, int64_t now) {
  if (Status d = CheckJsonDepth(text); !d.ok()) return d.error().Context("signing config");
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Error(Errc::kUsage, "signing config is not a JSON object");
  }
  auto mt = j.find("mediaType");
  if (mt == j.end() || !mt->is_string() ||
      mt->get<std::string>() != "application/vnd.dev.sigstore.signingconfig.v0.2+json") {
    return Error(Errc::kUsage, "signing config: unsupported mediaType (want v0.2)");
  }
  SigningConfig c;
  c.fulcio_url = Pick(j, "caUrls", now, 0);
  c.rekor_url = Pick(j, "rekorTlogUrls", now, 1);
  c.tsa_url = Pick(j, "tsaUrls", now, 0);
  if (c.fulcio_url.empty()) return Error(Errc::kUsage, "signing config: no Fulcio CA valid now");
  if (c.rekor_url.empty()) {
    return Error(Errc::kUsage,
                 "signing config: no Rekor v1 log valid now (Rekor v2 is not supported)");
  }
  return c;
}

Result<SigningConfig> SigningConfig::LoadFile(const std::string& path, int64_t now) {
  auto text = ReadFileLimited(path, 1u << 20);
  if (!text.ok()) return Error(Errc::kUsage, text.error().Context("read " + path).message());
  return Parse(*text, now);
}

}  // namespace attestfs::sigstore
