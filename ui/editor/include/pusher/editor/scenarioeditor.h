// ScenarioEditor: the widget that edits a pusher::Scenario (the main window's left dock).
#pragma once

#include <pusher/scenario/scenario.h>

#include <QHash>
#include <QList>
#include <QMap>
#include <QString>
#include <QWidget>

#include <functional>
#include <memory>

class QLineEdit;
class QThreadPool;
class QTimer;
class QUndoStack;

namespace pusher {

class WorkerListModel;
class EditCommand;

// ScenarioEditor edits a Scenario: its name, duration, interval and thresholds, the
// workers as a table (add, duplicate, remove, move, enable) and a form for the selected
// worker (ident, target with a page per kind, rate profile, overtime, force).
//
// Every edit is an undoable command on undoStack() that stores the scenario before and
// after it; consecutive edits of one text field merge into one command. After every edit
// the scenario is validated with Scenario::validate(): a field whose JSON path has a
// problem gets a red frame (dynamic property "invalid") and the message in its tooltip,
// rows of other workers with problems get a warning icon, and every problem is listed
// under the form. Text that cannot be turned into a value at all (a duration like "5 sec",
// a status "20x") is a problem of the editor itself: it is listed and marked the same way
// but leaves the scenario unchanged. What a run's preparation finds beyond the file (a data,
// CA, certificate or key file that is not there or cannot be read, a command's program not
// found, a `${VAR}` not set) is found by the run's own check (ScenarioRun::prepare with
// checkOnly), on a thread of its own a moment after the typing stops, and listed and marked
// the same way (docs/editor.md, "Validation").
class ScenarioEditor : public QWidget {
    Q_OBJECT
public:
    explicit ScenarioEditor(QWidget* parent = nullptr);
    ~ScenarioEditor() override;

    // setScenario shows `scenario`, selects its first worker and clears the undo history
    // (a newly opened file starts a new history).
    void setScenario(const Scenario& scenario);
    // scenario is the scenario as edited so far.
    [[nodiscard]] const Scenario& scenario() const noexcept { return m_scenario; }

    // problems lists what is wrong: the validator's problems, then what the run's check
    // found (files, programs, environment variables), then text fields of the selected
    // worker that do not parse.
    [[nodiscard]] QList<Problem> problems() const { return m_problems; }
    // warnings lists what does not stop a run but makes a part of it meaningless
    // (Scenario::warnings: a threshold on a worker that is disabled or has overtime 0, rate
    // stages longer than the run, a threshold on a flow step never reached). They are listed
    // after the problems, "Warning: Threshold 3: …", and do not make the editor invalid.
    [[nodiscard]] QList<Problem> warnings() const { return m_warnings; }
    // commitTyping commits the cell being typed into (a threshold, a worker's ident, a
    // header, a stage, an extraction), as Return would: Save, Start and the unsaved-changes
    // question call it first, so that they see what the screen shows.
    void commitTyping();
    // unparsedText lists the fields whose text cannot become a value (a duration "5 sec"),
    // with their JSON paths and why, in path order: the scenario holds their last good
    // value, so the typed text is in no file. The app does not save while there are any.
    [[nodiscard]] QList<Problem> unparsedText() const;
    // fieldLabel names the field at a problem's JSON path as the form labels it:
    // "workers[1].target.url" is "Worker api › URL", "interval" is "Interval".
    [[nodiscard]] QString fieldLabel(const QString& path) const;
    // describe is a problem as the editor lists it: "Worker api › URL: must …" (the JSON
    // path is in the list line's tooltip).
    [[nodiscard]] QString describe(const Problem& problem) const;
    // isValid is true when problems() is empty and there is a scenario, i.e. it can be run.
    [[nodiscard]] bool isValid() const noexcept { return m_valid; }
    // isChecking is true while the run's check of the scenario as it is now (its files,
    // programs and variables) has not answered yet: problems() holds the last check's.
    [[nodiscard]] bool isChecking() const noexcept { return m_checkPending; }
    // recheck checks the files again (they may have changed on disk; the window's activation
    // does it too).
    void recheck();
    // hasScenario is false until the editor is given a scenario (setScenario): an
    // editor with none (the app that opened a results file alone) lists no problems, says
    // that no scenario is open and has its fields disabled.
    [[nodiscard]] bool hasScenario() const noexcept { return !m_blank; }

    // undoStack holds the edits; the window adds its undo and redo actions and watches its
    // clean state for the unsaved-changes prompt.
    [[nodiscard]] QUndoStack* undoStack() const noexcept { return m_undo; }
    // workerModel is the workers table's model.
    [[nodiscard]] WorkerListModel* workerModel() const noexcept { return m_model; }

