// Distributed runs: pusher-cli under a real `mpirun --oversubscribe` on this machine, ranks
// talking over loopback only, against a private nginx that counts what it served.
#include "../fullfs.h"
#include "../http/nginx.h"
#include "../mpirunfake.h"
#include "../process.h"

#include <pusher/results.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <thread>

namespace {

using pusher::test::Ran;
using pusher::test::writeFile;

QProcessEnvironment mpiEnvironment() {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Open MPI refuses root unless told (CI and containers run as root).
    env.insert(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT"), QStringLiteral("1"));
    env.insert(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"), QStringLiteral("1"));
    // Loopback only: mpirun's own channel and the ranks' TCP transport.
    env.insert(QStringLiteral("OMPI_MCA_oob_tcp_if_include"), QStringLiteral("lo"));
    env.insert(QStringLiteral("OMPI_MCA_btl_tcp_if_include"), QStringLiteral("lo"));
    return env;
}

// mpirunArgs is mpirun's command line for `-n ranks --oversubscribe [extra…] pusher-cli args…`
// (extra defaults to `--bind-to none`).
QStringList mpirunArgs(int ranks, const QStringList& args, const QStringList& extra = {}) {
    QStringList all{QStringLiteral("-n"), QString::number(ranks),
                    QStringLiteral("--oversubscribe")};
    all +=
        extra.isEmpty() ? QStringList{QStringLiteral("--bind-to"), QStringLiteral("none")} : extra;
    all.append(QStringLiteral(PUSHER_CLI_PATH));
    all += args;
    return all;
}

// mpirun runs mpirunArgs(ranks, args, extra) to its end.
Ran mpirun(int ranks, const QStringList& args, const QStringList& extra = {}) {
    return pusher::test::runProcess(QStringLiteral(PUSHER_MPIRUN), mpirunArgs(ranks, args, extra),
                                    mpiEnvironment(), 90000);
}

// mpirunSayingExits runs `pusher-cli run args…` on 3 ranks, each through a shell that then
// prints "rank R exit C", so a test can see every rank's own exit code (mpirun's is one).
Ran mpirunSayingExits(const QStringList& args, int timeoutMs = 90000) {
    return pusher::test::runProcess(
        QStringLiteral(PUSHER_MPIRUN),
        QStringList{
            QStringLiteral("-n"), QStringLiteral("3"), QStringLiteral("--oversubscribe"),
            QStringLiteral("--bind-to"), QStringLiteral("none"), QStringLiteral("sh"),
            QStringLiteral("-c"),
            QStringLiteral("\"$0\" run \"$@\"; echo \"rank $OMPI_COMM_WORLD_RANK exit $?\""),
            QStringLiteral(PUSHER_CLI_PATH)} +
            args,
        mpiEnvironment(), timeoutMs);
}

// streamedCompleted is the calls completed in the merged intervals the live stream beside
// --json FILE holds so far (its farm lines): the distributed run under way, as rank 0 says.
qint64 streamedCompleted(const QString& json) {
    QFile f(json + QStringLiteral(".timeline.jsonl"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    qint64 sum = 0;
    for (const QByteArray& line : f.readAll().split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value(QStringLiteral("worker")).toString() == QLatin1String("*"))
            sum += o.value(QStringLiteral("completed")).toInteger();
    }
    return sum;
}

// startMpirun starts mpirunArgs(ranks, args) in p, for tests that act while it runs.
void startMpirun(QProcess& p, int ranks, const QStringList& args) {
    p.setProcessEnvironment(mpiEnvironment());
    p.start(QStringLiteral(PUSHER_MPIRUN), mpirunArgs(ranks, args));
}

// childrenOf is the processes `pid` started (its main thread's children, /proc).
QList<pid_t> childrenOf(qint64 pid) {
    QList<pid_t> pids;
    QFile children(QStringLiteral("/proc/%1/task/%1/children").arg(pid));
    if (children.open(QIODevice::ReadOnly))
        for (const QByteArray& child : children.readAll().simplified().split(' '))
            if (child.toInt() > 0)
                pids.append(static_cast<pid_t>(child.toInt()));
    return pids;
}

// rankPid is the child of `mpirun` whose environment says it is rank `rank`, -1 if none.
pid_t rankPid(qint64 mpirun, int rank) {
    const QByteArray wanted = "OMPI_COMM_WORLD_RANK=" + QByteArray::number(rank);
    for (pid_t child : childrenOf(mpirun)) {
        QFile env(QStringLiteral("/proc/%1/environ").arg(child));
        if (env.open(QIODevice::ReadOnly) && env.readAll().split('\0').contains(wanted))
            return child;
    }
    return -1;
}

// startSandbox starts `pusher-cli sandbox` (on a free port of 127.0.0.1) and returns the port
// it listens on, 0 if it did not say within 10 s.
int startSandbox(QProcess& sandbox) {
    sandbox.start(QStringLiteral(PUSHER_CLI_PATH), {QStringLiteral("sandbox")});
    if (!sandbox.waitForStarted())
        return 0;
    QElapsedTimer clock;
    clock.start();
    while (!sandbox.canReadLine() && clock.elapsed() < 10000)
        sandbox.waitForReadyRead(100);
    const auto m = QRegularExpression(QStringLiteral("^listening on http://127\\.0\\.0\\.1:(\\d+)"))
                       .match(QString::fromUtf8(sandbox.readLine()));
    return m.hasMatch() ? m.captured(1).toInt() : 0;
}

// served is nginx's own count of requests served so far (stub_status), this query included.
qint64 served(const testing::Nginx& nginx) {
    const QByteArray status =
        testing::rawRequest(nginx.port(), "GET /nginx_status HTTP/1.0\r\n\r\n");
    const auto m = QRegularExpression(QStringLiteral("\\n\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)"))
                       .match(QString::fromLatin1(status));
    return m.hasMatch() ? m.captured(3).toLongLong() : -1;
}

const QByteArray kSynthetic = R"({
  "version": 1, "name": "mpi synthetic", "duration": "1s",
  "workers": [ { "ident": "think", "target": { "kind": "synthetic", "latency": { "distribution": "fixed", "value": "1ms" } },
                 "rate": { "rps": 90 } } ],
  "thresholds": [ "p99 < 5s" ]
})";

} // namespace

class TestMpi : public QObject {
    Q_OBJECT
private slots:
    // N ranks at 500/s for 2 s against nginx: nginx serves ceil(R × D) = 1000 requests
    // whatever N (each rank takes the ticks i ≡ rank mod N), and exactly the merged total;
    // the merged file equals `report --merge` of the ranks' own files (but for the interval
    // percentiles, exact in the run's file, a weighted mean in report --merge's).
    void nginxCountsTheSchedule_data() {
        QTest::addColumn<int>("ranks");
        QTest::newRow("1 rank") << 1;
        QTest::newRow("2 ranks") << 2;
        QTest::newRow("3 ranks") << 3;
    }
    void nginxCountsTheSchedule() {
        QFETCH(int, ranks);
        testing::Nginx nginx;
        const QString error = nginx.start(QStringLiteral(R"(
  server {
    listen 127.0.0.1:@PORT@;
    location = /nginx_status { stub_status; }
    location / { return 200 "ok\n"; }
  }
)"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QTemporaryDir dir;
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), R"({
  "version": 1, "name": "mpi nginx", "duration": "2s",
  "workers": [ { "ident": "api", "target": { "kind": "http", "url": "${PUSHER_TEST_URL}" }, "rate": { "rps": 500 } } ],
  "thresholds": [ "error_rate < 1%" ]
})");
        const QString merged = dir.filePath(QStringLiteral("merged.json"));
        const qint64 before = served(nginx);
        QVERIFY(before > 0);
        // ${VAR} is substituted by rank 0 alone: the shell around each rank takes the
        // variable away from every other rank.
        QProcessEnvironment env = mpiEnvironment();
        env.insert(QStringLiteral("PUSHER_TEST_URL"), nginx.url(QStringLiteral("/")));
        const QStringList all{
            QStringLiteral("-n"),
            QString::number(ranks),
            QStringLiteral("--oversubscribe"),
            QStringLiteral("--bind-to"),
            QStringLiteral("none"),
            QStringLiteral("sh"),
            QStringLiteral("-c"),
            QStringLiteral("[ \"$OMPI_COMM_WORLD_RANK\" = 0 ] || unset PUSHER_TEST_URL; "
                           "exec \"$0\" \"$@\""),
            QStringLiteral(PUSHER_CLI_PATH),
            QStringLiteral("run"),
            scenario,
            QStringLiteral("--json"),
            merged,
            QStringLiteral("--rank-json"),
            dir.filePath(QStringLiteral("rank{rank}.json")),
            QStringLiteral("--quiet")};
        Ran r = pusher::test::runProcess(QStringLiteral(PUSHER_MPIRUN), all, env, 90000);
        QVERIFY2(r.code == 0, qPrintable(QString::number(r.code) + r.out + r.err));
        const qint64 count = served(nginx) - before - 1; // minus the status query itself

