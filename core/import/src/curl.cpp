#include "pusher/import/import.h"

#include "pusher/scenario/duration.h"

#include <pusher/io/files.h>

#include <QFile>
#include <QFileInfo>
#include <QUrl>

namespace pusher {

namespace {

// Flags that only shape curl's output or behaviour around the request: they take an
// argument, or not, and change nothing a load test sends.
const QStringList kOutputWithArg = {
    QStringLiteral("-o"),
    QStringLiteral("--output"),
    QStringLiteral("-w"),
    QStringLiteral("--write-out"),
    QStringLiteral("-D"),
    QStringLiteral("--dump-header"),
    QStringLiteral("--stderr"),
    QStringLiteral("--trace"),
    QStringLiteral("--trace-ascii"),
    QStringLiteral("-c"),
    QStringLiteral("--cookie-jar"),
    QStringLiteral("--retry"),
    QStringLiteral("--retry-delay"),
    QStringLiteral("--retry-max-time"),
    QStringLiteral("--connect-timeout"),
    QStringLiteral("-x"),
    QStringLiteral("--proxy"),
    QStringLiteral("-U"),
    QStringLiteral("--proxy-user"),
    QStringLiteral("--resolve"),
    QStringLiteral("--connect-to"),
    QStringLiteral("-T"),
    QStringLiteral("--upload-file"),
    QStringLiteral("-F"),
    QStringLiteral("--form"),
    QStringLiteral("-r"),
    QStringLiteral("--range"),
    QStringLiteral("-z"),
    QStringLiteral("--time-cond"),
    QStringLiteral("--limit-rate"),
    QStringLiteral("-Y"),
    QStringLiteral("--speed-limit"),
    QStringLiteral("-y"),
    QStringLiteral("--speed-time"),
    QStringLiteral("--max-redirs"),
    QStringLiteral("--interface"),
    QStringLiteral("--local-port"),
    QStringLiteral("--dns-servers"),
    QStringLiteral("-K"),
    QStringLiteral("--config"),
    QStringLiteral("--pass"),
    QStringLiteral("--cert-type"),
    QStringLiteral("--key-type"),
    QStringLiteral("--capath"),
    QStringLiteral("--ciphers"),
    QStringLiteral("--tls-max"),
    QStringLiteral("--proto"),
    QStringLiteral("--proto-redir"),
    QStringLiteral("--keepalive-time"),
    QStringLiteral("--expect100-timeout"),
    QStringLiteral("--unix-socket"),
    QStringLiteral("--abstract-unix-socket"),
    QStringLiteral("--aws-sigv4"),
    QStringLiteral("--oauth2-bearer"),
    QStringLiteral("--form-string"),
    QStringLiteral("--noproxy"),
    QStringLiteral("--request-target"),
    QStringLiteral("-Q"),
    QStringLiteral("--quote"),
    QStringLiteral("-C"),
    QStringLiteral("--continue-at"),
    QStringLiteral("--variable"),
    QStringLiteral("--url-query"),
    QStringLiteral("--parallel-max"),
    QStringLiteral("--create-dirs"),
};

// Short flags that take an argument (for splitting "-sSXPOST" and "-d@x").
const QString kShortWithArg = QStringLiteral("XHdubAemExKoDwcTFrzYyUCQ");

// toBasic makes the Basic credentials of curl's -u "user:password"; a user without a password
// gets an empty one, "user:" (RFC 7617: the colon is always there).
QString toBasic(const QString& user) {
    const QString pair = user.contains(u':') ? user : user + u':';
    return QStringLiteral("Basic ") + QString::fromLatin1(pair.toUtf8().toBase64());
}

// readData reads the "@file" of a data flag: -d strips CR and LF, --data-binary does not.
std::optional<QString> readData(const QString& file, bool strip, QString* error) {
    // Only a regular file is read: a device or a pipe (@/dev/zero, @/dev/stdin, a FIFO) may
    // never end, and the app's Import dialog imports as the command is typed.
    if (const QFileInfo info(file);
        file != u"-" && info.exists() && !info.isFile() && !info.isDir()) {
        *error = QStringLiteral("cannot read %1: not a regular file").arg(file);
        return std::nullopt;
    }
    QFile f(file == u"-" ? QString() : file);
    if (file == u"-" || !f.open(QIODevice::ReadOnly)) {
        *error = file == u"-" ? QStringLiteral("data from standard input (@-) cannot be imported")
                              : QStringLiteral("cannot read %1: %2").arg(file, f.errorString());
        return std::nullopt;
    }
    // A scenario holds at most kMaxScenarioBytes: a larger body could not be saved and opened
    // again (and a file of gigabytes was read whole into memory, as the command was typed).
    if (f.size() > kMaxScenarioBytes) {
        *error =
            QStringLiteral("cannot read %1: %2 bytes, more than the %3 MiB a scenario may "
                           "hold")
                .arg(file, QString::number(f.size()), QString::number(kMaxScenarioBytes >> 20));
        return std::nullopt;
    }
    QByteArray bytes = f.read(kMaxScenarioBytes + 1);
    if (bytes.size() > kMaxScenarioBytes) { // it grew while read
        *error = QStringLiteral("cannot read %1: more than the %2 MiB a scenario may hold")
                     .arg(file, QString::number(kMaxScenarioBytes >> 20));
        return std::nullopt;
    }
    if (strip) {
        bytes.replace('\r', QByteArray());
        bytes.replace('\n', QByteArray());
    }
    return QString::fromUtf8(bytes);
}

QString urlEncode(const QString& text) {
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

} // namespace

ImportResult importCurl(const QString& commandLine) {
    ImportResult out;
    QString why;
    const auto words = splitShellWords(commandLine, &why);
    if (!words) {
        out.error = why;
        return out;
    }
    QStringList args = *words;
    if (!args.isEmpty() && (args.first() == u"curl" || args.first().endsWith(u"/curl")))
        args.removeFirst();
    if (args.isEmpty()) {
        out.error = QStringLiteral("no URL in the curl command line");
        return out;
    }

    TargetSpec t;
    t.kind = QStringLiteral("http");
    QString method;
    QStringList urls;
    QStringList data;      // -d pieces, joined with &
    QStringList jsonData;  // --json pieces, concatenated
    bool get = false;      // -G
    bool head = false;     // -I
    bool formData = false; // some -d (sets the form content type)
    QList<QPair<QString, QString>> headers;
    QString user;
    QString cookie;
    bool compressed = false;
    QString versionFlag; // the last of --http1.1, --http2, --http2-prior-knowledge

    // Expand "-sSL" into "-s -S -L" and "-XPOST" into "-X POST".
    QStringList expanded;
    bool afterDashes = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        if (afterDashes || !a.startsWith(u'-') || a.startsWith(u"--") || a.size() <= 2) {
            if (a == u"--")
                afterDashes = true;
            expanded.append(a);
            continue;
        }
        for (qsizetype k = 1; k < a.size(); ++k) {
            const QString flag = QStringLiteral("-") + a[k];
            expanded.append(flag);
            if (kShortWithArg.contains(a[k])) {
                if (k + 1 < a.size())
                    expanded.append(a.mid(k + 1));
                break;
            }
        }
    }

