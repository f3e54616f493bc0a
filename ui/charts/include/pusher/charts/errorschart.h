#pragma once

#include <pusher/charts/timeserieschart.h>

namespace pusher {

// ErrorsChart shows errors and cancellations (ticks the worker could not start because all
// its overtime slots were busy) per second, over all workers.
class ErrorsChart : public TimeSeriesChart {
    Q_OBJECT
public:
    explicit ErrorsChart(QWidget* parent = nullptr);

    // appendRates adds the errors and cancellations per second at tSeconds.
    void appendRates(double tSeconds, double errorsPerSecond, double canceledPerSecond);

    // errorsSeries and canceledSeries are the series names (SeriesKey ids).
    static QString errorsSeries();
    static QString canceledSeries();
};

} // namespace pusher
