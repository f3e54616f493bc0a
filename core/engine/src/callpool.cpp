#include "callpool.h"

namespace pusher::detail {

namespace {

struct FreeBlock {
    FreeBlock* next;
};

// Cache is one thread's list of freed blocks, all of `size` bytes (the first size given).
// Plain data (no constructor, no destructor), so a thread reaches it with no initialisation
// check: it is on every call's path. Reaper frees it at the thread's end; it is armed by the
// first block the thread keeps.
struct Cache {
    FreeBlock* head;
    std::size_t count;
    std::size_t size;
    bool gone;  // the thread is ending: blocks go to operator delete
    bool armed; // the Reaper will free the list
};

#if defined(__GNUC__)
#define PUSHER_TLS_INITIAL_EXEC __attribute__((tls_model("initial-exec")))
#else
#define PUSHER_TLS_INITIAL_EXEC
#endif
thread_local Cache t_cache PUSHER_TLS_INITIAL_EXEC{};

struct Reaper {
    bool armed = false;
    ~Reaper() {
        t_cache.gone = true;
        while (FreeBlock* block = t_cache.head) {
            t_cache.head = block->next;
            ::operator delete(block);
        }
        t_cache.count = 0;
    }
};
thread_local Reaper t_reaper;

} // namespace

void* callBlockTake(std::size_t bytes) {
    Cache& cache = t_cache;
    if (cache.head && bytes == cache.size) {
        FreeBlock* block = cache.head;
        cache.head = block->next;
        --cache.count;
        return block;
    }
    return ::operator new(bytes < sizeof(FreeBlock) ? sizeof(FreeBlock) : bytes);
}

void callBlockGive(void* p, std::size_t bytes) noexcept {
    if (!p)
        return;
    Cache& cache = t_cache;
    if (!cache.gone && bytes >= sizeof(FreeBlock)) {
        if (cache.size == 0)
            cache.size = bytes;
        if (bytes == cache.size && cache.count < kMaxCachedCallBlocks) {
            if (!cache.armed) {
                cache.armed = true;
                t_reaper.armed = true; // constructs it: its destructor runs at the thread's end
            }
            auto* block = static_cast<FreeBlock*>(p);
            block->next = cache.head;
            cache.head = block;
            ++cache.count;
            return;
        }
    }
    ::operator delete(p);
}

std::size_t cachedCallBlocks() noexcept {
    return t_cache.count;
}

} // namespace pusher::detail
