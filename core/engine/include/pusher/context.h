// Context: cancellation and deadlines, the counterpart of Go's context.Context.
#pragma once

#include "pusher/clock.h"
#include "pusher/error.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

namespace pusher {

// Context carries a cancellation signal and an optional deadline across threads.
// Copies share state. A default Context is the background: never done, no deadline.
// Contexts derived with withCancel / withTimeout / withDeadline end when their parent ends.
class Context {
public:
    Context() = default;

    // background returns the root Context that is never done.
    static Context background() { return {}; }

    // done is true once the Context was canceled or its deadline passed.
    [[nodiscard]] bool done() const noexcept;
    // doneAt is done() with `now` a time the caller has just read (callTime()), instead of
    // reading the clock again for the deadline.
    [[nodiscard]] bool doneAt(TimePoint now) const noexcept;
    // err is empty while not done; then ErrCanceled or ErrDeadlineExceeded.
    [[nodiscard]] Error err() const;
    // deadline is the time the Context ends by itself, if any.
    [[nodiscard]] std::optional<TimePoint> deadline() const noexcept;

    // waitUntil blocks until the Context is done or `until` passes; returns done().
    bool waitUntil(TimePoint until) const;
    // waitFor blocks until the Context is done or `timeout` passes; returns done().
    bool waitFor(Duration timeout) const { return waitUntil(Clock::now() + timeout); }
    // wait blocks until the Context is done. On the background Context it never returns.
    void wait() const;

    // onDone registers `callback` to run once when the Context ends (at once, on this
    // thread, when it already has). When the Context is canceled (or its parent is), it runs
    // on the thread that cancels; when it ends by its deadline, on a "pusher-ctx-hook"
    // thread, never on the process's deadline timer, so a callback that blocks delays no
    // other Context's deadline (it holds its own hook thread; keep callbacks short all the
    // same). Returns an id for removeOnDone, or 0 if it ran.
    std::uint64_t onDone(std::function<void()> callback) const;
    // removeOnDone forgets a callback that has not run yet.
    void removeOnDone(std::uint64_t id) const;

    struct State;

private:
    friend std::pair<Context, std::function<void()>> withCancel(const Context&);
    friend std::pair<Context, std::function<void()>> withDeadline(const Context&, TimePoint);
    friend std::pair<Context, std::function<void(const Error&)>> withCancelCause(const Context&);
    explicit Context(std::shared_ptr<State> state)
        : m_state(std::move(state)) {}
    std::shared_ptr<State> m_state;
};

// CancelFunc ends a Context with ErrCanceled; calling it again does nothing.
using CancelFunc = std::function<void()>;

// CancelCauseFunc ends a Context with `why`, an Error derived from ErrCanceled (so that
// is(ErrCanceled) holds) that says why; an empty `why` is ErrCanceled. Calling it again does
// nothing.
using CancelCauseFunc = std::function<void(const Error& why)>;

// withCancel returns a child of `parent` and the function that cancels it.
std::pair<Context, CancelFunc> withCancel(const Context& parent);
// withCancelCause is withCancel whose cancel gives the reason err() returns (and the
// Context's children see).
std::pair<Context, CancelCauseFunc> withCancelCause(const Context& parent);
// withDeadline returns a child of `parent` that ends at `deadline` (or earlier with its parent).
std::pair<Context, CancelFunc> withDeadline(const Context& parent, TimePoint deadline);
// withTimeout returns a child of `parent` that ends `timeout` from now.
inline std::pair<Context, CancelFunc> withTimeout(const Context& parent, Duration timeout) {
    return withDeadline(parent, Clock::now() + timeout);
}

namespace detail {
// pendingDeadlines counts the deadline timer's entries: Contexts with a deadline that have
// neither ended nor been destroyed (a diagnostic for tests).
std::size_t pendingDeadlines();
} // namespace detail

} // namespace pusher
