// Target: what a Worker calls on every started tick, blocking or asynchronous.
#pragma once

#include "pusher/clock.h"
#include "pusher/context.h"
#include "pusher/error.h"
#include "pusher/result.h"

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>

namespace pusher {

// Outcome is what a call of a Target produced: a Result and an Error.
struct Outcome {
    Result result;
    Error error;
};

namespace detail {
struct CallState;
struct Run;
void startAsync(const std::shared_ptr<Run>& run, std::uint64_t seq, TimePoint intended,
                TimePoint start);

template <typename T>
struct IsPair : std::false_type {};
template <typename A, typename B>
struct IsPair<std::pair<A, B>> : std::true_type {};
template <typename A, typename B>
struct IsPair<std::tuple<A, B>> : std::true_type {};

// toOutcome turns what a user's callable returned into an Outcome.
template <typename R>
Outcome toOutcome(R&& value) {
    using T = std::decay_t<R>;
    if constexpr (std::is_same_v<T, Outcome>) {
        return std::forward<R>(value);
    } else if constexpr (IsPair<T>::value) {
        auto&& [result, error] = value;
        return Outcome{Result(std::move(result)), Error(std::move(error))};
    } else if constexpr (std::is_same_v<T, Error>) {
        return Outcome{{}, std::forward<R>(value)};
    } else {
        return Outcome{Result(std::forward<R>(value)), {}};
    }
}
} // namespace detail

// Completion finishes one asynchronous call. Call it exactly once, from any thread, with
// the call's Result and Error; later calls are ignored. If every copy is destroyed without
// a call, the call completes with the error "completion dropped", so a run never hangs.
class Completion {
public:
    void operator()(Result result, Error error = {}) const;
    void operator()(Outcome outcome) const {
        (*this)(std::move(outcome.result), std::move(outcome.error));
    }

private:
    friend void detail::startAsync(const std::shared_ptr<detail::Run>&, std::uint64_t, TimePoint,
                                   TimePoint);
    explicit Completion(std::shared_ptr<detail::CallState> call)
        : m_call(std::move(call)) {}
    std::shared_ptr<detail::CallState> m_call;
};

// Target is what a Worker calls. A blocking target is any callable taking `const Context&`
// and returning an Outcome, a pair (Result, Error), an Error, a printable value, or void;
// it runs on a thread pool. An asynchronous target (Target::async) starts a call, returns
// at once, and later invokes its Completion, so thousands of calls can be in flight on few
// threads. An empty Target (nullptr) makes work fail with ErrMissingTarget.
class Target {
public:
    using Blocking = std::function<Outcome(const Context&)>;
    using Async = std::function<void(const Context&, Completion)>;

    Target() = default;
    Target(std::nullptr_t) {} // NOLINT(google-explicit-constructor)

    template <typename F>
    requires(!std::same_as<std::decay_t<F>, Target> && std::invocable<F&, const Context&>)
        Target(F&& fn) // NOLINT(google-explicit-constructor): any callable is a Target
    {
        using R = std::invoke_result_t<F&, const Context&>;
        if constexpr (std::is_pointer_v<std::decay_t<F>>) {
            if (fn == nullptr)
                return;
        }
        if constexpr (std::is_void_v<R>) {
            m_blocking = [f = std::forward<F>(fn)](const Context& ctx) mutable {
                f(ctx);
                return Outcome{};
            };
        } else {
            m_blocking = [f = std::forward<F>(fn)](const Context& ctx) mutable {
                return detail::toOutcome(f(ctx));
            };
        }
    }

    // async makes a Target from a function that starts a call and completes it later.
    // The function runs on the Worker's scheduler thread and must not block.
    static Target async(Async start) {
        Target target;
        target.m_async = std::move(start);
        return target;
    }

    [[nodiscard]] bool isAsync() const noexcept { return static_cast<bool>(m_async); }
    explicit operator bool() const noexcept { return m_blocking || m_async; }
    // blocking is the callable of a blocking Target (empty for an asynchronous one).
    [[nodiscard]] const Blocking& blocking() const noexcept { return m_blocking; }
    // asyncStart is the start function of an asynchronous Target (empty otherwise).
    [[nodiscard]] const Async& asyncStart() const noexcept { return m_async; }

private:
    Blocking m_blocking;
    Async m_async;
};

} // namespace pusher
