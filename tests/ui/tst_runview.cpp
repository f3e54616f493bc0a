// The run as the app shows it: the run-data model (live snapshots, a results file, an
// overlay) and the views that follow it, driven through the window as a person does.
#include <pusher/charts/errorschart.h>
#include <pusher/charts/inflightchart.h>
#include <pusher/charts/latencychart.h>
#include <pusher/charts/throughputchart.h>
#include <pusher/exports.h>
#include <pusher/intervalrecorder.h>
#include <pusher/palette.h>
#include <pusher/ui/appcontroller.h>
#include <pusher/editor/scenarioeditor.h>
#include <pusher/ui/errorspanel.h>
#include <pusher/ui/mainwindow.h>
#include <pusher/ui/runcontroller.h>
#include <pusher/ui/rundata.h>
#include <pusher/ui/runview.h>
#include <pusher/ui/summarymodel.h>
#include <pusher/ui/thresholdspanel.h>

#include <QAbstractButton>
#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDialog>
#include <QDockWidget>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QHeaderView>
#include <QGraphicsLayout>
#include <QLabel>
#include <QJsonObject>
#include <QJsonDocument>
#include <QLegend>
#include <QLineEdit>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMenu>
#include <QMenuBar>
#include <QProgressBar>
#include <QRegularExpression>
#include <QScrollBar>
#include <QHelpEvent>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QMap>
#include <QSet>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>
#include <QToolTip>
#include <QTreeView>
#include <QUrl>
#include <QXmlStreamReader>
#include <QDir>
#include <QValueAxis>

#include <algorithm>
#include <chrono>
#include <memory>

using namespace pusher;
using namespace std::chrono_literals;

