#include "pusher/targets/tcp.h"

#include "eventloop.h"
#include "loopowner.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_set>

namespace pusher {

namespace {

constexpr auto kSweep = std::chrono::milliseconds(10);

bool parseAddress(const QString& host, quint16 port, sockaddr_storage& addr, socklen_t& len) {
    const QByteArray text = host.toLatin1();
    std::memset(&addr, 0, sizeof addr);
    auto* v4 = reinterpret_cast<sockaddr_in*>(&addr);
    if (inet_pton(AF_INET, text.constData(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        len = sizeof(sockaddr_in);
        return true;
    }
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&addr);
    if (inet_pton(AF_INET6, text.constData(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        len = sizeof(sockaddr_in6);
        return true;
    }
    return false;
}

// errnoError classifies a socket errno; with `peer` the message names it:
// "tcp connect 127.0.0.1:8080: Connection refused".
Error errnoError(int err, const char* during, const std::string& peer = {}) {
    std::string message = std::string("tcp ") + during;
    if (!peer.empty())
        message += ' ' + peer;
    message += std::string(": ") + std::strerror(err);
    switch (err) {
    case ECONNREFUSED:
    case ENETUNREACH: // as the HTTP clients classify them: nothing at that address answers
    case EHOSTUNREACH:
    case EADDRNOTAVAIL:
        return Error("refused", message);
    case ECONNRESET:
    case EPIPE:
    case ECONNABORTED:
        return Error("reset", message);
    case ETIMEDOUT:
        return Error("timeout", message);
    default:
        return Error("connect", message);
    }
}

class TcpShared;

// TcpCall is one connection; it lives on the loop thread from start to finish.
class TcpCall final : public targets::IoHandler {
public:
    TcpCall(TcpShared* shared, Context ctx, Completion done)
        : m_shared(shared)
        , m_ctx(std::move(ctx))
        , m_done(std::move(done)) {}
    void begin();
    void onEvents(std::uint32_t events) override;
    void finish(Error error);
    const Context& context() const { return m_ctx; }

private:
    void writeSome();
    void readSome();
    bool satisfied() const;

    TcpShared* m_shared;
    Context m_ctx;
    Completion m_done;
    int m_fd = -1;
    bool m_connected = false;
    qsizetype m_sent = 0;
    QByteArray m_reply;
    std::uint64_t m_timer = 0;
};

// TcpShared owns the loop and the calls in flight of one TCP target.
class TcpShared {
public:
    explicit TcpShared(const TcpOptions& options)
        : m_options(options) {
        m_valid = parseAddress(options.host, options.port, m_addr, m_addrLen);
        const std::string host = options.host.toStdString();
        m_peer = (host.find(':') != std::string::npos ? '[' + host + ']' : host) + ':' +
                 std::to_string(options.port);
    }
    static std::shared_ptr<TcpShared> create(const TcpOptions& options) {
        auto shared = std::make_shared<TcpShared>(options);
        shared->m_loopOk = shared->m_loop.start(shared);
        return shared;
    }
    // shutdown completes the calls in flight and ends the loop; called by the last owner.
    void shutdown() {
        m_loop.stop([this] {
            auto calls = m_calls;
            for (TcpCall* call : calls)
                call->finish(ErrCanceled.reason("tcp target destroyed"));
        });
    }
    TcpShared(const TcpShared&) = delete;
    TcpShared& operator=(const TcpShared&) = delete;

    void start(const Context& ctx, Completion done) {
        if (!m_loopOk) {
            done(Result{}, Error("connect", "tcp: cannot start the I/O loop"));
            return;
        }
        m_loop.post([this, ctx, done = std::move(done)]() mutable {
            auto* call = new TcpCall(this, std::move(ctx), std::move(done));
            m_calls.insert(call);
            if (m_calls.size() == 1)
                scheduleSweep();
            call->begin();
        });
    }

    void scheduleSweep() {
        m_loop.addTimer(Clock::now() + kSweep, [this] {
            std::vector<TcpCall*> ended;
            for (TcpCall* call : m_calls) {
                if (call->context().done())
                    ended.push_back(call);
            }
            for (TcpCall* call : ended)
                call->finish(call->context().err());
            if (!m_calls.empty())
                scheduleSweep();
        });
    }

    const TcpOptions m_options;
    sockaddr_storage m_addr{};
    socklen_t m_addrLen = 0;
    std::string m_peer; // "127.0.0.1:8080", "[::1]:8080": named in connection errors
    bool m_valid = false;
    bool m_loopOk = false;
    targets::EventLoop m_loop;
    std::unordered_set<TcpCall*> m_calls; // loop thread only
};

void TcpCall::begin() {
    const TcpOptions& o = m_shared->m_options;
    m_timer = m_shared->m_loop.addTimer(Clock::now() + o.timeout, [this] {
        m_timer = 0;
        finish(m_connected ? Error("timeout", "tcp: no complete reply within the timeout")
                           : Error("timeout", "tcp connect " + m_shared->m_peer +
                                                  ": not finished within the timeout"));
    });
    m_fd = ::socket(m_shared->m_addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        finish(errnoError(errno, "socket"));
        return;
    }
    int one = 1;
    setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(m_fd, reinterpret_cast<const sockaddr*>(&m_shared->m_addr), m_shared->m_addrLen) <
            0 &&
        errno != EINPROGRESS) {
        finish(errnoError(errno, "connect", m_shared->m_peer));
        return;
    }
    m_shared->m_loop.watch(m_fd, EPOLLOUT | EPOLLIN | EPOLLRDHUP, this);
}

void TcpCall::onEvents(std::uint32_t events) {
    if (!m_connected) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) {
            finish(errnoError(err, "connect", m_shared->m_peer));
            return;
        }
        if ((events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) == 0)
            return;
        m_connected = true;
        if (m_shared->m_options.payload.isEmpty())
            m_shared->m_loop.modify(m_fd, EPOLLIN | EPOLLRDHUP,
                                    this); // level-triggered: stop EPOLLOUT
    }
    if (m_sent < m_shared->m_options.payload.size()) {
        writeSome();
        return;
    }
    readSome();
}

void TcpCall::writeSome() {
    const QByteArray& payload = m_shared->m_options.payload;
    while (m_sent < payload.size()) {
        const ssize_t n = ::send(m_fd, payload.constData() + m_sent,
                                 static_cast<size_t>(payload.size() - m_sent), MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN)
                return; // wait for EPOLLOUT
            finish(errnoError(errno, "send", m_shared->m_peer));
            return;
        }
        m_sent += n;
    }
    const TcpOptions& o = m_shared->m_options;
    if (o.expect.isEmpty() && o.readBytes <= 0) {
        finish({});
        return;
    }
    m_shared->m_loop.modify(m_fd, EPOLLIN | EPOLLRDHUP, this);
    readSome();
}

bool TcpCall::satisfied() const {
    const TcpOptions& o = m_shared->m_options;
    if (!o.expect.isEmpty())
        return m_reply.contains(o.expect);
    return o.readBytes > 0 && m_reply.size() >= o.readBytes;
}

void TcpCall::readSome() {
    const TcpOptions& o = m_shared->m_options;
    if (o.expect.isEmpty() && o.readBytes <= 0) {
        finish({}); // connected with nothing to send or read
        return;
    }
    char buffer[16384];
    for (;;) {
        qsizetype want = static_cast<qsizetype>(sizeof buffer);
        if (o.readBytes > 0)
            want = std::min(want, static_cast<qsizetype>(o.readBytes) - m_reply.size());
        const ssize_t n = ::recv(m_fd, buffer, static_cast<size_t>(want), 0);
        if (n < 0) {
            if (errno == EAGAIN)
                return;
            finish(errnoError(errno, "recv", m_shared->m_peer));
            return;
        }
        if (n == 0) {
            finish(Error("protocol", "tcp: the peer closed after " +
                                         std::to_string(m_reply.size()) +
                                         " bytes, before the expected reply"));
            return;
        }
        m_reply.append(buffer, n);
        if (satisfied()) {
            finish({});
            return;
        }
        if (o.readBytes > 0 && m_reply.size() >= o.readBytes) {
            finish(Error("protocol", "tcp: the reply's first " + std::to_string(o.readBytes) +
                                         " bytes do not contain the expected text"));
            return;
        }
    }
}

void TcpCall::finish(Error error) {
    if (m_timer != 0)
        m_shared->m_loop.cancelTimer(m_timer);
    if (m_fd >= 0) {
        m_shared->m_loop.unwatch(m_fd);
        ::close(m_fd);
    }
    m_shared->m_calls.erase(this);
    Completion done = std::move(m_done);
    const auto bytes = static_cast<qint64>(m_reply.size());
    delete this;
    if (error)
        done(Result{}, std::move(error));
    else
        done(Result(bytes));
}

} // namespace

QString TcpOptions::validate() const {
    sockaddr_storage addr{};
    socklen_t len = 0;
    if (!parseAddress(host, port, addr, len))
        return QStringLiteral("tcp: host '%1' is not an IP address (names are not resolved)")
            .arg(host);
    if (port == 0)
        return QStringLiteral("tcp: port 0 is not a destination");
    if (readBytes < 0)
        return QStringLiteral("tcp: readBytes %1 is negative").arg(readBytes);
    if (timeout.count() <= 0)
        return QStringLiteral("tcp: the timeout must be positive");
    return {};
}

Target makeTcpTarget(const TcpOptions& options) {
    return asyncTargetOwning(options.validate(), [&] { return TcpShared::create(options); });
}

} // namespace pusher
