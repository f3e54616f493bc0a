#include <pusher/rate.h>

#include <QTest>

#include <cmath>

using namespace pusher;
using namespace std::chrono_literals;

namespace {
double secondsOf(TimePoint t, TimePoint start) {
    return std::chrono::duration<double>(t - start).count();
}
} // namespace

class TestRate : public QObject {
    Q_OBJECT
private slots:
    void validate_data() {
        QTest::addColumn<double>("start");
        QTest::addColumn<double>("stageRps");
        QTest::addColumn<QString>("error");
        QTest::newRow("ok") << 10.0 << 20.0 << QString();
        QTest::newRow("zero") << 0.0 << 0.0 << QStringLiteral("invalid rps: must be positive");
        QTest::newRow("negative") << -42.0 << 10.0
                                  << QStringLiteral("invalid rps: must be positive");
        QTest::newRow("nan") << std::nan("") << 10.0
                             << QStringLiteral("invalid rps: must be positive");
        QTest::newRow("large") << 1e10 << 1.0
                               << QStringLiteral("invalid rps: too large, resulting tick < 1ns");
        QTest::newRow("ramp from zero") << 0.0 << 100.0 << QString();
    }
    void validate() {
        QFETCH(double, start);
        QFETCH(double, stageRps);
        QFETCH(QString, error);
        Error err = Rate::stages(start, {{1s, stageRps}}).validate();
        QCOMPARE(QString::fromStdString(err.message()), error);
        if (err)
            QVERIFY(err.is(ErrInvalidRps));
    }

    void constantTicksAreExact() {
        TimePoint start = Clock::now();
        Schedule s(Rate::constant(1000), start);
        QCOMPARE(s.dueOf(0), start);
        QCOMPARE(s.dueOf(1) - start, Duration(1ms));
        QCOMPARE(s.dueOf(1000) - start, Duration(1s));
        // far indices do not drift: 1,000 rps for an hour
        QCOMPARE(s.dueOf(3'600'000) - start, Duration(1h));
    }

    void fractionalRate() {
        TimePoint start = Clock::now();
        Schedule s(Rate::constant(0.5), start);
        QCOMPARE(s.dueOf(1) - start, Duration(2s));
    }

    void rampFollowsIntegral() {
        // 0 → 100 rps over 10 s: ticks by t = 5 t², so tick 500 is due at t = 10 s.
        TimePoint start = Clock::now();
        Rate rate = Rate::ramp(0, 100, 10s);
        Schedule s(rate, start);
        QVERIFY(std::abs(secondsOf(s.dueOf(125), start) - 5.0) < 1e-6);
        QVERIFY(std::abs(secondsOf(s.dueOf(500), start) - 10.0) < 1e-6);
        // after the ramp the rate holds at 100
        QVERIFY(std::abs(secondsOf(s.dueOf(600), start) - 11.0) < 1e-6);
        QVERIFY(std::abs(rate.expectedTicks(10s) - 501.0) < 1e-9);
        QVERIFY(std::abs(rate.rpsAt(5s) - 50.0) < 1e-9);
    }

    void stagesRampDown() {
        // 100 rps, then down to 0 over 2 s (100 ticks), then 0 for good.
        TimePoint start = Clock::now();
        Rate rate = Rate::stages(100, {{1s, 100}, {2s, 0}});
        Schedule s(rate, start);
        QVERIFY(std::abs(secondsOf(s.dueOf(100), start) - 1.0) < 1e-6);
        TimePoint last = s.dueOf(199);
        QVERIFY(secondsOf(last, start) < 3.0);
        QCOMPARE(s.dueOf(201), TimePoint::max());
        QVERIFY(std::abs(rate.expectedTicks(3s) - 201.0) < 1e-9);
    }

    void dueTimesIncrease() {
        TimePoint start = Clock::now();
        Schedule s(Rate::stages(10, {{1s, 5000}, {500ms, 5000}, {1s, 1}, {1s, 300}}), start);
        TimePoint prev = s.dueOf(0);
        for (std::uint64_t i = 1; i < 3000; ++i) {
            TimePoint t = s.dueOf(i);
            QVERIFY2(t >= prev, qPrintable(QStringLiteral("tick %1").arg(i)));
            prev = t;
        }
    }

    void setRpsNeverBursts() {
        TimePoint start = Clock::now();
        Schedule s(Rate::constant(1), start);
        // At t = 0.9 s (tick 0 done, tick 1 due at 1 s) the rate jumps to 1000 rps:
        // the next tick is due at once, not 900 ticks in the past.
        TimePoint now = start + 900ms;
        s.setRps(1000, 0, start, now);
        QVERIFY(s.dueOf(1) >= now);
        QVERIFY(s.dueOf(1) - now <= Duration(1ms));
        QCOMPARE(s.dueOf(11) - s.dueOf(1), Duration(10ms));
    }

    void setRpsLowerStretches() {
        TimePoint start = Clock::now();
        Schedule s(Rate::constant(1000), start);
        TimePoint lastDue = s.dueOf(10);
        s.setRps(10, 10, lastDue, start + 10ms);
        QCOMPARE(s.dueOf(11) - lastDue, Duration(100ms));
    }
};

QTEST_GUILESS_MAIN(TestRate)
#include "tst_rate.moc"
