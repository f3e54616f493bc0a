// BodyScan: looks for a text in a response body fed in pieces, keeping no more than the
// text's length less one byte of it.
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace pusher::http {

// BodyScan finds `expected` (exact bytes, case-sensitive) in a body that arrives in pieces
// of any size: reads, chunks of a chunked body, HTTP/2 DATA frames. A match split across
// pieces is found: the last expected.size() - 1 bytes seen are kept. Once warmed up (its
// buffers grown to the text's size) it allocates nothing.
class BodyScan {
public:
    // start begins a new body: `expected` (not empty) must outlive the scan's use.
    void start(std::string_view expected) {
        m_expected = expected;
        m_found = false;
        m_tail.clear();
    }

    // feed scans the next `n` bytes of the body.
    void feed(const char* data, std::size_t n) {
        if (m_found || n == 0)
            return;
        const std::size_t keep = m_expected.size() - 1;
        if (!m_tail.empty()) {
            // A match across the boundary: the kept tail and the first bytes of this piece.
            m_joined.assign(m_tail);
            m_joined.append(data, n < keep ? n : keep);
            if (std::string_view(m_joined).find(m_expected) != std::string_view::npos) {
                m_found = true;
                return;
            }
        }
        if (std::string_view(data, n).find(m_expected) != std::string_view::npos) {
            m_found = true;
            return;
        }
        if (keep == 0)
            return;
        if (n >= keep) {
            m_tail.assign(data + n - keep, keep);
        } else {
            m_tail.append(data, n);
            if (m_tail.size() > keep)
                m_tail.erase(0, m_tail.size() - keep);
        }
    }

    [[nodiscard]] bool found() const noexcept { return m_found; }
    [[nodiscard]] std::string_view expected() const noexcept { return m_expected; }

private:
    std::string_view m_expected;
    bool m_found = false;
    std::string m_tail;
    std::string m_joined;
};

} // namespace pusher::http
