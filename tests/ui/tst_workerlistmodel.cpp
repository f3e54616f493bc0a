// WorkerListModel: rows, columns, user actions and the minimal change signals of setWorkers.
#include <pusher/editor/workerlistmodel.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace pusher;
using namespace std::chrono_literals;

namespace {

WorkerSpec worker(const QString& ident, double rps = 10) {
    WorkerSpec w;
    w.ident = ident;
    w.rate.rps = rps;
    return w;
}

QList<WorkerSpec> workers(const QStringList& idents) {
    QList<WorkerSpec> out;
    for (const QString& ident : idents)
        out.append(worker(ident));
    return out;
}

QStringList idents(const WorkerListModel& model) {
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r)
        out.append(model.data(model.index(r, WorkerListModel::IdentColumn)).toString());
    return out;
}

} // namespace

class TestWorkerListModel : public QObject {
    Q_OBJECT
private slots:
    void testerAcrossEveryOperation() {
        WorkerListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setWorkers(workers({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        QCOMPARE(model.addWorker(), 3);
        QCOMPARE(model.duplicateWorker(0), 1);
        QVERIFY(model.moveWorker(0, 3));
        QVERIFY(model.moveWorker(3, 0));
        QVERIFY(model.removeWorker(2));
        QVERIFY(model.setData(model.index(0, WorkerListModel::EnabledColumn), Qt::Unchecked,
                              Qt::CheckStateRole));
        QVERIFY(
            model.setData(model.index(1, WorkerListModel::IdentColumn), QStringLiteral("renamed")));
        model.setProblems({{0, {QStringLiteral("ident: is required")}}});
        model.setWorkers(workers({QStringLiteral("x")}));
        model.setWorkers({});
        model.setWorkers(workers({QStringLiteral("p"), QStringLiteral("q")}));
        QCOMPARE(idents(model), (QStringList{QStringLiteral("p"), QStringLiteral("q")}));
    }

    void columns() {
        WorkerListModel model;
        WorkerSpec w = worker(QStringLiteral("api"), 250);
        w.target.kind = QStringLiteral("http");
        w.overtime = 64;
        w.force = 3;
        w.enabled = false;
        model.setWorkers({w, worker(QStringLiteral("think"))});
        QCOMPARE(model.columnCount(), int(WorkerListModel::ColumnCount));
        QCOMPARE(
            model.data(model.index(0, WorkerListModel::EnabledColumn), Qt::CheckStateRole).toInt(),
            int(Qt::Unchecked));
        QCOMPARE(
            model.data(model.index(1, WorkerListModel::EnabledColumn), Qt::CheckStateRole).toInt(),
            int(Qt::Checked));
        QCOMPARE(model.data(model.index(0, WorkerListModel::IdentColumn)).toString(),
                 QStringLiteral("api"));
        QCOMPARE(model.data(model.index(0, WorkerListModel::KindColumn)).toString(),
                 QStringLiteral("http"));
        QCOMPARE(model.data(model.index(0, WorkerListModel::RateColumn)).toString(),
                 QStringLiteral("250 rps"));
        QCOMPARE(model.data(model.index(0, WorkerListModel::OvertimeColumn)).toString(),
                 QStringLiteral("64"));
        QCOMPARE(model.data(model.index(1, WorkerListModel::OvertimeColumn)).toString(),
                 QStringLiteral("default"));
        QCOMPARE(model.data(model.index(0, WorkerListModel::ForceColumn)).toString(),
                 QStringLiteral("3"));
        QVERIFY(model.flags(model.index(0, WorkerListModel::EnabledColumn)) &
                Qt::ItemIsUserCheckable);
        QVERIFY(model.flags(model.index(0, WorkerListModel::IdentColumn)) & Qt::ItemIsEditable);
        QVERIFY(!(model.flags(model.index(0, WorkerListModel::RateColumn)) & Qt::ItemIsEditable));
        QVERIFY(
            !model.headerData(WorkerListModel::RateColumn, Qt::Horizontal).toString().isEmpty());
        QVERIFY(!model.headerData(WorkerListModel::RateColumn, Qt::Horizontal, Qt::ToolTipRole)
                     .toString()
                     .isEmpty());
    }

    void rateSummary_data() {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("constant") << QStringLiteral("constant") << QStringLiteral("12.5 rps");
        QTest::newRow("ramp") << QStringLiteral("ramp") << QStringLiteral("0→500 rps");
        QTest::newRow("stages") << QStringLiteral("stages") << QStringLiteral("stages ≤500 rps");
        QTest::newRow("max") << QStringLiteral("max") << QStringLiteral("max");
    }
    void rateSummary() {
        QFETCH(QString, mode);
        QFETCH(QString, expected);
        RateSpec r;
        r.rps = 12.5;
        r.to = 500;
        r.stages = {{10s, 100, {}}, {20s, 500, {}}};
        r.mode = mode == u"constant" ? RateSpec::Mode::Constant
                 : mode == u"ramp"   ? RateSpec::Mode::Ramp
                 : mode == u"stages" ? RateSpec::Mode::Stages
                                     : RateSpec::Mode::Max;
        QCOMPARE(WorkerListModel::rateSummary(r), expected);
    }

    void duplicateMakesIdentsUnique() {
        WorkerListModel model;
        model.setWorkers(workers({QStringLiteral("api"), QStringLiteral("db")}));
        QCOMPARE(model.duplicateWorker(0), 1);
        QCOMPARE(model.duplicateWorker(0), 1);
        QCOMPARE(idents(model), (QStringList{QStringLiteral("api"), QStringLiteral("api copy 2"),
                                             QStringLiteral("api copy"), QStringLiteral("db")}));
        // Everything but the ident is copied.
        QCOMPARE(model.workers()[1].rate, model.workers()[0].rate);
        QCOMPARE(model.duplicateWorker(7), -1);
        QCOMPARE(model.duplicateWorker(-1), -1);
    }

    void addMakesIdentsUnique() {
        WorkerListModel model;
        QCOMPARE(model.addWorker(), 0);
        QCOMPARE(model.addWorker(worker(QStringLiteral("worker 1"))), 1);
        QCOMPARE(model.addWorker(), 2);
        QCOMPARE(idents(model),
                 (QStringList{QStringLiteral("worker 1"), QStringLiteral("worker 1 2"),
                              QStringLiteral("worker 3")}));
        // A new worker is valid on its own.
        Scenario s;
        s.workers = model.workers();
        QVERIFY2(s.validate().isEmpty(), qPrintable(s.validate().value(0).toString()));
    }

    void move_data() {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("expected");
        QTest::newRow("down one") << 0 << 1 << true << QStringLiteral("b a c d");
        QTest::newRow("down to end") << 0 << 3 << true << QStringLiteral("b c d a");
        QTest::newRow("up one") << 2 << 1 << true << QStringLiteral("a c b d");
        QTest::newRow("up to top") << 3 << 0 << true << QStringLiteral("d a b c");
        QTest::newRow("same") << 1 << 1 << false << QStringLiteral("a b c d");
        QTest::newRow("past end") << 3 << 4 << false << QStringLiteral("a b c d");
        QTest::newRow("negative") << 0 << -1 << false << QStringLiteral("a b c d");
    }
    void move() {
        QFETCH(int, from);
        QFETCH(int, to);
        QFETCH(bool, ok);
        QFETCH(QString, expected);
        WorkerListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setWorkers(workers(QStringLiteral("a b c d").split(u' ')));
        QSignalSpy edited(&model, &WorkerListModel::edited);
        QCOMPARE(model.moveWorker(from, to), ok);
        QCOMPARE(idents(model).join(u' '), expected);
        QCOMPARE(edited.count(), ok ? 1 : 0);
    }

    void remove() {
        WorkerListModel model;
        model.setWorkers(workers(QStringLiteral("a b c").split(u' ')));
        QSignalSpy edited(&model, &WorkerListModel::edited);
        QVERIFY(model.removeWorker(1));
        QVERIFY(!model.removeWorker(2));
        QVERIFY(!model.removeWorker(-1));
        QCOMPARE(idents(model).join(u' '), QStringLiteral("a c"));
        QCOMPARE(edited.count(), 1);
    }

    // setWorkers reports the smallest change so that a view keeps its selection.
    void setWorkersMinimalSignals_data() {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::addColumn<int>("inserted");
        QTest::addColumn<int>("removed");
        QTest::addColumn<int>("changedRows");
        QTest::newRow("same") << QStringLiteral("a b c") << QStringLiteral("a b c") << 0 << 0 << 0;
        QTest::newRow("insert middle")
            << QStringLiteral("a b c") << QStringLiteral("a x b c") << 1 << 0 << 0;
        QTest::newRow("insert end")
            << QStringLiteral("a b") << QStringLiteral("a b x y") << 2 << 0 << 0;
        QTest::newRow("remove first")
            << QStringLiteral("a b c") << QStringLiteral("b c") << 0 << 1 << 0;
        QTest::newRow("change one")
            << QStringLiteral("a b c") << QStringLiteral("a x c") << 0 << 0 << 1;
        QTest::newRow("swap") << QStringLiteral("a b c d") << QStringLiteral("a c b d") << 0 << 0
                              << 2;
        QTest::newRow("replace two by one")
            << QStringLiteral("a b c d") << QStringLiteral("a x d") << 0 << 1 << 1;
        QTest::newRow("from empty") << QString() << QStringLiteral("a b") << 2 << 0 << 0;
        QTest::newRow("to empty") << QStringLiteral("a b") << QString() << 0 << 2 << 0;
    }
    void setWorkersMinimalSignals() {
        QFETCH(QString, before);
        QFETCH(QString, after);
        QFETCH(int, inserted);
        QFETCH(int, removed);
        QFETCH(int, changedRows);
        WorkerListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setWorkers(workers(before.split(u' ', Qt::SkipEmptyParts)));
        QSignalSpy ins(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy rem(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy edited(&model, &WorkerListModel::edited);
        model.setWorkers(workers(after.split(u' ', Qt::SkipEmptyParts)));
        QCOMPARE(idents(model), after.split(u' ', Qt::SkipEmptyParts));
        auto rows = [](const QSignalSpy& spy, int first, int last) {
            int n = 0;
            for (const QList<QVariant>& args : spy) {
                const int a = args.at(first).value<QModelIndex>().isValid()
                                  ? args.at(first).value<QModelIndex>().row()
                                  : args.at(first).toInt();
                const int b = args.at(last).value<QModelIndex>().isValid()
                                  ? args.at(last).value<QModelIndex>().row()
                                  : args.at(last).toInt();
                n += b - a + 1;
            }
            return n;
        };
        QCOMPARE(rows(ins, 1, 2), inserted);
        QCOMPARE(rows(rem, 1, 2), removed);
        QCOMPARE(rows(changed, 0, 1), changedRows);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(edited.count(), 0);
    }

    void setDataEmitsEdited() {
        WorkerListModel model;
        model.setWorkers(workers({QStringLiteral("a")}));
        QSignalSpy edited(&model, &WorkerListModel::edited);
        QVERIFY(model.setData(model.index(0, WorkerListModel::EnabledColumn), Qt::Unchecked,
                              Qt::CheckStateRole));
        QCOMPARE(model.workers()[0].enabled, false);
        QVERIFY(model.setData(model.index(0, WorkerListModel::IdentColumn), QStringLiteral("b")));
        QCOMPARE(model.workers()[0].ident, QStringLiteral("b"));
        QCOMPARE(edited.count(), 2);
        // Not editable through setData: the rate column.
        QVERIFY(
            !model.setData(model.index(0, WorkerListModel::RateColumn), QStringLiteral("5 rps")));
        model.setProblems({{0, {QStringLiteral("ident: bad")}}});
        QCOMPARE(
            model.data(model.index(0, WorkerListModel::IdentColumn), Qt::ToolTipRole).toString(),
            QStringLiteral("ident: bad"));
        QVERIFY(
            !model.data(model.index(0, WorkerListModel::IdentColumn), Qt::DecorationRole).isNull());
        QCOMPARE(edited.count(), 2);
    }
};

QTEST_MAIN(TestWorkerListModel)
#include "tst_workerlistmodel.moc"
