#include <pusher/ui/summarymodel.h>

#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QTest>

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
