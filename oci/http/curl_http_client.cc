// libcurl implementation of HttpClient. Owns every CURL* / CURLSH* (RAII), the retry loop and
// the byte counters. Nothing outside oci/http includes <curl/curl.h>.
#include "oci/http/curl_http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include "base/mutex.h"

namespace attestfs::oci::http {
namespace {

// Idle easy handles kept for reuse (each keeps its own live connections too).
constexpr size_t kMaxIdleHandles = 8;
// Larger receive/send buffers than libcurl's 16/64 KiB defaults: fewer callbacks per GiB of
// model weights (the upload buffer's maximum is 2 MiB).
constexpr long kReceiveBufferBytes = 256 << 10;
constexpr long kUploadBufferBytes = 2 << 20;
// Retry-After values above this are capped to max_backoff anyway; parse at most this many digits.
constexpr size_t kMaxRetryAfterDigits = 6;

struct Transfer {
  const HttpRequest* req = nullptr;
  const BodySource* source = nullptr;
  HttpResponse resp;
  uint64_t upload_offset = 0;
  uint64_t delivered = 0;  // body bytes handed to req->sink
  Status sink_error;
  Status read_error;
  bool too_large = false;
  std::atomic<uint64_t>* down = nullptr;
  std::atomic<uint64_t>* up = nullptr;
  // Stall detection: the last progress totals and when they last changed.
  std::chrono::seconds stall_timeout{0};
  curl_off_t last_total = -1;
  std::chrono::steady_clock::time_point last_change;
  bool stalled = false;
  // Slow-drip detection: bytes at the start of the current rate window.
  uint64_t min_rate = 0;
  std::chrono::seconds rate_window{0};
  std::chrono::steady_clock::time_point window_start;
  curl_off_t window_total = 0;
  bool too_slow = false;
  // Deadline for the whole request (time_point::max(): none).
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  bool deadline_hit = false;
  std::chrono::steady_clock::time_point started;
  const std::atomic<bool>* cancel = nullptr;
  bool cancelled = false;

  // An abort that retrying would not cure.
  bool Final() const { return too_slow || deadline_hit || cancelled; }

  bool Is2xx() const { return resp.status >= 200 && resp.status < 300; }
};

size_t HeaderCb(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * n);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.substr(0, 5) == "HTTP/") {
    // A new response (redirect hop or 100 Continue): start over.
    t->resp.headers.Clear();
    size_t sp = line.find(' ');
    t->resp.status = sp == line.npos ? 0 : std::atol(std::string(line.substr(sp + 1, 3)).c_str());
    return size * n;
  }
  size_t colon = line.find(':');
  if (colon != line.npos) {
    std::string_view v = line.substr(colon + 1);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    t->resp.headers.Add(std::string(line.substr(0, colon)), std::string(v));
  }
  return size * n;
}

size_t WriteCb(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  t->down->fetch_add(len, std::memory_order_relaxed);
  if (!t->Is2xx()) {
    size_t room = kMaxErrorBodyBytes - std::min<uint64_t>(kMaxErrorBodyBytes, t->resp.body.size());
    t->resp.body.append(data, std::min(room, len));
    return len;
  }
  if (t->req->sink) {
    Status s = t->req->sink(std::string_view(data, len));
    if (!s.ok()) {
      t->sink_error = s;
      return 0;  // aborts the transfer with CURLE_WRITE_ERROR
    }
    t->delivered += len;
    return len;
  }
  if (t->resp.body.size() + len > t->req->max_body_bytes) {
    t->too_large = true;
    return 0;
  }
  t->resp.body.append(data, len);
  return len;
}

size_t ReadCb(char* buf, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t want = std::min<uint64_t>(size * n, t->source->size - t->upload_offset);
  if (want == 0) return 0;
  auto got = t->source->read_at(t->upload_offset, buf, want);
  if (!got.ok()) {
    t->read_error = got.error();
    return CURL_READFUNC_ABORT;
  }
  t->upload_offset += *got;
  t->up->fetch_add(*got, std::memory_order_relaxed);
  return *got;
}

