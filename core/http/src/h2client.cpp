// The lean HTTP/2 client: connections driven by epoll on a few threads, like the HTTP/1.1
// one, over TLS (ALPN h2) or plain TCP (h2c with prior knowledge), each carrying up to
// `streams` requests at once. nghttp2 does the framing (H2Session); this file does the
// sockets, TLS, which call goes on which connection, timeouts and retries.
#include "client.h"
#include "tls.h"

#include "pusher/http/h2session.h"
#include <pusher/threadname.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace pusher::http {

namespace {

using namespace std::chrono_literals;

constexpr Duration kSweepEvery = 5ms;
constexpr int kMaxConnecting = 32; // as in the HTTP/1.1 client
constexpr std::size_t kReadBuffer = 64 * 1024;
// kOutChunk is how much framed output is gathered before one send.
constexpr std::size_t kOutChunk = 64 * 1024;
// kMaxRefusals bounds how often a call is sent again after the server refused its stream.
constexpr int kMaxRefusals = 4;

struct Conn;
class Loop;

struct Call : H2Stream {
    Context ctx;
    std::optional<Completion> done;
    TimePoint start;
    TimePoint deadline;
    Call* prev = nullptr; // in-flight list, oldest first
    Call* next = nullptr;
    Call* waitNext = nullptr; // queue of calls waiting for a connection
    Conn* conn = nullptr;
    bool waiting = false;
    int refusals = 0;        // times the server refused the stream (sent again each time)
    bool retried = false;    // sent again after its connection closed under it
    bool wantsFresh = false; // ... on a new connection (another may be closing unseen)
    // own is this call's request when a data file gives each call its own (hasOwn).
    bool hasOwn = false;
    H2Request own;
};

struct Conn {
    Loop* loop = nullptr;
    int fd = -1;
    bool connecting = false; // TCP connect or TLS handshake in progress (counted)
    bool handshaking = false;
    bool wantOut = false;
    bool inAvail = false; // listed in the loop's connections with room for a stream
    bool dirty = false;   // listed to be flushed
    bool writeWantsRead = false;
    bool readWantsWrite = false;
    SSL* ssl = nullptr;
    std::unique_ptr<H2Session> session;
    std::string out; // framed bytes not yet sent, from outAt on
    std::size_t outAt = 0;
    TimePoint lastRead;
    int served = 0; // streams that completed on it
    Error lost;     // why the connection ended, for the streams still on it
};

struct Submission {
    Context ctx;
    Completion done;
    TimePoint start;
    std::unique_ptr<PerCall> perCall;
};

std::string lowered(std::string s) {
    for (char& c : s)
        c = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    return s;
}

// addHeader adds a header in HTTP/2 form: a lower-case name, Host as :authority, and the
// connection-specific headers HTTP/2 does not allow dropped (RFC 9113 8.2.2).
void addHeader(H2Request* h, std::string name, std::string value, bool* hasLength) {
    name = lowered(std::move(name));
    if (name == "host") {
        h->authority = std::move(value);
        return;
    }
    if (name == "connection" || name == "keep-alive" || name == "proxy-connection" ||
        name == "transfer-encoding" || name == "upgrade")
        return;
    if (name == "te") {
        std::string v = lowered(value);
        v.erase(0, v.find_first_not_of(" \t"));
        v.erase(v.find_last_not_of(" \t") + 1);
        if (v != "trailers")
            return;
    }
    *hasLength = *hasLength || name == "content-length";
    h->headers.emplace_back(std::move(name), std::move(value));
}

// finishBody adds Content-Length as HTTP/1.1 would send it and says whether DATA follows.
void finishBody(H2Request* h, bool hasLength, bool bodyMethod) {
    if (!hasLength && (!h->body.empty() || bodyMethod))
        h->headers.emplace_back("content-length", std::to_string(h->body.size()));
    h->sendsBody = !h->body.empty();
}

bool isBodyMethod(const std::string& method) {
    return method == "POST" || method == "PUT" || method == "PATCH";
}

std::string urlAuthority(const Request& r) {
    const bool v6 = r.host.find(':') != std::string::npos;
    std::string a = v6 ? '[' + r.host + ']' : r.host;
    if (r.port != (r.scheme == "https" ? 443 : 80))
        a += ':' + std::to_string(r.port);
    return a;
}

// makeH2Request turns the target's request into HTTP/2 form.
H2Request makeH2Request(const Request& r) {
    const HttpOptions& o = r.options;
    H2Request h;
    h.method = o.method.toStdString();
    h.scheme = r.scheme;
    h.path = r.path;
    h.authority = urlAuthority(r);
    bool hasLength = false;
    for (const auto& [name, value] : o.headers)
        addHeader(&h, name.toStdString(), value.toStdString(), &hasLength);
    h.body.assign(o.body.constData(), std::size_t(o.body.size()));
    finishBody(&h, hasLength, isBodyMethod(h.method));
    return h;
}

// perCallRequest turns a call's own request (a data file's row) into HTTP/2 form in `out`,
// on the target's method, scheme and URL authority.
void perCallRequest(const H2Request& target, const std::string& authority, PerCall* call,
                    H2Request* out) {
    out->method = target.method;
    out->scheme = target.scheme;
    out->authority = authority;
    out->path = std::move(call->path);
    out->headers.clear();
    bool hasLength = false;
    for (std::string& line : call->headers) {
        // "Name: value"; a name is a token, so the first colon ends it.
        const std::size_t colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        const std::size_t at = line.find_first_not_of(' ', colon + 1);
        addHeader(out, line.substr(0, colon),
                  at == std::string::npos ? std::string() : line.substr(at), &hasLength);
    }
    out->body = std::move(call->body);
    finishBody(out, hasLength, isBodyMethod(out->method));
}

class Loop {
public:
    Loop(std::shared_ptr<const Request> request, int maxConnections)
        : m_request(std::move(request))
        , m_h2(makeH2Request(*m_request))
        , m_authority(urlAuthority(*m_request))
        , m_maxConnections(maxConnections)
        , m_streams(std::max(1, m_request->options.streams))
        , m_buffer(kReadBuffer) {
        m_epoll = epoll_create1(EPOLL_CLOEXEC);
        m_wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.ptr = nullptr;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &ev);
    }
    ~Loop() {
        for (Conn& c : m_connStore) {
            c.session.reset();
            if (c.ssl)
                SSL_free(c.ssl);
            if (c.fd >= 0)
                ::close(c.fd);
        }
        ::close(m_wake);
        ::close(m_epoll);
    }

