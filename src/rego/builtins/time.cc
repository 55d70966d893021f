// Time builtins: time.now_ns (the evaluation's fixed clock), parse_ns (Go layouts),
// parse_rfc3339_ns, parse_duration_ns, date, clock, weekday, add_date, diff, format, with
// [ns, "Area/City"] time zone operands (TZif files) and OPA's int64 nanosecond range limits.
#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"
#include "rego/builtins/go_time.h"
#include "rego/builtins/tz.h"

namespace attestfs::rego::builtins {
namespace {

constexpr int64_t kNs = 1'000'000'000;

// ns since the epoch as (sec, nsec).
GoTime FromNs(int64_t ns) {
  GoTime t;
  t.sec = FloorDiv(ns, kNs);
  t.nsec = static_cast<int32_t>(FloorMod(ns, kNs));
  return t;
}

bool ToNs(const GoTime& t, int64_t& ns) {
  // (sec + 1) * 1e9 - (1e9 - nsec) keeps the earliest representable instant in range.
  int64_t s;
  if (t.sec < 0 && t.nsec > 0) {
    if (__builtin_mul_overflow(t.sec + 1, kNs, &s)) return false;
    return !__builtin_sub_overflow(s, kNs - static_cast<int64_t>(t.nsec), &ns);
  }
  if (__builtin_mul_overflow(t.sec, kNs, &s)) return false;
  return !__builtin_add_overflow(s, static_cast<int64_t>(t.nsec), &ns);
}

void InZone(GoTime& t, const TimeZone& tz) {
  ZoneType z = tz.Lookup(t.sec);
  t.offset = z.offset;
  t.zone = z.abbr;
}

// Operand `x`: ns, or [ns], [ns, tz] (and [ns, tz, layout] for time.format).
BuiltinResult TzTime(BuiltinContext& ctx, const char* fn, const Value& x, GoTime& t,
                     std::string* layout = nullptr,
                     std::shared_ptr<const TimeZone>* zone = nullptr) {
  const Value* ns_v = &x;
  std::string tzname;
  if (x.is_array()) {
    const Array& a = x.array();
    if (a.empty() || a.size() > (layout ? 3u : 2u))
      return OperandMsg(fn, 1, "must be an array of one or two elements");
    ns_v = &a[0];
    if (a.size() >= 2) {
      if (!a[1].is_string())
        return OperandMsg(
            fn, 1, std::string("second element must be a string but got ") + a[1].TypeName());
      tzname = a[1].string();
    }
    if (a.size() == 3) {
      if (!a[2].is_string())
        return OperandMsg(fn, 1,
                          std::string("third element must be a string but got ") + a[2].TypeName());
      *layout = a[2].string();
    }
  } else if (!x.is_number()) {
    return OperandOneOf(fn, 1, "number, array", x);
  }
  if (!ns_v->is_number())
    return OperandMsg(fn, 1,
                      std::string("first element must be a number but got ") + ns_v->TypeName());
  auto ns = AsInt(*ns_v);
  if (!ns) {
    if (std::abs(ns_v->number()) >= 9.2e18) return Fail(fn, "timestamp too big");
    ns = static_cast<int64_t>(ns_v->number());
  }
  t = FromNs(*ns);
  std::string err;
  auto tz = TimeZone::Load(ctx, tzname, &err);
  if (!tz) return Fail(fn, err);
  InZone(t, *tz);
  if (zone) *zone = tz;
  return Value::Null();
}

#define AFS_TZ_TIME(fn, x, t)                 \
  GoTime t;                                   \
  {                                           \
    BuiltinResult r_ = TzTime(ctx, fn, x, t); \
    if (!r_.has_value()) return r_;           \
  }

void Civil(const GoTime& t, int64_t& y, int64_t& m, int64_t& d, int64_t& secs) {
  int64_t local = t.sec + t.offset;
  CivilFromDays(FloorDiv(local, 86400), y, m, d);
  secs = FloorMod(local, 86400);
}

BuiltinResult ParseResult(const char* fn, bool ok, const GoTime& t, const std::string& err) {
  if (!ok) return Fail(fn, err);
  int64_t ns;
  if (!ToNs(t, ns)) return Fail(fn, "time outside of valid range");
  return Value::Int(ns);
}

}  // namespace

void AddTimeBuiltins(BuiltinRegistry& r) {
  BuiltinDef now;
  now.name = "time.now_ns";
  now.arity = 0;
  now.nondeterministic = true;
  now.fn = [](BuiltinContext& ctx, const Args&) -> BuiltinResult { return Value::Int(ctx.now_ns); };
  r.Add(std::move(now));
  Def(r, "time.parse_ns", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return OperandType("time.parse_ns", 1, "string", a[0]);
    if (!a[1].is_string()) return OperandType("time.parse_ns", 2, "string", a[1]);
    GoTime t;
    std::string err;
    bool ok = GoParse(a[0].string(), a[1].string(), t, err);
    return ParseResult("time.parse_ns", ok, t, err);
  });
  Def(r, "time.parse_rfc3339_ns", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return OperandType("time.parse_rfc3339_ns", 1, "string", a[0]);
    GoTime t;
    std::string err;
    bool ok = GoParse("2006-01-02T15:04:05Z07:00", a[0].string(), t, err);
    return ParseResult("time.parse_rfc3339_ns", ok, t, err);
  });
  Def(r, "time.parse_duration_ns", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return OperandType("time.parse_duration_ns", 1, "string", a[0]);
    int64_t ns;
    std::string err;
    if (!GoParseDuration(a[0].string(), ns, err)) return Fail("time.parse_duration_ns", err);
    return Value::Int(ns);
  });
  Def(r, "time.date", 1, [](BuiltinContext& ctx, const Args& a) -> BuiltinResult {
    AFS_TZ_TIME("time.date", a[0], t);
    int64_t y, m, d, s;
    Civil(t, y, m, d, s);
    return Value::FromArray({Value::Int(y), Value::Int(m), Value::Int(d)});
  });
  Def(r, "time.clock", 1, [](BuiltinContext& ctx, const Args& a) -> BuiltinResult {
    AFS_TZ_TIME("time.clock", a[0], t);
    int64_t y, m, d, s;
    Civil(t, y, m, d, s);
    return Value::FromArray({Value::Int(s / 3600), Value::Int(s / 60 % 60), Value::Int(s % 60)});
  });
  Def(r, "time.weekday", 1, [](BuiltinContext& ctx, const Args& a) -> BuiltinResult {
    AFS_TZ_TIME("time.weekday", a[0], t);
    static const char* const kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                        "Thursday", "Friday", "Saturday"};
    return Str(kDays[FloorMod(FloorDiv(t.sec + t.offset, 86400) + 4, 7)]);
  });
  Def(r, "time.add_date", 4, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    const char* fn = "time.add_date";
    for (int i = 0; i < 4; ++i) {
      if (!a[i].is_number()) return OperandType(fn, i + 1, "number", a[i]);
      if (!AsInt(a[i])) {
        if (i == 0 && std::abs(a[i].number()) >= 9.2e18) return Fail(fn, "timestamp too big");
        return OperandMsg(fn, i + 1, "must be integer number but got floating-point number");
      }
    }
    int64_t years = *AsInt(a[1]), months = *AsInt(a[2]), days = *AsInt(a[3]);
    if (std::abs(years) > 1'000'000 || std::abs(months) > 12'000'000 ||
        std::abs(days) > 400'000'000)
      return Fail(fn, "time outside of valid range");
    GoTime t = FromNs(*AsInt(a[0]));
    int64_t y, m, d, s;
    Civil(t, y, m, d, s);
    int64_t mm = m - 1 + months;
    int64_t y2 = y + years + FloorDiv(mm, 12);
    int64_t m2 = FloorMod(mm, 12) + 1;
    int64_t day = DaysFromCivil(y2, m2, 1) + d - 1 + days;
    GoTime out;
    out.sec = day * 86400 + s;
    out.nsec = t.nsec;
    int64_t ns;
    if (!ToNs(out, ns)) return Fail(fn, "time outside of valid range");
    return Value::Int(ns);
  });
  Def(r, "time.diff", 2, [](BuiltinContext& ctx, const Args& a) -> BuiltinResult {
    GoTime t1, t2;
    std::shared_ptr<const TimeZone> tz1;
    BuiltinResult r1 = TzTime(ctx, "time.diff", a[0], t1, nullptr, &tz1);
    if (!r1.has_value()) return r1;
    BuiltinResult r2 = TzTime(ctx, "time.diff", a[1], t2);
    if (!r2.has_value()) {
      std::string m = r2.message();
      size_t at = m.find("operand 1");
      if (at == std::string::npos) return r2;
      m.replace(at, 9, "operand 2");
      return r2.code() == "eval_type_error" ? BuiltinResult::TypeError(m) : BuiltinResult::Error(m);
    }
    InZone(t2, *tz1);  // Go: t2 = t2.In(t1.Location())
    if (t1.sec > t2.sec || (t1.sec == t2.sec && t1.nsec > t2.nsec)) std::swap(t1, t2);
    int64_t y1, m1, d1, s1, y2, m2, d2, s2;
    Civil(t1, y1, m1, d1, s1);
    Civil(t2, y2, m2, d2, s2);
    int64_t year = y2 - y1, month = m2 - m1, day = d2 - d1;
    int64_t hour = s2 / 3600 - s1 / 3600, min = s2 / 60 % 60 - s1 / 60 % 60,
            sec = s2 % 60 - s1 % 60;
    if (sec < 0) sec += 60, --min;
    if (min < 0) min += 60, --hour;
    if (hour < 0) hour += 24, --day;
    if (day < 0) {
      day += DaysInMonth(y1, m1);
      --month;
    }
    if (month < 0) month += 12, --year;
    return Value::FromArray({Value::Int(year), Value::Int(month), Value::Int(day), Value::Int(hour),
                             Value::Int(min), Value::Int(sec)});
  });
  Def(r, "time.format", 1, [](BuiltinContext& ctx, const Args& a) -> BuiltinResult {
    GoTime t;
    std::string layout = "RFC3339Nano";
    BuiltinResult tr = TzTime(ctx, "time.format", a[0], t, &layout);
    if (!tr.has_value()) return tr;
    return Str(GoFormat(t, ResolveLayout(layout)));
  });
}

}  // namespace attestfs::rego::builtins
