#include <pusher/ui/runview.h>

#include <pusher/charts/errorschart.h>
#include <pusher/charts/inflightchart.h>
#include <pusher/charts/latencychart.h>
#include <pusher/charts/throughputchart.h>
#include <pusher/intervalrecorder.h>
#include <pusher/scenario/scenario.h>
#include <pusher/scenario/threshold.h>
#include <pusher/ui/errorspanel.h>
#include <pusher/ui/mainwindow.h>
#include <pusher/ui/rundata.h>
#include <pusher/ui/summarymodel.h>
#include <pusher/ui/thresholdspanel.h>

#include <QHash>
#include <QLabel>
#include <QLocale>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace pusher {

namespace {

bool isLatency(RunMetric m) {
    return m >= RunMetric::ServiceP50;
}

// spanText says a span of seconds as the run's progress does: "50 ms" under a second,
// "1.5 s" or "30 s" from it.
QString spanText(double seconds) {
    if (seconds < 1)
        return RunView::tr("%1\u00a0ms")
            .arg(QLocale().toString(std::round(seconds * 1000), 'f', 0));
    QString number = QLocale().toString(seconds, 'f', seconds < 10 ? 1 : 0);
    if (number.endsWith(QLocale().decimalPoint() + QStringLiteral("0")))
        number.chop(1 + QLocale().decimalPoint().size());
    return RunView::tr("%1\u00a0s").arg(number);
}

} // namespace

