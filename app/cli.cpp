// pusher-cli: the headless front end. Runs scenario files on the same engine as the app,
// validates them, serves the sandbox, and turns results files into reports.
#include "distributed.h"

#include <pusher/exports.h>
#include <pusher/import/import.h>
#include <pusher/io/files.h>
#include <pusher/io/shown.h>
#include <pusher/livemerge.h>
#include <pusher/merge.h>
#include <pusher/results.h>
#include <pusher/run/hostfile.h>
#include <pusher/run/scenariorun.h>
#include <pusher/scenario/duration.h>
#include <pusher/scenario/scenario.h>
#include <pusher/scenario/threshold.h>
#include <pusher/targets/sandbox.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <mutex>
#include <string_view>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace pusher;
using namespace std::chrono_literals;

namespace {

enum Exit { Ok = 0, ThresholdsFailed = 1, Usage = 2, RunFailed = 3, Interrupted = 4 };

std::atomic<int> g_signals{0};
std::atomic<long long> g_firstSignalNs{0};
std::atomic<pid_t> g_mpirunPid{0}; // run --mpi: the mpirun it started
// The first stop signal came from this process's parent: under a user's mpirun, mpirun (or
// its daemon) ending the job, which it does when it is sent SIGINT, SIGTERM or SIGHUP.
std::atomic<bool> g_stoppedByParent{false};

// A stop signal within this long of the first is the same request delivered twice, not a
// second Ctrl-C: `timeout` signals the process and then its group, systemd sends SIGTERM and
// then SIGHUP, a closed terminal SIGHUP from the kernel and from the shell. Quitting on it
// would lose the results of a run that was only asked once to stop.
constexpr long long kSameStopNs = 500'000'000;

long long monotonicNs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts); // async-signal-safe
    return static_cast<long long>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void onSignal(int, siginfo_t* info, void*) {
    const long long now = monotonicNs();
    if (g_signals.fetch_add(1) == 0) {
        g_firstSignalNs.store(now);
        g_stoppedByParent.store(info && info->si_pid > 1 && info->si_pid == ::getppid());
        return;
    }
    const long long first = g_firstSignalNs.load();
    if (first == 0 || now - first < kSameStopNs)
        return; // the first one's twin: the stop it asked for goes on
    if (const pid_t mpirun = g_mpirunPid.load(); mpirun > 0)
        ::kill(mpirun, SIGTERM); // run --mpi: mpirun ends its ranks at once (no results)
    _exit(130);                  // a second Ctrl-C: leave at once
}

// onStopRequest is SIGUSR1 under mpirun (pusher-cli run --mpi's stop, forwarded by mpirun):
// a stop, never a second Ctrl-C — it is sent again until mpirun ends (a rank not yet started
// would miss the first).
void onStopRequest(int) {
    int none = 0;
    if (g_signals.compare_exchange_strong(none, 1))
        g_firstSignalNs.store(monotonicNs());
}

// catchSignals makes SIGINT, SIGTERM and SIGHUP stop the run.
void catchSignals() {
    struct sigaction sa {};
    sa.sa_sigaction = onSignal;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGHUP, &sa, nullptr); // a closed terminal stops the run like SIGTERM
}

// catchStopRequests makes SIGUSR1 stop the run: a rank of a distributed run (docs/
// distributed.md, pusher-cli run --mpi). Set first thing, so that it never kills a rank.
void catchStopRequests() {
    struct sigaction sa {};
    sa.sa_handler = onStopRequest;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, nullptr);
}

// ignoreFatalSignals keeps a write that fails from killing the process before the results
// are written: a closed stdout (`| head`) gives EPIPE, a file-size limit EFBIG.
void ignoreFatalSignals() {
    std::signal(SIGPIPE, SIG_IGN);
    std::signal(SIGXFSZ, SIG_IGN);
}

// out and err print `text` with its control characters escaped (terminalText): the only
// ones that reach the terminal raw are the progress line's own (printProgress).
void out(const QString& text) {
    std::fputs(terminalText(text).toLocal8Bit().constData(), stdout);
    std::fflush(stdout);
}

