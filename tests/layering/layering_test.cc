// Layering: reads the module table CMake generates (module_table.txt: each module's directory,
// the afs_* libraries it links and its third-party link targets, straight from the targets
// afs_module() / afs_register_module() declare) and checks every module's sources against it:
//   - an #include of a project header names a header of the module itself or of a module it may
//     use: one it links, directly or transitively;
//   - a third-party header (OpenSSL, nlohmann/json, libcurl, libfuse, CLI11, yaml-cpp, libgit2,
//     libarchive, zstd) is included only from .cc files, and only in a module linking that library;
//   - every source directory (src/*, oci, fuse) is a module.
// A new module needs only its afs_module() line; this file holds no module names.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace attestfs {
namespace {

namespace fsys = std::filesystem;

struct Module {
  std::string name;
  std::string dir;                // relative to the source tree, e.g. "src/policy", "oci"
  std::vector<std::string> deps;  // afs_* libraries linked directly, without "afs_"
  std::vector<std::string> libs;  // third-party link targets
};

struct Table {
  std::vector<Module> modules;
  std::string error;  // why the table could not be read
};

std::vector<std::string> Words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

Table ReadTable() {
  Table t;
  std::ifstream in(ATTESTFS_MODULE_TABLE);
  if (!in) {
    t.error = std::string("cannot read ") + ATTESTFS_MODULE_TABLE + " (re-run cmake)";
    return t;
  }
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const size_t bar1 = line.find('|');
    const size_t bar2 = bar1 == std::string::npos ? bar1 : line.find('|', bar1 + 1);
    auto head = Words(line.substr(0, bar1));
    if (bar2 == std::string::npos || head.size() != 2) {
      t.error = "malformed line in module table: " + line;
      return t;
    }
    t.modules.push_back({head[0], head[1], Words(line.substr(bar1 + 1, bar2 - bar1 - 1)),
                         Words(line.substr(bar2 + 1))});
  }
  if (t.modules.empty()) t.error = std::string("no modules in ") + ATTESTFS_MODULE_TABLE;
  return t;
}

const Table& TheTable() {
  static const Table table = ReadTable();
  return table;
}

const Module* FindModule(const std::string& name) {
  for (const auto& m : TheTable().modules) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

// The module itself plus everything it links, transitively.
std::set<std::string> AllowedModules(const Module& m) {
  std::set<std::string> seen{m.name};
  std::vector<std::string> todo = m.deps;
  while (!todo.empty()) {
    std::string d = todo.back();
    todo.pop_back();
    if (!seen.insert(d).second) continue;
    if (const Module* dm = FindModule(d)) todo.insert(todo.end(), dm->deps.begin(), dm->deps.end());
  }
  return seen;
}

// The module owning a source-relative path: the one with the longest directory prefix.
const Module* OwnerOf(const std::string& rel) {
  const Module* best = nullptr;
  for (const auto& m : TheTable().modules) {
    if (rel.rfind(m.dir + "/", 0) == 0 && (best == nullptr || m.dir.size() > best->dir.size())) {
      best = &m;
    }
  }
  return best;
}

std::string Rel(const fsys::path& p) {
  return fsys::path(p).lexically_normal().lexically_relative(ATTESTFS_SOURCE_DIR).generic_string();
}

// The module's own .h/.cc files (not those of a module nested below its directory).
std::vector<std::string> SourcesOf(const Module& m) {
  std::vector<std::string> out;
  const fsys::path root = fsys::path(ATTESTFS_SOURCE_DIR) / m.dir;
  if (!fsys::is_directory(root)) return out;
  for (const auto& e : fsys::recursive_directory_iterator(root)) {
    const auto ext = e.path().extension();
    if (!e.is_regular_file() || (ext != ".h" && ext != ".cc")) continue;
    const std::string rel = Rel(e.path());
    if (OwnerOf(rel) == &m) out.push_back(rel);
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Include {
  int line;
  bool angled;
  std::string header;
};

std::vector<Include> IncludesOf(const std::string& rel) {
  static const std::regex kInclude(R"(^\s*#\s*include\s*([<"])([^">]+)[">])");
  std::ifstream in(fsys::path(ATTESTFS_SOURCE_DIR) / rel);
  std::vector<Include> out;
  int n = 0;
  std::smatch m;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (std::regex_search(line, m, kInclude)) out.push_back({n, m[1] == "<", m[2]});
  }
  return out;
}

// The source-relative path an include resolves to (the including file's directory, then the
// include directories every module has: src/ and the top level), or "" when it is not ours.
std::string Resolve(const std::string& including, const Include& inc) {
  const fsys::path src(ATTESTFS_SOURCE_DIR);
  std::vector<fsys::path> candidates;
  if (!inc.angled) candidates.push_back((src / including).parent_path() / inc.header);
  candidates.push_back(src / "src" / inc.header);
  candidates.push_back(src / inc.header);
  for (const auto& c : candidates) {
    if (fsys::is_regular_file(c)) return Rel(c);
  }
  return "";
}

std::string Join(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : ", ") + x;
  return out;
}

