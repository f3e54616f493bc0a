#include "pusher/ui/importdialog.h"

#include <pusher/io/files.h>

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QKeyEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTextDocument>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace pusher {

ImportDialog::ImportDialog(QWidget* parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(tr("Import a Scenario"));
    // A focused text box is framed in the highlight, as Fusion frames a focused line edit.
    // It drew none round a text box: the cursor alone showed the focus, and the read-only
    // preview and notes have none, so Tab to them seemed to go nowhere.
    setStyleSheet(QStringLiteral("QPlainTextEdit:focus { border: 1px solid palette(highlight); }"));

    m_source = new QComboBox(this);
    m_source->setObjectName(QStringLiteral("importSource"));
    m_source->addItems({tr("curl command line"), tr("HAR file")});

    m_curl = new QPlainTextEdit(this);
    m_curl->setObjectName(QStringLiteral("curlCommand"));
    m_curl->setPlaceholderText(
        tr("curl -X POST -H 'Content-Type: application/json' -d '{\"a\": 1}' "
           "http://127.0.0.1:8080/api"));
    m_curl->setTabChangesFocus(true);

    auto* har = new QWidget(this);
    m_harPath = new QLineEdit(har);
    m_harPath->setObjectName(QStringLiteral("harPath"));
    m_harPath->setPlaceholderText(tr("path of a .har file"));
    auto* browseButton = new QPushButton(tr("&Browse…"), har);
    m_dropStatic = new QCheckBox(tr("&Drop static assets (images, fonts, CSS, scripts)"), har);
    m_dropStatic->setObjectName(QStringLiteral("dropStatic"));
    auto* harRow = new QHBoxLayout;
    harRow->addWidget(m_harPath, 1);
    harRow->addWidget(browseButton);
    auto* harLayout = new QVBoxLayout(har);
    harLayout->setContentsMargins(0, 0, 0, 0);
    harLayout->addLayout(harRow);
    harLayout->addWidget(m_dropStatic);

    m_inputs = new QStackedWidget(this);
    m_inputs->addWidget(m_curl);
    m_inputs->addWidget(har);
    // Each page as high as it needs: the command line 120 px, the HAR page its path and
    // Drop static assets. A stack of 120 px for both left an empty band of some 60 px under
    // the HAR page, above "Preview:", that the preview now has.
    const auto fitInputs = [this, har] {
        if (m_inputs->currentWidget() == har) {
            m_inputs->setFixedHeight(har->sizeHint().height());
        } else {
            m_inputs->setMinimumHeight(0);
            m_inputs->setMaximumHeight(120);
        }
    };
    fitInputs();

    m_preview = new QPlainTextEdit(this);
    m_preview->setObjectName(QStringLiteral("importPreview"));
    m_preview->setReadOnly(true);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // What the import leaves out and its notes: a box of its own, four lines high, that
    // scrolls. A label grew with its text: a HAR with 80 entries that are no http(s) request
    // (data: URLs) made the dialog 1370 px high, the preview squeezed and Import off screen.
    m_messages = new QPlainTextEdit(this);
    m_messages->setObjectName(QStringLiteral("importMessages"));
    m_messages->setReadOnly(true);
    m_messages->setTabChangesFocus(true);
    // With nothing to say it was an empty, unlabelled frame under the preview.
    m_messages->setPlaceholderText(tr("Nothing to note"));
    m_messages->setFixedHeight(4 * m_messages->fontMetrics().lineSpacing() +
                               2 * m_messages->frameWidth() +
                               2 * int(std::ceil(m_messages->document()->documentMargin())));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Import"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Source:"), m_source);
    // Its own letter: "&Input:" shared Alt+I with Import, so Alt+I did neither. The pages'
    // stack takes no focus itself: Alt+N goes to the shown page's field.
    auto* inputLabel = new QLabel(tr("I&nput:"), this);
    inputLabel->setBuddy(m_curl);
    form->addRow(inputLabel, m_inputs);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    // Named to a screen reader by their labels (the preview's) or their own names.
    auto* previewLabel = new QLabel(tr("Preview:"), this);
    previewLabel->setBuddy(m_preview);
    m_messages->setAccessibleName(tr("Import notes"));
    // Input's label is no name for them: Qt looks for a field's label beside it, and these
    // are in the pages' stack.
    m_curl->setAccessibleName(tr("curl command line"));
    m_harPath->setAccessibleName(tr("HAR file path"));
    layout->addWidget(previewLabel);
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_messages);
    layout->addWidget(m_buttons);
    resize(720, 560);

    connect(m_source, &QComboBox::currentIndexChanged, this,
            [this, inputLabel, fitInputs](int index) {
                m_inputs->setCurrentIndex(index);
                fitInputs();
                inputLabel->setBuddy(index == 0 ? static_cast<QWidget*>(m_curl) : m_harPath);
                refresh();
            });
    connect(m_curl, &QPlainTextEdit::textChanged, this, &ImportDialog::refresh);
    // The HAR file is read once the typing of its path pauses (or on Return), not on every
    // key: each keystroke read the file (up to 256 MiB) again, a prefix of the path at that.
    // Until then the preview shows the last path read and Import waits.
    m_harTimer = new QTimer(this);
    m_harTimer->setSingleShot(true);
    m_harTimer->setInterval(kHarPauseMs);
    connect(m_harTimer, &QTimer::timeout, this, &ImportDialog::refresh);
    connect(m_harPath, &QLineEdit::textChanged, this, [this] {
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
        m_harTimer->start();
    });
    connect(m_dropStatic, &QCheckBox::toggled, this, &ImportDialog::refresh);
    connect(browseButton, &QPushButton::clicked, this, &ImportDialog::browse);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        // A path typed a moment ago is read before it is imported.
        if (m_harTimer->isActive())
            refresh();
        if (m_buttons->button(QDialogButtonBox::Ok)->isEnabled())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Import is drawn as the default button only where Return imports (see showDefault).
    m_focusWatch = connect(qApp, &QApplication::focusChanged, this,
                           [this](QWidget*, QWidget* now) { showDefault(now); });
    m_curl->setFocus();
    refresh();
}

