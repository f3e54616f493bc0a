#include <pusher/ui/appcontroller.h>

#include <pusher/editor/scenarioeditor.h>
#include <pusher/exports.h>
#include <pusher/io/files.h>
#include <pusher/scenario/threshold.h>
#include <pusher/scenario/typed.h>
#include <pusher/ui/errorspanel.h>
#include <pusher/ui/importdialog.h>
#include <pusher/ui/mainwindow.h>
#include <pusher/ui/runcontroller.h>
#include <pusher/ui/rundata.h>
#include <pusher/ui/runview.h>
#include <pusher/ui/summarymodel.h>
#include <pusher/ui/thresholdspanel.h>

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QBuffer>
#include <QDoubleSpinBox>
#include <QEventLoop>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontMetrics>
#include <QFormLayout>
#include <QHash>
#include <QJsonArray>
#include <QKeyEvent>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QApplication>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStatusBar>
#include <QSocketNotifier>
#include <QTimer>
#include <QUndoStack>

#include <algorithm>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <functional>
#include <unistd.h>

namespace pusher {

namespace {

// makeFolder makes `folder` and the folders above it that are missing. When it cannot,
// `why` says which folder and why: "…/runs: cannot create the folder: Read-only file
// system", or that a file stands where a folder would ("…/not-a-folder is a file, not a
// folder"). It said "cannot create the folder" and no more.
bool makeFolder(const QString& folder, QString* why) {
    if (!folder.isEmpty() && QDir().mkpath(folder))
        return true;
    const QString shown = QDir::toNativeSeparators(folder);
    const auto fail = [&](const QString& reason) {
        *why = QCoreApplication::translate("AppController", "%1: cannot create the folder: %2")
                   .arg(shown, reason);
        return false;
    };
    if (folder.isEmpty())
        return fail(QCoreApplication::translate("AppController", "no folder for it is known"));
    // The deepest part that is there: a file in the way, or the folder below it that cannot
    // be made (with the system's reason).
    QString missing = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    QString there = QFileInfo(missing).path();
    for (int hops = 0; hops < 256 && !QFileInfo::exists(there) && there != missing; ++hops) {
        missing = there;
        there = QFileInfo(there).path();
    }
    if (QFileInfo::exists(there) && !QFileInfo(there).isDir())
        return fail(QCoreApplication::translate("AppController", "%1 is a file, not a folder")
                        .arg(QDir::toNativeSeparators(there)));
    if (QFileInfo(folder).exists() && !QFileInfo(folder).isDir())
        return fail(QCoreApplication::translate("AppController", "a file of that name is there"));
    if (::mkdir(QFile::encodeName(missing).constData(), 0777) != 0 && errno != EEXIST)
        return fail(QString::fromLocal8Bit(std::strerror(errno)));
    return fail(QCoreApplication::translate("AppController", "it could not be made"));
}

const QString kDemoPath = QStringLiteral(":/scenarios/demo.json");
bool recoveredResults(const QString& path); // below, with the kept runs' HeadReader
// partRanText is a part's "Ran" cell in the Ranks tab, how it ended: in English the CLI's
// ranks table's words (partRan: "0.75 s of 3600 s, recovered", "12.30 s of 30 s, stopped",
// "30.10 s", "-" when not known), here translatable and in the window's number format, the
// locale's, as the summary and the status bar write numbers ("of 3,600 s" in English, where
// the status bar said "of its planned 3,600 s" of the same run). Whole sentences, so that a
// translation can order them.
QString partRanText(const PartResults& p) {
    if (!p.endedKnown())
        return QStringLiteral("-");
    const QLocale locale;
    const QString ran = locale.toString(p.durationS, 'f', 2);
    if (p.ranItsCourse())
        return AppController::tr("%1 s").arg(ran);
    if (!(p.plannedS > 0))
        return (p.recovered ? AppController::tr("%1 s, recovered")
                            : AppController::tr("%1 s, stopped"))
            .arg(ran);
    // Stopped (or recovered) after the ticks' end, while its calls in flight drained: past
    // its plan, not a part of it.
    const bool past = p.durationS > p.plannedS + 1e-6;
    const QString text = p.recovered ? (past ? AppController::tr("%1 s, past %2 s, recovered")
                                             : AppController::tr("%1 s of %2 s, recovered"))
                                     : (past ? AppController::tr("%1 s, past %2 s, stopped")
                                             : AppController::tr("%1 s of %2 s, stopped"));
    return text.arg(ran, locale.toString(p.plannedS));
}
// ranksRan is the Ranks tab's "Ran" cell of each of `ranks`, how it ended, from its part in
// `results` (the same rank, of a distributed run; partRanText), "-" when not known.
QStringList ranksRan(const QList<RankProgress>& ranks, const RunResults& results) {
    QStringList ran;
    for (const RankProgress& r : ranks) {
        const auto part = std::ranges::find_if(
            results.parts, [&r](const PartResults& p) { return p.rank == r.rank; });
        ran.append(part == results.parts.end() ? QStringLiteral("-") : partRanText(*part));
    }
    return ran;
}
// kQuitWaitMs bounds the wait for a run's end when the app quits (Stop returns promptly).
constexpr int kQuitWaitMs = 5000;

// RateBox is a worker's live rate box (Live Rates). It keeps what is typed as typed and,
// on Return or when the focus leaves, says what is wrong with a rate it cannot take before
// going back to the rate in force: a plain QDoubleSpinBox dropped the keys it did not
// like, so "1e9" became 19 rps, set at once without a word, and "abc" or "-5" did
// nothing visible.
//
// It holds a rate to 3 decimals, as the editor's rate boxes do, and shows it without the
// zeros after them ("0.25 rps", "200 rps"). With one decimal the box rounded what was typed
// without a word: "0.25" was set as 0.3 calls/s, and "0.04" showed 0.0. A rate that 3
// decimals round to 0 is refused.
class RateBox : public QDoubleSpinBox {
public:
    static constexpr int kDecimals = 3;
    std::function<void(const QString&)> rejected;

    // Numbers in the C locale, as the editor's rate boxes and the files show them: with the
    // system's, a decimal comma's locale showed "0,25 rps" beside the editor's "0.25 rps",
    // and read "1.500" as 1500 where the editor reads 1.5.
    RateBox() {
        setLocale(QLocale::c());
        setDecimals(kDecimals);
    }

    // problem is why text (the box's text, its suffix or not) is no rate, or empty.
    QString problem(const QString& text) const {
        QString why;
        bool ok = false;
        const double rps = parse(text, &ok, &why);
        const QString typed = bare(text);
        if (typed.isEmpty())
            return tr("no rate typed (calls per second, e.g. 250)");
        if (!ok && why != QStringLiteral("\"%1\" is not a number").arg(typed))
            return why; // "1,500" is ambiguous: it says how to write each reading
        if (!ok || !std::isfinite(rps))
            return tr("\"%1\" is not a rate (calls per second, e.g. 250)").arg(typed);
        if (rps <= 0)
            return tr("%1: a rate must be more than 0 calls/s").arg(typed);
        if (std::round(rps * std::pow(10.0, kDecimals)) < 1)
            return tr("%1 calls/s is too small (at least %2)")
                .arg(typed, locale().toString(std::pow(10.0, -kDecimals), 'f', kDecimals));
        if (rps > maximum())
            return tr("%1 calls/s is too large (at most %2)")
                .arg(typed, locale().toString(maximum(), 'f', 0));
        return {};
    }

