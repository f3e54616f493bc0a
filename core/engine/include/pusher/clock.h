// The engine's one clock: monotonic, nanosecond resolution.
#pragma once

#include <chrono>

namespace pusher {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Duration = Clock::duration;

namespace detail {
// The time of the batch of events this thread is handling, or TimePoint{} (see callTime).
inline thread_local TimePoint t_batchTime{};
} // namespace detail

// An event loop that handles its events in batches reads the clock once per batch, right
// after the wait that returned it, and publishes that time here until it is done with the
// batch (setBatchTime(TimePoint{})). Calls that end or start on its thread meanwhile take it
// as their time (callTime): it is after the batch's data arrived and before any of it is
// handled, so an end is no later than a fresh read would make it, and closer to the arrival.
inline void setBatchTime(TimePoint t) noexcept {
    detail::t_batchTime = t;
}

// callTime is the time of a call that ends or starts now: the batch's on an event loop's
// thread that handles one, else the clock's.
inline TimePoint callTime() noexcept {
    const TimePoint t = detail::t_batchTime;
    return t != TimePoint{} ? t : Clock::now();
}

} // namespace pusher
