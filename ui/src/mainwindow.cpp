#include <pusher/ui/mainwindow.h>

#include <pusher/charts/errorschart.h>
#include <pusher/charts/inflightchart.h>
#include <pusher/charts/latencychart.h>
#include <pusher/charts/throughputchart.h>
#include <pusher/ui/errorspanel.h>
#include <pusher/ui/summarymodel.h>
#include <pusher/ui/thresholdspanel.h>

#include <QAbstractItemView>
#include <QAction>
#include <QTreeView>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QHeaderView>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <QComboBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QGridLayout>
#include <QHash>
#include <QKeyEvent>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QProgressBar>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

#include <algorithm>
#include <cmath>
#include <utility>

// The icons live in a static library: their resources must be registered explicitly, and
// Q_INIT_RESOURCE cannot be used inside a namespace.
static void initPusherResources() {
    Q_INIT_RESOURCE(pusher);
}

namespace pusher {

namespace {

// keepsACurrentCell gives an item view that has the focus a current cell when rows come
// and it has none. A table focused while empty (Ctrl+1 before F5; a new run empties it
// first) got none when the run filled it: nothing showed where the focus was (Fusion marks
// the current cell), and the view looked as if it had none.
void keepsACurrentCell(QAbstractItemView* view) {
    const auto mark = [view] {
        QAbstractItemModel* model = view->model();
        if (view->hasFocus() && !view->currentIndex().isValid() && model->rowCount() > 0)
            view->selectionModel()->setCurrentIndex(model->index(0, 0),
                                                    QItemSelectionModel::NoUpdate);
    };
    // Queued: after the view's own handling of the change, and never into a view being
    // destroyed. A QTableWidget's own model is its child, and clears itself (modelReset) as
    // the view's destructor deletes it, when only its QWidget part is left: a direct call
    // reached view->currentIndex() there (UBSan: "not an object of type QAbstractItemView").
    // A queued call to a view that is gone is dropped with its posted events.
    QObject::connect(view->model(), &QAbstractItemModel::modelReset, view, mark,
                     Qt::QueuedConnection);
    QObject::connect(view->model(), &QAbstractItemModel::rowsInserted, view, mark,
                     Qt::QueuedConnection);
}

QIcon icon(const char* name) {
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name)));
}

QString clock(double seconds) {
    const qint64 s = qint64(std::max(0.0, seconds) + 0.5);
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2")
        .arg(s / 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

const QLatin1String kGeometry("mainWindow/geometry");
const QLatin1String kState("mainWindow/state");
const QLatin1String kChartsLayout("mainWindow/chartsLayout");
// The chart window the user chose (kept only when chosen; an older key held any window).
const QLatin1String kChartWindow("mainWindow/chosenChartWindowSeconds");
const QLatin1String kSmoothRates("mainWindow/smoothRates");
const QLatin1String kLatencyKind("mainWindow/latencyKind");
const QLatin1String kRecent("recentFiles");

// Bumped when docks or toolbars change so that an old saved state is not applied to them.
constexpr int kStateVersion = 2;

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent) {
    initPusherResources();
    setWindowTitle(tr("Pusher"));
    setWindowIcon(icon("pusher"));
    setAcceptDrops(true);
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);
    createActions();
    createCharts();
    createDocks();
    createToolBar();
    createMenus();
    // A passing message (one with a time, a menu item's status tip) gives way to the
    // standing line again, not to a blank bar: the end-of-run line was lost for good once
    // the File menu had been walked, and "Running" after a message of a few seconds.
    connect(statusBar(), &QStatusBar::messageChanged, this, [this](const QString& message) {
        if (message.isEmpty() && !m_standing.isEmpty())
            statusBar()->showMessage(m_standing);
    });
    setStandingMessage(tr("Ready"));
    resize(1280, 800);
    updateRunActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
    auto make = [this](const QString& text, const QIcon& ic, const QString& tip) {
        auto* a = new QAction(ic, text, this);
        a->setToolTip(tip);
        a->setStatusTip(tip);
        return a;
    };
    Actions& a = m_actions;
    a.newScenario = make(tr("&New Scenario"), icon("new"), tr("Start a new scenario"));
    a.newScenario->setShortcut(QKeySequence::New);
    a.open = make(tr("&Open…"), icon("open"), tr("Open a scenario or a results file"));
    a.open->setShortcut(QKeySequence::Open);
    a.import = make(tr("&Import…"), icon("open"),
                    tr("Make a scenario from a curl command line or a HAR file"));
    a.import->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    a.save = make(tr("&Save"), icon("save"), tr("Save the scenario"));
    a.save->setShortcut(QKeySequence::Save);
    a.saveAs = make(tr("Save &As…"), icon("save"), tr("Save the scenario under a new name"));
    a.saveAs->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    a.saveResults = make(tr("Save Res&ults…"), icon("save"), tr("Save the last run's results"));
    a.saveResults->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    a.exportHtml = make(tr("Export &HTML Report…"), icon("export"),
                        tr("Export the last run as an HTML report"));
    a.exportHtml->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    a.exportCsv =
        make(tr("Export &CSV…"), icon("export"), tr("Export the last run's intervals as CSV"));
    a.exportPng =
        make(tr("Export Charts as &PNG…"), icon("export"), tr("Save the charts as a PNG image"));
    a.quit = make(tr("&Quit"), QIcon(), tr("Quit Pusher"));
    a.quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    a.quit->setMenuRole(QAction::QuitRole);
    connect(a.quit, &QAction::triggered, this, &QWidget::close);

    a.start = make(tr("&Start"), icon("start"), tr("Start the run (F5)"));
    a.start->setShortcut(QKeySequence(Qt::Key_F5));
    a.stop = make(tr("S&top"), icon("stop"), tr("Stop the run (Esc, Shift+F5)"));
    a.stop->setShortcuts({QKeySequence(Qt::Key_Escape), QKeySequence(Qt::SHIFT | Qt::Key_F5)});
    // Run control works wherever the focus is, including inside the docks.
    a.start->setShortcutContext(Qt::WindowShortcut);
    a.stop->setShortcutContext(Qt::WindowShortcut);
    // A run started by keys (F5, or Run ▸ Start chosen by keys) puts the focus on Stop
    // (setRunning); the filter tells a key from a click (eventFilter).
    a.start->installEventFilter(this);
    // Start begins its run while triggered() is handled (setRunning(true) takes the flag). A
    // start that begins none (the scenario cannot run: a data file gone) left the flag set,
    // and the next run, started by a click, took the focus to Stop: dropped once handled.
    connect(a.start, &QAction::triggered, this, [this] {
        m_stopTakesFocus = m_startByKeys;
        if (m_stopTakesFocus)
            QTimer::singleShot(0, this, [this] { m_stopTakesFocus = false; });
    });

    a.chartsAsTabs = make(tr("Charts as &Tabs"), QIcon(), tr("Show one chart at a time"));
    a.chartsAsTabs->setCheckable(true);
    connect(a.chartsAsTabs, &QAction::toggled, this,
            [this](bool tabs) { setChartsLayout(tabs ? ChartsLayout::Tabs : ChartsLayout::Grid); });
    a.smoothRates = make(tr("&Smooth Rates (1 s)"), QIcon(),
                         tr("Draw rates (calls, errors, cancellations per second) as their "
                            "mean over the last second: a steady rate counted in short "
                            "intervals otherwise alternates, e.g. 8 and 12 errors/s for 10"));
    a.smoothRates->setCheckable(true);
    a.smoothRates->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    connect(a.smoothRates, &QAction::toggled, this, &MainWindow::setSmoothRates);
    a.overlay = make(tr("Over&lay Results…"), QIcon(),
                     tr("Draw an earlier run's results dashed over the charts"));
    a.removeOverlay = make(tr("Remove O&verlay"), QIcon(),
                           tr("Remove the earlier run drawn dashed over the charts"));
    a.removeOverlay->setEnabled(false);
    a.documentation = make(tr("&Documentation"), QIcon(), tr("Open the desktop app's guide"));
    a.documentation->setShortcut(QKeySequence::HelpContents);
    connect(a.documentation, &QAction::triggered, this, [this] {
        const QString path = documentationPath();
        if (path.isEmpty() || !openUrl || !openUrl(QUrl::fromLocalFile(path)))
            QMessageBox::information(
                this, tr("Documentation"),
                path.isEmpty()
                    ? tr("The documentation is not installed; it is in the docs/ folder of "
                         "Pusher's sources (docs/gui.md for the app).")
                    : tr("The guide is %1").arg(QDir::toNativeSeparators(path)));
    });
    a.shortcuts = make(tr("&Keyboard Shortcuts"), QIcon(), tr("List the keyboard shortcuts"));
    connect(a.shortcuts, &QAction::triggered, this, &MainWindow::showShortcuts);
    a.about = make(tr("&About Pusher"), icon("pusher"), tr("About Pusher"));
    a.about->setMenuRole(QAction::AboutRole);
    connect(a.about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Pusher"),
                           tr("<h3>Pusher %1</h3><p>A desktop load-testing workbench.</p>")
                               .arg(QApplication::applicationVersion()));
    });
    addActions({a.newScenario, a.open, a.save, a.saveAs, a.saveResults, a.exportHtml, a.quit,
                a.start, a.stop, a.smoothRates, a.documentation});
    openUrl = [](const QUrl& url) { return QDesktopServices::openUrl(url); };
}

