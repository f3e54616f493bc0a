// sampleResults: deterministic RunResults made by a manual-clock IntervalRecorder.
#pragma once

#include <pusher/intervalrecorder.h>

namespace testing {

using namespace std::chrono_literals;

// sampleResults runs `intervals` intervals of 250 ms with Workers "api" and "db, replica"
// (a comma, to exercise CSV quoting): `rate` calls per interval each, latencies growing
// with time, every 10th call an error, every 3rd interval a canceled tick.
inline pusher::RunResults sampleResults(int intervals = 20, int rate = 50, double slowdown = 1.0) {
    pusher::IntervalRecorder::Options options;
    options.manualClock = true;
    options.scenario = QStringLiteral("checkout <smoke> & co");
    pusher::IntervalRecorder rec(options);
    const auto t0 = pusher::Clock::now();
    rec.start(t0);
    const QString idents[] = {QStringLiteral("api"), QStringLiteral("db, replica")};
    int call = 0;
    for (int i = 0; i < intervals; ++i) {
        const auto at = t0 + i * 250ms;
        for (int w = 0; w < 2; ++w) {
            for (int k = 0; k < rate; ++k, ++call) {
                pusher::Gossip g;
                g.intended = at;
                g.start = at + std::chrono::microseconds(50 * w);
                g.when = pusher::When::BeforeTarget;
                rec.record(idents[w], g);
                g.when = pusher::When::AfterTarget;
                g.end = g.start + std::chrono::microseconds(static_cast<long>(
                                      slowdown * (1000 + 37 * k + 200 * i + 3000 * w)));
                if (call % 10 == 0)
                    g.error = pusher::Error(w ? "timeout" : "http_503", "failed");
                rec.record(idents[w], g);
            }
            if (i % 3 == 0) {
                pusher::Gossip c;
                c.when = pusher::When::Canceled;
                rec.record(idents[w], c);
            }
        }
        rec.cut(t0 + (i + 1) * 250ms);
    }
    rec.finish(t0 + intervals * 250ms + 100ms);
    pusher::RunResults r = rec.results();
    r.thresholds = {{QStringLiteral("p99 < 20ms && errors < 5%"), 17.5, true},
                    {QStringLiteral("rps > 500"), 400.0, false}};
    r.passed = false;
    return r;
}

} // namespace testing
