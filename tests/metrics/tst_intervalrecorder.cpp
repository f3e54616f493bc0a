// IntervalRecorder: exact counts on a real engine run, one snapshot per interval, intervals
// cut while idle, and bounded memory over a simulated 24 h run.
#include <pusher/exports.h>
#include <pusher/intervalrecorder.h>
#include <pusher/merge.h>
#include <pusher/pusher.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using pusher::Counts;
using pusher::IntervalRecorder;
using pusher::Snapshot;

namespace {

// SnapshotLog keeps every snapshot handed over, guarded by a std::mutex so that TSan sees
// the hand-off from the timing thread.
struct SnapshotLog {
    std::mutex mutex;
    std::vector<std::shared_ptr<const Snapshot>> all;
    std::vector<std::thread::id> threads;

    pusher::SnapshotCallback callback() {
        return [this](std::shared_ptr<const Snapshot> s) {
            std::lock_guard lock(mutex);
            all.push_back(std::move(s));
            threads.push_back(std::this_thread::get_id());
        };
    }
    std::vector<std::shared_ptr<const Snapshot>> taken() {
        std::lock_guard lock(mutex);
        return all;
    }
};

pusher::Gossip gossip(pusher::When when, pusher::TimePoint at, pusher::Duration service = 0ns,
                      pusher::Error error = {}) {
    pusher::Gossip g;
    g.when = when;
    g.intended = at;
    g.start = at;
    g.end = at + service;
    g.error = std::move(error);
    return g;
}

} // namespace

class TestIntervalRecorder : public QObject {
    Q_OBJECT
private slots:
    void realEngineRunAddsUp();
    void idleIntervalsAreCut();
    void intervalBounds_data();
    void intervalBounds();
    void manualClockFoldsExactly();
    void marksThePartialInterval();
    void callsCutByAStopAreInterrupted();
    void unsentCallsAreCountedWithoutLatency();
    void intervalsWithoutLatencyHaveNone();
    void memoryBoundOver24Hours();
    void manyWorkersShareTheTimelineBound();
};