void MainWindow::createMenus() {
    const Actions& a = m_actions;
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(a.newScenario);
    file->addAction(a.open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setToolTipsVisible(true); // each file's whole path
    file->addAction(a.import);
    file->addSeparator();
    file->addAction(a.save);
    file->addAction(a.saveAs);
    file->addAction(a.saveResults);
    file->addSeparator();
    file->addAction(a.overlay);
    file->addAction(a.removeOverlay);
    file->addSeparator();
    QMenu* exportMenu = file->addMenu(icon("export"), tr("&Export"));
    exportMenu->addAction(a.exportHtml);
    exportMenu->addAction(a.exportCsv);
    exportMenu->addAction(a.exportPng);
    file->addSeparator();
    file->addAction(a.quit);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    m_runMenu = run;
    run->installEventFilter(this);
    run->addAction(a.start);
    run->addAction(a.stop);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addAction(a.chartsAsTabs);
    m_viewMenu->addAction(a.smoothRates);
    m_viewMenu->addSeparator();
    // Every dock can be closed and comes back from here: its entry is checked while it is
    // open, and choosing it opens a closed dock, brings one open behind another's tab
    // forward and closes the one in front (dockEntry).
    for (QDockWidget* dock :
         {m_scenarioDock, m_summaryDock, m_errorsDock, m_thresholdsDock, m_ratesDock, m_ranksDock})
        m_viewMenu->addAction(dockEntry(dock));
    // Each entry's tip says what choosing it does now (the status bar shows it).
    connect(m_viewMenu, &QMenu::aboutToShow, this, &MainWindow::updateDockEntries);
    // By keys alone: a bottom dock's tab was chosen only by a click. Ctrl+1 … Ctrl+5 open
    // the dock if it was closed, bring its tab forward and put the focus in it; Ctrl+0 the
    // scenario editor, whose View entry closes it when it is in front (Tab took five presses
    // or more from the bottom docks).
    m_viewMenu->addSeparator();
    const std::pair<QDockWidget*, QString> docks[] = {
        {m_scenarioDock, tr("&Go to Scenario")}, {m_summaryDock, tr("Go to S&ummary")},
        {m_errorsDock, tr("Go to &Errors")},     {m_thresholdsDock, tr("Go to T&hresholds")},
        {m_ratesDock, tr("Go to &Live Rates")},  {m_ranksDock, tr("Go to Ran&ks")}};
    int key = Qt::Key_0;
    for (const auto& [dock, text] : docks) {
        QAction* go = m_viewMenu->addAction(text);
        go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(key++)));
        QDockWidget* to = dock;
        connect(go, &QAction::triggered, this, [this, to] { goToDock(to); });
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(a.documentation);
    help->addAction(a.shortcuts);
    help->addSeparator();
    help->addAction(a.about);
    updateRecentMenu();
}

