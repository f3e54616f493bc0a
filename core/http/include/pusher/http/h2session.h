// H2Session: the HTTP/2 side of one client connection (nghttp2), without sockets. It turns
// bytes from the server into ended streams and gives back the bytes to send; the lean
// client drives it on its event loops, the fuzz target drives it with arbitrary input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

using nghttp2_session = struct nghttp2_session;

namespace pusher::http {

class BodyScan;

// H2Request is the request every stream sends: made once per target.
struct H2Request {
    std::string method;
    std::string scheme;
    std::string authority;
    std::string path;
    // headers are lower-case names without the connection-specific ones (RFC 9113 8.2.2).
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    // sendsBody: a DATA frame follows the HEADERS (a body, or a method that carries one).
    bool sendsBody = false;
};

// H2Stream is one request on a connection: what the session learns about its response.
struct H2Stream {
    std::int32_t id = 0;
    int status = 0;                     // the final :status
    std::size_t bodySent = 0;           // request body bytes handed to nghttp2
    std::uint64_t bodyBytes = 0;        // response body bytes received
    bool ended = false;                 // the response ended (END_STREAM from the server)
    bool peerReset = false;             // the server sent RST_STREAM
    bool notSent = false;               // the request never left (a GOAWAY came first)
    std::string error;                  // why this stream failed (H2End::Invalid)
    const H2Request* request = nullptr; // what it sends (set by submit)
    // scan, when set after submit, is given the response body's bytes as they arrive.
    BodyScan* scan = nullptr;
    void reset() { *this = H2Stream(); }
};

// H2End is how a stream ended.
enum class H2End {
    Complete, // the whole response arrived (status in H2Stream::status)
    Refused,  // not processed by the server (REFUSED_STREAM, or above a GOAWAY's last id):
              // safe to send again
    Reset,    // the server reset the stream (code says why)
    Invalid,  // the response broke the protocol; we reset the stream (code; the stream's
              // error says why)
    Lost,     // the connection ended before the response did
};

class H2Session {
public:
    // OnEnd is called once for every submitted stream that ends, except cancelled ones.
    using OnEnd = void (*)(void* owner, H2Stream* stream, H2End end, std::uint32_t code);

    // The session sends its preface and SETTINGS (no push, windows of `windowSize` for
    // streams and the connection) with the first send().
    H2Session(const H2Request* request, OnEnd onEnd, void* owner,
              std::uint32_t windowSize = (1u << 30) - 1);
    ~H2Session();
    H2Session(const H2Session&) = delete;
    H2Session& operator=(const H2Session&) = delete;

    // ok is false when nghttp2 could not make the session (out of memory).
    [[nodiscard]] bool ok() const { return m_session != nullptr; }

    // submit queues a request on a new stream: the session's own, or `request` (which must
    // outlive the stream's end or cancel); false (and the stream's error) when it cannot.
    bool submit(H2Stream* stream, const H2Request* request = nullptr);
    // cancel resets a stream we no longer wait for (timeout, stop); its OnEnd is not called.
    void cancel(H2Stream* stream);

    // receive feeds bytes from the server; false when the connection is broken (error()).
    // Streams that end are reported through OnEnd before it returns.
    bool receive(const std::uint8_t* data, std::size_t size);
    // send appends what is to be sent to `out` until it holds `max` bytes or nothing is
    // left; false when the session failed (error()).
    bool send(std::string& out, std::size_t max);

    // alive is false once the session has nothing more to read or send (after a GOAWAY
    // both ways, or a connection error it answered with one).
    [[nodiscard]] bool alive() const;
    // streams counts the streams submitted and not yet ended or cancelled.
    [[nodiscard]] int streams() const { return m_streams; }
    // goaway is true once the server sent GOAWAY: no new streams on this connection.
    [[nodiscard]] bool goaway() const { return m_goaway; }
    [[nodiscard]] std::uint32_t goawayCode() const { return m_goawayCode; }
    // maxStreams is the server's SETTINGS_MAX_CONCURRENT_STREAMS (unbounded until known).
    [[nodiscard]] std::uint32_t maxStreams() const;
    // sendWindow is how much request body the flow-control windows let through now for
    // `stream` (the smaller of its window and the connection's).
    [[nodiscard]] std::int64_t sendWindow(const H2Stream* stream) const;
    // error is why the connection failed (a stream's own failure is in its H2Stream::error).
    [[nodiscard]] const std::string& error() const { return m_error; }

    // endAll reports every stream still open as `end` (the connection is gone).
    void endAll(H2End end);

    // codeName names an HTTP/2 error code ("REFUSED_STREAM", "0x1234").
    static std::string codeName(std::uint32_t code);

    // Callbacks for nghttp2 (public for the C callbacks in h2session.cpp only).
    struct Callbacks;

private:
    void ended(H2Stream* stream, H2End end, std::uint32_t code);

    struct Headers;

    nghttp2_session* m_session = nullptr;
    const H2Request* m_request;
    std::unique_ptr<Headers> m_headers; // m_request's, for nghttp2
    OnEnd m_onEnd;
    void* m_owner;
    int m_streams = 0;
    bool m_goaway = false;
    std::uint32_t m_goawayCode = 0;
    std::string m_error;
    // m_open lists the submitted streams not yet ended (endAll, and no stream left behind).
    std::vector<H2Stream*> m_open;
};

} // namespace pusher::http
