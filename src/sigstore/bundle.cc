// Sigstore bundle parsing (protobuf-JSON mapping: lowerCamelCase, bytes as base64, 64-bit
// integers as strings or numbers).
#include "sigstore/bundle.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "attestation/media_types.h"
#include "attestation/statement.h"
#include "base/json_depth.h"
#include "digest/base64.h"

namespace attestfs::sigstore {
namespace {

using nlohmann::json;

constexpr size_t kMaxCertificates = 10;
constexpr size_t kMaxEntries = 32;
constexpr size_t kMaxProofHashes = 64;

Error Bad(const std::string& what) { return Error(Errc::kMalformed, "bundle: " + what); }

Result<std::string> B64(const json& obj, const char* field, const std::string& where,
                        bool required = true) {
  auto it = obj.find(field);
  if (it == obj.end()) {
    if (!required) return std::string();
    return Bad(where + ": missing " + field);
  }
  if (!it->is_string()) return Bad(where + "." + field + " is not a string");
  auto raw = digest::Base64Decode(it->get<std::string>());
  if (!raw.ok()) return Bad(where + "." + field + ": " + raw.error().message());
  return std::move(raw).value();
}

// A protobuf int64: a decimal string or a JSON integer, never negative.
Result<int64_t> Int(const json& obj, const char* field, const std::string& where, bool required) {
  auto it = obj.find(field);
  if (it == obj.end()) {
    if (!required) return int64_t{0};
    return Bad(where + ": missing " + field);
  }
  int64_t v = 0;
  if (it->is_number_integer()) {
    v = it->get<int64_t>();
  } else if (it->is_string()) {
    const std::string& s = it->get_ref<const std::string&>();
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || s.empty()) {
      return Bad(where + "." + field + " is not an integer");
    }
  } else {
    return Bad(where + "." + field + " is not an integer");
  }
  if (v < 0) return Bad(where + "." + field + " is negative");
  return v;
}

Result<std::string> CertBytes(const json& c, const std::string& where) {
  if (!c.is_object()) return Bad(where + " is not an object");
  AFS_ASSIGN_OR_RETURN(std::string der, B64(c, "rawBytes", where));
  if (der.empty()) return Bad(where + ".rawBytes is empty");
  return der;
}

Result<InclusionProof> ParseProof(const json& p, const std::string& where) {
  if (!p.is_object()) return Bad(where + " is not an object");
  InclusionProof proof;
  AFS_ASSIGN_OR_RETURN(int64_t idx, Int(p, "logIndex", where, true));
  AFS_ASSIGN_OR_RETURN(int64_t size, Int(p, "treeSize", where, true));
  proof.log_index = static_cast<uint64_t>(idx);
  proof.tree_size = static_cast<uint64_t>(size);
  AFS_ASSIGN_OR_RETURN(proof.root_hash, B64(p, "rootHash", where));
  auto hashes = p.find("hashes");
  if (hashes != p.end()) {
    if (!hashes->is_array() || hashes->size() > kMaxProofHashes) {
      return Bad(where + ".hashes is not an array of at most 64 hashes");
    }
    for (const auto& h : *hashes) {
      if (!h.is_string()) return Bad(where + ".hashes holds a non-string");
      auto raw = digest::Base64Decode(h.get<std::string>());
      if (!raw.ok()) return Bad(where + ".hashes: " + raw.error().message());
      proof.hashes.push_back(std::move(raw).value());
    }
  }
  if (auto cp = p.find("checkpoint"); cp != p.end()) {
    if (!cp->is_object()) return Bad(where + ".checkpoint is not an object");
    auto env = cp->find("envelope");
    if (env == cp->end() || !env->is_string()) return Bad(where + ".checkpoint: missing envelope");
    proof.checkpoint = env->get<std::string>();
  }
  return proof;
}

Result<TlogEntry> ParseEntry(const json& t, const std::string& where) {
  if (!t.is_object()) return Bad(where + " is not an object");
  TlogEntry e;
  AFS_ASSIGN_OR_RETURN(int64_t idx, Int(t, "logIndex", where, true));
  e.log_index = static_cast<uint64_t>(idx);
  auto id = t.find("logId");
  if (id == t.end() || !id->is_object()) return Bad(where + ": missing logId");
  AFS_ASSIGN_OR_RETURN(e.log_id, B64(*id, "keyId", where + ".logId"));
  auto kv = t.find("kindVersion");
  if (kv == t.end() || !kv->is_object()) return Bad(where + ": missing kindVersion");
  auto kind = kv->find("kind");
  auto version = kv->find("version");
  if (kind == kv->end() || !kind->is_string() || version == kv->end() || !version->is_string()) {
    return Bad(where + ": kindVersion needs kind and version");
  }
  e.kind = kind->get<std::string>();
  e.version = version->get<std::string>();
  AFS_ASSIGN_OR_RETURN(e.integrated_time, Int(t, "integratedTime", where, false));
  if (auto ip = t.find("inclusionPromise"); ip != t.end()) {
    if (!ip->is_object()) return Bad(where + ".inclusionPromise is not an object");
    AFS_ASSIGN_OR_RETURN(std::string set,
                         B64(*ip, "signedEntryTimestamp", where + ".inclusionPromise"));
    e.signed_entry_timestamp = std::move(set);
  }
  if (auto p = t.find("inclusionProof"); p != t.end()) {
    AFS_ASSIGN_OR_RETURN(InclusionProof proof, ParseProof(*p, where + ".inclusionProof"));
    e.proof = std::move(proof);
  }
  AFS_ASSIGN_OR_RETURN(e.body, B64(t, "canonicalizedBody", where));
  if (e.body.empty()) return Bad(where + ": empty canonicalizedBody");
  return e;
}

Result<int> MinorVersion(const std::string& mt) {
  if (mt == attestation::kBundleMediaTypeLegacyV01) return 1;
  if (mt == attestation::kBundleMediaTypeLegacyV02) return 2;
  if (mt == attestation::kBundleMediaTypeLegacyV03 || mt == attestation::kBundleMediaTypeV03) {
    return 3;
  }
  return Error(Errc::kUnsupported, "bundle: unsupported mediaType '" + mt + "'");
}

Status ParseMaterial(const json& vm, Bundle& b) {
  if (!vm.is_object()) return Bad("verificationMaterial is not an object");
  int kinds = 0;
  if (auto pk = vm.find("publicKey"); pk != vm.end()) {
    ++kinds;
    if (!pk->is_object()) return Bad("publicKey is not an object");
    b.public_key = true;
    if (auto hint = pk->find("hint"); hint != pk->end() && hint->is_string()) {
      b.public_key_hint = hint->get<std::string>();
    }
  }
  if (auto chain = vm.find("x509CertificateChain"); chain != vm.end()) {
    ++kinds;
    if (!chain->is_object()) return Bad("x509CertificateChain is not an object");
    auto certs = chain->find("certificates");
    if (certs == chain->end() || !certs->is_array() || certs->empty()) {
      return Bad("x509CertificateChain.certificates is missing or empty");
    }
    if (certs->size() > kMaxCertificates) return Bad("too many certificates");
    for (size_t i = 0; i < certs->size(); ++i) {
      AFS_ASSIGN_OR_RETURN(std::string der,
                           CertBytes((*certs)[i], "certificates[" + std::to_string(i) + "]"));
      b.certificates.push_back(std::move(der));
    }
  }
  if (auto cert = vm.find("certificate"); cert != vm.end()) {
    ++kinds;
    AFS_ASSIGN_OR_RETURN(std::string der, CertBytes(*cert, "certificate"));
    b.certificates.push_back(std::move(der));
  }
  if (kinds != 1) {
    return Bad(
        "verificationMaterial needs exactly one of publicKey, x509CertificateChain, "
        "certificate");
  }
  if (auto tlog = vm.find("tlogEntries"); tlog != vm.end()) {
    if (!tlog->is_array() || tlog->size() > kMaxEntries) return Bad("tlogEntries is not an array");
    for (size_t i = 0; i < tlog->size(); ++i) {
      AFS_ASSIGN_OR_RETURN(TlogEntry e,
                           ParseEntry((*tlog)[i], "tlogEntries[" + std::to_string(i) + "]"));
      b.tlog_entries.push_back(std::move(e));
    }
  }
  if (auto tvd = vm.find("timestampVerificationData"); tvd != vm.end()) {
    if (!tvd->is_object()) return Bad("timestampVerificationData is not an object");
    if (auto ts = tvd->find("rfc3161Timestamps"); ts != tvd->end()) {
      if (!ts->is_array() || ts->size() > kMaxEntries)
        return Bad("rfc3161Timestamps is not an array");
      for (const auto& t : *ts) {
        if (!t.is_object()) return Bad("rfc3161Timestamps holds a non-object");
        AFS_ASSIGN_OR_RETURN(std::string der, B64(t, "signedTimestamp", "rfc3161Timestamps"));
        if (der.empty()) return Bad("empty signedTimestamp");
        b.rfc3161_timestamps.push_back(std::move(der));
      }
    }
  }
  return OkStatus();
}

}  // namespace

