#include "pusher/gossip.h"

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

} // namespace pusher