void MainWindow::createToolBar() {
    QToolBar* bar = addToolBar(tr("Run"));
    bar->setObjectName(QStringLiteral("runToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(20, 20));
    bar->addAction(m_actions.open);
    bar->addAction(m_actions.save);
    bar->addSeparator();
    bar->addAction(m_actions.start);
    bar->addAction(m_actions.stop);
    // Stop is no Tab stop while no run goes (it is disabled then); a run started by keys
    // puts the focus on it (setRunning), and Tab and Shift+Tab come back to it meanwhile.
    m_stopButton = bar->widgetForAction(m_actions.stop);
    m_stopButton->setObjectName(QStringLiteral("stopButton"));
    m_stopButton->setFocusPolicy(Qt::TabFocus);
    m_stopButton->installEventFilter(this); // Return and Enter press it, as Space does
    bar->addSeparator();

    auto* windowLabel = new QLabel(tr("Show "), bar);
    m_windowCombo = new QComboBox(bar);
    m_windowCombo->setToolTip(tr("How much of the run the charts show"));
    m_windowCombo->addItem(tr("last minute"), 60.0);
    m_windowCombo->addItem(tr("last 5 minutes"), 300.0);
    m_windowCombo->addItem(tr("last 15 minutes"), 900.0);
    m_windowCombo->addItem(tr("whole run"), 0.0);
    m_windowCombo->setCurrentIndex(3);
    // A choice made here is the user's: kept for later runs it fits (fitChartWindow).
    connect(m_windowCombo, &QComboBox::currentIndexChanged, this,
            [this](int i) { setChartWindowSeconds(m_windowCombo->itemData(i).toDouble()); });
    // A label names its combo box to a screen reader (on Linux a combo box's own name is its
    // current item): without a buddy these were "whole run" and "response time" alone.
    windowLabel->setBuddy(m_windowCombo);
    windowLabel->setAccessibleName(tr("Charts show"));
    bar->addWidget(windowLabel);
    bar->addWidget(m_windowCombo);

    auto* latencyLabel = new QLabel(tr("  Latency "), bar);
    m_latencyCombo = new QComboBox(bar);
    m_latencyCombo->setToolTip(
        tr("Response time counts from the intended start (corrected for coordinated omission); "
           "service time from the actual start"));
    m_latencyCombo->addItem(tr("response time"), int(LatencyChart::Kind::Response));
    m_latencyCombo->addItem(tr("service time"), int(LatencyChart::Kind::Service));
    connect(m_latencyCombo, &QComboBox::currentIndexChanged, this, [this](int i) {
        const auto kind = LatencyChart::Kind(m_latencyCombo->itemData(i).toInt());
        m_latency->setKind(kind);
        // The summary's latency columns show the same latency as the chart.
        m_summary->summaryModel()->setLatency(kind == LatencyChart::Kind::Service
                                                  ? SummaryModel::Latency::Service
                                                  : SummaryModel::Latency::Response);
    });
    latencyLabel->setBuddy(m_latencyCombo);
    latencyLabel->setAccessibleName(tr("Latency"));
    bar->addWidget(latencyLabel);
    bar->addWidget(m_latencyCombo);
    // Whose latency: every worker's calls or one worker's (the latency chart's filter), here
    // rather than above the chart, where it would make that chart shorter than the others.
    auto* ofLabel = new QLabel(tr(" of "), bar);
    QComboBox* workerBox = m_latency->takeWorkerBox();
    ofLabel->setBuddy(workerBox);
    ofLabel->setAccessibleName(tr("Latency of"));
    bar->addWidget(ofLabel);
    bar->addWidget(workerBox);

    // The run's progress lives in the status bar, where a narrow window cannot push it
    // into the toolbar's overflow menu.
    m_progressLabel = new QLabel(this);
    m_progressLabel->setMinimumWidth(
        fontMetrics().horizontalAdvance(QStringLiteral("00:00:00 / 00:00:00, 00:00:00 left  ")));
    m_progressLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setTextVisible(false);
    m_progress->setFixedWidth(180);
    m_progress->setToolTip(tr("Run progress"));
    statusBar()->addPermanentWidget(m_progressLabel);
    statusBar()->addPermanentWidget(m_progress);
    setRunProgress(0, 0);
}

void MainWindow::createCharts() {
    m_throughput = new ThroughputChart;
    m_latency = new LatencyChart;
    m_errors = new ErrorsChart;
    m_inFlight = new InFlightChart;
    m_chartsGrid = new QWidget;
    m_gridLayout = new QGridLayout(m_chartsGrid);
    m_gridLayout->setContentsMargins(2, 2, 2, 2);
    m_gridLayout->setSpacing(2);
    m_chartsTabs = new QTabWidget;
    m_chartsTabs->setDocumentMode(true);
    m_chartsStack = new QStackedWidget;
    m_chartsStack->addWidget(m_chartsGrid);
    m_chartsStack->addWidget(m_chartsTabs);
    setCentralWidget(m_chartsStack);
    m_chartsLayout = ChartsLayout::Tabs; // forces the first layout below
    setChartsLayout(ChartsLayout::Grid);
    applyChartWindow(0);
}

void MainWindow::createDocks() {
    m_scenarioDock = new QDockWidget(tr("Scenario"), this);
    m_scenarioDock->setObjectName(QStringLiteral("scenarioDock"));
    auto* placeholder = new QLabel(tr("No scenario open.\n\nFile ▸ New or File ▸ Open."));
    placeholder->setAlignment(Qt::AlignCenter);
    placeholder->setEnabled(false);
    placeholder->setMinimumWidth(300);
    m_scenarioDock->setWidget(placeholder);
    addDockWidget(Qt::LeftDockWidgetArea, m_scenarioDock);

    m_summary = new SummaryTable;
    // Qt names an item view by its accessible name alone: a screen reader said nothing of
    // these tables.
    m_summary->setAccessibleName(tr("Summary"));
    m_summaryDock = new QDockWidget(tr("Summary"), this);
    m_summaryDock->setObjectName(QStringLiteral("summaryDock"));
    m_summaryDock->setWidget(m_summary);
    addDockWidget(Qt::BottomDockWidgetArea, m_summaryDock);

    m_errorsPanel = new ErrorsPanel;
    m_errorsDock = new QDockWidget(tr("Errors"), this);
    m_errorsDock->setObjectName(QStringLiteral("errorsDock"));
    m_errorsDock->setWidget(m_errorsPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_errorsDock);
    // At 1280 px the summary's twelve columns need the full width beside the editor, so the
    // errors share its place as a tab whose title carries the count.
    tabifyDockWidget(m_summaryDock, m_errorsDock);
    m_summaryDock->raise();
    connect(m_errorsPanel, &ErrorsPanel::errorsChanged, this, [this](qint64 errors, qint64) {
        m_errorsDock->setWindowTitle(errors > 0 ? tr("Errors (%1)").arg(QLocale().toString(errors))
                                                : tr("Errors"));
    });
    m_thresholdsPanel = new ThresholdsPanel;
    m_thresholdsDock = new QDockWidget(tr("Thresholds"), this);
    m_thresholdsDock->setObjectName(QStringLiteral("thresholdsDock"));
    m_thresholdsDock->setWidget(m_thresholdsPanel);
    m_thresholdsDock->setToolTip(tr("Each threshold, its measured value and whether it holds"));
    addDockWidget(Qt::BottomDockWidgetArea, m_thresholdsDock);
    tabifyDockWidget(m_errorsDock, m_thresholdsDock);

    m_ratesDock = new QDockWidget(tr("Live Rates"), this);
    m_ratesDock->setObjectName(QStringLiteral("liveRatesDock"));
    // The boxes scroll: a run of 15 workers (15 rows) made the dock 466 px high, and the
    // window grew from 700 to 905 px for it, its charts squeezed to dots.
    auto* ratesScroll = new QScrollArea;
    ratesScroll->setObjectName(QStringLiteral("liveRatesScroll"));
    ratesScroll->setWidgetResizable(true);
    ratesScroll->setFrameShape(QFrame::NoFrame);
    // No Tab stop of its own: Shift+Tab from the first rate went to it, which shows no focus
    // and has no name, as the editor's scroll area once did. It scrolls to the focused box.
    ratesScroll->setFocusPolicy(Qt::NoFocus);
    m_ratesPanel = new QWidget;
    m_ratesPanel->setObjectName(QStringLiteral("liveRatesPanel"));
    ratesScroll->setWidget(m_ratesPanel);
    m_ratesDock->setWidget(ratesScroll);
    m_ratesDock->setToolTip(tr("Change a worker's rate while the run goes"));
    addDockWidget(Qt::BottomDockWidgetArea, m_ratesDock);
    tabifyDockWidget(m_thresholdsDock, m_ratesDock);

    m_ranksTable = new QTableWidget(0, 8);
    m_ranksTable->setObjectName(QStringLiteral("ranksTable"));
    m_ranksTable->setAccessibleName(tr("Ranks"));
    // A rank's host, or the file a part of a merged results file came from (as the CLI's
    // "host / file" column).
    m_ranksTable->setHorizontalHeaderLabels({tr("Rank"), tr("Host / file"), tr("Ticks"), tr("Rate"),
                                             tr("Lag p99"), tr("Clock offset"), tr("Errors"),
                                             tr("Ran")});
    m_ranksTable->verticalHeader()->hide();
    m_ranksTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_ranksTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_ranksTable->setTabKeyNavigation(false); // Tab leaves the table, as in the summary
    m_ranksTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ranksTable->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_ranksTable->verticalHeader()->setDefaultSectionSize(m_ranksTable->fontMetrics().height() + 6);
    m_ranksTable->setToolTip(
        tr("The ranks of a distributed run (MPI), or the parts of a results file merged by "
           "pusher-cli report --merge (one per file): each one's host or file, its share of the "
           "ticks, its rate, its dispatch lag p99 (a saturated host shows here), its clock's "
           "offset to rank 0's (0 for a merged file), its errors with the most frequent kind (a "
           "rank whose target fails shows here) and, at the end, how it ended (Ran: its "
           "duration, of its plan and stopped or recovered when it did not run its course, as "
           "pusher-cli's ranks table says)"));
    m_ranksDock = new QDockWidget(tr("Ranks"), this);
    m_ranksDock->setObjectName(QStringLiteral("ranksDock"));
    // Until a distributed run or a merged results file fills it, the tab says what it is
    // for rather than show an empty table (a run on this machine has no ranks).
    m_ranksHint = new QLabel(tr("The ranks of a distributed run show here, one row each, live: "
                                "choose Run on: MPI (mpirun) in the scenario, then F5. A results "
                                "file merged by pusher-cli report --merge shows its parts here, "
                                "one row per file."));
    m_ranksHint->setObjectName(QStringLiteral("ranksHint"));
    m_ranksHint->setWordWrap(true);
    m_ranksHint->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_ranksHint->setContentsMargins(4, 4, 4, 4);
    auto* ranksPanel = new QWidget;
    auto* ranksLayout = new QVBoxLayout(ranksPanel);
    ranksLayout->setContentsMargins(0, 0, 0, 0);
    ranksLayout->addWidget(m_ranksHint);
    ranksLayout->addWidget(m_ranksTable);
    m_ranksTable->hide();
    m_ranksDock->setWidget(ranksPanel);
    m_ranksDock->setToolTip(m_ranksTable->toolTip());
    for (QAbstractItemView* view : std::initializer_list<QAbstractItemView*>{
             m_summary, m_errorsPanel->view(), m_thresholdsPanel->view(), m_ranksTable})
        keepsACurrentCell(view);
    addDockWidget(Qt::BottomDockWidgetArea, m_ranksDock);
    tabifyDockWidget(m_ratesDock, m_ranksDock);
    m_summaryDock->raise();

    // QMainWindow keeps a tabbed dock whose tab is not chosen "visible", only moved out of
    // the window: its widgets stayed in the Tab chain (Tab went into the hidden summary,
    // thresholds and ranks tables) and kept the focus when another tab was chosen. So the
    // content of a dock that cannot be seen is hidden, as a QTabWidget hides its pages: Tab
    // and the Alt letters pass it by, and the focus moves on when its tab is left. Its size
    // is kept, so the docks do not change size as tabs are chosen.
    for (QDockWidget* dock : {m_summaryDock, m_errorsDock, m_thresholdsDock, m_ratesDock,
                              m_ranksDock, m_scenarioDock}) {
        connect(dock, &QDockWidget::visibilityChanged, this, [this, dock](bool visible) {
            // Closed (not only behind another tab) with the focus in it: Qt gave the focus to
            // the next Tab stop after it, wherever that was (View's entry for Errors pressed
            // in the editor's Name field, then again to close it: the focus went to the
            // toolbar's "Show" box, or nowhere, and the keys with it).
            QWidget* focus = QApplication::focusWidget();
            const bool hadFocus = !visible && dock->isHidden() && focus &&
                                  (focus == dock || dock->isAncestorOf(focus));
            QWidget* content = dock->widget();
            if (content && content->isVisibleTo(dock) != visible) {
                QSizePolicy policy = content->sizePolicy();
                policy.setRetainSizeWhenHidden(true);
                content->setSizePolicy(policy);
                content->setVisible(visible);
            }
            if (hadFocus)
                dockClosing(dock);
        });
    }
    // Where the focus came into a dock from: a dock closed with the focus in it gives it back
    // there (dockClosing).
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget* old, QWidget* now) {
        // (Not the menu bar, which Alt+V gives the focus to on the way: it takes none.)
        if (!old || !now || old->window() != this || now->window() != this ||
            old->focusPolicy() == Qt::NoFocus)
            return;
        for (auto it = m_dockEntries.cbegin(); it != m_dockEntries.cend(); ++it) {
            QDockWidget* dock = it.key();
            if (dock->isAncestorOf(now) && !dock->isAncestorOf(old))
                m_focusBefore.insert(dock, old);
        }
    });

    resizeDocks({m_summaryDock}, {170}, Qt::Vertical);
    resizeDocks({m_scenarioDock}, {320}, Qt::Horizontal);
    // The scenario editor takes the full height on the left; it needs it more than the tables.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
}

