#include <pusher/scenario/duration.h>

#include <QRandomGenerator>
#include <QTest>

using namespace pusher;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(pusher::Duration)

class TestDuration : public QObject {
    Q_OBJECT
private slots:
    void parse_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<Duration>("expected");
        QTest::newRow("ms") << QStringLiteral("250ms") << Duration(250ms);
        QTest::newRow("s") << QStringLiteral("30s") << Duration(30s);
        QTest::newRow("m") << QStringLiteral("5m") << Duration(5min);
        QTest::newRow("h m") << QStringLiteral("1h30m") << Duration(90min);
        QTest::newRow("fraction") << QStringLiteral("1.5s") << Duration(1500ms);
        QTest::newRow("leading dot") << QStringLiteral(".5s") << Duration(500ms);
        QTest::newRow("trailing dot") << QStringLiteral("2.s") << Duration(2s);
        QTest::newRow("us") << QStringLiteral("20us") << Duration(20us);
        QTest::newRow("micro sign") << QStringLiteral("20\u00b5s") << Duration(20us);
        QTest::newRow("ns") << QStringLiteral("7ns") << Duration(7ns);
        QTest::newRow("mixed") << QStringLiteral("1h2m3s4ms5us6ns")
                               << Duration(1h + 2min + 3s + 4ms + 5us + 6ns);
        QTest::newRow("zero") << QStringLiteral("0") << Duration::zero();
        QTest::newRow("zero s") << QStringLiteral("0s") << Duration::zero();
        QTest::newRow("fraction of hour") << QStringLiteral("0.25h") << Duration(15min);
        QTest::newRow("rounds to ns") << QStringLiteral("1.0000000004s") << Duration(1s);
        QTest::newRow("long fraction")
            << QStringLiteral("0.1234567891234567891234s") << Duration(123456789ns);
    }
    void parse() {
        QFETCH(QString, text);
        QFETCH(Duration, expected);
        const auto got = parseDuration(text);
        QVERIFY2(got.has_value(), qPrintable(text));
        QCOMPARE(got->count(), expected.count());
    }

    void invalid_data() {
        QTest::addColumn<QString>("text");
        for (const char* t :
             {"", "30", "s", "-1s", "1x", "1 s", " 1s", "1s ", "1.2.3s", "1e3s", "1hh", "..s",
              "+1s", "1S", "9999999999999999999s", "3000000h", "1s-", "inf", "nan"})
            QTest::newRow(t[0] ? t : "empty") << QString::fromLatin1(t);
    }
    void invalid() {
        QFETCH(QString, text);
        QVERIFY2(!parseDuration(text).has_value(), qPrintable(text));
    }

    void format_data() {
        QTest::addColumn<Duration>("d");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << Duration::zero() << QStringLiteral("0s");
        QTest::newRow("ms") << Duration(250ms) << QStringLiteral("250ms");
        QTest::newRow("fraction ms") << Duration(1500us) << QStringLiteral("1.5ms");
        QTest::newRow("us") << Duration(20us) << QStringLiteral("20us");
        QTest::newRow("ns") << Duration(7ns) << QStringLiteral("7ns");
        QTest::newRow("s") << Duration(30s) << QStringLiteral("30s");
        QTest::newRow("1.5s") << Duration(1500ms) << QStringLiteral("1.5s");
        QTest::newRow("90s") << Duration(90s) << QStringLiteral("1m30s");
        QTest::newRow("1h30m") << Duration(90min) << QStringLiteral("1h30m");
        QTest::newRow("1h0m5s") << Duration(1h + 5s) << QStringLiteral("1h5s");
        QTest::newRow("odd") << Duration(1h + 1ns) << QStringLiteral("1h0.000000001s");
        QTest::newRow("720h") << Duration(720h) << QStringLiteral("720h");
    }
    void format() {
        QFETCH(Duration, d);
        QFETCH(QString, text);
        QCOMPARE(formatDuration(d), text);
        QCOMPARE(parseDuration(text)->count(), d.count());
    }

    void formatRoundTripsExactly() {
        // Any nanosecond count up to ~100 years reads back exactly from its canonical text.
        QRandomGenerator rng(42);
        for (int i = 0; i < 20000; ++i) {
            const int digits = static_cast<int>(rng.bounded(1, 19));
            std::int64_t max = 1;
            for (int k = 0; k < digits - 1; ++k)
                max *= 10;
            const auto ns = static_cast<std::int64_t>(rng.bounded(static_cast<quint64>(max) * 3));
            const Duration d = std::chrono::nanoseconds(ns);
            const QString text = formatDuration(d);
            const auto back = parseDuration(text);
            QVERIFY2(back.has_value(), qPrintable(text));
            QCOMPARE(back->count(), d.count());
        }
    }
};

QTEST_GUILESS_MAIN(TestDuration)
#include "tst_duration.moc"
