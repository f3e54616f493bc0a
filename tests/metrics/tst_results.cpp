// RunResults: the results file round-trips, carries every documented key, rejects bad input
// with the path of the offending key.
#include "sample.h"

#include <pusher/merge.h>
#include <pusher/results.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <functional>

using pusher::RunResults;
using pusher::Snapshot;
using pusher::TimelinePoint;

class TestResults : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { m_sample = testing::sampleResults(); }
    void jsonRoundTrip();
    void hasDocumentedKeys_data();
    void hasDocumentedKeys();
    void histogramsRecomputeSummaries();
    void readsFilesWithoutLag();
    void interruptedRoundTripsAndIsOptional();
    void plannedDurationRoundTripsAndIsOptional();
    void partialIntervals();
    void saveAndLoad();
    void loadErrors();
    void rejects_data();
    void rejects();
    void journeyStepsKeepTheirOrder();
    void version1FilesMeasuredNothingWhereNothingCompleted();
    void version2RoundTrips();
    void newerVersionsAreRefusedSayingSo();

private:
    RunResults m_sample;
};

void TestResults::jsonRoundTrip() {
    const QJsonObject json = m_sample.toJson();
    QString error;
    const RunResults back = RunResults::fromJson(json, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(back == m_sample);
    // Also through text: doubles and counts survive serialisation exactly.
    const QByteArray text = QJsonDocument(json).toJson(QJsonDocument::Compact);
    const RunResults back2 = RunResults::fromJson(QJsonDocument::fromJson(text).object(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(back2 == m_sample);
    QCOMPARE(QJsonDocument(back2.toJson()).toJson(QJsonDocument::Compact), text);
    QCOMPARE(back2.total.serviceTime.percentile(99.9), m_sample.total.serviceTime.percentile(99.9));

    // A threshold that measured nothing (NaN) is written as null and reads back as NaN; such
    // a file was refused ("value: not a number").
    RunResults nothing = m_sample;
    nothing.thresholds.append({QStringLiteral("shop/order.p99 < 250ms"), std::nan(""), false});
    const QByteArray withNull = QJsonDocument(nothing.toJson()).toJson(QJsonDocument::Compact);
    QVERIFY2(withNull.contains(R"({"expr":"shop/order.p99 < 250ms","passed":false,"value":null})"),
             withNull.constData());
    const RunResults back3 =
        RunResults::fromJson(QJsonDocument::fromJson(withNull).object(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(std::isnan(back3.thresholds.constLast().value));
    QVERIFY(back3 == nothing);
}

void TestResults::hasDocumentedKeys_data() {
    QTest::addColumn<QString>("path");
    for (const char* key : {"version", "scenario", "started_at", "duration_s", "interval_s",
                            "passed", "thresholds", "thresholds.0.expr", "thresholds.0.value",
                            "thresholds.0.passed", "total", "workers", "timeline"})
        QTest::newRow(key) << QString::fromLatin1(key);
    for (const char* key : {"ticks",
                            "started",
                            "canceled",
                            "canceled_dropped",
                            "completed",
                            "ok",
                            "errors",
                            "errors_by_kind",
                            "error_samples",
                            "achieved_rps",
                            "latency_ms.min",
                            "latency_ms.mean",
                            "latency_ms.p50",
                            "latency_ms.p90",
                            "latency_ms.p99",
                            "latency_ms.p999",
                            "latency_ms.max",
                            "response_ms.min",
                            "response_ms.p999",
                            "response_ms.max",
                            "lag_ms.p50",
                            "lag_ms.p99",
                            "lag_ms.max",
                            "histograms.latency",
                            "histograms.response",
                            "histograms.lag"}) {
        QTest::newRow(qPrintable(QStringLiteral("total.") + QLatin1String(key)))
            << QStringLiteral("total.") + QLatin1String(key);
        QTest::newRow(qPrintable(QStringLiteral("workers.1.") + QLatin1String(key)))
            << QStringLiteral("workers.1.") + QLatin1String(key);
    }
    QTest::newRow("workers.0.ident") << QStringLiteral("workers.0.ident");
    for (const char* key : {"t", "worker", "started", "completed", "ok", "errors", "canceled",
                            "inflight", "rps", "p50_ms", "p90_ms", "p99_ms", "max_ms"})
        QTest::newRow(qPrintable(QStringLiteral("timeline.5.") + QLatin1String(key)))
            << QStringLiteral("timeline.5.") + QLatin1String(key);
}

void TestResults::hasDocumentedKeys() {
    QFETCH(QString, path);
    QJsonValue v = m_sample.toJson();
    for (const QString& part : path.split(QLatin1Char('.'))) {
        bool isIndex = false;
        const int index = part.toInt(&isIndex);
        if (isIndex) {
            QVERIFY2(v.isArray() && index < v.toArray().size(), qPrintable(part));
            v = v.toArray().at(index);
        } else {
            QVERIFY2(v.isObject() && v.toObject().contains(part), qPrintable(part));
            v = v.toObject().value(part);
        }
    }
    QVERIFY(!v.isNull() && !v.isUndefined());
}

void TestResults::histogramsRecomputeSummaries() {
    for (const auto* w : {&m_sample.total, &m_sample.workers[0], &m_sample.workers[1]}) {
        QCOMPARE(pusher::LatencyMs::of(w->serviceTime), w->latencyMs);
        QCOMPARE(pusher::LatencyMs::of(w->responseTime), w->responseMs);
        QCOMPARE(pusher::LatencyMs::of(w->lagTime), w->lagMs);
    }
    // The sample starts "db, replica"'s calls 50 µs after their ticks, "api"'s on time.
    QVERIFY(std::fabs(m_sample.workers[1].lagMs.p50 - 0.05) <= 0.05 / 128);
    QVERIFY(m_sample.workers[0].lagMs.max <= 0.001); // clamped to the 1 µs floor
    QCOMPARE(m_sample.total.lagTime.count(), m_sample.total.started);
    // The sample's errors all say "failed": one distinct message per kind.
    QCOMPARE(m_sample.total.errorSamples.value(QStringLiteral("timeout")),
             QStringList{QStringLiteral("failed")});
    QCOMPARE(m_sample.total.errorSamples.size(), 2);
    // Merging the Workers' histograms gives the total's: runs can be merged later.
    pusher::Histogram merged = m_sample.workers[0].serviceTime;
    merged.merge(m_sample.workers[1].serviceTime);
    QVERIFY(merged == m_sample.total.serviceTime);
}

void TestResults::partialIntervals() {
    // The sample's last interval (100 ms after the last cut) is partial in every series, and
    // the flag survives the file.
    int partial = 0;
    for (const auto& p : m_sample.timeline)
        partial += p.partial ? 1 : 0;
    QCOMPARE(partial, 3); // farm, api, "db, replica"
    QVERIFY(m_sample.timeline.constLast().partial);
    const QJsonObject json = m_sample.toJson();
    const QJsonArray timeline = json.value(QStringLiteral("timeline")).toArray();
    QCOMPARE(timeline.last().toObject().value(QStringLiteral("partial")).toBool(), true);
    QCOMPARE(timeline.first().toObject().value(QStringLiteral("partial")).toBool(true), false);
    // A file written before the key existed: its entries at the run's end are partial.
    QJsonObject old = json;
    QJsonArray stripped;
    for (const auto& v : timeline) {
        QJsonObject o = v.toObject();
        o.remove(QStringLiteral("partial"));
        stripped.append(o);
    }
    old.insert(QStringLiteral("timeline"), stripped);
    QString error;
    const RunResults back = RunResults::fromJson(old, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(back.timeline == m_sample.timeline);
    // A bad value is reported with its path.
    QJsonArray bad = timeline;
    QJsonObject first = bad.first().toObject();
    first.insert(QStringLiteral("partial"), QStringLiteral("yes"));
    bad.replace(0, first);
    old.insert(QStringLiteral("timeline"), bad);
    QVERIFY(RunResults::fromJson(old, &error).timeline.isEmpty());
    QVERIFY2(error.startsWith(QStringLiteral("timeline[0].partial")), qPrintable(error));
}

void TestResults::readsFilesWithoutLag() {
    // Files written before lag_ms existed still load; their lag reads as empty.
    QJsonObject o = m_sample.toJson();
    auto strip = [](QJsonObject w) {
        w.remove(QStringLiteral("lag_ms"));
        QJsonObject h = w.value(QStringLiteral("histograms")).toObject();
        h.remove(QStringLiteral("lag"));
        w.insert(QStringLiteral("histograms"), h);
        return w;
    };
    o.insert(QStringLiteral("total"), strip(o.value(QStringLiteral("total")).toObject()));
    QJsonArray workers;
    for (const QJsonValue& w : o.value(QStringLiteral("workers")).toArray())
        workers.append(strip(w.toObject()));
    o.insert(QStringLiteral("workers"), workers);
    QString why;
    const pusher::RunResults back = pusher::RunResults::fromJson(o, &why);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QCOMPARE(back.workers.size(), m_sample.workers.size());
    QCOMPARE(back.total.lagTime.count(), std::uint64_t(0));
    QCOMPARE(back.total.lagMs, pusher::LatencyMs{});
    QCOMPARE(back.total.responseMs, m_sample.total.responseMs);
}

void TestResults::interruptedRoundTripsAndIsOptional() {
    pusher::RunResults r = m_sample;
    r.interrupted = true;
    r.passed = false;
    r.total.interrupted = 7;
    r.workers[0].interrupted = 7;
    r.timeline[0].interrupted = 7;
    const QJsonObject o = r.toJson();
    QCOMPARE(o.value(QStringLiteral("interrupted")).toBool(), true);
    QCOMPARE(
        o.value(QStringLiteral("total")).toObject().value(QStringLiteral("interrupted")).toInt(),
        7);
    QString why;
    QCOMPARE(pusher::RunResults::fromJson(o, &why), r);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    // Files written before "interrupted" existed: not interrupted, nothing cut.
    QJsonObject old = m_sample.toJson();
    old.remove(QStringLiteral("interrupted"));
    QJsonObject total = old.value(QStringLiteral("total")).toObject();
    total.remove(QStringLiteral("interrupted"));
    old.insert(QStringLiteral("total"), total);
    const pusher::RunResults back = pusher::RunResults::fromJson(old, &why);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QVERIFY(!back.interrupted);
    QCOMPARE(back.total.interrupted, 0u);
}

// A stopped or recovered run could not say how much of its plan it covers: the file kept
// duration_s (the time run) and not the planned duration. planned_s keeps it: written when
// known, read back exactly (through a file too), absent in older files (read as not known,
// and written back without it), refused when it is not a positive number. The version stays
// 2: a reader ignores keys it does not know, as older version 2 readers do planned_s.
void TestResults::plannedDurationRoundTripsAndIsOptional() {
    RunResults r = m_sample;
    r.plannedS = 30;
    r.interrupted = true;
    r.passed = false;
    const QJsonObject o = r.toJson();
    QCOMPARE(o.value(QStringLiteral("planned_s")).toDouble(), 30.0);
    QCOMPARE(o.value(QStringLiteral("version")).toInt(), 2);
    QString why;
    const RunResults back = RunResults::fromJson(o, &why);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QCOMPARE(back.plannedS, 30.0);
    QCOMPARE(back, r);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("run.json"));
    QVERIFY2(r.save(path, &why), qPrintable(why));
    const auto loaded = RunResults::load(path, &why);
    QVERIFY2(loaded, qPrintable(why));
    QCOMPARE(loaded->plannedS, 30.0);
    QCOMPARE(*loaded, r);

    // An older file (no planned_s): it reads, the plan not known, and is written back so.
    QJsonObject old = o;
    old.remove(QStringLiteral("planned_s"));
    const RunResults older = RunResults::fromJson(old, &why);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QCOMPARE(older.plannedS, 0.0);
    QVERIFY(older.interrupted);
    QVERIFY(!older.toJson().contains(QStringLiteral("planned_s")));
    QVERIFY(!m_sample.toJson().contains(QStringLiteral("planned_s")));

    // The reader ignores keys it does not know (docs/results-format.md: "Extra keys are
    // ignored"): what a version 2 reader before planned_s does with it.
    QJsonObject extra = old;
    extra.insert(QStringLiteral("a_key_of_a_later_build"), QJsonObject{{QStringLiteral("x"), 1}});
    QCOMPARE(RunResults::fromJson(extra, &why), older);
    QVERIFY2(why.isEmpty(), qPrintable(why));

    // Not a positive number: refused by its key.
    for (const QJsonValue& bad : {QJsonValue(QStringLiteral("30s")), QJsonValue(0), QJsonValue(-1),
                                  QJsonValue(QJsonValue::Null)}) {
        QJsonObject wrong = o;
        wrong.insert(QStringLiteral("planned_s"), bad);
        QCOMPARE(RunResults::fromJson(wrong, &why), RunResults{});
        QVERIFY2(why == QStringLiteral("planned_s: not a number") ||
                     why == QStringLiteral("planned_s: not a positive number"),
                 qPrintable(why));
    }
}

void TestResults::saveAndLoad() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("run.json"));
    QString error;
    QVERIFY2(m_sample.save(path, &error), qPrintable(error));
    auto loaded = RunResults::load(path, &error);
    QVERIFY2(loaded, qPrintable(error));
    QVERIFY(*loaded == m_sample);
}

void TestResults::loadErrors() {
    QTemporaryDir dir;
    QString error;
    const QString missing = dir.filePath(QStringLiteral("nope.json"));
    QVERIFY(!RunResults::load(missing, &error));
    QVERIFY2(error.startsWith(missing), qPrintable(error));

    const QString broken = dir.filePath(QStringLiteral("broken.json"));
    QFile f(broken);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"version\": 1,\n  \"total\": {\"ok\": 3,}\n}");
    f.close();
    QVERIFY(!RunResults::load(broken, &error));
    // Where, as for a scenario: the line and column of the stray "}" after "3,".
    QVERIFY2(error.startsWith(broken + QStringLiteral(": line 2, column 21: ")), qPrintable(error));

    QVERIFY(m_sample.save(broken));
    QFile g(broken);
    QVERIFY(g.open(QIODevice::WriteOnly | QIODevice::Truncate));
    g.write("[1, 2]");
    g.close();
    QVERIFY(!RunResults::load(broken, &error));
    QVERIFY2(error.contains(QStringLiteral("not a JSON object")), qPrintable(error));

    // A scenario where results are wanted (an overlay, `report`) is called a scenario: it
    // said "scenario: missing", the first results key it lacks.
    const QString scenario = dir.filePath(QStringLiteral("scenario.json"));
    QFile h(scenario);
    QVERIFY(h.open(QIODevice::WriteOnly));
    h.write(R"({"version": 1, "name": "s", "duration": "1s",
                "workers": [{"ident": "a", "target": {"kind": "synthetic"}, "rate": {"rps": 1}}]})");
    h.close();
    QVERIFY(!RunResults::load(scenario, &error));
    QVERIFY2(error.startsWith(scenario + QStringLiteral(": a scenario file, not the results")),
             qPrintable(error));
}

using Mutation = std::function<void(QJsonObject&)>;
Q_DECLARE_METATYPE(Mutation)

namespace {
// at edits the object at key `key` (and array index) of `root` in place.
void editWorker(QJsonObject& root, int index, const std::function<void(QJsonObject&)>& edit) {
    QJsonArray workers = root.value(QStringLiteral("workers")).toArray();
    QJsonObject w = workers.at(index).toObject();
    edit(w);
    workers.replace(index, w);
    root.insert(QStringLiteral("workers"), workers);
}
void editTotal(QJsonObject& root, const std::function<void(QJsonObject&)>& edit) {
    QJsonObject t = root.value(QStringLiteral("total")).toObject();
    edit(t);
    root.insert(QStringLiteral("total"), t);
}
} // namespace

void TestResults::rejects_data() {
    QTest::addColumn<Mutation>("mutate");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no version") << Mutation([](QJsonObject& o) {
        o.remove(QStringLiteral("version"));
    }) << QStringLiteral("version: missing");
    QTest::newRow("future version")
        << Mutation([](QJsonObject& o) { o.insert(QStringLiteral("version"), 99); })
        << QStringLiteral("version: results version 99, written by a newer version of pusher");
    QTest::newRow("version 0") << Mutation([](QJsonObject& o) {
        o.insert(QStringLiteral("version"), 0);
    }) << QStringLiteral("version: unsupported version 0 (this build reads 1 to 2)");
    QTest::newRow("bad date") << Mutation([](QJsonObject& o) {
        o.insert(QStringLiteral("started_at"), QStringLiteral("yesterday"));
    }) << QStringLiteral("started_at: not an ISO 8601");
    QTest::newRow("passed not bool")
        << Mutation([](QJsonObject& o) { o.insert(QStringLiteral("passed"), 1); })
        << QStringLiteral("passed: not true or false");
    QTest::newRow("worker ok string") << Mutation([](QJsonObject& o) {
        editWorker(o, 1,
                   [](QJsonObject& w) { w.insert(QStringLiteral("ok"), QStringLiteral("12")); });
    }) << QStringLiteral("workers[1].ok: not a number");
    QTest::newRow("negative count") << Mutation([](QJsonObject& o) {
        editWorker(o, 0, [](QJsonObject& w) { w.insert(QStringLiteral("ticks"), -1); });
    }) << QStringLiteral("workers[0].ticks: not a non-negative whole number");
    QTest::newRow("counts disagree") << Mutation([](QJsonObject& o) {
        editTotal(o, [](QJsonObject& w) { w.insert(QStringLiteral("canceled"), 0); });
    }) << QStringLiteral("total: ticks");
    QTest::newRow("latency missing p99") << Mutation([](QJsonObject& o) {
        editTotal(o, [](QJsonObject& w) {
            QJsonObject l = w.value(QStringLiteral("latency_ms")).toObject();
            l.remove(QStringLiteral("p99"));
            w.insert(QStringLiteral("latency_ms"), l);
        });
    }) << QStringLiteral("total.latency_ms.p99: missing");
    QTest::newRow("corrupt histogram") << Mutation([](QJsonObject& o) {
        editTotal(o, [](QJsonObject& w) {
            QJsonObject h = w.value(QStringLiteral("histograms")).toObject();
            h.insert(QStringLiteral("latency"), QStringLiteral("UEgxAAE="));
            w.insert(QStringLiteral("histograms"), h);
        });
    }) << QStringLiteral("total.histograms.latency: invalid histogram");
    QTest::newRow("step index on a worker")
        << Mutation([](QJsonObject& o) {
               editWorker(o, 0, [](QJsonObject& w) { w.insert(QStringLiteral("step_index"), 0); });
           })
        << QStringLiteral("workers[0].step_index: only a flow step (\"worker/step\") has one, "
                          "not \"api\"");
    QTest::newRow("timeline entry not object") << Mutation([](QJsonObject& o) {
        QJsonArray t = o.value(QStringLiteral("timeline")).toArray();
        t.replace(2, 5);
        o.insert(QStringLiteral("timeline"), t);
    }) << QStringLiteral("timeline[2]: not an object");
    QTest::newRow("threshold without expr") << Mutation([](QJsonObject& o) {
        QJsonArray t = o.value(QStringLiteral("thresholds")).toArray();
        QJsonObject first = t.at(1).toObject();
        first.remove(QStringLiteral("expr"));
        t.replace(1, first);
        o.insert(QStringLiteral("thresholds"), t);
    }) << QStringLiteral("thresholds[1].expr: missing");
}

