// The `pusher` executable's command line, run as a user would (offscreen): open a file,
// --run it, save a screenshot and the results, refuse bad options and report a bad file.
#include "../process.h"

#include <pusher/results.h>

#include <QDataStream>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QRect>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

using pusher::test::Ran;
using pusher::test::writeFile;

// The environment the app is started in: offscreen, its settings (QSettings, in
// $XDG_CONFIG_HOME/Pusher/Pusher.conf) in `config` and its kept runs in `runsDir`, never in
// the user's home (a test opening a file wrote it into the user's Open Recent).
QProcessEnvironment appEnvironment(const QString& runsDir = QString(),
                                   const QString& config = QString()) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    // A run that ends is kept (AppController::keptRunsFolder): here, not in the user's home.
    static QTemporaryDir kept;
    env.insert(QStringLiteral("PUSHER_RUNS_DIR"), runsDir.isEmpty() ? kept.path() : runsDir);
    static QTemporaryDir settings;
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.isEmpty() ? settings.path() : config);
    return env;
}

Ran app(const QStringList& args, const QString& runsDir = QString(),
        const QString& config = QString()) {
    return pusher::test::runProcess(QStringLiteral(PUSHER_APP_PATH), args,
                                    appEnvironment(runsDir, config));
}

// The app's settings file under an XDG_CONFIG_HOME.
QString settingsFile(const QString& config) {
    return config + QStringLiteral("/Pusher/Pusher.conf");
}

// The window's size as the settings file holds it (QWidget::saveGeometry's normal geometry),
// or an empty size when it holds none.
QSize savedSize(const QString& settings) {
    const QByteArray geometry = QSettings(settings, QSettings::IniFormat)
                                    .value(QStringLiteral("mainWindow/geometry"))
                                    .toByteArray();
    QDataStream in(geometry);
    quint32 magic = 0;
    quint16 major = 0;
    quint16 minor = 0;
    QRect frame;
    QRect normal;
    in >> magic >> major >> minor >> frame >> normal;
    return magic == 0x1D9D0CB && in.status() == QDataStream::Ok ? normal.size() : QSize();
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// One synthetic worker for a second, every tenth call an error.
const QByteArray kShort = R"({
  "version": 1,
  "name": "app smoke",
  "duration": "1s",
  "workers": [
    { "ident": "think",
      "target": { "kind": "synthetic", "latency": { "distribution": "fixed", "value": "1ms" },
                  "error_ratio": 0.1 },
      "rate": { "rps": 200 } }
  ]
})";

} // namespace