    // textFromValue leaves out the zeros after the last decimal that counts: "0.25 rps",
    // "200 rps".
    QString textFromValue(double value) const override {
        QString text = QDoubleSpinBox::textFromValue(value);
        const QString point = locale().decimalPoint();
        if (text.contains(point)) {
            while (text.endsWith(QLatin1Char('0')))
                text.chop(1);
            if (text.endsWith(point))
                text.chop(point.size());
        }
        return text;
    }

protected:
    QValidator::State validate(QString& text, int&) const override {
        return problem(text).isEmpty() ? QValidator::Acceptable : QValidator::Intermediate;
    }
    // QDoubleSpinBox's took the locale's group separator out on Return ("1,500" became
    // 1500, and under German "1.500" did): the text is read as typed.
    void fixup(QString&) const override {}
    double valueFromText(const QString& text) const override {
        bool ok = false;
        const double rps = parse(text, &ok);
        return ok ? rps : value();
    }
    // Esc in a rate being typed gives the typing up: the box shows the rate in force again.
    // It went to Stop (Esc), whose question then left the typing in the box, to be set when
    // the focus left it. Esc in a box not being typed in is still Stop.
    bool event(QEvent* event) override {
        if (event->type() == QEvent::ShortcutOverride && isEscape(event) && edited()) {
            event->accept();
            return true;
        }
        return QDoubleSpinBox::event(event);
    }
    void keyPressEvent(QKeyEvent* event) override {
        if (isEscape(event) && edited()) {
            setValue(value()); // its text again, no signal: the value is the same
            selectAll();
            event->accept();
            return;
        }
        if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
            check();
        QDoubleSpinBox::keyPressEvent(event);
    }
    void focusOutEvent(QFocusEvent* event) override {
        check();
        QDoubleSpinBox::focusOutEvent(event);
    }

private:
    QString bare(QString text) const {
        // The box keeps its suffix after what is typed: "75 rps" typed shows "75 rps rps".
        const QString unit = suffix().trimmed();
        text = text.trimmed();
        while (!unit.isEmpty() && text.endsWith(unit, Qt::CaseInsensitive))
            text = text.chopped(unit.size()).trimmed();
        return text;
    }
    // parse reads the rate as the editor's RPS box and a stage's cell do (readNumber): "1,5"
    // is 1.5, "1,500" is no rate (ambiguous), whatever the system's locale.
    double parse(const QString& text, bool* ok, QString* why = nullptr) const {
        const std::optional<double> rps = readNumber(bare(text), why);
        *ok = rps.has_value();
        return rps.value_or(0);
    }
    // edited: the text is not the rate shown (something was typed).
    bool edited() const { return text() != prefix() + textFromValue(value()) + suffix(); }
    static bool isEscape(QEvent* event) {
        const auto* key = static_cast<QKeyEvent*>(event);
        return key->key() == Qt::Key_Escape && key->modifiers() == Qt::NoModifier;
    }
    void check() {
        // Untouched (the rate shown, 0 rps at the start of a ramp too): nothing to say.
        if (!edited())
            return;
        const QString why = problem(text());
        if (!why.isEmpty() && rejected)
            rejected(why); // the box then goes back to the rate in force
    }
};

// isResultsJson tells a results file from a scenario: only results have a timeline and totals.
bool isResultsJson(const QJsonDocument& doc) {
    return doc.isObject() && doc.object().contains(QStringLiteral("timeline")) &&
           doc.object().contains(QStringLiteral("total"));
}

// wrappable lets a message box's label wrap a long path or name: a label breaks lines only
// between words (and after '/' or '-'), so a file name of underscores ran past the box's
// edge and was cut. In a stretch of more than 40 characters without such a break, a
// zero-width space goes after each '_' and every 24 characters; shorter text is left as it
// is. The box's details keep the text as it came, for copying.
QString wrappable(const QString& text) {
    constexpr QChar kBreak(0x200B);
    constexpr qsizetype kLong = 40;
    constexpr int kStep = 24;
    const auto breaksAfter = [](QChar c) { return c.isSpace() || c == u'/' || c == u'-'; };
    QString out;
    out.reserve(text.size() + text.size() / 8);
    qsizetype start = 0;
    while (start < text.size()) {
        qsizetype end = start;
        while (end < text.size() && !breaksAfter(text[end]))
            ++end;
        if (end < text.size())
            ++end; // the break itself ends the stretch
        const QStringView stretch = QStringView(text).mid(start, end - start);
        if (stretch.size() <= kLong) {
            out.append(stretch);
        } else {
            int run = 0;
            for (const QChar c : stretch) {
                out.append(c);
                if (c == u'_' || ++run >= kStep) {
                    out.append(kBreak);
                    run = 0;
                }
            }
        }
        start = end;
    }
    return out;
}

} // namespace

AppController::AppController(MainWindow* window, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_editor(new ScenarioEditor)
    , m_run(new RunController(this))
    , m_view(new RunView(window, this)) {
    m_window->setScenarioEditor(m_editor);
    createActions();
    createRatesDock();

    askSave = [this] {
        const auto answer = QMessageBox::warning(
            m_window, tr("Unsaved changes"),
            tr("The scenario has changes that are not saved. Save them?"),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        return answer == QMessageBox::Save      ? SaveAnswer::Save
               : answer == QMessageBox::Discard ? SaveAnswer::Discard
                                                : SaveAnswer::Cancel;
    };
    chooseFile = [this](FileDialog dialog) {
        const QString json = tr("JSON files (*.json);;All files (*)");
        const QString dir = startFolder();
        switch (dialog) {
        case FileDialog::OpenAny:
            return askForFile(tr("Open a scenario or results file"), dir, QString(), json, {});
        case FileDialog::OpenResults:
            return askForFile(tr("Overlay an earlier run"), dir, QString(), json, {});
        case FileDialog::SaveScenario:
            return askForFile(tr("Save the scenario"), dir, suggestedName(), json,
                              QStringLiteral("json"));
        case FileDialog::SaveResults:
            return askForFile(tr("Save the results"), dir, QStringLiteral("results.json"), json,
                              QStringLiteral("json"));
        case FileDialog::ExportHtml:
            return askForFile(tr("Export an HTML report"), dir, QStringLiteral("report.html"),
                              tr("HTML (*.html)"), QStringLiteral("html"));
        case FileDialog::ExportCsv:
            return askForFile(tr("Export the timeline as CSV"), dir, QStringLiteral("timeline.csv"),
                              tr("CSV (*.csv)"), QStringLiteral("csv"));
        case FileDialog::ExportPng:
            return askForFile(tr("Export the charts as PNG"), dir, QStringLiteral("charts.png"),
                              tr("PNG (*.png)"), QStringLiteral("png"));
        }
        return QString();
    };
    reportProblems = [this](const QString& title, const QStringList& lines) {
        QMessageBox box(QMessageBox::Warning, tr("Pusher"), title, QMessageBox::Ok, m_window);
        // The first 12 and how many more: the box showed 12 of 41 with nothing to say that
        // Show Details… held the others.
        constexpr qsizetype kShown = 12;
        QStringList shown = lines.mid(0, kShown);
        if (lines.size() > kShown)
            shown.append(
                tr("… and %1 more (Show Details… lists them all)").arg(lines.size() - kShown));
        box.setInformativeText(shown.join(QLatin1Char('\n')));
        // The labels show the text with its break points (text() and informativeText() keep
        // it as it is); the box lays itself out when it shows.
        for (const char* name : {"qt_msgbox_label", "qt_msgbox_informativelabel"})
            if (auto* label = box.findChild<QLabel*>(QLatin1String(name)))
                label->setText(wrappable(label->text()));
        box.setDetailedText(lines.join(QLatin1Char('\n')));
        box.exec();
    };
    // The run goes on while these questions are open (a load test cannot pause); a run that
    // ends meanwhile closes the question: Stop then has nothing to do, Quit goes on quitting.
    confirmStop = [this] {
        return askWhileRunning(tr("Stop the run"), tr("Stop the run now?"),
                               tr("The results cover the time run so far."), tr("&Stop"),
                               tr("&Keep Running"), true, false);
    };
    confirmQuit = [this] {
        return askWhileRunning(tr("Quit Pusher"), tr("A run is in progress. Stop it and quit?"),
                               tr("Quitting stops the run; its results so far are kept "
                                  "(File ▸ Recent Runs)."),
                               tr("Stop and &Quit"), tr("Cancel"), false, true);
    };

    connect(m_editor, &ScenarioEditor::problemsChanged, this, &AppController::updateStartable);
    connect(m_editor, &ScenarioEditor::validityChanged, this, &AppController::updateStartable);
    connect(m_editor->undoStack(), &QUndoStack::cleanChanged, this, &AppController::updateTitle);
    connect(m_editor, &ScenarioEditor::scenarioChanged, this, &AppController::updateTitle);
    // Before a run the thresholds panel lists the scenario's thresholds, as edited.
    connect(m_editor, &ScenarioEditor::scenarioChanged, this, [this] {
        m_view->setPlannedThresholds(m_editor->hasScenario() ? m_editor->scenario().thresholds
                                                             : QStringList());
        // ... and the charts' time axis spans its Duration, as edited: one the editor refuses
        // (past the 720h a run may last) is no plan and is not drawn. "1000000h" typed drew a
        // plan over 3.6 billion seconds, its axis labels cut ("600…"), beside the problem.
        Scenario planned = m_editor->hasScenario() ? m_editor->scenario() : Scenario{};
        const bool refused = std::ranges::any_of(
            m_editor->problems(), [](const Problem& p) { return p.path == u"duration"; });
        m_view->setPlannedDuration(m_editor->hasScenario() && !refused
                                       ? std::chrono::duration<double>(planned.duration).count()
                                       : 0.0);
        if (refused)
            planned.duration = Duration::zero(); // no plan lines either
        // ... and the throughput and in-flight legends list the workers its run draws.
        m_view->setPlannedWorkers(planned);
    });
    // Text that cannot become a value is in no file: the document counts as modified.
    connect(m_editor, &ScenarioEditor::problemsChanged, this, &AppController::updateTitle);

    connect(m_run, &RunController::runStarted, this, [this] { setRunningUi(true); });
    connect(m_run, &RunController::snapshotArrived, this, &AppController::onSnapshot);
    connect(m_run, &RunController::runFailed, this, [this](const QString& message) {
        report(tr("The run failed"), message.split(QLatin1Char('\n')));
    });
    connect(m_run, &RunController::ranksChanged, this, [this] {
        // At the end the ranks are the results' (RunController::mpiFinished), and
        // how each ended is known.
        const QList<RankProgress> ranks = m_run->ranks();
        m_window->setRanks(ranks,
                           m_run->isRunning() ? QStringList() : ranksRan(ranks, m_run->results()));
    });
    connect(m_run, &RunController::runFinished, this, &AppController::onFinished);

    // A file opened during a run would replace the scenario being run, or the live charts
    // with a results file's: Open, New and Open Recent are off meanwhile, and a dropped file
    // (or any other road here) waits.
    const auto openUnlessRunning = [this](const QString& path) {
        if (m_run->isRunning())
            m_window->statusBar()->showMessage(tr("Stop the run before opening %1").arg(path),
                                               5000);
        else
            openFile(path);
    };
    connect(m_window, &MainWindow::fileDropped, this, openUnlessRunning);
    m_openKept = openUnlessRunning;
    // A recent file deleted or moved since is said to be gone, by its path, and leaves the
    // list (it would fail the same way every time); the open scenario stays. A file that is
    // there but cannot be read or is not valid stays listed: it may be fixed.
    connect(m_window, &MainWindow::recentFileRequested, this,
            [this, openUnlessRunning](const QString& path) {
                if (m_run->isRunning() || QFileInfo::exists(path)) {
                    openUnlessRunning(path);
                    return;
                }
                const QString name = QFileInfo(path).fileName();
                m_window->removeRecentFile(path);
                m_window->statusBar()->showMessage(
                    tr("%1 is no longer there; removed from Open Recent").arg(name), 5000);
                report(tr("%1 is no longer there (deleted or moved); it was removed from Open "
                          "Recent and nothing was opened.")
                           .arg(name),
                       {tr("%1: no such file").arg(path)});
            });
    // Open Recent marks a results file rebuilt from its live stream, as Recent Runs does.
    m_window->setRecentRecoveredCheck(recoveredResults);
    // Quitting asks every question before it does anything: Stop and Quit, then the unsaved
    // changes' (the run going on meanwhile). Cancel at either, or a Save that fails, leaves
    // the run running and the edits in place; only then is the run stopped.
    m_window->setCloseGuard([this] {
        if (m_run->isRunning() && !confirmQuit())
            return false;
        if (!maybeSave())
            return false;
        // The run's end is awaited (Stop returns promptly) so that its results are kept.
        stopAndAwaitRun(kQuitWaitMs);
        if (m_run->isRunning()) // what arrived, kept, as the question promised
            std::fprintf(stderr, "pusher: Quit: %s\n", qPrintable(keepWhatArrived()));
        return true;
    });

    // No scenario until one is opened, made or imported: a results file opened alone shows
    // an editor that holds none (ScenarioEditor::hasScenario), not an empty one's problems.
    updateTitle();
    updateStartable();
    setRunningUi(false);
}

AppController::~AppController() = default;

void AppController::createActions() {
    const MainWindow::Actions& a = m_window->actions();
    m_undo = m_editor->undoStack()->createUndoAction(this, tr("&Undo"));
    m_undo->setShortcut(QKeySequence::Undo);
    m_redo = m_editor->undoStack()->createRedoAction(this, tr("&Redo"));
    // Ctrl+Shift+Z and Ctrl+Y on every platform, each bound once (the platform's Redo is one
    // of them on Linux; binding it again made Ctrl+Shift+Z an ambiguous shortcut).
    QList<QKeySequence> redoKeys = {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z),
                                    QKeySequence(Qt::CTRL | Qt::Key_Y)};
    for (const QKeySequence& keys : QKeySequence::keyBindings(QKeySequence::Redo)) {
        if (!redoKeys.contains(keys))
            redoKeys.append(keys);
    }
    m_redo->setShortcuts(redoKeys);
    // Through the editor: Undo first takes back text that is not a value, Redo waits while
    // a field holds some (either would otherwise drop it; ScenarioEditor::undo).
    disconnect(m_undo, &QAction::triggered, m_editor->undoStack(), &QUndoStack::undo);
    disconnect(m_redo, &QAction::triggered, m_editor->undoStack(), &QUndoStack::redo);
    connect(m_undo, &QAction::triggered, m_editor, &ScenarioEditor::undo);
    connect(m_redo, &QAction::triggered, m_editor, &ScenarioEditor::redo);
    m_window->addAction(m_undo);
    m_window->addAction(m_redo);
    auto* edit = new QMenu(tr("&Edit"), m_window);
    edit->addAction(m_undo);
    edit->addAction(m_redo);
    const QList<QAction*> menus = m_window->menuBar()->actions();
    m_window->menuBar()->insertMenu(menus.size() > 1 ? menus.at(1) : nullptr, edit);

    m_overlay = a.overlay;

    // File ▸ Recent Runs, after Open Recent: the kept runs, listed afresh each time it opens.
    for (QAction* item : m_window->menuBar()->actions()) {
        QMenu* file = item->menu();
        if (!file || !file->actions().contains(a.import))
            continue;
        m_runsMenu = new QMenu(tr("Recen&t Runs"), file);
        m_runsMenu->setObjectName(QStringLiteral("recentRunsMenu"));
        m_runsMenu->setToolTipsVisible(true);
        file->insertMenu(a.import, m_runsMenu);
        connect(m_runsMenu, &QMenu::aboutToShow, this, &AppController::fillRecentRunsMenu);
        fillRecentRunsMenu(); // not empty before it first opens: keys can walk into it
        break;
    }

    connect(a.newScenario, &QAction::triggered, this, &AppController::newScenario);
    connect(a.open, &QAction::triggered, this, [this] {
        const QString path = pick(FileDialog::OpenAny);
        if (!path.isEmpty())
            openFile(path);
    });
    connect(a.import, &QAction::triggered, this, [this] {
        if (m_run->isRunning())
            m_window->statusBar()->showMessage(tr("Stop the run before importing"), 5000);
        else
            importScenario();
    });
    connect(a.save, &QAction::triggered, this, &AppController::save);
    connect(a.saveAs, &QAction::triggered, this, [this] { saveAs(); });
    connect(a.saveResults, &QAction::triggered, this, [this] { saveResults(); });
    connect(a.exportHtml, &QAction::triggered, this, [this] { exportHtml(); });
    connect(a.exportCsv, &QAction::triggered, this, [this] { exportCsv(); });
    connect(a.exportPng, &QAction::triggered, this, [this] { exportPng(); });
    connect(m_overlay, &QAction::triggered, this, [this] { overlayResults(); });
    connect(a.removeOverlay, &QAction::triggered, this, &AppController::removeOverlay);
    connect(a.start, &QAction::triggered, this, &AppController::start);
    connect(a.stop, &QAction::triggered, this, [this] {
        if (m_run->isRunning() && confirmStop())
            stop();
    });
}

void AppController::createRatesDock() {
    // The window owns the dock (and its View menu entry); the rate boxes are ours.
    m_ratesDock = m_window->liveRatesDock();
    m_ratesForm = new QFormLayout(m_window->liveRatesPanel());
    // Until a run starts the dock has no boxes: it says what it is for rather than stand
    // empty (fillRatesDock replaces the line with the run's workers).
    auto* hint = new QLabel(tr("During a run, each worker's rate can be changed here; the "
                               "change holds from then on. F5 starts a run."));
    hint->setObjectName(QStringLiteral("liveRatesHint"));
    hint->setWordWrap(true);
    m_ratesForm->addRow(hint);
}

void AppController::fillRatesDock() {
    while (m_ratesForm->rowCount() > 0)
        m_ratesForm->removeRow(0);
    m_rateBoxes.clear();
    m_rateOverrides.clear();
    for (const WorkerSpec& spec : m_running.workers) {
        if (!spec.enabled)
            continue;
        if (m_run->isDistributed()) {
            m_ratesForm->addRow(spec.ident, new QLabel(tr("set before the run (MPI)")));
            continue;
        }
        if (spec.rate.mode == RateSpec::Mode::Max) {
            m_ratesForm->addRow(spec.ident, new QLabel(tr("closed model (max)")));
            continue;
        }
        auto* box = new RateBox;
        box->setRange(0, kMaxRps); // a scenario's own highest rate can be typed back
        box->setSuffix(tr(" rps"));
        box->setKeyboardTracking(false);
        box->setValue(spec.rate.toRate(m_running.duration).rpsAt(Duration::zero()));
        box->setToolTip(tr("The rate of %1 from now on (every replica)").arg(spec.ident));
        const QString ident = spec.ident;
        // The box shows the rate in force again; the line beside the progress says why.
        box->rejected = [this, ident](const QString& why) {
            m_window->statusBar()->showMessage(
                tr("Live rate of %1 not changed: %2").arg(ident, why), 8000);
        };
        connect(box, &QDoubleSpinBox::valueChanged, this, [this, ident, box](double rps) {
            if (box->signalsBlocked())
                return;
            if (Error e = m_run->setRps(ident, rps)) {
                m_window->statusBar()->showMessage(
                    tr("Live rate of %1 not changed: %2")
                        .arg(ident, QString::fromStdString(e.message())),
                    8000);
                return;
            }
            m_rateOverrides.insert(ident, rps);
        });
        m_rateBoxes.insert(ident, box);
        m_ratesForm->addRow(ident, box);
    }
}

bool AppController::isModified() const {
    return !m_editor->undoStack()->isClean() ||
           (m_editor->hasScenario() && !m_editor->unparsedText().isEmpty());
}

void AppController::updateTitle() {
    if (!m_editor->hasScenario()) {
        m_window->setWindowTitle(tr("Pusher"));
        return;
    }
    const QString name =
        m_path.isEmpty()
            ? (m_editor->scenario().name.isEmpty() ? tr("Untitled") : m_editor->scenario().name)
            : QFileInfo(m_path).fileName();
    m_window->setWindowTitle(tr("%1[*] — Pusher").arg(name));
    m_window->setWindowModified(isModified());
}

void AppController::updateStartable() {
    const QList<Problem> problems = m_editor->problems();
    if (!m_editor->hasScenario())
        m_window->setStartable(false, tr("no scenario is open"));
    else if (m_editor->scenario().workers.isEmpty())
        m_window->setStartable(false, tr("the scenario has no workers"));
    else
        m_window->setStartable(problems.isEmpty(), problems.isEmpty()
                                                       ? QString()
                                                       : m_editor->describe(problems.first()));
}

void AppController::setRunningUi(bool running) {
    // The editor is disabled while a run goes, and Qt drops the focus a field of it held:
    // after F5 in a field the keys went nowhere, and still after the run. The field has it
    // again when the run ends, unless it went elsewhere meanwhile.
    QWidget* focus = QApplication::focusWidget();
    if (running && focus && m_editor->isAncestorOf(focus))
        m_focusBeforeRun = focus;
    m_window->setRunning(running);
    m_editor->setEnabled(!running);
    if (!running) {
        if (m_focusBeforeRun && !QApplication::focusWidget() && m_window->isActiveWindow() &&
            m_focusBeforeRun->isVisibleTo(m_window) && m_focusBeforeRun->isEnabled())
            m_focusBeforeRun->setFocus(Qt::OtherFocusReason);
        m_focusBeforeRun = nullptr;
    }
    m_undo->setEnabled(!running && m_editor->undoStack()->canUndo());
    m_redo->setEnabled(!running && m_editor->undoStack()->canRedo());
    m_window->liveRatesPanel()->setEnabled(running); // the scroll bar stays usable
    const bool haveResults = m_results.has_value() && !running;
    const MainWindow::Actions& a = m_window->actions();
    for (QAction* action : {a.saveResults, a.exportHtml, a.exportCsv})
        action->setEnabled(haveResults);
    a.save->setEnabled(!running && m_editor->hasScenario()); // none: nothing to save
    a.saveAs->setEnabled(!running && m_editor->hasScenario());
    m_overlay->setEnabled(true);
    if (m_runsMenu) // opens files, as Open Recent does
        m_runsMenu->setEnabled(!running);
}

void AppController::setScenario(const Scenario& scenario, const QString& path) {
    m_path = path;
    // A relative data file is found beside the scenario's file (the working directory for
    // one not saved yet), as the run finds it.
    m_editor->setBaseDir(path.isEmpty() ? QString() : QFileInfo(path).absolutePath());
    m_editor->setScenario(scenario);
    m_editor->undoStack()->setClean();
    for (QAction* action : {m_window->actions().save, m_window->actions().saveAs})
        action->setEnabled(!m_run->isRunning());
    updateTitle();
    updateStartable();
}

bool AppController::openFile(const QString& path) {
    // As pusher-cli reads them: a regular file (a FIFO would block, a device such as
    // /dev/zero never end), of at most kMaxResultsBytes, and a scenario of at most
    // kMaxScenarioBytes; anything else is refused unread with the reason.
    const QString name = QFileInfo(path).fileName();
    QString why;
    std::optional<QByteArray> data;
    if (path.startsWith(QStringLiteral(":/"))) { // the shipped demo, in the resources
        QFile resource(path);
        if (resource.open(QIODevice::ReadOnly))
            data = resource.readAll();
        else
            why = path + QStringLiteral(": ") + resource.errorString();
    } else {
        data = readFileBounded(path, kMaxResultsBytes, &why);
    }
    if (!data) {
        report(tr("%1 cannot be opened").arg(name), {why});
        return false;
    }
    // One parse for both: a large results file is not parsed twice.
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(*data, &parseError);
    if (isResultsJson(doc))
        return openResultsFile(path, doc.object());
    if (data->size() > kMaxScenarioBytes) {
        report(tr("%1 cannot be opened").arg(name),
               {tr("%1: larger than %2 MiB, the most a scenario may hold")
                    .arg(path, QString::number(kMaxScenarioBytes >> 20))});
        return false;
    }
    if (data->trimmed().isEmpty()) {
        // Said so: "line 1, column 1: illegal value" does not tell that there is nothing.
        report(tr("%1 is empty; nothing was opened.").arg(name),
               {data->isEmpty() ? tr("%1: the file is empty (0 bytes)").arg(path)
                                : tr("%1: the file holds only white space").arg(path)});
        return false;
    }
    if (parseError.error != QJsonParseError::NoError) {
        // Not JSON: neither a scenario nor results (a truncated results file is no scenario).
        report(tr("%1 is not valid JSON; nothing was opened.").arg(name),
               {path + QStringLiteral(": ") + jsonError(*data, parseError)});
        return false;
    }
    return openScenarioFile(path, *data);
}

bool AppController::openScenarioFile(const QString& path, const QByteArray& data) {
    const ScenarioParse parse = Scenario::fromJson(data);
    if (!parse.ok()) {
        QStringList lines;
        for (const Problem& p : parse.problems)
            lines.append(p.toString());
        report(
            tr("%1 is not a valid scenario; nothing was opened.").arg(QFileInfo(path).fileName()),
            lines);
        return false;
    }
    if (!maybeSave())
        return false;
    const bool demo = path == kDemoPath;
    setScenario(parse.scenario, demo ? QString() : path);
    if (!demo)
        m_window->addRecentFile(QFileInfo(path).absoluteFilePath());
    m_window->statusBar()->showMessage(tr("Opened %1").arg(QFileInfo(path).fileName()), 5000);
    return true;
}

bool AppController::openResultsFile(const QString& path, const QJsonObject& json) {
    QString error;
    RunResults results = RunResults::fromJson(json, &error);
    if (!error.isEmpty()) {
        report(tr("%1 is not a valid results file.").arg(QFileInfo(path).fileName()),
               {path + QStringLiteral(": ") + error});
        return false;
    }
    showResults(std::move(results), QFileInfo(path).fileName());
    m_window->addRecentFile(QFileInfo(path).absoluteFilePath());
    m_window->setStandingMessage(tr("Ready")); // a run's end line is of the run it replaced
    m_window->statusBar()->showMessage(tr("Opened the results %1").arg(QFileInfo(path).fileName()),
                                       5000);
    return true;
}

void AppController::showResults(RunResults results, const QString& label) {
    m_view->data()->setResults(results, label);
    // The Ranks tab: a distributed run's ranks, or the parts of a file of `report --merge`,
    // one row each, named by the file a part was merged from where a rank's host goes (as
    // the CLI's and the HTML report's ranks tables do); how each ended in its Ran cell.
    QList<RankProgress> ranks;
    QStringList ran;
    for (const PartResults& p : results.parts) {
        RankProgress r;
        r.rank = p.rank;
        r.host = p.host.isEmpty() ? p.source : p.host;
        r.ticks = p.ticks;
        r.completed = p.completed;
        r.achievedRps = p.achievedRps;
        r.lagP99Ms = p.lagP99Ms;
        r.clockOffsetMs = p.clockOffsetMs;
        r.errors = p.errors;
        r.topErrorKind = p.topErrorKind;
        r.topErrorCount = p.topErrorCount;
        r.ended = true;
        ranks.append(r);
        ran.append(partRanText(p));
    }
    m_window->setRanks(ranks, ran);
    m_window->setRunProgress(results.durationS, results.durationS, true, results.interrupted,
                             results.recovered, results.plannedS, results.total.interrupted);
    m_results = std::move(results); // a file of 10,000 workers holds 30,000 histograms
    setRunningUi(m_run->isRunning());
    emit resultsChanged();
}

bool AppController::overlayResults(const QString& chosen) {
    const QString path = chosen.isEmpty() ? pick(FileDialog::OpenResults) : chosen;
    if (path.isEmpty())
        return false;
    QString error;
    std::optional<RunResults> results = RunResults::load(path, &error);
    if (!results) {
        report(tr("%1 cannot be overlaid.").arg(QFileInfo(path).fileName()), {error});
        return false;
    }
    const QString file = QFileInfo(path).fileName();
    m_view->setOverlay(*results, file);
    // The legends name it by its scenario and start (RunView::overlayName).
    m_window->statusBar()->showMessage(
        tr("Overlaid %1 (dashed: %2)").arg(file, m_view->overlay()->label()), 5000);
    return true;
}

void AppController::removeOverlay() {
    m_view->clearOverlay();
}

void AppController::openDemo() {
    openFile(kDemoPath);
}

bool AppController::newScenario() {
    if (!maybeSave())
        return false;
    Scenario scenario;
    scenario.name = tr("new scenario");
    WorkerSpec worker;
    worker.ident = QStringLiteral("worker");
    scenario.workers.append(worker);
    setScenario(scenario, QString());
    return true;
}

bool AppController::importScenario() {
    ImportDialog dialog(m_window);
    if (dialog.exec() != QDialog::Accepted || !dialog.importResult().ok())
        return false;
    if (!maybeSave())
        return false;
    setScenario(dialog.importResult().scenario, QString());
    m_editor->undoStack()->resetClean(); // not saved anywhere yet
    updateTitle();
    m_window->statusBar()->showMessage(tr("Imported %1 worker(s); save the scenario to keep it")
                                           .arg(dialog.importResult().scenario.workers.size()),
                                       5000);
    return true;
}

bool AppController::maybeSave() {
    m_editor->commitTyping(); // a cell being typed into is an edit too
    if (!isModified())
        return true;
    switch (askSave()) {
    case SaveAnswer::Save:
        return save();
    case SaveAnswer::Discard:
        return true;
    case SaveAnswer::Cancel:
        break;
    }
    return false;
}

bool AppController::save() {
    if (!savable())
        return false;
    return m_path.isEmpty() ? saveAs() : writeScenario(m_path);
}

bool AppController::saveAs(const QString& chosen) {
    if (!savable())
        return false; // before asking where: nothing would be written
    const QString path = chosen.isEmpty() ? pick(FileDialog::SaveScenario) : chosen;
    return !path.isEmpty() && writeScenario(path);
}

bool AppController::savable() {
    m_editor->commitTyping(); // Ctrl+S in a table cell saves what it shows
    // A field holding text that cannot become a value ("5 sec" typed as a duration) is not
    // in the scenario, which still holds the field's last good value: a save would write a
    // file that differs from the screen, and the reload after Save As would drop the text.
    // Neither may happen silently, so nothing is written until the text is corrected; the
    // field keeps it and gets the focus (docs/gui.md, "Files").
    const QList<Problem> unparsed = m_editor->unparsedText();
    if (unparsed.isEmpty())
        return true;
    QStringList lines;
    for (const Problem& p : unparsed)
        lines.append(m_editor->describe(p));
    report(unparsed.size() == 1
               ? tr("The scenario is not saved: a field holds text that is not a value. "
                    "Correct it, then save.")
               : tr("The scenario is not saved: %1 fields hold text that is not a value. "
                    "Correct them, then save.")
                     .arg(unparsed.size()),
           lines);
    m_window->statusBar()->showMessage(tr("Not saved: %1").arg(lines.first()), 10000);
    m_editor->showProblem(unparsed.first().path);
    return false;
}

bool AppController::writeScenario(const QString& path) {
    // Relative file paths are found beside the scenario: saved into another folder, they
    // are rewritten to name the same files from there (docs/scenario-format.md, "File paths").
    const QString folder = QFileInfo(path).absolutePath();
    const QString from = m_editor->baseDir().isEmpty() ? QDir::currentPath() : m_editor->baseDir();
    int rewritten = 0;
    const Scenario saved = m_editor->scenario().rebased(from, folder, &rewritten);
    QString error;
    if (!writeFileAtomically(path, saved.toJson(), &error)) {
        report(tr("The scenario cannot be saved."), {error}); // the document stays unsaved
        return false;
    }
    m_path = path;
    m_editor->moveTo(folder); // the same rewrite, in the editor and its undo history
    m_editor->undoStack()->setClean();
    m_window->addRecentFile(QFileInfo(path).absoluteFilePath());
    updateTitle();
    const QString name = QFileInfo(path).fileName();
    m_window->statusBar()->showMessage(
        rewritten == 0 ? tr("Saved %1").arg(name)
                       : tr("Saved %1; %2 relative file path(s) rewritten to name the same "
                            "files from its folder")
                             .arg(name, QString::number(rewritten)),
        10000);
    return true;
}

namespace {
bool writeText(const QString& path, const QString& text, QString* error) {
    return writeFileAtomically(path, text.toUtf8(), error);
}
} // namespace

bool AppController::saveResults(const QString& chosen) {
    if (!m_results)
        return false;
    const QString path = chosen.isEmpty() ? pick(FileDialog::SaveResults) : chosen;
    if (path.isEmpty())
        return false;
    QString error;
    if (!m_results->save(path, &error)) {
        report(tr("The results cannot be saved."), {error});
        return false;
    }
    m_window->addRecentFile(QFileInfo(path).absoluteFilePath());
    m_window->statusBar()->showMessage(
        tr("Saved the results as %1").arg(QFileInfo(path).fileName()), 10000);
    return true;
}

bool AppController::exportHtml(const QString& chosen) {
    if (!m_results)
        return false;
    const QString path = chosen.isEmpty() ? pick(FileDialog::ExportHtml) : chosen;
    QString error;
    if (path.isEmpty())
        return false;
    if (!writeText(path, toHtml(*m_results), &error)) {
        report(tr("The report cannot be written."), {error});
        return false;
    }
    m_window->statusBar()->showMessage(
        tr("Wrote the HTML report %1").arg(QFileInfo(path).fileName()), 10000);
    return true;
}

bool AppController::exportCsv(const QString& chosen) {
    if (!m_results)
        return false;
    const QString path = chosen.isEmpty() ? pick(FileDialog::ExportCsv) : chosen;
    QString error;
    if (path.isEmpty())
        return false;
    if (!writeText(path, toCsv(*m_results), &error)) {
        report(tr("The CSV cannot be written."), {error});
        return false;
    }
    m_window->statusBar()->showMessage(tr("Wrote the CSV %1").arg(QFileInfo(path).fileName()),
                                       10000);
    return true;
}

bool AppController::exportPng(const QString& chosen) {
    const QString path = chosen.isEmpty() ? pick(FileDialog::ExportPng) : chosen;
    if (path.isEmpty())
        return false;
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!m_window->renderCharts().save(&buffer, "PNG")) {
        report(tr("The PNG cannot be written."), {path + QStringLiteral(": cannot encode PNG")});
        return false;
    }
    QString error;
    if (!writeFileAtomically(path, png, &error)) {
        report(tr("The PNG cannot be written."), {error});
        return false;
    }
    m_window->statusBar()->showMessage(tr("Wrote the charts as %1").arg(QFileInfo(path).fileName()),
                                       10000);
    return true;
}

bool AppController::start() {
    if (!m_run->isRunning())
        m_editor->commitTyping(); // F5 in a table cell runs what it shows
    if (m_run->isRunning() || !m_editor->isValid())
        return false;
    const Scenario& scenario = m_editor->scenario();
    // Run on MPI: mpirun with pusher-cli; a hostfile is relative to the scenario's folder, and
    // so are data files.
    const QString folder =
        m_path.isEmpty() ? QDir::currentPath() : QFileInfo(m_path).absolutePath();
    RunOptions options;
    if (!m_path.isEmpty())
        options.baseDir = folder;
    const QList<Problem> problems = scenario.distributed.enabled
                                        ? m_run->startDistributed(scenario, folder)
                                        : m_run->start(scenario, options);
    if (!problems.isEmpty()) {
        // A problem of no place in the scenario (mpirun not found, pusher-cli without MPI)
        // is said alone: "(document): mpirun … was not found" read as if the file were wrong.
        QStringList lines;
        for (const Problem& p : problems)
            lines.append(p.path.isEmpty() ? p.message : p.toString());
        report(tr("The scenario cannot run."), lines);
        return false;
    }
    m_running = m_run->scenario();
    m_specOfWorker.clear();
    for (const WorkerSpec& spec : m_running.workers) {
        if (!spec.enabled)
            continue;
        for (const QString& ident : spec.replicaIdents())
            m_specOfWorker.insert(ident, spec.ident);
    }
    m_results.reset();
    // The model starts the run: charts, summary, errors and thresholds follow it; an
    // earlier run chosen for comparison stays overlaid.
    m_view->data()->beginRun(
        m_run->workerIdents(),
        [this](const QString& worker, double t) { return targetRps(worker, t); },
        m_running.thresholds);
    fillRatesDock();
    if (m_run->isDistributed()) {
        m_window->ranksDock()->show();
        m_window->ranksDock()->raise(); // its lag p99 per rank shows a saturated host
        m_window->statusBar()->showMessage(
            tr("Starting %1 MPI ranks…").arg(scenario.distributed.ranks), 5000);
    } else {
        m_window->setRanks({});
    }
    m_window->fitChartWindow(m_run->durationSeconds());
    m_window->setRunProgress(0, m_run->durationSeconds());
    return true;
}

void AppController::stop() {
    m_run->stop();
    m_window->setStandingMessage(tr("Stopping…"));
}

double AppController::targetRps(const QString& workerIdent, double t) const {
    const QString spec = m_specOfWorker.value(workerIdent, workerIdent);
    if (auto it = m_rateOverrides.find(spec); it != m_rateOverrides.end())
        return *it;
    return RunData::plannedRps(m_running, spec, t);
}

void AppController::onSnapshot(const std::shared_ptr<const Snapshot>& s) {
    m_view->data()->addSnapshot(*s);
    m_window->setRunProgress(s->t, m_run->durationSeconds());
    // The rate boxes show the profile's current rate until the user sets one.
    for (auto it = m_rateBoxes.begin(); it != m_rateBoxes.end(); ++it) {
        if (m_rateOverrides.contains(it.key()) || it.value()->hasFocus())
            continue;
        const double target = targetRps(it.key(), s->t);
        if (std::isnan(target))
            continue;
        const QSignalBlocker block(it.value());
        it.value()->setValue(target);
    }
}

void AppController::onFinished(const RunResults& results) {
    m_view->data()->finishRun(results);
    m_window->setRunProgress(results.durationS, m_run->durationSeconds(), true, results.interrupted,
                             results.recovered, results.plannedS, results.total.interrupted);
    m_results = results;
    setRunningUi(false);
    // Kept before anything else can replace them (a quit, an opened file, the next F5).
    QString why;
    m_lastKept = keepRun(results, &why);
    // Where they were kept, as much of it as fits beside the progress: the whole path, else
    // the file's name, else the menu that lists them; the thresholds' names are cut last.
    const QString full = finishedMessage(results);
    const QString brief = finishedMessage(results, true);
    const QString name = QFileInfo(m_lastKept).fileName();
    const QStringList lines =
        !m_lastKept.isEmpty()
            ? QStringList{full + tr("; kept as %1").arg(QDir::toNativeSeparators(m_lastKept)),
                          full + tr("; kept as %1 (File ▸ Recent Runs)").arg(name),
                          full + tr("; kept as %1").arg(name),
                          full + tr("; kept (File ▸ Recent Runs)"),
                          full + tr("; kept"),
                          brief + tr("; kept as %1").arg(name),
                          brief + tr("; kept (File ▸ Recent Runs)"),
                          brief + tr("; kept"),
                          brief}
            : QStringList{
                  full + tr("; NOT kept: %1 (Save Results, Ctrl+R, can still save them)").arg(why),
                  full + tr("; NOT kept (Save Results, Ctrl+R, can still save them)"),
                  full + tr("; NOT kept"),
                  brief + tr("; NOT kept (Save Results, Ctrl+R, can)"),
                  brief + tr("; NOT kept"),
                  tr("Run ended; its results were NOT kept")};
    const QFontMetrics metrics = m_window->statusBar()->fontMetrics();
    QString line = lines.last();
    for (const QString& candidate : lines) {
        if (metrics.horizontalAdvance(candidate) <= m_window->statusRoom()) {
            line = candidate;
            break;
        }
    }
    m_window->setStandingMessage(line);
    emit resultsChanged();
    if (m_lastKept.isEmpty())
        report(tr("The run's results could not be kept in %1. They are still shown; Save "
                  "Results (Ctrl+R) can save them elsewhere.")
                   .arg(QDir::toNativeSeparators(keptRunsFolder())),
               {why});
}

namespace {
// A kept run's name: its start, then the scenario's name ("2026-11-30_09-12-05_demo.json").
const QRegularExpression& keptName() {
    static const QRegularExpression re(
        QStringLiteral("^(\\d{4}-\\d{2}-\\d{2}_\\d{2}-\\d{2}-\\d{2})_.*\\.json$"));
    return re;
}

// g_keptRunBytes counts the bytes File ▸ Recent Runs read from kept files (keptRunBytesRead).
qint64 g_keptRunBytes = 0;

// KeptRunHead is what File ▸ Recent Runs says of a kept run: the results file's top-level
// "scenario", "started_at" and "recovered".
struct KeptRunHead {
    std::optional<QString> scenario;
    std::optional<QString> startedAt;
    bool recovered = false;
};

// HeadReader reads a results file's top-level members up to the ones File ▸ Recent Runs
// names a kept run by, and stops there. The whole file was read and parsed to name it (its
// "workers" and "timeline" make it megabytes: 59 MiB for 10,000 workers, 275 ms), on the
// GUI thread, at the app's start and as the menu opened after a run. RunResults::save writes
// the members by name ("duration_s", …, "recovered", "scenario", "started_at", then
// "thresholds", "timeline", "total", "workers"), so the three come in its first bytes; a
// file whose members are in another order is read on until all three are found, its
// arrays and objects skipped, not parsed.
class HeadReader {
public:
    explicit HeadReader(QFile& file)
        : m_file(file) {}

