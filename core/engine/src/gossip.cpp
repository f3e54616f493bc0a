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

} // namespace pusher
