#include "pusher/data/datatable.h"

#include <random>

namespace pusher {

DataFeed::DataFeed(std::shared_ptr<const DataTable> table, Mode mode, std::uint32_t shareIndex,
                   std::uint32_t shareCount)
    : m_table(std::move(table))
    , m_mode(mode)
    , m_shareIndex(shareCount > 0 ? shareIndex % shareCount : 0)
    , m_shareCount(shareCount > 0 ? shareCount : 1) {
    const std::size_t rows = m_table->rowCount();
    // Rows r with r mod count == index: r = index, index + count, …
    m_shareRows = rows > m_shareIndex ? (rows - m_shareIndex + m_shareCount - 1) / m_shareCount : 0;
}

std::optional<std::size_t> DataFeed::next() {
    if (m_shareRows == 0)
        return std::nullopt;
    std::size_t k = 0;
    switch (m_mode) {
    case Mode::Sequential:
        k = std::size_t(m_counter.fetch_add(1, std::memory_order_relaxed) % m_shareRows);
        break;
    case Mode::Unique: {
        // Never counts past the end, so taken() stays the number of rows used.
        std::uint64_t n = m_counter.load(std::memory_order_relaxed);
        do {
            if (n >= m_shareRows)
                return std::nullopt;
        } while (!m_counter.compare_exchange_weak(n, n + 1, std::memory_order_relaxed));
        k = std::size_t(n);
        break;
    }
    case Mode::Random: {
        thread_local std::mt19937_64 rng{std::random_device{}()};
        m_counter.fetch_add(1, std::memory_order_relaxed);
        k = std::size_t(rng() % m_shareRows); // the bias is below 2^-40 for any real file
        break;
    }
    }
    return std::size_t(m_shareIndex) + k * m_shareCount;
}

std::uint64_t DataFeed::taken() const {
    return m_counter.load(std::memory_order_relaxed);
}

std::string DataFeed::exhaustedMessage() const {
    std::string text = "rows exhausted: all " + std::to_string(m_shareRows) + " rows of " +
                       m_table->source().toStdString() + " were used (mode unique";
    if (m_shareCount > 1)
        text += ", this rank's share " + std::to_string(m_shareIndex) + " of " +
                std::to_string(m_shareCount);
    return text + ")";
}

std::optional<DataFeed::Mode> DataFeed::modeFromName(const QString& name) {
    if (name == QLatin1String("sequential"))
        return Mode::Sequential;
    if (name == QLatin1String("random"))
        return Mode::Random;
    if (name == QLatin1String("unique"))
        return Mode::Unique;
    return std::nullopt;
}

QString DataFeed::modeName(Mode mode) {
    switch (mode) {
    case Mode::Sequential:
        return QStringLiteral("sequential");
    case Mode::Random:
        return QStringLiteral("random");
    case Mode::Unique:
        return QStringLiteral("unique");
    }
    return {};
}

} // namespace pusher