    void submit(Submission s) {
        {
            std::lock_guard lock(m_inboxMutex);
            m_inbox.push_back(std::move(s));
        }
        if (m_sleeping.exchange(false, std::memory_order_seq_cst))
            wake();
    }

    void quit() {
        m_quit.store(true);
        wake();
    }

    void run();

private:
    static void onEnd(void* owner, H2Stream* stream, H2End end, std::uint32_t code);

    void wake() {
        const std::uint64_t one = 1;
        [[maybe_unused]] ssize_t n = ::write(m_wake, &one, sizeof one);
    }
    bool takeInbox();
    void requeueFront(Call* call);
    void dispatch(bool open);
    Conn* openConnection(Call* call);
    void assign(Conn* conn, Call* call);
    void onEvent(Conn* conn, std::uint32_t events);
    void onConnected(Conn* conn);
    void handshake(Conn* conn);
    void established(Conn* conn);
    void onReadable(Conn* conn);
    // received hands `n` bytes of the read buffer to the session; false when the
    // connection was closed.
    bool received(Conn* conn, std::size_t n);
    void flush(Conn* conn);
    // writeSome sends from the connection's output: bytes sent, 0 to wait, -1 when the
    // connection failed (and was closed).
    ssize_t writeSome(Conn* conn);
    void markDirty(Conn* conn);
    void flushDirty();
    // settle closes a connection that has nothing left to do (after a GOAWAY, or a session
    // that ended) and lists one with room for streams; false when it was closed.
    bool settle(Conn* conn);
    void failConn(Conn* conn, const Error& error);
    void closeConn(Conn* conn);
    void setWantOut(Conn* conn, bool want);
    void complete(Call* call, Result result, Error error);
    void sweep(TimePoint now);
    [[nodiscard]] bool canOpen() const {
        return (m_maxConnections == 0 || m_open < m_maxConnections) &&
               m_connecting < kMaxConnecting;
    }
    [[nodiscard]] bool hasRoom(const Conn* conn) const {
        return conn->fd >= 0 && !conn->session->goaway() &&
               std::uint32_t(conn->session->streams()) <
                   std::min<std::uint32_t>(std::uint32_t(m_streams), conn->session->maxStreams());
    }

