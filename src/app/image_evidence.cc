// BuildImageEvidence: ImageTargetFromSpec -> OpenImage -> ScanImage -> BuildImageStatement.
#include "app/image_evidence.h"

#include "app/environment.h"
#include "app/version.h"
#include "image/image_bom.h"
#include "image/image_inventory.h"
#include "image/image_target.h"
#include "image/opened_image.h"

namespace attestfs::app {

Result<ImageEvidence> BuildImageEvidence(const targets::TargetSpec& spec,
                                         oci::RegistryClient* registry, const std::string& name,
                                         int64_t created_unix) {
  AFS_ASSIGN_OR_RETURN(auto target, image::ImageTargetFromSpec(spec));
  const std::string target_text = spec.ToString();
  auto img = image::OpenImage(target, registry);
  if (!img.ok()) return img.error().Context("open " + target_text);
  auto inventory = image::ScanImage(**img);
  if (!inventory.ok()) return inventory.error().Context("scan " + target_text);
  ImageEvidence out;
  out.default_name = image::DefaultSubjectName(target);
  image::ImageBomOptions bom;
  bom.tool_version = kVersion;
  AFS_ASSIGN_OR_RETURN(out.statement, image::BuildImageStatement(
                                          **img, *inventory, name.empty() ? out.default_name : name,
                                          created_unix, bom));
  out.manifest_digest = (*img)->manifest_descriptor().digest;
  out.files = inventory->files.size();
  out.os_packages = inventory->os_packages.size();
  out.python = inventory->python.size();
  out.models = inventory->models.size();
  return out;
}

}  // namespace attestfs::app
