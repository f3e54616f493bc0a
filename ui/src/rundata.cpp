#include <pusher/ui/rundata.h>

#include <pusher/charts/throughputchart.h>
#include <pusher/intervalrecorder.h>
#include <pusher/run/scenariorun.h>
#include <pusher/scenario/scenario.h>

#include <QSet>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

namespace pusher {

namespace {

const QString kFarm = QStringLiteral("*");

Duration toDuration(double seconds) {
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds));
}

double ms(std::int64_t ns) {
    return double(ns) / 1e6;
}

SummaryRow rowOf(const WorkerResults& w) {
    const bool known = hasLatency(w);
    SummaryRow r;
    r.ident = w.ident;
    r.ticks = qint64(w.ticks);
    r.started = qint64(w.started);
    r.completed = qint64(w.completed);
    r.ok = qint64(w.ok);
    r.errors = qint64(w.errors);
    r.canceled = qint64(w.canceled);
    r.rps = w.achievedRps;
    if (known) {
        r.p50Ms = w.latencyMs.p50;
        r.p90Ms = w.latencyMs.p90;
        r.p99Ms = w.latencyMs.p99;
        r.maxMs = w.latencyMs.max;
        r.respP50Ms = w.responseMs.p50;
        r.respP90Ms = w.responseMs.p90;
        r.respP99Ms = w.responseMs.p99;
        r.respMaxMs = w.responseMs.max;
    }
    r.lagP99Ms = w.lagTime.count() > 0 ? w.lagMs.p99 : -1;
    return r;
}

SummaryRow rowOf(const SeriesSnapshot& s) {
    SummaryRow r;
    r.ident = s.ident;
    r.ticks = qint64(s.total.ticks);
    r.started = qint64(s.total.started);
    r.completed = qint64(s.total.completed);
    r.ok = qint64(s.total.ok);
    r.errors = qint64(s.total.errors);
    r.canceled = qint64(s.total.canceled);
    r.rps = s.totalRps;
    if (s.totalService.count > 0) {
        r.p50Ms = ms(s.totalService.p50);
        r.p90Ms = ms(s.totalService.p90);
        r.p99Ms = ms(s.totalService.p99);
        r.maxMs = ms(s.totalService.max);
    }
    if (s.totalResponse.count > 0) {
        r.respP50Ms = ms(s.totalResponse.p50);
        r.respP90Ms = ms(s.totalResponse.p90);
        r.respP99Ms = ms(s.totalResponse.p99);
        r.respMaxMs = ms(s.totalResponse.max);
    }
    r.lagP99Ms = s.totalLag.count > 0 ? ms(s.totalLag.p99) : -1;
    return r;
}

LatencyMs digestOf(const LatencySummary& l) {
    LatencyMs out;
    out.min = ms(l.min);
    out.mean = l.mean / 1e6;
    out.p50 = ms(l.p50);
    out.p90 = ms(l.p90);
    out.p99 = ms(l.p99);
    out.p999 = ms(l.p999);
    out.max = ms(l.max);
    return out;
}

// liveResultsOf is the run so far in the results' form (digests, no histograms), for
// judging thresholds while the run goes.
WorkerResults liveResultsOf(const SeriesSnapshot& s) {
    WorkerResults w;
    w.ident = s.ident;
    w.ticks = s.total.ticks;
    w.started = s.total.started;
    w.canceled = s.total.canceled;
    w.completed = s.total.completed;
    w.ok = s.total.ok;
    w.errors = s.total.errors;
    w.achievedRps = s.totalRps;
    w.latencyMs = digestOf(s.totalService);
    w.responseMs = digestOf(s.totalResponse);
    w.lagMs = digestOf(s.totalLag);
    return w;
}

QList<ErrorKind> kindsOf(const QMap<QString, std::uint64_t>& byKind,
                         const QMap<QString, QStringList>& samples) {
    QList<ErrorKind> kinds;
    for (auto it = byKind.begin(); it != byKind.end(); ++it)
        kinds.append(ErrorKind{it.key(), qint64(it.value()), samples.value(it.key())});
    return kinds;
}

constexpr RunMetric kService[] = {RunMetric::ServiceP50, RunMetric::ServiceP90,
                                  RunMetric::ServiceP99, RunMetric::ServiceMax};
