#include "pusher/run/targetfactory.h"

#include <pusher/http/flow.h>
#include <pusher/http/http.h>
#include <pusher/targets/command.h>
#include <pusher/targets/synthetic.h>
#include <pusher/targets/tcp.h>

#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QUrl>

namespace pusher {

namespace {

// copyTls copies a target's TLS options into HttpOptions or FlowOptions.
template <typename Options>
void copyTls(const TargetSpec& spec, Options& options) {
    options.insecure = spec.insecure;
    options.caFile = spec.caFile;
    options.clientCert = spec.clientCert;
    options.clientKey = spec.clientKey;
    options.clientKeyPassphrase = spec.clientKeyPassphrase;
    options.serverName = spec.serverName;
}

// tlsErrorByScenarioKey renames the TLS option an error starts with to the scenario's key
// when the target was not made ("caFile: cannot load …" becomes "ca_file: cannot load …").
void tlsErrorByScenarioKey(const Target& target, QString* error) {
    static const std::pair<QLatin1String, QLatin1String> keys[] = {
        {QLatin1String("caFile: "), QLatin1String("ca_file: ")},
        {QLatin1String("clientCert: "), QLatin1String("client_cert: ")},
        {QLatin1String("clientKey: "), QLatin1String("client_key: ")},
        {QLatin1String("clientKeyPassphrase: "), QLatin1String("client_key_passphrase: ")},
        {QLatin1String("serverName: "), QLatin1String("server_name: ")},
    };
    for (const auto& [option, key] : keys) {
        if (!target && error && error->startsWith(option))
            error->replace(0, option.size(), key);
    }
}

Target httpTarget(const TargetSpec& spec, QString* error, std::shared_ptr<DataFeed> data,
                  Resolver resolver) {
    HttpOptions options;
    options.resolver = std::move(resolver);
    options.data = std::move(data);
    options.method = spec.method.toUtf8();
    options.url = spec.url;
    for (const auto& [name, value] : spec.headers)
        options.headers.append({name.toUtf8(), value.toUtf8()});
    options.body = spec.body.toUtf8();
    options.timeout = spec.timeout;
    options.expectStatus = spec.expectStatus;
    options.expectBody = spec.expectBody.toUtf8();
    if (spec.httpVersion == QLatin1String("1.1"))
        options.version = HttpOptions::Version::Http1;
    else if (spec.httpVersion == QLatin1String("2"))
        options.version = HttpOptions::Version::Http2;
    copyTls(spec, options);
    options.followRedirects = spec.followRedirects;
    options.connections = static_cast<int>(spec.connections);
    options.streams = static_cast<int>(spec.streams);
    Target target = makeHttpTarget(options, error);
    tlsErrorByScenarioKey(target, error);
    return target;
}

// copyLatency copies a scenario's latency distribution into a target's options (a flow
// step's ThinkTime, SyntheticOptions): the same four shapes and fields; `fixed` is where
// the options keep the fixed latency (ThinkTime::value, SyntheticOptions::fixed).
template <typename Options>
void copyLatency(const LatencySpec& l, Options& out, Duration& fixed) {
    using D = LatencySpec::Distribution;
    using T = decltype(out.distribution);
    switch (l.distribution) {
    case D::Fixed:
        out.distribution = T::Fixed;
        break;
    case D::Uniform:
        out.distribution = T::Uniform;
        break;
    case D::Normal:
        out.distribution = T::Normal;
        break;
    case D::LogNormal:
        out.distribution = T::LogNormal;
        break;
    }
    fixed = l.value;
    out.min = l.min;
    out.max = l.max;
    out.mean = l.mean;
    out.stddev = l.stddev;
    out.median = l.median;
    out.p99 = l.p99;
}

ThinkTime thinkOf(const StepSpec& step) {
    ThinkTime t;
    if (step.hasThink)
        copyLatency(step.think, t, t.value);
    return t;
}

Target flowTarget(const TargetSpec& spec, QString* error, std::shared_ptr<DataFeed> data,
                  std::shared_ptr<FlowObserver> observer, Resolver resolver) {
    FlowOptions options;
    options.resolver = std::move(resolver);
    options.data = std::move(data);
    for (const StepSpec& s : spec.steps) {
        FlowStep step;
        step.name = s.name;
        step.method = s.method.toUtf8();
        step.url = s.url;
        for (const auto& [name, value] : s.headers)
            step.headers.append({name.toUtf8(), value.toUtf8()});
        step.body = s.body.toUtf8();
        step.timeout = s.timeout;
        step.expectStatus = s.expectStatus;
        step.expectBody = s.expectBody.toUtf8();
        step.think = thinkOf(s);
        step.optional = s.optional;
        for (const ExtractSpec& x : s.extract) {
            FlowExtract e;
            e.name = x.name;
            e.expr = x.expr;
            if (x.source == QLatin1String("regex"))
                e.source = FlowExtract::Source::Regex;
            else if (x.source == QLatin1String("header"))
                e.source = FlowExtract::Source::Header;
            else if (x.source == QLatin1String("cookie"))
                e.source = FlowExtract::Source::Cookie;
            else
                e.source = FlowExtract::Source::Json;
            step.extract.append(e);
        }
        options.steps.append(step);
    }
    options.cookies = spec.cookies;
    copyTls(spec, options);
    options.connections = static_cast<int>(spec.connections);
    options.observer = std::move(observer);
    Target target = makeFlowTarget(options, error);
    tlsErrorByScenarioKey(target, error);
    return target;
}

Target tcpTarget(const TargetSpec& spec, QString* error) {
    // "host:port" or "[v6]:port"
    const int colon = spec.address.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const uint port = colon > 0 ? spec.address.mid(colon + 1).toUInt(&ok) : 0;
    if (!ok || port == 0 || port > 65535) {
        *error = QStringLiteral("address \"%1\": expected host:port").arg(spec.address);
        return {};
    }
    TcpOptions options;
    options.host = spec.address.left(colon);
    if (options.host.startsWith(QLatin1Char('[')) && options.host.endsWith(QLatin1Char(']')))
        options.host = options.host.mid(1, options.host.size() - 2);
    options.port = static_cast<quint16>(port);
    options.payload = spec.payload.toUtf8();
    options.expect = spec.expect.toUtf8();
    options.readBytes = static_cast<int>(spec.readBytes);
    options.timeout = spec.timeout;
    if (QString why = options.validate(); !why.isEmpty()) {
        *error = why;
        return {};
    }
    return makeTcpTarget(options);
}

// missingProgram says why `program` cannot be run, as posix_spawnp would find it: a name
// with a slash is that file (relative to the working directory), one without is looked up
// in PATH. Empty when it is an executable file. Checked when the run is prepared, so a
// missing program (a typo, a host without it) stops the run before it starts rather than
// failing every call with kind spawn.
QString missingProgram(const QString& program) {
    const auto runnable = [](const QString& name) {
        if (!name.contains(QLatin1Char('/')))
            return !QStandardPaths::findExecutable(name).isEmpty();
        const QFileInfo info(name);
        return info.isFile() && info.isExecutable();
    };
    // "echo hello" typed as the program: its first word runs, the rest are arguments, which
    // go in args. The problem said only that "echo hello" is not found.
    const auto wordsNote = [&]() -> QString {
        static const QRegularExpression spaces(QStringLiteral("\\s+"));
        const QStringList words = program.split(spaces, Qt::SkipEmptyParts);
        if (words.isEmpty() || !runnable(words.constFirst()))
            return {};
        if (words.size() == 1)
            return QStringLiteral(": the name has spaces around it (\"%1\" is found)")
                .arg(words.constFirst());
        return QStringLiteral(": a program's arguments go in Arguments (\"args\" in the file), "
                              "one per line, not after its name: program \"%1\", arguments "
                              "\"%2\"")
            .arg(words.constFirst(), words.mid(1).join(QStringLiteral("\", \"")));
    };
    if (!program.contains(QLatin1Char('/'))) {
        if (QStandardPaths::findExecutable(program).isEmpty())
            return QStringLiteral("program: \"%1\" is not found in PATH").arg(program) +
                   wordsNote();
        return {};
    }
    const QFileInfo info(program);
    if (!info.exists())
        return QStringLiteral("program: \"%1\": no such file").arg(program) + wordsNote();
    if (!info.isFile())
        return QStringLiteral("program: \"%1\" is not a file").arg(program);
    if (!info.isExecutable())
        return QStringLiteral("program: \"%1\" is not executable").arg(program);
    return {};
}

Target commandTarget(const TargetSpec& spec, QString* error) {
    CommandOptions options;
    options.program = spec.program;
    options.args = spec.args;
    options.timeout = spec.timeout;
    if (QString why = options.validate(); !why.isEmpty()) {
        *error = why;
        return {};
    }
    if (QString why = missingProgram(spec.program); !why.isEmpty()) {
        *error = why;
        return {};
    }
    return makeCommandTarget(options);
}

Target syntheticTarget(const TargetSpec& spec, QString* error) {
    SyntheticOptions options;
    copyLatency(spec.latency, options, options.fixed);
    options.errorRatio = spec.errorRatio;
    if (QString why = options.validate(); !why.isEmpty()) {
        *error = why;
        return {};
    }
    return makeSyntheticTarget(options);
}

} // namespace

Target makeTarget(const TargetSpec& spec, QString* error, std::shared_ptr<DataFeed> data,
                  std::shared_ptr<FlowObserver> observer, Resolver resolver) {
    QString why;
    Target target;
    if (data && spec.kind != QLatin1String("http") && spec.kind != QLatin1String("flow"))
        why = QStringLiteral("a data file feeds http and flow targets only, not %1").arg(spec.kind);
    else if (spec.kind == QLatin1String("http"))
        target = httpTarget(spec, &why, std::move(data), std::move(resolver));
    else if (spec.kind == QLatin1String("flow"))
        target = flowTarget(spec, &why, std::move(data), std::move(observer), std::move(resolver));
    else if (spec.kind == QLatin1String("tcp"))
        target = tcpTarget(spec, &why);
    else if (spec.kind == QLatin1String("command"))
        target = commandTarget(spec, &why);
    else if (spec.kind == QLatin1String("synthetic"))
        target = syntheticTarget(spec, &why);
    else
        why = QStringLiteral("unknown kind \"%1\"").arg(spec.kind);
    if (!target && why.isEmpty())
        why = QStringLiteral("cannot build the target");
    if (error)
        *error = why;
    return target;
}

} // namespace pusher
