#include <pusher/exports.h>
#include <pusher/run/hostfile.h>
#include <pusher/run/scenariorun.h>
#include <pusher/run/streamreader.h>
#include <pusher/targets/sandbox.h>

#include "../http/nginx.h" // Child: posix_spawn (QProcess confuses ThreadSanitizer)

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <cmath>
#include <mutex>

using namespace pusher;
using namespace std::chrono_literals;

namespace {

Scenario parse(const QByteArray& json) {
    ScenarioParse p = Scenario::fromJson(json);
    if (!p.ok()) {
        for (const auto& problem : p.problems)
            qWarning("%s", qPrintable(problem.toString()));
    }
    return p.scenario;
}

const QByteArray kSynthetic = R"({
  "version": 1,
  "name": "synthetic pair",
  "duration": "1500ms",
  "interval": "250ms",
  "workers": [
    { "ident": "fast", "target": { "kind": "synthetic", "latency": { "distribution": "fixed", "value": "2ms" } },
      "rate": { "rps": 200 } },
    { "ident": "flaky", "target": { "kind": "synthetic", "latency": { "distribution": "uniform", "min": "1ms", "max": "5ms" },
      "error_ratio": 0.5 }, "rate": { "rps": 100 }, "force": 2 }
  ],
  "thresholds": [ "p99 < 1s", "error_rate < 1%", "fast.error_rate < 1%", "flaky.rps > 10" ]
})";

} // namespace

