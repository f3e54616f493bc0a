// Exports: CSV parses back to the timeline; HTML reports are well-formed, self-contained
// and have every section; comparisons compute deltas B − A.
#include "sample.h"

#include <pusher/exports.h>

#include <QMap>
#include <QXmlStreamReader>
#include <QRegularExpression>
#include <QtTest>

#include <algorithm>
#include <cmath>

using pusher::RunResults;
using namespace std::chrono_literals;

namespace {

// splitCsv splits one CSV line, honouring double quotes.
QStringList splitCsv(const QString& line) {
    QStringList out;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < line.size() && line[i + 1] == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            out.append(field);
            field.clear();
        } else {
            field += c;
        }
    }
    out.append(field);
    return out;
}

// Html is what a parse of a report found: ids of sections, element counts, table rows by
// section, text, and attribute values.
struct Html {
    QString error;
    QStringList sections;
    QMap<QString, int> elements;
    QMap<QString, int> rowsBySection;
    QMap<QString, QStringList> cellsBySection;
    QString text;
    QStringList attributeValues;
    QMap<QString, int> polylinePoints; // svg id → points of its first polyline
};

Html parse(const QString& html) {
    Html out;
    QXmlStreamReader xml(html);
    QString section, svg;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const QString name = xml.name().toString();
            out.elements[name] += 1;
            for (const auto& a : xml.attributes())
                out.attributeValues.append(a.value().toString());
            if (name == QLatin1String("section")) {
                section = xml.attributes().value(QLatin1String("id")).toString();
                out.sections.append(section);
            } else if (name == QLatin1String("tr")) {
                out.rowsBySection[section] += 1;
            } else if (name == QLatin1String("svg")) {
                svg = xml.attributes().value(QLatin1String("id")).toString();
            } else if (name == QLatin1String("polyline") && !out.polylinePoints.contains(svg)) {
                out.polylinePoints[svg] =
                    static_cast<int>(xml.attributes()
                                         .value(QLatin1String("points"))
                                         .toString()
                                         .split(QLatin1Char(' '), Qt::SkipEmptyParts)
                                         .size());
            } else if (name == QLatin1String("td")) {
                out.cellsBySection[section].append(
                    xml.readElementText(QXmlStreamReader::IncludeChildElements));
            }
        } else if (xml.isCharacters()) {
            out.text += xml.text();
        }
    }
    if (xml.hasError())
        out.error = QStringLiteral("line %1: %2").arg(xml.lineNumber()).arg(xml.errorString());
    return out;
}

void verifySelfContained(const Html& h) {
    QCOMPARE(h.elements.value(QStringLiteral("script")), 0);
    QCOMPARE(h.elements.value(QStringLiteral("img")), 0);
    QCOMPARE(h.elements.value(QStringLiteral("link")), 0);
    for (const QString& v : h.attributeValues) {
        if (v == QLatin1String("http://www.w3.org/1999/xhtml") ||
            v == QLatin1String("http://www.w3.org/2000/svg"))
            continue; // namespace names, never fetched
        QVERIFY2(!v.contains(QLatin1String("://")), qPrintable(v));
    }
}

} // namespace

class TestExports : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        m_a = testing::sampleResults(20, 50, 1.0);
        m_b = testing::sampleResults(30, 80, 1.5);
        m_b.scenario = QStringLiteral("checkout v2");
    }
    void csvParsesBack();
    void csvQuotesACarriageReturnAndKeepsControlCharacters();
    void htmlReport();
    void htmlRanksOfAMergedRun();
    void htmlWithoutData();
    void junitIsValidXmlWhateverTheNames();
    void junitSaysARunThatFailedIsAnError();
    void junitShowsWhatXmlCannotHoldAsReplacement();
    void htmlShowsWhatXmlCannotHoldAsReplacement();
    void htmlShowsDelAndC1ControlsAsReplacement();
    void htmlSaysARecoveredRunIsRecovered();
    void htmlThresholdsInTheirUnits();
    void htmlInFlightLeavesStepsOut();
    void htmlDrawsWhatTheAppDraws();
    void htmlSaysWhyAndWhichStepFailed();
    void comparisonHtml();
    void comparisonText();
    void comparisonPerWorkerOfEitherRun();
    void comparisonLinesUpEscapedNames();
    void htmlSaysAStoppedRunWasStopped();
    void comparisonSaysWhichRunDidNotRunItsCourse();
    void notesSayHowMuchOfThePlanARunCovers();
    void notesNameThePartThatDidNotRunItsCourse();
    void aRecoveredRunsEndReadsAsTheSummarys();
    void metaLinesSayUtcOnce();

private:
    RunResults m_a, m_b;
};

void TestExports::csvParsesBack() {
    const QString csv = pusher::toCsv(m_a);
    QStringList lines = csv.split(QLatin1Char('\n'));
    QCOMPARE(lines.takeLast(), QString()); // ends with a newline
    QCOMPARE(lines.size(), m_a.timeline.size() + 1);
    const QStringList header = lines.takeFirst().split(QLatin1Char(','));
    QCOMPARE(header.size(), 18);
    for (const char* key : {"t", "worker", "started", "completed", "ok", "errors", "canceled",
                            "inflight", "rps", "p50_ms", "p90_ms", "p99_ms", "max_ms"})
        QVERIFY2(header.contains(QLatin1String(key)), key);
    auto col = [&](const char* key) { return header.indexOf(QLatin1String(key)); };
    int quotedRows = 0;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QStringList f = splitCsv(lines[i]);
        QCOMPARE(f.size(), 18);
        const pusher::TimelinePoint& p = m_a.timeline[i];
        QCOMPARE(f[col("worker")], p.worker);
        quotedRows += p.worker.contains(QLatin1Char(',')) ? 1 : 0;
        QCOMPARE(f[col("t")].toDouble(), p.t);
        QCOMPARE(f[col("started")].toULongLong(), p.started);
        QCOMPARE(f[col("errors")].toULongLong(), p.errors);
        QCOMPARE(f[col("inflight")].toLongLong(), p.inflight);
        QVERIFY(qFuzzyCompare(1 + f[col("p99_ms")].toDouble(), 1 + p.p99Ms));
        QVERIFY(qFuzzyCompare(1 + f[col("rps")].toDouble(), 1 + p.rps));
    }
    QVERIFY(quotedRows > 0);
}

// A worker ident with a carriage return (results of another producer: a scenario's idents
// cannot hold one) was written unquoted, and a CSV reader (RFC 4180; Python's csv, a
// spreadsheet) ends the row there. It is quoted now, as a comma or a line feed is. Other
// control characters are kept as they are: CSV can hold them (the XML reports cannot, and
// show U+FFFD).
void TestExports::csvQuotesACarriageReturnAndKeepsControlCharacters() {
    RunResults r = testing::sampleResults(2);
    for (pusher::TimelinePoint& p : r.timeline)
        if (p.worker == QLatin1String("api"))
            p.worker = QStringLiteral("api\rone\x01");
    const QString csv = pusher::toCsv(r);
    QVERIFY2(csv.contains(QStringLiteral(",\"api\rone\x01\",")), qPrintable(csv)); // t,dt,worker
    QVERIFY(!csv.contains(QStringLiteral(",api\r")));
    QVERIFY(!csv.contains(QChar(QChar::ReplacementCharacter)));
}

