// Internal: what the lean HTTP/1.1 client (fastclient.cpp) and the HTTP/2 client
// (h2client.cpp) share of their event loops: the epoll set and its wake-up eventfd, the
// connections' epoll interest, the non-blocking connect and TLS handshake, and the reads and
// writes over TCP or TLS (OpenSSL: WANT_READ and WANT_WRITE wait on the loop), with what a
// failed one means. Not installed, not part of the API.
//
// EpollLoop is a base of each client's Loop (CRTP: no virtual call; all of it inline, as
// these run per call). It also keeps the loop's inbox: the Submissions other threads make
// (submit), and the protocol by which a loop about to sleep is woken for them. The Loop
// provides, for its Conn:
//   requestOf(conn)                the Request (origin) the connection is to, named in errors;
//   failConn(conn, error)          the connection failed: close it, end what was on it;
//   onConnected(conn)              a connect in progress ended (it calls connected());
//   handshakeDone(conn)            the TLS handshake finished;
//   onReadable(conn)               the socket is readable (or OpenSSL wants it read);
//   sendOutput(conn), hasOutput(conn)  send what waits, and whether anything does;
//   onBytes(conn, data, n)         bytes came: false when the connection is done with;
//   sendFailed(conn, err)          a send failed with errno `err` (see readBeforeReset);
//   connectionEnded(conn, err, tlsError)  the server closed (err 0), the socket failed
//                                  (errno err), or TLS did (tlsError);
//   kCloseNotifyKeepsErrno         see writeSome.
// Its Conn is an EpollConn, and has inRing if it can be on io_uring.
#pragma once

#include "client.h"
#include "tls.h"
#include "waitspin.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

