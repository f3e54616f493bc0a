// pusher-bench-open: how long the app takes to open a results file of many workers. The file
// is made by the metrics layer (tests/ui/bigresults.h: what tst_appcontroller opens) and
// saved by RunResults::save; then the real window opens it as File > Open does
// (AppController::openFile) and draws itself once. Prints the file's size, the parse alone
// (RunResults::load) and open + first draw, best and median of the repeats.
// Usage: pusher-bench-open [workers=10000] [intervals=20] [repeats=5] [keep-file]
// (QT_QPA_PLATFORM=offscreen or a display). With keep-file the results file is written there
// and kept (scripts/screenshots.sh opens it in the app); repeats 0 then only writes it.
#include "../tests/ui/bigresults.h"

#include <pusher/ui/appcontroller.h>
#include <pusher/ui/mainwindow.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

#include <sys/resource.h>

namespace {

// cpuMs is the CPU time (user + system) the process has used, in ms.
double cpuMs() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

} // namespace

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    const int workers = argc > 1 ? std::atoi(argv[1]) : 10000;
    const int intervals = argc > 2 ? std::atoi(argv[2]) : 20;
    const int repeats = argc > 3 ? std::atoi(argv[3]) : 5;

    QTemporaryDir dir;
    const QString file =
        argc > 4 ? QString::fromLocal8Bit(argv[4]) : dir.filePath(QStringLiteral("big.json"));
    QString why;
    if (!testing::bigResults(workers, intervals).save(file, &why)) {
        std::fprintf(stderr, "%s\n", qPrintable(why));
        return 1;
    }
    if (repeats <= 0)
        return 0;

    pusher::MainWindow window;
    pusher::AppController controller(&window);
    controller.askSave = [] { return pusher::AppController::SaveAnswer::Discard; };
    bool failed = false;
    controller.reportProblems = [&failed](const QString& title, const QStringList& lines) {
        std::fprintf(stderr, "%s %s\n", qPrintable(title),
                     qPrintable(lines.join(QLatin1Char(' '))));
        failed = true;
    };
    window.resize(1280, 800);
    window.show();
    QApplication::processEvents();

    std::vector<double> parse, open, openCpu;
    for (int i = 0; i < repeats && !failed; ++i) {
        QElapsedTimer t;
        t.start();
        const auto results = pusher::RunResults::load(file, &why);
        parse.push_back(double(t.nsecsElapsed()) / 1e6);
        if (!results) {
            std::fprintf(stderr, "%s\n", qPrintable(why));
            return 1;
        }
        const double cpu0 = cpuMs();
        t.restart();
        controller.openFile(file);
        (void)window.grab(); // draws every widget, the charts included
        open.push_back(double(t.nsecsElapsed()) / 1e6);
        openCpu.push_back(cpuMs() - cpu0);
    }
    if (failed)
        return 1;
    auto best = [](std::vector<double> v) { return *std::min_element(v.begin(), v.end()); };
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    std::printf("results file: %d workers x %d intervals, %.1f MiB\n", workers, intervals,
                double(QFileInfo(file).size()) / (1024.0 * 1024.0));
    std::printf("RunResults::load alone: best %.0f ms, median %.0f ms\n", best(parse),
                median(parse));
    std::printf("open + first draw:      best %.0f ms, median %.0f ms wall; CPU best %.0f ms, "
                "median %.0f ms (%d repeats)\n",
                best(open), median(open), best(openCpu), median(openCpu), repeats);
    return 0;
}
