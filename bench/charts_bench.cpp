// pusher-bench-charts: the GUI thread's cost of feeding the live charts. Four charts with
// ten series each get one point per series per snapshot at 4 Hz over a simulated hour; each
// snapshot is appendPoint() for every series and one commit() per chart. Every 40th snapshot
// (10 simulated seconds) also renders the four charts in full (grab()), as a repaint would.
// Prints the per-snapshot cost (mean, p99, max) for updates and for repaints.
#include <pusher/charts/timeserieschart.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QGridLayout>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace {

struct Stats {
    QList<double> ms;
    void add(double v) { ms.append(v); }
    QString line(const char* what) {
        std::sort(ms.begin(), ms.end());
        double sum = 0;
        for (double v : ms)
            sum += v;
        const double p99 = ms.isEmpty() ? 0 : ms[qsizetype(double(ms.size() - 1) * 0.99)];
        return QStringLiteral("%1: n=%2 mean=%3 ms p99=%4 ms max=%5 ms")
            .arg(QLatin1String(what))
            .arg(ms.size())
            .arg(ms.isEmpty() ? 0 : sum / double(ms.size()), 0, 'f', 3)
            .arg(p99, 0, 'f', 3)
            .arg(ms.isEmpty() ? 0 : ms.last(), 0, 'f', 3);
    }
};

} // namespace

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    const QStringList args = QApplication::arguments();
    const double windowSeconds = args.size() > 1 ? args[1].toDouble() : 300.0;
    const double hours = args.size() > 2 ? args[2].toDouble() : 1.0;
    constexpr int kCharts = 4, kSeries = 10;
    constexpr double kHz = 4.0;

    QWidget window;
    auto* grid = new QGridLayout(&window);
    QList<pusher::TimeSeriesChart*> charts;
    for (int c = 0; c < kCharts; ++c) {
        auto* chart =
            new pusher::TimeSeriesChart(QStringLiteral("chart %1").arg(c), QStringLiteral("value"));
        chart->setWindowSeconds(windowSeconds);
        grid->addWidget(chart, c / 2, c % 2);
        charts.append(chart);
    }
    window.resize(1280, 800);
    window.show();
    QApplication::processEvents();

    QStringList names;
    for (int s = 0; s < kSeries; ++s)
        names.append(QStringLiteral("series %1").arg(s));
    QRandomGenerator rng(1);
    Stats update, paint;
    const qint64 frames = qint64(hours * 3600 * kHz);
    QElapsedTimer timer;
    for (qint64 f = 1; f <= frames; ++f) {
        const double t = double(f) / kHz;
        timer.start();
        for (pusher::TimeSeriesChart* chart : charts) {
            for (int s = 0; s < kSeries; ++s)
                chart->appendPoint(names[s], t,
                                   100 * (s + 1) + 20 * std::sin(t / 30 + s) + rng.bounded(10.0));
            chart->commit();
        }
        update.add(double(timer.nsecsElapsed()) / 1e6);
        if (f % 40 == 0) {
            timer.start();
            // grab() renders the whole chart synchronously, as a full repaint does.
            for (pusher::TimeSeriesChart* chart : charts)
                chart->grab();
            paint.add(double(timer.nsecsElapsed()) / 1e6);
        }
    }
    qsizetype stored = 0;
    for (pusher::TimeSeriesChart* chart : charts)
        for (const QString& n : names)
            stored += chart->pointCount(n);
    std::printf("charts=%d series/chart=%d rate=%.0f Hz simulated=%.2f h window=%s\n", kCharts,
                kSeries, kHz, hours,
                windowSeconds > 0 ? qPrintable(QStringLiteral("%1 s").arg(windowSeconds))
                                  : "whole run");
    std::printf("%s\n", qPrintable(update.line("update (append 40 points + 4 commits)")));
    std::printf("%s\n", qPrintable(paint.line("full render (4 charts)")));
    std::printf("points stored: %lld (bounded by %lld per series)\n", qint64(stored),
                qint64(pusher::TimeSeriesChart::MaxStoredPoints));
    return 0;
}
