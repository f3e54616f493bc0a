#include <pusher/charts/errorschart.h>
#include <pusher/charts/inflightchart.h>
#include <pusher/charts/latencychart.h>
#include <pusher/charts/serieskey.h>
#include <pusher/charts/throughputchart.h>
#include <pusher/intervalrecorder.h>
#include <pusher/palette.h>

#include <QChart>
#include <QComboBox>

#include <array>

namespace pusher {

namespace {

// The metrics' tags in SeriesKey ids, in RunMetric order.
constexpr std::array<const char*, 13> kMetricTags = {
    "target",       "rps",          "inflight",    "errors",      "canceled",
    "service p50",  "service p90",  "service p99", "service max", "response p50",
    "response p90", "response p99", "response max"};
constexpr QChar kSeparator(0x1f); // unit separator: never in a tag, never in an ident

SeriesStyle keyed(const QString& key, Qt::PenStyle pen = Qt::SolidLine, qreal width = 2.0,
                  const QColor& color = QColor()) {
    SeriesStyle style;
    style.colorKey = key;
    style.penStyle = pen;
    style.width = width;
    style.color = color;
    return style;
}

// The total is drawn thicker than the workers, in the palette's text colour, beneath them:
// with one worker both lines coincide and the worker's must stay visible.
SeriesStyle totalStyle(Qt::PenStyle pen) {
    SeriesStyle style;
    style.colorKey = QStringLiteral("total");
    style.textColor = true;
    style.penStyle = pen;
    style.width = 2.5;
    style.z = -1;
    return style;
}

QColor rgb(std::uint32_t value) {
    return QColor::fromRgb(QRgb(value));
}

// The workers folded together beyond the charts' limit: grey and dash-dotted, thinner than
// a worker, beneath the workers.
SeriesStyle othersStyle() {
    SeriesStyle style =
        keyed(SeriesKey::othersWorker(), Qt::DashDotLine, 1.5, rgb(palette::others));
    style.z = -0.5;
    return style;
}

// workerStyle is the style of a worker's, the others' or the total's line. Every chart of a
// run stacks them, and lists them in its legend, the same way: the total (z -1), others
// (-0.5), then the workers (0) ranked by ident, which RunView orders as the summary lists
// them (TimeSeriesChart::setRankOrder), the run's order (their colours' order).
SeriesStyle workerStyle(const SeriesKey& key) {
    if (key.isTotal())
        return totalStyle(Qt::SolidLine);
    if (key.isOthers())
        return othersStyle();
    SeriesStyle style = keyed(key.worker);
    style.rank = key.worker;
    return style;
}

RunMetric latencyMetric(LatencyChart::Kind kind, int quantile) {
    return RunMetric(
        int(kind == LatencyChart::Kind::Service ? RunMetric::ServiceP50 : RunMetric::ResponseP50) +
        quantile);
}

} // namespace

QString SeriesKey::id() const {
    return QLatin1String(kMetricTags[std::size_t(metric)]) + kSeparator + worker;
}

bool SeriesKey::fromId(const QString& id, SeriesKey* key) {
    const qsizetype sep = id.indexOf(kSeparator);
    if (sep < 0)
        return false;
    const QStringView tag = QStringView(id).left(sep);
    for (std::size_t i = 0; i < kMetricTags.size(); ++i) {
        if (tag == QLatin1String(kMetricTags[i])) {
            key->metric = RunMetric(i);
            key->worker = id.mid(sep + 1);
            return true;
        }
    }
    return false;
}

static QString othersLabel() {
    return ThroughputChart::tr("others");
}

// The total is there from the start, as the latency chart's quantiles and the errors chart's
// series are: before any run the legend names the line every run draws, instead of being an
// empty box beside its neighbours' entries. (RunView adds the workers when a run begins.)
ThroughputChart::ThroughputChart(QWidget* parent)
    : TimeSeriesChart(tr("Throughput (dotted: target)"), tr("calls/s"), parent) {
    defineWorker(totalIdent());
}

QString ThroughputChart::totalLabel() {
    return tr("total");
}

QString ThroughputChart::targetSeries(const QString& worker) {
    return SeriesKey{worker, RunMetric::TargetRps}.id();
}

QString ThroughputChart::achievedSeries(const QString& worker) {
    return SeriesKey{worker, RunMetric::Rps}.id();
}

bool ThroughputChart::hasTarget(const QString& worker) {
    return !isStepSeries(worker);
}

void ThroughputChart::defineWorker(const QString& worker) {
    const QString target = targetSeries(worker);
    const QString achieved = achievedSeries(worker);
    if (!lineSeries(achieved))
        defineSeries(achieved, defaultStyle(achieved));
    if (hasTarget(worker) && !lineSeries(target))
        defineSeries(target, defaultStyle(target));
}

void ThroughputChart::appendRates(const QString& worker, double tSeconds, double targetRps,
                                  double achievedRps) {
    // The achieved series may exist already (an overlay set first); the target may not.
    defineWorker(worker);
    if (hasTarget(worker))
        appendPoint(targetSeries(worker), tSeconds, targetRps);
    appendPoint(achievedSeries(worker), tSeconds, achievedRps);
}

SeriesStyle ThroughputChart::defaultStyle(const QString& series) const {
    SeriesKey key;
    if (!SeriesKey::fromId(series, &key))
        return TimeSeriesChart::defaultStyle(series);
    const QString name = key.isTotal() ? totalLabel() : key.isOthers() ? othersLabel() : key.worker;
    SeriesStyle style = workerStyle(key);
    if (key.metric == RunMetric::TargetRps) {
        // Dotted, over the achieved line and lighter than it: where the run keeps its
        // target both lines coincide, and the target must still show.
        style.penStyle = Qt::DotLine;
        style.width = key.isOthers() ? 1.5 : 2.0;
        style.blend = 0.55;
        style.z = 2;
        style.follows = achievedSeries(key.worker);
        style.label = tr("%1 target").arg(name);
    } else {
        style.smoothable = true;
        style.label = name;
    }
    return style;
}

LatencyChart::LatencyChart(QWidget* parent)
    : TimeSeriesChart(tr("Latency"), tr("ms"), parent) {
    for (Kind kind : {Kind::Service, Kind::Response})
        for (const QString& q : quantiles())
            defineSeries(seriesName(kind, q), defaultStyle(seriesName(kind, q)));
    m_workerBox = new QComboBox(this);
    m_workerBox->setObjectName(QStringLiteral("latencyWorker"));
    m_workerBox->setToolTip(tr("Whose latency the chart shows: every worker's calls together, "
                               "or one worker's (a threshold like api.p99 < 100ms judges "
                               "that worker's)"));
    m_workerBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_workerBox->addItem(tr("all workers"), QString());
    connect(m_workerBox, &QComboBox::currentIndexChanged, this,
            [this](int i) { setWorker(m_workerBox->itemData(i).toString()); });
    addHeaderWidget(m_workerBox);
    applyKind();
}

QComboBox* LatencyChart::takeWorkerBox() {
    takeHeaderWidget(m_workerBox);
    return m_workerBox;
}

void LatencyChart::setWorkers(const QStringList& workers) {
    {
        const QSignalBlocker block(m_workerBox);
        while (m_workerBox->count() > 1)
            m_workerBox->removeItem(1);
    }
    for (const QString& w : workers)
        defineWorker(w);
    if (!m_worker.isEmpty() && !workers.contains(m_worker))
        setWorker(QString());
}

void LatencyChart::defineWorker(const QString& worker) {
    if (worker.isEmpty())
        return;
    if (m_workerBox->findData(worker) < 0)
        m_workerBox->addItem(worker, worker);
    for (Kind kind : {Kind::Service, Kind::Response}) {
        for (const QString& q : quantiles()) {
            const QString name = seriesName(kind, q, worker);
            if (lineSeries(name))
                continue;
            defineSeries(name, defaultStyle(name));
            setSeriesEnabled(name, kind == m_kind && worker == m_worker);
        }
    }
}

QStringList LatencyChart::quantiles() {
    return {QStringLiteral("p50"), QStringLiteral("p90"), QStringLiteral("p99"),
            QStringLiteral("max")};
}

QString LatencyChart::seriesName(Kind kind, const QString& quantile, const QString& worker) {
    return SeriesKey{worker, latencyMetric(kind, int(quantiles().indexOf(quantile)))}.id();
}

SeriesStyle LatencyChart::defaultStyle(const QString& series) const {
    SeriesKey key;
    if (!SeriesKey::fromId(series, &key) || key.metric < RunMetric::ServiceP50)
        return TimeSeriesChart::defaultStyle(series);
    // A warm sequence from p50 to max reads as rising severity and does not look like the
    // workers' colours in the other charts.
    const int q = (int(key.metric) - int(RunMetric::ServiceP50)) % 4;
    SeriesStyle style;
    style.colorKey = quantiles().at(q);
    style.color = rgb(palette::latency[std::size_t(q)]);
    style.width = q == 3 ? 1.5 : 2.0;
    style.label = quantiles().at(q);
    return style;
}

void LatencyChart::appendLatency(double tSeconds, const LatencyQuantiles& service,
                                 const LatencyQuantiles& response) {
    appendLatency(QString(), tSeconds, service, response);
}

void LatencyChart::appendLatency(const QString& worker, double tSeconds,
                                 const LatencyQuantiles& service,
                                 const LatencyQuantiles& response) {
    for (Kind kind : {Kind::Service, Kind::Response}) {
        const LatencyQuantiles& l = kind == Kind::Service ? service : response;
        const double values[] = {l.p50, l.p90, l.p99, l.max};
        for (int q = 0; q < 4; ++q) {
            const QString name = seriesName(kind, quantiles().at(q), worker);
            if (!lineSeries(name))
                defineWorker(worker);
            appendPoint(name, tSeconds, values[q]);
        }
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

void LatencyChart::setWorker(const QString& worker) {
    if (worker == m_worker)
        return;
    m_worker = worker;
    const int i = m_workerBox->findData(worker);
    if (i >= 0 && i != m_workerBox->currentIndex()) {
        const QSignalBlocker block(m_workerBox);
        m_workerBox->setCurrentIndex(i);
    }
    applyKind();
    commit();
    emit workerChanged(worker);
}

void LatencyChart::applyKind() {
    for (const QString& name : seriesNames()) {
        SeriesKey key;
        if (!SeriesKey::fromId(name, &key) || key.metric < RunMetric::ServiceP50)
            continue;
        const bool service = key.metric < RunMetric::ResponseP50;
        setSeriesEnabled(name, key.worker == m_worker && service == (m_kind == Kind::Service));
    }
    const QString kind = m_kind == Kind::Service ? tr("service time") : tr("response time");
    setChartTitle(m_worker.isEmpty() ? tr("Latency: %1").arg(kind)
                                     : tr("Latency: %1 · %2").arg(kind, m_worker));
}

ErrorsChart::ErrorsChart(QWidget* parent)
    : TimeSeriesChart(tr("Errors and cancellations"), tr("per second"), parent) {
    SeriesStyle errors = keyed(QStringLiteral("errors"), Qt::SolidLine, 2.0, rgb(palette::errors));
    errors.label = tr("errors");
    errors.smoothable = true;
    SeriesStyle canceled =
        keyed(QStringLiteral("canceled"), Qt::SolidLine, 2.0, rgb(palette::canceled));
    canceled.label = tr("canceled");
    canceled.smoothable = true;
    defineSeries(errorsSeries(), errors);
    defineSeries(canceledSeries(), canceled);
}

QString ErrorsChart::errorsSeries() {
    return SeriesKey{QString(), RunMetric::Errors}.id();
}
QString ErrorsChart::canceledSeries() {
    return SeriesKey{QString(), RunMetric::Canceled}.id();
}

void ErrorsChart::appendRates(double tSeconds, double errorsPerSecond, double canceledPerSecond) {
    appendPoint(errorsSeries(), tSeconds, errorsPerSecond);
    appendPoint(canceledSeries(), tSeconds, canceledPerSecond);
}

InFlightChart::InFlightChart(QWidget* parent)
    : TimeSeriesChart(tr("In flight"), tr("calls"), parent) {
    const QString total = series(ThroughputChart::totalIdent()); // as ThroughputChart's
    defineSeries(total, defaultStyle(total));
}

void InFlightChart::defineWorker(const QString& worker) {
    const QString name = series(worker);
    if (!lineSeries(name))
        defineSeries(name, defaultStyle(name));
}

QString InFlightChart::series(const QString& worker) {
    return SeriesKey{worker, RunMetric::InFlight}.id();
}

SeriesStyle InFlightChart::defaultStyle(const QString& series) const {
    SeriesKey key;
    if (!SeriesKey::fromId(series, &key))
        return TimeSeriesChart::defaultStyle(series);
    SeriesStyle style = workerStyle(key);
    style.label = key.isTotal()    ? ThroughputChart::totalLabel()
                  : key.isOthers() ? othersLabel()
                                   : key.worker;
    return style;
}

void InFlightChart::appendInFlight(const QString& worker, double tSeconds, double inFlight) {
    appendPoint(series(worker), tSeconds, inFlight);
}

} // namespace pusher
