// pusher-bench-synthetic: drives a synthetic target at a constant rate and reports how
// many ticks started a call, the peak in flight and the process CPU per call.
// usage: pusher-bench-synthetic [rps=50000] [seconds=5] [latency-ms=200]
#include <pusher/pusher.h>
#include <pusher/targets/synthetic.h>

#include <sys/resource.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace {
double cpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}
} // namespace

int main(int argc, char** argv) {
    const double rps = argc > 1 ? std::atof(argv[1]) : 50000;
    const double seconds = argc > 2 ? std::atof(argv[2]) : 5;
    const int latencyMs = argc > 3 ? std::atoi(argv[3]) : 200;
    pusher::SyntheticOptions o;
    o.fixed = std::chrono::milliseconds(latencyMs);
    auto worker =
        pusher::hire("synthetic", pusher::makeSyntheticTarget(o), pusher::withOvertime(1'000'000));
    auto [ctx, cancel] = pusher::withTimeout(
        pusher::Context::background(),
        std::chrono::duration_cast<pusher::Duration>(std::chrono::duration<double>(seconds)));
    std::atomic<bool> done{false};
    std::uint64_t peak = 0;
    std::thread watch([&] {
        while (!done.load()) {
            peak = std::max(peak, worker->stats().inFlight);
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });
    const double cpu0 = cpuSeconds();
    worker->work(ctx, rps);
    const double cpu = cpuSeconds() - cpu0;
    done.store(true);
    watch.join();
    const pusher::Stats s = worker->stats();
    std::printf(
        "rps %.0f for %.1f s, latency %d ms: ticks %llu started %llu canceled %llu completed %llu, "
        "peak in flight %llu, CPU %.2f us/call\n",
        rps, seconds, latencyMs, static_cast<unsigned long long>(s.ticks),
        static_cast<unsigned long long>(s.started), static_cast<unsigned long long>(s.canceled),
        static_cast<unsigned long long>(s.completed), static_cast<unsigned long long>(peak),
        cpu * 1e6 / static_cast<double>(std::max<std::uint64_t>(s.started, 1)));
    return s.canceled == 0 ? 0 : 1;
}
