// Flow targets: a journey of HTTP steps per call, on the lean client's event loops.
//
// A journey is pinned to the loop that took it: its steps, think times (the loop's timers)
// and extraction all run on that loop's thread, so a journey needs no lock. Steps that
// read nothing from their response keep no response bytes (as the plain http target);
// steps that extract, or whose cookies the jar needs, keep the header block, and the body
// only when they extract from it (up to FlowOptions::bodyLimit).
#include "pusher/http/flow.h"

#include "client.h"

#include <pusher/data/datatable.h>
#include <pusher/http/url.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QLocale>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <bitset>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace pusher {

namespace {

using namespace http;

// Segment is a literal piece of a template, or a reference to variable `var`.
struct Segment {
    std::string text;
    int var = -1;
};
using Template = std::vector<Segment>;

bool hasVars(const Template& t) {
    for (const Segment& s : t)
        if (s.var >= 0)
            return true;
    return false;
}

std::string literal(const Template& t) {
    std::string out;
    for (const Segment& s : t)
        out += s.text;
    return out;
}

struct CompiledExtract {
    int var = -1;
    std::string name;
    FlowExtract::Source source = FlowExtract::Source::Json;
    std::string expr;                 // header name (lower case), cookie name, pointer text
    std::vector<std::string> pointer; // JSON pointer tokens, unescaped
    QRegularExpression regex;
};

enum class CaptureMode { None, Headers, Body };

struct CompiledStep {
    std::string name;
    std::size_t origin = 0;
    bool https = false;
    std::string host; // lower case, for cookies
    std::string method;
    std::string hostHeader; // "Host: …\r\n", empty when the step sets Host itself
    Template path;
    std::vector<std::pair<std::string, Template>> headers;
    Template body;
    // expect: the text the body must contain (checksBody); literalExpect when it uses no
    // variables.
    Template expect;
    bool checksBody = false;
    bool expectVars = false;
    std::string literalExpect;
    bool hasLength = false;
    bool bodyMethod = false;
    int cookieHeader = -1;   // index of the step's own Cookie header
    bool dynamic = false;    // uses variables
    bool pathVars = false;   // the path uses variables
    std::string literalPath; // the path, when it uses none
    std::string staticBytes;
    Duration timeout{};
    std::bitset<1000> ok;
    ThinkTime think;
    bool optional = false;
    bool head = false;
    bool idempotent = true;
    std::vector<CompiledExtract> extracts;
    CaptureMode capture = CaptureMode::None;
};

struct FlowDef {
    std::vector<CompiledStep> steps;
    // vars: the data file's columns first (values from the journey's row), then the
    // extracted names.
    std::vector<std::string> vars;
    std::shared_ptr<DataFeed> data;
    std::size_t columns = 0;
    bool cookies = true;
    std::size_t bodyLimit = kFlowBodyLimit;
    std::shared_ptr<FlowObserver> observer;
};

// ---------------------------------------------------------------- templates

// compileTemplate splits `text` at ${name} references ("$${" is a literal "${"); names must
// be known in `vars` (extracted by an earlier step).
bool compileTemplate(const QString& text, const std::vector<std::string>& vars, Template* out,
                     QString* why) {
    const std::string s = text.toStdString();
    std::string lit;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '$' && i + 2 < s.size() && s[i + 1] == '$' && s[i + 2] == '{') {
            lit += "${";
            i += 2;
            continue;
        }
        if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') {
            const std::size_t close = s.find('}', i + 2);
            if (close == std::string::npos) {
                *why = QStringLiteral("unterminated \"${\"");
                return false;
            }
            const std::string name = s.substr(i + 2, close - i - 2);
            int index = -1;
            for (std::size_t v = 0; v < vars.size(); ++v)
                if (vars[v] == name)
                    index = int(v);
            if (index < 0) {
                *why = QStringLiteral("${%1} is not extracted by an earlier step")
                           .arg(QString::fromStdString(name));
                return false;
            }
            if (!lit.empty())
                out->push_back({std::move(lit), -1});
            lit.clear();
            out->push_back({{}, index});
            i = close;
            continue;
        }
        lit += s[i];
    }
    if (!lit.empty())
        out->push_back({std::move(lit), -1});
    return true;
}

