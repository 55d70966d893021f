// ParallelHasher: a fixed pool of workers fed by HashScheduler, each with one aligned read
// buffer. Whole-file and chunk digests read with pread; the first error cancels the rest.
#include "targets/parallel_hasher.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <memory>
#include <optional>
#include <system_error>
#include <thread>

#include "attestation/file_manifest.h"
#include "base/mutex.h"
#include "base/progress_task.h"
#include "base/regular_file.h"
#include "base/unique_fd.h"
#include "digest/sha256_hasher.h"
#include "targets/hash_scheduler.h"

namespace attestfs::targets {
namespace {

constexpr size_t kBufferAlignment = 4096;
struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }
};
using AlignedBuffer = std::unique_ptr<char, FreeDeleter>;

AlignedBuffer NewBuffer() {
  return AlignedBuffer(
      static_cast<char*>(std::aligned_alloc(kBufferAlignment, kHashReadBufferSize)));
}

Error Changed(const HashJob& job, const std::string& how) {
  return Error(Errc::kIo, "hash '" + job.name + "': file changed during the scan (" + how + ")");
}

using ReadHook = std::function<void(const HashJob&)>;

// An open file and its stamp at open time.
struct OpenedFile {
  UniqueFd fd;
  FileStamp stamp;
};

// Opens without blocking (a FIFO or device swapped in after the walk is refused, by name,
// instead of hanging the scan in open(2)) and checks the file is still what the walk saw.
Result<OpenedFile> OpenChecked(const HashJob& job) {
  struct stat st {};
  AFS_ASSIGN_OR_RETURN(UniqueFd fd, OpenRegularFile(job.read_path, job.name, &st));
  FileStamp now = FileStamp::Of(st);
  if (job.stamp && now != *job.stamp) return Changed(job, now.DescribeChangeFrom(*job.stamp));
  if (now.size != job.size) return Changed(job, "size differs");
  return OpenedFile{std::move(fd), now};
}

// After the last read: a write, truncate or chmod since the open changed mtime or ctime, so
// the bytes just hashed may be torn. The kernel updates both before copying written data.
Status CheckUnchanged(const OpenedFile& f, const HashJob& job, const ReadHook& hook) {
  if (hook) hook(job);
  struct stat st {};
  if (::fstat(f.fd.get(), &st) != 0) return ErrnoError("stat '" + job.name + "'", errno);
  FileStamp now = FileStamp::Of(st);
  if (now != f.stamp) return Changed(job, now.DescribeChangeFrom(f.stamp));
  return OkStatus();
}

