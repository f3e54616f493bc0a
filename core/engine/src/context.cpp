#include "pusher/context.h"

#include "pusher/threadname.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace pusher {

namespace {

using Hooks = std::map<std::uint64_t, std::function<void()>>;
// A deadline timer entry: the deadline and a number that makes it unique.
using TimerKey = std::pair<TimePoint, std::uint64_t>;

// HookRunner runs the onDone hooks of Contexts that ended by their deadline, so that the
// deadline timer (one thread for the process) never runs user code: a hook that blocks
// (an asynchronous call completing into a full stream, say) holds one of these threads,
// never another Context's deadline. A thread is added when a batch of hooks waits and no
// thread is free; a thread idle for kIdle exits (one stays). Never destroyed: Contexts may
// end during static destruction.
class HookRunner {
public:
    static HookRunner& instance() {
        static HookRunner* runner = new HookRunner; // NOLINT: lives as long as the process
        return *runner;
    }

    void post(std::function<void()> task) {
        bool spawn = false;
        bool wake = false;
        {
            std::lock_guard lock(m_mutex);
            m_tasks.push_back(std::move(task));
            if (m_idle > m_waking) {
                ++m_waking;
                wake = true;
            } else if (m_starting == 0 && m_threads < kMaxThreads) {
                ++m_threads;
                ++m_starting;
                spawn = true;
            }
        }
        if (wake)
            m_cv.notify_one();
        if (spawn)
            std::thread([this] {
                nameThisThread("pusher-ctx-hook");
                loop();
            }).detach();
    }

private:
    static constexpr int kMaxThreads = 256;
    static constexpr std::chrono::seconds kIdle{10};

    void loop() {
        std::unique_lock lock(m_mutex);
        --m_starting;
        for (;;) {
            while (m_tasks.empty()) {
                ++m_idle;
                const bool woken = m_cv.wait_for(lock, kIdle, [this] { return !m_tasks.empty(); });
                --m_idle;
                if (m_waking > 0)
                    --m_waking;
                if (!woken && m_threads > 1) {
                    --m_threads;
                    return;
                }
            }
            std::function<void()> task = std::move(m_tasks.front());
            m_tasks.pop_front();
            lock.unlock();
            task();
            task = nullptr; // the hooks' captures go before the lock is taken again
            lock.lock();
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<std::function<void()>> m_tasks; // guarded by m_mutex
    int m_threads = 0;                         // guarded by m_mutex
    int m_idle = 0;                            // guarded by m_mutex
    int m_waking = 0;                          // guarded by m_mutex
    int m_starting = 0;                        // guarded by m_mutex
};

} // namespace

struct Context::State : std::enable_shared_from_this<Context::State> {
    std::optional<TimePoint> deadline; // set before the State is shared, then constant

    std::atomic<bool> isDone{false};
    std::mutex mutex;
    std::condition_variable cv;
    Error reason;                         // guarded by mutex
    Hooks hooks;                          // guarded by mutex
    std::uint64_t nextHook = 1;           // guarded by mutex
    std::shared_ptr<State> parent;        // guarded by mutex: set while registered there
    std::uint64_t parentRegistration = 0; // guarded by mutex: our hook's id in the parent
    TimerKey timerKey{};                  // guarded by mutex: our deadline timer entry, if any

    ~State();

    // end finishes the state with `why` unless it has ended already. The hooks run on this
    // thread, or, when `byDeadline`, on the HookRunner's (see there).
    void end(const Error& why, bool byDeadline);

    // expired ends the state when its deadline has passed; returns done.
    bool expired(TimePoint now) {
        if (isDone.load(std::memory_order_acquire))
            return true;
        if (deadline && now >= *deadline) {
            end(ErrDeadlineExceeded, true);
            return true;
        }
        return false;
    }
};

namespace {

// DeadlineTimer ends contexts whose deadline passes while nobody polls them, so that
// onDone hooks (and children) fire on time. One thread for the process, started lazily.
// A Context that ends otherwise (or is destroyed) removes its entry at once, so contexts
// with long timeouts that are canceled early do not pile up. It runs no user code (hooks
// go to the HookRunner), so nothing can hold up another Context's deadline. Never
// destroyed: Contexts may end during static destruction.
class DeadlineTimer {
public:
    static DeadlineTimer& instance() {
        static DeadlineTimer* timer = new DeadlineTimer; // NOLINT: lives as long as the process
        return *timer;
    }

    TimerKey add(TimePoint when, std::weak_ptr<Context::State> state) {
        bool first = false;
        TimerKey key;
        {
            std::lock_guard lock(m_mutex);
            if (!m_started) {
                m_started = true;
                std::thread([this] {
                    nameThisThread("pusher-deadline");
                    loop();
                }).detach();
            }
            key = TimerKey{when, ++m_nextKey};
            m_entries.emplace(key, std::move(state));
            // Only an entry due before the timer's wake-up changes it: a million contexts
            // with the same long timeout wake the timer thread once, not a million times.
            first = when < m_wakeAt;
            if (first)
                m_wakeAt = when;
        }
        if (first)
            m_cv.notify_one();
        return key;
    }

    void remove(const TimerKey& key) {
        std::lock_guard lock(m_mutex);
        m_entries.erase(key);
    }

