// Live merge: interval snapshots of several parts, encoded, sent, merged exactly.
#include "samebuckets.h"
#include "sample.h"

#include <pusher/livemerge.h>

#include <QtTest>

#include <algorithm>

using namespace pusher;
using namespace std::chrono_literals;

namespace {

// snapshotsOf runs a manual-clock recorder over `intervals` intervals of 250 ms: workers
// "api" (and "db" when `both`), `rate` calls each per interval with latencies from `base`
// µs, every 7th call an error; returns every snapshot, the last (partial) one included.
std::vector<Snapshot> snapshotsOf(int intervals, int rate, int base, bool both,
                                  RunResults* results = nullptr) {
    IntervalRecorder::Options options;
    options.manualClock = true;
    IntervalRecorder rec(options);
    std::vector<Snapshot> out;
    rec.setSnapshotCallback([&](std::shared_ptr<const Snapshot> s) { out.push_back(*s); });
    const auto t0 = Clock::now();
    rec.start(t0);
    int call = 0;
    for (int i = 0; i < intervals; ++i) {
        for (int w = 0; w < (both ? 2 : 1); ++w) {
            const QString ident = w ? QStringLiteral("db") : QStringLiteral("api");
            for (int k = 0; k < rate; ++k, ++call) {
                Gossip g;
                g.intended = t0 + i * 250ms;
                g.start = g.intended;
                g.when = When::BeforeTarget;
                rec.record(ident, g);
                g.when = When::AfterTarget;
                g.end = g.start + std::chrono::microseconds(base + 13 * k + 100 * i);
                if (call % 7 == 0)
                    g.error = Error("timeout", "slow " + std::to_string(call % 3));
                rec.record(ident, g);
            }
        }
        rec.cut(t0 + (i + 1) * 250ms);
    }
    rec.finish(t0 + intervals * 250ms + 50ms);
    if (results)
        *results = rec.results();
    return out;
}

using pusher::test::sameBuckets;

} // namespace

class TestLiveMerge : public QObject {
    Q_OBJECT
private slots:
    // Calls cut by a stop travel to rank 0 too (they are neither completed nor errors).
    void interruptedCallsRoundTrip() {
        Snapshot s = snapshotsOf(1, 5, 1000, true).front();
        s.farm.interval.interrupted = 5;
        s.farm.total.interrupted = 7;
        s.workers.at(0).interval.interrupted = 5;
        QString why;
        auto back = decodeSnapshot(encodeSnapshot(s), &why);
        QVERIFY2(back, qPrintable(why));
        QCOMPARE(back->farm.interval.interrupted, std::uint64_t(5));
        QCOMPARE(back->farm.total.interrupted, std::uint64_t(7));
        QCOMPARE(back->workers.at(0).interval.interrupted, std::uint64_t(5));
        QCOMPARE(back->farm.interval.completed, s.farm.interval.completed);
    }