// Reads exactly len bytes at off; a short read means the file shrank.
Status ReadExact(int fd, const HashJob& job, uint64_t off, size_t len, char* buf) {
  size_t done = 0;
  while (done < len) {
    ssize_t n = ::pread(fd, buf + done, len - done, static_cast<off_t>(off + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("read '" + job.name + "'", errno);
    }
    if (n == 0) return Changed(job, "short read");
    done += static_cast<size_t>(n);
  }
  return OkStatus();
}

// A file smaller than the buffer: one pread of size+1 bytes also proves it did not grow.
// With inline_chunk_size != 0, the chunk digests (if the file has an index) come from the buffer.
Status HashSmall(int fd, const HashJob& job, uint64_t inline_chunk_size, char* buf,
                 HashOutput& out) {
  const size_t want = static_cast<size_t>(job.size) + 1;
  size_t done = 0;
  for (;;) {
    ssize_t n = ::pread(fd, buf + done, want - done, static_cast<off_t>(done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("read '" + job.name + "'", errno);
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
    if (done == want) break;
  }
  if (done < job.size) return Changed(job, "short read");
  if (done > job.size) return Changed(job, "grew while reading");
  out.sha256 = digest::Sha256(std::string_view(buf, done));
  if (inline_chunk_size != 0) {
    for (size_t i = 0; i < out.chunks.size(); ++i) {
      size_t begin = static_cast<size_t>(i * inline_chunk_size);
      size_t len = static_cast<size_t>(std::min<uint64_t>(inline_chunk_size, done - begin));
      out.chunks[i] = digest::Sha256(std::string_view(buf + begin, len));
    }
  }
  return OkStatus();
}

// The whole-file digest; with inline_chunks also every chunk digest in the same pass.
// Progress counts the whole-file pass only (the bytes of the tree, once).
Status HashWhole(const HashJob& job, uint64_t chunk_size, bool inline_chunks, char* buf,
                 const ReadHook& hook, HashOutput& out, const ProgressTask* progress) {
  AFS_ASSIGN_OR_RETURN(OpenedFile file, OpenChecked(job));
  const UniqueFd& fd = file.fd;
  if (job.size < kHashReadBufferSize) {
    AFS_TRY(HashSmall(fd.get(), job, inline_chunks ? chunk_size : 0, buf, out));
    if (progress != nullptr) progress->Advance(job.size);
    return CheckUnchanged(file, job, hook);
  }
  ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  digest::Sha256Hasher whole, chunk;
  inline_chunks = inline_chunks && !out.chunks.empty();
  uint64_t off = 0;
  size_t chunk_index = 0;
  while (off < job.size) {
    uint64_t want = std::min<uint64_t>(kHashReadBufferSize, job.size - off);
    if (inline_chunks) want = std::min<uint64_t>(want, chunk_size - off % chunk_size);
    AFS_TRY(ReadExact(fd.get(), job, off, static_cast<size_t>(want), buf));
    whole.Update(buf, static_cast<size_t>(want));
    if (progress != nullptr) progress->Advance(want);
    off += want;
    if (inline_chunks) {
      chunk.Update(buf, static_cast<size_t>(want));
      if (off % chunk_size == 0 || off == job.size) out.chunks[chunk_index++] = chunk.Finish();
    }
  }
  char extra;
  ssize_t n;
  do {
    n = ::pread(fd.get(), &extra, 1, static_cast<off_t>(job.size));
  } while (n < 0 && errno == EINTR);
  if (n != 0) return Changed(job, "grew while reading");
  out.sha256 = whole.Finish();
  return CheckUnchanged(file, job, hook);
}

Status HashChunk(const HashJob& job, uint64_t chunk_size, size_t index, char* buf,
                 const ReadHook& hook, HashOutput& out) {
  AFS_ASSIGN_OR_RETURN(OpenedFile file, OpenChecked(job));
  const UniqueFd& fd = file.fd;
  uint64_t begin = index * chunk_size;
  uint64_t end = std::min(job.size, begin + chunk_size);
  ::posix_fadvise(fd.get(), static_cast<off_t>(begin), static_cast<off_t>(end - begin),
                  POSIX_FADV_SEQUENTIAL);
  digest::Sha256Hasher h;
  for (uint64_t off = begin; off < end;) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(kHashReadBufferSize, end - off));
    AFS_TRY(ReadExact(fd.get(), job, off, want, buf));
    h.Update(buf, want);
    off += want;
  }
  out.chunks[index] = h.Finish();
  return CheckUnchanged(file, job, hook);
}

// Shared state of one Hash() call.
struct Run {
  const std::vector<HashJob>& jobs;
  std::vector<HashOutput>& outputs;
  HashScheduler& scheduler;
  uint64_t chunk_size;
  bool inline_chunks;
  const ReadHook& after_read;
  const ProgressTask* progress;  // may be null; thread-safe
  Mutex mu;
  std::optional<Error> first_error AFS_GUARDED_BY(mu);  // the error reported to the caller

  void Fail(Error e) {
    {
      MutexLock lock(mu);
      if (!first_error) first_error = std::move(e);
    }
    scheduler.Cancel();
  }

  void Work() {
    AlignedBuffer buf = NewBuffer();
    if (!buf) return Fail(Error(Errc::kInternal, "out of memory for a hash read buffer"));
    while (std::optional<HashTask> t = scheduler.Next()) {
      Status s = t->chunk == HashTask::kWholeFile
                     ? HashWhole(jobs[t->job], chunk_size, inline_chunks, buf.get(), after_read,
                                 outputs[t->job], progress)
                     : HashChunk(jobs[t->job], chunk_size, static_cast<size_t>(t->chunk), buf.get(),
                                 after_read, outputs[t->job]);
      if (!s.ok()) return Fail(s.error());
      scheduler.Done(*t);
    }
  }
};

}  // namespace

unsigned ParallelHasher::WorkerCount(size_t tasks) const {
  unsigned n = options_.threads != 0 ? options_.threads : std::thread::hardware_concurrency();
  n = std::clamp(n, 1u, kMaxHashThreads);
  if (tasks < n) n = static_cast<unsigned>(std::max<size_t>(tasks, 1));
  return n;
}

Result<std::vector<HashOutput>> ParallelHasher::Hash(const std::vector<HashJob>& jobs) const {
  const uint64_t chunk_size = options_.chunk_size;
  if (options_.compute_chunks && chunk_size == 0) {
    return Error(Errc::kInvalidArgument, "chunk size must not be zero");
  }
  std::vector<HashOutput> outputs(jobs.size());
  std::vector<uint64_t> sizes(jobs.size());
  std::vector<size_t> chunk_counts(jobs.size(), 0);
  size_t tasks = jobs.size();
  for (size_t j = 0; j < jobs.size(); ++j) {
    sizes[j] = jobs[j].size;
    if (options_.compute_chunks && jobs[j].size > chunk_size) {
      chunk_counts[j] = attestation::ChunkCount(jobs[j].size, chunk_size);
      outputs[j].chunks.resize(chunk_counts[j]);
      tasks += chunk_counts[j];
    }
  }
  const unsigned workers = WorkerCount(tasks);
  // One worker reads each file once and computes its chunk digests in the same pass.
  const bool inline_chunks = workers == 1;
  if (inline_chunks) std::fill(chunk_counts.begin(), chunk_counts.end(), 0);
  HashScheduler scheduler(sizes, std::move(chunk_counts), workers);

  uint64_t total = 0;
  for (uint64_t size : sizes) total += size;
  std::optional<ProgressTask> progress;
  if (options_.progress != nullptr) progress.emplace(options_.progress, "hash", total);
  Run run{jobs,
          outputs,
          scheduler,
          chunk_size,
          inline_chunks,
          options_.after_read_for_test,
          progress ? &*progress : nullptr};
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < workers; ++i) {
    try {
      pool.emplace_back([&run] { run.Work(); });
    } catch (const std::system_error&) {
      break;  // fewer workers than asked for still finish the work
    }
  }
  run.Work();
  for (auto& t : pool) t.join();
  {
    MutexLock lock(run.mu);  // uncontended: the workers are joined
    if (run.first_error) return *run.first_error;
  }
  return outputs;
}

}  // namespace attestfs::targets
