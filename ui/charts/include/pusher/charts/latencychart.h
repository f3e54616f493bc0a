#pragma once

#include <pusher/charts/timeserieschart.h>

namespace pusher {

// LatencyQuantiles are one interval's latency quantiles in milliseconds.
struct LatencyQuantiles {
    double p50 = 0;
    double p90 = 0;
    double p99 = 0;
    double max = 0;
};

// LatencyChart shows p50, p90, p99 and max latency over time in milliseconds, either service
// time (end - start) or response time (end - intended, corrected for coordinated omission).
// It keeps both and switches between them without losing points.
class LatencyChart : public TimeSeriesChart {
    Q_OBJECT
public:
    enum class Kind { Service, Response };
    Q_ENUM(Kind)

    explicit LatencyChart(QWidget* parent = nullptr);

    // appendLatency adds one interval's quantiles of both kinds at tSeconds.
    void appendLatency(double tSeconds, const LatencyQuantiles& service,
                       const LatencyQuantiles& response);

    // setKind shows service or response time.
    void setKind(Kind kind);
    Kind kind() const { return m_kind; }

    // seriesName is the series holding quantile ("p50", "p90", "p99", "max") of kind.
    static QString seriesName(Kind kind, const QString& quantile);
    // quantiles lists the quantile names in drawing order.
    static QStringList quantiles();

signals:
    // kindChanged is emitted when setKind switches the shown latency.
    void kindChanged(pusher::LatencyChart::Kind kind);

private:
    void applyKind();
    Kind m_kind = Kind::Response;
};

} // namespace pusher
