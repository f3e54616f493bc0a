#include "pusher/run/streamreader.h"

#include "streamline.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <utility>

namespace pusher {

using stream::counter;

// Series is one series' run so far.
struct TimelineStreamReader::Series {
    Counts total;
    Histogram service;
    Histogram response;
    Histogram lag;
    ErrorSamples samples;
};

TimelineStreamReader::TimelineStreamReader(int expectedWorkers)
    : m_expected(expectedWorkers) {}

TimelineStreamReader::~TimelineStreamReader() = default;

std::vector<std::shared_ptr<const Snapshot>> TimelineStreamReader::feed(const QByteArray& bytes) {
    m_rest += bytes;
    qsizetype from = 0;
    for (qsizetype nl = m_rest.indexOf('\n'); nl >= 0; nl = m_rest.indexOf('\n', from)) {
        line(m_rest.mid(from, nl - from));
        from = nl + 1;
    }
    m_rest.remove(0, from);
    std::vector<std::shared_ptr<const Snapshot>> out;
    out.swap(m_done);
    return out;
}

std::vector<std::shared_ptr<const Snapshot>> TimelineStreamReader::finish() {
    if (!m_rest.trimmed().isEmpty())
        line(m_rest); // a last line without its newline: whole if it parses
    m_rest.clear();
    if (auto s = close())
        m_done.push_back(std::move(s));
    std::vector<std::shared_ptr<const Snapshot>> out;
    out.swap(m_done);
    return out;
}

QList<RankProgress> TimelineStreamReader::ranks() const {
    QList<RankProgress> out;
    for (const auto& [rank, p] : m_ranks)
        out.append(p);
    return out;
}

bool TimelineStreamReader::takeRanksChanged() {
    return std::exchange(m_ranksChanged, false);
}

void TimelineStreamReader::line(const QByteArray& text) {
    ++m_lineNumber;
    if (text.trimmed().isEmpty())
        return;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        if (m_error.isEmpty())
            m_error = QStringLiteral("line %1: not a JSON object (%2)")
                          .arg(m_lineNumber)
                          .arg(parseError.errorString());
        return;
    }
    const QJsonObject o = doc.object();
    if (o.contains(QStringLiteral("pusher_timeline"))) {
        m_header = o;
        return;
    }
    if (o.contains(QStringLiteral("rank"))) {
        RankProgress p;
        p.rank = o.value(QStringLiteral("rank")).toInt();
        p.host = o.value(QStringLiteral("host")).toString();
        p.t = o.value(QStringLiteral("t")).toDouble();
        p.ticks = counter(o, "ticks");
        p.completed = counter(o, "completed");
        p.achievedRps = o.value(QStringLiteral("rps")).toDouble();
        p.lagP99Ms = o.value(QStringLiteral("lag_p99_ms")).toDouble();
        p.clockOffsetMs = o.value(QStringLiteral("clock_offset_ms")).toDouble();
        p.ended = o.value(QStringLiteral("ended")).toBool();
        if (o.contains(QStringLiteral("errors"))) // optional: older streams have none
            p.errors = counter(o, "errors");
        m_ranks[p.rank] = p;
        m_ranksChanged = true;
        return;
    }
    const QString worker = o.value(QStringLiteral("worker")).toString();
    if (worker.isEmpty() || !o.value(QStringLiteral("t")).isDouble()) {
        if (m_error.isEmpty())
            m_error =
                QStringLiteral("line %1: not a timeline entry (no worker or t)").arg(m_lineNumber);
        return;
    }
    if (worker == QLatin1String("*")) {
        if (auto s = close())
            m_done.push_back(std::move(s));
        m_open.append(o);
    } else if (!m_open.isEmpty()) {
        m_open.append(o);
    } else {
        if (m_error.isEmpty())
            m_error =
                QStringLiteral("line %1: a worker's entry before the farm's").arg(m_lineNumber);
        return;
    }
    if (m_expected > 0 && m_open.size() == m_expected + 1)
        if (auto s = close())
            m_done.push_back(std::move(s));
}

SeriesSnapshot TimelineStreamReader::seriesOf(const QJsonObject& o, double t) {
    SeriesSnapshot s;
    s.ident = o.value(QStringLiteral("worker")).toString();
    Counts& c = s.interval;
    c.ticks = counter(o, "ticks");
    c.started = counter(o, "started");
    c.completed = counter(o, "completed");
    c.ok = counter(o, "ok");
    c.errors = counter(o, "errors");
    c.canceled = counter(o, "canceled");
    c.canceledDropped = counter(o, "canceled_dropped");
    c.interrupted = counter(o, "interrupted");
    const QJsonObject kinds = o.value(QStringLiteral("errors_by_kind")).toObject();
    for (auto it = kinds.begin(); it != kinds.end(); ++it)
        c.errorsByKind[it.key().toStdString()] = stream::count(it.value().toDouble());
    s.inflight = stream::signedCount(o.value(QStringLiteral("inflight")).toDouble());
    s.rps = o.value(QStringLiteral("rps")).toDouble();
    const QString why =
        stream::readHistograms(o, &s.serviceTime, &s.responseTime, &s.lagTime,
                               [](Histogram& to, Histogram& h) { to = std::move(h); });
    if (!why.isEmpty() && m_error.isEmpty())
        m_error = QStringLiteral("%1: %2").arg(s.ident, why);
    auto& series = m_series[s.ident];
    if (!series)
        series = std::make_unique<Series>();
    series->total.add(c);
    series->service.merge(s.serviceTime);
    series->response.merge(s.responseTime);
    series->lag.merge(s.lagTime);
    // The samples are the whole run's so far: the latest are complete.
    const QJsonObject samples = o.value(QStringLiteral("error_samples")).toObject();
    for (auto it = samples.begin(); it != samples.end(); ++it) {
        std::vector<std::string>& list = series->samples[it.key().toStdString()];
        list.clear();
        for (const QJsonValue& m : it.value().toArray())
            list.push_back(m.toString().toStdString());
    }
    s.total = series->total;
    s.totalRps = t > 0 ? static_cast<double>(s.total.completed) / t : 0.0;
    s.totalService = LatencySummary::of(series->service);
    s.totalResponse = LatencySummary::of(series->response);
    s.totalLag = LatencySummary::of(series->lag);
    s.errorSamples = series->samples;
    return s;
}

std::shared_ptr<const Snapshot> TimelineStreamReader::close() {
    if (m_open.isEmpty())
        return nullptr;
    auto snapshot = std::make_shared<Snapshot>();
    const QJsonObject& farm = m_open.first();
    snapshot->index = m_index++;
    snapshot->t = farm.value(QStringLiteral("t")).toDouble();
    snapshot->dt = farm.value(QStringLiteral("dt")).toDouble();
    snapshot->partial = farm.value(QStringLiteral("partial")).toBool();
    snapshot->farm = seriesOf(farm, snapshot->t);
    for (qsizetype i = 1; i < m_open.size(); ++i)
        snapshot->workers.push_back(seriesOf(m_open[i], snapshot->t));
    std::sort(snapshot->workers.begin(), snapshot->workers.end(),
              [](const SeriesSnapshot& a, const SeriesSnapshot& b) { return a.ident < b.ident; });
    m_open.clear();
    return snapshot;
}

} // namespace pusher
