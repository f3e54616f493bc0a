// mergeResults: parts of one run merge exactly from their histograms.
#include "samebuckets.h"
#include "sample.h"

#include <pusher/merge.h>
#include <pusher/results.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

#include <cmath>

using namespace pusher;

namespace {

// serviceTimesOf records the service times testing::sampleResults gives its calls, computed
// here from its formula, not from any results: the histogram one process would have made.
Histogram serviceTimesOf(int intervals, int rate, double slowdown, int worker = -1) {
    Histogram h;
    for (int i = 0; i < intervals; ++i)
        for (int w = 0; w < 2; ++w)
            for (int k = 0; k < rate; ++k)
                if (worker < 0 || worker == w)
                    h.record(static_cast<std::int64_t>(static_cast<long>(
                                 slowdown * (1000 + 37 * k + 200 * i + 3000 * w))) *
                             1000);
    return h;
}

using pusher::test::sameBuckets;

} // namespace

class TestMerge : public QObject {
    Q_OBJECT
private slots:
    void countsAndHistogramsAreExact() {
        const RunResults a = testing::sampleResults(20, 50, 1.0);
        const RunResults b = testing::sampleResults(12, 30, 2.0);
        QString why;
        auto m = mergeResults({a, b}, {}, &why);
        QVERIFY2(m, qPrintable(why));
        QCOMPARE(m->total.ticks, a.total.ticks + b.total.ticks);
        QCOMPARE(m->total.started, a.total.started + b.total.started);
        QCOMPARE(m->total.canceled, a.total.canceled + b.total.canceled);
        QCOMPARE(m->total.completed, std::uint64_t(20 * 50 * 2 + 12 * 30 * 2));
        QCOMPARE(m->total.ok + m->total.errors, m->total.completed);
        QCOMPARE(m->total.errorsByKind.value(QStringLiteral("timeout")),
                 a.total.errorsByKind.value(QStringLiteral("timeout")) +
                     b.total.errorsByKind.value(QStringLiteral("timeout")));
        // Bucket for bucket what one process recording every call would hold.
        Histogram all = serviceTimesOf(20, 50, 1.0);
        all.merge(serviceTimesOf(12, 30, 2.0));
        QVERIFY(sameBuckets(m->total.serviceTime, all));
        QCOMPARE(m->total.latencyMs, LatencyMs::of(all));
        QCOMPARE(m->total.latencyMs.max, std::max(a.total.latencyMs.max, b.total.latencyMs.max));
        // Workers matched by ident, each exact on its own.
        QCOMPARE(m->workers.size(), 2);
        QCOMPARE(m->workers[0].ident, QStringLiteral("api"));
        QCOMPARE(m->workers[1].ident, QStringLiteral("db, replica"));
        Histogram db = serviceTimesOf(20, 50, 1.0, 1);
        db.merge(serviceTimesOf(12, 30, 2.0, 1));
        QVERIFY(sameBuckets(m->workers[1].serviceTime, db));
        QCOMPARE(m->workers[1].completed, a.workers[1].completed + b.workers[1].completed);
        QVERIFY(m->workers[1].errorSamples.value(QStringLiteral("timeout")).size() <= 3);
        // Rates over the longest part; start the earliest.
        QCOMPARE(m->durationS, std::max(a.durationS, b.durationS));
        QCOMPARE(m->total.achievedRps, double(m->total.completed) / m->durationS);
        QCOMPARE(m->startedAt, std::min(a.startedAt, b.startedAt));
    }

