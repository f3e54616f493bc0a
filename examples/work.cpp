// work: hire one worker and run it at 10 rps for 2 seconds.
#include <pusher/pusher.h>

#include <atomic>
#include <cstdio>
#include <random>
#include <thread>

using namespace std::chrono_literals;

int main() {
    std::atomic<int> calls{0};
    // Any callable taking the call's context is a Target; here a call takes 5–25 ms.
    auto target = [&](const pusher::Context& ctx) -> pusher::Outcome {
        thread_local std::mt19937 rng{std::random_device{}()};
        ctx.waitFor(std::chrono::milliseconds(5 + rng() % 20));
        return {calls.fetch_add(1) + 1, {}};
    };
    pusher::Error err = pusher::work(10, 2s, target);
    std::printf("work: %d calls, ended with \"%s\"\n", calls.load(), err.message().c_str());
    return err.is(pusher::ErrDeadlineExceeded) && calls.load() >= 15 ? 0 : 1;
}
