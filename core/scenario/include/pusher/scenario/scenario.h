// Scenario: the model of a scenario file (JSON, version 1), its validation and its
// canonical serialisation. Plain value types: the GUI's editor edits them directly.
#pragma once

#include <pusher/clock.h>
#include <pusher/rate.h>

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

class QProcessEnvironment;

namespace pusher {

// Problem is one thing wrong with a scenario: `path` is the JSON path of the offending
// value ("workers[1].rate.rps", empty for the document itself) and `message` says why.
// `line` and `column` (1-based) are set only when the text is not valid JSON.
struct Problem {
    QString path;
    QString message;
    int line = 0;
    int column = 0;

    // toString is "path: message", or "line L, column C: message" for a JSON syntax error.
    [[nodiscard]] QString toString() const;
    friend bool operator==(const Problem&, const Problem&) = default;
};

// LatencySpec is the latency distribution of a synthetic target. Only the parameters of
// the chosen distribution are read and written: fixed uses value; uniform min and max;
// normal mean and stddev; lognormal median and p99.
struct LatencySpec {
    enum class Distribution { Fixed, Uniform, Normal, LogNormal };

    Distribution distribution = Distribution::Fixed;
    Duration value{};
    Duration min{};
    Duration max{};
    Duration mean{};
    Duration stddev{};
    Duration median{};
    Duration p99{};
    // extra holds keys this version does not know, kept for the round trip.
    QJsonObject extra;

    // distributionName is the distribution as written in files ("lognormal").
    [[nodiscard]] QString distributionName() const;
    friend bool operator==(const LatencySpec&, const LatencySpec&) = default;
};

// ExtractSpec takes a named value from a flow step's response: `source` is "json" (a JSON
// pointer into the body), "regex" (the first group of a regular expression over the body),
// "header" (a response header) or "cookie" (a cookie set by the response or in the jar).
struct ExtractSpec {
    QString name;
    QString source = QStringLiteral("json");
    QString expr;
    friend bool operator==(const ExtractSpec&, const ExtractSpec&) = default;
};

// kDefaultTargetTimeout is the timeout of http, tcp and command targets without one.
inline constexpr Duration kDefaultTargetTimeout = std::chrono::seconds(10);
// kMaxConnections bounds an http target's `connections`.
inline constexpr qint64 kMaxConnections = 65536;
// kMaxStreams bounds an http target's `streams` (requests at once on one HTTP/2 connection).
inline constexpr qint64 kMaxStreams = 1024;

// StepSpec is one step of a flow: an HTTP request, with an optional think time before it
// and values extracted from its response for the later steps (`${name}`).
struct StepSpec {
    QString name;
    QString method = QStringLiteral("GET");
    QString url;
    QList<QPair<QString, QString>> headers;
    QString body;
    Duration timeout = kDefaultTargetTimeout;
    QList<int> expectStatus;
    // expectBody: a text the response body must contain (empty: not checked); may use
    // `${name}` values of earlier steps and data columns.
    QString expectBody;
    // think: none unless `hasThink`; a distribution as for synthetic latencies.
    bool hasThink = false;
    LatencySpec think;
    QList<ExtractSpec> extract; // sorted by name
    bool optional = false;
    QJsonObject extra;
    friend bool operator==(const StepSpec&, const StepSpec&) = default;
};

// TargetSpec describes what a worker calls. `kind` selects which fields apply: "http",
// "tcp", "command" or "synthetic"; the fields of other kinds are kept in memory (so an
// editor can switch kinds back and forth) but neither validated nor saved.
struct TargetSpec {
    QString kind = QStringLiteral("synthetic");

    // http
    QString method = QStringLiteral("GET");
    QString url;
    QList<QPair<QString, QString>> headers; // in order; names may repeat
    QString body;
    QList<int> expectStatus; // empty: any status from 200 to 399
    QString expectBody;      // a text the response body must contain (empty: not checked)
    QString httpVersion = QStringLiteral("auto"); // "auto", "1.1" or "2"
    bool insecure = false;                        // https: skip certificate verification
    // https: PEM files of the CAs to trust instead of the system store, and of the client
    // certificate and its key (empty: none; without clientKey the key is in clientCert).
    QString caFile;
    QString clientCert;
    QString clientKey;
    // https: the passphrase of an encrypted clientKey (typically "${VAR}", substituted at
    // run start), and the name sent as SNI and verified instead of the URL's host.
    QString clientKeyPassphrase;
    QString serverName;
    bool followRedirects = false;
    // connections caps the connections open at once (calls beyond wait for one, and the
    // wait counts in their response time); 0 opens as many as the calls in flight need.
    qint64 connections = 0;
    // streams is how many requests one HTTP/2 connection carries at once (h2load's -m);
    // HTTP/1.1 ignores it.
    qint64 streams = 1;

    // http, tcp and command
    Duration timeout = kDefaultTargetTimeout;

