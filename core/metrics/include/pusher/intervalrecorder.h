// IntervalRecorder: the Gossiper that folds events into intervals, snapshots and results.
#pragma once

#include "pusher/error.h"
#include "pusher/gossiper.h"
#include "pusher/histogram.h"
#include "pusher/results.h"

#include <QHash>
#include <QString>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace pusher {

// Counts are the event counts of one Worker (or the farm) over an interval or the run.
// ticks == started + canceled; completed == ok + errors; canceledDropped ⊆ canceled;
// notDispatched ⊆ canceled (ticks due before the run's end the scheduler never dispatched);
// interrupted counts calls cut by a stop (IntervalRecorder::interrupt), which are neither
// completed nor errors.
struct Counts {
    std::uint64_t ticks = 0;
    std::uint64_t started = 0;
    std::uint64_t completed = 0;
    std::uint64_t ok = 0;
    std::uint64_t errors = 0;
    std::uint64_t canceled = 0;
    std::uint64_t canceledDropped = 0;
    std::uint64_t notDispatched = 0;
    std::uint64_t interrupted = 0;
    std::map<std::string, std::uint64_t, std::less<>> errorsByKind;

    // add sums every count of `other` into this.
    void add(const Counts& other);
};

// ErrorSamples keeps, per error kind, the first few distinct messages seen (at most
// kSamplesPerKind), so that a count comes with examples of what went wrong.
using ErrorSamples = std::map<std::string, std::vector<std::string>, std::less<>>;

// kCutAtGraceKind is the error kind of a call that was still in flight when the graceful
// stop after the run's end ran out and the engine canceled it (a target reports such a
// call as canceled; it is renamed so that it cannot be taken for a canceled tick).
inline constexpr std::string_view kCutAtGraceKind = "cut_at_grace";
inline constexpr std::size_t kSamplesPerKind = 3;

// addSample appends `message` unless `messages` holds it already or is full
// (kSamplesPerKind); it returns whether it did.
bool addSample(std::vector<std::string>& messages, const std::string& message);
// addSamples merges `from` into `into`, keeping at most kSamplesPerKind distinct messages.
void addSamples(ErrorSamples& into, const ErrorSamples& from);
// errorSamplesOf returns samples in the results' form (WorkerResults::errorSamples).
QMap<QString, QStringList> errorSamplesOf(const ErrorSamples& samples);

// SeriesSnapshot is one Worker's (or the farm's, ident "*") state at an interval end:
// the interval's counts and histograms, and the whole run so far.
struct SeriesSnapshot {
    QString ident;
    // stepIndex is a flow step's index in its flow (from 0), -1 for a worker, the farm, or a
    // step whose index is not known.
    int stepIndex = -1;
    Counts interval;
    // inflight is the number of calls in flight at the interval end.
    std::int64_t inflight = 0;
    // rps is completed calls per second within the interval.
    double rps = 0;
    Histogram serviceTime;  // interval, start → end, ns
    Histogram responseTime; // interval, intended → end, ns
    Histogram lagTime;      // interval, intended → start of the calls started, ns
    Counts total;
    // totalRps is completed calls per second since the start.
    double totalRps = 0;
    LatencySummary totalService;
    LatencySummary totalResponse;
    LatencySummary totalLag;   // dispatch lag (intended → start) of the calls started so far
    ErrorSamples errorSamples; // whole run so far
};

// Snapshot is the immutable state handed over at the end of interval `index` (from 0).
// `t` is its end in seconds since the start and `dt` its length.
struct Snapshot {
    std::uint64_t index = 0;
    double t = 0;
    double dt = 0;
    // partial marks an interval that is not a whole interval of ticking: the last one, cut
    // short by finish() (the run's end or a stop), or one reaching past the planned end
    // (Options::plannedSeconds), where ticks stop and only the drain of the calls in flight
    // is left. Its counts belong in totals; its per-second rates are not the run's rates
    // (a spike or a plunge), so charts draw no point for it.
    bool partial = false;
    // workers are in summary order (seriesBefore): by ident, a flow's steps right after their
    // worker in the flow's order; farm is their sum.
    std::vector<SeriesSnapshot> workers;
    SeriesSnapshot farm;

    // find returns the series of `ident` ("*" for the farm), or nullptr.
    [[nodiscard]] const SeriesSnapshot* find(const QString& ident) const;
};