int SeekCb(void* user, curl_off_t offset, int origin) {
  auto* t = static_cast<Transfer*>(user);
  if (origin != SEEK_SET || offset < 0 || static_cast<uint64_t>(offset) > t->source->size) {
    return CURL_SEEKFUNC_CANTSEEK;
  }
  t->upload_offset = static_cast<uint64_t>(offset);
  return CURL_SEEKFUNC_OK;
}

// Aborts a transfer that moved no byte for stall_timeout (libcurl's low-speed check averages
// over a 5 s window, too coarse for short timeouts).
// Also ends transfers that are cancelled, past their deadline, or slower than the minimum rate
// over a whole window (a registry sending one byte a second).
int ProgressCb(void* user, curl_off_t, curl_off_t dlnow, curl_off_t, curl_off_t ulnow) {
  auto* t = static_cast<Transfer*>(user);
  auto now = std::chrono::steady_clock::now();
  if (t->cancel != nullptr && t->cancel->load(std::memory_order_relaxed)) {
    t->cancelled = true;
    return 1;
  }
  if (now > t->deadline) {
    t->deadline_hit = true;
    return 1;
  }
  if (t->min_rate > 0 && now - t->window_start >= t->rate_window) {
    auto moved = static_cast<uint64_t>(std::max<curl_off_t>(0, dlnow + ulnow - t->window_total));
    if (moved < t->min_rate * static_cast<uint64_t>(t->rate_window.count())) {
      t->too_slow = true;
      return 1;
    }
    t->window_start = now;
    t->window_total = dlnow + ulnow;
  }
  if (dlnow + ulnow != t->last_total) {
    t->last_total = dlnow + ulnow;
    t->last_change = now;
    return 0;
  }
  if (now - t->last_change > t->stall_timeout) {
    t->stalled = true;
    return 1;  // CURLE_ABORTED_BY_CALLBACK
  }
  return 0;
}

bool IsRetryableCurlCode(CURLcode c) {
  switch (c) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_ABORTED_BY_CALLBACK:  // only our stall detector aborts from a callback
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

bool IsRetryableStatus(long s) { return s == 429 || s == 500 || s == 502 || s == 503 || s == 504; }

}  // namespace

struct CurlHttpClient::Impl {
  HttpClientOptions options;
  CURLSH* share = nullptr;
  // One mutex per curl_lock_data kind, locked by libcurl through the share callbacks; they
  // guard libcurl's shared connection, DNS and TLS session caches, no member of ours.
  Mutex share_mu[CURL_LOCK_DATA_LAST];
  Mutex pool_mu;
  std::vector<CURL*> idle AFS_GUARDED_BY(pool_mu);  // easy handles ready for reuse
  std::atomic<uint64_t> down{0}, up{0}, requests{0}, retries{0};

  // libcurl locks in one callback and unlocks in another, so there is no scope for the
  // analysis to pair them in: it is off for these two.
  static void Lock(CURL*, curl_lock_data d, curl_lock_access,
                   void* p) AFS_NO_THREAD_SAFETY_ANALYSIS {
    static_cast<Impl*>(p)->share_mu[d].Lock();
  }
  static void Unlock(CURL*, curl_lock_data d, void* p) AFS_NO_THREAD_SAFETY_ANALYSIS {
    static_cast<Impl*>(p)->share_mu[d].Unlock();
  }

  CURL* Acquire() {
    {
      MutexLock lock(pool_mu);
      if (!idle.empty()) {
        CURL* h = idle.back();
        idle.pop_back();
        return h;
      }
    }
    return curl_easy_init();
  }
  void ReleaseHandle(CURL* h) {
    curl_easy_reset(h);  // keeps the connection cache, drops per-request options
    MutexLock lock(pool_mu);
    if (idle.size() < kMaxIdleHandles) {
      idle.push_back(h);
      return;
    }
    curl_easy_cleanup(h);
  }

  std::chrono::milliseconds Backoff(int attempt, const HttpResponse& resp) const {
    auto delay = options.initial_backoff * (1LL << std::min(attempt - 1, 16));
    if (auto ra = resp.headers.Get("Retry-After");
        ra && !ra->empty() && ra->size() <= kMaxRetryAfterDigits &&
        ra->find_first_not_of("0123456789") == ra->npos) {
      delay = std::max<std::chrono::milliseconds>(delay, std::chrono::seconds(std::stol(*ra)));
    }
    return std::min<std::chrono::milliseconds>(delay, options.max_backoff);
  }