// A merged run's report lists its ranks (hosts, or the merged files' names) after the rest,
// with each rank's errors and its most frequent error kind ("-" for a rank without errors).
void TestExports::htmlRanksOfAMergedRun() {
    RunResults merged = m_a;
    pusher::PartResults a;
    a.rank = 0;
    a.host = QStringLiteral("loadgen<1>");
    a.ticks = 123;
    a.errors = 47;
    a.topErrorKind = QStringLiteral("exit <1>");
    a.topErrorCount = 45;
    pusher::PartResults b;
    b.rank = 1;
    b.source = QStringLiteral("b.json");
    merged.parts = {a, b};
    const Html h = parse(pusher::toHtml(merged));
    QVERIFY2(h.error.isEmpty(), qPrintable(h.error));
    QCOMPARE(h.sections.last(), QStringLiteral("ranks"));
    QCOMPARE(h.rowsBySection.value(QStringLiteral("ranks")), 3);
    QVERIFY(h.cellsBySection[QStringLiteral("ranks")].contains(QStringLiteral("loadgen<1>")));
    QVERIFY(h.cellsBySection[QStringLiteral("ranks")].contains(QStringLiteral("b.json")));
    QVERIFY(h.cellsBySection[QStringLiteral("ranks")].contains(QStringLiteral("123")));
    QVERIFY(h.cellsBySection[QStringLiteral("ranks")].contains(QStringLiteral("47")));
    QVERIFY(h.cellsBySection[QStringLiteral("ranks")].contains(QStringLiteral("exit <1>: 45")));
    QVERIFY(h.cellsBySection[QStringLiteral("ranks")].contains(QStringLiteral("-")));
    QVERIFY(!parse(pusher::toHtml(m_a)).sections.contains(QStringLiteral("ranks")));
}

void TestExports::htmlReport() {
    const QString html = pusher::toHtml(m_a);
    const Html h = parse(html);
    QVERIFY2(h.error.isEmpty(), qPrintable(h.error));
    QCOMPARE(h.sections, (QStringList{QStringLiteral("summary"), QStringLiteral("thresholds"),
                                      QStringLiteral("throughput"), QStringLiteral("latency"),
                                      QStringLiteral("errors"), QStringLiteral("inflight"),
                                      QStringLiteral("kinds")}));
    QCOMPARE(h.elements.value(QStringLiteral("svg")), 4);
    verifySelfContained(h);
    // Summary: a header row, the total and one row per Worker.
    QCOMPARE(h.rowsBySection.value(QStringLiteral("summary")), 1 + 1 + m_a.workers.size());
    QVERIFY(h.cellsBySection[QStringLiteral("summary")].contains(QStringLiteral("db, replica")));
    QVERIFY(
        h.cellsBySection[QStringLiteral("summary")].contains(QString::number(m_a.total.completed)));
    // Thresholds, with their text intact after escaping.
    QCOMPARE(h.rowsBySection.value(QStringLiteral("thresholds")), 1 + 2);
    QVERIFY(h.cellsBySection[QStringLiteral("thresholds")].contains(
        QStringLiteral("p99 < 20ms && errors < 5%")));
    QVERIFY(h.cellsBySection[QStringLiteral("thresholds")].contains(QStringLiteral("FAIL")));
    QVERIFY(h.text.contains(QStringLiteral("checkout <smoke> & co")));
    QVERIFY(h.text.contains(QStringLiteral("FAILED")));
    // Charts plot the farm's timeline, one vertex per point but the last, partial one.
    const auto farm = m_a.series(QStringLiteral("*"));
    QVERIFY(farm.constLast().partial);
    QCOMPARE(h.polylinePoints.value(QStringLiteral("chart-throughput")), farm.size() - 1);
    QCOMPARE(h.polylinePoints.value(QStringLiteral("chart-latency")), farm.size() - 1);
    QCOMPARE(h.polylinePoints.value(QStringLiteral("chart-errors")), farm.size() - 1);
    QCOMPARE(h.polylinePoints.value(QStringLiteral("chart-inflight")), farm.size() - 1);
    // Errors by kind.
    QCOMPARE(h.rowsBySection.value(QStringLiteral("kinds")), 1 + m_a.total.errorsByKind.size());
    QVERIFY(h.cellsBySection[QStringLiteral("kinds")].contains(QStringLiteral("http_503")));
}

namespace {
// Polyline is one line of a report's chart: its legend name, colour and vertices.
struct Polyline {
    QString title;
    QString stroke;
    QList<QPointF> points;
};

QMap<QString, QList<Polyline>> polylines(const QString& html) {
    QMap<QString, QList<Polyline>> out;
    QXmlStreamReader xml(html);
    QString svg;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("svg")) {
            svg = xml.attributes().value(QLatin1String("id")).toString();
        } else if (xml.name() == QLatin1String("polyline")) {
            Polyline line;
            line.stroke = xml.attributes().value(QLatin1String("stroke")).toString();
            const QStringList pairs = xml.attributes()
                                          .value(QLatin1String("points"))
                                          .toString()
                                          .split(QLatin1Char(' '), Qt::SkipEmptyParts);
            for (const QString& pair : pairs)
                line.points.append(QPointF(pair.section(QLatin1Char(','), 0, 0).toDouble(),
                                           pair.section(QLatin1Char(','), 1, 1).toDouble()));
            xml.readNextStartElement();
            line.title = xml.readElementText();
            out[svg].append(line);
        }
    }
    return out;
}
} // namespace

void TestExports::htmlDrawsWhatTheAppDraws() {
    // A run at 200/s in 250 ms intervals whose last 20 ms complete 10 calls (500/s): the
    // recorder marks that interval partial and the report draws no point for it, so the
    // throughput line stays flat (as in the app) instead of ending in a spike.
    pusher::IntervalRecorder::Options options;
    options.manualClock = true;
    pusher::IntervalRecorder rec(options);
    const auto t0 = pusher::Clock::now();
    rec.start(t0);
    for (int i = 0; i < 8; ++i) {
        for (int k = 0; k < 50; ++k) {
            pusher::Gossip g;
            g.intended = g.start = t0 + i * 250ms;
            g.end = g.start + 2ms;
            g.when = pusher::When::BeforeTarget;
            rec.record(QStringLiteral("api"), g);
            g.when = pusher::When::AfterTarget;
            rec.record(QStringLiteral("api"), g);
        }
        rec.cut(t0 + (i + 1) * 250ms);
    }
    for (int k = 0; k < 10; ++k) {
        pusher::Gossip g;
        g.intended = g.start = t0 + 2000ms;
        g.end = g.start + 1ms;
        g.when = pusher::When::AfterTarget;
        rec.record(QStringLiteral("api"), g);
    }
    rec.finish(t0 + 2020ms);
    const RunResults r = rec.results();
    QCOMPARE(r.timeline.constLast().rps, 500.0);
    const auto charts = polylines(pusher::toHtml(r));
    // Throughput: the total (text colour) and the worker (the app's first worker colour),
    // 8 points each, all at the same height.
    const QList<Polyline>& throughput = charts.value(QStringLiteral("chart-throughput"));
    QCOMPARE(throughput.size(), 2);
    QCOMPARE(throughput[0].title, QStringLiteral("total"));
    QCOMPARE(throughput[1].title, QStringLiteral("api"));
    QCOMPARE(throughput[1].stroke, QStringLiteral("#1f77b4"));
    for (const Polyline& line : throughput) {
        QCOMPARE(line.points.size(), 8);
        for (const QPointF& p : line.points)
            QCOMPARE(p.y(), line.points.first().y());
    }
    // Errors: errors and cancellations per second in the app's colours; no "in flight"
    // (a count, not a rate: it has its own chart).
    const QList<Polyline>& errors = charts.value(QStringLiteral("chart-errors"));
    QCOMPARE(errors.size(), 2);
    QCOMPARE(errors[0].title, QStringLiteral("errors/s"));
    QCOMPARE(errors[0].stroke, QStringLiteral("#d62728"));
    QCOMPARE(errors[1].title, QStringLiteral("canceled/s"));
    QCOMPARE(errors[1].stroke, QStringLiteral("#e09b1a"));
    QCOMPARE(charts.value(QStringLiteral("chart-inflight")).size(), 2);
    // Latency: p50 … max in the app's colours.
    const QList<Polyline>& latency = charts.value(QStringLiteral("chart-latency"));
    QCOMPARE(latency[0].stroke, QStringLiteral("#2a9d8f"));
    QCOMPARE(latency[3].stroke, QStringLiteral("#b0306a"));
}

