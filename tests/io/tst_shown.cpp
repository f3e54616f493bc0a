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
        // What a terminal draws as one emoji is two columns, not the sum of its parts.
        QTest::newRow("emoji joined") << QStringLiteral("👩\u200d💻") << 2;
        QTest::newRow("ZWJ family")
            << QStringLiteral("\U0001F468\u200d\U0001F469\u200d\U0001F467") << 2;
        QTest::newRow("ZWJ family in a name")
            << QStringLiteral("a\U0001F468\u200d\U0001F469\u200d\U0001F467b") << 4;
        QTest::newRow("flag") << QStringLiteral("\U0001F1EF\U0001F1F5") << 2;
        QTest::newRow("two flags")
            << QStringLiteral("\U0001F1EF\U0001F1F5\U0001F1E9\U0001F1EA") << 4;
        QTest::newRow("lone regional indicator") << QStringLiteral("\U0001F1EF") << 1;
        QTest::newRow("three regional indicators")
            << QStringLiteral("\U0001F1EF\U0001F1F5\U0001F1E9") << 3;
        QTest::newRow("emoji + VS16") << QStringLiteral("\u2764\ufe0f") << 2;
        QTest::newRow("text heart") << QStringLiteral("\u2764") << 1;
        QTest::newRow("keycap") << QStringLiteral("1\ufe0f\u20e3") << 2;
        QTest::newRow("VS16 after a letter") << QStringLiteral("a\ufe0f") << 1;
        QTest::newRow("skin tone") << QStringLiteral("\U0001F44D\U0001F3FD") << 2;
        QTest::newRow("ZWJ, emoji + VS16") << QStringLiteral("\u2764\ufe0f\u200d\U0001F525") << 2;
        QTest::newRow("ZWJ between letters") << QStringLiteral("a\u200db") << 2;
        QTest::newRow("soft hyphen") << QStringLiteral("co\u00adop") << 5;
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
        QCOMPARE(cutToWidth(QStringLiteral("e\u0301x"), 1), QStringLiteral("e\u0301"));
    }

    // A character drawn as one glyph is cut whole or not at all: a ZWJ sequence cut after its
    // first emoji showed another one (👨 for the family), a flag cut in half a letter in a box,
    // an emoji cut before its VS16 or skin tone another form of it.
    void cutToWidthNeverCutsInsideACluster() {
        const QString family = QStringLiteral("\U0001F468\u200d\U0001F469\u200d\U0001F467");
        const QString flag = QStringLiteral("\U0001F1EF\U0001F1F5");
        const QString heart = QStringLiteral("\u2764\ufe0f");
        const QString thumb = QStringLiteral("\U0001F44D\U0001F3FD");
        for (const QString& glyph : {family, flag, heart, thumb}) {
            const QString text = QStringLiteral("ab") + glyph + QStringLiteral("cd");
            QCOMPARE(cutToWidth(text, 2), QStringLiteral("ab"));
            QCOMPARE(cutToWidth(text, 3), QStringLiteral("ab"));
            QCOMPARE(cutToWidth(text, 4), QStringLiteral("ab") + glyph);
            QCOMPARE(cutToWidth(text, 5), QStringLiteral("ab") + glyph + QLatin1Char('c'));
            QCOMPARE(pusher::displayWidth(text), 6);
            // padded counts it as the two columns it takes
            QCOMPARE(padded(glyph, -4), glyph + QStringLiteral("  "));
            QCOMPARE(padded(glyph, 3), QLatin1Char(' ') + glyph);
        }
        // Two flags: a cut between them, never inside either.
        const QString two = flag + QStringLiteral("\U0001F1E9\U0001F1EA");
        QCOMPARE(cutToWidth(two, 3), flag);
        QCOMPARE(cutToWidth(two, 1), QString());
        QCOMPARE(cutToWidth(QStringLiteral("co\u00adop"), 3), QStringLiteral("co\u00ad"));
    }
};

QTEST_APPLESS_MAIN(TestShown)
#include "tst_shown.moc"
