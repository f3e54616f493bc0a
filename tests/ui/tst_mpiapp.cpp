// The app runs a scenario on MPI: chosen in the editor as a person does, mpirun with
// pusher-cli on this machine (loopback only), rank 0's merged live stream charted through the
// run-data model, the ranks table, Stop, the results at the end; and the errors it explains.
#include "../mpirunfake.h"

#include <pusher/editor/scenarioeditor.h>
#include <pusher/exports.h>
#include <pusher/ui/appcontroller.h>
#include <pusher/ui/mainwindow.h>
#include <pusher/ui/runcontroller.h>
#include <pusher/ui/rundata.h>
#include <pusher/ui/runview.h>
#include <pusher/ui/summarymodel.h>

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QScopeGuard>
#include <QSpinBox>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <QThread>

#include <algorithm>
#include <csignal>
#include <unistd.h>

using namespace pusher;

namespace {

// kSandbox: one worker against the sandbox that rank 0 starts on 127.0.0.1 (every rank
// runs on this machine), for a minute: the test stops it.
// (`\/` in the URL: moc would take two slashes in a raw string for a comment.)
const QByteArray kSandbox = R"({
  "version": 1, "name": "mpi from the app", "duration": "1m",
  "workers": [
    { "ident": "api", "target": { "kind": "http", "url": "http:\/\/sandbox/items?delay=2ms" },
      "rate": { "rps": 200 } }
  ],
  "thresholds": [ "error_rate < 1%" ]
})";

// kFailsOnRank1: a command that fails on rank 1 alone (its shell tests the rank's number).
const QByteArray kFailsOnRank1 = R"({
  "version": 1, "name": "mpi rank 1 fails", "duration": "2s",
  "workers": [
    { "ident": "cmd", "target": { "kind": "command", "program": "\/bin\/sh",
                                  "args": [ "-c", "[ $OMPI_COMM_WORLD_RANK != 1 ]" ] },
      "rate": { "rps": 20 } }
  ]
})";

Scenario scenarioOf(const QByteArray& text) {
    return Scenario::fromJson(text).scenario;
}

} // namespace

class TestMpiApp : public QObject {
    Q_OBJECT

    std::unique_ptr<MainWindow> m_window;
    AppController* m_app = nullptr;
    QString m_reportTitle;
    QStringList m_reportLines;
    QTemporaryDir m_dir;

    template <class T>
    T* find(const char* name) const {
        auto* x = m_window->findChild<T*>(QString::fromLatin1(name));
        if (!x)
            qWarning("no %s", name);
        return x;
    }

