// Signed-note checkpoint parsing and log-signature verification.
#include "sigstore/checkpoint.h"

#include <charconv>

#include "digest/base64.h"
#include "sigstore/signature_check.h"

namespace attestfs::sigstore {
namespace {

constexpr std::string_view kSigPrefix = "\xE2\x80\x94 ";  // em dash + space
constexpr size_t kMaxNoteBytes = 64 * 1024;
constexpr size_t kMaxSignatures = 64;

Error Bad(const std::string& what) { return Error(Errc::kMalformed, "checkpoint: " + what); }

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    if (nl == std::string_view::npos) {
      out.push_back(text);
      break;
    }
    out.push_back(text.substr(0, nl));
    text.remove_prefix(nl + 1);
  }
  return out;
}

}  // namespace

Result<Checkpoint> Checkpoint::Parse(std::string_view note) {
  if (note.size() > kMaxNoteBytes) return Bad("too large");
  size_t split = note.find("\n\n");
  if (split == std::string_view::npos) return Bad("no blank line before the signatures");
  Checkpoint c;
  c.body = std::string(note.substr(0, split + 1));
  auto lines = Lines(note.substr(0, split));
  if (lines.size() < 3) return Bad("needs origin, tree size and root hash lines");
  c.origin = std::string(lines[0]);
  if (c.origin.empty()) return Bad("missing origin");
  const char* b = lines[1].data();
  const char* e = b + lines[1].size();
  auto [ptr, ec] = std::from_chars(b, e, c.size);
  if (ec != std::errc() || ptr != e || lines[1].empty()) {
    return Bad("tree size '" + std::string(lines[1]) + "' is not a number");
  }
  auto root = digest::Base64Decode(lines[2]);
  if (!root.ok() || root->size() != 32) return Bad("root hash is not 32 base64 bytes");
  c.root_hash = std::move(root).value();
  for (size_t i = 3; i < lines.size(); ++i) c.extensions.emplace_back(lines[i]);
  for (std::string_view line : Lines(note.substr(split + 2))) {
    if (line.empty()) continue;
    if (line.substr(0, kSigPrefix.size()) != kSigPrefix) {
      return Bad("signature line does not start with an em dash");
    }
    line.remove_prefix(kSigPrefix.size());
    size_t sp = line.rfind(' ');
    if (sp == std::string_view::npos || sp == 0) return Bad("signature line without a name");
    auto raw = digest::Base64Decode(line.substr(sp + 1));
    if (!raw.ok() || raw->size() < 5) return Bad("signature is not base64 of hint + signature");
    if (c.signatures.size() >= kMaxSignatures) return Bad("too many signatures");
    c.signatures.push_back(
        NoteSignature{std::string(line.substr(0, sp)), raw->substr(0, 4), raw->substr(4)});
  }
  if (c.signatures.empty()) return Bad("no signature lines");
  return c;
}

Status Checkpoint::VerifySignature(const TransparencyLog& log) const {
  std::string hint = log.log_id.substr(0, 4);
  bool hint_seen = false;
  for (const auto& s : signatures) {
    if (s.key_hint != hint) continue;
    hint_seen = true;
    if (VerifySpkiSignature(log.public_key_der, body, s.signature).ok()) return OkStatus();
  }
  if (!hint_seen) {
    return Error(
        Errc::kVerificationFailed, "checkpoint: no signature with the log's key hint " +
                                       digest::Base64Encode(hint) + " (signers: " +
                                       [&] {
                                         std::string n;
                                         for (const auto& s : signatures)
                                           n += (n.empty() ? "" : ", ") + s.name;
                                         return n;
                                       }() +
                                       ")");
  }
  return Error(Errc::kVerificationFailed,
               "checkpoint: the log's signature does not verify with its key");
}

}  // namespace attestfs::sigstore
