#include "pusher/run/scenariorun.h"
#include "pusher/run/hostfile.h"

#include "pusher/run/targetfactory.h"

#include <pusher/data/datatable.h>
#include <pusher/http/flow.h>
#include <pusher/io/files.h>
#include <pusher/merge.h>
#include <pusher/scenario/threshold.h>
#include <pusher/targets/sandbox.h>
#include <pusher/crew.h>
#include <pusher/threadname.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace pusher {

namespace {

// StepSeries records a flow's steps into their series, "worker/step".
class StepSeries final : public FlowObserver {
public:
    StepSeries(IntervalRecorder& recorder, const WorkerSpec& spec) {
        for (qsizetype i = 0; i < spec.target.steps.size(); ++i)
            m_sinks.push_back(recorder.sink(
                spec.ident + QLatin1Char('/') + spec.target.steps[i].name, static_cast<int>(i)));
    }
    void stepEnded(std::size_t step, TimePoint start, TimePoint end, const Error& error,
                   bool sent) override {
        if (step >= m_sinks.size())
            return;
        Gossip g;
        g.when = When::AfterTarget;
        g.intended = g.start = start;
        g.end = end;
        g.error = error;
        m_sinks[step].recordCall(g, sent);
    }

private:
    std::vector<IntervalRecorder::Sink> m_sinks;
};

// WorkerEndHook calls RunOptions::onWorkerEnded when a worker's run has ended (a Gossiper's
// stop() comes after the run's last event); it takes the events directly and drops them.
class WorkerEndHook final : public Gossiper {
public:
    explicit WorkerEndHook(std::function<void()> hook)
        : m_hook(std::move(hook)) {}
    void listen(const Context&, Worker&, GossipStream& stream) override {
        Gossip g;
        while (stream.next(g)) {
        }
    }
    void stop() override { m_hook(); }
    std::function<void(const Gossip&)> direct(Worker&) override {
        return [](const Gossip&) {};
    }

private:
    std::function<void()> m_hook;
};

// Calls in flight when a run reaches its duration may finish for this long before they are
// canceled, so the end of a run does not count short calls as errors. Stop cancels at once.
constexpr Duration kGracefulStop = std::chrono::seconds(2);

// originEnd is where a URL's scheme and authority end ("http://host:port"), the path, query
// or fragment starting there; -1 without "://".
qsizetype originEnd(const QString& url) {
    const qsizetype scheme = url.indexOf(u"://");
    if (scheme < 0)
        return -1;
    qsizetype end = scheme + 3;
    while (end < url.size() && url[end] != u'/' && url[end] != u'?' && url[end] != u'#')
        ++end;
    return end;
}

// overrideUrl applies RunOptions::url to a scenario: an http target's URL becomes it whole;
// a flow's steps take its scheme, host and port and keep their own paths and queries (a
// journey calls several endpoints of one server). Returns a problem when it is not an http
// or https URL with a host.
std::optional<Problem> overrideUrl(Scenario& scenario, const QString& url) {
    const QUrl parsed(url, QUrl::StrictMode);
    const QString scheme = parsed.scheme().toLower();
    if (!parsed.isValid() || (scheme != u"http" && scheme != u"https") || parsed.host().isEmpty())
        return Problem{QStringLiteral("--url"),
                       QStringLiteral("\"%1\" is not an http:// or https:// URL with a host%2")
                           .arg(url, parsed.isValid()
                                         ? QString()
                                         : QStringLiteral(" (%1)").arg(
                                               parsed.errorString().section(u';', 0, 0)))};
    const QString origin = url.left(originEnd(url));
    for (WorkerSpec& spec : scenario.workers) {
        if (spec.target.kind == u"http")
            spec.target.url = url;
        else if (spec.target.kind == u"flow")
            for (StepSpec& step : spec.target.steps) {
                const qsizetype end = originEnd(step.url);
                if (end >= 0)
                    step.url.replace(0, end, origin);
            }
    }
    return std::nullopt;
}
} // namespace

ScenarioRun::ScenarioRun(Scenario scenario, RunOptions options)
    : m_scenario(std::move(scenario))
    , m_options(std::move(options)) {}