void MainWindow::setRanks(const QList<RankProgress>& ranks, const QStringList& ran) {
    const QLocale locale;
    m_ranksTable->setRowCount(int(ranks.size()));
    for (int row = 0; row < ranks.size(); ++row) {
        const RankProgress& r = ranks[row];
        const QString cells[] = {
            QString::number(r.rank),
            r.host,
            locale.toString(qulonglong(r.ticks)),
            tr("%1 rps").arg(locale.toString(r.achievedRps, 'f', 1)),
            tr("%1 ms").arg(locale.toString(r.lagP99Ms, 'f', 2)),
            // (an offset that rounds to zero shows no sign: "-0.000" would read as a skew)
            tr("%1 ms").arg(locale.toString(
                std::abs(r.clockOffsetMs) < 0.0005 ? 0.0 : r.clockOffsetMs, 'f', 3)),
            // errors, and at the end the most frequent kind: "12 (exit_1: 12)"
            r.topErrorKind.isEmpty()
                ? locale.toString(qulonglong(r.errors))
                : tr("%1 (%2: %3)")
                      .arg(locale.toString(qulonglong(r.errors)), r.topErrorKind,
                           locale.toString(qulonglong(r.topErrorCount))),
            // how it ended: known from the results at the end, not while live
            row < ran.size() ? ran[row] : QStringLiteral("-"),
        };
        for (int c = 0; c < 8; ++c) {
            QTableWidgetItem* item = m_ranksTable->item(row, c);
            if (!item) {
                item = new QTableWidgetItem;
                item->setTextAlignment(c == 1 || c == 7
                                           ? Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter)
                                           : Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
                m_ranksTable->setItem(row, c, item);
            }
            item->setText(cells[c]);
        }
    }
    m_ranksDock->setWindowTitle(ranks.isEmpty() ? tr("Ranks") : tr("Ranks (%1)").arg(ranks.size()));
    m_ranksHint->setVisible(ranks.isEmpty());
    m_ranksTable->setVisible(!ranks.isEmpty());
}

void MainWindow::setScenarioEditor(QWidget* editor) {
    QWidget* old = m_scenarioDock->widget();
    m_scenarioDock->setWidget(editor);
    delete old;
}

QList<TimeSeriesChart*> MainWindow::charts() const {
    return {m_throughput, m_latency, m_errors, m_inFlight};
}

void MainWindow::setChartsLayout(ChartsLayout layout) {
    if (layout == m_chartsLayout)
        return;
    m_chartsLayout = layout;
    const auto all = charts();
    if (layout == ChartsLayout::Grid) {
        m_chartsTabs->clear();
        for (int i = 0; i < all.size(); ++i) {
            all[i]->setParent(m_chartsGrid);
            m_gridLayout->addWidget(all[i], i / 2, i % 2);
            all[i]->show();
        }
        m_chartsStack->setCurrentWidget(m_chartsGrid);
    } else {
        for (TimeSeriesChart* c : all)
            m_chartsTabs->addTab(c, c->windowTitle());
        m_chartsTabs->setTabText(0, tr("Throughput"));
        m_chartsTabs->setTabText(1, tr("Latency"));
        m_chartsTabs->setTabText(2, tr("Errors"));
        m_chartsTabs->setTabText(3, tr("In flight"));
        m_chartsStack->setCurrentWidget(m_chartsTabs);
    }
    const QSignalBlocker blocker(m_actions.chartsAsTabs);
    m_actions.chartsAsTabs->setChecked(layout == ChartsLayout::Tabs);
}

