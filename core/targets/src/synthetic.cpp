#include "pusher/targets/synthetic.h"

#include "loopowner.h"

#include <pusher/threadname.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <iterator>
#include <memory>
#include <mutex>
#include <numbers>
#include <thread>
#include <vector>

namespace pusher {

namespace {

// kZ99 is the standard normal quantile at 0.99: p99 = median × exp(sigma × kZ99).
constexpr double kZ99 = 2.3263478740408408;
// kSweep is how often calls in flight are checked for a Context that ended.
constexpr auto kSweep = std::chrono::milliseconds(10);

double toSeconds(Duration d) {
    return std::chrono::duration<double>(d).count();
}

std::uint64_t splitMix(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

} // namespace

QString SyntheticOptions::validate() const {
    if (!(errorRatio >= 0.0 && errorRatio <= 1.0))
        return QStringLiteral("synthetic: errorRatio %1 is not between 0 and 1").arg(errorRatio);
    switch (distribution) {
    case Distribution::Fixed:
        if (fixed.count() < 0)
            return QStringLiteral("synthetic: fixed latency is negative");
        break;
    case Distribution::Uniform:
        if (min.count() < 0 || max < min)
            return QStringLiteral("synthetic: uniform needs 0 <= min <= max");
        break;
    case Distribution::Normal:
        if (mean.count() < 0 || stddev.count() < 0)
            return QStringLiteral("synthetic: normal needs a mean and a stddev >= 0");
        break;
    case Distribution::LogNormal:
        if (median.count() <= 0 || p99 <= median)
            return QStringLiteral("synthetic: log-normal needs 0 < median < p99");
        break;
    }
    return {};
}

SyntheticSampler::SyntheticSampler(const SyntheticOptions& options)
    : m_options(options) {
    std::uint64_t seed = options.seed != 0
                             ? options.seed
                             : static_cast<std::uint64_t>(Clock::now().time_since_epoch().count());
    for (auto& s : m_state)
        s = splitMix(seed);
    if (options.distribution == SyntheticOptions::Distribution::LogNormal &&
        options.median.count() > 0 && options.p99 > options.median) {
        m_mu = std::log(toSeconds(options.median));
        m_sigma = (std::log(toSeconds(options.p99)) - m_mu) / kZ99;
    }
}

double SyntheticSampler::uniform01() {
    // xoshiro256** : fast, good enough for load shapes.
    const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
    const std::uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return static_cast<double>(result >> 11) * 0x1.0p-53;
}

double SyntheticSampler::normal01() {
    // Box-Muller; the second value is dropped to keep the sampler stateless between draws.
    double u1 = uniform01();
    while (u1 <= 0.0)
        u1 = uniform01();
    const double u2 = uniform01();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

Duration SyntheticSampler::latency() {
    using Seconds = std::chrono::duration<double>;
    double seconds = 0;
    switch (m_options.distribution) {
    case SyntheticOptions::Distribution::Fixed:
        return m_options.fixed;
    case SyntheticOptions::Distribution::Uniform:
        seconds = toSeconds(m_options.min) + uniform01() * toSeconds(m_options.max - m_options.min);
        break;
    case SyntheticOptions::Distribution::Normal:
        seconds = toSeconds(m_options.mean) + normal01() * toSeconds(m_options.stddev);
        break;
    case SyntheticOptions::Distribution::LogNormal:
        seconds = std::exp(m_mu + m_sigma * normal01());
        break;
    }
    seconds = std::clamp(seconds, 0.0, 86400.0);
    return std::chrono::duration_cast<Duration>(Seconds(seconds));
}

bool SyntheticSampler::fails() {
    return m_options.errorRatio > 0 && uniform01() < m_options.errorRatio;
}

namespace {

class TimerThread;

// SyntheticLoop is one synthetic target: its sampler and the calls it has in flight, which
// live on the process-wide TimerThread shared by every synthetic target.
class SyntheticLoop : public std::enable_shared_from_this<SyntheticLoop> {
public:
    explicit SyntheticLoop(const SyntheticOptions& options);
    SyntheticLoop(const SyntheticLoop&) = delete;
    SyntheticLoop& operator=(const SyntheticLoop&) = delete;

    void start(const Context& ctx, Completion done);
    // shutdown completes this target's calls in flight (canceled) and releases the shared
    // thread; called by the last owner. When it returns (off the timer thread) none of this
    // target's completions runs any more.
    void shutdown();

private:
    friend class TimerThread;
    SyntheticSampler m_sampler;            // guarded by the TimerThread's mutex
    std::size_t m_inHeap = 0;              // guarded by the TimerThread's mutex
    std::size_t m_firing = 0;              // guarded by the TimerThread's mutex
    std::shared_ptr<TimerThread> m_thread; // set at creation, released by shutdown
};

// TimerThread holds every call in flight of every synthetic target on one thread, started
// when the first synthetic target is made and ended when the last one goes (so 10,000
// synthetic workers need one thread, not 10,000).
class TimerThread {
public:
    TimerThread() = default;
    TimerThread(const TimerThread&) = delete;
    TimerThread& operator=(const TimerThread&) = delete;

    // acquire returns the running thread (starting one if there is none) for one more user.
    static std::shared_ptr<TimerThread> acquire() {
        Registry& r = registry();
        std::lock_guard lock(r.mutex);
        if (!r.current) {
            auto t = std::make_shared<TimerThread>();
            // The thread keeps its TimerThread alive until it has finished, so that the last
            // target may go away even inside a completion running on that thread.
            t->m_thread = std::thread([t] {
                nameThisThread("pusher-synth");
                t->run();
            });
            r.current = std::move(t);
        }
        ++r.users;
        return r.current;
    }

    // release gives back one user's hold (acquire's); the last user ends the thread.
    static void release() {
        Registry& r = registry();
        std::shared_ptr<TimerThread> last;
        {
            std::lock_guard lock(r.mutex);
            if (--r.users == 0)
                last = std::move(r.current);
        }
        if (last) // outside the registry lock: a completion may be making a new target
            last->stop();
    }

    void start(const std::shared_ptr<SyntheticLoop>& owner, const Context& ctx, Completion done) {
        bool wake = false;
        {
            std::lock_guard lock(m_mutex);
            const TimePoint due = Clock::now() + owner->m_sampler.latency();
            const bool fails = owner->m_sampler.fails();
            m_heap.push_back(Call{due, owner, ctx, std::move(done), fails});
            std::push_heap(m_heap.begin(), m_heap.end(), Later{});
            ++owner->m_inHeap;
            // Wake the thread only when it sleeps past the new call's due time.
            if (due < m_sleepingUntil) {
                m_sleepingUntil = due;
                wake = true;
            }
        }
        if (wake)
            m_cv.notify_one();
    }

    // cancel completes `owner`'s calls in flight with "canceled" and, off the timer thread,
    // waits until the thread runs none of its completions.
    void cancel(SyntheticLoop* owner) {
        std::vector<Call> mine; // destroyed outside the lock, like the completions run
        {
            std::unique_lock lock(m_mutex);
            if (owner->m_inHeap > 0) {
                auto split = std::partition(m_heap.begin(), m_heap.end(), [owner](const Call& c) {
                    return c.owner.get() != owner;
                });
                std::move(split, m_heap.end(), std::back_inserter(mine));
                m_heap.erase(split, m_heap.end());
                std::make_heap(m_heap.begin(), m_heap.end(), Later{});
                owner->m_inHeap = 0;
            }
            if (std::this_thread::get_id() != m_thread.get_id())
                m_idle.wait(lock, [owner] { return owner->m_firing == 0; });
        }
        for (auto& call : mine)
            if (!call.ended)
                call.done(Result{}, ErrCanceled.reason("synthetic target destroyed"));
    }

private:
    struct Registry {
        std::mutex mutex;
        std::shared_ptr<TimerThread> current; // guarded by mutex
        std::size_t users = 0;                // guarded by mutex
    };
    static Registry& registry() {
        static Registry* r = new Registry; // never destroyed: targets may outlive statics
        return *r;
    }

    struct Call {
        TimePoint due;
        std::shared_ptr<SyntheticLoop> owner;
        Context ctx;
        Completion done;
        bool fails = false;
        bool ended = false; // completed early because its Context ended
    };
    struct Later {
        bool operator()(const Call& a, const Call& b) const { return a.due > b.due; }
    };
    struct Early {
        std::shared_ptr<SyntheticLoop> owner;
        Completion done;
        Error err;
    };

    void stop() {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_cv.notify_one();
        if (std::this_thread::get_id() == m_thread.get_id())
            m_thread.detach();
        else if (m_thread.joinable())
            m_thread.join();
    }

    void run() {
        const Error synthetic("synthetic", "synthetic error");
        std::vector<Call> due;
        std::vector<Early> early;
        TimePoint nextSweep = Clock::now() + kSweep;
        std::unique_lock lock(m_mutex);
        while (!m_stop) {
            TimePoint now = Clock::now();
            while (!m_heap.empty() && m_heap.front().due <= now) {
                std::pop_heap(m_heap.begin(), m_heap.end(), Later{});
                Call& call = m_heap.back();
                --call.owner->m_inHeap;
                if (!call.ended)
                    ++call.owner->m_firing;
                // Ended calls go too, to be destroyed outside the lock: the last copy of a
                // Target may be in their completion.
                due.push_back(std::move(call));
                m_heap.pop_back();
            }
            if (now >= nextSweep) {
                for (auto& call : m_heap) {
                    if (!call.ended && call.ctx.done()) {
                        call.ended = true;
                        ++call.owner->m_firing;
                        early.push_back(Early{call.owner, call.done, call.ctx.err()});
                    }
                }
                nextSweep = now + kSweep;
            }
            if (!due.empty() || !early.empty()) {
                lock.unlock();
                for (auto& call : due)
                    if (!call.ended)
                        call.done(Result{}, call.fails ? synthetic : Error{});
                for (auto& e : early)
                    e.done(Result{}, e.err);
                lock.lock();
                for (auto& call : due)
                    if (!call.ended)
                        --call.owner->m_firing;
                for (auto& e : early)
                    --e.owner->m_firing;
                lock.unlock();
                m_idle.notify_all();
                // The owners (and with them the shared_ptr to this thread) may go here.
                due.clear();
                early.clear();
                lock.lock();
                continue;
            }
            TimePoint until = nextSweep;
            if (!m_heap.empty())
                until = std::min(until, m_heap.front().due);
            else
                until = TimePoint::max(); // nothing in flight: no sweep needed
            m_sleepingUntil = until;
            if (until == TimePoint::max())
                m_cv.wait(lock);
            else
                m_cv.wait_until(lock, until);
            m_sleepingUntil = TimePoint::min();
        }
        // Every target has gone (each canceled its calls): nothing should be left, but finish
        // whatever is rather than let it hang.
        std::vector<Call> rest;
        rest.swap(m_heap);
        lock.unlock();
        for (auto& call : rest)
            if (!call.ended)
                call.done(Result{}, ErrCanceled.reason("synthetic target destroyed"));
    }

    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::condition_variable m_idle;               // a batch of completions has finished
    std::vector<Call> m_heap;                     // guarded by m_mutex
    TimePoint m_sleepingUntil = TimePoint::min(); // guarded by m_mutex; min() while awake
    bool m_stop = false;                          // guarded by m_mutex
    std::thread m_thread;
};

SyntheticLoop::SyntheticLoop(const SyntheticOptions& options)
    : m_sampler(options)
    , m_thread(TimerThread::acquire()) {}

void SyntheticLoop::start(const Context& ctx, Completion done) {
    m_thread->start(shared_from_this(), ctx, std::move(done));
}

void SyntheticLoop::shutdown() {
    std::shared_ptr<TimerThread> thread = std::move(m_thread);
    if (!thread)
        return;
    thread->cancel(this);
    thread.reset();
    TimerThread::release();
}

} // namespace

Target makeSyntheticTarget(const SyntheticOptions& options) {
    return asyncTargetOwning(options.validate(),
                             [&] { return std::make_shared<SyntheticLoop>(options); });
}

} // namespace pusher
