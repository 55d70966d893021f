// InodeTable: the immutable tree the mount shows, built once from a verified FileManifest.
// Directories are synthesized from file paths; inode numbers are stable (root = 1, then every
// path in PathLess order), so the same manifest always yields the same numbers. Symlinks whose
// target could leave the tree (absolute, "..", or through another symlink) are dropped.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "attestation/file_manifest.h"
#include "base/result.h"

namespace attestfs::fs {

constexpr uint64_t kRootInode = 1;

struct Node {
  enum class Kind { kDirectory, kFile, kSymlink };
  uint64_t ino = 0;
  uint64_t parent = kRootInode;
  Kind kind = Kind::kDirectory;
  std::string name;                              // last component ("" for the root)
  std::string path;                              // relative path ("" for the root)
  const attestation::FileEntry* file = nullptr;  // files and symlinks
  std::map<std::string, uint64_t> children;      // directories: name -> ino
  uint32_t subdirs = 0;
};

class InodeTable {
 public:
  // `manifest` must outlive the table (nodes point into it). `dropped` receives paths of
  // symlinks left out because their target could leave the tree.
  static Result<InodeTable> Build(const attestation::FileManifest& manifest,
                                  std::vector<std::string>* dropped = nullptr);

  const Node* Get(uint64_t ino) const;
  const Node* Lookup(uint64_t parent, const std::string& name) const;
  size_t size() const { return nodes_.size(); }

 private:
  std::vector<Node> nodes_;  // nodes_[ino - 1]
};

// True when a symlink at `link_path` with `target` resolves, lexically, inside the tree without
// passing through another symlink (`is_symlink` tells which paths are symlinks).
bool SymlinkStaysInside(const std::string& link_path, const std::string& target,
                        const std::map<std::string, bool>& is_symlink);

}  // namespace attestfs::fs
