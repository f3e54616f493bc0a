#include "../http/nginx.h"
#include "../process.h"

#include <pusher/results.h>

#include <QDir>
#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace std::chrono_literals;

namespace {

using pusher::test::Ran;
using pusher::test::writeFile;

Ran cli(const QStringList& args, int timeoutMs = 60000) {
    return pusher::test::runProcess(QStringLiteral(PUSHER_CLI_PATH), args,
                                    QProcessEnvironment::systemEnvironment(), timeoutMs);
}

const QByteArray kShort = R"({
  "version": 1,
  "name": "cli smoke",
  "duration": "1s",
  "workers": [
    { "ident": "think", "target": { "kind": "synthetic", "latency": { "distribution": "fixed", "value": "1ms" } },
      "rate": { "rps": 100 } }
  ],
  "thresholds": [ "p99 < 5s", "error_rate < 1%" ]
})";

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void usage() {
        Ran r = cli({});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QStringLiteral("usage")));
        QCOMPARE(cli({QStringLiteral("frobnicate")}).code, 2);
    }

    // --version answers; each command's --help names it as the user typed it (Qt alone would
    // print the executable's full path); the man page is made from these texts.
    void versionAndCommandHelp() {
        Ran v = cli({QStringLiteral("--version")});
        QCOMPARE(v.code, 0);
        QVERIFY2(v.out.startsWith(QStringLiteral("pusher-cli ")), qPrintable(v.out));
        for (const char* command : {"run", "validate", "format", "sandbox", "report"}) {
            Ran h = cli({QString::fromLatin1(command), QStringLiteral("--help")});
            QCOMPARE(h.code, 0);
            const QString want =
                QStringLiteral("Usage: pusher-cli ") + QString::fromLatin1(command);
            QVERIFY2(h.out.startsWith(want), qPrintable(h.out));
        }
    }

    void validateOk() {
        QTemporaryDir dir;
        Ran r = cli({QStringLiteral("validate"), writeFile(dir, QStringLiteral("s.json"), kShort)});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, QStringLiteral("ok\n"));
    }

    void validateListsEveryProblem() {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("bad.json"), R"({
  "version": 1, "duration": "1s",
  "workers": [
    { "ident": "a", "target": { "kind": "htp" }, "rate": { "rps": 10 } },
    { "ident": "b", "target": { "kind": "synthetic" }, "rate": { "rps": -5 } }
  ]
})");
        Ran r = cli({QStringLiteral("validate"), path});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("workers[0].target.kind")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("workers[1].rate.rps")), qPrintable(r.err));
    }

    void validateBrokenJsonHasLineAndColumn() {
        QTemporaryDir dir;
        Ran r = cli(
            {QStringLiteral("validate"), writeFile(dir, QStringLiteral("broken.json"),
                                                   "{\n  \"version\": 1,\n  \"name\" \"x\"\n}\n")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("line 3")), qPrintable(r.err));
    }

    void runWritesResultsAndExports() {
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("r.json"));
        const QString csv = dir.filePath(QStringLiteral("r.csv"));
        const QString html = dir.filePath(QStringLiteral("r.html"));
        Ran r = cli({QStringLiteral("run"), writeFile(dir, QStringLiteral("s.json"), kShort),
                     QStringLiteral("--json"), json, QStringLiteral("--csv"), csv,
                     QStringLiteral("--html"), html});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains(QStringLiteral("think")));
        QVERIFY(r.out.contains(QStringLiteral("threshold PASS")));
        QVERIFY(r.out.contains(QStringLiteral("passed")));
        QString why;
        auto results = pusher::RunResults::load(json, &why);
        QVERIFY2(results.has_value(), qPrintable(why));
        QVERIFY(results->total.completed >= 90);
        QCOMPARE(results->scenario, QStringLiteral("cli smoke"));
        QVERIFY(results->passed);
        QVERIFY(QFile(csv).size() > 50);
        QVERIFY(QFile(html).size() > 500);
        QVERIFY(!QFile::exists(json + QStringLiteral(".timeline.jsonl")));
        // plain periodic lines when stdout is not a terminal: no carriage returns
        QVERIFY(!r.out.contains(QLatin1Char('\r')));
    }

    void failedThresholdExitsOne() {
        QTemporaryDir dir;
        QByteArray text = kShort;
        text.replace("p99 < 5s", "p99 < 1us");
        Ran r = cli({QStringLiteral("run"), writeFile(dir, QStringLiteral("s.json"), text),
                     QStringLiteral("--quiet")});
        QCOMPARE(r.code, 1);
    }

    void durationAndScaleOptions() {
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("r.json"));
        Ran r = cli({QStringLiteral("run"), writeFile(dir, QStringLiteral("s.json"), kShort),
                     QStringLiteral("--duration"), QStringLiteral("500ms"),
                     QStringLiteral("--rps-scale"), QStringLiteral("4"), QStringLiteral("--json"),
                     json, QStringLiteral("--quiet")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        auto results = pusher::RunResults::load(json);
        QVERIFY(results);
        // 400 rps for 0.5 s
        QVERIFY2(results->total.ticks > 150 && results->total.ticks < 260,
                 qPrintable(QString::number(results->total.ticks)));
        QCOMPARE(cli({QStringLiteral("run"), writeFile(dir, QStringLiteral("s.json"), kShort),
                      QStringLiteral("--duration"), QStringLiteral("soon")})
                     .code,
                 2);
    }

    void sigintStopsAndStillWritesResults() {
        QTemporaryDir dir;
        QByteArray text = kShort;
        text.replace("\"1s\"", "\"1h\"");
        const QString json = dir.filePath(QStringLiteral("r.json"));
        QProcess p;
        p.start(QStringLiteral(PUSHER_CLI_PATH),
                {QStringLiteral("run"), writeFile(dir, QStringLiteral("s.json"), text),
                 QStringLiteral("--json"), json});
        QVERIFY(p.waitForStarted());
        QTest::qWait(1500);
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(10000));
        auto results = pusher::RunResults::load(json);
        QVERIFY(results);
        QVERIFY(results->durationS > 0.5 && results->durationS < 30);
        QVERIFY(results->total.completed > 50);
    }

    void formatPrintsCanonicalJson() {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("s.json"), kShort);
        Ran r = cli({QStringLiteral("format"), path});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith(QStringLiteral("{\n  \"version\": 1,\n")));
        QCOMPARE(cli({QStringLiteral("format"), path, QStringLiteral("--in-place")}).code, 0);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()), r.out);
    }

    // Every scenario shipped in resources/ runs, briefly and at a fifth of its rate.
    void shippedScenariosRun_data() {
        QTest::addColumn<QString>("path");
        QDirIterator it(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios"),
                        {QStringLiteral("*.json")});
        while (it.hasNext()) {
            const QString path = it.next();
            QTest::newRow(qPrintable(QFileInfo(path).fileName())) << path;
        }
    }
    void shippedScenariosRun() {
        QFETCH(QString, path);
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("r.json"));
        Ran r = cli({QStringLiteral("run"), path, QStringLiteral("--duration"),
                     QStringLiteral("1500ms"), QStringLiteral("--rps-scale"), QStringLiteral("0.2"),
                     QStringLiteral("--json"), json});
        // 0 or 1: a threshold may fail on a loaded machine; the run itself must work.
        QVERIFY2(r.code == 0 || r.code == 1, qPrintable(r.out + r.err));
        auto results = pusher::RunResults::load(json);
        QVERIFY(results);
        QVERIFY(results->total.completed > 0);
        QCOMPARE(results->total.ticks, results->total.started + results->total.canceled);
        QCOMPARE(results->total.completed, results->total.ok + results->total.errors);
        QVERIFY(!results->thresholds.isEmpty());
    }

    void runAgainstTheSandbox() {
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("r.json"));
        Ran r = cli({QStringLiteral("run"), writeFile(dir, QStringLiteral("s.json"), R"({
  "version": 1, "duration": "1s",
  "workers": [ { "ident": "api", "target": { "kind": "http", "url": "http:\/\/sandbox/x?status=503" }, "rate": { "rps": 50 } } ],
  "thresholds": [ "error_rate < 1%" ]
})"),
                     QStringLiteral("--json"), json});
        QCOMPARE(r.code, 1); // every call is a 503: the threshold fails
        QVERIFY2(r.out.contains(QStringLiteral("sandbox at http://127.0.0.1:")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("http_503")));
        auto results = pusher::RunResults::load(json);
        QVERIFY(results);
        QVERIFY(results->total.completed >= 40);
        QCOMPARE(results->total.errorsByKind.value(QStringLiteral("http_503")),
                 results->total.completed);
        QVERIFY(!results->passed);
    }

    void runAgainstNginx() {
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
        const QString json = dir.filePath(QStringLiteral("r.json"));
        const QString url = QStringLiteral("http://127.0.0.1:%1/").arg(nginx.port());
        Ran r = cli({QStringLiteral("run"), writeFile(dir, QStringLiteral("s.json"), R"({
  "version": 1, "duration": "1s",
  "workers": [ { "ident": "api", "target": { "kind": "http", "url": "http:\/\/127.0.0.1:1/" }, "rate": { "rps": 200 } } ],
  "thresholds": [ "error_rate < 1%", "api.rps > 100" ]
})"),
                     QStringLiteral("--url"), url, QStringLiteral("--json"), json,
                     QStringLiteral("--quiet")});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
        for (const char* key : {"version", "scenario", "started_at", "duration_s", "interval_s",
                                "passed", "thresholds", "total", "workers", "timeline"})
            QVERIFY2(o.contains(QLatin1String(key)), key);
        auto results = pusher::RunResults::fromJson(o);
        QCOMPARE(results.total.errors, std::uint64_t(0));
        QVERIFY2(results.total.ok >= 180 && results.total.ok <= 202,
                 qPrintable(QString::number(results.total.ok)));
        // nginx itself counted every request we sent, exactly: plus the probe Nginx::start
        // sends to see it is up, and this status request
        const QByteArray status =
            testing::rawRequest(nginx.port(), "GET /nginx_status HTTP/1.0\r\n\r\n");
        const auto m = QRegularExpression(QStringLiteral("\\n\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)"))
                           .match(QString::fromLatin1(status));
        QVERIFY2(m.hasMatch(), status.constData());
        QCOMPARE(m.captured(3).toULongLong(), results.total.ok + 2);
    }

    void sandboxServes() {
        QProcess p;
        p.start(QStringLiteral(PUSHER_CLI_PATH), {QStringLiteral("sandbox")});
        QVERIFY(p.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(p.canReadLine(), 10000);
        const QString line = QString::fromUtf8(p.readLine());
        auto m = QRegularExpression(QStringLiteral("^listening on http://127\\.0\\.0\\.1:(\\d+)"))
                     .match(line);
        QVERIFY2(m.hasMatch(), qPrintable(line));
        QTcpSocket s;
        s.connectToHost(QStringLiteral("127.0.0.1"), m.captured(1).toUShort());
        QVERIFY(s.waitForConnected(5000));
        s.write("GET /?status=418 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QVERIFY(s.waitForReadyRead(5000));
        QVERIFY(s.readAll().startsWith("HTTP/1.1 418"));
        ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
    }

    void reportAndCompare() {
        QTemporaryDir dir;
        const QString a = dir.filePath(QStringLiteral("a.json"));
        const QString b = dir.filePath(QStringLiteral("b.json"));
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), kShort);
        QCOMPARE(
            cli({QStringLiteral("run"), scenario, QStringLiteral("--json"), a,
                 QStringLiteral("--quiet"), QStringLiteral("--duration"), QStringLiteral("300ms")})
                .code,
            0);
        QCOMPARE(
            cli({QStringLiteral("run"), scenario, QStringLiteral("--json"), b,
                 QStringLiteral("--quiet"), QStringLiteral("--duration"), QStringLiteral("300ms")})
                .code,
            0);
        const QString html = dir.filePath(QStringLiteral("cmp.html"));
        Ran r = cli({QStringLiteral("report"), b, QStringLiteral("--compare"), a,
                     QStringLiteral("--html"), html});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(!r.out.isEmpty());
        QVERIFY(QFile(html).size() > 500);
        Ran summary = cli({QStringLiteral("report"), a});
        QCOMPARE(summary.code, 0);
        QVERIFY(summary.out.contains(QStringLiteral("think")));
        Ran missing = cli({QStringLiteral("report"), dir.filePath(QStringLiteral("nope.json"))});
        QCOMPARE(missing.code, 2);
        QVERIFY(missing.err.contains(QStringLiteral("nope.json")));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
