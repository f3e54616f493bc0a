// RunController: runs a scenario off the GUI thread and hands its snapshots to the GUI.
#pragma once

#include <pusher/intervalrecorder.h>
#include <pusher/results.h>
#include <pusher/run/scenariorun.h>
#include <pusher/run/streamreader.h>
#include <pusher/scenario/scenario.h>

#include <QProcessEnvironment>

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <thread>

namespace pusher {

class MpiJob;

// MpiLaunch is how a distributed run is started: `mpirun` (program), its arguments (which
// end with `pusher-cli run SCENARIO --json RESULTS --quiet`) and its environment.
struct MpiLaunch {
    QString program;
    QStringList arguments;
    QProcessEnvironment environment;
};

// RunController owns one ScenarioRun at a time. The run executes on the engine's threads;
// the GUI thread receives one queued call per interval (the recorder's snapshot) and one
// when the run has ended, so it never blocks on the run and is never flooded by it.
//
// The end is detected by a watcher thread that waits for the run and then queues the
// finish to the GUI thread. Snapshots of an earlier run that arrive late are dropped.
class RunController : public QObject {
    Q_OBJECT
public:
    explicit RunController(QObject* parent = nullptr);
    // ~RunController stops a run still going and waits for it.
    ~RunController() override;

    // start prepares and starts a run of scenario; it returns the problems that keep it from
    // running (empty when it started). A run already going is not disturbed: the result is
    // then one problem saying so.
    QList<Problem> start(const Scenario& scenario, RunOptions options = {});
    // startDistributed runs scenario under mpirun as scenario.distributed says (ranks, hosts
    // or a hostfile relative to `folder`): pusher-cli's rank 0 writes the merged live stream,
    // which is read back into snapshots every 100 ms, and its results file, which is loaded
    // at the end. Problems: mpirun or pusher-cli missing, a pusher-cli without MPI, a
    // hostfile that is not there. docs/distributed.md, "From the app".
    QList<Problem> startDistributed(const Scenario& scenario, const QString& folder);
    // mpiLaunch is the command startDistributed runs for scenario (written to
    // scenarioPath, results to resultsPath); `problems` gets what keeps it from running.
    static MpiLaunch mpiLaunch(const Scenario& scenario, const QString& folder,
                               const QString& scenarioPath, const QString& resultsPath,
                               QList<Problem>* problems);
    // isDistributed is true for a run started by startDistributed (current or last).
    [[nodiscard]] bool isDistributed() const { return m_distributed; }
    // ranks are the ranks of the current or last distributed run: their live progress,
    // then the results' `ranks` section.
    [[nodiscard]] QList<RankProgress> ranks() const { return m_ranks; }
    // output is what mpirun and the ranks printed (the last lines).
    [[nodiscard]] QString output() const;
    // stop asks the run to end early and returns at once; runFinished follows.
    void stop();
    // isRunning is true from a successful start() until runFinished.
    [[nodiscard]] bool isRunning() const { return m_running; }
    // setRps changes the rate of the workers made from the spec ident while running.
    Error setRps(const QString& ident, double rps);

    // scenario is the resolved scenario of the current or last run.
    [[nodiscard]] Scenario scenario() const;
    // durationSeconds is the planned length of the current or last run.
    [[nodiscard]] double durationSeconds() const { return m_duration; }
    // workerIdents lists the workers of the current or last run, replicas included.
    [[nodiscard]] QStringList workerIdents() const;
    // resultsSoFar is what a run still going has delivered, as an interrupted run's results:
    // a distributed run's, rebuilt from rank 0's merged live stream (what the charts showed),
    // which goes with the job when it ends; nullopt for a local run, or before an interval.
    [[nodiscard]] std::optional<RunResults> resultsSoFar() const;
    // results are the results of the last finished run.
    [[nodiscard]] const RunResults& results() const { return m_results; }
    // snapshotCount is the number of snapshots delivered for the current or last run.
    [[nodiscard]] int snapshotCount() const { return m_snapshots; }

signals:
    // runStarted is emitted when start() succeeded.
    void runStarted();
    // snapshotArrived is emitted on the GUI thread once per interval of the run.
    void snapshotArrived(std::shared_ptr<const pusher::Snapshot> snapshot);
    // runFailed is emitted when the run ended by an error (before runFinished).
    void runFailed(const QString& message);
    // runFinished is emitted when the run has ended, by its duration, by stop() or by a
    // failure; results cover the time run.
    void runFinished(const pusher::RunResults& results);
    // ranksChanged is emitted when ranks() changed (a distributed run).
    void ranksChanged();

private:
    friend class MpiJob;
    void deliver(quint64 generation, std::shared_ptr<const Snapshot> snapshot);
    void finished(quint64 generation);
    void joinWatcher();
    void mpiSnapshot(std::shared_ptr<const Snapshot> snapshot);
    void mpiRanks(const QList<RankProgress>& ranks);
    void mpiFinished(const RunResults& results, const QString& failure);

    std::unique_ptr<ScenarioRun> m_run;
    std::unique_ptr<MpiJob> m_mpi;
    bool m_distributed = false;
    Scenario m_mpiScenario;
    QStringList m_mpiWorkers;
    QList<RankProgress> m_ranks;
    std::thread m_watcher;
    quint64 m_generation = 0;
    bool m_running = false;
    double m_duration = 0;
    int m_snapshots = 0;
    RunResults m_results;
};

} // namespace pusher
