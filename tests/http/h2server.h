// H2Server: a small HTTP/2 server on 127.0.0.1 that misbehaves on purpose, built on
// nghttp2's server API (or raw bytes for garbage), for the failure modes nginx cannot show:
// RST_STREAM, GOAWAY mid-run, a window that never opens, bytes that are not HTTP/2. It speaks
// h2c (prior knowledge) or, given a certificate, HTTP/2 over TLS (OpenSSL, ALPN h2): every
// misbehaviour either way.
#pragma once

#include "nginx.h"

#include <nghttp2/nghttp2.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <fcntl.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace testing {

class H2Server {
public:
    enum class Mode {
        Ok,           // answer 200 to every request
        Reset,        // RST_STREAM(INTERNAL_ERROR) for every request
        GoawayDrain,  // answer; after `n` requests on a connection, GOAWAY(NO_ERROR) with
                      // the last stream it will answer, answer those, then close
        GoawayAbrupt, // answer; at the `n`-th request on a connection, GOAWAY(INTERNAL_ERROR)
                      // naming it as the last stream, and close without answering it
        CloseAfter,   // answer `n` requests on a connection, then close it (no GOAWAY)
        NoWindow,     // never send WINDOW_UPDATE, never answer (uploads stall)
        Garbage,      // read the preface, answer `garbage` bytes, keep the connection open
        NoStreams,    // SETTINGS_MAX_CONCURRENT_STREAMS 0: no request may start
        Frames,       // answer each request with the raw frames `frames(stream id)` gives
        EarlyAbort,   // answer 413 to a request's HEADERS, before its body, send GOAWAY
                      // naming that stream, and shut the connection down (a FIN)
        EarlyReset,   // the same, closed at once with the body unread (a reset)
    };
    using Frames = std::function<QByteArray(std::int32_t stream)>;
    // Tls makes the server speak TLS with this certificate and key (PEM files); without a
    // certificate it speaks h2c. noH2: the handshake selects no protocol (a TLS server that
    // does not speak HTTP/2).
    struct Tls {
        QString cert;
        QString key;
        bool noH2; // (no initializer: {} and {cert, key} make it false)
    };

    explicit H2Server(Mode mode, int n = 0, QByteArray garbage = {}, const Tls& tls = {})
        : m_mode(mode)
        , m_n(n)
        , m_garbage(std::move(garbage)) {
        start(tls);
    }
    explicit H2Server(Frames frames, const Tls& tls = {})
        : m_mode(Mode::Frames)
        , m_n(0)
        , m_frames(std::move(frames)) {
        start(tls);
    }

    // frame is one HTTP/2 frame: its 9-byte header and `payload`.
    static QByteArray frame(std::uint8_t type, std::uint8_t flags, std::int32_t stream,
                            const QByteArray& payload) {
        const auto n = std::uint32_t(payload.size());
        QByteArray f;
        f.append(char(n >> 16)).append(char(n >> 8)).append(char(n));
        f.append(char(type)).append(char(flags));
        f.append(char(stream >> 24)).append(char(stream >> 16)).append(char(stream >> 8));
        f.append(char(stream));
        return f + payload;
    }
    ~H2Server() {
        m_quit.store(true);
        m_thread.join();
        for (auto& [fd, conn] : m_conns) {
            if (conn->session)
                nghttp2_session_del(conn->session);
            if (conn->ssl)
                SSL_free(conn->ssl);
            ::close(fd);
        }
        ::close(m_listen);
        if (m_ctx)
            SSL_CTX_free(m_ctx);
    }

    QString url(const QString& path = QStringLiteral("/")) const {
        return QStringLiteral("%1://127.0.0.1:%2%3")
            .arg(m_ctx ? QStringLiteral("https") : QStringLiteral("http"))
            .arg(m_port)
            .arg(path);
    }
    // ok is false when the certificate or key could not be loaded.
    bool ok() const { return m_listen >= 0 && m_ok; }
    int accepted() const { return m_accepted.load(); }
    int handshakes() const { return m_handshakes.load(); }
    int requests() const { return m_requests.load(); }
    int answered() const { return m_answered.load(); }
    int resets() const { return m_resets.load(); }
    int goaways() const { return m_goaways.load(); }

private:
    struct Conn {
        H2Server* server = nullptr;
        int fd = -1;
        nghttp2_session* session = nullptr;
        SSL* ssl = nullptr;       // TLS: nullptr for h2c
        bool handshaking = false; // TLS: the handshake is not finished (the socket non-blocking)
        bool wantWrite = false;   // ... and waits to write
        int requests = 0;
        bool closeAfterFlush = false;
        bool garbageSent = false;
        std::int32_t lastStream = 0;
        bool goawaySent = false;
        bool closing = false; // written shut: reads are drained until the client closes
        QByteArray raw;       // Frames: bytes to send after the session's own
        bool abort = false;   // EarlyAbort, EarlyReset: not lingering
    };

