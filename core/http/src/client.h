// Internal: what both HTTP clients share. Not installed, not part of the API.
#pragma once

#include "pusher/http/http.h"

#include <pusher/context.h>
#include <pusher/error.h>
#include <pusher/target.h>

#include <QUrl>

#include <sys/socket.h>

#include <bitset>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pusher::http {

class TlsContext;

// Request is everything a target prepares once: the parsed URL, the resolved address and
// the request bytes, so that a call only moves pointers.
struct Request {
    HttpOptions options;
    std::string scheme;
    std::string host;
    int port = 0;
    std::string path;  // path and query, as sent in the request line
    std::string bytes; // the whole HTTP/1.1 request (fast path)
    bool head = false;
    // idempotent requests may be sent again when a reused connection turns out closed.
    bool idempotent = true;
    std::bitset<1000> okStatus;
    // address is the resolved peer; addressText its numeric form; dnsError is set when the
    // host did not resolve, and every call then fails with kind "dns".
    sockaddr_storage address{};
    socklen_t addressLength = 0;
    std::string addressText;
    std::string dnsError;
    // curlResolve pins host names for libcurl ("host:port:address"), so it never resolves.
    std::vector<std::string> curlResolve;
    // tls is set for https:// on the lean client.
    std::shared_ptr<TlsContext> tls;

    // statusError is empty for an expected status, else an Error of kind http_<code>.
    [[nodiscard]] Error statusError(int status) const;
};

// PerCall is the request of one call when a data file fills ${column} values: the lean
// HTTP/1.1 client sends `bytes`, libcurl uses `url`, `headers` ("Name: value") and `body`,
// the lean HTTP/2 client `path`, `headers` and `body`.
struct PerCall {
    std::string bytes;
    std::string url;
    std::string path; // the request target (path and query), HTTP/2 only
    std::vector<std::string> headers;
    std::string body;
};

// Client runs the calls of one target.
class Client {
public:
    virtual ~Client() = default;
    // start begins one call; it never blocks and completes `done` exactly once. With
    // `perCall`, the call sends that request instead of the target's own.
    virtual void start(const Context& ctx, Completion done,
                       std::unique_ptr<PerCall> perCall = nullptr) = 0;
};

std::shared_ptr<Client> makeFastClient(std::shared_ptr<const Request> request);
// makeH2Client speaks HTTP/2 (nghttp2) on the lean client's event loops.
std::shared_ptr<Client> makeH2Client(std::shared_ptr<const Request> request);

// Capture collects the response of a flow step: the final header block and, with `body`,
// the body bytes as they came (chunk framing included) up to `bodyLimit`; what does not fit
// sets `truncated`. Only steps that read their response have one: the others keep no bytes.
struct Capture {
    bool body = false;
    std::size_t bodyLimit = 0;
    std::string bytes;
    // headerEnd: bytes[0, headerEnd) is the final response's header block, blank line
    // included; 0 until it is complete.
    std::size_t headerEnd = 0;
    bool truncated = false;
    void reset() {
        bytes.clear();
        headerEnd = 0;
        truncated = false;
    }
};

// StepRequest is one exchange of a flow step: which origin (an index into the client's
// origins), the request bytes (kept alive by the owner until stepDone), and its options.
struct StepRequest {
    std::size_t origin = 0;
    const char* bytes = nullptr;
    std::size_t size = 0;
    bool head = false;
    bool idempotent = true;
    Duration timeout{};
    Capture* capture = nullptr;
    // expectBody: the text the response body must contain (empty: no check), kept by the
    // owner until stepDone; a body without it ends the exchange with its status and an
    // Error of kind "body" (the owner checks the status first).
    std::string_view expectBody;
};

class StepLoop;

// StepOwner is a journey: the loop that took its submission calls begin(), then stepDone()
// when each exchange it started ends, always on that loop's thread.
class StepOwner {
public:
    virtual ~StepOwner() = default;
    virtual void begin(StepLoop& loop) = 0;
    // stepDone: `status` is the final response's status, or 0 with `error` set when the
    // exchange failed (transport error, timeout, the Context's end). `start` is when the
    // exchange began (after its think time), `end` when it ended. `sent` is false when the
    // exchange never began: the Context ended during its think time.
    virtual void stepDone(StepLoop& loop, int status, Error error, TimePoint start, TimePoint end,
                          bool sent) = 0;
};

// StepLoop is the event loop a journey runs on.
class StepLoop {
public:
    virtual ~StepLoop() = default;
    // startStep begins an exchange at `notBefore` (a timer of the loop), or at once when it
    // has passed (TimePoint{}: now). It never completes synchronously: stepDone comes later
    // from the loop.
    virtual void startStep(const Context& ctx, const StepRequest& request, StepOwner* owner,
                           TimePoint notBefore) = 0;
};

// StepClient runs journeys on the lean client's loops, over connections to several origins
// (one pool of kept-alive connections per origin and loop).
class StepClient {
public:
    virtual ~StepClient() = default;
    // submit hands a journey to a loop, which calls its begin().
    virtual void submit(StepOwner* owner) = 0;
};

std::shared_ptr<StepClient> makeStepClient(std::vector<std::shared_ptr<const Request>> origins,
                                           int connections, int ioThreads);
std::shared_ptr<Client> makeCurlClient(std::shared_ptr<const Request> request);

// makeOrigin prepares the origin (scheme, host and port) of `url` for the lean client:
// resolved once (a name that does not resolve sets dnsError), TLS made from `options`' TLS
// fields for https. No request bytes. nullptr and `error` when TLS files do not load.
std::shared_ptr<Request> makeOrigin(const QUrl& url, const HttpOptions& options, QString* error);

// isToken: an HTTP token (method, header name).
bool isToken(const QByteArray& s);

// peerText names the endpoint of `request` in messages: "127.0.0.1:8080", "[::1]:8080", or
// "localhost:8080 (127.0.0.1)" when the host is a name resolved to that address.
std::string peerText(const Request& request);

// kBodyErrorShown bounds how much of the expected text a "body" error's message shows.
inline constexpr std::size_t kBodyErrorShown = 64;

// bodyError is the error of a response whose body lacks `expected`: kind "body", message
// `response lacks "TEXT"` with TEXT quoted as JSON writes strings (\" \\ \n, control
// characters as \u00XX) and cut after kBodyErrorShown bytes (`response lacks "abc…" (300
// bytes)`), never inside a UTF-8 sequence.
Error bodyError(std::string_view expected);

// errnoError classifies a socket errno as refused, timeout, reset or socket. With `peer`,
// the message names it: "connect 127.0.0.1:8080: Connection refused".
Error errnoError(int err, std::string_view during, std::string_view peer = {});

} // namespace pusher::http
