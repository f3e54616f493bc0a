// Live merge of interval snapshots from the parts of a distributed run: each part (an MPI
// rank) encodes its Snapshot of every interval; the merger puts interval k of every part
// together, exactly (counts add, histograms merge), once every part has sent it or ended.
#pragma once

#include "pusher/intervalrecorder.h"
#include "pusher/results.h"

#include <QByteArray>
#include <QString>

#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace pusher {

// encodeSnapshot writes the parts of a Snapshot a merge needs — index, t, dt, partial, and
// per series (the farm, then the workers): ident, interval counts (errors by kind included),
// in flight, rps, the interval's service- and response-time histograms, the run's counts so
// far, totalRps and error samples — compactly (histograms as their varint bytes).
QByteArray encodeSnapshot(const Snapshot& snapshot);
// decodeSnapshot reads encodeSnapshot's bytes; nullopt and `error` when they are not that.
// The whole-run latency summaries (totalService …) are not carried: they stay empty, but
// for the farm's dispatch lag p99 and count (totalLag.p99, .count: the ranks' live table).
std::optional<Snapshot> decodeSnapshot(const QByteArray& bytes, QString* error = nullptr);

// mergeSnapshots merges the snapshots of one interval from several parts: series matched
// by ident (the farm with the farm), interval and whole-run counts add, in flight adds,
// histograms merge exactly, error samples merge; t and dt are the latest and longest,
// partial when any part's is; rps is recomputed from the merged counts. Empty input: an
// empty Snapshot.
Snapshot mergeSnapshots(const std::vector<const Snapshot*>& parts);

// SnapshotMerger collects the snapshots of `parts` parts, each in its own index order, and
// hands out merged snapshots in index order: interval k once every part has sent k or
// finished (a finished part adds nothing to later intervals). Not thread-safe.
class SnapshotMerger {
public:
    explicit SnapshotMerger(int parts);

    // add takes part `part`'s snapshot (indexes must increase per part).
    void add(int part, const Snapshot& snapshot);
    // finish says part `part` sends no more.
    void finish(int part);
    // take returns the merged snapshots that are complete, in index order.
    std::vector<std::shared_ptr<const Snapshot>> take();
    // done is true when every part finished and everything was taken.
    [[nodiscard]] bool done() const;

private:
    struct Part {
        std::optional<std::uint64_t> last; // the highest index sent
        bool finished = false;
    };
    std::vector<Part> m_parts;
    std::map<std::uint64_t, std::vector<Snapshot>> m_pending;
};

// LiveResults builds whole-run results from merged interval snapshots as they come, so
// that a distributed run stopped by a fault (a rank that died) still leaves valid results
// of the time run: counts are the sums of the intervals', service- and response-time
// histograms the merges of theirs (exact); the dispatch lag is not carried by snapshots and
// stays empty; the timeline has one point per interval. Memory: fixed histograms per
// series plus the timeline.
class LiveResults {
public:
    LiveResults(QString scenario, double intervalS);
    // add folds in the next merged snapshot.
    void add(const Snapshot& snapshot);
    // results are the results so far (thresholds not evaluated, not marked interrupted).
    [[nodiscard]] RunResults results() const;
    [[nodiscard]] std::size_t intervals() const { return m_intervals; }

private:
    QString m_scenario;
    double m_intervalS;
    QDateTime m_startedAt;
    double m_t = 0;
    std::size_t m_intervals = 0;
    WorkerResults m_total;
    std::map<QString, WorkerResults> m_workers;
    QList<TimelinePoint> m_timeline;
};

} // namespace pusher
