#include <pusher/ui/runcontroller.h>

#include <pusher/io/files.h>
#include <pusher/run/hostfile.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMetaObject>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <chrono>
#include <csignal>
#include <unistd.h>

namespace pusher {

// MpiJob is one distributed run: mpirun with pusher-cli, the merged live stream that rank 0
// writes beside the results file, read back every 100 ms, and the results file at the end.
class MpiJob : public QObject {
public:
    MpiJob(RunController* owner, int workers)
        : m_owner(owner)
        , m_reader(workers) {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        connect(&m_process, &QProcess::readyReadStandardOutput, this, [this] {
            m_output += m_process.readAllStandardOutput();
            // Keep the last lines: what a failure is explained by.
            if (m_output.size() > kOutputBytes)
                m_output.remove(0, m_output.size() - kOutputBytes);
        });
        connect(&m_process, &QProcess::finished, this,
                [this](int code, QProcess::ExitStatus status) { ended(code, status); });
        connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
            if (e != QProcess::FailedToStart || m_ended)
                return;
            m_ended = true;
            m_poll.stop();
            // Queued: start() may report it before the run counts as started.
            QMetaObject::invokeMethod(
                this,
                [this, why = m_process.errorString()] {
                    RunResults none;
                    none.interrupted = true;
                    none.passed = false;
                    m_owner->mpiFinished(none, tr("mpirun could not be started: %1").arg(why));
                },
                Qt::QueuedConnection);
        });
        m_poll.setInterval(100);
        connect(&m_poll, &QTimer::timeout, this, [this] { poll(); });
        m_resend.setInterval(250);
        connect(&m_resend, &QTimer::timeout, this, [this] { sendStop(); });
        m_escalate.setSingleShot(true);
        connect(&m_escalate, &QTimer::timeout, this, [this] {
            // mpirun did not end after the stop: SIGTERM, then SIGKILL.
            if (m_process.state() == QProcess::NotRunning)
                return;
            if (!m_terminated) {
                m_terminated = true;
                m_process.terminate();
                m_escalate.start(5000);
            } else {
                m_process.kill();
            }
        });
    }

    ~MpiJob() override {
        m_process.disconnect(this);
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate(); // mpirun passes it on to every rank
            if (!m_process.waitForFinished(3000)) {
                m_process.kill();
                m_process.waitForFinished(1000);
            }
        }
    }

    [[nodiscard]] bool isValid() const { return m_dir.isValid(); }
    [[nodiscard]] QDateTime startedAt() const { return m_startedAt; }
    [[nodiscard]] QString path(const QString& name) const { return m_dir.filePath(name); }

    void start(const MpiLaunch& launch, const QString& resultsPath, const QString& scenario) {
        m_results = resultsPath;
        m_stream = resultsPath + QStringLiteral(".timeline.jsonl");
        m_scenario = scenario;
        m_startedAt = QDateTime::currentDateTimeUtc();
        m_process.setProcessEnvironment(launch.environment);
        // SIGUSR1 ignored from mpirun's start: its handler forwards the stop while the job
        // runs, and it restores what it found when it ends the job, so that the stop sent
        // again then (m_resend) is ignored rather than the end of mpirun (it was: "mpirun
        // crashed", a failed run, whenever the ranks took over 250 ms to stop). The ranks get
        // the default back from mpirun's launcher.
        m_process.setChildProcessModifier([] { ::signal(SIGUSR1, SIG_IGN); });
        m_process.start(launch.program, launch.arguments);
        m_poll.start();
    }

    void stop() {
        if (m_stopping || m_process.state() == QProcess::NotRunning)
            return;
        m_stopping = true;
        // SIGUSR1: mpirun forwards it to every rank at once, each stops as on Ctrl-C and
        // rank 0 writes the complete results. (SIGINT is not forwarded: mpirun ends the job,
        // SIGTERM a second later and SIGKILL another second on.) Sent again every 250 ms:
        // mpirun forwards nothing to ranks it is still starting.
        sendStop();
        m_resend.start();
        m_escalate.start(15000);
    }

    [[nodiscard]] QString output() const { return QString::fromLocal8Bit(m_output); }

    // soFar rebuilds what rank 0's merged live stream holds (every complete interval) as an
    // interrupted run's results; nullopt when there is none (no stream yet, no interval).
    [[nodiscard]] std::optional<RunResults> soFar() const {
        QFile f(m_stream);
        if (!f.open(QIODevice::ReadOnly))
            return std::nullopt;
        std::optional<RunResults> results = recoverResults(f.readAll());
        if (!results || results->timeline.isEmpty())
            return std::nullopt;
        results->interrupted = true;
        results->passed = false;
        return results;
    }

