// farm: three differently configured workers run in parallel for 2 seconds.
#include <pusher/pusher.h>

#include <cstdio>

using namespace std::chrono_literals;

int main() {
    auto fast = [](const pusher::Context&) { return std::string("pong"); };
    auto slow = [](const pusher::Context& ctx) { ctx.waitFor(400ms); };
    auto flaky = [n = std::make_shared<std::atomic<int>>(0)](const pusher::Context&) {
        return (n->fetch_add(1) % 3 == 0) ? pusher::Error("flake") : pusher::Error();
    };
    std::vector<pusher::WorkerPtr> workers{
        pusher::hire("fast", fast),
        pusher::hire("slow", slow,
                     pusher::withOvertime(5)), // ticks beyond 5 in flight are Canceled
        pusher::hire("flaky", flaky),
    };
    pusher::Error err = pusher::farm(20, 2s, workers);
    for (const auto& w : workers) {
        auto s = w->stats();
        std::printf("%-6s ticks %3llu started %3llu canceled %3llu\n", w->toString().c_str(),
                    static_cast<unsigned long long>(s.ticks),
                    static_cast<unsigned long long>(s.started),
                    static_cast<unsigned long long>(s.canceled));
    }
    std::printf("farm ended with \"%s\"\n", err.message().c_str());
    return err.is(pusher::ErrDeadlineExceeded) && workers[1]->stats().canceled > 0 ? 0 : 1;
}
