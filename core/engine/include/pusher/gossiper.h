// Gossiper: a listener that drains a Worker's gossip on its own thread.
#pragma once

#include "pusher/context.h"
#include "pusher/stream.h"

namespace pusher {

class Worker;

// Gossiper defines the listeners that process Gossip: metric collectors, loggers, reporters.
// For every run of every Worker it is attached to, listen runs on a thread of its own and
// drains `stream` until next() returns false; stop is called after that, to flush.
// One Gossiper may be attached to several Workers, so both may run concurrently.
class Gossiper {
public:
    virtual ~Gossiper() = default;
    // listen processes events from the stream until it ends.
    virtual void listen(const Context& ctx, Worker& worker, GossipStream& stream) = 0;
    // stop is called after the stream closed and listen returned: flush buffered data.
    virtual void stop() = 0;
};

} // namespace pusher
