// The lean HTTP/1.1 client: keep-alive connections driven by epoll on a few threads,
// over TCP or TLS (OpenSSL, non-blocking: WANT_READ and WANT_WRITE wait on the loop).
// Plain TCP connections, once connected, run on io_uring instead where the kernel allows
// it (ring.h): sends batched, a multishot receive each, no epoll. Connects and TLS stay on
// epoll, whose descriptor the ring then polls. PUSHER_HTTP_IO=epoll|uring forces a side.
//
// Per call the fast path does no allocation once warmed up: calls and connections live
// in pools that only grow, the request bytes are shared, the read buffer is per loop,
// and submissions are handed over through a vector whose capacity is kept.
#include "calls.h"
#include "client.h"
#include "epollloop.h"
#include "ring.h"
#include "tls.h"
#include "waitspin.h"

#include "pusher/http/bodyscan.h"
#include "pusher/http/responseparser.h"
#include <pusher/threadname.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <queue>
#include <thread>
#include <utility>
#include <vector>

namespace pusher::http {

namespace {

using namespace std::chrono_literals;

constexpr Duration kSweepEvery = 5ms;

struct Conn;

struct Call : CallLinks<Call> {
    Context ctx;
    std::optional<Completion> done; // Completion has no empty state
    TimePoint deadline;
    Conn* conn = nullptr;
    bool retried = false;
    std::unique_ptr<PerCall> perCall; // this call's own request (data files), else none
    // The exchange: the origin's request (address, TLS, status check), the bytes to send.
    std::size_t origin = 0;
    const char* bytes = nullptr;
    std::size_t size = 0;
    bool head = false;
    bool idempotent = true;
    // A flow step's exchange: completed through `owner` instead of `done`; `capture`, when
    // set, keeps the response's bytes. `sleeping` while its think time runs (in m_timers).
    StepOwner* owner = nullptr;
    Capture* capture = nullptr;
    // expect: the text the response body must contain (empty: no check), kept by the
    // target (its options) or the journey.
    std::string_view expect;
    Duration timeout{};
    TimePoint started{};
    bool sleeping = false;
    std::uint64_t generation = 0;
};

struct Conn : EpollConn {
    bool reused = false;
    bool idle = false;
    std::size_t origin = 0;
    Call* call = nullptr;
    std::size_t written = 0;
    ResponseParser parser;
    BodyScan scan; // the call's body, when it expects a text in it
    // On io_uring (plain TCP, connected): its multishot receive is armed, a send is in
    // flight. Completions carry `slot` (its index in the store) and `serial`, which changes
    // whenever the connection closes, so those of an earlier connection are told apart.
    bool inRing = false;
    bool receiving = false;
    bool sending = false;
    std::uint32_t slot = 0;
    std::uint32_t serial = 0;
    // queuedIn is the ring's submission count when its last operation was queued: while it
    // is still the same, that operation has not reached the kernel (see closeConn).
    std::uint64_t queuedIn = ~std::uint64_t(0);
};

struct Submission {
    Context ctx;
    std::optional<Completion> done;
    TimePoint start;
    std::unique_ptr<PerCall> perCall;
    StepOwner* owner = nullptr; // a journey (then ctx and done are empty)
};

struct Sleeper {
    TimePoint at;
    Call* call;
    std::uint64_t generation;
    bool operator>(const Sleeper& other) const { return at > other.at; }
};

class Loop;
// The loop running on this thread, if any (set by Loop::run).
thread_local Loop* t_loop = nullptr;

class Loop final : public StepLoop, EpollLoop<Loop, Conn, Submission> {
public:
    using EpollLoop::quit;
    using EpollLoop::submit;

    // `group` is the Loops this loop belongs to (what submitLocal's callers compare).
    Loop(std::vector<std::shared_ptr<const Request>> origins, int maxConnections, const void* group)
        : EpollLoop(maxConnections)
        , m_group(group)
        , m_origins(std::move(origins))
        , m_idle(m_origins.size()) {}
    ~Loop() {
        for (Conn& c : m_conns)
            release(c);
    }

    // submitLocal takes a submission made on this loop's own thread (a call the closed model
    // chains from a completion): no lock and no wake-up, as the loop is awake. It is taken
    // with the inbox, at the top of the loop's next turn.
    void submitLocal(Submission s) { m_local.push_back(std::move(s)); }
    // startLocal is submitLocal for a plain call: it becomes a Call at once, linked and
    // queued at the top of the loop's next turn.
    void startLocal(const Context& ctx, Completion done, TimePoint start,
                    std::unique_ptr<PerCall> perCall) {
        m_localCalls.push_back(newCall(ctx, std::move(done), start, std::move(perCall)));
    }
    // ownedBy: this loop belongs to `group` and is not quitting (a group destroyed on its own
    // loop thread may leave its address to another before this loop ends).
    [[nodiscard]] bool ownedBy(const void* group) const { return m_group == group && !quitting(); }