RunView::RunView(MainWindow* window, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_data(new RunData(this))
    , m_overlay(new RunData(this)) {
    connect(m_data, &RunData::reset, this, &RunView::onReset);
    connect(m_data, &RunData::appended, this, &RunView::onAppended);
    connect(m_data, &RunData::totalsChanged, this, &RunView::onTotals);
    // The latency chart's empty text names the worker it shows (latencyEmptyText).
    connect(m_window->latencyChart(), &LatencyChart::workerChanged, this,
            &RunView::updateEmptyText);
    connect(m_window->latencyChart(), &LatencyChart::kindChanged, this, &RunView::updateEmptyText);
}

RunView::~RunView() = default;

static TimeSeriesChart* chartFor(MainWindow* w, RunMetric m) {
    switch (m) {
    case RunMetric::TargetRps:
    case RunMetric::Rps:
        return w->throughputChart();
    case RunMetric::InFlight:
        return w->inFlightChart();
    case RunMetric::Errors:
    case RunMetric::Canceled:
        return w->errorsChart();
    default:
        return w->latencyChart();
    }
}

void RunView::assignColours() {
    // A run's workers take the palette's colours in the run's order (the summary's: by
    // ident, a journey's steps right after it in the flow's order), as the HTML report draws
    // them; an overlaid run's other workers come next. The legends list them so.
    SeriesPalette::reset();
    QStringList order = chartedWorkers();
    for (const QString& w : m_overlay->chartedWorkers())
        if (!order.contains(w))
            order.append(w);
    for (const QString& w : std::as_const(order))
        SeriesPalette::colorFor(w);
    for (TimeSeriesChart* chart : m_window->charts()) {
        chart->setRankOrder(order);
        chart->restyle();
    }
}

void RunView::onReset() {
    m_runPoints = false; // push() reads what the run has drawn so far
    // Only the charted workers have series (RunData::MaxChartedWorkers), and "others" when
    // either run folds workers together.
    const QStringList workers = chartedWorkers();
    QSet<QString> keep(workers.cbegin(), workers.cend());
    for (const QString& w : m_overlay->chartedWorkers())
        keep.insert(w);
    if (m_data->othersCount() > 0 || m_overlay->othersCount() > 0)
        keep.insert(SeriesKey::othersWorker());
    for (TimeSeriesChart* chart : m_window->charts()) {
        chart->clear();
        // Series of workers no longer shown leave the legend.
        for (const QString& name : chart->seriesNames()) {
            SeriesKey key;
            if (SeriesKey::fromId(name, &key) && !key.isTotal() && !keep.contains(key.worker))
                chart->removeSeries(name);
        }
    }
    // The total first, beneath its workers; then the workers in the run's order.
    // (In flight too: before a run, or before the run's first interval, it lists them.)
    m_window->throughputChart()->defineWorker(ThroughputChart::totalIdent());
    for (const QString& w : workers) {
        m_window->throughputChart()->defineWorker(w);
        if (!isStepSeries(w)) // a step's calls in flight are its journey's (RunData)
            m_window->inFlightChart()->defineWorker(w);
    }
    if (m_data->othersCount() > 0)
        m_window->throughputChart()->defineWorker(SeriesKey::othersWorker());
    // Below or beside the plot, by the labels' widths (TimeSeriesChart::placeLegend).
    m_window->throughputChart()->placeLegend();
    m_window->inFlightChart()->placeLegend();
    m_window->latencyChart()->setWorkers(workers);
    applyPlannedSpan();
    assignColours();
    applyOverlay();
    push();
    showUndrawn(); // a run or a results file shown: no plan, no note
}

void RunView::labelOthers() {
    // The legend says how many workers "others" stands for.
    const int count = std::max(m_data->othersCount(), m_overlay->othersCount());
    if (count == 0)
        return;
    const QString others = SeriesKey::othersWorker();
    const QString label = tr("others (%1)").arg(count);
    ThroughputChart* throughput = m_window->throughputChart();
    throughput->setSeriesLabel(ThroughputChart::achievedSeries(others), label);
    throughput->setSeriesLabel(ThroughputChart::targetSeries(others), tr("%1 target").arg(label));
    m_window->inFlightChart()->setSeriesLabel(InFlightChart::series(others), label);
}

void RunView::onAppended() {
    push();
}

void RunView::push() {
    ThroughputChart* throughput = m_window->throughputChart();
    LatencyChart* latency = m_window->latencyChart();
    if (!m_data->batch().isEmpty())
        m_runPoints = true;
    for (const RunPoint& p : m_data->batch()) {
        if (p.key.metric == RunMetric::TargetRps && !ThroughputChart::hasTarget(p.key.worker))
            continue; // a step's "target" is its achieved rate: no line says so
        if (p.key.metric == RunMetric::TargetRps || p.key.metric == RunMetric::Rps) {
            if (!throughput->lineSeries(ThroughputChart::achievedSeries(p.key.worker)))
                throughput->defineWorker(p.key.worker);
        } else if (isLatency(p.key.metric) && !p.key.isTotal()) {
            latency->defineWorker(p.key.worker);
        }
        chartFor(m_window, p.key.metric)->appendPoint(p.key.id(), p.t, p.value);
    }
    // No run yet: the scenario's planned rates, dotted as a run's targets are, so the shape
    // of a ramp or of stages shows while it is edited. A run's first reset clears them.
    const bool plan = m_data->isEmpty() && !m_plan.isEmpty();
    for (TimeSeriesChart* chart : m_window->charts())
        chart->setPlanOnly(plan);
    if (plan)
        for (const RunPoint& p : std::as_const(m_plan))
            throughput->appendPoint(p.key.id(), p.t, p.value);
    labelOthers();
    updateEmptyText();
    m_window->commitCharts();
}

void RunView::updateEmptyText() {
    // A partial interval draws no point (docs/gui.md, "partial"): a run shorter than its
    // interval ends with every chart empty, and a run's charts are empty until its first
    // whole interval ends. Each says why, centred in its plot, while it draws nothing (an
    // earlier run's dashed lines count: TimeSeriesChart::setEmptyText).
    QString text;
    if (m_data->isLive() && !m_runPoints) {
        text =
            m_plannedInterval > 0
                ? tr("Waiting for the first whole interval (%1)").arg(spanText(m_plannedInterval))
                : tr("Waiting for the first whole interval");
    } else if (m_data->hasResults() && !m_runPoints) {
        const double interval =
            m_data->intervalSeconds() > 0 ? m_data->intervalSeconds() : m_plannedInterval;
        // Ticking stops at the planned end; what follows is the drain of the calls in flight.
        double ran = m_data->elapsedSeconds();
        if (m_data->plannedSeconds() > 0)
            ran = std::min(ran, m_data->plannedSeconds());
        if (m_data->wasStopped() && interval > 0) {
            // (No whole interval: it was stopped before its first one ended, whatever the
            // drain of its calls in flight added to its duration.)
            text = tr("No whole interval: the run was stopped at %1, before its first %2 "
                      "interval ended. Its counts are in the summary.")
                       .arg(spanText(ran), spanText(interval));
        } else if (interval > 0 && ran < interval) {
            text = tr("No whole interval: the run lasted %1, less than one %2 interval. Its "
                      "counts are in the summary.")
                       .arg(spanText(ran), spanText(interval));
        } else {
            text = tr("No whole interval to draw. The run's counts are in the summary.");
        }
    }
    // The latency chart draws an interval's latencies from the calls that ended in it: a
    // run that drew its rates may have none to draw for what the chart shows.
    LatencyChart* latency = m_window->latencyChart();
    const bool noLatency = text.isEmpty() && m_runPoints && !latency->hasOverlay() &&
                           latency->pointCount(LatencyChart::seriesName(
                               latency->kind(), QStringLiteral("max"), latency->worker())) == 0;
    for (TimeSeriesChart* chart : m_window->charts())
        chart->setEmptyText(chart == latency && noLatency ? latencyEmptyText() : text);
}

QString RunView::latencyEmptyText() const {
    // The run drew its rates, and the latency chart, which draws an interval's latencies
    // only from the calls that ended in it, may have none for the series it shows (the
    // chart shows this only then): it said nothing, a blank plot beside three drawn ones.
    const QString worker = m_window->latencyChart()->worker();
    SummaryRow row = m_data->totalRow();
    if (!worker.isEmpty()) {
        row = SummaryRow();
        for (const SummaryRow& r : m_data->workerRows())
            if (r.ident == worker)
                row = r;
    }
    const QString of = worker.isEmpty() ? QString() : tr(" of %1").arg(worker);
    if (row.completed == 0) {
        if (m_data->isLive())
            return tr("No call%1 has ended yet: a latency is drawn for each interval calls "
                      "end in.")
                .arg(of);
        QString text = tr("No latency to draw: no call%1 completed.").arg(of);
        if (worker.isEmpty() && m_data->interrupted() > 0)
            text += QLatin1Char(' ') + tr("%1 call(s) in flight were cut by Stop.")
                                           .arg(QLocale().toString(m_data->interrupted()));
        if (row.canceled > 0)
            text +=
                QLatin1Char(' ') + tr("%1 tick(s) were canceled (every overtime slot was busy).")
                                       .arg(QLocale().toString(row.canceled));
        return text + QLatin1Char(' ') + tr("The summary has the run's counts.");
    }
    if (row.respP50Ms < 0 && row.p50Ms < 0)
        return tr("No latency to draw: the %1 call(s)%2 that ended sent no request (the Errors "
                  "tab says why).")
            .arg(QLocale().toString(row.completed), of);
    return tr("No latency to draw: no call%1 ended in a whole interval. The summary has the "
              "run's latencies.")
        .arg(of);
}

bool RunView::applyPlannedSpan() {
    // The scenario's duration is the span of no run yet and of its live run; a finished run
    // or a results file spans its own data (a run stopped early: the time it ran), as the
    // same run opened from its file does. Not its duration: that goes on past the last
    // interval by the calls the run waited for (up to the 2 s graceful stop), and a 30 s run
    // ending 30.2 s in read 0–35 s. The data's end is the last whole interval's, for every
    // chart: a chart takes the larger of this and its own last point, and the latency chart
    // of a run whose calls ended in none of its last intervals (or in none at all, its calls
    // cut by a stop) ended its axis at its own last point, or 0.5 s, beside the others' 0–5 s.
    // (At least 0.5 s, or the run's length when it was shorter.)
    const double span =
        m_data->isEmpty() || m_data->isLive()
            ? m_plannedSeconds
            : std::max(m_data->drawnSeconds(), std::min(m_data->elapsedSeconds(), 0.5));
    bool changed = false;
    for (TimeSeriesChart* chart : m_window->charts()) {
        if (chart->plannedSeconds() != span) {
            chart->setPlannedSeconds(span);
            changed = true;
        }
    }
    return changed;
}

void RunView::setPlannedDuration(double seconds) {
    m_plannedSeconds = std::isfinite(seconds) && seconds > 0 ? seconds : 0.0;
    if (applyPlannedSpan())
        m_window->commitCharts();
}

void RunView::onTotals() {
    updateEmptyText();      // a run that finished without a point says so
    if (applyPlannedSpan()) // a run finished: its own length
        m_window->commitCharts();
    SummaryModel* summary = m_window->summaryTable()->summaryModel();
    if (m_data->isEmpty())
        summary->clear();
    else
        summary->setRows(m_data->workerRows(), m_data->totalRow());
    m_window->errorsPanel()->setErrors(m_data->errorKinds(), m_data->canceled(),
                                       m_data->interrupted(), m_data->notDispatched());
    if (m_data->isEmpty()) {
        // No run yet: the scenario's thresholds, to be measured (the panel said the
        // scenario set none, the demo's four included).
        QList<ThresholdResult> planned;
        for (const QString& text : m_planned)
            planned.append(ThresholdResult{text, std::nan(""), false});
        m_window->thresholdsPanel()->model()->setThresholds(planned, false);
    } else {
        // The series with calls (a forced worker's replicas count for it): a latency
        // threshold on one with nothing measured is on calls that never sent a request.
        QSet<QString> withCalls;
        const QList<SummaryRow> rows = m_data->workerRows();
        for (const ThresholdResult& t : m_data->thresholds()) {
            const std::optional<Threshold> parsed = Threshold::parse(t.expr);
            if (!parsed)
                continue;
            qint64 calls = parsed->worker.isEmpty() ? m_data->totalRow().completed : 0;
            for (const SummaryRow& row : rows) {
                if (!parsed->worker.isEmpty() &&
                    (row.ident == parsed->worker ||
                     row.ident.startsWith(parsed->worker + QStringLiteral(" #"))))
                    calls += row.completed;
            }
            if (calls > 0)
                withCalls.insert(t.expr);
        }
        m_window->thresholdsPanel()->model()->setThresholds(m_data->thresholds(), !m_data->isLive(),
                                                            withCalls);
    }
}

QStringList RunView::chartedWorkers() const {
    if (!m_data->isEmpty())
        return m_data->chartedWorkers();
    // Before a run: what it will draw one by one, known when it draws them all.
    const QStringList planned = m_data->plannedSeries();
    return planned.size() <= RunData::MaxChartedWorkers ? planned : QStringList();
}

void RunView::setPlannedWorkers(const Scenario& scenario) {
    m_plannedInterval = std::chrono::duration<double>(scenario.interval).count();
    const QList<std::pair<QString, int>> series = RunData::seriesOf(scenario);
    const bool seriesChanged = series != m_data->plannedSeriesSteps();
    m_data->setPlannedSeries(series);
    // The targets of the workers the charts will draw one by one (chartedWorkers), and the
    // total's.
    QList<RunPoint> plan = RunData::plannedTargets(scenario, chartedWorkers());
    const bool planChanged =
        !std::ranges::equal(plan, m_plan, [](const RunPoint& a, const RunPoint& b) {
            return a.key == b.key && a.t == b.t && a.value == b.value;
        });
    m_plan = std::move(plan);
    m_undrawn = RunData::undrawnWorkers(scenario);
    if ((seriesChanged || planChanged) && m_data->isEmpty())
        onReset();
    showUndrawn();
}

void RunView::showUndrawn() {
    // Before a run only: a worker whose ident is a problem draws no plan line (its name would
    // be the total's or another worker's), and nothing else would say where it went.
    const QStringList undrawn = m_data->isEmpty() ? m_undrawn : QStringList();
    ThroughputChart* chart = m_window->throughputChart();
    if (undrawn.isEmpty()) {
        if (m_undrawnNote && !m_undrawnNote->isHidden()) {
            chart->takeHeaderWidget(m_undrawnNote);
            m_undrawnNote->hide();
        }
        return;
    }
    if (!m_undrawnNote) {
        m_undrawnNote = new QLabel(chart);
        m_undrawnNote->setObjectName(QStringLiteral("undrawnNote"));
        m_undrawnNote->setTextFormat(Qt::PlainText);
        m_undrawnNote->setWordWrap(true); // a narrow chart wraps it rather than widening
        m_undrawnNote->hide();
    }
    const QString text =
        undrawn.size() == 1
            ? tr("No plan line for %1: its Ident is a problem").arg(undrawn.constFirst())
            : tr("No plan lines for %1: their Idents are problems")
                  .arg(QLocale().createSeparatedList(undrawn));
    m_undrawnNote->setText(text);
    m_undrawnNote->setToolTip(
        tr("%1 (listed under the editor). The total counts its planned rate.").arg(text));
    if (m_undrawnNote->isHidden()) {
        chart->addHeaderWidget(m_undrawnNote);
        m_undrawnNote->show();
    }
}

void RunView::setPlannedThresholds(const QStringList& thresholds) {
    if (thresholds == m_planned)
        return;
    m_planned = thresholds;
    if (m_data->isEmpty())
        onTotals();
}

QString RunView::overlayName(const RunResults& results, const QString& fileName,
                             const QDateTime& now) {
    const QString scenario = results.scenario.simplified();
    const QDateTime start = results.startedAt.toLocalTime();
    if (!start.isValid())
        return scenario.isEmpty() ? fileName : scenario;
    const QString time = start.date() == now.toLocalTime().date()
                             ? start.toString(QStringLiteral("HH:mm"))
                             : start.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    return scenario.isEmpty() ? tr("run of %1").arg(time) : tr("%1, %2").arg(scenario, time);
}

QString RunView::overlayAbout(const RunResults& results, const QString& fileName) {
    const QDateTime start = results.startedAt.toLocalTime();
    if (!start.isValid())
        return fileName;
    return tr("started %1, %2")
        .arg(start.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), fileName);
}

