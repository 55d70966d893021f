// PublishModel: scan -> push -> statement about what was pushed -> publish (see publish_model.h).
#include "app/publish_model.h"

#include "app/oci_evidence.h"
#include "oci/model_transfer.h"
#include "oci/registry_connection.h"
#include "targets/scanner.h"

namespace attestfs::app {

Result<PublishedModel> PublishModel(const PublishModelRequest& r) {
  if (r.registry == nullptr) return Error(Errc::kInternal, "push without a registry connection");
  auto scanned = targets::ScanTarget(r.target, targets::ScanOptions{});
  if (!scanned.ok()) return scanned.error().Context("scan " + r.target.ToString());
  auto pushed = oci::PushModel(r.registry->registry(), scanned->root, scanned->manifest, r.ref);
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
