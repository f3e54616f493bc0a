#include "pusher/http/http.h"

#include "client.h"
#include "ring.h"
#include "tls.h"

#include <pusher/data/datatable.h>
#include <pusher/http/url.h>

#include <QUrl>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace pusher {

namespace http {
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
} // namespace http

namespace {

using http::isToken;

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
// usable address, or explains why not ("cannot resolve HOST:PORT: why").
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
    // Named as a connection's errors name their endpoint: "host:port" ("[…]:port" if the
    // host has a colon), so that the port tried is said too.
    const bool colon = host.find(':') != std::string::npos;
    *why = "cannot resolve " + (colon ? '[' + host + ']' : host) + ':' + std::to_string(port) +
           ": " + (error.isEmpty() ? std::string("no address") : error.toStdString());
    return false;
}

std::string pinFor(const std::string& host, int port, const std::string& address) {
    const bool v6 = address.find(':') != std::string::npos;
    return host + ':' + std::to_string(port) + ':' + (v6 ? '[' + address + ']' : address);
}

// escapeUrlValue appends a data value to a URL, percent-encoding the bytes a URL cannot
// hold (controls, space, non-ASCII, "<>\\^`{|}#); reserved characters such as & = / ? and %
// pass as they are.
void escapeUrlValue(std::string_view value, std::string* out) {
    static const char hex[] = "0123456789ABCDEF";
    for (char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c >= 0x7f || std::strchr("\"<>\\^`{|}#", ch) != nullptr) {
            out->push_back('%');
            out->push_back(hex[c >> 4]);
            out->push_back(hex[c & 15]);
        } else {
            out->push_back(ch);
        }
    }
}

// DataRequest renders the request of one call from a data row.
struct DataRequest {
    std::shared_ptr<DataFeed> feed;
    bool fast = true;
    bool h2 = false;      // the lean HTTP/2 client: path, headers and body
    std::string urlBase;  // scheme://authority, as written
    DataTemplate path;    // the rest of the URL (path and query), fragment left out
    std::string method;   // "GET"
    std::string hostLine; // "Host: …\r\n", or empty when a header sets it
    bool hasLength = false;
    bool bodyMethod = false;
    std::vector<std::pair<std::string, DataTemplate>> headers; // name, value
    DataTemplate body;

    std::unique_ptr<http::PerCall> render(std::size_t row) const {
        const DataTable& table = feed->table();
        auto call = std::make_unique<http::PerCall>();
        std::string target;
        path.render(table, row, &target, escapeUrlValue);
        if (target.empty() || target[0] == '?')
            target.insert(0, "/");
        body.render(table, row, &call->body);
        if (!fast) {
            if (h2)
                call->path = target;
            else
                call->url = urlBase + target;
            for (const auto& [name, value] : headers) {
                std::string line = name + ": ";
                value.render(table, row, &line);
                call->headers.push_back(std::move(line));
            }
            return call;
        }
        std::string& b = call->bytes;
        b.reserve(256 + call->body.size());
        b += method;
        b += ' ';
        b += target;
        b += " HTTP/1.1\r\n";
        b += hostLine;
        for (const auto& [name, value] : headers) {
            b += name;
            b += ": ";
            value.render(table, row, &b);
            b += "\r\n";
        }
        if (!hasLength && (!call->body.empty() || bodyMethod))
            b += "Content-Length: " + std::to_string(call->body.size()) + "\r\n";
        b += "\r\n";
        b += call->body;
        call->body.clear();
        return call;
    }
};