void TestIntervalRecorder::realEngineRunAddsUp() {
    auto recorder = std::make_shared<IntervalRecorder>(100ms);
    SnapshotLog log;
    recorder->setSnapshotCallback(log.callback());

    // "slow" takes 3 ms with at most 2 calls in flight: at 1000 rps it must cancel ticks.
    // "flaky" answers at once and fails every 4th call as a timeout, every 7th as refused.
    std::atomic<int> flakyCalls{0}, timeouts{0}, refused{0};
    auto slow = pusher::hire(
        "slow",
        [](const pusher::Context&) {
            std::this_thread::sleep_for(3ms); // the call's latency, under test (min >= 3 ms)
            return std::string("ok");
        },
        pusher::withGossips(recorder), pusher::withOvertime(2));
    auto flaky = pusher::hire(
        "flaky",
        [&](const pusher::Context&) -> pusher::Outcome {
            const int n = flakyCalls.fetch_add(1) + 1;
            if (n % 4 == 0) {
                timeouts.fetch_add(1);
                return {{}, pusher::Error("timeout", "timed out")};
            }
            if (n % 7 == 0) {
                refused.fetch_add(1);
                return {{}, pusher::Error("refused", "connection refused")};
            }
            return {std::string("ok"), {}};
        },
        pusher::withGossips(recorder), pusher::withOvertime(50));

    const auto began = pusher::Clock::now();
    const pusher::Error err = pusher::farm(1000, 1200ms, {slow, flaky});
    QVERIFY2(!err || pusher::isContextError(err), err.message().c_str());
    recorder->finish();
    const double elapsed = std::chrono::duration<double>(pusher::Clock::now() - began).count();
    const pusher::RunResults& r = recorder->results();

    QCOMPARE(r.workers.size(), 2);
    QCOMPARE(r.workers[0].ident, QStringLiteral("flaky")); // sorted by ident
    QCOMPARE(r.workers[1].ident, QStringLiteral("slow"));
    pusher::WorkerResults sum;
    for (const auto& [w, ident] :
         {std::pair{slow, QStringLiteral("slow")}, std::pair{flaky, QStringLiteral("flaky")}}) {
        const pusher::Stats st = w->stats();
        const pusher::WorkerResults* got = r.worker(ident);
        QVERIFY(got);
        QCOMPARE(got->ticks, st.ticks);
        QCOMPARE(got->started, st.started);
        QCOMPARE(got->canceled, st.canceled);
        QCOMPARE(got->completed, st.completed);
        QCOMPARE(got->canceledDropped, st.canceledDropped);
        QCOMPARE(got->ticks, got->started + got->canceled);
        QCOMPARE(got->completed, got->ok + got->errors);
        QCOMPARE(got->serviceTime.count(), got->completed);
        QCOMPARE(got->responseTime.count(), got->completed);
        QVERIFY(got->ticks > 500);
        sum.ticks += got->ticks;
        sum.started += got->started;
        sum.canceled += got->canceled;
        sum.completed += got->completed;
        sum.ok += got->ok;
        sum.errors += got->errors;
    }
    const pusher::WorkerResults* s = r.worker(QStringLiteral("slow"));
    const pusher::WorkerResults* f = r.worker(QStringLiteral("flaky"));
    QVERIFY2(s->canceled > 0, "the slow worker must have skipped ticks");
    QCOMPARE(s->errors, 0u);
    QVERIFY(s->latencyMs.min >= 3.0);               // it sleeps 3 ms
    QVERIFY(s->responseMs.max >= s->latencyMs.max); // response includes the wait
    QCOMPARE(f->errors, static_cast<std::uint64_t>(timeouts.load() + refused.load()));
    QCOMPARE(f->errorsByKind.value(QStringLiteral("timeout")),
             static_cast<std::uint64_t>(timeouts.load()));
    QCOMPARE(f->errorsByKind.value(QStringLiteral("refused")),
             static_cast<std::uint64_t>(refused.load()));
    QCOMPARE(f->errorsByKind.size(), 2);
    QCOMPARE(r.total.ticks, sum.ticks);
    QCOMPARE(r.total.started, sum.started);
    QCOMPARE(r.total.canceled, sum.canceled);
    QCOMPARE(r.total.completed, sum.completed);
    QCOMPARE(r.total.ok, sum.ok);
    QCOMPARE(r.total.errors, sum.errors);
    QCOMPARE(r.total.serviceTime.count(), sum.completed);
    QVERIFY(r.durationS > 1.0 && r.durationS <= elapsed);
    QCOMPARE(r.intervalS, 0.1);

    // One snapshot per interval, in order, from the timing thread; the last, partial
    // interval is cut by finish() on this thread.
    const auto snaps = log.taken();
    QCOMPARE(static_cast<std::uint64_t>(snaps.size()), recorder->intervals());
    QVERIFY2(snaps.size() >= 8 && snaps.size() <= 40, qPrintable(QString::number(snaps.size())));
    for (std::size_t i = 0; i < snaps.size(); ++i) {
        QCOMPARE(snaps[i]->index, static_cast<std::uint64_t>(i));
        if (i + 1 < snaps.size()) {
            QCOMPARE(log.threads[i], log.threads[0]);
            QVERIFY(log.threads[i] != std::this_thread::get_id());
        }
        if (i > 0)
            QVERIFY(snaps[i]->t > snaps[i - 1]->t);
    }
    QCOMPARE(log.threads.back(), std::this_thread::get_id());

    // Interval sums equal the totals, per worker and for the farm.
    for (const QString& ident :
         {QStringLiteral("*"), QStringLiteral("slow"), QStringLiteral("flaky")}) {
        Counts c;
        std::uint64_t serviceCount = 0;
        for (const auto& snap : snaps) {
            const pusher::SeriesSnapshot* ss = snap->find(ident);
            if (!ss)
                continue;
            c.add(ss->interval);
            serviceCount += ss->serviceTime.count();
            QCOMPARE(ss->interval.ticks, ss->interval.started + ss->interval.canceled);
            QCOMPARE(ss->interval.completed, ss->interval.ok + ss->interval.errors);
        }
        const pusher::WorkerResults* w = r.worker(ident);
        QCOMPARE(c.ticks, w->ticks);
        QCOMPARE(c.started, w->started);
        QCOMPARE(c.completed, w->completed);
        QCOMPARE(c.canceled, w->canceled);
        QCOMPARE(c.ok, w->ok);
        QCOMPARE(c.errors, w->errors);
        QCOMPARE(serviceCount, w->completed);
        // The last snapshot's running totals are the whole run.
        const pusher::SeriesSnapshot* last = snaps.back()->find(ident);
        QCOMPARE(last->total.started, w->started);
        QCOMPARE(last->total.completed, w->completed);
        QCOMPARE(last->inflight, 0);
        QCOMPARE(static_cast<std::uint64_t>(last->totalService.count), w->completed);
        // Timeline sums too (this run is short, nothing was downsampled).
        std::uint64_t started = 0, completed = 0, canceled = 0, errors = 0;
        for (const auto& p : r.series(ident)) {
            started += p.started;
            completed += p.completed;
            canceled += p.canceled;
            errors += p.errors;
        }
        QCOMPARE(started, w->started);
        QCOMPARE(completed, w->completed);
        QCOMPARE(canceled, w->canceled);
        QCOMPARE(errors, w->errors);
        QCOMPARE(static_cast<std::size_t>(r.series(ident).size()), snaps.size());
    }
    QCOMPARE(r.timeline.first().worker, QStringLiteral("*"));
}

