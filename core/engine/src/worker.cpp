#include "pusher/worker.h"

#include "pusher/gossiper.h"
#include "pusher/stream.h"
#include "pusher/threadname.h"

#include <QRunnable>
#include <QtGlobal>
#include <QThreadPool>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <thread>
#include <tuple>
#include <vector>

namespace pusher {

namespace {
using namespace std::chrono_literals;

// The scheduler wakes at most about once per millisecond and dispatches every due tick.
constexpr Duration kMinWake = 1ms;
// It also wakes at least this often (a live rate change or the run's end wake it at once).
constexpr Duration kMaxSleep = 50ms;
// Runners added in one flush at most: starting a pool thread stalls the scheduler a little.
constexpr std::int64_t kMaxSpawnPerFlush = 64;
// The closed model keeps this many callers at most.
constexpr std::int64_t kMaxClosedOvertime = 65536;
} // namespace

namespace detail {

// PendingCall is a started call of a blocking target waiting for a runner.
struct PendingCall {
    std::uint64_t seq;
    TimePoint intended;
};

// CallQueue hands started calls of a blocking target from the scheduler to the runners.
struct CallQueue {
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<PendingCall> calls; // guarded by mutex
    int idle = 0;                  // runners waiting for a call; guarded by mutex
    int waking = 0;                // runners notified that have not woken yet; guarded by mutex
    int runners = 0;               // runners started and not yet finished; guarded by mutex
    int limit = 1;                 // most runners at once
    bool closed = false;           // guarded by mutex
};

// Run is the state of one work() call, shared with every call in flight.
struct Run {
    // ctx ends the ticking; callCtx is what the calls see. It ends with ctx, or, when ctx
    // reached its deadline and a graceful stop is configured, once the calls in flight
    // finished or the grace period passed.
    Context ctx;
    Context callCtx;
    CancelFunc cancelCalls;
    Target target;
    std::int64_t overtime = 0;
    bool closedModel = false;

    std::atomic<std::uint64_t> ticks{0};
    std::atomic<std::uint64_t> started{0};
    std::atomic<std::uint64_t> canceled{0};
    std::atomic<std::uint64_t> completed{0};
    std::atomic<std::uint64_t> queued{0};        // blocking calls waiting for a runner
    std::atomic<std::uint64_t> canceledAtEnd{0}; // part of canceled: cut by the run's end
    std::atomic<std::uint64_t> listenerFailures{0};
    std::mutex listenerMutex;
    Error listenerError; // guarded by listenerMutex: the first failure
    // inFlight is the semaphore: only the scheduler increments it, calls decrement it.
    std::atomic<std::int64_t> inFlight{0};

    std::vector<std::unique_ptr<GossipStream>> streams;
    CallQueue queue;
    std::vector<PendingCall> batch;         // scheduler-only: calls started since the last flush
    std::uint64_t completedAtLastFlush = 0; // scheduler-only
    std::atomic<std::uint64_t> nextSeq{0};
    // Time from the first tick to the scheduler's last look for due ticks, in ns.
    std::atomic<std::int64_t> scheduledNs{0}; // closed model: runners number their own ticks

    // Signalled when a call finishes while the scheduler waits for a free slot or for the
    // last call (see waitFor). The flag keeps the common path free of the mutex.
    std::atomic<bool> waiting{false};
    std::mutex signalMutex;
    std::condition_variable signal;

    std::atomic<bool> rateChanged{false};
    std::atomic<double> newRps{0};

    // The open model's scheduler sleeps here between due ticks; a rate change and the end of
    // ctx (through an onDone hook) wake it.
    std::mutex sleepMutex;
    std::condition_variable sleepCv;

    void wakeScheduler() {
        std::lock_guard lock(sleepMutex);
        sleepCv.notify_all();
    }
    void sleepUntil(TimePoint until) {
        std::unique_lock lock(sleepMutex);
        sleepCv.wait_until(lock, until, [this] { return rateChanged.load() || ctx.done(); });
    }

