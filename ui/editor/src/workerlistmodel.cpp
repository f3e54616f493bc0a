#include "pusher/editor/workerlistmodel.h"

#include <QApplication>
#include <QPalette>
#include <QRegularExpression>
#include <QStyle>

#include <algorithm>
#include <cmath>

namespace pusher {

namespace {

QString S(const char16_t* text) {
    return QString::fromUtf16(text);
}

// number writes a rate without a needless fraction or exponent ("200", "12.5").
QString number(double v) {
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15)
        return QString::number(static_cast<qint64>(v));
    QString text = QString::number(v, 'f', 3);
    while (text.endsWith(u'0'))
        text.chop(1);
    if (text.endsWith(u'.'))
        text.chop(1);
    return text;
}

} // namespace

WorkerListModel::WorkerListModel(QObject* parent)
    : QAbstractTableModel(parent) {}

bool WorkerListModel::isRow(const QModelIndex& index) const {
    return index.isValid() && index.model() == this && !index.parent().isValid() &&
           index.row() < m_workers.size() && index.column() < ColumnCount;
}

void WorkerListModel::setWorkers(const QList<WorkerSpec>& workers) {
    const qsizetype n = m_workers.size();
    const qsizetype m = workers.size();
    qsizetype head = 0;
    while (head < n && head < m && m_workers[head] == workers[head])
        ++head;
    qsizetype tail = 0;
    while (tail < n - head && tail < m - head && m_workers[n - 1 - tail] == workers[m - 1 - tail])
        ++tail;
    const qsizetype oldMiddle = n - head - tail;
    const qsizetype newMiddle = m - head - tail;
    const qsizetype common = std::min(oldMiddle, newMiddle);
    // Rows changed in place first, then rows added or removed: each step leaves the model
    // consistent, as views and QAbstractItemModelTester expect.
    if (common > 0) {
        for (qsizetype i = head; i < head + common; ++i)
            m_workers[i] = workers[i];
        emit dataChanged(index(int(head), 0), index(int(head + common - 1), ColumnCount - 1));
    }
    if (newMiddle > oldMiddle) {
        const qsizetype first = head + common;
        beginInsertRows({}, int(first), int(head + newMiddle - 1));
        for (qsizetype i = first; i < head + newMiddle; ++i)
            m_workers.insert(i, workers[i]);
        endInsertRows();
    } else if (oldMiddle > newMiddle) {
        const qsizetype first = head + common;
        beginRemoveRows({}, int(first), int(head + oldMiddle - 1));
        m_workers.remove(first, oldMiddle - newMiddle);
        endRemoveRows();
    }
    Q_ASSERT(m_workers == workers);
}

int WorkerListModel::addWorker(WorkerSpec worker) {
    if (worker.ident.isEmpty()) {
        worker.ident = uniqueIdent(S(u"worker %1").arg(m_workers.size() + 1));
        worker.target.kind = S(u"synthetic");
        worker.target.latency.distribution = LatencySpec::Distribution::Fixed;
        worker.target.latency.value = std::chrono::milliseconds(10);
    } else {
        worker.ident = uniqueIdent(worker.ident);
    }
    const int row = int(m_workers.size());
    beginInsertRows({}, row, row);
    m_workers.append(worker);
    endInsertRows();
    emit edited(tr("Add worker"));
    return row;
}

int WorkerListModel::duplicateWorker(int row) {
    if (row < 0 || row >= m_workers.size())
        return -1;
    WorkerSpec copy = m_workers[row];
    // A copy of a copy is another copy of the same worker ("api copy 2"), not "api copy copy":
    // the ident grew by a word each time and soon no longer fitted its column.
    static const QRegularExpression copied(S(u"^(.+) copy(?: \\d+)?$"));
    const QRegularExpressionMatch m = copied.match(copy.ident);
    copy.ident = uniqueIdent((m.hasMatch() ? m.captured(1) : copy.ident) + S(u" copy"));
    beginInsertRows({}, row + 1, row + 1);
    m_workers.insert(row + 1, copy);
    endInsertRows();
    emit edited(tr("Duplicate worker"));
    return row + 1;
}

bool WorkerListModel::removeWorker(int row) {
    return removeRows(row, 1);
}

bool WorkerListModel::moveWorker(int from, int to) {
    if (from < 0 || to < 0 || from >= m_workers.size() || to >= m_workers.size() || from == to)
        return false;
    // moveRows takes the destination in the numbering before the move.
    return moveRows({}, from, 1, {}, to > from ? to + 1 : to);
}

bool WorkerListModel::removeRows(int row, int count, const QModelIndex& parent) {
    if (parent.isValid() || row < 0 || count < 1 || row + count > m_workers.size())
        return false;
    beginRemoveRows({}, row, row + count - 1);
    m_workers.remove(row, count);
    endRemoveRows();
    emit edited(count == 1 ? tr("Remove worker") : tr("Remove workers"));
    return true;
}

bool WorkerListModel::moveRows(const QModelIndex& sourceParent, int sourceRow, int count,
                               const QModelIndex& destinationParent, int destinationChild) {
    if (sourceParent.isValid() || destinationParent.isValid() || count != 1 || sourceRow < 0 ||
        sourceRow >= m_workers.size() || destinationChild < 0 ||
        destinationChild > m_workers.size() || destinationChild == sourceRow ||
        destinationChild == sourceRow + 1)
        return false;
    if (!beginMoveRows({}, sourceRow, sourceRow, {}, destinationChild))
        return false;
    m_workers.move(sourceRow,
                   destinationChild > sourceRow ? destinationChild - 1 : destinationChild);
    endMoveRows();
    emit edited(tr("Move worker"));
    return true;
}

