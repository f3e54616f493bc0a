#include "pusher/intervalrecorder.h"

#include "pusher/threadname.h"
#include "pusher/worker.h"

#include <algorithm>
#include <climits>
#include <atomic>
#include <stdexcept>
#include <thread>

namespace pusher {

namespace {

double seconds(Duration d) {
    return std::chrono::duration<double>(d).count();
}

double perSecond(std::uint64_t n, double s) {
    return s > 0 ? static_cast<double>(n) / s : 0.0;
}

const QString kFarmIdent = QStringLiteral("*");

} // namespace

void Counts::add(const Counts& other) {
    ticks += other.ticks;
    started += other.started;
    completed += other.completed;
    ok += other.ok;
    errors += other.errors;
    canceled += other.canceled;
    canceledDropped += other.canceledDropped;
    notDispatched += other.notDispatched;
    interrupted += other.interrupted;
    for (const auto& [kind, n] : other.errorsByKind)
        errorsByKind[kind] += n;
}

const SeriesSnapshot* Snapshot::find(const QString& ident) const {
    if (ident == kFarmIdent)
        return &farm;
    for (const auto& w : workers)
        if (w.ident == ident)
            return &w;
    return nullptr;
}

bool seriesBefore(const QString& a, int stepA, const QString& b, int stepB) {
    const qsizetype slashA = a.indexOf(QLatin1Char('/'));
    const qsizetype slashB = b.indexOf(QLatin1Char('/'));
    const QStringView workerA = slashA < 0 ? QStringView(a) : QStringView(a).left(slashA);
    const QStringView workerB = slashB < 0 ? QStringView(b) : QStringView(b).left(slashB);
    if (const int c = workerA.compare(workerB); c != 0)
        return c < 0;
    if ((slashA < 0) != (slashB < 0))
        return slashA < 0; // the worker (the journey) before its steps
    if (slashA < 0)
        return false; // the same worker
    // Known indexes first, in the flow's order; then unknown ones, by name.
    const auto rank = [](int step) { return step < 0 ? INT_MAX : step; };
    if (rank(stepA) != rank(stepB))
        return rank(stepA) < rank(stepB);
    return a < b;
}

bool addSample(std::vector<std::string>& messages, const std::string& message) {
    if (messages.size() >= kSamplesPerKind ||
        std::find(messages.begin(), messages.end(), message) != messages.end())
        return false;
    messages.push_back(message);
    return true;
}

void addSamples(ErrorSamples& into, const ErrorSamples& from) {
    for (const auto& [kind, messages] : from) {
        std::vector<std::string>& out = into[kind];
        for (const std::string& m : messages)
            addSample(out, m);
    }
}

QMap<QString, QStringList> errorSamplesOf(const ErrorSamples& samples) {
    QMap<QString, QStringList> out;
    for (const auto& [kind, messages] : samples) {
        QStringList& list = out[QString::fromStdString(kind)];
        for (const std::string& m : messages)
            list.append(QString::fromStdString(m));
    }
    return out;
}

// Accum is what one Worker (or the farm) collects over an interval or the run.
struct IntervalRecorder::Accum {
    Counts counts;
    Histogram service;
    Histogram response;
    Histogram lag; // dispatch lag of the calls started, intended → start

