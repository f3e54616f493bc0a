#include "pusher/scenario/threshold.h"

#include "pusher/scenario/duration.h"

#include <QLocale>
#include <QRegularExpression>
#include <QStringList>

#include <array>
#include <cmath>
#include <utility>

namespace pusher {

namespace {

using Metric = Threshold::Metric;
using Op = Threshold::Op;

constexpr std::array kMetrics{
    std::pair{Metric::P50, u"p50"},
    std::pair{Metric::P90, u"p90"},
    std::pair{Metric::P99, u"p99"},
    std::pair{Metric::P999, u"p999"},
    std::pair{Metric::Max, u"max"},
    std::pair{Metric::Mean, u"mean"},
    std::pair{Metric::ErrorRate, u"error_rate"},
    std::pair{Metric::CanceledRate, u"canceled_rate"},
    std::pair{Metric::Rps, u"rps"},
};

QString metricList() {
    QStringList names;
    for (const auto& [metric, name] : kMetrics)
        names << QString::fromUtf16(name);
    return names.join(u", ");
}

std::optional<double> number(QStringView text) {
    // Plain decimal numbers only: QString::toDouble would also take "inf" and "nan".
    if (text.isEmpty())
        return std::nullopt;
    for (QChar c : text) {
        if (!(c.isDigit() || c == u'.' || c == u'e' || c == u'E' || c == u'+' || c == u'-'))
            return std::nullopt;
    }
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value;
}

QString shortest(double value) {
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

bool fail(QString* error, QString message) {
    if (error)
        *error = std::move(message);
    return false;
}

} // namespace

std::optional<Threshold> Threshold::parse(const QString& text, QString* error) {
    const QString expected =
        QStringLiteral("expected \"[worker.]metric op value\", e.g. \"p99 < 250ms\"");
    // An emptied threshold said "missing operator (<, <=, > or >=)", as if an operator were
    // all it lacked.
    if (text.trimmed().isEmpty()) {
        fail(error, QStringLiteral("empty: write a threshold such as \"p99 < 250ms\""));
        return std::nullopt;
    }
    const qsizetype at = text.indexOf(QRegularExpression(QStringLiteral("[<>=!]")));
    if (at < 0) {
        fail(error, QStringLiteral("missing operator (<, <=, > or >=): ") + expected);
        return std::nullopt;
    }
    Threshold t;
    qsizetype valueAt = at + 1;
    const QChar c = text[at];
    const bool eq = at + 1 < text.size() && text[at + 1] == u'=';
    if (c == u'<') {
        t.op = eq ? Op::LessEqual : Op::Less;
    } else if (c == u'>') {
        t.op = eq ? Op::GreaterEqual : Op::Greater;
    } else {
        fail(error, QStringLiteral("unsupported operator (expected <, <=, > or >=)"));
        return std::nullopt;
    }
    if (eq)
        ++valueAt;
    const QString left = text.left(at).trimmed();
    const QString right = text.mid(valueAt).trimmed();
    if (right.contains(QRegularExpression(QStringLiteral("[<>=!]")))) {
        fail(error, QStringLiteral("more than one operator: ") + expected);
        return std::nullopt;
    }
    QString metricText = left;
    const qsizetype dot = left.lastIndexOf(u'.');
    if (dot >= 0) {
        t.worker = left.left(dot).trimmed();
        metricText = left.mid(dot + 1).trimmed();
        if (t.worker.isEmpty()) {
            fail(error, QStringLiteral("missing worker ident before \".\""));
            return std::nullopt;
        }
    }
    if (metricText.isEmpty()) {
        fail(error, QStringLiteral("missing metric: ") + expected);
        return std::nullopt;
    }
    bool known = false;
    for (const auto& [metric, name] : kMetrics) {
        if (metricText == QStringView(name)) {
            t.metric = metric;
            known = true;
        }
    }
    if (!known) {
        fail(error,
             QStringLiteral("unknown metric \"%1\" (expected %2)").arg(metricText, metricList()));
        return std::nullopt;
    }
    if (right.isEmpty()) {
        fail(error, QStringLiteral("missing value after the operator"));
        return std::nullopt;
    }
    if (t.isLatency()) {
        const auto d = parseDuration(right);
        if (!d) {
            // "p99 < 200 ms", as people write it: the unit is there, a space before it.
            if (const QString joined = unspacedDuration(right); !joined.isEmpty())
                fail(error, QStringLiteral("invalid latency \"%1\" (write it without a space: %2)")
                                .arg(right, joined));
            else
                fail(error, QStringLiteral("invalid latency \"%1\" (expected a duration with a "
                                           "unit, e.g. 250ms)")
                                .arg(right));
            return std::nullopt;
        }
        t.value =
            static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(*d).count()) /
            1e6;
    } else if (t.isRatio()) {
        std::optional<double> v;
        if (right.endsWith(u'%')) {
            v = number(QStringView(right).chopped(1).trimmed());
            if (v && (*v < 0 || *v > 100))
                v.reset();
            if (v)
                *v /= 100;
        } else {
            v = number(right);
            if (v && (*v < 0 || *v > 1))
                v.reset();
        }
        if (!v) {
            fail(error, QStringLiteral("invalid ratio \"%1\" (expected a percentage from 0% to "
                                       "100% or a fraction from 0 to 1)")
                            .arg(right));
            return std::nullopt;
        }
        t.value = *v;
    } else {
        const auto v = number(right);
        if (!v || *v < 0) {
            fail(error,
                 QStringLiteral("invalid rps \"%1\" (expected a number, at least 0)").arg(right));
            return std::nullopt;
        }
        t.value = *v;
    }
    return t;
}

bool Threshold::passes(double observed) const noexcept {
    if (std::isnan(observed))
        return false;
    switch (op) {
    case Op::Less:
        return observed < value;
    case Op::LessEqual:
        return observed <= value;
    case Op::Greater:
        return observed > value;
    case Op::GreaterEqual:
        return observed >= value;
    }
    return false;
}

bool Threshold::isLatency() const noexcept {
    return metric != Metric::ErrorRate && metric != Metric::CanceledRate && metric != Metric::Rps;
}

bool Threshold::isRatio() const noexcept {
    return metric == Metric::ErrorRate || metric == Metric::CanceledRate;
}

QString Threshold::metricName() const {
    for (const auto& [m, name] : kMetrics) {
        if (m == metric)
            return QString::fromUtf16(name);
    }
    return {};
}

QString Threshold::opText() const {
    switch (op) {
    case Op::Less:
        return QStringLiteral("<");
    case Op::LessEqual:
        return QStringLiteral("<=");
    case Op::Greater:
        return QStringLiteral(">");
    case Op::GreaterEqual:
        return QStringLiteral(">=");
    }
    return {};
}

QString Threshold::observedText(double observed, bool calls) const {
    if (std::isnan(observed)) {
        if (calls && isLatency())
            return QStringLiteral("no latency measured");
        return metric == Metric::CanceledRate ? QStringLiteral("no ticks")
                                              : QStringLiteral("no calls");
    }
    if (isRatio())
        return QString::number(observed * 100, 'g', 6) + QLatin1Char('%');
    if (metric == Metric::Rps)
        return QString::number(observed, 'g', 6) + QStringLiteral("/s");
    return QString::number(observed, 'g', 6) + QStringLiteral("ms");
}

QString thresholdObserved(const QString& expr, double observed, bool calls) {
    const auto t = Threshold::parse(expr);
    return t ? t->observedText(observed, calls) : QString::number(observed, 'g', 6);
}

QString Threshold::toString() const {
    QString valueText;
    if (isLatency())
        valueText = formatDuration(std::chrono::duration_cast<Duration>(
            std::chrono::nanoseconds(std::llround(value * 1e6))));
    else if (isRatio())
        valueText = shortest(value * 100) + u'%';
    else
        valueText = shortest(value);
    QString out = worker.isEmpty() ? QString() : worker + u'.';
    return out + metricName() + u' ' + opText() + u' ' + valueText;
}

} // namespace pusher
