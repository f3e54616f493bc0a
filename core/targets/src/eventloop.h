// EventLoop: one thread running epoll with a timer heap, shared by the TCP target and the
// sandbox server. Internal to pusher_targets.
#pragma once

#include <pusher/clock.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <queue>
#include <thread>
#include <unordered_map>
#include <vector>

namespace pusher::targets {

// IoHandler receives the epoll events of one watched file descriptor on the loop thread.
class IoHandler {
public:
    virtual ~IoHandler() = default;
    virtual void onEvents(std::uint32_t events) = 0;
};

// EventLoop runs an epoll loop on its own thread. post() may be called from any thread;
// everything else (watch, timers) only from the loop thread, i.e. from posted functions,
// timer callbacks and IoHandlers.
class EventLoop {
public:
    EventLoop();
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // start launches the loop thread; false when the kernel refused an epoll/eventfd/timerfd.
    // The thread holds `keepAlive` until it ends, so an owner may stop the loop from inside
    // one of its callbacks (the thread is then detached and finishes on its own).
    bool start(std::shared_ptr<void> keepAlive = {});
    // stop runs `last` on the loop thread (to release what it owns) and joins it.
    void stop(std::function<void()> last = {});
    // post runs `fn` on the loop thread soon; functions run in the order posted.
    void post(std::function<void()> fn);
    [[nodiscard]] bool inLoop() const { return std::this_thread::get_id() == m_threadId.load(); }

    bool watch(int fd, std::uint32_t events, IoHandler* handler);
    bool modify(int fd, std::uint32_t events, IoHandler* handler);
    void unwatch(int fd);

    // addTimer runs `fn` on the loop thread at `when`; returns an id for cancelTimer.
    std::uint64_t addTimer(TimePoint when, std::function<void()> fn);
    void cancelTimer(std::uint64_t id);
    [[nodiscard]] std::size_t timerCount() const { return m_timers.size(); }

private:
    void run();
    void armTimerFd();
    void fireTimers();
    void drainPosted();

    int m_epoll = -1;
    int m_wake = -1;
    int m_timerFd = -1;
    std::thread m_thread;
    std::atomic<std::thread::id> m_threadId{};
    std::atomic<bool> m_stopping{false};

    std::mutex m_postMutex;
    std::vector<std::function<void()>> m_posted; // guarded by m_postMutex
    bool m_wakePending = false;                  // guarded by m_postMutex

    struct Due {
        TimePoint when;
        std::uint64_t id;
        bool operator>(const Due& o) const {
            return when > o.when || (when == o.when && id > o.id);
        }
    };
    std::priority_queue<Due, std::vector<Due>, std::greater<>> m_heap;
    std::unordered_map<std::uint64_t, std::function<void()>> m_timers;
    std::uint64_t m_nextTimer = 1;
    TimePoint m_armed = TimePoint::max();
};

} // namespace pusher::targets
