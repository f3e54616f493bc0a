// Distributed runs for pusher-cli: the few MPI collectives a run needs, behind an
// interface that builds without MPI (then nothing is available and it says why).
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <cstdint>
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

// singleCoreAffinity returns the CPU this process is bound to when its affinity mask holds
// a single CPU of several (Open MPI binds ranks to a core by default when N ≤ 2), else -1.
int singleCoreAffinity();

} // namespace pusher::dist
