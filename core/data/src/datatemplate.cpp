#include "pusher/data/datatable.h"

namespace pusher {

namespace {

bool isNameStart(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool isNameChar(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
}

// nextReference finds the next "${name}" at or after `from` with a valid name ("$${" is
// skipped as a literal); npos when none. `literalDollar` is set to the index of the "$$"
// found first, if any, so the caller can drop one "$".
std::size_t nextReference(std::string_view text, std::size_t from, std::size_t* close) {
    for (std::size_t i = from; i < text.size(); ++i) {
        if (text[i] != '$')
            continue;
        if (i + 2 < text.size() && text[i + 1] == '$' && text[i + 2] == '{') {
            ++i; // "$${": the second '$' starts nothing either
            continue;
        }
        if (i + 1 < text.size() && text[i + 1] == '{') {
            const std::size_t end = text.find('}', i + 2);
            if (end == std::string_view::npos)
                return std::string_view::npos;
            const std::string_view name = text.substr(i + 2, end - i - 2);
            bool valid = !name.empty() && isNameStart(name[0]);
            for (char c : name)
                valid = valid && isNameChar(c);
            if (valid) {
                *close = end;
                return i;
            }
        }
    }
    return std::string_view::npos;
}

// unescape turns "$${" into "${".
std::string unescape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '$' && i + 2 < text.size() && text[i + 1] == '$' && text[i + 2] == '{') {
            out += "${";
            i += 2;
            continue;
        }
        out += text[i];
    }
    return out;
}

} // namespace

std::optional<DataTemplate> DataTemplate::compile(const QByteArray& text, const DataTable& table,
                                                  QString* error) {
    DataTemplate t;
    const std::string_view s(text.constData(), std::size_t(text.size()));
    std::size_t from = 0;
    std::size_t close = 0;
    for (std::size_t at = nextReference(s, 0, &close); at != std::string_view::npos;
         at = nextReference(s, from, &close)) {
        const QString name = QString::fromUtf8(s.data() + at + 2, qsizetype(close - at - 2));
        const int column = table.column(name);
        if (column < 0) {
            if (error)
                *error = QStringLiteral("${%1}: not a column of %2 (columns: %3)")
                             .arg(name, table.source(), table.columns().join(QStringLiteral(", ")));
            return std::nullopt;
        }
        t.m_literals.push_back(unescape(s.substr(from, at - from)));
        t.m_columns.push_back(column);
        from = close + 1;
    }
    t.m_literals.push_back(unescape(s.substr(from)));
    return t;
}

void DataTemplate::render(const DataTable& table, std::size_t row, std::string* out,
                          void (*escape)(std::string_view, std::string*)) const {
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
        out->append(m_literals[i]);
        const std::string_view value = table.cell(row, m_columns[i]);
        if (escape)
            escape(value, out);
        else
            out->append(value);
    }
    out->append(m_literals.back());
}

std::string DataTemplate::literal() const {
    return m_literals.empty() ? std::string() : m_literals.front();
}

bool hasDataReferences(const QString& text, const QStringList& columns) {
    const QByteArray utf8 = text.toUtf8();
    const std::string_view s(utf8.constData(), std::size_t(utf8.size()));
    std::size_t close = 0;
    for (std::size_t at = nextReference(s, 0, &close); at != std::string_view::npos;
         at = nextReference(s, close + 1, &close)) {
        if (columns.contains(QString::fromUtf8(s.data() + at + 2, qsizetype(close - at - 2))))
            return true;
    }
    return false;
}

} // namespace pusher
