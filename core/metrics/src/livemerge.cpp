#include "pusher/livemerge.h"

#include <QDataStream>
#include <QIODevice>

#include <algorithm>

namespace pusher {

namespace {

// "PSN2": a series carries its flow step index since PSN2; ranks of one run share a build.
constexpr quint32 kMagic = 0x50534e32;

void writeCounts(QDataStream& out, const Counts& c) {
    out << quint64(c.ticks) << quint64(c.started) << quint64(c.completed) << quint64(c.ok)
        << quint64(c.errors) << quint64(c.canceled) << quint64(c.canceledDropped)
        << quint64(c.interrupted) << quint64(c.notDispatched) << quint32(c.errorsByKind.size());
    for (const auto& [kind, n] : c.errorsByKind)
        out << QByteArray::fromStdString(kind) << quint64(n);
}

void readCounts(QDataStream& in, Counts& c) {
    quint64 ticks = 0, started = 0, completed = 0, ok = 0, errors = 0, canceled = 0, dropped = 0,
            interrupted = 0, notDispatched = 0;
    quint32 kinds = 0;
    in >> ticks >> started >> completed >> ok >> errors >> canceled >> dropped >> interrupted >>
        notDispatched >> kinds;
    c.ticks = ticks;
    c.started = started;
    c.completed = completed;
    c.ok = ok;
    c.errors = errors;
    c.canceled = canceled;
    c.canceledDropped = dropped;
    c.interrupted = interrupted;
    c.notDispatched = notDispatched;
    for (quint32 i = 0; i < kinds && in.status() == QDataStream::Ok; ++i) {
        QByteArray kind;
        quint64 n = 0;
        in >> kind >> n;
        c.errorsByKind[kind.toStdString()] = n;
    }
}

void writeSeries(QDataStream& out, const SeriesSnapshot& s) {
    out << s.ident << qint32(s.stepIndex);
    writeCounts(out, s.interval);
    out << qint64(s.inflight) << s.rps << s.serviceTime.toBytes() << s.responseTime.toBytes();
    writeCounts(out, s.total);
    out << s.totalRps << quint32(s.errorSamples.size());
    for (const auto& [kind, messages] : s.errorSamples) {
        out << QByteArray::fromStdString(kind) << quint32(messages.size());
        for (const auto& m : messages)
            out << QByteArray::fromStdString(m);
    }
}

bool readSeries(QDataStream& in, SeriesSnapshot& s, QString* error) {
    qint64 inflight = 0;
    QByteArray service, response;
    qint32 stepIndex = -1;
    in >> s.ident >> stepIndex;
    s.stepIndex = std::max<qint32>(stepIndex, -1);
    readCounts(in, s.interval);
    in >> inflight >> s.rps >> service >> response;
    readCounts(in, s.total);
    quint32 kinds = 0;
    in >> s.totalRps >> kinds;
    for (quint32 i = 0; i < kinds && in.status() == QDataStream::Ok; ++i) {
        QByteArray kind;
        quint32 n = 0;
        in >> kind >> n;
        std::vector<std::string>& messages = s.errorSamples[kind.toStdString()];
        for (quint32 k = 0; k < n && in.status() == QDataStream::Ok; ++k) {
            QByteArray m;
            in >> m;
            messages.push_back(m.toStdString());
        }
    }
    if (in.status() != QDataStream::Ok) {
        if (error)
            *error = QStringLiteral("truncated snapshot");
        return false;
    }
    s.inflight = inflight;
    QString why;
    auto h = Histogram::fromBytes(service, &why);
    auto r = h ? Histogram::fromBytes(response, &why) : std::nullopt;
    if (!h || !r) {
        if (error)
            *error = QStringLiteral("series \"%1\": %2").arg(s.ident, why);
        return false;
    }
    s.serviceTime = *h;
    s.responseTime = *r;
    return true;
}

// knownStep is the step index two parts give a series: the smallest one known (-1: none).
int knownStep(int a, int b) {
    return a < 0 ? b : b < 0 ? a : std::min(a, b);
}

void addSeries(SeriesSnapshot& into, const SeriesSnapshot& from) {
    into.stepIndex = knownStep(into.stepIndex, from.stepIndex);
    into.interval.add(from.interval);
    into.inflight += from.inflight;
    into.serviceTime.merge(from.serviceTime);
    into.responseTime.merge(from.responseTime);
    into.total.add(from.total);
    into.totalRps += from.totalRps;
    addSamples(into.errorSamples, from.errorSamples);
}

} // namespace

QByteArray encodeSnapshot(const Snapshot& snapshot) {
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << kMagic << quint64(snapshot.index) << snapshot.t << snapshot.dt << snapshot.partial
        << quint32(snapshot.workers.size());
    writeSeries(out, snapshot.farm);
    for (const auto& w : snapshot.workers)
        writeSeries(out, w);
    // The sender's own dispatch lag so far (its p99), for the ranks' live table.
    out << qint64(snapshot.farm.totalLag.p99) << quint64(snapshot.farm.totalLag.count);
    return bytes;
}

std::optional<Snapshot> decodeSnapshot(const QByteArray& bytes, QString* error) {
    QDataStream in(bytes);
    in.setVersion(QDataStream::Qt_6_4);
    quint32 magic = 0;
    quint64 index = 0;
    quint32 workers = 0;
    Snapshot s;
    in >> magic;
    if (magic != kMagic) {
        if (error)
            *error = QStringLiteral("not an encoded snapshot");
        return std::nullopt;
    }
    in >> index >> s.t >> s.dt >> s.partial >> workers;
    s.index = index;
    if (in.status() != QDataStream::Ok || workers > 1'000'000) {
        if (error)
            *error = QStringLiteral("truncated snapshot");
        return std::nullopt;
    }
    if (!readSeries(in, s.farm, error))
        return std::nullopt;
    s.workers.resize(workers);
    for (auto& w : s.workers)
        if (!readSeries(in, w, error))
            return std::nullopt;
    qint64 lagP99 = 0;
    quint64 lagCount = 0;
    in >> lagP99 >> lagCount;
    if (in.status() != QDataStream::Ok) {
        if (error)
            *error = QStringLiteral("truncated snapshot");
        return std::nullopt;
    }
    s.farm.totalLag.p99 = lagP99;
    s.farm.totalLag.count = lagCount;
    return s;
}

Snapshot mergeSnapshots(const std::vector<const Snapshot*>& parts) {
    Snapshot out;
    if (parts.empty())
        return out;
    out.index = parts.front()->index;
    std::map<QString, SeriesSnapshot> workers;
    out.farm.ident = parts.front()->farm.ident;
    for (const Snapshot* p : parts) {
        out.t = std::max(out.t, p->t);
        out.dt = std::max(out.dt, p->dt);
        out.partial = out.partial || p->partial;
        addSeries(out.farm, p->farm);
        for (const auto& w : p->workers) {
            auto [it, inserted] = workers.try_emplace(w.ident);
            if (inserted)
                it->second.ident = w.ident;
            addSeries(it->second, w);
        }
    }
    auto rates = [&](SeriesSnapshot& s) {
        s.rps = out.dt > 0 ? static_cast<double>(s.interval.completed) / out.dt : 0.0;
    };
    rates(out.farm);
    for (auto& [ident, w] : workers) {
        rates(w);
        out.workers.push_back(std::move(w));
    }
    std::stable_sort(out.workers.begin(), out.workers.end(),
                     [](const SeriesSnapshot& a, const SeriesSnapshot& b) {
                         return seriesBefore(a.ident, a.stepIndex, b.ident, b.stepIndex);
                     });
    return out;
}

SnapshotMerger::SnapshotMerger(int parts)
    : m_parts(static_cast<std::size_t>(std::max(parts, 1))) {}

void SnapshotMerger::add(int part, const Snapshot& snapshot) {
    if (part < 0 || part >= static_cast<int>(m_parts.size()))
        return;
    Part& p = m_parts[std::size_t(part)];
    p.last = p.last ? std::max(*p.last, snapshot.index) : snapshot.index;
    m_pending[snapshot.index].push_back(snapshot);
}

void SnapshotMerger::finish(int part) {
    if (part >= 0 && part < static_cast<int>(m_parts.size()))
        m_parts[std::size_t(part)].finished = true;
}

std::vector<std::shared_ptr<const Snapshot>> SnapshotMerger::take() {
    std::vector<std::shared_ptr<const Snapshot>> out;
    while (!m_pending.empty()) {
        const std::uint64_t index = m_pending.begin()->first;
        const bool complete = std::all_of(m_parts.begin(), m_parts.end(), [&](const Part& p) {
            return p.finished || (p.last && *p.last >= index);
        });
        if (!complete)
            break;
        std::vector<const Snapshot*> parts;
        for (const Snapshot& s : m_pending.begin()->second)
            parts.push_back(&s);
        out.push_back(std::make_shared<const Snapshot>(mergeSnapshots(parts)));
        m_pending.erase(m_pending.begin());
    }
    return out;
}

bool SnapshotMerger::done() const {
    return m_pending.empty() &&
           std::all_of(m_parts.begin(), m_parts.end(), [](const Part& p) { return p.finished; });
}

namespace {

void addInterval(WorkerResults& w, const SeriesSnapshot& s) {
    const Counts& c = s.interval;
    w.ticks += c.ticks;
    w.started += c.started;
    w.canceled += c.canceled;
    w.canceledDropped += c.canceledDropped;
    w.notDispatched += c.notDispatched;
    w.completed += c.completed;
    w.ok += c.ok;
    w.errors += c.errors;
    w.interrupted += c.interrupted;
    for (const auto& [kind, n] : c.errorsByKind)
        w.errorsByKind[QString::fromStdString(kind)] += n;
    w.errorSamples = errorSamplesOf(s.errorSamples); // the run's so far
    w.serviceTime.merge(s.serviceTime);
    w.responseTime.merge(s.responseTime);
}

TimelinePoint pointOf(const Snapshot& snapshot, const SeriesSnapshot& s) {
    TimelinePoint p;
    p.t = snapshot.t;
    p.dt = snapshot.dt;
    p.worker = s.ident;
    p.partial = snapshot.partial;
    p.started = s.interval.started;
    p.completed = s.interval.completed;
    p.ok = s.interval.ok;
    p.errors = s.interval.errors;
    p.canceled = s.interval.canceled;
    p.interrupted = s.interval.interrupted;
    p.inflight = s.inflight;
    p.rps = s.rps;
    const LatencyMs service = LatencyMs::of(s.serviceTime);
    const LatencyMs response = LatencyMs::of(s.responseTime);
    p.p50Ms = service.p50;
    p.p90Ms = service.p90;
    p.p99Ms = service.p99;
    p.maxMs = service.max;
    p.respP50Ms = response.p50;
    p.respP90Ms = response.p90;
    p.respP99Ms = response.p99;
    p.respMaxMs = response.max;
    p.latencyMeasured = !s.serviceTime.isEmpty() || !s.responseTime.isEmpty();
    return p;
}

} // namespace

LiveResults::LiveResults(QString scenario, double intervalS)
    : m_scenario(std::move(scenario))
    , m_intervalS(intervalS)
    , m_startedAt(QDateTime::currentDateTimeUtc()) {
    m_total.ident = QStringLiteral("*");
}

void LiveResults::add(const Snapshot& snapshot) {
    ++m_intervals;
    m_t = std::max(m_t, snapshot.t);
    addInterval(m_total, snapshot.farm);
    m_timeline.append(pointOf(snapshot, snapshot.farm));
    for (const auto& w : snapshot.workers) {
        auto [it, inserted] = m_workers.try_emplace(w.ident);
        if (inserted)
            it->second.ident = w.ident;
        it->second.stepIndex = knownStep(it->second.stepIndex, w.stepIndex);
        addInterval(it->second, w);
        m_timeline.append(pointOf(snapshot, w));
    }
}

RunResults LiveResults::results() const {
    RunResults r;
    r.scenario = m_scenario;
    r.startedAt = m_startedAt;
    r.durationS = m_t;
    r.intervalS = m_intervalS;
    auto finish = [&](WorkerResults w) {
        w.achievedRps = m_t > 0 ? static_cast<double>(w.completed) / m_t : 0.0;
        w.latencyMs = LatencyMs::of(w.serviceTime);
        w.responseMs = LatencyMs::of(w.responseTime);
        w.lagMs = LatencyMs::of(w.lagTime);
        return w;
    };
    r.total = finish(m_total);
    for (const auto& [ident, w] : m_workers)
        r.workers.append(finish(w));
    r.timeline = m_timeline;
    r.sortWorkers();
    return r;
}

} // namespace pusher
