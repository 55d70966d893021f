// DeriveInventory and ModelFormatFor: everything ScanImage concludes once the layers are applied.
#include "image/inventory_builder.h"

#include <algorithm>
#include <tuple>

#include "image/entry_path.h"
#include "image/image_limits.h"
#include "image/package_parsers.h"

namespace attestfs::image {

std::string ModelFormatFor(std::string_view path, uint64_t size) {
  std::string_view base = BaseName(path);
  size_t dot = base.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return "";
  std::string ext(base.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == "safetensors") return "safetensors";
  if (ext == "gguf") return "gguf";
  if (ext == "onnx") return "onnx";
  if (ext == "pt" || ext == "pth") return "pytorch";
  if (ext == "bin") return size >= kMinBinModelBytes ? "bin" : "";
  if (ext == "h5" || ext == "keras") return "keras";
  if (ext == "tflite") return "tflite";
  if (ext == "pb") return "tensorflow";
  if (ext == "traineddata") return "tesseract";
  if (ext == "ckpt") return "checkpoint";
  if (ext == "pkl") return "pickle";
  return "";
}

namespace {

const std::string* Captured(const LayerTree& tree, std::string path) {
  for (int hop = 0; hop < 8; ++hop) {
    const TreeNode* n = tree.Find(path);
    if (n == nullptr) return nullptr;
    if (n->type == TreeNode::Type::kRegular) return n->captured.get();
    if (n->type != TreeNode::Type::kSymlink) return nullptr;
    auto next = ResolveLinkTarget(path, n->link_target);
    if (!next.ok()) return nullptr;
    path = *next;
  }
  return nullptr;
}

}  // namespace

Status DeriveInventory(const LayerTree& tree, ImageInventory& inv) {
  if (const std::string* os = Captured(tree, "etc/os-release")) {
    inv.os = ParseOsRelease(*os);
  } else if (const std::string* os2 = Captured(tree, "usr/lib/os-release")) {
    inv.os = ParseOsRelease(*os2);
  }
  for (const auto& [path, node] : tree.nodes()) {
    if (node.type == TreeNode::Type::kRegular || node.type == TreeNode::Type::kSymlink) {
      ImageFile f;
      f.path = path;
      f.type = node.type == TreeNode::Type::kRegular ? ImageFile::Type::kRegular
                                                     : ImageFile::Type::kSymlink;
      f.size = node.size;
      f.sha256 = node.sha256;
      f.mode = node.mode;
      f.layer = node.layer;
      f.link_target = node.link_target;
      inv.total_file_bytes += node.size;
      inv.files.push_back(std::move(f));
    }
    if (node.type != TreeNode::Type::kRegular) continue;
    if (std::string fmt = ModelFormatFor(path, node.size); !fmt.empty())
      inv.models.push_back(ModelFile{path, node.sha256, node.size, fmt});
    if (!node.captured) continue;
    const std::string& text = *node.captured;
    std::string_view parent = ParentOf(path);
    if (path == "var/lib/dpkg/status" || parent == "var/lib/dpkg/status.d") {
      auto pkgs = ParseDpkgStatus(text, path);
      if (!pkgs.ok()) return pkgs.error();
      if (inv.os_packages.size() + pkgs->size() > kMaxPackages)
        return Error(Errc::kTooLarge, "more than " + std::to_string(kMaxPackages) + " packages");
      for (auto& p : *pkgs) inv.os_packages.push_back(std::move(p));
    } else if (path.ends_with("METADATA") || path.ends_with("PKG-INFO") ||
               path.ends_with(".egg-info")) {
      auto dist = ParsePythonMetadata(text, path);
      if (dist.ok()) inv.python.push_back(std::move(*dist));  // a broken METADATA is skipped
    }
  }
  for (auto& p : inv.os_packages) {
    if (const std::string* c = Captured(tree, "usr/share/doc/" + p.name + "/copyright"))
      p.licenses = ParseCopyrightLicenses(*c);
  }
  std::sort(inv.os_packages.begin(), inv.os_packages.end(),
            [](const OsPackage& a, const OsPackage& b) {
              return std::tie(a.name, a.arch, a.version) < std::tie(b.name, b.arch, b.version);
            });
  return OkStatus();
}

}  // namespace attestfs::image
