#include "pusher/scenario/scenario.h"

#include "pusher/scenario/duration.h"
#include "pusher/scenario/threshold.h"

#include "jsonwriter.h"

#include <pusher/config.h>
#include <pusher/data/datatable.h>
#include <pusher/http/url.h>
#include <pusher/io/files.h>

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace pusher {

namespace {

using namespace std::chrono_literals;

QString S(const char16_t* text) {
    return QString::fromUtf16(text);
}

QString member(const QString& base, const QString& key) {
    return base.isEmpty() ? key : base + u'.' + key;
}
QString member(const QString& base, const char16_t* key) {
    return member(base, S(key));
}
QString element(const QString& base, qsizetype i) {
    return base + u'[' + QString::number(i) + u']';
}

QString typeName(const QJsonValue& v) {
    switch (v.type()) {
    case QJsonValue::Null:
        return S(u"null");
    case QJsonValue::Bool:
        return S(u"a boolean");
    case QJsonValue::Double:
        return S(u"a number");
    case QJsonValue::String:
        return S(u"a string");
    case QJsonValue::Array:
        return S(u"an array");
    case QJsonValue::Object:
        return S(u"an object");
    case QJsonValue::Undefined:
        break;
    }
    return S(u"undefined");
}

// quoted writes `text` in double quotes for a message, its control characters escaped as
// in JSON ("a\nb"), so that a problem stays one line.
QString quoted(const QString& text) {
    QString out;
    out.reserve(text.size() + 2);
    out += u'"';
    for (const QChar c : text) {
        if (c == u'\n')
            out += QLatin1String("\\n");
        else if (c == u'\r')
            out += QLatin1String("\\r");
        else if (c == u'\t')
            out += QLatin1String("\\t");
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += S(u"\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    out += u'"';
    return out;
}

// related is true when one path is the other or lies inside it.
bool related(const QString& a, const QString& b) {
    auto inside = [](const QString& inner, const QString& outer) {
        if (outer.isEmpty())
            return true;
        return inner.startsWith(outer) &&
               (inner.size() == outer.size() || inner[outer.size()] == u'.' ||
                inner[outer.size()] == u'[');
    };
    return inside(a, b) || inside(b, a);
}

// Segment is one step of a problem path: a member name or an array index.
struct Segment {
    QString name;
    qsizetype index = -1;
};

QList<Segment> segments(const QString& path) {
    QList<Segment> out;
    QString name;
    for (qsizetype i = 0; i < path.size(); ++i) {
        const QChar c = path[i];
        if (c == u'.' || c == u'[') {
            if (!name.isEmpty())
                out.append({name});
            name.clear();
            if (c == u'[') {
                const qsizetype close = path.indexOf(u']', i);
                out.append({QString(), path.mid(i + 1, close - i - 1).toLongLong()});
                i = close < 0 ? path.size() : close;
            }
            continue;
        }
        name += c;
    }
    if (!name.isEmpty())
        out.append({name});
    return out;
}

// documentOrder is true when path `a` comes before `b` in a canonical file: members in
// the order toJson writes them, array elements by index, unknown keys last.
bool documentOrder(const Problem& a, const Problem& b) {
    static const QStringList order{S(u"version"),
                                   S(u"name"),
                                   S(u"duration"),
                                   S(u"interval"),
                                   S(u"workers"),
                                   S(u"ident"),
                                   S(u"enabled"),
                                   S(u"target"),
                                   S(u"kind"),
                                   S(u"method"),
                                   S(u"url"),
                                   S(u"headers"),
                                   S(u"body"),
                                   S(u"address"),
                                   S(u"payload"),
                                   S(u"expect"),
                                   S(u"read_bytes"),
                                   S(u"program"),
                                   S(u"args"),
                                   S(u"latency"),
                                   S(u"distribution"),
                                   S(u"value"),
                                   S(u"min"),
                                   S(u"max"),
                                   S(u"mean"),
                                   S(u"stddev"),
                                   S(u"median"),
                                   S(u"p99"),
                                   S(u"error_ratio"),
                                   S(u"timeout"),
                                   S(u"expect_status"),
                                   S(u"expect_body"),
                                   S(u"insecure"),
                                   S(u"ca_file"),
                                   S(u"client_cert"),
                                   S(u"client_key"),
                                   S(u"client_key_passphrase"),
                                   S(u"server_name"),
                                   S(u"follow_redirects"),
                                   S(u"connections"),
                                   S(u"streams"),
                                   S(u"steps"),
                                   S(u"think"),
                                   S(u"extract"),
                                   S(u"json"),
                                   S(u"regex"),
                                   S(u"header"),
                                   S(u"cookie"),
                                   S(u"optional"),
                                   S(u"cookies"),
                                   S(u"rate"),
                                   S(u"rps"),
                                   S(u"from"),
                                   S(u"to"),
                                   S(u"stages"),
                                   S(u"overtime"),
                                   S(u"force"),
                                   S(u"data"),
                                   S(u"file"),
                                   S(u"mode"),
                                   S(u"thresholds"),
                                   S(u"distributed"),
                                   S(u"ranks"),
                                   S(u"hostfile"),
                                   S(u"hosts")};
    const QList<Segment> x = segments(a.path);
    const QList<Segment> y = segments(b.path);
    for (qsizetype i = 0; i < std::min(x.size(), y.size()); ++i) {
        if (x[i].index != y[i].index)
            return x[i].index < y[i].index;
        if (x[i].name == y[i].name)
            continue;
        qsizetype rx = order.indexOf(x[i].name);
        qsizetype ry = order.indexOf(y[i].name);
        rx = rx < 0 ? order.size() : rx;
        ry = ry < 0 ? order.size() : ry;
        if (rx != ry)
            return rx < ry;
        return x[i].name < y[i].name;
    }
    return x.size() < y.size();
}

void sortProblems(QList<Problem>& list) {
    std::stable_sort(list.begin(), list.end(), documentOrder);
}

// Problems collects problems and warnings, each with its path.
struct Problems {
    QList<Problem> problems;
    QList<Problem> warnings;

    void error(const QString& path, const QString& message) { problems.append({path, message}); }
    void warn(const QString& path, const QString& message) { warnings.append({path, message}); }
    // merge appends `later` problems that are not about a path already reported, so a
    // value that failed to parse is not also reported for the default left in its place.
    void merge(const QList<Problem>& later) {
        const QList<Problem> earlier = problems;
        for (const Problem& p : later) {
            bool seen = false;
            for (const Problem& q : earlier)
                seen = seen || related(p.path, q.path);
            if (!seen)
                problems.append(p);
        }
    }
};

// ---------------------------------------------------------------- ${VAR} references

struct Reference {
    qsizetype begin = 0; // index of '$'
    qsizetype end = 0;   // one past '}'
    QString name;
};

bool isNameStart(QChar c) {
    return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || c == u'_';
}
bool isNameChar(QChar c) {
    return isNameStart(c) || (c >= u'0' && c <= u'9');
}

// scanReferences finds the ${NAME} references of `text` ("$${" is a literal "${"); it
// reports malformed ones through `problem` and returns false for them.
bool scanReferences(const QString& text, QList<Reference>* refs, QString* problem) {
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] != u'$')
            continue;
        if (i + 2 < text.size() && text[i + 1] == u'$' && text[i + 2] == u'{') {
            i += 2;
            continue;
        }
        if (i + 1 >= text.size() || text[i + 1] != u'{')
            continue;
        const qsizetype close = text.indexOf(u'}', i + 2);
        if (close < 0) {
            if (problem)
                *problem = S(u"unterminated \"${\" (write ${NAME}, or $${ for a literal \"${\")");
            return false;
        }
        const QString name = text.mid(i + 2, close - i - 2);
        bool valid = !name.isEmpty() && isNameStart(name[0]);
        for (QChar c : name)
            valid = valid && isNameChar(c);
        if (!valid) {
            if (problem)
                *problem = S(u"invalid variable name %1 (expected letters, digits and _, not "
                             u"starting with a digit)")
                               .arg(quoted(name));
            return false;
        }
        if (refs)
            refs->append({i, close + 1, name});
        i = close;
    }
    return true;
}

// substitute replaces the references of `text` from `env`, collecting unset names. With
// `keep` (a worker's data columns, a flow's extracted values), references to those names
// and "$${" stay as written: the target fills them per call (per journey).
QString substitute(const QString& text, const QProcessEnvironment& env, QStringList* unset,
                   const QStringList* keep = nullptr) {
    QString out;
    qsizetype i = 0;
    while (i < text.size()) {
        if (text[i] == u'$' && i + 2 < text.size() && text[i + 1] == u'$' && text[i + 2] == u'{') {
            out += keep ? S(u"$${") : S(u"${");
            i += 3;
            continue;
        }
        if (text[i] == u'$' && i + 1 < text.size() && text[i + 1] == u'{') {
            const qsizetype close = text.indexOf(u'}', i + 2);
            if (close > 0) {
                const QString name = text.mid(i + 2, close - i - 2);
                if (keep && keep->contains(name))
                    out += text.mid(i, close + 1 - i);
                else if (env.contains(name))
                    out += env.value(name);
                else if (!unset->contains(name))
                    unset->append(name);
                i = close + 1;
                continue;
            }
        }
        out += text[i];
        ++i;
    }
    return out;
}

// TextField is a target field where ${VAR} references are allowed. In a flow's steps,
// `keep` lists the names the flow extracts: those are not environment variables.
struct TextField {
    QString path;
    QString* text;
    QStringList keep = {};
    // perCall: a data file's columns are filled per call (false: an http target's
    // expect_body, which takes environment variables only).
    bool perCall = true;
    // lookedFor: a text to look for (expect_body), which environment variables must not
    // leave empty: every body contains the empty text.
    bool lookedFor = false;
};

// extractedNames lists every name a flow's steps extract.
QStringList extractedNames(const TargetSpec& t) {
    QStringList names;
    for (const StepSpec& step : t.steps)
        for (const ExtractSpec& x : step.extract)
            if (!names.contains(x.name))
                names.append(x.name);
    return names;
}

// tlsFields appends the TLS options' text fields, which http and flow targets share.
void tlsFields(TargetSpec& t, const QString& base, QList<TextField>& fields) {
    fields.append({member(base, u"ca_file"), &t.caFile});
    fields.append({member(base, u"client_cert"), &t.clientCert});
    fields.append({member(base, u"client_key"), &t.clientKey});
    fields.append({member(base, u"client_key_passphrase"), &t.clientKeyPassphrase});
    fields.append({member(base, u"server_name"), &t.serverName});
}

QList<TextField> textFields(TargetSpec& t, const QString& base) {
    QList<TextField> fields;
    if (t.kind == u"http") {
        fields.append({member(base, u"url"), &t.url});
        for (auto& header : t.headers) {
            const QString path = member(member(base, u"headers"), header.first);
            fields.append({path, &header.first});
            fields.append({path, &header.second});
        }
        fields.append({member(base, u"body"), &t.body});
        fields.append({member(base, u"expect_body"), &t.expectBody, {}, false, true});
        tlsFields(t, base, fields);
    } else if (t.kind == u"flow") {
        const QStringList keep = extractedNames(t);
        for (qsizetype i = 0; i < t.steps.size(); ++i) {
            StepSpec& step = t.steps[i];
            const QString sb = element(member(base, u"steps"), i);
            fields.append({member(sb, u"url"), &step.url, keep});
            for (auto& header : step.headers) {
                const QString path = member(member(sb, u"headers"), header.first);
                fields.append({path, &header.first, keep});
                fields.append({path, &header.second, keep});
            }
            fields.append({member(sb, u"body"), &step.body, keep});
            fields.append({member(sb, u"expect_body"), &step.expectBody, keep, true, true});
        }
        tlsFields(t, base, fields);
    } else if (t.kind == u"tcp") {
        fields.append({member(base, u"address"), &t.address});
        fields.append({member(base, u"payload"), &t.payload});
        fields.append({member(base, u"expect"), &t.expect});
    } else if (t.kind == u"command") {
        fields.append({member(base, u"program"), &t.program});
        for (qsizetype i = 0; i < t.args.size(); ++i)
            fields.append({element(member(base, u"args"), i), &t.args[i]});
    }
    return fields;
}

// ---------------------------------------------------------------- validation

bool isTokenChar(QChar c) {
    static const QString extra = S(u"!#$%&'*+-.^_`|~");
    return (c >= u'0' && c <= u'9') || (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') ||
           extra.contains(c);
}

// validServerName: a DNS name as SNI carries it (RFC 6066): labels of letters, digits and
// '-', not starting or ending with '-', at most 63 characters each and 253 in all.
bool validServerName(const QString& name) {
    if (name.isEmpty() || name.size() > 253)
        return false;
    for (const QString& label : name.split(u'.')) {
        if (label.isEmpty() || label.size() > 63 || label.startsWith(u'-') || label.endsWith(u'-'))
            return false;
        for (QChar c : label) {
            if (!((c >= u'0' && c <= u'9') || (c >= u'A' && c <= u'Z') ||
                  (c >= u'a' && c <= u'z') || c == u'-'))
                return false;
        }
    }
    return true;
}

// notToken is why a method or header name that is no token is none (empty when it is one, or
// when it is empty): its first character that a token cannot hold. "invalid header name
// \"Accept: text/html\"" (a header line pasted into the name) said what, not why.
QString notToken(const QString& text) {
    for (QChar c : text) {
        if (!isTokenChar(c))
            return S(u": %1 cannot be in it (only letters, digits and !#$%&'*+-.^_`|~)")
                .arg(c == u' ' ? S(u"a space") : quoted(QString(c)));
    }
    return {};
}

bool isToken(const QString& text) {
    if (text.isEmpty())
        return false;
    for (QChar c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

QString kindList() {
    return TargetSpec::kinds().join(S(u", "));
}

// Validator checks a Scenario's values. `templates` is true while ${VAR} references are
// still in place: fields with references are checked for the reference syntax only.
class Validator {
public:
    Validator(Problems& out, bool templates)
        : m_out(out)
        , m_templates(templates) {}

    void scenario(const Scenario& s) {
        if (s.version != kScenarioVersion)
            error(S(u"version"),
                  S(u"unsupported version %1 (expected %2)").arg(s.version).arg(kScenarioVersion));
        if (s.duration <= Duration::zero())
            error(S(u"duration"), S(u"must be positive"));
        else if (s.duration > kMaxScenarioDuration)
            error(S(u"duration"),
                  S(u"must be at most %1").arg(formatDuration(kMaxScenarioDuration)));
        if (s.interval < kMinInterval || s.interval > kMaxInterval)
            error(S(u"interval"),
                  S(u"must be from %1 to %2")
                      .arg(formatDuration(kMinInterval), formatDuration(kMaxInterval)));
        if (s.workers.isEmpty())
            error(S(u"workers"), S(u"must have at least one worker"));
        bool anyEnabled = false;
        QHash<QString, qsizetype> idents;   // spec ident -> index
        QHash<QString, qsizetype> replicas; // every replica ident -> index
        for (qsizetype i = 0; i < s.workers.size(); ++i) {
            const WorkerSpec& w = s.workers[i];
            const QString base = element(S(u"workers"), i);
            anyEnabled = anyEnabled || w.enabled;
            worker(w, base);
            stagesBeyondTheRun(w, s.duration, base);
            // Overtime 0 is the engine's (every tick is canceled), but nearly always a slip
            // for "no limit": the run then makes no call at all and says so only at its end.
            if (w.enabled && w.overtime && *w.overtime == 0 && w.rate.mode != RateSpec::Mode::Max)
                m_out.warn(member(base, u"overtime"),
                           S(u"0 cancels every tick: this worker makes no call (left out, "
                             u"overtime is the default, %1 calls in flight at once)")
                               .arg(kDefaultOvertime));
            if (w.ident.isEmpty())
                continue;
            if (idents.contains(w.ident)) {
                error(member(base, u"ident"), S(u"duplicate ident %1 (also workers[%2])")
                                                  .arg(quoted(w.ident))
                                                  .arg(idents.value(w.ident)));
                continue;
            }
            idents.insert(w.ident, i);
            if (w.force < 1 || w.force > kMaxForce)
                continue;
            for (const QString& r : w.replicaIdents()) {
                if (replicas.contains(r) && replicas.value(r) != i) {
                    error(member(base, u"ident"), S(u"replica ident %1 clashes with workers[%2]")
                                                      .arg(quoted(r))
                                                      .arg(replicas.value(r)));
                    break;
                }
                replicas.insert(r, i);
            }
        }
        if (!s.workers.isEmpty() && !anyEnabled)
            error(S(u"workers"), S(u"no enabled worker"));
        for (qsizetype i = 0; i < s.thresholds.size(); ++i) {
            const QString path = element(S(u"thresholds"), i);
            QString why;
            const auto t = Threshold::parse(s.thresholds[i], &why);
            if (!t)
                error(path, why);
            else if (!t->worker.isEmpty() && !idents.contains(t->worker) &&
                     !isFlowStep(s, t->worker))
                error(path, unknownSeries(s, t->worker));
            else if (const QString why = callless(s, *t); !why.isEmpty())
                m_out.warn(path, why);
        }
        // A distributed setting that is off is not used (and its fields are not shown).
        if (s.distributed.enabled)
            distributed(s.distributed);
    }

private:
    void distributed(const DistributedSpec& d) {
        const QString base = S(u"distributed");
        if (d.ranks < 1 || d.ranks > kMaxRanks)
            error(member(base, u"ranks"), S(u"must be from 1 to %1").arg(kMaxRanks));
        if (!d.hostfile.isEmpty() && !d.hosts.isEmpty())
            error(member(base, u"hosts"), S(u"give a hostfile or hosts, not both"));
        for (qsizetype i = 0; i < d.hosts.size(); ++i) {
            const QString why = hostProblem(d.hosts[i]);
            if (!why.isEmpty())
                error(element(member(base, u"hosts"), i), why);
        }
    }

    // hostProblem says what is wrong with an entry of distributed.hosts, mpirun's --host
    // syntax: "name" or "name:slots", slots a positive integer; an IPv6 address (more than
    // one colon) is a name without slots. Empty when it is fine.
    static QString hostProblem(const QString& h) {
        static const QRegularExpression name(S(u"^[A-Za-z0-9_.\\-]+$"));
        static const QRegularExpression digits(S(u"^[0-9]+$"));
        const QString syntax = S(u"(\"name\" or \"name:slots\")");
        const qsizetype colons = h.count(u':');
        if (colons > 1) {
            const QByteArray text = h.toLatin1();
            unsigned char address[16];
            if (inet_pton(AF_INET6, text.constData(), address) != 1)
                return S(u"%1 is not a host name %2").arg(quoted(h), syntax);
            return {};
        }
        const qsizetype colon = h.indexOf(u':');
        const QString host = colon < 0 ? h : h.left(colon);
        if (host.isEmpty())
            return S(u"%1 has no host name %2").arg(quoted(h), syntax);
        if (!name.match(host).hasMatch())
            return S(u"%1 is not a host name %2").arg(quoted(h), syntax);
        if (colon < 0)
            return {};
        const QString slotCount = h.mid(colon + 1); // ("slots" is a Qt keyword)
        bool ok = false;
        const int n = slotCount.toInt(&ok);
        if (!digits.match(slotCount).hasMatch() || !ok || n < 1)
            return S(u"%1: slots must be a positive integer, not %2 %3")
                .arg(quoted(h), slotCount.isEmpty() ? S(u"nothing") : quoted(slotCount), syntax);
        return {};
    }

    void error(const QString& path, const QString& message) { m_out.error(path, message); }

    // stagesBeyondTheRun warns of stages the run ends before: `duration` decides, and the
    // stages after it were cut without a word (a ramp to 1000 rps over 10m in a 1m run peaks
    // near 100).
    void stagesBeyondTheRun(const WorkerSpec& w, Duration duration, const QString& base) {
        if (w.rate.mode != RateSpec::Mode::Stages || duration <= Duration::zero())
            return;
        const QList<RateSpec::Stage>& stages = w.rate.stages;
        Duration at{};
        qsizetype cut = 0;
        // Summed only while within the run: no overflow however many stages there are.
        while (cut < stages.size() && stages[cut].duration >= Duration::zero() &&
               stages[cut].duration <= duration - at)
            at += stages[cut++].duration;
        if (cut == stages.size() || stages[cut].duration < Duration::zero())
            return;
        m_out.warn(member(member(base, u"rate"), u"stages"),
                   S(u"the stages last longer than the run (%1): it ends in stage %2 of %3, and "
                     u"the rest is not run (make duration the stages' sum to run them all)")
                       .arg(formatDuration(duration))
                       .arg(cut + 1)
                       .arg(stages.size()));
    }

    // callless says why the series a threshold judges cannot have a call (or, for
    // canceled_rate, a tick) in a run, so that the threshold is sure to fail at the end with
    // "observed no calls": its worker is disabled (not run), or its every tick is canceled
    // (overtime 0), or, for a threshold on the whole run, every enabled worker's is. Empty
    // when calls can be made. The run would tell only at its end; this is a warning before.
    static QString callless(const Scenario& s, const Threshold& t) {
        const bool ticksOnly = t.metric == Threshold::Metric::CanceledRate;
        const QString fails = ticksOnly ? S(u"this threshold fails (observed no ticks)")
                                        : S(u"this threshold fails (observed no calls)");
        auto overtimeZero = [](const WorkerSpec& w) {
            return w.overtime && *w.overtime == 0 && w.rate.mode != RateSpec::Mode::Max;
        };
        if (t.worker.isEmpty()) {
            if (ticksOnly)
                return {};
            bool any = false;
            for (const WorkerSpec& w : s.workers) {
                if (w.enabled && !overtimeZero(w))
                    return {};
                any = any || w.enabled;
            }
            if (!any)
                return {}; // "no enabled worker" is an error already
            return S(u"every enabled worker has overtime 0: each tick is canceled and no call "
                     u"is made, so %1")
                .arg(fails);
        }
        const QString ident = t.worker.section(u'/', 0, 0);
        for (const WorkerSpec& w : s.workers) {
            if (w.ident != ident)
                continue;
            if (!w.enabled)
                return S(u"worker %1 is disabled: it is not run, so %2").arg(quoted(ident), fails);
            if (overtimeZero(w) && !ticksOnly)
                return S(u"worker %1 has overtime 0: each tick is canceled and no call is made, "
                         u"so %2")
                    .arg(quoted(ident), fails);
            // A step whose think times alone outlast the run never sends its request: its
            // series holds only the journeys the run's end cuts in it.
            const QString step = t.worker.section(u'/', 1);
            if (step.isEmpty() || w.target.kind != u"flow" || ticksOnly)
                return {};
            Duration before{};
            for (const StepSpec& st : w.target.steps) {
                if (st.hasThink) {
                    using D = LatencySpec::Distribution;
                    if (st.think.distribution == D::Fixed && st.think.value > Duration::zero())
                        before += std::min(st.think.value, kMaxScenarioDuration);
                    else if (st.think.distribution == D::Uniform && st.think.min > Duration::zero())
                        before += std::min(st.think.min, kMaxScenarioDuration);
                }
                if (st.name == step)
                    break;
                if (before >= s.duration)
                    break;
            }
            if (s.duration > Duration::zero() && before >= s.duration)
                return S(u"step %1 of worker %2 waits at least %3 of think time before its request "
                         u"and the run lasts %4: it never sends one, so this threshold judges only "
                         u"the journeys the run's end cuts in it")
                    .arg(quoted(step), quoted(ident), formatDuration(before),
                         formatDuration(s.duration));
            return {};
        }
        return {};
    }

    // isFlowStep: `name` is "worker/step" of a flow worker's step.
    // unknownSeries says why a threshold's prefix names nothing: a step a flow worker does not
    // have (its steps listed), a worker that is no flow, or a worker that is not there; it
    // said "unknown worker" of a worker that is there when only the step was wrong.
    static QString unknownSeries(const Scenario& s, const QString& name) {
        const qsizetype slash = name.indexOf(u'/');
        if (slash < 0)
            return S(u"unknown worker %1").arg(quoted(name));
        const QString ident = name.left(slash);
        for (const WorkerSpec& w : s.workers) {
            if (w.ident != ident)
                continue;
            if (w.target.kind != u"flow")
                return S(u"worker %1 is not a flow: only a flow's steps can be named after /")
                    .arg(quoted(ident));
            QStringList steps;
            for (const StepSpec& step : w.target.steps)
                steps.append(step.name);
            return S(u"unknown step %1 of worker %2 (its steps: %3)")
                .arg(quoted(name.mid(slash + 1)), quoted(ident), steps.join(S(u", ")));
        }
        return S(u"unknown worker %1").arg(quoted(ident));
    }

    static bool isFlowStep(const Scenario& s, const QString& name) {
        const qsizetype slash = name.indexOf(u'/');
        if (slash < 0)
            return false;
        for (const WorkerSpec& w : s.workers) {
            if (w.ident != name.left(slash) || w.target.kind != u"flow")
                continue;
            for (const StepSpec& step : w.target.steps)
                if (step.name == name.mid(slash + 1))
                    return true;
        }
        return false;
    }

    // checkText reports malformed references; true when the text holds none, so its value
    // can be checked.
    // headExpectsNoBody: a response to HEAD has no body, so no text can be found in it.
    void headExpectsNoBody(const QString& method, const QString& expectBody, const QString& path) {
        if (method == u"HEAD" && !expectBody.isEmpty())
            error(path, S(u"a response to HEAD has no body: every call would fail with kind "
                          u"body (leave it out, or use GET)"));
    }

    bool checkText(const QString& path, const QString& text) {
        if (!m_templates)
            return true;
        QString why;
        QList<Reference> refs;
        if (!scanReferences(text, &refs, &why)) {
            error(path, why);
            return false;
        }
        return refs.isEmpty();
    }

    void worker(const WorkerSpec& w, const QString& base) {
        const QString identPath = member(base, u"ident");
        if (w.ident.isEmpty()) {
            error(identPath, S(u"is required"));
        } else if (w.ident.trimmed() != w.ident) {
            error(identPath, S(u"must not start or end with spaces"));
        } else if (w.ident.size() > 100) {
            error(identPath, S(u"must be at most 100 characters"));
        } else if (w.ident == u"*") {
            // Results files and timelines name the farm's total "*".
            error(identPath, S(u"\"*\" is reserved for the total of all workers"));
        } else {
            for (QChar c : w.ident) {
                if (c == u'<' || c == u'>' || c == u'=' || c == u'!' || c == u'/' ||
                    c.category() == QChar::Other_Control) {
                    // "/" names a flow step's series ("worker/step").
                    error(identPath, S(u"must not contain <, >, =, !, / or control characters"));
                    break;
                }
            }
        }
        if (w.force < 1 || w.force > kMaxForce)
            error(member(base, u"force"), S(u"must be from 1 to %1").arg(kMaxForce));
        if (w.overtime && *w.overtime < 0)
            error(member(base, u"overtime"), S(u"must not be negative"));
        if (w.rate.mode == RateSpec::Mode::Max) {
            if (!w.overtime)
                error(member(base, u"overtime"),
                      S(u"is required with rate.max (the number of callers, 1 to %1)")
                          .arg(kMaxClosedCallers));
            else if (*w.overtime < 1 || *w.overtime > kMaxClosedCallers)
                error(member(base, u"overtime"),
                      S(u"must be from 1 to %1 with rate.max").arg(kMaxClosedCallers));
        }
        target(w.target, member(base, u"target"));
        data(w, member(base, u"data"));
        rate(w.rate, member(base, u"rate"));
    }

    void data(const WorkerSpec& w, const QString& base) {
        const DataSpec& d = w.data;
        if (!d.isSet()) {
            if (d.mode != u"sequential" || !d.extra.isEmpty())
                error(member(base, u"file"), S(u"is required"));
            return;
        }
        if (w.target.kind != u"http" && w.target.kind != u"flow")
            error(base,
                  S(u"a data file feeds http and flow targets only, not %1").arg(w.target.kind));
        checkText(member(base, u"file"), d.file);
        if (!DataSpec::modes().contains(d.mode))
            error(member(base, u"mode"),
                  S(u"unknown mode %1 (expected one of: %2)")
                      .arg(quoted(d.mode), DataSpec::modes().join(S(u", "))));
    }

    void timeout(Duration d, const QString& path) {
        if (d <= Duration::zero())
            error(path, S(u"must be positive"));
        else if (d > kMaxTimeout)
            error(path, S(u"must be at most %1").arg(formatDuration(kMaxTimeout)));
    }

    void target(const TargetSpec& t, const QString& base) {
        const QString kindPath = member(base, u"kind");
        if (t.kind == u"http")
            http(t, base);
        else if (t.kind == u"flow")
            flow(t, base);
        else if (t.kind == u"tcp")
            tcp(t, base);
        else if (t.kind == u"command")
            command(t, base);
        else if (t.kind == u"synthetic")
            synthetic(t, base);
        else if (t.kind.isEmpty())
            error(kindPath, S(u"is required (expected %1)").arg(kindList()));
        else
            error(kindPath, S(u"unknown kind %1 (expected %2)").arg(quoted(t.kind), kindList()));
    }

    void http(const TargetSpec& t, const QString& base) {
        if (!isToken(t.method))
            error(member(base, u"method"),
                  S(u"invalid method %1%2").arg(quoted(t.method), notToken(t.method)));
        url(t.url, member(base, u"url"));
        for (const auto& [name, value] : t.headers) {
            const QString path = member(member(base, u"headers"), name);
            if (checkText(path, name) && !isToken(name))
                error(path, S(u"invalid header name %1%2").arg(quoted(name), notToken(name)));
            if (checkText(path, value) && (value.contains(u'\r') || value.contains(u'\n')))
                error(path, S(u"header value must not contain line breaks"));
            else if (value.contains(QChar(0)))
                error(path, S(u"header value must not contain a NUL character (\\u0000)"));
        }
        checkText(member(base, u"body"), t.body);
        checkText(member(base, u"expect_body"), t.expectBody);
        headExpectsNoBody(t.method, t.expectBody, member(base, u"expect_body"));
        for (qsizetype i = 0; i < t.expectStatus.size(); ++i) {
            if (t.expectStatus[i] < 100 || t.expectStatus[i] > 599)
                error(element(member(base, u"expect_status"), i),
                      S(u"must be a status code from 100 to 599"));
        }
        if (t.httpVersion != u"auto" && t.httpVersion != u"1.1" && t.httpVersion != u"2")
            error(member(base, u"version"),
                  S(u"unknown HTTP version %1 (expected auto, 1.1, 2)").arg(quoted(t.httpVersion)));
        timeout(t.timeout, member(base, u"timeout"));
        tls(t, base);
        if (!t.serverName.isEmpty() && t.followRedirects)
            error(member(base, u"server_name"), S(u"cannot be used with follow_redirects"));
        if (t.httpVersion == u"2" && t.followRedirects &&
            t.url.startsWith(u"http://", Qt::CaseInsensitive))
            error(member(base, u"version"),
                  S(u"2 over http:// (h2c) cannot be used with follow_redirects"));
        if (t.connections < 0 || t.connections > kMaxConnections)
            error(member(base, u"connections"),
                  S(u"must be from 0 (as many as needed) to %1").arg(kMaxConnections));
        if (t.streams < 1 || t.streams > kMaxStreams)
            error(member(base, u"streams"), S(u"must be from 1 to %1").arg(kMaxStreams));
    }

    // tls checks the TLS options, which http and flow targets share.
    void tls(const TargetSpec& t, const QString& base) {
        checkText(member(base, u"ca_file"), t.caFile);
        checkText(member(base, u"client_cert"), t.clientCert);
        if (checkText(member(base, u"client_key"), t.clientKey) && !t.clientKey.isEmpty() &&
            t.clientCert.isEmpty())
            error(member(base, u"client_key"), S(u"needs client_cert"));
        checkText(member(base, u"client_key_passphrase"), t.clientKeyPassphrase);
        if (!t.clientKeyPassphrase.isEmpty() && t.clientCert.isEmpty())
            error(member(base, u"client_key_passphrase"), S(u"needs client_cert"));
        if (checkText(member(base, u"server_name"), t.serverName) && !t.serverName.isEmpty() &&
            !validServerName(t.serverName))
            error(member(base, u"server_name"),
                  S(u"%1 is not a host name (letters, digits, '-' and '.')")
                      .arg(quoted(t.serverName)));
    }

    void flow(const TargetSpec& t, const QString& base) {
        const QString stepsPath = member(base, u"steps");
        if (t.steps.isEmpty())
            error(stepsPath, S(u"a flow needs at least one step"));
        const QStringList extracted = extractedNames(t);
        QStringList names;
        QStringList known; // extracted by the steps so far
        for (qsizetype i = 0; i < t.steps.size(); ++i) {
            const StepSpec& step = t.steps[i];
            const QString sb = element(stepsPath, i);
            const QString namePath = member(sb, u"name");
            if (step.name.isEmpty()) {
                error(namePath, S(u"is required (it names the step's series, worker/name)"));
            } else if (step.name.size() > 100 || step.name.trimmed() != step.name) {
                error(namePath, S(u"must be at most 100 characters, without spaces around"));
            } else if (const qsizetype first = names.indexOf(step.name); first >= 0) {
                // Which of the two: both lines named the step "login", neither its place.
                error(namePath, S(u"step %1 %2 has the same name as step %3: rename one (each "
                                  u"names a series of its own, worker/name)")
                                    .arg(i + 1)
                                    .arg(quoted(step.name))
                                    .arg(first + 1));
            } else {
                for (QChar c : step.name) {
                    if (c == u'/' || c == u'<' || c == u'>' || c == u'=' || c == u'!' ||
                        c.category() == QChar::Other_Control) {
                        error(namePath, S(u"must not contain /, <, >, =, ! or control characters"));
                        break;
                    }
                }
            }
            names.append(step.name);
            if (!isToken(step.method))
                error(member(sb, u"method"),
                      S(u"invalid method %1%2").arg(quoted(step.method), notToken(step.method)));
            flowText(member(sb, u"url"), step.url, extracted, known);
            flowUrl(step.url, member(sb, u"url"), extracted);
            for (const auto& [name, value] : step.headers) {
                const QString path = member(member(sb, u"headers"), name);
                if (checkText(path, name) && !isToken(name))
                    error(path, S(u"invalid header name %1%2").arg(quoted(name), notToken(name)));
                if (flowText(path, value, extracted, known) &&
                    (value.contains(u'\r') || value.contains(u'\n')))
                    error(path, S(u"header value must not contain line breaks"));
                else if (value.contains(QChar(0)))
                    error(path, S(u"header value must not contain a NUL character (\\u0000)"));
            }
            flowText(member(sb, u"body"), step.body, extracted, known);
            flowText(member(sb, u"expect_body"), step.expectBody, extracted, known);
            headExpectsNoBody(step.method, step.expectBody, member(sb, u"expect_body"));
            timeout(step.timeout, member(sb, u"timeout"));
            for (qsizetype k = 0; k < step.expectStatus.size(); ++k) {
                if (step.expectStatus[k] < 100 || step.expectStatus[k] > 599)
                    error(element(member(sb, u"expect_status"), k),
                          S(u"must be a status code from 100 to 599"));
            }
            if (step.hasThink && step.think.distribution == LatencySpec::Distribution::Fixed &&
                step.think.extra.isEmpty())
                positive(step.think.value, member(sb, u"think"), true); // "think": "2h"
            else if (step.hasThink)
                latencyValues(step.think, member(sb, u"think"));
            for (const ExtractSpec& x : step.extract) {
                const QString xp = member(member(sb, u"extract"), x.name);
                bool valid = !x.name.isEmpty() && isNameStart(x.name[0]);
                for (QChar c : x.name)
                    valid = valid && isNameChar(c);
                if (!valid)
                    error(xp, S(u"invalid name %1 (expected letters, digits and _, not starting "
                                u"with a digit)")
                                  .arg(quoted(x.name)));
                const QString sp = member(xp, x.source);
                if (x.source == u"json") {
                    if (!x.expr.isEmpty() && !x.expr.startsWith(u'/'))
                        error(sp, S(u"a JSON pointer starts with \"/\" (e.g. \"/token\"), or is "
                                    u"empty for the whole body"));
                } else if (x.source == u"regex") {
                    const QRegularExpression re(x.expr);
                    if (x.expr.isEmpty())
                        error(sp, S(u"must not be empty"));
                    else if (!re.isValid())
                        error(sp, S(u"invalid regular expression: %1").arg(re.errorString()));
                } else if (x.source == u"header") {
                    if (!isToken(x.expr))
                        error(sp,
                              S(u"invalid header name %1%2").arg(quoted(x.expr), notToken(x.expr)));
                } else if (x.source == u"cookie") {
                    if (x.expr.isEmpty())
                        error(sp, S(u"must not be empty"));
                } else {
                    error(xp, S(u"unknown source %1 (expected json, regex, header, cookie)")
                                  .arg(quoted(x.source)));
                }
            }
            for (const ExtractSpec& x : step.extract)
                if (!known.contains(x.name))
                    known.append(x.name);
        }
        tls(t, base);
        if (t.connections < 0 || t.connections > kMaxConnections)
            error(member(base, u"connections"),
                  S(u"must be from 0 (as many as needed) to %1").arg(kMaxConnections));
    }

    // flowText checks the references of a flow step's text: an extracted name must come from
    // an earlier step; other names are environment variables (only before resolving).
    // True when the text holds no reference.
    bool flowText(const QString& path, const QString& text, const QStringList& extracted,
                  const QStringList& known) {
        QString why;
        QList<Reference> refs;
        if (!scanReferences(text, &refs, &why)) {
            error(path, why);
            return false;
        }
        for (const Reference& r : std::as_const(refs)) {
            if (known.contains(r.name))
                continue;
            if (extracted.contains(r.name))
                error(path, S(u"${%1} is extracted by this or a later step, not an earlier one")
                                .arg(r.name));
            else if (!m_templates)
                error(path, S(u"${%1} is not extracted by an earlier step").arg(r.name));
        }
        return refs.isEmpty();
    }

    // flowUrl checks a step's URL: values may be used in its path and query only.
    void flowUrl(const QString& text, const QString& path, const QStringList& extracted) {
        if (text.isEmpty()) {
            error(path, S(u"is required"));
            return;
        }
        const qsizetype schemeEnd = text.indexOf(u"://");
        qsizetype pathStart = text.size();
        if (schemeEnd >= 0) {
            for (qsizetype k = schemeEnd + 3; k < text.size(); ++k) {
                if (text[k] == u'/' || text[k] == u'?') {
                    pathStart = k;
                    break;
                }
            }
        }
        const QString origin = text.left(pathStart);
        QList<Reference> refs;
        scanReferences(origin, &refs, nullptr);
        for (const Reference& r : std::as_const(refs)) {
            if (extracted.contains(r.name) || !m_templates) {
                error(path, S(u"extracted values may be used in the path and query only, not "
                              u"in the scheme, host or port"));
                return;
            }
        }
        if (!refs.isEmpty())
            return; // environment variables: checked once resolved
        // The path and query with a placeholder for each value.
        QString probe = text;
        QList<Reference> all;
        if (!scanReferences(probe, &all, nullptr))
            return;
        for (qsizetype k = all.size() - 1; k >= 0; --k)
            probe.replace(all[k].begin, all[k].end - all[k].begin, S(u"x"));
        url(probe, path);
    }

    void latencyValues(const LatencySpec& l, const QString& lb) {
        using D = LatencySpec::Distribution;
        switch (l.distribution) {
        case D::Fixed:
            positive(l.value, member(lb, u"value"), true);
            break;
        case D::Uniform:
            positive(l.min, member(lb, u"min"), true);
            positive(l.max, member(lb, u"max"), true);
            if (l.max < l.min)
                error(member(lb, u"max"), S(u"must be at least min"));
            break;
        case D::Normal:
            positive(l.mean, member(lb, u"mean"), true);
            positive(l.stddev, member(lb, u"stddev"), true);
            break;
        case D::LogNormal:
            positive(l.median, member(lb, u"median"), false);
            positive(l.p99, member(lb, u"p99"), false);
            if (l.p99 < l.median)
                error(member(lb, u"p99"), S(u"must be at least median"));
            break;
        }
    }

    void url(const QString& text, const QString& path) {
        if (text.isEmpty()) {
            error(path, S(u"is required"));
            return;
        }
        if (!checkText(path, text))
            return;
        // What a browser or curl accepts is accepted, and percent-encoded when sent ("/a|b c"
        // as "/a%7Cb%20c"); what cannot be a URL says why.
        QString why;
        const std::optional<QString> sent = normalizeUrl(text, &why);
        if (!sent) {
            error(path, S(u"invalid URL %1: %2").arg(quoted(text), why));
            return;
        }
        const QUrl u(*sent, QUrl::StrictMode);
        static const QRegularExpression portPattern(
            S(u"^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?(?:\\[[^\\]]*\\]|[^/?#:]*):(\\d+)(?:[/"
              u"?#]|$)"));
        if (const QRegularExpressionMatch m = portPattern.match(*sent); m.hasMatch()) {
            const qint64 port = m.captured(1).size() > 6 ? 99999999 : m.captured(1).toLongLong();
            if (port < 1 || port > 65535) {
                error(path, S(u"port %1 in URL %2 cannot be connected to (expected 1 to 65535)")
                                .arg(m.captured(1), quoted(text)));
                return;
            }
        }
        if (!u.isValid() || u.scheme().isEmpty() || !text.contains(u"://")) {
            error(path, S(u"invalid URL %1 (expected http://host[:port]/path)").arg(quoted(text)));
            return;
        }
        if (u.scheme() != u"http" && u.scheme() != u"https") {
            error(path,
                  S(u"unsupported scheme %1 (expected http or https)").arg(quoted(u.scheme())));
            return;
        }
        if (u.host().isEmpty()) {
            error(path, S(u"missing host in URL %1").arg(quoted(text)));
            return;
        }
        if (u.host() == u"sandbox" && u.scheme() != u"http")
            error(path, S(u"the sandbox serves http only"));
        // The clients send no credentials from the URL: refused, not dropped in silence.
        if (!u.userInfo().isEmpty())
            error(path, S(u"credentials in the URL (\"%1@\") are not sent: give them as a header, "
                          u"\"Authorization\": \"Basic …\" (base64 of user:password)")
                            .arg(u.userName()));
    }

    void tcp(const TargetSpec& t, const QString& base) {
        const QString path = member(base, u"address");
        if (t.address.isEmpty())
            error(path, S(u"is required"));
        else if (checkText(path, t.address))
            address(t.address, path);
        checkText(member(base, u"payload"), t.payload);
        checkText(member(base, u"expect"), t.expect);
        if (t.readBytes < 0)
            error(member(base, u"read_bytes"), S(u"must not be negative"));
        timeout(t.timeout, member(base, u"timeout"));
    }

    void address(const QString& text, const QString& path) {
        const QString expected =
            S(u"invalid address %1 (expected host:port or [v6]:port)").arg(quoted(text));
        QString host;
        QString port;
        if (text.startsWith(u'[')) {
            const qsizetype close = text.indexOf(u']');
            if (close < 0 || close + 1 >= text.size() || text[close + 1] != u':') {
                error(path, expected);
                return;
            }
            host = text.mid(1, close - 1);
            port = text.mid(close + 2);
            for (QChar c : host) {
                if (!(c.isDigit() || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F') ||
                      c == u':' || c == u'.')) {
                    error(path, expected);
                    return;
                }
            }
        } else {
            const qsizetype colon = text.lastIndexOf(u':');
            if (colon < 0) {
                error(path, expected);
                return;
            }
            host = text.left(colon);
            port = text.mid(colon + 1);
            for (QChar c : host) {
                if (!(c.isLetterOrNumber() || c == u'.' || c == u'-' || c == u'_')) {
                    error(path, expected);
                    return;
                }
            }
        }
        bool ok = false;
        const int p = port.toInt(&ok);
        // A port of digits out of range is said so, as a URL's is ("localhost:99999" read
        // "expected host:port", which it looks like).
        static const QRegularExpression digits(S(u"^\\d+$"));
        if (!host.isEmpty() && digits.match(port).hasMatch() && (!ok || p < 1 || p > 65535))
            error(path, S(u"port %1 in address %2 cannot be connected to (expected 1 to 65535)")
                            .arg(port, quoted(text)));
        else if (host.isEmpty() || !ok || p < 1 || p > 65535 || port.startsWith(u'+'))
            error(path, expected);
    }

    void command(const TargetSpec& t, const QString& base) {
        const QString path = member(base, u"program");
        if (t.program.isEmpty())
            error(path, S(u"is required"));
        else
            checkText(path, t.program);
        for (qsizetype i = 0; i < t.args.size(); ++i)
            checkText(element(member(base, u"args"), i), t.args[i]);
        timeout(t.timeout, member(base, u"timeout"));
    }

    void positive(Duration d, const QString& path, bool allowZero) {
        if (d < Duration::zero() || (!allowZero && d == Duration::zero()))
            error(path, allowZero ? S(u"must not be negative") : S(u"must be positive"));
        else if (d > kMaxTimeout)
            error(path, S(u"must be at most %1").arg(formatDuration(kMaxTimeout)));
    }

    void synthetic(const TargetSpec& t, const QString& base) {
        latencyValues(t.latency, member(base, u"latency"));
        if (!(t.errorRatio >= 0 && t.errorRatio <= 1))
            error(member(base, u"error_ratio"), S(u"must be from 0 to 1"));
    }

    void rps(double value, const QString& path, bool allowZero) {
        if (!std::isfinite(value) || value < 0 || (!allowZero && value == 0))
            error(path, allowZero ? S(u"must not be negative") : S(u"must be positive"));
        else if (value > kMaxRps)
            error(path, S(u"must be at most %1").arg(kMaxRps, 0, 'f', 0));
    }

    void rate(const RateSpec& r, const QString& base) {
        switch (r.mode) {
        case RateSpec::Mode::Constant:
            rps(r.rps, member(base, u"rps"), false);
            break;
        case RateSpec::Mode::Ramp:
            rps(r.from, member(base, u"from"), true);
            rps(r.to, member(base, u"to"), true);
            if (r.from == 0 && r.to == 0)
                error(member(base, u"to"), S(u"must be positive when from is 0"));
            break;
        case RateSpec::Mode::Stages: {
            if (r.from != 0)
                rps(r.from, member(base, u"from"), true);
            const QString sb = member(base, u"stages");
            if (r.stages.isEmpty()) {
                error(sb, S(u"must have at least one stage"));
                break;
            }
            bool anyPositive = r.from > 0;
            for (qsizetype i = 0; i < r.stages.size(); ++i) {
                const QString path = element(sb, i);
                if (r.stages[i].duration < Duration::zero())
                    error(member(path, u"duration"), S(u"must not be negative"));
                else if (r.stages[i].duration > kMaxScenarioDuration)
                    error(member(path, u"duration"),
                          S(u"must be at most %1").arg(formatDuration(kMaxScenarioDuration)));
                rps(r.stages[i].rps, member(path, u"rps"), true);
                anyPositive = anyPositive || r.stages[i].rps > 0;
            }
            if (!anyPositive)
                error(sb, S(u"at least one stage must have a positive rps"));
            break;
        }
        case RateSpec::Mode::Max:
            break;
        }
    }

    Problems& m_out;
    bool m_templates;
};

// ---------------------------------------------------------------- reading JSON

// Reader turns a JSON document into a Scenario, reporting wrong types, missing keys,
// malformed durations and unknown enumerations; Validator then checks the values.
class Reader {
public:
    explicit Reader(Problems& out)
        : m_out(out) {}

    Scenario scenario(const QJsonObject& o) {
        Scenario s;
        keys(o, QString(),
             {u"version", u"name", u"duration", u"interval", u"workers", u"thresholds",
              u"distributed"},
             {}, {}, s.extra);
        if (!o.contains(u"version"))
            error(S(u"version"), S(u"is required (expected %1)").arg(kScenarioVersion));
        else
            integer(o, u"version", QString(), s.version, std::numeric_limits<int>::min(),
                    std::numeric_limits<int>::max());
        string(o, u"name", QString(), s.name);
        if (!o.contains(u"duration"))
            error(S(u"duration"), S(u"is required, e.g. \"30s\""));
        duration(o, u"duration", QString(), s.duration);
        duration(o, u"interval", QString(), s.interval);
        if (!o.contains(u"workers")) {
            error(S(u"workers"), S(u"is required"));
        } else if (const QJsonValue v = o.value(u"workers"); !v.isArray()) {
            typeError(S(u"workers"), S(u"an array"), v);
        } else {
            const QJsonArray a = v.toArray();
            for (qsizetype i = 0; i < a.size(); ++i) {
                const QString path = element(S(u"workers"), i);
                if (!a[i].isObject()) {
                    typeError(path, S(u"an object"), a[i]);
                    s.workers.append(WorkerSpec{});
                    continue;
                }
                s.workers.append(worker(a[i].toObject(), path));
            }
        }
        stringList(o, u"thresholds", QString(), s.thresholds);
        if (o.contains(u"distributed")) {
            if (const QJsonValue v = o.value(u"distributed"); !v.isObject())
                typeError(S(u"distributed"), S(u"an object"), v);
            else
                s.distributed = distributed(v.toObject(), S(u"distributed"));
        }
        return s;
    }

private:
    void error(const QString& path, const QString& message) { m_out.error(path, message); }
    void typeError(const QString& path, const QString& expected, const QJsonValue& got) {
        error(path, S(u"must be %1, not %2").arg(expected, typeName(got)));
    }

    // keys sorts the keys of `o`: known ones are read by the caller; keys that only apply to
    // another kind are problems; the rest are kept in `extra` with a warning.
    void keys(const QJsonObject& o, const QString& base,
              std::initializer_list<const char16_t*> known, const QStringList& elsewhere,
              const QString& where, QJsonObject& extra) {
        for (auto it = o.begin(); it != o.end(); ++it) {
            bool isKnown = false;
            for (const char16_t* k : known)
                isKnown = isKnown || it.key() == QStringView(k);
            if (isKnown)
                continue;
            if (elsewhere.contains(it.key())) {
                error(member(base, it.key()), S(u"does not apply to %1").arg(where));
                continue;
            }
            extra.insert(it.key(), it.value());
            m_out.warn(member(base, it.key()), S(u"unknown key, kept as is"));
        }
    }

    bool string(const QJsonObject& o, const char16_t* key, const QString& base, QString& out) {
        if (!o.contains(key))
            return false;
        const QJsonValue v = o.value(key);
        if (!v.isString()) {
            typeError(member(base, key), S(u"a string"), v);
            return false;
        }
        out = v.toString();
        return true;
    }

    // expectBody reads `expect_body`: a string, not empty (an empty text would match any
    // body; left out, the body is not checked).
    void expectBody(const QJsonObject& o, const QString& base, QString& out) {
        if (string(o, u"expect_body", base, out) && out.isEmpty())
            error(member(base, u"expect_body"),
                  S(u"must not be empty (leave it out to check the status alone)"));
    }

    void boolean(const QJsonObject& o, const char16_t* key, const QString& base, bool& out) {
        if (!o.contains(key))
            return;
        const QJsonValue v = o.value(key);
        if (!v.isBool())
            typeError(member(base, key), S(u"true or false"), v);
        else
            out = v.toBool();
    }

    bool number(const QJsonObject& o, const char16_t* key, const QString& base, double& out) {
        if (!o.contains(key))
            return false;
        const QJsonValue v = o.value(key);
        if (!v.isDouble()) {
            typeError(member(base, key), S(u"a number"), v);
            return false;
        }
        out = v.toDouble();
        return true;
    }

    template <typename Int>
    bool integerValue(const QJsonValue& v, const QString& path, Int& out, qint64 lo, qint64 hi) {
        if (!v.isDouble()) {
            typeError(path, S(u"an integer"), v);
            return false;
        }
        // Integers are taken exactly where Qt kept them as integers.
        if (const qint64 a = v.toInteger(0); a == v.toInteger(1)) {
            if (a < lo || a > hi) {
                error(path, S(u"is out of range"));
                return false;
            }
            out = static_cast<Int>(a);
            return true;
        }
        const double d = v.toDouble();
        if (d != std::floor(d)) {
            error(path, S(u"must be an integer"));
            return false;
        }
        if (d < static_cast<double>(lo) || d > static_cast<double>(hi)) {
            error(path, S(u"is out of range"));
            return false;
        }
        out = static_cast<Int>(d);
        return true;
    }

    template <typename Int>
    bool integer(const QJsonObject& o, const char16_t* key, const QString& base, Int& out,
                 qint64 lo, qint64 hi) {
        if (!o.contains(key))
            return false;
        return integerValue(o.value(key), member(base, key), out, lo, hi);
    }

    bool duration(const QJsonObject& o, const char16_t* key, const QString& base, Duration& out) {
        if (!o.contains(key))
            return false;
        return durationValue(o.value(key), member(base, key), out);
    }

    bool durationValue(const QJsonValue& v, const QString& path, Duration& out) {
        if (!v.isString()) {
            if (v.isDouble())
                error(path, S(u"must be a string with a unit, e.g. \"%1s\"")
                                .arg(QString::fromLatin1(json::number(v.toDouble()))));
            else
                typeError(path, S(u"a duration string"), v);
            return false;
        }
        const auto d = parseDuration(v.toString());
        if (!d) {
            // Well written but beyond what a duration holds ("9999999h", some 1141 years): it
            // said "invalid duration … (expected e.g. … 1h30m)" of a text written just so.
            static const QRegularExpression form(
                S(u"^(?:\\d+(?:\\.\\d+)?(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+$"));
            // A bare number ("10") said "invalid duration", not that only its unit was
            // missing.
            static const QRegularExpression bare(S(u"^\\d+(?:\\.\\d+)?$"));
            if (bare.match(v.toString()).hasMatch())
                error(
                    path,
                    S(u"%1 needs a unit: %2s, %2ms, %2m").arg(quoted(v.toString()), v.toString()));
            else if (form.match(v.toString()).hasMatch())
                error(path, S(u"duration %1 is too long (no field takes more than %2)")
                                .arg(quoted(v.toString()), formatDuration(kMaxScenarioDuration)));
            else
                error(path, S(u"invalid duration %1 (expected e.g. 250ms, 30s, 5m, 1h30m)")
                                .arg(quoted(v.toString())));
            return false;
        }
        out = *d;
        return true;
    }

    void stringList(const QJsonObject& o, const char16_t* key, const QString& base,
                    QStringList& out) {
        if (!o.contains(key))
            return;
        const QJsonValue v = o.value(key);
        const QString path = member(base, key);
        if (!v.isArray()) {
            typeError(path, S(u"an array of strings"), v);
            return;
        }
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (!a[i].isString())
                typeError(element(path, i), S(u"a string"), a[i]);
            else
                out.append(a[i].toString());
        }
    }

    WorkerSpec worker(const QJsonObject& o, const QString& base) {
        WorkerSpec w;
        keys(o, base, {u"ident", u"enabled", u"target", u"data", u"rate", u"overtime", u"force"},
             {}, {}, w.extra);
        if (o.contains(u"data")) {
            const QString path = member(base, u"data");
            if (const QJsonValue v = o.value(u"data"); !v.isObject()) {
                typeError(path, S(u"an object"), v);
            } else {
                const QJsonObject d = v.toObject();
                keys(d, path, {u"file", u"mode"}, {}, {}, w.data.extra);
                if (!d.contains(u"file"))
                    error(member(path, u"file"), S(u"is required"));
                else if (string(d, u"file", path, w.data.file) && w.data.file.isEmpty())
                    error(member(path, u"file"), S(u"must not be empty"));
                string(d, u"mode", path, w.data.mode);
            }
        }
        string(o, u"ident", base, w.ident);
        boolean(o, u"enabled", base, w.enabled);
        if (!o.contains(u"target"))
            error(member(base, u"target"), S(u"is required"));
        else if (const QJsonValue v = o.value(u"target"); !v.isObject())
            typeError(member(base, u"target"), S(u"an object"), v);
        else
            w.target = target(v.toObject(), member(base, u"target"));
        if (!o.contains(u"rate"))
            error(member(base, u"rate"), S(u"is required, e.g. {\"rps\": 100}"));
        else if (const QJsonValue v = o.value(u"rate"); !v.isObject())
            typeError(member(base, u"rate"), S(u"an object"), v);
        else
            w.rate = rate(v.toObject(), member(base, u"rate"));
        qint64 overtime = 0;
        if (integer(o, u"overtime", base, overtime, std::numeric_limits<qint64>::min() / 2,
                    std::numeric_limits<qint64>::max() / 2))
            w.overtime = overtime;
        integer(o, u"force", base, w.force, std::numeric_limits<int>::min(),
                std::numeric_limits<int>::max());
        return w;
    }

    TargetSpec target(const QJsonObject& o, const QString& base) {
        TargetSpec t;
        static const QHash<QString, QStringList> options{
            {S(u"http"),
             {S(u"method"), S(u"url"), S(u"headers"), S(u"body"), S(u"timeout"),
              S(u"expect_status"), S(u"expect_body"), S(u"version"), S(u"insecure"), S(u"ca_file"),
              S(u"client_cert"), S(u"client_key"), S(u"client_key_passphrase"), S(u"server_name"),
              S(u"follow_redirects"), S(u"connections"), S(u"streams")}},
            {S(u"flow"),
             {S(u"steps"), S(u"cookies"), S(u"insecure"), S(u"ca_file"), S(u"client_cert"),
              S(u"client_key"), S(u"client_key_passphrase"), S(u"server_name"), S(u"connections")}},
            {S(u"tcp"),
             {S(u"address"), S(u"payload"), S(u"expect"), S(u"read_bytes"), S(u"timeout")}},
            {S(u"command"), {S(u"program"), S(u"args"), S(u"timeout")}},
            {S(u"synthetic"), {S(u"latency"), S(u"error_ratio")}},
        };
        t.kind.clear();
        if (!o.contains(u"kind"))
            error(member(base, u"kind"), S(u"is required (expected %1)").arg(kindList()));
        else
            string(o, u"kind", base, t.kind);
        const bool knownKind = options.contains(t.kind);
        // Options of the other kinds are problems; options of an unknown kind are read so
        // that the kind is the only problem reported.
        QStringList mine;
        QStringList elsewhere;
        for (auto it = options.begin(); it != options.end(); ++it) {
            for (const QString& key : it.value()) {
                if (!knownKind || it.key() == t.kind)
                    mine.append(key);
                else if (!options.value(t.kind).contains(key))
                    elsewhere.append(key);
            }
        }
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() == u"kind" || mine.contains(it.key()))
                continue;
            if (elsewhere.contains(it.key())) {
                error(member(base, it.key()), S(u"does not apply to kind %1").arg(quoted(t.kind)));
                continue;
            }
            t.extra.insert(it.key(), it.value());
            m_out.warn(member(base, it.key()), S(u"unknown key, kept as is"));
        }
        auto has = [&](const char16_t* key) { return mine.contains(QString::fromUtf16(key)); };

        if (has(u"method"))
            string(o, u"method", base, t.method);
        if (has(u"url"))
            string(o, u"url", base, t.url);
        if (has(u"headers"))
            headers(o, base, t.headers);
        if (has(u"body"))
            string(o, u"body", base, t.body);
        if (has(u"timeout"))
            duration(o, u"timeout", base, t.timeout);
        if (has(u"expect_status") && o.contains(u"expect_status")) {
            const QString path = member(base, u"expect_status");
            const QJsonValue v = o.value(u"expect_status");
            if (!v.isArray()) {
                typeError(path, S(u"an array of status codes"), v);
            } else {
                const QJsonArray a = v.toArray();
                for (qsizetype i = 0; i < a.size(); ++i) {
                    int code = 0;
                    if (integerValue(a[i], element(path, i), code, std::numeric_limits<int>::min(),
                                     std::numeric_limits<int>::max()))
                        t.expectStatus.append(code);
                }
            }
        }
        if (has(u"expect_body"))
            expectBody(o, base, t.expectBody);
        if (has(u"version"))
            string(o, u"version", base, t.httpVersion);
        if (has(u"insecure"))
            boolean(o, u"insecure", base, t.insecure);
        if (has(u"ca_file"))
            string(o, u"ca_file", base, t.caFile);
        if (has(u"client_cert"))
            string(o, u"client_cert", base, t.clientCert);
        if (has(u"client_key"))
            string(o, u"client_key", base, t.clientKey);
        if (has(u"client_key_passphrase"))
            string(o, u"client_key_passphrase", base, t.clientKeyPassphrase);
        if (has(u"server_name"))
            string(o, u"server_name", base, t.serverName);
        if (has(u"follow_redirects"))
            boolean(o, u"follow_redirects", base, t.followRedirects);
        if (has(u"connections"))
            integer(o, u"connections", base, t.connections, std::numeric_limits<qint64>::min() / 2,
                    std::numeric_limits<qint64>::max() / 2);
        if (has(u"streams"))
            integer(o, u"streams", base, t.streams, std::numeric_limits<qint64>::min() / 2,
                    std::numeric_limits<qint64>::max() / 2);
        if (has(u"address"))
            string(o, u"address", base, t.address);
        if (has(u"payload"))
            string(o, u"payload", base, t.payload);
        if (has(u"expect"))
            string(o, u"expect", base, t.expect);
        if (has(u"read_bytes"))
            integer(o, u"read_bytes", base, t.readBytes, std::numeric_limits<qint64>::min() / 2,
                    std::numeric_limits<qint64>::max() / 2);
        if (has(u"program"))
            string(o, u"program", base, t.program);
        if (has(u"args"))
            stringList(o, u"args", base, t.args);
        if (has(u"latency") && o.contains(u"latency")) {
            const QJsonValue v = o.value(u"latency");
            if (!v.isObject())
                typeError(member(base, u"latency"), S(u"an object"), v);
            else
                latency(v.toObject(), member(base, u"latency"), t.latency);
        }
        if (has(u"error_ratio"))
            number(o, u"error_ratio", base, t.errorRatio);
        if (has(u"cookies"))
            boolean(o, u"cookies", base, t.cookies);
        if (has(u"steps")) {
            const QString path = member(base, u"steps");
            if (!o.contains(u"steps")) {
                if (t.kind == u"flow")
                    error(path, S(u"is required: the flow's requests, in order"));
            } else if (const QJsonValue v = o.value(u"steps"); !v.isArray()) {
                typeError(path, S(u"an array of steps"), v);
            } else {
                const QJsonArray a = v.toArray();
                for (qsizetype i = 0; i < a.size(); ++i) {
                    if (!a[i].isObject())
                        typeError(element(path, i), S(u"an object"), a[i]);
                    else
                        t.steps.append(step(a[i].toObject(), element(path, i)));
                }
            }
        }
        return t;
    }

    StepSpec step(const QJsonObject& o, const QString& base) {
        StepSpec st;
        keys(o, base,
             {u"name", u"method", u"url", u"headers", u"body", u"timeout", u"expect_status",
              u"expect_body", u"think", u"extract", u"optional"},
             {}, {}, st.extra);
        string(o, u"name", base, st.name);
        string(o, u"method", base, st.method);
        if (!o.contains(u"url"))
            error(member(base, u"url"), S(u"is required"));
        string(o, u"url", base, st.url);
        headers(o, base, st.headers);
        string(o, u"body", base, st.body);
        duration(o, u"timeout", base, st.timeout);
        if (o.contains(u"expect_status")) {
            const QString path = member(base, u"expect_status");
            const QJsonValue v = o.value(u"expect_status");
            if (!v.isArray()) {
                typeError(path, S(u"an array of status codes"), v);
            } else {
                const QJsonArray a = v.toArray();
                for (qsizetype i = 0; i < a.size(); ++i) {
                    int code = 0;
                    if (integerValue(a[i], element(path, i), code, std::numeric_limits<int>::min(),
                                     std::numeric_limits<int>::max()))
                        st.expectStatus.append(code);
                }
            }
        }
        expectBody(o, base, st.expectBody);
        if (o.contains(u"think")) {
            const QString path = member(base, u"think");
            const QJsonValue v = o.value(u"think");
            if (v.isObject()) {
                st.hasThink = true;
                latency(v.toObject(), path, st.think);
            } else if (v.isString()) {
                // "500ms": a fixed think time.
                st.hasThink = true;
                st.think.distribution = LatencySpec::Distribution::Fixed;
                durationValue(v, path, st.think.value);
            } else {
                typeError(path, S(u"a duration or a distribution object"), v);
            }
        }
        if (o.contains(u"extract")) {
            const QString path = member(base, u"extract");
            const QJsonValue v = o.value(u"extract");
            if (!v.isObject()) {
                typeError(path,
                          S(u"an object of named extractions, e.g. {\"token\": {\"json\": "
                            u"\"/token\"}}"),
                          v);
            } else {
                const QJsonObject x = v.toObject();
                for (auto it = x.begin(); it != x.end(); ++it) {
                    const QString xp = member(path, it.key());
                    ExtractSpec e;
                    e.name = it.key();
                    if (!it.value().isObject()) {
                        typeError(xp, S(u"an object with one of json, regex, header, cookie"),
                                  it.value());
                        continue;
                    }
                    const QJsonObject xo = it.value().toObject();
                    QStringList sources;
                    for (const char16_t* k : {u"json", u"regex", u"header", u"cookie"})
                        if (xo.contains(k))
                            sources.append(QString::fromUtf16(k));
                    if (sources.size() != 1 || xo.size() != 1) {
                        error(xp, S(u"must have exactly one of json, regex, header, cookie"));
                        continue;
                    }
                    e.source = sources.front();
                    if (!xo.value(e.source).isString()) {
                        typeError(member(xp, e.source), S(u"a string"), xo.value(e.source));
                        continue;
                    }
                    e.expr = xo.value(e.source).toString();
                    st.extract.append(e);
                }
            }
        }
        boolean(o, u"optional", base, st.optional);
        return st;
    }

    void headers(const QJsonObject& o, const QString& base, QList<QPair<QString, QString>>& out) {
        if (!o.contains(u"headers"))
            return;
        const QString path = member(base, u"headers");
        const QJsonValue v = o.value(u"headers");
        if (v.isObject()) {
            const QJsonObject h = v.toObject();
            for (auto it = h.begin(); it != h.end(); ++it) {
                if (!it.value().isString())
                    typeError(member(path, it.key()), S(u"a string"), it.value());
                else
                    out.append({it.key(), it.value().toString()});
            }
        } else if (v.isArray()) {
            // [["Name", "value"], ...] keeps an order and repeated names.
            const QJsonArray a = v.toArray();
            for (qsizetype i = 0; i < a.size(); ++i) {
                const QJsonArray pair = a[i].toArray();
                if (!a[i].isArray() || pair.size() != 2 || !pair[0].isString() ||
                    !pair[1].isString())
                    error(element(path, i), S(u"must be a [\"name\", \"value\"] pair of strings"));
                else
                    out.append({pair[0].toString(), pair[1].toString()});
            }
        } else {
            typeError(path, S(u"an object of strings or an array of [name, value] pairs"), v);
        }
    }

    void latency(const QJsonObject& o, const QString& base, LatencySpec& l) {
        using D = LatencySpec::Distribution;
        static const QList<QPair<D, QStringList>> params{
            {D::Fixed, {S(u"value")}},
            {D::Uniform, {S(u"min"), S(u"max")}},
            {D::Normal, {S(u"mean"), S(u"stddev")}},
            {D::LogNormal, {S(u"median"), S(u"p99")}},
        };
        QString name = S(u"fixed");
        string(o, u"distribution", base, name);
        bool known = false;
        for (const auto& [d, keys] : params) {
            l.distribution = d;
            if (l.distributionName() == name) {
                known = true;
                break;
            }
        }
        if (!known) {
            error(member(base, u"distribution"),
                  S(u"unknown distribution %1 (expected fixed, uniform, normal, lognormal)")
                      .arg(quoted(name)));
            l.distribution = D::Fixed;
        }
        QStringList mine;
        QStringList elsewhere;
        for (const auto& [d, keys] : params) {
            if (!known || d == l.distribution)
                mine += keys;
            else
                elsewhere += keys;
        }
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() == u"distribution" || mine.contains(it.key()))
                continue;
            if (elsewhere.contains(it.key())) {
                error(member(base, it.key()),
                      S(u"does not apply to distribution %1").arg(quoted(name)));
                continue;
            }
            l.extra.insert(it.key(), it.value());
            m_out.warn(member(base, it.key()), S(u"unknown key, kept as is"));
        }
        if (!known)
            return;
        static const QHash<QString, Duration LatencySpec::*> fields{
            {S(u"value"), &LatencySpec::value},   {S(u"min"), &LatencySpec::min},
            {S(u"max"), &LatencySpec::max},       {S(u"mean"), &LatencySpec::mean},
            {S(u"stddev"), &LatencySpec::stddev}, {S(u"median"), &LatencySpec::median},
            {S(u"p99"), &LatencySpec::p99},
        };
        for (const QString& key : std::as_const(mine)) {
            const QString path = member(base, key);
            if (!o.contains(key))
                error(path, S(u"is required for distribution %1").arg(quoted(name)));
            else
                durationValue(o.value(key), path, l.*fields.value(key));
        }
    }

    DistributedSpec distributed(const QJsonObject& o, const QString& base) {
        DistributedSpec d;
        keys(o, base, {u"enabled", u"ranks", u"hostfile", u"hosts"}, {}, {}, d.extra);
        d.enabled = true; // the object says "run under MPI" unless enabled is false
        boolean(o, u"enabled", base, d.enabled);
        integer(o, u"ranks", base, d.ranks, std::numeric_limits<int>::min(),
                std::numeric_limits<int>::max());
        string(o, u"hostfile", base, d.hostfile);
        stringList(o, u"hosts", base, d.hosts);
        return d;
    }

    RateSpec rate(const QJsonObject& o, const QString& base) {
        RateSpec r;
        keys(o, base, {u"rps", u"from", u"to", u"stages", u"max"}, {}, {}, r.extra);
        QStringList modes;
        if (o.contains(u"rps"))
            modes << S(u"rps");
        if (o.contains(u"to") || (o.contains(u"from") && !o.contains(u"stages")))
            modes << S(u"from/to");
        if (o.contains(u"stages"))
            modes << S(u"stages");
        if (o.contains(u"max"))
            modes << S(u"max");
        if (modes.isEmpty()) {
            error(base, S(u"expected one of rps, from/to, stages or max"));
            return r;
        }
        if (modes.size() > 1) {
            error(base, S(u"conflicting keys %1: use only one of rps, from/to, stages or max")
                            .arg(modes.join(S(u", "))));
            return r;
        }
        if (modes[0] == u"rps") {
            r.mode = RateSpec::Mode::Constant;
            number(o, u"rps", base, r.rps);
        } else if (modes[0] == u"from/to") {
            r.mode = RateSpec::Mode::Ramp;
            for (const char16_t* key : {u"from", u"to"}) {
                if (!o.contains(key))
                    error(member(base, key), S(u"is required for a ramp"));
            }
            number(o, u"from", base, r.from);
            number(o, u"to", base, r.to);
        } else if (modes[0] == u"stages") {
            r.mode = RateSpec::Mode::Stages;
            number(o, u"from", base, r.from);
            const QString path = member(base, u"stages");
            const QJsonValue v = o.value(u"stages");
            if (!v.isArray()) {
                typeError(path, S(u"an array"), v);
                return r;
            }
            const QJsonArray a = v.toArray();
            for (qsizetype i = 0; i < a.size(); ++i) {
                const QString sp = element(path, i);
                RateSpec::Stage stage;
                if (!a[i].isObject()) {
                    typeError(sp, S(u"an object"), a[i]);
                } else {
                    const QJsonObject so = a[i].toObject();
                    keys(so, sp, {u"duration", u"rps"}, {}, {}, stage.extra);
                    for (const char16_t* key : {u"duration", u"rps"}) {
                        if (!so.contains(key))
                            error(member(sp, key), S(u"is required"));
                    }
                    duration(so, u"duration", sp, stage.duration);
                    number(so, u"rps", sp, stage.rps);
                }
                r.stages.append(stage);
            }
        } else {
            r.mode = RateSpec::Mode::Max;
            const QJsonValue v = o.value(u"max");
            if (!v.isBool() || !v.toBool())
                error(member(base, u"max"), S(u"must be true (leave it out for a rate)"));
        }
        return r;
    }

    Problems& m_out;
};