ScenarioRun::~ScenarioRun() {
    stop();
    if (m_thread.joinable())
        m_thread.join();
    if (m_sandbox)
        m_sandbox->stop();
}

QList<Problem> ScenarioRun::prepare() {
    if (m_prepared)
        return {};
    Scenario resolved = m_scenario;
    if (m_options.substitute) {
        ScenarioParse parse = m_scenario.resolved(m_options.env, m_options.baseDir);
        if (!parse.ok())
            return parse.problems;
        resolved = parse.scenario;
    }
    const std::uint32_t shares = std::max<std::uint32_t>(m_options.shareCount, 1);
    const std::uint32_t share = m_options.shareIndex % shares;
    if (m_options.duration)
        resolved.duration = *m_options.duration;
    QList<Problem> problems;
    if (resolved.duration <= Duration::zero())
        problems.append({QStringLiteral("duration"), QStringLiteral("must be positive")});
    if (!(m_options.rpsScale > 0) || !std::isfinite(m_options.rpsScale))
        problems.append(
            {QStringLiteral("--rps-scale"), QStringLiteral("must be a positive number")});
    if (!m_options.url.isEmpty())
        if (auto problem = overrideUrl(resolved, m_options.url))
            problems.append(*problem);
    if (!problems.isEmpty())
        return problems;

    if (resolved.usesSandbox() && shares > 1) {
        for (qsizetype i = 0; i < resolved.workers.size(); ++i) {
            const WorkerSpec& spec = resolved.workers[i];
            QStringList urls;
            if (spec.target.kind == QLatin1String("http"))
                urls.append(spec.target.url);
            else if (spec.target.kind == QLatin1String("flow"))
                for (const StepSpec& step : spec.target.steps)
                    urls.append(step.url);
            bool sandbox = false;
            for (const QString& url : std::as_const(urls))
                sandbox = sandbox || QUrl(url).host() == QLatin1String("sandbox");
            if (spec.enabled && sandbox)
                problems.append({QStringLiteral("workers[%1].target.url").arg(i),
                                 QStringLiteral("a sandbox URL cannot be used in a distributed "
                                                "run (every rank would serve its own sandbox): "
                                                "start one with `pusher-cli sandbox` and pass "
                                                "its URL with --url")});
        }
        return problems;
    }
    if (resolved.usesSandbox() && m_options.checkOnly) {
        resolved = resolved.withSandboxPort(1); // a placeholder: nothing is started
    } else if (resolved.usesSandbox()) {
        m_sandbox = std::make_unique<SandboxServer>();
        if (!m_sandbox->start(0, 2))
            return {{QString(), QStringLiteral("cannot start the sandbox server: %1")
                                    .arg(m_sandbox->errorString())}};
        resolved = resolved.withSandboxPort(m_sandbox->port());
    }

    IntervalRecorder::Options recorderOptions;
    recorderOptions.interval =
        std::chrono::duration_cast<std::chrono::milliseconds>(resolved.interval);
    recorderOptions.scenario = resolved.name;
    recorderOptions.plannedSeconds = std::chrono::duration<double>(resolved.duration).count();
    recorderOptions.ownerStarts = true; // at the run's origin, once every worker is set up
    if (Error err = IntervalRecorder::checkInterval(recorderOptions.interval))
        return {{QStringLiteral("interval"), QString::fromStdString(err.message())}};
    m_recorder = std::make_shared<IntervalRecorder>(recorderOptions);

    bool anyEnabled = false;
    std::uint32_t replica = 0; // rotates the remainders of divided callers over the shares
    // Data files are loaded once each (workers naming the same file share its table).
    QHash<QString, std::shared_ptr<const DataTable>> tables;
    for (qsizetype i = 0; i < resolved.workers.size(); ++i) {
        WorkerSpec spec = resolved.workers[i];
        if (!spec.enabled)
            continue;
        anyEnabled = true;
        std::shared_ptr<DataFeed> feed;
        if (spec.data.isSet()) {
            const QString dataPath = QStringLiteral("workers[%1].data.file").arg(i);
            std::shared_ptr<const DataTable> table = tables.value(spec.data.file);
            if (!table) {
                QString why;
                table = DataTable::load(spec.data.file, &why);
                if (!table) {
                    problems.append({dataPath, why});
                    continue;
                }
                tables.insert(spec.data.file, table);
            }
            const auto mode = DataFeed::modeFromName(spec.data.mode);
            if (!mode) {
                problems.append({QStringLiteral("workers[%1].data.mode").arg(i),
                                 QStringLiteral("unknown mode \"%1\"").arg(spec.data.mode)});
                continue;
            }
            // Every replica of the worker takes from one feed: unique stays unique across them.
            feed = std::make_shared<DataFeed>(table, *mode, share, shares);
            if (feed->shareRows() == 0) {
                problems.append(
                    {dataPath,
                     QStringLiteral("%1: %2 rows, none for rank %3 of %4 (each rank takes "
                                    "the rows r with r mod %4 = its rank)")
                         .arg(spec.data.file, QString::number(table->rowCount()),
                              QString::number(share), QString::number(shares))});
                continue;
            }
        }
        if (shares > 1 &&
            (spec.target.kind == QLatin1String("http") ||
             spec.target.kind == QLatin1String("flow")) &&
            spec.target.connections > 0)
            spec.target.connections = std::max<qint64>(
                1, shareOf(spec.target.connections, share, shares, static_cast<std::uint32_t>(i)));
        const QString path = QStringLiteral("workers[%1].target").arg(i);
        QString why;
        std::shared_ptr<FlowObserver> steps;
        if (spec.target.kind == QLatin1String("flow"))
            steps = std::make_shared<StepSeries>(*m_recorder, spec);
        Resolver resolver;
        if (m_options.checkOnly)
            resolver = [](const QString&, QString* error) {
                if (error)
                    *error = QStringLiteral("not resolved by a check");
                return QStringList();
            };
        Target target = makeTarget(spec.target, &why, feed, steps, std::move(resolver));
        if (!target) {
            problems.append({path, why});
            continue;
        }
        const Rate rate = spec.rate.scaled(m_options.rpsScale).toRate(resolved.duration);
        // The scenario's rates were checked; --rps-scale can still take one past what the
        // engine ticks (1e9/s): a problem before the start, not a failed run.
        if (Error invalid = rate.validate()) {
            problems.append({QStringLiteral("workers[%1].rate").arg(i),
                             QStringLiteral("%1 /s × --rps-scale %2: %3")
                                 .arg(spec.rate.peakRps(), 0, 'g', 6)
                                 .arg(m_options.rpsScale, 0, 'g', 6)
                                 .arg(QString::fromStdString(invalid.message()))});
            continue;
        }
        for (const QString& ident : spec.replicaIdents()) {
            std::optional<qint64> overtime = spec.overtime;
            if (shares > 1 && rate.isMax() && overtime) {
                overtime = shareOf(*overtime, share, shares, replica++);
                if (*overtime == 0)
                    continue; // every caller of this replica runs on other ranks
            }
            const Offer gossips =
                m_options.onWorkerEnded
                    ? withGossips(m_recorder,
                                  std::make_shared<WorkerEndHook>(m_options.onWorkerEnded))
                    : withGossips(m_recorder);
            auto worker =
                overtime
                    ? hire(ident.toStdString(), target, gossips, withGracefulStop(kGracefulStop),
                           withOvertime(*overtime), withTickShare(share, shares))
                    : hire(ident.toStdString(), target, gossips, withGracefulStop(kGracefulStop),
                           withTickShare(share, shares));
            m_members.push_back(Member{spec.ident, std::move(worker), rate});
        }
    }
    if (!anyEnabled && problems.isEmpty())
        problems.append({QStringLiteral("workers"), QStringLiteral("no enabled worker")});
    if (!problems.isEmpty()) {
        m_members.clear();
        return problems;
    }
    if (m_options.checkOnly)
        m_members.clear(); // nothing will run them
    m_resolved = std::move(resolved);
    m_duration = m_resolved.duration;
    m_prepared = true;
    return {};
}

