// Tests of the wired desktop app: editor, files, runs, results, through the window's actions.
#include "../fullfs.h"

#include <pusher/charts/errorschart.h>
#include <pusher/charts/inflightchart.h>
#include <pusher/charts/latencychart.h>
#include <pusher/charts/throughputchart.h>
#include <pusher/editor/scenarioeditor.h>
#include <pusher/ui/appcontroller.h>
#include <pusher/ui/errorspanel.h>
#include <pusher/ui/mainwindow.h>
#include <pusher/ui/runcontroller.h>
#include <pusher/ui/summarymodel.h>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QMimeData>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <QUrl>

#include <chrono>
#include <memory>

using namespace pusher;
using namespace std::chrono_literals;

namespace {

// synthetic is a scenario of `workers` synthetic workers at `rps` each for `duration`.
Scenario synthetic(int workers, double rps, Duration duration, double errorRatio = 0.0) {
    Scenario s;
    s.name = QStringLiteral("synthetic");
    s.duration = duration;
    s.interval = 100ms;
    for (int i = 0; i < workers; ++i) {
        WorkerSpec w;
        w.ident = QStringLiteral("w%1").arg(i + 1);
        w.target.kind = QStringLiteral("synthetic");
        w.target.latency.distribution = LatencySpec::Distribution::Fixed;
        w.target.latency.value = 2ms;
        w.target.errorRatio = errorRatio;
        w.rate.mode = RateSpec::Mode::Constant;
        w.rate.rps = rps;
        s.workers.append(w);
    }
    return s;
}

void replaceText(QLineEdit* e, const QString& text) {
    e->setFocus();
    e->selectAll();
    QTest::keyClicks(e, text);
    QTest::keyClick(e, Qt::Key_Tab);
}

bool writeFile(const QString& path, const QByteArray& data) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

} // namespace

