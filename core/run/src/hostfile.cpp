#include "pusher/run/hostfile.h"

#include <pusher/data/datatable.h>

#include <QDir>
#include <QFile>
#include <QHash>
#include <QSysInfo>
#include <QUrl>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <cstring>

namespace pusher {

namespace {

// withoutBrackets is "[::1]" as "::1".
QString withoutBrackets(const QString& host) {
    return host.startsWith(u'[') && host.endsWith(u']') ? host.mid(1, host.size() - 2) : host;
}

// loopbackTarget is what a target's URL or address says about being on the machine that runs
// it: "sandbox" for the sandbox rank 0 serves, "loopback" for 127.0.0.0/8, ::1 or localhost,
// empty otherwise.
QString loopbackTarget(const QString& host) {
    if (host.compare(u"sandbox", Qt::CaseInsensitive) == 0)
        return QStringLiteral("sandbox");
    const QString bare = withoutBrackets(host);
    if (bare.compare(u"localhost", Qt::CaseInsensitive) == 0 ||
        bare.endsWith(u".localhost", Qt::CaseInsensitive))
        return QStringLiteral("loopback");
    const QByteArray text = bare.toLatin1();
    unsigned char v4[4];
    if (inet_pton(AF_INET, text.constData(), v4) == 1) // 127.0.0.0/8, and 0.0.0.0 (this host)
        return v4[0] == 127 || (v4[0] | v4[1] | v4[2] | v4[3]) == 0 ? QStringLiteral("loopback")
                                                                    : QString();
    unsigned char v6[16];
    if (inet_pton(AF_INET6, text.constData(), v6) == 1) {
        static const unsigned char any[16] = {};
        unsigned char loop[16] = {};
        loop[15] = 1;
        if (std::memcmp(v6, any, 16) == 0 || std::memcmp(v6, loop, 16) == 0)
            return QStringLiteral("loopback");
    }
    return {};
}

QString urlHost(const QString& url) {
    return QUrl(url).host();
}

} // namespace

QList<RankHost> hostfileHosts(const QByteArray& text, const QString& path) {
    QList<RankHost> hosts;
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines[i];
        if (const qsizetype hash = line.indexOf('#'); hash >= 0)
            line.truncate(hash);
        const QList<QByteArray> words = line.simplified().split(' ');
        if (words.isEmpty() || words.first().isEmpty())
            continue;
        QString name = QString::fromUtf8(words.first());
        // user@host is the host; a word with nothing after its '@' ("ann@") is kept whole, so
        // that what is said of it names what the line says, not an empty host.
        if (const qsizetype at = name.lastIndexOf(u'@'); at >= 0 && at + 1 < name.size())
            name = name.mid(at + 1);
        hosts.append({name, QStringLiteral("%1 line %2")
                                .arg(QDir::toNativeSeparators(path), QString::number(i + 1))});
    }
    return hosts;
}

QList<RankHost> distributedHosts(const DistributedSpec& distributed, const QString& folder) {
    QList<RankHost> hosts;
    if (!distributed.hostfile.isEmpty()) {
        const QString path = hostfilePath(distributed, folder);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return hostfileHosts(file.read(1 << 20), path);
    }
    for (qsizetype i = 0; i < distributed.hosts.size(); ++i) {
        QString name = distributed.hosts[i].trimmed();
        // "name:slots"; an IPv6 address has more than one colon and no slots here.
        if (name.count(u':') == 1)
            name.truncate(name.indexOf(u':'));
        hosts.append({name, QStringLiteral("distributed.hosts[%1]").arg(i)});
    }
    return hosts;
}

namespace {

// isOwnAddress tells whether `text` is an address of one of this machine's interfaces.
bool isOwnAddress(const QString& text) {
    const QByteArray wanted = text.toLatin1();
    unsigned char probe[16];
    const bool v4 = inet_pton(AF_INET, wanted.constData(), probe) == 1;
    if (!v4 && inet_pton(AF_INET6, wanted.constData(), probe) != 1)
        return false;
    ifaddrs* all = nullptr;
    if (getifaddrs(&all) != 0)
        return false;
    bool found = false;
    for (const ifaddrs* a = all; a && !found; a = a->ifa_next) {
        if (!a->ifa_addr)
            continue;
        if (v4 && a->ifa_addr->sa_family == AF_INET)
            found = std::memcmp(&reinterpret_cast<const sockaddr_in*>(a->ifa_addr)->sin_addr, probe,
                                4) == 0;
        else if (!v4 && a->ifa_addr->sa_family == AF_INET6)
            found = std::memcmp(&reinterpret_cast<const sockaddr_in6*>(a->ifa_addr)->sin6_addr,
                                probe, 16) == 0;
    }
    freeifaddrs(all);
    return found;
}

} // namespace