void err(const QString& text) {
    std::fputs(terminalText(text).toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
}

// ms prints milliseconds as the magnitude asks (2.50ms, 12.5ms, 250ms, 1.50s); a negative
// (a rank's clock offset) keeps its sign unless it rounds to zero: "-0.00ms" reads as a skew.
QString ms(double v) {
    const double a = std::abs(v);
    QString s = a >= 1000  ? QString::number(a / 1000, 'f', 2) + QStringLiteral("s")
                : a >= 100 ? QString::number(a, 'f', 0) + QStringLiteral("ms")
                           : QString::number(a, 'f', a >= 10 ? 1 : 2) + QStringLiteral("ms");
    if (v < 0 && std::any_of(s.cbegin(), s.cend(), [](QChar c) {
            return c >= QLatin1Char('1') && c <= QLatin1Char('9');
        }))
        s.prepend(QLatin1Char('-'));
    return s;
}

QString count(std::uint64_t n) {
    return QLocale::c().toString(static_cast<qulonglong>(n));
}

// printProgress prints one progress line of a run (a single process's or the ranks' merge):
// rewritten in place on a terminal, one line each otherwise. An interval that measured no
// latency (no call ended in it, or none that sent a request) says "p99 -": an empty
// histogram's 0.00ms read as the run's fastest interval.
void printProgress(double t, double total, const SeriesSnapshot& f, bool tty) {
    const QString p99 =
        f.serviceTime.isEmpty() ? QStringLiteral("-") : ms(LatencyMs::of(f.serviceTime).p99);
    const QString line =
        QStringLiteral("[%1s / %2s] rps %3  p99 %4  errors %5  canceled %6  in flight %7")
            .arg(t, 6, 'f', 1)
            .arg(total, 0, 'f', 0)
            .arg(f.rps, 8, 'f', 0)
            .arg(p99, 8)
            .arg(count(f.total.errors))
            .arg(count(f.total.canceled))
            .arg(f.inflight);
    if (!tty) {
        out(line + QLatin1Char('\n'));
        return;
    }
    // On a terminal the line is rewritten in place: these controls are its own.
    std::fputs("\r", stdout);
    std::fputs(terminalText(line).toLocal8Bit().constData(), stdout);
    std::fputs("\x1b[K", stdout);
    std::fflush(stdout);
}

// rankOutputIsTerminal tells whether the progress of a rank of a distributed run ends up on
// a terminal. mpirun gives its ranks a pseudo-terminal as stdout whatever its own is (a CI
// log, a pipe, a file), so isatty() alone would redraw lines in place, with carriage returns
// and escapes, into a log: ask about the stdout of the process that started this rank — on
// mpirun's host mpirun itself — instead. A rank started by a remote daemon (whose stdout is
// no terminal) prints plain lines.
bool rankOutputIsTerminal() {
    if (isatty(STDOUT_FILENO) != 1)
        return false;
    char target[256] = {};
    const QByteArray link = "/proc/" + QByteArray::number(qint64(getppid())) + "/fd/1";
    const ssize_t n = ::readlink(link.constData(), target, sizeof target - 1);
    if (n <= 0)
        return false;
    const std::string_view name(target, std::size_t(n));
    return name.starts_with("/dev/pts/") || name.starts_with("/dev/tty");
}

// readScenarioFile reads a scenario file: a regular file of at most kMaxScenarioBytes (a
// FIFO or a device such as /dev/zero is refused, not read).
std::optional<QByteArray> readScenarioFile(const QString& path) {
    QString why;
    auto data = readFileBounded(path, kMaxScenarioBytes, &why);
    if (!data)
        err(oneLine(why) + QLatin1Char('\n'));
    return data;
}

// writeFile writes an output file atomically (the old file stays whole on any failure) and
// prints why it failed.
bool writeFile(const QString& path, const QByteArray& data) {
    QString why;
    if (!writeFileAtomically(path, data, &why)) {
        err(oneLine(why) + QLatin1Char('\n'));
        return false;
    }
    return true;
}

// loadScenario reads and validates a scenario file, printing every problem.
std::optional<Scenario> loadScenario(const QString& path) {
    auto text = readScenarioFile(path);
    if (!text)
        return std::nullopt;
    // A results file given where a scenario is wanted: say so in one line, rather than warn
    // of each of its keys as unknown and then list what a scenario lacks.
    const QJsonObject doc = QJsonDocument::fromJson(*text).object();
    if (doc.contains(QStringLiteral("total")) && doc.contains(QStringLiteral("timeline")) &&
        !doc.contains(QStringLiteral("duration"))) {
        err(QStringLiteral("%1: the results of a run, not a scenario (pusher-cli report %1 "
                           "shows them; the scenario is the file that was run)\n")
                .arg(oneLine(path)));
        return std::nullopt;
    }
    // So are a run's live timeline stream (its header line first; the whole is no JSON
    // document) and a HAR file, which said "garbage at the end of the document" and a
    // warning for "log" then every key a scenario lacks.
    if (startsAsTimelineStream(*text)) {
        err(QStringLiteral("%1: a run's live timeline stream, not a scenario (pusher-cli report "
                           "--recover %1 -o FILE rebuilds the run's results from it)\n")
                .arg(oneLine(path)));
        return std::nullopt;
    }
    if (doc.value(QStringLiteral("log")).isObject() && !doc.contains(QStringLiteral("workers"))) {
        err(QStringLiteral("%1: a HAR file, not a scenario (pusher-cli import har %1 -o FILE "
                           "makes a scenario of its requests)\n")
                .arg(oneLine(path)));
        return std::nullopt;
    }
    ScenarioParse parse = Scenario::fromJson(*text);
    for (const Problem& w : parse.warnings)
        err(QStringLiteral("%1: warning: %2\n").arg(oneLine(path), oneLine(w.toString())));
    if (!parse.ok()) {
        for (const Problem& p : parse.problems)
            err(QStringLiteral("%1: %2\n").arg(oneLine(path), oneLine(p.toString())));
        return std::nullopt;
    }
    return parse.scenario;
}

// problemLine is a problem `run` found before it starts, as printed: "FILE: path: message",
// or, for one of a command-line option's value ("--url"), "pusher-cli run: --url: message",
// as every other usage error of the options is said (the option is not in the file).
QString problemLine(const QString& path, const Problem& problem) {
    return problem.path.startsWith(QLatin1String("--"))
               ? QStringLiteral("pusher-cli run: %1\n").arg(oneLine(problem.toString()))
               : QStringLiteral("%1: %2\n").arg(oneLine(path), oneLine(problem.toString()));
}

QString summaryTable(const RunResults& r) {
    QString s;
    // The first column is as wide as the longest ident: a flow step's "worker/step" is often
    // longer than 18 characters, and cut there two steps read the same
    // ("shop/browse-catalo" for browse-catalogue-page-1 and -page-2). It is measured on the
    // names as printed (shownInLine) in terminal columns (displayWidth): "a\tb" takes 4, not 3,
    // and "ログイン" 8, not 4.
    int width = 18;
    for (const WorkerResults& w : r.workers)
        width = std::max(width, displayWidth(shownInLine(w.ident)));
    auto row = [&](const WorkerResults& w) {
        // A series without calls measured no latency: "-", not 0.00ms (a step the journeys
        // never reached read as the fastest), as its thresholds say "no calls"; nor a step
        // whose every request failed before it went out (a value missing, cut in its think).
        const bool measured = hasLatency(w);
        const auto latency = [&](double v) { return measured ? ms(v) : QStringLiteral("-"); };
        // One arg() of padded cells: a chain of arg() calls would take a "%2" in the name for
        // the next value's place.
        s += QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9 %10 %11 %12\n")
                 .arg(padded(shownInLine(w.ident), -width), padded(count(w.ticks), 10),
                      padded(count(w.started), 10), padded(count(w.canceled), 9),
                      padded(count(w.ok), 10), padded(count(w.errors), 8),
                      padded(QString::number(w.achievedRps, 'f', 1), 10),
                      padded(latency(w.latencyMs.p50), 9), padded(latency(w.latencyMs.p90), 9),
                      padded(latency(w.latencyMs.p99), 9), padded(latency(w.latencyMs.max), 9),
                      padded(latency(w.responseMs.p99), 9));
    };
    s += QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9 %10 %11 %12\n")
             .arg(QStringLiteral("worker"), -width)
             .arg(QStringLiteral("ticks"), 10)
             .arg(QStringLiteral("started"), 10)
             .arg(QStringLiteral("canceled"), 9)
             .arg(QStringLiteral("ok"), 10)
             .arg(QStringLiteral("errors"), 8)
             .arg(QStringLiteral("rps"), 10)
             .arg(QStringLiteral("p50"), 9)
             .arg(QStringLiteral("p90"), 9)
             .arg(QStringLiteral("p99"), 9)
             .arg(QStringLiteral("max"), 9)
             .arg(QStringLiteral("resp p99"), 9);
    for (const auto& w : r.workers)
        row(w);
    if (r.workers.size() != 1) {
        WorkerResults total = r.total;
        total.ident = QStringLiteral("total");
        row(total);
    }
    s += QStringLiteral("latency: service time (start → end); resp p99: response time from the "
                        "scheduled tick (coordinated omission corrected)\n");
    if (r.total.started > 0)
        s += QStringLiteral("dispatch lag (scheduled tick → call start): p50 %1  p99 %2  max %3\n")
                 .arg(ms(r.total.lagMs.p50), ms(r.total.lagMs.p99), ms(r.total.lagMs.max));
    // A merged run whose parts did not end together names the parts that did not run their
    // course, each with its own end: the merged duration_s is the longest part's.
    const QString parts = partsEnding(r);
    if (r.recovered && !parts.isEmpty()) {
        s += QStringLiteral("recovered: %1 (rebuilt from its live stream, a recovered part ends "
                            "at its last complete interval; %2)\n")
                 .arg(parts, recoveredCalls(r));
    } else if (r.recovered) {
        // What is known, not why the run ended: killed, crashed, or kept by the app when it
        // quit while an MPI run had not stopped; and the calls a stop cut before, when the
        // stream counted them.
        s += QStringLiteral("recovered: rebuilt from its live stream; it ends at its last "
                            "complete interval, at %1 s%2 (%3)\n")
                 .arg(QString::number(r.durationS, 'f', 2), ofPlan(r), recoveredCalls(r));
    } else if (r.interrupted && !parts.isEmpty())
        s += QStringLiteral("interrupted: %1; %2 call(s) in flight were cut (not counted as "
                            "errors)\n")
                 .arg(parts, count(r.total.interrupted));
    else if (r.interrupted)
        // How far into its plan (planned_s), when the results know it (older files do not).
        s += QStringLiteral("interrupted: the run was stopped %1; %2 call(s) in flight were cut "
                            "(not counted as errors)\n")
                 .arg(r.plannedS > 0 ? QStringLiteral("at %1 s%2")
                                           .arg(QString::number(r.durationS, 'f', 1), ofPlan(r))
                                     : QStringLiteral("after %1 s").arg(r.durationS, 0, 'f', 1),
                      count(r.total.interrupted));
    else if (r.total.interrupted > 0)
        // Calls cut by a stop in results that do not say the run was stopped. A run of ours
        // counts a cut call as interrupted only once it is stopped (the calls the graceful stop
        // after its planned end cuts are errors, cut_at_grace, under errors by kind, and the
        // run is not stopped), so such a file was written by another producer or edited: say
        // what it holds, not a stop it does not record.
        s += QStringLiteral("interrupted calls: %1 call(s) in flight were cut by a stop (not "
                            "counted as errors), though the results do not say the run was "
                            "stopped\n")
                 .arg(count(r.total.interrupted));
    if (r.total.notDispatched > 0)
        // Why: a run not stopped fell behind its rate; a stopped one may also have had ticks
        // due that the stop cut before they were dispatched, and which of the two is not known.
        s += QStringLiteral("not dispatched: %1 of %2 ticks (%3 %) were due before the end but "
                            "never dispatched (the load generator fell behind its rate%4); "
                            "counted in canceled\n")
                 .arg(count(r.total.notDispatched), count(r.total.ticks),
                      QString::number(
                          100.0 * static_cast<double>(r.total.notDispatched) /
                              static_cast<double>(std::max<std::uint64_t>(r.total.ticks, 1)),
                          'f', 1),
                      r.interrupted ? QStringLiteral(", or the run was stopped") : QString());
    // samples says why: the first message of each kind (a journey's names its step), so
    // that "extract 5" comes with "step login: extract token: JSON pointer /token not found
    // in the body" without opening the results file.
    auto samples = [&](const WorkerResults& w, const QString& indent) {
        QString lines;
        for (auto it = w.errorsByKind.begin(); it != w.errorsByKind.end(); ++it) {
            const QString first = w.errorSamples.value(it.key()).value(0);
            if (!first.isEmpty() && it.key() != QLatin1String("rows_exhausted"))
                lines +=
                    QStringLiteral("%1%2: %3\n").arg(indent, oneLine(it.key()), oneLine(first));
        }
        return lines;
    };
    QMap<QString, std::uint64_t> kinds = r.total.errorsByKind;
    if (!kinds.isEmpty()) {
        s += QStringLiteral("errors by kind:");
        for (auto it = kinds.begin(); it != kinds.end(); ++it)
            s += QStringLiteral(" %1 %2").arg(oneLine(it.key()), count(it.value()));
        s += QLatin1Char('\n');
        s += samples(r.total, QStringLiteral("  "));
        // A unique data file that ran out says which file and how many rows, per worker.
        for (const WorkerResults& w : r.workers) {
            if (w.errorsByKind.contains(QStringLiteral("rows_exhausted")))
                s += QStringLiteral("%1: %2\n")
                         .arg(oneLine(w.ident),
                              oneLine(
                                  w.errorSamples.value(QStringLiteral("rows_exhausted")).value(0)));
        }
    }
    // A flow's steps: which step failed, and how (an optional step's failures are not the
    // journey's, so the line above does not show them at all).
    QString steps;
    for (const WorkerResults& w : r.workers) {
        if (!w.ident.contains(QLatin1Char('/')) || w.errorsByKind.isEmpty())
            continue;
        steps += QStringLiteral("  %1:").arg(oneLine(w.ident));
        for (auto it = w.errorsByKind.begin(); it != w.errorsByKind.end(); ++it)
            steps += QStringLiteral(" %1 %2").arg(oneLine(it.key()), count(it.value()));
        steps += QLatin1Char('\n');
        steps += samples(w, QStringLiteral("    "));
    }
    if (!steps.isEmpty())
        s += QStringLiteral("step errors by kind:\n") + steps;
    for (const auto& t : r.thresholds)
        s += QStringLiteral("threshold %1  %2  (observed %3)\n")
                 .arg(t.passed ? QStringLiteral("PASS") : QStringLiteral("FAIL"), oneLine(t.expr),
                      thresholdText(r, t));
    return s;
}

// exports writes the results file and the exports asked for (an empty path: not asked).
// `runFailure` is why the run failed (run.failure()), for the JUnit report's error.
int exports(const RunResults& results, const QString& json, const QString& csv, const QString& html,
            const QString& junit, const QString& runFailure = QString()) {
    bool ok = true;
    if (!json.isEmpty()) {
        QString why;
        if (!results.save(json, &why)) {
            err(oneLine(why) + QLatin1Char('\n'));
            ok = false;
        }
    }
    if (!csv.isEmpty())
        ok = writeFile(csv, toCsv(results).toUtf8()) && ok;
    if (!html.isEmpty())
        ok = writeFile(html, toHtml(results).toUtf8()) && ok;
    if (!junit.isEmpty())
        ok = writeFile(junit, toJUnit(results, summaryTable(results), runFailure).toUtf8()) && ok;
    return ok ? Ok : RunFailed;
}

// Parser is a QCommandLineParser that keeps the options it was given (Qt does not tell them):
// a bad option's message says how it was typed, and names the option meant.
class Parser : public QCommandLineParser {
public:
    bool addOption(const QCommandLineOption& option) {
        m_options.append(option);
        return QCommandLineParser::addOption(option);
    }
    const QList<QCommandLineOption>& options() const { return m_options; }

private:
    QList<QCommandLineOption> m_options;
};

// editDistance is the optimal string alignment distance of `a` and `b`: the insertions,
// deletions, substitutions and swaps of two neighbours that make one the other.
qsizetype editDistance(const QString& a, const QString& b) {
    QList<QList<qsizetype>> d(a.size() + 1, QList<qsizetype>(b.size() + 1, 0));
    for (qsizetype i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (qsizetype j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (qsizetype i = 1; i <= a.size(); ++i)
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const qsizetype cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

// longOptionNames is the long names of `options` and of the help options (help, help-all).
QStringList longOptionNames(const QList<QCommandLineOption>& options) {
    QStringList names{QStringLiteral("help"), QStringLiteral("help-all")};
    for (const QCommandLineOption& o : options)
        for (const QString& name : o.names())
            if (name.size() > 1)
                names.append(name);
    return names;
}

// optionMeant is the long option of `longNames` meant by `typed` (dashes or not), when one is
// near: the one within an edit distance of 2 and of one edit per three characters typed
// (`--jsn`, `-jsn`: json; `--durations`: duration; `--rps` is not mpi), case aside, else the
// only one that starts with what was typed (`--rps`: rps-scale). Empty: none is.
QString optionMeant(const QString& typed, const QStringList& longNames) {
    QString name = typed.toLower();
    while (name.startsWith(QLatin1Char('-')))
        name.remove(0, 1);
    QString meant;
    qsizetype best = std::min<qsizetype>(2, name.size() / 3);
    for (const QString& candidate : longNames) {
        const qsizetype d = editDistance(name, candidate);
        if (d <= best && (meant.isEmpty() || d < best)) {
            best = d;
            meant = candidate;
        }
    }
    if (meant.isEmpty() && name.size() >= 2) {
        QStringList starting;
        for (const QString& candidate : longNames)
            if (candidate.startsWith(name))
                starting.append(candidate);
        if (starting.size() == 1)
            meant = starting.first();
    }
    return meant;
}

// unknownOption is the line for an option the command does not take, `typed` as the user
// typed it (`--durations`, `-X`: Qt's "Unknown option 'durations'" dropped the dashes), with
// the option meant when one is near (optionMeant).
QString unknownOption(const QString& typed, const QStringList& longNames) {
    const QString meant = optionMeant(typed, longNames);
    return QStringLiteral("unknown option '%1'%2")
        .arg(oneLine(typed),
             meant.isEmpty() ? QString() : QStringLiteral(": did you mean --%1?").arg(meant));
}

// optionProblems walks `args` as QCommandLineParser::parse reads them (options up to "--";
// "-abc" the short options a, b and c, the rest of it the value of one that takes a value)
// and says what is wrong with each option, as typed: unknown, or a value missing or given
// to an option that takes none. Empty when nothing is.
QStringList optionProblems(const QStringList& args, const QList<QCommandLineOption>& options) {
    QHash<QString, bool> takesValue{{QStringLiteral("h"), false},
                                    {QStringLiteral("help"), false},
                                    {QStringLiteral("help-all"), false}};
    const QStringList longNames = longOptionNames(options);
    for (const QCommandLineOption& o : options)
        for (const QString& name : o.names())
            takesValue.insert(name, !o.valueName().isEmpty());
    QStringList problems;
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == u"--")
            break;
        if (!a.startsWith(QLatin1Char('-')) || a.size() == 1)
            continue; // an argument, or "-"
        const qsizetype assign = a.indexOf(QLatin1Char('='));
        if (a.startsWith(QLatin1String("--"))) {
            const QString typed = assign < 0 ? a : a.left(assign);
            const auto it = takesValue.constFind(typed.mid(2));
            if (it == takesValue.constEnd())
                problems.append(unknownOption(typed, longNames));
            else if (*it && assign < 0 && ++i >= args.size())
                problems.append(QStringLiteral("%1 needs a value").arg(typed));
            else if (!*it && assign >= 0)
                problems.append(QStringLiteral("%1 takes no value").arg(typed));
            continue;
        }
        // Short options, several in one word.
        bool unknown = false;
        bool needsNext = false;
        bool flagAssigned = false;
        qsizetype end = a.size(); // where the options end (a value or "=" may follow)
        for (qsizetype pos = 1; pos < a.size(); ++pos) {
            const auto it = takesValue.constFind(a.mid(pos, 1));
            if (it == takesValue.constEnd()) {
                unknown = true;
                continue;
            }
            if (*it) {
                end = pos + 1;
                needsNext = pos + 1 == a.size();
                break;
            }
            if (pos + 1 < a.size() && a[pos + 1] == u'=') {
                end = pos + 1;
                flagAssigned = true;
                break;
            }
        }
        if (unknown)
            problems.append(unknownOption(a.left(end), longNames));
        if (needsNext && ++i >= args.size())
            problems.append(QStringLiteral("%1 needs a value").arg(a));
        else if (flagAssigned)
            problems.append(QStringLiteral("%1 takes no value").arg(a.left(end)));
    }
    return problems;
}

// processArguments is QCommandLineParser::process, except that --help names the program as
// `pusher-cli COMMAND` (args[0]) where Qt would print the executable's full path, and that a
// bad option (an unknown one, a missing value) exits 2 as every other usage error does: Qt's
// process() exits 1, which is "a threshold did not hold". Its message names the command and
// the option as typed (optionProblems). `refused`, given, says first what a bad option
// means in that command; true when it said it.
void processArguments(Parser& p, const QStringList& args,
                      const std::function<bool(const QCommandLineParser&)>& refused = {}) {
    if (!p.parse(args)) {
        if (refused && refused(p))
            std::exit(Usage);
        QStringList problems = optionProblems(args, p.options());
        if (problems.isEmpty()) // Qt found what the walk did not: its own words
            problems.append(p.errorText());
        QString text;
        for (const QString& problem : std::as_const(problems))
            text += QStringLiteral("%1: %2\n").arg(args.constFirst(), problem);
        text.chop(1);
        err(text + QStringLiteral(" (see %1 --help)\n").arg(args.constFirst()));
        std::exit(Usage);
    }
    // An option with a value given twice (`--json a.json --json b.json`): Qt keeps the last,
    // and the first was dropped in silence (a.json never written). Which one was meant cannot
    // be known, as for a key given twice in a scenario: refused, naming both.
    QStringList twice;
    for (const QCommandLineOption& o : p.options()) {
        const QStringList values = p.values(o.names().constLast());
        if (o.valueName().isEmpty() || values.size() < 2)
            continue;
        QStringList names; // as it may be typed: -o/--output
        for (const QString& name : o.names())
            names.append((name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name);
        twice.append(QStringLiteral("%1: %2 given %3 times (%4): give it once")
                         .arg(args.constFirst(), names.join(QLatin1Char('/')),
                              QString::number(values.size()),
                              oneLine(values.join(QStringLiteral(", ")))));
    }
    if (!twice.isEmpty()) {
        err(twice.join(QLatin1Char('\n')) +
            QStringLiteral(" (see %1 --help)\n").arg(args.constFirst()));
        std::exit(Usage);
    }
    if (p.isSet(QStringLiteral("help")) || p.isSet(QStringLiteral("help-all"))) {
        QString text = p.helpText();
        text.replace(QCoreApplication::arguments().constFirst(), args.constFirst());
        out(text);
        std::exit(Ok);
    }
}

// unwritableOutput says why an output file of a run cannot be written, before the run
// starts: its folder does not exist, is not a folder, or cannot be written to (a read-only
// file system; permissions), or the name is a folder. A run must not spend its time and
// then lose its results to a typo in a path. What cannot be known in advance (a full disk, a
// file-size limit) is still reported when the file is written. Empty: no problem seen.
QString unwritableOutput(const QString& path) {
    if (path.isEmpty() || isNonRegularFile(path))
        return {}; // a device or a FIFO is written in place (and checked then)
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) == 0 && S_ISDIR(st.st_mode))
        return QStringLiteral("%1: cannot write: is a directory").arg(path);
    // A symbolic link's target is replaced (or created): the temporary goes beside it.
    const QByteArray dir = folderOf(writeTarget(path));
    int why = 0;
    if (::stat(dir.constData(), &st) != 0)
        why = errno;
    else if (!S_ISDIR(st.st_mode))
        why = ENOTDIR;
    else if (::access(dir.constData(), W_OK | X_OK) != 0)
        why = errno;
    if (why != 0)
        return QStringLiteral("%1: cannot write: %2: %3")
            .arg(path, QFile::decodeName(dir), QString::fromLocal8Bit(std::strerror(why)));
    return {};
}

// NamedFile is a file a command reads or writes, and what it is to the user ("--json", "the
// scenario file").
struct NamedFile {
    QString what;
    QString path;
};

// fileKey identifies a regular file: its device and inode when it exists (so a link or
// another spelling of the path is the same file), else its absolute path, cleaned. Empty for
// what is not a regular file (a device such as /dev/null may take several outputs).
QString fileKey(const QString& path) {
    if (path.isEmpty())
        return {};
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) == 0)
        return S_ISREG(st.st_mode)
                   ? QStringLiteral("%1:%2").arg(qulonglong(st.st_dev)).arg(qulonglong(st.st_ino))
                   : QString();
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

