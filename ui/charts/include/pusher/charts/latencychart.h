#pragma once

#include <pusher/charts/timeserieschart.h>

QT_BEGIN_NAMESPACE
class QComboBox;
QT_END_NAMESPACE

namespace pusher {

// LatencyQuantiles are one interval's latency quantiles in milliseconds.
struct LatencyQuantiles {
    double p50 = 0;
    double p90 = 0;
    double p99 = 0;
    double max = 0;
};

// LatencyChart shows p50, p90, p99 and max latency over time in milliseconds, either service
// time (end - start) or response time (end - intended, corrected for coordinated omission),
// of the total or of one worker. It keeps both kinds for the total and every worker and
// switches between them without losing points.
class LatencyChart : public TimeSeriesChart {
    Q_OBJECT
public:
    enum class Kind { Service, Response };
    Q_ENUM(Kind)

    explicit LatencyChart(QWidget* parent = nullptr);

    // appendLatency adds one interval's quantiles of both kinds at tSeconds, of worker
    // (empty: the total over all workers).
    void appendLatency(double tSeconds, const LatencyQuantiles& service,
                       const LatencyQuantiles& response);
    void appendLatency(const QString& worker, double tSeconds, const LatencyQuantiles& service,
                       const LatencyQuantiles& response);

    // setKind shows service or response time.
    void setKind(Kind kind);
    Kind kind() const { return m_kind; }
    // setWorker shows the latency of worker (empty: the total over all workers), as
    // choosing it in the chart's worker box does.
    void setWorker(const QString& worker);
    QString worker() const { return m_worker; }
    // setWorkers lists the workers the box offers (besides "all workers"); a shown worker
    // not among them falls back to the total. defineWorker adds one and its series.
    void setWorkers(const QStringList& workers);
    void defineWorker(const QString& worker);
    // workerBox is the worker filter: above the chart, unless taken for a toolbar.
    QComboBox* workerBox() const { return m_workerBox; }
    QComboBox* takeWorkerBox();

    // seriesName is the series (SeriesKey id) holding quantile ("p50", "p90", "p99", "max")
    // of kind, of worker (empty: the total).
    static QString seriesName(Kind kind, const QString& quantile,
                              const QString& worker = QString());
    // quantiles lists the quantile names in drawing order.
    static QStringList quantiles();

signals:
    // kindChanged is emitted when setKind switches the shown latency.
    void kindChanged(pusher::LatencyChart::Kind kind);
    // workerChanged is emitted when setWorker switches the worker shown.
    void workerChanged(const QString& worker);

protected:
    SeriesStyle defaultStyle(const QString& series) const override;

private:
    void applyKind();
    Kind m_kind = Kind::Response;
    QString m_worker;
    QComboBox* m_workerBox = nullptr;
};

} // namespace pusher
