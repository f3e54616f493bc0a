#pragma once

#include <pusher/charts/timeserieschart.h>

namespace pusher {

// InFlightChart shows the number of calls in flight (started, not yet completed) per worker
// and in total.
class InFlightChart : public TimeSeriesChart {
    Q_OBJECT
public:
    explicit InFlightChart(QWidget* parent = nullptr);

    // appendInFlight adds worker's in-flight count at tSeconds; ThroughputChart::totalIdent()
    // names the total.
    void appendInFlight(const QString& worker, double tSeconds, double inFlight);

protected:
    SeriesStyle defaultStyle(const QString& series) const override;
};

} // namespace pusher
