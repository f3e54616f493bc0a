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
class QTimer;

namespace pusher {

// ImportDialog shows a source picker ("curl command line", "HAR file"), the input for it
// (the command line; the HAR file's path, a Browse… button and "Drop static assets"), and
// a read-only preview of the scenario the import makes (its canonical JSON) with the flags
// or entries left out and the notes, refreshed as the input changes (a HAR file's path once
// its typing pauses for kHarPauseMs, or on Return, which reads it and does not import). OK is
// enabled only while the input imports; importResult() is then the import. (result() is
// QDialog's: Accepted or Rejected. This one was named result() too and hid it.)
class ImportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ImportDialog(QWidget* parent = nullptr);
    // The destructor ends the watch on the application's focus first: ~QWidget deletes the
    // children, each focus change that makes would otherwise reach showDefault() on a dialog
    // that is no longer an ImportDialog (UBSan: member call on a QWidget).
    ~ImportDialog() override;

    // kHarPauseMs is how long the typing of a HAR file's path pauses before the file is read.
    static constexpr int kHarPauseMs = 200;

    // importResult is the import the preview shows.
    [[nodiscard]] const ImportResult& importResult() const { return m_result; }
    // harReads counts the times the dialog read a HAR file (for tests: typing a path reads
    // it once the typing pauses, not once a key).
    [[nodiscard]] int harReads() const { return m_harReads; }

signals:
    // previewUpdated is emitted each time the preview and the messages were made again.
    void previewUpdated();

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    // showDefault makes Import the default button where Return imports (focus is where the
    // focus is), and no button the default where Return is the field's own.
    void showDefault(QWidget* focus);
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
    QTimer* m_harTimer = nullptr; // the pause in the typing of the HAR file's path
    int m_harReads = 0;
    ImportResult m_result;
    QMetaObject::Connection m_focusWatch; // QApplication::focusChanged -> showDefault
};

} // namespace pusher