void MainWindow::setChartWindowSeconds(double seconds) {
    m_chosenWindow = std::isfinite(seconds) && seconds > 0 ? seconds : 0.0;
    applyChartWindow(m_chosenWindow);
}

void MainWindow::fitChartWindow(double durationSeconds) {
    const bool fits = m_chosenWindow == 0 || (m_chosenWindow > 0 && durationSeconds > 0 &&
                                              m_chosenWindow < durationSeconds);
    if (m_chosenWindow >= 0 && fits)
        applyChartWindow(m_chosenWindow);
    else
        applyChartWindow(durationSeconds > 0 && durationSeconds <= LongestWindow ? 0.0
                                                                                 : LongestWindow);
}

void MainWindow::setSmoothRates(bool smooth) {
    for (TimeSeriesChart* c : charts())
        c->setSmoothingSeconds(smooth ? 1.0 : 0.0);
    commitCharts();
    if (m_actions.smoothRates->isChecked() != smooth) {
        const QSignalBlocker block(m_actions.smoothRates);
        m_actions.smoothRates->setChecked(smooth);
    }
}

bool MainWindow::smoothRates() const {
    return m_throughput->smoothingSeconds() > 0;
}

QString MainWindow::documentationPath() {
    const QString app = QCoreApplication::applicationDirPath();
    const QStringList candidates = {
        app + QStringLiteral("/../share/doc/pusher/gui.md"),
#ifdef PUSHER_SOURCE_DOCS
        QStringLiteral(PUSHER_SOURCE_DOCS "/gui.md"),
#endif
    };
    for (const QString& path : candidates) {
        if (QFileInfo::exists(path))
            return QFileInfo(path).canonicalFilePath();
    }
    return QString();
}

QString MainWindow::shortcutsText() const {
    QStringList lines;
    QList<QAction*> all = QWidget::actions();
    for (QMenu* menu : menuBar()->findChildren<QMenu*>()) {
        for (QAction* a : menu->actions())
            if (!all.contains(a))
                all.append(a);
    }
    for (QAction* a : all) {
        const QList<QKeySequence> keys = a->shortcuts();
        if (keys.isEmpty())
            continue;
        QStringList texts;
        for (const QKeySequence& k : keys)
            texts.append(k.toString(QKeySequence::NativeText));
        QString name = a->text();
        name.remove(QLatin1Char('&'));
        name.remove(QStringLiteral("…"));
        lines.append(QStringLiteral("%1\t%2").arg(texts.join(QStringLiteral(", ")), name));
    }
    lines.removeDuplicates();
    return lines.join(QLatin1Char('\n'));
}

