// Trace parsing (bounded), range merging, predicate and summary rendering.
#include "fuse/runtime_trace.h"

#include <unistd.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <vector>

#include "base/json_depth.h"

namespace attestfs::fs {
namespace {

struct Event {
  bool open = false;
  std::string path;
  int64_t pid = 0;
  int64_t uid = -1;
  std::string command;
  std::string time;
  uint64_t offset = 0;
  uint64_t length = 0;
};

using Ranges = std::vector<std::pair<uint64_t, uint64_t>>;  // [offset, length]

Ranges Merge(Ranges r) {
  std::sort(r.begin(), r.end());
  Ranges out;
  for (const auto& [off, len] : r) {
    if (len == 0) continue;
    if (!out.empty() && off <= out.back().first + out.back().second) {
      uint64_t end = std::max(out.back().first + out.back().second, off + len);
      out.back().second = end - out.back().first;
    } else {
      out.emplace_back(off, len);
    }
  }
  return out;
}

Result<std::vector<Event>> Parse(std::string_view text, const attestation::FileManifest& m) {
  if (text.size() > kMaxTraceBytes) {
    return Error(Errc::kTooLarge, "trace exceeds " + std::to_string(kMaxTraceBytes) + " bytes");
  }
  std::vector<Event> events;
  size_t line_no = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(start, nl - start);
    start = nl + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    std::string where = "trace line " + std::to_string(line_no);
    if (line.size() > kMaxTraceLineBytes) return Error(Errc::kTooLarge, where + ": too long");
    if (Status d = CheckJsonDepth(line); !d.ok()) return d.error().Context(where);
    try {
      auto j = nlohmann::json::parse(line);
      Event e;
      std::string type = j.at("event").get<std::string>();
      if (type != "open" && type != "read") {
        return Error(Errc::kMalformed, where + ": unknown event '" + type + "'");
      }
      e.open = type == "open";
      e.path = j.at("path").get<std::string>();
      e.pid = j.at("pid").get<int64_t>();
      if (j.contains("uid")) e.uid = j.at("uid").get<int64_t>();
      if (j.contains("command")) e.command = j.at("command").get<std::string>();
      if (j.contains("time")) e.time = j.at("time").get<std::string>();
      if (!e.open) {
        e.offset = j.at("offset").get<uint64_t>();
        e.length = j.at("length").get<uint64_t>();
        if (j.contains("error")) continue;  // a failed read delivered no bytes
      }
      if (!m.Find(e.path)) {
        return Error(Errc::kInvalidArgument,
                     where + ": '" + e.path + "' is not a file of the attested manifest");
      }
      events.push_back(std::move(e));
    } catch (const nlohmann::json::exception& ex) {
      return Error(Errc::kMalformed, where + ": " + ex.what());
    }
  }
  return events;
}

struct Access {
  int64_t uid = -1;
  std::string command;
  std::string time;
  bool opened = false;
  Ranges ranges;
};

struct Proc {
  int64_t uid = -1;
  std::string command;
};

struct Collected {
  std::map<std::pair<std::string, int64_t>, Access> access;  // (path, pid)
  std::map<int64_t, Proc> process;                           // by pid
  std::string first_time, last_time;
};

Collected Collect(const std::vector<Event>& events) {
  Collected d;
  for (const auto& e : events) {
    Access& a = d.access[{e.path, e.pid}];
    auto& p = d.process[e.pid];
    if (e.open) {
      if (!a.opened) {
        a.opened = true;
        a.uid = e.uid;
        a.command = e.command;
        a.time = e.time;
      }
      p.uid = e.uid;
      p.command = e.command;
    } else {
      a.ranges.emplace_back(e.offset, e.length);
      if (a.time.empty()) a.time = e.time;
      if (a.uid < 0) a.uid = e.uid;
      if (p.uid < 0) p.uid = e.uid;
    }
    if (!e.time.empty()) {
      if (d.first_time.empty() || e.time < d.first_time) d.first_time = e.time;
      if (d.last_time.empty() || e.time > d.last_time) d.last_time = e.time;
    }
  }
  for (auto& [key, a] : d.access) {
    a.ranges = Merge(std::move(a.ranges));
    if (a.command.empty()) a.command = d.process[key.second].command;
  }
  return d;
}

std::string HostName() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "";
  return buf;
}

}  // namespace

