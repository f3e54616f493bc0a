#include "pusher/error.h"

namespace pusher {

struct Error::Node {
    const void* identity; // the sentinel's root node; equal identities match in is()
    std::shared_ptr<const Node> root;
    std::string message;
    std::string kind;
};

Error::Error(std::string message)
    : Error(std::string(), std::move(message)) {}

Error::Error(std::string kind, std::string message) {
    auto node = std::make_shared<Node>();
    node->identity = node.get();
    node->kind = kind.empty() ? message : std::move(kind);
    node->message = std::move(message);
    m_node = std::move(node);
}

Error Error::reason(std::string_view why) const {
    if (!m_node)
        return Error(std::string(why));
    auto node = std::make_shared<Node>();
    node->identity = m_node->identity;
    node->root = m_node->root ? m_node->root : m_node;
    node->message = m_node->message + ": " + std::string(why);
    node->kind = m_node->kind;
    Error out;
    out.m_node = std::move(node);
    return out;
}

Error Error::saying(std::string message) const {
    if (!m_node)
        return Error(std::move(message));
    auto node = std::make_shared<Node>();
    node->identity = m_node->identity;
    node->root = m_node->root ? m_node->root : m_node;
    node->message = std::move(message);
    node->kind = m_node->kind;
    Error out;
    out.m_node = std::move(node);
    return out;
}

bool Error::is(const Error& sentinel) const noexcept {
    return m_node && sentinel.m_node && m_node->identity == sentinel.m_node->identity;
}

const std::string& Error::message() const noexcept {
    static const std::string empty;
    return m_node ? m_node->message : empty;
}

const std::string& Error::kind() const noexcept {
    static const std::string empty;
    return m_node ? m_node->kind : empty;
}

bool operator==(const Error& a, const Error& b) noexcept {
    if (!a || !b)
        return !a && !b;
    return a.is(b) && a.message() == b.message();
}

const Error ErrInvalidRps{"invalid rps"};
const Error ErrMissingTarget{"target is missing"};
const Error ErrWorkerIsBusy{"worker is busy"};
const Error ErrInvalidOvertime{"invalid overtime"};
const Error ErrInvalidAmount{"invalid amount"};
const Error ErrCanceled{"canceled", "context canceled"};
const Error ErrDeadlineExceeded{"deadline", "context deadline exceeded"};

bool isContextError(const Error& error) noexcept {
    return error.is(ErrCanceled) || error.is(ErrDeadlineExceeded);
}

} // namespace pusher