void MainWindow::showShortcuts() {
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("shortcutsDialog"));
    dialog->setWindowTitle(tr("Keyboard Shortcuts"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto* table = new QTableWidget(dialog);
    table->setObjectName(QStringLiteral("shortcutsTable"));
    table->setAccessibleName(tr("Keyboard shortcuts"));
    table->setColumnCount(2);
    table->setHorizontalHeaderLabels({tr("Keys"), tr("Action")});
    table->verticalHeader()->setVisible(false);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setTabKeyNavigation(false); // Tab reaches the Close button
    const QStringList lines = shortcutsText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    table->setRowCount(int(lines.size()));
    for (int i = 0; i < lines.size(); ++i) {
        table->setItem(i, 0, new QTableWidgetItem(lines[i].section(QLatin1Char('\t'), 0, 0)));
        table->setItem(i, 1, new QTableWidgetItem(lines[i].section(QLatin1Char('\t'), 1)));
    }
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(table);
    layout->addWidget(buttons);
    // As wide as both columns need (at most most of the screen): at a fixed 420 px the keys
    // (Redo's three) left the actions a narrow column, and "Export HTML Report" or "Smooth
    // Rates (1 s)" broke over two lines.
    int width = 2 * table->frameWidth() + table->verticalScrollBar()->sizeHint().width() + 4;
    table->horizontalHeader()->setStretchLastSection(false);
    table->resizeColumnsToContents(); // cells and titles
    for (int c = 0; c < table->columnCount(); ++c)
        width += table->columnWidth(c);
    table->horizontalHeader()->setStretchLastSection(true);
    const QMargins margins = layout->contentsMargins();
    width += margins.left() + margins.right();
    if (const QScreen* screen = this->screen())
        width = std::min(width, screen->availableGeometry().width() * 9 / 10);
    dialog->resize(std::max(420, width), 480);
    dialog->show();
}

void MainWindow::applyChartWindow(double seconds) {
    for (TimeSeriesChart* c : charts())
        c->setWindowSeconds(seconds);
    commitCharts();
    if (m_windowCombo) {
        const int i = m_windowCombo->findData(m_throughput->windowSeconds());
        if (i >= 0 && i != m_windowCombo->currentIndex()) {
            const QSignalBlocker blocker(m_windowCombo);
            m_windowCombo->setCurrentIndex(i);
        }
    }
}

double MainWindow::chartWindowSeconds() const {
    return m_throughput->windowSeconds();
}

void MainWindow::commitCharts() {
    for (TimeSeriesChart* c : charts())
        c->commit();
}

QImage MainWindow::renderCharts() const {
    return m_chartsStack->currentWidget()->grab().toImage();
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    // A key that chooses Start: F5 reaches the action as a shortcut event, a key in the Run
    // menu as a key press. Start's triggered() comes while the event is handled; the flag is
    // down again once it has been.
    const bool startKey = (watched == m_actions.start && event->type() == QEvent::Shortcut) ||
                          (watched == m_runMenu && event->type() == QEvent::KeyPress);
    if (startKey && !m_startByKeys) {
        m_startByKeys = true;
        QTimer::singleShot(0, this, [this] { m_startByKeys = false; });
    }
    if (watched == m_stopButton && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if ((key == Qt::Key_Return || key == Qt::Key_Enter) && m_actions.stop->isEnabled()) {
            m_actions.stop->trigger();
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::setRunning(bool running) {
    m_running = running;
    if (!running && m_stopButton->hasFocus()) {
        // Back where the focus was before the run; a field still disabled (the editor's,
        // enabled after this) gets it from AppController, which gives it to no widget that
        // has taken the focus: Stop, disabled now, would hand it to the next control.
        QPointer<QWidget> back = m_focusBeforeStop;
        const auto takes = [this, back] {
            return back && back != m_stopButton && back->isEnabled() && back->isVisibleTo(this);
        };
        if (takes()) {
            back->setFocus(Qt::OtherFocusReason);
        } else {
            m_stopButton->clearFocus();
            // The editor is enabled after this: its field, when no one else gave it back.
            QTimer::singleShot(0, this, [this, back, takes] {
                if (!QApplication::focusWidget() && isActiveWindow() && takes())
                    back->setFocus(Qt::OtherFocusReason);
            });
        }
    }
    updateRunActions();
    if (running && std::exchange(m_stopTakesFocus, false)) {
        // Started by keys: the focus on Stop, so Space or Return stops the run and a screen
        // reader says where the keys are (the editor, disabled while the run goes, dropped
        // the focus a field of it held, and no widget had it).
        // (Chosen in the Run menu, the focus is the menu's or on its way back: the window's
        // own focus widget is where it was.)
        QWidget* before = QApplication::focusWidget();
        m_focusBeforeStop = before && before->window() == this ? before : focusWidget();
        m_stopButton->setFocus(Qt::TabFocusReason);
    }
    if (!running) {
        m_stopTakesFocus = false;
        m_focusBeforeStop = nullptr;
    }
    setStandingMessage(running ? tr("Running") : tr("Ready"));
}

void MainWindow::setStartable(bool startable, const QString& reason) {
    m_startable = startable;
    m_startReason = reason;
    updateRunActions();
}

void MainWindow::updateRunActions() {
    m_actions.start->setEnabled(!m_running && m_startable);
    m_actions.stop->setEnabled(m_running);
    // The status bar's tip too: over a Start that cannot start it said "Start the run (F5)"
    // beside the tooltip's "Cannot start: …".
    const QString tip = m_startable || m_startReason.isEmpty()
                            ? tr("Start the run (F5)")
                            : tr("Cannot start: %1").arg(m_startReason);
    m_actions.start->setToolTip(tip);
    m_actions.start->setStatusTip(tip);
    // Editing files while a run writes into the window would mix two runs.
    m_actions.newScenario->setEnabled(!m_running);
    m_actions.open->setEnabled(!m_running);
    if (m_recentMenu) // Open Recent opens files too
        m_recentMenu->setEnabled(!m_recent.isEmpty() && !m_running);
}

void MainWindow::setRunProgress(double elapsedSeconds, double totalSeconds, bool finished,
                                bool stopped, bool recovered, double plannedSeconds,
                                quint64 cutCalls) {
    // A run ended by Stop is not "done": 00:03 / 00:30 would read as a 30 s run that was.
    const QString end = stopped ? tr("stopped") : tr("done");
    m_progressLabel->setToolTip(QString());
    // "; 7 call(s) cut by a stop": the calls in flight (or queued) a stop cut, when known.
    const QString cutText =
        cutCalls > 0
            ? tr("; %1 call(s) cut by a stop").arg(QLocale().toString(qulonglong(cutCalls)))
            : QString();
    // How far a stopped run went into its plan, when its results know the plan (planned_s):
    // " of its planned 30 s", or ", past its planned 30 s" for one stopped while its calls in
    // flight drained after it. An opened file's total was its own duration: "00:12 / 00:12,
    // stopped" did not say that it was meant to run 30 s.
    const bool planKnown = finished && stopped && plannedSeconds > 0;
    const QString ofPlan =
        !planKnown ? QString()
        : elapsedSeconds > plannedSeconds + 1e-6
            ? tr(", past its planned %1 s").arg(QLocale().toString(plannedSeconds))
            : tr(" of its planned %1 s").arg(QLocale().toString(plannedSeconds));
    if (finished && recovered) {
        // Rebuilt from its live stream (report --recover, or kept when the app quit while
        // the run went on): "stopped" alone did not say that the data was rebuilt and ends
        // at its last complete interval, not where the run did.
        m_progress->setRange(0, 1000);
        m_progress->setValue(1000);
        const QString at = QLocale().toString(elapsedSeconds, 'f', 1);
        // The calls in flight a stop cut before the run was cut off, when its stream counted
        // them: the text said only that the run stopped, as if they had never been. Briefly
        // here, beside the status bar's message; the tooltip in pusher-cli's recovered note's
        // words (recoveredCalls).
        m_progressLabel->setText(
            stopped
                ? tr("Recovered: stopped at %1 s%2, rebuilt from its live stream%3")
                      .arg(at, ofPlan, cutText)
                : tr("Recovered: ran its %1 s, rebuilt from its live stream%2").arg(at, cutText));
        QString tip =
            tr("This run's results were rebuilt from its live stream after the run was cut "
               "off (killed, crashed, or still running when the app quit). They cover it up "
               "to its last complete interval; the calls in flight then are not in them.");
        if (cutCalls > 0)
            tip += u' ' + tr("%1 call(s) in flight were cut by a stop before then, not counted "
                             "as errors.")
                              .arg(QLocale().toString(qulonglong(cutCalls)));
        m_progressLabel->setToolTip(tip);
        return;
    }
    // A run that Stop ended names the calls in flight (or queued) the stop cut, as a
    // recovered run's text does: it said only that the run stopped. None cut: nothing more.
    const QString stopCut = finished && stopped ? cutText : QString();
    if (!stopCut.isEmpty())
        m_progressLabel->setToolTip(tr("%1 call(s) in flight were cut by the stop, not counted "
                                       "as errors (the Errors tab counts them apart).")
                                        .arg(QLocale().toString(qulonglong(cutCalls))));
    if (planKnown) {
        const double f = std::clamp(elapsedSeconds / plannedSeconds, 0.0, 1.0);
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(std::lround(f * 1000)));
        m_progressLabel->setText(
            tr("Stopped at %1 s%2%3")
                .arg(QLocale().toString(elapsedSeconds, 'f', 1), ofPlan, stopCut));
        return;
    }
    // A run planned under a second (or, with no plan, one that ended before its first
    // second) reads in seconds, "0.4 s / 0.5 s, done": the clock's whole seconds read it as
    // "00:00 / 00:00, done" (or "00:00 / 00:01" for 0.5 s). Longer runs read as clocks.
    const bool brief = totalSeconds > 0 ? totalSeconds < 1 : finished && elapsedSeconds < 1;
    // As many decimals as the plan needs (0.25 s: two; plans are whole milliseconds), one at
    // least; two for a run with no plan that ended before 0.1 s, which one reads as 0.0 s.
    int decimals = totalSeconds <= 0 && elapsedSeconds < 0.1 ? 2 : 1;
    for (double scale = 10; totalSeconds > 0 && decimals < 3; scale *= 10, ++decimals) {
        if (std::abs(totalSeconds * scale - std::round(totalSeconds * scale)) < 1e-6)
            break;
    }
    const auto time = [&](double seconds) {
        return brief ? tr("%1 s").arg(QLocale().toString(std::max(0.0, seconds), 'f', decimals))
                     : clock(seconds);
    };
    if (totalSeconds > 0) {
        const double f = std::clamp(elapsedSeconds / totalSeconds, 0.0, 1.0);
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(std::lround(f * 1000)));
        // Past the planned duration the run waits for the calls still in flight.
        const QString state = finished ? end
                              : elapsedSeconds > totalSeconds
                                  ? tr("finishing")
                                  : tr("%1 left").arg(time(totalSeconds - elapsedSeconds));
        m_progressLabel->setText(
            tr("%1 / %2, %3").arg(time(elapsedSeconds), time(totalSeconds), state) + stopCut);
    } else if (finished) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(1000);
        m_progressLabel->setText(tr("%1, %2").arg(time(elapsedSeconds), end) + stopCut);
    } else {
        m_progress->setRange(0, 1000);
        m_progress->setValue(0);
        m_progressLabel->setText(elapsedSeconds > 0 ? tr("%1 elapsed").arg(clock(elapsedSeconds))
                                                    : tr("Not running"));
    }
}

QString MainWindow::progressText() const {
    return m_progressLabel->text();
}

int MainWindow::statusRoom() const {
    // The message is drawn from the status bar's left edge to the first permanent widget,
    // less a margin on either side. The progress's text may have changed just before
    // (setRunProgress at a run's end): laid out now, or its old, narrower place was measured
    // and a message chosen that the new text then covered.
    if (QLayout* layout = statusBar()->layout())
        layout->activate();
    const int margin =
        2 * style()->pixelMetric(QStyle::PM_LayoutHorizontalSpacing, nullptr, statusBar());
    return std::max(0, m_progressLabel->geometry().left() - std::max(margin, 8));
}

void MainWindow::setStandingMessage(const QString& message) {
    m_standing = message;
    statusBar()->showMessage(message);
}

void MainWindow::showFittingMessage(const QString& full, const QString& brief, int timeoutMs) {
    statusBar()->showMessage(
        statusBar()->fontMetrics().horizontalAdvance(full) <= statusRoom() ? full : brief,
        timeoutMs);
}

void MainWindow::addRecentFile(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList recent = m_recent;
    recent.removeAll(absolute);
    recent.prepend(absolute);
    setRecentFiles(recent);
    if (m_keepsSettings)
        QSettings().setValue(kRecent, m_recent);
}

void MainWindow::removeRecentFile(const QString& path) {
    QStringList recent = m_recent;
    if (recent.removeAll(QFileInfo(path).absoluteFilePath()) == 0)
        return;
    setRecentFiles(recent);
    if (m_keepsSettings)
        QSettings().setValue(kRecent, m_recent);
}

void MainWindow::setRecentFiles(const QStringList& paths) {
    m_recent = paths.mid(0, MaxRecentFiles);
    updateRecentMenu();
}

QAction* MainWindow::dockEntry(QDockWidget* dock) {
    if (QAction* entry = m_dockEntries.value(dock))
        return entry;
    // Qt's toggleViewAction is checked while the dock is open, and a dock behind another's
    // tab is open: choosing its entry to see that panel closed it. This entry follows Qt's
    // (its title, "Errors (12)", and whether the dock is open) and acts as chooseDock says.
    QAction* qt = dock->toggleViewAction();
    // Each entry has a letter of its own (the dock's title, "Errors (12)", takes none): the
    // six were reached by Down alone, and their letters are none of View's others (Charts
    // as Tabs, Smooth Rates, the Go to entries).
    const QHash<QString, QChar> letters = {
        {QStringLiteral("scenarioDock"), u'c'},  {QStringLiteral("summaryDock"), u'm'},
        {QStringLiteral("errorsDock"), u'r'},    {QStringLiteral("thresholdsDock"), u'd'},
        {QStringLiteral("liveRatesDock"), u'v'}, {QStringLiteral("ranksDock"), u'a'}};
    const QChar letter = letters.value(dock->objectName());
    const auto textOf = [letter](QString title) {
        title.replace(QLatin1Char('&'), QStringLiteral("&&"));
        const qsizetype at = letter.isNull() ? -1 : title.indexOf(letter);
        if (at >= 0)
            title.insert(at, QLatin1Char('&'));
        return title;
    };
    auto* entry = new QAction(textOf(qt->text()), this);
    entry->setObjectName(dock->objectName() + QStringLiteral("Entry"));
    entry->setCheckable(true);
    entry->setChecked(qt->isChecked());
    entry->setMenuRole(QAction::NoRole);
    const auto follow = [entry, qt, textOf] {
        entry->setText(textOf(qt->text()));
        entry->setChecked(qt->isChecked());
    };
    connect(qt, &QAction::changed, entry, follow);
    connect(qt, &QAction::toggled, entry, follow);
    connect(entry, &QAction::triggered, this, [this, dock] { chooseDock(dock); });
    m_dockEntries.insert(dock, entry);
    return entry;
}

QAction* MainWindow::viewEntry(QDockWidget* dock) const {
    return m_dockEntries.value(dock);
}

bool MainWindow::isBehindAnotherTab(const QDockWidget* dock) {
    // QMainWindow keeps a dock whose tab is not chosen open ("visible") and moves it out of
    // the window: nothing of it can be seen.
    return !dock->isHidden() && dock->visibleRegion().isEmpty();
}

void MainWindow::chooseDock(QDockWidget* dock) {
    // A dock opened or brought forward takes the focus, as Ctrl+1 … Ctrl+5 give it: who
    // chooses Errors expects to be in it (the focus stayed where it was, out of sight).
    if (dock->isHidden() || isBehindAnotherTab(dock))
        goToDock(dock);
    else
        dock->close(); // the one in front, as Qt's entry does
    // (Qt's entry follows the dock; ours was toggled by the choice and follows it again.)
    if (QAction* entry = m_dockEntries.value(dock))
        entry->setChecked(!dock->isHidden());
}

void MainWindow::updateDockEntries() {
    for (auto it = m_dockEntries.cbegin(); it != m_dockEntries.cend(); ++it) {
        QDockWidget* dock = it.key();
        QString name = dock->windowTitle();
        name.remove(QStringLiteral("[*]"));
        const QString tip = dock->isHidden()           ? tr("Open %1").arg(name)
                            : isBehindAnotherTab(dock) ? tr("Bring %1 forward (it is open behind "
                                                            "another tab)")
                                                             .arg(name)
                                                       : tr("Close %1").arg(name);
        it.value()->setStatusTip(tip);
        it.value()->setToolTip(tip);
    }
}

QMenu* MainWindow::createPopupMenu() {
    // The context menu on the docks' titles and tabs lists the same entries as View: Qt's
    // list holds each dock's toggleViewAction, which closed a dock behind another's tab.
    QMenu* menu = QMainWindow::createPopupMenu();
    if (!menu)
        return menu;
    for (auto it = m_dockEntries.cbegin(); it != m_dockEntries.cend(); ++it) {
        QAction* qt = it.key()->toggleViewAction();
        if (menu->actions().contains(qt)) {
            menu->insertAction(qt, it.value());
            menu->removeAction(qt);
        }
    }
    updateDockEntries();
    return menu;
}

namespace {
// firstTabStop is the first widget inside `inside` that Tab reaches and that `from` shows,
// or nullptr.
QWidget* firstTabStop(QWidget* inside, const QWidget* from) {
    for (QWidget* w = inside->nextInFocusChain(); w != inside; w = w->nextInFocusChain()) {
        // (as Tab: not a widget that passes its focus on, a chart's viewport to its view)
        if (inside->isAncestorOf(w) && (w->focusPolicy() & Qt::TabFocus) && !w->focusProxy() &&
            w->isEnabled() && w->isVisibleTo(from))
            return w;
    }
    return nullptr;
}
} // namespace

QWidget* MainWindow::startFocus() const {
    const auto takes = [this](const QWidget* w) {
        return w && w->isEnabled() && w->isVisibleTo(this) && (w->focusPolicy() & Qt::TabFocus);
    };
    // The editor's workers list: the scenario's centre, and no field a stray key changes.
    if (QWidget* editor = m_scenarioDock->widget();
        editor && !m_scenarioDock->isHidden() && !isBehindAnotherTab(m_scenarioDock)) {
        // (The editor is the editor library's; its list is found by its object name.)
        if (auto* workers = editor->findChild<QAbstractItemView*>(QStringLiteral("workersView"));
            takes(workers))
            return workers;
        if (QWidget* first = firstTabStop(editor, this); takes(first))
            return first;
    }
    // No scenario yet (the editor is disabled), or the editor closed (a layout kept so): the
    // bottom dock in front, the Summary's table.
    for (QDockWidget* dock :
         {m_summaryDock, m_errorsDock, m_thresholdsDock, m_ratesDock, m_ranksDock}) {
        QWidget* inside = dock ? dock->widget() : nullptr;
        if (!inside || dock->isHidden() || isBehindAnotherTab(dock))
            continue;
        if (takes(inside) && !inside->focusProxy())
            return inside;
        if (QWidget* first = firstTabStop(inside, this); takes(first))
            return first;
    }
    return nullptr;
}

bool MainWindow::event(QEvent* event) {
    // Left to Qt, the window's first Tab stop takes the focus when the window is first
    // activated: the Throughput chart, framed. Given deliberately instead, at that first
    // activation (laid out by then: a dock behind another's tab is known), before Qt's.
    if (event->type() == QEvent::WindowActivate && !std::exchange(m_startFocusGiven, true) &&
        !focusWidget()) {
        if (QWidget* start = startFocus())
            start->setFocus(Qt::ActiveWindowFocusReason);
    }
    return QMainWindow::event(event);
}

void MainWindow::goToDock(QDockWidget* dock) {
    // Where the focus comes from, for when the dock closes (dockClosing): raising the dock
    // hides the one in front, and Qt passes the focus from there to the docks' tabs on the
    // way, which is not where it came from.
    QWidget* from = QApplication::focusWidget();
    dock->show();
    dock->raise();
    // The editor's field last in focus, where the person was; else the first field the
    // dock's Tab order reaches (a table, a rate box, the workers list), else the dock.
    QWidget* const inside = dock->widget();
    QWidget* target = nullptr;
    if (QWidget* last = inside ? inside->focusWidget() : nullptr;
        dock == m_scenarioDock && last && last->isVisible() && last->isEnabled() &&
        last->focusPolicy() != Qt::NoFocus)
        target = last;
    if (!target)
        target = firstTabStop(inside, dock);
    // Nothing to take it (the Ranks tab's line before a distributed run): the dock itself,
    // so that the focus does not stay in a dock its tab now hides.
    (target ? target : inside)->setFocus(Qt::ShortcutFocusReason);
    if (from && from->window() == this && from != dock && !dock->isAncestorOf(from) &&
        from->focusPolicy() != Qt::NoFocus)
        m_focusBefore.insert(dock, from);
}

QWidget* MainWindow::focusFromClosedDock(QDockWidget* dock) const {
    const auto takes = [this, dock](const QWidget* w) {
        return w && w->window() == this && w->isVisible() && w->isEnabled() &&
               w->focusPolicy() != Qt::NoFocus && !w->focusProxy() && w != dock &&
               !dock->isAncestorOf(w);
    };
    // Where the focus was before it went into the dock (the editor's field, a table).
    if (QWidget* before = m_focusBefore.value(dock); takes(before))
        return before;
    // Else the charts' tab, when shown as tabs. Not a chart: a Tab stop for its lines menu,
    // it is no place to land in unasked (the editor's field is, below).
    if (QWidget* charts = firstTabStop(m_chartsStack, this);
        takes(charts) && !qobject_cast<TimeSeriesChart*>(charts))
        return charts;
    // Else the editor: its field last in focus, else its first.
    if (m_scenarioDock != dock && m_scenarioDock->widget() && m_scenarioDock->isVisible() &&
        !isBehindAnotherTab(m_scenarioDock)) {
        QWidget* editor = m_scenarioDock->widget();
        if (QWidget* last = editor->focusWidget(); takes(last))
            return last;
        if (QWidget* first = firstTabStop(editor, this); takes(first))
            return first;
    }
    // Else the first Tab stop of the window (a toolbar's box).
    QWidget* any = firstTabStop(const_cast<MainWindow*>(this), this);
    return takes(any) ? any : nullptr;
}

void MainWindow::dockClosing(QDockWidget* dock) {
    QWidget* to = focusFromClosedDock(dock);
    if (!to)
        return;
    // A floating dock is a window of its own: the focus goes back to this one.
    if (!isActiveWindow())
        activateWindow();
    to->setFocus(Qt::OtherFocusReason);
}

void MainWindow::setRecentRecoveredCheck(std::function<bool(const QString&)> check) {
    m_recentRecovered = std::move(check);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    // The file's name as it is: an '&' in it is doubled, or the menu took it for a mnemonic
    // ("R&D.json" showed as "RD.json"). Names that two files share get their folder, or the
    // list showed "results.json" twice with nothing to tell which is which.
    QHash<QString, int> named;
    for (const QString& path : std::as_const(m_recent))
        ++named[QFileInfo(path).fileName()];
    const auto escaped = [](QString text) { return text.replace(u'&', QStringLiteral("&&")); };
    for (int i = 0; i < m_recent.size(); ++i) {
        const QString path = m_recent[i];
        const QFileInfo file(path);
        QString label = escaped(file.fileName());
        if (named.value(file.fileName()) > 1)
            label += QStringLiteral(" — ") + escaped(QDir::toNativeSeparators(file.absolutePath()));
        // A results file rebuilt from its live stream says so, as in Recent Runs: it was
        // listed like any other file (the same kept run said "(recovered)" there).
        const bool recovered = m_recentRecovered && m_recentRecovered(path);
        if (recovered)
            label += tr(" (recovered)");
        QAction* a = m_recentMenu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(label));
        a->setToolTip(recovered ? path + tr("\nRecovered: rebuilt from its live stream, its data "
                                            "ends at its last complete interval")
                                : path);
        a->setStatusTip(path);
        connect(a, &QAction::triggered, this, [this, path] { emit recentFileRequested(path); });
    }
    if (!m_recent.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear List"), this, [this] {
            setRecentFiles({});
            if (m_keepsSettings)
                QSettings().remove(kRecent);
        });
    }
    m_recentMenu->setEnabled(!m_recent.isEmpty() && !m_running);
}

