// pusher: the desktop app. Wiring only: the window, its controller and the command line.
#include <pusher/editor/scenarioeditor.h>
#include <pusher/io/files.h>
#include <pusher/ui/appcontroller.h>
#include <pusher/ui/mainwindow.h>

#include <QApplication>
#include <QBuffer>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QFileInfo>
#include <QPalette>
#include <QScreen>
#include <QSettings>
#include <QStyleFactory>
#include <QTimer>

#include <cstdio>
#include <mutex>
#include <vector>

namespace {

QPalette darkPalette() {
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1e, 0x1f, 0x22), text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, QColor(0x5a, 0xa0, 0xe6));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xb3));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x3a, 0x3c, 0x40));
    p.setColor(QPalette::Mid, QColor(0x24, 0x25, 0x28));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

bool parseSize(const QString& text, QSize& size) {
    const auto parts = text.split(QLatin1Char('x'));
    bool okW = false, okH = false;
    if (parts.size() == 2)
        size = QSize(parts[0].toInt(&okW), parts[1].toInt(&okH));
    return okW && okH && size.width() >= 320 && size.height() >= 240;
}

// asksForText says whether the command line holds --help, --help-all or --version (or -h, -v),
// which print and exit.
bool asksForText(int argc, char* argv[]) {
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "-h" || arg == "--help" || arg == "-v" || arg == "--version" ||
            arg == "--help-all")
            return true;
    }
    return false;
}

// choosesPlatform says whether the command line picks the platform or its display itself
// (-platform, -display, also with two dashes), which then holds for text to print too.
bool choosesPlatform(int argc, char* argv[]) {
    for (int i = 1; i < argc; ++i) {
        QByteArray arg(argv[i]);
        if (arg.startsWith("--"))
            arg.remove(0, 1);
        if (arg == "-platform" || arg == "-display")
            return true;
    }
    return false;
}

// Text to print needs no display, so without one it runs on the offscreen platform instead of
// failing to connect (man pages are made from --help at build time; `pusher --version` works
// over ssh; `pusher --bogus` says what is wrong). Only for what the QApplication prints
// (--help-all, an error, or with a Qt option). Returns whether it did.
bool allowTextOnlyWithoutDisplay(int argc, char* argv[], bool printsOnly) {
    if (!printsOnly || qEnvironmentVariableIsSet("QT_QPA_PLATFORM") ||
        qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
        choosesPlatform(argc, argv))
        return false;
    qputenv("QT_QPA_PLATFORM", "offscreen");
    return true;
}

// hasNoDisplay says that a window could not be shown: no platform chosen (QT_QPA_PLATFORM,
// -platform, -display), neither DISPLAY nor WAYLAND_DISPLAY set, and no Wayland socket where
// Qt looks for one without WAYLAND_DISPLAY ($XDG_RUNTIME_DIR/wayland-0).
bool hasNoDisplay(int argc, char* argv[]) {
    if (qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY") ||
        qEnvironmentVariableIsSet("WAYLAND_DISPLAY") || choosesPlatform(argc, argv))
        return false;
    const QByteArray runtime = qgetenv("XDG_RUNTIME_DIR");
    return runtime.isEmpty() || !QFileInfo::exists(QString::fromLocal8Bit(runtime + "/wayland-0"));
}

// sayNoDisplay says why no window opens, and what will do instead.
int sayNoDisplay() {
    std::fprintf(stderr,
                 "pusher: no display to open the window on (neither DISPLAY nor "
                 "WAYLAND_DISPLAY is set)\n"
                 "pusher: start it in a desktop session, or under xvfb-run -a; pusher-cli runs a "
                 "scenario without a window\n");
    return 1;
}

// Qt's own messages while the QApplication starts are held until the command line is known to
// open a window, and then passed on as they came; a command line that only prints (--help-all,
// an error) prints nothing else. Its platform plugin warns on stderr without XDG_RUNTIME_DIR
// (a root shell without a login session: "QStandardPaths: XDG_RUNTIME_DIR not set, defaulting
// to ..."). A fatal message passes the held ones on first, then itself.
struct HeldMessage {
    QtMsgType type;
    QByteArray file, function, category;
    int line;
    QString text;
};
QtMessageHandler passOn = nullptr;
std::mutex heldLock;
std::vector<HeldMessage> held;

void releaseMessages() {
    std::vector<HeldMessage> messages;
    {
        const std::lock_guard lock(heldLock);
        if (!passOn)
            return;
        qInstallMessageHandler(passOn);
        messages.swap(held);
    }
    const auto orNull = [](const QByteArray& text) {
        return text.isNull() ? nullptr : text.constData();
    };
    for (const HeldMessage& m : messages)
        passOn(m.type,
               QMessageLogContext(orNull(m.file), m.line, orNull(m.function), orNull(m.category)),
               m.text);
}

