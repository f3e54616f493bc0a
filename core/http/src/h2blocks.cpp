#include "h2blocks.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace pusher::http {

// nghttp2's memory: a stream costs it ~13 small blocks (40 to 224 bytes: the stream, its
// frames and outbound items, header buffers), all freed when the stream closes. glibc keeps
// 7 freed blocks per size per thread, so most went through its slower paths: malloc and free
// were ~16 % of the client's user-space instructions at 640 streams in flight. Blocks of up
// to kSmallMax bytes come from per-thread free lists, one per 16-byte size class (at most
// kMaxPerClass blocks each; the rest go back to free()); larger ones from malloc. Each block
// has a 16-byte header (its class and the size asked for), so alignment stays malloc's. A
// session lives on one loop thread, so its blocks go round that thread's lists; a block
// freed on another thread (a session deleted elsewhere) joins that thread's lists. A
// thread's lists are freed when it ends.
namespace {

constexpr std::size_t kHeader = 16;
constexpr std::size_t kGrain = 16;
constexpr std::size_t kClasses = 16;
constexpr std::size_t kSmallMax = kClasses * kGrain;
static_assert(kSmallMax == kH2SmallBlock);
constexpr std::size_t kMaxPerClass = kH2BlocksPerClass;
constexpr std::uint32_t kLarge = 0xffffffffu;

struct Header {
    std::uint32_t cls; // size class, or kLarge
    std::uint32_t unused;
    std::size_t size; // the size asked for (a small block holds up to its class's bytes)
};
static_assert(sizeof(Header) == kHeader);

struct FreeBlock {
    FreeBlock* next;
};

// Lists is plain data (no constructor, no destructor), so a thread reaches its lists with
// no initialisation check: the allocator is on nghttp2's every allocation. Reaper frees them
// at the thread's end; it is armed by the first block a thread keeps.
struct Lists {
    FreeBlock* head[kClasses];
    std::size_t count[kClasses];
    bool gone;  // the thread is ending: blocks go to free()
    bool armed; // the Reaper will free the lists
};

#if defined(__GNUC__)
#define PUSHER_TLS_INITIAL_EXEC __attribute__((tls_model("initial-exec")))
#else
#define PUSHER_TLS_INITIAL_EXEC
#endif
thread_local Lists t_lists PUSHER_TLS_INITIAL_EXEC{};

struct Reaper {
    bool armed = false;
    ~Reaper() {
        t_lists.gone = true;
        for (std::size_t c = 0; c < kClasses; ++c) {
            while (FreeBlock* block = t_lists.head[c]) {
                t_lists.head[c] = block->next;
                std::free(block);
            }
            t_lists.count[c] = 0;
        }
    }
};
thread_local Reaper t_reaper;

// capacityOf is how many bytes a block holds: its class's, or (large, or uncached under ASan,
// where a block is exactly as large as asked so that ASan sees an overflow) the size asked.
std::size_t capacityOf(const Header* h) {
    return h->cls == kLarge || !kH2BlocksCached ? h->size : (std::size_t(h->cls) + 1) * kGrain;
}

void* userPart(void* base) {
    return static_cast<char*>(base) + kHeader;
}

// The paths of allocate and release that call malloc, free or arm the Reaper are functions
// of their own, so that the common ones (a block from a list, or back to it) save no
// registers: nghttp2 makes ~11 allocations and frees per stream.
[[gnu::noinline]] void* allocateLarge(std::size_t size) {
    if (size > SIZE_MAX - kHeader)
        return nullptr;
    void* base = std::malloc(kHeader + size);
    if (!base)
        return nullptr;
    *static_cast<Header*>(base) = Header{kLarge, 0, size};
    return static_cast<char*>(base) + kHeader;
}

[[gnu::noinline]] void* allocateNew(std::size_t cls, std::size_t size) {
    const std::size_t capacity = kH2BlocksCached ? (cls + 1) * kGrain : size;
    void* base = std::malloc(kHeader + capacity);
    if (!base)
        return nullptr;
    *static_cast<Header*>(base) = Header{std::uint32_t(cls), 0, size};
    return userPart(base);
}

void* allocate(std::size_t size, void*) {
    if (size > kSmallMax)
        return allocateLarge(size);
    const std::size_t cls = size == 0 ? 0 : (size - 1) / kGrain;
    FreeBlock* block = t_lists.head[cls];
    if (!block)
        return allocateNew(cls, size);
    t_lists.head[cls] = block->next;
    --t_lists.count[cls];
    *reinterpret_cast<Header*>(block) = Header{std::uint32_t(cls), 0, size};
    return userPart(block);
}

// keepFirst keeps the first block a thread frees, arming the Reaper that frees its lists.
[[gnu::noinline]] void keepFirst(void* base, std::size_t cls) {
    t_lists.armed = true;
    t_reaper.armed = true; // constructs it: its destructor runs at the thread's end
    auto* block = static_cast<FreeBlock*>(base);
    block->next = t_lists.head[cls];
    t_lists.head[cls] = block;
    ++t_lists.count[cls];
}

void release(void* p, void*) {
    if (!p)
        return;
    void* base = static_cast<char*>(p) - kHeader;
    const Header* h = static_cast<const Header*>(base);
    const std::size_t cls = h->cls;
    if (cls == kLarge || t_lists.gone || t_lists.count[cls] >= kMaxPerClass) {
        std::free(base);
        return;
    }
    if (!t_lists.armed) {
        keepFirst(base, cls);
        return;
    }
    auto* block = static_cast<FreeBlock*>(base);
    block->next = t_lists.head[cls];
    t_lists.head[cls] = block;
    ++t_lists.count[cls];
}

void* allocateZeroed(std::size_t n, std::size_t size, void* user) {
    if (size != 0 && n > SIZE_MAX / size)
        return nullptr;
    void* p = allocate(n * size, user);
    if (p)
        std::memset(p, 0, n * size);
    return p;
}

void* reallocate(void* p, std::size_t size, void* user) {
    if (!p)
        return allocate(size, user);
    Header* h = reinterpret_cast<Header*>(static_cast<char*>(p) - kHeader);
    const std::size_t capacity = capacityOf(h);
    if (h->cls != kLarge && size <= capacity) {
        h->size = size;
        return p;
    }
    void* q = allocate(size, user);
    if (!q)
        return nullptr; // p stays valid, as with realloc
    std::memcpy(q, p, std::min(size, h->size));
    release(p, user);
    return q;
}

nghttp2_mem g_mem{nullptr, &allocate, &release, &allocateZeroed, &reallocate};

} // namespace

nghttp2_mem* h2Blocks() noexcept {
    return &g_mem;
}

std::size_t h2CachedBlocks() noexcept {
    std::size_t n = 0;
    for (const std::size_t c : t_lists.count)
        n += c;
    return n;
}

} // namespace pusher::http