std::int64_t shareOf(std::int64_t amount, std::uint32_t index, std::uint32_t count,
                     std::uint32_t rotate) {
    if (count <= 1)
        return amount;
    const auto n = static_cast<std::int64_t>(count);
    const std::int64_t position = ((static_cast<std::int64_t>(index) - rotate) % n + n) % n;
    return amount / n + (position < amount % n ? 1 : 0);
}

void ScenarioRun::setSnapshotCallback(SnapshotCallback callback) {
    m_callback = std::move(callback);
}

bool ScenarioRun::start(std::optional<TimePoint> at) {
    if (!m_prepared || m_options.checkOnly || m_started.exchange(true))
        return false;
    m_startAt = at;
    if (!m_options.timelinePath.isEmpty()) {
        m_timeline = std::make_unique<AppendStream>();
        QString why;
        if (!m_timeline->open(m_options.timelinePath, &why)) {
            m_timeline.reset();
            std::lock_guard lock(m_mutex);
            m_timelineError = why;
        }
    }
    m_recorder->setSnapshotCallback([this](std::shared_ptr<const Snapshot> snapshot) {
        appendTimeline(*snapshot);
        if (m_callback)
            m_callback(std::move(snapshot));
    });
    // stop() cancels this; the duration's deadline is set in runFarm, just before the
    // workers start, so thread start-up does not eat into the run's first ticks.
    auto [ctx, cancel] = withCancel(Context::background());
    {
        std::lock_guard lock(m_mutex);
        m_ctx = ctx;
        m_cancel = cancel;
    }
    m_thread = std::thread([this] {
        nameThisThread("pusher-run");
        runFarm();
    });
    return true;
}