void holdMessage(QtMsgType type, const QMessageLogContext& context, const QString& text) {
    if (type == QtFatalMsg) {
        const QtMessageHandler next = passOn;
        releaseMessages();
        next(type, context, text);
        return;
    }
    const std::lock_guard lock(heldLock);
    held.push_back({type, QByteArray(context.file), QByteArray(context.function),
                    QByteArray(context.category), context.line, text});
}

// holdMessages starts holding (not with QT_FATAL_WARNINGS, which needs to see the warning).
void holdMessages() {
    if (!qEnvironmentVariableIsSet("QT_FATAL_WARNINGS"))
        passOn = qInstallMessageHandler(holdMessage);
}

// nameApplication gives the application the names its settings, --version and the desktop
// entry use.
void nameApplication() {
    QCoreApplication::setOrganizationName(QStringLiteral("Pusher"));
    QCoreApplication::setApplicationName(QStringLiteral("Pusher"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PUSHER_VERSION));
}

} // namespace

int main(int argc, char* argv[]) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Pusher, a desktop load-testing workbench"));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QStringLiteral("A scenario or results file to open"),
                                 QStringLiteral("[file]"));
    const QCommandLineOption run(QStringLiteral("run"),
                                 QStringLiteral("Start the opened scenario at once"));
    const QCommandLineOption dark(QStringLiteral("dark"), QStringLiteral("Use a dark palette"));
    const QCommandLineOption errors(
        QStringLiteral("errors"), QStringLiteral("Show the errors panel in front of the summary"));
    const QCommandLineOption thresholds(
        QStringLiteral("thresholds"),
        QStringLiteral("Show the thresholds panel in front of the summary"));
    const QCommandLineOption tabs(QStringLiteral("tabs"), QStringLiteral("Show charts as tabs"));
    const QCommandLineOption window(QStringLiteral("window"),
                                    QStringLiteral("Seconds the charts show, 0 = whole run"),
                                    QStringLiteral("seconds"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Save the window to this PNG and quit (settings are not read or written)"),
        QStringLiteral("path"));
    const QCommandLineOption shootAt(
        QStringLiteral("screenshot-at"),
        QStringLiteral("With --screenshot and --run: take it this many seconds into the run "
                       "(default: after the run)"),
        QStringLiteral("seconds"));
    const QCommandLineOption overlay(QStringLiteral("overlay"),
                                     QStringLiteral("Overlay this earlier results file"),
                                     QStringLiteral("results"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QStringLiteral("Window size WxH (default 1280x800)"),
                                  QStringLiteral("WxH"), QStringLiteral("1280x800"));
    const QCommandLineOption saveResults(
        QStringLiteral("save-results"),
        QStringLiteral("With --run: save the results file here when the run ends"),
        QStringLiteral("path"));
    parser.addOptions({run, dark, errors, thresholds, tabs, window, screenshot, shootAt, overlay,
                       saveResults, size});

    // --help and --version print their text and nothing else: a core application is enough
    // for them, while a QApplication loads a platform plugin, which warns on stderr without
    // XDG_RUNTIME_DIR (a root shell without a login session: "QStandardPaths:
    // XDG_RUNTIME_DIR not set, defaulting to ..."). Anything else (--help-all, which lists
    // the GUI's Qt options, a Qt option such as -platform, an error) is for the QApplication,
    // which holds that warning back (holdMessages).
    if (asksForText(argc, argv)) {
        QCoreApplication core(argc, argv);
        nameApplication();
        if (parser.parse(QCoreApplication::arguments()) &&
            !parser.isSet(QStringLiteral("help-all"))) {
            if (parser.isSet(version))
                parser.showVersion();
            if (parser.isSet(help))
                parser.showHelp();
        }
    }

    // Whether this command line only prints (--help-all, an error, a bad --size), as far as
    // can be told before the QApplication takes its Qt options (-style, -platform ...) out.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    QSize windowSize;
    const bool printsOnly = !parser.parse(arguments) || parser.isSet(QStringLiteral("help-all")) ||
                            !parseSize(parser.value(size), windowSize);
    // A window to open and nowhere to show it (an ssh shell): said plainly. Qt's platform
    // plugin aborted ("could not connect to display", exit 134, a core dump).
    if (!printsOnly && hasNoDisplay(argc, argv))
        return sayNoDisplay();
    const bool offscreenForText = allowTextOnlyWithoutDisplay(argc, argv, printsOnly);
    holdMessages();
    QApplication app(argc, argv);
    nameApplication();
    QApplication::setDesktopFileName(QStringLiteral("pusher"));
    parser.process(app);
    if (!parseSize(parser.value(size), windowSize)) {
        std::fprintf(stderr, "pusher: --size: expected WxH of at least 320x240, got \"%s\"\n",
                     qPrintable(parser.value(size)));
        return 2;
    }
    // A window after all (the command line held Qt's options), and no display to show it on.
    if (offscreenForText)
        return sayNoDisplay();
    releaseMessages();

    if (parser.isSet(dark)) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
    }

    pusher::MainWindow mainWindow;
    pusher::AppController controller(&mainWindow);
    // Ctrl-C in the terminal, `kill`, a closed session: the run is stopped and kept, unsaved
    // edits written to a file of their own, and the app ends (exit status 128 + the signal).
    controller.quitOnSignals([](int code) { QApplication::exit(code); });
    const bool shooting = parser.isSet(screenshot);
    if (shooting) {
        // Unattended: no questions, problems go to stderr, and the user's settings are left
        // alone (the file opened went into Open Recent, over the list that was there).
        mainWindow.setKeepsSettings(false);
        controller.askSave = [] { return pusher::AppController::SaveAnswer::Discard; };
        controller.confirmStop = [] { return true; };
        controller.confirmQuit = [] { return true; };
        controller.reportProblems = [](const QString& title, const QStringList& lines) {
            std::fprintf(stderr, "pusher: %s\n", qPrintable(title));
            for (const QString& line : lines)
                std::fprintf(stderr, "  %s\n", qPrintable(line));
        };
    }
    bool restored = false;
    if (!shooting) {
        QSettings settings;
        restored = mainWindow.restoreLayout(settings);
    }
    // The size asked for, else the one the window was closed at, else the default as far as
    // the screen holds it. The default replaced the size restored, and a window of 1280x800
    // on a screen of 1024x700 had its status bar and bottom docks off the screen.
    if (parser.isSet(size))
        mainWindow.resize(windowSize);
    else if (!shooting && !restored)
        mainWindow.resize(windowSize.boundedTo(mainWindow.screen()->availableGeometry().size()));
    if (parser.isSet(tabs))
        mainWindow.setChartsLayout(pusher::MainWindow::ChartsLayout::Tabs);
    if (parser.isSet(errors)) {
        mainWindow.errorsDock()->show();
        mainWindow.errorsDock()->raise();
    }
    if (parser.isSet(thresholds)) {
        mainWindow.thresholdsDock()->show();
        mainWindow.thresholdsDock()->raise();
    }
    if (parser.isSet(window))
        mainWindow.setChartWindowSeconds(parser.value(window).toDouble());
    mainWindow.show();

    // The file named, else the most recent one, else (first start) the demo scenario.
    const QStringList args = parser.positionalArguments();
    bool opened = false;
    if (!args.isEmpty())
        opened = controller.openFile(args.constFirst());
    else if (!shooting && !mainWindow.recentFiles().isEmpty() &&
             QFileInfo::exists(mainWindow.recentFiles().constFirst()))
        opened = controller.openFile(mainWindow.recentFiles().constFirst());
    if (!opened && controller.editor()->scenario().workers.isEmpty())
        controller.openDemo();
    if (parser.isSet(overlay))
        controller.overlayResults(parser.value(overlay));
    if (parser.isSet(saveResults)) {
        const QString resultsPath = parser.value(saveResults);
        QObject::connect(&controller, &pusher::AppController::resultsChanged, &controller,
                         [&controller, resultsPath] { controller.saveResults(resultsPath); });
    }
    if (parser.isSet(run) && !controller.start() && shooting)
        return 1;
    // --window is for this run too, even where the run would pick another (fitChartWindow).
    if (parser.isSet(window) && parser.isSet(run))
        mainWindow.setChartWindowSeconds(parser.value(window).toDouble());

    if (shooting) {
        const QString path = parser.value(screenshot);
        auto shoot = [&mainWindow, path] {
            // Let the layout settle and the charts redraw at their final width first.
            QTimer::singleShot(300, &mainWindow, [&mainWindow, path] {
                mainWindow.commitCharts();
                QTimer::singleShot(100, &mainWindow, [&mainWindow, path] {
                    QByteArray png;
                    QBuffer buffer(&png);
                    buffer.open(QIODevice::WriteOnly);
                    QString why = path + QStringLiteral(": cannot encode PNG");
                    const bool ok = mainWindow.grab().save(&buffer, "PNG") &&
                                    pusher::writeFileAtomically(path, png, &why);
                    if (!ok)
                        std::fprintf(stderr, "pusher: %s\n", qPrintable(why));
                    QApplication::exit(ok ? 0 : 1);
                });
            });
        };
        if (parser.isSet(run) && parser.isSet(shootAt))
            QTimer::singleShot(int(parser.value(shootAt).toDouble() * 1000), &mainWindow, shoot);
        else if (parser.isSet(run))
            QObject::connect(&controller, &pusher::AppController::resultsChanged, &mainWindow,
                             shoot);
        else
            shoot();
    }
    const int code = QApplication::exec();
    controller.stop();
    return code;
}
