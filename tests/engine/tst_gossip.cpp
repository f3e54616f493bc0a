#include "helpers.h"

#include <QTest>

using namespace pusher;

struct Shout {
    std::string text;
    [[nodiscard]] std::string toString() const { return text; }
};

class TestGossip : public QObject {
    Q_OBJECT
private slots:
    // Go's TestGossipWhen: each stage answers its own predicate only.
    void when_data() {
        QTest::addColumn<int>("when");
        QTest::addColumn<bool>("canceled");
        QTest::addColumn<bool>("before");
        QTest::addColumn<bool>("after");
        QTest::addColumn<QString>("text");
        QTest::newRow("Canceled") << int(When::Canceled) << true << false << false
                                  << QStringLiteral("canceled");
        QTest::newRow("BeforeTarget")
            << int(When::BeforeTarget) << false << true << false << QStringLiteral("before-target");
        QTest::newRow("AfterTarget")
            << int(When::AfterTarget) << false << false << true << QStringLiteral("after-target");
        QTest::newRow("Unsupported") << 42 << false << false << false << QStringLiteral("unknown");
    }
    void when() {
        QFETCH(int, when);
        QFETCH(bool, canceled);
        QFETCH(bool, before);
        QFETCH(bool, after);
        QFETCH(QString, text);
        Gossip g;
        g.when = static_cast<When>(when);
        g.result = Shout{"x"};
        QCOMPARE(g.canceled(), canceled);
        QCOMPARE(g.beforeTarget(), before);
        QCOMPARE(g.afterTarget(), after);
        QCOMPARE(QString::fromUtf8(toString(g.when).data(), qsizetype(toString(g.when).size())),
                 text);
    }

    // Go's TestGossipString: "<nil>", "<empty>", or the Result's text.
    void string_data() {
        QTest::addColumn<int>("shape");
        QTest::addColumn<QString>("want");
        QTest::newRow("nil") << 0 << QStringLiteral("<nil>");
        QTest::newRow("empty") << 1 << QStringLiteral("<empty>");
        QTest::newRow("smoke") << 2 << QStringLiteral("useful");
        QTest::newRow("empty text is a Result") << 3 << QString();
        QTest::newRow("number") << 4 << QStringLiteral("42");
    }
    void string() {
        QFETCH(int, shape);
        QFETCH(QString, want);
        Gossip g;
        g.when = shape == 1 ? When::BeforeTarget : When::AfterTarget;
        if (shape == 2)
            g.result = Shout{"useful"};
        else if (shape == 3)
            g.result = std::string();
        else if (shape == 4)
            g.result = 42;
        const std::string got =
            shape == 0 ? toString(static_cast<const Gossip*>(nullptr)) : toString(&g);
        QCOMPARE(QString::fromStdString(got), want);
        if (shape != 0)
            QCOMPARE(g.toString(), got);
    }
};

QTEST_GUILESS_MAIN(TestGossip)
#include "tst_gossip.moc"