// fileClash says which output would replace one of the command's inputs (`pusher-cli run
// s.json --json s.json` replaced the scenario with its results) or another output; empty
// when none does. Checked before anything runs: the files a user keeps are never lost to
// a slip on the command line.
QString fileClash(const QList<NamedFile>& inputs, const QList<NamedFile>& outputs) {
    QHash<QString, QString> seen; // key -> what it is
    for (const NamedFile& in : inputs)
        if (const QString key = fileKey(in.path); !key.isEmpty() && !seen.contains(key))
            seen.insert(key, in.what);
    for (const NamedFile& output : outputs) {
        const QString key = fileKey(output.path);
        if (key.isEmpty())
            continue;
        if (const auto it = seen.constFind(key); it != seen.constEnd())
            return QStringLiteral("%1 %2: that is %3, which it would replace (name another file)")
                .arg(output.what, output.path, it.value());
        seen.insert(key, QStringLiteral("the file of ") + output.what);
    }
    return {};
}

// outputsWritable prints, for each of `paths` that cannot be written (unwritableOutput), why
// and that nothing was run; true when every one looks writable.
bool outputsWritable(const QStringList& paths, const QString& prefix = QString()) {
    bool ok = true;
    for (const QString& path : paths) {
        const QString why = unwritableOutput(path);
        if (why.isEmpty())
            continue;
        err(prefix + why + QStringLiteral(" (checked before the run: nothing was run)\n"));
        ok = false;
    }
    return ok;
}

// urlIdle is the warning for a --url that no worker takes: it points http targets and flow
// steps only, and a scenario of tcp, command or synthetic workers ran as written, without a
// word (`run tcp-stages.json --url` with an http URL still called 127.0.0.1:7000). Empty when
// an enabled worker takes it, or none is given.
QString urlIdle(const Scenario& scenario, const QString& url) {
    // One that is no http(s) URL is the run's error, said when it is checked.
    const QUrl u(url, QUrl::StrictMode);
    if (!u.isValid() || (u.scheme() != u"http" && u.scheme() != u"https") || u.host().isEmpty())
        return {};
    for (const WorkerSpec& w : scenario.workers)
        if (w.enabled && (w.target.kind == u"http" || w.target.kind == u"flow"))
            return {};
    return QStringLiteral("warning: --url %1: no worker of the scenario is http or flow, so it "
                          "changes nothing (it points http targets and flow steps only)\n")
        .arg(oneLine(url));
}

// oneArgumentMissing says, before its usage, what is wrong with the arguments of a command
// that takes one file (`what`: "scenario file"): none given, or several (`pusher-cli run
// s.json 10s`, a --duration left out), named as given. It printed the usage alone, which
// says how to write the command but not what was wrong with this one. True when the
// arguments are not one file.
bool oneArgumentMissing(const QString& command, const QStringList& given, const QString& what) {
    if (given.size() == 1)
        return false;
    if (given.isEmpty())
        err(QStringLiteral("%1: no %2 given\n").arg(command, what));
    else
        err(QStringLiteral("%1: %2 arguments given (%3): it takes one, the %4\n")
                .arg(command, QString::number(given.size()),
                     oneLine(given.join(QStringLiteral(", "))), what));
    return true;
}

