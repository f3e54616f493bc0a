#include <pusher/ui/summarymodel.h>

#include <QEvent>
#include <QFont>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLocale>
#include <QScrollBar>
#include <QProxyStyle>
#include <QStyle>
#include <QStyleOptionHeader>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <limits>

namespace pusher {

namespace {

// TightCells draws the summary's cells with 2 px either side of their text where the style
// takes 3: 13 columns of counts and latencies ("12,500", "332.5 ms") took 675 px at 1024x700,
// where the table has 670.
class TightCells : public QProxyStyle {
public:
    int pixelMetric(PixelMetric metric, const QStyleOption* option,
                    const QWidget* widget) const override {
        const int m = QProxyStyle::pixelMetric(metric, option, widget);
        return metric == PM_FocusFrameHMargin ? std::min(m, 1) : m;
    }
};

} // namespace

SummaryModel::SummaryModel(QObject* parent)
    : QAbstractTableModel(parent) {}

QString SummaryModel::formatMs(double ms) {
    if (!(ms >= 0) || !std::isfinite(ms))
        return QStringLiteral("–");
    const QLocale locale;
    if (ms < 1)
        return locale.toString(ms * 1000, 'f', 0) + QStringLiteral(" µs");
    if (ms < 1000)
        return locale.toString(ms, 'f', ms < 10 ? 2 : 1) + QStringLiteral(" ms");
    return locale.toString(ms / 1000, 'f', 2) + QStringLiteral(" s");
}

void SummaryModel::setRows(const QList<SummaryRow>& workers, const SummaryRow& total) {
    bool sameShape = m_hasTotal && workers.size() == m_workers.size();
    for (qsizetype i = 0; sameShape && i < workers.size(); ++i)
        sameShape = workers[i].ident == m_workers[i].ident;
    if (!sameShape) {
        beginResetModel();
        m_workers = workers;
        m_total = total;
        m_hasTotal = true;
        endResetModel();
        return;
    }
    int first = -1, last = -1;
    for (qsizetype i = 0; i < workers.size(); ++i) {
        if (workers[i] == m_workers[i])
            continue;
        m_workers[i] = workers[i];
        if (first < 0)
            first = int(i);
        last = int(i);
    }
    if (!(total == m_total)) {
        m_total = total;
        if (first < 0)
            first = int(m_workers.size());
        last = int(m_workers.size());
    }
    if (first >= 0)
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

void SummaryModel::setLatency(Latency latency) {
    if (latency == m_latency)
        return;
    m_latency = latency;
    emit headerDataChanged(Qt::Horizontal, P50, Max);
    if (rowCount() > 0)
        emit dataChanged(index(0, P50), index(rowCount() - 1, Max));
}

void SummaryModel::clear() {
    beginResetModel();
    m_workers.clear();
    m_total = SummaryRow();
    m_hasTotal = false;
    endResetModel();
}

int SummaryModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid())
        return 0;
    return int(m_workers.size()) + (m_hasTotal ? 1 : 0);
}

int SummaryModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

const SummaryRow& SummaryModel::rowAt(int row) const {
    return row < m_workers.size() ? m_workers[row] : m_total;
}

QVariant SummaryModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SummaryRow& r = rowAt(index.row());
    const bool isTotal = index.row() == m_workers.size();
    const QLocale locale;
    const bool response = m_latency == Latency::Response;
    const double p50 = response ? r.respP50Ms : r.p50Ms;
    const double p90 = response ? r.respP90Ms : r.p90Ms;
    const double p99 = response ? r.respP99Ms : r.p99Ms;
    const double max = response ? r.respMaxMs : r.maxMs;
    switch (role) {
    case ValueRole:
        switch (Column(index.column())) {
        case Ident:
            return r.ident;
        case Ticks:
            return r.ticks;
        case Started:
            return r.started;
        case Completed:
            return r.completed;
        case Ok:
            return r.ok;
        case Errors:
            return r.errors;
        case Canceled:
            return r.canceled;
        case Rps:
            return r.rps;
        case P50:
            return p50;
        case P90:
            return p90;
        case P99:
            return p99;
        case Max:
            return max;
        case LagP99:
            return r.lagP99Ms;
        case ColumnCount:
            break;
        }
        return {};
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Ident:
            return r.ident;
        case Ticks:
            return locale.toString(r.ticks);
        case Started:
            return locale.toString(r.started);
        case Completed:
            return locale.toString(r.completed);
        case Ok:
            return locale.toString(r.ok);
        case Errors:
            return locale.toString(r.errors);
        case Canceled:
            return locale.toString(r.canceled);
        case Rps:
            return locale.toString(r.rps, 'f', r.rps < 100 ? 1 : 0);
        case P50:
            return formatMs(p50);
        case P90:
            return formatMs(p90);
        case P99:
            return formatMs(p99);
        case Max:
            return formatMs(max);
        case LagP99:
            return formatMs(r.lagP99Ms);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == Ident ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                       : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::FontRole:
        if (isTotal) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    default:
        return {};
    }
}

