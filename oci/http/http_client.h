// HttpClient: the transport interface under the registry client (implemented with libcurl in
// curl_http_client.cc, and by test doubles). Requests carry bounded or streamed bodies; responses
// carry case-insensitive headers. Auth lives one layer up (auth/authenticating_transport.h).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace attestfs::oci::http {

// Default cap on a buffered response body (manifests, indexes, tokens, tag lists): 4 MiB,
// the manifest limit of the distribution spec.
inline constexpr uint64_t kDefaultMaxResponseBytes = 4u << 20;
// Error bodies (non-2xx) are kept only up to this size: enough for any registry error JSON.
inline constexpr uint64_t kMaxErrorBodyBytes = 64u << 10;

// Header list with case-insensitive lookup (HTTP/2 lowercases names on the wire).
class HttpHeaders {
 public:
  void Add(std::string name, std::string value) {
    items_.emplace_back(std::move(name), std::move(value));
  }
  // First value of `name`, compared case-insensitively.
  std::optional<std::string> Get(std::string_view name) const;
  std::vector<std::string> GetAll(std::string_view name) const;
  // Content-Length as a non-negative int64: nullopt when absent; kMalformed when it is not a
  // decimal number or overflows int64 (a registry may send anything there).
  Result<std::optional<int64_t>> ContentLength() const;
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }
  void Clear() { items_.clear(); }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// A rewindable request body: `read_at(offset, buf, n)` fills up to n bytes (0 only at the end).
struct BodySource {
  uint64_t size = 0;
  std::function<Result<size_t>(uint64_t offset, char* buf, size_t n)> read_at;
};

// Response body sink for 2xx responses: called with consecutive pieces; an error aborts.
using BodySink = std::function<Status(std::string_view piece)>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  HttpHeaders headers;
  std::string body;                                    // used when body_source is unset
  std::optional<BodySource> body_source;               // streamed upload
  BodySink sink;                                       // streamed 2xx response body (else buffered)
  uint64_t max_body_bytes = kDefaultMaxResponseBytes;  // buffered 2xx body limit -> kTooLarge
  bool retry_on_server_error = true;  // 429/5xx/connection resets (see HttpClientOptions)
  uint64_t expected_bytes = 0;        // body size when known (blobs, ranges): scales the deadline
};

struct HttpResponse {
  long status = 0;
  HttpHeaders headers;
  std::string body;  // buffered 2xx body, or the (bounded) error body of a non-2xx response
  std::string url;   // the effective URL after redirects
};

// Bytes moved over the wire (bodies only), for the mount and the benchmarks.
struct TransferStats {
  uint64_t bytes_downloaded = 0;
  uint64_t bytes_uploaded = 0;
  uint64_t requests = 0;
  uint64_t retries = 0;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Sends the request; any HTTP status is a successful Result (the caller interprets it).
  // Transport failures are kNetwork; a sink error is returned as is.
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
  virtual TransferStats Stats() const = 0;
};

}  // namespace attestfs::oci::http