void appendEncoded(std::string& out, const std::string& value) {
    static const char* hex = "0123456789ABCDEF";
    for (unsigned char c : value) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            out += char(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = char(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = char(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

std::string_view trim(std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
        v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r'))
        v.remove_suffix(1);
    return v;
}

// forEachHeader calls fn(name, value) for each header line of a header block.
template <typename Fn>
void forEachHeader(std::string_view block, Fn&& fn) {
    std::size_t pos = block.find("\r\n"); // skip the status line
    while (pos != std::string_view::npos && pos + 2 < block.size()) {
        pos += 2;
        const std::size_t end = block.find("\r\n", pos);
        const std::string_view line =
            block.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        const std::size_t colon = line.find(':');
        if (colon != std::string_view::npos &&
            !fn(line.substr(0, colon), trim(line.substr(colon + 1))))
            return;
        pos = end;
    }
}

// dechunk decodes a chunked body; false when it is malformed.
bool dechunk(std::string_view in, std::string* out) {
    std::size_t pos = 0;
    for (;;) {
        const std::size_t eol = in.find("\r\n", pos);
        if (eol == std::string_view::npos)
            return false;
        std::size_t size = 0;
        std::size_t i = pos;
        for (; i < eol; ++i) {
            const char c = in[i];
            int d;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (c >= 'a' && c <= 'f')
                d = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                d = c - 'A' + 10;
            else
                break;
            size = size * 16 + std::size_t(d);
            if (size > (std::size_t(1) << 40))
                return false;
        }
        if (i == pos)
            return false;
        pos = eol + 2;
        if (size == 0)
            return true;
        if (pos + size > in.size())
            return false;
        out->append(in.substr(pos, size));
        pos += size + 2;
    }
}

// ---------------------------------------------------------------- JSON text

// These read a body Qt's parser has accepted, to give a number as it is written there: Qt
// holds numbers as doubles, so 1234567890123456789 came out as 1.2345678901234568e+18 and
// 19.99 as 19.989999999999998, which the next step then sent.
std::size_t skipJsonSpace(std::string_view s, std::size_t i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        ++i;
    return i;
}

// skipJsonString: `i` at a '"'; the offset after its closing quote.
std::size_t skipJsonString(std::string_view s, std::size_t i) {
    for (++i; i < s.size(); ++i) {
        if (s[i] == '\\')
            ++i;
        else if (s[i] == '"')
            return i + 1;
    }
    return s.size();
}

// skipJsonValue: `i` at a value's first byte; the offset after it.
std::size_t skipJsonValue(std::string_view s, std::size_t i) {
    if (i >= s.size())
        return i;
    if (s[i] == '"')
        return skipJsonString(s, i);
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        while (i < s.size()) {
            const char c = s[i];
            if (c == '"') {
                i = skipJsonString(s, i);
                continue;
            }
            if (c == '{' || c == '[')
                ++depth;
            else if ((c == '}' || c == ']') && --depth == 0)
                return i + 1;
            ++i;
        }
        return i;
    }
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' &&
           s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
        ++i;
    return i;
}

// rawJsonAt is the text of the value `pointer` names in the JSON text `s` (a member named
// twice: the last, as Qt keeps), or nullopt.
std::optional<std::string_view> rawJsonAt(std::string_view s,
                                          const std::vector<std::string>& pointer) {
    std::size_t i = skipJsonSpace(s, 0);
    for (const std::string& token : pointer) {
        if (i >= s.size())
            return std::nullopt;
        if (s[i] == '{') {
            std::optional<std::size_t> found;
            i = skipJsonSpace(s, i + 1);
            while (i < s.size() && s[i] == '"') {
                const std::size_t keyEnd = skipJsonString(s, i);
                const std::string_view raw = s.substr(i, keyEnd - i);
                const std::string key =
                    raw.find('\\') == std::string_view::npos
                        ? std::string(raw.substr(1, raw.size() - 2))
                        : QJsonDocument::fromJson(
                              "[" + QByteArray(raw.data(), qsizetype(raw.size())) + "]")
                              .array()
                              .at(0)
                              .toString()
                              .toStdString();
                i = skipJsonSpace(s, skipJsonSpace(s, keyEnd) + 1); // past the ':'
                if (key == token)
                    found = i;
                i = skipJsonSpace(s, skipJsonValue(s, i));
                if (i < s.size() && s[i] == ',')
                    i = skipJsonSpace(s, i + 1);
            }
            if (!found)
                return std::nullopt;
            i = *found;
        } else if (s[i] == '[') {
            std::size_t n = 0;
            for (const char c : token) {
                if (c < '0' || c > '9')
                    return std::nullopt;
                n = n * 10 + std::size_t(c - '0');
            }
            i = skipJsonSpace(s, i + 1);
            for (std::size_t k = 0; k < n && i < s.size() && s[i] != ']'; ++k) {
                i = skipJsonSpace(s, skipJsonValue(s, i));
                if (i < s.size() && s[i] == ',')
                    i = skipJsonSpace(s, i + 1);
            }
        } else {
            return std::nullopt;
        }
    }
    if (i >= s.size())
        return std::nullopt;
    return s.substr(i, skipJsonValue(s, i) - i);
}

// ---------------------------------------------------------------- think time

double uniform01() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    return double(rng() >> 11) * 0x1.0p-53;
}

Duration drawThink(const ThinkTime& t) {
    using D = ThinkTime::Distribution;
    using ns = std::chrono::nanoseconds;
    auto fromNs = [](double v) {
        return std::chrono::duration_cast<Duration>(ns(std::int64_t(std::max(0.0, v))));
    };
    auto count = [](Duration d) { return double(std::chrono::duration_cast<ns>(d).count()); };
    auto normal = [] {
        double u1 = uniform01();
        while (u1 <= 0)
            u1 = uniform01();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * uniform01());
    };
    switch (t.distribution) {
    case D::None:
        return Duration::zero();
    case D::Fixed:
        return t.value;
    case D::Uniform:
        return fromNs(count(t.min) + (count(t.max) - count(t.min)) * uniform01());
    case D::Normal:
        return fromNs(count(t.mean) + count(t.stddev) * normal());
    case D::LogNormal: {
        const double median = count(t.median);
        const double sigma =
            median > 0 && t.p99 > t.median ? std::log(count(t.p99) / median) / 2.326 : 0;
        return fromNs(median * std::exp(sigma * normal()));
    }
    }
    return Duration::zero();
}

// ---------------------------------------------------------------- journeys

// Cookie is one cookie of a journey's jar (RFC 6265 §5.3): `path` is the Path attribute, or
// the default path of the request that set it; `expires` (seconds since the epoch, UTC) is
// set by Max-Age or Expires, else it lives as long as the journey.
struct Cookie {
    std::string name;
    std::string value;
    std::string domain;
    std::string path = "/";
    std::optional<std::int64_t> expires;
    bool hostOnly = true;
    bool secure = false;
};

std::int64_t nowSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// parseCookieDate reads an Expires value as RFC 6265 §5.1.1 does (the lenient algorithm
// browsers use: "Wed, 21 Oct 2015 07:28:00 GMT", "Wednesday, 21-Oct-15 07:28:00 GMT",
// "Wed Oct 21 07:28:00 2015"), in seconds since the epoch; nullopt when it is no date (the
// attribute is then ignored, as the RFC says).
std::optional<std::int64_t> parseCookieDate(std::string_view text) {
    auto delimiter = [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u == 0x09 || (u >= 0x20 && u <= 0x2F) || (u >= 0x3B && u <= 0x40) ||
               (u >= 0x5B && u <= 0x60) || (u >= 0x7B && u <= 0x7E);
    };
    auto digits = [](std::string_view t, std::size_t min, std::size_t max, int* value) {
        std::size_t n = 0;
        int v = 0;
        while (n < t.size() && n <= max && t[n] >= '0' && t[n] <= '9')
            v = v * 10 + (t[n++] - '0');
        if (n < min || n > max)
            return std::size_t(0);
        *value = v;
        return n;
    };
    static const char* const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    bool haveTime = false, haveDay = false, haveMonth = false, haveYear = false;
    int hour = 0, minute = 0, second = 0, day = 0, month = 0, year = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && delimiter(text[i]))
            ++i;
        std::size_t j = i;
        while (j < text.size() && !delimiter(text[j]))
            ++j;
        const std::string_view token = text.substr(i, j - i);
        i = j;
        if (token.empty())
            continue;
        int a = 0, b = 0, c = 0;
        if (!haveTime) {
            std::size_t n = digits(token, 1, 2, &a);
            if (n && n < token.size() && token[n] == ':') {
                const std::size_t m = digits(token.substr(n + 1), 1, 2, &b);
                if (m && n + 1 + m < token.size() && token[n + 1 + m] == ':' &&
                    digits(token.substr(n + 2 + m), 1, 2, &c)) {
                    haveTime = true;
                    hour = a, minute = b, second = c;
                    continue;
                }
            }
        }
        if (!haveDay && digits(token, 1, 2, &a) &&
            (token.size() <= 2 || !(token[2] >= '0' && token[2] <= '9'))) {
            const std::size_t n = digits(token, 1, 2, &a);
            if (n == token.size() || !(token[n] >= '0' && token[n] <= '9')) {
                haveDay = true;
                day = a;
                continue;
            }
        }
        if (!haveMonth && token.size() >= 3) {
            const std::string m = lower(token.substr(0, 3));
            for (int k = 0; k < 12 && !haveMonth; ++k) {
                if (m == months[k]) {
                    haveMonth = true;
                    month = k + 1;
                }
            }
            if (haveMonth)
                continue;
        }
        if (!haveYear) {
            const std::size_t n = digits(token, 2, 4, &a);
            if (n && (n == token.size() || !(token[n] >= '0' && token[n] <= '9'))) {
                haveYear = true;
                year = a;
                continue;
            }
        }
    }
    if (haveYear && year >= 70 && year <= 99)
        year += 1900;
    else if (haveYear && year >= 0 && year <= 69)
        year += 2000;
    if (!haveTime || !haveDay || !haveMonth || !haveYear || day < 1 || day > 31 || year < 1601 ||
        hour > 23 || minute > 59 || second > 59)
        return std::nullopt;
    // Days since the epoch of a proleptic Gregorian date (H. Hinnant's days_from_civil).
    const int y = month <= 2 ? year - 1 : year;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const std::int64_t days = std::int64_t(era) * 146097 + doe - 719468;
    return days * 86400 + hour * 3600 + minute * 60 + second;
}

