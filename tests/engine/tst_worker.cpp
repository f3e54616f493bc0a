#include "helpers.h"

#include <QTest>

#include <cmath>
#include <map>

using namespace pusher;
using namespace testing;

class TestWorker : public QObject {
    Q_OBJECT
private slots:
    void validation_data() {
        QTest::addColumn<bool>("withTarget");
        QTest::addColumn<double>("rps");
        QTest::addColumn<qint64>("overtime");
        QTest::addColumn<QString>("error");
        QTest::newRow("missing target")
            << false << 1.0 << qint64(1) << QStringLiteral("target is missing: not provided");
        QTest::newRow("zero rps") << true << 0.0 << qint64(1)
                                  << QStringLiteral("invalid rps: must be positive");
        QTest::newRow("negative rps")
            << true << -42.0 << qint64(1) << QStringLiteral("invalid rps: must be positive");
        QTest::newRow("large rps")
            << true << 1e10 << qint64(1)
            << QStringLiteral("invalid rps: too large, resulting tick < 1ns");
        QTest::newRow("negative overtime")
            << true << 1.0 << qint64(-42)
            << QStringLiteral("invalid overtime: must be more or equal zero");
    }
    void validation() {
        QFETCH(bool, withTarget);
        QFETCH(double, rps);
        QFETCH(qint64, overtime);
        QFETCH(QString, error);
        auto worker = hire("", withTarget ? Target([](const Context&) {}) : Target(nullptr),
                           withOvertime(overtime));
        auto [ctx, cancel] = withTimeout(Context::background(), 5s);
        auto t0 = Clock::now();
        Error err = worker->work(ctx, rps);
        QVERIFY2(Clock::now() - t0 < 1s, "validation fails at once");
        QCOMPARE(QString::fromStdString(err.message()), error);
        QVERIFY(!isContextError(err));
        QVERIFY(!worker->config().busy);
        QCOMPARE(worker->stats().ticks, std::uint64_t(0));
    }

    void sentinelsMatch() {
        auto worker = hire("", nullptr);
        QVERIFY(worker->work(Context::background(), 1).is(ErrMissingTarget));
        auto w2 = hire(
            "", [](const Context&) {}, withOvertime(-1));
        QVERIFY(w2->work(Context::background(), 1).is(ErrInvalidOvertime));
        QVERIFY(w2->work(Context::background(), -1).is(ErrInvalidRps));
    }

    void hireDefaults() {
        auto worker = hire("", nullptr);
        Config c = worker->config();
        QCOMPARE(c.ident, std::string("judas"));
        QCOMPARE(worker->toString(), std::string("judas"));
        QCOMPARE(c.overtime, std::int64_t(1'000'000));
        QCOMPARE(c.capacity, std::int64_t(1'000'000));
        QVERIFY(c.listeners.empty());
        QVERIFY(!c.busy);
    }

    void hireWithOffers() {
        auto a = std::make_shared<Collector>();
        auto b = std::make_shared<Collector>();
        auto worker = hire(
            "cozy", [](const Context&) {}, withGossips(a, b), withOvertime(100));
        Config c = worker->config();
        QCOMPARE(c.ident, std::string("cozy"));
        QCOMPARE(c.overtime, std::int64_t(100));
        QCOMPARE(c.capacity, std::int64_t(100));
        QCOMPARE(c.listeners.size(), std::size_t(2));
        QCOMPARE(c.listeners[0].get(), static_cast<Gossiper*>(a.get()));
        auto negative = hire("negative one", nullptr, withOvertime(-42));
        QCOMPARE(negative->config().overtime, std::int64_t(-42));
        QCOMPARE(negative->config().capacity, std::int64_t(0));
    }

    void busyWhileWorking() {
        // Five concurrent work calls on one worker: exactly four are "worker is busy".
        auto worker = hire("", sleeper(1000ms));
        auto [ctx, cancel] = withTimeout(Context::background(), 500ms);
        std::mutex m;
        std::vector<Error> errs;
        std::vector<std::thread> threads;
        for (int i = 0; i < 5; ++i)
            threads.emplace_back([&, w = worker, c = ctx] {
                Error e = w->work(c, 1);
                std::lock_guard lock(m);
                errs.push_back(e);
            });
        for (auto& t : threads)
            t.join();
        int busy = 0;
        int ended = 0;
        for (const auto& e : errs) {
            if (e.is(ErrWorkerIsBusy)) {
                QCOMPARE(e.message(), std::string("worker is busy: try again later"));
                ++busy;
            } else if (e.is(ErrDeadlineExceeded)) {
                ++ended;
            }
        }
        QCOMPARE(busy, 4);
        QCOMPARE(ended, 1);
        QVERIFY(!worker->config().busy);
    }