void ScenarioRun::runFarm() {
    Context ctx;
    {
        std::lock_guard lock(m_mutex);
        ctx = m_ctx;
    }
    // Every worker is validated and reserved before any starts (as farm() does): one that
    // cannot run fails the run before a single call is made.
    std::vector<Worker::Shift> shifts;
    shifts.reserve(m_members.size());
    for (auto& member : m_members) {
        Worker::Shift shift = member.worker->reserve(member.rate);
        if (!shift) {
            std::lock_guard lock(m_mutex);
            m_failure = shift.error().reason(member.worker->toString());
            shifts.clear(); // frees the workers reserved so far
            break;
        }
        shifts.push_back(std::move(shift));
    }
    // Every run is set up before the clock starts (a Crew schedules all the workers on a
    // few threads, and the recorder takes their events directly, without a thread each);
    // a stop (ctx) cuts the runs anywhere, also in the final sweep and the graceful stop.
    Crew crew(std::move(shifts), ctx);
    if (m_startAt)
        ctx.waitUntil(*m_startAt); // a common start (ends early on stop())
    // One origin for the recorder and every worker's schedule, and the deadline from it,
    // taken once everything is up: a run of D at R ticks ceil(R × D) times.
    const TimePoint origin = m_startAt.value_or(Clock::now());
    m_recorder->start(origin);
    const auto [runCtx, endRun] = withDeadline(ctx, origin + m_duration);
    if (crew.size() > 0) {
        Error err = crew.work(runCtx, origin);
        if (err && !isContextError(err)) {
            std::lock_guard lock(m_mutex);
            if (!m_failure)
                m_failure = err;
        }
    }
    // Whether a stop cut anything. One before the planned end did: the ticks after it are
    // never made (the run ended by the cancel, not its deadline). One after it, in the final
    // sweep or the graceful stop, cut something only if it cut calls in flight (the recorder
    // counts them interrupted), calls still queued, or ticks not yet swept (canceled at the
    // end): a stop that finds nothing in flight there leaves a run that ran its course.
    const bool stoppedBeforeTheEnd = runCtx.err().is(ErrCanceled);
    std::uint64_t canceledAtEnd = 0;
    for (const auto& member : m_members)
        canceledAtEnd += member.worker->stats().canceledAtEnd;
    {
        // From now on a stop() has nothing to cut: the run is not interrupted by it.
        std::lock_guard lock(m_mutex);
        m_workEnded = true;
    }
    if (m_options.onWorkEnded)
        m_options.onWorkEnded();
    endRun();
    m_recorder->finish();
    RunResults results = m_recorder->results();
    results.scenario = m_resolved.name;
    if (results.interrupted && !stoppedBeforeTheEnd && results.total.interrupted == 0 &&
        canceledAtEnd == 0)
        results.interrupted = false;
    evaluateThresholds(results);
    if (m_timeline) {
        QString why;
        if (!m_timeline->close(&why)) {
            std::lock_guard lock(m_mutex);
            m_timelineError = why;
        }
        m_timeline.reset();
    }
    {
        std::lock_guard lock(m_mutex);
        if (m_failure || results.interrupted)
            results.passed = false;
        m_results = std::move(results);
        m_finished = true;
    }
    m_finishedCv.notify_all();
}

