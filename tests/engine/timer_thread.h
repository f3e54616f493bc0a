// TimerThread runs callbacks after a delay on one thread: an event-loop stand-in built on
// std primitives, used to drive asynchronous targets in tests.
#pragma once

#include <pusher/clock.h>

#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace testing {

class TimerThread {
public:
    TimerThread()
        : m_thread([this] { loop(); }) {}
    ~TimerThread() {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_cv.notify_one();
        m_thread.join();
    }

    void after(pusher::Duration delay, std::function<void()> fn) {
        {
            std::lock_guard lock(m_mutex);
            m_due.emplace(pusher::Clock::now() + delay, std::move(fn));
        }
        m_cv.notify_one();
    }

private:
    void loop() {
        std::unique_lock lock(m_mutex);
        while (!m_stop || !m_due.empty()) {
            if (m_due.empty()) {
                m_cv.wait(lock);
                continue;
            }
            auto first = m_due.begin();
            if (!m_stop && pusher::Clock::now() < first->first) {
                m_cv.wait_until(lock, first->first);
                continue;
            }
            auto fn = std::move(first->second);
            m_due.erase(first);
            lock.unlock();
            fn();
            lock.lock();
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::multimap<pusher::TimePoint, std::function<void()>> m_due;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace testing
