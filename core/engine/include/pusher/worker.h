// Worker: calls its Target at a rate under the overtime limit and gossips every tick.
#pragma once

#include "pusher/config.h"
#include "pusher/context.h"
#include "pusher/error.h"
#include "pusher/rate.h"
#include "pusher/target.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

class QThreadPool;

namespace pusher {

namespace detail {
struct Run;
}

// Stats are a Worker's counters for its current or last run. They always add up:
// ticks == started + canceled, and started == completed + inFlight.
struct Stats {
    std::uint64_t ticks = 0;
    std::uint64_t started = 0;
    std::uint64_t canceled = 0;
    std::uint64_t completed = 0;
    std::uint64_t inFlight = 0;
    // scheduled is the time from the first tick to the scheduler's last look for due ticks
    // (open model): ticks == floor(rps × scheduled) + 1 for a constant rate.
    Duration scheduled{};
    // canceledDropped counts Canceled gossip dropped at full listener streams (all listeners).
    std::uint64_t canceledDropped = 0;
};

// Worker is the entity that generates load by calling its Target at a rate (ticks per
// second) under a concurrency limit (overtime). Hire one with hire(); it is shared and
// thread-safe: stats(), config() and setRps() may be called while work() runs elsewhere.
class Worker {
public:
    Worker(std::string ident, Target target, Config config);
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    // work runs until `ctx` ends, starting a call on every tick of `rps` ticks per second
    // (or Canceled when overtime calls are in flight), then waits for the calls in flight
    // and for every Gossiper to drain and stop. It returns ctx's reason (ErrCanceled or
    // ErrDeadlineExceeded) after a run, or a validation error at once, leaving the Worker
    // idle: ErrMissingTarget, ErrInvalidRps, ErrInvalidOvertime, ErrWorkerIsBusy.
    Error work(const Context& ctx, double rps);
    // work with a Rate profile; Rate::max() runs the closed model.
    Error work(const Context& ctx, const Rate& rate);
    // work with the schedule's origin given (tick 0 is due at `origin`, not at the call):
    // several Workers — or the ranks of a distributed run — given one origin and one
    // deadline tick exactly ceil(R × (deadline − origin)) times between them, however late
    // their threads call work(); ticks already due are dispatched at once.
    Error work(const Context& ctx, const Rate& rate, TimePoint origin);

    // setRps changes the rate of the running Worker, effective from the next tick.
    // Returns ErrInvalidRps for a bad value; does nothing when the Worker is idle.
    Error setRps(double rps);

    // config returns a public copy of the Worker's settings and state.
    [[nodiscard]] Config config() const;
    // stats returns the counters of the current or last run.
    [[nodiscard]] Stats stats() const;
    // toString is the Worker's ident.
    [[nodiscard]] const std::string& toString() const noexcept { return m_ident; }
    [[nodiscard]] const std::string& ident() const noexcept { return m_ident; }

private:
    Error validate(const Rate& rate);
    void dispatchOpen(const std::shared_ptr<detail::Run>& run, const Rate& rate, TimePoint origin);
    void dispatchClosed(const std::shared_ptr<detail::Run>& run);
    void startCall(const std::shared_ptr<detail::Run>& run, std::uint64_t seq, TimePoint intended);
    bool flushCalls(const std::shared_ptr<detail::Run>& run);
    static void cancelTick(detail::Run& run, std::uint64_t seq, TimePoint intended);

    const std::string m_ident;
    const Target m_target;
    const Config m_config;
    std::atomic<bool> m_busy{false};

    mutable std::mutex m_runMutex;
    std::shared_ptr<detail::Run> m_run; // guarded by m_runMutex: current or last run
    std::unique_ptr<QThreadPool> m_pool;
};

using WorkerPtr = std::shared_ptr<Worker>;

// hire creates a Worker with `ident` (kDefaultIdent when empty) that calls `target`,
// configured by `offers`.
template <typename... Offers>
WorkerPtr hire(std::string ident, Target target, Offers&&... offers) {
    Config config;
    (std::forward<Offers>(offers)(config), ...);
    return std::make_shared<Worker>(std::move(ident), std::move(target), std::move(config));
}

} // namespace pusher