    Call* allocCall() {
        if (m_freeCalls.empty()) {
            m_callStore.emplace_back();
            return &m_callStore.back();
        }
        Call* c = m_freeCalls.back();
        m_freeCalls.pop_back();
        return c;
    }
    Conn* allocConn() {
        if (m_freeConns.empty()) {
            m_connStore.emplace_back();
            return &m_connStore.back();
        }
        Conn* c = m_freeConns.back();
        m_freeConns.pop_back();
        return c;
    }

    std::shared_ptr<const Request> m_request;
    const H2Request m_h2;
    const std::string m_authority; // the URL's, before a Host header replaced it
    const int m_maxConnections;
    const int m_streams;
    int m_epoll = -1;
    int m_wake = -1;
    std::atomic<bool> m_quit{false};
    std::atomic<bool> m_sleeping{false};

    std::mutex m_inboxMutex;
    std::vector<Submission> m_inbox; // guarded by m_inboxMutex
    std::vector<Submission> m_taken;

    std::deque<Call> m_callStore;
    std::vector<Call*> m_freeCalls;
    std::deque<Conn> m_connStore;
    std::vector<Conn*> m_freeConns;
    std::vector<Conn*> m_avail; // connections with room for another stream
    std::vector<Conn*> m_dirty; // connections with output to flush
    int m_open = 0;
    int m_connecting = 0;

    Call* m_oldest = nullptr;
    Call* m_newest = nullptr;
    Call* m_waitHead = nullptr;
    Call* m_waitTail = nullptr;
    std::vector<char> m_buffer;
};

bool Loop::takeInbox() {
    {
        std::lock_guard lock(m_inboxMutex);
        if (m_inbox.empty())
            return false;
        m_inbox.swap(m_taken);
    }
    for (Submission& s : m_taken) {
        Call* call = allocCall();
        call->ctx = std::move(s.ctx);
        call->done = std::move(s.done);
        call->start = s.start;
        call->deadline = s.start + m_request->options.timeout;
        call->conn = nullptr;
        call->refusals = 0;
        call->retried = false;
        call->wantsFresh = false;
        call->hasOwn = s.perCall != nullptr;
        if (call->hasOwn)
            perCallRequest(m_h2, m_authority, s.perCall.get(), &call->own);
        call->next = nullptr;
        call->prev = m_newest;
        if (m_newest)
            m_newest->next = call;
        else
            m_oldest = call;
        m_newest = call;
        call->waiting = true;
        call->waitNext = nullptr;
        if (m_waitTail)
            m_waitTail->waitNext = call;
        else
            m_waitHead = call;
        m_waitTail = call;
    }
    m_taken.clear();
    return true;
}

void Loop::requeueFront(Call* call) {
    call->conn = nullptr;
    call->waiting = true;
    call->waitNext = m_waitHead;
    m_waitHead = call;
    if (!m_waitTail)
        m_waitTail = call;
}

void Loop::dispatch(bool open) {
    while (m_waitHead) {
        Call* call = m_waitHead;
        Conn* conn = nullptr;
        // A call whose connection closed under it goes on a new one when one may be opened
        // (a kept one may be closing too, unseen yet), else on any with room.
        const bool fresh = call->wantsFresh && open && canOpen();
        if (call->wantsFresh && !open && canOpen())
            break; // the end of the loop iteration opens one
        while (!fresh && !m_avail.empty() && !conn) {
            Conn* c = m_avail.back();
            if (hasRoom(c)) {
                conn = c;
            } else {
                c->inAvail = false;
                m_avail.pop_back();
            }
        }
        if (!conn && !(open && canOpen()))
            break;
        m_waitHead = call->waitNext;
        if (!m_waitHead)
            m_waitTail = nullptr;
        call->waiting = false;
        call->waitNext = nullptr;
        call->wantsFresh = false;
        if (!conn) {
            conn = openConnection(call);
            if (!conn)
                continue;
        }
        assign(conn, call);
    }
    flushDirty();
}

