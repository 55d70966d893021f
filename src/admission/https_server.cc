// AdmissionServer over cpp-httplib's SSLServer (Debian's libcpp-httplib-dev, built with
// OpenSSL). The SSL_CTX is set up by us: TLS 1.2 minimum and a certificate callback that asks
// TlsCredentials for the current pair on every handshake.
#include "admission/https_server.h"

#include <httplib.h>
#include <openssl/ssl.h>

namespace attestfs::admission {

struct AdmissionServer::Impl {
  std::unique_ptr<httplib::SSLServer> server;
  int port = 0;
  std::atomic<bool> ready{false};
};

AdmissionServer::AdmissionServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AdmissionServer::~AdmissionServer() { Stop(); }

int AdmissionServer::port() const { return impl_->port; }

Result<std::unique_ptr<AdmissionServer>> AdmissionServer::Create(const ServerOptions& o,
                                                                 TlsCredentials& tls,
                                                                 ReviewHandler& handler,
                                                                 AdmissionMetrics& metrics) {
  auto impl = std::make_unique<Impl>();
  impl->server = std::make_unique<httplib::SSLServer>([&tls](SSL_CTX& ctx) {
    SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(&ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    SSL_CTX_set_cert_cb(
        &ctx,
        [](SSL* ssl, void* arg) { return static_cast<TlsCredentials*>(arg)->ApplyTo(ssl) ? 1 : 0; },
        &tls);
    return true;
  });
  if (!impl->server->is_valid()) return Error(Errc::kInternal, "cannot set up the TLS context");
  httplib::SSLServer& s = *impl->server;
  const int workers = o.worker_threads;
  s.new_task_queue = [workers] { return new httplib::ThreadPool(static_cast<size_t>(workers)); };
  s.set_read_timeout(o.read_timeout_s, 0);
  s.set_write_timeout(o.read_timeout_s, 0);
  s.set_keep_alive_timeout(o.read_timeout_s);
  s.set_keep_alive_max_count(1000);
  s.set_payload_max_length(o.max_body_bytes);
  s.set_tcp_nodelay(true);  // headers and body go out as separate writes: no Nagle delay

  auto review = [&handler, &metrics](bool mutate) {
    return [&handler, &metrics, mutate](const httplib::Request& req, httplib::Response& res) {
      const std::string type = req.get_header_value("Content-Type");
      if (!type.empty() && type.rfind("application/json", 0) != 0) {
        metrics.RecordRefused();
        res.status = 415;
        res.set_content("expected Content-Type: application/json, got " + type + "\n",
                        "text/plain");
        return;
      }
      HttpAnswer a = handler.Handle(req.body, mutate);
      res.status = a.status;
      res.set_content(a.body, a.content_type.c_str());
    };
  };
  s.Post("/validate", review(false));
  s.Post("/mutate", review(true));
  Impl* raw = impl.get();
  s.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain");
  });
  s.Get("/readyz", [raw](const httplib::Request&, httplib::Response& res) {
    const bool ready = raw->ready.load();
    res.status = ready ? 200 : 503;
    res.set_content(ready ? "ready\n" : "starting\n", "text/plain");
  });
  s.Get("/metrics", [&metrics](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics.Render(), "text/plain; version=0.0.4");
  });
  for (const char* path : {"/validate", "/mutate"}) {
    s.Get(path, [](const httplib::Request&, httplib::Response& res) {
      res.status = 405;
      res.set_header("Allow", "POST");
      res.set_content("POST an AdmissionReview here\n", "text/plain");
    });
  }
  s.set_error_handler([&metrics](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) {
      if (res.status == 413) {
        metrics.RecordRefused();
        res.set_content("request body over the limit\n", "text/plain");
      } else if (res.status == 404) {
        res.set_content("not found: POST /validate or /mutate, GET /healthz /readyz /metrics\n",
                        "text/plain");
      }
    }
  });
  if (o.port == 0) {
    impl->port = s.bind_to_any_port(o.host);
    if (impl->port <= 0) return Error(Errc::kIo, "cannot listen on " + o.host + ": any port");
  } else {
    if (!s.bind_to_port(o.host, o.port)) {
      return Error(Errc::kIo, "cannot listen on " + o.host + ":" + std::to_string(o.port));
    }
    impl->port = o.port;
  }
  return std::unique_ptr<AdmissionServer>(new AdmissionServer(std::move(impl)));
}

Status AdmissionServer::Run() {
  impl_->ready = true;
  const bool ok = impl_->server->listen_after_bind();
  impl_->ready = false;
  if (!ok) return Error(Errc::kIo, "the HTTPS server stopped with an error");
  return OkStatus();
}

void AdmissionServer::Stop() {
  if (impl_ && impl_->server) impl_->server->stop();
}

}  // namespace attestfs::admission
