// Error values: sentinels that callers compare against, each with a reason.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace pusher {

// Error is a cheap, copyable error value; a default-constructed Error means "no error".
// An Error made from a message is a new sentinel; reason() derives an Error with the same
// identity whose message is "<message>: <reason>", so is() still matches the sentinel.
// kind() is a short machine-readable classification (e.g. "timeout", "http_503") used by
// metrics to count errors by kind; it defaults to the sentinel's message.
class Error {
public:
    Error() = default;
    explicit Error(std::string message);
    Error(std::string kind, std::string message);

    // reason returns an Error with the same identity and the text "<message>: <why>".
    [[nodiscard]] Error reason(std::string_view why) const;
    // saying returns an Error with the same identity and kind whose message is `message`
    // instead: the same condition told in words of its own (is() still matches).
    [[nodiscard]] Error saying(std::string message) const;
    // is returns true when both errors share an identity (one derives from the other).
    [[nodiscard]] bool is(const Error& sentinel) const noexcept;

    explicit operator bool() const noexcept { return m_node != nullptr; }
    [[nodiscard]] const std::string& message() const noexcept;
    [[nodiscard]] const std::string& kind() const noexcept;
    [[nodiscard]] std::string toString() const { return message(); }

private:
    struct Node;
    std::shared_ptr<const Node> m_node;
};

bool operator==(const Error& a, const Error& b) noexcept;

// ErrInvalidRps is returned when the requests-per-second value is not positive or too large.
extern const Error ErrInvalidRps;
// ErrMissingTarget is returned when a Worker is hired without a Target.
extern const Error ErrMissingTarget;
// ErrWorkerIsBusy is returned when work is called on a Worker that is already working.
extern const Error ErrWorkerIsBusy;
// ErrInvalidOvertime is returned when work runs with a negative overtime.
extern const Error ErrInvalidOvertime;
// ErrInvalidAmount is returned by force(...)(amount) for a negative amount.
extern const Error ErrInvalidAmount;
// ErrCanceled is the reason of a Context that was canceled; work returns it when a run
// ends by cancellation.
extern const Error ErrCanceled;
// ErrDeadlineExceeded is the reason of a Context whose deadline passed; work returns it
// when a run ends by its deadline.
extern const Error ErrDeadlineExceeded;

// isContextError is true for ErrCanceled and ErrDeadlineExceeded: the run ended as asked.
bool isContextError(const Error& error) noexcept;

} // namespace pusher
