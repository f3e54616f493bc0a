// WorkerListModel: the workers of a scenario as a table for the scenario editor.
#pragma once

#include <pusher/scenario/scenario.h>

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QStringList>

namespace pusher {

// WorkerListModel shows a scenario's workers one per row: enabled (checkable), ident
// (editable), target kind, rate summary, overtime and force. The mutating functions that
// stand for a user's action (setData, addWorker, duplicateWorker, removeWorker, moveWorker)
// emit `edited` so the editor can record an undoable command; setWorkers and setProblems
// do not, because the editor calls them to show a state it already has.
class WorkerListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        EnabledColumn,
        IdentColumn,
        KindColumn,
        RateColumn,
        OvertimeColumn,
        ForceColumn,
        ColumnCount
    };

    explicit WorkerListModel(QObject* parent = nullptr);

    // workers is the list the model shows.
    [[nodiscard]] const QList<WorkerSpec>& workers() const noexcept { return m_workers; }
    // setWorkers replaces the list, emitting the smallest change it can find (rows
    // inserted, removed or changed between a common head and tail) so views keep their
    // selection and scroll position across undo and redo.
    void setWorkers(const QList<WorkerSpec>& workers);

    // addWorker appends `worker` (a default synthetic worker when its ident is empty),
    // making its ident unique, and returns its row.
    int addWorker(WorkerSpec worker = {});
    // duplicateWorker inserts a copy of `row` below it, named "<ident> copy" (or
    // "<ident> copy 2", ...), and returns the new row, or -1 for a bad row.
    int duplicateWorker(int row);
    // removeWorker removes `row`; false for a bad row.
    bool removeWorker(int row);
    // moveWorker moves `from` so that it ends up at row `to`; false when either is out of
    // range or they are equal.
    bool moveWorker(int from, int to);

    // Mark is what a row's ident shows: nothing, a warning sign (the worker has warnings,
    // Scenario::warnings, and runs) or a red stop sign (it has a problem and cannot run), the
    // icons of the editor's problems list.
    enum class Mark { None, Warning, Problem };

    // setProblems marks rows: `problems` and `warnings` map a row to the validator's
    // messages about that worker, shown as an icon (mark()) and, problems first, then
    // warnings ("Warning: …"), as the ident's tooltip.
    void setProblems(const QHash<int, QStringList>& problems,
                     const QHash<int, QStringList>& warnings = {});
    // mark is the row's mark: Problem when it has a problem, else Warning when it has a
    // warning.
    [[nodiscard]] Mark mark(int row) const;

    // uniqueIdent returns `base`, or `base` followed by " 2", " 3", ... when a worker
    // already has that ident.
    [[nodiscard]] QString uniqueIdent(const QString& base) const;
    // rateSummary describes a rate profile in a few characters: "200 rps", "0→500 rps",
    // "stages ≤500 rps", "max".
    static QString rateSummary(const RateSpec& rate);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool removeRows(int row, int count, const QModelIndex& parent = {}) override;
    bool moveRows(const QModelIndex& sourceParent, int sourceRow, int count,
                  const QModelIndex& destinationParent, int destinationChild) override;

signals:
    // edited is emitted after a change made on the user's behalf; `label` names it for
    // the undo history ("Add worker").
    void edited(const QString& label);

private:
    bool isRow(const QModelIndex& index) const;

    QList<WorkerSpec> m_workers;
    QHash<int, QStringList> m_problems;
    QHash<int, QStringList> m_warnings;
};

} // namespace pusher