    void run();

    void startStep(const Context& ctx, const StepRequest& request, StepOwner* owner,
                   TimePoint notBefore) override;

private:
    friend class EpollLoop<Loop, Conn, Submission>;
    // After the server's close_notify, a failed SSL_write is a reset (see EpollLoop::writeSome).
    static constexpr bool kCloseNotifyKeepsErrno = false;

    // harvested reads the clock once a wait has returned a batch of events, before any is
    // handled: the time of the calls that end or start while the batch is handled (callTime),
    // and of the rest of the loop's turn.
    void harvested() {
        m_now = Clock::now();
        setBatchTime(m_now);
    }
    // takeInbox starts the submissions made since the last turn; false if there were none.
    bool takeInbox();
    void startTaken();
    // newCall makes the Call of a plain call (not yet in flight nor waiting).
    Call* newCall(Context ctx, Completion done, TimePoint start, std::unique_ptr<PerCall> perCall);
    void assign(Conn* conn, Call* call);
    bool openConnection(Call* call);
    void writeRequest(Conn* conn);
    // EpollLoop's: a connection writes its call's request while any of it is left.
    void sendOutput(Conn* conn) { writeRequest(conn); }
    static bool hasOutput(const Conn* conn) {
        return conn->call && conn->written < conn->call->size;
    }
    // epollEvents waits up to `waitMs` on epoll and handles what is ready.
    // (Both clear m_sleeping as soon as the wait ends.)
    void epollEvents(int waitMs);
    // The io_uring side: startRing sets the loop's ring up (or records why calls fail);
    // ringEvents submits, waits up to `waitMs` and handles the completions.
    void startRing();
    void ringEvents(int waitMs);
    void onCompletion(const IoRing::Completion& c);
    void enterRing(Conn* conn);
    void ringReceive(Conn* conn);
    void ringSend(Conn* conn);
    void onRingReceived(Conn* conn, const IoRing::Completion& c);
    void onRingSent(Conn* conn, int res);
    // sendFailed ends a call whose request could not be sent on with what the server
    // answered before, if it did, else with the send's error `err` (epoll, plain or TLS).
    void sendFailed(Conn* conn, int err);
    // timeoutError says where a call that ran out of time stood.
    Error timeoutError(const Call* call) const;
    // failWaiting fails the calls waiting now with m_ioError (new ones wait for the next turn).
    void failWaiting();
    void onConnected(Conn* conn);
    void handshakeDone(Conn* conn);
    void onReadable(Conn* conn) { readAll(conn); }
    // onResponseBytes feeds `n` bytes at `data` to the call's parser; false when the
    // connection is done with (the call finished or failed, or nobody asked).
    bool onResponseBytes(Conn* conn, const char* data, std::size_t n);
    bool onBytes(Conn* conn, const char* data, std::size_t n) {
        return onResponseBytes(conn, data, n);
    }
    // connectionEnded: the server closed (err 0) or the socket failed (errno `err`), or TLS
    // failed after the handshake (`tlsError`).
    void connectionEnded(Conn* conn, int err, const Error* tlsError = nullptr);
    void finishCall(Conn* conn, bool reusable);
    void failConn(Conn* conn, const Error& error);
    void closeConn(Conn* conn);
    void complete(Call* call, Result result, Error error);
    void completeStep(Call* call, int status, Error error);
    void sweep(TimePoint now);
    void requeueFront(Call* call) {
        call->conn = nullptr;
        m_calls.waitFirst(call);
    }
    // wakeSleepers starts the exchanges whose think time has passed; true if any.
    bool wakeSleepers(TimePoint now);
    void captureBytes(Call* call, const char* data, std::size_t n);
    // dispatch gives waiting calls to idle connections and, with `open`, opens new ones
    // for the rest as far as the caps allow.
    void dispatch(bool open);

    const Request& originOf(const Call* call) const { return *m_origins[call->origin]; }
    const Request& requestOf(const Conn* conn) const { return *m_origins[conn->origin]; }

    const void* const m_group;
    std::vector<std::shared_ptr<const Request>> m_origins;

    std::vector<Submission> m_local; // submitted on the loop's own thread
    std::vector<Call*> m_localCalls; // started on the loop's own thread (startLocal)
    std::vector<Submission> m_taken;

    Pool<Call> m_callPool;
    Pool<Conn> m_conns;
    std::vector<std::vector<Conn*>> m_idle; // per origin
    std::priority_queue<Sleeper, std::vector<Sleeper>, std::greater<>> m_timers;
    std::uint64_t m_generation = 0;

    Calls<Call> m_calls; // in flight, and waiting for a connection