Conn* Loop::openConnection(Call* call) {
    const Request& req = *m_request;
    const int fd = ::socket(req.address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        complete(call, {}, errnoError(errno, "socket"));
        return nullptr;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const int rc =
        ::connect(fd, reinterpret_cast<const sockaddr*>(&req.address), req.addressLength);
    if (rc < 0 && errno != EINPROGRESS) {
        const int err = errno;
        ::close(fd);
        complete(call, {}, errnoError(err, "connect"));
        return nullptr;
    }
    Conn* conn = allocConn();
    conn->loop = this;
    conn->fd = fd;
    conn->session = std::make_unique<H2Session>(&m_h2, &Loop::onEnd, conn);
    if (!conn->session->ok()) {
        conn->session.reset();
        ::close(fd);
        conn->fd = -1;
        m_freeConns.push_back(conn);
        complete(call, {}, Error("protocol", "cannot make an HTTP/2 session"));
        return nullptr;
    }
    // Every connection waits for its first EPOLLOUT: TLS to start the handshake, h2c to
    // send the preface.
    conn->connecting = true;
    conn->handshaking = false;
    ++m_connecting;
    conn->wantOut = true;
    conn->ssl = nullptr;
    conn->writeWantsRead = false;
    conn->readWantsWrite = false;
    conn->out.clear();
    conn->outAt = 0;
    conn->lost = Error();
    conn->served = 0;
    conn->lastRead = Clock::now();
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.ptr = conn;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
    ++m_open;
    if (m_streams > 1) {
        conn->inAvail = true;
        m_avail.push_back(conn);
    }
    return conn;
}

void Loop::assign(Conn* conn, Call* call) {
    call->conn = conn;
    if (!conn->session->submit(call, call->hasOwn ? &call->own : nullptr)) {
        call->conn = nullptr;
        complete(call, {}, Error("protocol", call->error));
        return;
    }
    if (!conn->connecting)
        markDirty(conn);
}

void Loop::onEnd(void* owner, H2Stream* stream, H2End end, std::uint32_t code) {
    Conn* conn = static_cast<Conn*>(owner);
    Loop* self = conn->loop;
    Call* call = static_cast<Call*>(stream);
    call->conn = nullptr;
    switch (end) {
    case H2End::Complete:
        ++conn->served;
        self->complete(call, Result{}, self->m_request->statusError(call->status));
        break;
    case H2End::Refused:
        // Not processed by the server (RFC 9113 8.7): safe to send again, whatever the
        // method, on another connection; a few times (each on a connection that went away
        // just then), not forever.
        if (++call->refusals <= kMaxRefusals) {
            self->requeueFront(call);
        } else {
            self->complete(call, {},
                           Error("reset", "HTTP/2 stream refused by the server " +
                                              std::to_string(call->refusals) + " times (" +
                                              H2Session::codeName(code) + ")"));
        }
        break;
    case H2End::Reset:
        self->complete(
            call, {},
            Error("reset", "HTTP/2 stream reset by the server: " + H2Session::codeName(code)));
        break;
    case H2End::Invalid:
        self->complete(call, {}, Error("protocol", "invalid HTTP/2 response: " + call->error));
        break;
    case H2End::Lost:
        // A connection that served before, closed by the server without a GOAWAY while this
        // call had no answer yet: an idempotent request is sent once more on a fresh one,
        // as HTTP/1.1 does (the server may have closed it as an idle one just then).
        if (conn->lost.kind() == "reset" && conn->served > 0 && !conn->session->goaway() &&
            call->status == 0 && call->bodyBytes == 0 && !call->retried &&
            self->m_request->idempotent) {
            call->retried = true;
            call->wantsFresh = true;
            self->requeueFront(call);
        } else {
            self->complete(call, {}, conn->lost);
        }
        break;
    }
    if (conn->fd >= 0 && !conn->inAvail && self->hasRoom(conn)) {
        conn->inAvail = true;
        self->m_avail.push_back(conn);
    }
}

void Loop::markDirty(Conn* conn) {
    if (!conn->dirty) {
        conn->dirty = true;
        m_dirty.push_back(conn);
    }
}

void Loop::flushDirty() {
    // flush may close connections (and so change nothing here but their state).
    for (std::size_t i = 0; i < m_dirty.size(); ++i) {
        Conn* conn = m_dirty[i];
        if (conn->dirty && conn->fd >= 0)
            flush(conn);
        conn->dirty = false;
    }
    m_dirty.clear();
}

void Loop::setWantOut(Conn* conn, bool want) {
    if (conn->wantOut == want)
        return;
    conn->wantOut = want;
    epoll_event ev{};
    ev.events = EPOLLIN | (want ? EPOLLOUT : 0u);
    ev.data.ptr = conn;
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, conn->fd, &ev);
}

