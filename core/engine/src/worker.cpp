#include "pusher/worker.h"

#include "callpool.h"

#include "pusher/crew.h"

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
#include <optional>
#include <queue>
#include <thread>
#include <tuple>
#include <utility>
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

// Sleeper is where a scheduler thread sleeps between due ticks: its own Worker's (work())
// or those of a Crew thread's Workers. A rate change and the end of the run poke it.
struct Sleeper {
    std::mutex mutex;
    std::condition_variable cv;
    bool poked = false; // guarded by mutex

    void poke() {
        std::lock_guard lock(mutex);
        poked = true;
        cv.notify_all();
    }
    // sleepUntil returns true when poked (and clears it), false at `until` or when `done`.
    template <typename Done>
    bool sleepUntil(TimePoint until, Done done) {
        std::unique_lock lock(mutex);
        cv.wait_until(lock, until, [&] { return poked || done(); });
        return std::exchange(poked, false);
    }
};

// Run is the state of one work() call, shared with every call in flight.
struct Run {
    // ctx ends the ticking; callCtx is what the calls see. It ends with ctx, or, when ctx
    // reached its deadline and a graceful stop is configured, once the calls in flight
    // finished or the grace period passed.
    Context ctx;
    Context callCtx;
    CancelCauseFunc cancelCalls;
    // halt, when it ends, cuts the run wherever it is, even after ctx reached its deadline:
    // the final sweep and the graceful stop (a Crew's stop; the background for work()).
    Context halt;
    Target target;
    std::int64_t overtime = 0;
    bool closedModel = false;
    Rate rate;
    std::shared_ptr<Sleeper> sleeper;
    // Listeners that take events on the producing threads (Gossiper::direct).
    std::vector<std::function<void(const Gossip&)>> direct;
    std::vector<std::size_t> threaded; // indices of the listeners with a stream and a thread
    std::vector<std::thread> listenerThreads;

    // The open model's schedule; scheduler-only once launched.
    std::optional<Schedule> schedule;
    TimePoint origin;
    TimePoint deadline = TimePoint::max();
    TimePoint due;
    TimePoint lastDue;
    std::uint64_t seq = 0;
    std::uint64_t step = 1;
    bool behind = false; // the last step left due ticks undispatched

    std::atomic<std::uint64_t> ticks{0};
    std::atomic<std::uint64_t> started{0};
    std::atomic<std::uint64_t> canceled{0};
    std::atomic<std::uint64_t> completed{0};
    std::atomic<std::uint64_t> queued{0};        // blocking calls waiting for a runner
    std::atomic<std::uint64_t> canceledAtEnd{0}; // part of canceled: cut by the run's end
    std::atomic<std::uint64_t> notDispatched{0}; // part of canceledAtEnd: never dispatched
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
    std::atomic<Duration::rep> newRpsAt{0}; // when setRps was called (Clock's epoch)

    void wakeScheduler() { sleeper->poke(); }

    [[nodiscard]] bool listening() const { return !streams.empty() || !direct.empty(); }
    // shout delivers reliably to every listener, blocking while a stream is full.
    void shout(const Gossip& gossip) {
        for (const auto& hear : direct)
            hear(gossip);
        for (auto& stream : streams)
            stream->push(gossip);
    }
    // whisp delivers best effort: a full stream drops (and counts) the gossip.
    void whisp(const Gossip& gossip) {
        for (const auto& hear : direct)
            hear(gossip);
        for (auto& stream : streams)
            stream->tryPush(gossip);
    }

    // finish gossips the end of a call that ended at `end` and frees its overtime slot,
    // unless `keepSlot`: then the caller starts the next call in the same slot (the closed
    // model's chaining).
    void finish(std::uint64_t seq, TimePoint intended, TimePoint start, Outcome outcome,
                TimePoint end, bool keepSlot = false) {
        Gossip after{std::move(outcome.result),
                     std::move(outcome.error),
                     When::AfterTarget,
                     seq,
                     intended,
                     start,
                     end};
        completed.fetch_add(1, std::memory_order_relaxed);
        shout(after);
        if (!keepSlot)
            freeSlot();
    }

