// Internal: what both HTTP clients share. Not installed, not part of the API.
#pragma once

#include "pusher/http/http.h"

#include <pusher/context.h>
#include <pusher/error.h>
#include <pusher/target.h>

#include <sys/socket.h>

#include <bitset>
#include <memory>
#include <string>
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
std::shared_ptr<Client> makeCurlClient(std::shared_ptr<const Request> request);

// errnoError classifies a socket errno as refused, timeout, reset or socket.
Error errnoError(int err, const char* during);

} // namespace pusher::http