class TestAppController : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<MainWindow> m_window;
    AppController* m_app = nullptr;
    QTemporaryDir m_dir;
    int m_askedSave = 0;
    AppController::SaveAnswer m_answer = AppController::SaveAnswer::Cancel;
    QString m_reportTitle;
    QString m_nextFile;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    // runToEnd waits for the run to finish (bounded).
    bool runToEnd(int timeoutMs = 15000) {
        QElapsedTimer t;
        t.start();
        while (m_app->runController()->isRunning() && t.elapsed() < timeoutMs)
            QTest::qWait(20);
        return !m_app->runController()->isRunning();
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void init() {
        m_window = std::make_unique<MainWindow>();
        m_app = new AppController(m_window.get(), m_window.get());
        m_askedSave = 0;
        m_reportTitle.clear();
        m_app->askSave = [this] {
            ++m_askedSave;
            return m_answer;
        };
        m_app->chooseFile = [this](AppController::FileDialog) { return m_nextFile; };
        m_app->reportProblems = [this](const QString& title, const QStringList&) {
            m_reportTitle = title;
        };
        m_app->confirmStop = [] { return true; };
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup() {
        m_app->askSave = [] { return AppController::SaveAnswer::Discard; };
        m_window.reset();
    }

    void demoOpensAndIsStartable() {
        m_app->openDemo();
        QCOMPARE(m_app->editor()->scenario().workers.size(), 2);
        QVERIFY(m_app->currentPath().isEmpty());
        QVERIFY(!m_app->isModified());
        QVERIFY(m_window->actions().start->isEnabled());
    }

    void editSaveOpenRoundTrip() {
        m_app->setScenario(synthetic(1, 50, 2s), QString());
        auto* name = m_app->editor()->findChild<QLineEdit*>(QStringLiteral("nameEdit"));
        auto* ident = m_app->editor()->findChild<QLineEdit*>(QStringLiteral("identEdit"));
        QVERIFY(name && ident);
        replaceText(name, QStringLiteral("checkout flow"));
        replaceText(ident, QStringLiteral("cart"));
        QCOMPARE(m_app->editor()->scenario().name, QStringLiteral("checkout flow"));
        QCOMPARE(m_app->editor()->scenario().workers.at(0).ident, QStringLiteral("cart"));
        QVERIFY(m_app->isModified());
        QVERIFY(m_window->isWindowModified());

        m_nextFile = path(QStringLiteral("roundtrip.json"));
        m_window->actions().save->trigger(); // no path yet: asks for one
        QVERIFY(!m_app->isModified());
        QCOMPARE(m_app->currentPath(), m_nextFile);
        QCOMPARE(m_window->recentFiles().value(0), QFileInfo(m_nextFile).absoluteFilePath());
        const Scenario saved = m_app->editor()->scenario();

        m_app->setScenario(synthetic(3, 5, 1s), QString());
        QVERIFY(m_app->openFile(m_nextFile));
        QCOMPARE(m_app->editor()->scenario(), saved);
        QCOMPARE(m_askedSave, 0);
    }

    void validationDisablesStart() {
        m_app->setScenario(synthetic(1, 50, 2s), QString());
        QVERIFY(m_window->actions().start->isEnabled());
        auto* duration = m_app->editor()->findChild<QLineEdit*>(QStringLiteral("durationEdit"));
        QVERIFY(duration);
        replaceText(duration, QStringLiteral("5 sec"));
        QVERIFY(!m_app->editor()->isValid());
        QVERIFY(!m_window->actions().start->isEnabled());
        QVERIFY(m_window->actions().start->toolTip().contains(QStringLiteral("duration")));
        QVERIFY(!m_app->start());
        QVERIFY(!m_app->runController()->isRunning());
        replaceText(duration, QStringLiteral("3s"));
        QVERIFY(m_app->editor()->isValid());
        QVERIFY(m_window->actions().start->isEnabled());
    }

    void undoRedoThroughActions() {
        m_app->setScenario(synthetic(1, 50, 2s), QString());
        auto* name = m_app->editor()->findChild<QLineEdit*>(QStringLiteral("nameEdit"));
        replaceText(name, QStringLiteral("first"));
        QCOMPARE(m_app->editor()->scenario().name, QStringLiteral("first"));
        QVERIFY(m_app->undoAction()->isEnabled());
        QCOMPARE(m_app->undoAction()->shortcut(), QKeySequence(QKeySequence::Undo));
        QCOMPARE(m_app->redoAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
        m_app->undoAction()->trigger();
        QCOMPARE(m_app->editor()->scenario().name, QStringLiteral("synthetic"));
        QVERIFY(!m_app->isModified());
        m_app->redoAction()->trigger();
        QCOMPARE(m_app->editor()->scenario().name, QStringLiteral("first"));
        QVERIFY(m_app->isModified());
    }

    void shortRunFillsChartsAndSummary() {
        m_app->setScenario(synthetic(2, 200, 1500ms, 0.05), QString());
        QSignalSpy snapshots(m_app->runController(), &RunController::snapshotArrived);
        QSignalSpy finished(m_app->runController(), &RunController::runFinished);
        std::shared_ptr<const Snapshot> last;
        connect(m_app->runController(), &RunController::snapshotArrived, this,
                [&last](std::shared_ptr<const Snapshot> s) { last = std::move(s); });
        m_window->actions().start->trigger();
        QVERIFY(m_app->runController()->isRunning());
        QVERIFY(!m_app->editor()->isEnabled());
        QVERIFY(!m_window->actions().start->isEnabled());
        QVERIFY(m_window->actions().stop->isEnabled());
        QVERIFY(m_app->rateBox(QStringLiteral("w1")));
        QVERIFY(runToEnd());
        QCOMPARE(finished.count(), 1);
        QVERIFY(m_app->editor()->isEnabled());
        // About one snapshot per 100 ms interval, never one per call (600 calls).
        QVERIFY2(snapshots.count() >= 10 && snapshots.count() <= 20,
                 qPrintable(QString::number(snapshots.count())));
        QCOMPARE(snapshots.count(), m_app->runController()->snapshotCount());

        const RunResults& results = m_app->runController()->results();
        QVERIFY(results.total.completed > 400);
        QVERIFY(results.total.errors > 0);
        // The last snapshot's cumulative totals are the results' counts.
        QVERIFY(last);
        QCOMPARE(last->farm.total.completed, results.total.completed);
        QCOMPARE(last->farm.total.errors, results.total.errors);
        QCOMPARE(last->farm.total.ticks, results.total.ticks);

        const SummaryModel* summary = m_window->summaryTable()->summaryModel();
        QVERIFY(summary->hasTotal());
        QCOMPARE(summary->workers().size(), 2);
        const SummaryRow total = summary->total();
        QCOMPARE(total.ticks, qint64(results.total.ticks));
        QCOMPARE(total.started, qint64(results.total.started));
        QCOMPARE(total.completed, qint64(results.total.completed));
        QCOMPARE(total.ok, qint64(results.total.ok));
        QCOMPARE(total.errors, qint64(results.total.errors));
        QCOMPARE(total.canceled, qint64(results.total.canceled));
        // Dispatch lag is known (calls started) and is the results' own figure.
        QVERIFY(total.lagP99Ms >= 0);
        QCOMPARE(total.lagP99Ms, results.total.lagMs.p99);
        for (int i = 0; i < 2; ++i) {
            const WorkerResults* w = results.worker(summary->workers().at(i).ident);
            QVERIFY(w);
            QCOMPARE(summary->workers().at(i).completed, qint64(w->completed));
        }
        QCOMPARE(m_window->errorsPanel()->model()->totalCount(), qint64(results.total.errors));
        // Each error kind comes with its sample messages, as child rows.
        const ErrorsModel* errors = m_window->errorsPanel()->model();
        for (int row = 0; row < errors->rowCount(); ++row)
            QVERIFY(errors->rowCount(errors->index(row, 0)) >= 1);
        if (results.total.errors > 0)
            QVERIFY(!results.total.errorSamples.isEmpty());

        // Every chart has data in its series.
        const QString tot = ThroughputChart::totalIdent();
        for (const QString& s :
             {ThroughputChart::achievedSeries(tot), ThroughputChart::targetSeries(tot),
              ThroughputChart::achievedSeries(QStringLiteral("w1")),
              ThroughputChart::achievedSeries(QStringLiteral("w2"))})
            QVERIFY2(m_window->throughputChart()->pointCount(s) >= 10, qPrintable(s));
        // The target follows the profile: 200 rps per worker.
        QCOMPARE(m_window->throughputChart()
                     ->displayedPoints(ThroughputChart::targetSeries(QStringLiteral("w1")))
                     .constLast()
                     .y(),
                 200.0);
        for (const QString& q : LatencyChart::quantiles()) {
            QVERIFY(m_window->latencyChart()->pointCount(
                        LatencyChart::seriesName(LatencyChart::Kind::Service, q)) >= 10);
            QVERIFY(m_window->latencyChart()->pointCount(
                        LatencyChart::seriesName(LatencyChart::Kind::Response, q)) >= 10);
        }
        QVERIFY(m_window->errorsChart()->pointCount(ErrorsChart::errorsSeries()) >= 10);
        QVERIFY(m_window->errorsChart()->pointCount(ErrorsChart::canceledSeries()) >= 10);
        QVERIFY(m_window->inFlightChart()->pointCount(tot) >= 10);
        QVERIFY(m_window->inFlightChart()->pointCount(QStringLiteral("w2")) >= 10);

        // Results: save, export, then open the saved file and see its charts.
        QVERIFY(m_window->actions().saveResults->isEnabled());
        const QString resultsPath = path(QStringLiteral("results.json"));
        QVERIFY(m_app->saveResults(resultsPath));
        QVERIFY(m_app->exportHtml(path(QStringLiteral("report.html"))));
        QVERIFY(m_app->exportCsv(path(QStringLiteral("timeline.csv"))));
        QVERIFY(m_app->exportPng(path(QStringLiteral("charts.png"))));
        QVERIFY(QImage(path(QStringLiteral("charts.png"))).width() > 100);
        QVERIFY(QFile(path(QStringLiteral("timeline.csv"))).size() > 100);

        for (TimeSeriesChart* chart : m_window->charts())
            chart->clear();
        m_window->summaryTable()->summaryModel()->clear();
        const Scenario before = m_app->editor()->scenario();
        QVERIFY(m_app->openFile(resultsPath));
        QCOMPARE(m_app->editor()->scenario(), before); // results do not replace the scenario
        QVERIFY(m_window->throughputChart()->pointCount(ThroughputChart::achievedSeries(tot)) >=
                10);
        QVERIFY(m_window->latencyChart()->pointCount(LatencyChart::seriesName(
                    LatencyChart::Kind::Service, QStringLiteral("p99"))) >= 10);
        QVERIFY(m_window->inFlightChart()->pointCount(QStringLiteral("w1")) >= 10);
        QCOMPARE(m_window->summaryTable()->summaryModel()->total().completed,
                 qint64(results.total.completed));

        // Overlay: the earlier run is drawn dashed.
        QVERIFY(m_app->overlayResults(resultsPath));
        QVERIFY(m_window->throughputChart()->hasOverlay());
        QVERIFY(m_window->latencyChart()->hasOverlay());
    }

    void stopMidRunIsPrompt() {
        m_app->setScenario(synthetic(2, 100, 30s), QString());
        // An earlier run chosen for comparison stays over the new run's charts.
        QVERIFY(m_app->overlayResults(path(QStringLiteral("results.json"))));
        QVERIFY(m_app->start());
        QVERIFY(m_window->throughputChart()->hasOverlay());
        QTest::qWait(400);
        QVERIFY(m_app->runController()->isRunning());
        // A live rate change reaches the engine.
        QDoubleSpinBox* box = m_app->rateBox(QStringLiteral("w1"));
        QVERIFY(box && box->isEnabled());
        box->setValue(300);
        QSignalSpy snapshots(m_app->runController(), &RunController::snapshotArrived);
        QVERIFY(snapshots.wait(3000));
        const QString target = ThroughputChart::targetSeries(QStringLiteral("w1"));
        QCOMPARE(m_window->throughputChart()->displayedPoints(target).constLast().y(), 300.0);
        QElapsedTimer t;
        t.start();
        m_window->actions().stop->trigger();
        QVERIFY(t.elapsed() < 200); // returns at once
        QVERIFY(runToEnd(5000));
        QVERIFY2(t.elapsed() < 3000, qPrintable(QString::number(t.elapsed())));
        const RunResults& r = m_app->runController()->results();
        QVERIFY(r.durationS < 10);
        QVERIFY(r.total.completed > 0);
        QVERIFY(m_app->results().has_value());
        QCOMPARE(m_window->summaryTable()->summaryModel()->total().completed,
                 qint64(r.total.completed));
    }

    void badFileKeepsScenario() {
        m_app->setScenario(synthetic(1, 50, 2s), path(QStringLiteral("good.json")));
        const Scenario before = m_app->editor()->scenario();
        const QString bad = path(QStringLiteral("bad.json"));
        QVERIFY(writeFile(bad, R"({"version": 1, "duration": "5 sec", "workers": [
            {"ident": "a", "target": {"kind": "http", "url": "nope"}, "rate": {"rps": -1}},
            {"ident": "b", "target": {"kind": "warp"}, "rate": {"rps": 1}}]})"));
        QVERIFY(!m_app->openFile(bad));
        QCOMPARE(m_app->editor()->scenario(), before);
        QCOMPARE(m_app->currentPath(), path(QStringLiteral("good.json")));
        QVERIFY(m_reportTitle.contains(QStringLiteral("bad.json")));
        const QString all = m_app->lastProblems().join(QLatin1Char('\n'));
        QVERIFY2(m_app->lastProblems().size() >= 4, qPrintable(all));
        for (const char* p :
             {"duration", "workers[0].target.url", "workers[0].rate.rps", "workers[1].target.kind"})
            QVERIFY2(all.contains(QLatin1String(p)), qPrintable(all));
        // Not JSON at all: a line and column.
        QVERIFY(writeFile(bad, "{\"version\": 1,"));
        QVERIFY(!m_app->openFile(bad));
        QVERIFY(m_app->lastProblems().join(QString()).contains(QStringLiteral("line")));
        QCOMPARE(m_app->editor()->scenario(), before);
    }

    void dropOpensScenario() {
        const QString file = path(QStringLiteral("dropped.json"));
        QVERIFY(writeFile(file, synthetic(3, 7, 4s).toJson()));
        auto* mime = new QMimeData;
        mime->setUrls({QUrl::fromLocalFile(file)});
        const QPoint at = m_window->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &drop);
        delete mime;
        QCOMPARE(m_app->editor()->scenario().workers.size(), 3);
        QCOMPARE(m_app->currentPath(), file);
    }

    // A save that cannot be written (a full disk: a tiny tmpfs in this test's own mount
    // namespace, root only) says which file and why, keeps the old file, and the document
    // stays unsaved.
    void saveOnAFullDiskKeepsTheFileAndStaysUnsaved() {
        QTemporaryDir dir;
        const QByteArray old = synthetic(1, 50, 2s).toJson();
        const QString why =
            pusher::test::mountFullTmpfs(dir.path(), 64, {{QStringLiteral("s.json"), old}});
        if (!why.isEmpty())
            QSKIP(qPrintable(QStringLiteral("needs root to mount a tmpfs privately: ") + why));
        const QString file = dir.filePath(QStringLiteral("s.json"));
        QVERIFY(m_app->openFile(file));
        auto* name = m_app->editor()->findChild<QLineEdit*>(QStringLiteral("nameEdit"));
        QVERIFY(name);
        replaceText(name, QStringLiteral("renamed")); // any byte needs a page: none is left
        QVERIFY(m_app->isModified());
        m_window->actions().save->trigger();
        const QByteArray after = [&] {
            QFile f(file);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        const QStringList left = QDir(dir.path()).entryList(QDir::Files | QDir::Hidden);
        pusher::test::unmountTmpfs(dir.path());
        QCOMPARE(m_reportTitle, QStringLiteral("The scenario cannot be saved."));
        const QString problems = m_app->lastProblems().join(QLatin1Char('\n'));
        QVERIFY2(
            problems.contains(file + QStringLiteral(": cannot write: No space left on device")),
            qPrintable(problems));
        QVERIFY(m_app->isModified());
        QVERIFY(m_window->isWindowModified());
        QCOMPARE(after, old);
        QCOMPARE(left, (QStringList{QStringLiteral("filler"), QStringLiteral("s.json")}));
    }

    void unsavedGuardOnCloseNewOpen() {
        m_app->setScenario(synthetic(1, 50, 2s), QString());
        QVERIFY(m_window->close()); // clean: no question
        QCOMPARE(m_askedSave, 0);
        m_window->show();
        replaceText(m_app->editor()->findChild<QLineEdit*>(QStringLiteral("nameEdit")),
                    QStringLiteral("dirty"));
        QVERIFY(m_app->isModified());

        m_answer = AppController::SaveAnswer::Cancel;
        QVERIFY(!m_window->close());
        QCOMPARE(m_askedSave, 1);
        QVERIFY(!m_app->newScenario());
        QCOMPARE(m_askedSave, 2);
        QCOMPARE(m_app->editor()->scenario().name, QStringLiteral("dirty"));
        const QString other = path(QStringLiteral("other.json"));
        QVERIFY(writeFile(other, synthetic(2, 1, 1s).toJson()));
        QVERIFY(!m_app->openFile(other));
        QCOMPARE(m_askedSave, 3);
        QCOMPARE(m_app->editor()->scenario().name, QStringLiteral("dirty"));

        m_answer = AppController::SaveAnswer::Save;
        m_nextFile = path(QStringLiteral("guarded.json"));
        QVERIFY(m_window->close());
        QCOMPARE(m_askedSave, 4);
        QVERIFY(!m_app->isModified());
        QVERIFY(QFile::exists(m_nextFile));

        m_window->show();
        replaceText(m_app->editor()->findChild<QLineEdit*>(QStringLiteral("nameEdit")),
                    QStringLiteral("again"));
        m_answer = AppController::SaveAnswer::Discard;
        QVERIFY(m_app->newScenario());
        QCOMPARE(m_askedSave, 5);
        QVERIFY(!m_app->isModified());
    }
};

QTEST_MAIN(TestAppController)
#include "tst_appcontroller.moc"