// A journey's steps are drawn in the throughput chart but not in the in-flight one, as in the
// app (9df800e): a step's series hears of its calls only as they end, so its in-flight line
// was 0 all run long while the journey's calls waited at it.
void TestExports::htmlInFlightLeavesStepsOut() {
    pusher::IntervalRecorder::Options options;
    options.manualClock = true;
    pusher::IntervalRecorder rec(options);
    const auto t0 = pusher::Clock::now();
    rec.start(t0);
    for (int i = 0; i < 4; ++i) {
        for (const QString& ident : {QStringLiteral("j"), QStringLiteral("j/add")}) {
            for (int k = 0; k < 20; ++k) {
                pusher::Gossip g;
                g.intended = g.start = t0 + i * 250ms;
                g.end = g.start + 2ms;
                g.when = pusher::When::BeforeTarget;
                rec.record(ident, g);
                g.when = pusher::When::AfterTarget;
                rec.record(ident, g);
            }
        }
        rec.cut(t0 + (i + 1) * 250ms);
    }
    rec.finish(t0 + 1000ms);
    const auto charts = polylines(pusher::toHtml(rec.results()));
    QStringList throughput, inflight;
    for (const Polyline& line : charts.value(QStringLiteral("chart-throughput")))
        throughput.append(line.title);
    for (const Polyline& line : charts.value(QStringLiteral("chart-inflight")))
        inflight.append(line.title);
    QCOMPARE(throughput,
             (QStringList{QStringLiteral("total"), QStringLiteral("j"), QStringLiteral("j/add")}));
    QCOMPARE(inflight, (QStringList{QStringLiteral("total"), QStringLiteral("j")}));
}

// The thresholds table writes what each threshold observed in its metric's unit, as the
// CLI's summary does (thresholdObserved): a bare 0.5 read as half a millisecond.
void TestExports::htmlThresholdsInTheirUnits() {
    pusher::RunResults r = m_a;
    r.thresholds = {{QStringLiteral("api.p99 < 250ms"), 3.35872, true},
                    {QStringLiteral("error_rate < 1%"), 0.5, false},
                    {QStringLiteral("canceled_rate < 1%"), 0.0025, true},
                    {QStringLiteral("rps > 100"), 99.5, false},
                    {QStringLiteral("shop/order.p99 < 1s"), std::nan(""), false},
                    {QStringLiteral("canceled_rate < 5%"), std::nan(""), false}};
    const Html h = parse(pusher::toHtml(r));
    QVERIFY2(h.error.isEmpty(), qPrintable(h.error));
    const QStringList cells = h.cellsBySection.value(QStringLiteral("thresholds"));
    for (const char* want : {"3.35872ms", "50%", "0.25%", "99.5/s", "no calls", "no ticks"})
        QVERIFY2(cells.contains(QLatin1String(want)),
                 qPrintable(QLatin1String(want) + cells.join(u'|')));
    QVERIFY2(!cells.contains(QStringLiteral("0.5")), qPrintable(cells.join(u'|')));
}

// Results rebuilt from a live stream (report --recover) end at the stream's last complete
// interval: the report says so in its header, before the summary; a run's own results do
// not. It said nothing: a recovered run read as one that ran its course.
void TestExports::htmlSaysARecoveredRunIsRecovered() {
    const QString normal = pusher::toHtml(m_a);
    QVERIFY2(parse(normal).error.isEmpty(), qPrintable(parse(normal).error));
    QVERIFY(!normal.contains(QStringLiteral("Recovered")));
    QVERIFY(!normal.contains(QStringLiteral("id=\"recovered\"")));

    RunResults r = m_a;
    r.recovered = true;
    r.total.started += 3; // three calls in flight when the stream ended
    const QString html = pusher::toHtml(r);
    const Html h = parse(html);
    QVERIFY2(h.error.isEmpty(), qPrintable(h.error));
    const QString note = QStringLiteral("Recovered: rebuilt from its live stream; it ends at its "
                                        "last complete interval, at %1 s (3 call(s) were still "
                                        "in flight then).")
                             .arg(r.durationS, 0, 'f', 2);
    QVERIFY2(h.text.contains(note), qPrintable(h.text.left(600)));
    // In the header: after the meta line, before the first section.
    const qsizetype at = html.indexOf(QStringLiteral("<p id=\"recovered\" class=\"note\">"));
    QVERIFY(at > html.indexOf(QStringLiteral("<p id=\"meta\">")));
    QVERIFY(at < html.indexOf(QStringLiteral("<section")));
    QCOMPARE(h.sections, parse(normal).sections);
}

void TestExports::htmlWithoutData() {
    const Html h = parse(pusher::toHtml(RunResults{}));
    QVERIFY2(h.error.isEmpty(), qPrintable(h.error));
    QCOMPARE(h.sections.size(), 7);
    QVERIFY(h.text.contains(QStringLiteral("No thresholds")));
    QVERIFY(h.text.contains(QStringLiteral("No errors")));
}

// toJUnit (pusher-cli --junit, docs/cli.md): a name with < & " ' comes back whole from a
// reader, and one with characters XML cannot hold (a control character, an escape sequence
// from a target's error sample in the summary) still gives a well-formed file, each of them
// shown as U+FFFD (junitShowsWhatXmlCannotHoldAsReplacement).
void TestExports::junitIsValidXmlWhateverTheNames() {
    RunResults r = testing::sampleResults(4);
    r.scenario = QStringLiteral("a <&\"'> run\x01\x1b[31m");
    r.interrupted = true;
    r.plannedS = 30;
    r.durationS = 12.34;
    r.thresholds = {{QStringLiteral("p99 < 1ms"), 2.5, false},
                    {QStringLiteral("error_rate < 1%"), 0, true}};
    const QString xml = pusher::toJUnit(r, QStringLiteral("summary \x07 <&>\n"), QString());
    QXmlStreamReader x(xml);
    QStringList cases, failures;
    QString suite, out;
    while (!x.atEnd()) {
        x.readNext();
        if (!x.isStartElement())
            continue;
        if (x.name() == u"testsuite")
            suite = x.attributes().value(QStringLiteral("name")).toString();
        else if (x.name() == u"testcase")
            cases.append(x.attributes().value(QStringLiteral("name")).toString());
        else if (x.name() == u"failure")
            failures.append(x.attributes().value(QStringLiteral("message")).toString());
        else if (x.name() == u"system-out")
            out = x.readElementText();
    }
    QVERIFY2(!x.hasError(), qPrintable(x.errorString() + QLatin1Char('\n') + xml));
    QCOMPARE(suite, QStringLiteral("a <&\"'> run\uFFFD\uFFFD[31m"));
    QCOMPARE(cases, (QStringList{QStringLiteral("run completed"), QStringLiteral("p99 < 1ms"),
                                 QStringLiteral("error_rate < 1%")}));
    QCOMPARE(failures.size(), 2);
    QCOMPARE(failures[0], QStringLiteral("interrupted at 12.3 s of 30 s"));
    QVERIFY2(failures[1].startsWith(QStringLiteral("observed 2.5")), qPrintable(failures[1]));
    QCOMPARE(out, QStringLiteral("summary \uFFFD <&>\n"));
}

