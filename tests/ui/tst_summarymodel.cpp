#include <pusher/intervalrecorder.h>
#include <pusher/ui/mainwindow.h>
#include <pusher/ui/rundata.h>
#include <pusher/ui/runview.h>
#include <pusher/ui/summarymodel.h>

#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace pusher;

namespace {

SummaryRow row(const QString& ident, qint64 n) {
    SummaryRow r;
    r.ident = ident;
    r.ticks = n;
    r.started = n - 1;
    r.completed = n - 2;
    r.ok = n - 3;
    r.errors = 1;
    r.canceled = 1;
    r.rps = double(n) / 10;
    r.p50Ms = 1.5;
    r.p90Ms = 3;
    r.p99Ms = 12.34;
    r.maxMs = 2500;
    r.respP50Ms = 2.5;
    r.respP90Ms = 4;
    r.respP99Ms = 12.34;
    r.respMaxMs = 2500;
    r.lagP99Ms = 0.25;
    return r;
}

SummaryRow totalOf(const QList<SummaryRow>& rows) {
    SummaryRow t;
    t.ident = QStringLiteral("total");
    for (const SummaryRow& r : rows) {
        t.ticks += r.ticks;
        t.started += r.started;
        t.completed += r.completed;
        t.ok += r.ok;
        t.errors += r.errors;
        t.canceled += r.canceled;
        t.rps += r.rps;
    }
    return t;
}

// identsShown lists the Worker column of the summary table, top to bottom.
QStringList identsShown(const SummaryModel& model) {
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out.append(model.index(row, SummaryModel::Ident).data().toString());
    return out;
}

} // namespace

