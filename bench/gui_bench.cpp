// pusher-bench-gui: GUI responsiveness while the real app runs a heavy synthetic scenario
// with every chart live. Measures the lateness of a 10 ms QTimer on the GUI thread (the
// event-loop lag), the GUI thread's CPU time and the process RSS over time.
// Usage: pusher-bench-gui [seconds=60] [rps-per-worker=12500] [workers=4] [window-seconds=0]
// (QT_QPA_PLATFORM=offscreen or a display).
#include <pusher/editor/scenarioeditor.h>
#include <pusher/ui/appcontroller.h>
#include <pusher/ui/mainwindow.h>
#include <pusher/ui/runcontroller.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <malloc.h>
#include <unistd.h>
#include <vector>

namespace {

double threadCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

double rssMiB() {
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> parts = f.readAll().split(' ');
    return parts.size() > 1
               ? parts[1].toDouble() * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0)
               : 0;
}

// Bytes malloc has handed out and not had back, over all arenas.
double heapMiB() {
    const struct mallinfo2 mi = mallinfo2();
    return double(mi.uordblks + mi.hblkhd) / (1024.0 * 1024.0);
}

double percentile(std::vector<double> v, double q) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(q / 100.0 * double(v.size())))];
}

} // namespace

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    const int seconds = argc > 1 ? std::atoi(argv[1]) : 60;
    const double rps = argc > 2 ? std::atof(argv[2]) : 12500;
    const int workers = argc > 3 ? std::atoi(argv[3]) : 4;
    const double windowSeconds = argc > 4 ? std::atof(argv[4]) : 0;

    pusher::Scenario s;
    s.name = QStringLiteral("gui bench");
    s.duration = std::chrono::seconds(seconds);
    s.interval = std::chrono::milliseconds(250);
    for (int i = 0; i < workers; ++i) {
        pusher::WorkerSpec w;
        w.ident = QStringLiteral("w%1").arg(i + 1);
        w.target.kind = QStringLiteral("synthetic");
        w.target.latency.distribution = pusher::LatencySpec::Distribution::LogNormal;
        w.target.latency.median = std::chrono::milliseconds(2);
        w.target.latency.p99 = std::chrono::milliseconds(10);
        w.target.errorRatio = 0.001;
        w.rate.rps = rps;
        w.overtime = 2000;
        s.workers.append(w);
    }

    pusher::MainWindow window;
    pusher::AppController controller(&window);
    controller.askSave = [] { return pusher::AppController::SaveAnswer::Discard; };
    controller.confirmStop = [] { return true; };
    controller.confirmQuit = [] { return true; };
    controller.reportProblems = [](const QString& title, const QStringList& lines) {
        std::fprintf(stderr, "%s %s\n", qPrintable(title),
                     qPrintable(lines.join(QLatin1Char(' '))));
    };
    window.resize(1280, 800);
    window.setChartWindowSeconds(windowSeconds); // default 0, the whole run: the most chart work
    window.show();
    controller.setScenario(s, QString());

    std::vector<double> lags;
    QElapsedTimer clock;
    qint64 last = 0;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(10);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (last > 0)
            lags.push_back(std::max(0.0, double(now - last) / 1e6 - 10.0));
        last = now;
    });
    struct Memory {
        double at, rss, heap;
    };
    std::vector<Memory> memory;
    QTimer sampler;
    sampler.setInterval(5000);
    QObject::connect(&sampler, &QTimer::timeout, [&] {
        memory.push_back({clock.elapsed() / 1000.0, rssMiB(), heapMiB()});
    });

    double cpu0 = 0;
    QObject::connect(&controller, &pusher::AppController::resultsChanged, &app, [&] {
        const double wall = double(clock.nsecsElapsed()) / 1e9;
        const double cpu = threadCpuSeconds() - cpu0;
        probe.stop();
        const auto& r = controller.runController()->results();
        std::printf(
            "run: %d s, %d workers x %.0f rps: completed %llu (%.0f rps achieved), snapshots %d\n",
            seconds, workers, rps, static_cast<unsigned long long>(r.total.completed),
            r.total.achievedRps, controller.runController()->snapshotCount());
        std::printf("event-loop lag of a 10 ms timer: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%zu "
                    "samples)\n",
                    percentile(lags, 50), percentile(lags, 99), percentile(lags, 100), lags.size());
        std::printf("GUI thread CPU: %.2f s of %.2f s = %.1f %% of a core\n", cpu, wall,
                    100.0 * cpu / wall);
        std::printf("memory over time, MiB (RSS / heap in use):");
        for (const Memory& m : memory)
            std::printf(" %.0fs=%.1f/%.1f", m.at, m.rss, m.heap);
        std::printf("\n");
        QApplication::quit();
    });
    QTimer::singleShot(500, &app, [&] {
        memory.push_back({0.0, rssMiB(), heapMiB()});
        clock.start();
        cpu0 = threadCpuSeconds();
        probe.start();
        sampler.start();
        if (!controller.start())
            QApplication::exit(1);
    });
    return QApplication::exec();
}
