// Gossip: the telemetry event of one tick, and When, its lifecycle stage.
#pragma once

#include "pusher/clock.h"
#include "pusher/error.h"
#include "pusher/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace pusher {

// When is the stage of a tick's lifecycle at which a Gossip is generated.
enum class When : std::uint8_t {
    // BeforeTarget is the moment just before the Target is called.
    BeforeTarget,
    // AfterTarget is the moment just after the Target returned (or completed).
    AfterTarget,
    // Canceled is a tick that was skipped because overtime calls were in flight, or that
    // the run ended before it started (see Gossip::undispatched).
    Canceled,
};

// toString prints When as "before-target", "after-target" or "canceled".
std::string_view toString(When when) noexcept;

// Gossip is one event of a Worker: the stage, the Result and Error (AfterTarget only),
// and the timing of the tick. `intended` is when the tick was scheduled; `start` when the
// Target was called (or the tick was skipped); `end` when it returned (AfterTarget) or
// equals `start`. `seq` numbers a Worker's ticks from 0 within one run.
struct Gossip {
    Result result;
    Error error;
    When when = When::BeforeTarget;
    std::uint64_t seq = 0;
    TimePoint intended{};
    TimePoint start{};
    TimePoint end{};
    // undispatched > 0 marks a Canceled gossip that stands for that many ticks at once: ticks
    // due before the run's end that the scheduler never dispatched (it fell behind, or the
    // run was stopped), canceled in bulk. `seq` and `intended` are the first one's. A
    // Canceled gossip with undispatched == 0 is one tick (see ticks()).
    std::uint64_t undispatched = 0;

    [[nodiscard]] bool beforeTarget() const noexcept { return when == When::BeforeTarget; }
    [[nodiscard]] bool afterTarget() const noexcept { return when == When::AfterTarget; }
    [[nodiscard]] bool canceled() const noexcept { return when == When::Canceled; }
    // ticks is how many ticks the gossip stands for: 1, or `undispatched` for a bulk cancel.
    [[nodiscard]] std::uint64_t ticks() const noexcept {
        return undispatched > 0 ? undispatched : 1;
    }

    // serviceTime is start→end: how long the Target took.
    [[nodiscard]] Duration serviceTime() const noexcept { return end - start; }
    // responseTime is intended→end: latency corrected for coordinated omission.
    [[nodiscard]] Duration responseTime() const noexcept { return end - intended; }
    // lag is intended→start: how late the tick was dispatched (the generator's own delay).
    [[nodiscard]] Duration lag() const noexcept { return start - intended; }

    // toString is Go's Gossip.String(): "<empty>" without a Result, else the Result's text.
    [[nodiscard]] std::string toString() const;
};

// toString prints a Gossip through a pointer, "<nil>" for nullptr (Go's nil *Gossip).
std::string toString(const Gossip* gossip);

} // namespace pusher
