#include "pusher/http/responseparser.h"

#include "pusher/http/bodyscan.h"

#include <array>
#include <cstring>
#include <string_view>

namespace pusher::http {

namespace {

constexpr std::size_t kMaxChunkLine = 4096;
constexpr std::uint64_t kMaxBodyLength = std::uint64_t(1) << 60;

char lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

std::uint64_t load8(const char* p) noexcept {
    std::uint64_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

// equalsLower compares `s` with `lowered`, a lower-case word of letters and '-', ignoring
// case. Among all bytes only 'A'-'Z' and 'a'-'z' give a lower-case letter with bit 0x20 set,
// so setting that bit where `lowered` has a letter (those have bit 0x40, '-' has not) and
// comparing is exact; eight bytes at a time.
[[gnu::always_inline]] inline bool equalsLower(std::string_view s,
                                               std::string_view lowered) noexcept {
    const std::size_t n = s.size();
    if (n != lowered.size())
        return false;
    if (n < 8) {
        for (std::size_t i = 0; i < n; ++i) {
            const char want = lowered[i];
            if (char(s[i] | ((want & 0x40) >> 1)) != want)
                return false;
        }
        return true;
    }
    for (std::size_t i = 0;; i += 8) {
        if (i + 8 > n)
            i = n - 8; // the last eight bytes, overlapping the ones before
        const std::uint64_t want = load8(lowered.data() + i);
        if ((load8(s.data() + i) | ((want & 0x4040404040404040u) >> 1)) != want)
            return false;
        if (i + 8 == n)
            return true;
    }
}

bool isSpace(char c) noexcept {
    return c == ' ' || c == '\t';
}

[[gnu::always_inline]] inline std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

// kTokenChars marks the characters of an RFC 9110 token (a header name): a table, not
// strchr per character, as every header name of every response goes through it.
constexpr auto kTokenChars = [] {
    std::array<std::uint8_t, 256> table{};
    for (int c = '0'; c <= '9'; ++c)
        table[std::size_t(c)] = 1;
    for (int c = 'a'; c <= 'z'; ++c)
        table[std::size_t(c)] = 1;
    for (int c = 'A'; c <= 'Z'; ++c)
        table[std::size_t(c)] = 1;
    for (const char c : std::string_view("!#$%&'*+-.^_`|~"))
        table[std::size_t(static_cast<unsigned char>(c))] = 1;
    return table;
}();

// tokenBit is 1 for a token character, else 0 (several are and-ed at once).
unsigned tokenBit(char c) noexcept {
    return kTokenChars[static_cast<unsigned char>(c)];
}

bool isTokenChar(char c) noexcept {
    return tokenBit(c) != 0;
}

int hexValue(char c) noexcept {
    if (c >= '0' && c <= '9')
        return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

// forEachToken calls fn on each comma-separated, trimmed, non-empty token of a header value.
template <typename Fn>
void forEachToken(std::string_view value, Fn&& fn) {
    while (!value.empty()) {
        const std::size_t comma = value.find(',');
        std::string_view token = trim(value.substr(0, comma));
        if (!token.empty())
            fn(token);
        if (comma == std::string_view::npos)
            break;
        value.remove_prefix(comma + 1);
    }
}

} // namespace

void ResponseParser::reset(bool headRequest) noexcept {
    m_state = State::StatusLine;
    m_head = headRequest;
    m_started = false;
    m_keepAlive = true;
    m_http10 = false;
    m_chunked = false;
    m_hasLength = false;
    m_closeSeen = false;
    m_keepAliveSeen = false;
    m_lineTruncated = false;
    m_otherEncoding = false;
    m_status = 0;
    m_length = 0;
    m_remaining = 0;
    m_bodyBytes = 0;
    m_headerBytes = 0;
    m_lineLen = 0;
    m_error = nullptr;
}

ResponseParser::Status ResponseParser::fail(const char* why) noexcept {
    m_state = State::Error;
    m_error = why;
    m_keepAlive = false;
    return Status::Error;
}

ResponseParser::Status ResponseParser::feed(const char* data, std::size_t len,
                                            std::size_t* consumed) noexcept {
    std::size_t i = 0;
    if (len > 0)
        m_started = true;
    while (i < len) {
        // The usual case first: the status line and header lines that lie whole in this piece
        // (not begun in an earlier one, not longer than kLineCap), read where they lie one
        // after the other. The general path below does the same for them, step by step.
        if ((m_state == State::HeaderLine || m_state == State::StatusLine) && m_lineLen == 0) {
            const char* nl = static_cast<const char*>(std::memchr(data + i, '\n', len - i));
            const std::size_t n = nl ? std::size_t(nl - data) - i : 0;
            if (nl && n <= kLineCap) {
                m_headerBytes += n + 1;
                if (m_headerBytes > kMaxHeaderBytes) {
                    *consumed = i + n;
                    return fail("response headers larger than 64 KiB");
                }
                std::string_view line(data + i, n);
                i += n + 1;
                if (!line.empty() && line.back() == '\r')
                    line.remove_suffix(1);
                const bool ok =
                    m_state == State::HeaderLine ? endHeaderLine(line) : endStatusLine(line);
                if (!ok) {
                    *consumed = i;
                    return fail(m_error ? m_error : "malformed response");
                }
                if (m_state == State::Done) {
                    *consumed = i;
                    return Status::Done;
                }
                continue;
            }
        }
        switch (m_state) {
        case State::StatusLine:
        case State::HeaderLine:
        case State::ChunkSize:
        case State::ChunkDataEnd:
        case State::Trailer: {
            const char* nl = static_cast<const char*>(std::memchr(data + i, '\n', len - i));
            const std::size_t end = nl ? std::size_t(nl - data) : len;
            const std::size_t n = end - i;
            if (m_state == State::ChunkSize || m_state == State::ChunkDataEnd) {
                if (m_lineLen + n > kMaxChunkLine) {
                    *consumed = end;
                    return fail("chunk size line too long");
                }
            } else {
                m_headerBytes += n + (nl ? 1 : 0);
                if (m_headerBytes > kMaxHeaderBytes) {
                    *consumed = end;
                    return fail("response headers larger than 64 KiB");
                }
            }
            // A line that ends in this piece and started in it is read where it lies; the
            // start of a line split across pieces is kept in m_line (at most kLineCap bytes).
            std::string_view line;
            if (m_lineLen == 0 && nl) {
                m_lineTruncated = n > kLineCap;
                line = std::string_view(data + i, m_lineTruncated ? kLineCap : n);
            } else {
                const std::size_t room = kLineCap - m_lineLen;
                const std::size_t copy = n < room ? n : room;
                std::memcpy(m_line + m_lineLen, data + i, copy);
                m_lineLen += copy;
                if (copy < n)
                    m_lineTruncated = true;
                line = std::string_view(m_line, m_lineLen);
            }
            i = end;
            if (!nl)
                break;
            ++i;
            if (!m_lineTruncated && !line.empty() && line.back() == '\r')
                line.remove_suffix(1);
            bool ok = true;
            switch (m_state) {
            case State::StatusLine:
                ok = endStatusLine(line);
                break;
            case State::HeaderLine:
                ok = endHeaderLine(line);
                break;
            case State::ChunkSize:
                ok = endChunkSizeLine(line);
                break;
            case State::ChunkDataEnd:
                if (!line.empty())
                    m_error = "missing CRLF after chunk data";
                else
                    m_state = State::ChunkSize;
                ok = line.empty();
                break;
            case State::Trailer:
                if (line.empty())
                    m_state = State::Done;
                break;
            default:
                break;
            }
            m_lineLen = 0;
            m_lineTruncated = false;
            if (!ok) {
                *consumed = i;
                return fail(m_error ? m_error : "malformed response");
            }
            if (m_state == State::Done) {
                *consumed = i;
                return Status::Done;
            }
            break;
        }
        case State::Body:
        case State::ChunkData: {
            const std::uint64_t avail = len - i;
            const std::uint64_t take = avail < m_remaining ? avail : m_remaining;
            if (m_scan)
                m_scan->feed(data + i, std::size_t(take));
            i += std::size_t(take);
            m_remaining -= take;
            m_bodyBytes += take;
            if (m_remaining == 0) {
                if (m_state == State::Body) {
                    m_state = State::Done;
                    *consumed = i;
                    return Status::Done;
                }
                m_state = State::ChunkDataEnd;
            }
            break;
        }
        case State::BodyUntilClose:
            if (m_scan)
                m_scan->feed(data + i, len - i);
            m_bodyBytes += len - i;
            i = len;
            break;
        case State::Done:
            *consumed = i;
            return Status::Done;
        case State::Error:
            *consumed = i;
            return Status::Error;
        }
    }
    *consumed = i;
    return Status::NeedMore;
}

ResponseParser::Status ResponseParser::finish() noexcept {
    switch (m_state) {
    case State::BodyUntilClose:
        m_state = State::Done;
        m_keepAlive = false;
        return Status::Done;
    case State::Done:
        return Status::Done;
    case State::Error:
        return Status::Error;
    case State::StatusLine:
        if (!m_started)
            return fail("connection closed before a response");
        // Bytes of a status line are kept in m_line until it ends; none kept: the bytes
        // were an interim response's.
        if (m_lineLen == 0)
            return fail("connection closed before the response ended: after an interim (1xx) "
                        "response, before the final one");
        return fail("connection closed before the response ended: in the status line");
    case State::HeaderLine:
        return fail("connection closed before the response ended: in the headers");
    case State::Body:
        return fail("connection closed before the response ended: in the body, short of its "
                    "Content-Length");
    case State::ChunkSize:
    case State::ChunkData:
    case State::ChunkDataEnd:
        return fail("connection closed before the response ended: in the chunked body, before "
                    "its last chunk");
    case State::Trailer:
        return fail("connection closed before the response ended: after the last chunk, before "
                    "the empty line that ends the trailers");
    }
    return fail("connection closed before the response ended");
}

bool ResponseParser::endStatusLine(std::string_view line) noexcept {
    // HTTP/1.x SP 3DIGIT [SP reason]
    if (line.size() < 12 || line.substr(0, 7) != "HTTP/1." || (line[7] != '0' && line[7] != '1') ||
        line[8] != ' ') {
        m_error = "malformed status line";
        return false;
    }
    int code = 0;
    for (int k = 9; k < 12; ++k) {
        if (line[std::size_t(k)] < '0' || line[std::size_t(k)] > '9') {
            m_error = "malformed status code";
            return false;
        }
        code = code * 10 + (line[std::size_t(k)] - '0');
    }
    if (line.size() > 12 && line[12] != ' ') {
        m_error = "malformed status code";
        return false;
    }
    if (code < 100) {
        m_error = "status code below 100";
        return false;
    }
    m_status = code;
    m_http10 = line[7] == '0';
    m_state = State::HeaderLine;
    return true;
}

// endHeaderLine is inline in feed: most header lines end here, at their name's length,
// without a call; the few that matter go on in knownHeader, bad ones in badHeaderName.
[[gnu::always_inline]] inline bool ResponseParser::endHeaderLine(std::string_view line) noexcept {
    if (line.empty())
        return endHeaders();
    if (isSpace(line[0]))
        return true; // obsolete line folding: continuation of a header we do not need
    // The name is read once: token characters up to the colon.
    const char* p = line.data();
    const std::size_t size = line.size();
    std::size_t colon = 0;
    while (colon + 4 <= size && (tokenBit(p[colon]) & tokenBit(p[colon + 1]) &
                                 tokenBit(p[colon + 2]) & tokenBit(p[colon + 3])) != 0)
        colon += 4; // four at a time, one branch
    while (colon < size && isTokenChar(p[colon]))
        ++colon;
    if (colon == size || p[colon] != ':' || colon == 0)
        return badHeaderName(line, colon);
    // Only three names matter, told apart by their length first: the others (most of a
    // response's headers) are passed over without comparing them or reading their values.
    if (colon != 14 && colon != 17 && colon != 10)
        return true;
    return knownHeader(line, colon);
}

bool ResponseParser::badHeaderName(std::string_view line, std::size_t colon) noexcept {
    if (colon == line.size() || line[colon] != ':') {
        // No colon right after the token characters: either none at all, or a character
        // that is not one of a name's before it.
        if (line.find(':', colon) == std::string_view::npos) {
            if (m_lineTruncated)
                return true; // a long header whose name we did not keep entirely: not one we need
            m_error = "header line without a colon";
            return false;
        }
        m_error = "invalid character in header name";
        return false;
    }
    m_error = "empty header name";
    return false;
}

bool ResponseParser::knownHeader(std::string_view line, std::size_t colon) noexcept {
    const std::string_view name = line.substr(0, colon);
    const std::string_view wanted = colon == 14   ? "content-length"
                                    : colon == 17 ? "transfer-encoding"
                                                  : "connection";
    if (!equalsLower(name, wanted))
        return true;
    const std::string_view value = trim(line.substr(colon + 1));
    if (colon == 14) {
        if (m_lineTruncated || value.empty()) {
            m_error = "invalid Content-Length";
            return false;
        }
        std::uint64_t length = 0;
        for (char c : value) {
            if (c < '0' || c > '9' || length > kMaxBodyLength / 10) {
                m_error = "invalid Content-Length";
                return false;
            }
            length = length * 10 + std::uint64_t(c - '0');
        }
        if (m_hasLength && length != m_length) {
            m_error = "conflicting Content-Length headers";
            return false;
        }
        m_hasLength = true;
        m_length = length;
    } else if (colon == 17) {
        if (m_lineTruncated) {
            m_error = "Transfer-Encoding too long";
            return false;
        }
        forEachToken(value, [this](std::string_view token) {
            // Only the last coding decides the framing: chunked must come last.
            if (equalsLower(token, "chunked")) {
                m_chunked = true;
                m_otherEncoding = false;
            } else {
                m_otherEncoding = true;
                m_chunked = false;
            }
        });
    } else {
        forEachToken(value, [this](std::string_view token) {
            if (equalsLower(token, "close"))
                m_closeSeen = true;
            else if (equalsLower(token, "keep-alive"))
                m_keepAliveSeen = true;
        });
    }
    return true;
}

bool ResponseParser::endHeaders() noexcept {
    if (m_status < 200) {
        if (m_status == 101) {
            m_error = "unexpected 101 Switching Protocols";
            return false;
        }
        // An interim response: the final one follows.
        const bool head = m_head;
        const std::size_t headerBytes = m_headerBytes;
        reset(head);
        m_started = true;
        m_headerBytes = headerBytes;
        return true;
    }
    m_keepAlive = m_http10 ? (m_keepAliveSeen && !m_closeSeen) : !m_closeSeen;
    if (m_head || m_status == 204 || m_status == 304) {
        m_state = State::Done;
    } else if (m_chunked) {
        if (m_hasLength)
            m_keepAlive = false; // both framings: follow chunked, never reuse the connection
        m_state = State::ChunkSize;
    } else if (m_otherEncoding) {
        m_keepAlive = false;
        m_state = State::BodyUntilClose;
    } else if (m_hasLength) {
        m_remaining = m_length;
        m_state = m_length == 0 ? State::Done : State::Body;
    } else {
        m_keepAlive = false;
        m_state = State::BodyUntilClose;
    }
    return true;
}

bool ResponseParser::endChunkSizeLine(std::string_view line) noexcept {
    const std::size_t semi = line.find(';');
    if (m_lineTruncated && semi == std::string_view::npos) {
        m_error = "chunk size line too long";
        return false;
    }
    line = trim(line.substr(0, semi));
    if (line.empty()) {
        m_error = "missing chunk size";
        return false;
    }
    std::uint64_t size = 0;
    for (char c : line) {
        const int v = hexValue(c);
        if (v < 0) {
            m_error = "invalid chunk size";
            return false;
        }
        if (size > kMaxBodyLength / 16) {
            m_error = "chunk size too large";
            return false;
        }
        size = size * 16 + std::uint64_t(v);
    }
    if (size == 0) {
        m_state = State::Trailer;
    } else {
        m_remaining = size;
        m_state = State::ChunkData;
    }
    return true;
}

} // namespace pusher::http
