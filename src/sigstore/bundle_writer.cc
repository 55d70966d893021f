// WriteBundle: protobuf-JSON (lowerCamelCase, bytes base64, int64 as strings).
#include "sigstore/bundle_writer.h"

#include <nlohmann/json.hpp>

#include "attestation/media_types.h"
#include "digest/base64.h"

namespace attestfs::sigstore {

std::string WriteBundle(const Bundle& b) {
  using digest::Base64Encode;
  using nlohmann::json;
  json entries = json::array();
  for (const auto& e : b.tlog_entries) {
    json t = {{"logIndex", std::to_string(e.log_index)},
              {"logId", {{"keyId", Base64Encode(e.log_id)}}},
              {"kindVersion", {{"kind", e.kind}, {"version", e.version}}},
              {"integratedTime", std::to_string(e.integrated_time)},
              {"canonicalizedBody", Base64Encode(e.body)}};
    if (e.signed_entry_timestamp) {
      t["inclusionPromise"] = {{"signedEntryTimestamp", Base64Encode(*e.signed_entry_timestamp)}};
    }
    if (e.proof) {
      json hashes = json::array();
      for (const auto& h : e.proof->hashes) hashes.push_back(Base64Encode(h));
      t["inclusionProof"] = {{"logIndex", std::to_string(e.proof->log_index)},
                             {"rootHash", Base64Encode(e.proof->root_hash)},
                             {"treeSize", std::to_string(e.proof->tree_size)},
                             {"hashes", std::move(hashes)}};
      if (e.proof->checkpoint) {
        t["inclusionProof"]["checkpoint"] = {{"envelope", *e.proof->checkpoint}};
      }
    }
    entries.push_back(std::move(t));
  }
  json vm = {{"tlogEntries", std::move(entries)}};
  if (!b.certificates.empty()) {
    vm["certificate"] = {{"rawBytes", Base64Encode(b.certificates[0])}};
  } else {
    vm["publicKey"] = {{"hint", b.public_key_hint}};
  }
  if (!b.rfc3161_timestamps.empty()) {
    json ts = json::array();
    for (const auto& t : b.rfc3161_timestamps) ts.push_back({{"signedTimestamp", Base64Encode(t)}});
    vm["timestampVerificationData"] = {{"rfc3161Timestamps", std::move(ts)}};
  }
  json out = {{"mediaType", std::string(attestation::kBundleMediaTypeV03)},
              {"verificationMaterial", std::move(vm)}};
  if (b.dsse) {
    out["dsseEnvelope"] = json::parse(b.dsse->Serialize());
  } else if (b.message_signature) {
    out["messageSignature"] = {
        {"messageDigest",
         {{"algorithm", "SHA2_256"}, {"digest", Base64Encode(b.message_signature->digest)}}},
        {"signature", Base64Encode(b.message_signature->signature)}};
  }
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace attestfs::sigstore