void MainWindow::saveLayout(QSettings& settings) const {
    settings.setValue(kGeometry, saveGeometry());
    settings.setValue(kState, saveState(kStateVersion));
    settings.setValue(kChartsLayout, m_chartsLayout == ChartsLayout::Tabs ? QStringLiteral("tabs")
                                                                          : QStringLiteral("grid"));
    if (m_chosenWindow >= 0)
        settings.setValue(kChartWindow, m_chosenWindow);
    else
        settings.remove(kChartWindow);
    settings.setValue(kSmoothRates, smoothRates());
    settings.setValue(kLatencyKind, m_latency->kind() == LatencyChart::Kind::Service
                                        ? QStringLiteral("service")
                                        : QStringLiteral("response"));
    settings.setValue(kRecent, m_recent);
}

bool MainWindow::restoreLayout(QSettings& settings) {
    setRecentFiles(settings.value(kRecent).toStringList());
    if (!settings.contains(kGeometry))
        return false;
    restoreGeometry(settings.value(kGeometry).toByteArray());
    restoreState(settings.value(kState).toByteArray(), kStateVersion);
    setChartsLayout(settings.value(kChartsLayout).toString() == QLatin1String("tabs")
                        ? ChartsLayout::Tabs
                        : ChartsLayout::Grid);
    if (settings.contains(kChartWindow))
        setChartWindowSeconds(settings.value(kChartWindow).toDouble());
    setSmoothRates(settings.value(kSmoothRates, false).toBool());
    const bool service = settings.value(kLatencyKind).toString() == QLatin1String("service");
    m_latencyCombo->setCurrentIndex(m_latencyCombo->findData(
        int(service ? LatencyChart::Kind::Service : LatencyChart::Kind::Response)));
    return true;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (m_closeGuard && !m_closeGuard()) {
        event->ignore();
        return;
    }
    saveSettings();
    event->accept();
}

void MainWindow::saveSettings() const {
    if (!m_keepsSettings)
        return;
    QSettings settings;
    saveLayout(settings);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const auto urls = event->mimeData()->urls();
    for (const QUrl& url : urls) {
        if (url.isLocalFile())
            emit fileDropped(url.toLocalFile());
    }
    event->acceptProposedAction();
}

} // namespace pusher