// ---------------------------------------------------------------- writing JSON

using json::Members;

void addExtra(Members& m, const QJsonObject& extra, int level) {
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        bool known = false;
        for (const auto& [key, value] : std::as_const(m))
            known = known || key == it.key();
        if (!known)
            m.append({it.key(), json::value(it.value(), level)});
    }
}

QByteArray durationText(Duration d) {
    return json::quote(formatDuration(d));
}

QByteArray writeLatency(const LatencySpec& l, int level) {
    Members m;
    m.append({S(u"distribution"), json::quote(l.distributionName())});
    using D = LatencySpec::Distribution;
    switch (l.distribution) {
    case D::Fixed:
        m.append({S(u"value"), durationText(l.value)});
        break;
    case D::Uniform:
        m.append({S(u"min"), durationText(l.min)});
        m.append({S(u"max"), durationText(l.max)});
        break;
    case D::Normal:
        m.append({S(u"mean"), durationText(l.mean)});
        m.append({S(u"stddev"), durationText(l.stddev)});
        break;
    case D::LogNormal:
        m.append({S(u"median"), durationText(l.median)});
        m.append({S(u"p99"), durationText(l.p99)});
        break;
    }
    addExtra(m, l.extra, level + 1);
    return json::object(m, level);
}

// headersSorted is true when the headers can be written as an object without changing
// their order: QJsonObject reads objects back in sorted key order.
bool headersSorted(const QList<QPair<QString, QString>>& headers) {
    for (qsizetype i = 1; i < headers.size(); ++i) {
        if (!(headers[i - 1].first < headers[i].first))
            return false;
    }
    return true;
}

