// CallPool: the per-thread cache of freed call-state blocks behind CallAllocator.
#pragma once

#include <cstddef>
#include <new>

namespace pusher::detail {

// callBlockTake returns a block of `bytes` for one asynchronous call's state (with its
// shared_ptr control block): from this thread's cache of freed blocks when it has one of that
// size, else from operator new. callBlockGive returns a block: to this thread's cache while it
// holds fewer than kMaxCachedCallBlocks, else to operator delete. A block freed on another
// thread than the one that took it lands in the freeing thread's cache (the closed model
// starts and completes its calls on one I/O thread, so its blocks go round on that thread).
// Blocks of another size are never cached. A thread's cache is freed when the thread ends.
//
// Under AddressSanitizer nothing is cached (every block goes to operator new and delete), so
// that ASan sees each call state's whole life: a use after the last Completion copy is an
// error it reports, and LeakSanitizer, which does not look into the thread-local caches of
// threads still running at exit, reports no cached block as a leak.
#if defined(__SANITIZE_ADDRESS__)
#define PUSHER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PUSHER_ASAN 1
#endif
#endif
#ifdef PUSHER_ASAN
inline constexpr bool kCallBlocksCached = false;
#else
inline constexpr bool kCallBlocksCached = true;
#endif
inline constexpr std::size_t kMaxCachedCallBlocks = kCallBlocksCached ? 4096 : 0;
void* callBlockTake(std::size_t bytes);
void callBlockGive(void* block, std::size_t bytes) noexcept;
// cachedCallBlocks is how many blocks this thread's cache holds (for tests).
std::size_t cachedCallBlocks() noexcept;

// CallAllocator is the allocator std::allocate_shared uses for call states: the block goes
// back to a cache only when the shared_ptr machinery frees it, i.e. once the last Completion
// copy (and weak reference) is gone, so a block is never reused while anything holds it.
template <typename T>
struct CallAllocator {
    using value_type = T;
    CallAllocator() noexcept = default;
    template <typename U>
    CallAllocator(const CallAllocator<U>&) noexcept {} // NOLINT(google-explicit-constructor)
    T* allocate(std::size_t n) {
        static_assert(alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__);
        return static_cast<T*>(callBlockTake(n * sizeof(T)));
    }
    void deallocate(T* p, std::size_t n) noexcept { callBlockGive(p, n * sizeof(T)); }
    template <typename U>
    bool operator==(const CallAllocator<U>&) const noexcept {
        return true;
    }
};

} // namespace pusher::detail
