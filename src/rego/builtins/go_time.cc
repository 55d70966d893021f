// Go time layouts: the chunk scanner (Go's nextStdChunk), formatting, parsing, ParseDuration.
#include "rego/builtins/go_time.h"

#include <cstdio>

namespace attestfs::rego::builtins {

int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t& y, int64_t& m, int64_t& d) {
  z += 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp + (mp < 10 ? 3 : -9);
  y += m <= 2;
}

int DaysInMonth(int64_t y, int64_t m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[(m - 1) % 12];
}

namespace {

enum Std {
  kNone,
  kLongMonth,
  kMonth,
  kNumMonth,
  kZeroMonth,
  kLongWeekDay,
  kWeekDay,
  kDay,
  kUnderDay,
  kZeroDay,
  kUnderYearDay,
  kZeroYearDay,
  kHour,
  kHour12,
  kZeroHour12,
  kMinute,
  kZeroMinute,
  kSecond,
  kZeroSecond,
  kLongYear,
  kYear,
  kPM,
  kpm,
  kTZ,
  kISO8601TZ,
  kISO8601SecondsTZ,
  kISO8601ShortTZ,
  kISO8601ColonTZ,
  kISO8601ColonSecondsTZ,
  kNumTZ,
  kNumSecondsTz,
  kNumShortTZ,
  kNumColonTZ,
  kNumColonSecondsTZ,
  kFracSecond0,
  kFracSecond9,
};

struct Chunk {
  std::string_view prefix;
  Std std = kNone;
  int digits = 0;  // fractional seconds
  char sep = '.';  // fractional separator
  std::string_view suffix;
};

const char* const kLongMonths[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};
const char* const kLongDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                 "Thursday", "Friday", "Saturday"};

bool StartsLower(std::string_view s) { return !s.empty() && s[0] >= 'a' && s[0] <= 'z'; }
bool IsDigitAt(std::string_view s, size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }

Chunk NextChunk(std::string_view l) {
  auto ret = [&](size_t i, Std s, size_t len) {
    return Chunk{l.substr(0, i), s, 0, '.', l.substr(i + len)};
  };
  for (size_t i = 0; i < l.size(); ++i) {
    std::string_view r = l.substr(i);
    switch (l[i]) {
      case 'J':
        if (r.substr(0, 3) == "Jan") {
          if (r.substr(0, 7) == "January") return ret(i, kLongMonth, 7);
          if (!StartsLower(r.substr(3))) return ret(i, kMonth, 3);
        }
        break;
      case 'M':
        if (r.substr(0, 3) == "Mon") {
          if (r.substr(0, 6) == "Monday") return ret(i, kLongWeekDay, 6);
          if (!StartsLower(r.substr(3))) return ret(i, kWeekDay, 3);
        }
        if (r.substr(0, 3) == "MST") return ret(i, kTZ, 3);
        break;
      case '0':
        if (r.size() >= 2 && r[1] >= '1' && r[1] <= '6') {
          static const Std k0x[] = {kZeroMonth,  kZeroDay,    kZeroHour12,
                                    kZeroMinute, kZeroSecond, kYear};
          return ret(i, k0x[r[1] - '1'], 2);
        }
        if (r.substr(0, 3) == "002") return ret(i, kZeroYearDay, 3);
        break;
      case '1':
        if (r.size() >= 2 && r[1] == '5') return ret(i, kHour, 2);
        return ret(i, kNumMonth, 1);
      case '2':
        if (r.substr(0, 4) == "2006") return ret(i, kLongYear, 4);
        return ret(i, kDay, 1);
      case '_':
        if (r.size() >= 2 && r[1] == '2') {
          if (r.substr(1, 4) == "2006")
            return Chunk{l.substr(0, i + 1), kLongYear, 0, '.', l.substr(i + 5)};
          return ret(i, kUnderDay, 2);
        }
        if (r.substr(0, 3) == "__2") return ret(i, kUnderYearDay, 3);
        break;
      case '3':
        return ret(i, kHour12, 1);
      case '4':
        return ret(i, kMinute, 1);
      case '5':
        return ret(i, kSecond, 1);
      case 'P':
        if (r.size() >= 2 && r[1] == 'M') return ret(i, kPM, 2);
        break;
      case 'p':
        if (r.size() >= 2 && r[1] == 'm') return ret(i, kpm, 2);
        break;
      case '-':
        if (r.substr(0, 7) == "-070000") return ret(i, kNumSecondsTz, 7);
        if (r.substr(0, 9) == "-07:00:00") return ret(i, kNumColonSecondsTZ, 9);
        if (r.substr(0, 5) == "-0700") return ret(i, kNumTZ, 5);
        if (r.substr(0, 6) == "-07:00") return ret(i, kNumColonTZ, 6);
        if (r.substr(0, 3) == "-07") return ret(i, kNumShortTZ, 3);
        break;
      case 'Z':
        if (r.substr(0, 7) == "Z070000") return ret(i, kISO8601SecondsTZ, 7);
        if (r.substr(0, 9) == "Z07:00:00") return ret(i, kISO8601ColonSecondsTZ, 9);
        if (r.substr(0, 5) == "Z0700") return ret(i, kISO8601TZ, 5);
        if (r.substr(0, 6) == "Z07:00") return ret(i, kISO8601ColonTZ, 6);
        if (r.substr(0, 3) == "Z07") return ret(i, kISO8601ShortTZ, 3);
        break;
      case '.':
      case ',':
        if (r.size() >= 2 && (r[1] == '0' || r[1] == '9')) {
          char ch = r[1];
          size_t j = 1;
          while (j < r.size() && r[j] == ch) ++j;
          if (!IsDigitAt(r, j)) {
            Chunk c{l.substr(0, i), ch == '0' ? kFracSecond0 : kFracSecond9,
                    static_cast<int>(j - 1), l[i], l.substr(i + j)};
            return c;
          }
        }
        break;
      default:
        break;
    }
  }
  return Chunk{l, kNone, 0, '.', {}};
}

