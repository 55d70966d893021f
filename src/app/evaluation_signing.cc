// SignEvaluation: Decision -> evaluation statement -> DSSE/bundle -> local store.
#include "app/evaluation_signing.h"

#include "app/evidence_publisher.h"
#include "policy/evaluation_predicate.h"

namespace attestfs::app {

Status SignEvaluationFlags::Validate() const {
  if (keyless) {
    if (!key.empty() || !cert.empty()) {
      return Error(Errc::kUsage,
                   "--sign-keyless signs with an ephemeral key: no --sign-key/--sign-cert");
    }
    if (output != "bundle") return Error(Errc::kUsage, "--sign-keyless needs -o bundle");
    return OkStatus();
  }
  if (key.empty()) {
    if (!output.empty() || !cert.empty())
      return Error(Errc::kUsage, "-o/--sign-cert need --sign-key PRIVATE.pem");
    return OkStatus();
  }
  if (output != "attest" && output != "bundle") {
    return Error(Errc::kUsage, "--sign-key needs -o attest or -o bundle (got '" + output + "')");
  }
  if (!cert.empty() && output != "bundle")
    return Error(Errc::kUsage, "--sign-cert needs -o bundle");
  return OkStatus();
}

Result<SignedEvaluation> SignEvaluation(const policy::Decision& decision,
                                        const SignEvaluationFlags& flags,
                                        const store::AttestationStore& store) {
  AFS_TRY(flags.Validate());
  AFS_ASSIGN_OR_RETURN(auto kind, ParseOutputKind(flags.output));
  AFS_ASSIGN_OR_RETURN(auto statement, policy::BuildEvaluationStatement(decision));
  PublishOptions po;
  po.kind = kind;
  po.key = flags.key;
  po.cert = flags.cert;
  po.store = store.root();
  po.keyless = flags.keyless;
  AFS_ASSIGN_OR_RETURN(auto publisher, EvidencePublisher::Open(po, SystemClock()));
  AFS_ASSIGN_OR_RETURN(auto published, publisher.Publish(statement));
  SignedEvaluation out;
  out.bytes = std::move(published.bytes);
  out.digest = published.entry.digest;
  out.statement = std::move(statement);
  out.kind = kind;
  return out;
}

}  // namespace attestfs::app