QByteArray writeHeaders(const QList<QPair<QString, QString>>& headers, int inner) {
    if (headersSorted(headers)) {
        Members h;
        for (const auto& [name, value] : headers)
            h.append({name, json::quote(value)});
        return json::object(h, inner);
    }
    QList<QByteArray> pairs;
    for (const auto& [name, value] : headers)
        pairs.append(json::array({json::quote(name), json::quote(value)}, inner + 1));
    return json::array(pairs, inner);
}

QByteArray writeStep(const StepSpec& st, int level) {
    Members m;
    const int inner = level + 1;
    m.append({S(u"name"), json::quote(st.name)});
    if (st.hasThink) {
        if (st.think.distribution == LatencySpec::Distribution::Fixed && st.think.extra.isEmpty())
            m.append({S(u"think"), durationText(st.think.value)});
        else
            m.append({S(u"think"), writeLatency(st.think, inner)});
    }
    m.append({S(u"method"), json::quote(st.method)});
    m.append({S(u"url"), json::quote(st.url)});
    if (!st.headers.isEmpty())
        m.append({S(u"headers"), writeHeaders(st.headers, inner)});
    if (!st.body.isEmpty())
        m.append({S(u"body"), json::quote(st.body)});
    if (st.timeout != kDefaultTargetTimeout)
        m.append({S(u"timeout"), durationText(st.timeout)});
    if (!st.expectStatus.isEmpty()) {
        QList<QByteArray> codes;
        for (int c : st.expectStatus)
            codes.append(QByteArray::number(c));
        m.append({S(u"expect_status"), json::array(codes, inner)});
    }
    if (!st.expectBody.isEmpty())
        m.append({S(u"expect_body"), json::quote(st.expectBody)});
    if (!st.extract.isEmpty()) {
        QList<ExtractSpec> sorted = st.extract;
        std::stable_sort(
            sorted.begin(), sorted.end(),
            [](const ExtractSpec& a, const ExtractSpec& b) { return a.name < b.name; });
        Members x;
        for (const ExtractSpec& e : sorted) {
            Members one;
            one.append({e.source, json::quote(e.expr)});
            x.append({e.name, json::object(one, inner + 1)});
        }
        m.append({S(u"extract"), json::object(x, inner)});
    }
    if (st.optional)
        m.append({S(u"optional"), json::boolean(true)});
    addExtra(m, st.extra, inner);
    return json::object(m, level);
}

