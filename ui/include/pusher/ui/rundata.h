// RunData: the model of one run between the metrics and everything that shows it.
#pragma once

#include <pusher/charts/serieskey.h>
#include <pusher/results.h>
#include <pusher/ui/errorspanel.h>
#include <pusher/ui/summarymodel.h>

#include <QList>
#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace pusher {

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
class RunData : public QObject {
    Q_OBJECT
public:
    // TargetFn is the target rate of a worker (its ident) at t seconds; NaN when it has none
    // (a closed-model worker, which is then drawn at its achieved rate).
    using TargetFn = std::function<double(const QString& worker, double t)>;

    explicit RunData(QObject* parent = nullptr);
    ~RunData() override;

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

    bool isEmpty() const { return !m_live && !m_results; }
    bool isLive() const { return m_live; }
    // label names the results shown (a file name), empty for a live run.
    QString label() const { return m_label; }
    // workers are the run's worker idents, sorted: the order of their colours.
    QStringList workers() const { return m_workers; }
    // batch is what the last reset() (everything) or appended() (one interval) brought.
    const QList<RunPoint>& batch() const { return m_batch; }
    // elapsedSeconds is the end of the last interval (the run's duration once finished).
    double elapsedSeconds() const { return m_elapsed; }

    // Whole-run figures so far: summary rows (workers by ident, then the total), errors by
    // kind, cancellations, thresholds (live: judged on the figures so far).
    QList<SummaryRow> workerRows() const { return m_rows; }
    SummaryRow totalRow() const { return m_total; }
    QList<ErrorKind> errorKinds() const { return m_errorKinds; }
    qint64 canceled() const { return m_canceled; }
    // interrupted is the number of calls a stop cut (neither ok nor errors).
    qint64 interrupted() const { return m_interrupted; }
    QList<ThresholdResult> thresholds() const { return m_thresholds; }
    // results are the finished run's or the file's; nullopt while live.
    const std::optional<RunResults>& results() const { return m_results; }

signals:
    void reset();
    void appended();
    void totalsChanged();

private:
    void addLatency(const QString& worker, double t, const Histogram& service,
                    const Histogram& response);
    void setTotalsFrom(const RunResults& results);
    void judgeLive(const Snapshot& snapshot);

    bool m_live = false;
    QString m_label;
    QStringList m_workers;
    TargetFn m_target;
    QStringList m_thresholdTexts;
    QList<RunPoint> m_batch;
    double m_elapsed = 0;
    QList<SummaryRow> m_rows;
    SummaryRow m_total;
    QList<ErrorKind> m_errorKinds;
    qint64 m_canceled = 0;
    qint64 m_interrupted = 0;
    QList<ThresholdResult> m_thresholds;
    std::optional<RunResults> m_results;
};

} // namespace pusher
