#pragma once

#include <pusher/charts/serieskey.h>
#include <pusher/charts/timeserieschart.h>

namespace pusher {

// ThroughputChart shows the target rate (dotted) against the achieved rate (solid) in calls
// per second, per worker and in total; a worker's two lines share its colour. A journey's
// step ("journey/step") has no rate of its own, it runs when its journey does: it draws its
// achieved rate alone (hasTarget). Series are named by SeriesKey ids; the legend shows the
// worker's ident, or "total".
class ThroughputChart : public TimeSeriesChart {
    Q_OBJECT
public:
    explicit ThroughputChart(QWidget* parent = nullptr);

    // appendRates adds worker's target and achieved rate at tSeconds; totalIdent() (empty)
    // is the total over all workers. A NaN target draws no target point, nor does a step's.
    void appendRates(const QString& worker, double tSeconds, double targetRps, double achievedRps);
    // defineWorker creates worker's two series (the total when worker is empty) so that they
    // exist, in this order, before any point; a step's achieved series alone.
    void defineWorker(const QString& worker);
    // hasTarget is false for a journey's step: its "target" would be its achieved rate (a
    // step is asked for no rate), a dotted line on the solid one that looked like a target
    // met. A view feeding points by SeriesKey draws no TargetRps point for it.
    static bool hasTarget(const QString& worker);

    // targetSeries and achievedSeries are the series names (SeriesKey ids) of worker; the
    // achieved series carries the legend marker, the target follows it.
    static QString targetSeries(const QString& worker);
    static QString achievedSeries(const QString& worker);
    // totalIdent is the worker of the total: empty, which no worker's ident can be.
    static QString totalIdent() { return QString(); }
    // totalLabel is how the legend and the summary name the total.
    static QString totalLabel();

protected:
    SeriesStyle defaultStyle(const QString& series) const override;
};

} // namespace pusher