    // flow (also uses insecure, ca_file, client_cert, client_key and connections)
    QList<StepSpec> steps;
    bool cookies = true;

    // tcp
    QString address;      // "host:port" or "[v6]:port"
    QString payload;      // sent after connecting, if not empty
    QString expect;       // read until this text arrives, if not empty
    qint64 readBytes = 0; // or read this many bytes, if > 0

    // command
    QString program;
    QStringList args;

    // synthetic
    LatencySpec latency;
    double errorRatio = 0;

    // extra holds keys this version does not know, kept for the round trip.
    QJsonObject extra;

    // kinds lists the target kinds in the order they are documented.
    static QStringList kinds();
    friend bool operator==(const TargetSpec&, const TargetSpec&) = default;
};

// RateSpec is a worker's rate profile as written in a file: {"rps": N} constant;
// {"from": A, "to": B} a linear ramp over the scenario's duration; {"stages": [...]} ramps
// linearly from `from` (default 0) to each stage's rps over its duration, then holds the
// last stage's rps; {"max": true} the closed model (overtime callers back to back).
struct RateSpec {
    enum class Mode { Constant, Ramp, Stages, Max };
    struct Stage {
        Duration duration{};
        double rps = 0;
        QJsonObject extra;
        friend bool operator==(const Stage&, const Stage&) = default;
    };

    Mode mode = Mode::Constant;
    double rps = 10; // Constant
    double from = 0; // Ramp start; Stages start
    double to = 0;   // Ramp end
    QList<Stage> stages;
    QJsonObject extra;

    // toRate turns the profile into the engine's Rate for a run of `duration` (a ramp
    // spans the whole duration).
    [[nodiscard]] Rate toRate(Duration duration) const;
    // scaled multiplies every rps by `factor` (the closed model is unchanged).
    [[nodiscard]] RateSpec scaled(double factor) const;
    // peakRps is the highest rate the profile reaches (0 for the closed model).
    [[nodiscard]] double peakRps() const noexcept;
    // stagesDuration is the sum of the stage durations.
    [[nodiscard]] Duration stagesDuration() const noexcept;
    friend bool operator==(const RateSpec&, const RateSpec&) = default;
};

// kMaxClosedCallers is the most callers (overtime) of a worker with {"max": true}.
inline constexpr qint64 kMaxClosedCallers = 65536;
// kMaxForce is the most replicas of one worker.
inline constexpr int kMaxForce = 1000;

// DataSpec names a worker's data file: a CSV file (header row = column names) whose rows
// feed ${column} values into the target's text fields, one row per call. `mode` is
// "sequential" (in order, wrapping around), "random" or "unique" (each row at most once;
// a call after the last row fails with kind "rows_exhausted"). Empty `file`: no data file.
struct DataSpec {
    QString file;
    QString mode = QStringLiteral("sequential");
    QJsonObject extra;

    [[nodiscard]] bool isSet() const { return !file.isEmpty(); }
    static QStringList modes();
    friend bool operator==(const DataSpec&, const DataSpec&) = default;
};

// WorkerSpec is one worker of a scenario: `force` replicates it into that many workers
// named "ident #1" … "ident #N"; `overtime` unset means the engine's default.
struct WorkerSpec {
    QString ident;
    bool enabled = true;
    TargetSpec target;
    DataSpec data;
    RateSpec rate;
    std::optional<qint64> overtime;
    int force = 1;
    QJsonObject extra;

    // replicaIdents lists the idents of the workers this spec becomes: {ident} when force
    // is 1, else "ident #1" … "ident #force".
    [[nodiscard]] QStringList replicaIdents() const;
    friend bool operator==(const WorkerSpec&, const WorkerSpec&) = default;
};

struct ScenarioParse;

// kScenarioVersion is the file format version this code reads and writes.
inline constexpr int kScenarioVersion = 1;
// kMinInterval and kMaxInterval bound the reporting interval.
inline constexpr Duration kMinInterval = std::chrono::milliseconds(100);
inline constexpr Duration kMaxInterval = std::chrono::seconds(10);
// kMaxScenarioDuration bounds a run's duration (30 days).
inline constexpr Duration kMaxScenarioDuration = std::chrono::hours(720);
// kMaxTimeout bounds a timeout, a think time and a synthetic latency value (1 hour).
inline constexpr Duration kMaxTimeout = std::chrono::hours(1);

// kMaxRanks bounds DistributedSpec::ranks.
inline constexpr int kMaxRanks = 1024;

// DistributedSpec is how the desktop app runs the scenario (the key "distributed",
// docs/distributed.md): on this machine, or under `mpirun` with `ranks` processes, on the
// hosts of `hostfile` (a path, relative to the scenario file) or of `hosts` ("name" or
// "name:slots"), or on this machine when neither is given. pusher-cli ignores it (mpirun's
// own arguments decide there).
struct DistributedSpec {
    bool enabled = false; // run under mpirun; the object's presence means true
    int ranks = 2;
    QString hostfile;
    QStringList hosts;
    // extra holds keys this version does not know, kept for the round trip.
    QJsonObject extra;

