// LoopbackHttpServer implementation over POSIX sockets.
#include "fakes/oci/loopback_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace attestfs::oci::testing {
namespace {

constexpr size_t kMaxHeaderBytes = 64 << 10;
constexpr size_t kMaxBodyBytes = 512u << 20;

bool SendAll(int fd, const char* p, size_t n) {
  while (n > 0) {
    ssize_t k = ::send(fd, p, n, MSG_NOSIGNAL);
    if (k <= 0) return false;
    p += k;
    n -= static_cast<size_t>(k);
  }
  return true;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

const char* Reason(int s) {
  switch (s) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 307:
      return "Temporary Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    case 416:
      return "Range Not Satisfiable";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    default:
      return "Status";
  }
}

}  // namespace

std::string UrlDecode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

LoopbackHttpServer::LoopbackHttpServer(Handler handler) : handler_(std::move(handler)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  ::listen(listen_fd_, 64);
  accept_thread_ = std::thread([this] { AcceptLoop(); });
}

LoopbackHttpServer::~LoopbackHttpServer() { Stop(); }

void LoopbackHttpServer::Stop() {
  if (stopping_.exchange(true)) return;
  ::shutdown(listen_fd_, SHUT_RDWR);
  ::close(listen_fd_);
  if (accept_thread_.joinable()) accept_thread_.join();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  {
    std::lock_guard<std::mutex> lock(stall_mu_);
    stall_cv_.notify_all();
  }
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mu_);
    threads.swap(threads_);
  }
  for (auto& t : threads) t.join();
}

void LoopbackHttpServer::AcceptLoop() {
  while (!stopping_) {
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (stopping_) return;
      continue;
    }
    accepted_.fetch_add(1);
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    open_fds_.push_back(fd);
    threads_.emplace_back([this, fd] { Serve(fd); });
  }
}

void LoopbackHttpServer::Serve(int fd) {
  std::string buf;
  char tmp[65536];
  auto close_fd = [&] {
    std::lock_guard<std::mutex> lock(mu_);
    open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd), open_fds_.end());
    ::close(fd);
  };
  while (!stopping_) {
    size_t hdr_end;
    while ((hdr_end = buf.find("\r\n\r\n")) == std::string::npos) {
      if (buf.size() > kMaxHeaderBytes) return close_fd();
      ssize_t k = ::recv(fd, tmp, sizeof tmp, 0);
      if (k <= 0) return close_fd();
      buf.append(tmp, static_cast<size_t>(k));
    }
    FakeRequest req;
    std::string head = buf.substr(0, hdr_end);
    buf.erase(0, hdr_end + 4);
    size_t line_end = head.find("\r\n");
    std::string first = head.substr(0, line_end);
    size_t sp1 = first.find(' '), sp2 = first.rfind(' ');
    req.method = first.substr(0, sp1);
    req.target = first.substr(sp1 + 1, sp2 - sp1 - 1);
    size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
      size_t e = head.find("\r\n", pos);
      if (e == std::string::npos) e = head.size();
      std::string line = head.substr(pos, e - pos);
      size_t c = line.find(':');
      if (c != std::string::npos) {
        size_t v = line.find_first_not_of(' ', c + 1);
        req.headers[Lower(line.substr(0, c))] = v == std::string::npos ? "" : line.substr(v);
      }
      pos = e + 2;
    }
    size_t q = req.target.find('?');
    req.path = UrlDecode(req.target.substr(0, q));
    if (q != std::string::npos) {
      std::string qs = req.target.substr(q + 1);
      size_t s = 0;
      while (s <= qs.size()) {
        size_t amp = qs.find('&', s);
        std::string kv = qs.substr(s, amp == std::string::npos ? std::string::npos : amp - s);
        size_t eq = kv.find('=');
        std::string k = UrlDecode(kv.substr(0, eq));
        std::string v = eq == std::string::npos ? "" : UrlDecode(kv.substr(eq + 1));
        if (!k.empty()) {
          req.query[k] = v;
          req.query_all.emplace(k, v);
        }
        if (amp == std::string::npos) break;
        s = amp + 1;
      }
    }
    size_t content_length = 0;
    if (auto cl = req.Header("content-length"); !cl.empty()) content_length = std::stoull(cl);
    if (content_length > kMaxBodyBytes) return close_fd();
    while (buf.size() < content_length) {
      ssize_t k = ::recv(fd, tmp, sizeof tmp, 0);
      if (k <= 0) return close_fd();
      buf.append(tmp, static_cast<size_t>(k));
    }
    req.body = buf.substr(0, content_length);
    buf.erase(0, content_length);

    FakeResponse resp = handler_(req);
    if (resp.drop_connection) return close_fd();
    std::string out =
        "HTTP/1.1 " + std::to_string(resp.status) + " " + Reason(resp.status) + "\r\n";
    bool has_len = false;
    for (auto& [k, v] : resp.headers) {
      out += k + ": " + v + "\r\n";
      if (Lower(k) == "content-length") has_len = true;
    }
    if (!has_len) out += "Content-Length: " + std::to_string(resp.body.size()) + "\r\n";
    out += "\r\n";
    bool head_only = req.method == "HEAD" || resp.head;
    size_t send_n = head_only ? 0 : resp.body.size();
    if (resp.truncate_after >= 0) send_n = std::min<size_t>(send_n, resp.truncate_after);
    if (resp.drip_interval_ms > 0 && !head_only) {
      if (!SendAll(fd, out.data(), out.size())) return close_fd();
      for (size_t i = 0; i < send_n && !stopping_.load(); ++i) {
        if (!SendAll(fd, resp.body.data() + i, 1)) return close_fd();
        std::unique_lock<std::mutex> lock(stall_mu_);
        stall_cv_.wait_for(lock, std::chrono::milliseconds(resp.drip_interval_ms),
                           [this] { return stopping_.load(); });
      }
      continue;
    }
    if (!SendAll(fd, out.data(), out.size()) || !SendAll(fd, resp.body.data(), send_n)) {
      return close_fd();
    }
    if (resp.stall) {
      std::unique_lock<std::mutex> lock(stall_mu_);
      stall_cv_.wait(lock, [this] { return stopping_.load(); });
      return close_fd();
    }
    if (resp.truncate_after >= 0 && !head_only) return close_fd();
  }
  close_fd();
}

}  // namespace attestfs::oci::testing