void TestResults::rejects() {
    QFETCH(Mutation, mutate);
    QFETCH(QString, expected);
    QJsonObject json = m_sample.toJson();
    mutate(json);
    QString error;
    const RunResults r = RunResults::fromJson(json, &error);
    QVERIFY2(error.startsWith(expected), qPrintable(error));
    QVERIFY(r == RunResults{});
}

// A flow's steps are in the order the journey takes them, right after their worker (not by
// name: "shop-api" sorts between "shop" and "shop/…"), in the recorder's results and its
// snapshots; the file keeps each step's index, so the order survives a read whatever the
// array's order; a file without indexes (written before them) reads, its steps after their
// worker by name; a bad index is refused with its path.
void TestResults::journeyStepsKeepTheirOrder() {
    const QStringList journey = {QStringLiteral("shop"), QStringLiteral("shop/login"),
                                 QStringLiteral("shop/browse"), QStringLiteral("shop/checkout"),
                                 QStringLiteral("shop-api")};
    std::vector<Snapshot> snapshots;
    const RunResults r = testing::journeyResults(
        {QStringLiteral("login"), QStringLiteral("browse"), QStringLiteral("checkout")},
        &snapshots);
    QCOMPARE(testing::identsOf(r.workers), journey);
    QVERIFY(!snapshots.empty());
    for (const Snapshot& s : snapshots)
        QCOMPARE(testing::identsOf(s.workers), journey);
    QCOMPARE(snapshots.back().workers[2].stepIndex, 1);
    QCOMPARE(r.worker(QStringLiteral("shop/checkout"))->stepIndex, 2);
    QCOMPARE(r.worker(QStringLiteral("shop"))->stepIndex, -1);
    QCOMPARE(r.worker(QStringLiteral("shop-api"))->stepIndex, -1);
    // The timeline's entries of an interval follow the same order, the farm first.
    QStringList first;
    for (const TimelinePoint& p : r.timeline)
        if (p.t == r.timeline.first().t)
            first.append(p.worker);
    QCOMPARE(first, QStringList{QStringLiteral("*")} + journey);

    QJsonObject json = r.toJson();
    const QJsonArray written = json.value(QStringLiteral("workers")).toArray();
    QCOMPARE(written.size(), 5);
    QCOMPARE(written[1].toObject().value(QStringLiteral("step_index")).toInt(-1), 0);
    QCOMPARE(written[3].toObject().value(QStringLiteral("step_index")).toInt(-1), 2);
    QVERIFY(!written[0].toObject().contains(QStringLiteral("step_index")));
    QVERIFY(!written[4].toObject().contains(QStringLiteral("step_index")));
    QString why;
    QCOMPARE(RunResults::fromJson(json, &why), r);
    QVERIFY2(why.isEmpty(), qPrintable(why));

    // The array in another order (by name, as older versions wrote it): the indexes decide.
    auto byName = [](QJsonArray workers, bool dropIndex) {
        QList<QJsonObject> list;
        for (const QJsonValue& v : workers) {
            QJsonObject o = v.toObject();
            if (dropIndex)
                o.remove(QStringLiteral("step_index"));
            list.append(o);
        }
        std::sort(list.begin(), list.end(), [](const QJsonObject& a, const QJsonObject& b) {
            return a.value(QStringLiteral("ident")).toString() <
                   b.value(QStringLiteral("ident")).toString();
        });
        QJsonArray out;
        for (const QJsonObject& o : list)
            out.append(o);
        return out;
    };
    json.insert(QStringLiteral("workers"), byName(written, false));
    QCOMPARE(testing::identsOf(RunResults::fromJson(json, &why).workers), journey);
    QVERIFY2(why.isEmpty(), qPrintable(why));

    // An older file, without step_index: it reads; its steps follow their worker, by name.
    json.insert(QStringLiteral("workers"), byName(written, true));
    const RunResults old = RunResults::fromJson(json, &why);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QCOMPARE(testing::identsOf(old.workers),
             (QStringList{QStringLiteral("shop"), QStringLiteral("shop/browse"),
                          QStringLiteral("shop/checkout"), QStringLiteral("shop/login"),
                          QStringLiteral("shop-api")}));
    QCOMPARE(old.worker(QStringLiteral("shop/login"))->stepIndex, -1);
    QCOMPARE(old.worker(QStringLiteral("shop/login"))->completed,
             r.worker(QStringLiteral("shop/login"))->completed);

    // A negative index is refused with its path.
    QJsonArray bad = written;
    QJsonObject step = bad[2].toObject();
    step.insert(QStringLiteral("step_index"), -1);
    bad.replace(2, step);
    json.insert(QStringLiteral("workers"), bad);
    RunResults::fromJson(json, &why);
    QCOMPARE(why, QStringLiteral("workers[2].step_index: not a non-negative whole number"));
}