    // io_uring (null: everything on epoll). The wake eventfd is read by the ring, and the
    // ring polls the epoll descriptor for the connections still on epoll.
    std::unique_ptr<IoRing> m_ring;
    std::vector<IoRing::Completion> m_completions;
    std::uint64_t m_wakeValue = 0;
    bool m_wakeArmed = false;
    bool m_epollPolled = false;
    std::optional<Error> m_ioError; // PUSHER_HTTP_IO cannot be honoured: every call fails
    TimePoint m_now;                // when the last wait returned (harvested())
    WaitSpin m_spin;                // the looks before the loop sleeps (epoll or ring)
};

// A completion's data: the operation, and for a connection's its slot and serial.
enum class Op : std::uint8_t { Wake = 1, Epoll, Receive, Send };
constexpr std::uint64_t tag(Op op, const Conn* conn = nullptr) {
    const std::uint64_t c = conn ? (std::uint64_t(conn->serial & 0xffffffu) << 32) | conn->slot : 0;
    return (std::uint64_t(op) << 56) | c;
}
constexpr Op opOf(std::uint64_t data) {
    return Op(data >> 56);
}
constexpr std::uint32_t slotOf(std::uint64_t data) {
    return std::uint32_t(data);
}
constexpr std::uint32_t serialOf(std::uint64_t data) {
    return std::uint32_t(data >> 32) & 0xffffffu;
}

bool Loop::takeInbox() {
    bool took = false;
    if (!m_localCalls.empty()) {
        for (Call* call : m_localCalls) {
            m_calls.add(call);
            m_calls.wait(call);
        }
        m_localCalls.clear();
        took = true;
    }
    if (!m_local.empty()) {
        m_taken.swap(m_local); // m_taken is empty between turns; calls chained now go to m_local
        startTaken();
        took = true;
    }
    if (!takeSubmissions(m_taken))
        return took;
    startTaken();
    return true;
}

void Loop::startTaken() {
    for (Submission& s : m_taken) {
        if (s.owner) {
            s.owner->begin(*this);
            continue;
        }
        Call* call = newCall(std::move(s.ctx), std::move(*s.done), s.start, std::move(s.perCall));
        m_calls.add(call);
        m_calls.wait(call);
    }
    m_taken.clear();
}

Call* Loop::newCall(Context ctx, Completion done, TimePoint start,
                    std::unique_ptr<PerCall> perCall) {
    const Request& request = *m_origins.front();
    Call* call = m_callPool.take();
    call->ctx = std::move(ctx);
    call->done.emplace(std::move(done));
    call->perCall = std::move(perCall);
    call->deadline = start + request.options.timeout;
    call->conn = nullptr;
    call->retried = false;
    call->origin = 0;
    const std::string& bytes = call->perCall ? call->perCall->bytes : request.bytes;
    call->bytes = bytes.data();
    call->size = bytes.size();
    call->head = request.head;
    call->idempotent = request.idempotent;
    call->owner = nullptr;
    call->capture = nullptr;
    call->expect = std::string_view(request.options.expectBody.constData(),
                                    std::size_t(request.options.expectBody.size()));
    return call;
}

void Loop::startStep(const Context& ctx, const StepRequest& request, StepOwner* owner,
                     TimePoint notBefore) {
    Call* call = m_callPool.take();
    call->ctx = ctx;
    call->conn = nullptr;
    call->retried = false;
    call->origin = request.origin;
    call->bytes = request.bytes;
    call->size = request.size;
    call->head = request.head;
    call->idempotent = request.idempotent;
    call->owner = owner;
    call->capture = request.capture;
    call->expect = request.expectBody;
    call->timeout = request.timeout;
    call->generation = ++m_generation;
    m_calls.add(call);
    const TimePoint now = callTime();
    if (notBefore > now && !quitting()) {
        call->sleeping = true;
        call->waiting = false;
        call->deadline = TimePoint::max();
        m_timers.push(Sleeper{notBefore, call, call->generation});
        return;
    }
    call->sleeping = false;
    call->started = now;
    call->deadline = now + request.timeout;
    m_calls.wait(call);
}

bool Loop::wakeSleepers(TimePoint now) {
    bool any = false;
    while (!m_timers.empty() && m_timers.top().at <= now) {
        const Sleeper s = m_timers.top();
        m_timers.pop();
        Call* call = s.call;
        if (!call->sleeping || call->generation != s.generation)
            continue; // completed (canceled) while it slept
        call->sleeping = false;
        call->started = now;
        call->deadline = now + call->timeout;
        m_calls.wait(call);
        any = true;
    }
    return any;
}

void Loop::captureBytes(Call* call, const char* data, std::size_t n) {
    Capture& c = *call->capture;
    if (c.truncated || (c.headerEnd > 0 && !c.body))
        return;
    const std::size_t before = c.bytes.size();
    const std::size_t limit =
        (c.headerEnd > 0 ? c.headerEnd : ResponseParser::kMaxHeaderBytes) + c.bodyLimit;
    std::size_t take = n;
    if (before + take > limit) {
        take = limit > before ? limit - before : 0;
        c.truncated = true;
    }
    c.bytes.append(data, take);
    // Find the end of the header block; interim 1xx responses are dropped.
    while (c.headerEnd == 0) {
        const std::size_t from = before > 3 ? before - 3 : 0;
        const std::size_t end = c.bytes.find("\r\n\r\n", from);
        if (end == std::string::npos)
            return;
        const bool interim =
            c.bytes.size() > 12 && c.bytes[9] == '1' && c.bytes.compare(9, 3, "101") != 0;
        if (interim) {
            c.bytes.erase(0, end + 4);
            if (c.bytes.empty())
                return;
            continue;
        }
        c.headerEnd = end + 4;
        if (!c.body) {
            c.bytes.resize(c.headerEnd);
            c.truncated = false;
        }
    }
}

void Loop::dispatch(bool open) {
    if (m_ioError) {
        failWaiting();
        return;
    }
    while (Call* call = m_calls.firstWaiting()) {
        std::vector<Conn*>& idle = m_idle[call->origin];
        if (!idle.empty()) {
            Conn* conn = idle.back();
            idle.pop_back();
            conn->idle = false;
            m_calls.popWaiting();
            assign(conn, call);
        } else if (open && canOpen()) {
            m_calls.popWaiting();
            if (!openConnection(call))
                continue;
        } else {
            break;
        }
    }
}

void Loop::failWaiting() {
    Call* call = m_calls.takeWaiting();
    while (call) {
        Call* next = call->waitNext;
        call->waiting = false;
        complete(call, {}, *m_ioError);
        call = next;
    }
}

bool Loop::openConnection(Call* call) {
    const Request& req = originOf(call);
    bool inProgress = false;
    Error error;
    const int fd = connectTo(req, &inProgress, &error);
    if (fd < 0) {
        complete(call, {}, error);
        return false;
    }
    Conn* conn = m_conns.take();
    conn->fd = fd;
    conn->origin = call->origin;
    // A TLS connection whose connect finished at once waits for its first EPOLLOUT to
    // start the handshake, on the loop like any other.
    conn->connecting = inProgress || req.tls != nullptr;
    conn->handshaking = false;
    if (conn->connecting)
        ++m_connecting;
    conn->wantOut = conn->connecting;
    conn->reused = false;
    conn->call = nullptr;
    conn->ssl = nullptr;
    conn->writeWantsRead = false;
    conn->readWantsWrite = false;
    conn->inRing = conn->receiving = conn->sending = false;
    if (m_ring && !conn->connecting) {
        enterRing(conn); // connected at once (plain TCP): no epoll at all
    } else {
        watch(EPOLL_CTL_ADD, conn);
    }
    ++m_open;
    assign(conn, call);
    return true;
}

void Loop::assign(Conn* conn, Call* call) {
    conn->call = call;
    call->conn = conn;
    conn->written = 0;
    conn->parser.reset(call->head);
    if (call->expect.empty()) {
        conn->parser.scanBody(nullptr);
    } else {
        conn->scan.start(call->expect);
        conn->parser.scanBody(&conn->scan);
    }
    if (call->capture)
        call->capture->reset();
    if (!conn->connecting)
        writeRequest(conn);
}

void Loop::writeRequest(Conn* conn) {
    if (!conn->call) {
        setWantOut(conn, false);
        return;
    }
    if (conn->inRing) {
        if (!conn->sending && conn->written < conn->call->size)
            ringSend(conn);
        return;
    }
    const char* bytes = conn->call->bytes;
    const std::size_t size = conn->call->size;
    while (conn->written < size) {
        const ssize_t n = writeSome(conn, bytes + conn->written, size - conn->written);
        if (n <= 0)
            return; // waits for the socket, or the connection ended
        conn->written += std::size_t(n);
    }
    // Plain TCP never has readWantsWrite set.
    setWantOut(conn, conn->readWantsWrite);
}

void Loop::sendFailed(Conn* conn, int err) {
    // The answer that came before the reset is the call's result; the send's error only
    // when there is none.
    if (readBeforeReset(conn))
        connectionEnded(conn, err);
}

void Loop::onConnected(Conn* conn) {
    // TLS offers the context's ALPN, http/1.1.
    if (!connected(conn, m_origins[conn->origin]->tls.get(), {}))
        return;
    conn->connecting = false;
    --m_connecting;
    if (m_ring) {
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, conn->fd, nullptr);
        conn->wantOut = false;
        enterRing(conn);
    }
    if (conn->call)
        writeRequest(conn);
    else
        setWantOut(conn, false);
}

void Loop::handshakeDone(Conn* conn) {
    conn->handshaking = false;
    conn->connecting = false;
    --m_connecting;
    if (conn->call)
        writeRequest(conn);
    else
        setWantOut(conn, false);
}

bool Loop::onResponseBytes(Conn* conn, const char* data, std::size_t n) {
    if (!conn->call) {
        // Bytes nobody asked for on an idle connection: it cannot be trusted any more.
        closeConn(conn);
        return false;
    }
    std::size_t used = 0;
    const auto status = conn->parser.feed(data, n, &used);
    if (conn->call->capture)
        captureBytes(conn->call, data, used);
    if (status == ResponseParser::Status::Error) {
        failConn(conn,
                 Error("protocol", std::string("invalid HTTP response: ") + conn->parser.error()));
        return false;
    }
    if (status == ResponseParser::Status::Done) {
        // A response that came before the whole request was sent leaves the rest of the
        // request on the connection: it cannot carry another one.
        bool reusable = conn->parser.keepAlive() && used == n && conn->written == conn->call->size;
        // Records already read ahead: a session ticket leaves the connection reusable,
        // application data nobody asked for does not.
        while (reusable && conn->ssl && SSL_has_pending(conn->ssl)) {
            const int more = SSL_read(conn->ssl, m_buffer.data(), int(m_buffer.size()));
            if (more > 0 || SSL_get_error(conn->ssl, more) != SSL_ERROR_WANT_READ)
                reusable = false;
            ERR_clear_error();
        }
        finishCall(conn, reusable);
        return false;
    }
    return true;
}

void Loop::connectionEnded(Conn* conn, int err, const Error* tlsError) {
    Call* call = conn->call;
    if (!call) {
        closeConn(conn);
        return;
    }
    if (!conn->parser.started() && conn->reused && !call->retried && call->idempotent) {
        // The server closed a kept-alive connection as we reused it: one fresh try.
        call->retried = true;
        conn->call = nullptr;
        closeConn(conn);
        requeueFront(call);
        dispatch(false);
        return;
    }
    if (tlsError) {
        failConn(conn, *tlsError);
        return;
    }
    if (err == 0) {
        const auto status = conn->parser.finish();
        if (status == ResponseParser::Status::Done) {
            finishCall(conn, false);
            return;
        }
        if (!conn->parser.started())
            failConn(conn,
                     Error("reset", "receive " + peerText(requestOf(conn)) +
                                        ": connection closed by the server before a response"));
        else
            failConn(conn, Error("protocol",
                                 std::string("invalid HTTP response: ") + conn->parser.error()));
        return;
    }
    failConn(conn, errnoError(err, conn->written < call->size ? "send" : "receive",
                              peerText(requestOf(conn))));
}

void Loop::finishCall(Conn* conn, bool reusable) {
    Call* call = conn->call;
    conn->call = nullptr;
    call->conn = nullptr;
    const int status = conn->parser.status();
    const bool lacking = !call->expect.empty() && !conn->scan.found();
    if (reusable) {
        conn->reused = true;
        conn->idle = true;
        m_idle[conn->origin].push_back(conn);
    } else {
        closeConn(conn);
    }
    if (call->owner) {
        // The journey checks the status first (a body error gives way to a status one).
        completeStep(call, status, lacking ? bodyError(call->expect) : Error());
    } else {
        Error error = originOf(call).statusError(status);
        if (!error && lacking)
            error = bodyError(call->expect);
        complete(call, Result{}, std::move(error));
    }
    dispatch(false);
}

void Loop::failConn(Conn* conn, const Error& error) {
    Call* call = conn->call;
    conn->call = nullptr;
    closeConn(conn);
    if (call) {
        call->conn = nullptr;
        complete(call, {}, error);
    }
    dispatch(false);
}

void Loop::closeConn(Conn* conn) {
    if (conn->fd < 0)
        return;
    if (std::exchange(conn->idle, false))
        dropFrom(m_idle[conn->origin], conn);
    if (conn->receiving || conn->sending) {
        // An operation still queued names the socket by its number alone: submitted after
        // the close, it would act on whatever took that number next (this loop's next
        // connection, or any descriptor of the process), sending the rest of this request
        // there or taking that connection's bytes. It goes to the kernel first, which then
        // holds this socket.
        if (conn->queuedIn == m_ring->submissions())
            m_ring->submit();
        // Its operations in the ring hold the socket open: shut down, they end at once
        // (their completions, for an older serial, are then ignored).
        ::shutdown(conn->fd, SHUT_RDWR);
    }
    closeSocket(conn); // (over TLS, never on the ring)
    ++conn->serial;
    conn->inRing = conn->receiving = conn->sending = false;
    conn->call = nullptr;
    m_conns.give(conn);
}

void Loop::completeStep(Call* call, int status, Error error) {
    // Unlinked like any call; the owner learns the outcome after the call is free again.
    StepOwner* owner = call->owner;
    const TimePoint start = call->started;
    const bool slept = call->sleeping;
    call->sleeping = false;
    call->owner = nullptr;
    call->capture = nullptr;
    complete(call, {}, {});
    const TimePoint end = callTime();
    owner->stepDone(*this, status, std::move(error), slept ? end : start, end, !slept);
}

void Loop::complete(Call* call, Result result, Error error) {
    if (call->owner) {
        completeStep(call, 0, std::move(error));
        return;
    }
    m_calls.remove(call);
    // Completed at once, not at the end of the event batch: the call's end time is the
    // response's, and the scheduler can start the next call while this loop reads on.
    call->ctx = Context();
    call->perCall.reset();
    if (!call->done) { // a flow step's exchange (completeStep tells its owner)
        m_callPool.give(call);
        return;
    }
    Completion done = std::move(*call->done);
    call->done.reset();
    m_callPool.give(call);
    done(std::move(result), std::move(error));
}

Error Loop::timeoutError(const Call* call) const {
    const Conn* conn = call->conn;
    if (!conn && call->waiting)
        return Error("timeout", "no connection within the timeout: every one allowed was busy "
                                "or still opening");
    if (conn && conn->handshaking)
        return Error("timeout", "TLS handshake " + peerText(requestOf(conn)) +
                                    ": not finished within the timeout");
    if (conn && conn->connecting)
        return Error("timeout",
                     "connect " + peerText(requestOf(conn)) + ": not finished within the timeout");
    if (conn && conn->written < call->size)
        return Error("timeout",
                     "request not sent within the timeout: " + std::to_string(conn->written) +
                         " of its " + std::to_string(call->size) + " bytes sent");
    return Error("timeout", "no complete response within the timeout");
}

void Loop::sweep(TimePoint now) {
    Call* call = m_calls.oldest();
    while (call) {
        Call* next = call->next;
        Error error;
        if (call->ctx.doneAt(now))
            error = call->ctx.err();
        else if (call->deadline <= now)
            error = timeoutError(call);
        if (error) {
            if (Conn* conn = call->conn) {
                conn->call = nullptr;
                closeConn(conn);
            }
            call->conn = nullptr;
            complete(call, {}, error); // unlinks only `call`: `next` stays valid
        }
        call = next;
    }
    dispatch(true);
}

void Loop::epollEvents(int waitMs) {
    int n = 0;
    if (waitMs != 0 && m_calls.oldest()) {
        // Calls wait for answers: look a few times before sleeping (waitspin.h).
        n = spinThenWait(m_spin, waitMs);
    } else {
        n = waitEvents(waitMs); // awake again, as after the ring's wait
    }
    harvested();
    handleEvents(n);
}

void Loop::startRing() {
    IoChoice choice = IoChoice::Auto;
    std::string why;
    if (!ioChoice(&choice, &why)) {
        m_ioError = Error("invalid", why);
        return;
    }
    const bool plain = std::any_of(m_origins.begin(), m_origins.end(),
                                   [](const auto& origin) { return origin->tls == nullptr; });
    if (choice == IoChoice::Epoll || !plain)
        return;
    m_ring = IoRing::open(&why);
    if (!m_ring) {
        if (choice == IoChoice::Uring)
            m_ioError =
                Error("invalid", "PUSHER_HTTP_IO=uring, but io_uring cannot be used here: " + why);
        return;
    }
    // The ring reads the wake eventfd itself.
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, m_wake, nullptr);
}

