// AdmissionReview parsing: the review envelope, then the pod spec wherever the kind keeps it.
#include "admission/admission_request.h"

#include <nlohmann/json.hpp>

#include "base/json_depth.h"

namespace attestfs::admission {

namespace {

using nlohmann::json;

Error Bad(const std::string& what) { return Error(Errc::kMalformed, "AdmissionReview: " + what); }

// RFC 6901 escaping of one token.
std::string Escape(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::string> OptionalString(const json& obj, const char* key, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string();
  if (!it->is_string()) return Bad(where + "." + key + " is not a string");
  return it->get<std::string>();
}

// The pod template's location per kind (the pointer to the PodSpec and to its metadata).
struct TemplatePath {
  std::vector<const char*> spec;
  std::vector<const char*> metadata;
};

std::optional<TemplatePath> PodPath(const std::string& kind) {
  if (kind == "Pod") return TemplatePath{{"spec"}, {"metadata"}};
  if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" ||
      kind == "ReplicaSet" || kind == "Job" || kind == "ReplicationController") {
    return TemplatePath{{"spec", "template", "spec"}, {"spec", "template", "metadata"}};
  }
  if (kind == "CronJob") {
    return TemplatePath{{"spec", "jobTemplate", "spec", "template", "spec"},
                        {"spec", "jobTemplate", "spec", "template", "metadata"}};
  }
  return std::nullopt;
}

// Walks `path` from `root`; null when a step is missing. kMalformed when a step is not an object.
Result<const json*> Walk(const json& root, const std::vector<const char*>& path,
                         std::string* pointer) {
  const json* cur = &root;
  std::string where = "request.object";
  for (const char* step : path) {
    if (!cur->is_object()) return Bad(where + " is not an object");
    auto it = cur->find(step);
    where += std::string(".") + step;
    *pointer += std::string("/") + step;
    if (it == cur->end() || it->is_null()) return static_cast<const json*>(nullptr);
    cur = &*it;
  }
  if (!cur->is_object()) return Bad(where + " is not an object");
  return cur;
}

Status CollectContainers(const json& spec, const char* key, WorkloadReference::Source source,
                         const std::string& spec_pointer, AdmissionRequest* out) {
  auto it = spec.find(key);
  if (it == spec.end() || it->is_null()) return OkStatus();
  if (!it->is_array()) return Bad(std::string("pod spec ") + key + " is not a list");
  for (size_t i = 0; i < it->size(); ++i) {
    const json& c = (*it)[i];
    const std::string where = std::string(key) + "[" + std::to_string(i) + "]";
    if (!c.is_object()) return Bad(where + " is not an object");
    AFS_ASSIGN_OR_RETURN(std::string image, OptionalString(c, "image", where));
    AFS_ASSIGN_OR_RETURN(std::string name, OptionalString(c, "name", where));
    // An empty image is for the kubelet's defaulting to refuse; there is nothing to verify.
    if (image.empty()) continue;
    out->references.push_back(
        {source, image, name, spec_pointer + "/" + key + "/" + std::to_string(i) + "/image"});
  }
  return OkStatus();
}

Status CollectImageVolumes(const json& spec, const std::string& spec_pointer,
                           AdmissionRequest* out) {
  auto it = spec.find("volumes");
  if (it == spec.end() || it->is_null()) return OkStatus();
  if (!it->is_array()) return Bad("pod spec volumes is not a list");
  for (size_t i = 0; i < it->size(); ++i) {
    const json& v = (*it)[i];
    const std::string where = "volumes[" + std::to_string(i) + "]";
    if (!v.is_object()) return Bad(where + " is not an object");
    auto img = v.find("image");
    if (img == v.end() || img->is_null()) continue;
    if (!img->is_object()) return Bad(where + ".image is not an object");
    AFS_ASSIGN_OR_RETURN(std::string ref, OptionalString(*img, "reference", where + ".image"));
    AFS_ASSIGN_OR_RETURN(std::string name, OptionalString(v, "name", where));
    if (ref.empty()) continue;
    out->references.push_back(
        {WorkloadReference::Source::kImageVolume, ref, name,
         spec_pointer + "/volumes/" + std::to_string(i) + "/image/reference"});
  }
  return OkStatus();
}

// The model annotation on the object itself, else on the pod template.
Status CollectModels(const json& object, const TemplatePath& path, std::string_view annotation,
                     AdmissionRequest* out) {
  std::vector<std::vector<const char*>> places = {{"metadata"}};
  if (path.metadata.size() > 1) places.push_back(path.metadata);
  for (const auto& place : places) {
    std::string pointer;
    AFS_ASSIGN_OR_RETURN(const json* meta, Walk(object, place, &pointer));
    if (meta == nullptr) continue;
    auto ann = meta->find("annotations");
    if (ann == meta->end() || ann->is_null()) continue;
    if (!ann->is_object()) return Bad("metadata.annotations is not an object");
    auto it = ann->find(std::string(annotation));
    if (it == ann->end()) continue;
    if (!it->is_string()) return Bad("annotation " + std::string(annotation) + " is not a string");
    out->model_annotation_value = it->get<std::string>();
    const std::string ptr = pointer + "/annotations/" + Escape(annotation);
    for (auto& ref : SplitModelList(out->model_annotation_value)) {
      out->references.push_back({WorkloadReference::Source::kModel, std::move(ref), "", ptr});
    }
    return OkStatus();
  }
  return OkStatus();
}

}  // namespace

std::vector<std::string> SplitModelList(std::string_view value) {
  std::vector<std::string> out;
  while (true) {
    const size_t comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t' || item.front() == '\n'))
      item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t' || item.back() == '\n'))
      item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) return out;
    value.remove_prefix(comma + 1);
  }
}

