// ScenarioEditor: edits made through the real widgets (found by objectName) change the
// scenario, survive a JSON round trip, are validated and marked, and undo exactly.
#include "identcut.h"

#include <pusher/editor/scenarioeditor.h>
#include <pusher/editor/workerlistmodel.h>
#include <pusher/run/scenariorun.h>
#include <pusher/scenario/duration.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QLabel>
#include <QFile>
#include <QFileInfo>
#include <QGroupBox>
#include <QHash>
#include <QIcon>
#include <QImage>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPalette>
#include <QPlainTextEdit>
#include <QTextBlock>
#include <QTextLayout>
#include <QToolTip>
#include <QProcess>
#include <QScopeGuard>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStyle>
#include <QStyleOption>
#include <QStyleOptionViewItem>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>

using namespace pusher;
using namespace std::chrono_literals;

namespace {

Scenario sample() {
    // A realistic scenario with one worker of every kind.
    QFile file(QStringLiteral(PUSHER_SOURCE_DIR "/tests/ui/data/checkout.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    const ScenarioParse parse = Scenario::fromJson(file.readAll());
    if (!parse.ok())
        qFatal("sample scenario: %s", qPrintable(parse.problems.value(0).toString()));
    return parse.scenario;
}

QString L(const char* text) {
    return QString::fromUtf8(text);
}

// replaceText types `text` over a line edit's content, key by key, as a user would.
void replaceText(QLineEdit* e, const QString& text) {
    e->setFocus();
    e->selectAll();
    if (text.isEmpty())
        QTest::keyClick(e, Qt::Key_Backspace);
    else
        QTest::keyClicks(e, text);
}

bool hasProblem(const ScenarioEditor& editor, const QString& path, const QString& message) {
    for (const Problem& p : editor.problems()) {
        if (p.path == path && p.message.contains(message))
            return true;
    }
    return false;
}

// clickInto clicks a line edit (the focus goes there, as for a person) and types `text`
// over its content.
void clickInto(QLineEdit* e, const QString& text) {
    QTest::mouseClick(e, Qt::LeftButton, {}, QPoint(e->width() / 2, e->height() / 2));
    QTest::keyClick(e, Qt::Key_A, Qt::ControlModifier);
    if (text.isEmpty())
        QTest::keyClick(e, Qt::Key_Backspace);
    else
        QTest::keyClicks(e, text);
}

// scrollTo scrolls the worker form to a widget, as a person does before clicking it.
void scrollTo(QScrollArea* scroll, QWidget* x) {
    scroll->ensureWidgetVisible(x, 0, 0);
    QCoreApplication::processEvents();
}

// typeIntoCell types `text` over a table cell with the keyboard (F2, select all, the keys),
// and ends with `end` (Tab commits at once and goes on; Return commits when idle).
bool typeIntoCell(QTableWidget* table, int row, int column, const QString& text, Qt::Key end) {
    table->setFocus();
    table->setCurrentCell(row, column);
    QTest::keyClick(table, Qt::Key_F2);
    QWidget* editor = QApplication::focusWidget();
    if (!qobject_cast<QLineEdit*>(editor))
        return false;
    QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(editor, text);
    QTest::keyClick(editor, end);
    return true;
}

// makePki writes a self-signed certificate (usable as a CA file too) and its key into `dir`
// as ca.pem, client.pem and client.key, with the openssl command; false when it failed.
bool makePki(const QString& dir) {
    QProcess openssl;
    openssl.setWorkingDirectory(dir);
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                   QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                   QStringLiteral("-keyout"), QStringLiteral("client.key"), QStringLiteral("-out"),
                   QStringLiteral("client.pem"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=pusher-test"), QStringLiteral("-days"),
                   QStringLiteral("2")});
    if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0)
        return false;
    return QFile::copy(dir + QStringLiteral("/client.pem"), dir + QStringLiteral("/ca.pem"));
}

// arrowInk counts the pixels of `area` in `image` that stand out from its most common colour
// (an arrow on its button: dark on light, light on dark, greyed when it cannot step); 0 for
// a blank area.
int arrowInk(const QImage& image, const QRect& area) {
    QHash<QRgb, int> counts;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x)
            ++counts[image.pixel(x, y)];
    QRgb common = 0;
    int most = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.value() > most) {
            most = it.value();
            common = it.key();
        }
    }
    int ink = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x)
            ink += std::abs(qGray(image.pixel(x, y)) - qGray(common)) > 30;
    return ink;
}

// darkPalette is a dark palette as pusher --dark sets (light text on dark fields).
QPalette darkPalette() {
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1e, 0x1f, 0x22), text(0xe6, 0xe6, 0xe6);
    for (auto [role, colour] : {std::pair{QPalette::Window, window},
                                {QPalette::Base, base},
                                {QPalette::Button, window},
                                {QPalette::WindowText, text},
                                {QPalette::Text, text},
                                {QPalette::ButtonText, text},
                                {QPalette::Light, QColor(0x3a, 0x3c, 0x40)},
                                {QPalette::Mid, QColor(0x24, 0x25, 0x28)},
                                {QPalette::Dark, QColor(0x18, 0x19, 0x1b)}})
        p.setColor(role, colour);
    return p;
}

// listed is the text of the problem list's lines.
QStringList listed(const ScenarioEditor& editor) {
    QStringList lines;
    auto* list = editor.findChild<QListWidget*>(QStringLiteral("problemsList"));
    for (int i = 0; list && i < list->count(); ++i)
        lines.append(list->item(i)->text());
    return lines;
}

// reread saves and opens the scenario, as the window's Save and Open do.
Scenario reread(const Scenario& s) {
    const ScenarioParse back = Scenario::fromJson(s.toJson());
    if (!back.ok())
        qWarning("reread: %s", qPrintable(back.problems.value(0).toString()));
    return back.scenario;
}

// roundTrips is true when the scenario's file reads back to the same file. (The model
// keeps other kinds' and modes' fields in memory for switching back; files do not.)
bool roundTrips(const Scenario& s) {
    const ScenarioParse back = Scenario::fromJson(s.toJson());
    return back.ok() && back.warnings.isEmpty() && back.scenario.toJson() == s.toJson();
}

} // namespace

#define FIND(Type, var, name)                                                                      \
    auto* var = m_editor->findChild<Type*>(QStringLiteral(name));                                  \
    QVERIFY2(var, name)

class TestScenarioEditor : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<ScenarioEditor> m_editor;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    WorkerSpec current() const {
        return m_editor->scenario().workers.value(m_editor->currentWorker());
    }
    // clickWorker clicks worker `row`'s ident in the table, as a person selects a worker.
    bool clickWorker(int row) {
        auto* workers = m_editor->findChild<QTableView*>(QStringLiteral("workersView"));
        if (!workers)
            return false;
        QTest::mouseClick(
            workers->viewport(), Qt::LeftButton, {},
            workers->visualRect(m_editor->workerModel()->index(row, WorkerListModel::IdentColumn))
                .center());
        return m_editor->currentWorker() == row;
    }
    // ownOvertime selects worker `row`, clicks Overtime's "default" off when it is on (a person
    // does so to type one), and gives the box's text field to type in; nullptr when a part of
    // that is missing.
    QLineEdit* ownOvertime(int row) {
        auto* overtime = m_editor->findChild<QSpinBox*>(QStringLiteral("overtimeSpin"));
        auto* byDefault = m_editor->findChild<QCheckBox*>(QStringLiteral("overtimeDefaultCheck"));
        auto* scroll = m_editor->findChild<QScrollArea*>(QStringLiteral("workerScroll"));
        if (!overtime || !byDefault || !scroll || !clickWorker(row))
            return nullptr;
        scrollTo(scroll, byDefault);
        if (byDefault->isChecked())
            QTest::mouseClick(byDefault, Qt::LeftButton, {}, QPoint(8, byDefault->height() / 2));
        if (!QTest::qWaitFor([&] { return overtime->isEnabled(); }))
            return nullptr;
        return overtime->findChild<QLineEdit*>();
    }
    // clickOn clicks the check box in worker `row`'s On cell, where the style draws it.
    void clickOn(int row) {
        auto* view = m_editor->findChild<QTableView*>(QStringLiteral("workersView"));
        QVERIFY(view);
        const QModelIndex index =
            m_editor->workerModel()->index(row, WorkerListModel::EnabledColumn);
        QStyleOptionViewItem option;
        option.initFrom(view->viewport());
        option.rect = view->visualRect(index);
        option.features = QStyleOptionViewItem::HasCheckIndicator;
        option.checkState = index.data(Qt::CheckStateRole).value<Qt::CheckState>();
        const QRect box =
            view->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, view);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, box.center());
    }
    // idents is the scenario's workers' idents, in order.
    QStringList idents() const {
        QStringList out;
        for (const WorkerSpec& w : m_editor->scenario().workers)
            out.append(w.ident);
        return out;
    }

