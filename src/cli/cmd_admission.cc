// `attestfs admission serve --config FILE`: the Kubernetes admission webhook (HTTPS,
// /validate, /mutate, /healthz, /readyz, /metrics) until SIGTERM/SIGINT.
// `attestfs admission review --config FILE [--mutate] REVIEW.json|-`: answers one
// AdmissionReview on stdout exactly as the server would (exit 0 allowed, 1 denied, 2 malformed)
// — for dry runs of a configuration and for debugging a denial.
#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <thread>

#include "admission/admission_config.h"
#include "admission/admission_metrics.h"
#include "admission/https_server.h"
#include "admission/reference_checker.h"
#include "admission/review_handler.h"
#include "admission/tls_credentials.h"
#include "base/file_io.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/reporting.h"
#include "cli/stop_on_signal.h"

namespace attestfs::cli {

namespace {

struct AdmissionOptions {
  std::string config, listen, review = "-";
  bool mutate = false;
};

int RunServe(const AdmissionOptions& o) {
  auto config = admission::LoadAdmissionConfig(o.config);
  if (!config.ok()) return Fail(config.error());
  if (!o.listen.empty()) config->listen = o.listen;
  if (config->tls_cert.empty()) {
    return Fail(Errc::kUsage, o.config +
                                  ": tls.cert and tls.key are required (the API server "
                                  "only calls webhooks over HTTPS)");
  }
  admission::ServerOptions so;
  if (Status s = admission::SplitListenAddress(config->listen, &so.host, &so.port); !s.ok()) {
    return Fail(s.error());
  }
  so.read_timeout_s = config->read_timeout_s;
  so.worker_threads = config->worker_threads;
  so.max_body_bytes = config->max_body_bytes;
  admission::AdmissionMetrics metrics;
  auto checker = admission::ReferenceChecker::Create(*config, &metrics);
  if (!checker.ok()) return Fail(checker.error());
  auto tls = admission::TlsCredentials::Load(config->tls_cert, config->tls_key);
  if (!tls.ok()) return Fail(tls.error());
  admission::ReviewHandler handler(*config, **checker, metrics);
  std::unique_ptr<admission::AdmissionServer> server;
  StopOnSignal stop([&server] {
    if (server) server->Stop();
  });
  auto created = admission::AdmissionServer::Create(so, **tls, handler, metrics);
  if (!created.ok()) return Fail(created.error());
  server = std::move(*created);
  std::fprintf(stderr, "attestfs admission: serving https://%s:%d (%zu rules)\n", so.host.c_str(),
               server->port(), config->rules.size());
  if (Status s = server->Run(); !s.ok()) return Fail(s.error());
  return kExitOk;
}

int RunReview(const AdmissionOptions& o) {
  auto config = admission::LoadAdmissionConfig(o.config);
  if (!config.ok()) return Fail(config.error());
  std::string body;
  if (o.review == "-") {
    body.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    auto read = ReadFileLimited(o.review, config->max_body_bytes);
    if (!read.ok()) return Fail(read.error());
    body = std::move(*read);
  }
  if (body.size() > config->max_body_bytes) {
    return Fail(Errc::kTooLarge, "review over " + std::to_string(config->max_body_bytes) +
                                     " bytes (limits.max-body-bytes)");
  }
  admission::AdmissionMetrics metrics;
  auto checker = admission::ReferenceChecker::Create(*config, &metrics);
  if (!checker.ok()) return Fail(checker.error());
  admission::ReviewHandler handler(*config, **checker, metrics);
  admission::HttpAnswer a = handler.Handle(body, o.mutate);
  if (a.status != 200)
    return Fail(Errc::kUsage, a.body.substr(0, a.body.find_last_not_of('\n') + 1));
  std::printf("%s\n", a.body.c_str());
  return a.allowed ? kExitOk : kExitVerifyFailed;
}

}  // namespace

void RegisterAdmission(CLI::App& app, int* rc) {
  auto o = std::make_shared<AdmissionOptions>();
  auto* cmd = app.add_subcommand(
      "admission", "Kubernetes admission webhook: verify images, image volumes and models");
  cmd->require_subcommand(1);
  auto* serve = cmd->add_subcommand("serve", "serve /validate and /mutate over HTTPS");
  serve->add_option("--config", o->config, "configuration (attestfs-admission(5))")->required();
  serve->add_option("--listen", o->listen, "HOST:PORT, overrides the configuration's listen");
  serve->callback([o, rc] { *rc = RunServe(*o); });
  auto* review =
      cmd->add_subcommand("review", "answer one AdmissionReview on stdout as the server would");
  review->add_option("--config", o->config, "configuration (attestfs-admission(5))")->required();
  review->add_flag("--mutate", o->mutate, "answer as /mutate (with the pinning JSONPatch)");
  review->add_option("review", o->review, "AdmissionReview JSON file, or - for stdin");
  review->callback([o, rc] { *rc = RunReview(*o); });
}

}  // namespace attestfs::cli