constexpr RunMetric kResponse[] = {RunMetric::ResponseP50, RunMetric::ResponseP90,
                                   RunMetric::ResponseP99, RunMetric::ResponseMax};

} // namespace

RunData::RunData(QObject* parent)
    : QObject(parent) {}

RunData::~RunData() = default;

void RunData::clear() {
    m_live = false;
    m_label.clear();
    m_workers.clear();
    m_charted.clear();
    m_chartedSet.clear();
    m_othersCount = 0;
    m_ranked = false;
    m_seriesSeen = false;
    m_target = nullptr;
    m_thresholdTexts.clear();
    m_batch.clear();
    m_elapsed = 0;
    m_drawn = 0;
    m_intervalS = 0;
    m_plannedS = 0;
    m_stopped = false;
    m_rows.clear();
    m_total = SummaryRow{};
    m_errorKinds.clear();
    m_canceled = 0;
    m_notDispatched = 0;
    m_interrupted = 0;
    m_thresholds.clear();
    m_hasResults = false;
}

void RunData::chartAll() {
    m_charted = m_workers;
    m_chartedSet = QSet<QString>(m_charted.cbegin(), m_charted.cend());
    m_othersCount = 0;
    m_ranked = true;
}

void RunData::chartLargest(QList<std::tuple<std::uint64_t, std::uint64_t, QString>> volumes) {
    if (m_workers.size() <= MaxChartedWorkers) {
        chartAll();
        return;
    }
    // Largest first: calls completed, then ticks; equal volumes in ident order.
    std::sort(volumes.begin(), volumes.end(), [](const auto& a, const auto& b) {
        if (std::get<0>(a) != std::get<0>(b))
            return std::get<0>(a) > std::get<0>(b);
        if (std::get<1>(a) != std::get<1>(b))
            return std::get<1>(a) > std::get<1>(b);
        return std::get<2>(a) < std::get<2>(b);
    });
    m_chartedSet.clear();
    for (qsizetype i = 0; i < volumes.size() && i < MaxChartedWorkers; ++i)
        m_chartedSet.insert(std::get<2>(volumes[i]));
    // In the summary's order, as m_workers.
    m_charted.clear();
    for (const QString& w : std::as_const(m_workers))
        if (m_chartedSet.contains(w))
            m_charted.append(w);
    // Others stands for the workers not drawn; a step not drawn is in its journey's calls.
    m_othersCount =
        int(std::count_if(m_workers.cbegin(), m_workers.cend(),
                          [this](const QString& w) { return !isCharted(w) && !isStepSeries(w); }));
    m_ranked = true;
}

namespace {

// The plan's replicas of spec: replicaIdents() for a force the check allows (1 to kMaxForce),
// else the spec alone. A scenario not yet checked can hold any force (1e9 would make a billion
// names, gigabytes): it draws one line, and the check names its force.
QStringList plannedReplicas(const WorkerSpec& spec) {
    if (spec.force < 1 || spec.force > kMaxForce)
        return {spec.ident};
    return spec.replicaIdents();
}

int plannedForce(const WorkerSpec& spec) {
    return spec.force < 1 || spec.force > kMaxForce ? 1 : spec.force;
}

// drawable: the enabled specs whose series the plan can name. A spec whose ident is no name
// of its own (empty: the total's key; with a '/': a step's; an earlier enabled worker's: the
// check calls the later one the duplicate) has none, nor have its steps: a flow typed with
// an empty Ident drew its plan into the total's line (a sawtooth between the two rates) and
// listed "/login"; one named as another worker drew into that worker's line. Its problem,
// listed by the editor, costs its own lines only; the total still counts its rate.
QList<const WorkerSpec*> drawable(const Scenario& scenario) {
    QList<const WorkerSpec*> specs;
    QSet<QString> idents;
    for (const WorkerSpec& spec : scenario.workers) {
        if (!spec.enabled)
            continue;
        const bool own =
            !spec.ident.isEmpty() && !isStepSeries(spec.ident) && !idents.contains(spec.ident);
        idents.insert(spec.ident);
        if (own)
            specs.append(&spec);
    }
    return specs;
}

} // namespace

