// RunView: shows a RunData (and an earlier run overlaid) in the main window.
#pragma once

#include <pusher/ui/rundata.h>

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

class QLabel;

namespace pusher {

class MainWindow;
struct RunResults;
struct Scenario;

// RunView binds the run-data model to the window: the four charts, the summary, the errors
// panel and the thresholds panel follow `data()`; the charts draw `overlay()` dashed. It
// maps series keys to chart series (it holds no metrics logic: RunData decides which
// intervals draw) and gives a run's workers their colours in the run's order, as the HTML
// report does.
class RunView : public QObject {
    Q_OBJECT
public:
    explicit RunView(MainWindow* window, QObject* parent = nullptr);
    ~RunView() override;

    RunData* data() const { return m_data; }
    RunData* overlay() const { return m_overlay; }

    // setOverlay draws results dashed over the charts, named in their legends by
    // overlayName (fileName: the file they were read from); clearOverlay removes it.
    void setOverlay(const RunResults& results, const QString& fileName);
    void clearOverlay();
    bool hasOverlay() const;
    // setPlannedThresholds gives the thresholds of the scenario open: while no run or
    // results file is shown, the thresholds panel lists them, not yet measured.
    void setPlannedThresholds(const QStringList& thresholds);
    // setPlannedDuration gives the duration of the scenario open (seconds, 0: none): while
    // the charts show no run or a live one, their whole-run time axis spans it (0–30 s for a
    // 30 s run before it starts); a finished run or a results file spans its own length
    // (RunData::elapsedSeconds).
    void setPlannedDuration(double seconds);
    // setPlannedWorkers gives the scenario open: while no run or results file is shown, the
    // throughput and in-flight legends (and the latency chart's worker box) list the series
    // its run will draw, in the run's order and colours (RunData::seriesOf; none but the
    // total when it has more than RunData::MaxChartedWorkers: the run draws its largest).
    // Their planned rates (RunData::plannedTargets) are drawn as the throughput chart's
    // dotted targets until a run or a results file is shown. A worker whose ident is a
    // problem has no line, and a note above the throughput chart says so
    // (RunData::undrawnWorkers).
    void setPlannedWorkers(const Scenario& scenario);

    // overlayName is how the legends name an earlier run: by what a person recognises it,
    // its scenario's name and its start in local time, "demo, 17:22" (of another day than
    // `now`'s, "demo, 2026-12-01 17:22"); a run of an unnamed scenario "run of 17:22"; the
    // file's name when the results say neither. Its file name alone ("2026-12-02_17-22-05_
    // demo.json", elided "2026-…json") told no two kept runs apart. overlayAbout is the
    // legend entry's tooltip line: the whole start and the file.
    static QString overlayName(const RunResults& results, const QString& fileName,
                               const QDateTime& now = QDateTime::currentDateTime());
    static QString overlayAbout(const RunResults& results, const QString& fileName);

private:
    // chartedWorkers are the workers the charts list: the run's or, before any, the planned.
    QStringList chartedWorkers() const;
    void onReset();
    void onAppended();
    void onTotals();
    void push();
    void applyOverlay();
    void assignColours();
    void labelOthers();
    bool applyPlannedSpan();
    // updateEmptyText tells each chart why it is empty while the run shown has drawn no
    // point: waiting for its first whole interval, or a run that had none.
    void updateEmptyText();
    // latencyEmptyText is what the latency chart says while the run has drawn its rates
    // but no latency for the series the chart shows: no call (of that worker) ended, or
    // none sent its request, or none ended in a whole interval.
    QString latencyEmptyText() const;
    // showUndrawn shows the note above the throughput chart naming the workers the plan
    // leaves out (none: no note).
    void showUndrawn();

    MainWindow* m_window;
    RunData* m_data;
    RunData* m_overlay;
    QString m_overlayAbout; // overlayAbout of the overlay shown
    QStringList m_planned;
    double m_plannedSeconds = 0;
    double m_plannedInterval = 0; // the scenario's interval, seconds (setPlannedWorkers)
    bool m_runPoints = false;     // the run shown has given a chart point (a whole interval)
    QList<RunPoint> m_plan;       // the planned targets drawn before any run (setPlannedWorkers)
    QStringList m_undrawn;        // the workers the plan leaves out (RunData::undrawnWorkers)
    QLabel* m_undrawnNote = nullptr;
};

} // namespace pusher