    void add(const Accum& other) {
        counts.add(other.counts);
        service.merge(other.service);
        response.merge(other.response);
        lag.merge(other.lag);
    }
    void reset() {
        counts = Counts{};
        service.reset();
        response.reset();
        lag.reset();
    }
};

// Series is the timing side's view of one Worker or the farm: whole-run totals, the
// intervals not yet folded into a timeline point, and the timeline.
struct IntervalRecorder::Series {
    QString ident;
    // stepIndex is a flow step's index in its flow (its order in summaries), else -1.
    int stepIndex = -1;
    Accum total;
    ErrorSamples samples;
    Accum pending;
    double pendingSince = 0;
    bool begun = false;
    std::vector<TimelinePoint> points;
    std::vector<std::uint64_t> pointEnds; // interval count at each point's end
};

namespace {
// FoldLock guards a Worker's live accumulator. It is taken twice per call (each event is
// folded on the thread that produced it) and held for a few hundred instructions, by those
// threads and by the interval cut: a spin lock takes it with one atomic exchange and frees
// it with a store, half the atomic operations and a fraction of the instructions of an
// uncontended std::mutex. A waiter spins briefly, then yields its core (a holder that lost
// its core is not spun against for a whole time slice).
class FoldLock {
public:
    void lock() noexcept {
        int spins = 0;
        while (m_held.exchange(true, std::memory_order_acquire)) {
            while (m_held.load(std::memory_order_relaxed)) {
                if (++spins < 64) {
#if defined(__x86_64__) || defined(__i386__)
                    __builtin_ia32_pause();
#endif
                } else {
                    std::this_thread::yield();
                }
            }
        }
    }
    void unlock() noexcept {
        m_held.store(false, std::memory_order_release);
    }

private:
    std::atomic<bool> m_held{false};
};
} // namespace

// WorkerState: `live` and `inflight` belong to the listener thread(s) under `mutex`; the
// timing side swaps `live` with `spare` once per interval and owns `series`.
struct IntervalRecorder::WorkerState {
    QString ident;
    bool step = false; // a flow step's series: not part of the farm's total
    FoldLock mutex;
    std::unique_ptr<Accum> live = std::make_unique<Accum>();
    std::int64_t inflight = 0;
    ErrorSamples samples; // whole run, under `mutex`
    bool samplesChanged = false;
    std::unique_ptr<Accum> spare = std::make_unique<Accum>();
    Series series;
};

Error IntervalRecorder::checkInterval(std::chrono::milliseconds interval) {
    if (interval < kMinInterval || interval > kMaxInterval)
        return Error(std::string("invalid interval"),
                     "invalid interval: " + std::to_string(interval.count()) +
                         " ms is outside 100 ms to 10000 ms");
    return {};
}

IntervalRecorder::IntervalRecorder(std::chrono::milliseconds interval)
    : IntervalRecorder(Options{interval, false, kDefaultTimelineBound, {}, 0}) {}

IntervalRecorder::IntervalRecorder(Options options)
    : m_options(std::move(options)) {
    if (auto err = checkInterval(m_options.interval))
        throw std::invalid_argument(err.message());
    m_options.timelineBound = std::max<std::size_t>(m_options.timelineBound, 16);
    m_farm = std::make_unique<Series>();
    m_farm->ident = kFarmIdent;
    m_farmInterval = std::make_unique<Accum>();
}

IntervalRecorder::~IntervalRecorder() {
    stopTimer();
}

void IntervalRecorder::setSnapshotCallback(SnapshotCallback callback) {
    std::lock_guard lock(m_cutMutex);
    m_callback = std::move(callback);
}

IntervalRecorder::WorkerState& IntervalRecorder::stateFor(const QString& ident, int stepIndex) {
    std::lock_guard lock(m_workersMutex);
    if (WorkerState* known = m_byIdent.value(ident))
        return *known;
    auto state = std::make_unique<WorkerState>();
    state->ident = ident;
    state->step = isStepSeries(ident);
    state->series.ident = ident;
    // Set once, before the state is shared: the cut reads it without a lock of its own.
    state->series.stepIndex = state->step ? std::max(stepIndex, -1) : -1;
    m_byIdent.insert(ident, state.get());
    m_workers.push_back(std::move(state));
    return *m_workers.back();
}

void IntervalRecorder::fold(WorkerState& state, const Gossip& g) {
    std::lock_guard lock(state.mutex);
    foldLocked(state, g);
}

void IntervalRecorder::foldLocked(WorkerState& state, const Gossip& g, bool timed) {
    Accum& a = *state.live;
    switch (g.when) {
    case When::BeforeTarget:
        ++a.counts.ticks;
        ++a.counts.started;
        ++state.inflight;
        if (timed)
            a.lag.record(g.lag());
        break;
    case When::AfterTarget: {
        --state.inflight;
        // A call canceled by the engine was cut: by a stop (interrupted, its own outcome),
        // or at the end of the graceful stop after the run's end (an error of its own kind).
        const bool cut = g.error && g.error.kind() == ErrCanceled.kind();
        if (cut && m_interrupted.load(std::memory_order_relaxed)) {
            ++a.counts.interrupted;
            break;
        }
        ++a.counts.completed;
        if (g.error) {
            ++a.counts.errors;
            const std::string kind = cut ? std::string(kCutAtGraceKind) : g.error.kind();
            auto it = a.counts.errorsByKind.find(kind);
            if (it == a.counts.errorsByKind.end())
                a.counts.errorsByKind.emplace(kind, 1);
            else
                ++it->second;
            if (addSample(state.samples[kind], g.error.message()))
                state.samplesChanged = true;
        } else {
            ++a.counts.ok;
        }
        if (timed) {
            a.service.record(g.serviceTime());
            a.response.record(g.responseTime());
        }
        break;
    }
    case When::Canceled:
        // A bulk cancel (ticks never dispatched) stands for `undispatched` ticks at once.
        a.counts.ticks += g.ticks();
        a.counts.canceled += g.ticks();
        a.counts.notDispatched += g.undispatched;
        break;
    }
}

std::function<void(const Gossip&)> IntervalRecorder::direct(Worker& worker) {
    if (!m_options.ownerStarts)
        start();
    WorkerState& state = stateFor(QString::fromStdString(worker.ident()));
    return [this, &state](const Gossip& g) { fold(state, g); };
}

void IntervalRecorder::listen(const Context&, Worker& worker, GossipStream& stream) {
    if (!m_options.ownerStarts)
        start();
    WorkerState& state = stateFor(QString::fromStdString(worker.ident()));
    std::uint64_t dropped = 0;
    // Canceled gossip dropped at the full stream never reaches us; its count does, and is
    // booked to the interval in which we notice it, so that ticks == started + canceled.
    auto bookDrops = [&] {
        const std::uint64_t now = stream.dropped();
        if (now == dropped)
            return;
        std::lock_guard lock(state.mutex);
        const std::uint64_t n = now - dropped;
        state.live->counts.ticks += n;
        state.live->counts.canceled += n;
        state.live->counts.canceledDropped += n;
        dropped = now;
    };
    Gossip g;
    while (stream.next(g)) {
        fold(state, g);
        bookDrops();
    }
    bookDrops();
}

void IntervalRecorder::interrupt() {
    m_interrupted.store(true);
}

void IntervalRecorder::record(const QString& ident, const Gossip& gossip) {
    start();
    fold(stateFor(ident), gossip);
}

IntervalRecorder::Sink IntervalRecorder::sink(const QString& ident, int stepIndex) {
    Sink s;
    s.m_recorder = this;
    s.m_state = &stateFor(ident, stepIndex);
    return s;
}

void IntervalRecorder::Sink::record(const Gossip& gossip) const {
    if (m_state)
        m_recorder->fold(*m_state, gossip);
}

void IntervalRecorder::Sink::recordCall(const Gossip& gossip, bool sent) const {
    if (!m_state)
        return;
    Gossip before;
    before.when = When::BeforeTarget;
    before.seq = gossip.seq;
    before.intended = before.start = before.end = gossip.start;
    std::lock_guard lock(m_state->mutex);
    m_recorder->foldLocked(*m_state, before, sent);
    m_recorder->foldLocked(*m_state, gossip, sent);
}

void IntervalRecorder::start() {
    start(Clock::now());
}

void IntervalRecorder::start(TimePoint at) {
    std::lock_guard lock(m_cutMutex);
    if (m_started)
        return;
    m_started = true;
    m_start = at;
    m_lastCut = at;
    m_startedAt = QDateTime::currentDateTimeUtc();
    if (!m_options.manualClock)
        m_timer = std::thread([this] {
            nameThisThread("pusher-intervals");
            timerLoop();
        });
}

void IntervalRecorder::timerLoop() {
    std::unique_lock lock(m_timerMutex);
    TimePoint next;
    {
        std::lock_guard cutLock(m_cutMutex);
        next = m_start + m_options.interval;
    }
    while (!m_timerWake.wait_until(lock, next, [this] { return m_timerStop; })) {
        lock.unlock();
        const TimePoint now = Clock::now();
        std::shared_ptr<const Snapshot> snapshot;
        SnapshotCallback callback;
        {
            std::lock_guard cutLock(m_cutMutex);
            if (!m_finished) {
                cutLocked(now, false);
                snapshot = m_latest;
                callback = m_callback;
            }
        }
        if (callback && snapshot)
            callback(snapshot);
        lock.lock();
        next += m_options.interval;
        if (next <= now) // we were suspended or starved: realign instead of a burst of cuts
            next = now + m_options.interval;
    }
}

void IntervalRecorder::stopTimer() {
    {
        std::lock_guard lock(m_timerMutex);
        m_timerStop = true;
    }
    m_timerWake.notify_all();
    if (m_timer.joinable())
        m_timer.join();
}

void IntervalRecorder::cut(TimePoint end) {
    std::shared_ptr<const Snapshot> snapshot;
    SnapshotCallback callback;
    {
        std::lock_guard lock(m_cutMutex);
        if (!m_options.manualClock || m_finished)
            return;
        if (!m_started) {
            m_started = true;
            m_start = m_lastCut = end - m_options.interval;
            m_startedAt = QDateTime::currentDateTimeUtc();
        }
        cutLocked(end, false);
        snapshot = m_latest;
        callback = m_callback;
    }
    if (callback && snapshot)
        callback(snapshot);
}

bool IntervalRecorder::isPartial(double t, bool last) const {
    return last || (m_options.plannedSeconds > 0 &&
                    t > m_options.plannedSeconds + 0.1 * seconds(m_options.interval));
}

void IntervalRecorder::emitPoint(Series& s, double t, std::int64_t inflight, bool partial) {
    TimelinePoint p;
    p.t = t;
    p.partial = partial;
    p.dt = t - s.pendingSince;
    p.worker = s.ident;
    const Counts& c = s.pending.counts;
    p.started = c.started;
    p.completed = c.completed;
    p.ok = c.ok;
    p.errors = c.errors;
    p.canceled = c.canceled;
    p.interrupted = c.interrupted;
    p.inflight = inflight;
    p.rps = perSecond(c.completed, p.dt);
    p.p50Ms = s.pending.service.percentileMs(50);
    p.p90Ms = s.pending.service.percentileMs(90);
    p.p99Ms = s.pending.service.percentileMs(99);
    p.maxMs = static_cast<double>(s.pending.service.max()) / 1e6;
    p.respP50Ms = s.pending.response.percentileMs(50);
    p.respP90Ms = s.pending.response.percentileMs(90);
    p.respP99Ms = s.pending.response.percentileMs(99);
    p.respMaxMs = static_cast<double>(s.pending.response.max()) / 1e6;
    p.latencyMeasured = !s.pending.service.isEmpty() || !s.pending.response.isEmpty();
    s.points.push_back(std::move(p));
    s.pointEnds.push_back(m_intervals);
    s.pending.reset();
    s.pendingSince = t;
}

void IntervalRecorder::downsampleLocked() {
    // Neighbours that fall into the same window of 2 × stride intervals merge into one
    // point. Counts stay exact; percentiles of merged points become the completed-weighted
    // mean of theirs (the max stays exact). Windows are aligned on the global interval
    // count, so all series stay aligned.
    // In place: the vectors keep their capacity (reserved once, see cutLocked), so a long run
    // allocates nothing more for its timeline.
    const std::uint64_t window = m_stride * 2;
    auto squeeze = [window](Series& s) {
        std::vector<TimelinePoint>& points = s.points;
        std::vector<std::uint64_t>& ends = s.pointEnds;
        std::size_t kept = 0; // points[0, kept) are the squeezed ones
        for (std::size_t i = 0; i < points.size(); ++i) {
            const std::uint64_t key = (ends[i] + window - 1) / window;
            if (kept > 0 && (ends[kept - 1] + window - 1) / window == key) {
                TimelinePoint& a = points[kept - 1];
                const TimelinePoint& b = points[i];
                const double wa = static_cast<double>(a.completed);
                const double wb = static_cast<double>(b.completed);
                auto mix = [&](double x, double y) {
                    return wa + wb > 0 ? (x * wa + y * wb) / (wa + wb) : 0.0;
                };
                mergeLatencies(a, b, mix);
                a.t = b.t;
                a.dt += b.dt;
                a.partial = a.partial || b.partial;
                a.started += b.started;
                a.completed += b.completed;
                a.ok += b.ok;
                a.errors += b.errors;
                a.canceled += b.canceled;
                a.inflight = b.inflight;
                a.rps = perSecond(a.completed, a.dt);
                ends[kept - 1] = ends[i];
            } else {
                if (kept != i) {
                    points[kept] = std::move(points[i]);
                    ends[kept] = ends[i];
                }
                ++kept;
            }
        }
        points.resize(kept);
        ends.resize(kept);
    };
    squeeze(*m_farm);
    {
        std::lock_guard lock(m_workersMutex);
        for (auto& w : m_workers)
            squeeze(w->series);
    }
    m_stride = window;
}

void IntervalRecorder::cutLocked(TimePoint end, bool last) {
    const double t = seconds(end - m_start);
    const double dt = seconds(end - m_lastCut);
    m_lastCut = end;
    ++m_intervals;

    std::vector<WorkerState*> workers;
    {
        std::lock_guard lock(m_workersMutex);
        workers.reserve(m_workers.size());
        for (auto& w : m_workers)
            workers.push_back(w.get());
    }
    std::sort(workers.begin(), workers.end(), [](const WorkerState* a, const WorkerState* b) {
        return seriesBefore(a->ident, a->series.stepIndex, b->ident, b->series.stepIndex);
    });

    Accum& farmInterval = *m_farmInterval;
    farmInterval.reset();
    std::int64_t farmInflight = 0;
    std::vector<std::int64_t> inflights(workers.size());
    for (std::size_t i = 0; i < workers.size(); ++i) {
        WorkerState& w = *workers[i];
        bool newSamples = false;
        {
            std::lock_guard lock(w.mutex);
            std::swap(w.live, w.spare);
            inflights[i] = w.inflight;
            if (w.samplesChanged) {
                w.series.samples = w.samples;
                w.samplesChanged = false;
                newSamples = true;
            }
        }
        // A Worker's samples only ever grow, so the farm needs them only when they changed.
        if (newSamples && !w.step)
            addSamples(m_farm->samples, w.series.samples);
        const Accum& iv = *w.spare;
        if (!w.series.begun) { // a Worker that joined late: its first point starts at this interval
            w.series.begun = true;
            w.series.pendingSince = t - dt;
        }
        w.series.total.add(iv);
        w.series.pending.add(iv);
        if (!w.step) {
            farmInterval.add(iv);
            farmInflight += inflights[i];
        }
    }
    m_farm->total.add(farmInterval);
    m_farm->pending.add(farmInterval);

    auto snapshotOf = [&](const Series& s, const Accum& iv, std::int64_t inflight) {
        SeriesSnapshot ss;
        ss.ident = s.ident;
        ss.stepIndex = s.stepIndex;
        ss.interval = iv.counts;
        ss.inflight = inflight;
        ss.rps = perSecond(iv.counts.completed, dt);
        ss.serviceTime = iv.service;
        ss.responseTime = iv.response;
        ss.lagTime = iv.lag;
        ss.total = s.total.counts;
        ss.totalRps = perSecond(s.total.counts.completed, t);
        ss.totalService = LatencySummary::of(s.total.service);
        ss.totalResponse = LatencySummary::of(s.total.response);
        ss.totalLag = LatencySummary::of(s.total.lag);
        ss.errorSamples = s.samples;
        return ss;
    };
    if (m_callback) {
        auto snapshot = std::make_shared<Snapshot>();
        snapshot->index = m_intervals - 1;
        snapshot->t = t;
        snapshot->dt = dt;
        snapshot->partial = isPartial(t, last);
        snapshot->workers.reserve(workers.size());
        for (std::size_t i = 0; i < workers.size(); ++i)
            snapshot->workers.push_back(
                snapshotOf(workers[i]->series, *workers[i]->spare, inflights[i]));
        snapshot->farm = snapshotOf(*m_farm, farmInterval, farmInflight);
        m_latest = std::move(snapshot);
    }

    // Each series keeps at most timelineBound points, fewer when there are many Workers so
    // that the whole timeline stays within kTimelineEntries (a few MB). The room for them is
    // taken once, so memory does not grow in steps while a long run fills its timeline.
    const std::size_t perSeries = std::clamp<std::size_t>(kTimelineEntries / (workers.size() + 1),
                                                          256, m_options.timelineBound);
    if (last || m_intervals % m_stride == 0) {
        const bool partial = isPartial(t, last);
        auto addPoint = [perSeries, partial, this](Series& series, std::int64_t inflight,
                                                   double at) {
            if (series.points.capacity() < perSeries + 1) {
                series.points.reserve(perSeries + 1);
                series.pointEnds.reserve(perSeries + 1);
            }
            emitPoint(series, at, inflight, partial);
        };
        for (std::size_t i = 0; i < workers.size(); ++i)
            addPoint(workers[i]->series, inflights[i], t);
        addPoint(*m_farm, farmInflight, t);
    }
    for (WorkerState* w : workers)
        w->spare->reset();
    if (m_farm->points.size() > perSeries)
        downsampleLocked();
}

void IntervalRecorder::finish() {
    // The end is read once the timer thread has stopped: read before, a cut of the timer's
    // in between would leave finish() nothing to cut, and the last snapshot to the timer.
    stopTimer();
    finishAt(Clock::now(), false);
}

void IntervalRecorder::finish(TimePoint end) {
    finishAt(end, true);
}

void IntervalRecorder::finishAt(TimePoint end, bool stopThread) {
    if (stopThread)
        stopTimer();
    std::shared_ptr<const Snapshot> snapshot;
    SnapshotCallback callback;
    {
        std::lock_guard lock(m_cutMutex);
        if (m_finished)
            return;
        if (!m_started) {
            m_started = true;
            m_start = m_lastCut = end;
            m_startedAt = QDateTime::currentDateTimeUtc();
        }
        end = std::max(end, m_lastCut);
        bool liveEvents = false;
        {
            std::lock_guard wl(m_workersMutex);
            for (auto& w : m_workers) {
                std::lock_guard l(w->mutex);
                liveEvents =
                    liveEvents || w->live->counts.ticks > 0 || w->live->counts.completed > 0;
            }
        }
        if (end > m_lastCut || liveEvents) {
            cutLocked(end, true);
            snapshot = m_latest;
            callback = m_callback;
        } else if (m_farm->pending.counts.ticks > 0 || m_farm->pending.counts.completed > 0 ||
                   m_farm->pending.counts.interrupted > 0 || (m_intervals % m_stride) != 0) {
            const double t = seconds(end - m_start);
            std::int64_t farmInflight = 0;
            std::lock_guard wl(m_workersMutex);
            for (auto& w : m_workers) {
                std::int64_t inflight;
                {
                    std::lock_guard l(w->mutex);
                    inflight = w->inflight;
                }
                if (!w->step)
                    farmInflight += inflight;
                emitPoint(w->series, t, inflight, isPartial(t, false));
            }
            emitPoint(*m_farm, t, farmInflight, isPartial(t, false));
        }
        m_finished = true;

        RunResults& r = m_results;
        r = RunResults{};
        r.scenario = m_options.scenario;
        r.startedAt = m_startedAt;
        r.durationS = seconds(end - m_start);
        r.plannedS = m_options.plannedSeconds;
        r.intervalS = seconds(m_options.interval);
        r.interrupted = m_interrupted.load();
        auto resultsOf = [&r](const Series& s) {
            WorkerResults w;
            w.ident = s.ident;
            w.stepIndex = s.stepIndex;
            const Counts& c = s.total.counts;
            w.ticks = c.ticks;
            w.started = c.started;
            w.canceled = c.canceled;
            w.canceledDropped = c.canceledDropped;
            w.notDispatched = c.notDispatched;
            w.completed = c.completed;
            w.ok = c.ok;
            w.errors = c.errors;
            w.interrupted = c.interrupted;
            for (const auto& [kind, n] : c.errorsByKind)
                w.errorsByKind.insert(QString::fromStdString(kind), n);
            w.errorSamples = errorSamplesOf(s.samples);
            w.achievedRps = perSecond(c.completed, r.durationS);
            w.serviceTime = s.total.service;
            w.responseTime = s.total.response;
            w.latencyMs = LatencyMs::of(w.serviceTime);
            w.responseMs = LatencyMs::of(w.responseTime);
            w.lagTime = s.total.lag;
            w.lagMs = LatencyMs::of(w.lagTime);
            return w;
        };
        r.total = resultsOf(*m_farm);
        std::vector<const Series*> all;
        {
            std::lock_guard wl(m_workersMutex);
            for (auto& w : m_workers)
                all.push_back(&w->series);
        }
        std::sort(all.begin(), all.end(), [](const Series* a, const Series* b) {
            return seriesBefore(a->ident, a->stepIndex, b->ident, b->stepIndex);
        });
        for (const Series* s : all)
            r.workers.append(resultsOf(*s));
        // Timeline: by interval end, the farm first, then the series in summary order.
        all.insert(all.begin(), m_farm.get());
        struct Entry {
            std::uint64_t end;
            std::size_t order;
            const TimelinePoint* point;
        };
        std::vector<Entry> entries;
        for (std::size_t k = 0; k < all.size(); ++k)
            for (std::size_t i = 0; i < all[k]->points.size(); ++i)
                entries.push_back({all[k]->pointEnds[i], k, &all[k]->points[i]});
        std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
            return a.end != b.end ? a.end < b.end : a.order < b.order;
        });
        r.timeline.reserve(static_cast<qsizetype>(entries.size()));
        for (const Entry& e : entries)
            r.timeline.append(*e.point);
    }
    if (callback && snapshot)
        callback(snapshot);
}

