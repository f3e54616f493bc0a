// libFuzzer target over the results-file reader and what reads its results: the exports
// (CSV, HTML, the comparison) and the merge. Results files come from other machines and other
// builds (report --merge, File > Open, Recent Runs), so a file must never crash the reader,
// and what it accepted must write a file it reads back to the same results (a saved or merged
// file that the next open refuses would lose the run).
// Built with PUSHER_FUZZ=ON and clang; run it with tests/fuzz/run-fuzz.sh SECONDS.
#include <pusher/exports.h>
#include <pusher/merge.h>
#include <pusher/results.h>

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void violated(const char* what, const QString& detail) {
    std::fprintf(stderr, "results property violated: %s: %s\n", what, detail.toUtf8().constData());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray text(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const QJsonDocument doc = QJsonDocument::fromJson(text);
    if (!doc.isObject())
        return 0;
    QString error;
    const pusher::RunResults read = pusher::RunResults::fromJson(doc.object(), &error);
    if (!error.isEmpty())
        return 0;

    // What was accepted is written in this build's format and read back to the same file.
    const QJsonObject written = read.toJson();
    const QByteArray bytes = QJsonDocument(written).toJson(QJsonDocument::Compact);
    const QJsonDocument again = QJsonDocument::fromJson(bytes);
    if (!again.isObject())
        violated("the written file is not a JSON object", QString::fromUtf8(bytes.left(200)));
    QString reread;
    const pusher::RunResults back = pusher::RunResults::fromJson(again.object(), &reread);
    if (!reread.isEmpty())
        violated("the written file is refused", reread);
    if (back.toJson() != written)
        violated("written again it differs", QString::fromUtf8(bytes.left(200)));

    // Everything that shows results must take what the reader accepted.
    (void)pusher::toCsv(read);
    (void)pusher::toHtml(read);
    (void)pusher::compareText(read, read);
    (void)pusher::compareHtml(read, read);
    QString why;
    if (const auto merged = pusher::mergeResults({read, read}, {}, &why)) {
        (void)merged->toJson();
        (void)pusher::toHtml(*merged);
    }
    return 0;
}