// writeTls appends the TLS options that are set, which http and flow targets share.
void writeTls(const TargetSpec& t, Members& m) {
    if (t.insecure)
        m.append({S(u"insecure"), json::boolean(true)});
    if (!t.caFile.isEmpty())
        m.append({S(u"ca_file"), json::quote(t.caFile)});
    if (!t.clientCert.isEmpty())
        m.append({S(u"client_cert"), json::quote(t.clientCert)});
    if (!t.clientKey.isEmpty())
        m.append({S(u"client_key"), json::quote(t.clientKey)});
    if (!t.clientKeyPassphrase.isEmpty())
        m.append({S(u"client_key_passphrase"), json::quote(t.clientKeyPassphrase)});
    if (!t.serverName.isEmpty())
        m.append({S(u"server_name"), json::quote(t.serverName)});
}

QByteArray writeTarget(const TargetSpec& t, int level) {
    Members m;
    const int inner = level + 1;
    m.append({S(u"kind"), json::quote(t.kind)});
    const bool hasTimeout = t.kind == u"http" || t.kind == u"tcp" || t.kind == u"command";
    if (t.kind == u"http") {
        m.append({S(u"method"), json::quote(t.method)});
        m.append({S(u"url"), json::quote(t.url)});
        if (!t.headers.isEmpty()) {
            if (headersSorted(t.headers)) {
                Members h;
                for (const auto& [name, value] : t.headers)
                    h.append({name, json::quote(value)});
                m.append({S(u"headers"), json::object(h, inner)});
            } else {
                QList<QByteArray> pairs;
                for (const auto& [name, value] : t.headers)
                    pairs.append(json::array({json::quote(name), json::quote(value)}, inner + 1));
                m.append({S(u"headers"), json::array(pairs, inner)});
            }
        }
        if (!t.body.isEmpty())
            m.append({S(u"body"), json::quote(t.body)});
    } else if (t.kind == u"flow") {
        QList<QByteArray> steps;
        for (const StepSpec& st : t.steps)
            steps.append(writeStep(st, inner + 1));
        m.append({S(u"steps"), json::array(steps, inner)});
        if (!t.cookies)
            m.append({S(u"cookies"), json::boolean(false)});
        writeTls(t, m);
        if (t.connections != 0)
            m.append({S(u"connections"), QByteArray::number(t.connections)});
    } else if (t.kind == u"tcp") {
        m.append({S(u"address"), json::quote(t.address)});
        if (!t.payload.isEmpty())
            m.append({S(u"payload"), json::quote(t.payload)});
        if (!t.expect.isEmpty())
            m.append({S(u"expect"), json::quote(t.expect)});
        if (t.readBytes != 0)
            m.append({S(u"read_bytes"), QByteArray::number(t.readBytes)});
    } else if (t.kind == u"command") {
        m.append({S(u"program"), json::quote(t.program)});
        if (!t.args.isEmpty()) {
            QList<QByteArray> args;
            for (const QString& a : t.args)
                args.append(json::quote(a));
            m.append({S(u"args"), json::array(args, inner)});
        }
    } else if (t.kind == u"synthetic") {
        m.append({S(u"latency"), writeLatency(t.latency, inner)});
        if (t.errorRatio != 0)
            m.append({S(u"error_ratio"), json::number(t.errorRatio)});
    }
    if (hasTimeout && t.timeout != kDefaultTargetTimeout)
        m.append({S(u"timeout"), durationText(t.timeout)});
    if (t.kind == u"http") {
        if (!t.expectStatus.isEmpty()) {
            QList<QByteArray> codes;
            for (int c : t.expectStatus)
                codes.append(QByteArray::number(c));
            m.append({S(u"expect_status"), json::array(codes, inner)});
        }
        if (!t.expectBody.isEmpty())
            m.append({S(u"expect_body"), json::quote(t.expectBody)});
        if (t.httpVersion != u"auto")
            m.append({S(u"version"), json::quote(t.httpVersion)});
        writeTls(t, m);
        if (t.followRedirects)
            m.append({S(u"follow_redirects"), json::boolean(true)});
        if (t.connections != 0)
            m.append({S(u"connections"), QByteArray::number(t.connections)});
        if (t.streams != 1)
            m.append({S(u"streams"), QByteArray::number(t.streams)});
    }
    addExtra(m, t.extra, inner);
    return json::object(m, level);
}

