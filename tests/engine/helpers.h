// Shared test helpers for the engine tests: listeners and targets built on std primitives
// only, so that ThreadSanitizer sees every hand-off.
#pragma once

#include <pusher/pusher.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace testing {

using namespace std::chrono_literals;

// Collector keeps every Gossip it hears, per listen() call, and counts stop() calls.
class Collector final : public pusher::Gossiper {
public:
    explicit Collector(std::chrono::microseconds delayPerEvent = 0us)
        : m_delay(delayPerEvent) {}

    void listen(const pusher::Context&, pusher::Worker& worker,
                pusher::GossipStream& stream) override {
        std::vector<pusher::Gossip> mine;
        pusher::Gossip g;
        while (stream.next(g)) {
            if (m_delay.count() > 0)
                std::this_thread::sleep_for(m_delay);
            mine.push_back(g);
        }
        std::lock_guard lock(m_mutex);
        m_idents.push_back(worker.toString());
        m_runs.push_back(std::move(mine));
    }
    void stop() override { m_stops.fetch_add(1); }

    std::vector<pusher::Gossip> all() const {
        std::lock_guard lock(m_mutex);
        std::vector<pusher::Gossip> out;
        for (const auto& run : m_runs)
            out.insert(out.end(), run.begin(), run.end());
        return out;
    }
    std::vector<std::vector<pusher::Gossip>> runs() const {
        std::lock_guard lock(m_mutex);
        return m_runs;
    }
    std::vector<std::string> idents() const {
        std::lock_guard lock(m_mutex);
        return m_idents;
    }
    std::size_t count(pusher::When when) const {
        std::size_t n = 0;
        for (const auto& g : all())
            n += g.when == when ? 1 : 0;
        return n;
    }
    int stops() const { return m_stops.load(); }

private:
    std::chrono::microseconds m_delay;
    mutable std::mutex m_mutex;
    std::vector<std::vector<pusher::Gossip>> m_runs;
    std::vector<std::string> m_idents;
    std::atomic<int> m_stops{0};
};

// Concurrency measures how many calls of a target run at once.
struct Concurrency {
    std::atomic<int> now{0};
    std::atomic<int> peak{0};
    std::atomic<int> calls{0};
    void enter() {
        calls.fetch_add(1);
        int n = now.fetch_add(1) + 1;
        int p = peak.load();
        while (n > p && !peak.compare_exchange_weak(p, n)) {
        }
    }
    void leave() { now.fetch_sub(1); }
};

// sleeper is a blocking target that sleeps `d` (waking early when its context ends).
inline pusher::Target sleeper(std::chrono::milliseconds d, Concurrency* c = nullptr) {
    return [d, c](const pusher::Context& ctx) -> pusher::Outcome {
        if (c)
            c->enter();
        ctx.waitFor(d);
        if (c)
            c->leave();
        return {};
    };
}

inline double seconds(pusher::Duration d) {
    return std::chrono::duration<double>(d).count();
}

} // namespace testing
