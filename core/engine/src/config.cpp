#include "pusher/config.h"

#include <algorithm>

namespace pusher {

Offer withGossipList(std::vector<std::shared_ptr<Gossiper>> listeners) {
    return [listeners = std::move(listeners)](Config& config) { config.listeners = listeners; };
}

Offer withOvertime(std::int64_t limit) {
    return [limit](Config& config) { config.overtime = limit; };
}

Offer withGracefulStop(Duration grace) {
    return [grace](Config& config) { config.gracefulStop = grace; };
}

Offer withTickShare(std::uint32_t index, std::uint32_t count) {
    return [index, count](Config& config) {
        config.shareCount = std::max<std::uint32_t>(count, 1);
        config.shareIndex = index % config.shareCount;
    };
}

Offer withThreads(int threads) {
    return [threads](Config& config) { config.threads = threads; };
}

Offer withQueueCapacity(std::size_t capacity) {
    return [capacity](Config& config) { config.queueCapacity = capacity; };
}

} // namespace pusher