void AppendInt(std::string& out, int64_t v, int width, char pad = '0') {
  if (v < 0) {
    out += '-';
    v = -v;
  }
  std::string d = std::to_string(v);
  if (static_cast<int>(d.size()) < width) out.append(width - d.size(), pad);
  out += d;
}

void AppendTz(std::string& out, Std s, int offset) {
  bool iso = s >= kISO8601TZ && s <= kISO8601ColonSecondsTZ;
  if (iso && offset == 0) {
    out += 'Z';
    return;
  }
  int zone = offset / 60;
  int abs_off = offset;
  if (zone < 0) {
    out += '-';
    zone = -zone;
    abs_off = -abs_off;
  } else {
    out += '+';
  }
  AppendInt(out, zone / 60, 2);
  if (s == kISO8601ColonTZ || s == kNumColonTZ || s == kISO8601ColonSecondsTZ ||
      s == kNumColonSecondsTZ)
    out += ':';
  if (s != kNumShortTZ && s != kISO8601ShortTZ) AppendInt(out, zone % 60, 2);
  if (s == kISO8601SecondsTZ || s == kNumSecondsTz || s == kNumColonSecondsTZ ||
      s == kISO8601ColonSecondsTZ) {
    if (s == kNumColonSecondsTZ || s == kISO8601ColonSecondsTZ) out += ':';
    AppendInt(out, abs_off % 60, 2);
  }
}

}  // namespace

std::string_view ResolveLayout(std::string_view l) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"ANSIC", "Mon Jan _2 15:04:05 2006"},
      {"UnixDate", "Mon Jan _2 15:04:05 MST 2006"},
      {"RubyDate", "Mon Jan 02 15:04:05 -0700 2006"},
      {"RFC822", "02 Jan 06 15:04 MST"},
      {"RFC822Z", "02 Jan 06 15:04 -0700"},
      {"RFC850", "Monday, 02-Jan-06 15:04:05 MST"},
      {"RFC1123", "Mon, 02 Jan 2006 15:04:05 MST"},
      {"RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0700"},
      {"RFC3339", "2006-01-02T15:04:05Z07:00"},
      {"RFC3339Nano", "2006-01-02T15:04:05.999999999Z07:00"},
      {"Kitchen", "3:04PM"},
      {"Stamp", "Jan _2 15:04:05"},
      {"StampMilli", "Jan _2 15:04:05.000"},
      {"StampMicro", "Jan _2 15:04:05.000000"},
      {"StampNano", "Jan _2 15:04:05.000000000"},
      {"DateTime", "2006-01-02 15:04:05"},
      {"DateOnly", "2006-01-02"},
      {"TimeOnly", "15:04:05"},
  };
  for (const auto& [n, v] : kNames)
    if (l == n) return v;
  return l;
}