class TestApp : public QObject {
    Q_OBJECT
private slots:
    // --version and --help print and exit without a display (no DISPLAY, no QT_QPA_PLATFORM):
    // over ssh, in a package check, and when the man page is made at build time.
    void versionAndHelpNeedNoDisplay() {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QString::fromLatin1(name));
        const Ran v = pusher::test::runProcess(QStringLiteral(PUSHER_APP_PATH),
                                               {QStringLiteral("--version")}, env);
        QVERIFY2(v.code == 0, qPrintable(v.err));
        QVERIFY2(v.out.startsWith(QStringLiteral("Pusher ")), qPrintable(v.out));
        const Ran h = pusher::test::runProcess(QStringLiteral(PUSHER_APP_PATH),
                                               {QStringLiteral("--help")}, env);
        QVERIFY2(h.code == 0, qPrintable(h.err));
        QVERIFY2(h.out.contains(QStringLiteral("--run")), qPrintable(h.out));
    }

    void opensAFileAndSavesAScreenshot() {
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("idle.png"));
        const Ran r = app({QStringLiteral("--size"), QStringLiteral("1024x700"),
                           QStringLiteral("--screenshot"), png,
                           writeFile(dir, QStringLiteral("s.json"), kShort)});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QImage image(png);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(1024, 700) * image.devicePixelRatio());
    }

    // --screenshot reads and writes no settings (docs/gui.md, "Command line"): the file it
    // opened went into Open Recent, and the list there was replaced by that one file, so
    // scripts/screenshots.sh and this test emptied the user's Open Recent.
    void screenshotLeavesTheSettingsAlone() {
        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("config"));
        QVERIFY(QDir().mkpath(config + QStringLiteral("/Pusher")));
        const QByteArray before =
            "[General]\nrecentFiles=/home/ann/a.json, /home/ann/b.json, /home/ann/c.json\n";
        QVERIFY(writeFile(dir, QStringLiteral("config/Pusher/Pusher.conf"), before) ==
                settingsFile(config));
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), kShort);
        const Ran r =
            app({QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("a.png")), scenario},
                QString(), config);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("a.png"))));
        QCOMPARE(readAll(settingsFile(config)), before);
        // And with --run, whose end is kept and whose results are saved.
        const Ran run = app({QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("b.png")),
                             QStringLiteral("--run"), QStringLiteral("--save-results"),
                             dir.filePath(QStringLiteral("r.json")), scenario},
                            dir.filePath(QStringLiteral("kept")), config);
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("r.json"))));
        QCOMPARE(readAll(settingsFile(config)), before);
    }

    // The window opens at the size it was left at (docs/gui.md, "Layout": geometry is saved
    // on close and restored at start); --size sets it; the first start fits the default
    // 1280x800 to the screen. The default replaced the size restored at every start, and
    // a signal, which ends the app as Quit does, saved no layout at all.
    void theWindowOpensAtTheSizeItWasLeftAt() {
        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("config"));
        QProcessEnvironment env = appEnvironment(dir.filePath(QStringLiteral("kept")), config);
        env.insert(QStringLiteral("QT_QPA_PLATFORM"),
                   QStringLiteral("offscreen:configfile=") +
                       writeFile(dir, QStringLiteral("screen.json"),
                                 R"({"screens": [{"name": "small", "x": 0, "y": 0,
                                     "width": 1024, "height": 700, "logicalDpi": 96}]})"));
        // Started with `args` and the file `name`, then ended as a closed session ends it
        // (SIGHUP, once the file is open: it is then in Open Recent): the size it saved.
        const auto sizeLeft = [&](const QString& name, const QStringList& args) {
            QProcess p;
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(PUSHER_APP_PATH),
                    args + QStringList{writeFile(dir, name, kShort)});
            if (!p.waitForStarted())
                return QSize(-1, -1);
            if (!QTest::qWaitFor(
                    [&] { return readAll(settingsFile(config)).contains(name.toUtf8()); }, 30000))
                qWarning("%s: not opened within 30 s", qPrintable(name));
            ::kill(pid_t(p.processId()), SIGHUP);
            const Ran r = pusher::test::finish(p, 15000);
            if (r.code != 128 + SIGHUP)
                qWarning("%s: exit %d: %s", qPrintable(name), r.code, qPrintable(r.err));
            return savedSize(settingsFile(config));
        };
        const QSize first = sizeLeft(QStringLiteral("first.json"), {});
        QVERIFY2(first.isValid() && first.width() <= 1024 && first.height() <= 700,
                 qPrintable(QStringLiteral("%1x%2").arg(first.width()).arg(first.height())));
        QCOMPARE(sizeLeft(QStringLiteral("sized.json"),
                          {QStringLiteral("--size"), QStringLiteral("960x640")}),
                 QSize(960, 640));
        QCOMPARE(sizeLeft(QStringLiteral("again.json"), {}), QSize(960, 640));
    }

    void runStartsTheFileAndSavesResults() {
        QTemporaryDir dir;
        const QString results = dir.filePath(QStringLiteral("r.json"));
        const Ran r = app({QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("a.png")),
                           QStringLiteral("--run"), QStringLiteral("--errors"),
                           QStringLiteral("--save-results"), results,
                           writeFile(dir, QStringLiteral("s.json"), kShort)},
                          dir.filePath(QStringLiteral("kept")));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // Unattended too, the run is kept in the data folder ($PUSHER_RUNS_DIR here), and the
        // screenshot mode still ends.
        const QStringList kept = QDir(dir.filePath(QStringLiteral("kept")))
                                     .entryList({QStringLiteral("*_app-smoke.json")}, QDir::Files);
        QCOMPARE(kept.size(), 1);
        const auto keptRun =
            pusher::RunResults::load(dir.filePath(QStringLiteral("kept/") + kept.first()));
        QVERIFY(keptRun);
        const auto loaded = pusher::RunResults::load(results);
        QVERIFY(loaded);
        QCOMPARE(loaded->scenario, QStringLiteral("app smoke"));
        QVERIFY(loaded->total.completed > 50);
        QVERIFY(loaded->total.errors > 0);
        QCOMPARE(loaded->total.errorSamples.value(QStringLiteral("synthetic")).size(), 1);
        QCOMPARE(keptRun->total.completed, loaded->total.completed);
    }

    // Ctrl-C in the terminal (SIGINT), `kill` (SIGTERM), a closed session (SIGHUP) during a
    // run: the app stops the run, keeps it (an interrupted results file in the data folder),
    // says so on stderr and ends with 128 + the signal's number, within seconds. (Before, the
    // signal killed it: no results.)
    void aSignalStopsAndKeepsTheRun_data() {
        QTest::addColumn<int>("sig");
        QTest::newRow("SIGINT") << SIGINT;
        QTest::newRow("SIGTERM") << SIGTERM;
        QTest::newRow("SIGHUP") << SIGHUP;
    }
    void aSignalStopsAndKeepsTheRun() {
        QFETCH(int, sig);
        QTemporaryDir dir;
        const QString runs = dir.filePath(QStringLiteral("kept"));
        QProcessEnvironment env = appEnvironment(runs, dir.filePath(QStringLiteral("config")));
        QByteArray minute = kShort;
        minute.replace("\"duration\": \"1s\"", "\"duration\": \"1m\"");
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(PUSHER_APP_PATH),
                {QStringLiteral("--run"), writeFile(dir, QStringLiteral("s.json"), minute)});
        QVERIFY(p.waitForStarted());
        // Running: the engine's threads are there (named pusher-work).
        const QString tasks = QStringLiteral("/proc/%1/task").arg(p.processId());
        auto working = [&tasks] {
            for (const QString& t : QDir(tasks).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
                QFile comm(tasks + u'/' + t + QStringLiteral("/comm"));
                if (comm.open(QIODevice::ReadOnly) && comm.readAll().startsWith("pusher-work"))
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(working(), 30000);
        QCOMPARE(::kill(pid_t(p.processId()), sig), 0);
        const Ran r = pusher::test::finish(p, 15000);
        QVERIFY2(r.code == 128 + sig, qPrintable(QString::number(r.code) + u' ' + r.err));
        QVERIFY2(r.err.contains(QStringLiteral(": the run was stopped and kept as ")),
                 qPrintable(r.err));
        const QStringList kept =
            QDir(runs).entryList({QStringLiteral("*_app-smoke.json")}, QDir::Files);
        QCOMPARE(kept.size(), 1);
        const auto run = pusher::RunResults::load(QDir(runs).filePath(kept.first()));
        QVERIFY(run);
        QVERIFY(run->interrupted);
        QVERIFY(run->total.completed > 0);
    }

    // --errors brings the errors panel (tabbed with the summary) to the front.
    void errorsShowsTheErrorsPanel() {
        QTemporaryDir dir;
        const QString scenario = writeFile(dir, QStringLiteral("s.json"), kShort);
        const QString plain = dir.filePath(QStringLiteral("plain.png"));
        const QString errors = dir.filePath(QStringLiteral("errors.png"));
        QCOMPARE(app({QStringLiteral("--screenshot"), plain, scenario}).code, 0);
        QCOMPARE(app({QStringLiteral("--screenshot"), errors, QStringLiteral("--errors"), scenario})
                     .code,
                 0);
        const QString again = dir.filePath(QStringLiteral("again.png"));
        QCOMPARE(app({QStringLiteral("--screenshot"), again, scenario}).code, 0);
        const QImage a(plain), b(errors);
        QCOMPARE(a.size(), b.size());
        QVERIFY(a == QImage(again)); // the picture is deterministic,
        QVERIFY(a != b);             // so the option made the difference
    }

    void badOptionsAreRefused() {
        const Ran r = app({QStringLiteral("--size"), QStringLiteral("10x10")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--size")), qPrintable(r.err));
    }

    // A bad file opens nothing: its errors go to stderr with their paths, the demo opens.
    void badFileIsReportedWithItsPath() {
        QTemporaryDir dir;
        QByteArray bad = kShort;
        bad.replace(R"("rps": 200)", R"("rps": -5)");
        const Ran r = app({QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("b.png")),
                           writeFile(dir, QStringLiteral("bad.json"), bad)});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains(QStringLiteral("workers[0].rate.rps")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestApp)
#include "tst_app.moc"