    // cancelQueued ends a queued call that will never start: the run ended before a runner
    // took it. It is a Canceled tick (gossiped best effort) and frees its overtime slot.
    void cancelQueued(const PendingCall& call) {
        canceled.fetch_add(1, std::memory_order_release);
        canceledAtEnd.fetch_add(1, std::memory_order_relaxed);
        queued.fetch_sub(1, std::memory_order_release);
        if (listening()) {
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

// cutAtGrace is the error of a call cut at the end of a graceful stop of `grace`: a cancel
// (its kind, "canceled"), told in words of its own rather than "context canceled".
Error cutAtGrace(Duration grace) {
    using std::chrono::duration_cast;
    using std::chrono::milliseconds;
    const auto ms = duration_cast<milliseconds>(grace).count();
    const std::string said =
        ms % 1000 == 0 && ms > 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
    return ErrCanceled.saying("cut: still running when the run's " + said + " graceful stop ended");
}

// graceEnd is when a run's graceful stop ends: its deadline + `grace` (now + `grace` for a
// run without a deadline of its own), saturating.
TimePoint graceEnd(const Run& run, Duration grace) {
    if (run.deadline == TimePoint::max())
        return Clock::now() + grace;
    return run.deadline > TimePoint::max() - grace ? TimePoint::max() : run.deadline + grace;
}

// startAsync starts one call of an asynchronous target at `start` (the caller read the
// clock); the caller has counted it.
void startAsync(const std::shared_ptr<Run>& run, std::uint64_t seq, TimePoint intended,
                TimePoint start) {
    // The state comes from the thread's pool of freed call blocks (no malloc per call); it
    // goes back there when the last Completion copy is gone, never earlier.
    auto call = std::allocate_shared<CallState>(CallAllocator<CallState>{});
    call->run = run;
    call->seq = seq;
    call->intended = intended;
    call->start = start;
    call->published.store(true, std::memory_order_release);
    run->shout(Gossip{{}, {}, When::BeforeTarget, seq, intended, start, start});
    // Our copy of the Completion goes when this returns: if the target dropped its copy
    // without completing, the call then completes with an error.
    const Completion completion(std::move(call));
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
    // The end: one clock read, or none on an event loop handling a batch (its time).
    const TimePoint end = callTime();
    // The closed model starts the next call right here, on the thread that completed this
    // one (an I/O loop, typically), in the same overtime slot: no hop through the scheduler.
    const bool chain = run->closedModel && t_chainDepth == 0 && !run->ctx.doneAt(end);
    run->finish(seq, intended, start, std::move(outcome), end, chain);
    if (!chain)
        return;
    // `run` lives on: this state is held by the Completion being called. The next call is
    // due and starts at this one's end (the clock read once per chained call, if at all).
    ++t_chainDepth;
    run->ticks.fetch_add(1, std::memory_order_release);
    run->started.fetch_add(1, std::memory_order_release);
    startAsync(run, run->nextSeq.fetch_add(1, std::memory_order_relaxed), end, end);
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
            Outcome outcome = callBlocking(target, run.callCtx);
            run.finish(call.seq, call.intended, start, std::move(outcome), Clock::now());
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
            Outcome outcome = callBlocking(target, run.callCtx);
            run.finish(seq, start, start, std::move(outcome), Clock::now());
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
    stats.notDispatched = run->notDispatched.load(std::memory_order_relaxed);
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
    m_run->newRpsAt.store(Clock::now().time_since_epoch().count());
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

    const RunPtr run =
        prepare(std::move(rate), Context::background(), std::make_shared<detail::Sleeper>());
    launch(run, ctx, origin);
    if (run->closedModel) {
        dispatchClosed(run);
    } else {
        const std::uint64_t hook = ctx.onDone([run] { run->wakeScheduler(); });
        while (!ctx.done()) {
            const TimePoint now = Clock::now();
            const TimePoint wake = stepOpen(run, now);
            if (wake > now)
                run->sleeper->sleepUntil(wake, [&] { return ctx.done(); });
        }
        ctx.removeOnDone(hook);
        if (sweeps(*run)) {
            const TimePoint until = detail::graceEnd(*run, m_config.gracefulStop);
            while (!sweepStep(run) && Clock::now() < until)
                ;
        }
        endOpen(run);
    }
    if (m_config.gracefulStop > Duration::zero() && ctx.err().is(ErrDeadlineExceeded))
        graceWait(run, detail::graceEnd(*run, m_config.gracefulStop));
    cut(run);
    finish(run);
    Error reason = ctx.err();
    return reason ? reason : ErrCanceled;
}

Worker::RunPtr Worker::prepare(Rate rate, const Context& halt,
                               std::shared_ptr<detail::Sleeper> sleeper) {
    auto run = std::make_shared<detail::Run>();
    run->halt = halt;
    run->sleeper = std::move(sleeper);
    run->target = m_target;
    run->overtime = m_config.overtime;
    run->closedModel = rate.isMax();
    for (std::size_t i = 0; i < m_config.listeners.size(); ++i) {
        std::function<void(const Gossip&)> hear;
        try {
            hear = m_config.listeners[i]->direct(*this);
        } catch (const std::exception& e) {
            listenerFailed(*run, "direct", i, e.what());
            continue;
        } catch (...) {
            listenerFailed(*run, "direct", i, nullptr);
            continue;
        }
        if (hear) {
            run->direct.push_back(std::move(hear));
        } else {
            run->threaded.push_back(i);
            run->streams.push_back(std::make_unique<GossipStream>(m_config.queueCapacity));
        }
    }
    run->queue.limit = static_cast<int>(std::clamp<std::int64_t>(
        m_config.overtime, 1, static_cast<std::int64_t>(m_config.threads)));
    {
        std::lock_guard lock(m_runMutex);
        m_run = run;
        m_starting = false;
        // A rate set while the run was reserved applies from its first tick.
        if (m_pendingRps)
            rate = Rate::constant(*std::exchange(m_pendingRps, std::nullopt));
    }
    run->rate = std::move(rate);
    return run;
}

void Worker::launch(const RunPtr& run, const Context& ctx, TimePoint origin) {
    run->ctx = ctx;
    if (m_config.gracefulStop > Duration::zero())
        std::tie(run->callCtx, run->cancelCalls) = withCancelCause(Context::background());
    else
        run->callCtx = ctx; // as in Go: the calls see the run's own context and its reason
    if (!run->closedModel) {
        run->schedule.emplace(run->rate, origin);
        run->origin = origin;
        // No tick falls due at or after the run's deadline, however late the scheduler wakes:
        // a run of duration D at rate R has ceil(R × D) ticks, not more, not fewer.
        run->deadline = ctx.deadline().value_or(TimePoint::max());
        // A share of a distributed run takes the ticks i ≡ shareIndex (mod shareCount) of the
        // schedule and keeps their global numbers as seq, so the shares' union is the schedule.
        run->step = m_config.shareCount;
        run->seq = m_config.shareIndex;
        run->due = run->schedule->dueOf(run->seq);
        run->lastDue = origin;
    }
    for (std::size_t k = 0; k < run->threaded.size(); ++k) {
        run->listenerThreads.emplace_back([this, run, k] {
            nameThisThread("pusher-gossip");
            const std::size_t i = run->threaded[k];
            GossipStream& stream = *run->streams[k];
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
}

namespace {
// Ticks dispatched in one burst before the scheduler looks at the clock and the Context
// again (and a Crew thread turns to its other Workers).
constexpr std::uint32_t kBurst = 4096;

// firstDueAtOrAfter returns the first tick of the share that starts at `from` (stepping by
// `step`) that is due at or after `end`, on a copy of `schedule` (valid from `from` on).
std::uint64_t firstDueAtOrAfter(const Schedule& schedule, std::uint64_t from, std::uint64_t step,
                                TimePoint end) {
    auto dueAt = [&](std::uint64_t k) {
        Schedule probe = schedule;
        return probe.dueOf(from + k * step);
    };
    if (dueAt(0) >= end)
        return from;
    // dueAt(lo) < end <= dueAt(hi)
    std::uint64_t lo = 0;
    std::uint64_t hi = 1;
    constexpr std::uint64_t kCap = std::uint64_t(1) << 62;
    while (dueAt(hi) < end) {
        lo = hi;
        if (hi >= kCap / std::max<std::uint64_t>(step, 1))
            return from + hi * step; // far beyond any real run
        hi *= 2;
    }
    while (hi - lo > 1) {
        const std::uint64_t mid = lo + (hi - lo) / 2;
        (dueAt(mid) < end ? lo : hi) = mid;
    }
    return from + hi * step;
}
} // namespace

bool Worker::dispatchDue(const RunPtr& shared, TimePoint now, std::uint32_t budget) {
    detail::Run& run = *shared;
    std::uint32_t n = 0;
    while (run.due <= now && run.due < run.deadline) {
        if (n++ == budget)
            return false;
        run.ticks.fetch_add(1, std::memory_order_release);
        if (run.inFlight.load(std::memory_order_relaxed) < run.overtime)
            startCall(shared, run.seq, run.due);
        else
            cancelTick(run, run.seq, run.due);
        run.lastDue = run.due;
        run.seq += run.step;
        run.due = run.schedule->dueOf(run.seq);
    }
    run.scheduledNs.store(std::chrono::duration_cast<std::chrono::nanoseconds>(
                              std::min(now, run.deadline) - run.origin)
                              .count(),
                          std::memory_order_relaxed);
    return true;
}

TimePoint Worker::stepOpen(const RunPtr& shared, TimePoint now) {
    detail::Run& run = *shared;
    if (run.rateChanged.exchange(false)) {
        run.schedule->setRps(run.newRps.load(), run.seq < run.step ? 0 : run.seq - run.step,
                             run.lastDue, now);
        run.due = run.schedule->dueOf(run.seq);
    }
    const bool caughtUp = dispatchDue(shared, now, kBurst);
    run.behind = !caughtUp;
    const bool backlog = flushCalls(shared);
    if (!caughtUp)
        return now; // behind: step again at once (after the Crew's other Workers)
    // Wake for the next due tick, at most once per kMinWake; within kMinWake while calls
    // wait for a runner (flushCalls may then add one).
    const TimePoint wake =
        std::min(std::max(run.due, now + kMinWake), now + (backlog ? kMinWake : kMaxSleep));
    return std::min(wake, run.deadline);
}

bool Worker::sweeps(const detail::Run& run) const {
    // With a graceful stop, the ticks that fell due before the deadline while the scheduler
    // slept (or that it fell behind on) are still dispatched, within the grace, unless
    // halted: their calls see the call context, which lives on. Without one they would only
    // meet a context that has already ended: they are canceled in bulk by endOpen.
    return m_config.gracefulStop > Duration::zero() && run.ctx.err().is(ErrDeadlineExceeded) &&
           !run.halt.done();
}

void Worker::applyRateBefore(detail::Run& run, TimePoint end) {
    if (!run.rateChanged.load())
        return;
    const TimePoint at{Duration(run.newRpsAt.load())};
    if (at >= end)
        return; // set as the run ended, or after: not this run's
    run.rateChanged.store(false);
    run.schedule->setRps(run.newRps.load(), run.seq < run.step ? 0 : run.seq - run.step,
                         run.lastDue, at);
    run.due = run.schedule->dueOf(run.seq);
}

bool Worker::sweepStep(const RunPtr& run) {
    applyRateBefore(*run, run->deadline);
    if (run->halt.done())
        return true;
    const bool done = dispatchDue(run, run->deadline, kBurst);
    flushCalls(run);
    return done;
}

void Worker::endOpen(const RunPtr& shared) {
    detail::Run& run = *shared;
    flushCalls(shared);
    // The run's end: its deadline when it reached it; when it was canceled, the cancel if the
    // scheduler was behind then, else its last look (nothing was left due).
    TimePoint end = run.origin;
    if (run.ctx.err().is(ErrDeadlineExceeded))
        end = run.deadline;
    else if (run.behind)
        end = std::min(Clock::now(), run.deadline);
    applyRateBefore(run, end);
    // Every tick due before the run's end that was not dispatched is canceled here, in bulk:
    // counted in one step and gossiped as one Canceled event, never dispatched one by one.
    if (run.due < end) {
        const std::uint64_t next = firstDueAtOrAfter(*run.schedule, run.seq, run.step, end);
        const std::uint64_t n = (next - run.seq) / run.step;
        if (n > 0) {
            run.ticks.fetch_add(n, std::memory_order_release);
            run.canceled.fetch_add(n, std::memory_order_release);
            run.canceledAtEnd.fetch_add(n, std::memory_order_relaxed);
            run.notDispatched.fetch_add(n, std::memory_order_relaxed);
            if (run.listening()) {
                const TimePoint now = Clock::now();
                Gossip bulk{{}, {}, When::Canceled, run.seq, run.due, now, now};
                bulk.undispatched = n;
                run.shout(bulk); // reliably: it carries a count
            }
            run.seq = next;
            run.due = run.schedule->dueOf(run.seq);
        }
    }
    if (end > run.origin && end != TimePoint::max() && run.due >= end)
        run.scheduledNs.store(
            std::chrono::duration_cast<std::chrono::nanoseconds>(end - run.origin).count(),
            std::memory_order_relaxed);
}

void Worker::graceWait(const RunPtr& run, TimePoint until) {
    // A run that reached its deadline lets the calls in flight finish for up to the graceful
    // stop (queued calls may still start then); a halt ends the wait at once.
    const bool queues = !m_target.isAsync() && !run->closedModel;
    while (run->inFlight.load() != 0 && Clock::now() < until && !run->halt.done()) {
        if (queues)
            flushCalls(run);
        run->waitFor([&] { return run->inFlight.load() == 0; },
                     std::min(until, Clock::now() + kMinWake));
    }
}

void Worker::cut(const RunPtr& run) {
    // A call still running when the graceful stop after the run's deadline ran out is cut
    // (the recorder counts it as cut_at_grace), and its error says so; a stop's or a
    // halt's cut is a plain cancel (the recorder counts it as interrupted).
    if (run->cancelCalls)
        run->cancelCalls(run->ctx.err().is(ErrDeadlineExceeded) && !run->halt.done()
                             ? detail::cutAtGrace(m_config.gracefulStop)
                             : ErrCanceled);
    // The run has ended: calls that have not started never will. They are Canceled.
    if (!m_target.isAsync() && !run->closedModel)
        cancelQueued(*run);
}

void Worker::finish(const RunPtr& run) {
    // Wait for the calls in flight and for every runner to leave (none can start a call
    // after this), then let every listener drain and stop.
    while (run->inFlight.load() != 0 || run->runners() != 0)
        run->waitFor([&] { return run->inFlight.load() == 0 && run->runners() == 0; },
                     Clock::now() + kMinWake);
    for (auto& stream : run->streams)
        stream->close();
    for (auto& thread : run->listenerThreads)
        thread.join();
    run->listenerThreads.clear();
    for (std::size_t i = 0; i < m_config.listeners.size(); ++i) {
        try {
            m_config.listeners[i]->stop();
        } catch (const std::exception& e) {
            listenerFailed(*run, "stop", i, e.what());
        } catch (...) {
            listenerFailed(*run, "stop", i, nullptr);
        }
    }
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
    // Asynchronous target: the scheduler fills the overtime slots, then sleeps until a slot
    // frees (freeSlot wakes it) or the run ends (this hook wakes it). While the closed model
    // chains calls on the threads that complete them no slot frees, and the scheduler sleeps
    // on: it does not wake every kMinWake to look (1,000 needless wake-ups a second on a CPU
    // the target's I/O threads or the server need). kMaxSleep is only a safety net.
    const std::uint64_t hook = run.ctx.onDone([shared] { shared->wake(); });
    while (!run.ctx.done()) {
        std::uint32_t burst = 0;
        while (run.inFlight.load() < run.overtime) {
            run.ticks.fetch_add(1, std::memory_order_release);
            startCall(shared, run.nextSeq.fetch_add(1, std::memory_order_relaxed), Clock::now());
            if ((++burst & 1023u) == 0 && run.ctx.done())
                break; // the wait below returns at once, and the loop ends
        }
        run.waitFor([&] { return run.inFlight.load() < run.overtime || run.ctx.done(); },
                    Clock::now() + kMaxSleep);
    }
    run.ctx.removeOnDone(hook);
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
    // The closed model's calls are due when started (one clock read); the open model's at
    // their scheduled time.
    detail::startAsync(run, seq, intended, run->closedModel ? intended : Clock::now());
}

void Worker::cancelTick(detail::Run& run, std::uint64_t seq, TimePoint intended) {
    run.canceled.fetch_add(1, std::memory_order_release);
    if (!run.listening())
        return;
    const TimePoint now = Clock::now();
    run.whisp(Gossip{{}, {}, When::Canceled, seq, intended, now, now});
}

} // namespace pusher

// ---------------------------------------------------------------------------------------
// Crew

namespace pusher {

struct Crew::Member {
    Worker* worker = nullptr;
    Worker::RunPtr run;
    std::size_t thread = 0;
    bool released = false;
};

Crew::Crew(std::vector<Worker::Shift> shifts, const Context& halt, int threads) {
    std::size_t open = 0;
    for (const auto& shift : shifts) {
        if (!shift) {
            m_error = shift.error() ? shift.error() : ErrWorkerIsBusy.reason("shift already used");
            return; // the Shifts free their Workers
        }
        if (!shift.m_rate.isMax())
            ++open;
    }
    int n = threads;
    if (n <= 0)
        n = std::max(4, static_cast<int>(std::thread::hardware_concurrency()));
    n = static_cast<int>(
        std::clamp<std::size_t>(std::min<std::size_t>(static_cast<std::size_t>(n), open), 1,
                                static_cast<std::size_t>(kMaxCrewThreads)));
    for (int i = 0; i < n; ++i)
        m_sleepers.push_back(std::make_shared<detail::Sleeper>());
    m_members.reserve(shifts.size());
    std::size_t next = 0;
    for (auto& shift : shifts) {
        Member member;
        member.worker = std::exchange(shift.m_worker, nullptr);
        m_members.push_back(member);
        Member& m = m_members.back();
        if (shift.m_rate.isMax()) {
            m.run = m.worker->prepare(std::move(shift.m_rate), halt,
                                      std::make_shared<detail::Sleeper>());
        } else {
            m.thread = next++ % m_sleepers.size();
            m.run = m.worker->prepare(std::move(shift.m_rate), halt, m_sleepers[m.thread]);
        }
    }
}

Crew::~Crew() {
    releaseAll();
}

std::size_t Crew::size() const noexcept {
    return m_members.size();
}

void Crew::releaseAll() {
    for (auto& m : m_members) {
        if (!std::exchange(m.released, true))
            m.worker->release();
    }
}

Error Crew::work(const Context& ctx, TimePoint origin) {
    if (m_error)
        return m_error;
    if (std::exchange(m_worked, true))
        return ErrWorkerIsBusy.reason("crew already worked");
    // Whatever happens below, every Worker is free again when this returns.
    struct Release {
        Crew* crew;
        ~Release() { crew->releaseAll(); }
    } releaseOnReturn{this};

    for (auto& m : m_members)
        m.worker->launch(m.run, ctx, origin);
    std::vector<std::thread> threads;
    for (auto& m : m_members) {
        if (!m.run->closedModel)
            continue;
        threads.emplace_back([&m] {
            nameThisThread("pusher-work");
            m.worker->dispatchClosed(m.run);
        });
    }
    for (std::size_t t = 0; t < m_sleepers.size(); ++t) {
        threads.emplace_back([this, &ctx, t] {
            nameThisThread("pusher-work");
            schedule(ctx, t);
        });
    }
    for (auto& thread : threads)
        thread.join();

    // Every Worker's end, as work() has it: the graceful stop (one absolute end per Worker,
    // so waiting for them in turn takes the longest of them, not their sum; a halt ends it),
    // then every run cut at once, then the calls and listeners waited for.
    if (ctx.err().is(ErrDeadlineExceeded)) {
        for (auto& m : m_members) {
            const Duration grace = m.worker->m_config.gracefulStop;
            if (grace > Duration::zero())
                m.worker->graceWait(m.run, detail::graceEnd(*m.run, grace));
        }
    }
    for (auto& m : m_members)
        m.worker->cut(m.run);
    for (auto& m : m_members)
        m.worker->finish(m.run);
    Error reason = ctx.err();
    return reason ? reason : ErrCanceled;
}

void Crew::schedule(const Context& ctx, std::size_t thread) {
    detail::Sleeper& sleeper = *m_sleepers[thread];
    std::vector<Member*> group;
    for (auto& m : m_members)
        if (!m.run->closedModel && m.thread == thread)
            group.push_back(&m);
    if (group.empty())
        return;
    const std::uint64_t hook = ctx.onDone([s = m_sleepers[thread]] { s->poke(); });

    // A min-heap of (wake, member); an entry whose wake is no longer the member's is stale.
    using Entry = std::pair<TimePoint, std::size_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
    std::vector<TimePoint> wakes(group.size(), Clock::now());
    for (std::size_t i = 0; i < group.size(); ++i)
        heap.emplace(wakes[i], i);
    std::vector<std::size_t> due;
    while (!ctx.done()) {
        const TimePoint now = Clock::now();
        due.clear();
        while (!heap.empty() && heap.top().first <= now) {
            const auto [wake, i] = heap.top();
            heap.pop();
            if (wake == wakes[i])
                due.push_back(i);
        }
        std::uint32_t stepped = 0;
        for (const std::size_t i : due) {
            // Stepped once each per round: one Worker that is behind cannot starve the others.
            wakes[i] = group[i]->worker->stepOpen(group[i]->run, now);
            heap.emplace(wakes[i], i);
            if ((++stepped & 63u) == 0 && ctx.done())
                break;
        }
        const TimePoint until = heap.empty() ? now + kMaxSleep : heap.top().first;
        if (until <= Clock::now() || ctx.done())
            continue;
        if (sleeper.sleepUntil(until, [&] { return ctx.done(); })) {
            // Poked: a rate changed (or the run ended); step the Workers whose rate changed.
            const TimePoint at = Clock::now();
            for (std::size_t i = 0; i < group.size(); ++i) {
                if (group[i]->run->rateChanged.load()) {
                    wakes[i] = at;
                    heap.emplace(at, i);
                }
            }
        }
    }
    ctx.removeOnDone(hook);

    // The final sweep, round robin over the Workers that still have ticks due before the
    // deadline, each within its graceful stop; then every tick left undispatched is
    // canceled in bulk.
    std::vector<std::pair<Member*, TimePoint>> sweeping;
    for (Member* m : group)
        if (m->worker->sweeps(*m->run))
            sweeping.emplace_back(m, detail::graceEnd(*m->run, m->worker->m_config.gracefulStop));
    while (!sweeping.empty()) {
        const TimePoint now = Clock::now();
        std::erase_if(sweeping, [&](const auto& entry) {
            return entry.first->worker->sweepStep(entry.first->run) || now >= entry.second;
        });
    }
    for (Member* m : group)
        m->worker->endOpen(m->run);
}

} // namespace pusher