QList<std::pair<QString, int>> RunData::seriesOf(const Scenario& scenario) {
    QList<std::pair<QString, int>> series;
    for (const WorkerSpec* spec : drawable(scenario)) {
        for (const QString& ident : plannedReplicas(*spec))
            series.append({ident, -1});
        if (spec->target.kind == QLatin1String("flow"))
            for (qsizetype i = 0; i < spec->target.steps.size(); ++i)
                series.append(
                    {spec->ident + QLatin1Char('/') + spec->target.steps[i].name, int(i)});
    }
    std::stable_sort(series.begin(), series.end(), [](const auto& a, const auto& b) {
        return seriesBefore(a.first, a.second, b.first, b.second);
    });
    return series;
}

QStringList RunData::undrawnWorkers(const Scenario& scenario) {
    const QList<const WorkerSpec*> drawn = drawable(scenario);
    const QSet<const WorkerSpec*> own(drawn.begin(), drawn.end()); // a lookup per worker
    QStringList out;
    for (qsizetype i = 0; i < scenario.workers.size(); ++i)
        if (scenario.workers[i].enabled && !own.contains(&scenario.workers[i]))
            out.append(QStringLiteral("worker %1").arg(i + 1));
    return out;
}

double RunData::plannedRps(const Scenario& scenario, const QString& spec, double t) {
    const auto w = std::ranges::find(scenario.workers, spec, &WorkerSpec::ident);
    if (w == scenario.workers.end() || w->rate.mode == RateSpec::Mode::Max)
        return std::nan("");
    return w->rate.toRate(scenario.duration).rpsAt(toDuration(t));
}

QList<RunPoint> RunData::plannedTargets(const Scenario& scenario, const QStringList& workers) {
    QList<RunPoint> points;
    const double duration = std::chrono::duration<double>(scenario.duration).count();
    // Each enabled spec's rate (none: the closed model) and how many workers it becomes.
    struct Planned {
        const WorkerSpec* spec;
        std::optional<Rate> rate;
    };
    std::vector<Planned> specs;
    bool closed = false;
    for (const WorkerSpec& spec : scenario.workers) {
        if (!spec.enabled)
            continue;
        specs.push_back({&spec, spec.rate.mode == RateSpec::Mode::Max
                                    ? std::nullopt
                                    : std::optional(spec.rate.toRate(scenario.duration))});
        closed = closed || !specs.back().rate;
    }
    if (specs.empty() || !std::isfinite(duration) || duration <= 0)
        return points;
    // The planned rate of each charted worker: its spec's, or its replicas' ("api #2" runs
    // at "api"'s rate).
    // (Only a spec with an ident of its own: drawable.)
    const QList<const WorkerSpec*> drawn = drawable(scenario);
    const QSet<const WorkerSpec*> own(drawn.begin(), drawn.end()); // looked up per spec
    std::vector<std::pair<QString, const Rate*>> charted;
    for (const QString& w : workers)
        for (const Planned& p : specs)
            if (p.rate && own.contains(p.spec) && plannedReplicas(*p.spec).contains(w))
                charted.emplace_back(w, &*p.rate);
    const double interval = std::chrono::duration<double>(scenario.interval).count();
    // Samples at the interval, as a run's points, or fewer for a long plan; the last at its
    // end. A scenario of many specs takes fewer, so a change in the editor stays quick.
    const qsizetype budget = std::max<qsizetype>(2, 1'000'000 / qsizetype(specs.size()));
    qsizetype samples = std::min<qsizetype>(MaxPlanSamples, budget);
    if (interval > 0)
        samples = std::clamp<qsizetype>(qsizetype(std::ceil(duration / interval)), 1, samples);
    for (qsizetype i = 0; i <= samples; ++i) {
        const double t = duration * double(i) / double(samples);
        const Duration at = toDuration(t);
        if (!closed) {
            double total = 0;
            for (const Planned& p : specs)
                total += p.rate->rpsAt(at) * plannedForce(*p.spec);
            points.append(RunPoint{SeriesKey{QString(), RunMetric::TargetRps}, t, total});
        }
        for (const auto& [ident, rate] : charted)
            points.append(RunPoint{SeriesKey{ident, RunMetric::TargetRps}, t, rate->rpsAt(at)});
    }
    return points;
}

void RunData::setPlannedSeries(const QList<std::pair<QString, int>>& series) {
    m_planned = series;
}

QStringList RunData::plannedSeries() const {
    QStringList idents;
    for (const auto& [ident, step] : m_planned)
        idents.append(ident);
    return idents;
}

