// EditCommand: one undoable edit of the scenario editor.
#pragma once

#include <pusher/scenario/scenario.h>

#include <QUndoCommand>

#include <functional>

namespace pusher {

// EditCommand stores the whole scenario before and after an edit: the scenario is a small
// value type, so this is simpler and more robust than a command per kind of change, and
// undo restores exactly the state the user saw. Consecutive edits of the same text field
// (same `field` path, `mergeable`) merge into one command.
class EditCommand : public QUndoCommand {
public:
    using Apply = std::function<void(const Scenario&, int worker)>;

    EditCommand(Apply apply, Scenario before, Scenario after, int worker, QString field,
                bool mergeable, const QString& text);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

private:
    Apply m_apply;
    Scenario m_before;
    Scenario m_after;
    int m_worker;      // the worker selected when the edit was made, -1 for none
    int m_workerAfter; // the worker to select after the edit
    QString m_field;
    bool m_mergeable;

    friend class ScenarioEditor;
};

} // namespace pusher