    auto ignore = [&](const QString& flag, const QString& value, const QString& why) {
        out.ignored.append(value.isNull() ? QStringLiteral("%1: %2").arg(flag, why)
                                          : QStringLiteral("%1 %2: %3").arg(flag, value, why));
    };
    for (qsizetype i = 0; i < expanded.size(); ++i) {
        const QString a = expanded[i];
        auto value = [&](QString* v) {
            if (i + 1 >= expanded.size()) {
                out.error = QStringLiteral("%1 needs a value").arg(a);
                return false;
            }
            *v = expanded[++i];
            return true;
        };
        QString v;
        if (a == u"--") {
            urls.append(expanded.mid(i + 1));
            break;
        }
        if (!a.startsWith(u'-') || a == u"-") {
            urls.append(a);
        } else if (a == u"--url") {
            if (!value(&v))
                return out;
            urls.append(v);
        } else if (a == u"-X" || a == u"--request") {
            if (!value(&v))
                return out;
            method = v;
        } else if (a == u"-H" || a == u"--header") {
            if (!value(&v))
                return out;
            if (v.startsWith(u'@')) {
                ignore(a, v, QStringLiteral("headers from a file are not imported"));
                continue;
            }
            const qsizetype colon = v.indexOf(u':');
            if (colon > 0 && v.mid(colon + 1).trimmed().isEmpty()) {
                // "Name:" removes a header curl would send: there is none to remove.
                ignore(a, v, QStringLiteral("removes a header curl adds by itself (ignored)"));
                continue;
            }
            if (colon <= 0) {
                const qsizetype semi = v.indexOf(u';');
                if (semi > 0 && v.mid(semi + 1).trimmed().isEmpty()) {
                    headers.append({v.left(semi).trimmed(), QString()}); // "Name;" = empty value
                    continue;
                }
                ignore(a, v, QStringLiteral("not a \"Name: value\" header"));
                continue;
            }
            headers.append({v.left(colon).trimmed(), v.mid(colon + 1).trimmed()});
        } else if (a == u"-d" || a == u"--data" || a == u"--data-ascii" || a == u"--data-binary" ||
                   a == u"--data-raw") {
            if (!value(&v))
                return out;
            if (v.startsWith(u'@') && a != u"--data-raw") {
                const auto content = readData(v.mid(1), a != u"--data-binary", &why);
                if (!content) {
                    out.error = QStringLiteral("%1 %2: %3").arg(a, v, why);
                    return out;
                }
                v = *content;
            }
            data.append(v);
            formData = true;
        } else if (a == u"--data-urlencode") {
            if (!value(&v))
                return out;
            // content | =content | name=content | @file | name@file
            const qsizetype eq = v.indexOf(u'=');
            const qsizetype at = v.indexOf(u'@');
            if (eq >= 0 && (at < 0 || eq < at)) {
                const QString name = v.left(eq);
                const QString content = urlEncode(v.mid(eq + 1));
                data.append(name.isEmpty() ? content : name + u'=' + content);
            } else if (at >= 0) {
                const auto content = readData(v.mid(at + 1), false, &why);
                if (!content) {
                    out.error = QStringLiteral("%1 %2: %3").arg(a, v, why);
                    return out;
                }
                const QString name = v.left(at);
                data.append(name.isEmpty() ? urlEncode(*content)
                                           : name + u'=' + urlEncode(*content));
            } else {
                data.append(urlEncode(v));
            }
            formData = true;
        } else if (a == u"--json") {
            if (!value(&v))
                return out;
            if (v.startsWith(u'@')) {
                const auto content = readData(v.mid(1), false, &why);
                if (!content) {
                    out.error = QStringLiteral("%1 %2: %3").arg(a, v, why);
                    return out;
                }
                v = *content;
            }
            jsonData.append(v);
        } else if (a == u"-G" || a == u"--get") {
            get = true;
        } else if (a == u"-I" || a == u"--head") {
            head = true;
        } else if (a == u"-u" || a == u"--user") {
            if (!value(&v))
                return out;
            user = v;
        } else if (a == u"-b" || a == u"--cookie") {
            if (!value(&v))
                return out;
            if (!v.contains(u'=')) {
                ignore(a, v,
                       QStringLiteral("reads cookies from a file (not imported; give "
                                      "them as \"name=value\")"));
                continue;
            }
            cookie = cookie.isEmpty() ? v : cookie + QStringLiteral("; ") + v;
        } else if (a == u"-A" || a == u"--user-agent") {
            if (!value(&v))
                return out;
            headers.append({QStringLiteral("User-Agent"), v});
        } else if (a == u"-e" || a == u"--referer") {
            if (!value(&v))
                return out;
            headers.append({QStringLiteral("Referer"), v});
        } else if (a == u"-k" || a == u"--insecure") {
            t.insecure = true;
        } else if (a == u"-L" || a == u"--location") {
            t.followRedirects = true;
        } else if (a == u"--compressed") {
            compressed = true;
        } else if (a == u"--http1.1") {
            t.httpVersion = QStringLiteral("1.1");
            versionFlag = a;
        } else if (a == u"--http2" || a == u"--http2-prior-knowledge") {
            t.httpVersion = QStringLiteral("2");
            versionFlag = a;
        } else if (a == u"-m" || a == u"--max-time") {
            if (!value(&v))
                return out;
            bool ok = false;
            const double s = v.toDouble(&ok);
            if (!ok || !(s > 0) || s > 3600) {
                ignore(a, v, QStringLiteral("not a number of seconds from 0 to 3600 (ignored)"));
                continue;
            }
            t.timeout = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(s));
        } else if (a == u"--cacert") {
            if (!value(&v))
                return out;
            t.caFile = v;
        } else if (a == u"-E" || a == u"--cert") {
            if (!value(&v))
                return out;
            // "file:passphrase": an encrypted key cannot be used (a colon in a path is rare).
            const qsizetype colon = v.indexOf(u':');
            if (colon > 0) {
                t.clientCert = v.left(colon);
                ignore(a, QStringLiteral("…:***"),
                       QStringLiteral("the passphrase is not imported "
                                      "(an encrypted key cannot be used)"));
            } else {
                t.clientCert = v;
            }
        } else if (a == u"--key") {
            if (!value(&v))
                return out;
            t.clientKey = v;
        } else if (a == u"-0" || a == u"--http1.0") {
            ignore(a, QString(), QStringLiteral("HTTP/1.0 is not supported; HTTP/1.1 is used"));
        } else if (kOutputWithArg.contains(a)) {
            if (!value(&v))
                return out;
            ignore(a, v, QStringLiteral("not a request option (ignored)"));
        } else if (a.startsWith(u"--") || a.size() == 2) {
            ignore(a, QString(),
                   QStringLiteral("not a request option, or not supported (ignored)"));
        }
    }
    if (urls.isEmpty()) {
        out.error = QStringLiteral("no URL in the curl command line");
        return out;
    }
    for (qsizetype i = 1; i < urls.size(); ++i)
        ignore(urls[i], QString(), QStringLiteral("a second URL (only the first is imported)"));
    QString url = urls.first();
    // curl refuses a URL with a space or a control character anywhere ("URL rejected:
    // Malformed input to a URL function", exit 3): the command never sent a request, so
    // importing it would make up one (a scenario would send it percent-encoded).
    for (qsizetype i = 0; i < url.size(); ++i) {
        const QChar c = url[i];
        if (c == u' ' || c.unicode() < 0x20 || c.unicode() == 0x7f) {
            const QString what =
                c == u' '
                    ? QStringLiteral("a space")
                    : QStringLiteral("control character U+%1")
                          .arg(QString::number(c.unicode(), 16).rightJustified(4, u'0').toUpper());
            out.error =
                QStringLiteral("curl refuses the URL \"%1\" (URL rejected: Malformed "
                               "input): %2 at character %3; write it as %%4")
                    .arg(url, what, QString::number(i + 1),
                         QString::number(c.unicode(), 16).rightJustified(2, u'0').toUpper());
            return out;
        }
    }
    if (!url.contains(QStringLiteral("://")))
        url.prepend(QStringLiteral("http://")); // curl's default
    // Strip the fragment; curl never sends it.
    if (const qsizetype hash = url.indexOf(u'#'); hash >= 0)
        url.truncate(hash);
    // HTTP/2 over http:// is h2c with prior knowledge in a scenario, which cannot follow
    // redirects (libcurl fails them on h2c: targets.md). curl's --http2 over http:// is not
    // that: it sends HTTP/1.1 asking to upgrade (Upgrade: h2c) and goes on in HTTP/1.1 when
    // the server does not (nginx never does), so HTTP/1.1 with redirects is what it does
    // against most servers; --http2-prior-knowledge with -L has no such reading.
    if (url.startsWith(QStringLiteral("http://"), Qt::CaseInsensitive) && t.httpVersion == u"2") {
        if (versionFlag == u"--http2" && t.followRedirects) {
            t.httpVersion = QStringLiteral("auto");
            ignore(versionFlag, QString(),
                   QStringLiteral("with -L over http://, HTTP/1.1 is used (the target follows "
                                  "redirects): curl asks an http:// server to upgrade to HTTP/2 "
                                  "(Upgrade: h2c) and stays on HTTP/1.1 when it does not, while a "
                                  "scenario's HTTP/2 over http:// starts in HTTP/2 (prior "
                                  "knowledge) and cannot follow redirects; for HTTP/2 with "
                                  "redirects use an https:// URL"));
        } else if (versionFlag == u"--http2") {
            out.notes.append(
                QStringLiteral("--http2 over http://: the target speaks HTTP/2 from its first "
                               "byte (prior knowledge, as --http2-prior-knowledge), where curl "
                               "asks the server to upgrade (Upgrade: h2c) and stays on HTTP/1.1 "
                               "when it does not: against a server without h2c every call fails "
                               "(set \"version\": \"auto\" for HTTP/1.1)"));
        } else if (t.followRedirects) {
            out.error = QStringLiteral(
                "--http2-prior-knowledge with -L over http://: a scenario cannot follow "
                "redirects over HTTP/2 without TLS (h2c), as libcurl fails them there "
                "(docs/targets.md); leave out -L to measure the first response over h2c, "
                "leave out --http2-prior-knowledge to follow redirects over HTTP/1.1, or use an "
                "https:// URL for HTTP/2 with redirects");
            return out;
        }
    }