int cmdValidate(const QStringList& args) {
    Parser p;
    p.setApplicationDescription(
        QStringLiteral("Check a scenario file as a run would before it starts (its data files, "
                       "TLS files, programs, ${VAR}s); prints \"ok\" or every problem."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("scenario"), QStringLiteral("Scenario file (JSON)."));
    processArguments(p, args);
    if (oneArgumentMissing(args.constFirst(), p.positionalArguments(),
                           QStringLiteral("scenario file"))) {
        err(QStringLiteral("usage: pusher-cli validate SCENARIO\n"));
        return Usage;
    }
    const QString path = p.positionalArguments().first();
    const std::optional<Scenario> scenario = loadScenario(path);
    if (!scenario)
        return Usage;
    // Then what `run` checks before it starts (data files, TLS files, a command's program,
    // `${VAR}`s, …), by the same code (ScenarioRun::prepare), starting nothing.
    RunOptions options;
    options.baseDir = QFileInfo(path).absolutePath(); // relative data files sit beside it
    options.checkOnly = true;
    ScenarioRun run(*scenario, options);
    QList<Problem> problems = run.prepare();
    // A scenario the app runs distributed: what only its ranks would find (docs/distributed.md).
    if (const DistributedSpec& d = scenario->distributed; d.enabled) {
        if (const std::optional<Problem> missing = hostfileProblem(d, options.baseDir))
            problems.append(*missing);
        if (const ScenarioParse resolved = scenario->resolved(options.env, options.baseDir);
            resolved.ok())
            problems += distributedProblems(resolved.scenario, d.ranks,
                                            distributedHosts(d, options.baseDir));
    }
    if (!problems.isEmpty()) {
        for (const Problem& pr : problems)
            err(QStringLiteral("%1: %2\n").arg(oneLine(path), oneLine(pr.toString())));
        return Usage;
    }
    out(QStringLiteral("ok\n"));
    return Ok;
}

// RunOutputs are where a run's results go.
struct RunOutputs {
    QString json;
    QString csv;
    QString html;
    QString junit;
    QString rankJson; // distributed: each rank's own results, "{rank}" replaced
    bool quiet = false;
};

// clashes prints fileClash(inputs, outputs) as a usage error of `command` ("pusher-cli
// report") and is true when there is one.
bool clashes(const QString& command, const QList<NamedFile>& inputs,
             const QList<NamedFile>& outputs) {
    const QString clash = fileClash(inputs, outputs);
    if (!clash.isEmpty())
        err(QStringLiteral("%1: %2\n").arg(command, oneLine(clash)));
    return !clash.isEmpty();
}

// runFileClash is fileClash for `run`: the scenario and its data files (those whose path
// has no ${VAR}: a relative one is beside the scenario) against every output, each rank's
// --rank-json file included.
QString runFileClash(const QString& path, const Scenario& scenario, const QString& baseDir,
                     const RunOutputs& outputs, int ranks) {
    QList<NamedFile> inputs{{QStringLiteral("the scenario file"), path}};
    for (qsizetype i = 0; i < scenario.workers.size(); ++i) {
        const QString file = scenario.workers[i].data.file;
        if (file.isEmpty() || file.contains(QStringLiteral("${")))
            continue;
        inputs.append({QStringLiteral("the data file of workers[%1]").arg(i),
                       QFileInfo(file).isAbsolute() ? file : QDir(baseDir).filePath(file)});
    }
    QList<NamedFile> files{{QStringLiteral("--json"), outputs.json},
                           {QStringLiteral("--csv"), outputs.csv},
                           {QStringLiteral("--html"), outputs.html},
                           {QStringLiteral("--junit"), outputs.junit}};
    if (!outputs.rankJson.isEmpty())
        for (int r = 0; r < ranks; ++r)
            files.append(
                {QStringLiteral("--rank-json"),
                 QString(outputs.rankJson).replace(QStringLiteral("{rank}"), QString::number(r))});
    return fileClash(inputs, files);
}

// drive starts `run` and shows its progress until it has finished, stopping it on Ctrl-C /
// SIGTERM.
void drive(ScenarioRun& run, bool quiet) {
    std::mutex latestMutex;
    std::shared_ptr<const Snapshot> latest;
    run.setSnapshotCallback([&](std::shared_ptr<const Snapshot> s) {
        std::lock_guard lock(latestMutex);
        latest = std::move(s);
    });
    const double total = std::chrono::duration<double>(run.duration()).count();
    run.start();
    const bool tty = isatty(STDOUT_FILENO) == 1;
    auto lastLine = Clock::now();
    bool stopping = false;
    std::uint64_t shown = ~0ULL;
    bool timelineReported = false;
    auto reportTimeline = [&] {
        const QString why = run.timelineError();
        if (timelineReported || why.isEmpty())
            return;
        timelineReported = true;
        err(QStringLiteral("%1warning: the live timeline stream stopped: %2 (the run goes on)\n")
                .arg(tty && !quiet ? QStringLiteral("\n") : QString(), why));
    };
    while (!run.wait(100ms)) {
        reportTimeline();
        if (g_signals.load() > 0 && !stopping) {
            stopping = true;
            if (!quiet)
                out(QStringLiteral("\nstopping (Ctrl-C again to quit at once)\n"));
            run.stop();
        }
        std::shared_ptr<const Snapshot> s;
        {
            std::lock_guard lock(latestMutex);
            s = latest;
        }
        if (quiet || !s || s->index == shown)
            continue;
        if (!tty && Clock::now() - lastLine < 5s)
            continue;
        shown = s->index;
        lastLine = Clock::now();
        printProgress(s->t, total, s->farm, tty);
    }
    if (!quiet && tty)
        out(QStringLiteral("\n"));
    reportTimeline();
}

// runLocal runs the scenario in this process: pusher-cli run without mpirun.
// keepEarlierStream moves the live stream of an earlier run that never wrote its results
// (killed, crashed) out of the way — to STREAM.1, .2, … — instead of truncating it.
void keepEarlierStream(const QString& stream) {
    const QFileInfo info(stream);
    if (stream.isEmpty() || !info.isFile() || info.size() == 0)
        return;
    for (int n = 1; n < 10000; ++n) {
        const QString kept = stream + QStringLiteral(".%1").arg(n);
        if (QFileInfo::exists(kept))
            continue;
        if (QFile::rename(stream, kept)) // never over an existing file
            err(QStringLiteral("warning: the live stream of an earlier run that did not write "
                               "its results is kept as %1 (pusher-cli report --recover %1 -o "
                               "FILE rebuilds them)\n")
                    .arg(kept));
        return;
    }
}

int runLocal(const QString& path, const Scenario& scenario, const RunOptions& options,
             const RunOutputs& outputs) {
    ScenarioRun run(scenario, options);
    const QList<Problem> problems = run.prepare();
    if (!problems.isEmpty()) {
        for (const Problem& pr : problems)
            err(problemLine(path, pr));
        return Usage;
    }
    if (!outputsWritable({outputs.json, outputs.csv, outputs.html, outputs.junit}))
        return RunFailed;
    keepEarlierStream(options.timelinePath);
    catchSignals();
    if (!outputs.quiet) {
        out(QStringLiteral("running %1: %2 worker(s) for %3%4\n")
                .arg(oneLine(scenario.name.isEmpty() ? QFileInfo(path).fileName() : scenario.name),
                     QString::number(run.workerIdents().size()), formatDuration(run.duration()),
                     run.sandboxUrl().isEmpty()
                         ? QString()
                         : QStringLiteral(", sandbox at ") + run.sandboxUrl()));
    }
    drive(run, outputs.quiet);

    const RunResults results = run.results();
    if (!outputs.quiet)
        out(summaryTable(results));
    else if (results.total.notDispatched > 0)
        // Why, as the summary's "not dispatched" line says it.
        err(QStringLiteral("warning: %1 of %2 ticks were never dispatched (the load generator "
                           "fell behind its rate%3); counted in canceled\n")
                .arg(count(results.total.notDispatched), count(results.total.ticks),
                     results.interrupted ? QStringLiteral(", or the run was stopped") : QString()));
    const Error failure = run.failure();
    const QString failed = failure ? QString::fromStdString(failure.message()) : QString();
    int code = exports(results, outputs.json, outputs.csv, outputs.html, outputs.junit, failed);
    if (code == Ok && !options.timelinePath.isEmpty())
        QFile::remove(options.timelinePath); // the results file holds the whole timeline
    if (failure) {
        err(QStringLiteral("run failed: %1\n").arg(oneLine(failed)));
        return RunFailed;
    }
    if (code != Ok)
        return code;
    if (results.interrupted) {
        if (!outputs.quiet)
            out(QStringLiteral("INTERRUPTED: the results cover the time run\n"));
        return Interrupted;
    }
    if (!outputs.quiet)
        out(results.passed ? QStringLiteral("passed\n")
                           : QStringLiteral("FAILED: a threshold did not hold\n"));
    return results.passed ? Ok : ThresholdsFailed;
}

std::int64_t systemNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

QString ranksTable(const RunResults& r) {
    QString s = QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9 %10  %11\n")
                    .arg(QStringLiteral("rank"), -5)
                    .arg(QStringLiteral("host / file"), -20)
                    .arg(QStringLiteral("ran"), -28)
                    .arg(QStringLiteral("ticks"), 10)
                    .arg(QStringLiteral("rps"), 10)
                    .arg(QStringLiteral("lag p99"), 9)
                    .arg(QStringLiteral("clock offset"), 13)
                    .arg(QStringLiteral("stream KB"), 10)
                    .arg(QStringLiteral("stream CPU"), 11)
                    .arg(QStringLiteral("errors"), 10)
                    .arg(QStringLiteral("top error"));
    for (const PartResults& p : r.parts)
        s +=
            QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9 %10  %11\n")
                .arg(padded(QString::number(p.rank), -5),
                     padded(cutToWidth(shownInLine(p.host.isEmpty() ? p.source : p.host), 20), -20),
                     padded(partRan(p), -28), padded(count(p.ticks), 10),
                     padded(QString::number(p.achievedRps, 'f', 1), 10), padded(ms(p.lagP99Ms), 9),
                     padded(ms(p.clockOffsetMs), 13),
                     padded(QString::number(static_cast<double>(p.streamBytes) / 1024, 'f', 1), 10),
                     padded(ms(p.streamCpuMs), 11), padded(count(p.errors), 10),
                     p.topErrorKind.isEmpty()
                         ? QStringLiteral("-")
                         : oneLine(p.topErrorKind) + QStringLiteral(": ") + count(p.topErrorCount));
    return s;
}

// driveDistributed runs this rank's share and streams each interval's snapshot to rank 0
// with non-blocking MPI from this (the main) thread; rank 0 merges the ranks' intervals live
// (exactly: counts add, histograms merge) for its progress lines and for the merged
// FILE.timeline.jsonl stream (`streamPath`), as a single run writes its own. Returns once
// the run has finished and every interval has been sent (rank r) or merged (rank 0).
struct StreamCost {
    std::uint64_t bytes = 0;
    double cpuMs = 0;
    // timeline (rank 0) is the live merge's: one point per series per interval, its
    // percentiles from the merged interval histograms (exact).
    QList<TimelinePoint> timeline;
};

// exactIntervalPercentiles gives the merged results' timeline the percentiles of the live
// merge: `mergeResults` only has the ranks' interval percentiles (their files carry no
// interval histograms) and takes their completed-weighted mean; the live merge merged the
// interval histograms themselves. A point takes the live point of its series and interval
// (by its grid index) when their counts agree; points the ranks' recorders downsampled (a
// run of more than the timeline's bound, where a single run's are a weighted mean too) find
// none and keep theirs. Returns the number of points taken.
int exactIntervalPercentiles(RunResults& merged, const QList<TimelinePoint>& live) {
    const double interval = merged.intervalS > 0 ? merged.intervalS : 0.25;
    // The last, partial interval may end near a grid point too: it is told apart.
    auto key = [interval](const TimelinePoint& p) {
        return QStringLiteral("%1\n%2\n%3")
            .arg(p.worker)
            .arg(std::llround(p.t / interval))
            .arg(p.partial ? 1 : 0);
    };
    QHash<QString, const TimelinePoint*> byInterval;
    for (const TimelinePoint& p : live)
        byInterval.insert(key(p), &p);
    int taken = 0;
    for (TimelinePoint& p : merged.timeline) {
        const TimelinePoint* l = byInterval.value(key(p));
        if (!l || l->completed != p.completed || l->started != p.started)
            continue;
        p.latencyMeasured = l->latencyMeasured;
        p.p50Ms = l->p50Ms;
        p.p90Ms = l->p90Ms;
        p.p99Ms = l->p99Ms;
        p.maxMs = l->maxMs;
        p.respP50Ms = l->respP50Ms;
        p.respP90Ms = l->respP90Ms;
        p.respP99Ms = l->respP99Ms;
        p.respMaxMs = l->respMaxMs;
        ++taken;
    }
    return taken;
}

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// RankLive is one rank's progress as rank 0 sees it (its latest interval): a line of the
// live stream after each merged interval, for the app's ranks table.
struct RankLive {
    QString host;
    double clockOffsetMs = 0;
    double t = 0;
    std::uint64_t ticks = 0;
    std::uint64_t completed = 0;
    double rps = 0;
    double lagP99Ms = 0;
    std::uint64_t errors = 0;
    bool ended = false;

    void take(const Snapshot& s) {
        t = s.t;
        ticks = s.farm.total.ticks;
        completed = s.farm.total.completed;
        rps = s.farm.totalRps;
        lagP99Ms = static_cast<double>(s.farm.totalLag.p99) / 1e6;
        errors = s.farm.total.errors;
    }
    QByteArray line(int rank) const {
        const QJsonObject o{{QStringLiteral("rank"), rank},
                            {QStringLiteral("host"), host},
                            {QStringLiteral("t"), t},
                            {QStringLiteral("ticks"), static_cast<qint64>(ticks)},
                            {QStringLiteral("completed"), static_cast<qint64>(completed)},
                            {QStringLiteral("rps"), rps},
                            {QStringLiteral("lag_p99_ms"), lagP99Ms},
                            {QStringLiteral("clock_offset_ms"), clockOffsetMs},
                            {QStringLiteral("errors"), static_cast<qint64>(errors)},
                            {QStringLiteral("ended"), ended}};
        return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    }
};

StreamCost driveDistributed(dist::Comm& comm, ScenarioRun& run, bool quiet, TimePoint at,
                            const QString& streamPath, const QString& jsonPath,
                            std::vector<RankLive> ranks) {
    StreamCost cost;
    // Rank 0 also keeps the results of the merged intervals: when a stop comes (Ctrl-C, or
    // mpirun ending the job because a rank died) they are saved at once, so the time run is
    // on disk even if the other ranks never report; the complete merge replaces them.
    const Scenario& scenario = run.scenario();
    LiveResults live(scenario.name, std::chrono::duration<double>(scenario.interval).count());
    auto saveSoFar = [&] {
        if (jsonPath.isEmpty() || isNonRegularFile(jsonPath))
            return;
        RunResults soFar = live.results();
        soFar.plannedS = std::chrono::duration<double>(run.duration()).count();
        evaluateThresholds(scenario.thresholds, soFar);
        soFar.interrupted = true;
        soFar.passed = false;
        QString why;
        if (soFar.save(jsonPath, &why))
            err(QStringLiteral("rank 0: stopping; the results so far (%1 merged intervals) are "
                               "in %2 until every rank reports\n")
                    .arg(live.intervals())
                    .arg(jsonPath));
        else
            err(oneLine(why) + QLatin1Char('\n'));
    };
    const int rank = comm.rank();
    std::mutex outboxMutex;
    std::vector<std::shared_ptr<const Snapshot>> outbox;
    run.setSnapshotCallback([&](std::shared_ptr<const Snapshot> s) {
        std::lock_guard lock(outboxMutex);
        outbox.push_back(std::move(s));
    });
    SnapshotMerger merger(comm.size());
    std::unique_ptr<AppendStream> stream;
    auto streamFailed = [&](const QString& why) {
        err(QStringLiteral("warning: the live timeline stream stopped: %1 (the run goes on)\n")
                .arg(why));
        stream.reset();
    };
    if (rank == 0 && !streamPath.isEmpty()) {
        keepEarlierStream(streamPath); // a killed run's, not recovered yet: not truncated
        stream = std::make_unique<AppendStream>();
        QString why;
        if (!stream->open(streamPath, &why) ||
            !stream->append(
                timelineHeader(run.scenario(), QDateTime::currentDateTimeUtc(),
                               std::chrono::duration<double>(run.scenario().interval).count()),
                &why))
            streamFailed(why);
    }
    const double total = std::chrono::duration<double>(run.duration()).count();
    const bool tty = rank == 0 && rankOutputIsTerminal();
    auto lastLine = Clock::now() - 1h;
    bool stopping = false;
    bool finished = false;
    bool announced = false;
    run.start(at);
    for (;;) {
        if (!finished)
            finished = run.wait(50ms);
        else
            std::this_thread::sleep_for(2ms); // the others' last intervals: poll, never spin
        const double cpuAtStart = threadCpuMs();
        struct Charge {
            StreamCost& cost;
            double from;
            ~Charge() { cost.cpuMs += threadCpuMs() - from; }
        } charge{cost, cpuAtStart};
        if (g_signals.load() > 0 && !stopping) {
            stopping = true;
            if (rank == 0 && !quiet)
                out(QStringLiteral("\nstopping (Ctrl-C again to quit at once)\n"));
            if (rank == 0)
                saveSoFar();
            run.stop();
        }
        std::vector<std::shared_ptr<const Snapshot>> mine;
        {
            std::lock_guard lock(outboxMutex);
            mine.swap(outbox);
        }
        for (const auto& s : mine) {
            if (rank == 0) {
                merger.add(0, *s);
                ranks[0].take(*s);
            } else {
                const QByteArray bytes = encodeSnapshot(*s);
                cost.bytes += static_cast<std::uint64_t>(bytes.size());
                comm.post(bytes);
            }
        }
        // finish() cut the last interval before the run counted as finished: all is sent.
        if (finished && !announced) {
            announced = true;
            if (rank == 0) {
                merger.finish(0);
                ranks[0].ended = true;
            } else
                comm.post(QByteArray()); // empty: this rank sends no more intervals
        }
        if (rank != 0) {
            if (comm.sendsDone() && announced)
                break;
            continue;
        }
        int from = 0;
        QByteArray bytes;
        while (comm.receive(&from, &bytes)) {
            cost.bytes += static_cast<std::uint64_t>(bytes.size());
            if (bytes.isEmpty()) {
                merger.finish(from);
                if (from >= 0 && std::size_t(from) < ranks.size())
                    ranks[std::size_t(from)].ended = true;
                continue;
            }
            QString why;
            if (auto s = decodeSnapshot(bytes, &why)) {
                merger.add(from, *s);
                if (from >= 0 && std::size_t(from) < ranks.size())
                    ranks[std::size_t(from)].take(*s);
            } else
                err(QStringLiteral("rank %1: an interval does not read: %2\n").arg(from).arg(why));
        }
        const auto merged = merger.take();
        for (const auto& m : merged) {
            live.add(*m);
            if (stream) {
                QString why;
                if (!stream->append(timelineJsonLines(*m), &why))
                    streamFailed(why);
            }
            // A partial interval (the last, cut short) has no rate of the run: a line of it
            // would end the progress on a plunge ("rps 0"), as a single run never shows.
            if (quiet || m->partial || (!tty && Clock::now() - lastLine < 5s))
                continue;
            lastLine = Clock::now();
            printProgress(m->t, total, m->farm, tty);
        }
        // After the intervals merged: each rank's progress, one line per rank; a reader of
        // the stream (the app) shows them as the ranks table.
        if (stream && !merged.empty()) {
            QByteArray lines;
            for (std::size_t r = 0; r < ranks.size(); ++r)
                lines += ranks[r].line(static_cast<int>(r));
            QString why;
            if (!stream->append(lines, &why))
                streamFailed(why);
        }
        if (announced && merger.done())
            break;
    }
    if (stream && rank == 0) { // every rank has ended: their final counts
        QByteArray lines;
        for (std::size_t r = 0; r < ranks.size(); ++r)
            lines += ranks[r].line(static_cast<int>(r));
        QString why;
        if (!stream->append(lines, &why))
            streamFailed(why);
    }
    if (stream) {
        QString why;
        if (!stream->close(&why))
            streamFailed(why);
    }
    if (rank == 0 && !quiet && tty)
        out(QStringLiteral("\n"));
    if (rank == 0)
        cost.timeline = live.results().timeline;
    return cost;
}

// rankJsonShared is why --rank-json cannot serve `ranks` ranks (it has no {rank}), or empty.
QString rankJsonShared(const RunOutputs& outputs, int ranks) {
    if (ranks <= 1 || outputs.rankJson.isEmpty() ||
        outputs.rankJson.contains(QStringLiteral("{rank}")))
        return {};
    return QStringLiteral("pusher-cli run: --rank-json: \"%1\" has no {rank}: every rank would "
                          "write the same file (e.g. results.{rank}.json)\n")
        .arg(oneLine(outputs.rankJson));
}

// runDistributed runs one rank's share of the scenario under mpirun (docs/distributed.md):
// rank 0 reads the scenario, substitutes ${VAR} and sends the bytes; the ranks start
// together; rank 0 gathers every rank's results, merges them into one results file and
// judges the thresholds; every rank exits with rank 0's code.
int runDistributed(dist::Comm& comm, const QString& path, RunOptions options,
                   const RunOutputs& outputs) {
    const int rank = comm.rank();
    const int size = comm.size();
    const QString where = QStringLiteral("rank %1 on %2").arg(rank).arg(comm.host());
    if (const QString shared = rankJsonShared(outputs, size); !shared.isEmpty()) {
        if (rank == 0) // every rank sees the same arguments: one says it
            err(shared);
        return Usage;
    }
    if (const int cpu = dist::singleCoreAffinity(); cpu >= 0)
        err(QStringLiteral("warning: %1 is bound to a single CPU (%2): its calls, I/O and "
                           "recorder threads all share that core; start mpirun with "
                           "--bind-to none\n")
                .arg(where, QString::number(cpu)));

    // The scenario: read and resolved by rank 0 only, so other hosts need only the binary.
    // A `sandbox` URL is served by one sandbox on rank 0's host, which listens on loopback
    // only: every rank must run on that host, else the run is refused.
    const QList<QByteArray> hosts = comm.gather(comm.host().toUtf8());
    std::unique_ptr<SandboxServer> sandbox;
    QByteArray bytes;
    if (rank == 0) {
        auto scenario = loadScenario(path);
        if (scenario) {
            if (const QString clash = runFileClash(path, *scenario, options.baseDir, outputs, size);
                !clash.isEmpty()) {
                // no bytes: every rank stops (exit 2)
                err(QStringLiteral("pusher-cli run: %1\n").arg(oneLine(clash)));
                scenario.reset();
            }
        }
        if (scenario) {
            ScenarioParse parse = scenario->resolved(options.env, options.baseDir);
            for (const Problem& pr : parse.problems)
                err(problemLine(path, pr));
            // What only the ranks would find, said once before any starts: a data file with
            // fewer rows than ranks; a loopback or sandbox URL while a rank is on another host.
            if (parse.ok()) {
                QList<RankHost> elsewhere;
                for (qsizetype r = 0; r < hosts.size(); ++r)
                    if (hosts[r] != comm.host().toUtf8())
                        elsewhere.append(
                            {QString::fromUtf8(hosts[r]),
                             QStringLiteral("rank %1; rank 0 is on %2").arg(r).arg(comm.host())});
                for (const Problem& pr :
                     distributedProblems(parse.scenario, size, elsewhere, options.url)) {
                    err(problemLine(path, pr));
                    parse.problems.append(pr);
                }
            }
            // A --url naming the sandbox is served by that sandbox too: the ranks get the URL
            // it listens on (each would otherwise find a sandbox URL it cannot serve).
            const bool sandboxUrl =
                QUrl(options.url).scheme() == u"http" && QUrl(options.url).host() == u"sandbox";
            if (parse.ok() && (options.url.isEmpty() ? parse.scenario.usesSandbox() : sandboxUrl)) {
                sandbox = std::make_unique<SandboxServer>();
                if (sandbox->start(0, 2)) {
                    parse.scenario = parse.scenario.withSandboxPort(sandbox->port());
                    if (sandboxUrl) {
                        const qsizetype from = options.url.indexOf(u"://") + 3;
                        qsizetype to = from;
                        while (to < options.url.size() && options.url[to] != u'/' &&
                               options.url[to] != u'?' && options.url[to] != u'#')
                            ++to;
                        options.url.replace(from, to - from,
                                            QStringLiteral("127.0.0.1:%1").arg(sandbox->port()));
                    }
                } else {
                    err(QStringLiteral("%1: cannot start the sandbox server: %2\n")
                            .arg(path, sandbox->errorString()));
                    parse.problems.append({QStringLiteral("sandbox"), QString()});
                }
            }
            if (parse.ok())
                bytes = parse.scenario.toJson();
        }
    }
    bytes = comm.broadcast(bytes);
    options.url = QString::fromUtf8(comm.broadcast(options.url.toUtf8())); // rank 0's, as served
    if (bytes.isEmpty())
        return Usage; // rank 0 said why
    const ScenarioParse received = Scenario::fromJson(bytes);
    options.substitute = false;
    options.shareIndex = static_cast<std::uint32_t>(rank);
    options.shareCount = static_cast<std::uint32_t>(size);
    // Only rank 0 writes the live stream, merged from every rank's intervals.
    const QString streamPath = rank == 0 ? options.timelinePath : QString();
    options.timelinePath.clear();
    ScenarioRun run(received.scenario, options);
    QList<Problem> problems = received.problems;
    if (problems.isEmpty())
        problems = run.prepare();
    // Every rank agrees before anything starts; rank 0's problems are every rank's, so only
    // a rank with problems of its own (a host without a command, …) prints them too.
    const int mine = problems.isEmpty() ? 0 : 1;
    const bool rank0Failed = comm.broadcast(std::int64_t(mine)) != 0;
    if (mine && (rank == 0 || !rank0Failed))
        for (const Problem& pr : problems)
            err(problemLine(rank == 0 ? path : path + QStringLiteral(": ") + where, pr));
    if (comm.maxOf(mine) != 0)
        return Usage;
    // Then the output files, before the run: rank 0 writes the merged ones, each rank its
    // own --rank-json; a folder missing on any host stops every rank (exit 3).
    QStringList files;
    if (rank == 0)
        files = {outputs.json, outputs.csv, outputs.html, outputs.junit};
    if (!outputs.rankJson.isEmpty())
        files.append(
            QString(outputs.rankJson).replace(QStringLiteral("{rank}"), QString::number(rank)));
    const int unwritable =
        outputsWritable(files, rank == 0 ? QString() : where + QStringLiteral(": ")) ? 0 : 1;
    if (comm.maxOf(unwritable) != 0)
        return RunFailed;

    catchSignals();
    const Scenario& scenario = run.scenario();
    if (rank == 0 && !outputs.quiet)
        out(QStringLiteral("running %1 on %2 MPI ranks for %3%4\n")
                .arg(oneLine(scenario.name.isEmpty() ? QFileInfo(path).fileName() : scenario.name),
                     QString::number(size), formatDuration(run.duration()),
                     sandbox ? QStringLiteral(", sandbox at ") + sandbox->url() : QString()));

    // A common start: a barrier, each rank's clock offset to rank 0, then rank 0's start
    // time, which each rank reads on its own clock.
    comm.barrier();
    const std::int64_t offsetNs = comm.clockOffsetNs();
    // Rank 0 learns every rank's clock offset (for the ranks' lines in the live stream).
    const QList<QByteArray> offsets = comm.gather(QByteArray::number(qint64(offsetNs)));
    std::vector<RankLive> ranks(rank == 0 ? std::size_t(size) : 0);
    for (std::size_t r = 0; r < ranks.size(); ++r) {
        ranks[r].host = QString::fromUtf8(hosts.value(qsizetype(r)));
        ranks[r].clockOffsetMs = double(offsets.value(qsizetype(r)).toLongLong()) / 1e6;
    }
    constexpr std::int64_t kLeadNs = 300'000'000; // for the broadcast to arrive everywhere
    const std::int64_t startNs = comm.broadcast(rank == 0 ? systemNs() + kLeadNs : 0);
    const TimePoint at = Clock::now() + std::chrono::nanoseconds(startNs + offsetNs - systemNs());
    const StreamCost cost =
        driveDistributed(comm, run, outputs.quiet || rank != 0, at, streamPath,
                         rank == 0 ? outputs.json : QString(), std::move(ranks));

    RunResults mineResults = run.results();
    PartResults part;
    part.rank = rank;
    part.host = comm.host();
    part.clockOffsetMs = static_cast<double>(offsetNs) / 1e6;
    part.ticks = mineResults.total.ticks;
    part.completed = mineResults.total.completed;
    part.achievedRps = mineResults.total.achievedRps;
    part.lagP99Ms = mineResults.total.lagMs.p99;
    part.streamBytes = cost.bytes;
    part.streamCpuMs = cost.cpuMs;
    part.setErrors(mineResults.total);
    mineResults.parts = {part};
    bool written = true;
    if (!outputs.rankJson.isEmpty()) {
        QString why;
        const QString file =
            QString(outputs.rankJson).replace(QStringLiteral("{rank}"), QString::number(rank));
        if (!mineResults.save(file, &why)) {
            err(where + QStringLiteral(": ") + why + QLatin1Char('\n'));
            written = false;
        }
    }
    const Error failure = run.failure();
    const QJsonObject payload{{QStringLiteral("results"), mineResults.toJson()},
                              {QStringLiteral("failure"),
                               failure ? QString::fromStdString(failure.message()) : QString()},
                              {QStringLiteral("written"), written}};
    const QList<QByteArray> all =
        comm.gather(QJsonDocument(payload).toJson(QJsonDocument::Compact));

    int code = Ok;
    bool ranksFailed = false; // a rank's run failed or its results do not read
    QStringList failures;     // why, for the JUnit report's error
    if (rank == 0) {
        QList<RunResults> parts;
        MergeOptions mergeOptions;
        for (int r = 0; r < all.size(); ++r) {
            const QJsonObject o = QJsonDocument::fromJson(all[r]).object();
            QString why;
            parts.append(RunResults::fromJson(o.value(QStringLiteral("results")).toObject(), &why));
            if (!why.isEmpty()) {
                failures.append(
                    QStringLiteral("rank %1: its results do not read: %2").arg(r).arg(why));
                err(failures.last() + QLatin1Char('\n'));
                code = RunFailed;
                ranksFailed = true;
            }
            const QString failed = o.value(QStringLiteral("failure")).toString();
            if (!failed.isEmpty()) {
                const QString rankOn =
                    QStringLiteral("rank %1 on %2").arg(r).arg(parts.last().parts.value(0).host);
                err(QStringLiteral("%1: run failed: %2\n").arg(oneLine(rankOn), oneLine(failed)));
                failures.append(QStringLiteral("%1: %2").arg(rankOn, failed));
                code = RunFailed;
                ranksFailed = true;
            }
            // A rank's --rank-json that could not be written (it said why) fails the command
            // (exit 3) as any output does, but not the run: the merge's verdict stands.
            if (!o.value(QStringLiteral("written")).toBool())
                code = RunFailed;
            mergeOptions.sources.append(QStringLiteral("rank %1").arg(r));
        }
        QString why;
        auto merged = mergeResults(parts, mergeOptions, &why);
        if (!merged) {
            err(QStringLiteral("merging the ranks' results: %1\n").arg(why));
            code = RunFailed;
        } else {
            exactIntervalPercentiles(*merged, cost.timeline);
            evaluateThresholds(scenario.thresholds, *merged);
            if (ranksFailed || merged->interrupted)
                merged->passed = false;
            if (!outputs.quiet) {
                out(summaryTable(*merged));
                out(ranksTable(*merged));
            }
            if (sandbox && !outputs.quiet)
                out(QStringLiteral("sandbox served %1 requests\n")
                        .arg(count(sandbox->requestCount())));
            const int written = exports(*merged, outputs.json, outputs.csv, outputs.html,
                                        outputs.junit, failures.join(QStringLiteral("; ")));
            if (written == Ok && !streamPath.isEmpty())
                QFile::remove(streamPath); // the results file holds the whole timeline
            if (code == Ok)
                code = written != Ok         ? written
                       : merged->interrupted ? Interrupted
                       : merged->passed      ? Ok
                                             : ThresholdsFailed;
            if (!outputs.quiet && code == Interrupted)
                out(QStringLiteral("INTERRUPTED: the results cover the time run\n"));
            else if (!outputs.quiet && code != RunFailed)
                out(merged->passed ? QStringLiteral("passed\n")
                                   : QStringLiteral("FAILED: a threshold did not hold\n"));
        }
    }
    // A user's mpirun that is sent SIGINT, SIGTERM or SIGHUP (a Ctrl-C on its terminal) ends
    // the job itself: it sends the ranks SIGTERM a second later and exits 1, Open MPI's code
    // for a job it ended, whatever the ranks' (distributed.md, How a run is stopped).
    if (code == Interrupted && g_stoppedByParent.load())
        err(QStringLiteral(
            "note: mpirun was sent SIGINT, SIGTERM or SIGHUP (a Ctrl-C on its terminal) and "
            "ends the job itself: it exits 1 whatever the run's code, here 4 (interrupted, the "
            "results written). For mpirun to exit 4, stop it with SIGUSR1 (kill -USR1 on "
            "mpirun's pid), or start the run with pusher-cli run --mpi, whose Ctrl-C does that "
            "(distributed.md)\n"));
    return static_cast<int>(comm.broadcast(std::int64_t(code)));
}

// writtenSince: the first of the outputs asked for (--json, --csv, --html, --junit) was
// written at or after `since` (by rank 0 of the run that began then). False when none was asked.
bool writtenSince(const RunOutputs& outputs, const QDateTime& since) {
    for (const QString& file : {outputs.json, outputs.csv, outputs.html, outputs.junit})
        if (!file.isEmpty()) {
            const QFileInfo info(file);
            return info.exists() && info.lastModified() >= since;
        }
    return false;
}

// The most of a live timeline stream read back (report --recover, run --mpi's recovery): the
// stream of a long run is large, but bounded by its intervals; 4 GiB is far beyond any (a day
// at 250 ms with a few workers is a few hundred MiB).
constexpr std::int64_t kMaxStreamBytes = std::int64_t(4) << 30;

// recoverAfterMpirun writes the results of a distributed run whose rank 0 wrote none, rebuilt
// from the merged live stream it kept beside --json (`stream`) up to its last complete
// interval, as `report --recover` does and the app does after such a run (distributed.md, How
// a run is stopped). That happens when mpirun ends the job on its own: a rank died, or mpirun
// itself got SIGINT/SIGTERM/SIGHUP; run --mpi starts it with odls_base_sigkill_timeout 0, so
// the ranks are SIGKILLed right after their SIGTERM and rank 0 has no time to save. Also when
// mpirun hung after the stop and was ended. Only a stream of this run is taken: written since
// `since` (rank 0 moves an earlier run's aside before it opens its own, keepEarlierStream).
// Returns the exit code — Interrupted when `interrupted` (the run was stopped, not failed),
// else RunFailed; or a failed write's — or -1, having written nothing, when there is no such
// stream or it holds no interval.
int recoverAfterMpirun(const QString& stream, const QDateTime& since, const RunOutputs& outputs,
                       bool interrupted) {
    const QFileInfo info(stream);
    if (stream.isEmpty() || !info.isFile() || info.lastModified() < since)
        return -1;
    QString why;
    const auto text = readFileBounded(stream, kMaxStreamBytes, &why);
    if (!text)
        return -1;
    const auto results = recoverResults(*text, &why);
    if (!results || results->timeline.isEmpty())
        return -1;
    err(QStringLiteral("--mpi: mpirun ended the job before rank 0 wrote the results: recovered "
                       "%1 s of the run, to its last complete interval, from its live stream %2\n")
            .arg(QString::number(results->durationS, 'f', 2), oneLine(stream)));
    if (!outputs.quiet)
        out(summaryTable(*results));
    if (const int written =
            exports(*results, outputs.json, outputs.csv, outputs.html, outputs.junit);
        written != Ok)
        return written;
    QFile::remove(stream); // the results hold every complete interval of it
    if (!interrupted)
        return RunFailed;
    if (!outputs.quiet)
        out(QStringLiteral("INTERRUPTED: the results cover the time run\n"));
    return Interrupted;
}

// runMpi is `pusher-cli run --mpi`: it checks what only the ranks would find (distributed.md,
// Checked before the start), then starts mpirun as the scenario's "distributed" key says, each
// rank `pusher-cli rankArgs…`, and stops it promptly on Ctrl-C (launchMpirun).
int runMpi(const QString& path, const RunOptions& options, const RunOutputs& outputs,
           const QStringList& rankArgs) {
    if (!dist::builtIn()) {
        QString why;
        dist::Comm::init(&why);
        err(QStringLiteral("pusher-cli run: --mpi: %1\n").arg(why));
        return Usage;
    }
    auto scenario = loadScenario(path);
    if (!scenario)
        return Usage;
    err(urlIdle(*scenario, options.url));
    const DistributedSpec& d = scenario->distributed;
    if (const QString shared = rankJsonShared(outputs, d.ranks); !shared.isEmpty()) {
        err(shared);
        return Usage;
    }
    if (const QString clash = runFileClash(path, *scenario, options.baseDir, outputs, d.ranks);
        !clash.isEmpty()) {
        err(QStringLiteral("pusher-cli run: %1\n").arg(oneLine(clash)));
        return Usage;
    }
    // What this machine can tell (a program or a certificate may be on the ranks' hosts only,
    // and rank 0 checks the rest before any rank starts its share).
    const ScenarioParse resolved = scenario->resolved(options.env, options.baseDir);
    QList<Problem> problems = resolved.problems;
    if (const std::optional<Problem> missing = hostfileProblem(d, options.baseDir))
        problems.append(*missing);
    if (resolved.ok())
        problems += distributedProblems(resolved.scenario, d.ranks,
                                        distributedHosts(d, options.baseDir), options.url);
    if (!problems.isEmpty()) {
        for (const Problem& pr : std::as_const(problems))
            err(problemLine(path, pr));
        return Usage;
    }
    // With every rank on this machine (no hosts), the output files are checked here, as a run
    // without --mpi checks them: the ranks found the same only once mpirun had started them,
    // and mpirun then printed its banner of a job aborted (16 lines) after the one that said
    // why. With hosts the files are on theirs, and the ranks check them there.
    if (d.hosts.isEmpty() && hostfilePath(d, options.baseDir).isEmpty()) {
        QStringList files{outputs.json, outputs.csv, outputs.html, outputs.junit};
        if (!outputs.rankJson.isEmpty())
            for (int rank = 0; rank < d.ranks; ++rank)
                files.append(QString(outputs.rankJson)
                                 .replace(QStringLiteral("{rank}"), QString::number(rank)));
        if (!outputsWritable(files))
            return RunFailed;
    }
    const dist::MpirunLaunch launch =
        dist::mpirunLaunch(d.ranks, hostfilePath(d, options.baseDir), d.hosts,
                           QStringList{QCoreApplication::applicationFilePath()} + rankArgs);
    if (launch.program.isEmpty()) {
        err(QStringLiteral("--mpi: %1\n").arg(launch.problem));
        return RunFailed;
    }
    // The handlers first: a Ctrl-C as soon as "starting" shows is a stop, not a kill.
    catchSignals();
    if (!outputs.quiet)
        err(QStringLiteral("starting %1 %2\n")
                .arg(launch.program,
                     launch.arguments.mid(0, launch.arguments.size() - rankArgs.size() - 1)
                         .join(QLatin1Char(' '))));
    const QDateTime startedAt = QDateTime::currentDateTimeUtc();
    QString why;
    dist::MpirunEnd end;
    const int code = dist::launchMpirun(
        launch, [] { return g_signals.load() > 0; }, &why,
        [](qint64 pid) { g_mpirunPid.store(static_cast<pid_t>(pid)); }, &end);
    const bool stopped = g_signals.load() > 0;
    if (code < 0) {
        // Ended by the stop: died of a signal after it, or ended by launchMpirun, hung.
        const bool afterStop = stopped && (end.signal > 0 || end.forced);
        err(QStringLiteral("--mpi: %1%2\n")
                .arg(why,
                     afterStop && !end.forced ? QStringLiteral(" after the stop") : QString()));
        if (!afterStop)
            return RunFailed;
        // mpirun died of a signal after the stop: a stop that kills a rank still loading can
        // leave mpirun writing to a pipe of that rank's, and it dies of SIGPIPE as it ends the
        // job (1 early stop in 40 on a 2-core host; with SIGPIPE ignored it hung instead). Still
        // the user's stop. Rank 0, if the run had begun, wrote the merged results before it
        // ended: those stand, not overwritten.
        if (writtenSince(outputs, startedAt)) {
            if (!outputs.quiet)
                out(QStringLiteral("INTERRUPTED: the results cover the time run\n"));
            return Interrupted;
        }
        // mpirun hung after the stop, and was ended: rank 0's live stream says whether the run
        // had begun, and holds it up to its last complete interval.
        if (end.forced) {
            if (const int recovered =
                    recoverAfterMpirun(options.timelinePath, startedAt, outputs, true);
                recovered >= 0)
                return recovered;
            err(QStringLiteral("--mpi: no results: rank 0 had written none\n"));
            return RunFailed;
        }
    }
    // mpirun ended the job before rank 0 saved the results: what rank 0 streamed is kept as
    // results. A rank died (mpirun exits with its status, 137 for a SIGKILL): a failed run, 3.
    // mpirun was sent SIGINT, SIGTERM or SIGHUP itself (it then exits 1, and no rank exits 1
    // without rank 0's results), or the user's stop came: interrupted, 4.
    if (code != Ok && !writtenSince(outputs, startedAt))
        if (const int recovered =
                recoverAfterMpirun(options.timelinePath, startedAt, outputs, stopped || code == 1);
            recovered >= 0)
            return recovered;
    // The stop reached a rank still loading (before its first instruction sets the handler):
    // it died of it, before any rank could start the run. A stop as any other (exit 4, the
    // results of the time run: none), as the app keeps it (distributed.md): a moment later
    // the same Ctrl-C reaches ranks that take it, and rank 0 writes the merged results. Also
    // when mpirun then died of a signal and no rank wrote results.
    if (stopped && (code == 128 + SIGUSR1 || code < 0)) {
        RunResults stopped;
        stopped.scenario = resolved.scenario.name;
        stopped.startedAt = startedAt;
        stopped.intervalS = std::chrono::duration<double>(resolved.scenario.interval).count();
        stopped.plannedS =
            std::chrono::duration<double>(options.duration.value_or(resolved.scenario.duration))
                .count();
        stopped.interrupted = true;
        stopped.passed = false;
        err(QStringLiteral("stopped while mpirun was starting the ranks: nothing was run\n"));
        if (const int written =
                exports(stopped, outputs.json, outputs.csv, outputs.html, outputs.junit);
            written != Ok)
            return written;
        if (!outputs.quiet)
            out(QStringLiteral("INTERRUPTED: the results cover the time run\n"));
        return Interrupted;
    }
    return code;
}

int cmdRun(const QStringList& args) {
    Parser p;
    p.setApplicationDescription(
        QStringLiteral("Run a scenario file headless (under mpirun: distributed, see "
                       "docs/distributed.md)."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("scenario"), QStringLiteral("Scenario file (JSON)."));
    p.addOption({QStringLiteral("duration"),
                 QStringLiteral("Run time instead of the scenario's (e.g. 30s)."),
                 QStringLiteral("D")});
    p.addOption({QStringLiteral("rps-scale"), QStringLiteral("Multiply every worker's rate by X."),
                 QStringLiteral("X")});
    p.addOption({QStringLiteral("url"),
                 QStringLiteral("Replace the URL of every http target, and the scheme, host and "
                                "port of every flow step's URL."),
                 QStringLiteral("URL")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Write the results file here."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("csv"), QStringLiteral("Write the timeline as CSV here."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("html"), QStringLiteral("Write the HTML report here."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("junit"),
                 QStringLiteral("Write the thresholds as a JUnit XML report here (for CI)."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("rank-json"),
                 QStringLiteral("Under mpirun: each rank also writes its own results here "
                                "(\"{rank}\" is replaced by the rank)."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("quiet"),
                 QStringLiteral("Print nothing on stdout: no progress, summary or verdict (the "
                                "exit code and the results files tell).")});
    p.addOption({QStringLiteral("mpi"),
                 QStringLiteral("Run distributed: start mpirun with the ranks and hosts of the "
                                "scenario's \"distributed\" key (2 ranks here without it), "
                                "after checking what only the ranks would find.")});
    processArguments(p, args);
    if (oneArgumentMissing(args.constFirst(), p.positionalArguments(),
                           QStringLiteral("scenario file"))) {
        err(QStringLiteral(
            "usage: pusher-cli run SCENARIO [--duration D] [--rps-scale X] [--url URL] "
            "[--json FILE] [--csv FILE] [--html FILE] [--junit FILE] [--rank-json FILE] [--quiet] "
            "[--mpi]\n"));
        return Usage;
    }
    const QString path = p.positionalArguments().first();

    RunOptions options;
    options.baseDir = QFileInfo(path).absolutePath(); // relative data files sit beside it
    if (p.isSet(QStringLiteral("duration"))) {
        const QString given = p.value(QStringLiteral("duration"));
        auto d = parseDuration(given);
        if (!d) {
            // As a scenario's duration is said (scenario-format.md, Durations): a bare number
            // lacks only its unit, and a well-written one past what a duration holds is too
            // long; both said "is not a duration (e.g. 30s, …)" of a text written just so.
            static const QRegularExpression bare(QStringLiteral("^\\d+(?:\\.\\d+)?$"));
            static const QRegularExpression form(
                QStringLiteral("^(?:\\d+(?:\\.\\d+)?(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+$"));
            if (bare.match(given).hasMatch())
                err(QStringLiteral("%1: --duration: \"%2\" needs a unit: %2s, %2ms, %2m\n")
                        .arg(args.constFirst(), given));
            else if (form.match(given).hasMatch())
                err(QStringLiteral("%1: --duration: \"%2\" is longer than %3, the longest run\n")
                        .arg(args.constFirst(), given, formatDuration(kMaxScenarioDuration)));
            else
                err(QStringLiteral("%1: --duration: \"%2\" is not a duration (e.g. 30s, 5m, "
                                   "1h30m)\n")
                        .arg(args.constFirst(), oneLine(given)));
            return Usage;
        }
        if (*d <= Duration::zero()) { // written right, but a run must last (as a scenario's)
            err(QStringLiteral("%1: --duration: \"%2\" must be more than 0\n")
                    .arg(args.constFirst(), oneLine(p.value(QStringLiteral("duration")))));
            return Usage;
        }
        if (*d > kMaxScenarioDuration) { // as a scenario's own duration
            err(QStringLiteral("%1: --duration: \"%2\" is longer than %3, the longest run\n")
                    .arg(args.constFirst(), oneLine(p.value(QStringLiteral("duration"))),
                         formatDuration(kMaxScenarioDuration)));
            return Usage;
        }
        options.duration = *d;
    }
    if (p.isSet(QStringLiteral("rps-scale"))) {
        bool ok = false;
        options.rpsScale = p.value(QStringLiteral("rps-scale")).toDouble(&ok);
        if (!ok || !(options.rpsScale > 0) || !std::isfinite(options.rpsScale)) {
            err(QStringLiteral("%1: --rps-scale: \"%2\" is not a positive number\n")
                    .arg(args.constFirst(), oneLine(p.value(QStringLiteral("rps-scale")))));
            return Usage;
        }
    }
    options.url = p.value(QStringLiteral("url"));
    RunOutputs outputs;
    outputs.json = p.value(QStringLiteral("json"));
    outputs.csv = p.value(QStringLiteral("csv"));
    outputs.html = p.value(QStringLiteral("html"));
    outputs.junit = p.value(QStringLiteral("junit"));
    outputs.rankJson = p.value(QStringLiteral("rank-json"));
    outputs.quiet = p.isSet(QStringLiteral("quiet"));
    // No stream beside a device or FIFO (--json /dev/stdout): there is no folder of results.
    if (!outputs.json.isEmpty() && !isNonRegularFile(outputs.json))
        options.timelinePath = outputs.json + QStringLiteral(".timeline.jsonl");

    // --mpi: start mpirun, each rank this program without --mpi.
    if (p.isSet(QStringLiteral("mpi"))) {
        if (dist::worldSizeFromEnv() > 0) {
            err(QStringLiteral("%1: --mpi: already started by mpirun\n").arg(args.constFirst()));
            return Usage;
        }
        QStringList rankArgs = QStringList{QStringLiteral("run")} + args.mid(1);
        rankArgs.removeAll(QStringLiteral("--mpi"));
        return runMpi(path, options, outputs, rankArgs);
    }
    // Under mpirun: one rank of a distributed run. Without MPI built in, say so rather than
    // have every process run the whole scenario.
    if (const int world = dist::worldSizeFromEnv(); world > 0) {
        QString why;
        auto comm = dist::Comm::init(&why);
        if (!comm) {
            err(QStringLiteral("pusher-cli run: started by mpirun as one of %1 processes, but %2\n")
                    .arg(world)
                    .arg(why));
            return Usage;
        }
        return runDistributed(*comm, path, options, outputs);
    }
    if (!outputs.rankJson.isEmpty()) {
        err(QStringLiteral("%1: --rank-json: only for a distributed run (under mpirun)\n")
                .arg(args.constFirst()));
        return Usage;
    }
    auto scenario = loadScenario(path);
    if (!scenario)
        return Usage;
    if (const QString clash = runFileClash(path, *scenario, options.baseDir, outputs, 1);
        !clash.isEmpty()) {
        err(QStringLiteral("pusher-cli run: %1\n").arg(oneLine(clash)));
        return Usage;
    }
    // The scenario's "distributed" settings are the app's (scenario-format.md); here mpirun
    // decides. Say so, rather than leave a run meant for N ranks to run in one unremarked.
    if (const DistributedSpec& d = scenario->distributed; d.enabled)
        // The way to run it as the app does is named first: `--mpi` came after this note.
        err(QStringLiteral("note: %1 is set to run on %2 MPI ranks in the app; pusher-cli runs it "
                           "in this one process (pusher-cli run %1 --mpi runs it on them, as the "
                           "app does; or mpirun -n %2 --bind-to none pusher-cli run …: "
                           "docs/distributed.md)\n")
                .arg(path, QString::number(d.ranks)));
    err(urlIdle(*scenario, options.url));
    return runLocal(path, *scenario, options, outputs);
}

int cmdFormat(const QStringList& args) {
    Parser p;
    p.setApplicationDescription(
        QStringLiteral("Print a valid scenario file in canonical form (stable key order, "
                       "2-space indentation, normalised durations)."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("scenario"), QStringLiteral("Scenario file (JSON)."));
    p.addOption(
        {QStringLiteral("in-place"), QStringLiteral("Rewrite the file instead of printing it.")});
    processArguments(p, args);
    if (oneArgumentMissing(args.constFirst(), p.positionalArguments(),
                           QStringLiteral("scenario file"))) {
        err(QStringLiteral("usage: pusher-cli format SCENARIO [--in-place]\n"));
        return Usage;
    }
    const QString path = p.positionalArguments().first();
    auto scenario = loadScenario(path);
    if (!scenario)
        return Usage;
    const QByteArray text = scenario->toJson();
    if (p.isSet(QStringLiteral("in-place")))
        return writeFile(path, text) ? Ok : RunFailed;
    std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stdout);
    return Ok;
}

// singleQuoted is `text` in single quotes, as a POSIX shell passes it whole (a ' in it as
// '\'').
QString singleQuoted(QString text) {
    text.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + text + QLatin1Char('\'');
}

// shellQuoted is `words` as one argument a POSIX shell passes whole: each word bare when
// it holds nothing a shell reads, else in double quotes ("\\", "\"", "\$" and "\`" escaped),
// the whole in single quotes (a ' in it as '\''). What importCurl splits back into `words`.
QString shellQuoted(const QStringList& words) {
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:=@%+,-]+$"));
    QStringList quoted;
    for (QString w : words) {
        if (plain.match(w).hasMatch()) {
            quoted.append(w);
            continue;
        }
        for (const char* c : {"\\", "\"", "$", "`"})
            w.replace(QLatin1String(c), QLatin1Char('\\') + QLatin1String(c));
        quoted.append(QLatin1Char('"') + w + QLatin1Char('"'));
    }
    return singleQuoted(quoted.join(QLatin1Char(' ')));
}

// curlWords is what follows `import curl` after import's own options before it (-o FILE,
// --drop-static, --help): the curl command line, quoted as one argument or split into words
// by the shell. Empty when `import curl` is not what was given.
QStringList curlWords(const QStringList& args) {
    if (args.value(1) != u"curl")
        return {};
    for (qsizetype i = 2; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == u"-o" || a == u"--output") {
            ++i; // its value
            continue;
        }
        if (a.startsWith(QLatin1String("--output=")) || a == u"--drop-static" || a == u"-h" ||
            a == u"--help" || a == u"--help-all")
            continue;
        return args.mid(i);
    }
    return {};
}

// splitCurlCommand is the words of a curl command line the shell split (`import curl curl -X
// POST URL`, not quoted): the arguments from the word `curl` on, when the first argument after
// `import curl` that is not an option of import's is that word alone. A quoted command line
// is one argument; its first word alone would be a command line without a URL. Empty: not so.
QStringList splitCurlCommand(const QStringList& args) {
    const QStringList words = curlWords(args);
    const QString first = words.value(0);
    return first == u"curl" || first.endsWith(QLatin1String("/curl")) ? words : QStringList();
}

// besideAs is `path` with its suffix replaced by `suffix`, in the same folder ("a.har" ->
// "a.json", "/tmp/x/b.har" -> "/tmp/x/b.json"): a suggested output next to its input, not in
// the current folder.
QString besideAs(const QString& path, const QString& suffix) {
    const QFileInfo info(path);
    const QString name = info.completeBaseName() + suffix;
    return info.path() == u"." && !path.startsWith(QStringLiteral("./"))
               ? name
               : info.path() + QLatin1Char('/') + name;
}

int cmdImport(const QStringList& args) {
    // A curl command line not quoted reaches us split into words, and its options (-X, -H,
    // -d, and -o, which is also ours) would be read as import's: which words belong to it
    // cannot be known, so it is refused with the command quoted (cli.md, import).
    if (const QStringList words = splitCurlCommand(args); !words.isEmpty()) {
        err(QStringLiteral("pusher-cli import curl: give the curl command as one argument, in "
                           "quotes: pusher-cli import curl %1\n")
                .arg(oneLine(shellQuoted(words))));
        return Usage;
    }
    Parser p;
    p.setApplicationDescription(QStringLiteral(
        "Make a scenario from a curl command line or a HAR file (a browser's \"Save all as "
        "HAR\"). Prints the scenario, or writes it with -o; what was left out is listed on "
        "standard error.\n"
        "  pusher-cli import curl 'curl -X POST -H \"X-A: 1\" -d a=1 http://127.0.0.1:8080/x'\n"
        "  pusher-cli import har session.har -o journey.json --drop-static"));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("curl|har"), QStringLiteral("What to import."));
    p.addPositionalArgument(QStringLiteral("source"),
                            QStringLiteral("curl: the command line, as one argument (quote it); "
                                           "har: the HAR file."));
    p.addOption(
        {{QStringLiteral("o"), QStringLiteral("output")},
         QStringLiteral("Write the scenario to <file> (atomically) instead of printing it."),
         QStringLiteral("file")});
    p.addOption({QStringLiteral("drop-static"),
                 QStringLiteral("har: leave out static assets (images, fonts, style sheets, "
                                "scripts, media).")});
    // A curl command line not quoted and without the word curl (`import curl -X POST URL`):
    // import's parser stops at curl's first option (-X is not import's), which is not what is
    // wrong. Said as for the form with curl, the command quoted with the word curl first (a
    // quoted argument that starts with "-" would be read as options). Not when a quoted
    // command line comes first, or an unknown option is near one of import's (`--out`): a
    // typo of import's own.
    processArguments(p, args, [&](const QCommandLineParser& parsed) {
        const QStringList words = curlWords(args);
        const QStringList unknown = parsed.unknownOptionNames();
        const QStringList names = longOptionNames(p.options());
        if (unknown.isEmpty() || words.isEmpty() ||
            words.first().startsWith(QLatin1String("curl ")) ||
            std::any_of(unknown.begin(), unknown.end(),
                        [&](const QString& u) { return !optionMeant(u, names).isEmpty(); }))
            return false;
        static const QRegularExpression space(QStringLiteral("\\s"));
        err(QStringLiteral("pusher-cli import curl: give the curl command as one argument, in "
                           "quotes: pusher-cli import curl %1\n")
                .arg(oneLine(words.size() == 1 && words.first().contains(space)
                                 ? singleQuoted(QStringLiteral("curl ") + words.first())
                                 : shellQuoted(QStringList{QStringLiteral("curl")} + words))));
        return true;
    });
    const QStringList pos = p.positionalArguments();
    if (pos.size() > 2 && pos[0] == u"curl") {
        // Words split by the shell, or several command lines (one of them quoted: shown as
        // the form, not joined into a line nobody wrote).
        const QStringList words = pos.mid(1);
        static const QRegularExpression space(QStringLiteral("\\s"));
        const bool quotedOne = std::any_of(words.begin(), words.end(),
                                           [](const QString& w) { return w.contains(space); });
        err(QStringLiteral("pusher-cli import curl: give the curl command as one argument, in "
                           "quotes: pusher-cli import curl %1 (%2 arguments given)\n")
                .arg(quotedOne ? QStringLiteral("'curl -X POST …'") : oneLine(shellQuoted(words)),
                     QString::number(words.size())));
        return Usage;
    }
    if (pos.size() > 2 && pos[0] == u"har") {
        err(QStringLiteral("pusher-cli import har: one HAR file at a time (%1 given: %4); "
                           "import each with its own -o: pusher-cli import har %2 -o %3\n")
                .arg(QString::number(pos.size() - 1), oneLine(pos[1]),
                     oneLine(besideAs(pos[1], QStringLiteral(".json"))),
                     oneLine(pos.mid(1).join(QStringLiteral(", ")))));
        return Usage;
    }
    if (pos.size() != 2 || (pos[0] != u"curl" && pos[0] != u"har")) {
        // What is wrong first, then how to write it (the usage alone said neither).
        if (pos.isEmpty())
            err(QStringLiteral("pusher-cli import: nothing to import given (curl or har)\n"));
        else if (pos[0] != u"curl" && pos[0] != u"har")
            err(QStringLiteral("pusher-cli import: \"%1\" is not what it imports (curl or "
                               "har)\n")
                    .arg(oneLine(pos[0])));
        else
            err(pos[0] == u"curl"
                    ? QStringLiteral("pusher-cli import curl: no command line given\n")
                    : QStringLiteral("pusher-cli import har: no HAR file given\n"));
        err(QStringLiteral("usage: pusher-cli import curl 'COMMAND LINE' [-o F]\n"
                           "       pusher-cli import har FILE.har [-o F] [--drop-static]\n"));
        return Usage;
    }
    ImportResult result;
    if (pos[0] == u"curl") {
        if (p.isSet(QStringLiteral("drop-static"))) {
            err(QStringLiteral("pusher-cli import curl: --drop-static is for har imports only\n"));
            return Usage;
        }
        result = importCurl(pos[1]);
    } else {
        if (clashes(QStringLiteral("pusher-cli import har"),
                    {{QStringLiteral("the HAR file"), pos[1]}},
                    {{QStringLiteral("-o"), p.value(QStringLiteral("output"))}}))
            return Usage;
        QString why;
        const auto text = readFileBounded(pos[1], 256LL * 1024 * 1024, &why);
        if (!text) {
            err(oneLine(why) + QLatin1Char('\n'));
            return Usage;
        }
        HarOptions options;
        options.dropStatic = p.isSet(QStringLiteral("drop-static"));
        result = importHar(*text, options, pos[1]);
    }
    if (!result.ok()) {
        err(QStringLiteral("cannot import: %1\n").arg(result.error));
        return Usage;
    }
    for (const QString& line : std::as_const(result.ignored))
        err(QStringLiteral("ignored: %1\n").arg(line));
    for (const QString& line : std::as_const(result.notes))
        err(QStringLiteral("note: %1\n").arg(line));
    const QByteArray text = result.scenario.toJson();
    const QString output = p.value(QStringLiteral("output"));
    if (!output.isEmpty()) {
        if (!writeFile(output, text))
            return RunFailed;
        err(QStringLiteral("wrote %1\n").arg(output));
        return Ok;
    }
    std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stdout);
    return Ok;
}

