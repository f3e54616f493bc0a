// Histogram: percentiles against exact sorted samples, merge, clamping, serialisation.
#include <pusher/histogram.h>

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

using pusher::Histogram;

namespace {

enum class Dist { Uniform, Exponential, LogNormal, Bimodal, Constant, Huge, Tiny, Wide };

std::vector<std::int64_t> samples(Dist dist, std::size_t n, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::int64_t> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        double v = 0;
        switch (dist) {
        case Dist::Uniform:
            v = std::uniform_real_distribution<double>(1e3, 1e8)(rng);
            break;
        case Dist::Exponential:
            v = 1e3 + std::exponential_distribution<double>(1.0 / 2e6)(rng);
            break;
        case Dist::LogNormal:
            v = std::lognormal_distribution<double>(std::log(5e6), 1.2)(rng);
            break;
        case Dist::Bimodal:
            v = (i % 10 == 0) ? std::normal_distribution<double>(800e6, 50e6)(rng)
                              : std::normal_distribution<double>(2e6, 2e5)(rng);
            break;
        case Dist::Constant:
            v = 12'345'678;
            break;
        case Dist::Huge: // minutes to an hour
            v = std::uniform_real_distribution<double>(60e9, 3.6e12)(rng);
            break;
        case Dist::Tiny: // microseconds
            v = std::uniform_real_distribution<double>(1e3, 20e3)(rng);
            break;
        case Dist::Wide: // log-uniform over the whole range
            v = std::exp(
                std::uniform_real_distribution<double>(std::log(1e3), std::log(3.6e12))(rng));
            break;
        }
        out.push_back(std::clamp<std::int64_t>(static_cast<std::int64_t>(v), Histogram::kMinValue,
                                               Histogram::kMaxValue));
    }
    return out;
}

std::int64_t exactPercentile(const std::vector<std::int64_t>& sorted, double q) {
    auto rank = static_cast<std::size_t>(std::ceil(q / 100.0 * static_cast<double>(sorted.size())));
    rank = std::clamp<std::size_t>(rank, 1, sorted.size());
    return sorted[rank - 1];
}

} // namespace

Q_DECLARE_METATYPE(Dist)

class TestHistogram : public QObject {
    Q_OBJECT
private slots:
    void percentiles_data();
    void percentiles();
    void bucketLayoutBoundsError();
    void mergeEqualsRecordAll();
    void clampsAndCounts();
    void empty();
    void serialisationRoundTrip_data();
    void serialisationRoundTrip();
    void rejectsMalformed_data();
    void rejectsMalformed();
};

void TestHistogram::percentiles_data() {
    QTest::addColumn<Dist>("dist");
    QTest::addColumn<int>("n");
    QTest::newRow("uniform") << Dist::Uniform << 100000;
    QTest::newRow("exponential") << Dist::Exponential << 100000;
    QTest::newRow("lognormal") << Dist::LogNormal << 100000;
    QTest::newRow("bimodal") << Dist::Bimodal << 100000;
    QTest::newRow("constant") << Dist::Constant << 1000;
    QTest::newRow("huge") << Dist::Huge << 50000;
    QTest::newRow("tiny") << Dist::Tiny << 50000;
    QTest::newRow("wide") << Dist::Wide << 100000;
    QTest::newRow("single") << Dist::LogNormal << 1;
    QTest::newRow("few") << Dist::Exponential << 7;
}