namespace {

using namespace std::chrono_literals;

const char* const kLatencyKeys[] = {"p50_ms",      "p90_ms",      "p99_ms",      "max_ms",
                                    "resp_p50_ms", "resp_p90_ms", "resp_p99_ms", "resp_max_ms"};

// stepRun is two 1 s intervals of a journey's steps: in the first, j/pay's three calls sent
// their requests (30 ms each) or, with `sentFirst` false, none (a value missing: completed,
// failed, no latency sample) and j/login one of 20 ms; in the second, j/pay one of 40 ms and
// j/login none (idle).
RunResults stepRun(bool sentFirst) {
    pusher::IntervalRecorder::Options options;
    options.manualClock = true;
    options.interval = 1000ms;
    pusher::IntervalRecorder rec(options);
    const auto t0 = pusher::Clock::now();
    rec.start(t0);
    const auto call = [&](std::chrono::nanoseconds at, std::chrono::nanoseconds service,
                          pusher::Error error = {}) {
        pusher::Gossip g;
        g.when = pusher::When::AfterTarget;
        g.intended = g.start = t0 + at;
        g.end = g.start + service;
        g.error = std::move(error);
        return g;
    };
    const pusher::IntervalRecorder::Sink pay = rec.sink(QStringLiteral("j/pay"), 1);
    const pusher::IntervalRecorder::Sink login = rec.sink(QStringLiteral("j/login"), 0);
    for (int i = 0; i < 3; ++i)
        pay.recordCall(sentFirst ? call(10ms, 30ms)
                                 : call(10ms, 0ns, pusher::Error("extract", "no value")),
                       sentFirst);
    login.recordCall(call(0ms, 20ms));
    rec.cut(t0 + 1000ms);
    pay.recordCall(call(1100ms, 40ms));
    rec.cut(t0 + 2000ms);
    rec.finish(t0 + 2000ms);
    return rec.results();
}

// asVersion1 is `json` as a build before results version 2 wrote it: version 1, and 0 ms
// where an interval measured no latency (now null).
QJsonObject asVersion1(QJsonObject json) {
    json.insert(QStringLiteral("version"), 1);
    QJsonArray timeline;
    for (const QJsonValue& v : json.value(QStringLiteral("timeline")).toArray()) {
        QJsonObject o = v.toObject();
        for (const char* key : kLatencyKeys)
            if (o.value(QLatin1String(key)).isNull())
                o.insert(QLatin1String(key), 0);
        timeline.append(o);
    }
    json.insert(QStringLiteral("timeline"), timeline);
    return json;
}

// nullLatencies counts the timeline's entries of `worker` whose eight latencies are null.
int nullLatencies(const QJsonObject& json, const QString& worker) {
    int n = 0;
    for (const QJsonValue& v : json.value(QStringLiteral("timeline")).toArray()) {
        const QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("worker")).toString() != worker)
            continue;
        int nulls = 0;
        for (const char* key : kLatencyKeys)
            nulls += o.value(QLatin1String(key)).isNull() ? 1 : 0;
        n += nulls == 8 ? 1 : 0;
    }
    return n;
}

} // namespace