int cmdSandbox(const QStringList& args) {
    Parser p;
    p.setApplicationDescription(QStringLiteral(
        "Serve the sandbox HTTP server on 127.0.0.1 until SIGINT, SIGTERM or SIGHUP."));
    p.addHelpOption();
    p.addOption({QStringLiteral("port"), QStringLiteral("Port (default: a free one)."),
                 QStringLiteral("P"), QStringLiteral("0")});
    processArguments(p, args);
    // It takes no argument: one given (a port without --port, a word meant for another
    // command) was ignored and the sandbox served on a free port until stopped.
    if (!p.positionalArguments().isEmpty()) {
        err(QStringLiteral("pusher-cli sandbox: unexpected argument '%1' (it takes none)\n"
                           "usage: pusher-cli sandbox [--port P]\n")
                .arg(oneLine(p.positionalArguments().first())));
        return Usage;
    }
    bool ok = false;
    const uint port = p.value(QStringLiteral("port")).toUInt(&ok);
    if (!ok || port > 65535) {
        // Worded as pusher-sandbox words it: the program, the option, the value and the range.
        err(QStringLiteral("pusher-cli sandbox: --port \"%1\" is not a number from 0 to 65535\n"
                           "usage: pusher-cli sandbox [--port P]\n")
                .arg(oneLine(p.value(QStringLiteral("port")))));
        return Usage;
    }
    SandboxServer server;
    if (!server.start(static_cast<quint16>(port))) {
        err(server.errorString() + QLatin1Char('\n')); // "sandbox: cannot listen on …: why"
        return RunFailed;
    }
    catchSignals();
    out(QStringLiteral("listening on %1\n").arg(server.url()));
    while (g_signals.load() == 0)
        std::this_thread::sleep_for(50ms);
    server.stop();
    out(QStringLiteral("served %1 requests\n").arg(count(server.requestCount())));
    return Ok;
}

