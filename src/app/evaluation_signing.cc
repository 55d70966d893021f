// SignEvaluation: Decision -> evaluation statement -> DSSE/bundle -> local store.
#include "app/evaluation_signing.h"

#include "policy/evaluation_predicate.h"

namespace attestfs::app {

Status SignEvaluationFlags::Validate() const {
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
  AFS_ASSIGN_OR_RETURN(auto signer, LoadSigner(flags.key, flags.cert, SystemClock()));
  AFS_ASSIGN_OR_RETURN(auto bytes, SignStatement(statement, kind, *signer));
  AFS_ASSIGN_OR_RETURN(auto entry, StoreSigned(store, bytes, statement, kind));
  SignedEvaluation out;
  out.bytes = std::move(bytes);
  out.digest = entry.digest;
  out.statement = std::move(statement);
  out.kind = kind;
  return out;
}

}  // namespace attestfs::app
