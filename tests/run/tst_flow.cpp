// Flow targets end to end: journeys against the real sandbox on 127.0.0.1, through
// ScenarioRun, so that per-step series, totals and thresholds are the ones a run reports.
#include <pusher/exports.h>
#include <pusher/http/flow.h>
#include <pusher/run/scenariorun.h>
#include <pusher/targets/sandbox.h>

#include <QDir>
#include <QHash>
#include <QSet>
#include <QFile>
#include <QTemporaryDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "captureserver.h"

#include <algorithm>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <mutex>
#include <thread>

class TestFlow : public QObject {
    Q_OBJECT
private slots:
    void threeStepJourney();
    void extractionFailures_data();
    void extractionFailures();
    void optionalStep();
    void thinkTime();
    void cookieJar();
    void invalidFlows_data();
    void invalidFlows();
    void roundTripAndVariables();
    void shippedScenario();
    void urlOptionPointsTheSteps();
    void dataFile();
    void shippedDataScenario();
    void cutJourneyNamesItsStep();
    void numbersAsWritten();
    void thresholdOnAMissingStep_data();
    void thresholdOnAMissingStep();
    void ipHostTakesNoParentDomainCookie();
    void cookiePathAndExpiry();
    void pastedUrlsArePercentEncoded();
    void unsentStepsMeasureNoLatency();
    void expectBody();
    void expectBodyOfEmptyValues();
    void shippedBodyChecksScenario();
};

using namespace pusher;
using namespace std::chrono_literals;

namespace {

Scenario parse(const QByteArray& json) {
    ScenarioParse p = Scenario::fromJson(json);
    for (const auto& problem : p.problems)
        qWarning("%s", qPrintable(problem.toString()));
    return p.scenario;
}

// get fetches `path` from the sandbox at `url` with a blocking socket and returns the body.
QByteArray get(const QString& url, const QByteArray& path) {
    const int port = url.section(QLatin1Char(':'), -1).toInt();
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval tv{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return {};
    }
    const QByteArray request = "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    [[maybe_unused]] ssize_t sent = ::send(fd, request.constData(), size_t(request.size()), 0);
    QByteArray response;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0)
            break;
        response.append(buffer, n);
    }
    ::close(fd);
    return response.mid(response.indexOf("\r\n\r\n") + 4);
}

QJsonObject stats(const QString& url) {
    return QJsonDocument::fromJson(get(url, "/stats")).object();
}

// run runs `scenario` to its end and returns its results (and the sandbox's /stats, and
// the values its record= parameters kept, one per line).
RunResults run(const Scenario& scenario, QJsonObject* sandboxStats = nullptr,
               QByteArray* recorded = nullptr, RunOptions options = {}) {
    ScenarioRun r(scenario, std::move(options));
    const QList<Problem> problems = r.prepare();
    for (const auto& p : problems)
        qWarning("%s", qPrintable(p.toString()));
    if (!problems.isEmpty() || !r.start() || !r.wait(60s))
        return {};
    if (sandboxStats)
        *sandboxStats = stats(r.sandboxUrl());
    if (recorded)
        *recorded = get(r.sandboxUrl(), "/x?recorded=1");
    return r.results();
}

double meanMs(const Histogram& h) {
    return h.mean() / 1e6;
}

const QByteArray kJourney = R"({
  "version": 1,
  "name": "journey",
  "duration": "5s",
  "workers": [
    { "ident": "shop",
      "target": { "kind": "flow", "steps": [
        { "name": "login", "method": "POST", "url": "http://sandbox/login?delay=2ms",
          "body": "user=ann", "extract": { "token": { "json": "/token" } } },
        { "name": "profile", "url": "http://sandbox/echo?header=Authorization&delay=2ms",
          "headers": { "Authorization": "Bearer ${token}" },
          "extract": { "echoed": { "header": "X-Echo" } } },
        { "name": "order", "method": "POST", "url": "http://sandbox/order?delay=2ms",
          "headers": { "Authorization": "Bearer ${token}" },
          "body": "item=7&seen=${echoed}", "expect_status": [201] }
      ] },
      "rate": { "rps": 200 }, "overtime": 400 }
  ],
  "thresholds": [ "shop/order.p99 < 5s", "shop/login.error_rate < 1%" ]
})";

} // namespace

// 200 journeys/s for 5 s: every later step carries the login's token and session (the
// sandbox rejects none), each step's series counts every journey, and the steps' times
// make up the journey's.
void TestFlow::threeStepJourney() {
    QJsonObject sandbox;
    const RunResults r = run(parse(kJourney), &sandbox);
    const WorkerResults* shop = r.worker(QStringLiteral("shop"));
    QVERIFY(shop);
    QCOMPARE(shop->ticks, std::uint64_t(1000));
    QCOMPARE(shop->canceled, std::uint64_t(0));
    QCOMPARE(shop->completed, std::uint64_t(1000));
    QVERIFY2(shop->errors == 0, qPrintable(shop->errorSamples.keys().join(u',')));
    // The sandbox saw 1000 logins and no order without the right token and cookie.
    QCOMPARE(sandbox.value(QStringLiteral("logins")).toInteger(), 1000);
    QCOMPARE(sandbox.value(QStringLiteral("orders")).toInteger(), 1000);
    QCOMPARE(sandbox.value(QStringLiteral("rejected")).toInteger(), 0);
    // Steps are series of their own, beside the journey, not added to the total.
    QCOMPARE(r.total.completed, shop->completed);
    QCOMPARE(r.workers.size(), 4);
    double stepsMs = 0;
    for (const char* name : {"shop/login", "shop/profile", "shop/order"}) {
        const WorkerResults* step = r.worker(QString::fromLatin1(name));
        QVERIFY2(step, name);
        QCOMPARE(step->started, shop->started);
        QCOMPARE(step->completed, shop->completed);
        QCOMPARE(step->ok, shop->completed);
        QCOMPARE(step->serviceTime.count(), shop->serviceTime.count());
        QVERIFY(step->serviceTime.min() >= 2'000'000); // the sandbox's 2 ms delay
        stepsMs += meanMs(step->serviceTime);
    }
    // Each step lies inside its journey; together they are most of it (a wide bound: on a
    // loaded machine the gaps between steps grow, and 0.85 failed once under ASan).
    const double journeyMs = meanMs(shop->serviceTime);
    QVERIFY2(stepsMs <= journeyMs && stepsMs >= 0.5 * journeyMs,
             qPrintable(QStringLiteral("steps %1 ms, journey %2 ms").arg(stepsMs).arg(journeyMs)));
    // Thresholds name a step.
    QCOMPARE(r.thresholds.size(), 2);
    QVERIFY(r.thresholds[0].passed);
    QVERIFY(r.thresholds[0].value >= 2.0);
    QVERIFY(r.thresholds[1].passed);
    // The timeline has the steps' points too.
    QVERIFY(!r.series(QStringLiteral("shop/order")).isEmpty());
}

