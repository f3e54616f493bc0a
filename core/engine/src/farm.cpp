#include "pusher/pusher.h"

#include "pusher/threadname.h"

#include <mutex>
#include <thread>

namespace pusher {

Error farm(double rps, Duration duration, const std::vector<WorkerPtr>& workers) {
    return farm(Context::background(), rps, duration, workers);
}

Error farm(const Context& parent, double rps, Duration duration,
           const std::vector<WorkerPtr>& workers) {
    // Every Worker is validated and reserved before any starts: in Go the first tick comes
    // one period after the start, so an invalid Worker cancels the farm before any call;
    // here tick 0 is due at once, so the check must come first to keep "no call at all".
    std::vector<Worker::Shift> shifts;
    shifts.reserve(workers.size());
    for (const auto& worker : workers) {
        if (!worker)
            return ErrMissingTarget.reason("not provided");
        Worker::Shift shift = worker->reserve(rps);
        if (!shift)
            return shift.error(); // the Shifts reserved so far free their Workers
        shifts.push_back(std::move(shift));
    }
    if (shifts.empty())
        return {}; // as Go's errgroup with nothing to wait for

    // Not a structured binding: clang 14 cannot capture those in the lambda below.
    const auto timed = withTimeout(parent, duration);
    const Context& ctx = timed.first;
    const CancelFunc& cancel = timed.second;
    std::mutex mutex;
    Error failure; // the first error that is not the run ending as asked

    std::vector<std::thread> threads;
    threads.reserve(shifts.size());
    for (auto& shift : shifts) {
        threads.emplace_back([&, shift = &shift] {
            nameThisThread("pusher-work");
            Error err = shift->work(ctx);
            if (err && !isContextError(err)) {
                {
                    std::lock_guard lock(mutex);
                    if (!failure)
                        failure = err;
                }
                cancel();
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    cancel();
    if (failure)
        return failure;
    Error reason = ctx.err();
    return reason ? reason : ErrDeadlineExceeded;
}

} // namespace pusher