    std::size_t size() {
        std::lock_guard lock(m_mutex);
        return m_entries.size();
    }

private:
    void loop() {
        std::unique_lock lock(m_mutex);
        for (;;) {
            if (m_entries.empty()) {
                m_wakeAt = TimePoint::max();
                m_cv.wait(lock);
                continue;
            }
            auto first = m_entries.begin();
            if (Clock::now() < first->first.first) {
                m_wakeAt = first->first.first;
                m_cv.wait_until(lock, m_wakeAt);
                continue;
            }
            m_wakeAt = TimePoint::min();
            auto state = first->second.lock();
            m_entries.erase(first);
            if (state) {
                lock.unlock();
                state->end(ErrDeadlineExceeded, true);
                state.reset(); // may destroy the State, which removes its (gone) entry
                lock.lock();
            }
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::map<TimerKey, std::weak_ptr<Context::State>> m_entries; // guarded by m_mutex
    std::uint64_t m_nextKey = 0;                                 // guarded by m_mutex
    TimePoint m_wakeAt = TimePoint::min(); // guarded by m_mutex: when the thread wakes next
    bool m_started = false;                // guarded by m_mutex
};

} // namespace

Context::State::~State() {
    // Nobody holds this Context any more: forget its timer entry and its hook in the parent,
    // which would otherwise keep this block allocated until the deadline or the parent's end.
    if (timerKey.second != 0)
        DeadlineTimer::instance().remove(timerKey);
    if (parent && parentRegistration != 0)
        Context(parent).removeOnDone(parentRegistration);
}

void Context::State::end(const Error& why, bool byDeadline) {
    Hooks run;
    std::shared_ptr<State> parentState;
    std::uint64_t registration = 0;
    TimerKey key{};
    {
        std::lock_guard lock(mutex);
        if (isDone.load(std::memory_order_relaxed))
            return;
        reason = why;
        isDone.store(true, std::memory_order_release);
        run.swap(hooks);
        parentState = std::move(parent);
        registration = std::exchange(parentRegistration, 0);
        key = std::exchange(timerKey, TimerKey{});
    }
    cv.notify_all();
    if (key.second != 0)
        DeadlineTimer::instance().remove(key);
    if (parentState && registration != 0)
        Context(parentState).removeOnDone(registration);
    if (run.empty())
        return;
    if (!byDeadline) {
        for (auto& [id, hook] : run)
            hook();
        return;
    }
    // The State stays alive while its hooks run (children's hooks read its reason).
    HookRunner::instance().post([self = shared_from_this(), run = std::move(run)]() mutable {
        for (auto& [id, hook] : run) {
            try {
                hook();
            } catch (...) {
                // A hook must not throw; one that does must not take down the runner.
            }
        }
    });
}

bool Context::done() const noexcept {
    if (!m_state)
        return false;
    if (m_state->isDone.load(std::memory_order_acquire))
        return true;
    return m_state->deadline && m_state->expired(Clock::now());
}

bool Context::doneAt(TimePoint now) const noexcept {
    if (!m_state)
        return false;
    if (m_state->isDone.load(std::memory_order_acquire))
        return true;
    return m_state->deadline && m_state->expired(now);
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
    Hooks::node_type removed; // the hook's captures are destroyed after the lock is released
    {
        std::lock_guard lock(m_state->mutex);
        removed = m_state->hooks.extract(id);
    }
}

std::pair<Context, CancelFunc> withCancel(const Context& parent) {
    return withDeadline(parent, TimePoint::max());
}

std::pair<Context, CancelCauseFunc> withCancelCause(const Context& parent) {
    Context child = withCancel(parent).first;
    std::weak_ptr<Context::State> weak = child.m_state;
    CancelCauseFunc cancelWith = [weak](const Error& why) {
        if (auto c = weak.lock())
            c->end(why ? why : ErrCanceled, false);
    };
    return {std::move(child), std::move(cancelWith)};
}

std::pair<Context, CancelFunc> withDeadline(const Context& parent, TimePoint deadline) {
    auto child = std::make_shared<Context::State>();
    if (deadline != TimePoint::max())
        child->deadline = deadline;
    if (parent.m_state && parent.m_state->deadline &&
        (!child->deadline || *parent.m_state->deadline < *child->deadline))
        child->deadline = parent.m_state->deadline;

    if (parent.m_state) {
        std::weak_ptr<Context::State> weak = child;
        const std::uint64_t id = parent.onDone([weak, parentState = parent.m_state.get()] {
            if (auto c = weak.lock()) {
                Error why;
                {
                    std::lock_guard lock(parentState->mutex);
                    why = parentState->reason;
                }
                c->end(why, why.is(ErrDeadlineExceeded));
            }
        });
        // The parent may end on another thread right now and run the hook: the
        // registration is recorded under the child's lock, and only while it lives.
        std::lock_guard lock(child->mutex);
        if (id != 0 && !child->isDone.load(std::memory_order_relaxed)) {
            child->parent = parent.m_state;
            child->parentRegistration = id;
        }
    }
    if (child->deadline) {
        std::lock_guard lock(child->mutex);
        if (!child->isDone.load(std::memory_order_relaxed))
            child->timerKey = DeadlineTimer::instance().add(*child->deadline, child);
    }

    std::weak_ptr<Context::State> weak = child;
    CancelFunc cancel = [weak] {
        if (auto c = weak.lock())
            c->end(ErrCanceled, false);
    };
    return {Context(std::move(child)), std::move(cancel)};
}

namespace detail {
std::size_t pendingDeadlines() {
    return DeadlineTimer::instance().size();
}
} // namespace detail

} // namespace pusher