void TestFlow::extractionFailures_data() {
    QTest::addColumn<QByteArray>("extract");
    QTest::addColumn<QString>("why");
    QTest::newRow("json") << QByteArray(R"({"t": {"json": "/nope"}})")
                          << QStringLiteral("JSON pointer /nope not found");
    QTest::newRow("regex") << QByteArray("{\"t\": {\"regex\": \"order-([0-9]+)\"}}")
                           << QStringLiteral("does not match the body");
    QTest::newRow("header") << QByteArray(R"({"t": {"header": "X-Nope"}})")
                            << QStringLiteral("no header x-nope");
    QTest::newRow("cookie") << QByteArray(R"({"t": {"cookie": "nope"}})")
                            << QStringLiteral("no cookie nope");
}
// A value that is not there fails its step with kind "extract", naming the step; the
// journey ends there (the next step is never started).
void TestFlow::extractionFailures() {
    QFETCH(QByteArray, extract);
    QFETCH(QString, why);
    const QByteArray json = R"({"version": 1, "duration": "1s", "workers": [
      { "ident": "j", "target": { "kind": "flow", "steps": [
        { "name": "login", "method": "POST", "url": "http://sandbox/login", "extract": EXTRACT },
        { "name": "after", "url": "http://sandbox/x?v=${t}" } ] },
        "rate": { "rps": 50 } } ]})";
    const RunResults r = run(parse(QByteArray(json).replace("EXTRACT", extract)));
    const WorkerResults* j = r.worker(QStringLiteral("j"));
    QVERIFY(j);
    QCOMPARE(j->completed, std::uint64_t(50));
    QCOMPARE(j->errors, j->completed);
    QCOMPARE(j->errorsByKind.value(QStringLiteral("extract")), j->completed);
    const QString sample = j->errorSamples.value(QStringLiteral("extract")).value(0);
    QVERIFY2(sample.startsWith(QStringLiteral("step login: extract t: ")) && sample.contains(why),
             qPrintable(sample));
    const WorkerResults* login = r.worker(QStringLiteral("j/login"));
    QVERIFY(login);
    QCOMPARE(login->errorsByKind.value(QStringLiteral("extract")), j->completed);
    const WorkerResults* after = r.worker(QStringLiteral("j/after"));
    QVERIFY(after);
    QCOMPARE(after->started, std::uint64_t(0));
}

// An optional step that fails is counted in its own series; the journey goes on and
// succeeds. A required one with the same failure ends the journey with its kind.
void TestFlow::optionalStep() {
    const QByteArray json = R"({"version": 1, "duration": "1s", "workers": [
      { "ident": "opt", "target": { "kind": "flow", "steps": [
        { "name": "a", "url": "http://sandbox/a" },
        { "name": "flaky", "url": "http://sandbox/b?status=503", "optional": true },
        { "name": "c", "url": "http://sandbox/c" } ] },
        "rate": { "rps": 40 } },
      { "ident": "req", "target": { "kind": "flow", "steps": [
        { "name": "a", "url": "http://sandbox/a" },
        { "name": "flaky", "url": "http://sandbox/b?status=503" },
        { "name": "c", "url": "http://sandbox/c" } ] },
        "rate": { "rps": 40 } } ]})";
    const RunResults r = run(parse(json));
    const WorkerResults* opt = r.worker(QStringLiteral("opt"));
    const WorkerResults* req = r.worker(QStringLiteral("req"));
    QVERIFY(opt && req);
    QCOMPARE(opt->completed, std::uint64_t(40));
    QCOMPARE(opt->errors, std::uint64_t(0));
    QCOMPARE(r.worker(QStringLiteral("opt/flaky"))->errorsByKind.value(QStringLiteral("http_503")),
             std::uint64_t(40));
    QCOMPARE(r.worker(QStringLiteral("opt/c"))->ok, std::uint64_t(40));
    QCOMPARE(req->errorsByKind.value(QStringLiteral("http_503")), std::uint64_t(40));
    QVERIFY(req->errorSamples.value(QStringLiteral("http_503"))
                .value(0)
                .startsWith(QStringLiteral("step flaky: ")));
    QCOMPARE(r.worker(QStringLiteral("req/c"))->started, std::uint64_t(0));
    // The farm's total counts journeys only.
    QCOMPARE(r.total.completed, std::uint64_t(80));
    QCOMPARE(r.total.errors, std::uint64_t(40));

    // A value a failed optional step should have extracted is missing after it, also when an
    // earlier step had set the name (docs/scenario-format.md): the order that uses it fails
    // with kind extract, and is never sent with the earlier token (it was, and got 201).
    // With the optional step succeeding, its value is the one used.
    const QByteArray again = R"({"version": 1, "duration": "1s", "workers": [
      { "ident": "stale", "target": { "kind": "flow", "steps": [
        { "name": "login", "method": "POST", "url": "http://sandbox/login",
          "extract": { "token": { "json": "/token" } } },
        { "name": "again", "url": "http://sandbox/x", "optional": true,
          "extract": { "token": { "json": "/token" } } },
        { "name": "order", "method": "POST", "url": "http://sandbox/order",
          "headers": { "Authorization": "Bearer ${token}" }, "expect_status": [201] } ] },
        "rate": { "rps": 20 } },
      { "ident": "fresh", "target": { "kind": "flow", "steps": [
        { "name": "login", "method": "POST", "url": "http://sandbox/login",
          "extract": { "token": { "json": "/token" } } },
        { "name": "again", "method": "POST", "url": "http://sandbox/login", "optional": true,
          "extract": { "token": { "json": "/token" } } },
        { "name": "order", "method": "POST", "url": "http://sandbox/order",
          "headers": { "Authorization": "Bearer ${token}" }, "expect_status": [201] } ] },
        "rate": { "rps": 20 } } ]})";
    QJsonObject stats;
    const RunResults s = run(parse(again), &stats);
    const WorkerResults* stale = s.worker(QStringLiteral("stale"));
    QVERIFY(stale);
    QCOMPARE(stale->errors, std::uint64_t(20));
    QCOMPARE(stale->errorsByKind.value(QStringLiteral("extract")), std::uint64_t(20));
    QVERIFY2(stale->errorSamples.value(QStringLiteral("extract"))
                 .value(0)
                 .startsWith(QStringLiteral("step order: ${token} has no value")),
             qPrintable(stale->errorSamples.value(QStringLiteral("extract")).value(0)));
    QCOMPARE(s.worker(QStringLiteral("stale/order"))->errors, std::uint64_t(20));
    // "fresh" logs in twice and orders with the second login's token — but the jar holds
    // the second session's cookie too, so the sandbox accepts it: 20 orders, all its own.
    QCOMPARE(s.worker(QStringLiteral("fresh"))->ok, std::uint64_t(20));
    QCOMPARE(stats.value(QStringLiteral("orders")).toInteger(), 20);
    QCOMPARE(stats.value(QStringLiteral("rejected")).toInteger(), 0);
}

// A think time of 200 ms before the second step makes journeys 200 ms longer (within
// 5 %); a uniform one keeps each journey's pause within its bounds.
void TestFlow::thinkTime() {
    auto scenario = [](const QByteArray& think) {
        return parse(QByteArray(R"({"version": 1, "duration": "2s", "workers": [
          { "ident": "t", "target": { "kind": "flow", "steps": [
            { "name": "a", "url": "http://sandbox/a?delay=5ms" },
            { "name": "b", "url": "http://sandbox/b?delay=5ms" THINK } ] }, "rate": { "rps": 50 }, "overtime": 100 } ]})")
                         .replace("THINK", think));
    };
    const RunResults none = run(scenario({}));
    const RunResults fixed = run(scenario(R"(, "think": "200ms")"));
    const RunResults uniform =
        run(scenario(R"(, "think": {"distribution": "uniform", "min": "20ms", "max": "60ms"})"));
    const WorkerResults* n = none.worker(QStringLiteral("t"));
    const WorkerResults* f = fixed.worker(QStringLiteral("t"));
    const WorkerResults* u = uniform.worker(QStringLiteral("t"));
    QVERIFY(n && f && u);
    QCOMPARE(n->ok, std::uint64_t(100));
    QCOMPARE(f->ok, std::uint64_t(100));
    QCOMPARE(u->ok, std::uint64_t(100));
    // The effect of the think time on the journey: the difference of the means, which
    // the steps' own times (each in its series) do not include.
    const double steps = meanMs(fixed.worker(QStringLiteral("t/a"))->serviceTime) +
                         meanMs(fixed.worker(QStringLiteral("t/b"))->serviceTime);
    const double baseSteps = meanMs(none.worker(QStringLiteral("t/a"))->serviceTime) +
                             meanMs(none.worker(QStringLiteral("t/b"))->serviceTime);
    const double effect = (meanMs(f->serviceTime) - steps) - (meanMs(n->serviceTime) - baseSteps);
    // The 5 % holds when the machine keeps up: the steps themselves as fast as without the
    // pause. On a starved machine (a sanitizer, or other work taking the CPU: steps of 5 ms
    // measured at 30-60 ms) the loop wakes late too, and only the lower bound holds (a pause
    // never ends early).
    double upper = 210;
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    upper = 600;
#endif
    if (steps > 2 * baseSteps) {
        qWarning("steps took %.1f ms with the pause, %.1f ms without: the machine is starved, "
                 "the upper bound is widened to 600 ms",
                 steps, baseSteps);
        upper = 600;
    }
    QVERIFY2(effect >= 190 && effect <= upper,
             qPrintable(QStringLiteral("effect %1 ms: journeys %2 and %3 ms, steps %4 and %5 ms")
                            .arg(effect)
                            .arg(meanMs(f->serviceTime))
                            .arg(meanMs(n->serviceTime))
                            .arg(steps)
                            .arg(baseSteps)));
    QVERIFY(double(f->serviceTime.min()) / 1e6 >= 210); // 200 ms + two 5 ms steps
    QVERIFY(double(u->serviceTime.min()) / 1e6 >= 30);  // 20 ms + two 5 ms steps
    const double uniformPause = meanMs(u->serviceTime) -
                                meanMs(uniform.worker(QStringLiteral("t/a"))->serviceTime) -
                                meanMs(uniform.worker(QStringLiteral("t/b"))->serviceTime);
    // Mean 40 ms; ±10 covers the sampling of 100 pauses, and each pause ends as late as the
    // loop wakes: as late as the fixed pause's measured (effect − 200 ms), and up to 600 ms's
    // worth on a starved machine (it failed 3 runs of 3 at a load average of 6-8: 53-60 ms).
    const double late = std::max(0.0, effect - 200) + (upper - 210);
    QVERIFY2(
        uniformPause >= 30 && uniformPause <= 50 + late,
        qPrintable(
            QStringLiteral("uniform pause %1 ms, %2 ms late allowed").arg(uniformPause).arg(late)));
}

