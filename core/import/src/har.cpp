#include "pusher/import/import.h"

#include "pusher/scenario/duration.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace pusher {

namespace {

// Headers a scenario must not copy: HTTP/2 pseudo-headers, and those the client writes
// itself (host, framing, connection management).
bool droppedHeader(const QString& name) {
    static const QStringList names = {
        QStringLiteral("host"),
        QStringLiteral("content-length"),
        QStringLiteral("connection"),
        QStringLiteral("keep-alive"),
        QStringLiteral("transfer-encoding"),
        QStringLiteral("upgrade"),
        QStringLiteral("proxy-connection"),
        QStringLiteral("te"),
        QStringLiteral("http2-settings"),
    };
    return name.startsWith(u':') || names.contains(name.toLower());
}

bool isStatic(const QJsonObject& entry, const QUrl& url) {
    static const QStringList types = {QStringLiteral("image"), QStringLiteral("font"),
                                      QStringLiteral("stylesheet"), QStringLiteral("script"),
                                      QStringLiteral("media")};
    if (types.contains(entry.value(QLatin1String("_resourceType")).toString()))
        return true;
    const QString mime = entry.value(QLatin1String("response"))
                             .toObject()
                             .value(QLatin1String("content"))
                             .toObject()
                             .value(QLatin1String("mimeType"))
                             .toString()
                             .toLower();
    if (mime.startsWith(u"image/") || mime.startsWith(u"font/") || mime.startsWith(u"audio/") ||
        mime.startsWith(u"video/") || mime.startsWith(u"text/css") ||
        mime.contains(u"javascript") || mime.contains(u"font"))
        return true;
    static const QStringList extensions = {
        QStringLiteral("css"),   QStringLiteral("js"),   QStringLiteral("mjs"),
        QStringLiteral("png"),   QStringLiteral("jpg"),  QStringLiteral("jpeg"),
        QStringLiteral("gif"),   QStringLiteral("svg"),  QStringLiteral("ico"),
        QStringLiteral("webp"),  QStringLiteral("avif"), QStringLiteral("woff"),
        QStringLiteral("woff2"), QStringLiteral("ttf"),  QStringLiteral("otf"),
        QStringLiteral("eot"),   QStringLiteral("map"),  QStringLiteral("mp4"),
        QStringLiteral("webm"),  QStringLiteral("mp3"),
    };
    const QString path = url.path();
    const qsizetype dot = path.lastIndexOf(u'.');
    return dot > path.lastIndexOf(u'/') && extensions.contains(path.mid(dot + 1).toLower());
}

// stepName is "NN-method-last_path_segment": unique (numbered), without slashes or spaces.
QString stepName(int index, const QString& method, const QUrl& url) {
    QString segment = url.path().section(u'/', -1, -1, QString::SectionSkipEmpty);
    if (segment.isEmpty())
        segment = QStringLiteral("root");
    QString clean;
    for (QChar c : segment.left(40)) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') ||
                        (c >= u'0' && c <= u'9') || c == u'_' || c == u'-' || c == u'.';
        clean += ok ? c : u'_';
    }
    return QStringLiteral("%1-%2-%3")
        .arg(index, 2, 10, QLatin1Char('0'))
        .arg(method.toLower(), clean);
}

QString literal(QString text) {
    return text.replace(QStringLiteral("${"), QStringLiteral("$${"));
}

struct Entry {
    QDateTime start;
    double timeMs = 0;
    QJsonObject request;
    QUrl url;
    QString method;
};

} // namespace