    // isDefault is true when nothing differs from a scenario without the key.
    [[nodiscard]] bool isDefault() const {
        return !enabled && ranks == 2 && hostfile.isEmpty() && hosts.isEmpty() && extra.isEmpty();
    }
    friend bool operator==(const DistributedSpec&, const DistributedSpec&) = default;
};

// Scenario is a whole scenario file. `${VAR}` references in the text fields of targets
// stay as written in the model; resolved() substitutes them for a run.
struct Scenario {
    int version = kScenarioVersion;
    QString name;
    Duration duration = std::chrono::seconds(30);
    Duration interval = std::chrono::milliseconds(250);
    QList<WorkerSpec> workers;
    QStringList thresholds;
    // distributed is where the app runs it (this machine, or MPI ranks).
    DistributedSpec distributed;
    // extra holds top-level keys this version does not know, kept for the round trip.
    QJsonObject extra;

    // fromJson parses and validates `text`, reporting every problem at once. The scenario
    // is filled as far as the text allows even when there are problems.
    static ScenarioParse fromJson(const QByteArray& text);
    // toJson writes the scenario in canonical form: fixed key order, 2-space indentation,
    // durations normalised by formatDuration, defaults left out, unknown keys kept.
    // fromJson(toJson()) gives back an equal scenario, and the text of a file already in
    // canonical form is reproduced byte for byte.
    [[nodiscard]] QByteArray toJson() const;

    // validate checks the model (as edited in the GUI) with the same rules and messages as
    // fromJson, except JSON types.
    [[nodiscard]] QList<Problem> validate() const;
    // warnings lists what does not stop a run but makes a part of it meaningless: a
    // threshold on a worker that makes no calls (disabled, or overtime 0) is sure to fail at
    // the end ("observed no calls"); fromJson reports them with the unknown keys.
    [[nodiscard]] QList<Problem> warnings() const;

    // resolved substitutes `${VAR}` from `env` in the text fields of every target (url,
    // header names and values, body, address, payload, expect, program, args; "$${"
    // stands for a literal "${") and in data.file, and validates the result: an unset
    // variable is a problem at the path of the field that uses it. A relative data.file is
    // made absolute against `baseDir` (the scenario file's folder; empty: the working
    // directory), and so are a relative ca_file, client_cert and client_key (after their
    // `${VAR}`s are substituted): every file a scenario names is found beside it. In a worker with
    // a data file, references to the file's columns (its header is read) are kept, and so is "$${",
    // for the target to fill per call; a file that cannot be read is a problem at data.file.
    [[nodiscard]] ScenarioParse resolved(const QProcessEnvironment& env,
                                         const QString& baseDir = QString()) const;
    // variables lists the names of the environment variables the scenario refers to (the
    // columns of a data file are not: its header is read, its path's variables taken from
    // the process environment), in the order they first appear. A column's name in an http
    // target's expect_body is listed: that text is the same for every call, and resolved()
    // fills it from the environment only.
    [[nodiscard]] QStringList variables() const;

    // rebased returns a copy whose relative file paths (data.file, ca_file, client_cert,
    // client_key), found from folder `from`, name the same files from folder `to`: relative
    // when the file is in `to` or below it, else absolute; an empty `to` makes them all
    // absolute; the same folder changes nothing. A path that starts with a `${VAR}` is left
    // as it is (its folder is known only at run start). `changed`, when given, receives the number
    // of paths rewritten.
    [[nodiscard]] Scenario rebased(const QString& from, const QString& to,
                                   int* changed = nullptr) const;

    // usesSandbox is true when an enabled http worker's URL has the host "sandbox".
    [[nodiscard]] bool usesSandbox() const;
    // withSandboxPort returns a copy whose http URLs on the host "sandbox" point at
    // 127.0.0.1:`port`, where the run started the sandbox server.
    [[nodiscard]] Scenario withSandboxPort(quint16 port) const;

    friend bool operator==(const Scenario&, const Scenario&) = default;
};

// ScenarioParse is the outcome of Scenario::fromJson and Scenario::resolved: the scenario,
// the problems that make it unusable for a run, and warnings that do not (unknown keys).
struct ScenarioParse {
    Scenario scenario;
    QList<Problem> problems;
    QList<Problem> warnings;

    [[nodiscard]] bool ok() const noexcept { return problems.isEmpty(); }
};

// spacedNameNote says why a file named with spaces around it (" users.csv ", a name pasted
// or typed so) is not found, which "…/ users.csv : no such file" did not show:
// ': the name " users.csv " starts and ends with spaces (without them, users.csv is there)'.
// `written` is the name as the scenario holds it, relative ones found in `baseDir` (empty:
// the working directory). Empty when the name has no such spaces or the file is there.
QString spacedNameNote(const QString& written, const QString& baseDir);

} // namespace pusher
