#include "pusher/exports.h"

#include "pusher/intervalrecorder.h"
#include "pusher/palette.h"

#include <pusher/io/shown.h>
#include <pusher/scenario/threshold.h>

#include <QPointF>
#include <QXmlStreamWriter>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <optional>

namespace pusher {

namespace {

QString num(double v, int precision = 6) {
    if (!std::isfinite(v))
        return QStringLiteral("0");
    if (std::floor(v) == v && std::fabs(v) < 1e15) // counts print in full, never as 1.2e+06
        return QString::number(static_cast<qint64>(v));
    return QString::number(v, 'g', precision);
}

// csvField quotes a field holding a comma, a quote or a line break: a carriage return too,
// which a reader (RFC 4180) takes for the end of the line. Any other character is kept as it
// is: CSV, unlike XML, can hold every one.
QString csvField(const QString& s) {
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) &&
        !s.contains(QLatin1Char('\n')) && !s.contains(QLatin1Char('\r')))
        return s;
    QString quoted = s;
    quoted.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

// xmlChars replaces each character XML 1.0 cannot hold (a control character other than tab,
// newline and carriage return, a lone surrogate, U+FFFE, U+FFFF) with U+FFFD, the replacement
// character, so that a name or message that holds one (an error sample's escape sequence)
// still shows where it was: Qt's XML writer drops such a character silently, and the HTML
// report (XHTML) would not be well-formed with it. `html` replaces DEL and the C1 controls
// (U+007F-U+009F) too: XML holds them, but a browser reading the report as HTML finds a
// parse error in each (HTML's "control-character-in-input-stream").
QString xmlChars(const QString& s, bool html = false) {
    const auto allowed = [html](char16_t c) {
        if (html && c >= 0x7f && c <= 0x9f)
            return false;
        return c >= 0x20 ? c != 0xFFFE && c != 0xFFFF : c == u'\t' || c == u'\n' || c == u'\r';
    };
    QString out;
    bool replaced = false; // `s` is copied only from the first character replaced
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = s[i].unicode();
        const bool pair = QChar::isHighSurrogate(c) && i + 1 < s.size() &&
                          QChar::isLowSurrogate(s[i + 1].unicode());
        const bool ok = pair || (!QChar::isSurrogate(c) && allowed(c));
        if (!ok && !replaced) {
            replaced = true;
            out.reserve(s.size());
            out.append(QStringView(s).left(i));
        }
        if (replaced && ok)
            out.append(QStringView(s).mid(i, pair ? 2 : 1));
        else if (replaced)
            out.append(QChar(QChar::ReplacementCharacter));
        if (pair)
            ++i;
    }
    return replaced ? out : s;
}

// esc is `s` as the HTML report writes it: escaped, each character XML or HTML cannot hold
// as U+FFFD (xmlChars).
QString esc(const QString& s) {
    return xmlChars(s.toHtmlEscaped(), true);
}

struct Line {
    QString name;
    QString color;
    QList<QPointF> points;
    bool dashed = false;
    double width = 1.5;
};

QString hex(std::uint32_t rgb) {
    return QStringLiteral("#%1").arg(rgb, 6, 16, QLatin1Char('0'));
}

QString color(int i) {
    return hex(palette::workers[static_cast<std::size_t>(i) % palette::workers.size()]);
}

// workerColor is the colour of the i-th worker of a run, as the app draws it.
QString workerColor(qsizetype i) {
    return color(static_cast<int>(i));
}

// whole drops the partial intervals (TimelinePoint::partial), which the charts do not draw.
QList<TimelinePoint> whole(QList<TimelinePoint> points) {
    points.removeIf([](const TimelinePoint& p) { return p.partial; });
    return points;
}

// niceStep rounds a raw axis step up to 1, 2 or 5 times a power of ten.
double niceStep(double raw) {
    if (raw <= 0)
        return 1;
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * p)
            return m * p;
    return 10 * p;
}

// svgChart draws lines over a shared x axis (seconds) as an inline SVG element.
QString svgChart(const QString& id, const QString& title, const QString& unit,
                 const QList<Line>& lines) {
    const double width = 860, height = 280, left = 64, right = 16, top = 28, bottom = 40;
    double maxX = 0, maxY = 0;
    for (const auto& l : lines)
        for (const auto& p : l.points) {
            maxX = std::max(maxX, p.x());
            maxY = std::max(maxY, p.y());
        }
    if (maxX <= 0)
        maxX = 1;
    const double yStep = niceStep(std::max(maxY, 1e-9) / 5);
    maxY = std::max(yStep, std::ceil(maxY / yStep) * yStep);
    const double xStep = niceStep(maxX / 8);
    const double plotW = width - left - right, plotH = height - top - bottom;
    auto sx = [&](double x) { return left + x / maxX * plotW; };
    auto sy = [&](double y) { return top + plotH - y / maxY * plotH; };

    QString s;
    s += QStringLiteral(
             "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"%1\" class=\"chart\" width=\"%2\" "
             "height=\"%3\" viewBox=\"0 0 %2 %3\" role=\"img\">\n")
             .arg(id, num(width), num(height));
    s += QStringLiteral("<title>%1</title>\n").arg(esc(title));
    s += QStringLiteral("<text x=\"%1\" y=\"18\" class=\"ct\">%2 (%3)</text>\n")
             .arg(num(left), esc(title), esc(unit));
    for (double y = 0; y <= maxY + yStep / 2; y += yStep) {
        s += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%2\" class=\"grid\"/>"
                            "<text x=\"%4\" y=\"%5\" class=\"yl\">%6</text>\n")
                 .arg(num(left), num(sy(y)), num(left + plotW), num(left - 6), num(sy(y) + 4),
                      num(y, 4));
    }
    for (double x = 0; x <= maxX + xStep / 2; x += xStep) {
        s += QStringLiteral("<text x=\"%1\" y=\"%2\" class=\"xl\">%3 s</text>\n")
                 .arg(num(sx(x)), num(top + plotH + 16), num(x, 5));
    }
    s += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" class=\"frame\"/>\n")
             .arg(num(left), num(top), num(plotW), num(plotH));
    int legend = 0;
    for (const auto& l : lines) {
        QString pts;
        for (const auto& p : l.points)
            pts += num(sx(p.x()), 7) + QLatin1Char(',') + num(sy(p.y()), 7) + QLatin1Char(' ');
        s += QStringLiteral(
                 "<polyline class=\"series\" fill=\"none\" stroke=\"%1\" stroke-width=\"%5\"%2 "
                 "points=\"%3\"><title>%4</title></polyline>\n")
                 .arg(l.color, l.dashed ? QStringLiteral(" stroke-dasharray=\"6 3\"") : QString(),
                      pts.trimmed(), esc(l.name), num(l.width));
        const double lx = left + 8 + legend * 150;
        s +=
            QStringLiteral(
                "<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%2\" stroke=\"%4\" stroke-width=\"2\"%5/>"
                "<text x=\"%6\" y=\"%7\" class=\"lg\">%8</text>\n")
                .arg(num(lx), num(height - 8), num(lx + 18), l.color,
                     l.dashed ? QStringLiteral(" stroke-dasharray=\"6 3\"") : QString(),
                     num(lx + 22), num(height - 4), esc(l.name));
        ++legend;
    }
    s += QStringLiteral("</svg>\n");
    return s;
}