class TestScenarioRun : public QObject {
    Q_OBJECT
private slots:
    void syntheticRunCountsAddUp() {
        Scenario scenario = parse(kSynthetic);
        QTemporaryDir dir;
        RunOptions options;
        options.timelinePath = dir.filePath(QStringLiteral("timeline.jsonl"));
        ScenarioRun run(scenario, options);
        QVERIFY(run.prepare().isEmpty());
        QCOMPARE(run.workerIdents(),
                 (QStringList{QStringLiteral("fast"), QStringLiteral("flaky #1"),
                              QStringLiteral("flaky #2")}));
        std::atomic<int> snapshots{0};
        run.setSnapshotCallback([&](std::shared_ptr<const Snapshot>) { snapshots.fetch_add(1); });
        QVERIFY(run.start());
        QVERIFY(!run.start()); // once
        QVERIFY(run.wait(20s));
        QVERIFY(!run.failure());
        RunResults r = run.results();
        QCOMPARE(r.scenario, QStringLiteral("synthetic pair"));
        QCOMPARE(r.workers.size(), 3);
        QCOMPARE(r.total.ticks, r.total.started + r.total.canceled);
        QCOMPARE(r.total.completed, r.total.ok + r.total.errors);
        QCOMPARE(r.total.completed, r.total.started);
        // 200 + 2 × 100 rps for 1.5 s ≈ 600 ticks
        QVERIFY2(r.total.ticks > 500 && r.total.ticks < 640,
                 qPrintable(QString::number(r.total.ticks)));
        const WorkerResults* fast = r.worker(QStringLiteral("fast"));
        QVERIFY(fast);
        QCOMPARE(fast->errors, std::uint64_t(0));
        QVERIFY(r.total.errors > 50);
        QCOMPARE(r.total.errorsByKind.value(QStringLiteral("synthetic")), r.total.errors);
        QVERIFY(snapshots.load() >= 5);

        // thresholds: p99 holds, error_rate fails (flaky), fast's holds, flaky replicas merged
        QCOMPARE(r.thresholds.size(), 4);
        QVERIFY(r.thresholds[0].passed);
        QVERIFY(!r.thresholds[1].passed);
        QVERIFY(r.thresholds[1].value > 0.2 && r.thresholds[1].value < 0.4);
        QVERIFY(r.thresholds[2].passed);
        QVERIFY(r.thresholds[3].passed);
        QVERIFY(r.thresholds[3].value > 150 && r.thresholds[3].value < 250);
        QVERIFY(!r.passed);

        // the timeline went to disk while running: a header, then one line per series per
        // interval
        QFile file(options.timelinePath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray stream = file.readAll();
        int lines = 0;
        for (const QByteArray& text : stream.split('\n')) {
            if (text.isEmpty())
                continue;
            QJsonParseError e;
            auto doc = QJsonDocument::fromJson(text, &e);
            QCOMPARE(e.error, QJsonParseError::NoError);
            if (lines++ == 0)
                QCOMPARE(doc.object().value(QStringLiteral("pusher_timeline")).toInt(), 1);
            else
                QVERIFY(doc.object().contains(QStringLiteral("worker")));
        }
        QVERIFY(lines >= 1 + 4 * 5);

        // The stream alone rebuilds the same results: every count and histogram exactly.
        QString why;
        int dropped = -1;
        const auto recovered = recoverResults(stream, &why, &dropped);
        QVERIFY2(recovered, qPrintable(why));
        QCOMPARE(dropped, 0);
        QVERIFY(recovered->recovered);
        QVERIFY(!recovered->interrupted); // it ran to its planned end
        QCOMPARE(recovered->scenario, r.scenario);
        QCOMPARE(recovered->workers.size(), r.workers.size());
        for (qsizetype i = -1; i < r.workers.size(); ++i) {
            const WorkerResults& a = i < 0 ? r.total : r.workers[i];
            const WorkerResults& b = i < 0 ? recovered->total : recovered->workers[i];
            QCOMPARE(b.ident, a.ident);
            QCOMPARE(b.ticks, a.ticks);
            QCOMPARE(b.started, a.started);
            QCOMPARE(b.completed, a.completed);
            QCOMPARE(b.ok, a.ok);
            QCOMPARE(b.errors, a.errors);
            QCOMPARE(b.canceled, a.canceled);
            QCOMPARE(b.errorsByKind, a.errorsByKind);
            QCOMPARE(b.errorSamples, a.errorSamples);
            QCOMPARE(b.serviceTime, a.serviceTime);
            QCOMPARE(b.responseTime, a.responseTime);
            QCOMPARE(b.lagTime, a.lagTime);
        }
        QCOMPARE(recovered->thresholds.size(), r.thresholds.size());
        for (qsizetype i = 0; i < r.thresholds.size(); ++i)
            QCOMPARE(recovered->thresholds[i].passed, r.thresholds[i].passed);
        QVERIFY(std::fabs(recovered->durationS - r.durationS) < 0.01);
        // Killed before the first interval ended: nothing to recover, and it says so.
        QVERIFY(!recoverResults(QByteArray(), &why));
        QVERIFY2(why.contains(QStringLiteral("the stream is empty")), qPrintable(why));
    }

    // The live stream read back as it grows (the app follows a distributed run this way):
    // fed in odd-sized pieces, with a rank line among them, it gives back the run's own
    // snapshots: every interval in order, its counts and histograms, and the run so far
    // (counts, latency summaries, error samples) summed from the intervals.
    void streamReaderGivesBackTheSnapshots() {
        Scenario scenario = parse(kSynthetic);
        QTemporaryDir dir;
        RunOptions options;
        options.timelinePath = dir.filePath(QStringLiteral("timeline.jsonl"));
        ScenarioRun run(scenario, options);
        QVERIFY(run.prepare().isEmpty());
        std::mutex mutex;
        std::vector<std::shared_ptr<const Snapshot>> seen;
        run.setSnapshotCallback([&](std::shared_ptr<const Snapshot> s) {
            std::lock_guard lock(mutex);
            seen.push_back(std::move(s));
        });
        QVERIFY(run.start());
        QVERIFY(run.wait(20s));
        QFile file(options.timelinePath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QByteArray stream = file.readAll();
        // A distributed run's rank line after the first interval (4 series: farm + 3).
        qsizetype at = 0;
        for (int i = 0; i < 5; ++i)
            at = stream.indexOf('\n', at) + 1;
        stream.insert(at, R"({"rank":1,"host":"h1","t":0.25,"ticks":40,"completed":39,)"
                          R"("rps":156,"lag_p99_ms":0.5,"clock_offset_ms":-0.02,"ended":false})"
                          "\n");

        TimelineStreamReader reader;
        std::vector<std::shared_ptr<const Snapshot>> got;
        for (qsizetype from = 0; from < stream.size(); from += 37)
            for (auto& s : reader.feed(stream.mid(from, 37)))
                got.push_back(std::move(s));
        QCOMPARE(got.size(), seen.size() - 1); // the last waits for the stream's end
        for (auto& s : reader.finish())
            got.push_back(std::move(s));
        QVERIFY(reader.error().isEmpty());
        QCOMPARE(reader.header().value(QStringLiteral("scenario")).toString(), scenario.name);
        QCOMPARE(reader.ranks().size(), 1);
        QCOMPARE(reader.ranks()[0].host, QStringLiteral("h1"));
        QCOMPARE(reader.ranks()[0].ticks, std::uint64_t(40));
        QCOMPARE(reader.ranks()[0].lagP99Ms, 0.5);
        QVERIFY(reader.takeRanksChanged());
        QVERIFY(!reader.takeRanksChanged());

        QCOMPARE(got.size(), seen.size());
        QVERIFY(seen.size() >= 6);
        for (std::size_t i = 0; i < seen.size(); ++i) {
            const Snapshot& a = *seen[i];
            const Snapshot& b = *got[i];
            QCOMPARE(b.index, a.index);
            QCOMPARE(b.t, a.t);
            QCOMPARE(b.dt, a.dt);
            QCOMPARE(b.partial, a.partial);
            QCOMPARE(b.workers.size(), a.workers.size());
            for (std::size_t w = 0; w <= a.workers.size(); ++w) {
                const SeriesSnapshot& x = w < a.workers.size() ? a.workers[w] : a.farm;
                const SeriesSnapshot& y = w < b.workers.size() ? b.workers[w] : b.farm;
                QCOMPARE(y.ident, x.ident);
                QCOMPARE(y.interval.ticks, x.interval.ticks);
                QCOMPARE(y.interval.completed, x.interval.completed);
                QCOMPARE(y.interval.errors, x.interval.errors);
                QCOMPARE(y.interval.errorsByKind, x.interval.errorsByKind);
                QCOMPARE(y.inflight, x.inflight);
                QCOMPARE(y.rps, x.rps);
                QCOMPARE(y.serviceTime, x.serviceTime);
                QCOMPARE(y.responseTime, x.responseTime);
                QCOMPARE(y.lagTime, x.lagTime);
                QCOMPARE(y.total.ticks, x.total.ticks);
                QCOMPARE(y.total.completed, x.total.completed);
                QCOMPARE(y.total.errors, x.total.errors);
                QCOMPARE(y.total.errorsByKind, x.total.errorsByKind);
                QCOMPARE(y.totalService.count, x.totalService.count);
                QCOMPARE(y.totalService.p99, x.totalService.p99);
                QCOMPARE(y.totalResponse.p50, x.totalResponse.p50);
                QCOMPARE(y.totalLag.p99, x.totalLag.p99);
                QCOMPARE(y.errorSamples, x.errorSamples);
            }
        }
        // Told how many workers there are, an interval is handed out as soon as it is whole.
        TimelineStreamReader eager(3);
        const qsizetype firstInterval = stream.indexOf("\"worker\":\"*\"");
        qsizetype end = firstInterval;
        for (int i = 0; i < 4; ++i)
            end = stream.indexOf('\n', end) + 1;
        QCOMPARE(eager.feed(stream.left(end)).size(), std::size_t(1));
    }

    // A histogram that does not decode is named, by both readers of the stream: recovering
    // it fails with the line and the key; the live reader reports the series and the key
    // (and still reads the line's other histograms).
    void aBadHistogramInTheStreamIsNamed() {
        Histogram good;
        good.record(1000);
        auto line = [](const QJsonObject& o) -> QByteArray {
            QByteArray text = QJsonDocument(o).toJson(QJsonDocument::Compact);
            text.append('\n');
            return text;
        };
        const QJsonObject counts{{QStringLiteral("t"), 0.25},      {QStringLiteral("dt"), 0.25},
                                 {QStringLiteral("ticks"), 1},     {QStringLiteral("started"), 1},
                                 {QStringLiteral("completed"), 1}, {QStringLiteral("ok"), 1}};
        QJsonObject farm = counts;
        farm.insert(QStringLiteral("worker"), QStringLiteral("*"));
        QJsonObject api = counts;
        api.insert(QStringLiteral("worker"), QStringLiteral("api"));
        api.insert(QStringLiteral("h"),
                   QJsonObject{{QStringLiteral("latency"), QStringLiteral("not base64!")},
                               {QStringLiteral("response"), good.toBase64()}});
        QByteArray stream = line({{QStringLiteral("pusher_timeline"), 1},
                                  {QStringLiteral("scenario"), QStringLiteral("s")},
                                  {QStringLiteral("interval_s"), 0.25}});
        stream.append(line(farm));
        stream.append(line(api));
        QString why;
        QVERIFY(!recoverResults(stream, &why));
        QVERIFY2(why.startsWith(QStringLiteral("line 3: h.latency: ")), qPrintable(why));

        TimelineStreamReader reader;
        (void)reader.feed(stream);
        const auto snapshots = reader.finish();
        QVERIFY2(reader.error().startsWith(QStringLiteral("api: h.latency: ")),
                 qPrintable(reader.error()));
        QCOMPARE(snapshots.size(), std::size_t(1));
        QCOMPARE(snapshots[0]->workers.size(), std::size_t(1));
        QCOMPARE(snapshots[0]->workers[0].responseTime.count(), std::uint64_t(1));
    }

    // The results keep the planned duration (planned_s), --duration's when given (RunOptions::
    // duration), so that a stopped run's report can say how much of its plan it covers; so do
    // results recovered from the live stream (its header's planned_s). A run that ran its
    // course keeps it too. They kept only duration_s, the time run.
    void resultsKeepThePlannedDuration() {
        QTemporaryDir dir;
        Scenario scenario = parse(kSynthetic);
        scenario.duration = 1h;
        RunOptions options;
        options.duration = 20min;
        options.timelinePath = dir.filePath(QStringLiteral("timeline.jsonl"));
        ScenarioRun run(scenario, options);
        QVERIFY(run.prepare().isEmpty());
        QVERIFY(run.start());
        auto farmLines = [&] {
            QFile f(options.timelinePath);
            return f.open(QIODevice::ReadOnly) ? f.readAll().count("\"worker\":\"*\"") : 0;
        };
        QTRY_VERIFY_WITH_TIMEOUT(farmLines() >= 2, 10000);
        run.stop();
        QVERIFY(run.wait(10s));
        const RunResults r = run.results();
        QVERIFY(r.interrupted);
        QCOMPARE(r.plannedS, 1200.0);
        QVERIFY(r.durationS < r.plannedS);
        QFile file(options.timelinePath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QString why;
        const auto recovered = recoverResults(file.readAll(), &why);
        QVERIFY2(recovered, qPrintable(why));
        QCOMPARE(recovered->plannedS, 1200.0);
        QVERIFY(recovered->interrupted);

        // Run to its end: the scenario's own duration.
        Scenario whole = parse(kSynthetic);
        whole.duration = 300ms;
        ScenarioRun course(whole);
        QVERIFY(course.prepare().isEmpty());
        QVERIFY(course.start());
        QVERIFY(course.wait(10s));
        QVERIFY(!course.results().interrupted);
        QCOMPARE(course.results().plannedS, 0.3);
    }

    // A hostfile's "user@host" is its host; "ann@" (nothing after the '@') was read as an empty
    // host, which validate and the app's launch then named as "" (found by fuzz_hostfile).
    void hostfileHostsAreNeverEmpty() {
        const QByteArray text = "# farm\nann@loadgen1 slots=2\nann@\n\n  @ slots=1\nloadgen3#x\n";
        const QList<RankHost> hosts = hostfileHosts(text, QStringLiteral("/etc/hosts.mpi"));
        QStringList got;
        for (const RankHost& host : hosts)
            got << host.name + QStringLiteral(" at ") + host.where;
        QCOMPARE(got, (QStringList{QStringLiteral("loadgen1 at /etc/hosts.mpi line 2"),
                                   QStringLiteral("ann@ at /etc/hosts.mpi line 3"),
                                   QStringLiteral("@ at /etc/hosts.mpi line 5"),
                                   QStringLiteral("loadgen3 at /etc/hosts.mpi line 6")}));
    }

    // report --recover writes what it recovers as a results file, which must open: a header
    // whose started_at does not parse, or a line whose counts do not add up, gave results the
    // reader refuses ("started_at: not an ISO 8601 date and time", "ticks (5) != started +
    // canceled (3)"), and a count beyond 2^64 was cast to an integer, which is undefined
    // (UBSan). Found by fuzz_stream.
    void aRecoveredStreamReadsBack() {
        const QByteArray header = "{\"pusher_timeline\":1,\"scenario\":\"s\",\"started_at\":"
                                  "\"2026-12-01T04:00:00.000Z\",\"interval_s\":0.25,"
                                  "\"planned_s\":1,\"thresholds\":[]}\n";
        auto line = [](const char* worker, const char* extra, int ok = 4) -> QByteArray {
            return QByteArray("{\"worker\":\"") + worker +
                   "\",\"t\":0.25,\"dt\":0.25,\"ticks\":5,\"started\":5,\"canceled\":0,"
                   "\"completed\":5,\"errors\":1,\"ok\":" +
                   QByteArray::number(ok) + extra + "}\n";
        };
        QString why;
        // Whole, it reads back.
        const QByteArray good = header + line("*", "") + line("w", "");
        const auto recovered = recoverResults(good, &why);
        QVERIFY2(recovered, qPrintable(why));
        QString reread;
        (void)RunResults::fromJson(recovered->toJson(), &reread);
        QVERIFY2(reread.isEmpty(), qPrintable(reread));
        // A start that is not a time.
        QByteArray noStart = good;
        noStart.replace("2026-12-01T04:00:00.000Z", "yesterday");
        QVERIFY(!recoverResults(noStart, &why));
        QCOMPARE(why, QStringLiteral(
                          "line 1: started_at \"yesterday\" is not an ISO 8601 date and time"));
        // Counts that do not add up, in the farm's line and in the worker's alike.
        QByteArray ticks = good;
        ticks.replace("\"started\":5", "\"started\":3");
        QVERIFY(!recoverResults(ticks, &why));
        QCOMPARE(why, QStringLiteral("line 2: ticks (5) != started + canceled (3)"));
        QByteArray completed = header + line("*", "") + line("w", "", 2);
        QVERIFY(!recoverResults(completed, &why));
        QCOMPARE(why, QStringLiteral("line 3: completed (5) != ok + errors (3)"));
        // A count no count can hold is 0, as a negative one is.
        const auto huge =
            recoverResults(header + line("*", "") +
                               line("w", ",\"errors_by_kind\":{\"timeout\":1e30,\"reset\":1}"),
                           &why);
        QVERIFY2(huge, qPrintable(why));
        QCOMPARE(huge->workers.size(), 1);
        QCOMPARE(huge->workers[0].errorsByKind.value(QStringLiteral("timeout"), 99),
                 std::uint64_t(0));
        QCOMPARE(huge->workers[0].errorsByKind.value(QStringLiteral("reset")), std::uint64_t(1));
    }

    void stopEarlyKeepsCompleteResults() {
        Scenario scenario = parse(kSynthetic);
        scenario.duration = 1h;
        ScenarioRun run(scenario);
        QVERIFY(run.prepare().isEmpty());
        // Under way: an interval past 0.5 s with over 100 ticks, as the run reports it.
        std::atomic<bool> underWay{false};
        run.setSnapshotCallback([&](std::shared_ptr<const Snapshot> s) {
            if (s->t > 0.5 && s->farm.total.ticks > 100)
                underWay = true;
        });
        QVERIFY(run.start());
        QTRY_VERIFY_WITH_TIMEOUT(underWay.load(), 20000);
        auto t0 = Clock::now();
        run.stop();
        QVERIFY(run.wait(10s));
        QVERIFY(Clock::now() - t0 < 5s);
        RunResults r = run.results();
        QVERIFY(r.durationS > 0.5 && r.durationS < 5);
        QVERIFY(r.total.ticks > 100);
        QCOMPARE(r.total.ticks, r.total.started + r.total.canceled);
    }

    // Calls in flight when the run is stopped are interrupted: not errors (an error_rate
    // threshold still holds on a healthy target), not canceled ticks; the results say the
    // run was interrupted and did not pass.
    void stopCountsCallsInFlightAsInterrupted() {
        Scenario scenario = parse(R"({
  "version": 1, "duration": "1h", "interval": "250ms",
  "workers": [ { "ident": "slow", "target": { "kind": "synthetic",
      "latency": { "distribution": "fixed", "value": "500ms" } },
    "rate": { "rps": 100 }, "overtime": 1000 } ],
  "thresholds": [ "error_rate < 1%" ]
})");
        ScenarioRun run(scenario);
        QVERIFY(run.prepare().isEmpty());
        // ~50 calls in flight at any time once the first have taken their 500 ms: stop when an
        // interval's end saw 40.
        std::atomic<std::int64_t> inflight{0};
        run.setSnapshotCallback(
            [&](std::shared_ptr<const Snapshot> s) { inflight = s->farm.inflight; });
        QVERIFY(run.start());
        QTRY_VERIFY_WITH_TIMEOUT(inflight.load() >= 40, 20000);
        run.stop();
        QVERIFY(run.wait(10s));
        const RunResults r = run.results();
        QVERIFY(r.interrupted);
        QVERIFY(!r.passed);
        QVERIFY2(r.total.interrupted >= 20, qPrintable(QString::number(r.total.interrupted)));
        QCOMPARE(r.total.errors, 0u);
        QVERIFY(r.total.errorsByKind.isEmpty());
        QCOMPARE(r.total.started, r.total.completed + r.total.interrupted);
        QCOMPARE(r.total.ticks, r.total.started + r.total.canceled);
        QCOMPARE(r.thresholds.size(), 1);
        QVERIFY(r.thresholds.at(0).passed); // no errors: the target was healthy
    }

    // A run that reaches its end is not interrupted, even when stop() comes afterwards.
    void aRunToItsEndIsNotInterrupted() {
        Scenario scenario = parse(kSynthetic);
        scenario.duration = 300ms;
        ScenarioRun run(scenario);
        QVERIFY(run.prepare().isEmpty());
        QVERIFY(run.start());
        QVERIFY(run.wait(20s));
        run.stop();
        const RunResults r = run.results();
        QVERIFY(!r.interrupted);
        QCOMPARE(r.total.interrupted, 0u);
    }

    // A stop that comes once every worker has ended (the planned end reached, the grace
    // over) but before the results are built cuts nothing: the run ran its course and is not
    // interrupted. It was: the stop marked the recorder interrupted, which the results were
    // then built from ("interrupted": true, 0 calls cut, passed false, the CLI's exit 4).
    void aStopAfterTheEndBeforeTheResultsChangesNothing() {
        Scenario scenario = parse(R"({
  "version": 1, "duration": "300ms", "interval": "100ms",
  "workers": [ { "ident": "w", "target": { "kind": "synthetic",
      "latency": { "distribution": "fixed", "value": "1ms" } }, "rate": { "rps": 20 } } ],
  "thresholds": [ "error_rate < 1%" ]
})");
        RunOptions options;
        ScenarioRun* running = nullptr;
        std::atomic<int> stops{0};
        options.onWorkEnded = [&] {
            running->stop(); // on the run's thread: every worker ended, no result built yet
            stops.fetch_add(1);
        };
        ScenarioRun run(scenario, options);
        running = &run;
        QVERIFY(run.prepare().isEmpty());
        QVERIFY(run.start());
        QVERIFY(run.wait(20s));
        QCOMPARE(stops.load(), 1);
        const RunResults r = run.results();
        QVERIFY(!r.interrupted);
        QCOMPARE(r.total.interrupted, 0u);
        QCOMPARE(r.total.ticks, 6u); // ⌈20/s × 0.3 s⌉: it ran its course
        QCOMPARE(r.total.completed, r.total.started);
        QVERIFY(r.passed);
        QVERIFY(!run.failure());
    }

    void aStopPastTheEndWithNothingInFlightChangesNothing() {
        // A stop after the planned end, in the graceful stop, with no call in flight any
        // more (every worker's calls returned, the work not yet over): it cuts nothing, so the
        // run ran its course (it was marked interrupted with 0 calls cut: exit 4).
        Scenario scenario = parse(R"({
  "version": 1, "duration": "300ms", "interval": "100ms",
  "workers": [ { "ident": "w", "target": { "kind": "synthetic",
      "latency": { "distribution": "fixed", "value": "1ms" } }, "rate": { "rps": 20 } } ],
  "thresholds": [ "error_rate < 1%" ]
})");
        RunOptions options;
        ScenarioRun* running = nullptr;
        std::atomic<int> stops{0};
        std::atomic<bool> workEnded{false};
        options.onWorkerEnded = [&] {
            if (stops.fetch_add(1) == 0)
                running->stop(); // on an engine thread: past the end, nothing in flight
        };
        options.onWorkEnded = [&] { workEnded.store(true); };
        ScenarioRun run(scenario, options);
        running = &run;
        QVERIFY(run.prepare().isEmpty());
        QVERIFY(run.start());
        QVERIFY(run.wait(20s));
        QCOMPARE(stops.load(), 1);
        QVERIFY(workEnded.load());
        const RunResults r = run.results();
        QVERIFY2(!r.interrupted, "a stop that cut nothing marked the run interrupted");
        QCOMPARE(r.total.interrupted, 0u);
        QCOMPARE(r.total.ticks, 6u); // ⌈20/s × 0.3 s⌉: it ran its course
        QCOMPARE(r.total.completed, r.total.started);
        QCOMPARE(r.total.errors, 0u);
        QVERIFY(r.passed);
        QVERIFY(!run.failure());
    }

