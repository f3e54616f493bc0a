#include <pusher/scenario/duration.h>
#include <pusher/scenario/scenario.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace pusher;
using namespace std::chrono_literals;

namespace {

QByteArray readFile(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", qPrintable(path));
    return f.readAll();
}

QByteArray data(const char* name) {
    return readFile(QStringLiteral(PUSHER_SOURCE_DIR "/tests/scenario/data/") +
                    QString::fromUtf8(name));
}

// kBase is a valid scenario with one worker of each kind.
const QByteArray kBase = data("base.json");

// setAt sets (or, for a null `value` with remove, removes) the value at a path like
// "workers[1].rate.rps" inside `root`.
QJsonValue setAt(QJsonValue root, QStringList segments, const QJsonValue& value, bool remove) {
    if (segments.isEmpty())
        return value;
    QString head = segments.takeFirst();
    static const QRegularExpression indexed(QStringLiteral("^(.*)\\[(\\d+)\\]$"));
    const auto m = indexed.match(head);
    if (m.hasMatch()) {
        // "workers[1]" is the member "workers", then element 1
        QJsonObject o = root.toObject();
        QJsonArray a = o.value(m.captured(1)).toArray();
        const int i = m.captured(2).toInt();
        if (segments.isEmpty() && remove)
            a.removeAt(i);
        else
            a[i] = setAt(a.at(i), segments, value, remove);
        if (m.captured(1).isEmpty())
            return a;
        o[m.captured(1)] = a;
        return o;
    }
    QJsonObject o = root.toObject();
    if (segments.isEmpty() && remove)
        o.remove(head);
    else
        o[head] = setAt(o.value(head), segments, value, remove);
    return o;
}

// mutate applies "path=json;path=json" edits ("path=-" removes) to the base scenario.
QByteArray mutate(const QString& edits) {
    QJsonValue root = QJsonDocument::fromJson(kBase).object();
    for (const QString& edit : edits.split(u';', Qt::SkipEmptyParts)) {
        const qsizetype eq = edit.indexOf(u'=');
        const QString path = edit.left(eq);
        const QString text = edit.mid(eq + 1);
        const bool remove = text == u"-";
        QJsonValue value;
        if (!remove) {
            QJsonParseError error;
            const QJsonDocument wrapped =
                QJsonDocument::fromJson('[' + text.toUtf8() + ']', &error);
            Q_ASSERT(error.error == QJsonParseError::NoError);
            value = wrapped.array().at(0);
        }
        root = setAt(root, path.split(u'.'), value, remove);
    }
    return root.isArray() ? QJsonDocument(root.toArray()).toJson()
                          : QJsonDocument(root.toObject()).toJson();
}

QString describe(const QList<Problem>& problems) {
    QStringList lines;
    for (const Problem& p : problems)
        lines << p.toString();
    return lines.join(u'\n');
}

QStringList exampleFiles() {
    QStringList files;
    const QString root = QStringLiteral(PUSHER_SOURCE_DIR);
    const QStringList dirs{root + QStringLiteral("/examples/scenarios"),
                           root + QStringLiteral("/resources/scenarios"),
                           root + QStringLiteral("/bench")};
    for (const QString& dir : dirs) {
        for (const QFileInfo& fi :
             QDir(dir).entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
            files << fi.absoluteFilePath();
    }
    return files;
}

} // namespace

class TestScenario : public QObject {
    Q_OBJECT
private slots:
    void baseIsValid() {
        const ScenarioParse p = Scenario::fromJson(kBase);
        QVERIFY2(p.ok(), qPrintable(describe(p.problems)));
        QVERIFY(p.warnings.isEmpty());
        const Scenario& s = p.scenario;
        QCOMPARE(s.workers.size(), 4);
        QCOMPARE(s.duration, Duration(10s));
        QCOMPARE(s.workers[1].target.kind, QStringLiteral("http"));
        QCOMPARE(s.workers[1].target.method, QStringLiteral("GET"));
        QCOMPARE(s.workers[1].target.timeout, kDefaultTargetTimeout);
        QCOMPARE(s.workers[2].rate.mode, RateSpec::Mode::Stages);
        QCOMPARE(s.workers[3].rate.mode, RateSpec::Mode::Max);
        QCOMPARE(s.workers[3].overtime, std::optional<qint64>(2));
        QVERIFY(!s.workers[0].overtime.has_value());
        // a model validates the same way it parses
        QVERIFY(s.validate().isEmpty());
    }