void RunData::beginRun(const QStringList& workers, TargetFn target, const QStringList& thresholds) {
    clear();
    m_live = true;
    // The summary's order, with the planned steps of its journeys (workers name none), so
    // the charts list at once what the run draws; its first interval confirms them
    // (adoptSeries).
    QList<std::pair<QString, int>> series;
    for (const QString& w : workers)
        series.append({w, -1});
    for (const auto& [ident, step] : std::as_const(m_planned)) {
        if (!isStepSeries(ident))
            continue;
        const QString journey = ident.left(ident.indexOf(QLatin1Char('/')));
        if (std::any_of(workers.cbegin(), workers.cend(), [&](const QString& w) {
                return w == journey || w.startsWith(journey + QStringLiteral(" #"));
            }))
            series.append({ident, step});
    }
    std::stable_sort(series.begin(), series.end(), [](const auto& a, const auto& b) {
        return seriesBefore(a.first, a.second, b.first, b.second);
    });
    m_workers.clear();
    for (const auto& [ident, step] : series)
        m_workers.append(ident);
    // A large run is ranked on its first interval (addSnapshot); a small one charts all.
    if (m_workers.size() <= MaxChartedWorkers)
        chartAll();
    m_target = std::move(target);
    m_thresholdTexts = thresholds;
    for (const QString& text : thresholds)
        m_thresholds.append(ThresholdResult{text, std::nan(""), false});
    m_total.ident = ThroughputChart::totalLabel();
    emit reset();
    emit totalsChanged();
}

void RunData::addLatency(const QString& worker, double t, const Histogram& service,
                         const Histogram& response) {
    const LatencyMs s = LatencyMs::of(service);
    const LatencyMs r = LatencyMs::of(response);
    const double sv[] = {s.p50, s.p90, s.p99, s.max};
    const double rv[] = {r.p50, r.p90, r.p99, r.max};
    for (int q = 0; q < 4; ++q) {
        m_batch.append(RunPoint{SeriesKey{worker, kService[q]}, t, sv[q]});
        m_batch.append(RunPoint{SeriesKey{worker, kResponse[q]}, t, rv[q]});
    }
}

