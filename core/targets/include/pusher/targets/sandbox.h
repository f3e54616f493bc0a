// SandboxServer: a loopback HTTP/1.1 server to try things against and to test with.
#pragma once

#include <QString>

#include <memory>
#include <string>
#include <vector>

namespace pusher {

// SandboxServer answers HTTP/1.1 requests on 127.0.0.1, on any path, shaped by query
// parameters: delay=20ms (or delay=10ms-30ms, uniform), status=503, error_ratio=0.1 (500
// at that probability), size=1024 (body bytes), close=1 (Connection: close), reset=1
// (reset the connection instead of answering), hang=1 (never answer), record=VALUE (keep
// VALUE, as sent, in recorded()), recorded=1 (answer with the recorded values). The paths
// /login, /order, /session, /echo and /stats are journey endpoints (a session cookie and a
// token). It runs on its own epoll threads (SO_REUSEPORT), keeps connections alive, and
// holds delayed answers in a
// timer heap per thread, so waiting requests do not block a thread. Bad parameters get a
// 400 saying which and why. See docs/sandbox.md.
class SandboxServer {
public:
    SandboxServer();
    ~SandboxServer();
    SandboxServer(const SandboxServer&) = delete;
    SandboxServer& operator=(const SandboxServer&) = delete;

    // start listens on 127.0.0.1:`port` (0 picks a free port) with `threads` I/O threads.
    // Returns false, with errorString() saying why, when it cannot.
    bool start(quint16 port = 0, int threads = 2);
    // stop closes every connection, hung and delayed ones included, and joins the threads.
    void stop();

    [[nodiscard]] bool isRunning() const;
    // port is the port listened on (0 when not running).
    [[nodiscard]] quint16 port() const;
    // url is "http://127.0.0.1:<port>", without a trailing slash.
    [[nodiscard]] QString url() const;
    [[nodiscard]] QString errorString() const;
    // requestCount is how many requests were parsed since start() (answered or not); it
    // keeps its value after stop().
    [[nodiscard]] quint64 requestCount() const;
    // recorded lists the values of the `record=` query parameters received since start(),
    // as sent (not decoded), in the order they were parsed; at most 2,000,000 are kept.
    [[nodiscard]] std::vector<std::string> recorded() const;
    // recordedDropped counts `record=` values beyond those kept.
    [[nodiscard]] quint64 recordedDropped() const;
    // connectionCount is how many connections were accepted since start().
    [[nodiscard]] quint64 connectionCount() const;
    // rejectedCount is how many /order requests came with a wrong or missing token or
    // session cookie, loginCount how many /login requests were answered, since start()
    // (also in /stats; kept after stop() until the next start()).
    [[nodiscard]] quint64 rejectedCount() const;
    [[nodiscard]] quint64 loginCount() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace pusher