private:
    void sendStop() {
        if (m_process.state() != QProcess::NotRunning)
            ::kill(static_cast<pid_t>(m_process.processId()), SIGUSR1);
    }

    static constexpr qsizetype kOutputBytes = 64 * 1024;

    void poll() {
        QFile f(m_stream);
        if (f.open(QIODevice::ReadOnly)) {
            if (f.size() > m_offset && f.seek(m_offset)) {
                const QByteArray bytes = f.readAll();
                m_offset += bytes.size();
                for (auto& s : m_reader.feed(bytes))
                    m_owner->mpiSnapshot(std::move(s));
            }
        }
        if (m_reader.takeRanksChanged())
            m_owner->mpiRanks(m_reader.ranks());
    }

    void ended(int code, QProcess::ExitStatus status) {
        if (m_ended)
            return;
        m_ended = true;
        m_poll.stop();
        m_resend.stop();
        m_escalate.stop();
        m_output += m_process.readAllStandardOutput();
        poll(); // what rank 0 wrote last (when the stream is still there)
        for (auto& s : m_reader.finish())
            m_owner->mpiSnapshot(std::move(s));
        if (m_reader.takeRanksChanged())
            m_owner->mpiRanks(m_reader.ranks());

        QString why;
        std::optional<RunResults> results = RunResults::load(m_results, &why);
        if (!results && QFileInfo::exists(m_stream)) {
            // No results file (rank 0 itself died): rebuilt from the merged stream.
            QFile f(m_stream);
            if (f.open(QIODevice::ReadOnly))
                results = recoverResults(f.readAll());
        }
        const QString text = output();
        // Stopped while mpirun was starting the ranks: one got the stop still loading (before
        // its main takes it) and died of it, and mpirun ended with its status, 128 + SIGUSR1.
        // No rank can have started the run yet. The user's stop, not a failure: the run is
        // stopped, with what arrived (nothing, or what the stream holds). Also when mpirun
        // died of a signal after the stop (not one of ours, m_escalate's): it can die of
        // SIGPIPE as it ends the job such a stop made it abort (dist::launchMpirun, 1 early
        // stop in 40); rank 0's results stand when it wrote them.
        const bool diedStopping = m_stopping && !m_terminated && status == QProcess::CrashExit;
        if (diedStopping ||
            (m_stopping && status == QProcess::NormalExit && code == 128 + SIGUSR1)) {
            if (!results) {
                results.emplace();
                results->scenario = m_scenario;
                results->startedAt = m_startedAt;
            }
            results->interrupted = true;
            results->passed = false;
            m_owner->mpiFinished(*results, QString());
            return;
        }
        QStringList failure;
        const QRegularExpression noticed(
            QStringLiteral("mpirun noticed that process rank \\d+[^\\n]*"));
        if (const QRegularExpressionMatch m = noticed.match(text); m.hasMatch())
            failure.append(tr("A rank ended the run: %1").arg(m.captured(0).trimmed()));
        // 0 passed, 1 a threshold failed (also mpirun's own status after a Ctrl-C), 4 stopped.
        const bool expected =
            status == QProcess::NormalExit && (code == 0 || code == 1 || code == 4);
        if (!results || !expected) {
            if (failure.isEmpty())
                failure.append(status == QProcess::CrashExit
                                   ? tr("mpirun crashed")
                                   : tr("mpirun ended with status %1").arg(code));
            if (!results)
                failure.append(tr("No results: %1").arg(why));
            // The last lines that say something (not the progress of a run).
            QStringList lines;
            for (const QString& line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
                if (!line.trimmed().isEmpty() && !line.startsWith(u'['))
                    lines.append(line.trimmed());
            failure += lines.mid(std::max<qsizetype>(0, lines.size() - 12));
        }
        if (!results) {
            results.emplace();
            results->interrupted = true;
            results->passed = false;
        }
        m_owner->mpiFinished(*results, failure.join(QLatin1Char('\n')));
    }

    RunController* m_owner;
    QTemporaryDir m_dir;
    QProcess m_process;
    QTimer m_poll;
    QTimer m_resend; // the stop sent again until mpirun ends
    QTimer m_escalate;
    TimelineStreamReader m_reader;
    QString m_results;
    QString m_stream;
    QString m_scenario;    // its name, for the results when there are none
    QDateTime m_startedAt; // when mpirun was started
    qint64 m_offset = 0;
    QByteArray m_output;
    bool m_stopping = false;
    bool m_terminated = false;
    bool m_ended = false;
};

