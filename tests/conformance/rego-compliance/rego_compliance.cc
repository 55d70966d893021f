// rego_compliance: runs OPA's compliance cases (JSON, {"cases": [...]}) from a directory tree
// through rego::Engine and compares results as OPA's own runner does: result rows as a set,
// sets as sorted arrays, numbers by value, want_error_code exactly, want_error as a substring.
// Usage: rego_compliance DIR [SKIP_FILE] [NOTE_SUBSTRING]. Exit 0 when every case that is not
// skipped passes, 1 otherwise, 77 when DIR is absent (ctest treats it as skipped).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "rego/engine.h"
#include "rego/parser.h"

namespace fs = std::filesystem;
using attestfs::rego::Engine;
using attestfs::rego::EngineOptions;
using attestfs::rego::Value;
using json = nlohmann::json;

namespace {

Value FromJson(const json& j) {
  auto r = Value::ParseJson(j.dump());
  return r.ok() ? *r : Value();
}

// JSON-normalises a value (sets become sorted arrays), optionally sorting arrays at the top.
Value Normalize(const Value& v, bool sort_arrays) {
  auto r = Value::ParseJson(v.ToJson());
  Value n = r.ok() ? *r : v;
  if (sort_arrays && n.is_array()) {
    attestfs::rego::Array a = n.array();
    std::sort(a.begin(), a.end());
    n = Value::FromArray(std::move(a));
  }
  return n;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

struct Outcome {
  bool pass = false;
  std::string diff;
};

Outcome RunCase(const json& c) {
  Outcome out;
  EngineOptions opts;
  opts.strict_builtin_errors = c.value("strict_error", false);
  opts.timeout_ms = 10000;
  Engine engine(opts);
  std::string err;
  int i = 0;
  if (c.contains("modules")) {
    for (const auto& m : c["modules"]) {
      auto st = engine.AddModule("test-" + std::to_string(i++) + ".rego", m.get<std::string>());
      if (!st.ok() && err.empty()) err = st.error().message();
    }
  }
  if (c.contains("data") && c["data"].is_object()) {
    auto st = engine.AddData(FromJson(c["data"]));
    if (!st.ok() && err.empty()) err = st.error().message();
  }
  if (c.contains("input")) engine.SetInput(FromJson(c["input"]));
  if (c.contains("input_term")) {
    auto t = attestfs::rego::ParseConstantTerm(c["input_term"].get<std::string>());
    if (t.ok()) {
      engine.SetInput(*t);
    } else if (err.empty()) {
      err = t.error().message();
    }
  }
  attestfs::Result<attestfs::rego::QueryResult> res =
      attestfs::Error(attestfs::Errc::kInternal, err);
  if (err.empty()) {
    auto st = engine.Compile();
    if (!st.ok()) {
      res = st.error();
    } else {
      res = engine.Query(c.value("query", ""));
    }
  }
  bool want_err = c.contains("want_error_code") || c.contains("want_error");
  if (want_err) {
    if (res.ok()) {
      out.diff = "want error " + c.value("want_error_code", "") + " " + c.value("want_error", "") +
                 ", got " + std::to_string(res->rows.size()) + " rows";
      return out;
    }
    const std::string& msg = res.error().message();
    std::string code = attestfs::rego::RegoErrorCode(res.error());
    if (c.contains("want_error_code") && code != c["want_error_code"].get<std::string>()) {
      out.diff = "want code " + c["want_error_code"].get<std::string>() + ", got: " + msg;
      return out;
    }
    if (c.contains("want_error") &&
        msg.find(c["want_error"].get<std::string>()) == std::string::npos) {
      out.diff =
          "want error containing \"" + c["want_error"].get<std::string>() + "\", got: " + msg;
      return out;
    }
    out.pass = true;
    return out;
  }
  if (!res.ok()) {
    out.diff = "unexpected error: " + res.error().message();
    return out;
  }
  bool sort = c.value("sort_bindings", false);
  std::set<Value> want, got;
  if (c.contains("want_result") && c["want_result"].is_array()) {
    for (const auto& row : c["want_result"]) {
      attestfs::rego::Object o;
      for (auto it = row.begin(); it != row.end(); ++it)
        o[Value::String(it.key())] = Normalize(FromJson(it.value()), sort);
      want.insert(Value::FromObject(std::move(o)));
    }
  } else if (c.contains("want_defined")) {
    bool defined = !res->rows.empty();
    out.pass = defined == c["want_defined"].get<bool>();
    if (!out.pass) out.diff = "definedness differs";
    return out;
  }
  for (const auto& row : res->rows) {
    attestfs::rego::Object o;
    for (const auto& [name, v] : row.bindings) {
      if (name.empty() || name[0] == '_') continue;
      o[Value::String(name)] = Normalize(v, sort);
    }
    got.insert(Value::FromObject(std::move(o)));
  }
  if (want == got) {
    out.pass = true;
    return out;
  }
  std::string w, g;
  for (auto& v : want) w += v.ToJson() + " ";
  for (auto& v : got) g += v.ToJson() + " ";
  if (w.size() > 400) w = w.substr(0, 400) + "...";
  if (g.size() > 400) g = g.substr(0, 400) + "...";
  out.diff = "want [" + w + "] got [" + g + "]";
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: rego_compliance DIR [SKIP_FILE] [NOTE_FILTER]\n";
    return 2;
  }
  fs::path root = argv[1];
  if (!fs::is_directory(root)) {
    std::cout << "rego_compliance: " << root << " is absent; skipping (the OPA compliance cases "
              << "live in ../shared/conformance/opa)\n";
    return 77;
  }
  std::map<std::string, std::string> skips;
  if (argc >= 3 && std::string(argv[2]) != "-") {
    std::ifstream f(argv[2]);
    std::string line;
    while (std::getline(f, line)) {
      if (line.empty() || line[0] == '#') continue;
      size_t tab = line.find('\t');
      if (tab == std::string::npos || tab + 1 >= line.size()) {
        std::cerr << "skip list line without a reason: " << line << "\n";
        return 2;
      }
      skips[line.substr(0, tab)] = line.substr(tab + 1);
    }
  }
  std::string filter = argc >= 4 ? argv[3] : "";
  std::vector<fs::path> files;
  for (auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  struct Count {
    int pass = 0, fail = 0, skip = 0;
  };
  std::map<std::string, Count> by_folder;
  Count total;
  std::vector<std::string> failures;
  std::set<std::string> used_skips;
  for (const auto& p : files) {
    json doc;
    try {
      doc = json::parse(ReadFile(p));
    } catch (const std::exception& e) {
      std::cerr << p << ": " << e.what() << "\n";
      return 2;
    }
    std::string folder = p.parent_path().filename().string();
    for (const auto& c : doc["cases"]) {
      std::string note = c.value("note", "");
      if (!filter.empty() && note.find(filter) == std::string::npos) continue;
      Count& fc = by_folder[folder];
      if (skips.count(note)) {
        used_skips.insert(note);
        fc.skip++;
        total.skip++;
        continue;
      }
      Outcome o = RunCase(c);
      if (o.pass) {
        fc.pass++;
        total.pass++;
      } else {
        fc.fail++;
        total.fail++;
        failures.push_back(folder + " | " + note + "\n    " + o.diff);
      }
    }
  }
  for (auto& [folder, c] : by_folder)
    std::cout << folder << ": " << c.pass << " passed, " << c.fail << " failed, " << c.skip
              << " skipped\n";
  if (!failures.empty()) {
    std::cout << "\nFailures:\n";
    for (auto& f : failures) std::cout << "  " << f << "\n";
  }
  for (auto& [note, reason] : skips)
    if (!used_skips.count(note)) std::cout << "note: skip entry matches no case: " << note << "\n";
  int n = total.pass + total.fail + total.skip;
  std::cout << "\nTotal: " << total.pass << " passed, " << total.fail << " failed, " << total.skip
            << " skipped of " << n << "\n";
  return total.fail == 0 ? 0 : 1;
}
