#include <pusher/stream.h>

#include "helpers.h"

#include <QTest>

#include <atomic>
#include <thread>

using namespace pusher;
using namespace std::chrono_literals;

namespace {
Gossip tick(std::uint64_t seq, When when = When::BeforeTarget) {
    Gossip g;
    g.seq = seq;
    g.when = when;
    return g;
}
} // namespace

class TestStream : public QObject {
    Q_OBJECT
private slots:
    void deliversInOrderThenEnds() {
        GossipStream s(16);
        for (std::uint64_t i = 0; i < 10; ++i)
            s.push(tick(i));
        s.close();
        Gossip g;
        for (std::uint64_t i = 0; i < 10; ++i) {
            QVERIFY(s.next(g));
            QCOMPARE(g.seq, i);
        }
        QVERIFY(!s.next(g));
        QVERIFY(!s.next(g));
    }

    void tryPushDropsWhenFullAndCounts() {
        GossipStream s(4);
        for (std::uint64_t i = 0; i < 4; ++i)
            QVERIFY(s.tryPush(tick(i, When::Canceled)));
        QVERIFY(!s.tryPush(tick(4, When::Canceled)));
        QVERIFY(!s.tryPush(tick(5, When::Canceled)));
        QCOMPARE(s.dropped(), std::uint64_t(2));
        s.close();
        Gossip g;
        int n = 0;
        while (s.next(g))
            ++n;
        QCOMPARE(n, 4);
    }

    void pushWaitsForTheConsumer() {
        GossipStream s(2);
        s.push(tick(0));
        s.push(tick(1));
        std::atomic<bool> pushed{false};
        std::atomic<pid_t> tid{0};
        std::thread producer([&] {
            tid.store(testing::threadId());
            s.push(tick(2)); // full: blocks until the consumer takes a batch
            pushed.store(true);
        });
        // The producer is seen asleep in push() (or gone, if push() did not wait) ...
        testing::pollUntil([&] { return tid.load() != 0; });
        const testing::Blocked seen = testing::waitBlocked(tid.load());
        // ... and stays there for 50 ms: this window is under test (a push() that waited
        // with a timeout and then went on would return within it).
        if (seen == testing::Blocked::InFutex)
            std::this_thread::sleep_for(50ms);
        const bool pushedEarly = pushed.load();
        Gossip g;
        const bool took = s.next(g);
        producer.join();
        QVERIFY2(!pushedEarly, "push() into a full stream returned while nobody consumed");
        QVERIFY2(seen == testing::Blocked::InFutex,
                 "the producer never blocked in push() into a full stream (30 s)");
        QVERIFY(took);
        QVERIFY(pushed.load());
        s.close();
        std::vector<std::uint64_t> seqs{g.seq};
        while (s.next(g))
            seqs.push_back(g.seq);
        QCOMPARE(seqs, (std::vector<std::uint64_t>{0, 1, 2}));
    }

    void abandonUnblocksProducers() {
        GossipStream s(1);
        s.push(tick(0));
        std::atomic<pid_t> tid{0};
        std::thread producer([&] {
            tid.store(testing::threadId());
            s.push(tick(1)); // full: blocks until abandon()
        });
        // Abandon once the producer waits in push(), not before it got there.
        testing::pollUntil([&] { return tid.load() != 0; });
        const testing::Blocked seen = testing::waitBlocked(tid.load());
        s.abandon();
        producer.join(); // returns: the listener left, nothing blocks any more
        QVERIFY2(seen == testing::Blocked::InFutex,
                 "the producer never blocked in push() into a full stream (30 s)");
        s.push(tick(2));
        QVERIFY(true);
    }

    void manyProducersLoseNothingReliable() {
        GossipStream s(64);
        constexpr int kProducers = 4;
        constexpr int kEach = 20000;
        std::vector<std::thread> producers;
        for (int p = 0; p < kProducers; ++p)
            producers.emplace_back([&s, p] {
                for (int i = 0; i < kEach; ++i)
                    s.push(tick(static_cast<std::uint64_t>(p) * kEach + i));
            });
        std::thread closer([&] {
            for (auto& t : producers)
                t.join();
            s.close();
        });
        std::vector<int> seen(kProducers * kEach, 0);
        Gossip g;
        while (s.next(g))
            seen[g.seq]++;
        closer.join();
        for (int v : seen)
            QCOMPARE(v, 1);
    }

    void steadyTrickleIsBatched() {
        // One event every ~100 µs for ~100 ms: a consumer woken per push would take about
        // a thousand batches; lingering gathers about a millisecond's worth each time.
        GossipStream s;
        constexpr int kEvents = 1000;
        std::thread producer([&s] {
            auto due = std::chrono::steady_clock::now();
            for (int i = 0; i < kEvents; ++i) {
                due += 100us;
                while (std::chrono::steady_clock::now() < due) {
                }
                s.push(tick(static_cast<std::uint64_t>(i)));
            }
            s.close();
        });
        int received = 0;
        Gossip g;
        while (s.next(g)) {
            QCOMPARE(g.seq, static_cast<std::uint64_t>(received));
            ++received;
        }
        producer.join();
        QCOMPARE(received, kEvents);
        QVERIFY2(s.batches() <= kEvents / 2, qPrintable(QString::number(s.batches())));
    }

    void lingeringConsumerWakesForAFillingStream() {
        // A small stream must not wait out the linger while producers block on it.
        GossipStream s(4);
        std::thread producer([&s] {
            for (int i = 0; i < 2000; ++i)
                s.push(tick(static_cast<std::uint64_t>(i)));
            s.close();
        });
        const auto t0 = std::chrono::steady_clock::now();
        int received = 0;
        Gossip g;
        while (s.next(g))
            ++received;
        producer.join();
        QCOMPARE(received, 2000);
        // 2000 events in batches of at most 4: ≥ 500 batches; lingering 1 ms each would
        // take ≥ 0.5 s.
        QVERIFY(std::chrono::steady_clock::now() - t0 < 400ms);
    }
};

QTEST_GUILESS_MAIN(TestStream)
#include "tst_stream.moc"