    void start(const Tls& tls) {
        if (!tls.cert.isEmpty()) {
            m_ctx = SSL_CTX_new(TLS_server_method());
            m_ok = m_ctx &&
                   SSL_CTX_use_certificate_chain_file(m_ctx, tls.cert.toLocal8Bit().constData()) ==
                       1 &&
                   SSL_CTX_use_PrivateKey_file(m_ctx, tls.key.toLocal8Bit().constData(),
                                               SSL_FILETYPE_PEM) == 1;
            if (m_ctx && !tls.noH2)
                SSL_CTX_set_alpn_select_cb(m_ctx, &H2Server::selectH2, nullptr);
        }
        m_listen = listenLoopback(&m_port, 1024);
        m_thread = std::thread([this] { run(); });
    }

    static int selectH2(SSL*, const unsigned char** out, unsigned char* outLength,
                        const unsigned char* in, unsigned int inLength, void*) {
        static const unsigned char h2[] = {2, 'h', '2'};
        unsigned char* selected = nullptr;
        if (SSL_select_next_proto(&selected, outLength, h2, sizeof h2, in, inLength) !=
            OPENSSL_NPN_NEGOTIATED)
            return SSL_TLSEXT_ERR_NOACK;
        *out = selected;
        return SSL_TLSEXT_ERR_OK;
    }

    bool early() const { return m_mode == Mode::EarlyAbort || m_mode == Mode::EarlyReset; }

    static int onFrame(nghttp2_session* session, const nghttp2_frame* frame, void* user) {
        Conn* c = static_cast<Conn*>(user);
        H2Server* s = c->server;
        const bool request =
            (frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA) &&
            ((frame->hd.flags & NGHTTP2_FLAG_END_STREAM) ||
             (s->early() && frame->hd.type == NGHTTP2_HEADERS));
        if (!request)
            return 0;
        const std::int32_t id = frame->hd.stream_id;
        if (c->goawaySent && id > c->lastStream)
            return 0; // refused by the GOAWAY: nghttp2 ignores it too
        if (c->closeAfterFlush)
            return 0; // closing: left unanswered
        s->m_requests.fetch_add(1);
        ++c->requests;
        switch (s->m_mode) {
        case Mode::Reset:
            nghttp2_submit_rst_stream(session, NGHTTP2_FLAG_NONE, id, NGHTTP2_INTERNAL_ERROR);
            s->m_resets.fetch_add(1);
            return 0;
        case Mode::GoawayAbrupt:
            if (c->requests == s->m_n) {
                nghttp2_submit_goaway(session, NGHTTP2_FLAG_NONE, id, NGHTTP2_INTERNAL_ERROR,
                                      nullptr, 0);
                s->m_goaways.fetch_add(1);
                c->goawaySent = true;
                c->lastStream = id;
                c->closeAfterFlush = true;
                return 0;
            }
            break;
        case Mode::NoWindow:
        case Mode::Garbage:
            return 0;
        case Mode::Frames:
            c->raw += s->m_frames(id);
            s->m_answered.fetch_add(1);
            return 0;
        default:
            break;
        }
        if (s->early()) {
            static const char status[] = ":status";
            static const char code[] = "413";
            nghttp2_nv nv{(std::uint8_t*)status, (std::uint8_t*)code, 7, 3, NGHTTP2_NV_FLAG_NONE};
            nghttp2_submit_response(session, id, &nv, 1, nullptr);
            nghttp2_submit_goaway(session, NGHTTP2_FLAG_NONE, id, NGHTTP2_NO_ERROR, nullptr, 0);
            s->m_answered.fetch_add(1);
            s->m_goaways.fetch_add(1);
            c->goawaySent = true;
            c->lastStream = id;
            c->closeAfterFlush = true;
            c->abort = true;
            return 0;
        }
        static const char status[] = ":status";
        static const char ok[] = "200";
        nghttp2_nv nv{(std::uint8_t*)status, (std::uint8_t*)ok, 7, 3, NGHTTP2_NV_FLAG_NONE};
        nghttp2_submit_response(session, id, &nv, 1, nullptr);
        s->m_answered.fetch_add(1);
        if (s->m_mode == Mode::CloseAfter && c->requests == s->m_n)
            c->closeAfterFlush = true;
        if (s->m_mode == Mode::GoawayDrain && c->requests == s->m_n) {
            nghttp2_submit_goaway(session, NGHTTP2_FLAG_NONE, id, NGHTTP2_NO_ERROR, nullptr, 0);
            s->m_goaways.fetch_add(1);
            c->goawaySent = true;
            c->lastStream = id;
        }
        return 0;
    }

