// The allocator the HTTP/2 sessions give nghttp2 (core/http/src/h2blocks.h): malloc, calloc,
// realloc and free semantics, the per-thread reuse of freed small blocks, and its bounds.
#include "h2blocks.h"

#include <QTest>

#include <cstring>
#include <thread>
#include <vector>

using namespace pusher::http;

namespace {
void* take(std::size_t n) {
    nghttp2_mem* m = h2Blocks();
    return m->malloc(n, m->mem_user_data);
}
void give(void* p) {
    nghttp2_mem* m = h2Blocks();
    m->free(p, m->mem_user_data);
}
void* grow(void* p, std::size_t n) {
    nghttp2_mem* m = h2Blocks();
    return m->realloc(p, n, m->mem_user_data);
}
void* zeroed(std::size_t count, std::size_t n) {
    nghttp2_mem* m = h2Blocks();
    return m->calloc(count, n, m->mem_user_data);
}
} // namespace

class TestH2Blocks : public QObject {
    Q_OBJECT
private slots:
    void aFreedSmallBlockIsReusedForItsSizeClass() {
        if (!kH2BlocksCached)
            QSKIP("no cache under AddressSanitizer (h2blocks.h): blocks go to malloc and free");
        std::thread([] {
            void* a = take(80);
            QCOMPARE(reinterpret_cast<std::uintptr_t>(a) % 16, std::uintptr_t(0));
            give(a);
            QCOMPARE(h2CachedBlocks(), std::size_t(1));
            QCOMPARE(take(72), a); // 65..80 bytes: the same class
            void* b = take(40);    // another class: a new block
            QVERIFY(b != a);
            give(a);
            give(b);
            QCOMPARE(h2CachedBlocks(), std::size_t(2));
            give(nullptr); // as free(nullptr)
        }).join();
    }

    void largeBlocksAreNotCached() {
        std::thread([] {
            void* big = take(kH2SmallBlock + 1);
            std::memset(big, 0x5a, kH2SmallBlock + 1);
            give(big);
            QCOMPARE(h2CachedBlocks(), std::size_t(0));
        }).join();
    }

    void callocZeroesAReusedBlock() {
        std::thread([] {
            auto* dirty = static_cast<unsigned char*>(take(64));
            std::memset(dirty, 0xff, 64);
            give(dirty);
            auto* clean = static_cast<unsigned char*>(zeroed(4, 16));
            if (kH2BlocksCached)
                QCOMPARE(static_cast<void*>(clean), static_cast<void*>(dirty));
            for (int i = 0; i < 64; ++i)
                QCOMPARE(int(clean[i]), 0);
            give(clean);
            QCOMPARE(zeroed(std::size_t(1) << 62, 8), nullptr); // overflow, as calloc
        }).join();
    }

    void reallocKeepsTheBytes() {
        std::thread([] {
            auto* p = static_cast<char*>(take(20));
            std::memcpy(p, "0123456789abcdefghi", 20);
            auto* same = static_cast<char*>(grow(p, 30)); // fits its 32-byte class
            if (kH2BlocksCached)
                QCOMPARE(same, p); // (under ASan a block is as large as asked: it moves)
            QCOMPARE(QByteArray(same, 20), QByteArray("0123456789abcdefghi", 20));
            std::memcpy(same + 20, "ABCDEFGHI", 10);
            auto* moved = static_cast<char*>(grow(same, 1000)); // to a large block
            QVERIFY(moved != same);
            QCOMPARE(QByteArray(moved, 29), QByteArray("0123456789abcdefghi\0ABCDEFGHI", 29));
            auto* back = static_cast<char*>(grow(moved, 8)); // large to small: copies 8
            QCOMPARE(QByteArray(back, 8), QByteArray("01234567"));
            give(back);
            auto* fresh = static_cast<char*>(grow(nullptr, 16)); // as malloc
            QVERIFY(fresh != nullptr);
            give(fresh);
        }).join();
    }

    void eachClassKeepsABoundedNumber() {
        if (!kH2BlocksCached)
            QSKIP("no cache under AddressSanitizer (h2blocks.h): blocks go to malloc and free");
        std::thread([] {
            std::vector<void*> blocks;
            for (std::size_t i = 0; i < kH2BlocksPerClass + 50; ++i)
                blocks.push_back(take(100));
            for (void* p : blocks)
                give(p);
            QCOMPARE(h2CachedBlocks(), kH2BlocksPerClass); // the rest went back to free()
        }).join();
    }

    void aBlockFreedOnAnotherThreadJoinsThatThreadsLists() {
        if (!kH2BlocksCached)
            QSKIP("no cache under AddressSanitizer (h2blocks.h): blocks go to malloc and free");
        void* block = nullptr;
        std::thread([&] { block = take(150); }).join();
        std::thread([&] {
            give(block);
            QCOMPARE(h2CachedBlocks(), std::size_t(1));
            QCOMPARE(take(150), block);
            give(block);
        }).join(); // the thread's end frees its lists (ASan's leak check sees the rest)
    }
};

QTEST_GUILESS_MAIN(TestH2Blocks)
#include "tst_h2blocks.moc"
