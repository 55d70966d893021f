// Regular expressions over RE2 (Go's regexp syntax, linear time): regex.match/re_match,
// regex.is_valid, regex.find_n, regex.find_all_string_submatch_n, regex.replace, regex.split,
// regex.template_match. Compiled patterns are cached in the evaluation's memo ("re2:<pattern>").
#include <re2/re2.h>

#include <memory>

#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"

namespace attestfs::rego::builtins {
namespace {

constexpr size_t kMaxCachedPatterns = 4096;

// The compiled pattern, or nullptr with `error` set.
std::shared_ptr<const RE2> Compile(BuiltinContext& ctx, const std::string& pattern,
                                   std::string* error) {
  std::string key = "re2:" + pattern;
  if (ctx.memo) {
    auto it = ctx.memo->find(key);
    if (it != ctx.memo->end()) return std::static_pointer_cast<const RE2>(it->second);
  }
  RE2::Options opt;
  opt.set_log_errors(false);
  opt.set_max_mem(64 << 20);
  auto re = std::make_shared<const RE2>(pattern, opt);
  if (!re->ok()) {
    if (error) *error = "error parsing regexp: " + re->error();
    return nullptr;
  }
  if (ctx.memo && ctx.memo->size() < kMaxCachedPatterns)
    (*ctx.memo)[key] = std::static_pointer_cast<void>(std::const_pointer_cast<RE2>(re));
  return re;
}

size_t RuneWidth(std::string_view s, size_t pos) {
  if (pos >= s.size()) return 0;
  size_t i = pos;
  DecodeRune(s, i);
  return i - pos;
}

// Go's FindAllStringSubmatchIndex(s, n): each match's groups as string_views (null data when
// the group did not participate).
std::vector<std::vector<std::string_view>> FindAll(const RE2& re, std::string_view s, int64_t n) {
  std::vector<std::vector<std::string_view>> out;
  int ngroups = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> m(ngroups);
  size_t pos = 0;
  int64_t prev_end = -1;
  while ((n < 0 || static_cast<int64_t>(out.size()) < n) && pos <= s.size()) {
    if (!re.Match(re2::StringPiece(s.data(), s.size()), pos, s.size(), RE2::UNANCHORED, m.data(),
                  ngroups))
      break;
    size_t ms = m[0].data() - s.data(), me = ms + m[0].size();
    bool accept = true;
    if (me == pos) {
      if (static_cast<int64_t>(ms) == prev_end) accept = false;
      size_t w = RuneWidth(s, pos);
      pos += w ? w : 1;
    } else {
      pos = me;
    }
    prev_end = static_cast<int64_t>(me);
    if (accept) {
      std::vector<std::string_view> g(ngroups);
      for (int k = 0; k < ngroups; ++k)
        g[k] = m[k].data() ? std::string_view(m[k].data(), m[k].size()) : std::string_view();
      out.push_back(std::move(g));
    }
  }
  return out;
}

// Go's Regexp.Expand template ($1, ${1}, $name, ${name}, $$).
void Expand(const RE2& re, std::string_view tmpl, const std::vector<re2::StringPiece>& m,
            std::string& out) {
  const auto& names = re.NamedCapturingGroups();
  for (size_t i = 0; i < tmpl.size();) {
    char c = tmpl[i];
    if (c != '$' || i + 1 >= tmpl.size()) {
      out += c;
      ++i;
      continue;
    }
    if (tmpl[i + 1] == '$') {
      out += '$';
      i += 2;
      continue;
    }
    std::string name;
    size_t j = i + 1;
    bool ok = false;
    if (tmpl[j] == '{') {
      size_t close = tmpl.find('}', j + 1);
      if (close != std::string_view::npos && close > j + 1) {
        name = std::string(tmpl.substr(j + 1, close - j - 1));
        ok = true;
        for (char x : name)
          if (!(std::isalnum(static_cast<unsigned char>(x)) || x == '_')) ok = false;
        j = close + 1;
      }
    } else {
      while (j < tmpl.size() &&
             (std::isalnum(static_cast<unsigned char>(tmpl[j])) || tmpl[j] == '_'))
        name += tmpl[j++];
      ok = !name.empty();
    }
    if (!ok) {  // malformed: the '$' is literal
      out += '$';
      ++i;
      continue;
    }
    i = j;
    int idx = -1;
    bool digits = std::all_of(name.begin(), name.end(),
                              [](char x) { return std::isdigit(static_cast<unsigned char>(x)); });
    if (digits) {
      if (name.size() < 6) idx = std::stoi(name);
    } else {
      auto it = names.find(name);
      if (it != names.end()) idx = it->second;
    }
    if (idx >= 0 && idx < static_cast<int>(m.size()) && m[idx].data())
      out.append(m[idx].data(), m[idx].size());
  }
}

#define AFS_REGEX_COMPILE(var, fn, pattern) \
  std::string err_;                         \
  auto var = Compile(ctx, pattern, &err_);  \
  if (!var) return Fail(fn, err_)

BuiltinResult Match(BuiltinContext& ctx, const char* fn, const Args& a) {
  if (!a[0].is_string()) return OperandType(fn, 1, "string", a[0]);
  if (!a[1].is_string()) return OperandType(fn, 2, "string", a[1]);
  AFS_REGEX_COMPILE(re, fn, a[0].string());
  return Bool(RE2::PartialMatch(a[1].string(), *re));
}

// Sets the bounds of every {…} in `s` (balanced over the delimiters), as OPA's template parser.
bool DelimiterIndices(std::string_view s, char open, char close, std::vector<size_t>& idxs) {
  int level = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == open) {
      if (++level == 1) start = i;
    } else if (s[i] == close) {
      if (--level == 0) {
        idxs.push_back(start);
        idxs.push_back(i + 1);
      } else if (level < 0) {
        return false;
      }
    }
  }
  return level == 0;
}

}  // namespace