QByteArray writeRate(const RateSpec& r, int level) {
    Members m;
    const int inner = level + 1;
    switch (r.mode) {
    case RateSpec::Mode::Constant:
        m.append({S(u"rps"), json::number(r.rps)});
        break;
    case RateSpec::Mode::Ramp:
        m.append({S(u"from"), json::number(r.from)});
        m.append({S(u"to"), json::number(r.to)});
        break;
    case RateSpec::Mode::Stages: {
        if (r.from != 0)
            m.append({S(u"from"), json::number(r.from)});
        QList<QByteArray> stages;
        for (const RateSpec::Stage& s : r.stages) {
            Members sm;
            sm.append({S(u"duration"), durationText(s.duration)});
            sm.append({S(u"rps"), json::number(s.rps)});
            addExtra(sm, s.extra, inner + 2);
            stages.append(json::object(sm, inner + 1));
        }
        m.append({S(u"stages"), json::array(stages, inner)});
        break;
    }
    case RateSpec::Mode::Max:
        m.append({S(u"max"), json::boolean(true)});
        break;
    }
    addExtra(m, r.extra, inner);
    return json::object(m, level);
}

QByteArray writeWorker(const WorkerSpec& w, int level) {
    Members m;
    const int inner = level + 1;
    m.append({S(u"ident"), json::quote(w.ident)});
    if (!w.enabled)
        m.append({S(u"enabled"), json::boolean(false)});
    m.append({S(u"target"), writeTarget(w.target, inner)});
    if (w.data.isSet()) {
        Members d;
        d.append({S(u"file"), json::quote(w.data.file)});
        if (w.data.mode != u"sequential")
            d.append({S(u"mode"), json::quote(w.data.mode)});
        addExtra(d, w.data.extra, inner + 1);
        m.append({S(u"data"), json::object(d, inner)});
    }
    m.append({S(u"rate"), writeRate(w.rate, inner)});
    if (w.overtime)
        m.append({S(u"overtime"), QByteArray::number(*w.overtime)});
    if (w.force != 1)
        m.append({S(u"force"), QByteArray::number(w.force)});
    addExtra(m, w.extra, inner);
    return json::object(m, level);
}

