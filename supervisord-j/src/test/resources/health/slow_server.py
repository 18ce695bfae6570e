# A server that takes a while to listen: prints when it does (wall clock), then answers HTTP.
# argv: port delay_seconds stamp_file [sick_file]; GET answers 503 while sick_file exists.
import http.server, os, sys, time
port, delay, stamp = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
sick = sys.argv[4] if len(sys.argv) > 4 else None
time.sleep(delay)
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        code = 503 if sick and os.path.exists(sick) else 200
        self.send_response(code)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")
    def log_message(self, *a):
        pass
# The time is taken before the bind: a readiness probe may connect the moment the socket listens,
# and what it starts must not seem to come before this stamp.
t = time.time()
srv = http.server.HTTPServer(("127.0.0.1", port), H)
with open(stamp, "a") as f:
    f.write("%d %.6f\n" % (os.getpid(), t))
srv.serve_forever()
