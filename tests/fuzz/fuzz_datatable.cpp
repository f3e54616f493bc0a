// libFuzzer target over the CSV data file parser (DataTable::parse: a scenario's
// workers[].data.file, read by runs, `validate` and the editor). A data file is the user's,
// so it must never crash the parser, an error must say where ("fuzz.csv: line N: why"), and
// a table it accepted must hold rows × columns cells, each readable, and be the same table
// when written back as CSV (every cell quoted) and parsed again.
// Built with PUSHER_FUZZ=ON and clang; run it with tests/fuzz/run-fuzz.sh SECONDS.
#include <pusher/data/datatable.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void violated(const char* what, const QString& detail) {
    std::fprintf(stderr, "data table property violated: %s: %s\n", what,
                 detail.toUtf8().constData());
    std::abort();
}

QByteArray quoted(std::string_view cell) {
    QByteArray out = "\"";
    for (const char c : cell) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + '"';
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray text(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    QString error;
    const auto table = pusher::DataTable::parse(text, QStringLiteral("fuzz.csv"), &error);
    if (!table) {
        if (!error.startsWith(QLatin1String("fuzz.csv: ")))
            violated("an error that does not name the file", error);
        return 0;
    }
    if (!error.isEmpty())
        violated("a table and an error", error);
    const int columns = int(table->columns().size());
    if (columns < 1 || table->rowCount() < 1)
        violated("a table without columns or rows", QString::number(columns));
    std::size_t bytes = 0;
    QByteArray csv;
    for (int c = 0; c < columns; ++c)
        csv += (c ? "," : "") + table->columns()[c].toUtf8();
    csv += '\n';
    for (std::size_t r = 0; r < table->rowCount(); ++r) {
        for (int c = 0; c < columns; ++c) {
            const std::string_view cell = table->cell(r, c);
            bytes += cell.size();
            csv += (c ? "," : "") + quoted(cell);
        }
        csv += r % 2 ? "\r\n" : "\n";
    }
    if (bytes > std::size_t(text.size()))
        violated("more cell bytes than the text has", QString::number(bytes));
    QString again;
    const auto back = pusher::DataTable::parse(csv, QStringLiteral("again.csv"), &again);
    if (!back)
        violated("the table written as CSV does not parse", again);
    if (back->columns() != table->columns() || back->rowCount() != table->rowCount())
        violated("written and parsed again, another shape", QString::fromUtf8(csv.left(200)));
    for (std::size_t r = 0; r < table->rowCount(); ++r) {
        for (int c = 0; c < columns; ++c) {
            if (back->cell(r, c) != table->cell(r, c))
                violated("written and parsed again, another cell",
                         QString::fromUtf8(csv.left(200)));
        }
    }
    return 0;
}