    void timelinesAlignByTime() {
        const RunResults a = testing::sampleResults(20, 50, 1.0); // whole intervals to 5 s
        const RunResults b = testing::sampleResults(12, 30, 1.0); // to 3 s
        auto m = mergeResults({a, b});
        QVERIFY(m);
        const QList<TimelinePoint> farm = m->series(QStringLiteral("*"));
        const QList<TimelinePoint> fa = a.series(QStringLiteral("*"));
        const QList<TimelinePoint> fb = b.series(QStringLiteral("*"));
        // 20 whole intervals and a's partial one; b's partial one (3.0 … 3.1 s) lies in the
        // 13th interval (3.0 … 3.25 s) and merges with a's.
        QCOMPARE(farm.size(), 21);
        QCOMPARE(farm[0].completed, fa[0].completed + fb[0].completed);
        QCOMPARE(farm[0].inflight, fa[0].inflight + fb[0].inflight);
        QCOMPARE(farm[11].completed, fa[11].completed + fb[11].completed);
        QCOMPARE(farm[12].completed, fa[12].completed + fb[12].completed); // b's partial
        QVERIFY(fb[12].partial);
        QVERIFY(farm[12].partial);
        QVERIFY(!farm[11].partial);
        QCOMPARE(farm[13].completed, fa[13].completed);
        QVERIFY(!farm[13].partial);
        std::uint64_t sum = 0;
        for (const auto& p : farm)
            sum += p.completed;
        QCOMPARE(sum, m->total.completed);
        // The farm first at each slot, then workers by ident; time never goes back.
        QCOMPARE(m->timeline.size(), 21 * 3);
        for (qsizetype i = 0; i < m->timeline.size(); i += 3) {
            QCOMPARE(m->timeline[i].worker, QStringLiteral("*"));
            QCOMPARE(m->timeline[i + 1].worker, QStringLiteral("api"));
            if (i > 0)
                QVERIFY(m->timeline[i].t > m->timeline[i - 3].t);
        }
        // Interval percentiles: weighted by completed calls, max exact.
        QCOMPARE(farm[0].maxMs, std::max(fa[0].maxMs, fb[0].maxMs));
        const double wa = double(fa[0].completed), wb = double(fb[0].completed);
        QVERIFY(std::abs(farm[0].p99Ms - (fa[0].p99Ms * wa + fb[0].p99Ms * wb) / (wa + wb)) < 1e-9);
    }

    // A busy machine cuts intervals late (here by 70 ms of 250): the points still belong to
    // the interval whose grid point they were cut at, and merge with the other part's.
    void lateCutsStayInTheirInterval() {
        const RunResults a = testing::sampleResults(8, 20, 1.0);
        RunResults b = testing::sampleResults(8, 20, 1.0);
        for (qsizetype i = 0; i + 3 < b.timeline.size(); ++i) // all but the last points
            b.timeline[i].t += 0.07;
        auto m = mergeResults({a, b});
        QVERIFY(m);
        const QList<TimelinePoint> farm = m->series(QStringLiteral("*"));
        const QList<TimelinePoint> fa = a.series(QStringLiteral("*"));
        QCOMPARE(farm.size(), fa.size());
        for (qsizetype i = 0; i < farm.size(); ++i)
            QCOMPARE(farm[i].completed, 2 * fa[i].completed);
    }

    // planned_s of merged parts: the longest, as duration_s is (the merged run spans its
    // parts); not known when a part's is not (a file written before planned_s), since that
    // part's could be the longest.
    void plannedDurationIsTheLongestKnown() {
        RunResults a = testing::sampleResults(4);
        RunResults b = testing::sampleResults(3);
        a.plannedS = 30;
        b.plannedS = 45;
        auto m = mergeResults({a, b});
        QVERIFY(m);
        QCOMPARE(m->plannedS, 45.0);
        a.plannedS = 0;
        m = mergeResults({a, b});
        QVERIFY(m);
        QCOMPARE(m->plannedS, 0.0);
        b.plannedS = 0;
        m = mergeResults({a, b});
        QVERIFY(m);
        QCOMPARE(m->plannedS, 0.0);
    }

    // A part rebuilt from its live stream (report --recover) ends at its last complete
    // interval, its calls in flight then lost: merged with parts that ran their course, the
    // whole was not marked recovered (the flag was dropped), and reports showed a run that
    // ran its course. It is recovered when any part is, whatever the order, and interrupted
    // when any part is; the merged total still tells the recovered part's calls in flight
    // (started − completed − interrupted: the others' add none).
    void aRecoveredPartMakesTheWholeRecovered() {
        RunResults finished = testing::sampleResults(8);
        RunResults recovered = testing::sampleResults(4);
        recovered.recovered = true;
        recovered.interrupted = true; // killed before its plan's end
        recovered.passed = false;
        recovered.total.started += 3; // in flight when it died: never completed
        const auto inFlight = [](const RunResults& r) {
            return r.total.started - r.total.completed - r.total.interrupted;
        };
        QCOMPARE(inFlight(finished), std::uint64_t(0));
        for (const auto& inputs :
             {QList<RunResults>{finished, recovered}, QList<RunResults>{recovered, finished}}) {
            QString why;
            auto m = mergeResults(inputs, {}, &why);
            QVERIFY2(m, qPrintable(why));
            QVERIFY(m->recovered);
            QVERIFY(m->interrupted);
            QVERIFY(!m->passed);
            QCOMPARE(inFlight(*m), std::uint64_t(3));
            // Merged again (a merged file given to report --merge): still recovered.
            auto again = mergeResults({*m, finished});
            QVERIFY(again && again->recovered);
        }
        // A part recovered to its plan's end ran its course: recovered, not interrupted.
        recovered.interrupted = false;
        auto whole = mergeResults({finished, recovered});
        QVERIFY(whole && whole->recovered && !whole->interrupted);
        // Parts that ran their course make a whole that did.
        auto plain = mergeResults({finished, testing::sampleResults(4)});
        QVERIFY(plain && !plain->recovered && !plain->interrupted);
    }