Result<Bundle> Bundle::Parse(std::string_view text) {
  if (text.size() > attestation::kMaxDocumentBytes) {
    return Error(Errc::kTooLarge,
                 "bundle exceeds " + std::to_string(attestation::kMaxDocumentBytes) + " bytes");
  }
  if (Status d = CheckJsonDepth(text); !d.ok()) return d.error().Context("bundle");
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Bad("not a JSON object");
  auto mt = j.find("mediaType");
  if (mt == j.end() || !mt->is_string()) return Bad("missing mediaType");
  Bundle b;
  AFS_ASSIGN_OR_RETURN(b.minor_version, MinorVersion(mt->get<std::string>()));
  auto vm = j.find("verificationMaterial");
  if (vm == j.end()) return Bad("missing verificationMaterial");
  AFS_TRY(ParseMaterial(*vm, b));
  auto ms = j.find("messageSignature");
  auto env = j.find("dsseEnvelope");
  if ((ms == j.end()) == (env == j.end())) {
    return Bad("needs exactly one of messageSignature and dsseEnvelope");
  }
  if (ms != j.end()) {
    if (!ms->is_object()) return Bad("messageSignature is not an object");
    MessageSignature m;
    if (auto md = ms->find("messageDigest"); md != ms->end()) {
      if (!md->is_object()) return Bad("messageDigest is not an object");
      auto alg = md->find("algorithm");
      if (alg != md->end() && (!alg->is_string() || alg->get<std::string>() != "SHA2_256")) {
        return Error(Errc::kUnsupported, "bundle: message digest algorithm is not SHA2_256");
      }
      AFS_ASSIGN_OR_RETURN(m.digest, B64(*md, "digest", "messageDigest"));
      if (m.digest.size() != 32) return Bad("messageDigest.digest is not 32 bytes");
    }
    AFS_ASSIGN_OR_RETURN(m.signature, B64(*ms, "signature", "messageSignature"));
    if (m.signature.empty()) return Bad("messageSignature.signature is empty");
    b.message_signature = std::move(m);
  } else {
    auto parsed = attestation::DsseEnvelope::Parse(env->dump());
    if (!parsed.ok()) return parsed.error().Context("bundle");
    if (parsed->signatures.size() != 1) {
      return Bad("dsseEnvelope must carry exactly one signature, found " +
                 std::to_string(parsed->signatures.size()));
    }
    b.dsse = std::move(parsed).value();
  }
  // Structural rules of the bundle versions (sigstore protobuf-specs, sigstore-go bundle.go).
  for (const auto& e : b.tlog_entries) {
    if (b.minor_version == 1 && !e.signed_entry_timestamp) {
      return Bad("v0.1 tlog entry without an inclusion promise");
    }
    if (b.minor_version >= 2 && !e.proof) {
      return Bad("v0." + std::to_string(b.minor_version) +
                 " tlog entry without an inclusion proof");
    }
    if (b.minor_version >= 2 && e.proof && !e.proof->checkpoint) {
      return Bad("inclusion proof without a checkpoint");
    }
  }
  return b;
}

const std::string& Bundle::Signature() const {
  return message_signature ? message_signature->signature : dsse->signatures[0].sig;
}

}  // namespace attestfs::sigstore
