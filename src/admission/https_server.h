// AdmissionServer: the webhook's HTTPS front end (the only file that sees cpp-httplib) —
// TLS 1.2+ with certificates re-read on rotation, `POST /validate` and `POST /mutate`
// (AdmissionReview JSON, bodies over the limit refused with 413), `GET /healthz`, `GET /readyz`
// and `GET /metrics` (Prometheus text). A pool of worker threads serves connections; a client
// slower than the read timeout is dropped, so slow clients do not stall the rest.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "admission/admission_metrics.h"
#include "admission/review_handler.h"
#include "admission/tls_credentials.h"
#include "base/result.h"

namespace attestfs::admission {

struct ServerOptions {
  std::string host = "0.0.0.0";
  int port = 8443;  // 0: any free port (see AdmissionServer::port)
  int read_timeout_s = 5;
  int worker_threads = 32;
  uint64_t max_body_bytes = 3 * 1024 * 1024;
};

class AdmissionServer {
 public:
  // Binds now (kIo naming the address when it cannot); serving starts with Run.
  static Result<std::unique_ptr<AdmissionServer>> Create(const ServerOptions& options,
                                                         TlsCredentials& tls,
                                                         ReviewHandler& handler,
                                                         AdmissionMetrics& metrics);
  ~AdmissionServer();

  int port() const;
  // Serves until Stop (from another thread or a signal watcher).
  Status Run();
  void Stop();

 private:
  struct Impl;
  explicit AdmissionServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace attestfs::admission