// A run that failed (pusher-cli exit 3: a worker could not start; under mpirun a rank's run)
// is an <error> of the case "run completed", counted in errors, not failures, and it wins
// over the stop; the thresholds' failures are counted as they are.
void TestExports::junitSaysARunThatFailedIsAnError() {
    RunResults r = testing::sampleResults(4);
    r.interrupted = true;
    r.thresholds = {{QStringLiteral("p99 < 1ms"), 2.5, false}};
    const QString xml = pusher::toJUnit(r, QString(), QStringLiteral("api: worker is busy"));
    QXmlStreamReader x(xml);
    QMap<QString, QString> suite;
    QStringList outcomes; // element: type: message
    while (!x.atEnd()) {
        x.readNext();
        if (!x.isStartElement())
            continue;
        if (x.name() == u"testsuite")
            for (const QXmlStreamAttribute& a : x.attributes())
                suite.insert(a.name().toString(), a.value().toString());
        else if (x.name() == u"failure" || x.name() == u"error")
            outcomes.append(x.name() + QStringLiteral(": ") +
                            x.attributes().value(QStringLiteral("type")) + QStringLiteral(": ") +
                            x.attributes().value(QStringLiteral("message")));
    }
    QVERIFY2(!x.hasError(), qPrintable(x.errorString()));
    QCOMPARE(suite.value(QStringLiteral("tests")), QStringLiteral("2"));
    QCOMPARE(suite.value(QStringLiteral("errors")), QStringLiteral("1"));
    QCOMPARE(suite.value(QStringLiteral("failures")), QStringLiteral("1"));
    QCOMPARE(outcomes.size(), 2);
    QCOMPARE(outcomes[0], QStringLiteral("error: run: run failed: api: worker is busy"));
    QVERIFY2(outcomes[1].startsWith(QStringLiteral("failure: threshold: observed 2.5")),
             qPrintable(outcomes[1]));
    QVERIFY(!xml.contains(QStringLiteral("<system-out>"))); // none given
}

// Characters XML 1.0 cannot hold (a control character other than tab, newline and carriage
// return; a lone surrogate; U+FFFE, U+FFFF) were dropped by Qt's XML writer without a sign, so
// a CI system showed a name or an error sample other than the one the server sent. Each is now
// U+FFFD, the replacement character, wherever toJUnit writes text or an attribute: the
// suite's name, a threshold's name and classname (a worker ident), the run's error, the
// summary with its error samples. Tabs, line breaks and a character beyond U+FFFF (a
// surrogate pair) are kept.
void TestExports::junitShowsWhatXmlCannotHoldAsReplacement() {
    const QString lone(QChar(char16_t(0xD800)));
    const QString notAChar(QChar(char16_t(0xFFFF)));
    const QString smile = QString::fromUtf8("\xF0\x9F\x98\x80"); // U+1F600, a surrogate pair
    RunResults r = testing::sampleResults(4);
    r.scenario = QStringLiteral("shop\x01") + QStringLiteral(" run");
    const QString expr = QStringLiteral("api\x1b") + QStringLiteral("x.p99 < 1ms");
    r.thresholds = {{expr, 2.5, false}};
    const QString failure = QStringLiteral("rank 1 on h: \x07") + lone + QStringLiteral(" ") +
                            notAChar + QStringLiteral("!");
    const QString summary = QStringLiteral("errors by kind: http_503 1\n  http_503: "
                                           "\x1b[31mboom\x1b[0m\ttab ") +
                            smile + QStringLiteral("\r\n");
    const QString xml = pusher::toJUnit(r, summary, failure);
    QXmlStreamReader x(xml);
    QString suite, out;
    QList<QStringList> cases; // name, classname
    QStringList outcomes;     // message attribute, then text
    while (!x.atEnd()) {
        x.readNext();
        if (!x.isStartElement())
            continue;
        if (x.name() == u"testsuite") {
            suite = x.attributes().value(QStringLiteral("name")).toString();
        } else if (x.name() == u"testcase") {
            cases.append({x.attributes().value(QStringLiteral("name")).toString(),
                          x.attributes().value(QStringLiteral("classname")).toString()});
        } else if (x.name() == u"failure" || x.name() == u"error") {
            outcomes.append(x.attributes().value(QStringLiteral("message")).toString());
            outcomes.append(x.readElementText());
        } else if (x.name() == u"system-out") {
            out = x.readElementText();
        }
    }
    QVERIFY2(!x.hasError(), qPrintable(x.errorString() + QLatin1Char('\n') + xml));
    const QString R(QChar(QChar::ReplacementCharacter));
    QCOMPARE(suite, QStringLiteral("shop") + R + QStringLiteral(" run"));
    QCOMPARE(cases.size(), 2);
    const QString shownExpr = QStringLiteral("api") + R + QStringLiteral("x.p99 < 1ms");
    QCOMPARE(cases[1], (QStringList{shownExpr, QStringLiteral("api") + R + QStringLiteral("x")}));
    QCOMPARE(outcomes.size(), 4);
    const QString shownFailure = QStringLiteral("run failed: rank 1 on h: ") + R + R +
                                 QStringLiteral(" ") + R + QStringLiteral("!");
    QCOMPARE(outcomes[0], shownFailure);
    QCOMPARE(outcomes[1], shownFailure);
    QVERIFY2(outcomes[3].startsWith(shownExpr + QStringLiteral(" did not hold: observed ")),
             qPrintable(outcomes[3]));
    QCOMPARE(out, QStringLiteral("errors by kind: http_503 1\n  http_503: ") + R +
                      QStringLiteral("[31mboom") + R + QStringLiteral("[0m\ttab ") + smile +
                      QStringLiteral("\n")); // a reader reads \r\n as \n
    // As bytes: valid UTF-8 holding U+FFFD (EF BF BD), never a character XML cannot hold.
    const QByteArray bytes = xml.toUtf8();
    QVERIFY(bytes.contains("shop\xEF\xBF\xBD run"));
    for (const char c : bytes)
        QVERIFY2(static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t' || c == '\r',
                 qPrintable(QStringLiteral("byte %1").arg(int(c))));
}

// The HTML report is XHTML: a control character in a worker's ident, the scenario's name or
// an error sample (a server's escape sequence) made it a file no XML reader reads, and is
// invalid HTML as well. Each character XML cannot hold is U+FFFD there too, in the report and
// in the comparison.
void TestExports::htmlShowsWhatXmlCannotHoldAsReplacement() {
    RunResults r = testing::sampleResults(4);
    r.scenario = QStringLiteral("shop\x01") + QStringLiteral(" run");
    r.workers[0].ident = QStringLiteral("api\x02") + QStringLiteral("x");
    const QString kind = r.total.errorsByKind.firstKey();
    r.total.errorSamples[kind] = {QStringLiteral("HTTP 503: \x1b[31mboom\x1b[0m")};
    r.thresholds = {{QStringLiteral("api\x02") + QStringLiteral("x.p99 < 1ms"), 2.5, false}};
    const QString R(QChar(QChar::ReplacementCharacter));

    const Html h = parse(pusher::toHtml(r));
    QVERIFY2(h.error.isEmpty(), qPrintable(h.error));
    QVERIFY2(h.text.contains(QStringLiteral("Pusher report: shop") + R + QStringLiteral(" run")),
             qPrintable(h.text));
    QVERIFY(h.cellsBySection.value(QStringLiteral("summary"))
                .contains(QStringLiteral("api") + R + QStringLiteral("x")));
    QVERIFY(h.cellsBySection.value(QStringLiteral("thresholds"))
                .contains(QStringLiteral("api") + R + QStringLiteral("x.p99 < 1ms")));
    QVERIFY2(h.cellsBySection.value(QStringLiteral("kinds"))
                 .contains(QStringLiteral("HTTP 503: ") + R + QStringLiteral("[31mboom") + R +
                           QStringLiteral("[0m")),
             qPrintable(h.cellsBySection.value(QStringLiteral("kinds")).join(QLatin1Char('|'))));

    const Html c = parse(pusher::compareHtml(m_a, r));
    QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
    QVERIFY2(c.text.contains(QStringLiteral("B: shop") + R + QStringLiteral(" run")),
             qPrintable(c.text));
    QVERIFY(c.cellsBySection.value(QStringLiteral("workers"))
                .contains(QStringLiteral("api") + R + QStringLiteral("x")));
}