    void problems_data() {
        QTest::addColumn<QString>("edits");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        auto row = [](const char* name, const char* edits, const char* path,
                      const QString& message) {
            QTest::newRow(name) << QString::fromUtf8(edits) << QString::fromUtf8(path) << message;
        };
        auto s = [](const char* text) { return QString::fromUtf8(text); };
        const QString kinds = s("(expected http, flow, tcp, command, synthetic)");

        row("version 2", "version=2", "version", s("unsupported version 2 (expected 1)"));
        row("version missing", "version=-", "version", s("is required (expected 1)"));
        row("version string", "version=\"1\"", "version", s("must be an integer, not a string"));
        row("version fraction", "version=1.5", "version", s("must be an integer"));
        row("name number", "name=5", "name", s("must be a string, not a number"));
        row("duration missing", "duration=-", "duration", s("is required, e.g. \"30s\""));
        row("duration no unit", "duration=\"30\"", "duration",
            s("\"30\" needs a unit: 30s, 30ms, 30m"));
        row("timeout no unit", "workers[1].target.timeout=\"0.5\"", "workers[1].target.timeout",
            s("\"0.5\" needs a unit: 0.5s, 0.5ms, 0.5m"));
        // Written as a duration, but more than a duration holds (some 1141 years): it said
        // "invalid duration … (expected e.g. … 1h30m)" of a text written just so.
        row("duration overflow", "duration=\"9999999h\"", "duration",
            s("duration \"9999999h\" is too long (no field takes more than 720h)"));
        row("timeout overflow", "workers[1].target.timeout=\"99999999999999999999ms\"",
            "workers[1].target.timeout",
            s("duration \"99999999999999999999ms\" is too long (no field takes more than 720h)"));
        row("duration number", "duration=30", "duration",
            s("must be a string with a unit, e.g. \"30s\""));
        row("duration zero", "duration=\"0s\"", "duration", s("must be positive"));
        row("duration too long", "duration=\"721h\"", "duration", s("must be at most 720h"));
        row("interval short", "interval=\"50ms\"", "interval", s("must be from 100ms to 10s"));
        row("interval long", "interval=\"11s\"", "interval", s("must be from 100ms to 10s"));
        row("workers object", "workers={};thresholds=[]", "workers",
            s("must be an array, not an object"));
        row("workers missing", "workers=-;thresholds=[]", "workers", s("is required"));
        row("workers empty", "workers=[];thresholds=[]", "workers",
            s("must have at least one worker"));
        row("worker number", "workers[0]=5", "workers[0]", s("must be an object, not a number"));
        row("all disabled",
            "workers[0].enabled=false;workers[1].enabled=false;workers[2].enabled=false;workers[3]."
            "enabled=false",
            "workers", s("no enabled worker"));
        row("enabled string", "workers[0].enabled=\"yes\"", "workers[0].enabled",
            s("must be true or false, not a string"));
        row("ident missing", "workers[0].ident=-", "workers[0].ident", s("is required"));
        row("ident operator", "workers[0].ident=\"a<b\"", "workers[0].ident",
            s("must not contain <, >, =, !, / or control characters"));
        row("ident total", "workers[0].ident=\"*\"", "workers[0].ident",
            s("\"*\" is reserved for the total of all workers"));
        row("ident spaces", "workers[0].ident=\" a\"", "workers[0].ident",
            s("must not start or end with spaces"));
        row("ident duplicate", "workers[0].ident=\"b\"", "workers[1].ident",
            s("duplicate ident \"b\" (also workers[0])"));
        row("replica clash", "workers[0].force=2;workers[1].ident=\"a #2\"", "workers[1].ident",
            s("replica ident \"a #2\" clashes with workers[0]"));
        row("force zero", "workers[0].force=0", "workers[0].force", s("must be from 1 to 1000"));
        row("force fraction", "workers[0].force=1.5", "workers[0].force", s("must be an integer"));
        row("force huge", "workers[0].force=1e300", "workers[0].force", s("is out of range"));
        row("overtime negative", "workers[0].overtime=-1", "workers[0].overtime",
            s("must not be negative"));
        row("max without overtime", "workers[3].overtime=-", "workers[3].overtime",
            s("is required with rate.max (the number of callers, 1 to 65536)"));
        row("max overtime big", "workers[3].overtime=100000", "workers[3].overtime",
            s("must be from 1 to 65536 with rate.max"));
        row("target missing", "workers[0].target=-", "workers[0].target", s("is required"));
        row("target string", "workers[0].target=\"http\"", "workers[0].target",
            s("must be an object, not a string"));
        row("kind unknown", "workers[0].target.kind=\"htp\"", "workers[0].target.kind",
            s("unknown kind \"htp\" ") + kinds);
        row("kind missing", "workers[0].target.kind=-", "workers[0].target.kind",
            s("is required ") + kinds);
        row("option of other kind", "workers[0].target.url=\"http://127.0.0.1/\"",
            "workers[0].target.url", s("does not apply to kind \"synthetic\""));
        row("rps negative", "workers[1].rate.rps=-5", "workers[1].rate.rps", s("must be positive"));
        row("rps zero", "workers[1].rate.rps=0", "workers[1].rate.rps", s("must be positive"));
        row("rps string", "workers[1].rate.rps=\"10\"", "workers[1].rate.rps",
            s("must be a number, not a string"));
        row("rps huge", "workers[1].rate.rps=2e9", "workers[1].rate.rps",
            s("must be at most 1000000000"));
        row("rate missing", "workers[0].rate=-", "workers[0].rate",
            s("is required, e.g. {\"rps\": 100}"));
        row("rate empty", "workers[0].rate={}", "workers[0].rate",
            s("expected one of rps, from/to, stages or max"));
        row("rate conflict", "workers[0].rate={\"rps\": 1, \"max\": true}", "workers[0].rate",
            s("conflicting keys rps, max: use only one of rps, from/to, stages or max"));
        row("ramp without to", "workers[0].rate={\"from\": 1}", "workers[0].rate.to",
            s("is required for a ramp"));
        row("ramp zero", "workers[0].rate={\"from\": 0, \"to\": 0}", "workers[0].rate.to",
            s("must be positive when from is 0"));
        row("ramp negative", "workers[0].rate={\"from\": -1, \"to\": 5}", "workers[0].rate.from",
            s("must not be negative"));
        row("stages empty", "workers[2].rate.stages=[]", "workers[2].rate.stages",
            s("must have at least one stage"));
        row("stages not array", "workers[2].rate.stages=5", "workers[2].rate.stages",
            s("must be an array, not a number"));
        row("stage rps missing", "workers[2].rate.stages=[{\"duration\": \"1s\"}]",
            "workers[2].rate.stages[0].rps", s("is required"));
        row("stage duration bad", "workers[2].rate.stages=[{\"duration\": \"1q\", \"rps\": 5}]",
            "workers[2].rate.stages[0].duration",
            s("invalid duration \"1q\" (expected e.g. 250ms, 30s, 5m, 1h30m)"));
        row("stages all zero", "workers[2].rate.stages=[{\"duration\": \"1s\", \"rps\": 0}]",
            "workers[2].rate.stages", s("at least one stage must have a positive rps"));
        row("stage negative",
            "workers[2].rate.stages=[{\"duration\": \"1s\", \"rps\": -3}, {\"duration\": \"1s\", "
            "\"rps\": 3}]",
            "workers[2].rate.stages[0].rps", s("must not be negative"));
        row("max false", "workers[3].rate.max=false", "workers[3].rate.max",
            s("must be true (leave it out for a rate)"));
        row("url scheme", "workers[1].target.url=\"ftp://127.0.0.1/x\"", "workers[1].target.url",
            s("unsupported scheme \"ftp\" (expected http or https)"));
        row("url invalid", "workers[1].target.url=\"not a url\"", "workers[1].target.url",
            s("invalid URL \"not a url\" (expected http://host[:port]/path)"));
        row("url no host", "workers[1].target.url=\"http:///x\"", "workers[1].target.url",
            s("missing host in URL \"http:///x\""));
        row("url missing", "workers[1].target.url=-", "workers[1].target.url", s("is required"));
        // What cannot be a URL says why (what browsers accept is accepted: urlsAsPasted).
        row("url line break", "workers[1].target.url=\"http://127.0.0.1/a\\nb\"",
            "workers[1].target.url",
            s("invalid URL \"http://127.0.0.1/a\\nb\": control character U+000A at character 19 "
              "(a line break or tab cannot be sent in a URL; write it %-encoded)"));
        row("url bad percent", "workers[1].target.url=\"http://127.0.0.1/100%zz\"",
            "workers[1].target.url",
            s("invalid URL \"http://127.0.0.1/100%zz\": \"%zz\" at character 21 is not a "
              "percent-encoding (%XX with two hex digits; write %25 for a %)"));
        row("url space in host", "workers[1].target.url=\"http://127.0.0 .1/x\"",
            "workers[1].target.url",
            s("invalid URL \"http://127.0.0 .1/x\": the host part \"127.0.0 .1\" cannot hold \" \" "
              "(only a path or query can; a host has letters, digits, '-' and '.')"));
        // Port 0 was accepted (every call then failed to connect); 99999 said only "invalid".
        row("url port 0", "workers[1].target.url=\"http://127.0.0.1:0/x\"", "workers[1].target.url",
            s("port 0 in URL \"http://127.0.0.1:0/x\" cannot be connected to (expected 1 to "
              "65535)"));
        row("url port too big", "workers[1].target.url=\"http://127.0.0.1:99999/\"",
            "workers[1].target.url",
            s("port 99999 in URL \"http://127.0.0.1:99999/\" cannot be connected to (expected 1 "
              "to 65535)"));
        // user:password@ was dropped in silence (no client sends it).
        row("url credentials", "workers[1].target.url=\"http://ann:secret@127.0.0.1/x\"",
            "workers[1].target.url",
            s("credentials in the URL (\"ann@\") are not sent: give them as a header, "
              "\"Authorization\": \"Basic …\" (base64 of user:password)"));
        // A NUL passed the file's check and stopped the run as "contains a line break".
        row("header NUL", "workers[1].target.headers={\"A\": \"x\\u0000y\"}",
            "workers[1].target.headers.A",
            s("header value must not contain a NUL character (\\u0000)"));
        row("url trailing space", "workers[1].target.url=\"http://127.0.0.1/x \"",
            "workers[1].target.url",
            s("invalid URL \"http://127.0.0.1/x \": it starts or ends with a space"));
        row("flow url bad percent",
            "workers[0].target={\"kind\": \"flow\", \"steps\": [{\"name\": \"a\", \"url\": "
            "\"http://127.0.0.1/%G1\"}]}",
            "workers[0].target.steps[0].url",
            s("invalid URL \"http://127.0.0.1/%G1\": \"%G1\" at character 18 is not a "
              "percent-encoding (%XX with two hex digits; write %25 for a %)"));
        // Which of the two steps: the line said 'duplicate step name "login"', both steps
        // named so, neither by its place.
        row("flow step name twice",
            "workers[0].target={\"kind\": \"flow\", \"steps\": [{\"name\": \"login\", \"url\": "
            "\"http://127.0.0.1/a\"}, {\"name\": \"cart\", \"url\": \"http://127.0.0.1/b\"}, "
            "{\"name\": \"login\", \"url\": \"http://127.0.0.1/c\"}]}",
            "workers[0].target.steps[2].name",
            s("step 3 \"login\" has the same name as step 1: rename one (each names a series of "
              "its own, worker/name)"));
        row("sandbox https", "workers[1].target.url=\"https://sandbox/x\"", "workers[1].target.url",
            s("the sandbox serves http only"));
        row("url bad reference", "workers[1].target.url=\"http://${HOST/x\"",
            "workers[1].target.url",
            s("unterminated \"${\" (write ${NAME}, or $${ for a literal \"${\")"));
        row("url bad name", "workers[1].target.url=\"http://${1HOST}/x\"", "workers[1].target.url",
            s("invalid variable name \"1HOST\" (expected letters, digits and _, not starting with "
              "a digit)"));
        row("method", "workers[1].target.method=\"GE T\"", "workers[1].target.method",
            s("invalid method \"GE T\": a space cannot be in it (only letters, digits and "
              "!#$%&'*+-.^_`|~)"));
        row("header name", "workers[1].target.headers={\"Bad Name\": \"x\"}",
            "workers[1].target.headers.Bad Name",
            s("invalid header name \"Bad Name\": a space cannot be in it (only letters, digits "
              "and !#$%&'*+-.^_`|~)"));
        // A header line pasted into the name: it said "invalid header name", not why.
        row("header line as name", "workers[1].target.headers={\"Accept: text/html\": \"\"}",
            "workers[1].target.headers.Accept: text/html",
            s("invalid header name \"Accept: text/html\": \":\" cannot be in it (only letters, "
              "digits and !#$%&'*+-.^_`|~)"));
        row("header value", "workers[1].target.headers={\"X\": \"a\\r\\nb\"}",
            "workers[1].target.headers.X", s("header value must not contain line breaks"));
        row("header value type", "workers[1].target.headers={\"X\": 1}",
            "workers[1].target.headers.X", s("must be a string, not a number"));
        row("header pair", "workers[1].target.headers=[[\"A\"]]", "workers[1].target.headers[0]",
            s("must be a [\"name\", \"value\"] pair of strings"));
        row("headers type", "workers[1].target.headers=\"A: b\"", "workers[1].target.headers",
            s("must be an object of strings or an array of [name, value] pairs, not a string"));
        row("expect status", "workers[1].target.expect_status=[200, 99]",
            "workers[1].target.expect_status[1]", s("must be a status code from 100 to 599"));
        row("expect status type", "workers[1].target.expect_status=200",
            "workers[1].target.expect_status", s("must be an array of status codes, not a number"));
        row("expect body empty", "workers[1].target.expect_body=\"\"",
            "workers[1].target.expect_body",
            s("must not be empty (leave it out to check the status alone)"));
        row("expect body type", "workers[1].target.expect_body=200",
            "workers[1].target.expect_body", s("must be a string, not a number"));
        row("step expect body empty",
            "workers[0].target={\"kind\": \"flow\", \"steps\": [{\"name\": \"a\", \"url\": "
            "\"http://127.0.0.1/\", \"expect_body\": \"\"}]}",
            "workers[0].target.steps[0].expect_body",
            s("must not be empty (leave it out to check the status alone)"));
        row("step expect body later value",
            "workers[0].target={\"kind\": \"flow\", \"steps\": [{\"name\": \"a\", \"url\": "
            "\"http://127.0.0.1/\", \"expect_body\": \"${t}\", \"extract\": {\"t\": {\"json\": "
            "\"/t\"}}}]}",
            "workers[0].target.steps[0].expect_body",
            s("${t} is extracted by this or a later step, not an earlier one"));
        row("expect body of HEAD",
            "workers[1].target.method=\"HEAD\";workers[1].target.expect_body=\"x\"",
            "workers[1].target.expect_body",
            s("a response to HEAD has no body: every call would fail with kind body (leave it "
              "out, or use GET)"));
        row("expect body on tcp",
            "workers[1].target={\"kind\": \"tcp\", \"address\": "
            "\"127.0.0.1:1\", \"expect_body\": \"x\"}",
            "workers[1].target.expect_body", s("does not apply to kind \"tcp\""));
        row("http version", "workers[1].target.version=\"3\"", "workers[1].target.version",
            s("unknown HTTP version \"3\" (expected auto, 1.1, 2)"));
        row("timeout zero", "workers[1].target.timeout=\"0s\"", "workers[1].target.timeout",
            s("must be positive"));
        row("timeout long", "workers[1].target.timeout=\"2h\"", "workers[1].target.timeout",
            s("must be at most 1h"));
        row("insecure type", "workers[1].target.insecure=1", "workers[1].target.insecure",
            s("must be true or false, not a number"));
        row("ca_file type", "workers[1].target.ca_file=true", "workers[1].target.ca_file",
            s("must be a string, not a boolean"));
        row("client_key without client_cert", "workers[1].target.client_key=\"k.pem\"",
            "workers[1].target.client_key", s("needs client_cert"));
        row("passphrase without client_cert", "workers[1].target.client_key_passphrase=\"${PASS}\"",
            "workers[1].target.client_key_passphrase", s("needs client_cert"));
        row("server_name not a name", "workers[1].target.server_name=\"api.test:443\"",
            "workers[1].target.server_name",
            s("\"api.test:443\" is not a host name (letters, digits, '-' and '.')"));
        row("server_name with redirects",
            "workers[1].target.server_name=\"api.test\";workers[1].target.follow_redirects=true",
            "workers[1].target.server_name", s("cannot be used with follow_redirects"));
        row("h2c with redirects",
            "workers[1].target.url=\"http://127.0.0.1/\";workers[1].target.version=\"2\";"
            "workers[1].target.follow_redirects=true",
            "workers[1].target.version",
            s("2 over http:// (h2c) cannot be used with follow_redirects"));
        row("ca_file on tcp", "workers[2].target.ca_file=\"ca.pem\"", "workers[2].target.ca_file",
            s("does not apply to kind \"tcp\""));
        row("connections negative", "workers[1].target.connections=-1",
            "workers[1].target.connections", s("must be from 0 (as many as needed) to 65536"));
        row("connections too many", "workers[1].target.connections=70000",
            "workers[1].target.connections", s("must be from 0 (as many as needed) to 65536"));
        row("connections type", "workers[1].target.connections=\"8\"",
            "workers[1].target.connections", s("must be an integer, not a string"));
        row("connections on tcp", "workers[2].target.connections=8",
            "workers[2].target.connections", s("does not apply to kind \"tcp\""));
        row("streams zero", "workers[1].target.streams=0", "workers[1].target.streams",
            s("must be from 1 to 1024"));
        row("streams too many", "workers[1].target.streams=1025", "workers[1].target.streams",
            s("must be from 1 to 1024"));
        row("streams on tcp", "workers[2].target.streams=8", "workers[2].target.streams",
            s("does not apply to kind \"tcp\""));
        row("address no port", "workers[2].target.address=\"127.0.0.1\"",
            "workers[2].target.address",
            s("invalid address \"127.0.0.1\" (expected host:port or [v6]:port)"));
        row("address port range", "workers[2].target.address=\"127.0.0.1:70000\"",
            "workers[2].target.address",
            s("port 70000 in address \"127.0.0.1:70000\" cannot be connected to (expected 1 "
              "to 65535)"));
        row("address port zero", "workers[2].target.address=\"[::1]:0\"",
            "workers[2].target.address",
            s("port 0 in address \"[::1]:0\" cannot be connected to (expected 1 to 65535)"));
        row("address v6 unbracketed", "workers[2].target.address=\"::1:80\"",
            "workers[2].target.address",
            s("invalid address \"::1:80\" (expected host:port or [v6]:port)"));
        row("address missing", "workers[2].target.address=-", "workers[2].target.address",
            s("is required"));
        row("read bytes", "workers[2].target.read_bytes=-1", "workers[2].target.read_bytes",
            s("must not be negative"));
        row("tcp url", "workers[2].target.url=\"http://127.0.0.1/\"", "workers[2].target.url",
            s("does not apply to kind \"tcp\""));
        row("program empty", "workers[3].target.program=\"\"", "workers[3].target.program",
            s("is required"));
        row("args type", "workers[3].target.args=[1]", "workers[3].target.args[0]",
            s("must be a string, not a number"));
        row("distribution", "workers[0].target.latency.distribution=\"pareto\"",
            "workers[0].target.latency.distribution",
            s("unknown distribution \"pareto\" (expected fixed, uniform, normal, lognormal)"));
        row("uniform order",
            "workers[0].target.latency={\"distribution\": \"uniform\", \"min\": \"5ms\", \"max\": "
            "\"1ms\"}",
            "workers[0].target.latency.max", s("must be at least min"));
        row("lognormal p99",
            "workers[0].target.latency={\"distribution\": \"lognormal\", \"median\": \"20ms\"}",
            "workers[0].target.latency.p99", s("is required for distribution \"lognormal\""));
        row("lognormal median zero",
            "workers[0].target.latency={\"distribution\": \"lognormal\", \"median\": \"0s\", "
            "\"p99\": \"1ms\"}",
            "workers[0].target.latency.median", s("must be positive"));
        row("latency other param", "workers[0].target.latency.p99=\"2ms\"",
            "workers[0].target.latency.p99", s("does not apply to distribution \"fixed\""));
        row("latency too long", "workers[0].target.latency.value=\"2h\"",
            "workers[0].target.latency.value", s("must be at most 1h"));
        row("error ratio", "workers[0].target.error_ratio=1.5", "workers[0].target.error_ratio",
            s("must be from 0 to 1"));
        row("threshold metric", "thresholds=[\"p95 < 1s\"]", "thresholds[0]",
            s("unknown metric \"p95\" (expected p50, p90, p99, p999, max, mean, error_rate, "
              "canceled_rate, rps)"));
        row("threshold worker", "thresholds=[\"p99 < 1s\", \"zz.p99 < 1s\"]", "thresholds[1]",
            s("unknown worker \"zz\""));
        row("data type", "workers[1].data=5", "workers[1].data",
            s("must be an object, not a number"));
        row("data file missing", "workers[1].data={}", "workers[1].data.file", s("is required"));
        row("data file empty", "workers[1].data={\"file\": \"\"}", "workers[1].data.file",
            s("must not be empty"));
        row("data mode", "workers[1].data={\"file\": \"u.csv\", \"mode\": \"shuffle\"}",
            "workers[1].data.mode",
            s("unknown mode \"shuffle\" (expected one of: sequential, random, unique)"));
        row("data on synthetic", "workers[0].data={\"file\": \"u.csv\"}", "workers[0].data",
            s("a data file feeds http and flow targets only, not synthetic"));
        row("threshold type", "thresholds=\"p99 < 1s\"", "thresholds",
            s("must be an array of strings, not a string"));
        row("threshold element", "thresholds=[5]", "thresholds[0]",
            s("must be a string, not a number"));
        row("distributed type", "distributed=2", "distributed",
            s("must be an object, not a number"));
        row("distributed ranks 0", "distributed={\"ranks\": 0}", "distributed.ranks",
            s("must be from 1 to 1024"));
        row("distributed ranks type", "distributed={\"ranks\": \"2\"}", "distributed.ranks",
            s("must be an integer, not a string"));
        row("distributed both", "distributed={\"hostfile\": \"h\", \"hosts\": [\"a\"]}",
            "distributed.hosts", s("give a hostfile or hosts, not both"));
        row("distributed host", "distributed={\"hosts\": [\"a b\"]}", "distributed.hosts[0]",
            s("\"a b\" is not a host name (\"name\" or \"name:slots\")"));
        // mpirun's --host syntax: "name" or "name:slots", slots a positive integer.
        row("distributed host slots not a number",
            "distributed={\"hosts\": [\"gen1:x\", \"gen2\"]}", "distributed.hosts[0]",
            s("\"gen1:x\": slots must be a positive integer, not \"x\" (\"name\" or "
              "\"name:slots\")"));
        row("distributed host slots 0", "distributed={\"hosts\": [\"gen1:2\", \"gen2:0\"]}",
            "distributed.hosts[1]",
            s("\"gen2:0\": slots must be a positive integer, not \"0\" (\"name\" or "
              "\"name:slots\")"));
        row("distributed host slots negative", "distributed={\"hosts\": [\"gen1:-2\"]}",
            "distributed.hosts[0]",
            s("\"gen1:-2\": slots must be a positive integer, not \"-2\" (\"name\" or "
              "\"name:slots\")"));
        row("distributed host slots missing", "distributed={\"hosts\": [\"gen1:\"]}",
            "distributed.hosts[0]",
            s("\"gen1:\": slots must be a positive integer, not nothing (\"name\" or "
              "\"name:slots\")"));
        row("distributed host slots too many", "distributed={\"hosts\": [\"gen1:99999999999\"]}",
            "distributed.hosts[0]",
            s("\"gen1:99999999999\": slots must be a positive integer, not \"99999999999\" "
              "(\"name\" or \"name:slots\")"));
        row("distributed host name missing", "distributed={\"hosts\": [\":4\"]}",
            "distributed.hosts[0]", s("\":4\" has no host name (\"name\" or \"name:slots\")"));
        row("distributed host bracket", "distributed={\"hosts\": [\"[gen1]:2\"]}",
            "distributed.hosts[0]",
            s("\"[gen1]:2\" is not a host name (\"name\" or \"name:slots\")"));
        row("distributed host bad IPv6", "distributed={\"hosts\": [\"fe80::1::2\"]}",
            "distributed.hosts[0]",
            s("\"fe80::1::2\" is not a host name (\"name\" or \"name:slots\")"));
        row("distributed enabled", "distributed={\"enabled\": 1}", "distributed.enabled",
            s("must be true or false, not a number"));
    }
    void problems() {
        QFETCH(QString, edits);
        QFETCH(QString, path);
        QFETCH(QString, message);
        const ScenarioParse p = Scenario::fromJson(mutate(edits));
        QVERIFY2(p.problems.size() == 1, qPrintable(describe(p.problems)));
        QCOMPARE(p.problems.first().path, path);
        QCOMPARE(p.problems.first().message, message);
        QCOMPARE(p.problems.first().line, 0);
        QCOMPARE(p.problems.first().toString(), path + QStringLiteral(": ") + message);
    }

