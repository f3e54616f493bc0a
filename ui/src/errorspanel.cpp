#include <pusher/ui/errorspanel.h>

#include <pusher/intervalrecorder.h>

#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace pusher {

// Top-level rows (kinds) have internal id 0; a sample's internal id is its kind's row + 1.

ErrorsModel::ErrorsModel(QObject* parent)
    : QAbstractItemModel(parent) {}

qint64 ErrorsModel::totalCount() const {
    qint64 total = 0;
    for (const ErrorKind& k : m_kinds)
        total += k.count;
    return total;
}

void ErrorsModel::setErrors(QList<ErrorKind> kinds) {
    std::stable_sort(kinds.begin(), kinds.end(), [](const ErrorKind& a, const ErrorKind& b) {
        return a.count != b.count ? a.count > b.count : a.kind < b.kind;
    });
    bool sameShape = kinds.size() == m_kinds.size();
    for (qsizetype i = 0; sameShape && i < kinds.size(); ++i)
        sameShape = kinds[i].kind == m_kinds[i].kind &&
                    kinds[i].samples.size() == m_kinds[i].samples.size();
    if (!sameShape) {
        beginResetModel();
        m_kinds = std::move(kinds);
        endResetModel();
        return;
    }
    const qint64 oldTotal = totalCount();
    for (qsizetype i = 0; i < kinds.size(); ++i) {
        if (kinds[i] == m_kinds[i])
            continue;
        const bool samplesChanged = kinds[i].samples != m_kinds[i].samples;
        m_kinds[i] = kinds[i];
        emit dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
        if (samplesChanged && !kinds[i].samples.isEmpty()) {
            const QModelIndex parent = index(int(i), 0);
            emit dataChanged(index(0, 0, parent),
                             index(int(kinds[i].samples.size()) - 1, ColumnCount - 1, parent));
        }
    }
    // Every share depends on the total.
    if (oldTotal != totalCount() && !m_kinds.isEmpty())
        emit dataChanged(index(0, Share), index(int(m_kinds.size()) - 1, Share));
}

void ErrorsModel::clear() {
    beginResetModel();
    m_kinds.clear();
    endResetModel();
}

QModelIndex ErrorsModel::index(int row, int column, const QModelIndex& parent) const {
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0));
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex ErrorsModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int ErrorsModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid())
        return int(m_kinds.size());
    if (parent.internalId() != 0 || parent.column() != 0)
        return 0;
    return int(m_kinds[parent.row()].samples.size());
}

int ErrorsModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

QVariant ErrorsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() != 0) {
        const ErrorKind& k = m_kinds[int(index.internalId() - 1)];
        if (index.column() == Kind &&
            (role == Qt::DisplayRole || role == Qt::ToolTipRole || role == ValueRole))
            return k.samples[index.row()];
        return {};
    }
    const ErrorKind& k = m_kinds[index.row()];
    const qint64 total = totalCount();
    const double share = total > 0 ? double(k.count) / double(total) : 0.0;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Kind:
            return k.kind;
        case Count:
            return QLocale().toString(k.count);
        case Share:
            return QString(QLocale().toString(share * 100, 'f', 1) + QStringLiteral(" %"));
        case Workers:
            return ErrorsPanel::workersText(k);
        }
        return {};
    case ValueRole:
        switch (index.column()) {
        case Kind:
            return k.kind;
        case Count:
            return k.count;
        case Share:
            return share;
        case Workers:
            return ErrorsPanel::workersText(k);
        }
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == Kind ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                      : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        return k.samples.isEmpty() ? QVariant() : QVariant(k.samples.join(QLatin1Char('\n')));
    default:
        return {};
    }
}

QVariant ErrorsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
        section >= ColumnCount)
        return {};
    switch (section) {
    case Kind:
        return tr("Kind / sample message");
    case Count:
        return tr("Count");
    case Share:
        return tr("Share");
    case Workers:
        return tr("Workers");
    }
    return {};
}

ErrorsPanel::ErrorsPanel(QWidget* parent)
    : QWidget(parent)
    , m_model(new ErrorsModel(this))
    , m_view(new QTreeView(this))
    , m_headline(new QLabel(this)) {
    m_view->setModel(m_model);
    m_view->setAccessibleName(tr("Errors")); // an item view's only name for a screen reader
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setRootIsDecorated(true);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(ErrorsModel::Kind, QHeaderView::Stretch);
    m_view->header()->setSectionResizeMode(ErrorsModel::Count, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(ErrorsModel::Share, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(ErrorsModel::Workers, QHeaderView::ResizeToContents);
    m_headline->setObjectName(QStringLiteral("errorsHeadline"));
    m_headline->setContentsMargins(4, 2, 4, 2);
    // It wraps: on one line, the counts of a run with errors, canceled and undispatched ticks
    // and calls cut by Stop asked for 900 px, and a 1024 px window grew to 1269 px for it.
    m_headline->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_headline);
    layout->addWidget(m_view);
    // Samples show at once: each kind opens when it appears (the model resets whenever kinds
    // come, go or reorder), except the kinds the user closed.
    // A sample message has the row's whole width: its other cells are empty, and in the
    // kind column alone it was cut ("HTTP 50x Service Unavailable from …") as soon as the
    // workers column took its room. (Samples change only with a reset: their count is part
    // of the model's shape.)
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const QModelIndex kind = m_model->index(row, ErrorsModel::Kind);
            for (int sample = 0; sample < m_model->rowCount(kind); ++sample)
                m_view->setFirstColumnSpanned(sample, kind, true);
            if (!m_closedKinds.contains(kind.data(ErrorsModel::ValueRole).toString()))
                m_view->expand(kind);
        }
    });
    connect(m_view, &QTreeView::collapsed, this, [this](const QModelIndex& kind) {
        m_closedKinds.insert(kind.data(ErrorsModel::ValueRole).toString());
    });
    connect(m_view, &QTreeView::expanded, this, [this](const QModelIndex& kind) {
        m_closedKinds.remove(kind.data(ErrorsModel::ValueRole).toString());
    });
    clear();
}

