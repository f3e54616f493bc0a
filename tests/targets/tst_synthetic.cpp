#include "helpers.h"

#include <pusher/targets/synthetic.h>

#include <QScopeGuard>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>

using namespace pusher;
using namespace testing;
using Dist = SyntheticOptions::Distribution;

namespace {

double ms(Duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

// percentile of sorted samples, nearest rank.
double percentile(const std::vector<double>& sorted, double p) {
    const auto rank =
        static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size()))) - 1;
    return sorted[std::min(rank, sorted.size() - 1)];
}

// Counter counts AfterTarget gossip by error kind and keeps service times.
class Counter final : public Gossiper {
public:
    void listen(const Context&, Worker&, GossipStream& stream) override {
        Gossip g;
        while (stream.next(g)) {
            if (!g.afterTarget())
                continue;
            std::lock_guard lock(m_mutex);
            ++after;
            if (g.error)
                ++kinds[g.error.kind()];
            service.push_back(ms(g.serviceTime()));
        }
    }
    void stop() override {}
    std::mutex m_mutex;
    std::uint64_t after = 0;
    std::map<std::string, std::uint64_t> kinds;
    std::vector<double> service;
};

} // namespace

class TestSynthetic : public QObject {
    Q_OBJECT
private slots:
    void percentiles_data() {
        QTest::addColumn<int>("dist");
        QTest::addColumn<double>("a");
        QTest::addColumn<double>("b");
        QTest::addColumn<double>("p50");
        QTest::addColumn<double>("p99");
        QTest::addColumn<double>("p1");
        // Expected percentiles in ms, from the distributions' closed forms.
        QTest::newRow("fixed") << int(Dist::Fixed) << 7.0 << 0.0 << 7.0 << 7.0 << 7.0;
        QTest::newRow("uniform") << int(Dist::Uniform) << 10.0 << 30.0 << 20.0 << 29.8 << 10.2;
        QTest::newRow("normal") << int(Dist::Normal) << 50.0 << 5.0 << 50.0 << 50.0 + 5 * 2.3263
                                << 50.0 - 5 * 2.3263;
        QTest::newRow("lognormal")
            << int(Dist::LogNormal) << 10.0 << 80.0 << 10.0 << 80.0 << 10.0 * 10.0 / 80.0;
    }
    void percentiles() {
        QFETCH(int, dist);
        QFETCH(double, a);
        QFETCH(double, b);
        QFETCH(double, p50);
        QFETCH(double, p99);
        QFETCH(double, p1);
        SyntheticOptions o;
        o.distribution = static_cast<Dist>(dist);
        const auto d = [](double v) {
            return std::chrono::duration_cast<Duration>(
                std::chrono::duration<double, std::milli>(v));
        };
        o.fixed = d(a);
        o.min = d(a);
        o.max = d(b);
        o.mean = d(a);
        o.stddev = d(b);
        o.median = d(a);
        o.p99 = d(b);
        o.seed = 42;
        QVERIFY2(o.validate().isEmpty(), qPrintable(o.validate()));
        SyntheticSampler sampler(o);
        std::vector<double> samples;
        for (int i = 0; i < 200'000; ++i)
            samples.push_back(ms(sampler.latency()));
        std::sort(samples.begin(), samples.end());
        // 200k draws: the p50 and p99 estimates are within a few percent of the truth.
        QVERIFY2(std::abs(percentile(samples, 0.50) - p50) <= 0.02 * p50 + 0.01,
                 qPrintable(QString::number(percentile(samples, 0.5))));
        QVERIFY2(std::abs(percentile(samples, 0.99) - p99) <= 0.04 * p99 + 0.01,
                 qPrintable(QString::number(percentile(samples, 0.99))));
        QVERIFY2(std::abs(percentile(samples, 0.01) - p1) <= 0.05 * p1 + 0.01,
                 qPrintable(QString::number(percentile(samples, 0.01))));
        QVERIFY(samples.front() >= 0);
    }

    void seedRepeatsAndErrorRatio() {
        SyntheticOptions o;
        o.distribution = Dist::Uniform;
        o.errorRatio = 0.25;
        o.seed = 7;
        SyntheticSampler s1(o), s2(o);
        int fails = 0;
        for (int i = 0; i < 100'000; ++i) {
            QCOMPARE(s1.latency(), s2.latency());
            const bool f = s1.fails();
            QCOMPARE(f, s2.fails());
            fails += f ? 1 : 0;
        }
        QVERIFY2(std::abs(fails - 25'000) < 1'000, qPrintable(QString::number(fails)));
    }

    void invalidOptions_data() {
        QTest::addColumn<int>("dist");
        QTest::addColumn<double>("ratio");
        QTest::addColumn<QString>("why");
        QTest::newRow("ratio>1") << int(Dist::Fixed) << 1.5 << QStringLiteral("errorRatio");
        QTest::newRow("ratio nan")
            << int(Dist::Fixed) << std::nan("") << QStringLiteral("errorRatio");
        QTest::newRow("lognormal p99<median")
            << int(Dist::LogNormal) << 0.0 << QStringLiteral("log-normal");
        QTest::newRow("uniform max<min") << int(Dist::Uniform) << 0.0 << QStringLiteral("uniform");
    }
    void invalidOptions() {
        QFETCH(int, dist);
        QFETCH(double, ratio);
        QFETCH(QString, why);
        SyntheticOptions o;
        o.distribution = static_cast<Dist>(dist);
        o.errorRatio = ratio;
        o.min = 20ms;
        o.max = 10ms;
        o.median = 50ms;
        o.p99 = 10ms;
        QVERIFY(o.validate().contains(why));
        Gossip g = callOnce(makeSyntheticTarget(o));
        QCOMPARE(g.error.kind(), std::string("invalid"));
        QVERIFY(QString::fromStdString(g.error.message()).contains(why));
    }

    void workerCountsAndLatency() {
        SyntheticOptions o;
        o.distribution = Dist::Uniform;
        o.min = 20ms;
        o.max = 40ms;
        o.errorRatio = 0.1;
        auto counter = std::make_shared<Counter>();
        auto worker = hire("synthetic", makeSyntheticTarget(o), withGossips(counter));
        auto [ctx, cancel] = withTimeout(Context::background(), 600ms);
        QVERIFY(worker->work(ctx, 2000).is(ErrDeadlineExceeded));
        Stats s = worker->stats();
        QCOMPARE(s.ticks, s.started + s.canceled);
        QCOMPARE(s.completed, s.started);
        QCOMPARE(counter->after, s.started);
        QVERIFY(s.started >= 800);
        const auto synthetic = counter->kinds["synthetic"];
        QVERIFY2(synthetic > s.started / 20 && synthetic < s.started / 5,
                 qPrintable(QString::number(synthetic)));
        // Calls in flight when the run ended completed with the deadline, early.
        QVERIFY(counter->kinds[ErrDeadlineExceeded.kind()] > 0);
        std::sort(counter->service.begin(), counter->service.end());
        const double p50 = percentile(counter->service, 0.5);
        QVERIFY2(p50 >= 20 && p50 < 60, qPrintable(QString::number(p50)));
    }

    void tenThousandInFlight() {
        // Calls of 3 s at 40k rps for 450 ms: none can finish by itself before the run
        // ends, so every started call was in flight at once, on the target's one thread.
        SyntheticOptions o;
        o.fixed = 3s;
        auto counter = std::make_shared<Counter>();
        auto worker =
            hire("many", makeSyntheticTarget(o), withOvertime(30'000), withGossips(counter));
        auto [ctx, cancel] = withTimeout(Context::background(), 450ms);
        const auto t0 = Clock::now();
        worker->work(ctx, 40'000);
        const auto took = Clock::now() - t0;
        Stats s = worker->stats();
        QVERIFY2(s.started >= 10'000, qPrintable(QString::number(s.started)));
        QCOMPARE(s.completed, s.started);
        QCOMPARE(counter->after, s.started);
        QCOMPARE(counter->kinds[ErrDeadlineExceeded.kind()], s.started);
        // Stopping with every call in flight returns well before their 3 s latency (the
        // bound leaves room for draining 10k+ completions under ThreadSanitizer).
        QVERIFY2(took < 2s, qPrintable(QString::number(ms(took))));
    }

    void stopMidRunIsPrompt() {
        SyntheticOptions o;
        o.fixed = 30s;
        auto counter = std::make_shared<Counter>();
        auto worker = hire("slow", makeSyntheticTarget(o), withGossips(counter));
        auto [ctx, cancel] = withCancel(Context::background());
        Error result;
        std::thread running([&worker, &result, c = ctx] { result = worker->work(c, 100); });
        const auto ended = qScopeGuard([&running, c = cancel] { // also when a check fails
            c();
            if (running.joinable())
                running.join();
        });
        QTRY_VERIFY_WITH_TIMEOUT(worker->stats().started > 5, 10000); // calls in flight
        const auto t0 = Clock::now();
        cancel();
        running.join();
        QVERIFY(result.is(ErrCanceled));
        QVERIFY(Clock::now() - t0 < 1300ms);
        QCOMPARE(counter->kinds[ErrCanceled.kind()], counter->after);
        QVERIFY(counter->after > 5);
    }

    void lastCopyEndsTheThread() {
        // Destroying the target with calls in flight completes them instead of leaking.
        SyntheticOptions o;
        o.fixed = 1h;
        Target t = makeSyntheticTarget(o);
        auto worker = hire("drop", t, withOvertime(10));
        t = nullptr;
        auto [ctx, cancel] = withTimeout(Context::background(), 100ms);
        worker->work(ctx, 1000);
        QCOMPARE(worker->stats().completed, worker->stats().started);
        worker.reset(); // the last copy goes: the timer thread is joined here
    }
};

QTEST_GUILESS_MAIN(TestSynthetic)
#include "tst_synthetic.moc"