    void countsAddUp() {
        auto listener = std::make_shared<Collector>();
        auto worker = hire(
            "adder", [](const Context&) { return 42; }, withGossips(listener));
        auto [ctx, cancel] = withTimeout(Context::background(), 1s);
        auto t0 = Clock::now();
        Error err = worker->work(ctx, 1000);
        double elapsed = seconds(Clock::now() - t0);
        QVERIFY(err.is(ErrDeadlineExceeded));
        Stats s = worker->stats();
        QCOMPARE(s.ticks, s.started + s.canceled);
        QCOMPARE(s.completed, s.started);
        QCOMPARE(s.inFlight, std::uint64_t(0));
        // No tick lost: every tick due while the scheduler ran was dispatched, exactly.
        const double expected = std::floor(1000 * seconds(s.scheduled)) + 1;
        QVERIFY2(std::abs(double(s.ticks) - expected) <= 1,
                 qPrintable(QStringLiteral("%1 vs %2").arg(s.ticks).arg(expected)));
        QVERIFY(seconds(s.scheduled) <= elapsed);
        // The relation above is the real check. Without a graceful stop the run ends with
        // the scheduler's last look, which a starved scheduler (sanitizers on a busy
        // machine: 223 ticks were seen) takes early; a wide bound only says it ran.
        QVERIFY2(s.ticks >= 100, qPrintable(QString::number(s.ticks)));
        QCOMPARE(listener->count(When::BeforeTarget), s.started);
        QCOMPARE(listener->count(When::AfterTarget), s.completed);
        QCOMPARE(listener->count(When::Canceled) + s.canceledDropped, s.canceled);
        QCOMPARE(listener->stops(), 1);
        for (const auto& g : listener->all())
            if (g.afterTarget())
                QCOMPARE(g.result.toString(), std::string("42"));
    }

    void gossipTiming() {
        auto listener = std::make_shared<Collector>();
        // The graceful stop dispatches every tick due before the deadline, however starved
        // the scheduler: 30 calls.
        auto worker = hire("", sleeper(5ms), withGossips(listener), withGracefulStop(5s));
        auto [ctx, cancel] = withTimeout(Context::background(), 300ms);
        worker->work(ctx, 100);
        std::map<std::uint64_t, Gossip> before;
        std::uint64_t afters = 0;
        for (const auto& g : listener->all()) {
            if (g.beforeTarget()) {
                // Runners started in turn may gossip in either order: seqs are unique, not
                // ordered, across calls.
                QVERIFY(g.start >= g.intended);
                QVERIFY(before.count(g.seq) == 0);
                before[g.seq] = g;
            } else if (g.afterTarget()) {
                // Each sequence number's BeforeTarget arrives before its AfterTarget.
                QVERIFY(before.count(g.seq) == 1);
                QCOMPARE(g.start, before[g.seq].start);
                QCOMPARE(g.intended, before[g.seq].intended);
                QVERIFY(g.end >= g.start);
                QVERIFY(g.serviceTime() >= std::chrono::milliseconds(4));
                QVERIFY(g.responseTime() >= g.serviceTime());
                ++afters;
            }
        }
        QVERIFY2(afters >= 29, qPrintable(QString::number(afters)));
        QCOMPARE(afters, before.size());
        QCOMPARE(before.rbegin()->first, before.size() - 1); // 0 … n−1, none missing
        // intended times follow the absolute schedule: 10 ms apart
        auto it = before.begin();
        auto t0 = it->second.intended;
        for (; it != before.end(); ++it)
            QCOMPARE(it->second.intended - t0,
                     Duration(std::chrono::milliseconds(10) * static_cast<int>(it->first)));
    }

    void overtimeCancelsTicks() {
        // A 200 ms target at 100 rps with overtime 5: about 5 of every 20 ticks start.
        Concurrency c;
        auto listener = std::make_shared<Collector>();
        auto worker = hire("", sleeper(200ms, &c), withOvertime(5), withGossips(listener));
        auto [ctx, cancel] = withTimeout(Context::background(), 1s);
        worker->work(ctx, 100);
        Stats s = worker->stats();
        QCOMPARE(s.ticks, s.started + s.canceled);
        QVERIFY2(s.canceled >= 50, qPrintable(QString::number(s.canceled)));
        QVERIFY(c.peak.load() <= 5);
        QCOMPARE(listener->count(When::Canceled) + s.canceledDropped, s.canceled);
    }

    void overtimeZeroCancelsAll() {
        std::atomic<int> calls{0};
        auto listener = std::make_shared<Collector>();
        auto worker = hire(
            "", [&](const Context&) { calls.fetch_add(1); }, withOvertime(0),
            withGossips(listener));
        auto [ctx, cancel] = withTimeout(Context::background(), 200ms);
        worker->work(ctx, 500);
        Stats s = worker->stats();
        QCOMPARE(calls.load(), 0);
        QCOMPARE(s.started, std::uint64_t(0));
        QVERIFY(s.canceled >= 90);
        QCOMPARE(s.ticks, s.canceled);
        QCOMPARE(listener->count(When::Canceled), s.canceled);
    }

    void peakConcurrencyEqualsOvertime() {
        // A 100 ms target with overtime 100 at 1000 rps really has 100 calls in flight.
        Concurrency c;
        // The run ends as soon as 100 calls ran at once and a tick met the full slots (or
        // after 30 s on a crawling machine).
        auto worker = hire("", sleeper(100ms, &c), withOvertime(100));
        auto [ctx, cancel] = withTimeout(Context::background(), 30s);
        std::atomic<bool> full{false};
        std::thread watcher([&c, &full, w = worker, stop = cancel, until = ctx] {
            full.store(pollUntil(
                           [&] {
                               return until.done() ||
                                      (c.peak.load() >= 100 && w->stats().canceled > 0);
                           },
                           40s) &&
                       !until.done());
            stop();
        });
        worker->work(ctx, 1000);
        watcher.join();
        QVERIFY2(full.load(), qPrintable(QStringLiteral("in 30 s the peak reached %1 of 100 calls "
                                                        "and %2 ticks met full slots")
                                             .arg(c.peak.load())
                                             .arg(worker->stats().canceled)));
        QCOMPARE(c.peak.load(), 100);
        Stats s = worker->stats();
        QVERIFY(s.canceled > 0);
        QCOMPARE(s.ticks, s.started + s.canceled);
    }

