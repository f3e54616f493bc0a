// Data files: load time and memory of a CSV file, and the cost per call of taking a row and
// rendering a request from it (docs/benchmarks.md, "Data files").
//
// usage: pusher-bench-data FILE.csv [CALLS]
#include <pusher/data/datatable.h>

#include <QCoreApplication>
#include <QFile>

#include <chrono>
#include <cstdio>
#include <string>

using namespace pusher;

namespace {

long rssKiB() {
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    }
    return -1;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: pusher-bench-data FILE.csv [CALLS]\n");
        return 2;
    }
    const long calls = args.size() > 2 ? args[2].toLong() : 10'000'000;
    const qint64 fileBytes = QFile(args[1]).size();
    const long before = rssKiB();
    const auto start = std::chrono::steady_clock::now();
    QString error;
    const auto table = DataTable::load(args[1], &error);
    const auto loaded = std::chrono::steady_clock::now();
    if (!table) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    const long after = rssKiB();
    std::printf("file %.1f MB, %zu rows x %lld columns\n", double(fileBytes) / 1e6,
                table->rowCount(), static_cast<long long>(table->columns().size()));
    std::printf("load %.0f ms; table %.1f MB (%.2f x the file); RSS +%.1f MB\n",
                std::chrono::duration<double, std::milli>(loaded - start).count(),
                double(table->memoryBytes()) / 1e6,
                double(table->memoryBytes()) / double(std::max<qint64>(fileBytes, 1)),
                double(after - before) / 1024.0);

    // Per call: take a row and render a request line with two of its values.
    QString why;
    QByteArray text = "GET /users/${" + table->columns().first().toUtf8() + "}?v=${" +
                      table->columns().last().toUtf8() + "} HTTP/1.1\r\nHost: x\r\n\r\n";
    const auto tpl = DataTemplate::compile(text, *table, &why);
    for (const auto mode :
         {DataFeed::Mode::Sequential, DataFeed::Mode::Random, DataFeed::Mode::Unique}) {
        DataFeed feed(table, mode);
        std::string out;
        std::size_t bytes = 0;
        const auto t0 = std::chrono::steady_clock::now();
        for (long i = 0; i < calls; ++i) {
            const auto row = feed.next();
            if (!row)
                break;
            out.clear();
            tpl->render(*table, *row, &out);
            bytes += out.size();
        }
        const auto t1 = std::chrono::steady_clock::now();
        const double n = double(std::min<std::uint64_t>(std::uint64_t(calls), feed.taken()));
        std::printf("%-10s %.0f ns per call (take a row, render) over %.0f calls (%zu bytes)\n",
                    qPrintable(DataFeed::modeName(mode)),
                    std::chrono::duration<double, std::nano>(t1 - t0).count() / n, n, bytes);
    }
    return 0;
}