// DEL and the C1 controls (U+007F-U+009F: a server's 8-bit CSI U+009B, a NEL U+0085) are
// valid XML, so xmlChars kept them, but each is a parse error in HTML, which is how a browser
// reads the report: the HTML report shows them as U+FFFD too (the report and the comparison).
// The JUnit report is XML only, and keeps them as they are.
void TestExports::htmlShowsDelAndC1ControlsAsReplacement() {
    RunResults r = testing::sampleResults(4);
    r.scenario = QStringLiteral("shop\x7f run");
    r.workers[0].ident = QStringLiteral("api\u0085x");
    const QString kind = r.total.errorsByKind.firstKey();
    r.total.errorSamples[kind] = {QStringLiteral("HTTP 503: \u009b31mboom\u009f")};
    const QString R(QChar(QChar::ReplacementCharacter));
    const auto holdsNone = [](const QString& text) {
        return std::none_of(text.cbegin(), text.cend(),
                            [](QChar c) { return c.unicode() >= 0x7f && c.unicode() <= 0x9f; });
    };

    const QString html = pusher::toHtml(r);
    QVERIFY(holdsNone(html));
    const Html h = parse(html);
    QVERIFY2(h.error.isEmpty(), qPrintable(h.error));
    QVERIFY2(h.text.contains(QStringLiteral("Pusher report: shop") + R + QStringLiteral(" run")),
             qPrintable(h.text));
    QVERIFY(h.cellsBySection.value(QStringLiteral("summary"))
                .contains(QStringLiteral("api") + R + QStringLiteral("x")));
    QVERIFY2(h.cellsBySection.value(QStringLiteral("kinds"))
                 .contains(QStringLiteral("HTTP 503: ") + R + QStringLiteral("31mboom") + R),
             qPrintable(h.cellsBySection.value(QStringLiteral("kinds")).join(QLatin1Char('|'))));

    const QString comparison = pusher::compareHtml(m_a, r);
    QVERIFY(holdsNone(comparison));
    QVERIFY(parse(comparison)
                .cellsBySection.value(QStringLiteral("workers"))
                .contains(QStringLiteral("api") + R + QStringLiteral("x")));

    const QString junit = pusher::toJUnit(r, QStringLiteral("summary \u0085\n"));
    QVERIFY2(junit.contains(QStringLiteral("shop\x7f run")), qPrintable(junit.left(400)));
    QVERIFY(junit.contains(QStringLiteral("summary \u0085\n")));
}

void TestExports::comparisonHtml() {
    const Html h = parse(pusher::compareHtml(m_a, m_b));
    QVERIFY2(h.error.isEmpty(), qPrintable(h.error));
    QVERIFY(h.sections.contains(QStringLiteral("comparison")));
    QVERIFY(h.sections.contains(QStringLiteral("throughput")));
    QVERIFY(h.sections.contains(QStringLiteral("latency")));
    QVERIFY(h.sections.contains(QStringLiteral("errors")));
    verifySelfContained(h);
    QCOMPARE(h.elements.value(QStringLiteral("svg")), 3);
    QVERIFY(h.elements.value(QStringLiteral("polyline")) >= 2 * 3); // both runs in every chart
    // The completed row: A, B, delta = B − A, delta %.
    const QStringList cells = h.cellsBySection.value(QStringLiteral("comparison"));
    const qsizetype row = cells.indexOf(QStringLiteral("completed"));
    QVERIFY(row >= 0);
    QCOMPARE(cells[row + 1].toULongLong(), m_a.total.completed);
    QCOMPARE(cells[row + 2].toULongLong(), m_b.total.completed);
    QCOMPARE(cells[row + 3].toLongLong(),
             static_cast<qint64>(m_b.total.completed) - static_cast<qint64>(m_a.total.completed));
    QVERIFY(cells[row + 3].startsWith(QLatin1Char('+')));
    const double pct = 100.0 * (double(m_b.total.completed) - double(m_a.total.completed)) /
                       double(m_a.total.completed);
    QCOMPARE(cells[row + 4], QStringLiteral("+") + QString::number(pct, 'f', 1) + QLatin1Char('%'));
    // B is slower: its p99 delta is positive.
    const qsizetype p99 = cells.indexOf(QStringLiteral("latency p99 ms"));
    QVERIFY(p99 >= 0);
    QVERIFY(cells[p99 + 3].toDouble() > 0);
}

void TestExports::comparisonText() {
    const QString text = pusher::compareText(m_a, m_b);
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(lines[0].contains(m_a.scenario));
    QVERIFY(lines[1].contains(QStringLiteral("checkout v2")));
    QString completed;
    for (const auto& l : lines)
        if (l.startsWith(QStringLiteral("completed ")))
            completed = l;
    QVERIFY(!completed.isEmpty());
    const QStringList f = completed.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QCOMPARE(f.size(), 5);
    QCOMPARE(f[1].toULongLong(), m_a.total.completed);
    QCOMPARE(f[2].toULongLong(), m_b.total.completed);
    QCOMPARE(f[3].toLongLong(),
             static_cast<qint64>(m_b.total.completed) - static_cast<qint64>(m_a.total.completed));
    // Columns are aligned: the first is left-, the others right-justified, so every line of
    // the totals' table (after the two run labels, before the table per worker) has the same
    // length.
    const QStringList totals =
        text.section(QStringLiteral("\n\n"), 0, 0).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(totals.size() > 10);
    for (qsizetype i = 3; i < totals.size(); ++i)
        QCOMPARE(totals[i].size(), totals[2].size());

    // A change too small to show is 0.0%, not -0.0% (a rate a hair lower), in the totals
    // and per worker.
    pusher::RunResults b = m_a;
    b.total.achievedRps *= 0.99999;
    for (pusher::WorkerResults& w : b.workers)
        w.achievedRps *= 0.99999;
    const QString same = pusher::compareText(m_a, b);
    QVERIFY2(!same.contains(QStringLiteral("-0.0%")), qPrintable(same));
    QVERIFY2(same.contains(QStringLiteral("(0.0%)")), qPrintable(same));
}

