#include "pusher/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

namespace pusher {

namespace {

constexpr char kMagic[4] = {'P', 'H', '1', '\0'};

void putVarint(QByteArray& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.append(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.append(static_cast<char>(v));
}

std::uint64_t zigzag(std::int64_t v) {
    return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
std::int64_t unzigzag(std::uint64_t v) {
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

// Reader decodes what toBytes wrote, remembering the first problem.
struct Reader {
    const QByteArray& in;
    qsizetype pos = 0;
    QString problem;

    bool varint(std::uint64_t& v, const char* what) {
        v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= in.size()) {
                problem = QStringLiteral("truncated at byte %1 reading %2")
                              .arg(pos)
                              .arg(QLatin1String(what));
                return false;
            }
            auto byte = static_cast<unsigned char>(in[pos++]);
            v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                return true;
        }
        problem = QStringLiteral("overlong varint at byte %1 reading %2")
                      .arg(pos)
                      .arg(QLatin1String(what));
        return false;
    }
};

} // namespace

Histogram::Histogram() noexcept = default;

void Histogram::cover(int low, int high) {
    const int size = static_cast<int>(m_counts.size());
    if (size > 0 && low >= m_base && high < m_base + size)
        return;
    int from = size > 0 ? std::min(m_base, low) : low;
    int to = size > 0 ? std::max(m_base + size - 1, high) : high;
    // Grow by at least the span held (amortised O(1) per bucket), within the layout.
    const int grow = std::max(size, 8);
    if (size > 0 && from < m_base)
        from = std::min(from, m_base - grow);
    if (size > 0 && to > m_base + size - 1)
        to = std::max(to, m_base + size - 1 + grow);
    from = std::max(from, 0);
    to = std::min(to, kBucketCount - 1);
    std::vector<std::uint64_t> counts(static_cast<std::size_t>(to - from + 1), 0);
    if (size > 0)
        std::copy(m_counts.begin(), m_counts.end(),
                  counts.begin() + static_cast<std::ptrdiff_t>(m_base - from));
    m_counts = std::move(counts);
    m_base = from;
}

std::int64_t Histogram::bucketLow(int index) noexcept {
    const int e = index / kSubBuckets + kFirstExponent;
    const int sub = index % kSubBuckets;
    return static_cast<std::int64_t>(kSubBuckets + sub) << (e - kSubBucketBits);
}

std::int64_t Histogram::bucketHigh(int index) noexcept {
    const int e = index / kSubBuckets + kFirstExponent;
    return bucketLow(index) + (std::int64_t(1) << (e - kSubBucketBits));
}

void Histogram::recordN(std::int64_t ns, std::uint64_t n) noexcept {
    if (n == 0)
        return;
    const int i = bucketOf(ns);
    if (i < m_base || i >= m_base + static_cast<int>(m_counts.size()))
        cover(i, i);
    slot(i) += n;
    tally(i, ns, n);
}

void Histogram::merge(const Histogram& other) noexcept {
    if (other.m_count == 0)
        return;
    cover(other.m_low, other.m_high);
    for (int i = other.m_low; i <= other.m_high; ++i)
        slot(i) += other.countAt(i);
    m_low = std::min(m_low, other.m_low);
    m_high = std::max(m_high, other.m_high);
    if (m_count == 0) {
        m_min = other.m_min;
        m_max = other.m_max;
    } else {
        m_min = std::min(m_min, other.m_min);
        m_max = std::max(m_max, other.m_max);
    }
    m_count += other.m_count;
    m_underflows += other.m_underflows;
    m_overflows += other.m_overflows;
    m_sum += other.m_sum;
}

void Histogram::reset() noexcept {
    if (m_high >= m_low) // the span is kept: the next interval's values fall there again
        std::fill(m_counts.begin() + (m_low - m_base), m_counts.begin() + (m_high - m_base) + 1, 0);
    m_count = m_underflows = m_overflows = 0;
    m_min = m_max = 0;
    m_sum = 0;
    m_low = kBucketCount;
    m_high = -1;
}

std::int64_t Histogram::percentile(double q) const noexcept {
    if (m_count == 0)
        return 0;
    if (!(q > 0)) // also NaN
        return m_min;
    if (q >= 100)
        return m_max;
    auto rank = static_cast<std::uint64_t>(std::ceil(q / 100.0 * static_cast<double>(m_count)));
    rank = std::clamp<std::uint64_t>(rank, 1, m_count);
    std::uint64_t seen = 0;
    for (int i = m_low; i <= m_high; ++i) {
        seen += countAt(i);
        if (seen >= rank) {
            const std::int64_t mid = bucketLow(i) + (bucketHigh(i) - bucketLow(i)) / 2;
            return std::clamp(mid, m_min, m_max);
        }
    }
    return m_max;
}

bool operator==(const Histogram& a, const Histogram& b) noexcept {
    if (a.m_count != b.m_count || a.m_underflows != b.m_underflows ||
        a.m_overflows != b.m_overflows || a.min() != b.min() || a.max() != b.max() ||
        std::memcmp(&a.m_sum, &b.m_sum, sizeof(double)) != 0)
        return false;
    if (a.m_count == 0)
        return true;
    // m_low and m_high are the lowest and highest nonzero buckets.
    if (a.m_low != b.m_low || a.m_high != b.m_high)
        return false;
    for (int i = a.m_low; i <= a.m_high; ++i)
        if (a.countAt(i) != b.countAt(i))
            return false;
    return true;
}

QByteArray Histogram::toBytes() const {
    // Layout: magic, count, underflows, overflows, zigzag min, zigzag max, the bits of the
    // double sum, the number of nonzero buckets, then (index gap, count) per nonzero bucket.
    QByteArray out(kMagic, 4);
    putVarint(out, m_count);
    putVarint(out, m_underflows);
    putVarint(out, m_overflows);
    putVarint(out, zigzag(min()));
    putVarint(out, zigzag(max()));
    putVarint(out, std::bit_cast<std::uint64_t>(m_sum));
    int nonzero = 0;
    for (int i = m_low; i <= m_high; ++i)
        nonzero += countAt(i) ? 1 : 0;
    putVarint(out, static_cast<std::uint64_t>(nonzero));
    int previous = -1;
    for (int i = m_low; i <= m_high; ++i) {
        if (!countAt(i))
            continue;
        putVarint(out, static_cast<std::uint64_t>(i - previous));
        putVarint(out, countAt(i));
        previous = i;
    }
    return out;
}

std::optional<Histogram> Histogram::fromBytes(const QByteArray& bytes, QString* error) {
    auto fail = [error](const QString& why) -> std::optional<Histogram> {
        if (error)
            *error = QStringLiteral("invalid histogram: ") + why;
        return std::nullopt;
    };
    if (bytes.size() < 4 || std::memcmp(bytes.constData(), kMagic, 4) != 0)
        return fail(QStringLiteral("missing the 'PH1' header"));
    Reader r{bytes, 4, {}};
    std::uint64_t count, under, over, zmin, zmax, sumBits, nonzero;
    if (!r.varint(count, "count") || !r.varint(under, "underflows") ||
        !r.varint(over, "overflows") || !r.varint(zmin, "min") || !r.varint(zmax, "max") ||
        !r.varint(sumBits, "sum") || !r.varint(nonzero, "bucket count"))
        return fail(r.problem);
    if (nonzero > static_cast<std::uint64_t>(kBucketCount))
        return fail(QStringLiteral("%1 buckets, the layout has %2").arg(nonzero).arg(kBucketCount));
    Histogram h;
    std::uint64_t total = 0;
    int index = -1;
    for (std::uint64_t k = 0; k < nonzero; ++k) {
        std::uint64_t gap, n;
        if (!r.varint(gap, "bucket index") || !r.varint(n, "bucket count"))
            return fail(r.problem);
        if (gap == 0 || gap > static_cast<std::uint64_t>(kBucketCount - 1 - index))
            return fail(QStringLiteral("bucket index out of range in entry %1").arg(k));
        if (n == 0)
            return fail(QStringLiteral("empty bucket in entry %1").arg(k));
        index += static_cast<int>(gap);
        h.cover(index, index);
        h.slot(index) = n;
        h.m_low = std::min(h.m_low, index);
        h.m_high = index;
        total += n;
    }
    if (r.pos != bytes.size())
        return fail(QStringLiteral("%1 trailing bytes").arg(bytes.size() - r.pos));
    if (total != count)
        return fail(
            QStringLiteral("bucket counts add up to %1, header says %2").arg(total).arg(count));
    if (under + over > count)
        return fail(QStringLiteral("more out-of-range values than values"));
    h.m_count = count;
    h.m_underflows = under;
    h.m_overflows = over;
    h.m_min = count ? unzigzag(zmin) : 0;
    h.m_max = count ? unzigzag(zmax) : 0;
    h.m_sum = std::bit_cast<double>(sumBits);
    if (count && h.m_min > h.m_max)
        return fail(QStringLiteral("min is above max"));
    return h;
}

QString Histogram::toBase64() const {
    return QString::fromLatin1(toBytes().toBase64());
}

std::optional<Histogram> Histogram::fromBase64(const QString& text, QString* error) {
    auto decoded =
        QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        if (error)
            *error = QStringLiteral("invalid histogram: not base64");
        return std::nullopt;
    }
    return fromBytes(*decoded, error);
}

LatencySummary LatencySummary::of(const Histogram& h) noexcept {
    LatencySummary s;
    s.count = h.count();
    s.min = h.min();
    s.mean = h.mean();
    s.p50 = h.percentile(50);
    s.p90 = h.percentile(90);
    s.p95 = h.percentile(95);
    s.p99 = h.percentile(99);
    s.p999 = h.percentile(99.9);
    s.max = h.max();
    return s;
}

} // namespace pusher
