// pusher-sandbox: runs the sandbox HTTP server on 127.0.0.1 until SIGINT or SIGTERM.
// usage: pusher-sandbox [--port N] [--threads N]
#include <pusher/targets/sandbox.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char** argv) {
    int port = 0;
    int threads = 2;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
            port = std::atoi(argv[++i]);
        } else if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            threads = std::atoi(argv[++i]);
        } else {
            std::fprintf(stderr, "usage: %s [--port N] [--threads N]\n", argv[0]);
            return 2;
        }
    }
    if (port < 0 || port > 65535) {
        std::fprintf(stderr, "pusher-sandbox: --port %d is not a port number\n", port);
        return 2;
    }
    // Block the stop signals before any thread starts, then wait for one of them.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    pusher::SandboxServer server;
    if (!server.start(static_cast<quint16>(port), threads)) {
        std::fprintf(stderr, "pusher-sandbox: %s\n", qPrintable(server.errorString()));
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
