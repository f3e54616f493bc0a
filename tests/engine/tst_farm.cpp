#include "helpers.h"

#include <QTest>

#include <set>

using namespace pusher;
using namespace testing;

class TestFarm : public QObject {
    Q_OBJECT
private slots:
    void workRunsForTheDuration() {
        std::atomic<int> calls{0};
        auto t0 = Clock::now();
        Error err = work(100, 300ms, [&](const Context&) { calls.fetch_add(1); });
        auto took = Clock::now() - t0;
        QVERIFY(err.is(ErrDeadlineExceeded));
        QVERIFY(took >= 290ms && took < 3s);
        QVERIFY(calls.load() >= 25);
        QVERIFY(work(-1, 300ms, [](const Context&) {}).is(ErrInvalidRps));
    }

    void farmRunsAllInParallel() {
        auto shared = std::make_shared<Collector>();
        auto a = std::make_shared<Collector>();
        // With a graceful stop every tick due before the deadline is dispatched, however
        // starved the schedulers (sanitizers on a busy machine).
        std::vector<WorkerPtr> workers{
            hire("#1", sleeper(20ms), withGossips(a, shared), withOvertime(10),
                 withGracefulStop(2s)),
            hire(
                "#2", [](const Context&) { return Error("fizz"); }, withGossips(shared),
                withOvertime(10), withGracefulStop(2s)),
            hire(
                "#3", [](const Context&) {}, withGossips(shared), withGracefulStop(2s)),
        };
        auto t0 = Clock::now();
        Error err = farm(100, 500ms, workers);
        QVERIFY(err.is(ErrDeadlineExceeded));
        QVERIFY(Clock::now() - t0 < 3s);
        for (const auto& w : workers) // 50 due; fewer only if a worker's thread started late
            QVERIFY2(w->stats().ticks >= 30, qPrintable(QString::number(w->stats().ticks)));
        QCOMPARE(shared->stops(), 3);
        auto idents = shared->idents();
        QCOMPARE(std::set<std::string>(idents.begin(), idents.end()),
                 (std::set<std::string>{"#1", "#2", "#3"}));
    }

    void farmFailureCancelsTheRest() {
        auto shared = std::make_shared<Collector>();
        std::vector<WorkerPtr> workers{
            hire("ok", sleeper(10ms), withGossips(shared)),
            hire("broken", nullptr, withGossips(shared)),
        };
        auto t0 = Clock::now();
        Error err = farm(100, 10s, workers);
        QVERIFY(err.is(ErrMissingTarget));
        QVERIFY2(Clock::now() - t0 < 3s, "the failure cancels every worker at once");
        QVERIFY(!workers[0]->config().busy);
    }

    void invalidWorkerMeansNoCall_data() {
        QTest::addColumn<QString>("broken");
        QTest::newRow("missing target") << QStringLiteral("target");
        QTest::newRow("negative overtime") << QStringLiteral("overtime");
        QTest::newRow("busy") << QStringLiteral("busy");
        QTest::newRow("null worker") << QStringLiteral("null");
    }
    void invalidWorkerMeansNoCall() {
        // Three healthy workers and one invalid one, 1,000 times: every worker is validated
        // before any starts, so the farm fails with the invalid one's error and no call is
        // made (Go's first tick comes one period after the start; ours at once).
        QFETCH(QString, broken);
        const int rounds = scaled(1000);
        std::atomic<int> calls{0};
        auto counting = [&](const Context&) { calls.fetch_add(1); };
        auto shared = std::make_shared<Collector>();
        auto busyWorker = hire("busy", counting);
        Worker::Shift holding = busyWorker->reserve(10.0); // busy for the whole test
        QVERIFY(holding.ok());
        for (int round = 0; round < rounds; ++round) {
            std::vector<WorkerPtr> workers{
                hire("#1", counting, withGossips(shared), withOvertime(10)),
                hire("#2", counting, withGossips(shared), withOvertime(10)),
                hire("#3", counting, withGossips(shared)),
            };
            if (broken == QLatin1String("target"))
                workers.push_back(hire("bad", nullptr, withGossips(shared)));
            else if (broken == QLatin1String("overtime"))
                workers.push_back(hire("bad", counting, withOvertime(-1)));
            else if (broken == QLatin1String("busy"))
                workers.push_back(busyWorker);
            else
                workers.push_back(nullptr);
            Error err = farm(10, 10s, workers);
            if (broken == QLatin1String("target") || broken == QLatin1String("null"))
                QVERIFY(err.is(ErrMissingTarget));
            else if (broken == QLatin1String("overtime"))
                QVERIFY(err.is(ErrInvalidOvertime));
            else
                QVERIFY(err.is(ErrWorkerIsBusy));
            for (int i = 0; i < 3; ++i)
                QVERIFY(!workers[i]->config().busy);
            if (calls.load() != 0)
                QFAIL(
                    qPrintable(QStringLiteral("round %1: %2 calls").arg(round).arg(calls.load())));
        }
        QCOMPARE(shared->count(When::BeforeTarget), std::size_t(0));
        QVERIFY(busyWorker->config().busy); // the farm left the other reservation alone
    }