Result<std::string> BuildRuntimeTracePredicate(std::string_view trace_jsonl,
                                               const attestation::FileManifest& manifest,
                                               const std::string& mountpoint,
                                               const std::string& host_id) {
  AFS_ASSIGN_OR_RETURN(auto events, Parse(trace_jsonl, manifest));
  Collected d = Collect(events);
  nlohmann::ordered_json pred;
  pred["monitor"] = {{"type", std::string(kMountTraceMonitorType)}};
  pred["monitoredProcess"] = {{"hostID", host_id.empty() ? HostName() : host_id},
                              {"type", "attestfs-mount"},
                              {"event", mountpoint}};
  auto procs = nlohmann::ordered_json::array();
  for (const auto& [pid, p] : d.process) {
    procs.push_back({{"pid", pid}, {"uid", p.uid}, {"command", p.command}});
  }
  auto files = nlohmann::ordered_json::array();
  for (const auto& [key, a] : d.access) {
    auto ranges = nlohmann::ordered_json::array();
    for (const auto& [off, len] : a.ranges) ranges.push_back({off, len});
    files.push_back({{"path", key.first},
                     {"pid", key.second},
                     {"uid", a.uid},
                     {"command", a.command},
                     {"time", a.time},
                     {"ranges", ranges}});
  }
  pred["monitorLog"] = {
      {"process", procs}, {"fileAccess", files}, {"network", nlohmann::ordered_json::array()}};
  pred["metadata"] = {{"buildStartedOn", d.first_time}, {"buildFinishedOn", d.last_time}};
  return pred.dump(2);
}

Result<std::string> SummarizeTrace(std::string_view trace_jsonl,
                                   const attestation::FileManifest& manifest) {
  AFS_ASSIGN_OR_RETURN(auto events, Parse(trace_jsonl, manifest));
  Collected d = Collect(events);
  std::map<std::string, Ranges> by_path;
  std::map<std::string, std::set<std::string>> readers;
  std::set<std::string> opened;
  size_t opens = 0, reads = 0;
  for (const auto& e : events) (e.open ? opens : reads)++;
  for (const auto& [key, a] : d.access) {
    auto& r = by_path[key.first];
    r.insert(r.end(), a.ranges.begin(), a.ranges.end());
    readers[key.first].insert((a.command.empty() ? "?" : a.command) + "[" +
                              std::to_string(key.second) + "]");
    if (a.opened) opened.insert(key.first);
  }
  std::ostringstream out;
  out << "trace: " << opens << " opens, " << reads << " reads, " << d.process.size()
      << " processes";
  if (!d.first_time.empty()) out << ", " << d.first_time << " .. " << d.last_time;
  out << "\n\nfiles read (bytes that reached the filesystem / size):\n";
  std::vector<std::string> no_reads;
  for (auto& [path, r] : by_path) {
    uint64_t bytes = 0;
    for (const auto& [off, len] : Merge(r)) bytes += len;
    if (bytes == 0) {
      no_reads.push_back(path);
      continue;
    }
    std::string who;
    for (const auto& w : readers[path]) who += (who.empty() ? "" : " ") + w;
    out << "  " << path << "  " << bytes << " / " << manifest.Find(path)->size << "  by " << who
        << "\n";
  }
  if (!no_reads.empty()) {
    out << "\nopened, no read reached the filesystem (page cache or empty file):\n";
    for (const auto& p : no_reads) out << "  " << p << "\n";
  }
  std::vector<std::string> never;
  for (const auto& f : manifest.files) {
    if (f.type == attestation::FileEntry::Type::kRegular && !by_path.count(f.path)) {
      never.push_back(f.path);
    }
  }
  out << "\nattested files never opened (" << never.size() << "):\n";
  for (const auto& p : never) out << "  " << p << "\n";
  return out.str();
}

}  // namespace attestfs::fs
