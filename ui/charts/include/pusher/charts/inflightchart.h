#pragma once

#include <pusher/charts/timeserieschart.h>

namespace pusher {

// InFlightChart shows the number of calls in flight (started, not yet completed) per worker
// and in total.
class InFlightChart : public TimeSeriesChart {
    Q_OBJECT
public:
    explicit InFlightChart(QWidget* parent = nullptr);

    // appendInFlight adds worker's in-flight count at tSeconds; an empty worker
    // (ThroughputChart::totalIdent()) is the total.
    void appendInFlight(const QString& worker, double tSeconds, double inFlight);
    // defineWorker creates worker's series (the total when worker is empty) so that it is
    // listed before any point, as ThroughputChart::defineWorker does.
    void defineWorker(const QString& worker);
    // series is the series name (SeriesKey id) of worker.
    static QString series(const QString& worker);

protected:
    SeriesStyle defaultStyle(const QString& series) const override;
};

} // namespace pusher
