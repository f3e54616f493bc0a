// ScenarioRun: builds a farm from a scenario and runs it on the engine.
#pragma once

#include <pusher/intervalrecorder.h>
#include <pusher/results.h>
#include <pusher/scenario/scenario.h>
#include <pusher/worker.h>

#include <QProcessEnvironment>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace pusher {

class AppendStream;
class SandboxServer;

// RunOptions adjust a scenario for one run without changing the scenario itself.
struct RunOptions {
    // duration replaces the scenario's duration.
    std::optional<Duration> duration;
    // rpsScale multiplies every worker's rate (the closed model is unchanged).
    double rpsScale = 1.0;
    // url replaces the URL of every http target, and the scheme, host and port of every
    // flow step's URL (each step keeps its path and query); it must be an http:// or
    // https:// URL with a host (a problem of prepare() otherwise).
    QString url;
    // env supplies `${VAR}` values.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // baseDir is the folder a relative data file (a worker's data.file) is found in: the
    // scenario file's folder; empty: the working directory.
    QString baseDir;
    // timelinePath, when set, receives the timeline while the run goes: one JSON object per
    // line (the results file's timeline entries), written and synced at every interval end,
    // so a crash or kill loses at most the last interval. A failed append is reported by
    // timelineError() and ends the stream (the file keeps every interval before it); the run
    // goes on.
    QString timelinePath;

    // shareIndex and shareCount make this run one share of a distributed run (an MPI rank
    // of shareCount): open-model workers take the ticks i ≡ shareIndex (mod shareCount) of
    // their schedules (withTickShare), closed-model callers and http `connections` are
    // divided between the shares (the remainder placed round-robin, rotated per worker),
    // a worker left with no caller is not hired here, and a sandbox URL is refused (every
    // share would serve its own). 1 (the default) runs the whole scenario.
    std::uint32_t shareIndex = 0;
    std::uint32_t shareCount = 1;
    // substitute: false when the scenario's `${VAR}` references were substituted already
    // (a distributed run's rank 0 does it once and sends the result).
    bool substitute = true;
    // checkOnly makes prepare() a check (pusher-cli validate): every problem a run's
    // preparation finds (data files, TLS files, a command's program, …) is found by the same
    // code, but nothing is started: no sandbox server (a sandbox URL is given a placeholder
    // port), no name resolved (a host that does not resolve is not a problem of prepare()
    // anyway), and start() refuses.
    bool checkOnly = false;
    // onWorkEnded, when set, is called on the run's thread once every worker has ended (the
    // planned end reached and the grace over, a stop, or a failure), before the results are
    // built. For tests: a stop() in that moment (tst_scenariorun).
    std::function<void()> onWorkEnded;
    // onWorkerEnded, when set, is called on an engine thread as each worker's run ends: past
    // the planned end and the graceful stop (or a stop), every call of every worker cut or
    // returned, before the run's work has ended (onWorkEnded). For tests: a stop() after the
    // planned end with nothing in flight (tst_scenariorun).
    std::function<void()> onWorkerEnded;
};

// timelineJsonLines is one interval of the live timeline stream (RunOptions::timelinePath):
// one JSON object per line, the farm's first, then each worker's.
QByteArray timelineJsonLines(const Snapshot& snapshot);

// timelineHeader is the first line of the live timeline stream: what a results file needs
// beyond the intervals (scenario name, start, interval, planned duration, thresholds).
QByteArray timelineHeader(const Scenario& scenario, const QDateTime& startedAt, double intervalS);

// recoverResults rebuilds a results file from a live timeline stream left by a run that was
// killed or crashed (docs/cli.md, report --recover): every complete interval, exactly (counts,
// error kinds, histograms, timeline), thresholds judged on them; `interrupted` and
// `recovered` are set, `plannedS` is the header's planned_s. An incomplete last interval is left
// out (`*dropped` says how many lines). nullopt and `error` ("line N: why") when the stream cannot
// be read.
std::optional<RunResults> recoverResults(const QByteArray& stream, QString* error = nullptr,
                                         int* dropped = nullptr);

// shareOf divides `amount` between `count` shares: share `index` gets amount / count, plus
// one of the remainder when (index − rotate) mod count < amount mod count, so the
// remainders of several amounts (rotated by 0, 1, 2 …) spread over the shares.
std::int64_t shareOf(std::int64_t amount, std::uint32_t index, std::uint32_t count,
                     std::uint32_t rotate = 0);

