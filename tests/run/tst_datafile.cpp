// Data files in real runs: an http worker's calls carry ${column} values of a CSV file's rows
// to the sandbox, which records what it received (record=VALUE).
#include <pusher/run/scenariorun.h>
#include <pusher/targets/sandbox.h>

#include <QElapsedTimer>
#include <QFile>
#include <QMap>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include "captureserver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

using namespace pusher;
using namespace std::chrono_literals;

namespace {

Scenario parse(const QByteArray& json) {
    ScenarioParse p = Scenario::fromJson(json);
    for (const auto& problem : p.problems)
        qWarning("%s", qPrintable(problem.toString()));
    return p.scenario;
}

// scenario is one http worker at `rps` for `duration` whose URL records `record` (a template).
Scenario scenario(const QString& url, const QString& file, const QString& mode, int rps,
                  const QString& duration = QStringLiteral("1s")) {
    return parse(QStringLiteral(R"({
  "version": 1, "duration": "%1",
  "workers": [ { "ident": "api", "target": { "kind": "http", "url": "%2" },
                 "data": { "file": "%3", "mode": "%4" }, "rate": { "rps": %5 } } ]
})")
                     .arg(duration, url, file, mode)
                     .arg(rps)
                     .toUtf8());
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& text) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

QString writeMillionRows(const QTemporaryDir& dir) {
    QByteArray text = "id,email\n";
    text.reserve(30'000'000);
    for (int i = 0; i < 1'000'000; ++i)
        text += QByteArray::number(i) + ",user" + QByteArray::number(i) + "@example.test\n";
    return writeFile(dir, QStringLiteral("million.csv"), text);
}

QStringList recorded(const SandboxServer& sandbox) {
    QStringList out;
    for (const std::string& v : sandbox.recorded())
        out.append(QString::fromStdString(v));
    return out;
}

RunResults runToEnd(const Scenario& s, QList<Problem>* problems = nullptr,
                    RunOptions options = {}) {
    ScenarioRun run(s, options);
    const QList<Problem> p = run.prepare();
    if (problems)
        *problems = p;
    if (!p.isEmpty())
        return {};
    if (!run.start() || !run.wait(60s))
        qFatal("the run did not finish");
    return run.results();
}

} // namespace

class TestDataFile : public QObject {
    Q_OBJECT
private slots:
    void init() {
        QVERIFY2(m_sandbox.start(0, 2), qPrintable(m_sandbox.errorString()));
        QVERIFY(m_dir.isValid());
        m_three =
            writeFile(m_dir, QStringLiteral("three.csv"), "user,n\nann,1\nbob,2\n\"c d\",3\n");
    }
    void cleanup() { m_sandbox.stop(); }

    // Sequential: the rows in order, wrapping around: each row used equally often (±1), and
    // every call carried a row's values (URL path, query, header and body all filled).
    void sequentialWrapsAround() {
        const RunResults r =
            runToEnd(scenario(m_sandbox.url() + QStringLiteral("/u/${n}?record=${user}-${n}"),
                              m_three, QStringLiteral("sequential"), 90));
        QVERIFY(r.total.completed > 60);
        QCOMPARE(r.total.errors, std::uint64_t(0));
        const QStringList seen = recorded(m_sandbox);
        QCOMPARE(std::uint64_t(seen.size()), r.total.completed);
        QMap<QString, int> counts;
        for (const QString& v : seen)
            ++counts[v];
        // The space of "c d" is percent-encoded in the URL.
        QCOMPARE(counts.keys(), (QStringList{QStringLiteral("ann-1"), QStringLiteral("bob-2"),
                                             QStringLiteral("c%20d-3")}));
        const auto [lo, hi] = std::minmax_element(counts.begin(), counts.end());
        QVERIFY2(*hi - *lo <= 1, qPrintable(QStringLiteral("%1 vs %2").arg(*lo).arg(*hi)));
    }