// report's three forms, for its usage lines.
const QLatin1String kReportShowUsage(
    "pusher-cli report RESULTS [--html FILE] [--csv FILE] [--junit FILE] [--compare OTHER]");
const QLatin1String kReportMergeUsage(
    "pusher-cli report --merge RESULTS... [-o FILE] [--force] [--html FILE] [--csv FILE] "
    "[--junit FILE]");
const QLatin1String kReportRecoverUsage(
    "pusher-cli report --recover STREAM -o FILE [--html FILE] [--csv FILE] [--junit FILE]");

// reportMerge merges the results files named on the command line (report --merge); cmdReport
// has checked its arguments (files given, no --compare).
int reportMerge(const QCommandLineParser& p) {
    const QStringList files = p.positionalArguments();
    QList<NamedFile> read;
    for (const QString& file : files)
        read.append({QStringLiteral("an input of --merge"), file});
    if (clashes(QStringLiteral("pusher-cli report"), read,
                {{QStringLiteral("-o"), p.value(QStringLiteral("output"))},
                 {QStringLiteral("--csv"), p.value(QStringLiteral("csv"))},
                 {QStringLiteral("--html"), p.value(QStringLiteral("html"))},
                 {QStringLiteral("--junit"), p.value(QStringLiteral("junit"))}}))
        return Usage;
    QList<RunResults> inputs;
    MergeOptions options;
    options.force = p.isSet(QStringLiteral("force"));
    for (const QString& file : files) {
        QString why;
        auto results = RunResults::load(file, &why);
        if (!results) {
            err(oneLine(why) + QLatin1Char('\n'));
            return Usage;
        }
        inputs.append(*results);
        options.sources.append(QFileInfo(file).fileName());
    }
    QString why;
    auto merged = mergeResults(inputs, options, &why);
    if (!merged) {
        err(QStringLiteral("pusher-cli report --merge: %1\n").arg(oneLine(why)));
        return Usage;
    }
    QStringList exprs;
    for (const auto& t : merged->thresholds)
        exprs.append(t.expr);
    evaluateThresholds(exprs, *merged);
    // A part that did not run its course (stopped, or recovered before its plan's end) leaves
    // the whole interrupted: it does not pass, whatever its thresholds say (as `run`).
    if (merged->interrupted)
        merged->passed = false;
    out(QStringLiteral("merged %1 results files\n").arg(files.size()));
    out(summaryTable(*merged));
    out(ranksTable(*merged));
    const int code =
        exports(*merged, p.value(QStringLiteral("output")), p.value(QStringLiteral("csv")),
                p.value(QStringLiteral("html")), p.value(QStringLiteral("junit")));
    if (code != Ok)
        return code;
    return merged->interrupted ? Interrupted : merged->passed ? Ok : ThresholdsFailed;
}

