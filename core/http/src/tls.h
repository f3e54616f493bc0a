// Internal: TLS for the lean HTTP/1.1 client (OpenSSL). Not installed, not part of the API.
#pragma once

#include "pusher/http/http.h"

#include <pusher/error.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

using SSL = struct ssl_st;
using SSL_CTX = struct ssl_ctx_st;
using SSL_SESSION = struct ssl_session_st;

namespace pusher::http {

// TlsContext is what a target's TLS connections share: an SSL_CTX (verification on with
// the system CA store unless `insecure`, or the CA bundle given; the client certificate
// and key if given, an encrypted key decrypted with the passphrase; ALPN "http/1.1"),
// itself shared with the other live targets of the same TLS options, the host name for SNI
// and verification (serverName, else the URL's host), and the client session cache: the
// target's last resumable session, offered by every new connection. Thread-safe: the loops
// of a target share one.
class TlsContext {
public:
    // make loads the CA bundle and the client certificate and key; on failure it returns
    // nothing and sets `error` to the option and the reason.
    static std::shared_ptr<TlsContext> make(const HttpOptions& options, const std::string& host,
                                            QString* error);
    ~TlsContext();
    TlsContext(const TlsContext&) = delete;
    TlsContext& operator=(const TlsContext&) = delete;

    // newSsl returns a client SSL on the connected non-blocking socket `fd`, with SNI,
    // the host check and the cached session set; nullptr (and `error`) on failure.
    SSL* newSsl(int fd, Error* error);

    // handshakeError explains a failed SSL_connect: the certificate verification result
    // when there is one, else the first OpenSSL error; a socket error keeps its errno's
    // kind; `peer` (peerText) is named after "TLS handshake". `ret` is SSL_connect's return value,
    // `savedErrno` errno right after it.
    static Error handshakeError(SSL* ssl, int ret, int savedErrno, std::string_view peer = {});
    // ioError explains a failed SSL_read or SSL_write after the handshake (kind "tls"),
    // and clears the thread's OpenSSL error queue.
    static Error ioError(const char* during, std::string_view peer = {});

    // onNewSession keeps the session the server gave a connection for its target.
    static int onNewSession(SSL* ssl, SSL_SESSION* session);

private:
    TlsContext() = default;

    std::shared_ptr<SSL_CTX> m_shared; // shared by the targets with the same TLS options
    SSL_CTX* m_ctx = nullptr;
    std::string m_host;
    bool m_hostIsAddress = false;
    bool m_verify = true;
    std::mutex m_sessionMutex;
    SSL_SESSION* m_session = nullptr; // guarded by m_sessionMutex
};

} // namespace pusher::http
