// InodeTable construction: validate, drop escaping symlinks, synthesize directories, number
// every node in PathLess order.
#include "fuse/inode_table.h"

#include <algorithm>
#include <set>

namespace attestfs::fs {
namespace {

std::vector<std::string> Split(const std::string& p) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= p.size()) {
    size_t slash = p.find('/', start);
    if (slash == std::string::npos) slash = p.size();
    out.push_back(p.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string s;
  for (const auto& p : parts) s += (s.empty() ? "" : "/") + p;
  return s;
}

}  // namespace

bool SymlinkStaysInside(const std::string& link_path, const std::string& target,
                        const std::map<std::string, bool>& is_symlink) {
  if (target.empty() || target[0] == '/') return false;
  std::vector<std::string> stack = Split(link_path);
  stack.pop_back();  // the link's directory
  std::vector<std::string> comps = Split(target);
  for (size_t i = 0; i < comps.size(); ++i) {
    const std::string& c = comps[i];
    if (c.empty() || c == ".") continue;
    if (c == "..") {
      if (stack.empty()) return false;
      stack.pop_back();
      continue;
    }
    stack.push_back(c);
    bool last = i + 1 == comps.size();
    auto it = is_symlink.find(Join(stack));
    if (!last && it != is_symlink.end() && it->second) return false;
  }
  return true;
}

Result<InodeTable> InodeTable::Build(const attestation::FileManifest& manifest,
                                     std::vector<std::string>* dropped) {
  AFS_TRY(manifest.Validate());
  std::map<std::string, bool> is_symlink;
  for (const auto& f : manifest.files) {
    is_symlink[f.path] = f.type == attestation::FileEntry::Type::kSymlink;
  }
  std::map<std::string, const attestation::FileEntry*> files;
  std::set<std::string> dirs;
  for (const auto& f : manifest.files) {
    if (f.type == attestation::FileEntry::Type::kSymlink &&
        !SymlinkStaysInside(f.path, f.link_target, is_symlink)) {
      if (dropped) dropped->push_back(f.path);
      continue;
    }
    files[f.path] = &f;
    for (size_t slash = f.path.find('/'); slash != std::string::npos;
         slash = f.path.find('/', slash + 1)) {
      dirs.insert(f.path.substr(0, slash));
    }
  }
  std::vector<std::string> paths;
  for (const auto& d : dirs) {
    if (files.count(d)) {
      return Error(Errc::kMalformed, "manifest: " + d + " is both a file and a directory");
    }
    paths.push_back(d);
  }
  for (const auto& [p, f] : files) paths.push_back(p);
  std::sort(paths.begin(), paths.end(),
            [](const std::string& a, const std::string& b) { return attestation::PathLess(a, b); });

  InodeTable t;
  t.nodes_.resize(paths.size() + 1);
  t.nodes_[0].ino = kRootInode;
  t.nodes_[0].parent = kRootInode;
  std::map<std::string, uint64_t> ino_of{{"", kRootInode}};
  for (size_t i = 0; i < paths.size(); ++i) ino_of[paths[i]] = i + 2;
  for (size_t i = 0; i < paths.size(); ++i) {
    Node& n = t.nodes_[i + 1];
    n.ino = i + 2;
    n.path = paths[i];
    size_t slash = n.path.rfind('/');
    std::string parent = slash == std::string::npos ? "" : n.path.substr(0, slash);
    n.name = slash == std::string::npos ? n.path : n.path.substr(slash + 1);
    n.parent = ino_of.at(parent);
    auto f = files.find(n.path);
    if (f == files.end()) {
      n.kind = Node::Kind::kDirectory;
    } else {
      n.file = f->second;
      n.kind = f->second->type == attestation::FileEntry::Type::kSymlink ? Node::Kind::kSymlink
                                                                         : Node::Kind::kFile;
    }
    Node& p = t.nodes_[n.parent - 1];
    p.children[n.name] = n.ino;
    if (n.kind == Node::Kind::kDirectory) ++p.subdirs;
  }
  return t;
}

const Node* InodeTable::Get(uint64_t ino) const {
  if (ino < 1 || ino > nodes_.size()) return nullptr;
  return &nodes_[ino - 1];
}

const Node* InodeTable::Lookup(uint64_t parent, const std::string& name) const {
  const Node* p = Get(parent);
  if (!p || p->kind != Node::Kind::kDirectory) return nullptr;
  auto it = p->children.find(name);
  return it == p->children.end() ? nullptr : Get(it->second);
}

}  // namespace attestfs::fs