    std::optional<KeptRunHead> read() {
        KeptRunHead head;
        space();
        if (get() != '{')
            return std::nullopt;
        QString previous;
        bool sorted = true, recoveredSeen = false;
        for (space(); peek() != '}';) {
            const std::optional<QByteArray> rawKey = token(true);
            if (!rawKey || !rawKey->startsWith('"'))
                return std::nullopt;
            const QString key = decode(*rawKey).toString();
            space();
            if (get() != ':')
                return std::nullopt;
            // The members in order of their names and past the last of the three: the
            // ones not found are not there ("recovered" is not, in files before it).
            sorted = sorted && previous <= key;
            previous = key;
            if (head.scenario && head.startedAt && sorted && key > QLatin1String("started_at"))
                return head;
            space();
            const bool wanted = key == QLatin1String("scenario") ||
                                key == QLatin1String("started_at") ||
                                key == QLatin1String("recovered");
            const std::optional<QByteArray> raw = token(wanted);
            if (!raw)
                return std::nullopt;
            const QJsonValue value = wanted ? decode(*raw) : QJsonValue();
            if (key == QLatin1String("scenario") && value.isString())
                head.scenario = value.toString();
            else if (key == QLatin1String("started_at") && value.isString())
                head.startedAt = value.toString();
            else if (key == QLatin1String("recovered")) {
                head.recovered = value.toBool();
                recoveredSeen = true;
            }
            if (head.scenario && head.startedAt && recoveredSeen)
                return head;
            space();
            const int c = get();
            if (c == '}')
                break;
            if (c != ',')
                return std::nullopt;
            space();
        }
        return head;
    }

private:
    static constexpr qint64 kChunk = 16 * 1024;

