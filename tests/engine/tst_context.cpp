#include "helpers.h"

#include <QTest>

using namespace pusher;
using namespace std::chrono_literals;

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

    void cancelWakesWaiter() {
        auto [ctx, cancel] = withCancel(Context::background());
        std::thread t([c = cancel] {
            std::this_thread::sleep_for(20ms);
            c();
        });
        auto t0 = Clock::now();
        QVERIFY(ctx.waitFor(10s));
        QVERIFY(Clock::now() - t0 < 5s);
        t.join();
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
        for (int i = 0; i < 500 && ran.load() == 0; ++i)
            std::this_thread::sleep_for(10ms);
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
};

QTEST_GUILESS_MAIN(TestContext)
#include "tst_context.moc"
