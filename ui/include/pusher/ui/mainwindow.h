#pragma once

#include <pusher/run/streamreader.h>

#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <QStringList>

#include <functional>

QT_BEGIN_NAMESPACE
class QAction;
class QComboBox;
class QDockWidget;
class QGridLayout;
class QLabel;
class QMenu;
class QProgressBar;
class QSettings;
class QStackedWidget;
class QTabWidget;
class QTableWidget;
class QUrl;
QT_END_NAMESPACE

namespace pusher {

class ErrorsChart;
class ErrorsPanel;
class InFlightChart;
class LatencyChart;
class SummaryTable;
class ThresholdsPanel;
class ThroughputChart;
class TimeSeriesChart;

// MainWindow is the app's shell: a left dock for the scenario editor, the four live charts in
// the middle (a 2×2 grid or tabs), the summary and errors docks at the bottom, a run toolbar
// with Start / Stop and the run's progress, and the File menu. Its actions are public so that
// the code driving scenarios and runs connects to them; the window itself reads no files and
// runs nothing.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Actions are the window's commands; each has a shortcut, an icon and a tooltip.
    struct Actions {
        QAction* newScenario = nullptr; // Ctrl+N
        QAction* open = nullptr;        // Ctrl+O: a scenario or a results file
        QAction* import = nullptr;      // Ctrl+I: a curl command line or a HAR file
        QAction* save = nullptr;        // Ctrl+S
        QAction* saveAs = nullptr;      // Ctrl+Shift+S
        QAction* saveResults = nullptr; // Ctrl+R
        QAction* exportHtml = nullptr;  // Ctrl+E
        QAction* exportCsv = nullptr;
        QAction* exportPng = nullptr;
        QAction* quit = nullptr;         // Ctrl+Q
        QAction* start = nullptr;        // F5
        QAction* stop = nullptr;         // Esc, Shift+F5
        QAction* chartsAsTabs = nullptr; // checkable
        QAction* smoothRates = nullptr;  // checkable, Ctrl+M: rates averaged over 1 s
        QAction* overlay = nullptr;      // Overlay Results…
        QAction* removeOverlay = nullptr;
        QAction* documentation = nullptr; // F1
        QAction* shortcuts = nullptr;     // the list of keyboard shortcuts
        QAction* about = nullptr;
    };

    enum class ChartsLayout { Grid, Tabs };
    Q_ENUM(ChartsLayout)

    // MaxRecentFiles is how many recent files the File menu lists.
    static constexpr int MaxRecentFiles = 8;

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    const Actions& actions() const { return m_actions; }

    // setScenarioEditor puts editor into the left dock (the window takes ownership).
    void setScenarioEditor(QWidget* editor);
    QDockWidget* scenarioDock() const { return m_scenarioDock; }
    QDockWidget* summaryDock() const { return m_summaryDock; }
    QDockWidget* errorsDock() const { return m_errorsDock; }
    QDockWidget* thresholdsDock() const { return m_thresholdsDock; }
    // liveRatesDock holds the live rate boxes (filled by the run's controller); like every
    // dock it can be closed and comes back from the View menu.
    QDockWidget* liveRatesDock() const { return m_ratesDock; }
    // liveRatesPanel is the Live Rates dock's content, inside a scroll area: its owner's.
    QWidget* liveRatesPanel() const { return m_ratesPanel; }
    // ranksDock holds the ranks table of a distributed run (rank, host, ticks, rate, lag
    // p99, clock offset, errors, ran): live from the merged stream, then the results' ranks
    // section; for an opened results file, its ranks section: a distributed run's ranks, or
    // the parts of a file of `pusher-cli report --merge`, each named by its file.
    QDockWidget* ranksDock() const { return m_ranksDock; }
    // viewEntry is dock's entry in the View menu (and in the docks' context menu): checked
    // while the dock is open; choosing it opens a closed dock, brings one open behind
    // another's tab forward, and closes the one in front.
    QAction* viewEntry(QDockWidget* dock) const;
    // createPopupMenu is the docks' and toolbar's context menu, with viewEntry's entries.
    QMenu* createPopupMenu() override;
    QTableWidget* ranksTable() const { return m_ranksTable; }
    // setRanks fills the ranks table (empty: none, "a run on this machine"); a rank's host
    // is the Host / file cell (a merged file's part: its file's name). ran[i] is rank i's
    // "Ran" cell, how it ended, as the CLI's ranks table says it (partRan: "0.75 s of 3600 s,
    // recovered", "12.30 s of 30 s, stopped", "3.00 s"; translated); "-" when not known (a
    // live run, a file written before the parts kept it).
    void setRanks(const QList<pusher::RankProgress>& ranks, const QStringList& ran = {});