void TestIntervalRecorder::idleIntervalsAreCut() {
    IntervalRecorder recorder(100ms);
    SnapshotLog log;
    recorder.setSnapshotCallback(log.callback());
    recorder.start();
    QTRY_VERIFY_WITH_TIMEOUT(log.taken().size() >= 3, 5000);
    recorder.finish();
    const auto snaps = log.taken();
    for (const auto& s : snaps) {
        QCOMPARE(s->farm.interval.ticks, 0u);
        QVERIFY(s->workers.empty());
    }
    QCOMPARE(recorder.results().total.ticks, 0u);
    const auto count = log.taken().size();
    // Finished: no more snapshots. The silence is under test, so 250 ms (2.5 intervals)
    // must pass with none.
    std::this_thread::sleep_for(250ms);
    QCOMPARE(log.taken().size(), count);
}

void TestIntervalRecorder::intervalBounds_data() {
    QTest::addColumn<int>("ms");
    QTest::addColumn<bool>("valid");
    QTest::newRow("99 ms") << 99 << false;
    QTest::newRow("100 ms") << 100 << true;
    QTest::newRow("250 ms") << 250 << true;
    QTest::newRow("10 s") << 10000 << true;
    QTest::newRow("10.001 s") << 10001 << false;
    QTest::newRow("zero") << 0 << false;
    QTest::newRow("negative") << -5 << false;
}