    // The merged run is recovered (or stopped) when a part is, at the merged duration_s: the
    // longest part's. Which part did not run its course, and where that part ended, were lost,
    // so reports put the recovered part's end at the finished part's. Each part keeps its own
    // duration_s, planned_s, interrupted and recovered, through the file, a merge of the
    // merged file, and a part alone in its input (an MPI rank's own results).
    // A file name holding "%2" is quoted as it is in a refusal: the message was a chain of arg()
    // calls, which put the first file's interval where the second name's "%2" stood.
    void aPercentInAFileNameStaysAsItIs() {
        RunResults a = testing::sampleResults(4);
        RunResults b = testing::sampleResults(4);
        b.intervalS = a.intervalS * 2;
        MergeOptions options;
        options.sources = {QStringLiteral("a%2.json"), QStringLiteral("b%3.json")};
        QString why;
        QVERIFY(!mergeResults({a, b}, options, &why));
        QCOMPARE(why, QStringLiteral("a%2.json has intervals of ") + QString::number(a.intervalS) +
                          QStringLiteral(" s, b%3.json of ") + QString::number(b.intervalS) +
                          QStringLiteral(" s: their timelines do not align (--force merges "
                                         "them anyway)"));
    }

    void eachPartKeepsHowItEnded() {
        RunResults finished = testing::sampleResults(8); // 2.1 s
        finished.plannedS = 2.0;
        RunResults recovered = testing::sampleResults(3); // 0.85 s
        recovered.plannedS = 30;
        recovered.recovered = true;
        recovered.interrupted = true;
        recovered.passed = false;
        MergeOptions options;
        options.sources = {QStringLiteral("a.json"), QStringLiteral("b.json")};
        QString why;
        auto m = mergeResults({finished, recovered}, options, &why);
        QVERIFY2(m, qPrintable(why));
        QCOMPARE(m->durationS, finished.durationS);
        QCOMPARE(m->parts.size(), 2);
        const PartResults& a = m->parts[0];
        const PartResults& b = m->parts[1];
        QCOMPARE(a.source, QStringLiteral("a.json"));
        QCOMPARE(a.durationS, finished.durationS);
        QCOMPARE(a.plannedS, 2.0);
        QVERIFY(!a.interrupted && !a.recovered && a.ranItsCourse());
        QCOMPARE(b.source, QStringLiteral("b.json"));
        QCOMPARE(b.durationS, recovered.durationS);
        QVERIFY(b.durationS < m->durationS);
        QCOMPARE(b.plannedS, 30.0);
        QVERIFY(b.interrupted && b.recovered && !b.ranItsCourse());

        // Through the file, and into a merge of the merged file with another.
        const QJsonObject json = m->toJson();
        const QJsonObject entry = json.value(QStringLiteral("ranks")).toArray()[1].toObject();
        QCOMPARE(entry.value(QStringLiteral("duration_s")).toDouble(), recovered.durationS);
        QCOMPARE(entry.value(QStringLiteral("planned_s")).toDouble(), 30.0);
        QCOMPARE(entry.value(QStringLiteral("recovered")).toBool(), true);
        QCOMPARE(entry.value(QStringLiteral("interrupted")).toBool(), true);
        const RunResults read = RunResults::fromJson(json, &why);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QCOMPARE(read.parts, m->parts);
        RunResults stopped = testing::sampleResults(5);
        stopped.interrupted = true;
        stopped.plannedS = 0; // an older file: its plan not known
        options.sources = {QStringLiteral("m.json"), QStringLiteral("c.json")};
        auto again = mergeResults({read, stopped}, options, &why);
        QVERIFY2(again, qPrintable(why));
        QCOMPARE(again->parts.size(), 3);
        QCOMPARE(again->parts[0], a);
        QCOMPARE(again->parts[1].durationS, recovered.durationS);
        QVERIFY(again->parts[1].recovered);
        QCOMPARE(again->parts[2].source, QStringLiteral("c.json"));
        QCOMPARE(again->parts[2].durationS, stopped.durationS);
        QCOMPARE(again->parts[2].plannedS, 0.0);
        QVERIFY(again->parts[2].interrupted && !again->parts[2].recovered);

        // A rank's own results carry one part that does not say how it ended: its input's.
        RunResults rank = stopped;
        PartResults own;
        own.rank = 1;
        own.host = QStringLiteral("gen-2");
        rank.parts = {own};
        auto ranks = mergeResults({finished, rank});
        QVERIFY(ranks);
        QCOMPARE(ranks->parts[1].host, QStringLiteral("gen-2"));
        QCOMPARE(ranks->parts[1].durationS, stopped.durationS);
        QVERIFY(ranks->parts[1].interrupted);

        // A file written before parts kept their ending: not known, and not invented.
        QJsonObject old = json;
        QJsonArray entries = old.value(QStringLiteral("ranks")).toArray();
        for (auto&& e : entries) {
            QJsonObject o = e.toObject();
            for (const char* key : {"duration_s", "planned_s", "interrupted", "recovered"})
                o.remove(QLatin1String(key));
            e = o;
        }
        old.insert(QStringLiteral("ranks"), entries);
        const RunResults older = RunResults::fromJson(old, &why);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QVERIFY(!older.parts[1].endedKnown() && !older.parts[1].recovered);
        QVERIFY(!older.parts[0].ranItsCourse());
        // A part's duration_s must be a positive number.
        entries = json.value(QStringLiteral("ranks")).toArray();
        QJsonObject bad = entries[1].toObject();
        bad.insert(QStringLiteral("duration_s"), 0);
        entries[1] = bad;
        old.insert(QStringLiteral("ranks"), entries);
        RunResults::fromJson(old, &why);
        QCOMPARE(why, QStringLiteral("ranks[1].duration_s: not a positive number"));
    }