// The jar carries the login's session cookie to later steps (the sandbox's /session
// needs it); without a jar the same journey fails there. A cookie is also a value.
void TestFlow::cookieJar() {
    auto scenario = [](bool cookies) {
        return parse(QByteArray(R"({"version": 1, "duration": "1s", "workers": [
          { "ident": "c", "target": { "kind": "flow", "cookies": COOKIES, "steps": [
            { "name": "login", "method": "POST", "url": "http://sandbox/login",
              "extract": { "sid": { "cookie": "session" } } },
            { "name": "session", "url": "http://sandbox/session" },
            { "name": "echo", "url": "http://sandbox/echo?header=X-Sid",
              "headers": { "X-Sid": "${sid}" }, "extract": { "back": { "regex": "^([0-9a-f]{16})$" } } }
          ] }, "rate": { "rps": 30 } } ]})")
                         .replace("COOKIES", cookies ? "true" : "false"));
    };
    const RunResults with = run(scenario(true));
    const RunResults without = run(scenario(false));
    const WorkerResults* w = with.worker(QStringLiteral("c"));
    const WorkerResults* wo = without.worker(QStringLiteral("c"));
    QVERIFY(w && wo);
    QCOMPARE(w->ok, std::uint64_t(30));
    QCOMPARE(w->errors, std::uint64_t(0));
    QCOMPARE(wo->errorsByKind.value(QStringLiteral("http_401")), std::uint64_t(30));
    QVERIFY(wo->errorSamples.value(QStringLiteral("http_401"))
                .value(0)
                .startsWith(QStringLiteral("step session: ")));
}

