#include "eventloop.h"

#include <pusher/threadname.h>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

namespace pusher::targets {

namespace {
// The timer fd marks itself with this handler pointer value; the wake fd with nullptr.
IoHandler* const kTimerTag = reinterpret_cast<IoHandler*>(std::uintptr_t{1});
} // namespace

EventLoop::EventLoop() = default;

EventLoop::~EventLoop() {
    stop();
}

bool EventLoop::start(std::shared_ptr<void> keepAlive) {
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    m_timerFd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (m_epoll < 0 || m_wake < 0 || m_timerFd < 0)
        return false;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = nullptr;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &ev);
    ev.data.ptr = kTimerTag;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_timerFd, &ev);
    m_thread = std::thread([this, keepAlive = std::move(keepAlive)]() mutable {
        nameThisThread("pusher-loop");
        run();
        keepAlive.reset(); // may destroy the owner, and this loop with it
    });
    return true;
}

void EventLoop::stop(std::function<void()> last) {
    if (m_thread.joinable()) {
        if (last)
            post(std::move(last));
        post([this] { m_stopping.store(true); });
        if (std::this_thread::get_id() == m_thread.get_id()) {
            m_thread.detach(); // the last owner went away inside a callback of this loop
            return;            // the descriptors close when the loop's keepAlive lets go
        }
        m_thread.join();
    }
    for (int* fd : {&m_epoll, &m_wake, &m_timerFd}) {
        if (*fd >= 0)
            ::close(*fd);
        *fd = -1;
    }
}

void EventLoop::post(std::function<void()> fn) {
    bool wake = false;
    {
        std::lock_guard lock(m_postMutex);
        m_posted.push_back(std::move(fn));
        if (!m_wakePending) {
            m_wakePending = true;
            wake = true;
        }
    }
    if (wake) {
        std::uint64_t one = 1;
        [[maybe_unused]] auto n = ::write(m_wake, &one, sizeof one);
    }
}

bool EventLoop::watch(int fd, std::uint32_t events, IoHandler* handler) {
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = handler;
    return epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev) == 0;
}

bool EventLoop::modify(int fd, std::uint32_t events, IoHandler* handler) {
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = handler;
    return epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev) == 0;
}

void EventLoop::unwatch(int fd) {
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
}

std::uint64_t EventLoop::addTimer(TimePoint when, std::function<void()> fn) {
    const std::uint64_t id = m_nextTimer++;
    m_timers.emplace(id, std::move(fn));
    m_heap.push({when, id});
    if (when < m_armed)
        armTimerFd();
    return id;
}

void EventLoop::cancelTimer(std::uint64_t id) {
    m_timers.erase(id); // the heap entry is skipped when it comes up
}

void EventLoop::armTimerFd() {
    while (!m_heap.empty() && !m_timers.contains(m_heap.top().id))
        m_heap.pop();
    itimerspec spec{};
    if (m_heap.empty()) {
        m_armed = TimePoint::max();
    } else {
        m_armed = m_heap.top().when;
        const auto ns =
            std::chrono::duration_cast<std::chrono::nanoseconds>(m_armed.time_since_epoch())
                .count();
        // steady_clock is CLOCK_MONOTONIC on Linux; 0 would disarm, so at least 1 ns.
        spec.it_value.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
        spec.it_value.tv_nsec = static_cast<long>(ns % 1'000'000'000);
        if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0)
            spec.it_value.tv_nsec = 1;
    }
    timerfd_settime(m_timerFd, TFD_TIMER_ABSTIME, &spec, nullptr);
}

void EventLoop::fireTimers() {
    const TimePoint now = Clock::now();
    while (!m_heap.empty() && m_heap.top().when <= now) {
        const std::uint64_t id = m_heap.top().id;
        m_heap.pop();
        auto it = m_timers.find(id);
        if (it == m_timers.end())
            continue;
        auto fn = std::move(it->second);
        m_timers.erase(it);
        fn();
    }
    armTimerFd();
}

void EventLoop::drainPosted() {
    // Consume the wake-up before taking the batch: a post() that lands after the swap then
    // finds m_wakePending false and writes a fresh wake-up. (Reading after the swap could
    // swallow that write and leave its function waiting for a wake that never comes.)
    std::uint64_t count = 0;
    [[maybe_unused]] auto n = ::read(m_wake, &count, sizeof count);
    std::vector<std::function<void()>> batch;
    {
        std::lock_guard lock(m_postMutex);
        batch.swap(m_posted);
        m_wakePending = false;
    }
    for (auto& fn : batch)
        fn();
}

void EventLoop::run() {
    m_threadId.store(std::this_thread::get_id());
    epoll_event events[256];
    while (!m_stopping.load()) {
        const int n = epoll_wait(m_epoll, events, 256, -1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        bool timers = false;
        bool posted = false;
        for (int i = 0; i < n; ++i) {
            auto* handler = static_cast<IoHandler*>(events[i].data.ptr);
            if (handler == nullptr)
                posted = true;
            else if (handler == kTimerTag)
                timers = true;
            else
                handler->onEvents(events[i].events);
        }
        if (timers) {
            std::uint64_t expirations = 0;
            [[maybe_unused]] auto r = ::read(m_timerFd, &expirations, sizeof expirations);
            fireTimers();
        }
        if (posted)
            drainPosted();
    }
    drainPosted(); // run what was posted with the stop, e.g. the owner's cleanup
}

} // namespace pusher::targets
