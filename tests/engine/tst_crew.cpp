// Crew (many Workers on a few scheduler threads), the bounded end of an overloaded run
// (undispatched ticks canceled in bulk) and a halt that cuts the final sweep and the grace.
#include "helpers.h"

#include <QDir>
#include <QTest>

using namespace pusher;
using namespace testing;

namespace {

// TickCounter takes its events directly (Gossiper::direct): ticks by stage, bulk cancels.
class TickCounter final : public Gossiper {
public:
    void listen(const Context&, Worker&, GossipStream& stream) override {
        Gossip g;
        while (stream.next(g))
            hear(g);
    }
    void stop() override {}
    std::function<void(const Gossip&)> direct(Worker&) override {
        return [this](const Gossip& g) { hear(g); };
    }
    std::atomic<std::uint64_t> before{0};
    std::atomic<std::uint64_t> after{0};
    std::atomic<std::uint64_t> canceled{0};     // ticks
    std::atomic<std::uint64_t> bulkEvents{0};   // Canceled events with undispatched > 0
    std::atomic<std::uint64_t> undispatched{0}; // ticks in them

private:
    void hear(const Gossip& g) {
        switch (g.when) {
        case When::BeforeTarget:
            before.fetch_add(1);
            break;
        case When::AfterTarget:
            after.fetch_add(1);
            break;
        case When::Canceled:
            canceled.fetch_add(g.ticks());
            if (g.undispatched > 0) {
                bulkEvents.fetch_add(1);
                undispatched.fetch_add(g.undispatched);
            }
            break;
        }
    }
};

// An async target that completes at once, inside its start.
Target instant() {
    return Target::async([](const Context&, Completion done) { done(Result{}, Error{}); });
}

// An async target whose calls end only when their context ends.
Target untilCanceled() {
    return Target::async([](const Context& ctx, Completion done) {
        ctx.onDone([done] { done(Result{}, ErrCanceled); });
    });
}

int threadCount() {
    return static_cast<int>(QDir(QStringLiteral("/proc/self/task"))
                                .entryList(QDir::Dirs | QDir::NoDotAndDotDot)
                                .size());
}

std::uint64_t ceilTicks(double rps, Duration d) {
    return static_cast<std::uint64_t>(std::ceil(rps * std::chrono::duration<double>(d).count()));
}

} // namespace

class TestCrew : public QObject {
    Q_OBJECT
private slots:
    // A Worker asked for 10⁹ ticks per second cannot dispatch them: the run still ends by
    // its deadline + its graceful stop, the ticks it never dispatched are canceled in bulk
    // (one Canceled event, counted), and it has exactly ceil(R × D) ticks. Before: the final
    // sweep dispatched every tick it fell behind on, one by one, for minutes.
    void overloadedRunEndsByDeadlinePlusGrace_data() {
        QTest::addColumn<Duration>("grace");
        QTest::newRow("graceful stop 300 ms") << Duration(300ms);
        QTest::newRow("no graceful stop") << Duration::zero();
    }
    void overloadedRunEndsByDeadlinePlusGrace() {
        QFETCH(Duration, grace);
        constexpr double kRps = 1e9;
        const Duration duration = 200ms;
        auto counter = std::make_shared<TickCounter>();
        auto worker = hire("flood", instant(), withGossips(counter), withOvertime(100),
                           withGracefulStop(grace));
        const TimePoint t0 = Clock::now();
        auto [ctx, cancel] = withDeadline(Context::background(), t0 + duration);
        QVERIFY(worker->work(ctx, Rate::constant(kRps), t0).is(ErrDeadlineExceeded));
        const Duration took = Clock::now() - t0;
        const Stats s = worker->stats();
        qInfo("took %.0f ms; ticks %llu, started %llu, not dispatched %llu", seconds(took) * 1000,
              static_cast<unsigned long long>(s.ticks), static_cast<unsigned long long>(s.started),
              static_cast<unsigned long long>(s.notDispatched));
        QVERIFY2(took < duration + grace + 1s, qPrintable(QString::number(seconds(took))));
        QCOMPARE(s.ticks, ceilTicks(kRps, duration));
        QCOMPARE(s.ticks, s.started + s.canceled);
        QVERIFY(s.notDispatched > 0);
        QVERIFY(s.notDispatched <= s.canceledAtEnd);
        QCOMPARE(counter->bulkEvents.load(), std::uint64_t(1)); // in bulk, not one by one
        QCOMPARE(counter->undispatched.load(), s.notDispatched);
        QCOMPARE(counter->before.load(), s.started);
        QCOMPARE(counter->canceled.load() + s.canceledDropped, s.canceled);
    }