RunController::RunController(QObject* parent)
    : QObject(parent) {}

RunController::~RunController() {
    m_mpi.reset(); // ends mpirun, if it still runs
    if (m_run)
        m_run->stop();
    joinWatcher();
}

void RunController::joinWatcher() {
    if (m_watcher.joinable())
        m_watcher.join();
}

QList<Problem> RunController::start(const Scenario& scenario, RunOptions options) {
    if (m_running)
        return {Problem{QString(), tr("a run is already going")}};
    joinWatcher(); // the last run's watcher has queued its finish already
    auto run = std::make_unique<ScenarioRun>(scenario, std::move(options));
    if (m_mpi) // the last distributed run's job (it may be the caller: later)
        m_mpi.release()->deleteLater();
    m_distributed = false;
    m_ranks.clear();
    QList<Problem> problems = run->prepare();
    if (!problems.isEmpty())
        return problems;
    const quint64 generation = ++m_generation;
    // One queued call per interval: the recorder calls this once per interval end (the last,
    // partial one from the thread that finishes the run).
    run->setSnapshotCallback([this, generation](std::shared_ptr<const Snapshot> snapshot) {
        QMetaObject::invokeMethod(
            this,
            [this, generation, s = std::move(snapshot)]() mutable {
                deliver(generation, std::move(s));
            },
            Qt::QueuedConnection);
    });
    if (!run->start())
        return {Problem{QString(), tr("the run could not be started")}};
    m_run = std::move(run);
    m_running = true;
    m_snapshots = 0;
    m_duration = std::chrono::duration<double>(m_run->duration()).count();
    ScenarioRun* raw = m_run.get();
    m_watcher = std::thread([this, raw, generation] {
        while (!raw->wait(std::chrono::milliseconds(500))) {
        }
        QMetaObject::invokeMethod(
            this, [this, generation] { finished(generation); }, Qt::QueuedConnection);
    });
    emit runStarted();
    return {};
}