namespace pusher::http {

// kMaxConnecting bounds the connections in their handshake (TCP, and TLS after it) at once,
// per loop. Opening a connection costs more than waiting a moment for a kept-alive one:
// without a bound, a burst of calls (a scheduler hiccup) opens a connection each, the extra
// work delays the responses, more calls queue, and the open model spirals into thousands of
// connections.
inline constexpr int kMaxConnecting = 32;
inline constexpr std::size_t kReadBuffer = 64 * 1024;

// connectTo opens a non-blocking TCP socket (TCP_NODELAY) to the request's address and
// starts connecting: the socket, `*inProgress` when the connect has not finished yet; -1
// and `*error` when there is no socket or the connect failed at once.
inline int connectTo(const Request& req, bool* inProgress, Error* error) {
    const int fd = ::socket(req.address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error = errnoError(errno, "socket");
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const int rc =
        ::connect(fd, reinterpret_cast<const sockaddr*>(&req.address), req.addressLength);
    if (rc < 0 && errno != EINPROGRESS) {
        const int err = errno;
        ::close(fd);
        *error = errnoError(err, "connect", peerText(req));
        return -1;
    }
    *inProgress = rc < 0;
    return fd;
}

// EpollConn is what EpollLoop keeps of a connection: a base of each client's Conn.
struct EpollConn {
    int fd = -1;
    // connecting: the TCP connect or the TLS handshake is in progress (counted in the loop's
    // m_connecting); handshaking: the TLS handshake is.
    bool connecting = false;
    bool handshaking = false;
    bool wantOut = false; // EPOLLOUT is in its epoll interest
    // An SSL_write that wants the socket readable, an SSL_read that wants it writable.
    bool writeWantsRead = false;
    bool readWantsWrite = false;
    SSL* ssl = nullptr;
};

template <class Loop, class Conn, class Submission>
class EpollLoop {
public:
    EpollLoop(const EpollLoop&) = delete;
    EpollLoop& operator=(const EpollLoop&) = delete;

    // submit hands the loop a submission from another thread, and wakes it if it sleeps.
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

protected:
    explicit EpollLoop(int maxConnections)
        : m_maxConnections(maxConnections) {
        m_epoll = epoll_create1(EPOLL_CLOEXEC);
        m_wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.ptr = nullptr;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &ev);
    }
    // After the Loop's destructor has closed its connections.
    ~EpollLoop() {
        ::close(m_wake);
        ::close(m_epoll);
    }

    void wake() {
        const std::uint64_t one = 1;
        [[maybe_unused]] ssize_t n = ::write(m_wake, &one, sizeof one);
    }

    [[nodiscard]] bool quitting() const { return m_quit.load(std::memory_order_relaxed); }

    // takeSubmissions moves what was submitted into `taken` (empty); false if nothing was.
    bool takeSubmissions(std::vector<Submission>& taken) {
        std::lock_guard lock(m_inboxMutex);
        if (m_inbox.empty())
            return false;
        m_inbox.swap(taken);
        return true;
    }

    // beforeWait says the loop is about to sleep (so that submit wakes it) and how long it
    // may: up to `waitMs`, or not at all when work is `ready` or a submission came.
    int beforeWait(bool ready, int waitMs) {
        m_sleeping.store(true, std::memory_order_seq_cst);
        bool pending;
        {
            std::lock_guard lock(m_inboxMutex);
            pending = !m_inbox.empty();
        }
        if (pending || ready) {
            m_sleeping.store(false);
            return 0;
        }
        return waitMs;
    }

    // release frees a connection's TLS and closes its socket as the loop goes.
    static void release(Conn& c) {
        if (c.ssl)
            SSL_free(c.ssl);
        if (c.fd >= 0)
            ::close(c.fd);
    }

    [[nodiscard]] bool canOpen() const {
        return (m_maxConnections == 0 || m_open < m_maxConnections) &&
               m_connecting < kMaxConnecting;
    }

    // watch adds the connection to the epoll set (EPOLL_CTL_ADD) or updates its interest
    // (EPOLL_CTL_MOD): readable, and writable when it wants out.
    void watch(int op, Conn* conn) {
        epoll_event ev{};
        ev.events = EPOLLIN | (conn->wantOut ? EPOLLOUT : 0u);
        ev.data.ptr = conn;
        epoll_ctl(m_epoll, op, conn->fd, &ev);
    }

    void setWantOut(Conn* conn, bool want) {
        if (conn->wantOut == want)
            return;
        if constexpr (requires { conn->inRing; }) {
            if (conn->inRing)
                return; // on io_uring: not in the epoll set
        }
        conn->wantOut = want;
        watch(EPOLL_CTL_MOD, conn);
    }

    // waitEvents waits up to `waitMs` on epoll, and the loop is awake again before any
    // event is handled (calls they submit need no wake-up); handleEvents handles the `n`
    // events it returned (the wake-up's, and the connections' that are still open).
    int waitEvents(int waitMs) {
        const int n = epoll_wait(m_epoll, m_events.data(), int(m_events.size()), waitMs);
        m_sleeping.store(false);
        return n;
    }
    // lookThenWait is waitEvents after up to `looks` looks for ready events without waiting
    // (WaitSpin). `found` says whether a look found a connection's event (the wake-up's
    // alone, a submission from another thread, says nothing about answers: it is handled,
    // and `found` is left unset). While it looks the loop counts as about to sleep: a
    // submission from another thread wakes it, which a look then finds.
    int lookThenWait(int looks, int waitMs, std::optional<bool>* found) {
        for (int i = 0; i < looks; ++i) {
            const int n = epoll_wait(m_epoll, m_events.data(), int(m_events.size()), 0);
            if (n != 0) {
                m_sleeping.store(false);
                for (int e = 0; e < n; ++e)
                    if (m_events[std::size_t(e)].data.ptr != nullptr)
                        *found = true;
                return n;
            }
        }
        if (looks > 0)
            *found = false;
        return waitEvents(waitMs);
    }
    // spinThenWait is lookThenWait with spin's looks, telling spin what they found.
    int spinThenWait(WaitSpin& spin, int waitMs) {
        const int looks = spin.looks();
        std::optional<bool> found;
        const int n = lookThenWait(looks, waitMs, &found);
        if (found)
            spin.record(looks, *found);
        return n;
    }
    void handleEvents(int n) {
        for (int i = 0; i < n; ++i) {
            Conn* conn = static_cast<Conn*>(m_events[std::size_t(i)].data.ptr);
            if (!conn) {
                std::uint64_t value;
                [[maybe_unused]] ssize_t r = ::read(m_wake, &value, sizeof value);
                continue;
            }
            if (conn->fd >= 0)
                onEvent(conn, m_events[std::size_t(i)].events);
        }
    }

    void onEvent(Conn* conn, std::uint32_t events) {
        if (conn->connecting) {
            if (conn->handshaking)
                handshake(conn);
            else if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
                self().onConnected(conn);
            return;
        }
        if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
            if (conn->writeWantsRead) {
                self().sendOutput(conn);
                if (conn->fd < 0)
                    return;
            }
            self().onReadable(conn);
            if (conn->fd < 0)
                return;
        }
        if (events & EPOLLOUT) {
            if (conn->readWantsWrite) {
                conn->readWantsWrite = false;
                setWantOut(conn, false);
                self().onReadable(conn);
                if (conn->fd < 0)
                    return;
            }
            if (!conn->writeWantsRead && self().hasOutput(conn))
                self().sendOutput(conn);
        }
    }