// The report's errors say why (each kind's first message) and, for a flow, which step
// failed, the steps in the journey's order (login before browse), an optional step's
// failures included.
void TestExports::htmlSaysWhyAndWhichStepFailed() {
    RunResults r = testing::journeyResults(
        {QStringLiteral("login"), QStringLiteral("browse"), QStringLiteral("checkout")});
    auto fail = [&](const QString& ident, const QString& kind, std::uint64_t n,
                    const QString& message) {
        pusher::WorkerResults* w = ident == QLatin1String("*") ? &r.total : nullptr;
        for (pusher::WorkerResults& each : r.workers)
            if (each.ident == ident)
                w = &each;
        QVERIFY(w);
        w->errorsByKind.insert(kind, n);
        w->errorSamples.insert(kind, {message});
    };
    fail(QStringLiteral("shop/login"), QStringLiteral("extract"), 3,
         QStringLiteral("extract token: JSON pointer /tokn not found in the body"));
    fail(QStringLiteral("shop/browse"), QStringLiteral("http_500"), 2,
         QStringLiteral("unexpected HTTP status 500"));
    fail(QStringLiteral("*"), QStringLiteral("extract"), 3,
         QStringLiteral("step login: extract token: JSON pointer /tokn not found in the body"));
    const Html h = parse(pusher::toHtml(r));
    QVERIFY2(h.error.isEmpty(), qPrintable(h.error));
    const QStringList cells = h.cellsBySection.value(QStringLiteral("kinds"));
    QVERIFY2(cells.contains(QStringLiteral(
                 "step login: extract token: JSON pointer /tokn not found in the body")),
             qPrintable(cells.join(QLatin1Char('|'))));
    const qsizetype login = cells.indexOf(QStringLiteral("shop/login"));
    const qsizetype browse = cells.indexOf(QStringLiteral("shop/browse"));
    QVERIFY2(login >= 0 && browse > login, qPrintable(cells.join(QLatin1Char('|'))));
    QCOMPARE(
        cells.mid(login, 4),
        (QStringList{QStringLiteral("shop/login"), QStringLiteral("extract"), QStringLiteral("3"),
                     QStringLiteral("extract token: JSON pointer /tokn not found in the body")}));
    QCOMPARE(cells.mid(browse, 4),
             (QStringList{QStringLiteral("shop/browse"), QStringLiteral("http_500"),
                          QStringLiteral("2"), QStringLiteral("unexpected HTTP status 500")}));
    // header, one kind; header, two steps' kinds
    QCOMPARE(h.rowsBySection.value(QStringLiteral("kinds")), 2 + 3);

    // Only an optional step failed: no journey did, and the report does not say "No errors."
    // above the step's failures.
    r = testing::journeyResults(
        {QStringLiteral("login"), QStringLiteral("browse"), QStringLiteral("checkout")});
    fail(QStringLiteral("shop/browse"), QStringLiteral("http_500"), 2,
         QStringLiteral("unexpected HTTP status 500"));
    const Html optional = parse(pusher::toHtml(r));
    QVERIFY2(optional.error.isEmpty(), qPrintable(optional.error));
    QVERIFY(!optional.text.contains(QStringLiteral("No errors.")));
    QVERIFY(optional.text.contains(QStringLiteral("No call or journey failed")));
    QVERIFY(
        optional.cellsBySection[QStringLiteral("kinds")].contains(QStringLiteral("shop/browse")));
    QVERIFY(parse(pusher::toHtml(testing::journeyResults({QStringLiteral("login")})))
                .text.contains(QStringLiteral("No errors.")));
}

// The comparison per worker and step lists a worker of either run, in summary order, and
// says what it cannot compare: a worker of one run only ("only in B"), a step that measured
// no latency ("-", change "n/a", not 0 ms and -100%).
void TestExports::comparisonPerWorkerOfEitherRun() {
    pusher::RunResults a = m_a;
    pusher::RunResults b = m_a;
    pusher::WorkerResults pay;
    pay.ident = QStringLiteral("api/pay");
    pay.stepIndex = 0;
    pay.ticks = pay.started = pay.completed = pay.errors = 3;
    pay.errorsByKind.insert(QStringLiteral("extract"), 3);
    a.workers.append(pay);
    b.workers.append(pay);
    b.workers.removeIf([](const pusher::WorkerResults& w) {
        return w.ident != QLatin1String("api") && w.ident != QLatin1String("api/pay");
    });
    pusher::WorkerResults cache = *m_a.worker(QStringLiteral("api"));
    cache.ident = QStringLiteral("cache");
    b.workers.append(cache);
    const QString text = pusher::compareText(a, b);
    const QStringList lines = text.section(QStringLiteral("per worker and step"), 1)
                                  .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QMap<QString, QStringList> rows;
    QStringList order;
    for (qsizetype i = 2; i < lines.size(); ++i) {
        const QStringList cells = lines[i].split(QRegularExpression(QStringLiteral("\\s{2,}")));
        QCOMPARE(cells.size(), 7);
        order.append(cells[0]);
        rows.insert(cells[0], cells.mid(1));
    }
    QCOMPARE(order, (QStringList{QStringLiteral("api"), QStringLiteral("api/pay"),
                                 QStringLiteral("cache"), QStringLiteral("db, replica")}));
    const QStringList paid = rows.value(QStringLiteral("api/pay"));
    QCOMPARE(paid[0], QStringLiteral("3 → 3 (0.0%)"));
    QCOMPARE(paid[2], QStringLiteral("3 → 3 (0)"));
    for (int column : {3, 4, 5})
        QCOMPARE(paid[column], QStringLiteral("- → - (n/a)"));
    QCOMPARE(rows.value(QStringLiteral("cache"))[0],
             QStringLiteral("- → %1 (only in B)").arg(cache.completed));
    QCOMPARE(rows.value(QStringLiteral("db, replica"))[2],
             QStringLiteral("%1 → - (only in A)")
                 .arg(m_a.worker(QStringLiteral("db, replica"))->errors));
    const QStringList api = rows.value(QStringLiteral("api"));
    QCOMPARE(api[3],
             QStringLiteral("%1 → %1 (0.0%)")
                 .arg(QString::number(m_a.worker(QStringLiteral("api"))->latencyMs.p50, 'g', 4)));

    // The HTML page: the same rows, escaped.
    const QString html = pusher::compareHtml(a, b);
    QVERIFY(html.contains(QStringLiteral("<section id=\"workers\">")));
    const QString none = QStringLiteral("<td>-</td><td>-</td><td>n/a</td>");
    QVERIFY2(html.contains(QStringLiteral("<tr><td>api/pay</td><td>3</td><td>3</td><td>0.0%</td>")),
             qPrintable(html));
    QVERIFY2(html.contains(none + none + none + QStringLiteral("</tr>")), qPrintable(html));
    QVERIFY(html.contains(QStringLiteral("<tr><td>db, replica</td>")));
}

// A worker's name with a control character or a newline (a results file someone edited) is
// shown in the comparison as pusher-cli prints it, escaped ("a\tb", "ログ\nイン"), and the
// columns are measured on that, in terminal columns: measured on the raw name, "a<TAB>b" (3
// characters, 4 printed) pushed its row's columns one right, the newline split its row in two,
// and the katakana (two columns each) pushed theirs right by one a character.
void TestExports::comparisonLinesUpEscapedNames() {
    pusher::RunResults a = m_a;
    for (pusher::WorkerResults& w : a.workers) {
        if (w.ident == QLatin1String("api"))
            w.ident = QStringLiteral("a\tb\x1b") + QStringLiteral("c");
        else if (w.ident == QLatin1String("db, replica"))
            w.ident = QStringLiteral("ログ\nイン");
    }
    const QString text = pusher::compareText(a, a);
    const QStringList lines = text.section(QStringLiteral("per worker and step"), 1)
                                  .split(QLatin1Char('\n'), Qt::SkipEmptyParts)
                                  .mid(1);
    QCOMPARE(lines.size(), 1 + a.workers.size()); // the header, a row each
    QStringList names;
    for (qsizetype i = 1; i < lines.size(); ++i)
        names.append(lines[i].section(QStringLiteral("  "), 0, 0).trimmed());
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("a\\tb\\x1bc"), QStringLiteral("ログ\\nイン")}));
    // Each row's second column starts where the header's does.
    // In terminal columns: a katakana takes two.
    const auto secondColumn = [](QString line) {
        line.replace(QStringLiteral("ログ"), QStringLiteral("ロロググ"))
            .replace(QStringLiteral("イン"), QStringLiteral("イインン"));
        qsizetype i = line.indexOf(QStringLiteral("  "));
        while (i >= 0 && i < line.size() && line[i] == u' ')
            ++i;
        return i;
    };
    const qsizetype second = secondColumn(lines[0]);
    QVERIFY(second > 0);
    for (const QString& line : lines)
        QVERIFY2(secondColumn(line) == second, qPrintable(text));
}