    // shout delivers reliably to every listener, blocking while a stream is full.
    void shout(const Gossip& gossip) {
        for (auto& stream : streams)
            stream->push(gossip);
    }
    // whisp delivers best effort: a full stream drops (and counts) the gossip.
    void whisp(const Gossip& gossip) {
        for (auto& stream : streams)
            stream->tryPush(gossip);
    }

    // finish gossips a call's end and frees its overtime slot, unless `keepSlot`: then the
    // caller starts the next call in the same slot (the closed model's chaining).
    void finish(std::uint64_t seq, TimePoint intended, TimePoint start, Outcome outcome,
                bool keepSlot = false) {
        Gossip after{std::move(outcome.result),
                     std::move(outcome.error),
                     When::AfterTarget,
                     seq,
                     intended,
                     start,
                     Clock::now()};
        completed.fetch_add(1, std::memory_order_relaxed);
        shout(after);
        if (keepSlot)
            return;
        freeSlot();
    }

    // cancelQueued ends a queued call that will never start: the run ended before a runner
    // took it. It is a Canceled tick (gossiped best effort) and frees its overtime slot.
    void cancelQueued(const PendingCall& call) {
        canceled.fetch_add(1, std::memory_order_release);
        canceledAtEnd.fetch_add(1, std::memory_order_relaxed);
        queued.fetch_sub(1, std::memory_order_release);
        if (!streams.empty()) {
            const TimePoint now = Clock::now();
            whisp(Gossip{{}, {}, When::Canceled, call.seq, call.intended, now, now});
        }
        freeSlot();
    }

    void freeSlot() {
        inFlight.fetch_sub(1, std::memory_order_seq_cst);
        wake();
    }

    // wake wakes the scheduler if it waits in waitFor.
    void wake() {
        if (waiting.load(std::memory_order_seq_cst)) {
            std::lock_guard lock(signalMutex);
            signal.notify_all();
        }
    }

    // runnerLeft is called by a runner that will take no more calls.
    void runnerLeft() {
        {
            std::lock_guard lock(queue.mutex);
            --queue.runners;
        }
        wake();
    }

    [[nodiscard]] int runners() {
        std::lock_guard lock(queue.mutex);
        return queue.runners;
    }

    // waitFor blocks until `pred` holds, a call finishing wakes it, or `until` passes.
    template <typename Pred>
    void waitFor(Pred pred, TimePoint until) {
        std::unique_lock lock(signalMutex);
        waiting.store(true, std::memory_order_seq_cst);
        signal.wait_until(lock, until, pred);
        waiting.store(false, std::memory_order_seq_cst);
    }
};

// CallState is one asynchronous call; completing it twice is ignored, and dropping every
// Completion without completing finishes the call with an error.
struct CallState {
    std::shared_ptr<Run> run;
    std::uint64_t seq = 0;
    TimePoint intended;
    TimePoint start;
    std::atomic<bool> finished{false};
    // Publishes the fields above to the completing thread, whatever road the Completion
    // took there (an event loop's queue is invisible to ThreadSanitizer).
    std::atomic<bool> published{false};