ssize_t Loop::writeSome(Conn* conn) {
    const char* data = conn->out.data() + conn->outAt;
    const std::size_t size = conn->out.size() - conn->outAt;
    if (!conn->ssl) {
        for (;;) {
            const ssize_t n = ::send(conn->fd, data, size, MSG_NOSIGNAL);
            if (n > 0)
                return n;
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                setWantOut(conn, true);
                return 0;
            }
            const int err = n < 0 ? errno : ECONNRESET;
            // A server may answer and close without reading the rest (a 413 to an upload):
            // what it sent before the reset is still read, and ends the streams it answers,
            // before the send's error ends the others.
            for (;;) {
                const ssize_t r = ::recv(conn->fd, m_buffer.data(), m_buffer.size(), MSG_DONTWAIT);
                if (r < 0 && errno == EINTR)
                    continue;
                if (r <= 0)
                    break;
                if (!received(conn, std::size_t(r)))
                    return -1; // the connection failed with what came
            }
            failConn(conn, errnoError(err, "send"));
            return -1;
        }
    }
    conn->writeWantsRead = false;
    const int n = SSL_write(conn->ssl, data, int(std::min<std::size_t>(size, 1 << 30)));
    if (n > 0)
        return n;
    const int savedErrno = errno;
    switch (SSL_get_error(conn->ssl, n)) {
    case SSL_ERROR_WANT_WRITE:
        setWantOut(conn, true);
        return 0;
    case SSL_ERROR_WANT_READ:
        conn->writeWantsRead = true;
        setWantOut(conn, conn->readWantsWrite);
        return 0;
    case SSL_ERROR_SYSCALL:
    case SSL_ERROR_ZERO_RETURN: {
        ERR_clear_error();
        const int err = savedErrno != 0 ? savedErrno : ECONNRESET;
        // As over TCP: the records that came before the reset (or close) are still read,
        // and end the streams they answer, before the send's error ends the others.
        for (;;) {
            const int r = SSL_read(conn->ssl, m_buffer.data(), int(m_buffer.size()));
            if (r <= 0) {
                ERR_clear_error();
                break;
            }
            if (!received(conn, std::size_t(r)))
                return -1; // the connection failed with what came
        }
        failConn(conn, errnoError(err, "send"));
        return -1;
    }
    default:
        failConn(conn, TlsContext::ioError("send"));
        return -1;
    }
}

void Loop::flush(Conn* conn) {
    conn->dirty = false;
    if (conn->connecting || conn->fd < 0)
        return;
    for (;;) {
        if (conn->outAt == conn->out.size()) {
            conn->out.clear();
            conn->outAt = 0;
            if (!conn->session->send(conn->out, kOutChunk)) {
                failConn(conn,
                         Error("protocol", "HTTP/2 session failed: " + conn->session->error()));
                return;
            }
            if (conn->out.empty())
                break;
        }
        const ssize_t n = writeSome(conn);
        if (n < 0)
            return;
        if (n == 0)
            return; // waits for EPOLLOUT (or EPOLLIN for TLS)
        conn->outAt += std::size_t(n);
    }
    setWantOut(conn, conn->readWantsWrite);
    settle(conn);
}

bool Loop::settle(Conn* conn) {
    H2Session& s = *conn->session;
    const bool sent = conn->outAt == conn->out.size();
    if (!s.alive() && sent) {
        // The session is over: a GOAWAY both ways, or a connection error it answered.
        if (s.streams() > 0) {
            const std::string why = s.error();
            failConn(conn, why.empty() ? Error("reset", "HTTP/2 connection ended by the server")
                                       : Error("protocol", "invalid HTTP/2 response: " + why));
        } else {
            closeConn(conn);
        }
        return false;
    }
    if (s.goaway() && s.streams() == 0 && sent) {
        closeConn(conn); // drained
        return false;
    }
    if (!conn->inAvail && hasRoom(conn)) {
        conn->inAvail = true;
        m_avail.push_back(conn);
    }
    return true;
}

