#include <pusher/ui/summarymodel.h>

#include <QFont>
#include <QHeaderView>
#include <QLocale>

#include <cmath>

namespace pusher {

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

SummaryTable::SummaryTable(QWidget* parent)
    : QTableView(parent)
    , m_model(new SummaryModel(this)) {
    setModel(m_model);
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    // Tab leaves the table (a table view moves it from cell to cell, wrapping at the last:
    // the keyboard could not get out); the cursor keys move between cells.
    setTabKeyNavigation(false);
    setWordWrap(false);
    verticalHeader()->setVisible(false);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    // Columns as wide as their header and cells, never clipped: in a narrow window the table
    // scrolls sideways instead; the last column takes what is left.
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setMinimumSectionSize(56);
}

} // namespace pusher
