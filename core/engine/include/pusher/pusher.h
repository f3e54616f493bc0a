// The pusher engine: the whole public API in one header.
//
// A Worker calls a Target at a set rate (ticks per second) under a concurrency limit
// (overtime). Every tick is gossiped to listeners: BeforeTarget and AfterTarget for a
// started call, Canceled for a skipped tick. work / farm / force run Workers for a duration.
#pragma once

#include "pusher/clock.h"
#include "pusher/config.h"
#include "pusher/context.h"
#include "pusher/crew.h"
#include "pusher/error.h"
#include "pusher/gossip.h"
#include "pusher/gossiper.h"
#include "pusher/rate.h"
#include "pusher/result.h"
#include "pusher/stream.h"
#include "pusher/target.h"
#include "pusher/worker.h"

#include <functional>
#include <string>
#include <vector>

namespace pusher {

// farm runs `workers` in parallel at `rps` each for `duration`. Every Worker is validated
// and reserved first (target, rps, overtime, busy): the first error, in the order of
// `workers`, is returned before any Worker starts, so no call is made. Otherwise it returns
// the reason the run ended (ErrDeadlineExceeded); with no workers, no error, at once.
Error farm(double rps, Duration duration, const std::vector<WorkerPtr>& workers);
// farm with a caller's Context, which can end the run early (ErrCanceled).
Error farm(const Context& ctx, double rps, Duration duration,
           const std::vector<WorkerPtr>& workers);

// work hires one Worker (kDefaultIdent) and runs it at `rps` for `duration`.
template <typename... Offers>
Error work(double rps, Duration duration, Target target, Offers&&... offers) {
    auto worker = hire({}, std::move(target), std::forward<Offers>(offers)...);
    auto [ctx, cancel] = withTimeout(Context::background(), duration);
    Error err = worker->work(ctx, rps);
    cancel();
    return err;
}

// force returns a function of `amount` that hires that many identical Workers named
// "force #0" … "force #<amount-1>" and farms them at `rps` each for `duration`. An amount
// of 0 farms nobody (no error); a negative one is ErrInvalidAmount.
template <typename... Offers>
std::function<Error(int)> force(double rps, Duration duration, Target target, Offers... offers) {
    return [=](int amount) {
        if (amount < 0)
            return ErrInvalidAmount.reason("must be more or equal zero");
        std::vector<WorkerPtr> workers;
        for (int i = 0; i < amount; ++i)
            workers.push_back(hire("force #" + std::to_string(i), target, offers...));
        return farm(rps, duration, workers);
    };
}

} // namespace pusher
