// PolicyNode over yaml-cpp: the only yaml-cpp user of the policy module. yaml-cpp throws;
// every call into it is wrapped so that errors come back as kUsage values with a location.
#include "policy/policy_node.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

namespace attestfs::policy {

namespace {

// Guards against alias expansion ("billion laughs") when converting values to JSON.
constexpr int kMaxJsonDepth = 32;
constexpr size_t kMaxJsonNodes = 10000;

bool ReadsAsNumber(const std::string& s, double* out) {
  if (s.empty() || s.size() > 64) return false;
  const char c = s[0];
  if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.')) {
    return false;
  }
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return false;
  *out = v;
  return true;
}

}  // namespace

struct PolicyNode::Impl {
  YAML::Node node;
  std::string file;
  std::string base_dir;
  std::string path;    // "policies[0].rules[1].with"; empty for the document
  int empty_line = 0;  // for a synthesized empty mapping: the line of its parent

  std::string KeyPath(std::string_view key) const {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }
  int KeyLine(std::string_view key) const {
    try {
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (it->first.IsScalar() && it->first.Scalar() == key) return it->first.Mark().line + 1;
      }
    } catch (const YAML::Exception&) {
    }
    return empty_line > 0 ? empty_line : node.Mark().line + 1;
  }
  // The value of `key`, an undefined node when absent or null.
  YAML::Node Get(std::string_view key) const {
    try {
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (it->first.IsScalar() && it->first.Scalar() == key) {
          return it->second.IsNull() ? YAML::Node(YAML::NodeType::Undefined) : it->second;
        }
      }
    } catch (const YAML::Exception&) {
    }
    return YAML::Node(YAML::NodeType::Undefined);
  }
  std::unique_ptr<Impl> Child(YAML::Node n, std::string child_path) const {
    auto c = std::make_unique<Impl>();
    c->node = std::move(n);
    c->file = file;
    c->base_dir = base_dir;
    c->path = std::move(child_path);
    return c;
  }
};

namespace {

Result<nlohmann::json> ToJson(const YAML::Node& n, int depth, size_t* count) {
  if (depth > kMaxJsonDepth || ++*count > kMaxJsonNodes) {
    return Error(Errc::kUsage, "value nested too deeply or too large");
  }
  switch (n.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return nlohmann::json(nullptr);
    case YAML::NodeType::Scalar: {
      const std::string& s = n.Scalar();
      if (n.Tag() == "!") return nlohmann::json(s);  // quoted: always a string
      if (s == "true" || s == "True" || s == "TRUE") return nlohmann::json(true);
      if (s == "false" || s == "False" || s == "FALSE") return nlohmann::json(false);
      if (s == "null" || s == "Null" || s == "NULL" || s == "~") return nlohmann::json(nullptr);
      double d = 0;
      if (ReadsAsNumber(s, &d)) {
        if (s.find_first_of(".eE") == std::string::npos) {
          char* end = nullptr;
          const long long ll = std::strtoll(s.c_str(), &end, 10);
          if (end == s.c_str() + s.size()) return nlohmann::json(static_cast<int64_t>(ll));
        }
        return nlohmann::json(d);
      }
      return nlohmann::json(s);
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& e : n) {
        auto v = ToJson(e, depth + 1, count);
        if (!v.ok()) return v.error();
        arr.push_back(std::move(*v));
      }
      return arr;
    }
    case YAML::NodeType::Map: {
      nlohmann::json obj = nlohmann::json::object();
      for (auto it = n.begin(); it != n.end(); ++it) {
        if (!it->first.IsScalar()) return Error(Errc::kUsage, "mapping key is not a string");
        auto v = ToJson(it->second, depth + 1, count);
        if (!v.ok()) return v.error();
        obj[it->first.Scalar()] = std::move(*v);
      }
      return obj;
    }
  }
  return nlohmann::json(nullptr);
}

}  // namespace