    void open(int fd) {
        auto conn = std::make_unique<Conn>();
        conn->server = this;
        conn->fd = fd;
        if (m_ctx) {
            // The handshake runs without blocking in the poll loop; the connection's frames
            // are written (blocking, bounded) once it is done.
            ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
            conn->ssl = SSL_new(m_ctx);
            SSL_set_fd(conn->ssl, fd);
            SSL_set_accept_state(conn->ssl);
            conn->handshaking = true;
        }
        if (m_mode != Mode::Garbage) {
            nghttp2_session_callbacks* cb = nullptr;
            nghttp2_session_callbacks_new(&cb);
            nghttp2_session_callbacks_set_on_frame_recv_callback(cb, &H2Server::onFrame);
            nghttp2_option* opt = nullptr;
            nghttp2_option_new(&opt);
            if (m_mode == Mode::NoWindow)
                nghttp2_option_set_no_auto_window_update(opt, 1);
            nghttp2_session_server_new2(&conn->session, cb, conn.get(), opt);
            nghttp2_option_del(opt);
            nghttp2_session_callbacks_del(cb);
            // Early answers come to uploads sent in full flow (windows as large as the
            // client's own): the answer and the close meet the client while it sends.
            const std::uint32_t window = early() ? (1u << 30) - 1 : 65535u;
            const nghttp2_settings_entry settings[] = {
                {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, m_mode == Mode::NoStreams ? 0u : 100u},
                {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, window}};
            nghttp2_submit_settings(conn->session, NGHTTP2_FLAG_NONE, settings, 2);
            if (early())
                nghttp2_session_set_local_window_size(conn->session, NGHTTP2_FLAG_NONE, 0,
                                                      std::int32_t(window));
        }
        m_conns[fd] = std::move(conn);
    }

    void drop(int fd) {
        auto it = m_conns.find(fd);
        if (it->second->session)
            nghttp2_session_del(it->second->session);
        if (it->second->ssl)
            SSL_free(it->second->ssl); // no close_notify: a close (or reset) as it comes
        ::close(fd);
        m_conns.erase(it);
    }

    // linger ends a connection as servers do: shut for writing, then read what the client
    // still sends until it closes (a close with unread bytes would reset the connection and
    // throw away what was sent last).
    void linger(Conn& c) {
        if (c.closing)
            return;
        if (c.ssl)
            SSL_shutdown(c.ssl); // close_notify, as a server ending a TLS connection sends
        if (c.abort) {
            ::shutdown(c.fd, SHUT_RDWR); // unread bytes: a reset; drop() closes it
            c.closing = true;
            return;
        }
        c.closing = true;
        ::shutdown(c.fd, SHUT_WR);
    }

    // write sends all of `size` bytes (through TLS when the connection has it).
    static bool write(Conn& c, const void* data, std::size_t size) {
        if (c.ssl)
            return SSL_write(c.ssl, data, int(size)) == int(size);
        return ::send(c.fd, data, size, MSG_NOSIGNAL) == ssize_t(size);
    }

    // read receives what came (through TLS when the connection has it); <= 0 when the
    // connection ended or failed.
    static ssize_t read(Conn& c, char* buf, std::size_t size) {
        if (c.ssl && !c.closing) {
            const int n = SSL_read(c.ssl, buf, int(size));
            if (n <= 0)
                ERR_clear_error();
            return n;
        }
        return ::recv(c.fd, buf, size, 0); // lingering TLS: the records are dropped unread
    }