    void slowListenerDoesNotDeadlock() {
        // The listener's stream holds 8 events and it needs 1 ms for each: the calls wait
        // on it (back-pressure), Canceled are dropped and counted, and the run still ends.
        auto listener = std::make_shared<Collector>(std::chrono::microseconds(1000));
        auto worker = hire(
            "", [](const Context&) {}, withGossips(listener), withQueueCapacity(8),
            withOvertime(4));
        auto [ctx, cancel] = withTimeout(Context::background(), 300ms);
        auto t0 = Clock::now();
        worker->work(ctx, 2000);
        QVERIFY(Clock::now() - t0 < 10s);
        Stats s = worker->stats();
        QCOMPARE(s.ticks, s.started + s.canceled);
        QCOMPARE(listener->count(When::AfterTarget), s.completed);
        QCOMPARE(listener->count(When::Canceled) + s.canceledDropped, s.canceled);
        QVERIFY(s.canceled > 0);
    }

    void cancelMidRunReturnsPromptly() {
        Concurrency c;
        auto worker = hire("", sleeper(100ms, &c), withOvertime(50));
        auto [ctx, cancel] = withCancel(Context::background());
        std::atomic<bool> busy{false};
        std::atomic<TimePoint::rep> canceledAt{0};
        std::thread canceller([&, cancelFn = cancel] {
            // Cancel with 10 calls in flight (the run has no deadline: a crawling machine
            // gets 30 s to reach them, then the cancel comes anyway).
            busy.store(pollUntil([&] { return c.now.load() >= 10; }));
            canceledAt.store(Clock::now().time_since_epoch().count());
            cancelFn();
        });
        Error err = worker->work(ctx, 500);
        const TimePoint returned = Clock::now();
        canceller.join();
        QVERIFY2(busy.load(), "10 calls were never in flight at once (30 s)");
        QVERIFY(err.is(ErrCanceled));
        const Duration took = returned - TimePoint(TimePoint::duration(canceledAt.load()));
        QVERIFY2(took < 3s, qPrintable(QStringLiteral("work() returned %1 s after the cancel, "
                                                      "with calls in flight")
                                           .arg(seconds(took))));
        QCOMPARE(c.now.load(), 0);
        QCOMPARE(worker->stats().inFlight, std::uint64_t(0));
    }

    void stopBeatsSlowTargets() {
        // Targets that honour their context end as soon as the run is cancelled.
        auto worker = hire("", sleeper(10s), withOvertime(20));
        auto [ctx, cancel] = withTimeout(Context::background(), 200ms);
        auto t0 = Clock::now();
        worker->work(ctx, 100);
        QVERIFY(Clock::now() - t0 < 3s);
    }

    void gracefulStopLetsCallsFinish_data() {
        QTest::addColumn<bool>("graceful");
        QTest::addColumn<bool>("cancel");
        QTest::newRow("deadline, no grace: calls are cut") << false << false;
        QTest::newRow("deadline, grace: calls finish") << true << false;
        QTest::newRow("cancel, grace: calls are cut") << true << true;
    }
    void gracefulStopLetsCallsFinish() {
        QFETCH(bool, graceful);
        QFETCH(bool, cancel);
        std::atomic<int> cut{0};
        std::atomic<int> finished{0};
        std::atomic<int> started{0};
        auto target = [&](const Context& ctx) -> Outcome {
            started.fetch_add(1);
            if (ctx.waitFor(150ms)) {
                cut.fetch_add(1);
                return {{}, ctx.err()};
            }
            finished.fetch_add(1);
            return {};
        };
        auto worker = graceful ? hire("", target, withGracefulStop(5s)) : hire("", target);
        QCOMPARE(worker->config().gracefulStop, graceful ? Duration(5s) : Duration::zero());
        // The cancel row ends by its cancel alone, however slow the machine: its deadline is
        // far away.
        auto [ctx, stop] = withTimeout(Context::background(), cancel ? 60s : 300ms);
        std::atomic<bool> midRun{false};
        std::atomic<TimePoint::rep> canceledAt{0};
        std::thread canceller;
        if (cancel)
            canceller = std::thread([&, s = stop] {
                // Cancel once a call has finished and another is running (to be cut).
                midRun.store(pollUntil([&] {
                    return finished.load() >= 1 && started.load() > finished.load() + cut.load();
                }));
                canceledAt.store(Clock::now().time_since_epoch().count());
                s();
            });
        auto t0 = Clock::now();
        worker->work(ctx, 40);
        auto took = Clock::now() - t0;
        if (canceller.joinable())
            canceller.join();
        if (cancel) {
            QVERIFY2(midRun.load(), "no call finished while another ran (30 s)");
            took = Clock::now() - TimePoint(TimePoint::duration(canceledAt.load()));
        }
        QVERIFY2(took < 3s, qPrintable(QString::number(seconds(took))));
        QVERIFY(finished.load() >= 1);
        const Stats s = worker->stats();
        QCOMPARE(std::uint64_t(cut.load() + finished.load()), s.started);
        if (graceful && !cancel) {
            QCOMPARE(cut.load(), 0);
            QCOMPARE(s.canceledAtEnd, std::uint64_t(0));
        } else {
            // Calls caught by the end are cut: ended early if running, never started if
            // still queued (a starved machine may have all of them queued).
            QVERIFY(cut.load() + s.canceledAtEnd >= 1);
        }
    }