PolicyNode::PolicyNode(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PolicyNode::~PolicyNode() = default;
PolicyNode::PolicyNode(PolicyNode&&) noexcept = default;
PolicyNode& PolicyNode::operator=(PolicyNode&&) noexcept = default;

Result<PolicyNode> PolicyNode::ParseDocument(std::string_view yaml_text, const std::string& file,
                                             const std::string& base_dir) {
  auto impl = std::make_unique<Impl>();
  impl->file = file;
  impl->base_dir = base_dir;
  try {
    impl->node = YAML::Load(std::string(yaml_text));
  } catch (const YAML::ParserException& e) {
    return Error(Errc::kUsage,
                 file + ":" + std::to_string(e.mark.line + 1) + ": not valid YAML: " + e.msg);
  } catch (const YAML::Exception& e) {
    return Error(Errc::kUsage, file + ": not valid YAML: " + e.what());
  }
  if (!impl->node.IsMap()) {
    return Error(Errc::kUsage, file + ":1: the policy file must be a YAML mapping with 'policies'");
  }
  return PolicyNode(std::move(impl));
}

int PolicyNode::line() const {
  return impl_->empty_line > 0 ? impl_->empty_line : impl_->node.Mark().line + 1;
}

Error PolicyNode::ErrorAt(std::string_view key, const std::string& message) const {
  return Error(Errc::kUsage, impl_->file + ":" + std::to_string(impl_->KeyLine(key)) + ": key '" +
                                 impl_->KeyPath(key) + "': " + message);
}

Status PolicyNode::CheckKnownKeys(const std::vector<std::string_view>& known) const {
  std::set<std::string> seen;
  try {
    for (auto it = impl_->node.begin(); it != impl_->node.end(); ++it) {
      if (!it->first.IsScalar()) {
        return Error(Errc::kUsage, impl_->file + ":" + std::to_string(it->first.Mark().line + 1) +
                                       ": a mapping key is not a string");
      }
      const std::string& k = it->first.Scalar();
      bool ok = false;
      for (auto kn : known) ok = ok || kn == k;
      if (!ok) {
        std::string list;
        for (auto kn : known) list += (list.empty() ? "" : ", ") + std::string(kn);
        return ErrorAt(k, "unknown key (expected one of: " + list + ")");
      }
      if (!seen.insert(k).second) return ErrorAt(k, "given twice");
    }
  } catch (const YAML::Exception& e) {
    return Error(Errc::kUsage, impl_->file + ": " + e.what());
  }
  return OkStatus();
}

bool PolicyNode::Has(std::string_view key) const {
  try {
    for (auto it = impl_->node.begin(); it != impl_->node.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == key) return true;
    }
  } catch (const YAML::Exception&) {
  }
  return false;
}

Result<std::vector<std::string>> PolicyNode::StringList(std::string_view key, bool required) const {
  YAML::Node v = impl_->Get(key);
  std::vector<std::string> out;
  if (!v.IsDefined()) {
    if (required) return ErrorAt(key, "required");
    return out;
  }
  if (v.IsScalar()) {
    out.push_back(v.Scalar());
  } else if (v.IsSequence()) {
    for (const auto& e : v) {
      if (!e.IsScalar()) return ErrorAt(key, "expected a list of strings");
      out.push_back(e.Scalar());
    }
  } else {
    return ErrorAt(key, "expected a string or a list of strings");
  }
  for (const auto& s : out) {
    if (s.empty()) return ErrorAt(key, "empty string in list");
  }
  if (required && out.empty()) return ErrorAt(key, "must not be empty");
  return out;
}

Result<std::optional<std::string>> PolicyNode::String(std::string_view key) const {
  YAML::Node v = impl_->Get(key);
  if (!v.IsDefined()) return std::optional<std::string>();
  if (!v.IsScalar()) return ErrorAt(key, "expected a string");
  return std::optional<std::string>(v.Scalar());
}