    void complete(Outcome outcome);
    ~CallState() {
        if (!finished.load(std::memory_order_acquire) && run)
            complete(Outcome{{}, Error("dropped", "completion dropped")});
    }
};

// Depth of chained starts on this thread: a target that completes inside its own start
// function must not recurse without bound, so chaining happens at depth 0 only.
thread_local int t_chainDepth = 0;

// startAsync starts one call of an asynchronous target; the caller has counted it.
void startAsync(const std::shared_ptr<Run>& run, std::uint64_t seq, TimePoint intended) {
    auto call = std::make_shared<CallState>();
    call->run = run;
    call->seq = seq;
    call->intended = intended;
    call->start = Clock::now();
    call->published.store(true, std::memory_order_release);
    run->shout(Gossip{{}, {}, When::BeforeTarget, seq, intended, call->start, call->start});
    // Our copy of the Completion goes when this returns: if the target dropped its copy
    // without completing, the call then completes with an error.
    Completion completion(call);
    call.reset();
    try {
        run->target.asyncStart()(run->callCtx, completion);
    } catch (const std::exception& e) {
        completion(Result{}, Error("exception", std::string("target threw: ") + e.what()));
    } catch (...) {
        completion(Result{}, Error("exception", "target threw"));
    }
}

void CallState::complete(Outcome outcome) {
    if (finished.exchange(true, std::memory_order_acq_rel))
        return;
    (void)published.load(std::memory_order_acquire);
    // The closed model starts the next call right here, on the thread that completed this
    // one (an I/O loop, typically), in the same overtime slot: no hop through the scheduler.
    const bool chain = run->closedModel && t_chainDepth == 0 && !run->ctx.done();
    run->finish(seq, intended, start, std::move(outcome), chain);
    if (!chain)
        return;
    const std::shared_ptr<Run> keep = run;
    ++t_chainDepth;
    keep->ticks.fetch_add(1, std::memory_order_release);
    keep->started.fetch_add(1, std::memory_order_release);
    startAsync(keep, keep->nextSeq.fetch_add(1, std::memory_order_relaxed), Clock::now());
    --t_chainDepth;
}

namespace {

Outcome callBlocking(const Target::Blocking& fn, const Context& ctx) {
    try {
        return fn(ctx);
    } catch (const std::exception& e) {
        return Outcome{{}, Error("exception", std::string("target threw: ") + e.what())};
    } catch (...) {
        return Outcome{{}, Error("exception", "target threw")};
    }
}

// Runner is a long-lived task on the Worker's QThreadPool that takes started calls of a
// blocking target from the run's queue, one at a time, until the queue closes. A pool
// task per call would cost a thread wake-up and two allocations per call (measured:
// ~40 µs of CPU per call, ~42k calls/s); runners cost a queue pop.
class Runner final : public QRunnable {
public:
    explicit Runner(std::shared_ptr<Run> run)
        : m_run(std::move(run)) {
        // QThreadPool's hand-off is invisible to ThreadSanitizer (Debian's Qt is not
        // instrumented); this release/acquire pair makes the publication visible.
        m_published.store(true, std::memory_order_release);
    }

    void run() override {
        (void)m_published.load(std::memory_order_acquire);
        if (m_run->closedModel)
            callBackToBack();
        else
            takeFromQueue();
    }

private:
    // takeFromQueue serves the open model: the scheduler starts calls, runners run them.
    void takeFromQueue() {
        Run& run = *m_run;
        CallQueue& queue = run.queue;
        const Target::Blocking& target = run.target.blocking();
        std::unique_lock lock(queue.mutex);
        for (;;) {
            while (queue.calls.empty() && !queue.closed) {
                ++queue.idle;
                queue.ready.wait(lock);
                --queue.idle;
                if (queue.waking > 0)
                    --queue.waking; // this wake-up is used
            }
            if (queue.calls.empty()) {
                lock.unlock();
                run.runnerLeft();
                return;
            }
            const PendingCall call = queue.calls.front();
            queue.calls.pop_front();
            // Wake one more runner while calls are left, one at a time: a fast target is
            // served by few threads, a slow one wakes them all in turn.
            const bool wakeAnother = !queue.calls.empty() && queue.idle > 0 && queue.waking == 0;
            if (wakeAnother)
                ++queue.waking;
            lock.unlock();
            if (wakeAnother)
                queue.ready.notify_one();
            // A call that has not started when the run ends never starts (the calls' context
            // has ended: without a graceful stop at the deadline, with one after the grace).
            if (run.callCtx.done()) {
                run.cancelQueued(call);
                lock.lock();
                continue;
            }
            run.started.fetch_add(1, std::memory_order_release);
            run.queued.fetch_sub(1, std::memory_order_release);
            const TimePoint start = Clock::now();
            run.shout(Gossip{{}, {}, When::BeforeTarget, call.seq, call.intended, start, start});
            run.finish(call.seq, call.intended, start, callBlocking(target, run.callCtx));
            lock.lock();
        }
    }

