// PublishModel: scan -> push -> statement about what was pushed -> publish (see publish_model.h).
#include "app/publish_model.h"

#include <optional>
#include <vector>

#include "app/oci_evidence.h"
#include "oci/early_uploads.h"
#include "oci/model_transfer.h"
#include "oci/registry_connection.h"
#include "targets/scanner.h"

namespace attestfs::app {
namespace {

// Early uploads run beside the scan's hashing threads: one stream keeps the registry busy
// without taking the cores the scan needs.
constexpr int kEarlyUploadWorkers = 1;

}  // namespace

Result<PublishedModel> PublishModel(const PublishModelRequest& r) {
  if (r.registry == nullptr) return Error(Errc::kInternal, "push without a registry connection");
  oci::RegistryClient& client = r.registry->registry();
  // Large files start uploading as soon as the walk has found them, while the scan hashes them;
  // PushModel finishes those uploads with the digests the scan computed.
  std::optional<oci::EarlyUploads> early;
  targets::ScanOptions scan_options;
  scan_options.progress = r.progress;
  scan_options.on_walked = [&](const std::string& root,
                               const std::vector<targets::WalkedFile>& files) {
    for (const targets::WalkedFile& f : files) {
      if (f.size < oci::kEarlyUploadMinBytes) continue;
      if (!early) early.emplace(client, r.ref, kEarlyUploadWorkers);
      early->Add(root, f.path, f.size);
    }
  };
  auto scanned = targets::ScanTarget(r.target, scan_options);
  if (!scanned.ok()) return scanned.error().Context("scan " + r.target.ToString());
  oci::PushModelOptions push_options;
  push_options.early = early ? &*early : nullptr;
  auto pushed = oci::PushModel(client, scanned->root, scanned->manifest, r.ref, push_options);
  if (!pushed.ok()) return pushed.error().Context("push " + r.ref.ToString());
  PublishedModel out;
  out.manifest = pushed->manifest;
  if (r.publisher == nullptr) return out;
  SystemClock system;
  AFS_ASSIGN_OR_RETURN(int64_t created,
                       EvidenceCreationTime(r.clock != nullptr ? *r.clock : system));
  const std::string name = r.name.empty() ? scanned->default_name : r.name;
  AFS_ASSIGN_OR_RETURN(auto st, BuildContentStatement(*scanned, r.predicate, name, created));
  AFS_ASSIGN_OR_RETURN(
      auto target,
      ResolveAttachTarget(*r.registry, r.ref.WithDigest(out.manifest.digest).ToString()));
  if (r.predicate == PredicateKind::kCycloneDx) AddManifestSubject(target, &st);
  AFS_ASSIGN_OR_RETURN(out.evidence, r.publisher->Publish(st, &target));
  return out;
}

}  // namespace attestfs::app
