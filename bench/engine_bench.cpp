// pusher-bench-engine: how well the scheduler keeps a rate with a no-op target.
// Prints one JSON line: requested and achieved rate, tick counts, ticks lost between the
// scheduler and a listener, scheduling lag (intended → start) and CPU per call.
#include <pusher/pusher.h>

#include <QCoreApplication>
#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>

#include <sys/resource.h>

#include <array>
#include <cmath>
#include <cstdio>

namespace {

// LagListener counts what reaches it and keeps a log-bucketed histogram of the lag
// (intended → start) of every started call: 8 buckets per power of two, ~9 % wide.
class LagListener final : public pusher::Gossiper {
public:
    void listen(const pusher::Context&, pusher::Worker&, pusher::GossipStream& stream) override {
        pusher::Gossip g;
        while (stream.next(g)) {
            if (g.beforeTarget()) {
                ++before;
                auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(g.start - g.intended)
                              .count();
                ++buckets[bucketOf(static_cast<double>(std::max<std::int64_t>(ns, 1)))];
            } else if (g.canceled()) {
                canceled += g.ticks(); // a bulk cancel (never dispatched) stands for several
            }
        }
    }
    void stop() override {}

    double percentileUs(double q) const {
        std::uint64_t total = 0;
        for (auto b : buckets)
            total += b;
        if (total == 0)
            return 0;
        auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(total)));
        std::uint64_t seen = 0;
        for (std::size_t i = 0; i < buckets.size(); ++i) {
            seen += buckets[i];
            if (seen >= rank)
                return std::exp2((static_cast<double>(i) + 0.5) / 8.0) / 1000.0;
        }
        return 0;
    }

    std::uint64_t before = 0;
    std::uint64_t canceled = 0;

private:
    static std::size_t bucketOf(double ns) {
        auto i = static_cast<std::size_t>(std::log2(ns) * 8.0);
        return std::min<std::size_t>(i, 8 * 40 - 1);
    }
    std::array<std::uint64_t, 8 * 40> buckets{};
};

double cpuSeconds() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Engine scheduling benchmark with a no-op target."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("rps"), QStringLiteral("Requested ticks per second."),
                      QStringLiteral("N"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("Run time."), QStringLiteral("S"),
                      QStringLiteral("3")});
    parser.addOption({QStringLiteral("overtime"), QStringLiteral("Overtime (default 1,000,000)."),
                      QStringLiteral("K"), QStringLiteral("1000000")});
    parser.process(app);

    bool ok1 = false, ok2 = false, ok3 = false;
    const double rps = parser.value(QStringLiteral("rps")).toDouble(&ok1);
    const double seconds = parser.value(QStringLiteral("seconds")).toDouble(&ok2);
    const qint64 overtime = parser.value(QStringLiteral("overtime")).toLongLong(&ok3);
    if (!ok1 || !ok2 || !ok3 || seconds <= 0 || seconds > 3600) {
        std::fprintf(
            stderr,
            "pusher-bench-engine: --rps, --seconds (0 < S ≤ 3600) and --overtime take numbers\n");
        return 2;
    }

    auto listener = std::make_shared<LagListener>();
    auto worker = pusher::hire(
        "bench", [](const pusher::Context&) {}, pusher::withGossips(listener),
        pusher::withOvertime(overtime));
    auto [ctx, cancel] = pusher::withTimeout(
        pusher::Context::background(),
        std::chrono::duration_cast<pusher::Duration>(std::chrono::duration<double>(seconds)));
    const double cpu0 = cpuSeconds();
    const auto t0 = pusher::Clock::now();
    pusher::Error err = worker->work(ctx, rps);
    const double elapsed = std::chrono::duration<double>(pusher::Clock::now() - t0).count();
    const double cpu = cpuSeconds() - cpu0;
    if (!pusher::isContextError(err)) {
        std::fprintf(stderr, "pusher-bench-engine: %s\n", err.message().c_str());
        return 1;
    }
    const pusher::Stats s = worker->stats();
    // lost: ticks the scheduler counted that reached the listener neither as a started
    // call nor as Canceled (dropped Canceled gossip is counted, so it is not lost).
    const auto heard = listener->before + listener->canceled + s.canceledDropped;
    const auto lost = static_cast<qint64>(s.ticks) - static_cast<qint64>(heard);

    QJsonObject out{
        {QStringLiteral("requested_rps"), rps},
        {QStringLiteral("seconds"), seconds},
        {QStringLiteral("elapsed_s"), elapsed},
        {QStringLiteral("ticks"), static_cast<qint64>(s.ticks)},
        {QStringLiteral("expected_ticks"), std::floor(rps * seconds) + 1},
        {QStringLiteral("started"), static_cast<qint64>(s.started)},
        {QStringLiteral("canceled"), static_cast<qint64>(s.canceled)},
        {QStringLiteral("canceled_dropped"), static_cast<qint64>(s.canceledDropped)},
        {QStringLiteral("lost"), lost},
        {QStringLiteral("achieved_rps"), static_cast<double>(s.started) / seconds},
        {QStringLiteral("lag_p50_us"), listener->percentileUs(0.50)},
        {QStringLiteral("lag_p99_us"), listener->percentileUs(0.99)},
        {QStringLiteral("cpu_us_per_call"),
         s.ticks ? cpu * 1e6 / static_cast<double>(s.ticks) : 0.0},
    };
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}