    // A call still running when the graceful stop after the deadline runs out is cut with
    // an error that says so (a cancel still: is(ErrCanceled), kind "canceled", which the
    // recorder counts as cut_at_grace), not "context canceled"; a stop's cut is a cancel.
    void callsCutAtTheGraceSaySo_data() {
        QTest::addColumn<Duration>("grace");
        QTest::addColumn<bool>("cancel");
        QTest::addColumn<QString>("message");
        QTest::newRow("grace of 150 ms ran out")
            << Duration(150ms) << false
            << QStringLiteral("cut: still running when the run's 150 ms graceful stop ended");
        QTest::newRow("grace of 1 s ran out")
            << Duration(1s) << false
            << QStringLiteral("cut: still running when the run's 1 s graceful stop ended");
        QTest::newRow("stopped") << Duration(5s) << true << QStringLiteral("context canceled");
    }
    void callsCutAtTheGraceSaySo() {
        QFETCH(Duration, grace);
        QFETCH(bool, cancel);
        QFETCH(QString, message);
        std::mutex mutex;
        std::vector<Error> errors;
        std::atomic<int> started{0};
        auto target = [&](const Context& ctx) -> Outcome {
            started.fetch_add(1);
            ctx.waitFor(20s);
            std::lock_guard lock(mutex);
            errors.push_back(ctx.err());
            return {{}, ctx.err()};
        };
        auto worker = hire("", target, withGracefulStop(grace));
        // The stopped row ends by its stop alone, before its (far) deadline.
        const Duration run = cancel ? Duration(60s) : Duration(200ms);
        auto [ctx, stop] = withTimeout(Context::background(), run);
        std::atomic<bool> calling{false};
        std::thread canceller;
        if (cancel)
            canceller = std::thread([&, s = stop] {
                calling.store(pollUntil([&] { return started.load() > 0; })); // one to cut
                s();
            });
        const TimePoint t0 = Clock::now();
        worker->work(ctx, 40);
        const Duration took = Clock::now() - t0;
        if (canceller.joinable())
            canceller.join();
        if (cancel)
            QVERIFY2(calling.load(), "no call started (30 s)");
        QVERIFY2(took < (cancel ? Duration(30s) : run) + grace + 3s,
                 qPrintable(QString::number(seconds(took))));
        std::lock_guard lock(mutex);
        QVERIFY(!errors.empty());
        for (const Error& e : errors) {
            QVERIFY(e.is(ErrCanceled));
            QCOMPARE(e.kind(), std::string("canceled"));
            QCOMPARE(QString::fromStdString(e.message()), message);
        }
    }

    void ticksEndAtTheDeadline_data() {
        QTest::addColumn<bool>("graceful");
        QTest::newRow("graceful stop: ticks due before the deadline all start") << true;
        QTest::newRow("no grace: ticks due before the deadline all counted, none past it") << false;
    }
    void ticksEndAtTheDeadline() {
        // At 50k/s a tick is due every 20 µs, while the scheduler looks about once a
        // millisecond: the ticks that fell due in its last sleep before the deadline are
        // dispatched (with a graceful stop) or Canceled (without one), and none is ever due at
        // or past the deadline.
        QFETCH(bool, graceful);
        constexpr double kRps = 50000;
        const auto period =
            std::chrono::duration_cast<Duration>(std::chrono::duration<double>(1.0 / kRps));
        auto listener = std::make_shared<Collector>();
        Target noop([](const Context&) {});
        auto worker = graceful ? hire("", noop, withGossips(listener), withGracefulStop(2s))
                               : hire("", noop, withGossips(listener));
        auto [ctx, cancel] = withTimeout(Context::background(), 300ms);
        const TimePoint deadline = *ctx.deadline();
        QVERIFY(worker->work(ctx, kRps).is(ErrDeadlineExceeded));
        TimePoint first = TimePoint::max();
        TimePoint last = TimePoint::min();
        std::uint64_t heard = 0;
        std::uint64_t bulk = 0;
        for (const Gossip& g : listener->all()) {
            if (g.afterTarget())
                continue;
            heard += g.ticks(); // a bulk cancel (never dispatched) stands for several ticks
            bulk += g.undispatched;
            first = std::min(first, g.intended);
            last = std::max(last, g.intended);
        }
        const Stats s = worker->stats();
        QCOMPARE(s.ticks, s.started + s.canceled);
        QCOMPARE(heard, s.ticks); // BeforeTarget + Canceled: one per tick
        QVERIFY(last < deadline);
        // Without a graceful stop the ticks due in the scheduler's last sleep are Canceled
        // (cut by the end) instead of started: the count is exact either way.
        // (overtime is not reached here: every Canceled tick is one cut by the end).
        QCOMPARE(s.canceled, s.canceledAtEnd);
        QCOMPARE(s.notDispatched, bulk); // every one of them in bulk, never one by one
        if (graceful)
            QCOMPARE(s.notDispatched, std::uint64_t(0));
        {
            // (the intended time of a bulk cancel is its first tick's)
            QVERIFY2(
                bulk > 0 || deadline - last <= 2 * period,
                qPrintable(
                    QStringLiteral("last tick %1 µs before the deadline")
                        .arg(std::chrono::duration<double, std::micro>(deadline - last).count())));
            // Every tick from the first to the deadline: ceil(R × span), give or take one.
            const double span = std::chrono::duration<double>(deadline - first).count();
            const auto expected = static_cast<std::int64_t>(std::ceil(kRps * span));
            QVERIFY2(
                std::abs(static_cast<std::int64_t>(s.ticks) - expected) <= 1,
                qPrintable(QStringLiteral("%1 ticks, %2 expected").arg(s.ticks).arg(expected)));
        }
    }

