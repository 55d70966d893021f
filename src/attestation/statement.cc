// Statement JSON codec (nlohmann/json stays in this file).
#include "attestation/statement.h"

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/json_depth.h"

namespace attestfs::attestation {

using nlohmann::json;

std::string Statement::Serialize() const {
  json j;
  j["_type"] = type;
  json subs = json::array();
  for (const auto& s : subjects) {
    json d = json::object();
    if (!s.name.empty()) d["name"] = s.name;
    if (!s.uri.empty()) d["uri"] = s.uri;
    d["digest"] = s.digest;
    if (!s.annotations.empty()) d["annotations"] = s.annotations;
    subs.push_back(std::move(d));
  }
  j["subject"] = std::move(subs);
  j["predicateType"] = predicate_type;
  j["predicate"] = json::parse(predicate_json);
  return j.dump();
}

Result<Statement> Statement::Parse(std::string_view text) {
  if (text.size() > kMaxDocumentBytes) {
    return Error(Errc::kTooLarge, "statement of " + std::to_string(text.size()) +
                                      " bytes exceeds the limit of " +
                                      std::to_string(kMaxDocumentBytes));
  }
  if (Status d = CheckJsonDepth(text); !d.ok()) return d.error().Context("statement");
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Error(Errc::kMalformed, "statement is not a JSON object");
  Statement st;
  auto type = j.find("_type");
  if (type == j.end() || !type->is_string())
    return Error(Errc::kMalformed, "statement has no _type");
  st.type = type->get<std::string>();
  if (st.type != kStatementV1 && st.type != kStatementV01) {
    return Error(Errc::kMalformed, "unsupported statement _type '" + st.type + "'");
  }
  auto pt = j.find("predicateType");
  if (pt == j.end() || !pt->is_string() || pt->get<std::string>().empty()) {
    return Error(Errc::kMalformed, "statement has no predicateType");
  }
  st.predicate_type = pt->get<std::string>();
  auto subs = j.find("subject");
  if (subs == j.end() || !subs->is_array() || subs->empty()) {
    return Error(Errc::kMalformed, "statement has no subject");
  }
  for (const auto& s : *subs) {
    if (!s.is_object()) return Error(Errc::kMalformed, "statement subject is not an object");
    ResourceDescriptor rd;
    if (auto n = s.find("name"); n != s.end() && n->is_string()) rd.name = n->get<std::string>();
    if (auto u = s.find("uri"); u != s.end() && u->is_string()) rd.uri = u->get<std::string>();
    auto d = s.find("digest");
    if (d == s.end() || !d->is_object() || d->empty()) {
      return Error(Errc::kMalformed, "statement subject '" + rd.name + "' has no digest");
    }
    for (auto it = d->begin(); it != d->end(); ++it) {
      if (!it.value().is_string())
        return Error(Errc::kMalformed, "subject digest value is not a string");
      rd.digest[it.key()] = it.value().get<std::string>();
    }
    if (auto a = s.find("annotations"); a != s.end() && a->is_object()) {
      for (auto it = a->begin(); it != a->end(); ++it) {
        if (it.value().is_string()) rd.annotations[it.key()] = it.value().get<std::string>();
      }
    }
    st.subjects.push_back(std::move(rd));
  }
  if (auto p = j.find("predicate"); p != j.end()) {
    st.predicate_json = p->dump();
  }
  return st;
}

std::optional<int64_t> Statement::CreatedAt() const {
  for (const auto& s : subjects) {
    auto it = s.annotations.find(std::string(kCreatedAnnotation));
    if (it != s.annotations.end()) return ParseRfc3339(it->second);
  }
  return std::nullopt;
}

}  // namespace attestfs::attestation
