// Engine implementation: holds modules and base documents, compiles them into a Program, and
// runs queries through the evaluator with a fresh BuiltinContext per query.
#include "rego/engine.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <unordered_map>

#include "rego/builtin_registry.h"
#include "rego/compiler.h"
#include "rego/evaluator.h"
#include "rego/parser.h"

namespace attestfs::rego {

struct Engine::Impl {
  EngineOptions options;
  BuiltinRegistry builtins;
  struct Source {
    std::string filename;
    std::string text;
    bool v1;
  };
  std::vector<Source> sources;
  std::vector<std::shared_ptr<Module>> parsed;  // as parsed, for RuleNames()
  std::vector<std::shared_ptr<Module>> modules;
  Value data = Value::FromObject({});
  std::optional<Value> input;
  std::unique_ptr<Program> program;
  bool dirty = true;
  std::unordered_map<std::string, std::shared_ptr<void>> memo;
  std::string query_file = "query";
};

namespace {

Value MergeObjects(const Value& a, const Value& b) {
  if (!a.is_object() || !b.is_object()) return b;
  Object o = a.object();
  for (auto& [k, v] : b.object()) {
    auto it = o.find(k);
    if (it != o.end()) {
      it->second = MergeObjects(it->second, v);
    } else {
      o[k] = v;
    }
  }
  return Value::FromObject(std::move(o));
}

Value Nest(const std::vector<std::string>& path, size_t i, const Value& v) {
  if (i == path.size()) return v;
  Object o;
  o[Value::String(path[i])] = Nest(path, i + 1, v);
  return Value::FromObject(std::move(o));
}

}  // namespace

Engine::Engine(EngineOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  AddStandardBuiltins(impl_->builtins);
  for (auto& def : impl_->options.extra_builtins) impl_->builtins.Add(std::move(def));
  impl_->options.extra_builtins.clear();
}

Engine::~Engine() = default;

Status Engine::AddModule(std::string filename, std::string source,
                         std::optional<RegoVersion> version) {
  auto m = std::make_shared<Module>();
  m->filename = std::move(filename);
  bool v1 = (version ? *version : impl_->options.default_version) == RegoVersion::kV1;
  AFS_TRY(ParseModule(source, v1, *m));
  impl_->sources.push_back({m->filename, std::move(source), v1});
  impl_->parsed.push_back(std::move(m));
  impl_->dirty = true;
  return OkStatus();
}

Status Engine::AddData(const Value& document, std::string_view path) {
  std::vector<std::string> parts;
  size_t s = 0;
  while (s < path.size()) {
    size_t d = path.find('.', s);
    if (d == std::string_view::npos) d = path.size();
    if (d > s) parts.emplace_back(path.substr(s, d - s));
    s = d + 1;
  }
  if (parts.empty() && !document.is_object())
    return Error(Errc::kInvalidArgument, "data document at the root must be an object");
  impl_->data = MergeObjects(impl_->data, Nest(parts, 0, document));
  impl_->dirty = true;
  return OkStatus();
}

Status Engine::Compile() {
  if (!impl_->dirty && impl_->program) return OkStatus();
  // Modules are re-parsed into a fresh AST on every compile only when needed: the compiler
  // annotates the AST in place, so a second compile starts from the stored sources.
  std::vector<std::shared_ptr<Module>> modules;
  for (auto& s : impl_->sources) {
    auto m = std::make_shared<Module>();
    m->filename = s.filename;
    AFS_TRY(ParseModule(s.text, s.v1, *m));
    modules.push_back(std::move(m));
  }
  impl_->modules = modules;
  AFS_ASSIGN_OR_RETURN(auto prog, CompileProgram(std::move(modules), impl_->builtins));
  impl_->program = std::move(prog);
  impl_->dirty = false;
  return OkStatus();
}

void Engine::SetInput(Value input) { impl_->input = std::move(input); }
void Engine::ClearInput() { impl_->input.reset(); }

Result<QueryResult> Engine::Query(std::string_view query) {
  AFS_TRY(Compile());
  AFS_ASSIGN_OR_RETURN(Body body, ParseQuery(query, &impl_->query_file));
  AFS_ASSIGN_OR_RETURN(CompiledQuery q,
                       CompileQuery(std::move(body), *impl_->program, impl_->builtins));
  BuiltinContext ctx;
  if (impl_->options.now_ns) {
    ctx.now_ns = *impl_->options.now_ns;
  } else {
    ctx.now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  }
  ctx.print = impl_->options.print;
  ctx.memo = &impl_->memo;
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(
                      impl_->options.timeout_ms > 0 ? impl_->options.timeout_ms : int64_t{1} << 40);
  ctx.cancelled = [deadline]() { return std::chrono::steady_clock::now() > deadline; };
  EvalEnv env;
  env.program = impl_->program.get();
  env.builtins = &impl_->builtins;
  env.data = &impl_->data;
  env.input = impl_->input ? &*impl_->input : nullptr;
  env.options = &impl_->options;
  env.ctx = &ctx;
  return Evaluate(env, q);
}

Result<std::optional<Value>> Engine::EvalRef(std::string_view ref) {
  std::string q = "__result__ = " + std::string(ref);
  AFS_ASSIGN_OR_RETURN(QueryResult r, Query(q));
  if (r.rows.empty()) return std::optional<Value>();
  for (auto& [name, v] : r.rows[0].bindings)
    if (name == "__result__") return std::optional<Value>(v);
  return std::optional<Value>();
}

std::vector<std::string> Engine::RuleNames() const {
  std::vector<std::string> out;
  for (auto& m : impl_->parsed) {
    for (auto& r : m->rules) {
      std::string n = "data";
      for (auto& p : m->package) n += "." + p.string();
      n += "." + r->head[0]->name;
      for (size_t i = 1; i < r->head.size(); ++i) {
        if (r->head[i]->kind != TermKind::kValue) break;
        const Value& k = r->head[i]->value;
        n += k.is_string() ? "." + k.string() : "[" + k.ToJson() + "]";
      }
      out.push_back(n);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string RegoErrorCode(const Error& error) {
  static const char* kCodes[] = {
      "rego_parse_error",     "rego_compile_error",  "rego_type_error", "rego_unsafe_var_error",
      "rego_recursion_error", "eval_conflict_error", "eval_type_error", "eval_builtin_error",
      "eval_cancel_error",    "eval_limit_error"};
  const std::string& m = error.message();
  size_t best = std::string::npos;
  std::string code;
  for (const char* c : kCodes) {
    size_t p = m.find(c);
    if (p != std::string::npos && p < best) {
      best = p;
      code = c;
    }
  }
  return code;
}

}  // namespace attestfs::rego