// defaultCookiePath is RFC 6265 §5.1.4's default-path of a request path (no query): its
// directory, "/" for "/x" or anything that is not a path.
std::string defaultCookiePath(std::string_view path) {
    if (path.empty() || path.front() != '/')
        return "/";
    const std::size_t last = path.rfind('/');
    return last == 0 ? std::string("/") : std::string(path.substr(0, last));
}

// pathMatches is RFC 6265 §5.1.4's path-match: the cookie's path is the request path, or a
// prefix of it that ends with "/" or is followed by "/" (/api matches /api/x, not /apix).
bool pathMatches(std::string_view requestPath, const std::string& cookiePath) {
    if (requestPath.substr(0, cookiePath.size()) != cookiePath)
        return false;
    return requestPath.size() == cookiePath.size() || cookiePath.back() == '/' ||
           requestPath[cookiePath.size()] == '/';
}

// isIpAddress is true for an IPv6 host (QUrl gives it without brackets) and for an IPv4 one:
// a host whose last label is a number (as the URL standard reads hosts, `127.0.0.1`).
bool isIpAddress(const std::string& host) {
    if (host.find(':') != std::string::npos)
        return true;
    const std::size_t dot = host.rfind('.');
    const std::size_t start = dot == std::string::npos ? 0 : dot + 1;
    return start < host.size() && std::all_of(host.begin() + std::ptrdiff_t(start), host.end(),
                                              [](char ch) { return ch >= '0' && ch <= '9'; });
}

// domainMatches is RFC 6265 §5.1.3's domain-match: the cookie's domain is the host, or for
// a host name (never an IP address) a parent domain of it.
bool domainMatches(const std::string& host, const Cookie& c) {
    if (c.hostOnly)
        return host == c.domain;
    return host == c.domain ||
           (!isIpAddress(host) && host.size() > c.domain.size() &&
            host.compare(host.size() - c.domain.size(), c.domain.size(), c.domain) == 0 &&
            host[host.size() - c.domain.size() - 1] == '.');
}

class Journey final : public StepOwner {
public:
    Journey(std::shared_ptr<const FlowDef> flow, const Context& ctx, Completion done)
        : m_flow(std::move(flow))
        , m_ctx(ctx)
        , m_done(std::move(done))
        , m_values(m_flow->vars.size())
        , m_set(m_flow->vars.size(), false) {}

    void begin(StepLoop& loop) override {
        if (m_flow->data) {
            const std::optional<std::size_t> row = m_flow->data->next();
            if (!row) {
                finish(Error("rows_exhausted", m_flow->data->exhaustedMessage()));
                return;
            }
            m_row = *row;
        }
        next(loop);
    }

