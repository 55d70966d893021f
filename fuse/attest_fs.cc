// AttestFs implementation: attribute synthesis, read-only checks, verified reads, tracing.
#include "fuse/attest_fs.h"

#include <fcntl.h>
#include <sys/stat.h>

namespace attestfs::fs {

Result<std::unique_ptr<AttestFs>> AttestFs::Create(attestation::FileManifest manifest,
                                                   std::shared_ptr<content::BlobSource> source,
                                                   AttestFsOptions options) {
  if (!source) return Error(Errc::kInvalidArgument, "attestfs: no content source");
  std::unique_ptr<AttestFs> fs(new AttestFs());
  fs->manifest_ = std::make_unique<attestation::FileManifest>(std::move(manifest));
  std::vector<std::string> dropped;
  AFS_ASSIGN_OR_RETURN(fs->table_, InodeTable::Build(*fs->manifest_, &dropped));
  if (options.log) {
    for (const auto& p : dropped) {
      options.log("symlink " + p + " dropped: its target could leave the attested tree");
    }
  }
  for (const auto& f : fs->manifest_->files) {
    if (f.type == attestation::FileEntry::Type::kRegular) {
      ++fs->totals_.files;
      fs->totals_.bytes += f.size;
    }
  }
  options.reader.chunk_size = fs->manifest_->chunk_size;
  if (!options.reader.log) options.reader.log = options.log;
  fs->options_ = options;
  fs->reader_ = std::make_unique<content::VerifiedReader>(std::move(source), options.reader);
  return fs;
}

Attr AttestFs::AttrOf(const Node& n) const {
  Attr a;
  a.ino = n.ino;
  a.uid = options_.uid;
  a.gid = options_.gid;
  a.mtime = options_.mtime;
  switch (n.kind) {
    case Node::Kind::kDirectory:
      a.mode = S_IFDIR | 0555;
      a.nlink = 2 + n.subdirs;
      a.size = 4096;
      break;
    case Node::Kind::kFile:
      a.mode = S_IFREG | (n.file->executable ? 0555 : 0444);
      a.size = n.file->size;
      break;
    case Node::Kind::kSymlink:
      a.mode = S_IFLNK | 0777;
      a.size = n.file->link_target.size();
      break;
  }
  return a;
}

Result<Attr> AttestFs::Lookup(uint64_t parent, const std::string& name) const {
  const Node* p = table_.Get(parent);
  if (!p) return Error(Errc::kNotFound, "no inode " + std::to_string(parent));
  if (p->kind != Node::Kind::kDirectory) {
    return Error(Errc::kInvalidArgument, p->path + ": not a directory");
  }
  const Node* n = table_.Lookup(parent, name);
  if (!n) return Error(Errc::kNotFound, name + ": not in the attested tree");
  return AttrOf(*n);
}

Result<Attr> AttestFs::GetAttr(uint64_t ino) const {
  const Node* n = table_.Get(ino);
  if (!n) return Error(Errc::kNotFound, "no inode " + std::to_string(ino));
  return AttrOf(*n);
}

Result<std::vector<DirEntry>> AttestFs::ReadDir(uint64_t ino) const {
  const Node* n = table_.Get(ino);
  if (!n) return Error(Errc::kNotFound, "no inode " + std::to_string(ino));
  if (n->kind != Node::Kind::kDirectory) {
    return Error(Errc::kInvalidArgument, n->path + ": not a directory");
  }
  std::vector<DirEntry> out;
  out.reserve(n->children.size());
  for (const auto& [name, child] : n->children) {
    out.push_back(DirEntry{name, child, AttrOf(*table_.Get(child)).mode});
  }
  return out;
}

Status AttestFs::OpenDir(uint64_t ino) const {
  const Node* n = table_.Get(ino);
  if (!n) return Error(Errc::kNotFound, "no inode " + std::to_string(ino));
  if (n->kind != Node::Kind::kDirectory) {
    return Error(Errc::kInvalidArgument, n->path + ": not a directory");
  }
  return OkStatus();
}

Result<uint64_t> AttestFs::Open(uint64_t ino, int flags, const RequestContext& ctx) {
  const Node* n = table_.Get(ino);
  if (!n) return Error(Errc::kNotFound, "no inode " + std::to_string(ino));
  if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_TRUNC | O_CREAT)) != 0) {
    return Modify("open for writing").error();
  }
  if (n->kind != Node::Kind::kFile) {
    return Error(Errc::kInvalidArgument, n->path + ": not a regular file");
  }
  if (options_.trace) options_.trace->RecordOpen(n->path, ctx.pid, ctx.uid);
  return next_handle_.fetch_add(1);
}

Result<std::string> AttestFs::Read(uint64_t ino, uint64_t offset, uint64_t size,
                                   const RequestContext& ctx, uint64_t handle) {
  AFS_ASSIGN_OR_RETURN(content::VerifiedSlices slices, ReadSlices(ino, offset, size, ctx, handle));
  std::string out;
  for (const auto& s : slices) out.append(s.view());
  return out;
}

Result<content::VerifiedSlices> AttestFs::ReadSlices(uint64_t ino, uint64_t offset, uint64_t size,
                                                     const RequestContext& ctx, uint64_t handle) {
  const Node* n = table_.Get(ino);
  if (!n) return Error(Errc::kNotFound, "no inode " + std::to_string(ino));
  if (n->kind != Node::Kind::kFile) {
    return Error(Errc::kInvalidArgument, n->path + ": not a regular file");
  }
  read_requests_.fetch_add(1, std::memory_order_relaxed);
  auto data = reader_->ReadSlices(*n->file, offset, size, handle);
  uint64_t len = 0;
  if (data.ok()) {
    for (const auto& s : *data) len += s.length;
    read_bytes_.fetch_add(len, std::memory_order_relaxed);
  }
  if (options_.trace) {
    options_.trace->RecordRead(n->path, ctx.pid, ctx.uid, offset, data.ok() ? len : size,
                               data.ok());
  }
  if (!data.ok() && data.error().code() != Errc::kVerificationFailed) {
    // A missing or unreadable backing file is an I/O error for the reader, not ENOENT/EROFS.
    return Error(Errc::kIo, data.error().message());
  }
  return data;
}

void AttestFs::Release(uint64_t ino, uint64_t handle) {
  const Node* n = table_.Get(ino);
  if (n && n->kind == Node::Kind::kFile) reader_->EndStream(*n->file, handle);
}

const attestation::FileEntry* AttestFs::FileOf(uint64_t ino) const {
  const Node* n = table_.Get(ino);
  return n && n->kind == Node::Kind::kFile ? n->file : nullptr;
}

Result<std::string> AttestFs::ReadLink(uint64_t ino) const {
  const Node* n = table_.Get(ino);
  if (!n) return Error(Errc::kNotFound, "no inode " + std::to_string(ino));
  if (n->kind != Node::Kind::kSymlink) {
    return Error(Errc::kInvalidArgument, n->path + ": not a symlink");
  }
  return n->file->link_target;
}

Status AttestFs::Modify(std::string_view operation) const {
  return Error(Errc::kPermission, std::string(operation) + ": attestfs is read-only");
}

}  // namespace attestfs::fs