std::string GoFormat(const GoTime& t, std::string_view layout) {
  int64_t local = t.sec + t.offset;
  int64_t days = FloorDiv(local, 86400), secs = FloorMod(local, 86400);
  int64_t y, m, d;
  CivilFromDays(days, y, m, d);
  int hour = static_cast<int>(secs / 3600), min = static_cast<int>(secs / 60 % 60),
      sec = static_cast<int>(secs % 60);
  int wday = static_cast<int>(FloorMod(days + 4, 7));
  int yday = static_cast<int>(days - DaysFromCivil(y, 1, 1) + 1);
  std::string out;
  while (!layout.empty()) {
    Chunk c = NextChunk(layout);
    out += c.prefix;
    if (c.std == kNone) break;
    layout = c.suffix;
    switch (c.std) {
      case kYear:
        AppendInt(out, FloorMod(y, 100), 2);
        break;
      case kLongYear:
        AppendInt(out, y, 4);
        break;
      case kMonth:
        out += std::string(kLongMonths[m - 1]).substr(0, 3);
        break;
      case kLongMonth:
        out += kLongMonths[m - 1];
        break;
      case kNumMonth:
        AppendInt(out, m, 0);
        break;
      case kZeroMonth:
        AppendInt(out, m, 2);
        break;
      case kWeekDay:
        out += std::string(kLongDays[wday]).substr(0, 3);
        break;
      case kLongWeekDay:
        out += kLongDays[wday];
        break;
      case kDay:
        AppendInt(out, d, 0);
        break;
      case kUnderDay:
        AppendInt(out, d, 2, ' ');
        break;
      case kZeroDay:
        AppendInt(out, d, 2);
        break;
      case kUnderYearDay:
        AppendInt(out, yday, 3, ' ');
        break;
      case kZeroYearDay:
        AppendInt(out, yday, 3);
        break;
      case kHour:
        AppendInt(out, hour, 2);
        break;
      case kHour12:
        AppendInt(out, hour % 12 == 0 ? 12 : hour % 12, 0);
        break;
      case kZeroHour12:
        AppendInt(out, hour % 12 == 0 ? 12 : hour % 12, 2);
        break;
      case kMinute:
        AppendInt(out, min, 0);
        break;
      case kZeroMinute:
        AppendInt(out, min, 2);
        break;
      case kSecond:
        AppendInt(out, sec, 0);
        break;
      case kZeroSecond:
        AppendInt(out, sec, 2);
        break;
      case kPM:
        out += hour >= 12 ? "PM" : "AM";
        break;
      case kpm:
        out += hour >= 12 ? "pm" : "am";
        break;
      case kTZ:
        if (!t.zone.empty()) {
          out += t.zone;
        } else {
          AppendTz(out, kNumTZ, t.offset);
        }
        break;
      case kFracSecond0:
      case kFracSecond9: {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%09d", t.nsec);
        std::string digits(buf, 9);
        digits.resize(std::min(c.digits, 9));
        if (c.std == kFracSecond9) {
          while (!digits.empty() && digits.back() == '0') digits.pop_back();
          if (digits.empty()) break;
        }
        out += c.sep;
        out += digits;
        break;
      }
      default:
        AppendTz(out, c.std, t.offset);
    }
  }
  return out;
}

