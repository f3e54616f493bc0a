// mpirun-dies-on-stop: a stand-in for mpirun that dies of SIGPIPE once it gets the stop, as
// the real one does, now and then, when the stop kills a rank still loading (mpirun then
// writes to a pipe of that rank's as it ends the job). tst_mpi and tst_mpiapp name it in
// PUSHER_MPIRUN to check that pusher-cli run --mpi and the app keep such a run as the stop
// it is.
//
// It creates the file MPIRUN_FAKE_STARTED names once it can take the stop, waits (60 s at
// most, then exits 9) for SIGUSR1, copies the file MPIRUN_FAKE_RESULTS names (when set: the
// results rank 0 wrote) to the path after --json on its command line, and dies of SIGPIPE.
// With MPIRUN_FAKE_HANG set it hangs instead, as mpirun did once, until SIGTERM (60 s at most),
// and then exits 143. With MPIRUN_FAKE_STREAM set, it first copies that file (rank 0's live
// stream) to the --json path + ".timeline.jsonl", its "started_at" placeholder STARTED_AT
// replaced by the time now (UTC), as a rank 0 that began the run would have left it.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <string>

int main(int argc, char** argv) {
    // Started with SIGUSR1 ignored (an ignored signal is dropped): blocked and back to its
    // default, it is kept pending for sigtimedwait.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGUSR1);
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    sigset_t both = stop;
    sigaddset(&both, SIGTERM);
    sigprocmask(SIG_BLOCK, &both, nullptr);
    std::signal(SIGUSR1, SIG_DFL);
    if (const char* started = std::getenv("MPIRUN_FAKE_STARTED"))
        std::ofstream(started) << "started\n";
    const timespec wait{60, 0};
    if (sigtimedwait(&stop, nullptr, &wait) != SIGUSR1)
        return 9;
    const char* results = std::getenv("MPIRUN_FAKE_RESULTS");
    const char* stream = std::getenv("MPIRUN_FAKE_STREAM");
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--json") == 0) {
            if (stream) {
                std::ifstream from(stream, std::ios::binary);
                std::string text((std::istreambuf_iterator<char>(from)),
                                 std::istreambuf_iterator<char>());
                char now[32];
                const std::time_t t = std::time(nullptr);
                std::tm utc{};
                gmtime_r(&t, &utc);
                std::strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%S.000Z", &utc);
                if (const auto at = text.find("STARTED_AT"); at != std::string::npos)
                    text.replace(at, 10, now);
                std::ofstream(std::string(argv[i + 1]) + ".timeline.jsonl", std::ios::binary)
                    << text;
            }
            if (results) {
                std::ifstream from(results, std::ios::binary);
                std::ofstream(argv[i + 1], std::ios::binary) << from.rdbuf();
            }
            break;
        }
    if (std::getenv("MPIRUN_FAKE_HANG"))
        return sigtimedwait(&term, nullptr, &wait) == SIGTERM ? 143 : 9;
    std::signal(SIGPIPE, SIG_DFL);
    std::raise(SIGPIPE);
    return 8; // not reached
}