// A version 1 file (written before an interval's latencies could be null) has 0 ms where an
// interval measured none: where no call completed (j/login's idle second interval) and where
// every call that did was a step whose request never went out (j/pay's first, 3 calls).
// They read as not measured, as the run that wrote them recorded it, not as the run's
// fastest intervals; written again, they are null in a version 2 file; merged with a
// version 2 file (report --merge), they add no 0 ms to the other's latencies.
void TestResults::version1FilesMeasuredNothingWhereNothingCompleted() {
    const RunResults r = stepRun(false);
    const QJsonObject v1 = asVersion1(r.toJson());
    QCOMPARE(nullLatencies(v1, QStringLiteral("j/pay")), 0); // 0 ms, as version 1 wrote it
    QString why;
    const RunResults back = RunResults::fromJson(v1, &why);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QCOMPARE(back.version, 1);
    const QList<TimelinePoint> pay = back.series(QStringLiteral("j/pay"));
    const QList<TimelinePoint> login = back.series(QStringLiteral("j/login"));
    QVERIFY(pay.size() >= 2 && login.size() >= 2);
    QCOMPARE(pay[0].completed, 3u);
    QVERIFY(!pay[0].latencyMeasured);
    QCOMPARE(login[1].completed, 0u);
    QVERIFY(!login[1].latencyMeasured);
    QVERIFY(pay[1].latencyMeasured);
    QVERIFY(login[0].latencyMeasured);
    QVERIFY(std::fabs(login[0].p50Ms - 20.0) < 20.0 / 128);
    QCOMPARE(back.timeline, r.timeline); // as the run recorded it
    QCOMPARE(back.workers, r.workers);

    // Written again: version 2, null where nothing was measured.
    const QJsonObject again = back.toJson();
    QCOMPARE(again.value(QStringLiteral("version")).toInt(), 2);
    QCOMPARE(nullLatencies(again, QStringLiteral("j/pay")), 1);
    QCOMPARE(nullLatencies(again, QStringLiteral("j/login")), 1);

    // Merged with a version 2 part whose j/pay measured 30 ms in the first interval: 30 ms,
    // not 15 (the version 1 part's three calls at 0 ms); twice the version 1 file: nothing.
    const RunResults sent = RunResults::fromJson(stepRun(true).toJson(), &why);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QCOMPARE(sent.version, 2);
    const auto merged = pusher::mergeResults({back, sent}, {}, &why);
    QVERIFY2(merged, qPrintable(why));
    const TimelinePoint first = merged->series(QStringLiteral("j/pay"))[0];
    QCOMPARE(first.completed, 6u);
    QVERIFY(first.latencyMeasured);
    QVERIFY2(std::fabs(first.p50Ms - 30.0) < 30.0 / 128, qPrintable(QString::number(first.p50Ms)));
    const auto twice = pusher::mergeResults({back, back}, {}, &why);
    QVERIFY2(twice, qPrintable(why));
    QVERIFY(!twice->series(QStringLiteral("j/pay"))[0].latencyMeasured);
    QVERIFY(!twice->series(QStringLiteral("j/login"))[1].latencyMeasured);
    const QJsonObject mergedJson = twice->toJson();
    QCOMPARE(mergedJson.value(QStringLiteral("version")).toInt(), 2);
    QCOMPARE(nullLatencies(mergedJson, QStringLiteral("j/pay")), 1);
}

