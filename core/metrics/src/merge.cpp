#include "pusher/merge.h"

#include "pusher/intervalrecorder.h"

#include <QHash>
#include <QMap>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

namespace pusher {

namespace {

QString nameOf(const MergeOptions& options, qsizetype i) {
    return i < options.sources.size() ? options.sources[i] : QStringLiteral("input %1").arg(i + 1);
}

// hasHistograms tells whether a worker's latencies can be merged exactly: it has histograms,
// or measured no latency (no calls, or a flow step whose requests never went out).
bool hasHistograms(const WorkerResults& w) {
    return !hasLatency(w) || !w.serviceTime.isEmpty();
}

// cellsOf assigns each point of one input's series an interval slot. The recorder cuts
// whole intervals at (or, on a busy machine, a little after) the grid points k × interval
// since the start: such a point belongs to slot floor(t / interval). The series' last point
// is the cut-short one at the run's end, anywhere between grid points: it belongs to the
// slot it ends in, ceil(t / interval). A series' slots increase, so a last point ending
// just after a whole one takes the next slot instead of being added to it.
std::vector<qint64> cellsOf(const QList<TimelinePoint>& points, double interval) {
    std::vector<qint64> cells;
    cells.reserve(static_cast<std::size_t>(points.size()));
    qint64 previous = std::numeric_limits<qint64>::min();
    for (qsizetype i = 0; i < points.size(); ++i) {
        const double x = interval > 0 ? points[i].t / interval : points[i].t;
        const bool last = i + 1 == points.size();
        auto slot = static_cast<qint64>(last ? std::ceil(x - 1e-9) : std::floor(x + 0.02));
        if (previous != std::numeric_limits<qint64>::min())
            slot = std::max(slot, previous + 1);
        cells.push_back(slot);
        previous = slot;
    }
    return cells;
}

// endedAs records in `p` how the run `r` (a part of a merge) ended: its own duration and plan,
// and whether it was stopped or recovered, which the merged run's do not say of each part.
void endedAs(PartResults& p, const RunResults& r) {
    p.durationS = r.durationS;
    p.plannedS = r.plannedS;
    p.interrupted = r.interrupted;
    p.recovered = r.recovered;
}

void addPoint(TimelinePoint& a, const TimelinePoint& b) {
    const double wa = static_cast<double>(a.completed);
    const double wb = static_cast<double>(b.completed);
    auto mix = [&](double x, double y) {
        return wa + wb > 0 ? (x * wa + y * wb) / (wa + wb) : std::max(x, y);
    };
    mergeLatencies(a, b, mix);
    a.t = std::max(a.t, b.t);
    a.dt = std::max(a.dt, b.dt);
    a.partial = a.partial || b.partial;
    a.started += b.started;
    a.completed += b.completed;
    a.ok += b.ok;
    a.errors += b.errors;
    a.canceled += b.canceled;
    a.interrupted += b.interrupted;
    a.inflight += b.inflight;
    a.rps = a.dt > 0 ? static_cast<double>(a.completed) / a.dt : a.rps + b.rps;
}

} // namespace

void addWorkerResults(WorkerResults& into, const WorkerResults& from) {
    into.ticks += from.ticks;
    into.started += from.started;
    into.canceled += from.canceled;
    into.canceledDropped += from.canceledDropped;
    into.notDispatched += from.notDispatched;
    into.completed += from.completed;
    into.ok += from.ok;
    into.errors += from.errors;
    into.interrupted += from.interrupted;
    for (auto it = from.errorsByKind.begin(); it != from.errorsByKind.end(); ++it)
        into.errorsByKind[it.key()] += it.value();
    for (auto it = from.errorSamples.begin(); it != from.errorSamples.end(); ++it) {
        QStringList& out = into.errorSamples[it.key()];
        for (const QString& m : it.value())
            if (out.size() < qsizetype(kSamplesPerKind) && !out.contains(m))
                out.append(m);
    }
    into.achievedRps += from.achievedRps;
    into.serviceTime.merge(from.serviceTime);
    into.responseTime.merge(from.responseTime);
    into.lagTime.merge(from.lagTime);
    into.latencyMs = LatencyMs::of(into.serviceTime);
    into.responseMs = LatencyMs::of(into.responseTime);
    into.lagMs = LatencyMs::of(into.lagTime);
}

std::optional<RunResults> mergeResults(const QList<RunResults>& inputs, const MergeOptions& options,
                                       QString* error) {
    auto fail = [&](const QString& why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (inputs.isEmpty())
        return fail(QStringLiteral("nothing to merge"));
    const RunResults& first = inputs.first();
    for (qsizetype i = 0; i < inputs.size(); ++i) {
        const RunResults& r = inputs[i];
        if (!options.force && r.scenario != first.scenario)
            return fail(
                QStringLiteral("%1 is a run of scenario \"%2\", %3 of \"%4\": not the "
                               "same scenario (--force merges them anyway)")
                    .arg(nameOf(options, 0), first.scenario, nameOf(options, i), r.scenario));
        if (!options.force && std::abs(r.intervalS - first.intervalS) > 1e-9)
            return fail(QStringLiteral("%1 has intervals of %2 s, %3 of %4 s: their timelines "
                                       "do not align (--force merges them anyway)")
                            .arg(nameOf(options, 0), QString::number(first.intervalS),
                                 nameOf(options, i), QString::number(r.intervalS)));
        if (!hasHistograms(r.total))
            return fail(QStringLiteral("%1: total: no histograms, so its latencies cannot be "
                                       "merged exactly")
                            .arg(nameOf(options, i)));
        for (qsizetype k = 0; k < r.workers.size(); ++k)
            if (!hasHistograms(r.workers[k]))
                return fail(QStringLiteral("%1: workers[%2] (%3): no histograms, so its "
                                           "latencies cannot be merged exactly")
                                .arg(nameOf(options, i), QString::number(k), r.workers[k].ident));
    }

    RunResults out;
    out.scenario = first.scenario;
    out.intervalS = first.intervalS;
    out.startedAt = first.startedAt;
    out.total.ident = QStringLiteral("*");
    QMap<QString, WorkerResults> workers;
    QStringList exprs;
    // The planned duration spans the parts', as duration_s does: the longest; not known
    // (0) when a part's is not (a file written before planned_s), which could be longer.
    out.plannedS = std::ranges::all_of(inputs, [](const RunResults& r) { return r.plannedS > 0; })
                       ? std::ranges::max(inputs, {}, &RunResults::plannedS).plannedS
                       : 0.0;
    for (qsizetype i = 0; i < inputs.size(); ++i) {
        const RunResults& r = inputs[i];
        if (r.startedAt.isValid() && (!out.startedAt.isValid() || r.startedAt < out.startedAt))
            out.startedAt = r.startedAt;
        out.durationS = std::max(out.durationS, r.durationS);
        out.interrupted = out.interrupted || r.interrupted;
        // A part rebuilt from its live stream ends at its last complete interval, its calls
        // in flight then lost: so does the whole it is a part of.
        out.recovered = out.recovered || r.recovered;
        addWorkerResults(out.total, r.total);
        for (const auto& w : r.workers) {
            auto it = workers.find(w.ident);
            if (it == workers.end()) {
                WorkerResults empty;
                empty.ident = w.ident;
                it = workers.insert(w.ident, empty);
            }
            // A step's place is the smallest index any file gives it (the files of one
            // scenario agree); a step no file places comes after, by name (seriesBefore).
            if (w.stepIndex >= 0 && (it->stepIndex < 0 || w.stepIndex < it->stepIndex))
                it->stepIndex = w.stepIndex;
            addWorkerResults(*it, w);
        }
        for (const auto& t : r.thresholds)
            if (!exprs.contains(t.expr))
                exprs.append(t.expr);
        if (r.parts.isEmpty()) {
            PartResults p;
            p.source = i < options.sources.size() ? options.sources[i] : QString();
            p.ticks = r.total.ticks;
            p.completed = r.total.completed;
            p.achievedRps = r.total.achievedRps;
            p.lagP99Ms = r.total.lagMs.p99;
            p.setErrors(r.total);
            endedAs(p, r);
            out.parts.append(p);
        } else if (r.parts.size() == 1) {
            // A part alone is the whole of its input (a rank's own results in a distributed
            // run, which do not say how it ended): its ending is its input's.
            PartResults p = r.parts.first();
            endedAs(p, r);
            out.parts.append(p);
        } else {
            out.parts.append(r.parts);
        }
    }
    for (qsizetype i = 0; i < out.parts.size(); ++i)
        out.parts[i].rank = static_cast<int>(i);
    auto rate = [&](WorkerResults& w) {
        w.achievedRps = out.durationS > 0 ? static_cast<double>(w.completed) / out.durationS : 0.0;
    };
    rate(out.total);
    for (auto& w : workers) {
        rate(w);
        out.workers.append(w);
    }
    out.sortWorkers();
    QHash<QString, qsizetype> order;
    for (qsizetype i = 0; i < out.workers.size(); ++i)
        order.insert(out.workers[i].ident, i);
    for (const QString& e : exprs)
        out.thresholds.append({e, std::nan(""), false});
    out.passed = exprs.isEmpty() && !out.interrupted;

    // Timelines: (slot, the farm first then the workers' order, series) → merged point.
    std::map<std::tuple<qint64, qsizetype, QString>, TimelinePoint> points;
    for (const RunResults& r : inputs) {
        QMap<QString, QList<TimelinePoint>> bySeries;
        for (const auto& p : r.timeline)
            bySeries[p.worker].append(p);
        for (auto it = bySeries.begin(); it != bySeries.end(); ++it) {
            const std::vector<qint64> cells = cellsOf(it.value(), out.intervalS);
            for (qsizetype k = 0; k < it.value().size(); ++k) {
                const qsizetype rank =
                    it.key() == QLatin1String("*") ? -1 : order.value(it.key(), out.workers.size());
                const auto key = std::make_tuple(cells[std::size_t(k)], rank, it.key());
                auto [found, inserted] = points.try_emplace(key, it.value()[k]);
                if (!inserted)
                    addPoint(found->second, it.value()[k]);
            }
        }
    }
    out.timeline.reserve(static_cast<qsizetype>(points.size()));
    for (auto& [key, point] : points)
        out.timeline.append(point);
    if (error)
        error->clear();
    return out;
}

} // namespace pusher