void Loop::onEvent(Conn* conn, std::uint32_t events) {
    if (conn->connecting) {
        if (conn->handshaking)
            handshake(conn);
        else if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
            onConnected(conn);
        return;
    }
    if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
        if (conn->writeWantsRead) {
            flush(conn);
            if (conn->fd < 0)
                return;
        }
        onReadable(conn);
        if (conn->fd < 0)
            return;
    }
    if (events & EPOLLOUT) {
        if (conn->readWantsWrite) {
            conn->readWantsWrite = false;
            setWantOut(conn, false);
            onReadable(conn);
            if (conn->fd < 0)
                return;
        }
        if (!conn->writeWantsRead)
            flush(conn);
    }
}

void Loop::onConnected(Conn* conn) {
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(conn->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
        failConn(conn, errnoError(err, "connect"));
        return;
    }
    if (m_request->tls) {
        Error error;
        conn->ssl = m_request->tls->newSsl(conn->fd, &error);
        if (!conn->ssl) {
            failConn(conn, error);
            return;
        }
        static const unsigned char alpn[] = "\x02h2";
        SSL_set_alpn_protos(conn->ssl, alpn, sizeof alpn - 1);
        conn->handshaking = true;
        handshake(conn);
        return;
    }
    established(conn);
}

void Loop::handshake(Conn* conn) {
    const int rc = SSL_connect(conn->ssl);
    if (rc == 1) {
        const unsigned char* selected = nullptr;
        unsigned int length = 0;
        SSL_get0_alpn_selected(conn->ssl, &selected, &length);
        if (length != 2 || std::memcmp(selected, "h2", 2) != 0) {
            const std::string got =
                length ? std::string(reinterpret_cast<const char*>(selected), length) : "none";
            failConn(conn, Error("protocol",
                                 "the server does not speak HTTP/2 over TLS (ALPN: " + got + ")"));
            return;
        }
        conn->handshaking = false;
        established(conn);
        return;
    }
    const int savedErrno = errno;
    switch (SSL_get_error(conn->ssl, rc)) {
    case SSL_ERROR_WANT_READ:
        setWantOut(conn, false);
        return;
    case SSL_ERROR_WANT_WRITE:
        setWantOut(conn, true);
        return;
    default:
        failConn(conn, TlsContext::handshakeError(conn->ssl, rc, savedErrno));
        return;
    }
}

void Loop::established(Conn* conn) {
    conn->connecting = false;
    --m_connecting;
    conn->lastRead = Clock::now();
    flush(conn); // the preface, SETTINGS and the requests queued meanwhile
}

void Loop::onReadable(Conn* conn) {
    for (;;) {
        ssize_t n;
        if (conn->ssl) {
            const int r = SSL_read(conn->ssl, m_buffer.data(), int(m_buffer.size()));
            if (r <= 0) {
                const int savedErrno = errno;
                switch (SSL_get_error(conn->ssl, r)) {
                case SSL_ERROR_WANT_READ:
                    break;
                case SSL_ERROR_WANT_WRITE:
                    conn->readWantsWrite = true;
                    setWantOut(conn, true);
                    break;
                case SSL_ERROR_ZERO_RETURN:
                    ERR_clear_error();
                    failConn(conn, Error("reset", "connection closed by the server"));
                    return;
                case SSL_ERROR_SYSCALL:
                    ERR_clear_error();
                    failConn(conn, savedErrno != 0
                                       ? errnoError(savedErrno, "receive")
                                       : Error("reset", "connection closed by the server"));
                    return;
                default:
                    failConn(conn, TlsContext::ioError("receive"));
                    return;
                }
                break;
            }
            n = r;
        } else {
            n = ::recv(conn->fd, m_buffer.data(), m_buffer.size(), 0);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                if (errno == EAGAIN || errno == EWOULDBLOCK)
                    break;
                failConn(conn, errnoError(errno, "receive"));
                return;
            }
            if (n == 0) {
                failConn(conn, Error("reset", "connection closed by the server"));
                return;
            }
        }
        if (!received(conn, std::size_t(n)))
            return;
        if (conn->ssl ? !SSL_has_pending(conn->ssl) : std::size_t(n) < m_buffer.size())
            break;
    }
    // Whatever the session has to say back (SETTINGS and PING acknowledgements, window
    // updates) goes out with the requests of the calls the responses let start.
    markDirty(conn);
}

