// Tests for CurlHttpClient against a loopback server: connection reuse, bounded and streamed
// bodies, retries with backoff, stall detection, truncation, byte counters.
#include "oci/http/curl_http_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <memory>
#include <thread>

#include "fakes/oci/loopback_http_server.h"
#include "oci/registry_error.h"

namespace attestfs::oci::http {
namespace {

using testing::FakeRequest;
using testing::FakeResponse;
using testing::LoopbackHttpServer;

HttpClientOptions FastOptions() {
  HttpClientOptions o;
  o.initial_backoff = std::chrono::milliseconds(1);
  o.max_backoff = std::chrono::milliseconds(5);
  o.stall_timeout = std::chrono::seconds(1);
  o.max_attempts = 3;
  return o;
}

TEST(CurlHttpClientTest, ReusesOneConnectionForSequentialRequests) {
  LoopbackHttpServer server([](const FakeRequest& r) {
    FakeResponse resp;
    resp.body = "hello " + r.path;
    resp.Set("DOCKER-Content-Digest", "x");
    return resp;
  });
  CurlHttpClient client(FastOptions());
  for (int i = 0; i < 5; ++i) {
    HttpRequest req;
    req.url = server.base_url() + "/p" + std::to_string(i);
    auto r = client.Send(req);
    ASSERT_TRUE(r.ok()) << r.error().message();
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "hello /p" + std::to_string(i));
    EXPECT_EQ(r->headers.Get("docker-content-digest").value_or(""), "x");
  }
  EXPECT_EQ(server.connections_accepted(), 1);
  EXPECT_EQ(client.Stats().bytes_downloaded, 5u * 9u);
}

TEST(CurlHttpClientTest, RefusesBufferedBodyOverLimit) {
  LoopbackHttpServer server([](const FakeRequest&) {
    FakeResponse resp;
    resp.body = std::string(1000, 'a');
    return resp;
  });
  CurlHttpClient client(FastOptions());
  HttpRequest req;
  req.url = server.base_url() + "/big";
  req.max_body_bytes = 999;
  auto r = client.Send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kTooLarge);
}

TEST(CurlHttpClientTest, StreamsBodyToSinkAndUploadsFromSource) {
  std::string received;
  LoopbackHttpServer server([&](const FakeRequest& r) {
    FakeResponse resp;
    if (r.method == "PUT") {
      received = r.body;
      resp.status = 201;
      return resp;
    }
    resp.body = std::string(300000, 'z');
    return resp;
  });
  CurlHttpClient client(FastOptions());
  std::string got;
  HttpRequest get;
  get.url = server.base_url() + "/blob";
  get.sink = [&](std::string_view piece) {
    got.append(piece);
    return OkStatus();
  };
  auto r = client.Send(get);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(got.size(), 300000u);
  EXPECT_TRUE(r->body.empty());

  std::string payload(200000, 'q');
  HttpRequest put;
  put.method = "PUT";
  put.url = server.base_url() + "/up";
  put.body_source =
      BodySource{payload.size(), [&](uint64_t off, char* buf, size_t n) -> Result<size_t> {
                   size_t k = std::min<uint64_t>(n, payload.size() - off);
                   std::memcpy(buf, payload.data() + off, k);
                   return k;
                 }};
  auto p = client.Send(put);
  ASSERT_TRUE(p.ok()) << p.error().message();
  EXPECT_EQ(p->status, 201);
  EXPECT_EQ(received, payload);
  EXPECT_EQ(client.Stats().bytes_uploaded, payload.size());
}

TEST(CurlHttpClientTest, RetriesServerErrorsThenSucceeds) {
  std::atomic<int> calls{0};
  LoopbackHttpServer server([&](const FakeRequest&) {
    FakeResponse resp;
    int n = calls.fetch_add(1);
    if (n == 0) {
      resp.status = 503;
    } else if (n == 1) {
      resp.status = 429;
      resp.Set("Retry-After", "0");
    } else {
      resp.body = "ok";
    }
    return resp;
  });
  CurlHttpClient client(FastOptions());
  HttpRequest req;
  req.url = server.base_url() + "/x";
  auto r = client.Send(req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "ok");
  EXPECT_EQ(calls.load(), 3);
  EXPECT_EQ(client.Stats().retries, 2u);
}