        QString why;
        auto m = pusher::RunResults::load(merged, &why);
        QVERIFY2(m, qPrintable(why));
        const QString seen =
            QStringLiteral("nginx %1, ticks %2, ok %3, errors %4 %5")
                .arg(count)
                .arg(m->total.ticks)
                .arg(m->total.ok)
                .arg(m->total.errors)
                .arg(QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap([&] {
                                           QVariantMap kinds;
                                           for (auto it = m->total.errorsByKind.begin();
                                                it != m->total.errorsByKind.end(); ++it)
                                               kinds.insert(it.key(), qulonglong(it.value()));
                                           return kinds;
                                       }()))
                                           .toJson(QJsonDocument::Compact)));
        QVERIFY2(std::abs(count - 1000) <= 1, qPrintable(seen)); // 0.1 %
        QCOMPARE(m->total.ok, std::uint64_t(count));
        QVERIFY2(m->total.errors == 0, qPrintable(seen));
        QVERIFY2(std::abs(qint64(m->total.ticks) - 1000) <= 1, qPrintable(seen));
        QCOMPARE(m->parts.size(), ranks);
        for (const auto& part : m->parts) {
            QVERIFY2(std::abs(double(part.ticks) - 1000.0 / ranks) <= 1.0,
                     qPrintable(QString::number(part.ticks)));
            QVERIFY(!part.host.isEmpty());
            QVERIFY(std::abs(part.clockOffsetMs) < 50); // one machine, one clock
        }
        QCOMPARE(m->thresholds.size(), 1);
        QVERIFY(m->passed);
        // The live stream: what the other ranks sent is what rank 0 received.
        std::uint64_t sent = 0;
        for (int rank = 1; rank < ranks; ++rank) {
            QVERIFY(m->parts[rank].streamBytes > 0);
            sent += m->parts[rank].streamBytes;
        }
        QCOMPARE(m->parts[0].streamBytes, sent);

        // The ranks' own files merged by `report --merge`: the same results, bucket for bucket.
        QStringList args{QStringLiteral("report"), QStringLiteral("--merge")};
        for (int rank = 0; rank < ranks; ++rank)
            args.append(dir.filePath(QStringLiteral("rank%1.json").arg(rank)));
        const QString again = dir.filePath(QStringLiteral("again.json"));
        args += {QStringLiteral("-o"), again};
        Ran rm = pusher::test::runProcess(QStringLiteral(PUSHER_CLI_PATH), args);
        QVERIFY2(rm.code == 0, qPrintable(rm.out + rm.err));
        auto re = pusher::RunResults::load(again, &why);
        QVERIFY2(re, qPrintable(why));
        QCOMPARE(re->total.serviceTime.toBase64(), m->total.serviceTime.toBase64());
        QCOMPARE(re->total.responseTime.toBase64(), m->total.responseTime.toBase64());
        QCOMPARE(re->total.lagTime.toBase64(), m->total.lagTime.toBase64());
        // The timelines: the same points and counts; the run's interval percentiles are the
        // live merge's (from the merged interval histograms), `report --merge`'s the
        // completed-weighted mean of the files' (timelinePercentilesAreExact), max exact.
        QCOMPARE(re->timeline.size(), m->timeline.size());
        for (qsizetype i = 0; i < m->timeline.size(); ++i) {
            pusher::TimelinePoint a = re->timeline[i];
            const pusher::TimelinePoint& b = m->timeline[i];
            a.p50Ms = b.p50Ms;
            a.p90Ms = b.p90Ms;
            a.p99Ms = b.p99Ms;
            a.respP50Ms = b.respP50Ms;
            a.respP90Ms = b.respP90Ms;
            a.respP99Ms = b.respP99Ms;
            QVERIFY2(a == b, qPrintable(QStringLiteral("timeline[%1]").arg(i)));
        }
        re->timeline = m->timeline;
        QVERIFY(*re == *m); // and everything else: counts, parts, thresholds
    }

    // A threshold that fails on the merged results: exit 1 on every rank (each rank's own
    // code, seen through a shell around it); one that holds: 0 on every rank.
    void thresholdsGiveOneCodeOnEveryRank_data() {
        QTest::addColumn<QByteArray>("threshold");
        QTest::addColumn<int>("code");
        QTest::newRow("holds") << QByteArray("p99 < 5s") << 0;
        QTest::newRow("fails") << QByteArray("p99 < 1us") << 1;
    }
    void thresholdsGiveOneCodeOnEveryRank() {
        QFETCH(QByteArray, threshold);
        QFETCH(int, code);
        QTemporaryDir dir;
        QByteArray text = kSynthetic;
        text.replace("p99 < 5s", threshold);
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), text);
        Ran r = mpirunSayingExits({scenario, QStringLiteral("--quiet")});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        for (int rank = 0; rank < 3; ++rank)
            QVERIFY2(r.out.contains(QStringLiteral("rank %1 exit %2").arg(rank).arg(code)),
                     qPrintable(r.out + r.err));
        // and mpirun's own status, which CI reads
        QCOMPARE(mpirun(2, {QStringLiteral("run"), scenario, QStringLiteral("--quiet")}).code,
                 code);
    }

    // --junit under mpirun is rank 0's, from the merged results as --json (cli.md, JUnit XML
    // for CI): one file, its threshold judged on the merged run with the value the merged
    // summary prints, the same as report of the merged file writes; a folder missing is
    // refused before the run (exit 3), as --json.
    void junitIsRankZerosFromTheMergedResults() {
        QTemporaryDir dir;
        QByteArray text = kSynthetic;
        text.replace("p99 < 5s", "p99 < 1us");
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), text);
        const QString json = dir.filePath(QStringLiteral("r.json"));
        const QString xml = dir.filePath(QStringLiteral("j.xml"));
        Ran r = mpirun(2, {QStringLiteral("run"), scenario, QStringLiteral("--json"), json,
                           QStringLiteral("--junit"), xml});
        QVERIFY2(r.code == 1, qPrintable(QString::number(r.code) + r.out + r.err));
        const QByteArray written = [&] {
            QFile f(xml);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        QVERIFY(written.contains("<testsuite name=\"mpi synthetic\" tests=\"2\" failures=\"1\""));
        const auto observed =
            QRegularExpression(QStringLiteral("threshold FAIL  p99 < 1us  \\(observed (.*)\\)\n"))
                .match(r.out)
                .captured(1);
        QVERIFY2(!observed.isEmpty(), qPrintable(r.out));
        const QByteArray failure =
            "<failure message=\"observed " + observed.toUtf8() + "\" type=\"threshold\">";
        QVERIFY2(written.contains(failure), written.constData());
        QVERIFY2(written.contains("<system-out>"), written.constData());
        const QString again = dir.filePath(QStringLiteral("again.xml"));
        Ran report = pusher::test::runProcess(
            QStringLiteral(PUSHER_CLI_PATH),
            {QStringLiteral("report"), json, QStringLiteral("--junit"), again},
            QProcessEnvironment::systemEnvironment(), 30000);
        QVERIFY2(report.code == 0, qPrintable(report.err));
        QFile f(again);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), written);
        const QStringList left = QDir(dir.path()).entryList(QDir::Files | QDir::Hidden);
        QCOMPARE(left.filter(QStringLiteral(".xml")),
                 (QStringList{QStringLiteral("again.xml"), QStringLiteral("j.xml")}));

        const QString missing = dir.filePath(QStringLiteral("gone/j.xml"));
        Ran refused = mpirun(2, {QStringLiteral("run"), scenario, QStringLiteral("--junit"),
                                 missing, QStringLiteral("--quiet")});
        QVERIFY2(refused.code == 3, qPrintable(QString::number(refused.code) + refused.err));
        QVERIFY2(refused.err.contains(missing + QStringLiteral(": cannot write: ")),
                 qPrintable(refused.err));
        QVERIFY2(refused.err.contains(QStringLiteral("nothing was run")), qPrintable(refused.err));
    }

    // pusher-cli run --mpi --junit (pusher-cli starts mpirun itself, 2 ranks as the scenario's
    // "distributed" says): the report is rank 0's from the merged results, as under a user's
    // own mpirun (above): both ranks' ticks are in its summary, it is what report of the merged
    // file writes, and it is the one report in its folder (no rank's own, no temporary file
    // left, not written again by the pusher-cli that started mpirun).
    void junitOfRunMpiIsTheMergedRunsOnce() {
        QTemporaryDir dir;
        QByteArray text = kSynthetic;
        text.replace("\"p99 < 5s\"", "\"p99 < 1us\"")
            .replace("\"thresholds\"", "\"distributed\": { \"ranks\": 2 }, \"thresholds\"");
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), text);
        const QString json = dir.filePath(QStringLiteral("r.json"));
        const QString xml = dir.filePath(QStringLiteral("j.xml"));
        QProcessEnvironment env = mpiEnvironment();
        env.insert(QStringLiteral("PUSHER_MPIRUN"), QStringLiteral(PUSHER_MPIRUN));
        Ran r = pusher::test::runProcess(QStringLiteral(PUSHER_CLI_PATH),
                                         {QStringLiteral("run"), scenario, QStringLiteral("--mpi"),
                                          QStringLiteral("--json"), json, QStringLiteral("--junit"),
                                          xml},
                                         env, 90000);
        QVERIFY2(r.code == 1, qPrintable(QString::number(r.code) + r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("on 2 MPI ranks")), qPrintable(r.out + r.err));
        QString why;
        const auto merged = pusher::RunResults::load(json, &why);
        QVERIFY2(merged, qPrintable(why));
        QCOMPARE(merged->parts.size(), 2);
        std::uint64_t ticks = 0;
        for (const auto& part : merged->parts) {
            QVERIFY2(part.ticks > 0, qPrintable(QStringLiteral("rank %1").arg(part.rank)));
            ticks += part.ticks;
        }
        QCOMPARE(ticks, merged->total.ticks);
        QCOMPARE(merged->total.ticks, std::uint64_t(90)); // 90/s for 1 s, shared by the ranks

        QFile f(xml);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray written = f.readAll();
        QVERIFY2(written.contains("<testsuite name=\"mpi synthetic\" tests=\"2\" failures=\"1\" "
                                  "errors=\"0\""),
                 written.constData());
        // Its summary's row of the worker: the merged ticks, both ranks' (rank 0's alone is 45).
        const auto row = QRegularExpression(QStringLiteral("\\n\\s*think\\s+(\\d+)\\s"))
                             .match(QString::fromUtf8(written));
        QVERIFY2(row.hasMatch(), written.constData());
        QCOMPARE(row.captured(1).toULongLong(), merged->total.ticks);
        const QString again = dir.filePath(QStringLiteral("again.xml"));
        Ran report = pusher::test::runProcess(
            QStringLiteral(PUSHER_CLI_PATH),
            {QStringLiteral("report"), json, QStringLiteral("--junit"), again},
            QProcessEnvironment::systemEnvironment(), 30000);
        QVERIFY2(report.code == 0, qPrintable(report.err));
        QFile a(again);
        QVERIFY(a.open(QIODevice::ReadOnly));
        QCOMPARE(a.readAll(), written);
        QVERIFY(QFile::remove(again));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden, QDir::Name),
                 (QStringList{QStringLiteral("j.xml"), QStringLiteral("r.json"),
                              QStringLiteral("s.json")}));
    }

    // Open MPI binds a rank to one core when asked (and by default when N ≤ 2): pusher-cli
    // warns and names the remedy; unbound, it says nothing.
    void singleCoreBindingWarns() {
        if (std::thread::hardware_concurrency() < 2)
            QSKIP("one CPU: nothing to warn about");
        QTemporaryDir dir;
        QByteArray text = kSynthetic;
        text.replace("\"1s\"", "\"200ms\"");
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), text);
        const QStringList args{QStringLiteral("run"), scenario, QStringLiteral("--quiet")};
        Ran bound = mpirun(1, args, {QStringLiteral("--bind-to"), QStringLiteral("core")});
        QVERIFY2(bound.code == 0, qPrintable(bound.out + bound.err));
        QVERIFY2(bound.err.contains(QStringLiteral("bound to a single CPU")) &&
                     bound.err.contains(QStringLiteral("--bind-to none")),
                 qPrintable(bound.err));
        Ran free = mpirun(1, args, {QStringLiteral("--bind-to"), QStringLiteral("none")});
        QVERIFY2(free.code == 0, qPrintable(free.out + free.err));
        QVERIFY2(!free.err.contains(QStringLiteral("single CPU")), qPrintable(free.err));
    }

    // Ctrl-C on mpirun: Open MPI does not forward it but ends the job, SIGTERM to every rank a
    // second later; each stops gracefully, and rank 0 still gathers and writes the complete
    // merged results (mpirun's own status is 1: stopSentToAUsersMpirun).
    void sigintToMpirunWritesMergedResults() {
        QTemporaryDir dir;
        QByteArray text = kSynthetic;
        text.replace("\"1s\"", "\"1h\"");
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), text);
        const QString json = dir.filePath(QStringLiteral("r.json"));
        QProcess p;
        startMpirun(p, 3, {QStringLiteral("run"), scenario, QStringLiteral("--json"), json});
        QVERIFY(p.waitForStarted());
        // Rank 0 announces the run once every rank has agreed to it; the load starts 300 ms
        // later. Ctrl-C once the live stream has a merged interval with calls done.
        QByteArray output;
        QTRY_VERIFY_WITH_TIMEOUT((output += p.readAllStandardOutput()).contains("running"), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(streamedCompleted(json) > 0, 30000);
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(30000));
        QString why;
        auto results = pusher::RunResults::load(json, &why);
        QVERIFY2(results, qPrintable(why + QString::fromUtf8(p.readAllStandardError())));
        QCOMPARE(results->parts.size(), 3);
        QVERIFY(results->interrupted); // any rank's stop makes the whole run interrupted
        QVERIFY(!results->passed);
        QVERIFY(results->durationS > 0.1 && results->durationS < 30);
        QVERIFY(results->total.completed > 0);
        QCOMPARE(results->total.ticks, results->total.started + results->total.canceled);
        std::uint64_t sum = 0;
        for (const auto& part : results->parts)
            sum += part.ticks;
        QCOMPARE(sum, results->total.ticks);
    }

    // A stop sent to a user's mpirun (docs/distributed.md, How a run is stopped). SIGINT,
    // SIGTERM or SIGHUP to mpirun, or a terminal's Ctrl-C (SIGINT to mpirun's process group:
    // the ranks are in groups of their own, so only mpirun gets it): mpirun ends the job (the
    // ranks get SIGTERM a second later) and exits 1, Open MPI's code, whatever the ranks'; the
    // ranks still write the complete merged results (every rank's part), interrupted, and rank
    // 0 says why mpirun's code is not 4 and how to get it. SIGUSR1 mpirun forwards: the ranks
    // stop at once and mpirun exits with theirs, 4, without the note.
    void stopSentToAUsersMpirun_data() {
        QTest::addColumn<int>("signal");
        QTest::addColumn<bool>("group");
        QTest::addColumn<int>("code");
        QTest::newRow("SIGINT") << int(SIGINT) << false << 1;
        QTest::newRow("terminal Ctrl-C") << int(SIGINT) << true << 1;
        QTest::newRow("SIGTERM") << int(SIGTERM) << false << 1;
        QTest::newRow("SIGHUP") << int(SIGHUP) << false << 1;
        QTest::newRow("SIGUSR1") << int(SIGUSR1) << false << 4;
    }
    void stopSentToAUsersMpirun() {
        QFETCH(int, signal);
        QFETCH(bool, group);
        QFETCH(int, code);
        QTemporaryDir dir;
        QByteArray text = kSynthetic;
        text.replace("\"1s\"", "\"1h\"");
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), text);
        const QString json = dir.filePath(QStringLiteral("r.json"));
        QProcess p;
        p.setChildProcessModifier([] { ::setpgid(0, 0); }); // as a shell's foreground job
        startMpirun(p, 2, {QStringLiteral("run"), scenario, QStringLiteral("--json"), json});
        QVERIFY(p.waitForStarted());
        const auto pid = static_cast<pid_t>(p.processId());
        QByteArray output;
        QTRY_VERIFY_WITH_TIMEOUT((output += p.readAllStandardOutput()).contains("running"), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(streamedCompleted(json) > 0, 30000); // calls done, merged
        ::kill(group ? -pid : pid, signal);
        QVERIFY(p.waitForFinished(30000));
        const QString errors = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == code, qPrintable(QString::number(p.exitCode()) + errors));
        QString why;
        auto results = pusher::RunResults::load(json, &why);
        QVERIFY2(results, qPrintable(why + errors));
        QCOMPARE(results->parts.size(), 2); // the complete merge, not the results so far
        QVERIFY(results->interrupted);
        QVERIFY(!results->passed);
        QVERIFY(results->total.completed > 0);
        output += p.readAllStandardOutput();
        QVERIFY2(output.contains("INTERRUPTED: the results cover the time run"),
                 output.constData());
        const bool noted = errors.contains(
            QStringLiteral("note: mpirun was sent SIGINT, SIGTERM or SIGHUP (a Ctrl-C on its "
                           "terminal) and ends the job itself: it exits 1 whatever the run's "
                           "code, here 4"));
        QVERIFY2(noted == (code == 1), qPrintable(errors));
    }

    // A distributed run's merged results keep the planned duration (planned_s, --duration's
    // here) from its ranks' results, so a stopped one says how much of its plan it covers:
    // "interrupted: the run was stopped at … s of its planned 600 s". Merged files kept no
    // plan, and said "stopped after … s".
    void aStoppedDistributedRunKeepsItsPlan() {
        QTemporaryDir dir;
        QByteArray text = kSynthetic;
        text.replace("\"1s\"", "\"1h\"");
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), text);
        const QString json = dir.filePath(QStringLiteral("r.json"));
        QProcess p;
        startMpirun(p, 2,
                    {QStringLiteral("run"), scenario, QStringLiteral("--duration"),
                     QStringLiteral("10m"), QStringLiteral("--json"), json});
        QVERIFY(p.waitForStarted());
        auto streamed = [&] {
            QFile f(json + QStringLiteral(".timeline.jsonl"));
            return f.open(QIODevice::ReadOnly) ? f.readAll().count("\"worker\":\"*\"") : 0;
        };
        QTRY_VERIFY_WITH_TIMEOUT(streamed() >= 3, 30000);
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(30000));
        QString why;
        auto results = pusher::RunResults::load(json, &why);
        QVERIFY2(results, qPrintable(why + QString::fromUtf8(p.readAllStandardError())));
        QCOMPARE(results->parts.size(), 2);
        QVERIFY(results->interrupted);
        QCOMPARE(results->plannedS, 600.0);
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(out.contains(QStringLiteral("interrupted: the run was stopped at %1 s of its "
                                             "planned 600 s; ")
                                  .arg(results->durationS, 0, 'f', 1)),
                 qPrintable(out));
    }

    // The live stream beside --json is merged from every rank's intervals as they come:
    // its rates are the whole run's (not rank 0's share), and its interval counts are those
    // of the final results' timeline. It goes once the results file is written.
    void liveStreamIsMerged() {
        QTemporaryDir dir;
        QByteArray text = kSynthetic;
        text.replace("\"rps\": 90", "\"rps\": 400").replace("\"1s\"", "\"2s\"");
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), text);
        const QString json = dir.filePath(QStringLiteral("r.json"));
        const QString streamPath = json + QStringLiteral(".timeline.jsonl");
        QProcess p;
        startMpirun(p, 2,
                    {QStringLiteral("run"), scenario, QStringLiteral("--json"), json,
                     QStringLiteral("--quiet")});
        QVERIFY(p.waitForStarted());
        QByteArray seen; // the stream as last read while the run went on
        bool finished = false;
        for (int i = 0; i < 1200 && !(finished = p.waitForFinished(25)); ++i) {
            QFile f(streamPath);
            if (f.open(QIODevice::ReadOnly)) {
                const QByteArray now = f.readAll();
                if (now.size() > seen.size())
                    seen = now;
            }
        }
        QVERIFY(finished || p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(!QFile::exists(streamPath));
        auto results = pusher::RunResults::load(json);
        QVERIFY(results);
        const QList<pusher::TimelinePoint> farm = results->series(QStringLiteral("*"));
        QList<QJsonObject> lines;
        for (const QByteArray& line : seen.split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (o.value(QStringLiteral("worker")).toString() == QLatin1String("*"))
                lines.append(o);
        }
        QVERIFY2(lines.size() >= 4, seen.constData());
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(std::uint64_t(lines[i].value(QStringLiteral("completed")).toInteger()),
                     farm[i].completed);
            QCOMPARE(lines[i].value(QStringLiteral("t")).toDouble(), farm[i].t);
        }
        // 400/s in all, 200/s per rank: the stream shows the sum.
        const double rps = lines[2].value(QStringLiteral("rps")).toDouble();
        QVERIFY2(rps > 300 && rps < 500, qPrintable(QString::number(rps)));
        // After each merged interval, one line per rank (the app's ranks table): host, ticks,
        // rate and lag so far, clock offset; the last of each rank has its final ticks.
        QMap<int, QJsonObject> lastOfRank;
        int rankLines = 0;
        for (const QByteArray& line : seen.split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (!o.contains(QStringLiteral("rank")))
                continue;
            ++rankLines;
            lastOfRank[o.value(QStringLiteral("rank")).toInt()] = o;
        }
        QCOMPARE(lastOfRank.keys(), QList<int>({0, 1}));
        // (several intervals merged at once are followed by one set)
        QVERIFY2(rankLines % 2 == 0 && rankLines >= 8, qPrintable(QString::number(rankLines)));
        QCOMPARE(results->parts.size(), 2);
        for (int r = 0; r < 2; ++r) {
            const QJsonObject& o = lastOfRank[r];
            QCOMPARE(o.value(QStringLiteral("host")).toString(), results->parts[r].host);
            QVERIFY(o.value(QStringLiteral("ticks")).toInteger() > 0);
            QVERIFY(o.value(QStringLiteral("rps")).toDouble() > 100);
            QVERIFY(o.value(QStringLiteral("lag_p99_ms")).toDouble() > 0);
            QCOMPARE(o.value(QStringLiteral("clock_offset_ms")).toDouble(),
                     results->parts[r].clockOffsetMs);
        }
    }

    // The results file's timeline has the live merge's interval percentiles, which come from
    // the merged interval histograms (exact), not the completed-weighted mean of the ranks'
    // percentiles. The stream, kept here because --html cannot be written, holds the merged
    // interval histograms: every point's p50/p90/p99 is theirs. Also: the stream's last rank
    // lines carry each rank's final ticks.
    void timelinePercentilesAreExact() {
        QTemporaryDir dir;
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), R"({
  "version": 1, "name": "mpi exact", "duration": "2s",
  "workers": [ { "ident": "u", "target": { "kind": "synthetic", "latency": { "distribution": "uniform", "min": "1ms", "max": "60ms" } },
                 "rate": { "rps": 300 } } ]
})");
        const QString json = dir.filePath(QStringLiteral("r.json"));
        const QString streamPath = json + QStringLiteral(".timeline.jsonl");
        // An --html that fails when written keeps the stream: a FIFO no process reads (a
        // missing folder would be refused before the run).
        const QString fifo = dir.filePath(QStringLiteral("r.html"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        Ran r = mpirun(2, {QStringLiteral("run"), scenario, QStringLiteral("--json"), json,
                           QStringLiteral("--html"), fifo, QStringLiteral("--quiet")});
        QVERIFY2(r.code == 3, qPrintable(QString::number(r.code) + r.out + r.err)); // the html
        QString why;
        auto results = pusher::RunResults::load(json, &why);
        QVERIFY2(results, qPrintable(why));
        QFile f(streamPath);
        QVERIFY(f.open(QIODevice::ReadOnly));
        int compared = 0;
        QMap<int, QJsonObject> lastOfRank;
        for (const QByteArray& line : f.readAll().split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (o.contains(QStringLiteral("rank"))) {
                lastOfRank[o.value(QStringLiteral("rank")).toInt()] = o;
                continue;
            }
            const QString worker = o.value(QStringLiteral("worker")).toString();
            if (worker.isEmpty() || o.value(QStringLiteral("completed")).toInteger() == 0)
                continue;
            const auto h = pusher::Histogram::fromBase64(o.value(QStringLiteral("h"))
                                                             .toObject()
                                                             .value(QStringLiteral("latency"))
                                                             .toString());
            QVERIFY(h);
            const pusher::LatencyMs exact = pusher::LatencyMs::of(*h);
            const double t = o.value(QStringLiteral("t")).toDouble();
            const bool partial = o.value(QStringLiteral("partial")).toBool();
            const pusher::TimelinePoint* point = nullptr;
            for (const pusher::TimelinePoint& p : results->timeline)
                if (p.worker == worker && p.partial == partial &&
                    (!point || std::abs(p.t - t) < std::abs(point->t - t)))
                    point = &p;
            QVERIFY2(point, qPrintable(worker + QString::number(t)));
            QCOMPARE(point->completed,
                     std::uint64_t(o.value(QStringLiteral("completed")).toInteger()));
            const QString where = QStringLiteral("%1 at %2 s: ").arg(worker).arg(t);
            for (const auto& [got, want] :
                 {std::pair{point->p50Ms, exact.p50}, std::pair{point->p90Ms, exact.p90},
                  std::pair{point->p99Ms, exact.p99}})
                QVERIFY2(std::abs(got - want) <= 1e-3,
                         qPrintable(where + QStringLiteral("%1 != %2").arg(got).arg(want)));
            ++compared;
        }
        QVERIFY2(compared >= 12, qPrintable(QString::number(compared))); // 2 series × ≥ 6
        QCOMPARE(lastOfRank.size(), 2);
        for (int rank = 0; rank < 2; ++rank) {
            QVERIFY(lastOfRank[rank].value(QStringLiteral("ended")).toBool());
            QCOMPARE(std::uint64_t(lastOfRank[rank].value(QStringLiteral("ticks")).toInteger()),
                     results->parts[rank].ticks);
        }
    }

    // A rank killed mid-run: mpirun ends the job within seconds, names the rank, and rank 0
    // (stopped by mpirun) has saved the results of the intervals merged so far: a valid
    // results file, marked interrupted.
    void killedRankLeavesResultsSoFar() {
        QTemporaryDir dir;
        QByteArray text = kSynthetic;
        text.replace("\"1s\"", "\"1h\"");
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), text);
        const QString json = dir.filePath(QStringLiteral("r.json"));
        QProcess p;
        startMpirun(p, 3,
                    {QStringLiteral("run"), scenario, QStringLiteral("--json"), json,
                     QStringLiteral("--quiet")});
        QVERIFY(p.waitForStarted());
        // Running: merged intervals reach the live stream (counted by their farm lines).
        auto streamed = [&] {
            QFile f(json + QStringLiteral(".timeline.jsonl"));
            return f.open(QIODevice::ReadOnly) ? f.readAll().count("\"worker\":\"*\"") : 0;
        };
        QTRY_VERIFY_WITH_TIMEOUT(streamed() >= 5, 30000);
        const pid_t victim = rankPid(p.processId(), 2);
        QVERIFY(victim > 0);
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(::kill(victim, SIGKILL), 0);
        QVERIFY(p.waitForFinished(30000));
        QVERIFY2(clock.elapsed() < 15000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(p.exitCode() != 0);
        const QString errText = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(errText.contains(QStringLiteral("rank 2")), qPrintable(errText));
        QString why;
        auto results = pusher::RunResults::load(json, &why);
        QVERIFY2(results, qPrintable(why + errText));
        QVERIFY(results->interrupted);
        QVERIFY(!results->passed);
        QVERIFY(results->total.completed > 0);
        QVERIFY(results->durationS > 1);
        QCOMPARE(results->total.ticks, results->total.started + results->total.canceled);
        // The merged live stream stays too, and recovers (report --recover) at least as far.
        const QString recovered = dir.filePath(QStringLiteral("recovered.json"));
        Ran rec = pusher::test::runProcess(QStringLiteral(PUSHER_CLI_PATH),
                                           {QStringLiteral("report"), QStringLiteral("--recover"),
                                            json + QStringLiteral(".timeline.jsonl"),
                                            QStringLiteral("-o"), recovered});
        QVERIFY2(rec.code == 0 || rec.code == 4, qPrintable(rec.out + rec.err));
        auto again = pusher::RunResults::load(recovered, &why);
        QVERIFY2(again, qPrintable(why));
        QVERIFY(again->total.completed >= results->total.completed);
    }

    // run --mpi starts mpirun with odls_base_sigkill_timeout 0 (a prompt end), so when mpirun
    // ends the job on its own — a rank died, or mpirun itself was sent SIGTERM — the ranks are
    // SIGKILLed right after their SIGTERM and rank 0 saves nothing. pusher-cli rebuilds the
    // results from rank 0's live stream then, as report --recover and the app do: they were
    // lost (exit 137 or 1, only the stream left). A dead rank is a failed run (3), a signal to
    // mpirun a stopped one (4).
    void mpirunEndingTheJobLeavesRecoveredResults_data() {
        QTest::addColumn<bool>("killRank");
        QTest::addColumn<int>("expected");
        QTest::newRow("a rank killed") << true << 3;
        QTest::newRow("mpirun sent SIGTERM") << false << 4;
    }

    void mpirunEndingTheJobLeavesRecoveredResults() {
        QFETCH(bool, killRank);
        QFETCH(int, expected);
        QTemporaryDir dir;
        QByteArray text = kSynthetic;
        text.replace("\"1s\"", "\"1h\"")
            .replace("\"thresholds\"", "\"distributed\": { \"ranks\": 3 }, \"thresholds\"");
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), text);
        const QString json = dir.filePath(QStringLiteral("r.json"));
        const QString stream = json + QStringLiteral(".timeline.jsonl");
        QProcess p;
        p.setProcessEnvironment(mpiEnvironment());
        p.start(QStringLiteral(PUSHER_CLI_PATH),
                {QStringLiteral("run"), scenario, QStringLiteral("--mpi"), QStringLiteral("--json"),
                 json, QStringLiteral("--quiet")});
        QVERIFY(p.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(streamedCompleted(json) > 0, 30000);
        const QList<pid_t> mpirun = childrenOf(p.processId());
        QCOMPARE(mpirun.size(), 1);
        const pid_t victim = killRank ? rankPid(mpirun.front(), 2) : mpirun.front();
        QVERIFY(victim > 0);
        QCOMPARE(::kill(victim, killRank ? SIGKILL : SIGTERM), 0);
        QVERIFY(p.waitForFinished(30000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == expected,
                 qPrintable(QString::number(p.exitCode()) + QLatin1Char(' ') + err));
        QVERIFY2(err.contains(QStringLiteral("--mpi: mpirun ended the job before rank 0 wrote the "
                                             "results: recovered ")),
                 qPrintable(err));
        QString why;
        const auto results = pusher::RunResults::load(json, &why);
        QVERIFY2(results, qPrintable(why + err));
        QVERIFY(results->recovered);
        QVERIFY(results->interrupted);
        QVERIFY(!results->passed);
        QCOMPARE(results->scenario, QStringLiteral("mpi synthetic"));
        QVERIFY(results->total.completed > 0);
        QCOMPARE(results->total.ticks, results->total.started + results->total.canceled);
        QVERIFY(!results->timeline.isEmpty());
        QVERIFY(!QFile::exists(stream)); // the results hold it
    }

    // A distributed run's rank 0 opens its live stream afresh: an earlier run's stream there,
    // killed and not recovered yet, is moved aside to STREAM.1 as a single run does, where it
    // was truncated and lost.
    void anEarlierStreamIsKeptByADistributedRun() {
        QTemporaryDir dir;
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), kSynthetic);
        const QString json = dir.filePath(QStringLiteral("r.json"));
        const QString stream = json + QStringLiteral(".timeline.jsonl");
        const QByteArray earlier = "{\"pusher_timeline\":1,\"scenario\":\"an earlier run\"}\n";
        {
            QFile f(stream);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QCOMPARE(f.write(earlier), qint64(earlier.size()));
        }
        const Ran ran = mpirun(2, {QStringLiteral("run"), scenario, QStringLiteral("--json"), json,
                                   QStringLiteral("--quiet")});
        QVERIFY2(ran.code == 0, qPrintable(QString::number(ran.code) + ran.err));
        QVERIFY2(ran.err.contains(QStringLiteral("is kept as ") + stream + QStringLiteral(".1")),
                 qPrintable(ran.err));
        QFile kept(stream + QStringLiteral(".1"));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), earlier);
        QVERIFY(!QFile::exists(stream)); // this run's own, removed once its results were written
        QString why;
        QVERIFY2(pusher::RunResults::load(json, &why), qPrintable(why));
    }

    // A sandbox URL: one sandbox on rank 0's host serves every rank (all on this host);
    // it counts exactly the schedule's ticks, which are the merged results' calls.
    void sandboxOnRankZeroServesEveryRank() {
        QTemporaryDir dir;
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), R"({
  "version": 1, "duration": "2s",
  "workers": [ { "ident": "api", "target": { "kind": "http", "url": "http:\/\/sandbox/x?delay=1ms" }, "rate": { "rps": 150 } } ],
  "thresholds": [ "error_rate < 1%" ]
})");
        const QString json = dir.filePath(QStringLiteral("r.json"));
        Ran r = mpirun(3, {QStringLiteral("run"), scenario, QStringLiteral("--json"), json});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("sandbox at http://127.0.0.1:")), qPrintable(r.out));
        const auto m =
            QRegularExpression(QStringLiteral("sandbox served ([0-9,]+) requests")).match(r.out);
        QVERIFY2(m.hasMatch(), qPrintable(r.out));
        const qulonglong served = m.captured(1).remove(QLatin1Char(',')).toULongLong();
        auto results = pusher::RunResults::load(json);
        QVERIFY(results);
        QCOMPARE(results->parts.size(), 3);
        QCOMPARE(served, qulonglong(300)); // ceil(150/s × 2 s)
        QCOMPARE(results->total.ok, std::uint64_t(served));
        for (const auto& part : results->parts)
            QCOMPARE(part.ticks, std::uint64_t(100));
    }

    // --url naming the sandbox (as a single run takes it): rank 0's sandbox serves every
    // rank at that URL's path. Before, each rank found a sandbox URL it could not serve and
    // the run was refused, telling to pass --url.
    void urlNamingTheSandboxIsServedByRankZero() {
        QTemporaryDir dir;
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), R"({
  "version": 1, "duration": "1s",
  "workers": [ { "ident": "api", "target": { "kind": "http", "url": "http:\/\/192.0.2.1:1/x" }, "rate": { "rps": 60 } } ]
})");
        const QString json = dir.filePath(QStringLiteral("r.json"));
        Ran r = mpirun(2, {QStringLiteral("run"), scenario, QStringLiteral("--url"),
                           QStringLiteral("http://sandbox/y?delay=1ms"), QStringLiteral("--json"),
                           json});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("sandbox served 60 requests")), qPrintable(r.out));
        auto results = pusher::RunResults::load(json);
        QVERIFY(results);
        QCOMPARE(results->parts.size(), 2);
        QCOMPARE(results->total.ok, std::uint64_t(60));
    }

    // A command target that fails on rank 1 alone (its shell tests OMPI_COMM_WORLD_RANK):
    // the merged results' ranks[] names rank 1 with every one of its calls as errors, of its
    // one kind, and the other ranks with none; the ranks' errors add up to the merged total,
    // and `report` shows them in its ranks table. Before, ranks[] had no errors at all.
    void errorsPerRankSingleOutTheFailingRank() {
        QTemporaryDir dir;
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), R"({
  "version": 1, "duration": "1s",
  "workers": [ { "ident": "cmd", "target": { "kind": "command", "program": "\/bin\/sh",
                 "args": [ "-c", "[ $OMPI_COMM_WORLD_RANK != 1 ]" ] }, "rate": { "rps": 30 } } ]
})");
        const QString json = dir.filePath(QStringLiteral("r.json"));
        Ran r = mpirun(3, {QStringLiteral("run"), scenario, QStringLiteral("--json"), json,
                           QStringLiteral("--quiet")});
        QString why;
        auto results = pusher::RunResults::load(json, &why);
        QVERIFY2(results, qPrintable(why + u'\n' + r.out + r.err));
        QCOMPARE(results->parts.size(), 3);
        QCOMPARE(results->total.ticks, std::uint64_t(30)); // ceil(30/s × 1 s)
        std::uint64_t sum = 0;
        for (const auto& part : results->parts) {
            sum += part.errors;
            QCOMPARE(part.ticks, std::uint64_t(10));
            if (part.rank == 1) {
                QCOMPARE(part.errors, part.completed);
                QCOMPARE(part.errors, std::uint64_t(10));
                QVERIFY(!part.topErrorKind.isEmpty());
                QCOMPARE(part.topErrorCount, part.errors); // one kind: a non-zero exit
                QVERIFY(results->total.errorsByKind.contains(part.topErrorKind));
            } else {
                QCOMPARE(part.errors, std::uint64_t(0));
                QVERIFY(part.topErrorKind.isEmpty());
                QCOMPARE(part.topErrorCount, std::uint64_t(0));
            }
        }
        QCOMPARE(sum, results->total.errors);
        QCOMPARE(results->total.errors, std::uint64_t(10));

        // pusher-cli report: the ranks table's rows carry the errors and the top kind.
        Ran rep = pusher::test::runProcess(QStringLiteral(PUSHER_CLI_PATH),
                                           {QStringLiteral("report"), json});
        const QStringList lines = rep.out.split(u'\n');
        qsizetype header = -1;
        for (qsizetype i = 0; i < lines.size(); ++i)
            if (lines[i].startsWith(QStringLiteral("rank ")) &&
                lines[i].contains(QStringLiteral("top error")))
                header = i;
        QVERIFY2(header >= 0 && header + 3 < lines.size(), qPrintable(rep.out + rep.err));
        const QString kind = results->parts[1].topErrorKind;
        QVERIFY2(lines[header + 2].startsWith(QStringLiteral("1 ")) &&
                     lines[header + 2].endsWith(kind + QStringLiteral(": 10")),
                 qPrintable(lines[header + 2]));
        QVERIFY2(lines[header + 1].endsWith(QStringLiteral(" 0  -")),
                 qPrintable(lines[header + 1]));
        QVERIFY2(lines[header + 3].endsWith(QStringLiteral(" 0  -")),
                 qPrintable(lines[header + 3]));
    }

    // The shipped journey (flow steps on http://sandbox/…) over 2 ranks against one
    // `pusher-cli sandbox` named by --url, as "A sandbox URL" above tells for runs over
    // several hosts: the steps take --url's host and port and keep their paths, and that
    // sandbox counts every journey's login and order (the merged ok). Before, --url changed
    // http targets only, and every rank refused the journey's sandbox URL (exit 2).
    void journeyWithUrlReachesOneSandbox() {
        QProcess sandbox;
        const int port = startSandbox(sandbox);
        QVERIFY(port > 0);
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(port);
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("r.json"));
        Ran r = mpirun(
            2, {QStringLiteral("run"),
                QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"),
                QStringLiteral("--duration"), QStringLiteral("1s"), QStringLiteral("--url"), url,
                QStringLiteral("--json"), json, QStringLiteral("--quiet")});
        const QByteArray answer = testing::rawRequest(port, "GET /stats HTTP/1.0\r\n\r\n");
        ::kill(static_cast<pid_t>(sandbox.processId()), SIGTERM);
        QVERIFY(sandbox.waitForFinished(10000));
        QVERIFY2(r.code == 0, qPrintable(QString::number(r.code) + r.out + r.err));
        const QJsonObject stats =
            QJsonDocument::fromJson(answer.mid(answer.indexOf("\r\n\r\n") + 4)).object();
        auto results = pusher::RunResults::load(json);
        QVERIFY(results);
        QCOMPARE(results->parts.size(), 2);
        QCOMPARE(results->total.ticks, std::uint64_t(50)); // ceil(50/s × 1 s), split
        QCOMPARE(results->total.ok, std::uint64_t(50));
        QCOMPARE(stats.value(QStringLiteral("logins")).toInteger(), 50);
        QCOMPARE(stats.value(QStringLiteral("orders")).toInteger(), 50);
        QCOMPARE(stats.value(QStringLiteral("rejected")).toInteger(), 0);
    }

    // A data file in unique mode over 3 ranks: each rank reads the file and takes its share
    // (rows r with r mod 3 = rank), so the sandbox (one `pusher-cli sandbox`, recording what
    // it received) sees every row exactly once; the calls beyond the rows are rows_exhausted.
    void dataFileRowsAreSharedDisjointly() {
        QTemporaryDir dir;
        QByteArray csv = "id\n";
        for (int i = 0; i < 30; ++i)
            csv += QByteArray::number(i) + '\n';
        const QString rows = writeFile(dir, QStringLiteral("rows.csv"), csv);
        QProcess sandbox;
        const int port = startSandbox(sandbox);
        QVERIFY(port > 0);
        const QString scenario = writeFile(dir, QStringLiteral("s.json"),
                                           QStringLiteral(R"({
  "version": 1, "duration": "1s",
  "workers": [ { "ident": "api", "target": { "kind": "http", "url": "http:\/\/127.0.0.1:%1/x?record=${id}" },
                 "data": { "file": "%2", "mode": "unique" }, "rate": { "rps": 60 } } ]
})")
                                               .arg(port)
                                               .arg(rows)
                                               .toUtf8());
        const QString json = dir.filePath(QStringLiteral("r.json"));
        Ran r = mpirun(3, {QStringLiteral("run"), scenario, QStringLiteral("--json"), json});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        const QByteArray answer = testing::rawRequest(port, "GET /?recorded=1 HTTP/1.0\r\n\r\n");
        ::kill(static_cast<pid_t>(sandbox.processId()), SIGTERM);
        QVERIFY(sandbox.waitForFinished(10000));
        QList<QByteArray> seen = answer.mid(answer.indexOf("\r\n\r\n") + 4).split('\n');
        seen.removeAll(QByteArray());
        QCOMPARE(seen.size(), 30);
        QList<int> ids;
        for (const QByteArray& v : std::as_const(seen))
            ids.append(v.toInt());
        std::sort(ids.begin(), ids.end());
        for (int i = 0; i < 30; ++i)
            QCOMPARE(ids[i], i); // every row once, none twice
        auto results = pusher::RunResults::load(json);
        QVERIFY(results);
        QCOMPARE(results->total.ok, std::uint64_t(30));
        QCOMPARE(results->total.errorsByKind.value(QStringLiteral("rows_exhausted")),
                 std::uint64_t(60 - 30)); // ceil(60/s × 1 s) ticks, 30 rows
        QVERIFY2(r.out.contains(QStringLiteral("api: rows exhausted: all 10 rows of %1 were used "
                                               "(mode unique, this rank's share")
                                    .arg(rows)),
                 qPrintable(r.out));
    }

    // Refused before anything starts, exit 2 on every rank with the reason said once: a
    // missing scenario file (read by rank 0 only), a scenario that does not validate.
    void refusedBeforeTheStart() {
        QTemporaryDir dir;
        Ran missing = mpirun(2, {QStringLiteral("run"), dir.filePath(QStringLiteral("no.json"))});
        QCOMPARE(missing.code, 2);
        QVERIFY2(missing.err.contains(QStringLiteral("no.json")), qPrintable(missing.err));
        const QString bad = writeFile(dir, QStringLiteral("bad.json"), R"({
  "version": 1, "duration": "1s",
  "workers": [ { "ident": "api", "target": { "kind": "synthetic" }, "rate": { "rps": -1 } } ]
})");
        Ran invalid = mpirun(3, {QStringLiteral("run"), bad});
        QCOMPARE(invalid.code, 2);
        QCOMPARE(invalid.err.count(QStringLiteral("workers[0].rate.rps")), 1);
        // One --rank-json file for every rank would be overwritten by each: refused.
        const QString good = writeFile(dir, QStringLiteral("good.json"), kSynthetic);
        Ran shared = mpirun(2, {QStringLiteral("run"), good, QStringLiteral("--rank-json"),
                                dir.filePath(QStringLiteral("r.json"))});
        QCOMPARE(shared.code, 2);
        QCOMPARE(shared.err.count(QStringLiteral("has no {rank}")), 1);
    }

    // An output file that cannot be written (its folder missing: a typo) stops every rank
    // before the run, exit 3 on each, instead of after the whole run: rank 0's --json, and
    // any rank's --rank-json (named with the rank). The scenario would last an hour.
    void unwritableOutputsStopEveryRankBeforeTheRun() {
        QTemporaryDir dir;
        QByteArray text = kSynthetic;
        text.replace("\"1s\"", "\"1h\"");
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), text);
        const QString json = dir.filePath(QStringLiteral("missing/r.json"));
        QElapsedTimer clock;
        clock.start();
        Ran r = mpirunSayingExits({scenario, QStringLiteral("--json"), json}, 60000);
        QVERIFY2(clock.elapsed() < 45000, qPrintable(r.out + r.err));
        for (int rank = 0; rank < 3; ++rank)
            QVERIFY2(r.out.contains(QStringLiteral("rank %1 exit 3").arg(rank)),
                     qPrintable(r.out + r.err));
        QCOMPARE(r.err.count(json + QStringLiteral(": cannot write: ")), 1); // rank 0 says it
        QVERIFY2(r.err.contains(QStringLiteral("nothing was run")), qPrintable(r.err));
        QVERIFY2(!r.out.contains(QStringLiteral("running")), qPrintable(r.out));

        const QString good = dir.filePath(QStringLiteral("good.json"));
        Ran ranks = mpirun(2, {QStringLiteral("run"), scenario, QStringLiteral("--json"), good,
                               QStringLiteral("--rank-json"),
                               dir.filePath(QStringLiteral("missing/rank{rank}.json"))});
        QCOMPARE(ranks.code, 3);
        QVERIFY2(ranks.err.contains(QStringLiteral("rank 1 on ")) &&
                     ranks.err.contains(dir.filePath(QStringLiteral("missing/rank1.json"))),
                 qPrintable(ranks.err));
        QVERIFY(!QFile::exists(good));
    }

    // A rank whose --rank-json cannot be written at the end (a full disk: what the check
    // before the run cannot know) makes the run exit 3, as any output that fails, and is
    // named; the merged results are still written and say what the thresholds say: passed.
    // Rank 0 set the merge's "passed" to false for any rank's failed write, so results whose
    // thresholds all held read as a failed run (a local run's failed --csv leaves it alone).
    void aRankJsonThatCannotBeWrittenLeavesTheVerdict() {
        QTemporaryDir dir;
        QTemporaryDir full;
        const QString why = pusher::test::mountFullTmpfs(full.path(), 64, {});
        if (!why.isEmpty())
            QSKIP(qPrintable(QStringLiteral("needs root to mount a tmpfs privately: ") + why));
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), kSynthetic);
        const QString json = dir.filePath(QStringLiteral("r.json"));
        Ran r = mpirun(2, {QStringLiteral("run"), scenario, QStringLiteral("--json"), json,
                           QStringLiteral("--rank-json"),
                           full.filePath(QStringLiteral("rank{rank}.json")),
                           QStringLiteral("--quiet")});
        pusher::test::unmountTmpfs(full.path());
        QVERIFY2(r.code == 3, qPrintable(QString::number(r.code) + r.out + r.err));
        QVERIFY2(r.err.contains(full.filePath(QStringLiteral("rank1.json")) +
                                QStringLiteral(": cannot write: No space left on device")),
                 qPrintable(r.err));
        auto results = pusher::RunResults::load(json);
        QVERIFY(results);
        QCOMPARE(results->total.ticks, std::uint64_t(90));
        QCOMPARE(results->thresholds.size(), 1);
        QVERIFY(results->thresholds[0].passed);
        QVERIFY(!results->interrupted);
        QVERIFY(results->passed);
    }

    // --json naming the scenario file (a slip) is refused by rank 0 before anything runs,
    // exit 2 on every rank, said once; the scenario stays as it was (it was replaced by
    // the merged results).
    void outputNamingTheScenarioIsRefused() {
        QTemporaryDir dir;
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), kSynthetic);
        Ran r = mpirun(2, {QStringLiteral("run"), scenario, QStringLiteral("--json"), scenario,
                           QStringLiteral("--quiet")});
        QVERIFY2(r.code == 2, qPrintable(QString::number(r.code) + r.out + r.err));
        QCOMPARE(r.err.count(QStringLiteral("--json ") + scenario +
                             QStringLiteral(": that is the scenario file")),
                 1);
        QFile f(scenario);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), kSynthetic);
    }

    // A rank that could not start (its share of a data file empty: 2 rows, 3 ranks) stops
    // every rank before a single call: rank 0 finds it before it sends the scenario and says
    // it once, at the data file's field, naming the rank; exit 2 on each, no results file,
    // and the server saw nothing.
    void aRankThatCannotStartStopsEveryRank() {
        QProcess sandbox;
        const int port = startSandbox(sandbox);
        QVERIFY(port > 0);
        QTemporaryDir dir;
        writeFile(dir, QStringLiteral("rows.csv"), "id\n0\n1\n");
        const QString scenario = writeFile(dir, QStringLiteral("s.json"),
                                           QStringLiteral(R"({
  "version": 1, "duration": "1s",
  "workers": [ { "ident": "api", "target": { "kind": "http", "url": "http:\/\/127.0.0.1:%1/x?record=${id}" },
                 "data": { "file": "rows.csv" }, "rate": { "rps": 30 } } ]
})")
                                               .arg(port)
                                               .toUtf8());
        const QString json = dir.filePath(QStringLiteral("r.json"));
        Ran r = mpirunSayingExits({scenario, QStringLiteral("--json"), json}, 60000);
        const QByteArray answer = testing::rawRequest(port, "GET /?recorded=1 HTTP/1.0\r\n\r\n");
        ::kill(static_cast<pid_t>(sandbox.processId()), SIGTERM);
        QVERIFY(sandbox.waitForFinished(10000));
        for (int rank = 0; rank < 3; ++rank)
            QVERIFY2(r.out.contains(QStringLiteral("rank %1 exit 2").arg(rank)),
                     qPrintable(r.out + r.err));
        QCOMPARE(r.err.count(QStringLiteral("workers[0].data.file")), 1);
        QVERIFY2(r.err.contains(scenario + QStringLiteral(": workers[0].data.file: ") +
                                dir.filePath(QStringLiteral("rows.csv")) +
                                QStringLiteral(": 2 row(s) for 3 ranks: each rank takes the rows "
                                               "r with r mod 3 = its rank, so rank 2 would have "
                                               "none")),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(json));
        QVERIFY(!QFile::exists(json + QStringLiteral(".timeline.jsonl")));
        QVERIFY(answer.startsWith("HTTP/1.1 200"));
        QCOMPARE(answer.mid(answer.indexOf("\r\n\r\n") + 4), QByteArray()); // nothing sent
    }

    // A target on 127.0.0.1 while a rank runs on another host would have that rank call its
    // own host: refused by rank 0 before it sends the scenario (exit 2), at the URL's field,
    // naming the rank and its host (before, the run went ahead, each rank loading its own
    // host; a sandbox URL was refused already, validate's test has it). The other host is rank 1 in
    // a UTS namespace of its own name (unshare, as root).
    void loopbackTargetWithARankElsewhereIsRefused() {
        if (pusher::test::runProcess(QStringLiteral("unshare"),
                                     {QStringLiteral("--uts"), QStringLiteral("true")})
                .code != 0)
            QSKIP("unshare --uts is not allowed here (needs root)");
        QTemporaryDir dir;
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), R"({
  "version": 1, "duration": "1s",
  "workers": [ { "ident": "api", "target": { "kind": "http", "url": "http:\/\/127.0.0.1:1/x" }, "rate": { "rps": 30 } } ]
})");
        const QString json = dir.filePath(QStringLiteral("r.json"));
        // sh -c SCRIPT pusher-cli run …: $0 is pusher-cli, rank 1 runs it renamed.
        const QString script = QStringLiteral(
            "if [ \"$OMPI_COMM_WORLD_RANK\" = 1 ]; then exec unshare --uts sh -c 'hostname "
            "elsewhere.invalid && exec \"$0\" \"$@\"' \"$0\" \"$@\"; fi; exec \"$0\" \"$@\"");
        Ran r = pusher::test::runProcess(
            QStringLiteral(PUSHER_MPIRUN),
            {QStringLiteral("-n"), QStringLiteral("2"), QStringLiteral("--oversubscribe"),
             QStringLiteral("--bind-to"), QStringLiteral("none"), QStringLiteral("sh"),
             QStringLiteral("-c"), script, QStringLiteral(PUSHER_CLI_PATH), QStringLiteral("run"),
             scenario, QStringLiteral("--json"), json},
            mpiEnvironment(), 60000);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(scenario + QStringLiteral(": workers[0].target.url: "
                                                          "http://127.0.0.1:1/x is on the loopback "
                                                          "of the host that calls it, but "
                                                          "elsewhere.invalid (rank 1; rank 0 is "
                                                          "on ")),
                 qPrintable(r.err));
        QCOMPARE(r.err.count(QStringLiteral("is another host")), 1); // said once, by rank 0
        QVERIFY(!QFile::exists(json));
    }

    // pusher-cli run --mpi starts mpirun as the scenario's "distributed" key says. What only
    // the ranks would find is said before mpirun starts (here it would have recorded that it
    // ran); and a Ctrl-C to pusher-cli stops the run at once: it reaches pusher-cli only
    // (mpirun has a process group of its own) and is passed on as SIGUSR1, which mpirun
    // forwards to every rank at once, rank 0 writes the merged results, and mpirun, told not
    // to wait before it ends a job, exits. A SIGINT to mpirun itself takes 2 s
    // (sigintToMpirunWritesMergedResults): it forwards SIGTERM after a second and ends a
    // second later.
    // --mpi without an mpirun: exit 3 with what to do. When PUSHER_MPIRUN names what is not
    // there, the line says so, not to install OpenMPI (which would not help).
    void mpirunMissingSaysWhatToDo_data() {
        QTest::addColumn<bool>("named");
        QTest::addColumn<QString>("says");
        QTest::newRow("not on PATH") << false
                                     << QStringLiteral("--mpi: mpirun was not found on PATH: "
                                                       "install OpenMPI (Debian: apt-get install "
                                                       "openmpi-bin)\n");
        QTest::newRow("PUSHER_MPIRUN") << true
                                       << QStringLiteral("--mpi: PUSHER_MPIRUN names "
                                                         "/nonexistent/mpirun, which is not a "
                                                         "program that can run: point it at "
                                                         "OpenMPI's mpirun, or unset it to use the "
                                                         "one on PATH\n");
    }
    void mpirunMissingSaysWhatToDo() {
        QFETCH(bool, named);
        QFETCH(QString, says);
        QTemporaryDir dir; // also the PATH without mpirun
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), R"({
  "version": 1, "duration": "1s",
  "workers": [ { "ident": "w", "target": { "kind": "synthetic", "latency": { "distribution": "fixed", "value": "1ms" } },
                 "rate": { "rps": 10 } } ]
})");
        QProcessEnvironment env = mpiEnvironment();
        if (named) {
            env.insert(QStringLiteral("PUSHER_MPIRUN"), QStringLiteral("/nonexistent/mpirun"));
        } else {
            env.remove(QStringLiteral("PUSHER_MPIRUN"));
            env.insert(QStringLiteral("PATH"), dir.path());
        }
        Ran r = pusher::test::runProcess(QStringLiteral(PUSHER_CLI_PATH),
                                         {QStringLiteral("run"), scenario, QStringLiteral("--mpi")},
                                         env);
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.endsWith(says), qPrintable(r.err));
    }

    void mpiOptionChecksFirstAndStopsAtOnce() {
        QTemporaryDir dir;
        writeFile(dir, QStringLiteral("rows.csv"), "id\n0\n1\n");
        const QString marker = dir.filePath(QStringLiteral("mpirun-ran"));
        const QString fake =
            writeFile(dir, QStringLiteral("mpirun"),
                      QStringLiteral("#!/bin/sh\ntouch '%1'\n").arg(marker).toUtf8());
        QVERIFY(
            QFile::setPermissions(fake, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        QProcessEnvironment env = mpiEnvironment();
        env.insert(QStringLiteral("PUSHER_MPIRUN"), fake);
        const QString rows = writeFile(dir, QStringLiteral("rows.json"), R"({
  "version": 1, "duration": "1s",
  "workers": [ { "ident": "api", "target": { "kind": "http", "url": "http:\/\/127.0.0.1:1/x?id=${id}" },
                 "data": { "file": "rows.csv" }, "rate": { "rps": 30 } } ],
  "distributed": { "ranks": 3 }
})");
        Ran refused =
            pusher::test::runProcess(QStringLiteral(PUSHER_CLI_PATH),
                                     {QStringLiteral("run"), rows, QStringLiteral("--mpi")}, env);
        QCOMPARE(refused.code, 2);
        QVERIFY2(refused.err.contains(rows + QStringLiteral(": workers[0].data.file: ") +
                                      dir.filePath(QStringLiteral("rows.csv")) +
                                      QStringLiteral(": 2 row(s) for 3 ranks")),
                 qPrintable(refused.err));
        QVERIFY(!QFile::exists(marker));
        // One --rank-json file for the 3 ranks: said as under mpirun, before it.
        Ran shared = pusher::test::runProcess(QStringLiteral(PUSHER_CLI_PATH),
                                              {QStringLiteral("run"), rows, QStringLiteral("--mpi"),
                                               QStringLiteral("--rank-json"),
                                               dir.filePath(QStringLiteral("rank.json"))},
                                              env);
        QCOMPARE(shared.code, 2);
        QVERIFY2(shared.err.contains(QStringLiteral("has no {rank}: every rank would write the "
                                                    "same file")),
                 qPrintable(shared.err));
        QVERIFY(!QFile::exists(marker));
        // An output that cannot be written, every rank on this machine: said before mpirun, as
        // a run without --mpi says it (the ranks said it, then mpirun its banner of a job
        // aborted). A --rank-json's folder too, for each rank.
        const QString fine = writeFile(dir, QStringLiteral("fine.json"), R"({
  "version": 1, "duration": "1s",
  "workers": [ { "ident": "w", "target": { "kind": "synthetic" }, "rate": { "rps": 30 } } ],
  "distributed": { "ranks": 2 }
})");
        const QString missing = dir.filePath(QStringLiteral("no-such-folder"));
        const QList<QStringList> unwritable{
            {QStringLiteral("--json"), missing + QStringLiteral("/r.json")},
            {QStringLiteral("--html"), missing + QStringLiteral("/r.html")},
            {QStringLiteral("--rank-json"), missing + QStringLiteral("/r.{rank}.json")},
        };
        for (const QStringList& option : unwritable) {
            Ran early = pusher::test::runProcess(
                QStringLiteral(PUSHER_CLI_PATH),
                QStringList{QStringLiteral("run"), fine, QStringLiteral("--mpi")} + option, env);
            QVERIFY2(early.code == 3, qPrintable(QString::number(early.code) + early.err));
            QVERIFY2(early.err.startsWith(missing + QStringLiteral("/r.")) &&
                         early.err.contains(QStringLiteral(": cannot write: ") + missing +
                                            QStringLiteral(": No such file or directory (checked "
                                                           "before the run: nothing was run)\n")),
                     qPrintable(early.err));
            QVERIFY2(!early.err.contains(QStringLiteral("starting ")), qPrintable(early.err));
            QVERIFY(!QFile::exists(marker));
        }

        QByteArray text = kSynthetic;
        text.replace("\"1s\"", "\"1h\"")
            .replace("\"thresholds\"", "\"distributed\": { \"ranks\": 3 }, \"thresholds\"");
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), text);
        const QString json = dir.filePath(QStringLiteral("r.json"));
        QProcess p;
        p.setProcessEnvironment(mpiEnvironment());
        p.start(QStringLiteral(PUSHER_CLI_PATH),
                {QStringLiteral("run"), scenario, QStringLiteral("--mpi"), QStringLiteral("--json"),
                 json});
        QVERIFY(p.waitForStarted());
        QByteArray output;
        QTRY_VERIFY_WITH_TIMEOUT((output += p.readAllStandardOutput()).contains("running"), 30000);
        // The load starts 300 ms after "running": wait for a merged interval with calls done.
        QTRY_VERIFY_WITH_TIMEOUT(streamedCompleted(json) > 0, 30000);
        QElapsedTimer stop;
        stop.start();
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(30000));
        const qint64 stoppedMs = stop.elapsed();
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 4); // interrupted, results written
        QString why;
        auto results = pusher::RunResults::load(json, &why);
        QVERIFY2(results, qPrintable(why + err));
        QCOMPARE(results->parts.size(), 3);
        QVERIFY(results->interrupted);
        QVERIFY(results->total.completed > 0);
        std::uint64_t sum = 0;
        for (const auto& part : results->parts)
            sum += part.ticks;
        QCOMPARE(sum, results->total.ticks);
        qInfo("Ctrl-C to pusher-cli run --mpi: %lld ms until it exited", stoppedMs);
        // The stop went by SIGUSR1, which mpirun forwarded: the checks above (exit 4, the
        // merged results of all 3 ranks) are what a SIGINT to mpirun would not give (its ranks
        // are SIGKILLed right after their SIGTERM, no merged results). How long: 110–290 ms
        // measured (the stop reaches mpirun within the 50 ms poll, the ranks stop and rank 0
        // writes the results by ~100 ms, MPI_Finalize and mpirun's end take the rest), also
        // with a load average of 9. The bound is the requirement's, with room for a loaded
        // CI machine: "Stop returns promptly", which the app counts on when it waits at most
        // 5 s for a run to end before it quits (gui.md). (It was 1.9 s, to tell this stop from
        // a SIGINT to mpirun by time alone.)
        QVERIFY2(stoppedMs < 5000, qPrintable(QString::number(stoppedMs) + err));

        // A Ctrl-C while mpirun is still starting the ranks: the stop is sent again until
        // mpirun ends (before, one sent while mpirun had no rank yet was lost, and the hour's
        // run went on), a rank takes it from its first instruction, and one that got it still
        // loading (and died of it, before any rank could start the run) is said as such.
        QFile::remove(json);
        QProcess early;
        early.setProcessEnvironment(mpiEnvironment());
        early.start(QStringLiteral(PUSHER_CLI_PATH),
                    {QStringLiteral("run"), scenario, QStringLiteral("--mpi"),
                     QStringLiteral("--json"), json});
        QVERIFY(early.waitForStarted());
        // mpirun is starting: pusher-cli has a child (it forks mpirun once its handlers are set).
        const auto startedMpirun = [&] {
            QFile children(QStringLiteral("/proc/%1/task/%1/children").arg(early.processId()));
            return children.open(QIODevice::ReadOnly) && !children.readAll().trimmed().isEmpty();
        };
        QTRY_VERIFY_WITH_TIMEOUT(startedMpirun(), 10000);
        ::kill(static_cast<pid_t>(early.processId()), SIGINT);
        QVERIFY2(early.waitForFinished(30000), "the stop was lost");
        const QString earlyErr = QString::fromUtf8(early.readAllStandardError());
        // Either way a stopped run: exit 4 and its results (stopWhileTheRanksLoadIsAStop).
        QVERIFY2(early.exitCode() == 4, qPrintable(QString::number(early.exitCode()) + earlyErr));
        results = pusher::RunResults::load(json, &why);
        QVERIFY2(results, qPrintable(why + earlyErr));
        QVERIFY(results->interrupted);
        if (earlyErr.contains(QStringLiteral("stopped while mpirun was starting the ranks")))
            QCOMPARE(results->total.completed, std::uint64_t(0)); // written by pusher-cli
        else
            QCOMPARE(results->parts.size(), 3); // rank 0's merged results
    }

    // A stop that mpirun dies of is still the stop. The real mpirun, now and then (1 early
    // stop in 40 here, and in CI: exit 3, "mpirun ended on a signal"), dies of SIGPIPE after a
    // stop that killed a rank still loading; the "mpirun" here dies so whenever it gets the
    // stop. Rank 0's results, when it wrote them (the run had begun), stand; when it did not,
    // the run stopped before it began (exit 4, the empty results of the time run) — an older
    // file at --json is not taken for rank 0's. Exit 4 either way, and what mpirun died of said.
    // And a stop returns even when mpirun hangs after it (as it did once, started with SIGPIPE
    // ignored): 10 s after the stop it is sent SIGTERM; rank 0's results stand (exit 4), and
    // without them nothing tells whether the run had begun: exit 3, the older file untouched.
    void aStopThatMpirunDiesOfIsAStop_data() {
        QTest::addColumn<bool>("rankZeroWrote");
        QTest::addColumn<bool>("hangs");
        QTest::addColumn<bool>("streamed");
        QTest::newRow("dies before rank 0 wrote results") << false << false << false;
        QTest::newRow("dies after rank 0 wrote results") << true << false << false;
        QTest::newRow("hangs before rank 0 wrote results") << false << true << false;
        QTest::newRow("hangs after rank 0 wrote results") << true << true << false;
        QTest::newRow("hangs before rank 0 wrote results, its stream there")
            << false << true << true;
    }

    void aStopThatMpirunDiesOfIsAStop() {
        QFETCH(bool, rankZeroWrote);
        QFETCH(bool, hangs);
        QFETCH(bool, streamed);
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("r.json"));
        const QString started = dir.filePath(QStringLiteral("started"));
        QString why;
        pusher::RunResults earlier; // an hour old: not this run's
        earlier.scenario = QStringLiteral("an earlier run");
        earlier.startedAt = QDateTime::currentDateTimeUtc().addSecs(-3600);
        earlier.total.completed = earlier.total.ok = 5;
        QVERIFY2(earlier.save(json, &why), qPrintable(why));
        {
            QFile old(json);
            QVERIFY(old.open(QIODevice::ReadWrite));
            QVERIFY(old.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-3600),
                                    QFileDevice::FileModificationTime));
        }
        QProcessEnvironment env = mpiEnvironment();
        env.insert(QStringLiteral("PUSHER_MPIRUN"), QStringLiteral(PUSHER_MPIRUN_DIES));
        env.insert(QStringLiteral("MPIRUN_FAKE_STARTED"), started);
        if (hangs)
            env.insert(QStringLiteral("MPIRUN_FAKE_HANG"), QStringLiteral("1"));
        if (streamed) {
            // Rank 0 began the run and streamed two intervals (the fake mpirun dates it now).
            const QByteArray line = "\",\"t\":0.25,\"dt\":0.25,\"ticks\":5,\"started\":5,"
                                    "\"canceled\":0,\"completed\":5,\"errors\":0,\"ok\":5}\n";
            QByteArray text = "{\"pusher_timeline\":1,\"scenario\":\"mpi synthetic\","
                              "\"started_at\":\"STARTED_AT\",\"interval_s\":0.25,"
                              "\"planned_s\":3600,\"thresholds\":[]}\n";
            for (const char* t : {"0.25", "0.5"}) {
                QByteArray farm = "{\"worker\":\"*" + line;
                QByteArray worker = "{\"worker\":\"think" + line;
                farm.replace("\"t\":0.25", QByteArray(QByteArray("\"t\":") + t));
                worker.replace("\"t\":0.25", QByteArray(QByteArray("\"t\":") + t));
                text += farm + worker;
            }
            const QString file = writeFile(dir, QStringLiteral("stream.jsonl"), text);
            env.insert(QStringLiteral("MPIRUN_FAKE_STREAM"), file);
        }
        if (rankZeroWrote) {
            pusher::RunResults rankZeros;
            rankZeros.scenario = QStringLiteral("mpi synthetic");
            rankZeros.startedAt = QDateTime::currentDateTimeUtc();
            rankZeros.interrupted = true;
            rankZeros.passed = false;
            rankZeros.total.completed = rankZeros.total.ok = 7;
            const QString written = dir.filePath(QStringLiteral("rank0.json"));
            QVERIFY2(rankZeros.save(written, &why), qPrintable(why));
            env.insert(QStringLiteral("MPIRUN_FAKE_RESULTS"), written);
        }
        QByteArray text = kSynthetic;
        text.replace("\"1s\"", "\"1h\"")
            .replace("\"thresholds\"", "\"distributed\": { \"ranks\": 2 }, \"thresholds\"");
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), text);
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(PUSHER_CLI_PATH),
                {QStringLiteral("run"), scenario, QStringLiteral("--mpi"), QStringLiteral("--json"),
                 json});
        QVERIFY(p.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(started), 15000);
        QElapsedTimer stop;
        stop.start();
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY2(p.waitForFinished(30000), "the stop was lost");
        const qint64 stoppedMs = stop.elapsed();
        const QString err = QString::fromUtf8(p.readAllStandardError());
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        const int expected = hangs && !rankZeroWrote && !streamed ? 3 : 4;
        QVERIFY2(p.exitCode() == expected,
                 qPrintable(QString::number(p.exitCode()) + QLatin1Char(' ') + err));
        const QString said = hangs ? QStringLiteral("--mpi: mpirun had not ended 10 s after the "
                                                    "stop: it was sent SIGTERM\n")
                                   : QStringLiteral("--mpi: mpirun ended on signal 13 (Broken "
                                                    "pipe) after the stop\n");
        QVERIFY2(err.contains(said), qPrintable(err));
        // 10 s and the 50 ms poll: not before, and not SIGKILL's 5 s more.
        if (hangs)
            QVERIFY2(stoppedMs >= 9900 && stoppedMs < 14900,
                     qPrintable(QString::number(stoppedMs)));
        const auto results = pusher::RunResults::load(json, &why);
        QVERIFY2(results, qPrintable(why));
        if (expected == 3) {
            QVERIFY2(err.contains(QStringLiteral("--mpi: no results: rank 0 had written none\n")),
                     qPrintable(err));
            QCOMPARE(results->scenario, QStringLiteral("an earlier run"));
            QCOMPARE(results->total.completed, std::uint64_t(5));
            return;
        }
        QVERIFY2(out.contains(QStringLiteral("INTERRUPTED")), qPrintable(out));
        QVERIFY(results->interrupted);
        QVERIFY(!results->passed);
        QCOMPARE(results->scenario, QStringLiteral("mpi synthetic"));
        if (streamed) {
            // Rebuilt from rank 0's stream, where "no results: rank 0 had written none" (exit 3)
            // left the older file: the run had begun, and its two intervals are kept.
            QVERIFY2(err.contains(QStringLiteral("recovered 0.50 s of the run")), qPrintable(err));
            QVERIFY(results->recovered);
            QCOMPARE(results->total.completed, std::uint64_t(10));
            QVERIFY(!QFile::exists(json + QStringLiteral(".timeline.jsonl")));
            return;
        }
        const bool nothingRun =
            err.contains(QStringLiteral("stopped while mpirun was starting the ranks"));
        QCOMPARE(nothingRun, !rankZeroWrote);
        QCOMPARE(results->total.completed, std::uint64_t(rankZeroWrote ? 7 : 0));
    }

    // A Ctrl-C the moment `run --mpi` says "starting mpirun …" is a stop like the others
    // (exit 4, results written): its handlers are set before that line. They were set just
    // after it, so a stop sent on seeing the line could find the default and kill pusher-cli
    // (and the mpirun it was about to start never ran, no results). Held in that moment: its
    // standard error is a full pipe, so the line's write blocks until the test lets it go.
    void aStopAsStartingShowsIsAStop() {
        QTemporaryDir dir;
        QByteArray text = kSynthetic;
        text.replace("\"1s\"", "\"20s\"")
            .replace("\"thresholds\"", "\"distributed\": { \"ranks\": 2 }, \"thresholds\"");
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), text);
        const QString json = dir.filePath(QStringLiteral("r.json"));
        int fds[2];
        QCOMPARE(::pipe2(fds, O_CLOEXEC), 0);
        const int readEnd = fds[0];
        const int writeEnd = fds[1];
        QProcess p;
        auto cleanup = qScopeGuard([&] {
            if (p.state() != QProcess::NotRunning) {
                p.kill();
                p.waitForFinished(10000);
            }
            ::close(readEnd);
            ::close(writeEnd);
        });
        { // fill the pipe: the first line pusher-cli writes to it blocks
            const int filler =
                ::open(QStringLiteral("/proc/self/fd/%1").arg(writeEnd).toLocal8Bit(),
                       O_WRONLY | O_NONBLOCK | O_CLOEXEC);
            QVERIFY(filler >= 0);
            const QByteArray chunk(4096, 'x');
            while (::write(filler, chunk.constData(), chunk.size()) > 0) {
            }
            ::close(filler);
        }
        p.setProcessEnvironment(mpiEnvironment());
        p.setStandardErrorFile(QProcess::nullDevice());
        p.setChildProcessModifier([writeEnd] { ::dup2(writeEnd, STDERR_FILENO); });
        p.start(QStringLiteral(PUSHER_CLI_PATH),
                {QStringLiteral("run"), scenario, QStringLiteral("--mpi"), QStringLiteral("--json"),
                 json});
        QVERIFY(p.waitForStarted());
        const auto pid = static_cast<pid_t>(p.processId());
        // Blocked writing to its standard error (fd 2): the "starting" line, its first.
        const auto writingToStderr = [pid] {
            QFile f(QStringLiteral("/proc/%1/syscall").arg(pid));
            if (!f.open(QIODevice::ReadOnly))
                return false;
            const QList<QByteArray> call = f.readAll().split(' ');
            return call.size() > 1 && call[0].toLong() == SYS_write && call[1] == "0x2";
        };
        QTRY_VERIFY_WITH_TIMEOUT(writingToStderr(), 15000);
        QFile children(QStringLiteral("/proc/%1/task/%1/children").arg(pid));
        QVERIFY(children.open(QIODevice::ReadOnly));
        QVERIFY2(children.readAll().trimmed().isEmpty(), "mpirun started before the line");
        ::kill(pid, SIGINT);
        // Then read the pipe (which lets the line go) until pusher-cli ends: what it and the
        // mpirun it starts write there must find a reader (mpirun, which Qt starts with
        // SIGPIPE's default, dies of a write to a pipe nobody reads: exit 3 in a clean root,
        // where mpirun says more on its standard error).
        QByteArray err;
        QElapsedTimer waited;
        waited.start();
        const auto drain = [&] {
            char buf[65536];
            pollfd ready{readEnd, POLLIN, 0};
            while (::poll(&ready, 1, 0) == 1 && (ready.revents & POLLIN)) {
                const ssize_t n = ::read(readEnd, buf, sizeof buf);
                if (n <= 0)
                    break;
                err.append(buf, n);
            }
        };
        while (!p.waitForFinished(20) && waited.elapsed() < 30000)
            drain();
        drain();
        while (err.startsWith('x'))
            err.remove(0, 1); // the filler
        QVERIFY2(p.state() == QProcess::NotRunning, "the stop was lost");
        QCOMPARE(p.exitStatus(), QProcess::NormalExit); // not killed by the SIGINT
        QVERIFY2(p.exitCode() == 4, qPrintable(QString::number(p.exitCode()) + QLatin1Char(' ') +
                                               QString::fromUtf8(err)));
        QString why;
        const auto results = pusher::RunResults::load(json, &why);
        QVERIFY2(results, qPrintable(why + QString::fromUtf8(err)));
        QVERIFY(results->interrupted);
    }

    // A Ctrl-C while the ranks still load (each rank here sleeps 3 s before it execs
    // pusher-cli: the "mpirun" below puts a slow rank in its place): a rank dies of the
    // stop before any can start the run. That is a stop like any other, as the app has it
    // (tst_mpiapp stopWhileTheRanksLoadIsAStop): exit 4, the results written — interrupted,
    // not passed, no calls — where it exited 130 with none, so a script that reads --json
    // after exit 4 found nothing (or an earlier run's file).
    void stopWhileTheRanksLoadIsAStop() {
        QTemporaryDir dir;
        const QString slow = writeFile(
            dir, QStringLiteral("slow-pusher-cli"),
            QStringLiteral(
                "#!/bin/sh\n: >'%1'.$OMPI_COMM_WORLD_RANK\nsleep 3 </dev/null >/dev/null "
                "2>&1\nexec '%2' \"$@\"\n")
                .arg(dir.filePath(QStringLiteral("sleeping")), QStringLiteral(PUSHER_CLI_PATH))
                .toUtf8());
        const QString wrapper = writeFile(
            dir, QStringLiteral("mpirun"),
            QStringLiteral("#!/bin/sh\nfor a; do shift; case \"$a\" in */pusher-cli) set -- \"$@\" "
                           "'%1' ;; *) set -- \"$@\" \"$a\" ;; esac; done\nexec '%2' \"$@\"\n")
                .arg(slow, QStringLiteral(PUSHER_MPIRUN))
                .toUtf8());
        for (const QString& script : {slow, wrapper})
            QVERIFY(QFile::setPermissions(script,
                                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        QByteArray text = kSynthetic;
        text.replace("\"1s\"", "\"1h\"")
            .replace("\"thresholds\"", "\"distributed\": { \"ranks\": 2 }, \"thresholds\"");
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), text);
        const QString json = dir.filePath(QStringLiteral("r.json"));
        const QString csv = dir.filePath(QStringLiteral("r.csv"));
        const QString html = dir.filePath(QStringLiteral("r.html"));
        QProcessEnvironment env = mpiEnvironment();
        env.insert(QStringLiteral("PUSHER_MPIRUN"), wrapper);
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(PUSHER_CLI_PATH),
                {QStringLiteral("run"), scenario, QStringLiteral("--mpi"), QStringLiteral("--json"),
                 json, QStringLiteral("--csv"), csv, QStringLiteral("--html"), html});
        QVERIFY(p.waitForStarted());
        QByteArray err;
        QTRY_VERIFY_WITH_TIMEOUT((err += p.readAllStandardError()).contains("starting "), 10000);
        // mpirun has started the ranks, which sleep: each has said so in its file.
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(dir.filePath(QStringLiteral("sleeping.0"))) &&
                                     QFile::exists(dir.filePath(QStringLiteral("sleeping.1"))),
                                 30000);
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY2(p.waitForFinished(30000), "the stop was lost");
        err += p.readAllStandardError();
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(err.contains("exited on signal 10"), err.constData()); // how mpirun ended
        QVERIFY2(err.contains("stopped while mpirun was starting the ranks: nothing was run\n"),
                 err.constData());
        QCOMPARE(p.exitCode(), 4);
        QVERIFY2(out.endsWith(QStringLiteral("INTERRUPTED: the results cover the time run\n")),
                 qPrintable(out));
        QString why;
        const auto results = pusher::RunResults::load(json, &why);
        QVERIFY2(results, qPrintable(why));
        QVERIFY(results->interrupted);
        QVERIFY(!results->passed);
        QCOMPARE(results->scenario, QStringLiteral("mpi synthetic"));
        QCOMPARE(results->total.completed, std::uint64_t(0));
        QVERIFY(results->timeline.isEmpty());
        QVERIFY(results->startedAt.isValid());
        QVERIFY(QFileInfo(csv).size() > 0);
        QVERIFY(QFileInfo(html).size() > 0);
        // As a results file of a run: report reads it.
        const Ran report = pusher::test::runProcess(QStringLiteral(PUSHER_CLI_PATH),
                                                    {QStringLiteral("report"), json});
        QVERIFY2(report.code == 0, qPrintable(report.err));
    }

    // pusher-cli run --mpi starts mpirun with SIGUSR1 ignored: mpirun's handler forwards the
    // stop while the job runs and, when it ends the job, restores the disposition it found —
    // the default, fatal, before: the stop sent again every 250 ms then killed mpirun, and a
    // Ctrl-C whose ranks took over 250 ms to end exited 3 ("mpirun ended on a signal"), its
    // results written (1 stop in 4 on this VM). The "mpirun" here records what it got.
    void mpirunStartsWithTheStopIgnored() {
        QTemporaryDir dir;
        const QString mark = dir.filePath(QStringLiteral("signals"));
        const QString fake = dir.filePath(QStringLiteral("mpirun"));
        QVERIFY(pusher::test::writeSignalRecordingMpirun(fake, mark));
        QProcessEnvironment env = mpiEnvironment();
        env.insert(QStringLiteral("PUSHER_MPIRUN"), fake);
        QByteArray text = kSynthetic;
        text.replace("\"thresholds\"", "\"distributed\": { \"ranks\": 2 }, \"thresholds\"");
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), text);
        const Ran ran = pusher::test::runProcess(
            QStringLiteral(PUSHER_CLI_PATH),
            {QStringLiteral("run"), scenario, QStringLiteral("--mpi")}, env);
        QVERIFY2(ran.code == 0, qPrintable(ran.err));
        const pusher::test::RecordedSignals got = pusher::test::recordedSignals(mark);
        QVERIFY2(got.ok, got.line.constData());
        QVERIFY2(got.ignores(SIGUSR1), got.line.constData());
    }

    // mpirun's output into a pipe (a CI log): rank 0's progress is plain lines, as a single
    // run's is, not lines redrawn in place with carriage returns and escapes (mpirun gives
    // its ranks a pseudo-terminal whatever its own stdout is, so isatty() said yes).
    void progressIntoALogIsPlainLines() {
        QTemporaryDir dir;
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), kSynthetic);
        Ran r = mpirun(2, {QStringLiteral("run"), scenario});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("/ 1s] rps")), qPrintable(r.out));
        QVERIFY2(!r.out.contains(QLatin1Char('\r')), qPrintable(r.out));
        QVERIFY2(!r.out.contains(QStringLiteral("\x1b[K")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("\npassed\n")), qPrintable(r.out));
    }

    // mpirun on a terminal (script gives it one): rank 0 redraws the merged progress in
    // place, each line a whole interval's — never the last, partial one, whose rate is not
    // the run's (it ended the progress on "rps 0" before).
    void progressOnATerminalEndsOnAWholeInterval() {
        if (QStandardPaths::findExecutable(QStringLiteral("script")).isEmpty() ||
            pusher::test::runProcess(QStringLiteral("script"),
                                     {QStringLiteral("-q"), QStringLiteral("-e"),
                                      QStringLiteral("-c"), QStringLiteral("true"),
                                      QStringLiteral("/dev/null")})
                    .code != 0)
            QSKIP("no script(1), or no pseudo-terminal, to give mpirun a terminal");
        QTemporaryDir dir;
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), kSynthetic);
        QStringList command{QStringLiteral(PUSHER_MPIRUN)};
        command += mpirunArgs(2, {QStringLiteral("run"), scenario});
        Ran r = pusher::test::runProcess(QStringLiteral("script"),
                                         {QStringLiteral("-q"), QStringLiteral("-e"),
                                          QStringLiteral("-c"), command.join(QLatin1Char(' ')),
                                          QStringLiteral("/dev/null")},
                                         mpiEnvironment(), 90000);
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        const QStringList lines = r.out.split(QRegularExpression(QStringLiteral("[\\r\\n]+")));
        QStringList progress =
            lines.filter(QRegularExpression(QStringLiteral("^\\[.* / 1s\\] rps")));
        QVERIFY2(progress.size() >= 2, qPrintable(r.out)); // redrawn in place: several
        for (const QString& line : std::as_const(progress))
            QVERIFY2(!line.contains(QRegularExpression(QStringLiteral("rps +0 "))),
                     qPrintable(line));
    }

    // The shipped demo scenario (sandbox URLs) runs distributed and merges.
    void shippedDemoRuns() {
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("r.json"));
        Ran r = mpirun(3, {QStringLiteral("run"),
                           QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/demo.json"),
                           QStringLiteral("--duration"), QStringLiteral("2s"),
                           QStringLiteral("--rps-scale"), QStringLiteral("0.2"),
                           QStringLiteral("--json"), json, QStringLiteral("--quiet")});
        QVERIFY2(r.code == 0 || r.code == 1, qPrintable(r.out + r.err)); // thresholds may fail
        auto results = pusher::RunResults::load(json);
        QVERIFY(results);
        QCOMPARE(results->parts.size(), 3);
        QVERIFY(results->total.completed > 0);
        QVERIFY(!results->thresholds.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMpi)
#include "tst_mpi.moc"
