// Data files: a CSV file whose rows feed ${column} values into calls (docs/scenario-format.md,
// "Data files"). Loaded once; a call only picks a row and reads its cells.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace pusher {

// kMaxDataFileBytes bounds a data file (cells are addressed by 32-bit offsets).
inline constexpr std::int64_t kMaxDataFileBytes = std::int64_t(2) << 30; // 2 GiB

// DataTable is a CSV file in memory: RFC 4180 (comma-separated; fields in double quotes may
// hold commas, quotes written twice, and line breaks; records end with CRLF or LF), the
// first record naming the columns. Every cell is stored unquoted, back to back, in one
// buffer, with one 32-bit end offset per cell: a file of B bytes and C cells takes about
// B + 4·C bytes. Immutable once loaded, so any number of threads may read it.
class DataTable {
public:
    // load reads and parses the file at `path`. On failure it returns nullptr and sets
    // `error` to "PATH: why" or "PATH: line N: why" (N counts the file's lines from 1).
    static std::shared_ptr<const DataTable> load(const QString& path, QString* error = nullptr);
    // parse parses `text` (the file's contents); `source` names it in errors.
    static std::shared_ptr<const DataTable> parse(QByteArray text, const QString& source,
                                                  QString* error = nullptr);
    // readHeader reads the column names of the file at `path` (only its first record).
    static std::optional<QStringList> readHeader(const QString& path, QString* error = nullptr);

    [[nodiscard]] const QString& source() const { return m_source; }
    [[nodiscard]] const QStringList& columns() const { return m_columns; }
    // column is the index of the column `name`, or -1.
    [[nodiscard]] int column(const QString& name) const { return int(m_columns.indexOf(name)); }
    [[nodiscard]] std::size_t rowCount() const { return m_rows; }
    // cell is the unquoted value of `row` (0 is the first row after the header), `column`.
    [[nodiscard]] std::string_view cell(std::size_t row, int column) const {
        const std::size_t i = row * std::size_t(m_columns.size()) + std::size_t(column);
        const std::uint32_t begin = m_ends[i];
        return {m_cells.constData() + begin, std::size_t(m_ends[i + 1] - begin)};
    }
    // memoryBytes is what the table holds in memory (cells and offsets).
    [[nodiscard]] std::size_t memoryBytes() const;

private:
    QString m_source;
    QStringList m_columns;
    std::size_t m_rows = 0;
    QByteArray m_cells;                // every cell after the header, unquoted, back to back
    std::vector<std::uint32_t> m_ends; // m_ends[0] = 0, then the end of each cell
};

// DataFeed picks the row of each call. Modes: Sequential takes the rows in order and wraps
// around; Random draws one uniformly each call; Unique takes each row at most once, in
// order, and then reports exhaustion (next() returns nullopt). With a share (a rank of a
// distributed run), only the rows r with r mod shareCount == shareIndex are taken, so the
// ranks use disjoint rows. Thread-safe and lock-free: one atomic counter.
class DataFeed {
public:
    enum class Mode { Sequential, Random, Unique };

    DataFeed(std::shared_ptr<const DataTable> table, Mode mode, std::uint32_t shareIndex = 0,
             std::uint32_t shareCount = 1);

    // next is the row of the next call, or nullopt when a Unique feed has used all its rows
    // (or the share holds none).
    std::optional<std::size_t> next();

    [[nodiscard]] const DataTable& table() const { return *m_table; }
    [[nodiscard]] const std::shared_ptr<const DataTable>& tablePtr() const { return m_table; }
    [[nodiscard]] Mode mode() const { return m_mode; }
    // shareRows is how many rows this share takes from.
    [[nodiscard]] std::size_t shareRows() const { return m_shareRows; }
    // taken is how many rows next() handed out (for Unique: used rows).
    [[nodiscard]] std::uint64_t taken() const;
    // exhaustedMessage says that a Unique feed ran out ("rows exhausted: ...").
    [[nodiscard]] std::string exhaustedMessage() const;

    static std::optional<Mode> modeFromName(const QString& name);
    static QString modeName(Mode mode);

private:
    std::shared_ptr<const DataTable> m_table;
    Mode m_mode;
    std::uint32_t m_shareIndex;
    std::uint32_t m_shareCount;
    std::size_t m_shareRows;
    std::atomic<std::uint64_t> m_counter{0};
};

// DataTemplate is a text with ${column} references compiled against a table's columns: a
// list of literal pieces and column indices, so rendering a row is appends only. "$${" is a
// literal "${". A reference to a name that is not a column is an error at compile time.
class DataTemplate {
public:
    DataTemplate() = default;
    // compile parses `text`; nullopt and `error` ("${name}: not a column of FILE (columns:
    // a, b)") on a bad reference.
    static std::optional<DataTemplate> compile(const QByteArray& text, const DataTable& table,
                                               QString* error = nullptr);
    // hasReferences is true when the text refers to at least one column.
    [[nodiscard]] bool hasReferences() const { return !m_columns.empty(); }
    // columns lists the referenced column indices (with repeats, in order).
    [[nodiscard]] const std::vector<int>& columns() const { return m_columns; }
    // render appends the text with `row`'s values to `out`; `escape`, when set, is applied
    // to every value (e.g. percent-encoding in a URL).
    void render(const DataTable& table, std::size_t row, std::string* out,
                void (*escape)(std::string_view, std::string*) = nullptr) const;
    // literal is the text without references (valid when !hasReferences()).
    [[nodiscard]] std::string literal() const;

private:
    // Piece i is m_literals[i]; after every literal but the last comes column m_columns[i].
    std::vector<std::string> m_literals;
    std::vector<int> m_columns;
};

// hasDataReferences is true when `text` holds a ${NAME} reference to one of `columns`.
bool hasDataReferences(const QString& text, const QStringList& columns);

} // namespace pusher