    int peek() {
        if (m_pos == m_buf.size()) {
            m_buf = m_file.read(kChunk);
            m_pos = 0;
            g_keptRunBytes += m_buf.size();
            if (m_buf.isEmpty())
                return -1;
        }
        return static_cast<unsigned char>(m_buf[m_pos]);
    }
    int get() {
        const int c = peek();
        if (c >= 0)
            ++m_pos;
        return c;
    }
    void space() {
        for (int c = peek(); c == ' ' || c == '\n' || c == '\r' || c == '\t'; c = peek())
            ++m_pos;
    }
    // token reads one value (a member's name is a string), its text kept when keep is set:
    // a string to its closing quote, an array or object to its closing bracket (the brackets
    // in strings not counted), anything else to the next ',', '}', ']' or space.
    std::optional<QByteArray> token(bool keep) {
        QByteArray text;
        const auto take = [&](int c) {
            ++m_pos;
            if (keep)
                text.append(char(c));
        };
        int c = peek();
        if (c == '"') {
            take(c);
            for (;;) {
                c = peek();
                if (c < 0)
                    return std::nullopt;
                take(c);
                if (c == '"')
                    return text;
                if (c == '\\') {
                    c = peek();
                    if (c < 0)
                        return std::nullopt;
                    take(c);
                }
            }
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            for (;;) {
                c = peek();
                if (c < 0)
                    return std::nullopt;
                if (c == '"') {
                    const std::optional<QByteArray> inner = token(keep);
                    if (!inner)
                        return std::nullopt;
                    text += *inner;
                    continue;
                }
                take(c);
                if (c == '{' || c == '[')
                    ++depth;
                else if ((c == '}' || c == ']') && --depth == 0)
                    return text;
            }
        }
        while (c >= 0 && c != ',' && c != '}' && c != ']' && c != ' ' && c != '\n' && c != '\r' &&
               c != '\t') {
            take(c);
            c = peek();
        }
        if (keep && text.isEmpty())
            return std::nullopt;
        return text;
    }
    static QJsonValue decode(const QByteArray& raw) {
        return QJsonDocument::fromJson('[' + raw + ']').array().at(0);
    }