// Third-party headers by include prefix, and the link targets that provide them.
struct ThirdParty {
  const char* library;
  std::vector<std::string> prefixes;
  std::vector<std::string> link_targets;
};

const std::vector<ThirdParty>& ThirdParties() {
  static const std::vector<ThirdParty> kAll = {
      {"OpenSSL", {"openssl/"}, {"OpenSSL::Crypto", "OpenSSL::SSL"}},
      {"nlohmann/json", {"nlohmann/"}, {"nlohmann_json::nlohmann_json"}},
      {"libcurl", {"curl/"}, {"CURL::libcurl"}},
      {"libfuse", {"fuse.h", "fuse_", "fuse3/"}, {"PkgConfig::FUSE3"}},
      {"CLI11", {"CLI/"}, {"CLI11::CLI11"}},
      {"yaml-cpp", {"yaml-cpp/"}, {"yaml-cpp", "yaml-cpp::yaml-cpp"}},
      {"libgit2", {"git2.h", "git2/"}, {"PkgConfig::LIBGIT2"}},
      {"libarchive", {"archive.h", "archive_entry.h"}, {"PkgConfig::LIBARCHIVE"}},
      {"zstd", {"zstd.h", "zstd_errors.h", "zdict.h"}, {"PkgConfig::ZSTD"}},
      {"cpp-httplib", {"httplib.h"}, {"PkgConfig::HTTPLIB"}},
      {"gRPC/protobuf (and the CSI code generated with them)",
       {"grpcpp/", "grpc/", "google/protobuf/", "csi/csi.pb.h", "csi/csi.grpc.pb.h"},
       {"attestfs_csi_proto"}},
      {"RE2", {"re2/"}, {"PkgConfig::RE2"}},
  };
  return kAll;
}

const ThirdParty* ThirdPartyOf(const std::string& header) {
  for (const auto& tp : ThirdParties()) {
    for (const auto& p : tp.prefixes) {
      if (header.rfind(p, 0) == 0) return &tp;
    }
  }
  return nullptr;
}

// Headers that may include a third-party header, each with the reason. Empty today: keep it
// that way where possible (a pImpl or an opaque handle keeps the library in the .cc file).
struct Waiver {
  std::string file;
  std::string header;
  std::string reason;
};
const std::vector<Waiver> kHeaderWaivers = {};

bool Waived(const std::string& file, const std::string& header) {
  return std::any_of(kHeaderWaivers.begin(), kHeaderWaivers.end(),
                     [&](const Waiver& w) { return w.file == file && w.header == header; });
}

std::vector<std::string> ModuleNames() {
  std::vector<std::string> names;
  for (const auto& m : TheTable().modules) names.push_back(m.name);
  if (names.empty()) names.push_back("module_table_unreadable");
  return names;
}

class LayeringTest : public testing::TestWithParam<std::string> {
 protected:
  const Module& TheModule() {
    const Module* m = FindModule(GetParam());
    if (m == nullptr) {
      static const Module kNone;
      ADD_FAILURE() << TheTable().error;
      return kNone;
    }
    return *m;
  }
};

