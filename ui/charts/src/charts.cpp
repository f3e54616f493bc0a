#include <pusher/charts/errorschart.h>
#include <pusher/charts/inflightchart.h>
#include <pusher/charts/latencychart.h>
#include <pusher/charts/throughputchart.h>

#include <QChart>

namespace pusher {

namespace {
SeriesStyle keyed(const QString& key, Qt::PenStyle pen = Qt::SolidLine, qreal width = 2.0,
                  const QColor& color = QColor()) {
    SeriesStyle style;
    style.colorKey = key;
    style.penStyle = pen;
    style.width = width;
    style.color = color;
    return style;
}

// The total is drawn thicker than the workers, in the palette's text colour.
SeriesStyle totalStyle(Qt::PenStyle pen) {
    SeriesStyle style;
    style.colorKey = ThroughputChart::totalIdent();
    style.textColor = true;
    style.penStyle = pen;
    style.width = 2.5;
    return style;
}
} // namespace

ThroughputChart::ThroughputChart(QWidget* parent)
    : TimeSeriesChart(tr("Throughput (dotted: target)"), tr("calls/s"), parent) {}

QString ThroughputChart::totalIdent() {
    return tr("total");
}

QString ThroughputChart::targetSeries(const QString& worker) {
    return tr("%1 target").arg(worker);
}

QString ThroughputChart::achievedSeries(const QString& worker) {
    return worker;
}

void ThroughputChart::appendRates(const QString& worker, double tSeconds, double targetRps,
                                  double achievedRps) {
    const QString target = targetSeries(worker);
    const QString achieved = achievedSeries(worker);
    // The achieved series may exist already (an overlay set first); the target may not.
    if (!lineSeries(target)) {
        SeriesStyle t =
            worker == totalIdent() ? totalStyle(Qt::DotLine) : keyed(worker, Qt::DotLine);
        t.width = 1.5;
        t.follows = achieved;
        defineSeries(achieved, defaultStyle(achieved));
        defineSeries(target, t);
    }
    appendPoint(target, tSeconds, targetRps);
    appendPoint(achieved, tSeconds, achievedRps);
}

SeriesStyle ThroughputChart::defaultStyle(const QString& series) const {
    return series == totalIdent() ? totalStyle(Qt::SolidLine) : keyed(series);
}

LatencyChart::LatencyChart(QWidget* parent)
    : TimeSeriesChart(tr("Latency"), tr("ms"), parent) {
    // A warm sequence from p50 to max reads as rising severity and does not look like the
    // workers' colours in the other charts.
    static const QColor colors[] = {QColor(0x2a, 0x9d, 0x8f), QColor(0xe9, 0xa2, 0x3b),
                                    QColor(0xe0, 0x5a, 0x2b), QColor(0xb0, 0x30, 0x6a)};
    for (Kind kind : {Kind::Service, Kind::Response}) {
        int i = 0;
        for (const QString& q : quantiles()) {
            SeriesStyle style;
            style.colorKey = q;
            style.color = colors[i++];
            style.width = q == QLatin1String("max") ? 1.5 : 2.0;
            defineSeries(seriesName(kind, q), style);
        }
    }
    applyKind();
}

QStringList LatencyChart::quantiles() {
    return {QStringLiteral("p50"), QStringLiteral("p90"), QStringLiteral("p99"),
            QStringLiteral("max")};
}

QString LatencyChart::seriesName(Kind kind, const QString& quantile) {
    return (kind == Kind::Service ? tr("service %1") : tr("response %1")).arg(quantile);
}

void LatencyChart::appendLatency(double tSeconds, const LatencyQuantiles& service,
                                 const LatencyQuantiles& response) {
    for (Kind kind : {Kind::Service, Kind::Response}) {
        const LatencyQuantiles& l = kind == Kind::Service ? service : response;
        appendPoint(seriesName(kind, QStringLiteral("p50")), tSeconds, l.p50);
        appendPoint(seriesName(kind, QStringLiteral("p90")), tSeconds, l.p90);
        appendPoint(seriesName(kind, QStringLiteral("p99")), tSeconds, l.p99);
        appendPoint(seriesName(kind, QStringLiteral("max")), tSeconds, l.max);
    }
}

void LatencyChart::setKind(Kind kind) {
    if (kind == m_kind)
        return;
    m_kind = kind;
    applyKind();
    commit();
    emit kindChanged(kind);
}

void LatencyChart::applyKind() {
    for (const QString& q : quantiles()) {
        setSeriesEnabled(seriesName(Kind::Service, q), m_kind == Kind::Service);
        setSeriesEnabled(seriesName(Kind::Response, q), m_kind == Kind::Response);
    }
    setChartTitle(m_kind == Kind::Service ? tr("Latency: service time")
                                          : tr("Latency: response time"));
}

ErrorsChart::ErrorsChart(QWidget* parent)
    : TimeSeriesChart(tr("Errors and cancellations"), tr("per second"), parent) {
    defineSeries(errorsSeries(),
                 keyed(errorsSeries(), Qt::SolidLine, 2.0, QColor(0xd6, 0x27, 0x28)));
    defineSeries(canceledSeries(),
                 keyed(canceledSeries(), Qt::SolidLine, 2.0, QColor(0xe0, 0x9b, 0x1a)));
}

QString ErrorsChart::errorsSeries() {
    return tr("errors");
}
QString ErrorsChart::canceledSeries() {
    return tr("canceled");
}

void ErrorsChart::appendRates(double tSeconds, double errorsPerSecond, double canceledPerSecond) {
    appendPoint(errorsSeries(), tSeconds, errorsPerSecond);
    appendPoint(canceledSeries(), tSeconds, canceledPerSecond);
}

InFlightChart::InFlightChart(QWidget* parent)
    : TimeSeriesChart(tr("In flight"), tr("calls"), parent) {}

SeriesStyle InFlightChart::defaultStyle(const QString& series) const {
    return series == ThroughputChart::totalIdent() ? totalStyle(Qt::SolidLine) : keyed(series);
}

void InFlightChart::appendInFlight(const QString& worker, double tSeconds, double inFlight) {
    appendPoint(worker, tSeconds, inFlight);
}

} // namespace pusher