// rawControlInString is the offset of the first control character (U+0000–U+001F) written
// raw inside a JSON string, which RFC 8259 forbids and Qt's parser lets through (a NUL
// would cut the name or URL it is in), or -1.
qsizetype rawControlInString(const QByteArray& text) {
    bool inString = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (!inString) {
            inString = c == '"';
            continue;
        }
        if (c == '\\')
            ++i; // the escaped character, whatever it is, is not the string's end
        else if (c == '"')
            inString = false;
        else if (c < 0x20)
            return i;
    }
    return -1;
}

// A member whose name an earlier member of the same object has: `at` is the offset of the
// later name, `first` of the earlier one.
struct DuplicateKey {
    QString name;
    qsizetype at = 0;
    qsizetype first = 0;
    bool inHeaders = false; // the object is the value of a "headers" key
};

// duplicateKeys finds, in a text Qt's parser accepted, every object member named as an
// earlier member of the same object. Qt keeps the last silently (`"duration": "1s", …,
// "duration": "1h"` ran for an hour, a step's second `"url"` replaced its first, a header
// given twice was sent once), and `format` would drop the other; which one a writer meant
// cannot be known, so it is a problem to fix, not a choice to make.
QList<DuplicateKey> duplicateKeys(const QByteArray& text) {
    struct Frame {
        bool object = false;
        bool expectKey = false;
        QHash<QString, qsizetype> keys;
        QString parentKey; // the key this object or array is the value of
        QString lastKey;
    };
    QList<DuplicateKey> out;
    std::vector<Frame> stack;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '{' || c == '[') {
            const QString parent =
                !stack.empty() && stack.back().object ? stack.back().lastKey : QString();
            stack.push_back({c == '{', c == '{', {}, parent, {}});
        } else if (c == '}' || c == ']') {
            if (!stack.empty())
                stack.pop_back();
        } else if (c == ',') {
            if (!stack.empty() && stack.back().object)
                stack.back().expectKey = true;
        } else if (c == '"') {
            qsizetype end = i + 1;
            bool escaped = false;
            for (; end < text.size(); ++end) {
                if (text[end] == '\\')
                    ++end, escaped = true;
                else if (text[end] == '"')
                    break;
            }
            if (!stack.empty() && stack.back().object && stack.back().expectKey) {
                Frame& f = stack.back();
                f.expectKey = false;
                const QByteArray raw = text.mid(i, end - i + 1);
                const QString name =
                    escaped ? QJsonDocument::fromJson("[" + raw + "]").array().at(0).toString()
                            : QString::fromUtf8(raw.mid(1, raw.size() - 2));
                f.lastKey = name;
                if (const auto it = f.keys.constFind(name); it != f.keys.cend())
                    out.append({name, i, it.value(), f.parentKey == u"headers"});
                else
                    f.keys.insert(name, i);
            }
            i = end;
        }
    }
    return out;
}

} // namespace

