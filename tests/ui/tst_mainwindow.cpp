#include <pusher/charts/errorschart.h>
#include <pusher/charts/inflightchart.h>
#include <pusher/charts/latencychart.h>
#include <pusher/charts/throughputchart.h>
#include "demofeed.h"
#include <pusher/ui/errorspanel.h>
#include <pusher/ui/mainwindow.h>
#include <pusher/ui/summarymodel.h>

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace pusher;

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        // Keep the user's settings out of it: QSettings() goes to a test location.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PusherTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
    }

    void actionsHaveShortcutsAndIcons() {
        MainWindow w;
        const MainWindow::Actions& a = w.actions();
        QCOMPARE(a.start->shortcut(), QKeySequence(Qt::Key_F5));
        QVERIFY(a.stop->shortcuts().contains(QKeySequence(Qt::Key_Escape)));
        QVERIFY(a.stop->shortcuts().contains(QKeySequence(Qt::SHIFT | Qt::Key_F5)));
        QCOMPARE(a.open->shortcut(), QKeySequence(QKeySequence::Open));
        QCOMPARE(a.save->shortcut(), QKeySequence(QKeySequence::Save));
        QCOMPARE(a.saveAs->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
        QCOMPARE(a.newScenario->shortcut(), QKeySequence(QKeySequence::New));
        QCOMPARE(a.quit->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Q));
        for (QAction* action : {a.newScenario, a.open, a.save, a.saveAs, a.exportHtml, a.exportCsv,
                                a.exportPng, a.start, a.stop}) {
            QVERIFY2(!action->icon().isNull(), qPrintable(action->text()));
            QVERIFY2(!action->icon().pixmap(20, 20).isNull(), qPrintable(action->text()));
            QVERIFY(!action->toolTip().isEmpty());
        }
        QVERIFY(!w.windowIcon().isNull());
    }

    void keysStartAndStop() {
        MainWindow w;
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QSignalSpy started(w.actions().start, &QAction::triggered);
        QSignalSpy stopped(w.actions().stop, &QAction::triggered);
        QVERIFY(w.actions().start->isEnabled());
        QVERIFY(!w.actions().stop->isEnabled());
        QTest::keyClick(&w, Qt::Key_F5);
        QCOMPARE(started.count(), 1);
        QTest::keyClick(&w, Qt::Key_Escape);
        QCOMPARE(stopped.count(), 0); // not running: Stop is disabled

        w.setRunning(true);
        QVERIFY(!w.actions().start->isEnabled());
        QVERIFY(!w.actions().open->isEnabled());
        QTest::keyClick(&w, Qt::Key_F5);
        QCOMPARE(started.count(), 1);
        QTest::keyClick(&w, Qt::Key_Escape);
        QCOMPARE(stopped.count(), 1);
        QTest::keyClick(&w, Qt::Key_F5, Qt::ShiftModifier);
        QCOMPARE(stopped.count(), 2);

        w.setRunning(false);
        w.setStartable(false, QStringLiteral("worker 1: URL is empty"));
        QVERIFY(!w.actions().start->isEnabled());
        QVERIFY(w.actions().start->toolTip().contains(QStringLiteral("URL is empty")));
        QTest::keyClick(&w, Qt::Key_F5);
        QCOMPARE(started.count(), 1);
        w.setStartable(true);
        QVERIFY(w.actions().start->isEnabled());
    }

    void layoutHasDocksAndCharts() {
        MainWindow w;
        QCOMPARE(w.dockWidgetArea(w.scenarioDock()), Qt::LeftDockWidgetArea);
        QCOMPARE(w.dockWidgetArea(w.summaryDock()), Qt::BottomDockWidgetArea);
        QCOMPARE(w.dockWidgetArea(w.errorsDock()), Qt::BottomDockWidgetArea);
        QCOMPARE(w.charts().size(), 4);
        QCOMPARE(w.summaryDock()->widget(), static_cast<QWidget*>(w.summaryTable()));
        QCOMPARE(w.errorsDock()->widget(), static_cast<QWidget*>(w.errorsPanel()));
        auto* editor = new QLabel(QStringLiteral("editor"));
        w.setScenarioEditor(editor);
        QCOMPARE(w.scenarioDock()->widget(), static_cast<QWidget*>(editor));

        w.errorsPanel()->setErrors({{QStringLiteral("reset"), 12, {}}}, 0);
        QCOMPARE(w.errorsDock()->windowTitle(), QStringLiteral("Errors (12)"));

        w.setChartsLayout(MainWindow::ChartsLayout::Tabs);
        QVERIFY(w.actions().chartsAsTabs->isChecked());
        w.actions().chartsAsTabs->trigger();
        QCOMPARE(w.chartsLayout(), MainWindow::ChartsLayout::Grid);
        for (TimeSeriesChart* c : w.charts())
            QVERIFY(c->parentWidget());
    }

    void progressText_data() {
        QTest::addColumn<double>("elapsed");
        QTest::addColumn<double>("total");
        QTest::addColumn<bool>("finished");
        QTest::addColumn<bool>("stopped");
        QTest::addColumn<QString>("text");
        QTest::newRow("idle") << 0.0 << 0.0 << false << false << QStringLiteral("Not running");
        QTest::newRow("open-ended")
            << 75.0 << 0.0 << false << false << QStringLiteral("01:15 elapsed");
        QTest::newRow("timed") << 30.0 << 120.0 << false << false
                               << QStringLiteral("00:30 / 02:00, 01:30 left");
        QTest::newRow("long") << 3600.0 << 7200.0 << false << false
                              << QStringLiteral("1:00:00 / 2:00:00, 1:00:00 left");
        QTest::newRow("overrun") << 121.0 << 120.0 << false << false
                                 << QStringLiteral("02:01 / 02:00, finishing");
        QTest::newRow("done") << 121.0 << 120.0 << true << false
                              << QStringLiteral("02:01 / 02:00, done");
        QTest::newRow("stopped early")
            << 30.0 << 120.0 << true << true << QStringLiteral("00:30 / 02:00, stopped");
        QTest::newRow("open-ended done")
            << 75.0 << 0.0 << true << false << QStringLiteral("01:15, done");
        QTest::newRow("open-ended stopped")
            << 75.0 << 0.0 << true << true << QStringLiteral("01:15, stopped");
    }
    void progressText() {
        QFETCH(double, elapsed);
        QFETCH(double, total);
        QFETCH(bool, finished);
        QFETCH(bool, stopped);
        QFETCH(QString, text);
        MainWindow w;
        w.setRunProgress(elapsed, total, finished, stopped);
        QCOMPARE(w.progressText(), text);
    }

    void recentFiles() {
        MainWindow w;
        QSignalSpy spy(&w, &MainWindow::recentFileRequested);
        for (int i = 0; i < 10; ++i)
            w.addRecentFile(QStringLiteral("/tmp/s%1.json").arg(i));
        w.addRecentFile(QStringLiteral("/tmp/s3.json"));
        QCOMPARE(w.recentFiles().size(), MainWindow::MaxRecentFiles);
        QCOMPARE(w.recentFiles().first(), QStringLiteral("/tmp/s3.json"));
        QCOMPARE(w.recentFiles().count(QStringLiteral("/tmp/s3.json")), 1);
        QCOMPARE(QSettings().value(QStringLiteral("recentFiles")).toStringList(), w.recentFiles());
        // The File menu lists them; choosing one asks for it to be opened.
        QMenu* file = w.menuBar()->findChildren<QMenu*>().value(0);
        QVERIFY(file);
        QMenu* recent = nullptr;
        for (QMenu* m : w.menuBar()->findChildren<QMenu*>())
            if (m->title().contains(QStringLiteral("Recent")))
                recent = m;
        QVERIFY(recent);
        recent->actions().value(1)->trigger();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("/tmp/s9.json"));
    }

    void stateRoundTrip() {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("pusher.ini")), QSettings::IniFormat);
        {
            MainWindow empty;
            QVERIFY(!empty.restoreLayout(settings));
        }
        {
            MainWindow w;
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.resize(1100, 700);
            w.errorsDock()->hide();
            w.setChartsLayout(MainWindow::ChartsLayout::Tabs);
            w.setChartWindowSeconds(0);
            w.latencyChart()->setKind(LatencyChart::Kind::Service);
            w.setRecentFiles({QStringLiteral("/tmp/a.json")});
            QCoreApplication::processEvents();
            w.saveLayout(settings);
        }
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.errorsDock()->isVisible());
        QVERIFY(w.restoreLayout(settings));
        QCoreApplication::processEvents();
        QCOMPARE(w.size(), QSize(1100, 700));
        QVERIFY(!w.errorsDock()->isVisible());
        QVERIFY(w.summaryDock()->isVisible());
        QCOMPARE(w.chartsLayout(), MainWindow::ChartsLayout::Tabs);
        QCOMPARE(w.chartWindowSeconds(), 0.0);
        for (TimeSeriesChart* c : w.charts())
            QCOMPARE(c->windowSeconds(), 0.0);
        QCOMPARE(w.latencyChart()->kind(), LatencyChart::Kind::Service);
        QCOMPARE(w.recentFiles(), QStringList{QStringLiteral("/tmp/a.json")});
    }

    void closeGuardKeepsWindowOpen() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        bool allow = false;
        int asked = 0;
        w.setCloseGuard([&] {
            ++asked;
            return allow;
        });
        QVERIFY(!w.close());
        QVERIFY(w.isVisible());
        allow = true;
        QVERIFY(w.close());
        QCOMPARE(asked, 2);
        // Closing saved the layout to the application's settings.
        QVERIFY(QSettings().contains(QStringLiteral("mainWindow/state")));
    }

    // Before any run each chart's legend names the lines a run draws, as Latency's (its
    // quantiles) and Errors' do: Throughput and In flight list the total (they showed an
    // empty legend box); a run adds its workers.
    void legendsBeforeARunNameTheirLines() {
        MainWindow w;
        w.resize(1024, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const auto labels = [](const TimeSeriesChart* chart) { return chart->legendLabels(); };
        QCOMPARE(labels(w.throughputChart()), QStringList{QStringLiteral("total")});
        QCOMPARE(labels(w.inFlightChart()), QStringList{QStringLiteral("total")});
        QCOMPARE(labels(w.latencyChart()),
                 QStringList({QStringLiteral("p50"), QStringLiteral("p90"), QStringLiteral("p99"),
                              QStringLiteral("max")}));
        QCOMPARE(labels(w.errorsChart()),
                 QStringList({QStringLiteral("errors"), QStringLiteral("canceled")}));
    }

    void demoFeedFillsEverything() {
        MainWindow w;
        DemoFeed feed(&w, 120);
        feed.fill(60);
        QCOMPARE(feed.elapsed(), 60.0);
        for (TimeSeriesChart* c : w.charts()) {
            QVERIFY2(!c->seriesNames().isEmpty(), qPrintable(c->objectName()));
            for (const QString& s : c->seriesNames())
                QVERIFY2(c->pointCount(s) == 240 || c->pointCount(s) == 0, qPrintable(s));
        }
        SummaryModel* model = w.summaryTable()->summaryModel();
        QCOMPARE(model->rowCount(), 4);
        QVERIFY(model->hasTotal());
        qint64 started = 0, ok = 0, errors = 0;
        for (const SummaryRow& r : model->workers()) {
            started += r.started;
            ok += r.ok;
            errors += r.errors;
            QCOMPARE(r.ok + r.errors, r.completed);
        }
        QCOMPARE(model->total().started, started);
        QCOMPARE(model->total().ok, ok);
        QCOMPARE(model->total().errors, errors);
        QCOMPARE(w.errorsPanel()->model()->totalCount(), errors);
        QCOMPARE(w.progressText(), QStringLiteral("01:00 / 02:00, 01:00 left"));
        feed.overlayEarlierRun(3);
        QVERIFY(w.throughputChart()->hasOverlay());
        QVERIFY(w.latencyChart()->hasOverlay());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