void RunView::setOverlay(const RunResults& results, const QString& fileName) {
    m_overlay->setResults(results, overlayName(results, fileName));
    m_overlayAbout = overlayAbout(results, fileName);
    assignColours();
    applyOverlay();
}

void RunView::clearOverlay() {
    m_overlay->clear();
    m_overlayAbout.clear();
    applyOverlay();
}

bool RunView::hasOverlay() const {
    return !m_overlay->isEmpty();
}

void RunView::applyOverlay() {
    QHash<TimeSeriesChart*, QHash<QString, QList<QPointF>>> byChart;
    for (const RunPoint& p : m_overlay->batch())
        byChart[chartFor(m_window, p.key.metric)][p.key.id()].append(QPointF(p.t, p.value));
    for (TimeSeriesChart* chart : m_window->charts()) {
        chart->clearOverlay();
        chart->setOverlayLabel(m_overlay->label(), m_overlayAbout);
        const QHash<QString, QList<QPointF>> series = byChart.value(chart);
        for (auto it = series.cbegin(); it != series.cend(); ++it) {
            SeriesKey key;
            SeriesKey::fromId(it.key(), &key);
            if (chart == m_window->throughputChart() &&
                !chart->lineSeries(ThroughputChart::achievedSeries(key.worker)))
                m_window->throughputChart()->defineWorker(key.worker);
            else if (chart == m_window->latencyChart() && !key.isTotal())
                m_window->latencyChart()->defineWorker(key.worker);
            chart->setOverlay(it.key(), it.value());
        }
    }
    labelOthers();
    m_window->actions().removeOverlay->setEnabled(hasOverlay());
    m_window->commitCharts();
}

} // namespace pusher
