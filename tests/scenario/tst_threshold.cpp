#include <pusher/scenario/threshold.h>

#include <QTest>

#include <cmath>
#include <limits>

using namespace pusher;
using Metric = Threshold::Metric;
using Op = Threshold::Op;

Q_DECLARE_METATYPE(pusher::Threshold::Metric)
Q_DECLARE_METATYPE(pusher::Threshold::Op)

class TestThreshold : public QObject {
    Q_OBJECT
private slots:
    void parse_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("worker");
        QTest::addColumn<Metric>("metric");
        QTest::addColumn<Op>("op");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("p99") << QStringLiteral("p99 < 250ms") << QString() << Metric::P99
                             << Op::Less << 250.0 << QStringLiteral("p99 < 250ms");
        QTest::newRow("seconds") << QStringLiteral("p50<=1.5s") << QString() << Metric::P50
                                 << Op::LessEqual << 1500.0 << QStringLiteral("p50 <= 1.5s");
        QTest::newRow("us") << QStringLiteral("  p90   <   500us ") << QString() << Metric::P90
                            << Op::Less << 0.5 << QStringLiteral("p90 < 500us");
        QTest::newRow("p999") << QStringLiteral("p999 < 1s") << QString() << Metric::P999
                              << Op::Less << 1000.0 << QStringLiteral("p999 < 1s");
        QTest::newRow("max") << QStringLiteral("max < 2s") << QString() << Metric::Max << Op::Less
                             << 2000.0 << QStringLiteral("max < 2s");
        QTest::newRow("mean") << QStringLiteral("mean >= 1ms") << QString() << Metric::Mean
                              << Op::GreaterEqual << 1.0 << QStringLiteral("mean >= 1ms");
        QTest::newRow("error percent")
            << QStringLiteral("error_rate < 1%") << QString() << Metric::ErrorRate << Op::Less
            << 0.01 << QStringLiteral("error_rate < 1%");
        QTest::newRow("error fraction")
            << QStringLiteral("error_rate < 0.005") << QString() << Metric::ErrorRate << Op::Less
            << 0.005 << QStringLiteral("error_rate < 0.5%");
        QTest::newRow("canceled") << QStringLiteral("canceled_rate < 5 %") << QString()
                                  << Metric::CanceledRate << Op::Less << 0.05
                                  << QStringLiteral("canceled_rate < 5%");
        QTest::newRow("rps") << QStringLiteral("rps > 100") << QString() << Metric::Rps
                             << Op::Greater << 100.0 << QStringLiteral("rps > 100");
        QTest::newRow("worker") << QStringLiteral("api.p99 < 100ms") << QStringLiteral("api")
                                << Metric::P99 << Op::Less << 100.0
                                << QStringLiteral("api.p99 < 100ms");
        QTest::newRow("dotted worker")
            << QStringLiteral("api.v2.rps >= 9.5") << QStringLiteral("api.v2") << Metric::Rps
            << Op::GreaterEqual << 9.5 << QStringLiteral("api.v2.rps >= 9.5");
        QTest::newRow("replica") << QStringLiteral("api #2.error_rate <= 10%")
                                 << QStringLiteral("api #2") << Metric::ErrorRate << Op::LessEqual
                                 << 0.1 << QStringLiteral("api #2.error_rate <= 10%");
    }
    void parse() {
        QFETCH(QString, text);
        QFETCH(QString, worker);
        QFETCH(Metric, metric);
        QFETCH(Op, op);
        QFETCH(double, value);
        QFETCH(QString, canonical);
        QString error;
        const auto t = Threshold::parse(text, &error);
        QVERIFY2(t.has_value(), qPrintable(error));
        QCOMPARE(t->worker, worker);
        QCOMPARE(t->metric, metric);
        QCOMPARE(t->op, op);
        QVERIFY2(std::abs(t->value - value) < 1e-12, qPrintable(QString::number(t->value)));
        QCOMPARE(t->toString(), canonical);
        const auto again = Threshold::parse(t->toString());
        QVERIFY(again.has_value());
        QCOMPARE(again->toString(), canonical);
    }

    void invalid_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        const QString metrics =
            QStringLiteral("p50, p90, p99, p999, max, mean, error_rate, canceled_rate, rps");
        QTest::newRow("no op") << QStringLiteral("p99 250ms")
                               << QStringLiteral(
                                      "missing operator (<, <=, > or >=): expected "
                                      "\"[worker.]metric op value\", e.g. \"p99 < 250ms\"");
        // An emptied threshold said "missing operator": it lacks everything.
        QTest::newRow("empty") << QString()
                               << QStringLiteral(
                                      "empty: write a threshold such as \"p99 < 250ms\"");
        QTest::newRow("blank") << QStringLiteral("  ")
                               << QStringLiteral(
                                      "empty: write a threshold such as \"p99 < 250ms\"");
        QTest::newRow("equals") << QStringLiteral("p99 == 1s")
                                << QStringLiteral("unsupported operator (expected <, <=, > or >=)");
        QTest::newRow("two ops") << QStringLiteral("p99 < 1s < 2s")
                                 << QStringLiteral(
                                        "more than one operator: expected \"[worker.]metric op "
                                        "value\", e.g. \"p99 < 250ms\"");
        QTest::newRow("p95") << QStringLiteral("p95 < 1s")
                             << QStringLiteral("unknown metric \"p95\" (expected %1)").arg(metrics);
        QTest::newRow("no metric")
            << QStringLiteral("< 1s")
            << QStringLiteral(
                   "missing metric: expected \"[worker.]metric op value\", e.g. \"p99 < 250ms\"");
        QTest::newRow("no worker")
            << QStringLiteral(".p99 < 1s") << QStringLiteral("missing worker ident before \".\"");
        QTest::newRow("no value") << QStringLiteral("p99 <")
                                  << QStringLiteral("missing value after the operator");
        QTest::newRow("no unit")
            << QStringLiteral("p99 < 250")
            << QStringLiteral(
                   "invalid latency \"250\" (expected a duration with a unit, e.g. 250ms)");
        // The unit is there, a space before it (as the product brief writes "p99 < 200 ms"):
        // it said "expected a duration with a unit".
        QTest::newRow("spaced unit")
            << QStringLiteral("p99 < 200 ms")
            << QStringLiteral("invalid latency \"200 ms\" (write it without a space: 200ms)");
        QTest::newRow("spaced units")
            << QStringLiteral("max <= 1s 500ms")
            << QStringLiteral("invalid latency \"1s 500ms\" (write it without a space: 1s500ms)");
        QTest::newRow("ratio > 100%")
            << QStringLiteral("error_rate < 150%")
            << QStringLiteral("invalid ratio \"150%\" (expected a percentage from 0% to 100% or a "
                              "fraction from 0 to 1)");
        QTest::newRow("ratio > 1") << QStringLiteral("error_rate < 2")
                                   << QStringLiteral("invalid ratio \"2\" (expected a percentage "
                                                     "from 0% to 100% or a fraction from 0 to 1)");
        QTest::newRow("rps unit") << QStringLiteral("rps > 10/s")
                                  << QStringLiteral(
                                         "invalid rps \"10/s\" (expected a number, at least 0)");
        QTest::newRow("rps inf") << QStringLiteral("rps > inf")
                                 << QStringLiteral(
                                        "invalid rps \"inf\" (expected a number, at least 0)");
        QTest::newRow("rps negative")
            << QStringLiteral("rps > -1")
            << QStringLiteral("invalid rps \"-1\" (expected a number, at least 0)");
    }
    void invalid() {
        QFETCH(QString, text);
        QFETCH(QString, error);
        QString got;
        QVERIFY(!Threshold::parse(text, &got).has_value());
        QCOMPARE(got, error);
        QVERIFY(!Threshold::parse(text).has_value()); // no error pointer is fine too
    }

    void passes_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("observed");
        QTest::addColumn<bool>("passes");
        QTest::newRow("below") << QStringLiteral("p99 < 250ms") << 249.9 << true;
        QTest::newRow("equal strict") << QStringLiteral("p99 < 250ms") << 250.0 << false;
        QTest::newRow("equal inclusive") << QStringLiteral("p99 <= 250ms") << 250.0 << true;
        QTest::newRow("above") << QStringLiteral("p99 <= 250ms") << 250.1 << false;
        QTest::newRow("rps above") << QStringLiteral("rps > 100") << 100.5 << true;
        QTest::newRow("rps equal") << QStringLiteral("rps > 100") << 100.0 << false;
        QTest::newRow("rps ge equal") << QStringLiteral("rps >= 100") << 100.0 << true;
        QTest::newRow("ratio ok") << QStringLiteral("error_rate < 1%") << 0.0099 << true;
        QTest::newRow("ratio fail") << QStringLiteral("error_rate < 1%") << 0.02 << false;
        QTest::newRow("nan") << QStringLiteral("rps >= 0")
                             << std::numeric_limits<double>::quiet_NaN() << false;
    }
    void passes() {
        QFETCH(QString, text);
        QFETCH(double, observed);
        QFETCH(bool, passes);
        const auto t = Threshold::parse(text);
        QVERIFY(t.has_value());
        QCOMPARE(t->passes(observed), passes);
    }
};

QTEST_GUILESS_MAIN(TestThreshold)
#include "tst_threshold.moc"