void Loop::ringEvents(int waitMs) {
    if (!m_wakeArmed) {
        m_ring->read(m_wake, &m_wakeValue, sizeof m_wakeValue, tag(Op::Wake));
        m_wakeArmed = true;
    }
    if (!m_epollPolled) {
        m_ring->pollIn(m_epoll, tag(Op::Epoll));
        m_epollPolled = true;
    }
    m_completions.clear();
    if (waitMs != 0 && m_calls.oldest()) {
        // Calls wait for answers: look a few times before sleeping (waitspin.h). A look
        // submits what is queued and takes the completions that are there.
        const int looks = m_spin.looks();
        for (int i = 0; i < looks && m_completions.empty(); ++i)
            m_ring->wait(0, m_completions);
        if (looks > 0 && m_completions.empty()) {
            m_spin.record(looks, false);
        } else if (looks > 0) {
            // Only receives are answers: the completions of sends (the requests the last turn
            // queued), of the wake-up (a submission from another thread) and of the epoll
            // descriptor's poll say nothing about them. They are handled, and the next turn
            // looks again.
            const bool answers = std::any_of(
                m_completions.begin(), m_completions.end(),
                [](const IoRing::Completion& c) { return opOf(c.data) == Op::Receive; });
            if (answers)
                m_spin.record(looks, true);
        }
    }
    if (m_completions.empty())
        m_ring->wait(waitMs, m_completions);
    m_sleeping.store(false);
    harvested();
    for (const IoRing::Completion& c : m_completions)
        onCompletion(c);
}

