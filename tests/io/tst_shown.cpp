// Text as a terminal shows it (pusher/io/shown.h): control characters escaped, newlines on one
// line, and widths in the columns a terminal gives a character.
#include <pusher/io/shown.h>

#include <QTest>

using namespace pusher;

class TestShown : public QObject {
    Q_OBJECT
private slots:
    void controlsAreEscaped() {
        QCOMPARE(terminalText(QStringLiteral("a\tb\r\x1b[2J\x7f\u0085\nz")),
                 QStringLiteral("a\\tb\\r\\x1b[2J\\x7f\\u0085\nz"));
        QCOMPARE(shownInLine(QStringLiteral("line\nbreak\t")), QStringLiteral("line\\nbreak\\t"));
        const QString plain = QStringLiteral("plain ü ログイン");
        QCOMPARE(terminalText(plain), plain);
    }

    void displayWidth_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("columns");
        QTest::newRow("ascii") << QStringLiteral("api/pay") << 7;
        QTest::newRow("latin") << QStringLiteral("über") << 4;
        QTest::newRow("combining acute") << QStringLiteral("e\u0301") << 1;
        QTest::newRow("katakana") << QStringLiteral("ログイン") << 8;
        QTest::newRow("hangul") << QStringLiteral("결제") << 4;
        QTest::newRow("ideographs, full-width") << QStringLiteral("支払い／カート") << 14;
        QTest::newRow("emoji outside the BMP") << QStringLiteral("cart 🛒") << 7;
        QTest::newRow("emoji joined") << QStringLiteral("👩\u200d💻") << 4;
        QTest::newRow("lone surrogate") << QString(QChar(0xd83d)) << 1;
        QTest::newRow("empty") << QString() << 0;
    }
    void displayWidth() {
        QFETCH(QString, text);
        QFETCH(int, columns);
        QCOMPARE(pusher::displayWidth(text), columns);
    }

    void paddedFillsColumnsNotCharacters() {
        QCOMPARE(padded(QStringLiteral("ログ"), -6), QStringLiteral("ログ  "));
        QCOMPARE(padded(QStringLiteral("ログ"), 6), QStringLiteral("  ログ"));
        QCOMPARE(padded(QStringLiteral("abc"), -2), QStringLiteral("abc")); // never cut
        QCOMPARE(padded(QStringLiteral("abc"), 5), QStringLiteral("  abc"));
    }

    void cutToWidthKeepsWholeCharacters() {
        QCOMPARE(cutToWidth(QStringLiteral("ログイン"), 5), QStringLiteral("ログ"));
        QCOMPARE(cutToWidth(QStringLiteral("ab🛒c"), 3), QStringLiteral("ab")); // not half a pair
        QCOMPARE(cutToWidth(QStringLiteral("ab🛒c"), 4), QStringLiteral("ab🛒"));
        QCOMPARE(cutToWidth(QStringLiteral("short"), 20), QStringLiteral("short"));
    }
};

QTEST_APPLESS_MAIN(TestShown)
#include "tst_shown.moc"
