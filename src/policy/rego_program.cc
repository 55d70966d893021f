// RegoProgram: module loading and per-evaluation engines (see rego_program.h).
#include "policy/rego_program.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "base/file_io.h"
#include "policy/rego_verdict.h"
#include "policy/scribe_shim.h"

namespace attestfs::policy {

namespace {

bool EndsWith(const std::string& s, const char* suffix) {
  const std::string x(suffix);
  return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}

}  // namespace

Result<std::vector<std::string>> RegoProgram::ExpandPaths(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      out.push_back(p);
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(p, fs::directory_options::none, ec), end;
    if (ec) return Error(Errc::kIo, "read directory " + p + ": " + ec.message());
    for (; it != end; it.increment(ec)) {
      if (ec) return Error(Errc::kIo, "read directory " + p + ": " + ec.message());
      const auto name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(ec)) continue;
      if (EndsWith(name, ".rego") || EndsWith(name, ".json")) found.push_back(it->path().string());
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

Result<RegoProgram> RegoProgram::Load(const std::vector<std::string>& paths,
                                      rego::RegoVersion version) {
  RegoProgram p;
  p.version_ = version;
  for (const auto& path : paths) {
    auto text = ReadFileLimited(path, kMaxRegoModuleBytes);
    if (!text.ok()) return text.error().Context("read Rego module " + path);
    if (EndsWith(path, ".json")) {
      auto doc = rego::Value::ParseJson(*text);
      if (!doc.ok()) return doc.error().Context(path);
      if (!doc->is_object()) {
        return Error(Errc::kInvalidArgument, path + ": a data document must be a JSON object");
      }
      p.documents_.push_back(std::move(*doc));
      continue;
    }
    p.sources_.push_back(RegoSource{path, std::move(*text), std::nullopt});
  }
  return p;
}

RegoProgram RegoProgram::FromSources(std::vector<RegoSource> sources, rego::RegoVersion version) {
  RegoProgram p;
  p.sources_ = std::move(sources);
  p.version_ = version;
  return p;
}

std::string RegoProgram::FirstPackage() const {
  for (const auto& s : sources_) {
    std::string pkg = DeclaredPackage(s.text);
    if (!pkg.empty()) return pkg;
  }
  return "";
}

Result<std::unique_ptr<rego::Engine>> RegoProgram::Instantiate(rego::EngineOptions options) const {
  options.default_version = version_;
  for (auto& b : ScribeBuiltins()) options.extra_builtins.push_back(std::move(b));
  auto engine = std::make_unique<rego::Engine>(std::move(options));
  bool needs_shim = false;
  for (const auto& s : sources_) {
    if (s.text.find("data.scribe") != std::string::npos) needs_shim = true;
    AFS_TRY(engine->AddModule(s.file, s.text, s.version));
  }
  if (needs_shim) {
    AFS_TRY(engine->AddModule(ScribeShimFileName(), ScribeShimSource(), rego::RegoVersion::kV1));
  }
  for (const auto& d : documents_) AFS_TRY(engine->AddData(d));
  AFS_TRY(engine->Compile());
  return engine;
}

}  // namespace attestfs::policy
