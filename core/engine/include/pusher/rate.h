// Rate: how many ticks per second a Worker schedules, constant or as a profile.
#pragma once

#include "pusher/clock.h"
#include "pusher/error.h"

#include <cstdint>
#include <vector>

namespace pusher {

// kMaxRps is the highest rate a worker can be given, in calls per second: a tick shorter than
// 1 ns cannot be scheduled. A scenario's rates, the editor's rate boxes and the app's Live
// Rates are all held to it.
inline constexpr double kMaxRps = 1e9;

// Rate describes the ticks per second over a run: a constant, a linear ramp, stages that
// each ramp linearly to their rps over their duration (k6's ramping-arrival-rate), or the
// closed model (max) where overtime callers call back-to-back as fast as the target allows.
// After the last stage the rate holds at the last stage's rps.
class Rate {
public:
    struct Stage {
        Duration duration{};
        double rps = 0;
    };

    Rate() = default;
    static Rate constant(double rps);
    static Rate ramp(double from, double to, Duration over);
    static Rate stages(double startRps, std::vector<Stage> stages);
    static Rate max();

    [[nodiscard]] bool isMax() const noexcept { return m_max; }
    [[nodiscard]] double startRps() const noexcept { return m_start; }
    [[nodiscard]] const std::vector<Stage>& stageList() const noexcept { return m_stages; }
    // rpsAt is the rate `elapsed` after the start (0 for the closed model).
    [[nodiscard]] double rpsAt(Duration elapsed) const noexcept;
    // expectedTicks is the integral of the rate from 0 to `elapsed`, plus the tick at 0.
    [[nodiscard]] double expectedTicks(Duration elapsed) const noexcept;
    // validate returns ErrInvalidRps with its reason when the profile cannot be scheduled.
    [[nodiscard]] Error validate() const;

private:
    double m_start = 0;
    std::vector<Stage> m_stages;
    bool m_max = false;
};

// Schedule turns a Rate into absolute tick times: tick i is due when the integral of the
// rate since the start reaches i (tick 0 is due at the start). Times are exact, not
// accumulated, so no tick drifts or is lost however late the scheduler wakes.
class Schedule {
public:
    Schedule(const Rate& rate, TimePoint start);

    // dueOf returns the due time of tick `index` (index must not decrease between calls).
    // TimePoint::max() when the rate has dropped to 0 for good.
    TimePoint dueOf(std::uint64_t index);

    // setRps switches to a constant `rps` from now on: the next tick after `lastIndex`
    // (due at `lastDue`) comes 1/rps after it, but never earlier than one tick period ago,
    // so lowering the rate stretches the schedule and raising it never causes a burst.
    void setRps(double rps, std::uint64_t lastIndex, TimePoint lastDue, TimePoint now);

private:
    struct Segment {
        double startTicks; // cumulative ticks at the segment start
        double offsetNs;   // segment start, ns after m_start
        double durationNs; // < 0: open-ended
        double fromPerNs;  // rate at start, ticks per ns
        double toPerNs;    // rate at end
    };
    TimePoint m_start;
    std::vector<Segment> m_segments;
    std::size_t m_current = 0;
};

} // namespace pusher