bool Loop::received(Conn* conn, std::size_t n) {
    conn->lastRead = Clock::now();
    if (!conn->session->receive(reinterpret_cast<const std::uint8_t*>(m_buffer.data()), n)) {
        failConn(conn, Error("protocol", "invalid HTTP/2 response: " + conn->session->error()));
        return false;
    }
    return true;
}

void Loop::failConn(Conn* conn, const Error& error) {
    if (conn->fd < 0)
        return;
    conn->lost = error;
    // After a GOAWAY the streams it kept end with it; say so.
    if (conn->session && conn->session->goaway() && error.kind() == "reset")
        conn->lost = Error("reset", error.message() + " after GOAWAY (" +
                                        H2Session::codeName(conn->session->goawayCode()) + ")");
    closeConn(conn);
}

void Loop::closeConn(Conn* conn) {
    if (conn->fd < 0)
        return;
    if (conn->inAvail) {
        conn->inAvail = false;
        auto it = std::find(m_avail.begin(), m_avail.end(), conn);
        if (it != m_avail.end()) {
            *it = m_avail.back();
            m_avail.pop_back();
        }
    }
    if (conn->ssl) {
        SSL_set_shutdown(conn->ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
        SSL_free(conn->ssl);
        conn->ssl = nullptr;
    }
    ::close(conn->fd);
    conn->fd = -1;
    if (conn->connecting)
        --m_connecting;
    conn->connecting = false;
    conn->handshaking = false;
    conn->writeWantsRead = false;
    conn->readWantsWrite = false;
    conn->wantOut = false;
    --m_open;
    // The streams still on it end now (Lost: conn->lost says why; a clean close after a
    // drained GOAWAY has none left).
    if (!conn->lost)
        conn->lost = Error("reset", "connection closed");
    if (conn->session)
        conn->session->endAll(H2End::Lost);
    conn->session.reset();
    conn->out.clear();
    conn->outAt = 0;
    m_freeConns.push_back(conn);
}

void Loop::complete(Call* call, Result result, Error error) {
    if (call->waiting) {
        Call** link = &m_waitHead;
        Call* before = nullptr;
        while (*link && *link != call) {
            before = *link;
            link = &(*link)->waitNext;
        }
        if (*link) {
            *link = call->waitNext;
            if (m_waitTail == call)
                m_waitTail = before;
        }
        call->waiting = false;
    }
    if (call->prev)
        call->prev->next = call->next;
    else
        m_oldest = call->next;
    if (call->next)
        call->next->prev = call->prev;
    else
        m_newest = call->prev;
    Completion done = std::move(*call->done);
    call->done.reset();
    call->ctx = Context();
    if (call->hasOwn) {
        call->hasOwn = false;
        call->own.body.clear();
        call->own.body.shrink_to_fit(); // a large body is not kept for nothing
    }
    call->prev = call->next = call->waitNext = nullptr;
    call->conn = nullptr;
    m_freeCalls.push_back(call);
    done(std::move(result), std::move(error));
}

void Loop::sweep(TimePoint now) {
    Call* call = m_oldest;
    while (call) {
        Call* next = call->next;
        Error error;
        if (call->ctx.done()) {
            error = call->ctx.err();
        } else if (call->deadline <= now) {
            const Conn* c = call->conn;
            if (c && c->handshaking)
                error = Error("timeout", "TLS handshake not finished within the timeout");
            else if (c && c->connecting)
                error = Error("timeout", "connect not finished within the timeout");
            else if (c && call->id > 0 && call->bodySent < call->request->body.size() &&
                     c->session->sendWindow(call) <= 0)
                error = Error("timeout", "request body blocked by HTTP/2 flow control: the "
                                         "server opened no window within the timeout");
            else
                error = Error("timeout", "no complete response within the timeout");
        }
        if (error) {
            if (Conn* conn = call->conn) {
                conn->session->cancel(call);
                call->conn = nullptr;
                if (conn->connecting && conn->session->streams() == 0) {
                    conn->lost = error;
                    closeConn(conn); // nobody waits for its handshake any more
                } else if (!conn->connecting && !call->ctx.done() &&
                           conn->lastRead <= call->start) {
                    // Nothing at all came on the connection while this call waited: it is
                    // dead or stalled; its other streams end with the same error.
                    conn->lost = error;
                    closeConn(conn);
                } else {
                    markDirty(conn);
                    settle(conn);
                }
            }
            complete(call, {}, error);
        }
        call = next;
    }
    dispatch(true);
}

void Loop::run() {
    std::vector<epoll_event> events(256);
    TimePoint nextSweep = Clock::now() + kSweepEvery;
    while (!m_quit.load(std::memory_order_relaxed)) {
        if (takeInbox())
            dispatch(false);
        const bool mayOpen = m_waitHead != nullptr && canOpen();
        int waitMs = -1;
        if (m_oldest) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(nextSweep - Clock::now())
                    .count();
            waitMs = left < 0 ? 0 : int(left) + 1;
        }
        m_sleeping.store(true, std::memory_order_seq_cst);
        bool pending;
        {
            std::lock_guard lock(m_inboxMutex);
            pending = !m_inbox.empty();
        }
        int n = 0;
        if (pending || mayOpen) {
            m_sleeping.store(false);
            n = epoll_wait(m_epoll, events.data(), int(events.size()), 0);
        } else {
            n = epoll_wait(m_epoll, events.data(), int(events.size()), waitMs);
            m_sleeping.store(false);
        }
        for (int i = 0; i < n; ++i) {
            Conn* conn = static_cast<Conn*>(events[std::size_t(i)].data.ptr);
            if (!conn) {
                std::uint64_t value;
                [[maybe_unused]] ssize_t r = ::read(m_wake, &value, sizeof value);
                continue;
            }
            if (conn->fd >= 0)
                onEvent(conn, events[std::size_t(i)].events);
        }
        // Requests of the calls the responses let start go out with what the sessions
        // answer, one send per connection.
        if (takeInbox() || m_waitHead)
            dispatch(true);
        else
            flushDirty();
        if (m_oldest) {
            const TimePoint now = Clock::now();
            if (now >= nextSweep) {
                sweep(now);
                nextSweep = now + kSweepEvery;
            }
        } else {
            nextSweep = Clock::now() + kSweepEvery;
        }
    }
    takeInbox();
    for (Conn& c : m_connStore) {
        if (c.fd >= 0) {
            c.lost = Error("canceled", "the HTTP target was closed");
            closeConn(&c);
        }
    }
    while (m_oldest)
        complete(m_oldest, {}, Error("canceled", "the HTTP target was closed"));
}