    ThroughputChart* throughputChart() const { return m_throughput; }
    LatencyChart* latencyChart() const { return m_latency; }
    ErrorsChart* errorsChart() const { return m_errors; }
    InFlightChart* inFlightChart() const { return m_inFlight; }
    // charts lists the four charts in display order.
    QList<TimeSeriesChart*> charts() const;
    SummaryTable* summaryTable() const { return m_summary; }
    ErrorsPanel* errorsPanel() const { return m_errorsPanel; }
    ThresholdsPanel* thresholdsPanel() const { return m_thresholdsPanel; }
    QComboBox* chartWindowBox() const { return m_windowCombo; }
    QComboBox* latencyBox() const { return m_latencyCombo; }
    QProgressBar* progressBar() const { return m_progress; }
    QWidget* stopButton() const { return m_stopButton; }
    // startFocus is where the focus is when the window opens: the editor's workers list (Up
    // and Down choose the worker whose form shows, Insert adds one; F5 starts from
    // anywhere), else the editor's first field, else the bottom dock in front. Never a chart:
    // left to Qt, the first Tab stop had it, the Throughput chart, framed as the first thing
    // seen. Given once, when the window is first activated (event), unless it has a focus.
    QWidget* startFocus() const;

    // setChartsLayout shows the charts as a 2×2 grid or as tabs.
    void setChartsLayout(ChartsLayout layout);
    ChartsLayout chartsLayout() const { return m_chartsLayout; }
    // setChartWindowSeconds shows the last seconds of the run in every chart; 0 the whole run.
    // It is the user's choice (the toolbar's box calls it), kept for later runs it fits.
    void setChartWindowSeconds(double seconds);
    double chartWindowSeconds() const;
    // fitChartWindow picks the window for a run of durationSeconds: the user's choice when it
    // fits (shorter than the run, or the whole run), else the default: the whole run for
    // runs up to the longest window (15 minutes), the longest window for longer ones.
    void fitChartWindow(double durationSeconds);
    // LongestWindow is the longest window the toolbar offers, in seconds.
    static constexpr double LongestWindow = 900;
    // setSmoothRates averages rates over 1 s in the charts (View ▸ Smooth Rates).
    void setSmoothRates(bool smooth);
    bool smoothRates() const;
    // documentationPath is the desktop app's guide (gui.md) as installed or in the source
    // tree; empty when neither is there.
    static QString documentationPath();
    // openUrl opens a link (Help ▸ Documentation); replaceable for tests.
    std::function<bool(const QUrl&)> openUrl;
    // shortcutsText lists every action that has a keyboard shortcut (Help ▸ Keyboard
    // Shortcuts shows it).
    QString shortcutsText() const;
    // commitCharts draws what was appended to every chart since the last commit.
    void commitCharts();
    // renderCharts renders the charts area as it is shown (for the PNG export).
    QImage renderCharts() const;

    // setRunning switches the run controls: Start is enabled only when no run is going and the
    // scenario is startable, Stop only while running. A run started from the keyboard (F5,
    // Run ▸ Start by keys) puts the focus on the toolbar's Stop button (stopButton), where
    // Space or Return stops it; at its end the focus goes back where it was before, or
    // nowhere when that is not enabled yet (the editor's field: AppController gives it back).
    void setRunning(bool running);
    bool isRunning() const { return m_running; }
    // setStartable enables Start for a valid scenario; reason explains a disabled Start.
    void setStartable(bool startable, const QString& reason = QString());
    // setRunProgress shows elapsed of total seconds; total <= 0 means no set duration. Past
    // the total a running run is "finishing" (its calls in flight end); finished says "done",
    // or "stopped" for a run that Stop ended (its results are interrupted). A recovered run
    // (results rebuilt from its live stream) says so: "Recovered: stopped at 12.5 s, rebuilt
    // from its live stream". plannedSeconds is the run's planned duration when its results
    // know it (planned_s; 0: not known): a stopped run then says how far into its plan it
    // went, "Stopped at 12.3 s of its planned 30 s" ("Recovered: stopped at 1.2 s of its
    // planned 30 s, …"; ", past its planned 30 s" when stopped in the drain after it).
    // cutCalls is what a recovered run's stream counted of the calls in flight a stop cut
    // before it was cut off (interrupted); the recovered text names them when there are any.
    void setRunProgress(double elapsedSeconds, double totalSeconds, bool finished = false,
                        bool stopped = false, bool recovered = false, double plannedSeconds = 0,
                        quint64 cutCalls = 0);
    QString progressText() const;
    // showFittingMessage shows `full` in the status bar when it fits beside the run's
    // progress, else `brief` (the status bar cuts a message off where the progress begins).
    void showFittingMessage(const QString& full, const QString& brief, int timeoutMs = 0);
    // setStandingMessage shows message in the status bar as its standing line: the one it
    // comes back to when a passing message (shown for a time, a status tip) ends.
    void setStandingMessage(const QString& message);
    // statusRoom is the width the status bar has for its message, in pixels.
    int statusRoom() const;

    // addRecentFile puts path at the top of the recent files (kept in QSettings).
    void addRecentFile(const QString& path);
    // removeRecentFile takes path out of the recent files (a file that is gone).
    void removeRecentFile(const QString& path);
    QStringList recentFiles() const { return m_recent; }
    void setRecentFiles(const QStringList& paths);