ImportResult importHar(const QByteArray& json, const HarOptions& options, const QString& source) {
    ImportResult out;
    const QString where = source.isEmpty() ? QStringLiteral("HAR") : source;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        out.error = QStringLiteral("%1: not JSON (%2 at byte %3)")
                        .arg(where, parseError.errorString(), QString::number(parseError.offset));
        return out;
    }
    const QJsonValue entriesValue =
        doc.object().value(QLatin1String("log")).toObject().value(QLatin1String("entries"));
    if (!entriesValue.isArray()) {
        out.error = QStringLiteral("%1: no log.entries array (not a HAR file?)").arg(where);
        return out;
    }
    const QJsonArray entries = entriesValue.toArray();
    QList<Entry> kept;
    int dropped = 0;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject e = entries[i].toObject();
        Entry entry;
        entry.request = e.value(QLatin1String("request")).toObject();
        entry.method = entry.request.value(QLatin1String("method")).toString();
        const QString urlText = entry.request.value(QLatin1String("url")).toString();
        entry.url = QUrl(urlText);
        entry.start = QDateTime::fromString(e.value(QLatin1String("startedDateTime")).toString(),
                                            Qt::ISODateWithMs);
        entry.timeMs = e.value(QLatin1String("time")).toDouble();
        const QString scheme = entry.url.scheme().toLower();
        if (entry.method.isEmpty() || !entry.url.isValid() ||
            (scheme != u"http" && scheme != u"https")) {
            out.ignored.append(QStringLiteral("entries[%1] %2: not an http(s) request (ignored)")
                                   .arg(i)
                                   .arg(urlText.left(80)));
            continue;
        }
        if (!entry.start.isValid()) {
            out.error = QStringLiteral("%1: entries[%2].startedDateTime: not an ISO 8601 time")
                            .arg(where, QString::number(i));
            return out;
        }
        if (options.dropStatic && isStatic(e, entry.url)) {
            ++dropped;
            continue;
        }
        kept.append(entry);
    }
    if (kept.isEmpty()) {
        out.error = QStringLiteral("%1: no request to import (%2 entries, %3 static dropped)")
                        .arg(where, QString::number(entries.size()), QString::number(dropped));
        return out;
    }
    // The order the browser started them in (a HAR is usually in that order already).
    std::stable_sort(kept.begin(), kept.end(),
                     [](const Entry& a, const Entry& b) { return a.start < b.start; });
    if (dropped > 0)
        out.notes.append(
            QStringLiteral("%1 static asset request(s) dropped (--drop-static)").arg(dropped));

    const bool flow = TargetSpec::kinds().contains(QStringLiteral("flow"));
    QJsonArray steps;
    QJsonArray workers;
    bool droppedCookies = false;
    QDateTime previousEnd;
    for (qsizetype i = 0; i < kept.size(); ++i) {
        const Entry& e = kept[i];
        const QString name = stepName(int(i + 1), e.method, e.url);
        QJsonObject request;
        request.insert(QLatin1String("method"), e.method);
        QUrl url = e.url;
        url.setFragment(QString());
        request.insert(QLatin1String("url"), literal(url.toString(QUrl::FullyEncoded)));
        QJsonArray headers;
        for (const QJsonValue& h : e.request.value(QLatin1String("headers")).toArray()) {
            const QString hn = h.toObject().value(QLatin1String("name")).toString();
            const QString hv = h.toObject().value(QLatin1String("value")).toString();
            if (hn.isEmpty() || droppedHeader(hn))
                continue;
            if (flow && hn.compare(QLatin1String("cookie"), Qt::CaseInsensitive) == 0) {
                droppedCookies = true; // the journey's cookie jar carries them
                continue;
            }
            headers.append(QJsonArray{literal(hn), literal(hv)});
        }
        if (!headers.isEmpty())
            request.insert(QLatin1String("headers"), headers);
        const QJsonObject post = e.request.value(QLatin1String("postData")).toObject();
        QString body = post.value(QLatin1String("text")).toString();
        if (body.isEmpty()) {
            QStringList pairs;
            for (const QJsonValue& p : post.value(QLatin1String("params")).toArray())
                pairs.append(QString::fromLatin1(QUrl::toPercentEncoding(
                                 p.toObject().value(QLatin1String("name")).toString())) +
                             u'=' +
                             QString::fromLatin1(QUrl::toPercentEncoding(
                                 p.toObject().value(QLatin1String("value")).toString())));
            body = pairs.join(u'&');
        }
        if (!body.isEmpty())
            request.insert(QLatin1String("body"), literal(body));

        if (flow) {
            QJsonObject step{{QLatin1String("name"), name}};
            // Think time: the pause between the end of the previous step's entry and the start
            // of this one (entries that overlapped in the browser run back to back).
            if (previousEnd.isValid()) {
                const qint64 pause = previousEnd.msecsTo(e.start);
                // A pause longer than a think time may be (1h: a user who left the browser
                // for a while, or a date centuries away, beyond what a Duration holds) is cut
                // to that, which a scenario takes, and said.
                constexpr qint64 longest =
                    std::chrono::duration_cast<std::chrono::milliseconds>(kMaxTimeout).count();
                if (pause > longest) {
                    const QString was = pause >= 86'400'000
                                            ? QStringLiteral("%1 days").arg(pause / 86'400'000)
                                            : formatDuration(std::chrono::milliseconds(pause));
                    out.notes.append(QStringLiteral("step %1: the pause of %2 before it (from "
                                                    "the previous entry's end) was cut to %3, "
                                                    "the longest think time")
                                         .arg(name, was, formatDuration(kMaxTimeout)));
                }
                if (pause >= 1)
                    step.insert(QLatin1String("think"), formatDuration(std::chrono::milliseconds(
                                                            std::min(pause, longest))));
            }
            for (auto it = request.begin(); it != request.end(); ++it)
                step.insert(it.key(), it.value());
            steps.append(step);
        } else {
            QJsonObject target = request;
            target.insert(QLatin1String("kind"), QStringLiteral("http"));
            workers.append(
                QJsonObject{{QLatin1String("ident"), name},
                            {QLatin1String("target"), target},
                            {QLatin1String("rate"), QJsonObject{{QLatin1String("rps"), 1}}}});
        }
        // An entry's time beyond ~31,700 years (1e300 from a broken exporter) is one that had
        // not ended: capped before it is rounded, as std::llround of a value beyond long
        // long's range is unspecified (LLONG_MIN here: an end before the start).
        constexpr double kLongestEntryMs = 1e15;
        const QDateTime end =
            e.start.addMSecs(qint64(std::llround(std::clamp(e.timeMs, 0.0, kLongestEntryMs))));
        previousEnd = previousEnd.isValid() ? std::max(previousEnd, end) : end;
    }
    if (flow) {
        workers.append(QJsonObject{
            {QLatin1String("ident"), QStringLiteral("journey")},
            {QLatin1String("target"), QJsonObject{{QLatin1String("kind"), QStringLiteral("flow")},
                                                  {QLatin1String("steps"), steps}}},
            {QLatin1String("rate"), QJsonObject{{QLatin1String("rps"), 1}}}});
        if (droppedCookies)
            out.notes.append(QStringLiteral(
                "Cookie headers were left out: the flow's cookie jar carries the cookies its "
                "responses set (cookies from before the recording are not sent)"));
    } else {
        out.notes.append(QStringLiteral(
            "this build has no flow targets: each entry became an http worker of its own, at "
            "1 request/s, without order or think times"));
    }
    const QString title = source.isEmpty() ? QStringLiteral("HAR") : QFileInfo(source).fileName();
    QJsonObject root{{QLatin1String("version"), 1},
                     {QLatin1String("name"), QStringLiteral("imported from %1").arg(title)},
                     {QLatin1String("duration"), QStringLiteral("30s")},
                     {QLatin1String("workers"), workers}};
    const ScenarioParse parse = Scenario::fromJson(QJsonDocument(root).toJson());
    if (!parse.ok()) {
        QStringList problems;
        for (const Problem& p : parse.problems)
            problems.append(p.toString());
        out.error = QStringLiteral("%1: the imported scenario is not valid:\n  %2")
                        .arg(where, problems.join(QStringLiteral("\n  ")));
        return out;
    }
    out.scenario = parse.scenario;
    return out;
}

} // namespace pusher
