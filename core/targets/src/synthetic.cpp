#include "pusher/targets/synthetic.h"

#include "loopowner.h"

#include <pusher/threadname.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
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

// TimerHeap holds every call in flight of one synthetic target on one thread.
class TimerHeap {
public:
    explicit TimerHeap(const SyntheticOptions& options)
        : m_sampler(options) {}

    // create starts the thread, which keeps the heap alive until it has finished, so that
    // the last Target copy may go away even inside a completion running on that thread.
    static std::shared_ptr<TimerHeap> create(const SyntheticOptions& options) {
        auto heap = std::make_shared<TimerHeap>(options);
        heap->m_thread = std::thread([heap] {
            nameThisThread("pusher-synth");
            heap->run();
        });
        return heap;
    }

    // shutdown ends the thread, completing the calls in flight; called by the last owner.
    void shutdown() {
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
    TimerHeap(const TimerHeap&) = delete;
    TimerHeap& operator=(const TimerHeap&) = delete;

    void start(const Context& ctx, Completion done) {
        bool wake = false;
        {
            std::lock_guard lock(m_mutex);
            const TimePoint due = Clock::now() + m_sampler.latency();
            const bool fails = m_sampler.fails();
            m_heap.push_back(Call{due, ctx, std::move(done), fails});
            std::push_heap(m_heap.begin(), m_heap.end(), Later{});
            // Wake the thread only when it sleeps past the new call's due time.
            if (due < m_sleepingUntil) {
                m_sleepingUntil = due;
                wake = true;
            }
        }
        if (wake)
            m_cv.notify_one();
    }

private:
    struct Call {
        TimePoint due;
        Context ctx;
        Completion done;
        bool fails = false;
        bool ended = false; // completed early because its Context ended
    };
    struct Later {
        bool operator()(const Call& a, const Call& b) const { return a.due > b.due; }
    };

    void run() {
        const Error synthetic("synthetic", "synthetic error");
        std::vector<Call> due;
        std::vector<std::pair<Completion, Error>> early;
        TimePoint nextSweep = Clock::now() + kSweep;
        std::unique_lock lock(m_mutex);
        while (!m_stop) {
            TimePoint now = Clock::now();
            while (!m_heap.empty() && m_heap.front().due <= now) {
                std::pop_heap(m_heap.begin(), m_heap.end(), Later{});
                due.push_back(std::move(m_heap.back()));
                m_heap.pop_back();
            }
            if (now >= nextSweep) {
                for (auto& call : m_heap) {
                    if (!call.ended && call.ctx.done()) {
                        call.ended = true;
                        early.emplace_back(call.done, call.ctx.err());
                    }
                }
                nextSweep = now + kSweep;
            }
            if (!due.empty() || !early.empty()) {
                lock.unlock();
                for (auto& call : due) {
                    if (!call.ended)
                        call.done(Result{}, call.fails ? synthetic : Error{});
                }
                for (auto& [done, err] : early)
                    done(Result{}, err);
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
        // Going away with calls in flight: finish them rather than let them hang.
        std::vector<Call> rest;
        rest.swap(m_heap);
        lock.unlock();
        for (auto& call : rest)
            call.done(Result{}, ErrCanceled.reason("synthetic target destroyed"));
    }

    SyntheticSampler m_sampler; // guarded by m_mutex
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::vector<Call> m_heap;                     // guarded by m_mutex
    TimePoint m_sleepingUntil = TimePoint::min(); // guarded by m_mutex; min() while awake
    bool m_stop = false;                          // guarded by m_mutex
    std::thread m_thread;
};

} // namespace

Target makeSyntheticTarget(const SyntheticOptions& options) {
    return asyncTargetOwning(options.validate(), [&] { return TimerHeap::create(options); });
}

} // namespace pusher
