// ReviewHandler: AdmissionRequest -> per-reference verdicts -> AdmissionReview response.
#include "admission/review_handler.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "admission/admission_request.h"
#include "digest/base64.h"

namespace attestfs::admission {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr size_t kMaxParallel = 8;           // verifications per review at once
constexpr size_t kMaxMessage = 16 * 1024;    // status.message
constexpr size_t kMaxAnnotation = 4 * 1024;  // each audit annotation value

std::string Clip(std::string s, size_t max) {
  if (s.size() > max) s = s.substr(0, max - 3) + "...";
  return s;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : std::string(sep)) + p;
  return out;
}

// Checks each distinct reference once, up to kMaxParallel at a time.
std::map<std::string, ReferenceVerdict> CheckAll(ReferenceChecker& checker,
                                                 const std::vector<std::string>& refs,
                                                 const ReviewContext& ctx) {
  std::vector<ReferenceVerdict> verdicts(refs.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < refs.size(); i = next++) verdicts[i] = checker.Check(refs[i], ctx);
  };
  std::vector<std::thread> threads;
  const size_t n = std::min(kMaxParallel, refs.size());
  for (size_t t = 1; t < n; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  std::map<std::string, ReferenceVerdict> out;
  for (size_t i = 0; i < refs.size(); ++i) out[refs[i]] = std::move(verdicts[i]);
  return out;
}

std::string Describe(const WorkloadReference& w) {
  std::string s(SourceName(w.source));
  if (!w.owner.empty()) s += " " + w.owner;
  return s + " (" + w.reference + ")";
}

// A pinned annotation list: every model reference replaced by its pinned form.
std::string PinModelList(const std::string& value,
                         const std::map<std::string, ReferenceVerdict>& verdicts) {
  std::string out;
  for (const auto& ref : SplitModelList(value)) {
    auto it = verdicts.find(ref);
    out += (out.empty() ? "" : ",") +
           (it != verdicts.end() && !it->second.pinned.empty() ? it->second.pinned : ref);
  }
  return out;
}

json Review(const std::string& uid, json response) {
  response["uid"] = uid;
  return json{{"apiVersion", "admission.k8s.io/v1"},
              {"kind", "AdmissionReview"},
              {"response", std::move(response)}};
}

}  // namespace

HttpAnswer ReviewHandler::Handle(std::string_view body, bool mutate) {
  const auto start = Clock::now();
  const auto endpoint =
      mutate ? AdmissionMetrics::Endpoint::kMutate : AdmissionMetrics::Endpoint::kValidate;
  auto elapsed = [start] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  HttpAnswer answer;
  auto req = ParseAdmissionRequest(body, config_.model_annotation);
  if (!req.ok()) {
    metrics_.RecordReview(endpoint, AdmissionMetrics::Result::kBadRequest, elapsed());
    answer.status = 400;
    answer.content_type = "text/plain; charset=utf-8";
    answer.body = req.error().message() + "\n";
    return answer;
  }
  json response = {{"allowed", true}};
  auto finish = [&](bool allowed) {
    response["allowed"] = allowed;
    answer.allowed = allowed;
    answer.body = Review(req->uid, std::move(response)).dump();
    metrics_.RecordReview(
        endpoint, allowed ? AdmissionMetrics::Result::kAllowed : AdmissionMetrics::Result::kDenied,
        elapsed());
    return answer;
  };
  // Only creating or changing a pod can start something; dry runs are checked like the rest.
  const bool acts = req->operation == "CREATE" || req->operation == "UPDATE";
  if (!req->understood || !acts || req->references.empty()) {
    response["auditAnnotations"] = {{"decision", "allowed: nothing to verify"}};
    return finish(true);
  }
  if (req->references.size() > config_.max_references) {
    response["status"] = {{"code", 403},
                          {"reason", "Forbidden"},
                          {"message", "attestfs: " + std::to_string(req->references.size()) +
                                          " references, over the limit of " +
                                          std::to_string(config_.max_references)}};
    response["auditAnnotations"] = {{"decision", "denied: too many references"}};
    return finish(false);
  }
  std::vector<std::string> distinct;
  for (const auto& w : req->references) {
    if (std::find(distinct.begin(), distinct.end(), w.reference) == distinct.end()) {
      distinct.push_back(w.reference);
    }
  }
  ReviewContext ctx;
  ctx.namespace_ = req->namespace_;
  ctx.pull_secrets = req->pull_secrets;
  ctx.deadline = start + std::chrono::milliseconds(config_.review_timeout_ms);
  const auto verdicts = CheckAll(checker_, distinct, ctx);

  std::vector<std::string> denials, verified, warnings;
  for (const auto& w : req->references) {
    const ReferenceVerdict& v = verdicts.at(w.reference);
    if (v.outcome == ReferenceVerdict::Outcome::kDenied) {
      denials.push_back(Describe(w) + (v.rule.empty() ? "" : " [rule " + v.rule + "]") + ": " +
                        v.reason);
    }
  }
  for (const auto& ref : distinct) {
    const ReferenceVerdict& v = verdicts.at(ref);
    if (v.verified) verified.push_back(ref + (v.digest.empty() ? "" : " -> " + v.digest));
    for (const auto& warn : v.warnings) warnings.push_back("attestfs: " + warn);
  }
  json audit = json::object();
  audit["decision"] = denials.empty() ? "allowed" : "denied";
  if (!verified.empty()) audit["verified"] = Clip(Join(verified, ", "), kMaxAnnotation);
  if (!denials.empty()) audit["denied"] = Clip(Join(denials, "; "), kMaxAnnotation);
  response["auditAnnotations"] = std::move(audit);
  if (!warnings.empty()) response["warnings"] = warnings;
  if (!denials.empty()) {
    std::string message = "attestfs denied " + std::to_string(denials.size()) + " of " +
                          std::to_string(req->references.size()) +
                          " references: " + Join(denials, "; ");
    response["status"] = {
        {"code", 403}, {"reason", "Forbidden"}, {"message", Clip(message, kMaxMessage)}};
    return finish(false);
  }
  if (mutate) {
    json patch = json::array();
    bool models_pinned = false;
    for (const auto& w : req->references) {
      const ReferenceVerdict& v = verdicts.at(w.reference);
      if (w.source == WorkloadReference::Source::kModel) {
        if (!models_pinned && !v.pinned.empty()) {
          patch.push_back({{"op", "replace"},
                           {"path", w.pointer},
                           {"value", PinModelList(req->model_annotation_value, verdicts)}});
          models_pinned = true;
        }
        continue;
      }
      if (!v.pinned.empty()) {
        patch.push_back({{"op", "replace"}, {"path", w.pointer}, {"value", v.pinned}});
      }
    }
    if (!patch.empty()) {
      response["patchType"] = "JSONPatch";
      response["patch"] = digest::Base64Encode(patch.dump());
    }
  }
  return finish(true);
}

}  // namespace attestfs::admission
