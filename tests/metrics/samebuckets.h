// Test helper shared by the merge tests: two histograms hold the same samples, bucket for
// bucket (operator== also compares the floating-point sum, which depends on merge order).
#pragma once

#include <pusher/histogram.h>

namespace pusher::test {

inline bool sameBuckets(const Histogram& a, const Histogram& b) {
    if (a.count() != b.count() || a.min() != b.min() || a.max() != b.max())
        return false;
    for (int i = 0; i < Histogram::kBucketCount; ++i)
        if (a.countAt(i) != b.countAt(i))
            return false;
    return true;
}

} // namespace pusher::test