void Loop::onCompletion(const IoRing::Completion& c) {
    switch (opOf(c.data)) {
    case Op::Wake:
        m_wakeArmed = false;
        return;
    case Op::Epoll:
        m_epollPolled = false;
        epollEvents(0);
        return;
    case Op::Receive: {
        Conn* conn = &m_conns[slotOf(c.data)];
        if (conn->fd >= 0 && (conn->serial & 0xffffffu) == serialOf(c.data))
            onRingReceived(conn, c);
        m_ring->release(c);
        return;
    }
    case Op::Send: {
        Conn* conn = &m_conns[slotOf(c.data)];
        if (conn->fd >= 0 && (conn->serial & 0xffffffu) == serialOf(c.data))
            onRingSent(conn, c.res);
        return;
    }
    }
}

void Loop::enterRing(Conn* conn) {
    conn->inRing = true;
    ringReceive(conn);
}

void Loop::ringReceive(Conn* conn) {
    conn->receiving = true;
    m_ring->receive(conn->fd, tag(Op::Receive, conn));
    conn->queuedIn = m_ring->submissions(); // after: queuing may have submitted the rest
}

void Loop::ringSend(Conn* conn) {
    conn->sending = true;
    m_ring->send(conn->fd, conn->call->bytes + conn->written, conn->call->size - conn->written,
                 tag(Op::Send, conn));
    conn->queuedIn = m_ring->submissions();
}

