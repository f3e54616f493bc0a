// The per-thread cache of call-state blocks (core/engine/src/callpool.h).
#include "callpool.h"

#include <QTest>

#include <thread>
#include <vector>

using namespace pusher::detail;

class TestCallPool : public QObject {
    Q_OBJECT
private slots:
    void init() {
        if (!kCallBlocksCached)
            QSKIP("no cache under AddressSanitizer (callpool.h): blocks go to malloc and free");
    }

    void aFreedBlockIsTakenAgainOnItsThread() {
        std::thread([] {
            void* a = callBlockTake(96);
            QCOMPARE(cachedCallBlocks(), std::size_t(0));
            callBlockGive(a, 96);
            QCOMPARE(cachedCallBlocks(), std::size_t(1));
            void* b = callBlockTake(96);
            QCOMPARE(b, a); // no trip to malloc
            QCOMPARE(cachedCallBlocks(), std::size_t(0));
            callBlockGive(b, 96);
        }).join();
    }

    void theCacheIsBounded() {
        std::thread([] {
            std::vector<void*> blocks;
            for (std::size_t i = 0; i < kMaxCachedCallBlocks + 100; ++i)
                blocks.push_back(callBlockTake(96));
            for (void* p : blocks)
                callBlockGive(p, 96);
            QCOMPARE(cachedCallBlocks(), kMaxCachedCallBlocks); // the rest went to free()
        }).join();
    }

    void otherSizesAreNotCached() {
        std::thread([] {
            void* a = callBlockTake(96);
            callBlockGive(a, 96); // the cache is for 96-byte blocks now
            void* b = callBlockTake(200);
            QVERIFY(b != a);
            callBlockGive(b, 200);
            QCOMPARE(cachedCallBlocks(), std::size_t(1));
        }).join();
    }

    void aBlockFreedOnAnotherThreadJoinsThatThreadsCache() {
        void* block = nullptr;
        std::thread([&] { block = callBlockTake(96); }).join();
        std::thread([&] {
            callBlockGive(block, 96);
            QCOMPARE(cachedCallBlocks(), std::size_t(1));
            QCOMPARE(callBlockTake(96), block);
            callBlockGive(block, 96);
        }).join(); // the thread's end frees its cache (ASan's leak check sees the rest)
    }
};

QTEST_GUILESS_MAIN(TestCallPool)
#include "tst_callpool.moc"
