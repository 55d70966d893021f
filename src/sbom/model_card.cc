// Hugging Face model/dataset card reader: YAML front matter (yaml-cpp stays in this file)
// and the first prose paragraph of the Markdown body.
#include "sbom/model_card.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>

#include "sbom/front_matter.h"

namespace attestfs::sbom {
namespace {

constexpr size_t kMaxDescriptionBytes = 2000;

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Splits off one line (without "\n" / "\r\n"); advances `rest`.
std::string_view NextLine(std::string_view& rest) {
  size_t nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool IsDelimiter(std::string_view line) { return TrimView(line) == "---"; }

Error YamlError(const FrontMatter& fm, const YAML::Exception& e) {
  std::string where;
  if (!e.mark.is_null()) {
    where = "line " + std::to_string(fm.first_line + e.mark.line) + ", column " +
            std::to_string(e.mark.column + 1) + ": ";
  }
  return Error(Errc::kMalformed, "README.md front matter: " + where + e.msg);
}

Result<YAML::Node> LoadFrontMatter(const FrontMatter& fm) {
  try {
    YAML::Node root = YAML::Load(std::string(fm.yaml));
    if (!root.IsNull() && !root.IsMap()) {
      return Error(Errc::kMalformed, "README.md front matter: not a YAML mapping");
    }
    return root;
  } catch (const YAML::Exception& e) {
    return YamlError(fm, e);
  }
}

// A scalar or a sequence of scalars; anything else is kMalformed naming the field.
Result<std::vector<std::string>> StringList(const YAML::Node& root, const char* field) {
  std::vector<std::string> out;
  YAML::Node n = root[field];
  if (!n || n.IsNull()) return out;
  auto bad = [&] {
    return Error(Errc::kMalformed, std::string("README.md front matter: ") + field +
                                       " must be a string or a list of strings");
  };
  if (n.IsScalar()) {
    out.push_back(n.Scalar());
  } else if (n.IsSequence()) {
    for (const auto& item : n) {
      if (!item.IsScalar()) return bad();
      out.push_back(item.Scalar());
    }
  } else {
    return bad();
  }
  // Drop blanks and repeats, keeping the first occurrence's position.
  std::vector<std::string> unique;
  for (auto& s : out) {
    if (!TrimView(s).empty() && std::find(unique.begin(), unique.end(), s) == unique.end()) {
      unique.push_back(std::move(s));
    }
  }
  return unique;
}

Result<std::string> JoinedString(const YAML::Node& root, const char* field) {
  AFS_ASSIGN_OR_RETURN(auto list, StringList(root, field));
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : ",") + s;
  return out;
}

// The first paragraph of the body that is neither a heading nor an HTML comment.
std::string FirstParagraph(std::string_view body) {
  std::string para;
  bool in_comment = false;
  while (!body.empty()) {
    std::string_view line = TrimView(NextLine(body));
    if (in_comment) {
      if (line.find("-->") != std::string_view::npos) in_comment = false;
      continue;
    }
    if (line.substr(0, 4) == "<!--") {
      if (line.find("-->") == std::string_view::npos) in_comment = true;
      if (!para.empty()) break;
      continue;
    }
    if (line.empty() || line.front() == '#') {
      if (!para.empty()) break;
      continue;
    }
    if (!para.empty()) para += ' ';
    para += line;
    if (para.size() > kMaxDescriptionBytes) break;
  }
  if (para.size() > kMaxDescriptionBytes) {
    size_t cut = kMaxDescriptionBytes;
    // Do not split a UTF-8 sequence: back up over continuation bytes.
    while (cut > 0 && (static_cast<unsigned char>(para[cut]) & 0xC0) == 0x80) --cut;
    para.resize(cut);
  }
  return para;
}

}  // namespace

Result<FrontMatter> ExtractFrontMatter(std::string_view text) {
  FrontMatter fm;
  fm.body = text;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM
  std::string_view rest = text;
  if (!IsDelimiter(NextLine(rest))) return fm;
  const char* yaml_begin = rest.data();
  while (!rest.empty()) {
    const char* line_begin = rest.data();
    std::string_view line = NextLine(rest);
    if (IsDelimiter(line)) {
      fm.present = true;
      fm.yaml = std::string_view(yaml_begin, static_cast<size_t>(line_begin - yaml_begin));
      fm.first_line = 2;
      fm.body = rest;
      if (fm.yaml.size() > kMaxFrontMatterBytes) {
        return Error(Errc::kTooLarge, "README.md front matter exceeds " +
                                          std::to_string(kMaxFrontMatterBytes) + " bytes");
      }
      return fm;
    }
  }
  return Error(Errc::kMalformed, "README.md front matter: no closing '---' line after line 1");
}

Result<std::vector<std::string>> FrontMatterKeys(std::string_view readme_text) {
  AFS_ASSIGN_OR_RETURN(FrontMatter fm, ExtractFrontMatter(readme_text));
  std::vector<std::string> keys;
  if (!fm.present) return keys;
  AFS_ASSIGN_OR_RETURN(YAML::Node root, LoadFrontMatter(fm));
  if (!root.IsMap()) return keys;
  for (const auto& kv : root) {
    if (kv.first.IsScalar()) keys.push_back(kv.first.Scalar());
  }
  return keys;
}

Result<ModelCard> ParseModelCard(std::string_view readme_text) {
  AFS_ASSIGN_OR_RETURN(FrontMatter fm, ExtractFrontMatter(readme_text));
  ModelCard card;
  card.description = FirstParagraph(fm.body);
  if (!fm.present) return card;
  AFS_ASSIGN_OR_RETURN(YAML::Node root, LoadFrontMatter(fm));
  if (!root.IsMap()) return card;
  try {
    AFS_ASSIGN_OR_RETURN(auto licenses, StringList(root, "license"));
    AFS_ASSIGN_OR_RETURN(auto license_names, StringList(root, "license_name"));
    AFS_ASSIGN_OR_RETURN(card.license_link, JoinedString(root, "license_link"));
    for (const auto& l : licenses) {
      std::string spdx = HuggingFaceLicenseToSpdx(l);
      std::string entry = spdx.empty() ? std::string(TrimView(l)) : spdx;
      // "other" is a placeholder: the real name is in license_name.
      if (entry == "other" && !license_names.empty()) continue;
      if (std::find(card.licenses.begin(), card.licenses.end(), entry) == card.licenses.end()) {
        card.licenses.push_back(std::move(entry));
      }
    }
    for (const auto& n : license_names) {
      if (std::find(card.licenses.begin(), card.licenses.end(), n) == card.licenses.end()) {
        card.licenses.push_back(n);
      }
    }
    AFS_ASSIGN_OR_RETURN(card.datasets, StringList(root, "datasets"));
    AFS_ASSIGN_OR_RETURN(card.base_model, JoinedString(root, "base_model"));
    AFS_ASSIGN_OR_RETURN(card.pipeline_tag, JoinedString(root, "pipeline_tag"));
    AFS_ASSIGN_OR_RETURN(card.library_name, JoinedString(root, "library_name"));
    AFS_ASSIGN_OR_RETURN(card.tags, StringList(root, "tags"));
  } catch (const YAML::Exception& e) {
    return YamlError(fm, e);
  }
  return card;
}

}  // namespace attestfs::sbom
