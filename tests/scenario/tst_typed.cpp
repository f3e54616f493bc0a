// Typed text (pusher/scenario/typed.h): what the editor's boxes and cells, the app's Live
// Rates and pusher-cli read from a number, a ratio or a list a person typed.
#include <pusher/scenario/typed.h>

#include <QLocale>
#include <QScopeGuard>
#include <QTest>

using namespace pusher;

class TestTyped : public QObject {
    Q_OBJECT
private slots:
    void numbers_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("value");
        QTest::newRow("whole") << QStringLiteral("1500") << 1500.0;
        QTest::newRow("point") << QStringLiteral("1.5") << 1.5;
        QTest::newRow("spaces around") << QStringLiteral(" 12.25 ") << 12.25;
        QTest::newRow("negative") << QStringLiteral("-4") << -4.0;
        QTest::newRow("exponent") << QStringLiteral("1e3") << 1000.0;
        QTest::newRow("leading point") << QStringLiteral(".5") << 0.5;
        QTest::newRow("three decimals") << QStringLiteral("1.500") << 1.5;
        // A comma where it can only be the decimal point.
        QTest::newRow("decimal comma") << QStringLiteral("1,5") << 1.5;
        QTest::newRow("comma two digits") << QStringLiteral("0,05") << 0.05;
        QTest::newRow("comma four digits") << QStringLiteral("12,2500") << 12.25;
        QTest::newRow("zero comma three") << QStringLiteral("0,500") << 0.5;
        QTest::newRow("four digits comma three") << QStringLiteral("1500,250") << 1500.25;
    }
    void numbers() {
        QFETCH(QString, text);
        QFETCH(double, value);
        // The same in the C locale and in one with a decimal comma (German: "1.500" there is
        // fifteen hundred, "1,5" one and a half): files and the boxes write the C locale's.
        for (const QLocale& locale : {QLocale::c(), QLocale(QLocale::German, QLocale::Germany)}) {
            const QLocale before;
            QLocale::setDefault(locale);
            const auto back = qScopeGuard([&] { QLocale::setDefault(before); });
            QString why;
            const auto got = readNumber(text, &why);
            QVERIFY2(got.has_value(), qPrintable(locale.name() + u' ' + why));
            QCOMPARE(*got, value);
        }
    }

    void notNumbers_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("why");
        QTest::newRow("empty") << QString() << QStringLiteral("no number typed");
        QTest::newRow("word") << QStringLiteral("abc") << QStringLiteral("\"abc\" is not a number");
        QTest::newRow("inf") << QStringLiteral("inf") << QStringLiteral("\"inf\" is not a number");
        QTest::newRow("nan") << QStringLiteral("nan") << QStringLiteral("\"nan\" is not a number");
        QTest::newRow("percent") << QStringLiteral("5%")
                                 << QStringLiteral("\"5%\" is not a number");
        QTest::newRow("two points")
            << QStringLiteral("1.5.5") << QStringLiteral("\"1.5.5\" is not a number");
        QTest::newRow("thousands, C")
            << QStringLiteral("1,500")
            << QStringLiteral(
                   "\"1,500\" is ambiguous: a comma before three digits is a thousands separator "
                   "or a decimal comma (write 1500 or 1.5, no thousands separators)");
        QTest::newRow("thousands, 2,250")
            << QStringLiteral("-2,250")
            << QStringLiteral(
                   "\"-2,250\" is ambiguous: a comma before three digits is a thousands "
                   "separator or a decimal comma (write -2250 or -2.25, no thousands separators)");
        QTest::newRow("million")
            << QStringLiteral("1,000,000")
            << QStringLiteral("\"1,000,000\" is not a number (no thousands separators: write "
                              "1000000)");
        QTest::newRow("thousands and point")
            << QStringLiteral("1,000.5")
            << QStringLiteral("\"1,000.5\" is not a number (no thousands separators: write "
                              "1000.5)");
        QTest::newRow("decimal comma's thousands")
            << QStringLiteral("1.000,5")
            << QStringLiteral("\"1.000,5\" is not a number (no thousands separators: write "
                              "1000.5)");
        QTest::newRow("decimal comma's million")
            << QStringLiteral("1.000.000")
            << QStringLiteral("\"1.000.000\" is not a number (no thousands separators: write "
                              "1000000)");
    }
    void notNumbers() {
        QFETCH(QString, text);
        QFETCH(QString, why);
        for (const QLocale& locale : {QLocale::c(), QLocale(QLocale::German, QLocale::Germany)}) {
            const QLocale before;
            QLocale::setDefault(locale);
            const auto back = qScopeGuard([&] { QLocale::setDefault(before); });
            QString got;
            QVERIFY2(!readNumber(text, &got).has_value(), qPrintable(text));
            QCOMPARE(got, why);
        }
    }

    // A share as a threshold's error_rate takes it: a fraction or a percentage.
    void ratios_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("value");
        QTest::newRow("fraction") << QStringLiteral("0.05") << 0.05;
        QTest::newRow("fraction, comma") << QStringLiteral("0,05") << 0.05;
        QTest::newRow("percent") << QStringLiteral("5%") << 0.05;
        QTest::newRow("percent spaced") << QStringLiteral(" 5 % ") << 0.05;
        QTest::newRow("half a percent") << QStringLiteral("0.5%") << 0.005;
        QTest::newRow("half a percent, comma") << QStringLiteral("0,5%") << 0.005;
        QTest::newRow("all") << QStringLiteral("100%") << 1.0;
        QTest::newRow("out of range, said by the caller") << QStringLiteral("150%") << 1.5;
    }
    void ratios() {
        QFETCH(QString, text);
        QFETCH(double, value);
        QString why;
        const auto got = readRatio(text, &why);
        QVERIFY2(got.has_value(), qPrintable(why));
        QCOMPARE(*got, value);
    }
    void notRatios() {
        QString why;
        QVERIFY(!readRatio(u"abc%", &why));
        QCOMPARE(why, QStringLiteral("\"abc%\" is not a percentage (e.g. 5%, or 0.05)"));
        QVERIFY(!readRatio(u"%", &why));
        QCOMPARE(why, QStringLiteral("\"%\" is not a percentage (e.g. 5%, or 0.05)"));
        QVERIFY(!readRatio(u"five", &why));
        QCOMPARE(why, QStringLiteral("\"five\" is not a number"));
    }

    void lists() {
        const QStringList codes{QStringLiteral("200"), QStringLiteral("204")};
        QCOMPARE(splitList(u"200, 204"), codes);
        QCOMPARE(splitList(u"200 204"), codes);
        QCOMPARE(splitList(u"200,204"), codes);
        QCOMPARE(splitList(u" 200 ,, 204 "), codes);
        QCOMPARE(splitList(u"200\t204"), codes);
        QCOMPARE(splitList(u"gen1:2, gen2 gen3"),
                 (QStringList{QStringLiteral("gen1:2"), QStringLiteral("gen2"),
                              QStringLiteral("gen3")}));
        QVERIFY(splitList(u" , ").isEmpty());
    }

    void statuses() {
        for (const char16_t* text : {u"200, 204", u"200 204", u"200,204", u"  200  204  "}) {
            QString why;
            const auto got = readStatuses(text, &why);
            QVERIFY2(got, qPrintable(why));
            QCOMPARE(*got, (QList<int>{200, 204}));
        }
        QCOMPARE(readStatuses(u""), QList<int>());
        QString why;
        QVERIFY(!readStatuses(u"200 20x", &why));
        QCOMPARE(why, QStringLiteral("\"20x\" is not a status code (expected e.g. 200, 204)"));
    }
};

QTEST_GUILESS_MAIN(TestTyped)
#include "tst_typed.moc"