    void encodeDecodeRoundTrip() {
        std::vector<Snapshot> snaps = snapshotsOf(3, 20, 1000, true);
        snaps.back().farm.interval.interrupted = 3; // calls a stop cut
        snaps.back().workers[1].total.interrupted = 2;
        QCOMPARE(snaps.size(), std::size_t(4)); // three whole intervals and the partial one
        snaps[1].farm.totalLag.p99 = 1234567;   // the sender's lag so far: the ranks' table
        snaps[1].farm.totalLag.count = 42;
        for (const Snapshot& s : snaps) {
            QString why;
            auto back = decodeSnapshot(encodeSnapshot(s), &why);
            QVERIFY2(back, qPrintable(why));
            QCOMPARE(back->farm.totalLag.p99, s.farm.totalLag.p99);
            QCOMPARE(back->farm.totalLag.count, s.farm.totalLag.count);
            QCOMPARE(back->index, s.index);
            QCOMPARE(back->t, s.t);
            QCOMPARE(back->dt, s.dt);
            QCOMPARE(back->partial, s.partial);
            QCOMPARE(back->workers.size(), s.workers.size());
            for (std::size_t i = 0; i <= s.workers.size(); ++i) {
                const SeriesSnapshot& a = i < s.workers.size() ? s.workers[i] : s.farm;
                const SeriesSnapshot& b = i < s.workers.size() ? back->workers[i] : back->farm;
                QCOMPARE(b.ident, a.ident);
                QCOMPARE(b.interval.completed, a.interval.completed);
                QCOMPARE(b.interval.interrupted, a.interval.interrupted);
                QCOMPARE(b.total.interrupted, a.total.interrupted);
                QCOMPARE(b.interval.errorsByKind, a.interval.errorsByKind);
                QCOMPARE(b.total.errors, a.total.errors);
                QCOMPARE(b.inflight, a.inflight);
                QCOMPARE(b.rps, a.rps);
                QVERIFY(sameBuckets(b.serviceTime, a.serviceTime));
                QVERIFY(sameBuckets(b.responseTime, a.responseTime));
                QCOMPARE(b.errorSamples, a.errorSamples);
            }
        }
        QString why;
        QVERIFY(!decodeSnapshot(QByteArray("garbage"), &why));
        QVERIFY(!why.isEmpty());
        QByteArray cut = encodeSnapshot(snaps[0]);
        cut.chop(10);
        QVERIFY(!decodeSnapshot(cut, &why));
    }

    // Results built from the snapshots as they come equal the recorder's own: counts, and
    // the histograms bucket for bucket (what a distributed run's rank 0 saves when a fault
    // ends the run before the ranks' results arrive).
    // A flow step's index travels with its series to rank 0, and the merged snapshots and
    // rank 0's results list a journey's steps in its order (a part that knows the index
    // places the step), not by name.
    void journeyStepsKeepTheirOrder() {
        std::vector<Snapshot> snaps;
        testing::journeyResults(
            {QStringLiteral("login"), QStringLiteral("browse"), QStringLiteral("checkout")},
            &snaps);
        QVERIFY(snaps.size() >= 2);
        const QStringList journey = {QStringLiteral("shop"), QStringLiteral("shop/login"),
                                     QStringLiteral("shop/browse"), QStringLiteral("shop/checkout"),
                                     QStringLiteral("shop-api")};
        QString why;
        const auto decoded = decodeSnapshot(encodeSnapshot(snaps[0]), &why);
        QVERIFY2(decoded, qPrintable(why));
        QCOMPARE(testing::identsOf(decoded->workers), journey);
        QCOMPARE(decoded->workers[1].stepIndex, 0);
        QCOMPARE(decoded->workers[3].stepIndex, 2);
        QCOMPARE(decoded->workers[4].stepIndex, -1);

        // A part whose series come by name without indexes, merged with one that has them.
        Snapshot unordered = snaps[0];
        for (SeriesSnapshot& w : unordered.workers)
            w.stepIndex = -1;
        std::sort(
            unordered.workers.begin(), unordered.workers.end(),
            [](const SeriesSnapshot& a, const SeriesSnapshot& b) { return a.ident < b.ident; });
        const Snapshot merged = mergeSnapshots({&unordered, &snaps[0]});
        QCOMPARE(testing::identsOf(merged.workers), journey);
        QCOMPARE(merged.workers[2].interval.completed, 2 * snaps[0].workers[2].interval.completed);

        LiveResults live(QStringLiteral("journey"), 0.25);
        for (const Snapshot& s : snaps)
            live.add(s);
        const RunResults r = live.results();
        QCOMPARE(testing::identsOf(r.workers), journey);
        QCOMPARE(r.worker(QStringLiteral("shop/browse"))->stepIndex, 1);
    }