// reportRecover rebuilds the results file of a killed run from its live timeline stream;
// cmdReport has checked its arguments (one stream, -o).
int reportRecover(const QCommandLineParser& p) {
    const QString stream = p.positionalArguments().first();
    if (clashes(QStringLiteral("pusher-cli report"), {{QStringLiteral("the stream"), stream}},
                {{QStringLiteral("-o"), p.value(QStringLiteral("output"))},
                 {QStringLiteral("--csv"), p.value(QStringLiteral("csv"))},
                 {QStringLiteral("--html"), p.value(QStringLiteral("html"))},
                 {QStringLiteral("--junit"), p.value(QStringLiteral("junit"))}}))
        return Usage;
    QString why;
    const auto text = readFileBounded(stream, kMaxStreamBytes, &why);
    if (!text) {
        err(oneLine(why) + QLatin1Char('\n'));
        return Usage;
    }
    int dropped = 0;
    const auto results = recoverResults(*text, &why, &dropped);
    if (!results) {
        err(stream + QStringLiteral(": ") + why + QLatin1Char('\n'));
        return Usage;
    }
    out(summaryTable(*results));
    out(QStringLiteral("recovered %1 s of the run from %2 (%3 interval(s))%4\n")
            .arg(QString::number(results->durationS, 'f', 2), oneLine(stream),
                 QString::number(results->timeline.size() /
                                 std::max<qsizetype>(1, results->workers.size() + 1)),
                 dropped > 0 ? QStringLiteral("; an incomplete last interval (%1 line(s)) was "
                                              "left out")
                                   .arg(dropped)
                             : QString()));
    return exports(*results, p.value(QStringLiteral("output")), p.value(QStringLiteral("csv")),
                   p.value(QStringLiteral("html")), p.value(QStringLiteral("junit")));
}

