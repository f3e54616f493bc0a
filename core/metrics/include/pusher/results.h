// RunResults: the whole-run outcome of a run, and its JSON results file.
#pragma once

#include "pusher/histogram.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

namespace pusher {

// LatencyMs is the digest of a latency histogram in milliseconds, as in results files.
struct LatencyMs {
    double min = 0;
    double mean = 0;
    double p50 = 0;
    double p90 = 0;
    double p99 = 0;
    double p999 = 0;
    double max = 0;

    // of digests a histogram of nanoseconds.
    static LatencyMs of(const Histogram& h) noexcept;
    friend bool operator==(const LatencyMs&, const LatencyMs&) = default;
};

// WorkerResults are the whole-run counts and latencies of one Worker, or of the farm
// (ident "*"). They add up: ticks == started + canceled, completed == ok + errors, and
// started == completed + interrupted once the run is over.
struct WorkerResults {
    QString ident;
    // stepIndex is a flow step's index in its flow (from 0; "step_index" in files): the
    // order summaries list the steps in. -1 for a worker, the total, or a step whose index
    // is not known (a file written before it was kept).
    int stepIndex = -1;
    std::uint64_t ticks = 0;
    std::uint64_t started = 0;
    std::uint64_t canceled = 0;
    // canceledDropped is the part of `canceled` whose gossip was dropped at a full stream.
    std::uint64_t canceledDropped = 0;
    // notDispatched is the part of `canceled` that the engine never dispatched: ticks due
    // before the run's end that it fell behind on (or that a stop or the end of the
    // graceful stop cut), canceled in bulk (Stats::notDispatched).
    std::uint64_t notDispatched = 0;
    std::uint64_t completed = 0;
    std::uint64_t ok = 0;
    std::uint64_t errors = 0;
    // interrupted counts the calls cut by a stop (Ctrl-C, Stop): neither ok nor errors,
    // and not in `completed` or the latencies.
    std::uint64_t interrupted = 0;
    QMap<QString, std::uint64_t> errorsByKind;
    // errorSamples holds a few distinct messages per error kind (the first seen).
    QMap<QString, QStringList> errorSamples;
    // achievedRps is completed calls per second over the run's duration.
    double achievedRps = 0;
    // latencyMs digests service time (start → end), responseMs response time
    // (intended → end, corrected for coordinated omission).
    LatencyMs latencyMs;
    LatencyMs responseMs;
    // lagMs digests dispatch lag (intended → start of each call started): how far the
    // generator itself fell behind its schedule.
    LatencyMs lagMs;
    // serviceTime, responseTime and lagTime are the whole-run histograms (nanoseconds).
    Histogram serviceTime;
    Histogram responseTime;
    Histogram lagTime;

    friend bool operator==(const WorkerResults&, const WorkerResults&) = default;
};

// hasLatency is true when `w` measured a latency: a call whose time was taken. A series with
// no calls has none, and neither has a flow step whose every call failed before its request
// went out (counted in completed and errors, with no latency sample): its latencies are "-"
// in summaries, not 0, and a latency threshold on it fails. Its histogram holds a sample, or,
// in a file written without histograms, its digests are not all zero.
inline bool hasLatency(const WorkerResults& w) {
    return w.completed > 0 && (!w.responseTime.isEmpty() || !w.serviceTime.isEmpty() ||
                               !(w.latencyMs == LatencyMs{} && w.responseMs == LatencyMs{}));
}

// TimelinePoint is one interval (or, after downsampling, several merged intervals) of one
// Worker or of the farm ("*"). `t` is the end of the interval in seconds since the start,
// `dt` its length in seconds. Latencies are milliseconds: p* of service time and resp* of
// response time. `rps` is completed calls per second within the interval; `inflight`
// the calls in flight at its end.
struct TimelinePoint {
    double t = 0;
    double dt = 0;
    QString worker;
    std::uint64_t started = 0;
    std::uint64_t completed = 0;
    std::uint64_t ok = 0;
    std::uint64_t errors = 0;
    std::uint64_t canceled = 0;
    std::uint64_t interrupted = 0;
    std::int64_t inflight = 0;
    double rps = 0;
    double p50Ms = 0;
    double p90Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
    double respP50Ms = 0;
    double respP90Ms = 0;
    double respP99Ms = 0;
    double respMaxMs = 0;
    // latencyMeasured is false when the interval measured no latency: no call ended in it,
    // or every call that did was a flow step whose request never went out (counted, with no
    // latency sample; see hasLatency). Its p* and resp* are then 0 and mean nothing: null in
    // the results file, empty in CSV, no point on a chart.
    bool latencyMeasured = true;
    // partial marks the run's last, partial interval (see Snapshot::partial): its counts
    // are real, its per-second rates are not the run's, so charts and reports skip it.
    bool partial = false;

