// AppController: the desktop app's logic between the window, the editor, files and runs.
#pragma once

#include <pusher/results.h>
#include <pusher/scenario/scenario.h>

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QAction;
class QDockWidget;
class QDoubleSpinBox;
class QFormLayout;
class QMenu;
QT_END_NAMESPACE

namespace pusher {

class MainWindow;
class RunController;
class RunView;
class ScenarioEditor;
struct Snapshot;

// AppController wires the main window: the scenario editor in its left dock with undo and
// redo, Start and Stop on a RunController, the live charts, summary and errors fed from the
// run's snapshots, a live rate per worker, scenario and results files, exports and overlays.
//
// Questions to the user (save changes?, which file?, the problems of a bad file) go through
// replaceable functions so that tests answer them; by default they are dialogs.
class AppController : public QObject {
    Q_OBJECT
public:
    enum class SaveAnswer { Save, Discard, Cancel };
    enum class FileDialog {
        OpenAny,
        SaveScenario,
        SaveResults,
        ExportHtml,
        ExportCsv,
        ExportPng,
        OpenResults
    };

    explicit AppController(MainWindow* window, QObject* parent = nullptr);
    ~AppController() override;

    ScenarioEditor* editor() const { return m_editor; }
    RunController* runController() const { return m_run; }
    MainWindow* window() const { return m_window; }
    QAction* undoAction() const { return m_undo; }
    QAction* redoAction() const { return m_redo; }
    QAction* overlayAction() const { return m_overlay; }
    QDockWidget* liveRatesDock() const { return m_ratesDock; }
    // rateBox is the live rate control of the worker spec ident while running, or nullptr.
    QDoubleSpinBox* rateBox(const QString& ident) const { return m_rateBoxes.value(ident); }

    // currentPath is the scenario's file, empty for an unsaved one.
    QString currentPath() const { return m_path; }
    // isModified is true when the scenario has edits not saved, or a field of the editor
    // holds text that cannot become a value (ScenarioEditor::unparsedText: it is in no file).
    bool isModified() const;
    // results are the last run's, or the opened results file's; nullopt before either.
    const std::optional<RunResults>& results() const { return m_results; }
    // lastProblems are the problems shown for the last file that could not be opened.
    QStringList lastProblems() const { return m_lastProblems; }

    // setScenario shows scenario as a new, unmodified document at path (may be empty).
    void setScenario(const Scenario& scenario, const QString& path);
    // openFile opens a scenario or a results file (told apart by their keys). A scenario
    // replaces the current one after the unsaved-changes question; a file with problems
    // opens nothing and reports every problem with its path. False when nothing opened.
    bool openFile(const QString& path);
    // openDemo opens the bundled demo scenario (an untitled document).
    void openDemo();
    // newScenario starts an empty scenario after the unsaved-changes question.
    bool newScenario();
    // importScenario shows File ▸ Import… and, when accepted, opens the imported scenario
    // as a new unsaved one (after the unsaved-changes question).
    bool importScenario();
    // save writes the scenario to its file (asking for one when it has none). save and
    // saveAs write nothing while a field holds text that cannot become a value: they say
    // which field and why, focus it and return false (the text stays as typed).
    bool save();
    bool saveAs(const QString& path = QString());
    // saveResults / exportHtml / exportCsv / exportPng write the current results or charts.
    bool saveResults(const QString& path = QString());
    bool exportHtml(const QString& path = QString());
    bool exportCsv(const QString& path = QString());
    bool exportPng(const QString& path = QString());
    // overlayResults draws an earlier results file dashed over the charts.
    bool overlayResults(const QString& path = QString());
    // showResults fills the charts, summary, errors and thresholds from results (a file;
    // label names it).
    void showResults(RunResults results, const QString& label = QString());
    // removeOverlay removes the earlier run drawn dashed.
    void removeOverlay();
    // runView is the run-data model and its binding to the window.
    RunView* runView() const { return m_view; }
    // finishedMessage is the status bar's line at a run's end: which thresholds did not hold;
    // brief, only how many, for a status bar too narrow to name them.
    static QString finishedMessage(const RunResults& results, bool brief = false);

    // Every run that ends (to its end or by Stop) is kept as a results file in
    // keptRunsFolder(), named by its start (local time) and scenario name
    // ("2026-11-30_09-12-05_checkout-flow.json"), written as Save Results writes; the newest
    // KeptRuns are kept, older ones removed. File ▸ Recent Runs opens them (docs/gui.md).
    static constexpr int KeptRuns = 20;
    // keptRunsFolder is $PUSHER_RUNS_DIR when set (tests, or to keep them elsewhere), else
    // QStandardPaths::AppDataLocation + "/runs" (~/.local/share/Pusher/Pusher/runs).
    static QString keptRunsFolder();
    // keptRuns are the kept results files there, newest first.
    static QStringList keptRuns();
    // keptRunBytesRead counts the bytes File ▸ Recent Runs has read from kept files to name
    // them (for tests: it reads a file's head, not the whole file).
    static qint64 keptRunBytesRead();
    // lastKept is the file the last run was kept as; empty when it could not be kept.
    QString lastKept() const { return m_lastKept; }
    QMenu* recentRunsMenu() const { return m_runsMenu; }

