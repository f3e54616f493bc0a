#include "helpers.h"
#include "timer_thread.h"

#include <QTest>

#include <deque>
#include <map>
#include <optional>

using namespace pusher;
using namespace testing;

class TestAsync : public QObject {
    Q_OBJECT
private slots:
    void timerDrivenTargetCountsAddUp() {
        TimerThread timer;
        Concurrency c;
        auto listener = std::make_shared<Collector>();
        auto target = Target::async([&](const Context&, Completion done) {
            c.enter();
            timer.after(20ms, [&c, done] {
                c.leave();
                done(std::string("ok"));
            });
        });
        QVERIFY(target.isAsync());
        auto worker = hire("async", target, withGossips(listener));
        auto [ctx, cancel] = withTimeout(Context::background(), 500ms);
        Error err = worker->work(ctx, 1000);
        QVERIFY(err.is(ErrDeadlineExceeded));
        Stats s = worker->stats();
        QCOMPARE(s.ticks, s.started + s.canceled);
        QCOMPARE(s.completed, s.started);
        QCOMPARE(c.now.load(), 0); // work returned after every call completed
        QVERIFY(s.ticks >= 450);
        QCOMPARE(listener->count(When::BeforeTarget), s.started);
        QCOMPARE(listener->count(When::AfterTarget), s.started);
        std::map<std::uint64_t, int> order;
        for (const auto& g : listener->all()) {
            if (g.beforeTarget()) {
                QCOMPARE(order[g.seq], 0);
                order[g.seq] = 1;
            } else if (g.afterTarget()) {
                QCOMPARE(order[g.seq], 1);
                order[g.seq] = 2;
                QVERIFY(g.serviceTime() >= std::chrono::milliseconds(19));
                QCOMPARE(g.result.toString(), std::string("ok"));
            }
        }
        // ~20 calls in flight at 1000 rps with a 20 ms completion
        QVERIFY(c.peak.load() >= 15);
    }

    void thousandsInFlightOnOneThread() {
        // 2000 calls of 300 ms at 10k rps, overtime 2000: all in flight at once on the
        // timer's one thread, no pool threads needed.
        TimerThread timer;
        Concurrency c;
        auto target = Target::async([&](const Context&, Completion done) {
            c.enter();
            timer.after(300ms, [&c, done] {
                c.leave();
                done(Result{});
            });
        });
        auto worker = hire("", target, withOvertime(2000));
        auto [ctx, cancel] = withTimeout(Context::background(), 400ms);
        worker->work(ctx, 10000);
        QCOMPARE(c.peak.load(), 2000);
        Stats s = worker->stats();
        QVERIFY(s.canceled > 0);
        QCOMPARE(s.ticks, s.started + s.canceled);
    }

    void overtimeAppliesToAsync() {
        TimerThread timer;
        Concurrency c;
        auto target = Target::async([&](const Context&, Completion done) {
            c.enter();
            timer.after(50ms, [&c, done] {
                c.leave();
                done(Result{});
            });
        });
        auto worker = hire("", target, withOvertime(3));
        auto [ctx, cancel] = withTimeout(Context::background(), 300ms);
        worker->work(ctx, 200);
        QVERIFY(c.peak.load() <= 3);
        QVERIFY(worker->stats().canceled > 20);
    }

    // A setRps that no scheduler step took before the deadline still sets the run's ticks:
    // those due from the change to the deadline are the new rate's, canceled in bulk (or,
    // with a graceful stop, dispatched in the final sweep). Here the first call holds the
    // scheduler's thread from just after setRps(1000) until past the deadline, as a thread
    // descheduled on a loaded machine would (an async start must not block: that is the
    // point). It counted the old rate's 10 ticks of the second; ~1000 now.
    void aRateNoStepTookStillSetsTheTicks_data() {
        QTest::addColumn<bool>("graceful");
        QTest::newRow("canceled in bulk") << false;
        QTest::newRow("swept within the graceful stop") << true;
    }

    void aRateNoStepTookStillSetsTheTicks() {
        QFETCH(bool, graceful);
        auto [ctx, cancel] = withTimeout(Context::background(), 1s);
        std::shared_ptr<Worker> worker;
        std::atomic<bool> first{true};
        Error set = ErrCanceled; // replaced by setRps's answer
        auto target = Target::async([&, c = ctx](const Context&, Completion done) {
            if (first.exchange(false)) {
                set = worker->setRps(1000);
                pollUntil([&] { return c.done(); }); // the scheduler held past the deadline
            }
            done(std::string("ok"));
        });
        worker = graceful ? hire("held", target, withGracefulStop(5s)) : hire("held", target);
        Error err = worker->work(ctx, 10);
        QVERIFY(err.is(ErrDeadlineExceeded));
        QVERIFY2(!set, set.message().c_str());
        const Stats s = worker->stats();
        QCOMPARE(s.ticks, s.started + s.canceled);
        QVERIFY2(s.ticks >= 900 && s.ticks <= 1010, qPrintable(QString::number(s.ticks)));
        if (graceful) {
            QCOMPARE(s.started, s.ticks); // every one dispatched in the sweep
        } else {
            QCOMPARE(s.started, std::uint64_t(1));
            QCOMPARE(s.notDispatched, s.ticks - 1);
        }
    }

