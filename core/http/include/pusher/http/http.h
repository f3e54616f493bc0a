// HTTP targets: a lean epoll HTTP/1.1 client for http:// and https://, libcurl for the rest.
#pragma once

#include <pusher/clock.h>
#include <pusher/target.h>

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>
#include <memory>

namespace pusher {

class DataFeed;

// Resolver maps a host name to numeric addresses ("127.0.0.1", "::1"). It returns an
// empty list and sets `error` when the name does not resolve. A target calls it once,
// when it is made, never per request.
using Resolver = std::function<QStringList(const QString& host, QString* error)>;

// HttpOptions describe the request an HTTP target sends on every call.
struct HttpOptions {
    enum class Version { Auto, Http1, Http2 };

    QByteArray method = "GET";
    QString url;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    // timeout bounds a whole call: waiting for a connection, connecting, sending, receiving.
    Duration timeout = std::chrono::seconds(10);
    // expectStatus lists the status codes that count as success; empty means 2xx and 3xx.
    // Any other status completes the call with an Error of kind "http_<code>".
    QList<int> expectStatus;
    // expectBody, when not empty, is a text (exact bytes, case-sensitive) the response body
    // must contain: a response with an expected status whose body lacks it completes the
    // call with an Error of kind "body" (`response lacks "TEXT"`). The body is scanned as it
    // arrives, never kept; unset, nothing is scanned.
    QByteArray expectBody;
    Version version = Version::Auto;
    // insecure turns TLS certificate and host name verification off (https only).
    bool insecure = false;
    // caFile is a PEM bundle of the certificate authorities to trust instead of the system
    // store (https only).
    QString caFile;
    // clientCert and clientKey are PEM files of the client certificate (chain) and its
    // private key, sent when the server asks for one; without clientKey the key is read
    // from clientCert's file (https only).
    QString clientCert;
    QString clientKey;
    // clientKeyPassphrase decrypts an encrypted client key (PEM "ENCRYPTED PRIVATE KEY" or
    // a legacy Proc-Type encrypted key); empty: the key must not be encrypted. Never
    // prompted for on a terminal.
    QString clientKeyPassphrase;
    // serverName, when set, is sent as SNI and checked against the server's certificate
    // instead of the URL's host (lean client only: not with proxy or followRedirects).
    QString serverName;
    // followRedirects makes the call follow Location redirects (served by libcurl).
    bool followRedirects = false;
    // proxy is a proxy URL such as "http://127.0.0.1:3128" (served by libcurl).
    QString proxy;
    // connections caps the open connections; 0 opens as many as the calls in flight need.
    int connections = 0;
    // streams is how many requests one HTTP/2 connection carries at once (h2load's -m),
    // 1 to 1024; fewer when the server allows fewer. HTTP/1.1 carries one.
    int streams = 1;
    // ioThreads is the number of event-loop threads the target runs its connections on.
    int ioThreads = 1;
    // resolver replaces getaddrinfo for the URL's host name; numeric hosts skip it.
    Resolver resolver;
    // data, when set, makes url, header values and body templates: every call takes a row
    // from the feed and sends its ${column} values (the request is rendered per call, the
    // target is made once). Columns may appear in the URL's path and query only (values
    // percent-encoded where a URL cannot hold them), in header values (a value with a line
    // break is refused when the target is made) and in the body; "$${" is a literal "${".
    // A call of a unique feed that ran out of rows fails with kind "rows_exhausted" and
    // sends nothing.
    std::shared_ptr<DataFeed> data;
};

// makeHttpTarget returns an asynchronous Target that sends the request of `options` on
// every call and completes when the whole response arrived. Without proxy or redirects
// the lean epoll client serves it (TLS by OpenSSL, HTTP/2 by nghttp2); proxies and
// redirects use libcurl's multi interface. Errors have the kinds refused, timeout,
// reset, dns, tls, protocol and http_<code>; calls in flight when the run's Context ends complete
// with the Context's error. For a bad URL or option it returns an empty Target and sets `error`.
Target makeHttpTarget(const HttpOptions& options, QString* error = nullptr);

// httpIoBackend names the I/O the lean HTTP/1.1 client gives plain http:// connections in
// this process now: "io_uring" where the kernel allows it, else "epoll"; the environment
// variable PUSHER_HTTP_IO=epoll|uring|auto chooses (docs/targets.md). Empty, with `error`
// saying why, when PUSHER_HTTP_IO is invalid or asks for io_uring where it cannot be used
// (then every call of such a target fails with that reason, kind "invalid").
QString httpIoBackend(QString* error = nullptr);

// defaultResolver resolves with getaddrinfo.
QStringList defaultResolver(const QString& host, QString* error);

} // namespace pusher
