// RunData: the model of one run between the metrics and everything that shows it.
#pragma once

#include <pusher/charts/serieskey.h>
#include <pusher/results.h>
#include <pusher/ui/errorspanel.h>
#include <pusher/ui/summarymodel.h>

#include <QList>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <tuple>

namespace pusher {

struct Scenario;
struct Snapshot;

// RunPoint is one value of one series at the end of an interval (t in seconds).
struct RunPoint {
    SeriesKey key;
    double t = 0;
    double value = 0;
};

// RunData is one run as the app shows it, whatever it came from: live snapshots, a results
// file, or an earlier run overlaid. It is the only place where metrics become chart points:
// series have stable keys (SeriesKey: a worker's ident or the total, and a metric), the
// recorder's `partial` flag decides which intervals draw no point (their counts still reach
// the totals), and the whole-run figures (summary rows, errors by kind, thresholds) come
// from the same source. Views read it through three signals: reset() (drop what you show,
// then read batch(): everything so far), appended() (batch() holds one more interval) and
// totalsChanged(). It keeps no point history: the charts keep theirs (bounded).
//
// A run of more than MaxChartedWorkers workers has series for its MaxChartedWorkers largest
// workers by volume (calls completed, then ticks, then ident) and one "others" series
// (SeriesKey::othersWorker()) that sums the rest's rates and calls in flight (not a flow's
// steps: their calls are their journey's, which the total counts once); its latencies
// are only in the total's and each worker's summary row. A results file is ranked on its
// whole-run counts, a live run on its first interval's (then it keeps its charted workers).
class RunData : public QObject {
    Q_OBJECT
public:
    // MaxChartedWorkers is the most workers drawn one by one: with the total and "others"
    // their legend entries (beside the plot, one a line) fit a chart of a 1024x700 window
    // unshortened, and each keeps its own colour of the palette.
    static constexpr int MaxChartedWorkers = 5;

    // TargetFn is the target rate of a worker (its ident) at t seconds; NaN when it has none
    // (a closed-model worker, which is then drawn at its achieved rate).
    using TargetFn = std::function<double(const QString& worker, double t)>;

    explicit RunData(QObject* parent = nullptr);
    ~RunData() override;

    // seriesOf lists the series a run of scenario has, each with its step index (-1 for a
    // worker), in the summary's order: each enabled worker (its replicas, "api #1" …) and a
    // flow's steps ("j/search", right after their journey in the flow's order). A worker
    // whose ident is no name of its own (empty, with a '/', an earlier worker's) has none.
    static QList<std::pair<QString, int>> seriesOf(const Scenario& scenario);
    // undrawnWorkers names the enabled workers seriesOf leaves out, by their row ("worker 3":
    // their ident is the problem).
    static QStringList undrawnWorkers(const Scenario& scenario);
    // plannedRps is the rate scenario plans for its worker spec (its ident, not a replica's)
    // t seconds into a run; NaN for a closed-model worker (it runs as fast as it can) or a
    // spec the scenario does not have. Each of a forced spec's replicas runs at this rate.
    static double plannedRps(const Scenario& scenario, const QString& spec, double t);
    // plannedTargets are the throughput chart's target points of a run of scenario, before it
    // runs: the total's (none when a worker runs the closed model: its rate is not planned)
    // and each of workers' (replicas or specs; none for a closed-model worker, a step or a
    // worker seriesOf does not name; the total counts that one's rate),
    // sampled at the scenario's interval (at most MaxPlanSamples + 1 points per series) from
    // 0 to its duration, as a run draws them at each interval's end.
    static QList<RunPoint> plannedTargets(const Scenario& scenario, const QStringList& workers);
    static constexpr int MaxPlanSamples = 1000;
    // setPlannedSeries gives the series of the scenario open (seriesOf). A live run that
    // begins charts the steps among them at once (its first interval confirms them), and the
    // views list them before any run. clear() keeps them.
    void setPlannedSeries(const QList<std::pair<QString, int>>& series);
    // plannedSeries are their idents, in that order.
    QStringList plannedSeries() const;
    QList<std::pair<QString, int>> plannedSeriesSteps() const { return m_planned; }

    // beginRun starts a live run of workers (their idents) with the scenario's thresholds.
    void beginRun(const QStringList& workers, TargetFn target, const QStringList& thresholds);
    // addSnapshot adds one interval of the live run.
    void addSnapshot(const Snapshot& snapshot);
    // finishRun takes the whole-run figures of the live run's results (exactly what a saved
    // results file holds).
    void finishRun(const RunResults& results);
    // setResults shows results (a file, or an earlier run for comparison); label names it.
    void setResults(const RunResults& results, const QString& label = QString());
    // clear forgets the run.
    void clear();