  // request_deadline_base + expected bytes / deadline rate, capped by max_request_time.
  std::chrono::steady_clock::time_point Deadline(
      const HttpRequest& r, const BodySource* source,
      std::chrono::steady_clock::time_point start) const {
    uint64_t expected = r.expected_bytes;
    if (expected == 0 && source != nullptr) expected = source->size;
    if (expected == 0 && !r.sink) expected = r.max_body_bytes;
    auto limit = std::chrono::steady_clock::duration::max();
    if (options.deadline_bytes_per_second > 0 && (expected > 0 || !r.sink)) {
      limit = options.request_deadline_base +
              std::chrono::seconds(expected / options.deadline_bytes_per_second);
    }
    if (options.max_request_time.count() > 0) {
      limit = std::min<std::chrono::steady_clock::duration>(limit, options.max_request_time);
    }
    if (limit == std::chrono::steady_clock::duration::max()) {
      return std::chrono::steady_clock::time_point::max();
    }
    return start + limit;
  }

  // The retry backoff, in short naps so a cancellation is not held up; false when cancelled.
  bool SleepUnlessCancelled(int attempt, const HttpResponse& resp) const {
    auto until = std::chrono::steady_clock::now() + Backoff(attempt, resp);
    while (std::chrono::steady_clock::now() < until) {
      if (options.cancel && options.cancel->load()) return false;
      std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
          std::chrono::milliseconds(50), until - std::chrono::steady_clock::now()));
    }
    return !(options.cancel && options.cancel->load());
  }

  CURLcode Perform(CURL* h, Transfer& t, char* errbuf) {
    const HttpRequest& r = *t.req;
    curl_easy_setopt(h, CURLOPT_URL, r.url.c_str());
    curl_easy_setopt(h, CURLOPT_SHARE, share);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, static_cast<long>(options.max_redirects));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options.connect_timeout.count()));
    t.stall_timeout = options.stall_timeout;
    t.last_change = std::chrono::steady_clock::now();
    t.window_start = t.last_change;
    t.started = t.last_change;
    t.min_rate = options.min_bytes_per_second;
    t.rate_window = std::max(options.rate_window, std::chrono::seconds(1));
    t.cancel = options.cancel.get();
    t.deadline = Deadline(r, t.source, t.last_change);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, ProgressCb);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &t);
    curl_easy_setopt(h, CURLOPT_USERAGENT, options.user_agent.c_str());
    curl_easy_setopt(h, CURLOPT_BUFFERSIZE, kReceiveBufferBytes);
    curl_easy_setopt(h, CURLOPT_UPLOAD_BUFFERSIZE, kUploadBufferBytes);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options.ca_file.c_str());
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, HeaderCb);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, WriteCb);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);

    struct curl_slist* hdrs = nullptr;
    for (auto& [k, v] : r.headers.items()) hdrs = curl_slist_append(hdrs, (k + ": " + v).c_str());
    hdrs = curl_slist_append(hdrs, "Expect:");  // no 100-continue round trip
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);

    bool has_body = t.source != nullptr;
    if (r.method == "HEAD") {
      curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (has_body) {
      curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(t.source->size));
      curl_easy_setopt(h, CURLOPT_READFUNCTION, ReadCb);
      curl_easy_setopt(h, CURLOPT_READDATA, &t);
      curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, SeekCb);
      curl_easy_setopt(h, CURLOPT_SEEKDATA, &t);
      if (r.method != "PUT") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    } else if (r.method != "GET") {
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    }
    CURLcode rc = curl_easy_perform(h);
    char* eff = nullptr;
    if (curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff) t.resp.url = eff;
    curl_slist_free_all(hdrs);
    return rc;
  }
};