void RunData::addSnapshot(const Snapshot& s) {
    if (!m_live)
        return;
    m_elapsed = s.t;
    // The recorder marks a partial interval (the run's last, or one after the planned end):
    // its counts reach the totals below, its per-second rates draw no point.
    if (!s.partial) {
        m_drawn = s.t;
        m_batch.clear();
        if (!m_seriesSeen) {
            m_seriesSeen = true;
            adoptSeries(s);
        }
        const bool ranking = !m_ranked;
        if (ranking) {
            QList<std::tuple<std::uint64_t, std::uint64_t, QString>> volumes;
            volumes.reserve(s.workers.size());
            for (const SeriesSnapshot& w : s.workers)
                volumes.append({w.total.completed, w.total.ticks, w.ident});
            chartLargest(std::move(volumes));
        }
        const double t = s.t;
        const double dt = s.dt > 0 ? s.dt : 1.0;
        double totalTarget = 0;
        double othersTarget = 0, othersRps = 0, othersInFlight = 0;
        for (const SeriesSnapshot& w : s.workers) {
            double target = m_target ? m_target(w.ident, t) : std::nan("");
            if (std::isnan(target))
                target = w.rps; // the closed model has no target: it runs as fast as it can
            // A flow step's calls are part of its journey's (isStepSeries): neither the
            // total nor others add them, or a journey counted once per step more.
            const bool step = isStepSeries(w.ident);
            if (!step)
                totalTarget += target;
            if (!isCharted(w.ident)) {
                if (step)
                    continue;
                othersTarget += target;
                othersRps += w.rps;
                othersInFlight += double(w.inflight);
                continue;
            }
            m_batch.append(RunPoint{SeriesKey{w.ident, RunMetric::TargetRps}, t, target});
            m_batch.append(RunPoint{SeriesKey{w.ident, RunMetric::Rps}, t, w.rps});
            // A step's series only hears of its calls as they end: its 0 in flight would hide
            // the journey's calls waiting there (they are in the journey's line).
            if (!step)
                m_batch.append(
                    RunPoint{SeriesKey{w.ident, RunMetric::InFlight}, t, double(w.inflight)});
            // A flow step whose calls all ended before their request went out measured no
            // latency: no point, not 0 ms.
            if (!w.serviceTime.isEmpty() || !w.responseTime.isEmpty())
                addLatency(w.ident, t, w.serviceTime, w.responseTime);
        }
        if (m_othersCount > 0) {
            const QString others = SeriesKey::othersWorker();
            m_batch.append(RunPoint{SeriesKey{others, RunMetric::TargetRps}, t, othersTarget});
            m_batch.append(RunPoint{SeriesKey{others, RunMetric::Rps}, t, othersRps});
            m_batch.append(RunPoint{SeriesKey{others, RunMetric::InFlight}, t, othersInFlight});
        }
        const SeriesSnapshot& farm = s.farm;
        m_batch.append(RunPoint{SeriesKey{QString(), RunMetric::TargetRps}, t, totalTarget});
        m_batch.append(RunPoint{SeriesKey{QString(), RunMetric::Rps}, t, farm.rps});
        m_batch.append(
            RunPoint{SeriesKey{QString(), RunMetric::InFlight}, t, double(farm.inflight)});
        m_batch.append(RunPoint{SeriesKey{QString(), RunMetric::Errors}, t,
                                double(farm.interval.errors) / dt});
        m_batch.append(RunPoint{SeriesKey{QString(), RunMetric::Canceled}, t,
                                double(farm.interval.canceled) / dt});
        if (!farm.serviceTime.isEmpty() || !farm.responseTime.isEmpty())
            addLatency(QString(), t, farm.serviceTime, farm.responseTime);
        // The interval that ranked the workers is the first to draw them: the views start
        // over with the charted workers (their series and colours).
        if (ranking)
            emit reset();
        else
            emit appended();
    }

    m_rows.clear();
    for (const SeriesSnapshot& w : s.workers)
        m_rows.append(rowOf(w));
    m_total = rowOf(s.farm);
    m_total.ident = ThroughputChart::totalLabel();
    QMap<QString, std::uint64_t> byKind;
    for (const auto& [kind, count] : s.farm.total.errorsByKind)
        byKind.insert(QString::fromStdString(kind), count);
    m_errorKinds = kindsOf(byKind, errorSamplesOf(s.farm.errorSamples));
    for (ErrorKind& k : m_errorKinds) {
        const std::string kind = k.kind.toStdString();
        for (const SeriesSnapshot& w : s.workers)
            if (auto it = w.total.errorsByKind.find(kind); it != w.total.errorsByKind.end())
                k.workers.append({w.ident, qint64(it->second)});
    }
    m_canceled = qint64(s.farm.total.canceled);
    m_notDispatched = qint64(s.farm.total.notDispatched);
    m_interrupted = qint64(s.farm.total.interrupted);
    judgeLive(s);
    emit totalsChanged();
}

void RunData::adoptSeries(const Snapshot& s) {
    // The run's series as the summary lists them: the snapshot's (a flow's steps, which
    // beginRun's workers do not name, right after their journey in the flow's order), then
    // any worker it lacks yet, placed by seriesBefore. A results file of the run lists the
    // same series in the same order.
    QList<std::pair<QString, int>> series;
    QSet<QString> seen;
    for (const SeriesSnapshot& w : s.workers) {
        series.append({w.ident, w.stepIndex});
        seen.insert(w.ident);
    }
    for (const QString& w : std::as_const(m_workers)) // a worker no rank reported yet
        if (!seen.contains(w) && !isStepSeries(w))
            series.append({w, -1});
    std::stable_sort(series.begin(), series.end(), [](const auto& a, const auto& b) {
        return seriesBefore(a.first, a.second, b.first, b.second);
    });
    QStringList workers;
    for (const auto& [ident, step] : series)
        workers.append(ident);
    if (workers == m_workers)
        return;
    m_workers = workers;
    m_ranked = false; // charted again below, then the views start over
}

void RunData::judgeLive(const Snapshot& s) {
    if (m_thresholdTexts.isEmpty())
        return;
    RunResults live;
    live.durationS = s.t;
    live.total = liveResultsOf(s.farm);
    for (const SeriesSnapshot& w : s.workers)
        live.workers.append(liveResultsOf(w));
    m_thresholds.clear();
    for (const QString& text : m_thresholdTexts)
        m_thresholds.append(evaluateThreshold(text, live));
}

