#include "pusher/pusher.h"

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

    // The Workers share a few scheduler threads (a Crew), every run is set up first, and the
    // deadline is taken once they all are: start-up is not taken out of the run. The parent
    // is the halt: its end also cuts the final sweep and the graceful stop.
    Crew crew(std::move(shifts), parent);
    const TimePoint origin = Clock::now();
    const auto [ctx, cancel] = withDeadline(parent, origin + duration);
    Error err = crew.work(ctx, origin);
    cancel();
    if (err && !isContextError(err))
        return err;
    Error reason = ctx.err();
    return reason ? reason : ErrDeadlineExceeded;
}

} // namespace pusher
