#include "pusher/http/http.h"

#include "client.h"
#include "tls.h"

#include <QUrl>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstring>

namespace pusher {

namespace {

bool isToken(const QByteArray& s) {
    if (s.isEmpty())
        return false;
    for (char c : s) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                        (c >= 'A' && c <= 'Z') ||
                        (c != '\0' && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr);
        if (!ok)
            return false;
    }
    return true;
}

bool fail(QString* error, const QString& text) {
    if (error)
        *error = text;
    return false;
}

// toAddress parses a numeric IPv4 or IPv6 address.
bool toAddress(const std::string& text, int port, sockaddr_storage* out, socklen_t* len) {
    std::memset(out, 0, sizeof *out);
    auto* v4 = reinterpret_cast<sockaddr_in*>(out);
    if (inet_pton(AF_INET, text.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(std::uint16_t(port));
        *len = sizeof(sockaddr_in);
        return true;
    }
    auto* v6 = reinterpret_cast<sockaddr_in6*>(out);
    if (inet_pton(AF_INET6, text.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(std::uint16_t(port));
        *len = sizeof(sockaddr_in6);
        return true;
    }
    return false;
}

// resolveOnce resolves `host` with `resolver` (numeric hosts need none) into the first
// usable address, or explains why not.
bool resolveOnce(const Resolver& resolver, const std::string& host, int port,
                 sockaddr_storage* address, socklen_t* length, std::string* text,
                 std::string* why) {
    if (toAddress(host, port, address, length)) {
        *text = host;
        return true;
    }
    QString error;
    const QString name = QString::fromStdString(host);
    const QStringList found = resolver ? resolver(name, &error) : defaultResolver(name, &error);
    for (const QString& candidate : found) {
        const std::string c = candidate.toStdString();
        if (toAddress(c, port, address, length)) {
            *text = c;
            return true;
        }
    }
    *why = "cannot resolve " + host + ": " +
           (error.isEmpty() ? std::string("no address") : error.toStdString());
    return false;
}

std::string pinFor(const std::string& host, int port, const std::string& address) {
    const bool v6 = address.find(':') != std::string::npos;
    return host + ':' + std::to_string(port) + ':' + (v6 ? '[' + address + ']' : address);
}

} // namespace

QStringList defaultResolver(const QString& host, QString* error) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* list = nullptr;
    const int rc = getaddrinfo(host.toUtf8().constData(), nullptr, &hints, &list);
    QStringList out;
    if (rc != 0) {
        if (error)
            *error = QString::fromUtf8(gai_strerror(rc));
        return out;
    }
    for (addrinfo* a = list; a; a = a->ai_next) {
        char text[NI_MAXHOST];
        if (getnameinfo(a->ai_addr, a->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) ==
            0) {
            const QString s = QString::fromUtf8(text);
            if (!out.contains(s))
                out.append(s);
        }
    }
    freeaddrinfo(list);
    return out;
}

namespace http {

Error Request::statusError(int status) const {
    if (status >= 0 && status < int(okStatus.size()) && okStatus.test(std::size_t(status)))
        return {};
    return Error("http_" + std::to_string(status),
                 "unexpected HTTP status " + std::to_string(status));
}

Error errnoError(int err, const char* during) {
    const std::string text = std::string(during) + ": " + std::strerror(err);
    switch (err) {
    case ECONNREFUSED:
    case ENETUNREACH:
    case EHOSTUNREACH:
    case EADDRNOTAVAIL:
        return Error("refused", text);
    case ETIMEDOUT:
        return Error("timeout", text);
    case ECONNRESET:
    case EPIPE:
    case ECONNABORTED:
        return Error("reset", text);
    default:
        return Error("socket", text);
    }
}

} // namespace http

Target makeHttpTarget(const HttpOptions& options, QString* error) {
    using http::Request;
    if (options.url.isEmpty())
        return fail(error, QStringLiteral("url: empty")), Target();
    const QUrl url(options.url, QUrl::StrictMode);
    if (!url.isValid())
        return fail(error, QStringLiteral("url: invalid (%1)").arg(url.errorString())), Target();
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return fail(error, QStringLiteral("url: scheme must be http or https, not \"%1\"")
                               .arg(url.scheme())),
               Target();
    if (url.host().isEmpty())
        return fail(error, QStringLiteral("url: no host in \"%1\"").arg(options.url)), Target();
    if (!isToken(options.method))
        return fail(error, QStringLiteral("method: \"%1\" is not a valid HTTP method")
                               .arg(QString::fromUtf8(options.method))),
               Target();
    for (const auto& [name, value] : options.headers) {
        if (!isToken(name))
            return fail(error, QStringLiteral("headers: invalid header name \"%1\"")
                                   .arg(QString::fromUtf8(name))),
                   Target();
        if (value.contains('\r') || value.contains('\n') || value.contains('\0'))
            return fail(error, QStringLiteral("headers: the value of \"%1\" contains a line break")
                                   .arg(QString::fromUtf8(name))),
                   Target();
    }
    if (options.timeout <= Duration::zero())
        return fail(error, QStringLiteral("timeout: must be positive")), Target();
    for (int code : options.expectStatus) {
        if (code < 100 || code > 999)
            return fail(
                       error,
                       QStringLiteral("expectStatus: %1 is not a status code (100-999)").arg(code)),
                   Target();
    }
    if (options.connections < 0)
        return fail(error, QStringLiteral("connections: must not be negative")), Target();
    if (options.streams < 1 || options.streams > 1024)
        return fail(error, QStringLiteral("streams: must be between 1 and 1024")), Target();
    if (options.ioThreads < 1 || options.ioThreads > 64)
        return fail(error, QStringLiteral("ioThreads: must be between 1 and 64")), Target();
    QUrl proxy;
    if (!options.proxy.isEmpty()) {
        proxy = QUrl(options.proxy, QUrl::StrictMode);
        if (!proxy.isValid() || proxy.host().isEmpty())
            return fail(error, QStringLiteral("proxy: invalid URL \"%1\"").arg(options.proxy)),
                   Target();
    }

    auto request = std::make_shared<Request>();
    request->options = options;
    request->scheme = scheme.toStdString();
    request->host = url.host(QUrl::FullyEncoded).toStdString();
    request->port = url.port(scheme == QLatin1String("https") ? 443 : 80);
    QByteArray path = url.path(QUrl::FullyEncoded).toUtf8();
    if (path.isEmpty())
        path = "/";
    if (url.hasQuery())
        path += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    request->path = path.toStdString();
    request->head = options.method == "HEAD";
    request->idempotent = options.method == "GET" || options.method == "HEAD" ||
                          options.method == "PUT" || options.method == "DELETE" ||
                          options.method == "OPTIONS" || options.method == "TRACE";
    if (options.expectStatus.isEmpty()) {
        for (int code = 200; code < 400; ++code)
            request->okStatus.set(std::size_t(code));
    } else {
        for (int code : options.expectStatus)
            request->okStatus.set(std::size_t(code));
    }

    // The lean client speaks HTTP/1.1 or HTTP/2 over TCP or TLS, to the URL's host directly.
    const bool https = scheme == QLatin1String("https");
    const bool lean = options.proxy.isEmpty() && !options.followRedirects;
    const bool h2 = lean && options.version == HttpOptions::Version::Http2;
    const bool fast = lean && !h2;
    if (https) {
        // Made for libcurl's targets too, so a CA bundle or client certificate that does not
        // load is an error of the target, not of every call.
        QString why;
        request->tls = http::TlsContext::make(options, request->host, &why);
        if (!request->tls)
            return fail(error, why), Target();
        if (!lean)
            request->tls.reset();
    }

    // Names are resolved here, once per target. Through a proxy the proxy resolves the
    // URL's host; we resolve (and pin) only the proxy's.
    std::string why;
    if (proxy.isValid() && !proxy.isEmpty()) {
        const std::string proxyHost = proxy.host(QUrl::FullyEncoded).toStdString();
        const int proxyPort = proxy.port(1080);
        sockaddr_storage ignored{};
        socklen_t ignoredLength = 0;
        std::string text;
        if (resolveOnce(options.resolver, proxyHost, proxyPort, &ignored, &ignoredLength, &text,
                        &why))
            request->curlResolve.push_back(pinFor(proxyHost, proxyPort, text));
        else
            request->dnsError = why;
    } else if (resolveOnce(options.resolver, request->host, request->port, &request->address,
                           &request->addressLength, &request->addressText, &why)) {
        request->curlResolve.push_back(pinFor(request->host, request->port, request->addressText));
    } else {
        request->dnsError = why;
    }

    if (fast) {
        std::string& b = request->bytes;
        b = options.method.toStdString() + ' ' + request->path + " HTTP/1.1\r\n";
        bool hasHost = false;
        bool hasLength = false;
        for (const auto& [name, value] : options.headers) {
            hasHost = hasHost || name.compare("host", Qt::CaseInsensitive) == 0;
            hasLength = hasLength || name.compare("content-length", Qt::CaseInsensitive) == 0;
        }
        if (!hasHost) {
            const bool v6 = request->host.find(':') != std::string::npos;
            b += "Host: " + (v6 ? '[' + request->host + ']' : request->host);
            if (request->port != (https ? 443 : 80))
                b += ':' + std::to_string(request->port);
            b += "\r\n";
        }
        for (const auto& [name, value] : options.headers)
            b += name.toStdString() + ": " + value.toStdString() + "\r\n";
        const bool bodyMethod =
            options.method == "POST" || options.method == "PUT" || options.method == "PATCH";
        if (!hasLength && (!options.body.isEmpty() || bodyMethod))
            b += "Content-Length: " + std::to_string(options.body.size()) + "\r\n";
        b += "\r\n";
        b.append(options.body.constData(), std::size_t(options.body.size()));
    }

    if (!request->dnsError.empty()) {
        const Error dns("dns", request->dnsError);
        return Target::async([dns](const Context&, Completion done) { done(Result{}, dns); });
    }
    std::shared_ptr<http::Client> client = h2     ? http::makeH2Client(request)
                                           : fast ? http::makeFastClient(request)
                                                  : http::makeCurlClient(request);
    return Target::async(
        [client](const Context& ctx, Completion done) { client->start(ctx, std::move(done)); });
}

} // namespace pusher