QList<QPointF> pointsOf(const QList<TimelinePoint>& series, double (*value)(const TimelinePoint&)) {
    QList<QPointF> out;
    out.reserve(series.size());
    for (const auto& p : series)
        out.append(QPointF(p.t, value(p)));
    return out;
}

// latencyPointsOf is pointsOf for a latency: no point for an interval that measured none
// (TimelinePoint::latencyMeasured), where 0 ms would be drawn as the fastest of the run.
QList<QPointF> latencyPointsOf(QList<TimelinePoint> series, double (*value)(const TimelinePoint&)) {
    series.removeIf([](const TimelinePoint& p) { return !p.latencyMeasured; });
    return pointsOf(series, value);
}

double perS(std::uint64_t n, double dt) {
    return dt > 0 ? static_cast<double>(n) / dt : 0.0;
}

QString head(const QString& title) {
    return QStringLiteral(
               "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" "
               "lang=\"en\">\n<head>\n"
               "<meta charset=\"utf-8\"/>\n<title>%1</title>\n<style>\n"
               "body{font-family:sans-serif;margin:24px;color:#222}\n"
               "table{border-collapse:collapse;margin:8px 0}\n"
               "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}\n"
               "td:first-child,th:first-child{text-align:left}\n"
               ".pass{color:#2a7d2a;font-weight:bold}.fail{color:#c62828;font-weight:bold}\n"
               ".note{background:#fff8e1;border-left:4px solid #f9a825;padding:6px 10px}\n"
               ".grid{stroke:#eee}.frame{fill:none;stroke:#999}\n"
               ".ct{font-size:13px;font-weight:bold}.yl{font-size:11px;text-anchor:end}\n"
               ".xl{font-size:11px;text-anchor:middle}.lg{font-size:11px}\n"
               "</style>\n</head>\n<body>\n")
        .arg(esc(title));
}

QString summaryRow(const WorkerResults& w) {
    // A series without calls measured no latency: "-", not 0 (a step the journeys never
    // reached read as the fastest); nor does a step whose requests never went out.
    const auto latency = [&](double v) { return hasLatency(w) ? num(v) : QStringLiteral("-"); };
    return QStringLiteral(
               "<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td><td>%7</td>"
               "<td>%8</td><td>%9</td><td>%10</td><td>%11</td><td>%12</td><td>%13</td><td>%14</td>"
               "<td>%15</td></tr>\n")
        .arg(esc(w.ident == QLatin1String("*") ? QStringLiteral("total") : w.ident),
             QString::number(w.ticks), QString::number(w.started), QString::number(w.canceled),
             QString::number(w.completed), QString::number(w.ok), QString::number(w.errors),
             num(w.achievedRps), latency(w.latencyMs.min), latency(w.latencyMs.mean),
             latency(w.latencyMs.p50), latency(w.latencyMs.p90), latency(w.latencyMs.p99),
             latency(w.latencyMs.p999), latency(w.latencyMs.max));
}

// Metric is one row of a comparison: how to read it and whether lower is better.
struct Metric {
    const char* name;
    double (*value)(const RunResults&);
};

const Metric kMetrics[] = {
    {"achieved rps", [](const RunResults& r) { return r.total.achievedRps; }},
    {"completed", [](const RunResults& r) { return static_cast<double>(r.total.completed); }},
    {"errors", [](const RunResults& r) { return static_cast<double>(r.total.errors); }},
    {"error rate %",
     [](const RunResults& r) {
         return r.total.completed ? 100.0 * static_cast<double>(r.total.errors) /
                                        static_cast<double>(r.total.completed)
                                  : 0.0;
     }},
    {"canceled", [](const RunResults& r) { return static_cast<double>(r.total.canceled); }},
    {"latency p50 ms", [](const RunResults& r) { return r.total.latencyMs.p50; }},
    {"latency p90 ms", [](const RunResults& r) { return r.total.latencyMs.p90; }},
    {"latency p99 ms", [](const RunResults& r) { return r.total.latencyMs.p99; }},
    {"latency p99.9 ms", [](const RunResults& r) { return r.total.latencyMs.p999; }},
    {"latency max ms", [](const RunResults& r) { return r.total.latencyMs.max; }},
    {"response p50 ms", [](const RunResults& r) { return r.total.responseMs.p50; }},
    {"response p99 ms", [](const RunResults& r) { return r.total.responseMs.p99; }},
    {"duration s", [](const RunResults& r) { return r.durationS; }},
};

QString deltaPercent(double a, double b) {
    if (a == 0)
        return b == 0 ? QStringLiteral("0%") : QStringLiteral("n/a");
    const double d = (b - a) / std::fabs(a) * 100.0;
    const QString text = QString::number(d, 'f', 1);
    if (text == QLatin1String("0.0") || text == QLatin1String("-0.0"))
        return QStringLiteral("0.0%"); // a change too small to show has no sign
    return (d > 0 ? QStringLiteral("+") : QString()) + text + QLatin1Char('%');
}

QString signedNum(double d) {
    return (d > 0 ? QStringLiteral("+") : QString()) + num(d);
}

} // namespace

