// Flow targets: one call runs a journey of HTTP steps on the lean client's event loops.
#pragma once

#include <pusher/clock.h>
#include <pusher/error.h>
#include <pusher/http/http.h>
#include <pusher/target.h>

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <chrono>
#include <cstddef>
#include <memory>

namespace pusher {

// ThinkTime is the pause before a step: none, fixed, or drawn per journey from a
// distribution (uniform min..max; normal mean/stddev, negative draws become 0; lognormal
// median/p99, σ = ln(p99/median) / 2.326).
struct ThinkTime {
    enum class Distribution { None, Fixed, Uniform, Normal, LogNormal };
    Distribution distribution = Distribution::None;
    Duration value{}; // fixed
    Duration min{};
    Duration max{};
    Duration mean{};
    Duration stddev{};
    Duration median{};
    Duration p99{};
};

// FlowExtract takes one named value from a step's response.
struct FlowExtract {
    enum class Source {
        Json,   // `expr` is a JSON pointer (RFC 6901) into the body, e.g. "/token"
        Regex,  // `expr` is a regular expression over the body; the first group (or the match)
        Header, // `expr` is a response header name (case-insensitive); the first such header
        Cookie, // `expr` is a cookie name: set by this response, else in the journey's jar
    };
    QString name;
    Source source = Source::Json;
    QString expr;
};

// FlowStep is one request of a flow. URL (path and query), header values and body may use
// `${name}`, a value extracted by an earlier step; the URL's scheme, host and port may not.
struct FlowStep {
    QString name;
    QByteArray method = "GET";
    QString url;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    Duration timeout = std::chrono::seconds(10);
    // expectStatus: empty means 2xx and 3xx.
    QList<int> expectStatus;
    // expectBody, when not empty, is a text the response body must contain (as
    // HttpOptions::expectBody; the whole body is scanned, beyond bodyLimit too); it may use
    // `${name}` as the URL's path does. Without it the step fails with kind "body" (after
    // the status check); so does a text whose `${name}`s, filled in, leave it empty (every
    // body contains the empty text): "expect_body: ${name} was empty: nothing to look for".
    QByteArray expectBody;
    ThinkTime think;
    QList<FlowExtract> extract;
    // optional: a failure of this step is counted in its series but the journey goes on.
    bool optional = false;
};

// FlowObserver learns each step's outcome, for per-step metrics: `start` is when the step's
// request was started (after its think time), `end` when its response (and extraction) was
// done, `error` why it failed (the step's own error, not prefixed). `sent` is false for a
// step whose request never went out (a value it needs is missing, or the run ended during
// its think time): it failed, but took no time to measure (start == end), so it must not
// count as a latency. A step the journey never reached is not reported. Called on the
// flow's I/O threads: quick and thread-safe.
class FlowObserver {
public:
    virtual ~FlowObserver() = default;
    virtual void stepEnded(std::size_t step, TimePoint start, TimePoint end, const Error& error,
                           bool sent) = 0;
};

// kFlowBodyLimit is how much of a response body a step that extracts from it reads
// (1 MiB); a longer body fails the extraction with kind "extract".
inline constexpr std::size_t kFlowBodyLimit = 1024 * 1024;

struct FlowOptions {
    QList<FlowStep> steps;
    // cookies: each journey keeps a cookie jar (Set-Cookie → Cookie), on by default.
    bool cookies = true;
    // Shared by every step (see HttpOptions).
    bool insecure = false;
    QString caFile;
    QString clientCert;
    QString clientKey;
    QString clientKeyPassphrase;
    QString serverName;
    int connections = 0;
    int ioThreads = 1;
    Resolver resolver;
    std::size_t bodyLimit = kFlowBodyLimit;
    std::shared_ptr<FlowObserver> observer;
    // data, when set, gives every journey a row of the data file (taken when the journey
    // starts): `${column}` in the steps is that row's value, like an extracted one. When a
    // unique feed has no row left the journey fails at once with kind "rows_exhausted".
    // An extracted name may not be a column's.
    std::shared_ptr<DataFeed> data;
};

// makeFlowTarget returns an asynchronous Target whose every call runs the steps in order on
// the lean HTTP/1.1 client (http:// and https://). A step that fails ends the journey with
// that step's Error (its kind; the message names the step), unless the step is optional.
// Extraction failures have kind "extract". For bad options it returns an empty Target and
// sets `error` ("steps[1].url: …").
Target makeFlowTarget(const FlowOptions& options, QString* error = nullptr);

} // namespace pusher