Result<std::string> PolicyNode::RequiredString(std::string_view key) const {
  AFS_ASSIGN_OR_RETURN(auto v, String(key));
  if (!v || v->empty()) return ErrorAt(key, "required");
  return *v;
}

Result<std::optional<bool>> PolicyNode::Bool(std::string_view key) const {
  YAML::Node v = impl_->Get(key);
  if (!v.IsDefined()) return std::optional<bool>();
  if (v.IsScalar() && v.Tag() != "!") {
    const std::string& s = v.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return std::optional<bool>(true);
    if (s == "false" || s == "False" || s == "FALSE") return std::optional<bool>(false);
  }
  return ErrorAt(key, "expected true or false");
}

Result<std::string> PolicyNode::Enum(std::string_view key,
                                     const std::vector<std::string_view>& values,
                                     std::string_view fallback) const {
  AFS_ASSIGN_OR_RETURN(auto v, String(key));
  if (!v) return std::string(fallback);
  for (auto allowed : values) {
    if (*v == allowed) return *v;
  }
  std::string list;
  for (auto allowed : values) list += (list.empty() ? "" : "|") + std::string(allowed);
  return ErrorAt(key, "'" + *v + "' is not one of " + list);
}

Result<std::vector<int64_t>> PolicyNode::IntList(std::string_view key) const {
  AFS_ASSIGN_OR_RETURN(auto strings, StringList(key, false));
  std::vector<int64_t> out;
  for (const auto& s : strings) {
    char* end = nullptr;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (end != s.c_str() + s.size() || v < 0)
      return ErrorAt(key, "'" + s + "' is not an integer >= 0");
    out.push_back(v);
  }
  return out;
}

Result<std::vector<PolicyNode>> PolicyNode::MapList(std::string_view key, bool required) const {
  YAML::Node v = impl_->Get(key);
  std::vector<PolicyNode> out;
  if (!v.IsDefined()) {
    if (required) return ErrorAt(key, "required");
    return out;
  }
  if (!v.IsSequence()) return ErrorAt(key, "expected a list");
  size_t i = 0;
  for (const auto& e : v) {
    const std::string child = impl_->KeyPath(key) + "[" + std::to_string(i++) + "]";
    if (!e.IsMap()) {
      return Error(Errc::kUsage, impl_->file + ":" + std::to_string(e.Mark().line + 1) + ": key '" +
                                     child + "': expected a mapping");
    }
    out.emplace_back(impl_->Child(e, child));
  }
  if (required && out.empty()) return ErrorAt(key, "must not be empty");
  return out;
}

Result<std::optional<PolicyNode>> PolicyNode::Map(std::string_view key) const {
  YAML::Node v = impl_->Get(key);
  if (!v.IsDefined()) return std::optional<PolicyNode>();
  if (!v.IsMap()) return ErrorAt(key, "expected a mapping");
  return std::optional<PolicyNode>(PolicyNode(impl_->Child(v, impl_->KeyPath(key))));
}

Result<PolicyNode> PolicyNode::MapOrEmpty(std::string_view key) const {
  AFS_ASSIGN_OR_RETURN(auto m, Map(key));
  if (m) return std::move(*m);
  auto child = impl_->Child(YAML::Node(YAML::NodeType::Map), impl_->KeyPath(key));
  child->empty_line = line();
  return PolicyNode(std::move(child));
}

Result<std::string> PolicyNode::ValueAsJson(std::string_view key) const {
  YAML::Node v = impl_->Get(key);
  size_t count = 0;
  try {
    auto j = ToJson(v, 0, &count);
    if (!j.ok()) return ErrorAt(key, j.error().message());
    return j->dump();
  } catch (const YAML::Exception& e) {
    return ErrorAt(key, e.what());
  }
}

std::string PolicyNode::ResolvePath(const std::string& path) const {
  if (path.empty() || path[0] == '/' || impl_->base_dir.empty()) return path;
  return impl_->base_dir + "/" + path;
}

}  // namespace attestfs::policy