using SnapshotCallback = std::function<void(std::shared_ptr<const Snapshot>)>;

// isStepSeries is true for the ident of a flow step's series, "worker/step": such a series
// is shown beside its worker but is part of the worker's calls, so it is not added into
// the farm's total ("*"). Worker idents cannot contain "/".
inline bool isStepSeries(const QString& ident) {
    return ident.contains(QLatin1Char('/'));
}

// seriesBefore orders a run's series as every summary lists them (the CLI's, `report`'s
// text and HTML, the app's table): workers by ident, each flow worker directly followed by
// its steps in the flow's order, the order a journey takes them ("login, browse,
// checkout"), not by name. `stepA` and `stepB` are the steps' indexes in their flow; a step
// whose index is not known (-1: a results file written before it was kept) comes after the
// known ones, by name.
bool seriesBefore(const QString& a, int stepA, const QString& b, int stepB);

// IntervalRecorder is a Gossiper to attach once to all Workers of a farm. Each Worker's
// events are folded on that Worker's listener thread into its live interval (counts plus
// service- and response-time histograms) under a per-Worker mutex that only the timing
// thread contends for, once per interval. The timing thread cuts intervals by time, also
// while Workers are idle, keeps whole-run totals and a bounded timeline, and calls the
// snapshot callback once per interval end. Call finish() after the run (every work()
// returned), then results().
class IntervalRecorder final : public Gossiper {
    struct WorkerState;

public:
    static constexpr std::chrono::milliseconds kDefaultInterval{250};
    static constexpr std::chrono::milliseconds kMinInterval{100};
    static constexpr std::chrono::milliseconds kMaxInterval{10'000};
    // kDefaultTimelineBound is the most points a series keeps before neighbours merge.
    static constexpr std::size_t kDefaultTimelineBound = 2048;
    // kTimelineEntries bounds all series together: with many Workers each keeps fewer
    // points (but at least 256).
    static constexpr std::size_t kTimelineEntries = 16384;

    struct Options {
        std::chrono::milliseconds interval = kDefaultInterval;
        // manualClock: no timing thread; the owner calls start(at), cut(end), finish(end).
        // For replays, simulations and tests.
        bool manualClock = false;
        std::size_t timelineBound = kDefaultTimelineBound;
        QString scenario;
        // plannedSeconds is when the ticks stop (the scenario's duration); an interval
        // ending more than a tenth of an interval after it is partial. 0: not known. The
        // results keep it (RunResults::plannedS).
        double plannedSeconds = 0;
        // ownerStarts: the owner calls start(at) with the run's origin; a Worker's run
        // starting (listen, direct) does not start the clock.
        bool ownerStarts = false;
    };

    // IntervalRecorder throws std::invalid_argument when `interval` is outside
    // kMinInterval..kMaxInterval (checkInterval gives the same message without throwing).
    explicit IntervalRecorder(std::chrono::milliseconds interval = kDefaultInterval);
    explicit IntervalRecorder(Options options);
    ~IntervalRecorder() override;
    IntervalRecorder(const IntervalRecorder&) = delete;
    IntervalRecorder& operator=(const IntervalRecorder&) = delete;

    // checkInterval returns an error saying why `interval` is not allowed, or no error.
    static Error checkInterval(std::chrono::milliseconds interval);

    // setSnapshotCallback sets the function called once per interval end: on the timing
    // thread, except the last, partial interval, which is cut on the thread calling finish().
    // Set it before the run; it must not block for long (queue a signal, print a line).
    void setSnapshotCallback(SnapshotCallback callback);

    // listen folds the Worker's events; it starts the clock on its first call.
    void listen(const Context& ctx, Worker& worker, GossipStream& stream) override;
    void stop() override {}
    // direct folds the Worker's events on the threads that produce them, with no thread of
    // its own (see Gossiper::direct); it starts the clock unless Options::ownerStarts.
    std::function<void(const Gossip&)> direct(Worker& worker) override;

    // interrupt marks the run as stopped before its end: from now on a call that ends
    // canceled (cut by the stop) is counted as interrupted, not as an error, and the results
    // say "interrupted". Call it before canceling the run's Context. Thread-safe.
    void interrupt();
    [[nodiscard]] bool isInterrupted() const noexcept { return m_interrupted.load(); }

    // record folds one event of Worker `ident`, like listen does; thread-safe. For replays.
    void record(const QString& ident, const Gossip& gossip);

    // Sink records the events of one series without looking it up each time (a flow's
    // steps record each step's calls into "worker/step" from the I/O threads). Valid while
    // the recorder lives; record() is thread-safe.
    class Sink {
    public:
        Sink() = default;
        void record(const Gossip& gossip) const;
        // recordCall folds a whole call at once: its BeforeTarget (at gossip.start, no lag)
        // and `gossip` as its AfterTarget, under one lock. A call not `sent` (a flow step
        // whose request never went out) is counted as any call (started, completed, its
        // error by kind) but adds no sample to the latency and lag histograms: it measured
        // no time, and a 0 there would pass a latency threshold on nothing.
        void recordCall(const Gossip& gossip, bool sent = true) const;
        [[nodiscard]] explicit operator bool() const noexcept { return m_state != nullptr; }

    private:
        friend class IntervalRecorder;
        IntervalRecorder* m_recorder = nullptr;
        WorkerState* m_state = nullptr;
    };
    // sink registers the series `ident` now (it is in snapshots from the next interval on,
    // with zero counts until its first event) and returns its Sink. For a flow step's series
    // ("worker/step"), `stepIndex` is the step's index in its flow (from 0): snapshots and
    // results list a worker's steps in that order (seriesBefore). It is taken when the series
    // is first registered.
    Sink sink(const QString& ident, int stepIndex = -1);

    // start starts the clock (and the timing thread) now, or at `at` with a manual clock.
    // Later calls do nothing.
    void start();
    void start(TimePoint at);
    // cut ends the current interval at `end` (manual clock only).
    void cut(TimePoint end);
    // finish cuts the last, partial interval, stops the timing thread and builds the results.
    // Later calls do nothing. finish(end) is for a manual clock.
    void finish();
    void finish(TimePoint end);
    // results returns the whole-run results; it calls finish() first if needed.
    const RunResults& results();

    // latest is the last snapshot handed over, or nullptr before the first interval end.
    [[nodiscard]] std::shared_ptr<const Snapshot> latest() const;
    // intervals is the number of intervals cut so far.
    [[nodiscard]] std::uint64_t intervals() const;
    // timelinePoints is the number of timeline points held (all series).
    [[nodiscard]] std::size_t timelinePoints() const;
    // memoryUsage estimates the bytes the recorder holds (state, histograms, timeline).
    [[nodiscard]] std::size_t memoryUsage() const;
    [[nodiscard]] std::chrono::milliseconds interval() const noexcept { return m_options.interval; }

private:
    struct Accum;
    struct Series;

    WorkerState& stateFor(const QString& ident, int stepIndex = -1);
    void fold(WorkerState& state, const Gossip& g);
    // foldLocked folds `g`; `timed` false records no latency (or lag) sample for it.
    void foldLocked(WorkerState& state, const Gossip& g, bool timed = true);
    void timerLoop();
    void cutLocked(TimePoint end, bool last);
    bool isPartial(double t, bool last) const;
    void emitPoint(Series& series, double t, std::int64_t inflight, bool partial);
    void downsampleLocked();
    void stopTimer();
    void finishAt(TimePoint end, bool stopThread);

    Options m_options;
    SnapshotCallback m_callback;
    std::atomic<bool> m_interrupted{false};

    mutable std::mutex m_workersMutex; // registry of Workers
    std::vector<std::unique_ptr<WorkerState>> m_workers;
    QHash<QString, WorkerState*> m_byIdent; // m_workers by ident (10,000 workers: no scan)

    mutable std::mutex m_cutMutex; // everything the timing side owns
    bool m_started = false;
    bool m_finished = false;
    TimePoint m_start{};
    TimePoint m_lastCut{};
    QDateTime m_startedAt;
    std::uint64_t m_intervals = 0;
    std::uint64_t m_stride = 1;
    std::unique_ptr<Series> m_farm;
    std::unique_ptr<Accum> m_farmInterval; // scratch for the farm's current interval
    std::shared_ptr<const Snapshot> m_latest;
    RunResults m_results;

    std::mutex m_timerMutex;
    std::condition_variable m_timerWake;
    bool m_timerStop = false;
    std::thread m_timer;
};

} // namespace pusher