    // quitOnSignals makes SIGINT, SIGTERM and SIGHUP (Ctrl-C in the terminal the app was
    // started from, `kill`, a closed session) end the app as Quit does, without a question:
    // quitOnSignal, its lines printed on stderr, then `exit(128 + the signal's number)`. A
    // second signal while that goes on ends the process at once. Once per process.
    void quitOnSignals(std::function<void(int)> exit);
    // quitOnSignal is what a signal named `name` ("SIGTERM") does before the app ends: a run
    // going on is stopped and awaited (at most 5 s), so that it is kept (keptRunsFolder);
    // unsaved edits are written to a file of their own in recoveredFolder() (the scenario's
    // file is left as it was). Returns what was done, a line each, for stderr.
    QStringList quitOnSignal(const QString& name);
    // recoveredFolder is where unsaved edits go when a signal ends the app: "recovered"
    // beside keptRunsFolder() (~/.local/share/Pusher/Pusher/recovered).
    static QString recoveredFolder();

    // start runs the editor's scenario; false when it could not start (problems reported).
    bool start();
    void stop();
    // maybeSave asks to save unsaved changes: true when it is fine to go on.
    bool maybeSave();

    // The questions to the user. Defaults are dialogs.
    std::function<SaveAnswer()> askSave;
    // chooseFile returns the chosen path or an empty string when canceled.
    std::function<QString(FileDialog)> chooseFile;
    // reportProblems shows a title and lines (every problem of a file, with its path).
    std::function<void(const QString&, const QStringList&)> reportProblems;
    // confirmStop asks whether to stop a running run (Stop). The run goes on while asked; a
    // run that ends meanwhile closes the question (false: nothing to stop).
    std::function<bool()> confirmStop;
    // confirmQuit asks whether to quit (close the window) while a run goes on; a run that
    // ends meanwhile closes the question and quitting goes on (true).
    std::function<bool()> confirmQuit;

signals:
    // resultsChanged is emitted when a run finished or a results file was opened.
    void resultsChanged();

private:
    void createActions();
    void createRatesDock();
    void fillRatesDock();
    void updateTitle();
    void updateStartable();
    void setRunningUi(bool running);
    void onSnapshot(const std::shared_ptr<const Snapshot>& snapshot);
    void onFinished(const RunResults& results);
    // keepRun writes results into keptRunsFolder() and removes the oldest beyond KeptRuns;
    // the file's path, or empty with `error` set.
    QString keepRun(const RunResults& results, QString* error);
    void fillRecentRunsMenu();
    // stopAndAwaitRun stops a run going on and waits for its end to be handled (kept), at
    // most `ms`: the event loop may end right after, and the end would never be handled.
    void stopAndAwaitRun(int ms);
    // keepWhatArrived keeps what a run still going after the quit's wait delivered (a
    // distributed run's live stream) as an interrupted run; the line that says so.
    QString keepWhatArrived();
    bool writeScenario(const QString& path);
    // savable is false, after saying which field and why, while a field holds text that
    // cannot become a value.
    bool savable();
    bool openScenarioFile(const QString& path, const QByteArray& data);
    bool openResultsFile(const QString& path, const QJsonObject& json);
    QString pick(FileDialog dialog);
    // startFolder is where file dialogs open: the document's folder, else the user's
    // documents folder (never the working directory).
    QString startFolder() const;
    // suggestedName is the file name Save As offers: the document's, else the scenario's
    // name as a file name ("checkout-flow.json", "untitled.json").
    QString suggestedName() const;
    QString askForFile(const QString& caption, const QString& folder, const QString& name,
                       const QString& filter, const QString& suffix);
    bool askWhileRunning(const QString& title, const QString& question, const QString& detail,
                         const QString& yes, const QString& no, bool yesIsDefault,
                         bool answerIfRunEnds);
    void report(const QString& title, const QStringList& lines);
    double targetRps(const QString& workerIdent, double t) const;

    MainWindow* m_window;
    ScenarioEditor* m_editor;
    RunController* m_run;
    RunView* m_view;
    QAction* m_undo = nullptr;
    QAction* m_redo = nullptr;
    QAction* m_overlay = nullptr;
    QDockWidget* m_ratesDock = nullptr;
    QFormLayout* m_ratesForm = nullptr;
    QMenu* m_runsMenu = nullptr; // File ▸ Recent Runs
    QString m_lastKept;
    std::function<void(const QString&)> m_openKept; // opens a file unless a run goes on
    QHash<QString, QDoubleSpinBox*> m_rateBoxes;
    QHash<QString, double> m_rateOverrides; // spec ident -> rps set live
    // The editor's field that had the focus when the run started (the run disables the
    // editor, which drops it): it has it again at the end (setRunningUi).
    QPointer<QWidget> m_focusBeforeRun;
    QHash<QString, QString> m_specOfWorker; // worker ident -> spec ident
    Scenario m_running;                     // the scenario being run
    QString m_path;
    std::optional<RunResults> m_results;
    QStringList m_lastProblems;
};

} // namespace pusher
