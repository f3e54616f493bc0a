// bigResults: the results of a run of many workers, made by the metrics layer as a run's are.
#pragma once

#include <pusher/intervalrecorder.h>

#include <chrono>

namespace testing {

// callsPerInterval is what worker `i` of bigResults completes per interval: every 500th
// worker (7, 507, ...) is large, 40 calls and more, the others make 1 to 3.
inline int callsPerInterval(int i) {
    return i % 500 == 7 ? 40 + i / 500 : 1 + i % 3;
}

// bigResults records `workers` workers ("w00000", "w00001", ...) over `intervals` intervals
// of 250 ms with a manual-clock IntervalRecorder (what pusher-cli run writes, without the
// engine): worker i completes callsPerInterval(i) calls per interval, latencies vary with
// the call, every 25th call of a worker is an error.
inline pusher::RunResults bigResults(int workers, int intervals) {
    using namespace std::chrono_literals;
    pusher::IntervalRecorder::Options options;
    options.manualClock = true;
    options.interval = 250ms;
    options.scenario = QStringLiteral("ten thousand workers");
    options.plannedSeconds = intervals * 0.25;
    pusher::IntervalRecorder rec(options);
    QList<QString> idents;
    idents.reserve(workers);
    for (int w = 0; w < workers; ++w)
        idents.append(QStringLiteral("w%1").arg(w, 5, 10, QLatin1Char('0')));
    const auto t0 = pusher::Clock::now();
    rec.start(t0);
    for (int i = 0; i < intervals; ++i) {
        const auto at = t0 + i * 250ms;
        for (int w = 0; w < workers; ++w) {
            const int calls = callsPerInterval(w);
            for (int k = 0; k < calls; ++k) {
                pusher::Gossip g;
                g.intended = at + std::chrono::microseconds(1000 * k);
                g.start = g.intended + std::chrono::microseconds(20);
                g.when = pusher::When::BeforeTarget;
                rec.record(idents[w], g);
                g.when = pusher::When::AfterTarget;
                g.end = g.start + std::chrono::microseconds(500 + 13 * ((w + k) % 97) + 40 * i);
                if ((i * calls + k) % 25 == 0)
                    g.error = pusher::Error("http_503", "503 Service Unavailable");
                rec.record(idents[w], g);
            }
        }
        rec.cut(t0 + (i + 1) * 250ms);
    }
    rec.finish(t0 + intervals * 250ms);
    return rec.results();
}

} // namespace testing
