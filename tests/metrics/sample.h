// sampleResults: deterministic RunResults made by a manual-clock IntervalRecorder.
#pragma once

#include <pusher/intervalrecorder.h>

#include <QStringList>

#include <vector>

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

// journeyResults runs 4 intervals of 250 ms of a flow worker "shop" whose steps are
// `steps` (registered in that order, as a run does) and an http worker "shop-api" (by name
// between "shop" and "shop/…"): 5 journeys per interval, each one call of every step.
// `snapshots`, when given, receives every interval's snapshot.
inline pusher::RunResults journeyResults(const QStringList& steps,
                                         std::vector<pusher::Snapshot>* snapshots = nullptr) {
    pusher::IntervalRecorder::Options options;
    options.manualClock = true;
    options.scenario = QStringLiteral("journey");
    pusher::IntervalRecorder rec(options);
    if (snapshots)
        rec.setSnapshotCallback(
            [snapshots](std::shared_ptr<const pusher::Snapshot> s) { snapshots->push_back(*s); });
    std::vector<pusher::IntervalRecorder::Sink> sinks;
    for (qsizetype i = 0; i < steps.size(); ++i)
        sinks.push_back(rec.sink(QStringLiteral("shop/") + steps[i], static_cast<int>(i)));
    const auto t0 = pusher::Clock::now();
    rec.start(t0);
    for (int i = 0; i < 4; ++i) {
        const auto at = t0 + i * 250ms;
        for (int k = 0; k < 5; ++k) {
            for (const QString& worker : {QStringLiteral("shop"), QStringLiteral("shop-api")}) {
                pusher::Gossip g;
                g.intended = g.start = at + std::chrono::milliseconds(k);
                g.when = pusher::When::BeforeTarget;
                rec.record(worker, g);
                g.when = pusher::When::AfterTarget;
                g.end = g.start + 20ms;
                rec.record(worker, g);
            }
            for (std::size_t s = 0; s < sinks.size(); ++s) {
                pusher::Gossip g;
                g.when = pusher::When::AfterTarget;
                g.intended = g.start = at + std::chrono::milliseconds(k + 5 * long(s));
                g.end = g.start + 4ms;
                sinks[s].recordCall(g);
            }
        }
        rec.cut(t0 + (i + 1) * 250ms);
    }
    rec.finish(t0 + 4 * 250ms + 50ms);
    return rec.results();
}

// identsOf lists the idents of `workers` in their order.
template <typename List>
QStringList identsOf(const List& workers) {
    QStringList out;
    for (const auto& w : workers)
        out.append(w.ident);
    return out;
}

} // namespace testing
