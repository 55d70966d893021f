// GitRepo over libgit2: RAII for the library, repository, index and status list handles.
#include "targets/git_repo.h"

#include <git2.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <set>

namespace attestfs::targets {
namespace {

// Keeps libgit2 initialised while any GitRepo lives (libgit2 reference-counts init/shutdown).
struct LibGit2 {
  LibGit2() { git_libgit2_init(); }
  ~LibGit2() { git_libgit2_shutdown(); }
  LibGit2(const LibGit2&) = delete;
  LibGit2& operator=(const LibGit2&) = delete;
};

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using RepoPtr = std::unique_ptr<git_repository, Deleter<git_repository, git_repository_free>>;
using IndexPtr = std::unique_ptr<git_index, Deleter<git_index, git_index_free>>;
using StatusPtr = std::unique_ptr<git_status_list, Deleter<git_status_list, git_status_list_free>>;
using ConfigPtr = std::unique_ptr<git_config, Deleter<git_config, git_config_free>>;
using ConfigIterPtr =
    std::unique_ptr<git_config_iterator, Deleter<git_config_iterator, git_config_iterator_free>>;

Error GitError(const std::string& what, int code) {
  const git_error* e = git_error_last();
  std::string msg = e != nullptr && e->message != nullptr ? e->message : "libgit2 error";
  Errc errc = code == GIT_ENOTFOUND ? Errc::kNotFound : Errc::kIo;
  if (e != nullptr && (e->klass == GIT_ERROR_NET || e->klass == GIT_ERROR_SSL ||
                       e->klass == GIT_ERROR_HTTP || e->klass == GIT_ERROR_SSH)) {
    errc = Errc::kNetwork;
  }
  return Error(errc, what + ": " + msg);
}

bool UnderPrefix(std::string_view path, std::string_view prefix) {
  if (prefix.empty()) return true;
  return path.size() > prefix.size() && path.substr(0, prefix.size()) == prefix &&
         path[prefix.size()] == '/';
}

Result<std::string> WorkDirOf(git_repository* repo) {
  if (git_repository_is_bare(repo)) {
    return Error(Errc::kUnsupported, "bare repository has no work tree to scan");
  }
  const char* wd = git_repository_workdir(repo);
  if (wd == nullptr) return Error(Errc::kUnsupported, "repository has no work tree");
  std::unique_ptr<char, decltype(&std::free)> real(::realpath(wd, nullptr), &std::free);
  if (!real) return ErrnoError(std::string("realpath ") + wd, errno);
  return std::string(real.get());
}

}  // namespace

struct GitRepo::Impl {
  LibGit2 lib;  // declared first: initialised before and released after `repo`
  RepoPtr repo;
};

GitRepo::GitRepo(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
GitRepo::GitRepo(GitRepo&&) noexcept = default;
GitRepo& GitRepo::operator=(GitRepo&&) noexcept = default;
GitRepo::~GitRepo() = default;

Result<GitRepo> GitRepo::Open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  git_repository* raw = nullptr;
  int rc = git_repository_open_ext(&raw, path.c_str(), 0, nullptr);
  if (rc != 0) return GitError("open git repository at " + path, rc);
  impl->repo.reset(raw);
  AFS_ASSIGN_OR_RETURN(std::string wd, WorkDirOf(raw));
  GitRepo out(std::move(impl));
  out.workdir_ = std::move(wd);
  return out;
}

bool GitRepo::IsBare(const std::string& path) {
  LibGit2 lib;
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    return false;
  }
  RepoPtr repo(raw);
  return git_repository_is_bare(repo.get()) != 0;
}

Result<GitRepo> GitRepo::Clone(const std::string& url, const std::string& dest) {
  auto impl = std::make_unique<Impl>();
  git_clone_options opts = GIT_CLONE_OPTIONS_INIT;
  git_repository* raw = nullptr;
  int rc = git_clone(&raw, url.c_str(), dest.c_str(), &opts);
  if (rc != 0) {
    // libgit2 messages may quote the URL: never echo its credentials.
    Error e = GitError("clone " + StripUrlCredentials(url), rc);
    std::string msg = e.message(), clean = StripUrlCredentials(url);
    for (size_t at = msg.find(url); !url.empty() && at != std::string::npos;
         at = msg.find(url, at + clean.size())) {
      msg.replace(at, url.size(), clean);
    }
    return Error(e.code(), msg);
  }
  impl->repo.reset(raw);
  AFS_ASSIGN_OR_RETURN(std::string wd, WorkDirOf(raw));
  GitRepo out(std::move(impl));
  out.workdir_ = std::move(wd);
  return out;
}

