// What the two readers of a timeline stream share (recover.cpp reads a whole stream into
// results, streamreader.cpp follows a live one): a line's counts and histograms.
#pragma once

#include <pusher/histogram.h>

#include <QJsonObject>
#include <QLatin1String>
#include <QString>

#include <cstdint>
#include <utility>

namespace pusher::stream {

// count is a JSON number as a count: a negative or non-numeric value, or one a count cannot
// hold (2^64 and beyond, where the cast is undefined), is 0.
inline std::uint64_t count(double v) {
    return v > 0 && v < 18446744073709551616.0 ? static_cast<std::uint64_t>(v) : 0;
}

// signedCount is a JSON number as a signed count (calls in flight): one beyond ±2^63 is 0.
inline std::int64_t signedCount(double v) {
    return v > -9223372036854775808.0 && v < 9223372036854775808.0 ? static_cast<std::int64_t>(v)
                                                                   : 0;
}

// counter is one of a line's counts: a missing, negative or non-numeric value is 0, and so is
// one a count cannot hold.
inline std::uint64_t counter(const QJsonObject& o, const char* key) {
    return count(o.value(QLatin1String(key)).toDouble());
}

// readHistograms decodes the histograms of a line's "h" object — "latency" (service time),
// "response" and "lag" — and hands each one present to `combine(target, decoded)` with its
// target (`service`, `response` or `lag`). It returns "h.KEY: why" for the first that does
// not decode (the others are still read), else an empty string.
template <typename Combine>
QString readHistograms(const QJsonObject& o, Histogram* service, Histogram* response,
                       Histogram* lag, Combine combine) {
    QString first;
    const QJsonObject h = o.value(QStringLiteral("h")).toObject();
    for (const auto& [key, target] :
         {std::pair{"latency", service}, std::pair{"response", response}, std::pair{"lag", lag}}) {
        if (!h.contains(QLatin1String(key)))
            continue;
        QString why;
        if (auto decoded = Histogram::fromBase64(h.value(QLatin1String(key)).toString(), &why))
            combine(*target, *decoded);
        else if (first.isEmpty())
            first = QStringLiteral("h.%1: %2").arg(QLatin1String(key), why);
    }
    return first;
}

} // namespace pusher::stream
