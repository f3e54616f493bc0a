// GossipStream: the bounded queue between a Worker and one Gossiper.
#pragma once

#include "pusher/gossip.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

namespace pusher {

// GossipStream is the channel a Gossiper drains. The Worker pushes BeforeTarget and
// AfterTarget reliably (blocking while the stream is full: back-pressure) and Canceled
// best effort (dropped when full, and counted in dropped()). It is closed when the run's
// last call has finished; next() then drains what is left and returns false.
// Only one thread, the Gossiper's, may call next().
//
// Wake-ups are coalesced: a consumer that found the stream empty first lingers for up to
// kLinger, and producers only wake it early once half the capacity is queued; only then
// does it block until the next push. A listener is thus woken at most about once per
// millisecond under load (not once per event), at the price of up to kLinger of delay.
class GossipStream {
public:
    explicit GossipStream(std::size_t capacity = kDefaultCapacity);
    GossipStream(const GossipStream&) = delete;
    GossipStream& operator=(const GossipStream&) = delete;

    static constexpr std::size_t kDefaultCapacity = 65536;
    static constexpr std::chrono::microseconds kLinger{1000};

    // next moves the next Gossip into `out`, blocking while the stream is empty and open.
    // Returns false once the stream is closed and drained.
    bool next(Gossip& out);

    // dropped counts Canceled gossip that did not fit into the full stream.
    [[nodiscard]] std::uint64_t dropped() const noexcept {
        return m_dropped.load(std::memory_order_relaxed);
    }
    [[nodiscard]] std::size_t capacity() const noexcept { return m_capacity; }
    // batches counts how often next() took what had gathered in the stream (one lock each).
    [[nodiscard]] std::uint64_t batches() const noexcept {
        return m_batches.load(std::memory_order_relaxed);
    }

    // push appends reliably: it waits while the stream is full. After abandon() it drops.
    void push(Gossip gossip);
    // tryPush appends if there is room; otherwise counts a drop and returns false.
    bool tryPush(Gossip gossip);
    // close ends the stream: next() returns false once drained.
    void close();
    // abandon is called when the Gossiper stopped reading early: producers never block again.
    void abandon();

private:
    [[nodiscard]] bool shouldWake() const; // with m_mutex held, after a push
    const std::size_t m_capacity;
    std::mutex m_mutex;
    std::condition_variable m_notEmpty;
    std::condition_variable m_notFull;
    std::vector<Gossip> m_queue; // guarded by m_mutex
    bool m_closed = false;       // guarded by m_mutex
    bool m_abandoned = false;    // guarded by m_mutex
    enum class Consumer { Busy, Lingering, Waiting };
    Consumer m_consumer = Consumer::Busy; // guarded by m_mutex
    const std::size_t m_wakeAt;           // a lingering consumer is woken at this size
    int m_producersWaiting = 0;           // guarded by m_mutex
    std::atomic<std::uint64_t> m_dropped{0};
    std::atomic<std::uint64_t> m_batches{0};

    // Consumer-only: the batch taken from m_queue in one lock.
    std::vector<Gossip> m_batch;
    std::size_t m_batchIndex = 0;
};

} // namespace pusher
