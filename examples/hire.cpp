// hire: a worker with a custom Gossiper that collects metrics: calls, errors, canceled,
// mean and max latency (service time) and response time from the intended tick time.
#include <pusher/pusher.h>

#include <algorithm>
#include <cstdio>
#include <random>

using namespace std::chrono_literals;

class Metrics final : public pusher::Gossiper {
public:
    void listen(const pusher::Context&, pusher::Worker&, pusher::GossipStream& stream) override {
        pusher::Gossip g;
        while (stream.next(g)) {
            switch (g.when) {
            case pusher::When::BeforeTarget:
                break;
            case pusher::When::AfterTarget:
                ++calls;
                errors += g.error ? 1 : 0;
                serviceSum += g.serviceTime();
                serviceMax = std::max(serviceMax, g.serviceTime());
                responseMax = std::max(responseMax, g.responseTime());
                break;
            case pusher::When::Canceled:
                canceled += g.ticks(); // a bulk cancel stands for several ticks
                break;
            }
        }
    }
    // stop runs after the stream ended: print the summary.
    void stop() override {
        auto ms = [](pusher::Duration d) {
            return std::chrono::duration<double, std::milli>(d).count();
        };
        std::printf("calls %llu errors %llu canceled %llu | service mean %.2f ms max %.2f ms | "
                    "response max %.2f ms\n",
                    calls, errors, canceled,
                    calls ? ms(serviceSum) / static_cast<double>(calls) : 0.0, ms(serviceMax),
                    ms(responseMax));
    }
    unsigned long long calls = 0, errors = 0, canceled = 0;
    pusher::Duration serviceSum{}, serviceMax{}, responseMax{};
};

int main() {
    auto metrics = std::make_shared<Metrics>();
    auto target = [](const pusher::Context& ctx) -> pusher::Outcome {
        thread_local std::mt19937 rng{42};
        ctx.waitFor(std::chrono::milliseconds(rng() % 40));
        if (rng() % 10 == 0)
            return {{}, pusher::Error("unlucky")};
        return {"ok", {}};
    };
    auto worker =
        pusher::hire("metered", target, pusher::withGossips(metrics), pusher::withOvertime(3));
    auto [ctx, cancel] = pusher::withTimeout(pusher::Context::background(), 2s);
    pusher::Error err = worker->work(ctx, 100);
    std::printf("%s ended with \"%s\"\n", worker->toString().c_str(), err.message().c_str());
    return err.is(pusher::ErrDeadlineExceeded) && metrics->calls > 0 && metrics->canceled > 0 ? 0
                                                                                              : 1;
}