    void forceWithAnInvalidRateMakesNoCall() {
        std::atomic<int> calls{0};
        auto run = force(-42, 1s, [&](const Context&) { calls.fetch_add(1); });
        QVERIFY(run(3).is(ErrInvalidRps));
        QCOMPARE(calls.load(), 0);
    }

    void emptyFarmIsNoError() {
        // Go's errgroup with nothing to wait for returns nil at once.
        auto t0 = Clock::now();
        QVERIFY(!farm(10, 10s, {}));
        QVERIFY(!force(10, 10s, [](const Context&) {})(0));
        QVERIFY2(Clock::now() - t0 < 1s, "an empty farm returns at once");
        Error negative = force(10, 10s, [](const Context&) {})(-1);
        QVERIFY(negative.is(ErrInvalidAmount));
        QVERIFY(!isContextError(negative));
        QCOMPARE(negative.message(), std::string("invalid amount: must be more or equal zero"));
    }

    void farmInvalidRps() {
        std::vector<WorkerPtr> workers{hire("a", [](const Context&) {}),
                                       hire("b", [](const Context&) {})};
        QVERIFY(farm(-42, 10s, workers).is(ErrInvalidRps));
    }

    void farmCanBeCanceled() {
        auto [ctx, cancel] = withCancel(Context::background());
        Concurrency a;
        Concurrency b;
        std::vector<WorkerPtr> workers{hire("a", sleeper(50ms, &a)), hire("b", sleeper(50ms, &b))};
        std::atomic<bool> bothCalling{false};
        std::thread stopper([c = cancel, &a, &b, &bothCalling] {
            // Cancel mid-run: once each Worker has a call in flight.
            bothCalling.store(pollUntil([&] { return a.now.load() > 0 && b.now.load() > 0; }));
            c();
        });
        auto t0 = Clock::now();
        Error err = farm(ctx, 100, 1h, workers);
        stopper.join();
        QVERIFY2(bothCalling.load(), "the two Workers never both had a call in flight (30 s)");
        QVERIFY(err.is(ErrCanceled));
        QVERIFY(Clock::now() - t0 < 3s);
    }

    void forceHiresNamedWorkers() {
        auto listener = std::make_shared<Collector>();
        auto run = force(
            50, 200ms, [](const Context&) {}, withGossips(listener), withOvertime(10));
        Error err = run(3);
        QVERIFY(err.is(ErrDeadlineExceeded));
        auto idents = listener->idents();
        QCOMPARE(std::set<std::string>(idents.begin(), idents.end()),
                 (std::set<std::string>{"force #0", "force #1", "force #2"}));
        QVERIFY(listener->count(When::AfterTarget) >= 3 * 8);
        auto failing = force(-42, 200ms, [](const Context&) {});
        QVERIFY(failing(3).is(ErrInvalidRps));
    }
};

QTEST_GUILESS_MAIN(TestFarm)
#include "tst_farm.moc"
