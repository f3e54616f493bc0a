#include "tls.h"

#include "client.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <map>

namespace pusher::http {

namespace {

// The socket BIO sends with MSG_NOSIGNAL: OpenSSL's own socket BIO uses write(), which
// raises SIGPIPE when the server has closed, and that would kill a process that does not
// ignore the signal (the GUI, a test).
int bioWrite(BIO* bio, const char* data, int length) {
    const int fd = int(reinterpret_cast<std::intptr_t>(BIO_get_data(bio)));
    BIO_clear_retry_flags(bio);
    const ssize_t n = ::send(fd, data, std::size_t(length), MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        BIO_set_retry_write(bio);
    return int(n);
}

int bioRead(BIO* bio, char* data, int length) {
    const int fd = int(reinterpret_cast<std::intptr_t>(BIO_get_data(bio)));
    BIO_clear_retry_flags(bio);
    const ssize_t n = ::recv(fd, data, std::size_t(length), 0);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        BIO_set_retry_read(bio);
    return int(n);
}

long bioCtrl(BIO*, int cmd, long, void*) {
    return cmd == BIO_CTRL_FLUSH ? 1 : 0;
}

int bioCreate(BIO* bio) {
    BIO_set_init(bio, 1);
    return 1;
}

BIO_METHOD* socketMethod() {
    static BIO_METHOD* method = [] {
        BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "pusher socket");
        BIO_meth_set_write(m, bioWrite);
        BIO_meth_set_read(m, bioRead);
        BIO_meth_set_ctrl(m, bioCtrl);
        BIO_meth_set_create(m, bioCreate);
        return m;
    }();
    return method;
}

// firstError returns the reason of the first error in the thread's OpenSSL queue and
// clears the queue.
std::string firstError() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return {};
    if (ERR_SYSTEM_ERROR(code))
        return std::strerror(ERR_GET_REASON(code));
    const char* reason = ERR_reason_error_string(code);
    if (reason)
        return reason;
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

bool fail(QString* error, const QString& text) {
    if (error)
        *error = text;
    return false;
}

bool isAddress(const std::string& host) {
    unsigned char buffer[sizeof(in6_addr)];
    return inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
           inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

// Passphrase answers OpenSSL's question for an encrypted key: the configured passphrase,
// never a prompt on the terminal (OpenSSL's default asks on /dev/tty and would block a run).
struct Passphrase {
    QByteArray text;
    bool asked = false;
};

int passphraseCallback(char* buffer, int size, int, void* user) {
    auto* p = static_cast<Passphrase*>(user);
    p->asked = true;
    if (p->text.isEmpty() || p->text.size() > size)
        return -1;
    std::memcpy(buffer, p->text.constData(), std::size_t(p->text.size()));
    return int(p->text.size());
}

// useKey loads the client's private key from `file` (PEM, encrypted or not) into `ctx`.
bool useKey(SSL_CTX* ctx, const QString& file, const QString& passphrase, QString* error) {
    BIO* bio = BIO_new_file(file.toLocal8Bit().constData(), "r");
    if (!bio)
        return fail(error, QStringLiteral("clientKey: cannot load \"%1\": %2")
                               .arg(file, QString::fromStdString(firstError())));
    Passphrase p{passphrase.toUtf8(), false};
    EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, passphraseCallback, &p);
    BIO_free(bio);
    if (!key) {
        const QString reason = QString::fromStdString(firstError());
        if (p.asked && passphrase.isEmpty())
            return fail(error, QStringLiteral("clientKey: \"%1\" is encrypted and no passphrase "
                                              "is given")
                                   .arg(file));
        if (p.asked)
            return fail(error, QStringLiteral("clientKeyPassphrase: cannot decrypt \"%1\": wrong "
                                              "passphrase (%2)")
                                   .arg(file, reason));
        return fail(error, QStringLiteral("clientKey: cannot load \"%1\": %2").arg(file, reason));
    }
    const bool used = SSL_CTX_use_PrivateKey(ctx, key) == 1;
    EVP_PKEY_free(key);
    if (!used)
        return fail(error, QStringLiteral("clientKey: cannot use \"%1\": %2")
                               .arg(file, QString::fromStdString(firstError())));
    return true;
}

} // namespace

namespace {

// loadContext makes an SSL_CTX for these options. Loading the system CA store alone takes
// tens of milliseconds (Debian's bundle has ~140 certificates), so contexts are shared by
// all the targets alive with the same TLS options (a scenario of many https workers, a
// worker forced 1,000 times); once the last goes, the next target loads the files again.
std::shared_ptr<SSL_CTX> loadContext(const HttpOptions& o, QString* error) {
    const QString key = QStringLiteral("%1\n%2\n%3\n%4\n%5")
                            .arg(o.insecure ? 0 : 1)
                            .arg(o.insecure ? QString() : o.caFile, o.clientCert, o.clientKey,
                                 o.clientKeyPassphrase);
    static std::mutex mutex;
    static std::map<QString, std::weak_ptr<SSL_CTX>> cache;
    std::lock_guard lock(mutex);
    if (auto found = cache[key].lock())
        return found;
    for (auto it = cache.begin(); it != cache.end();)
        it = it->second.expired() ? cache.erase(it) : std::next(it);

    ERR_clear_error();
    std::shared_ptr<SSL_CTX> shared(SSL_CTX_new(TLS_client_method()), SSL_CTX_free);
    SSL_CTX* ctx = shared.get();
    if (!ctx)
        return fail(error, QStringLiteral("tls: cannot create a context: %1")
                               .arg(QString::fromStdString(firstError()))),
               nullptr;
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    // A server that closes without close_notify ends the stream like a close_notify: a
    // response read until close still completes, a cut one is a protocol error.
    SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
    // Read ahead: one recv per burst of records instead of two per record (header, body).
    SSL_CTX_set_read_ahead(ctx, 1);
    static const unsigned char alpn[] = "\x08http/1.1";
    SSL_CTX_set_alpn_protos(ctx, alpn, sizeof alpn - 1);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(ctx, &TlsContext::onNewSession);

    if (!o.insecure) {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
        if (!o.caFile.isEmpty()) {
            if (SSL_CTX_load_verify_locations(ctx, o.caFile.toLocal8Bit().constData(), nullptr) !=
                1)
                return fail(error, QStringLiteral("caFile: cannot load \"%1\": %2")
                                       .arg(o.caFile, QString::fromStdString(firstError()))),
                       nullptr;
        } else if (SSL_CTX_set_default_verify_paths(ctx) != 1) {
            return fail(error, QStringLiteral("tls: cannot load the system CA store: %1")
                                   .arg(QString::fromStdString(firstError()))),
                   nullptr;
        }
    }
    if (!o.clientKey.isEmpty() && o.clientCert.isEmpty())
        return fail(error, QStringLiteral("clientKey: needs clientCert")), nullptr;
    if (!o.clientCert.isEmpty()) {
        if (SSL_CTX_use_certificate_chain_file(ctx, o.clientCert.toLocal8Bit().constData()) != 1)
            return fail(error, QStringLiteral("clientCert: cannot load \"%1\": %2")
                                   .arg(o.clientCert, QString::fromStdString(firstError()))),
                   nullptr;
        // Without a key file the key is in the certificate's file.
        const QString keyFile = o.clientKey.isEmpty() ? o.clientCert : o.clientKey;
        if (!useKey(ctx, keyFile, o.clientKeyPassphrase, error))
            return nullptr;
        if (SSL_CTX_check_private_key(ctx) != 1)
            return fail(error,
                        QStringLiteral("clientKey: \"%1\" does not match the certificate "
                                       "\"%2\": %3")
                            .arg(keyFile, o.clientCert, QString::fromStdString(firstError()))),
                   nullptr;
    }
    ERR_clear_error();
    cache[key] = shared;
    return shared;
}

} // namespace

std::shared_ptr<TlsContext> TlsContext::make(const HttpOptions& o, const std::string& host,
                                             QString* error) {
    std::shared_ptr<TlsContext> tls(new TlsContext);
    tls->m_shared = loadContext(o, error);
    if (!tls->m_shared)
        return nullptr;
    tls->m_ctx = tls->m_shared.get();
    // An IPv6 host comes bracketed from the URL. A server name given replaces the URL's
    // host for SNI and verification.
    if (!o.serverName.isEmpty())
        tls->m_host = o.serverName.toStdString();
    else
        tls->m_host = host.size() > 2 && host.front() == '[' && host.back() == ']'
                          ? host.substr(1, host.size() - 2)
                          : host;
    tls->m_hostIsAddress = isAddress(tls->m_host);
    tls->m_verify = !o.insecure;
    return tls;
}

TlsContext::~TlsContext() {
    if (m_session)
        SSL_SESSION_free(m_session);
}

int TlsContext::onNewSession(SSL* ssl, SSL_SESSION* session) {
    // Each connection points at its target's TlsContext: contexts are shared, sessions not.
    auto* self = static_cast<TlsContext*>(SSL_get_app_data(ssl));
    if (!SSL_SESSION_is_resumable(session))
        return 0;
    std::lock_guard lock(self->m_sessionMutex);
    if (self->m_session)
        SSL_SESSION_free(self->m_session);
    self->m_session = session;
    return 1; // we keep the reference
}

SSL* TlsContext::newSsl(int fd, Error* error) {
    SSL* ssl = SSL_new(m_ctx);
    BIO* bio = ssl ? BIO_new(socketMethod()) : nullptr;
    if (!bio) {
        *error = Error("tls", "cannot create a TLS connection: " + firstError());
        if (ssl)
            SSL_free(ssl);
        return nullptr;
    }
    BIO_set_data(bio, reinterpret_cast<void*>(std::intptr_t(fd)));
    SSL_set_bio(ssl, bio, bio);
    SSL_set_connect_state(ssl);
    SSL_set_app_data(ssl, this);
    bool ok = true;
    // SNI names a host, never an address (RFC 6066).
    if (!m_hostIsAddress)
        ok = SSL_set_tlsext_host_name(ssl, m_host.c_str()) == 1;
    if (ok && m_verify) {
        X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        ok = m_hostIsAddress ? X509_VERIFY_PARAM_set1_ip_asc(param, m_host.c_str()) == 1
                             : X509_VERIFY_PARAM_set1_host(param, m_host.c_str(), 0) == 1;
    }
    if (ok) {
        std::lock_guard lock(m_sessionMutex);
        if (m_session)
            ok = SSL_set_session(ssl, m_session) == 1;
    }
    if (!ok) {
        *error = Error("tls", "cannot set up a TLS connection to " + m_host + ": " + firstError());
        SSL_free(ssl);
        return nullptr;
    }
    return ssl;
}

Error TlsContext::handshakeError(SSL* ssl, int ret, int savedErrno, std::string_view peer) {
    const int kind = SSL_get_error(ssl, ret);
    // Without verification OpenSSL still records what it found wrong with the chain; that
    // is not why the handshake failed.
    const long verify =
        SSL_get_verify_mode(ssl) == SSL_VERIFY_NONE ? X509_V_OK : SSL_get_verify_result(ssl);
    std::string reason = firstError();
    std::string during = "TLS handshake";
    if (!peer.empty())
        during.append(" ").append(peer);
    if (verify != X509_V_OK)
        return Error("tls", during + ": certificate verify failed: " +
                                X509_verify_cert_error_string(verify));
    if (kind == SSL_ERROR_SYSCALL || (kind == SSL_ERROR_SSL && reason.empty())) {
        if (savedErrno != 0 && savedErrno != EAGAIN)
            return errnoError(savedErrno, during);
        return Error("reset", during + ": connection closed by the server");
    }
    if (kind == SSL_ERROR_ZERO_RETURN)
        return Error("reset", during + ": connection closed by the server");
    return Error("tls", during + ": " + (reason.empty() ? std::string("failed") : reason));
}

Error TlsContext::ioError(const char* during, std::string_view peer) {
    const std::string reason = firstError();
    std::string text = std::string("TLS ") + during;
    if (!peer.empty())
        text.append(" ").append(peer);
    return Error("tls", text + ": " + (reason.empty() ? std::string("failed") : reason));
}

} // namespace pusher::http