private slots:
    void init() {
        m_editor = std::make_unique<ScenarioEditor>();
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_editor->workerModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_editor->resize(420, 800);
        m_editor->setScenario(sample());
        m_editor->show();
        m_editor->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_editor.get()));
    }
    void cleanup() {
        m_tester.reset();
        m_editor.reset();
    }

    // The problems list is as tall as its rows, up to 4; a fifth problem scrolls. Each
    // problem is made as a person makes one: text that is not a value typed into a field.
    // (The list kept ~6 lines' height whatever it held.)
    void problemsListGrowsToFourRows() {
        FIND(QListWidget, list, "problemsList");
        FIND(QLineEdit, duration, "durationEdit");
        FIND(QLineEdit, interval, "intervalEdit");
        FIND(QLineEdit, median, "latencyMedianEdit");
        FIND(QLineEdit, p99, "latencyP99Edit");
        FIND(QLineEdit, ident, "identEdit");
        FIND(QScrollArea, scroll, "workerScroll");
        QVERIFY(m_editor->isValid());
        QVERIFY(list->isHidden());
        // rowsHeight is the height of the list's first n rows, as it lays them out.
        const auto rowsHeight = [&](int n) {
            int height = 0;
            for (int i = 0; i < n; ++i)
                height += list->visualItemRect(list->item(i)).height();
            return height + 2 * list->frameWidth();
        };
        const QList<QPair<QLineEdit*, QString>> typed = {{duration, QStringLiteral("1 min")},
                                                         {interval, QStringLiteral("2 sec")},
                                                         {median, QStringLiteral("twenty")},
                                                         {p99, QStringLiteral("lots")},
                                                         {ident, QString()}};
        QList<int> heights;
        for (const auto& [field, text] : typed) {
            scrollTo(scroll, field);
            clickInto(field, text);
            QTest::keyClick(field, Qt::Key_Tab);
            QTRY_COMPARE(list->count(), int(heights.size()) + 1);
            QVERIFY(list->isVisible());
            QCoreApplication::processEvents();
            QTRY_COMPARE(list->height(), rowsHeight(std::min(list->count(), 4)));
            heights.append(list->height());
        }
        QVERIFY2(heights[0] < heights[1] && heights[1] < heights[2] && heights[2] < heights[3],
                 qPrintable(QDebug::toString(heights)));
        // The fifth scrolls: the list shows 4 rows (which, as they are sorted), not 5.
        QVERIFY2(
            list->height() < rowsHeight(5),
            qPrintable(QStringLiteral("%1 px, 5 rows %2").arg(list->height()).arg(rowsHeight(5))));
        QVERIFY(list->verticalScrollBar()->isVisible());
        QVERIFY(list->verticalScrollBar()->maximum() > 0);
    }

    void showsTheScenario() {
        QCOMPARE(m_editor->scenario(), sample());
        QVERIFY2(m_editor->isValid(), qPrintable(m_editor->problems().value(0).toString()));
        QCOMPARE(m_editor->currentWorker(), 0);
        QCOMPARE(m_editor->undoStack()->count(), 0);
        FIND(QLineEdit, name, "nameEdit");
        FIND(QLineEdit, duration, "durationEdit");
        FIND(QComboBox, kind, "kindCombo");
        FIND(QComboBox, distribution, "distributionCombo");
        FIND(QLineEdit, median, "latencyMedianEdit");
        FIND(QTableWidget, stages, "stagesTable");
        FIND(QListWidget, thresholds, "thresholdsList");
        QCOMPARE(name->text(), QStringLiteral("checkout"));
        QCOMPARE(duration->text(), QStringLiteral("1m"));
        QCOMPARE(kind->currentText(), QStringLiteral("synthetic"));
        QCOMPARE(distribution->currentText(), QStringLiteral("lognormal"));
        QCOMPARE(median->text(), QStringLiteral("20ms"));
        QVERIFY(median->isVisible());
        QCOMPARE(stages->rowCount(), 2);
        QCOMPARE(stages->item(1, 0)->text(), QStringLiteral("20s"));
        QCOMPARE(stages->item(1, 1)->text(), QStringLiteral("500"));
        QCOMPARE(thresholds->count(), 3);
        QCOMPARE(m_editor->workerModel()->rowCount(), 4);
    }

    void editScenarioFields() {
        FIND(QLineEdit, name, "nameEdit");
        FIND(QLineEdit, duration, "durationEdit");
        FIND(QLineEdit, interval, "intervalEdit");
        QSignalSpy changed(m_editor.get(), &ScenarioEditor::scenarioChanged);
        replaceText(name, QStringLiteral("checkout v2"));
        replaceText(duration, QStringLiteral("1m30s"));
        replaceText(interval, QStringLiteral("500ms"));
        QCOMPARE(m_editor->scenario().name, QStringLiteral("checkout v2"));
        QCOMPARE(m_editor->scenario().duration, Duration(90s));
        QCOMPARE(m_editor->scenario().interval, Duration(500ms));
        const Scenario back = reread(m_editor->scenario());
        QCOMPARE(back.name, QStringLiteral("checkout v2"));
        QCOMPARE(back.duration, Duration(90s));
        QCOMPARE(back.interval, Duration(500ms));
        QVERIFY(changed.count() >= 3);
        QVERIFY(m_editor->isValid());
        QVERIFY(roundTrips(m_editor->scenario()));
        // Typing one field is one undo step per field.
        QCOMPARE(m_editor->undoStack()->count(), 3);
    }

    void editHttpWorker() {
        m_editor->setCurrentWorker(1);
        FIND(QStackedWidget, stack, "targetStack");
        FIND(QComboBox, method, "methodCombo");
        FIND(QLineEdit, url, "urlEdit");
        FIND(QTableWidget, headers, "headersTable");
        FIND(QToolButton, headerAdd, "headerAddButton");
        FIND(QPlainTextEdit, body, "bodyEdit");
        FIND(QLineEdit, timeout, "httpTimeoutEdit");
        FIND(QLineEdit, status, "expectStatusEdit");
        FIND(QComboBox, version, "versionCombo");
        FIND(QCheckBox, insecure, "insecureCheck");
        FIND(QCheckBox, follow, "followRedirectsCheck");
        FIND(QSpinBox, streams, "streamsSpin");
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("httpPage"));
        QCOMPARE(url->text(), QStringLiteral("http://127.0.0.1:8080/orders"));
        QCOMPARE(headers->rowCount(), 1);

        method->setCurrentIndex(method->findText(QStringLiteral("PUT")));
        replaceText(url, QStringLiteral("https://127.0.0.1:8443/orders/1"));
        headerAdd->click();
        QCOMPARE(headers->rowCount(), 2);
        // The new row's name is open for typing; Tab goes on to its value.
        QVERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget()));
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("X-Trace"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QVERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget()));
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("on"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QTRY_COMPARE(headers->item(1, 1)->text(), QStringLiteral("on"));
        body->setFocus();
        body->selectAll();
        QTest::keyClicks(body, QStringLiteral("{\"sku\": 7}"));
        replaceText(timeout, QStringLiteral("1.5s"));
        replaceText(status, QStringLiteral("200, 204"));
        version->setCurrentIndex(version->findText(QStringLiteral("2")));
        insecure->click();
        follow->click();
        QCOMPARE(streams->value(), 1);
        streams->setFocus();
        QTest::keyClick(streams, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(streams, QStringLiteral("10"));
        QTest::keyClick(streams, Qt::Key_Tab);

        const TargetSpec t = current().target;
        QCOMPARE(t.method, QStringLiteral("PUT"));
        QCOMPARE(t.url, QStringLiteral("https://127.0.0.1:8443/orders/1"));
        const QList<QPair<QString, QString>> expectedHeaders = {
            {QStringLiteral("Content-Type"), QStringLiteral("application/json")},
            {QStringLiteral("X-Trace"), QStringLiteral("on")}};
        QCOMPARE(t.headers, expectedHeaders);
        QCOMPARE(t.body, QStringLiteral("{\"sku\": 7}"));
        QCOMPARE(t.timeout, Duration(1500ms));
        QCOMPARE(t.expectStatus, (QList<int>{200, 204}));
        QCOMPARE(t.httpVersion, QStringLiteral("2"));
        QVERIFY(t.insecure);
        QVERIFY(t.followRedirects);
        QCOMPARE(t.streams, 10);
        QVERIFY(m_editor->scenario().toJson().contains("\"streams\": 10"));
        QVERIFY2(m_editor->isValid(), qPrintable(m_editor->problems().value(0).toString()));
        QVERIFY(roundTrips(m_editor->scenario()));
        QCOMPARE(reread(m_editor->scenario()).workers[1].target, t);
    }

    // "Body must contain", typed as a person does: on the HTTP page and in a flow's step
    // (with an extracted value), saved, read back; emptied, the key is left out of the file.
    void typingTheBodyCheckSavesIt() {
        FIND(QTableView, workers, "workersView");
        FIND(QScrollArea, scroll, "workerScroll");
        const QRect apiRow =
            workers->visualRect(m_editor->workerModel()->index(1, WorkerListModel::IdentColumn));
        QTest::mouseClick(workers->viewport(), Qt::LeftButton, {}, apiRow.center());
        QCOMPARE(m_editor->currentWorker(), 1);
        FIND(QLineEdit, expectBody, "expectBodyEdit");
        QCOMPARE(expectBody->text(), QString());
        QCOMPARE(expectBody->placeholderText(), QStringLiteral("not checked"));
        scrollTo(scroll, expectBody);
        QVERIFY(expectBody->isVisible());
        clickInto(expectBody, QStringLiteral("\"status\":\"ok\""));
        QTest::keyClick(expectBody, Qt::Key_Tab);
        QCOMPARE(current().target.expectBody, QStringLiteral("\"status\":\"ok\""));
        QVERIFY2(m_editor->isValid(), qPrintable(m_editor->problems().value(0).toString()));
        const QByteArray saved = m_editor->scenario().toJson();
        QVERIFY2(saved.contains("\"expect_body\": \"\\\"status\\\":\\\"ok\\\"\""),
                 saved.constData());
        QVERIFY(roundTrips(m_editor->scenario()));
        QCOMPARE(reread(m_editor->scenario()).workers[1].target.expectBody,
                 QStringLiteral("\"status\":\"ok\""));
        // One undo step; Ctrl+Z empties the field again.
        expectBody->setFocus();
        QTest::keyClick(expectBody, Qt::Key_Z, Qt::ControlModifier);
        QTRY_COMPARE(current().target.expectBody, QString());
        QTest::keyClick(expectBody, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE(current().target.expectBody, QStringLiteral("\"status\":\"ok\""));
        clickInto(expectBody, QString());
        QTest::keyClick(expectBody, Qt::Key_Tab);
        QCOMPARE(current().target.expectBody, QString());
        QVERIFY(!m_editor->scenario().toJson().contains("expect_body"));

        // A flow's step: the value the login extracts, ${token}.
        QFile file(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const ScenarioParse parse = Scenario::fromJson(file.readAll());
        QVERIFY(parse.ok());
        m_editor->setScenario(parse.scenario); // File ▸ Open
        FIND(QListWidget, steps, "flowStepsList");
        FIND(QLineEdit, stepExpectBody, "stepExpectBodyEdit");
        scrollTo(scroll, steps);
        QTest::mouseClick(steps->viewport(), Qt::LeftButton, {},
                          steps->visualItemRect(steps->item(1)).center());
        QCOMPARE(steps->currentRow(), 1);
        scrollTo(scroll, stepExpectBody);
        QVERIFY(stepExpectBody->isVisible());
        clickInto(stepExpectBody, QStringLiteral("token ${token}"));
        QTest::keyClick(stepExpectBody, Qt::Key_Tab);
        QCOMPARE(m_editor->scenario().workers[0].target.steps[1].expectBody,
                 QStringLiteral("token ${token}"));
        QVERIFY2(m_editor->isValid(), qPrintable(m_editor->problems().value(0).toString()));
        QVERIFY(roundTrips(m_editor->scenario()));
        QCOMPARE(reread(m_editor->scenario()).workers[0].target.steps[1].expectBody,
                 QStringLiteral("token ${token}"));
        // Another step shows its own (none); back on step 2, the text is there.
        QTest::mouseClick(steps->viewport(), Qt::LeftButton, {},
                          steps->visualItemRect(steps->item(0)).center());
        QTRY_COMPARE(stepExpectBody->text(), QString());
        QTest::mouseClick(steps->viewport(), Qt::LeftButton, {},
                          steps->visualItemRect(steps->item(1)).center());
        QTRY_COMPARE(stepExpectBody->text(), QStringLiteral("token ${token}"));
        // A value only a later step extracts: a problem named by the field's label.
        clickInto(stepExpectBody, QStringLiteral("${order}"));
        QTest::keyClick(stepExpectBody, Qt::Key_Tab);
        QVERIFY(!m_editor->isValid());
        QTRY_VERIFY2(listed(*m_editor).join(u'\n').contains(
                         QStringLiteral("${order} is extracted by this or a later step")),
                     qPrintable(listed(*m_editor).join(u'\n')));
        QTRY_COMPARE(stepExpectBody->property("invalid").toBool(), true);
    }

    // TLS fields and the data file, as a person does it: click the worker's row, click into
    // each field and type, pick the CSV file in the file dialog, choose the mode with the
    // keyboard; problems are named by the fields' labels. Saved to a file and opened in a new
    // editor, every field shows what was typed, and the preview shows the file's rows.
    void tlsAndDataFileByKeyboardAndMouse() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        {
            QFile csv(dir.filePath(QStringLiteral("users.csv")));
            QVERIFY(csv.open(QIODevice::WriteOnly));
            csv.write("id,email\n1,ada@example.com\n2,\"grace, hopper\"\n3,linus@example.com\n");
        }
        const QString scenarioPath = dir.filePath(QStringLiteral("scenario.json"));
        // The files and the variable the run will read are there: nothing for the run's
        // check to refuse.
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("pki")));
        QVERIFY(makePki(dir.filePath(QStringLiteral("pki"))));
        QTRY_VERIFY(!m_editor->isChecking()); // the check reads no variable while it changes
        qputenv("KEY_PASS", "unused: the key is not encrypted");
        m_editor->setBaseDir(dir.path()); // the window does it for a file opened or saved

        FIND(QTableView, workers, "workersView");
        const QRect apiRow =
            workers->visualRect(m_editor->workerModel()->index(1, WorkerListModel::IdentColumn));
        QTest::mouseClick(workers->viewport(), Qt::LeftButton, {}, apiRow.center());
        QCOMPARE(m_editor->currentWorker(), 1);

        FIND(QCheckBox, insecure, "insecureCheck");
        FIND(QLineEdit, caFile, "caFileEdit");
        FIND(QLineEdit, clientCert, "clientCertEdit");
        FIND(QLineEdit, clientKey, "clientKeyEdit");
        FIND(QLineEdit, passphrase, "clientKeyPassphraseEdit");
        FIND(QLineEdit, serverName, "serverNameEdit");
        FIND(QLineEdit, dataFile, "dataFileEdit");
        FIND(QToolButton, dataBrowse, "dataBrowseButton");
        FIND(QComboBox, dataMode, "dataModeCombo");
        FIND(QTableWidget, preview, "dataPreviewTable");
        FIND(QLabel, dataStatus, "dataStatusLabel");
        for (QWidget* x : std::initializer_list<QWidget*>{caFile, clientCert, clientKey, passphrase,
                                                          serverName, dataFile, dataMode})
            QVERIFY2(x->isVisible(), qPrintable(x->objectName()));
        QCOMPARE(dataStatus->text(), QStringLiteral("No data file."));

        QTest::mouseClick(insecure, Qt::LeftButton, {}, QPoint(8, insecure->height() / 2));
        QVERIFY(current().target.insecure);
        clickInto(caFile, QStringLiteral("pki/ca.pem"));
        // A passphrase without a certificate: named by its label, marked, Start refused.
        clickInto(passphrase, QStringLiteral("${KEY_PASS}"));
        QVERIFY(!m_editor->isValid());
        QVERIFY2(listed(*m_editor).contains(
                     QStringLiteral("Worker api › Key passphrase: needs client_cert")),
                 qPrintable(listed(*m_editor).join(u'\n')));
        QCOMPARE(passphrase->property("invalid").toBool(), true);
        clickInto(clientCert, QStringLiteral("pki/client.pem"));
        clickInto(clientKey, QStringLiteral("pki/client.key"));
        QVERIFY2(m_editor->isValid(), qPrintable(listed(*m_editor).join(u'\n')));
        QCOMPARE(passphrase->property("invalid").toBool(), false);
        // A server name that is no host name.
        clickInto(serverName, QStringLiteral("api_pusher"));
        QVERIFY2(listed(*m_editor).contains(QStringLiteral(
                     "Worker api › Server name: \"api_pusher\" is not a host name (letters, "
                     "digits, '-' and '.')")),
                 qPrintable(listed(*m_editor).join(u'\n')));
        clickInto(serverName, QStringLiteral("api.pusher.test"));
        QVERIFY(m_editor->isValid());

        // The file dialog: type the name and press Enter, as a person does.
        QTimer typer;
        int seen = 0;
        connect(&typer, &QTimer::timeout, this, [&] {
            auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            ++seen;
            auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
            if (name && seen == 3) { // the dialog has laid itself out
                QTest::keyClicks(name, QStringLiteral("users.csv"));
                QTest::keyClick(name, Qt::Key_Return);
            } else if (seen > 100) {
                dialog->reject(); // never hang the test
            }
        });
        typer.start(50);
        QTest::mouseClick(dataBrowse, Qt::LeftButton);
        typer.stop();
        QVERIFY(seen >= 3);
        // Beside the scenario: kept relative.
        QCOMPARE(dataFile->text(), QStringLiteral("users.csv"));
        QCOMPARE(current().data.file, QStringLiteral("users.csv"));
        QCOMPARE(preview->columnCount(), 2);
        QCOMPARE(preview->horizontalHeaderItem(0)->text(), QStringLiteral("id"));
        QCOMPARE(preview->horizontalHeaderItem(1)->text(), QStringLiteral("email"));
        QCOMPARE(preview->rowCount(), 3);
        QCOMPARE(preview->item(1, 1)->text(), QStringLiteral("grace, hopper")); // unquoted
        QCOMPARE(dataStatus->text(), QStringLiteral("3 rows, columns: id, email"));
        dataMode->setFocus();
        QTest::keyClick(dataMode, Qt::Key_Down);
        QTest::keyClick(dataMode, Qt::Key_Down);
        QCOMPARE(current().data.mode, QStringLiteral("unique"));
        // A file that is not there: said under the field, the preview empty.
        clickInto(dataFile, QStringLiteral("nope.csv"));
        QVERIFY2(dataStatus->text().startsWith(QStringLiteral("Cannot read ") +
                                               dir.filePath(QStringLiteral("nope.csv"))),
                 qPrintable(dataStatus->text()));
        QCOMPARE(preview->rowCount(), 0);
        clickInto(dataFile, QStringLiteral("users.csv"));
        QCOMPARE(preview->rowCount(), 3);
        QTRY_VERIFY(!m_editor->isChecking()); // the run's check of the files, as they are now
        QVERIFY2(m_editor->isValid(), qPrintable(listed(*m_editor).join(u'\n')));

        // Save, as the window does, and open it in a new editor.
        {
            QFile out(scenarioPath);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(m_editor->scenario().toJson());
        }
        QFile in(scenarioPath);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QByteArray saved = in.readAll();
        QVERIFY(saved.contains("\"client_key_passphrase\": \"${KEY_PASS}\""));
        QVERIFY(saved.contains("\"data\": {\"file\": \"users.csv\", \"mode\": \"unique\"}") ||
                saved.contains("\"file\": \"users.csv\""));
        const ScenarioParse opened = Scenario::fromJson(saved);
        QVERIFY(opened.ok());
        ScenarioEditor reopened;
        reopened.resize(420, 800);
        reopened.setBaseDir(dir.path());
        reopened.setScenario(opened.scenario);
        reopened.show();
        QVERIFY(QTest::qWaitForWindowExposed(&reopened));
        auto* table = reopened.findChild<QTableView*>(QStringLiteral("workersView"));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                          table->visualRect(reopened.workerModel()->index(1, 1)).center());
        QCOMPARE(reopened.currentWorker(), 1);
        auto field = [&](const char* name) {
            auto* e = reopened.findChild<QLineEdit*>(QLatin1String(name));
            return e ? e->text() : QStringLiteral("(no %1)").arg(QLatin1String(name));
        };
        QVERIFY(reopened.findChild<QCheckBox*>(QStringLiteral("insecureCheck"))->isChecked());
        QCOMPARE(field("caFileEdit"), QStringLiteral("pki/ca.pem"));
        QCOMPARE(field("clientCertEdit"), QStringLiteral("pki/client.pem"));
        QCOMPARE(field("clientKeyEdit"), QStringLiteral("pki/client.key"));
        QCOMPARE(field("clientKeyPassphraseEdit"), QStringLiteral("${KEY_PASS}"));
        QCOMPARE(field("serverNameEdit"), QStringLiteral("api.pusher.test"));
        QCOMPARE(field("dataFileEdit"), QStringLiteral("users.csv"));
        QCOMPARE(reopened.findChild<QComboBox*>(QStringLiteral("dataModeCombo"))->currentText(),
                 QStringLiteral("unique"));
        auto* previewAgain = reopened.findChild<QTableWidget*>(QStringLiteral("dataPreviewTable"));
        QCOMPARE(previewAgain->rowCount(), 3);
        QCOMPARE(previewAgain->item(2, 1)->text(), QStringLiteral("linus@example.com"));
        QTRY_VERIFY(!reopened.isChecking());
        QVERIFY2(reopened.isValid(), qPrintable(listed(reopened).join(u'\n')));
        QTRY_VERIFY(!m_editor->isChecking());
        qunsetenv("KEY_PASS");
    }

    // A backslash typed last in a one-line escaped field (tcp's Expect) is named so: the
    // message named the character after it, which is none, a NUL that the list drew as a box
    // (`unknown escape "\▯"`). Typing the second backslash makes it one.
    void aBackslashAtTheEndIsNamed() {
        FIND(QLineEdit, expect, "expectEdit");
        FIND(QScrollArea, scroll, "workerScroll");
        QVERIFY(clickWorker(2)); // cache, tcp
        scrollTo(scroll, expect);
        clickInto(expect, L("PONG\\"));
        QTest::keyClick(expect, Qt::Key_Tab);
        const QStringList lines = listed(*m_editor);
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines.first(), L("Worker cache › Expect: a \"\\\" at the end escapes nothing "
                                  "(write \\\\ for a backslash)"));
        QVERIFY(!lines.first().contains(QChar(0)));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab, Qt::ShiftModifier);
        QTRY_COMPARE(QApplication::focusWidget(), expect);
        QTest::keyClick(expect, Qt::Key_End);
        QTest::keyClicks(expect, L("\\"));
        QCOMPARE(current().target.expect, L("PONG\\"));
        QVERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
    }

    // A comma typed into a rate or a ratio is the decimal point, and shows as one: the C
    // locale read it as a group separator, so "1,5" typed as api's RPS became 15 rps, ten
    // times the rate meant, and "0,05" as think's error ratio 0.
    void aCommaTypedIsTheDecimalPoint() {
        FIND(QDoubleSpinBox, rps, "rpsSpin");
        FIND(QDoubleSpinBox, errorRatio, "errorRatioSpin");
        FIND(QScrollArea, scroll, "workerScroll");
        QVERIFY(clickWorker(1)); // api: 200 rps
        scrollTo(scroll, rps);
        QTest::mouseClick(rps, Qt::LeftButton);
        QTest::keyClick(rps, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(rps, L("1,5"));
        QTest::keyClick(rps, Qt::Key_Tab);
        QCOMPARE(current().rate.rps, 1.5);
        QCOMPARE(rps->text(), L("1.5 rps"));

        QVERIFY(clickWorker(0)); // think: synthetic, error ratio 0.01
        scrollTo(scroll, errorRatio);
        QTest::mouseClick(errorRatio, Qt::LeftButton);
        QTest::keyClick(errorRatio, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(errorRatio, L("0,05"));
        QTest::keyClick(errorRatio, Qt::Key_Tab);
        QCOMPARE(current().target.errorRatio, 0.05);
        QCOMPARE(errorRatio->text(), L("0.05"));
        QVERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
    }

    // A stage's RPS cell and the RPS box read the same keys the same way (readNumber), in
    // the C locale and in one with a decimal comma: "1,5" is 1.5 in both (the cell refused
    // it, where the box read 1.5), "1.500" is 1.5, "1,500" is ambiguous (fifteen hundred, or
    // one and a half) and "1,000,000" has thousands separators: listed in both, saying how to
    // write it, the rate kept. (Before that the cell read "1,500" as 1500 where the box read
    // 1.5.)
    void stageCellsReadNumbersAsTheRpsBox() {
        FIND(QTableWidget, stages, "stagesTable");
        FIND(QDoubleSpinBox, rps, "rpsSpin");
        FIND(QScrollArea, scroll, "workerScroll");
        struct Case {
            QString typed;
            double value;
            QString says;
        };
        const QList<Case> cases = {
            {L("1,5"), 1.5, {}},
            {L("0,25"), 0.25, {}},
            {L("1.500"), 1.5, {}},
            {L("12,2500"), 12.25, {}},
            {L("1,500"), 0,
             L("\"1,500\" is ambiguous: a comma before three digits is a thousands separator or a "
               "decimal comma (write 1500 or 1.5, no thousands separators)")},
            {L("1,000,000"), 0,
             L("\"1,000,000\" is not a number (no thousands separators: write 1000000)")},
        };
        for (const QLocale& locale : {QLocale::c(), QLocale(QLocale::German, QLocale::Germany)}) {
            const QLocale before;
            QLocale::setDefault(locale);
            const auto back = qScopeGuard([&] { QLocale::setDefault(before); });
            for (const Case& c : cases) {
                const QString what = locale.name() + L(" ") + c.typed + L(": ");
                // The RPS box: api's, 200 rps.
                QVERIFY(clickWorker(1));
                scrollTo(scroll, rps);
                QTest::mouseClick(rps, Qt::LeftButton);
                QTest::keyClick(rps, Qt::Key_A, Qt::ControlModifier);
                QTest::keyClicks(rps, c.typed);
                QTest::keyClick(rps, Qt::Key_Tab);
                if (c.says.isEmpty()) {
                    QCOMPARE(current().rate.rps, c.value);
                    QCOMPARE(rps->text(), QString::number(c.value) + L(" rps"));
                    QVERIFY2(listed(*m_editor).isEmpty(),
                             qPrintable(what + listed(*m_editor).join(u'\n')));
                } else {
                    QVERIFY2(listed(*m_editor).contains(L("Worker api › RPS: ") + c.says),
                             qPrintable(what + listed(*m_editor).join(u'\n')));
                    QCOMPARE(current().rate.rps, 200.0);
                    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Z, Qt::ControlModifier);
                    QVERIFY(m_editor->unparsedText().isEmpty());
                }
                QTest::mouseClick(rps, Qt::LeftButton);
                QTest::keyClick(rps, Qt::Key_A, Qt::ControlModifier);
                QTest::keyClicks(rps, L("200"));
                QTest::keyClick(rps, Qt::Key_Tab);
                QCOMPARE(current().rate.rps, 200.0);

                // The same keys in think's stage 2 (500 rps).
                QVERIFY(clickWorker(0));
                scrollTo(scroll, stages);
                QVERIFY(typeIntoCell(stages, 1, 1, c.typed, Qt::Key_Return));
                if (c.says.isEmpty()) {
                    QTRY_COMPARE(current().rate.stages[1].rps, c.value);
                    QVERIFY2(listed(*m_editor).isEmpty(),
                             qPrintable(what + listed(*m_editor).join(u'\n')));
                } else {
                    const QString line = L("Worker think › Stage 2 RPS: ") + c.says;
                    QTRY_VERIFY2(listed(*m_editor).contains(line),
                                 qPrintable(what + listed(*m_editor).join(u'\n')));
                    QCOMPARE(current().rate.stages[1].rps, 500.0);
                    QVERIFY(!m_editor->isValid());
                    if (c.typed == u"1,500" && locale == QLocale::c()) {
                        m_editor->resize(std::max(360, m_editor->minimumSizeHint().width()), 700);
                        QCoreApplication::processEvents();
                        scrollTo(scroll, stages);
                        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
                        QVERIFY(m_editor->grab().save(
                            QStringLiteral(PUSHER_SCREENSHOT_DIR "/stage-rps-comma-360x700.png")));
                    }
                }
                QVERIFY(typeIntoCell(stages, 1, 1, L("500"), Qt::Key_Return));
                QTRY_COMPARE(current().rate.stages[1].rps, 500.0);
                QTRY_VERIFY2(listed(*m_editor).isEmpty(),
                             qPrintable(what + listed(*m_editor).join(u'\n')));
            }
        }
    }

    // The synthetic worker's Error ratio takes a percentage as a threshold's error_rate does
    // ("error_rate < 5%"): "5%" is 0.05 and shows so; it was '"5%" is not a number'.
    void anErrorRatioTakesAPercentage() {
        FIND(QDoubleSpinBox, errorRatio, "errorRatioSpin");
        FIND(QScrollArea, scroll, "workerScroll");
        QVERIFY(clickWorker(0)); // think: synthetic, error ratio 0.01
        scrollTo(scroll, errorRatio);
        const auto type = [&](const QString& text) {
            QTest::mouseClick(errorRatio, Qt::LeftButton);
            QTest::keyClick(errorRatio, Qt::Key_A, Qt::ControlModifier);
            QTest::keyClicks(errorRatio, text);
            QTest::keyClick(errorRatio, Qt::Key_Tab);
        };
        for (const auto& [typed, ratio, shown] :
             {std::tuple{L("5%"), 0.05, L("0.05")}, std::tuple{L("0,5 %"), 0.005, L("0.005")},
              std::tuple{L("100%"), 1.0, L("1")}, std::tuple{L("0.2"), 0.2, L("0.2")}}) {
            type(typed);
            QCOMPARE(current().target.errorRatio, ratio);
            QCOMPARE(errorRatio->text(), shown);
            QVERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
        }
        // More than all: the validator's range, as 1.5 typed.
        type(L("150%"));
        QCOMPARE(current().target.errorRatio, 1.5);
        QCOMPARE(listed(*m_editor),
                 QStringList{L("Worker think › Error ratio: must be from 0 to 1")});
        type(L("abc%"));
        QCOMPARE(current().target.errorRatio, 1.5);
        QVERIFY2(listed(*m_editor).contains(
                     L("Worker think › Error ratio: \"abc%\" is not a percentage (e.g. 5%, or "
                       "0.05)")),
                 qPrintable(listed(*m_editor).join(u'\n')));
        type(L("1%"));
        QCOMPARE(current().target.errorRatio, 0.01);
        QVERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
    }

    // Expected statuses take spaces between them as Hosts does: "200 204" was '"200 204" is
    // not a status code', on the HTTP page and a flow step's.
    void statusesTakeSpacesAsHostsDo() {
        FIND(QLineEdit, status, "expectStatusEdit");
        FIND(QScrollArea, scroll, "workerScroll");
        QVERIFY(clickWorker(1)); // api: 200, 201
        scrollTo(scroll, status);
        for (const QString& typed :
             {L("200 204"), L("200,204"), L(" 200 ,  204 "), L("200, 204")}) {
            clickInto(status, typed);
            QTest::keyClick(status, Qt::Key_Tab);
            QCOMPARE(current().target.expectStatus, (QList<int>{200, 204}));
            QVERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
            QCOMPARE(status->text(), typed); // kept as typed: it means those statuses
        }
        clickInto(status, L("200 20x"));
        QTest::keyClick(status, Qt::Key_Tab);
        QCOMPARE(listed(*m_editor), QStringList{L("Worker api › Status: \"20x\" is not a "
                                                  "status code (expected e.g. 200, 204)")});
        QCOMPARE(current().target.expectStatus, (QList<int>{200, 204}));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(status->text(), L("200, 204"));

        QFile file(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        m_editor->setScenario(Scenario::fromJson(file.readAll()).scenario); // File ▸ Open
        FIND(QLineEdit, stepStatus, "stepStatusEdit");
        scrollTo(scroll, stepStatus);
        clickInto(stepStatus, L("200 201"));
        QTest::keyClick(stepStatus, Qt::Key_Tab);
        QCOMPARE(current().target.steps[0].expectStatus, (QList<int>{200, 201}));
        QVERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
    }

    // A data file's name typed with spaces around it is listed saying so, and whether the
    // name without them is there: it said "…/ users.csv : no such file", the spaces unseen.
    // The line under the field says it too.
    void aDataFileNamedWithSpacesSaysSo() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile csv(dir.filePath(L("users.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("id,email\n1,ada@example.com\n");
        csv.close();
        m_editor->setBaseDir(dir.path());
        FIND(QLineEdit, dataFile, "dataFileEdit");
        FIND(QLabel, dataStatus, "dataStatusLabel");
        FIND(QScrollArea, scroll, "workerScroll");
        QVERIFY(clickWorker(1)); // api, http
        scrollTo(scroll, dataFile);
        clickInto(dataFile, L(" users.csv "));
        const QString note = L(": the name \" users.csv \" starts and ends with spaces (without "
                               "them, users.csv is there)");
        const QString line = L("Worker api › Data file: ") + dir.path() +
                             L("/ users.csv : no such "
                               "file") +
                             note;
        QTRY_VERIFY2(listed(*m_editor).contains(line), qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY2(dataStatus->text().endsWith(note), qPrintable(dataStatus->text()));
        QVERIFY(!m_editor->isValid());
        m_editor->resize(std::max(360, m_editor->minimumSizeHint().width()), 700); // the dock's
        QCoreApplication::processEvents();
        scrollTo(scroll, dataStatus);
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QVERIFY(m_editor->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/data-file-spaces-360x700.png")));
        clickInto(dataFile, L("users.csv"));
        QTRY_VERIFY(!m_editor->isChecking());
        QTRY_VERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
        QCOMPARE(dataStatus->text(), L("1 row, columns: id, email"));
    }

    // A program typed with its arguments ("echo hello") is listed saying that they go in
    // Arguments: it said only '"echo hello" is not found in PATH'.
    void argumentsAfterTheProgramAreSaidToGoInArguments() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_editor->setBaseDir(dir.path());
        QVERIFY(clickWorker(3)); // script, disabled: enabled with its button
        FIND(QToolButton, enable, "enableWorkerButton");
        QTest::mouseClick(enable, Qt::LeftButton);
        QVERIFY(current().enabled);
        FIND(QLineEdit, program, "programEdit");
        FIND(QPlainTextEdit, args, "argsEdit");
        FIND(QScrollArea, scroll, "workerScroll");
        scrollTo(scroll, program);
        clickInto(program, L("echo hello"));
        const QString line =
            L("Worker script › Program: \"echo hello\" is not found in PATH: a program's arguments "
              "go in Arguments (\"args\" in the file), one per line, not after its name: program "
              "\"echo\", arguments \"hello\"");
        QTRY_VERIFY2(listed(*m_editor).contains(line), qPrintable(listed(*m_editor).join(u'\n')));
        QCOMPARE(program->property("invalid").toBool(), true);
        m_editor->resize(std::max(360, m_editor->minimumSizeHint().width()), 700); // the dock's
        QCoreApplication::processEvents();
        scrollTo(scroll, program);
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QVERIFY(m_editor->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/program-with-arguments-360x700.png")));
        clickInto(program, L("echo"));
        scrollTo(scroll, args);
        QTest::mouseClick(args->viewport(), Qt::LeftButton);
        QTest::keyClick(args, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(args, L("hello"));
        QCOMPARE(current().target.program, L("echo"));
        QCOMPARE(current().target.args, QStringList{L("hello")});
        QTRY_VERIFY(!m_editor->isChecking());
        QTRY_VERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
    }

    // A step named as an earlier one says which of the two it is and which it repeats: both
    // were "Step login", the line 'duplicate step name "login"'.
    void aDuplicateStepNameSaysWhichStep() {
        QFile file(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        m_editor->setScenario(Scenario::fromJson(file.readAll()).scenario); // File ▸ Open
        FIND(QListWidget, steps, "flowStepsList");
        FIND(QLineEdit, name, "stepNameEdit");
        FIND(QScrollArea, scroll, "workerScroll");
        scrollTo(scroll, steps);
        QTest::mouseClick(steps->viewport(), Qt::LeftButton, {},
                          steps->visualItemRect(steps->item(2)).center());
        QCOMPARE(steps->currentRow(), 2);
        scrollTo(scroll, name);
        clickInto(name, L("login"));
        QTest::keyClick(name, Qt::Key_Tab);
        QVERIFY2(listed(*m_editor).contains(
                     L("Worker checkout › Step login › Name: step 3 \"login\" has the same name "
                       "as step 1: rename one (each names a series of its own, worker/name)")),
                 qPrintable(listed(*m_editor).join(u'\n')));
    }

    void editTcpCommandAndSynthetic() {
        m_editor->setCurrentWorker(2);
        FIND(QLineEdit, address, "addressEdit");
        FIND(QLineEdit, payload, "payloadEdit");
        FIND(QLineEdit, expect, "expectEdit");
        FIND(QSpinBox, readBytes, "readBytesSpin");
        FIND(QLineEdit, tcpTimeout, "tcpTimeoutEdit");
        // Control characters are shown and typed as escapes.
        QCOMPARE(payload->text(), QStringLiteral("PING\\r\\n"));
        replaceText(payload, QStringLiteral("GET\\tX\\r\\n\\\\"));
        QCOMPARE(current().target.payload, QStringLiteral("GET\tX\r\n\\"));
        replaceText(payload, QStringLiteral("bad\\q"));
        QVERIFY(hasProblem(*m_editor, QStringLiteral("workers[2].target.payload"),
                           QStringLiteral("unknown escape")));
        QVERIFY(payload->property("invalid").toBool());
        // Not "bad", a value on the way to "bad\\q": the payload from before the typing (the
        // field's one undo step, which the typing over "GET\\tX…" in the field is part of).
        QCOMPARE(current().target.payload, QStringLiteral("PING\r\n"));
        replaceText(payload, QStringLiteral("PING\\r\\n"));
        QCOMPARE(current().target.payload, QStringLiteral("PING\r\n"));
        QVERIFY(m_editor->isValid());
        replaceText(address, QStringLiteral("[::1]:6380"));
        replaceText(expect, QStringLiteral("+PONG"));
        readBytes->setValue(7);
        replaceText(tcpTimeout, QStringLiteral("250ms"));
        QCOMPARE(current().target.address, QStringLiteral("[::1]:6380"));
        QCOMPARE(current().target.expect, QStringLiteral("+PONG"));
        QCOMPARE(current().target.readBytes, qint64(7));
        QCOMPARE(current().target.timeout, Duration(250ms));

        m_editor->setCurrentWorker(3);
        FIND(QLineEdit, program, "programEdit");
        FIND(QPlainTextEdit, args, "argsEdit");
        QCOMPARE(args->toPlainText(), QStringLiteral("-v\nx y"));
        replaceText(program, QStringLiteral("/bin/echo"));
        args->setFocus();
        args->selectAll();
        QTest::keyClicks(args, QStringLiteral("hello world"));
        QTest::keyClick(args, Qt::Key_Return);
        QTest::keyClicks(args, QStringLiteral("-n"));
        QCOMPARE(current().target.program, QStringLiteral("/bin/echo"));
        QCOMPARE(current().target.args,
                 (QStringList{QStringLiteral("hello world"), QStringLiteral("-n")}));

        m_editor->setCurrentWorker(0);
        FIND(QComboBox, distribution, "distributionCombo");
        FIND(QLineEdit, value, "latencyValueEdit");
        FIND(QLineEdit, median, "latencyMedianEdit");
        FIND(QLineEdit, min, "latencyMinEdit");
        FIND(QLineEdit, max, "latencyMaxEdit");
        FIND(QDoubleSpinBox, errorRatio, "errorRatioSpin");
        distribution->setCurrentIndex(distribution->findText(QStringLiteral("uniform")));
        // Only the chosen distribution's parameters are shown.
        QVERIFY(min->isVisible());
        QVERIFY(max->isVisible());
        QVERIFY(!median->isVisible());
        QVERIFY(!value->isVisible());
        replaceText(min, QStringLiteral("5ms"));
        replaceText(max, QStringLiteral("50ms"));
        errorRatio->setValue(0.25);
        const LatencySpec l = current().target.latency;
        QCOMPARE(l.distribution, LatencySpec::Distribution::Uniform);
        QCOMPARE(l.min, Duration(5ms));
        QCOMPARE(l.max, Duration(50ms));
        QCOMPARE(l.median, Duration(20ms)); // kept for switching back
        QCOMPARE(current().target.errorRatio, 0.25);
        QVERIFY2(m_editor->isValid(), qPrintable(m_editor->problems().value(0).toString()));
        QVERIFY(roundTrips(m_editor->scenario()));
        const Scenario back = reread(m_editor->scenario());
        QCOMPARE(back.workers[0].target.latency.distribution, LatencySpec::Distribution::Uniform);
        QCOMPARE(back.workers[0].target.latency.min, Duration(5ms));
        QCOMPARE(back.workers[0].target.latency.max, Duration(50ms));
        QCOMPARE(back.workers[0].target.errorRatio, 0.25);
        QCOMPARE(back.workers[2].target.address, QStringLiteral("[::1]:6380"));
        QCOMPARE(back.workers[2].target.payload, QStringLiteral("PING\r\n"));
        QCOMPARE(back.workers[2].target.readBytes, qint64(7));
        QCOMPARE(back.workers[3].target.args,
                 (QStringList{QStringLiteral("hello world"), QStringLiteral("-n")}));
    }

    void editRate() {
        FIND(QComboBox, mode, "rateModeCombo");
        FIND(QStackedWidget, stack, "rateStack");
        FIND(QTableWidget, stages, "stagesTable");
        FIND(QToolButton, stageAdd, "stageAddButton");
        FIND(QDoubleSpinBox, rps, "rpsSpin");
        FIND(QDoubleSpinBox, from, "rampFromSpin");
        FIND(QDoubleSpinBox, to, "rampToSpin");
        FIND(QSpinBox, overtime, "overtimeSpin");
        FIND(QCheckBox, overtimeDefault, "overtimeDefaultCheck");
        FIND(QSpinBox, force, "forceSpin");
        QCOMPARE(mode->currentText(), QStringLiteral("stages"));
        stageAdd->click();
        QCOMPARE(stages->rowCount(), 3);
        stages->item(2, 0)->setText(QStringLiteral("1m30s"));
        stages->item(2, 1)->setText(QStringLiteral("750.5"));
        QCOMPARE(current().rate.stages.size(), 3);
        QCOMPARE(current().rate.stages[2].duration, Duration(90s));
        QCOMPARE(current().rate.stages[2].rps, 750.5);

        mode->setCurrentIndex(1);
        QCOMPARE(stack->currentIndex(), 1);
        from->setValue(5);
        to->setValue(50);
        QCOMPARE(current().rate.mode, RateSpec::Mode::Ramp);
        QCOMPARE(current().rate.from, 5.0);
        QCOMPARE(current().rate.to, 50.0);
        QCOMPARE(current().rate.stages.size(), 3); // kept for switching back

        mode->setCurrentIndex(0);
        rps->setValue(123);
        QCOMPARE(current().rate.mode, RateSpec::Mode::Constant);
        QCOMPARE(current().rate.rps, 123.0);

        QVERIFY(!overtimeDefault->isChecked());
        overtimeDefault->click();
        QVERIFY(!current().overtime.has_value());
        QVERIFY(!overtime->isEnabled());
        overtimeDefault->click();
        overtime->setValue(64);
        QVERIFY(current().overtime == 64);
        force->setValue(3);
        QCOMPARE(current().force, 3);
        QVERIFY2(m_editor->isValid(), qPrintable(m_editor->problems().value(0).toString()));
        QVERIFY(roundTrips(m_editor->scenario()));
        const WorkerSpec back = reread(m_editor->scenario()).workers[0];
        QCOMPARE(back.rate.mode, RateSpec::Mode::Constant);
        QCOMPARE(back.rate.rps, 123.0);
        QVERIFY(back.overtime == 64);
        QCOMPARE(back.force, 3);
    }

    // A rate is typed as digits, then Enter or Tab, in every rate box (the boxes show a
    // " rps" suffix that the typed text does not have).
    void typingARate_data() {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("box");
        QTest::addColumn<bool>("enter");
        QTest::newRow("rps, Enter") << 0 << L("rpsSpin") << true;
        QTest::newRow("rps, Tab") << 0 << L("rpsSpin") << false;
        QTest::newRow("ramp from, Enter") << 1 << L("rampFromSpin") << true;
        QTest::newRow("ramp to, Tab") << 1 << L("rampToSpin") << false;
        QTest::newRow("stages from, Enter") << 2 << L("stagesFromSpin") << true;
        QTest::newRow("stages from, Tab") << 2 << L("stagesFromSpin") << false;
    }
    void typingARate() {
        QFETCH(int, mode);
        QFETCH(QString, box);
        QFETCH(bool, enter);
        FIND(QComboBox, modeCombo, "rateModeCombo");
        modeCombo->setFocus();
        // Choose the mode with the keyboard: Home, then Down `mode` times.
        QTest::keyClick(modeCombo, Qt::Key_Home);
        for (int i = 0; i < mode; ++i)
            QTest::keyClick(modeCombo, Qt::Key_Down);
        QCOMPARE(int(current().rate.mode), mode);
        auto* spin = m_editor->findChild<QDoubleSpinBox*>(box);
        QVERIFY(spin);
        QTRY_VERIFY(spin->isVisible());
        spin->setFocus();
        QTest::keyClick(spin, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(spin, QStringLiteral("200"));
        QTest::keyClick(spin, enter ? Qt::Key_Return : Qt::Key_Tab);
        QCOMPARE(spin->value(), 200.0);
        QCOMPARE(spin->text(), QStringLiteral("200 rps"));
        const RateSpec& rate = current().rate;
        QCOMPARE(box == u"rampToSpin" ? rate.to : box == u"rpsSpin" ? rate.rps : rate.from, 200.0);
        QVERIFY2(m_editor->isValid(), qPrintable(m_editor->problems().value(0).toString()));
        // A fraction, and the suffix typed too.
        spin->setFocus();
        QTest::keyClick(spin, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(spin, QStringLiteral("12.5 rps"));
        QTest::keyClick(spin, Qt::Key_Return);
        QCOMPARE(spin->value(), 12.5);
    }

    void switchingKindsKeepsTheOtherFields() {
        m_editor->setCurrentWorker(1);
        FIND(QComboBox, kind, "kindCombo");
        FIND(QStackedWidget, stack, "targetStack");
        FIND(QLineEdit, address, "addressEdit");
        FIND(QLineEdit, url, "urlEdit");
        kind->setCurrentIndex(kind->findText(QStringLiteral("tcp")));
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("tcpPage"));
        QVERIFY(address->isVisible());
        QVERIFY(!url->isVisible());
        QVERIFY(hasProblem(*m_editor, QStringLiteral("workers[1].target.address"),
                           QStringLiteral("is required")));
        replaceText(address, QStringLiteral("127.0.0.1:9000"));
        QVERIFY(m_editor->isValid());
        QCOMPARE(current().target.kind, QStringLiteral("tcp"));
        QCOMPARE(current().target.url, QStringLiteral("http://127.0.0.1:8080/orders"));

        kind->setCurrentIndex(kind->findText(QStringLiteral("http")));
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("httpPage"));
        QCOMPARE(url->text(), QStringLiteral("http://127.0.0.1:8080/orders"));
        QCOMPARE(current().target.address, QStringLiteral("127.0.0.1:9000"));
        QCOMPARE(current().target.method, QStringLiteral("POST"));
        QCOMPARE(current().target.expectStatus, (QList<int>{200, 201}));
    }

    // Choosing flow for an HTTP worker with the keyboard (its first letter in the Kind combo)
    // starts the journey with one step made of the worker's request, ready to edit: it opened
    // with "Steps: a flow needs at least one step" and an empty, disabled step form. Undo
    // gives the http worker back, without steps.
    void choosingFlowStartsWithTheWorkersRequest() {
        FIND(QTableView, view, "workersView");
        FIND(QLineEdit, ident, "identEdit");
        FIND(QComboBox, kind, "kindCombo");
        FIND(QListWidget, steps, "flowStepsList");
        FIND(QLineEdit, stepUrl, "stepUrlEdit");
        FIND(QComboBox, stepMethod, "stepMethodCombo");
        FIND(QWidget, stepBox, "stepBox");
        const QModelIndex api = m_editor->workerModel()->index(1, WorkerListModel::IdentColumn);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(api).center());
        QCOMPARE(m_editor->currentWorker(), 1);
        const TargetSpec http = current().target;
        QCOMPARE(http.kind, L("http"));
        QTest::mouseClick(ident, Qt::LeftButton);
        QTest::keyClick(ident, Qt::Key_Tab);
        QTRY_COMPARE(QApplication::focusWidget(), kind);
        QTest::keyClick(kind, Qt::Key_F);
        QCOMPARE(current().target.kind, L("flow"));
        QCOMPARE(current().target.steps.size(), 1);
        const StepSpec st = current().target.steps.first();
        QCOMPARE(st.name, L("step1"));
        QCOMPARE(st.method, http.method);
        QCOMPARE(st.url, http.url);
        QCOMPARE(st.headers, http.headers);
        QCOMPARE(st.body, http.body);
        QCOMPARE(st.timeout, http.timeout);
        QCOMPARE(st.expectStatus, http.expectStatus);
        for (const Problem& p : m_editor->problems())
            QVERIFY2(!p.path.startsWith(L("workers[1].target.steps")), qPrintable(p.toString()));
        QTRY_VERIFY(steps->isVisible());
        QCOMPARE(steps->count(), 1);
        QCOMPARE(steps->currentRow(), 0);
        QVERIFY(stepBox->isEnabled());
        QCOMPARE(stepUrl->text(), http.url);
        QCOMPARE(stepMethod->currentText(), http.method);
        QTest::keyClick(kind, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(current().target.kind, L("http"));
        QVERIFY(current().target.steps.isEmpty());
    }

    // Each row types a bad value into a field; the validator's (or the editor's own parse)
    // message must appear at that field, in the list, and flip validity.
    void invalidValuesAreMarked_data() {
        QTest::addColumn<int>("worker");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        QTest::newRow("duration zero")
            << 0 << L("durationEdit") << L("0s") << L("duration") << L("must be positive");
        QTest::newRow("duration text") << 0 << L("durationEdit") << L("5 sec") << L("duration")
                                       << L("invalid duration \"5 sec\"");
        // A bare number said "invalid duration", not that only its unit was missing.
        QTest::newRow("duration no unit") << 0 << L("durationEdit") << L("10") << L("duration")
                                          << L("\"10\" needs a unit: 10s, 10ms, 10m");
        // A space before the unit, as people write it: it said "invalid duration", as for
        // text that is none ("5 sec" above still is).
        QTest::newRow("duration spaced") << 0 << L("durationEdit") << L("1m 30s") << L("duration")
                                         << L("\"1m 30s\" has a space in it: write 1m30s");
        QTest::newRow("timeout spaced")
            << 1 << L("httpTimeoutEdit") << L("200 ms") << L("workers[1].target.timeout")
            << L("\"200 ms\" has a space in it: write 200ms");
        QTest::newRow("interval") << 0 << L("intervalEdit") << L("10ms") << L("interval")
                                  << L("must be from 100ms to 10s");
        QTest::newRow("ident empty")
            << 0 << L("identEdit") << L("") << L("workers[0].ident") << L("is required");
        QTest::newRow("ident duplicate")
            << 1 << L("identEdit") << L("think") << L("workers[1].ident") << L("duplicate ident");
        QTest::newRow("url scheme") << 1 << L("urlEdit") << L("ftp://host/x")
                                    << L("workers[1].target.url") << L("unsupported scheme");
        QTest::newRow("timeout") << 1 << L("httpTimeoutEdit") << L("2h")
                                 << L("workers[1].target.timeout") << L("must be at most 1h");
        QTest::newRow("status range")
            << 1 << L("expectStatusEdit") << L("200, 700")
            << L("workers[1].target.expect_status[1]") << L("from 100 to 599");
        QTest::newRow("status text")
            << 1 << L("expectStatusEdit") << L("20x") << L("workers[1].target.expect_status")
            << L("not a status code");
        QTest::newRow("address") << 2 << L("addressEdit") << L("localhost")
                                 << L("workers[2].target.address") << L("invalid address");
        // A port out of range is said so: it read "invalid address … (expected host:port …)".
        QTest::newRow("address port")
            << 2 << L("addressEdit") << L("localhost:99999") << L("workers[2].target.address")
            << L("port 99999 in address \"localhost:99999\" cannot be connected to (expected 1 "
                 "to 65535)");
        QTest::newRow("latency p99")
            << 0 << L("latencyP99Edit") << L("5ms") << L("workers[0].target.latency.p99")
            << L("must be at least median");
    }
    void invalidValuesAreMarked() {
        QFETCH(int, worker);
        QFETCH(QString, field);
        QFETCH(QString, text);
        QFETCH(QString, path);
        QFETCH(QString, message);
        m_editor->setCurrentWorker(worker);
        auto* edit = m_editor->findChild<QLineEdit*>(field);
        QVERIFY(edit);
        FIND(QListWidget, problems, "problemsList");
        QVERIFY(m_editor->isValid());
        QVERIFY(!edit->property("invalid").toBool());
        QSignalSpy validity(m_editor.get(), &ScenarioEditor::validityChanged);
        const Scenario before = m_editor->scenario();
        const QString original = edit->text();

        replaceText(edit, text);
        QVERIFY(!m_editor->isValid());
        QVERIFY(!validity.isEmpty());
        QCOMPARE(validity.last().at(0).toBool(), false);
        QVERIFY2(hasProblem(*m_editor, path, message),
                 qPrintable(m_editor->problems().value(0).toString()));
        QVERIFY(edit->property("invalid").toBool());
        QVERIFY2(edit->toolTip().contains(message), qPrintable(edit->toolTip()));
        bool listed = false;
        for (int i = 0; i < problems->count(); ++i)
            listed = listed || problems->item(i)->text().contains(message);
        QVERIFY(listed);
        QVERIFY(problems->isVisible());
        if (path.startsWith(u"workers")) {
            // The worker's row in the table carries the message too.
            const QModelIndex row =
                m_editor->workerModel()->index(worker, WorkerListModel::IdentColumn);
            QVERIFY(row.data(Qt::ToolTipRole).toString().contains(message));
        }

        // Undoing (or retyping) the value clears the mark and flips validity back.
        while (m_editor->undoStack()->canUndo())
            m_editor->undoStack()->undo();
        if (!m_editor->isValid())
            replaceText(edit, original); // the bad text never reached the model: retype
        QCOMPARE(m_editor->scenario(), before);
        QVERIFY2(m_editor->isValid(), qPrintable(m_editor->problems().value(0).toString()));
        QCOMPARE(validity.last().at(0).toBool(), true);
        QVERIFY(!edit->property("invalid").toBool());
        QVERIFY(!edit->toolTip().contains(message));
    }

    void invalidSpinAndTableValues() {
        FIND(QComboBox, mode, "rateModeCombo");
        FIND(QDoubleSpinBox, rps, "rpsSpin");
        FIND(QTableWidget, stages, "stagesTable");
        stages->item(0, 0)->setText(QStringLiteral("ten seconds"));
        QVERIFY(hasProblem(*m_editor, QStringLiteral("workers[0].rate.stages[0].duration"),
                           QStringLiteral("invalid duration")));
        QVERIFY(stages->item(0, 0)->toolTip().contains(QStringLiteral("invalid duration")));
        QVERIFY(stages->item(0, 0)->data(Qt::BackgroundRole).isValid());
        QCOMPARE(current().rate.stages[0].duration, Duration(10s)); // unchanged
        stages->item(0, 0)->setText(QStringLiteral("15s"));
        QVERIFY(m_editor->isValid());
        QVERIFY(!stages->item(0, 0)->data(Qt::BackgroundRole).isValid());
        QCOMPARE(current().rate.stages[0].duration, Duration(15s));

        mode->setCurrentIndex(0);
        rps->setValue(0);
        QVERIFY(hasProblem(*m_editor, QStringLiteral("workers[0].rate.rps"),
                           QStringLiteral("must be positive")));
        QVERIFY(rps->property("invalid").toBool());
        rps->setValue(1);
        QVERIFY(m_editor->isValid());
        QVERIFY(!rps->property("invalid").toBool());
    }

    // A warning (Scenario::warnings: here a threshold on a worker that is not run) is listed
    // after the problems, named by its field's label, goes to its field, and does not stop the
    // run: the editor stays valid. It follows the edits: the worker's On box clicked off in
    // the table lists it, clicked on again takes it away; a threshold typed naming a disabled
    // worker lists one. (The editor listed none: only pusher-cli validate said so.)
    void warningsAreListedAndDoNotStopTheRun() {
        FIND(QTableView, view, "workersView");
        FIND(QLabel, label, "problemsLabel");
        FIND(QListWidget, list, "problemsList");
        FIND(QListWidget, thresholds, "thresholdsList");
        FIND(QToolButton, add, "thresholdAddButton");
        QSignalSpy validity(m_editor.get(), &ScenarioEditor::validityChanged);
        const auto warningLines = [&] {
            QStringList out;
            for (const QString& line : listed(*m_editor)) {
                if (line.startsWith(QStringLiteral("Warning: ")))
                    out.append(line);
            }
            return out;
        };
        QTRY_VERIFY(!m_editor->isChecking());
        QVERIFY(m_editor->isValid());
        QVERIFY(list->isHidden());
        QCOMPARE(label->text(), QStringLiteral("No problems: the scenario can run."));

        // "api.p99 < 100ms" is the third threshold: api clicked off, it is warned of.
        const QString apiOff =
            L("Warning: Threshold 3: worker \"api\" is disabled: it is not run, so this threshold "
              "fails (observed no calls)");
        clickOn(1);
        QCOMPARE(m_editor->scenario().workers[1].enabled, false);
        QTRY_COMPARE(warningLines(), QStringList{apiOff});
        QCOMPARE(listed(*m_editor), QStringList{apiOff}); // and no problem
        QVERIFY(m_editor->problems().isEmpty());
        QCOMPARE(m_editor->warnings().size(), 1);
        QCOMPARE(m_editor->warnings()[0].path, QStringLiteral("thresholds[2]"));
        QVERIFY(m_editor->isValid());
        QVERIFY(list->isVisible());
        QCOMPARE(label->text(),
                 QStringLiteral("No problems: the scenario can run, with 1 &warning:"));
        // The line goes to the threshold.
        thresholds->setCurrentRow(0);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                          list->visualItemRect(list->item(0)).center());
        QCOMPARE(thresholds->currentRow(), 2);
        QTRY_VERIFY(thresholds->hasFocus());

        // Clicked on again: gone.
        clickOn(1);
        QCOMPARE(m_editor->scenario().workers[1].enabled, true);
        QTRY_VERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(list->isHidden());
        QCOMPARE(label->text(), QStringLiteral("No problems: the scenario can run."));

        // cache clicked off names no threshold; one typed naming it is warned of.
        clickOn(2);
        QCOMPARE(m_editor->scenario().workers[2].enabled, false);
        QVERIFY(listed(*m_editor).isEmpty());
        add->click();
        auto* editor = qobject_cast<QLineEdit*>(QApplication::focusWidget());
        QVERIFY(editor);
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, QStringLiteral("cache.p99 < 50ms"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(warningLines(),
                     QStringList{L("Warning: Threshold 4: worker \"cache\" is disabled: it is not "
                                   "run, so this threshold fails (observed no calls)")});
        QVERIFY(m_editor->problems().isEmpty());
        QVERIFY(m_editor->isValid());

        // With a problem beside it: the problem first, then the warning, both counted.
        FIND(QLineEdit, interval, "intervalEdit");
        clickInto(interval, QStringLiteral("2 sec"));
        QTest::keyClick(interval, Qt::Key_Tab);
        QTRY_COMPARE(list->count(), 2);
        QVERIFY(!list->item(0)->text().startsWith(QStringLiteral("Warning: ")));
        QVERIFY(list->item(1)->text().startsWith(QStringLiteral("Warning: Threshold 4")));
        QCOMPARE(label->text(), QStringLiteral("1 &problem and 1 warning:"));
        QVERIFY(!m_editor->isValid());
        m_editor->undo();
        QTRY_VERIFY(m_editor->isValid());
        // The editor was invalid only while the interval held "2 sec".
        QCOMPARE(validity.count(), 2);
    }

    // The workers table marks a row as the problems list marks its lines: a worker with a
    // problem (it cannot run) with the red stop sign, one with only a warning (it runs) with
    // the warning sign, and its tooltip says which. The table showed the warning sign for a
    // problem, and nothing for a warning. Made as a person makes them: the run's Duration
    // typed shorter than think's stages (30 s), cache's address typed wrong, think's ident
    // typed away.
    void workerRowsShowTheProblemsListIcons() {
        FIND(QLineEdit, duration, "durationEdit");
        WorkerListModel* model = m_editor->workerModel();
        const auto icon = [&](int row) {
            const QIcon i = model->index(row, WorkerListModel::IdentColumn)
                                .data(Qt::DecorationRole)
                                .value<QIcon>();
            return i.isNull() ? QImage() : i.pixmap(16).toImage();
        };
        const auto standard = [&](QStyle::StandardPixmap which) {
            return m_editor->style()->standardIcon(which).pixmap(16).toImage();
        };
        const QImage stop = standard(QStyle::SP_MessageBoxCritical);
        const QImage warning = standard(QStyle::SP_MessageBoxWarning);
        QVERIFY(stop != warning);
        const auto tip = [&](int row) {
            return model->index(row, WorkerListModel::IdentColumn).data(Qt::ToolTipRole).toString();
        };
        QTRY_VERIFY(!m_editor->isChecking());
        for (int row = 0; row < model->rowCount(); ++row)
            QVERIFY2(icon(row).isNull(), qPrintable(QString::number(row)));

        // 20 s: think's stages (10 s + 20 s) outlast the run: a warning, think's row only.
        clickInto(duration, QStringLiteral("20s"));
        QTest::keyClick(duration, Qt::Key_Tab);
        QTRY_COMPARE(m_editor->warnings().size(), 1);
        QCOMPARE(m_editor->warnings()[0].path, QStringLiteral("workers[0].rate.stages"));
        QVERIFY(m_editor->problems().isEmpty());
        QTRY_COMPARE(model->mark(0), WorkerListModel::Mark::Warning);
        QCOMPARE(icon(0), warning);
        QVERIFY2(tip(0).startsWith(QStringLiteral("Warning: ")), qPrintable(tip(0)));
        QVERIFY2(tip(0).contains(QStringLiteral("longer than the run")), qPrintable(tip(0)));
        for (int row = 1; row < model->rowCount(); ++row)
            QVERIFY2(icon(row).isNull(), qPrintable(QString::number(row)));

        // cache's address typed wrong: a problem, a stop sign; think keeps its warning sign.
        QVERIFY(clickWorker(2));
        FIND(QLineEdit, address, "addressEdit");
        clickInto(address, QStringLiteral("nope"));
        QTest::keyClick(address, Qt::Key_Tab);
        QTRY_COMPARE(model->mark(2), WorkerListModel::Mark::Problem);
        QCOMPARE(icon(2), stop);
        QVERIFY(!tip(2).startsWith(QStringLiteral("Warning: ")));
        QCOMPARE(icon(0), warning);

        // think's ident typed away: a problem beside its warning, the stop sign wins, and the
        // tooltip lists the problem, then the warning.
        QVERIFY(clickWorker(0));
        FIND(QLineEdit, ident, "identEdit");
        clickInto(ident, QString());
        QTRY_COMPARE(model->mark(0), WorkerListModel::Mark::Problem);
        QCOMPARE(icon(0), stop);
        const QStringList lines = tip(0).split(u'\n');
        QVERIFY2(lines.size() >= 2, qPrintable(tip(0)));
        QVERIFY2(!lines.first().startsWith(QStringLiteral("Warning: ")), qPrintable(tip(0)));
        QVERIFY2(lines.last().startsWith(QStringLiteral("Warning: ")), qPrintable(tip(0)));

        // The ident typed back: the warning sign again; the file's duration typed back: no
        // icon on think; cache keeps its stop sign.
        clickInto(ident, QStringLiteral("think"));
        QTest::keyClick(ident, Qt::Key_Tab);
        QTRY_COMPARE(model->mark(0), WorkerListModel::Mark::Warning);
        clickInto(duration, QStringLiteral("1m"));
        QTest::keyClick(duration, Qt::Key_Tab);
        QTRY_COMPARE(model->mark(0), WorkerListModel::Mark::None);
        QVERIFY(icon(0).isNull());
        QCOMPARE(icon(2), stop);
    }

    // An emptied threshold says what to write: it said "missing operator (<, <=, > or >=)",
    // as if an operator were all it lacked.
    void anEmptiedThresholdSaysWhatToWrite() {
        FIND(QListWidget, list, "thresholdsList");
        FIND(QToolButton, add, "thresholdAddButton");
        QTest::mouseClick(add, Qt::LeftButton);
        auto* editor = qobject_cast<QLineEdit*>(QApplication::focusWidget());
        QVERIFY(editor);
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(editor, Qt::Key_Delete);
        QTest::keyClick(editor, Qt::Key_Return);
        const QString line = L("Threshold 4: empty: write a threshold such as \"p99 < 250ms\"");
        QTRY_VERIFY2(listed(*m_editor).contains(line), qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(!m_editor->isValid());
    }

    void thresholds() {
        FIND(QListWidget, list, "thresholdsList");
        FIND(QToolButton, add, "thresholdAddButton");
        FIND(QToolButton, remove, "thresholdRemoveButton");
        add->click();
        QCOMPARE(m_editor->scenario().thresholds.size(), 4);
        QCOMPARE(list->count(), 4);
        auto* editor = qobject_cast<QLineEdit*>(QApplication::focusWidget());
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("p95 < 1s"));
        QTest::keyClick(editor, Qt::Key_Return);
        // The delegate commits on Return through a queued call.
        QTRY_COMPARE(list->item(3)->text(), QStringLiteral("p95 < 1s"));
        QVERIFY(hasProblem(*m_editor, QStringLiteral("thresholds[3]"),
                           QStringLiteral("unknown metric")));
        QVERIFY(list->item(3)->data(Qt::BackgroundRole).isValid());
        list->item(3)->setText(QStringLiteral("nobody.p99 < 1s"));
        QVERIFY(hasProblem(*m_editor, QStringLiteral("thresholds[3]"),
                           QStringLiteral("unknown worker")));
        list->item(3)->setText(QStringLiteral("api.rps >= 150"));
        QVERIFY(m_editor->isValid());
        QCOMPARE(m_editor->scenario().thresholds.last(), QStringLiteral("api.rps >= 150"));
        list->setCurrentRow(0);
        remove->click();
        QCOMPARE(m_editor->scenario().thresholds,
                 (QStringList{QStringLiteral("error_rate < 5%"), QStringLiteral("api.p99 < 100ms"),
                              QStringLiteral("api.rps >= 150")}));
        QVERIFY(roundTrips(m_editor->scenario()));
    }

    void addDuplicateRemoveMoveEnable() {
        FIND(QToolButton, add, "addWorkerButton");
        FIND(QToolButton, duplicate, "duplicateWorkerButton");
        FIND(QToolButton, remove, "removeWorkerButton");
        FIND(QToolButton, up, "moveUpButton");
        FIND(QToolButton, down, "moveDownButton");
        FIND(QToolButton, enable, "enableWorkerButton");
        FIND(QLineEdit, ident, "identEdit");
        auto idents = [this] {
            QStringList out;
            for (const WorkerSpec& w : m_editor->scenario().workers)
                out.append(w.ident);
            return out.join(u',');
        };

        m_editor->setCurrentWorker(1);
        duplicate->click();
        QCOMPARE(idents(), QStringLiteral("think,api,api copy,cache,script"));
        QCOMPARE(m_editor->currentWorker(), 2);
        QCOMPARE(ident->text(), QStringLiteral("api copy"));
        QCOMPARE(m_editor->scenario().workers[2].target, m_editor->scenario().workers[1].target);

        add->click();
        QCOMPARE(idents(), QStringLiteral("think,api,api copy,cache,script,worker 6"));
        QCOMPARE(m_editor->currentWorker(), 5);
        QVERIFY(m_editor->isValid());

        up->click();
        QCOMPARE(idents(), QStringLiteral("think,api,api copy,cache,worker 6,script"));
        QCOMPARE(m_editor->currentWorker(), 4);
        down->click();
        QCOMPARE(idents(), QStringLiteral("think,api,api copy,cache,script,worker 6"));
        QVERIFY(!down->isEnabled());

        m_editor->setCurrentWorker(2);
        remove->click();
        QCOMPARE(idents(), QStringLiteral("think,api,cache,script,worker 6"));
        QCOMPARE(m_editor->currentWorker(), 2);
        QCOMPARE(ident->text(), QStringLiteral("cache"));

        QVERIFY(enable->isChecked());
        enable->click();
        QVERIFY(!m_editor->scenario().workers[2].enabled);
        const QModelIndex check = m_editor->workerModel()->index(2, WorkerListModel::EnabledColumn);
        QCOMPARE(check.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));

        // Every action is one undo step; undoing them all gives back the file's scenario.
        QCOMPARE(m_editor->undoStack()->count(), 6);
        m_editor->undoStack()->undo();
        QVERIFY(m_editor->scenario().workers[2].enabled);
        QVERIFY(enable->isChecked());
        m_editor->undoStack()->undo();
        QCOMPARE(idents(), QStringLiteral("think,api,api copy,cache,script,worker 6"));
        QCOMPARE(m_editor->currentWorker(), 2);
        while (m_editor->undoStack()->canUndo())
            m_editor->undoStack()->undo();
        QCOMPARE(m_editor->scenario(), sample());
        QVERIFY(roundTrips(m_editor->scenario()));

        // Removing every worker is a problem of the scenario, and the form is disabled.
        for (int i = 0; i < 4; ++i)
            remove->click();
        QCOMPARE(m_editor->currentWorker(), -1);
        QVERIFY(hasProblem(*m_editor, QStringLiteral("workers"),
                           QStringLiteral("at least one worker")));
        FIND(QWidget, form, "workerForm");
        QVERIFY(!form->isEnabled());
        QVERIFY(!remove->isEnabled());
    }

    void tableEditsGoThroughTheUndoStack() {
        QAbstractItemModel* model = m_editor->workerModel();
        QVERIFY(model->setData(model->index(1, WorkerListModel::IdentColumn),
                               QStringLiteral("orders")));
        QCOMPARE(m_editor->scenario().workers[1].ident, QStringLiteral("orders"));
        // The threshold naming the old ident follows the rename, in the same step.
        QCOMPARE(m_editor->scenario().thresholds.value(2), QStringLiteral("orders.p99 < 100ms"));
        QVERIFY(m_editor->isValid());
        QCOMPARE(m_editor->undoStack()->count(), 1);
        m_editor->undoStack()->undo();
        QCOMPARE(m_editor->scenario(), sample());
        QVERIFY(m_editor->isValid());
    }

    void undoRedoRestoreExactScenarios() {
        FIND(QLineEdit, name, "nameEdit");
        FIND(QComboBox, kind, "kindCombo");
        FIND(QComboBox, mode, "rateModeCombo");
        FIND(QDoubleSpinBox, rps, "rpsSpin");
        FIND(QToolButton, add, "addWorkerButton");
        FIND(QToolButton, remove, "removeWorkerButton");
        FIND(QLineEdit, url, "urlEdit");
        QList<Scenario> states{m_editor->scenario()};
        auto step = [&] { states.append(m_editor->scenario()); };

        replaceText(name, QStringLiteral("abc"));
        step();
        mode->setCurrentIndex(0);
        step();
        rps->setValue(42);
        step();
        kind->setCurrentIndex(kind->findText(QStringLiteral("http")));
        step();
        replaceText(url, QStringLiteral("http://[::1]:8080/"));
        step();
        add->click();
        step();
        m_editor->setCurrentWorker(1);
        remove->click();
        step();
        QCOMPARE(m_editor->undoStack()->count(), states.size() - 1);
        // api's threshold went with it (removingAWorkerRemovesItsThresholds).
        QCOMPARE(m_editor->undoStack()->undoText(),
                 QStringLiteral("Remove worker and its threshold"));

        for (qsizetype i = states.size() - 2; i >= 0; --i) {
            m_editor->undoStack()->undo();
            QCOMPARE(m_editor->scenario(), states[i]);
        }
        QVERIFY(!m_editor->undoStack()->canUndo());
        FIND(QLineEdit, nameAgain, "nameEdit");
        QCOMPARE(nameAgain->text(), QStringLiteral("checkout"));
        for (qsizetype i = 1; i < states.size(); ++i) {
            m_editor->undoStack()->redo();
            QCOMPARE(m_editor->scenario(), states[i]);
        }
        // The widgets show the redone state.
        QCOMPARE(name->text(), QStringLiteral("abc"));
    }

    void typingMergesAndTypingBackIsNoStep() {
        FIND(QLineEdit, name, "nameEdit");
        name->setFocus();
        name->end(false);
        QTest::keyClicks(name, QStringLiteral(" two"));
        QCOMPARE(m_editor->undoStack()->count(), 1);
        QCOMPARE(m_editor->scenario().name, QStringLiteral("checkout two"));
        for (int i = 0; i < 4; ++i)
            QTest::keyClick(name, Qt::Key_Backspace);
        QCOMPARE(m_editor->scenario(), sample());
        QVERIFY(!m_editor->undoStack()->canUndo());
        // A different field is a new step.
        FIND(QLineEdit, duration, "durationEdit");
        replaceText(duration, QStringLiteral("2m"));
        replaceText(name, QStringLiteral("x"));
        QCOMPARE(m_editor->undoStack()->count(), 2);
    }

    // Leaving a field (Tab, a click elsewhere) or Return in it ends its undo step: typed
    // again later, it is a step of its own, and Ctrl+Z goes back to the value the first
    // typing left. Before, every typing into one field merged until another worker was
    // selected: 12.5 typed as api's RPS, Tab, later 300 and Return, then Ctrl+Z gave 200, not
    // 12.5; 1m30s as the duration, Tab, then 2m: Ctrl+Z gave 1m.
    void leavingAFieldEndsItsUndoStep() {
        FIND(QLineEdit, duration, "durationEdit");
        FIND(QDoubleSpinBox, rps, "rpsSpin");
        FIND(QScrollArea, scroll, "workerScroll");
        clickInto(duration, L("1m30s"));
        QTest::keyClick(duration, Qt::Key_Tab);
        clickInto(duration, L("2m"));
        QTest::keyClick(duration, Qt::Key_Tab);
        QCOMPARE(m_editor->scenario().duration, Duration(120s));
        undoKey();
        QCOMPARE(m_editor->scenario().duration, Duration(90s));
        QCOMPARE(duration->text(), L("1m30s"));
        undoKey();
        QCOMPARE(m_editor->scenario().duration, Duration(60s));

        // Return ends it too, without leaving the field.
        clickInto(duration, L("45s"));
        QTest::keyClick(duration, Qt::Key_Return);
        QTest::keyClick(duration, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(duration, L("50s"));
        QTest::keyClick(duration, Qt::Key_Return);
        QCOMPARE(m_editor->scenario().duration, Duration(50s));
        undoKey();
        QCOMPARE(m_editor->scenario().duration, Duration(45s));
        undoKey();
        QCOMPARE(m_editor->scenario().duration, Duration(60s));

        // A spin box: api's RPS (200) typed 12.5, Tab; then 300, Return.
        QVERIFY(clickWorker(1));
        scrollTo(scroll, rps);
        QTest::mouseClick(rps, Qt::LeftButton);
        QTest::keyClick(rps, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(rps, L("12.5"));
        QTest::keyClick(rps, Qt::Key_Tab);
        QTest::mouseClick(rps, Qt::LeftButton);
        QTest::keyClick(rps, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(rps, L("300"));
        QTest::keyClick(rps, Qt::Key_Return);
        QCOMPARE(current().rate.rps, 300.0);
        undoKey();
        QCOMPARE(current().rate.rps, 12.5);
        QCOMPARE(rps->value(), 12.5);
        undoKey();
        QCOMPARE(current().rate.rps, 200.0);
        // Typing without leaving stays one step: "250" is one Ctrl+Z.
        QTest::keyClick(rps, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(rps, L("250"));
        QCOMPARE(current().rate.rps, 250.0);
        undoKey();
        QCOMPARE(current().rate.rps, 200.0);
    }

    void setScenarioClearsHistoryAndShowProblemSelects() {
        FIND(QLineEdit, name, "nameEdit");
        replaceText(name, QStringLiteral("x"));
        Scenario s = sample();
        s.workers[2].target.address = QStringLiteral("nope");
        m_editor->setScenario(s);
        QCOMPARE(m_editor->undoStack()->count(), 0);
        QCOMPARE(name->text(), QStringLiteral("checkout"));
        QVERIFY(!m_editor->isValid());
        // The row of the worker with the problem is marked even while another is selected.
        QCOMPARE(m_editor->currentWorker(), 0);
        QVERIFY(m_editor->workerModel()
                    ->index(2, WorkerListModel::IdentColumn)
                    .data(Qt::DecorationRole)
                    .isValid());
        m_editor->showProblem(QStringLiteral("workers[2].target.address"));
        QCOMPARE(m_editor->currentWorker(), 2);
        FIND(QLineEdit, address, "addressEdit");
        QVERIFY(address->property("invalid").toBool());
        QVERIFY(address->hasFocus());
    }

    void keyboardOnTheWorkersTable() {
        FIND(QTableView, view, "workersView");
        view->setFocus();
        QTRY_VERIFY(view->hasFocus());
        QTest::keyClick(view, Qt::Key_Insert);
        QCOMPARE(m_editor->scenario().workers.size(), 5);
        QCOMPARE(m_editor->currentWorker(), 4);
        view->setFocus();
        QTest::keyClick(view, Qt::Key_D, Qt::ControlModifier);
        QCOMPARE(m_editor->scenario().workers.size(), 6);
        QCOMPARE(m_editor->scenario().workers[5].ident, QStringLiteral("worker 5 copy"));
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Up, Qt::AltModifier);
        QCOMPARE(m_editor->scenario().workers[4].ident, QStringLiteral("worker 5 copy"));
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Delete);
        QCOMPARE(m_editor->scenario().workers.size(), 5);
        QCOMPARE(m_editor->scenario().workers[4].ident, QStringLiteral("worker 5"));
    }

    // Text that is not a value lives only in the form: selecting another worker (a click,
    // Down), Add, Duplicate, Remove, Move or Redo would show another form and drop it, so
    // the worker stays selected, the field keeps the text and gets the focus, and the
    // editor says why; Enabled and a rename keep it; Ctrl+Z takes it back, and then the
    // selection moves again.
    void switchingWorkersKeepsTextThatIsNotAValue() {
        FIND(QTableView, view, "workersView");
        FIND(QLineEdit, timeout, "httpTimeoutEdit");
        FIND(QLabel, notice, "editorNotice");
        FIND(QListWidget, problemsList, "problemsList");
        FIND(QToolButton, add, "addWorkerButton");
        FIND(QToolButton, duplicate, "duplicateWorkerButton");
        FIND(QToolButton, remove, "removeWorkerButton");
        FIND(QToolButton, down, "moveDownButton");
        FIND(QToolButton, enable, "enableWorkerButton");
        auto clickRow = [&](int row) {
            const QModelIndex index =
                m_editor->workerModel()->index(row, WorkerListModel::IdentColumn);
            QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                              view->visualRect(index).center());
        };
        const Scenario before = m_editor->scenario();
        const QString path = QStringLiteral("workers[1].target.timeout");

        clickRow(1);
        QCOMPARE(m_editor->currentWorker(), 1);
        const QString original = timeout->text();
        clickInto(timeout, QStringLiteral("5 sec"));
        QTest::keyClick(timeout, Qt::Key_Tab); // on to the next field: the text stays
        QVERIFY(!timeout->hasFocus());
        QVERIFY(hasProblem(*m_editor, path, QStringLiteral("invalid duration \"5 sec\"")));
        QVERIFY(notice->isHidden());

        // A click on another worker's row: the selection stays, the text too, and the
        // field has the focus again, its line in the problems selected, the reason under.
        clickRow(2);
        QCOMPARE(m_editor->currentWorker(), 1);
        QCOMPARE(view->selectionModel()->selectedRows(), {m_editor->workerModel()->index(1, 0)});
        QCOMPARE(timeout->text(), QStringLiteral("5 sec"));
        QTRY_VERIFY(timeout->hasFocus());
        QVERIFY(notice->isVisible());
        QCOMPARE(notice->text(),
                 QStringLiteral("Correct or undo it (Ctrl+Z) to select another worker."));
        QVERIFY(problemsList->currentItem());
        QCOMPARE(problemsList->currentItem()->data(Qt::UserRole).toString(), path);
        QVERIFY(hasProblem(*m_editor, path, QStringLiteral("invalid duration \"5 sec\"")));
        QCOMPARE(m_editor->unparsedText().size(), 1);

        // Down in the table: the same.
        clickRow(1); // the selected row: allowed, the focus goes to the table
        QTRY_VERIFY(view->hasFocus());
        QTest::keyClick(view, Qt::Key_Down);
        QCOMPARE(m_editor->currentWorker(), 1);
        QCOMPARE(timeout->text(), QStringLiteral("5 sec"));
        QTRY_VERIFY(timeout->hasFocus());

        // The buttons that show another form wait; nothing is added, copied, removed or moved.
        for (QToolButton* button : {add, duplicate, remove, down}) {
            QTest::mouseClick(button, Qt::LeftButton);
            QCOMPARE(m_editor->scenario(), before);
            QCOMPARE(m_editor->currentWorker(), 1);
            QCOMPARE(timeout->text(), QStringLiteral("5 sec"));
            QTRY_VERIFY(timeout->hasFocus());
        }
        QVERIFY(notice->text().contains(QStringLiteral("to move the worker.")));
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Delete);
        QCOMPARE(m_editor->scenario().workers.size(), before.workers.size());
        QCOMPARE(timeout->text(), QStringLiteral("5 sec"));

        // Enabled changes the scenario, not the form: the text stays.
        QTest::mouseClick(enable, Qt::LeftButton);
        QCOMPARE(m_editor->scenario().workers[1].enabled, !before.workers[1].enabled);
        QCOMPARE(timeout->text(), QStringLiteral("5 sec"));
        QCOMPARE(m_editor->unparsedText().size(), 1);

        // Ctrl+Z takes the typed text back first (the Enabled edit stays), then the
        // selection moves.
        timeout->setFocus();
        QTest::keyClick(timeout, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(timeout->text(), original);
        QVERIFY(m_editor->unparsedText().isEmpty());
        QVERIFY(notice->isHidden());
        QCOMPARE(m_editor->scenario().workers[1].enabled, !before.workers[1].enabled);
        QTest::keyClick(timeout, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(m_editor->scenario(), before);
        clickRow(2);
        QCOMPARE(m_editor->currentWorker(), 2);

        // Text typed and corrected: nothing holds the selection.
        clickRow(1);
        clickInto(timeout, QStringLiteral("abc"));
        clickRow(3);
        QCOMPARE(m_editor->currentWorker(), 1);
        clickInto(timeout, QStringLiteral("7s"));
        clickRow(3);
        QCOMPARE(m_editor->currentWorker(), 3);
        QCOMPARE(m_editor->scenario().workers[1].target.timeout, Duration(7s));
        QVERIFY(m_editor->isValid());
    }

    // The same inside a worker: a flow's step list and its step buttons wait while a field
    // of the selected step holds text that is not a value, and the stage buttons while a
    // stage cell does (each rebuilt the fields or the table from the scenario).
    void switchingStepsAndStagesKeepsTextThatIsNotAValue() {
        QFile file(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const ScenarioParse parse = Scenario::fromJson(file.readAll());
        QVERIFY(parse.ok());
        m_editor->setScenario(parse.scenario); // File ▸ Open
        FIND(QListWidget, steps, "flowStepsList");
        FIND(QLineEdit, status, "stepStatusEdit");
        FIND(QLabel, notice, "editorNotice");
        FIND(QScrollArea, scroll, "workerScroll");
        FIND(QToolButton, stepAdd, "stepAddButton");
        FIND(QToolButton, stepRemove, "stepRemoveButton");
        FIND(QToolButton, stepDown, "stepDownButton");
        const Scenario before = m_editor->scenario();
        auto see = [scroll](QWidget* x) { scrollTo(scroll, x); };
        auto clickStep = [&](int row) {
            see(steps);
            QTest::mouseClick(steps->viewport(), Qt::LeftButton, {},
                              steps->visualItemRect(steps->item(row)).center());
        };
        QCOMPARE(steps->currentRow(), 0);
        QCOMPARE(status->text(), QStringLiteral("200"));
        see(status);
        clickInto(status, QStringLiteral("20x"));
        QTest::keyClick(status, Qt::Key_Tab);
        // "2" and "20" were values on the way (each a problem of the validator's); "20x" is
        // the editor's own problem, and the scenario holds the value from before the typing,
        // 200 (it held 20, which nobody meant and a save wrote).
        const Scenario typed = m_editor->scenario();
        QCOMPARE(typed, before);

        clickStep(1);
        QCOMPARE(steps->currentRow(), 0); // before: 1, and "200" back in the field
        QCOMPARE(status->text(), QStringLiteral("20x"));
        QTRY_VERIFY(status->hasFocus());
        QVERIFY2(notice->text().contains(QStringLiteral("to select another step.")),
                 qPrintable(notice->text()));
        clickStep(0);
        QTRY_VERIFY(steps->hasFocus());
        QTest::keyClick(steps, Qt::Key_Down);
        QCOMPARE(steps->currentRow(), 0);
        QCOMPARE(status->text(), QStringLiteral("20x"));
        for (QToolButton* button : {stepAdd, stepRemove, stepDown}) {
            see(button);
            QTest::mouseClick(button, Qt::LeftButton);
            QCOMPARE(m_editor->scenario(), typed);
            QCOMPARE(steps->currentRow(), 0);
            QCOMPARE(status->text(), QStringLiteral("20x"));
            QTRY_VERIFY(status->hasFocus());
        }
        // Ctrl+Z takes "20x" back to the value from before the typing, 200.
        QTest::keyClick(status, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(status->text(), QStringLiteral("200"));
        QVERIFY(m_editor->unparsedText().isEmpty());
        QVERIFY(m_editor->isValid());
        clickStep(2);
        QCOMPARE(steps->currentRow(), 2);
        QCOMPARE(m_editor->scenario(), before);

        // A stage cell typed over by keyboard: the stage buttons wait.
        m_editor->setScenario(sample());
        FIND(QTableWidget, stages, "stagesTable");
        FIND(QToolButton, stageAdd, "stageAddButton");
        FIND(QToolButton, stageRemove, "stageRemoveButton");
        QCOMPARE(m_editor->currentWorker(), 0);
        const int rows = stages->rowCount();
        QVERIFY(rows > 0);
        see(stages);
        QVERIFY(typeIntoCell(stages, 0, 0, QStringLiteral("ten seconds"), Qt::Key_Tab));
        QCOMPARE(stages->item(0, 0)->text(), QStringLiteral("ten seconds"));
        for (QToolButton* button : {stageAdd, stageRemove}) {
            see(button);
            QTest::mouseClick(button, Qt::LeftButton);
            QCOMPARE(stages->rowCount(), rows);
            QCOMPARE(stages->item(0, 0)->text(), QStringLiteral("ten seconds"));
            QCOMPARE(m_editor->unparsedText().size(), 1);
        }
        QVERIFY2(notice->text().contains(QStringLiteral("to remove a stage.")),
                 qPrintable(notice->text()));
    }

    // A combo that shows another page (the target kind, the latency distribution, the rate
    // mode) would hide a field holding text that is not a value, and the new kind's timeout
    // would show the scenario's value under the same name: the combo goes back, the field
    // gets the focus with its text, and the notice says why.
    void switchingPagesKeepsTextThatIsNotAValue() {
        FIND(QComboBox, kind, "kindCombo");
        FIND(QComboBox, mode, "rateModeCombo");
        FIND(QComboBox, distribution, "distributionCombo");
        FIND(QStackedWidget, targetStack, "targetStack");
        FIND(QLabel, notice, "editorNotice");
        FIND(QScrollArea, scroll, "workerScroll");
        FIND(QLineEdit, timeout, "httpTimeoutEdit");
        FIND(QLineEdit, median, "latencyMedianEdit");
        FIND(QTableWidget, stages, "stagesTable");
        auto see = [scroll](QWidget* x) { scrollTo(scroll, x); };
        // pick chooses another item of a combo by keyboard (the next, or the one before the
        // last), as a user tabbing to it does.
        auto pick = [&](QComboBox* combo) {
            see(combo);
            combo->setFocus();
            QTRY_VERIFY(combo->hasFocus());
            const bool last = combo->currentIndex() == combo->count() - 1;
            QTest::keyClick(combo, last ? Qt::Key_Up : Qt::Key_Down);
        };

        // The target kind: the http worker's timeout.
        m_editor->setCurrentWorker(1);
        see(timeout);
        clickInto(timeout, QStringLiteral("5 sec"));
        QTest::keyClick(timeout, Qt::Key_Tab);
        const Scenario typed = m_editor->scenario();
        pick(kind);
        QCOMPARE(kind->currentText(), QStringLiteral("http")); // before: the next kind
        QCOMPARE(targetStack->currentWidget()->objectName(), QStringLiteral("httpPage"));
        QCOMPARE(m_editor->scenario(), typed);
        QCOMPARE(timeout->text(), QStringLiteral("5 sec"));
        QTRY_VERIFY(timeout->hasFocus());
        QVERIFY2(notice->text().contains(QStringLiteral("to change the target kind.")),
                 qPrintable(notice->text()));
        {
            const QSize size = m_editor->size();
            m_editor->resize(1024, 700);
            QCoreApplication::processEvents();
            see(timeout);
            QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
            QVERIFY(m_editor->grab().save(
                QStringLiteral(PUSHER_SCREENSHOT_DIR "/kind-kept-1024x700.png")));
            m_editor->resize(size);
        }
        // Ctrl+Z takes the text back; then the kind changes.
        QTest::keyClick(timeout, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(m_editor->unparsedText().isEmpty());
        pick(kind);
        QVERIFY(kind->currentText() != QStringLiteral("http"));
        QCOMPARE(m_editor->scenario().workers[1].target.kind, kind->currentData().toString());

        // The latency distribution: the synthetic worker's median.
        m_editor->setCurrentWorker(0);
        see(median);
        clickInto(median, QStringLiteral("20 msec"));
        QTest::keyClick(median, Qt::Key_Tab);
        const LatencySpec latency = m_editor->scenario().workers[0].target.latency;
        pick(distribution);
        QCOMPARE(distribution->currentText(), QStringLiteral("lognormal"));
        QCOMPARE(m_editor->scenario().workers[0].target.latency, latency);
        QVERIFY(median->isVisibleTo(m_editor.get()));
        QCOMPARE(median->text(), QStringLiteral("20 msec"));
        QTRY_VERIFY(median->hasFocus());
        QVERIFY2(notice->text().contains(QStringLiteral("to change the distribution.")),
                 qPrintable(notice->text()));
        QTest::keyClick(median, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(median->text(), QStringLiteral("20ms"));

        // The rate mode: a stage cell of the same worker typed over by keyboard.
        see(stages);
        QVERIFY(typeIntoCell(stages, 0, 0, QStringLiteral("ten seconds"), Qt::Key_Return));
        QTRY_COMPARE(m_editor->unparsedText().size(), 1);
        QCOMPARE(stages->item(0, 0)->text(), QStringLiteral("ten seconds"));
        const RateSpec rate = m_editor->scenario().workers[0].rate;
        pick(mode);
        QCOMPARE(mode->currentText(), QStringLiteral("stages"));
        QCOMPARE(m_editor->scenario().workers[0].rate, rate);
        QVERIFY(stages->isVisibleTo(m_editor.get()));
        QCOMPARE(stages->item(0, 0)->text(), QStringLiteral("ten seconds"));
        QVERIFY2(notice->text().contains(QStringLiteral("to change the rate mode.")),
                 qPrintable(notice->text()));
        QCOMPARE(m_editor->unparsedText().size(), 1);
    }

    // Tab leaves the editor's tables for the next field (a table moved Tab from cell to cell
    // and wrapped at its last: from the toolbar, Tab never reached the worker's form); the
    // cursor keys move between cells, and Tab in a cell being edited goes on to the next.
    void tabLeavesTheTables() {
        FIND(QTableView, workers, "workersView");
        FIND(QTableWidget, stages, "stagesTable");
        FIND(QTableWidget, headers, "headersTable");
        FIND(QScrollArea, scroll, "workerScroll");
        m_editor->show();
        QVERIFY(QTest::qWaitForWindowActive(m_editor.get()));
        // leaves says whether Tab, then Shift+Tab, take the focus out of `view`.
        const auto leaves = [](QAbstractItemView* view) {
            QTest::keyClick(view, Qt::Key_Tab);
            const bool forward = !view->isAncestorOf(QApplication::focusWidget()) &&
                                 QApplication::focusWidget() != view;
            view->setFocus();
            QTest::keyClick(view, Qt::Key_Backtab, Qt::ShiftModifier);
            const bool back = !view->isAncestorOf(QApplication::focusWidget()) &&
                              QApplication::focusWidget() != view;
            return forward && back;
        };
        const QModelIndex first = workers->model()->index(0, WorkerListModel::IdentColumn);
        QTest::mouseClick(workers->viewport(), Qt::LeftButton, {},
                          workers->visualRect(first).center());
        QTRY_VERIFY(workers->hasFocus());
        QVERIFY(leaves(workers));

        QCOMPARE(m_editor->currentWorker(), 0); // stages
        scrollTo(scroll, stages);
        QTest::mouseClick(stages->viewport(), Qt::LeftButton, {},
                          stages->visualItemRect(stages->item(0, 0)).center());
        QTRY_VERIFY(stages->hasFocus());
        QTest::keyClick(stages, Qt::Key_Right); // the cursor keys move between cells
        QCOMPARE(stages->currentColumn(), 1);
        QVERIFY(leaves(stages));
        // Editing, Tab commits and goes on to the next cell.
        stages->setFocus();
        stages->setCurrentCell(0, 0);
        QTest::keyClick(stages, Qt::Key_F2);
        QVERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget()));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(stages->currentColumn(), 1);
        QTRY_VERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget()));
        QVERIFY(stages->isAncestorOf(QApplication::focusWidget()));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);

        m_editor->setCurrentWorker(1); // http, with a header
        scrollTo(scroll, headers);
        QTest::mouseClick(headers->viewport(), Qt::LeftButton, {},
                          headers->visualItemRect(headers->item(0, 0)).center());
        QTRY_VERIFY(headers->hasFocus());
        QVERIFY(leaves(headers));
    }

    // Tab in the last cell being typed into commits it and leaves the table for the next
    // field, Shift+Tab in the first for the one before; in any other cell Tab still goes on
    // to the next (tabLeavesTheTables). Before, the last threshold's Tab opened the same
    // threshold again, where Ctrl+Z is the cell's own and undid nothing, and a header's
    // value's Tab opened its name again: Tab never left a table being typed into.
    void tabLeavesTheLastCellBeingTyped() {
        FIND(QListWidget, thresholds, "thresholdsList");
        FIND(QToolButton, thresholdAdd, "thresholdAddButton");
        FIND(QLineEdit, interval, "intervalEdit");
        QStringList before = m_editor->scenario().thresholds;
        // A threshold added with +, typed, Tab: it is committed and the list is left.
        QTest::mouseClick(thresholdAdd, Qt::LeftButton);
        QTRY_VERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget()));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(QApplication::focusWidget(), L("rps > 100"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QTRY_VERIFY(QApplication::focusWidget() != thresholds &&
                    !thresholds->isAncestorOf(QApplication::focusWidget()));
        QCOMPARE(m_editor->scenario().thresholds, before + QStringList{L("rps > 100")});
        // Ctrl+Z now reaches the document: the typing, then the added line, undone.
        undoKey();
        QCOMPARE(m_editor->scenario().thresholds, before + QStringList{L("p99 < 500ms")});
        undoKey();
        QCOMPARE(m_editor->scenario().thresholds, before);
        // Shift+Tab in the first threshold being typed into: committed, and Interval has the
        // focus, the field before the list.
        thresholds->setFocus();
        thresholds->setCurrentRow(0);
        QTest::keyClick(thresholds, Qt::Key_F2);
        QTRY_VERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget()));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(QApplication::focusWidget(), L("p90 < 1s"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab, Qt::ShiftModifier);
        QTRY_COMPARE(QApplication::focusWidget(), interval);
        QCOMPARE(m_editor->scenario().thresholds.first(), L("p90 < 1s"));

        // A header added to the http worker: name, Tab, value, Tab: the header is committed
        // and the table left; the Tab between them went on to the value's cell.
        FIND(QTableWidget, headers, "headersTable");
        FIND(QToolButton, headerAdd, "headerAddButton");
        FIND(QScrollArea, scroll, "workerScroll");
        QVERIFY(clickWorker(1));
        scrollTo(scroll, headerAdd);
        QTest::mouseClick(headerAdd, Qt::LeftButton);
        QTRY_VERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget()));
        QTest::keyClicks(QApplication::focusWidget(), L("X-Trace"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QTRY_VERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget()));
        QCOMPARE(headers->currentColumn(), 1);
        QTest::keyClicks(QApplication::focusWidget(), L("abc 123"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QTRY_VERIFY(QApplication::focusWidget() != headers &&
                    !headers->isAncestorOf(QApplication::focusWidget()));
        QCOMPARE(current().target.headers.last(), qMakePair(L("X-Trace"), L("abc 123")));
    }

    // Tab from the workers table goes to the selected worker's Ident, Shift+Tab from Ident
    // back to the table: the form's scroll area is no Tab stop of its own. It was one, which
    // shows no focus: Tab from the table seemed to go nowhere, and a second reached Ident.
    void tabGoesFromTheWorkersToIdent() {
        FIND(QTableView, workers, "workersView");
        FIND(QLineEdit, ident, "identEdit");
        QVERIFY(clickWorker(1));
        QTRY_VERIFY(workers->hasFocus());
        QTest::keyClick(workers, Qt::Key_Tab);
        QTRY_COMPARE(QApplication::focusWidget(), ident);
        QTest::keyClick(ident, Qt::Key_Backtab, Qt::ShiftModifier);
        QTRY_COMPARE(QApplication::focusWidget(), workers);
    }

    void everyFieldHasATooltipAndTakesFocus() {
        int fields = 0;
        for (QWidget* x : m_editor->findChildren<QWidget*>()) {
            const bool input =
                qobject_cast<QLineEdit*>(x) || qobject_cast<QComboBox*>(x) ||
                qobject_cast<QAbstractSpinBox*>(x) || qobject_cast<QPlainTextEdit*>(x) ||
                qobject_cast<QAbstractItemView*>(x) || qobject_cast<QAbstractButton*>(x);
            if (!input || x->objectName().isEmpty() || x->objectName().startsWith(u"qt_"))
                continue;
            ++fields;
            QVERIFY2(!x->toolTip().isEmpty(), qPrintable(x->objectName()));
            QVERIFY2(x->focusPolicy() & Qt::TabFocus, qPrintable(x->objectName()));
        }
        QVERIFY2(fields >= 50, qPrintable(QString::number(fields)));
    }

    void problemListGoesToTheField() {
        m_editor->setCurrentWorker(1);
        FIND(QLineEdit, url, "urlEdit");
        replaceText(url, QStringLiteral("nope"));
        m_editor->setCurrentWorker(0);
        FIND(QListWidget, problems, "problemsList");
        QCOMPARE(problems->count(), 1);
        // Worded with the worker and the field's label; the JSON path is in the tooltip.
        QVERIFY2(problems->item(0)->text().startsWith(QStringLiteral("Worker api › URL: ")),
                 qPrintable(problems->item(0)->text()));
        QVERIFY(!problems->item(0)->text().contains(QStringLiteral("workers[")));
        QVERIFY2(problems->item(0)->toolTip().startsWith(QStringLiteral("workers[1].target.url: ")),
                 qPrintable(problems->item(0)->toolTip()));
        // The worker's row in the table names the field the same way.
        const QString rowTip = m_editor->workerModel()
                                   ->index(1, WorkerListModel::IdentColumn)
                                   .data(Qt::ToolTipRole)
                                   .toString();
        QVERIFY2(rowTip.startsWith(QStringLiteral("URL: ")), qPrintable(rowTip));
        problems->setCurrentRow(0);
        emit problems->itemActivated(problems->item(0));
        QCOMPARE(m_editor->currentWorker(), 1);
        QVERIFY(url->hasFocus());
        QVERIFY(url->isVisible());
        QCOMPARE(url->text(), QStringLiteral("nope"));
    }

    // What a run's preparation refuses is listed as the user types, named by the field and
    // the path, and Start is refused; the file made and its name typed, the problem goes.
    // A data file: not there, then there, then one with no rows.
    void missingDataFileIsListed() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_editor->setBaseDir(dir.path());
        QSignalSpy validity(m_editor.get(), &ScenarioEditor::validityChanged);
        QVERIFY(clickWorker(1));
        QTRY_VERIFY(!m_editor->isChecking());
        QVERIFY2(m_editor->isValid(), qPrintable(listed(*m_editor).join(u'\n')));
        FIND(QLabel, label, "problemsLabel");
        QCOMPARE(label->text(), QStringLiteral("No problems: the scenario can run."));

        // A data file that is not there.
        FIND(QLineEdit, dataFile, "dataFileEdit");
        clickInto(dataFile, QStringLiteral("users.csv"));
        const QString users = dir.filePath(QStringLiteral("users.csv"));
        const QString missing =
            QStringLiteral("Worker api › Data file: %1: no such file").arg(users);
        QTRY_VERIFY2(listed(*m_editor).contains(missing),
                     qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(!m_editor->isValid());
        QCOMPARE(validity.count(), 1);
        QCOMPARE(validity.last().at(0).toBool(), false);
        QCOMPARE(dataFile->property("invalid").toBool(), true);
        QVERIFY2(dataFile->toolTip().contains(users), qPrintable(dataFile->toolTip()));
        QCOMPARE(label->text(), QStringLiteral("1 &problem:"));
        // The preview's line under the field says it too, wrapped: the long path does not
        // widen the form (which would scroll sideways and cut the labels off).
        FIND(QLabel, dataStatus, "dataStatusLabel");
        QVERIFY2(dataStatus->text().contains(users), qPrintable(dataStatus->text()));
        FIND(QScrollArea, scroll, "workerScroll");
        QCoreApplication::processEvents();
        QCOMPARE(scroll->horizontalScrollBar()->maximum(), 0);
        // The line goes to the field.
        auto* list = m_editor->findChild<QListWidget*>(QStringLiteral("problemsList"));
        QVERIFY(list);
        QCOMPARE(list->item(0)->data(Qt::UserRole).toString(),
                 QStringLiteral("workers[1].data.file"));

        // The file made (it was not there while the name was typed) and its name typed.
        {
            QFile csv(dir.filePath(QStringLiteral("orders.csv")));
            QVERIFY(csv.open(QIODevice::WriteOnly));
            csv.write("id,sku\n1,42\n");
        }
        clickInto(dataFile, QStringLiteral("orders.csv"));
        QTRY_VERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(m_editor->isValid());
        QCOMPARE(validity.last().at(0).toBool(), true);
        QCOMPARE(dataFile->property("invalid").toBool(), false);
        QCOMPARE(label->text(), QStringLiteral("No problems: the scenario can run."));

        // A file with no rows: the run's own reading of it says why.
        {
            QFile csv(dir.filePath(QStringLiteral("empty.csv")));
            QVERIFY(csv.open(QIODevice::WriteOnly));
            csv.write("id,sku\n");
        }
        clickInto(dataFile, QStringLiteral("empty.csv"));
        QTRY_VERIFY2(listed(*m_editor).contains(
                         QStringLiteral("Worker api › Data file: %1: no rows after the header line")
                             .arg(dir.filePath(QStringLiteral("empty.csv")))),
                     qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(!m_editor->isValid());
        clickInto(dataFile, QStringLiteral("orders.csv"));
        QTRY_VERIFY(m_editor->isValid());
    }

    // The TLS files of an https worker: a CA file and a client certificate that are not there.
    void missingTlsFilesAreListed() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_editor->setBaseDir(dir.path());
        QSignalSpy validity(m_editor.get(), &ScenarioEditor::validityChanged);
        QVERIFY(clickWorker(1));
        QTRY_VERIFY(!m_editor->isChecking());
        QVERIFY2(m_editor->isValid(), qPrintable(listed(*m_editor).join(u'\n')));

        // A CA file that is not there, on an https URL (http:// reads no TLS file).
        FIND(QLineEdit, url, "urlEdit");
        FIND(QLineEdit, caFile, "caFileEdit");
        clickInto(url, QStringLiteral("https://127.0.0.1:8443/orders"));
        clickInto(caFile, QStringLiteral("pki/ca.pem"));
        const QString ca = dir.filePath(QStringLiteral("pki/ca.pem"));
        QTRY_VERIFY2(
            !listed(*m_editor)
                 .filter(QStringLiteral("Worker api › CA file: cannot load \"%1\"").arg(ca))
                 .isEmpty(),
            qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(!m_editor->isValid());
        QCOMPARE(validity.last().at(0).toBool(), false);
        QCOMPARE(caFile->property("invalid").toBool(), true);
        QVERIFY(hasProblem(*m_editor, QStringLiteral("workers[1].target.ca_file"), ca));
        // Made, and typed again: gone.
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("pki")));
        QVERIFY(makePki(dir.filePath(QStringLiteral("pki"))));
        clickInto(caFile, QStringLiteral("pki/ca.pe"));
        QTest::keyClicks(caFile, QStringLiteral("m"));
        QTRY_VERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(m_editor->isValid());
        QCOMPARE(caFile->property("invalid").toBool(), false);
        // A client certificate that is not there.
        FIND(QLineEdit, clientCert, "clientCertEdit");
        clickInto(clientCert, QStringLiteral("pki/me.pem"));
        QTRY_VERIFY2(!listed(*m_editor)
                          .filter(QStringLiteral("Worker api › Client cert: cannot load \"%1\"")
                                      .arg(dir.filePath(QStringLiteral("pki/me.pem"))))
                          .isEmpty(),
                     qPrintable(listed(*m_editor).join(u'\n')));
        QCOMPARE(clientCert->property("invalid").toBool(), true);
        clickInto(clientCert, QStringLiteral("pki/client.pem"));
        FIND(QLineEdit, clientKey, "clientKeyEdit");
        clickInto(clientKey, QStringLiteral("pki/client.key"));
        QTRY_VERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(m_editor->isValid());
        QCOMPARE(validity.last().at(0).toBool(), true);
    }

    // A command's program not found in PATH: the disabled command worker enabled first.
    void missingProgramIsListed() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_editor->setBaseDir(dir.path());
        QSignalSpy validity(m_editor.get(), &ScenarioEditor::validityChanged);
        QVERIFY(clickWorker(3));
        QTRY_VERIFY(!m_editor->isChecking());
        QVERIFY2(m_editor->isValid(), qPrintable(listed(*m_editor).join(u'\n')));

        // A command whose program is not found: the script worker, enabled with its button.
        QCOMPARE(current().ident, QStringLiteral("script"));
        FIND(QToolButton, enable, "enableWorkerButton");
        QTest::mouseClick(enable, Qt::LeftButton);
        QVERIFY(current().enabled);
        FIND(QLineEdit, program, "programEdit");
        clickInto(program, QStringLiteral("pusher-no-such-program"));
        QTRY_VERIFY2(
            listed(*m_editor).contains(QStringLiteral(
                "Worker script › Program: \"pusher-no-such-program\" is not found in PATH")),
            qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(!m_editor->isValid());
        QCOMPARE(program->property("invalid").toBool(), true);
        clickInto(program, QStringLiteral("true"));
        QTRY_VERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(m_editor->isValid());
        QCOMPARE(validity.last().at(0).toBool(), true);
    }

    // A missing file is listed beside the validator's problems of other workers and of the
    // scenario (which stop a run's preparation before it opens a target's files).
    void fileProblemsAreListedBesideOtherProblems() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_editor->setBaseDir(dir.path());
        QVERIFY(clickWorker(1));
        FIND(QLineEdit, url, "urlEdit");
        FIND(QLineEdit, caFile, "caFileEdit");
        clickInto(url, QStringLiteral("https://127.0.0.1:8443/orders"));
        clickInto(caFile, QStringLiteral("ca.pem"));
        const QString missing = QStringLiteral("Worker api › CA file: cannot load \"%1\"")
                                    .arg(dir.filePath(QStringLiteral("ca.pem")));
        QTRY_VERIFY2(!listed(*m_editor).filter(missing).isEmpty(),
                     qPrintable(listed(*m_editor).join(u'\n')));
        // The tcp worker's address loses its port: a problem of the validator.
        QVERIFY(clickWorker(2));
        FIND(QLineEdit, address, "addressEdit");
        clickInto(address, QStringLiteral("127.0.0.1"));
        QTRY_VERIFY(!m_editor->isChecking());
        QVERIFY2(!listed(*m_editor).filter(QStringLiteral("Worker cache › Address")).isEmpty(),
                 qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY2(!listed(*m_editor).filter(missing).isEmpty(),
                 qPrintable(listed(*m_editor).join(u'\n')));
        // And the scenario's interval too.
        FIND(QLineEdit, interval, "intervalEdit");
        clickInto(interval, QStringLiteral("5ms"));
        QTRY_VERIFY(!m_editor->isChecking());
        QVERIFY2(!listed(*m_editor).filter(QStringLiteral("Interval: ")).isEmpty(),
                 qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY2(!listed(*m_editor).filter(missing).isEmpty(),
                 qPrintable(listed(*m_editor).join(u'\n')));
        QCOMPARE(listed(*m_editor).size(), 3);
    }

    // A `${name}` that the run cannot fill (no such variable in the app's environment, no
    // such column in the data file) is listed as the run would refuse it; the column typed
    // right, it goes.
    void unsetVariablesAreListed() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        {
            QFile csv(dir.filePath(QStringLiteral("users.csv")));
            QVERIFY(csv.open(QIODevice::WriteOnly));
            csv.write("id,email\n1,ada@example.com\n");
        }
        m_editor->setBaseDir(dir.path());
        QVERIFY(clickWorker(1));
        FIND(QLineEdit, url, "urlEdit");
        clickInto(url, QStringLiteral("http://${PUSHER_TEST_NO_SUCH_HOST}/orders"));
        QTRY_VERIFY2(listed(*m_editor).contains(QStringLiteral(
                         "Worker api › URL: environment variable PUSHER_TEST_NO_SUCH_HOST is "
                         "not set")),
                     qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(!m_editor->isValid());
        QCOMPARE(url->property("invalid").toBool(), true);
        // A data file's column, misspelt, then right.
        FIND(QLineEdit, dataFile, "dataFileEdit");
        clickInto(dataFile, QStringLiteral("users.csv"));
        clickInto(url, QStringLiteral("http://127.0.0.1:8080/users/${userid}"));
        QTRY_VERIFY2(
            listed(*m_editor).contains(
                QStringLiteral("Worker api › URL: ${userid} is neither a column of %1 (columns: "
                               "id, email) nor a set environment variable")
                    .arg(dir.filePath(QStringLiteral("users.csv")))),
            qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(!m_editor->isValid());
        clickInto(url, QStringLiteral("http://127.0.0.1:8080/users/${id}"));
        QTRY_VERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(m_editor->isValid());
    }

    // A journey's CA file (under Connections and TLS, for every step) is checked as an http
    // target's: typed and not there, its field is marked; made, the problem goes.
    void journeyTlsFileIsListed() {
        const ScenarioParse parse = Scenario::fromJson(
            "{\"version\": 1, \"name\": \"shop\", \"duration\": \"10s\", \"workers\": [{"
            "\"ident\": \"shop\", \"rate\": {\"rps\": 5}, \"target\": {\"kind\": \"flow\", "
            "\"steps\": [{\"name\": \"login\", \"method\": \"POST\", "
            "\"url\": \"https://127.0.0.1:8443/login\"}, "
            "{\"name\": \"order\", \"url\": \"https://127.0.0.1:8443/order\"}]}}]}");
        QVERIFY2(parse.ok(), qPrintable(parse.problems.value(0).toString()));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_editor->setBaseDir(dir.path());
        m_editor->setScenario(parse.scenario);
        QTRY_VERIFY(!m_editor->isChecking());
        QVERIFY2(m_editor->isValid(), qPrintable(listed(*m_editor).join(u'\n')));
        FIND(QLineEdit, caFile, "flowCaFileEdit");
        FIND(QScrollArea, scroll, "workerScroll");
        scrollTo(scroll, caFile);
        clickInto(caFile, QStringLiteral("ca.pem"));
        const QString ca = dir.filePath(QStringLiteral("ca.pem"));
        QTRY_VERIFY2(
            !listed(*m_editor)
                 .filter(QStringLiteral("Worker shop › CA file: cannot load \"%1\"").arg(ca))
                 .isEmpty(),
            qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(!m_editor->isValid());
        QCOMPARE(caFile->property("invalid").toBool(), true);
        QVERIFY(makePki(dir.path()));
        clickInto(caFile, QStringLiteral("ca.pe"));
        QTest::keyClicks(caFile, QStringLiteral("m"));
        QTRY_VERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(m_editor->isValid());
        QCOMPARE(caFile->property("invalid").toBool(), false);
    }

    // The run's check is no stricter than the run: every shipped scenario, opened from its
    // folder, lists nothing (http-constant.json's ${API_TOKEN} set, as its run needs).
    void shippedScenariosListNothing_data() {
        QTest::addColumn<QString>("file");
        for (const char* folder : {"/resources/scenarios", "/examples/scenarios"}) {
            const QDir dir(QStringLiteral(PUSHER_SOURCE_DIR) + QLatin1String(folder));
            const QStringList names = dir.entryList({QStringLiteral("*.json")}, QDir::Files);
            for (const QString& name : names)
                QTest::newRow(qPrintable(name)) << dir.filePath(name);
        }
    }
    void shippedScenariosListNothing() {
        QFETCH(QString, file);
        QFile in(file);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const ScenarioParse parse = Scenario::fromJson(in.readAll());
        QVERIFY2(parse.ok(), qPrintable(parse.problems.value(0).toString()));
        QTRY_VERIFY(!m_editor->isChecking()); // no check reads the environment meanwhile
        qputenv("API_TOKEN", "shipped-scenario-test");
        const auto unset = qScopeGuard([] { qunsetenv("API_TOKEN"); });
        m_editor->setBaseDir(QFileInfo(file).absolutePath());
        m_editor->setScenario(parse.scenario);
        QTRY_VERIFY(!m_editor->isChecking());
        QVERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(m_editor->isValid());
    }

    // A think time typed the wrong way round ("800ms-200ms") is refused by the field with
    // what is wrong with the text: the validator said "Think time: must be at least min", a
    // key the field does not show. The text is not taken until it is right, and
    // the list says nothing of the value the typing went through ("800m", 800 minutes: "must
    // be at most 1h"), which the field does not show.
    void thinkTimeTheWrongWayRoundSaysSo() {
        QFile in(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        const ScenarioParse parse = Scenario::fromJson(in.readAll());
        QVERIFY(parse.ok());
        m_editor->setScenario(parse.scenario); // File › Open
        FIND(QListWidget, steps, "flowStepsList");
        FIND(QLineEdit, think, "stepThinkEdit");
        QTRY_VERIFY(steps->isVisible() && steps->count() >= 2);
        QTest::mouseClick(steps->viewport(), Qt::LeftButton, {},
                          steps->visualItemRect(steps->item(1)).center());
        QCOMPARE(steps->currentRow(), 1);
        const QString name = m_editor->scenario().workers[0].target.steps[1].name;
        clickInto(think, L("800ms-200ms"));
        QTest::keyClick(think, Qt::Key_Tab);
        QCOMPARE(listed(*m_editor),
                 QStringList{L("Worker checkout › Step %1 › Think time: think time "
                               "\"800ms-200ms\" ends before it starts (expected the shorter "
                               "first, e.g. 200ms-800ms)")
                                 .arg(name)});
        QCOMPARE(think->text(), L("800ms-200ms"));
        QCOMPARE(m_editor->unparsedText().size(), 1);
        QCOMPARE(m_editor->unparsedText().first().path, L("workers[0].target.steps[1].think"));
        QVERIFY(!m_editor->isValid());
        // The right way round: taken, nothing listed.
        clickInto(think, L("200ms-800ms"));
        QTest::keyClick(think, Qt::Key_Tab);
        QTRY_VERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
        QCOMPARE(m_editor->scenario().workers[0].target.steps[1].think.max, Duration(800ms));
    }

    // Fields save key by key: "1s-500ms" passes through "1s-500m" (1s to 8h20m, a valid
    // think time), and the final text is no think time (it ends before it starts). The
    // scenario, what a save writes and a run uses, kept 8h20m while the field showed the text.
    // Now it holds the value from before the typing, and Ctrl+Z shows that value again.
    void textThatIsNoValueKeepsTheValueFromBeforeTheTyping() {
        QFile in(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        const ScenarioParse parse = Scenario::fromJson(in.readAll());
        QVERIFY(parse.ok());
        m_editor->setScenario(parse.scenario); // File › Open
        FIND(QListWidget, steps, "flowStepsList");
        FIND(QLineEdit, think, "stepThinkEdit");
        FIND(QLineEdit, duration, "durationEdit");
        QTRY_VERIFY(steps->isVisible() && steps->count() >= 2);
        QTest::mouseClick(steps->viewport(), Qt::LeftButton, {},
                          steps->visualItemRect(steps->item(1)).center());
        QCOMPARE(steps->currentRow(), 1);
        const Scenario before = m_editor->scenario();
        const QString thinkBefore = think->text();
        const int commands = m_editor->undoStack()->count();
        clickInto(think, L("1s-500ms"));
        QCOMPARE(think->text(), L("1s-500ms"));
        QCOMPARE(m_editor->unparsedText().size(), 1);
        QVERIFY2(m_editor->scenario() == before,
                 m_editor->scenario().toJson().constData()); // not 1s to 8h20m
        QCOMPARE(m_editor->undoStack()->count(), commands);
        QVERIFY(!m_editor->undoStack()->canRedo()); // no value the user never typed
        // Ctrl+Z takes the text back: the think time from before the typing.
        QTest::keyClick(think, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(think->text(), thinkBefore);
        QVERIFY(m_editor->unparsedText().isEmpty());
        QVERIFY(m_editor->scenario() == before);
        // Typed right, it is taken; a duration typed through a value ("1m" of "1m30x") too.
        clickInto(think, L("1s-5s"));
        QCOMPARE(m_editor->scenario().workers[0].target.steps[1].think.max, Duration(5s));
        const Scenario typed = m_editor->scenario();
        clickInto(duration, L("1m30x"));
        QCOMPARE(m_editor->unparsedText().size(), 1);
        QVERIFY(m_editor->scenario() == typed);
        QTest::keyClick(duration, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(duration->text(), L("30s"));
        QTest::keyClick(duration, Qt::Key_Z, Qt::ControlModifier); // and the think time typed
        QVERIFY(m_editor->scenario() == before);
    }

    // A number typed out of a spin box's range is taken as typed and the problem listed, as
    // a text field's value is: the box refused "1.5" as the error ratio (it ended "1.", and 1
    // means every call fails), showed "-4" in RPS as "- rps" and put it back on Tab, and put
    // 0 Ranks back to 1, saying nothing. The arrow keys keep to the range.
    void spinBoxesTakeWhatIsTypedAndSayWhy() {
        auto typeInto = [](QAbstractSpinBox* box, const QString& text) {
            QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(box->width() / 3, box->height() / 2));
            QTest::keyClick(box, Qt::Key_A, Qt::ControlModifier);
            QTest::keyClicks(box, text);
            QTest::keyClick(box, Qt::Key_Tab);
        };
        FIND(QDoubleSpinBox, errorRatio, "errorRatioSpin");
        m_editor->setCurrentWorker(0);
        QTRY_VERIFY(errorRatio->isVisible());
        typeInto(errorRatio, L("1.5"));
        QCOMPARE(errorRatio->text(), L("1.5"));
        QCOMPARE(m_editor->scenario().workers[0].target.errorRatio, 1.5);
        QVERIFY2(listed(*m_editor).contains(L("Worker think › Error ratio: must be from 0 to 1")),
                 qPrintable(listed(*m_editor).join(u'\n')));
        QCOMPARE(errorRatio->property("invalid").toBool(), true);
        QVERIFY(!m_editor->isValid());
        typeInto(errorRatio, L("0.5"));
        QCOMPARE(m_editor->scenario().workers[0].target.errorRatio, 0.5);

        m_editor->setCurrentWorker(1);
        FIND(QDoubleSpinBox, rps, "rpsSpin");
        QTRY_VERIFY(rps->isVisible());
        typeInto(rps, L("-4"));
        QCOMPARE(rps->text(), L("-4 rps"));
        QCOMPARE(m_editor->scenario().workers[1].rate.rps, -4.0);
        QVERIFY2(listed(*m_editor).contains(L("Worker api › RPS: must be positive")),
                 qPrintable(listed(*m_editor).join(u'\n')));
        typeInto(rps, L("0"));
        rps->setFocus();
        QTest::keyClick(rps, Qt::Key_Down); // the arrows keep to the range
        QCOMPARE(m_editor->scenario().workers[1].rate.rps, 0.0);
        typeInto(rps, L("20"));
        QCOMPARE(m_editor->scenario().workers[1].rate.rps, 20.0);

        FIND(QComboBox, runOn, "runOnCombo");
        FIND(QSpinBox, ranks, "ranksSpin");
        runOn->setFocus();
        QTest::keyClick(runOn, Qt::Key_Down);
        QTRY_VERIFY(ranks->isVisible());
        typeInto(ranks, L("0"));
        QCOMPARE(ranks->text(), L("0"));
        QCOMPARE(m_editor->scenario().distributed.ranks, 0);
        QVERIFY2(listed(*m_editor).contains(L("Ranks: must be from 1 to 1024")),
                 qPrintable(listed(*m_editor).join(u'\n')));
        // The box is no wider than its range needs (the form's width depends on it).
        QSpinBox narrow(ranks->parentWidget());
        narrow.setRange(1, 1024);
        narrow.ensurePolished();
        QCOMPARE(ranks->sizeHint().width(), narrow.sizeHint().width());
    }

    // Every number box takes what is typed, as a person types it, and says what is wrong with
    // it. Text that is no number the box can hold stays as typed through Tab and Return, is
    // listed ("Worker api › Connections: "-" is not a whole number"), framed red, and the
    // scenario keeps its value; a number out of the field's range goes in and the validator
    // lists why. The boxes refused such keys without a word: '-' in Connections (0, "as many
    // as needed", was its least value), the 'e' of 1e99 (which then read 199), '1,5' read as
    // 15 in a whole-number box; and put their value back over "abc" or nothing on Tab.
    // A number box with a problem is framed red and keeps its up and down arrows, in the
    // light and the dark palette. (The frame was a style-sheet border, with which Qt drew the
    // box in the style-sheet style: its buttons blank.)
    void aNumberBoxWithAProblemKeepsItsArrows_data() {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }
    void aNumberBoxWithAProblemKeepsItsArrows() {
        QFETCH(bool, dark);
        const QPalette palette = QApplication::palette();
        const auto restore = qScopeGuard([&] { QApplication::setPalette(palette); });
        if (dark) { // as pusher --dark: the palette before the window
            cleanup();
            QApplication::setPalette(darkPalette());
            init();
        }
        FIND(QScrollArea, scroll, "workerScroll");
        QVERIFY(clickWorker(1));
        FIND(QSpinBox, spin, "connectionsSpin");
        QTRY_VERIFY(spin->isVisible());
        scrollTo(scroll, spin);
        QLineEdit* edit = spin->findChild<QLineEdit*>();
        QVERIFY(edit);
        // The buttons are right of the text, inside the frame, the up button above the down
        // one; each arrow is drawn in the middle of its button (its middle half here, clear
        // of the buttons' edges).
        const QRect buttons(QPoint(edit->geometry().right() + 1, 3),
                            QPoint(spin->width() - 4, spin->height() - 4));
        QVERIFY2(buttons.width() >= 8, qPrintable(QString::number(buttons.width())));
        auto middle = [](const QRect& r) {
            return r.adjusted(r.width() / 4, r.height() / 4, -r.width() / 4, -r.height() / 4);
        };
        const QRect up = middle(buttons.adjusted(0, 0, 0, -buttons.height() / 2));
        const QRect down = middle(buttons.adjusted(0, buttons.height() / 2, 0, 0));
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        const QString name = dark ? L("dark") : L("light");
        auto arrowsIn = [&](const QImage& image) {
            return QString(L("up %1, down %2 pixels of arrow"))
                .arg(arrowInk(image, up))
                .arg(arrowInk(image, down));
        };
        const QImage plain = spin->grab().toImage();
        QVERIFY(
            plain.save(QStringLiteral(PUSHER_SCREENSHOT_DIR "/number-box-") + name + L(".png")));
        QVERIFY2(arrowInk(plain, up) >= 3 && arrowInk(plain, down) >= 3,
                 qPrintable(arrowsIn(plain)));

        QTest::mouseClick(edit, Qt::LeftButton, {}, QPoint(edit->width() / 3, edit->height() / 2));
        QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(edit, L("-"));
        QTest::keyClick(edit, Qt::Key_Tab);
        QTRY_VERIFY(spin->property("invalid").toBool());
        const QImage framed = spin->grab().toImage();
        QVERIFY(framed.save(QStringLiteral(PUSHER_SCREENSHOT_DIR "/number-box-problem-") + name +
                            L(".png")));
        QVERIFY2(arrowInk(framed, up) >= 3 && arrowInk(framed, down) >= 3,
                 qPrintable(arrowsIn(framed)));
        // Framed red: the left edge, half way down.
        const QColor edge = framed.pixelColor(0, framed.height() / 2);
        QVERIFY2(edge.red() > 180 && edge.green() < 110 && edge.blue() < 110,
                 qPrintable(edge.name()));
        QCoreApplication::processEvents(); // the layout requests of the page just shown
        QVERIFY(m_editor->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/editor-number-problem-") + name + L(".png")));
    }

    // A combo box with a problem (or a warning) drew its drop-down button unlike every other
    // combo's: its red (amber) frame was a style-sheet border, and a border on a QComboBox
    // makes Qt draw the whole box in the style-sheet style, whose drop-down is a bare arrow
    // without the button's face and separator. The combos paint the frame over their own
    // look now, as the number boxes do (aNumberBoxWithAProblemKeepsItsArrows). The drop-down
    // button's inside (the style's arrow area, clear of the frame) is grabbed before and
    // after each combo is framed: an editable one (the method, "G T" typed) and a chosen one
    // (the version, 2 over http:// with Follow redirects), in light and dark palettes.
    void aComboWithAProblemKeepsItsDropDown_data() {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }
    void aComboWithAProblemKeepsItsDropDown() {
        QFETCH(bool, dark);
        const QPalette palette = QApplication::palette();
        const auto restore = qScopeGuard([&] { QApplication::setPalette(palette); });
        if (dark) { // as pusher --dark: the palette before the window
            cleanup();
            QApplication::setPalette(darkPalette());
            init();
        }
        FIND(QScrollArea, scroll, "workerScroll");
        QVERIFY(clickWorker(1));
        FIND(QComboBox, method, "methodCombo");
        FIND(QComboBox, version, "versionCombo");
        FIND(QCheckBox, follow, "followRedirectsCheck");
        QTRY_VERIFY(method->isVisible());
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        const QString name = dark ? L("dark") : L("light");
        // arrowArea is the drop-down button's inside as the combo's style places it, less
        // 4 px on each side of the box (the frame, 2 px, and its antialiasing).
        const auto arrowArea = [](QComboBox* combo) {
            QStyleOptionComboBox option;
            option.initFrom(combo);
            option.editable = combo->isEditable();
            option.subControls = QStyle::SC_All;
            const QRect arrow = combo->style()->subControlRect(QStyle::CC_ComboBox, &option,
                                                               QStyle::SC_ComboBoxArrow, combo);
            return arrow.intersected(combo->rect().adjusted(4, 4, -4, -4));
        };
        // differing counts the pixels of `area` that differ between two grabs.
        const auto differing = [](const QImage& a, const QImage& b, const QRect& area) {
            int n = 0;
            for (int y = area.top(); y <= area.bottom(); ++y)
                for (int x = area.left(); x <= area.right(); ++x)
                    n += std::abs(qGray(a.pixel(x, y)) - qGray(b.pixel(x, y))) > 24;
            return n;
        };
        // (The mouse away from the combos: hovered, a button is drawn lighter.)
        const auto mouseAway = [&] {
            QTest::mouseMove(m_editor.get(), QPoint(1, 1));
            QCoreApplication::processEvents();
        };
        const auto check = [&](QComboBox* combo, const QImage& plain, const QString& what) {
            QTRY_VERIFY2(combo->property("invalid").toBool(), qPrintable(what));
            QTRY_VERIFY(!combo->hasFocus());
            mouseAway();
            const QImage framed = combo->grab().toImage();
            QVERIFY(framed.save(QStringLiteral(PUSHER_SCREENSHOT_DIR "/combo-problem-") + what +
                                L("-") + name + L(".png")));
            const QRect area = arrowArea(combo);
            QVERIFY2(area.width() >= 6 && area.height() >= 6, qPrintable(what));
            QVERIFY2(arrowInk(plain, area) >= 3, qPrintable(what));
            QVERIFY2(differing(plain, framed, area) == 0,
                     qPrintable(QString(L("%1: %2 of the drop-down's %3 pixels differ from the "
                                          "unframed combo's"))
                                    .arg(what)
                                    .arg(differing(plain, framed, area))
                                    .arg(area.width() * area.height())));
            // Framed red: the left edge, half way down.
            const QColor edge = framed.pixelColor(0, framed.height() / 2);
            QVERIFY2(edge.red() > 180 && edge.green() < 110 && edge.blue() < 110,
                     qPrintable(what + L(": ") + edge.name()));
        };

        // The method: "G T" typed over it (an invalid method), then Tab.
        scrollTo(scroll, method);
        mouseAway();
        const QImage methodPlain = method->grab().toImage();
        QVERIFY(methodPlain.save(QStringLiteral(PUSHER_SCREENSHOT_DIR "/combo-method-") + name +
                                 L(".png")));
        QLineEdit* methodEdit = method->lineEdit();
        QVERIFY(methodEdit);
        clickInto(methodEdit, L("G T"));
        QTest::keyClick(methodEdit, Qt::Key_Tab);
        check(method, methodPlain, L("method"));
        if (QTest::currentTestFailed())
            return;

        // The version: Follow redirects checked, then 2 chosen in its list (a click opens it,
        // Down to 2, Return).
        scrollTo(scroll, version);
        mouseAway();
        const QImage versionPlain = version->grab().toImage();
        QVERIFY(versionPlain.save(QStringLiteral(PUSHER_SCREENSHOT_DIR "/combo-version-") + name +
                                  L(".png")));
        scrollTo(scroll, follow);
        if (!follow->isChecked())
            QTest::mouseClick(follow, Qt::LeftButton, {}, follow->rect().center());
        QTRY_VERIFY(follow->isChecked());
        scrollTo(scroll, version);
        QTest::mouseClick(version, Qt::LeftButton, {}, version->rect().center());
        QAbstractItemView* list = version->view();
        QTRY_VERIFY(list->isVisible());
        const int two = version->findText(L("2"));
        for (int i = 0; i < version->count() && list->currentIndex().row() != two; ++i)
            QTest::keyClick(list, Qt::Key_Down);
        QCOMPARE(list->currentIndex().row(), two);
        QTest::keyClick(list, Qt::Key_Return);
        QTRY_VERIFY(!list->isVisible());
        QCOMPARE(version->currentText(), L("2"));
        QTest::keyClick(version, Qt::Key_Tab); // on, as the method's was left
        check(version, versionPlain, L("version"));
        QCoreApplication::processEvents(); // the layout requests of the page just shown
        QVERIFY(m_editor->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/editor-combo-problem-") + name + L(".png")));
    }

    void numberBoxesTakeWhatIsTyped_data() {
        QTest::addColumn<QString>("box");
        QTest::addColumn<QString>("label");
        QTest::addColumn<bool>("whole");
        const QList<std::tuple<const char*, const char*, bool>> rows = {
            {"ranksSpin", "Ranks", true},
            {"connectionsSpin", "Worker api › Connections", true},
            {"streamsSpin", "Worker api › Streams per connection", true},
            {"overtimeSpin", "Worker api › Overtime", true},
            {"forceSpin", "Worker api › Force", true},
            {"rpsSpin", "Worker api › RPS", false},
            {"errorRatioSpin", "Worker think › Error ratio", false},
            {"stagesFromSpin", "Worker think › From", false},
            {"readBytesSpin", "Worker cache › Read", true},
            {"rampFromSpin", "Worker cache › From", false},
            {"rampToSpin", "Worker cache › To", false},
            {"flowConnectionsSpin", "Worker shop › Connections", true},
        };
        for (const auto& [box, label, whole] : rows)
            QTest::newRow(box) << L(box) << L(label) << whole;
    }
    void numberBoxesTakeWhatIsTyped() {
        QFETCH(QString, box);
        QFETCH(QString, label);
        QFETCH(bool, whole);
        FIND(QScrollArea, scroll, "workerScroll");
        if (box == u"flowConnectionsSpin") {
            const ScenarioParse parse = Scenario::fromJson(
                "{\"version\": 1, \"name\": \"j\", \"duration\": \"1s\", \"workers\": [{"
                "\"ident\": \"shop\", \"rate\": {\"rps\": 1}, \"target\": {\"kind\": \"flow\", "
                "\"steps\": [{\"name\": \"login\", \"url\": \"http://127.0.0.1:1/login\"}]}}]}");
            QVERIFY2(parse.ok(), qPrintable(parse.problems.value(0).toString()));
            m_editor->setScenario(parse.scenario);
        } else if (box == u"ranksSpin") {
            FIND(QComboBox, runOn, "runOnCombo");
            runOn->setFocus();
            QTest::keyClick(runOn, Qt::Key_Down); // MPI: Ranks shown
        } else {
            const int row = label.contains(u"think") ? 0 : label.contains(u"cache") ? 2 : 1;
            QVERIFY(clickWorker(row));
        }
        auto* spin = m_editor->findChild<QAbstractSpinBox*>(box);
        QVERIFY(spin);
        QTRY_VERIFY(spin->isVisible());
        if (spin->parentWidget() && scroll->isAncestorOf(spin))
            scrollTo(scroll, spin);
        QLineEdit* edit = spin->findChild<QLineEdit*>();
        QVERIFY(edit);
        const QString shown = edit->text();
        const QString suffix = spin->property("suffix").toString().trimmed();
        // typed is what the box shows of what was typed (it keeps its suffix after it).
        auto typed = [&] {
            QString text = edit->text().trimmed();
            if (!suffix.isEmpty() && text.endsWith(suffix))
                text.chop(suffix.size());
            return text.trimmed();
        };
        auto typeInto = [&](const QString& text, Qt::Key end) {
            QTest::mouseClick(edit, Qt::LeftButton, {},
                              QPoint(edit->width() / 3, edit->height() / 2));
            QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
            if (text.isEmpty())
                QTest::keyClick(edit, Qt::Key_Backspace);
            else
                QTest::keyClicks(edit, text);
            QTest::keyClick(edit, end);
        };
        const Scenario before = m_editor->scenario();
        const QString noNumber = whole ? L("is not a whole number") : L("is not a number");
        const QList<std::tuple<QString, Qt::Key, QString>> notNumbers = {
            {L("-"), Qt::Key_Tab, L("\"-\" ") + noNumber},
            {L("abc"), Qt::Key_Return, L("\"abc\" ") + noNumber},
            {L("1e99"), Qt::Key_Tab, L("\"1e99\" is out of range (")},
            {QString(), Qt::Key_Tab,
             whole ? L("is required (a whole number)") : L("is required (a number)")},
        };
        for (const auto& [text, end, says] : notNumbers) {
            typeInto(text, end);
            QCOMPARE(typed(), text); // as typed, after Tab or Return
            const QString line = label + L(": ") + says;
            QVERIFY2(listed(*m_editor).filter(line).size() == 1,
                     qPrintable(text + L(": ") + listed(*m_editor).join(u'\n')));
            QCOMPARE(spin->property("invalid").toBool(), true);
            QVERIFY(!m_editor->isValid());
            QVERIFY(m_editor->scenario() == before); // the value as it was
        }
        // More decimals than a rate's or the ratio's box shows were rounded away on Tab.
        if (!whole) {
            typeInto(L("0.12345"), Qt::Key_Tab);
            QCOMPARE(typed(), L("0.12345"));
            QVERIFY2(!listed(*m_editor).filter(label + L(": \"0.12345\" has more than ")).isEmpty(),
                     qPrintable(listed(*m_editor).join(u'\n')));
            QVERIFY(m_editor->scenario() == before);
        }
        // A comma: a whole number's is no number; a rate's or ratio's is the decimal point.
        typeInto(L("0,5"), Qt::Key_Tab);
        if (whole) {
            QCOMPARE(typed(), L("0,5"));
            QVERIFY2(listed(*m_editor).contains(label + L(": \"0,5\" is not a whole number")),
                     qPrintable(listed(*m_editor).join(u'\n')));
            QVERIFY(m_editor->scenario() == before);
        } else {
            QCOMPARE(typed(), L("0.5"));
            QCOMPARE(qobject_cast<QDoubleSpinBox*>(spin)->value(), 0.5);
            QVERIFY(m_editor->scenario() != before);
            QVERIFY2(listed(*m_editor).filter(label + L(": \"")).isEmpty(),
                     qPrintable(listed(*m_editor).join(u'\n')));
        }
        // A negative number goes into the scenario; the validator says why it cannot be.
        typeInto(L("-3"), Qt::Key_Tab);
        QCOMPARE(typed(), L("-3"));
        QVERIFY(m_editor->scenario() != before);
        QVERIFY2(listed(*m_editor).filter(label + L(": \"")).isEmpty(),
                 qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY2(!listed(*m_editor).filter(label + L(": must")).isEmpty(),
                 qPrintable(listed(*m_editor).join(u'\n')));
        QCOMPARE(spin->property("invalid").toBool(), true);
        // Its own value typed back: nothing said of it, as before.
        typeInto(shown.chopped(spin->property("suffix").toString().size()), Qt::Key_Tab);
        QCOMPARE(edit->text(), shown);
        QVERIFY2(listed(*m_editor).filter(label + L(":")).isEmpty(),
                 qPrintable(listed(*m_editor).join(u'\n')));
        QCOMPARE(spin->property("invalid").toBool(), false);
        QVERIFY(m_editor->scenario() == before);
        // Text that is no number, then Ctrl+Z: the box shows its value again.
        typeInto(L("abc"), Qt::Key_Tab);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Z, Qt::ControlModifier);
        QTRY_COMPARE(edit->text(), shown);
        QVERIFY2(listed(*m_editor).filter(label + L(":")).isEmpty(),
                 qPrintable(listed(*m_editor).join(u'\n')));
    }

    // A force past its most stays in the box, the box's own problem, and never reaches the
    // scenario, key by key: the window shows the plan, a series per replica, after each edit,
    // and `1e9` typed made a billion replica names there (the app was killed for its memory).
    void aForcePastItsMostStaysInTheBox() {
        FIND(QSpinBox, force, "forceSpin");
        FIND(QScrollArea, scroll, "workerScroll");
        QVERIFY(clickWorker(1));
        scrollTo(scroll, force);
        QLineEdit* edit = force->findChild<QLineEdit*>();
        QVERIFY(edit);
        int most = 0; // the largest force any worker of the scenario had after an edit
        connect(m_editor.get(), &ScenarioEditor::scenarioChanged, this, [&] {
            for (const WorkerSpec& w : m_editor->scenario().workers)
                most = std::max(most, w.force);
        });
        const Scenario before = m_editor->scenario();
        for (const QString& text : {L("1e9"), L("5000"), L("1001")}) {
            clickInto(edit, text);
            QTest::keyClick(edit, Qt::Key_Tab);
            QCOMPARE(edit->text(), text);
            const QString line =
                L("Worker api › Force: \"") + text + L("\" is out of range (1 to 1000)");
            QTRY_VERIFY2(listed(*m_editor).contains(line),
                         qPrintable(listed(*m_editor).join(u'\n')));
            QCOMPARE(force->property("invalid").toBool(), true);
            QVERIFY(!m_editor->isValid());
            QVERIFY2(most <= kMaxForce, qPrintable(QString::number(most)));
            QVERIFY(m_editor->scenario() == before);
        }
        // Its most is a force, as before.
        clickInto(edit, L("1000"));
        QTest::keyClick(edit, Qt::Key_Tab);
        QTRY_COMPARE(current().force, 1000);
        QVERIFY2(listed(*m_editor).filter(L("Force")).isEmpty(),
                 qPrintable(listed(*m_editor).join(u'\n')));
        QCOMPARE(force->property("invalid").toBool(), false);
    }

    // A worker left to the default overtime shows the default, 1000000, in its greyed box, and
    // "default" ticked off keeps it to type over. The box kept the last worker shown's value:
    // api's 200 under cache's "default", and ticked off, cache got 200 calls in flight at
    // most, a cap nobody typed, from whichever worker had been clicked before.
    void theDefaultOvertimeShowsTheDefault() {
        FIND(QSpinBox, overtime, "overtimeSpin");
        FIND(QCheckBox, byDefault, "overtimeDefaultCheck");
        FIND(QScrollArea, scroll, "workerScroll");
        QVERIFY(clickWorker(1)); // api: 200
        QCOMPARE(overtime->text(), L("200"));
        QVERIFY(clickWorker(2)); // cache: the default
        QVERIFY(!current().overtime.has_value());
        scrollTo(scroll, byDefault);
        QVERIFY(byDefault->isChecked());
        QVERIFY(!overtime->isEnabled());
        QCOMPARE(overtime->text(), L("1000000"));
        m_editor->resize(std::max(360, m_editor->minimumSizeHint().width()), 700);
        QCoreApplication::processEvents();
        scrollTo(scroll, byDefault);
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QVERIFY(m_editor->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/overtime-default-360x700.png")));
        QTest::mouseClick(byDefault, Qt::LeftButton, {}, QPoint(8, byDefault->height() / 2));
        QTRY_VERIFY(overtime->isEnabled());
        QCOMPARE(current().overtime, std::optional<qint64>(1'000'000));
        QCOMPARE(overtime->text(), L("1000000"));
        // Typed over, as meant.
        clickInto(overtime->findChild<QLineEdit*>(), L("50"));
        QTest::keyClick(overtime, Qt::Key_Tab);
        QCOMPARE(current().overtime, std::optional<qint64>(50));
        // Ticked on again: the default, shown so; undone: 50, then the default again.
        QTest::mouseClick(byDefault, Qt::LeftButton, {}, QPoint(8, byDefault->height() / 2));
        QVERIFY(!current().overtime.has_value());
        QCOMPARE(overtime->text(), L("1000000"));
        undoKey();
        QCOMPARE(current().overtime, std::optional<qint64>(50));
        QCOMPARE(overtime->text(), L("50"));
        QVERIFY(m_editor->isValid());
    }

    // Overtime past the 10,000,000 its box says is its range stays in the box, as Force's
    // does: "99999999999999" was "out of range (0 to 10000000)" but 1e9 went into the
    // scenario silently, the box's stated range and what it took disagreeing.
    void anOvertimePastItsMostStaysInTheBox() {
        FIND(QSpinBox, overtime, "overtimeSpin");
        QLineEdit* edit = ownOvertime(1);
        QVERIFY(edit);
        const Scenario before = m_editor->scenario();
        for (const QString& text : {L("1e9"), L("10000001"), L("99999999999999")}) {
            clickInto(edit, text);
            QTest::keyClick(edit, Qt::Key_Tab);
            QCOMPARE(edit->text(), text);
            const QString line =
                L("Worker api › Overtime: \"") + text + L("\" is out of range (0 to 10000000)");
            QTRY_VERIFY2(listed(*m_editor).contains(line),
                         qPrintable(listed(*m_editor).join(u'\n')));
            QCOMPARE(overtime->property("invalid").toBool(), true);
            QVERIFY(!m_editor->isValid());
            QVERIFY(m_editor->scenario() == before);
        }
        // Its most is an overtime, as before.
        clickInto(edit, L("10000000"));
        QTest::keyClick(edit, Qt::Key_Tab);
        QTRY_COMPARE(current().overtime, std::optional<qint64>(10'000'000));
        QVERIFY2(listed(*m_editor).filter(L("Overtime")).isEmpty(),
                 qPrintable(listed(*m_editor).join(u'\n')));
        QCOMPARE(overtime->property("invalid").toBool(), false);
    }

    // Overtime 0 typed (a slip for "no limit" in other tools) is the engine's "cancel every
    // tick": the worker would make no call. It was warned of only through a threshold naming
    // the worker (this one's "api.p99 < 100ms"); now at the field too, listed live; the run may
    // still start; another value typed takes it away.
    void anOvertimeOfZeroIsWarned() {
        QLineEdit* edit = ownOvertime(1);
        QVERIFY(edit);
        clickInto(edit, L("0"));
        QTest::keyClick(edit, Qt::Key_Tab);
        QTRY_COMPARE(current().overtime, std::optional<qint64>(0));
        const QString line = L("Warning: Worker api › Overtime: 0 cancels every tick: this worker "
                               "makes no call (left out, overtime is the default, 1000000 calls "
                               "in flight at once)");
        QTRY_VERIFY2(listed(*m_editor).contains(line), qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(m_editor->isValid());
        QVERIFY(m_editor->problems().isEmpty());
        clickInto(edit, L("50"));
        QTest::keyClick(edit, Qt::Key_Tab);
        QTRY_COMPARE(current().overtime, std::optional<qint64>(50));
        QTRY_VERIFY2(listed(*m_editor).filter(L("Overtime")).isEmpty(),
                     qPrintable(listed(*m_editor).join(u'\n')));
    }

    // A row added with + is in view, ready to type in: the form scrolls to it. A table near the
    // form's bottom got its new row below the form's edge (a step's Extract under its +, at the
    // dock's default height): + seemed to do nothing, and the keys went into a cell out of sight.
    void aNewRowIsInViewToTypeIn_data() {
        QTest::addColumn<QString>("button");
        QTest::addColumn<QString>("table");
        QTest::addColumn<bool>("journey");
        QTest::addColumn<int>("worker");
        QTest::newRow("extract") << L("stepExtractAddButton") << L("stepExtractTable") << true << 0;
        QTest::newRow("step header")
            << L("stepHeaderAddButton") << L("stepHeadersTable") << true << 0;
        QTest::newRow("header") << L("headerAddButton") << L("headersTable") << false << 1;
        QTest::newRow("stage") << L("stageAddButton") << L("stagesTable") << false << 0;
    }
    void aNewRowIsInViewToTypeIn() {
        QFETCH(QString, button);
        QFETCH(QString, table);
        QFETCH(bool, journey);
        QFETCH(int, worker);
        if (journey) {
            QFile file(
                QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const ScenarioParse parse = Scenario::fromJson(file.readAll());
            QVERIFY(parse.ok());
            m_editor->setScenario(parse.scenario); // File ▸ Open
        }
        m_editor->resize(360, 700); // the dock at 1024x700
        QVERIFY(clickWorker(worker));
        FIND(QScrollArea, scroll, "workerScroll");
        auto* add = m_editor->findChild<QToolButton*>(button);
        auto* rows = m_editor->findChild<QTableWidget*>(table);
        QVERIFY(add && rows);
        for (int i = 0; i < 3; ++i) {
            // As a person does: the form scrolled just enough to see the + button, then a click.
            scroll->verticalScrollBar()->setValue(0);
            scrollTo(scroll, add);
            const int before = rows->rowCount();
            QTest::mouseClick(add, Qt::LeftButton);
            QCOMPARE(rows->rowCount(), before + 1);
            const int row = rows->rowCount() - 1;
            QCOMPARE(rows->currentRow(), row);
            // The whole first cell of the new row lies in the form's viewport (and the table's).
            auto inView = [&] {
                const QRect cell = rows->visualItemRect(rows->item(row, 0));
                const QRect inForm(rows->viewport()->mapTo(scroll->viewport(), cell.topLeft()),
                                   cell.size());
                return rows->viewport()->rect().contains(cell) &&
                       scroll->viewport()->rect().contains(inForm);
            };
            QTRY_VERIFY2(inView(), qPrintable(QStringLiteral("%1, row %2").arg(table).arg(row)));
            if (table != u"stagesTable") {
                QTRY_VERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget()));
                QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
            }
        }
        QVERIFY(m_editor->grab().save(QStringLiteral(PUSHER_SCREENSHOT_DIR "/editor-new-row-") +
                                      table + L("-360x700.png")));
    }

    // A new worker (synthetic, fixed 10ms) chosen as another distribution starts from its
    // 10ms: lognormal showed median 0s and p99 0s, two problems on fields nobody had touched,
    // and uniform or normal made it a latency of 0. What was typed is kept for going back.
    void anotherDistributionStartsFromTheLatency() {
        FIND(QToolButton, add, "addWorkerButton");
        FIND(QComboBox, distribution, "distributionCombo");
        FIND(QScrollArea, scroll, "workerScroll");
        QTest::mouseClick(add, Qt::LeftButton);
        const int row = m_editor->currentWorker();
        QCOMPARE(current().target.kind, L("synthetic"));
        const QString worker = L("Worker ") + current().ident + L(" › ");
        auto field = [&](const char* name) {
            auto* e = m_editor->findChild<QLineEdit*>(QString::fromLatin1(name));
            return e && e->isVisible() ? e->text() : L("(hidden)");
        };
        auto choose = [&](const QString& text) {
            scrollTo(scroll, distribution);
            distribution->setFocus();
            QTRY_VERIFY(distribution->hasFocus());
            const int to = distribution->findText(text);
            while (distribution->currentIndex() < to)
                QTest::keyClick(distribution, Qt::Key_Down);
            while (distribution->currentIndex() > to)
                QTest::keyClick(distribution, Qt::Key_Up);
            QCOMPARE(distribution->currentText(), text);
        };
        auto noProblems = [&] {
            return QTest::qWaitFor([&] { return !m_editor->isChecking(); }) &&
                   listed(*m_editor).filter(worker).isEmpty();
        };
        QCOMPARE(field("latencyValueEdit"), L("10ms"));
        choose(L("uniform"));
        QCOMPARE(field("latencyMinEdit"), L("5ms"));
        QCOMPARE(field("latencyMaxEdit"), L("15ms"));
        QVERIFY2(noProblems(), qPrintable(listed(*m_editor).join(u'\n')));
        choose(L("normal"));
        QCOMPARE(field("latencyMeanEdit"), L("10ms"));
        QCOMPARE(field("latencyStddevEdit"), L("2.5ms"));
        QVERIFY2(noProblems(), qPrintable(listed(*m_editor).join(u'\n')));
        choose(L("lognormal"));
        QCOMPARE(field("latencyMedianEdit"), L("10ms"));
        QCOMPARE(field("latencyP99Edit"), L("40ms"));
        QVERIFY2(noProblems(), qPrintable(listed(*m_editor).join(u'\n')));
        // A value typed is kept: uniform again shows what it held, lognormal its typed median.
        auto* median = m_editor->findChild<QLineEdit*>(QStringLiteral("latencyMedianEdit"));
        scrollTo(scroll, median);
        clickInto(median, L("30ms"));
        QTest::keyClick(median, Qt::Key_Tab);
        QTRY_COMPARE(current().target.latency.median, Duration(std::chrono::milliseconds(30)));
        choose(L("uniform"));
        QCOMPARE(field("latencyMinEdit"), L("5ms"));
        QCOMPARE(field("latencyMaxEdit"), L("15ms"));
        choose(L("lognormal"));
        QCOMPARE(field("latencyMedianEdit"), L("30ms"));
        QCOMPARE(field("latencyP99Edit"), L("40ms"));
        // Fixed again: its 10ms.
        choose(L("fixed"));
        QCOMPARE(field("latencyValueEdit"), L("10ms"));
        QCOMPARE(m_editor->currentWorker(), row);
        QVERIFY2(noProblems(), qPrintable(listed(*m_editor).join(u'\n')));
    }

    // An extraction's Source is chosen from the four sources, with the keys as in any list: the
    // cell took any text ("$.token" typed there was "unknown source"), and only the check
    // said which four words it knew.
    void anExtractionsSourceIsChosenFromTheList() {
        QFile file(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const ScenarioParse parse = Scenario::fromJson(file.readAll());
        QVERIFY(parse.ok());
        m_editor->setScenario(parse.scenario); // File ▸ Open
        FIND(QTableWidget, extract, "stepExtractTable");
        FIND(QScrollArea, scroll, "workerScroll");
        scrollTo(scroll, extract);
        auto source = [&](int row) { return current().target.steps[0].extract.value(row).source; };
        QCOMPARE(source(0), L("json"));
        // F2 on login's token's Source: a list of the four, at json.
        extract->setFocus();
        extract->setCurrentCell(0, 1);
        QTest::keyClick(extract, Qt::Key_F2);
        QComboBox* combo = nullptr;
        QTRY_VERIFY((combo = qobject_cast<QComboBox*>(QApplication::focusWidget())));
        QStringList items;
        for (int i = 0; i < combo->count(); ++i)
            items.append(combo->itemText(i));
        QCOMPARE(items, (QStringList{L("json"), L("regex"), L("header"), L("cookie")}));
        QCOMPARE(combo->currentText(), L("json"));
        QVERIFY(m_editor->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/editor-extract-source-open.png")));
        QTest::keyClick(combo, Qt::Key_Down);
        QTest::keyClick(combo, Qt::Key_Return);
        QTRY_COMPARE(source(0), L("regex"));
        QCOMPARE(extract->item(0, 1)->text(), L("regex"));
        // A new extraction: its name typed, Tab to Source, "h" for header, Tab on.
        FIND(QToolButton, add, "stepExtractAddButton");
        scrollTo(scroll, add);
        QTest::mouseClick(add, Qt::LeftButton);
        QLineEdit* name = nullptr;
        QTRY_VERIFY((name = qobject_cast<QLineEdit*>(QApplication::focusWidget())));
        QTest::keyClicks(name, L("session"));
        QTest::keyClick(name, Qt::Key_Tab);
        QTRY_VERIFY((combo = qobject_cast<QComboBox*>(QApplication::focusWidget())));
        QTest::keyClicks(combo, L("h"));
        QCOMPARE(combo->currentText(), L("header"));
        QTest::keyClick(combo, Qt::Key_Tab);
        QTRY_COMPARE(current().target.steps[0].extract.value(1).name, L("session"));
        QTRY_COMPARE(source(1), L("header"));
        // Ctrl+Z in the table takes the choice back.
        QTRY_VERIFY(!qobject_cast<QComboBox*>(QApplication::focusWidget()));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        extract->setFocus();
        QTest::keyClick(extract, Qt::Key_Z, Qt::ControlModifier);
        QTRY_COMPARE(source(1), L("json"));
        // A source the list does not have (a file's) shows as it is and stays when the cell
        // is opened and left.
        Scenario odd = parse.scenario;
        odd.workers[0].target.steps[0].extract[0].source = L("body");
        m_editor->setScenario(odd);
        QTRY_VERIFY(!m_editor->isChecking());
        scrollTo(scroll, extract);
        extract->setFocus();
        extract->setCurrentCell(0, 1);
        QTest::keyClick(extract, Qt::Key_F2);
        QTRY_VERIFY((combo = qobject_cast<QComboBox*>(QApplication::focusWidget())));
        QCOMPARE(combo->currentText(), L("body"));
        QTest::keyClick(combo, Qt::Key_Return);
        QTRY_VERIFY(!qobject_cast<QComboBox*>(QApplication::focusWidget()));
        QCOMPARE(source(0), L("body"));
        QVERIFY(m_editor->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/editor-extract-source.png")));
    }

    // Esc in the cell + opened, before anything was put in the new row, takes the add back: the
    // empty row stayed, a problem ("invalid header name \"\"") until it was selected and
    // removed with −. A row with something in it stays.
    void escTakesBackARowJustAdded() {
        QVERIFY(clickWorker(1)); // api: http, one header
        FIND(QToolButton, add, "headerAddButton");
        FIND(QTableWidget, headers, "headersTable");
        FIND(QScrollArea, scroll, "workerScroll");
        const Scenario before = m_editor->scenario();
        const int undoAt = m_editor->undoStack()->index();
        auto addAndGetCell = [&]() -> QLineEdit* {
            scrollTo(scroll, add);
            QTest::mouseClick(add, Qt::LeftButton);
            QLineEdit* cell = nullptr;
            if (!QTest::qWaitFor(
                    [&] { return (cell = qobject_cast<QLineEdit*>(QApplication::focusWidget())); }))
                return nullptr;
            return cell;
        };
        QLineEdit* cell = addAndGetCell();
        QVERIFY(cell);
        QCOMPARE(headers->rowCount(), 2);
        QTest::keyClick(cell, Qt::Key_Escape);
        QTRY_COMPARE(headers->rowCount(), 1);
        QCOMPARE(m_editor->scenario(), before);
        QCOMPARE(m_editor->undoStack()->index(), undoAt);
        QTRY_VERIFY(!m_editor->isChecking());
        QVERIFY2(m_editor->isValid(), qPrintable(listed(*m_editor).join(u'\n')));
        // Typed and then Esc: the typing goes, and the row with it (nothing was put in it).
        QVERIFY((cell = addAndGetCell()));
        QTest::keyClicks(cell, L("X-Trace"));
        QTest::keyClick(cell, Qt::Key_Escape);
        QTRY_COMPARE(headers->rowCount(), 1);
        QCOMPARE(m_editor->scenario(), before);
        // A name put in with Tab, then Esc in the value: the row stays, with its name.
        QVERIFY((cell = addAndGetCell()));
        QTest::keyClicks(cell, L("X-Trace"));
        QTest::keyClick(cell, Qt::Key_Tab);
        QLineEdit* value = nullptr;
        QTRY_VERIFY((value = qobject_cast<QLineEdit*>(QApplication::focusWidget())) &&
                    value != cell);
        QTest::keyClick(value, Qt::Key_Escape);
        QCoreApplication::processEvents(); // an undo would be queued: it would run here
        QCOMPARE(headers->rowCount(), 2);
        QCOMPARE(current().target.headers.value(1).first, L("X-Trace"));
        // Esc on a cell of a row from before (F2, Esc) removes nothing.
        headers->setFocus();
        headers->setCurrentCell(0, 0);
        QTest::keyClick(headers, Qt::Key_F2);
        QTRY_VERIFY((cell = qobject_cast<QLineEdit*>(QApplication::focusWidget())));
        QTest::keyClick(cell, Qt::Key_Escape);
        QCoreApplication::processEvents();
        QCOMPARE(headers->rowCount(), 2);
        // A step's extraction too.
        QFile file(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const ScenarioParse parse = Scenario::fromJson(file.readAll());
        QVERIFY(parse.ok());
        m_editor->setScenario(parse.scenario);
        FIND(QToolButton, extractAdd, "stepExtractAddButton");
        FIND(QTableWidget, extract, "stepExtractTable");
        scrollTo(scroll, extractAdd);
        QTest::mouseClick(extractAdd, Qt::LeftButton);
        QTRY_VERIFY((cell = qobject_cast<QLineEdit*>(QApplication::focusWidget())));
        QCOMPARE(extract->rowCount(), 2);
        QTest::keyClick(cell, Qt::Key_Escape);
        QTRY_COMPARE(extract->rowCount(), 1);
        QCOMPARE(m_editor->scenario(), parse.scenario);
    }

    // Esc in the threshold + opened takes the add back too, as for a header's row: + and Esc
    // left "p99 < 500ms", a threshold nobody wrote, which then passed or failed the run.
    void escTakesBackAThresholdJustAdded() {
        FIND(QToolButton, add, "thresholdAddButton");
        FIND(QListWidget, thresholds, "thresholdsList");
        const Scenario before = m_editor->scenario();
        const int count = thresholds->count();
        const int undoAt = m_editor->undoStack()->index();
        auto addAndGetEditor = [&]() -> QLineEdit* {
            QTest::mouseClick(add, Qt::LeftButton);
            QLineEdit* cell = nullptr;
            if (!QTest::qWaitFor(
                    [&] { return (cell = qobject_cast<QLineEdit*>(QApplication::focusWidget())); }))
                return nullptr;
            return cell;
        };
        QLineEdit* cell = addAndGetEditor();
        QVERIFY(cell);
        QCOMPARE(thresholds->count(), count + 1);
        QCOMPARE(cell->text(), L("p99 < 500ms"));
        QTest::keyClick(cell, Qt::Key_Escape);
        QTRY_COMPARE(thresholds->count(), count);
        QCOMPARE(m_editor->scenario(), before);
        QCOMPARE(m_editor->undoStack()->index(), undoAt);
        // Redo adds it again; undone, it goes.
        undoKey(true);
        QCOMPARE(m_editor->scenario().thresholds.size(), before.thresholds.size() + 1);
        undoKey();
        QCOMPARE(m_editor->scenario(), before);
        // Typed and then Esc: the typing goes, and the threshold with it.
        QVERIFY((cell = addAndGetEditor()));
        QTest::keyClick(cell, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(cell, L("p90 < 1s"));
        QTest::keyClick(cell, Qt::Key_Escape);
        QTRY_COMPARE(thresholds->count(), count);
        QCOMPARE(m_editor->scenario(), before);
        // Typed and Return: it stays, as typed.
        QVERIFY((cell = addAndGetEditor()));
        QTest::keyClick(cell, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(cell, L("p90 < 1s"));
        QTest::keyClick(cell, Qt::Key_Return);
        QTRY_COMPARE(m_editor->scenario().thresholds.value(count), L("p90 < 1s"));
        QCoreApplication::processEvents(); // an undo would be queued: it would run here
        QCOMPARE(thresholds->count(), count + 1);
        // Esc on a threshold from before (F2, Esc) removes nothing.
        thresholds->setFocus();
        thresholds->setCurrentRow(0);
        QTest::keyClick(thresholds, Qt::Key_F2);
        QTRY_VERIFY((cell = qobject_cast<QLineEdit*>(QApplication::focusWidget())));
        QTest::keyClick(cell, Qt::Key_Escape);
        QCoreApplication::processEvents();
        QCOMPARE(thresholds->count(), count + 1);
        QCOMPARE(m_editor->scenario().thresholds.value(count), L("p90 < 1s"));
    }

    // A request body takes the page's width under its label, as the headers do: beside the
    // labels' column it got ~120 px in the dock at 1024x700, and a short JSON body wrapped.
    void aBodyTakesThePagesWidth() {
        m_editor->resize(360, 700); // the dock at 1024x700
        FIND(QScrollArea, scroll, "workerScroll");
        const QString json = L("{\"user\": \"ann\", \"pass\": \"x\"}");
        auto check = [&](const char* name, const char* page) {
            auto* body = m_editor->findChild<QPlainTextEdit*>(QString::fromLatin1(name));
            auto* onPage = m_editor->findChild<QWidget*>(QString::fromLatin1(page));
            QVERIFY(body && onPage);
            QTRY_VERIFY(body->isVisible());
            scrollTo(scroll, body);
            QTest::mouseClick(body->viewport(), Qt::LeftButton);
            QTest::keyClick(body, Qt::Key_A, Qt::ControlModifier);
            QTest::keyClicks(body, json);
            QTest::keyClick(body, Qt::Key_Tab);
            QCOMPARE(body->toPlainText(), json);
            // One line, not wrapped, and at least three quarters of the page's width.
            const QTextLayout* layout = body->document()->firstBlock().layout();
            QVERIFY(layout);
            QVERIFY2(layout->lineCount() == 1, qPrintable(QStringLiteral("%1: %2 lines in %3 px")
                                                              .arg(QString::fromLatin1(name))
                                                              .arg(layout->lineCount())
                                                              .arg(body->width())));
            QVERIFY2(
                body->width() * 4 >= onPage->width() * 3,
                qPrintable(QStringLiteral("%1 px of %2").arg(body->width()).arg(onPage->width())));
        };
        QVERIFY(clickWorker(1)); // api: http
        check("bodyEdit", "httpPage");
        QFile file(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const ScenarioParse parse = Scenario::fromJson(file.readAll());
        QVERIFY(parse.ok());
        m_editor->setScenario(parse.scenario);
        check("stepBodyEdit", "stepBox");
        QVERIFY(m_editor->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/editor-step-body-360x700.png")));
    }

    // The TLS files' tooltips say where a relative path is found, as the run finds it: beside
    // the scenario file (the working directory before it is saved). The CA file's said "relative
    // to the working directory", which a saved scenario's run does not look in.
    void tlsFileTooltipsSayWhereARelativePathIsFound() {
        QVERIFY(clickWorker(1)); // api: http
        FIND(QScrollArea, scroll, "workerScroll");
        for (const char* name : {"caFileEdit", "clientCertEdit", "clientKeyEdit"}) {
            auto* field = m_editor->findChild<QLineEdit*>(QString::fromLatin1(name));
            QVERIFY(field);
            scrollTo(scroll, field);
            QTest::mouseMove(field, QPoint(field->width() / 2, field->height() / 2));
            QHelpEvent hover(QEvent::ToolTip, QPoint(field->width() / 2, field->height() / 2),
                             field->mapToGlobal(QPoint(field->width() / 2, field->height() / 2)));
            QCoreApplication::sendEvent(field, &hover);
            QTRY_VERIFY(QToolTip::isVisible());
            const QString tip = QToolTip::text();
            QVERIFY2(tip.contains(L("relative to the scenario file's folder")), qPrintable(tip));
            QVERIFY2(!tip.contains(L("relative to the working directory")), qPrintable(tip));
            QToolTip::hideText();
        }
    }

    // The files are checked again when the scenario is opened again (the same one) and when
    // the window is activated again (a file made in a terminal meanwhile), with no edit.
    void filesAreCheckedAgain() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        Scenario s = sample();
        s.workers[1].data.file = QStringLiteral("users.csv");
        m_editor->setBaseDir(dir.path());
        m_editor->setScenario(s);
        const QString missing = QStringLiteral("Worker api › Data file: %1: no such file")
                                    .arg(dir.filePath(QStringLiteral("users.csv")));
        QTRY_VERIFY2(listed(*m_editor).contains(missing),
                     qPrintable(listed(*m_editor).join(u'\n')));
        // Opened again, the file still missing: still listed.
        m_editor->setScenario(s);
        QTRY_VERIFY(!m_editor->isChecking());
        QVERIFY2(listed(*m_editor).contains(missing), qPrintable(listed(*m_editor).join(u'\n')));
        // The file made elsewhere; another window, then back to the editor's.
        {
            QFile csv(dir.filePath(QStringLiteral("users.csv")));
            QVERIFY(csv.open(QIODevice::WriteOnly));
            csv.write("id\n1\n");
        }
        QWidget other;
        other.resize(200, 100);
        other.show();
        other.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&other));
        QVERIFY(listed(*m_editor).contains(missing)); // nothing read it yet
        m_editor->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_editor.get()));
        QTRY_VERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(m_editor->isValid());
    }

    // A scenario not saved yet finds a relative file in the working directory, as the run
    // does, and its problem says so; saved (a folder given), the file is found beside it.
    void unsavedScenarioSaysWhereFilesAreFound() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        {
            QFile csv(dir.filePath(QStringLiteral("users.csv")));
            QVERIFY(csv.open(QIODevice::WriteOnly));
            csv.write("id\n1\n");
        }
        QTemporaryDir work;
        QVERIFY(work.isValid());
        const QString was = QDir::currentPath();
        QVERIFY(QDir::setCurrent(work.path()));
        const auto back = qScopeGuard([&] { QDir::setCurrent(was); });
        m_editor->setCurrentWorker(1);
        FIND(QLineEdit, dataFile, "dataFileEdit");
        clickInto(dataFile, QStringLiteral("users.csv"));
        const QString cwd = QDir::currentPath();
        QTRY_VERIFY2(listed(*m_editor).contains(
                         QStringLiteral("Worker api › Data file: %1/users.csv: no such file (the "
                                        "scenario is not saved yet: a relative path is found in "
                                        "the working directory, %2, as a run finds it; once "
                                        "saved, in the scenario file's folder)")
                             .arg(cwd, QDir::toNativeSeparators(cwd))),
                     qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(!m_editor->isValid());
        // What the run says of it (no folder: the working directory), by its own prepare.
        {
            RunOptions options;
            options.checkOnly = true;
            ScenarioRun run(m_editor->scenario(), options);
            const QList<Problem> refused = run.prepare();
            QCOMPARE(refused.size(), 1);
            QCOMPARE(refused[0].path, QStringLiteral("workers[1].data.file"));
        }
        // Saved in the folder that has the file: found there.
        m_editor->setBaseDir(dir.path());
        QTRY_VERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(m_editor->isValid());
    }

    // Run on: choosing MPI with the keyboard shows Ranks and Hosts (one undo step each),
    // typed hosts become the list, a problem of theirs is named by their label and goes to
    // the field; This machine hides them again and keeps them for the file.
    void runOnMpi() {
        FIND(QComboBox, runOn, "runOnCombo");
        FIND(QSpinBox, ranks, "ranksSpin");
        FIND(QLineEdit, hosts, "hostsEdit");
        FIND(QLineEdit, hostfile, "hostfileEdit");
        QVERIFY(!m_editor->scenario().distributed.enabled);
        QVERIFY(!ranks->isVisible() && !hosts->isVisible() && !hostfile->isVisible());
        const int steps = m_editor->undoStack()->count();
        runOn->setFocus();
        QTest::keyClick(runOn, Qt::Key_Down);
        QCOMPARE(runOn->currentText(), QStringLiteral("MPI (mpirun)"));
        QVERIFY(m_editor->scenario().distributed.enabled);
        QCOMPARE(m_editor->undoStack()->count(), steps + 1);
        QVERIFY(ranks->isVisible() && hosts->isVisible() && hostfile->isVisible());

        ranks->setFocus();
        QTest::keyClick(ranks, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(ranks, QStringLiteral("4"));
        QCOMPARE(m_editor->scenario().distributed.ranks, 4);
        replaceText(hosts, QStringLiteral("gen1:2, gen2 gen3"));
        QCOMPARE(m_editor->scenario().distributed.hosts,
                 QStringList(
                     {QStringLiteral("gen1:2"), QStringLiteral("gen2"), QStringLiteral("gen3")}));
        QCOMPARE(hosts->text(), QStringLiteral("gen1:2, gen2 gen3")); // kept as typed
        QVERIFY(m_editor->isValid());
        replaceText(hostfile, QStringLiteral("hosts.txt"));
        QVERIFY(hasProblem(*m_editor, QStringLiteral("distributed.hosts"),
                           QStringLiteral("give a hostfile or hosts, not both")));
        QCOMPARE(m_editor->fieldLabel(QStringLiteral("distributed.hosts")),
                 QStringLiteral("Hosts"));
        QCOMPARE(m_editor->fieldLabel(QStringLiteral("distributed.hosts[1]")),
                 QStringLiteral("Hosts"));
        QCOMPARE(m_editor->fieldLabel(QStringLiteral("distributed.ranks")),
                 QStringLiteral("Ranks"));
        QCOMPARE(hosts->property("invalid").toBool(), true);
        m_editor->showProblem(QStringLiteral("distributed.hosts"));
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(hosts));
        replaceText(hosts, QString());
        // The validator has no more to say; the run's check of the files then finds no
        // hosts.txt (this asserted isValid() before the check could answer).
        QVERIFY(!hasProblem(*m_editor, QStringLiteral("distributed.hosts"),
                            QStringLiteral("give a hostfile or hosts, not both")));
        QTRY_VERIFY(!m_editor->isChecking());
        QVERIFY(!m_editor->isValid());
        QVERIFY2(listed(*m_editor).join(u'\n').contains(QStringLiteral("hosts.txt: no such file")),
                 qPrintable(listed(*m_editor).join(u'\n')));
        m_editor->showProblem(QStringLiteral("distributed.ranks"));
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(ranks));

        runOn->setFocus();
        QTest::keyClick(runOn, Qt::Key_Up);
        QVERIFY(!m_editor->scenario().distributed.enabled);
        QVERIFY(!ranks->isVisible() && !hosts->isVisible());
        // Kept for the file: "enabled": false with the ranks and the hostfile.
        const Scenario back = reread(m_editor->scenario());
        QCOMPARE(back.distributed, m_editor->scenario().distributed);
        QCOMPARE(back.distributed.ranks, 4);
        QCOMPARE(back.distributed.hostfile, QStringLiteral("hosts.txt"));
        // Undo brings MPI back, with its fields.
        m_editor->undoStack()->undo();
        QVERIFY(m_editor->scenario().distributed.enabled);
        QVERIFY(ranks->isVisible());
    }

    // Run on MPI: what the app refuses before mpirun is listed too: a hostfile that is not in
    // the scenario's folder, a loopback target while a host is another machine. A sandbox URL
    // on several ranks of this machine is not refused (rank 0 serves it).
    void distributedRunIsChecked() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_editor->setBaseDir(dir.path());
        FIND(QComboBox, runOn, "runOnCombo");
        FIND(QLineEdit, hostfile, "hostfileEdit");
        runOn->setFocus();
        QTest::keyClick(runOn, Qt::Key_Down);
        QVERIFY(m_editor->scenario().distributed.enabled);
        clickInto(hostfile, QStringLiteral("hosts.txt"));
        const QString hosts = dir.filePath(QStringLiteral("hosts.txt"));
        QTRY_VERIFY2(
            listed(*m_editor).contains(
                QStringLiteral("Hostfile: %1: no such file").arg(QDir::toNativeSeparators(hosts))),
            qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(!m_editor->isValid());
        QCOMPARE(hostfile->property("invalid").toBool(), true);
        {
            QFile file(hosts);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("localhost slots=2\n");
        }
        clickInto(hostfile, QStringLiteral("hosts.tx"));
        QTest::keyClicks(hostfile, QStringLiteral("t"));
        QTRY_VERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(m_editor->isValid());

        // What only the ranks would find is listed too, as the app's launch refuses it: a
        // target on 127.0.0.1 while the hostfile names another machine. The hostfile typed
        // back to the one of this machine's, nothing is listed. (No name is looked up.)
        {
            QFile file(dir.filePath(QStringLiteral("elsewhere.txt")));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("# the second load generator\nloadgen-b slots=2\n");
        }
        // (`\/` in the URL: moc would take two slashes in a raw string for a comment.)
        const ScenarioParse loopback = Scenario::fromJson(R"({
  "version": 1, "name": "mpi checks", "duration": "5s",
  "distributed": { "enabled": true, "ranks": 2, "hostfile": "elsewhere.txt" },
  "workers": [
    { "ident": "api", "target": { "kind": "http", "url": "http:\/\/127.0.0.1:9/x" },
      "rate": { "rps": 10 } }
  ]
})");
        QVERIFY(loopback.ok());
        m_editor->setScenario(loopback.scenario);
        const QString elsewhere = QStringLiteral(
            "http://127.0.0.1:9/x is on the loopback of the host that calls it, but loadgen-b (%1 "
            "line 2) is another host");
        QTRY_VERIFY2(listed(*m_editor).join(u'\n').contains(elsewhere.arg(
                         QDir::toNativeSeparators(dir.filePath(QStringLiteral("elsewhere.txt"))))),
                     qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(!m_editor->isValid());
        clickInto(hostfile, QStringLiteral("hosts.txt"));
        QTRY_VERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(m_editor->isValid());

        // A sandbox URL on 2 ranks runs (rank 0 serves it for all, docs/distributed.md):
        // the shipped example opens with nothing listed, as the run takes it.
        QFile example(
            QStringLiteral(PUSHER_SOURCE_DIR "/examples/scenarios/distributed-sandbox.json"));
        QVERIFY(example.open(QIODevice::ReadOnly));
        const ScenarioParse parse = Scenario::fromJson(example.readAll());
        QVERIFY(parse.ok());
        QVERIFY(parse.scenario.distributed.enabled && parse.scenario.distributed.ranks == 2);
        QVERIFY(parse.scenario.usesSandbox());
        m_editor->setBaseDir(QStringLiteral(PUSHER_SOURCE_DIR "/examples/scenarios"));
        m_editor->setScenario(parse.scenario);
        QTRY_VERIFY(!m_editor->isChecking());
        QVERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(m_editor->isValid());
    }

    // Every kind of problem is named by the field's label, never by its JSON path.
    void problemsAreWordedWithLabels_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("label");
        QTest::newRow("interval") << L("interval") << L("Interval");
        QTest::newRow("threshold") << L("thresholds[1]") << L("Threshold 2");
        QTest::newRow("ident") << L("workers[0].ident") << L("Worker think › Ident");
        QTest::newRow("timeout") << L("workers[1].target.timeout") << L("Worker api › Timeout");
        QTest::newRow("status") << L("workers[1].target.expect_status") << L("Worker api › Status");
        QTest::newRow("version") << L("workers[1].target.version") << L("Worker api › Version");
        QTest::newRow("header") << L("workers[1].target.headers.Accept")
                                << L("Worker api › Header Accept");
        QTest::newRow("argument") << L("workers[3].target.args[2]")
                                  << L("Worker script › Arguments 3");
        QTest::newRow("stage") << L("workers[0].rate.stages[1].rps")
                               << L("Worker think › Stage 2 RPS");
        QTest::newRow("from") << L("workers[0].rate.from") << L("Worker think › From");
        QTest::newRow("p99") << L("workers[0].target.latency.p99") << L("Worker think › P99");
        QTest::newRow("overtime") << L("workers[0].overtime") << L("Worker think › Overtime");
        QTest::newRow("worker") << L("workers[2]") << L("Worker cache");
        QTest::newRow("server name")
            << L("workers[1].target.server_name") << L("Worker api › Server name");
        QTest::newRow("passphrase")
            << L("workers[1].target.client_key_passphrase") << L("Worker api › Key passphrase");
        QTest::newRow("data file") << L("workers[1].data.file") << L("Worker api › Data file");
        QTest::newRow("data mode") << L("workers[1].data.mode") << L("Worker api › Data mode");
    }
    void problemsAreWordedWithLabels() {
        QFETCH(QString, path);
        QFETCH(QString, label);
        QCOMPARE(m_editor->fieldLabel(path), label);
        QCOMPARE(m_editor->describe(Problem{path, L("is wrong")}), label + L(": is wrong"));
    }

    // A header row added with + and given only a value is named as a header with no name:
    // the line read "Worker api › Header : invalid header name """, a label cut short.
    void headerWithNoNameIsNamedSo() {
        FIND(QTableView, view, "workersView");
        FIND(QScrollArea, scroll, "workerScroll");
        FIND(QToolButton, headerAdd, "headerAddButton");
        FIND(QTableWidget, headers, "headersTable");
        const QModelIndex api = m_editor->workerModel()->index(1, WorkerListModel::IdentColumn);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(api).center());
        QCOMPARE(m_editor->currentWorker(), 1);
        scrollTo(scroll, headerAdd);
        const int rows = headers->rowCount();
        QTest::mouseClick(headerAdd, Qt::LeftButton);
        QTRY_COMPARE(headers->rowCount(), rows + 1);
        QTest::mouseClick(headers->viewport(), Qt::LeftButton, {},
                          headers->visualRect(headers->model()->index(rows, 1)).center());
        QTest::keyClick(headers, Qt::Key_F2);
        QTRY_VERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget()));
        QTest::keyClicks(QApplication::focusWidget(), L("abc"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QTRY_COMPARE(m_editor->scenario().workers[1].target.headers.size(), rows + 1);
        QTRY_VERIFY2(listed(*m_editor).contains(
                         L("Worker api › Header (no name): invalid header name \"\"")),
                     qPrintable(listed(*m_editor).join(u'\n')));
        for (const QString& line : listed(*m_editor))
            QVERIFY2(!line.contains(L("Header :")), qPrintable(line));
    }

    // A header line pasted or typed into a header's name says why it is no name: the line read
    // "invalid header name \"Accept: text/html\"", not what was wrong with it.
    void aHeaderLineAsTheNameSaysWhy() {
        FIND(QScrollArea, scroll, "workerScroll");
        FIND(QToolButton, headerAdd, "headerAddButton");
        FIND(QTableWidget, headers, "headersTable");
        QVERIFY(clickWorker(1));
        scrollTo(scroll, headerAdd);
        const int rows = headers->rowCount();
        QTest::mouseClick(headerAdd, Qt::LeftButton); // the new row's name opened for typing
        QTRY_COMPARE(headers->rowCount(), rows + 1);
        QTRY_VERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget()));
        QTest::keyClicks(QApplication::focusWidget(), L("Accept: text/html"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QTRY_COMPARE(m_editor->scenario().workers[1].target.headers.value(rows).first,
                     L("Accept: text/html"));
        const QString line = L("Worker api › Header Accept: text/html: invalid header name "
                               "\"Accept: text/html\": \":\" cannot be in it (only letters, "
                               "digits and !#$%&'*+-.^_`|~)");
        QTRY_VERIFY2(listed(*m_editor).contains(line), qPrintable(listed(*m_editor).join(u'\n')));
    }

    // The workers table at every width the window is dragged through, a pixel at a time, wider
    // and back: overtime and force show only where every ident stays whole, beside a row's
    // problem icon too. A hidden column's title was measured in the header's plain font
    // ("Force" 37 px) and a shown one as the header sizes it, bold (42 px): within those
    // 5 px each fitting showed or hid it in turn, and the table showed what the last of them
    // left (tst_appcontroller workerIdentIsWholeBesideItsWarningAt1024x700 under ASan, where
    // the whole binary's run fitted the table once more than the case alone: "sandbox" needs
    // 50 px of 46, Force shown beside it).
    void workerColumnsGiveWayAtEveryWidth() {
        FIND(QTableView, view, "workersView");
        FIND(QScrollArea, scroll, "workerScroll");
        FIND(QLineEdit, timeout, "httpTimeoutEdit");
        FIND(QLineEdit, ident, "identEdit");
        QVERIFY(clickWorker(1)); // api: an HTTP worker
        // An ident long enough that the narrowest editor has no room for overtime or force.
        scrollTo(scroll, ident);
        clickInto(ident, L("checkout-api-eu-west"));
        QTest::keyClick(ident, Qt::Key_Tab);
        QCOMPARE(m_editor->scenario().workers[1].ident, L("checkout-api-eu-west"));
        scrollTo(scroll, timeout);
        clickInto(timeout, L("5 sec"));
        QTest::keyClick(timeout, Qt::Key_Tab);
        const WorkerListModel* model = m_editor->workerModel();
        QTRY_VERIFY(model->index(1, WorkerListModel::IdentColumn)
                        .data(Qt::DecorationRole)
                        .isValid()); // the problem's icon
        const auto shown = [&](int column) { return !view->isColumnHidden(column); };
        const auto optional = [&] {
            return shown(WorkerListModel::OvertimeColumn) || shown(WorkerListModel::ForceColumn);
        };
        // What is wrong at this width: an ident cut, or a column under the viewport's edge,
        // while overtime or force shows; empty when nothing.
        const auto wrong = [&]() -> QString {
            if (!optional())
                return {}; // on, ident, kind and rate always show: a narrow dock cuts them
            int right = 0;
            for (int column = 0; column < WorkerListModel::ColumnCount; ++column) {
                if (shown(column))
                    right = std::max(right, view->columnViewportPosition(column) +
                                                view->columnWidth(column));
            }
            QString out = right <= view->viewport()->width()
                              ? QString()
                              : QStringLiteral("the columns end at %1 of %2; ")
                                    .arg(right)
                                    .arg(view->viewport()->width());
            for (int row = 0; row < model->rowCount(); ++row) {
                const QModelIndex cell = model->index(row, WorkerListModel::IdentColumn);
                if (view->viewport()->rect().contains(view->visualRect(cell).center()))
                    out += testing::identCut(view, cell);
            }
            if (!out.isEmpty())
                out += QStringLiteral(" (overtime %1, force %2, viewport %3 px)")
                           .arg(shown(WorkerListModel::OvertimeColumn) ? L("shown") : L("hidden"),
                                shown(WorkerListModel::ForceColumn) ? L("shown") : L("hidden"))
                           .arg(view->viewport()->width());
            return out;
        };
        const int height = m_editor->height();
        const auto resizeTo = [&](int width) {
            m_editor->resize(width, height);
            QCoreApplication::processEvents();
        };
        // From as narrow as the editor goes, where neither shows, to where both show.
        resizeTo(1);
        const int narrowest = m_editor->width();
        QVERIFY2(!optional(), qPrintable(QStringLiteral("at %1 px").arg(narrowest)));
        int width = narrowest;
        while (!(shown(WorkerListModel::OvertimeColumn) && shown(WorkerListModel::ForceColumn))) {
            QVERIFY2(width < narrowest + 800, "overtime and force never both showed");
            resizeTo(++width);
            QTRY_VERIFY2(
                wrong().isEmpty(),
                qPrintable(QStringLiteral("at %1 px, widened: %2").arg(width).arg(wrong())));
        }
        while (width > narrowest) {
            resizeTo(--width);
            QTRY_VERIFY2(
                wrong().isEmpty(),
                qPrintable(QStringLiteral("at %1 px, narrowed: %2").arg(width).arg(wrong())));
        }
        QVERIFY(!optional());
    }

    // Duplicate on a copy names the new one as another copy of the same worker ("api copy 2",
    // "api copy 3"), not "api copy copy", which grew by a word each time and was cut in the
    // table at 1024x700 ("sandbox copy co…").
    void duplicatingACopyNumbersIt() {
        FIND(QTableView, view, "workersView");
        FIND(QToolButton, duplicate, "duplicateWorkerButton");
        FIND(QLineEdit, ident, "identEdit");
        const QModelIndex api = m_editor->workerModel()->index(1, WorkerListModel::IdentColumn);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(api).center());
        QCOMPARE(m_editor->currentWorker(), 1);
        QTest::mouseClick(duplicate, Qt::LeftButton); // api -> api copy, selected
        QCOMPARE(ident->text(), L("api copy"));
        QTest::mouseClick(duplicate, Qt::LeftButton); // api copy -> api copy 2
        QCOMPARE(ident->text(), L("api copy 2"));
        QTest::mouseClick(duplicate, Qt::LeftButton); // api copy 2 -> api copy 3
        QCOMPARE(ident->text(), L("api copy 3"));
        QStringList idents;
        for (const WorkerSpec& w : m_editor->scenario().workers)
            idents.append(w.ident);
        QCOMPARE(idents, (QStringList{L("think"), L("api"), L("api copy"), L("api copy 2"),
                                      L("api copy 3"), L("cache"), L("script")}));
        QVERIFY(m_editor->isValid());
    }

    // An ident typed over another's in the table names the other worker by its row, as the
    // table shows it: the list said "(also workers[0])", a JSON path the form shows nowhere.
    // The line's tooltip keeps the path, for the file.
    void duplicateIdentNamesTheOtherRow() {
        FIND(QTableView, view, "workersView");
        FIND(QLineEdit, ident, "identEdit");
        FIND(QListWidget, problemsList, "problemsList");
        const QModelIndex cell = m_editor->workerModel()->index(2, WorkerListModel::IdentColumn);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());
        QCOMPARE(m_editor->currentWorker(), 2); // cache
        QTest::keyClick(view, Qt::Key_F2);
        QTRY_VERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget()));
        QWidget* cellEditor = QApplication::focusWidget();
        QTest::keyClick(cellEditor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(cellEditor, L("think"));
        QTest::keyClick(cellEditor, Qt::Key_Return);
        QTRY_COMPARE(m_editor->scenario().workers[2].ident, L("think"));
        const QString line =
            L("Worker think › Ident: duplicate ident \"think\" (also the worker in row 1)");
        QTRY_VERIFY2(listed(*m_editor).contains(line), qPrintable(listed(*m_editor).join(u'\n')));
        for (int i = 0; i < problemsList->count(); ++i) {
            if (problemsList->item(i)->text() == line)
                QCOMPARE(problemsList->item(i)->toolTip(),
                         L("workers[2].ident: duplicate ident \"think\" (also workers[0])"));
        }
        // The row's tooltip and the field's say it so too.
        QVERIFY2(cell.data(Qt::ToolTipRole)
                     .toString()
                     .contains(L("Ident: duplicate ident \"think\" (also the worker in row 1)")),
                 qPrintable(cell.data(Qt::ToolTipRole).toString()));
        QVERIFY2(ident->toolTip().contains(L("(also the worker in row 1)")),
                 qPrintable(ident->toolTip()));
        QVERIFY(!ident->toolTip().contains(L("workers[")));
    }

    // thresholdsShown is the thresholds list's lines, as the form shows them.
    QStringList thresholdsShown() const {
        QStringList lines;
        auto* list = m_editor->findChild<QListWidget*>(QStringLiteral("thresholdsList"));
        for (int i = 0; list && i < list->count(); ++i)
            lines.append(list->item(i)->text());
        return lines;
    }
    // undoKey presses Ctrl+Z (or Ctrl+Shift+Z) where the focus is, as a person does.
    void undoKey(bool redo = false) {
        QWidget* at = QApplication::focusWidget() ? QApplication::focusWidget() : m_editor.get();
        QTest::keyClick(at, Qt::Key_Z,
                        redo ? Qt::ControlModifier | Qt::ShiftModifier : Qt::ControlModifier);
    }
    // renameScenario: the sample with a worker "api-v2" beside "api", and thresholds on api,
    // on api-v2 (a name api is the start of), on cache and on the whole run.
    static Scenario renameScenario() {
        Scenario s = sample();
        WorkerSpec v2 = s.workers[1];
        v2.ident = QStringLiteral("api-v2");
        s.workers.append(v2);
        s.thresholds = {L("p99 < 250ms"), L("api.p99 < 100ms"), L("api-v2.p99 < 300ms"),
                        L("cache.p99 < 50ms"), L("api . error_rate<1%")};
        return s;
    }

    // Renaming a worker in its Ident field takes the thresholds that name it along, as an
    // IDE's rename does, in the same undo step: they said "Threshold 2: unknown worker".
    // Typed key by key, "cache-api" goes through "cache", another worker's ident: the
    // thresholds are never rewritten into that (cache's own stays cache's), and the rename is
    // followed from where the typing began. A whole name only: api-v2's stays.
    void renamingAWorkerRenamesItsThresholds() {
        m_editor->setScenario(renameScenario()); // File › Open
        FIND(QLineEdit, ident, "identEdit");
        QVERIFY(m_editor->isValid());
        const QStringList before = m_editor->scenario().thresholds;
        QCOMPARE(thresholdsShown(), before);
        QVERIFY(clickWorker(1));
        QCOMPARE(ident->text(), L("api"));
        clickInto(ident, L("cache-api"));
        QTest::keyClick(ident, Qt::Key_Tab);
        QCOMPARE(m_editor->scenario().workers[1].ident, L("cache-api"));
        const QStringList after = {L("p99 < 250ms"), L("cache-api.p99 < 100ms"),
                                   L("api-v2.p99 < 300ms"), L("cache.p99 < 50ms"),
                                   L("cache-api . error_rate<1%")};
        QCOMPARE(m_editor->scenario().thresholds, after);
        QCOMPARE(thresholdsShown(),
                 QStringList({L("p99 < 250ms"), L("cache-api.p99 < 100ms"), L("api-v2.p99 < 300ms"),
                              L("cache.p99 < 50ms"), L("cache-api . error_rate<1%")}));
        QVERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(m_editor->isValid());
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QVERIFY(m_editor->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/editor-rename-thresholds.png")));
        // One Ctrl+Z takes back the rename and the thresholds together; redo both.
        undoKey();
        QCOMPARE(m_editor->scenario().workers[1].ident, L("api"));
        QCOMPARE(ident->text(), L("api"));
        QCOMPARE(m_editor->scenario().thresholds, before);
        QVERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
        undoKey(true);
        QCOMPARE(m_editor->scenario().workers[1].ident, L("cache-api"));
        QCOMPARE(m_editor->scenario().thresholds, after);
        QVERIFY(m_editor->isValid());
    }

    // F2 in the workers table renames as the Ident field does, a flow's step thresholds
    // ("checkout/order.p99") too. An ident typed over another worker's is a duplicate (listed
    // as such) and the thresholds are not rewritten into that ambiguity; Ctrl+Z takes it back.
    void renamingInTheTableRenamesThresholds() {
        QFile in(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        const ScenarioParse parse = Scenario::fromJson(in.readAll());
        QVERIFY(parse.ok());
        Scenario s = parse.scenario;
        WorkerSpec other = s.workers[0];
        other.ident = QStringLiteral("browse");
        s.workers.append(other);
        s.thresholds.append(L("browse.p99 < 400ms"));
        m_editor->setScenario(s); // File › Open
        const QStringList before = {L("checkout/order.p99 < 250ms"), L("checkout.error_rate < 1%"),
                                    L("browse.p99 < 400ms")};
        QCOMPARE(m_editor->scenario().thresholds, before);
        FIND(QTableView, view, "workersView");
        auto renameRow = [&](int row, const QString& text) {
            QVERIFY(clickWorker(row));
            QTest::keyClick(view, Qt::Key_F2);
            QTRY_VERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget()));
            QWidget* cell = QApplication::focusWidget();
            QTest::keyClick(cell, Qt::Key_A, Qt::ControlModifier);
            QTest::keyClicks(cell, text);
            QTest::keyClick(cell, Qt::Key_Return);
        };
        renameRow(0, L("shop"));
        QTRY_COMPARE(m_editor->scenario().workers[0].ident, L("shop"));
        const QStringList after = {L("shop/order.p99 < 250ms"), L("shop.error_rate < 1%"),
                                   L("browse.p99 < 400ms")};
        QCOMPARE(m_editor->scenario().thresholds, after);
        QCOMPARE(thresholdsShown(), after);
        QVERIFY2(!listed(*m_editor).join(u'\n').contains(L("Threshold")),
                 qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(!listed(*m_editor).join(u'\n').contains(L("unknown")));
        undoKey();
        QCOMPARE(m_editor->scenario().workers[0].ident, L("checkout"));
        QCOMPARE(m_editor->scenario().thresholds, before);
        QCOMPARE(thresholdsShown(), before);
        undoKey(true);
        QCOMPARE(m_editor->scenario().thresholds, after);

        // Onto another worker's ident: a duplicate, and nothing rewritten (shop's threshold
        // would then name two workers, and browse's would seem to be shop's).
        renameRow(0, L("browse"));
        QTRY_COMPARE(m_editor->scenario().workers[0].ident, L("browse"));
        QCOMPARE(m_editor->scenario().thresholds, after);
        QTRY_VERIFY2(listed(*m_editor).join(u'\n').contains(L("duplicate ident \"browse\"")),
                     qPrintable(listed(*m_editor).join(u'\n')));
        undoKey();
        QCOMPARE(m_editor->scenario().workers[0].ident, L("shop"));
        QCOMPARE(m_editor->scenario().thresholds, after);
    }

    // A problem's line names its field by the worker's ident and the step's name as they are
    // now: renamed, the line follows. Before, the list was rebuilt only when its problems
    // (paths and messages) changed, which a rename does not: `web` typed into api's Ident
    // left "Worker api › URL: …" listed, and a step renamed `loginX` left "Step login ›".
    void problemLinesFollowARename() {
        FIND(QLineEdit, url, "urlEdit");
        FIND(QLineEdit, ident, "identEdit");
        FIND(QScrollArea, scroll, "workerScroll");
        QVERIFY(clickWorker(1)); // api, http
        scrollTo(scroll, url);
        clickInto(url, L("sandbox/items")); // no scheme: the validator's problem
        QTest::keyClick(url, Qt::Key_Tab);
        QTRY_COMPARE(listed(*m_editor).size(), 1);
        QVERIFY2(listed(*m_editor).first().startsWith(L("Worker api › URL: ")),
                 qPrintable(listed(*m_editor).first()));
        scrollTo(scroll, ident);
        clickInto(ident, L("web"));
        QTest::keyClick(ident, Qt::Key_Tab);
        QCOMPARE(current().ident, L("web"));
        QCOMPARE(listed(*m_editor).size(), 1);
        QVERIFY2(listed(*m_editor).first().startsWith(L("Worker web › URL: ")),
                 qPrintable(listed(*m_editor).first()));
        undoKey(); // the rename undone: api again
        QCOMPARE(current().ident, L("api"));
        QVERIFY2(listed(*m_editor).first().startsWith(L("Worker api › URL: ")),
                 qPrintable(listed(*m_editor).first()));

        // A step's field holding text that is not a value, then the step renamed: its line
        // names the step by its new name.
        QFile in(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        const ScenarioParse parse = Scenario::fromJson(in.readAll());
        QVERIFY(parse.ok());
        m_editor->setScenario(parse.scenario); // File › Open
        FIND(QLineEdit, stepTimeout, "stepTimeoutEdit");
        FIND(QLineEdit, stepName, "stepNameEdit");
        QTRY_VERIFY(stepName->isVisible());
        QCOMPARE(stepName->text(), L("login"));
        scrollTo(scroll, stepTimeout);
        clickInto(stepTimeout, L("5 sec"));
        QTRY_COMPARE(listed(*m_editor).size(), 1);
        QVERIFY2(listed(*m_editor).first().startsWith(L("Worker checkout › Step login › Timeout")),
                 qPrintable(listed(*m_editor).first()));
        scrollTo(scroll, stepName);
        QTest::mouseClick(stepName, Qt::LeftButton);
        QTest::keyClick(stepName, Qt::Key_End);
        QTest::keyClicks(stepName, L("X"));
        QCOMPARE(m_editor->scenario().workers[0].target.steps[0].name, L("loginX"));
        QCOMPARE(listed(*m_editor).size(), 1);
        QVERIFY2(listed(*m_editor).first().startsWith(L("Worker checkout › Step loginX › Timeout")),
                 qPrintable(listed(*m_editor).first()));
    }

    // A flow step's Method combo moves from the step's method with Up and Down, and shows
    // every method it offers whole and a longer one typed into it (WebDAV's VERSION-CONTROL),
    // at the dock's width at 1024x700, as the HTTP page's does (tst_appcontroller
    // methodComboShowsEveryMethodWhole).
    void stepMethodShowsEveryMethodWhole() {
        QFile in(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        const ScenarioParse parse = Scenario::fromJson(in.readAll());
        QVERIFY(parse.ok());
        m_editor->setScenario(parse.scenario); // File › Open
        m_editor->resize(std::max(360, m_editor->minimumSizeHint().width()), 700);
        FIND(QListWidget, steps, "flowStepsList");
        FIND(QComboBox, method, "stepMethodCombo");
        FIND(QScrollArea, scroll, "workerScroll");
        QTRY_VERIFY(steps->isVisible() && steps->count() == 3);
        QTest::mouseClick(steps->viewport(), Qt::LeftButton, {},
                          steps->visualItemRect(steps->item(0)).center());
        QCoreApplication::processEvents();
        scrollTo(scroll, method);
        QVERIFY(method->isEditable());
        QLineEdit* edit = method->lineEdit();
        const auto whole = [&](const QString& what) {
            const int room = edit->contentsRect().width() - 4; // QLineEdit's 2 px either side
            const int needs = edit->fontMetrics().horizontalAdvance(edit->text()) + 1; // cursor
            QVERIFY2(needs <= room,
                     qPrintable(QStringLiteral("%1 '%2' needs %3 px of %4 (combo %5)")
                                    .arg(what, edit->text())
                                    .arg(needs)
                                    .arg(room)
                                    .arg(method->width())));
        };
        QTest::mouseClick(edit, Qt::LeftButton);
        QTRY_VERIFY(edit->hasFocus());
        // The login step's POST: Up goes to the method above it in the list. The combo stood
        // at GET under the text "POST", so Up did nothing and Down showed POST again.
        QCOMPARE(edit->text(), L("POST"));
        QTest::keyClick(edit, Qt::Key_Up);
        QCOMPARE(edit->text(), L("GET"));
        QCOMPARE(m_editor->scenario().workers[0].target.steps[0].method, L("GET"));
        QTest::keyClick(edit, Qt::Key_Down);
        QCOMPARE(edit->text(), L("POST"));
        QTest::keyClick(edit, Qt::Key_Up);
        QCOMPARE(method->currentIndex(), 0);
        for (int i = 0; i < method->count(); ++i) {
            QCOMPARE(edit->text(), method->itemText(i));
            QCOMPARE(m_editor->scenario().workers[0].target.steps[0].method, method->itemText(i));
            whole(QStringLiteral("offered"));
            if (QTest::currentTestFailed())
                return;
            QTest::keyClick(edit, Qt::Key_Down);
        }
        edit->selectAll();
        QTest::keyClicks(edit, QStringLiteral("VERSION-CONTROL"));
        QCOMPARE(edit->text(), QStringLiteral("VERSION-CONTROL"));
        whole(QStringLiteral("typed"));
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QVERIFY(m_editor->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/step-method-combo-360x700.png")));
    }

    // A method typed into the HTTP page's Method combo (PURGE) was shown and saved, but the
    // combo stood at another item beneath it: PUT, where typing "PU" had passed, and after
    // another worker was shown and this one again, GET (the other's); the list marked that
    // item, and Up and Down went from it (from GET, Down to POST). The typed method is now
    // the combo's current item, the one item after the offered ones, when the typing ends
    // (Tab) and whenever the worker is shown (switching workers, undo, the file opened
    // again): the list marks it, Up goes to OPTIONS above it and Down back to it. A flow
    // step's Method combo likewise.
    void aTypedMethodIsTheCombosItem() {
        FIND(QComboBox, method, "methodCombo");
        FIND(QScrollArea, scroll, "workerScroll");
        QVERIFY(clickWorker(1));
        QTRY_VERIFY(method->isVisible());
        scrollTo(scroll, method);
        QLineEdit* edit = method->lineEdit();
        const auto stored = [this] { return m_editor->scenario().workers[1].target.method; };
        // shown: the field, the combo's current item and the scenario say the same.
        const auto shown = [&](const QString& m) {
            return edit->text() == m && method->currentIndex() >= 0 &&
                   method->itemText(method->currentIndex()) == m && stored() == m;
        };
        const auto state = [&] {
            return QStringLiteral("field '%1', item %2 '%3', scenario '%4'")
                .arg(edit->text())
                .arg(method->currentIndex())
                .arg(method->itemText(method->currentIndex()), stored());
        };
        QVERIFY2(shown(L("POST")), qPrintable(state()));
        QTest::mouseClick(edit, Qt::LeftButton);
        QTRY_VERIFY(edit->hasFocus());
        edit->selectAll();
        QTest::keyClicks(edit, L("PURGE"));
        QCOMPARE(stored(), L("PURGE"));
        QCOMPARE(m_editor->undoStack()->undoText(), L("Edit method"));
        QTest::keyClick(edit, Qt::Key_Tab);
        QVERIFY2(shown(L("PURGE")), qPrintable(state()));
        // The list marks it.
        QTest::mouseClick(edit, Qt::LeftButton);
        QTest::keyClick(edit, Qt::Key_F4);
        QTRY_VERIFY(method->view()->isVisible());
        QCOMPARE(method->view()->currentIndex().data().toString(), L("PURGE"));
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QVERIFY(method->view()->window()->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/typed-method-listed.png")));
        QTest::keyClick(method->view(), Qt::Key_Escape);
        QTRY_VERIFY(!method->view()->isVisible());
        m_editor->activateWindow(); // (offscreen, the closed list stays the active window)
        QTRY_COMPARE(QApplication::activeWindow(), m_editor.get());

        // Another worker, then this one again: the same.
        QVERIFY(clickWorker(0));
        QVERIFY(clickWorker(1));
        QVERIFY2(shown(L("PURGE")), qPrintable(state()));
        // Up and Down move from it: OPTIONS above it, then back.
        QTest::mouseClick(edit, Qt::LeftButton);
        QTRY_VERIFY(edit->hasFocus());
        QTest::keyClick(edit, Qt::Key_Up);
        QVERIFY2(shown(L("OPTIONS")), qPrintable(state()));
        QTest::keyClick(edit, Qt::Key_Down);
        QVERIFY2(shown(L("PURGE")), qPrintable(state()));
        // Undone to POST (an offered method: the typed one's item goes), redone.
        QTest::keyClick(edit, Qt::Key_Tab);
        while (m_editor->undoStack()->canUndo() && stored() != L("POST"))
            m_editor->undoStack()->undo();
        QVERIFY2(shown(L("POST")), qPrintable(state()));
        QCOMPARE(method->count(), 7);
        m_editor->undoStack()->redo();
        QVERIFY2(shown(L("PURGE")), qPrintable(state()));
        // Saved and opened again.
        m_editor->setScenario(reread(m_editor->scenario()));
        QVERIFY(clickWorker(1));
        QVERIFY2(shown(L("PURGE")), qPrintable(state()));

        // A flow step's combo.
        QFile in(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        const ScenarioParse parse = Scenario::fromJson(in.readAll());
        QVERIFY(parse.ok());
        m_editor->setScenario(parse.scenario);
        FIND(QListWidget, steps, "flowStepsList");
        FIND(QComboBox, stepMethod, "stepMethodCombo");
        QTRY_VERIFY(steps->isVisible() && steps->count() == 3);
        QTest::mouseClick(steps->viewport(), Qt::LeftButton, {},
                          steps->visualItemRect(steps->item(0)).center());
        QCoreApplication::processEvents();
        scrollTo(scroll, stepMethod);
        QTest::mouseClick(stepMethod->lineEdit(), Qt::LeftButton);
        QTRY_VERIFY(stepMethod->lineEdit()->hasFocus());
        stepMethod->lineEdit()->selectAll();
        QTest::keyClicks(stepMethod->lineEdit(), L("PURGE"));
        QTest::keyClick(stepMethod->lineEdit(), Qt::Key_Tab);
        QCOMPARE(m_editor->scenario().workers[0].target.steps[0].method, L("PURGE"));
        QCOMPARE(stepMethod->itemText(stepMethod->currentIndex()), L("PURGE"));
        // As the dock shows it at 1024x700.
        m_editor->resize(std::max(360, m_editor->minimumSizeHint().width()), 700);
        QCoreApplication::processEvents();
        scrollTo(scroll, stepMethod);
        QVERIFY(m_editor->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/typed-step-method-360x700.png")));
    }

    // A method typed in another case ("get") is the offered one (GET) once the typing ends,
    // in the typing's own undo step: the combo made it GET as the focus left it, after the
    // step had ended, so "get" and Tab were two steps, and one Ctrl+Z left the scenario at
    // "get", sent as typed (HTTP methods are case-sensitive), where it was POST before.
    // A flow step's Method combo likewise ("pu" and a click elsewhere: PUT).
    void aMethodTypedInAnotherCaseIsOneUndoStep() {
        FIND(QComboBox, method, "methodCombo");
        FIND(QScrollArea, scroll, "workerScroll");
        QVERIFY(clickWorker(1)); // api: POST
        QTRY_VERIFY(method->isVisible());
        scrollTo(scroll, method);
        QLineEdit* edit = method->lineEdit();
        const auto stored = [this] { return m_editor->scenario().workers[1].target.method; };
        QCOMPARE(stored(), L("POST"));
        const int steps = m_editor->undoStack()->count();
        QTest::mouseClick(edit, Qt::LeftButton);
        QTRY_VERIFY(edit->hasFocus());
        QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(edit, L("get"));
        QTest::keyClick(edit, Qt::Key_Tab);
        QVERIFY(!edit->hasFocus());
        QCOMPARE(stored(), L("GET"));
        QCOMPARE(edit->text(), L("GET"));
        QCOMPARE(m_editor->undoStack()->count(), steps + 1);
        undoKey();
        QCOMPARE(stored(), L("POST"));
        QCOMPARE(edit->text(), L("POST"));
        undoKey(true);
        QCOMPARE(stored(), L("GET"));
        QCOMPARE(edit->text(), L("GET"));
        // Typing into it again later is a step of its own, as in any field.
        QTest::mouseClick(edit, Qt::LeftButton);
        QTRY_VERIFY(edit->hasFocus());
        QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(edit, L("delete"));
        QTest::keyClick(edit, Qt::Key_Tab);
        QCOMPARE(stored(), L("DELETE"));
        QCOMPARE(m_editor->undoStack()->count(), steps + 2);
        undoKey();
        QCOMPARE(stored(), L("GET"));

        // A flow step's, left with a click on another field.
        QFile in(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        const ScenarioParse parse = Scenario::fromJson(in.readAll());
        QVERIFY(parse.ok());
        m_editor->setScenario(parse.scenario);
        FIND(QListWidget, list, "flowStepsList");
        FIND(QComboBox, stepMethod, "stepMethodCombo");
        FIND(QLineEdit, stepUrl, "stepUrlEdit");
        QTRY_VERIFY(list->isVisible() && list->count() == 3);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                          list->visualItemRect(list->item(0)).center());
        QCoreApplication::processEvents();
        const auto login = [this] {
            return m_editor->scenario().workers[0].target.steps[0].method;
        };
        QCOMPARE(login(), L("POST"));
        scrollTo(scroll, stepMethod);
        const int stepSteps = m_editor->undoStack()->count();
        QTest::mouseClick(stepMethod->lineEdit(), Qt::LeftButton);
        QTRY_VERIFY(stepMethod->lineEdit()->hasFocus());
        QTest::keyClick(stepMethod->lineEdit(), Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(stepMethod->lineEdit(), L("pu"));
        scrollTo(scroll, stepUrl);
        QTest::mouseClick(stepUrl, Qt::LeftButton);
        QTRY_VERIFY(stepUrl->hasFocus());
        QCOMPARE(login(), L("PUT"));
        QCOMPARE(stepMethod->lineEdit()->text(), L("PUT"));
        QCOMPARE(m_editor->undoStack()->count(), stepSteps + 1);
        undoKey();
        QCOMPARE(login(), L("POST"));
        QCOMPARE(stepMethod->lineEdit()->text(), L("POST"));
    }

    // The Method combo's list is the offered methods and at most the worker's own typed one.
    // A typed method (PURGE) stayed an item of the list after an offered one was chosen
    // instead, by typing GET and Return, by Up and Tab, or by picking GET in the list with the
    // mouse or the keyboard: the list offered PURGE, no longer the worker's method, until
    // another worker was shown and this one again. Each way, the list opened after the choice
    // now holds the offered methods only; a flow step's Method combo likewise.
    void aChosenMethodDropsTheTypedOne() {
        FIND(QComboBox, method, "methodCombo");
        FIND(QScrollArea, scroll, "workerScroll");
        QVERIFY(clickWorker(1));
        QTRY_VERIFY(method->isVisible());
        scrollTo(scroll, method);
        QLineEdit* edit = method->lineEdit();
        const auto stored = [this] { return m_editor->scenario().workers[1].target.method; };
        QStringList offered;
        for (int i = 0; i < method->count(); ++i)
            offered.append(method->itemText(i));
        QCOMPARE(offered.size(), 7);
        // listed opens the list with F4 in the field, reads its items and closes it.
        const auto listed = [&](QComboBox* combo) {
            QStringList items;
            QTest::mouseClick(combo->lineEdit(), Qt::LeftButton);
            [&] { QTRY_VERIFY(combo->lineEdit()->hasFocus()); }();
            QTest::keyClick(combo->lineEdit(), Qt::Key_F4);
            [&] { QTRY_VERIFY(combo->view()->isVisible()); }();
            const QAbstractItemModel* model = combo->view()->model();
            for (int r = 0; r < model->rowCount(); ++r)
                items.append(model->index(r, 0).data().toString());
            QTest::keyClick(combo->view(), Qt::Key_Escape);
            [&] { QTRY_VERIFY(!combo->view()->isVisible()); }();
            m_editor->activateWindow(); // (offscreen, the closed list stays the active window)
            [&] { QTRY_COMPARE(QApplication::activeWindow(), m_editor.get()); }();
            return items;
        };
        // typePurge types PURGE over the field and leaves it with Tab: the list offers it.
        const auto typePurge = [&] {
            QTest::mouseClick(edit, Qt::LeftButton);
            QTRY_VERIFY(edit->hasFocus());
            edit->selectAll();
            QTest::keyClicks(edit, L("PURGE"));
            QTest::keyClick(edit, Qt::Key_Tab);
            QCOMPARE(stored(), L("PURGE"));
            QCOMPARE(listed(method), offered + QStringList{L("PURGE")});
        };

        // Typed: GET, Return.
        typePurge();
        QTest::mouseClick(edit, Qt::LeftButton);
        QTRY_VERIFY(edit->hasFocus());
        edit->selectAll();
        QTest::keyClicks(edit, L("GET"));
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(stored(), L("GET"));
        QCOMPARE(method->currentIndex(), 0);
        QCOMPARE(listed(method), offered);

        // The keyboard in the field: Up from PURGE is OPTIONS, Down goes back to PURGE while
        // the field is being edited; Up again and Tab: OPTIONS is chosen.
        typePurge();
        QTest::mouseClick(edit, Qt::LeftButton);
        QTRY_VERIFY(edit->hasFocus());
        QTest::keyClick(edit, Qt::Key_Up);
        QCOMPARE(stored(), L("OPTIONS"));
        QTest::keyClick(edit, Qt::Key_Down);
        QCOMPARE(stored(), L("PURGE"));
        QTest::keyClick(edit, Qt::Key_Up);
        QTest::keyClick(edit, Qt::Key_Tab);
        QCOMPARE(stored(), L("OPTIONS"));
        QCOMPARE(listed(method), offered);

        // The keyboard in the open list: Up from PURGE to OPTIONS, Return.
        typePurge();
        QTest::mouseClick(edit, Qt::LeftButton);
        QTRY_VERIFY(edit->hasFocus());
        QTest::keyClick(edit, Qt::Key_F4);
        QTRY_VERIFY(method->view()->isVisible());
        QCOMPARE(method->view()->currentIndex().data().toString(), L("PURGE"));
        QTest::keyClick(method->view(), Qt::Key_Up);
        QTest::keyClick(method->view(), Qt::Key_Return);
        QTRY_VERIFY(!method->view()->isVisible());
        QCOMPARE(stored(), L("OPTIONS"));
        m_editor->activateWindow();
        QTRY_COMPARE(QApplication::activeWindow(), m_editor.get());
        QCOMPARE(listed(method), offered);

        // The mouse: GET clicked in the list. (Opened with F4: QComboBox takes a click's
        // release within a double-click's time of the click that opened the list for that
        // click's, and leaves the list open.)
        typePurge();
        QTest::mouseClick(edit, Qt::LeftButton);
        QTRY_VERIFY(edit->hasFocus());
        QTest::keyClick(edit, Qt::Key_F4);
        QTRY_VERIFY(method->view()->isVisible());
        const QModelIndex get = method->view()->model()->index(0, 0);
        QCOMPARE(get.data().toString(), L("GET"));
        QTest::mouseClick(method->view()->viewport(), Qt::LeftButton, {},
                          method->view()->visualRect(get).center());
        QTRY_VERIFY(!method->view()->isVisible());
        QCOMPARE(stored(), L("GET"));
        m_editor->activateWindow();
        QTRY_COMPARE(QApplication::activeWindow(), m_editor.get());
        QCOMPARE(listed(method), offered);
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QTest::keyClick(edit, Qt::Key_F4);
        QTRY_VERIFY(method->view()->isVisible());
        QVERIFY(method->view()->window()->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/chosen-method-listed.png")));
        QTest::keyClick(method->view(), Qt::Key_Escape);
        QTRY_VERIFY(!method->view()->isVisible());
        m_editor->activateWindow();
        QTRY_COMPARE(QApplication::activeWindow(), m_editor.get());
        QVERIFY(m_editor->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/chosen-method-editor.png")));
        m_editor->resize(std::max(360, m_editor->minimumSizeHint().width()), 700); // 1024x700
        QCoreApplication::processEvents();
        scrollTo(scroll, method);
        QVERIFY(m_editor->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/chosen-method-editor-360x700.png")));

        // A flow step's combo: PURGE typed, then GET and Return.
        QFile in(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        const ScenarioParse parse = Scenario::fromJson(in.readAll());
        QVERIFY(parse.ok());
        m_editor->setScenario(parse.scenario);
        FIND(QListWidget, steps, "flowStepsList");
        FIND(QComboBox, stepMethod, "stepMethodCombo");
        QTRY_VERIFY(steps->isVisible() && steps->count() == 3);
        QTest::mouseClick(steps->viewport(), Qt::LeftButton, {},
                          steps->visualItemRect(steps->item(0)).center());
        QCoreApplication::processEvents();
        scrollTo(scroll, stepMethod);
        QLineEdit* stepEdit = stepMethod->lineEdit();
        const auto step = [this] { return m_editor->scenario().workers[0].target.steps[0].method; };
        QTest::mouseClick(stepEdit, Qt::LeftButton);
        QTRY_VERIFY(stepEdit->hasFocus());
        stepEdit->selectAll();
        QTest::keyClicks(stepEdit, L("PURGE"));
        QTest::keyClick(stepEdit, Qt::Key_Tab);
        QCOMPARE(step(), L("PURGE"));
        QCOMPARE(listed(stepMethod), offered + QStringList{L("PURGE")});
        QTest::mouseClick(stepEdit, Qt::LeftButton);
        QTRY_VERIFY(stepEdit->hasFocus());
        stepEdit->selectAll();
        QTest::keyClicks(stepEdit, L("GET"));
        QTest::keyClick(stepEdit, Qt::Key_Return);
        QCOMPARE(step(), L("GET"));
        QCOMPARE(listed(stepMethod), offered);
    }

    // A flow step's URL and headers take the step form's width, as an HTTP worker's do: in
    // the labels' column (Think time makes it wide), at the dock's width (360 px at 1024x700)
    // the shipped journey's login URL was cut and its header read "Content-…" and
    // "applicatio…".
    void stepUrlAndHeadersTakeTheWidth() {
        QFile in(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        const ScenarioParse parse = Scenario::fromJson(in.readAll());
        QVERIFY(parse.ok());
        m_editor->setScenario(parse.scenario); // File › Open
        m_editor->resize(std::max(360, m_editor->minimumSizeHint().width()), 700);
        FIND(QListWidget, steps, "flowStepsList");
        FIND(QLineEdit, stepUrl, "stepUrlEdit");
        FIND(QTableWidget, stepHeaders, "stepHeadersTable");
        FIND(QScrollArea, scroll, "workerScroll");
        FIND(QGroupBox, stepBox, "stepBox");
        QTRY_VERIFY(steps->isVisible() && steps->count() == 3);
        QTest::mouseClick(steps->viewport(), Qt::LeftButton, {},
                          steps->visualItemRect(steps->item(0)).center());
        QCoreApplication::processEvents();
        scrollTo(scroll, stepUrl);
        // The URL: the step form's width less its label, at least three quarters of it (in
        // the labels' column it got 186 px of 290 for 233 px of text).
        QCOMPARE(stepUrl->text(), L("http://sandbox/login?delay=5ms-15ms"));
        QVERIFY2(stepUrl->width() * 4 >= stepBox->contentsRect().width() * 3,
                 qPrintable(QStringLiteral("the URL is %1 px of the step's %2")
                                .arg(stepUrl->width())
                                .arg(stepBox->contentsRect().width())));
        scrollTo(scroll, stepHeaders);
        QCOMPARE(stepHeaders->rowCount(), 1);
        for (int column : {0, 1}) {
            const QString text = stepHeaders->item(0, column)->text();
            const int needs = stepHeaders->fontMetrics().horizontalAdvance(text) + 8; // margins
            QVERIFY2(needs <= stepHeaders->columnWidth(column),
                     qPrintable(QStringLiteral("%1 needs %2 px of %3")
                                    .arg(text)
                                    .arg(needs)
                                    .arg(stepHeaders->columnWidth(column))));
        }
        // A step's URL of the sandbox's login typed whole shows whole (it lacked ~7 px: the
        // step's box and the flow's box each kept a style's margin on both sides), and the
        // step list shows its lines with no horizontal scroll bar.
        scrollTo(scroll, stepUrl);
        for (const QString& login :
             {L("http://sandbox/login?delay=5ms-15ms"), L("http://127.0.0.1:8080/login")}) {
            clickInto(stepUrl, login);
            QCOMPARE(stepUrl->text(), login);
            QStyleOptionFrame option;
            option.initFrom(stepUrl);
            option.lineWidth =
                stepUrl->style()->pixelMetric(QStyle::PM_DefaultFrameWidth, &option, stepUrl);
            const QMargins text = stepUrl->textMargins();
            const int room = stepUrl->style()
                                 ->subElementRect(QStyle::SE_LineEditContents, &option, stepUrl)
                                 .width() -
                             text.left() - text.right() - 2 * 2; // QLineEdit's own 2 px each side
            const int needs = stepUrl->fontMetrics().horizontalAdvance(login) + 1; // the cursor
            QVERIFY2(needs <= room, qPrintable(QStringLiteral("%1 needs %2 px of the URL's %3")
                                                   .arg(login)
                                                   .arg(needs)
                                                   .arg(room)));
        }
        scrollTo(scroll, steps);
        QVERIFY2(!steps->horizontalScrollBar()->isVisible(),
                 qPrintable(
                     QStringLiteral("the step list scrolls sideways: %1 px of lines in %2")
                         .arg(steps->horizontalScrollBar()->maximum() + steps->viewport()->width())
                         .arg(steps->viewport()->width())));
        QCOMPARE(steps->item(2)->toolTip(), steps->item(2)->text()); // the line ends in "…"
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QVERIFY(m_editor->grab().save(QStringLiteral(PUSHER_SCREENSHOT_DIR "/editor-step.png")));
    }

    // Renaming a flow's step in its Name field takes "worker/step" thresholds along; the
    // worker's own and the other steps' stay. One Ctrl+Z restores both.
    void renamingAStepRenamesItsThresholds() {
        QFile in(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        const ScenarioParse parse = Scenario::fromJson(in.readAll());
        QVERIFY(parse.ok());
        Scenario s = parse.scenario;
        s.thresholds.append(L("checkout/browse.p99 < 200ms"));
        m_editor->setScenario(s); // File › Open
        const QStringList before = m_editor->scenario().thresholds;
        FIND(QListWidget, steps, "flowStepsList");
        FIND(QLineEdit, stepName, "stepNameEdit");
        QTRY_VERIFY(steps->isVisible() && steps->count() == 3);
        QTest::mouseClick(steps->viewport(), Qt::LeftButton, {},
                          steps->visualItemRect(steps->item(2)).center());
        QCOMPARE(stepName->text(), L("order"));
        clickInto(stepName, L("buy"));
        QTest::keyClick(stepName, Qt::Key_Tab);
        QCOMPARE(m_editor->scenario().workers[0].target.steps[2].name, L("buy"));
        const QStringList after = {L("checkout/buy.p99 < 250ms"), L("checkout.error_rate < 1%"),
                                   L("checkout/browse.p99 < 200ms")};
        QCOMPARE(m_editor->scenario().thresholds, after);
        QCOMPARE(thresholdsShown(), after);
        QVERIFY2(!listed(*m_editor).join(u'\n').contains(L("unknown")),
                 qPrintable(listed(*m_editor).join(u'\n')));
        undoKey();
        QCOMPARE(m_editor->scenario().workers[0].target.steps[2].name, L("order"));
        QCOMPARE(m_editor->scenario().thresholds, before);
    }

    // Removing a worker takes the thresholds that name it (or a step of it) along, in the same
    // undo step: they stayed, and the scenario then failed validation with "Threshold 2:
    // unknown worker "api"", for the user to find and remove by hand. A whole name only
    // (api-v2's stays); Remove's tooltip names them before the click; one Ctrl+Z brings the
    // worker and its thresholds back together. Driven by clicks on api's row and on Remove,
    // Ctrl+Z and Ctrl+Shift+Z, then Delete in the table on cache's row.
    void removingAWorkerRemovesItsThresholds() {
        m_editor->setScenario(renameScenario()); // File › Open
        FIND(QToolButton, remove, "removeWorkerButton");
        FIND(QTableView, view, "workersView");
        QVERIFY(m_editor->isValid());
        const Scenario before = m_editor->scenario();
        QCOMPARE(idents(),
                 QStringList({L("think"), L("api"), L("cache"), L("script"), L("api-v2")}));
        QVERIFY(clickWorker(1));
        // Said before it is done: the tooltip lists what goes with the worker.
        QVERIFY2(remove->toolTip().contains(L("api.p99 < 100ms")) &&
                     remove->toolTip().contains(L("api . error_rate<1%")) &&
                     !remove->toolTip().contains(L("api-v2")),
                 qPrintable(remove->toolTip()));
        QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(idents(), QStringList({L("think"), L("cache"), L("script"), L("api-v2")}));
        const QStringList after = {L("p99 < 250ms"), L("api-v2.p99 < 300ms"),
                                   L("cache.p99 < 50ms")};
        QCOMPARE(m_editor->scenario().thresholds, after);
        QCOMPARE(thresholdsShown(), after);
        QVERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(m_editor->isValid());
        QCOMPARE(m_editor->undoStack()->undoText(), L("Remove worker and its 2 thresholds"));
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QCoreApplication::processEvents(); // the layout requests of the page just shown
        QVERIFY(m_editor->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/editor-remove-thresholds.png")));
        // One Ctrl+Z: the worker and its thresholds, where they were; Ctrl+Shift+Z: both gone.
        undoKey();
        QCOMPARE(m_editor->scenario(), before);
        QCOMPARE(thresholdsShown(), before.thresholds);
        QCOMPARE(m_editor->currentWorker(), 1);
        QVERIFY(m_editor->isValid());
        undoKey(true);
        QCOMPARE(m_editor->scenario().thresholds, after);
        QCOMPARE(idents(), QStringList({L("think"), L("cache"), L("script"), L("api-v2")}));
        undoKey();
        QCOMPARE(m_editor->scenario(), before);

        // Delete in the table, on cache's row: its one threshold goes with it.
        QVERIFY(clickWorker(2));
        QVERIFY(view->hasFocus());
        QTest::keyClick(view, Qt::Key_Delete);
        QCOMPARE(idents(), QStringList({L("think"), L("api"), L("script"), L("api-v2")}));
        QCOMPARE(m_editor->scenario().thresholds,
                 QStringList({L("p99 < 250ms"), L("api.p99 < 100ms"), L("api-v2.p99 < 300ms"),
                              L("api . error_rate<1%")}));
        QCOMPARE(m_editor->undoStack()->undoText(), L("Remove worker and its threshold"));
        QVERIFY(m_editor->isValid());
        undoKey();
        QCOMPARE(m_editor->scenario(), before);

        // A worker without thresholds: nothing else goes, and the step says nothing more.
        QVERIFY(clickWorker(3));
        QCOMPARE(remove->toolTip(), L("Remove the selected worker (Delete)"));
        QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(m_editor->scenario().thresholds, before.thresholds);
        QCOMPARE(m_editor->undoStack()->undoText(), L("Remove worker"));
    }

    // An ident two workers share names either: removing one of them keeps the thresholds
    // (the duplicate is a problem of its own, and they may mean the one that stays).
    void removingOneOfTwoSameIdentsKeepsTheThresholds() {
        Scenario s = renameScenario();
        s.workers[4].ident = L("api"); // api-v2 typed over as api
        m_editor->setScenario(s);
        FIND(QToolButton, remove, "removeWorkerButton");
        QVERIFY(clickWorker(4));
        QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(idents(), QStringList({L("think"), L("api"), L("cache"), L("script")}));
        QCOMPARE(m_editor->scenario().thresholds, s.thresholds);
        QCOMPARE(m_editor->undoStack()->undoText(), L("Remove worker"));
    }

    // Removing a flow step takes the thresholds on that step along (the journey's
    // "checkout/order.p99"), not the worker's own: a click on the step, one on its −.
    void removingAStepRemovesItsThresholds() {
        QFile in(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        const ScenarioParse parse = Scenario::fromJson(in.readAll());
        QVERIFY(parse.ok());
        Scenario s = parse.scenario;
        s.thresholds.append(L("checkout/browse.p99 < 200ms"));
        m_editor->setScenario(s); // File › Open
        FIND(QListWidget, steps, "flowStepsList");
        FIND(QToolButton, stepRemove, "stepRemoveButton");
        QTRY_VERIFY(steps->isVisible() && steps->count() == 3);
        QTest::mouseClick(steps->viewport(), Qt::LeftButton, {},
                          steps->visualItemRect(steps->item(2)).center());
        QVERIFY2(stepRemove->toolTip().contains(L("checkout/order.p99 < 250ms")) &&
                     !stepRemove->toolTip().contains(L("error_rate")) &&
                     !stepRemove->toolTip().contains(L("browse")),
                 qPrintable(stepRemove->toolTip()));
        QTest::mouseClick(stepRemove, Qt::LeftButton);
        QCOMPARE(m_editor->scenario().workers[0].target.steps.size(), 2);
        const QStringList after = {L("checkout.error_rate < 1%"), L("checkout/browse.p99 < 200ms")};
        QCOMPARE(m_editor->scenario().thresholds, after);
        QCOMPARE(thresholdsShown(), after);
        QVERIFY2(!listed(*m_editor).join(u'\n').contains(L("unknown")),
                 qPrintable(listed(*m_editor).join(u'\n')));
        QCOMPARE(m_editor->undoStack()->undoText(), L("Remove step and its threshold"));
        undoKey();
        QCOMPARE(m_editor->scenario(), s);
    }

    // Another kind chosen for a flow worker keeps its steps in memory (choosing flow again
    // brings them back) but its steps give no series: the thresholds on them go with the
    // steps, as a removed step's do, in the same undo step, said first in the Kind combo's
    // tooltip. Before, they stayed and the scenario could no longer run: "Threshold 2:
    // worker "checkout" is not a flow: only a flow's steps can be named after /".
    void anotherKindTakesTheStepThresholdsAlong() {
        QFile in(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        const ScenarioParse parse = Scenario::fromJson(in.readAll());
        QVERIFY(parse.ok());
        Scenario s = parse.scenario;
        s.thresholds.append(L("checkout/browse.p99 < 200ms"));
        m_editor->setScenario(s); // File › Open
        FIND(QComboBox, kind, "kindCombo");
        QVERIFY(m_editor->isValid());
        QTRY_VERIFY(kind->isVisible());
        QCOMPARE(kind->currentText(), L("flow"));
        QVERIFY2(kind->toolTip().contains(L("checkout/order.p99 < 250ms")) &&
                     kind->toolTip().contains(L("checkout/browse.p99 < 200ms")) &&
                     !kind->toolTip().contains(L("error_rate")),
                 qPrintable(kind->toolTip()));
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QVERIFY(m_editor->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/editor-kind-thresholds-before.png")));

        // The combo clicked open, Up to http, Return.
        QTest::mouseClick(kind, Qt::LeftButton);
        QTRY_VERIFY(kind->view()->isVisible());
        QTest::keyClick(kind->view(), Qt::Key_Up);
        QTest::keyClick(kind->view(), Qt::Key_Return);
        QTRY_VERIFY(!kind->view()->isVisible());
        // The offscreen platform leaves the closed popup the active window, where a desktop
        // gives the editor's window back its activation: as a person's window is again.
        m_editor->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_editor.get()));
        QTRY_COMPARE(QApplication::focusWidget(), kind);
        QCOMPARE(current().target.kind, L("http"));
        QCOMPARE(current().target.steps.size(), 3); // kept in memory
        const QStringList after = {L("checkout.error_rate < 1%")};
        QCOMPARE(m_editor->scenario().thresholds, after);
        QCOMPARE(thresholdsShown(), after);
        const QString shown = listed(*m_editor).join(u'\n');
        QVERIFY2(!shown.contains(L("not a flow")) && !shown.contains(L("Threshold")),
                 qPrintable(shown));
        QCOMPARE(m_editor->undoStack()->undoText(), L("Change target kind and its 2 thresholds"));
        QVERIFY(!kind->toolTip().contains(L("checkout/")));
        QCoreApplication::processEvents();
        QVERIFY(m_editor->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/editor-kind-thresholds-after.png")));

        // One Ctrl+Z: flow, its steps and their thresholds where they were; Ctrl+Shift+Z: http
        // and the thresholds gone again.
        undoKey();
        QCOMPARE(m_editor->scenario(), s);
        QCOMPARE(thresholdsShown(), s.thresholds);
        QCOMPARE(kind->currentText(), L("flow"));
        QVERIFY(m_editor->isValid());
        undoKey(true);
        QCOMPARE(current().target.kind, L("http"));
        QCOMPARE(m_editor->scenario().thresholds, after);
        undoKey();
        QCOMPARE(m_editor->scenario(), s);

        // Kept with the steps: Up in the combo (http) takes them, F (flow) brings the steps
        // and their thresholds back, in their places. Stepped through at once, the two are one
        // undo step, back where it began: none (kindsSteppedThroughAreOneUndoStep).
        QTRY_COMPARE(QApplication::focusWidget(), kind);
        const int steps = m_editor->undoStack()->index();
        QTest::keyClick(kind, Qt::Key_Up);
        QCOMPARE(current().target.kind, L("http"));
        QCOMPARE(m_editor->scenario().thresholds, after);
        QTest::keyClick(kind, Qt::Key_F);
        QCOMPARE(m_editor->scenario(), s);
        QCOMPARE(m_editor->undoStack()->index(), steps);
        // With the focus gone and back between them, each is an undo step of its own.
        QTest::keyClick(kind, Qt::Key_Up);
        QCOMPARE(m_editor->scenario().thresholds, after);
        QTest::keyClick(kind, Qt::Key_Tab);
        QTRY_VERIFY(QApplication::focusWidget() != kind);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab, Qt::ShiftModifier);
        QTRY_COMPARE(QApplication::focusWidget(), kind);
        QTest::keyClick(kind, Qt::Key_Down); // (F again so soon would search for "ff")
        QCOMPARE(current().target.kind, L("flow"));
        QCOMPARE(m_editor->scenario(), s);
        QCOMPARE(thresholdsShown(), s.thresholds);
        QVERIFY(m_editor->isValid());
        QCOMPARE(m_editor->undoStack()->undoText(), L("Change target kind and its 2 thresholds"));
        undoKey();
        QCOMPARE(m_editor->scenario().thresholds, after);
        undoKey();
        QCOMPARE(m_editor->scenario(), s);

        // Renamed while http (Ident: cart, typed): the kept thresholds follow the name, as the
        // worker's own does, and Down in the combo (flow) brings them back under it.
        FIND(QLineEdit, ident, "identEdit");
        QTest::keyClick(kind, Qt::Key_Up);
        QCOMPARE(current().target.kind, L("http"));
        QTest::mouseClick(ident, Qt::LeftButton);
        QTest::keyClick(ident, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(ident, L("cart"));
        QTest::keyClick(ident, Qt::Key_Tab);
        QTRY_COMPARE(QApplication::focusWidget(), kind);
        QCOMPARE(current().ident, L("cart"));
        QCOMPARE(m_editor->scenario().thresholds, QStringList({L("cart.error_rate < 1%")}));
        QTest::keyClick(kind, Qt::Key_Down);
        QCOMPARE(current().target.kind, L("flow"));
        QStringList cart = s.thresholds;
        cart.replaceInStrings(L("checkout"), L("cart"));
        QCOMPARE(m_editor->scenario().thresholds, cart);
        QVERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
        m_editor->setScenario(s);
        QTRY_COMPARE(kind->currentText(), L("flow"));

        // Another document opened (an http worker that has kept its steps): nothing of the
        // first is kept, and Down in the combo (flow) brings back no threshold.
        QTest::keyClick(kind, Qt::Key_Up);
        QCOMPARE(current().target.kind, L("http"));
        m_editor->setScenario(m_editor->scenario()); // File › Open
        QTRY_COMPARE(kind->currentText(), L("http"));
        QTest::keyClick(kind, Qt::Key_Down);
        QCOMPARE(current().target.kind, L("flow"));
        QCOMPARE(m_editor->scenario().thresholds, after);
        QCOMPARE(m_editor->undoStack()->undoText(), L("Change target kind"));

        // A flow with no thresholds on its steps: only the kind changes.
        Scenario plain = s;
        plain.thresholds = after;
        m_editor->setScenario(plain);
        QTRY_VERIFY(kind->isVisible());
        QVERIFY(!kind->toolTip().contains(L("thresholds")));
        QTest::mouseClick(kind, Qt::LeftButton);
        QTRY_VERIFY(kind->view()->isVisible());
        QTest::keyClick(kind->view(), Qt::Key_Down); // tcp
        QTest::keyClick(kind->view(), Qt::Key_Return);
        QTRY_COMPARE(current().target.kind, L("tcp"));
        QCOMPARE(m_editor->scenario().thresholds, after);
        QCOMPARE(m_editor->undoStack()->undoText(), L("Change target kind"));
    }

    // The thresholds another kind took along stay the worker's through undo and redo: a
    // rename of the http worker undone (Ctrl+Z) puts them back under the ident it restores,
    // redone (Ctrl+Shift+Z) under the new one, and flow chosen again undone keeps them for
    // the next time flow is chosen. Before, the kept thresholds followed the rename only as it
    // was typed: undone, they stayed under `cart`, and Down to flow on `checkout` brought back
    // none; and flow chosen again had given them up, so after its Ctrl+Z, choosing flow
    // again brought none back either.
    void undoingARenameKeepsTheKeptStepThresholds() {
        QFile in(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        const ScenarioParse parse = Scenario::fromJson(in.readAll());
        QVERIFY(parse.ok());
        Scenario s = parse.scenario;
        s.thresholds.append(L("checkout/browse.p99 < 200ms"));
        m_editor->setScenario(s); // File › Open
        FIND(QComboBox, kind, "kindCombo");
        FIND(QLineEdit, ident, "identEdit");
        QTRY_VERIFY(kind->isVisible());
        QCOMPARE(kind->currentText(), L("flow"));
        QStringList cart = s.thresholds;
        cart.replaceInStrings(L("checkout"), L("cart"));
        const QStringList own = {L("checkout.error_rate < 1%")};

        // The combo clicked open, Up to http, Return: the step thresholds are kept aside.
        QTest::mouseClick(kind, Qt::LeftButton);
        QTRY_VERIFY(kind->view()->isVisible());
        QTest::keyClick(kind->view(), Qt::Key_Up);
        QTest::keyClick(kind->view(), Qt::Key_Return);
        QTRY_VERIFY(!kind->view()->isVisible());
        m_editor->activateWindow(); // as a desktop gives the window back its activation
        QVERIFY(QTest::qWaitForWindowActive(m_editor.get()));
        QCOMPARE(current().target.kind, L("http"));
        QCOMPARE(m_editor->scenario().thresholds, own);

        // `cart` typed into Ident, Return; then Ctrl+Z: checkout again.
        QTest::mouseClick(ident, Qt::LeftButton);
        QTest::keyClick(ident, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(ident, L("cart"));
        QTest::keyClick(ident, Qt::Key_Return);
        QCOMPARE(current().ident, L("cart"));
        QCOMPARE(m_editor->scenario().thresholds, QStringList({L("cart.error_rate < 1%")}));
        undoKey();
        QCOMPARE(current().ident, L("checkout"));
        QCOMPARE(ident->text(), L("checkout"));
        QCOMPARE(m_editor->scenario().thresholds, own);

        // Tab to Kind, Down: flow, and the step thresholds back under checkout, in their places.
        QTest::keyClick(ident, Qt::Key_Tab);
        QTRY_COMPARE(QApplication::focusWidget(), kind);
        QTest::keyClick(kind, Qt::Key_Down);
        QCOMPARE(current().target.kind, L("flow"));
        QCOMPARE(m_editor->scenario(), s);
        QCOMPARE(thresholdsShown(), s.thresholds);
        QVERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
        QCOMPARE(m_editor->undoStack()->undoText(), L("Change target kind and its 2 thresholds"));

        // Ctrl+Z (http again), then Down once more: flow brings them back again.
        undoKey();
        QCOMPARE(current().target.kind, L("http"));
        QCOMPARE(m_editor->scenario().thresholds, own);
        QTRY_COMPARE(QApplication::focusWidget(), kind);
        QTest::keyClick(kind, Qt::Key_Down);
        QCOMPARE(current().target.kind, L("flow"));
        QCOMPARE(m_editor->scenario(), s);

        // Back to http (Up), `cart` typed and Return, Ctrl+Z and Ctrl+Shift+Z: the rename
        // redone takes them along again, and Down brings them back under cart.
        QTest::keyClick(kind, Qt::Key_Up);
        QCOMPARE(current().target.kind, L("http"));
        QTest::mouseClick(ident, Qt::LeftButton);
        QTest::keyClick(ident, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(ident, L("cart"));
        QTest::keyClick(ident, Qt::Key_Return);
        undoKey();
        QCOMPARE(current().ident, L("checkout"));
        undoKey(true);
        QCOMPARE(current().ident, L("cart"));
        QTest::keyClick(ident, Qt::Key_Tab);
        QTRY_COMPARE(QApplication::focusWidget(), kind);
        QTest::keyClick(kind, Qt::Key_Down);
        QCOMPARE(current().target.kind, L("flow"));
        QCOMPARE(m_editor->scenario().thresholds, cart);
        QVERIFY2(listed(*m_editor).isEmpty(), qPrintable(listed(*m_editor).join(u'\n')));
    }

    // A warning marks what it is about as a problem does, in amber, not red: the threshold
    // on a worker clicked off (its line in the thresholds list, with the warning in its
    // tooltip), and the stages table of a worker whose stages outlast the run (its frame).
    // Before, only the problems list and the worker's row said so, the field nothing. A
    // problem on the same threshold is red: the problem wins.
    void warningsMarkTheirFields() {
        FIND(QListWidget, thresholds, "thresholdsList");
        FIND(QLineEdit, duration, "durationEdit");
        FIND(QTableWidget, stages, "stagesTable");
        QTRY_VERIFY(!m_editor->isChecking());
        const auto background = [&](int row) {
            const QVariant v = thresholds->item(row)->data(Qt::BackgroundRole);
            return v.isValid() ? v.value<QBrush>().color() : QColor();
        };
        for (int row = 0; row < thresholds->count(); ++row)
            QVERIFY(!background(row).isValid());

        // api clicked off: "api.p99 < 100ms", the third threshold, is tinted amber.
        clickOn(1);
        QTRY_COMPARE(m_editor->warnings().size(), 1);
        const QColor amber = background(2);
        QVERIFY2(amber.isValid(), "the warned threshold is not marked");
        QVERIFY2(amber.red() > 200 && amber.green() > 120 && amber.blue() < 60,
                 qPrintable(amber.name(QColor::HexArgb)));
        QVERIFY(!background(0).isValid() && !background(1).isValid());
        QVERIFY2(
            thresholds->item(2)->toolTip().startsWith(L("Warning: worker \"api\" is disabled")),
            qPrintable(thresholds->item(2)->toolTip()));
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QCoreApplication::processEvents(); // the layout requests of the page just shown
        QVERIFY(m_editor->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/editor-warning-threshold.png")));

        // A problem on another threshold is red, the warning's stays amber.
        thresholds->setFocus();
        thresholds->setCurrentRow(0);
        QTest::keyClick(thresholds, Qt::Key_F2);
        auto* cell = qobject_cast<QLineEdit*>(QApplication::focusWidget());
        QVERIFY(cell);
        QTest::keyClick(cell, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(cell, L("nobody.p99 < 1s"));
        QTest::keyClick(cell, Qt::Key_Return);
        QTRY_VERIFY(background(0).isValid());
        const QColor red = background(0);
        QVERIFY2(red.red() > 200 && red.green() < 100, qPrintable(red.name(QColor::HexArgb)));
        QVERIFY(red != amber);
        QCOMPARE(background(2), amber);
        undoKey();
        QTRY_VERIFY(!background(0).isValid());

        // Clicked on again: no warning, no mark.
        clickOn(1);
        QTRY_VERIFY(m_editor->warnings().isEmpty());
        QVERIFY(!background(2).isValid());
        QCOMPARE(thresholds->item(2)->toolTip(), QString());

        // 20 s: think's stages (10 s + 20 s) outlast the run: its stages table is framed amber.
        QVERIFY(clickWorker(0));
        QVERIFY(!stages->property("warning").toBool());
        clickInto(duration, L("20s"));
        QTest::keyClick(duration, Qt::Key_Tab);
        QTRY_COMPARE(m_editor->warnings().size(), 1);
        QVERIFY(stages->property("warning").toBool());
        QVERIFY(!stages->property("invalid").toBool());
        QVERIFY2(stages->toolTip().contains(L("Warning: the stages last longer than the run")),
                 qPrintable(stages->toolTip()));
        QScrollArea* scroll = nullptr;
        for (QWidget* p = stages->parentWidget(); p && !scroll; p = p->parentWidget())
            scroll = qobject_cast<QScrollArea*>(p);
        if (scroll)
            scrollTo(scroll, stages);
        const QImage framed = stages->grab().toImage();
        const QColor edge = framed.pixelColor(0, framed.height() / 2);
        QVERIFY2(edge.red() > 200 && edge.green() > 120 && edge.blue() < 60,
                 qPrintable(edge.name()));
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        QCoreApplication::processEvents(); // the layout requests of the page just shown
        QVERIFY(m_editor->grab().save(
            QStringLiteral(PUSHER_SCREENSHOT_DIR "/editor-warning-stages.png")));
        // A duration that covers them: the frame goes.
        clickInto(duration, L("1m"));
        QTest::keyClick(duration, Qt::Key_Tab);
        QTRY_VERIFY(m_editor->warnings().isEmpty());
        QVERIFY(!stages->property("warning").toBool());
    }

    // Every field is bound: a problem at its JSON path goes to its widget and is named by
    // the widget's label, never by the path.
    // A two-step flow built as a person does (File ▸ New, then clicks and typing only):
    // login (POST /login, extracting token by JSON pointer) and order (GET /order with
    // Authorization: Bearer ${token}); reordering shows the problem by its label, undo puts
    // it back; saved, reopened in a new editor that shows the steps, and run against the
    // sandbox: both steps' series count every journey, no errors.
    void flowByKeyboardAndMouse() {
        m_editor->setScenario(Scenario{}); // File ▸ New
        FIND(QLineEdit, name, "nameEdit");
        FIND(QLineEdit, duration, "durationEdit");
        FIND(QToolButton, addWorker, "addWorkerButton");
        FIND(QLineEdit, ident, "identEdit");
        FIND(QComboBox, kind, "kindCombo");
        FIND(QStackedWidget, stack, "targetStack");
        FIND(QListWidget, steps, "flowStepsList");
        FIND(QToolButton, stepAdd, "stepAddButton");
        FIND(QToolButton, stepUp, "stepUpButton");
        FIND(QToolButton, stepDown, "stepDownButton");
        FIND(QToolButton, stepRemove, "stepRemoveButton");
        FIND(QLineEdit, stepName, "stepNameEdit");
        FIND(QComboBox, stepMethod, "stepMethodCombo");
        FIND(QLineEdit, stepUrl, "stepUrlEdit");
        FIND(QToolButton, headerAdd, "stepHeaderAddButton");
        FIND(QTableWidget, headers, "stepHeadersTable");
        FIND(QToolButton, extractAdd, "stepExtractAddButton");
        FIND(QTableWidget, extract, "stepExtractTable");
        FIND(QLineEdit, think, "stepThinkEdit");
        FIND(QLineEdit, stepStatus, "stepStatusEdit");
        FIND(QDoubleSpinBox, rps, "rpsSpin");
        FIND(QSpinBox, connections, "flowConnectionsSpin");
        FIND(QScrollArea, scroll, "workerScroll");
        auto see = [scroll](QWidget* x) { scrollTo(scroll, x); };

        clickInto(name, QStringLiteral("journey"));
        clickInto(duration, QStringLiteral("2s"));
        QTest::mouseClick(addWorker, Qt::LeftButton);
        QCOMPARE(QApplication::focusWidget(), ident); // the new worker's name, selected
        QTest::keyClicks(ident, QStringLiteral("shop"));
        kind->setFocus();
        QTest::keyClick(kind, Qt::Key_F); // the combo finds "flow" by its first letter
        QCOMPARE(current().target.kind, QStringLiteral("flow"));
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("flowPage"));
        // The journey starts with one step, made of the worker's request (none yet: its URL
        // is what is missing), not with "a flow needs at least one step".
        QCOMPARE(steps->count(), 1);
        QCOMPARE(steps->currentRow(), 0);
        QVERIFY2(listed(*m_editor).contains(
                     QStringLiteral("Worker shop › Step step1 › URL: is required")),
                 qPrintable(listed(*m_editor).join(u'\n')));

        // Step 1: login.
        see(stepName);
        clickInto(stepName, QStringLiteral("login"));
        QVERIFY(stepMethod->lineEdit());
        see(stepMethod->lineEdit());
        clickInto(stepMethod->lineEdit(), QStringLiteral("POST"));
        see(stepUrl);
        clickInto(stepUrl, QStringLiteral("http://sandbox/login"));
        see(extractAdd);
        QTest::mouseClick(extractAdd, Qt::LeftButton);
        QVERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget())); // the name cell
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("token"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab); // source: json, kept
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QVERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget())); // the expression
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("/token"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QTRY_COMPARE(extract->item(0, 2)->text(), QStringLiteral("/token"));

        // Step 2: order, with the token in a header.
        see(stepAdd);
        QTest::mouseClick(stepAdd, Qt::LeftButton);
        QCOMPARE(steps->count(), 2);
        QCOMPARE(steps->currentRow(), 1);
        QTest::keyClicks(stepName, QStringLiteral("order"));
        QCOMPARE(stepUrl->text(), QStringLiteral("http://sandbox/login")); // the previous one's
        see(stepUrl);
        clickInto(stepUrl, QStringLiteral("http://sandbox/order"));
        see(headerAdd);
        QTest::mouseClick(headerAdd, Qt::LeftButton);
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("Authorization"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("Bearer ${token}"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QTRY_COMPARE(headers->item(0, 1)->text(), QStringLiteral("Bearer ${token}"));
        see(think);
        clickInto(think, QStringLiteral("5ms-10ms"));
        see(stepStatus);
        clickInto(stepStatus, QStringLiteral("201"));
        see(rps);
        QTest::mouseClick(rps, Qt::LeftButton, {}, QPoint(rps->width() / 3, rps->height() / 2));
        QTest::keyClick(rps, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(rps, QStringLiteral("20"));
        QTest::keyClick(rps, Qt::Key_Tab);
        // The journeys share at most 4 connections.
        see(connections);
        QTest::mouseClick(connections, Qt::LeftButton, {},
                          QPoint(connections->width() / 3, connections->height() / 2));
        QTest::keyClick(connections, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(connections, QStringLiteral("4"));
        QTest::keyClick(connections, Qt::Key_Tab);
        QCOMPARE(current().target.connections, 4);
        QVERIFY2(m_editor->isValid(), qPrintable(listed(*m_editor).join(u'\n')));
        QCOMPARE(steps->item(0)->text(), QStringLiteral("1. login  POST /login  → token"));
        QCOMPARE(steps->item(1)->text(), QStringLiteral("2. order  GET /order"));

        // Moving order before login: its header uses a value no earlier step extracts.
        QVERIFY(stepUp->isEnabled());
        QVERIFY(!stepDown->isEnabled());
        see(stepUp);
        QTest::mouseClick(stepUp, Qt::LeftButton);
        QCOMPARE(current().target.steps.value(0).name, QStringLiteral("order"));
        QCOMPARE(steps->currentRow(), 0);
        const QString problem = QStringLiteral(
            "Worker shop › Step order › Header Authorization: ${token} is extracted by this or a "
            "later step, not an earlier one");
        QVERIFY2(listed(*m_editor).contains(problem), qPrintable(listed(*m_editor).join(u'\n')));
        QVERIFY(headers->item(0, 0)->background().color().alpha() > 0); // the cell is tinted
        // The step's line is tinted too, its tooltip the whole line and the problem.
        QVERIFY(steps->item(0)->background().color().alpha() > 0);
        QVERIFY(steps->item(0)->toolTip().startsWith(QStringLiteral("1. order  GET /order")));
        QVERIFY(steps->item(0)->toolTip().contains(QStringLiteral("${token} is extracted")));
        QVERIFY(steps->item(1)->background().style() == Qt::NoBrush);
        // The problem's line goes to the field: the step is selected, its headers focused.
        m_editor->findChild<QListWidget*>(QStringLiteral("problemsList"))->setFocus();
        stepName->setFocus();
        m_editor->showProblem(QStringLiteral("workers[0].target.steps[0].headers.Authorization"));
        QCOMPARE(QApplication::focusWidget(), headers);
        // Undo (Ctrl+Z in the editor) puts it back; redo and move down again by the button.
        QTest::keyClick(stepName, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(current().target.steps.value(0).name, QStringLiteral("login"));
        QVERIFY(m_editor->isValid());
        QTest::keyClick(stepName, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(current().target.steps.value(0).name, QStringLiteral("order"));
        see(steps);
        QTest::mouseClick(steps->viewport(), Qt::LeftButton, {},
                          steps->visualItemRect(steps->item(0)).center());
        see(stepDown);
        QTest::mouseClick(stepDown, Qt::LeftButton);
        QCOMPARE(current().target.steps.value(1).name, QStringLiteral("order"));
        QVERIFY2(m_editor->isValid(), qPrintable(listed(*m_editor).join(u'\n')));
        // A third step, then removed: two again.
        see(stepAdd);
        QTest::mouseClick(stepAdd, Qt::LeftButton);
        QCOMPARE(steps->count(), 3);
        see(stepRemove);
        QTest::mouseClick(stepRemove, Qt::LeftButton);
        QCOMPARE(steps->count(), 2);

        // Selecting step 1 with the mouse shows its request.
        see(steps);
        QTest::mouseClick(steps->viewport(), Qt::LeftButton, {},
                          steps->visualItemRect(steps->item(0)).center());
        QCOMPARE(stepName->text(), QStringLiteral("login"));
        QCOMPARE(stepMethod->currentText(), QStringLiteral("POST"));
        QCOMPARE(extract->rowCount(), 1);
        QCOMPARE(headers->rowCount(), 0);

        const TargetSpec t = current().target;
        QCOMPARE(t.steps.size(), 2);
        QCOMPARE(t.steps[0].extract.value(0),
                 (ExtractSpec{QStringLiteral("token"), QStringLiteral("json"),
                              QStringLiteral("/token")}));
        QCOMPARE(t.steps[1].headers.value(0),
                 (QPair<QString, QString>{QStringLiteral("Authorization"),
                                          QStringLiteral("Bearer ${token}")}));
        QVERIFY(t.steps[1].hasThink);
        QCOMPARE(t.steps[1].think.distribution, LatencySpec::Distribution::Uniform);
        QCOMPARE(t.steps[1].think.max, Duration(10ms));
        QCOMPARE(t.steps[1].expectStatus, QList<int>{201});

        // Save, open in a new editor: the steps are there.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("journey.json"));
        {
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(m_editor->scenario().toJson());
        }
        QFile in(path);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const ScenarioParse opened = Scenario::fromJson(in.readAll());
        QVERIFY2(opened.ok(), qPrintable(opened.problems.value(0).toString()));
        QVERIFY(roundTrips(opened.scenario));
        m_editor = std::make_unique<ScenarioEditor>();
        m_editor->resize(420, 800);
        m_editor->setScenario(opened.scenario);
        m_editor->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_editor.get()));
        FIND(QListWidget, steps2, "flowStepsList");
        FIND(QTableWidget, headers2, "stepHeadersTable");
        FIND(QLineEdit, stepName2, "stepNameEdit");
        QCOMPARE(steps2->count(), 2);
        QCOMPARE(steps2->item(0)->text(), QStringLiteral("1. login  POST /login  → token"));
        QCOMPARE(stepName2->text(), QStringLiteral("login"));
        m_editor->findChild<QScrollArea*>(QStringLiteral("workerScroll"))
            ->ensureWidgetVisible(steps2, 0, 0);
        QCoreApplication::processEvents();
        QTest::mouseClick(steps2->viewport(), Qt::LeftButton, {},
                          steps2->visualItemRect(steps2->item(1)).center());
        QCOMPARE(stepName2->text(), QStringLiteral("order"));
        QCOMPARE(headers2->item(0, 1)->text(), QStringLiteral("Bearer ${token}"));
        // The screenshot: the flow's step, scrolled into view as a user would.
        {
            auto* scroll2 = m_editor->findChild<QScrollArea*>(QStringLiteral("workerScroll"));
            auto* box = m_editor->findChild<QWidget*>(QStringLiteral("flowPage"));
            QVERIFY(scroll2 && box);
            QCoreApplication::processEvents();
            // The flow page's top at the top of the form's view: the steps, then the step.
            scroll2->verticalScrollBar()->setValue(box->mapTo(scroll2->widget(), QPoint()).y());
            QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
            QCoreApplication::processEvents();
            QVERIFY(
                m_editor->grab().save(QStringLiteral(PUSHER_SCREENSHOT_DIR "/editor-flow.png")));
            if (qEnvironmentVariableIsSet("PUSHER_KEEP_FLOW"))
                QFile::copy(path, qEnvironmentVariable("PUSHER_KEEP_FLOW"));
        }

        // Run what was saved against the sandbox: every journey's order carries its token.
        ScenarioRun run(opened.scenario);
        const QList<Problem> problems = run.prepare();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.value(0).toString()));
        QVERIFY(run.start());
        QVERIFY(run.wait(30s));
        const RunResults r = run.results();
        const WorkerResults* shop = r.worker(QStringLiteral("shop"));
        QVERIFY(shop);
        QCOMPARE(shop->ticks, std::uint64_t(40)); // 20/s for 2 s
        QVERIFY2(shop->errors == 0, qPrintable(shop->errorSamples.keys().join(u',')));
        QCOMPARE(shop->completed, std::uint64_t(40));
        for (const char* step : {"shop/login", "shop/order"}) {
            const WorkerResults* series = r.worker(QString::fromLatin1(step));
            QVERIFY2(series, step);
            QCOMPARE(series->completed, shop->completed);
            QCOMPARE(series->ok, shop->completed);
            QCOMPARE(series->errors, std::uint64_t(0));
        }
    }

    // Every path inside a flow's steps goes to its field (selecting the step first) and is
    // named by the step and the field's label.
    void flowPathsHaveTheirFields_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("widget");
        QTest::addColumn<int>("step");
        QTest::addColumn<QString>("label");
        const QList<std::tuple<const char*, const char*, int, const char*>> rows = {
            {"workers[0].target.steps", "flowStepsList", -1, "Worker shop › Steps"},
            {"workers[0].target.cookies", "cookiesCheck", -1,
             "Worker shop › Cookie jar per journey"},
            {"workers[0].target.steps[1]", "flowStepsList", 1, "Worker shop › Step order"},
            {"workers[0].target.ca_file", "flowCaFileEdit", -1, "Worker shop › CA file"},
            {"workers[0].target.client_key_passphrase", "flowClientKeyPassphraseEdit", -1,
             "Worker shop › Key passphrase"},
            {"workers[0].target.server_name", "flowServerNameEdit", -1,
             "Worker shop › Server name"},
            {"workers[0].target.insecure", "flowInsecureCheck", -1, "Worker shop › Insecure TLS"},
            {"workers[0].target.connections", "flowConnectionsSpin", -1,
             "Worker shop › Connections"},
            {"workers[0].target.steps[0].name", "stepNameEdit", 0,
             "Worker shop › Step login › Name"},
            {"workers[0].target.steps[1].method", "stepMethodCombo", 1,
             "Worker shop › Step order › Method"},
            {"workers[0].target.steps[1].url", "stepUrlEdit", 1, "Worker shop › Step order › URL"},
            {"workers[0].target.steps[1].headers.Authorization", "stepHeadersTable", 1,
             "Worker shop › Step order › Header Authorization"},
            {"workers[0].target.steps[0].body", "stepBodyEdit", 0,
             "Worker shop › Step login › Body"},
            {"workers[0].target.steps[1].timeout", "stepTimeoutEdit", 1,
             "Worker shop › Step order › Timeout"},
            {"workers[0].target.steps[1].expect_status[0]", "stepStatusEdit", 1,
             "Worker shop › Step order › Status 1"},
            {"workers[0].target.steps[1].think.max", "stepThinkEdit", 1,
             "Worker shop › Step order › Think time"},
            {"workers[0].target.steps[1].optional", "stepOptionalCheck", 1,
             "Worker shop › Step order › Optional"},
            {"workers[0].target.steps[0].extract.token.json", "stepExtractTable", 0,
             "Worker shop › Step login › Extract token"},
        };
        for (const auto& [path, widget, step, label] : rows)
            QTest::newRow(path) << L(path) << L(widget) << step << L(label);
    }
    void flowPathsHaveTheirFields() {
        QFETCH(QString, path);
        QFETCH(QString, widget);
        QFETCH(int, step);
        QFETCH(QString, label);
        const ScenarioParse parse = Scenario::fromJson(
            "{\"version\": 1, \"name\": \"j\", \"duration\": \"1s\", \"workers\": [{\"ident\": "
            "\"shop\", \"target\": {\"kind\": \"flow\", \"steps\": ["
            "{\"name\": \"login\", \"method\": \"POST\", \"url\": \"http://sandbox/login\", "
            "\"extract\": {\"token\": {\"json\": \"/token\"}}}, "
            "{\"name\": \"order\", \"url\": \"http://sandbox/order\", \"think\": \"5ms\", "
            "\"headers\": {\"Authorization\": \"Bearer ${token}\"}, \"expect_status\": [201]}]}, "
            "\"rate\": {\"rps\": 1}}]}");
        QVERIFY2(parse.ok(), qPrintable(parse.problems.value(0).toString()));
        m_editor->setScenario(parse.scenario);
        FIND(QListWidget, steps, "flowStepsList");
        // From the other step, so that going to the field has to select the step (-1: a path
        // of the flow, not of a step, leaves the selected step as it is).
        steps->setFocus();
        QTest::keyClick(steps, step == 0 ? Qt::Key_Down : Qt::Key_Up);
        const int before = steps->currentRow();
        QCOMPARE(before, step == 0 ? 1 : 0);
        m_editor->showProblem(path);
        QCOMPARE(steps->currentRow(), step < 0 ? before : step);
        QWidget* focus = QApplication::focusWidget();
        QVERIFY(focus);
        QCOMPARE(focus->objectName(), widget);
        QCOMPARE(m_editor->fieldLabel(path), label);
    }

    void everyPathHasItsField_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("widget");
        const QList<std::pair<const char*, const char*>> fields = {
            {"name", "nameEdit"},
            {"duration", "durationEdit"},
            {"interval", "intervalEdit"},
            {"thresholds[1]", "thresholdsList"},
            {"workers[0].ident", "identEdit"},
            {"workers[0].target.kind", "kindCombo"},
            {"workers[0].target.latency.distribution", "distributionCombo"},
            {"workers[0].target.latency.median", "latencyMedianEdit"},
            {"workers[0].target.latency.p99", "latencyP99Edit"},
            {"workers[0].target.error_ratio", "errorRatioSpin"},
            {"workers[0].rate.mode", "rateModeCombo"},
            {"workers[0].rate.from", "stagesFromSpin"},
            {"workers[0].rate.stages[0].rps", "stagesTable"},
            {"workers[0].overtime", "overtimeSpin"},
            {"workers[0].force", "forceSpin"},
            {"workers[1].target.method", "methodCombo"},
            {"workers[1].target.url", "urlEdit"},
            {"workers[1].target.headers", "headersTable"},
            {"workers[1].target.body", "bodyEdit"},
            {"workers[1].target.timeout", "httpTimeoutEdit"},
            {"workers[1].target.expect_status", "expectStatusEdit"},
            {"workers[1].target.version", "versionCombo"},
            {"workers[1].target.insecure", "insecureCheck"},
            {"workers[1].target.follow_redirects", "followRedirectsCheck"},
            {"workers[1].target.ca_file", "caFileEdit"},
            {"workers[1].target.client_cert", "clientCertEdit"},
            {"workers[1].target.client_key", "clientKeyEdit"},
            {"workers[1].target.client_key_passphrase", "clientKeyPassphraseEdit"},
            {"workers[1].target.server_name", "serverNameEdit"},
            {"workers[1].data", "dataFileEdit"},
            {"workers[1].data.file", "dataFileEdit"},
            {"workers[1].data.mode", "dataModeCombo"},
            {"workers[1].target.connections", "connectionsSpin"},
            {"workers[1].target.streams", "streamsSpin"},
            {"workers[1].rate.rps", "rpsSpin"},
            {"workers[2].target.address", "addressEdit"},
            {"workers[2].target.payload", "payloadEdit"},
            {"workers[2].target.expect", "expectEdit"},
            {"workers[2].target.read_bytes", "readBytesSpin"},
            {"workers[2].target.timeout", "tcpTimeoutEdit"},
            {"workers[2].rate.from", "rampFromSpin"},
            {"workers[2].rate.to", "rampToSpin"},
            {"workers[3].target.program", "programEdit"},
            {"workers[3].target.args[1]", "argsEdit"},
            {"workers[3].target.timeout", "commandTimeoutEdit"},
        };
        for (const auto& [path, widget] : fields)
            QTest::newRow(path) << L(path) << L(widget);
    }
    void everyPathHasItsField() {
        QFETCH(QString, path);
        QFETCH(QString, widget);
        m_editor->showProblem(path);
        QWidget* focus = QApplication::focusWidget();
        QVERIFY(focus);
        QCOMPARE(focus->objectName(), widget);
        const QString label = m_editor->fieldLabel(path);
        QVERIFY2(!label.isEmpty() && !label.contains(u'.') && !label.contains(u'['),
                 qPrintable(label));
    }

    // Renders the editor at its dock size for a human to look at.
    void screenshot_data() {
        QTest::addColumn<int>("worker");
        QTest::addColumn<QString>("file");
        QTest::newRow("synthetic") << 0 << L("editor-synthetic.png");
        QTest::newRow("http") << 1 << L("editor-http.png");
        QTest::newRow("command") << 3 << L("editor-command.png");
        QTest::newRow("invalid") << 2 << L("editor-invalid.png");
        QTest::newRow("invalid dark") << 2 << L("editor-invalid-dark.png");
        QTest::newRow("demo") << 0 << L("editor-demo.png");
        QTest::newRow("tls and data") << 1 << L("editor-tls-data.png");
        QTest::newRow("missing file") << 1 << L("editor-missing-file.png");
        QTest::newRow("missing file 1024x700") << 1 << L("editor-missing-file-1024x700.png");
    }
    void screenshot() {
        QFETCH(int, worker);
        QFETCH(QString, file);
        m_editor->setCurrentWorker(worker);
        if (file.contains(u"dark")) {
            QPalette dark;
            dark.setColor(QPalette::Window, QColor(45, 45, 48));
            dark.setColor(QPalette::WindowText, QColor(220, 220, 220));
            dark.setColor(QPalette::Base, QColor(30, 30, 32));
            dark.setColor(QPalette::AlternateBase, QColor(40, 40, 44));
            dark.setColor(QPalette::Text, QColor(220, 220, 220));
            dark.setColor(QPalette::Button, QColor(55, 55, 60));
            dark.setColor(QPalette::ButtonText, QColor(220, 220, 220));
            dark.setColor(QPalette::Highlight, QColor(42, 130, 218));
            dark.setColor(QPalette::HighlightedText, Qt::white);
            dark.setColor(QPalette::Disabled, QPalette::Text, QColor(120, 120, 120));
            dark.setColor(QPalette::Disabled, QPalette::WindowText, QColor(120, 120, 120));
            dark.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(120, 120, 120));
            // A dark desktop sets the application palette before any widget exists (widget
            // palettes and style sheets do not mix).
            m_tester.reset();
            m_editor.reset();
            QApplication::setPalette(dark);
            init();
            m_editor->setCurrentWorker(worker);
        }
        if (file.contains(u"demo")) {
            // The scenario a new user sees first.
            QFile demo(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/demo.json"));
            QVERIFY(demo.open(QIODevice::ReadOnly));
            const ScenarioParse parse = Scenario::fromJson(demo.readAll());
            QVERIFY(parse.ok());
            m_editor->setScenario(parse.scenario);
            QVERIFY(m_editor->isValid());
            QCOMPARE(m_editor->scenario(), parse.scenario);
        }
        if (file.contains(u"invalid")) {
            FIND(QLineEdit, address, "addressEdit");
            replaceText(address, QStringLiteral("localhost"));
            FIND(QLineEdit, interval, "intervalEdit");
            replaceText(interval, QStringLiteral("5 ms"));
        }
        QTemporaryDir dir;
        if (file.contains(u"tls")) {
            // The TLS fields and a data file with its preview, scrolled into view.
            QFile csv(dir.filePath(QStringLiteral("users.csv")));
            QVERIFY(csv.open(QIODevice::WriteOnly));
            csv.write("id,email,plan\n1,ada@example.com,pro\n2,grace@example.com,free\n"
                      "3,linus@example.com,pro\n");
            csv.close();
            m_editor->setBaseDir(dir.path());
            Scenario s = m_editor->scenario();
            TargetSpec& t = s.workers[1].target;
            t.url = QStringLiteral("https://127.0.0.1:8443/orders");
            t.caFile = QStringLiteral("pki/ca.pem");
            t.clientCert = QStringLiteral("pki/client.pem");
            t.clientKey = QStringLiteral("pki/client.key");
            t.clientKeyPassphrase = QStringLiteral("${KEY_PASS}");
            t.serverName = QStringLiteral("api.example.com");
            s.workers[1].data.file = QStringLiteral("users.csv");
            s.workers[1].data.mode = QStringLiteral("unique");
            m_editor->setScenario(s);
            m_editor->setCurrentWorker(worker);
            QVERIFY(m_editor->isValid());
            FIND(QScrollArea, scroll, "workerScroll");
            FIND(QWidget, box, "dataBox");
            QCoreApplication::processEvents();
            scroll->ensureWidgetVisible(box, 0, 0);
        }
        if (file.contains(u"missing")) {
            // A data file typed that is not in the scenario's folder: the run's check lists it
            // and marks the field, scrolled into view.
            if (file.contains(u"1024x700"))
                m_editor->resize(1024, 700);
            m_editor->setBaseDir(dir.path());
            FIND(QLineEdit, dataFile, "dataFileEdit");
            FIND(QScrollArea, scroll, "workerScroll");
            scrollTo(scroll, dataFile);
            clickInto(dataFile, QStringLiteral("users.csv"));
            QTRY_VERIFY(hasProblem(*m_editor, QStringLiteral("workers[1].data.file"),
                                   QStringLiteral("no such file")));
            QVERIFY(!m_editor->isValid());
            FIND(QWidget, box, "dataBox");
            scroll->ensureWidgetVisible(box, 0, 0);
        }
        QVERIFY(QDir().mkpath(QStringLiteral(PUSHER_SCREENSHOT_DIR)));
        const QString path = QStringLiteral(PUSHER_SCREENSHOT_DIR "/") + file;
        QCoreApplication::processEvents(); // the layout requests of the page just shown
        const bool saved = m_editor->grab().save(path);
        QApplication::setPalette(QPalette());
        QVERIFY(saved);
    }
};

QTEST_MAIN(TestScenarioEditor)
#include "tst_scenarioeditor.moc"