// ---------------------------------------------------------------- public API

QString Problem::toString() const {
    if (line > 0)
        return S(u"line %1, column %2: %3").arg(line).arg(column).arg(message);
    return (path.isEmpty() ? S(u"(document)") : path) + S(u": ") + message;
}

QString LatencySpec::distributionName() const {
    switch (distribution) {
    case Distribution::Fixed:
        return S(u"fixed");
    case Distribution::Uniform:
        return S(u"uniform");
    case Distribution::Normal:
        return S(u"normal");
    case Distribution::LogNormal:
        return S(u"lognormal");
    }
    return {};
}

QStringList TargetSpec::kinds() {
    return {S(u"http"), S(u"flow"), S(u"tcp"), S(u"command"), S(u"synthetic")};
}

Rate RateSpec::toRate(Duration duration) const {
    switch (mode) {
    case Mode::Constant:
        return Rate::constant(rps);
    case Mode::Ramp:
        return Rate::ramp(from, to, duration);
    case Mode::Stages: {
        std::vector<Rate::Stage> list;
        list.reserve(static_cast<std::size_t>(stages.size()));
        for (const Stage& s : stages)
            list.push_back({s.duration, s.rps});
        return Rate::stages(from, std::move(list));
    }
    case Mode::Max:
        return Rate::max();
    }
    return {};
}

RateSpec RateSpec::scaled(double factor) const {
    RateSpec r = *this;
    r.rps *= factor;
    r.from *= factor;
    r.to *= factor;
    for (Stage& s : r.stages)
        s.rps *= factor;
    return r;
}

double RateSpec::peakRps() const noexcept {
    switch (mode) {
    case Mode::Constant:
        return rps;
    case Mode::Ramp:
        return std::max(from, to);
    case Mode::Stages: {
        double peak = from;
        for (const Stage& s : stages)
            peak = std::max(peak, s.rps);
        return peak;
    }
    case Mode::Max:
        break;
    }
    return 0;
}

Duration RateSpec::stagesDuration() const noexcept {
    Duration total{};
    for (const Stage& s : stages)
        total += s.duration;
    return total;
}

QStringList WorkerSpec::replicaIdents() const {
    if (force <= 1)
        return {ident};
    QStringList out;
    out.reserve(force);
    for (int i = 1; i <= force; ++i)
        out.append(ident + S(u" #") + QString::number(i));
    return out;
}

ScenarioParse Scenario::fromJson(const QByteArray& text) {
    ScenarioParse result;
    // Qt calls an empty text an "illegal value" at line 1, column 1.
    if (text.trimmed().isEmpty()) {
        result.problems.append(
            {QString(),
             text.isEmpty()
                 ? S(u"the text is empty (a scenario is a JSON object: {\"version\": 1, …})")
                 : S(u"the text holds only white space (a scenario is a JSON object: "
                     u"{\"version\": 1, …})"),
             1, 1});
        return result;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const auto [line, column] = jsonErrorPosition(text, parseError);
        result.problems.append({QString(), parseError.errorString(), line, column});
        return result;
    }
    if (!doc.isObject()) {
        result.problems.append({QString(), S(u"must be a JSON object")});
        return result;
    }
    if (const qsizetype at = rawControlInString(text); at >= 0) {
        const auto [line, column] = lineColumn(text, at);
        const QString hex = QString::number(static_cast<unsigned char>(text[at]), 16)
                                .rightJustified(4, QLatin1Char('0'))
                                .toUpper();
        result.problems.append(
            {QString(),
             S(u"control character U+%1 inside a string must be escaped (\\u%1)").arg(hex), line,
             column});
        return result;
    }
    if (const QList<DuplicateKey> twice = duplicateKeys(text); !twice.isEmpty()) {
        for (const DuplicateKey& d : twice) {
            const auto [line, column] = lineColumn(text, d.at);
            const auto [firstLine, firstColumn] = lineColumn(text, d.first);
            result.problems.append(
                {QString(),
                 S(u"duplicate key %1: the object has it at line %2, column %3 already (which "
                   u"one was meant cannot be known: keep one)%4")
                     .arg(quoted(d.name), QString::number(firstLine), QString::number(firstColumn),
                          d.inHeaders ? S(u"; a header sent twice is written as pairs: "
                                          u"\"headers\": [[\"name\", \"1\"], [\"name\", \"2\"]]")
                                      : QString()),
                 line, column});
        }
        return result;
    }
    Problems problems;
    result.scenario = Reader(problems).scenario(doc.object());
    Problems checks;
    Validator(checks, true).scenario(result.scenario);
    problems.merge(checks.problems);
    problems.warnings += checks.warnings;
    result.problems = std::move(problems.problems);
    result.warnings = std::move(problems.warnings);
    sortProblems(result.problems);
    sortProblems(result.warnings);
    return result;
}