void TestFlow::invalidFlows_data() {
    QTest::addColumn<QByteArray>("steps");
    QTest::addColumn<QString>("problem");
    QTest::newRow("no steps") << QByteArray("[]")
                              << QStringLiteral(
                                     "workers[0].target.steps: a flow needs at least one step");
    QTest::newRow("value before extracted")
        << QByteArray(R"([{"name": "a", "url": "http://sandbox/a?x=${t}"},
                         {"name": "b", "url": "http://sandbox/b", "extract": {"t": {"json": "/t"}}}])")
        << QStringLiteral("workers[0].target.steps[0].url: ${t} is extracted by this or a later "
                          "step, not an earlier one");
    QTest::newRow("value in host")
        << QByteArray(
               R"([{"name": "a", "url": "http://sandbox/a", "extract": {"h": {"json": "/h"}}},
                         {"name": "b", "url": "http://${h}/b"}])")
        << QStringLiteral("workers[0].target.steps[1].url: extracted values may be used in the "
                          "path and query only, not in the scheme, host or port");
    QTest::newRow("duplicate name")
        << QByteArray(
               R"([{"name": "a", "url": "http://sandbox/a"}, {"name": "a", "url": "http://sandbox/b"}])")
        << QStringLiteral("workers[0].target.steps[1].name: step 2 \"a\" has the same name as "
                          "step 1: rename one (each names a series of its own, worker/name)");
    QTest::newRow("slash in name")
        << QByteArray(R"([{"name": "a/b", "url": "http://sandbox/a"}])")
        << QStringLiteral("workers[0].target.steps[0].name: must not contain /, <, >, =, ! or "
                          "control characters");
    QTest::newRow("two sources")
        << QByteArray(
               R"([{"name": "a", "url": "http://sandbox/a", "extract": {"t": {"json": "/t", "regex": "x"}}}])")
        << QStringLiteral("workers[0].target.steps[0].extract.t: must have exactly one of json, "
                          "regex, header, cookie");
    QTest::newRow("bad pointer")
        << QByteArray(
               R"([{"name": "a", "url": "http://sandbox/a", "extract": {"t": {"json": "token"}}}])")
        << QStringLiteral("workers[0].target.steps[0].extract.t.json: a JSON pointer starts "
                          "with \"/\" (e.g. \"/token\"), or is empty for the whole body");
    QTest::newRow("bad regex")
        << QByteArray(
               R"([{"name": "a", "url": "http://sandbox/a", "extract": {"t": {"regex": "(x"}}}])")
        << QStringLiteral("workers[0].target.steps[0].extract.t.regex: invalid regular "
                          "expression: missing closing parenthesis");
    // A fixed think time is named as it is written ("think", not "think.value").
    QTest::newRow("think too long")
        << QByteArray(R"([{"name": "a", "url": "http://sandbox/a", "think": "2h"}])")
        << QStringLiteral("workers[0].target.steps[0].think: must be at most 1h");
    QTest::newRow("no name") << QByteArray(R"([{"url": "http://sandbox/a"}])")
                             << QStringLiteral("workers[0].target.steps[0].name: is required "
                                               "(it names the step's series, worker/name)");
}
// A bad flow is refused with the path of the offending key and why.
void TestFlow::invalidFlows() {
    QFETCH(QByteArray, steps);
    QFETCH(QString, problem);
    const QByteArray json = R"({"version": 1, "workers": [{"ident": "w", "rate": {"rps": 1},
        "target": {"kind": "flow", "steps": STEPS}}]})";
    const ScenarioParse p = Scenario::fromJson(QByteArray(json).replace("STEPS", steps));
    QStringList got;
    for (const Problem& x : p.problems)
        got.append(x.toString());
    QVERIFY2(got.contains(problem), qPrintable(got.join(u'\n')));
}

// A flow is written back in canonical form and read back equal; its extracted names are
// not environment variables, and a threshold may name a step.
void TestFlow::roundTripAndVariables() {
    ScenarioParse p = Scenario::fromJson(kJourney);
    QVERIFY(p.ok());
    QCOMPARE(p.scenario.variables(), QStringList());
    const QByteArray text = p.scenario.toJson();
    ScenarioParse again = Scenario::fromJson(text);
    QVERIFY(again.ok());
    QCOMPARE(again.scenario, p.scenario);
    QCOMPARE(again.scenario.toJson(), text);
    QCOMPARE(p.scenario.workers[0].target.steps.size(), 3);
    QCOMPARE(p.scenario.workers[0].target.steps[0].extract.value(0).source, QStringLiteral("json"));
    // ${token} stays for the flow; an environment variable is substituted.
    Scenario s = p.scenario;
    s.workers[0].target.steps[2].headers.append(
        {QStringLiteral("X-Env"), QStringLiteral("${FLOW_ENV}")});
    QCOMPARE(s.variables(), QStringList{QStringLiteral("FLOW_ENV")});
    QProcessEnvironment env;
    env.insert(QStringLiteral("FLOW_ENV"), QStringLiteral("e1"));
    const ScenarioParse resolved = s.resolved(env);
    QVERIFY(resolved.ok());
    const StepSpec& order = resolved.scenario.workers[0].target.steps[2];
    QCOMPARE(order.headers.value(0).second, QStringLiteral("Bearer ${token}"));
    QCOMPARE(order.headers.last().second, QStringLiteral("e1"));
    // A threshold naming an unknown step is refused.
    s.thresholds = {QStringLiteral("shop/nope.p99 < 1s")};
    QVERIFY(!s.validate().isEmpty());
    s.thresholds = {QStringLiteral("shop/order.p99 < 1s")};
    QVERIFY(s.validate().isEmpty());
}

// The shipped journey scenario runs against the sandbox without an error.
// --url (RunOptions::url) points a flow's steps at the server given, each step keeping its
// own path and query: a journey written for the built-in sandbox runs against a sandbox
// started elsewhere (`pusher-cli sandbox`, as distributed.md tells for runs over several
// hosts), and that server sees every login and order. Before, --url changed http targets
// only, and the journey went on, silently, to a sandbox of its own. A --url that is not an
// http(s) URL with a host is a problem of --url.
void TestFlow::urlOptionPointsTheSteps() {
    SandboxServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RunOptions options;
    options.url = server.url() + QStringLiteral("/a-path-flows-do-not-use?x=1");
    options.duration = std::chrono::seconds(1);
    ScenarioRun r(parse(kJourney), options);
    const QList<Problem> problems = r.prepare();
    QVERIFY2(problems.isEmpty(), qPrintable(problems.value(0).toString()));
    QVERIFY(r.sandboxUrl().isEmpty()); // no sandbox of its own
    QVERIFY(r.start());
    QVERIFY(r.wait(60s));
    const RunResults results = r.results();
    const WorkerResults* shop = results.worker(QStringLiteral("shop"));
    QVERIFY(shop);
    QCOMPARE(shop->ticks, std::uint64_t(200));
    QCOMPARE(shop->errors, std::uint64_t(0));
    QCOMPARE(shop->ok, std::uint64_t(200));
    QCOMPARE(server.loginCount(), std::uint64_t(200));
    QCOMPARE(server.rejectedCount(), std::uint64_t(0));
    QCOMPARE(stats(server.url()).value(QStringLiteral("orders")).toInteger(), 200);
    server.stop();

    for (const char* bad :
         {"not a url", "ftp://127.0.0.1/", "http://", "http://127.0.0.1:99999/"}) {
        RunOptions o;
        o.url = QString::fromLatin1(bad);
        ScenarioRun refused(parse(kJourney), o);
        const QList<Problem> p = refused.prepare();
        QVERIFY2(
            p.size() == 1 && p[0].path == QStringLiteral("--url") &&
                p[0].message.contains(QString::fromLatin1(bad)),
            qPrintable(QString::fromLatin1(bad) + QStringLiteral(": ") + p.value(0).toString()));
    }
}

void TestFlow::shippedScenario() {
    QFile file(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/sandbox-journey.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    ScenarioParse p = Scenario::fromJson(file.readAll());
    QVERIFY(p.ok());
    QVERIFY(p.scenario.usesSandbox());
    Scenario s = p.scenario;
    s.duration = 2s;
    QJsonObject sandbox;
    const RunResults r = run(s, &sandbox);
    QVERIFY(r.total.completed > 0);
    QCOMPARE(r.total.errors, std::uint64_t(0));
    QCOMPARE(sandbox.value(QStringLiteral("rejected")).toInteger(), 0);
    int steps = 0;
    for (const WorkerResults& w : r.workers) {
        if (isStepSeries(w.ident)) {
            ++steps;
            QVERIFY2(w.completed > 0, qPrintable(w.ident));
        }
    }
    QVERIFY(steps >= 3);
}

// A data file gives each journey a row: its values reach every step (the sandbox records
// the user each login carried); a unique feed takes each row once, then journeys fail at
// once with kind rows_exhausted, naming the file.
void TestFlow::dataFile() {
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("users.csv"));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("user,item\nann,1\nbob,2\ncyd,3\n");
    file.close();
    const QByteArray json = R"({"version": 1, "duration": "2s", "workers": [
      { "ident": "d", "data": { "file": "CSV", "mode": "unique" },
        "target": { "kind": "flow", "steps": [
          { "name": "login", "method": "POST", "url": "http://sandbox/login?record=${user}",
            "extract": { "token": { "json": "/token" } } },
          { "name": "order", "url": "http://sandbox/order?item=${item}",
            "headers": { "Authorization": "Bearer ${token}" }, "expect_status": [201] } ] },
        "rate": { "rps": 10 } } ]})";
    QJsonObject sandbox;
    QByteArray recorded;
    const RunResults r =
        run(parse(QByteArray(json).replace("CSV", csv.toUtf8())), &sandbox, &recorded);
    const WorkerResults* d = r.worker(QStringLiteral("d"));
    QVERIFY(d);
    QCOMPARE(d->completed, std::uint64_t(20));
    QCOMPARE(d->ok, std::uint64_t(3));
    QCOMPARE(d->errorsByKind.value(QStringLiteral("rows_exhausted")), std::uint64_t(17));
    QVERIFY(d->errorSamples.value(QStringLiteral("rows_exhausted")).value(0).contains(csv));
    QStringList users = QString::fromUtf8(recorded).split(u'\n', Qt::SkipEmptyParts);
    users.sort();
    QCOMPARE(users,
             (QStringList{QStringLiteral("ann"), QStringLiteral("bob"), QStringLiteral("cyd")}));
    QCOMPARE(sandbox.value(QStringLiteral("orders")).toInteger(), 3);
    QCOMPARE(sandbox.value(QStringLiteral("rejected")).toInteger(), 0);
    // A journey that found no row started no step.
    QCOMPARE(r.worker(QStringLiteral("d/login"))->started, std::uint64_t(3));
}