    void everyProblemAtOnce() {
        const QByteArray text =
            mutate(QStringLiteral("version=2;duration=\"5x\";interval=\"1ms\";workers[0].rate.rps=-"
                                  "1;workers[1].target.kind=\"htp\";"
                                  "workers[2].target.address=\"nope\";workers[3].force=0;workers[3]"
                                  ".ident=\"a\";thresholds=[\"p95 < 1s\"]"));
        const ScenarioParse p = Scenario::fromJson(text);
        QStringList got;
        for (const Problem& problem : p.problems)
            got << problem.toString();
        const QStringList expected{
            QStringLiteral("version: unsupported version 2 (expected 1)"),
            QStringLiteral(
                "duration: invalid duration \"5x\" (expected e.g. 250ms, 30s, 5m, 1h30m)"),
            QStringLiteral("interval: must be from 100ms to 10s"),
            QStringLiteral("workers[0].rate.rps: must be positive"),
            QStringLiteral("workers[1].target.kind: unknown kind \"htp\" (expected http, flow, "
                           "tcp, command, synthetic)"),
            QStringLiteral("workers[2].target.address: invalid address \"nope\" (expected "
                           "host:port or [v6]:port)"),
            QStringLiteral("workers[3].ident: duplicate ident \"a\" (also workers[0])"),
            QStringLiteral("workers[3].force: must be from 1 to 1000"),
            QStringLiteral(
                "thresholds[0]: unknown metric \"p95\" (expected p50, p90, p99, p999, max, mean, "
                "error_rate, canceled_rate, rps)"),
        };
        QCOMPARE(got, expected);
    }

    void modelValidation() {
        // The GUI edits the structs and validates them without JSON.
        Scenario s = Scenario::fromJson(kBase).scenario;
        s.workers[1].rate.rps = 0;
        s.workers[0].target.kind = QStringLiteral("htp");
        s.interval = 20s;
        QStringList got;
        for (const Problem& p : s.validate())
            got << p.toString();
        QCOMPARE(got, (QStringList{
                          QStringLiteral("interval: must be from 100ms to 10s"),
                          QStringLiteral("workers[0].target.kind: unknown kind \"htp\" (expected "
                                         "http, flow, tcp, command, synthetic)"),
                          QStringLiteral("workers[1].rate.rps: must be positive"),
                      }));
    }