void Loop::onRingReceived(Conn* conn, const IoRing::Completion& c) {
    if (!IoRing::more(c))
        conn->receiving = false;
    if (c.res > 0) {
        const std::uint32_t serial = conn->serial;
        onResponseBytes(conn, m_ring->buffer(c), std::size_t(c.res));
        // Still the same connection (not closed, nor closed and opened again by the call's
        // completion): it keeps a receive armed, idle or not, to see the server close.
        if (conn->fd >= 0 && conn->serial == serial && !conn->receiving)
            ringReceive(conn);
        return;
    }
    if (c.res == -ENOBUFS) {
        // All buffers were in use: more are offered (up to a bound), and those of this
        // batch are back at the next wait.
        m_ring->grow();
        ringReceive(conn);
        return;
    }
    connectionEnded(conn, c.res == 0 ? 0 : -c.res);
}

void Loop::onRingSent(Conn* conn, int res) {
    conn->sending = false;
    if ((res == -ECONNRESET || res == -EPIPE) && conn->receiving) {
        // The server answered and closed before reading the whole request (see sendFailed):
        // its answer comes, in order, on the receive, which then ends with the reset.
        return;
    }
    if (res <= 0) {
        connectionEnded(conn, res < 0 ? -res : ECONNRESET);
        return;
    }
    conn->written += std::size_t(res);
    if (conn->call && conn->written < conn->call->size)
        ringSend(conn); // a partial send: the rest
}