namespace {

// Go's getnum: one or two digits (exactly two when `fixed`).
bool GetNum(std::string_view& v, bool fixed, int& out) {
  if (!IsDigitAt(v, 0)) return false;
  if (!IsDigitAt(v, 1)) {
    if (fixed) return false;
    out = v[0] - '0';
    v.remove_prefix(1);
    return true;
  }
  out = (v[0] - '0') * 10 + (v[1] - '0');
  v.remove_prefix(2);
  return true;
}

bool GetNum3(std::string_view& v, bool fixed, int& out) {
  int n = 0, i = 0;
  for (; i < 3 && IsDigitAt(v, i); ++i) n = n * 10 + (v[i] - '0');
  if (i == 0 || (fixed && i != 3)) return false;
  out = n;
  v.remove_prefix(i);
  return true;
}

// Go's skip: matches `prefix` literally, runs of spaces in the prefix matching runs in value.
bool Skip(std::string_view& v, std::string_view prefix) {
  while (!prefix.empty()) {
    if (prefix[0] == ' ') {
      if (!v.empty() && v[0] != ' ') return false;
      while (!prefix.empty() && prefix[0] == ' ') prefix.remove_prefix(1);
      while (!v.empty() && v[0] == ' ') v.remove_prefix(1);
      continue;
    }
    if (v.empty() || v[0] != prefix[0]) return false;
    v.remove_prefix(1);
    prefix.remove_prefix(1);
  }
  return true;
}

int Lookup(std::string_view& v, const char* const* names, int n, size_t len) {
  for (int i = 0; i < n; ++i) {
    std::string_view name = names[i];
    if (len) name = name.substr(0, len);
    if (v.size() >= name.size()) {
      bool eq = true;
      for (size_t k = 0; k < name.size(); ++k)
        if (std::tolower(static_cast<unsigned char>(v[k])) !=
            std::tolower(static_cast<unsigned char>(name[k])))
          eq = false;
      if (eq) {
        v.remove_prefix(name.size());
        return i;
      }
    }
  }
  return -1;
}

bool ParseFrac(std::string_view& v, size_t ndigits, int32_t& nsec) {
  // v starts with the separator.
  if (ndigits == 0) return false;
  int64_t ns = 0;
  size_t i = 1;
  for (; i <= ndigits; ++i) {
    if (!IsDigitAt(v, i)) return false;
    if (i <= 9) ns = ns * 10 + (v[i] - '0');
  }
  for (size_t k = ndigits; k < 9; ++k) ns *= 10;
  nsec = static_cast<int32_t>(ns);
  v.remove_prefix(ndigits + 1);
  return true;
}

}  // namespace