    void thresholdsAreLeftToJudge() {
        auto m = mergeResults({testing::sampleResults(4), testing::sampleResults(3)});
        QVERIFY(m);
        QCOMPARE(m->thresholds.size(), 2); // the union: both parts carry the same two
        QCOMPARE(m->thresholds[0].expr, QStringLiteral("p99 < 20ms && errors < 5%"));
        QVERIFY(std::isnan(m->thresholds[0].value));
        QVERIFY(!m->passed);
    }

    void partsListEveryInput() {
        const RunResults a = testing::sampleResults(4);
        MergeOptions options;
        options.sources = {QStringLiteral("a.json"), QStringLiteral("b.json")};
        auto ab = mergeResults({a, testing::sampleResults(6)}, options);
        QVERIFY(ab);
        QCOMPARE(ab->parts.size(), 2);
        QCOMPARE(ab->parts[0].source, QStringLiteral("a.json"));
        QCOMPARE(ab->parts[0].ticks, a.total.ticks);
        QCOMPARE(ab->parts[1].rank, 1);
        // A merged file merges again: its parts come along, renumbered.
        options.sources = {QStringLiteral("ab.json"), QStringLiteral("c.json")};
        auto abc = mergeResults({*ab, testing::sampleResults(2)}, options);
        QVERIFY(abc);
        QCOMPARE(abc->parts.size(), 3);
        QCOMPARE(abc->parts[2].source, QStringLiteral("c.json"));
        QCOMPARE(abc->parts[2].rank, 2);
        // and the file keeps them
        QString why;
        const RunResults back = RunResults::fromJson(abc->toJson(), &why);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QCOMPARE(back.parts, abc->parts);
        QVERIFY(!a.toJson().contains(QStringLiteral("ranks"))); // single runs have none
    }

