// pusher-bench-metrics: the cost of recording. Prints one JSON line with
//  - histogram_record_ns: ns per Histogram::record of log-normal latencies,
//  - recorder_events_per_s: events per second one IntervalRecorder::listen folds on one
//    thread from a pre-filled GossipStream (stream cost included),
//  - drain_events_per_s: the same stream drained by a listener that does nothing (the peer:
//    what the stream alone costs), and the recorder's ns per event on top of it.
#include <pusher/intervalrecorder.h>
#include <pusher/pusher.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

namespace {

using Seconds = std::chrono::duration<double>;

// Drain is the do-nothing peer listener.
class Drain final : public pusher::Gossiper {
public:
    void listen(const pusher::Context&, pusher::Worker&, pusher::GossipStream& stream) override {
        pusher::Gossip g;
        while (stream.next(g))
            ++events;
    }
    void stop() override {}
    std::uint64_t events = 0;
};

// fill pushes `pairs` BeforeTarget/AfterTarget pairs (1 in 50 an error) and closes.
void fill(pusher::GossipStream& stream, std::size_t pairs) {
    std::mt19937_64 rng(7);
    std::lognormal_distribution<double> latency(std::log(2e6), 0.8);
    const pusher::Error failure("timeout", "timed out");
    auto t = pusher::Clock::now();
    for (std::size_t i = 0; i < pairs; ++i) {
        pusher::Gossip g;
        g.seq = i;
        g.intended = t;
        g.start = t;
        g.when = pusher::When::BeforeTarget;
        stream.push(g);
        g.when = pusher::When::AfterTarget;
        g.end = t + std::chrono::nanoseconds(static_cast<std::int64_t>(latency(rng)));
        if (i % 50 == 0)
            g.error = failure;
        stream.push(g);
        t += std::chrono::microseconds(1);
    }
    stream.close();
}

double timeListen(pusher::Gossiper& listener, std::size_t pairs) {
    pusher::GossipStream stream(2 * pairs + 1);
    fill(stream, pairs);
    auto worker = pusher::hire("bench", [](const pusher::Context&) {});
    const auto began = pusher::Clock::now();
    listener.listen(pusher::Context::background(), *worker, stream);
    return Seconds(pusher::Clock::now() - began).count();
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Measures histogram and interval-recorder costs."));
    parser.addHelpOption();
    QCommandLineOption records(QStringLiteral("records"),
                               QStringLiteral("Histogram records (default 50000000)."),
                               QStringLiteral("n"), QStringLiteral("50000000"));
    QCommandLineOption events(QStringLiteral("events"),
                              QStringLiteral("Recorder events (default 4000000)."),
                              QStringLiteral("n"), QStringLiteral("4000000"));
    QCommandLineOption repeats(QStringLiteral("repeats"),
                               QStringLiteral("Best of n runs (default 3)."), QStringLiteral("n"),
                               QStringLiteral("3"));
    parser.addOption(records);
    parser.addOption(events);
    parser.addOption(repeats);
    parser.process(app);
    bool ok1 = false, ok2 = false, ok3 = false;
    const auto nRecords = parser.value(records).toULongLong(&ok1);
    const auto nEvents = parser.value(events).toULongLong(&ok2);
    const int nRepeats = parser.value(repeats).toInt(&ok3);
    if (!ok1 || !ok2 || !ok3 || nRecords == 0 || nEvents < 2 || nRepeats < 1) {
        std::fprintf(
            stderr,
            "pusher-bench-metrics: --records, --events and --repeats take positive numbers\n");
        return 2;
    }

    // Histogram::record over a table of log-normal values (1 µs … seconds).
    std::vector<std::int64_t> values(1 << 20);
    std::mt19937_64 rng(42);
    std::lognormal_distribution<double> dist(std::log(2e6), 1.5);
    for (auto& v : values)
        v = static_cast<std::int64_t>(dist(rng));
    double bestRecordNs = 1e30;
    std::int64_t sink = 0;
    for (int r = 0; r < nRepeats; ++r) {
        pusher::Histogram h;
        const auto began = pusher::Clock::now();
        for (std::uint64_t i = 0; i < nRecords; ++i)
            h.record(values[i & (values.size() - 1)]);
        const double s = Seconds(pusher::Clock::now() - began).count();
        sink += h.percentile(99);
        bestRecordNs = std::min(bestRecordNs, s * 1e9 / static_cast<double>(nRecords));
    }

    // The recorder against the do-nothing peer, on the same pre-filled stream.
    const std::size_t pairs = nEvents / 2;
    double bestRecorder = 1e30, bestDrain = 1e30;
    std::uint64_t folded = 0;
    for (int r = 0; r < nRepeats; ++r) {
        Drain drain;
        bestDrain = std::min(bestDrain, timeListen(drain, pairs));
        pusher::IntervalRecorder recorder;
        bestRecorder = std::min(bestRecorder, timeListen(recorder, pairs));
        recorder.finish();
        folded = recorder.results().total.ticks + recorder.results().total.completed;
        if (folded != 2 * pairs || drain.events != 2 * pairs) {
            std::fprintf(stderr, "pusher-bench-metrics: lost events (%llu of %llu)\n",
                         static_cast<unsigned long long>(folded),
                         static_cast<unsigned long long>(2 * pairs));
            return 1;
        }
    }
    const double n = static_cast<double>(2 * pairs);
    QJsonObject out{
        {QStringLiteral("histogram_record_ns"), bestRecordNs},
        {QStringLiteral("recorder_events_per_s"), n / bestRecorder},
        {QStringLiteral("drain_events_per_s"), n / bestDrain},
        {QStringLiteral("recorder_ns_per_event"), bestRecorder * 1e9 / n},
        {QStringLiteral("drain_ns_per_event"), bestDrain * 1e9 / n},
        {QStringLiteral("recorder_over_drain"), bestRecorder / bestDrain},
        {QStringLiteral("events"), n},
        {QStringLiteral("records"), static_cast<double>(nRecords)},
        {QStringLiteral("check"), static_cast<double>(sink > 0)},
    };
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}