void AddRegexBuiltins(BuiltinRegistry& r) {
  Def(r, "regex.match", 2,
      [](BuiltinContext& ctx, const Args& a) { return Match(ctx, "regex.match", a); });
  Def(r, "re_match", 2,
      [](BuiltinContext& ctx, const Args& a) { return Match(ctx, "re_match", a); });
  Def(r, "regex.is_valid", 1, [](BuiltinContext& ctx, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return Bool(false);
    return Bool(Compile(ctx, a[0].string(), nullptr) != nullptr);
  });
  Def(r, "regex.find_n", 3, [](BuiltinContext& ctx, const Args& a) -> BuiltinResult {
    const char* fn = "regex.find_n";
    if (!a[0].is_string()) return OperandType(fn, 1, "string", a[0]);
    if (!a[1].is_string()) return OperandType(fn, 2, "string", a[1]);
    if (!a[2].is_number()) return OperandType(fn, 3, "number", a[2]);
    auto n = AsInt(a[2]);
    if (!n) return OperandMsg(fn, 3, "must be integer number but got floating-point number");
    AFS_REGEX_COMPILE(re, fn, a[0].string());
    Array out;
    for (const auto& g : FindAll(*re, a[1].string(), *n)) out.push_back(Str(std::string(g[0])));
    return Value::FromArray(std::move(out));
  });
  Def(r, "regex.find_all_string_submatch_n", 3,
      [](BuiltinContext& ctx, const Args& a) -> BuiltinResult {
        const char* fn = "regex.find_all_string_submatch_n";
        if (!a[0].is_string()) return OperandType(fn, 1, "string", a[0]);
        if (!a[1].is_string()) return OperandType(fn, 2, "string", a[1]);
        if (!a[2].is_number()) return OperandType(fn, 3, "number", a[2]);
        auto n = AsInt(a[2]);
        if (!n) return OperandMsg(fn, 3, "must be integer number but got floating-point number");
        AFS_REGEX_COMPILE(re, fn, a[0].string());
        Array out;
        for (const auto& g : FindAll(*re, a[1].string(), *n)) {
          Array row;
          for (std::string_view x : g) row.push_back(Str(std::string(x)));
          out.push_back(Value::FromArray(std::move(row)));
        }
        return Value::FromArray(std::move(out));
      });
  Def(r, "regex.replace", 3, [](BuiltinContext& ctx, const Args& a) -> BuiltinResult {
    const char* fn = "regex.replace";
    if (!a[0].is_string()) return OperandType(fn, 1, "string", a[0]);
    if (!a[1].is_string()) return OperandType(fn, 2, "string", a[1]);
    if (!a[2].is_string()) return OperandType(fn, 3, "string", a[2]);
    AFS_REGEX_COMPILE(re, fn, a[1].string());
    std::string_view s = a[0].string();
    int ngroups = re->NumberOfCapturingGroups() + 1;
    std::vector<re2::StringPiece> m(ngroups);
    std::string out;
    size_t search = 0, last_end = 0;
    while (search <= s.size()) {
      if (!re->Match(re2::StringPiece(s.data(), s.size()), search, s.size(), RE2::UNANCHORED,
                     m.data(), ngroups))
        break;
      size_t ms = m[0].data() - s.data(), me = ms + m[0].size();
      out.append(s.substr(last_end, ms - last_end));
      if (me > last_end || ms == 0) Expand(*re, a[2].string(), m, out);
      if (out.size() > kMaxResultBytes) return TooLarge(fn);
      last_end = me;
      size_t w = RuneWidth(s, search);
      if (search + w > me)
        search += w;
      else if (search + 1 > me)
        search++;
      else
        search = me;
    }
    out.append(s.substr(std::min(last_end, s.size())));
    return Str(std::move(out));
  });
  Def(r, "regex.split", 2, [](BuiltinContext& ctx, const Args& a) -> BuiltinResult {
    const char* fn = "regex.split";
    if (!a[0].is_string()) return OperandType(fn, 1, "string", a[0]);
    if (!a[1].is_string()) return OperandType(fn, 2, "string", a[1]);
    AFS_REGEX_COMPILE(re, fn, a[0].string());
    std::string_view s = a[1].string();
    Array out;
    if (s.empty()) {
      out.push_back(Str(""));
      return Value::FromArray(std::move(out));
    }
    size_t beg = 0, end = 0;
    for (const auto& g : FindAll(*re, s, -1)) {
      size_t ms = g[0].data() - s.data(), me = ms + g[0].size();
      end = ms;
      if (me != 0) out.push_back(Str(std::string(s.substr(beg, end - beg))));
      beg = me;
    }
    if (end != s.size()) out.push_back(Str(std::string(s.substr(beg))));
    return Value::FromArray(std::move(out));
  });
  Def(r, "regex.template_match", 4, [](BuiltinContext& ctx, const Args& a) -> BuiltinResult {
    const char* fn = "regex.template_match";
    for (int i = 0; i < 4; ++i)
      if (!a[i].is_string()) return OperandType(fn, i + 1, "string", a[i]);
    const std::string& tmpl = a[0].string();
    const std::string &ds = a[2].string(), &de = a[3].string();
    if (ds.empty() || de.empty()) return Fail(fn, "delimiters must be non-empty");
    std::vector<size_t> idxs;
    if (!DelimiterIndices(tmpl, ds[0], de[0], idxs))
      return Fail(fn, "unbalanced braces in " + Value::String(tmpl).ToJson());
    std::string pattern = "^";
    size_t end = 0;
    for (size_t i = 0; i < idxs.size(); i += 2) {
      pattern += RE2::QuoteMeta(tmpl.substr(end, idxs[i] - end));
      end = idxs[i + 1];
      std::string inner = tmpl.substr(idxs[i] + 1, end - idxs[i] - 2);
      pattern += "(" + inner + ")";
    }
    pattern += RE2::QuoteMeta(tmpl.substr(end)) + "$";
    AFS_REGEX_COMPILE(re, fn, pattern);
    return Bool(RE2::PartialMatch(a[1].string(), *re));
  });
}

}  // namespace attestfs::rego::builtins