// A run stopped before its planned end (Ctrl-C, a signal, Stop) read as one that ran its
// course whose thresholds failed: its verdict FAILED and nothing else. The report now says,
// under its header line, that it was stopped, after how long and how many calls the stop cut;
// the results keep neither the planned duration nor what stopped it, so the note names
// neither. A run that ran its course, and a recovered one (its own note), have no such note.
void TestExports::htmlSaysAStoppedRunWasStopped() {
    QVERIFY(!pusher::toHtml(m_a).contains(QStringLiteral("id=\"stopped\"")));

    RunResults r = m_a;
    r.interrupted = true;
    r.passed = false;
    r.durationS = 12.34;
    r.total.interrupted = 5;
    const QString html = pusher::toHtml(r);
    const Html h = parse(html);
    QVERIFY2(h.error.isEmpty(), qPrintable(h.error));
    const QString note = QStringLiteral(
        "Stopped before its planned end, after 12.3 s: the results cover the time run; 5 call(s) "
        "in flight were cut (not counted as errors), and a stopped run does not pass.");
    QVERIFY2(h.text.contains(note), qPrintable(h.text.left(800)));
    const qsizetype at = html.indexOf(QStringLiteral("<p id=\"stopped\" class=\"note\">"));
    QVERIFY(at > html.indexOf(QStringLiteral("<p id=\"meta\">")));
    QVERIFY(at < html.indexOf(QStringLiteral("<section")));
    QCOMPARE(h.sections, parse(pusher::toHtml(m_a)).sections);

    // Recovered before its planned end (interrupted too): the recovered note says it, once.
    r.recovered = true;
    const QString recovered = pusher::toHtml(r);
    QVERIFY(recovered.contains(QStringLiteral("id=\"recovered\"")));
    QVERIFY(!recovered.contains(QStringLiteral("id=\"stopped\"")));
}

// report --compare said nothing of a run that did not run its course: a recovered run (ends
// at its last complete interval) or a stopped one read, in its column, as a whole run whose
// throughput and duration fell. Each run's heading, in the text and in the HTML page's meta
// line and table, now says so; a run that ran its course has its plain heading.
void TestExports::comparisonSaysWhichRunDidNotRunItsCourse() {
    RunResults a = m_a;
    a.interrupted = true;
    a.passed = false;
    a.durationS = 12.34;
    RunResults b = m_b;
    b.recovered = true;
    b.interrupted = true;
    b.passed = false;
    b.durationS = 0.75;
    const QString headingA =
        m_a.scenario + QStringLiteral(" (stopped before its planned end, after 12.3 s)");
    const QString headingB =
        QStringLiteral("checkout v2 (recovered from its live stream, ends at 0.75 s)");

    const QStringList lines = pusher::compareText(a, b).split(QLatin1Char('\n'));
    QCOMPARE(lines[0], QStringLiteral("A: ") + headingA);
    QCOMPARE(lines[1], QStringLiteral("B: ") + headingB);
    const QStringList plain = pusher::compareText(m_a, m_b).split(QLatin1Char('\n'));
    QCOMPARE(plain[0], QStringLiteral("A: ") + m_a.scenario);
    QCOMPARE(plain[1], QStringLiteral("B: checkout v2"));

    const QString html = pusher::compareHtml(a, b);
    const Html h = parse(html);
    QVERIFY2(h.error.isEmpty(), qPrintable(h.error));
    QVERIFY2(html.contains(QStringLiteral("<th>metric</th><th>A: %1</th><th>B: %2</th>")
                               .arg(headingA.toHtmlEscaped(), headingB.toHtmlEscaped())),
             qPrintable(html.left(1500)));
    QVERIFY2(h.text.contains(QStringLiteral("A: ") + headingA + QStringLiteral(" (started ")),
             qPrintable(h.text.left(600)));
    QVERIFY2(h.text.contains(QStringLiteral("B: ") + headingB + QStringLiteral(" (started ")),
             qPrintable(h.text.left(600)));
    const QString plainHtml = pusher::compareHtml(m_a, m_b);
    QVERIFY(!plainHtml.contains(QStringLiteral("stopped before")));
    QVERIFY(!plainHtml.contains(QStringLiteral("recovered from")));
}

// A stopped run's note said only "Stopped before its planned end, after 12.3 s", and a
// recovered run's could not say how much of its plan it covers: the results did not keep
// the planned duration. With planned_s, the HTML note, the comparison's headings and
// ofPlan (the CLI's summary) say it: "at 12.3 s of its planned 30 s"; a run stopped in the
// drain of its calls after the plan is "past" it. Without planned_s (older files) they say
// what they said (htmlSaysAStoppedRunWasStopped, comparisonSaysWhichRunDidNotRunItsCourse).
void TestExports::notesSayHowMuchOfThePlanARunCovers() {
    RunResults r = m_a;
    r.interrupted = true;
    r.passed = false;
    r.durationS = 12.34;
    r.plannedS = 30;
    r.total.interrupted = 5;
    QCOMPARE(pusher::ofPlan(r), QStringLiteral(" of its planned 30 s"));
    QCOMPARE(pusher::ofPlan(r, true), QStringLiteral(" of 30 s"));
    QCOMPARE(pusher::ofPlan(m_a), QString());
    const Html h = parse(pusher::toHtml(r));
    QVERIFY2(h.error.isEmpty(), qPrintable(h.error));
    QVERIFY2(h.text.contains(QStringLiteral(
                 "Stopped at 12.3 s of its planned 30 s: the results cover the time run; 5 "
                 "call(s) in flight were cut (not counted as errors), and a stopped run does not "
                 "pass.")),
             qPrintable(h.text.left(800)));
    QVERIFY(!h.text.contains(QStringLiteral("before its planned end")));

    // Stopped in the drain after the ticks' planned end: past the plan, not "of" it.
    RunResults drained = r;
    drained.durationS = 31.2;
    drained.plannedS = 30.5;
    QVERIFY2(parse(pusher::toHtml(drained))
                 .text.contains(QStringLiteral("Stopped at 31.2 s, past its planned 30.5 s: ")),
             qPrintable(parse(pusher::toHtml(drained)).text.left(800)));

    // Recovered to the plan's end exactly: all of it, not past it.
    RunResults whole = r;
    whole.recovered = true;
    whole.durationS = 30;
    QCOMPARE(pusher::ofPlan(whole), QStringLiteral(" of its planned 30 s"));
    whole.durationS = 30.25; // its last interval: the drain after the ticks' end
    QCOMPARE(pusher::ofPlan(whole, true), QStringLiteral(", past 30 s"));

    RunResults recovered = r;
    recovered.recovered = true;
    recovered.durationS = 12.5;
    recovered.total.started += 3;
    const Html hr = parse(pusher::toHtml(recovered));
    QVERIFY2(hr.text.contains(QStringLiteral(
                 "Recovered: rebuilt from its live stream; it ends at its last complete "
                 "interval, at 12.50 s of its planned 30 s (")),
             qPrintable(hr.text.left(800)));

    RunResults b = m_b;
    b.recovered = true;
    b.interrupted = true;
    b.passed = false;
    b.durationS = 0.75;
    b.plannedS = 3600;
    const QStringList lines = pusher::compareText(r, b).split(QLatin1Char('\n'));
    QCOMPARE(lines[0],
             QStringLiteral("A: ") + m_a.scenario + QStringLiteral(" (stopped at 12.3 s of 30 s)"));
    QCOMPARE(lines[1],
             QStringLiteral(
                 "B: checkout v2 (recovered from its live stream, ends at 0.75 s of 3600 s)"));
    QVERIFY(pusher::compareHtml(r, b).contains(
        QStringLiteral("<th>B: checkout v2 (recovered from its live stream, ends at 0.75 s of "
                       "3600 s)</th>")));
}

