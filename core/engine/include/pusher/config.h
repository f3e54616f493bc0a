// Config and Offer: a Worker's settings and the functional options that set them.
#pragma once

#include "pusher/clock.h"
#include "pusher/gossiper.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace pusher {

// kDefaultOvertime is the overtime of a Worker hired without withOvertime.
inline constexpr std::int64_t kDefaultOvertime = 1'000'000;
// kDefaultIdent is the ident of a Worker hired with an empty one.
inline constexpr const char* kDefaultIdent = "judas";
// kMaxPoolThreads caps the threads that run a Worker's blocking calls: a blocking target
// has min(overtime, kMaxPoolThreads) calls running at once, the rest wait for a thread.
inline constexpr int kMaxPoolThreads = 2048;

// Config is a public copy of a Worker's settings and state.
struct Config {
    std::string ident;
    std::vector<std::shared_ptr<Gossiper>> listeners;
    // overtime is the most calls in flight at once; a tick beyond it is Canceled.
    std::int64_t overtime = kDefaultOvertime;
    // capacity is the semaphore's capacity: overtime, or 0 when overtime is negative.
    std::int64_t capacity = kDefaultOvertime;
    // queueCapacity is the size of each listener's GossipStream.
    std::size_t queueCapacity = GossipStream::kDefaultCapacity;
    // threads is the most calls of a blocking Target that run at once (1 … kMaxPoolThreads;
    // values outside are clamped); calls beyond it, up to overtime, wait in the run's queue.
    int threads = kMaxPoolThreads;
    // gracefulStop is how long calls in flight may go on, with their context not yet done,
    // after the run reached its deadline; 0 (the default, as in Go) ends them at once. A
    // canceled run always ends them at once.
    Duration gracefulStop{};
    // shareIndex and shareCount split an open-model schedule between processes: the Worker
    // takes only the ticks i ≡ shareIndex (mod shareCount) of its rate's schedule, so
    // shareCount Workers with indices 0 … shareCount−1 together tick it exactly once.
    // 1 (the default) takes every tick. The closed model ignores them.
    std::uint32_t shareIndex = 0;
    std::uint32_t shareCount = 1;
    bool busy = false;
};

// Offer is a functional option applied by hire.
using Offer = std::function<void(Config&)>;

// withGossips attaches listeners to a Worker (replacing earlier ones).
template <typename... G>
Offer withGossips(std::shared_ptr<G>... listeners) {
    std::vector<std::shared_ptr<Gossiper>> list{std::move(listeners)...};
    return [list = std::move(list)](Config& config) { config.listeners = list; };
}
// withGossips attaches a list of listeners to a Worker (replacing earlier ones).
Offer withGossipList(std::vector<std::shared_ptr<Gossiper>> listeners);
// withOvertime sets the most calls a Worker has in flight at once.
Offer withOvertime(std::int64_t limit);
// withGracefulStop lets calls in flight finish for up to `grace` after the deadline.
Offer withGracefulStop(Duration grace);
// withTickShare makes a Worker take only the ticks i ≡ index (mod count) of its open-model
// schedule (one process's share of a distributed run); count 0 is read as 1.
Offer withTickShare(std::uint32_t index, std::uint32_t count);
// withThreads caps the threads that run a blocking Target's calls (default kMaxPoolThreads).
Offer withThreads(int threads);
// withQueueCapacity sets the size of each listener's stream (default 65536).
Offer withQueueCapacity(std::size_t capacity);

} // namespace pusher