    void randomPicksRowsOfTheFile() {
        const RunResults r = runToEnd(scenario(m_sandbox.url() + QStringLiteral("/?record=${user}"),
                                               m_three, QStringLiteral("random"), 120));
        QCOMPARE(r.total.errors, std::uint64_t(0));
        const QStringList seen = recorded(m_sandbox);
        QVERIFY(seen.size() > 80);
        QMap<QString, int> counts;
        for (const QString& v : seen)
            ++counts[v];
        QCOMPARE(counts.keys(), (QStringList{QStringLiteral("ann"), QStringLiteral("bob"),
                                             QStringLiteral("c%20d")}));
        for (int n : counts)
            QVERIFY2(n > seen.size() / 10, qPrintable(QString::number(n))); // about a third each
    }

    // Unique: each row once; then every call fails with kind rows_exhausted, sends nothing,
    // and says so.
    void uniqueRunsOutClearly() {
        const RunResults r = runToEnd(scenario(m_sandbox.url() + QStringLiteral("/?record=${user}"),
                                               m_three, QStringLiteral("unique"), 40));
        const QStringList seen = recorded(m_sandbox);
        QCOMPARE(seen.size(), 3);
        QCOMPARE(
            QSet<QString>(seen.begin(), seen.end()),
            (QSet<QString>{QStringLiteral("ann"), QStringLiteral("bob"), QStringLiteral("c%20d")}));
        QCOMPARE(m_sandbox.requestCount(), quint64(3));
        QCOMPARE(r.total.ok, std::uint64_t(3));
        QVERIFY(r.total.errors > 20);
        QCOMPARE(r.total.errorsByKind.value(QStringLiteral("rows_exhausted")), r.total.errors);
        QCOMPARE(r.total.errorSamples.value(QStringLiteral("rows_exhausted")).value(0),
                 QStringLiteral("rows exhausted: all 3 rows of %1 were used (mode unique)")
                     .arg(m_three));
    }