std::string_view SourceName(WorkloadReference::Source source) {
  switch (source) {
    case WorkloadReference::Source::kContainer:
      return "container";
    case WorkloadReference::Source::kInitContainer:
      return "init container";
    case WorkloadReference::Source::kEphemeralContainer:
      return "ephemeral container";
    case WorkloadReference::Source::kImageVolume:
      return "image volume";
    case WorkloadReference::Source::kModel:
      return "model";
  }
  return "reference";
}

Result<AdmissionRequest> ParseAdmissionRequest(std::string_view body,
                                               std::string_view model_annotation) {
  if (body.empty()) return Bad("empty body");
  if (Status s = CheckJsonDepth(body); !s.ok()) return Bad(s.error().message());
  json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Bad("body is not JSON");
  if (!doc.is_object()) return Bad("body is not a JSON object");
  AdmissionRequest out;
  AFS_ASSIGN_OR_RETURN(out.api_version, OptionalString(doc, "apiVersion", "review"));
  AFS_ASSIGN_OR_RETURN(std::string kind, OptionalString(doc, "kind", "review"));
  if (kind != "AdmissionReview") {
    return Bad("kind is '" + kind + "', expected AdmissionReview");
  }
  if (out.api_version != "admission.k8s.io/v1") {
    return Bad("apiVersion is '" + out.api_version +
               "', expected admission.k8s.io/v1 (set admissionReviewVersions: [v1])");
  }
  auto req = doc.find("request");
  if (req == doc.end() || !req->is_object()) return Bad("no request object");
  AFS_ASSIGN_OR_RETURN(out.uid, OptionalString(*req, "uid", "request"));
  if (out.uid.empty()) return Bad("request.uid is missing");
  AFS_ASSIGN_OR_RETURN(out.operation, OptionalString(*req, "operation", "request"));
  AFS_ASSIGN_OR_RETURN(out.namespace_, OptionalString(*req, "namespace", "request"));
  AFS_ASSIGN_OR_RETURN(out.name, OptionalString(*req, "name", "request"));
  AFS_ASSIGN_OR_RETURN(out.sub_resource, OptionalString(*req, "subResource", "request"));
  if (auto dr = req->find("dryRun"); dr != req->end() && dr->is_boolean()) out.dry_run = *dr;
  auto k = req->find("kind");
  if (k == req->end() || !k->is_object()) return Bad("request.kind is missing");
  AFS_ASSIGN_OR_RETURN(out.kind, OptionalString(*k, "kind", "request.kind"));
  if (out.kind.empty()) return Bad("request.kind.kind is missing");

  auto path = PodPath(out.kind);
  if (!path) return out;  // a kind without pods: nothing to verify
  out.understood = true;
  auto obj = req->find("object");
  if (obj == req->end() || obj->is_null()) {
    if (out.operation == "DELETE" || out.operation == "CONNECT") return out;
    return Bad("request.object is missing");
  }
  if (!obj->is_object()) return Bad("request.object is not an object");
  std::string spec_pointer;
  AFS_ASSIGN_OR_RETURN(const json* spec, Walk(*obj, path->spec, &spec_pointer));
  if (spec != nullptr) {
    using S = WorkloadReference::Source;
    AFS_TRY(CollectContainers(*spec, "initContainers", S::kInitContainer, spec_pointer, &out));
    AFS_TRY(CollectContainers(*spec, "containers", S::kContainer, spec_pointer, &out));
    AFS_TRY(CollectContainers(*spec, "ephemeralContainers", S::kEphemeralContainer, spec_pointer,
                              &out));
    AFS_TRY(CollectImageVolumes(*spec, spec_pointer, &out));
    if (auto ps = spec->find("imagePullSecrets"); ps != spec->end() && ps->is_array()) {
      for (const auto& s : *ps) {
        if (s.is_object() && s.contains("name") && s["name"].is_string()) {
          out.pull_secrets.push_back(s["name"].get<std::string>());
        }
      }
    }
  }
  AFS_TRY(CollectModels(*obj, *path, model_annotation, &out));
  return out;
}

}  // namespace attestfs::admission