CurlHttpClient::CurlHttpClient(HttpClientOptions options) : impl_(std::make_unique<Impl>()) {
  curl_global_init(CURL_GLOBAL_DEFAULT);  // reference-counted and thread-safe since 7.84
  impl_->options = std::move(options);
  if (impl_->options.max_attempts < 1) impl_->options.max_attempts = 1;
  impl_->share = curl_share_init();
  curl_share_setopt(impl_->share, CURLSHOPT_LOCKFUNC, &Impl::Lock);
  curl_share_setopt(impl_->share, CURLSHOPT_UNLOCKFUNC, &Impl::Unlock);
  curl_share_setopt(impl_->share, CURLSHOPT_USERDATA, impl_.get());
  curl_share_setopt(impl_->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
  curl_share_setopt(impl_->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  curl_share_setopt(impl_->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
}

CurlHttpClient::~CurlHttpClient() {
  for (CURL* h : impl_->idle) curl_easy_cleanup(h);
  curl_share_cleanup(impl_->share);
  curl_global_cleanup();
}

TransferStats CurlHttpClient::Stats() const {
  return TransferStats{impl_->down.load(), impl_->up.load(), impl_->requests.load(),
                       impl_->retries.load()};
}

Result<HttpResponse> CurlHttpClient::Send(const HttpRequest& request) {
  BodySource string_source;
  const BodySource* source = nullptr;
  if (request.body_source) {
    source = &*request.body_source;
  } else if (!request.body.empty() || request.method == "PUT" || request.method == "POST" ||
             request.method == "PATCH") {
    string_source.size = request.body.size();
    string_source.read_at = [&request](uint64_t off, char* buf, size_t n) -> Result<size_t> {
      size_t k = std::min<uint64_t>(n, request.body.size() - off);
      std::memcpy(buf, request.body.data() + off, k);
      return k;
    };
    source = &string_source;
  }
  const std::string what = request.method + " " + request.url;
  for (int attempt = 1;; ++attempt) {
    if (impl_->options.cancel && impl_->options.cancel->load()) {
      return Error(Errc::kCancelled, what + ": cancelled");
    }
    Transfer t;
    t.req = &request;
    t.source = source;
    t.down = &impl_->down;
    t.up = &impl_->up;
    char errbuf[CURL_ERROR_SIZE] = {0};
    CURL* h = impl_->Acquire();
    if (!h) return Error(Errc::kInternal, "curl_easy_init failed");
    impl_->requests.fetch_add(1, std::memory_order_relaxed);
    CURLcode rc = impl_->Perform(h, t, errbuf);
    impl_->ReleaseHandle(h);
    bool can_retry =
        request.retry_on_server_error && t.delivered == 0 && attempt < impl_->options.max_attempts;
    if (rc != CURLE_OK) {
      if (!t.sink_error.ok()) return t.sink_error.error();
      if (!t.read_error.ok()) return t.read_error.error().Context(what + ": reading request body");
      if (t.too_large) {
        return Error(Errc::kTooLarge, what + ": response body over the " +
                                          std::to_string(request.max_body_bytes) + "-byte limit");
      }
      if (t.cancelled) return Error(Errc::kCancelled, what + ": cancelled");
      if (t.deadline_hit) {
        auto took = std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::steady_clock::now() - t.started);
        return Error(Errc::kNetwork, what + ": timed out: the request's deadline passed (" +
                                         std::to_string(took.count()) + " s)");
      }
      if (t.too_slow) {
        return Error(Errc::kNetwork, what + ": too slow: under " +
                                         std::to_string(impl_->options.min_bytes_per_second) +
                                         " bytes/s over " +
                                         std::to_string(impl_->options.rate_window.count()) + " s");
      }
      if (can_retry && IsRetryableCurlCode(rc) && impl_->SleepUnlessCancelled(attempt, t.resp)) {
        impl_->retries.fetch_add(1, std::memory_order_relaxed);
        continue;
      }
      std::string msg = errbuf[0] ? errbuf : curl_easy_strerror(rc);
      if (rc == CURLE_SSL_CONNECT_ERROR) {
        msg += " (a plain-HTTP registry? then use --plain-http)";
      } else if (rc == CURLE_PEER_FAILED_VERIFICATION) {
        msg += " (a private CA? then use --ca-file)";
      }
      if (t.stalled) {
        msg = "stalled: no data moved for " + std::to_string(impl_->options.stall_timeout.count()) +
              " s";
      }
      return Error(Errc::kNetwork, what + ": " + msg);
    }
    if (can_retry && IsRetryableStatus(t.resp.status) &&
        impl_->SleepUnlessCancelled(attempt, t.resp)) {
      impl_->retries.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    return std::move(t.resp);
  }
}

}  // namespace attestfs::oci::http
