#include "helpers.h"
#include "timer_thread.h"

#include <QTest>

using namespace pusher;
using namespace testing;

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