// The shipped data-file journey (examples/scenarios/journey-data.json, its data file beside
// it, found there as pusher-cli and the app find it, from any working directory) runs against
// the sandbox: every row's user logs in, in order, and every order carries its login's token.
void TestFlow::shippedDataScenario() {
    const QString folder = QStringLiteral(PUSHER_SOURCE_DIR "/examples/scenarios");
    QFile file(folder + QStringLiteral("/journey-data.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    ScenarioParse p = Scenario::fromJson(file.readAll());
    QVERIFY(p.ok());
    Scenario s = p.scenario;
    s.duration = 1s;
    QJsonObject sandbox;
    QByteArray recorded;
    RunOptions options;
    options.baseDir = folder;
    const RunResults r = run(s, &sandbox, &recorded, options);
    const WorkerResults* w = r.worker(QStringLiteral("shopper"));
    QVERIFY(w);
    QCOMPARE(w->completed, std::uint64_t(20));
    QCOMPARE(w->errors, std::uint64_t(0));
    QCOMPARE(sandbox.value(QStringLiteral("rejected")).toInteger(), 0);
    QCOMPARE(sandbox.value(QStringLiteral("orders")).toInteger(), 20);
    // Sequential: ann, bob, cyd, dee, eve, ann, … (journeys start in order; a login may
    // overtake another by a hair, so compare the counts per user).
    const QStringList users = QString::fromUtf8(recorded).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(users.size(), 20);
    for (const char* u : {"ann", "bob", "cyd", "dee", "eve"})
        QCOMPARE(users.count(QString::fromLatin1(u)), 4);
}

// A journey still in flight when the graceful stop after the run's end runs out is cut: its
// error keeps the run's kind (counted as cut_at_grace), says it was cut at the end of the
// graceful stop (not "context canceled") and, as every step's error, names the step it was
// cut in: the request of "hang", or the think time before "later".
void TestFlow::cutJourneyNamesItsStep() {
    const RunResults r = run(parse(R"({"version": 1, "duration": "500ms", "workers": [
      { "ident": "slow", "target": { "kind": "flow", "steps": [
        { "name": "first", "url": "http://sandbox/a" },
        { "name": "hang", "url": "http://sandbox/b?delay=20s", "timeout": "60s" } ] },
        "rate": { "rps": 4 } },
      { "ident": "thinking", "target": { "kind": "flow", "steps": [
        { "name": "first", "url": "http://sandbox/a" },
        { "name": "later", "url": "http://sandbox/c", "think": "20s" } ] },
        "rate": { "rps": 4 } } ]})"));
    for (const auto& [ident, step] : {std::pair{"slow", "hang"}, std::pair{"thinking", "later"}}) {
        const WorkerResults* w = r.worker(QString::fromLatin1(ident));
        QVERIFY2(w, ident);
        QCOMPARE(w->ok, std::uint64_t(0));
        QVERIFY(w->errors >= 1);
        QCOMPARE(w->errorsByKind.value(QStringLiteral("cut_at_grace")), w->errors);
        QCOMPARE(w->errorSamples.value(QStringLiteral("cut_at_grace")),
                 QStringList{QStringLiteral("step %1: cut: still running when the run's 2 s "
                                            "graceful stop ended")
                                 .arg(QLatin1String(step))});
    }
}

// A step whose request never went out is counted (completed, an error of its kind) but is
// no latency: a value it needs is missing ("use" after the optional "try" failed to extract
// it), or the run's end cut it during its think time ("later"). Each was a 0 ms sample, so
// that "miss/use.p99 < 1s" passed (observed 0ms) on a step that never sent a request; it
// fails, saying no latency was measured, and the error rate is judged as before.
void TestFlow::unsentStepsMeasureNoLatency() {
    const RunResults r = run(parse(R"({"version": 1, "duration": "500ms", "workers": [
      { "ident": "miss", "target": { "kind": "flow", "steps": [
        { "name": "try", "url": "http://sandbox/a", "optional": true,
          "extract": { "t": { "json": "/nope" } } },
        { "name": "use", "url": "http://sandbox/b?v=${t}" } ] },
        "rate": { "rps": 20 } },
      { "ident": "thinking", "target": { "kind": "flow", "steps": [
        { "name": "first", "url": "http://sandbox/a" },
        { "name": "later", "url": "http://sandbox/c", "think": "20s" } ] },
        "rate": { "rps": 4 } } ],
      "thresholds": [ "miss/use.p99 < 1s", "miss/use.error_rate < 1%",
                      "miss/use.max <= 0ms", "thinking/later.p99 < 1s", "miss/try.p99 < 10s" ]})"));
    const WorkerResults* tried = r.worker(QStringLiteral("miss/try"));
    const WorkerResults* use = r.worker(QStringLiteral("miss/use"));
    QVERIFY(tried && use);
    QCOMPARE(use->completed, std::uint64_t(10));
    QCOMPARE(use->errors, use->completed);
    QCOMPARE(use->errorsByKind.value(QStringLiteral("extract")), use->completed);
    QCOMPARE(use->serviceTime.count(), std::uint64_t(0));
    QCOMPARE(use->responseTime.count(), std::uint64_t(0));
    QVERIFY(!hasLatency(*use));
    // The step that did send its request is timed as before.
    QCOMPARE(tried->serviceTime.count(), tried->completed);
    QVERIFY(hasLatency(*tried));

    const WorkerResults* later = r.worker(QStringLiteral("thinking/later"));
    QVERIFY(later);
    QVERIFY(later->completed >= 1);
    QCOMPARE(later->errorsByKind.value(QStringLiteral("cut_at_grace")), later->completed);
    QCOMPARE(later->serviceTime.count(), std::uint64_t(0));
    QCOMPARE(later->responseTime.count(), std::uint64_t(0));
    QCOMPARE(r.worker(QStringLiteral("thinking/first"))->serviceTime.count(),
             r.worker(QStringLiteral("thinking/first"))->completed);

    QCOMPARE(r.thresholds.size(), 5);
    for (int i : {0, 2, 3}) {
        QVERIFY2(!r.thresholds[i].passed, qPrintable(r.thresholds[i].expr));
        QVERIFY2(std::isnan(r.thresholds[i].value), qPrintable(r.thresholds[i].expr));
        QCOMPARE(thresholdText(r, r.thresholds[i]), QStringLiteral("no latency measured"));
    }
    QVERIFY(!r.thresholds[1].passed);
    QCOMPARE(r.thresholds[1].value, 1.0);
    QCOMPARE(thresholdText(r, r.thresholds[1]), QStringLiteral("100%"));
    QVERIFY(r.thresholds[4].passed);
}

QTEST_GUILESS_MAIN(TestFlow)
#include "tst_flow.moc"

// A number extracted by a JSON pointer is sent as the body wrote it: Qt's parser holds it as
// a double, so an id of 19 digits went out as 1.2345678901234568e+18 and a price of 19.99
// as 19.989999999999998. The sandbox echoes a header as the JSON body; the next step sends
// the values in a record= parameter (joined by _), which the sandbox keeps as sent.
void TestFlow::numbersAsWritten() {
    const QString body = QStringLiteral(
        "{\"k\\u0065y\": {\"list\": [{\"x\": \"]},[\\\"\"}, {\"n\": 1.50}]}, "
        "\"a/b\": [0, -2.5E-3], \"id\": 1234567890123456789, \"price\": 19.99, "
        "\"big\": 18446744073709551615, \"e\": 1e3, \"t\": true, \"o\": {\"z\": [1, 2]}}");
    QVERIFY(QJsonDocument::fromJson(body.toUtf8()).isObject());
    const QStringList names{QStringLiteral("n"),  QStringLiteral("ab"),  QStringLiteral("id"),
                            QStringLiteral("pr"), QStringLiteral("big"), QStringLiteral("e"),
                            QStringLiteral("t"),  QStringLiteral("o"),   QStringLiteral("x")};
    const QStringList pointers{QStringLiteral("/key/list/1/n"),
                               QStringLiteral("/a~1b/1"),
                               QStringLiteral("/id"),
                               QStringLiteral("/price"),
                               QStringLiteral("/big"),
                               QStringLiteral("/e"),
                               QStringLiteral("/t"),
                               QStringLiteral("/o"),
                               QStringLiteral("/key/list/0/x")};
    QJsonObject extract;
    QString record;
    for (qsizetype i = 0; i < names.size(); ++i) {
        extract.insert(names[i], QJsonObject{{QStringLiteral("json"), pointers[i]}});
        record += (i ? QStringLiteral("_${%1}") : QStringLiteral("${%1}")).arg(names[i]);
    }
    const QJsonObject echo{
        {QStringLiteral("name"), QStringLiteral("echo")},
        {QStringLiteral("url"), QStringLiteral("http://sandbox/echo?header=X-J")},
        {QStringLiteral("headers"), QJsonObject{{QStringLiteral("X-J"), body}}},
        {QStringLiteral("extract"), extract}};
    const QJsonObject send{
        {QStringLiteral("name"), QStringLiteral("send")},
        {QStringLiteral("url"), QString(QStringLiteral("http://sandbox/x?record=") + record)}};
    const QJsonObject scenario{
        {QStringLiteral("version"), 1},
        {QStringLiteral("duration"), QStringLiteral("100ms")},
        {QStringLiteral("workers"),
         QJsonArray{
             QJsonObject{{QStringLiteral("ident"), QStringLiteral("j")},
                         {QStringLiteral("rate"), QJsonObject{{QStringLiteral("rps"), 10}}},
                         {QStringLiteral("target"),
                          QJsonObject{{QStringLiteral("kind"), QStringLiteral("flow")},
                                      {QStringLiteral("steps"), QJsonArray{echo, send}}}}}}}};
    QByteArray recorded;
    const RunResults r = run(parse(QJsonDocument(scenario).toJson()), nullptr, &recorded);
    const WorkerResults* j = r.worker(QStringLiteral("j"));
    QVERIFY(j);
    QCOMPARE(j->completed, std::uint64_t(1));
    // (QVERIFY2 evaluates its message whatever the outcome: firstKey() of no errors asserts.)
    const QStringList why = j->errorSamples.isEmpty() ? QStringList() : j->errorSamples.first();
    QVERIFY2(j->ok == 1, qPrintable(why.join(u' ')));
    // In the URL every byte but letters, digits and -._~ is percent-encoded.
    QCOMPARE(recorded.trimmed().split('_'),
             QList<QByteArray>({"1.50", "-2.5E-3", "1234567890123456789", "19.99",
                                "18446744073709551615", "1e3", "true",
                                "%7B%22z%22%3A%5B1%2C2%5D%7D", "%5D%7D%2C%5B%22"}));
}

