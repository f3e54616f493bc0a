#include <pusher/scenario/scenario.h>

#include <QTest>

#include <cmath>

using namespace pusher;
using namespace std::chrono_literals;

namespace {

// ticksWithin counts the ticks a Schedule of `rate` makes due in [0, over].
std::uint64_t ticksWithin(const Rate& rate, Duration over) {
    const TimePoint start{};
    Schedule schedule(rate, start);
    std::uint64_t n = 0;
    while (schedule.dueOf(n) <= start + over && n < 10'000'000)
        ++n;
    return n;
}

RateSpec parseRate(const char* json) {
    const QByteArray text =
        QByteArray(R"({"version": 1, "duration": "10s", "workers": [{"ident": "w",
        "target": {"kind": "synthetic"}, "overtime": 4, "rate": )") +
        json + "}]}";
    const ScenarioParse p = Scenario::fromJson(text);
    if (!p.ok())
        qWarning() << p.problems.first().toString();
    return p.ok() ? p.scenario.workers.first().rate : RateSpec{};
}

} // namespace

class TestRateSpec : public QObject {
    Q_OBJECT
private slots:
    void ticks_data() {
        QTest::addColumn<QByteArray>("rate");
        QTest::addColumn<int>("durationMs");
        QTest::addColumn<double>("integral"); // ∫ rate dt over the duration
        QTest::newRow("constant") << QByteArray(R"({"rps": 100})") << 10000 << 1000.0;
        QTest::newRow("fractional") << QByteArray(R"({"rps": 0.5})") << 10000 << 5.0;
        QTest::newRow("ramp up") << QByteArray(R"({"from": 0, "to": 100})") << 10000 << 500.0;
        QTest::newRow("ramp down") << QByteArray(R"({"from": 200, "to": 0})") << 4000 << 400.0;
        QTest::newRow("ramp 10..1000")
            << QByteArray(R"({"from": 10, "to": 1000})") << 60000 << 30300.0;
        // 0→100 over 10 s (500), 100→1000 over 20 s (11000)
        QTest::newRow("stages") << QByteArray(R"({"stages": [{"duration": "10s", "rps": 100},
                                                              {"duration": "20s", "rps": 1000}]})")
                                << 30000 << 11500.0;
        // holds the last stage's rps beyond the stages: +5 s × 1000
        QTest::newRow("stages hold") << QByteArray(R"({"stages": [{"duration": "10s", "rps": 100},
                                                                  {"duration": "20s", "rps": 1000}]})")
                                     << 35000 << 16500.0;
        // from 10: 10→200 over 30 s (3150), 200 for 30 s (6000), 200→0 over 30 s (3000)
        QTest::newRow("stages from")
            << QByteArray(R"({"from": 10, "stages": [{"duration": "30s", "rps": 200},
                                        {"duration": "30s", "rps": 200}, {"duration": "30s", "rps": 0}]})")
            << 90000 << 12150.0;
        QTest::newRow("jump stage") << QByteArray(R"({"stages": [{"duration": "0s", "rps": 50},
                                                                 {"duration": "2s", "rps": 50}]})")
                                    << 2000 << 100.0;
    }
    void ticks() {
        QFETCH(QByteArray, rate);
        QFETCH(int, durationMs);
        QFETCH(double, integral);
        const Duration duration = std::chrono::milliseconds(durationMs);
        const RateSpec spec = parseRate(rate.constData());
        const Rate r = spec.toRate(duration);
        QVERIFY(!r.validate());
        // The engine's expected ticks: the integral plus the tick at the start.
        QVERIFY2(std::abs(r.expectedTicks(duration) - (integral + 1)) < 1e-6,
                 qPrintable(QString::number(r.expectedTicks(duration))));
        // The schedule makes exactly that many ticks due (±1 for the tick on the boundary).
        const auto n = static_cast<double>(ticksWithin(r, duration));
        QVERIFY2(std::abs(n - (integral + 1)) <= 1.0, qPrintable(QString::number(n)));
    }

    void maxIsClosed() {
        const RateSpec spec = parseRate(R"({"max": true})");
        QCOMPARE(spec.mode, RateSpec::Mode::Max);
        QVERIFY(spec.toRate(10s).isMax());
        QCOMPARE(spec.peakRps(), 0.0);
    }

    void scaled() {
        const RateSpec spec =
            parseRate(R"({"from": 10, "stages": [{"duration": "1s", "rps": 100}]})");
        const RateSpec half = spec.scaled(0.5);
        QCOMPARE(half.from, 5.0);
        QCOMPARE(half.stages.first().rps, 50.0);
        QCOMPARE(half.stages.first().duration, spec.stages.first().duration);
        QCOMPARE(spec.peakRps(), 100.0);
        QCOMPARE(half.peakRps(), 50.0);
        QCOMPARE(spec.stagesDuration(), Duration(1s));
        QCOMPARE(parseRate(R"({"rps": 40})").scaled(2.5).toRate(1s).rpsAt(0s), 100.0);
    }

    void replicaIdents() {
        WorkerSpec w;
        w.ident = QStringLiteral("api");
        QCOMPARE(w.replicaIdents(), QStringList{QStringLiteral("api")});
        w.force = 3;
        QCOMPARE(w.replicaIdents(), (QStringList{QStringLiteral("api #1"), QStringLiteral("api #2"),
                                                 QStringLiteral("api #3")}));
    }
};

QTEST_GUILESS_MAIN(TestRateSpec)
#include "tst_ratespec.moc"
