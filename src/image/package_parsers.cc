// dpkg status, Python METADATA, os-release and DEP-5 copyright parsing.
#include "image/package_parsers.h"

#include <algorithm>

#include "image/image_limits.h"

namespace attestfs::image {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Calls fn(line) for each line (without the newline).
template <typename Fn>
void ForEachLine(std::string_view text, Fn fn) {
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find('\n', i);
    if (j == std::string_view::npos) j = text.size();
    if (!fn(text.substr(i, j - i))) return;
    i = j + 1;
  }
}

// "Key: value" -> key, value (false for continuation / malformed lines).
bool SplitField(std::string_view line, std::string_view* key, std::string_view* value) {
  if (line.empty() || line[0] == ' ' || line[0] == '\t') return false;
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return false;
  *key = line.substr(0, colon);
  *value = Trim(line.substr(colon + 1));
  return true;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

}  // namespace

Result<std::vector<OsPackage>> ParseDpkgStatus(std::string_view text, const std::string& database) {
  std::vector<OsPackage> out;
  OsPackage cur;
  std::string status;
  bool has_status = false;
  bool too_many = false;
  auto flush = [&] {
    bool installed = !has_status || status == "install ok installed";
    if (!cur.name.empty() && !cur.version.empty() && installed) {
      if (out.size() >= kMaxPackages) {
        too_many = true;
      } else {
        cur.database = database;
        out.push_back(std::move(cur));
      }
    }
    cur = OsPackage();
    status.clear();
    has_status = false;
  };
  ForEachLine(text, [&](std::string_view line) {
    if (Trim(line).empty()) {
      flush();
      return !too_many;
    }
    std::string_view key, value;
    if (!SplitField(line, &key, &value)) return true;
    if (key == "Package") {
      cur.name = value;
    } else if (key == "Version") {
      cur.version = value;
    } else if (key == "Architecture") {
      cur.arch = value;
    } else if (key == "Status") {
      has_status = true;
      status = value;
    } else if (key == "Source") {
      size_t paren = value.find('(');
      cur.source = Trim(value.substr(0, paren));
      if (paren != std::string_view::npos) {
        size_t close = value.find(')', paren);
        cur.source_version =
            Trim(value.substr(paren + 1, close == std::string_view::npos ? std::string_view::npos
                                                                         : close - paren - 1));
      }
    }
    return true;
  });
  flush();
  if (too_many)
    return Error(Errc::kTooLarge,
                 database + ": more than " + std::to_string(kMaxPackages) + " packages");
  return out;
}

Result<PythonDist> ParsePythonMetadata(std::string_view text, const std::string& path) {
  PythonDist d;
  d.metadata_path = path;
  ForEachLine(text, [&](std::string_view line) {
    if (Trim(line).empty()) return false;  // end of the header block
    std::string_view key, value;
    if (!SplitField(line, &key, &value)) return true;
    if (EqualsIgnoreCase(key, "Name") && d.name.empty()) {
      d.name = value;
    } else if (EqualsIgnoreCase(key, "Version") && d.version.empty()) {
      d.version = value;
    } else if (EqualsIgnoreCase(key, "License") && d.license.empty()) {
      // Some projects paste the whole license text here; keep a name-sized first line.
      if (value.size() <= 200) d.license = value;
    } else if (EqualsIgnoreCase(key, "License-Expression")) {
      d.license_expression = value;
    } else if (EqualsIgnoreCase(key, "Classifier") && value.rfind("License ::", 0) == 0) {
      size_t last = value.rfind("::");
      std::string name(Trim(value.substr(last + 2)));
      if (!name.empty() && name != "OSI Approved" &&
          std::find(d.license_classifiers.begin(), d.license_classifiers.end(), name) ==
              d.license_classifiers.end()) {
        d.license_classifiers.push_back(name);
      }
    }
    return true;
  });
  if (d.license == "UNKNOWN") d.license.clear();
  if (d.name.empty() || d.version.empty())
    return Error(Errc::kMalformed, path + ": no Name or Version header");
  return d;
}

OsRelease ParseOsRelease(std::string_view text) {
  OsRelease r;
  ForEachLine(text, [&](std::string_view line) {
    line = Trim(line);
    size_t eq = line.find('=');
    if (line.empty() || line[0] == '#' || eq == std::string_view::npos) return true;
    std::string_view key = line.substr(0, eq);
    std::string_view v = Trim(line.substr(eq + 1));
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
      v = v.substr(1, v.size() - 2);
    std::string value;
    for (size_t i = 0; i < v.size(); ++i) {  // shell-style escapes inside double quotes
      if (v[i] == '\\' && i + 1 < v.size()) ++i;
      value += v[i];
    }
    if (key == "ID")
      r.id = value;
    else if (key == "VERSION_ID")
      r.version_id = value;
    else if (key == "VERSION_CODENAME")
      r.version_codename = value;
    else if (key == "NAME")
      r.name = value;
    else if (key == "PRETTY_NAME")
      r.pretty_name = value;
    return true;
  });
  return r;
}

std::vector<std::string> ParseCopyrightLicenses(std::string_view text) {
  std::vector<std::string> out;
  if (text.rfind("Format:", 0) != 0) return out;  // not machine-readable
  ForEachLine(text, [&](std::string_view line) {
    std::string_view key, value;
    if (!SplitField(line, &key, &value) || key != "License" || value.empty()) return true;
    std::string name(value);
    if (name.size() <= 100 && std::find(out.begin(), out.end(), name) == out.end() &&
        out.size() < 64) {
      out.push_back(std::move(name));
    }
    return true;
  });
  return out;
}

}  // namespace attestfs::image