// A recovered run ends at its last complete interval, which the clock read a little past its
// grid point (1.500082606 s for the 6th interval of 250 ms). The summary says "at 1.50 s"; the
// HTML report's note and a comparison's heading said "at 1.50008 s", six digits of a clock's
// jitter and not the number the summary printed (docs/cli.md, results-format.md).
void TestExports::aRecoveredRunsEndReadsAsTheSummarys() {
    RunResults r = m_a;
    r.recovered = true;
    r.interrupted = true;
    r.passed = false;
    r.durationS = 1.500082606;
    r.plannedS = 30;
    const Html h = parse(pusher::toHtml(r));
    QVERIFY2(h.error.isEmpty(), qPrintable(h.error));
    QVERIFY2(h.text.contains(QStringLiteral("it ends at its last complete interval, at 1.50 s of "
                                            "its planned 30 s (")),
             qPrintable(h.text.left(800)));
    const QString heading =
        m_a.scenario + QStringLiteral(" (recovered from its live stream, ends at 1.50 s of 30 s)");
    QCOMPARE(pusher::compareText(m_b, r).split(QLatin1Char('\n')).value(1),
             QStringLiteral("B: ") + heading);
    QVERIFY2(pusher::compareHtml(m_b, r).contains(
                 QStringLiteral("(recovered from its live stream, ends at 1.50 s of 30 s)</th>")),
             qPrintable(pusher::compareHtml(m_b, r).left(1500)));
    // Without planned_s, the same two decimals.
    r.plannedS = 0;
    QCOMPARE(pusher::compareText(m_b, r).split(QLatin1Char('\n')).value(1),
             QStringLiteral("B: ") + m_a.scenario +
                 QStringLiteral(" (recovered from its live stream, ends at 1.50 s)"));
}

// A merged run is recovered (or stopped) when a part is, and its duration_s is the longest
// part's: the notes put a part recovered at 0.75 s of its planned 30 s at the finished part's
// 20.1 s. They name the part and its own end; its ranks row says how it ran. A distributed
// run's ranks stopped together keep the whole run's note, as do parts not known to end.
void TestExports::notesNameThePartThatDidNotRunItsCourse() {
    RunResults merged = m_a;
    merged.durationS = 20.1;
    merged.recovered = true;
    merged.interrupted = true;
    merged.passed = false;
    merged.plannedS = 30;
    merged.total.started += 3; // in flight when the recovered part's stream ended
    pusher::PartResults a;
    a.rank = 0;
    a.source = QStringLiteral("a.json");
    a.durationS = merged.durationS;
    a.plannedS = 20;
    pusher::PartResults b;
    b.rank = 1;
    b.source = QStringLiteral("b.json");
    b.durationS = 0.75;
    b.plannedS = 30;
    b.recovered = true;
    b.interrupted = true;
    merged.parts = {a, b};
    QCOMPARE(pusher::partEnding(a), QString());
    QCOMPARE(pusher::partEnding(b),
             QStringLiteral("part b.json recovered: ends at 0.75 s of its planned 30 s"));
    QCOMPARE(pusher::partRan(b), QStringLiteral("0.75 s of 30 s, recovered"));
    QCOMPARE(pusher::partRan(a), QStringLiteral("20.10 s"));
    QCOMPARE(pusher::partRan(pusher::PartResults{}), QStringLiteral("-"));
    Html h = parse(pusher::toHtml(merged));
    QVERIFY2(h.error.isEmpty(), qPrintable(h.error));
    QVERIFY2(h.text.contains(QStringLiteral(
                 "Recovered: part b.json recovered: ends at 0.75 s of its planned 30 s (rebuilt "
                 "from its live stream, a recovered part ends at its last complete interval; 3 "
                 "call(s) were still in flight then).")),
             qPrintable(h.text.left(800)));
    QVERIFY(!h.text.contains(QStringLiteral("at 20.1 s")));
    QVERIFY(h.cellsBySection[QStringLiteral("ranks")].contains(
        QStringLiteral("0.75 s of 30 s, recovered")));
    QVERIFY2(pusher::compareText(m_a, merged)
                 .contains(QStringLiteral(
                     "B: checkout <smoke> & co (part b.json recovered: ends at 0.75 s of its "
                     "planned 30 s)")),
             qPrintable(pusher::compareText(m_a, merged)));

    // A part stopped, another recovered, the third ran its course: both named, in order.
    pusher::PartResults c;
    c.rank = 2;
    c.host = QStringLiteral("gen-3");
    c.durationS = 12.34;
    c.interrupted = true;
    merged.parts = {a, c, b};
    QCOMPARE(pusher::partsEnding(merged),
             QStringLiteral("rank 2 stopped after 12.3 s; part b.json recovered: ends at 0.75 s "
                            "of its planned 30 s"));
    // Stopped, none recovered: the stopped note names the part.
    merged.recovered = false;
    merged.parts = {a, c};
    merged.total.interrupted = 5;
    h = parse(pusher::toHtml(merged));
    QVERIFY2(h.text.contains(QStringLiteral(
                 "Stopped: rank 2 stopped after 12.3 s: the results cover the time run; 5 "
                 "call(s) in flight were cut")),
             qPrintable(h.text.left(800)));

    // Every part stopped within an interval of the whole (a distributed run's ranks): the
    // whole run's note is true of each, and stays.
    a.interrupted = true;
    a.durationS = merged.durationS - 0.1;
    c.durationS = merged.durationS;
    merged.parts = {a, c};
    QCOMPARE(pusher::partsEnding(merged), QString());
    QVERIFY(parse(pusher::toHtml(merged)).text.contains(QStringLiteral("Stopped at 20.1 s")));
    // Nor is a part named when a part's ending is not known (a file written before it).
    c.durationS = 0;
    merged.parts = {a, c};
    QCOMPARE(pusher::partsEnding(merged), QString());
    QCOMPARE(pusher::partRan(c), QStringLiteral("-"));
}

// The meta lines give the start in UTC and say so once: they read "Started
// 2026-11-29T09:00:00.250Z UTC" (ISO's Z and then UTC again), a comparison's "(started
// …Z UTC)". A start kept in another zone (+01:00 here) is shown converted.
void TestExports::metaLinesSayUtcOnce() {
    RunResults a = m_a, b = m_b;
    a.startedAt = QDateTime(QDate(2026, 11, 29), QTime(10, 0, 0, 250), QTimeZone(3600));
    b.startedAt = QDateTime(QDate(2026, 11, 30), QTime(8, 30, 5), QTimeZone::utc());
    const auto meta = [](const QString& html) {
        const qsizetype from = html.indexOf(QStringLiteral("<p id=\"meta\">"));
        return from < 0 ? QString()
                        : html.mid(from, html.indexOf(QStringLiteral("</p>"), from) - from);
    };
    const QString report = meta(pusher::toHtml(a));
    QVERIFY2(report.contains(QStringLiteral("Started 2026-11-29 09:00:00.250 UTC, ")),
             qPrintable(report));
    QCOMPARE(report.count(QStringLiteral("UTC")), 1);
    QVERIFY2(!report.contains(QStringLiteral("Z UTC")), qPrintable(report));
    const QString comparison = meta(pusher::compareHtml(a, b));
    QVERIFY2(comparison.contains(QStringLiteral("(started 2026-11-29 09:00:00 UTC) versus ")),
             qPrintable(comparison));
    QVERIFY2(comparison.contains(QStringLiteral("(started 2026-11-30 08:30:05 UTC). ")),
             qPrintable(comparison));
    QCOMPARE(comparison.count(QStringLiteral("UTC")), 2);
    // A start not known says so: it read "Started  UTC, " and "(started  UTC)".
    a.startedAt = QDateTime();
    QVERIFY2(meta(pusher::toHtml(a)).contains(QStringLiteral("Started at an unknown time, ")),
             qPrintable(meta(pusher::toHtml(a))));
    QVERIFY2(meta(pusher::compareHtml(a, b))
                 .contains(QStringLiteral("(started at an unknown time) "
                                          "versus ")),
             qPrintable(meta(pusher::compareHtml(a, b))));
}

QTEST_GUILESS_MAIN(TestExports)
#include "tst_exports.moc"