void ErrorsPanel::setErrors(const QList<ErrorKind>& kinds, qint64 canceled, qint64 interrupted,
                            qint64 notDispatched) {
    m_model->setErrors(kinds);
    const QLocale locale;
    const qint64 errors = m_model->totalCount();
    const int kindCount = m_model->rowCount();
    const QString errorsText =
        errors == 0 ? tr("No errors")
                    : (errors == 1 ? tr("1 error") : tr("%1 errors").arg(locale.toString(errors))) +
                          (kindCount == 1 ? tr(" of 1 kind") : tr(" of %1 kinds").arg(kindCount));
    // Canceled ticks are not errors: ticks the worker skipped because every overtime slot
    // was busy (the summary's Canceled column), and ticks the engine never dispatched
    // because the run ended while it was behind (a machine that could not keep up).
    const qint64 overtimeFull = std::max<qint64>(0, canceled - notDispatched);
    const QString canceledText =
        overtimeFull == 1
            ? tr("1 tick canceled (overtime full)")
            : tr("%1 ticks canceled (overtime full)").arg(locale.toString(overtimeFull));
    const QString notDispatchedText =
        notDispatched <= 0   ? QString()
        : notDispatched == 1 ? tr(", 1 tick not dispatched (the machine fell behind)")
                             : tr(", %1 ticks not dispatched (the machine fell behind)")
                                   .arg(locale.toString(notDispatched));
    // Calls cut by Stop are their own outcome, neither errors nor canceled ticks.
    const QString interruptedText =
        interrupted <= 0 ? QString()
        : interrupted == 1
            ? tr(", 1 call cut by Stop (not an error)")
            : tr(", %1 calls cut by Stop (not errors)").arg(locale.toString(interrupted));
    m_headline->setText(errorsText + QStringLiteral(", ") + canceledText + notDispatchedText +
                        interruptedText);
    emit errorsChanged(m_model->totalCount(), canceled);
}

void ErrorsPanel::clear() {
    m_model->clear();
    m_headline->setText(tr("No errors"));
    emit errorsChanged(0, 0);
}

QString ErrorsPanel::workersText(const ErrorKind& kind) {
    // A flow step's errors are its journey's too (the journey failed at that step), and
    // the kind's count sums the workers only (results-format.md, Flow steps): listed beside
    // their journey, "j 20, j/search 10, j/add 10", the column added up to more than the
    // kind's count. Steps are named in brackets after their journey, "j 20 (search 10,
    // add 10)", so that the numbers outside the brackets add up to the count.
    // Most first; equal counts keep the summary table's order (a journey, then its steps in
    // the flow's order), where a map's put "j-b" between "j" and "j/pay" and a flow's steps
    // by name.
    const auto mostFirst = [](QList<std::pair<QString, qint64>>& list) {
        std::stable_sort(list.begin(), list.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
    };
    QList<std::pair<QString, qint64>> workers;
    QHash<QString, QList<std::pair<QString, qint64>>> steps; // by journey
    for (const auto& [ident, count] : kind.workers) {
        if (count <= 0)
            continue;
        if (isStepSeries(ident))
            steps[ident.left(ident.indexOf(QLatin1Char('/')))].append({ident, count});
        else
            workers.append({ident, count});
    }
    // A step whose journey is not listed (none met this kind) stands on its own.
    for (auto it = steps.begin(); it != steps.end();) {
        const QString& journey = it.key();
        if (std::any_of(workers.cbegin(), workers.cend(),
                        [&](const auto& w) { return w.first == journey; })) {
            ++it;
            continue;
        }
        workers += it.value();
        it = steps.erase(it);
    }
    mostFirst(workers);
    const QLocale locale;
    QStringList parts;
    for (const auto& [ident, count] : workers) {
        QString part = QStringLiteral("%1 %2").arg(ident, locale.toString(count));
        if (auto it = steps.find(ident); it != steps.end()) {
            mostFirst(it.value());
            QStringList inner;
            for (const auto& [step, n] : std::as_const(it.value()))
                inner.append(
                    QStringLiteral("%1 %2").arg(step.mid(ident.size() + 1), locale.toString(n)));
            part += QStringLiteral(" (%1)").arg(inner.join(QStringLiteral(", ")));
        }
        parts.append(part);
    }
    return parts.join(QStringLiteral(", "));
}

QString ErrorsPanel::headline() const {
    return m_headline->text();
}

} // namespace pusher
