#include "pusher/rate.h"

#include <algorithm>
#include <cmath>

namespace pusher {

namespace {
constexpr double kNsPerSecond = 1e9;

double toNs(Duration d) {
    return static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count());
}
} // namespace

Rate Rate::constant(double rps) {
    Rate rate;
    rate.m_start = rps;
    return rate;
}

Rate Rate::ramp(double from, double to, Duration over) {
    return stages(from, {Stage{over, to}});
}

Rate Rate::stages(double startRps, std::vector<Stage> list) {
    Rate rate;
    rate.m_start = startRps;
    rate.m_stages = std::move(list);
    return rate;
}

Rate Rate::max() {
    Rate rate;
    rate.m_max = true;
    return rate;
}

Error Rate::validate() const {
    if (m_max)
        return {};
    auto bad = [](double rps) { return !(rps >= 0) || !std::isfinite(rps); };
    double peak = m_start;
    if (bad(m_start))
        return ErrInvalidRps.reason("must be positive");
    for (const auto& stage : m_stages) {
        if (bad(stage.rps))
            return ErrInvalidRps.reason("must be positive");
        if (stage.duration < Duration::zero())
            return ErrInvalidRps.reason("stage duration must not be negative");
        peak = std::max(peak, stage.rps);
    }
    if (peak <= 0)
        return ErrInvalidRps.reason("must be positive");
    if (peak > kMaxRps)
        return ErrInvalidRps.reason("too large, resulting tick < 1ns");
    return {};
}

double Rate::rpsAt(Duration elapsed) const noexcept {
    if (m_max)
        return 0;
    double from = m_start;
    Duration at = Duration::zero();
    for (const auto& stage : m_stages) {
        if (elapsed < at + stage.duration) {
            double f = toNs(elapsed - at) / toNs(stage.duration);
            return from + (stage.rps - from) * f;
        }
        at += stage.duration;
        from = stage.rps;
    }
    return from;
}

double Rate::expectedTicks(Duration elapsed) const noexcept {
    if (m_max)
        return 0;
    double ticks = 1; // the tick at the start
    double from = m_start;
    Duration at = Duration::zero();
    for (const auto& stage : m_stages) {
        if (elapsed <= at + stage.duration) {
            double t = toNs(elapsed - at) / kNsPerSecond;
            double d = toNs(stage.duration) / kNsPerSecond;
            double slope = d > 0 ? (stage.rps - from) / d : 0;
            return ticks + from * t + slope * t * t / 2;
        }
        ticks += (from + stage.rps) / 2 * toNs(stage.duration) / kNsPerSecond;
        at += stage.duration;
        from = stage.rps;
    }
    return ticks + from * toNs(elapsed - at) / kNsPerSecond;
}

Schedule::Schedule(const Rate& rate, TimePoint start)
    : m_start(start) {
    double ticks = 0;
    double offset = 0;
    double from = rate.startRps() / kNsPerSecond;
    for (const auto& stage : rate.stageList()) {
        double duration = toNs(stage.duration);
        double to = stage.rps / kNsPerSecond;
        if (duration <= 0) {
            from = to;
            continue;
        }
        m_segments.push_back(Segment{ticks, offset, duration, from, to});
        ticks += (from + to) / 2 * duration;
        offset += duration;
        from = to;
    }
    m_segments.push_back(Segment{ticks, offset, -1, from, from});
}

TimePoint Schedule::dueOf(std::uint64_t index) {
    const double target = static_cast<double>(index);
    while (m_current + 1 < m_segments.size() && target >= m_segments[m_current + 1].startTicks)
        ++m_current;
    const Segment& seg = m_segments[m_current];
    const double n = target - seg.startTicks;
    double tau = 0;
    if (n > 0) {
        const double a = seg.fromPerNs;
        const double slope =
            seg.durationNs > 0 ? (seg.toPerNs - seg.fromPerNs) / seg.durationNs : 0;
        if (slope == 0) {
            if (a <= 0)
                return TimePoint::max(); // the rate stays at 0 from here on
            tau = n / a;
        } else {
            // Solve a·τ + slope·τ²/2 = n in the form that stays exact when slope → 0.
            double disc = std::max(0.0, a * a + 2 * slope * n);
            double denom = a + std::sqrt(disc);
            tau = denom > 0 ? 2 * n / denom : seg.durationNs;
            if (seg.durationNs > 0)
                tau = std::min(tau, seg.durationNs);
        }
    }
    const double at = seg.offsetNs + tau;
    if (at > 9.0e18)
        return TimePoint::max();
    return m_start + std::chrono::duration_cast<Duration>(
                         std::chrono::nanoseconds(static_cast<std::int64_t>(std::llround(at))));
}

void Schedule::setRps(double rps, std::uint64_t lastIndex, TimePoint lastDue, TimePoint now) {
    const double period = kNsPerSecond / rps;
    TimePoint anchor =
        std::max(lastDue, now - std::chrono::duration_cast<Duration>(
                                    std::chrono::nanoseconds(static_cast<std::int64_t>(period))));
    const double offset = toNs(anchor - m_start);
    m_segments.assign(1, Segment{static_cast<double>(lastIndex), offset, -1, rps / kNsPerSecond,
                                 rps / kNsPerSecond});
    m_current = 0;
}

} // namespace pusher
