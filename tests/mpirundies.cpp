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
// and then exits 143.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
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
    for (int i = 1; results && i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--json") == 0) {
            std::ifstream from(results, std::ios::binary);
            std::ofstream(argv[i + 1], std::ios::binary) << from.rdbuf();
            break;
        }
    if (std::getenv("MPIRUN_FAKE_HANG"))
        return sigtimedwait(&term, nullptr, &wait) == SIGTERM ? 143 : 9;
    std::signal(SIGPIPE, SIG_DFL);
    std::raise(SIGPIPE);
    return 8; // not reached
}