    // A million rows: loaded once, quickly; unique never repeats and takes the rows in order;
    // sequential and random send rows of the file.
    void millionRows_data() {
        QTest::addColumn<QString>("mode");
        QTest::newRow("unique") << QStringLiteral("unique");
        QTest::newRow("sequential") << QStringLiteral("sequential");
        QTest::newRow("random") << QStringLiteral("random");
    }
    void millionRows() {
        QFETCH(QString, mode);
        const QString file = writeMillionRows(m_dir);
        Scenario s = scenario(m_sandbox.url() + QStringLiteral("/?record=${id}:${email}"), file,
                              mode, 1500, QStringLiteral("1500ms"));
        ScenarioRun run(s);
        QElapsedTimer loading;
        loading.start();
        const QList<Problem> problems = run.prepare();
        QVERIFY(problems.isEmpty());
        // Wide bound (a sanitizer build on a shared machine); measured: docs/benchmarks.md.
        QVERIFY2(loading.elapsed() < 20000, qPrintable(QString::number(loading.elapsed())));
        QVERIFY(run.start());
        QVERIFY(run.wait(60s));
        const RunResults r = run.results();
        QCOMPARE(r.total.errors, std::uint64_t(0));
        const QStringList seen = recorded(m_sandbox);
        QCOMPARE(std::uint64_t(seen.size()), r.total.completed);
        QVERIFY(seen.size() > 1000);
        QList<int> ids;
        for (const QString& v : seen) {
            const int id = v.section(u':', 0, 0).toInt();
            QCOMPARE(v, QStringLiteral("%1:user%1@example.test").arg(id));
            ids.append(id);
        }
        std::sort(ids.begin(), ids.end());
        if (mode == QLatin1String("random")) {
            QVERIFY(ids.last() > 500'000); // drawn from the whole file, not its start
            return;
        }
        // unique and sequential (no wrap in this many calls): exactly rows 0 … n-1, once each.
        for (int i = 0; i < ids.size(); ++i)
            QCOMPARE(ids[i], i);
    }

    // The ranks of a distributed run take disjoint shares of the rows.
    void sharesTakeDisjointRows() {
        QByteArray text = "id\n";
        for (int i = 0; i < 10; ++i)
            text += QByteArray::number(i) + '\n';
        const QString file = writeFile(m_dir, QStringLiteral("ten.csv"), text);
        QSet<QString> all;
        for (std::uint32_t rank = 0; rank < 2; ++rank) {
            m_sandbox.stop();
            QVERIFY(m_sandbox.start(0, 1));
            RunOptions options;
            options.shareIndex = rank;
            options.shareCount = 2;
            // Each rank takes half the ticks of 40 rps over 1 s: about 20, more than its 5 rows.
            const RunResults r =
                runToEnd(scenario(m_sandbox.url() + QStringLiteral("/?record=${id}"), file,
                                  QStringLiteral("unique"), 40),
                         nullptr, options);
            const QStringList seen = recorded(m_sandbox);
            QCOMPARE(seen.size(), 5);
            for (const QString& v : seen) {
                QCOMPARE(v.toInt() % 2, int(rank));
                QVERIFY(!all.contains(v));
                all.insert(v);
            }
            QVERIFY(r.total.errorsByKind.value(QStringLiteral("rows_exhausted")) > 0);
            QVERIFY(r.total.errorSamples.value(QStringLiteral("rows_exhausted"))
                        .value(0)
                        .endsWith(
                            QStringLiteral("(mode unique, this rank's share %1 of 2)").arg(rank)));
        }
        QCOMPARE(all.size(), 10);
    }

    // Path, query, header values and the body carry the row's values, on the wire, with the
    // body's Content-Length per call; through the lean client and through libcurl
    // (follow_redirects). Unique: three rows, three requests.
    void valuesReachTheWire_data() {
        QTest::addColumn<bool>("curl");
        QTest::newRow("lean client") << false;
        QTest::newRow("libcurl") << true;
    }
    void valuesReachTheWire() {
        QFETCH(bool, curl);
        CaptureServer server;
        Scenario s = scenario(server.url() + QStringLiteral("/u/${n}?who=${user}"), m_three,
                              QStringLiteral("unique"), 10);
        TargetSpec& t = s.workers[0].target;
        t.method = QStringLiteral("POST");
        t.headers = {{QStringLiteral("X-User"), QStringLiteral("<${user}>")}};
        t.body = QStringLiteral("{\"user\": \"${user}\", \"n\": ${n}}");
        t.followRedirects = curl;
        const RunResults r = runToEnd(s);
        QCOMPARE(r.total.ok, std::uint64_t(3));
        QList<QByteArray> got = server.requests();
        QCOMPARE(got.size(), 3);
        std::sort(got.begin(), got.end(), [](const QByteArray& a, const QByteArray& b) {
            return a.mid(8) < b.mid(8); // by path, after "POST /u/"
        });
        const QList<QByteArray> users = {"ann", "bob", "c d"};
        for (int i = 0; i < 3; ++i) {
            const QByteArray& req = got[i];
            const QByteArray n = QByteArray::number(i + 1);
            const QByteArray path = "/u/" + n + "?who=" + QByteArray(users[i]).replace(" ", "%20");
            const QByteArray line = "POST " + path + " HTTP/1.1\r\n";
            QVERIFY2(req.startsWith(line), req.constData());
            const QByteArray header = "\r\nX-User: <" + users[i] + ">\r\n";
            QVERIFY2(req.contains(header), req.constData());
            const QByteArray body = "{\"user\": \"" + users[i] + "\", \"n\": " + n + "}";
            const QByteArray tail = "\r\n\r\n" + body;
            QVERIFY2(req.endsWith(tail), req.constData());
            const QByteArray length =
                "\r\ncontent-length: " + QByteArray::number(body.size()) + "\r\n";
            QVERIFY2(req.toLower().contains(length), req.constData());
        }
    }

    // A header value with a line break in the file is refused before any call.
    void headerLineBreakIsRefusedUpFront() {
        const QString file = writeFile(m_dir, QStringLiteral("nl.csv"), "tok\nok\n\"a\nb\"\n");
        Scenario s =
            scenario(m_sandbox.url() + QStringLiteral("/"), file, QStringLiteral("sequential"), 10);
        s.workers[0].target.headers.append({QStringLiteral("X-Token"), QStringLiteral("${tok}")});
        QList<Problem> problems;
        runToEnd(s, &problems);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].toString(),
                 QStringLiteral("workers[0].target: headers: \"X-Token\": row 2 of %1 has a line "
                                "break in column tok")
                     .arg(file));
        QCOMPARE(m_sandbox.requestCount(), quint64(0));
        // A NUL byte would cut the header as well, and is called what it is (it was called a
        // line break).
        const QString nul =
            writeFile(m_dir, QStringLiteral("nul.csv"), QByteArray("tok\nok\na\0b\n", 11));
        Scenario n =
            scenario(m_sandbox.url() + QStringLiteral("/"), nul, QStringLiteral("sequential"), 10);
        n.workers[0].target.headers.append({QStringLiteral("X-Token"), QStringLiteral("${tok}")});
        problems.clear();
        runToEnd(n, &problems);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].toString(),
                 QStringLiteral("workers[0].target: headers: \"X-Token\": row 2 of %1 has a NUL "
                                "byte in column tok")
                     .arg(nul));
        QCOMPARE(m_sandbox.requestCount(), quint64(0));
    }

    void problemsSayWhereAndWhy() {
        QList<Problem> problems;
        const QString missing = m_dir.filePath(QStringLiteral("missing.csv"));
        runToEnd(scenario(m_sandbox.url() + QStringLiteral("/?record=${user}"), missing,
                          QStringLiteral("unique"), 10),
                 &problems);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].toString(),
                 QStringLiteral("workers[0].data.file: %1: no such file").arg(missing));

        runToEnd(scenario(m_sandbox.url() + QStringLiteral("/?record=${nope}"), m_three,
                          QStringLiteral("unique"), 10),
                 &problems);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].toString(),
                 QStringLiteral("workers[0].target.url: ${nope} is neither a column of %1 "
                                "(columns: user, n) nor a set environment variable")
                     .arg(m_three));

        const QString bad = writeFile(m_dir, QStringLiteral("bad.csv"), "a,b\n1,2\n3,4,5\n");
        runToEnd(scenario(m_sandbox.url() + QStringLiteral("/?record=${a}"), bad,
                          QStringLiteral("sequential"), 10),
                 &problems);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].toString(),
                 QStringLiteral("workers[0].data.file: %1: line 3: 3 fields, but the header "
                                "names 2 columns")
                     .arg(bad));

        runToEnd(scenario(m_sandbox.url() + QStringLiteral("/x"), m_three,
                          QStringLiteral("shuffled"), 10),
                 &problems);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].toString(),
                 QStringLiteral("workers[0].data.mode: unknown mode \"shuffled\" (expected one of: "
                                "sequential, random, unique)"));
        QCOMPARE(m_sandbox.requestCount(), quint64(0));
    }

    // A relative data file is found in RunOptions::baseDir (the scenario file's folder), not
    // in the working directory.
    void relativeFileIsFoundInBaseDir() {
        RunOptions options;
        options.baseDir = m_dir.path();
        const RunResults r =
            runToEnd(scenario(m_sandbox.url() + QStringLiteral("/?record=${user}"),
                              QStringLiteral("three.csv"), QStringLiteral("unique"), 10),
                     nullptr, options);
        QCOMPARE(r.total.ok, std::uint64_t(3));
        QCOMPARE(recorded(m_sandbox).size(), 3);
        QList<Problem> problems;
        runToEnd(scenario(m_sandbox.url() + QStringLiteral("/?record=${user}"),
                          QStringLiteral("three.csv"), QStringLiteral("unique"), 10),
                 &problems); // no baseDir: the working directory has no three.csv
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].toString(),
                 QStringLiteral("workers[0].data.file: three.csv: no such file"));
    }

    // An environment variable still fills ${NAME} when NAME is not a column; a column wins
    // over a variable of the same name.
    void columnsAndEnvironmentVariables() {
        RunOptions options;
        options.env.insert(QStringLiteral("TAG"), QStringLiteral("t1"));
        options.env.insert(QStringLiteral("user"), QStringLiteral("from-env"));
        const RunResults r =
            runToEnd(scenario(m_sandbox.url() + QStringLiteral("/?record=${TAG}.${user}"), m_three,
                              QStringLiteral("unique"), 10),
                     nullptr, options);
        QCOMPARE(r.total.ok, std::uint64_t(3));
        QStringList seen = recorded(m_sandbox);
        seen.sort();
        QCOMPARE(seen, (QStringList{QStringLiteral("t1.ann"), QStringLiteral("t1.bob"),
                                    QStringLiteral("t1.c%20d")}));
    }

private:
    SandboxServer m_sandbox;
    QTemporaryDir m_dir;
    QString m_three;
};

QTEST_GUILESS_MAIN(TestDataFile)
#include "tst_datafile.moc"