Result<std::string> GitRepo::HeadCommit() const {
  git_oid oid;
  int rc = git_reference_name_to_id(&oid, impl_->repo.get(), "HEAD");
  if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) return std::string();
  if (rc != 0) return GitError("resolve HEAD", rc);
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof(hex), &oid);
  return std::string(hex);
}

// Reads remote URLs from the configuration directly: git_remote_lookup/git_remote_list match
// config keys with regexes that leak in libgit2 1.5 with the pcre2 backend.
Result<std::string> GitRepo::RemoteUrl() const {
  git_config* cfg_raw = nullptr;
  int rc = git_repository_config_snapshot(&cfg_raw, impl_->repo.get());
  if (rc != 0) return GitError("read git config", rc);
  ConfigPtr cfg(cfg_raw);
  const char* origin = nullptr;
  rc = git_config_get_string(&origin, cfg.get(), "remote.origin.url");
  if (rc == 0) return std::string(origin != nullptr ? origin : "");
  if (rc != GIT_ENOTFOUND) return GitError("read remote.origin.url", rc);
  git_config_iterator* it_raw = nullptr;
  if ((rc = git_config_iterator_new(&it_raw, cfg.get())) != 0)
    return GitError("read git config", rc);
  ConfigIterPtr it(it_raw);
  git_config_entry* entry = nullptr;
  while (git_config_next(&entry, it.get()) == 0) {
    std::string_view name = entry->name;  // lower-cased section and key: "remote.<name>.url"
    if (name.starts_with("remote.") && name.ends_with(".url") && name.size() > 11) {
      return std::string(entry->value != nullptr ? entry->value : "");
    }
  }
  return std::string();
}

Result<std::vector<std::string>> GitRepo::TrackedFiles(std::string_view prefix) const {
  git_index* raw = nullptr;
  int rc = git_repository_index(&raw, impl_->repo.get());
  if (rc != 0) return GitError("open index", rc);
  IndexPtr index(raw);
  if ((rc = git_index_read(index.get(), 0)) != 0) return GitError("read index", rc);
  std::set<std::string> paths;  // conflicted entries appear once per stage
  size_t n = git_index_entrycount(index.get());
  for (size_t i = 0; i < n; ++i) {
    const git_index_entry* e = git_index_get_byindex(index.get(), i);
    if (e == nullptr || e->mode == GIT_FILEMODE_COMMIT) continue;  // submodule
    if (UnderPrefix(e->path, prefix)) paths.insert(e->path);
  }
  return std::vector<std::string>(paths.begin(), paths.end());
}

Result<std::vector<std::string>> GitRepo::ChangedFiles(std::string_view prefix) const {
  git_status_options opts = GIT_STATUS_OPTIONS_INIT;
  opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  opts.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  git_status_list* raw = nullptr;
  int rc = git_status_list_new(&raw, impl_->repo.get(), &opts);
  if (rc != 0) return GitError("compute git status", rc);
  StatusPtr list(raw);
  std::set<std::string> paths;
  size_t n = git_status_list_entrycount(list.get());
  for (size_t i = 0; i < n; ++i) {
    const git_status_entry* e = git_status_byindex(list.get(), i);
    if (e == nullptr || e->status == GIT_STATUS_CURRENT) continue;
    if ((e->status & ~(GIT_STATUS_WT_NEW | GIT_STATUS_IGNORED)) == 0) continue;  // untracked
    for (const git_diff_delta* d : {e->head_to_index, e->index_to_workdir}) {
      if (d == nullptr) continue;
      for (const char* p : {d->old_file.path, d->new_file.path}) {
        if (p != nullptr && UnderPrefix(p, prefix)) paths.insert(p);
      }
    }
  }
  return std::vector<std::string>(paths.begin(), paths.end());
}

bool LooksLikeGitUrl(std::string_view location) {
  if (location.find("://") != std::string_view::npos) return true;
  // scp-like syntax: user@host:path (no '/' before the ':').
  size_t at = location.find('@');
  size_t colon = location.find(':');
  size_t slash = location.find('/');
  return at != std::string_view::npos && colon != std::string_view::npos && at < colon &&
         (slash == std::string_view::npos || colon < slash);
}

std::string StripUrlCredentials(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  size_t host_begin = scheme_end + 3;
  size_t host_end = url.find('/', host_begin);
  std::string_view authority =
      url.substr(host_begin, host_end == std::string_view::npos ? std::string_view::npos
                                                                : host_end - host_begin);
  size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, host_begin)) + std::string(url.substr(host_begin + at + 1));
}

}  // namespace attestfs::targets