class H2Client final : public Client {
public:
    explicit H2Client(std::shared_ptr<const Request> request)
        : m_request(std::move(request)) {
        const int connections = m_request->options.connections;
        int threads = std::max(1, m_request->options.ioThreads);
        if (connections > 0)
            threads = std::min(threads, connections);
        m_count = threads;
    }
    ~H2Client() override {
        for (auto& loop : m_loops)
            loop->quit();
        for (auto& thread : m_threads) {
            if (thread.get_id() == std::this_thread::get_id())
                thread.detach();
            else
                thread.join();
        }
    }

    void start(const Context& ctx, Completion done, std::unique_ptr<PerCall> perCall) override {
        std::call_once(m_started, [this] { startLoops(); });
        const std::size_t i =
            m_count == 1 ? 0 : m_next.fetch_add(1, std::memory_order_relaxed) % m_loops.size();
        m_loops[i]->submit(Submission{ctx, std::move(done), Clock::now(), std::move(perCall)});
    }

private:
    void startLoops() {
        const int connections = m_request->options.connections;
        for (int i = 0; i < m_count; ++i) {
            const int cap =
                connections > 0 ? connections / m_count + (i < connections % m_count ? 1 : 0) : 0;
            auto loop = std::make_shared<Loop>(m_request, cap);
            m_loops.push_back(loop);
            m_threads.emplace_back([loop] {
                nameThisThread("pusher-http-io");
                loop->run();
            });
        }
    }

    std::shared_ptr<const Request> m_request;
    int m_count = 1;
    std::once_flag m_started;
    std::vector<std::shared_ptr<Loop>> m_loops;
    std::vector<std::thread> m_threads;
    std::atomic<std::size_t> m_next{0};
};

} // namespace

std::shared_ptr<Client> makeH2Client(std::shared_ptr<const Request> request) {
    return std::make_shared<H2Client>(std::move(request));
}

} // namespace pusher::http
