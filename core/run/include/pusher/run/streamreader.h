// TimelineStreamReader: the live timeline stream read back into snapshots as it grows.
#pragma once

#include <pusher/intervalrecorder.h>

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <map>
#include <memory>
#include <vector>

namespace pusher {

// RankProgress is one rank of a distributed run as rank 0's merged stream reports it after
// each interval (a line {"rank": r, …}): its host, its ticks and achieved rate so far, its
// dispatch lag p99 so far and its clock's offset to rank 0's.
struct RankProgress {
    int rank = 0;
    QString host;
    double t = 0;
    std::uint64_t ticks = 0;
    std::uint64_t completed = 0;
    double achievedRps = 0;
    double lagP99Ms = 0;
    double clockOffsetMs = 0;
    // errors are the rank's failed calls so far; topErrorKind and topErrorCount its most
    // frequent error kind (known from the results at the end; empty while live).
    std::uint64_t errors = 0;
    QString topErrorKind;
    std::uint64_t topErrorCount = 0;
    // ended: the rank has sent its last interval.
    bool ended = false;
};

// TimelineStreamReader turns a live timeline stream (RunOptions::timelinePath, or the merged
// one a distributed run's rank 0 writes) back into the Snapshots it was written from, as
// the file grows: feed() takes the bytes appended since the last call and returns the
// intervals it completed. A Snapshot has the interval's counts and histograms as written,
// and the run so far summed from them (counts, service/response/lag summaries, error
// samples), so a run in another process (mpirun) is charted like a run in this one.
//
// An interval is complete when the next one starts (a farm line), when it holds
// `expectedWorkers` worker lines, or at finish(). Rank lines (distributed runs) update
// ranks(). Not thread-safe.
class TimelineStreamReader {
public:
    explicit TimelineStreamReader(int expectedWorkers = 0);
    ~TimelineStreamReader();

    // feed reads `bytes` (any split: a line cut at the end waits for its rest) and returns
    // the intervals completed by it, in order.
    std::vector<std::shared_ptr<const Snapshot>> feed(const QByteArray& bytes);
    // finish returns the last interval, if one is open (the stream has ended).
    std::vector<std::shared_ptr<const Snapshot>> finish();
    // header is the stream's first line (scenario, started_at, interval_s, planned_s, …).
    [[nodiscard]] const QJsonObject& header() const { return m_header; }
    // error is the first line that did not read ("line N: why"); such lines are skipped.
    [[nodiscard]] QString error() const { return m_error; }
    // ranks are the latest progress of each rank (distributed runs), by rank.
    [[nodiscard]] QList<RankProgress> ranks() const;
    // ranksChanged is true when rank lines came since the last call (and resets it).
    bool takeRanksChanged();

private:
    struct Series;
    void line(const QByteArray& text);
    std::shared_ptr<const Snapshot> close();
    SeriesSnapshot seriesOf(const QJsonObject& o, double t);

    int m_expected;
    QByteArray m_rest;
    int m_lineNumber = 0;
    QJsonObject m_header;
    QString m_error;
    std::uint64_t m_index = 0;
    // the open interval: its farm line first
    QList<QJsonObject> m_open;
    std::vector<std::shared_ptr<const Snapshot>> m_done;
    std::map<QString, std::unique_ptr<Series>> m_series;
    std::map<int, RankProgress> m_ranks;
    bool m_ranksChanged = false;
};

} // namespace pusher
