// Gossiper: a listener that drains a Worker's gossip on its own thread.
#pragma once

#include "pusher/context.h"
#include "pusher/stream.h"

#include <functional>

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
    // direct lets a Gossiper whose folding is cheap, thread-safe and never blocks or throws
    // take a run's events on the threads that produce them (the scheduler, the calls'
    // threads), with no stream and no thread of its own: a non-empty function returned here
    // is called with every event of `worker`'s run instead, and listen is not called for
    // that run (stop still is, after the run's last event). Per call, BeforeTarget comes
    // before AfterTarget; Canceled gossip is never dropped. The default (an empty function)
    // keeps listen on its own thread. Called once per run, before its first tick.
    virtual std::function<void(const Gossip&)> direct(Worker& worker);
};

} // namespace pusher
