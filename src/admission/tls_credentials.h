// TlsCredentials: the webhook's certificate chain and private key, read from PEM files and read
// again when either file changes (cert-manager rotates them in place), so a rotation needs no
// restart. Each TLS handshake asks for the current pair; a pair that fails to load (a rotation
// caught half-written, a key that does not match) keeps the previous one in service.
// OpenSSL stays in the .cc file: handshakes reach it through an `ssl_st*`.
#pragma once

#include <memory>
#include <string>

#include "base/mutex.h"
#include "base/result.h"

struct ssl_st;

namespace attestfs::admission {

class TlsCredentials {
 public:
  // Loads both files now: kUsage naming the file when either is unreadable or they do not match.
  static Result<std::unique_ptr<TlsCredentials>> Load(const std::string& cert_path,
                                                      const std::string& key_path);
  ~TlsCredentials();

  // Installs the current pair on a handshake's SSL object (re-reading the files when they
  // changed, at most once a second). False when nothing can be installed.
  bool ApplyTo(ssl_st* ssl) AFS_EXCLUDES(mu_);

  // Re-reads the files if they changed; the error of a failed reload (the old pair stays).
  Status Refresh() AFS_EXCLUDES(mu_);
  int generation() const AFS_EXCLUDES(mu_);  // 1 after Load, +1 per reload that took effect

 private:
  struct Pair;
  struct Stamp {
    long long mtime_ns, size, inode;
    bool operator==(const Stamp&) const = default;
  };
  TlsCredentials(std::string cert, std::string key) : cert_path_(cert), key_path_(key) {}
  static Result<std::shared_ptr<Pair>> Read(const std::string& cert, const std::string& key);
  std::pair<Stamp, Stamp> Stamps() const;

  const std::string cert_path_, key_path_;
  mutable Mutex mu_;
  std::shared_ptr<Pair> current_ AFS_GUARDED_BY(mu_);
  std::pair<Stamp, Stamp> stamps_ AFS_GUARDED_BY(mu_){};
  long long checked_ms_ AFS_GUARDED_BY(mu_) = 0;
  int generation_ AFS_GUARDED_BY(mu_) = 0;
};

}  // namespace attestfs::admission
