#include "pusher/context.h"

#include "pusher/threadname.h"

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace pusher {

struct Context::State : std::enable_shared_from_this<Context::State> {
    std::shared_ptr<State> parent;
    std::uint64_t parentRegistration = 0;
    std::optional<TimePoint> deadline;

    std::atomic<bool> isDone{false};
    std::mutex mutex;
    std::condition_variable cv;
    Error reason;                                         // guarded by mutex
    std::map<std::uint64_t, std::function<void()>> hooks; // guarded by mutex
    std::uint64_t nextHook = 1;                           // guarded by mutex

    // cancel ends the state with `why` unless it has ended already.
    void cancel(const Error& why) {
        std::map<std::uint64_t, std::function<void()>> run;
        {
            std::lock_guard lock(mutex);
            if (isDone.load(std::memory_order_relaxed))
                return;
            reason = why;
            isDone.store(true, std::memory_order_release);
            run.swap(hooks);
        }
        cv.notify_all();
        for (auto& [id, hook] : run)
            hook();
        if (parent && parentRegistration)
            Context(parent).removeOnDone(parentRegistration);
    }

    // expired ends the state when its deadline has passed; returns done.
    bool expired(TimePoint now) {
        if (isDone.load(std::memory_order_acquire))
            return true;
        if (deadline && now >= *deadline) {
            cancel(ErrDeadlineExceeded);
            return true;
        }
        return false;
    }
};

namespace {

// DeadlineTimer ends contexts whose deadline passes while nobody polls them, so that
// onDone hooks (and children) fire on time. One thread for the process, started lazily.
class DeadlineTimer {
public:
    static DeadlineTimer& instance() {
        static DeadlineTimer timer;
        return timer;
    }

    void add(TimePoint when, std::weak_ptr<Context::State> state) {
        {
            std::lock_guard lock(m_mutex);
            if (!m_thread.joinable())
                m_thread = std::thread([this] {
                    nameThisThread("pusher-deadline");
                    loop();
                });
            m_entries.emplace(when, std::move(state));
        }
        m_cv.notify_one();
    }

    ~DeadlineTimer() {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_cv.notify_one();
        if (m_thread.joinable())
            m_thread.join();
    }

private:
    void loop() {
        std::unique_lock lock(m_mutex);
        while (!m_stop) {
            if (m_entries.empty()) {
                m_cv.wait(lock);
                continue;
            }
            auto first = m_entries.begin();
            if (Clock::now() < first->first) {
                m_cv.wait_until(lock, first->first);
                continue;
            }
            auto state = first->second.lock();
            m_entries.erase(first);
            if (state) {
                lock.unlock();
                state->cancel(ErrDeadlineExceeded);
                state.reset();
                lock.lock();
            }
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::multimap<TimePoint, std::weak_ptr<Context::State>> m_entries;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace

bool Context::done() const noexcept {
    if (!m_state)
        return false;
    if (m_state->isDone.load(std::memory_order_acquire))
        return true;
    return m_state->deadline && m_state->expired(Clock::now());
}

Error Context::err() const {
    if (!done())
        return {};
    std::lock_guard lock(m_state->mutex);
    return m_state->reason;
}

std::optional<TimePoint> Context::deadline() const noexcept {
    return m_state ? m_state->deadline : std::nullopt;
}

bool Context::waitUntil(TimePoint until) const {
    if (!m_state) {
        std::this_thread::sleep_until(until);
        return false;
    }
    TimePoint limit = until;
    if (m_state->deadline && *m_state->deadline < limit)
        limit = *m_state->deadline;
    {
        std::unique_lock lock(m_state->mutex);
        m_state->cv.wait_until(lock, limit,
                               [this] { return m_state->isDone.load(std::memory_order_relaxed); });
    }
    return done();
}

void Context::wait() const {
    if (!m_state) {
        for (;;)
            std::this_thread::sleep_for(std::chrono::hours(24));
    }
    while (!waitUntil(Clock::now() + std::chrono::hours(24))) {
    }
}

std::uint64_t Context::onDone(std::function<void()> callback) const {
    if (!m_state)
        return 0; // the background never ends: the callback never runs
    {
        std::lock_guard lock(m_state->mutex);
        if (!m_state->isDone.load(std::memory_order_relaxed)) {
            std::uint64_t id = m_state->nextHook++;
            m_state->hooks.emplace(id, std::move(callback));
            return id;
        }
    }
    callback();
    return 0;
}

void Context::removeOnDone(std::uint64_t id) const {
    if (!m_state || id == 0)
        return;
    std::lock_guard lock(m_state->mutex);
    m_state->hooks.erase(id);
}

std::pair<Context, CancelFunc> withCancel(const Context& parent) {
    return withDeadline(parent, TimePoint::max());
}

std::pair<Context, CancelFunc> withDeadline(const Context& parent, TimePoint deadline) {
    auto child = std::make_shared<Context::State>();
    child->parent = parent.m_state;
    if (deadline != TimePoint::max())
        child->deadline = deadline;
    if (parent.m_state && parent.m_state->deadline &&
        (!child->deadline || *parent.m_state->deadline < *child->deadline))
        child->deadline = parent.m_state->deadline;

    if (parent.m_state) {
        std::weak_ptr<Context::State> weak = child;
        std::uint64_t id = parent.onDone([weak, parentState = parent.m_state.get()] {
            if (auto c = weak.lock()) {
                Error why;
                {
                    std::lock_guard lock(parentState->mutex);
                    why = parentState->reason;
                }
                c->cancel(why);
            }
        });
        if (id == 0) // the parent had already ended: the hook ran and canceled the child
            child->parent.reset();
        child->parentRegistration = id;
    }
    if (child->deadline)
        DeadlineTimer::instance().add(*child->deadline, child);

    std::weak_ptr<Context::State> weak = child;
    CancelFunc cancel = [weak] {
        if (auto c = weak.lock())
            c->cancel(ErrCanceled);
    };
    return {Context(std::move(child)), std::move(cancel)};
}

} // namespace pusher
