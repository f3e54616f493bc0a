#include <pusher/charts/errorschart.h>
#include <pusher/charts/inflightchart.h>
#include <pusher/charts/latencychart.h>
#include <pusher/charts/throughputchart.h>
#include "demofeed.h"
#include <pusher/ui/errorspanel.h>
#include <pusher/ui/mainwindow.h>
#include <pusher/ui/summarymodel.h>

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>

using namespace pusher;

namespace {

// inFront: the dock is open and can be seen (its tab, if it shares a place, is chosen).
bool inFront(const QDockWidget* dock) {
    return !dock->isHidden() && !dock->visibleRegion().isEmpty();
}

// bottomTabs is the bottom docks' tab bar as it reads, left to right, the chosen tab last
// after a "|": "Summary, Errors, Thresholds, Live Rates, Ranks | Summary".
QString bottomTabs(const MainWindow& w) {
    for (const QTabBar* bar : w.findChildren<QTabBar*>(Qt::FindDirectChildrenOnly)) {
        if (!bar->isVisible())
            continue;
        QStringList tabs;
        for (int i = 0; i < bar->count(); ++i)
            tabs.append(bar->tabText(i));
        return tabs.join(QStringLiteral(", ")) + QStringLiteral(" | ") +
               bar->tabText(bar->currentIndex());
    }
    return QStringLiteral("no tabs");
}

// chooseFromViewByKeys opens the View menu with Alt+V, goes down to entry and presses Return.
bool chooseFromViewByKeys(MainWindow& w, QAction* entry) {
    QWidget* focus = QApplication::focusWidget();
    QTest::keyClick(focus ? focus : &w, Qt::Key_V, Qt::AltModifier);
    if (!QTest::qWaitFor([] { return QApplication::activePopupWidget() != nullptr; }))
        return false;
    auto* view = qobject_cast<QMenu*>(QApplication::activePopupWidget());
    if (!view || !view->actions().contains(entry))
        return false;
    for (int i = 0; i <= view->actions().size() && view->activeAction() != entry; ++i)
        QTest::keyClick(view, Qt::Key_Down);
    if (view->activeAction() != entry)
        return false;
    QTest::keyClick(view, Qt::Key_Return);
    return QTest::qWaitFor([] { return QApplication::activePopupWidget() == nullptr; });
}

// chooseFromViewByMouse clicks View in the menu bar, then the entry in the menu.
bool chooseFromViewByMouse(MainWindow& w, QAction* entry) {
    QMenuBar* bar = w.menuBar();
    QAction* viewTitle = nullptr;
    for (QAction* a : bar->actions())
        if (a->text() == QStringLiteral("&View"))
            viewTitle = a;
    if (!viewTitle)
        return false;
    QTest::mouseClick(bar, Qt::LeftButton, {}, bar->actionGeometry(viewTitle).center());
    if (!QTest::qWaitFor([] { return QApplication::activePopupWidget() != nullptr; }))
        return false;
    auto* view = qobject_cast<QMenu*>(QApplication::activePopupWidget());
    if (!view || !view->actions().contains(entry))
        return false;
    const QPoint at = view->actionGeometry(entry).center();
    QTest::mouseMove(view, at);
    QTest::mouseClick(view, Qt::LeftButton, {}, at);
    return QTest::qWaitFor([] { return QApplication::activePopupWidget() == nullptr; });
}

} // namespace

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
        // Under a second, in seconds: it read "00:00 / 00:00, done" (or "/ 00:01" for 0.5 s).
        const auto n = [](double v, int decimals) { return QLocale().toString(v, 'f', decimals); };
        QTest::newRow("short done")
            << 0.42 << 0.5 << true << false
            << QStringLiteral("%1 s / %2 s, done").arg(n(0.4, 1), n(0.5, 1));
        QTest::newRow("short running")
            << 0.2 << 0.5 << false << false
            << QStringLiteral("%1 s / %2 s, %3 s left").arg(n(0.2, 1), n(0.5, 1), n(0.3, 1));
        QTest::newRow("short finishing")
            << 0.7 << 0.5 << false << false
            << QStringLiteral("%1 s / %2 s, finishing").arg(n(0.7, 1), n(0.5, 1));
        QTest::newRow("short drained past a second")
            << 1.3 << 0.5 << true << false
            << QStringLiteral("%1 s / %2 s, done").arg(n(1.3, 1), n(0.5, 1));
        QTest::newRow("quarter second")
            << 0.26 << 0.25 << true << false
            << QStringLiteral("%1 s / %2 s, done").arg(n(0.26, 2), n(0.25, 2));
        QTest::newRow("short open-ended done")
            << 0.4 << 0.0 << true << false << QStringLiteral("%1 s, done").arg(n(0.4, 1));
        QTest::newRow("tiny open-ended stopped")
            << 0.04 << 0.0 << true << true << QStringLiteral("%1 s, stopped").arg(n(0.04, 2));
        // A second and longer read as before.
        QTest::newRow("one second")
            << 1.02 << 1.0 << true << false << QStringLiteral("00:01 / 00:01, done");
        QTest::newRow("open-ended second")
            << 1.0 << 0.0 << true << false << QStringLiteral("00:01, done");
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

    // View's entry for a dock open behind another's tab brings that tab forward: it closed
    // the dock (Qt's toggleViewAction is checked while the dock is open, and a dock behind
    // a tab is open), so choosing Errors to see the errors hid them. Choosing the dock in
    // front closes it, as Qt's did; choosing a closed one opens it in its place. The tabs'
    // order and the chosen tab are kept, also across saveLayout / restoreLayout.
    void viewEntryBringsADockBehindATabForward() {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("pusher.ini")), QSettings::IniFormat);
        const QString tabs = QStringLiteral("Summary, Errors, Thresholds, Live Rates, Ranks");
        {
            MainWindow w;
            w.resize(1024, 700);
            w.show();
            w.activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(&w));
            QDockWidget* summary = w.summaryDock();
            QDockWidget* errors = w.errorsDock();
            QDockWidget* thresholds = w.thresholdsDock();
            QTRY_VERIFY(inFront(summary));
            QVERIFY(!errors->isHidden() && !inFront(errors));
            QCOMPARE(bottomTabs(w), tabs + QStringLiteral(" | Summary"));
            QVERIFY(w.viewEntry(errors)->isChecked()); // open

            // By keys: Alt+V, down to Errors, Return: Errors comes forward, all stay open.
            QVERIFY(chooseFromViewByKeys(w, w.viewEntry(errors)));
            QTRY_VERIFY2(inFront(errors), qPrintable(bottomTabs(w)));
            QVERIFY(!summary->isHidden() && !inFront(summary));
            QVERIFY(w.viewEntry(errors)->isChecked());
            QVERIFY(w.viewEntry(summary)->isChecked());
            QCOMPARE(bottomTabs(w), tabs + QStringLiteral(" | Errors"));
            // Each entry's tip says what choosing it does (set as the menu opened).
            QCOMPARE(w.viewEntry(thresholds)->statusTip(),
                     QStringLiteral("Bring Thresholds forward (it is open behind another tab)"));

            // Errors in front: choosing it closes it, as Qt's entry did (its tip said so),
            // and the next tab, Thresholds, comes forward.
            QVERIFY(chooseFromViewByKeys(w, w.viewEntry(errors)));
            QTRY_VERIFY(errors->isHidden());
            QVERIFY(!w.viewEntry(errors)->isChecked());
            QCOMPARE(w.viewEntry(errors)->statusTip(), QStringLiteral("Close Errors"));
            QTRY_VERIFY(inFront(thresholds));

            // By the mouse: Ranks (behind a tab) comes forward, then Errors (closed) opens
            // in front, back in its place between Summary and Thresholds.
            QVERIFY(chooseFromViewByMouse(w, w.viewEntry(w.ranksDock())));
            QTRY_VERIFY(inFront(w.ranksDock()));
            QVERIFY(!thresholds->isHidden());
            QVERIFY(errors->isHidden());
            QVERIFY(chooseFromViewByMouse(w, w.viewEntry(errors)));
            QTRY_VERIFY(inFront(errors));
            QVERIFY(w.viewEntry(errors)->isChecked());
            QCOMPARE(bottomTabs(w), tabs + QStringLiteral(" | Errors"));
            // The entry follows the dock's title, as Qt's did ("Errors (12)").
            w.errorsPanel()->setErrors({{QStringLiteral("reset"), 12, {}}}, 0);
            QCOMPARE(w.viewEntry(errors)->text(), QStringLiteral("E&rrors (12)"));
            // The docks' context menu (a right click on the title of the dock in front) holds
            // the same entries, not Qt's toggles: Thresholds, behind Errors, comes forward.
            const QPoint title(errors->width() / 2, errors->widget()->geometry().top() / 2);
            // (Through the window, as the platform's click comes: it makes the context menu
            // event.)
            QTest::mouseClick(w.windowHandle(), Qt::RightButton, {}, errors->mapTo(&w, title));
            QTRY_VERIFY(qobject_cast<QMenu*>(QApplication::activePopupWidget()));
            auto* context = qobject_cast<QMenu*>(QApplication::activePopupWidget());
            QVERIFY(context->actions().contains(w.viewEntry(thresholds)));
            QVERIFY(!context->actions().contains(thresholds->toggleViewAction()));
            const QPoint at = context->actionGeometry(w.viewEntry(thresholds)).center();
            QTest::mouseMove(context, at);
            QTest::mouseClick(context, Qt::LeftButton, {}, at);
            QTRY_VERIFY(inFront(thresholds));
            QVERIFY(!errors->isHidden());
            QVERIFY(chooseFromViewByMouse(w, w.viewEntry(errors)));
            QTRY_VERIFY(inFront(errors));
            w.saveLayout(settings);
        }
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.restoreLayout(settings));
        QTRY_VERIFY(inFront(w.errorsDock()));
        QCOMPARE(w.size(), QSize(1024, 700));
        QCOMPARE(bottomTabs(w), tabs + QStringLiteral(" | Errors"));
        for (QDockWidget* dock : {w.summaryDock(), w.thresholdsDock(), w.ranksDock()})
            QVERIFY2(w.viewEntry(dock)->isChecked(), qPrintable(dock->windowTitle()));
    }

    // View's entry for a dock brought it forward from behind another's tab (or opened it)
    // but left the keyboard focus where it was, out of sight behind the tabs: who chooses
    // Errors expects to be in it, as Ctrl+2 puts one. The entry now gives the focus as
    // Ctrl+1 … Ctrl+5 do (goToDock): at 1024x700, the focus in the Summary's table, Errors
    // chosen by keys (Alt+V, Down, Return), Thresholds by the mouse, Errors closed by its
    // entry and opened again by it. Closing a dock gives it no focus.
    void viewEntryPutsTheFocusInTheDock() {
        MainWindow w;
        w.resize(1024, 700);
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        // in: the dock is in front and the focus inside it.
        const auto in = [](QDockWidget* dock) {
            QWidget* focus = QApplication::focusWidget();
            return inFront(dock) && focus && dock->isAncestorOf(focus);
        };
        const auto focusName = [] {
            QWidget* focus = QApplication::focusWidget();
            return focus ? QString::fromLatin1(focus->metaObject()->className()) +
                               QStringLiteral(" ") + focus->objectName()
                         : QStringLiteral("no focus");
        };
        QDockWidget* summary = w.summaryDock();
        QDockWidget* errors = w.errorsDock();
        QDockWidget* thresholds = w.thresholdsDock();
        QTRY_VERIFY(inFront(summary));
        QTest::keyClick(&w, Qt::Key_1, Qt::ControlModifier); // Go to Summary
        QTRY_VERIFY2(in(summary), qPrintable(focusName()));

        QVERIFY(chooseFromViewByKeys(w, w.viewEntry(errors)));
        QTRY_VERIFY(inFront(errors));
        QTRY_VERIFY2(in(errors), qPrintable(focusName()));
        QVERIFY(w.errorsPanel()->isAncestorOf(QApplication::focusWidget()));

        QVERIFY(chooseFromViewByMouse(w, w.viewEntry(thresholds)));
        QTRY_VERIFY(inFront(thresholds));
        QTRY_VERIFY2(in(thresholds), qPrintable(focusName()));

        // Errors closed by its entry (behind Thresholds it comes forward first), then opened
        // again by it: the focus goes into it.
        QVERIFY(chooseFromViewByKeys(w, w.viewEntry(errors)));
        QTRY_VERIFY2(in(errors), qPrintable(focusName()));
        QVERIFY(chooseFromViewByKeys(w, w.viewEntry(errors)));
        QTRY_VERIFY(errors->isHidden());
        QVERIFY(chooseFromViewByMouse(w, w.viewEntry(errors)));
        QTRY_VERIFY(inFront(errors));
        QTRY_VERIFY2(in(errors), qPrintable(focusName()));
#ifdef PUSHER_SCREENSHOT_DIR
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QVERIFY(w.grab().save(QStringLiteral(PUSHER_SCREENSHOT_DIR "/view-errors-focus.png")));
#endif
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

    // Smooth Rates (Ctrl+M) after a run's errors stopped: the mean over a second of no
    // errors is 0 errors/s and the value axis starts at 0. The running mean added and took
    // away the errors/s before and kept a rounding error, -4.4e-16 errors/s, so the axis
    // reached below 0 and its bottom label read "-0".
    void smoothedRatesOfNoErrorsAreZero() {
        MainWindow w;
        w.resize(1024, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        ErrorsChart* chart = w.errorsChart();
        chart->setPlannedSeconds(4);
        const QString errors = ErrorsChart::errorsSeries();
        // errors/s in intervals of 250 ms (counts over intervals measured a hair off 250 ms),
        // then none.
        const double rates[] = {2.75, 1.6666666666666665, 5.083333333333333, 13.0013,
                                2.0,  5.916666666666666};
        double t = 0;
        for (const double rate : rates)
            chart->appendPoint(errors, t += 0.25, rate);
        while (t < 4)
            chart->appendPoint(errors, t += 0.25, 0.0);
        chart->commit();
        QCOMPARE(chart->valueRange().first, 0.0);
        QVERIFY(!w.actions().smoothRates->isChecked());
        QTest::keyClick(&w, Qt::Key_M, Qt::ControlModifier);
        QVERIFY(w.actions().smoothRates->isChecked());
        QCOMPARE(chart->smoothingSeconds(), 1.0);
        const QList<QPointF> shown = chart->displayedPoints(errors);
        QVERIFY(!shown.isEmpty());
        int zeros = 0;
        for (const QPointF& p : shown) {
            QVERIFY2(p.y() >= 0,
                     qPrintable(
                         QStringLiteral("%1 errors/s at %2 s").arg(p.y(), 0, 'g', 17).arg(p.x())));
            zeros += p.x() >= 2.6 && p.y() == 0;
        }
        QVERIFY2(zeros >= 5, qPrintable(QString::number(zeros)));
        QCOMPARE(chart->valueRange().first, 0.0);
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