// This build writes results version 2, null latencies and all, and reads it back as it was.
void TestResults::version2RoundTrips() {
    const RunResults r = stepRun(false);
    QCOMPARE(r.version, 2);
    const QJsonObject json = r.toJson();
    QCOMPARE(json.value(QStringLiteral("version")).toInt(), 2);
    QCOMPARE(nullLatencies(json, QStringLiteral("j/pay")), 1);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("run.json"));
    QString why;
    QVERIFY2(r.save(path, &why), qPrintable(why));
    const auto back = RunResults::load(path, &why);
    QVERIFY2(back, qPrintable(why));
    QCOMPARE(back->version, 2);
    QCOMPARE(*back, r);
    QVERIFY(!back->series(QStringLiteral("j/pay"))[0].latencyMeasured);
    QVERIFY(back->series(QStringLiteral("j/pay"))[1].latencyMeasured);
}

// A file of a newer version is refused by its version, naming it and the versions this
// build reads, before anything in it this build would not understand ("timeline[3].p50_ms:
// not a number" was what a build reading version 1 said of a file with null latencies).
void TestResults::newerVersionsAreRefusedSayingSo() {
    QJsonObject json = stepRun(false).toJson();
    json.insert(QStringLiteral("version"), 3);
    QJsonArray timeline = json.value(QStringLiteral("timeline")).toArray();
    QJsonObject first = timeline.first().toObject();
    first.insert(QStringLiteral("p50_ms"), QStringLiteral("unknown to this build"));
    timeline.replace(0, first);
    json.insert(QStringLiteral("timeline"), timeline);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("newer.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(json).toJson());
    f.close();
    QString why;
    QVERIFY(!RunResults::load(path, &why));
    QCOMPARE(why, path + QStringLiteral(": version: results version 3, written by a newer "
                                        "version of pusher; this build reads versions 1 to 2"));
}

QTEST_GUILESS_MAIN(TestResults)
#include "tst_results.moc"
