// Synthetic target: no I/O, a latency drawn from a distribution and an error ratio.
#pragma once

#include <pusher/clock.h>
#include <pusher/target.h>

#include <QString>

#include <chrono>
#include <cstdint>
#include <functional>

namespace pusher {

// SyntheticOptions describe the latency and the errors of a synthetic target.
struct SyntheticOptions {
    // Distribution is the shape latencies are drawn from.
    enum class Distribution { Fixed, Uniform, Normal, LogNormal };

    Distribution distribution = Distribution::Fixed;
    // fixed is the latency of every call for Distribution::Fixed.
    Duration fixed = std::chrono::milliseconds(10);
    // min and max bound Distribution::Uniform.
    Duration min = std::chrono::milliseconds(5);
    Duration max = std::chrono::milliseconds(15);
    // mean and stddev shape Distribution::Normal (negative draws are clamped to zero).
    Duration mean = std::chrono::milliseconds(10);
    Duration stddev = std::chrono::milliseconds(2);
    // median and p99 shape Distribution::LogNormal; p99 must be above median.
    Duration median = std::chrono::milliseconds(10);
    Duration p99 = std::chrono::milliseconds(50);
    // errorRatio is the probability, 0 to 1, that a call fails with an Error of kind "synthetic".
    double errorRatio = 0.0;
    // seed makes the draws repeatable; 0 seeds from the clock.
    std::uint64_t seed = 0;

    // validate returns an empty string when the options are usable, else why not.
    [[nodiscard]] QString validate() const;
};

// SyntheticSampler draws latencies and errors as a synthetic target does. It is not
// thread-safe; it is public so that the distributions can be checked without waiting.
class SyntheticSampler {
public:
    explicit SyntheticSampler(const SyntheticOptions& options);
    // latency draws the next latency.
    Duration latency();
    // fails draws whether the next call fails.
    bool fails();

private:
    SyntheticOptions m_options;
    std::uint64_t m_state[4];
    double m_mu = 0;
    double m_sigma = 0;
    double uniform01();
    double normal01();
};

// makeSyntheticTarget returns an asynchronous Target that completes each call after a
// latency drawn from `options`, with an Error of kind "synthetic" at the given ratio.
// One timer thread per target (shared by all its copies) holds every call in flight, so
// tens of thousands of calls can wait at once; the thread ends with the last copy.
// Invalid options make every call fail with an Error of kind "invalid" saying why.
Target makeSyntheticTarget(const SyntheticOptions& options);

} // namespace pusher