    // chooseMpi picks "MPI (mpirun)" in Run on and types the ranks, with the keyboard.
    void chooseMpi(int ranks) {
        auto* runOn = find<QComboBox>("runOnCombo");
        QVERIFY(runOn && runOn->isVisible());
        QTest::mouseClick(runOn, Qt::LeftButton); // opens the list
        QTRY_VERIFY(runOn->view()->isVisible());
        QTest::keyClick(runOn->view(), Qt::Key_Down);
        QTest::keyClick(runOn->view(), Qt::Key_Return);
        QTRY_VERIFY(!runOn->view()->isVisible());
        QCOMPARE(runOn->currentText(), QStringLiteral("MPI (mpirun)"));
        // (The offscreen platform leaves the closed list the active window.)
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        auto* spin = find<QSpinBox>("ranksSpin");
        QVERIFY(spin);
        QTRY_VERIFY(spin->isVisible()); // shown for MPI only
        QVERIFY(find<QLineEdit>("hostsEdit")->isVisible());
        spin->setFocus();
        QTest::keyClick(spin, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(spin, QString::number(ranks));
        QTest::keyClick(spin, Qt::Key_Tab);
        const Scenario& s = m_app->editor()->scenario();
        QVERIFY(s.distributed.enabled);
        QCOMPARE(s.distributed.ranks, ranks);
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        // Runs that end are kept: here, never in the user's data folder.
        qputenv("PUSHER_RUNS_DIR", QFile::encodeName(m_dir.filePath(QStringLiteral("kept-runs"))));
        // The ranks are this build's pusher-cli, started by the mpirun found at configure
        // time, talking over loopback only. The app itself adds what OpenMPI needs to run
        // as root (the tests run as root in CI): that is part of what is tested.
        qputenv("PUSHER_CLI", PUSHER_CLI_PATH);
        qputenv("PUSHER_MPIRUN", PUSHER_MPIRUN);
        qputenv("OMPI_MCA_oob_tcp_if_include", "lo");
        qputenv("OMPI_MCA_btl_tcp_if_include", "lo");
    }

    void init() {
        m_window = std::make_unique<MainWindow>();
        m_app = new AppController(m_window.get(), m_window.get());
        m_reportTitle.clear();
        m_reportLines.clear();
        m_app->reportProblems = [this](const QString& title, const QStringList& lines) {
            m_reportTitle = title;
            m_reportLines = lines;
        };
        m_app->confirmStop = [] { return true; };
        m_app->confirmQuit = [] { return true; };
        m_app->askSave = [] { return AppController::SaveAnswer::Discard; };
        m_window->resize(1280, 800);
        m_window->show();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    void cleanup() {
        m_window.reset();
        qunsetenv("MPIRUN_FAKE_STARTED");
        qunsetenv("MPIRUN_FAKE_RESULTS");
        qputenv("PUSHER_MPIRUN", PUSHER_MPIRUN);
        qputenv("PUSHER_CLI", PUSHER_CLI_PATH);
    }

    // MPI and 2 ranks chosen in the editor, F5: mpirun starts two pusher-cli ranks against
    // the sandbox; the charts follow rank 0's merged stream through the run-data model (the
    // rate is both ranks', 200/s, not one rank's 100/s), the ranks table has both ranks;
    // Esc (Stop) ends the run within seconds and the merged results load.
    void runsOnTwoRanks() {
        m_app->setScenario(scenarioOf(kSandbox), QString());
        chooseMpi(2);
        RunData* data = m_app->runView()->data();
        QSignalSpy appended(data, &RunData::appended);
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QVERIFY2(m_app->runController()->isRunning(),
                 qPrintable(m_reportTitle + m_reportLines.join(u'\n')));
        QVERIFY(m_app->runController()->isDistributed());
        QVERIFY(data->isLive());
        QVERIFY(m_window->ranksDock()->isVisible());

        // Live, merged: intervals arrive (ranks start, agree, start together: allow for a
        // loaded machine), and the rate the model holds is the sum of both ranks'.
        QTRY_VERIFY_WITH_TIMEOUT(appended.count() >= 8, 60000);
        QVERIFY(data->isLive());
        QTRY_VERIFY_WITH_TIMEOUT(data->totalRow().completed > 300, 30000);
        const double rps = data->totalRow().rps;
        QVERIFY2(rps > 150 && rps < 260, qPrintable(QString::number(rps)));
        QVERIFY(data->elapsedSeconds() > 1.5);
        bool sawRate = false;
        for (const RunPoint& p : data->batch())
            if (p.key.worker.isEmpty() && p.key.metric == RunMetric::Rps)
                sawRate = true;
        QVERIFY(sawRate);
        // The summary follows the model.
        QCOMPARE(m_window->summaryTable()->summaryModel()->total().completed,
                 data->totalRow().completed);

        // The ranks table: both ranks, live.
        QTableWidget* ranks = m_window->ranksTable();
        QTRY_COMPARE_WITH_TIMEOUT(ranks->rowCount(), 2, 10000);
        QVERIFY(ranks->isVisible()); // in place of the line saying what the tab is for
        for (int r = 0; r < 2; ++r) {
            QCOMPARE(ranks->item(r, 0)->text(), QString::number(r));
            QVERIFY(!ranks->item(r, 1)->text().isEmpty());            // host
            QCOMPARE(ranks->item(r, 7)->text(), QStringLiteral("-")); // how it ended: not yet
        }
        QTRY_VERIFY(m_app->runController()->ranks().value(1).ticks > 50);
        QCOMPARE(m_window->ranksDock()->windowTitle(), QStringLiteral("Ranks (2)"));

        // Stop (Esc): SIGUSR1 to mpirun, which forwards it at once, every rank stops, rank 0
        // writes the merged results and mpirun ends with the ranks. (SIGINT, which mpirun does
        // not forward, took 2 s: it ended the job with SIGTERM a second later, then waited
        // another second to SIGKILL.)
        QElapsedTimer clock;
        clock.start();
        QSignalSpy stopped(m_window->actions().stop, &QAction::triggered);
        QTest::keyClick(m_window.get(), Qt::Key_Escape);
        QCOMPARE(stopped.count(), 1);
        QVERIFY(clock.elapsed() < 500); // returns at once
        QTRY_VERIFY_WITH_TIMEOUT(!m_app->runController()->isRunning(), 20000);
        qInfo("Stop to results loaded: %lld ms", static_cast<long long>(clock.elapsed()));
        // That the stop went by SIGUSR1 the results below show (a SIGINT or SIGTERM to mpirun
        // SIGKILLs the ranks: no merged results). The bound is the requirement's, "Stop
        // returns promptly", which the app counts on when it waits at most 5 s for a run to
        // end before it quits (gui.md), with room for a loaded CI machine: measured
        // 150–300 ms here (it was 1.8 s, just under a SIGINT's 2 s).
        QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY2(m_reportTitle.isEmpty(), qPrintable(m_reportTitle + m_reportLines.join(u'\n')));

        // The results loaded: merged from both ranks, interrupted by the stop.
        QVERIFY(m_app->results().has_value());
        const RunResults& r = *m_app->results();
        QCOMPARE(r.parts.size(), 2);
        QVERIFY(r.interrupted);
        QVERIFY(r.total.completed >= std::uint64_t(data->totalRow().completed) - 400);
        QCOMPARE(r.total.ticks, r.parts[0].ticks + r.parts[1].ticks);
        QVERIFY(r.parts[0].ticks > 0 && r.parts[1].ticks > 0);
        QCOMPARE(r.total.errors, std::uint64_t(0));
        QVERIFY(!data->isLive());
        QCOMPARE(data->totalRow().completed, qint64(r.total.completed));
        QCOMPARE(m_window->summaryTable()->summaryModel()->total().completed,
                 qint64(r.total.completed));
        QCOMPARE(ranks->rowCount(), 2);
        QCOMPARE(ranks->item(1, 2)->text(), QLocale().toString(qulonglong(r.parts[1].ticks)));
        QCOMPARE(ranks->columnCount(), 8);
        QCOMPARE(ranks->horizontalHeaderItem(6)->text(), QStringLiteral("Errors"));
        QCOMPARE(ranks->item(0, 6)->text(), QStringLiteral("0"));
        QCOMPARE(ranks->item(1, 6)->text(), QStringLiteral("0"));
        // How each rank ended, from its `ranks` entry: stopped, of its planned 30 s.
        QCOMPARE(ranks->horizontalHeaderItem(7)->text(), QStringLiteral("Ran"));
        for (int i = 0; i < 2; ++i) {
            QVERIFY(r.parts[i].interrupted && r.parts[i].plannedS > 0);
            QCOMPARE(ranks->item(i, 7)->text(), partRan(r.parts[i]));
            QVERIFY2(ranks->item(i, 7)->text().endsWith(QStringLiteral(" s, stopped")),
                     qPrintable(ranks->item(i, 7)->text()));
        }
        QVERIFY(m_window->actions().saveResults->isEnabled());
        QVERIFY(m_window->actions().start->isEnabled());
    }

    // Stop while mpirun is still starting the ranks: a rank that gets the stop before its
    // main takes it dies of SIGUSR1 and mpirun ends with 138 (128 + SIGUSR1). That is the
    // user's stop, before any rank could start the run: a stopped run, kept as any stopped
    // run is, not "The run failed" (it was). The ranks here load slowly: pusher-cli behind a
    // shell that sleeps first (and dies of the stop, as a loading rank does).
    void stopWhileTheRanksLoadIsAStop() {
        const QString slow = m_dir.filePath(QStringLiteral("slow-pusher-cli"));
        {
            QFile f(slow);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QStringLiteral("#!/bin/sh\ncase \"$1\" in run) sleep 3 </dev/null >/dev/null "
                                   "2>&1 ;; esac\nexec '%1' \"$@\"\n")
                        .arg(QStringLiteral(PUSHER_CLI_PATH))
                        .toUtf8());
        }
        QVERIFY(QFile::setPermissions(slow, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                QFileDevice::ExeOwner));
        qputenv("PUSHER_CLI", slow.toLocal8Bit());
        Scenario s = scenarioOf(kSandbox);
        s.distributed.enabled = true;
        s.distributed.ranks = 2;
        m_app->setScenario(s, QString());
        const qsizetype keptBefore = AppController::keptRuns().size();
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QVERIFY2(m_app->runController()->isRunning(),
                 qPrintable(m_reportTitle + m_reportLines.join(u'\n')));
        QTest::keyClick(m_window.get(), Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!m_app->runController()->isRunning(), 20000);
        // How mpirun ended: one rank died of the stop while it loaded.
        QVERIFY2(m_app->runController()->output().contains(QStringLiteral("exited on signal 10")),
                 qPrintable(m_app->runController()->output()));
        QVERIFY2(m_reportTitle.isEmpty(),
                 qPrintable(m_reportTitle + u'\n' + m_reportLines.join(u'\n')));
        QVERIFY(m_app->results().has_value());
        QVERIFY(m_app->results()->interrupted);
        QCOMPARE(m_app->results()->scenario, QStringLiteral("mpi from the app"));
        QCOMPARE(m_app->results()->total.completed, std::uint64_t(0));
        const QString line = m_window->statusBar()->currentMessage();
        QVERIFY2(line.startsWith(QStringLiteral("Run stopped")), qPrintable(line));
        // Kept as a stopped run is, and it opens.
        QCOMPARE(AppController::keptRuns().size(), keptBefore + 1);
        QCOMPARE(m_app->lastKept(), AppController::keptRuns().first());
        QString why;
        const std::optional<RunResults> kept = RunResults::load(m_app->lastKept(), &why);
        QVERIFY2(kept, qPrintable(why));
        QVERIFY(kept->interrupted);
        QCOMPARE(kept->scenario, QStringLiteral("mpi from the app"));
        QVERIFY(m_window->actions().start->isEnabled());
        QVERIFY(m_app->editor()->isEnabled());
    }

    // A Stop that mpirun dies of is still the user's stop, not "mpirun crashed": the real
    // mpirun now and then dies of SIGPIPE after a stop that killed a rank still loading; the
    // "mpirun" here dies so whenever it gets the stop. A stopped run, kept, with rank 0's
    // results when it wrote them, else none.
    void aStopThatMpirunDiesOfIsAStop_data() {
        QTest::addColumn<bool>("rankZeroWrote");
        QTest::newRow("before rank 0 wrote results") << false;
        QTest::newRow("after rank 0 wrote results") << true;
    }

    void aStopThatMpirunDiesOfIsAStop() {
        QFETCH(bool, rankZeroWrote);
        QTemporaryDir dir;
        const QString started = dir.filePath(QStringLiteral("started"));
        qputenv("PUSHER_MPIRUN", PUSHER_MPIRUN_DIES);
        qputenv("MPIRUN_FAKE_STARTED", QFile::encodeName(started));
        if (rankZeroWrote) {
            RunResults rankZeros;
            rankZeros.scenario = QStringLiteral("mpi from the app");
            rankZeros.startedAt = QDateTime::currentDateTimeUtc();
            rankZeros.interrupted = true;
            rankZeros.passed = false;
            rankZeros.total.completed = rankZeros.total.ok = 7;
            const QString written = dir.filePath(QStringLiteral("rank0.json"));
            QString why;
            QVERIFY2(rankZeros.save(written, &why), qPrintable(why));
            qputenv("MPIRUN_FAKE_RESULTS", QFile::encodeName(written));
        }
        Scenario s = scenarioOf(kSandbox);
        s.distributed.enabled = true;
        s.distributed.ranks = 2;
        m_app->setScenario(s, QString());
        const qsizetype keptBefore = AppController::keptRuns().size();
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QVERIFY2(m_app->runController()->isRunning(),
                 qPrintable(m_reportTitle + m_reportLines.join(u'\n')));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(started), 15000);
        QTest::keyClick(m_window.get(), Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!m_app->runController()->isRunning(), 20000);
        QVERIFY2(m_reportTitle.isEmpty(),
                 qPrintable(m_reportTitle + u'\n' + m_reportLines.join(u'\n')));
        QVERIFY(m_app->results().has_value());
        QVERIFY(m_app->results()->interrupted);
        QCOMPARE(m_app->results()->scenario, QStringLiteral("mpi from the app"));
        QCOMPARE(m_app->results()->total.completed, std::uint64_t(rankZeroWrote ? 7 : 0));
        const QString line = m_window->statusBar()->currentMessage();
        QVERIFY2(line.startsWith(QStringLiteral("Run stopped")), qPrintable(line));
        QCOMPARE(AppController::keptRuns().size(), keptBefore + 1);
        QVERIFY(m_window->actions().start->isEnabled());
    }