    // connected takes the outcome of a connect that was in progress (EPOLLOUT): over TLS the
    // handshake starts (offering `alpn` when given, else the context's); true when the
    // connection goes on as plain TCP, false when it failed or is in its handshake.
    bool connected(Conn* conn, TlsContext* tls, std::string_view alpn) {
        int err = 0;
        socklen_t len = sizeof err;
        ::getsockopt(conn->fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) {
            self().failConn(conn, errnoError(err, "connect", peerText(self().requestOf(conn))));
            return false;
        }
        if (!tls)
            return true;
        Error error;
        conn->ssl = tls->newSsl(conn->fd, &error);
        if (!conn->ssl) {
            self().failConn(conn, error);
            return false;
        }
        if (!alpn.empty())
            SSL_set_alpn_protos(conn->ssl, reinterpret_cast<const unsigned char*>(alpn.data()),
                                unsigned(alpn.size()));
        conn->handshaking = true;
        handshake(conn);
        return false;
    }

    // handshake drives the TLS handshake on: done, it waits for the side of the socket
    // OpenSSL wants, or it failed.
    void handshake(Conn* conn) {
        const int rc = SSL_connect(conn->ssl);
        if (rc == 1) {
            self().handshakeDone(conn);
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
            self().failConn(conn, TlsContext::handshakeError(conn->ssl, rc, savedErrno,
                                                             peerText(self().requestOf(conn))));
            return;
        }
    }

    // readAll reads what the socket has into the loop's buffer and hands it on (onBytes):
    // true when it stopped to wait for more (for the socket readable, or over TLS perhaps
    // writable: readWantsWrite), false when the connection ended or is done with.
    bool readAll(Conn* conn) {
        for (;;) {
            ssize_t n;
            if (conn->ssl) {
                const int r = SSL_read(conn->ssl, m_buffer.data(), int(m_buffer.size()));
                if (r <= 0)
                    return !tlsReadEnded(conn, r);
                n = r;
            } else {
                n = ::recv(conn->fd, m_buffer.data(), m_buffer.size(), 0);
                if (n < 0) {
                    if (errno == EINTR)
                        continue;
                    if (errno == EAGAIN || errno == EWOULDBLOCK)
                        return true;
                    self().connectionEnded(conn, errno, nullptr);
                    return false;
                }
                if (n == 0) {
                    self().connectionEnded(conn, 0, nullptr);
                    return false;
                }
            }
            if (!self().onBytes(conn, m_buffer.data(), std::size_t(n)))
                return false;
            // Read on while the buffer came back full, or OpenSSL holds bytes epoll cannot
            // see (read ahead).
            if (conn->ssl ? !SSL_has_pending(conn->ssl) : std::size_t(n) < m_buffer.size())
                return true;
        }
    }

