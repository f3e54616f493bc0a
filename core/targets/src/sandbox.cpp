#include "pusher/targets/sandbox.h"

#include "eventloop.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace pusher {

namespace {

constexpr std::size_t kMaxHeader = 64 * 1024;
constexpr long long kMaxSize = 64LL * 1024 * 1024;
constexpr auto kMaxDelay = std::chrono::hours(1);

// Recorder keeps the values of `record=` parameters, shared by every loop.
struct Recorder {
    std::mutex mutex;
    std::vector<std::string> values; // guarded by mutex
    quint64 dropped = 0;             // guarded by mutex: values beyond kMaxRecorded
};
constexpr std::size_t kMaxRecorded = 2'000'000;

struct Params {
    Duration delayMin{};
    Duration delayMax{};
    int status = 200;
    double errorRatio = 0;
    long long size = 0;
    bool close = false;
    bool reset = false;
    bool hang = false;
    std::optional<std::string_view> record;
    bool recorded = false;
};

bool parseInt(std::string_view text, long long& out) {
    if (text.empty())
        return false;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

bool parseDouble(std::string_view text, double& out) {
    if (text.empty())
        return false;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

enum class Parsed { Ok, NotADuration, TooLong };

// parseDuration reads "20ms", "1.5s", "300us", "2m", "1h"; a bare number is milliseconds.
// TooLong: a duration over kMaxDelay.
Parsed parseDuration(std::string_view text, Duration& out) {
    std::size_t unit = 0;
    while (unit < text.size() && ((text[unit] >= '0' && text[unit] <= '9') || text[unit] == '.'))
        ++unit;
    double value = 0;
    if (!parseDouble(text.substr(0, unit), value))
        return Parsed::NotADuration;
    const std::string_view suffix = text.substr(unit);
    double seconds = 0;
    if (suffix.empty() || suffix == "ms")
        seconds = value / 1e3;
    else if (suffix == "us")
        seconds = value / 1e6;
    else if (suffix == "ns")
        seconds = value / 1e9;
    else if (suffix == "s")
        seconds = value;
    else if (suffix == "m")
        seconds = value * 60;
    else if (suffix == "h")
        seconds = value * 3600;
    else
        return Parsed::NotADuration;
    if (seconds > std::chrono::duration<double>(kMaxDelay).count())
        return Parsed::TooLong;
    out = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds));
    return Parsed::Ok;
}

bool truthy(std::string_view v) {
    return v.empty() || v == "1" || v == "true" || v == "yes";
}

// parseQuery fills `p` from the query of `target`; returns an empty string or why not.
std::string parseQuery(std::string_view target, Params& p) {
    const auto q = target.find('?');
    if (q == std::string_view::npos)
        return {};
    std::string_view rest = target.substr(q + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        const auto eq = pair.find('=');
        const std::string_view key = pair.substr(0, eq);
        const std::string_view value =
            eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
        if (key == "delay") {
            // A range "10ms-30ms"; '-' cannot start a duration, so the first one splits.
            const auto dash = value.find('-');
            const std::string quoted = "delay: '" + std::string(value) + "'";
            if (dash == std::string_view::npos) {
                const Parsed d = parseDuration(value, p.delayMin);
                if (d == Parsed::TooLong)
                    return quoted + " is more than 1h, the longest delay";
                if (d != Parsed::Ok)
                    return quoted + " is not a duration like 20ms or 10ms-30ms (at most 1h)";
                p.delayMax = p.delayMin;
            } else {
                const Parsed low = parseDuration(value.substr(0, dash), p.delayMin);
                const Parsed high = parseDuration(value.substr(dash + 1), p.delayMax);
                if (low == Parsed::TooLong || high == Parsed::TooLong)
                    return quoted + " goes past 1h, the longest delay";
                if (low != Parsed::Ok || high != Parsed::Ok || p.delayMax < p.delayMin)
                    return quoted + " is not a range like 10ms-30ms (low to high, at most 1h)";
            }
        } else if (key == "status") {
            long long s = 0;
            if (!parseInt(value, s) || s < 200 || s > 599)
                return "status: '" + std::string(value) + "' is not a status code from 200 to 599";
            p.status = static_cast<int>(s);
        } else if (key == "error_ratio") {
            if (!parseDouble(value, p.errorRatio) || p.errorRatio < 0 || p.errorRatio > 1)
                return "error_ratio: '" + std::string(value) + "' is not a number from 0 to 1";
        } else if (key == "size") {
            if (!parseInt(value, p.size) || p.size < 0 || p.size > kMaxSize)
                return "size: '" + std::string(value) + "' is not a byte count from 0 to 67108864";
        } else if (key == "close") {
            p.close = truthy(value);
        } else if (key == "reset") {
            p.reset = truthy(value);
        } else if (key == "hang") {
            p.hang = truthy(value);
        } else if (key == "record") {
            p.record = value;
        } else if (key == "recorded") {
            p.recorded = truthy(value);
        }
        // Other keys are ignored so that clients may add their own (cache busters, ids).
    }
    return {};
}

const char* reasonPhrase(int status) {
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x | 0x20) == (y | 0x20);
           });
}