    // setBaseDir is the folder of the scenario's file: a relative data file is found (for
    // its preview) and chosen (kept relative when inside it) there; empty: the working
    // directory, as for a scenario not saved yet.
    void setBaseDir(const QString& dir);
    [[nodiscard]] const QString& baseDir() const noexcept { return m_baseDir; }
    // moveTo makes `dir` the base folder of a scenario saved there (Save As): its relative
    // file paths (data, CA, client certificate and key) are rewritten to name the same files
    // from `dir` (Scenario::rebased from the old base folder, or the working directory), in
    // the undo history too; the rewrite itself is no edit to undo. Returns how many of the
    // current scenario's paths were rewritten.
    int moveTo(const QString& dir);

    // currentWorker is the row of the worker shown in the form, -1 when there is none.
    [[nodiscard]] int currentWorker() const;
    // setCurrentWorker selects the worker at `row` in the table and shows it in the form.
    void setCurrentWorker(int row);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

public slots:
    // undo takes back text that is not a value when a field holds some (every field shows
    // its value again), else undoes the last edit; redo waits while a field holds such text
    // (it would replace it) and says so. The window's Undo and Redo and Ctrl+Z in the
    // editor come here.
    void undo();
    void redo();
    // showProblem selects the worker a problem's `path` is about and focuses its field.
    void showProblem(const QString& path);

signals:
    // scenarioChanged is emitted after every change of scenario(): an edit, undo, redo or
    // setScenario.
    void scenarioChanged();
    // validityChanged is emitted when isValid() changes.
    void validityChanged(bool valid);
    // problemsChanged is emitted when problems() changes.
    void problemsChanged();
    // warningsChanged is emitted when warnings() changes.
    void warningsChanged();
    // checked is emitted when the run's check of the current scenario has answered
    // (isChecking() is false again).
    void checked();

private:
    // fitSplitter gives the workers table its rows (kWorkersMinRows to kWorkersFitRows) and
    // the worker form the rest; workersTableHeight is the table's height for `rows` rows.
    void fitSplitter();
    int workersTableHeight(int rows) const;
    static constexpr int kWorkersMinRows = 2;
    static constexpr int kWorkersFitRows = 5;
    // fitProblems gives the problems list the height the worker form leaves it: the form
    // keeps kFormKeeps px (ident and kind, and a rate section), the list scrolls the rest.
    void fitProblems();
    static constexpr int kFormKeeps = 160;
    struct Widgets;
    struct Field;
    using WorkerChange = std::function<void(WorkerSpec&)>;

    void buildUi();
    QWidget* buildScenarioBox();
    QWidget* buildWorkersBox();
    QWidget* buildWorkerForm();
    QWidget* buildHttpPage();
    QWidget* buildDataBox();
    QWidget* buildTcpPage();
    QWidget* buildCommandPage();
    QWidget* buildSyntheticPage();
    QWidget* buildFlowPage();
    QWidget* buildRatePages();
    // bindFields makes the table of fields (see Field in the source); connectFields
    // connects them (one loop) and the tables and buttons.
    void bindFields();
    void connectFields();
    // fieldEdited reads field `f` into the scenario as one undoable edit.
    void fieldEdited(const Field& f);
    // showFields shows the scenario's fields, or the selected worker's (one loop).
    void showFields(bool inWorker);

    // apply shows `scenario` as the current state; EditCommand calls it on undo and redo.
    void apply(const Scenario& scenario, int worker);
    // edit records the change `change` makes to the scenario as one undoable command.
    // `mergeable`: it merges into the command before it of the same field (typing);
    // `stepping`: a choice stepped through with the keys, mergeable but no rename.
    void edit(const QString& field, const QString& label, bool mergeable,
              const std::function<void(Scenario&)>& change, bool stepping = false);
    // mergeBase is the scenario before the typing that an edit keyed `key` merges into (the
    // current scenario when it merges into nothing).
    const Scenario& mergeBase(const QString& key) const;
    void editWorker(const QString& field, const QString& label, bool mergeable,
                    const WorkerChange& change);
    void commitWorkers(const QString& label);
    void commitHeaders();
    void commitStepTables();
    void commitStages();
    void commitThresholds();
    void setLocalProblem(const QString& path, const QString& message);
    void takeBackTyping(const QString& path);
    // unparsedField is the path of a field of worker `row` under `prefix` ("rate.", empty:
    // any) holding text that is not a value (the first), empty when there is none.
    [[nodiscard]] QString unparsedField(int row, const QString& prefix = {}) const;
    // keepsWorker is true when the selection must stay on the current worker instead of
    // going to `row`: its form holds text that is not a value. keepsForm is the same for a
    // button that would show another form ("add a worker"). Both focus the field and say
    // why (explainKept).
    bool keepsWorker(int row);
    bool keepsForm(const QString& doing);
    // keepsStep is keepsWorker for a flow's step list; keepsSteps and keepsStages are
    // keepsForm for the step and stage buttons, about the fields of the steps or the stages
    // table; keepsUnder is the three, for the selected worker's paths under `prefix`.
    bool keepsStep(int row);
    bool keepsSteps(const QString& doing);
    bool keepsStages(const QString& doing);
    bool keepsUnder(const QString& prefix, const QString& doing);
    // keepsPage is true when the combo of `f` must go back to the scenario's value: it shows
    // another page (the target kind, the latency distribution, the rate mode), and a field of
    // the page it would hide holds text that is not a value. It puts the combo and its page
    // back, focuses the field and says why.
    bool keepsPage(const Field& f);
    void explainKept(const QString& path, const QString& doing);
    // selectNoticed selects the problems' line of the field the notice is about.
    void selectNoticed();

