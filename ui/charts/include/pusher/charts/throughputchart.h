#pragma once

#include <pusher/charts/timeserieschart.h>

namespace pusher {

// ThroughputChart shows the target rate (dotted) against the achieved rate (solid) in calls
// per second, per worker and in total; a worker's two lines share its colour.
class ThroughputChart : public TimeSeriesChart {
    Q_OBJECT
public:
    explicit ThroughputChart(QWidget* parent = nullptr);

    // appendRates adds worker's target and achieved rate at tSeconds. Use totalIdent() as
    // worker for the total over all workers.
    void appendRates(const QString& worker, double tSeconds, double targetRps, double achievedRps);

    // targetSeries and achievedSeries are the series names used for worker; the achieved
    // series carries the worker's name and its legend marker, the target follows it.
    static QString targetSeries(const QString& worker);
    static QString achievedSeries(const QString& worker);
    // totalIdent is the worker name of the total.
    static QString totalIdent();

protected:
    SeriesStyle defaultStyle(const QString& series) const override;
};

} // namespace pusher