    QFile& m_file;
    QByteArray m_buf;
    qsizetype m_pos = 0;
};

// KeptRunLabel is how File ▸ Recent Runs names a kept run, and whether it was recovered.
struct KeptRunLabel {
    QString text;
    bool recovered = false;
};

// fileHead is what HeadReader reads of path (nothing for a file that cannot be read or is
// no JSON object), read once, again only when its size or time changes: Recent Runs and
// Open Recent, which may list the same file, read it once between them.
std::optional<KeptRunHead> fileHead(const QString& path) {
    struct Known {
        QDateTime modified;
        qint64 size = -1;
        std::optional<KeptRunHead> head;
    };
    static QHash<QString, Known> known;
    const QFileInfo info(path);
    Known& k = known[path];
    if (k.size == info.size() && k.modified == info.lastModified())
        return k.head;
    k.size = info.size();
    k.modified = info.lastModified();
    k.head.reset();
    QFile f(path);
    if (info.isFile() && f.open(QIODevice::ReadOnly))
        k.head = HeadReader(f).read();
    return k.head;
}

// keptRunLabel is how File ▸ Recent Runs names a kept run: the scenario's own name and the
// run's start, local time, from the file ("checkout flow — 2026-11-30 09:12:05"); the file's
// name says both only in a file-name form ("checkout-flow", lower case, its punctuation gone).
// A run rebuilt from its live stream ("recovered": true) says so after them. A file that
// does not say (not a results file) is named by its file name's parts. Only the file's head
// is read (HeadReader), once, again only when its size or time changes.
KeptRunLabel keptRunLabel(const QString& path) {
    struct Known {
        QDateTime modified;
        qint64 size = -1;
        KeptRunLabel label;
    };
    static QHash<QString, Known> known;
    const QFileInfo info(path);
    Known& k = known[path];
    if (k.size == info.size() && k.modified == info.lastModified())
        return k.label;
    k.size = info.size();
    k.modified = info.lastModified();
    const QString file = info.fileName();
    QString name = file.mid(20).chopped(5);
    QDateTime start = QDateTime::fromString(file.left(19), QStringLiteral("yyyy-MM-dd_HH-mm-ss"));
    bool recovered = false;
    {
        const std::optional<KeptRunHead> head = fileHead(path);
        const QDateTime started = head && head->startedAt
                                      ? QDateTime::fromString(*head->startedAt, Qt::ISODateWithMs)
                                      : QDateTime();
        if (head && head->scenario && started.isValid()) {
            name = head->scenario->simplified();
            if (name.isEmpty())
                name = AppController::tr("(unnamed scenario)");
            start = started.toLocalTime();
            recovered = head->recovered;
        }
    }
    k.label.recovered = recovered;
    k.label.text =
        (recovered ? AppController::tr("%1 — %2 (recovered)") : AppController::tr("%1 — %2"))
            .arg(name, start.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    return k.label;
}

// recoveredResults tells whether path is a results file rebuilt from its live stream
// ("recovered": true), for File ▸ Open Recent, from its head alone (fileHead: a scenario's
// or results file's first members, sorted as the app writes them).
bool recoveredResults(const QString& path) {
    const std::optional<KeptRunHead> head = fileHead(path);
    return head && head->recovered;
}
} // namespace

qint64 AppController::keptRunBytesRead() {
    return g_keptRunBytes;
}

QString AppController::keptRunsFolder() {
    const QString env = qEnvironmentVariable("PUSHER_RUNS_DIR");
    if (!env.isEmpty())
        return QDir::cleanPath(env);
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/runs");
}

QStringList AppController::keptRuns() {
    const QDir dir(keptRunsFolder());
    QList<QFileInfo> files;
    for (const QFileInfo& f : dir.entryInfoList(QDir::Files)) {
        if (keptName().match(f.fileName()).hasMatch())
            files.append(f);
    }
    // Newest first: by the start in the name, then (started in the same second) by when kept.
    std::sort(files.begin(), files.end(), [](const QFileInfo& a, const QFileInfo& b) {
        const QString sa = a.fileName().left(19), sb = b.fileName().left(19);
        if (sa != sb)
            return sa > sb;
        return a.lastModified() > b.lastModified();
    });
    QStringList paths;
    for (const QFileInfo& f : files)
        paths.append(f.absoluteFilePath());
    return paths;
}

void AppController::stopAndAwaitRun(int ms) {
    if (!m_run->isRunning())
        return;
    QEventLoop loop;
    connect(m_run, &RunController::runFinished, &loop, &QEventLoop::quit);
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    m_run->stop();
    if (m_run->isRunning())
        loop.exec(QEventLoop::ExcludeUserInputEvents);
}

QString AppController::keepWhatArrived() {
    // A run that did not end within the wait (an MPI job whose launcher does not end) ends
    // with the app, and its live stream goes with its job's folder: what it delivered is
    // kept now, rebuilt from the stream, as an interrupted, recovered run.
    const QString late =
        tr("the run did not stop within %1 s").arg(kQuitWaitMs / 1000) + QStringLiteral("; ");
    const std::optional<RunResults> soFar = m_run->resultsSoFar();
    if (!soFar)
        return late + tr("it had delivered no complete interval, so nothing was kept");
    QString why;
    const QString path = keepRun(*soFar, &why);
    if (path.isEmpty())
        return late + tr("what arrived could not be kept (%1)").arg(why);
    m_lastKept = path;
    return late + tr("what arrived (%1 s) was kept as %2, rebuilt from its live stream")
                      .arg(soFar->durationS, 0, 'f', 1)
                      .arg(QDir::toNativeSeparators(path));
}

QString AppController::recoveredFolder() {
    return QFileInfo(keptRunsFolder()).dir().filePath(QStringLiteral("recovered"));
}

QStringList AppController::quitOnSignal(const QString& name) {
    QStringList lines;
    if (m_run->isRunning()) {
        stopAndAwaitRun(kQuitWaitMs);
        if (m_run->isRunning())
            lines += name + QStringLiteral(": ") + keepWhatArrived();
        else if (!m_lastKept.isEmpty())
            lines += tr("%1: the run was stopped and kept as %2")
                         .arg(name, QDir::toNativeSeparators(m_lastKept));
        else
            lines += tr("%1: the run was stopped, but could not be kept (%2)")
                         .arg(name, QDir::toNativeSeparators(keptRunsFolder()));
    }
    if (isModified()) {
        // Written beside nothing of the user's: the scenario's own file stays as it was.
        QString stem =
            m_path.isEmpty() ? QStringLiteral("untitled") : QFileInfo(m_path).completeBaseName();
        stem.replace(QRegularExpression(QStringLiteral("[^\\w.-]+")), QStringLiteral("-"));
        const QDir dir(recoveredFolder());
        const QString path = dir.filePath(
            QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd_HH-mm-ss_")) + stem +
            QStringLiteral(".json"));
        QString why;
        if (makeFolder(dir.path(), &why) &&
            writeFileAtomically(path, m_editor->scenario().toJson(), &why))
            lines += tr("%1: the unsaved changes%2 were written to %3")
                         .arg(name,
                              m_path.isEmpty() ? QString()
                                               : tr(" to %1").arg(QDir::toNativeSeparators(m_path)),
                              QDir::toNativeSeparators(path));
        else
            lines += tr("%1: the unsaved changes were lost: %2").arg(name, why);
    }
    return lines;
}

namespace {
int g_signalPipe[2] = {-1, -1};

void onQuitSignal(int sig) {
    const int saved = errno;
    const auto byte = static_cast<unsigned char>(sig);
    [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[1], &byte, 1);
    errno = saved;
}
} // namespace

void AppController::quitOnSignals(std::function<void(int)> exit) {
    if (g_signalPipe[0] < 0) {
        if (::pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) != 0)
            return;
        struct sigaction sa {};
        sa.sa_handler = onQuitSignal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        for (const int sig : {SIGINT, SIGTERM, SIGHUP})
            sigaction(sig, &sa, nullptr);
    }
    auto* notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, this);
    connect(notifier, &QSocketNotifier::activated, this, [this, exit = std::move(exit)] {
        unsigned char byte = 0;
        int sig = 0;
        while (::read(g_signalPipe[0], &byte, 1) == 1)
            sig = byte;
        if (sig == 0)
            return;
        static bool ending = false;
        if (ending)
            ::_exit(128 + sig); // a second signal: at once
        ending = true;
        const char* abbrev = sigabbrev_np(sig);
        const QString name = QStringLiteral("SIG") + QString::fromLatin1(abbrev ? abbrev : "?");
        for (const QString& line : quitOnSignal(name))
            std::fprintf(stderr, "pusher: %s\n", qPrintable(line));
        m_window->saveSettings(); // the layout, as closing the window saves it
        exit(128 + sig);
    });
}

