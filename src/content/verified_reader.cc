// VerifiedReader implementation. Lock order: mu_ is the only lock; it is never held while
// calling the source, hashing, touching the disk cache or fulfilling a promise.
#include "content/verified_reader.h"

#include <algorithm>
#include <optional>
#include <thread>

#include "digest/sha256_hasher.h"

namespace attestfs::content {
namespace {

// Idle chunk buffers kept: one per read-ahead chunk and fetch thread plus these spares, and
// never more than kMaxIdleBufferBytes (large chunk sizes).
constexpr size_t kSpareBuffers = 2;
constexpr uint64_t kMaxIdleBufferBytes = 64ull << 20;
// Released chunks remembered so read-ahead skips them (32 bytes each; 16 GiB of 4 MiB chunks).
constexpr size_t kMaxRememberedReleases = 4096;

// A local source whose served chunks are released (the kernel page cache holds what was served)
// needs memory only for read-ahead and partly served chunks: at most this much, or the
// read-ahead window plus a few chunks if that is larger. A chunk evicted before it was fully
// served costs one local re-read and hash, never correctness.
constexpr uint64_t kLocalReleasedBudgetBytes = 32ull << 20;
constexpr uint64_t kExtraChunksInBudget = 4;

uint64_t LruBudget(const VerifiedReaderOptions& o, bool remote) {
  if (remote || !o.release_served_chunks) return o.memory_budget_bytes;
  uint64_t cs = o.chunk_size == 0 ? attestation::kDefaultChunkSize : o.chunk_size;
  uint64_t window = (o.read_ahead_chunks + kExtraChunksInBudget) * cs;
  return std::min(o.memory_budget_bytes, std::max(kLocalReleasedBudgetBytes, window));
}

// Local chunks cost CPU (read + hash), not latency: more fetch threads than cores only add
// chunks in flight (memory) and delay the chunk the reader waits for. Remote fetches wait on
// the network, so they keep the configured count.
size_t FetchThreads(const VerifiedReaderOptions& o, bool remote) {
  size_t n = o.fetch_threads == 0 ? 1 : o.fetch_threads;
  if (remote) return n;
  size_t cores = std::thread::hardware_concurrency();
  return std::min(n, cores == 0 ? n : cores);
}

// Remote sources read ahead only once a sequential run covered remote_read_ahead_after_bytes,
// local ones once it covered local_read_ahead_after_bytes.
ReadAheadOptions ReadAheadFor(const VerifiedReaderOptions& o, bool remote) {
  ReadAheadOptions r;
  r.chunk_size = o.chunk_size == 0 ? attestation::kDefaultChunkSize : o.chunk_size;
  r.window_chunks = o.read_ahead_chunks;
  r.min_run_bytes = remote ? o.remote_read_ahead_after_bytes : o.local_read_ahead_after_bytes;
  return r;
}

size_t IdleBufferBytes(const VerifiedReaderOptions& o, bool remote) {
  uint64_t cs = o.chunk_size == 0 ? attestation::kDefaultChunkSize : o.chunk_size;
  uint64_t want = (o.read_ahead_chunks + FetchThreads(o, remote) + kSpareBuffers) * cs;
  return static_cast<size_t>(std::min(want, kMaxIdleBufferBytes));
}

std::shared_future<Result<ChunkBytes>> Ready(Result<ChunkBytes> r) {
  std::promise<Result<ChunkBytes>> p;
  p.set_value(std::move(r));
  return p.get_future().share();
}

}  // namespace

VerifiedReader::VerifiedReader(std::shared_ptr<BlobSource> source, VerifiedReaderOptions options)
    : source_(std::move(source)),
      options_(std::move(options)),
      remote_(source_->IsRemote()),
      lru_(LruBudget(options_, remote_)),
      read_ahead_(ReadAheadFor(options_, remote_)),
      buffers_(ChunkBufferPool::Create(IdleBufferBytes(options_, remote_))),
      fetch_threads_(FetchThreads(options_, remote_)),
      pool_(fetch_threads_) {
  if (options_.chunk_size == 0) options_.chunk_size = attestation::kDefaultChunkSize;
  if (options_.max_coalesced_chunks == 0) options_.max_coalesced_chunks = 1;
  if (options_.backing_files && !remote_) {
    options_.backing_files->StartFiller(
        [this](const attestation::FileEntry& f, uint64_t i) { return FetchVerifiedChunk(f, i); });
  }
}

VerifiedReader::~VerifiedReader() {
  if (options_.backing_files) options_.backing_files->StopFiller();  // it calls into this reader
}

Result<std::string> VerifiedReader::FetchVerifiedChunk(const attestation::FileEntry& file,
                                                       uint64_t index) {
  AFS_ASSIGN_OR_RETURN(ChunkSpec spec, Spec(file, index));
  std::string bytes;
  AFS_TRY(source_->ReadRangeInto(file, spec.offset, spec.length, &bytes));
  AFS_ASSIGN_OR_RETURN(ChunkBytes verified, Verify(file, spec, std::move(bytes)));
  return std::string(*verified);
}

ReaderStats VerifiedReader::stats() const {
  MutexLock lock(mu_);
  return stats_;
}

Result<VerifiedReader::ChunkSpec> VerifiedReader::Spec(const attestation::FileEntry& file,
                                                       uint64_t index) const {
  const uint64_t cs = options_.chunk_size;
  if (file.size <= cs) {
    if (index != 0) return Error(Errc::kInternal, file.path + ": chunk index out of range");
    return ChunkSpec{0, 0, file.size, file.sha256};
  }
  if (file.chunks.size() != attestation::ChunkCount(file.size, cs)) {
    return Error(Errc::kMalformed, file.path + ": chunk index has " +
                                       std::to_string(file.chunks.size()) + " entries, expected " +
                                       std::to_string(attestation::ChunkCount(file.size, cs)));
  }
  if (index >= file.chunks.size()) {
    return Error(Errc::kInternal, file.path + ": chunk index out of range");
  }
  uint64_t off = index * cs;
  return ChunkSpec{index, off, std::min(cs, file.size - off), file.chunks[index]};
}

void VerifiedReader::EndStream(const attestation::FileEntry& file, uint64_t stream) {
  MutexLock lock(mu_);
  read_ahead_.EndStream(file, stream);
}

Result<std::string> VerifiedReader::Read(const attestation::FileEntry& file, uint64_t offset,
                                         uint64_t length, uint64_t stream) {
  AFS_ASSIGN_OR_RETURN(VerifiedSlices slices, ReadSlices(file, offset, length, stream));
  uint64_t total = 0;
  for (const auto& s : slices) total += s.length;
  std::string out;
  out.reserve(total);
  for (const auto& s : slices) out.append(s.view());
  return out;
}

Result<VerifiedSlices> VerifiedReader::ReadSlices(const attestation::FileEntry& file,
                                                  uint64_t offset, uint64_t length,
                                                  uint64_t stream) {
  if (file.type != attestation::FileEntry::Type::kRegular) {
    return Error(Errc::kInvalidArgument, file.path + ": not a regular file");
  }
  if (offset >= file.size || length == 0) return VerifiedSlices{};
  const uint64_t end = offset + std::min(length, file.size - offset);
  const uint64_t cs = options_.chunk_size;
  const uint64_t first = file.size <= cs ? 0 : offset / cs;
  const uint64_t last = file.size <= cs ? 0 : (end - 1) / cs;

  auto futures = Acquire(file, first, last, FetchPool::Priority::kDemand);
  MaybeReadAhead(file, stream, offset, end);

  VerifiedSlices out;
  out.reserve(last - first + 1);
  for (uint64_t i = first; i <= last; ++i) {
    auto& f = futures[i - first];
    if (options_.fetch_timeout.count() > 0 &&
        f.wait_for(options_.fetch_timeout) != std::future_status::ready) {
      return Error(Errc::kNetwork, "read " + file.path + " chunk " + std::to_string(i) +
                                       ": timed out after " +
                                       std::to_string(options_.fetch_timeout.count()) + " ms");
    }
    const ChunkResult& r = f.get();
    if (!r.ok()) return r.error();
    const ChunkBytes& bytes = *r;
    uint64_t chunk_off = file.size <= cs ? 0 : i * cs;
    uint64_t from = std::max(offset, chunk_off) - chunk_off;
    uint64_t to = std::min(end, chunk_off + bytes->size()) - chunk_off;
    out.push_back(VerifiedSlice{bytes, from, to - from});
    // A chunk served from memory (or joined in flight for another file with the same chunk)
    // may not be in this file's copy yet.
    if (options_.backing_files) {
      if (!remote_) {
        options_.backing_files->NoteVerified(file, i);
      } else if (options_.backing_files->Wants(file, i)) {
        options_.backing_files->PutVerified(file, i, *bytes);
      }
    }
  }
  if (options_.release_served_chunks) ReleaseServed(file, first, out);
  return out;
}

void VerifiedReader::ReleaseServed(const attestation::FileEntry& file, uint64_t first,
                                   const VerifiedSlices& slices) {
  MutexLock lock(mu_);
  for (size_t k = 0; k < slices.size(); ++k) {
    auto spec = Spec(file, first + k);
    if (!spec.ok() || !lru_.MarkServed(spec->expected, slices[k].length)) continue;
    ++stats_.chunks_released;
    // Remember it so read-ahead (which may lag behind out-of-order requests) never fetches it
    // again only to hold it unread.
    if (released_.insert(spec->expected).second) released_order_.push_back(spec->expected);
    if (released_order_.size() > kMaxRememberedReleases) {
      released_.erase(released_order_.front());
      released_order_.pop_front();
    }
  }
}

std::vector<std::shared_future<VerifiedReader::ChunkResult>> VerifiedReader::Acquire(
    const attestation::FileEntry& file, uint64_t first, uint64_t last,
    FetchPool::Priority priority) {
  std::vector<std::shared_future<ChunkResult>> futures;
  std::vector<ChunkSpec> to_fetch;
  {
    MutexLock lock(mu_);
    for (uint64_t i = first; i <= last; ++i) {
      auto spec = Spec(file, i);
      if (!spec.ok()) {
        futures.push_back(Ready(spec.error()));
        continue;
      }
      if (ChunkBytes hit = lru_.Get(spec->expected)) {
        ++stats_.memory_hits;
        futures.push_back(Ready(std::move(hit)));
        continue;
      }
      if (priority == FetchPool::Priority::kReadAhead && released_.count(spec->expected)) {
        continue;  // the consumer already holds it (see ReleaseServed)
      }
      if (priority == FetchPool::Priority::kDemand) released_.erase(spec->expected);
      auto it = in_flight_.find(spec->expected);
      if (it != in_flight_.end()) {
        if (priority == FetchPool::Priority::kDemand) ++stats_.joined_flights;
        futures.push_back(it->second.second);
        continue;
      }
      std::promise<ChunkResult> promise;
      auto future = promise.get_future().share();
      in_flight_.emplace(spec->expected, std::make_pair(std::move(promise), future));
      futures.push_back(future);
      if (priority == FetchPool::Priority::kReadAhead) ++stats_.read_ahead_chunks;
      to_fetch.push_back(*spec);
    }
  }
  // Group into runs: remote sources coalesce adjacent chunks; local chunks go one per task so
  // they are read and hashed in parallel.
  size_t max_run = remote_ ? options_.max_coalesced_chunks : 1;
  std::vector<ChunkSpec> run;
  auto flush = [&] {
    if (run.empty()) return;
    pool_.Submit(priority,
                 [this, f = &file, r = std::move(run)]() mutable { FetchRun(f, std::move(r)); });
    run.clear();
  };
  for (const auto& spec : to_fetch) {
    if (!run.empty() && (run.back().index + 1 != spec.index || run.size() >= max_run)) flush();
    run.push_back(spec);
  }
  flush();
  return futures;
}

void VerifiedReader::FetchRun(const attestation::FileEntry* file, std::vector<ChunkSpec> run) {
  const bool use_disk = remote_ && options_.disk_cache;
  std::vector<ChunkSpec> misses;
  for (auto& spec : run) {
    if (use_disk) {
      if (auto bytes = options_.disk_cache->Get(spec.expected, spec.length)) {
        {
          MutexLock lock(mu_);
          ++stats_.disk_hits;
        }
        Complete(*file, spec, buffers_->Share(std::move(*bytes)));
        continue;
      }
    }
    misses.push_back(spec);
  }
  size_t i = 0;
  while (i < misses.size()) {
    size_t j = i + 1;
    while (j < misses.size() && misses[j].index == misses[j - 1].index + 1) ++j;
    const uint64_t off = misses[i].offset;
    const uint64_t len = misses[j - 1].offset + misses[j - 1].length - off;
    // Local sources fill a recycled buffer in place; remote ones return a fresh string.
    Result<std::string> data = remote_ ? std::string() : buffers_->Take(len);
    if (Status st = source_->ReadRangeInto(*file, off, len, &*data); !st.ok()) data = st.error();
    {
      MutexLock lock(mu_);
      ++stats_.source_reads;
      if (data.ok()) stats_.source_bytes += data->size();
    }
    for (size_t k = i; k < j; ++k) {
      const ChunkSpec& spec = misses[k];
      if (!data.ok()) {
        Complete(
            *file, spec,
            data.error().Context("read " + file->path + " chunk " + std::to_string(spec.index)));
        continue;
      }
      uint64_t rel = spec.offset - off;
      std::string piece;
      if (j - i == 1) {
        piece = std::move(*data);  // one chunk: no copy
      } else if (rel < data->size()) {
        piece = data->substr(rel, spec.length);
      }
      ChunkResult result = Verify(*file, spec, std::move(piece));
      if (!result.ok() && remote_) {
        // A network source may have delivered corrupted bytes: refetch this chunk once.
        auto again = source_->ReadRange(*file, spec.offset, spec.length);
        {
          MutexLock lock(mu_);
          ++stats_.source_reads;
          if (again.ok()) stats_.source_bytes += again->size();
        }
        if (again.ok()) result = Verify(*file, spec, std::move(again).value());
      }
      Complete(*file, spec, std::move(result));
    }
    i = j;
  }
}

VerifiedReader::ChunkResult VerifiedReader::Verify(const attestation::FileEntry& file,
                                                   const ChunkSpec& spec, std::string bytes) {
  digest::Digest actual = digest::Sha256(bytes);
  if (bytes.size() != spec.length || actual != spec.expected) {
    std::string what = "verification failed: path=" + file.path +
                       " chunk=" + std::to_string(spec.index) +
                       " expected=" + spec.expected.ToString() + " actual=" + actual.ToString();
    if (bytes.size() != spec.length) {
      what +=
          " size=" + std::to_string(bytes.size()) + " expected_size=" + std::to_string(spec.length);
    }
    {
      MutexLock lock(mu_);
      ++stats_.verification_failures;
    }
    if (options_.log) options_.log(what);
    return Error(Errc::kVerificationFailed, what);
  }
  {
    MutexLock lock(mu_);
    ++stats_.chunks_verified;
  }
  if (remote_ && options_.disk_cache) {
    if (auto s = options_.disk_cache->Put(spec.expected, bytes); !s.ok() && options_.log) {
      options_.log("chunk cache: " + s.error().message());
    }
  }
  return buffers_->Share(std::move(bytes));
}

void VerifiedReader::Complete(const attestation::FileEntry& file, const ChunkSpec& spec,
                              ChunkResult result) {
  if (result.ok() && options_.backing_files && remote_) {
    options_.backing_files->PutVerified(file, spec.index, **result);
  }
  std::promise<ChunkResult> promise;
  {
    MutexLock lock(mu_);
    auto it = in_flight_.find(spec.expected);
    if (it == in_flight_.end()) return;  // cannot happen: one flight per digest
    promise = std::move(it->second.first);
    in_flight_.erase(it);
    if (result.ok()) lru_.Put(spec.expected, *result);  // failures are never cached
  }
  promise.set_value(std::move(result));
}

void VerifiedReader::MaybeReadAhead(const attestation::FileEntry& file, uint64_t stream,
                                    uint64_t offset, uint64_t end) {
  std::optional<ChunkRange> ahead;
  {
    MutexLock lock(mu_);
    ahead = read_ahead_.OnRead(file, stream, offset, end);
  }
  if (ahead) Acquire(file, ahead->first, ahead->last, FetchPool::Priority::kReadAhead);
}

}  // namespace attestfs::content