    // updateDataPreview shows the first rows of the selected worker's data file (read again
    // only when the file, its size or its time changed).
    void updateDataPreview();
    [[nodiscard]] QString dataFilePath(const QString& file) const;
    void chooseDataFile();
    static constexpr int kDataPreviewRows = 5;
    static constexpr qint64 kDataPreviewBytes = 64 * 1024;

    void refresh();
    void refreshScenarioFields();
    void refreshWorkerForm();
    void refreshSteps(const WorkerSpec& x, bool fromWidgets);
    void updateValidation();
    // scheduleCheck starts the run's check of the scenario a moment after the last change
    // (kCheckDelayMs), unless the scenario and folder are the ones checked; startCheck runs
    // it on m_checkPool; checkDone takes its answer (ignored when the scenario changed since).
    void scheduleCheck(bool force = false);
    void startCheck();
    void checkDone(quint64 generation, const QList<Problem>& problems, const QStringList& idents);
    // runProblems are the last check's problems with their worker paths renumbered to the
    // workers' current rows (found by ident; a worker gone drops its problems).
    [[nodiscard]] QList<Problem> runProblems() const;
    static constexpr int kCheckDelayMs = 150;
    void markFields();
    [[nodiscard]] QString workerPath(int row) const;
    void fitWorkerColumns();
    [[nodiscard]] QString workerFieldLabel(const QString& rel, int worker = -1) const;

    std::unique_ptr<Widgets> w;
    Scenario m_scenario;
    QUndoStack* m_undo = nullptr;
    WorkerListModel* m_model = nullptr;
    QList<Problem> m_problems;
    QList<Problem> m_warnings;
    // The thresholds on a flow's steps that another kind took along, by the worker's ident,
    // each with its place in the list: choosing flow again brings them back with the steps.
    // Each undo step holds them as they were before and after it (EditCommand), so undo and
    // redo keep them with the worker they were taken from.
    QHash<QString, QList<std::pair<qsizetype, QString>>> m_keptStepThresholds;
    QMap<QString, QString> m_local; // path -> message of unparsable text
    bool m_updating = false;        // widgets are being filled from the model
    bool m_pushing = false;         // a command made from the widgets' state is applied
    EditCommand* m_last = nullptr;  // the last command pushed, while a button finishes it
    int m_mergeEpoch = 0;           // bumped when the selection changes, ending merges
    bool m_valid = false;
    bool m_sized = false; // the splitter got its first sizes
    QString m_baseDir;    // the scenario file's folder (setBaseDir)
    QString m_notice;     // the field the notice is about (explainKept)
    bool m_blank = true;  // no scenario given nor edited yet (hasScenario)

    // The run's check (scheduleCheck): what was last asked, its answer and who it is about.
    QTimer* m_checkTimer = nullptr;
    std::unique_ptr<QThreadPool> m_checkPool;
    Scenario m_checkScenario;      // the scenario last scheduled for a check
    QString m_checkBase;           // and the folder its relative paths are found in
    bool m_checkAsked = false;     // m_checkScenario holds a request
    bool m_checkPending = false;   // isChecking
    bool m_checkRunning = false;   // a check is on the pool's thread
    quint64 m_checkGeneration = 0; // bumped by every request
    QList<Problem> m_checked;      // the last answer, paths by the checked scenario's rows
    QStringList m_checkedIdents;   // the checked scenario's worker idents, by row
};

} // namespace pusher