void TestHistogram::percentiles() {
    QFETCH(Dist, dist);
    QFETCH(int, n);
    auto values = samples(dist, static_cast<std::size_t>(n), 42);
    Histogram h;
    double sum = 0;
    for (auto v : values) {
        h.record(v);
        sum += static_cast<double>(v);
    }
    std::sort(values.begin(), values.end());
    QCOMPARE(h.count(), static_cast<std::uint64_t>(n));
    QCOMPARE(h.min(), values.front());
    QCOMPARE(h.max(), values.back());
    QVERIFY(std::fabs(h.mean() - sum / n) <= 1e-9 * sum / n);
    QCOMPARE(h.underflows() + h.overflows(), 0u);
    for (double q : {0.0, 0.1, 1.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.9, 99.99, 100.0}) {
        const auto exact = exactPercentile(values, q);
        const auto got = h.percentile(q);
        const double err = std::fabs(static_cast<double>(got - exact)) / static_cast<double>(exact);
        if (err > Histogram::kRelativeError)
            QFAIL(qPrintable(QStringLiteral("q=%1: got %2, exact %3, error %4")
                                 .arg(q)
                                 .arg(got)
                                 .arg(exact)
                                 .arg(err)));
        QVERIFY(got <= h.max());
        QVERIFY(got >= h.min());
    }
    // Percentiles are monotonic in q.
    std::int64_t previous = 0;
    for (double q = 0; q <= 100; q += 0.5) {
        QVERIFY(h.percentile(q) >= previous);
        previous = h.percentile(q);
    }
}

void TestHistogram::bucketLayoutBoundsError() {
    // Every bucket in range is at most 1/64 of its low bound wide, and buckets tile the range.
    const int first = Histogram::bucketOf(Histogram::kMinValue);
    const int last = Histogram::bucketOf(Histogram::kMaxValue);
    QVERIFY(last < Histogram::kBucketCount);
    QVERIFY(Histogram::bucketHigh(last) > Histogram::kMaxValue);
    for (int i = first; i <= last; ++i) {
        const auto lo = Histogram::bucketLow(i), hi = Histogram::bucketHigh(i);
        QVERIFY(hi > lo);
        QVERIFY(static_cast<double>(hi - lo) / static_cast<double>(lo) <= 1.0 / 64 + 1e-12);
        QCOMPARE(Histogram::bucketOf(lo), i);
        QCOMPARE(Histogram::bucketOf(hi - 1), i);
        if (i < last)
            QCOMPARE(Histogram::bucketLow(i + 1), hi);
    }
}

void TestHistogram::mergeEqualsRecordAll() {
    Histogram all, a, b, c;
    auto x = samples(Dist::LogNormal, 20000, 1);
    auto y = samples(Dist::Bimodal, 30000, 2);
    auto z = samples(Dist::Tiny, 500, 3);
    for (auto v : x) {
        a.record(v);
        all.record(v);
    }
    for (auto v : y) {
        b.record(v);
        all.record(v);
    }
    for (auto v : z) {
        c.record(v);
        all.record(v);
    }
    all.record(std::int64_t(5)); // underflow
    c.record(std::int64_t(5));
    Histogram merged;
    merged.merge(b);
    merged.merge(Histogram{});
    merged.merge(c);
    merged.merge(a);
    QCOMPARE(merged.count(), all.count());
    QCOMPARE(merged.min(), all.min());
    QCOMPARE(merged.max(), all.max());
    QCOMPARE(merged.underflows(), 1u);
    for (int i = 0; i < Histogram::kBucketCount; ++i)
        QCOMPARE(merged.countAt(i), all.countAt(i));
    for (double q : {1.0, 50.0, 90.0, 99.0, 99.9})
        QCOMPARE(merged.percentile(q), all.percentile(q));
    QVERIFY(std::fabs(merged.mean() - all.mean()) <= 1e-9 * all.mean());
    merged.reset();
    QCOMPARE(merged.count(), 0u);
    QVERIFY(merged == Histogram{});
}

