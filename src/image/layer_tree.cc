// LayerTree: changeset application (replace, whiteout, opaque whiteout).
#include "image/layer_tree.h"

#include "image/image_limits.h"

namespace attestfs::image {

void LayerTree::EraseLowerChildren(const std::string& dir, int layer) {
  std::string prefix = dir.empty() ? std::string() : dir + "/";
  for (auto it = nodes_.lower_bound(prefix);
       it != nodes_.end() && it->first.compare(0, prefix.size(), prefix) == 0;) {
    if (it->second.layer < layer) {
      it = nodes_.erase(it);
    } else {
      ++it;
    }
  }
}

Status LayerTree::Put(const std::string& path, TreeNode node) {
  auto it = nodes_.find(path);
  if (it != nodes_.end()) {
    bool was_dir = it->second.type == TreeNode::Type::kDir;
    if (was_dir && node.type == TreeNode::Type::kDir) {
      // Re-declaring a directory only updates its metadata; its children stay.
      node.layer = std::max(node.layer, it->second.layer);
      it->second = std::move(node);
      return OkStatus();
    }
    if (was_dir) EraseLowerChildren(path, node.layer);
    it->second = std::move(node);
    return OkStatus();
  }
  if (nodes_.size() >= kMaxImageFiles) {
    return Error(Errc::kTooLarge,
                 "image has more than " + std::to_string(kMaxImageFiles) + " filesystem entries");
  }
  nodes_.emplace(path, std::move(node));
  return OkStatus();
}

void LayerTree::Whiteout(const std::string& path, int layer) {
  auto it = nodes_.find(path);
  if (it != nodes_.end() && it->second.layer < layer) nodes_.erase(it);
  EraseLowerChildren(path, layer);
}

void LayerTree::Opaque(const std::string& dir, int layer) { EraseLowerChildren(dir, layer); }

const TreeNode* LayerTree::Find(const std::string& path) const {
  auto it = nodes_.find(path);
  return it == nodes_.end() ? nullptr : &it->second;
}

}  // namespace attestfs::image
