// The engine's one clock: monotonic, nanosecond resolution.
#pragma once

#include <chrono>

namespace pusher {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Duration = Clock::duration;

} // namespace pusher
