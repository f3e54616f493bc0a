#include "distributed.h"

#include <QByteArray>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QThread>

#include <chrono>
#include <csignal>
#include <cstring>
#include <limits>
#include <optional>
#include <sched.h>
#include <thread>
#include <unistd.h>

#ifdef PUSHER_HAVE_MPI
#include <mpi.h>
#endif

namespace pusher::dist {

int worldSizeFromEnv() {
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_SIZE", "PMI_SIZE"}) {
        bool ok = false;
        const int n = env.value(QString::fromLatin1(name)).toInt(&ok);
        if (ok && n > 0)
            return n;
    }
    // PMIx sets a rank even where it sets no size.
    return env.contains(QStringLiteral("PMIX_RANK")) ? 1 : 0;
}

MpirunLaunch mpirunLaunch(int ranks, const QString& hostfile, const QStringList& hosts,
                          const QStringList& rankCommand) {
    MpirunLaunch launch;
    const QString named =
        QProcessEnvironment::systemEnvironment().value(QStringLiteral("PUSHER_MPIRUN"));
    const QString mpirun = named.isEmpty() ? QStringLiteral("mpirun") : named;
    launch.program =
        QFileInfo(mpirun).isAbsolute() ? mpirun : QStandardPaths::findExecutable(mpirun);
    if (launch.program.isEmpty() || !QFileInfo(launch.program).isExecutable()) {
        // Installing OpenMPI does not help when PUSHER_MPIRUN names something else.
        launch.problem =
            named.isEmpty()
                ? QStringLiteral("mpirun was not found on PATH: install OpenMPI (Debian: "
                                 "apt-get install openmpi-bin)")
                : QStringLiteral("PUSHER_MPIRUN names %1, which is not a program that can run: "
                                 "point it at OpenMPI's mpirun, or unset it to use the one on "
                                 "PATH")
                      .arg(named);
        launch.program.clear();
    }
    launch.arguments = {QStringLiteral("-n"), QString::number(ranks)};
    if (!hostfile.isEmpty())
        launch.arguments += {QStringLiteral("--hostfile"), hostfile};
    else if (!hosts.isEmpty())
        launch.arguments += {QStringLiteral("--host"), hosts.join(QLatin1Char(','))};
    else if (ranks > QThread::idealThreadCount())
        launch.arguments.append(QStringLiteral("--oversubscribe")); // asked for, here
    launch.arguments += {QStringLiteral("--bind-to"), QStringLiteral("none"),
                         QStringLiteral("--stdin"),   QStringLiteral("none"),
                         QStringLiteral("--mca"),     QStringLiteral("odls_base_sigkill_timeout"),
                         QStringLiteral("0")};
    launch.arguments += rankCommand;
    if (::geteuid() == 0)
        launch.environment = {QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT=1"),
                              QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1")};
    return launch;
}

int launchMpirun(const MpirunLaunch& launch, const std::function<bool()>& stopRequested,
                 QString* why, const std::function<void(qint64)>& started, MpirunEnd* end) {
    MpirunEnd ended;
    QProcess mpirun;
    mpirun.setProcessChannelMode(QProcess::ForwardedChannels);
    mpirun.setStandardInputFile(QProcess::nullDevice());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& pair : launch.environment)
        env.insert(pair.section(QLatin1Char('='), 0, 0), pair.section(QLatin1Char('='), 1));
    mpirun.setProcessEnvironment(env);
    // Its own process group: a terminal's Ctrl-C comes here only, and is passed on as the
    // stop mpirun forwards (SIGINT to mpirun is forwarded a second late, as SIGTERM).
    // SIGUSR1 ignored from its start: mpirun's own handler forwards it as long as the job
    // runs, and restores the disposition it found when it ends the job, so that a stop sent
    // again in that moment (the resend below) is ignored instead of killing mpirun (it did,
    // 1 stop in 4 that took over 250 ms: exit 3, "mpirun ended on a signal", results
    // written). The ranks get the default back from mpirun's launcher.
    mpirun.setChildProcessModifier([] {
        ::setpgid(0, 0);
        ::signal(SIGUSR1, SIG_IGN);
    });
    mpirun.start(launch.program, launch.arguments);
    if (!mpirun.waitForStarted(30000)) {
        if (why)
            *why = QStringLiteral("%1: %2").arg(launch.program, mpirun.errorString());
        return -1;
    }
    const auto pid = static_cast<pid_t>(mpirun.processId());
    if (started)
        started(pid);
    std::optional<std::chrono::steady_clock::time_point> first;
    std::optional<std::chrono::steady_clock::time_point> sent;
    bool killed = false;
    while (!mpirun.waitForFinished(50)) {
        const auto now = std::chrono::steady_clock::now();
        if (sent ? now - *sent >= std::chrono::milliseconds(250) : stopRequested()) {
            sent = now;
            first = first.value_or(now);
            ::kill(pid, SIGUSR1);
        }
        if (first && !ended.forced && now - *first >= kMpirunStopGrace) {
            ended.forced = true; // mpirun passes it on to the ranks, and ends them
            ::kill(pid, SIGTERM);
        }
        if (first && !killed && now - *first >= kMpirunStopGrace + kMpirunKillGrace) {
            killed = true;
            ::kill(pid, SIGKILL);
        }
    }
    const auto finish = [&](int code) {
        if (end)
            *end = ended;
        return code;
    };
    if (ended.forced) {
        if (why)
            *why = QStringLiteral("mpirun had not ended %1 s after the stop: it was sent SIGTERM%2")
                       .arg(kMpirunStopGrace.count())
                       .arg(killed ? QStringLiteral(", then SIGKILL") : QString());
        return finish(-1);
    }
    if (mpirun.exitStatus() != QProcess::NormalExit) {
        ended.signal = mpirun.exitCode(); // Qt's exit code of a crash: the signal
        if (why)
            *why = QStringLiteral("mpirun ended on signal %1 (%2)")
                       .arg(ended.signal)
                       .arg(QString::fromLocal8Bit(::strsignal(ended.signal)));
        return finish(-1);
    }
    return finish(mpirun.exitCode());
}

