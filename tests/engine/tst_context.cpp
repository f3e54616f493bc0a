#include "helpers.h"

#include <QTest>

#include <condition_variable>
#include <thread>

using namespace pusher;
using namespace std::chrono_literals;
using testing::Blocked;
using testing::heapInUse;
using testing::pollUntil;
using testing::scaled;
using testing::threadId;
using testing::waitBlocked;

class TestContext : public QObject {
    Q_OBJECT
private slots:
    void backgroundNeverEnds() {
        Context bg;
        QVERIFY(!bg.done());
        QVERIFY(!bg.err());
        QVERIFY(!bg.deadline());
        QVERIFY(!bg.waitFor(5ms));
    }

    void cancelEndsWithCanceled() {
        auto [ctx, cancel] = withCancel(Context::background());
        QVERIFY(!ctx.done());
        cancel();
        QVERIFY(ctx.done());
        QVERIFY(ctx.err().is(ErrCanceled));
        cancel(); // twice is fine
        QVERIFY(ctx.err().is(ErrCanceled));
    }

    // A cancel with a cause ends the Context and its children with that cause, still a
    // cancel; an empty cause is ErrCanceled.
    void cancelCauseIsTheReason() {
        auto [ctx, cancel] = withCancelCause(Context::background());
        auto [child, cancelChild] = withTimeout(ctx, 10s);
        cancel(ErrCanceled.saying("cut, for a reason"));
        QVERIFY(child.done());
        for (const Context& c : {ctx, child}) {
            QVERIFY(c.err().is(ErrCanceled));
            QCOMPARE(c.err().message(), std::string("cut, for a reason"));
        }
        cancel(ErrCanceled); // once only
        QCOMPARE(ctx.err().message(), std::string("cut, for a reason"));
        auto [plain, cancelPlain] = withCancelCause(Context::background());
        cancelPlain(Error{});
        QVERIFY(plain.err().is(ErrCanceled));
        QCOMPARE(plain.err().message(), ErrCanceled.message());
    }

    void deadlineEndsWithDeadlineExceeded() {
        auto [ctx, cancel] = withTimeout(Context::background(), 30ms);
        QVERIFY(ctx.deadline().has_value());
        auto t0 = Clock::now();
        QVERIFY(ctx.waitFor(5s));
        QVERIFY2(Clock::now() >= *ctx.deadline(), "not before the deadline");
        QVERIFY2(Clock::now() - t0 < 2s, "waitFor returns at the deadline");
        QVERIFY(ctx.err().is(ErrDeadlineExceeded));
        cancel(); // after the deadline: reason stays
        QVERIFY(ctx.err().is(ErrDeadlineExceeded));
    }

    void doneAtTakesTheCallersTime() {
        // doneAt judges the deadline by the time given, not by the clock.
        auto [ctx, cancel] = withTimeout(Context::background(), 1h);
        const TimePoint deadline = *ctx.deadline();
        QVERIFY(!ctx.doneAt(deadline - 1ns));
        QVERIFY(!ctx.done());
        QVERIFY(ctx.doneAt(deadline)); // and that ends it, as done() would have
        QVERIFY(ctx.done());
        QVERIFY(ctx.err().is(ErrDeadlineExceeded));
        auto [other, cancelOther] = withTimeout(Context::background(), 1h);
        cancelOther();
        QVERIFY(other.doneAt(TimePoint{})); // canceled: done whatever the time
        QVERIFY(!Context::background().doneAt(TimePoint::max()));
    }

    void callTimeIsTheBatchTimeOnlyWhereSet() {
        // An event loop publishes the time of the batch it handles: calls ending or starting
        // on its thread take it; other threads, and the loop once it cleared it, read the clock.
        const TimePoint batch = Clock::now() - 1h;
        setBatchTime(batch);
        QCOMPARE(callTime(), batch);
        TimePoint elsewhere{};
        std::thread other([&] { elsewhere = callTime(); });
        other.join();
        QVERIFY(elsewhere > batch + 30min);
        setBatchTime(TimePoint{});
        const TimePoint before = Clock::now();
        const TimePoint t = callTime();
        QVERIFY(t >= before && t <= Clock::now());
    }