void Loop::run() {
    t_loop = this;
    startRing();
    m_now = Clock::now();
    TimePoint nextSweep = m_now + kSweepEvery;
    while (!quitting()) {
        // New calls take idle connections at once; those left wait until the ready events
        // are read (their responses free connections) before new connections are opened.
        if (takeInbox())
            dispatch(false);
        // No wait when calls may open connections or were submitted on this thread.
        const bool ready = (m_calls.firstWaiting() != nullptr && canOpen()) || !m_local.empty() ||
                           !m_localCalls.empty();
        int waitMs = -1;
        if (m_calls.oldest()) {
            TimePoint until = nextSweep;
            if (!m_timers.empty() && m_timers.top().at < until)
                until = m_timers.top().at;
            // Rounded up: a think time ends at most a millisecond late, never early.
            // From the last batch's time, not a fresh read: the wait may end a little later
            // (by the time the batch took to handle), never earlier.
            const auto left =
                std::chrono::duration_cast<std::chrono::microseconds>(until - m_now).count();
            waitMs = left <= 0 ? 0 : int((left + 999) / 1000);
        }
        waitMs = beforeWait(ready, waitMs);
        if (m_ring)
            ringEvents(waitMs);
        else
            epollEvents(waitMs);
        // The rest of the turn runs at the batch's time (m_now, read once after the wait).
        const TimePoint now = m_now;
        if (!m_timers.empty() && m_timers.top().at <= now)
            wakeSleepers(now);
        if (m_calls.firstWaiting())
            dispatch(true);
        if (m_calls.oldest()) {
            if (now >= nextSweep) {
                const TimePoint began = Clock::now();
                sweep(now);
                nextSweep = nextSweepAfter(began, kSweepEvery);
            }
        } else {
            nextSweep = now + kSweepEvery;
        }
        setBatchTime(TimePoint{});
    }
    // Closing: calls still in flight end now.
    takeInbox();
    while (m_calls.oldest()) {
        Call* call = m_calls.oldest();
        if (call->conn) {
            call->conn->call = nullptr;
            closeConn(call->conn);
        }
        call->conn = nullptr;
        complete(call, {}, Error("canceled", "the HTTP target was closed"));
    }
    // The ring goes with its thread; it cancels the receives of the idle connections, which
    // the destructor closes.
    m_ring.reset();
    t_loop = nullptr;
}