bool icontains(std::string_view hay, std::string_view needle) {
    if (needle.size() > hay.size())
        return false;
    for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
        if (iequals(hay.substr(i, needle.size()), needle))
            return true;
    }
    return false;
}

class Loop;

// FlowState is what the journey endpoints share between the loops: counters, and the secret
// that ties a token to its session (token = mix(session ^ secret)), so that any loop can
// check a token without a table.
struct FlowState {
    std::atomic<quint64> logins{0};
    std::atomic<quint64> orders{0};
    std::atomic<quint64> rejected{0};
    std::atomic<quint64> sessions{0};
    std::uint64_t secret = 0;
};

std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

std::string hex(std::uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

// Journey endpoints: the request headers they read.
struct Special {
    std::string path;
    std::string authorization;
    std::string cookie;
    std::string headers; // the whole header block (echo)
};

bool isSpecialPath(std::string_view path) {
    return path == "/login" || path == "/order" || path == "/session" || path == "/echo" ||
           path == "/stats";
}

class Connection final : public targets::IoHandler {
public:
    Connection(Loop* loop, int fd)
        : m_loop(loop)
        , m_fd(fd) {}
    void onEvents(std::uint32_t events) override;
    void destroy(bool reset = false);

private:
    void process();
    bool handle(std::string_view target, bool keepAlive, const Special* special);
    // special answers a journey endpoint: status, extra headers and body.
    int special(const Special& request, std::string_view query, std::string* headers,
                std::string* body);
    void respond(int status, std::string_view body, long long size, bool close,
                 std::string_view extraHeaders = {}, std::string_view type = "text/plain");
    bool flush();
    void updateInterest();

    Loop* m_loop;
    int m_fd;
    std::string m_in;
    std::string m_out;
    std::size_t m_outSent = 0;
    std::uint64_t m_timer = 0;
    bool m_hung = false;
    bool m_closeAfterWrite = false;
    bool m_wantWrite = false;
};

class Loop final : public targets::IoHandler {
public:
    std::atomic<quint64> requests{0};
    std::atomic<quint64> connections{0};
    FlowState* flow = nullptr;
    targets::EventLoop events;
    std::unordered_set<Connection*> live;
    std::shared_ptr<Recorder> recorder;
    int listenFd = -1;
    std::uint64_t rng = 0x9e3779b97f4a7c15ULL;

    double random01() {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        return static_cast<double>(rng >> 11) * 0x1.0p-53;
    }

    void onEvents(std::uint32_t) override {
        for (;;) {
            const int fd = ::accept4(listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0)
                return; // EAGAIN, or out of descriptors: try again at the next event
            int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            auto* c = new Connection(this, fd);
            live.insert(c);
            connections.fetch_add(1, std::memory_order_relaxed);
            events.watch(fd, EPOLLIN | EPOLLRDHUP, c);
        }
    }

    void closeAll() {
        auto all = live;
        for (Connection* c : all)
            c->destroy();
        if (listenFd >= 0) {
            events.unwatch(listenFd);
            ::close(listenFd);
            listenFd = -1;
        }
    }
};

void Connection::destroy(bool reset) {
    if (m_timer != 0)
        m_loop->events.cancelTimer(m_timer);
    m_loop->events.unwatch(m_fd);
    if (reset) {
        linger l{1, 0}; // close with RST instead of FIN
        setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    }
    ::close(m_fd);
    m_loop->live.erase(this);
    delete this;
}

void Connection::onEvents(std::uint32_t events) {
    if (events & (EPOLLERR | EPOLLHUP)) {
        destroy();
        return;
    }
    if (events & EPOLLOUT) {
        if (!flush())
            return;
    }
    if (events & (EPOLLIN | EPOLLRDHUP)) {
        char buffer[16384];
        for (;;) {
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n > 0) {
                if (!m_hung)
                    m_in.append(buffer, static_cast<std::size_t>(n));
                if (static_cast<std::size_t>(n) < sizeof buffer)
                    break;
                continue;
            }
            if (n == 0 || errno != EAGAIN) {
                destroy(); // the client went away (or broke the connection)
                return;
            }
            break;
        }
        process();
    }
}