TEST(CurlHttpClientTest, GivesUpAfterMaxAttemptsAndReturnsLastStatus) {
  std::atomic<int> calls{0};
  LoopbackHttpServer server([&](const FakeRequest&) {
    calls++;
    FakeResponse resp;
    resp.status = 500;
    resp.body = R"({"errors":[{"code":"UNKNOWN","message":"boom"}]})";
    return resp;
  });
  CurlHttpClient client(FastOptions());
  HttpRequest req;
  req.url = server.base_url() + "/x";
  auto r = client.Send(req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(calls.load(), 3);
  Error e = oci::RegistryError(*r, {"127.0.0.1:1", "team/m", "sha256:ab", "fetch blob"});
  EXPECT_EQ(e.code(), Errc::kNetwork);
  EXPECT_NE(e.message().find("127.0.0.1:1/team/m@sha256:ab"), std::string::npos);
  EXPECT_NE(e.message().find("UNKNOWN: boom"), std::string::npos);
}

TEST(CurlHttpClientTest, RetriesDroppedConnection) {
  std::atomic<int> calls{0};
  LoopbackHttpServer server([&](const FakeRequest&) {
    FakeResponse resp;
    if (calls.fetch_add(1) == 0) resp.drop_connection = true;
    resp.body = "fine";
    return resp;
  });
  CurlHttpClient client(FastOptions());
  HttpRequest req;
  req.url = server.base_url() + "/x";
  auto r = client.Send(req);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->body, "fine");
}

TEST(CurlHttpClientTest, TruncatedBodyIsANetworkError) {
  LoopbackHttpServer server([&](const FakeRequest&) {
    FakeResponse resp;
    resp.body = std::string(1000, 'b');
    resp.truncate_after = 10;
    return resp;
  });
  CurlHttpClient client(FastOptions());
  HttpRequest req;
  req.url = server.base_url() + "/x";
  auto r = client.Send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kNetwork);
}

TEST(CurlHttpClientTest, DetectsStalledTransfer) {
  LoopbackHttpServer server([&](const FakeRequest&) {
    FakeResponse resp;
    resp.body = std::string(1000, 'b');
    resp.truncate_after = 10;
    resp.stall = true;
    return resp;
  });
  HttpClientOptions o = FastOptions();
  o.max_attempts = 1;
  CurlHttpClient client(o);
  HttpRequest req;
  req.url = server.base_url() + "/x";
  auto r = client.Send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kNetwork);
  EXPECT_NE(r.error().message().find("stalled"), std::string::npos);
}

TEST(CurlHttpClientTest, SlowDripBelowTheMinimumRateIsAbortedWithoutRetry) {
  std::atomic<int> requests{0};
  LoopbackHttpServer server([&](const FakeRequest&) {
    ++requests;
    FakeResponse resp;
    resp.body = std::string(100000, 'd');
    resp.drip_interval_ms = 20;  // ~50 bytes/s: every byte moves, so no stall is ever seen
    return resp;
  });
  HttpClientOptions o = FastOptions();
  o.min_bytes_per_second = 1000;
  o.rate_window = std::chrono::seconds(1);
  CurlHttpClient client(o);
  HttpRequest req;
  req.url = server.base_url() + "/x";
  auto r = client.Send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kNetwork);
  EXPECT_NE(r.error().message().find("too slow"), std::string::npos) << r.error().message();
  EXPECT_EQ(requests.load(), 1);  // retrying a slow drip would only multiply the wait
}

TEST(CurlHttpClientTest, RequestDeadlineIsScaledToTheExpectedSize) {
  LoopbackHttpServer server([&](const FakeRequest&) {
    FakeResponse resp;
    resp.body = std::string(100000, 'd');
    resp.drip_interval_ms = 1;  // fast enough for the rate check, too slow for the deadline
    return resp;
  });
  HttpClientOptions o = FastOptions();
  o.min_bytes_per_second = 0;
  o.request_deadline_base = std::chrono::seconds(1);
  o.deadline_bytes_per_second = 1u << 30;  // 100 KB expected: the base second is all it gets
  CurlHttpClient client(o);
  HttpRequest req;
  req.url = server.base_url() + "/x";
  req.expected_bytes = 100000;
  req.sink = [](std::string_view) { return OkStatus(); };
  auto r = client.Send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("timed out"), std::string::npos) << r.error().message();
}