// Loops runs the event loops of one target (a plain http target, or a flow).
class Loops {
public:
    Loops(std::vector<std::shared_ptr<const Request>> origins, int connections, int ioThreads)
        : m_origins(std::move(origins))
        , m_connections(connections) {
        int threads = std::max(1, ioThreads);
        if (connections > 0)
            threads = std::min(threads, connections);
        m_count = threads;
    }
    ~Loops() {
        for (auto& loop : m_loops)
            loop->quit();
        for (auto& thread : m_threads) {
            if (thread.get_id() == std::this_thread::get_id())
                thread.detach(); // the last reference went away on our own loop thread
            else
                thread.join();
        }
    }
    Loops(const Loops&) = delete;
    Loops& operator=(const Loops&) = delete;

    // start starts a plain call: on one of these loops' threads, on that loop without a
    // Submission; elsewhere through submit.
    void start(const Context& ctx, Completion done, std::unique_ptr<PerCall> perCall) {
        // callTime: on a loop's thread (a chained call), the time of the batch it handles.
        const TimePoint now = callTime();
        if (Loop* own = localLoop()) {
            own->startLocal(ctx, std::move(done), now, std::move(perCall));
            return;
        }
        submitElsewhere(Submission{ctx, std::move(done), now, std::move(perCall), nullptr});
    }

    void submit(Submission s) {
        if (Loop* own = localLoop()) {
            own->submitLocal(std::move(s));
            return;
        }
        submitElsewhere(std::move(s));
    }

private:
    // localLoop: the loop of these running on this thread, if any. A call started there (the
    // closed model chains the next call from a completion) stays on that loop, without the
    // inbox's lock.
    [[nodiscard]] Loop* localLoop() const {
        Loop* own = t_loop;
        return own != nullptr && own->ownedBy(this) ? own : nullptr;
    }

    void submitElsewhere(Submission s) {
        std::call_once(m_started, [this] { startLoops(); });
        const std::size_t i =
            m_count == 1 ? 0 : m_next.fetch_add(1, std::memory_order_relaxed) % m_loops.size();
        m_loops[i]->submit(std::move(s));
    }

    void startLoops() {
        for (int i = 0; i < m_count; ++i) {
            const int cap = m_connections > 0
                                ? m_connections / m_count + (i < m_connections % m_count ? 1 : 0)
                                : 0;
            auto loop = std::make_shared<Loop>(m_origins, cap, this);
            m_loops.push_back(loop);
            m_threads.emplace_back([loop] {
                nameThisThread("pusher-http-io");
                loop->run();
            });
        }
    }

    std::vector<std::shared_ptr<const Request>> m_origins;
    int m_connections = 0;
    int m_count = 1;
    std::once_flag m_started;
    std::vector<std::shared_ptr<Loop>> m_loops;
    std::vector<std::thread> m_threads;
    std::atomic<std::size_t> m_next{0};
};

class FastClient final : public Client {
public:
    explicit FastClient(std::shared_ptr<const Request> request)
        : m_loops({request}, request->options.connections, request->options.ioThreads) {}

    void start(const Context& ctx, Completion done, std::unique_ptr<PerCall> perCall) override {
        m_loops.start(ctx, std::move(done), std::move(perCall));
    }

private:
    Loops m_loops;
};

class FlowClient final : public StepClient {
public:
    FlowClient(std::vector<std::shared_ptr<const Request>> origins, int connections, int ioThreads)
        : m_loops(std::move(origins), connections, ioThreads) {}

    void submit(StepOwner* owner) override {
        m_loops.submit(Submission{Context(), std::nullopt, TimePoint{}, nullptr, owner});
    }

private:
    Loops m_loops;
};

} // namespace

std::shared_ptr<Client> makeFastClient(std::shared_ptr<const Request> request) {
    return std::make_shared<FastClient>(std::move(request));
}

std::shared_ptr<StepClient> makeStepClient(std::vector<std::shared_ptr<const Request>> origins,
                                           int connections, int ioThreads) {
    return std::make_shared<FlowClient>(std::move(origins), connections, ioThreads);
}

} // namespace pusher::http