QString AppController::keepRun(const RunResults& results, QString* error) {
    const QString folder = keptRunsFolder();
    if (!makeFolder(folder, error))
        return QString();
    const QDateTime start =
        (results.startedAt.isValid() ? results.startedAt : QDateTime::currentDateTimeUtc())
            .toLocalTime();
    QString name = results.scenario.trimmed().toLower();
    name.replace(QRegularExpression(QStringLiteral("[^\\w.-]+")), QStringLiteral("-"));
    name.remove(QRegularExpression(QStringLiteral("^[-.]+|[-.]+$")));
    name = name.left(60);
    if (name.isEmpty())
        name = QStringLiteral("run");
    const QString stem = start.toString(QStringLiteral("yyyy-MM-dd_HH-mm-ss_")) + name;
    const QDir dir(folder);
    QString path = dir.filePath(stem + QStringLiteral(".json"));
    for (int n = 2; QFileInfo::exists(path) && n < 1000; ++n) // two runs in one second
        path = dir.filePath(stem + QStringLiteral("-%1.json").arg(n));
    if (!results.save(path, error))
        return QString();
    // The newest KeptRuns stay; files not named as a kept run are never touched.
    const QStringList kept = keptRuns();
    for (qsizetype i = KeptRuns; i < kept.size(); ++i) {
        if (kept[i] != path)
            QFile::remove(kept[i]);
    }
    return path;
}