TEST(CurlHttpClientTest, MaxRequestTimeCapsEveryRequest) {
  LoopbackHttpServer server([&](const FakeRequest&) {
    FakeResponse resp;
    resp.body = std::string(100000, 'd');
    resp.drip_interval_ms = 1;
    return resp;
  });
  HttpClientOptions o = FastOptions();
  o.min_bytes_per_second = 0;
  o.max_request_time = std::chrono::seconds(1);
  CurlHttpClient client(o);
  HttpRequest req;
  req.url = server.base_url() + "/x";
  req.sink = [](std::string_view) { return OkStatus(); };  // size unknown: only the cap applies
  auto r = client.Send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("timed out"), std::string::npos) << r.error().message();
}

TEST(CurlHttpClientTest, CancelEndsAnInFlightTransfer) {
  LoopbackHttpServer server([&](const FakeRequest&) {
    FakeResponse resp;
    resp.body = std::string(1000, 'b');
    resp.truncate_after = 10;
    resp.stall = true;
    return resp;
  });
  auto cancel = std::make_shared<std::atomic<bool>>(false);
  HttpClientOptions o = FastOptions();
  o.stall_timeout = std::chrono::seconds(600);  // only the cancellation can end it
  o.cancel = cancel;
  CurlHttpClient client(o);
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    cancel->store(true);
  });
  HttpRequest req;
  req.url = server.base_url() + "/x";
  auto r = client.Send(req);
  canceller.join();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kCancelled) << r.error().message();
  auto again = client.Send(req);  // later requests end at once
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), Errc::kCancelled);
}

TEST(HttpHeadersTest, ContentLengthRefusesOverflowAndJunk) {
  HttpHeaders h;
  EXPECT_FALSE(h.ContentLength()->has_value());
  h.Add("Content-Length", "99999999999999999999999");
  ASSERT_FALSE(h.ContentLength().ok());
  EXPECT_EQ(h.ContentLength().error().code(), Errc::kMalformed);
  HttpHeaders neg;
  neg.Add("content-length", "-5");
  EXPECT_FALSE(neg.ContentLength().ok());
  HttpHeaders junk;
  junk.Add("Content-Length", "12abc");
  EXPECT_FALSE(junk.ContentLength().ok());
  HttpHeaders good;
  good.Add("Content-Length", " 1234 ");
  ASSERT_TRUE(good.ContentLength().ok());
  EXPECT_EQ(**good.ContentLength(), 1234);
}

TEST(CurlHttpClientTest, SinkErrorAbortsWithoutRetry) {
  std::atomic<int> calls{0};
  LoopbackHttpServer server([&](const FakeRequest&) {
    calls++;
    FakeResponse resp;
    resp.body = "data";
    return resp;
  });
  CurlHttpClient client(FastOptions());
  HttpRequest req;
  req.url = server.base_url() + "/x";
  req.sink = [](std::string_view) { return Status(Error(Errc::kVerificationFailed, "nope")); };
  auto r = client.Send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kVerificationFailed);
  EXPECT_EQ(calls.load(), 1);
}

TEST(CurlHttpClientTest, TlsToPlainHttpPortIsAnErrorNotData) {
  // A TLS request to a plain-HTTP port never completes the handshake: an error, never data.
  LoopbackHttpServer server([](const FakeRequest&) { return FakeResponse{}; });
  HttpClientOptions o = FastOptions();
  o.max_attempts = 1;
  o.connect_timeout = std::chrono::milliseconds(300);  // the handshake never completes
  CurlHttpClient client(o);
  HttpRequest req;
  req.url = "https://" + server.host() + "/v2/";
  EXPECT_EQ(client.Send(req).error().code(), Errc::kNetwork);
}

TEST(RegistryErrorTest, ParsesErrorBodiesAndMapsCodes) {
  HttpResponse r;
  r.status = 404;
  r.body =
      R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"v1"}}]})";
  Error e = RegistryError(r, {"reg:5000", "a/b", "v1", "fetch manifest"});
  EXPECT_EQ(e.code(), Errc::kNotFound);
  EXPECT_EQ(e.message(),
            "fetch manifest reg:5000/a/b:v1: HTTP 404: MANIFEST_UNKNOWN: manifest unknown "
            "({\"Tag\":\"v1\"})");
  r.status = 400;
  r.body = R"({"errors":[{"code":"DIGEST_INVALID","message":"x","detail":null}]})";
  EXPECT_EQ(RegistryError(r, {}).code(), Errc::kVerificationFailed);
  r.status = 401;
  r.body = "not json";
  EXPECT_EQ(RegistryError(r, {}).code(), Errc::kUnauthorized);
  EXPECT_EQ(RegistryErrorCode("[1,2]"), "");
}

}  // namespace
}  // namespace attestfs::oci::http