    void liveResultsEqualTheRecorders() {
        RunResults own;
        const std::vector<Snapshot> snaps = snapshotsOf(6, 25, 2000, true, &own);
        LiveResults live(QStringLiteral("s"), 0.25);
        for (const Snapshot& s : snaps)
            live.add(s);
        QCOMPARE(live.intervals(), snaps.size());
        const RunResults r = live.results();
        QCOMPARE(r.durationS, own.durationS);
        QCOMPARE(r.workers.size(), own.workers.size());
        for (qsizetype i = 0; i <= r.workers.size(); ++i) {
            const WorkerResults& a = i < r.workers.size() ? r.workers[i] : r.total;
            const WorkerResults& b = i < own.workers.size() ? own.workers[i] : own.total;
            QCOMPARE(a.ident, b.ident);
            QCOMPARE(a.ticks, b.ticks);
            QCOMPARE(a.completed, b.completed);
            QCOMPARE(a.errors, b.errors);
            QCOMPARE(a.errorsByKind, b.errorsByKind);
            QCOMPARE(a.errorSamples, b.errorSamples);
            QVERIFY(sameBuckets(a.serviceTime, b.serviceTime));
            QVERIFY(sameBuckets(a.responseTime, b.responseTime));
            QCOMPARE(a.latencyMs, b.latencyMs);
            QCOMPARE(a.achievedRps, b.achievedRps);
        }
        QCOMPARE(r.series(QStringLiteral("*")).size(), own.series(QStringLiteral("*")).size());
        // and it is a valid results file
        QString why;
        RunResults::fromJson(r.toJson(), &why);
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    // Interval k is merged once every part sent k or finished; its counts add, its
    // histograms merge bucket for bucket, in flight adds, workers are the union.
    void mergerWaitsForEveryPart() {
        const std::vector<Snapshot> a = snapshotsOf(4, 30, 1000, true);
        const std::vector<Snapshot> b = snapshotsOf(2, 10, 5000, false);
        SnapshotMerger merger(2);
        for (const Snapshot& s : a)
            merger.add(0, s);
        QVERIFY(merger.take().empty()); // part 1 has sent nothing
        merger.add(1, b[0]);
        merger.add(1, b[1]);
        auto merged = merger.take();
        QCOMPARE(merged.size(), std::size_t(2));
        for (std::size_t k = 0; k < 2; ++k) {
            const Snapshot& m = *merged[k];
            QCOMPARE(m.index, std::uint64_t(k));
            QCOMPARE(m.farm.interval.completed,
                     a[k].farm.interval.completed + b[k].farm.interval.completed);
            Histogram both = a[k].farm.serviceTime;
            both.merge(b[k].farm.serviceTime);
            QVERIFY(sameBuckets(m.farm.serviceTime, both));
            QCOMPARE(m.farm.total.errors, a[k].farm.total.errors + b[k].farm.total.errors);
            QCOMPARE(m.workers.size(), std::size_t(2));
            QCOMPARE(m.workers[0].ident, QStringLiteral("api"));
            QCOMPARE(m.workers[0].interval.completed,
                     a[k].workers[0].interval.completed + b[k].workers[0].interval.completed);
            QCOMPARE(m.workers[1].interval.completed, a[k].workers[1].interval.completed);
            QCOMPARE(m.farm.rps, double(m.farm.interval.completed) / m.dt);
        }
        merger.add(1, b[2]); // part 1's partial last interval
        merger.finish(1);
        merged = merger.take();
        QCOMPARE(merged.size(), a.size() - 2);
        QVERIFY(merged[0]->partial); // b's index 2 is partial, a's is not
        QCOMPARE(merged[1]->farm.interval.completed, a[3].farm.interval.completed);
        QVERIFY(!merger.done()); // part 0 has not finished
        merger.finish(0);
        QVERIFY(merger.take().empty());
        QVERIFY(merger.done());
    }
};

QTEST_GUILESS_MAIN(TestLiveMerge)
#include "tst_livemerge.moc"