    void aStopPastTheEndCutsTheCallsInFlight() {
        // The same stop while calls are still in flight in the graceful stop (10 s calls, the
        // grace 2 s): it cuts them, they are interrupted (not errors, not cut_at_grace), and
        // the run is interrupted. The stop comes from the snapshot at 0.3 s, past the planned
        // end on the run's own clock, long before the calls or the grace would end.
        Scenario scenario = parse(R"({
  "version": 1, "duration": "300ms", "interval": "100ms",
  "workers": [ { "ident": "w", "target": { "kind": "synthetic",
      "latency": { "distribution": "fixed", "value": "10s" } }, "rate": { "rps": 20 } } ],
  "thresholds": [ "error_rate < 1%" ]
})");
        ScenarioRun run(scenario);
        QVERIFY(run.prepare().isEmpty());
        std::atomic<bool> stopped{false};
        std::atomic<qint64> inflightAtStop{-1};
        run.setSnapshotCallback([&](std::shared_ptr<const Snapshot> s) {
            if (s->t >= 0.3 - 1e-9 && !stopped.exchange(true)) {
                inflightAtStop.store(s->farm.inflight);
                run.stop();
            }
        });
        QVERIFY(run.start());
        QVERIFY(run.wait(20s));
        QVERIFY(stopped.load());
        QCOMPARE(inflightAtStop.load(), 6);
        const RunResults r = run.results();
        QVERIFY(r.interrupted);
        QCOMPARE(r.total.ticks, 6u); // every planned tick was made
        QCOMPARE(r.total.started, 6u);
        QCOMPARE(r.total.interrupted, 6u); // the calls in flight, cut by the stop
        QCOMPARE(r.total.completed, 0u);
        QCOMPARE(r.total.errors, 0u);
        QVERIFY(!r.total.errorsByKind.contains(QStringLiteral("cut_at_grace")));
        QVERIFY(r.durationS >= 0.3 - 1e-9);
        QVERIFY(!r.passed);
    }

    void aStreamOfARunStoppedPastItsEndRecoversAsStopped() {
        // A run stopped in the graceful stop past its planned end, with calls in flight that
        // the stop cut, then killed before it wrote its results: its live stream counts the
        // cut calls, and the results recovered from it are interrupted (they were not: they
        // ran past the plan, which read as a run that ran its course, and passed), and their
        // note counts them.
        Scenario scenario = parse(R"({
  "version": 1, "duration": "300ms", "interval": "100ms",
  "workers": [ { "ident": "w", "target": { "kind": "synthetic",
      "latency": { "distribution": "fixed", "value": "10s" } }, "rate": { "rps": 20 } } ]
})");
        QTemporaryDir dir;
        RunOptions options;
        options.timelinePath = dir.filePath(QStringLiteral("timeline.jsonl"));
        ScenarioRun run(scenario, options);
        QVERIFY(run.prepare().isEmpty());
        std::atomic<bool> stopped{false};
        run.setSnapshotCallback([&](std::shared_ptr<const Snapshot> s) {
            if (s->t >= 0.3 - 1e-9 && !stopped.exchange(true))
                run.stop();
        });
        QVERIFY(run.start());
        QVERIFY(run.wait(20s));
        QVERIFY(run.results().interrupted);
        QFile file(options.timelinePath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QString why;
        const auto recovered = recoverResults(file.readAll(), &why);
        QVERIFY2(recovered, qPrintable(why));
        QVERIFY(recovered->durationS >= 0.3 - 1e-9); // past its plan
        QCOMPARE(recovered->total.started, 6u);
        QCOMPARE(recovered->total.interrupted, 6u);
        QVERIFY2(recovered->interrupted,
                 "calls cut by a stop, recovered as a run that ran its course");
        QVERIFY(!recovered->passed);
        QCOMPARE(recoveredCalls(*recovered),
                 QStringLiteral("0 call(s) were still in flight then; 6 call(s) in flight were "
                                "cut by a stop before then, not counted as errors"));
    }

    void workerThatCannotRunMeansNoCall() {
        // Scaled by 2000, "huge" asks for 2e9/s (over 1e9: invalid) while "fast" is fine: the
        // run is refused by prepare(), with huge's rate, the scale and the reason (it was a
        // failed run, exit 3, once started), so nothing starts and no call is made at all.
        Scenario scenario = parse(R"({
  "version": 1, "duration": "10s",
  "workers": [
    { "ident": "fast", "target": { "kind": "synthetic", "latency": { "distribution": "fixed", "value": "1ms" } },
      "rate": { "rps": 200 } },
    { "ident": "huge", "target": { "kind": "synthetic", "latency": { "distribution": "fixed", "value": "1ms" } },
      "rate": { "rps": 1000000 } }
  ]
})");
        RunOptions options;
        options.rpsScale = 2000;
        ScenarioRun run(scenario, options);
        const QList<Problem> problems = run.prepare();
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].path, QStringLiteral("workers[1].rate"));
        QCOMPARE(problems[0].message,
                 QStringLiteral("1e+06 /s × --rps-scale 2000: invalid rps: too large, resulting "
                                "tick < 1ns"));
        QVERIFY(!run.start());
        const RunResults r = run.results();
        QCOMPARE(r.total.ticks, std::uint64_t(0));
        QCOMPARE(r.total.started, std::uint64_t(0));
    }

    void liveRateChange() {
        Scenario scenario = parse(kSynthetic);
        scenario.duration = 2s;
        scenario.workers.removeLast();
        scenario.thresholds.clear();
        ScenarioRun run(scenario);
        QVERIFY(run.prepare().isEmpty());
        QVERIFY(run.start());
        // Time by nature: the rate is changed a second into the run, and the ticks counted
        // over its two seconds show both rates.
        QTest::qWait(1000);
        QVERIFY(!run.setRps(QStringLiteral("fast"), 1000));
        QVERIFY(run.setRps(QStringLiteral("nobody"), 10));
        QVERIFY(run.setRps(QStringLiteral("fast"), -1).is(ErrInvalidRps));
        QVERIFY(run.wait(10s));
        // ~200 in the first second, ~1000 in the second
        const auto ticks = run.results().total.ticks;
        QVERIFY2(ticks > 700 && ticks < 1400, qPrintable(QString::number(ticks)));
    }

    void sandboxHostStartsTheSandbox() {
        Scenario scenario = parse(R"({
  "version": 1, "duration": "1s",
  "workers": [ { "ident": "api", "target": { "kind": "http", "url": "http:\/\/sandbox/x?status=503" },
                 "rate": { "rps": 50 } } ]
})");
        ScenarioRun run(scenario);
        QVERIFY(run.prepare().isEmpty());
        QVERIFY(run.sandboxUrl().startsWith(QStringLiteral("http://127.0.0.1:")));
        QVERIFY(run.scenario().workers[0].target.url.startsWith(run.sandboxUrl()));
        QVERIFY(run.start());
        QVERIFY(run.wait(20s));
        RunResults r = run.results();
        QVERIFY(r.total.completed > 30);
        QCOMPARE(r.total.errorsByKind.value(QStringLiteral("http_503")), r.total.completed);
    }

    // shareOf: the shares add up to the amount, differ by at most one, and rotating moves
    // the remainder to other shares.
    void shareOfDividesWithTheRemainderPlaced() {
        for (std::int64_t amount : {0, 1, 2, 5, 7, 100, 65536})
            for (std::uint32_t count : {1u, 2u, 3u, 4u})
                for (std::uint32_t rotate : {0u, 1u, 2u, 5u}) {
                    std::int64_t sum = 0, lo = amount, hi = 0;
                    for (std::uint32_t i = 0; i < count; ++i) {
                        const std::int64_t s = shareOf(amount, i, count, rotate);
                        sum += s;
                        lo = std::min(lo, s);
                        hi = std::max(hi, s);
                    }
                    QCOMPARE(sum, amount);
                    QVERIFY(hi - lo <= 1);
                }
        QCOMPARE(shareOf(5, 0, 3), std::int64_t(2));
        QCOMPARE(shareOf(5, 2, 3), std::int64_t(1));
        QCOMPARE(shareOf(5, 2, 3, 1), std::int64_t(2)); // rotated: 1 and 2 get the extra
        QCOMPARE(shareOf(1, 1, 3, 1), std::int64_t(1));
        QCOMPARE(shareOf(1, 0, 3, 1), std::int64_t(0));
    }

    // Three shares of one scenario, run at once from a common start: the open-model worker's
    // ticks add up to ceil(R × D) exactly, each closed-model replica (one caller each) runs
    // on one share only, and every share waits for the start.
    void sharesSplitTheScenario() {
        Scenario scenario = parse(R"({
  "version": 1, "duration": "500ms", "name": "shares",
  "workers": [
    { "ident": "open", "target": { "kind": "synthetic", "latency": { "distribution": "fixed", "value": "1ms" } },
      "rate": { "rps": 300 } },
    { "ident": "closed", "target": { "kind": "synthetic", "latency": { "distribution": "fixed", "value": "20ms" } },
      "rate": { "max": true }, "overtime": 1, "force": 3 }
  ]
})");
        constexpr std::uint32_t kShares = 3;
        const TimePoint begin = Clock::now();
        const TimePoint startAt = begin + 300ms;
        std::vector<std::unique_ptr<ScenarioRun>> runs;
        for (std::uint32_t r = 0; r < kShares; ++r) {
            RunOptions options;
            options.shareIndex = r;
            options.shareCount = kShares;
            runs.push_back(std::make_unique<ScenarioRun>(scenario, options));
            QVERIFY(runs.back()->prepare().isEmpty());
            QCOMPARE(
                runs.back()->workerIdents(),
                (QStringList{QStringLiteral("open"), QStringLiteral("closed #%1").arg(r + 1)}));
            QVERIFY(runs.back()->start(startAt));
        }
        std::uint64_t ticks = 0;
        for (auto& run : runs) {
            QVERIFY(run->wait(20s));
            QVERIFY(Clock::now() - begin >= 800ms); // 300 ms to the start, then 500 ms
            const RunResults r = run->results();
            QVERIFY(!run->failure());
            ticks += r.worker(QStringLiteral("open"))->ticks;
            QVERIFY(r.worker(QStringLiteral("closed #1")) ||
                    r.worker(QStringLiteral("closed #2")) || r.worker(QStringLiteral("closed #3")));
            QCOMPARE(r.workers.size(), 2);
        }
        QCOMPARE(ticks, std::uint64_t(150)); // ceil(300/s × 0.5 s)
    }

    // A closed worker with fewer callers than shares is hired where its callers are; a share
    // with none of the scenario's callers runs nothing, and is no error.
    void shareWithoutCallersRunsNothing() {
        Scenario scenario = parse(R"({
  "version": 1, "duration": "200ms",
  "workers": [ { "ident": "one", "target": { "kind": "synthetic" }, "rate": { "max": true }, "overtime": 1 } ]
})");
        RunOptions options;
        options.shareIndex = 1;
        options.shareCount = 2;
        ScenarioRun run(scenario, options);
        QVERIFY(run.prepare().isEmpty());
        QVERIFY(run.workerIdents().isEmpty());
        QVERIFY(run.start());
        QVERIFY(run.wait(20s));
        QCOMPARE(run.results().total.ticks, std::uint64_t(0));
        options.shareIndex = 0;
        ScenarioRun first(scenario, options);
        QVERIFY(first.prepare().isEmpty());
        QCOMPARE(first.workerIdents(), QStringList{QStringLiteral("one")});
    }

    void sandboxIsRefusedInShares() {
        Scenario scenario = parse(R"({
  "version": 1, "duration": "1s",
  "workers": [ { "ident": "api", "target": { "kind": "http", "url": "http:\/\/sandbox/x" }, "rate": { "rps": 5 } } ]
})");
        RunOptions options;
        options.shareCount = 2;
        ScenarioRun run(scenario, options);
        const QList<Problem> problems = run.prepare();
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].path, QStringLiteral("workers[0].target.url"));
        QVERIFY2(problems[0].message.contains(QStringLiteral("distributed")),
                 qPrintable(problems[0].message));
        QVERIFY(run.sandboxUrl().isEmpty());
    }

    void unknownVariableAndBadTargetAreProblems() {
        Scenario scenario = parse(R"({
  "version": 1, "duration": "1s",
  "workers": [ { "ident": "api", "target": { "kind": "http", "url": "http:\/\/127.0.0.1:1/${NOPE_NOT_SET}" }, "rate": { "rps": 5 } } ]
})");
        RunOptions options;
        options.env = QProcessEnvironment();
        ScenarioRun run(scenario, options);
        QList<Problem> problems = run.prepare();
        QCOMPARE(problems.size(), 1);
        QVERIFY(problems[0].path.startsWith(QStringLiteral("workers[0].target")));
        QVERIFY(problems[0].message.contains(QStringLiteral("NOPE_NOT_SET")));
        QVERIFY(!run.start());
    }

    void tlsFileProblemsNameTheKey() {
        Scenario scenario = parse(R"({
  "version": 1, "duration": "1s",
  "workers": [ { "ident": "api", "target": { "kind": "http", "url": "https:\/\/127.0.0.1:1/", "ca_file": "\/nonexistent\/ca.pem" }, "rate": { "rps": 5 } } ]
})");
        ScenarioRun run(scenario);
        const QList<Problem> problems = run.prepare();
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].path, QStringLiteral("workers[0].target"));
        QCOMPARE(problems[0].message,
                 QStringLiteral(
                     "ca_file: cannot load \"/nonexistent/ca.pem\": No such file or directory"));
        QVERIFY(!run.start());
    }

    // A command target's program that cannot be run — missing, a folder, not executable, a
    // name not in PATH — stops the run before it starts, each named (every call failed with
    // kind spawn, for the whole run); one that exists (a path, or a name in PATH) runs.
    void missingProgramIsAProblem() {
        QTemporaryDir dir;
        const QString plain = dir.filePath(QStringLiteral("plain"));
        QFile f(plain);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a program\n");
        f.close();
        Scenario scenario = parse(QStringLiteral(R"({
  "version": 1, "duration": "1s",
  "workers": [
    { "ident": "a", "target": { "kind": "command", "program": "\/nonexistent\/prog" }, "rate": { "rps": 5 } },
    { "ident": "b", "target": { "kind": "command", "program": "%1" }, "rate": { "rps": 5 } },
    { "ident": "c", "target": { "kind": "command", "program": "%2" }, "rate": { "rps": 5 } },
    { "ident": "d", "target": { "kind": "command", "program": "no-such-program-pusher" }, "rate": { "rps": 5 } },
    { "ident": "e", "target": { "kind": "command", "program": "true" }, "rate": { "rps": 5 } },
    { "ident": "f", "target": { "kind": "command", "program": "\/bin\/true" }, "rate": { "rps": 5 } },
    { "ident": "g", "target": { "kind": "command", "program": "echo hello world" }, "rate": { "rps": 5 } },
    { "ident": "h", "target": { "kind": "command", "program": "\/bin\/echo hello" }, "rate": { "rps": 5 } },
    { "ident": "i", "target": { "kind": "command", "program": "true " }, "rate": { "rps": 5 } },
    { "ident": "j", "target": { "kind": "command", "program": "no-such-program-pusher x" }, "rate": { "rps": 5 } } ]
})")
                                      .arg(dir.path(), plain)
                                      .toUtf8());
        ScenarioRun run(scenario);
        const QList<Problem> problems = run.prepare();
        QStringList seen;
        for (const Problem& p : problems)
            seen.append(p.toString());
        QCOMPARE(
            seen,
            (QStringList{
                QStringLiteral("workers[0].target: program: \"/nonexistent/prog\": no such file"),
                QStringLiteral("workers[1].target: program: \"%1\" is not a file").arg(dir.path()),
                QStringLiteral("workers[2].target: program: \"%1\" is not executable").arg(plain),
                QStringLiteral("workers[3].target: program: \"no-such-program-pusher\" is not "
                               "found in PATH"),
                // Arguments typed after the program's name: said where they go (it said only
                // "not found").
                QStringLiteral("workers[6].target: program: \"echo hello world\" is not found in "
                               "PATH: a program's arguments go in Arguments (\"args\" in the "
                               "file), one per line, not after its name: program \"echo\", "
                               "arguments \"hello\", \"world\""),
                QStringLiteral("workers[7].target: program: \"/bin/echo hello\": no such file: a "
                               "program's arguments go in Arguments (\"args\" in the file), one "
                               "per line, not after its name: program \"/bin/echo\", arguments "
                               "\"hello\""),
                QStringLiteral("workers[8].target: program: \"true \" is not found in PATH: the "
                               "name has spaces around it (\"true\" is found)"),
                QStringLiteral("workers[9].target: program: \"no-such-program-pusher x\" is not "
                               "found in PATH")}));
        QVERIFY(!run.start());
    }

    // RunOptions::checkOnly (pusher-cli validate) finds the problems a run's preparation
    // finds, by the same code, and starts nothing: no sandbox server for a sandbox URL, and
    // start() refuses; a scenario without problems prepares as ready.
    void checkOnlyFindsTheSameProblemsAndStartsNothing() {
        const QByteArray text = R"({
  "version": 1, "duration": "1s",
  "workers": [
    { "ident": "box", "target": { "kind": "http", "url": "http:\/\/sandbox\/echo" }, "rate": { "rps": 5 } },
    { "ident": "tls", "target": { "kind": "http", "url": "https:\/\/127.0.0.1:1/", "ca_file": "\/nonexistent\/ca.pem" }, "rate": { "rps": 5 } },
    { "ident": "cmd", "target": { "kind": "command", "program": "\/nonexistent\/prog" }, "rate": { "rps": 5 } } ]
})";
        QStringList asRun;
        {
            ScenarioRun run(parse(text));
            for (const Problem& p : run.prepare())
                asRun.append(p.toString());
        }
        QCOMPARE(asRun.size(), 2);
        RunOptions check;
        check.checkOnly = true;
        ScenarioRun checked(parse(text), check);
        QStringList seen;
        for (const Problem& p : checked.prepare())
            seen.append(p.toString());
        QCOMPARE(seen, asRun);
        QVERIFY(checked.sandboxUrl().isEmpty());

        QByteArray fine = text;
        fine.replace(R"("ca_file": "\/nonexistent\/ca.pem")", R"("insecure": true)");
        fine.replace(R"(\/nonexistent\/prog)", "true");
        ScenarioRun ready(parse(fine), check);
        const QList<Problem> none = ready.prepare();
        QVERIFY2(none.isEmpty(), qPrintable(none.value(0).toString()));
        QVERIFY(ready.sandboxUrl().isEmpty()); // a run would have started one
        QVERIFY(!ready.start());
        QVERIFY(!ready.wait(std::chrono::milliseconds(10)));
    }

    // The key's passphrase comes from the environment when the run starts; a wrong one stops
    // the run before it starts, named by the scenario's key and the key's file.
    void keyPassphraseFromTheEnvironment() {
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (openssl.isEmpty())
            QSKIP("the openssl command is not installed");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString cert = dir.filePath(QStringLiteral("client.pem"));
        const QString key = dir.filePath(QStringLiteral("client.key"));
        // Started with posix_spawn, not QProcess: QProcess's fork makes ThreadSanitizer take
        // this process for a forked child, which then dies at its next thread.
        testing::Child make;
        QVERIFY(make.start(
            openssl,
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
             QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
             QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-passout"),
             QStringLiteral("pass:right horse"), QStringLiteral("-subj"),
             QStringLiteral("/CN=pusher-client"), QStringLiteral("-days"), QStringLiteral("1"),
             QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert},
            dir.filePath(QStringLiteral("openssl.log"))));
        QCOMPARE(make.wait(60000), 0);
        const QByteArray json = QStringLiteral(R"({
  "version": 1, "duration": "1s",
  "workers": [ { "ident": "api", "target": { "kind": "http", "url": "https:\/\/127.0.0.1:1/",
    "client_cert": "%1", "client_key": "%2", "client_key_passphrase": "${PUSHER_TEST_KEY_PASS}" },
    "rate": { "rps": 5 } } ]
})")
                                    .arg(cert, key)
                                    .toUtf8();
        const Scenario scenario = parse(json);
        RunOptions options;
        options.env = QProcessEnvironment();
        {
            ScenarioRun run(scenario, options);
            const QList<Problem> problems = run.prepare();
            QCOMPARE(problems.size(), 1);
            QCOMPARE(problems[0].path, QStringLiteral("workers[0].target.client_key_passphrase"));
            QCOMPARE(problems[0].message,
                     QStringLiteral("environment variable PUSHER_TEST_KEY_PASS is not set"));
        }
        options.env.insert(QStringLiteral("PUSHER_TEST_KEY_PASS"), QStringLiteral("wrong horse"));
        {
            ScenarioRun run(scenario, options);
            const QList<Problem> problems = run.prepare();
            QCOMPARE(problems.size(), 1);
            QCOMPARE(problems[0].path, QStringLiteral("workers[0].target"));
            QVERIFY2(problems[0].message.startsWith(
                         QStringLiteral("client_key_passphrase: cannot decrypt \"%1\": wrong "
                                        "passphrase")
                             .arg(key)),
                     qPrintable(problems[0].message));
            QVERIFY(!problems[0].message.contains(QStringLiteral("wrong horse")));
        }
        options.env.insert(QStringLiteral("PUSHER_TEST_KEY_PASS"), QStringLiteral("right horse"));
        ScenarioRun run(scenario, options);
        const QList<Problem> problems = run.prepare();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.value(0).toString()));
    }

    void refusedConnectionsAreErrorsNotFailures() {
        Scenario scenario = parse(R"({
  "version": 1, "duration": "500ms",
  "workers": [ { "ident": "api", "target": { "kind": "http", "url": "http:\/\/127.0.0.1:1/" }, "rate": { "rps": 40 } } ]
})");
        ScenarioRun run(scenario);
        QVERIFY(run.prepare().isEmpty());
        QVERIFY(run.start());
        QVERIFY(run.wait(20s));
        QVERIFY(!run.failure());
        RunResults r = run.results();
        QVERIFY(r.total.errors > 5);
        QCOMPARE(r.total.errorsByKind.value(QStringLiteral("refused")), r.total.errors);
    }

    void urlOverrideAndScale() {
        SandboxServer sandbox;
        QVERIFY(sandbox.start());
        Scenario scenario = parse(R"({
  "version": 1, "duration": "1s",
  "workers": [ { "ident": "api", "target": { "kind": "http", "url": "http:\/\/127.0.0.1:1/" }, "rate": { "rps": 20 } } ]
})");
        RunOptions options;
        options.url = sandbox.url() + QStringLiteral("/ok");
        options.rpsScale = 5;
        ScenarioRun run(scenario, options);
        QVERIFY(run.prepare().isEmpty());
        QVERIFY(run.start());
        QVERIFY(run.wait(20s));
        RunResults r = run.results();
        QCOMPARE(r.total.errors, std::uint64_t(0));
        QVERIFY2(r.total.ok > 80, qPrintable(QString::number(r.total.ok)));
        QVERIFY(sandbox.requestCount() >= r.total.ok);
    }

    void connectionsCapAndExactCounts() {
        // A capped HTTP target: never more than 3 connections, every tick of 1 s at
        // 1,000/s started and answered, none past the duration.
        SandboxServer sandbox;
        QVERIFY(sandbox.start());
        Scenario scenario = parse(R"({
  "version": 1, "duration": "1s",
  "workers": [ { "ident": "api",
    "target": { "kind": "http", "url": "http:\/\/127.0.0.1:1/", "connections": 3 },
    "rate": { "rps": 1000 }, "overtime": 5000 } ]
})");
        QCOMPARE(scenario.workers[0].target.connections, qint64(3));
        RunOptions options;
        options.url = sandbox.url() + QStringLiteral("/ok?delay=1ms");
        ScenarioRun run(scenario, options);
        QVERIFY(run.prepare().isEmpty());
        QVERIFY(run.start());
        QVERIFY(run.wait(20s));
        const RunResults r = run.results();
        QCOMPARE(r.total.errors, std::uint64_t(0));
        QCOMPARE(r.total.canceled, std::uint64_t(0));
        QCOMPARE(r.total.completed, r.total.ticks);
        QVERIFY2(r.total.ticks <= 1000 && r.total.ticks >= 980,
                 qPrintable(QString::number(r.total.ticks)));
        QCOMPARE(sandbox.requestCount(), static_cast<quint64>(r.total.completed));
        QVERIFY2(sandbox.connectionCount() <= 3 && sandbox.connectionCount() >= 1,
                 qPrintable(QString::number(sandbox.connectionCount())));
        QCOMPARE(r.total.lagTime.count(), r.total.started);
    }
};

QTEST_GUILESS_MAIN(TestScenarioRun)
#include "tst_scenariorun.moc"