int singleCoreAffinity() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0)
        return -1;
    if (CPU_COUNT(&set) != 1 || std::thread::hardware_concurrency() <= 1)
        return -1;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
        if (CPU_ISSET(cpu, &set))
            return cpu;
    return -1;
}

#ifdef PUSHER_HAVE_MPI

namespace {

using namespace std::chrono_literals;

// complete waits for a non-blocking operation, sleeping between tests: a rank waiting for
// others must not spin on a core they need.
void complete(MPI_Request& request) {
    int done = 0;
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    while (!done) {
        std::this_thread::sleep_for(1ms);
        MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    }
}

std::int64_t systemNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

constexpr int kClockTag = 7101;
constexpr int kStreamTag = 7102;
constexpr int kClockRounds = 16;

} // namespace

bool builtIn() {
    return true;
}

struct Comm::Pending {
    QByteArray bytes;
    MPI_Request request = MPI_REQUEST_NULL;
};

Comm::Comm() = default;

void Comm::post(const QByteArray& bytes) {
    auto pending = std::make_unique<Pending>();
    pending->bytes = bytes;
    MPI_Isend(pending->bytes.constData(), static_cast<int>(pending->bytes.size()), MPI_BYTE, 0,
              kStreamTag, MPI_COMM_WORLD, &pending->request);
    m_sends.push_back(std::move(pending));
}

bool Comm::sendsDone() {
    std::erase_if(m_sends, [](const std::unique_ptr<Pending>& p) {
        int done = 0;
        MPI_Test(&p->request, &done, MPI_STATUS_IGNORE);
        return done != 0;
    });
    return m_sends.empty();
}

bool Comm::receive(int* from, QByteArray* bytes) {
    int arrived = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, kStreamTag, MPI_COMM_WORLD, &arrived, &status);
    if (!arrived)
        return false;
    int size = 0;
    MPI_Get_count(&status, MPI_BYTE, &size);
    bytes->resize(size);
    // The message is there (probed): this receive does not wait for it.
    MPI_Recv(bytes->data(), size, MPI_BYTE, status.MPI_SOURCE, kStreamTag, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
    *from = status.MPI_SOURCE;
    return true;
}

QString libraryVersion() {
    char text[MPI_MAX_LIBRARY_VERSION_STRING];
    int length = 0;
    MPI_Get_library_version(text, &length);
    return QString::fromLatin1(text, length).section(QLatin1Char(','), 0, 0).trimmed();
}

std::unique_ptr<Comm> Comm::init(QString* why) {
    int provided = 0;
    if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        if (why)
            *why = QStringLiteral("MPI_Init_thread failed");
        return nullptr;
    }
    std::unique_ptr<Comm> comm(new Comm);
    MPI_Comm_rank(MPI_COMM_WORLD, &comm->m_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &comm->m_size);
    char name[MPI_MAX_PROCESSOR_NAME];
    int length = 0;
    MPI_Get_processor_name(name, &length);
    comm->m_host = QString::fromLocal8Bit(name, length);
    return comm;
}

Comm::~Comm() {
    while (!sendsDone())
        std::this_thread::sleep_for(1ms);
    MPI_Finalize();
}