    // A halt cuts the final sweep of an overloaded Crew (past its deadline) and the graceful
    // stop of one whose calls are still running: the run ends at once, counts add up.
    void haltCutsTheSweepAndTheGrace_data() {
        QTest::addColumn<bool>("overloaded");
        QTest::newRow("in the final sweep") << true;
        QTest::newRow("in the graceful stop") << false;
    }
    void haltCutsTheSweepAndTheGrace() {
        QFETCH(bool, overloaded);
        const double rps = overloaded ? 1e9 : 100;
        const Duration duration = 200ms;
        auto counter = std::make_shared<TickCounter>();
        auto worker = hire("w", overloaded ? instant() : untilCanceled(), withGossips(counter),
                           withOvertime(100), withGracefulStop(30s));
        std::vector<Worker::Shift> shifts;
        shifts.push_back(worker->reserve(Rate::constant(rps)));
        auto [halt, stop] = withCancel(Context::background());
        Crew crew(std::move(shifts), halt);
        const TimePoint t0 = Clock::now();
        auto [ctx, cancel] = withDeadline(halt, t0 + duration);
        std::atomic<std::int64_t> haltedAt{0};
        std::atomic<bool> inPlace{false};
        std::thread stopper([&, stop = stop, until = ctx] {
            // Halt past the deadline, once the run is where the row says: in the final sweep
            // (ticks still dispatched, more than the main loop's last bursts of 4096, kBurst
            // in worker.cpp) or in the graceful stop (every tick dispatched, calls running).
            const bool past = pollUntil([&] { return until.done(); });
            const std::uint64_t atDeadline = worker->stats().ticks;
            inPlace.store(past && pollUntil([&] {
                              const Stats s = worker->stats();
                              return overloaded
                                         ? s.ticks > atDeadline + 2 * 4096
                                         : s.ticks == ceilTicks(rps, duration) && s.inFlight > 0;
                          }));
            haltedAt.store(Clock::now().time_since_epoch().count());
            stop();
        });
        Error err = crew.work(ctx, t0);
        const TimePoint end = Clock::now();
        stopper.join();
        QVERIFY2(inPlace.load(), overloaded ? "no final sweep seen past the deadline (30 s)"
                                            : "no graceful stop with calls running seen (30 s)");
        QVERIFY(err.is(ErrDeadlineExceeded));
        QVERIFY(!worker->config().busy);
        const TimePoint halted{Duration(haltedAt.load())};
        const Stats s = worker->stats();
        qInfo("ended %.0f ms after the halt; ticks %llu, started %llu, not dispatched %llu",
              seconds(end - halted) * 1000, static_cast<unsigned long long>(s.ticks),
              static_cast<unsigned long long>(s.started),
              static_cast<unsigned long long>(s.notDispatched));
        QVERIFY(end >= halted);
        QVERIFY2(end - halted < 1s, qPrintable(QString::number(seconds(end - halted))));
        QCOMPARE(s.ticks, ceilTicks(rps, duration));
        QCOMPARE(s.ticks, s.started + s.canceled);
        QCOMPARE(s.started, s.completed);
        QCOMPARE(counter->after.load(), s.completed);
        if (overloaded)
            QVERIFY(s.notDispatched > 0);
        else
            QCOMPARE(s.notDispatched, std::uint64_t(0));
    }

    // 10,000 Workers at 10/s for 1 s on a Crew: a handful of scheduler threads, exactly
    // ceil(R × D) ticks each, every one started (tick 0 of each due at the origin).
    void tenThousandWorkersOnAFewThreads() {
        constexpr int kWorkers = 10000;
        auto counter = std::make_shared<TickCounter>();
        const Target target = instant();
        std::vector<WorkerPtr> workers;
        std::vector<Worker::Shift> shifts;
        for (int i = 0; i < kWorkers; ++i) {
            workers.push_back(
                hire(std::to_string(i), target, withGossips(counter), withGracefulStop(2s)));
            shifts.push_back(workers.back()->reserve(Rate::constant(10)));
        }
        const int before = threadCount();
        Crew crew(std::move(shifts));
        QCOMPARE(crew.size(), std::size_t(kWorkers));
        QVERIFY(crew.threads() <= kMaxCrewThreads);
        std::atomic<int> peak{0};
        std::atomic<bool> done{false};
        std::thread sampler([&] {
            while (!done.load()) {
                peak.store(std::max(peak.load(), threadCount()));
                std::this_thread::sleep_for(10ms); // the sampler's period, not a wait
            }
        });
        const TimePoint origin = Clock::now();
        auto [ctx, cancel] = withDeadline(Context::background(), origin + 1s);
        QVERIFY(crew.work(ctx, origin).is(ErrDeadlineExceeded));
        done.store(true);
        sampler.join();
        qInfo("%d scheduler threads; peak %d threads in the process (%d before)", crew.threads(),
              peak.load(), before);
        QVERIFY2(peak.load() - before <= crew.threads() + 8, qPrintable(QString::number(peak)));
        std::uint64_t ticks = 0;
        for (const auto& w : workers) {
            const Stats s = w->stats();
            QCOMPARE(s.ticks, std::uint64_t(10));
            QCOMPARE(s.started, s.ticks);
            ticks += s.ticks;
            QVERIFY(!w->config().busy);
        }
        QCOMPARE(ticks, std::uint64_t(kWorkers) * 10);
        QCOMPARE(counter->before.load(), ticks);
        QCOMPARE(counter->after.load(), ticks);
    }

    // A Crew given a failed Shift runs nothing and frees every Worker.
    void aFailedShiftRunsNothing() {
        std::atomic<int> calls{0};
        auto good = hire("good", [&](const Context&) { calls.fetch_add(1); });
        auto idle = hire("idle", Target{});
        std::vector<Worker::Shift> shifts;
        shifts.push_back(good->reserve(100));
        shifts.push_back(idle->reserve(100));
        Crew crew(std::move(shifts));
        auto [ctx, cancel] = withTimeout(Context::background(), 100ms);
        QVERIFY(crew.work(ctx).is(ErrMissingTarget));
        QCOMPARE(calls.load(), 0);
        QVERIFY(!good->config().busy);
        QVERIFY(crew.work(ctx).is(ErrMissingTarget));
    }
};

QTEST_GUILESS_MAIN(TestCrew)
#include "tst_crew.moc"