    friend bool operator==(const TimelinePoint&, const TimelinePoint&) = default;
};

// mergeLatencies folds b's latencies into a's, for two neighbouring points or two parts of
// one interval: `mix(x, y)` combines a percentile of each (weighted by their calls), the max
// is the larger of the two. A point that measured no latency adds none: the other's stand
// as they are (a 0 of the one would pull the other's percentiles down).
template <typename Mix>
void mergeLatencies(TimelinePoint& a, const TimelinePoint& b, Mix&& mix) {
    if (!b.latencyMeasured)
        return;
    if (!a.latencyMeasured) {
        a.p50Ms = b.p50Ms;
        a.p90Ms = b.p90Ms;
        a.p99Ms = b.p99Ms;
        a.maxMs = b.maxMs;
        a.respP50Ms = b.respP50Ms;
        a.respP90Ms = b.respP90Ms;
        a.respP99Ms = b.respP99Ms;
        a.respMaxMs = b.respMaxMs;
        a.latencyMeasured = true;
        return;
    }
    a.p50Ms = mix(a.p50Ms, b.p50Ms);
    a.p90Ms = mix(a.p90Ms, b.p90Ms);
    a.p99Ms = mix(a.p99Ms, b.p99Ms);
    a.respP50Ms = mix(a.respP50Ms, b.respP50Ms);
    a.respP90Ms = mix(a.respP90Ms, b.respP90Ms);
    a.respP99Ms = mix(a.respP99Ms, b.respP99Ms);
    a.maxMs = std::max(a.maxMs, b.maxMs);
    a.respMaxMs = std::max(a.respMaxMs, b.respMaxMs);
}

// ThresholdResult is one evaluated pass/fail criterion (evaluated by the scenario layer).
struct ThresholdResult {
    QString expr;
    // value is what was observed, in the unit of the expression; NaN when nothing was
    // measured (a series without calls; null in the file), and then passed is false.
    double value = 0;
    bool passed = false;

    // Equal values, or both NaN: results read back from a file equal the results written.
    friend bool operator==(const ThresholdResult& a, const ThresholdResult& b) {
        return a.expr == b.expr && a.passed == b.passed &&
               (a.value == b.value || (std::isnan(a.value) && std::isnan(b.value)));
    }
};

// PartResults describes one part of a merged run: an MPI rank of a distributed run, or a
// results file merged by `pusher-cli report --merge`. Files of single runs have none.
struct PartResults {
    int rank = 0;
    // host is the rank's host name (MPI); source the merged file's name (report --merge).
    QString host;
    QString source;
    // clockOffsetMs is the rank's clock minus rank 0's, measured before the start (MPI).
    double clockOffsetMs = 0;
    std::uint64_t ticks = 0;
    std::uint64_t completed = 0;
    double achievedRps = 0;
    double lagP99Ms = 0;
    // streamBytes and streamCpuMs are what the live stream of a distributed run cost this
    // rank: the bytes of interval snapshots it sent (rank 0: received) and its main
    // thread's CPU time spent sending, receiving, merging and writing them.
    std::uint64_t streamBytes = 0;
    double streamCpuMs = 0;
    // errors are the part's calls that failed; topErrorKind is its most frequent error kind
    // (on a tie, the first by name) and topErrorCount that kind's count (empty and 0 without
    // errors). A rank whose target fails alone shows here.
    std::uint64_t errors = 0;
    QString topErrorKind;
    std::uint64_t topErrorCount = 0;
    // durationS, plannedS, interrupted and recovered are the part's own (its results'), how
    // it ended: a part stopped or recovered before the others ends at its own duration_s,
    // not the merged run's. durationS 0: not known (parts written before they were kept),
    // and then neither are the flags. plannedS 0: the part's plan is not known.
    double durationS = 0;
    double plannedS = 0;
    bool interrupted = false;
    bool recovered = false;