QList<Problem> Scenario::validate() const {
    Problems problems;
    Validator(problems, true).scenario(*this);
    sortProblems(problems.problems);
    return problems.problems;
}

QList<Problem> Scenario::warnings() const {
    Problems problems;
    Validator(problems, true).scenario(*this);
    sortProblems(problems.warnings);
    return problems.warnings;
}

QByteArray Scenario::toJson() const {
    Members m;
    m.append({S(u"version"), QByteArray::number(version)});
    m.append({S(u"name"), json::quote(name)});
    m.append({S(u"duration"), durationText(duration)});
    m.append({S(u"interval"), durationText(interval)});
    QList<QByteArray> list;
    for (const WorkerSpec& w : workers)
        list.append(writeWorker(w, 2));
    m.append({S(u"workers"), json::array(list, 1)});
    QList<QByteArray> ts;
    for (const QString& t : thresholds)
        ts.append(json::quote(t));
    m.append({S(u"thresholds"), json::array(ts, 1)});
    if (!distributed.isDefault()) {
        const DistributedSpec& d = distributed;
        Members dm;
        if (!d.enabled)
            dm.append({S(u"enabled"), json::boolean(false)});
        dm.append({S(u"ranks"), QByteArray::number(d.ranks)});
        if (!d.hostfile.isEmpty())
            dm.append({S(u"hostfile"), json::quote(d.hostfile)});
        if (!d.hosts.isEmpty()) {
            QList<QByteArray> hs;
            for (const QString& h : d.hosts)
                hs.append(json::quote(h));
            dm.append({S(u"hosts"), json::array(hs, 2)});
        }
        addExtra(dm, d.extra, 2);
        m.append({S(u"distributed"), json::object(dm, 1)});
    }
    addExtra(m, extra, 1);
    return json::object(m, 0) + '\n';
}

namespace {
// anchor makes a relative `path` absolute against `baseDir` (empty: left as it is).
void anchor(QString& path, const QString& baseDir) {
    if (!baseDir.isEmpty() && !path.isEmpty() && QDir::isRelativePath(path))
        path = QDir::cleanPath(QDir(baseDir).absoluteFilePath(path));
}

} // namespace

QString spacedNameNote(const QString& written, const QString& baseDir) {
    QString path = written;
    anchor(path, baseDir);
    const QString trimmed = written.trimmed();
    if (trimmed == written || trimmed.isEmpty() || QFileInfo::exists(path))
        return {};
    qsizetype lead = 0;
    while (written.at(lead).isSpace())
        ++lead;
    const qsizetype trail = written.size() - lead - trimmed.size();
    const QString where = lead > 0 && trail > 0 ? S(u"starts and ends with")
                          : lead > 0            ? S(u"starts with")
                                                : S(u"ends with");
    const bool one = lead + trail == 1;
    const QString spaces = one ? S(u"a space") : S(u"spaces");
    const QString them = one ? S(u"it") : S(u"them");
    QString without = trimmed;
    anchor(without, baseDir);
    return QFileInfo::exists(without)
               ? S(u": the name \"%1\" %2 %3 (without %4, %5 is there)")
                     .arg(written, where, spaces, them, trimmed)
               : S(u": the name \"%1\" %2 %3 (a file's name rarely has any: remove %4)")
                     .arg(written, where, spaces, them);
}

namespace {
// tlsFiles lists a target's TLS file paths (http and flow; empty in other kinds).
QList<QString*> tlsFiles(TargetSpec& t) {
    return {&t.caFile, &t.clientCert, &t.clientKey};
}
} // namespace

Scenario Scenario::rebased(const QString& from, const QString& to, int* changed) const {
    Scenario copy = *this;
    int count = 0;
    const QString fromDir = QDir::cleanPath(QDir(from).absolutePath());
    const QString toDir = to.isEmpty() ? QString() : QDir::cleanPath(QDir(to).absolutePath());
    if (toDir == fromDir) {
        // The same folder: every path is right as it is ("../pki/ca.pem" included).
        if (changed)
            *changed = 0;
        return copy;
    }
    for (WorkerSpec& w : copy.workers) {
        QList<QString*> files = tlsFiles(w.target);
        files.append(&w.data.file);
        for (QString* file : std::as_const(files)) {
            if (file->isEmpty() || !QDir::isRelativePath(*file) || file->startsWith(S(u"${")))
                continue;
            QString moved = QDir::cleanPath(QDir(fromDir).absoluteFilePath(*file));
            if (!toDir.isEmpty()) {
                const QString relative = QDir(toDir).relativeFilePath(moved);
                if (relative != u".." && !relative.startsWith(S(u"../")))
                    moved = relative;
            }
            if (moved != *file) {
                *file = moved;
                ++count;
            }
        }
    }
    if (changed)
        *changed = count;
    return copy;
}

ScenarioParse Scenario::resolved(const QProcessEnvironment& env, const QString& baseDir) const {
    ScenarioParse result;
    result.scenario = *this;
    Problems problems;
    // The copy validated: data columns replaced by a neutral value, as a call would send.
    Scenario check = *this;
    for (qsizetype i = 0; i < result.scenario.workers.size(); ++i) {
        WorkerSpec& w = result.scenario.workers[i];
        const QString base = member(element(S(u"workers"), i), u"target");
        std::optional<QStringList> columns;
        if (w.data.isSet()) {
            const QString path = member(member(element(S(u"workers"), i), u"data"), u"file");
            QString why;
            QStringList unset;
            if (!scanReferences(w.data.file, nullptr, &why)) {
                problems.error(path, why);
            } else {
                w.data.file = substitute(w.data.file, env, &unset);
                for (const QString& name : std::as_const(unset))
                    if (w.enabled)
                        problems.error(path, S(u"environment variable %1 is not set").arg(name));
                const QString written = w.data.file;
                anchor(w.data.file, baseDir);
                check.workers[i].data.file = w.data.file;
                if (unset.isEmpty() && w.enabled) {
                    columns = DataTable::readHeader(w.data.file, &why);
                    if (!columns)
                        problems.error(path, why + spacedNameNote(written, baseDir));
                }
            }
        }
        QProcessEnvironment neutral;
        if (columns) {
            for (const QString& c : std::as_const(*columns))
                neutral.insert(c, S(u"1"));
        }
        const QList<TextField> checkFields = textFields(check.workers[i].target, base);
        qsizetype index = 0;
        for (const TextField& field : textFields(w.target, base)) {
            QString* checked = checkFields[index++].text;
            QString why;
            if (!scanReferences(*field.text, nullptr, &why)) {
                problems.error(field.path, why);
                continue;
            }
            QStringList unset;
            // A flow keeps its extracted names (and "$${") for the journey; a data file's
            // columns are kept for the call.
            QStringList keep = field.keep;
            const bool perCall = columns && field.perCall;
            if (perCall)
                keep += *columns;
            const bool keeps = perCall || w.target.kind == u"flow";
            const QString written = *field.text;
            *field.text = substitute(*field.text, env, &unset, keeps ? &keep : nullptr);
            // A text to look for that only set-but-empty variables make up checks nothing.
            if (field.lookedFor && field.text->isEmpty() && !written.isEmpty() && unset.isEmpty() &&
                w.enabled) {
                QList<Reference> refs;
                scanReferences(written, &refs, nullptr);
                QStringList names;
                for (const Reference& r : std::as_const(refs))
                    if (!names.contains(r.name))
                        names.append(r.name);
                problems.error(field.path,
                               S(u"environment variable%1 %2 %3 empty: nothing to look for "
                                 u"(every body contains the empty text)")
                                   .arg(names.size() == 1 ? QString() : S(u"s"),
                                        names.join(S(u", ")),
                                        names.size() == 1 ? S(u"is") : S(u"are")));
            }
            // A data file that cannot be read was reported: its columns are not known.
            const bool unknownColumns = w.data.isSet() && w.enabled && !columns;
            for (const QString& name : std::as_const(unset)) {
                // A disabled worker is not run: its variables need not be set.
                if (unknownColumns || !w.enabled)
                    continue;
                if (columns && !field.perCall && columns->contains(name))
                    problems.error(field.path,
                                   S(u"${%1} is a column of %2, but expect_body takes environment "
                                     u"variables only (the text is the same for every call)")
                                       .arg(name, w.data.file));
                else if (perCall)
                    problems.error(field.path,
                                   S(u"${%1} is neither a column of %2 (columns: %3) nor a set "
                                     u"environment variable")
                                       .arg(name, w.data.file, columns->join(S(u", "))));
                else
                    problems.error(field.path, S(u"environment variable %1 is not set").arg(name));
            }
            QStringList ignored;
            *checked = perCall ? substitute(*field.text, neutral, &ignored,
                                            w.target.kind == u"flow" ? &field.keep : nullptr)
                               : *field.text;
        }
        // TLS files, as data files, are found beside the scenario (after substitution, so
        // "${CERTS}/ca.pem" with CERTS=certs is too).
        for (QString* file : tlsFiles(w.target))
            anchor(*file, baseDir);
        for (QString* file : tlsFiles(check.workers[i].target))
            anchor(*file, baseDir);
        // A disabled worker was checked as written (fromJson, validate); with its variables
        // left out it is no target to check again.
        if (!w.enabled) {
            check.workers[i].target = TargetSpec();
            check.workers[i].data = DataSpec();
        }
    }
    Problems checks;
    Validator(checks, false).scenario(check);
    problems.merge(checks.problems);
    result.problems = std::move(problems.problems);
    sortProblems(result.problems);
    return result;
}

QStringList Scenario::variables() const {
    QStringList names;
    Scenario copy = *this;
    for (WorkerSpec& w : copy.workers) {
        QStringList columns;
        QList<TextField> fields = textFields(w.target, QString());
        if (w.data.isSet()) {
            fields.append({QString(), &w.data.file});
            // The file's own ${VAR}s from the process environment, to find its columns.
            QStringList unset;
            if (scanReferences(w.data.file, nullptr, nullptr)) {
                const QString file =
                    substitute(w.data.file, QProcessEnvironment::systemEnvironment(), &unset);
                if (unset.isEmpty())
                    columns = DataTable::readHeader(file).value_or(QStringList());
            }
        }
        for (const TextField& field : std::as_const(fields)) {
            QList<Reference> refs;
            scanReferences(*field.text, &refs, nullptr);
            // A column is filled per call, except in an http target's expect_body (not
            // perCall), which resolved() fills from the environment, as any variable.
            for (const Reference& r : std::as_const(refs)) {
                if (!names.contains(r.name) && !field.keep.contains(r.name) &&
                    !(field.text != &w.data.file && field.perCall && columns.contains(r.name)))
                    names.append(r.name);
            }
        }
    }
    return names;
}

QStringList DataSpec::modes() {
    return {S(u"sequential"), S(u"random"), S(u"unique")};
}

namespace {
bool isSandboxUrl(const QString& url) {
    const QUrl u(url);
    return u.isValid() && u.scheme() == u"http" && u.host() == u"sandbox";
}
} // namespace

bool Scenario::usesSandbox() const {
    for (const WorkerSpec& w : workers) {
        if (w.enabled && w.target.kind == u"http" && isSandboxUrl(w.target.url))
            return true;
        if (w.enabled && w.target.kind == u"flow") {
            for (const StepSpec& step : w.target.steps)
                if (isSandboxUrl(step.url))
                    return true;
        }
    }
    return false;
}

Scenario Scenario::withSandboxPort(quint16 port) const {
    Scenario copy = *this;
    auto point = [port](QString& url) {
        if (!isSandboxUrl(url))
            return;
        // Only the authority changes; the path and query stay exactly as written.
        const qsizetype start = url.indexOf(u"://") + 3;
        qsizetype end = start;
        while (end < url.size() && url[end] != u'/' && url[end] != u'?' && url[end] != u'#')
            ++end;
        url.replace(start, end - start, S(u"127.0.0.1:") + QString::number(port));
    };
    for (WorkerSpec& w : copy.workers) {
        if (w.target.kind == u"http")
            point(w.target.url);
        else if (w.target.kind == u"flow")
            for (StepSpec& step : w.target.steps)
                point(step.url);
    }
    return copy;
}

} // namespace pusher