TEST_P(LayeringTest, IncludesOnlyItselfAndModulesItLinks) {
  const Module& m = TheModule();
  if (m.name.empty()) return;
  const std::set<std::string> allowed = AllowedModules(m);
  const auto sources = SourcesOf(m);
  EXPECT_FALSE(sources.empty()) << m.dir << " holds no .h/.cc files";
  for (const auto& file : sources) {
    for (const auto& inc : IncludesOf(file)) {
      const std::string target = Resolve(file, inc);
      if (target.empty()) {
        if (!inc.angled) {
          ADD_FAILURE() << file << ":" << inc.line << ": #include \"" << inc.header
                        << "\" does not resolve to a file of the source tree";
        }
        continue;
      }
      const Module* owner = OwnerOf(target);
      if (owner == nullptr) {
        ADD_FAILURE() << file << ":" << inc.line << ": #include \"" << inc.header << "\" ("
                      << target << ") is outside every module";
      } else if (allowed.count(owner->name) == 0) {
        ADD_FAILURE() << file << ":" << inc.line << ": #include \"" << inc.header
                      << "\" belongs to module " << owner->name << " (" << owner->dir << "), which "
                      << m.name << " does not link; " << m.name << " may include only "
                      << Join(allowed) << " (the DEPS of afs_" << m.name
                      << " in CMakeLists.txt, transitively)";
      }
    }
  }
}

TEST_P(LayeringTest, ThirdPartyHeadersOnlyInCcFilesOfModulesLinkingThem) {
  const Module& m = TheModule();
  if (m.name.empty()) return;
  for (const auto& file : SourcesOf(m)) {
    const bool header = file.size() > 2 && file.compare(file.size() - 2, 2, ".h") == 0;
    for (const auto& inc : IncludesOf(file)) {
      if (!inc.angled) continue;
      const ThirdParty* tp = ThirdPartyOf(inc.header);
      if (tp == nullptr) continue;
      if (header && !Waived(file, inc.header)) {
        ADD_FAILURE() << file << ":" << inc.line << ": header includes <" << inc.header << "> ("
                      << tp->library
                      << "): third-party headers stay in .cc files (pImpl or an opaque handle)";
      }
      const bool linked =
          std::any_of(tp->link_targets.begin(), tp->link_targets.end(), [&](const std::string& t) {
            return std::find(m.libs.begin(), m.libs.end(), t) != m.libs.end();
          });
      if (!linked) {
        ADD_FAILURE() << file << ":" << inc.line << ": includes <" << inc.header << "> ("
                      << tp->library << ") but afs_" << m.name << " does not link "
                      << tp->link_targets.front() << " (LIBS in CMakeLists.txt)";
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Modules, LayeringTest, testing::ValuesIn(ModuleNames()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

TEST(ModuleTableTest, EverySourceDirectoryIsAModule) {
  ASSERT_TRUE(TheTable().error.empty()) << TheTable().error;
  const fsys::path src(ATTESTFS_SOURCE_DIR);
  std::vector<std::string> dirs = {"oci", "fuse"};
  for (const auto& e : fsys::directory_iterator(src / "src")) {
    if (e.is_directory()) dirs.push_back(Rel(e.path()));
  }
  for (const auto& d : dirs) {
    const bool known = std::any_of(TheTable().modules.begin(), TheTable().modules.end(),
                                   [&](const Module& m) { return m.dir == d; });
    EXPECT_TRUE(known) << d << " is no module: declare it with afs_module() in CMakeLists.txt";
  }
}

TEST(ModuleTableTest, DependenciesNameDeclaredModules) {
  ASSERT_TRUE(TheTable().error.empty()) << TheTable().error;
  for (const auto& m : TheTable().modules) {
    for (const auto& d : m.deps) {
      EXPECT_NE(FindModule(d), nullptr)
          << "afs_" << m.name << " links afs_" << d << ", which is no registered module";
    }
  }
}

}  // namespace
}  // namespace attestfs