    // Shares of a distributed run: worker r of 3 takes the ticks i ≡ r (mod 3) of the
    // schedule, keeping their global numbers; together the shares tick it exactly once:
    // at 1000/s for 300 ms that is ticks 0 … 299, 100 each.
    void tickShareSplitsTheSchedule() {
        constexpr std::uint32_t kShares = 3;
        // One origin for all shares, as a distributed run gives them: their threads may
        // start late (TSan), the schedule does not move.
        const TimePoint origin = Clock::now();
        auto [ctx, cancel] = withDeadline(Context::background(), origin + 300ms);
        Target noop([](const Context&) {});
        std::vector<std::shared_ptr<Collector>> listeners;
        std::vector<WorkerPtr> workers;
        for (std::uint32_t r = 0; r < kShares; ++r) {
            listeners.push_back(std::make_shared<Collector>());
            workers.push_back(hire("share", noop, withGossips(listeners.back()),
                                   withGracefulStop(2s), withTickShare(r, kShares)));
            QCOMPARE(workers.back()->config().shareIndex, r);
            QCOMPARE(workers.back()->config().shareCount, kShares);
        }
        std::vector<std::thread> threads;
        for (auto& w : workers)
            threads.emplace_back(
                [&w, ctx = ctx, origin] { w->work(ctx, Rate::constant(1000), origin); });
        for (auto& t : threads)
            t.join();
        std::vector<int> seen(300, 0);
        for (std::uint32_t r = 0; r < kShares; ++r) {
            const Stats s = workers[r]->stats();
            QCOMPARE(s.ticks, std::uint64_t(100));
            for (const Gossip& g : listeners[r]->all()) {
                if (g.afterTarget())
                    continue;
                QCOMPARE(g.seq % kShares, std::uint64_t(r));
                QVERIFY2(g.seq < seen.size(), qPrintable(QString::number(g.seq)));
                ++seen[g.seq];
            }
        }
        for (std::size_t i = 0; i < seen.size(); ++i)
            QVERIFY2(seen[i] == 1,
                     qPrintable(QStringLiteral("tick %1 seen %2 times").arg(i).arg(seen[i])));
        // withTickShare(i, 0) is read as the whole schedule.
        QCOMPARE(hire("", noop, withTickShare(5, 0))->config().shareCount, std::uint32_t(1));
    }

    // work() with an origin: a Worker whose thread calls work() 50 ms after the schedule's
    // origin still ticks the whole schedule — ceil(R × (deadline − origin)) ticks, the late
    // ones at once, each with its intended time on the origin's grid.
    void workFromAnOriginTicksTheWholeSchedule() {
        auto listener = std::make_shared<Collector>();
        auto worker =
            hire("", Target([](const Context&) {}), withGossips(listener), withGracefulStop(2s));
        const TimePoint origin = Clock::now();
        auto [ctx, cancel] = withDeadline(Context::background(), origin + 300ms);
        // The thread that calls work() started 50 ms late: the lateness is under test.
        std::this_thread::sleep_for(50ms);
        QVERIFY(worker->work(ctx, Rate::constant(1000), origin).is(ErrDeadlineExceeded));
        QCOMPARE(worker->stats().ticks, std::uint64_t(300));
        TimePoint first = TimePoint::max();
        for (const Gossip& g : listener->all())
            if (!g.afterTarget())
                first = std::min(first, g.intended);
        QVERIFY(first == origin);
    }

    void worksAgainAfterARun() {
        auto listener = std::make_shared<Collector>();
        auto worker = hire(
            "again", [](const Context&) {}, withGossips(listener));
        for (int round = 0; round < 3; ++round) {
            auto [ctx, cancel] = withTimeout(Context::background(), 100ms);
            QVERIFY(worker->work(ctx, 200).is(ErrDeadlineExceeded));
            QVERIFY(!worker->config().busy);
            QVERIFY(worker->stats().ticks >= 15);
        }
        QCOMPARE(listener->stops(), 3);
        QCOMPARE(listener->runs().size(), std::size_t(3));
        QCOMPARE(listener->idents(), (std::vector<std::string>{"again", "again", "again"}));
    }

    // setRps mid-run changes the rate from then on. The run, 1 s at 100/s, is changed to
    // 2000/s once it has ticked 40 times (about 0.4 s in): it ticks 100/s until the change
    // and 2000/s of the time left after it, measured: the change's moment is waited for and
    // read, not slept to. A 500 ms sleep in another thread and 700 to 1150 ticks in all held
    // only while the sleep and the run kept to the clock. Measured (20 runs quiet, 20 beside
    // three busy loops on 2 cores): 40 to 42 ticks before, 0.980 to 1.001 of 2000/s of the
    // time left after; a rate left at 100/s would tick 0.05 of it.
    void liveRateChange() {
        auto worker = hire("", [](const Context&) {});
        QVERIFY(!worker->setRps(100)); // idle: accepted, does nothing
        QVERIFY(worker->setRps(0).is(ErrInvalidRps));
        const TimePoint start = Clock::now();
        auto [ctx, cancel] = withTimeout(Context::background(), 1s);
        const TimePoint deadline = *ctx.deadline();
        std::thread runner([w = worker, run = ctx] { w->work(run, 100); });
        const bool ticking = QTest::qWaitFor([&] { return worker->stats().ticks >= 40; }, 900);
        const std::uint64_t before = worker->stats().ticks;
        const TimePoint changed = Clock::now();
        const Error changeError = worker->setRps(2000);
        runner.join();
        QVERIFY2(
            ticking,
            qPrintable(QStringLiteral("%1 ticks in 0.9 s at 100/s").arg(worker->stats().ticks)));
        QVERIFY(!changeError);
        const double until = std::chrono::duration<double>(changed - start).count();
        const double left = std::chrono::duration<double>(deadline - changed).count();
        QVERIFY2(left >= 0.1, qPrintable(QStringLiteral("the change came %1 s before the end, "
                                                        "too late to measure the new rate")
                                             .arg(left)));
        // Until the change, 100/s.
        QVERIFY2(before <= std::uint64_t(std::ceil(100 * until)) + 2,
                 qPrintable(
                     QStringLiteral("%1 ticks in the first %2 s at 100/s").arg(before).arg(until)));
        // After it, 2000/s of the time left: at least 0.85 of it (a stall of 90 ms at the
        // end on a busy machine), at most a tick or two more (the schedule's ceiling, a
        // 100/s tick between the count and the change).
        const std::uint64_t after = worker->stats().ticks - before;
        const double expected = 2000 * left;
        QVERIFY2(double(after) >= 0.85 * expected && double(after) <= expected + 4,
                 qPrintable(QStringLiteral("%1 ticks in the last %2 s after the change to "
                                           "2000/s (expected %3)")
                                .arg(after)
                                .arg(left)
                                .arg(expected)));
    }

