// Shared helpers for the target tests: one call through a real Worker, a raw blocking
// HTTP client and small TCP servers, all on 127.0.0.1 and std primitives only.
#pragma once

#include <pusher/pusher.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QByteArray>
#include <QList>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace testing {

using namespace std::chrono_literals;

// FirstAfter remembers the first AfterTarget gossip and then ends the run.
class FirstAfter final : public pusher::Gossiper {
public:
    explicit FirstAfter(pusher::CancelFunc cancel)
        : m_cancel(std::move(cancel)) {}
    void listen(const pusher::Context&, pusher::Worker&, pusher::GossipStream& stream) override {
        pusher::Gossip g;
        while (stream.next(g)) {
            if (g.afterTarget()) {
                std::lock_guard lock(m_mutex);
                if (!m_first) {
                    m_first = g;
                    m_cancel();
                }
            }
        }
    }
    void stop() override {}
    std::optional<pusher::Gossip> first() const {
        std::lock_guard lock(m_mutex);
        return m_first;
    }

private:
    pusher::CancelFunc m_cancel;
    mutable std::mutex m_mutex;
    std::optional<pusher::Gossip> m_first;
};

// callOnce makes exactly one call of `target` through a Worker and returns its gossip.
inline pusher::Gossip callOnce(const pusher::Target& target, pusher::Duration limit = 10s) {
    auto [ctx, cancel] = pusher::withTimeout(pusher::Context::background(), limit);
    auto listener = std::make_shared<FirstAfter>(cancel);
    auto worker = pusher::hire("once", target, pusher::withGossips(listener));
    worker->work(ctx, 0.001); // one tick at once, the next in 1000 s
    cancel();
    auto g = listener->first();
    return g ? *g : pusher::Gossip{};
}

inline int listenLoopback(quint16& port, int backlog = 128) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0 ||
        ::listen(fd, backlog) < 0) {
        ::close(fd);
        return -1;
    }
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
    return fd;
}

// closedPort returns a loopback port that nothing listens on (bound once, then released).
inline quint16 closedPort() {
    quint16 port = 0;
    const int fd = listenLoopback(port);
    ::close(fd);
    return port;
}

inline int connectLoopback(quint16 port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// TcpServer accepts on 127.0.0.1 and runs `mode` on each connection, on its own threads.
class TcpServer {
public:
    enum class Mode { Echo, Silent, CloseAtOnce, ResetAtOnce };
    explicit TcpServer(Mode mode)
        : m_mode(mode) {
        m_fd = listenLoopback(m_port);
        m_thread = std::thread([this] { acceptLoop(); });
    }
    ~TcpServer() {
        m_stop.store(true);
        ::shutdown(m_fd, SHUT_RDWR);
        m_thread.join();
        ::close(m_fd);
        std::vector<std::thread> handlers;
        {
            std::lock_guard lock(m_mutex);
            for (int fd : m_conns) {
                if (fd >= 0)
                    ::shutdown(fd, SHUT_RDWR);
            }
            handlers.swap(m_handlers);
        }
        for (auto& t : handlers)
            t.join();
        for (int fd : m_conns) {
            if (fd >= 0)
                ::close(fd);
        }
    }
    quint16 port() const { return m_port; }
    int accepted() const { return m_accepted.load(); }

private:
    void acceptLoop() {
        while (!m_stop.load()) {
            const int c = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
            if (c < 0)
                return;
            m_accepted.fetch_add(1);
            std::lock_guard lock(m_mutex);
            m_conns.push_back(c);
            m_handlers.emplace_back([this, c] { serve(c); });
        }
    }
    void serve(int c) {
        if (m_mode == Mode::ResetAtOnce) {
            // Closing with a zero linger time sends RST instead of FIN.
            std::lock_guard lock(m_mutex);
            linger l{1, 0};
            setsockopt(c, SOL_SOCKET, SO_LINGER, &l, sizeof l);
            ::close(c);
            std::replace(m_conns.begin(), m_conns.end(), c, -1);
            return;
        }
        if (m_mode == Mode::CloseAtOnce) {
            ::shutdown(c, SHUT_RDWR);
            return;
        }
        char buffer[4096];
        for (;;) {
            const ssize_t n = ::recv(c, buffer, sizeof buffer, 0);
            if (n <= 0)
                return;
            if (m_mode == Mode::Echo && ::send(c, buffer, static_cast<size_t>(n), MSG_NOSIGNAL) < 0)
                return;
        }
    }

    Mode m_mode;
    int m_fd = -1;
    quint16 m_port = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_accepted{0};
    std::thread m_thread;
    std::mutex m_mutex;
    std::vector<int> m_conns;
    std::vector<std::thread> m_handlers;
};

// HttpReply is what RawHttp read back.
struct HttpReply {
    int status = 0;
    QByteArray headers;
    QByteArray body;
    bool eof = false;   // the server closed after the reply (or instead of one)
    bool reset = false; // the connection was reset
    bool timedOut = false;
};

// RawHttp is a blocking HTTP/1.1 client over one connection, with poll timeouts.
class RawHttp {
public:
    explicit RawHttp(quint16 port)
        : m_fd(connectLoopback(port)) {}
    ~RawHttp() {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool ok() const { return m_fd >= 0; }
    bool send(const QByteArray& bytes) {
        return ::send(m_fd, bytes.constData(), static_cast<size_t>(bytes.size()), MSG_NOSIGNAL) ==
               bytes.size();
    }
    static QByteArray get(const QByteArray& target) {
        return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }
    // read returns the next reply, waiting at most `timeout` in all.
    HttpReply read(std::chrono::milliseconds timeout = 5000ms) {
        HttpReply r;
        const auto until = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            const auto end = m_buffer.indexOf("\r\n\r\n");
            if (end >= 0) {
                r.headers = m_buffer.left(end + 2);
                r.status = m_buffer.mid(9, 3).toInt();
                qsizetype length = 0;
                for (const QByteArray& line : r.headers.split('\n')) {
                    if (line.toLower().startsWith("content-length:"))
                        length = line.mid(15).trimmed().toLongLong();
                }
                if (m_buffer.size() >= end + 4 + length) {
                    r.body = m_buffer.mid(end + 4, length);
                    m_buffer.remove(0, end + 4 + length);
                    if (r.headers.toLower().contains("connection: close"))
                        r.eof = waitEof(until);
                    return r;
                }
            }
            if (!fill(until, r))
                return r;
        }
    }
    // waitEof is true when the server closes the connection before `until`.
    bool waitEof(std::chrono::steady_clock::time_point until) {
        HttpReply r;
        while (fill(until, r)) {
        }
        return r.eof || r.reset;
    }

private:
    bool fill(std::chrono::steady_clock::time_point until, HttpReply& r) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            until - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            r.timedOut = true;
            return false;
        }
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
            r.timedOut = true;
            return false;
        }
        char buffer[65536];
        const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
        if (n == 0) {
            r.eof = true;
            return false;
        }
        if (n < 0) {
            r.reset = errno == ECONNRESET;
            r.eof = !r.reset;
            return false;
        }
        m_buffer.append(buffer, n);
        return true;
    }

    int m_fd;
    QByteArray m_buffer;
};

} // namespace testing