    void cancelWakesWaiter() {
        auto [ctx, cancel] = withCancel(Context::background());
        const pid_t waiter = threadId();
        std::atomic<Blocked> seen{Blocked::Running};
        std::atomic<TimePoint::rep> canceledAt{0};
        std::thread t([c = cancel, waiter, &seen, &canceledAt] {
            // Cancel once the waiter sleeps in waitFor(), not before it got there.
            seen.store(waitBlocked(waiter));
            canceledAt.store(Clock::now().time_since_epoch().count());
            c();
        });
        const bool woken = ctx.waitFor(60s);
        const TimePoint wokeAt = Clock::now();
        t.join();
        QVERIFY2(seen.load() == Blocked::InFutex, "the waiter never slept in waitFor() (30 s)");
        QVERIFY2(woken, "waitFor() ran out its 60 s: the cancel did not wake it");
        const Duration late = wokeAt - TimePoint(TimePoint::duration(canceledAt.load()));
        QVERIFY2(late < 5s, qPrintable(QStringLiteral("woke %1 s after the cancel")
                                           .arg(std::chrono::duration<double>(late).count())));
    }

    void parentEndsChildren() {
        auto [parent, cancelParent] = withCancel(Context::background());
        auto [child, cancelChild] = withCancel(parent);
        auto [grandchild, cancelGrandchild] = withTimeout(child, 1h);
        cancelParent();
        QVERIFY(child.done());
        QVERIFY(grandchild.done());
        QVERIFY(grandchild.err().is(ErrCanceled));
    }

    void childEndingLeavesParent() {
        auto [parent, cancelParent] = withCancel(Context::background());
        auto [child, cancelChild] = withCancel(parent);
        cancelChild();
        QVERIFY(child.done());
        QVERIFY(!parent.done());
    }

    void childOfEndedParentIsEnded() {
        auto [parent, cancelParent] = withCancel(Context::background());
        cancelParent();
        auto [child, cancelChild] = withCancel(parent);
        QVERIFY(child.done());
        QVERIFY(child.err().is(ErrCanceled));
    }

    void childInheritsEarlierDeadline() {
        auto [parent, c1] = withTimeout(Context::background(), 20ms);
        auto [child, c2] = withTimeout(parent, 1h);
        QVERIFY(child.deadline() == parent.deadline());
        QVERIFY(child.waitFor(5s));
        QVERIFY(child.err().is(ErrDeadlineExceeded));
    }

    void hooksRunOnceOnDeadlineWithoutPolling() {
        std::atomic<int> ran{0};
        auto [ctx, cancel] = withTimeout(Context::background(), 20ms);
        ctx.onDone([&] { ran.fetch_add(1); });
        // Nobody polls ctx: the deadline timer must fire the hook.
        QVERIFY2(pollUntil([&] { return ran.load() != 0; }),
                 "the hook did not run in the 30 s after a 20 ms deadline");
        QCOMPARE(ran.load(), 1);
        cancel();
        QCOMPARE(ran.load(), 1);
        ctx.onDone([&] { ran.fetch_add(1); }); // already done: runs at once
        QCOMPARE(ran.load(), 2);
    }

    void removedHookDoesNotRun() {
        std::atomic<int> ran{0};
        auto [ctx, cancel] = withCancel(Context::background());
        auto id = ctx.onDone([&] { ran.fetch_add(1); });
        QVERIFY(id != 0);
        ctx.removeOnDone(id);
        cancel();
        QCOMPARE(ran.load(), 0);
    }