    // mpirun starts with SIGUSR1 ignored: its own handler forwards the stop while the job
    // runs, and when it ends the job it restores the disposition it found — the default,
    // fatal, before: the stop sent again every 250 ms then killed mpirun, and a Stop whose
    // ranks took over 250 ms to end read "mpirun crashed" (seen in 1 stop of 4). The
    // "mpirun" here records what it was started with.
    void mpirunStartsWithTheStopIgnored() {
        const QString mark = m_dir.filePath(QStringLiteral("mpirun-signals"));
        const QString fake = m_dir.filePath(QStringLiteral("recording-mpirun"));
        QVERIFY(pusher::test::writeSignalRecordingMpirun(fake, mark));
        qputenv("PUSHER_MPIRUN", fake.toLocal8Bit());
        Scenario s = scenarioOf(kSandbox);
        s.distributed.enabled = true;
        s.distributed.ranks = 2;
        m_app->setScenario(s, QString());
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(!m_app->runController()->isRunning(), 10000);
        const pusher::test::RecordedSignals got = pusher::test::recordedSignals(mark);
        QVERIFY2(got.ok, got.line.constData());
        QVERIFY2(got.ignores(SIGUSR1), got.line.constData());
    }

    // A command target that fails on rank 1 alone, on 2 ranks to the end: the Ranks table's
    // Errors column singles rank 1 out (all its calls, of one kind, named), rank 0 shows 0,
    // and the two add up to the run's errors.
    void ranksTableShowsTheFailingRank() {
        m_app->setScenario(scenarioOf(kFailsOnRank1), QString());
        chooseMpi(2);
        // Live (the stream's rank lines): rank 1's errors so far, rank 0's none, no kind yet.
        RunController* run = m_app->runController();
        std::uint64_t liveErrors0 = 0;
        std::uint64_t liveErrors1 = 0;
        connect(run, &RunController::ranksChanged, this, [&] {
            const QList<RankProgress> live = run->ranks();
            if (run->isRunning() && live.size() == 2 && live[1].topErrorKind.isEmpty()) {
                liveErrors0 = std::max(liveErrors0, live[0].errors);
                liveErrors1 = std::max(liveErrors1, live[1].errors);
            }
        });
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QVERIFY2(m_app->runController()->isRunning(),
                 qPrintable(m_reportTitle + m_reportLines.join(u'\n')));
        QTRY_VERIFY_WITH_TIMEOUT(!m_app->runController()->isRunning(), 60000);
        QVERIFY2(m_reportTitle.isEmpty(), qPrintable(m_reportTitle + m_reportLines.join(u'\n')));
        QVERIFY(m_app->results().has_value());
        const RunResults& r = *m_app->results();
        QCOMPARE(r.parts.size(), 2);
        QCOMPARE(r.total.ticks, std::uint64_t(40)); // 20/s for 2 s
        QCOMPARE(r.parts[1].errors, r.parts[1].completed);
        QCOMPARE(r.parts[1].errors, std::uint64_t(20));
        QCOMPARE(r.parts[0].errors, std::uint64_t(0));
        QCOMPARE(r.total.errors, std::uint64_t(20));
        QVERIFY(!r.parts[1].topErrorKind.isEmpty());

        QTableWidget* ranks = m_window->ranksTable();
        QCOMPARE(ranks->rowCount(), 2);
        QCOMPARE(ranks->columnCount(), 8);
        QCOMPARE(ranks->horizontalHeaderItem(6)->text(), QStringLiteral("Errors"));
        QCOMPARE(ranks->item(0, 6)->text(), QStringLiteral("0"));
        QCOMPARE(ranks->item(1, 6)->text(),
                 QStringLiteral("20 (%1: 20)").arg(r.parts[1].topErrorKind));
        // Both ran their course: their duration alone ("2.00 s").
        for (int i = 0; i < 2; ++i) {
            QVERIFY(r.parts[i].ranItsCourse());
            QCOMPARE(ranks->item(i, 7)->text(), partRan(r.parts[i]));
        }
        QVERIFY2(liveErrors1 > 0, qPrintable(QString::number(liveErrors1)));
        QCOMPARE(liveErrors0, std::uint64_t(0));
    }