namespace {

QString ofPlan(double durationS, double plannedS, bool brief) {
    if (!(plannedS > 0))
        return QString();
    // Stopped (or recovered) after the ticks' end, while the calls in flight drained: its
    // duration is past the plan, not a part of it. Ending at the plan's end is all of it.
    const bool past = durationS > plannedS + 1e-6;
    return (past ? QStringLiteral(", past ") : QStringLiteral(" of ")) +
           (brief ? QString() : QStringLiteral("its planned ")) + num(plannedS) +
           QStringLiteral(" s");
}

// partName names a part in notes: "part FILE" for a merged file, else "rank N".
QString partName(const PartResults& p) {
    return p.source.isEmpty() ? QStringLiteral("rank %1").arg(p.rank)
                              : QStringLiteral("part ") + p.source;
}

} // namespace

QString ofPlan(const RunResults& r, bool brief) {
    return ofPlan(r.durationS, r.plannedS, brief);
}

std::uint64_t inFlightAtEnd(const RunResults& results) {
    const WorkerResults& t = results.total;
    return t.started - std::min(t.started, t.completed + t.interrupted);
}

QString recoveredCalls(const RunResults& results) {
    QString s = QStringLiteral("%1 call(s) were still in flight then")
                    .arg(QString::number(inFlightAtEnd(results)));
    if (results.total.interrupted > 0)
        s += QStringLiteral("; %1 call(s) in flight were cut by a stop before then, not "
                            "counted as errors")
                 .arg(QString::number(results.total.interrupted));
    return s;
}

QString partEnding(const PartResults& p) {
    if (!p.endedKnown())
        return QString();
    if (p.recovered)
        return partName(p) + QStringLiteral(" recovered: ends at %1 s%2")
                                 .arg(QString::number(p.durationS, 'f', 2),
                                      ofPlan(p.durationS, p.plannedS, false));
    if (p.interrupted && p.plannedS > 0)
        return partName(p) + QStringLiteral(" stopped at %1 s%2")
                                 .arg(QString::number(p.durationS, 'f', 1),
                                      ofPlan(p.durationS, p.plannedS, false));
    if (p.interrupted)
        return partName(p) +
               QStringLiteral(" stopped after %1 s").arg(QString::number(p.durationS, 'f', 1));
    return QString();
}

QString partsEnding(const RunResults& r) {
    if (r.parts.isEmpty() || !(r.recovered || r.interrupted) ||
        !std::ranges::all_of(r.parts, &PartResults::endedKnown))
        return QString();
    // The whole run's note (at its duration_s, the longest part's) is true of each part when
    // every part ended as the whole did, within an interval of it: a distributed run's ranks,
    // stopped together. Otherwise it is not, and the parts that did not run their course are
    // named, each with its own end.
    const double slack = std::max(r.intervalS, 1e-6);
    const bool asTheWhole = std::ranges::all_of(r.parts, [&](const PartResults& p) {
        return p.recovered == r.recovered && p.interrupted &&
               std::fabs(p.durationS - r.durationS) <= slack;
    });
    if (asTheWhole)
        return QString();
    QStringList named;
    qsizetype more = 0;
    for (const PartResults& p : r.parts) {
        const QString ending = partEnding(p);
        if (ending.isEmpty())
            continue;
        if (named.size() < 4)
            named.append(ending);
        else
            ++more;
    }
    QString text = named.join(QStringLiteral("; "));
    if (more > 0)
        text += QStringLiteral("; and %1 more part(s)").arg(more);
    return text;
}

QString partRan(const PartResults& p) {
    if (!p.endedKnown())
        return QStringLiteral("-");
    const QString ran = QString::number(p.durationS, 'f', 2) + QStringLiteral(" s");
    // A part that ran its course ends a little past its plan (its calls in flight drain):
    // its duration alone; one that did not, how much of its plan it covers and why.
    if (p.ranItsCourse())
        return ran;
    return ran + ofPlan(p.durationS, p.plannedS, true) +
           (p.recovered ? QStringLiteral(", recovered") : QStringLiteral(", stopped"));
}

