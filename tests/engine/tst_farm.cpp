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

    void farmInvalidRps() {
        std::vector<WorkerPtr> workers{hire("a", [](const Context&) {}),
                                       hire("b", [](const Context&) {})};
        QVERIFY(farm(-42, 10s, workers).is(ErrInvalidRps));
    }

    void farmCanBeCanceled() {
        auto [ctx, cancel] = withCancel(Context::background());
        std::vector<WorkerPtr> workers{hire("a", sleeper(50ms)), hire("b", sleeper(50ms))};
        std::thread stopper([c = cancel] {
            std::this_thread::sleep_for(100ms);
            c();
        });
        auto t0 = Clock::now();
        Error err = farm(ctx, 100, 1h, workers);
        stopper.join();
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
