// Distributed runs for pusher-cli: the few MPI collectives a run needs, behind an
// interface that builds without MPI (then nothing is available and it says why).
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <chrono>
#include <functional>
#include <memory>
#include <vector>

namespace pusher::dist {

// worldSizeFromEnv is the number of processes of the MPI job this process was started in
// by mpirun (Open MPI's OMPI_COMM_WORLD_SIZE, or PMIx/PMI's), 0 when it was not.
int worldSizeFromEnv();
// builtIn tells whether this build has MPI support.
bool builtIn();
// libraryVersion names the MPI library built in ("Open MPI v4.1.4 …"), or says there is none.
QString libraryVersion();

// Comm is this process's place in the MPI job (MPI_COMM_WORLD). Only the thread that made it
// calls it. Waits that may last (the end of the run) poll with short sleeps instead of MPI's
// blocking calls, which spin on a core the load needs.
class Comm {
public:
    // init initialises MPI; nullptr and `why` when this build has no MPI or it failed.
    static std::unique_ptr<Comm> init(QString* why);
    ~Comm(); // finalises MPI
    Comm(const Comm&) = delete;
    Comm& operator=(const Comm&) = delete;

    [[nodiscard]] int rank() const { return m_rank; }
    [[nodiscard]] int size() const { return m_size; }
    [[nodiscard]] QString host() const { return m_host; }

    // broadcast sends rank 0's `bytes` to every rank and returns them.
    QByteArray broadcast(const QByteArray& bytes);
    // broadcast sends rank 0's `value` to every rank and returns it (polling).
    std::int64_t broadcast(std::int64_t value);
    // maxOf is the largest `value` over all ranks, on every rank (polling).
    std::int64_t maxOf(std::int64_t value);
    // clockOffsetNs measures this rank's system clock minus rank 0's: the best of several
    // round trips (the one with the shortest round trip, error ≤ half of it). 0 on rank 0.
    std::int64_t clockOffsetNs();
    // barrier waits until every rank has reached it (polling).
    void barrier();
    // gather collects every rank's `bytes` at rank 0 (in rank order); empty elsewhere.
    QList<QByteArray> gather(const QByteArray& bytes);

    // post sends `bytes` to rank 0 without waiting (the live stream); messages from one rank
    // arrive in the order posted. sendsDone tests the posted sends and is true when every
    // one has completed (call it regularly: MPI progresses inside its calls).
    void post(const QByteArray& bytes);
    bool sendsDone();
    // receive returns a posted message that has arrived at rank 0 (its sender and bytes),
    // or nothing, at once.
    bool receive(int* from, QByteArray* bytes);

private:
    struct Pending;
    Comm();
    int m_rank = 0;
    int m_size = 1;
    QString m_host;
    std::vector<std::unique_ptr<Pending>> m_sends;
};

// MpirunLaunch is how `pusher-cli run --mpi` starts mpirun (docs/distributed.md, pusher-cli
// run --mpi): the program, its arguments up to the ranks' command, and its environment.
struct MpirunLaunch {
    QString program; // empty: not found (`problem` says why)
    QStringList arguments;
    QStringList environment; // NAME=VALUE, added to this process's
    QString problem;
};

// mpirunLaunch finds mpirun (PUSHER_MPIRUN, else on PATH) and gives its arguments for `ranks`
// ranks on `hostfile` (a path) or `hosts` (--host), else on this machine (--oversubscribe
// when the ranks outnumber its cores), each running `rankCommand`: --bind-to none (a rank
// uses every core of its host), --stdin none, and odls_base_sigkill_timeout 0 — mpirun waits
// that long (1 s by default) twice before it ends a job whose rank exited with a non-zero code
// or that it was signalled to end, which the stop by SIGUSR1 (launchMpirun) makes safe to
// skip. Run as root, OpenMPI's consent to root is added to the environment.
MpirunLaunch mpirunLaunch(int ranks, const QString& hostfile, const QStringList& hosts,
                          const QStringList& rankCommand);

// launchMpirun runs `launch` in a process group of its own (so that a terminal's Ctrl-C reaches
// this process only), its output this process's, and waits for it; `started` gets its pid.
// Once `stopRequested()` is true, it sends mpirun SIGUSR1, which mpirun forwards to every rank
// at once, and every rank stops as on Ctrl-C (rank 0 writes the merged results); again every
// 250 ms until mpirun ends, for ranks that were not started yet (a rank takes it once).
// mpirun starts with SIGUSR1 ignored, so that a resend as it ends the job is not its death.
// mpirun that has not ended kMpirunStopGrace after the first stop is sent SIGTERM, and SIGKILL
// kMpirunKillGrace later: a stop returns even when mpirun hangs (it did once, started with
// SIGPIPE ignored; docs/distributed.md).
// Returns mpirun's exit code, or -1 when it could not be started, died of a signal or was
// ended so (`why` says which, and `end`, when given, how).
struct MpirunEnd {
    int signal = 0;      // the signal mpirun died of; 0 when it exited or was not started
    bool forced = false; // it was sent SIGTERM (and maybe SIGKILL) after the stop
};
inline constexpr std::chrono::seconds kMpirunStopGrace{10};
inline constexpr std::chrono::seconds kMpirunKillGrace{5};
int launchMpirun(const MpirunLaunch& launch, const std::function<bool()>& stopRequested,
                 QString* why, const std::function<void(qint64)>& started = {},
                 MpirunEnd* end = nullptr);

// singleCoreAffinity returns the CPU this process is bound to when its affinity mask holds
// a single CPU of several (Open MPI binds ranks to a core by default when N ≤ 2), else -1.
int singleCoreAffinity();

} // namespace pusher::dist
