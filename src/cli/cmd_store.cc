// `attestfs store list|show DIGEST|export DIGEST`: inspect the local attestation store.
// `show` decodes the statement WITHOUT verifying it and says so; `export` writes the exact bytes.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/reporting.h"
#include "store/attestation_store.h"
#include "verify/signed_attestation.h"

namespace attestfs::cli {

namespace {
struct StoreOptions {
  std::string store, digest, output_file, format;
  bool json = false;
};

nlohmann::json EntryJson(const store::StoreEntry& e) {
  return {{"digest", e.digest},
          {"mediaType", e.media_type},
          {"predicateType", e.predicate_type},
          {"subjectNames", e.subject_names},
          {"subjectDigests", e.subject_digests},
          {"created", e.created},
          {"size", e.size}};
}

int RunList(const StoreOptions& o) {
  auto fmt = ParseFormat(o.format, o.json);
  if (!fmt.ok()) return Fail(fmt.error());
  store::AttestationStore s(StoreRoot(o.store));
  auto list = s.List();
  if (!list.ok()) return Fail(list.error());
  if (*fmt == Format::kJson) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& e : *list) arr.push_back(EntryJson(e));
    std::printf("%s\n", arr.dump(2).c_str());
    return kExitOk;
  }
  std::printf("%-19s  %-30s  %-40s  %s\n", "DIGEST", "CREATED", "PREDICATE", "SUBJECT");
  for (const auto& e : *list) {
    std::string names;
    for (const auto& n : e.subject_names) names += (names.empty() ? "" : ", ") + n;
    std::printf("%-19s  %-30s  %-40s  %s\n", e.digest.substr(0, 19).c_str(), e.created.c_str(),
                e.predicate_type.c_str(), names.c_str());
  }
  return kExitOk;
}

int RunShow(const StoreOptions& o) {
  store::AttestationStore s(StoreRoot(o.store));
  auto entry = s.Entry(o.digest);
  if (!entry.ok()) return Fail(entry.error());
  auto bytes = s.Get(entry->digest);
  if (!bytes.ok()) return Fail(bytes.error());
  auto st = verify::UnverifiedStatementForIndex(*bytes);
  if (!st.ok()) return Fail(st.error());
  nlohmann::json j = EntryJson(*entry);
  j["verified"] = false;
  j["note"] = "decoded without verifying the signature; use `attestfs verify` to check it";
  j["statement"] = nlohmann::json::parse(st->Serialize());
  std::printf("%s\n", j.dump(2).c_str());
  return kExitOk;
}

int RunExport(const StoreOptions& o) {
  store::AttestationStore s(StoreRoot(o.store));
  auto bytes = s.Get(o.digest);
  if (!bytes.ok()) return Fail(bytes.error());
  if (!o.output_file.empty()) {
    if (auto w = WriteFileAtomic(o.output_file, *bytes); !w.ok()) return Fail(w.error());
  } else {
    std::fwrite(bytes->data(), 1, bytes->size(), stdout);
  }
  return kExitOk;
}
}  // namespace

void RegisterStore(CLI::App& app, int* rc) {
  auto o = std::make_shared<StoreOptions>();
  auto* cmd = app.add_subcommand("store", "inspect the local attestation store");
  cmd->require_subcommand(1);
  cmd->add_option("--store", o->store, "attestation store directory");
  auto* list = cmd->add_subcommand("list", "list stored attestations, newest first");
  list->add_option("--format", o->format, "text | json");
  list->add_flag("--json", o->json, "same as --format json");
  list->add_option("--store", o->store, "attestation store directory");
  list->callback([o, rc] { *rc = RunList(*o); });
  auto* show =
      cmd->add_subcommand("show", "show an attestation's index entry and (unverified) statement");
  show->add_option("digest", o->digest, "sha256:<hex> or a unique hex prefix")->required();
  show->add_option("--store", o->store, "attestation store directory");
  show->callback([o, rc] { *rc = RunShow(*o); });
  auto* exp = cmd->add_subcommand("export", "write an attestation's exact bytes");
  exp->add_option("digest", o->digest, "sha256:<hex> or a unique hex prefix")->required();
  exp->add_option("--store", o->store, "attestation store directory");
  exp->add_option("--output-file", o->output_file, "write here instead of stdout");
  exp->callback([o, rc] { *rc = RunExport(*o); });
}

}  // namespace attestfs::cli
