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
    // Not a structured binding: clang 14 cannot capture those in the lambda below.
    const auto timed = withTimeout(parent, duration);
    const Context& ctx = timed.first;
    const CancelFunc& cancel = timed.second;
    std::mutex mutex;
    Error failure; // the first error that is not the run ending as asked

    std::vector<std::thread> threads;
    threads.reserve(workers.size());
    for (const auto& worker : workers) {
        threads.emplace_back([&, worker] {
            nameThisThread("pusher-work");
            Error err = worker ? worker->work(ctx, rps) : ErrMissingTarget.reason("not provided");
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