    void stepDone(StepLoop& loop, int status, Error error, TimePoint start, TimePoint end,
                  bool sent) override {
        const CompiledStep& step = m_flow->steps[m_step];
        // A text to look for that filled in empty checks nothing: the exchange fails as a
        // body without the text does (and gives way to a status error as that does).
        if (m_emptyExpect && !error)
            error = emptyExpect(step);
        // The status first: a body error (the exchange's) gives way to a status one.
        if ((!error || (status > 0 && error.kind() == "body")) &&
            (status < 0 || status >= int(step.ok.size()) || !step.ok.test(std::size_t(status))))
            error = Error("http_" + std::to_string(status),
                          "unexpected HTTP status " + std::to_string(status));
        if (!error && step.capture != CaptureMode::None)
            error = readResponse(step);
        if (error && (error.is(ErrCanceled) || error.is(ErrDeadlineExceeded))) {
            // The run ended: the journey ends with the Context's error (its kind, so it is
            // counted as interrupted or cut), named by the step as any step's error is; an
            // optional step does not go on either.
            if (m_flow->observer)
                m_flow->observer->stepEnded(m_step, start, end, error, sent);
            finish(ofStep(step, error));
            return;
        }
        if (m_flow->observer)
            m_flow->observer->stepEnded(m_step, start, end, error, sent);
        if (error && !step.optional) {
            finish(ofStep(step, error));
            return;
        }
        if (error)
            forget(step);
        ++m_step;
        next(loop);
    }

private:
    void next(StepLoop& loop) {
        while (m_step < m_flow->steps.size()) {
            const CompiledStep& step = m_flow->steps[m_step];
            if (m_ctx.done()) {
                finish(ofStep(step, m_ctx.err())); // cut before the step started
                return;
            }
            Error error = build(step);
            std::string_view expect;
            m_emptyExpect = false;
            if (!error && step.checksBody) {
                if (!step.expectVars) {
                    expect = step.literalExpect;
                } else {
                    m_expect.clear();
                    if (substitute(step.expect, m_expect, false, &error))
                        expect = m_expect;
                    // Every body contains the empty text: the step is sent, and fails in
                    // stepDone rather than pass without a check.
                    m_emptyExpect = !error && m_expect.empty();
                }
            }
            if (!error) {
                StepRequest r;
                r.origin = step.origin;
                r.bytes = m_send->data();
                r.size = m_send->size();
                r.head = step.head;
                r.idempotent = step.idempotent;
                r.timeout = step.timeout;
                r.expectBody = expect;
                if (step.capture != CaptureMode::None) {
                    m_capture.body = step.capture == CaptureMode::Body;
                    m_capture.bodyLimit = m_capture.body ? m_flow->bodyLimit : 0;
                    r.capture = &m_capture;
                }
                // Without a think time the loop starts it now (and reads the clock itself).
                const Duration think = drawThink(step.think);
                loop.startStep(m_ctx, r, this,
                               think > Duration::zero() ? Clock::now() + think : TimePoint{});
                return;
            }
            // The request could not be made (a value it needs is missing).
            const TimePoint now = Clock::now();
            if (m_flow->observer)
                m_flow->observer->stepEnded(m_step, now, now, error, false);
            if (!step.optional) {
                finish(ofStep(step, error));
                return;
            }
            forget(step);
            ++m_step;
        }
        finish({});
    }

    // forget unsets every value a failed optional step extracts, those it extracted before
    // failing and those an earlier step had set under the same name: a later step that uses
    // one fails with kind extract rather than send a value this step did not confirm.
    void forget(const CompiledStep& step) {
        for (const CompiledExtract& x : step.extracts)
            m_set[std::size_t(x.var)] = false;
    }