// A threshold whose worker/step prefix names nothing says what is wrong: the step (with the
// steps there are), a worker that is no flow, or the worker; it said "unknown worker
// \"shop/nope\"" of a worker that is there.
void TestFlow::thresholdOnAMissingStep_data() {
    QTest::addColumn<QString>("threshold");
    QTest::addColumn<QString>("problem");
    QTest::newRow("step") << QStringLiteral("shop/nope.p99 < 1s")
                          << QStringLiteral("thresholds[0]: unknown step \"nope\" of worker "
                                            "\"shop\" (its steps: login, order)");
    QTest::newRow("not a flow") << QStringLiteral("api/login.p99 < 1s")
                                << QStringLiteral("thresholds[0]: worker \"api\" is not a flow: "
                                                  "only a flow's steps can be named after /");
    QTest::newRow("worker") << QStringLiteral("shp/login.p99 < 1s")
                            << QStringLiteral("thresholds[0]: unknown worker \"shp\"");
    QTest::newRow("plain worker") << QStringLiteral("shp.p99 < 1s")
                                  << QStringLiteral("thresholds[0]: unknown worker \"shp\"");
}
void TestFlow::thresholdOnAMissingStep() {
    QFETCH(QString, threshold);
    QFETCH(QString, problem);
    QJsonObject doc = QJsonDocument::fromJson(R"({"version": 1, "duration": "1s", "workers": [
        {"ident": "shop", "rate": {"rps": 1}, "target": {"kind": "flow", "steps": [
          {"name": "login", "url": "http://sandbox/login"},
          {"name": "order", "url": "http://sandbox/order"}]}},
        {"ident": "api", "rate": {"rps": 1}, "target": {"kind": "http", "url": "http://sandbox/"}}]})")
                          .object();
    doc.insert(QStringLiteral("thresholds"), QJsonArray{threshold});
    const ScenarioParse p = Scenario::fromJson(QJsonDocument(doc).toJson());
    QStringList got;
    for (const Problem& x : p.problems)
        got.append(x.toString());
    QVERIFY2(got.contains(problem), qPrintable(got.join(u'\n')));
    QCOMPARE(got.filter(QStringLiteral("thresholds")).size(), 1);
}

// RFC 6265 §5.1.3: an IP address domain-matches only itself. A cookie set by 127.0.0.1 with
// Domain=0.0.1 is ignored (§5.3: the host does not domain-match it); the jar kept it and
// sent it to every host ending in .0.0.1 (127.0.0.1 itself, 10.0.0.1). A Domain equal to
// the address and a host-only cookie are kept and sent back.
void TestFlow::ipHostTakesNoParentDomainCookie() {
    CaptureServer server([](const QByteArray& request) {
        return request.startsWith("GET /set ")
                   ? QByteArray("Set-Cookie: host=1; Path=/\r\n"
                                "Set-Cookie: dotted=2; Domain=0.0.1; Path=/\r\n"
                                "Set-Cookie: parent=4; Domain=.0.1; Path=/\r\n"
                                "Set-Cookie: exact=3; Domain=127.0.0.1; Path=/\r\n")
                   : QByteArray();
    });
    const RunResults r = run(parse(QByteArray(R"({"version": 1, "duration": "1s", "workers": [
          { "ident": "c", "target": { "kind": "flow", "steps": [
            { "name": "set", "url": "URL/set" }, { "name": "see", "url": "URL/see" }
          ] }, "rate": { "rps": 5 } } ]})")
                                       .replace("URL", server.url().toUtf8())));
    const WorkerResults* c = r.worker(QStringLiteral("c"));
    QVERIFY(c);
    QCOMPARE(c->ok, std::uint64_t(5));
    int seen = 0;
    for (const QByteArray& request : server.requests()) {
        if (!request.startsWith("GET /see "))
            continue;
        ++seen;
        QByteArray cookie;
        for (const QByteArray& line : request.split('\n'))
            if (line.toLower().startsWith("cookie:"))
                cookie = line.mid(7).trimmed();
        QVERIFY2(cookie.contains("host=1") && cookie.contains("exact=3"), cookie.constData());
        QVERIFY2(!cookie.contains("dotted=") && !cookie.contains("parent="), cookie.constData());
    }
    QCOMPARE(seen, 5);
}

// RFC 6265 §5.1.4 and §5.3: a cookie goes only to the paths under its Path (or, without one,
// under the folder of the request that set it), longer paths first; one set with Max-Age=0,
// a negative Max-Age or an Expires in the past removes the jar's cookie of that name, domain
// and path (a logout), and one whose Expires is in the future is kept. The jar ignored Path
// and Expires: /api's cookie went to /static, and a session "logged out" with Expires stayed.
void TestFlow::cookiePathAndExpiry() {
    CaptureServer server([](const QByteArray& request) -> QByteArray {
        if (request.startsWith("GET /api/login "))
            return "Set-Cookie: api=1; Path=/api\r\n"
                   "Set-Cookie: root=2; Path=/\r\n"
                   "Set-Cookie: dflt=3\r\n" // default path: /api
                   "Set-Cookie: old=4; Path=/; Expires=Wed, 21 Oct 2015 07:28:00 GMT\r\n"
                   "Set-Cookie: later=5; Path=/; expires=Fri, 31-Dec-2099 23:59:59 GMT\r\n"
                   "Set-Cookie: gone=6; Path=/\r\n"
                   "Set-Cookie: deep=7; Path=/api/orders\r\n"
                   "Set-Cookie: age=8; Path=/; Max-Age=3600\r\n";
        if (request.startsWith("GET /api/logout "))
            return "Set-Cookie: gone=; Path=/; Max-Age=0\r\n"
                   "Set-Cookie: root=x; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT\r\n"
                   "Set-Cookie: age=; Path=/; Max-Age=-1\r\n"
                   // Another path: a cookie of its own, /api's stays.
                   "Set-Cookie: api=; Path=/other; Max-Age=0\r\n";
        return {};
    });
    const RunResults r = run(parse(QByteArray(R"({"version": 1, "duration": "1s", "workers": [
          { "ident": "c", "target": { "kind": "flow", "steps": [
            { "name": "login", "url": "URL/api/login" },
            { "name": "static", "url": "URL/static/app.js?v=1" },
            { "name": "apix", "url": "URL/apix" },
            { "name": "orders", "url": "URL/api/orders?page=2" },
            { "name": "logout", "url": "URL/api/logout" },
            { "name": "after", "url": "URL/api/orders/9" }
          ] }, "rate": { "rps": 3 } } ]})")
                                       .replace("URL", server.url().toUtf8())));
    const WorkerResults* c = r.worker(QStringLiteral("c"));
    QVERIFY(c);
    QCOMPARE(c->ok, std::uint64_t(3));
    QHash<QByteArray, QSet<QByteArray>> sent; // request line -> every Cookie header it had
    for (const QByteArray& request : server.requests()) {
        const QByteArray line = request.left(request.indexOf("\r\n"));
        QByteArray cookie = "(none)";
        for (const QByteArray& header : request.split('\n'))
            if (header.toLower().startsWith("cookie:"))
                cookie = header.mid(7).trimmed();
        sent[line].insert(cookie);
    }
    QCOMPARE(sent.size(), 6);
    auto only = [&](const char* line) {
        const QSet<QByteArray> cookies = sent.value(line);
        return cookies.size() == 1 ? *cookies.begin()
                                   : QByteArray("several: ") + cookies.values().join(" | ");
    };
    QCOMPARE(only("GET /static/app.js?v=1 HTTP/1.1"), QByteArray("root=2; later=5; gone=6; age=8"));
    QCOMPARE(only("GET /apix HTTP/1.1"), QByteArray("root=2; later=5; gone=6; age=8"));
    // Longer paths first: /api/orders, then /api, then /.
    QCOMPARE(only("GET /api/orders?page=2 HTTP/1.1"),
             QByteArray("deep=7; api=1; dflt=3; root=2; later=5; gone=6; age=8"));
    QCOMPARE(only("GET /api/orders/9 HTTP/1.1"), QByteArray("deep=7; api=1; dflt=3; later=5"));
}

