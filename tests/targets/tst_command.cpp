#include "helpers.h"

#include <pusher/targets/command.h>

#include <QScopeGuard>
#include <QTest>

#include <map>

using namespace pusher;
using namespace testing;

class TestCommand : public QObject {
    Q_OBJECT
private slots:
    void exitCodes_data() {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("kind");
        QTest::newRow("true") << QStringLiteral("/bin/true") << QStringList() << QString();
        QTest::newRow("false") << QStringLiteral("/bin/false") << QStringList()
                               << QStringLiteral("exit_1");
        QTest::newRow("path lookup") << QStringLiteral("true") << QStringList() << QString();
        // No shell: the argument reaches sh as one word, and ';' is not a separator.
        QTest::newRow("exit 3") << QStringLiteral("/bin/sh")
                                << QStringList{QStringLiteral("-c"), QStringLiteral("exit 3")}
                                << QStringLiteral("exit_3");
        QTest::newRow("signal") << QStringLiteral("/bin/sh")
                                << QStringList{QStringLiteral("-c"),
                                               QStringLiteral("kill -TERM $$")}
                                << QStringLiteral("signal_15");
        QTest::newRow("missing") << QStringLiteral("/nonexistent/program") << QStringList()
                                 << QStringLiteral("spawn");
    }
    void exitCodes() {
        QFETCH(QString, program);
        QFETCH(QStringList, args);
        QFETCH(QString, kind);
        CommandOptions o;
        o.program = program;
        o.args = args;
        o.timeout = 5s;
        Gossip g = callOnce(makeCommandTarget(o));
        QCOMPARE(QString::fromStdString(g.error ? g.error.kind() : std::string()), kind);
        if (kind.isEmpty())
            QCOMPARE(g.result.toString(), std::string("0"));
    }

    // The message names the signal by number and name: it said "command: killed by Killed".
    void aSignalIsNamedByNumberAndName() {
        CommandOptions o;
        o.program = QStringLiteral("/bin/sh");
        o.args = QStringList{QStringLiteral("-c"), QStringLiteral("kill -KILL $$")};
        o.timeout = 5s;
        Gossip g = callOnce(makeCommandTarget(o));
        QCOMPARE(g.error.kind(), std::string("signal_9"));
        QCOMPARE(g.error.message(), std::string("command: killed by signal 9 (Killed)"));
    }

    void argumentsAreNotShellWords() {
        // test(1) gets exactly the words given: "a b" is one argument, equal to itself.
        CommandOptions o;
        o.program = QStringLiteral("/usr/bin/test");
        o.args = QStringList{QStringLiteral("a b"), QStringLiteral("="), QStringLiteral("a b")};
        QVERIFY(!callOnce(makeCommandTarget(o)).error);
        o.args = QStringList{QStringLiteral("a b"), QStringLiteral("="), QStringLiteral("a")};
        QCOMPARE(callOnce(makeCommandTarget(o)).error.kind(), std::string("exit_1"));
    }

    void timeoutKills() {
        CommandOptions o;
        o.program = QStringLiteral("/bin/sleep");
        o.args = QStringList{QStringLiteral("5")};
        o.timeout = 200ms;
        const auto t0 = Clock::now();
        Gossip g = callOnce(makeCommandTarget(o));
        const auto took = Clock::now() - t0;
        QCOMPARE(g.error.kind(), std::string("timeout"));
        QVERIFY(took >= 190ms);
        QVERIFY2(took < 2s,
                 qPrintable(QString::number(std::chrono::duration<double>(took).count())));
    }

    void invalid() {
        CommandOptions o;
        QVERIFY(o.validate().contains(QStringLiteral("no program")));
        QCOMPARE(callOnce(makeCommandTarget(o)).error.kind(), std::string("invalid"));
    }

    void workerCountsAddUp() {
        CommandOptions o;
        o.program = QStringLiteral("/bin/true");
        std::atomic<std::uint64_t> ok{0}, failed{0};
        auto worker = hire("cmd", makeCommandTarget(o), withOvertime(8));
        auto [ctx, cancel] = withTimeout(Context::background(), 500ms);
        QVERIFY(worker->work(ctx, 50).is(ErrDeadlineExceeded));
        Stats s = worker->stats();
        QCOMPARE(s.ticks, s.started + s.canceled);
        QCOMPARE(s.completed, s.started);
        QVERIFY(s.started >= 20);
    }

    void stopMidRunIsPrompt() {
        // Eight sleeps of 5 s in flight; canceling the run kills them at once.
        CommandOptions o;
        o.program = QStringLiteral("/bin/sleep");
        o.args = QStringList{QStringLiteral("5")};
        o.timeout = 60s;
        auto worker = hire("sleepy", makeCommandTarget(o), withOvertime(8));
        auto [ctx, cancel] = withCancel(Context::background());
        Error result;
        std::thread running([&worker, &result, c = ctx] { result = worker->work(c, 100); });
        const auto ended = qScopeGuard([&running, c = cancel] { // also when a check fails
            c();
            if (running.joinable())
                running.join();
        });
        QTRY_VERIFY_WITH_TIMEOUT(worker->stats().started >= 8, 10000); // all eight in flight
        const auto t0 = Clock::now();
        cancel();
        running.join();
        QVERIFY(result.is(ErrCanceled));
        QVERIFY(Clock::now() - t0 < 1700ms);
        Stats s = worker->stats();
        QCOMPARE(s.started, std::uint64_t(8));
        QCOMPARE(s.completed, s.started);
    }
};

QTEST_GUILESS_MAIN(TestCommand)
#include "tst_command.moc"