    // setErrors takes errors, topErrorKind and topErrorCount from a run's (or a rank's)
    // whole-run counts.
    void setErrors(const WorkerResults& total);
    // endedKnown is true when the part's ending (durationS and the flags) is known.
    [[nodiscard]] bool endedKnown() const { return durationS > 0; }
    // ranItsCourse is true for a part known to have been neither stopped nor recovered.
    [[nodiscard]] bool ranItsCourse() const { return endedKnown() && !interrupted && !recovered; }

    friend bool operator==(const PartResults&, const PartResults&) = default;
};

// RunResults is everything a results file holds; docs/results-format.md documents the keys.
struct RunResults {
    // kVersion is the results-file version this build writes; it reads 1 to kVersion and
    // refuses newer files (docs/results-format.md, "Versions"). 2: a timeline interval that
    // measured no latency has null latencies (version 1 wrote 0 ms; read as not measured).
    static constexpr int kVersion = 2;

    // version is the version of the file the results were read from (kVersion for results
    // this build made); toJson always writes kVersion, the format it writes.
    int version = kVersion;
    QString scenario;
    QDateTime startedAt;
    double durationS = 0;
    // plannedS is the run's planned duration in seconds (the scenario's, after --duration),
    // what a stopped or recovered run's durationS falls short of; 0 when not known (a file
    // written before it was kept, or by another producer). Merged results: the longest of
    // the parts', 0 when a part has none ("planned_s", optional).
    double plannedS = 0;
    double intervalS = 0;
    // passed: every threshold held and the run was not interrupted.
    bool passed = true;
    // interrupted: the run was stopped before its end (Ctrl-C, SIGTERM, Stop); the results
    // cover the time run.
    bool interrupted = false;
    // recovered: rebuilt from the live timeline stream of a run that did not write its
    // results (pusher-cli report --recover, or kept by the app when it quit while an MPI run
    // had not stopped); it covers the run up to its last complete interval.
    bool recovered = false;
    QList<ThresholdResult> thresholds;
    WorkerResults total;
    // workers are in summary order (seriesBefore, pusher/intervalrecorder.h): by ident, a
    // flow's steps right after their worker in the flow's order.
    QList<WorkerResults> workers;
    // timeline is ordered by t, the farm's point ("*") first at each t.
    QList<TimelinePoint> timeline;
    // parts are the ranks (or files) a merged run was made of, in rank order; empty for a
    // single run.
    QList<PartResults> parts;

    // toJson writes the results-file object.
    [[nodiscard]] QJsonObject toJson() const;
    // fromJson reads a results-file object; on failure it returns empty results and sets
    // `error` to the path of the offending key and why (e.g. "workers[1].ok: not a number").
    static RunResults fromJson(const QJsonObject& json, QString* error = nullptr);

    // save writes the results file (indented JSON) atomically (writeFileAtomically): on
    // failure it returns false, sets `error` ("PATH: reason") and leaves an old file as it was.
    bool save(const QString& path, QString* error = nullptr) const;
    // load reads a results file: a regular file of at most kMaxResultsBytes (pusher/io/
    // files.h; a FIFO or a device is refused unread); nullopt and `error` (with the file
    // name) on failure.
    static std::optional<RunResults> load(const QString& path, QString* error = nullptr);

    // sortWorkers puts `workers` in summary order (seriesBefore); the timeline's entries of
    // one interval follow it, the farm's first. fromJson, the recorder, merge and recover
    // leave results in that order.
    void sortWorkers();

    // worker returns the results of `ident` ("*" is the total), or nullptr.
    [[nodiscard]] const WorkerResults* worker(const QString& ident) const;
    // completedOf is how many calls the series a threshold names completed: `ident` itself,
    // or the sum of its replicas ("ident #1" …); the total for an empty ident.
    [[nodiscard]] std::uint64_t completedOf(const QString& ident) const;
    // series returns the timeline points of `worker` ("*" for the farm), in time order.
    [[nodiscard]] QList<TimelinePoint> series(const QString& worker) const;

    friend bool operator==(const RunResults&, const RunResults&) = default;
};

// startsAsTimelineStream says `text` is a run's live timeline stream (FILE.timeline.jsonl):
// its first line is the stream's header, a JSON object with "pusher_timeline". Readers of
// results and scenarios use it to name such a file given in their place.
[[nodiscard]] bool startsAsTimelineStream(const QByteArray& text);

} // namespace pusher
