// Histogram: a fixed-layout, mergeable latency histogram with a stated relative error.
#pragma once

#include "pusher/clock.h"

#include <QByteArray>
#include <QString>

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace pusher {

// Histogram counts durations in nanoseconds in log-linear buckets: every power of two is
// split into 64 equal sub-buckets, so a bucket is at most 1/64 of its lower bound wide and
// its midpoint, which is what percentile() reports, is within 1/128 (0.78 %) of every
// value in it. The layout is fixed (no allocation, O(1) record) and covers
// kMinValue = 1 µs to kMaxValue = 1 h; values outside are clamped into the first or last
// bucket and counted in underflows() / overflows(). min(), max() and mean() are exact
// (computed from the raw values). Two histograms merge exactly by adding bucket counts.
// Only the span of buckets in use is stored (a latency histogram uses a few dozen of the
// 2,112): an empty one holds no memory, a typical one a few hundred bytes — a run of 10,000
// workers keeps three per worker per interval, live and whole-run, plus the snapshots.
class Histogram {
public:
    static constexpr std::int64_t kMinValue = 1'000;             // 1 µs in ns
    static constexpr std::int64_t kMaxValue = 3'600'000'000'000; // 1 h in ns
    static constexpr int kSubBucketBits = 6;
    static constexpr int kSubBuckets = 1 << kSubBucketBits;
    // kFirstExponent is the power of two of the first octave: 2^9 = 512 ns ≤ kMinValue.
    static constexpr int kFirstExponent = 9;
    // kLastExponent is the power of two of the last octave: 2^41 ≤ kMaxValue < 2^42.
    static constexpr int kLastExponent = 41;
    static constexpr int kBucketCount = (kLastExponent - kFirstExponent + 1) * kSubBuckets;
    // kRelativeError bounds |percentile(q) − exact q-th value| / exact value in range.
    static constexpr double kRelativeError = 1.0 / 128.0;

    Histogram() noexcept;

    // record adds one value in nanoseconds: O(1); it allocates only when the value falls
    // outside the span of buckets used so far (amortised: the span grows by doubling).
    // The common case (a bucket inside the stored span) is inline: it is on every call's path.
    void record(std::int64_t ns) noexcept {
        const int i = bucketOf(ns);
        const int at = i - m_base;
        if (at < 0 || at >= static_cast<int>(m_counts.size())) [[unlikely]] {
            recordN(ns, 1);
            return;
        }
        ++m_counts[static_cast<std::size_t>(at)];
        tally(i, ns, 1);
    }
    // record adds one duration.
    void record(Duration d) noexcept {
        record(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count());
    }
    // recordN adds `n` occurrences of the value `ns`.
    void recordN(std::int64_t ns, std::uint64_t n) noexcept;
    // merge adds all counts of `other`: the result equals recording both value streams.
    void merge(const Histogram& other) noexcept;
    // reset empties the histogram; its cost is proportional to the occupied buckets.
    void reset() noexcept;

    [[nodiscard]] std::uint64_t count() const noexcept { return m_count; }
    [[nodiscard]] bool isEmpty() const noexcept { return m_count == 0; }
    // underflows counts recorded values below kMinValue (they count as kMinValue's bucket).
    [[nodiscard]] std::uint64_t underflows() const noexcept { return m_underflows; }
    // overflows counts recorded values above kMaxValue (they count as kMaxValue's bucket).
    [[nodiscard]] std::uint64_t overflows() const noexcept { return m_overflows; }
    // min is the smallest raw value recorded, 0 when empty.
    [[nodiscard]] std::int64_t min() const noexcept { return m_count ? m_min : 0; }
    // max is the largest raw value recorded, 0 when empty.
    [[nodiscard]] std::int64_t max() const noexcept { return m_count ? m_max : 0; }
    // mean is the arithmetic mean of the raw values, 0 when empty.
    [[nodiscard]] double mean() const noexcept {
        return m_count ? m_sum / static_cast<double>(m_count) : 0.0;
    }
    // sum is the sum of the raw values in nanoseconds.
    [[nodiscard]] double sum() const noexcept { return m_sum; }

    // percentile returns the value at `q` percent (q in [0, 100], clamped): the midpoint of
    // the bucket holding the sample of rank ceil(q/100 × count), kept within [min, max] so
    // that no percentile exceeds max. 0 when empty.
    [[nodiscard]] std::int64_t percentile(double q) const noexcept;
    // percentileMs is percentile(q) in milliseconds.
    [[nodiscard]] double percentileMs(double q) const noexcept {
        return static_cast<double>(percentile(q)) / 1e6;
    }

    // bucketOf is the bucket index of a value (clamped into range).
    [[nodiscard]] static int bucketOf(std::int64_t ns) noexcept {
        ns = std::clamp(ns, kMinValue, kMaxValue);
        const auto v = static_cast<std::uint64_t>(ns);
        const int e = 63 - std::countl_zero(v);
        const int sub = static_cast<int>((v >> (e - kSubBucketBits)) & (kSubBuckets - 1));
        return (e - kFirstExponent) * kSubBuckets + sub;
    }
    // bucketLow is the smallest value of bucket `index`; bucketHigh the first value past it.
    [[nodiscard]] static std::int64_t bucketLow(int index) noexcept;
    [[nodiscard]] static std::int64_t bucketHigh(int index) noexcept;
    // countAt is the count of bucket `index`.
    [[nodiscard]] std::uint64_t countAt(int index) const noexcept {
        return index >= m_base && index < m_base + static_cast<int>(m_counts.size())
                   ? m_counts[static_cast<std::size_t>(index - m_base)]
                   : 0;
    }
    // heapBytes is the memory the stored span of buckets takes.
    [[nodiscard]] std::size_t heapBytes() const noexcept {
        return m_counts.capacity() * sizeof(std::uint64_t);
    }

    // toBytes is a compact binary form (varint-coded nonzero buckets), a few hundred bytes
    // for typical latency data; fromBytes restores it exactly, or returns nullopt and sets
    // `error` for malformed input.
    [[nodiscard]] QByteArray toBytes() const;
    [[nodiscard]] static std::optional<Histogram> fromBytes(const QByteArray& bytes,
                                                            QString* error = nullptr);
    // toBase64 is toBytes() in base64, the form used in results files.
    [[nodiscard]] QString toBase64() const;
    [[nodiscard]] static std::optional<Histogram> fromBase64(const QString& text,
                                                             QString* error = nullptr);

    friend bool operator==(const Histogram& a, const Histogram& b) noexcept;

private:
    // cover makes the stored span include buckets `low` … `high`.
    void cover(int low, int high);
    // tally accounts `n` values `ns` of bucket `i` (already counted in its bucket) in the
    // summary: out-of-range counts, the span used, min, max, count and sum.
    void tally(int i, std::int64_t ns, std::uint64_t n) noexcept {
        m_underflows += ns < kMinValue ? n : 0;
        m_overflows += ns > kMaxValue ? n : 0;
        m_low = std::min(m_low, i);
        m_high = std::max(m_high, i);
        if (m_count == 0) {
            m_min = ns;
            m_max = ns;
        } else {
            m_min = std::min(m_min, ns);
            m_max = std::max(m_max, ns);
        }
        m_count += n;
        m_sum += static_cast<double>(ns) * static_cast<double>(n);
    }
    [[nodiscard]] std::uint64_t& slot(int index) noexcept {
        return m_counts[static_cast<std::size_t>(index - m_base)];
    }

    // m_counts holds buckets m_base … m_base + size − 1; the others are 0.
    std::vector<std::uint64_t> m_counts;
    int m_base = 0;
    std::uint64_t m_count = 0;
    std::uint64_t m_underflows = 0;
    std::uint64_t m_overflows = 0;
    std::int64_t m_min = 0;
    std::int64_t m_max = 0;
    double m_sum = 0;
    // m_low / m_high bound the occupied buckets so that merge, reset and percentile only
    // touch those (cheap for the many small interval histograms).
    int m_low = kBucketCount;
    int m_high = -1;
};

// LatencySummary is the usual digest of a Histogram, in nanoseconds.
struct LatencySummary {
    std::uint64_t count = 0;
    std::int64_t min = 0;
    double mean = 0;
    std::int64_t p50 = 0;
    std::int64_t p90 = 0;
    std::int64_t p95 = 0;
    std::int64_t p99 = 0;
    std::int64_t p999 = 0;
    std::int64_t max = 0;

    // of computes the summary of `h`.
    static LatencySummary of(const Histogram& h) noexcept;
};

} // namespace pusher