    // Each part carries its errors and its most frequent error kind (a tie goes to the
    // first by name); the file keeps them in ranks[] (errors always, the kind and its count
    // when there are errors), and a file written before them reads as parts without errors.
    void partsCarryTheirErrors() {
        RunResults a = testing::sampleResults(4);
        a.total.errorsByKind = {{QStringLiteral("http 500"), 3}, {QStringLiteral("timeout"), 5}};
        a.total.errors = 8;
        RunResults b = testing::sampleResults(6);
        b.total.errors = 0; // a part without errors
        b.total.errorsByKind.clear();
        RunResults c = testing::sampleResults(2);
        c.total.errorsByKind = {{QStringLiteral("refused"), 2}, {QStringLiteral("exit 1"), 2}};
        c.total.errors = 4;
        for (RunResults* r : {&a, &b, &c}) // the totals still add up
            r->total.ok = r->total.completed - r->total.errors;
        MergeOptions options;
        options.sources = {QStringLiteral("a.json"), QStringLiteral("b.json"),
                           QStringLiteral("c.json")};
        auto m = mergeResults({a, b, c}, options);
        QVERIFY(m);
        QCOMPARE(m->parts.size(), 3);
        QCOMPARE(m->parts[0].errors, std::uint64_t(8));
        QCOMPARE(m->parts[0].topErrorKind, QStringLiteral("timeout"));
        QCOMPARE(m->parts[0].topErrorCount, std::uint64_t(5));
        QCOMPARE(m->parts[1].errors, std::uint64_t(0));
        QVERIFY(m->parts[1].topErrorKind.isEmpty());
        QCOMPARE(m->parts[1].topErrorCount, std::uint64_t(0));
        QCOMPARE(m->parts[2].errors, std::uint64_t(4));
        QCOMPARE(m->parts[2].topErrorKind, QStringLiteral("exit 1")); // the tie: first by name
        QCOMPARE(m->parts[2].topErrorCount, std::uint64_t(2));
        QCOMPARE(m->parts[0].errors + m->parts[1].errors + m->parts[2].errors, m->total.errors);

        // The file: the new keys, and they read back exactly.
        const QJsonObject json = m->toJson();
        const QJsonArray ranks = json.value(QStringLiteral("ranks")).toArray();
        QCOMPARE(ranks.size(), 3);
        QCOMPARE(ranks[0].toObject().value(QStringLiteral("errors")).toInteger(), 8);
        QCOMPARE(ranks[0].toObject().value(QStringLiteral("top_error_kind")).toString(),
                 QStringLiteral("timeout"));
        QCOMPARE(ranks[0].toObject().value(QStringLiteral("top_error_count")).toInteger(), 5);
        QCOMPARE(ranks[1].toObject().value(QStringLiteral("errors")).toInteger(), 0);
        QVERIFY(!ranks[1].toObject().contains(QStringLiteral("top_error_kind")));
        QVERIFY(!ranks[1].toObject().contains(QStringLiteral("top_error_count")));
        QString why;
        const RunResults back = RunResults::fromJson(json, &why);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QCOMPARE(back.parts, m->parts);

        // A file written before per-rank errors: the same parts, without errors.
        QJsonObject old = json;
        QJsonArray oldRanks;
        for (const QJsonValue& v : ranks) {
            QJsonObject o = v.toObject();
            o.remove(QStringLiteral("errors"));
            o.remove(QStringLiteral("top_error_kind"));
            o.remove(QStringLiteral("top_error_count"));
            oldRanks.append(o);
        }
        old.insert(QStringLiteral("ranks"), oldRanks);
        const RunResults older = RunResults::fromJson(old, &why);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QCOMPARE(older.parts.size(), 3);
        for (qsizetype i = 0; i < older.parts.size(); ++i) {
            QCOMPARE(older.parts[i].errors, std::uint64_t(0));
            QVERIFY(older.parts[i].topErrorKind.isEmpty());
            QCOMPARE(older.parts[i].topErrorCount, std::uint64_t(0));
            PartResults same = m->parts[i];
            same.errors = 0;
            same.topErrorKind.clear();
            same.topErrorCount = 0;
            QCOMPARE(older.parts[i], same);
        }

        // Bad values say where and why.
        auto withRank0 = [&](const char* key, const QJsonValue& value) {
            QJsonObject bad = json;
            QJsonArray badRanks = ranks;
            QJsonObject r0 = badRanks[0].toObject();
            r0.insert(QLatin1String(key), value);
            badRanks[0] = r0;
            bad.insert(QStringLiteral("ranks"), badRanks);
            QString error;
            RunResults::fromJson(bad, &error);
            return error;
        };
        QString error = withRank0("top_error_count", 9); // more than the rank's 8 errors
        QVERIFY2(error.startsWith(QStringLiteral("ranks[0].top_error_count")), qPrintable(error));
        error = withRank0("top_error_kind", 5);
        QVERIFY2(error.startsWith(QStringLiteral("ranks[0].top_error_kind")), qPrintable(error));
        error = withRank0("errors", -1);
        QVERIFY2(error.startsWith(QStringLiteral("ranks[0].errors")), qPrintable(error));
    }