    // callBackToBack serves the closed model: each runner is one caller that starts its
    // next call as soon as the last one returned, until the run ends.
    void callBackToBack() {
        Run& run = *m_run;
        const Target::Blocking& target = run.target.blocking();
        while (!run.ctx.done()) {
            const std::uint64_t seq = run.nextSeq.fetch_add(1, std::memory_order_relaxed);
            run.ticks.fetch_add(1, std::memory_order_release);
            run.inFlight.fetch_add(1, std::memory_order_seq_cst);
            run.started.fetch_add(1, std::memory_order_release);
            const TimePoint start = Clock::now();
            run.shout(Gossip{{}, {}, When::BeforeTarget, seq, start, start, start});
            run.finish(seq, start, start, callBlocking(target, run.callCtx));
        }
        // work() waits for every runner to get here: a runner that checked the run's
        // context just before it ended may still start a call, which work() must see.
        run.runnerLeft();
    }

    std::shared_ptr<Run> m_run;
    std::atomic<bool> m_published{false};
};

} // namespace
} // namespace detail

void Completion::operator()(Result result, Error error) const {
    if (m_call)
        m_call->complete(Outcome{std::move(result), std::move(error)});
}

namespace {
Config normalized(const std::string& ident, Config config) {
    config.ident = ident;
    config.capacity = std::max<std::int64_t>(config.overtime, 0);
    config.threads = std::clamp(config.threads, 1, kMaxPoolThreads);
    config.busy = false;
    return config;
}
} // namespace

Worker::Worker(std::string ident, Target target, Config config)
    : m_ident(ident.empty() ? std::string(kDefaultIdent) : std::move(ident))
    , m_target(std::move(target))
    , m_config(normalized(m_ident, std::move(config)))
    , m_pool(std::make_unique<QThreadPool>()) {
    m_pool->setMaxThreadCount(m_config.threads);
}

Worker::~Worker() {
    m_pool->waitForDone();
}

Config Worker::config() const {
    Config copy = m_config;
    copy.busy = m_busy.load();
    return copy;
}

Stats Worker::stats() const {
    std::shared_ptr<detail::Run> run;
    {
        std::lock_guard lock(m_runMutex);
        run = m_run;
    }
    Stats stats;
    if (!run)
        return stats;
    // Read completed before started so that inFlight never underflows.
    stats.completed = run->completed.load(std::memory_order_acquire);
    stats.canceled = run->canceled.load(std::memory_order_acquire);
    stats.started = run->started.load(std::memory_order_acquire);
    stats.queued = run->queued.load(std::memory_order_acquire);
    stats.ticks = run->ticks.load(std::memory_order_acquire);
    stats.canceledAtEnd = run->canceledAtEnd.load(std::memory_order_relaxed);
    stats.scheduled = std::chrono::nanoseconds(run->scheduledNs.load(std::memory_order_relaxed));
    stats.inFlight = stats.started - std::min(stats.started, stats.completed);
    for (const auto& stream : run->streams)
        stats.canceledDropped += stream->dropped();
    stats.listenerFailures = run->listenerFailures.load(std::memory_order_acquire);
    {
        std::lock_guard lock(run->listenerMutex);
        stats.listenerError = run->listenerError;
    }
    return stats;
}

Error Worker::setRps(double rps) {
    Error err = Rate::constant(rps).validate();
    if (err)
        return err;
    std::lock_guard lock(m_runMutex);
    if (!m_busy.load())
        return {};
    if (m_reservedClosed)
        return ErrInvalidRps.reason("the closed model has no rate to change");
    if (m_starting) {
        // Reserved, its Run not published yet: the run starts at this rate.
        m_pendingRps = rps;
        return {};
    }
    m_run->newRps.store(rps);
    m_run->rateChanged.store(true);
    m_run->wakeScheduler();
    return {};
}

Error Worker::check(const Rate& rate) const {
    if (!m_target)
        return ErrMissingTarget.reason("not provided");
    if (Error err = rate.validate())
        return err;
    if (m_config.overtime < 0)
        return ErrInvalidOvertime.reason("must be more or equal zero");
    if (rate.isMax() && (m_config.overtime < 1 || m_config.overtime > kMaxClosedOvertime))
        return ErrInvalidOvertime.reason("the closed model needs 1 to " +
                                         std::to_string(kMaxClosedOvertime) + " callers");
    return {};
}

Worker::Shift Worker::reserve(double rps) {
    return reserve(Rate::constant(rps));
}

Worker::Shift Worker::reserve(const Rate& rate) {
    Shift shift;
    if (Error err = check(rate)) {
        shift.m_error = std::move(err);
        return shift;
    }
    {
        std::lock_guard lock(m_runMutex);
        if (m_busy.load()) {
            shift.m_error = ErrWorkerIsBusy.reason("try again later");
            return shift;
        }
        m_busy.store(true);
        m_starting = true;
        m_reservedClosed = rate.isMax();
        m_pendingRps.reset();
    }
    shift.m_worker = this;
    shift.m_rate = rate;
    return shift;
}

void Worker::release() {
    std::lock_guard lock(m_runMutex);
    m_starting = false;
    m_reservedClosed = false;
    m_pendingRps.reset();
    m_busy.store(false);
}

Worker::Shift::Shift(Shift&& other) noexcept
    : m_worker(std::exchange(other.m_worker, nullptr))
    , m_rate(std::move(other.m_rate))
    , m_error(std::move(other.m_error)) {}

Worker::Shift& Worker::Shift::operator=(Shift&& other) noexcept {
    if (this != &other) {
        release();
        m_worker = std::exchange(other.m_worker, nullptr);
        m_rate = std::move(other.m_rate);
        m_error = std::move(other.m_error);
    }
    return *this;
}

Worker::Shift::~Shift() {
    release();
}

void Worker::Shift::release() {
    if (Worker* worker = std::exchange(m_worker, nullptr))
        worker->release();
}

Error Worker::Shift::work(const Context& ctx) {
    return work(ctx, Clock::now());
}

Error Worker::Shift::work(const Context& ctx, TimePoint origin) {
    Worker* worker = std::exchange(m_worker, nullptr);
    if (!worker)
        return m_error ? m_error : ErrWorkerIsBusy.reason("shift already used");
    return worker->run(ctx, std::move(m_rate), origin);
}

Error Worker::work(const Context& ctx, double rps) {
    return work(ctx, Rate::constant(rps));
}

Error Worker::work(const Context& ctx, const Rate& rate) {
    // The schedule starts now, not once the listeners' threads are up: a run of duration D
    // has its ticks due within D of the call (the first ones dispatched late if need be).
    return work(ctx, rate, Clock::now());
}

Error Worker::work(const Context& ctx, const Rate& rate, TimePoint origin) {
    Shift shift = reserve(rate);
    if (!shift)
        return shift.error();
    return shift.work(ctx, origin);
}

void Worker::listenerFailed(detail::Run& run, const char* what, std::size_t index,
                            const char* why) {
    const std::string message = "gossiper " + std::to_string(index) + " " + what + " threw" +
                                (why ? std::string(": ") + why : std::string());
    run.listenerFailures.fetch_add(1, std::memory_order_release);
    {
        std::lock_guard lock(run.listenerMutex);
        if (!run.listenerError)
            run.listenerError = Error("listener", message);
    }
    qWarning("pusher: worker \"%s\": %s", m_ident.c_str(), message.c_str());
}

Error Worker::run(const Context& ctx, Rate rate, TimePoint origin) {
    // Whatever happens below (a thread that cannot start, a Gossiper that throws), the
    // Worker is free again when this returns.
    struct Release {
        Worker* worker;
        ~Release() { worker->release(); }
    } releaseOnReturn{this};

    auto run = std::make_shared<detail::Run>();
    run->ctx = ctx;
    if (m_config.gracefulStop > Duration::zero())
        std::tie(run->callCtx, run->cancelCalls) = withCancel(Context::background());
    else
        run->callCtx = ctx; // as in Go: the calls see the run's own context and its reason
    run->target = m_target;
    run->overtime = m_config.overtime;
    run->closedModel = rate.isMax();
    for (std::size_t i = 0; i < m_config.listeners.size(); ++i)
        run->streams.push_back(std::make_unique<GossipStream>(m_config.queueCapacity));
    {
        std::lock_guard lock(m_runMutex);
        m_run = run;
        m_starting = false;
        // A rate set while the run was reserved applies from its first tick.
        if (m_pendingRps)
            rate = Rate::constant(*std::exchange(m_pendingRps, std::nullopt));
    }
    run->queue.limit = static_cast<int>(std::clamp<std::int64_t>(
        m_config.overtime, 1, static_cast<std::int64_t>(m_config.threads)));

    std::vector<std::thread> listeners;
    for (std::size_t i = 0; i < m_config.listeners.size(); ++i) {
        listeners.emplace_back([this, run, i] {
            nameThisThread("pusher-gossip");
            GossipStream& stream = *run->streams[i];
            try {
                m_config.listeners[i]->listen(run->ctx, *this, stream);
            } catch (const std::exception& e) {
                // A listener that fails must not stall the run: stop feeding it.
                listenerFailed(*run, "listen", i, e.what());
            } catch (...) {
                listenerFailed(*run, "listen", i, nullptr);
            }
            stream.abandon();
        });
    }

    if (run->closedModel) {
        dispatchClosed(run);
    } else {
        const std::uint64_t hook = ctx.onDone([run] { run->wakeScheduler(); });
        dispatchOpen(run, rate, origin);
        ctx.removeOnDone(hook);
    }

    const bool queues = !m_target.isAsync() && !run->closedModel;
    // No new ticks. A run that reached its deadline lets the calls in flight finish for up
    // to the graceful stop (queued calls may still start then); a canceled one (or after the
    // grace) cancels them at once.
    if (m_config.gracefulStop > Duration::zero() && ctx.err().is(ErrDeadlineExceeded)) {
        const TimePoint until = Clock::now() + m_config.gracefulStop;
        while (run->inFlight.load() != 0 && Clock::now() < until) {
            if (queues)
                flushCalls(run);
            run->waitFor([&] { return run->inFlight.load() == 0; },
                         std::min(until, Clock::now() + kMinWake));
        }
    }
    if (run->cancelCalls)
        run->cancelCalls();
    // The run has ended: calls that have not started never will. They are Canceled.
    if (queues)
        cancelQueued(*run);
    // Wait for the calls in flight and for every runner to leave (none can start a call
    // after this), then let every listener drain and stop.
    while (run->inFlight.load() != 0 || run->runners() != 0)
        run->waitFor([&] { return run->inFlight.load() == 0 && run->runners() == 0; },
                     Clock::now() + kMinWake);
    for (auto& stream : run->streams)
        stream->close();
    for (auto& thread : listeners)
        thread.join();
    for (std::size_t i = 0; i < m_config.listeners.size(); ++i) {
        try {
            m_config.listeners[i]->stop();
        } catch (const std::exception& e) {
            listenerFailed(*run, "stop", i, e.what());
        } catch (...) {
            listenerFailed(*run, "stop", i, nullptr);
        }
    }

    Error reason = ctx.err();
    return reason ? reason : ErrCanceled;
}

void Worker::cancelQueued(detail::Run& run) {
    std::vector<detail::PendingCall> calls;
    {
        std::lock_guard lock(run.queue.mutex);
        run.queue.closed = true;
        calls.assign(run.queue.calls.begin(), run.queue.calls.end());
        run.queue.calls.clear();
    }
    run.queue.ready.notify_all();
    // Calls started since the last flush never reached the queue (scheduler-only state).
    calls.insert(calls.end(), run.batch.begin(), run.batch.end());
    run.batch.clear();
    for (const auto& call : calls)
        run.cancelQueued(call);
}

void Worker::dispatchOpen(const std::shared_ptr<detail::Run>& shared, const Rate& rate,
                          TimePoint origin) {
    detail::Run& run = *shared;
    Schedule schedule(rate, origin);
    // No tick falls due at or after the run's deadline, however late the scheduler wakes:
    // a run of duration D at rate R has ceil(R × D) ticks, not more, not fewer.
    const TimePoint deadline = run.ctx.deadline().value_or(TimePoint::max());
    // A share of a distributed run takes the ticks i ≡ shareIndex (mod shareCount) of the
    // schedule and keeps their global numbers as seq, so the shares' union is the schedule.
    const std::uint64_t step = m_config.shareCount;
    std::uint64_t seq = m_config.shareIndex;
    TimePoint due = schedule.dueOf(seq);
    TimePoint lastDue = origin;

    // dispatchDue ticks every tick due by `now`; false when the run ended mid-burst (a
    // final sweep, `ended`, goes on regardless).
    auto dispatchDue = [&](TimePoint now, bool ended) {
        std::uint32_t burst = 0;
        while (due <= now && due < deadline) {
            run.ticks.fetch_add(1, std::memory_order_release);
            if (run.inFlight.load(std::memory_order_relaxed) < run.overtime)
                startCall(shared, seq, due);
            else
                cancelTick(run, seq, due);
            lastDue = due;
            seq += step;
            due = schedule.dueOf(seq);
            if ((++burst & 4095u) == 0) {
                flushCalls(shared);
                if (!ended && run.ctx.done())
                    return false;
            }
        }
        run.scheduledNs.store(
            std::chrono::duration_cast<std::chrono::nanoseconds>(std::min(now, deadline) - origin)
                .count(),
            std::memory_order_relaxed);
        return true;
    };

    while (!run.ctx.done()) {
        const TimePoint now = Clock::now();
        if (run.rateChanged.exchange(false)) {
            schedule.setRps(run.newRps.load(), seq < step ? 0 : seq - step, lastDue, now);
            due = schedule.dueOf(seq);
        }
        if (!dispatchDue(now, false))
            break;
        const bool backlog = flushCalls(shared);
        // Wake for the next due tick, at most once per kMinWake; within kMinWake while calls
        // wait for a runner (flushCalls may then add one).
        const TimePoint wake =
            std::min(std::max(due, now + kMinWake), now + (backlog ? kMinWake : kMaxSleep));
        run.sleepUntil(std::min(wake, deadline));
    }
    // The ticks that fell due before the deadline while the scheduler slept. A run with a
    // graceful stop still starts them (their calls see the call context, which lives on);
    // without one they would only meet a context that has already ended: they are Canceled
    // (and counted as cut by the end), so a run of D at R/s has ceil(R × D) ticks either way.
    if (run.ctx.err().is(ErrDeadlineExceeded)) {
        if (m_config.gracefulStop > Duration::zero()) {
            dispatchDue(deadline, true);
        } else {
            while (due < deadline) {
                run.ticks.fetch_add(1, std::memory_order_release);
                run.canceledAtEnd.fetch_add(1, std::memory_order_relaxed);
                cancelTick(run, seq, due);
                seq += step;
                due = schedule.dueOf(seq);
            }
            run.scheduledNs.store(
                std::chrono::duration_cast<std::chrono::nanoseconds>(deadline - origin).count(),
                std::memory_order_relaxed);
        }
    }
    flushCalls(shared);
}

bool Worker::flushCalls(const std::shared_ptr<detail::Run>& run) {
    if (run->target.isAsync())
        return false;
    detail::CallQueue& queue = run->queue;
    // Calls the runners finished since the last flush: their progress tells a slow target
    // (calls wait because every runner is inside the target) from runners that merely
    // did not get a core yet (adding threads would only add contention).
    const std::uint64_t completed = run->completed.load(std::memory_order_relaxed);
    const auto progress = static_cast<std::int64_t>(completed - run->completedAtLastFlush);
    run->completedAtLastFlush = completed;
    int wake = 0;
    int spawn = 0;
    bool backlog = false;
    {
        std::lock_guard lock(queue.mutex);
        const auto leftover = static_cast<std::int64_t>(queue.calls.size());
        queue.calls.insert(queue.calls.end(), run->batch.begin(), run->batch.end());
        const auto queued = static_cast<int>(queue.calls.size());
        wake = (queued > 0 && queue.idle > 0 && queue.waking == 0) ? 1 : 0;
        queue.waking += wake;
        if (queued > 0 && queue.runners == 0)
            spawn = 1;
        if (queue.idle == 0 && leftover > progress)
            spawn = static_cast<int>(std::min<std::int64_t>(
                {leftover - progress, queue.limit - queue.runners, kMaxSpawnPerFlush}));
        spawn = std::max(spawn, 0);
        queue.runners += spawn;
        backlog = queued > queue.idle + spawn;
    }
    run->batch.clear();
    if (wake > 0)
        queue.ready.notify_one();
    for (int i = 0; i < spawn; ++i)
        m_pool->start(new detail::Runner(run));
    return backlog;
}

void Worker::dispatchClosed(const std::shared_ptr<detail::Run>& shared) {
    detail::Run& run = *shared;
    if (!run.target.isAsync()) {
        // Blocking target: `overtime` runners (at most kMaxPoolThreads) call back to back.
        {
            std::lock_guard lock(run.queue.mutex);
            run.queue.runners = run.queue.limit;
        }
        for (int i = 0; i < run.queue.limit; ++i)
            m_pool->start(new detail::Runner(shared));
        run.ctx.wait();
        return;
    }
    while (!run.ctx.done()) {
        std::uint32_t burst = 0;
        while (run.inFlight.load() < run.overtime) {
            run.ticks.fetch_add(1, std::memory_order_release);
            startCall(shared, run.nextSeq.fetch_add(1, std::memory_order_relaxed), Clock::now());
            if ((++burst & 1023u) == 0 && run.ctx.done())
                return;
        }
        run.waitFor([&] { return run.inFlight.load() < run.overtime || run.ctx.done(); },
                    Clock::now() + kMinWake);
    }
}

void Worker::startCall(const std::shared_ptr<detail::Run>& run, std::uint64_t seq,
                       TimePoint intended) {
    run->inFlight.fetch_add(1, std::memory_order_seq_cst);
    if (!run->target.isAsync()) {
        // Started (and counted so) once a runner takes it, or Canceled if the run ends first.
        run->queued.fetch_add(1, std::memory_order_release);
        run->batch.push_back(detail::PendingCall{seq, intended});
        return;
    }
    run->started.fetch_add(1, std::memory_order_release);
    detail::startAsync(run, seq, intended);
}

void Worker::cancelTick(detail::Run& run, std::uint64_t seq, TimePoint intended) {
    run.canceled.fetch_add(1, std::memory_order_release);
    if (run.streams.empty())
        return;
    const TimePoint now = Clock::now();
    run.whisp(Gossip{{}, {}, When::Canceled, seq, intended, now, now});
}

} // namespace pusher