    auto hasHeader = [&](const QString& name) {
        for (const auto& h : std::as_const(headers))
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        return false;
    };
    QString body;
    if (!jsonData.isEmpty()) {
        // --json: the pieces concatenated, JSON content type and accept (unless given).
        data.append(jsonData.join(QString()));
        if (!hasHeader(QStringLiteral("Content-Type")))
            headers.append({QStringLiteral("Content-Type"), QStringLiteral("application/json")});
        if (!hasHeader(QStringLiteral("Accept")))
            headers.append({QStringLiteral("Accept"), QStringLiteral("application/json")});
        formData = false;
        if (data.size() > 1) {
            const QString json = data.takeLast();
            data = {data.join(u'&') + json};
        }
    }
    if (get) {
        if (!data.isEmpty())
            url += (url.contains(u'?') ? u'&' : u'?') + data.join(u'&');
        data.clear();
        if (method.isEmpty())
            method = head ? QStringLiteral("HEAD") : QStringLiteral("GET");
    } else if (!data.isEmpty()) {
        body = data.join(u'&');
        if (method.isEmpty())
            method = QStringLiteral("POST");
        if (formData && !hasHeader(QStringLiteral("Content-Type")))
            headers.append({QStringLiteral("Content-Type"),
                            QStringLiteral("application/x-www-form-urlencoded")});
    }
    if (method.isEmpty())
        method = head ? QStringLiteral("HEAD") : QStringLiteral("GET");
    if (!user.isEmpty() && !hasHeader(QStringLiteral("Authorization"))) {
        if (!user.contains(u':'))
            out.notes.append(QStringLiteral("-u %1 has no password (curl would ask for one): an "
                                            "empty password is used")
                                 .arg(user));
        headers.append({QStringLiteral("Authorization"), toBasic(user)});
        // The credentials went into the scenario silently: whoever has the file has them.
        out.notes.append(QStringLiteral("-u %1: the user and password are in the scenario, as "
                                        "the Authorization header (Basic, base64: readable); to "
                                        "keep them out of the file, write its value as "
                                        "\"Basic ${VAR}\" with VAR set in the environment")
                             .arg(user.section(u':', 0, 0)));
    }
    if (!cookie.isEmpty())
        headers.append({QStringLiteral("Cookie"), cookie});
    if (compressed && !hasHeader(QStringLiteral("Accept-Encoding")))
        headers.append({QStringLiteral("Accept-Encoding"), QStringLiteral("deflate, gzip, br")});

