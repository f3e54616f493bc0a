// pusher-sandbox: runs the sandbox HTTP server on 127.0.0.1 until SIGINT, SIGTERM or SIGHUP.
// usage: pusher-sandbox [--port N] [--threads N] | --version | --help
#include <pusher/targets/sandbox.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

// kUsage names the program as installed, not by the path it was started with (argv[0],
// "bin/pusher-sandbox"): the man page is made from --help (cmake/manpage.cmake).
constexpr const char* kUsage =
    "usage: pusher-sandbox [--port N] [--threads N] | --version | --help";

// number reads a whole decimal number from min to max; false for anything else ("abc",
// "80x", "", out of range), which atoi took as 0 or a prefix.
bool number(const char* text, long min, long max, long* value) {
    char* end = nullptr;
    errno = 0;
    const long v = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || errno != 0 || v < min || v > max)
        return false;
    *value = v;
    return true;
}

} // namespace

int main(int argc, char** argv) {
    long port = 0;
    long threads = 2;
    for (int i = 1; i < argc; ++i) {
        const bool isPort = std::strcmp(argv[i], "--port") == 0;
        const bool isThreads = std::strcmp(argv[i], "--threads") == 0;
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::printf("%s\n"
                        "Serves the sandbox HTTP server (docs/sandbox.md) on 127.0.0.1 until "
                        "SIGINT, SIGTERM or SIGHUP.\n"
                        "  --port N       port, 0 to 65535 (default 0: a free one)\n"
                        "  --threads N    I/O threads, 1 to 64 (default 2)\n"
                        "  -v, --version  print the version and exit\n"
                        "  -h, --help     print this help and exit\n",
                        kUsage);
            return 0;
        }
        // As pusher --version and pusher-cli --version: the name and the package's version.
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0) {
            std::printf("pusher-sandbox %s\n", PUSHER_VERSION);
            return 0;
        }
        if ((isPort || isThreads) && i + 1 < argc) {
            const char* value = argv[++i];
            if (isPort ? !number(value, 0, 65535, &port) : !number(value, 1, 64, &threads)) {
                std::fprintf(stderr, "pusher-sandbox: %s \"%s\" is not a number from %s\n",
                             argv[i - 1], value, isPort ? "0 to 65535" : "1 to 64");
                return 2;
            }
        } else {
            // Named: which option, and why (a value missing, not an option of ours, or no option).
            if (isPort || isThreads)
                std::fprintf(stderr, "pusher-sandbox: %s needs a value (a number from %s)\n",
                             argv[i], isPort ? "0 to 65535" : "1 to 64");
            else if (argv[i][0] == '-')
                std::fprintf(stderr, "pusher-sandbox: unknown option '%s'\n", argv[i]);
            else
                std::fprintf(stderr, "pusher-sandbox: unexpected argument '%s' (it takes none)\n",
                             argv[i]);
            std::fprintf(stderr, "%s\n", kUsage);
            return 2;
        }
    }
    // Block the stop signals before any thread starts, then wait for one of them.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    // A closed terminal stops it as Ctrl-C does, with its count, as pusher-cli sandbox (it
    // was killed by the signal's default action: exit 129, nothing said).
    sigaddset(&stopSignals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    pusher::SandboxServer server;
    if (!server.start(static_cast<quint16>(port), static_cast<int>(threads))) {
        std::fprintf(stderr, "pusher-%s\n", qPrintable(server.errorString())); // "sandbox: …"
        return 1;
    }
    std::printf("%s\n", qPrintable(server.url()));
    std::fflush(stdout);
    int received = 0;
    sigwait(&stopSignals, &received);
    server.stop();
    std::fprintf(stderr, "pusher-sandbox: %llu requests on %llu connections\n",
                 static_cast<unsigned long long>(server.requestCount()),
                 static_cast<unsigned long long>(server.connectionCount()));
    return 0;
}
