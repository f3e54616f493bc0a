// Shared test helpers for the engine tests: listeners and targets built on std primitives
// only, so that ThreadSanitizer sees every hand-off.
#pragma once

#include <pusher/pusher.h>

#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define PUSHER_TEST_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PUSHER_TEST_SANITIZED 1
#endif
#ifdef PUSHER_TEST_SANITIZED
// From the sanitizer runtime (ASan and TSan both have it); GCC ships no header for it.
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#else
#include <malloc.h>
#endif

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
            if (m_delay.count() > 0) // a slow listener: its slowness is what is tested
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
    // count is the ticks heard at `when` (a bulk Canceled gossip stands for several).
    std::size_t count(pusher::When when) const {
        std::size_t n = 0;
        for (const auto& g : all())
            n += g.when == when ? g.ticks() : 0;
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

// sanitized is true in ASan and TSan builds, which run 2-15 times slower.
inline constexpr bool sanitized =
#ifdef PUSHER_TEST_SANITIZED
    true;
#else
    false;
#endif

// scaled is the loop count of a stress test: `n` in a plain build, n / 10 under a sanitizer,
// times PUSHER_STRESS_SCALE when set (e.g. 0.1 on a slow machine, 10 to search harder).
inline int scaled(int n) {
    double factor = sanitized ? 0.1 : 1.0;
    if (const char* env = std::getenv("PUSHER_STRESS_SCALE"))
        factor *= std::atof(env);
    return std::max(1, static_cast<int>(n * factor));
}

// heapInUse is the bytes the allocator has handed out and not got back.
inline std::size_t heapInUse() {
#ifdef PUSHER_TEST_SANITIZED
    return __sanitizer_get_current_allocated_bytes();
#else
    const struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
#endif
}

// Counter counts the Gossip of each listen() call (the last run's and the total), without
// keeping it: for stress loops of thousands of runs.
class Counter final : public pusher::Gossiper {
public:
    struct Counts {
        std::uint64_t before = 0;
        std::uint64_t after = 0;
        std::uint64_t canceled = 0;
    };
    void listen(const pusher::Context&, pusher::Worker&, pusher::GossipStream& stream) override {
        Counts run;
        pusher::Gossip g;
        while (stream.next(g)) {
            if (g.beforeTarget())
                ++run.before;
            else if (g.afterTarget())
                ++run.after;
            else
                ++run.canceled;
        }
        std::lock_guard lock(m_mutex);
        m_last = run;
        m_total.before += run.before;
        m_total.after += run.after;
        m_total.canceled += run.canceled;
    }
    void stop() override {}
    Counts last() const {
        std::lock_guard lock(m_mutex);
        return m_last;
    }
    Counts total() const {
        std::lock_guard lock(m_mutex);
        return m_total;
    }

private:
    mutable std::mutex m_mutex;
    Counts m_last;
    Counts m_total;
};

// threadId is the calling thread's kernel id, for waitBlocked().
inline pid_t threadId() {
    return static_cast<pid_t>(::syscall(SYS_gettid));
}

// Blocked is what waitBlocked() saw of a thread.
enum class Blocked {
    InFutex, // asleep in a futex wait: a condition variable's, a mutex's
    Gone,    // the thread has ended
    Running, // neither, by the deadline
};

// blockedNow reads /proc/self/task/<tid>: the thread's state (after the ')' ending its name
// in stat) and the system call it is in (the first field of syscall, "running" outside one).
inline Blocked blockedNow(pid_t tid) {
    const std::string dir = "/proc/self/task/" + std::to_string(tid) + "/";
    std::ifstream stat(dir + "stat");
    std::string line;
    if (!stat || !std::getline(stat, line))
        return Blocked::Gone;
    const std::size_t close = line.rfind(')');
    const char state =
        close != std::string::npos && close + 2 < line.size() ? line[close + 2] : '?';
    std::ifstream sys(dir + "syscall");
    long number = -1;
    if (state != 'S' || !(sys >> number))
        return Blocked::Running;
    return number == SYS_futex ? Blocked::InFutex : Blocked::Running;
}

// waitBlocked waits, up to `timeout`, until thread `tid` sleeps in a futex wait (blocked on a
// condition variable or a lock) or has ended, and says which; Blocked::Running when neither
// happened by then. A test uses it instead of a sleep that hopes another thread got there.
inline Blocked waitBlocked(pid_t tid, std::chrono::milliseconds timeout = 30s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const Blocked now = blockedNow(tid);
        if (now != Blocked::Running || std::chrono::steady_clock::now() >= until)
            return now;
        std::this_thread::sleep_for(1ms); // the poll's period
    }
}

// pollUntil polls `condition` every millisecond until it holds or `timeout` passes; returns
// whether it held. For threads that cannot use QTRY_* (it needs the test's own thread).
template <typename Condition>
bool pollUntil(Condition condition, std::chrono::milliseconds timeout = 30s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= until)
            return condition();
        std::this_thread::sleep_for(1ms); // the poll's period
    }
    return true;
}

inline double seconds(pusher::Duration d) {
    return std::chrono::duration<double>(d).count();
}

} // namespace testing