void RunData::setTotalsFrom(const RunResults& results) {
    m_rows.clear();
    for (const WorkerResults& w : results.workers)
        m_rows.append(rowOf(w));
    m_total = rowOf(results.total);
    m_total.ident = ThroughputChart::totalLabel();
    m_errorKinds = kindsOf(results.total.errorsByKind, results.total.errorSamples);
    for (ErrorKind& k : m_errorKinds)
        for (const WorkerResults& w : results.workers)
            if (auto it = w.errorsByKind.find(k.kind); it != w.errorsByKind.end())
                k.workers.append({w.ident, qint64(it.value())});
    m_canceled = qint64(results.total.canceled);
    m_notDispatched = qint64(results.total.notDispatched);
    m_interrupted = qint64(results.total.interrupted);
    m_thresholds = results.thresholds;
    m_elapsed = results.durationS;
    m_intervalS = results.intervalS;
    m_plannedS = results.plannedS;
    m_stopped = results.interrupted;
}

void RunData::finishRun(const RunResults& results) {
    m_live = false;
    m_hasResults = true;
    setTotalsFrom(results);
    emit totalsChanged();
}

void RunData::setResults(const RunResults& results, const QString& label) {
    clear();
    m_label = label;
    m_hasResults = true;
    QList<std::tuple<std::uint64_t, std::uint64_t, QString>> volumes;
    volumes.reserve(results.workers.size());
    for (const WorkerResults& w : results.workers) {
        m_workers.append(w.ident); // in the summary's order
        volumes.append({w.completed, w.ticks, w.ident});
    }
    if (m_workers.size() <= MaxChartedWorkers)
        chartAll();
    else
        chartLargest(std::move(volumes));
    // The others' rates and calls in flight, summed per interval (the timeline is in time
    // order: one sum is open at a time).
    const QString others = SeriesKey::othersWorker();
    double othersT = std::nan(""), othersRps = 0, othersInFlight = 0;
    const auto flushOthers = [&] {
        if (!std::isnan(othersT)) {
            m_batch.append(RunPoint{SeriesKey{others, RunMetric::Rps}, othersT, othersRps});
            m_batch.append(
                RunPoint{SeriesKey{others, RunMetric::InFlight}, othersT, othersInFlight});
        }
        othersT = std::nan("");
        othersRps = othersInFlight = 0;
    };
    m_batch.reserve(qsizetype(
        std::min<qsizetype>(results.timeline.size(), (MaxChartedWorkers + 2) * 4096) * 11));
    for (const TimelinePoint& p : results.timeline) {
        if (p.partial)
            continue; // its counts are in the totals; its rates are not the run's
        m_drawn = std::max(m_drawn, p.t);
        const QString worker = p.worker == kFarm ? QString() : p.worker;
        if (!worker.isEmpty() && !isCharted(worker)) {
            if (isStepSeries(worker))
                continue; // in its journey's calls (the live sums above)
            if (p.t != othersT)
                flushOthers();
            othersT = p.t;
            othersRps += p.rps;
            othersInFlight += double(p.inflight);
            continue;
        }
        m_batch.append(RunPoint{SeriesKey{worker, RunMetric::Rps}, p.t, p.rps});
        if (!isStepSeries(worker)) // always 0 (see addSnapshot)
            m_batch.append(
                RunPoint{SeriesKey{worker, RunMetric::InFlight}, p.t, double(p.inflight)});
        if (p.completed > 0 && p.latencyMeasured) { // no point for no latency, not 0 ms
            const double sv[] = {p.p50Ms, p.p90Ms, p.p99Ms, p.maxMs};
            const double rv[] = {p.respP50Ms, p.respP90Ms, p.respP99Ms, p.respMaxMs};
            for (int q = 0; q < 4; ++q) {
                m_batch.append(RunPoint{SeriesKey{worker, kService[q]}, p.t, sv[q]});
                m_batch.append(RunPoint{SeriesKey{worker, kResponse[q]}, p.t, rv[q]});
            }
        }
        if (worker.isEmpty()) {
            const double dt = p.dt > 0 ? p.dt : 1.0;
            m_batch.append(
                RunPoint{SeriesKey{worker, RunMetric::Errors}, p.t, double(p.errors) / dt});
            m_batch.append(
                RunPoint{SeriesKey{worker, RunMetric::Canceled}, p.t, double(p.canceled) / dt});
        }
    }
    flushOthers();
    setTotalsFrom(results);
    emit reset();
    emit totalsChanged();
}

} // namespace pusher
