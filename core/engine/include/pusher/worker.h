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
#include <optional>
#include <string>
#include <utility>

class QThreadPool;

namespace pusher {

namespace detail {
struct Run;
struct Sleeper;
} // namespace detail

class Crew;

// Stats are a Worker's counters for its current or last run. They add up:
// ticks == started + canceled + queued, and started == completed + inFlight; once work()
// returned, queued == inFlight == 0, so ticks == started + canceled and started == completed.
struct Stats {
    std::uint64_t ticks = 0;
    // started counts calls whose Target was called (their BeforeTarget was gossiped).
    std::uint64_t started = 0;
    // canceled counts ticks that never reached the Target: skipped at the overtime limit,
    // or cut by the end of the run (canceledAtEnd).
    std::uint64_t canceled = 0;
    std::uint64_t completed = 0;
    std::uint64_t inFlight = 0;
    // queued counts calls of a blocking Target that hold an overtime slot and wait for a
    // thread of the Worker's pool.
    std::uint64_t queued = 0;
    // canceledAtEnd is the part of `canceled` cut by the end of the run: calls still queued
    // when it ended, and (a run that reached its deadline without a graceful stop) ticks
    // that fell due before the deadline while the scheduler slept. They never start.
    std::uint64_t canceledAtEnd = 0;
    // notDispatched is the part of canceledAtEnd that the scheduler never dispatched: ticks
    // due before the run's end (its deadline, or the moment it was canceled or halted) that
    // it had not reached — it fell behind (an overloaded machine or a rate beyond it), a
    // final sweep was cut by the end of the graceful stop or a halt, or there is no graceful
    // stop. Canceled in bulk (one Canceled gossip with `undispatched` set), never one by one.
    std::uint64_t notDispatched = 0;
    // listenerFailures counts Gossiper listen() or stop() calls that threw; listenerError
    // is the first one's error (kind "listener"). Each is also reported with qWarning.
    std::uint64_t listenerFailures = 0;
    Error listenerError;
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
    class Shift;

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

    // reserve validates a run at `rate` and reserves the Worker for it (busy) without
    // starting it: the returned Shift holds the error work() would return at once, or runs
    // the run with Shift::work. farm() reserves every Worker before it starts any, so one
    // invalid Worker means no call at all. The Worker must outlive the Shift.
    [[nodiscard]] Shift reserve(const Rate& rate);
    [[nodiscard]] Shift reserve(double rps);

    // setRps changes the rate of the running Worker to a constant `rps`, effective from the
    // next tick; a Worker reserved and not yet started runs at `rps` from its first tick.
    // Returns ErrInvalidRps for a bad value or a closed-model run (it has no rate); does
    // nothing when the Worker is idle.
    Error setRps(double rps);

    // config returns a public copy of the Worker's settings and state.
    [[nodiscard]] Config config() const;
    // stats returns the counters of the current or last run.
    [[nodiscard]] Stats stats() const;
    // toString is the Worker's ident.
    [[nodiscard]] const std::string& toString() const noexcept { return m_ident; }
    [[nodiscard]] const std::string& ident() const noexcept { return m_ident; }

private:
    friend class Crew;
    using RunPtr = std::shared_ptr<detail::Run>;

    Error check(const Rate& rate) const;
    Error run(const Context& ctx, Rate rate, TimePoint origin);
    void release();
    void listenerFailed(detail::Run& run, const char* what, std::size_t index, const char* why);

    // The phases of a run, shared by work() (one Worker on the calling thread) and Crew
    // (many Workers on a few threads). prepare publishes the run's state before the clock
    // starts; launch gives it its Context and origin and starts its listener threads; the
    // open model then steps (stepOpen) until the Context ends and sweeps (sweepOpen); the
    // end waits out the graceful stop (graceWait), cuts what is left (cut) and waits for the
    // calls and listeners (finish).
    RunPtr prepare(Rate rate, const Context& halt, std::shared_ptr<detail::Sleeper> sleeper);
    void launch(const RunPtr& run, const Context& ctx, TimePoint origin);
    // stepOpen dispatches the due ticks (at most one burst) and returns when it wants to be
    // stepped again.
    TimePoint stepOpen(const RunPtr& run, TimePoint now);
    // sweepStep dispatches one burst of the ticks that fell due before the deadline; true
    // when none is left (or halted). endOpen cancels, in bulk, every tick due before the
    // run's end that was not dispatched.
    bool sweepStep(const RunPtr& run);
    void endOpen(const RunPtr& run);
    // applyRateBefore applies a setRps made before `end` that no step took (the scheduler was
    // descheduled, or the run ended as it woke), from when it was made: the ticks due before
    // the end are then the new rate's (swept or canceled in bulk), not the old one's.
    static void applyRateBefore(detail::Run& run, TimePoint end);
    [[nodiscard]] bool sweeps(const detail::Run& run) const;
    void graceWait(const RunPtr& run, TimePoint until);
    void cut(const RunPtr& run);
    void finish(const RunPtr& run);

    void dispatchClosed(const std::shared_ptr<detail::Run>& run);
    // dispatchDue dispatches up to `budget` ticks due by `now` (and before the deadline);
    // true when none is left.
    bool dispatchDue(const RunPtr& run, TimePoint now, std::uint32_t budget);
    void startCall(const std::shared_ptr<detail::Run>& run, std::uint64_t seq, TimePoint intended);
    bool flushCalls(const std::shared_ptr<detail::Run>& run);
    static void cancelTick(detail::Run& run, std::uint64_t seq, TimePoint intended);
    static void cancelQueued(detail::Run& run);

    const std::string m_ident;
    const Target m_target;
    const Config m_config;
    std::atomic<bool> m_busy{false}; // written under m_runMutex

    mutable std::mutex m_runMutex;
    std::shared_ptr<detail::Run> m_run; // guarded by m_runMutex: current or last run
    bool m_starting = false;            // guarded by m_runMutex: reserved, run not published
    bool m_reservedClosed = false;      // guarded by m_runMutex: the reserved run is closed
    std::optional<double> m_pendingRps; // guarded by m_runMutex: setRps while starting
    std::unique_ptr<QThreadPool> m_pool;
};

// Worker::Shift is a Worker validated and reserved (busy) for one run that has not started:
// Worker::reserve makes it, work() runs it once, and a Shift dropped unworked frees the
// Worker. A failed reservation holds its error and reserves nothing.
class Worker::Shift {
public:
    Shift() = default;
    Shift(Shift&& other) noexcept;
    Shift& operator=(Shift&& other) noexcept;
    Shift(const Shift&) = delete;
    Shift& operator=(const Shift&) = delete;
    ~Shift();

    // ok is true while the Shift holds a reserved Worker that has not run.
    [[nodiscard]] bool ok() const noexcept { return m_worker != nullptr; }
    explicit operator bool() const noexcept { return ok(); }
    // error is why the reservation failed; empty for a good Shift.
    [[nodiscard]] const Error& error() const noexcept { return m_error; }
    // work runs the reserved run until `ctx` ends, as Worker::work does, and frees the
    // Worker. On a failed Shift it returns error(); on one that ran or was released,
    // ErrWorkerIsBusy ("shift already used").
    Error work(const Context& ctx);
    // work with the schedule's origin given, as Worker::work(ctx, rate, origin).
    Error work(const Context& ctx, TimePoint origin);
    // release frees the Worker without running.
    void release();

private:
    friend class Worker;
    friend class Crew;
    Worker* m_worker = nullptr;
    Rate m_rate;
    Error m_error;
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