namespace {

QString runLabel(const RunResults& r, const char* fallback) {
    return r.scenario.isEmpty() ? QLatin1String(fallback) : r.scenario;
}

// runState says how a compared run ended when it did not run its course: rebuilt from its
// live stream (recovered), or stopped before its planned end (interrupted), and how far into
// its plan when the results know it (planned_s); empty otherwise. The results do not record
// why a run was stopped: only that.
QString runState(const RunResults& r) {
    // A merged run whose parts did not end together: each such part and its own end.
    if (const QString parts = partsEnding(r); !parts.isEmpty())
        return parts;
    // A recovered run ends at its last complete interval, read on the clock a little past its
    // grid point (1.500082606 s): to the hundredth, as the summary and the parts say it.
    if (r.recovered)
        return QStringLiteral("recovered from its live stream, ends at %1 s%2")
            .arg(QString::number(r.durationS, 'f', 2), ofPlan(r, true));
    if (r.interrupted && r.plannedS > 0)
        return QStringLiteral("stopped at %1 s%2")
            .arg(QString::number(r.durationS, 'f', 1), ofPlan(r, true));
    if (r.interrupted)
        return QStringLiteral("stopped before its planned end, after %1 s")
            .arg(r.durationS, 0, 'f', 1);
    return QString();
}

// runHeading is a compared run's column heading: "A: name", and how it ended (runState).
QString runHeading(const RunResults& r, const char* side, const char* fallback) {
    const QString state = runState(r);
    return QLatin1String(side) + QStringLiteral(": ") + runLabel(r, fallback) +
           (state.isEmpty() ? QString() : QStringLiteral(" (") + state + QLatin1Char(')'));
}

// SeriesPair is one series (a worker or a flow's step) of two compared runs, either of
// which may lack it (a worker added or removed between them).
struct SeriesPair {
    QString ident;
    int stepIndex = -1;
    const WorkerResults* a = nullptr;
    const WorkerResults* b = nullptr;
};

// seriesOfBoth lists the series of either run in summary order (seriesBefore).
QList<SeriesPair> seriesOfBoth(const RunResults& a, const RunResults& b) {
    QList<SeriesPair> out;
    for (const WorkerResults& w : b.workers) {
        const WorkerResults* other = a.worker(w.ident);
        out.append(
            {w.ident, w.stepIndex >= 0 || !other ? w.stepIndex : other->stepIndex, other, &w});
    }
    for (const WorkerResults& w : a.workers)
        if (!b.worker(w.ident))
            out.append({w.ident, w.stepIndex, &w, nullptr});
    std::stable_sort(out.begin(), out.end(), [](const SeriesPair& x, const SeriesPair& y) {
        return seriesBefore(x.ident, x.stepIndex, y.ident, y.stepIndex);
    });
    return out;
}

// SeriesMetric is one compared figure of a series; `value` is nullopt where the series
// measured none (no latency: "-", as the summaries say, not 0).
struct SeriesMetric {
    const char* name;
    std::optional<double> (*value)(const WorkerResults&);
    // absolute: the change is B − A ("+12" errors), not a percentage of A (0 → 12: n/a).
    bool absolute = false;
    // count: a whole number, written in full.
    bool count = false;
};

const SeriesMetric kSeriesMetrics[] = {
    {"completed", [](const WorkerResults& w) { return std::optional(double(w.completed)); }, false,
     true},
    {"rps", [](const WorkerResults& w) { return std::optional(w.achievedRps); }},
    {"errors", [](const WorkerResults& w) { return std::optional(double(w.errors)); }, true, true},
    {"p50 ms",
     [](const WorkerResults& w) {
         return hasLatency(w) ? std::optional(w.latencyMs.p50) : std::nullopt;
     }},
    // The digests have no p95: the whole-run histogram does (every file pusher writes).
    {"p95 ms",
     [](const WorkerResults& w) {
         return hasLatency(w) && !w.serviceTime.isEmpty()
                    ? std::optional(w.serviceTime.percentileMs(95))
                    : std::nullopt;
     }},
    {"p99 ms",
     [](const WorkerResults& w) {
         return hasLatency(w) ? std::optional(w.latencyMs.p99) : std::nullopt;
     }},
};

// Compared is one cell of the per-series comparison: A's value, B's and the change.
struct Compared {
    QString a;
    QString b;
    QString change;
};

Compared compareSeries(const SeriesPair& s, const SeriesMetric& m) {
    const auto text = [&](std::optional<double> v) {
        if (!v)
            return QStringLiteral("-");
        return m.count ? QString::number(static_cast<qint64>(*v)) : num(*v, 4);
    };
    const std::optional<double> va = s.a ? m.value(*s.a) : std::nullopt;
    const std::optional<double> vb = s.b ? m.value(*s.b) : std::nullopt;
    Compared c{text(va), text(vb), QString()};
    if (!s.a)
        c.change = QStringLiteral("only in B");
    else if (!s.b)
        c.change = QStringLiteral("only in A");
    else if (!va || !vb)
        c.change = QStringLiteral("n/a");
    else
        c.change = m.absolute ? signedNum(*vb - *va) : deltaPercent(*va, *vb);
    return c;
}

} // namespace

QString toCsv(const RunResults& results) {
    QString out = QStringLiteral(
        "t,dt,worker,started,completed,ok,errors,canceled,inflight,rps,p50_ms,p90_ms,p99_ms,"
        "max_ms,resp_p50_ms,resp_p90_ms,resp_p99_ms,resp_max_ms\n");
    for (const auto& p : results.timeline) {
        // An interval that measured no latency leaves its latency cells empty: a 0 would
        // read as the fastest interval of the run.
        const auto ms = [&p](double v) { return p.latencyMeasured ? num(v, 10) : QString(); };
        out += num(p.t, 10) + QLatin1Char(',') + num(p.dt, 10) + QLatin1Char(',') +
               csvField(p.worker) + QLatin1Char(',') + QString::number(p.started) +
               QLatin1Char(',') + QString::number(p.completed) + QLatin1Char(',') +
               QString::number(p.ok) + QLatin1Char(',') + QString::number(p.errors) +
               QLatin1Char(',') + QString::number(p.canceled) + QLatin1Char(',') +
               QString::number(p.inflight) + QLatin1Char(',') + num(p.rps, 10) + QLatin1Char(',') +
               ms(p.p50Ms) + QLatin1Char(',') + ms(p.p90Ms) + QLatin1Char(',') + ms(p.p99Ms) +
               QLatin1Char(',') + ms(p.maxMs) + QLatin1Char(',') + ms(p.respP50Ms) +
               QLatin1Char(',') + ms(p.respP90Ms) + QLatin1Char(',') + ms(p.respP99Ms) +
               QLatin1Char(',') + ms(p.respMaxMs) + QLatin1Char('\n');
    }
    return out;
}

QString thresholdText(const RunResults& results, const ThresholdResult& t) {
    const std::optional<Threshold> parsed = Threshold::parse(t.expr);
    const bool calls = parsed && results.completedOf(parsed->worker) > 0;
    return thresholdObserved(t.expr, t.value, calls);
}

namespace {

// XmlOut is the JUnit report's writer: every attribute value and every text goes through
// xmlChars, so that no character of a name or message is dropped without a sign.
class XmlOut {
public:
    explicit XmlOut(QByteArray* bytes)
        : m_w(bytes) {
        m_w.setAutoFormatting(true);
        m_w.setAutoFormattingIndent(2);
    }
    void writeStartDocument() { m_w.writeStartDocument(); }
    void writeEndDocument() { m_w.writeEndDocument(); }
    void writeStartElement(const QString& name) { m_w.writeStartElement(name); }
    void writeEndElement() { m_w.writeEndElement(); }
    void writeAttribute(const QString& name, const QString& value) {
        m_w.writeAttribute(name, xmlChars(value));
    }
    void writeCharacters(const QString& text) { m_w.writeCharacters(xmlChars(text)); }
    void writeTextElement(const QString& name, const QString& text) {
        m_w.writeTextElement(name, xmlChars(text));
    }

private:
    QXmlStreamWriter m_w;
};

} // namespace

