// libFuzzer target over the MPI hostfile reader (hostfileHosts: a scenario's
// distributed.hostfile, read by `validate`, the app's launch and rank 0). The file is the
// user's: it must never crash the reader, and each host read must be a name (not empty, no
// blank or '#', user@host read as host) at "PATH line N", N rising and within the file's
// lines. Found: "ann@" was read as an empty host (tst_scenariorun hostfileHostsAreNeverEmpty).
// Built with PUSHER_FUZZ=ON and clang; run it with tests/fuzz/run-fuzz.sh SECONDS.
#include <pusher/run/hostfile.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void violated(const char* what, const QString& detail) {
    std::fprintf(stderr, "hostfile property violated: %s: %s\n", what, detail.toUtf8().constData());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray text(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const QList<pusher::RankHost> hosts = pusher::hostfileHosts(text, QStringLiteral("/h"));
    const qsizetype lines = text.count('\n') + 1;
    qsizetype last = 0;
    for (const pusher::RankHost& host : hosts) {
        if (host.name.isEmpty())
            violated("an empty host name", host.where);
        for (const QChar c : host.name) {
            if (c == u' ' || (c >= u'\t' && c <= u'\r') || c == u'#')
                violated("a host name with a blank or '#'", host.name);
        }
        if (host.name.contains(u'@') && !host.name.endsWith(u'@'))
            violated("user@host read as more than its host", host.name);
        if (!host.where.startsWith(QLatin1String("/h line ")))
            violated("where does not name the file's line", host.where);
        bool number = false;
        const qsizetype line = host.where.mid(8).toLongLong(&number);
        if (!number || line <= last || line > lines)
            violated("a line out of order or past the file's end", host.where);
        last = line;
    }
    return 0;
}