    void syntaxErrors_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::newRow("missing comma")
            << QByteArray("{\n  \"version\": 1,\n  \"name\": \"x\"\n  \"duration\": \"1s\"\n}") << 4
            << 3;
        QTest::newRow("trailing comma") << QByteArray("{\n  \"version\": 1,\n}") << 3 << 1;
        QTest::newRow("unterminated string") << QByteArray("{\"name\": \"abc") << 1 << 14;
        QTest::newRow("non-ascii before")
            << QByteArray("{\"name\": \"\xc3\xa9\xc3\xa9\", x}") << 1 << 16;
        QTest::newRow("empty") << QByteArray() << 1 << 1;
        QTest::newRow("white space") << QByteArray(" \n\t\n") << 1 << 1;
        // RFC 8259: control characters inside strings must be escaped; Qt lets them through.
        QTest::newRow("raw NUL in a string")
            << QByteArray("{\"version\": 1,\n \"name\": \"a\0b\"}", 30) << 2 << 12;
        QTest::newRow("raw tab after an escaped quote")
            << QByteArray("{\"name\": \"a\\\"\tb\"}") << 1 << 14;
    }
    void syntaxErrors() {
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        QFETCH(int, column);
        const ScenarioParse p = Scenario::fromJson(text);
        QCOMPARE(p.problems.size(), 1);
        const Problem& problem = p.problems.first();
        QVERIFY(problem.path.isEmpty());
        QVERIFY(!problem.message.isEmpty());
        QCOMPARE(problem.line, line);
        QCOMPARE(problem.column, column);
        QVERIFY(problem.toString().startsWith(
            QStringLiteral("line %1, column %2: ").arg(line).arg(column)));
        // Empty: said so, not Qt's "illegal value".
        if (text.trimmed().isEmpty())
            QVERIFY2(problem.message.startsWith(
                         text.isEmpty() ? QStringLiteral("the text is empty")
                                        : QStringLiteral("the text holds only white space")),
                     qPrintable(problem.message));
        if (QByteArray(QTest::currentDataTag()).startsWith("raw"))
            QVERIFY2(problem.message.contains(QStringLiteral("must be escaped")),
                     qPrintable(problem.message));
    }

    // Escaped control characters, and raw ones outside strings (whitespace), are fine.
    void escapedControlCharactersAreValid() {
        const ScenarioParse p = Scenario::fromJson(
            "{\t\"version\": 1,\r\n \"name\": \"a\\u0000b\\tc\", \"duration\": \"1s\",\n"
            " \"workers\": [{\"ident\": \"w\", \"target\": {\"kind\": \"synthetic\"},"
            " \"rate\": {\"rps\": 1}}]}");
        QVERIFY2(p.ok(), qPrintable(p.problems.value(0).toString()));
        QCOMPARE(p.scenario.name, QString(QStringLiteral("a") + QChar(0) + QStringLiteral("b\tc")));
    }

    void notAnObject() {
        const ScenarioParse p = Scenario::fromJson("[1, 2]");
        QCOMPARE(p.problems.size(), 1);
        QCOMPARE(p.problems.first().toString(),
                 QStringLiteral("(document): must be a JSON object"));
    }

    void examplesAreValidAndCanonical_data() {
        QTest::addColumn<QString>("file");
        const QStringList files = exampleFiles();
        QVERIFY(files.size() >= 6);
        for (const QString& f : files)
            QTest::newRow(qPrintable(QFileInfo(f).fileName())) << f;
    }
    void examplesAreValidAndCanonical() {
        QFETCH(QString, file);
        const QByteArray text = readFile(file);
        const ScenarioParse p = Scenario::fromJson(text);
        QVERIFY2(p.ok(), qPrintable(describe(p.problems)));
        QVERIFY2(p.warnings.isEmpty(), qPrintable(describe(p.warnings)));
        // The examples are written in canonical form: they round-trip byte for byte.
        QCOMPARE(p.scenario.toJson(), text);
    }

    void examplesCoverEveryKindAndMode() {
        QSet<QString> kinds;
        QSet<int> modes;
        QSet<int> distributions;
        for (const QString& f : exampleFiles()) {
            for (const WorkerSpec& w : Scenario::fromJson(readFile(f)).scenario.workers) {
                kinds.insert(w.target.kind);
                modes.insert(static_cast<int>(w.rate.mode));
                if (w.target.kind == u"synthetic")
                    distributions.insert(static_cast<int>(w.target.latency.distribution));
            }
        }
        QCOMPARE(kinds.size(), TargetSpec::kinds().size());
        QCOMPARE(modes.size(), 4);
        QCOMPARE(distributions.size(), 4);
    }

    void exampleHttpTargetsStayOnLoopback() {
        for (const QString& f : exampleFiles()) {
            for (const WorkerSpec& w : Scenario::fromJson(readFile(f)).scenario.workers) {
                if (w.target.kind == u"http") {
                    const QString host = QUrl(w.target.url).host();
                    QVERIFY2(host == u"127.0.0.1" || host == u"sandbox", qPrintable(f));
                }
                if (w.target.kind == u"tcp")
                    QVERIFY2(w.target.address.startsWith(u"127.0.0.1:"), qPrintable(f));
                for (const StepSpec& step : w.target.steps) {
                    const QString host = QUrl(step.url).host();
                    QVERIFY2(host == u"127.0.0.1" || host == u"sandbox", qPrintable(f));
                }
            }
        }
    }

    void demoUsesSandbox() {
        const Scenario s =
            Scenario::fromJson(
                readFile(QStringLiteral(PUSHER_SOURCE_DIR "/resources/scenarios/demo.json")))
                .scenario;
        QVERIFY(s.usesSandbox());
        const Scenario local = s.withSandboxPort(18080);
        QVERIFY(!local.usesSandbox());
        QCOMPARE(local.workers[1].target.url,
                 QStringLiteral("http://127.0.0.1:18080/items?delay=20ms"));
        QVERIFY(local.validate().isEmpty());
    }

    void roundTripNormalises() {
        // Not canonical: key order, indentation, 1500ms, headers object out of order.
        const QByteArray text = data("messy.json");
        const ScenarioParse first = Scenario::fromJson(text);
        QVERIFY2(first.ok(), qPrintable(describe(first.problems)));
        const QByteArray saved = first.scenario.toJson();
        QCOMPARE(saved, data("messy-canonical.json"));
        const ScenarioParse second = Scenario::fromJson(saved);
        QVERIFY(second.ok());
        QCOMPARE(second.scenario, first.scenario);
        QCOMPARE(second.scenario.toJson(), saved);
    }

    // The hosts mpirun takes pass, each malformed one is a problem at its index: "gen1:x, gen2:0"
    // in the editor's field said "No problems" and failed only in mpirun.
    void distributedHostsAsMpirunTakesThem() {
        const ScenarioParse good = Scenario::fromJson(mutate(QStringLiteral(
            "distributed={\"ranks\": 4, \"hosts\": [\"gen1\", \"gen-2.lan:4\", \"10.0.0.3:16\", "
            "\"fe80::1\", \"::1\"]}")));
        QVERIFY2(good.ok(), qPrintable(describe(good.problems)));
        const ScenarioParse bad = Scenario::fromJson(
            mutate(QStringLiteral("distributed={\"hosts\": [\"gen1:x\", \"gen2:0\"]}")));
        QStringList got;
        for (const Problem& problem : bad.problems)
            got << problem.toString();
        QCOMPARE(got,
                 (QStringList{
                     QStringLiteral("distributed.hosts[0]: \"gen1:x\": slots must be a "
                                    "positive integer, not \"x\" (\"name\" or \"name:slots\")"),
                     QStringLiteral("distributed.hosts[1]: \"gen2:0\": slots must be a "
                                    "positive integer, not \"0\" (\"name\" or \"name:slots\")"),
                 }));
        // Off, the settings are kept but not checked (as the other distributed fields).
        const ScenarioParse off = Scenario::fromJson(
            mutate(QStringLiteral("distributed={\"enabled\": false, \"hosts\": [\"gen1:x\"]}")));
        QVERIFY2(off.ok(), qPrintable(describe(off.problems)));
    }

