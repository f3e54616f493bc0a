#include <pusher/ui/thresholdspanel.h>

#include <pusher/scenario/threshold.h>
#include <pusher/ui/summarymodel.h>

#include <QBrush>
#include <QFont>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

namespace pusher {

ThresholdsModel::ThresholdsModel(QObject* parent)
    : QAbstractTableModel(parent) {}

void ThresholdsModel::setThresholds(const QList<ThresholdResult>& thresholds, bool final,
                                    const QSet<QString>& withCalls) {
    m_withCalls = withCalls;
    bool same = thresholds.size() == m_rows.size();
    for (qsizetype i = 0; same && i < thresholds.size(); ++i)
        same = thresholds[i].expr == m_rows[i].expr;
    if (!same) {
        beginResetModel();
        m_rows = thresholds;
        m_final = final;
        endResetModel();
        return;
    }
    m_rows = thresholds;
    m_final = final;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, Measured), index(rowCount() - 1, Verdict));
}

QString ThresholdsModel::measuredText(const ThresholdResult& t, bool final, bool calls) {
    const std::optional<pusher::Threshold> parsed = pusher::Threshold::parse(t.expr);
    if (!std::isfinite(t.value)) {
        // After the run, nothing measured is why the threshold did not hold (scenario-format.md).
        if (!final)
            return QStringLiteral("–");
        if (parsed && parsed->metric == pusher::Threshold::Metric::CanceledRate)
            return tr("no ticks");
        // Calls, but none took a time: a flow step whose requests never went out.
        return calls && parsed && parsed->isLatency() ? tr("no latency measured") : tr("no calls");
    }
    const QLocale locale;
    if (parsed && parsed->isLatency())
        return SummaryModel::formatMs(t.value);
    if (parsed && parsed->isRatio())
        return locale.toString(t.value * 100, 'f', t.value < 0.1 ? 2 : 1) + QStringLiteral(" %");
    return locale.toString(t.value, 'f', t.value < 100 ? 1 : 0) + tr(" calls/s");
}

QString ThresholdsModel::verdictText(const ThresholdResult& t, bool final) {
    if (final)
        return t.passed ? tr("held") : tr("did not hold");
    if (!std::isfinite(t.value))
        return tr("not measured yet");
    return t.passed ? tr("holding") : tr("not holding");
}

int ThresholdsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ThresholdsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ThresholdsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ThresholdResult& t = m_rows[index.row()];
    const bool known = std::isfinite(t.value);
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Threshold:
            return t.expr;
        case Measured:
            return measuredText(t, m_final, m_withCalls.contains(t.expr));
        case Verdict:
            return verdictText(t, m_final);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Verdict && (m_final || known))
            return QBrush(t.passed ? QColor(0x2a, 0x7d, 0x2a) : QColor(0xc6, 0x28, 0x28));
        return {};
    case Qt::FontRole:
        if (index.column() == Verdict && m_final) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == Measured ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                          : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (index.column() == Threshold) // whole, should the table be too narrow for it
            return t.expr;
        if (index.column() == Measured)
            return m_final ? tr("Measured over the whole run (latencies: response time)")
                           : tr("Measured on the run so far (latencies: response time)");
        return {};
    default:
        return {};
    }
}

QVariant ThresholdsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Threshold:
        return tr("Threshold");
    case Measured:
        return tr("Measured");
    case Verdict:
        return tr("Holds");
    case ColumnCount:
        break;
    }
    return {};
}

ThresholdsPanel::ThresholdsPanel(QWidget* parent)
    : QWidget(parent)
    , m_model(new ThresholdsModel(this))
    , m_view(new QTableView(this))
    , m_empty(new QLabel(tr("The scenario sets no thresholds (the editor's Thresholds field "
                            "takes lines like \"api.p99 < 100ms\")."),
                         this)) {
    m_view->setModel(m_model);
    m_view->setAccessibleName(tr("Thresholds")); // an item view's only name for a screen reader
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setTabKeyNavigation(false); // Tab leaves the table, as in the summary
    m_view->setWordWrap(false);
    // The threshold, the text a person reads, takes the room; Measured and Holds are as wide
    // as their text. (Holds, the last section, stretched over most of the width while the
    // threshold was as narrow as its longest line.)
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(ThresholdsModel::Threshold,
                                                     QHeaderView::Stretch);
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_empty->setWordWrap(true);
    m_empty->setEnabled(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_empty);
    layout->addWidget(m_view);
    auto update = [this] {
        m_empty->setVisible(m_model->rowCount() == 0);
        m_view->setVisible(m_model->rowCount() > 0);
    };
    connect(m_model, &QAbstractItemModel::modelReset, this, update);
    update();
}

} // namespace pusher
