// H2Blocks: the allocator the HTTP/2 sessions give nghttp2.
#pragma once

#include <nghttp2/nghttp2.h>

#include <cstddef>

namespace pusher::http {

// h2Blocks is nghttp2's memory for every session: blocks of up to kH2SmallBlock bytes from
// per-thread free lists by 16-byte size class (at most kH2BlocksPerClass each), larger ones
// from malloc (h2blocks.cpp says why).
// Under AddressSanitizer nothing is cached (as the engine's call states, callpool.h): ASan
// sees every block's whole life, and LeakSanitizer no cached block.
#if defined(__SANITIZE_ADDRESS__)
#define PUSHER_H2_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PUSHER_H2_ASAN 1
#endif
#endif
#ifdef PUSHER_H2_ASAN
inline constexpr bool kH2BlocksCached = false;
#else
inline constexpr bool kH2BlocksCached = true;
#endif
inline constexpr std::size_t kH2SmallBlock = 256;
inline constexpr std::size_t kH2BlocksPerClass = kH2BlocksCached ? 4096 : 0;
nghttp2_mem* h2Blocks() noexcept;
// h2CachedBlocks is how many free blocks this thread's lists hold (for tests).
std::size_t h2CachedBlocks() noexcept;

} // namespace pusher::http