void ScenarioRun::stop() {
    CancelFunc cancel;
    {
        std::lock_guard lock(m_mutex);
        cancel = m_cancel;
        // Before the cancel: the calls it cuts are interrupted, not errors. Once every worker
        // has ended (the planned end reached, the grace over) there is nothing left to cut,
        // and a run that ran its course is not called interrupted by a late stop. One past
        // the planned end that cuts nothing is not either (runFarm judges that at the end).
        if (cancel && !m_workEnded && m_recorder)
            m_recorder->interrupt();
    }
    if (cancel)
        cancel();
}

bool ScenarioRun::wait(Duration timeout) {
    std::unique_lock lock(m_mutex);
    if (!m_started.load())
        return false;
    return m_finishedCv.wait_for(lock, timeout, [this] { return m_finished; });
}

bool ScenarioRun::isFinished() const {
    std::lock_guard lock(m_mutex);
    return m_finished;
}

Error ScenarioRun::setRps(const QString& ident, double rps) {
    bool found = false;
    for (auto& member : m_members) {
        if (member.specIdent != ident && QString::fromStdString(member.worker->ident()) != ident)
            continue;
        found = true;
        if (Error err = member.worker->setRps(rps * m_options.rpsScale))
            return err;
    }
    if (!found)
        return Error(QStringLiteral("no worker \"%1\"").arg(ident).toStdString());
    return {};
}

QStringList ScenarioRun::workerIdents() const {
    QStringList idents;
    for (const auto& member : m_members)
        idents.append(QString::fromStdString(member.worker->ident()));
    return idents;
}

Error ScenarioRun::failure() const {
    std::lock_guard lock(m_mutex);
    return m_failure;
}

RunResults ScenarioRun::results() const {
    std::lock_guard lock(m_mutex);
    return m_results;
}

QString ScenarioRun::timelineError() const {
    std::lock_guard lock(m_mutex);
    return m_timelineError;
}

QString ScenarioRun::sandboxUrl() const {
    return m_sandbox ? m_sandbox->url() : QString();
}