void Connection::process() {
    while (m_timer == 0 && !m_hung && !m_closeAfterWrite) {
        const auto end = m_in.find("\r\n\r\n");
        if (end == std::string::npos || end > kMaxHeader) { // a whole head is bounded too
            if (end != std::string::npos || m_in.size() > kMaxHeader) {
                respond(431, "request header larger than 64 KiB\n", -1, true);
                m_in.clear();
            }
            break;
        }
        std::string_view head(m_in.data(), end);
        const auto lineEnd = head.find("\r\n");
        std::string_view line = head.substr(0, lineEnd);
        const auto sp1 = line.find(' ');
        const auto sp2 = line.rfind(' ');
        if (sp1 == std::string_view::npos || sp2 <= sp1 ||
            line.substr(sp2 + 1).substr(0, 7) != "HTTP/1.") {
            respond(400, "malformed request line\n", -1, true);
            m_in.clear();
            break;
        }
        const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
        bool keepAlive = line.substr(sp2 + 1) != "HTTP/1.0";
        long long contentLength = 0;
        bool chunked = false;
        bool badLength = false;
        const std::string_view path = target.substr(0, target.find('?'));
        std::optional<Special> special;
        if (isSpecialPath(path)) {
            special.emplace();
            special->path = std::string(path);
            if (lineEnd != std::string_view::npos)
                special->headers = std::string(head.substr(lineEnd + 2));
        }
        std::string_view headers =
            lineEnd == std::string_view::npos ? std::string_view() : head.substr(lineEnd + 2);
        while (!headers.empty()) {
            const auto e = headers.find("\r\n");
            const std::string_view h = headers.substr(0, e);
            headers = e == std::string_view::npos ? std::string_view() : headers.substr(e + 2);
            const auto colon = h.find(':');
            if (colon == std::string_view::npos)
                continue;
            const std::string_view name = h.substr(0, colon);
            std::string_view value = h.substr(colon + 1);
            while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
                value.remove_prefix(1);
            if (iequals(name, "content-length")) {
                if (!parseInt(value, contentLength) || contentLength < 0)
                    badLength = true;
            } else if (iequals(name, "connection")) {
                if (icontains(value, "close"))
                    keepAlive = false;
                else if (icontains(value, "keep-alive"))
                    keepAlive = true;
            } else if (iequals(name, "transfer-encoding")) {
                chunked = true;
            } else if (special && iequals(name, "authorization")) {
                special->authorization = std::string(value);
            } else if (special && iequals(name, "cookie")) {
                if (!special->cookie.empty())
                    special->cookie += "; ";
                special->cookie += std::string(value);
            }
        }
        if (badLength) {
            respond(400, "bad Content-Length\n", -1, true);
            m_in.clear();
            break;
        }
        if (chunked) {
            respond(501, "chunked request bodies are not supported\n", -1, true);
            m_in.clear();
            break;
        }
        const std::size_t total = end + 4 + static_cast<std::size_t>(contentLength);
        if (m_in.size() < total)
            break; // wait for the body
        // Copy the target: m_in changes below, and delayed answers outlive this pass.
        const std::string targetCopy(target);
        m_in.erase(0, total);
        m_loop->requests.fetch_add(1, std::memory_order_relaxed);
        if (!handle(targetCopy, keepAlive, special ? &*special : nullptr))
            return; // the connection is gone
    }
    if (!m_out.empty())
        flush();
}

std::string cookieValue(std::string_view cookies, std::string_view name) {
    while (!cookies.empty()) {
        const auto semi = cookies.find(';');
        std::string_view pair = cookies.substr(0, semi);
        cookies = semi == std::string_view::npos ? std::string_view() : cookies.substr(semi + 1);
        while (!pair.empty() && pair.front() == ' ')
            pair.remove_prefix(1);
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name)
            return std::string(pair.substr(eq + 1));
    }
    return {};
}

