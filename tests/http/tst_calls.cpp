// The HTTP clients' bookkeeping of calls in flight and of those waiting for a connection
// (core/http/src/calls.h, a private header reached directly): the orders it keeps, and that
// ending a call is constant time wherever it stands in the queue.
#include "calls.h"

#include <QElapsedTimer>
#include <QTest>

#include <vector>

using pusher::http::CallLinks;
using pusher::http::Calls;

namespace {

struct Call : CallLinks<Call> {
    int id = 0;
};

std::vector<int> inFlight(const Calls<Call>& calls) {
    std::vector<int> ids;
    for (Call* c = calls.oldest(); c; c = c->next)
        ids.push_back(c->id);
    return ids;
}

std::vector<int> queued(const Calls<Call>& calls) {
    std::vector<int> ids;
    for (Call* c = calls.firstWaiting(); c; c = c->waitNext)
        ids.push_back(c->id);
    return ids;
}

} // namespace

class TestCalls : public QObject {
    Q_OBJECT
private slots:
    // Calls in flight stay oldest first, the queue in turn; a call sent again goes first; a
    // call that ends leaves both, wherever it stands, and the queue's ends follow.
    void ordersAreKept() {
        std::vector<Call> store(6);
        Calls<Call> calls;
        for (int i = 0; i < 6; ++i) {
            store[std::size_t(i)].id = i;
            calls.add(&store[std::size_t(i)]);
            calls.wait(&store[std::size_t(i)]);
        }
        QCOMPARE(queued(calls), (std::vector<int>{0, 1, 2, 3, 4, 5}));
        QCOMPARE(calls.popWaiting()->id, 0); // to a connection
        QCOMPARE(calls.popWaiting()->id, 1);
        calls.waitFirst(&store[1]); // its connection closed: sent again, first
        QCOMPARE(queued(calls), (std::vector<int>{1, 2, 3, 4, 5}));
        calls.remove(&store[3]); // the middle
        calls.remove(&store[5]); // the last
        calls.remove(&store[1]); // the first
        calls.remove(&store[0]); // not waiting: in flight only
        QCOMPARE(queued(calls), (std::vector<int>{2, 4}));
        QCOMPARE(inFlight(calls), (std::vector<int>{2, 4}));
        calls.wait(&store[5]); // a new one after the removed last
        QCOMPARE(queued(calls), (std::vector<int>{2, 4, 5}));
        calls.remove(&store[4]);
        calls.remove(&store[5]);
        calls.waitFirst(&store[0]);
        QCOMPARE(queued(calls), (std::vector<int>{0, 2}));
        QCOMPARE(calls.popWaiting()->id, 0);
        QCOMPARE(calls.popWaiting()->id, 2);
        QVERIFY(!calls.firstWaiting());
        calls.wait(&store[3]); // an emptied queue takes calls again, at both ends
        calls.waitFirst(&store[4]);
        QCOMPARE(queued(calls), (std::vector<int>{4, 3}));
        QCOMPARE(calls.takeWaiting()->id, 4);
        QVERIFY(!calls.firstWaiting());
    }

    // A stop ends every call at once, and a run far beyond what the host can connect leaves
    // hundreds of thousands waiting. Each end walked the queue from its head to the call: a
    // million calls waiting, ended newest first (or in any order but the queue's), took hours,
    // and pusher-cli at --rps-scale 1e6 against a refused port never ended (one Ctrl-C and
    // SIGTERM did nothing; 8 calls ended a second). Ending 300,000 newest first now takes
    // milliseconds; the bound is wide (before: minutes).
    void endingWaitingCallsInAnyOrderIsConstantTime() {
        constexpr int kCalls = 300000;
        std::vector<Call> store(kCalls);
        Calls<Call> calls;
        for (int i = 0; i < kCalls; ++i) {
            store[std::size_t(i)].id = i;
            calls.add(&store[std::size_t(i)]);
            calls.wait(&store[std::size_t(i)]);
        }
        QElapsedTimer clock;
        clock.start();
        for (int i = kCalls - 1; i >= 0; i -= 2) // every other, newest first
            calls.remove(&store[std::size_t(i)]);
        QCOMPARE(int(queued(calls).size()), kCalls / 2);
        QCOMPARE(queued(calls).front(), 0);
        QCOMPARE(queued(calls).back(), kCalls - 2);
        for (int i = kCalls - 2; i >= 0; i -= 2)
            calls.remove(&store[std::size_t(i)]);
        QVERIFY2(clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(!calls.firstWaiting());
        QVERIFY(!calls.oldest());
    }
};

QTEST_APPLESS_MAIN(TestCalls)
#include "tst_calls.moc"