namespace {

// aggregate returns the results of `ident`: the worker itself, or the sum of its replicas
// ("ident #1" …) with their histograms merged.
std::optional<WorkerResults> aggregate(const RunResults& results, const QString& ident) {
    if (ident.isEmpty())
        return results.total;
    if (const WorkerResults* exact = results.worker(ident))
        return *exact;
    std::optional<WorkerResults> sum;
    const QString prefix = ident + QStringLiteral(" #");
    for (const auto& w : results.workers) {
        if (!w.ident.startsWith(prefix))
            continue;
        if (!sum) {
            sum = w;
            sum->ident = ident;
            continue;
        }
        addWorkerResults(*sum, w);
    }
    if (sum && sum->responseTime.count() == 0 && sum->completed > 0) {
        // Live figures carry digests, not histograms: the replicas' digests cannot be
        // merged, so the sum takes the highest of each (never below the merged value).
        for (const auto& w : results.workers) {
            if (!w.ident.startsWith(prefix))
                continue;
            for (auto [out, in] :
                 {std::pair{&sum->latencyMs, &w.latencyMs},
                  std::pair{&sum->responseMs, &w.responseMs}, std::pair{&sum->lagMs, &w.lagMs}}) {
                out->p50 = std::max(out->p50, in->p50);
                out->p90 = std::max(out->p90, in->p90);
                out->p99 = std::max(out->p99, in->p99);
                out->p999 = std::max(out->p999, in->p999);
                out->max = std::max(out->max, in->max);
                out->mean = std::max(out->mean, in->mean);
            }
        }
    } else if (sum) {
        sum->latencyMs = LatencyMs::of(sum->serviceTime);
        sum->responseMs = LatencyMs::of(sum->responseTime);
        sum->lagMs = LatencyMs::of(sum->lagTime);
    }
    return sum;
}

// observe returns what `t` judges in `w`, or NaN when `w` measured nothing for it: no call
// ended (a step the journey never reached, every tick canceled), or for canceled_rate no
// tick was due. NaN never passes, so a gate does not hold on nothing measured; a latency
// or an error rate of 0 would (docs/scenario-format.md).
double observe(const Threshold& t, const WorkerResults& w) {
    const LatencyMs& l = w.responseMs; // latency thresholds judge response time (CO-corrected)
    if (t.metric == Threshold::Metric::CanceledRate ? w.ticks == 0 : w.completed == 0)
        return std::nan("");
    // Calls but no latency: a flow step whose every request failed before it went out.
    if (t.isLatency() && !hasLatency(w))
        return std::nan("");
    switch (t.metric) {
    case Threshold::Metric::P50:
        return l.p50;
    case Threshold::Metric::P90:
        return l.p90;
    case Threshold::Metric::P99:
        return l.p99;
    case Threshold::Metric::P999:
        return l.p999;
    case Threshold::Metric::Max:
        return l.max;
    case Threshold::Metric::Mean:
        return l.mean;
    case Threshold::Metric::ErrorRate:
        return static_cast<double>(w.errors) / static_cast<double>(w.completed);
    case Threshold::Metric::CanceledRate:
        return static_cast<double>(w.canceled) / static_cast<double>(w.ticks);
    case Threshold::Metric::Rps:
        return w.achievedRps;
    }
    return std::nan("");
}

} // namespace

ThresholdResult evaluateThreshold(const QString& text, const RunResults& results) {
    ThresholdResult r;
    r.expr = text;
    auto threshold = Threshold::parse(text);
    std::optional<WorkerResults> w;
    if (threshold)
        w = aggregate(results, threshold->worker);
    if (threshold && w) {
        r.value = observe(*threshold, *w);
        r.passed = threshold->passes(r.value);
    } else {
        r.value = std::nan("");
        r.passed = false;
    }
    return r;
}

void ScenarioRun::evaluateThresholds(RunResults& results) const {
    pusher::evaluateThresholds(m_resolved.thresholds, results);
}

void evaluateThresholds(const QStringList& thresholds, RunResults& results) {
    results.thresholds.clear();
    bool passed = true;
    for (const QString& text : thresholds) {
        ThresholdResult r = evaluateThreshold(text, results);
        passed = passed && r.passed;
        results.thresholds.append(r);
    }
    results.passed = passed;
}

