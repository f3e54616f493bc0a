#include <pusher/ui/errorspanel.h>

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

using namespace pusher;

class TestErrorsPanel : public QObject {
    Q_OBJECT
private slots:
    void treeOfKindsAndSamples() {
        ErrorsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setErrors(
            {{QStringLiteral("timeout"), 10, {QStringLiteral("t1")}},
             {QStringLiteral("refused"), 30, {QStringLiteral("r1"), QStringLiteral("r2")}},
             {QStringLiteral("dns"), 0, {}}});
        QCOMPARE(model.rowCount(), 3);
        // Most frequent first.
        QCOMPARE(model.index(0, ErrorsModel::Kind).data().toString(), QStringLiteral("refused"));
        QCOMPARE(model.index(1, ErrorsModel::Kind).data().toString(), QStringLiteral("timeout"));
        QCOMPARE(model.totalCount(), 40);
        QCOMPARE(model.index(0, ErrorsModel::Share).data(ErrorsModel::ValueRole).toDouble(), 0.75);
        QCOMPARE(model.index(0, ErrorsModel::Share).data().toString(), QStringLiteral("75.0 %"));
        const QModelIndex refused = model.index(0, 0);
        QCOMPARE(model.rowCount(refused), 2);
        QCOMPARE(model.rowCount(model.index(0, ErrorsModel::Count)), 0);
        const QModelIndex sample = model.index(1, 0, refused);
        QCOMPARE(sample.data().toString(), QStringLiteral("r2"));
        QCOMPARE(model.parent(sample), refused);
        QCOMPARE(model.rowCount(sample), 0);
        QCOMPARE(model.rowCount(model.index(2, 0)), 0);
    }

    void updatesInPlaceWhileKindsStay() {
        ErrorsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setErrors(
            {{QStringLiteral("a"), 5, {QStringLiteral("m")}}, {QStringLiteral("b"), 3, {}}});
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setErrors(
            {{QStringLiteral("a"), 6, {QStringLiteral("m2")}}, {QStringLiteral("b"), 3, {}}});
        QCOMPARE(reset.count(), 0);
        QVERIFY(changed.count() >= 2); // row a, its sample, the shares
        QCOMPARE(model.index(0, 0, model.index(0, 0)).data().toString(), QStringLiteral("m2"));
        // b overtakes a: the order changes, the model resets.
        model.setErrors(
            {{QStringLiteral("a"), 6, {QStringLiteral("m2")}}, {QStringLiteral("b"), 9, {}}});
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("b"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void panelHeadline() {
        ErrorsPanel panel;
        QCOMPARE(panel.headline(), QStringLiteral("No errors"));
        QSignalSpy spy(&panel, &ErrorsPanel::errorsChanged);
        panel.setErrors({{QStringLiteral("http_503"), 1200, {QStringLiteral("503")}}}, 7);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toLongLong(), 1200);
        QCOMPARE(spy.at(0).at(1).toLongLong(), 7);
        // One kind is "1 kind", not "1 kinds"; canceled ticks say what they are.
        QCOMPARE(panel.headline(),
                 QLocale().toString(1200) +
                     QStringLiteral(" errors of 1 kind, 7 ticks canceled (overtime full)"));
        panel.setErrors({{QStringLiteral("a"), 1, {}}, {QStringLiteral("b"), 2, {}}}, 1);
        QCOMPARE(panel.headline(),
                 QStringLiteral("3 errors of 2 kinds, 1 tick canceled (overtime full)"));
        QCOMPARE(panel.view()->model(), panel.model());
        panel.clear();
        QCOMPARE(panel.model()->rowCount(), 0);
        QCOMPARE(spy.count(), 3);
    }

    // A sample message spans the row: in the kind column alone it was cut with "…" once
    // the workers column took its room (a panel as wide as at 1024x700, long worker names).
    void sampleMessageHasTheRowsWidth() {
        ErrorsPanel panel;
        panel.resize(650, 200);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const QString sample = QStringLiteral("HTTP 503 Service Unavailable from the upstream "
                                              "load balancer at 10.0.0.1:8443/api/v2/orders");
        panel.setErrors({{QStringLiteral("http_503"),
                          12,
                          {sample},
                          {{QStringLiteral("api-gateway-orders"), 9},
                           {QStringLiteral("inventory-service"), 3}}}},
                        0);
        QTreeView* view = panel.view();
        const QModelIndex kind = panel.model()->index(0, 0);
        const QModelIndex message = panel.model()->index(0, 0, kind);
        QVERIFY(view->isExpanded(kind));
        QTRY_VERIFY(view->visualRect(message).isValid());
        const int needed = view->fontMetrics().horizontalAdvance(sample);
        const QRect shown = view->visualRect(message);
        QVERIFY2(shown.width() >= needed && shown.right() <= view->viewport()->width(),
                 qPrintable(QStringLiteral("%1 px for %2 px of text, viewport %3 px")
                                .arg(shown.width())
                                .arg(needed)
                                .arg(view->viewport()->width())));
        // The kinds keep their columns.
        QVERIFY(view->visualRect(panel.model()->index(0, ErrorsModel::Workers)).isValid());
    }

    void kindsOpenToShowSamplesUnlessClosed() {
        ErrorsPanel panel;
        panel.setErrors({{QStringLiteral("timeout"), 5, {QStringLiteral("t1")}},
                         {QStringLiteral("reset"), 2, {QStringLiteral("r1")}}},
                        0);
        QTreeView* view = panel.view();
        ErrorsModel* model = panel.model();
        QVERIFY(view->isExpanded(model->index(0, 0)));
        QVERIFY(view->isExpanded(model->index(1, 0)));
        // The user closes "reset"; a new kind (a reset of the model) opens, "reset" stays closed.
        view->collapse(model->index(1, 0));
        panel.setErrors({{QStringLiteral("timeout"), 5, {QStringLiteral("t1")}},
                         {QStringLiteral("reset"), 3, {QStringLiteral("r1")}},
                         {QStringLiteral("refused"), 9, {QStringLiteral("f1")}}},
                        0);
        QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("refused"));
        QVERIFY(view->isExpanded(model->index(0, 0)));
        QVERIFY(view->isExpanded(model->index(1, 0)));  // timeout
        QVERIFY(!view->isExpanded(model->index(2, 0))); // reset, closed by the user
        // Opened again, it stays open across the next reset.
        view->expand(model->index(2, 0));
        model->clear();
        panel.setErrors({{QStringLiteral("reset"), 3, {QStringLiteral("r1")}}}, 0);
        QVERIFY(view->isExpanded(model->index(0, 0)));
    }
};

QTEST_MAIN(TestErrorsPanel)
#include "tst_errorspanel.moc"