    // Merged files keep a journey's order: a step's place is the smallest index any file
    // gives it (ties by name), a step no file places comes after the placed ones, by name;
    // the timeline's entries of an interval follow that order.
    void stepsKeepTheJourneysOrder() {
        const RunResults a = testing::journeyResults(
            {QStringLiteral("login"), QStringLiteral("browse"), QStringLiteral("checkout")});
        auto same = mergeResults({a, a});
        QVERIFY(same);
        const QStringList journey = {QStringLiteral("shop"), QStringLiteral("shop/login"),
                                     QStringLiteral("shop/browse"), QStringLiteral("shop/checkout"),
                                     QStringLiteral("shop-api")};
        QCOMPARE(testing::identsOf(same->workers), journey);
        QCOMPARE(same->worker(QStringLiteral("shop/browse"))->completed,
                 2 * a.worker(QStringLiteral("shop/browse"))->completed);
        QStringList first;
        for (const TimelinePoint& p : same->timeline)
            if (p.t == same->timeline.first().t)
                first.append(p.worker);
        QCOMPARE(first, QStringList{QStringLiteral("*")} + journey);

        // Another version of the journey (a step "cart" inserted before browse) and an older
        // file without indexes ("zoom" only there).
        const RunResults b =
            testing::journeyResults({QStringLiteral("login"), QStringLiteral("cart"),
                                     QStringLiteral("browse"), QStringLiteral("checkout")});
        RunResults old = testing::journeyResults(
            {QStringLiteral("checkout"), QStringLiteral("zoom"), QStringLiteral("login")});
        for (WorkerResults& w : old.workers)
            w.stepIndex = -1;
        auto m = mergeResults({old, b, a});
        QVERIFY(m);
        QCOMPARE(testing::identsOf(m->workers),
                 (QStringList{QStringLiteral("shop"), QStringLiteral("shop/login"),
                              QStringLiteral("shop/browse"), QStringLiteral("shop/cart"),
                              QStringLiteral("shop/checkout"), QStringLiteral("shop/zoom"),
                              QStringLiteral("shop-api")}));
        QCOMPARE(m->worker(QStringLiteral("shop/browse"))->stepIndex, 1);
        QCOMPARE(m->worker(QStringLiteral("shop/zoom"))->stepIndex, -1);
    }

    void refusesDifferentScenarios() {
        RunResults a = testing::sampleResults(4);
        RunResults b = testing::sampleResults(4);
        b.scenario = QStringLiteral("other");
        MergeOptions options;
        options.sources = {QStringLiteral("a.json"), QStringLiteral("b.json")};
        QString why;
        QVERIFY(!mergeResults({a, b}, options, &why));
        QVERIFY2(why.contains(QStringLiteral("b.json")) &&
                     why.contains(QStringLiteral("\"other\"")),
                 qPrintable(why));
        options.force = true;
        QVERIFY(mergeResults({a, b}, options, &why));
        b.scenario = a.scenario;
        b.intervalS = 1.0;
        options.force = false;
        QVERIFY(!mergeResults({a, b}, options, &why));
        QVERIFY2(why.contains(QStringLiteral("interval")), qPrintable(why));
    }

    void refusesFilesWithoutHistograms() {
        RunResults a = testing::sampleResults(4);
        RunResults b = testing::sampleResults(4);
        b.workers[1].serviceTime = Histogram();
        QString why;
        QVERIFY(!mergeResults({a, b}, {}, &why));
        QVERIFY2(why.contains(QStringLiteral("db, replica")) &&
                     why.contains(QStringLiteral("histograms")),
                 qPrintable(why));
        QVERIFY(!mergeResults({}, {}, &why));
    }
};

QTEST_GUILESS_MAIN(TestMerge)
#include "tst_merge.moc"