std::string queryValue(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) == name)
            return eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1));
    }
    return {};
}

int Connection::special(const Special& r, std::string_view query, std::string* headers,
                        std::string* body) {
    FlowState& f = *m_loop->flow;
    if (r.path == "/login") {
        const std::uint64_t id =
            mix(f.sessions.fetch_add(1, std::memory_order_relaxed) + 1 + f.secret * 31);
        const std::string session = hex(id);
        const std::string token = hex(mix(id ^ f.secret));
        f.logins.fetch_add(1, std::memory_order_relaxed);
        *headers = "Set-Cookie: session=" + session + "; Path=/; HttpOnly\r\n";
        *body = "{\"token\":\"" + token + "\",\"expires_in\":3600}";
        return 200;
    }
    if (r.path == "/order" || r.path == "/session") {
        const std::string session = cookieValue(r.cookie, "session");
        std::uint64_t id = 0;
        const bool validSession =
            session.size() == 16 &&
            std::from_chars(session.data(), session.data() + 16, id, 16).ec == std::errc();
        if (r.path == "/session") {
            if (!validSession) {
                *body = "{\"error\":\"no session cookie\"}";
                return 401;
            }
            *body = "{\"session\":\"" + session + "\"}";
            return 200;
        }
        const std::string expected = "Bearer " + hex(mix(id ^ f.secret));
        if (!validSession || r.authorization != expected) {
            f.rejected.fetch_add(1, std::memory_order_relaxed);
            *body = validSession ? "{\"error\":\"missing or wrong token\"}"
                                 : "{\"error\":\"no session cookie\"}";
            return 401;
        }
        const quint64 n = f.orders.fetch_add(1, std::memory_order_relaxed) + 1;
        *body = "{\"order\":" + std::to_string(n) + ",\"status\":\"created\"}";
        return 201;
    }
    if (r.path == "/echo") {
        const std::string name = queryValue(query, "header");
        if (name.empty()) {
            *body = "{\"error\":\"echo: name the header with ?header=NAME\"}";
            return 400;
        }
        std::string_view block = r.headers;
        while (!block.empty()) {
            const auto e = block.find("\r\n");
            const std::string_view h = block.substr(0, e);
            block = e == std::string_view::npos ? std::string_view() : block.substr(e + 2);
            const auto colon = h.find(':');
            if (colon == std::string_view::npos || !iequals(h.substr(0, colon), name))
                continue;
            std::string_view value = h.substr(colon + 1);
            while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
                value.remove_prefix(1);
            *headers = "X-Echo: " + std::string(value) + "\r\n";
            *body = std::string(value);
            return 200;
        }
        *body = "{\"error\":\"no header " + name + " in the request\"}";
        return 404;
    }
    // /stats
    *body = "{\"logins\":" + std::to_string(f.logins.load()) +
            ",\"orders\":" + std::to_string(f.orders.load()) +
            ",\"rejected\":" + std::to_string(f.rejected.load()) + "}";
    return 200;
}