// compileData compiles the templates of `options` against its data table and returns the
// options of the first row (to validate and resolve the target as without data).
std::shared_ptr<DataRequest> compileData(const HttpOptions& options, HttpOptions* first,
                                         QString* error) {
    auto d = std::make_shared<DataRequest>();
    d->feed = options.data;
    const DataTable& table = options.data->table();
    const QStringList& columns = table.columns();
    QString why;
    const QByteArray url = options.url.toUtf8();
    const auto urlTemplate = DataTemplate::compile(url, table, &why);
    if (!urlTemplate)
        return fail(error, QStringLiteral("url: ") + why), nullptr;
    // The authority is fixed: the target connects to one host.
    const qsizetype scheme = url.indexOf("://");
    qsizetype pathStart = scheme < 0 ? -1 : scheme + 3;
    while (pathStart >= 0 && pathStart < url.size() && url[pathStart] != '/' &&
           url[pathStart] != '?' && url[pathStart] != '#')
        ++pathStart;
    const QByteArray authority = scheme < 0 ? url : url.left(pathStart);
    if (scheme < 0 || authority.contains("${"))
        return fail(error, QStringLiteral("url: ${column} may appear only in the path and query, "
                                          "not in the scheme, host or port")),
               nullptr;
    QByteArray rest = url.mid(pathStart);
    if (const qsizetype hash = rest.indexOf('#'); hash >= 0)
        rest.truncate(hash);
    d->urlBase = authority.toStdString();
    d->path = *DataTemplate::compile(rest, table, nullptr);
    // A value goes into the URL as it is, '%' included (escapeUrlValue: a value may be
    // ready-encoded), so a '%' must start a percent-encoding: refused now, in whichever row,
    // rather than sent (or, in the first row, refused by QUrl without the file, row or column).
    const auto isHex = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    };
    std::vector<int> urlColumns = d->path.columns();
    std::sort(urlColumns.begin(), urlColumns.end());
    urlColumns.erase(std::unique(urlColumns.begin(), urlColumns.end()), urlColumns.end());
    for (std::size_t row = 0; row < table.rowCount(); ++row) {
        for (int column : urlColumns) {
            const std::string_view cell = table.cell(row, column);
            for (std::size_t at = cell.find('%'); at != std::string_view::npos;
                 at = cell.find('%', at + 3)) {
                if (at + 2 < cell.size() && isHex(cell[at + 1]) && isHex(cell[at + 2]))
                    continue;
                const std::string_view bad = cell.substr(at, 3);
                return fail(error,
                            QStringLiteral("url: row %1 of %2 has \"%3\" in column %4, "
                                           "which is not a percent-encoding")
                                    .arg(row + 1)
                                    .arg(table.source(),
                                         QString::fromUtf8(bad.data(), qsizetype(bad.size())),
                                         columns[column]) +
                                QStringLiteral(" (%XX with two hex digits; write %25 for "
                                               "a %)")),
                       nullptr;
            }
        }
    }
    for (const auto& [name, value] : options.headers) {
        if (hasDataReferences(QString::fromUtf8(name), columns))
            return fail(error, QStringLiteral("headers: \"%1\": a header name cannot hold a "
                                              "${column}")
                                   .arg(QString::fromUtf8(name))),
                   nullptr;
        auto t = DataTemplate::compile(value, table, &why);
        if (!t)
            return fail(error,
                        QStringLiteral("headers: \"%1\": %2").arg(QString::fromUtf8(name), why)),
                   nullptr;
        // A value with a line break would split the header: refused now, not per call.
        for (int column : t->columns()) {
            for (std::size_t row = 0; row < table.rowCount(); ++row) {
                const std::string_view cell = table.cell(row, column);
                const std::size_t at = cell.find_first_of(std::string_view("\r\n\0", 3));
                if (at != std::string_view::npos)
                    return fail(error,
                                QStringLiteral("headers: \"%1\": row %2 of %3 has %4 in column %5")
                                    .arg(QString::fromUtf8(name))
                                    .arg(row + 1)
                                    .arg(table.source(),
                                         cell[at] == '\0' ? QStringLiteral("a NUL byte")
                                                          : QStringLiteral("a line break"),
                                         columns[column])),
                           nullptr;
            }
        }
        d->headers.emplace_back(name.toStdString(), std::move(*t));
    }
    const auto body = DataTemplate::compile(options.body, table, &why);
    if (!body)
        return fail(error, QStringLiteral("body: ") + why), nullptr;
    d->body = *body;

    *first = options;
    first->data.reset();
    std::string text;
    urlTemplate->render(table, 0, &text, escapeUrlValue);
    first->url = QString::fromStdString(text);
    for (qsizetype i = 0; i < first->headers.size(); ++i) {
        text.clear();
        d->headers[std::size_t(i)].second.render(table, 0, &text);
        first->headers[i].second = QByteArray::fromStdString(text);
    }
    text.clear();
    d->body.render(table, 0, &text);
    first->body = QByteArray::fromStdString(text);
    return d;
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