    void rampProfile() {
        auto worker = hire("", [](const Context&) {});
        auto [ctx, cancel] = withTimeout(Context::background(), 1s);
        Rate rate = Rate::ramp(0, 1000, 1s); // ∫ = 500 ticks
        worker->work(ctx, rate);
        std::uint64_t ticks = worker->stats().ticks;
        QVERIFY2(ticks > 430 && ticks <= 502, qPrintable(QString::number(ticks)));
    }

    // Go's TestWorkerString: the ident, "judas" when empty.
    void stringIsTheIdent_data() {
        QTest::addColumn<QString>("ident");
        QTest::addColumn<QString>("want");
        QTest::newRow("no name") << QString() << QStringLiteral("judas");
        QTest::newRow("somebody") << QStringLiteral("somebody") << QStringLiteral("somebody");
    }
    void stringIsTheIdent() {
        QFETCH(QString, ident);
        QFETCH(QString, want);
        auto worker = hire(ident.toStdString(), nullptr);
        QCOMPARE(QString::fromStdString(worker->toString()), want);
        QCOMPARE(QString::fromStdString(worker->config().ident), want);
    }

    // Go's TestWithGossips: the listeners given, in order; none for an empty list.
    void withGossipsKeepsListeners_data() {
        QTest::addColumn<int>("count");
        QTest::newRow("single") << 1;
        QTest::newRow("multiple") << 3;
        QTest::newRow("empty") << 0;
    }
    void withGossipsKeepsListeners() {
        QFETCH(int, count);
        std::vector<std::shared_ptr<Gossiper>> listeners;
        for (int i = 0; i < count; ++i)
            listeners.push_back(std::make_shared<Collector>());
        auto worker = hire("", nullptr, withGossipList(listeners), withOvertime(42));
        QCOMPARE(worker->config().listeners, listeners);
        QCOMPARE(worker->config().overtime, std::int64_t(42)); // Go's TestWithOvertime
    }

    // Go's TestWorkerWorkSlow: a listener that reads two events and returns (Go's sentry),
    // one caller, every other call 100 ms: the run ends on time, stop() after listen().
    void listenerThatReturnsEarly() {
        struct Sentry final : Gossiper {
            std::atomic<bool> listened{false};
            std::atomic<bool> stoppedAfterListen{false};
            void listen(const Context&, Worker&, GossipStream& stream) override {
                Gossip g;
                stream.next(g);
                stream.next(g);
                listened.store(true);
            }
            void stop() override { stoppedAfterListen.store(listened.load()); }
        };
        auto sentry = std::make_shared<Sentry>();
        std::atomic<int> num{0};
        auto worker = hire(
            "",
            [&](const Context&) {
                if (num.fetch_add(1) % 2 == 1) // a slow call: its 100 ms are the test's load
                    std::this_thread::sleep_for(100ms);
                return std::string("done");
            },
            withGossips(sentry), withOvertime(1));
        auto [ctx, cancel] = withTimeout(Context::background(), 500ms);
        auto t0 = Clock::now();
        QVERIFY(worker->work(ctx, 20).is(ErrDeadlineExceeded));
        QVERIFY(Clock::now() - t0 < 3s);
        QVERIFY(sentry->stoppedAfterListen.load());
        const Stats s = worker->stats();
        QCOMPARE(s.ticks, s.started + s.canceled);
        QVERIFY(s.started >= 3);
        QVERIFY(s.canceled >= 1); // overtime 1 with 100 ms calls at 20/s
    }

