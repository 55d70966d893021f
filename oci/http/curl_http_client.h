// CurlHttpClient: HttpClient over libcurl (the only libcurl user). Reuses connections through a
// pool of easy handles plus a share handle (connections, DNS, TLS sessions), detects stalls,
// bounds bodies, and retries 429/5xx/connection resets with exponential backoff as long as no
// response byte has been handed to a streaming sink. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "oci/http/http_client.h"

namespace attestfs::oci::http {

struct HttpClientOptions {
  std::string ca_file;  // PEM bundle to trust instead of the system store (empty: system store)
  std::chrono::milliseconds connect_timeout{10000};
  // A transfer that moves no byte for this long is aborted (and retried while nothing was
  // handed to a sink).
  std::chrono::seconds stall_timeout{30};
  int max_attempts = 4;  // 1 = no retries
  std::chrono::milliseconds initial_backoff{200};
  std::chrono::milliseconds max_backoff{5000};
  std::string user_agent = "attestfs/0.1";
  int max_redirects = 5;
  // Slow-drip defence: over every rate_window at least min_bytes_per_second must move on
  // average, or the transfer is aborted as too slow (not retried; 0 disables).
  uint64_t min_bytes_per_second = 1024;
  std::chrono::seconds rate_window{30};
  // Per-request deadline scaled to the size: request_deadline_base + expected bytes /
  // deadline_bytes_per_second (expected: HttpRequest::expected_bytes, an upload's size, or a
  // buffered body's limit). Not retried once hit.
  std::chrono::seconds request_deadline_base{120};
  uint64_t deadline_bytes_per_second = 256u << 10;
  // Caps every request's deadline (0: no cap) — the mount's fetch_timeout.
  std::chrono::seconds max_request_time{0};
  // When set and true, every in-flight and later transfer ends with kNetwork "cancelled" within
  // about a second (umount, SIGTERM, Ctrl-C).
  std::shared_ptr<const std::atomic<bool>> cancel;
};

class CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(HttpClientOptions options = {});
  ~CurlHttpClient() override;
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  Result<HttpResponse> Send(const HttpRequest& request) override;
  TransferStats Stats() const override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace attestfs::oci::http
