// LoopbackHttpServer: a tiny HTTP/1.1 server on 127.0.0.1 (free port) for tests. One thread per
// connection, keep-alive, Content-Length bodies. Handlers can inject transport faults:
// truncated bodies, stalls, dropped connections. Stop() (and the destructor) end every thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace attestfs::oci::testing {

struct FakeRequest {
  std::string method;
  std::string target;                        // path + query as sent
  std::string path;                          // without query
  std::map<std::string, std::string> query;  // last value per key
  std::multimap<std::string, std::string> query_all;
  std::map<std::string, std::string> headers;  // lowercase names
  std::string body;
  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

struct FakeResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Faults
  long truncate_after = -1;      // send Content-Length of the whole body, then only this many bytes
  bool stall = false;            // send headers (and truncate_after bytes if set), then hang
  bool drop_connection = false;  // close without any response
  bool head = false;             // response to HEAD: headers only (Content-Length = body size)
  int drip_interval_ms = 0;      // send the body one byte per interval (a slow-drip registry)
  void Set(const std::string& k, const std::string& v) { headers.emplace_back(k, v); }
};

class LoopbackHttpServer {
 public:
  using Handler = std::function<FakeResponse(const FakeRequest&)>;
  explicit LoopbackHttpServer(Handler handler);
  ~LoopbackHttpServer();
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string host() const { return "127.0.0.1:" + std::to_string(port_); }
  int connections_accepted() const { return accepted_.load(); }
  void Stop();

 private:
  void AcceptLoop();
  void Serve(int fd);

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<int> accepted_{0};
  std::atomic<bool> stopping_{false};
  std::thread accept_thread_;
  std::mutex mu_;  // guards threads_, open_fds_
  std::vector<std::thread> threads_;
  std::vector<int> open_fds_;
  std::mutex stall_mu_;               // guards nothing; used with stall_cv_
  std::condition_variable stall_cv_;  // wakes stalled handlers on Stop()
};

// Percent-decodes a URL component ("%3A" -> ":", "+" stays "+").
std::string UrlDecode(const std::string& s);

}  // namespace attestfs::oci::testing
