// RuntimeTrace::Parse (nlohmann/json); unknown fields are ignored as in-toto requires.
#include "policy/runtime_trace.h"

#include <nlohmann/json.hpp>

#include "attestation/statement.h"
#include "base/json_depth.h"

namespace attestfs::policy {

namespace {

using nlohmann::json;

Status ReadCommon(const json& e, const char* what, int64_t* pid, int64_t* uid,
                  std::string* command) {
  if (!e.is_object())
    return Error(Errc::kMalformed,
                 std::string("runtime trace: ") + what + " entry is not an object");
  if (auto p = e.find("pid"); p != e.end() && p->is_number_integer()) *pid = p->get<int64_t>();
  if (auto u = e.find("uid"); u != e.end() && u->is_number_integer()) *uid = u->get<int64_t>();
  if (auto c = e.find("command"); c != e.end()) {
    if (!c->is_string())
      return Error(Errc::kMalformed,
                   std::string("runtime trace: ") + what + " command is not a string");
    *command = c->get<std::string>();
  }
  return OkStatus();
}

}  // namespace

Result<RuntimeTrace> RuntimeTrace::Parse(std::string_view predicate_json) {
  if (predicate_json.size() > attestation::kMaxDocumentBytes) {
    return Error(Errc::kTooLarge, "runtime trace larger than the document limit");
  }
  if (Status d = CheckJsonDepth(predicate_json); !d.ok()) return d.error().Context("runtime trace");
  json j = json::parse(predicate_json, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Error(Errc::kMalformed, "runtime trace is not a JSON object");
  auto log = j.find("monitorLog");
  if (log == j.end() || !log->is_object())
    return Error(Errc::kMalformed, "runtime trace has no monitorLog");
  RuntimeTrace out;
  if (auto procs = log->find("process"); procs != log->end()) {
    if (!procs->is_array())
      return Error(Errc::kMalformed, "runtime trace: process is not an array");
    if (procs->size() > kMaxTraceEntries)
      return Error(Errc::kTooLarge, "runtime trace: too many processes");
    for (const auto& p : *procs) {
      TraceProcess tp;
      AFS_TRY(ReadCommon(p, "process", &tp.pid, &tp.uid, &tp.command));
      out.processes.push_back(std::move(tp));
    }
  }
  if (auto acc = log->find("fileAccess"); acc != log->end()) {
    if (!acc->is_array())
      return Error(Errc::kMalformed, "runtime trace: fileAccess is not an array");
    if (acc->size() > kMaxTraceEntries)
      return Error(Errc::kTooLarge, "runtime trace: too many file accesses");
    for (const auto& a : *acc) {
      TraceFileAccess fa;
      AFS_TRY(ReadCommon(a, "fileAccess", &fa.pid, &fa.uid, &fa.command));
      auto path = a.find("path");
      if (path == a.end() || !path->is_string()) {
        return Error(Errc::kMalformed, "runtime trace: fileAccess entry has no path");
      }
      fa.path = path->get<std::string>();
      out.accesses.push_back(std::move(fa));
    }
  }
  return out;
}

}  // namespace attestfs::policy