bool Connection::handle(std::string_view target, bool keepAlive, const Special* sp) {
    Params p;
    const std::string problem = parseQuery(target, p);
    if (!problem.empty()) {
        respond(400, problem + "\n", -1, !keepAlive);
        return true;
    }
    if (p.record) {
        std::lock_guard lock(m_loop->recorder->mutex);
        if (m_loop->recorder->values.size() < kMaxRecorded)
            m_loop->recorder->values.emplace_back(*p.record);
        else
            ++m_loop->recorder->dropped;
    }
    if (sp) {
        // Journey endpoints: their own answer; delay, close and record apply, the rest does
        // not.
        const auto q = target.find('?');
        const std::string_view query =
            q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
        std::string headers;
        std::string body;
        const int status = special(*sp, query, &headers, &body);
        const bool close = p.close || !keepAlive;
        Duration delay = p.delayMin;
        if (p.delayMax > p.delayMin)
            delay += std::chrono::duration_cast<Duration>((p.delayMax - p.delayMin) *
                                                          m_loop->random01());
        if (delay.count() <= 0) {
            respond(status, body, -1, close, headers, "application/json");
            return true;
        }
        m_timer =
            m_loop->events.addTimer(Clock::now() + delay, [this, status, body = std::move(body),
                                                           headers = std::move(headers), close] {
                m_timer = 0;
                respond(status, body, -1, close, headers, "application/json");
                if (flush())
                    process();
            });
        return true;
    }
    if (p.reset) {
        destroy(true);
        return false;
    }
    if (p.hang) {
        m_hung = true; // kept open, read and discarded, until the client or stop() closes it
        m_in.clear();
        return true;
    }
    if (p.recorded) {
        std::string body;
        {
            std::lock_guard lock(m_loop->recorder->mutex);
            for (const std::string& v : m_loop->recorder->values) {
                body += v;
                body += '\n';
            }
        }
        respond(200, body, -1, !keepAlive);
        return true;
    }
    int status = p.status;
    if (p.errorRatio > 0 && m_loop->random01() < p.errorRatio)
        status = 500;
    const bool close = p.close || !keepAlive;
    Duration delay = p.delayMin;
    if (p.delayMax > p.delayMin)
        delay +=
            std::chrono::duration_cast<Duration>((p.delayMax - p.delayMin) * m_loop->random01());
    if (delay.count() <= 0) {
        respond(status, {}, p.size, close);
        return true;
    }
    m_timer = m_loop->events.addTimer(Clock::now() + delay, [this, status, size = p.size, close] {
        m_timer = 0;
        respond(status, {}, size, close);
        if (flush())
            process(); // answer what the client pipelined meanwhile
    });
    return true;
}

void Connection::respond(int status, std::string_view body, long long size, bool close,
                         std::string_view extraHeaders, std::string_view type) {
    if (size < 0)
        size = static_cast<long long>(body.size());
    char head[256];
    const int n = std::snprintf(head, sizeof head,
                                "HTTP/1.1 %d %s\r\nContent-Type: %.*s\r\nContent-Length: %lld\r\n",
                                status, reasonPhrase(status), int(type.size()), type.data(), size);
    m_out.append(head, static_cast<std::size_t>(n));
    m_out.append(extraHeaders);
    m_out.append(close ? "Connection: close\r\n\r\n" : "\r\n");
    if (!body.empty()) {
        m_out.append(body);
    } else if (size > 0) {
        // A readable, repeating body: lines of letters, so a dump of it stays legible.
        static const std::string pattern = [] {
            std::string s;
            for (int i = 0; i < 63; ++i)
                s.push_back(static_cast<char>('a' + i % 26));
            s.push_back('\n');
            return s;
        }();
        const std::size_t start = m_out.size();
        m_out.resize(start + static_cast<std::size_t>(size));
        for (std::size_t i = 0; i < static_cast<std::size_t>(size); i += pattern.size())
            std::memcpy(&m_out[start + i], pattern.data(),
                        std::min(pattern.size(), static_cast<std::size_t>(size) - i));
    }
    if (close)
        m_closeAfterWrite = true;
}

// flush writes what is pending; returns false when the connection was closed.
bool Connection::flush() {
    while (m_outSent < m_out.size()) {
        const ssize_t n =
            ::send(m_fd, m_out.data() + m_outSent, m_out.size() - m_outSent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN) {
                if (!m_wantWrite) {
                    m_wantWrite = true;
                    updateInterest();
                }
                return true;
            }
            destroy();
            return false;
        }
        m_outSent += static_cast<std::size_t>(n);
    }
    m_out.clear();
    m_outSent = 0;
    if (m_wantWrite) {
        m_wantWrite = false;
        updateInterest();
    }
    if (m_closeAfterWrite) {
        ::shutdown(m_fd, SHUT_WR);
        destroy();
        return false;
    }
    return true;
}

void Connection::updateInterest() {
    m_loop->events.modify(m_fd, EPOLLIN | EPOLLRDHUP | (m_wantWrite ? EPOLLOUT : 0u), this);
}

} // namespace

struct SandboxServer::Impl {
    std::vector<std::unique_ptr<Loop>> loops;
    std::shared_ptr<Recorder> recorder = std::make_shared<Recorder>();
    quint16 port = 0;
    QString error;
    std::unique_ptr<FlowState> flow;
    quint64 stoppedRequests = 0; // counted by loops that stop() already joined
    quint64 stoppedConnections = 0;
};

SandboxServer::SandboxServer()
    : d(std::make_unique<Impl>()) {}