// A URL pasted from a browser (a |, spaces, {}, ^, [], non-ASCII) is sent percent-encoded, as
// browsers and curl send it, by the http target (literal and with a data file's column) and
// a flow's steps (literal and with an extracted value); valid %-encodings pass unchanged and
// the fragment is not sent. These URLs were refused ("invalid URL") before.
void TestFlow::pastedUrlsArePercentEncoded() {
    CaptureServer server([](const QByteArray&) { return QByteArray("X-T: v|1\r\n"); });
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile csv(dir.filePath(QStringLiteral("rows.csv")));
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("id\nr|1\n");
    csv.close();
    const QByteArray text = QByteArray(R"({"version": 1, "duration": "1s", "workers": [
          { "ident": "h", "target": { "kind": "http",
              "url": "URL/h/a|b c/{x}^\u00e9%2F?q=a b|c&r=[1]#frag" }, "rate": { "rps": 1 } },
          { "ident": "d", "target": { "kind": "http", "url": "URL/d/{${id}}|x?q=${id} y" },
            "data": { "file": "rows.csv" }, "rate": { "rps": 1 } },
          { "ident": "f", "target": { "kind": "flow", "steps": [
            { "name": "one", "url": "URL/f/a|b c?q=\u00e9#frag",
              "extract": { "t": { "header": "X-T" } } },
            { "name": "two", "url": "URL/f/{v}|${t}?k=x y#z" }
          ] }, "rate": { "rps": 1 } } ]})")
                                .replace("URL", server.url().toUtf8());
    ScenarioParse p = Scenario::fromJson(text);
    QVERIFY2(p.ok(), p.problems.isEmpty() ? "" : qPrintable(p.problems.first().toString()));
    RunOptions options;
    options.baseDir = dir.path();
    const RunResults r = run(p.scenario, nullptr, nullptr, options);
    for (const char* ident : {"h", "d", "f"}) {
        const WorkerResults* w = r.worker(QString::fromLatin1(ident));
        QVERIFY2(w && w->ok == 1, ident);
    }
    QStringList lines;
    for (const QByteArray& request : server.requests())
        lines.append(QString::fromLatin1(request.left(request.indexOf("\r\n"))));
    lines.sort();
    QCOMPARE(lines, (QStringList{
                        // A column's value is encoded as before (a | and a space, not &=/?%).
                        QStringLiteral("GET /d/%7Br%7C1%7D%7Cx?q=r%7C1%20y HTTP/1.1"),
                        QStringLiteral("GET /f/%7Bv%7D%7Cv%7C1?k=x%20y HTTP/1.1"),
                        QStringLiteral("GET /f/a%7Cb%20c?q=%C3%A9 HTTP/1.1"),
                        QStringLiteral("GET /h/a%7Cb%20c/%7Bx%7D%5E%C3%A9%2F?q=a%20b%7Cc&r=%5B1%5D "
                                       "HTTP/1.1"),
                    }));
}

// A step's expect_body: the body must contain the text, which may use values extracted by
// earlier steps; a body without it fails the step with kind "body", after the status check.
void TestFlow::expectBody() {
    const QByteArray json = R"({"version": 1, "duration": "1s", "workers": [
      { "ident": "ok", "target": { "kind": "flow", "steps": [
        { "name": "login", "method": "POST", "url": "http://sandbox/login",
          "expect_body": "\"token\":\"", "extract": {
            "token": { "json": "/token" }, "sid": { "cookie": "session" } } },
        { "name": "session", "url": "http://sandbox/session",
          "expect_body": "{\"session\":\"${sid}\"}" },
        { "name": "order", "method": "POST", "url": "http://sandbox/order",
          "headers": { "Authorization": "Bearer ${token}" },
          "expect_body": "\"status\":\"created\"" } ] },
        "rate": { "rps": 50 } },
      { "ident": "lacks", "target": { "kind": "flow", "steps": [
        { "name": "login", "method": "POST", "url": "http://sandbox/login",
          "extract": { "token": { "json": "/token" } } },
        { "name": "order", "method": "POST", "url": "http://sandbox/order",
          "headers": { "Authorization": "Bearer ${token}" },
          "expect_body": "\"status\":\"shipped\"" },
        { "name": "never", "url": "http://sandbox/x" } ] },
        "rate": { "rps": 50 } },
      { "ident": "status", "target": { "kind": "flow", "steps": [
        { "name": "fail", "url": "http://sandbox/x?status=503&size=100",
          "expect_body": "nowhere" } ] },
        "rate": { "rps": 50 } },
      { "ident": "other", "target": { "kind": "flow", "steps": [
        { "name": "login", "method": "POST", "url": "http://sandbox/login",
          "extract": { "sid": { "cookie": "session" } } },
        { "name": "wrong", "url": "http://sandbox/session",
          "expect_body": "\"session\":\"${sid}x\"", "optional": true } ] },
        "rate": { "rps": 50 } } ]})";
    const ScenarioParse p = Scenario::fromJson(json);
    QVERIFY2(p.problems.isEmpty(), qPrintable(p.problems.value(0).toString()));
    const RunResults r = run(p.scenario);
    const WorkerResults* ok = r.worker(QStringLiteral("ok"));
    QVERIFY(ok);
    QCOMPARE(ok->completed, std::uint64_t(50));
    QVERIFY2(ok->errors == 0, qPrintable(ok->errorSamples.keys().join(u',')));

    const WorkerResults* lacks = r.worker(QStringLiteral("lacks"));
    QVERIFY(lacks);
    QCOMPARE(lacks->completed, std::uint64_t(50));
    QCOMPARE(lacks->errorsByKind.value(QStringLiteral("body")), std::uint64_t(50));
    QCOMPARE(lacks->errorSamples.value(QStringLiteral("body")).value(0),
             QStringLiteral(R"(step order: response lacks "\"status\":\"shipped\"")"));
    QCOMPARE(r.worker(QStringLiteral("lacks/order"))->errorsByKind.value(QStringLiteral("body")),
             std::uint64_t(50));
    QCOMPARE(r.worker(QStringLiteral("lacks/never"))->started, std::uint64_t(0));

    const WorkerResults* status = r.worker(QStringLiteral("status"));
    QVERIFY(status);
    QCOMPARE(status->errorsByKind.value(QStringLiteral("http_503")), std::uint64_t(50));
    QCOMPARE(status->errorsByKind.value(QStringLiteral("body")), std::uint64_t(0));

    // The value of this journey's own session, then "x": never in the body. The step is
    // optional: the journeys pass, the step's series counts the errors.
    const WorkerResults* other = r.worker(QStringLiteral("other"));
    QVERIFY(other);
    QCOMPARE(other->errors, std::uint64_t(0));
    QCOMPARE(r.worker(QStringLiteral("other/wrong"))->errorsByKind.value(QStringLiteral("body")),
             std::uint64_t(50));
}