QByteArray Comm::broadcast(const QByteArray& bytes) {
    long long size = m_rank == 0 ? bytes.size() : 0;
    MPI_Bcast(&size, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    QByteArray out = m_rank == 0 ? bytes : QByteArray(static_cast<qsizetype>(size), '\0');
    if (size > 0)
        MPI_Bcast(out.data(), static_cast<int>(size), MPI_BYTE, 0, MPI_COMM_WORLD);
    return out;
}

std::int64_t Comm::broadcast(std::int64_t value) {
    long long v = value;
    MPI_Request request;
    MPI_Ibcast(&v, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD, &request);
    complete(request);
    return v;
}

std::int64_t Comm::maxOf(std::int64_t value) {
    long long in = value;
    long long out = 0;
    MPI_Request request;
    MPI_Iallreduce(&in, &out, 1, MPI_LONG_LONG, MPI_MAX, MPI_COMM_WORLD, &request);
    complete(request);
    return out;
}

std::int64_t Comm::clockOffsetNs() {
    std::int64_t offset = 0;
    if (m_rank == 0) {
        for (int r = 1; r < m_size; ++r) {
            for (int k = 0; k < kClockRounds; ++k) {
                long long ping = 0;
                MPI_Recv(&ping, 1, MPI_LONG_LONG, r, kClockTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                long long now = systemNs();
                MPI_Send(&now, 1, MPI_LONG_LONG, r, kClockTag, MPI_COMM_WORLD);
            }
        }
    } else {
        std::int64_t best = std::numeric_limits<std::int64_t>::max();
        for (int k = 0; k < kClockRounds; ++k) {
            long long t1 = systemNs();
            MPI_Send(&t1, 1, MPI_LONG_LONG, 0, kClockTag, MPI_COMM_WORLD);
            long long t0 = 0;
            MPI_Recv(&t0, 1, MPI_LONG_LONG, 0, kClockTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            const std::int64_t t2 = systemNs();
            if (t2 - t1 < best) {
                best = t2 - t1;
                offset = (t1 + t2) / 2 - t0;
            }
        }
    }
    return offset;
}

void Comm::barrier() {
    MPI_Request request;
    MPI_Ibarrier(MPI_COMM_WORLD, &request);
    complete(request);
}

QList<QByteArray> Comm::gather(const QByteArray& bytes) {
    int mine = static_cast<int>(bytes.size());
    std::vector<int> sizes(static_cast<std::size_t>(m_size), 0);
    MPI_Request request;
    MPI_Igather(&mine, 1, MPI_INT, sizes.data(), 1, MPI_INT, 0, MPI_COMM_WORLD, &request);
    complete(request);
    std::vector<int> displs(static_cast<std::size_t>(m_size), 0);
    long long total = 0;
    for (int r = 0; r < m_size; ++r) {
        displs[std::size_t(r)] = static_cast<int>(total);
        total += sizes[std::size_t(r)];
    }
    QByteArray all(m_rank == 0 ? static_cast<qsizetype>(total) : 0, '\0');
    MPI_Igatherv(bytes.constData(), mine, MPI_BYTE, all.data(), sizes.data(), displs.data(),
                 MPI_BYTE, 0, MPI_COMM_WORLD, &request);
    complete(request);
    QList<QByteArray> out;
    if (m_rank == 0)
        for (int r = 0; r < m_size; ++r)
            out.append(all.mid(displs[std::size_t(r)], sizes[std::size_t(r)]));
    return out;
}

#else // no MPI in this build

bool builtIn() {
    return false;
}

QString libraryVersion() {
    return QStringLiteral("none (built without MPI)");
}

std::unique_ptr<Comm> Comm::init(QString* why) {
    if (why)
        *why = QStringLiteral(
            "this pusher-cli was built without MPI support (libopenmpi-dev was not found when "
            "it was built), so it cannot run distributed: install libopenmpi-dev (or run "
            "scripts/install-deps.sh) and rebuild");
    return nullptr;
}

// Without MPI no Comm is ever made (init returns none); these only keep the linker content.
struct Comm::Pending {};
Comm::Comm() = default;
Comm::~Comm() = default;
void Comm::post(const QByteArray&) {}
bool Comm::sendsDone() {
    return true;
}
bool Comm::receive(int*, QByteArray*) {
    return false;
}
QByteArray Comm::broadcast(const QByteArray& bytes) {
    return bytes;
}
std::int64_t Comm::broadcast(std::int64_t value) {
    return value;
}
std::int64_t Comm::maxOf(std::int64_t value) {
    return value;
}
std::int64_t Comm::clockOffsetNs() {
    return 0;
}
void Comm::barrier() {}
QList<QByteArray> Comm::gather(const QByteArray& bytes) {
    return {bytes};
}

#endif

} // namespace pusher::dist