bool isThisMachine(const QString& host) {
    const QString bare = withoutBrackets(host.trimmed());
    if (bare.isEmpty() || !loopbackTarget(bare).isEmpty() || isOwnAddress(bare))
        return true;
    const QString mine = QSysInfo::machineHostName();
    if (mine.isEmpty())
        return false;
    if (bare.compare(mine, Qt::CaseInsensitive) == 0)
        return true;
    // "vm" and "vm.example.org" name the same machine.
    const QString myShort = mine.section(u'.', 0, 0);
    return bare.section(u'.', 0, 0).compare(myShort, Qt::CaseInsensitive) == 0 &&
           (!bare.contains(u'.') || !mine.contains(u'.'));
}

QList<Problem> distributedProblems(const Scenario& scenario, int ranks,
                                   const QList<RankHost>& hosts, const QString& url) {
    QList<Problem> problems;
    // A host that is not this machine: its ranks would call their own loopback.
    const RankHost* elsewhere = nullptr;
    for (const RankHost& h : hosts)
        if (!isThisMachine(h.name)) {
            elsewhere = &h;
            break;
        }
    QHash<QString, std::size_t> rows; // a data file's rows, read once
    for (qsizetype i = 0; i < scenario.workers.size(); ++i) {
        const WorkerSpec& spec = scenario.workers[i];
        if (!spec.enabled)
            continue;
        if (spec.data.isSet() && ranks > 1 && !spec.data.file.contains(QStringLiteral("${"))) {
            if (!rows.contains(spec.data.file)) {
                // A file that does not load is the run's own problem (prepare says why).
                const auto table = DataTable::load(spec.data.file);
                rows.insert(spec.data.file, table ? table->rowCount() : std::size_t(ranks));
            }
            const std::size_t n = rows.value(spec.data.file);
            if (n < std::size_t(ranks))
                problems.append(
                    {QStringLiteral("workers[%1].data.file").arg(i),
                     QStringLiteral("%1: %2 row(s) for %3 ranks: each rank takes the rows r "
                                    "with r mod %3 = its rank, so rank %4 would have none (run "
                                    "on at most %2 ranks, or add rows)")
                         .arg(QDir::toNativeSeparators(spec.data.file), QString::number(n),
                              QString::number(ranks), QString::number(n))});
        }
        if (!elsewhere)
            continue;
        // Every place the worker names a server: the field, the text, its host.
        struct Named {
            QString path;
            QString text;
            QString host;
        };
        QList<Named> named;
        const QString target = QStringLiteral("workers[%1].target").arg(i);
        if (spec.target.kind == u"http") {
            const QString u = url.isEmpty() ? spec.target.url : url;
            named.append({url.isEmpty() ? target + QStringLiteral(".url") : QStringLiteral("--url"),
                          u, urlHost(u)});
        } else if (spec.target.kind == u"flow") {
            if (!url.isEmpty()) {
                if (!spec.target.steps.isEmpty())
                    named.append({QStringLiteral("--url"), url, urlHost(url)});
            } else {
                for (qsizetype j = 0; j < spec.target.steps.size(); ++j)
                    named.append({target + QStringLiteral(".steps[%1].url").arg(j),
                                  spec.target.steps[j].url, urlHost(spec.target.steps[j].url)});
            }
        } else if (spec.target.kind == u"tcp") {
            const QString& a = spec.target.address;
            named.append({target + QStringLiteral(".address"), a, a.left(a.lastIndexOf(u':'))});
        }
        for (const Named& n : std::as_const(named)) {
            const QString kind = loopbackTarget(n.host);
            if (kind.isEmpty())
                continue;
            const QString remote =
                QStringLiteral("%1 (%2) is another host").arg(elsewhere->name, elsewhere->where);
            if (kind == u"sandbox")
                problems.append(
                    {n.path, QStringLiteral("%1 is the sandbox, which rank 0 serves on its own "
                                            "loopback only, but %2, whose ranks cannot reach it: "
                                            "start `pusher-cli sandbox` where every host reaches "
                                            "it and call it by that host's address")
                                 .arg(n.text, remote)});
            else
                problems.append(
                    {n.path, QStringLiteral("%1 is on the loopback of the host that calls it, but "
                                            "%2: each rank there would call its own host, not "
                                            "this one (call the server by an address every host "
                                            "reaches)")
                                 .arg(n.text, remote)});
        }
    }
    return problems;
}

} // namespace pusher
