#include "pusher/gossip.h"
#include "pusher/gossiper.h"

namespace pusher {

std::string_view toString(When when) noexcept {
    switch (when) {
    case When::BeforeTarget:
        return "before-target";
    case When::AfterTarget:
        return "after-target";
    case When::Canceled:
        return "canceled";
    }
    return "unknown";
}

std::string Gossip::toString() const {
    return result.hasValue() ? result.toString() : std::string("<empty>");
}

std::string toString(const Gossip* gossip) {
    return gossip ? gossip->toString() : std::string("<nil>");
}

std::function<void(const Gossip&)> Gossiper::direct(Worker&) {
    return {};
}

} // namespace pusher
