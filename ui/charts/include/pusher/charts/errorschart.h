#pragma once

#include <pusher/charts/timeserieschart.h>

namespace pusher {

// ErrorsChart shows errors and cancellations (ticks the worker could not start because all
// its overtime slots were busy) per second.
class ErrorsChart : public TimeSeriesChart {
    Q_OBJECT
public:
    explicit ErrorsChart(QWidget* parent = nullptr);

    // appendRates adds the errors and cancellations per second at tSeconds.
    void appendRates(double tSeconds, double errorsPerSecond, double canceledPerSecond);

    static QString errorsSeries();
    static QString canceledSeries();
};

} // namespace pusher