void TestHistogram::clampsAndCounts() {
    Histogram h;
    h.record(std::int64_t(-5));
    h.record(std::int64_t(999));
    h.record(std::int64_t(1000));
    h.record(Histogram::kMaxValue + 1);
    h.record(std::int64_t(7'200'000'000'000)); // two hours
    QCOMPARE(h.count(), 5u);
    QCOMPARE(h.underflows(), 2u);
    QCOMPARE(h.overflows(), 2u);
    QCOMPARE(h.min(), std::int64_t(-5));
    QCOMPARE(h.max(), std::int64_t(7'200'000'000'000));
    QCOMPARE(h.countAt(Histogram::bucketOf(Histogram::kMinValue)), 3u);
    QCOMPARE(h.countAt(Histogram::bucketOf(Histogram::kMaxValue)), 2u);
    QCOMPARE(h.percentile(100), h.max());
    QVERIFY(h.percentile(99) <= h.max());
    h.recordN(5'000'000, 10);
    QCOMPARE(h.count(), 15u);
    QCOMPARE(h.percentile(50), Histogram::bucketLow(Histogram::bucketOf(5'000'000)) +
                                   (Histogram::bucketHigh(Histogram::bucketOf(5'000'000)) -
                                    Histogram::bucketLow(Histogram::bucketOf(5'000'000))) /
                                       2);
    h.record(std::chrono::milliseconds(3));
    QCOMPARE(h.count(), 16u);
}

void TestHistogram::empty() {
    Histogram h;
    QVERIFY(h.isEmpty());
    QCOMPARE(h.percentile(50), 0);
    QCOMPARE(h.min(), 0);
    QCOMPARE(h.max(), 0);
    QCOMPARE(h.mean(), 0.0);
    auto back = Histogram::fromBase64(h.toBase64());
    QVERIFY(back);
    QVERIFY(*back == h);
}

void TestHistogram::serialisationRoundTrip_data() {
    QTest::addColumn<Dist>("dist");
    QTest::addColumn<int>("n");
    QTest::newRow("lognormal") << Dist::LogNormal << 100000;
    QTest::newRow("wide") << Dist::Wide << 100000;
    QTest::newRow("constant") << Dist::Constant << 3;
    QTest::newRow("huge") << Dist::Huge << 1000;
}

void TestHistogram::serialisationRoundTrip() {
    QFETCH(Dist, dist);
    QFETCH(int, n);
    Histogram h;
    for (auto v : samples(dist, static_cast<std::size_t>(n), 7))
        h.record(v);
    h.record(std::int64_t(12));         // underflow
    h.record(Histogram::kMaxValue * 2); // overflow
    const QString text = h.toBase64();
    QString error;
    auto back = Histogram::fromBase64(text, &error);
    QVERIFY2(back, qPrintable(error));
    QVERIFY(*back == h);
    QCOMPARE(back->toBase64(), text);
    QCOMPARE(back->percentile(99.9), h.percentile(99.9));
    QCOMPARE(back->underflows(), 1u);
    QCOMPARE(back->overflows(), 1u);
    // Compact: a full-range histogram stays far below its in-memory size.
    QVERIFY(h.toBytes().size() < 8 * 1024);
    // And a recorder can keep on recording into a restored histogram.
    back->record(std::int64_t(5'000));
    QCOMPARE(back->count(), h.count() + 1);
}

void TestHistogram::rejectsMalformed_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("why");
    Histogram h;
    h.record(std::int64_t(5'000'000));
    h.record(std::int64_t(6'000'000));
    const QByteArray good = h.toBytes();
    QTest::newRow("not base64") << QStringLiteral("@@@###") << QStringLiteral("not base64");
    QTest::newRow("no header") << QString::fromLatin1(QByteArray("XYZ1abc").toBase64())
                               << QStringLiteral("header");
    QTest::newRow("truncated") << QString::fromLatin1(good.left(good.size() - 1).toBase64())
                               << QStringLiteral("truncated");
    QTest::newRow("trailing") << QString::fromLatin1(QByteArray(good + QByteArray(1, 0)).toBase64())
                              << QStringLiteral("trailing");
    QByteArray wrongCount = good;
    wrongCount[4] = 3; // header count 3, buckets add to 2
    QTest::newRow("count mismatch")
        << QString::fromLatin1(wrongCount.toBase64()) << QStringLiteral("add up");
}

void TestHistogram::rejectsMalformed() {
    QFETCH(QString, text);
    QFETCH(QString, why);
    QString error;
    QVERIFY(!Histogram::fromBase64(text, &error));
    QVERIFY2(error.contains(why), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestHistogram)
#include "tst_histogram.moc"