    t.method = method;
    t.url = url;
    t.headers = headers;
    t.body = body;

    const QUrl parsed(url);
    WorkerSpec w;
    w.ident = QStringLiteral("request");
    w.target = t;
    w.rate.mode = RateSpec::Mode::Constant;
    w.rate.rps = 10;
    out.scenario.name = QStringLiteral("imported from curl: %1 %2").arg(method, parsed.host());
    out.scenario.workers = {w};
    out.scenario.duration = std::chrono::seconds(30);
    // A literal "${" in what curl sent must stay literal in a scenario.
    for (QString* text :
         {&out.scenario.workers[0].target.url, &out.scenario.workers[0].target.body}) {
        text->replace(QStringLiteral("${"), QStringLiteral("$${"));
    }
    for (auto& h : out.scenario.workers[0].target.headers) {
        h.first.replace(QStringLiteral("${"), QStringLiteral("$${"));
        h.second.replace(QStringLiteral("${"), QStringLiteral("$${"));
    }
    if (const QList<Problem> problems = out.scenario.validate(); !problems.isEmpty()) {
        QStringList lines;
        for (const Problem& p : problems)
            lines.append(p.toString());
        out.error = QStringLiteral("the imported scenario is not valid:\n  %1")
                        .arg(lines.join(QStringLiteral("\n  ")));
    }
    return out;
}

} // namespace pusher
