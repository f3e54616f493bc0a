#include "pusher/results.h"

#include "pusher/intervalrecorder.h"

#include <pusher/io/files.h>

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace pusher {

namespace {

double ms(std::int64_t ns) {
    return static_cast<double>(ns) / 1e6;
}

QJsonValue count(std::uint64_t n) {
    return QJsonValue(static_cast<double>(n));
}

// JsonReader reads typed values and remembers the first error with its path.
class JsonReader {
public:
    explicit JsonReader(QString* error)
        : m_error(error) {}

    bool failed() const { return m_failed; }

    void fail(const QString& path, const QString& why) {
        if (m_failed)
            return;
        m_failed = true;
        if (m_error)
            *m_error = path + QStringLiteral(": ") + why;
    }

    QJsonValue value(const QJsonObject& o, const QString& path, const QString& key) {
        auto it = o.constFind(key);
        if (it == o.constEnd()) {
            fail(join(path, key), QStringLiteral("missing"));
            return {};
        }
        return *it;
    }

    double number(const QJsonObject& o, const QString& path, const QString& key) {
        QJsonValue v = value(o, path, key);
        if (m_failed)
            return 0;
        if (!v.isDouble()) {
            fail(join(path, key), QStringLiteral("not a number"));
            return 0;
        }
        return v.toDouble();
    }

    std::uint64_t counter(const QJsonObject& o, const QString& path, const QString& key) {
        double d = number(o, path, key);
        if (m_failed)
            return 0;
        if (d < 0 || d > 9007199254740992.0 || std::floor(d) != d) {
            fail(join(path, key), QStringLiteral("not a non-negative whole number"));
            return 0;
        }
        return static_cast<std::uint64_t>(d);
    }

    std::int64_t integer(const QJsonObject& o, const QString& path, const QString& key) {
        double d = number(o, path, key);
        if (m_failed)
            return 0;
        if (std::fabs(d) > 9007199254740992.0 || std::floor(d) != d) {
            fail(join(path, key), QStringLiteral("not a whole number"));
            return 0;
        }
        return static_cast<std::int64_t>(d);
    }

    QString string(const QJsonObject& o, const QString& path, const QString& key) {
        QJsonValue v = value(o, path, key);
        if (m_failed)
            return {};
        if (!v.isString()) {
            fail(join(path, key), QStringLiteral("not a string"));
            return {};
        }
        return v.toString();
    }

    bool boolean(const QJsonObject& o, const QString& path, const QString& key) {
        QJsonValue v = value(o, path, key);
        if (m_failed)
            return false;
        if (!v.isBool()) {
            fail(join(path, key), QStringLiteral("not true or false"));
            return false;
        }
        return v.toBool();
    }

    QJsonObject object(const QJsonObject& o, const QString& path, const QString& key) {
        QJsonValue v = value(o, path, key);
        if (m_failed)
            return {};
        if (!v.isObject()) {
            fail(join(path, key), QStringLiteral("not an object"));
            return {};
        }
        return v.toObject();
    }

    QJsonArray array(const QJsonObject& o, const QString& path, const QString& key) {
        QJsonValue v = value(o, path, key);
        if (m_failed)
            return {};
        if (!v.isArray()) {
            fail(join(path, key), QStringLiteral("not an array"));
            return {};
        }
        return v.toArray();
    }

    static QString join(const QString& path, const QString& key) {
        return path.isEmpty() ? key : path + QLatin1Char('.') + key;
    }
    static QString index(const QString& path, qsizetype i) {
        return path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
    }

private:
    QString* m_error;
    bool m_failed = false;
};

QJsonObject latencyToJson(const LatencyMs& l) {
    return QJsonObject{{QStringLiteral("min"), l.min}, {QStringLiteral("mean"), l.mean},
                       {QStringLiteral("p50"), l.p50}, {QStringLiteral("p90"), l.p90},
                       {QStringLiteral("p99"), l.p99}, {QStringLiteral("p999"), l.p999},
                       {QStringLiteral("max"), l.max}};
}

LatencyMs latencyFromJson(JsonReader& r, const QJsonObject& parent, const QString& path,
                          const QString& key) {
    LatencyMs l;
    const QJsonObject o = r.object(parent, path, key);
    const QString p = JsonReader::join(path, key);
    l.min = r.number(o, p, QStringLiteral("min"));
    l.mean = r.number(o, p, QStringLiteral("mean"));
    l.p50 = r.number(o, p, QStringLiteral("p50"));
    l.p90 = r.number(o, p, QStringLiteral("p90"));
    l.p99 = r.number(o, p, QStringLiteral("p99"));
    l.p999 = r.number(o, p, QStringLiteral("p999"));
    l.max = r.number(o, p, QStringLiteral("max"));
    return l;
}

QJsonObject workerToJson(const WorkerResults& w) {
    QJsonObject kinds;
    for (auto it = w.errorsByKind.cbegin(); it != w.errorsByKind.cend(); ++it)
        kinds.insert(it.key(), count(it.value()));
    QJsonObject samples;
    for (auto it = w.errorSamples.cbegin(); it != w.errorSamples.cend(); ++it)
        samples.insert(it.key(), QJsonArray::fromStringList(it.value()));
    QJsonObject o{
        {QStringLiteral("ident"), w.ident},
        {QStringLiteral("ticks"), count(w.ticks)},
        {QStringLiteral("started"), count(w.started)},
        {QStringLiteral("canceled"), count(w.canceled)},
        {QStringLiteral("canceled_dropped"), count(w.canceledDropped)},
        {QStringLiteral("not_dispatched"), count(w.notDispatched)},
        {QStringLiteral("completed"), count(w.completed)},
        {QStringLiteral("ok"), count(w.ok)},
        {QStringLiteral("errors"), count(w.errors)},
        {QStringLiteral("interrupted"), count(w.interrupted)},
        {QStringLiteral("errors_by_kind"), kinds},
        {QStringLiteral("error_samples"), samples},
        {QStringLiteral("achieved_rps"), w.achievedRps},
        {QStringLiteral("latency_ms"), latencyToJson(w.latencyMs)},
        {QStringLiteral("response_ms"), latencyToJson(w.responseMs)},
        {QStringLiteral("lag_ms"), latencyToJson(w.lagMs)},
        {QStringLiteral("histograms"),
         QJsonObject{{QStringLiteral("format"), QStringLiteral("pusher-log-linear-64/ns/base64")},
                     {QStringLiteral("latency"), w.serviceTime.toBase64()},
                     {QStringLiteral("response"), w.responseTime.toBase64()},
                     {QStringLiteral("lag"), w.lagTime.toBase64()}}},
    };
    if (w.stepIndex >= 0)
        o.insert(QStringLiteral("step_index"), w.stepIndex);
    return o;
}

WorkerResults workerFromJson(JsonReader& r, const QJsonObject& o, const QString& path) {
    WorkerResults w;
    w.ident = r.string(o, path, QStringLiteral("ident"));
    // step_index came later (files written before it list a flow's steps by name): optional.
    if (o.contains(QStringLiteral("step_index")) && !r.failed()) {
        const std::uint64_t step = r.counter(o, path, QStringLiteral("step_index"));
        if (!r.failed() && !isStepSeries(w.ident))
            r.fail(JsonReader::join(path, QStringLiteral("step_index")),
                   QStringLiteral("only a flow step (\"worker/step\") has one, not \"%1\"")
                       .arg(w.ident));
        else if (!r.failed() && step > 100'000)
            r.fail(JsonReader::join(path, QStringLiteral("step_index")),
                   QStringLiteral("%1 is not a step's index (at most 100000)").arg(step));
        else
            w.stepIndex = static_cast<int>(step);
    }
    w.ticks = r.counter(o, path, QStringLiteral("ticks"));
    w.started = r.counter(o, path, QStringLiteral("started"));
    w.canceled = r.counter(o, path, QStringLiteral("canceled"));
    if (o.contains(QStringLiteral("canceled_dropped")))
        w.canceledDropped = r.counter(o, path, QStringLiteral("canceled_dropped"));
    if (o.contains(QStringLiteral("not_dispatched")))
        w.notDispatched = r.counter(o, path, QStringLiteral("not_dispatched"));
    w.completed = r.counter(o, path, QStringLiteral("completed"));
    w.ok = r.counter(o, path, QStringLiteral("ok"));
    w.errors = r.counter(o, path, QStringLiteral("errors"));
    if (o.contains(QStringLiteral("interrupted"))) // optional: newer files have it
        w.interrupted = r.counter(o, path, QStringLiteral("interrupted"));
    const QJsonObject kinds = r.object(o, path, QStringLiteral("errors_by_kind"));
    const QString kindsPath = JsonReader::join(path, QStringLiteral("errors_by_kind"));
    for (auto it = kinds.constBegin(); it != kinds.constEnd() && !r.failed(); ++it)
        w.errorsByKind.insert(it.key(), r.counter(kinds, kindsPath, it.key()));
    if (o.contains(QStringLiteral("error_samples"))) { // optional: newer files have it
        const QJsonObject samples = r.object(o, path, QStringLiteral("error_samples"));
        const QString samplesPath = JsonReader::join(path, QStringLiteral("error_samples"));
        for (auto it = samples.constBegin(); it != samples.constEnd() && !r.failed(); ++it) {
            if (!it.value().isArray()) {
                r.fail(JsonReader::join(samplesPath, it.key()),
                       QStringLiteral("must be an array of strings"));
                break;
            }
            QStringList& out = w.errorSamples[it.key()];
            for (const QJsonValue& m : it.value().toArray())
                out.append(m.toString());
        }
    }
    w.achievedRps = r.number(o, path, QStringLiteral("achieved_rps"));
    w.latencyMs = latencyFromJson(r, o, path, QStringLiteral("latency_ms"));
    w.responseMs = latencyFromJson(r, o, path, QStringLiteral("response_ms"));
    // lag_ms came later: files written before it have none (and read as zeros).
    if (o.contains(QStringLiteral("lag_ms")))
        w.lagMs = latencyFromJson(r, o, path, QStringLiteral("lag_ms"));
    if (o.contains(QStringLiteral("histograms")) && !r.failed()) {
        const QJsonObject h = r.object(o, path, QStringLiteral("histograms"));
        const QString hp = JsonReader::join(path, QStringLiteral("histograms"));
        for (const auto& [key, target] : {std::pair{QStringLiteral("latency"), &w.serviceTime},
                                          std::pair{QStringLiteral("response"), &w.responseTime},
                                          std::pair{QStringLiteral("lag"), &w.lagTime}}) {
            if (key == QLatin1String("lag") && !h.contains(key))
                continue;
            const QString text = r.string(h, hp, key);
            if (r.failed())
                break;
            QString why;
            auto hist = Histogram::fromBase64(text, &why);
            if (!hist)
                r.fail(JsonReader::join(hp, key), why);
            else
                *target = *hist;
        }
    }
    if (!r.failed() && w.ticks != w.started + w.canceled)
        r.fail(path, QStringLiteral("ticks (%1) != started + canceled (%2)")
                         .arg(w.ticks)
                         .arg(w.started + w.canceled));
    if (!r.failed() && w.completed != w.ok + w.errors)
        r.fail(path, QStringLiteral("completed (%1) != ok + errors (%2)")
                         .arg(w.completed)
                         .arg(w.ok + w.errors));
    return w;
}

QJsonObject pointToJson(const TimelinePoint& p) {
    // An interval that measured no latency has none: null, not a 0 ms that reads as the
    // fastest interval of the run.
    const auto latency = [&](double ms) {
        return p.latencyMeasured ? QJsonValue(ms) : QJsonValue();
    };
    QJsonObject o{
        {QStringLiteral("t"), p.t},
        {QStringLiteral("dt"), p.dt},
        {QStringLiteral("worker"), p.worker},
        {QStringLiteral("started"), count(p.started)},
        {QStringLiteral("completed"), count(p.completed)},
        {QStringLiteral("ok"), count(p.ok)},
        {QStringLiteral("errors"), count(p.errors)},
        {QStringLiteral("canceled"), count(p.canceled)},
        {QStringLiteral("inflight"), static_cast<double>(p.inflight)},
        {QStringLiteral("rps"), p.rps},
        {QStringLiteral("p50_ms"), latency(p.p50Ms)},
        {QStringLiteral("p90_ms"), latency(p.p90Ms)},
        {QStringLiteral("p99_ms"), latency(p.p99Ms)},
        {QStringLiteral("max_ms"), latency(p.maxMs)},
        {QStringLiteral("resp_p50_ms"), latency(p.respP50Ms)},
        {QStringLiteral("resp_p90_ms"), latency(p.respP90Ms)},
        {QStringLiteral("resp_p99_ms"), latency(p.respP99Ms)},
        {QStringLiteral("resp_max_ms"), latency(p.respMaxMs)},
        {QStringLiteral("partial"), p.partial},
    };
    if (p.interrupted > 0) // only where a stop cut calls: most points have none
        o.insert(QStringLiteral("interrupted"), count(p.interrupted));
    return o;
}

TimelinePoint pointFromJson(JsonReader& r, const QJsonObject& o, const QString& path, int version) {
    TimelinePoint p;
    p.t = r.number(o, path, QStringLiteral("t"));
    p.dt = o.contains(QStringLiteral("dt")) ? r.number(o, path, QStringLiteral("dt")) : 0.0;
    p.worker = r.string(o, path, QStringLiteral("worker"));
    p.started = r.counter(o, path, QStringLiteral("started"));
    p.completed = r.counter(o, path, QStringLiteral("completed"));
    p.ok = r.counter(o, path, QStringLiteral("ok"));
    p.errors = r.counter(o, path, QStringLiteral("errors"));
    p.canceled = r.counter(o, path, QStringLiteral("canceled"));
    p.inflight = r.integer(o, path, QStringLiteral("inflight"));
    p.rps = r.number(o, path, QStringLiteral("rps"));
    // null: the interval measured no latency (TimelinePoint::latencyMeasured); p50_ms says
    // so for the point, its other latencies are null too.
    p.latencyMeasured = !o.value(QStringLiteral("p50_ms")).isNull();
    const auto latency = [&](const char* key) {
        const QString k = QLatin1String(key);
        return o.value(k).isNull() && !p.latencyMeasured ? 0.0 : r.number(o, path, k);
    };
    p.p50Ms = latency("p50_ms");
    p.p90Ms = latency("p90_ms");
    p.p99Ms = latency("p99_ms");
    p.maxMs = latency("max_ms");
    // Response-time columns are ours beyond the required keys: optional when reading.
    auto optional = [&](const char* key, double& out) {
        if (o.contains(QLatin1String(key)))
            out = latency(key);
    };
    optional("resp_p50_ms", p.respP50Ms);
    optional("resp_p90_ms", p.respP90Ms);
    optional("resp_p99_ms", p.respP99Ms);
    optional("resp_max_ms", p.respMaxMs);
    // Version 1 wrote 0 ms for an interval that measured no latency (an empty interval
    // histogram's percentiles and max are 0): an interval in which no call completed (a
    // latency is recorded only as a call completes), or whose completed calls all went
    // untimed (flow steps whose request never went out). A timed call is never 0 ns long, so
    // a max_ms (exact) of 0 with every other latency 0 is that empty histogram.
    if (version < 2 && p.latencyMeasured) {
        const bool allZero = p.p50Ms == 0 && p.p90Ms == 0 && p.p99Ms == 0 && p.maxMs == 0 &&
                             p.respP50Ms == 0 && p.respP90Ms == 0 && p.respP99Ms == 0 &&
                             p.respMaxMs == 0;
        if (p.completed == 0 || allZero) {
            p.latencyMeasured = false;
            p.p50Ms = p.p90Ms = p.p99Ms = p.maxMs = 0;
            p.respP50Ms = p.respP90Ms = p.respP99Ms = p.respMaxMs = 0;
        }
    }
    if (o.contains(QStringLiteral("partial")))
        p.partial = r.boolean(o, path, QStringLiteral("partial"));
    if (o.contains(QStringLiteral("interrupted")))
        p.interrupted = r.counter(o, path, QStringLiteral("interrupted"));
    return p;
}

} // namespace

void PartResults::setErrors(const WorkerResults& total) {
    errors = total.errors;
    topErrorKind.clear();
    topErrorCount = 0;
    for (auto it = total.errorsByKind.cbegin(); it != total.errorsByKind.cend(); ++it) {
        if (it.value() > topErrorCount) { // strictly more: on a tie the first by name stays
            topErrorKind = it.key();
            topErrorCount = it.value();
        }
    }
}

LatencyMs LatencyMs::of(const Histogram& h) noexcept {
    LatencyMs l;
    l.min = ms(h.min());
    l.mean = h.mean() / 1e6;
    l.p50 = h.percentileMs(50);
    l.p90 = h.percentileMs(90);
    l.p99 = h.percentileMs(99);
    l.p999 = h.percentileMs(99.9);
    l.max = ms(h.max());
    return l;
}

QJsonObject RunResults::toJson() const {
    QJsonArray thresholdsJson;
    for (const auto& t : thresholds)
        thresholdsJson.append(QJsonObject{
            {QStringLiteral("expr"), t.expr},
            {QStringLiteral("value"), std::isnan(t.value) ? QJsonValue() : QJsonValue(t.value)},
            {QStringLiteral("passed"), t.passed}});
    QJsonArray workersJson;
    for (const auto& w : workers)
        workersJson.append(workerToJson(w));
    QJsonArray timelineJson;
    for (const auto& p : timeline)
        timelineJson.append(pointToJson(p));
    QJsonObject out{
        // The format written is this build's, whatever file the results were read from.
        {QStringLiteral("version"), kVersion},
        {QStringLiteral("scenario"), scenario},
        {QStringLiteral("started_at"), startedAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("duration_s"), durationS},
        {QStringLiteral("interval_s"), intervalS},
        {QStringLiteral("passed"), passed},
        {QStringLiteral("interrupted"), interrupted},
        {QStringLiteral("recovered"), recovered},
        {QStringLiteral("thresholds"), thresholdsJson},
        {QStringLiteral("total"), workerToJson(total)},
        {QStringLiteral("workers"), workersJson},
        {QStringLiteral("timeline"), timelineJson},
    };
    if (plannedS > 0) // optional: 0 is not known (and older files have none)
        out.insert(QStringLiteral("planned_s"), plannedS);
    if (!parts.isEmpty()) {
        QJsonArray ranks;
        for (const auto& p : parts) {
            QJsonObject o{{QStringLiteral("rank"), p.rank},
                          {QStringLiteral("clock_offset_ms"), p.clockOffsetMs},
                          {QStringLiteral("ticks"), count(p.ticks)},
                          {QStringLiteral("completed"), count(p.completed)},
                          {QStringLiteral("achieved_rps"), p.achievedRps},
                          {QStringLiteral("lag_p99_ms"), p.lagP99Ms},
                          {QStringLiteral("stream_bytes"), count(p.streamBytes)},
                          {QStringLiteral("stream_cpu_ms"), p.streamCpuMs},
                          {QStringLiteral("errors"), count(p.errors)}};
            if (!p.topErrorKind.isEmpty()) {
                o.insert(QStringLiteral("top_error_kind"), p.topErrorKind);
                o.insert(QStringLiteral("top_error_count"), count(p.topErrorCount));
            }
            if (!p.host.isEmpty())
                o.insert(QStringLiteral("host"), p.host);
            if (!p.source.isEmpty())
                o.insert(QStringLiteral("source"), p.source);
            if (p.endedKnown()) { // optional: how the part ended, when known
                o.insert(QStringLiteral("duration_s"), p.durationS);
                if (p.plannedS > 0)
                    o.insert(QStringLiteral("planned_s"), p.plannedS);
                o.insert(QStringLiteral("interrupted"), p.interrupted);
                o.insert(QStringLiteral("recovered"), p.recovered);
            }
            ranks.append(o);
        }
        out.insert(QStringLiteral("ranks"), ranks);
    }
    return out;
}

RunResults RunResults::fromJson(const QJsonObject& json, QString* error) {
    JsonReader r(error);
    RunResults out;
    const QString root;
    // A scenario file given where results are wanted (an overlay, `report`): say so, rather
    // than name the first results key it lacks ("scenario: missing").
    if (!json.contains(QStringLiteral("total")) && !json.contains(QStringLiteral("timeline")) &&
        json.value(QStringLiteral("workers")).isArray() &&
        (json.contains(QStringLiteral("duration")) || json.contains(QStringLiteral("name")))) {
        if (error)
            *error = QStringLiteral("a scenario file, not the results of a run (results have "
                                    "\"total\" and \"timeline\": pusher-cli run --json, or "
                                    "File > Save Results in the app)");
        return out;
    }
    out.version = static_cast<int>(r.integer(json, root, QStringLiteral("version")));
    if (!r.failed() && out.version > kVersion)
        r.fail(QStringLiteral("version"),
               QStringLiteral("results version %1, written by a newer version of pusher; this "
                              "build reads versions 1 to %2")
                   .arg(out.version)
                   .arg(kVersion));
    else if (!r.failed() && out.version < 1)
        r.fail(QStringLiteral("version"),
               QStringLiteral("unsupported version %1 (this build reads 1 to %2)")
                   .arg(out.version)
                   .arg(kVersion));
    out.scenario = r.string(json, root, QStringLiteral("scenario"));
    const QString started = r.string(json, root, QStringLiteral("started_at"));
    if (!r.failed()) {
        out.startedAt = QDateTime::fromString(started, Qt::ISODateWithMs);
        if (!out.startedAt.isValid())
            r.fail(QStringLiteral("started_at"), QStringLiteral("not an ISO 8601 date and time"));
        out.startedAt = out.startedAt.toUTC();
    }
    out.durationS = r.number(json, root, QStringLiteral("duration_s"));
    if (json.contains(QStringLiteral("planned_s")) && !r.failed()) { // optional: newer files
        out.plannedS = r.number(json, root, QStringLiteral("planned_s"));
        if (!r.failed() && !(out.plannedS > 0 && std::isfinite(out.plannedS)))
            r.fail(QStringLiteral("planned_s"), QStringLiteral("not a positive number"));
    }
    out.intervalS = r.number(json, root, QStringLiteral("interval_s"));
    out.passed = r.boolean(json, root, QStringLiteral("passed"));
    if (json.contains(QStringLiteral("interrupted"))) // optional: newer files have it
        out.interrupted = r.boolean(json, root, QStringLiteral("interrupted"));
    if (json.contains(QStringLiteral("recovered"))) // optional: newer files have it
        out.recovered = r.boolean(json, root, QStringLiteral("recovered"));
    const QJsonArray thresholds = r.array(json, root, QStringLiteral("thresholds"));
    for (qsizetype i = 0; i < thresholds.size() && !r.failed(); ++i) {
        const QString path = JsonReader::index(QStringLiteral("thresholds"), i);
        if (!thresholds[i].isObject()) {
            r.fail(path, QStringLiteral("not an object"));
            break;
        }
        const QJsonObject t = thresholds[i].toObject();
        ThresholdResult tr;
        tr.expr = r.string(t, path, QStringLiteral("expr"));
        // null: nothing was measured (a series without calls); the threshold failed.
        tr.value = t.value(QStringLiteral("value")).isNull()
                       ? std::nan("")
                       : r.number(t, path, QStringLiteral("value"));
        tr.passed = r.boolean(t, path, QStringLiteral("passed"));
        out.thresholds.append(tr);
    }
    if (!r.failed())
        out.total = workerFromJson(r, r.object(json, root, QStringLiteral("total")),
                                   QStringLiteral("total"));
    const QJsonArray workers = r.array(json, root, QStringLiteral("workers"));
    for (qsizetype i = 0; i < workers.size() && !r.failed(); ++i) {
        const QString path = JsonReader::index(QStringLiteral("workers"), i);
        if (!workers[i].isObject()) {
            r.fail(path, QStringLiteral("not an object"));
            break;
        }
        out.workers.append(workerFromJson(r, workers[i].toObject(), path));
    }
    const QJsonArray timeline = r.array(json, root, QStringLiteral("timeline"));
    out.timeline.reserve(timeline.size());
    bool markedPartial = false;
    for (qsizetype i = 0; i < timeline.size() && !r.failed(); ++i) {
        const QString path = JsonReader::index(QStringLiteral("timeline"), i);
        if (!timeline[i].isObject()) {
            r.fail(path, QStringLiteral("not an object"));
            break;
        }
        out.timeline.append(pointFromJson(r, timeline[i].toObject(), path, out.version));
        markedPartial = markedPartial || timeline[i].toObject().contains(QStringLiteral("partial"));
    }
    if (json.contains(QStringLiteral("ranks")) && !r.failed()) { // optional: merged runs
        const QJsonArray ranks = r.array(json, root, QStringLiteral("ranks"));
        for (qsizetype i = 0; i < ranks.size() && !r.failed(); ++i) {
            const QString path = JsonReader::index(QStringLiteral("ranks"), i);
            if (!ranks[i].isObject()) {
                r.fail(path, QStringLiteral("not an object"));
                break;
            }
            const QJsonObject o = ranks[i].toObject();
            PartResults p;
            p.rank = static_cast<int>(r.integer(o, path, QStringLiteral("rank")));
            p.host = o.value(QStringLiteral("host")).toString();
            p.source = o.value(QStringLiteral("source")).toString();
            p.clockOffsetMs = r.number(o, path, QStringLiteral("clock_offset_ms"));
            p.ticks = r.counter(o, path, QStringLiteral("ticks"));
            p.completed = r.counter(o, path, QStringLiteral("completed"));
            p.achievedRps = r.number(o, path, QStringLiteral("achieved_rps"));
            p.lagP99Ms = r.number(o, path, QStringLiteral("lag_p99_ms"));
            if (o.contains(QStringLiteral("stream_bytes")))
                p.streamBytes = r.counter(o, path, QStringLiteral("stream_bytes"));
            if (o.contains(QStringLiteral("stream_cpu_ms")))
                p.streamCpuMs = r.number(o, path, QStringLiteral("stream_cpu_ms"));
            // optional: files written before per-rank errors read as 0 errors
            if (o.contains(QStringLiteral("errors")))
                p.errors = r.counter(o, path, QStringLiteral("errors"));
            if (o.contains(QStringLiteral("top_error_kind")) && !r.failed()) {
                const QJsonValue kind = o.value(QStringLiteral("top_error_kind"));
                if (!kind.isString() || kind.toString().isEmpty()) {
                    r.fail(path + QStringLiteral(".top_error_kind"),
                           QStringLiteral("not a non-empty string"));
                    break;
                }
                p.topErrorKind = kind.toString();
                p.topErrorCount = r.counter(o, path, QStringLiteral("top_error_count"));
                if (!r.failed() && (p.topErrorCount > p.errors || p.topErrorCount == 0)) {
                    r.fail(path + QStringLiteral(".top_error_count"),
                           QStringLiteral("not between 1 and errors"));
                    break;
                }
            }
            // optional: how the part ended (files written before it have none: not known)
            if (o.contains(QStringLiteral("duration_s")) && !r.failed()) {
                p.durationS = r.number(o, path, QStringLiteral("duration_s"));
                if (!r.failed() && !(p.durationS > 0 && std::isfinite(p.durationS))) {
                    r.fail(path + QStringLiteral(".duration_s"),
                           QStringLiteral("not a positive number"));
                    break;
                }
                if (o.contains(QStringLiteral("planned_s")))
                    p.plannedS = r.number(o, path, QStringLiteral("planned_s"));
                if (!r.failed() && o.contains(QStringLiteral("planned_s")) &&
                    !(p.plannedS > 0 && std::isfinite(p.plannedS))) {
                    r.fail(path + QStringLiteral(".planned_s"),
                           QStringLiteral("not a positive number"));
                    break;
                }
                if (o.contains(QStringLiteral("interrupted")))
                    p.interrupted = r.boolean(o, path, QStringLiteral("interrupted"));
                if (o.contains(QStringLiteral("recovered")))
                    p.recovered = r.boolean(o, path, QStringLiteral("recovered"));
            }
            out.parts.append(p);
        }
    }
    // Files written before `partial` existed: their last interval ends at the run's end and
    // holds the drain after the last tick, as the recorder would have marked it.
    if (!markedPartial) {
        for (TimelinePoint& p : out.timeline)
            p.partial = p.t >= out.durationS - 1e-6;
    }
    if (r.failed())
        return {};
    out.sortWorkers();
    if (error)
        error->clear();
    return out;
}

void RunResults::sortWorkers() {
    std::stable_sort(workers.begin(), workers.end(),
                     [](const WorkerResults& a, const WorkerResults& b) {
                         return seriesBefore(a.ident, a.stepIndex, b.ident, b.stepIndex);
                     });
    // Within each interval (a run of entries with the same t), the farm first, then the
    // workers' order; a series not in `workers` keeps its place after them.
    QHash<QString, qsizetype> rank;
    rank.insert(QStringLiteral("*"), -1);
    for (qsizetype i = 0; i < workers.size(); ++i)
        rank.insert(workers[i].ident, i);
    const auto rankOf = [&](const TimelinePoint& p) {
        return rank.value(p.worker, workers.size());
    };
    for (auto first = timeline.begin(); first != timeline.end();) {
        auto last = std::find_if(first, timeline.end(),
                                 [&](const TimelinePoint& p) { return p.t != first->t; });
        std::stable_sort(first, last, [&](const TimelinePoint& a, const TimelinePoint& b) {
            return rankOf(a) < rankOf(b);
        });
        first = last;
    }
}

bool RunResults::save(const QString& path, QString* error) const {
    return writeFileAtomically(path, QJsonDocument(toJson()).toJson(QJsonDocument::Indented),
                               error);
}

bool startsAsTimelineStream(const QByteArray& text) {
    const qsizetype end = text.indexOf('\n');
    const QJsonDocument first = QJsonDocument::fromJson(end < 0 ? text : text.first(end));
    return first.isObject() && first.object().contains(QStringLiteral("pusher_timeline"));
}

std::optional<RunResults> RunResults::load(const QString& path, QString* error) {
    // A FIFO or a device is refused, not waited on or read without end.
    const std::optional<QByteArray> data = readFileBounded(path, kMaxResultsBytes, error);
    if (!data)
        return std::nullopt;
    // A run's live timeline stream (FILE.timeline.jsonl, one JSON object a line, its header
    // first) given where results are wanted: say so, rather than "garbage at the end of the
    // document" after its first line.
    if (startsAsTimelineStream(*data)) {
        if (error)
            *error = path + QStringLiteral(": a run's live timeline stream, not its results "
                                           "(pusher-cli report --recover %1 -o FILE rebuilds "
                                           "them from it)")
                                .arg(path);
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(*data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = path + QStringLiteral(": ") + jsonError(*data, parseError);
        return std::nullopt;
    }
    if (!doc.isObject()) {
        if (error)
            *error = path + QStringLiteral(": not a JSON object");
        return std::nullopt;
    }
    QString why;
    RunResults r = fromJson(doc.object(), &why);
    if (!why.isEmpty()) {
        if (error)
            *error = path + QStringLiteral(": ") + why;
        return std::nullopt;
    }
    return r;
}

const WorkerResults* RunResults::worker(const QString& ident) const {
    if (ident == QLatin1String("*"))
        return &total;
    for (const auto& w : workers)
        if (w.ident == ident)
            return &w;
    return nullptr;
}

std::uint64_t RunResults::completedOf(const QString& ident) const {
    if (ident.isEmpty())
        return total.completed;
    if (const WorkerResults* exact = worker(ident))
        return exact->completed;
    std::uint64_t sum = 0;
    const QString prefix = ident + QStringLiteral(" #");
    for (const auto& w : workers)
        if (w.ident.startsWith(prefix))
            sum += w.completed;
    return sum;
}

QList<TimelinePoint> RunResults::series(const QString& worker) const {
    QList<TimelinePoint> out;
    for (const auto& p : timeline)
        if (p.worker == worker)
            out.append(p);
    return out;
}

} // namespace pusher