namespace {

// synthetic is a scenario of synthetic workers at `rps` each for `duration`.
Scenario synthetic(const QStringList& idents, double rps, Duration duration,
                   double errorRatio = 0.0) {
    Scenario s;
    s.name = QStringLiteral("synthetic");
    s.duration = duration;
    s.interval = 100ms;
    for (const QString& ident : idents) {
        WorkerSpec w;
        w.ident = ident;
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

// menuAction finds the action titled `text` (without '&') in the menu bar's menu `menu`.
QAction* menuAction(MainWindow* w, const QString& menu, const QString& text) {
    for (QAction* top : w->menuBar()->actions()) {
        if (top->text().remove(QLatin1Char('&')) != menu || !top->menu())
            continue;
        for (QAction* a : top->menu()->actions())
            if (a->text().remove(QLatin1Char('&')).startsWith(text))
                return a;
    }
    return nullptr;
}

// clickMenuItem opens the menu bar's `menu` and clicks its item `text`, as a person does.
bool clickMenuItem(MainWindow* w, const QString& menu, const QString& text) {
    QAction* item = menuAction(w, menu, text);
    if (!item)
        return false;
    QMenu* popup = nullptr;
    for (QAction* top : w->menuBar()->actions())
        if (top->text().remove(QLatin1Char('&')) == menu)
            popup = top->menu();
    QTest::mouseClick(w->menuBar(), Qt::LeftButton, {},
                      w->menuBar()->actionGeometry(popup->menuAction()).center());
    if (!QTest::qWaitFor([popup] { return popup->isVisible(); }, 2000))
        return false;
    QTest::mouseClick(popup, Qt::LeftButton, {}, popup->actionGeometry(item).center());
    return QTest::qWaitFor([popup] { return !popup->isVisible(); }, 2000);
}

// elidedTexts lists the chart texts (titles, legend labels, axes) Qt Charts had to shorten.
QStringList elidedTexts(const TimeSeriesChart* chart) {
    QStringList out;
    for (QGraphicsItem* item : chart->chart()->scene()->items()) {
        if (!item->isVisible())
            continue;
        if (auto* text = dynamic_cast<QGraphicsTextItem*>(item)) {
            const QString t = text->toPlainText();
            if (t.endsWith(QStringLiteral("...")) || t.endsWith(QChar(0x2026)))
                out.append(t);
        }
    }
    return out;
}

// legendTexts lists the legend's labels as Qt Charts draws them (a label it cut ends in
// "..."), in no particular order.
QStringList legendTexts(const TimeSeriesChart* chart) {
    QStringList all;
    QList<QGraphicsItem*> items = chart->chart()->legend()->childItems();
    for (qsizetype i = 0; i < items.size() && i < 10000; ++i) {
        items += items[i]->childItems();
        if (auto* text = dynamic_cast<QGraphicsTextItem*>(items[i]); text && text->isVisible())
            all.append(text->toPlainText());
    }
    return all;
}

// dashedEntry is the chart's legend entry for an earlier run's dashed lines: its label as set
// and its text as drawn ("" when there is none, or not one).
std::pair<QString, QString> dashedEntry(const TimeSeriesChart* chart) {
    QStringList labels, drawn;
    for (const QLegendMarker* m : chart->chart()->legend()->markers())
        if (m->isVisible() && m->label().startsWith(QStringLiteral("dashed: ")))
            labels.append(m->label());
    for (const QString& t : legendTexts(chart))
        if (t.startsWith(QStringLiteral("dashed")))
            drawn.append(t);
    if (labels.size() != 1 || drawn.size() != 1)
        return {labels.join(QStringLiteral(" | ")), drawn.join(QStringLiteral(" | "))};
    return {labels.constFirst(), drawn.constFirst()};
}

// kShop is a journey j (steps search, add on the sandbox) and a worker j-b: the summary
// lists j, j/search, j/add, j-b; a name sort, j, j-b, j/add, j/search.
const QByteArray kShop = "{ \"version\": 1, \"name\": \"shop\", \"duration\": \"1s\",\n"
                         "  \"interval\": \"100ms\", \"workers\": [\n"
                         "  { \"ident\": \"j-b\", \"rate\": { \"rps\": 20 },\n"
                         "    \"target\": { \"kind\": \"synthetic\" } },\n"
                         "  { \"ident\": \"j\", \"rate\": { \"rps\": 20 },\n"
                         "    \"target\": { \"kind\": \"flow\", \"steps\": [\n"
                         "      { \"name\": \"search\", \"url\": \"http://sandbox/x\" },\n"
                         "      { \"name\": \"add\", \"url\": \"http://sandbox/y\" } ] } } ] }\n";

} // namespace

class TestRunView : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<MainWindow> m_window;
    AppController* m_app = nullptr;
    QTemporaryDir m_dir;
    QString m_nextFile;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    // run starts the scenario with F5 and waits for its end (bounded).
    bool runWithKeys(const Scenario& scenario, int timeoutMs = 20000) {
        m_app->setScenario(scenario, QString());
        QSignalSpy finished(m_app->runController(), &RunController::runFinished);
        m_window->activateWindow();
        if (!QTest::qWaitForWindowActive(m_window.get()))
            return false;
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        if (!m_app->runController()->isRunning())
            return false;
        return finished.wait(timeoutMs);
    }
    // startThenStop starts the scenario with F5, checks, then stops it with Esc.
    bool stopWithEsc() {
        QSignalSpy finished(m_app->runController(), &RunController::runFinished);
        QTest::keyClick(m_window.get(), Qt::Key_Escape);
        return finished.count() > 0 || finished.wait(10000);
    }

    // summaryFits checks the summary's columns at its width: no sideways scrolling, and every
    // header drawn whole or elided with "…" by the header, inside its column (never cut at
    // a column's or the table's edge, as "lag p99" read "lag p9").
    void summaryFits(const QString& when) {
        SummaryTable* table = m_window->summaryTable();
        SummaryHeader* header = table->summaryHeader();
        QTRY_VERIFY2(header->length() <= table->viewport()->width(),
                     qPrintable(QStringLiteral("%1: the columns take %2 px of %3")
                                    .arg(when)
                                    .arg(header->length())
                                    .arg(table->viewport()->width())));
        QVERIFY2(!table->horizontalScrollBar()->isVisible(), qPrintable(when));
        QCOMPARE(table->horizontalScrollBar()->value(), 0);
        for (int i = 0; i < header->count(); ++i) {
            const QString text = header->model()->headerData(i, Qt::Horizontal).toString();
            const QString shown = header->shownText(i);
            QVERIFY2(shown == text || shown.contains(QChar(0x2026)),
                     qPrintable(QStringLiteral("%1: %2 shown as %3").arg(when, text, shown)));
            QVERIFY2(header->fontMetrics().horizontalAdvance(shown) <=
                         header->textRoom(header->sectionSize(i)),
                     qPrintable(QStringLiteral("%1: %2 shown as %3 in %4 px")
                                    .arg(when, text, shown)
                                    .arg(header->sectionSize(i))));
            QVERIFY2(header->sectionViewportPosition(i) + header->sectionSize(i) <=
                         header->viewport()->width(),
                     qPrintable(QStringLiteral("%1: %2 ends past the table").arg(when, text)));
        }
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PusherTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_runview"));
        QSettings().clear();
        QVERIFY(m_dir.isValid());
        // Runs that end are kept: here, never in the user's data folder.
        qputenv("PUSHER_RUNS_DIR", QFile::encodeName(m_dir.filePath(QStringLiteral("kept-runs"))));
    }

    void init() {
        m_window = std::make_unique<MainWindow>();
        m_app = new AppController(m_window.get(), m_window.get());
        m_app->askSave = [] { return AppController::SaveAnswer::Discard; };
        m_app->chooseFile = [this](AppController::FileDialog) { return m_nextFile; };
        m_app->reportProblems = [](const QString&, const QStringList&) {};
        m_app->confirmStop = [] { return true; };
        m_window->resize(1280, 800);
        m_window->show();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    void cleanup() { m_window.reset(); }

    void modelMarksNoPointForThePartialInterval() {
        // One model for live snapshots and results: the recorder's partial flag decides,
        // so a live run and its results file draw the same intervals.
        IntervalRecorder::Options options;
        options.manualClock = true;
        options.interval = 250ms;
        IntervalRecorder rec(options);
        RunData live, file;
        live.beginRun({QStringLiteral("api")}, nullptr, {});
        QList<double> liveTimes;
        connect(&live, &RunData::appended, this, [&] {
            for (const RunPoint& p : live.batch())
                if (p.key == SeriesKey{QString(), RunMetric::Rps})
                    liveTimes.append(p.t);
        });
        rec.setSnapshotCallback([&](std::shared_ptr<const Snapshot> s) { live.addSnapshot(*s); });
        const auto t0 = Clock::now();
        rec.start(t0);
        for (int i = 0; i < 6; ++i) {
            for (int k = 0; k < 10; ++k) {
                Gossip g;
                g.intended = g.start = t0 + i * 250ms;
                g.end = g.start + 1ms;
                g.when = When::BeforeTarget;
                rec.record(QStringLiteral("api"), g);
                g.when = When::AfterTarget;
                rec.record(QStringLiteral("api"), g);
            }
            rec.cut(t0 + (i + 1) * 250ms);
        }
        rec.finish(t0 + 1520ms);
        file.setResults(rec.results(), QStringLiteral("run.json"));
        QList<double> fileTimes;
        for (const RunPoint& p : file.batch())
            if (p.key == SeriesKey{QString(), RunMetric::Rps})
                fileTimes.append(p.t);
        QCOMPARE(liveTimes.size(), 6); // 6 whole intervals; the 20 ms tail draws nothing
        QCOMPARE(fileTimes, liveTimes);
        // Its counts are in the totals all the same.
        live.finishRun(rec.results());
        QCOMPARE(live.totalRow().completed, 60);
        QCOMPARE(file.totalRow().completed, 60);
        QCOMPARE(file.label(), QStringLiteral("run.json"));
    }

    // An interval in which a journey's step had calls but sent no request (a value it
    // needed was missing) measured no latency: the latency chart has no point for the step
    // there, live or from the results file, where it drew 0 ms — the run's fastest.
    void noLatencyPointWhereAStepSentNothing() {
        IntervalRecorder::Options options;
        options.manualClock = true;
        options.interval = 250ms;
        IntervalRecorder rec(options);
        RunData live, file;
        live.beginRun({QStringLiteral("j"), QStringLiteral("j/pay")}, nullptr, {});
        QList<double> liveTimes;
        int liveRps = 0;
        connect(&live, &RunData::appended, this, [&] {
            for (const RunPoint& p : live.batch()) {
                if (p.key == SeriesKey{QStringLiteral("j/pay"), RunMetric::ResponseP99})
                    liveTimes.append(p.t);
                if (p.key == SeriesKey{QStringLiteral("j/pay"), RunMetric::Rps})
                    ++liveRps;
            }
        });
        rec.setSnapshotCallback([&](std::shared_ptr<const Snapshot> s) { live.addSnapshot(*s); });
        const auto t0 = Clock::now();
        rec.start(t0);
        const IntervalRecorder::Sink journey = rec.sink(QStringLiteral("j"));
        const IntervalRecorder::Sink pay = rec.sink(QStringLiteral("j/pay"), 0);
        for (int i = 0; i < 4; ++i) {
            Gossip g;
            g.when = When::AfterTarget;
            g.intended = g.start = t0 + i * 250ms;
            g.end = g.start + 20ms;
            journey.recordCall(g);
            // Sent in the first two intervals; in the last two, not (no latency taken).
            if (i < 2) {
                pay.recordCall(g);
            } else {
                g.end = g.start;
                g.error = Error("extract", "no value for ${token}");
                pay.recordCall(g, false);
            }
            rec.cut(t0 + (i + 1) * 250ms);
        }
        rec.finish(t0 + 1000ms);
        file.setResults(rec.results(), QStringLiteral("run.json"));
        QList<double> fileTimes;
        int fileRps = 0;
        for (const RunPoint& p : file.batch()) {
            if (p.key == SeriesKey{QStringLiteral("j/pay"), RunMetric::ResponseP99})
                fileTimes.append(p.t);
            if (p.key == SeriesKey{QStringLiteral("j/pay"), RunMetric::Rps})
                ++fileRps;
        }
        QCOMPARE(liveRps, 4); // its rate has a point in every interval
        QCOMPARE(fileRps, 4);
        QCOMPARE(liveTimes, (QList<double>{0.25, 0.5}));
        QCOMPARE(fileTimes, liveTimes);
    }

    void liveRunOfManyWorkersDrawsTheLargest() {
        // N + 4 workers (N = RunData::MaxChartedWorkers), w01..w04 at 5, 10, 15 and 20
        // calls/s, w05 at 100, w06 at 120, ...: the first interval ranks them, the charts draw
        // the N largest and "others" the sum of w01..w04. The gap between w04 and w05 is wide
        // (5x): with 20 and 25 calls in a quarter-second a busy machine's late ticks once
        // ranked w04 above w05 (under ASan).
        constexpr int n = RunData::MaxChartedWorkers;
        Scenario s = synthetic({}, 0, 1s);
        for (int i = 1; i <= n + 4; ++i) {
            const double rps = i <= 4 ? 5.0 * i : 100.0 + 20.0 * (i - 5);
            Scenario one =
                synthetic({QStringLiteral("w%1").arg(i, 2, 10, QLatin1Char('0'))}, rps, 1s);
            s.workers.append(one.workers.constFirst());
        }
        QVERIFY(runWithKeys(s));
        QVERIFY(m_app->results());
        const RunResults& results = *m_app->results();
        const QString others = SeriesKey::othersWorker();
        QSet<QString> drawn;
        for (const QString& name : m_window->throughputChart()->seriesNames()) {
            SeriesKey key;
            QVERIFY(SeriesKey::fromId(name, &key));
            if (!key.isTotal())
                drawn.insert(key.worker);
        }
        QSet<QString> expected{others};
        for (int i = 5; i <= n + 4; ++i)
            expected.insert(QStringLiteral("w%1").arg(i, 2, 10, QLatin1Char('0')));
        QCOMPARE(drawn, expected);
        QCOMPARE(m_window->throughputChart()->seriesLabel(ThroughputChart::achievedSeries(others)),
                 QStringLiteral("others (4)"));
        // others' rate at each interval is the sum of w01..w04's in the results' timeline.
        QMap<double, double> sums;
        for (const TimelinePoint& p : results.timeline)
            if (!p.partial && p.worker < QStringLiteral("w05") && p.worker != QStringLiteral("*"))
                sums[p.t] += p.rps;
        const QList<QPointF> points =
            m_window->throughputChart()->displayedPoints(ThroughputChart::achievedSeries(others));
        QVERIFY(points.size() >= 5);
        for (const QPointF& pt : points) {
            QVERIFY2(sums.contains(pt.x()), qPrintable(QString::number(pt.x())));
            QVERIFY(qAbs(pt.y() - sums.value(pt.x())) < 1e-9 * (1 + sums.value(pt.x())));
        }
        // The summary lists them all.
        QCOMPARE(m_window->summaryTable()->summaryModel()->workers().size(), n + 4);
        // The legends (beside the plot) shorten no label, at 1024x700 too.
        m_window->resize(1024, 700);
        QTRY_COMPARE(m_window->size(), QSize(1024, 700));
        for (const TimeSeriesChart* chart :
             {static_cast<TimeSeriesChart*>(m_window->throughputChart()),
              static_cast<TimeSeriesChart*>(m_window->inFlightChart())}) {
            // Laid out at the new size: the chart's and its legend's layouts (which elide the
            // labels) have no request pending.
            QTRY_VERIFY(chart->chart()->layout()->isActivated() &&
                        chart->chart()->legend()->layout()->isActivated());
            QVERIFY2(elidedTexts(chart).isEmpty(),
                     qPrintable(elidedTexts(chart).join(QLatin1Char(' '))));
        }
    }

    // The throughput and in-flight legends list a run's series in one order: the total,
    // others, then the workers by ident (Qt Charts lists a legend in drawing order: the
    // total beneath all, others beneath the workers). In a live run of many workers,
    // others came second in Throughput and last in In flight; a worker new in a later run
    // came after the ones of the run before, whatever its ident.
    void legendsListTotalOthersThenWorkers() {
        constexpr int n = RunData::MaxChartedWorkers;
        const auto legend = [](const TimeSeriesChart* chart) {
            QStringList out;
            const QList<QLegendMarker*> markers = chart->chart()->legend()->markers();
            for (const QLegendMarker* m : markers) {
                if (m->isVisible() && !m->label().startsWith(QStringLiteral("dashed")))
                    out.append(m->label());
            }
            return out;
        };
        const auto ident = [](int i) {
            return QStringLiteral("w%1").arg(i, 2, 10, QLatin1Char('0'));
        };
        // w01 at 20 calls/s, w02 at 40, ...: the first interval ranks them.
        Scenario s = synthetic({}, 0, 1s);
        for (int i = 1; i <= n + 4; ++i)
            s.workers.append(synthetic({ident(i)}, 20.0 * i, 1s).workers.constFirst());
        QVERIFY(runWithKeys(s));
        QStringList expected{QStringLiteral("total"), QStringLiteral("others (4)")};
        for (int i = 5; i <= n + 4; ++i)
            expected.append(ident(i));
        QCOMPARE(legend(m_window->throughputChart()), expected);
        QCOMPARE(legend(m_window->inFlightChart()), expected);

        // Run again with the largest worker named to sort first ("a10"): it is listed first of
        // the workers, though its series came after theirs.
        s.workers.append(synthetic({QStringLiteral("a10")}, 400, 1s).workers.constFirst());
        QVERIFY(runWithKeys(s));
        expected = QStringList{QStringLiteral("total"), QStringLiteral("others (5)"),
                               QStringLiteral("a10")};
        for (int i = 6; i <= n + 4; ++i)
            expected.append(ident(i));
        QCOMPARE(legend(m_window->throughputChart()), expected);
        QCOMPARE(legend(m_window->inFlightChart()), expected);

        // A run of few workers: the total, then the workers by ident.
        QVERIFY(runWithKeys(synthetic({QStringLiteral("web"), QStringLiteral("api")}, 50, 1s)));
        expected =
            QStringList{QStringLiteral("total"), QStringLiteral("api"), QStringLiteral("web")};
        QCOMPARE(legend(m_window->throughputChart()), expected);
        QCOMPARE(legend(m_window->inFlightChart()), expected);
    }

    // The throughput and in-flight legends, the latency chart's worker box and the workers'
    // colours follow the summary table's order — a journey, its steps in the flow's order,
    // then the next worker — as the errors panel and the HTML report do. A results file
    // listed "j, j-b, j/add, j/search" (by name), and a live run drew no step at all.
    void legendsFollowTheSummarysOrder() {
        const ScenarioParse parse = Scenario::fromJson(kShop);
        QVERIFY(parse.problems.isEmpty());
        const QStringList order{QStringLiteral("j"), QStringLiteral("j/search"),
                                QStringLiteral("j/add"), QStringLiteral("j-b")};
        const auto check = [&] {
            const SummaryModel* summary = m_window->summaryTable()->summaryModel();
            QStringList rows;
            for (int row = 0; row + 1 < summary->rowCount(); ++row)
                rows.append(summary->index(row, 0).data().toString());
            QCOMPARE(rows, order);
            const QStringList legend = QStringList{QStringLiteral("total")} + order;
            // No step in flight: a step's series hears of its calls as they end (always 0);
            // the journey's line has them.
            const QStringList inFlight{QStringLiteral("total"), QStringLiteral("j"),
                                       QStringLiteral("j-b")};
            QCOMPARE(m_window->throughputChart()->legendLabels(), legend);
            QCOMPARE(m_window->inFlightChart()->legendLabels(), inFlight);
            auto* box = m_window->findChild<QComboBox*>(QStringLiteral("latencyWorker"));
            QVERIFY(box);
            QStringList items;
            for (int i = 1; i < box->count(); ++i)
                items.append(box->itemText(i));
            QCOMPARE(items, order);
            // Colours in that order, as the HTML report gives them.
            for (qsizetype i = 0; i < order.size(); ++i) {
                const QColor c = m_window->throughputChart()
                                     ->lineSeries(ThroughputChart::achievedSeries(order[i]))
                                     ->pen()
                                     .color();
                QCOMPARE(c.name(), QColor::fromRgb(QRgb(palette::workers[std::size_t(i)])).name());
            }
        };
        QVERIFY(runWithKeys(parse.scenario));
        check();
        if (QTest::currentTestFailed())
            return;
        // The total's target is j's and j-b's, 40 calls/s: a step's calls are its journey's
        // (it read 80, each step's rate added).
        const QList<QPointF> target = m_window->throughputChart()->displayedPoints(
            ThroughputChart::targetSeries(ThroughputChart::totalIdent()));
        QVERIFY(target.size() >= 5);
        for (const QPointF& p : target)
            QVERIFY2(qAbs(p.y() - 40) < 1e-9, qPrintable(QString::number(p.y())));
        // A step is asked for no rate (it runs when its journey does): no dotted "target",
        // which was its achieved rate, a line on its line that read as a target met. The
        // journey and j-b keep theirs.
        for (const QString& w : {QStringLiteral("j/search"), QStringLiteral("j/add")}) {
            QVERIFY2(!m_window->throughputChart()->lineSeries(ThroughputChart::targetSeries(w)),
                     qPrintable(w));
            QVERIFY(!m_window->throughputChart()
                         ->displayedPoints(ThroughputChart::achievedSeries(w))
                         .isEmpty());
        }
        for (const QString& w : {QStringLiteral("j"), QStringLiteral("j-b")})
            QVERIFY2(!m_window->throughputChart()
                          ->displayedPoints(ThroughputChart::targetSeries(w))
                          .isEmpty(),
                     qPrintable(w));
        // Its results file, opened with Ctrl+O.
        const QString file = path(QStringLiteral("shop.json"));
        QVERIFY(m_app->results()->save(file));
        m_nextFile = file;
        QSignalSpy opened(m_app->runView()->data(), &RunData::reset);
        QTest::keyClick(m_window.get(), Qt::Key_O, Qt::ControlModifier);
        QTRY_VERIFY(opened.count() > 0);
        QCOMPARE(m_app->runView()->data()->label(), QStringLiteral("shop.json"));
        check();
    }

    // A worker's problem costs its own plan lines only. A flow whose Ident was emptied (Ctrl+A,
    // Delete: "Ident: is required") drew its planned rate into the total's line, a sawtooth
    // between 120/s and 20/s over the others', and listed its steps as "/login", "/order";
    // named as another worker ("a": "duplicate ident"), it drew into that worker's line. Its
    // lines now go, the other workers' stay as planned, and the total still counts its rate.
    void aWorkersProblemCostsOnlyItsOwnPlanLine() {
        Scenario s = synthetic({QStringLiteral("a"), QStringLiteral("b")}, 50, 10s);
        WorkerSpec shop;
        shop.ident = QStringLiteral("shop");
        shop.target.kind = QStringLiteral("flow");
        for (const QString& name : {QStringLiteral("login"), QStringLiteral("order")}) {
            StepSpec step;
            step.name = name;
            step.url = QStringLiteral("http://127.0.0.1:1/") + name;
            shop.target.steps.append(step);
        }
        shop.rate.mode = RateSpec::Mode::Constant;
        shop.rate.rps = 20;
        s.workers.append(shop);
        m_app->setScenario(s, QString());
        ThroughputChart* chart = m_window->throughputChart();
        // Every point of `worker`'s plan line at `rate`, from 0 to 10 s at the 100 ms interval.
        const auto flat = [chart](const QString& worker, double rate) {
            const QString target = ThroughputChart::targetSeries(worker);
            const QList<QPointF> points =
                chart->isSeriesVisible(target) ? chart->displayedPoints(target) : QList<QPointF>();
            if (points.size() != 101 || points.constLast().x() != 10)
                return QStringLiteral("%1: %2 points").arg(worker).arg(points.size());
            for (const QPointF& p : points)
                if (std::abs(p.y() - rate) > 1e-9)
                    return QStringLiteral("%1 at %2 s: %3, planned %4")
                        .arg(worker)
                        .arg(p.x())
                        .arg(p.y())
                        .arg(rate);
            return QString();
        };
        const auto others = [&]() -> QString {
            return flat(QString(), 120) + flat(QStringLiteral("a"), 50) +
                   flat(QStringLiteral("b"), 50);
        };
        QTRY_COMPARE(others(), QString());
        QCOMPARE(flat(QStringLiteral("shop"), 20), QString());

        auto* view = m_app->editor()->findChild<QTableView*>(QStringLiteral("workersView"));
        auto* ident = m_app->editor()->findChild<QLineEdit*>(QStringLiteral("identEdit"));
        QVERIFY(view && ident);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                          view->visualRect(view->model()->index(2, 1)).center());
        QTRY_COMPARE(ident->text(), QStringLiteral("shop"));
        QTest::mouseClick(ident, Qt::LeftButton);
        QTest::keyClick(ident, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(ident, Qt::Key_Delete);
        QCOMPARE(m_app->editor()->scenario().workers.at(2).ident, QString());
        QVERIFY(!m_app->editor()->isValid());
        const QStringList legend{QStringLiteral("total"), QStringLiteral("a"), QStringLiteral("b")};
        QTRY_COMPARE(chart->legendLabels(), legend);
        QCOMPARE(others(), QString());
        // A note above the chart says which worker has no line, and why.
        auto* note = chart->findChild<QLabel*>(QStringLiteral("undrawnNote"));
        QVERIFY(note && note->isVisible());
        QCOMPARE(note->text(), QStringLiteral("No plan line for worker 3: its Ident is a problem"));

        QTest::keyClicks(ident, QStringLiteral("a")); // another worker's ident
        QCOMPARE(m_app->editor()->scenario().workers.at(2).ident, QStringLiteral("a"));
        QVERIFY(!m_app->editor()->isValid());
        QTRY_COMPARE(chart->legendLabels(), legend);
        QCOMPARE(others(), QString());
        QVERIFY(note->isVisible());
        m_window->resize(1024, 700);
        QTRY_COMPARE(m_window->size(), QSize(1024, 700));
        QCoreApplication::processEvents();
        QCOMPARE(note->width(), note->sizeHint().width()); // whole
#ifdef PUSHER_SCREENSHOT_DIR
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QVERIFY(m_window->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/plan-duplicate-ident.png")));
#endif

        // Named again: its lines come back.
        QTest::keyClicks(ident, QStringLiteral("-shop"));
        QVERIFY(m_app->editor()->isValid());
        QTRY_COMPARE(flat(QStringLiteral("a-shop"), 20), QString());
        QCOMPARE(others(), QString());
        QVERIFY(note->isHidden());
    }

    // Before a run the throughput and in-flight legends (and the latency chart's worker box)
    // list what the run will draw — the scenario's enabled workers and its journeys' steps,
    // in the summary's order and in the run's colours — where they listed "total" alone, the
    // run then adding its workers. Starting the run keeps them (entries and colours). A
    // scenario of more series than the charts draw one by one lists the total only: its run
    // draws its largest, known once it runs.
    void legendsListTheScenariosWorkersBeforeItsRun() {
        const auto colours = [this] {
            QStringList out;
            ThroughputChart* chart = m_window->throughputChart();
            for (const QString& name : chart->seriesNames())
                out.append(chart->seriesLabel(name) + QLatin1Char(' ') +
                           chart->lineSeries(name)->pen().color().name());
            out.sort();
            return out;
        };
        const auto boxItems = [this] {
            auto* box = m_window->findChild<QComboBox*>(QStringLiteral("latencyWorker"));
            QStringList items;
            for (int i = 1; box && i < box->count(); ++i)
                items.append(box->itemText(i));
            return items;
        };
        constexpr int n = RunData::MaxChartedWorkers;
        Scenario many = synthetic({}, 0, 1s);
        for (int i = 1; i <= n + 1; ++i)
            many.workers.append(synthetic({QStringLiteral("w%1").arg(i)}, 10, 1s).workers.first());
        m_app->setScenario(many, QString());
        const QStringList total{QStringLiteral("total")};
        QTRY_COMPARE(m_window->throughputChart()->legendLabels(), total);
        QCOMPARE(m_window->inFlightChart()->legendLabels(), total);

        ScenarioParse parse = Scenario::fromJson(kShop);
        QVERIFY(parse.problems.isEmpty());
        WorkerSpec off = synthetic({QStringLiteral("a-off")}, 10, 1s).workers.first();
        off.enabled = false; // not run: not listed
        parse.scenario.workers.append(off);
        m_app->setScenario(parse.scenario, QString());
        const QStringList order{QStringLiteral("j"), QStringLiteral("j/search"),
                                QStringLiteral("j/add"), QStringLiteral("j-b")};
        const QStringList legend = total + order;
        const QStringList inFlight =
            total + QStringList{QStringLiteral("j"), QStringLiteral("j-b")};
        QTRY_COMPARE(m_window->throughputChart()->legendLabels(), legend);
        QCOMPARE(m_window->inFlightChart()->legendLabels(), inFlight);
        QCOMPARE(boxItems(), order);
        // Five entries do not fit one row below the plot of a 1024x700 window (Qt Charts
        // shortened them all to "j/…"): the legends sit beside it, and shorten none.
        m_window->resize(1024, 700);
        for (const TimeSeriesChart* chart :
             {static_cast<TimeSeriesChart*>(m_window->throughputChart()),
              static_cast<TimeSeriesChart*>(m_window->inFlightChart())})
            QTRY_VERIFY2(elidedTexts(chart).isEmpty(),
                         qPrintable(elidedTexts(chart).join(QLatin1Char(' '))));
        const QStringList before = colours();
        // Each with its target line but the journey's two steps (asked for no rate).
        QCOMPARE(before.size(), 2 * legend.size() - 2);
        for (qsizetype i = 0; i < order.size(); ++i)
            QCOMPARE(m_window->throughputChart()
                         ->lineSeries(ThroughputChart::achievedSeries(order[i]))
                         ->pen()
                         .color()
                         .name(),
                     QColor::fromRgb(QRgb(palette::workers[std::size_t(i)])).name());

        // F5: the run lists the same, at once and at its end, in the same colours.
        QSignalSpy finished(m_app->runController(), &RunController::runFinished);
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QVERIFY(m_app->runController()->isRunning());
        QCOMPARE(m_window->throughputChart()->legendLabels(), legend);
        QCOMPARE(m_window->inFlightChart()->legendLabels(), inFlight);
        QCOMPARE(colours(), before);
        QVERIFY(finished.wait(20000));
        QCOMPARE(m_window->throughputChart()->legendLabels(), legend);
        QCOMPARE(m_window->inFlightChart()->legendLabels(), inFlight);
        QCOMPARE(boxItems(), order);
        QCOMPARE(colours(), before);
    }

    // A flow step's calls are part of its journey's: the total's target and "others" count
    // the journey once. Others summed a journey's steps with it (a journey of two steps at
    // 8 calls/s read 24) and the live total target added every step's rate (the shop's 40
    // calls/s read 80). The workers drawn and others add up to the total.
    void othersAndTheTotalCountAJourneyOnce() {
        IntervalRecorder::Options options;
        options.manualClock = true;
        options.interval = 250ms;
        IntervalRecorder rec(options);
        RunData live, file;
        QStringList workers{QStringLiteral("j")};
        for (int i = 1; i <= RunData::MaxChartedWorkers; ++i)
            workers.append(QStringLiteral("w%1").arg(i));
        live.beginRun(workers, nullptr, {});
        QMap<QString, QList<double>> liveRps; // worker -> rate per interval
        const auto take = [&] {
            for (const RunPoint& p : live.batch())
                if (p.key.metric == RunMetric::Rps)
                    liveRps[p.key.worker].append(p.value);
        };
        connect(&live, &RunData::reset, this, take); // the first interval, which ranks
        connect(&live, &RunData::appended, this, take);
        rec.setSnapshotCallback([&](std::shared_ptr<const Snapshot> s) { live.addSnapshot(*s); });
        const auto t0 = Clock::now();
        rec.start(t0);
        QList<IntervalRecorder::Sink> sinks;
        for (const QString& w : workers)
            sinks.append(rec.sink(w));
        const IntervalRecorder::Sink a = rec.sink(QStringLiteral("j/a"), 0);
        const IntervalRecorder::Sink b = rec.sink(QStringLiteral("j/b"), 1);
        for (int i = 0; i < 3; ++i) {
            const auto call = [&](const IntervalRecorder::Sink& sink, int times) {
                for (int k = 0; k < times; ++k) {
                    Gossip g;
                    g.when = When::AfterTarget;
                    g.intended = g.start = t0 + i * 250ms;
                    g.end = g.start + 5ms;
                    sink.recordCall(g);
                }
            };
            for (qsizetype w = 1; w < sinks.size(); ++w)
                call(sinks[w], 10); // the workers, 40/s each: drawn
            call(sinks[0], 2);      // the journey, 8/s: in others
            call(a, 2);
            call(b, 2);
            rec.cut(t0 + (i + 1) * 250ms);
        }
        rec.finish(t0 + 750ms);
        file.setResults(rec.results(), QStringLiteral("run.json"));
        QMap<QString, QList<double>> fileRps;
        for (const RunPoint& p : file.batch())
            if (p.key.metric == RunMetric::Rps)
                fileRps[p.key.worker].append(p.value);
        const QString others = SeriesKey::othersWorker();
        for (const auto* rps : {&liveRps, &fileRps}) {
            QCOMPARE(rps->value(others), (QList<double>{8, 8, 8}));
            QCOMPARE(rps->value(QString()), (QList<double>{208, 208, 208}));
        }
        QCOMPARE(live.othersCount(), 1);
        QCOMPARE(file.othersCount(), 1);
    }

    void workerNamedTotalKeepsItsOwnLines() {
        // "total" is a legal ident: its series are the worker's, not the sum's.
        QVERIFY(runWithKeys(synthetic({QStringLiteral("total"), QStringLiteral("b")}, 100, 1s)));
        ThroughputChart* chart = m_window->throughputChart();
        const QString worker = ThroughputChart::achievedSeries(QStringLiteral("total"));
        const QString sum = ThroughputChart::achievedSeries(ThroughputChart::totalIdent());
        QVERIFY(chart->pointCount(worker) >= 5);
        QCOMPARE(chart->pointCount(worker), chart->pointCount(sum));
        // The sum runs at about twice the worker's rate.
        double w = 0, s = 0;
        for (const QPointF& p : chart->displayedPoints(worker))
            w += p.y();
        for (const QPointF& p : chart->displayedPoints(sum))
            s += p.y();
        QVERIFY2(s > 1.6 * w && s < 2.4 * w, qPrintable(QStringLiteral("%1 vs %2").arg(s).arg(w)));
        QVERIFY(chart->lineSeries(worker)->pen().color() != chart->lineSeries(sum)->pen().color());
        // Two summary rows named "total": the worker's and, in bold, the sum.
        const SummaryModel* summary = m_window->summaryTable()->summaryModel();
        QCOMPARE(summary->workers().size(), 2);
        QCOMPARE(summary->total().completed, qint64(m_app->results()->total.completed));
        const WorkerResults* r = m_app->results()->worker(QStringLiteral("total"));
        QVERIFY(r);
        QCOMPARE(summary->workers().at(1).completed, qint64(r->completed));
    }

    void chartWindowFitsTheRun() {
        QComboBox* box = m_window->chartWindowBox();
        // The first run, 30 s: the whole run (not the last 5 minutes of an empty axis).
        m_app->setScenario(synthetic({QStringLiteral("a")}, 10, 30s), QString());
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QVERIFY(m_app->runController()->isRunning());
        QCOMPARE(box->currentText(), QStringLiteral("whole run"));
        QCOMPARE(m_window->chartWindowSeconds(), 0.0);
        QVERIFY(stopWithEsc());
        // Choose "last minute" with the keyboard.
        box->setFocus();
        QTest::keyClick(box, Qt::Key_Home);
        QCOMPARE(box->currentText(), QStringLiteral("last minute"));
        QCOMPARE(m_window->chartWindowSeconds(), 60.0);
        // A 30 s run does not fit a minute's window: the whole run again.
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QVERIFY(m_app->runController()->isRunning());
        QCOMPARE(box->currentText(), QStringLiteral("whole run"));
        QVERIFY(stopWithEsc());
        // A 10-minute run fits it: the choice comes back.
        m_app->setScenario(synthetic({QStringLiteral("a")}, 10, 600s), QString());
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QVERIFY(m_app->runController()->isRunning());
        QCOMPARE(box->currentText(), QStringLiteral("last minute"));
        QCOMPARE(m_window->chartWindowSeconds(), 60.0);
        QVERIFY(stopWithEsc());
        // Without a choice, a run longer than the longest window shows the last 15 minutes.
        MainWindow fresh;
        fresh.fitChartWindow(3600);
        QCOMPARE(fresh.chartWindowBox()->currentText(), QStringLiteral("last 15 minutes"));
        fresh.fitChartWindow(900);
        QCOMPARE(fresh.chartWindowBox()->currentText(), QStringLiteral("whole run"));
    }

    // The time axis of a run under a second went on to 1 s: its ticks were whole seconds at
    // least, so a 0.5 s run filled half the charts' width. It ends at the run's end now,
    // with tenths of a second as ticks, labelled with their decimal (at 1024x700, F5 on a
    // 0.5 s run). Longer runs keep their axes: the demo's plan (30 s) spans 0-30 s in 5 s
    // ticks, labelled in whole seconds.
    void aRunUnderASecondEndsItsTimeAxisAtItsEnd() {
        m_window->resize(1024, 700);
        QTRY_COMPARE(m_window->size(), QSize(1024, 700));
        const auto axisOf = [](const TimeSeriesChart* chart) {
            const auto* x =
                qobject_cast<QValueAxis*>(chart->chart()->axes(Qt::Horizontal).value(0));
            return x ? QStringLiteral("%1-%2 s, ticks every %3 s, labels %4")
                           .arg(x->min())
                           .arg(x->max())
                           .arg(x->tickInterval())
                           .arg(x->labelFormat())
                     : QStringLiteral("no axis");
        };
        m_app->openDemo();
        QTRY_COMPARE(axisOf(m_window->throughputChart()),
                     QStringLiteral("0-30 s, ticks every 5 s, labels %.0f"));
        QVERIFY(runWithKeys(synthetic({QStringLiteral("a")}, 100, 500ms)));
        QVERIFY(m_app->results().has_value());
        for (TimeSeriesChart* chart : m_window->charts())
            QTRY_COMPARE(axisOf(chart), QStringLiteral("0-0.5 s, ticks every 0.1 s, labels %.1f"));
#ifdef PUSHER_SCREENSHOT_DIR
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QVERIFY(
            m_window->grab().save(QStringLiteral(PUSHER_SCREENSHOT_DIR "/half-second-run.png")));
#endif
    }

    // Every chart of a finished run spans the same time, to the run's last whole interval:
    // each spanned its own last point, and the latency chart of a run whose calls ended in
    // none of its intervals (5 s calls, stopped with Esc at 1.5 s: the stop cut them all) read
    // 0-0.5 s beside the others' 0-1.5 s, the grid's axes no longer one above the other. At
    // 1024x700; then the run's results file opened with Ctrl+O spans the same.
    void everyChartSpansTheRunsTime() {
        m_window->resize(1024, 700);
        QTRY_COMPARE(m_window->size(), QSize(1024, 700));
        const auto axisOf = [](const TimeSeriesChart* chart) {
            const auto* x =
                qobject_cast<QValueAxis*>(chart->chart()->axes(Qt::Horizontal).value(0));
            return x ? QStringLiteral("%1-%2 s, ticks every %3 s")
                           .arg(x->min())
                           .arg(x->max())
                           .arg(x->tickInterval())
                     : QStringLiteral("no axis");
        };
        Scenario slow = synthetic({QStringLiteral("a")}, 20, 30s);
        slow.workers[0].target.latency.value = 5s;
        m_app->setScenario(slow, QString());
        QSignalSpy finished(m_app->runController(), &RunController::runFinished);
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QVERIFY(m_app->runController()->isRunning());
        const QString achieved = ThroughputChart::achievedSeries(QStringLiteral("a"));
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->throughputChart()->displayedPoints(achieved).size() >= 14, 10000);
        QVERIFY(stopWithEsc());
        QVERIFY(finished.count() == 1 || finished.wait(10000));
        QCOMPARE(m_app->results()->total.completed, std::uint64_t(0));
        const QString span = axisOf(m_window->throughputChart());
        QVERIFY2(span.startsWith(QStringLiteral("0-1.")) || span.startsWith(QStringLiteral("0-2")),
                 qPrintable(span));
        for (TimeSeriesChart* chart : m_window->charts())
            QTRY_COMPARE(axisOf(chart), span);

        // Its results file, opened, spans the same in every chart.
        const QString file = path(QStringLiteral("slow-stopped.json"));
        QVERIFY(m_app->results()->save(file));
        m_nextFile = file;
        QSignalSpy opened(m_app->runView()->data(), &RunData::reset);
        QTest::keyClick(m_window.get(), Qt::Key_O, Qt::ControlModifier);
        QTRY_VERIFY(opened.count() > 0);
        QCOMPARE(m_app->runView()->data()->label(), QStringLiteral("slow-stopped.json"));
        for (TimeSeriesChart* chart : m_window->charts())
            QTRY_COMPARE(axisOf(chart), span);
    }

    // A run of one whole interval (150 ms of 100 ms intervals: the second, partial, draws no
    // point) has one point per line: Qt Charts drew no line for it, and the charts were empty
    // after the run. Each point is now a dot in its line's colour (tst_timeserieschart
    // aLonePointIsADot): F5 on such a run at 1024x700, after a run of five intervals, the
    // throughput chart shows its worker's colour where its point is; the hover text names the
    // worker's value. (A dot set after its point was laid out was not drawn: its run came
    // after another, the time axis' range did not move again.)
    // A run shorter than its interval ends with every chart empty (its one interval is
    // partial, and a partial interval draws no point), which they did not explain; nor
    // while a run waited for its first whole interval. Each chart now says why, centred in
    // its plot, while it draws nothing.
    void emptyChartsSayWhy() {
        m_window->resize(1024, 700);
        QTRY_COMPARE(m_window->size(), QSize(1024, 700));
        const auto texts = [this] {
            QStringList out;
            for (TimeSeriesChart* chart : m_window->charts())
                out.append(chart->isEmptyTextShown() ? chart->emptyText() : QString());
            return out;
        };
        const auto four = [](const QString& text) { return QStringList(4, text); };
        // The text is drawn: pixels of the text's colour in the middle of each plot, where
        // only the grid's faint lines are otherwise.
        const auto ink = [](TimeSeriesChart* chart) {
            QCoreApplication::processEvents();
            const QImage image = chart->grab().toImage();
            auto* view = chart->findChild<QChartView*>();
            const QPoint centre = view->mapTo(chart, view->mapFromScene(chart->chart()->mapToScene(
                                                         chart->chart()->plotArea().center())));
            const QColor text = chart->palette().color(QPalette::WindowText);
            int hits = 0;
            for (int y = centre.y() - 25; y <= centre.y() + 25; ++y)
                for (int x = centre.x() - 60; x <= centre.x() + 60; ++x) {
                    const QColor c = image.pixelColor(x, y);
                    hits += std::abs(c.red() - text.red()) + std::abs(c.green() - text.green()) +
                                std::abs(c.blue() - text.blue()) <
                            90;
                }
            return hits;
        };

        // 50 ms of 100 ms intervals, F5: no whole interval.
        QVERIFY(runWithKeys(synthetic({QStringLiteral("a")}, 200, 50ms)));
        QTRY_COMPARE(texts(),
                     four(QStringLiteral(
                         "No whole interval: the run lasted 50\u00a0ms, less than one 100\u00a0ms "
                         "interval. Its counts are in the summary.")));
        for (TimeSeriesChart* chart : m_window->charts())
            QVERIFY2(ink(chart) > 40, qPrintable(chart->accessibleName()));
#ifdef PUSHER_SCREENSHOT_DIR
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QVERIFY(m_window->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/no-whole-interval-1024x700.png")));
#endif

        // A run of 500 ms: points, no text, nothing drawn in the plot's middle but its lines.
        QVERIFY(runWithKeys(synthetic({QStringLiteral("a")}, 200, 500ms)));
        QTRY_COMPARE(texts(), four(QString()));
        for (TimeSeriesChart* chart : m_window->charts())
            QCOMPARE(chart->emptyText(), QString());

        // While a run waits for its first whole interval (1 s here), the charts say so; the
        // interval's points take the text away.
        Scenario waiting = synthetic({QStringLiteral("a")}, 50, 3s);
        waiting.interval = 1s;
        m_app->setScenario(waiting, QString());
        QSignalSpy finished(m_app->runController(), &RunController::runFinished);
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QVERIFY(m_app->runController()->isRunning());
        QCOMPARE(texts(), four(QStringLiteral("Waiting for the first whole interval (1\u00a0s)")));
        for (TimeSeriesChart* chart : m_window->charts())
            QVERIFY2(ink(chart) > 40, qPrintable(chart->accessibleName()));
#ifdef PUSHER_SCREENSHOT_DIR
        QVERIFY(m_window->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/waiting-for-an-interval-1024x700.png")));
#endif
        QTRY_COMPARE_WITH_TIMEOUT(texts(), four(QString()), 5000);
        QVERIFY(stopWithEsc());
        QCOMPARE(texts(), four(QString()));

        // Stopped before its first 2 s interval ended: the charts say it was stopped.
        Scenario stopped = synthetic({QStringLiteral("a")}, 50, 10s);
        stopped.interval = 2s;
        m_app->setScenario(stopped, QString());
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QVERIFY(m_app->runController()->isRunning());
        QCOMPARE(texts(), four(QStringLiteral("Waiting for the first whole interval (2\u00a0s)")));
        QVERIFY(stopWithEsc());
        const QRegularExpression said(
            QStringLiteral("^No whole interval: the run was stopped at \\d+\u00a0ms, before its "
                           "first 2\u00a0s interval "
                           "ended\\. Its counts are in the summary\\.$"));
        QTRY_VERIFY2(said.match(texts().constFirst()).hasMatch(), qPrintable(texts().join(u'|')));
        QCOMPARE(texts(), four(texts().constFirst()));
    }

    // A run that drew its rates but no latency left the Latency chart blank beside three
    // drawn charts, with no word of why: calls that all outlast the run's first seconds and
    // are cut by Stop complete none. It says why, live, after the stop, for the worker the
    // box shows, and from the results file; the other charts, which drew, say nothing.
    void latencyWithNothingToDrawSaysWhy() {
        m_window->resize(1024, 700);
        QTRY_COMPARE(m_window->size(), QSize(1024, 700));
        LatencyChart* latency = m_window->latencyChart();
        const auto others = [this] {
            QStringList out;
            for (TimeSeriesChart* chart : m_window->charts())
                if (chart != m_window->latencyChart())
                    out.append(chart->isEmptyTextShown() ? chart->emptyText() : QString());
            return out;
        };
        const auto said = [latency] {
            return latency->isEmptyTextShown() ? latency->emptyText() : QString();
        };
        Scenario s = synthetic({QStringLiteral("slow")}, 20, 10s);
        s.workers[0].target.latency.value = 8s; // every call outlasts the stop below
        m_app->setScenario(s, QString());
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QVERIFY(m_app->runController()->isRunning());
        const QString total = ThroughputChart::achievedSeries(ThroughputChart::totalIdent());
        QTRY_VERIFY_WITH_TIMEOUT(m_window->throughputChart()->pointCount(total) >= 3, 5000);
        QTRY_COMPARE(said(), QStringLiteral("No call has ended yet: a latency is drawn for each "
                                            "interval calls end in."));
        QCOMPARE(others(), QStringList(3, QString()));
        QVERIFY(stopWithEsc());
        const QRegularExpression stopped(
            QStringLiteral("^No latency to draw: no call completed\\. (\\d+) call\\(s\\) in "
                           "flight were cut by Stop\\. The summary has the run's counts\\.$"));
        QTRY_VERIFY2(stopped.match(said()).hasMatch(), qPrintable(said()));
        QCOMPARE(stopped.match(said()).captured(1).toLongLong(),
                 m_app->runView()->data()->interrupted());
        QVERIFY(m_app->runView()->data()->interrupted() > 0);
        QCOMPARE(others(), QStringList(3, QString()));
        // Drawn in the plot's middle: the text's colour there, where the plot is blank.
        QCoreApplication::processEvents();
        {
            const QImage image = latency->grab().toImage();
            auto* view = latency->findChild<QChartView*>();
            const QPoint centre =
                view->mapTo(latency, view->mapFromScene(latency->chart()->mapToScene(
                                         latency->chart()->plotArea().center())));
            const QColor text = latency->palette().color(QPalette::WindowText);
            int hits = 0;
            for (int y = centre.y() - 25; y <= centre.y() + 25; ++y)
                for (int x = centre.x() - 60; x <= centre.x() + 60; ++x) {
                    const QColor c = image.pixelColor(x, y);
                    hits += std::abs(c.red() - text.red()) + std::abs(c.green() - text.green()) +
                                std::abs(c.blue() - text.blue()) <
                            90;
                }
            QVERIFY2(hits > 40, qPrintable(QString::number(hits)));
        }
#ifdef PUSHER_SCREENSHOT_DIR
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QVERIFY(m_window->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/latency-nothing-to-draw-1024x700.png")));
#endif
        // The worker "slow" chosen in the chart's box, by keys: the text names it.
        QComboBox* box = latency->workerBox();
        box->setFocus();
        QTest::keyClick(box, Qt::Key_End);
        QCOMPARE(latency->worker(), QStringLiteral("slow"));
        QTRY_COMPARE(said(), QStringLiteral("No latency to draw: no call of slow completed. The "
                                            "summary has the run's counts."));
        QTest::keyClick(box, Qt::Key_Home);
        QTRY_VERIFY2(stopped.match(said()).hasMatch(), qPrintable(said()));

        // The same run from its results file, opened with Ctrl+O.
        m_nextFile = path(QStringLiteral("no-latency.json"));
        QVERIFY(m_app->saveResults(m_nextFile));
        QTest::keyClick(m_window.get(), Qt::Key_O, Qt::ControlModifier);
        QTRY_VERIFY2(stopped.match(said()).hasMatch(), qPrintable(said()));
        QCOMPARE(others(), QStringList(3, QString()));

        // A run whose calls complete draws its latency: no text.
        QVERIFY(runWithKeys(synthetic({QStringLiteral("a")}, 200, 500ms)));
        QTRY_COMPARE(said(), QString());
        QCOMPARE(latency->emptyText(), QString());
    }

    // While a run went, no widget had the focus: F5 in a field of the editor (disabled
    // during the run) left the keys nowhere, and a screen reader said nothing. A run started
    // by keys puts the focus on Stop, where Space or Return stops it; at its end the focus
    // is back where it was. A click on Start leaves the focus where it is.
    void aRunStartedByKeysFocusesStop() {
        m_window->resize(1024, 700);
        QTRY_COMPARE(m_window->size(), QSize(1024, 700));
        m_app->setScenario(synthetic({QStringLiteral("a")}, 50, 30s), QString());
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QWidget* stop = m_window->stopButton();
        QVERIFY(stop);
        QCOMPARE(QAccessible::queryAccessibleInterface(stop)->text(QAccessible::Name),
                 QStringLiteral("Stop"));
        // Ctrl+0: the editor's first field.
        QTest::keyClick(m_window.get(), Qt::Key_0, Qt::ControlModifier);
        QTRY_VERIFY(m_window->scenarioDock()->isAncestorOf(QApplication::focusWidget()));
        QWidget* field = QApplication::focusWidget();

        // F5, then Space on Stop.
        QSignalSpy finished(m_app->runController(), &RunController::runFinished);
        QTest::keyClick(field, Qt::Key_F5);
        QVERIFY(m_app->runController()->isRunning());
        QTRY_COMPARE(QApplication::focusWidget(), stop);
#ifdef PUSHER_SCREENSHOT_DIR
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QVERIFY(m_window->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/stop-focused-1024x700.png")));
#endif
        QTest::keyClick(stop, Qt::Key_Space);
        QVERIFY(finished.count() > 0 || finished.wait(10000));
        QTRY_COMPARE(QApplication::focusWidget(), field);

        // Run ▸ Start by keys (Alt+R, S), then Return on Stop.
        QTest::keyClick(field, Qt::Key_R, Qt::AltModifier);
        QTRY_VERIFY(QApplication::activePopupWidget());
        QTest::keyClick(QApplication::activePopupWidget(), Qt::Key_S);
        QTRY_VERIFY(m_app->runController()->isRunning());
        QTRY_COMPARE(QApplication::focusWidget(), stop);
        // (The offscreen platform does not give the menu's activation back to the window,
        // as a desktop does: asked for here, as the focus coming back needs an active window.)
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(stop, Qt::Key_Return);
        QVERIFY(finished.count() > 1 || finished.wait(10000));
        QTRY_COMPARE(QApplication::focusWidget(), field);

        // A click on the toolbar's Start: the focus stays in the Summary (Ctrl+1).
        QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);
        QTRY_VERIFY(m_window->summaryDock()->isAncestorOf(QApplication::focusWidget()));
        QWidget* table = QApplication::focusWidget();
        QWidget* startButton =
            m_window->findChild<QToolBar*>()->widgetForAction(m_window->actions().start);
        QTest::mouseClick(startButton, Qt::LeftButton);
        QVERIFY(m_app->runController()->isRunning());
        QCOMPARE(QApplication::focusWidget(), table);
        QVERIFY(stopWithEsc());
        QTRY_COMPARE(QApplication::focusWidget(), table);
    }

    // F5 on a scenario that cannot run (its data file went away after it was opened: the
    // run's preparation refuses it) started no run, and the keyboard start stayed
    // remembered: the next run that did not come through Start's action (AppController::
    // start, as `pusher FILE --run` and a script start one) put the focus on Stop, out of
    // the Summary the person was reading. A start that fails forgets how it was asked for.
    // (A click on Start said "not by keys" anew, and still does.)
    void aFailedStartByKeysLeavesTheNextRunsFocusAlone() {
        m_window->resize(1024, 700);
        QTRY_COMPARE(m_window->size(), QSize(1024, 700));
        const QString rows = path(QStringLiteral("rows-later.csv"));
        const auto writeRows = [&rows] {
            QFile file(rows);
            return file.open(QIODevice::WriteOnly) && file.write("id\n1\n2\n") == 7;
        };
        QVERIFY(writeRows());
        Scenario s = synthetic({QStringLiteral("a")}, 50, 30s);
        s.workers[0].target.kind = QStringLiteral("http"); // (the sandbox, on 127.0.0.1)
        s.workers[0].target.url = QStringLiteral("http://sandbox/items?id=${id}");
        s.workers[0].data.file = rows;
        QStringList reported;
        m_app->reportProblems = [&reported](const QString& title, const QStringList& lines) {
            reported = QStringList{title} + lines;
        };
        m_app->setScenario(s, QString());
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        // The editor's own check of the files (it runs after a pause, off the GUI thread)
        // answers before the file goes: answering after, it listed the file as missing and
        // kept Start disabled after the file came back (under ASan, every time).
        QTRY_VERIFY(!m_app->editor()->isChecking());
        QVERIFY2(m_window->actions().start->isEnabled(),
                 qPrintable(m_window->actions().start->toolTip()));
        QVERIFY(QFile::remove(rows));

        // Ctrl+1, F5: the scenario cannot run, and says so.
        QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);
        QTRY_VERIFY(m_window->summaryDock()->isAncestorOf(QApplication::focusWidget()));
        QWidget* table = QApplication::focusWidget();
        QTest::keyClick(table, Qt::Key_F5);
        QVERIFY(!m_app->runController()->isRunning());
        QVERIFY2(reported.join(u'\n').contains(QStringLiteral("rows-later.csv")),
                 qPrintable(reported.join(u'\n')));
        QCOMPARE(QApplication::focusWidget(), table);
        QCoreApplication::processEvents(); // the F5 handled, as before any later step

        // The file written, the run started as --run starts it: the focus stays in the Summary.
        QVERIFY(writeRows());
        QVERIFY(m_app->start());
        QVERIFY(m_app->runController()->isRunning());
        QCoreApplication::processEvents();
        QCOMPARE(QApplication::focusWidget(), table);
        QVERIFY(stopWithEsc());
        QTRY_COMPARE(QApplication::focusWidget(), table);

        // A click on Start: the same.
        QWidget* startButton =
            m_window->findChild<QToolBar*>()->widgetForAction(m_window->actions().start);
        QTest::mouseClick(startButton, Qt::LeftButton);
        QVERIFY(m_app->runController()->isRunning());
        QCoreApplication::processEvents();
        QCOMPARE(QApplication::focusWidget(), table);
        QVERIFY(stopWithEsc());
        QTRY_COMPARE(QApplication::focusWidget(), table);

        // F5 still puts the focus on Stop.
        QTest::keyClick(table, Qt::Key_F5);
        QVERIFY(m_app->runController()->isRunning());
        QTRY_COMPARE(QApplication::focusWidget(), m_window->stopButton());
        QVERIFY(stopWithEsc());
    }

    // The window opened with the focus on its first Tab stop, as Qt gives it: the Throughput
    // chart, framed in the highlight colour as the first thing seen (and in the docs'
    // screenshots), where the keys do nothing but open its lines menu. A window opened with
    // a scenario (`pusher FILE`, or the last file or the demo) has the focus in the editor's
    // workers list; one with none yet (the editor disabled), in the Summary's table.
    void theWindowOpensWithTheWorkersListFocused() {
        // init()'s window, opened with no scenario: the editor is disabled, the Summary's
        // table has it.
        QTRY_COMPARE(QApplication::focusWidget(), m_window->summaryTable());

        // A window opened as `pusher FILE` opens it: shown, then the file read.
        Scenario s = synthetic({QStringLiteral("a"), QStringLiteral("b")}, 50, 30s);
        const QString file = path(QStringLiteral("two-workers.json"));
        {
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            QVERIFY(out.write(s.toJson()) > 0);
        }
        m_window.reset();
        m_window = std::make_unique<MainWindow>();
        m_app = new AppController(m_window.get(), m_window.get());
        m_app->askSave = [] { return AppController::SaveAnswer::Discard; };
        m_app->reportProblems = [](const QString&, const QStringList&) {};
        m_app->confirmStop = [] { return true; };
        m_window->resize(1024, 700);
        m_window->show();
        QVERIFY(m_app->openFile(file));
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        auto* workers =
            m_window->scenarioDock()->findChild<QAbstractItemView*>(QStringLiteral("workersView"));
        QVERIFY(workers);
        QTRY_COMPARE(QApplication::focusWidget(), workers);
        for (TimeSeriesChart* chart : m_window->charts())
            QVERIFY(!chart->hasFocus());
#ifdef PUSHER_SCREENSHOT_DIR
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QVERIFY(m_window->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/opened-focus-1024x700.png")));
#endif
        // Down: the second worker, its form shown; Tab: its form's first field, Ident;
        // Shift+Tab: back in the list, on that worker.
        QTest::keyClick(workers, Qt::Key_Down);
        QCOMPARE(workers->currentIndex().row(), 1);
        auto* ident = m_window->scenarioDock()->findChild<QLineEdit*>(QStringLiteral("identEdit"));
        QVERIFY(ident);
        QTRY_COMPARE(ident->text(), QStringLiteral("b"));
        QTest::keyClick(workers, Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), ident);
        QTest::keyClick(ident, Qt::Key_Backtab, Qt::ShiftModifier);
        QCOMPARE(QApplication::focusWidget(), workers);
        QCOMPARE(workers->currentIndex().row(), 1);
        // F5 from there runs the scenario, as from anywhere.
        QTest::keyClick(workers, Qt::Key_F5);
        QVERIFY(m_app->runController()->isRunning());
        QVERIFY(stopWithEsc());
    }

    void aRunOfOneIntervalShowsItsPoints() {
        m_window->resize(1024, 700);
        QTRY_COMPARE(m_window->size(), QSize(1024, 700));
        QVERIFY(runWithKeys(synthetic({QStringLiteral("a")}, 200, 500ms)));
        QVERIFY(runWithKeys(synthetic({QStringLiteral("a")}, 200, 150ms)));
        ThroughputChart* chart = m_window->throughputChart();
        const QString achieved = ThroughputChart::achievedSeries(QStringLiteral("a"));
        QTRY_COMPARE(chart->displayedPoints(achieved).size(), 1);
        const QPointF point = chart->displayedPoints(achieved).constFirst();
        QLineSeries* line = chart->lineSeries(achieved);
        const QColor color = line->pen().color();
        QCoreApplication::processEvents(); // the chart lays its plot out for the axis' labels
        auto* view = chart->findChild<QChartView*>();
        QVERIFY(view);
        const QPoint centre = view->mapTo(chart, view->mapFromScene(chart->chart()->mapToScene(
                                                     chart->chart()->mapToPosition(point, line))));
        const QImage image = chart->grab().toImage();
#ifdef PUSHER_SCREENSHOT_DIR
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QVERIFY(m_window->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/run-of-one-interval-1024x700.png")));
#endif
        int hits = 0;
        for (int y = centre.y() - 4; y <= centre.y() + 4; ++y)
            for (int x = centre.x() - 4; x <= centre.x() + 4; ++x) {
                if (!image.rect().contains(x, y))
                    continue;
                const QColor c = image.pixelColor(x, y);
                hits += std::abs(c.red() - color.red()) + std::abs(c.green() - color.green()) +
                            std::abs(c.blue() - color.blue()) <
                        60;
            }
        QVERIFY2(hits >= 6, qPrintable(QStringLiteral("%1 pixels of %2 at the point %3, %4 "
                                                      "(%5, %6 in the chart)")
                                           .arg(hits)
                                           .arg(color.name())
                                           .arg(point.x())
                                           .arg(point.y())
                                           .arg(centre.x())
                                           .arg(centre.y())));
        QVERIFY2(chart->valuesAt(point.x()).contains(QStringLiteral("a: ")),
                 qPrintable(chart->valuesAt(point.x())));
    }

    void summaryFollowsTheLatencySwitch() {
        QVERIFY(runWithKeys(synthetic({QStringLiteral("a")}, 200, 1s)));
        const SummaryModel* summary = m_window->summaryTable()->summaryModel();
        const RunResults& r = *m_app->results();
        // Response time, as the chart shows by default, and the header says so.
        QCOMPARE(summary->headerData(SummaryModel::P99, Qt::Horizontal).toString(),
                 QStringLiteral("resp p99"));
        QCOMPARE(summary->index(1, SummaryModel::P99).data(SummaryModel::ValueRole).toDouble(),
                 r.total.responseMs.p99);
        // The toolbar's Latency switch, with the keyboard: service time in both.
        QComboBox* latency = m_window->latencyBox();
        latency->setFocus();
        QTest::keyClick(latency, Qt::Key_Down);
        QCOMPARE(m_window->latencyChart()->kind(), LatencyChart::Kind::Service);
        QCOMPARE(summary->headerData(SummaryModel::P99, Qt::Horizontal).toString(),
                 QStringLiteral("svc p99"));
        QCOMPARE(summary->index(1, SummaryModel::P99).data(SummaryModel::ValueRole).toDouble(),
                 r.total.latencyMs.p99);
        QCOMPARE(summary->index(1, SummaryModel::P50).data(SummaryModel::ValueRole).toDouble(),
                 r.total.latencyMs.p50);
    }

    void liveRatesComeBackFromTheViewMenu() {
        QDockWidget* dock = m_app->liveRatesDock();
        QCOMPARE(dock, m_window->liveRatesDock());
        dock->show();
        dock->raise();
        QVERIFY(QTest::qWaitFor([dock] { return dock->isVisible(); }, 2000));
        // Close it with its title bar's close button.
        auto* close =
            dock->findChild<QAbstractButton*>(QStringLiteral("qt_dockwidget_closebutton"));
        QVERIFY(close);
        QTest::mouseClick(close, Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([dock] { return !dock->isVisible(); }, 2000));
        // View ▸ Live Rates brings it back.
        QAction* item =
            menuAction(m_window.get(), QStringLiteral("View"), QStringLiteral("Live Rates"));
        QVERIFY(item);
        QVERIFY(!item->isChecked());
        QVERIFY(
            clickMenuItem(m_window.get(), QStringLiteral("View"), QStringLiteral("Live Rates")));
        QVERIFY(QTest::qWaitFor([dock] { return dock->isVisible(); }, 2000));
        QVERIFY(menuAction(m_window.get(), QStringLiteral("View"), QStringLiteral("Thresholds")));
    }

    void fitsAt1024x700() {
        m_window->resize(1024, 700);
        QVERIFY(QTest::qWaitFor([this] { return m_window->width() == 1024; }, 2000));
        QVERIFY(runWithKeys(
            synthetic({QStringLiteral("checkout"), QStringLiteral("search")}, 100, 1s)));
        QApplication::processEvents();
        // The detector sees an elided legend: long names in a narrow chart.
        ThroughputChart narrow;
        narrow.resize(260, 200);
        narrow.show();
        QVERIFY(QTest::qWaitForWindowExposed(&narrow));
        for (const QString& w : {QStringLiteral("checkout-with-a-long-name"),
                                 QStringLiteral("search-with-a-long-name")})
            narrow.appendRates(w, 1, 10, 10);
        narrow.commit();
        QTRY_VERIFY(!elidedTexts(&narrow).isEmpty());
        // Legends and titles are whole: no "respon…".
        for (TimeSeriesChart* chart : m_window->charts())
            QVERIFY2(elidedTexts(chart).isEmpty(),
                     qPrintable(elidedTexts(chart).join(QStringLiteral(" | "))));
        // The progress bar is on screen, not in the toolbar's overflow menu.
        QProgressBar* progress = m_window->progressBar();
        QVERIFY(progress->isVisible());
        const QRect inWindow(progress->mapTo(m_window.get(), QPoint(0, 0)), progress->size());
        QVERIFY(m_window->rect().contains(inWindow));
        for (QToolBar* bar : m_window->findChildren<QToolBar*>()) {
            auto* more = bar->findChild<QToolButton*>(QStringLiteral("qt_toolbar_ext_button"));
            QVERIFY2(!more || !more->isVisible(), "the toolbar overflows");
        }
        // The summary fits its width (below).
        summaryFits(QStringLiteral("after the run"));
    }

    // At 1024x700 the summary scrolled sideways for its last columns (lag p99 out of sight),
    // and its columns could not be resized. Now they fit its width, the headers that need it
    // elided by the header ("Compl…"), and a person can drag a column's edge: the column
    // keeps what it is given, the others fit in what is left, and none is pushed out of sight
    // or has its header cut; an elided header's tooltip names it.
    void summaryColumnsFitAndKeepTheirHeaders() {
        m_window->resize(1024, 700);
        QTRY_COMPARE(m_window->width(), 1024);
        QVERIFY(runWithKeys(
            synthetic({QStringLiteral("checkout"), QStringLiteral("search")}, 400, 2s, 0.01)));
        SummaryTable* table = m_window->summaryTable();
        SummaryHeader* header = table->summaryHeader();
        summaryFits(QStringLiteral("after the run"));
        if (QTest::currentTestFailed())
            return;
        // Every column can be read: the widest cell of each fits its column (the text and the
        // 2 px the table's cells keep either side of it).
        for (int c = 0; c < header->count(); ++c) {
            for (int r = 0; r < table->model()->rowCount(); ++r) {
                const QModelIndex index = table->model()->index(r, c);
                QFont font = table->font();
                font.setBold(r == table->model()->rowCount() - 1); // the total
                const QString text = index.data().toString();
                QVERIFY2(QFontMetrics(font).horizontalAdvance(text) + 4 <= header->sectionSize(c),
                         qPrintable(
                             QStringLiteral("%1 in %2 px").arg(text).arg(header->sectionSize(c))));
            }
        }
        // An elided header's tooltip names its column.
        int elided = -1;
        for (int c = 0; c < header->count() && elided < 0; ++c)
            if (header->shownText(c) != header->model()->headerData(c, Qt::Horizontal).toString())
                elided = c;
        if (elided >= 0) {
            const QString text = header->model()->headerData(elided, Qt::Horizontal).toString();
            const QPoint at(header->sectionViewportPosition(elided) +
                                header->sectionSize(elided) / 2,
                            header->height() / 2);
            QHelpEvent help(QEvent::ToolTip, at, header->viewport()->mapToGlobal(at));
            QCoreApplication::sendEvent(header->viewport(), &help);
            QTRY_VERIFY(QToolTip::isVisible());
            QVERIFY2(QToolTip::text().startsWith(text + QStringLiteral(": ")),
                     qPrintable(QToolTip::text()));
            QToolTip::hideText();
        }
        // A drag of the Worker column's right edge 200 px to the right, as a person does.
        const auto drag = [&](int section, int by) {
            const int edge =
                header->sectionViewportPosition(section) + header->sectionSize(section) - 1;
            const int y = header->height() / 2;
            QTest::mouseMove(header->viewport(), QPoint(edge, y));
            QTest::mousePress(header->viewport(), Qt::LeftButton, {}, QPoint(edge, y));
            for (int step = 1; step <= 10; ++step)
                QTest::mouseMove(header->viewport(), QPoint(edge + by * step / 10, y));
            QTest::mouseRelease(header->viewport(), Qt::LeftButton, {}, QPoint(edge + by, y));
        };
        const int before = header->sectionSize(SummaryModel::Ident);
        drag(SummaryModel::Ident, 200);
        QVERIFY2(header->sectionSize(SummaryModel::Ident) > before + 20,
                 qPrintable(QStringLiteral("%1 -> %2")
                                .arg(before)
                                .arg(header->sectionSize(SummaryModel::Ident))));
        summaryFits(QStringLiteral("the Worker column widened"));
        if (QTest::currentTestFailed())
            return;
        // Wider than the others leave it: held to what leaves them their cells.
        drag(SummaryModel::Ident, 600);
        summaryFits(QStringLiteral("the Worker column widened past the table"));
        if (QTest::currentTestFailed())
            return;
        // The last column narrowed: its header elided, not cut.
        drag(SummaryModel::LagP99, -40);
        summaryFits(QStringLiteral("lag p99 narrowed"));
        if (QTest::currentTestFailed())
            return;
        // The toolbar's latency switch, by keys, renames four headers ("svc p50"): they fit.
        m_window->latencyBox()->setFocus();
        QTest::keyClick(m_window->latencyBox(), Qt::Key_End); // "service time"
        QTRY_COMPARE(header->model()->headerData(SummaryModel::P50, Qt::Horizontal).toString(),
                     QStringLiteral("svc p50"));
        summaryFits(QStringLiteral("service time"));
        if (QTest::currentTestFailed())
            return;
        // A narrower window (the scenario dock wider), and 1280x800.
        m_window->resize(1280, 800);
        QTRY_COMPARE(m_window->width(), 1280);
        summaryFits(QStringLiteral("1280x800"));
#ifdef PUSHER_SCREENSHOT_DIR
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QVERIFY(m_window->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/summary-widened-1280x800.png")));
#endif
    }

    // With an earlier run overlaid, in the window at 1024x700, every chart's entry for the
    // dashed lines is drawn as the chart made it: its name whole, or elided in its middle by
    // the chart (its end, the run's start, kept), never cut a second time by Qt Charts.
    // Latency's row of five read "dashed: 2….js..." there (docs/screenshots'
    // main-many-workers-overlay-1024x700.png), though a chart of its size alone did not:
    // the entry was fitted to the legend before Qt laid the window's legend out.
    void overlayEntriesAreWholeInTheWindowAt1024x700() {
        m_window->resize(1024, 700);
        QTRY_COMPARE(m_window->width(), 1024);
        Scenario s = synthetic({QStringLiteral("checkout"), QStringLiteral("search")}, 100, 1s);
        s.name = QStringLiteral("checkout and search on the staging sandbox");
        QVERIFY(runWithKeys(s));
        QVERIFY(m_app->results());
        const QString time =
            m_app->results()->startedAt.toLocalTime().toString(QStringLiteral("HH:mm"));
        const QString whole = QStringLiteral("dashed: %1, %2").arg(s.name, time);
        m_nextFile = path(QStringLiteral("baseline.json"));
        QVERIFY(m_app->saveResults(m_nextFile));
        QVERIFY(clickMenuItem(m_window.get(), QStringLiteral("File"),
                              QStringLiteral("Overlay Results")));
        const auto check = [&](const QString& size) {
            for (TimeSeriesChart* chart : m_window->charts()) {
                const auto fine = [&] {
                    const auto [label, drawn] = dashedEntry(chart);
                    return !label.isEmpty() && drawn == label &&
                           (label == whole || label.contains(QChar(0x2026)));
                };
                const auto said = [&] {
                    const auto [label, drawn] = dashedEntry(chart);
                    return QStringLiteral("%1 at %2: \"%3\" drawn as \"%4\" (%5)")
                        .arg(chart->accessibleName(), size, label, drawn,
                             legendTexts(chart).join(QStringLiteral(" | ")));
                };
                QTRY_VERIFY2_WITH_TIMEOUT(fine(), qPrintable(said()), 3000);
                for (const QString& text : legendTexts(chart))
                    QVERIFY2(!text.endsWith(QStringLiteral("...")), qPrintable(text));
            }
        };
        check(QStringLiteral("1024x700"));
        if (QTest::currentTestFailed())
            return;
        // Earlier runs of scenarios named from 1 to 40 letters long, each overlaid from the
        // File menu: every chart draws its entry as it set it.
        {
            QFile file(m_nextFile);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
            const QString letters = QStringLiteral("Wilma's checkout flow on the staging box");
            for (int n = 1; n <= letters.size(); n += 3) {
                json.insert(QStringLiteral("scenario"), letters.left(n));
                m_nextFile = path(QStringLiteral("named-%1.json").arg(n));
                QFile named(m_nextFile);
                QVERIFY(named.open(QIODevice::WriteOnly));
                named.write(QJsonDocument(json).toJson());
                named.close();
                QVERIFY(clickMenuItem(m_window.get(), QStringLiteral("File"),
                                      QStringLiteral("Overlay Results")));
                QTRY_VERIFY(m_window->latencyChart()->overlayLabel().startsWith(
                    letters.left(n).simplified() + QLatin1Char(',')));
                for (TimeSeriesChart* chart : m_window->charts()) {
                    const auto drawnAsSet = [&] {
                        const auto [label, drawn] = dashedEntry(chart);
                        return !label.isEmpty() && drawn == label;
                    };
                    QTRY_VERIFY2_WITH_TIMEOUT(
                        drawnAsSet(),
                        qPrintable(QStringLiteral("%1, %2 letters: \"%3\" drawn as \"%4\"")
                                       .arg(chart->accessibleName())
                                       .arg(n)
                                       .arg(dashedEntry(chart).first, dashedEntry(chart).second)),
                        2000);
                }
            }
            m_nextFile = path(QStringLiteral("baseline.json"));
            QVERIFY(clickMenuItem(m_window.get(), QStringLiteral("File"),
                                  QStringLiteral("Overlay Results")));
        }
        check(QStringLiteral("1024x700, the first run again"));
        if (QTest::currentTestFailed())
            return;
        // A person making the window a little wider, from 1000 to 1100 px: at 1018 px Qt
        // Charts drew Latency's "dashed: …18:14" (a run started at 18:14) as "dashed: …18:...".
        for (int w = 1000; w <= 1100; w += 2) {
            m_window->resize(w, 700);
            QTRY_COMPARE(m_window->width(), w);
            check(QStringLiteral("%1x700").arg(w));
            if (QTest::currentTestFailed())
                return;
        }
        // Latency's row is the one short of room: its entry elided by the chart.
        QVERIFY2(dashedEntry(m_window->latencyChart()).first != whole,
                 qPrintable(dashedEntry(m_window->latencyChart()).first));
        // The window made larger and smaller again, as a person does.
        m_window->resize(1280, 800);
        QTRY_COMPARE(m_window->width(), 1280);
        check(QStringLiteral("1280x800"));
        if (QTest::currentTestFailed())
            return;
        m_window->resize(1024, 700);
        QTRY_COMPARE(m_window->width(), 1024);
        check(QStringLiteral("1024x700 again"));
        if (QTest::currentTestFailed())
            return;

        // The mouse on Latency's entry: the whole name, the start to the second and the file.
        LatencyChart* latency = m_window->latencyChart();
        auto* view = latency->findChild<QChartView*>();
        QVERIFY(view);
        QGraphicsTextItem* entry = nullptr;
        QList<QGraphicsItem*> items = latency->chart()->legend()->childItems();
        for (qsizetype i = 0; i < items.size() && !entry; ++i) {
            items += items[i]->childItems();
            auto* text = dynamic_cast<QGraphicsTextItem*>(items[i]);
            if (text && text->isVisible() &&
                text->toPlainText().startsWith(QStringLiteral("dashed")))
                entry = text;
        }
        QVERIFY(entry);
        QToolTip::hideText();
        const QPoint at = view->mapFromScene(entry->sceneBoundingRect().center());
        QTest::mouseMove(view->viewport(), at - QPoint(4, 0));
        QTest::mouseMove(view->viewport(), at);
        QTRY_VERIFY(QToolTip::isVisible());
        QCOMPARE(QToolTip::text(),
                 whole + QStringLiteral("\nstarted %1, baseline.json")
                             .arg(m_app->results()->startedAt.toLocalTime().toString(
                                 QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
        QToolTip::hideText();
    }

    void smoothRatesFromTheKeyboard() {
        QVERIFY(runWithKeys(synthetic({QStringLiteral("a")}, 100, 1500ms, 0.1)));
        ErrorsChart* errors = m_window->errorsChart();
        QVERIFY(!m_window->actions().smoothRates->isChecked());
        QCOMPARE(errors->smoothingSeconds(), 0.0);
        const QList<QPointF> raw = errors->displayedPoints(ErrorsChart::errorsSeries());
        QTest::keyClick(m_window.get(), Qt::Key_M, Qt::ControlModifier);
        QVERIFY(m_window->actions().smoothRates->isChecked());
        for (TimeSeriesChart* chart : m_window->charts())
            QCOMPARE(chart->smoothingSeconds(), 1.0);
        const QList<QPointF> smooth = errors->displayedPoints(ErrorsChart::errorsSeries());
        QCOMPARE(smooth.size(), raw.size());
        // A mean over 1 s (10 intervals of 100 ms) swings less than the intervals do.
        auto swing = [](const QList<QPointF>& points) {
            double lo = 1e9, hi = -1e9;
            for (const QPointF& p : points) {
                if (p.x() < 1.0)
                    continue;
                lo = std::min(lo, p.y());
                hi = std::max(hi, p.y());
            }
            return hi - lo;
        };
        QVERIFY2(swing(smooth) < swing(raw),
                 qPrintable(QStringLiteral("%1 vs %2").arg(swing(smooth)).arg(swing(raw))));
        // Latency and in-flight are not rates: unchanged.
        const QString p99 =
            LatencyChart::seriesName(LatencyChart::Kind::Response, QStringLiteral("p99"));
        const QList<QPointF> latency = m_window->latencyChart()->displayedPoints(p99);
        QTest::keyClick(m_window.get(), Qt::Key_M, Qt::ControlModifier);
        QCOMPARE(m_window->latencyChart()->displayedPoints(p99), latency);
        QCOMPARE(errors->displayedPoints(ErrorsChart::errorsSeries()), raw);
    }

    void thresholdsPanelLiveAndAtTheEnd() {
        Scenario s = synthetic({QStringLiteral("api"), QStringLiteral("db")}, 100, 1500ms, 0.2);
        s.thresholds = {QStringLiteral("api.p99 < 1s"), QStringLiteral("error_rate < 1%"),
                        QStringLiteral("db.rps > 50")};
        m_app->setScenario(s, QString());
        const ThresholdsModel* model = m_window->thresholdsPanel()->model();
        QSignalSpy finished(m_app->runController(), &RunController::runFinished);
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QVERIFY(m_app->runController()->isRunning());
        QCOMPARE(model->rowCount(), 3);
        QVERIFY(!model->isFinal());
        // While the run goes: measured values and "holding" / "not holding".
        QTRY_VERIFY_WITH_TIMEOUT(model->index(1, ThresholdsModel::Verdict).data().toString() ==
                                     QStringLiteral("not holding"),
                                 5000);
        QVERIFY(m_app->runController()->isRunning());
        QVERIFY(model->index(0, ThresholdsModel::Measured)
                    .data()
                    .toString()
                    .endsWith(QStringLiteral("ms")));
        QCOMPARE(model->index(0, ThresholdsModel::Verdict).data().toString(),
                 QStringLiteral("holding"));
        QVERIFY(finished.wait(10000));
        // At the end: the run's verdict, the results' own values.
        QVERIFY(model->isFinal());
        const RunResults& r = *m_app->results();
        QCOMPARE(model->thresholds(), r.thresholds);
        QCOMPARE(model->index(0, ThresholdsModel::Verdict).data().toString(),
                 QStringLiteral("held"));
        QCOMPARE(model->index(1, ThresholdsModel::Verdict).data().toString(),
                 QStringLiteral("did not hold"));
        QVERIFY(model->index(1, ThresholdsModel::Measured)
                    .data()
                    .toString()
                    .endsWith(QStringLiteral("%")));
        // The status bar names the threshold that did not hold, with its value.
        const QString message = m_window->statusBar()->currentMessage();
        QVERIFY2(message.contains(QStringLiteral("error_rate < 1%")), qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("api.p99")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("1 threshold did not hold")), qPrintable(message));
    }

    void overlayNamedAndRemovable() {
        QVERIFY(runWithKeys(synthetic({QStringLiteral("a")}, 100, 1s)));
        const QString file = path(QStringLiteral("before.json"));
        QVERIFY(m_app->saveResults(file));
        m_nextFile = file;
        QVERIFY(clickMenuItem(m_window.get(), QStringLiteral("File"),
                              QStringLiteral("Overlay Results")));
        ThroughputChart* chart = m_window->throughputChart();
        QVERIFY(chart->hasOverlay());
        // The legend names the file.
        const QString total = ThroughputChart::achievedSeries(ThroughputChart::totalIdent());
        QLineSeries* dashed = chart->overlaySeries(total);
        QVERIFY(dashed);
        QLegendMarker* marker = chart->chart()->legend()->markers(dashed).value(0);
        QVERIFY(marker);
        QTRY_VERIFY(marker->isVisible()); // once the legend is laid out again
        // The legend names the run by its scenario and its start, as a person knows it, not
        // by its file's name (a kept run's, "2026-12-02_17-22-05_demo.json", elided
        // "2026-…json", told no two runs apart); the tooltip names the file.
        QVERIFY(m_app->results());
        const QString started =
            m_app->results()->startedAt.toLocalTime().toString(QStringLiteral("HH:mm"));
        QCOMPARE(marker->label(), QStringLiteral("dashed: synthetic, %1").arg(started));
        QVERIFY2(chart->overlayToolTip().endsWith(QStringLiteral(", before.json")),
                 qPrintable(chart->overlayToolTip()));
        QVERIFY2(m_window->statusBar()->currentMessage().contains(
                     QStringLiteral("synthetic, %1").arg(started)),
                 qPrintable(m_window->statusBar()->currentMessage()));
        // File ▸ Remove Overlay.
        QAction* remove = m_window->actions().removeOverlay;
        QVERIFY(remove->isEnabled());
        QVERIFY(clickMenuItem(m_window.get(), QStringLiteral("File"),
                              QStringLiteral("Remove Overlay")));
        for (TimeSeriesChart* c : m_window->charts())
            QVERIFY(!c->hasOverlay());
        QVERIFY(!remove->isEnabled());
        // A new run stays without it.
        QVERIFY(runWithKeys(synthetic({QStringLiteral("a")}, 100, 500ms)));
        QVERIFY(!chart->hasOverlay());
    }

    // An earlier run is named by its scenario and start (RunView::overlayName): of another
    // day with its date, a run of an unnamed scenario by its start, and by its file's name
    // when the results say neither.
    void overlayNameSaysTheScenarioAndTheStart_data() {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QDateTime>("started");
        QTest::addColumn<QString>("expected");
        QTest::newRow("today") << QStringLiteral("demo")
                               << QDateTime(QDate(2026, 12, 2), QTime(17, 22, 5))
                               << QStringLiteral("demo, 17:22");
        QTest::newRow("another day")
            << QStringLiteral("demo") << QDateTime(QDate(2026, 12, 1), QTime(9, 5, 59))
            << QStringLiteral("demo, 2026-12-01 09:05");
        QTest::newRow("spaces") << QStringLiteral("  checkout\n flow ")
                                << QDateTime(QDate(2026, 12, 2), QTime(8, 0))
                                << QStringLiteral("checkout flow, 08:00");
        QTest::newRow("unnamed") << QString() << QDateTime(QDate(2026, 12, 2), QTime(17, 22))
                                 << QStringLiteral("run of 17:22");
        QTest::newRow("no start") << QStringLiteral("demo") << QDateTime()
                                  << QStringLiteral("demo");
        QTest::newRow("neither") << QString() << QDateTime() << QStringLiteral("earlier.json");
    }
    void overlayNameSaysTheScenarioAndTheStart() {
        QFETCH(QString, scenario);
        QFETCH(QDateTime, started);
        QFETCH(QString, expected);
        RunResults results;
        results.scenario = scenario;
        results.startedAt = started.isValid() ? started.toUTC() : QDateTime();
        QCOMPARE(RunView::overlayName(results, QStringLiteral("earlier.json"),
                                      QDateTime(QDate(2026, 12, 2), QTime(18, 0))),
                 expected);
    }

    void helpLinksDocsAndListsShortcuts() {
        QUrl opened;
        m_window->openUrl = [&opened](const QUrl& url) {
            opened = url;
            return true;
        };
        QTest::keyClick(m_window.get(), Qt::Key_F1);
        QVERIFY(opened.isLocalFile());
        QVERIFY(opened.toLocalFile().endsWith(QStringLiteral("gui.md")));
        QVERIFY(QFile::exists(opened.toLocalFile()));
        QVERIFY(clickMenuItem(m_window.get(), QStringLiteral("Help"),
                              QStringLiteral("Keyboard Shortcuts")));
        QDialog* dialog = nullptr;
        QVERIFY(QTest::qWaitFor(
            [&] {
                return (dialog = m_window->findChild<QDialog*>(QStringLiteral("shortcutsDialog")));
            },
            2000));
        auto* table = dialog->findChild<QTableWidget*>(QStringLiteral("shortcutsTable"));
        QVERIFY(table);
        QStringList rows;
        for (int i = 0; i < table->rowCount(); ++i)
            rows.append(table->item(i, 0)->text() + QLatin1Char(' ') + table->item(i, 1)->text());
        const QString all = rows.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QStringLiteral("F5 Start")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("Esc, Shift+F5 Stop")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("Ctrl+M Smooth Rates")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("Ctrl+Z Undo")), qPrintable(all));
        dialog->close();
    }

    void perWorkerLatencyInALiveRun() {
        QVERIFY(runWithKeys(synthetic({QStringLiteral("api"), QStringLiteral("db")}, 100, 1s)));
        LatencyChart* chart = m_window->latencyChart();
        QComboBox* box = chart->workerBox();
        QCOMPARE(box->count(), 3);
        box->setFocus();
        QTest::keyClick(box, Qt::Key_End); // "db"
        QCOMPARE(chart->worker(), QStringLiteral("db"));
        const QString db = LatencyChart::seriesName(LatencyChart::Kind::Response,
                                                    QStringLiteral("p99"), QStringLiteral("db"));
        QVERIFY(chart->isSeriesVisible(db));
        QVERIFY(chart->pointCount(db) >= 5);
        QVERIFY(!chart->isSeriesVisible(
            LatencyChart::seriesName(LatencyChart::Kind::Response, QStringLiteral("p99"))));
    }

    void errorsTiedToWorkers() {
        // Errors by kind say which workers met them, live and in the results.
        Scenario s = synthetic({QStringLiteral("api"), QStringLiteral("db")}, 200, 1s);
        s.workers[0].target.errorRatio = 0.3;
        s.workers[1].target.errorRatio = 0.05;
        QVERIFY(runWithKeys(s));
        const RunResults& r = *m_app->results();
        const ErrorsModel* model = m_window->errorsPanel()->model();
        QCOMPARE(model->rowCount(), r.total.errorsByKind.size());
        for (int row = 0; row < model->rowCount(); ++row) {
            const QString kind = model->index(row, ErrorsModel::Kind).data().toString();
            const ErrorKind& k = model->errors().at(row);
            QCOMPARE(k.kind, kind);
            qint64 sum = 0;
            for (const QString& w : {QStringLiteral("api"), QStringLiteral("db")}) {
                const qint64 n = qint64(r.worker(w)->errorsByKind.value(kind));
                const auto it = std::find_if(k.workers.cbegin(), k.workers.cend(),
                                             [&](const auto& e) { return e.first == w; });
                QCOMPARE(it == k.workers.cend() ? qint64(0) : it->second, n);
                sum += n;
            }
            QCOMPARE(sum, k.count);
            const QString text = model->index(row, ErrorsModel::Workers).data().toString();
            QVERIFY2(text.startsWith(QStringLiteral("api ")), qPrintable(text)); // most first
        }
        const QString headline = m_window->errorsPanel()->headline();
        QVERIFY2(!headline.contains(QStringLiteral("1 kinds")), qPrintable(headline));
    }

    // The errors panel names a kind's workers most first and, at equal counts, in the
    // summary table's order — a journey, then its steps in the flow's order, then the next
    // worker — not by name, which put "j-b" between the journey and its steps and the steps
    // alphabetically ("j 2, j-b 2, j/add 2, j/search 2"). A journey's steps follow it in
    // brackets: their errors are the journey's too (it failed at them), and listed beside it
    // ("api 3, j 2, j/search 1, j/add 1, j-b 2") the column added up to 9 for a kind of 7.
    // A results file opened with Ctrl+O.
    void errorsListWorkersInTheSummarysOrder() {
        IntervalRecorder::Options options;
        options.manualClock = true;
        options.interval = 250ms;
        IntervalRecorder rec(options);
        const auto t0 = Clock::now();
        rec.start(t0);
        const auto fail = [&](const IntervalRecorder::Sink& sink, int times) {
            for (int i = 0; i < times; ++i) {
                Gossip g;
                g.when = When::AfterTarget;
                g.intended = g.start = t0;
                g.end = t0 + 5ms;
                g.error = Error("http_503", "HTTP 503 Service Unavailable");
                sink.recordCall(g);
            }
        };
        fail(rec.sink(QStringLiteral("j-b")), 2);
        // The journey failed twice, once at each step.
        fail(rec.sink(QStringLiteral("j/add"), 1), 1);
        fail(rec.sink(QStringLiteral("j/search"), 0), 1);
        fail(rec.sink(QStringLiteral("j")), 2);
        fail(rec.sink(QStringLiteral("api")), 3);
        rec.cut(t0 + 250ms);
        rec.finish(t0 + 250ms);
        const QString file = path(QStringLiteral("ties.json"));
        QVERIFY(rec.results().save(file));
        m_nextFile = file;
        QTest::keyClick(m_window.get(), Qt::Key_O, Qt::ControlModifier);
        m_window->errorsDock()->raise();
        QTreeView* view = m_window->errorsPanel()->view();
        QTRY_COMPARE(view->model()->rowCount(), 1);
        QTRY_VERIFY(view->isVisible());
        const QModelIndex workers = view->model()->index(0, ErrorsModel::Workers);
        QVERIFY(view->visualRect(workers).isValid());
        QCOMPARE(workers.data().toString(), QStringLiteral("api 3, j 2 (search 1, add 1), j-b 2"));
        // The numbers outside the brackets add up to the kind's count, as shown.
        const QString count = view->model()->index(0, ErrorsModel::Count).data().toString();
        QCOMPARE(count, QStringLiteral("7"));
        QString outside = workers.data().toString();
        outside.remove(QRegularExpression(QStringLiteral("\\([^)]*\\)")));
        qint64 sum = 0;
        for (const QString& part : outside.split(QStringLiteral(", ")))
            sum += part.trimmed().section(u' ', -1).toLongLong();
        QCOMPARE(QString::number(sum), count);
#ifdef PUSHER_SCREENSHOT_DIR
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QVERIFY(m_window->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/errors-journey-steps-in-brackets.png")));
#endif
        // As the summary table lists them.
        const SummaryModel* summary = m_window->summaryTable()->summaryModel();
        QStringList rows;
        for (int row = 0; row + 1 < summary->rowCount(); ++row)
            rows.append(summary->index(row, 0).data().toString());
        QCOMPARE(rows, (QStringList{QStringLiteral("api"), QStringLiteral("j"),
                                    QStringLiteral("j/search"), QStringLiteral("j/add"),
                                    QStringLiteral("j-b")}));
    }

    void stopCutsAreNotErrors() {
        // Calls in flight when Stop is pressed are cut: the errors panel lists no kind for
        // them and says how many a stop cut, apart from errors and canceled ticks.
        Scenario s = synthetic({QStringLiteral("slow")}, 50, 30s);
        s.workers[0].target.latency.value = 400ms;
        m_app->setScenario(s, QString());
        QSignalSpy finished(m_app->runController(), &RunController::runFinished);
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QVERIFY(m_app->runController()->isRunning());
        // Wait until calls have completed, so that some are surely in flight.
        QTRY_VERIFY_WITH_TIMEOUT(m_window->summaryTable()->summaryModel()->total().completed > 10,
                                 10000);
        QTest::keyClick(m_window.get(), Qt::Key_Escape);
        QVERIFY(finished.count() > 0 || finished.wait(10000));
        const RunResults& r = *m_app->results();
        QVERIFY(r.interrupted);
        QVERIFY(r.total.interrupted > 0);
        const ErrorsModel* model = m_window->errorsPanel()->model();
        QCOMPARE(model->totalCount(), qint64(r.total.errors));
        for (const ErrorKind& k : model->errors())
            QVERIFY2(!k.kind.contains(QStringLiteral("cancel")), qPrintable(k.kind));
        const QString headline = m_window->errorsPanel()->headline();
        QVERIFY2(
            headline.contains(QStringLiteral("%1 call%2 cut by Stop")
                                  .arg(r.total.interrupted)
                                  .arg(r.total.interrupted == 1 ? QString() : QStringLiteral("s"))),
            qPrintable(headline));
        QVERIFY2(headline.contains(QStringLiteral("0 ticks canceled")), qPrintable(headline));
    }

    void reportDrawsWhatTheAppDraws() {
        QVERIFY(runWithKeys(synthetic({QStringLiteral("a"), QStringLiteral("b")}, 200, 1200ms)));
        const QString report = path(QStringLiteral("report.html"));
        QVERIFY(m_app->exportHtml(report));
        QFile f(report);
        QVERIFY(f.open(QIODevice::ReadOnly));
        // The report's total throughput line has as many vertices as the app's.
        QXmlStreamReader xml(&f);
        QString svg;
        int vertices = -1;
        QStringList strokes;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement())
                continue;
            if (xml.name() == QLatin1String("svg"))
                svg = xml.attributes().value(QLatin1String("id")).toString();
            else if (xml.name() == QLatin1String("polyline") &&
                     svg == QLatin1String("chart-throughput")) {
                if (vertices < 0)
                    vertices = int(xml.attributes()
                                       .value(QLatin1String("points"))
                                       .toString()
                                       .split(QLatin1Char(' '), Qt::SkipEmptyParts)
                                       .size());
                strokes.append(xml.attributes().value(QLatin1String("stroke")).toString());
            }
        }
        ThroughputChart* chart = m_window->throughputChart();
        QCOMPARE(vertices, int(chart->pointCount(
                               ThroughputChart::achievedSeries(ThroughputChart::totalIdent()))));
        // Same colours for the workers.
        QCOMPARE(strokes.size(), 3);
        for (int i = 0; i < 2; ++i) {
            const QString worker = i == 0 ? QStringLiteral("a") : QStringLiteral("b");
            QCOMPARE(
                strokes[i + 1],
                chart->lineSeries(ThroughputChart::achievedSeries(worker))->pen().color().name());
        }
    }
};

QTEST_MAIN(TestRunView)
#include "tst_runview.moc"
