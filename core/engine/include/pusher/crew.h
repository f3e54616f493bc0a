// Crew: many reserved Workers run on a few scheduler threads.
#pragma once

#include "pusher/context.h"
#include "pusher/error.h"
#include "pusher/worker.h"

#include <cstddef>
#include <memory>
#include <vector>

namespace pusher {

namespace detail {
struct Sleeper;
}

// kMaxCrewThreads caps the scheduler threads of a Crew.
inline constexpr int kMaxCrewThreads = 64;

// Crew runs the reserved Shifts of many Workers together on one Context, with a bounded
// number of scheduler threads: the open-model Workers are spread over `threads` threads
// (each wakes for whichever of its Workers has the next due tick, and turns to the next
// one after a burst of at most 4,096 ticks), so 10,000 Workers need a handful of threads,
// not 10,000. A closed-model Worker (Rate::max()) keeps a thread of its own. Each Worker
// behaves as under work(): the same ticks, overtime, gossip, graceful stop and end.
//
// The Crew prepares every run when it is made — its state, and every Gossiper that takes
// its events directly (Gossiper::direct), before any clock runs — so work(ctx, origin) can
// be given an origin and a deadline taken after everything is up. `halt` is a Context whose
// end cuts every run wherever it is, even after ctx reached its deadline: the final sweep
// of the ticks that fell due and the graceful stop end at once (a user's Stop; ctx is
// normally derived from it). Each Worker is free again when work() returns (or when the
// Crew is dropped unworked).
class Crew {
public:
    // threads: the scheduler threads (0: min(open-model Workers, max(4, hardware threads)),
    // at most kMaxCrewThreads). A Shift that is not ok makes work() return its error at once
    // (the others are freed without a call).
    explicit Crew(std::vector<Worker::Shift> shifts, const Context& halt = Context::background(),
                  int threads = 0);
    ~Crew();
    Crew(const Crew&) = delete;
    Crew& operator=(const Crew&) = delete;

    // work runs every Worker until ctx ends (tick 0 due at `origin`), then ends them all as
    // work() does: the sweep and graceful stop (cut by `halt`), the calls not started
    // canceled, the calls in flight and every listener waited for. It returns ctx's reason
    // (ErrDeadlineExceeded or ErrCanceled), or the first failed Shift's error without
    // running. Once only: later calls return ErrWorkerIsBusy ("crew already worked").
    Error work(const Context& ctx, TimePoint origin);
    Error work(const Context& ctx) { return work(ctx, Clock::now()); }

    // size is the number of Workers; threads the scheduler threads work() uses for the
    // open-model ones.
    [[nodiscard]] std::size_t size() const noexcept;
    [[nodiscard]] int threads() const noexcept { return static_cast<int>(m_sleepers.size()); }

private:
    struct Member;
    void schedule(const Context& ctx, std::size_t thread);
    void releaseAll();

    std::vector<Member> m_members;
    std::vector<std::shared_ptr<detail::Sleeper>> m_sleepers;
    Error m_error;
    bool m_worked = false;
};

} // namespace pusher
