// libFuzzer target over the live timeline stream's two readers: recoverResults (`pusher-cli
// report --recover`, a stream a killed run left) and TimelineStreamReader (the app following
// a run in another process, mpirun's rank 0). The stream may be cut anywhere or damaged, so
// neither may crash; the reader must read the same intervals however the bytes arrive (all
// at once, or in three pieces), and recovered results must be written to a results file that
// reads back to the same results, which the reports must take. Found: a header whose
// started_at is not a time was recovered into a file the reader refuses (tst_scenariorun
// aRecoveredStreamReadsBack).
// Built with PUSHER_FUZZ=ON and clang; run it with tests/fuzz/run-fuzz.sh SECONDS.
#include <pusher/exports.h>
#include <pusher/results.h>
#include <pusher/run/scenariorun.h>
#include <pusher/run/streamreader.h>

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void violated(const char* what, const QString& detail) {
    std::fprintf(stderr, "stream property violated: %s: %s\n", what, detail.toUtf8().constData());
    std::abort();
}

// readAll is what a reader of `expected` workers makes of `text` given in pieces cut at
// `cuts`: every interval's lines as the stream writes them, the error, the ranks.
QByteArray readAll(const QByteArray& text, int expected, std::initializer_list<qsizetype> cuts) {
    pusher::TimelineStreamReader reader(expected);
    QByteArray out;
    auto take = [&](const std::vector<std::shared_ptr<const pusher::Snapshot>>& snapshots) {
        for (const auto& s : snapshots)
            out += QByteArray::number(qulonglong(s->index)) + ' ' + pusher::timelineJsonLines(*s);
    };
    qsizetype from = 0;
    for (const qsizetype cut : cuts) {
        take(reader.feed(text.mid(from, cut - from)));
        from = cut;
    }
    take(reader.feed(text.mid(from)));
    take(reader.finish());
    out += "error: " + reader.error().toUtf8() + '\n';
    for (const pusher::RankProgress& r : reader.ranks())
        out += "rank " + QByteArray::number(r.rank) + ' ' + r.host.toUtf8() + ' ' +
               QByteArray::number(qulonglong(r.ticks)) + '\n';
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray text(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));

    // The live reader: the same intervals however the bytes arrive.
    const int expected = size > 0 ? data[0] % 4 : 0;
    const QByteArray whole = readAll(text, expected, {});
    const qsizetype a = size > 1 ? data[1] % (text.size() + 1) : 0;
    const qsizetype b = a + (text.size() - a) / 2;
    if (const QByteArray pieces = readAll(text, expected, {a, b}); pieces != whole)
        violated("read in pieces it differs",
                 QStringLiteral("cut at %1 and %2:\n%3\n---\n%4")
                     .arg(a)
                     .arg(b)
                     .arg(QString::fromUtf8(whole.left(600)), QString::fromUtf8(pieces.left(600))));

    // Recovery: what it rebuilt is saved and read back the same.
    QString error;
    int dropped = -1;
    const auto results = pusher::recoverResults(text, &error, &dropped);
    if (!results) {
        if (error.isEmpty())
            violated("nothing recovered and no reason", QString());
        return 0;
    }
    if (dropped < 0)
        violated("recovered without saying how many lines were dropped", QString());
    if (!results->recovered)
        violated("recovered results not marked recovered", QString());
    const QJsonObject written = results->toJson();
    const QByteArray bytes = QJsonDocument(written).toJson(QJsonDocument::Compact);
    const QJsonDocument again = QJsonDocument::fromJson(bytes);
    if (!again.isObject())
        violated("the saved file is not a JSON object", QString::fromUtf8(bytes.left(300)));
    QString reread;
    const pusher::RunResults back = pusher::RunResults::fromJson(again.object(), &reread);
    if (!reread.isEmpty())
        violated("the saved file is refused",
                 reread + QStringLiteral("\n") + QString::fromUtf8(bytes.left(600)));
    if (back.toJson() != written)
        violated("saved and read back it differs", QString::fromUtf8(bytes.left(600)));
    (void)pusher::toCsv(*results);
    (void)pusher::toHtml(*results);
    (void)pusher::compareText(*results, *results);
    return 0;
}