QString toJUnit(const RunResults& r, const QString& summary, const QString& runFailure) {
    // The run's own case: it fails when the run did not run its course, so that the report
    // is red whenever pusher-cli's exit code is not 0 (1: a threshold's case; 3: this error;
    // 4: this failure).
    QString runType;
    QString runMessage;
    if (!runFailure.isEmpty()) {
        runType = QStringLiteral("run");
        runMessage = QStringLiteral("run failed: ") + runFailure;
    } else if (r.recovered && r.interrupted) { // recovered, but short of its plan
        runType = QStringLiteral("recovered");
        runMessage = QStringLiteral("recovered from its live stream (the run did not write its "
                                    "results): it ends at %1 s%2")
                         .arg(QString::number(r.durationS, 'f', 2), ofPlan(r, true));
    } else if (r.interrupted) {
        runType = QStringLiteral("stopped");
        runMessage = r.plannedS > 0
                         ? QStringLiteral("interrupted at %1 s%2")
                               .arg(QString::number(r.durationS, 'f', 1), ofPlan(r, true))
                         : QStringLiteral("interrupted after %1 s")
                               .arg(QString::number(r.durationS, 'f', 1));
    }
    const int errors = runFailure.isEmpty() ? 0 : 1;
    int failures = runFailure.isEmpty() && !runType.isEmpty() ? 1 : 0;
    for (const ThresholdResult& t : r.thresholds)
        failures += t.passed ? 0 : 1;
    const QString tests = QString::number(r.thresholds.size() + 1);
    const QString name = r.scenario.isEmpty() ? QStringLiteral("run") : r.scenario;
    const QString time = QString::number(r.durationS, 'f', 3);

    QByteArray xml; // written as bytes, its declaration says encoding="UTF-8"
    XmlOut w(&xml);
    w.writeStartDocument();
    w.writeStartElement(QStringLiteral("testsuites"));
    w.writeAttribute(QStringLiteral("name"), name);
    w.writeAttribute(QStringLiteral("tests"), tests);
    w.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    w.writeAttribute(QStringLiteral("errors"), QString::number(errors));
    w.writeAttribute(QStringLiteral("time"), time);
    w.writeStartElement(QStringLiteral("testsuite"));
    w.writeAttribute(QStringLiteral("name"), name);
    w.writeAttribute(QStringLiteral("tests"), tests);
    w.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    w.writeAttribute(QStringLiteral("errors"), QString::number(errors));
    w.writeAttribute(QStringLiteral("skipped"), QStringLiteral("0"));
    w.writeAttribute(QStringLiteral("time"), time);
    if (r.startedAt.isValid()) // the JUnit schema's form: no zone (it is UTC)
        w.writeAttribute(QStringLiteral("timestamp"),
                         r.startedAt.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")));

    w.writeStartElement(QStringLiteral("testcase"));
    w.writeAttribute(QStringLiteral("name"), QStringLiteral("run completed"));
    w.writeAttribute(QStringLiteral("classname"), QStringLiteral("pusher.run"));
    w.writeAttribute(QStringLiteral("time"), time);
    if (!runType.isEmpty()) {
        w.writeStartElement(errors ? QStringLiteral("error") : QStringLiteral("failure"));
        w.writeAttribute(QStringLiteral("message"), runMessage);
        w.writeAttribute(QStringLiteral("type"), runType);
        w.writeCharacters(runMessage);
        w.writeEndElement();
    }
    w.writeEndElement();

    for (const ThresholdResult& t : r.thresholds) {
        const std::optional<Threshold> parsed = Threshold::parse(t.expr);
        w.writeStartElement(QStringLiteral("testcase"));
        w.writeAttribute(QStringLiteral("name"), t.expr);
        w.writeAttribute(QStringLiteral("classname"), parsed && !parsed->worker.isEmpty()
                                                          ? parsed->worker
                                                          : QStringLiteral("pusher.thresholds"));
        if (!t.passed) {
            const QString message = QStringLiteral("observed ") + thresholdText(r, t);
            w.writeStartElement(QStringLiteral("failure"));
            w.writeAttribute(QStringLiteral("message"), message);
            w.writeAttribute(QStringLiteral("type"), QStringLiteral("threshold"));
            w.writeCharacters(QStringLiteral("%1 did not hold: %2").arg(t.expr, message));
            w.writeEndElement();
        }
        w.writeEndElement();
    }
    if (!summary.isEmpty())
        w.writeTextElement(QStringLiteral("system-out"), summary);
    w.writeEndElement(); // testsuite
    w.writeEndElement(); // testsuites
    w.writeEndDocument();
    return QString::fromUtf8(xml);
}

namespace {
// utcText is `at` in UTC as the HTML reports' meta line gives it, naming the zone once:
// "2026-11-29 10:00:00.000 UTC" (ISO's "…Z" followed by " UTC" said it twice).
// A start not known (an invalid time: a file edited by hand, another producer's) reads "at an
// unknown time", where it read "Started  UTC".
QString utcText(const QDateTime& at, bool withMs) {
    if (!at.isValid())
        return QStringLiteral("at an unknown time");
    return at.toUTC().toString(withMs ? QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")
                                      : QStringLiteral("yyyy-MM-dd HH:mm:ss")) +
           QStringLiteral(" UTC");
}
} // namespace

QString toHtml(const RunResults& r) {
    const QString title = QStringLiteral("Pusher report: ") +
                          (r.scenario.isEmpty() ? QStringLiteral("run") : r.scenario);
    QString s = head(title);
    s += QStringLiteral(
             "<h1>%1</h1>\n<p id=\"meta\">Started %2, %3 s, interval %4 s, results version %5. "
             "Verdict: <span class=\"%6\">%7</span></p>\n")
             .arg(esc(title), esc(utcText(r.startedAt, true)), num(r.durationS), num(r.intervalS),
                  QString::number(r.version),
                  r.passed ? QStringLiteral("pass") : QStringLiteral("fail"),
                  r.passed ? QStringLiteral("PASSED") : QStringLiteral("FAILED"));
    // Results rebuilt from a live stream (report --recover, or kept when the app quit while
    // a run went on) end where the stream's last complete interval did: say so at the top,
    // as the CLI's summary and the app's status bar do, not only in the meta's duration.
    // A merged run whose parts did not end together names the parts that did not run their
    // course, each with its own end (the merged duration is the longest part's).
    const QString parts = partsEnding(r);
    if (r.recovered && !parts.isEmpty()) {
        s += QStringLiteral("<p id=\"recovered\" class=\"note\">Recovered: %1 (rebuilt from its "
                            "live stream, a recovered part ends at its last complete interval; "
                            "%2).</p>\n")
                 .arg(esc(parts), esc(recoveredCalls(r)));
    } else if (r.recovered) {
        s += QStringLiteral("<p id=\"recovered\" class=\"note\">Recovered: rebuilt from its live "
                            "stream; it ends at its last complete interval, at %1 s%2 (%3).</p>\n")
                 .arg(QString::number(r.durationS, 'f', 2), ofPlan(r), esc(recoveredCalls(r)));
    } else if (r.interrupted && !parts.isEmpty()) {
        s += QStringLiteral("<p id=\"stopped\" class=\"note\">Stopped: %1: the results cover the "
                            "time run; %2 call(s) in flight were cut (not counted as errors), and "
                            "a stopped run does not pass.</p>\n")
                 .arg(esc(parts), QString::number(r.total.interrupted));
    } else if (r.interrupted) {
        // Stopped before its planned end (Ctrl-C, a signal, the app's Stop, a distributed
        // run's job ended): the verdict FAILED alone read as a threshold that did not hold.
        // How far into its plan (planned_s; older files do not know it), not what stopped it:
        // the results do not record that.
        const QString when =
            r.plannedS > 0
                ? QStringLiteral("at %1 s%2").arg(QString::number(r.durationS, 'f', 1), ofPlan(r))
                : QStringLiteral("before its planned end, after %1 s")
                      .arg(QString::number(r.durationS, 'f', 1));
        s += QStringLiteral("<p id=\"stopped\" class=\"note\">Stopped %1: the results cover the "
                            "time run; %2 call(s) in flight were cut (not counted as errors), and "
                            "a stopped run does not pass.</p>\n")
                 .arg(when)
                 .arg(r.total.interrupted);
    }

    s += QStringLiteral(
        "<section id=\"summary\">\n<h2>Summary</h2>\n<table>\n<tr><th>worker</th><th>ticks</th>"
        "<th>started</th><th>canceled</th><th>completed</th><th>ok</th><th>errors</th>"
        "<th>achieved rps</th><th>min ms</th><th>mean ms</th><th>p50 ms</th><th>p90 ms</th>"
        "<th>p99 ms</th><th>p99.9 ms</th><th>max ms</th></tr>\n");
    s += summaryRow(r.total);
    for (const auto& w : r.workers)
        s += summaryRow(w);
    s +=
        QStringLiteral(
            "</table>\n<p>Latency is service time (start to end). Response time (intended start to "
            "end, corrected for coordinated omission) p50 %1 ms, p99 %2 ms, max %3 "
            "ms.</p>\n</section>\n")
            .arg(num(r.total.responseMs.p50), num(r.total.responseMs.p99),
                 num(r.total.responseMs.max));

    s += QStringLiteral("<section id=\"thresholds\">\n<h2>Thresholds</h2>\n");
    if (r.thresholds.isEmpty()) {
        s += QStringLiteral("<p>No thresholds were set.</p>\n");
    } else {
        s += QStringLiteral("<table>\n<tr><th>threshold</th><th>value</th><th>result</th></tr>\n");
        for (const auto& t : r.thresholds)
            s += QStringLiteral("<tr><td>%1</td><td>%2</td><td class=\"%3\">%4</td></tr>\n")
                     .arg(esc(t.expr), esc(thresholdText(r, t)),
                          t.passed ? QStringLiteral("pass") : QStringLiteral("fail"),
                          t.passed ? QStringLiteral("pass") : QStringLiteral("FAIL"));
        s += QStringLiteral("</table>\n");
    }
    s += QStringLiteral("</section>\n");

    // The charts draw what the app draws, in its colours: no point for a partial interval
    // (the run's last, cut short, whose per-second rates would spike or plunge).
    const QList<TimelinePoint> farm = whole(r.series(QStringLiteral("*")));
    QList<Line> throughput{{QStringLiteral("total"), hex(palette::text),
                            pointsOf(farm, [](const TimelinePoint& p) { return p.rps; })}};
    throughput.first().width = 2.5;
    QList<Line> inflight{
        {QStringLiteral("total"), hex(palette::text),
         pointsOf(farm, [](const TimelinePoint& p) { return double(p.inflight); })}};
    inflight.first().width = 2.5;
    for (qsizetype i = 0; i < r.workers.size(); ++i) {
        const QList<TimelinePoint> points = whole(r.series(r.workers[i].ident));
        const QString c = workerColor(i);
        throughput.append({r.workers[i].ident, c,
                           pointsOf(points, [](const TimelinePoint& p) { return p.rps; })});
        // A journey's step is left out of in flight, as in the app: its series hears of its
        // calls only as they end, so its line would read 0 while the journey's calls wait.
        if (!isStepSeries(r.workers[i].ident))
            inflight.append({r.workers[i].ident, c, pointsOf(points, [](const TimelinePoint& p) {
                                 return double(p.inflight);
                             })});
    }
    s += QStringLiteral("<section id=\"throughput\">\n<h2>Throughput</h2>\n") +
         svgChart(QStringLiteral("chart-throughput"), QStringLiteral("Throughput (completed)"),
                  QStringLiteral("calls/s"), throughput) +
         QStringLiteral("</section>\n");

    QList<Line> latency{
        {QStringLiteral("p50"), hex(palette::latency[0]),
         latencyPointsOf(farm, [](const TimelinePoint& p) { return p.p50Ms; })},
        {QStringLiteral("p90"), hex(palette::latency[1]),
         latencyPointsOf(farm, [](const TimelinePoint& p) { return p.p90Ms; })},
        {QStringLiteral("p99"), hex(palette::latency[2]),
         latencyPointsOf(farm, [](const TimelinePoint& p) { return p.p99Ms; })},
        {QStringLiteral("max"), hex(palette::latency[3]),
         latencyPointsOf(farm, [](const TimelinePoint& p) { return p.maxMs; })},
        {QStringLiteral("response p99"), hex(palette::latency[2]),
         latencyPointsOf(farm, [](const TimelinePoint& p) { return p.respP99Ms; }), true},
    };
    s += QStringLiteral("<section id=\"latency\">\n<h2>Latency percentiles</h2>\n") +
         svgChart(QStringLiteral("chart-latency"), QStringLiteral("Latency (service time)"),
                  QStringLiteral("ms"), latency) +
         QStringLiteral("</section>\n");

    QList<Line> errors{
        {QStringLiteral("errors/s"), hex(palette::errors),
         pointsOf(farm, [](const TimelinePoint& p) { return perS(p.errors, p.dt); })},
        {QStringLiteral("canceled/s"), hex(palette::canceled),
         pointsOf(farm, [](const TimelinePoint& p) { return perS(p.canceled, p.dt); })},
    };
    s += QStringLiteral("<section id=\"errors\">\n<h2>Errors and cancellations</h2>\n") +
         svgChart(QStringLiteral("chart-errors"), QStringLiteral("Errors and cancellations"),
                  QStringLiteral("per s"), errors) +
         QStringLiteral("</section>\n");
    s += QStringLiteral("<section id=\"inflight\">\n<h2>In flight</h2>\n") +
         svgChart(QStringLiteral("chart-inflight"), QStringLiteral("In flight"),
                  QStringLiteral("calls"), inflight) +
         QStringLiteral("</section>\n");

    // A flow's steps that failed, in the journey's order: which step the journeys failed
    // at, and an optional step's failures (not the journeys' errors, so not above).
    QString steps;
    for (const WorkerResults& w : r.workers) {
        if (!isStepSeries(w.ident))
            continue;
        for (auto it = w.errorsByKind.cbegin(); it != w.errorsByKind.cend(); ++it)
            steps += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td></tr>\n")
                         .arg(esc(w.ident), esc(it.key()), QString::number(it.value()),
                              esc(w.errorSamples.value(it.key()).value(0)));
    }
    s += QStringLiteral("<section id=\"kinds\">\n<h2>Errors by kind</h2>\n");
    if (r.total.errorsByKind.isEmpty()) {
        // Only optional steps failed: no journey did, which "No errors." above their
        // failures would contradict.
        s += steps.isEmpty() ? QStringLiteral("<p>No errors.</p>\n")
                             : QStringLiteral("<p>No call or journey failed; the failures of "
                                              "optional steps are below.</p>\n");
    } else {
        // With each kind its first message: why, not only how many (a journey's names
        // the step it failed at).
        s +=
            QStringLiteral("<table>\n<tr><th>kind</th><th>count</th><th>first message</th></tr>\n");
        for (auto it = r.total.errorsByKind.cbegin(); it != r.total.errorsByKind.cend(); ++it)
            s += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>\n")
                     .arg(esc(it.key()), QString::number(it.value()),
                          esc(r.total.errorSamples.value(it.key()).value(0)));
        s += QStringLiteral("</table>\n");
    }
    if (!steps.isEmpty())
        s += QStringLiteral("<h3>Step errors by kind</h3>\n<table>\n<tr><th>step</th><th>kind</th>"
                            "<th>count</th><th>first message</th></tr>\n") +
             steps + QStringLiteral("</table>\n");
    s += QStringLiteral("</section>\n");
    if (!r.parts.isEmpty()) { // a merged run: its ranks (or files)
        s += QStringLiteral("<section id=\"ranks\">\n<h2>Ranks</h2>\n<table>\n<tr><th>rank</th>"
                            "<th>host / file</th><th>ran</th><th>ticks</th><th>completed</th>"
                            "<th>achieved rps</th><th>lag p99 ms</th><th>clock offset ms</th>"
                            "<th>errors</th><th>top error</th></tr>\n");
        for (const PartResults& p : r.parts)
            s +=
                QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td>"
                               "<td>%6</td><td>%7</td><td>%8</td><td>%9</td><td>%10</td></tr>\n")
                    .arg(p.rank)
                    .arg(esc(p.host.isEmpty() ? p.source : p.host), esc(partRan(p)),
                         QString::number(p.ticks), QString::number(p.completed), num(p.achievedRps),
                         num(p.lagP99Ms), num(p.clockOffsetMs), QString::number(p.errors),
                         p.topErrorKind.isEmpty() ? QStringLiteral("-")
                                                  : esc(p.topErrorKind) + QStringLiteral(": ") +
                                                        QString::number(p.topErrorCount));
        s += QStringLiteral("</table>\n</section>\n");
    }
    s += QStringLiteral("</body>\n</html>\n");
    return s;
}

