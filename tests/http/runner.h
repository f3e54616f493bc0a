// Test helpers shared by the HTTP target tests: run a target in a Worker and count the
// completed calls by error kind; count client sockets to a port.
#pragma once

#include <pusher/http/http.h>
#include <pusher/pusher.h>

#include <QFile>
#include <QSet>
#include <QString>

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace testing {

using namespace pusher;
using namespace std::chrono_literals;

// Kinds counts completed calls by error kind ("" for success) with std primitives only.
class Kinds final : public Gossiper {
public:
    void listen(const Context&, Worker&, GossipStream& stream) override {
        Gossip g;
        while (stream.next(g)) {
            if (!g.afterTarget())
                continue;
            std::lock_guard lock(m_mutex);
            m_longestService = std::max(m_longestService, g.serviceTime());
            ++m_counts[g.error ? g.error.kind() : std::string()];
            if (g.error && m_example.empty())
                m_example = g.error.message();
            if (g.error && !m_examples.count(g.error.kind()))
                m_examples[g.error.kind()] = g.error.message();
            if (g.error && isContextError(g.error))
                ++m_contextErrors;
            if (g.error && m_messages.size() < 100)
                m_messages.insert(g.error.message());
            if (g.error &&
                (m_messageCounts.size() < 100 || m_messageCounts.count(g.error.message())))
                ++m_messageCounts[g.error.message()];
        }
    }
    void stop() override {}
    int count(const std::string& kind) const {
        std::lock_guard lock(m_mutex);
        auto it = m_counts.find(kind);
        return it == m_counts.end() ? 0 : it->second;
    }
    int total() const {
        std::lock_guard lock(m_mutex);
        int n = 0;
        for (const auto& [k, v] : m_counts)
            n += v;
        return n;
    }
    // only says every completed call ended with `kind`, or with the run's own end (a call
    // still in flight when the run's Context ended), and at least one with `kind`.
    bool only(const std::string& kind) const {
        const int n = count(kind);
        return n > 0 && n + contextErrors() == total();
    }
    // example is the message of the first call that ended with `kind`.
    QString example(const std::string& kind) const {
        std::lock_guard lock(m_mutex);
        auto it = m_examples.find(kind);
        return it == m_examples.end() ? QString() : QString::fromStdString(it->second);
    }
    // messages are the distinct error messages of the calls (the first 100).
    std::set<std::string> messages() const {
        std::lock_guard lock(m_mutex);
        return m_messages;
    }
    // hasMessage says some call ended with a message that starts with `prefix`.
    bool hasMessage(const std::string& prefix) const {
        std::lock_guard lock(m_mutex);
        for (const std::string& m : m_messages) {
            if (m.rfind(prefix, 0) == 0)
                return true;
        }
        return false;
    }
    // withMessage counts the calls that ended with a message that starts with `prefix`
    // (among the first 100 distinct messages).
    int withMessage(const std::string& prefix) const {
        std::lock_guard lock(m_mutex);
        int n = 0;
        for (const auto& [m, count] : m_messageCounts) {
            if (m.rfind(prefix, 0) == 0)
                n += count;
        }
        return n;
    }
    int contextErrors() const {
        std::lock_guard lock(m_mutex);
        return m_contextErrors;
    }
    // longestService is the longest service time (start to end) of the calls that ended.
    Duration longestService() const {
        std::lock_guard lock(m_mutex);
        return m_longestService;
    }
    QString describe() const {
        std::lock_guard lock(m_mutex);
        QString out;
        for (const auto& [k, v] : m_counts)
            out += QStringLiteral("%1=%2 ")
                       .arg(QString::fromStdString(k.empty() ? std::string("ok") : k))
                       .arg(v);
        return out + QString::fromStdString(m_example);
    }

private:
    mutable std::mutex m_mutex;
    std::map<std::string, int> m_counts;
    std::string m_example;
    std::map<std::string, std::string> m_examples;
    std::set<std::string> m_messages;
    std::map<std::string, int> m_messageCounts;
    int m_contextErrors = 0;
    Duration m_longestService{};
};

struct Ran {
    Stats stats;
    std::shared_ptr<Kinds> kinds;
    Duration elapsed{};
};

// run drives `target` for `duration` at `rps` (0: closed model) with `overtime`, counting its
// calls into `kinds` when given (a new Kinds otherwise).
inline Ran run(const Target& target, Duration duration, double rps, int overtime,
               Duration grace = Duration::zero(), std::shared_ptr<Kinds> kinds = nullptr) {
    Ran r;
    r.kinds = kinds ? std::move(kinds) : std::make_shared<Kinds>();
    // A graceful stop lets the calls in flight at the deadline finish instead of counting as
    // context errors (exact-kind checks use it).
    auto worker =
        hire("http", target, withGossips(r.kinds), withOvertime(overtime), withGracefulStop(grace));
    auto [ctx, cancel] = withTimeout(Context::background(), duration);
    const auto t0 = Clock::now();
    if (rps > 0)
        worker->work(ctx, rps);
    else
        worker->work(ctx, Rate::max());
    r.elapsed = Clock::now() - t0;
    r.stats = worker->stats();
    return r;
}

// runAtLeast drives `target` as run() does for `duration`, and again for as long (more runs of
// the same target into the same counts) until `calls` calls have completed, or `limit` has
// passed against a hang: a test that needs a count of calls waits for it rather than for one
// duration that a loaded machine (CI's two cores, a sanitizer) may not fill. Each run ends
// at its deadline, as run()'s does (a graceful stop applies). The stats add up the runs'.
inline Ran runAtLeast(int calls, const Target& target, Duration duration, double rps, int overtime,
                      Duration grace = Duration::zero(), Duration limit = 30s) {
    Ran all = run(target, duration, rps, overtime, grace);
    while (all.stats.completed < std::uint64_t(calls) && all.elapsed < limit) {
        const Ran more = run(target, duration, rps, overtime, grace, all.kinds);
        all.stats.ticks += more.stats.ticks;
        all.stats.started += more.stats.started;
        all.stats.canceled += more.stats.canceled;
        all.stats.completed += more.stats.completed;
        all.stats.canceledAtEnd += more.stats.canceledAtEnd;
        all.stats.notDispatched += more.stats.notDispatched;
        all.stats.listenerFailures += more.stats.listenerFailures;
        all.stats.scheduled += more.stats.scheduled;
        all.elapsed += more.elapsed;
    }
    return all;
}

// Running drives `target` in a Worker on a thread of its own at `rps` with `overtime` until
// stop(), or `limit` against a hang: for a test that waits for a state of the calls in flight
// (QTRY_*), not for a duration that a loaded machine may not fill.
class Running {
public:
    Running(const Target& target, double rps, int overtime, Duration limit = 60s)
        : m_kinds(std::make_shared<Kinds>())
        , m_worker(hire("http", target, withGossips(m_kinds), withOvertime(overtime))) {
        auto [ctx, cancel] = withTimeout(Context::background(), limit);
        m_cancel = std::move(cancel);
        m_thread = std::thread([this, ctx = ctx, rps] { m_worker->work(ctx, rps); });
    }
    ~Running() { (void)stop(); }
    Running(const Running&) = delete;
    Running& operator=(const Running&) = delete;

    // stats are the Worker's counters so far.
    [[nodiscard]] Stats stats() const { return m_worker->stats(); }
    // stop ends the run (its calls in flight end with the run's own error) and returns it.
    Ran stop() {
        if (m_thread.joinable()) {
            m_cancel();
            m_thread.join();
        }
        return {m_worker->stats(), m_kinds, {}};
    }

private:
    std::shared_ptr<Kinds> m_kinds;
    WorkerPtr m_worker;
    CancelFunc m_cancel;
    std::thread m_thread;
};

inline Target make(HttpOptions o) {
    QString error;
    Target t = makeHttpTarget(o, &error);
    if (!t)
        qWarning("makeHttpTarget: %s", qPrintable(error));
    return t;
}

inline HttpOptions options(const QString& url) {
    HttpOptions o;
    o.url = url;
    return o;
}

// clientSocketsTo counts this machine's TCP sockets whose remote end is 127.0.0.1:`port`
// (the client sides of connections to it), in any state, or in `state` alone when given
// (as /proc/net/tcp writes it: "01" is established, "02" SYN_SENT).
//
// /proc/net/tcp is no snapshot: it is read a page at a time, and a socket that comes or goes
// in the table meanwhile (any process's) shifts the rest, so a line can come twice or not at
// all. A socket is counted once by its local address (unique among the client sides of
// connections to one port): a count is never too high; it can be too low, so a test waits
// for a count it expects to reach (QTRY_*) rather than taking one read's word for it.
inline int clientSocketsTo(int port, const QByteArray& state = {}) {
    QFile f(QStringLiteral("/proc/net/tcp"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray remote =
        "0100007F:" + QByteArray::number(port, 16).toUpper().rightJustified(4, '0');
    QSet<QByteArray> local;
    for (const QByteArray& line : f.readAll().split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() > 3 && fields[2] == remote && (state.isEmpty() || fields[3] == state))
            local.insert(fields[1]);
    }
    return int(local.size());
}

// establishedClientSocketsTo counts the client sides of established connections to
// 127.0.0.1:`port`.
inline int establishedClientSocketsTo(int port) {
    return clientSocketsTo(port, QByteArrayLiteral("01"));
}
} // namespace testing
