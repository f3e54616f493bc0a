// ResponseParser: an incremental HTTP/1.1 response parser that keeps no response bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace pusher::http {

class BodyScan;

// ResponseParser reads one HTTP/1.x response at a time from bytes fed in pieces of any
// size. It keeps only the few facts a load generator needs (status, framing, keep-alive)
// in fixed-size state, so parsing never allocates. It understands the status line,
// headers, Content-Length, chunked bodies with trailers, bodies delimited by the end of
// the connection, Connection: close / keep-alive, HTTP/1.0, and skips interim 1xx
// responses. Anything else is a protocol error with a reason.
class ResponseParser {
public:
    enum class Status { NeedMore, Done, Error };

    // reset prepares for the next response; a response to HEAD has no body.
    void reset(bool headRequest = false) noexcept;

    // scanBody hands the body bytes of the final response (without chunk framing) to
    // `scan` as they are parsed, or to nobody (nullptr, the default). Kept through reset().
    void scanBody(BodyScan* scan) noexcept { m_scan = scan; }

    // feed parses up to `len` bytes and stores in `consumed` how many it used. It returns
    // Done when a whole final response ended (bytes after it were not consumed), Error
    // with error() set, or NeedMore after consuming everything.
    Status feed(const char* data, std::size_t len, std::size_t* consumed) noexcept;

    // finish tells the parser the connection ended. It returns Done when the response was
    // delimited by the end of the connection, else Error.
    Status finish() noexcept;

    // status is the final response's status code (valid after Done).
    [[nodiscard]] int status() const noexcept { return m_status; }
    // keepAlive says whether the connection can carry another request after this response.
    [[nodiscard]] bool keepAlive() const noexcept { return m_keepAlive; }
    // bodyBytes counts the body bytes of the final response (without chunk framing).
    [[nodiscard]] std::uint64_t bodyBytes() const noexcept { return m_bodyBytes; }
    // started is true once a byte of the response arrived.
    [[nodiscard]] bool started() const noexcept { return m_started; }
    // error is why parsing failed (a static string), or nullptr.
    [[nodiscard]] const char* error() const noexcept { return m_error; }

    // kMaxHeaderBytes bounds the status line plus headers of one response.
    static constexpr std::size_t kMaxHeaderBytes = 64 * 1024;

private:
    enum class State : std::uint8_t {
        StatusLine,
        HeaderLine,
        Body,
        BodyUntilClose,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailer,
        Done,
        Error,
    };
    Status fail(const char* why) noexcept;
    // The end... functions take a whole line without its CR LF (its first kLineCap bytes
    // when m_lineTruncated).
    bool endStatusLine(std::string_view line) noexcept;
    bool endHeaderLine(std::string_view line) noexcept;
    // badHeaderName sets the error of a header line whose name does not end in a colon at
    // `colon` (true for a truncated line without one); knownHeader reads the value of a
    // header whose name is `colon` bytes long, as one we need may be.
    bool badHeaderName(std::string_view line, std::size_t colon) noexcept;
    bool knownHeader(std::string_view line, std::size_t colon) noexcept;
    bool endHeaders() noexcept;
    bool endChunkSizeLine(std::string_view line) noexcept;

    static constexpr std::size_t kLineCap = 256;
    State m_state = State::StatusLine;
    bool m_head = false;
    bool m_started = false;
    bool m_keepAlive = true;
    bool m_http10 = false;
    bool m_chunked = false;
    bool m_hasLength = false;
    bool m_closeSeen = false;
    bool m_keepAliveSeen = false;
    bool m_lineTruncated = false;
    bool m_otherEncoding = false;
    int m_status = 0;
    std::uint64_t m_length = 0;
    std::uint64_t m_remaining = 0;
    std::uint64_t m_bodyBytes = 0;
    std::size_t m_headerBytes = 0;
    std::size_t m_lineLen = 0;
    const char* m_error = nullptr;
    BodyScan* m_scan = nullptr;
    char m_line[kLineCap];
};

} // namespace pusher::http
