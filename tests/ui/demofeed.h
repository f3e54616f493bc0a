#pragma once

#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

namespace pusher {

class MainWindow;

// DemoFeed fills a MainWindow's charts, summary, errors and progress with a synthetic run of
// three workers (a steady one, a ramp that saturates, and a staged one), for screenshots and
// for checking the look without a scenario. The numbers are generated, deterministic for a
// seed, and consistent with each other (in flight = rate × latency, totals add up).
class DemoFeed : public QObject {
    Q_OBJECT
public:
    DemoFeed(MainWindow* window, double durationSeconds, quint32 seed = 42,
             QObject* parent = nullptr);

    // fill generates the first seconds at once (4 snapshots per second).
    void fill(double seconds);
    // start continues live, one snapshot every 250 ms, until the duration is reached.
    void start();
    void stop();
    // overlayEarlierRun shows a generated earlier run on the throughput and latency charts.
    void overlayEarlierRun(quint32 seed);

    double elapsed() const { return m_t; }

signals:
    void finished();

private:
    struct Worker {
        QString ident;
        double targetAt(double t) const;
        int shape = 0;
        double base = 0;
        double capacity = 0;
        qint64 ticks = 0, started = 0, completed = 0, ok = 0, errors = 0, canceled = 0;
        double maxMs = 0;
    };
    struct Sample {
        double target = 0, achieved = 0, canceled = 0, errors = 0;
        double p50 = 0, p90 = 0, p99 = 0, max = 0, service50 = 0, inFlight = 0;
    };
    Sample sample(const Worker& w, double t, QRandomGenerator& rng) const;
    void step();

    MainWindow* m_window;
    double m_duration;
    double m_t = 0;
    QList<Worker> m_workers;
    QRandomGenerator m_rng;
    QTimer m_timer;
    qint64 m_errorsByKind[3] = {0, 0, 0};
};

} // namespace pusher
