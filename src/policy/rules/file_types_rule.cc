// file-types: the file list in the newest CycloneDX / model-signing evidence holds no file
// that matches a `deny` glob (default: pickle-based formats that execute code when loaded,
// MITRE ATLAS AML.M0011), only files matching `allow` when given, no executables unless
// `executables: allow`, no symlinks when `symlinks: deny`. Deny wins over allow; a symlink
// is also checked by the name of its target.
#include "policy/glob.h"
#include "policy/listed_files.h"
#include "policy/rules/builtin_rules.h"

namespace attestfs::policy {

namespace {

const std::vector<std::string> kDefaultDeny = {"*.bin", "*.pt", "*.pth", "*.pkl", "*.ckpt"};

std::string FirstMatch(const std::vector<std::string>& globs, std::string_view path) {
  for (const auto& g : globs) {
    if (PathGlobMatch(g, path)) return g;
  }
  return {};
}

class FileTypesRule final : public Rule {
 public:
  FileTypesRule(std::vector<std::string> deny, std::vector<std::string> allow, bool exec_ok,
                bool links_ok)
      : deny_(std::move(deny)), allow_(std::move(allow)), exec_ok_(exec_ok), links_ok_(links_ok) {}

  RuleVerdict Check(const std::vector<const EvidenceItem*>& evidence,
                    const RuleEnv& env) const override {
    RuleVerdict v;
    if (evidence.empty()) {
      v.reason = NoEvidenceReason(env);
      return v;
    }
    const EvidenceItem& item = *evidence.front();
    v.evidence_digest = item.digest;
    auto files = ExtractListedFiles(item.statement);
    if (!files.ok()) {
      v.reason = "evidence " + item.digest + ": " + files.error().message();
      return v;
    }
    std::vector<std::string> problems;
    for (const auto& f : *files) {
      std::string why = Problem(f);
      if (!why.empty()) problems.push_back(std::move(why));
    }
    if (!problems.empty()) {
      v.reason = problems.front();
      if (problems.size() > 1)
        v.reason += " (and " + std::to_string(problems.size() - 1) + " more)";
      return v;
    }
    v.passed = true;
    v.reason = std::to_string(files->size()) + " files, none denied";
    return v;
  }

 private:
  std::string Problem(const ListedFile& f) const {
    const std::string q = "'" + f.path + "'";
    if (f.symlink && !links_ok_) return "file " + q + " is a symlink (symlinks: deny)";
    if (std::string g = FirstMatch(deny_, f.path); !g.empty()) {
      return "file " + q + " matches denied pattern '" + g + "'";
    }
    if (f.symlink && !f.link_target.empty()) {
      if (std::string g = FirstMatch(deny_, f.link_target); !g.empty()) {
        return "symlink " + q + " points to '" + f.link_target +
               "', which matches denied pattern '" + g + "'";
      }
    }
    if (!allow_.empty() && FirstMatch(allow_, f.path).empty()) {
      return "file " + q + " matches no allowed pattern";
    }
    if (f.executable && !exec_ok_) return "file " + q + " is executable (executables: deny)";
    return {};
  }

  std::vector<std::string> deny_;
  std::vector<std::string> allow_;
  bool exec_ok_;
  bool links_ok_;
};

}  // namespace

Result<std::unique_ptr<Rule>> MakeFileTypesRule(const PolicyNode& with) {
  AFS_TRY(with.CheckKnownKeys({"deny", "allow", "executables", "symlinks"}));
  std::vector<std::string> deny = kDefaultDeny;
  if (with.Has("deny")) {
    AFS_ASSIGN_OR_RETURN(deny, with.StringList("deny", false));
  }
  AFS_ASSIGN_OR_RETURN(auto allow, with.StringList("allow", false));
  AFS_ASSIGN_OR_RETURN(auto exec, with.Enum("executables", {"deny", "allow"}, "deny"));
  AFS_ASSIGN_OR_RETURN(auto links, with.Enum("symlinks", {"deny", "allow"}, "allow"));
  return std::unique_ptr<Rule>(
      new FileTypesRule(std::move(deny), std::move(allow), exec == "allow", links == "allow"));
}

}  // namespace attestfs::policy