QVariant SummaryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    const bool response = m_latency == Latency::Response;
    if (role == Qt::DisplayRole && section >= P50 && section <= Max) {
        static const char* const quantiles[] = {"p50", "p90", "p99", "max"};
        // The kind in the header: the columns follow the charts' Latency switch.
        return (response ? tr("resp %1") : tr("svc %1"))
            .arg(QLatin1String(quantiles[section - P50]));
    }
    if (role == Qt::ToolTipRole && section >= P50 && section <= Max) {
        static const char* const what[] = {QT_TR_NOOP("Median"), QT_TR_NOOP("90th percentile"),
                                           QT_TR_NOOP("99th percentile"), QT_TR_NOOP("Largest")};
        return (response ? tr("%1 response time (intended start → end, corrected for "
                              "coordinated omission), as the latency chart shows; the toolbar's "
                              "Latency switch changes both")
                         : tr("%1 service time (start → end), as the latency chart shows; the "
                              "toolbar's Latency switch changes both"))
            .arg(tr(what[section - P50]));
    }
    if (role == Qt::DisplayRole) {
        static const char* const titles[] = {
            QT_TR_NOOP("Worker"),    QT_TR_NOOP("Ticks"),   QT_TR_NOOP("Started"),
            QT_TR_NOOP("Completed"), QT_TR_NOOP("OK"),      QT_TR_NOOP("Errors"),
            QT_TR_NOOP("Canceled"),  QT_TR_NOOP("calls/s"), QT_TR_NOOP("p50"),
            QT_TR_NOOP("p90"),       QT_TR_NOOP("p99"),     QT_TR_NOOP("max"),
            QT_TR_NOOP("lag p99")};
        return tr(titles[section]);
    }
    if (role == Qt::ToolTipRole) {
        static const char* const tips[] = {
            QT_TR_NOOP("The worker's ident; the last row is the total"),
            QT_TR_NOOP("Ticks scheduled by the rate"),
            QT_TR_NOOP("Calls started"),
            QT_TR_NOOP("Calls completed"),
            QT_TR_NOOP("Calls completed without error"),
            QT_TR_NOOP("Calls completed with an error"),
            QT_TR_NOOP("Ticks canceled because every overtime slot was busy"),
            QT_TR_NOOP("Achieved calls per second"),
            QT_TR_NOOP("Median latency"),
            QT_TR_NOOP("90th percentile latency"),
            QT_TR_NOOP("99th percentile latency"),
            QT_TR_NOOP("Largest latency"),
            QT_TR_NOOP("99th percentile dispatch lag: how late calls started after their "
                       "scheduled tick. The generator's own delay; far below the latencies "
                       "means the client kept up")};
        return tr(tips[section]);
    }
    if (role == Qt::TextAlignmentRole)
        return section == Ident ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

SummaryHeader::SummaryHeader(QWidget* parent)
    : QHeaderView(Qt::Horizontal, parent) {
    // A header drawn bold for a selected row's cells is wider than the width measured for it:
    // a click on a row cut every header. The selection shows in the rows.
    setHighlightSections(false);
}

int SummaryHeader::textRoom(int width) const {
    // The style's label rectangle: the section less its margin on either side.
    const int margin = style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, this);
    return std::max(0, width - 2 * margin - 1);
}