QString compareHtml(const RunResults& a, const RunResults& b) {
    const QString la = QStringLiteral("A: ") + runLabel(a, "run A");
    const QString lb = QStringLiteral("B: ") + runLabel(b, "run B");
    // The headings say how a run ended when it did not run its course (the charts' legends
    // keep the short labels).
    const QString ha = runHeading(a, "A", "run A");
    const QString hb = runHeading(b, "B", "run B");
    QString s = head(QStringLiteral("Pusher comparison"));
    s += QStringLiteral("<h1>Pusher comparison</h1>\n<p id=\"meta\">%1 (started %2) versus %3 "
                        "(started %4). "
                        "Deltas are B minus A.</p>\n")
             .arg(esc(ha), esc(utcText(a.startedAt, false)), esc(hb),
                  esc(utcText(b.startedAt, false)));
    s += QStringLiteral("<section id=\"comparison\">\n<h2>Side by "
                        "side</h2>\n<table>\n<tr><th>metric</th><th>%1</th>"
                        "<th>%2</th><th>delta</th><th>delta %</th></tr>\n")
             .arg(esc(ha), esc(hb));
    for (const auto& m : kMetrics) {
        const double va = m.value(a), vb = m.value(b);
        s += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td></tr>\n")
                 .arg(QLatin1String(m.name), num(va), num(vb), signedNum(vb - va),
                      deltaPercent(va, vb));
    }
    s += QStringLiteral("<tr><td>passed</td><td>%1</td><td>%2</td><td></td><td></td></tr>\n")
             .arg(a.passed ? QStringLiteral("yes") : QStringLiteral("no"),
                  b.passed ? QStringLiteral("yes") : QStringLiteral("no"));
    s += QStringLiteral("</table>\n</section>\n");

    // Per worker and step: where a change of the totals comes from.
    const QList<SeriesPair> series = seriesOfBoth(a, b);
    if (!series.isEmpty()) {
        s += QStringLiteral("<section id=\"workers\">\n<h2>Per worker and step</h2>\n<p>Latency "
                            "is service time (start to end); a change is B against A.</p>\n"
                            "<table>\n<tr><th rowspan=\"2\">worker</th>");
        for (const auto& m : kSeriesMetrics)
            s += QStringLiteral("<th colspan=\"3\">%1</th>").arg(QLatin1String(m.name));
        s += QStringLiteral("</tr>\n<tr>");
        for (std::size_t i = 0; i < std::size(kSeriesMetrics); ++i)
            s += QStringLiteral("<th>A</th><th>B</th><th>change</th>");
        s += QStringLiteral("</tr>\n");
        for (const SeriesPair& w : series) {
            s += QStringLiteral("<tr><td>%1</td>").arg(esc(w.ident));
            for (const auto& m : kSeriesMetrics) {
                const Compared c = compareSeries(w, m);
                s += QStringLiteral("<td>%1</td><td>%2</td><td>%3</td>")
                         .arg(esc(c.a), esc(c.b), esc(c.change));
            }
            s += QStringLiteral("</tr>\n");
        }
        s += QStringLiteral("</table>\n</section>\n");
    }

    const QList<TimelinePoint> fa = whole(a.series(QStringLiteral("*")));
    const QList<TimelinePoint> fb = whole(b.series(QStringLiteral("*")));
    s += QStringLiteral("<section id=\"throughput\">\n<h2>Throughput</h2>\n") +
         svgChart(
             QStringLiteral("chart-throughput"), QStringLiteral("Throughput"),
             QStringLiteral("calls/s"),
             {{la, color(0), pointsOf(fa, [](const TimelinePoint& p) { return p.rps; })},
              {lb, color(1), pointsOf(fb, [](const TimelinePoint& p) { return p.rps; }), true}}) +
         QStringLiteral("</section>\n");
    s += QStringLiteral("<section id=\"latency\">\n<h2>Latency p50 and p99</h2>\n") +
         svgChart(QStringLiteral("chart-latency"), QStringLiteral("Latency"), QStringLiteral("ms"),
                  {{la + QStringLiteral(" p50"), hex(palette::latency[0]),
                    latencyPointsOf(fa, [](const TimelinePoint& p) { return p.p50Ms; })},
                   {lb + QStringLiteral(" p50"), hex(palette::latency[0]),
                    latencyPointsOf(fb, [](const TimelinePoint& p) { return p.p50Ms; }), true},
                   {la + QStringLiteral(" p99"), hex(palette::latency[2]),
                    latencyPointsOf(fa, [](const TimelinePoint& p) { return p.p99Ms; })},
                   {lb + QStringLiteral(" p99"), hex(palette::latency[2]),
                    latencyPointsOf(fb, [](const TimelinePoint& p) { return p.p99Ms; }), true}}) +
         QStringLiteral("</section>\n");
    s +=
        QStringLiteral("<section id=\"errors\">\n<h2>Errors and cancellations</h2>\n") +
        svgChart(
            QStringLiteral("chart-errors"), QStringLiteral("Errors and cancellations"),
            QStringLiteral("per s"),
            {{la + QStringLiteral(" errors"), hex(palette::errors),
              pointsOf(fa, [](const TimelinePoint& p) { return perS(p.errors, p.dt); })},
             {lb + QStringLiteral(" errors"), hex(palette::errors),
              pointsOf(fb, [](const TimelinePoint& p) { return perS(p.errors, p.dt); }), true},
             {la + QStringLiteral(" canceled"), hex(palette::canceled),
              pointsOf(fa, [](const TimelinePoint& p) { return perS(p.canceled, p.dt); })},
             {lb + QStringLiteral(" canceled"), hex(palette::canceled),
              pointsOf(fb, [](const TimelinePoint& p) { return perS(p.canceled, p.dt); }), true}}) +
        QStringLiteral("</section>\n</body>\n</html>\n");
    return s;
}