const RunResults& IntervalRecorder::results() {
    finish();
    return m_results;
}

std::shared_ptr<const Snapshot> IntervalRecorder::latest() const {
    std::lock_guard lock(m_cutMutex);
    return m_latest;
}

std::uint64_t IntervalRecorder::intervals() const {
    std::lock_guard lock(m_cutMutex);
    return m_intervals;
}

std::size_t IntervalRecorder::timelinePoints() const {
    std::lock_guard lock(m_cutMutex);
    std::size_t n = m_farm->points.size();
    std::lock_guard wl(m_workersMutex);
    for (auto& w : m_workers)
        n += w->series.points.size();
    return n;
}

std::size_t IntervalRecorder::memoryUsage() const {
    std::lock_guard lock(m_cutMutex);
    auto accumBytes = [](const Accum& a) {
        return a.service.heapBytes() + a.response.heapBytes() + a.lag.heapBytes();
    };
    auto seriesBytes = [&](const Series& s) {
        return sizeof(Series) + s.points.capacity() * sizeof(TimelinePoint) +
               s.pointEnds.capacity() * sizeof(std::uint64_t) + accumBytes(s.total) +
               accumBytes(s.pending);
    };
    std::size_t n = sizeof(*this) + seriesBytes(*m_farm);
    std::lock_guard wl(m_workersMutex);
    for (auto& w : m_workers) // WorkerState holds its Series; live and spare are on the heap
        n += sizeof(WorkerState) + 2 * sizeof(Accum) + seriesBytes(w->series) - sizeof(Series);
    if (m_latest)
        n += sizeof(Snapshot) + (m_latest->workers.size() + 1) * sizeof(SeriesSnapshot);
    return n;
}

} // namespace pusher