MpiLaunch RunController::mpiLaunch(const Scenario& scenario, const QString& folder,
                                   const QString& scenarioPath, const QString& resultsPath,
                                   QList<Problem>* problems) {
    auto problem = [&](const QString& path, const QString& message) {
        if (problems)
            problems->append(Problem{path, message});
    };
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    MpiLaunch launch;
    // mpirun: PUSHER_MPIRUN, else the one on PATH.
    const QString named = env.value(QStringLiteral("PUSHER_MPIRUN"));
    const QString mpirun = named.isEmpty() ? QStringLiteral("mpirun") : named;
    launch.program =
        QFileInfo(mpirun).isAbsolute() ? mpirun : QStandardPaths::findExecutable(mpirun);
    // Installing OpenMPI does not help when PUSHER_MPIRUN names something else.
    if (launch.program.isEmpty() || !QFileInfo(launch.program).isExecutable())
        problem(QString(),
                named.isEmpty()
                    ? tr("mpirun was not found on PATH: install OpenMPI (Debian: apt-get install "
                         "openmpi-bin) to run on MPI, or choose Run on: This machine")
                    : tr("PUSHER_MPIRUN names %1, which is not a program that can run: point it "
                         "at OpenMPI's mpirun, or unset it to use the one on PATH")
                          .arg(named));
    // pusher-cli: PUSHER_CLI, else the one beside this program, else the one on PATH.
    QString cli = env.value(QStringLiteral("PUSHER_CLI"));
    if (cli.isEmpty()) {
        cli = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("pusher-cli"));
        if (!QFileInfo(cli).isExecutable())
            cli = QStandardPaths::findExecutable(QStringLiteral("pusher-cli"));
    }
    if (cli.isEmpty() || !QFileInfo(cli).isExecutable()) {
        problem(QString(), tr("pusher-cli was found neither beside this program nor on PATH: "
                              "the ranks of a distributed run are pusher-cli processes"));
    } else {
        // A pusher-cli built without MPI would refuse under mpirun: say so now.
        QProcess version;
        version.start(cli, {QStringLiteral("--version")});
        if (version.waitForFinished(10000) && version.readAllStandardOutput().contains("MPI: none"))
            problem(QString(), tr("%1 was built without MPI support (libopenmpi-dev was not "
                                  "there when it was built), so it cannot run distributed: "
                                  "install libopenmpi-dev, rebuild, or choose Run on: This "
                                  "machine")
                                   .arg(cli));
    }
    const DistributedSpec& d = scenario.distributed;
    launch.arguments = {QStringLiteral("-n"), QString::number(d.ranks)};
    if (!d.hostfile.isEmpty()) {
        if (const std::optional<Problem> missing = hostfileProblem(d, folder))
            problem(missing->path, missing->message);
        launch.arguments += {QStringLiteral("--hostfile"), hostfilePath(d, folder)};
    } else if (!d.hosts.isEmpty()) {
        launch.arguments += {QStringLiteral("--host"), d.hosts.join(QLatin1Char(','))};
    } else if (d.ranks > QThread::idealThreadCount()) {
        // Every rank on this machine, more ranks than cores: the user asked for it.
        launch.arguments.append(QStringLiteral("--oversubscribe"));
    }
    // A rank uses every core of its host: never bind it to one (OpenMPI's default for N ≤ 2).
    // Stop is SIGUSR1, which mpirun forwards to every rank at once; with the kill timeout 0
    // mpirun ends as soon as the ranks have (it waits 2 s otherwise, docs/distributed.md).
    launch.arguments += {QStringLiteral("--bind-to"), QStringLiteral("none"),
                         QStringLiteral("--stdin"),   QStringLiteral("none"),
                         QStringLiteral("--mca"),     QStringLiteral("odls_base_sigkill_timeout"),
                         QStringLiteral("0")};
    launch.arguments +=
        {cli,         QStringLiteral("run"),    scenarioPath, QStringLiteral("--json"),
         resultsPath, QStringLiteral("--quiet")};
    launch.environment = env;
    if (::geteuid() == 0) {
        // OpenMPI refuses root unless told; the app run as root (a container) is told.
        launch.environment.insert(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT"), QStringLiteral("1"));
        launch.environment.insert(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"),
                                  QStringLiteral("1"));
    }
    return launch;
}

QList<Problem> RunController::startDistributed(const Scenario& scenario, const QString& folder) {
    if (m_running)
        return {Problem{QString(), tr("a run is already going")}};
    joinWatcher();
    // Unset ${VAR}s are found here rather than by rank 0 in another process.
    const ScenarioParse resolved =
        scenario.resolved(QProcessEnvironment::systemEnvironment(), folder);
    if (!resolved.ok())
        return resolved.problems;
    // What the ranks alone would find (a data file with fewer rows than ranks, a loopback
    // target while a rank runs on another host) is said now, as pusher-cli validate says it.
    if (const QList<Problem> problems =
            distributedProblems(resolved.scenario, scenario.distributed.ranks,
                                distributedHosts(scenario.distributed, folder));
        !problems.isEmpty())
        return problems;
    // pusher-cli reads the scenario from a temporary folder: relative data and TLS files are
    // named from the scenario's own folder instead.
    const Scenario written = scenario.rebased(folder, QString());
    QStringList workers;
    for (const WorkerSpec& spec : scenario.workers)
        if (spec.enabled)
            workers += spec.replicaIdents();
    auto job = std::make_unique<MpiJob>(this, int(workers.size()));
    if (!job->isValid())
        return {Problem{QString(), tr("no temporary folder for the run's files")}};
    const QString scenarioPath = job->path(QStringLiteral("scenario.json"));
    const QString resultsPath = job->path(QStringLiteral("results.json"));
    QList<Problem> problems;
    const MpiLaunch launch = mpiLaunch(scenario, folder, scenarioPath, resultsPath, &problems);
    if (!problems.isEmpty())
        return problems;
    QString why;
    if (!writeFileAtomically(scenarioPath, written.toJson(), &why))
        return {Problem{QString(), why}};
    if (m_mpi)
        m_mpi.release()->deleteLater();
    m_run.reset();
    m_mpi = std::move(job);
    ++m_generation;
    m_distributed = true;
    m_running = true;
    m_snapshots = 0;
    m_results = RunResults{};
    m_duration = std::chrono::duration<double>(scenario.duration).count();
    m_mpiScenario = scenario;
    m_mpiWorkers = workers;
    m_ranks.clear();
    m_mpi->start(launch, resultsPath, scenario.name);
    emit ranksChanged();
    emit runStarted();
    return {};
}

