// ImportDialog: File ▸ Import… — a scenario from a curl command line or a HAR file, with a
// live preview of the scenario and of what the import leaves out.
#pragma once

#include <pusher/import/import.h>

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QStackedWidget;

namespace pusher {

// ImportDialog shows a source picker ("curl command line", "HAR file"), the input for it
// (the command line; the HAR file's path, a Browse… button and "Drop static assets"), and
// a read-only preview of the scenario the import makes (its canonical JSON) with the flags
// or entries left out and the notes, refreshed as the input changes. OK is enabled only
// while the input imports; result() is then the import.
class ImportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ImportDialog(QWidget* parent = nullptr);

    // result is the import the preview shows.
    [[nodiscard]] const ImportResult& result() const { return m_result; }

private:
    void refresh();
    void browse();

    QComboBox* m_source = nullptr;
    QStackedWidget* m_inputs = nullptr;
    QPlainTextEdit* m_curl = nullptr;
    QLineEdit* m_harPath = nullptr;
    QCheckBox* m_dropStatic = nullptr;
    QPlainTextEdit* m_preview = nullptr;
    QPlainTextEdit* m_messages = nullptr; // read-only: ignored flags or entries, notes
    QDialogButtonBox* m_buttons = nullptr;
    ImportResult m_result;
};

} // namespace pusher