    // The command the app runs: -n, the hosts or the hostfile (relative to the scenario's
    // folder; one that is not there is a problem of its field), --oversubscribe only for
    // more ranks than cores on this machine alone, --bind-to none always, then pusher-cli
    // run …; as root, what OpenMPI needs to run as root.
    void launchCommand() {
        Scenario s = scenarioOf(kSandbox);
        s.distributed.enabled = true;
        s.distributed.ranks = 2;
        QList<Problem> problems;
        MpiLaunch l = RunController::mpiLaunch(s, m_dir.path(), QStringLiteral("/t/s.json"),
                                               QStringLiteral("/t/r.json"), &problems);
        QVERIFY(problems.isEmpty());
        QCOMPARE(l.program, QStringLiteral(PUSHER_MPIRUN));
        const QStringList tail{
            QStringLiteral("--bind-to"), QStringLiteral("none"),
            QStringLiteral("--stdin"),   QStringLiteral("none"),
            QStringLiteral("--mca"),     QStringLiteral("odls_base_sigkill_timeout"),
            QStringLiteral("0"),         QStringLiteral(PUSHER_CLI_PATH),
            QStringLiteral("run"),       QStringLiteral("/t/s.json"),
            QStringLiteral("--json"),    QStringLiteral("/t/r.json"),
            QStringLiteral("--quiet")};
        const bool many = 2 > QThread::idealThreadCount();
        QCOMPARE(l.arguments,
                 QStringList({QStringLiteral("-n"), QStringLiteral("2")}) +
                     (many ? QStringList{QStringLiteral("--oversubscribe")} : QStringList{}) +
                     tail);
        s.distributed.ranks = QThread::idealThreadCount() + 1;
        l = RunController::mpiLaunch(s, m_dir.path(), QStringLiteral("/t/s.json"),
                                     QStringLiteral("/t/r.json"), &problems);
        QVERIFY(l.arguments.contains(QStringLiteral("--oversubscribe")));
        s.distributed.hosts = {QStringLiteral("a:2"), QStringLiteral("b")};
        l = RunController::mpiLaunch(s, m_dir.path(), QStringLiteral("/t/s.json"),
                                     QStringLiteral("/t/r.json"), &problems);
        QCOMPARE(l.arguments.mid(0, 4),
                 QStringList({QStringLiteral("-n"), QString::number(s.distributed.ranks),
                              QStringLiteral("--host"), QStringLiteral("a:2,b")}));
        QVERIFY(!l.arguments.contains(QStringLiteral("--oversubscribe"))); // the slots decide
        s.distributed.hosts.clear();
        s.distributed.hostfile = QStringLiteral("hosts.txt");
        l = RunController::mpiLaunch(s, m_dir.path(), QStringLiteral("/t/s.json"),
                                     QStringLiteral("/t/r.json"), &problems);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].path, QStringLiteral("distributed.hostfile"));
        QCOMPARE(problems[0].message,
                 m_dir.filePath(QStringLiteral("hosts.txt")) + QStringLiteral(": no such file"));
        QCOMPARE(l.arguments.mid(2, 2), QStringList({QStringLiteral("--hostfile"),
                                                     m_dir.filePath(QStringLiteral("hosts.txt"))}));
        QCOMPARE(l.environment.value(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT")),
                 ::geteuid() == 0 ? QStringLiteral("1") : QString());
        QCOMPARE(l.environment.value(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM")),
                 ::geteuid() == 0 ? QStringLiteral("1") : QString());
    }

    // What only the ranks would find is refused at F5, before mpirun starts: a target on
    // 127.0.0.1 while the hosts name another machine (each rank there would call itself), and
    // a data file with fewer rows than ranks. The "mpirun" here is a script that leaves a mark:
    // it must never run. No name is looked up (the hosts are only compared with this machine's).
    void whatOnlyTheRanksWouldFindIsRefusedFirst() {
        const QString mark = m_dir.filePath(QStringLiteral("mpirun-ran"));
        const QString fake = m_dir.filePath(QStringLiteral("fake-mpirun"));
        {
            QFile f(fake);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QStringLiteral("#!/bin/sh\ntouch '%1'\n").arg(mark).toUtf8());
        }
        QVERIFY(QFile::setPermissions(fake, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                QFileDevice::ExeOwner));
        qputenv("PUSHER_MPIRUN", fake.toLocal8Bit());
        const QString rows = m_dir.filePath(QStringLiteral("one-row.csv"));
        {
            QFile f(rows);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("user\nalice\n");
        }
        Scenario s = scenarioOf(QByteArrayLiteral(R"({
  "version": 1, "name": "mpi checks", "duration": "5s",
  "distributed": { "enabled": true, "ranks": 2, "hosts": [ "loadgen-b:2" ] },
  "workers": [
    { "ident": "api", "target": { "kind": "http", "url": "http:\/\/127.0.0.1:9/x" },
      "rate": { "rps": 10 } }
  ]
})"));
        QVERIFY(s.distributed.enabled);
        m_app->setScenario(s, QString());
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QVERIFY(!m_app->runController()->isRunning());
        QCOMPARE(m_reportTitle, QStringLiteral("The scenario cannot run."));
        const QString lines = m_reportLines.join(u'\n');
        QVERIFY2(lines.contains(QStringLiteral("http://127.0.0.1:9/x is on the loopback of the "
                                               "host that calls it, but loadgen-b "
                                               "(distributed.hosts[0]) is another host")),
                 qPrintable(lines));
        QVERIFY(!QFile::exists(mark));

        // Every rank here, one data row for two ranks: rank 1 would have none.
        s.distributed.hosts.clear();
        s.workers[0].data.file = rows;
        m_reportTitle.clear();
        m_reportLines.clear();
        m_app->setScenario(s, QString());
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QVERIFY(!m_app->runController()->isRunning());
        QCOMPARE(m_reportTitle, QStringLiteral("The scenario cannot run."));
        QVERIFY2(m_reportLines.join(u'\n').contains(QStringLiteral("1 row(s) for 2 ranks")),
                 qPrintable(m_reportLines.join(u'\n')));
        QVERIFY(!QFile::exists(mark));
    }

    // mpirun missing: Start says so, and nothing runs. The line is the problem alone: it
    // began "(document): ", as if the scenario's file were wrong. When PUSHER_MPIRUN names
    // what is not there, the line says so, not to install OpenMPI (which would not help).
    void mpirunMissing_data() {
        QTest::addColumn<bool>("named");
        QTest::addColumn<QString>("says");
        QTest::newRow("not on PATH") << false
                                     << QStringLiteral("mpirun was not found on PATH: install "
                                                       "OpenMPI (Debian: apt-get install "
                                                       "openmpi-bin) to run on MPI, or choose Run "
                                                       "on: This machine");
        QTest::newRow("PUSHER_MPIRUN") << true
                                       << QStringLiteral("PUSHER_MPIRUN names /nonexistent/mpirun, "
                                                         "which is not a program that can run: "
                                                         "point it at OpenMPI's mpirun, or unset "
                                                         "it to use the one on PATH");
    }
    void mpirunMissing() {
        QFETCH(bool, named);
        QFETCH(QString, says);
        const QTemporaryDir empty; // a PATH without mpirun
        const QByteArray path = qgetenv("PATH");
        auto restore = qScopeGuard([&] { qputenv("PATH", path); });
        if (named) {
            qputenv("PUSHER_MPIRUN", "/nonexistent/mpirun");
        } else {
            qunsetenv("PUSHER_MPIRUN");
            qputenv("PATH", QFile::encodeName(empty.path()));
        }
        Scenario s = scenarioOf(kSandbox);
        s.distributed.enabled = true;
        m_app->setScenario(s, QString());
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QVERIFY(!m_app->runController()->isRunning());
        QCOMPARE(m_reportTitle, QStringLiteral("The scenario cannot run."));
        QVERIFY2(m_reportLines.contains(says), qPrintable(m_reportLines.join(u'\n')));
    }

    // An "mpirun" that cannot be executed: the run fails saying so, and the app is ready
    // for the next run (not left running).
    void mpirunThatCannotStart() {
        const QString fake = m_dir.filePath(QStringLiteral("mpirun"));
        QFile f(fake);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\x7f"
                "ELF not a program");
        f.close();
        f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
        qputenv("PUSHER_MPIRUN", fake.toLocal8Bit());
        Scenario s = scenarioOf(kSandbox);
        s.distributed.enabled = true;
        m_app->setScenario(s, QString());
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(!m_app->runController()->isRunning(), 10000);
        QTRY_COMPARE(m_reportTitle, QStringLiteral("The run failed"));
        QVERIFY2(m_reportLines.join(u'\n').contains(QStringLiteral("mpirun")),
                 qPrintable(m_reportLines.join(u'\n')));
        QVERIFY(!m_window->isRunning());
        QVERIFY(m_window->actions().start->isEnabled());
        QVERIFY(m_app->editor()->isEnabled());
    }

    // A pusher-cli built without MPI (its --version says "MPI: none"): refused before the
    // start, saying why.
    void cliWithoutMpi() {
        const QString fake = m_dir.filePath(QStringLiteral("pusher-cli"));
        QFile f(fake);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("#!/bin/sh\necho 'pusher-cli 0.1.0'\necho 'MPI: none (built without MPI)'\n");
        f.close();
        f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
        qputenv("PUSHER_CLI", fake.toLocal8Bit());
        Scenario s = scenarioOf(kSandbox);
        s.distributed.enabled = true;
        m_app->setScenario(s, QString());
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QVERIFY(!m_app->runController()->isRunning());
        QVERIFY2(m_reportLines.join(u'\n').contains(QStringLiteral("built without MPI support")),
                 qPrintable(m_reportLines.join(u'\n')));
    }

    // A rank that dies mid-run: the run ends, the app names the rank, and the results so
    // far (rank 0 saved them) load.
    void rankDiesMidRun() {
        Scenario s = scenarioOf(kSandbox);
        s.distributed.enabled = true;
        s.distributed.ranks = 2;
        m_app->setScenario(s, QString());
        RunData* data = m_app->runView()->data();
        QSignalSpy appended(data, &RunData::appended);
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QVERIFY(m_app->runController()->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(appended.count() >= 6, 60000);
        // Rank 1: mpirun's child whose environment says so.

        pid_t victim = -1;
        for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
            QFile env(QStringLiteral("/proc/%1/environ").arg(entry));
            if (entry.toInt() > 0 && env.open(QIODevice::ReadOnly)) {
                const QList<QByteArray> vars = env.readAll().split('\0');
                if (vars.contains("OMPI_COMM_WORLD_RANK=1") &&
                    vars.contains(QByteArray("PUSHER_CLI=") + PUSHER_CLI_PATH))
                    victim = entry.toInt();
            }
        }
        QVERIFY(victim > 0);
        QCOMPARE(::kill(victim, SIGKILL), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!m_app->runController()->isRunning(), 30000);
        QCOMPARE(m_reportTitle, QStringLiteral("The run failed"));
        QVERIFY2(m_reportLines.join(u'\n').contains(QStringLiteral("process rank 1")),
                 qPrintable(m_reportLines.join(u'\n')));
        QVERIFY(m_app->results().has_value());
        QVERIFY(m_app->results()->interrupted);
        QVERIFY(m_app->results()->total.completed > 0);
    }
};

QTEST_MAIN(TestMpiApp)
#include "tst_mpiapp.moc"