int cmdReport(const QStringList& args) {
    Parser p;
    p.setApplicationDescription(
        QStringLiteral("Summaries, exports and comparisons of results files."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("results"),
                            QStringLiteral("Results file (JSON) of a run."));
    p.addOption({QStringLiteral("html"),
                 QStringLiteral("Write the HTML report (or the comparison) here."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("csv"), QStringLiteral("Write the timeline as CSV here."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("junit"),
                 QStringLiteral("Write the thresholds as a JUnit XML report here (for CI)."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("compare"),
                 QStringLiteral("Compare with this earlier results file."),
                 QStringLiteral("OTHER")});
    p.addOption({QStringLiteral("merge"),
                 QStringLiteral("Merge the results files given (parts of one run, e.g. from "
                                "several machines) into one, exactly, from their histograms.")});
    p.addOption({QStringLiteral("recover"),
                 QStringLiteral("RESULTS is the live timeline stream (FILE.timeline.jsonl) of a "
                                "run that did not write its results: rebuild them up to its "
                                "last complete interval.")});
    p.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                 QStringLiteral("With --merge or --recover: write the results file here."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("force"),
                 QStringLiteral("With --merge: merge files of different scenarios or intervals.")});
    processArguments(p, args);
    // Say what is wrong before how to write it: a mode's arguments that do not fit it, or two
    // modes at once. (--compare and --force were ignored by --recover, --merge took the stream
    // of --recover for a results file, and a missing -o was told by the usage alone.)
    const bool merge = p.isSet(QStringLiteral("merge"));
    const bool recover = p.isSet(QStringLiteral("recover"));
    const qsizetype given = p.positionalArguments().size();
    QString wrong;
    if (merge && recover)
        wrong = QStringLiteral("--merge and --recover do not go together (--merge merges results "
                               "files, --recover rebuilds one from a live stream)");
    else if ((merge || recover) && p.isSet(QStringLiteral("compare")))
        wrong = QStringLiteral("--compare is not for %1 (write its file with -o, then "
                               "pusher-cli report FILE --compare OTHER)")
                    .arg(merge ? QStringLiteral("--merge") : QStringLiteral("--recover"));
    else if (merge && given == 0)
        wrong = QStringLiteral("--merge: no results files given");
    else if (recover && p.isSet(QStringLiteral("force")))
        wrong = QStringLiteral("--force is for --merge");
    else if (recover && given != 1)
        wrong = given == 0
                    ? QStringLiteral("--recover: no stream given")
                    : QStringLiteral("--recover: %1 streams given, it rebuilds one").arg(given);
    else if (recover && !p.isSet(QStringLiteral("output")))
        wrong = QStringLiteral("--recover needs -o FILE, the results file it writes");
    if (!wrong.isEmpty()) {
        err(QStringLiteral("pusher-cli report: %1\n").arg(wrong));
        QString usage = QStringLiteral("usage: ");
        if (merge)
            usage += kReportMergeUsage;
        if (merge && recover)
            usage += QStringLiteral("\n       ");
        if (recover)
            usage += kReportRecoverUsage;
        err(usage + QLatin1Char('\n'));
        return Usage;
    }
    if (merge)
        return reportMerge(p);
    if (p.isSet(QStringLiteral("recover")))
        return reportRecover(p);
    if (p.positionalArguments().size() != 1 || p.isSet(QStringLiteral("output")) ||
        p.isSet(QStringLiteral("force"))) {
        // Say what is wrong before how to write it.
        if (p.positionalArguments().size() > 1)
            err(QStringLiteral("pusher-cli report: %1 results files given, it shows one (--merge "
                               "merges several into one, --compare OTHER sets two side by "
                               "side)\n")
                    .arg(p.positionalArguments().size()));
        else if (p.positionalArguments().isEmpty())
            err(QStringLiteral("pusher-cli report: no results file given\n"));
        else
            err(p.isSet(QStringLiteral("force"))
                    ? QStringLiteral("pusher-cli report: --force is for --merge\n")
                    : QStringLiteral("pusher-cli report: -o is for --merge or --recover\n"));
        err(QStringLiteral("usage: ") + kReportShowUsage + QStringLiteral("\n       ") +
            kReportMergeUsage + QStringLiteral("\n       ") + kReportRecoverUsage +
            QLatin1Char('\n'));
        return Usage;
    }
    if (clashes(QStringLiteral("pusher-cli report"),
                {{QStringLiteral("the results file"), p.positionalArguments().first()},
                 {QStringLiteral("the --compare file"), p.value(QStringLiteral("compare"))}},
                {{QStringLiteral("--csv"), p.value(QStringLiteral("csv"))},
                 {QStringLiteral("--html"), p.value(QStringLiteral("html"))},
                 {QStringLiteral("--junit"), p.value(QStringLiteral("junit"))}}))
        return Usage;
    QString why;
    auto results = RunResults::load(p.positionalArguments().first(), &why);
    if (!results) {
        err(oneLine(why) + QLatin1Char('\n'));
        return Usage;
    }
    if (p.isSet(QStringLiteral("compare"))) {
        auto other = RunResults::load(p.value(QStringLiteral("compare")), &why);
        if (!other) {
            err(oneLine(why) + QLatin1Char('\n'));
            return Usage;
        }
        out(compareText(*other, *results));
        if (p.isSet(QStringLiteral("html")) &&
            !writeFile(p.value(QStringLiteral("html")), compareHtml(*other, *results).toUtf8()))
            return RunFailed;
        if (p.isSet(QStringLiteral("csv")) &&
            !writeFile(p.value(QStringLiteral("csv")), toCsv(*results).toUtf8()))
            return RunFailed;
        // As --csv: RESULTS' own (the run compared), not the comparison.
        if (p.isSet(QStringLiteral("junit")) &&
            !writeFile(p.value(QStringLiteral("junit")),
                       toJUnit(*results, summaryTable(*results)).toUtf8()))
            return RunFailed;
        return Ok;
    }
    out(summaryTable(*results));
    if (!results->parts.isEmpty())
        out(ranksTable(*results));
    return exports(*results, QString(), p.value(QStringLiteral("csv")),
                   p.value(QStringLiteral("html")), p.value(QStringLiteral("junit")));
}

} // namespace

int main(int argc, char** argv) {
    ignoreFatalSignals();
    if (dist::worldSizeFromEnv() > 0)
        catchStopRequests();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("pusher-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PUSHER_VERSION));
    QStringList args = QCoreApplication::arguments();
    const QString usage = QStringLiteral(
        "usage: pusher-cli COMMAND ... | --version | --help\n"
        "  run SCENARIO [--duration D] [--rps-scale X] [--url URL] [--json F] [--csv F] [--html F] "
        "[--junit F] [--rank-json F] [--quiet] [--mpi]\n"
        "  validate SCENARIO\n"
        "  format SCENARIO [--in-place]\n"
        "  import curl 'COMMAND LINE' [-o F] | import har FILE.har [-o F] [--drop-static]\n"
        "  sandbox [--port P]\n"
        "  report RESULTS [--html F] [--csv F] [--junit F] [--compare OTHER]\n"
        "  report --merge RESULTS... [-o F] [--force] [--html F] [--csv F] [--junit F]\n"
        "  report --recover STREAM -o F [--html F] [--csv F] [--junit F]\n"
        "exit codes: 0 passed, 1 a threshold failed, 2 bad usage or scenario, 3 the run failed\n"
        "  or a file could not be written, 4 interrupted (results written for the time run),\n"
        "  130 quit at once by a second Ctrl-C (no results written)\n");
    if (args.size() < 2 || args[1] == QLatin1String("--help") || args[1] == QLatin1String("-h")) {
        (args.size() < 2 ? err(usage) : out(usage));
        return args.size() < 2 ? Usage : Ok;
    }
    if (args[1] == QLatin1String("--version") || args[1] == QLatin1String("-v")) {
        out(QStringLiteral("pusher-cli " PUSHER_VERSION "\nMPI: %1\n").arg(dist::libraryVersion()));
        return Ok;
    }
    const QString command = args[1];
    args.removeAt(1);
    args[0] = QStringLiteral("pusher-cli ") + command;
    if (command == QLatin1String("run"))
        return cmdRun(args);
    if (command == QLatin1String("validate"))
        return cmdValidate(args);
    if (command == QLatin1String("format"))
        return cmdFormat(args);
    if (command == QLatin1String("sandbox"))
        return cmdSandbox(args);
    if (command == QLatin1String("import"))
        return cmdImport(args);
    if (command == QLatin1String("report"))
        return cmdReport(args);
    // Named as the options are (unknownOption): by the program, and the command meant when
    // one is near (`runn`, `reprot`: it said `unknown command "runn"` alone).
    const QString meant = optionMeant(
        command, {QStringLiteral("run"), QStringLiteral("validate"), QStringLiteral("format"),
                  QStringLiteral("import"), QStringLiteral("sandbox"), QStringLiteral("report")});
    err(QStringLiteral("pusher-cli: unknown command \"%1\"%2\n")
            .arg(oneLine(command),
                 meant.isEmpty() ? QString() : QStringLiteral(": did you mean %1?").arg(meant)) +
        usage);
    return Usage;
}