QByteArray timelineJsonLines(const Snapshot& snapshot) {
    QByteArray text;
    auto line = [&](const SeriesSnapshot& s) {
        const LatencyMs service = LatencyMs::of(s.serviceTime);
        // An interval that measured no latency (no call ended, or only flow steps whose
        // requests never went out) has none: null, as in the results file.
        const bool measured = !s.serviceTime.isEmpty() || !s.responseTime.isEmpty();
        const auto ms = [measured](double v) { return measured ? QJsonValue(v) : QJsonValue(); };
        QJsonObject o{
            {QStringLiteral("t"), snapshot.t},
            {QStringLiteral("worker"), s.ident},
            {QStringLiteral("started"), static_cast<qint64>(s.interval.started)},
            {QStringLiteral("completed"), static_cast<qint64>(s.interval.completed)},
            {QStringLiteral("ok"), static_cast<qint64>(s.interval.ok)},
            {QStringLiteral("errors"), static_cast<qint64>(s.interval.errors)},
            {QStringLiteral("canceled"), static_cast<qint64>(s.interval.canceled)},
            {QStringLiteral("inflight"), static_cast<qint64>(s.inflight)},
            {QStringLiteral("rps"), s.rps},
            {QStringLiteral("p50_ms"), ms(service.p50)},
            {QStringLiteral("p90_ms"), ms(service.p90)},
            {QStringLiteral("p99_ms"), ms(service.p99)},
            {QStringLiteral("max_ms"), ms(service.max)},
        };
        if (s.interval.interrupted > 0)
            o.insert(QStringLiteral("interrupted"), static_cast<qint64>(s.interval.interrupted));
        if (s.stepIndex >= 0) // a flow step's place in its flow, for the summaries' order
            o.insert(QStringLiteral("step_index"), s.stepIndex);
        // What `pusher-cli report --recover` needs to rebuild the results file exactly up to
        // this interval: the ticks, the error kinds, and the interval's histograms.
        const LatencyMs response = LatencyMs::of(s.responseTime);
        o.insert(QStringLiteral("dt"), snapshot.dt);
        if (snapshot.partial)
            o.insert(QStringLiteral("partial"), true);
        o.insert(QStringLiteral("ticks"), static_cast<qint64>(s.interval.ticks));
        if (s.interval.canceledDropped > 0)
            o.insert(QStringLiteral("canceled_dropped"),
                     static_cast<qint64>(s.interval.canceledDropped));
        if (s.interval.notDispatched > 0)
            o.insert(QStringLiteral("not_dispatched"),
                     static_cast<qint64>(s.interval.notDispatched));
        o.insert(QStringLiteral("resp_p50_ms"), ms(response.p50));
        o.insert(QStringLiteral("resp_p90_ms"), ms(response.p90));
        o.insert(QStringLiteral("resp_p99_ms"), ms(response.p99));
        o.insert(QStringLiteral("resp_max_ms"), ms(response.max));
        if (!s.interval.errorsByKind.empty()) {
            QJsonObject kinds;
            for (const auto& [kind, n] : s.interval.errorsByKind)
                kinds.insert(QString::fromStdString(kind), static_cast<qint64>(n));
            o.insert(QStringLiteral("errors_by_kind"), kinds);
            QJsonObject samples;
            const QMap<QString, QStringList> all = errorSamplesOf(s.errorSamples);
            for (auto it = all.begin(); it != all.end(); ++it)
                samples.insert(it.key(), QJsonArray::fromStringList(it.value()));
            o.insert(QStringLiteral("error_samples"), samples);
        }
        QJsonObject h;
        for (const auto& [key, hist] :
             {std::pair{"latency", &s.serviceTime}, std::pair{"response", &s.responseTime},
              std::pair{"lag", &s.lagTime}})
            if (!hist->isEmpty())
                h.insert(QLatin1String(key), hist->toBase64());
        if (!h.isEmpty())
            o.insert(QStringLiteral("h"), h);
        text += QJsonDocument(o).toJson(QJsonDocument::Compact);
        text += '\n';
    };
    line(snapshot.farm);
    for (const auto& w : snapshot.workers)
        line(w);
    return text;
}

void ScenarioRun::appendTimeline(const Snapshot& snapshot) {
    if (!m_timeline)
        return;
    QByteArray text;
    if (!m_timelineHeaderWritten) {
        // The header's start is the recorder's clock start (the snapshot's t before now), so
        // that a recovered run's timeline lines up with the wall clock.
        m_timelineHeaderWritten = true;
        const QDateTime startedAt = QDateTime::currentDateTimeUtc().addMSecs(
            -static_cast<qint64>(std::llround(snapshot.t * 1000)));
        text = timelineHeader(m_resolved, startedAt,
                              std::chrono::duration<double>(m_resolved.interval).count());
    }
    text += timelineJsonLines(snapshot);
    QString why;
    if (!m_timeline->append(text, &why)) {
        // The stream ends here, whole up to the last interval written; the run goes on.
        m_timeline.reset();
        std::lock_guard lock(m_mutex);
        m_timelineError = why;
    }
}

QString hostfilePath(const DistributedSpec& distributed, const QString& folder) {
    return distributed.hostfile.isEmpty() ? QString()
                                          : QDir(folder).absoluteFilePath(distributed.hostfile);
}

std::optional<Problem> hostfileProblem(const DistributedSpec& distributed, const QString& folder) {
    const QString path = hostfilePath(distributed, folder);
    if (path.isEmpty() || QFileInfo(path).isFile())
        return std::nullopt;
    return Problem{QStringLiteral("distributed.hostfile"),
                   QStringLiteral("%1: no such file").arg(QDir::toNativeSeparators(path))};
}

} // namespace pusher
