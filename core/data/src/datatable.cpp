#include "pusher/data/datatable.h"

#include <QFile>
#include <QFileInfo>

#include <cstring>

namespace pusher {

namespace {

bool fail(QString* error, const QString& text) {
    if (error)
        *error = text;
    return false;
}

bool isNameStart(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool isNameChar(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
}

// Parser reads the records of a CSV text, unquoting cells in place: an unquoted cell is
// never longer than its raw text, so the write position never passes the read position.
class Parser {
public:
    Parser(char* data, std::size_t size)
        : m_data(data)
        , m_size(size) {}

    // record reads one record; false at the end of the text or on an error (`error()`).
    // Cell i of the record ends at ends[first + i]; blank lines are skipped.
    bool record(std::vector<std::uint32_t>& ends, std::size_t* cells) {
        *cells = 0;
        // Skip blank lines (a lone CRLF or LF).
        while (m_read < m_size && (m_data[m_read] == '\n' || m_data[m_read] == '\r')) {
            if (m_data[m_read] == '\r' && (m_read + 1 >= m_size || m_data[m_read + 1] != '\n')) {
                m_error = "a carriage return not followed by a line feed";
                return false;
            }
            if (m_data[m_read] == '\n')
                ++m_line;
            ++m_read;
        }
        if (m_read >= m_size)
            return false;
        m_recordLine = m_line;
        for (;;) {
            // One cell.
            if (m_data[m_read] == '"') {
                const std::size_t quoteLine = m_line;
                ++m_read;
                for (;;) {
                    if (m_read >= m_size) {
                        m_line = quoteLine;
                        m_error = "a quoted field that never ends (no closing \")";
                        return false;
                    }
                    const char c = m_data[m_read++];
                    if (c == '"') {
                        if (m_read < m_size && m_data[m_read] == '"') {
                            ++m_read;
                            m_data[m_write++] = '"';
                            continue;
                        }
                        break;
                    }
                    if (c == '\n')
                        ++m_line;
                    m_data[m_write++] = c;
                }
                if (m_read < m_size && m_data[m_read] != ',' && m_data[m_read] != '\n' &&
                    m_data[m_read] != '\r') {
                    m_error = "text after the closing quote of field " +
                              std::to_string(*cells + 1) +
                              " (a quote inside a quoted field is written \"\")";
                    return false;
                }
            } else {
                while (m_read < m_size && m_data[m_read] != ',' && m_data[m_read] != '\n' &&
                       m_data[m_read] != '\r') {
                    if (m_data[m_read] == '"') {
                        m_error = "a quote inside the unquoted field " +
                                  std::to_string(*cells + 1) +
                                  " (quote the whole field and write the quote as \"\")";
                        return false;
                    }
                    m_data[m_write++] = m_data[m_read++];
                }
            }
            if (m_write > 0xffffffffu) {
                m_error = "the file is too large";
                return false;
            }
            ends.push_back(std::uint32_t(m_write));
            ++*cells;
            if (m_read >= m_size)
                return true;
            const char sep = m_data[m_read++];
            if (sep == ',') {
                if (m_read >= m_size) { // "a,b," at the very end: an empty last cell
                    ends.push_back(std::uint32_t(m_write));
                    ++*cells;
                    return true;
                }
                continue;
            }
            if (sep == '\r') {
                if (m_read >= m_size || m_data[m_read] != '\n') {
                    m_error = "a carriage return not followed by a line feed";
                    return false;
                }
                ++m_read;
            }
            ++m_line;
            return true;
        }
    }

    [[nodiscard]] const std::string& error() const { return m_error; }
    // line is the line of the error, or of the last record read.
    [[nodiscard]] std::size_t errorLine() const { return m_line; }
    [[nodiscard]] std::size_t recordLine() const { return m_recordLine; }
    [[nodiscard]] std::size_t written() const { return m_write; }

private:
    char* m_data;
    std::size_t m_size;
    std::size_t m_read = 0;
    std::size_t m_write = 0;
    std::size_t m_line = 1;
    std::size_t m_recordLine = 1;
    std::string m_error;
};

bool header(const char* cells, const std::vector<std::uint32_t>& ends, std::size_t count,
            QStringList* columns, QString* why) {
    std::uint32_t begin = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const std::string_view name(cells + begin, ends[i] - begin);
        begin = ends[i];
        const QString text = QString::fromUtf8(name.data(), qsizetype(name.size()));
        bool valid = !name.empty() && isNameStart(name[0]);
        for (char c : name)
            valid = valid && isNameChar(c);
        if (!valid)
            return fail(why, QStringLiteral("column %1 \"%2\" is not a valid name (letters, digits "
                                            "and _, not starting with a digit)")
                                 .arg(i + 1)
                                 .arg(text));
        if (columns->contains(text))
            return fail(
                why,
                QStringLiteral("column %1 \"%2\" repeats an earlier column").arg(i + 1).arg(text));
        columns->append(text);
    }
    return true;
}

} // namespace

std::shared_ptr<const DataTable> DataTable::load(const QString& path, QString* error) {
    QFile file(path);
    const QFileInfo info(path);
    if (!info.exists())
        return fail(error, QStringLiteral("%1: no such file").arg(path)), nullptr;
    if (!info.isFile())
        return fail(error, QStringLiteral("%1: not a regular file").arg(path)), nullptr;
    if (info.size() > kMaxDataFileBytes)
        return fail(error, QStringLiteral("%1: %2 bytes, more than the %3 a data file may have")
                               .arg(path, QString::number(info.size()), QStringLiteral("2 GiB"))),
               nullptr;
    if (!file.open(QIODevice::ReadOnly))
        return fail(error, QStringLiteral("%1: %2").arg(path, file.errorString())), nullptr;
    QByteArray text = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return fail(error, QStringLiteral("%1: %2").arg(path, file.errorString())), nullptr;
    return parse(std::move(text), path, error);
}

std::shared_ptr<const DataTable> DataTable::parse(QByteArray text, const QString& source,
                                                  QString* error) {
    auto table = std::make_shared<DataTable>();
    table->m_source = source;
    qsizetype skip = 0;
    if (text.startsWith("\xEF\xBB\xBF")) // a UTF-8 byte order mark
        skip = 3;
    // Unquote in place: text becomes the cell buffer.
    char* data = text.data() + skip;
    Parser parser(data, std::size_t(text.size() - skip));
    std::vector<std::uint32_t> ends;
    std::size_t cells = 0;
    auto lineError = [&](std::size_t line, const QString& why) {
        fail(error, QStringLiteral("%1: line %2: %3").arg(source, QString::number(line), why));
        return nullptr;
    };
    if (!parser.record(ends, &cells)) {
        if (!parser.error().empty())
            return lineError(parser.errorLine(), QString::fromStdString(parser.error()));
        return fail(error,
                    QStringLiteral("%1: empty (the first line names the columns)").arg(source)),
               nullptr;
    }
    QString why;
    if (!header(data, ends, cells, &table->m_columns, &why))
        return lineError(parser.recordLine(), why);
    const std::size_t columns = cells;
    const std::uint32_t headerEnd = ends.back();
    ends.clear();
    ends.push_back(headerEnd);
    while (parser.record(ends, &cells)) {
        if (cells != columns)
            return lineError(parser.recordLine(),
                             QStringLiteral("%1 fields, but the header names %2 columns")
                                 .arg(cells)
                                 .arg(columns));
        ++table->m_rows;
    }
    if (!parser.error().empty())
        return lineError(parser.errorLine(), QString::fromStdString(parser.error()));
    if (table->m_rows == 0)
        return fail(error, QStringLiteral("%1: no rows after the header line").arg(source)),
               nullptr;
    // Cells start after the header: shift the offsets to the buffer's start.
    const std::size_t used = parser.written() - headerEnd;
    for (std::uint32_t& e : ends)
        e -= headerEnd;
    std::memmove(text.data(), data + headerEnd, used);
    text.truncate(qsizetype(used));
    text.squeeze();
    table->m_cells = std::move(text);
    ends.shrink_to_fit();
    table->m_ends = std::move(ends);
    return table;
}

std::optional<QStringList> DataTable::readHeader(const QString& path, QString* error) {
    QFile file(path);
    const QFileInfo info(path);
    if (!info.exists())
        return fail(error, QStringLiteral("%1: no such file").arg(path)), std::nullopt;
    if (!info.isFile())
        return fail(error, QStringLiteral("%1: not a regular file").arg(path)), std::nullopt;
    if (!file.open(QIODevice::ReadOnly))
        return fail(error, QStringLiteral("%1: %2").arg(path, file.errorString())), std::nullopt;
    // The header is one line: quoted names cannot hold line breaks (they are not valid names).
    QByteArray line = file.readLine(64 * 1024);
    if (line.startsWith("\xEF\xBB\xBF"))
        line.remove(0, 3);
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    if (line.isEmpty())
        return fail(error, QStringLiteral("%1: line 1: empty (the first line names the columns)")
                               .arg(path)),
               std::nullopt;
    Parser parser(line.data(), std::size_t(line.size()));
    std::vector<std::uint32_t> ends;
    std::size_t cells = 0;
    if (!parser.record(ends, &cells))
        return fail(error, QStringLiteral("%1: line 1: %2")
                               .arg(path, QString::fromStdString(parser.error()))),
               std::nullopt;
    QStringList columns;
    QString why;
    if (!header(line.constData(), ends, cells, &columns, &why))
        return fail(error, QStringLiteral("%1: line 1: %2").arg(path, why)), std::nullopt;
    return columns;
}

std::size_t DataTable::memoryBytes() const {
    return std::size_t(m_cells.capacity()) + m_ends.capacity() * sizeof(std::uint32_t);
}

} // namespace pusher