void TestIntervalRecorder::intervalBounds() {
    QFETCH(int, ms);
    QFETCH(bool, valid);
    const std::chrono::milliseconds interval(ms);
    const pusher::Error err = IntervalRecorder::checkInterval(interval);
    QCOMPARE(!err, valid);
    if (valid) {
        IntervalRecorder r(interval);
        QCOMPARE(r.interval(), interval);
    } else {
        QVERIFY(QString::fromStdString(err.message())
                    .contains(QStringLiteral("outside 100 ms to 10000 ms")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, IntervalRecorder r(interval));
    }
}

void TestIntervalRecorder::manualClockFoldsExactly() {
    IntervalRecorder::Options options;
    options.manualClock = true;
    options.interval = 1000ms;
    IntervalRecorder rec(options);
    SnapshotLog log;
    rec.setSnapshotCallback(log.callback());
    const auto t0 = pusher::Clock::now();
    rec.start(t0);
    using pusher::When;
    // Interval 0: a starts 2 calls (the second 3 ms late), 1 completes in 5 ms; b gets a
    // canceled tick.
    rec.record(QStringLiteral("a"), gossip(When::BeforeTarget, t0));
    pusher::Gossip late = gossip(When::BeforeTarget, t0);
    late.start = late.end = t0 + 3ms;
    rec.record(QStringLiteral("a"), late);
    rec.record(QStringLiteral("a"), gossip(When::AfterTarget, t0, 5ms));
    rec.record(QStringLiteral("b"), gossip(When::Canceled, t0));
    rec.cut(t0 + 1s);
    // Interval 1: the second call of a fails after 20 ms; nothing else.
    rec.record(QStringLiteral("a"),
               gossip(When::AfterTarget, t0, 20ms, pusher::Error("http_503", "HTTP 503")));
    rec.cut(t0 + 2s);
    rec.finish(t0 + 2500ms);

    const auto snaps = log.taken();
    QCOMPARE(snaps.size(), 3u); // two full intervals and the final partial one
    const pusher::SeriesSnapshot* a0 = snaps[0]->find(QStringLiteral("a"));
    QCOMPARE(a0->interval.started, 2u);
    QCOMPARE(a0->interval.completed, 1u);
    QCOMPARE(a0->inflight, 1);
    QCOMPARE(a0->rps, 1.0);
    QCOMPARE(a0->serviceTime.max(), std::int64_t(5'000'000));
    QCOMPARE(snaps[0]->farm.interval.ticks, 3u);
    QCOMPARE(snaps[0]->farm.interval.canceled, 1u);
    const pusher::SeriesSnapshot* a1 = snaps[1]->find(QStringLiteral("a"));
    QCOMPARE(a1->interval.errors, 1u);
    QCOMPARE(a1->interval.errorsByKind.at("http_503"), 1u);
    QCOMPARE(a1->inflight, 0);
    QCOMPARE(snaps[1]->t, 2.0);
    QCOMPARE(snaps[2]->dt, 0.5);

    const pusher::RunResults& r = rec.results();
    QCOMPARE(r.durationS, 2.5);
    QCOMPARE(r.total.ticks, 3u);
    QCOMPARE(r.total.started, 2u);
    QCOMPARE(r.total.canceled, 1u);
    QCOMPARE(r.total.errors, 1u);
    QCOMPARE(r.total.ok, 1u);
    QCOMPARE(r.total.achievedRps, 2 / 2.5);
    QCOMPARE(r.total.errorsByKind.value(QStringLiteral("http_503")), 1u);
    QVERIFY(std::fabs(r.total.latencyMs.max - 20.0) < 1e-9);
    QVERIFY(std::fabs(r.total.latencyMs.p50 - 5.0) <= 5.0 / 128);
    // Dispatch lag: one call on time (the 1 µs floor), one 3 ms late; b started none.
    QCOMPARE(r.total.lagTime.count(), std::uint64_t(2));
    QVERIFY(std::fabs(r.total.lagMs.max - 3.0) < 1e-9);
    QVERIFY(r.total.lagMs.min <= 0.001);
    QCOMPARE(r.workers[1].lagTime.count(), std::uint64_t(0));
    // A sample message per error kind, per worker and in the total.
    QCOMPARE(r.total.errorSamples.value(QStringLiteral("http_503")),
             QStringList{QStringLiteral("HTTP 503")});
    QCOMPARE(r.workers[0].errorSamples.value(QStringLiteral("http_503")),
             QStringList{QStringLiteral("HTTP 503")});
    QVERIFY(r.workers[1].errorSamples.isEmpty());
    QCOMPARE(snaps[1]->farm.errorSamples.at("http_503"), std::vector<std::string>{"HTTP 503"});
    QVERIFY(snaps[0]->farm.errorSamples.empty());
    QCOMPARE(snaps[2]->find(QStringLiteral("a"))->totalLag.count, std::uint64_t(2));
    QCOMPARE(r.timeline.size(), 9); // 3 points × (farm, a, b)
    QCOMPARE(r.timeline[0].worker, QStringLiteral("*"));
    QCOMPARE(r.timeline[1].worker, QStringLiteral("a"));
    QCOMPARE(r.timeline[2].worker, QStringLiteral("b"));
    QCOMPARE(r.timeline[8].t, 2.5);
    QCOMPARE(r.timeline[8].dt, 0.5);
}

void TestIntervalRecorder::marksThePartialInterval() {
    // A 2 s run at 4 calls per 500 ms interval: the timer's cuts are whole intervals; a cut
    // after the planned end and the last one, cut short by finish(), are partial, in the
    // snapshots and in the results' timeline alike.
    IntervalRecorder::Options options;
    options.manualClock = true;
    options.interval = 500ms;
    options.plannedSeconds = 2.0;
    IntervalRecorder rec(options);
    SnapshotLog log;
    rec.setSnapshotCallback(log.callback());
    const auto t0 = pusher::Clock::now();
    rec.start(t0);
    using pusher::When;
    for (int i = 0; i < 5; ++i) {
        const auto at = t0 + i * 500ms;
        for (int k = 0; k < 4 && i < 4; ++k) {
            rec.record(QStringLiteral("w"), gossip(When::BeforeTarget, at));
            rec.record(QStringLiteral("w"), gossip(When::AfterTarget, at, 1ms));
        }
        rec.cut(at + 500ms); // 0.5 … 2.5 s; the last one after the planned end
    }
    rec.record(QStringLiteral("w"), gossip(When::BeforeTarget, t0 + 2500ms));
    rec.record(QStringLiteral("w"), gossip(When::AfterTarget, t0 + 2500ms, 1ms));
    rec.finish(t0 + 2520ms); // 20 ms: 1 call is 50/s in a 8/s run
    const auto snaps = log.taken();
    QCOMPARE(snaps.size(), 6u);
    for (std::size_t i = 0; i < 4; ++i)
        QVERIFY2(!snaps[i]->partial, qPrintable(QString::number(i)));
    QVERIFY(snaps[4]->partial); // 2.0 … 2.5 s: after the planned end
    QVERIFY(snaps[5]->partial); // cut short by finish()
    QCOMPARE(snaps[5]->farm.rps, 50.0);
    const pusher::RunResults& r = rec.results();
    QCOMPARE(r.total.completed, 17u); // the partial intervals' counts are in the totals
    int partial = 0;
    for (const pusher::TimelinePoint& p : r.timeline) {
        QCOMPARE(p.partial, p.t > 2.0 + 1e-9);
        partial += p.partial ? 1 : 0;
    }
    QCOMPARE(partial, 4); // 2 intervals × (farm, w)
    // Without a planned end only the last interval is partial.
    IntervalRecorder::Options unplanned = options;
    unplanned.plannedSeconds = 0;
    IntervalRecorder rec2(unplanned);
    rec2.start(t0);
    rec2.cut(t0 + 500ms);
    rec2.cut(t0 + 1000ms);
    rec2.finish(t0 + 1100ms);
    const auto& timeline = rec2.results().timeline;
    QCOMPARE(timeline.size(), 3); // the farm only: no worker reported
    QVERIFY(!timeline[0].partial);
    QVERIFY(!timeline[1].partial);
    QVERIFY(timeline[2].partial);
}

void TestIntervalRecorder::memoryBoundOver24Hours() {
    // 24 h of 250 ms intervals (345 600 cuts) with two busy Workers, on a manual clock.
    IntervalRecorder::Options options;
    options.manualClock = true;
    IntervalRecorder rec(options);
    const auto t0 = pusher::Clock::now();
    rec.start(t0);
    const std::int64_t cuts = 24 * 3600 * 4;
    std::uint64_t started = 0;
    std::size_t usageAt1min = 0;
    std::size_t usageAt6h = 0;
    std::size_t maxPoints = 0;
    const QString idents[] = {QStringLiteral("w1"), QStringLiteral("w2")};
    for (std::int64_t i = 1; i <= cuts; ++i) {
        const auto at = t0 + (i - 1) * 250ms;
        for (const auto& ident : idents) {
            rec.record(ident, gossip(pusher::When::BeforeTarget, at));
            rec.record(ident, gossip(pusher::When::AfterTarget, at,
                                     std::chrono::microseconds(100 + i % 5000)));
            started += 1;
        }
        rec.cut(t0 + i * 250ms);
        if (i == 240)
            usageAt1min = rec.memoryUsage();
        if (i == cuts / 4)
            usageAt6h = rec.memoryUsage();
        if (i % 1000 == 0)
            maxPoints = std::max(maxPoints, rec.timelinePoints());
    }
    const std::size_t usage = rec.memoryUsage();
    rec.finish(t0 + cuts * 250ms);
    const pusher::RunResults& r = rec.results();
    qInfo("memory after 24 h: %zu bytes (after 6 h: %zu), %lld timeline entries", usage, usageAt6h,
          static_cast<long long>(r.timeline.size()));
    QVERIFY2(usage < 4u * 1024 * 1024, qPrintable(QString::number(usage)));
    // Flat: the timeline's room is taken once, downsampling is in place. Histograms store the
    // span of buckets in use, which grows (within the layout) until the values' range (100 µs
    // to 5.1 ms here, all seen within the first 21 minutes) is covered.
    QCOMPARE(usage, usageAt6h);
    QVERIFY(usageAt6h >= usageAt1min);
    constexpr std::size_t kHistograms = 3 * 2 * 3; // (farm + 2 workers) × (total, pending) × 3
    QVERIFY(usageAt6h - usageAt1min <=
            kHistograms * pusher::Histogram::kBucketCount * sizeof(std::uint64_t));
    QVERIFY(maxPoints <= 3 * (IntervalRecorder::kDefaultTimelineBound + 1));
    QCOMPARE(r.total.started, started);
    QCOMPARE(r.total.completed, started);
    QCOMPARE(r.durationS, 86400.0);
    // Downsampled, the timeline still adds up and covers the run.
    const auto farm = r.series(QStringLiteral("*"));
    QVERIFY(farm.size() <= static_cast<qsizetype>(IntervalRecorder::kDefaultTimelineBound));
    QVERIFY(farm.size() >= static_cast<qsizetype>(IntervalRecorder::kDefaultTimelineBound / 4));
    std::uint64_t sum = 0;
    double covered = 0;
    for (const auto& p : farm) {
        sum += p.started;
        covered += p.dt;
    }
    QCOMPARE(sum, started);
    QVERIFY(std::fabs(covered - 86400.0) < 1e-3);
    QCOMPARE(farm.last().t, 86400.0);
}

void TestIntervalRecorder::manyWorkersShareTheTimelineBound() {
    // 40 Workers for 2 simulated hours of 1 s intervals: every series is downsampled so that
    // the timeline as a whole stays within kTimelineEntries.
    IntervalRecorder::Options options;
    options.manualClock = true;
    options.interval = 1000ms;
    IntervalRecorder rec(options);
    const auto t0 = pusher::Clock::now();
    rec.start(t0);
    QStringList idents;
    for (int w = 0; w < 40; ++w)
        idents.append(QStringLiteral("w%1").arg(w, 2, 10, QLatin1Char('0')));
    const int cuts = 2 * 3600;
    for (int i = 1; i <= cuts; ++i) {
        for (const auto& ident : idents)
            rec.record(ident, gossip(pusher::When::Canceled, t0));
        rec.cut(t0 + i * 1s);
    }
    QVERIFY(rec.timelinePoints() <= IntervalRecorder::kTimelineEntries + 2 * 41);
    rec.finish(t0 + cuts * 1s);
    const pusher::RunResults& r = rec.results();
    QCOMPARE(r.total.canceled, static_cast<std::uint64_t>(40 * cuts));
    const auto w07 = r.series(QStringLiteral("w07"));
    const auto farm = r.series(QStringLiteral("*"));
    QCOMPARE(w07.size(), farm.size()); // aligned: the same points for every series
    std::uint64_t canceled = 0;
    for (qsizetype i = 0; i < w07.size(); ++i) {
        QCOMPARE(w07[i].t, farm[i].t);
        QCOMPARE(farm[i].canceled, 40 * w07[i].canceled);
        canceled += w07[i].canceled;
    }
    QCOMPARE(canceled, static_cast<std::uint64_t>(cuts));
    qInfo("memory with 40 workers: %zu bytes", rec.memoryUsage());
}

// A flow step whose request never went out (Sink::recordCall with sent false) is counted as
// any call, its error by kind, but adds no latency or lag sample: its histograms hold only
// the steps that were sent (they held a 0 for each, which a p99 threshold passed on). A
// series with calls and no sample reads back from its results file and merges.
void TestIntervalRecorder::unsentCallsAreCountedWithoutLatency() {
    IntervalRecorder::Options options;
    options.manualClock = true;
    options.interval = 1000ms;
    IntervalRecorder rec(options);
    const auto t0 = pusher::Clock::now();
    rec.start(t0);
    using pusher::When;
    const IntervalRecorder::Sink mixed = rec.sink(QStringLiteral("j/mixed"), 0);
    const IntervalRecorder::Sink never = rec.sink(QStringLiteral("j/never"), 1);
    mixed.recordCall(gossip(When::AfterTarget, t0, 30ms));
    mixed.recordCall(gossip(When::AfterTarget, t0, 0ns, pusher::Error("extract", "no value")),
                     false);
    for (int i = 0; i < 3; ++i)
        never.recordCall(
            gossip(When::AfterTarget, t0 + 10ms, 0ns, pusher::ErrCanceled.reason("think")), false);
    rec.finish(t0 + 1500ms);

    const pusher::RunResults& r = rec.results();
    const pusher::WorkerResults* m = r.worker(QStringLiteral("j/mixed"));
    const pusher::WorkerResults* n = r.worker(QStringLiteral("j/never"));
    QVERIFY(m && n);
    QCOMPARE(m->started, 2u);
    QCOMPARE(m->completed, 2u);
    QCOMPARE(m->errorsByKind.value(QStringLiteral("extract")), 1u);
    QCOMPARE(m->serviceTime.count(), std::uint64_t(1));
    QCOMPARE(m->responseTime.count(), std::uint64_t(1));
    QCOMPARE(m->lagTime.count(), std::uint64_t(1));
    // Not pulled down by a 0: the one call sent took 30 ms.
    QVERIFY(std::fabs(m->latencyMs.min - 30.0) < 30.0 / 128);
    QVERIFY(std::fabs(m->responseMs.p50 - 30.0) < 30.0 / 128);
    QVERIFY(pusher::hasLatency(*m));
    QCOMPARE(n->completed, 3u);
    QCOMPARE(n->errors, 3u);
    QCOMPARE(n->errorsByKind.value(QStringLiteral("cut_at_grace")), 3u);
    QVERIFY(n->serviceTime.isEmpty());
    QVERIFY(n->responseTime.isEmpty());
    QVERIFY(n->lagTime.isEmpty());
    QVERIFY(!pusher::hasLatency(*n));

    QString why;
    const auto back = pusher::RunResults::fromJson(r.toJson(), &why);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QCOMPARE(back, r);
    QVERIFY(!pusher::hasLatency(*back.worker(QStringLiteral("j/never"))));
    const auto merged = pusher::mergeResults({back, back}, {}, &why);
    QVERIFY2(merged, qPrintable(why));
    QCOMPARE(merged->worker(QStringLiteral("j/never"))->completed, 6u);
    QVERIFY(merged->worker(QStringLiteral("j/never"))->serviceTime.isEmpty());
    QVERIFY(!pusher::hasLatency(*merged->worker(QStringLiteral("j/never"))));
    QCOMPARE(merged->worker(QStringLiteral("j/mixed"))->serviceTime.count(), std::uint64_t(2));
}

// An interval in which a flow step had calls but sent none of their requests measured no
// latency: its percentiles are absent (null in the results file, empty CSV cells), not
// 0 ms, which read as the run's fastest interval; so are an idle interval's. Merged with a
// part that measured one, the absent part does not pull the percentiles down.
void TestIntervalRecorder::intervalsWithoutLatencyHaveNone() {
    using pusher::When;
    const auto runOf = [](bool sentFirst) {
        IntervalRecorder::Options options;
        options.manualClock = true;
        options.interval = 1000ms;
        IntervalRecorder rec(options);
        const auto t0 = pusher::Clock::now();
        rec.start(t0);
        const IntervalRecorder::Sink step = rec.sink(QStringLiteral("j/pay"), 1);
        const IntervalRecorder::Sink other = rec.sink(QStringLiteral("j/login"), 0);
        // First interval: j/pay's three calls sent (30 ms each) or not; j/login one 20 ms.
        for (int i = 0; i < 3; ++i)
            step.recordCall(sentFirst ? gossip(When::AfterTarget, t0 + 10ms, 30ms)
                                      : gossip(When::AfterTarget, t0 + 10ms, 0ns,
                                               pusher::Error("extract", "no value")),
                            sentFirst);
        other.recordCall(gossip(When::AfterTarget, t0, 20ms));
        rec.cut(t0 + 1000ms);
        // Second: j/pay one call sent, 40 ms; j/login none.
        step.recordCall(gossip(When::AfterTarget, t0 + 1100ms, 40ms));
        rec.cut(t0 + 2000ms);
        rec.finish(t0 + 2000ms);
        return rec.results();
    };
    const pusher::RunResults r = runOf(false);
    const QList<pusher::TimelinePoint> pay = r.series(QStringLiteral("j/pay"));
    const QList<pusher::TimelinePoint> login = r.series(QStringLiteral("j/login"));
    QVERIFY(pay.size() >= 2 && login.size() >= 2);
    QCOMPARE(pay[0].completed, 3u);
    QVERIFY(!pay[0].latencyMeasured);
    QVERIFY(pay[1].latencyMeasured);
    QVERIFY(std::fabs(pay[1].p50Ms - 40.0) < 40.0 / 128);
    QVERIFY(login[0].latencyMeasured);
    QCOMPARE(login[1].completed, 0u); // idle: no latency either
    QVERIFY(!login[1].latencyMeasured);

    // The results file: null, and back as it was.
    const QJsonObject json = r.toJson();
    int nulls = 0, numbers = 0;
    for (const QJsonValue& v : json.value(QStringLiteral("timeline")).toArray()) {
        const QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("worker")).toString() != QLatin1String("j/pay"))
            continue;
        const bool none = o.value(QStringLiteral("completed")).toInt() == 3;
        for (const char* key : {"p50_ms", "p90_ms", "p99_ms", "max_ms", "resp_p50_ms",
                                "resp_p90_ms", "resp_p99_ms", "resp_max_ms"}) {
            const QJsonValue ms = o.value(QLatin1String(key));
            QVERIFY2(none ? ms.isNull() : ms.isDouble(), key);
            ++(none ? nulls : numbers);
        }
    }
    QCOMPARE(nulls, 8);
    QVERIFY(numbers >= 8);
    QString why;
    const auto back = pusher::RunResults::fromJson(json, &why);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QCOMPARE(back, r);
    QVERIFY(!back.series(QStringLiteral("j/pay"))[0].latencyMeasured);

    // CSV: the latency cells are empty (rps 3, then eight empty cells).
    const QStringList lines = pusher::toCsv(r).split(QLatin1Char('\n'));
    const auto line = [&](const QString& prefix) {
        for (const QString& l : lines)
            if (l.startsWith(prefix))
                return l;
        return QString();
    };
    const QString never = line(QStringLiteral("1,1,j/pay,"));
    QVERIFY2(never.endsWith(QStringLiteral(",3,,,,,,,,")), qPrintable(never));
    const QString sent = line(QStringLiteral("2,1,j/pay,"));
    QVERIFY2(!sent.endsWith(QStringLiteral(",")) && !sent.contains(QStringLiteral(",,")),
             qPrintable(sent));

    // Merged with a part whose three j/pay calls measured 30 ms: 30 ms, not 15 (a mean
    // weighted by calls, half of them the other part's, at a 0 ms never measured).
    const auto merged = pusher::mergeResults({r, runOf(true)}, {}, &why);
    QVERIFY2(merged, qPrintable(why));
    const pusher::TimelinePoint first = merged->series(QStringLiteral("j/pay"))[0];
    QCOMPARE(first.completed, 6u);
    QVERIFY(first.latencyMeasured);
    QVERIFY2(std::fabs(first.p50Ms - 30.0) < 30.0 / 128, qPrintable(QString::number(first.p50Ms)));
    QVERIFY(std::fabs(first.respP99Ms - 30.0) < 30.0 / 128);
    const auto twice = pusher::mergeResults({r, r}, {}, &why);
    QVERIFY2(twice, qPrintable(why));
    QVERIFY(!twice->series(QStringLiteral("j/pay"))[0].latencyMeasured);
}