    void distributedRoundTrips() {
        // The object means "run under MPI"; enabled: false keeps the settings for later.
        ScenarioParse p = Scenario::fromJson(
            mutate(QStringLiteral("distributed={\"ranks\": 3, \"hosts\": [\"a:2\", \"b\"]}")));
        QVERIFY2(p.ok(), qPrintable(describe(p.problems)));
        QVERIFY(p.warnings.isEmpty());
        QVERIFY(p.scenario.distributed.enabled);
        QCOMPARE(p.scenario.distributed.ranks, 3);
        QCOMPARE(p.scenario.distributed.hosts,
                 QStringList({QStringLiteral("a:2"), QStringLiteral("b")}));
        QByteArray saved = p.scenario.toJson();
        QVERIFY2(saved.endsWith(R"(  "distributed": {
    "ranks": 3,
    "hosts": ["a:2", "b"]
  }
}
)"),
                 saved.constData());
        QCOMPARE(Scenario::fromJson(saved).scenario, p.scenario);

        p.scenario.distributed.enabled = false;
        p.scenario.distributed.hosts.clear();
        p.scenario.distributed.hostfile = QStringLiteral("hosts.txt");
        saved = p.scenario.toJson();
        QVERIFY2(saved.contains(R"("distributed": {
    "enabled": false,
    "ranks": 3,
    "hostfile": "hosts.txt"
  })"),
                 saved.constData());
        const ScenarioParse back = Scenario::fromJson(saved);
        QCOMPARE(back.scenario, p.scenario);
        QCOMPARE(back.scenario.toJson(), saved);

        // Off, its values are not checked (nor used): they are checked once it is on.
        const ScenarioParse off = Scenario::fromJson(
            mutate(QStringLiteral("distributed={\"enabled\": false, \"ranks\": 0}")));
        QVERIFY2(off.ok(), qPrintable(describe(off.problems)));
        Scenario on = off.scenario;
        on.distributed.enabled = true;
        QCOMPARE(on.validate().size(), 1);
        QCOMPARE(on.validate().first().path, QStringLiteral("distributed.ranks"));

        // The default is written as nothing.
        Scenario plain = Scenario::fromJson(kBase).scenario;
        QVERIFY(plain.distributed.isDefault());
        QVERIFY(!plain.toJson().contains("distributed"));
    }

    void headerOrderIsKept() {
        Scenario s = Scenario::fromJson(kBase).scenario;
        s.workers[1].target.headers = {{QStringLiteral("X-B"), QStringLiteral("2")},
                                       {QStringLiteral("X-A"), QStringLiteral("1")},
                                       {QStringLiteral("X-A"), QStringLiteral("again")}};
        const QByteArray saved = s.toJson();
        QVERIFY(saved.contains(R"([
          ["X-B", "2"],
          ["X-A", "1"],
          ["X-A", "again"]
        ])"));
        const ScenarioParse back = Scenario::fromJson(saved);
        QVERIFY2(back.ok(), qPrintable(describe(back.problems)));
        QCOMPARE(back.scenario.workers[1].target.headers, s.workers[1].target.headers);
        QCOMPARE(back.scenario.toJson(), saved);
    }

    void unknownKeysAreKeptWithWarnings() {
        const QByteArray text = mutate(QStringLiteral(
            "owner={\"team\": \"perf\", \"n\": [1, 2.5, 12345678901234567]};workers[0].note=\"x\";"
            "workers[1].target.x_proxy=\"p\";workers[1].rate.jitter=0.1;workers[0].target.latency."
            "shape=2;"
            "workers[2].rate.stages[0].label=\"warm\""));
        const ScenarioParse p = Scenario::fromJson(text);
        QVERIFY2(p.ok(), qPrintable(describe(p.problems)));
        QStringList warned;
        for (const Problem& w : p.warnings)
            warned << w.path;
        warned.sort();
        QCOMPARE(warned, (QStringList{
                             QStringLiteral("owner"),
                             QStringLiteral("workers[0].note"),
                             QStringLiteral("workers[0].target.latency.shape"),
                             QStringLiteral("workers[1].rate.jitter"),
                             QStringLiteral("workers[1].target.x_proxy"),
                             QStringLiteral("workers[2].rate.stages[0].label"),
                         }));
        QCOMPARE(p.warnings.first().message, QStringLiteral("unknown key, kept as is"));
        const QByteArray saved = p.scenario.toJson();
        for (const char* key :
             {"\"owner\"", "\"team\": \"perf\"", "12345678901234567", "2.5", "\"note\"",
              "\"x_proxy\"", "\"jitter\": 0.1", "\"shape\": 2", "\"label\": \"warm\""})
            QVERIFY2(saved.contains(key), key);
        const ScenarioParse back = Scenario::fromJson(saved);
        QCOMPARE(back.scenario, p.scenario);
        QCOMPARE(back.scenario.toJson(), saved);
    }

    // Characters users paste from a browser's address bar are accepted in the path, query and
    // fragment (and percent-encoded when sent, tst_flow pastedUrlsArePercentEncoded); the
    // validator refused "|" (and spaces, {}, ^, non-ASCII) as an invalid URL.
    void urlsAsPasted_data() {
        QTest::addColumn<QString>("url");
        QTest::newRow("pipe") << QStringLiteral("http://127.0.0.1:8080/a|b?x=1|2");
        QTest::newRow("space") << QStringLiteral("http://127.0.0.1:8080/my file.txt?q=a b");
        QTest::newRow("braces caret") << QStringLiteral("http://127.0.0.1/{id}^x?f={\"a\":1}");
        QTest::newRow("non-ascii")
            << QStringLiteral("https://127.0.0.1/caf\u00e9?q=\u65e5\U0001F600");
        QTest::newRow("brackets in query") << QStringLiteral("http://127.0.0.1/?ids[]=1&ids[]=2");
        QTest::newRow("backslash backtick") << QStringLiteral("http://127.0.0.1/a\\b`c");
        QTest::newRow("fragment with hash") << QStringLiteral("http://127.0.0.1/a#x#y");
        QTest::newRow("already encoded") << QStringLiteral("http://127.0.0.1/a%7Cb%20c%2F");
    }
    void urlsAsPasted() {
        QFETCH(QString, url);
        Scenario s = Scenario::fromJson(kBase).scenario;
        s.workers[1].target.url = url;
        QVERIFY2(s.validate().isEmpty(), qPrintable(describe(s.validate())));
        // A file with it loads, and saves it as written (the file keeps what the user wrote).
        const ScenarioParse back = Scenario::fromJson(s.toJson());
        QVERIFY2(back.ok(), qPrintable(describe(back.problems)));
        QCOMPARE(back.scenario.workers[1].target.url, url);
        // A flow step too.
        s.workers[1].target.kind = QStringLiteral("flow");
        StepSpec step;
        step.name = QStringLiteral("s");
        step.url = url;
        s.workers[1].target.steps = {step};
        QVERIFY2(s.validate().isEmpty(), qPrintable(describe(s.validate())));
    }

    void thresholdsOnWorkersWithoutCallsAreWarned() {
        // A threshold on a worker that makes no calls fails at the end of the run ("observed
        // no calls"): the file is warned of it before, with the threshold's position.
        QJsonObject root = QJsonDocument::fromJson(
                               mutate(QStringLiteral("workers[0].enabled=false;workers[1]."
                                                     "overtime=0;thresholds=[\"p99 < 1s\", "
                                                     "\"a.p99 < 1s\", \"b.error_rate < 1%\", "
                                                     "\"b.canceled_rate < 1%\", \"c.p99 < 1s\", "
                                                     "\"j/login.rps > 1\", \"a.canceled_rate < "
                                                     "5%\"]")))
                               .object();
        QJsonArray workers = root.value(QStringLiteral("workers")).toArray();
        workers.append(
            QJsonDocument::fromJson("{\"ident\": \"j\", \"enabled\": false, \"target\": {\"kind\": "
                                    "\"flow\", \"steps\": [{\"name\": \"login\", \"url\": "
                                    "\"http://127.0.0.1:8080/\"}]}, \"rate\": {\"rps\": 1}}")
                .object());
        root.insert(QStringLiteral("workers"), workers);
        const QByteArray text = QJsonDocument(root).toJson();
        const ScenarioParse p = Scenario::fromJson(text);
        QVERIFY2(p.ok(), qPrintable(describe(p.problems)));
        const QStringList expected{
            QStringLiteral("workers[1].overtime: 0 cancels every tick: this worker makes no "
                           "call (left out, overtime is the default, 1000000 calls in flight at "
                           "once)"),
            QStringLiteral("thresholds[1]: worker \"a\" is disabled: it is not run, so this "
                           "threshold fails (observed no calls)"),
            QStringLiteral("thresholds[2]: worker \"b\" has overtime 0: each tick is canceled "
                           "and no call is made, so this threshold fails (observed no calls)"),
            QStringLiteral("thresholds[5]: worker \"j\" is disabled: it is not run, so this "
                           "threshold fails (observed no calls)"),
            QStringLiteral("thresholds[6]: worker \"a\" is disabled: it is not run, so this "
                           "threshold fails (observed no ticks)"),
        };
        QStringList got;
        for (const Problem& w : p.warnings)
            got << w.toString();
        QCOMPARE(got, expected);
        // The model says the same (the editor's check), and a warning is no problem.
        got.clear();
        for (const Problem& w : p.scenario.warnings())
            got << w.toString();
        QCOMPARE(got, expected);
        QVERIFY(p.scenario.validate().isEmpty());
        // The whole run's thresholds are warned when no enabled worker can make a call.
        Scenario s = p.scenario;
        s.workers[2].overtime = 0;
        s.workers[3].enabled = false;
        s.thresholds = {QStringLiteral("p99 < 1s"), QStringLiteral("canceled_rate < 1%")};
        QCOMPARE(describe(s.warnings()),
                 QStringLiteral("workers[1].overtime: 0 cancels every tick: this worker makes no "
                                "call (left out, overtime is the default, 1000000 calls in flight "
                                "at once)\n"
                                "workers[2].overtime: 0 cancels every tick: this worker makes no "
                                "call (left out, overtime is the default, 1000000 calls in flight "
                                "at once)\n"
                                "thresholds[0]: every enabled worker has overtime 0: each tick is "
                                "canceled and no call is made, so this threshold fails (observed "
                                "no calls)"));
        // With calls to make, nothing is warned: the base file's thresholds.
        QVERIFY(Scenario::fromJson(kBase).scenario.warnings().isEmpty());
    }

    // Overtime 0 cancels every tick: the worker makes no call, and the run said so only at its
    // end (0 calls, 100% canceled). It is the engine's meaning, so a warning, not a problem, at
    // the field, whether or not a threshold names the worker; not for a disabled worker (not
    // run), and with rate.max 0 callers is a problem already.
    void overtimeZeroIsWarned() {
        Scenario s = Scenario::fromJson(kBase).scenario;
        s.thresholds.clear();
        QVERIFY(s.warnings().isEmpty());
        s.workers[1].overtime = 0;
        QCOMPARE(describe(s.warnings()),
                 QStringLiteral("workers[1].overtime: 0 cancels every tick: this worker makes no "
                                "call (left out, overtime is the default, 1000000 calls in flight "
                                "at once)"));
        QVERIFY(s.validate().isEmpty());
        // As read from a file, the same.
        const ScenarioParse p = Scenario::fromJson(s.toJson());
        QVERIFY2(p.ok(), qPrintable(describe(p.problems)));
        QCOMPARE(describe(p.warnings), describe(s.warnings()));
        s.workers[1].enabled = false;
        QVERIFY2(s.warnings().isEmpty(), qPrintable(describe(s.warnings())));
        s.workers[1].enabled = true;
        s.workers[1].overtime = 1;
        QVERIFY(s.warnings().isEmpty());
        s.workers[3].overtime = 0; // rate.max: the number of callers
        QVERIFY(s.warnings().isEmpty());
        QCOMPARE(describe(s.validate()),
                 QStringLiteral("workers[3].overtime: must be from 1 to 65536 with rate.max"));
    }

    // A step whose think times alone outlast the run never sends its request; its series
    // holds only the journeys cut by the run's end (a p99 of 0ms "passed" such a threshold).
    void thresholdOnAStepNeverReachedIsWarned() {
        Scenario s = Scenario::fromJson(kBase).scenario;
        s.duration = 1s;
        WorkerSpec& w = s.workers[1];
        w.target.kind = QStringLiteral("flow");
        StepSpec a, b, c;
        a.name = QStringLiteral("a");
        b.name = QStringLiteral("b");
        c.name = QStringLiteral("c");
        a.url = b.url = c.url = QStringLiteral("http://127.0.0.1:8080/");
        b.hasThink = true;
        b.think.distribution = LatencySpec::Distribution::Uniform;
        b.think.min = 600ms;
        b.think.max = 2s;
        c.hasThink = true;
        c.think.value = 400ms;
        w.target.steps = {a, b, c};
        s.thresholds = {QStringLiteral("b/a.p99 < 1s"), QStringLiteral("b/b.p99 < 1s"),
                        QStringLiteral("b/c.p99 < 1s"), QStringLiteral("b.p99 < 1s")};
        QVERIFY2(s.validate().isEmpty(), qPrintable(describe(s.validate())));
        QCOMPARE(
            describe(s.warnings()),
            QStringLiteral("thresholds[2]: step \"c\" of worker \"b\" waits at least 1s of "
                           "think time before its request and the run lasts 1s: it never sends "
                           "one, so this threshold judges only the journeys the run's end cuts "
                           "in it"));
        s.duration = 1001ms;
        QVERIFY(s.warnings().isEmpty());
    }

    // Stages longer than the run were cut without a word: `duration` decides where the run
    // ends, so a ramp to 1000 rps over 10m in a 1m run peaked near 100.
    void stagesBeyondTheRunAreWarned() {
        const ScenarioParse p = Scenario::fromJson(mutate(QStringLiteral(
            "duration=\"1m\";workers[2].rate.stages=[{\"duration\": \"30s\", \"rps\": 10}, "
            "{\"duration\": \"10m\", \"rps\": 1000}, {\"duration\": \"1m\", \"rps\": 0}]")));
        QVERIFY2(p.ok(), qPrintable(describe(p.problems)));
        QCOMPARE(describe(p.warnings),
                 QStringLiteral("workers[2].rate.stages: the stages last longer than the run (1m): "
                                "it ends in stage 2 of 3, and the rest is not run (make duration "
                                "the stages' sum to run them all)"));
        // Stages that fit (the last one held to the end) are not warned.
        Scenario s = p.scenario;
        s.duration = 11min + 30s; // the sum exactly
        QVERIFY(s.warnings().isEmpty());
        s.duration = 11min;
        QCOMPARE(s.warnings().size(), 1);
        QVERIFY(s.warnings().first().message.contains(QStringLiteral("stage 3 of 3")));
    }

    void streamsRoundTrip() {
        // HTTP/2 streams per connection: kept when not the default 1, left out when it is.
        const ScenarioParse parsed = Scenario::fromJson(
            mutate(QStringLiteral("workers[1].target.version=\"2\";workers[1].target.streams=10")));
        QVERIFY2(parsed.ok(), qPrintable(describe(parsed.problems)));
        QCOMPARE(parsed.scenario.workers[1].target.streams, 10);
        const QByteArray saved = parsed.scenario.toJson();
        QVERIFY(saved.contains("\"streams\": 10"));
        QCOMPARE(Scenario::fromJson(saved).scenario, parsed.scenario);
        Scenario one = parsed.scenario;
        one.workers[1].target.streams = 1;
        QVERIFY(!one.toJson().contains("\"streams\""));
    }

    // expect_body: kept in the model, written after expect_status (http and flow steps),
    // byte-stable through a save and a load; ${VAR}s resolved like the other strings.
    void expectBodyRoundTrip() {
        const ScenarioParse parsed = Scenario::fromJson(mutate(QStringLiteral(
            "workers[1].target.expect_status=[200];"
            "workers[1].target.expect_body=\"\\\"status\\\":\\\"ok\\\" é ${WHO}\";"
            "workers[0].target={\"kind\": \"flow\", \"steps\": [{\"name\": \"login\", "
            "\"url\": \"http://127.0.0.1/login\", \"expect_body\": \"token\", \"extract\": "
            "{\"t\": {\"json\": \"/t\"}}}, {\"name\": \"me\", \"url\": \"http://127.0.0.1/me\", "
            "\"expect_body\": \"${t} ${WHO}\"}]}")));
        QVERIFY2(parsed.ok(), qPrintable(describe(parsed.problems)));
        const TargetSpec& http = parsed.scenario.workers[1].target;
        QCOMPARE(http.expectBody, QStringLiteral("\"status\":\"ok\" é ${WHO}"));
        QCOMPARE(parsed.scenario.workers[0].target.steps[1].expectBody,
                 QStringLiteral("${t} ${WHO}"));
        const QByteArray saved = parsed.scenario.toJson();
        QVERIFY2(saved.contains("\"expect_status\": [200],\n        \"expect_body\": "
                                "\"\\\"status\\\":\\\"ok\\\" \xc3\xa9 ${WHO}\""),
                 saved.constData());
        QVERIFY2(saved.contains("\"expect_body\": \"token\""), saved.constData());
        const ScenarioParse back = Scenario::fromJson(saved);
        QVERIFY(back.ok());
        QCOMPARE(back.scenario, parsed.scenario);
        QCOMPARE(back.scenario.toJson(), saved);
        // Left out when empty.
        Scenario none = parsed.scenario;
        none.workers[1].target.expectBody.clear();
        none.workers[0].target.steps[0].expectBody.clear();
        none.workers[0].target.steps[1].expectBody.clear();
        QVERIFY(!none.toJson().contains("expect_body"));

        QProcessEnvironment env;
        const ScenarioParse unset = parsed.scenario.resolved(env);
        QCOMPARE(describe(unset.problems),
                 QStringLiteral("workers[0].target.steps[1].expect_body: environment variable WHO "
                                "is not set\nworkers[1].target.expect_body: environment variable "
                                "WHO is not set"));
        env.insert(QStringLiteral("WHO"), QStringLiteral("ann"));
        const ScenarioParse resolved = parsed.scenario.resolved(env);
        QVERIFY2(resolved.ok(), qPrintable(describe(resolved.problems)));
        QCOMPARE(resolved.scenario.workers[1].target.expectBody,
                 QStringLiteral("\"status\":\"ok\" é ann"));
        // The extracted value stays for the journey.
        QCOMPARE(resolved.scenario.workers[0].target.steps[1].expectBody,
                 QStringLiteral("${t} ann"));
    }

    // An expect_body that environment variables set to "" leave empty would look for nothing
    // (every body contains the empty text, so the check passed on any body): resolved()
    // refuses it at the field, naming the variables. A text they only shorten, or one a
    // flow value or "$${" keeps, is fine; a disabled worker's text is not checked.
    void expectBodyOfEmptyVariables() {
        const ScenarioParse parsed = Scenario::fromJson(mutate(QStringLiteral(
            "workers[1].target.expect_body=\"${A}${B}${A}\";"
            "workers[0].target={\"kind\": \"flow\", \"steps\": [{\"name\": \"login\", "
            "\"url\": \"http://127.0.0.1/login\", \"expect_body\": \"${A}\", \"extract\": "
            "{\"t\": {\"json\": \"/t\"}}}, {\"name\": \"me\", \"url\": \"http://127.0.0.1/me\", "
            "\"expect_body\": \"${t}${A}\"}, {\"name\": \"lit\", \"url\": "
            "\"http://127.0.0.1/lit\", \"expect_body\": \"${A}$${A}\"}, {\"name\": \"x\", "
            "\"url\": \"http://127.0.0.1/x\", \"expect_body\": \"x${B}\"}]}")));
        QVERIFY2(parsed.ok(), qPrintable(describe(parsed.problems)));
        QProcessEnvironment env;
        env.insert(QStringLiteral("A"), QString());
        env.insert(QStringLiteral("B"), QString());
        const ScenarioParse empty = parsed.scenario.resolved(env);
        QCOMPARE(describe(empty.problems),
                 QStringLiteral("workers[0].target.steps[0].expect_body: environment variable A "
                                "is empty: nothing to look for (every body contains the empty "
                                "text)\n"
                                "workers[1].target.expect_body: environment variables A, B are "
                                "empty: nothing to look for (every body contains the empty "
                                "text)"));
        // The others as filled in: kept for the journey, a literal, shortened.
        const QList<StepSpec>& steps = empty.scenario.workers[0].target.steps;
        QCOMPARE(steps[1].expectBody, QStringLiteral("${t}"));
        QCOMPARE(steps[2].expectBody, QStringLiteral("$${A}"));
        QCOMPARE(steps[3].expectBody, QStringLiteral("x"));

        Scenario disabled = parsed.scenario;
        disabled.workers[0].enabled = false;
        disabled.workers[1].enabled = false;
        QVERIFY2(disabled.resolved(env).ok(),
                 qPrintable(describe(disabled.resolved(env).problems)));

        env.insert(QStringLiteral("A"), QStringLiteral("ok"));
        const ScenarioParse set = parsed.scenario.resolved(env);
        QVERIFY2(set.ok(), qPrintable(describe(set.problems)));
        QCOMPARE(set.scenario.workers[1].target.expectBody, QStringLiteral("okok"));
    }

    // An http target's expect_body is the same for every call: a data file's column in it
    // is a problem that says so (a flow step's may use one, as its body does). The name is
    // an environment variable there, so variables() lists it (it left it out, as a column,
    // while resolved() asked the environment for it), and an environment that sets it fills
    // the text, the URL's ${id} staying the column.
    void expectBodyTakesNoColumn() {
        QTemporaryDir dir;
        QFile csv(dir.filePath(QStringLiteral("u.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("id,tok\n1,a\n");
        csv.close();
        const ScenarioParse parsed = Scenario::fromJson(
            mutate(QStringLiteral("workers[1].data={\"file\": \"%1\"};"
                                  "workers[1].target.url=\"http://127.0.0.1:8080/u/${id}\";"
                                  "workers[1].target.expect_body=\"id ${id} ${tok}\"")
                       .arg(csv.fileName())));
        QVERIFY2(parsed.ok(), qPrintable(describe(parsed.problems)));
        QCOMPARE(parsed.scenario.variables(),
                 (QStringList{QStringLiteral("id"), QStringLiteral("tok")}));
        const ScenarioParse resolved = parsed.scenario.resolved(QProcessEnvironment());
        QCOMPARE(describe(resolved.problems),
                 QStringLiteral("workers[1].target.expect_body: ${id} is a column of %1, but "
                                "expect_body takes environment variables only (the text is the "
                                "same for every call)\n"
                                "workers[1].target.expect_body: ${tok} is a column of %1, but "
                                "expect_body takes environment variables only (the text is the "
                                "same for every call)")
                     .arg(csv.fileName()));
        QProcessEnvironment env;
        for (const QString& name : parsed.scenario.variables())
            env.insert(name, name.toUpper());
        const ScenarioParse filled = parsed.scenario.resolved(env);
        QVERIFY2(filled.ok(), qPrintable(describe(filled.problems)));
        QCOMPARE(filled.scenario.workers[1].target.expectBody, QStringLiteral("id ID TOK"));
        QCOMPARE(filled.scenario.workers[1].target.url,
                 QStringLiteral("http://127.0.0.1:8080/u/${id}"));
        QCOMPARE(filled.scenario.variables(), QStringList());
        // A flow step's expect_body takes the columns per call: not environment variables.
        Scenario flow = parsed.scenario;
        TargetSpec& t = flow.workers[1].target;
        t.kind = QStringLiteral("flow");
        StepSpec step;
        step.name = QStringLiteral("a");
        step.method = QStringLiteral("GET");
        step.url = QStringLiteral("http://127.0.0.1:8080/a");
        step.expectBody = QStringLiteral("id ${id} ${WHO}");
        t.steps = {step};
        QCOMPARE(flow.variables(), QStringList{QStringLiteral("WHO")});
    }

    // A data file's name typed with spaces around it is found by no one, and the problem said
    // only "…/ users.csv : no such file", the spaces invisible in it: it says so, and whether
    // the name without them is there. (resolved() is the check pusher-cli validate and the
    // editor run.)
    void aDataFileNamedWithSpacesSaysSo() {
        QTemporaryDir dir;
        QFile csv(dir.filePath(QStringLiteral("users.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("id\n1\n");
        csv.close();
        auto problem = [&](const QString& file) {
            const ScenarioParse parsed = Scenario::fromJson(
                mutate(QStringLiteral("workers[1].data={\"file\": \"%1\"}").arg(file)));
            if (!parsed.ok())
                return describe(parsed.problems);
            return describe(parsed.scenario.resolved(QProcessEnvironment(), dir.path()).problems);
        };
        const QString at = dir.path() + u'/';
        QCOMPARE(problem(QStringLiteral(" users.csv ")),
                 QStringLiteral("workers[1].data.file: %1 users.csv : no such file: the name \" "
                                "users.csv \" starts and ends with spaces (without them, "
                                "users.csv is there)")
                     .arg(at));
        QCOMPARE(problem(QStringLiteral("users.csv  ")),
                 QStringLiteral("workers[1].data.file: %1users.csv  : no such file: the name "
                                "\"users.csv  \" ends with spaces (without them, users.csv is "
                                "there)")
                     .arg(at));
        QCOMPARE(problem(QStringLiteral(" orders.csv")),
                 QStringLiteral("workers[1].data.file: %1 orders.csv: no such file: the name \" "
                                "orders.csv\" starts with a space (a file's name rarely has any: "
                                "remove it)")
                     .arg(at));
        QCOMPARE(problem(QStringLiteral("users.csv")), QString());
        QCOMPARE(problem(QStringLiteral("orders.csv")),
                 QStringLiteral("workers[1].data.file: %1orders.csv: no such file").arg(at));
    }

    void tlsFilesRoundTrip() {
        const ScenarioParse parsed = Scenario::fromJson(
            mutate(QStringLiteral("workers[1].target.ca_file=\"pki/ca.pem\";"
                                  "workers[1].target.client_cert=\"${PKI}/client.pem\";"
                                  "workers[1].target.client_key=\"pki/client.key\";"
                                  "workers[1].target.client_key_passphrase=\"${KEY_PASS}\";"
                                  "workers[1].target.server_name=\"api.pusher.test\"")));
        QVERIFY2(parsed.ok(), qPrintable(describe(parsed.problems)));
        const TargetSpec& t = parsed.scenario.workers[1].target;
        QCOMPARE(t.clientKeyPassphrase, QStringLiteral("${KEY_PASS}"));
        QCOMPARE(t.serverName, QStringLiteral("api.pusher.test"));
        QCOMPARE(t.caFile, QStringLiteral("pki/ca.pem"));
        QCOMPARE(t.clientCert, QStringLiteral("${PKI}/client.pem"));
        QCOMPARE(t.clientKey, QStringLiteral("pki/client.key"));
        const QByteArray saved = parsed.scenario.toJson();
        QVERIFY(saved.contains("\"ca_file\": \"pki/ca.pem\",\n"));
        // The file keeps the reference, never the secret.
        QVERIFY(saved.contains("\"client_key_passphrase\": \"${KEY_PASS}\",\n"));
        QVERIFY(saved.contains("\"server_name\": \"api.pusher.test\""));
        const ScenarioParse back = Scenario::fromJson(saved);
        QVERIFY(back.ok());
        QCOMPARE(back.scenario, parsed.scenario);
        QProcessEnvironment env;
        env.insert(QStringLiteral("PKI"), QStringLiteral("/etc/pki"));
        const ScenarioParse unset = parsed.scenario.resolved(env);
        QVERIFY(!unset.ok());
        QCOMPARE(unset.problems.size(), 1);
        QCOMPARE(unset.problems[0].path, QStringLiteral("workers[1].target.client_key_passphrase"));
        QCOMPARE(unset.problems[0].message,
                 QStringLiteral("environment variable KEY_PASS is not set"));
        env.insert(QStringLiteral("KEY_PASS"), QStringLiteral("open sesame"));
        const ScenarioParse resolved = parsed.scenario.resolved(env);
        QVERIFY2(resolved.ok(), qPrintable(describe(resolved.problems)));
        QCOMPARE(resolved.scenario.workers[1].target.clientKeyPassphrase,
                 QStringLiteral("open sesame"));
        QVERIFY(!parsed.scenario.toJson().contains("open sesame"));
        QCOMPARE(resolved.scenario.workers[1].target.clientCert,
                 QStringLiteral("/etc/pki/client.pem"));
    }

    // The data key: kept in the model, written canonically (mode left out when sequential),
    // its file's ${VAR} resolved; in the target, columns of the file stay for the calls.
    void dataRoundTrip() {
        QTemporaryDir dir;
        QFile csv(dir.filePath(QStringLiteral("u.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("id,tok\n1,a\n");
        csv.close();
        const ScenarioParse parsed = Scenario::fromJson(mutate(
            QStringLiteral("workers[1].data={\"file\": \"${DIR}/u.csv\", \"mode\": \"unique\"};"
                           "workers[1].target.url=\"http://127.0.0.1:8080/u/${id}?t=${TAG}\";"
                           "workers[1].target.body=\"b $${id} ${id} ${TAG}\"")));
        QVERIFY2(parsed.ok(), qPrintable(describe(parsed.problems)));
        const DataSpec& d = parsed.scenario.workers[1].data;
        QCOMPARE(d.file, QStringLiteral("${DIR}/u.csv"));
        QCOMPARE(d.mode, QStringLiteral("unique"));
        const QByteArray saved = parsed.scenario.toJson();
        QVERIFY2(
            saved.contains("\"data\": {\"file\": \"${DIR}/u.csv\", \"mode\": \"unique\"},\n") ||
                saved.contains("\"data\": {\n"),
            saved.constData());
        const ScenarioParse back = Scenario::fromJson(saved);
        QVERIFY(back.ok());
        QCOMPARE(back.scenario, parsed.scenario);
        QCOMPARE(back.scenario.toJson(), saved);
        // Without DIR the file's columns are unknown; with it, id is a column.
        qunsetenv("PUSHER_TEST_DATA_DIR");
        Scenario viaEnv = parsed.scenario;
        viaEnv.workers[1].data.file = QStringLiteral("${PUSHER_TEST_DATA_DIR}/u.csv");
        QCOMPARE(viaEnv.variables(), (QStringList{QStringLiteral("id"), QStringLiteral("TAG"),
                                                  QStringLiteral("PUSHER_TEST_DATA_DIR")}));
        qputenv("PUSHER_TEST_DATA_DIR", dir.path().toUtf8());
        QCOMPARE(viaEnv.variables(),
                 (QStringList{QStringLiteral("TAG"), QStringLiteral("PUSHER_TEST_DATA_DIR")}));
        qunsetenv("PUSHER_TEST_DATA_DIR");

        QProcessEnvironment env;
        env.insert(QStringLiteral("DIR"), dir.path());
        env.insert(QStringLiteral("TAG"), QStringLiteral("x"));
        const ScenarioParse resolved = parsed.scenario.resolved(env);
        QVERIFY2(resolved.ok(), qPrintable(describe(resolved.problems)));
        QCOMPARE(resolved.scenario.workers[1].data.file, dir.filePath(QStringLiteral("u.csv")));
        // id is a column (kept, and so is the literal $${id}), TAG an environment variable.
        QCOMPARE(resolved.scenario.workers[1].target.url,
                 QStringLiteral("http://127.0.0.1:8080/u/${id}?t=x"));
        QCOMPARE(resolved.scenario.workers[1].target.body, QStringLiteral("b $${id} ${id} x"));
        QCOMPARE(resolved.scenario.variables(), QStringList());

        Scenario sequential = parsed.scenario;
        sequential.workers[1].data.mode = QStringLiteral("sequential");
        QVERIFY(!sequential.toJson().contains("\"mode\""));
    }

    void stringsRoundTrip() {
        Scenario s = Scenario::fromJson(kBase).scenario;
        const QString tricky = QStringLiteral("quote \" backslash \\ tab \t nl \n nul ") +
                               QChar(0) + QStringLiteral(" del \x7f é 😀 lone ") + QChar(0xD800) +
                               QStringLiteral(" c1 \u0080 \u0085 \u009f nbsp \u00a0 end");
        s.workers[1].target.body = tricky;
        s.name = tricky;
        const QByteArray saved = s.toJson();
        // DEL and the C1 controls are written as \u escapes (a file printed sends no control
        // character to the terminal); U+00A0, past them, as its UTF-8.
        QVERIFY(saved.contains("del \\u007f"));
        QVERIFY(saved.contains("c1 \\u0080 \\u0085 \\u009f nbsp \xc2\xa0 end"));
        const ScenarioParse back = Scenario::fromJson(saved);
        QVERIFY2(back.ok(), qPrintable(describe(back.problems)));
        QCOMPARE(back.scenario.workers[1].target.body, tricky);
        QCOMPARE(back.scenario.name, tricky);
        QCOMPARE(back.scenario.toJson(), saved);
    }

    void envSubstitution() {
        const QByteArray text =
            mutate(QStringLiteral("workers[1].target.url=\"http://127.0.0.1:${PORT}/${PATH}\";"
                                  "workers[1].target.headers={\"Authorization\": \"Bearer "
                                  "${TOKEN}\", \"X-Lit\": \"$${NOT_A_VAR}\"};"
                                  "workers[1].target.body=\"{\\\"user\\\": \\\"${USER_NAME}\\\"}\";"
                                  "workers[3].target.args=[\"${ARG}\", \"plain\"]"));
        const ScenarioParse p = Scenario::fromJson(text);
        QVERIFY2(p.ok(), qPrintable(describe(p.problems)));
        QCOMPARE(
            p.scenario.variables(),
            (QStringList{QStringLiteral("PORT"), QStringLiteral("PATH"), QStringLiteral("TOKEN"),
                         QStringLiteral("USER_NAME"), QStringLiteral("ARG")}));
        QProcessEnvironment env;
        env.insert(QStringLiteral("PORT"), QStringLiteral("8080"));
        env.insert(QStringLiteral("PATH"), QStringLiteral("orders"));
        env.insert(QStringLiteral("TOKEN"), QStringLiteral("s3cret"));
        env.insert(QStringLiteral("USER_NAME"), QStringLiteral("ann"));
        env.insert(QStringLiteral("ARG"), QString()); // set but empty is set
        const ScenarioParse r = p.scenario.resolved(env);
        QVERIFY2(r.ok(), qPrintable(describe(r.problems)));
        const TargetSpec& t = r.scenario.workers[1].target;
        QCOMPARE(t.url, QStringLiteral("http://127.0.0.1:8080/orders"));
        QCOMPARE(t.headers.first().second, QStringLiteral("Bearer s3cret"));
        QCOMPARE(t.headers.last().second, QStringLiteral("${NOT_A_VAR}"));
        QCOMPARE(t.body, QStringLiteral("{\"user\": \"ann\"}"));
        QCOMPARE(r.scenario.workers[3].target.args,
                 (QStringList{QString(), QStringLiteral("plain")}));
        // The model keeps the references: nothing from the environment is written back.
        const QByteArray saved = p.scenario.toJson();
        QVERIFY(saved.contains("${TOKEN}"));
        QVERIFY(!saved.contains("s3cret"));
        QCOMPARE(Scenario::fromJson(saved).scenario.toJson(), saved);
    }

    void envUnsetAndInvalidAfterSubstitution() {
        const QByteArray text = mutate(QStringLiteral(
            "workers[1].target.url=\"${BASE}/x\";workers[1].target.headers={\"A\": \"${TOKEN}\"};"
            "workers[2].target.address=\"${ECHO_ADDR}\""));
        const ScenarioParse p = Scenario::fromJson(text);
        QVERIFY2(p.ok(), qPrintable(describe(p.problems)));
        QProcessEnvironment env;
        env.insert(QStringLiteral("BASE"), QStringLiteral("ftp://127.0.0.1"));
        const ScenarioParse r = p.scenario.resolved(env);
        QStringList got;
        for (const Problem& problem : r.problems)
            got << problem.toString();
        QCOMPARE(
            got,
            (QStringList{
                QStringLiteral(
                    "workers[1].target.url: unsupported scheme \"ftp\" (expected http or https)"),
                QStringLiteral(
                    "workers[1].target.headers.A: environment variable TOKEN is not set"),
                QStringLiteral(
                    "workers[2].target.address: environment variable ECHO_ADDR is not set"),
            }));
    }

    // A disabled worker is not run, so the variables only it uses need not be set: validate
    // and run refused such a file ("environment variable TOKEN is not set") until the
    // variable was given a value for a worker that would not be started. Enabled, it is
    // reported as before, with the field that uses it.
    void envOfADisabledWorkerNeedNotBeSet() {
        const QByteArray text = mutate(QStringLiteral(
            "workers[1].enabled=false;workers[1].target.url=\"http://${HOST}/x\";"
            "workers[1].target.headers={\"A\": \"${TOKEN}\"};workers[1].data={\"file\": "
            "\"${DIR}/"
            "u.csv\"};workers[2].enabled=false;workers[2].target.address=\"${ECHO_ADDR}\""));
        const ScenarioParse p = Scenario::fromJson(text);
        QVERIFY2(p.ok(), qPrintable(describe(p.problems)));
        const ScenarioParse r = p.scenario.resolved(QProcessEnvironment());
        QVERIFY2(r.ok(), qPrintable(describe(r.problems)));
        Scenario on = p.scenario;
        on.workers[1].enabled = true;
        on.workers[2].enabled = true;
        on.workers[1].data = DataSpec(); // its unset folder would hide which names are columns
        QStringList got;
        for (const Problem& problem : on.resolved(QProcessEnvironment()).problems)
            got << problem.toString();
        QCOMPARE(got,
                 (QStringList{
                     QStringLiteral("workers[1].target.url: environment variable HOST is not set"),
                     QStringLiteral(
                         "workers[1].target.headers.A: environment variable TOKEN is not set"),
                     QStringLiteral(
                         "workers[2].target.address: environment variable ECHO_ADDR is not set"),
                 }));
    }

    // Relative TLS files are found in baseDir (the scenario's folder), as data files are:
    // http and flow targets, after ${VAR} substitution; absolute paths and, without a
    // baseDir, relative ones stay as they are.
    void resolvedTlsFilesAreBesideTheScenario() {
        const ScenarioParse p = Scenario::fromJson(R"({
  "version": 1, "duration": "1s",
  "workers": [
    { "ident": "a", "target": { "kind": "http", "url": "https:\/\/127.0.0.1/", "ca_file": "ca.pem",
      "client_cert": "${CERTS}/me.pem", "client_key": "/etc/keys/me.key" }, "rate": { "rps": 1 } },
    { "ident": "b", "target": { "kind": "flow", "ca_file": "../pki/ca.pem", "client_cert": "me.pem",
      "steps": [ { "name": "home", "url": "https:\/\/127.0.0.1/" } ] }, "rate": { "rps": 1 } }
  ]
})");
        QVERIFY2(p.ok(), qPrintable(describe(p.problems)));
        QProcessEnvironment env;
        env.insert(QStringLiteral("CERTS"), QStringLiteral("certs"));
        const ScenarioParse r = p.scenario.resolved(env, QStringLiteral("/srv/load"));
        QVERIFY2(r.ok(), qPrintable(describe(r.problems)));
        const TargetSpec& a = r.scenario.workers[0].target;
        QCOMPARE(a.caFile, QStringLiteral("/srv/load/ca.pem"));
        QCOMPARE(a.clientCert, QStringLiteral("/srv/load/certs/me.pem"));
        QCOMPARE(a.clientKey, QStringLiteral("/etc/keys/me.key"));
        const TargetSpec& b = r.scenario.workers[1].target;
        QCOMPARE(b.caFile, QStringLiteral("/srv/pki/ca.pem"));
        QCOMPARE(b.clientCert, QStringLiteral("/srv/load/me.pem"));
        QCOMPARE(b.clientKey, QString());
        const ScenarioParse here = p.scenario.resolved(env);
        QCOMPARE(here.scenario.workers[0].target.caFile, QStringLiteral("ca.pem"));
        QCOMPARE(here.scenario.workers[1].target.clientCert, QStringLiteral("me.pem"));
    }

    // rebased names the same files from another folder: relative inside it, absolute
    // outside it (or for an empty folder); absolute paths and "${VAR}..." paths are kept.
    void rebasedKeepsNamingTheSameFiles() {
        Scenario s;
        WorkerSpec w;
        w.ident = QStringLiteral("a");
        w.target.kind = QStringLiteral("http");
        w.target.caFile = QStringLiteral("pki/ca.pem");
        w.target.clientCert = QStringLiteral("/etc/me.pem");
        w.target.clientKey = QStringLiteral("${KEYS}/me.key");
        w.data.file = QStringLiteral("users.csv");
        s.workers.append(w);
        int changed = -1;
        const Scenario down =
            s.rebased(QStringLiteral("/srv/load"), QStringLiteral("/srv"), &changed);
        QCOMPARE(changed, 2);
        QCOMPARE(down.workers[0].target.caFile, QStringLiteral("load/pki/ca.pem"));
        QCOMPARE(down.workers[0].data.file, QStringLiteral("load/users.csv"));
        QCOMPARE(down.workers[0].target.clientCert, QStringLiteral("/etc/me.pem"));
        QCOMPARE(down.workers[0].target.clientKey, QStringLiteral("${KEYS}/me.key"));
        const Scenario away = s.rebased(QStringLiteral("/srv/load"), QStringLiteral("/home/ann"));
        QCOMPARE(away.workers[0].target.caFile, QStringLiteral("/srv/load/pki/ca.pem"));
        QCOMPARE(away.workers[0].data.file, QStringLiteral("/srv/load/users.csv"));
        const Scenario absolute = s.rebased(QStringLiteral("/srv/load"), QString());
        QCOMPARE(absolute.workers[0].target.caFile, QStringLiteral("/srv/load/pki/ca.pem"));
        s.workers[0].target.clientCert = QStringLiteral("../pki/me.pem");
        const Scenario same =
            s.rebased(QStringLiteral("/srv/load"), QStringLiteral("/srv/load/"), &changed);
        QCOMPARE(changed, 0);
        QCOMPARE(same.workers[0].target.clientCert, QStringLiteral("../pki/me.pem"));
        const Scenario sibling = s.rebased(QStringLiteral("/srv/load"), QStringLiteral("/srv/b"));
        QCOMPARE(sibling.workers[0].target.clientCert, QStringLiteral("/srv/pki/me.pem"));
    }

    void resolvedValuesAreLiteral() {
        // A value from the environment that looks like a reference is not expanded again.
        const QByteArray text = mutate(QStringLiteral("workers[1].target.body=\"${A}\""));
        QProcessEnvironment env;
        env.insert(QStringLiteral("A"), QStringLiteral("${B}"));
        const ScenarioParse r = Scenario::fromJson(text).scenario.resolved(env);
        QVERIFY2(r.ok(), qPrintable(describe(r.problems)));
        QCOMPARE(r.scenario.workers[1].target.body, QStringLiteral("${B}"));
    }

    void defaultsAreLeftOut() {
        Scenario s;
        WorkerSpec w;
        w.ident = QStringLiteral("w");
        s.workers.append(w);
        QVERIFY2(s.validate().isEmpty(), qPrintable(describe(s.validate())));
        QCOMPARE(s.toJson(), QByteArray(R"({
  "version": 1,
  "name": "",
  "duration": "30s",
  "interval": "250ms",
  "workers": [
    {
      "ident": "w",
      "target": {
        "kind": "synthetic",
        "latency": {
          "distribution": "fixed",
          "value": "0s"
        }
      },
      "rate": {
        "rps": 10
      }
    }
  ],
  "thresholds": []
}
)"));
        QCOMPARE(Scenario::fromJson(s.toJson()).scenario, s);
    }

    void kindSwitchKeepsOtherFieldsInMemoryOnly() {
        Scenario s = Scenario::fromJson(kBase).scenario;
        s.workers[1].target.kind = QStringLiteral("synthetic");
        const QByteArray saved = s.toJson();
        QVERIFY(!saved.contains("127.0.0.1:8080"));
        QCOMPARE(s.workers[1].target.url, QStringLiteral("http://127.0.0.1:8080/x"));
        QVERIFY(s.validate().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