    // emptyExpect is the error of a step whose expect_body, filled in, is empty: every
    // ${name} it uses (it holds nothing else) was empty.
    Error emptyExpect(const CompiledStep& step) const {
        std::vector<int> names;
        for (const Segment& s : step.expect)
            if (s.var >= 0 && std::find(names.begin(), names.end(), s.var) == names.end())
                names.push_back(s.var);
        std::string text = "expect_body: ";
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (i > 0)
                text += i + 1 == names.size() ? " and " : ", ";
            text += "${" + m_flow->vars[std::size_t(names[i])] + "}";
            if (std::size_t(names[i]) < m_flow->columns)
                text += " (a column of the data file)";
        }
        text += names.size() == 1 ? " was empty" : " were empty";
        return Error("body", text + ": nothing to look for");
    }

    // ofStep is a step's error as the journey reports it: its kind, and its message after
    // "step NAME: ".
    static Error ofStep(const CompiledStep& step, const Error& error) {
        return Error(error.kind(), "step " + step.name + ": " + error.message());
    }

    void finish(Error error) {
        Completion done = std::move(*m_done);
        delete this;
        done(Result{}, std::move(error));
    }

    bool substitute(const Template& t, std::string& out, bool encode, Error* error) {
        for (const Segment& s : t) {
            if (s.var < 0) {
                out += s.text;
                continue;
            }
            if (std::size_t(s.var) < m_flow->columns) {
                const std::string_view cell = m_flow->data->table().cell(m_row, s.var);
                if (encode)
                    appendEncoded(out, std::string(cell));
                else
                    out += cell;
                continue;
            }
            if (!m_set[std::size_t(s.var)]) {
                *error = Error("extract", "${" + m_flow->vars[std::size_t(s.var)] +
                                              "} has no value (the step that extracts it failed)");
                return false;
            }
            const std::string& v = m_values[std::size_t(s.var)];
            if (encode)
                appendEncoded(out, v);
            else
                out += v;
        }
        return true;
    }

    // requestPath is the path (no query) of the step in flight, for its cookies.
    std::string_view requestPath() const { return std::string_view(m_target).substr(0, m_pathEnd); }

    Error build(const CompiledStep& step) {
        Error error;
        // The request target (path and query) first: the cookies sent depend on its path,
        // and the cookies its response sets take their default path from it.
        if (step.pathVars) {
            m_target.clear();
            if (!substitute(step.path, m_target, true, &error))
                return error;
        } else {
            m_target = step.literalPath;
        }
        m_pathEnd = std::min(m_target.find('?'), m_target.size());
        std::string cookies;
        if (m_flow->cookies && !m_jar.empty()) {
            // Expired cookies go (an Expires or Max-Age passed during the journey); the
            // others are sent when their domain, path and Secure flag allow, longer paths
            // first (RFC 6265 §5.4).
            const std::int64_t now = nowSeconds();
            std::erase_if(m_jar, [now](const Cookie& c) { return c.expires && *c.expires <= now; });
            std::vector<const Cookie*> send;
            for (const Cookie& c : m_jar) {
                if ((!c.secure || step.https) && domainMatches(step.host, c) &&
                    pathMatches(requestPath(), c.path))
                    send.push_back(&c);
            }
            std::stable_sort(send.begin(), send.end(), [](const Cookie* a, const Cookie* b) {
                return a->path.size() > b->path.size();
            });
            for (const Cookie* c : send) {
                if (!cookies.empty())
                    cookies += "; ";
                cookies += c->name + '=' + c->value;
            }
        }
        if (!step.dynamic && cookies.empty()) {
            m_send = &step.staticBytes;
            return {};
        }
        std::string& b = m_bytes;
        b.clear();
        b += step.method;
        b += ' ';
        b += m_target;
        b += " HTTP/1.1\r\n";
        b += step.hostHeader;
        for (std::size_t i = 0; i < step.headers.size(); ++i) {
            const auto& [name, value] = step.headers[i];
            b += name;
            b += ": ";
            const std::size_t at = b.size();
            if (!substitute(value, b, false, &error))
                return error;
            if (b.find_first_of("\r\n", at) != std::string::npos ||
                b.find('\0', at) != std::string::npos)
                return Error("extract", "the value of header " + name + " contains a line break");
            if (int(i) == step.cookieHeader && !cookies.empty()) {
                b += "; ";
                b += cookies;
            }
            b += "\r\n";
        }
        if (step.cookieHeader < 0 && !cookies.empty())
            b += "Cookie: " + cookies + "\r\n";
        m_body.clear();
        if (!substitute(step.body, m_body, false, &error))
            return error;
        if (!step.hasLength && (!m_body.empty() || step.bodyMethod))
            b += "Content-Length: " + std::to_string(m_body.size()) + "\r\n";
        b += "\r\n";
        b += m_body;
        m_send = &m_bytes;
        return {};
    }

    void storeCookie(std::string_view header, const CompiledStep& step) {
        const std::size_t semi = header.find(';');
        const std::string_view pair = header.substr(0, semi);
        const std::size_t eq = pair.find('=');
        if (eq == std::string_view::npos)
            return;
        Cookie c;
        c.name = std::string(trim(pair.substr(0, eq)));
        c.value = std::string(trim(pair.substr(eq + 1)));
        if (c.name.empty())
            return;
        c.domain = step.host;
        c.path = defaultCookiePath(requestPath());
        // Max-Age wins over Expires (RFC 6265 §5.3 step 3), whichever comes first.
        std::optional<std::int64_t> maxAge;
        std::optional<std::int64_t> expires;
        std::string_view attrs =
            semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
        while (!attrs.empty()) {
            const std::size_t next = attrs.find(';');
            const std::string_view a = trim(attrs.substr(0, next));
            attrs = next == std::string_view::npos ? std::string_view() : attrs.substr(next + 1);
            const std::size_t aeq = a.find('=');
            const std::string_view key = trim(a.substr(0, aeq));
            const std::string_view val =
                aeq == std::string_view::npos ? std::string_view() : trim(a.substr(aeq + 1));
            if (iequals(key, "domain") && !val.empty()) {
                std::string d = lower(val);
                if (d.front() == '.')
                    d.erase(0, 1);
                Cookie probe;
                probe.domain = d;
                probe.hostOnly = false;
                if (!domainMatches(step.host, probe))
                    return; // a domain the host may not set cookies for
                c.domain = d;
                c.hostOnly = false;
            } else if (iequals(key, "secure")) {
                c.secure = true;
            } else if (iequals(key, "path")) {
                // A Path that is not a path ("", "x") means the default one (§5.2.4).
                if (!val.empty() && val.front() == '/')
                    c.path = std::string(val);
                else
                    c.path = defaultCookiePath(requestPath());
            } else if (iequals(key, "max-age")) {
                // §5.2.2: a number, maybe negative; anything else is ignored. Zero or less
                // is already expired.
                std::size_t k = !val.empty() && val.front() == '-' ? 1 : 0;
                const bool number =
                    k < val.size() && std::all_of(val.begin() + std::ptrdiff_t(k), val.end(),
                                                  [](char ch) { return ch >= '0' && ch <= '9'; });
                if (number) {
                    std::int64_t seconds = 0;
                    for (; k < val.size() && seconds < (std::int64_t(1) << 40); ++k)
                        seconds = seconds * 10 + (val[k] - '0');
                    maxAge = val.front() == '-' ? std::int64_t(-1) : seconds;
                }
            } else if (iequals(key, "expires")) {
                if (const std::optional<std::int64_t> at = parseCookieDate(val))
                    expires = at;
            }
        }
        const std::int64_t now = nowSeconds();
        if (maxAge)
            c.expires = *maxAge <= 0 ? now - 1 : now + *maxAge;
        else
            c.expires = expires;
        // A cookie that arrives expired removes the one it names (that is how a server
        // logs a session out), and is not kept.
        const bool remove = c.expires && *c.expires <= now;
        for (auto it = m_jar.begin(); it != m_jar.end(); ++it) {
            if (it->name == c.name && it->domain == c.domain && it->path == c.path) {
                if (remove)
                    m_jar.erase(it);
                else
                    *it = std::move(c);
                return;
            }
        }
        if (!remove)
            m_jar.push_back(std::move(c));
    }

    Error readResponse(const CompiledStep& step) {
        const Capture& cap = m_capture;
        if (cap.headerEnd == 0)
            return Error("extract", "the response's headers were not kept (larger than 64 KiB)");
        const std::string_view headers(cap.bytes.data(), cap.headerEnd);
        bool chunked = false;
        // Most responses set no cookie and are read for nothing else: look before parsing.
        const bool mayCookie =
            m_flow->cookies && (headers.find("ookie") != std::string_view::npos ||
                                headers.find("OOKIE") != std::string_view::npos);
        if (mayCookie || step.capture == CaptureMode::Body) {
            forEachHeader(headers, [&](std::string_view name, std::string_view value) {
                if (m_flow->cookies && iequals(name, "set-cookie"))
                    storeCookie(value, step);
                else if (iequals(name, "transfer-encoding") &&
                         lower(value).find("chunked") != std::string::npos)
                    chunked = true;
                return true;
            });
        }
        std::optional<QByteArray> body;
        for (const CompiledExtract& x : step.extracts) {
            std::optional<std::string> value;
            std::string why;
            switch (x.source) {
            case FlowExtract::Source::Header:
                forEachHeader(headers, [&](std::string_view name, std::string_view v) {
                    if (!iequals(name, x.expr))
                        return true;
                    value = std::string(v);
                    return false;
                });
                if (!value)
                    why = "no header " + x.expr + " in the response";
                break;
            case FlowExtract::Source::Cookie:
                forEachHeader(headers, [&](std::string_view name, std::string_view v) {
                    if (!iequals(name, "set-cookie"))
                        return true;
                    const std::string_view pair = v.substr(0, v.find(';'));
                    const std::size_t eq = pair.find('=');
                    if (eq != std::string_view::npos && trim(pair.substr(0, eq)) == x.expr) {
                        value = std::string(trim(pair.substr(eq + 1)));
                        return false;
                    }
                    return true;
                });
                if (!value) {
                    for (const Cookie& c : m_jar)
                        if (c.name == x.expr && domainMatches(step.host, c))
                            value = c.value;
                }
                if (!value)
                    why = "no cookie " + x.expr + " set by the response or in the jar";
                break;
            case FlowExtract::Source::Json:
            case FlowExtract::Source::Regex: {
                if (cap.truncated)
                    return Error("extract", "extract " + x.name + ": the body is larger than " +
                                                std::to_string(m_flow->bodyLimit) +
                                                " bytes (the limit)");
                if (!body) {
                    const std::string_view raw(cap.bytes.data() + cap.headerEnd,
                                               cap.bytes.size() - cap.headerEnd);
                    if (chunked) {
                        std::string decoded;
                        if (!dechunk(raw, &decoded))
                            return Error("extract",
                                         "extract " + x.name + ": malformed chunked body");
                        body = QByteArray(decoded.data(), qsizetype(decoded.size()));
                    } else {
                        body = QByteArray(raw.data(), qsizetype(raw.size()));
                    }
                }
                if (x.source == FlowExtract::Source::Json)
                    value = jsonPointer(*body, x, &why);
                else
                    value = regex(*body, x, &why);
                break;
            }
            }
            if (!value)
                return Error("extract", "extract " + x.name + ": " + why);
            m_values[std::size_t(x.var)] = std::move(*value);
            m_set[std::size_t(x.var)] = true;
        }
        return {};
    }

    static std::optional<std::string> jsonPointer(const QByteArray& body, const CompiledExtract& x,
                                                  std::string* why) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
        if (doc.isNull()) {
            *why = "the body is not JSON (" + parseError.errorString().toStdString() + ")";
            return std::nullopt;
        }
        QJsonValue v = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
        for (const std::string& token : x.pointer) {
            if (v.isObject()) {
                const QJsonObject o = v.toObject();
                const QString key = QString::fromStdString(token);
                if (!o.contains(key)) {
                    *why = "JSON pointer " + x.expr + " not found in the body";
                    return std::nullopt;
                }
                v = o.value(key);
            } else if (v.isArray()) {
                const QJsonArray a = v.toArray();
                bool ok = !token.empty() && (token == "0" || token.front() != '0');
                const qsizetype i = ok ? QString::fromStdString(token).toLongLong(&ok) : -1;
                if (!ok || i < 0 || i >= a.size()) {
                    *why = "JSON pointer " + x.expr + " not found in the body";
                    return std::nullopt;
                }
                v = a.at(i);
            } else {
                *why = "JSON pointer " + x.expr + " not found in the body";
                return std::nullopt;
            }
        }
        switch (v.type()) {
        case QJsonValue::String:
            return v.toString().toStdString();
        case QJsonValue::Double: {
            // As written in the body (1234567890123456789, 19.99, 1e3), not Qt's double.
            const std::optional<std::string_view> raw =
                rawJsonAt(std::string_view(body.constData(), std::size_t(body.size())), x.pointer);
            if (raw && !raw->empty())
                return std::string(*raw);
            return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest).toStdString();
        }
        case QJsonValue::Bool:
            return std::string(v.toBool() ? "true" : "false");
        case QJsonValue::Null:
            return std::string("null");
        case QJsonValue::Object:
            return QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact).toStdString();
        case QJsonValue::Array:
            return QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact).toStdString();
        case QJsonValue::Undefined:
            break;
        }
        *why = "JSON pointer " + x.expr + " not found in the body";
        return std::nullopt;
    }

    static std::optional<std::string> regex(const QByteArray& body, const CompiledExtract& x,
                                            std::string* why) {
        const QRegularExpressionMatch m = x.regex.match(QString::fromUtf8(body));
        if (!m.hasMatch()) {
            *why = "regex " + x.expr + " does not match the body";
            return std::nullopt;
        }
        return m.captured(x.regex.captureCount() > 0 ? 1 : 0).toStdString();
    }

    std::shared_ptr<const FlowDef> m_flow;
    Context m_ctx;
    std::optional<Completion> m_done;
    std::vector<std::string> m_values;
    std::vector<bool> m_set;
    std::vector<Cookie> m_jar;
    std::string m_target;      // the request target of the step in flight
    std::size_t m_pathEnd = 0; // the end of its path (the query's '?')
    std::size_t m_step = 0;
    std::size_t m_row = 0;
    const std::string* m_send = nullptr;
    std::string m_expect;       // the step's expected body text, when it uses values
    bool m_emptyExpect = false; // that text, filled in, is empty (the step fails with kind body)
    std::string m_bytes;
    std::string m_body;
    Capture m_capture;
};