    bool isEmpty() const { return !m_live && !m_hasResults; }
    bool isLive() const { return m_live; }
    // label names the results shown (a file name), empty for a live run.
    QString label() const { return m_label; }
    // workers are the run's series (workers and a flow's steps) in the summary's order
    // (seriesBefore: by ident, a journey's steps right after it in the flow's order): the
    // order of their colours and legend entries. A live run learns its steps from its first
    // interval.
    QStringList workers() const { return m_workers; }
    // chartedWorkers are the workers drawn one by one, in that order: all of them up to
    // MaxChartedWorkers, else the largest ones (empty in a large live run until its first
    // interval ranked them).
    QStringList chartedWorkers() const { return m_charted; }
    // othersCount is the number of workers the "others" series stands for (0: none).
    int othersCount() const { return m_othersCount; }
    // batch is what the last reset() (everything) or appended() (one interval) brought.
    const QList<RunPoint>& batch() const { return m_batch; }
    // elapsedSeconds is the end of the last interval (the run's duration once finished).
    double elapsedSeconds() const { return m_elapsed; }
    // drawnSeconds is the end of the last whole interval, the last one the charts draw a
    // point for (0: none yet); every chart of a finished run or a file spans up to it.
    double drawnSeconds() const { return m_drawn; }
    // Of a finished run or a file (hasResults): its interval, its planned duration (0: not
    // known) and whether Stop (or a signal) ended it; 0, 0 and false before.
    double intervalSeconds() const { return m_intervalS; }
    double plannedSeconds() const { return m_plannedS; }
    bool wasStopped() const { return m_stopped; }

    // Whole-run figures so far: summary rows (workers by ident, then the total), errors by
    // kind, cancellations, thresholds (live: judged on the figures so far).
    QList<SummaryRow> workerRows() const { return m_rows; }
    SummaryRow totalRow() const { return m_total; }
    QList<ErrorKind> errorKinds() const { return m_errorKinds; }
    qint64 canceled() const { return m_canceled; }
    // notDispatched is the part of canceled() the engine never dispatched: ticks still due
    // when the run ended (a machine that fell behind), canceled in bulk.
    qint64 notDispatched() const { return m_notDispatched; }
    // interrupted is the number of calls a stop cut (neither ok nor errors).
    qint64 interrupted() const { return m_interrupted; }
    QList<ThresholdResult> thresholds() const { return m_thresholds; }
    // hasResults: the figures are a finished run's or a file's (whole-run), not live ones.
    // The results themselves stay with their owner (30,000 histograms for 10,000 workers
    // are not copied here).
    bool hasResults() const { return m_hasResults; }

signals:
    void reset();
    void appended();
    void totalsChanged();

private:
    void addLatency(const QString& worker, double t, const Histogram& service,
                    const Histogram& response);
    void setTotalsFrom(const RunResults& results);
    void judgeLive(const Snapshot& snapshot);
    void adoptSeries(const Snapshot& snapshot);
    void chartAll();
    void chartLargest(QList<std::tuple<std::uint64_t, std::uint64_t, QString>> volumes);
    bool isCharted(const QString& worker) const { return m_chartedSet.contains(worker); }

    QList<std::pair<QString, int>> m_planned;
    bool m_live = false;
    QString m_label;
    QStringList m_workers;
    QStringList m_charted;
    QSet<QString> m_chartedSet;
    int m_othersCount = 0;
    bool m_ranked = false;     // the charted workers are chosen
    bool m_seriesSeen = false; // a whole interval told the run's series (adoptSeries)
    TargetFn m_target;
    QStringList m_thresholdTexts;
    QList<RunPoint> m_batch;
    double m_elapsed = 0;
    double m_drawn = 0;
    double m_intervalS = 0;
    double m_plannedS = 0;
    bool m_stopped = false;
    QList<SummaryRow> m_rows;
    SummaryRow m_total;
    QList<ErrorKind> m_errorKinds;
    qint64 m_canceled = 0;
    qint64 m_notDispatched = 0;
    qint64 m_interrupted = 0;
    QList<ThresholdResult> m_thresholds;
    bool m_hasResults = false;
};

} // namespace pusher