    void throwingGossiperDoesNotWedge_data() {
        QTest::addColumn<bool>("inStop");
        QTest::newRow("stop throws") << true;
        QTest::newRow("listen throws") << false;
    }
    void throwingGossiperDoesNotWedge() {
        // A Gossiper that throws (in listen or in stop) is caught, counted and reported:
        // the run ends, the Worker is free, and it can work again.
        QFETCH(bool, inStop);
        struct Thrower final : Gossiper {
            bool inStop = true;
            std::atomic<int> stops{0};
            void listen(const Context&, Worker&, GossipStream& stream) override {
                if (!inStop)
                    throw std::runtime_error("listen kaput");
                Gossip g;
                while (stream.next(g)) {
                }
            }
            void stop() override {
                stops.fetch_add(1);
                if (inStop)
                    throw std::runtime_error("stop kaput");
            }
        };
        auto thrower = std::make_shared<Thrower>();
        thrower->inStop = inStop;
        auto healthy = std::make_shared<Collector>();
        auto worker = hire(
            "thrown", [](const Context&) {}, withGossips(thrower, healthy));
        const char* what = inStop ? "stop" : "listen";
        for (int round = 0; round < 2; ++round) {
            QTest::ignoreMessage(
                QtWarningMsg, qPrintable(QStringLiteral("pusher: worker \"thrown\": gossiper 0 %1 "
                                                        "threw: %1 kaput")
                                             .arg(QLatin1String(what))));
            auto [ctx, cancel] = withTimeout(Context::background(), 50ms);
            Error err;
            try {
                err = worker->work(ctx, 100);
            } catch (...) {
                QFAIL("work() let a Gossiper's exception out");
            }
            QVERIFY(err.is(ErrDeadlineExceeded));
            QVERIFY2(!worker->config().busy, "the Worker is free after a Gossiper threw");
            const Stats s = worker->stats();
            QCOMPARE(s.listenerFailures, std::uint64_t(1));
            QCOMPARE(s.listenerError.kind(), std::string("listener"));
            QCOMPARE(s.listenerError.message(),
                     std::string("gossiper 0 ") + what + " threw: " + what + " kaput");
        }
        QCOMPARE(thrower->stops.load(), 2);
        QCOMPARE(healthy->stops(), 2);
        QCOMPARE(healthy->runs().size(), std::size_t(2));
    }

    void rateSetWhileReservedAppliesToThatRun() {
        // setRps between validation and the run's start applies to the run that starts.
        auto worker = hire("", [](const Context&) {});
        Worker::Shift shift = worker->reserve(1.0);
        QVERIFY(shift.ok());
        QVERIFY(worker->config().busy);
        QVERIFY(!worker->setRps(1000));
        auto [ctx, cancel] = withTimeout(Context::background(), 200ms);
        QVERIFY(shift.work(ctx).is(ErrDeadlineExceeded));
        // 1/s would give one tick; 1000/s gives ~200.
        QVERIFY2(worker->stats().ticks > 50, qPrintable(QString::number(worker->stats().ticks)));
        QVERIFY(!worker->config().busy);
        QVERIFY(shift.work(ctx).is(ErrWorkerIsBusy)); // a Shift runs once
        // A Shift dropped without running frees the Worker.
        {
            Worker::Shift unused = worker->reserve(5.0);
            QVERIFY(worker->config().busy);
            QVERIFY(worker->reserve(5.0).error().is(ErrWorkerIsBusy));
        }
        QVERIFY(!worker->config().busy);
        // A closed-model run has no rate to change: that fails clearly.
        auto closed = hire(
            "", [](const Context&) {}, withOvertime(2));
        Worker::Shift closedShift = closed->reserve(Rate::max());
        QVERIFY(closed->setRps(10).is(ErrInvalidRps));
    }

    void rateSetRightAfterWorkStarts() {
        // The same through work(): setRps as soon as the Worker is busy (the Run is being
        // set up, listeners' streams allocated) applies to this run, never to the last one.
        const int rounds = scaled(50);
        std::vector<std::shared_ptr<Collector>> listeners;
        for (int i = 0; i < 16; ++i)
            listeners.push_back(std::make_shared<Collector>());
        auto worker = hire(
            "", [](const Context&) {}, withGossipList({listeners.begin(), listeners.end()}));
        int lost = 0; // the round that lost the rate (1-based)
        int missed = 0;
        for (int round = 0; round < rounds; ++round) {
            // Each round ends once its ticks show the new rate (20 ticks: 10 ms at 2000/s,
            // 20 s at 1/s), or after 10 s with the rate lost (at most 11 ticks at 1/s). It used to
            // end at a 50 ms deadline, and on a loaded machine the scheduler could sleep
            // through all of it after the change: the run then ended without a step that
            // applied it, counted one tick at 1/s, and the round read as lost (2 in 10 runs).
            auto [ctx, cancel] = withTimeout(Context::background(), 30s);
            std::atomic<bool> returned{false};
            std::thread runner([w = worker, c = ctx, &returned] {
                w->work(c, 1);
                returned.store(true);
            });
            // A starved machine may deschedule this thread for the whole run: then the run
            // ends unseen (and busy never reads true here); that round proves nothing.
            while (!worker->config().busy && !returned.load()) {
            }
            const bool seenBusy = !returned.load();
            const bool set = !worker->setRps(2000);
            const bool newRate = pollUntil([&] { return worker->stats().ticks >= 20; }, 10s);
            cancel();
            runner.join();
            if (!seenBusy) {
                ++missed;
                continue;
            }
            QVERIFY(set);
            if (!newRate) {
                lost = round + 1;
                break; // one is a failure: no need to spend 10 s on each of the others
            }
        }
        QVERIFY2(missed < rounds, "the test never saw a run in progress");
        QVERIFY2(lost == 0, qPrintable(QStringLiteral("round %1 of %2 kept the rate of 1/s (%3 "
                                                      "ticks in 10 s) after setRps(2000) as the "
                                                      "run began")
                                           .arg(lost)
                                           .arg(rounds)
                                           .arg(worker->stats().ticks)));
    }