    // writeSome sends from `data`: the bytes sent; 0 when it waits for the socket writable
    // (or, over TLS, readable: writeWantsRead); -1 when the connection ended (sendFailed,
    // or connectionEnded with the TLS error).
    ssize_t writeSome(Conn* conn, const char* data, std::size_t size) {
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
                self().sendFailed(conn, n < 0 ? errno : ECONNRESET);
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
            ERR_clear_error();
            self().sendFailed(conn, savedErrno != 0 ? savedErrno : ECONNRESET);
            return -1;
        case SSL_ERROR_ZERO_RETURN:
            ERR_clear_error();
            // The two clients have always differed here: after the server's close_notify,
            // HTTP/2 names the socket's error if there is one, HTTP/1.1 a reset.
            self().sendFailed(conn, Loop::kCloseNotifyKeepsErrno && savedErrno != 0 ? savedErrno
                                                                                    : ECONNRESET);
            return -1;
        default: {
            const Error error = TlsContext::ioError("send", peerText(self().requestOf(conn)));
            self().connectionEnded(conn, 0, &error);
            return -1;
        }
        }
    }

    // readBeforeReset: a server may answer before it has read the whole request (a 413 to
    // an upload) and close; the rest of the request then meets a reset, while its answer
    // waits unread. It reads what came (onBytes), so that the answer ends what it answers
    // before the send's error ends the rest: false when that already ended the connection.
    bool readBeforeReset(Conn* conn) {
        for (;;) {
            ssize_t n;
            if (conn->ssl) {
                n = SSL_read(conn->ssl, m_buffer.data(), int(m_buffer.size()));
                if (n <= 0) {
                    ERR_clear_error();
                    break;
                }
            } else {
                n = ::recv(conn->fd, m_buffer.data(), m_buffer.size(), MSG_DONTWAIT);
            }
            if (n > 0) {
                if (!self().onBytes(conn, m_buffer.data(), std::size_t(n)))
                    return false;
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            break;
        }
        return true;
    }

    // closeSocket frees the connection's TLS and closes its socket (which leaves the epoll
    // set), and forgets its connect, handshake and epoll interest.
    void closeSocket(Conn* conn) {
        if (conn->ssl) {
            // Closed without a close_notify, OpenSSL would take the connection's session for
            // a bad one and mark it not resumable, and the next connections could not resume
            // it.
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
    }

    const int m_maxConnections;
    int m_epoll = -1;
    int m_wake = -1;
    int m_open = 0;
    int m_connecting = 0; // connections in their TCP connect or TLS handshake
    std::vector<char> m_buffer = std::vector<char>(kReadBuffer);
    std::vector<epoll_event> m_events = std::vector<epoll_event>(256);
    std::atomic<bool> m_quit{false};
    std::atomic<bool> m_sleeping{false};

private:
    Loop& self() { return static_cast<Loop&>(*this); }

    std::mutex m_inboxMutex;
    std::vector<Submission> m_inbox; // guarded by m_inboxMutex

    // tlsReadEnded takes a failed SSL_read (`n` <= 0): false when it waits (for the socket
    // readable, or writable), true when the connection ended (connectionEnded).
    bool tlsReadEnded(Conn* conn, int n) {
        const int savedErrno = errno;
        switch (SSL_get_error(conn->ssl, n)) {
        case SSL_ERROR_WANT_READ:
            return false;
        case SSL_ERROR_WANT_WRITE:
            conn->readWantsWrite = true;
            setWantOut(conn, true);
            return false;
        case SSL_ERROR_ZERO_RETURN:
            ERR_clear_error();
            self().connectionEnded(conn, 0, nullptr);
            return true;
        case SSL_ERROR_SYSCALL:
            ERR_clear_error();
            self().connectionEnded(conn, savedErrno, nullptr);
            return true;
        default: {
            const Error error = TlsContext::ioError("receive", peerText(self().requestOf(conn)));
            self().connectionEnded(conn, 0, &error);
            return true;
        }
        }
    }
};

} // namespace pusher::http