// An expect_body whose ${name}s, filled in, leave it empty would pass on any body (every
// body contains the empty text): the step is sent and fails with kind body, saying which
// value was empty, an extracted one or a data file's column. A text that an empty value only
// shortens is checked as any other, and a wrong status is still the error reported first.
void TestFlow::expectBodyOfEmptyValues() {
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("want.csv"));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("user,want\nann,created\nbob,\n");
    file.close();
    // "none" is empty: the token is hex, so "(Z*)" matches nothing after its quote.
    const QByteArray json = R"json({"version": 1, "duration": "1s", "workers": [
      { "ident": "extracted", "target": { "kind": "flow", "steps": [
        { "name": "login", "method": "POST", "url": "http://sandbox/login",
          "extract": { "none": { "regex": "\"token\":\"(Z*)" } } },
        { "name": "session", "url": "http://sandbox/session", "expect_body": "${none}" },
        { "name": "never", "url": "http://sandbox/x" } ] },
        "rate": { "rps": 20 } },
      { "ident": "twice", "target": { "kind": "flow", "steps": [
        { "name": "login", "method": "POST", "url": "http://sandbox/login",
          "extract": { "none": { "regex": "\"token\":\"(Z*)" },
                       "nil": { "regex": "(Z*)\"token" } } },
        { "name": "session", "url": "http://sandbox/session",
          "expect_body": "${none}${nil}$${none}", "optional": true },
        { "name": "again", "url": "http://sandbox/session",
          "expect_body": "${nil}${none}${nil}" } ] },
        "rate": { "rps": 20 } },
      { "ident": "partly", "target": { "kind": "flow", "steps": [
        { "name": "login", "method": "POST", "url": "http://sandbox/login",
          "extract": { "none": { "regex": "\"token\":\"(Z*)" },
                       "sid": { "cookie": "session" } } },
        { "name": "session", "url": "http://sandbox/session",
          "expect_body": "{\"session\":\"${sid}${none}\"}" } ] },
        "rate": { "rps": 20 } },
      { "ident": "status", "target": { "kind": "flow", "steps": [
        { "name": "login", "method": "POST", "url": "http://sandbox/login",
          "extract": { "none": { "regex": "\"token\":\"(Z*)" } } },
        { "name": "fail", "url": "http://sandbox/x?status=503", "expect_body": "${none}" } ] },
        "rate": { "rps": 20 } },
      { "ident": "column", "data": { "file": "CSV", "mode": "unique" },
        "target": { "kind": "flow", "steps": [
          { "name": "login", "method": "POST", "url": "http://sandbox/login?record=${user}",
            "extract": { "token": { "json": "/token" } } },
          { "name": "order", "method": "POST", "url": "http://sandbox/order",
            "headers": { "Authorization": "Bearer ${token}" }, "expect_body": "${want}" } ] },
        "rate": { "rps": 10 } } ]})json";
    const ScenarioParse p = Scenario::fromJson(QByteArray(json).replace("CSV", csv.toUtf8()));
    QVERIFY2(p.problems.isEmpty(), qPrintable(p.problems.value(0).toString()));
    QJsonObject sandbox;
    const RunResults r = run(p.scenario, &sandbox);

    const WorkerResults* extracted = r.worker(QStringLiteral("extracted"));
    QVERIFY(extracted);
    QCOMPARE(extracted->completed, std::uint64_t(20));
    QCOMPARE(extracted->errorsByKind.value(QStringLiteral("body")), std::uint64_t(20));
    QCOMPARE(extracted->errorSamples.value(QStringLiteral("body")).value(0),
             QStringLiteral("step session: expect_body: ${none} was empty: nothing to look for"));
    // The step was sent (its series counts it, as a body without the text would be), and
    // the journey ended there.
    QCOMPARE(r.worker(QStringLiteral("extracted/session"))->started, std::uint64_t(20));
    QCOMPARE(
        r.worker(QStringLiteral("extracted/session"))->errorsByKind.value(QStringLiteral("body")),
        std::uint64_t(20));
    QCOMPARE(r.worker(QStringLiteral("extracted/never"))->started, std::uint64_t(0));

    // "$${none}" is the literal text "${none}": not empty, looked for, and not found (the
    // optional step's error); the next step uses only the two empty values, each named once.
    const WorkerResults* twice = r.worker(QStringLiteral("twice"));
    QVERIFY(twice);
    QCOMPARE(twice->errorsByKind.value(QStringLiteral("body")), std::uint64_t(20));
    QCOMPARE(twice->errorSamples.value(QStringLiteral("body")).value(0),
             QStringLiteral(
                 "step again: expect_body: ${nil} and ${none} were empty: nothing to look for"));
    QCOMPARE(r.worker(QStringLiteral("twice/session"))->errorSamples.value(QStringLiteral("body")),
             QStringList{QStringLiteral(R"(response lacks "${none}")")});

    const WorkerResults* partly = r.worker(QStringLiteral("partly"));
    QVERIFY(partly);
    QCOMPARE(partly->completed, std::uint64_t(20));
    QVERIFY2(partly->errors == 0, qPrintable(partly->errorSamples.keys().join(u',')));

    const WorkerResults* status = r.worker(QStringLiteral("status"));
    QVERIFY(status);
    QCOMPARE(status->errorsByKind.value(QStringLiteral("http_503")), std::uint64_t(20));
    QCOMPARE(status->errorsByKind.value(QStringLiteral("body")), std::uint64_t(0));

    // ann's row looks for "created" and finds it; bob's looks for nothing and fails.
    const WorkerResults* column = r.worker(QStringLiteral("column"));
    QVERIFY(column);
    QCOMPARE(column->ok, std::uint64_t(1));
    QCOMPARE(column->errorsByKind.value(QStringLiteral("body")), std::uint64_t(1));
    QCOMPARE(column->errorSamples.value(QStringLiteral("body")).value(0),
             QStringLiteral("step order: expect_body: ${want} (a column of the data file) was "
                            "empty: nothing to look for"));
    // Both orders were sent (and made): the check fails after the exchange.
    QCOMPARE(sandbox.value(QStringLiteral("orders")).toInteger(), 2);
}

// The shipped body-checks example (examples/scenarios/body-checks.json) runs against the
// sandbox without an error: its texts are in the sandbox's answers, the session's with the
// journey's own session cookie value. The same scenario with the order's text changed fails
// every journey with kind body.
void TestFlow::shippedBodyChecksScenario() {
    QFile file(QStringLiteral(PUSHER_SOURCE_DIR "/examples/scenarios/body-checks.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    ScenarioParse p = Scenario::fromJson(file.readAll());
    QVERIFY(p.ok());
    Scenario s = p.scenario;
    s.duration = 1s;
    RunResults r = run(s);
    const WorkerResults* token = r.worker(QStringLiteral("token"));
    const WorkerResults* shopper = r.worker(QStringLiteral("shopper"));
    QVERIFY(token && shopper);
    QCOMPARE(token->completed, std::uint64_t(20));
    QCOMPARE(token->errors, std::uint64_t(0));
    QCOMPARE(shopper->completed, std::uint64_t(10));
    QVERIFY2(shopper->errors == 0, qPrintable(shopper->errorSamples.keys().join(u',')));
    s.workers[1].target.steps[2].expectBody = QStringLiteral("\"status\":\"shipped\"");
    s.workers[0].target.expectBody = QStringLiteral("\"token\": \"");
    r = run(s);
    QCOMPARE(r.worker(QStringLiteral("shopper"))->errorsByKind.value(QStringLiteral("body")),
             std::uint64_t(10));
    QCOMPARE(r.worker(QStringLiteral("token"))->errorsByKind.value(QStringLiteral("body")),
             std::uint64_t(20));
    QCOMPARE(r.worker(QStringLiteral("token"))->errorSamples.value(QStringLiteral("body")).value(0),
             QStringLiteral("response lacks \"\\\"token\\\": \\\"\""));
}
