#pragma once

#include <QAbstractItemModel>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <utility>

QT_BEGIN_NAMESPACE
class QLabel;
class QTreeView;
QT_END_NAMESPACE

namespace pusher {

// ErrorKind is one kind of error of a run ("refused", "timeout", "http_503", ...): how many,
// and a few sample messages.
struct ErrorKind {
    QString kind;
    qint64 count = 0;
    QStringList samples;
    // workers counts this kind per worker (ident, errors), so that an error is tied to
    // the worker that met it; in the summary table's order (by ident, a flow's steps right
    // after their journey in the flow's order), which breaks the panel's ties of count.
    QList<std::pair<QString, qint64>> workers{};

    bool operator==(const ErrorKind&) const = default;
};

// ErrorsModel is a tree: one top-level row per error kind (kind, count, share of all errors),
// with its sample messages as children.
class ErrorsModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { Kind, Count, Share, Workers, ColumnCount };
    Q_ENUM(Column)
    static constexpr int ValueRole = Qt::UserRole + 1;

    explicit ErrorsModel(QObject* parent = nullptr);

    // setErrors shows kinds, most frequent first. Kinds already shown are updated in place
    // when the set of kinds and their samples' counts are unchanged.
    void setErrors(QList<ErrorKind> kinds);
    void clear();
    QList<ErrorKind> errors() const { return m_kinds; }
    qint64 totalCount() const;

    QModelIndex index(int row, int column,
                      const QModelIndex& parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<ErrorKind> m_kinds;
};

// ErrorsPanel shows a run's errors by kind with sample messages, under a one-line total of
// errors and cancellations.
class ErrorsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ErrorsPanel(QWidget* parent = nullptr);

    // setErrors shows kinds, the run's number of canceled ticks and of calls a stop cut
    // (interrupted: not errors, so not among the kinds).
    // (`notDispatched` of the canceled ticks were never dispatched: due when the run ended).
    void setErrors(const QList<ErrorKind>& kinds, qint64 canceled, qint64 interrupted = 0,
                   qint64 notDispatched = 0);
    void clear();

    ErrorsModel* model() const { return m_model; }
    QTreeView* view() const { return m_view; }
    QString headline() const;
    // workersText lists a kind's workers by count, "api 12, db 3"; equal counts in the
    // order of kind.workers (the summary table's), not by name. A journey's steps, whose
    // errors are the journey's too, follow it in brackets, "j 20 (search 10, add 10)": the
    // numbers outside them add up to the kind's count.
    static QString workersText(const ErrorKind& kind);

signals:
    // errorsChanged is emitted by setErrors and clear with the new totals.
    void errorsChanged(qint64 errors, qint64 canceled);

private:
    ErrorsModel* m_model;
    QTreeView* m_view;
    QLabel* m_headline;
    QSet<QString> m_closedKinds; // kinds the user collapsed
};

} // namespace pusher