void AppController::fillRecentRunsMenu() {
    if (!m_runsMenu)
        return;
    m_runsMenu->clear();
    const QStringList kept = keptRuns();
    for (qsizetype i = 0; i < kept.size(); ++i) {
        const QString path = kept[i];
        const KeptRunLabel run = keptRunLabel(path);
        QString label = run.text;
        label.replace(u'&', QStringLiteral("&&"));
        if (i < 9)
            label.prepend(QStringLiteral("&%1 ").arg(i + 1));
        QAction* a = m_runsMenu->addAction(label);
        QString tip = QDir::toNativeSeparators(path);
        if (run.recovered)
            tip += tr("\nRecovered: rebuilt from its live stream, its data ends at its last "
                      "complete interval");
        a->setToolTip(tip);
        a->setStatusTip(QDir::toNativeSeparators(path));
        connect(a, &QAction::triggered, this, [this, path] { m_openKept(path); });
    }
    if (kept.isEmpty())
        m_runsMenu->addAction(tr("No runs kept yet"))->setEnabled(false);
    m_runsMenu->addSeparator();
    QAction* where = m_runsMenu->addAction(
        tr("Kept in %1 (the newest %2)")
            .arg(QDir::toNativeSeparators(keptRunsFolder()).replace(u'&', QStringLiteral("&&")),
                 QString::number(KeptRuns)));
    where->setEnabled(false);
}