    void droppedCompletionIsAnErrorNotAHang() {
        auto listener = std::make_shared<Collector>();
        auto target = Target::async([](const Context&, Completion) {}); // never completes
        auto worker = hire("", target, withGossips(listener));
        auto [ctx, cancel] = withTimeout(Context::background(), 100ms);
        auto t0 = Clock::now();
        worker->work(ctx, 100);
        QVERIFY(Clock::now() - t0 < 5s);
        std::size_t afters = 0;
        for (const auto& g : listener->all()) {
            if (!g.afterTarget())
                continue;
            ++afters;
            QCOMPARE(g.error.message(), std::string("completion dropped"));
        }
        QCOMPARE(afters, static_cast<std::size_t>(worker->stats().started));
    }

    void secondCompletionIsIgnored() {
        auto listener = std::make_shared<Collector>();
        auto target = Target::async([](const Context&, Completion done) {
            done(1);
            done(2);
        });
        auto worker = hire("", target, withGossips(listener));
        auto [ctx, cancel] = withTimeout(Context::background(), 100ms);
        worker->work(ctx, 100);
        QCOMPARE(listener->count(When::AfterTarget),
                 static_cast<std::size_t>(worker->stats().started));
        for (const auto& g : listener->all())
            if (g.afterTarget())
                QCOMPARE(g.result.toString(), std::string("1"));
    }

    void staleCompletionCopiesAreIgnored_data() {
        QTest::addColumn<bool>("closed");
        QTest::newRow("closed model (chained calls)") << true;
        QTest::newRow("open model") << false;
    }

    void staleCompletionCopiesAreIgnored() {
        // Call states are recycled once their last Completion copy is gone. A target that
        // keeps copies of completed calls and calls them again, while newer calls are in
        // flight, must not touch those: every call ends once, with its own outcome.
        QFETCH(bool, closed);
        const int total = scaled(20000);
        auto listener = std::make_shared<Collector>();
        auto [ctx, cancel] = withTimeout(Context::background(), 10s);
        std::mutex m;
        std::deque<Completion> held;
        std::atomic<int> starts{0};
        auto target = Target::async([&, cancel = cancel](const Context&, Completion done) {
            std::optional<Completion> stale;
            {
                std::lock_guard lock(m);
                held.push_back(done);
                if (held.size() > 32) {
                    stale.emplace(held.front());
                    held.pop_front();
                }
            }
            if (stale)
                (*stale)(Result{}, Error("stale", "a stale copy completed a call"));
            done(std::string("ok"));
            if (starts.fetch_add(1) + 1 == total)
                cancel();
        });
        auto worker = hire("", target, withGossips(listener), withOvertime(4));
        if (closed)
            worker->work(ctx, Rate::max());
        else
            worker->work(ctx, 1000000);
        QVERIFY(starts.load() >= (closed ? total : 1000));
        // Completing the copies still held after the run changes nothing either.
        for (const Completion& copy : held)
            copy(Result{}, Error("stale", "completed after the run"));
        held.clear();

        const Stats s = worker->stats();
        QCOMPARE(s.completed, s.started);
        QCOMPARE(s.started, static_cast<std::uint64_t>(starts.load()));
        std::map<std::uint64_t, int> seen;
        std::size_t afters = 0;
        for (const auto& g : listener->all()) {
            if (g.beforeTarget()) {
                QCOMPARE(seen[g.seq], 0);
                seen[g.seq] = 1;
            } else if (g.afterTarget()) {
                QCOMPARE(seen[g.seq], 1);
                seen[g.seq] = 2;
                ++afters;
                QVERIFY2(!g.error, g.error.message().c_str());
                QCOMPARE(g.result.toString(), std::string("ok"));
            }
        }
        QCOMPARE(afters, static_cast<std::size_t>(s.started));
    }

    void inFlightCallsSeeTheirContextEnd() {
        // An async call that waits for its context: cancel completes it promptly.
        TimerThread timer;
        std::mutex m;
        std::vector<std::pair<Context, Completion>> pending;
        auto target = Target::async([&](const Context& ctx, Completion done) {
            ctx.onDone([done] { done(Result{}, ErrCanceled); });
        });
        auto worker = hire("", target, withOvertime(100));
        auto [ctx, cancel] = withTimeout(Context::background(), 200ms);
        auto t0 = Clock::now();
        worker->work(ctx, 200);
        QVERIFY(Clock::now() - t0 < 3s);
        QCOMPARE(worker->stats().inFlight, std::uint64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestAsync)
#include "tst_async.moc"
