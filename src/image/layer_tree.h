// LayerTree: the image filesystem being assembled from layers, with the OCI changeset rules:
// an entry replaces what lower layers had at its path (a non-directory also removes the lower
// directory's children), `.wh.<name>` deletes <name> from lower layers and `.wh..wh..opq`
// empties a directory of everything lower layers put there. No I/O.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "base/result.h"
#include "digest/digest.h"

namespace attestfs::image {

struct TreeNode {
  enum class Type { kRegular, kSymlink, kDir, kOther };
  Type type = Type::kRegular;
  uint64_t size = 0;
  digest::Digest sha256;
  unsigned mode = 0;
  int layer = 0;
  std::string link_target;
  std::shared_ptr<const std::string> captured;  // package metadata kept for parsing
};

class LayerTree {
 public:
  // Adds or replaces `path` (normalised, non-empty). kTooLarge over kMaxImageFiles nodes.
  Status Put(const std::string& path, TreeNode node);
  // `.wh.<name>` in `dir` found in layer `layer`.
  void Whiteout(const std::string& path, int layer);
  // `.wh..wh..opq` in `dir` found in layer `layer`.
  void Opaque(const std::string& dir, int layer);

  const TreeNode* Find(const std::string& path) const;
  const std::map<std::string, TreeNode>& nodes() const { return nodes_; }

 private:
  // Erases the children of `dir` (not `dir` itself) written by layers below `layer`.
  void EraseLowerChildren(const std::string& dir, int layer);

  std::map<std::string, TreeNode> nodes_;
};

}  // namespace attestfs::image
