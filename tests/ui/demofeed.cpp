#include "demofeed.h"

#include <pusher/charts/errorschart.h>
#include <pusher/charts/inflightchart.h>
#include <pusher/charts/latencychart.h>
#include <pusher/charts/throughputchart.h>
#include <pusher/ui/errorspanel.h>
#include <pusher/ui/mainwindow.h>
#include <pusher/ui/summarymodel.h>

#include <algorithm>
#include <cmath>

namespace pusher {

namespace {
constexpr double kStep = 0.25; // seconds per snapshot, as the interval recorder's default
} // namespace

double DemoFeed::Worker::targetAt(double t) const {
    switch (shape) {
    case 1: // a ramp that passes the worker's capacity two thirds of the way
        return base * std::min(1.0, t / 240.0);
    case 2: // three stages
        return t < 100 ? base : t < 200 ? base * 3 : base * 2;
    default:
        return base;
    }
}

DemoFeed::DemoFeed(MainWindow* window, double durationSeconds, quint32 seed, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_duration(durationSeconds)
    , m_rng(seed) {
    m_workers = {
        Worker{QStringLiteral("catalog"), 0, 400, 1000},
        Worker{QStringLiteral("search"), 1, 1500, 1100},
        Worker{QStringLiteral("checkout"), 2, 120, 600},
    };
    m_timer.setInterval(int(kStep * 1000));
    connect(&m_timer, &QTimer::timeout, this, [this] {
        step();
        m_window->commitCharts();
        if (m_t >= m_duration) {
            stop();
            m_window->setRunning(false);
            emit finished();
        }
    });
}

DemoFeed::Sample DemoFeed::sample(const Worker& w, double t, QRandomGenerator& rng) const {
    auto noise = [&rng](double amount) { return 1.0 + amount * (rng.generateDouble() * 2 - 1); };
    Sample s;
    s.target = w.targetAt(t);
    const double load = s.target / w.capacity;
    s.achieved = std::min(s.target, w.capacity * noise(0.015)) * noise(0.01);
    s.canceled = std::max(0.0, s.target - s.achieved) * (load > 1 ? 1.0 : 0.0);
    const double base = w.shape == 0 ? 3.0 : w.shape == 1 ? 12.0 : 25.0;
    s.service50 = base * (1 + 0.6 * std::pow(std::min(load, 1.2), 4)) * noise(0.05);
    const double queueing = 1 + 4 * std::max(0.0, load - 1);
    s.p50 = s.service50 * queueing;
    s.p90 = s.p50 * 1.8 * noise(0.05);
    s.p99 = s.p50 * 3.4 * noise(0.1);
    s.max = s.p99 * (1.3 + rng.generateDouble());
    const double errorRatio = w.shape == 2 ? 0.015 : (w.shape == 1 && load > 1 ? 0.004 : 0.0);
    s.errors = s.achieved * errorRatio * noise(0.5);
    s.inFlight = s.achieved * s.p50 / 1000.0;
    return s;
}

void DemoFeed::step() {
    m_t += kStep;
    const double t = m_t;
    Sample total;
    LatencyQuantiles service, response;
    for (Worker& w : m_workers) {
        const Sample s = sample(w, t, m_rng);
        m_window->throughputChart()->appendRates(w.ident, t, s.target, s.achieved);
        m_window->inFlightChart()->appendInFlight(w.ident, t, s.inFlight);
        total.target += s.target;
        total.achieved += s.achieved;
        total.errors += s.errors;
        total.canceled += s.canceled;
        total.inFlight += s.inFlight;
        const double share = s.achieved;
        service.p50 += s.service50 * share;
        service.p90 += s.service50 * 1.8 * share;
        service.p99 = std::max(service.p99, s.service50 * 3.4);
        service.max = std::max(service.max, s.service50 * 5);
        response.p50 += s.p50 * share;
        response.p90 += s.p90 * share;
        response.p99 = std::max(response.p99, s.p99);
        response.max = std::max(response.max, s.max);

        w.ticks += qint64(s.target * kStep);
        const qint64 started = qint64(s.achieved * kStep);
        const qint64 errors = std::min(started, qint64(std::lround(s.errors * kStep)));
        w.started += started;
        w.completed += started;
        w.errors += errors;
        w.ok += started - errors;
        w.canceled += qint64(s.canceled * kStep);
        w.maxMs = std::max(w.maxMs, s.max);
        if (w.shape == 1)
            m_errorsByKind[0] += errors;
        else if (w.shape == 2) {
            m_errorsByKind[1] += errors - errors / 5;
            m_errorsByKind[2] += errors / 5;
        }
    }
    if (total.achieved > 0) {
        service.p50 /= total.achieved;
        service.p90 /= total.achieved;
        response.p50 /= total.achieved;
        response.p90 /= total.achieved;
    }
    const QString totalIdent = ThroughputChart::totalIdent();
    m_window->throughputChart()->appendRates(totalIdent, t, total.target, total.achieved);
    m_window->inFlightChart()->appendInFlight(totalIdent, t, total.inFlight);
    m_window->latencyChart()->appendLatency(t, service, response);
    m_window->errorsChart()->appendRates(t, total.errors, total.canceled);

    QList<SummaryRow> rows;
    SummaryRow sum;
    sum.ident = ThroughputChart::totalLabel();
    for (const Worker& w : m_workers) {
        const Sample s = sample(w, t, m_rng);
        SummaryRow r{w.ident, w.ticks,  w.started,  w.completed,
                     w.ok,    w.errors, w.canceled, double(w.started) / t,
                     s.p50,   s.p90,    s.p99,      w.maxMs};
        r.respP50Ms = s.p50;
        r.respP90Ms = s.p90;
        r.respP99Ms = s.p99;
        r.respMaxMs = w.maxMs;
        rows.append(r);
        sum.ticks += r.ticks;
        sum.started += r.started;
        sum.completed += r.completed;
        sum.ok += r.ok;
        sum.errors += r.errors;
        sum.canceled += r.canceled;
        sum.rps += r.rps;
        sum.maxMs = std::max(sum.maxMs, r.maxMs);
    }
    sum.p50Ms = response.p50;
    sum.p90Ms = response.p90;
    sum.p99Ms = response.p99;
    sum.respP50Ms = response.p50;
    sum.respP90Ms = response.p90;
    sum.respP99Ms = response.p99;
    sum.respMaxMs = sum.maxMs;
    m_window->summaryTable()->summaryModel()->setRows(rows, sum);

    QList<ErrorKind> kinds;
    if (m_errorsByKind[0] > 0)
        kinds.append({QStringLiteral("timeout"),
                      m_errorsByKind[0],
                      {QStringLiteral("search: no response within 2 s (GET /search?q=lamp)")}});
    if (m_errorsByKind[1] > 0)
        kinds.append({QStringLiteral("http_503"),
                      m_errorsByKind[1],
                      {QStringLiteral("checkout: 503 Service Unavailable (POST /cart/checkout)"),
                       QStringLiteral("checkout: 503 Service Unavailable (POST /cart/items)")}});
    if (m_errorsByKind[2] > 0)
        kinds.append({QStringLiteral("reset"),
                      m_errorsByKind[2],
                      {QStringLiteral("checkout: connection reset by peer")}});
    m_window->errorsPanel()->setErrors(kinds, sum.canceled);
    m_window->setRunProgress(t, m_duration);
}

void DemoFeed::fill(double seconds) {
    const double until = std::min(seconds, m_duration);
    while (m_t + kStep <= until + 1e-9)
        step();
    m_window->commitCharts();
}

void DemoFeed::start() {
    m_window->setRunning(true);
    m_timer.start();
}

void DemoFeed::stop() {
    m_timer.stop();
}

void DemoFeed::overlayEarlierRun(quint32 seed) {
    QRandomGenerator rng(seed);
    QList<QPointF> achieved, p99;
    for (double t = kStep; t <= m_duration + 1e-9; t += kStep) {
        double sum = 0, worst = 0;
        for (Worker w : m_workers) {
            // The earlier run had less capacity on search: it saturated sooner.
            if (w.shape == 1)
                w.capacity *= 0.8;
            const Sample s = sample(w, t, rng);
            sum += s.achieved;
            worst = std::max(worst, s.p99);
        }
        achieved.append(QPointF(t, sum));
        p99.append(QPointF(t, worst));
    }
    const QString total = ThroughputChart::achievedSeries(ThroughputChart::totalIdent());
    m_window->throughputChart()->setOverlay(total, achieved);
    m_window->latencyChart()->setOverlay(
        LatencyChart::seriesName(LatencyChart::Kind::Response, QStringLiteral("p99")), p99);
    m_window->commitCharts();
}

} // namespace pusher