// evaluateThreshold judges threshold `text` ("api.p99 < 100ms") against `results`, the way a
// run's results are judged: latencies are response time; a worker with replicas is the sum
// of "ident #1" … (live figures without histograms take the highest replica's latency). A
// threshold that does not parse or names no worker of the run fails with a NaN value, and so
// does one on a series without calls (none ended; for canceled_rate, no tick was due):
// nothing measured holds no gate (docs/scenario-format.md).
ThresholdResult evaluateThreshold(const QString& text, const RunResults& results);

// ScenarioRun is one run of a scenario. prepare() resolves and validates it and builds
// every Target (starting the sandbox server when a URL's host is "sandbox"); start() runs
// the farm on a thread of its own; stop() ends it early; results() are complete either way.
// All functions are thread-safe; the snapshot callback runs on the recorder's thread.
class ScenarioRun {
public:
    explicit ScenarioRun(Scenario scenario, RunOptions options = {});
    ~ScenarioRun();
    ScenarioRun(const ScenarioRun&) = delete;
    ScenarioRun& operator=(const ScenarioRun&) = delete;

    // prepare returns every problem that keeps the scenario from running; empty means ready.
    QList<Problem> prepare();
    // setSnapshotCallback sets the function called once per interval (before start()).
    void setSnapshotCallback(SnapshotCallback callback);
    // start runs the prepared farm; false when prepare() failed or it already started.
    // With `at`, the run's clock (the ticks' origin) starts then, not now: the shares of a
    // distributed run start together (stop() ends the wait).
    bool start(std::optional<TimePoint> at = std::nullopt);
    // stop ends the run early; the results cover the time run and are marked interrupted
    // (calls it cuts are counted as interrupted, not as errors; `passed` is false). A stop
    // that comes once every worker has ended (the planned end reached and the grace over),
    // while the results are being built, cuts nothing and changes nothing.
    // Returns at once.
    void stop();
    // wait blocks until the run has finished or `timeout` passed; true when finished.
    bool wait(Duration timeout);
    [[nodiscard]] bool isFinished() const;
    // setRps changes the rate of the workers made from the spec `ident` (every replica).
    Error setRps(const QString& ident, double rps);

    // scenario is the resolved scenario being run (sandbox URLs filled in).
    [[nodiscard]] const Scenario& scenario() const { return m_resolved; }
    // duration is the planned run time.
    [[nodiscard]] Duration duration() const { return m_duration; }
    // workerIdents lists the idents of the workers, replicas included, in order.
    [[nodiscard]] QStringList workerIdents() const;
    // failure is the error that ended the run, when it did not end by its duration or stop().
    [[nodiscard]] Error failure() const;
    // results are the whole-run results with thresholds evaluated (valid once finished).
    [[nodiscard]] RunResults results() const;
    // timelineError is why the timeline stream could not be opened or appended to ("PATH:
    // reason"), or empty while it is written (or none was asked for).
    [[nodiscard]] QString timelineError() const;
    // sandboxUrl is the sandbox server's base URL when the run started one, else empty.
    [[nodiscard]] QString sandboxUrl() const;

private:
    struct Member {
        QString specIdent;
        WorkerPtr worker;
        Rate rate;
    };
    void runFarm();
    void evaluateThresholds(RunResults& results) const;
    void appendTimeline(const Snapshot& snapshot);

    Scenario m_scenario;
    Scenario m_resolved;
    RunOptions m_options;
    Duration m_duration{};
    std::vector<Member> m_members;
    std::shared_ptr<IntervalRecorder> m_recorder;
    std::unique_ptr<SandboxServer> m_sandbox;
    SnapshotCallback m_callback;
    bool m_prepared = false;

    Context m_ctx;
    CancelFunc m_cancel;
    std::thread m_thread;
    std::atomic<bool> m_started{false};
    std::optional<TimePoint> m_startAt;

    mutable std::mutex m_mutex;
    std::condition_variable m_finishedCv;
    bool m_workEnded = false; // guarded by m_mutex: every worker has ended, nothing to cut
    bool m_finished = false;  // guarded by m_mutex
    Error m_failure;          // guarded by m_mutex
    RunResults m_results;     // guarded by m_mutex
    QString m_timelineError;  // guarded by m_mutex
    std::unique_ptr<AppendStream> m_timeline;
    bool m_timelineHeaderWritten = false; // recorder's thread only
};

// evaluateThresholds judges `thresholds` (expressions as in scenario files) on `results`,
// replacing results.thresholds and setting results.passed. A worker prefix names a worker
// or, for a worker with force, its replicas together (merged exactly).
void evaluateThresholds(const QStringList& thresholds, RunResults& results);

} // namespace pusher
