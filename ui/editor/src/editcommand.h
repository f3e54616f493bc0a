// EditCommand: one undoable edit of the scenario editor.
#pragma once

#include <pusher/scenario/scenario.h>

#include <QHash>
#include <QList>
#include <QString>
#include <QUndoCommand>

#include <functional>
#include <utility>

namespace pusher {

// The thresholds on a flow's steps that another kind took along, by the worker's ident, each
// with its place in the list (ScenarioEditor::m_keptStepThresholds).
using KeptThresholds = QHash<QString, QList<std::pair<qsizetype, QString>>>;

// EditCommand stores the whole scenario before and after an edit: the scenario is a small
// value type, so this is simpler and more robust than a command per kind of change, and
// undo restores exactly the state the user saw. Consecutive edits of the same text field
// (same `field` path, `mergeable`) merge into one command. The step thresholds kept aside
// are part of that state: undoing a rename puts them back under the ident it restores.
class EditCommand : public QUndoCommand {
public:
    using Apply = std::function<void(const Scenario&, const KeptThresholds&, int worker)>;

    EditCommand(Apply apply, Scenario before, Scenario after, KeptThresholds keptBefore,
                KeptThresholds keptAfter, int worker, QString field, bool mergeable,
                const QString& text);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

private:
    Apply m_apply;
    Scenario m_before;
    Scenario m_after;
    KeptThresholds m_keptBefore;
    KeptThresholds m_keptAfter;
    int m_worker;      // the worker selected when the edit was made, -1 for none
    int m_workerAfter; // the worker to select after the edit
    QString m_field;
    bool m_mergeable;

    friend class ScenarioEditor;
};

} // namespace pusher