int SummaryHeader::wholeWidth(int section) const {
    if (!model())
        return 0;
    const QString text = model()->headerData(section, orientation(), Qt::DisplayRole).toString();
    const int margin = style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, this);
    return QFontMetrics(font()).horizontalAdvance(text) + 2 * margin + 1;
}

QString SummaryHeader::shownText(int section) const {
    if (!model())
        return QString();
    const QString text = model()->headerData(section, orientation(), Qt::DisplayRole).toString();
    const int room = textRoom(sectionSize(section));
    const QFontMetrics metrics(font());
    if (metrics.horizontalAdvance(text) <= room)
        return text;
    // The latencies differ at their end ("resp p50", "resp p90"): their kind goes first,
    // "…p50" (the toolbar's Latency switch and the tooltip say which kind).
    const qsizetype space = text.lastIndexOf(QLatin1Char(' '));
    const bool quantile = section >= SummaryModel::P50 && section <= SummaryModel::LagP99;
    if (quantile && space > 0) {
        const QString last = QString(QChar(0x2026)) + text.mid(space + 1);
        if (metrics.horizontalAdvance(last) <= room)
            return last;
    }
    return metrics.elidedText(text, quantile ? Qt::ElideLeft : Qt::ElideRight, room);
}

void SummaryHeader::initStyleOptionForIndex(QStyleOptionHeader* option, int section) const {
    QHeaderView::initStyleOptionForIndex(option, section);
    option->text = shownText(section);
}

bool SummaryHeader::viewportEvent(QEvent* event) {
    if (event->type() == QEvent::ToolTip && model()) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int section = logicalIndexAt(help->pos());
        if (section >= 0) {
            const QString text =
                model()->headerData(section, orientation(), Qt::DisplayRole).toString();
            if (shownText(section) != text) {
                // Elided: the tooltip says which column it is.
                const QString tip =
                    model()->headerData(section, orientation(), Qt::ToolTipRole).toString();
                QToolTip::showText(help->globalPos(),
                                   tip.isEmpty() ? text : tr("%1: %2").arg(text, tip), this);
                return true;
            }
        }
    }
    return QHeaderView::viewportEvent(event);
}

SummaryTable::SummaryTable(QWidget* parent)
    : QTableView(parent)
    , m_model(new SummaryModel(this))
    , m_header(new SummaryHeader(this)) {
    setHorizontalHeader(m_header);
    setModel(m_model);
    auto* cells = new TightCells;
    cells->setParent(this);
    setStyle(cells);
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    // Tab leaves the table (a table view moves it from cell to cell, wrapping at the last:
    // the keyboard could not get out); the cursor keys move between cells.
    setTabKeyNavigation(false);
    setWordWrap(false);
    verticalHeader()->setVisible(false);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    // The columns fit the table's width (fitColumns); a person may resize them.
    m_header->setSectionResizeMode(QHeaderView::Interactive);
    m_header->setStretchLastSection(false);
    m_header->setMinimumSectionSize(fontMetrics().horizontalAdvance(QStringLiteral("0\u2026")) +
                                    2 * style()->pixelMetric(QStyle::PM_HeaderMargin) + 2);
    connect(m_header, &QHeaderView::sectionResized, this, &SummaryTable::onSectionResized);
    // What is shown changes the cells' and the headers' widths: fitted again, once per turn
    // of the event loop (a live run updates the table a few times a second).
    connect(m_model, &QAbstractItemModel::modelReset, this, &SummaryTable::fitLater);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &SummaryTable::fitLater);
    connect(m_model, &QAbstractItemModel::headerDataChanged, this, &SummaryTable::fitLater);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &SummaryTable::fitLater);
    connect(verticalScrollBar(), &QScrollBar::rangeChanged, this, &SummaryTable::fitLater);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &SummaryTable::fitLater);
    fitColumns();
}

void SummaryTable::fitLater() {
    if (m_fitPending)
        return;
    m_fitPending = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_fitPending = false;
            fitColumns();
        },
        Qt::QueuedConnection);
}

void SummaryTable::resizeEvent(QResizeEvent* event) {
    QTableView::resizeEvent(event);
    fitColumns();
}

