// The lean HTTP/2 client: connections driven by epoll on a few threads, like the HTTP/1.1
// one, over TLS (ALPN h2) or plain TCP (h2c with prior knowledge), each carrying up to
// `streams` requests at once. nghttp2 does the framing (H2Session); this file does the
// sockets, TLS, which call goes on which connection, timeouts and retries.
#include "calls.h"
#include "client.h"
#include "epollloop.h"
#include "tls.h"
#include "waitspin.h"

#include "pusher/http/bodyscan.h"
#include "pusher/http/h2session.h"
#include <pusher/threadname.h>

#include <openssl/ssl.h>

#include <sys/epoll.h>
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
#include <utility>
#include <vector>

namespace pusher::http {

namespace {

using namespace std::chrono_literals;

constexpr Duration kSweepEvery = 5ms;
// How many times at most a turn reads again the connections it read that still wait for
// answers, before their requests go out (Loop::readAgain).
constexpr int kReadPasses = 8;
// ... chosen again after every kRereadWindow of those reads, by the share that found bytes.
constexpr int kRereadWindow = 256;
// kOutChunk is how much framed output is gathered before one send.
constexpr std::size_t kOutChunk = 64 * 1024;
// kMaxRefusals bounds how often a call is sent again after the server refused its stream.
constexpr int kMaxRefusals = 4;

struct Conn;
class Loop;

struct Call : H2Stream, CallLinks<Call> {
    Context ctx;
    std::optional<Completion> done;
    TimePoint start;
    TimePoint deadline;
    Conn* conn = nullptr;
    int refusals = 0;        // times the server refused the stream (sent again each time)
    bool retried = false;    // sent again after its connection closed under it
    bool wantsFresh = false; // ... on a new connection (another may be closing unseen)
    // own is this call's request when a data file gives each call its own (hasOwn).
    bool hasOwn = false;
    H2Request own;
    BodyScan bodyScan; // the response body, when the target expects a text in it
};

struct Conn : EpollConn {
    Loop* loop = nullptr;
    bool inAvail = false; // listed in the loop's connections with room for a stream
    bool dirty = false;   // listed to be flushed
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

// millisecondsTo says how long until `t` in whole milliseconds, plus one (0 once it passed).
int millisecondsTo(TimePoint t) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(t - Clock::now()).count();
    return left < 0 ? 0 : int(left) + 1;
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

class Loop final : EpollLoop<Loop, Conn, Submission> {
public:
    using EpollLoop::quit;
    using EpollLoop::submit;

    Loop(std::shared_ptr<const Request> request, int maxConnections)
        : EpollLoop(maxConnections)
        , m_request(std::move(request))
        , m_h2(makeH2Request(*m_request))
        , m_authority(urlAuthority(*m_request))
        , m_streams(std::max(1, m_request->options.streams)) {}
    ~Loop() {
        for (Conn& c : m_conns) {
            c.session.reset();
            release(c);
        }
    }

    void run();

private:
    friend class EpollLoop<Loop, Conn, Submission>;
    // After the server's close_notify, a failed SSL_write names the socket's error if there
    // is one (see EpollLoop::writeSome).
    static constexpr bool kCloseNotifyKeepsErrno = true;

    static void onEnd(void* owner, H2Stream* stream, H2End end, std::uint32_t code);

    bool takeInbox();
    void requeueFront(Call* call) {
        call->conn = nullptr;
        m_calls.waitFirst(call);
    }
    void dispatch(bool open);
    Conn* openConnection(Call* call);
    void assign(Conn* conn, Call* call);
    void onConnected(Conn* conn);
    void handshakeDone(Conn* conn);
    void established(Conn* conn);
    void onReadable(Conn* conn);
    // readAgain reads the connections this turn read once more, up to kReadPasses times,
    // while they wait for answers: see run().
    void readAgain();
    // onBytes hands `n` bytes to the session; false when the connection was closed.
    bool onBytes(Conn* conn, const char* data, std::size_t n);
    // connectionEnded: the server closed (err 0), the socket failed (errno `err`), or TLS
    // did (`tlsError`).
    void connectionEnded(Conn* conn, int err, const Error* tlsError);
    // sendFailed fails the connection after a failed send, once what came before is read.
    void sendFailed(Conn* conn, int err);
    void flush(Conn* conn);
    // EpollLoop's: whatever the connection is writable for goes out with flush.
    void sendOutput(Conn* conn) { flush(conn); }
    static bool hasOutput(const Conn*) { return true; }
    void markDirty(Conn* conn);
    void flushDirty();
    // settle closes a connection that has nothing left to do (after a GOAWAY, or a session
    // that ended) and lists one with room for streams; false when it was closed.
    bool settle(Conn* conn);
    void failConn(Conn* conn, const Error& error);
    const Request& requestOf(const Conn*) const { return *m_request; }
    void closeConn(Conn* conn);
    void complete(Call* call, Result result, Error error);
    void sweep(TimePoint now);
    [[nodiscard]] bool hasRoom(const Conn* conn) const {
        return conn->fd >= 0 && !conn->session->goaway() &&
               std::uint32_t(conn->session->streams()) <
                   std::min<std::uint32_t>(std::uint32_t(m_streams), conn->session->maxStreams());
    }

