// Helpers for the Rego unit tests: run modules and a query through an Engine and print the
// result rows compactly ("x=1 y=[2]" per row, rows joined by " | "), or the error.
#pragma once

#include <string>
#include <vector>

#include "rego/engine.h"

namespace attestfs::rego::regotest {

struct RunOptions {
  std::vector<std::string> modules;
  std::string query;
  std::string input_json;  // empty = no input
  std::string data_json;   // empty = no data
  RegoVersion version = RegoVersion::kV1;
  EngineOptions engine;
};

inline std::string Rows(const QueryResult& r) {
  std::string out;
  for (size_t i = 0; i < r.rows.size(); ++i) {
    if (i) out += " | ";
    std::string row;
    for (auto& [n, v] : r.rows[i].bindings) {
      if (!row.empty()) row += " ";
      row += n + "=" + v.ToJson();
    }
    out += row;
  }
  return out.empty() ? "undefined" : out;
}

inline std::string RunRego(const RunOptions& o) {
  EngineOptions eo = o.engine;
  eo.default_version = o.version;
  Engine e(eo);
  for (size_t i = 0; i < o.modules.size(); ++i) {
    auto st = e.AddModule("m" + std::to_string(i) + ".rego", o.modules[i]);
    if (!st.ok()) return "error: " + st.error().message();
  }
  if (!o.data_json.empty()) {
    auto v = Value::ParseJson(o.data_json);
    if (!v.ok()) return "bad data";
    auto st = e.AddData(*v);
    if (!st.ok()) return "error: " + st.error().message();
  }
  if (!o.input_json.empty()) {
    auto v = Value::ParseJson(o.input_json);
    if (!v.ok()) return "bad input";
    e.SetInput(*v);
  }
  auto st = e.Compile();
  if (!st.ok()) return "error: " + st.error().message();
  auto r = e.Query(o.query);
  if (!r.ok()) return "error: " + r.error().message();
  return Rows(*r);
}

inline std::string RunRego(const std::string& module, const std::string& query,
                           RegoVersion v = RegoVersion::kV1, const std::string& input = "") {
  RunOptions o;
  o.modules = {module};
  o.query = query;
  o.version = v;
  o.input_json = input;
  return RunRego(o);
}

}  // namespace attestfs::rego::regotest