QString AppController::startFolder() const {
    if (!m_path.isEmpty())
        return QFileInfo(m_path).absolutePath();
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (!documents.isEmpty() && QFileInfo(documents).isDir())
        return documents;
    return QDir::homePath();
}

QString AppController::suggestedName() const {
    if (!m_path.isEmpty())
        return QFileInfo(m_path).fileName();
    // The scenario's name as a file name: "checkout flow" is checkout-flow.json.
    QString name = m_editor->scenario().name.trimmed().toLower();
    name.replace(QRegularExpression(QStringLiteral("[^\\w.-]+")), QStringLiteral("-"));
    // "imported from visit.har" is imported-from-visit.json, not …visit.har.json.
    name.remove(QRegularExpression(QStringLiteral("\\.(har|json)$")));
    name.remove(QRegularExpression(QStringLiteral("^[-.]+|-+$")));
    return (name.isEmpty() ? QStringLiteral("untitled") : name) + QStringLiteral(".json");
}

QString AppController::askForFile(const QString& caption, const QString& folder,
                                  const QString& name, const QString& filter,
                                  const QString& suffix) {
    QFileDialog dialog(m_window, caption, folder, filter);
    dialog.setObjectName(QStringLiteral("fileDialog"));
    const bool saving = !suffix.isEmpty();
    dialog.setAcceptMode(saving ? QFileDialog::AcceptSave : QFileDialog::AcceptOpen);
    dialog.setFileMode(saving ? QFileDialog::AnyFile : QFileDialog::ExistingFile);
    if (saving)
        dialog.setDefaultSuffix(suffix); // "mine" is saved as mine.json
    if (!name.isEmpty())
        dialog.selectFile(name);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return QString();
    return dialog.selectedFiles().constFirst();
}

bool AppController::askWhileRunning(const QString& title, const QString& question,
                                    const QString& detail, const QString& yes, const QString& no,
                                    bool yesIsDefault, bool answerIfRunEnds) {
    QMessageBox box(QMessageBox::Question, title, question, QMessageBox::NoButton, m_window);
    box.setObjectName(QStringLiteral("runQuestion"));
    box.setInformativeText(detail);
    QPushButton* yesButton = box.addButton(yes, QMessageBox::AcceptRole);
    QPushButton* noButton = box.addButton(no, QMessageBox::RejectRole);
    box.setDefaultButton(yesIsDefault ? yesButton : noButton);
    box.setEscapeButton(noButton);
    bool ended = false;
    connect(m_run, &RunController::runFinished, &box, [&box, &ended] {
        ended = true;
        box.reject();
    });
    box.exec();
    return ended ? answerIfRunEnds : box.clickedButton() == yesButton;
}

QString AppController::finishedMessage(const RunResults& results, bool brief) {
    // (A stop between calls cut none: "0 call(s) in flight were cut" said nothing. Briefly,
    // the calls cut are left to the progress's text beside, which names them too.)
    if (results.interrupted)
        return results.total.interrupted > 0 && !brief
                   ? tr("Run stopped after %1 s: %2 call(s) in flight were cut (not errors)")
                         .arg(results.durationS, 0, 'f', 1)
                         .arg(results.total.interrupted)
                   : tr("Run stopped after %1 s").arg(results.durationS, 0, 'f', 1);
    if (results.thresholds.isEmpty())
        return tr("Run finished");
    QStringList failed;
    for (const ThresholdResult& t : results.thresholds) {
        if (!t.passed) {
            const std::optional<Threshold> parsed = Threshold::parse(t.expr);
            const bool calls = parsed && results.completedOf(parsed->worker) > 0;
            failed.append((std::isfinite(t.value) ? tr("%1 (measured %2)") : tr("%1 (%2)"))
                              .arg(t.expr, ThresholdsModel::measuredText(t, true, calls)));
        }
    }
    if (failed.isEmpty())
        return tr("Run finished: every threshold held");
    if (brief)
        return failed.size() == 1
                   ? tr("Run finished: 1 threshold did not hold (the Thresholds tab says which)")
                   : tr("Run finished: %1 thresholds did not hold (the Thresholds tab lists them)")
                         .arg(failed.size());
    return (failed.size() == 1 ? tr("Run finished: 1 threshold did not hold: %1")
                               : tr("Run finished: %1 thresholds did not hold: %2")
                                     .arg(failed.size())
                                     .arg(QStringLiteral("%1")))
        .arg(failed.join(QStringLiteral("; ")));
}

QString AppController::pick(FileDialog dialog) {
    return chooseFile ? chooseFile(dialog) : QString();
}

void AppController::report(const QString& title, const QStringList& lines) {
    m_lastProblems = lines;
    if (reportProblems)
        reportProblems(title, lines);
}

} // namespace pusher