ImportDialog::~ImportDialog() {
    disconnect(m_focusWatch);
}

void ImportDialog::showEvent(QShowEvent* event) {
    QDialog::showEvent(event); // after the button box made Import the default as it showed
    showDefault(focusWidget());
}

void ImportDialog::showDefault(QWidget* focus) {
    // The default button is the one Return clicks, and it is drawn so. Return in the command
    // line is a new line, in the HAR file's path it reads the file (keyPressEvent): there no
    // button is the default; Import stayed drawn as it, saying Return imports. A button with
    // the focus is the default itself (Return clicks it: Browse…, Cancel); anywhere else
    // (the source, Drop static assets, the preview) Return imports, and Import is the default.
    if (!focus || focus->window() != this)
        return;
    QPushButton* import = m_buttons->button(QDialogButtonBox::Ok);
    if (focus == m_curl || focus == m_harPath) {
        import->setDefault(false);
    } else {
        const auto* button = qobject_cast<QPushButton*>(focus);
        if (!button || !button->autoDefault())
            import->setDefault(true);
    }
}

void ImportDialog::keyPressEvent(QKeyEvent* event) {
    // Return in the HAR file's path reads the file into the preview (again, if it was read
    // already: it may have changed) and leaves the dialog open. As the dialog's default key it
    // imported at once, a file the user had not seen the preview of (typed and Return before
    // the typing's pause was over, the preview still showed the file before). Import is a
    // click, Alt+I, or Return on the Import button.
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && m_inputs->currentIndex() == 1 && focusWidget() == m_harPath &&
        (event->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier) {
        refresh();
        event->accept();
        return;
    }
    QDialog::keyPressEvent(event);
}

void ImportDialog::browse() {
    QFileDialog dialog(this, tr("Import a HAR file"), QFileInfo(m_harPath->text()).path(),
                       tr("HAR files (*.har);;All files (*)"));
    dialog.setObjectName(QStringLiteral("fileDialog"));
    dialog.setFileMode(QFileDialog::ExistingFile);
    if (dialog.exec() == QDialog::Accepted && !dialog.selectedFiles().isEmpty()) {
        m_harPath->setText(dialog.selectedFiles().constFirst());
        refresh(); // chosen, not typed: read at once
    }
}

void ImportDialog::refresh() {
    m_harTimer->stop();
    const bool curl = m_source->currentIndex() == 0;
    m_result = ImportResult();
    QString empty;
    if (curl) {
        const QString line = m_curl->toPlainText().trimmed();
        if (line.isEmpty())
            empty = tr("Paste a curl command line (a browser's \"Copy as cURL\" works).");
        else
            m_result = importCurl(line);
    } else {
        const QString path = m_harPath->text().trimmed();
        if (path.isEmpty()) {
            empty = tr("Choose a HAR file (a browser's \"Save all as HAR\").");
        } else {
            QString why;
            ++m_harReads;
            const auto text = readFileBounded(path, 256LL * 1024 * 1024, &why);
            if (!text) {
                m_result.error = why;
            } else {
                HarOptions options;
                options.dropStatic = m_dropStatic->isChecked();
                m_result = importHar(*text, options, path);
            }
        }
    }
    if (!empty.isEmpty())
        m_result.error = empty;
    const bool ok = empty.isEmpty() && m_result.ok();
    m_preview->setPlainText(ok ? QString::fromUtf8(m_result.scenario.toJson()) : QString());
    QStringList lines;
    if (!ok && empty.isEmpty())
        lines.append(tr("Cannot import: %1").arg(m_result.error));
    else if (!ok)
        lines.append(empty);
    for (const QString& l : std::as_const(m_result.ignored))
        lines.append(tr("Ignored: %1").arg(l));
    for (const QString& l : std::as_const(m_result.notes))
        lines.append(tr("Note: %1").arg(l));
    m_messages->setPlainText(lines.join(QLatin1Char('\n')));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
    emit previewUpdated();
}

} // namespace pusher