void WorkerListModel::setProblems(const QHash<int, QStringList>& problems,
                                  const QHash<int, QStringList>& warnings) {
    if (problems == m_problems && warnings == m_warnings)
        return;
    m_problems = problems;
    m_warnings = warnings;
    if (!m_workers.isEmpty())
        emit dataChanged(index(0, IdentColumn), index(int(m_workers.size()) - 1, IdentColumn),
                         {Qt::DecorationRole, Qt::ToolTipRole});
}

WorkerListModel::Mark WorkerListModel::mark(int row) const {
    if (m_problems.contains(row))
        return Mark::Problem;
    if (m_warnings.contains(row))
        return Mark::Warning;
    return Mark::None;
}

QString WorkerListModel::uniqueIdent(const QString& base) const {
    auto taken = [this](const QString& ident) {
        return std::any_of(m_workers.begin(), m_workers.end(),
                           [&](const WorkerSpec& w) { return w.ident == ident; });
    };
    if (!taken(base))
        return base;
    for (int i = 2;; ++i) {
        const QString candidate = base + u' ' + QString::number(i);
        if (!taken(candidate))
            return candidate;
    }
}

QString WorkerListModel::rateSummary(const RateSpec& rate) {
    switch (rate.mode) {
    case RateSpec::Mode::Constant:
        return tr("%1 rps").arg(number(rate.rps));
    case RateSpec::Mode::Ramp:
        return tr("%1→%2 rps").arg(number(rate.from), number(rate.to));
    case RateSpec::Mode::Stages:
        return tr("stages ≤%1 rps").arg(number(rate.peakRps()));
    case RateSpec::Mode::Max:
        return tr("max");
    }
    return {};
}

int WorkerListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_workers.size());
}

int WorkerListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WorkerListModel::data(const QModelIndex& index, int role) const {
    if (!isRow(index))
        return {};
    const WorkerSpec& w = m_workers[index.row()];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (column) {
        case IdentColumn:
            return w.ident;
        case KindColumn:
            return w.target.kind;
        case RateColumn:
            return rateSummary(w.rate);
        case OvertimeColumn:
            return w.overtime ? QString::number(*w.overtime) : tr("default");
        case ForceColumn:
            return QString::number(w.force);
        default:
            return {};
        }
    case Qt::CheckStateRole:
        if (column == EnabledColumn)
            return w.enabled ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::TextAlignmentRole:
        if (column == OvertimeColumn || column == ForceColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        if (!w.enabled)
            return QApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::DecorationRole:
        // The editor's problems list's icons: a problem (the worker cannot run) a red stop
        // sign, a warning alone (it runs) a warning sign.
        if (column != IdentColumn || !qApp)
            return {};
        switch (mark(index.row())) {
        case Mark::Problem:
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
        case Mark::Warning:
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        case Mark::None:
            return {};
        }
        return {};
    case Qt::ToolTipRole:
        if (column == IdentColumn && mark(index.row()) != Mark::None) {
            QStringList lines = m_problems.value(index.row());
            for (const QString& warning : m_warnings.value(index.row()))
                lines.append(tr("Warning: %1").arg(warning));
            return lines.join(u'\n');
        }
        return headerData(column, Qt::Horizontal, Qt::ToolTipRole);
    default:
        return {};
    }
}

bool WorkerListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!isRow(index))
        return false;
    WorkerSpec& w = m_workers[index.row()];
    if (index.column() == EnabledColumn && role == Qt::CheckStateRole) {
        const bool enabled = value.value<Qt::CheckState>() == Qt::Checked;
        if (enabled == w.enabled)
            return true;
        w.enabled = enabled;
        emit dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
        emit edited(enabled ? tr("Enable worker") : tr("Disable worker"));
        return true;
    }
    if (index.column() == IdentColumn && role == Qt::EditRole) {
        const QString ident = value.toString();
        if (ident == w.ident)
            return true;
        w.ident = ident;
        emit dataChanged(index, index);
        emit edited(tr("Rename worker"));
        return true;
    }
    return false;
}

Qt::ItemFlags WorkerListModel::flags(const QModelIndex& index) const {
    if (!isRow(index))
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() == EnabledColumn)
        f |= Qt::ItemIsUserCheckable;
    if (index.column() == IdentColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant WorkerListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case EnabledColumn:
            return tr("On");
        case IdentColumn:
            return tr("Ident");
        case KindColumn:
            return tr("Kind");
        case RateColumn:
            return tr("Rate");
        case OvertimeColumn:
            return tr("Overtime");
        case ForceColumn:
            return tr("Force");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case EnabledColumn:
            return tr("Whether the worker runs (disabled workers are kept in the file)");
        case IdentColumn:
            return tr(
                "The worker's name in charts, results and thresholds (double-click to rename)");
        case KindColumn:
            return tr("What the worker calls: http, tcp, command or synthetic");
        case RateColumn:
            return tr("The rate profile: constant, ramp, stages or max (closed model)");
        case OvertimeColumn:
            return tr("How many calls may be in flight at once (default: the engine's)");
        case ForceColumn:
            return tr("How many replicas of this worker run");
        }
    }
    return {};
}

} // namespace pusher