Error bodyError(std::string_view expected) {
    std::string m = "response lacks \"";
    const std::size_t shown = expected.size() > kBodyErrorShown ? kBodyErrorShown : expected.size();
    std::size_t cut = shown;
    // Never cut inside a UTF-8 sequence.
    while (cut < expected.size() && cut > 0 &&
           (static_cast<unsigned char>(expected[cut]) & 0xC0) == 0x80)
        --cut;
    for (std::size_t i = 0; i < cut; ++i) {
        const char c = expected[i];
        if (c == '"' || c == '\\') {
            m += '\\';
            m += c;
        } else if (c == '\n') {
            m += "\\n";
        } else if (c == '\r') {
            m += "\\r";
        } else if (c == '\t') {
            m += "\\t";
        } else if (static_cast<unsigned char>(c) < 0x20) {
            static const char hex[] = "0123456789abcdef";
            m += "\\u00";
            m += hex[(c >> 4) & 0xF];
            m += hex[c & 0xF];
        } else {
            m += c;
        }
    }
    if (cut < expected.size())
        m += "…\" (" + std::to_string(expected.size()) + " bytes)";
    else
        m += '"';
    return Error("body", m);
}

std::shared_ptr<Request> makeOrigin(const QUrl& url, const HttpOptions& options, QString* error) {
    auto request = std::make_shared<Request>();
    request->options = options;
    const QString scheme = url.scheme().toLower();
    request->scheme = scheme.toStdString();
    request->host = url.host(QUrl::FullyEncoded).toStdString();
    request->port = url.port(scheme == QLatin1String("https") ? 443 : 80);
    if (scheme == QLatin1String("https")) {
        request->tls = TlsContext::make(options, request->host, error);
        if (!request->tls)
            return nullptr;
    }
    std::string why;
    if (!resolveOnce(options.resolver, request->host, request->port, &request->address,
                     &request->addressLength, &request->addressText, &why))
        request->dnsError = why;
    return request;
}

std::string peerText(const Request& request) {
    const std::string& host = request.host;
    const bool v6 = host.find(':') != std::string::npos;
    std::string text = (v6 ? '[' + host + ']' : host) + ':' + std::to_string(request.port);
    if (!request.addressText.empty() && request.addressText != host)
        text += " (" + request.addressText + ')';
    return text;
}

