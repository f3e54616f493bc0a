#include "editcommand.h"

#include <utility>

namespace pusher {

EditCommand::EditCommand(Apply apply, Scenario before, Scenario after, KeptThresholds keptBefore,
                         KeptThresholds keptAfter, int worker, QString field, bool mergeable,
                         const QString& text)
    : m_apply(std::move(apply))
    , m_before(std::move(before))
    , m_after(std::move(after))
    , m_keptBefore(std::move(keptBefore))
    , m_keptAfter(std::move(keptAfter))
    , m_worker(worker)
    , m_workerAfter(worker)
    , m_field(std::move(field))
    , m_mergeable(mergeable) {
    setText(text);
}

void EditCommand::undo() {
    m_apply(m_before, m_keptBefore, m_worker);
}

void EditCommand::redo() {
    m_apply(m_after, m_keptAfter, m_workerAfter);
}

int EditCommand::id() const {
    return m_mergeable ? 1 : -1;
}

bool EditCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = static_cast<const EditCommand*>(other);
    if (!next->m_mergeable || next->m_field != m_field || next->m_before != m_after)
        return false;
    m_after = next->m_after;
    m_keptAfter = next->m_keptAfter;
    m_workerAfter = next->m_workerAfter;
    // Typing a field back to what it was leaves nothing to undo.
    setObsolete(m_after == m_before && m_keptAfter == m_keptBefore);
    return true;
}

} // namespace pusher