    void queuedCallsEndWithTheRun_data() {
        QTest::addColumn<bool>("graceful");
        QTest::newRow("no grace") << false;
        QTest::newRow("graceful stop 100 ms") << true;
    }
    void queuedCallsEndWithTheRun() {
        // A 50 ms target that ignores its context, 4 threads, default overtime: at 1000/s
        // most calls wait in the queue. When the run ends they are Canceled (gossiped,
        // counted), never started: the run overshoots its end by about one call, not by the
        // whole queue (~180 calls / 4 threads × 50 ms = 2.3 s).
        QFETCH(bool, graceful);
        constexpr auto kCall = 50ms;
        constexpr auto kGrace = 100ms;
        constexpr auto kRun = 200ms;
        std::atomic<bool> returned{false};
        std::atomic<int> late{0};
        std::atomic<std::uint64_t> calls{0};
        auto target = [&](const Context&) {
            if (returned.load())
                late.fetch_add(1);
            calls.fetch_add(1);
            std::this_thread::sleep_for(kCall); // a call that ignores its context: under test
        };
        auto listener = std::make_shared<Collector>();
        auto worker = graceful ? hire("", target, withThreads(4), withGossips(listener),
                                      withGracefulStop(kGrace))
                               : hire("", target, withThreads(4), withGossips(listener));
        QCOMPARE(worker->config().threads, 4);
        auto [ctx, cancel] = withTimeout(Context::background(), kRun);
        const TimePoint deadline = *ctx.deadline();
        QVERIFY(worker->work(ctx, 1000).is(ErrDeadlineExceeded));
        const auto overshoot = Clock::now() - deadline;
        returned.store(true);
        const Stats s = worker->stats();
        qInfo("overshoot %.1f ms; ticks %llu, started %llu, canceled at the end %llu",
              std::chrono::duration<double, std::milli>(overshoot).count(),
              static_cast<unsigned long long>(s.ticks), static_cast<unsigned long long>(s.started),
              static_cast<unsigned long long>(s.canceledAtEnd));
        QCOMPARE(s.ticks, s.started + s.canceled);
        QCOMPARE(s.completed, s.started);
        QCOMPARE(s.queued, std::uint64_t(0));
        QCOMPARE(s.inFlight, std::uint64_t(0));
        QCOMPARE(s.started, calls.load());
        QVERIFY2(s.canceledAtEnd > 50, qPrintable(QString::number(s.canceledAtEnd)));
        QVERIFY(s.canceledAtEnd <= s.canceled);
        QCOMPARE(listener->count(When::BeforeTarget), s.started);
        QCOMPARE(listener->count(When::AfterTarget), s.completed);
        QCOMPARE(listener->count(When::Canceled) + s.canceledDropped, s.canceled);
        // One call (plus the grace) past the end; 1 s of slack for a starved machine.
        const auto bound = kCall + (graceful ? kGrace : 0ms) + 1s;
        QVERIFY2(overshoot < bound,
                 qPrintable(QString::number(
                     std::chrono::duration<double, std::milli>(overshoot).count())));
        worker.reset(); // waits for the pool: a late call would have started by now
        QCOMPARE(late.load(), 0);
        QCOMPARE(calls.load(), s.started);
    }

    void slowListenerEndIsBounded() {
        // A listener needing 1 ms per event with a 64-event stream: the calls wait on it
        // during the run (back-pressure) and the end waits for it to drain what is queued,
        // at most its capacity plus one event per blocked producer.
        constexpr std::size_t kCapacity = 64;
        auto listener = std::make_shared<Collector>(std::chrono::microseconds(1000));
        auto worker = hire(
            "", [](const Context&) {}, withGossips(listener), withQueueCapacity(kCapacity),
            withOvertime(4));
        auto [ctx, cancel] = withTimeout(Context::background(), 300ms);
        const TimePoint deadline = *ctx.deadline();
        worker->work(ctx, 2000);
        const auto overshoot = Clock::now() - deadline;
        qInfo("overshoot %.1f ms", std::chrono::duration<double, std::milli>(overshoot).count());
        const Stats s = worker->stats();
        QCOMPARE(s.ticks, s.started + s.canceled);
        QCOMPARE(listener->count(When::AfterTarget), s.completed);
        // (64 + 4) events × 1 ms, with room for a slow machine (sleep_for oversleeps).
        QVERIFY2(overshoot < 2s,
                 qPrintable(QString::number(
                     std::chrono::duration<double, std::milli>(overshoot).count())));
    }

    void throwingTargetIsAnError() {
        auto listener = std::make_shared<Collector>();
        auto worker = hire(
            "", [](const Context&) -> Outcome { throw std::runtime_error("kaput"); },
            withGossips(listener));
        auto [ctx, cancel] = withTimeout(Context::background(), 100ms);
        worker->work(ctx, 100);
        std::size_t afters = 0;
        for (const auto& g : listener->all()) {
            if (!g.afterTarget())
                continue;
            ++afters;
            QCOMPARE(g.error.kind(), std::string("exception"));
            QCOMPARE(g.error.message(), std::string("target threw: kaput"));
        }
        QVERIFY(afters > 0);
    }

    void targetReturnShapes() {
        auto listener = std::make_shared<Collector>();
        Error boom("boom");
        auto worker = hire(
            "",
            [&](const Context&) {
                return std::pair{std::string("body"), boom};
            },
            withGossips(listener));
        auto [ctx, cancel] = withTimeout(Context::background(), 50ms);
        worker->work(ctx, 100);
        bool seen = false;
        for (const auto& g : listener->all()) {
            if (!g.afterTarget())
                continue;
            seen = true;
            QCOMPARE(g.result.toString(), std::string("body"));
            QVERIFY(g.result.as<std::string>() != nullptr);
            QVERIFY(g.error.is(boom));
        }
        QVERIFY(seen);
    }
};

QTEST_GUILESS_MAIN(TestWorker)
#include "tst_worker.moc"
