#include "helpers.h"
#include "timer_thread.h"

#include <QTest>

#include <fstream>
#include <string>
#include <thread>

using namespace pusher;
using namespace testing;

namespace {
// voluntarySwitches: how often the calling thread has blocked so far (from /proc).
long voluntarySwitches() {
    std::ifstream status("/proc/thread-self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("voluntary_ctxt_switches:", 0) == 0)
            return std::stol(line.substr(24));
    }
    return -1;
}
} // namespace

class TestClosed : public QObject {
    Q_OBJECT
private slots:
    void keepsOvertimeCallersBusy() {
        Concurrency c;
        auto worker = hire("", sleeper(10ms, &c), withOvertime(8));
        auto [ctx, cancel] = withTimeout(Context::background(), 500ms);
        Error err = worker->work(ctx, Rate::max());
        QVERIFY(err.is(ErrDeadlineExceeded));
        Stats s = worker->stats();
        QCOMPARE(s.canceled, std::uint64_t(0));
        QCOMPARE(s.ticks, s.started);
        QCOMPARE(c.peak.load(), 8);
        // 8 callers × 500 ms / 10 ms ≈ 400 calls; wide bounds for noisy machines.
        QVERIFY2(s.started > 150 && s.started < 500, qPrintable(QString::number(s.started)));
    }

    void noCallStartsAfterWorkReturns() {
        // Thousands of short closed-model runs: when work() returns, every call it started
        // has ended and been counted, and no runner starts another one later.
        const int rounds = scaled(3000);
        std::atomic<bool> between{false};
        std::atomic<int> late{0};
        std::atomic<std::uint64_t> calls{0};
        auto listener = std::make_shared<Counter>();
        auto worker = hire(
            "",
            [&](const Context&) {
                if (between.load(std::memory_order_relaxed))
                    late.fetch_add(1);
                calls.fetch_add(1, std::memory_order_relaxed);
            },
            withOvertime(6), withGossips(listener));
        std::uint64_t counted = 0;
        int mismatches = 0;
        for (int round = 0; round < rounds; ++round) {
            const std::uint64_t before = calls.load();
            between.store(false);
            auto [ctx, cancel] = withTimeout(Context::background(), 500us);
            QVERIFY(worker->work(ctx, Rate::max()).is(ErrDeadlineExceeded));
            between.store(true);
            const Stats s = worker->stats();
            const std::uint64_t made = calls.load() - before;
            const Counter::Counts heard = listener->last();
            if (s.started != made || s.completed != s.started || heard.before != s.started ||
                heard.after != s.started || s.ticks != s.started || s.inFlight != 0)
                ++mismatches;
            counted += s.started;
        }
        worker.reset(); // waits for the pool: a straggler has started its call by now
        QCOMPARE(late.load(), 0);
        QCOMPARE(mismatches, 0);
        QCOMPARE(calls.load(), counted);
    }

    void asyncClosedModel() {
        TimerThread timer;
        Concurrency c;
        auto target = Target::async([&](const Context&, Completion done) {
            c.enter();
            timer.after(5ms, [&c, done] {
                c.leave();
                done(Result{});
            });
        });
        auto worker = hire("", target, withOvertime(16));
        auto [ctx, cancel] = withTimeout(Context::background(), 300ms);
        worker->work(ctx, Rate::max());
        QCOMPARE(c.peak.load(), 16);
        QVERIFY(worker->stats().started > 200);
        QCOMPARE(worker->stats().canceled, std::uint64_t(0));
    }

    void schedulerSleepsWhileCallsChain() {
        // Calls chained on the thread that completes them keep every overtime slot full, so
        // the scheduler (the thread in work()) has nothing to do until the run ends: it sleeps
        // until then instead of waking each millisecond to look. Its voluntary context
        // switches count its wake-ups.
        TimerThread timer;
        std::atomic<int> started{0};
        auto target = Target::async([&](const Context&, Completion done) {
            started.fetch_add(1);
            timer.after(2ms, [done] { done(Result{}); });
        });
        auto worker = hire("", target, withOvertime(8));
        long wakeups = -1;
        Error err;
        std::thread scheduler([&] {
            const long before = voluntarySwitches();
            auto [ctx, cancel] = withTimeout(Context::background(), 600ms);
            err = worker->work(ctx, Rate::max());
            wakeups = voluntarySwitches() - before;
        });
        scheduler.join();
        QVERIFY(err.is(ErrDeadlineExceeded));
        QVERIFY2(started.load() > 100, qPrintable(QString::number(started.load())));
        QCOMPARE(worker->stats().canceled, std::uint64_t(0));
        // Waking every millisecond: ~600. Sleeping until a slot frees or the run ends: the
        // 50 ms safety net, the end and the last calls' wait, a few tens at most.
        qInfo("scheduler wake-ups: %ld", wakeups);
        QVERIFY2(wakeups >= 0 && wakeups < 150, qPrintable(QString::number(wakeups)));
    }

    void closedModelEndsPromptlyWhenCanceled() {
        // The scheduler sleeps while the slots are full; canceling the run wakes it at once.
        TimerThread timer;
        auto target = Target::async(
            [&](const Context&, Completion done) { timer.after(1ms, [done] { done(Result{}); }); });
        auto worker = hire("", target, withOvertime(4));
        auto [ctx, cancel] = withCancel(Context::background());
        timer.after(100ms, [c = cancel] { c(); });
        const auto t0 = Clock::now();
        const Error err = worker->work(ctx, Rate::max());
        const auto took = Clock::now() - t0;
        QVERIFY(err.is(ErrCanceled));
        QVERIFY2(took < 5s,
                 qPrintable(QString::number(
                     std::chrono::duration_cast<std::chrono::milliseconds>(took).count())));
        QVERIFY(worker->stats().started > 10);
        QCOMPARE(worker->stats().inFlight, std::uint64_t(0));
    }

    void closedModelNeedsBoundedOvertime() {
        auto worker = hire("", [](const Context&) {}); // default overtime 1,000,000
        Error err = worker->work(Context::background(), Rate::max());
        QVERIFY(err.is(ErrInvalidOvertime));
        QVERIFY(!worker->config().busy);
        auto zero = hire(
            "", [](const Context&) {}, withOvertime(0));
        QVERIFY(zero->work(Context::background(), Rate::max()).is(ErrInvalidOvertime));
    }
};

QTEST_GUILESS_MAIN(TestClosed)
#include "tst_closed.moc"
