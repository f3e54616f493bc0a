// The live timeline stream's header, and results rebuilt from a stream a killed run left.
#include "pusher/run/scenariorun.h"

#include "streamline.h"

#include <pusher/scenario/duration.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>

#include <algorithm>
#include <cmath>

namespace pusher {

namespace {

constexpr int kStreamVersion = 1;

using stream::counter;

// Line is one parsed line of the stream with its 1-based number.
struct Line {
    int number = 0;
    QJsonObject o;
};

// consistent is true when the farm's counts of an interval are the sum of its workers':
// the check that the interval was written whole.
bool consistent(const QList<Line>& interval) {
    if (interval.isEmpty())
        return false;
    for (const char* key : {"ticks", "started", "completed", "canceled"}) {
        std::uint64_t sum = 0;
        for (qsizetype i = 1; i < interval.size(); ++i) {
            // A flow step's series is part of its worker's calls, not another worker.
            if (!isStepSeries(interval[i].o.value(QLatin1String("worker")).toString()))
                sum += counter(interval[i].o, key);
        }
        if (sum != counter(interval[0].o, key))
            return false;
    }
    return true;
}

} // namespace

QByteArray timelineHeader(const Scenario& scenario, const QDateTime& startedAt, double intervalS) {
    const QJsonObject o{
        {QStringLiteral("pusher_timeline"), kStreamVersion},
        {QStringLiteral("scenario"), scenario.name},
        {QStringLiteral("started_at"), startedAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("interval_s"), intervalS},
        {QStringLiteral("planned_s"), std::chrono::duration<double>(scenario.duration).count()},
        {QStringLiteral("thresholds"), QJsonArray::fromStringList(scenario.thresholds)},
    };
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<RunResults> recoverResults(const QByteArray& stream, QString* error, int* dropped) {
    auto fail = [&](const QString& why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    // A results file or a scenario given for a stream is one JSON object over many lines:
    // say what it is, rather than that its first line is not an object.
    if (const QJsonDocument whole = QJsonDocument::fromJson(stream);
        whole.isObject() && !whole.object().contains(QStringLiteral("pusher_timeline"))) {
        const QJsonObject o = whole.object();
        if (o.contains(QStringLiteral("total")) && o.contains(QStringLiteral("timeline")))
            return fail(QStringLiteral("the results of a run, not its live timeline stream "
                                       "(FILE.timeline.jsonl, beside the results its run "
                                       "wrote): there is nothing to recover"));
        if (o.value(QStringLiteral("workers")).isArray())
            return fail(QStringLiteral("a scenario file, not a run's live timeline stream "
                                       "(FILE.timeline.jsonl, beside its --json FILE)"));
    }
    int droppedLines = 0;
    QList<QByteArray> texts = stream.split('\n');
    // A kill in the middle of a write leaves a last line without its newline.
    if (!texts.isEmpty() && !texts.last().isEmpty())
        ++droppedLines;
    texts.removeLast();

    QJsonObject header;
    int headerLine = 0;
    QList<QList<Line>> intervals;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        const int number = static_cast<int>(i) + 1;
        if (texts[i].trimmed().isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(texts[i], &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject())
            return fail(QStringLiteral("line %1: not a JSON object (%2)")
                            .arg(number)
                            .arg(parseError.errorString()));
        const QJsonObject o = doc.object();
        if (o.contains(QStringLiteral("pusher_timeline"))) {
            if (o.value(QStringLiteral("pusher_timeline")).toInt() != kStreamVersion)
                return fail(QStringLiteral("line %1: stream version %2 is not supported")
                                .arg(number)
                                .arg(o.value(QStringLiteral("pusher_timeline")).toInt()));
            header = o;
            headerLine = number;
            continue;
        }
        if (o.contains(QStringLiteral("rank")))
            continue; // a distributed run's progress of one rank: not part of the results
        const QString worker = o.value(QStringLiteral("worker")).toString();
        if (worker.isEmpty() || !o.value(QStringLiteral("t")).isDouble())
            return fail(
                QStringLiteral("line %1: not a timeline entry (no worker or t)").arg(number));
        if (!o.contains(QStringLiteral("ticks")))
            return fail(QStringLiteral("line %1: written by a version of pusher whose stream "
                                       "cannot be recovered (no ticks, no histograms)")
                            .arg(number));
        if (worker == QLatin1String("*"))
            intervals.append(QList<Line>());
        else if (intervals.isEmpty())
            return fail(QStringLiteral("line %1: a worker's entry before the farm's").arg(number));
        intervals.last().append({number, o});
    }
    if (header.isEmpty() && intervals.isEmpty())
        return fail(QStringLiteral("the stream is empty: the run ended before its first "
                                   "interval did, there is nothing to recover"));
    if (header.isEmpty())
        return fail(QStringLiteral("no header line: not a pusher timeline stream"));
    // The last interval counts only when it was written whole.
    if (!intervals.isEmpty() && !consistent(intervals.last())) {
        droppedLines += static_cast<int>(intervals.last().size());
        intervals.removeLast();
    }
    if (dropped)
        *dropped = droppedLines;

    RunResults r;
    r.scenario = header.value(QStringLiteral("scenario")).toString();
    const QString started = header.value(QStringLiteral("started_at")).toString();
    r.startedAt = QDateTime::fromString(started, Qt::ISODateWithMs);
    r.intervalS = header.value(QStringLiteral("interval_s")).toDouble();
    const double planned = header.value(QStringLiteral("planned_s")).toDouble();
    if (planned > 0 && std::isfinite(planned)) // streams always had it; 0 is not known
        r.plannedS = planned;
    QMap<QString, WorkerResults> series;
    for (const QList<Line>& interval : std::as_const(intervals)) {
        for (const Line& line : interval) {
            const QJsonObject& o = line.o;
            const QString ident = o.value(QStringLiteral("worker")).toString();
            WorkerResults& w = series[ident];
            w.ident = ident;
            // A flow step's place in its flow (streams written before it have none).
            if (const QJsonValue step = o.value(QStringLiteral("step_index"));
                step.isDouble() && isStepSeries(ident) && step.toDouble() >= 0 &&
                step.toDouble() <= 100'000)
                w.stepIndex = static_cast<int>(step.toDouble());
            // A results file's counts add up (its reader refuses one whose do not): so must
            // each line's, of which they are the sums.
            const std::uint64_t ticks = counter(o, "ticks");
            const std::uint64_t startedOrCanceled = counter(o, "started") + counter(o, "canceled");
            if (ticks != startedOrCanceled)
                return fail(QStringLiteral("line %1: ticks (%2) != started + canceled (%3)")
                                .arg(line.number)
                                .arg(ticks)
                                .arg(startedOrCanceled));
            const std::uint64_t okOrErrors = counter(o, "ok") + counter(o, "errors");
            if (counter(o, "completed") != okOrErrors)
                return fail(QStringLiteral("line %1: completed (%2) != ok + errors (%3)")
                                .arg(line.number)
                                .arg(counter(o, "completed"))
                                .arg(okOrErrors));
            w.ticks += counter(o, "ticks");
            w.started += counter(o, "started");
            w.canceled += counter(o, "canceled");
            w.canceledDropped += counter(o, "canceled_dropped");
            w.notDispatched += counter(o, "not_dispatched");
            w.completed += counter(o, "completed");
            w.ok += counter(o, "ok");
            w.errors += counter(o, "errors");
            w.interrupted += counter(o, "interrupted");
            const QJsonObject kinds = o.value(QStringLiteral("errors_by_kind")).toObject();
            for (auto it = kinds.begin(); it != kinds.end(); ++it)
                w.errorsByKind[it.key()] += stream::count(it.value().toDouble());
            const QJsonObject samples = o.value(QStringLiteral("error_samples")).toObject();
            for (auto it = samples.begin(); it != samples.end(); ++it) {
                QStringList list;
                for (const QJsonValue& m : it.value().toArray())
                    list.append(m.toString());
                w.errorSamples[it.key()] = list; // whole run so far: the latest is complete
            }
            const QString why =
                stream::readHistograms(o, &w.serviceTime, &w.responseTime, &w.lagTime,
                                       [](Histogram& to, const Histogram& h) { to.merge(h); });
            if (!why.isEmpty())
                return fail(QStringLiteral("line %1: %2").arg(line.number).arg(why));
            TimelinePoint p;
            p.t = o.value(QStringLiteral("t")).toDouble();
            p.dt = o.value(QStringLiteral("dt")).toDouble();
            p.worker = ident;
            p.started = counter(o, "started");
            p.completed = counter(o, "completed");
            p.ok = counter(o, "ok");
            p.errors = counter(o, "errors");
            p.canceled = counter(o, "canceled");
            p.interrupted = counter(o, "interrupted");
            p.inflight = stream::signedCount(o.value(QStringLiteral("inflight")).toDouble());
            p.rps = o.value(QStringLiteral("rps")).toDouble();
            p.p50Ms = o.value(QStringLiteral("p50_ms")).toDouble();
            p.p90Ms = o.value(QStringLiteral("p90_ms")).toDouble();
            p.p99Ms = o.value(QStringLiteral("p99_ms")).toDouble();
            p.maxMs = o.value(QStringLiteral("max_ms")).toDouble();
            p.respP50Ms = o.value(QStringLiteral("resp_p50_ms")).toDouble();
            p.respP90Ms = o.value(QStringLiteral("resp_p90_ms")).toDouble();
            p.respP99Ms = o.value(QStringLiteral("resp_p99_ms")).toDouble();
            p.respMaxMs = o.value(QStringLiteral("resp_max_ms")).toDouble();
            p.partial = o.value(QStringLiteral("partial")).toBool();
            // The interval's histograms say whether it measured a latency (its p50_ms is
            // null when not; a stream written before that has 0).
            const QJsonObject h = o.value(QStringLiteral("h")).toObject();
            p.latencyMeasured =
                h.contains(QStringLiteral("latency")) || h.contains(QStringLiteral("response"));
            r.timeline.append(p);
        }
        r.durationS = interval.first().o.value(QStringLiteral("t")).toDouble();
    }
    for (auto it = series.begin(); it != series.end(); ++it) {
        WorkerResults& w = it.value();
        w.achievedRps = r.durationS > 0 ? static_cast<double>(w.completed) / r.durationS : 0.0;
        w.latencyMs = LatencyMs::of(w.serviceTime);
        w.responseMs = LatencyMs::of(w.responseTime);
        w.lagMs = LatencyMs::of(w.lagTime);
        if (it.key() == QLatin1String("*"))
            r.total = w;
        else
            r.workers.append(w);
    }
    // A results file needs the start: one without would not open (a line's own problem, above,
    // is said first).
    if (!r.startedAt.isValid())
        return fail(QStringLiteral("line %1: started_at \"%2\" is not an ISO 8601 date and time")
                        .arg(headerLine)
                        .arg(started));
    r.sortWorkers(); // a flow's steps in the flow's order
    r.total.ident = QStringLiteral("*");
    r.recovered = true;
    // A run killed before its planned end did not run its course, nor did one whose stream
    // counted calls cut by a stop (stopped, in the graceful stop past its planned end too,
    // then killed before it wrote its results).
    r.interrupted = !(planned > 0 && r.durationS >= planned - 1e-6) || r.total.interrupted > 0;
    QStringList thresholds;
    for (const QJsonValue& t : header.value(QStringLiteral("thresholds")).toArray())
        thresholds.append(t.toString());
    evaluateThresholds(thresholds, r);
    if (r.interrupted)
        r.passed = false;
    // What is recovered is written as a results file: it must be one the reader takes.
    QString unread;
    (void)RunResults::fromJson(r.toJson(), &unread);
    if (!unread.isEmpty())
        return fail(QStringLiteral("the recovered results would not read back: %1").arg(unread));
    if (error)
        error->clear();
    return r;
}

} // namespace pusher