SandboxServer::~SandboxServer() {
    stop();
}

bool SandboxServer::start(quint16 port, int threads) {
    stop();
    d->error.clear();
    d->stoppedRequests = 0;
    d->stoppedConnections = 0;
    {
        std::lock_guard lock(d->recorder->mutex);
        d->recorder->values.clear();
        d->recorder->dropped = 0;
    }
    if (threads < 1 || threads > 64) {
        d->error = QStringLiteral("sandbox: threads must be from 1 to 64, not %1").arg(threads);
        return false;
    }
    // One listening socket, without SO_REUSEPORT: a port that another server (another
    // sandbox included) listens on is refused, never shared. Each thread watches its own
    // descriptor of it; EPOLLEXCLUSIVE wakes one thread per connection.
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (listener >= 0) {
        int one = 1;
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0 ||
        ::listen(listener, 4096) < 0) {
        d->error = QStringLiteral("sandbox: cannot listen on 127.0.0.1:%1: %2")
                       .arg(port)
                       .arg(QString::fromLocal8Bit(std::strerror(errno)));
        if (listener >= 0)
            ::close(listener);
        return false;
    }
    socklen_t len = sizeof addr;
    getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
    const quint16 bound = ntohs(addr.sin_port);
    d->flow = std::make_unique<FlowState>();
    d->flow->secret =
        mix(static_cast<std::uint64_t>(Clock::now().time_since_epoch().count()) ^ bound);
    for (int i = 0; i < threads; ++i) {
        auto loop = std::make_unique<Loop>();
        loop->recorder = d->recorder;
        loop->flow = d->flow.get();
        loop->rng ^= static_cast<std::uint64_t>(Clock::now().time_since_epoch().count()) +
                     static_cast<std::uint64_t>(i) * 7919;
        const int fd = i == 0 ? listener : ::fcntl(listener, F_DUPFD_CLOEXEC, 0);
        if (fd < 0) {
            d->error = QStringLiteral("sandbox: cannot share the listening socket: %1")
                           .arg(QString::fromLocal8Bit(std::strerror(errno)));
            stop();
            return false;
        }
        loop->listenFd = fd;
        if (!loop->events.start()) {
            ::close(fd);
            loop->listenFd = -1;
            d->error = QStringLiteral("sandbox: cannot create an epoll loop");
            stop();
            return false;
        }
        Loop* raw = loop.get();
        raw->events.post(
            [raw] { raw->events.watch(raw->listenFd, EPOLLIN | EPOLLEXCLUSIVE, raw); });
        d->loops.push_back(std::move(loop));
    }
    d->port = bound;
    return true;
}

void SandboxServer::stop() {
    for (auto& loop : d->loops) {
        Loop* raw = loop.get();
        raw->events.stop([raw] { raw->closeAll(); });
        if (raw->listenFd >= 0) // the loop never ran (start failed half-way)
            ::close(raw->listenFd);
        d->stoppedRequests += raw->requests.load();
        d->stoppedConnections += raw->connections.load();
    }
    d->loops.clear();
    d->port = 0;
}

bool SandboxServer::isRunning() const {
    return !d->loops.empty();
}

quint16 SandboxServer::port() const {
    return d->port;
}

QString SandboxServer::url() const {
    return QStringLiteral("http://127.0.0.1:%1").arg(d->port);
}

QString SandboxServer::errorString() const {
    return d->error;
}

quint64 SandboxServer::requestCount() const {
    quint64 n = d->stoppedRequests;
    for (const auto& loop : d->loops)
        n += loop->requests.load(std::memory_order_relaxed);
    return n;
}

std::vector<std::string> SandboxServer::recorded() const {
    std::lock_guard lock(d->recorder->mutex);
    return d->recorder->values;
}

quint64 SandboxServer::recordedDropped() const {
    std::lock_guard lock(d->recorder->mutex);
    return d->recorder->dropped;
}

quint64 SandboxServer::rejectedCount() const {
    return d->flow ? d->flow->rejected.load() : 0;
}

quint64 SandboxServer::loginCount() const {
    return d->flow ? d->flow->logins.load() : 0;
}

quint64 SandboxServer::connectionCount() const {
    quint64 n = d->stoppedConnections;
    for (const auto& loop : d->loops)
        n += loop->connections.load(std::memory_order_relaxed);
    return n;
}

} // namespace pusher
