// EvidencePublisher: the one way signed evidence leaves attestfs — sign a statement (DSSE
// envelope or Sigstore bundle), index it in the local store, optionally write it to a file, and
// optionally attach it to an OCI artifact as a referrer. Used by bom, evidence, push, trace sign
// and verify --sign-key. The signer is loaded once (its certificate must be valid now), so one
// publisher signs many statements; with Sigstore keyless (-o bundle --keyless) every statement
// gets its own ephemeral key, Fulcio certificate, Rekor entry and timestamp (SignKeyless), and
// nothing is stored, written or attached unless the bundle verified. Prints nothing.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "app/evidence_builder.h"
#include "app/keyless_signing.h"
#include "app/oci_evidence.h"
#include "attestation/statement.h"
#include "base/clock.h"
#include "base/result.h"
#include "keys/signer.h"
#include "store/attestation_store.h"

namespace attestfs::app {

struct PublishOptions {
  OutputKind kind = OutputKind::kAttest;  // kAttest or kBundle
  std::string key;                        // private key PEM (ATTESTFS_PASSWORD decrypts)
  std::string cert;                       // optional X.509 chain (bundle only)
  std::string store;                      // store root ("" = the default)
  std::string output_file;                // also write the signed bytes here ("" = no)
  // Sigstore keyless instead of key/cert (-o bundle only): services, token, trusted root.
  std::optional<KeylessSigningRequest> keyless;
  std::string ca_file;  // TLS roots for the keyless services ("" = system store)
};

struct PublishedEvidence {
  std::string bytes;        // the envelope or bundle
  store::StoreEntry entry;  // its digest, media type and subjects in the store
  std::string store_root;
  std::string referrer;  // the referrer manifest digest when attached
};

class EvidencePublisher {
 public:
  // kUsage for a kind that is not signed, a missing key, or --cert without a bundle; errors of
  // LoadSigner otherwise.
  static Result<EvidencePublisher> Open(const PublishOptions& options, const Clock& clock);

  // Signs, stores, writes the file (atomically), then attaches to `attach` when given.
  Result<PublishedEvidence> Publish(const attestation::Statement& statement,
                                    const OciAttachTarget* attach = nullptr) const;

 private:
  EvidencePublisher(PublishOptions options, std::unique_ptr<keys::Signer> signer,
                    std::shared_ptr<oci::http::HttpClient> http = nullptr)
      : options_(std::move(options)), signer_(std::move(signer)), http_(std::move(http)) {}
  Result<std::string> Sign(const attestation::Statement& statement) const;
  PublishOptions options_;
  std::shared_ptr<keys::Signer> signer_;         // null when keyless
  std::shared_ptr<oci::http::HttpClient> http_;  // keyless only
  std::shared_ptr<const Clock> clock_ = std::make_shared<SystemClock>();
};

}  // namespace attestfs::app