class TestSummaryModel : public QObject {
    Q_OBJECT
private slots:
    void rowsAndColumns() {
        SummaryModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), int(SummaryModel::ColumnCount));
        const QList<SummaryRow> rows = {row(QStringLiteral("a"), 1000),
                                        row(QStringLiteral("b"), 20)};
        model.setRows(rows, totalOf(rows));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, SummaryModel::Ident).data().toString(), QStringLiteral("a"));
        QCOMPARE(model.index(2, SummaryModel::Ident).data().toString(), QStringLiteral("total"));
        QCOMPARE(model.index(2, SummaryModel::Ticks).data(SummaryModel::ValueRole).toLongLong(),
                 1020);
        QCOMPARE(model.index(1, SummaryModel::Rps).data(SummaryModel::ValueRole).toDouble(), 2.0);
        QCOMPARE(model.index(0, SummaryModel::P99).data().toString(), QStringLiteral("12.3 ms"));
        // Response time by default, as the latency chart; the headers say which.
        QCOMPARE(model.index(0, SummaryModel::P50).data().toString(), QStringLiteral("2.50 ms"));
        QCOMPARE(model.headerData(SummaryModel::P50, Qt::Horizontal).toString(),
                 QStringLiteral("resp p50"));
        QCOMPARE(model.index(0, SummaryModel::Max).data().toString(), QStringLiteral("2.50 s"));
        QCOMPARE(model.index(0, SummaryModel::LagP99).data().toString(), QStringLiteral("250 µs"));
        QCOMPARE(model.index(2, SummaryModel::LagP99).data().toString(), QStringLiteral("–"));
        QCOMPARE(model.headerData(SummaryModel::LagP99, Qt::Horizontal).toString(),
                 QStringLiteral("lag p99"));
        QVERIFY(model.index(2, 0).data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(!model.index(0, 0).data(Qt::FontRole).isValid());
        QCOMPARE(model.headerData(SummaryModel::Canceled, Qt::Horizontal).toString(),
                 QStringLiteral("Canceled"));
        QVERIFY(!model.headerData(SummaryModel::Canceled, Qt::Horizontal, Qt::ToolTipRole)
                     .toString()
                     .isEmpty());
    }

    // The app's summary table lists a journey's steps right under their worker in the order
    // the journey takes them (login, browse, checkout), not by name (and not below
    // "shop-api", which sorts between "shop" and "shop/…"): live, when the run ends, and for
    // a results file opened later — one written before step_index lists them by name under
    // their worker. The rows come from a real recorder through RunView, as in the app.
    void journeyStepsInTheJourneysOrder() {
        MainWindow window;
        RunView view(&window);
        const SummaryModel& model = *window.summaryTable()->summaryModel();

        IntervalRecorder::Options options;
        options.manualClock = true;
        IntervalRecorder rec(options);
        std::vector<std::shared_ptr<const Snapshot>> snapshots;
        rec.setSnapshotCallback(
            [&](std::shared_ptr<const Snapshot> s) { snapshots.push_back(std::move(s)); });
        const QStringList steps = {QStringLiteral("login"), QStringLiteral("browse"),
                                   QStringLiteral("checkout")};
        std::vector<IntervalRecorder::Sink> sinks;
        for (qsizetype i = 0; i < steps.size(); ++i)
            sinks.push_back(rec.sink(QStringLiteral("shop/") + steps[i], int(i)));
        const auto t0 = Clock::now();
        rec.start(t0);
        for (int k = 0; k < 3; ++k) {
            for (const QString& worker : {QStringLiteral("shop"), QStringLiteral("shop-api")}) {
                Gossip g;
                g.intended = g.start = t0 + std::chrono::milliseconds(10 * k);
                g.when = When::BeforeTarget;
                rec.record(worker, g);
                g.when = When::AfterTarget;
                g.end = g.start + std::chrono::milliseconds(30);
                rec.record(worker, g);
            }
            for (const IntervalRecorder::Sink& sink : sinks) {
                Gossip g;
                g.when = When::AfterTarget;
                g.intended = g.start = t0 + std::chrono::milliseconds(10 * k);
                g.end = g.start + std::chrono::milliseconds(5);
                sink.recordCall(g);
            }
        }
        rec.cut(t0 + std::chrono::milliseconds(250));
        QCOMPARE(snapshots.size(), std::size_t(1));

        const QStringList journey = {QStringLiteral("shop"),        QStringLiteral("shop/login"),
                                     QStringLiteral("shop/browse"), QStringLiteral("shop/checkout"),
                                     QStringLiteral("shop-api"),    QStringLiteral("total")};
        view.data()->beginRun({QStringLiteral("shop"), QStringLiteral("shop-api")}, nullptr, {});
        view.data()->addSnapshot(*snapshots.front());
        QCOMPARE(identsShown(model), journey);
        QCOMPARE(model.index(2, SummaryModel::Completed).data(SummaryModel::ValueRole).toLongLong(),
                 3);

        rec.finish(t0 + std::chrono::milliseconds(300));
        const RunResults results = rec.results();
        view.data()->finishRun(results);
        QCOMPARE(identsShown(model), journey);

        // Saved and opened again.
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("r.json"));
        QString why;
        QVERIFY2(results.save(file, &why), qPrintable(why));
        const auto loaded = RunResults::load(file, &why);
        QVERIFY2(loaded, qPrintable(why));
        view.data()->setResults(*loaded, QStringLiteral("r.json"));
        QCOMPARE(identsShown(model), journey);

        // A file written before step_index: its steps by name, under their worker.
        RunResults old = *loaded;
        for (WorkerResults& w : old.workers)
            w.stepIndex = -1;
        old.sortWorkers();
        view.data()->setResults(old, QStringLiteral("old.json"));
        QCOMPARE(identsShown(model),
                 (QStringList{QStringLiteral("shop"), QStringLiteral("shop/browse"),
                              QStringLiteral("shop/checkout"), QStringLiteral("shop/login"),
                              QStringLiteral("shop-api"), QStringLiteral("total")}));
    }

    void sameWorkersUpdateInPlace() {
        SummaryModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<SummaryRow> rows = {row(QStringLiteral("a"), 10), row(QStringLiteral("b"), 20),
                                  row(QStringLiteral("c"), 30)};
        model.setRows(rows, totalOf(rows));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        rows[1].ticks = 99;
        model.setRows(rows, totalOf(rows));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        // Row b and the total changed: rows 1..3.
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 1);
        QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 3);
        QCOMPARE(model.index(1, SummaryModel::Ticks).data(SummaryModel::ValueRole).toLongLong(),
                 99);

        model.setRows(rows, totalOf(rows));
        QCOMPARE(changed.count(), 1); // nothing changed, nothing emitted

        rows.removeAt(0);
        model.setRows(rows, totalOf(rows));
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 3);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.hasTotal());
    }

    void formatsLatency_data() {
        QTest::addColumn<double>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("unknown") << -1.0 << QStringLiteral("–");
        QTest::newRow("micro") << 0.25 << QStringLiteral("250 µs");
        QTest::newRow("small ms") << 2.5 << QStringLiteral("2.50 ms");
        QTest::newRow("ms") << 125.0 << QStringLiteral("125.0 ms");
        QTest::newRow("seconds") << 1500.0 << QStringLiteral("1.50 s");
    }
    void formatsLatency() {
        QFETCH(double, ms);
        QFETCH(QString, text);
        QCOMPARE(SummaryModel::formatMs(ms), text);
    }

    void tableShowsModel() {
        SummaryTable table;
        QCOMPARE(table.model(), table.summaryModel());
        const QList<SummaryRow> rows = {row(QStringLiteral("a"), 10)};
        table.summaryModel()->setRows(rows, totalOf(rows));
        QCOMPARE(table.model()->rowCount(), 2);
    }
};

QTEST_MAIN(TestSummaryModel)
#include "tst_summarymodel.moc"
