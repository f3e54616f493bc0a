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

// counter is one of a line's counts: a missing, negative or non-numeric value is 0.
inline std::uint64_t counter(const QJsonObject& o, const char* key) {
    const double v = o.value(QLatin1String(key)).toDouble();
    return v > 0 ? static_cast<std::uint64_t>(v) : 0;
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