Error errnoError(int err, std::string_view during, std::string_view peer) {
    std::string text(during);
    if (!peer.empty())
        text.append(" ").append(peer);
    text.append(": ").append(std::strerror(err));
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

QString httpIoBackend(QString* error) {
    http::IoChoice choice = http::IoChoice::Auto;
    std::string why;
    if (!http::ioChoice(&choice, &why)) {
        if (error)
            *error = QString::fromStdString(why);
        return {};
    }
    if (choice == http::IoChoice::Epoll)
        return QStringLiteral("epoll");
    if (http::IoRing::usable(&why))
        return QStringLiteral("io_uring");
    if (choice == http::IoChoice::Auto)
        return QStringLiteral("epoll");
    if (error)
        *error = QString::fromStdString("PUSHER_HTTP_IO=uring, but io_uring cannot be used here: " +
                                        why);
    return {};
}

Target makeHttpTarget(const HttpOptions& given, QString* error) {
    using http::Request;
    // The URL as a browser sends what users paste: "/a|b c" as "/a%7Cb%20c" (url.h); a data
    // file's ${column}s are kept for the calls.
    HttpOptions templateOptions = given;
    {
        QString why;
        const std::optional<QString> url = normalizeUrl(given.url, &why, bool(given.data));
        if (!url)
            return fail(error, QStringLiteral("url: invalid \"%1\": %2").arg(given.url, why)),
                   Target();
        templateOptions.url = *url;
    }
    // With a data file, the target is checked and made with the first row's values; each
    // call renders its own request from its row.
    std::shared_ptr<DataRequest> data;
    HttpOptions firstRow;
    if (templateOptions.data) {
        data = compileData(templateOptions, &firstRow, error);
        if (!data)
            return {};
    }
    const HttpOptions& options = data ? firstRow : templateOptions;
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
    if (!options.serverName.isEmpty() && !lean)
        return fail(error, QStringLiteral("serverName: not supported with proxy or "
                                          "followRedirects")),
               Target();
    if (!lean && !https && options.version == HttpOptions::Version::Http2)
        return fail(error, QStringLiteral("version: HTTP/2 over http:// (h2c) is not supported "
                                          "with proxy or followRedirects")),
               Target();
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
                        &why)) {
            if (text != proxyHost) // a literal address needs no pin (nor takes one, if IPv6)
                request->curlResolve.push_back(pinFor(proxyHost, proxyPort, text));
        } else {
            request->dnsError = why;
        }
    } else if (resolveOnce(options.resolver, request->host, request->port, &request->address,
                           &request->addressLength, &request->addressText, &why)) {
        // A literal address needs no pin; an IPv6 one would not take one ("::1:80:[::1]" is
        // a malformed option to libcurl, which failed every call).
        if (request->addressText != request->host)
            request->curlResolve.push_back(
                pinFor(request->host, request->port, request->addressText));
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
        std::string hostLine;
        if (!hasHost) {
            const bool v6 = request->host.find(':') != std::string::npos;
            hostLine = "Host: " + (v6 ? '[' + request->host + ']' : request->host);
            if (request->port != (https ? 443 : 80))
                hostLine += ':' + std::to_string(request->port);
            hostLine += "\r\n";
        }
        b += hostLine;
        for (const auto& [name, value] : options.headers)
            b += name.toStdString() + ": " + value.toStdString() + "\r\n";
        const bool bodyMethod =
            options.method == "POST" || options.method == "PUT" || options.method == "PATCH";
        if (!hasLength && (!options.body.isEmpty() || bodyMethod))
            b += "Content-Length: " + std::to_string(options.body.size()) + "\r\n";
        b += "\r\n";
        b.append(options.body.constData(), std::size_t(options.body.size()));
        if (data) {
            data->method = options.method.toStdString();
            data->hostLine = hostLine;
            data->hasLength = hasLength;
            data->bodyMethod = bodyMethod;
        }
    }
    if (data) {
        data->fast = fast;
        data->h2 = h2;
    }

    if (!request->dnsError.empty()) {
        const Error dns("dns", request->dnsError);
        return Target::async([dns](const Context&, Completion done) { done(Result{}, dns); });
    }
    std::shared_ptr<http::Client> client = h2     ? http::makeH2Client(request)
                                           : fast ? http::makeFastClient(request)
                                                  : http::makeCurlClient(request);
    if (data) {
        return Target::async([client, data](const Context& ctx, Completion done) {
            const std::optional<std::size_t> row = data->feed->next();
            if (!row) {
                done(Result{}, Error("rows_exhausted", data->feed->exhaustedMessage()));
                return;
            }
            client->start(ctx, std::move(done), data->render(*row));
        });
    }
    return Target::async(
        [client](const Context& ctx, Completion done) { client->start(ctx, std::move(done)); });
}

} // namespace pusher