bool GoParse(std::string_view layout_in, std::string_view value_in, GoTime& out,
             std::string& error) {
  std::string_view layout = ResolveLayout(layout_in), value = value_in;
  std::string_view alayout = layout;
  int64_t year = 1;
  int month = -1, day = -1, yday = -1, hour = 0, min = 0, sec = 0;
  int32_t nsec = 0;
  bool pm_set = false, am_set = false, have_zone = false;
  int zone_offset = 0;
  std::string zone_name;
  auto bad = [&](std::string_view elem, std::string_view rest, std::string_view msg = "") {
    error = "parsing time \"" + std::string(value_in) + "\"";
    if (!msg.empty()) {
      error += std::string(msg);
    } else {
      error += " as \"" + std::string(alayout) + "\": cannot parse \"" + std::string(rest) +
               "\" as \"" + std::string(elem) + "\"";
    }
    return false;
  };
  while (true) {
    Chunk c = NextChunk(layout);
    std::string_view std_str =
        layout.substr(c.prefix.size(), layout.size() - c.prefix.size() - c.suffix.size());
    if (!Skip(value, c.prefix)) return bad(c.prefix, value);
    if (c.std == kNone) {
      if (!value.empty()) return bad("", value, ": extra text: \"" + std::string(value) + "\"");
      break;
    }
    layout = c.suffix;
    std::string_view hold = value;
    bool ok = true;
    int tmp = 0;
    switch (c.std) {
      case kYear:
        if (value.size() < 2 || !IsDigitAt(value, 0) || !IsDigitAt(value, 1)) {
          ok = false;
          break;
        }
        year = (value[0] - '0') * 10 + (value[1] - '0');
        year += year >= 69 ? 1900 : 2000;
        value.remove_prefix(2);
        break;
      case kLongYear:
        if (value.size() < 4 || !IsDigitAt(value, 0) || !IsDigitAt(value, 1) ||
            !IsDigitAt(value, 2) || !IsDigitAt(value, 3)) {
          ok = false;
          break;
        }
        year = std::stoi(std::string(value.substr(0, 4)));
        value.remove_prefix(4);
        break;
      case kMonth:
        month = Lookup(value, kLongMonths, 12, 3) + 1;
        ok = month > 0;
        break;
      case kLongMonth:
        month = Lookup(value, kLongMonths, 12, 0) + 1;
        ok = month > 0;
        break;
      case kNumMonth:
      case kZeroMonth:
        ok = GetNum(value, c.std == kZeroMonth, month) && month >= 1 && month <= 12;
        if (!ok && month > 12) return bad("", "", ": month out of range");
        break;
      case kWeekDay:
        ok = Lookup(value, kLongDays, 7, 3) >= 0;
        break;
      case kLongWeekDay:
        ok = Lookup(value, kLongDays, 7, 0) >= 0;
        break;
      case kDay:
      case kUnderDay:
      case kZeroDay:
        if (c.std == kUnderDay && !value.empty() && value[0] == ' ') value.remove_prefix(1);
        ok = GetNum(value, c.std == kZeroDay, day);
        break;
      case kUnderYearDay:
      case kZeroYearDay:
        for (int i = 0; i < 2 && c.std == kUnderYearDay && !value.empty() && value[0] == ' '; ++i)
          value.remove_prefix(1);
        ok = GetNum3(value, c.std == kZeroYearDay, yday) && yday >= 1 && yday <= 366;
        break;
      case kHour:
        ok = GetNum(value, false, hour) && hour < 24;
        break;
      case kHour12:
      case kZeroHour12:
        ok = GetNum(value, c.std == kZeroHour12, hour) && hour <= 12;
        break;
      case kMinute:
      case kZeroMinute:
        ok = GetNum(value, c.std == kZeroMinute, min) && min < 60;
        break;
      case kSecond:
      case kZeroSecond:
        ok = GetNum(value, c.std == kZeroSecond, sec) && sec < 60;
        if (ok && value.size() >= 2 && (value[0] == '.' || value[0] == ',') &&
            IsDigitAt(value, 1)) {
          Chunk next = NextChunk(layout);
          if (next.prefix.empty() && (next.std == kFracSecond0 || next.std == kFracSecond9)) break;
          size_t n = 1;
          while (IsDigitAt(value, n)) ++n;
          ParseFrac(value, n - 1, nsec);
        }
        break;
      case kPM:
        if (value.substr(0, 2) == "PM")
          pm_set = true;
        else if (value.substr(0, 2) == "AM")
          am_set = true;
        else
          ok = false;
        if (ok) value.remove_prefix(2);
        break;
      case kpm:
        if (value.substr(0, 2) == "pm")
          pm_set = true;
        else if (value.substr(0, 2) == "am")
          am_set = true;
        else
          ok = false;
        if (ok) value.remove_prefix(2);
        break;
      case kTZ: {
        if (value.substr(0, 3) == "UTC") {
          value.remove_prefix(3);
          have_zone = true;
          zone_offset = 0;
          zone_name = "UTC";
          break;
        }
        size_t n = 0;
        while (n < value.size() && value[n] >= 'A' && value[n] <= 'Z') ++n;
        if (n < 3) {
          ok = false;
          break;
        }
        zone_name = std::string(value.substr(0, n));
        value.remove_prefix(n);
        break;
      }
      case kFracSecond0: {
        if (value.empty() || value[0] != c.sep) {
          ok = false;
          break;
        }
        ok = ParseFrac(value, c.digits, nsec);
        break;
      }
      case kFracSecond9: {
        if (value.size() < 2 || !(value[0] == '.' || value[0] == ',') || !IsDigitAt(value, 1))
          break;
        size_t n = 1;
        while (n < 10 && IsDigitAt(value, n)) ++n;
        ParseFrac(value, n - 1, nsec);
        break;
      }
      default: {  // numeric zones
        bool iso = c.std >= kISO8601TZ && c.std <= kISO8601ColonSecondsTZ;
        if (iso && !value.empty() && value[0] == 'Z') {
          value.remove_prefix(1);
          have_zone = true;
          zone_offset = 0;
          zone_name = "UTC";
          break;
        }
        if (value.empty() || (value[0] != '+' && value[0] != '-')) {
          ok = false;
          break;
        }
        int sign = value[0] == '-' ? -1 : 1;
        value.remove_prefix(1);
        int hh = 0, mm = 0, ss = 0;
        bool colon = c.std == kISO8601ColonTZ || c.std == kNumColonTZ ||
                     c.std == kISO8601ColonSecondsTZ || c.std == kNumColonSecondsTZ;
        bool short_tz = c.std == kNumShortTZ || c.std == kISO8601ShortTZ;
        bool secs = c.std == kISO8601SecondsTZ || c.std == kNumSecondsTz ||
                    c.std == kNumColonSecondsTZ || c.std == kISO8601ColonSecondsTZ;
        ok = GetNum(value, true, hh);
        if (ok && !short_tz) {
          if (colon) {
            ok = !value.empty() && value[0] == ':';
            if (ok) value.remove_prefix(1);
          }
          ok = ok && GetNum(value, true, mm);
        }
        if (ok && secs) {
          if (colon) {
            ok = !value.empty() && value[0] == ':';
            if (ok) value.remove_prefix(1);
          }
          ok = ok && GetNum(value, true, ss);
        }
        if (ok && (hh > 24 || mm > 59 || ss > 59))
          return bad("", "", ": time zone offset out of range");  // simplified
        have_zone = true;
        zone_offset = sign * (hh * 3600 + mm * 60 + ss);
        zone_name.clear();
        break;
      }
    }
    if (!ok) return bad(std_str, hold);
    (void)tmp;
  }
  if (pm_set && hour < 12)
    hour += 12;
  else if (am_set && hour == 12)
    hour = 0;
  if (yday >= 0) {
    int64_t m = 1;
    int rem = yday;
    bool leap = DaysInMonth(year, 2) == 29;
    if (rem > (leap ? 366 : 365)) return bad("", "", ": day-of-year out of range");
    while (rem > DaysInMonth(year, m)) rem -= DaysInMonth(year, m++);
    if ((month >= 0 && month != m) || (day >= 0 && day != rem))
      return bad("", "", ": day-of-year does not match month");
    month = static_cast<int>(m);
    day = rem;
  }
  if (month < 0) month = 1;
  if (day < 0) day = 1;
  if (day < 1 || day > DaysInMonth(year, month)) return bad("", "", ": day out of range");
  int64_t local = DaysFromCivil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec;
  out.sec = local - (have_zone ? zone_offset : 0);
  out.nsec = nsec;
  out.offset = have_zone ? zone_offset : 0;
  out.zone = zone_name.empty() && !have_zone ? "UTC" : zone_name;
  return true;
}