    // handshake moves a TLS handshake on; false when it failed.
    bool handshake(Conn& c) {
        const int rc = SSL_accept(c.ssl);
        if (rc == 1) {
            c.handshaking = false;
            c.wantWrite = false;
            m_handshakes.fetch_add(1);
            ::fcntl(c.fd, F_SETFL, ::fcntl(c.fd, F_GETFL) & ~O_NONBLOCK);
            timeval tv{2, 0}; // a client that stops reading or writing does not stall the rest
            ::setsockopt(c.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            ::setsockopt(c.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
            if (!flush(c))
                linger(c);
            return true;
        }
        const int e = SSL_get_error(c.ssl, rc);
        ERR_clear_error();
        c.wantWrite = e == SSL_ERROR_WANT_WRITE;
        return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE;
    }

    // flush sends what the session has; false when the connection is to be closed.
    bool flush(Conn& c) {
        if (!c.session || c.handshaking)
            return true;
        for (;;) {
            const std::uint8_t* data = nullptr;
            const ssize_t n = nghttp2_session_mem_send(c.session, &data);
            if (n <= 0)
                break;
            if (!write(c, data, std::size_t(n)))
                return false;
        }
        if (!c.raw.isEmpty()) {
            const QByteArray raw = std::exchange(c.raw, {});
            if (!write(c, raw.constData(), std::size_t(raw.size())))
                return false;
        }
        if (c.closeAfterFlush)
            return false;
        return nghttp2_session_want_read(c.session) || nghttp2_session_want_write(c.session);
    }

    void run() {
        // OpenSSL writes with write(): a client gone raises SIGPIPE, which this thread keeps
        // blocked (its writes fail with EPIPE instead).
        sigset_t pipe;
        sigemptyset(&pipe);
        sigaddset(&pipe, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
        while (!m_quit.load()) {
            std::vector<pollfd> fds{{m_listen, POLLIN, 0}};
            for (const auto& [fd, conn] : m_conns)
                fds.push_back({fd, short(conn->wantWrite ? POLLIN | POLLOUT : POLLIN), 0});
            if (::poll(fds.data(), fds.size(), 5) <= 0)
                continue;
            if (fds[0].revents & POLLIN) {
                const int fd = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
                if (fd >= 0) {
                    const int one = 1; // frames leave as they are written (a close may follow)
                    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    m_accepted.fetch_add(1);
                    open(fd);
                    if (!flush(*m_conns[fd]))
                        linger(*m_conns[fd]);
                }
            }
            for (std::size_t i = 1; i < fds.size(); ++i) {
                if (!(fds[i].revents & (POLLIN | POLLOUT | POLLHUP | POLLERR)))
                    continue;
                const int fd = fds[i].fd;
                Conn& c = *m_conns[fd];
                if (c.handshaking) {
                    if (!handshake(c))
                        drop(fd);
                    continue;
                }
                char buf[16384];
                const ssize_t r = read(c, buf, sizeof buf);
                if (r <= 0) {
                    drop(fd);
                    continue;
                }
                if (c.closing)
                    continue;
                if (!c.session) {
                    if (!c.garbageSent) {
                        c.garbageSent = true;
                        write(c, m_garbage.constData(), std::size_t(m_garbage.size()));
                    }
                    continue;
                }
                // TLS: a record read in part leaves the rest with OpenSSL, unseen by poll.
                ssize_t used = nghttp2_session_mem_recv(
                    c.session, reinterpret_cast<std::uint8_t*>(buf), std::size_t(r));
                for (int more = 0; used >= 0 && c.ssl && SSL_pending(c.ssl) > 0 && more < 64;
                     ++more) {
                    const ssize_t n = read(c, buf, sizeof buf);
                    if (n <= 0)
                        break;
                    used = nghttp2_session_mem_recv(c.session, reinterpret_cast<std::uint8_t*>(buf),
                                                    std::size_t(n));
                }
                if (used < 0 || !flush(c)) {
                    if (c.abort && m_mode == Mode::EarlyReset) {
                        drop(fd); // the body unread: a reset
                        continue;
                    }
                    linger(c);
                }
            }
        }
    }

    const Mode m_mode;
    const int m_n;
    const QByteArray m_garbage;
    const Frames m_frames;
    SSL_CTX* m_ctx = nullptr;
    bool m_ok = true;
    int m_listen = -1;
    int m_port = 0;
    std::map<int, std::unique_ptr<Conn>> m_conns;
    std::atomic<bool> m_quit{false};
    std::atomic<int> m_accepted{0};
    std::atomic<int> m_handshakes{0};
    std::atomic<int> m_requests{0};
    std::atomic<int> m_answered{0};
    std::atomic<int> m_resets{0};
    std::atomic<int> m_goaways{0};
    std::thread m_thread;
};

} // namespace testing