bool fail(QString* error, const QString& text) {
    if (error)
        *error = text;
    return false;
}

} // namespace

Target makeFlowTarget(const FlowOptions& options, QString* error) {
    if (options.steps.isEmpty())
        return fail(error, QStringLiteral("steps: a flow needs at least one step")), Target();
    if (options.connections < 0)
        return fail(error, QStringLiteral("connections: must not be negative")), Target();
    if (options.ioThreads < 1 || options.ioThreads > 64)
        return fail(error, QStringLiteral("ioThreads: must be between 1 and 64")), Target();
    auto flow = std::make_shared<FlowDef>();
    flow->cookies = options.cookies;
    flow->bodyLimit = options.bodyLimit;
    flow->observer = options.observer;
    if (options.data) {
        flow->data = options.data;
        for (const QString& c : options.data->table().columns())
            flow->vars.push_back(c.toStdString());
        flow->columns = flow->vars.size();
    }
    std::vector<std::shared_ptr<const Request>> origins;
    std::vector<std::string> originKeys;
    std::string dnsError;
    HttpOptions tlsOptions;
    tlsOptions.insecure = options.insecure;
    tlsOptions.caFile = options.caFile;
    tlsOptions.clientCert = options.clientCert;
    tlsOptions.clientKey = options.clientKey;
    tlsOptions.clientKeyPassphrase = options.clientKeyPassphrase;
    tlsOptions.serverName = options.serverName;
    tlsOptions.resolver = options.resolver;
    std::vector<QString> names;
    for (qsizetype i = 0; i < options.steps.size(); ++i) {
        const FlowStep& s = options.steps[i];
        const QString at = QStringLiteral("steps[%1].").arg(i);
        CompiledStep c;
        c.name = s.name.isEmpty() ? std::to_string(i + 1) : s.name.toStdString();
        const QString stepName = QString::fromStdString(c.name);
        for (const QString& n : names)
            if (n == stepName)
                return fail(error, at + QStringLiteral("name: duplicate step name \"%1\"").arg(n)),
                       Target();
        names.push_back(stepName);
        if (!isToken(s.method))
            return fail(error, at + QStringLiteral("method: \"%1\" is not a valid HTTP method")
                                        .arg(QString::fromUtf8(s.method))),
                   Target();
        // The origin (scheme://host:port) is fixed; the path and query may use values.
        // The URL as a browser sends what users paste ("/a|b c" as "/a%7Cb%20c", url.h),
        // the values' ${name}s kept.
        QString urlWhy;
        const std::optional<QString> normalized = normalizeUrl(s.url, &urlWhy, true);
        if (!normalized)
            return fail(error,
                        at + QStringLiteral("url: invalid URL \"%1\": %2").arg(s.url, urlWhy)),
                   Target();
        const QString& stepUrl = *normalized;
        const qsizetype schemeEnd = stepUrl.indexOf(QLatin1String("://"));
        qsizetype pathStart = schemeEnd < 0 ? -1 : stepUrl.size();
        if (schemeEnd >= 0) {
            for (qsizetype k = schemeEnd + 3; k < stepUrl.size(); ++k) {
                if (stepUrl[k] == u'/' || stepUrl[k] == u'?') {
                    pathStart = k;
                    break;
                }
            }
        }
        const QString originText = schemeEnd < 0 ? stepUrl : stepUrl.left(pathStart);
        if (originText.contains(QLatin1String("${")))
            return fail(error, at + QStringLiteral("url: values (${…}) may be used in the path and "
                                                   "query only, not in the scheme, host or port")),
                   Target();
        const QUrl url(originText + u'/', QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (schemeEnd < 0 || !url.isValid() || url.host().isEmpty())
            return fail(error, at + QStringLiteral("url: invalid URL \"%1\"").arg(s.url)), Target();
        if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
            return fail(error, at + QStringLiteral("url: scheme must be http or https, not \"%1\"")
                                        .arg(url.scheme())),
                   Target();
        c.https = scheme == QLatin1String("https");
        c.host = lower(url.host(QUrl::FullyEncoded).toStdString());
        const int port = url.port(c.https ? 443 : 80);
        const std::string key = scheme.toStdString() + "://" + c.host + ':' + std::to_string(port);
        c.origin = origins.size();
        for (std::size_t o = 0; o < originKeys.size(); ++o)
            if (originKeys[o] == key)
                c.origin = o;
        if (c.origin == origins.size()) {
            QString why;
            auto origin = makeOrigin(url, tlsOptions, &why);
            if (!origin)
                return fail(error, why), Target();
            if (!origin->dnsError.empty() && dnsError.empty())
                dnsError = origin->dnsError;
            origins.push_back(origin);
            originKeys.push_back(key);
        }
        QString why;
        QString pathText = stepUrl.mid(pathStart);
        if (const qsizetype hash = pathText.indexOf(u'#'); hash >= 0)
            pathText.truncate(hash); // the fragment is the client's, never sent
        if (pathText.isEmpty() || pathText.startsWith(u'?'))
            pathText.prepend(u'/');
        if (!compileTemplate(pathText, flow->vars, &c.path, &why))
            return fail(error, at + QStringLiteral("url: ") + why), Target();
        if (!hasVars(c.path)) {
            // Literal paths are sent as QUrl would encode them.
            const QUrl full(originText + pathText, QUrl::StrictMode);
            if (!full.isValid())
                return fail(error, at + QStringLiteral("url: invalid URL \"%1\"").arg(s.url)),
                       Target();
            QByteArray p = full.path(QUrl::FullyEncoded).toUtf8();
            if (p.isEmpty())
                p = "/";
            if (full.hasQuery())
                p += '?' + full.query(QUrl::FullyEncoded).toUtf8();
            c.path = {{p.toStdString(), -1}};
        }
        c.method = s.method.toStdString();
        bool hasHost = false;
        for (const auto& [name, value] : s.headers) {
            if (!isToken(name))
                return fail(error, at + QStringLiteral("headers: invalid header name \"%1\"")
                                            .arg(QString::fromUtf8(name))),
                       Target();
            if (value.contains('\r') || value.contains('\n') || value.contains('\0'))
                return fail(error, at + QStringLiteral("headers: the value of \"%1\" contains a "
                                                       "line break")
                                            .arg(QString::fromUtf8(name))),
                       Target();
            Template t;
            if (!compileTemplate(QString::fromUtf8(value), flow->vars, &t, &why))
                return fail(error,
                            at + QStringLiteral("headers.%1: ").arg(QString::fromUtf8(name)) + why),
                       Target();
            hasHost = hasHost || name.compare("host", Qt::CaseInsensitive) == 0;
            c.hasLength = c.hasLength || name.compare("content-length", Qt::CaseInsensitive) == 0;
            if (name.compare("cookie", Qt::CaseInsensitive) == 0 && c.cookieHeader < 0)
                c.cookieHeader = int(c.headers.size());
            c.headers.emplace_back(name.toStdString(), std::move(t));
        }
        if (!hasHost) {
            const bool v6 = c.host.find(':') != std::string::npos;
            c.hostHeader = "Host: " + (v6 ? '[' + c.host + ']' : c.host);
            if (port != (c.https ? 443 : 80))
                c.hostHeader += ':' + std::to_string(port);
            c.hostHeader += "\r\n";
        }
        if (!compileTemplate(QString::fromUtf8(s.body), flow->vars, &c.body, &why))
            return fail(error, at + QStringLiteral("body: ") + why), Target();
        if (!s.expectBody.isEmpty()) {
            if (!compileTemplate(QString::fromUtf8(s.expectBody), flow->vars, &c.expect, &why))
                return fail(error, at + QStringLiteral("expectBody: ") + why), Target();
            c.checksBody = true;
            c.expectVars = hasVars(c.expect);
            c.literalExpect = literal(c.expect);
        }
        c.bodyMethod = s.method == "POST" || s.method == "PUT" || s.method == "PATCH";
        c.head = s.method == "HEAD";
        c.idempotent = s.method == "GET" || s.method == "HEAD" || s.method == "PUT" ||
                       s.method == "DELETE" || s.method == "OPTIONS" || s.method == "TRACE";
        if (s.timeout <= Duration::zero())
            return fail(error, at + QStringLiteral("timeout: must be positive")), Target();
        c.timeout = s.timeout;
        if (s.expectStatus.isEmpty()) {
            for (int code = 200; code < 400; ++code)
                c.ok.set(std::size_t(code));
        }
        for (int code : s.expectStatus) {
            if (code < 100 || code > 999)
                return fail(error,
                            at + QStringLiteral("expectStatus: %1 is not a status code").arg(code)),
                       Target();
            c.ok.set(std::size_t(code));
        }
        c.think = s.think;
        c.optional = s.optional;
        c.pathVars = hasVars(c.path);
        if (!c.pathVars)
            for (const Segment& seg : c.path)
                c.literalPath += seg.text;
        c.dynamic = c.pathVars || hasVars(c.body);
        for (const auto& h : c.headers)
            c.dynamic = c.dynamic || hasVars(h.second);
        // Values become known only after this step's request is built.
        bool readsBody = false;
        bool readsHeaders = false;
        for (qsizetype k = 0; k < s.extract.size(); ++k) {
            const FlowExtract& x = s.extract[k];
            const QString xat = at + QStringLiteral("extract[%1].").arg(k);
            bool valid = !x.name.isEmpty() && (x.name[0].isLetter() || x.name[0] == u'_');
            for (QChar ch : x.name)
                valid = valid && (ch.isLetterOrNumber() || ch == u'_') && ch.unicode() < 128;
            if (!valid)
                return fail(error, xat + QStringLiteral("name: \"%1\" is not a name (letters, "
                                                        "digits, _)")
                                             .arg(x.name)),
                       Target();
            CompiledExtract cx;
            cx.name = x.name.toStdString();
            cx.source = x.source;
            cx.expr = x.expr.toStdString();
            switch (x.source) {
            case FlowExtract::Source::Json: {
                readsBody = true;
                if (!cx.expr.empty() && cx.expr.front() != '/')
                    return fail(error, xat + QStringLiteral("json: a JSON pointer starts with "
                                                            "\"/\" (e.g. \"/token\"), not \"%1\"")
                                                 .arg(x.expr)),
                           Target();
                std::size_t pos = 1;
                while (!cx.expr.empty() && pos <= cx.expr.size()) {
                    const std::size_t slash = cx.expr.find('/', pos);
                    std::string token = cx.expr.substr(
                        pos, slash == std::string::npos ? std::string::npos : slash - pos);
                    std::string unescaped;
                    for (std::size_t t = 0; t < token.size(); ++t) {
                        if (token[t] == '~' && t + 1 < token.size() && token[t + 1] == '1') {
                            unescaped += '/';
                            ++t;
                        } else if (token[t] == '~' && t + 1 < token.size() && token[t + 1] == '0') {
                            unescaped += '~';
                            ++t;
                        } else {
                            unescaped += token[t];
                        }
                    }
                    cx.pointer.push_back(std::move(unescaped));
                    if (slash == std::string::npos)
                        break;
                    pos = slash + 1;
                }
                break;
            }
            case FlowExtract::Source::Regex:
                readsBody = true;
                cx.regex = QRegularExpression(x.expr);
                if (!cx.regex.isValid())
                    return fail(error, xat + QStringLiteral("regex: invalid (%1)")
                                                 .arg(cx.regex.errorString())),
                           Target();
                cx.regex.optimize();
                break;
            case FlowExtract::Source::Header:
                readsHeaders = true;
                if (!isToken(x.expr.toUtf8()))
                    return fail(error, xat + QStringLiteral("header: invalid header name \"%1\"")
                                                 .arg(x.expr)),
                           Target();
                cx.expr = lower(cx.expr);
                break;
            case FlowExtract::Source::Cookie:
                readsHeaders = true;
                if (x.expr.isEmpty())
                    return fail(error, xat + QStringLiteral("cookie: the cookie's name is empty")),
                           Target();
                break;
            }
            int var = -1;
            for (std::size_t v = 0; v < flow->vars.size(); ++v)
                if (flow->vars[v] == cx.name)
                    var = int(v);
            if (var >= 0 && std::size_t(var) < flow->columns)
                return fail(error, xat + QStringLiteral("name: \"%1\" is also a column of the data "
                                                        "file %2")
                                             .arg(x.name, options.data->table().source())),
                       Target();
            if (var < 0) {
                var = int(flow->vars.size());
                flow->vars.push_back(cx.name);
            }
            cx.var = var;
            c.extracts.push_back(std::move(cx));
        }
        c.capture = readsBody                           ? CaptureMode::Body
                    : (readsHeaders || options.cookies) ? CaptureMode::Headers
                                                        : CaptureMode::None;
        if (!c.dynamic) {
            std::string& b = c.staticBytes;
            b = c.method + ' ' + literal(c.path) + " HTTP/1.1\r\n" + c.hostHeader;
            for (const auto& [name, value] : c.headers)
                b += name + ": " + literal(value) + "\r\n";
            const std::string body = literal(c.body);
            if (!c.hasLength && (!body.empty() || c.bodyMethod))
                b += "Content-Length: " + std::to_string(body.size()) + "\r\n";
            b += "\r\n" + body;
        }
        flow->steps.push_back(std::move(c));
    }
    if (!dnsError.empty()) {
        const Error dns("dns", dnsError);
        return Target::async([dns](const Context&, Completion done) { done(Result{}, dns); });
    }
    std::shared_ptr<StepClient> client =
        makeStepClient(std::move(origins), options.connections, options.ioThreads);
    std::shared_ptr<const FlowDef> def = flow;
    return Target::async([client, def](const Context& ctx, Completion done) {
        client->submit(new Journey(def, ctx, std::move(done)));
    });
}

} // namespace pusher