bool GoParseDuration(std::string_view s0, int64_t& ns, std::string& error) {
  std::string_view s = s0;
  auto invalid = [&]() {
    error = "time: invalid duration \"" + std::string(s0) + "\"";
    return false;
  };
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") {
    ns = 0;
    return true;
  }
  if (s.empty()) return invalid();
  long double total = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || IsDigitAt(s, 0))) return invalid();
    size_t i = 0;
    long double v = 0;
    bool pre = false, post = false;
    while (IsDigitAt(s, i)) {
      v = v * 10 + (s[i++] - '0');
      pre = true;
    }
    if (i < s.size() && s[i] == '.') {
      ++i;
      long double scale = 1;
      while (IsDigitAt(s, i)) {
        scale /= 10;
        v += (s[i++] - '0') * scale;
        post = true;
      }
    }
    if (!pre && !post) return invalid();
    size_t u = i;
    while (u < s.size() && s[u] != '.' && !IsDigitAt(s, u)) ++u;
    std::string_view unit = s.substr(i, u - i);
    long double mult;
    if (unit == "ns")
      mult = 1;
    else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs")
      mult = 1e3;
    else if (unit == "ms")
      mult = 1e6;
    else if (unit == "s")
      mult = 1e9;
    else if (unit == "m")
      mult = 60e9;
    else if (unit == "h")
      mult = 3600e9;
    else if (unit.empty()) {
      error = "time: missing unit in duration \"" + std::string(s0) + "\"";
      return false;
    } else {
      error = "time: unknown unit \"" + std::string(unit) + "\" in duration \"" + std::string(s0) +
              "\"";
      return false;
    }
    total += v * mult;
    if (total > 9223372036854775807.0L) return invalid();
    s.remove_prefix(u);
  }
  ns = static_cast<int64_t>(neg ? -total : total);
  return true;
}

}  // namespace attestfs::rego::builtins
