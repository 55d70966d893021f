// Time, semver, crypto, units and refused builtins.
#include "builtins_test_util.h"

namespace attestfs::rego::testing {
namespace {

class TimeTest : public BuiltinsTest {};

TEST_F(TimeTest, NowIsTheEvaluationClock) {
  const BuiltinDef* d = registry_.Find("time.now_ns");
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(d->nondeterministic);
  EXPECT_EQ(Eval("time.now_ns", {}), "1700000000000000000");
}

TEST_F(TimeTest, ParseNs) {
  auto p = [&](const std::string& l, const std::string& v) {
    return Eval("time.parse_ns", {S(l), S(v)});
  };
  EXPECT_EQ(p("2006-01-02T15:04:05Z07:00", "2017-06-02T19:00:00-07:00"), "1496455200000000000");
  EXPECT_EQ(p("2006-01-02T15:04:05Z07:00", "1677-09-21T00:12:43.145224192-00:00"),
            "-9223372036854775808");
  EXPECT_EQ(p("2006-01-02T15:04:05Z07:00", "2262-04-11T23:47:16.854775807-00:00"),
            "9223372036854775807");
  EXPECT_EQ(p("2006-01-02T15:04:05Z07:00", "2262-04-11T23:47:16.854775808-00:00"),
            "error: eval_builtin_error: time.parse_ns: time outside of valid range");
  EXPECT_EQ(p("01/02 03:04:05PM '06 -0700", "06/02 07:00:00PM '17 -0700"), "1496455200000000000");
  EXPECT_EQ(p("02 Jan 06 15:04 -0700", "02 Jun 17 19:00 -0700"), "1496455200000000000");
  EXPECT_EQ(p("RFC822Z", "02 Jun 17 19:00 -0700"), "1496455200000000000");
  EXPECT_EQ(p("2006-01-02", "2020-02-29"), "1582934400000000000");
  EXPECT_NE(p("2006-01-02", "2021-02-29").find("day out of range"), std::string::npos);
  EXPECT_NE(p("2006-01-02", "2021-02-01x").find("extra text"), std::string::npos);
  EXPECT_EQ(p("Jan _2 2006 15:04:05.000", "Feb  3 2020 01:02:03.250"), "1580691723250000000");
  EXPECT_EQ(Eval("time.parse_rfc3339_ns", {S("1970-01-01T00:00:00-00:00")}), "0");
  EXPECT_EQ(Eval("time.parse_rfc3339_ns", {S("2017-06-02T19:00:00.5Z")}), "1496430000500000000");
}

TEST_F(TimeTest, Duration) {
  EXPECT_EQ(Eval("time.parse_duration_ns", {S("100ms")}), "100000000");
  EXPECT_EQ(Eval("time.parse_duration_ns", {S("1h30m")}), "5400000000000");
  EXPECT_EQ(Eval("time.parse_duration_ns", {S("-1.5s")}), "-1500000000");
  EXPECT_NE(Eval("time.parse_duration_ns", {S("5")}).find("missing unit"), std::string::npos);
}

TEST_F(TimeTest, DateClockWeekday) {
  EXPECT_EQ(Eval("time.date", {J("1517814000000000000")}), "[2018,2,5]");
  EXPECT_EQ(Eval("time.date", {J(R"([1517814000000000000, "America/Los_Angeles"])")}),
            "[2018,2,4]");
  EXPECT_EQ(Eval("time.date", {J(R"([1517832000000000000, ""])")}), "[2018,2,5]");
  EXPECT_EQ(Eval("time.clock", {J(R"([1517832000000000000, "America/New_York"])")}), "[7,0,0]");
  EXPECT_EQ(Eval("time.weekday", {J("1517832000000000000")}), R"("Monday")");
  EXPECT_EQ(Eval("time.weekday", {J("1518350400000000000")}), R"("Sunday")");
  EXPECT_EQ(Eval("time.date", {Value::Float(1582977600.0 * 1e12)}),
            "error: eval_builtin_error: time.date: timestamp too big");
  EXPECT_NE(Eval("time.date", {J(R"([0, "No/Such_Zone"])")}).find("unknown time zone"),
            std::string::npos);
  EXPECT_NE(Eval("time.date", {J(R"([0, "../etc/passwd"])")}).find("unknown time zone"),
            std::string::npos);
  // After the zone file's last transition the POSIX footer rule applies (DST in July 2100).
  EXPECT_EQ(Eval("time.clock", {J(R"([4118083200000000000, "America/New_York"])")}), "[20,0,0]");
}

TEST_F(TimeTest, AddDateDiffFormat) {
  EXPECT_EQ(Eval("time.add_date", {J("1585852421593912000"), J("3"), J("9"), J("12")}),
            "1705257221593912000");
  EXPECT_EQ(Eval("time.add_date", {J("1585852421593912000"), J("-1"), J("-1"), J("-1")}),
            "1551465221593912000");
  EXPECT_EQ(Eval("time.add_date", {J("0"), J("2262"), J("1"), J("1")}),
            "error: eval_builtin_error: time.add_date: time outside of valid range");
  EXPECT_EQ(Eval("time.add_date", {J("-9223372036854775808"), J("0"), J("0"), J("-1")}),
            "error: eval_builtin_error: time.add_date: time outside of valid range");
  auto day = [&](const std::string& d) {
    return Call("time.parse_ns", {S("2006-01-02"), S(d)}).value();
  };
  EXPECT_EQ(Eval("time.diff", {day("2020-02-02"), day("2020-03-01")}), "[0,0,28,0,0,0]");
  EXPECT_EQ(Eval("time.diff", {day("2021-02-02"), day("2021-03-01")}), "[0,0,27,0,0,0]");
  EXPECT_EQ(Eval("time.diff", {day("2004-02-29"), day("2005-03-01")}), "[1,0,1,0,0,0]");
  EXPECT_EQ(Eval("time.diff", {J(R"([1700000060000000000, "UTC"])"),
                               J(R"([1700000000000000000, "Asia/Shanghai"])")}),
            "[0,0,0,0,1,0]");
  EXPECT_EQ(
      Eval("time.diff", {J("0"), S("x")}),
      "error: eval_type_error: time.diff: operand 2 must be one of {number, array} but got string");
  Value t = J("1670006453141828752");
  EXPECT_EQ(Eval("time.format", {t}), R"("2022-12-02T18:40:53.141828752Z")");
  EXPECT_EQ(Eval("time.format", {Value::FromArray({t, S("Asia/Kolkata")})}),
            R"("2022-12-03T00:10:53.141828752+05:30")");
  EXPECT_EQ(Eval("time.format",
                 {Value::FromArray({t, S("Asia/Kolkata"), S("Mon Jan 02 15:04:05 -0700 2006")})}),
            R"("Sat Dec 03 00:10:53 +0530 2022")");
  EXPECT_EQ(Eval("time.format", {Value::FromArray({t, S("Asia/Kolkata"), S("RFC1123Z")})}),
            R"("Sat, 03 Dec 2022 00:10:53 +0530")");
  EXPECT_EQ(Eval("time.format", {Value::FromArray({t, S("America/New_York"), S("RFC1123")})}),
            R"("Fri, 02 Dec 2022 13:40:53 EST")");
  EXPECT_EQ(
      Eval("time.format", {Value::FromArray({t, S("UTC"), S("3:04PM Monday January 2 .000")})}),
      R"("6:40PM Friday December 2 .141")");
}

TEST_F(TimeTest, Semver) {
  EXPECT_EQ(Eval("semver.compare", {S("1.0.0"), S("2.0.0")}), "-1");
  EXPECT_EQ(Eval("semver.compare", {S("1.0.0-alpha.10"), S("1.0.0-alpha.9")}), "1");
  EXPECT_EQ(Eval("semver.compare", {S("1.0.0-rc.1"), S("1.0.0")}), "-1");
  EXPECT_EQ(Eval("semver.compare", {S("1.0.0+b1"), S("1.0.0+b2")}), "0");
  EXPECT_EQ(
      Eval("semver.compare", {S("1"), S("1.0.0")}),
      "error: eval_builtin_error: semver.compare: operand 1: string \"1\" is not a valid SemVer");
  EXPECT_EQ(Eval("semver.is_valid", {S("v1.0.0")}), "false");
  EXPECT_EQ(Eval("semver.is_valid", {S("1.0.0-01")}), "false");
  EXPECT_EQ(Eval("semver.is_valid", {J("1")}), "false");
}

TEST_F(TimeTest, Crypto) {
  EXPECT_EQ(Eval("crypto.md5", {S("lorem ipsum")}), R"("80a751fde577028640c419000e33eba6")");
  EXPECT_EQ(Eval("crypto.sha1", {S("lorem ipsum")}),
            R"("bfb7759a67daeb65410490b4d98bb9da7d1ea2ce")");
  EXPECT_EQ(Eval("crypto.sha256", {S("")}),
            R"("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")");
  EXPECT_EQ(Eval("crypto.hmac.sha256", {S("message"), S("key")}),
            R"("6e9ef29b75fffc5b7abae527d58fdadb2fe42e7219011976917343065f58ed4a")");
  EXPECT_EQ(Eval("crypto.hmac.equal", {S("abc"), S("abc")}), "true");
  EXPECT_EQ(Eval("crypto.hmac.equal", {S("abc"), S("abd")}), "false");
}

TEST_F(TimeTest, Units) {
  EXPECT_EQ(Eval("units.parse_bytes", {S("10KiB")}), "10240");
  EXPECT_EQ(Eval("units.parse_bytes", {S("1.5MB")}), "1500000");
  EXPECT_EQ(Eval("units.parse_bytes", {S("1.1KiB")}), "1126");
  EXPECT_EQ(Eval("units.parse_bytes", {S("1e-2KB")}), "10");
  EXPECT_EQ(Eval("units.parse_bytes", {S("100 kb")}),
            "error: eval_builtin_error: units.parse_bytes: spaces not allowed in resource strings");
  EXPECT_EQ(Eval("units.parse_bytes", {S("10e10000000EiB")}),
            "error: eval_builtin_error: units.parse_bytes: exponent too large");
  EXPECT_EQ(Eval("units.parse_bytes", {S("100")}), "100");
  EXPECT_EQ(Eval("units.parse_bytes", {S("KB")}),
            "error: eval_builtin_error: units.parse_bytes: no byte amount provided");
  EXPECT_EQ(Eval("units.parse_bytes", {S("1xx")}),
            "error: eval_builtin_error: units.parse_bytes: byte unit xx not recognized");
  EXPECT_EQ(Eval("units.parse", {S("500m")}), "0.5");
  EXPECT_EQ(Eval("units.parse", {S("2Gi")}), "2147483648");
  EXPECT_EQ(Eval("units.parse", {S("1M")}), "1000000");
  EXPECT_EQ(Eval("units.parse", {S("10KI")}), "10240");
  EXPECT_EQ(Eval("units.parse", {S("1.1Ki")}), "1126.4");
  EXPECT_EQ(Eval("units.parse", {S("-3.5E2m")}), "-0.35");
  EXPECT_EQ(Eval("units.parse", {S("7.8E-1")}), "0.78");
  EXPECT_EQ(Eval("units.parse", {S("10E")}), "10000000000000000000");
  EXPECT_EQ(Eval("units.parse", {S("5E")}), "5000000000000000000");
  EXPECT_EQ(Eval("units.parse", {S("G")}),
            "error: eval_builtin_error: units.parse: no amount provided");
}

TEST_F(TimeTest, RefusedBuiltinsHalt) {
  BuiltinResult r = Call("http.send", {J(R"({"method":"get","url":"http://x"})")});
  EXPECT_TRUE(r.halt());
  EXPECT_EQ(r.code(), "eval_builtin_error");
  EXPECT_EQ(r.message(),
            "http.send: network access is not available in attestfs policies (record the data at "
            "bom time instead)");
  EXPECT_TRUE(Call("net.lookup_ip_addr", {S("example.com")}).halt());
  EXPECT_EQ(Eval("opa.runtime", {}), "{}");
}

}  // namespace
}  // namespace attestfs::rego::testing
