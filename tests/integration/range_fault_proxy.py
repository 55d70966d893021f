#!/usr/bin/python3
"""An HTTP proxy on loopback in front of the registry that bends ranged blob GETs, for the
single-large-file pull tests: `range_fault_proxy.py LISTEN_PORT UPSTREAM_PORT MODE_FILE LOG_FILE`.
MODE_FILE holds the mode, read on every request (a test switches it between pulls):
  pass                 forward as is
  ignore-range         drop the Range header: the registry answers 200 with the whole blob
  wrong-content-range  a 206 whose Content-Range starts one byte later than asked
  short-range          a 206 with one byte less than asked (Content-Length agrees: a lie)
Every ranged GET is appended to LOG_FILE as "MODE RANGE"."""
import http.client, http.server, sys

listen, upstream, mode_file, log_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def forward(self, head):
        with open(mode_file) as f:
            mode = f.read().strip()
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
        rng = self.headers.get("Range")
        blob = "/blobs/sha256:" in self.path
        if rng and blob:
            with open(log_file, "a") as f:
                f.write("%s %s\n" % (mode, rng))
            if mode == "ignore-range":
                headers.pop("Range", None)
        conn = http.client.HTTPConnection("127.0.0.1", upstream, timeout=60)
        conn.request(self.command, self.path, headers=headers)
        resp = conn.getresponse()
        body = resp.read()
        out = [(k, v) for k, v in resp.getheaders() if k.lower() not in HOP]
        if resp.status == 206 and blob and mode == "wrong-content-range":
            fixed = []
            for k, v in out:
                if k.lower() == "content-range":
                    start, rest = v[len("bytes "):].split("-", 1)
                    v = "bytes %d-%s" % (int(start) + 1, rest)
                fixed.append((k, v))
            out = fixed
        if resp.status == 206 and blob and mode == "short-range" and body:
            body = body[:-1]
        self.send_response(resp.status)
        for k, v in out:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body) if not head else resp.getheader("Content-Length", "0")))
        self.end_headers()
        if not head:
            self.wfile.write(body)
        conn.close()

    def do_GET(self):
        self.forward(False)

    def do_HEAD(self):
        self.forward(True)


http.server.ThreadingHTTPServer(("127.0.0.1", listen), Proxy).serve_forever()