QString compareText(const RunResults& a, const RunResults& b) {
    QList<QStringList> rows;
    rows.append({QStringLiteral("metric"), QStringLiteral("A"), QStringLiteral("B"),
                 QStringLiteral("delta"), QStringLiteral("delta %")});
    for (const auto& m : kMetrics) {
        const double va = m.value(a), vb = m.value(b);
        rows.append(
            {QLatin1String(m.name), num(va), num(vb), signedNum(vb - va), deltaPercent(va, vb)});
    }
    QList<int> widths(5, 0);
    for (const auto& row : rows)
        for (qsizetype c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], displayWidth(row[c]));
    QString out = runHeading(a, "A", "run A") + QLatin1Char('\n') + runHeading(b, "B", "run B") +
                  QLatin1Char('\n');
    for (const auto& row : rows) {
        QString line = padded(row[0], -widths[0]);
        for (qsizetype c = 1; c < row.size(); ++c)
            line += QStringLiteral("  ") + padded(row[c], widths[c]);
        out += line.trimmed() + QLatin1Char('\n');
    }

    // Per worker and step: where a change of the totals comes from.
    const QList<SeriesPair> series = seriesOfBoth(a, b);
    if (series.isEmpty())
        return out;
    QList<QStringList> table;
    QStringList header{QStringLiteral("worker")};
    for (const auto& m : kSeriesMetrics)
        header.append(QLatin1String(m.name));
    table.append(header);
    for (const SeriesPair& s : series) {
        // The name as a terminal shows it (escaped, on one line), so that the columns are
        // measured on what is printed: "a\tb" takes 4 characters, and a newline in a name
        // split its row in two.
        QStringList row{shownInLine(s.ident)};
        for (const auto& m : kSeriesMetrics) {
            const Compared c = compareSeries(s, m);
            row.append(QStringLiteral("%1 → %2 (%3)").arg(c.a, c.b, c.change));
        }
        table.append(row);
    }
    // Measured in terminal columns (displayWidth): a Japanese name takes two a character.
    QList<int> cols(table.first().size(), 0);
    for (const auto& row : table)
        for (qsizetype c = 0; c < row.size(); ++c)
            cols[c] = std::max(cols[c], displayWidth(row[c]));
    out += QStringLiteral("\nper worker and step: A → B (change); latency is service time\n");
    for (const auto& row : table) {
        QString line;
        for (qsizetype c = 0; c < row.size(); ++c)
            line += (c ? QStringLiteral("  ") : QString()) + padded(row[c], -cols[c]);
        out += line.trimmed() + QLatin1Char('\n');
    }
    return out;
}

} // namespace pusher