    // setRecentRecoveredCheck sets how Open Recent tells a results file recovered from its
    // live stream (its entry then ends in "(recovered)"); the menu is labelled afresh.
    void setRecentRecoveredCheck(std::function<bool(const QString&)> check);

    // setCloseGuard installs a check run on close (the unsaved-changes prompt); returning
    // false keeps the window open.
    void setCloseGuard(std::function<bool()> guard) { m_closeGuard = std::move(guard); }

    // saveLayout writes geometry, dock state, charts layout, chart window and recent files;
    // restoreLayout reads them back and returns false when there was nothing to restore.
    void saveLayout(QSettings& settings) const;
    bool restoreLayout(QSettings& settings);
    // setKeepsSettings(false): the window writes nothing to the application's QSettings
    // (pusher --screenshot, which reads and writes no settings): recent files are listed
    // but not stored, and closing saves no layout. On by default.
    void setKeepsSettings(bool keeps) { m_keepsSettings = keeps; }
    bool keepsSettings() const { return m_keepsSettings; }
    // saveSettings writes the layout to the application's QSettings, as closing the window
    // does (a signal ends the app without closing it); nothing when it keeps no settings.
    void saveSettings() const;

signals:
    // recentFileRequested is emitted when a recent file is chosen from the File menu.
    void recentFileRequested(const QString& path);
    // fileDropped is emitted for each local file dropped on the window.
    void fileDropped(const QString& path);

protected:
    void closeEvent(QCloseEvent* event) override;
    bool event(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createDocks();
    void createCharts();
    void updateRecentMenu();
    void updateRunActions();
    void showShortcuts();
    // goToDock opens dock, brings its tab forward and puts the focus in it (Ctrl+1 … Ctrl+5).
    void goToDock(QDockWidget* dock);
    // dockEntry makes (once) dock's View entry; chooseDock is what choosing it does.
    QAction* dockEntry(QDockWidget* dock);
    void chooseDock(QDockWidget* dock);
    // updateDockEntries sets each entry's tip to what choosing it does now.
    void updateDockEntries();
    // isBehindAnotherTab: dock is open but another dock's tab is in front of it.
    static bool isBehindAnotherTab(const QDockWidget* dock);
    // dockClosing puts the focus, when it was in dock as it closes, where it was before it
    // went into the dock, else in the charts or the editor (focusFromClosedDock).
    void dockClosing(QDockWidget* dock);
    QWidget* focusFromClosedDock(QDockWidget* dock) const;
    void applyChartWindow(double seconds);

    Actions m_actions;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QDockWidget* m_scenarioDock = nullptr;
    QDockWidget* m_summaryDock = nullptr;
    QDockWidget* m_errorsDock = nullptr;
    QDockWidget* m_thresholdsDock = nullptr;
    QDockWidget* m_ratesDock = nullptr;
    QWidget* m_ratesPanel = nullptr;
    QDockWidget* m_ranksDock = nullptr;
    QLabel* m_ranksHint = nullptr;
    QTableWidget* m_ranksTable = nullptr;
    QStackedWidget* m_chartsStack = nullptr;
    QWidget* m_chartsGrid = nullptr;
    QGridLayout* m_gridLayout = nullptr;
    QTabWidget* m_chartsTabs = nullptr;
    ThroughputChart* m_throughput = nullptr;
    LatencyChart* m_latency = nullptr;
    ErrorsChart* m_errors = nullptr;
    InFlightChart* m_inFlight = nullptr;
    SummaryTable* m_summary = nullptr;
    ErrorsPanel* m_errorsPanel = nullptr;
    ThresholdsPanel* m_thresholdsPanel = nullptr;
    QComboBox* m_windowCombo = nullptr;
    QComboBox* m_latencyCombo = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_progressLabel = nullptr;
    QWidget* m_stopButton = nullptr;
    QMenu* m_runMenu = nullptr;
    bool m_startByKeys = false;    // a key is being handled where Start was chosen
    bool m_stopTakesFocus = false; // the run to come was started by keys
    QPointer<QWidget> m_focusBeforeStop;
    bool m_startFocusGiven = false;              // the first activation gave startFocus() the focus
    QHash<QDockWidget*, QAction*> m_dockEntries; // the View menu's entries (dockEntry)
    // Where the focus was before it went into each dock (dockClosing gives it back).
    QHash<QDockWidget*, QPointer<QWidget>> m_focusBefore;
    QStringList m_recent;
    ChartsLayout m_chartsLayout = ChartsLayout::Grid;
    double m_chosenWindow = -1; // the user's choice of window; -1: none (the default fits)
    bool m_running = false;
    bool m_keepsSettings = true;
    bool m_startable = true;
    QString m_startReason;
    std::function<bool()> m_closeGuard;
    std::function<bool(const QString&)> m_recentRecovered;
    QString m_standing; // the status bar's standing line (setStandingMessage)
};

} // namespace pusher