    void childRegistersWhileParentEnds() {
        // A parent canceled on another thread while children are being made from it: every
        // child ends, and (under ThreadSanitizer) the child's parent registration, written by
        // withDeadline and read by the parent's cancel, is not a data race.
        const int rounds = scaled(2000);
        for (int round = 0; round < rounds; ++round) {
            auto [parent, cancelParent] = withCancel(Context::background());
            std::thread canceller([c = cancelParent] { c(); });
            std::vector<std::pair<Context, CancelFunc>> children;
            for (int i = 0; i < 8; ++i)
                children.push_back(withTimeout(parent, 1h));
            canceller.join();
            for (const auto& [child, cancel] : children) {
                QVERIFY(child.done());
                QVERIFY(child.err().is(ErrCanceled));
            }
        }
    }

    void canceledContextsDoNotPileUp_data() {
        QTest::addColumn<bool>("cancel");
        QTest::addColumn<bool>("withParent");
        QTest::newRow("canceled early") << true << false;
        QTest::newRow("dropped without cancel") << false << false;
        QTest::newRow("children of a long-lived parent, canceled") << true << true;
        QTest::newRow("children of a long-lived parent, dropped") << false << true;
    }
    void canceledContextsDoNotPileUp() {
        // A million contexts with a 1 h timeout that end (or are dropped) at once: the
        // deadline timer and the parent forget them, and the memory returns.
        QFETCH(bool, cancel);
        QFETCH(bool, withParent);
        auto [parent, cancelParent] = withCancel(Context::background());
        const Context root = withParent ? parent : Context::background();
        auto once = [&] {
            auto [ctx, stop] = withTimeout(root, 1h);
            if (cancel)
                stop();
        };
        for (int i = 0; i < 1000; ++i) // warm up: the timer thread, allocator caches
            once();
        const std::size_t pending = detail::pendingDeadlines();
        const std::size_t heap = heapInUse();
        const int n = scaled(1'000'000);
        const auto t0 = Clock::now();
        for (int i = 0; i < n; ++i)
            once();
        const double took = std::chrono::duration<double>(Clock::now() - t0).count();
        const std::size_t grown = heapInUse() > heap ? heapInUse() - heap : 0;
        qInfo("%d contexts in %.2f s, heap grew by %zu bytes, %zu deadlines pending", n, took,
              grown, detail::pendingDeadlines());
        QCOMPARE(detail::pendingDeadlines(), pending);
        QVERIFY2(grown < 4u << 20, qPrintable(QString::number(grown)));
        cancelParent();
    }

    void blockingHookDelaysNoOtherDeadline() {
        // A's hook blocks (as an asynchronous call completing into a full stream would);
        // B's deadline still fires its hook on time. Nobody polls A or B.
        std::mutex mutex;
        std::condition_variable cv;
        bool release = false;
        bool aFinished = false;
        bool bRan = false;
        TimePoint bAt{};
        auto [a, cancelA] = withTimeout(Context::background(), 20ms);
        a.onDone([&] {
            std::unique_lock lock(mutex);
            cv.wait_for(lock, 10s, [&] { return release; });
            aFinished = true;
            cv.notify_all();
        });
        auto [b, cancelB] = withTimeout(Context::background(), 60ms);
        const TimePoint bDeadline = *b.deadline();
        b.onDone([&] {
            std::lock_guard lock(mutex);
            bAt = Clock::now();
            bRan = true;
            cv.notify_all();
        });
        std::unique_lock lock(mutex);
        const bool ran = cv.wait_for(lock, 3s, [&] { return bRan; });
        release = true;
        cv.notify_all();
        QVERIFY(cv.wait_for(lock, 20s, [&] { return aFinished; }));
        QVERIFY2(ran, "B's hook waited for A's blocking hook");
        QVERIFY(bAt >= bDeadline);
        QVERIFY2(bAt - bDeadline < 1s,
                 qPrintable(QString::number(
                     std::chrono::duration<double, std::milli>(bAt - bDeadline).count())));
    }

    void cancelRunsHooksOnTheCancellingThread() {
        auto [ctx, cancel] = withCancel(Context::background());
        std::thread::id ranOn;
        ctx.onDone([&] { ranOn = std::this_thread::get_id(); });
        cancel();
        QCOMPARE(ranOn, std::this_thread::get_id());
    }
};

QTEST_GUILESS_MAIN(TestContext)
#include "tst_context.moc"