QTEST_GUILESS_MAIN(TestIntervalRecorder)
#include "tst_intervalrecorder.moc"

// A call the engine cancels at the end of the graceful stop is an error of kind
// cut_at_grace (not "canceled", the word for skipped ticks); once the run is interrupted,
// a call cut by the stop is interrupted: neither completed nor an error, no latency.
void TestIntervalRecorder::callsCutByAStopAreInterrupted() {
    IntervalRecorder::Options options;
    options.manualClock = true;
    options.interval = 1000ms;
    IntervalRecorder rec(options);
    const auto t0 = pusher::Clock::now();
    rec.start(t0);
    using pusher::When;
    for (int i = 0; i < 5; ++i)
        rec.record(QStringLiteral("a"), gossip(When::BeforeTarget, t0));
    rec.record(QStringLiteral("a"), gossip(When::AfterTarget, t0, 5ms));
    rec.record(QStringLiteral("a"),
               gossip(When::AfterTarget, t0, 2s, pusher::ErrCanceled.reason("still running")));
    QVERIFY(!rec.isInterrupted());
    rec.interrupt();
    QVERIFY(rec.isInterrupted());
    rec.record(QStringLiteral("a"), gossip(When::AfterTarget, t0, 900ms, pusher::ErrCanceled));
    rec.record(QStringLiteral("a"), gossip(When::AfterTarget, t0, 900ms, pusher::ErrCanceled));
    // A genuine error after the stop is still an error.
    rec.record(QStringLiteral("a"),
               gossip(When::AfterTarget, t0, 7ms, pusher::Error("http_503", "HTTP 503")));
    rec.finish(t0 + 1500ms);

    const pusher::RunResults& r = rec.results();
    QVERIFY(r.interrupted);
    QCOMPARE(r.total.started, 5u);
    QCOMPARE(r.total.interrupted, 2u);
    QCOMPARE(r.total.completed, 3u);
    QCOMPARE(r.total.ok, 1u);
    QCOMPARE(r.total.errors, 2u);
    QCOMPARE(r.total.started, r.total.completed + r.total.interrupted);
    QCOMPARE(r.total.errorsByKind.size(), 2);
    QCOMPARE(r.total.errorsByKind.value(QStringLiteral("cut_at_grace")), 1u);
    QCOMPARE(r.total.errorsByKind.value(QStringLiteral("http_503")), 1u);
    QVERIFY(!r.total.errorsByKind.contains(QStringLiteral("canceled")));
    QCOMPARE(r.total.serviceTime.count(), std::uint64_t(3)); // the cut calls have no latency
    QCOMPARE(r.workers.at(0).interrupted, 2u);
    std::uint64_t inTimeline = 0;
    for (const auto& p : r.timeline)
        if (p.worker == QLatin1String("*"))
            inTimeline += p.interrupted;
    QCOMPARE(inTimeline, 2u);
    // The results file keeps them.
    QString why;
    const auto back = pusher::RunResults::fromJson(r.toJson(), &why);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QCOMPARE(back, r);
}
