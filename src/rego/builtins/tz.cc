// TZif (RFC 8536) reader and POSIX TZ footer rules for the time builtins.
#include "rego/builtins/tz.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "rego/builtins/go_time.h"

namespace attestfs::rego::builtins {
namespace {

int64_t Be(const std::string& d, size_t off, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<uint8_t>(d[off + i]);
  if (n == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

bool ValidName(const std::string& n) {
  if (n.empty() || n.size() > 128 || n[0] == '/' || n.find("..") != std::string::npos) return false;
  for (char c : n)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' ||
          c == '+'))
      return false;
  return true;
}

// --- POSIX TZ strings ("EST5EDT,M3.2.0,M11.1.0") ---

struct PosixRule {
  ZoneType std_zone, dst_zone;
  bool has_dst = false;
  // Mm.w.d rules only (what tzdata footers use); time of day in seconds.
  int sm = 0, sw = 0, sd = 0, stime = 7200;
  int em = 0, ew = 0, ed = 0, etime = 7200;
};

bool ParseName(std::string_view& s, std::string& out) {
  if (!s.empty() && s[0] == '<') {
    size_t e = s.find('>');
    if (e == std::string_view::npos) return false;
    out = std::string(s.substr(1, e - 1));
    s.remove_prefix(e + 1);
    return true;
  }
  size_t i = 0;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
  if (i < 3) return false;
  out = std::string(s.substr(0, i));
  s.remove_prefix(i);
  return true;
}

// [+-]hh[:mm[:ss]] in seconds.
bool ParseHms(std::string_view& s, int& out) {
  int sign = 1;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    if (s[0] == '-') sign = -1;
    s.remove_prefix(1);
  }
  int parts[3] = {0, 0, 0};
  for (int k = 0; k < 3; ++k) {
    if (k > 0) {
      if (s.empty() || s[0] != ':') break;
      s.remove_prefix(1);
    }
    size_t i = 0;
    int v = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
      v = v * 10 + (s[i++] - '0');
    if (i == 0) return false;
    parts[k] = v;
    s.remove_prefix(i);
  }
  out = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
  return true;
}

bool ParseMRule(std::string_view& s, int& m, int& w, int& d, int& t) {
  if (s.empty() || s[0] != 'M') return false;
  s.remove_prefix(1);
  int vals[3];
  for (int k = 0; k < 3; ++k) {
    if (k > 0) {
      if (s.empty() || s[0] != '.') return false;
      s.remove_prefix(1);
    }
    size_t i = 0;
    int v = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
      v = v * 10 + (s[i++] - '0');
    if (i == 0) return false;
    vals[k] = v;
    s.remove_prefix(i);
  }
  m = vals[0];
  w = vals[1];
  d = vals[2];
  t = 7200;
  if (!s.empty() && s[0] == '/') {
    s.remove_prefix(1);
    if (!ParseHms(s, t)) return false;
  }
  return true;
}

bool ParsePosix(std::string_view s, PosixRule& r) {
  int off = 0;
  if (!ParseName(s, r.std_zone.abbr) || !ParseHms(s, off)) return false;
  r.std_zone.offset = -off;
  if (s.empty()) return true;
  if (!ParseName(s, r.dst_zone.abbr)) return false;
  r.dst_zone.dst = true;
  r.dst_zone.offset = r.std_zone.offset + 3600;
  if (!s.empty() && s[0] != ',') {
    if (!ParseHms(s, off)) return false;
    r.dst_zone.offset = -off;
  }
  if (s.empty() || s[0] != ',') return false;
  s.remove_prefix(1);
  if (!ParseMRule(s, r.sm, r.sw, r.sd, r.stime)) return false;
  if (s.empty() || s[0] != ',') return false;
  s.remove_prefix(1);
  if (!ParseMRule(s, r.em, r.ew, r.ed, r.etime)) return false;
  r.has_dst = true;
  return true;
}

// Local-time seconds (since epoch, as if UTC) of rule Mm.w.d in `year`.
int64_t RuleLocal(int64_t year, int m, int w, int d, int t) {
  int64_t first = DaysFromCivil(year, m, 1);
  int wd_first = static_cast<int>(((first % 7) + 7 + 4) % 7);  // 1970-01-01 was a Thursday
  int64_t day = first + ((d - wd_first + 7) % 7) + 7 * (w - 1);
  int dim = DaysInMonth(year, m);
  while (day >= first + dim) day -= 7;
  return day * 86400 + t;
}

ZoneType PosixLookup(const PosixRule& r, int64_t t) {
  if (!r.has_dst) return r.std_zone;
  int64_t y, mo, d;
  CivilFromDays(FloorDiv(t + r.std_zone.offset, 86400), y, mo, d);
  int64_t start = RuleLocal(y, r.sm, r.sw, r.sd, r.stime) - r.std_zone.offset;
  int64_t end = RuleLocal(y, r.em, r.ew, r.ed, r.etime) - r.dst_zone.offset;
  bool in_dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
  return in_dst ? r.dst_zone : r.std_zone;
}

}  // namespace

