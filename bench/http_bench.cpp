// pusher-bench-http: drives an HTTP target through a Worker and prints one JSON line with
// requests, requests/s, errors (by kind) and client CPU per request. Closed model with
// overtime = connections unless --rps asks for a constant rate (--overtime then lets calls
// wait for a connection instead of being canceled).
#include <pusher/http/http.h>
#include <pusher/pusher.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <sys/resource.h>

#include <cstdio>
#include <map>
#include <mutex>

namespace {

// ErrorCounter counts completed calls and their errors by kind.
class ErrorCounter final : public pusher::Gossiper {
public:
    void listen(const pusher::Context&, pusher::Worker&, pusher::GossipStream& stream) override {
        std::map<std::string, qint64> kinds;
        qint64 done = 0;
        pusher::Gossip g;
        while (stream.next(g)) {
            if (!g.afterTarget())
                continue;
            ++done;
            if (g.error)
                ++kinds[g.error.kind()];
        }
        std::lock_guard lock(m_mutex);
        m_completed += done;
        for (const auto& [kind, n] : kinds)
            m_kinds[kind] += n;
    }
    void stop() override {}

    QJsonObject kinds() const {
        std::lock_guard lock(m_mutex);
        QJsonObject out;
        for (const auto& [kind, n] : m_kinds)
            out.insert(QString::fromStdString(kind), n);
        return out;
    }
    qint64 errors() const {
        std::lock_guard lock(m_mutex);
        qint64 n = 0;
        for (const auto& [kind, count] : m_kinds)
            n += count;
        return n;
    }

private:
    mutable std::mutex m_mutex;
    qint64 m_completed = 0;
    std::map<std::string, qint64> m_kinds;
};

double cpuSeconds() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("HTTP target benchmark."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("url"),
                      QStringLiteral("Target URL (loopback only in this project)."),
                      QStringLiteral("URL")});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("Run time."), QStringLiteral("S"),
                      QStringLiteral("5")});
    parser.addOption({QStringLiteral("connections"), QStringLiteral("Connections and overtime."),
                      QStringLiteral("C"), QStringLiteral("64")});
    parser.addOption({QStringLiteral("rps"),
                      QStringLiteral("Constant rate instead of the closed model."),
                      QStringLiteral("R"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("overtime"),
                      QStringLiteral("Calls in flight at most (default: connections)."),
                      QStringLiteral("K"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("io-threads"), QStringLiteral("I/O threads of the target."),
                      QStringLiteral("N"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("insecure"), QStringLiteral("Skip TLS verification.")});
    parser.process(app);

    bool ok1 = false, ok2 = false, ok3 = false, ok4 = false, ok5 = false;
    const double seconds = parser.value(QStringLiteral("seconds")).toDouble(&ok1);
    const int connections = parser.value(QStringLiteral("connections")).toInt(&ok2);
    const double rps = parser.value(QStringLiteral("rps")).toDouble(&ok3);
    const int ioThreads = parser.value(QStringLiteral("io-threads")).toInt(&ok4);
    int overtime = parser.value(QStringLiteral("overtime")).toInt(&ok5);
    if (overtime <= 0)
        overtime = connections;
    if (!ok1 || !ok2 || !ok3 || !ok4 || !ok5 || seconds <= 0 || seconds > 3600 || connections < 1 ||
        rps < 0) {
        std::fprintf(
            stderr,
            "pusher-bench-http: --seconds (0 < S ≤ 3600), --connections (≥ 1), --rps (≥ 0) and "
            "--io-threads take numbers\n");
        return 2;
    }

    pusher::HttpOptions options;
    options.url = parser.value(QStringLiteral("url"));
    options.connections = connections;
    options.ioThreads = ioThreads;
    options.insecure = parser.isSet(QStringLiteral("insecure"));
    QString error;
    pusher::Target target = pusher::makeHttpTarget(options, &error);
    if (!target) {
        std::fprintf(stderr, "pusher-bench-http: %s\n", qPrintable(error));
        return 2;
    }
    auto counter = std::make_shared<ErrorCounter>();
    auto worker = pusher::hire("http-bench", target, pusher::withGossips(counter),
                               pusher::withOvertime(overtime));
    auto [ctx, cancel] = pusher::withTimeout(
        pusher::Context::background(),
        std::chrono::duration_cast<pusher::Duration>(std::chrono::duration<double>(seconds)));
    const double cpu0 = cpuSeconds();
    const auto t0 = pusher::Clock::now();
    const pusher::Error err =
        rps > 0 ? worker->work(ctx, rps) : worker->work(ctx, pusher::Rate::max());
    const double elapsed = std::chrono::duration<double>(pusher::Clock::now() - t0).count();
    const double cpu = cpuSeconds() - cpu0;
    if (!pusher::isContextError(err)) {
        std::fprintf(stderr, "pusher-bench-http: %s\n", err.message().c_str());
        return 1;
    }
    const pusher::Stats s = worker->stats();
    const qint64 errors = counter->errors();
    const auto requests = static_cast<qint64>(s.completed);
    QJsonObject out{
        {QStringLiteral("url"), options.url},
        {QStringLiteral("model"), rps > 0 ? QStringLiteral("open") : QStringLiteral("closed")},
        {QStringLiteral("requested_rps"), rps},
        {QStringLiteral("connections"), connections},
        {QStringLiteral("overtime"), overtime},
        {QStringLiteral("elapsed_s"), elapsed},
        {QStringLiteral("requests"), requests},
        {QStringLiteral("canceled"), static_cast<qint64>(s.canceled)},
        {QStringLiteral("rps"), static_cast<double>(requests) / elapsed},
        {QStringLiteral("errors"), errors},
        {QStringLiteral("error_kinds"), counter->kinds()},
        {QStringLiteral("cpu_us_per_request"),
         requests ? cpu * 1e6 / static_cast<double>(requests) : 0.0},
    };
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return errors == requests && requests > 0 ? 1 : 0;
}