QString RunController::output() const {
    return m_mpi ? m_mpi->output() : QString();
}

void RunController::mpiSnapshot(std::shared_ptr<const Snapshot> snapshot) {
    if (!m_running || !snapshot)
        return;
    ++m_snapshots;
    emit snapshotArrived(std::move(snapshot));
}

void RunController::mpiRanks(const QList<RankProgress>& ranks) {
    m_ranks = ranks;
    emit ranksChanged();
}

std::optional<RunResults> RunController::resultsSoFar() const {
    if (!m_running || !m_mpi)
        return std::nullopt;
    return m_mpi->soFar();
}

void RunController::mpiFinished(const RunResults& results, const QString& failure) {
    if (!m_running)
        return;
    m_running = false;
    m_results = results;
    // Results the app made itself (mpirun could not be started, a failed run without a
    // results file, a stop while the ranks were starting) did not know the run's plan, name
    // or start: kept and opened again, such a run said nothing of the 30 s it was meant to
    // run. Rank 0's results and those rebuilt from the stream have them already.
    if (!(m_results.plannedS > 0) && m_duration > 0)
        m_results.plannedS = m_duration;
    if (m_results.scenario.isEmpty())
        m_results.scenario = m_mpiScenario.name;
    if (!m_results.startedAt.isValid())
        m_results.startedAt = m_mpi ? m_mpi->startedAt() : QDateTime::currentDateTimeUtc();
    if (!results.parts.isEmpty()) {
        // The results' ranks section: every rank's final figures.
        m_ranks.clear();
        for (const PartResults& p : results.parts) {
            RankProgress r;
            r.rank = p.rank;
            r.host = p.host;
            r.t = results.durationS;
            r.ticks = p.ticks;
            r.completed = p.completed;
            r.achievedRps = p.achievedRps;
            r.lagP99Ms = p.lagP99Ms;
            r.clockOffsetMs = p.clockOffsetMs;
            r.errors = p.errors;
            r.topErrorKind = p.topErrorKind;
            r.topErrorCount = p.topErrorCount;
            r.ended = true;
            m_ranks.append(r);
        }
        emit ranksChanged();
    }
    if (!failure.isEmpty())
        emit runFailed(failure);
    emit runFinished(m_results);
}

void RunController::stop() {
    if (m_distributed && m_mpi && m_running)
        m_mpi->stop();
    else if (m_run && m_running)
        m_run->stop();
}

Error RunController::setRps(const QString& ident, double rps) {
    if (m_distributed)
        return Error(std::string("state"),
                     std::string("the rates of a distributed run cannot be changed while it "
                                 "runs (docs/distributed.md)"));
    if (!m_run || !m_running)
        return Error(std::string("state"), std::string("no run is going"));
    return m_run->setRps(ident, rps);
}

Scenario RunController::scenario() const {
    if (m_distributed)
        return m_mpiScenario;
    return m_run ? m_run->scenario() : Scenario{};
}

QStringList RunController::workerIdents() const {
    if (m_distributed)
        return m_mpiWorkers;
    return m_run ? m_run->workerIdents() : QStringList{};
}

void RunController::deliver(quint64 generation, std::shared_ptr<const Snapshot> snapshot) {
    if (generation != m_generation || !snapshot)
        return;
    ++m_snapshots;
    emit snapshotArrived(std::move(snapshot));
}

void RunController::finished(quint64 generation) {
    if (generation != m_generation || !m_run)
        return;
    joinWatcher();
    m_running = false;
    m_results = m_run->results();
    if (Error failure = m_run->failure())
        emit runFailed(QString::fromStdString(failure.message()));
    emit runFinished(m_results);
}

} // namespace pusher