    std::shared_ptr<const Request> m_request;
    const H2Request m_h2;
    const std::string m_authority; // the URL's, before a Host header replaced it
    const int m_streams;

    std::vector<Submission> m_taken;

    Pool<Call> m_callPool;
    Pool<Conn> m_conns;
    std::vector<Conn*> m_avail;     // connections with room for another stream
    std::vector<Conn*> m_dirty;     // connections with output to flush
    std::uint64_t m_bytesRead = 0;  // by the sessions, ever
    int m_readPasses = kReadPasses; // readAgain's: kReadPasses or 1
    int m_rereads = 0;              // readAgain's reads in this window, and those that found bytes
    int m_rereadHits = 0;
    Calls<Call> m_calls; // in flight, and waiting for a connection
    WaitSpin m_spin;     // the looks before the loop sleeps (waitspin.h)
};

bool Loop::takeInbox() {
    if (!takeSubmissions(m_taken))
        return false;
    for (Submission& s : m_taken) {
        Call* call = m_callPool.take();
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
        m_calls.add(call);
        m_calls.wait(call);
    }
    m_taken.clear();
    return true;
}

void Loop::dispatch(bool open) {
    while (Call* call = m_calls.firstWaiting()) {
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
        m_calls.popWaiting();
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
    bool inProgress = false;
    Error error;
    const int fd = connectTo(*m_request, &inProgress, &error);
    if (fd < 0) {
        complete(call, {}, error);
        return nullptr;
    }
    Conn* conn = m_conns.take();
    conn->loop = this;
    conn->fd = fd;
    conn->session = std::make_unique<H2Session>(&m_h2, &Loop::onEnd, conn);
    if (!conn->session->ok()) {
        conn->session.reset();
        ::close(fd);
        conn->fd = -1;
        m_conns.give(conn);
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
    watch(EPOLL_CTL_ADD, conn);
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
    if (!m_request->options.expectBody.isEmpty()) {
        call->bodyScan.start(std::string_view(m_request->options.expectBody.constData(),
                                              std::size_t(m_request->options.expectBody.size())));
        call->scan = &call->bodyScan;
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
    case H2End::Complete: {
        ++conn->served;
        Error error = self->m_request->statusError(call->status);
        if (!error && call->scan && !call->bodyScan.found())
            error = bodyError(call->bodyScan.expected());
        self->complete(call, Result{}, std::move(error));
        break;
    }
    case H2End::Refused:
        // Not processed by the server (RFC 9113 8.7): safe to send again, whatever the
        // method, on another connection; a few times (each on a connection that went away
        // just then), not forever.
        if (++call->refusals <= kMaxRefusals) {
            self->requeueFront(call);
        } else {
            self->complete(call, {},
                           Error("reset", "receive " + peerText(*self->m_request) +
                                              ": HTTP/2 stream refused by the server " +
                                              std::to_string(call->refusals) + " times (" +
                                              H2Session::codeName(code) + ")"));
        }
        break;
    case H2End::Reset:
        self->complete(call, {},
                       Error("reset", "receive " + peerText(*self->m_request) +
                                          ": HTTP/2 stream reset by the server (" +
                                          H2Session::codeName(code) + ")"));
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

void Loop::sendFailed(Conn* conn, int err) {
    // What came before the reset (or close) ends the streams it answers before the send's
    // error ends the others.
    if (readBeforeReset(conn))
        failConn(conn, errnoError(err, "send", peerText(*m_request)));
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
        const ssize_t n =
            writeSome(conn, conn->out.data() + conn->outAt, conn->out.size() - conn->outAt);
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
            failConn(conn, why.empty()
                               ? Error("reset", "receive " + peerText(*m_request) +
                                                    ": HTTP/2 connection ended by the server")
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

void Loop::onConnected(Conn* conn) {
    // Over TLS, ALPN offers h2 alone.
    if (connected(conn, m_request->tls.get(), "\x02h2"))
        established(conn);
}

void Loop::handshakeDone(Conn* conn) {
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
}

void Loop::established(Conn* conn) {
    conn->connecting = false;
    --m_connecting;
    conn->lastRead = Clock::now();
    flush(conn); // the preface, SETTINGS and the requests queued meanwhile
}

void Loop::readAgain() {
    for (int pass = 0; pass < m_readPasses; ++pass) {
        // readAll may close a connection; m_dirty only grows meanwhile.
        for (std::size_t i = 0; i < m_dirty.size(); ++i) {
            Conn* conn = m_dirty[i];
            if (conn->fd < 0 || conn->connecting || conn->session->streams() == 0)
                continue;
            const std::uint64_t before = m_bytesRead;
            readAll(conn);
            m_rereadHits += m_bytesRead != before;
            if (++m_rereads == kRereadWindow) {
                // Passes that often find answers are worth their reads (a server answering a
                // batch of streams one by one); when few do (a slow server: the answers come
                // long after), a turn reads each connection once more, not kReadPasses times.
                m_readPasses = m_rereadHits * 4 >= kRereadWindow ? kReadPasses : 1;
                m_rereads = m_rereadHits = 0;
            }
        }
    }
}

void Loop::onReadable(Conn* conn) {
    // Whatever the session has to say back (SETTINGS and PING acknowledgements, window
    // updates) goes out with the requests of the calls the responses let start.
    if (readAll(conn))
        markDirty(conn);
}

bool Loop::onBytes(Conn* conn, const char* data, std::size_t n) {
    m_bytesRead += n;
    conn->lastRead = Clock::now();
    if (!conn->session->receive(reinterpret_cast<const std::uint8_t*>(data), n)) {
        failConn(conn, Error("protocol", "invalid HTTP/2 response: " + conn->session->error()));
        return false;
    }
    return true;
}

void Loop::connectionEnded(Conn* conn, int err, const Error* tlsError) {
    if (tlsError)
        failConn(conn, *tlsError);
    else if (err != 0)
        failConn(conn, errnoError(err, "receive", peerText(*m_request)));
    else
        failConn(conn, Error("reset", "receive " + peerText(*m_request) +
                                          ": connection closed by the server"));
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
    if (std::exchange(conn->inAvail, false))
        dropFrom(m_avail, conn);
    closeSocket(conn);
    // The streams still on it end now (Lost: conn->lost says why; a clean close after a
    // drained GOAWAY has none left).
    if (!conn->lost)
        conn->lost = Error("reset", "HTTP/2 connection " + peerText(*m_request) + " closed");
    if (conn->session)
        conn->session->endAll(H2End::Lost);
    conn->session.reset();
    conn->out.clear();
    conn->outAt = 0;
    m_conns.give(conn);
}

void Loop::complete(Call* call, Result result, Error error) {
    m_calls.remove(call);
    Completion done = std::move(*call->done);
    call->done.reset();
    call->ctx = Context();
    if (call->hasOwn) {
        call->hasOwn = false;
        call->own.body.clear();
        call->own.body.shrink_to_fit(); // a large body is not kept for nothing
    }
    call->conn = nullptr;
    m_callPool.give(call);
    done(std::move(result), std::move(error));
}

void Loop::sweep(TimePoint now) {
    Call* call = m_calls.oldest();
    while (call) {
        Call* next = call->next;
        Error error;
        if (call->ctx.done()) {
            error = call->ctx.err();
        } else if (call->deadline <= now) {
            const Conn* c = call->conn;
            if (c && c->handshaking)
                error = Error("timeout", "TLS handshake " + peerText(*m_request) +
                                             ": not finished within the timeout");
            else if (c && c->connecting)
                error = Error("timeout", "connect " + peerText(*m_request) +
                                             ": not finished within the timeout");
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

// Apart from HTTP/1.1's run (fastclient.cpp) on purpose: no think times, no io_uring, and
// one flush per connection per turn for what the sessions answer.
void Loop::run() {
    TimePoint nextSweep = Clock::now() + kSweepEvery;
    while (!quitting()) {
        if (takeInbox())
            dispatch(false);
        const bool mayOpen = m_calls.firstWaiting() != nullptr && canOpen();
        // While calls are in flight, until the next sweep; no wait when there is work.
        const int waitMs = m_calls.oldest() ? millisecondsTo(nextSweep) : -1;
        const int wait = beforeWait(mayOpen, waitMs);
        if (wait != 0 && m_calls.oldest()) {
            // Streams wait for answers: look a few times before sleeping (waitspin.h), as
            // HTTP/1.1's loop does.
            handleEvents(spinThenWait(m_spin, wait));
        } else {
            handleEvents(waitEvents(wait));
        }
        // A server answers a batch of streams one write at a time, and reading is quicker
        // than its writing: answers that arrived while this turn read the others are read
        // before any request goes out, so that the calls they end go out in the same send.
        // Sending after each first read sent 2.3 requests per send against h2load's 8 at
        // -m10, which costs the server more per request (docs/benchmarks.md).
        readAgain();
        // Requests of the calls the responses let start go out with what the sessions
        // answer, one send per connection.
        if (takeInbox() || m_calls.firstWaiting())
            dispatch(true);
        else
            flushDirty();
        if (m_calls.oldest()) {
            const TimePoint now = Clock::now();
            if (now >= nextSweep) {
                sweep(now);
                nextSweep = nextSweepAfter(now, kSweepEvery);
            }
        } else {
            nextSweep = Clock::now() + kSweepEvery;
        }
    }
    takeInbox();
    for (Conn& c : m_conns) {
        if (c.fd >= 0) {
            c.lost = Error("canceled", "the HTTP target was closed");
            closeConn(&c);
        }
    }
    while (m_calls.oldest())
        complete(m_calls.oldest(), {}, Error("canceled", "the HTTP target was closed"));
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