bool SummaryTable::viewportEvent(QEvent* event) {
    // The viewport narrows when the vertical scroll bar comes: fitted to it at once.
    const bool handled = QTableView::viewportEvent(event);
    if (event->type() == QEvent::Resize)
        fitColumns();
    return handled;
}

void SummaryTable::onSectionResized(int section, int, int newSize) {
    if (m_fitting)
        return;
    // A person dragged a column's edge (or double-clicked it): that column keeps its width.
    m_chosen.insert(section, newSize);
    m_lastChosen = section;
    fitColumns();
}

void SummaryTable::fitColumns() {
    const int n = m_header->count();
    const int room = viewport()->width();
    if (n == 0 || room <= 0 || m_fitting)
        return;
    m_fitting = true;
    const int least = m_header->minimumSectionSize();
    // cells: the widest cell shown of each column (the rows in view, as Qt's own fit to
    // contents measures them); whole: that or its whole header, the wider.
    QList<int> cells(n), whole(n), width(n);
    for (int c = 0; c < n; ++c) {
        cells[c] = std::max(least, sizeHintForColumn(c));
        whole[c] = std::max(cells[c], m_header->wholeWidth(c));
    }
    // The columns a person sized keep it, held to what leaves the others their cells' width
    // (the one sized last gives way first).
    QList<int> chosen;
    for (auto it = m_chosen.cbegin(); it != m_chosen.cend(); ++it)
        if (it.key() < n)
            chosen.append(it.key());
    std::sort(chosen.begin(), chosen.end(), [this](int a, int b) {
        return (a == m_lastChosen) < (b == m_lastChosen); // the last sized last
    });
    int others = 0; // the least the columns not sized by a person need
    for (int c = 0; c < n; ++c)
        if (!m_chosen.contains(c))
            others += cells[c];
    int sized = 0;
    for (int c : std::as_const(chosen))
        sized += m_chosen.value(c);
    for (qsizetype i = chosen.size() - 1; i >= 0 && sized + others > room; --i) {
        const int c = chosen[i];
        const int held = std::max(least, m_chosen.value(c) - (sized + others - room));
        sized -= m_chosen.value(c) - held;
        m_chosen.insert(c, held);
    }
    // The others: whole when they fit; else the headers that need the most beyond their
    // cells give up width first, down to a common level (the fewest headers elided, the
    // short ones whole: "Complet…" before "Ticks"), and at most down to their cells.
    int wanted = 0;
    QList<int> over; // what each free column's header needs beyond its cells
    for (int c = 0; c < n; ++c) {
        if (m_chosen.contains(c))
            continue;
        wanted += whole[c];
        over.append(whole[c] - cells[c]);
    }
    const int left = room - sized;               // for the columns not sized by a person
    int level = std::numeric_limits<int>::max(); // the most of its excess a header keeps
    if (wanted > left) {
        // The highest level whose excess kept fits: sum(min(over, level)) <= kept.
        int kept = left;
        for (int c = 0; c < n; ++c)
            if (!m_chosen.contains(c))
                kept -= cells[c];
        std::sort(over.begin(), over.end());
        level = 0;
        int below = 0; // the excess of the headers under the level
        for (qsizetype i = 0; i < over.size(); ++i) {
            const qsizetype rest = over.size() - i; // headers at or over over[i]
            if (kept < 0 || below + rest * qint64(over[i]) > kept) {
                level = kept < 0 ? 0 : int((kept - below) / rest);
                break;
            }
            below += over[i];
            level = over[i];
        }
    }
    int given = 0, last = -1;
    for (int c = 0; c < n; ++c) {
        if (m_chosen.contains(c)) {
            width[c] = m_chosen.value(c);
            continue;
        }
        width[c] = cells[c] + std::min(whole[c] - cells[c], level);
        given += width[c];
        last = c;
    }
    // What is left goes to the last column not sized by a person (Qt's stretched last one).
    if (last >= 0 && given < left)
        width[last] += left - given;
    for (int c = 0; c < n; ++c)
        if (m_header->sectionSize(c) != width[c])
            m_header->resizeSection(c, width[c]);
    m_fitting = false;
}

} // namespace pusher
