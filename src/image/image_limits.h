// Named limits for everything the image module reads from untrusted input (manifests, configs,
// archives, layer tars, package databases). Each says why it is as large as it is.
#pragma once

#include <cstddef>
#include <cstdint>

namespace attestfs::image {

// Manifests and indexes: oci::kMaxManifestBytes (oci/manifest.h).
// Image config JSON (history and env of very large images stay far below this).
inline constexpr uint64_t kMaxConfigBytes = 8u << 20;
// docker-archive manifest.json (one entry per image in the archive).
inline constexpr uint64_t kMaxArchiveManifestBytes = 4u << 20;
// Layers per image: overlayfs stacks at most 128 lower dirs; 1000 leaves room for other stores.
inline constexpr size_t kMaxLayers = 1000;
// Index -> index nesting followed when picking a platform manifest.
inline constexpr int kMaxIndexDepth = 2;
// Entries (files, dirs, links) in an oci-archive / docker-archive tarball.
inline constexpr size_t kMaxArchiveEntries = 200000;
// Files (regular files and symlinks) in the final image filesystem.
inline constexpr size_t kMaxImageFiles = 2000000;
// Entries in one layer tar (including directories and whiteouts).
inline constexpr size_t kMaxLayerEntries = 4000000;
// Total file content hashed per image (sparse holes count at their full size): bounds the
// CPU a hostile layer (a sparse entry claiming petabytes, a gzip bomb) can make us spend.
inline constexpr uint64_t kMaxImageContentBytes = 256ull << 30;
// Total declared size of the members of an image archive (extracted to a temp directory).
inline constexpr uint64_t kMaxArchiveContentBytes = 256ull << 30;
// A path inside a layer or archive (PATH_MAX).
inline constexpr size_t kMaxEntryPathBytes = 4096;
// dpkg status database (a full Debian desktop has ~5 MiB).
inline constexpr uint64_t kMaxDpkgStatusBytes = 64u << 20;
// One file in var/lib/dpkg/status.d/ (distroless: one stanza per package).
inline constexpr uint64_t kMaxDpkgStatusDFileBytes = 1u << 20;
// Packages read from dpkg databases.
inline constexpr size_t kMaxPackages = 200000;
// Python METADATA: only the header block is used; longer files are read up to this prefix.
inline constexpr uint64_t kMaxPythonMetadataBytes = 1u << 20;
// etc/os-release.
inline constexpr uint64_t kMaxOsReleaseBytes = 64u << 10;
// usr/share/doc/<pkg>/copyright (DEP-5 License: fields); larger files are read up to this prefix.
inline constexpr uint64_t kMaxCopyrightBytes = 256u << 10;
// Total bytes kept in memory for package metadata across the whole image.
inline constexpr uint64_t kMaxCapturedBytes = 256u << 20;
// .bin files count as model weights only from this size on (small .bin files are anything).
inline constexpr uint64_t kMinBinModelBytes = 1u << 20;

}  // namespace attestfs::image
