// ReviewHandler: one AdmissionReview in, one HTTP answer out — parse, check every distinct
// reference (in parallel, within the review deadline), and answer with admission.k8s.io/v1:
// `allowed`, a 403 status naming each failing reference and why, warnings, audit annotations,
// and for /mutate a JSONPatch pinning every verified tag to its digest. A malformed review is a
// 400 with the reason. Front-end neutral: the HTTPS server and `attestfs admission review` use
// it alike. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "admission/admission_config.h"
#include "admission/admission_metrics.h"
#include "admission/reference_checker.h"

namespace attestfs::admission {

struct HttpAnswer {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  bool allowed = false;  // for callers that only need the verdict (the CLI's exit code)
};

class ReviewHandler {
 public:
  ReviewHandler(const AdmissionConfig& config, ReferenceChecker& checker, AdmissionMetrics& metrics)
      : config_(config), checker_(checker), metrics_(metrics) {}

  HttpAnswer Handle(std::string_view body, bool mutate);

 private:
  const AdmissionConfig& config_;
  ReferenceChecker& checker_;
  AdmissionMetrics& metrics_;
};

}  // namespace attestfs::admission
