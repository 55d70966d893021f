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