std::shared_ptr<const TimeZone> TimeZone::Utc() {
  static const std::shared_ptr<const TimeZone> utc = std::make_shared<TimeZone>();
  return utc;
}

std::shared_ptr<const TimeZone> TimeZone::Load(BuiltinContext& ctx, const std::string& name,
                                               std::string* error) {
  if (name.empty() || name == "UTC" || name == "Local") return Utc();
  std::string key = "tz:" + name;
  if (ctx.memo) {
    auto it = ctx.memo->find(key);
    if (it != ctx.memo->end()) return std::static_pointer_cast<const TimeZone>(it->second);
  }
  auto fail = [&]() -> std::shared_ptr<const TimeZone> {
    if (error) *error = "unknown time zone " + name;
    return nullptr;
  };
  if (!ValidName(name)) return fail();
  std::ifstream in("/usr/share/zoneinfo/" + name, std::ios::binary);
  if (!in) return fail();
  std::stringstream ss;
  ss << in.rdbuf();
  std::string d = ss.str();
  if (d.size() < 44 || d.compare(0, 4, "TZif") != 0 || d.size() > (1 << 20)) return fail();
  auto counts = [&](size_t off, int64_t c[6]) {
    for (int i = 0; i < 6; ++i) c[i] = Be(d, off + 20 + 4 * i, 4);
  };
  int64_t c[6];  // isutcnt isstdcnt leapcnt timecnt typecnt charcnt
  counts(0, c);
  auto tz = std::make_shared<TimeZone>();
  tz->utc_ = false;
  size_t off = 44;
  int tsize = 4;
  if (d[4] >= '2') {
    off += c[3] * 4 + c[3] + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
    if (off + 44 > d.size()) return fail();
    counts(off, c);
    off += 44;
    tsize = 8;
  }
  size_t need = c[3] * tsize + c[3] + c[4] * 6 + c[5] + c[2] * (tsize + 4) + c[1] + c[0];
  if (c[4] <= 0 || off + need > d.size()) return fail();
  for (int64_t i = 0; i < c[3]; ++i) tz->transitions_.push_back(Be(d, off + i * tsize, tsize));
  off += c[3] * tsize;
  for (int64_t i = 0; i < c[3]; ++i) tz->trans_types_.push_back(static_cast<uint8_t>(d[off + i]));
  off += c[3];
  size_t types_off = off, chars_off = off + c[4] * 6;
  for (int64_t i = 0; i < c[4]; ++i) {
    ZoneType t;
    t.offset = static_cast<int32_t>(Be(d, types_off + i * 6, 4));
    t.dst = d[types_off + i * 6 + 4] != 0;
    size_t ai = static_cast<uint8_t>(d[types_off + i * 6 + 5]);
    if (ai < static_cast<size_t>(c[5])) t.abbr = std::string(d.c_str() + chars_off + ai);
    tz->types_.push_back(t);
  }
  for (uint8_t t : tz->trans_types_)
    if (t >= tz->types_.size()) return fail();
  off += need - c[3] * tsize - c[3];
  if (tsize == 8 && off < d.size() && d[off] == '\n') {
    size_t e = d.find('\n', off + 1);
    if (e != std::string::npos) tz->footer_ = d.substr(off + 1, e - off - 1);
  }
  if (ctx.memo && ctx.memo->size() < 4096) (*ctx.memo)[key] = std::const_pointer_cast<TimeZone>(tz);
  return tz;
}

ZoneType TimeZone::Lookup(int64_t t) const {
  if (utc_) return ZoneType{0, false, "UTC"};
  if (transitions_.empty() || t < transitions_.front()) {
    for (const ZoneType& z : types_)
      if (!z.dst) return z;
    return types_.front();
  }
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t);
  size_t idx = static_cast<size_t>(it - transitions_.begin()) - 1;
  if (it == transitions_.end() && !footer_.empty()) {
    PosixRule r;
    if (ParsePosix(footer_, r)) return PosixLookup(r, t);
  }
  return types_[trans_types_[idx]];
}

}  // namespace attestfs::rego::builtins
